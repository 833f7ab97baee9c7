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
