"""The Session API: one object lints texts and files, holds no per-document
state, collects notices instead of printing them, loads rules up front."""
from __future__ import annotations

import pytest

from linter import analyses
from linter.config import Config, load_config
from linter.engine import Selection
from linter.model import LintError
from linter.readers import read_source
from linter.session import Session


def test_lint_text_gives_findings_date_and_document():
    session = Session(Config())
    result = session.lint_text("draft.md", "---\ndate: 2025-03-17\n---\n\nDrones struck Kiev.\n")
    assert [f.rule for f in result.found] == ["style.place-names"] and result.findings == 1
    assert (result.date, result.date_source) == ("2025-03-17", "front matter")
    assert result.document.path == "draft.md" and result.error is None


def test_session_is_reentrant_and_keeps_no_document_state():
    session = Session(Config())
    first = session.lint_text("a.txt", "Drones struck Kiev.")
    other = session.lint_text("b.txt", "Nothing to see here.")
    again = session.lint_text("a.txt", "Drones struck Kiev.")
    assert [f.to_dict() for f in first.found] == [f.to_dict() for f in again.found]
    assert other.found == []


def test_notices_are_collected_not_printed(capsys):
    session = Session(Config())
    result = session.lint_text("a.md", "---\ndate: 2025-13-01\n---\n\nText.\n")
    assert any("is not a date" in w for w in result.warnings)
    assert capsys.readouterr().err == ""


def test_bad_pack_fails_before_any_file_is_read(tmp_path, monkeypatch):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "bad.yaml").write_text("check: existence\nmessage: m\n", encoding="utf-8")
    (tmp_path / ".artlint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    read = []
    monkeypatch.setattr("linter.session.read_document", lambda *a: read.append(a))
    config = load_config(tmp_path / ".artlint.yaml")
    with pytest.raises(LintError, match="bad.yaml"):
        Session(config).lint_paths([str(tmp_path)])
    assert read == []


def test_lint_paths_discovers_files_and_sets_the_exit_code(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Drones struck Kiev.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("All quiet.\n", encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    report = Session(Config()).lint_paths([str(tmp_path)])
    assert sorted(r.path.replace(str(tmp_path), "") for r in report.files) == ["/b.txt", "/sub/a.md"]
    assert report.exit_code() == 1
    report.fail_level, report.file_fail_levels = "error", {}
    assert report.exit_code() == 0


def test_analyses_are_built_once_a_document():
    doc = read_source("a.txt", "He met Zelensky. Then Kiev.\n\nAnother paragraph.")
    calls = []
    original = analyses.BUILDERS["sentences"]
    analyses.BUILDERS["sentences"] = lambda d: calls.append(d) or original(d)
    try:
        analyses.prepare([doc], ["sentences", "names_seen"])
        analyses.get(doc, "names_seen")
        assert len(calls) == 1
    finally:
        analyses.BUILDERS["sentences"] = original
    assert "Zelensky" in analyses.get(doc, "names_seen") and "He" not in analyses.get(doc, "names_seen")
    with pytest.raises(KeyError, match="no analysis"):
        analyses.prepare([doc], ["parse-tree"])


def test_selection_narrows_the_session():
    session = Session(Config(), Selection(select=("fact",)))
    assert session.lint_text("a.txt", "Drones struck Kiev.").found == []
