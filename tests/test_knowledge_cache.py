"""The compiled knowledge base cache is plain JSON checked against a content
hash: nothing in the cache folder can run code, and a cache of the wrong
shape is rebuilt, never trusted."""
import datetime as dt
import hashlib
import json
import pickle
from pathlib import Path

import pytest

from linter import knowledge
from linter.engine import lint_text
from linter.knowledge import KnowledgeBase, cache_key, cache_path, knowledge_files
from linter.rules import KNOWLEDGE_DIR, shipped_rules_dir

DIRS = [shipped_rules_dir() / KNOWLEDGE_DIR]
STORY = "Former President Donald Trump spoke on Monday."


class Payload:
    """Unpickling this runs code: it writes the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def old_cache_path(base: Path, files) -> Path:
    """Where artlint 0.1's pickle cache lived (its key: mtimes and sizes)."""
    h = hashlib.sha1(f"v3|{Path(knowledge.__file__).stat().st_mtime_ns}".encode())
    for p in files:
        st = p.stat()
        h.update(f"{p.resolve()}|{st.st_mtime_ns}|{st.st_size}\n".encode())
    return base / "artlint" / f"knowledge-{h.hexdigest()[:20]}.pickle"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path))
    monkeypatch.delenv("ARTLINT_NO_CACHE", raising=False)
    return tmp_path


def fact_findings():
    return [(f.rule, f.column) for f in lint_text(STORY, date=dt.date(2025, 6, 1), select=["fact"])]


def test_a_malicious_pickle_where_either_cache_lives_runs_nothing(cache_dir):
    marker = cache_dir / "marker"
    files = knowledge_files(DIRS)
    new = cache_path(cache_key(files))
    old = old_cache_path(cache_dir, files)
    for path in (old, new):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(Payload(marker)))
    pickle.loads(old.read_bytes())  # the payload is real: unpickled, it does run
    assert marker.read_text() == "ran"
    marker.unlink()

    kb = KnowledgeBase.load(DIRS)
    assert not marker.exists()
    fresh = KnowledgeBase.load(DIRS, use_cache=False)
    assert kb.people == fresh.people and kb.jurisdictions == fresh.jurisdictions
    assert {k: v.holders for k, v in kb.offices.items()} == {k: v.holders for k, v in fresh.offices.items()}
    assert fact_findings() == [("fact.former-title", 1)]
    assert not marker.exists()
    assert json.loads(new.read_text())["key"] == cache_key(files)  # the planted file was replaced


@pytest.mark.parametrize("planted", [
    {"people": []},                                                        # not even the envelope
    {"key": "KEY", "data": {"people": []}},                                   # fields missing
    {"key": "KEY", "data": {"people": {"x": {"__class__": "system", "command": "id"}}}},  # not our class
    {"key": "KEY", "data": {"people": {"x": {"__class__": "Person", "id": "x"}}}},      # a wrong shape
    {"key": "wrong key", "data": {}},
])
def test_a_cache_of_the_wrong_shape_is_rebuilt(cache_dir, planted):
    files = knowledge_files(DIRS)
    key = cache_key(files)
    path = cache_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(planted).replace("KEY", key))
    assert KnowledgeBase.load(DIRS).people == KnowledgeBase.load(DIRS, use_cache=False).people
    assert fact_findings() == [("fact.former-title", 1)]
    assert json.loads(path.read_text())["key"] == key


def test_the_cache_round_trips_and_is_used(cache_dir):
    first = KnowledgeBase.load(DIRS)
    files = knowledge_files(DIRS)
    path = cache_path(cache_key(files))
    data = json.loads(path.read_text())
    row = data["data"]["people"][0]  # a Person's fields in order: id, name, ...
    person, row[1] = row[0], "Changed In The Cache"
    path.write_text(json.dumps(data))  # a valid cache is read, not rebuilt
    assert KnowledgeBase.load(DIRS).people[person].name == "Changed In The Cache"
    assert first.people[person].name != "Changed In The Cache"
    assert not list(path.parent.glob("*.tmp"))  # written via a temporary file, then renamed


def test_a_changed_knowledge_file_changes_the_key(tmp_path, cache_dir):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.yaml").write_text("people:\n  - {id: x, name: Ann Example}\n")
    before = cache_key(knowledge_files([folder]))
    (folder / "a.yaml").write_text("people:\n  - {id: x, name: Ann Exemple}\n")  # same size, same second
    assert cache_key(knowledge_files([folder])) != before


@pytest.mark.parametrize("section, field, value", [
    ("people", 1, ["a list"]),       # a plain field (name) holding a list
    ("people", 4, {"an": "object"}),  # ... or an object (surname)
    ("people", 2, "not a list"),     # a tuple field (aliases)
    ("people", 6, "no date"),        # a date field (died)
    ("offices", 6, "not a list"),    # the terms (holders)
    ("offices", 6, [["too", "short"]]),  # a term of the wrong shape
    ("people", None, None),          # a row one field long
])
def test_a_row_with_a_field_of_the_wrong_kind_is_rebuilt(cache_dir, section, field, value):
    fresh = KnowledgeBase.load(DIRS, use_cache=False)
    KnowledgeBase.load(DIRS)
    path = cache_path(cache_key(knowledge_files(DIRS)))
    data = json.loads(path.read_text())
    row = data["data"][section][0]
    if field is None:
        row.append("")
    else:
        row[field] = value
    path.write_text(json.dumps(data))
    kb = KnowledgeBase.load(DIRS)
    assert kb.people == fresh.people
    assert {k: v.holders for k, v in kb.offices.items()} == {k: v.holders for k, v in fresh.offices.items()}
    assert json.loads(path.read_text())["data"][section][0] != row  # rebuilt and written again


def test_the_knowledge_base_read_back_is_the_one_built(cache_dir):
    fresh = KnowledgeBase.load(DIRS, use_cache=False)
    KnowledgeBase.load(DIRS)  # writes the cache
    cached = KnowledgeBase.load(DIRS)
    for section in knowledge.SECTIONS:
        assert getattr(cached, section) == getattr(fresh, section), section
        assert list(getattr(cached, section)) == list(getattr(fresh, section))
    for a, b in zip(cached.offices.values(), fresh.offices.values()):
        assert a.holders == b.holders and all(type(t) is knowledge.Term for t in a.holders)
        assert [type(t.start) for t in a.holders] == [dt.date] * len(a.holders)
    person = next(p for p in cached.people.values() if p.aliases)
    assert type(person.aliases) is tuple and person.aliases == fresh.people[person.id].aliases
    assert cached._terms_by_person == fresh._terms_by_person
