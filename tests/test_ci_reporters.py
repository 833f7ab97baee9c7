"""The CI formats (gitlab, checkstyle, junit) on the seeds: each carries
every finding of the JSON report and parses; -o writes any format safely."""
from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from linter.model import FileResult, Finding, Report
from linter.progress import Progress, progress_for
from linter.reporters import render

from conftest import ROOT, SEEDS

GITLAB_SCHEMA = json.loads((Path(__file__).parent / "data" / "gitlab-codequality.schema.json").read_text())
SEED_FILES = sorted(str(p.relative_to(ROOT)) for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def seed_json():
    from conftest import run_cli

    p = run_cli("check", "--format", "json", "--fail-level", "warning", *SEED_FILES)
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    assert len(data["findings"]) >= 10
    return data


def run_format(fmt, *extra):
    from conftest import run_cli

    p = run_cli("check", "--format", fmt, *extra, *SEED_FILES)
    assert p.returncode == 1, p.stderr
    return p.stdout


def keys(findings):
    return Counter((f["path"], f["line"], f["rule"]) for f in findings)


def test_gitlab_report_is_valid_and_carries_every_finding(seed_json):
    issues = json.loads(run_format("gitlab"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert Counter((i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues) \
        == keys(seed_json["findings"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab shows one issue per fingerprint
    severities = {(f["path"], f["line"], f["rule"]): f["severity"] for f in seed_json["findings"]}
    mapping = {"error": "major", "warning": "minor", "info": "info"}
    assert all(i["severity"] == mapping[severities[(i["location"]["path"], i["location"]["lines"]["begin"],
                                                   i["check_name"])]] for i in issues)


def test_gitlab_fingerprints_are_stable_across_runs_and_moves(tmp_path):
    text = "The rearmail came.\nThe rearmail came.\n"
    (tmp_path / "a.txt").write_text(text)
    first = json.loads(run_in(tmp_path, "a.txt"))
    assert json.loads(run_in(tmp_path, "a.txt")) == first
    (tmp_path / "a.txt").write_text("Another line here.\n" + text)  # the findings move down a line
    moved = json.loads(run_in(tmp_path, "a.txt"))
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in first]
    assert len({i["fingerprint"] for i in first}) == 2  # identical findings still differ


def run_in(folder, *args):
    from conftest import run_cli

    return run_cli("check", "--format", "gitlab", "--select", "translation.nonword", *args, cwd=folder).stdout


def test_checkstyle_report_parses_and_carries_every_finding(seed_json):
    root = ET.fromstring(run_format("checkstyle"))
    assert root.tag == "checkstyle"
    errors = [(f.get("name"), e) for f in root.findall("file") for e in f.findall("error")]
    assert Counter((name, int(e.get("line")), e.get("source")) for name, e in errors) == keys(seed_json["findings"])
    by_key = {(f["path"], f["line"], f["column"], f["rule"]): f for f in seed_json["findings"]}
    for name, e in errors:
        finding = by_key[(name, int(e.get("line")), int(e.get("column")), e.get("source"))]
        assert e.get("severity") == finding["severity"] and e.get("message").startswith(finding["message"])
    assert {f.get("name") for f in root.findall("file")} == set(SEED_FILES)


@pytest.mark.parametrize("level", ["warning", "error", "info"])
def test_junit_report_has_a_case_per_file_and_a_failure_per_finding_at_the_level(seed_json, level):
    root = ET.fromstring(run_format("junit", "--fail-level", level) if level != "info" else
                         run_info_junit())
    cases = root.findall("./testsuite/testcase")
    assert sorted(c.get("name") for c in cases) == SEED_FILES
    rank = {"info": 0, "warning": 1, "error": 2}
    expected = Counter((f["path"], f["rule"]) for f in seed_json["findings"] if rank[f["severity"]] >= rank[level])
    failures = Counter((c.get("name"), fl.get("type")) for c in cases for fl in c.findall("failure"))
    assert failures == expected
    assert int(root.get("failures")) == sum(expected.values()) and int(root.get("tests")) == len(SEED_FILES)


def run_info_junit():
    from conftest import run_cli

    p = run_cli("check", "--format", "junit", "--fail-level", "info", *SEED_FILES)
    return p.stdout


def sample_report(message="Not a word: 'x\x01y'"):
    finding = Finding("a.txt", 1, 1, 1, 3, "translation.nonword", "translation", "error", message, "x\x01y")
    return Report([finding], [FileResult("a.txt", findings=1), FileResult("gone.txt", error="gone.txt: cannot read")])


@pytest.mark.parametrize("fmt", ["checkstyle", "junit"])
def test_xml_reports_parse_with_control_characters_and_list_unreadable_files(fmt):
    root = ET.fromstring(render(fmt, sample_report()))
    text = ET.tostring(root, encoding="unicode")
    assert "gone.txt: cannot read" in text and "\x01" not in text


def test_output_option_writes_every_format_to_a_file(tmp_path):
    from conftest import run_cli

    for fmt in ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "html"):
        out = tmp_path / f"report.{fmt}"
        p = run_cli("check", "--format", fmt, "-o", out, SEED_FILES[0])
        assert p.returncode == 1 and p.stdout == "", (fmt, p.stderr)
        assert out.read_text(encoding="utf-8").strip()
        assert "\x1b[" not in out.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_output_never_replaces_a_checked_file_and_a_bad_folder_is_one_line(tmp_path):
    from conftest import run_cli

    draft = tmp_path / "draft.txt"
    draft.write_text("The rearmail came.\n")
    p = run_cli("check", "-o", draft, draft)
    assert p.returncode == 2 and "overwrite a file being checked" in p.stderr
    assert draft.read_text() == "The rearmail came.\n"
    p = run_cli("check", "-o", tmp_path / "missing" / "r.json", draft)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "does not exist" in p.stderr


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_shows_only_on_a_terminal_and_only_for_long_runs():
    assert progress_for(io.StringIO(), 10) is None  # a pipe or a file: never
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, 400, clock)
    progress(read=200)
    assert stream.getvalue() == ""  # a short run shows nothing
    clock.now = 4.0
    progress(checked=200)
    assert "200/400 files read, 200 checked (50.0 files/s)" in stream.getvalue()
    progress.clear()
    assert stream.getvalue().endswith("\r")
