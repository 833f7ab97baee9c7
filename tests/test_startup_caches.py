"""The caches of a one-file run (validated rules, the title index's regex
sources, compiled big regexes, the boilerplate wording checks): each gives
back exactly what building from the sources gives, is ignored when it does
not match, and costs only time when it cannot be read or written."""
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter import regexes, rules
from linter.checks import titles
from linter.knowledge import KnowledgeBase
from linter.records import FrozenInstanceError
from linter.rules import KNOWLEDGE_DIR, load_rules, shipped_rules_dir

ROOT = Path(__file__).resolve().parent.parent


def rule_cache_files(user_cache):
    return sorted(user_cache.glob("rules-*.json"))


def test_cached_rules_equal_the_loaded_ones(user_cache):
    first = load_rules([shipped_rules_dir()])
    assert len(rule_cache_files(user_cache)) == 1
    again = load_rules([shipped_rules_dir()])
    assert again == first and [r.id for r in again] == [r.id for r in first]


def test_a_warm_run_reads_no_yaml_nor_schemas(user_cache):
    code = ("import sys; from linter.rules import load_rules, shipped_rules_dir; load_rules([shipped_rules_dir()]); "
            "print('yaml' in sys.modules, 'jsonschema' in sys.modules)")
    env = {**os.environ, "ARTLINT_CACHE": str(user_cache.parent)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert cold.stdout.split() == ["True", "True"]
    assert warm.stdout.split() == ["False", "False"]


def copy_pack(tmp_path) -> Path:
    pack = tmp_path / "pack" / "custom"
    pack.mkdir(parents=True)
    shutil.copy(shipped_rules_dir() / "style" / "place-names.yaml", pack / "places.yaml")
    return pack.parent


def test_an_edited_rule_file_is_read_again(user_cache, tmp_path):
    folder = copy_pack(tmp_path)
    before = {r.id: r for r in load_rules([folder])}["custom.places"]
    path = folder / "custom" / "places.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(before.message, "Changed: {match}"), encoding="utf-8")
    after = {r.id: r for r in load_rules([folder])}["custom.places"]
    assert after.message == "Changed: {match}" != before.message


def test_a_bad_rule_is_never_cached(user_cache, tmp_path):
    folder = copy_pack(tmp_path)
    path = folder / "custom" / "places.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(rules.LintError, match="unknown field 'unknown_field'"):
            load_rules([folder])
    assert rule_cache_files(user_cache) == []


@pytest.mark.parametrize("damage", ["garbage", "wrong type", "missing field"])
def test_a_damaged_rules_cache_is_ignored(user_cache, damage):
    expected = load_rules([shipped_rules_dir()])
    (path,) = rule_cache_files(user_cache)
    data = json.loads(path.read_text(encoding="utf-8"))
    if damage == "garbage":
        path.write_bytes(b"\x80not json")
    else:
        if damage == "wrong type":
            data["data"][0]["severity"] = 3
        else:
            del data["data"][0]["message"]
        path.write_text(json.dumps(data), encoding="utf-8")
    assert load_rules([shipped_rules_dir()]) == expected


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARTLINT_CACHE", str(blocker))
    assert [r.id for r in load_rules([shipped_rules_dir()])] == [r.id for r in rules.load_rules([shipped_rules_dir()])]
    assert titles.TitleIndex(KnowledgeBase.load([shipped_rules_dir() / KNOWLEDGE_DIR])).names is not None


# ---- compiled regexes -------------------------------------------------------

BIG = "(?:" + "|".join(f"w{i}ord" for i in range(800)) + r")(?P<tail>\s+[A-Z]\w+)?"
SAMPLES = ["w12ord Smith", "xx W799ORD Jones and w3ord", "no match here", "w5ordw6ord"]


def same_regex(a: re.Pattern, b: re.Pattern) -> bool:
    return (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex) and all(
        [(m.span(), m.groups()) for m in a.finditer(t)] == [(m.span(), m.groups()) for m in b.finditer(t)]
        for t in SAMPLES)


def test_compile_cached_equals_re_compile_cold_and_warm(user_cache):
    expected = re.compile(BIG, re.IGNORECASE)
    cold = regexes.compile_cached(BIG, re.IGNORECASE)
    assert len(list(user_cache.glob("regex-*.json"))) == 1
    warm = regexes.compile_cached(BIG, re.IGNORECASE)
    assert same_regex(cold, expected) and same_regex(warm, expected)


@pytest.mark.parametrize("damage", ["garbage", "bad code", "short code"])
def test_damaged_compiled_regex_is_refused(user_cache, damage):
    regexes.compile_cached(BIG, re.IGNORECASE)
    (path,) = user_cache.glob("regex-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if damage == "garbage":
        path.write_text("{", encoding="utf-8")
    else:
        code = data["data"]["code"]
        data["data"]["code"] = [random.Random(3).randrange(256) for _ in code] if damage == "bad code" else code[:40]
        path.write_text(json.dumps(data), encoding="utf-8")
    assert same_regex(regexes.compile_cached(BIG, re.IGNORECASE), re.compile(BIG, re.IGNORECASE))


# ---- the title index ----------------------------------------------------------

def test_cached_title_index_is_what_the_knowledge_base_builds(user_cache):
    kb = KnowledgeBase.load([shipped_rules_dir() / KNOWLEDGE_DIR])
    titles.TitleIndex(kb)  # writes the caches
    kb = KnowledgeBase.load([shipped_rules_dir() / KNOWLEDGE_DIR])
    index = titles.TitleIndex(kb)  # reads them
    fresh = titles.pattern_sources(kb, index.name_people)
    assert {name: getattr(index, name).pattern for name in fresh} == fresh
    assert list(user_cache.glob("titles-*.json"))
    # every known name is found as a name, every title as a title before one
    missing = [n for n in index.name_people if not index.names.fullmatch(n)]
    assert not missing
    every_title = {t for o in kb.offices.values() for t in o.titles}
    unseen = [t for t in every_title if not (m := index.before.search(f"said former {t} "))
              or not t.endswith(m.group("title")) or m.start() != len("said ")]
    assert not unseen and len(every_title) > 50


# ---- the boilerplate wording test ------------------------------------------------

def test_ascii_folds_are_every_non_ascii_letter_that_matches_ascii_ignoring_case():
    import regex

    printable = "[ -~]"
    both = [re.compile(printable, re.IGNORECASE), regex.compile(printable, regex.IGNORECASE)]
    found = {chr(cp) for cp in range(128, 0x30000) if any(p.fullmatch(chr(cp)) for p in both)}
    assert found == {chr(c) for c in regexes.ASCII_FOLDS}
    for char in found:  # each folds to the letter it matches
        assert re.fullmatch(regexes.folded(char), char, re.IGNORECASE) or regex.fullmatch(
            regexes.folded(char), char, regex.IGNORECASE)


def boilerplate_texts():
    texts = []
    for rule in load_rules([shipped_rules_dir()]):
        for items in rule.examples.values():
            texts += [item if isinstance(item, str) else item["text"] for item in items]
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt")):
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    texts = [t for t in texts if t.strip()]
    odd = [t.upper() for t in texts[:200]] + [t.replace("s", "\u017f").replace("k", "\u212a") for t in texts[:200]]
    return texts + odd


def test_wording_finds_what_the_alternation_of_its_patterns_finds(user_cache):
    import regex

    from linter.checks.boilerplate import compile_patterns

    texts = boilerplate_texts()
    families = [r for r in load_rules([shipped_rules_dir()]) if r.check == "boilerplate" and r.params.get("patterns")]
    assert len(families) > 10 and len(texts) > 500
    for rule in families:
        patterns = rule.params["patterns"]
        joined = regex.compile("|".join(f"(?:{p})" for p in patterns), regex.IGNORECASE)
        for wording in (compile_patterns(rule.path, patterns), compile_patterns(rule.path, patterns)):  # cold, warm
            for text in texts:
                want, got = joined.search(text), wording.search(text)
                assert (want and (want.span(), want.group())) == (got and (got.span(), got.group())), (rule.id, text)


def test_required_literals_and_prefixes_hold_for_every_match():
    import regex

    texts = boilerplate_texts()
    patterns = [p for r in load_rules([shipped_rules_dir()]) if r.check == "boilerplate" for p in r.params.get("patterns", ())]
    tested = 0
    for pattern in patterns:
        starts = regexes.required_prefixes(pattern, re.IGNORECASE)
        needed = regexes.required_literals(pattern, re.IGNORECASE)
        compiled = regex.compile(pattern, regex.IGNORECASE)
        for text in texts:
            if compiled.search(text):
                low = regexes.folded(text)
                assert starts is None or low.startswith(starts), (pattern, text)
                assert needed is None or all(any(n in low for n in group) for group in needed), (pattern, text)
                tested += 1
    assert tested > 100
    assert regexes.required_literals(r"(?:x?)|(?:abc)") is None
    assert regexes.required_literals(r"\b(?:tap|click) (?:here|below)\b") == (("click", "tap"), (" ",), ("below", "here"))
    assert regexes.required_prefixes(r"(?m)^abc") is None and regexes.required_prefixes(r"^(?:ab|cd)e") == ("ab", "cd")


# ---- the small regexes of a run, in one sealed file (linter.regexcache) --------

SMALL = [  # (pattern, flags) of the kinds a run compiles: module patterns, phrase lists, rules' regexes
    (r"[^\W_](?:[\w]|['’\-‐](?=[^\W_]))*", 0),
    (r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)", 0),
    (r"(?<![\w-])Kiev(?![\w-])|(?<![\w-])Odessa(?![\w-])", re.IGNORECASE),
    (r"^(?:\d+ )?comments?\W*(?:\(\+?\d*\))?\W*$", re.IGNORECASE | re.MULTILINE),
    (r"\b(?-i:AP|AFP)(?: photo)?$", re.IGNORECASE),
    ("©", 0),
]
TEXTS = ["Kiev 2024-05 and ODESSA, 1999-12", "12 comments (+3)\nno", "Photo: AP photo", "© 2024 x_y it's",
         "nothing here"]


@pytest.fixture
def bundle(user_cache):
    from linter import regexcache

    regexcache.reset()
    yield user_cache
    regexcache.reset()


def matches(regex, texts=TEXTS):
    return [[(m.span(), m.groups()) for m in regex.finditer(t)] for t in texts]


def same_user_regex(a, b) -> bool:
    return (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex) and \
        matches(a) == matches(b)


def bundle_file(user_cache) -> Path:
    (path,) = user_cache.glob("patterns-*.json")
    return path


def compile_all_and_save():
    from linter import regexcache

    found = [regexcache.compiled(p, f) for p, f in SMALL], [regexcache.compiled_user(p, f) for p, f in SMALL]
    regexcache.save()
    return found


def test_small_regexes_from_the_bundle_are_what_both_engines_compile(bundle):
    import regex

    from linter import regexcache

    cold_re, cold_user = compile_all_and_save()
    assert bundle_file(bundle).exists()
    regexcache.reset()
    warm_re, warm_user = [regexcache.compiled(p, f) for p, f in SMALL], [regexcache.compiled_user(p, f) for p, f in SMALL]
    assert regexcache._state["used"] and not regexcache._state["new"]  # all read back, nothing to write
    for (p, f), cold, warm in zip(SMALL, cold_re, warm_re):
        assert same_regex(cold, re.compile(p, f)) and same_regex(warm, re.compile(p, f))
        assert matches(warm) == matches(re.compile(p, f))
    for (p, f), cold, warm in zip(SMALL, cold_user, warm_user):
        expected = regex.compile(p, f)
        assert same_user_regex(cold, expected) and same_user_regex(warm, expected)
        assert warm._pickled_data == expected._pickled_data


def test_checked_only_regexes_are_not_kept(bundle):
    from linter import regexcache

    regexes.user_regex("(?:a+)|(?:b+)", re.IGNORECASE, keep=False)
    regexcache.save()
    assert not list(bundle.glob("patterns-*.json"))


def rewrite_body(path: Path, change) -> None:
    """Change the data line of a sealed file and seal it again (a file the
    digest does not catch: only the engines and the checks here can)."""
    from linter.cache import seal

    header, _, body = path.read_bytes().partition(b"\n")
    data = change(json.loads(body))
    body = json.dumps(data).encode()
    head = {**json.loads(header), **seal(body)}
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)


@pytest.mark.parametrize("damage", ["a changed byte", "cut", "one byte more", "sealed for other data"])
def test_a_sealed_file_gives_back_only_the_body_it_was_sealed_with(tmp_path, damage):
    """Damage that still parses (a letter changed, a cut or lengthened body)
    is refused by the seal itself, not left to what reads the body."""
    from linter.cache import read_sealed_bytes, seal, write_sealed_bytes

    path, body = tmp_path / "sealed.txt", "\n".join(f"word{i}" for i in range(500)).encode()
    write_sealed_bytes(path, "k", body)
    assert read_sealed_bytes(path, "k") == body
    assert read_sealed_bytes(path, "another key") is None
    raw = path.read_bytes()
    header, _, _ = raw.partition(b"\n")
    if damage == "a changed byte":
        damaged = raw[:-100] + (b"x" if raw[-100:-99] != b"x" else b"y") + raw[-99:]
    elif damage == "cut":
        damaged = raw[:-6]
    elif damage == "one byte more":
        damaged = raw + b"s"
    else:  # a header whose length fits the body but whose CRC-32 is another body's
        other = body.replace(b"word1", b"word2")
        damaged = json.dumps({**json.loads(header), **seal(other)}).encode() + b"\n" + body
    path.write_bytes(damaged)
    assert read_sealed_bytes(path, "k") is None


@pytest.mark.parametrize("damage", ["garbage", "a changed byte", "cut", "bad re code", "wrong field types",
                                    "another regex module", "bad regex data"])
def test_a_damaged_bundle_is_never_used(bundle, damage):
    import regex

    from linter import regexcache

    compile_all_and_save()
    path = bundle_file(bundle)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x80 not a header\n{")
    elif damage == "a changed byte":  # the code of a pattern changed: the digest no longer fits
        k = raw.index(b'"re":') + 200
        path.write_bytes(raw[:k] + bytes([raw[k] ^ 1]) + raw[k + 1:])
    elif damage == "cut":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "bad re code":  # sealed again: _sre.compile refuses the code
        rewrite_body(path, lambda d: {**d, "re": {k: [v[0], "AAAAAAAAAAA=", *v[2:]] for k, v in d["re"].items()}})
    elif damage == "wrong field types":
        rewrite_body(path, lambda d: {**d, "re": {k: ["32", *v[1:]] for k, v in d["re"].items()},
                                      "regex": {**d["regex"], "entries": {k: ["x", *v[1:]] for k, v in
                                                                          d["regex"]["entries"].items()}}})
    elif damage == "another regex module":  # entries written by another build are dropped, not run
        rewrite_body(path, lambda d: {**d, "regex": {**d["regex"], "stamp": "another build"}})
    else:
        rewrite_body(path, lambda d: {**d, "regex": {**d["regex"], "entries": {
            k: [*v[:7], "seven"] for k, v in d["regex"]["entries"].items()}}})
    regexcache.reset()
    for p, f in SMALL:
        assert same_regex(regexcache.compiled(p, f), re.compile(p, f))
        assert same_user_regex(regexcache.compiled_user(p, f), regex.compile(p, f))
    if damage in ("garbage", "a changed byte", "cut", "another regex module"):
        assert regexcache._state["new"]  # compiled from the sources, to be written again


def test_the_bundle_is_written_at_exit_once_and_only_when_it_changed(user_cache):
    code = "import linter.regexcache as r, re; r.compiled(r'x+y', re.I); r.compiled(r'[ab]{2}')"
    env = {**os.environ, "ARTLINT_CACHE": str(user_cache.parent)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    path = bundle_file(user_cache)
    first = path.stat().st_mtime_ns, path.read_bytes()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == first  # nothing new: not written
    subprocess.run([sys.executable, "-c", code + "; r.compiled(r'new\\d')"], check=True, env=env, cwd=ROOT)
    assert b"new\\\\d" in path.read_bytes() and b"x+y" in path.read_bytes()


def test_a_warm_one_file_run_imports_neither_hashlib_nor_html(user_cache):
    code = ("import sys, linter.cli\n"
            "try:\n    linter.cli.main(['check', '--jobs', '1', 'seeds/004_30d5efec39016882.txt'], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print('hashlib' in sys.modules, 'html' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "ARTLINT_CACHE": str(user_cache.parent)}
    for _ in ("fill the caches", "measure"):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.stderr.split()[-2:] == ["False", "False"], proc.stderr


# ---- file digests remembered by file status (cache.file_digest) ----------------

@pytest.fixture
def digests(user_cache, monkeypatch):
    from linter import cache

    monkeypatch.setattr(cache, "_digests", {"loaded": False, "known": {}, "new": False})
    return cache


def test_a_just_changed_file_is_not_remembered(digests, tmp_path):
    new = tmp_path / "new.txt"
    new.write_text("just written", encoding="utf-8")
    assert digests.file_digest(new)[2] == digests.sha256(b"just written").hexdigest()
    assert str(new) not in digests._digests["known"]  # changed too recently to trust its status
    new.write_text("just writtex", encoding="utf-8")  # same size, same clock tick maybe
    os.utime(new, ns=(os.stat(new).st_atime_ns, os.stat(new).st_mtime_ns))
    assert digests.file_digest(new)[2] == digests.sha256(b"just writtex").hexdigest()


def test_a_remembered_status_is_used_until_the_file_changes(digests, tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(digests, "RACY_SECONDS", -60.0)  # every file counts as settled
    path = tmp_path / "rule.yaml"
    path.write_text("one", encoding="utf-8")
    first = digests.content_key("label", [path])
    assert str(path) in digests._digests["known"]
    digests._digests["known"][str(path)][5] = "0" * 64  # what is remembered is what is used...
    assert digests.content_key("label", [path]) != first
    time.sleep(0.05)  # past one tick of the file system's clock (the racy case is the test above)
    mtime = os.stat(path).st_mtime_ns
    path.write_text("two", encoding="utf-8")  # ...until the file changes: same size, same mtime, a new ctime
    os.utime(path, ns=(mtime, mtime))
    assert digests.file_digest(path)[2] == digests.sha256(b"two").hexdigest()


@pytest.mark.parametrize("damage", ["garbage", "short entry", "a string size", "too many"])
def test_a_damaged_digest_file_is_ignored(digests, tmp_path, monkeypatch, damage):
    monkeypatch.setattr(digests, "RACY_SECONDS", -60.0)
    path = tmp_path / "rule.yaml"
    path.write_text("content", encoding="utf-8")
    digests.file_digest(path)
    digests.save_digests()
    where = digests.cache_file("file-digests.json")
    data = json.loads(where.read_text(encoding="utf-8"))
    entry = data["data"][str(path)]
    if damage == "garbage":
        where.write_bytes(b"\x80")
    else:
        if damage == "short entry":
            data["data"][str(path)] = entry[:5]
        elif damage == "a string size":
            data["data"][str(path)] = [str(entry[0]), *entry[1:]]
        else:
            data["data"].update({f"/x/{n}": entry for n in range(digests.DIGESTS_MAX + 1)})
        where.write_text(json.dumps(data), encoding="utf-8")
    digests._digests.update(loaded=False, known={}, new=False)
    assert str(path) not in digests._known_digests()  # the damaged entry (or file) is dropped...
    assert digests.file_digest(path)[2] == digests.sha256(b"content").hexdigest()  # ...and the file hashed


# ---- the knowledge base as rows of field values -----------------------------------

def kb_cache(user_cache) -> Path:
    (path,) = user_cache.glob("knowledge-*.json")
    return path


@pytest.mark.parametrize("damage", ["short row", "a bad date", "a tuple that is no list", "an id that is no string",
                                    "a term row cut", "a section missing"])
def test_a_damaged_knowledge_row_means_a_rebuild(user_cache, damage):
    dirs = [shipped_rules_dir() / KNOWLEDGE_DIR]
    fresh = KnowledgeBase.load(dirs, use_cache=False)
    KnowledgeBase.load(dirs)
    path = kb_cache(user_cache)
    data = json.loads(path.read_text(encoding="utf-8"))
    state = data["data"]
    office = next(o for o in state["offices"] if o[6])
    if damage == "short row":
        state["people"][3] = state["people"][3][:-1]
    elif damage == "a bad date":
        office[6][0][2] = "2024-13-45"
    elif damage == "a tuple that is no list":
        state["people"][0][2] = "an alias"
    elif damage == "an id that is no string":
        state["jurisdictions"][0][0] = 7
    elif damage == "a term row cut":
        office[6][0] = office[6][0][:3]
    else:
        del state["offices"]
    path.write_text(json.dumps(data), encoding="utf-8")
    kb = KnowledgeBase.load(dirs)
    assert kb.people == fresh.people and kb.jurisdictions == fresh.jurisdictions
    assert {k: (v, v.holders) for k, v in kb.offices.items()} == {k: (v, v.holders) for k, v in fresh.offices.items()}
    assert json.loads(path.read_text(encoding="utf-8"))["data"] != state  # rebuilt and written again


def test_cached_knowledge_is_the_loaded_knowledge_with_shared_terms(user_cache):
    dirs = [shipped_rules_dir() / KNOWLEDGE_DIR]
    fresh = KnowledgeBase.load(dirs, use_cache=False)
    KnowledgeBase.load(dirs)
    kb = KnowledgeBase.load(dirs)  # from the rows
    assert kb.people == fresh.people and kb.errors == fresh.errors
    assert all(type(p.aliases) is tuple and (p.died is None or hasattr(p.died, "year")) for p in kb.people.values())
    assert all(kb.terms_of(p) == fresh.terms_of(p) for p in fresh.people)
    term = next(t for o in kb.offices.values() for t in o.holders)
    assert any(t is term for t in kb.terms_of(term.person))  # one object, as loading builds it
    with pytest.raises(FrozenInstanceError):
        term.start = None


# ---- the title index's tables, nonword's name words ---------------------------------

def old_tables(kb):
    """The lookups as TitleIndex built them before they were cached."""
    title_offices, quals, name_people, full_names = {}, {}, {}, set()
    for office in kb.offices.values():
        for title in office.titles:
            title_offices.setdefault(titles.norm(title), []).append(office)
    for j in kb.jurisdictions.values():
        for form in (*j.names, *j.demonyms):
            quals[titles.norm(form)] = j.id
        for n in j.names:
            for s in ("'s", "’s"):
                quals[titles.norm(n + s)] = j.id
    for p in kb.people.values():
        for n in p.names:
            name_people.setdefault(n, set()).add(p.id)
            full_names.add(n)
        for s in p.surnames:
            name_people.setdefault(s, set()).add(p.id)
    return title_offices, quals, name_people, full_names


@pytest.mark.parametrize("damage", [None, "unknown office", "a set that is no list", "a field missing",
                                    "an office id that is no string", "a name id that is no string",
                                    "title words that are no strings"])
def test_cached_title_tables_are_what_the_knowledge_base_gives(user_cache, damage):
    kb = KnowledgeBase.load([shipped_rules_dir() / KNOWLEDGE_DIR])
    titles.TitleIndex(kb)
    if damage:
        (path,) = user_cache.glob("titles-*.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        tables = data["data"]
        if damage == "unknown office":
            next(iter(tables["offices"].values())).append("no-such-office")
        elif damage == "a set that is no list":
            tables["people"][next(iter(tables["people"]))] = "someone"
        elif damage == "an office id that is no string":
            next(iter(tables["offices"].values())).append(["us-president"])
        elif damage == "a name id that is no string":
            next(iter(tables["people"].values())).append(7)
        elif damage == "title words that are no strings":
            tables["title_words"][0] = [["president"]]
        else:
            del tables["quals"]
        path.write_text(json.dumps(data), encoding="utf-8")
    index = titles.TitleIndex(kb)
    title_offices, quals, name_people, full_names = old_tables(kb)
    assert index.title_offices == title_offices and index.quals == quals
    assert index.name_people == name_people and index.full_names == full_names
    every_title = sorted({t for office in kb.offices.values() for t in office.titles})
    assert index.title_words == [sorted(regexes.needed_words(t, True)) for t in every_title]
    assert {n: getattr(index, n).pattern for n in titles.SOURCE_NAMES} == titles.pattern_sources(kb, name_people)


@pytest.mark.parametrize("damage", [None, "garbage", "not strings"])
def test_cached_name_words_are_the_words_of_every_name(user_cache, damage):
    from linter import lexicon
    from linter.checks import nonword

    kb = KnowledgeBase.load([shipped_rules_dir() / KNOWLEDGE_DIR])
    expected = frozenset(t.text.lower() for p in kb.people.values() for n in p.names for t in lexicon.tokens(n))
    assert nonword.cached_name_words(kb) == expected
    (path,) = user_cache.glob("name-words-*.json")
    if damage == "garbage":
        path.write_bytes(b"\x80")
    elif damage:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["data"][0] = 3
        path.write_text(json.dumps(data), encoding="utf-8")
    assert nonword.cached_name_words(kb) == expected and len(expected) > 1000


def test_a_warm_run_runs_the_rules_regexes_without_importing_the_regex_package(user_cache):
    code = ("import sys, linter.cli\n"
            "try:\n    linter.cli.main(['check', '--jobs', '1', '--format', 'json', 'seeds/004_30d5efec39016882.txt'],"
            " standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print('regex' in sys.modules, 'regex._regex' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "ARTLINT_CACHE": str(user_cache.parent)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
            for _ in ("fill the caches", "measure")]
    assert runs[0].stderr.split()[-2:] == ["True", "True"]  # compiled from the sources: the package
    assert runs[1].stderr.split()[-2:] == ["False", "True"], runs[1].stderr  # read back: its C engine alone
    assert json.loads(runs[1].stdout) == json.loads(runs[0].stdout)


def test_a_pattern_from_the_engine_alone_matches_and_expands_as_the_package_does(user_cache):
    code = ("import sys, json, linter.regexcache as r\n"
            "p = r.compiled_user(r'(?P<a>\\w+) (\\w+)', 2)\n"
            "m = p.search('Hello World and more', timeout=1.0)\n"
            "before = 'regex' in sys.modules\n"
            "print(json.dumps([before, m.span(), m.groups(), m.group('a'), m.expand(r'\\2 \\g<a>'),"
            " [x.span() for x in p.finditer('a b c d', timeout=1.0)]]))")
    env = {**os.environ, "ARTLINT_CACHE": str(user_cache.parent)}
    cold, warm = (json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                            cwd=ROOT, env=env).stdout) for _ in range(2))
    assert cold[0] is True and warm[0] is False  # the second run read the pattern back
    assert cold[1:] == warm[1:] == [[0, 11], ["Hello", "World"], "Hello", "World Hello", [[0, 3], [4, 7]]]


def test_a_regex_module_that_cannot_be_told_is_never_read_back(bundle, monkeypatch):
    import regex

    from linter import regexcache

    compile_all_and_save()
    regexcache.reset()
    monkeypatch.setattr(regexcache, "regex_files", lambda: None)
    for p, f in SMALL:
        assert same_user_regex(regexcache.compiled_user(p, f), regex.compile(p, f))
    assert not regexcache._state["used"] and not regexcache._state["new"]


@pytest.mark.parametrize("damage", [None, "wrong length", "not strings"])
def test_boilerplate_literal_tests_kept_with_the_patterns_are_what_the_patterns_give(bundle, damage):
    from linter import regexcache
    from linter.checks import boilerplate

    patterns = (r"^(?:\[\s*)?(?:related|read more)\b\W*$", r"\bcookies?\b", "©", r"^share on (?:facebook|x)$")
    fresh = tuple((regexes.required_prefixes(p, re.IGNORECASE), regexes.required_literals(p, re.IGNORECASE))
                  for p in patterns)
    assert boilerplate.checked_literals("rule.yaml", patterns) == fresh
    regexcache.save()
    if damage:
        def change(data):
            (name,) = [k for k in data["data"] if k.startswith("wording ")]
            data["data"][name] = data["data"][name][:-1] if damage == "wrong length" else [[[3], None]] * len(patterns)
            return data

        rewrite_body(bundle_file(bundle), change)
    regexcache.reset()
    assert boilerplate.checked_literals("rule.yaml", patterns) == fresh
    assert bool(regexcache._state["new"]) == bool(damage)  # a damaged entry is computed and kept again


def test_the_bundle_keeps_only_the_last_runs_patterns_once_it_is_full(bundle, monkeypatch):
    from linter import regexcache

    monkeypatch.setattr(regexcache, "BUNDLE_MAX", 8)
    for n in range(6):
        regexcache.compiled(f"old{n}+")
    regexcache.save()
    regexcache.reset()
    for n in range(4):
        regexcache.compiled(f"new{n}+")
    regexcache.compiled("old0+")  # read back, so used by this run
    regexcache.save()  # 10 entries > 8: only this run's are kept
    regexcache.reset()
    regexcache._load()
    assert sorted(regexcache._state["re"]) == sorted([f"0:new{n}+" for n in range(4)] + ["0:old0+"])


def test_a_bundle_over_the_limit_is_cut_to_the_next_runs_patterns(bundle, monkeypatch):
    from linter import regexcache

    for n in range(12):  # a process that compiled many (a test run): all of them its own
        regexcache.compiled(f"many{n}+")
    regexcache.save()
    regexcache.reset()
    monkeypatch.setattr(regexcache, "BUNDLE_MAX", 8)
    assert same_regex(regexcache.compiled("many3+"), re.compile("many3+"))  # read back: nothing compiled...
    assert regexcache._state["new"]  # ...yet the file is to be written again
    regexcache.save()
    regexcache.reset()
    regexcache._load()
    assert list(regexcache._state["re"]) == ["0:many3+"] and not regexcache._state["new"]


def test_a_bundle_over_the_byte_limit_is_cut_to_the_next_runs_entries(bundle, monkeypatch):
    """Few entries but big ones (stale literal gates after rule edits):
    the byte limit cuts them as the count limit would, once."""
    from linter import regexcache

    regexcache.compiled("kept+")
    for n in range(3):
        regexcache.keep(f"gate stale{n}", {"strings": ["x" * 2000]})
    regexcache.save()
    size = bundle_file(bundle).stat().st_size
    regexcache.reset()
    monkeypatch.setattr(regexcache, "BUNDLE_MAX_BYTES", size + 100)
    regexcache.compiled("kept+")
    regexcache.save()  # under the limit: nothing to write, the stale entries stay
    regexcache.reset()
    regexcache._load()
    assert len(regexcache._state["data"]) == 3
    regexcache.reset()
    monkeypatch.setattr(regexcache, "BUNDLE_MAX_BYTES", size // 2)
    regexcache.compiled("kept+")
    assert regexcache._state["new"]  # read back, nothing compiled: yet the file is to be written again
    regexcache.save()
    regexcache.reset()
    regexcache._load()
    assert list(regexcache._state["re"]) == ["0:kept+"] and regexcache._state["data"] == {}
    mtime = bundle_file(bundle).stat().st_mtime_ns
    regexcache.reset()
    monkeypatch.setattr(regexcache, "BUNDLE_MAX_BYTES", 10)  # this run's own entries are over the limit:
    regexcache.compiled("kept+")
    regexcache.save()  # ...not written again on every run
    assert bundle_file(bundle).stat().st_mtime_ns == mtime


def shipped_gate_tests():
    """The literal tests of the shipped boilerplate wordings, in a run's order (CueFinder)."""
    from linter.checks import boilerplate

    rules = [r for r in load_rules([shipped_rules_dir()]) if r.check == "boilerplate"]
    tests = []
    for r in rules:
        wording = boilerplate.compile_patterns(r.path, tuple(r.params.get("patterns") or ()))
        tests += wording.literals if wording else []
    assert len(tests) > 100
    return tuple(tests)


@pytest.mark.parametrize("damage", [None, "a field missing", "a start that is no list", "a bit set that is no int",
                                    "an index entry that is no list", "one item short", "a bit set that is true",
                                    "an index string that is a number", "an empty start"])
def test_a_literal_gate_kept_in_the_bundle_is_the_gate_its_tests_build(bundle, damage):
    from linter import regexcache

    tests = shipped_gate_tests()
    fresh = regexes.LiteralGate(tests, cached=False)
    first = regexes.LiteralGate(tests)
    assert first.to_data() == fresh.to_data()
    regexcache.save()
    if damage:
        def change(data):
            (name,) = [k for k in data["data"] if k.startswith("gate ")]
            gate = data["data"][name]
            if damage == "a field missing":
                del gate["users"]
            elif damage == "a start that is no list":
                gate["starts"][next(i for i, s in enumerate(gate["starts"]) if s)] = "share"
            elif damage == "a bit set that is no int":
                gate["groups_of"][next(iter(gate["groups_of"]))] = "3"
            elif damage == "an index entry that is no list":
                gate["index"][next(iter(gate["index"]))] = "abc"
            elif damage == "a bit set that is true":
                gate["required"][-1] = True
            elif damage == "an index string that is a number":
                gate["index"][next(iter(gate["index"]))].append(3)
            elif damage == "an empty start":
                gate["starts"][next(i for i, s in enumerate(gate["starts"]) if s)] = []
            else:
                gate["starts"], gate["required"] = gate["starts"][:-1], gate["required"][:-1]
            return data

        rewrite_body(bundle_file(bundle), change)
    regexcache.reset()
    again = regexes.LiteralGate(tests)
    assert bool(regexcache._state["new"]) == bool(damage)  # a damaged gate is built and kept again
    assert again.to_data() == fresh.to_data()
    assert type(again.starts[0]) is type(fresh.starts[0]) and type(again.short) is tuple
    rng = random.Random(3)
    strings = sorted(fresh.groups_of) + [s for starts in fresh.starts if starts for s in starts]
    texts = ["", "advertisement", "share on facebook", "read more: the story continues below"]
    texts += [" ".join(rng.choice(strings) for _ in range(rng.randrange(1, 4))) for _ in range(500)]
    for text in texts:
        assert again.passing(text) == fresh.passing(text), text
    other = regexes.LiteralGate(tests[:-1])  # other tests: their own gate, not this one
    assert other.to_data() == regexes.LiteralGate(tests[:-1], cached=False).to_data()
