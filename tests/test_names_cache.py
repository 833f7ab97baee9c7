"""The `names` check's index of known people, kept in the user cache: the
cached index is the one the knowledge base builds, a cache of other data
or a damaged one is rebuilt, and an unwritable cache costs only time."""
import json
from pathlib import Path

import pytest

from linter.checks import names
from linter.knowledge import KnowledgeBase
from linter.rules import KNOWLEDGE_DIR, shipped_rules_dir

SHIPPED = shipped_rules_dir() / KNOWLEDGE_DIR
EXTRA = Path(__file__).parent / "data" / "knowledge_names"
FIELDS = ("accepted", "words", "by_key", "surnames", "surname_keys", "keys", "surname_list")


def same_index(a: names.NameIndex, b: names.NameIndex) -> bool:
    if any(getattr(a, f) != getattr(b, f) for f in FIELDS):
        return False
    # the same people, in the same order, as the objects of the knowledge base
    pairs = [*zip(a.accepted.values(), b.accepted.values()), *zip(a.surnames.values(), b.surnames.values()),
             *((x.person, y.person) for key in a.by_key for x, y in zip(a.by_key[key], b.by_key[key]))]
    return all(x is y for x, y in pairs)


def cache_files(user_cache):
    return sorted(user_cache.glob("names-*.json"))


def test_cached_index_equals_the_built_one(user_cache):
    kb = KnowledgeBase.load([SHIPPED])
    fresh = names.NameIndex(kb.people)
    cold = names.name_index(kb)
    assert len(cache_files(user_cache)) == 1
    warm = names.name_index(kb)
    assert same_index(cold, fresh) and same_index(warm, fresh)
    assert len(fresh.accepted) > 500 and fresh.by_key and fresh.surname_keys


def test_another_knowledge_base_gets_its_own_index(user_cache):
    shipped = names.name_index(KnowledgeBase.load([SHIPPED]))
    kb = KnowledgeBase.load([EXTRA])
    extra = names.name_index(kb)
    assert len(cache_files(user_cache)) == 2
    assert same_index(extra, names.NameIndex(kb.people))
    assert 0 < len(extra.accepted) < len(shipped.accepted)


@pytest.mark.parametrize("damage", ["garbage", "person number", "person out of range", "not a string",
                                    "missing field", "wrong shape"])
def test_a_damaged_cache_is_rebuilt(user_cache, damage):
    kb = KnowledgeBase.load([SHIPPED])
    names.name_index(kb)
    (path,) = cache_files(user_cache)
    found = json.loads(path.read_text(encoding="utf-8"))
    data = found["data"]
    if damage == "garbage":
        path.write_bytes(b"\x80{not json")
    else:
        if damage == "person number":
            data["accepted"][0][1] = "0"
        elif damage == "person out of range":
            data["surnames"][3][1] = 10 ** 6
        elif damage == "not a string":
            data["by_key"][next(iter(data["by_key"]))][0][0][0] = 7
        elif damage == "missing field":
            del data["surname_keys"]
        else:
            data["accepted"] = {"a": 1}
        path.write_text(json.dumps(found), encoding="utf-8")
    index = names.name_index(kb)
    assert same_index(index, names.NameIndex(kb.people))
    assert same_index(names.name_index(kb), index)  # and the cache is good again
    assert json.loads(path.read_text(encoding="utf-8")) != found or damage == "garbage"


def test_unwritable_or_disabled_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARTLINT_CACHE", str(blocker))
    kb = KnowledgeBase.load([SHIPPED], use_cache=False)
    kb._source_key = "some key"  # as a loaded knowledge base has
    assert same_index(names.name_index(kb), names.NameIndex(kb.people))
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ARTLINT_NO_CACHE", "1")
    assert same_index(names.name_index(kb), names.NameIndex(kb.people))
    assert not (tmp_path / "cache").exists()


def test_a_knowledge_base_without_a_source_key_is_built_uncached(user_cache):
    kb = KnowledgeBase.load([SHIPPED], use_cache=False)
    kb._source_key = None
    assert same_index(names.name_index(kb), names.NameIndex(kb.people))
    assert cache_files(user_cache) == []


def test_a_blocks_capitalised_runs_are_worked_out_once_and_the_memo_stays_bounded(monkeypatch):
    from linter.checks import names

    monkeypatch.setattr(names, "_RUNS", {})
    monkeypatch.setattr(names, "RUNS_MEMO", 20)
    worked = []
    real = names.capitalised_runs
    monkeypatch.setattr(names, "capitalised_runs", lambda text: (worked.append(text), real(text))[1])
    texts = [f"Talks between Vladimir Putin and Emmanuel Macron's aides, said Olaf von der Scholz {n}." for n in range(50)]
    want = [[tuple(run) for run in real(t)] for t in texts]
    assert [list(names.runs_of(t)) for t in texts[:10]] == want[:10]
    assert [list(names.runs_of(t)) for t in texts[:10]] == want[:10]  # again: from the memo
    assert worked == texts[:10]
    for t in texts:
        names.runs_of(t)
        assert len(names._RUNS) <= 20
    assert [list(names.runs_of(t)) for t in texts] == want and len(want[0]) >= 2
