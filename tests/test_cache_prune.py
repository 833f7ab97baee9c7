"""Stale cache files go when a file of their kind is written: a user's
cache folder does not fill up with the files of every past rule set and
version. Fresh siblings, other kinds and other programs' files stay."""
from __future__ import annotations

import os
import time

from linter import cache

DAY = 86400


def aged(path, days):
    path.write_text("{}", encoding="utf-8")
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path


def test_writing_a_cache_file_removes_its_stale_siblings_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path))
    folder = tmp_path / "artlint"
    folder.mkdir()
    stale = aged(folder / ("rules-" + "a" * 24 + ".json"), cache.STALE_DAYS + 1)
    recent = aged(folder / ("rules-" + "b" * 24 + ".json"), cache.STALE_DAYS - 1)
    other_kind = aged(folder / ("names-" + "c" * 24 + ".json"), cache.STALE_DAYS + 5)
    longer_kind = aged(folder / ("rules-extra-" + "d" * 24 + ".json"), cache.STALE_DAYS + 5)
    not_ours = aged(folder / "notes.json", cache.STALE_DAYS + 5)
    dead_write = aged(folder / "rules-x.json.k2j3.tmp", 2)
    live_write = aged(folder / "rules-y.json.k2j4.tmp", 0)
    new = cache.cache_file("rules-" + "e" * 24 + ".json")
    cache.write_json(new, "k", {"x": 1})
    assert cache.read_json(new, "k") == {"x": 1}
    gone = {p.name for p in (stale, dead_write) if not p.exists()}
    kept = {p.name for p in (recent, other_kind, longer_kind, not_ours, live_write) if p.exists()}
    assert gone == {stale.name, dead_write.name}
    assert kept == {recent.name, other_kind.name, longer_kind.name, not_ours.name, live_write.name}


def test_a_file_that_cannot_be_written_prunes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path))
    folder = tmp_path / "artlint"
    folder.mkdir()
    stale = aged(folder / ("rules-" + "a" * 24 + ".json"), cache.STALE_DAYS + 1)
    (folder / ("rules-" + "e" * 24 + ".json")).mkdir()  # a folder where the file should go
    cache.write_json(cache.cache_file("rules-" + "e" * 24 + ".json"), "k", {"x": 1})
    assert stale.exists()
