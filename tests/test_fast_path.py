"""The one-file fast path: regexes compiled only when a text could match
them find what compiling them up front finds; nonword's vocabulary read
back from the user cache is the word list it is filtered from."""
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linter import lexicon, regexes
from linter.checks import locale, nonword
from linter.config import Config
from linter.context import Context
from linter.rules import load_rules, shipped_rules_dir

ROOT = Path(__file__).resolve().parent.parent


def locale_check(detect: str) -> locale.Locale:
    (rule,) = [r for r in load_rules([shipped_rules_dir()]) if r.check == "locale" and r.params["detect"] == detect]
    return locale.Locale(rule, Context(Config()))


def test_every_script_is_one_range():
    assert all(len(r) == 3 and r[1] == "-" and r[0] < r[2] for r in locale.SCRIPTS.values())


def test_script_character_test_agrees_with_the_regex_of_the_scripts():
    check = locale_check("untranslated")
    ranges = "".join(locale.SCRIPTS[s] for s in check.options["scripts"])
    first = re.compile(f"[{ranges}]")  # where a match of check.script starts
    rng = random.Random(5)
    edges = [c for lo, hi in check.script_ranges for c in (lo - 1, lo, hi, hi + 1)]
    pool = [*"abc XYZ’“”–é", *map(chr, edges), *(chr(rng.randrange(0x80, 0x30000)) for _ in range(200))]
    pool = [c for c in pool if not 0xD800 <= ord(c) <= 0xDFFF]
    texts = ["", "plain ascii", "Kyiv (Київ)", "東京 Tokyo"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    assert any(first.search(t) for t in texts) and not all(first.search(t) for t in texts)
    for text in texts:
        assert check.has_script_character(text) == bool(first.search(text)), text


def test_lazy_regexes_are_compiled_on_first_use_only():
    check = locale_check("local-time")
    named, _, about, _ = check.zones[0]
    assert named._compiled is None and about._compiled is None
    source = named.source
    assert [m.span() for m in named.finditer("at 9 p.m. x time")] == [
        m.span() for m in re.compile(source).finditer("at 9 p.m. x time")]
    assert named._compiled is not None and named.compiled.pattern == source


def warm_one_file_run(cache, before: str, after: str):
    """A fresh process imports linter.cli, runs `before`, checks seed 004
    in-process, runs `after`; twice in the cache folder given, so the second run (returned)
    finds warm caches."""
    code = (f"import linter.cli\n{before}\n"
            "try:\n    linter.cli.main(['check', '--jobs', '1', 'seeds/004_30d5efec39016882.txt'], standalone_mode=False)\n"
            f"except SystemExit:\n    pass\n{after}")
    env = {**os.environ, "ARTLINT_CACHE": str(cache)}
    env.pop("ARTLINT_NO_CACHE", None)
    for _ in ("fill the caches", "measure"):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    return proc


def test_a_one_file_run_imports_no_importlib_resources(tmp_path):
    """With warm caches (a cold run validates the rules with jsonschema, whose
    schema registry does import importlib.resources)."""
    proc = warm_one_file_run(tmp_path, "import sys", "print('importlib.resources' in sys.modules, "
                             "'zipfile' in sys.modules, file=sys.stderr)")
    assert "findings" in proc.stdout or "no problems" in proc.stdout.lower(), proc.stdout + proc.stderr
    assert proc.stderr.split()[-2:] == ["False", "False"]


# ---- nonword's vocabulary, kept in the user cache -------------------------------

@pytest.fixture
def cache(user_cache):
    nonword.vocabulary_groups.cache_clear()
    yield user_cache
    nonword.vocabulary_groups.cache_clear()


def fresh_vocabulary():
    return [w for w in lexicon.top_n_list(nonword.VOCABULARY_SIZE) if w.isalpha()]


@pytest.mark.parametrize("damage", [None, "garbage", "a changed word", "cut", "empty", "other key"])
def test_cached_vocabulary_is_the_filtered_word_list(cache, damage):
    expected = fresh_vocabulary()
    assert nonword.vocabulary() == expected
    (path,) = cache.glob("vocabulary-*.bin")
    header, _, body = path.read_bytes().partition(b"\n")
    if damage == "garbage":
        path.write_bytes(b"[\x80")
    elif damage == "a changed word":  # same length, the header's digest no longer fits
        k = body.index(b"\n", len(body) // 2) + 1  # the first letter of a word
        changed = body[:k] + (b"x" if body[k:k + 1] != b"x" else b"y") + body[k + 1:]
        assert changed != body
        path.write_bytes(header + b"\n" + changed)
    elif damage == "cut":
        path.write_bytes(header + b"\n" + body[: len(body) // 2])
    elif damage == "empty":
        path.write_bytes(header + b"\n")
    elif damage == "other key":
        path.write_bytes(header.replace(b'"key": "', b'"key": "x') + b"\n" + body)
    nonword.vocabulary_groups.cache_clear()
    assert nonword.vocabulary() == expected and len(expected) > 50_000
    assert path.read_bytes() == header + b"\n" + body  # written again when damaged


def whole_vocabulary_search(word: str, limit: int) -> tuple[str, ...]:
    """nonword.suggestions as it was: one search over the whole vocabulary."""
    from rapidfuzz import distance, process

    lower, vocabulary = word.lower(), fresh_vocabulary()
    near = process.extract(lower, vocabulary, scorer=distance.Levenshtein.distance, score_cutoff=2, limit=20)
    return nonword.finished_suggestions(word, near, limit)  # the search is what changed, not the ordering after it


def test_suggestions_searched_by_length_are_those_of_the_whole_vocabulary(cache):
    """Only the groups within two letters of the word's length are searched:
    the same suggestions in the same order, ties (more than 20 words within
    two edits of a short word) included."""
    import random

    rng, vocabulary = random.Random(7), fresh_vocabulary()
    words = ["rearmail", "Recieve", "teh", "ab", "ths", "xq", "electromobility", "teleclasses"]
    for word in rng.sample(vocabulary, 120):
        i = rng.randrange(len(word))
        words.append(word[:i] + rng.choice("aeiourstxz") + word[i + 1:])
    for word in words:
        for limit in (3, 30):
            nonword.suggestions.cache_clear()
            assert nonword.suggestions(word, limit) == whole_vocabulary_search(word, limit), word
    nonword.suggestions.cache_clear()


def test_vocabulary_with_an_unwritable_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARTLINT_CACHE", str(blocker))
    nonword.vocabulary_groups.cache_clear()
    try:
        assert nonword.vocabulary() == fresh_vocabulary()
    finally:
        nonword.vocabulary_groups.cache_clear()


# ---- compiled regexes kept as base64 of their code words ----------------------

BIG = "(?:" + "|".join(f"w{i}ord" for i in range(800)) + r")(?P<tail>\s+[A-Z]\w+)?"


@pytest.mark.parametrize("damage", [None, "cut at a word", "cut inside a word", "not base64"])
def test_packed_regex_code_round_trips_and_damage_is_refused(cache, damage):
    expected = re.compile(BIG, re.IGNORECASE)
    regexes.compile_cached(BIG, re.IGNORECASE)
    (path,) = cache.glob("regex-*.json")
    found = json.loads(path.read_text(encoding="utf-8"))
    code = found["data"]["code"]
    assert isinstance(code, str) and regexes.unpacked_code(code) == list(expected_code(BIG, re.IGNORECASE))
    if damage:
        words = regexes.unpacked_code(code)
        found["data"]["code"] = {"cut at a word": regexes.packed_code(words[:len(words) // 2]),
                                 "cut inside a word": code[:len(code) // 2 + 1],
                                 "not base64": "*" + code[1:]}[damage]
        path.write_text(json.dumps(found), encoding="utf-8")
    warm = regexes.compile_cached(BIG, re.IGNORECASE)
    text = "xx W799ORD Jones and w3ord, w5ordw6ord"
    assert [(m.span(), m.groups()) for m in warm.finditer(text)] == [(m.span(), m.groups()) for m in expected.finditer(text)]
    assert warm.groupindex == expected.groupindex


def expected_code(pattern, flags):
    from re import _compiler, _parser

    return _compiler._code(_parser.parse(pattern, flags), flags)


def test_a_one_file_run_does_no_cyclic_garbage_collection(tmp_path):
    """`check` raises the collector's first threshold: the set-up's long-lived
    objects (rules, indexes, caches read back) are not walked again and again.
    With warm caches a one-file run allocates fewer than 100,000 objects."""
    proc = warm_one_file_run(tmp_path, "import gc, sys\nruns = []\n"
                             "gc.callbacks.append(lambda phase, info: runs.append(info['generation']) "
                             "if phase == 'start' else None)",
                             "print(gc.get_threshold()[0], len(runs), file=sys.stderr)")
    assert "findings" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stderr.split()[-2:] == ["100000", "0"], proc.stderr


# ---- a check run as the program ends without the interpreter's tear-down ---------

SEED = "seeds/004_30d5efec39016882.txt"
WITNESS = ("import atexit, sys, threading\n"
           "class Witness:\n"
           "    def __del__(self):\n"
           "        sys.stderr.write('torn down\\n')\n"
           "witness = Witness()  # a global of __main__: freed by the tear-down only\n"
           "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n")


def as_program(code: str, *args, cache=None):
    """`code`, then linter.cli.main() reading `args` from sys.argv, as the
    `artlint` script and `python -m linter` call it."""
    program = f"{code}\nimport sys\nsys.argv = ['artlint', *{list(map(str, args))!r}]\nimport linter.cli\nlinter.cli.main()\n"
    env = {**os.environ, **({"ARTLINT_CACHE": str(cache)} if cache else {})}
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, env=env)


def test_a_check_ends_its_process_whole_but_without_tear_down(tmp_path):
    called = ("import sys, linter.cli\ntry:\n"
              f"    linter.cli.main(['check', '--format', 'json', {SEED!r}])\n"
              "except SystemExit as exc:\n    print('status', exc.code, file=sys.stderr)\n")
    reference = subprocess.run([sys.executable, "-c", called], capture_output=True, text=True, cwd=ROOT,
                               env={**os.environ, "ARTLINT_CACHE": str(tmp_path / "ref")})
    assert reference.stderr.strip().endswith("status 1"), reference.stderr  # called with arguments: SystemExit
    proc = as_program(WITNESS, "check", "--format", "json", SEED, cache=tmp_path / "cache")
    assert proc.returncode == 1
    assert proc.stdout == reference.stdout and json.loads(proc.stdout)["findings"]
    assert proc.stderr == "atexit ran\n"  # and no "torn down"
    # the user cache is written by atexit handlers: a cold run still leaves it
    written = tmp_path / "cache" / "artlint"
    assert list(written.glob("patterns-*.json")) and (written / "file-digests.json").exists()


def test_other_commands_and_a_running_thread_get_the_usual_exit(tmp_path):
    rules = as_program(WITNESS, "rules", "--category", "fact")
    assert rules.returncode == 0 and "fact.stale-title" in rules.stdout
    assert rules.stderr == "atexit ran\ntorn down\n"
    thread = ("import time, linter.cli, linter.checkrun\n"  # a thread that is still running when the report is out
              "written, emit = threading.Event(), linter.checkrun.emit\n"
              "linter.checkrun.emit = lambda *a, **k: (emit(*a, **k), written.set())\n"
              "threading.Thread(target=lambda: (written.wait(), time.sleep(1), sys.stderr.write('thread done\\n'))).start()\n")
    proc = as_program(WITNESS + thread, "check", "--format", "json", SEED, cache=tmp_path)
    assert proc.returncode == 1 and json.loads(proc.stdout)["findings"]
    assert proc.stderr == "thread done\natexit ran\ntorn down\n"  # joined, as the interpreter does


def test_a_profiled_check_still_writes_its_profile(tmp_path):
    out = tmp_path / "run.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "linter", "check", "--format",
                           "json", SEED], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "ARTLINT_CACHE": str(tmp_path)})
    assert json.loads(proc.stdout)["findings"]  # (cProfile's own status is 0: it catches SystemExit)
    import pstats

    assert any(name == "end_process" for _, _, name in pstats.Stats(str(out)).stats)


def test_a_status_that_is_no_number_and_a_stream_that_cannot_be_flushed_take_the_usual_exit():
    from linter import cli

    for code in ("a message", 1.5, True):
        cli.end_process(code)  # returns: the interpreter prints the message or treats the value itself
    closed = sys.stdout.__class__(open(os.devnull, "wb"))
    closed.close()
    real, sys.stdout = sys.stdout, closed
    try:
        cli.end_process(0)  # the flush raises ValueError: returned, the usual exit reports it
    finally:
        sys.stdout = real


def test_key_gram_is_the_first_rarest_trigram():
    """regexes._key_gram (a sliding sum of weights) picks what
    max(trigrams, key=_rarity) picks, ties and characters outside the
    frequency list included."""
    rng = random.Random(9)
    pool = [*" etaoinsrhldcumfpgwybvkxjqz", *"’©.-0123456789ß", "İ", "\u212a"]
    texts = ["abc", "aaaa", "zzzzzz", "the same the same", "qqq eee qqq"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(3, 40))) for _ in range(5000)]
    for text in texts:
        grams = [text[i:i + 3] for i in range(len(text) - 2)]
        assert regexes._key_gram(text) == max(grams, key=regexes._rarity), text


def test_a_pyproject_is_parsed_whenever_it_could_define_tool_artlint(tmp_path):
    """config.could_hold_artlint_table only spares tomllib texts that cannot
    define tool.artlint: has_artlint_table says what parsing them said
    (a file without the word "artlint" was never parsed)."""
    import tomllib

    from linter.config import could_hold_artlint_table, has_artlint_table

    texts = [
        '[project]\nname = "x"\ndependencies = ["artlint>=0.1"]\n',
        '[project]\nname = "artlint"\n[tool.setuptools]\npackages = ["linter"]\n',
        "[tool.artlint]\nfail_level = 'info'\n", "[ tool . artlint ]\nselect = []\n", '["tool"."artlint"]\n',
        "[ 'tool' . \"artlint\" . severity ]\nx = 'info'\n", "[tool.artlint.severity]\nstyle = 'info'\n",
        "tool.artlint.select = ['style']\n", "tool . artlint = {select = []}\n", '"tool".artlint = {}\n',
        "[tool]\nartlint = {select = []}\n", "[tool]\nartlint.select = []\n", "[ tool ]\n'artlint' = {}\n",
        "tool = {artlint = {select = []}}\n", "tool={ artlint={} }\r\n", '[tool]\n"\\u0061rtlint" = {}\n',
        '"\\u0074ool".artlint = {}\n', "[[tool]]\nartlint = 1\n", "[tool.black]\nartlint = 1\n",
        "[project]\ntool = 'artlint'\n", "# tool.artlint in a comment\n[project]\nname = 'artlint'\n",
        "[project]\ndescription = '''\n[tool]\nartlint\n'''\n",
    ]
    for n, text in enumerate(texts):
        path = tmp_path / f"{n}.toml"
        path.write_text(text, encoding="utf-8")
        parsed = tomllib.loads(text).get("tool", {})
        expected = "artlint" in text and isinstance(parsed, dict) and "artlint" in parsed  # as before the prefilter
        assert has_artlint_table(path) == expected, text
    assert not could_hold_artlint_table(texts[0]) and not could_hold_artlint_table(texts[1])
