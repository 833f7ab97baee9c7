"""The HTML report: self-contained, one highlight per finding, in place.
The slow tests render the seeds' report in a real headless Chromium."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter.model import FileResult, Finding, Report
from linter.readers import read_source
from linter.reporters import render

from conftest import ROOT, SEEDS, run_cli

SEED_FILES = sorted(str(p.relative_to(ROOT)) for p in SEEDS.glob("*.txt"))
HARNESS = Path(__file__).parent / "data" / "browser" / "report-harness.js"
PAGE = Path(__file__).parent / "data" / "page" / "news-page.html"


class Marks(HTMLParser):
    """The attributes of every element with data-rule, and the text inside each."""

    def __init__(self):
        super().__init__()
        self.marks, self.open, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if key in attrs and not (attrs[key] or "").startswith("#"):
                self.external.append((tag, key, attrs[key]))
        if tag == "link":
            self.external.append((tag, "link", attrs.get("href")))
        if tag == "mark":
            self.open.append(attrs if "data-rule" in attrs else None)
            if "data-rule" in attrs:
                attrs["text"] = ""
                self.marks.append(attrs)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for attrs in self.open:
            if attrs is not None:
                attrs["text"] += data


def parse(report_html: str) -> Marks:
    parser = Marks()
    parser.feed(report_html)
    return parser


@pytest.fixture(scope="module")
def seeds():
    data = json.loads(run_cli("check", "--format", "json", *SEED_FILES).stdout)
    report = run_cli("check", "--format", "html", *SEED_FILES).stdout
    assert data["findings"]
    return data, report


def test_report_is_self_contained(seeds):
    _, report = seeds
    parsed = parse(report)
    assert parsed.external == []
    assert not re.search(r"@import|url\(|<script[^>]+src|https?://", report)
    assert "<svg" in report and "<style>" in report and "<script>" in report


def test_every_finding_is_one_highlight_in_place(seeds):
    data, report = seeds
    marks = parse(report).marks
    assert Counter((m["data-rule"], int(m["data-line"]), int(m["data-column"])) for m in marks) == \
        Counter((f["rule"], f["line"], f["column"]) for f in data["findings"])
    matches = Counter((f["rule"], f["line"], f["column"], f["match"]) for f in data["findings"])
    assert Counter((m["data-rule"], int(m["data-line"]), int(m["data-column"]), m["text"]) for m in marks) == matches
    assert all(m["title"].startswith(m["data-rule"]) and m["data-message"] for m in marks)


def test_report_shows_each_article_its_date_and_a_summary(seeds):
    data, report = seeds
    for entry in data["files"]:
        assert f'data-path="{html.escape(entry["path"])}"' in report
        assert f'<b class="date">{entry["date"]}</b>' in report
    rules = Counter(f["rule"] for f in data["findings"])
    summary = report[report.index('id="summary"'):]
    for rule, n in rules.items():
        assert f"<td>{rule}</td><td class=\"n\">{n}</td>" in summary


def test_crossing_and_nested_spans_keep_one_element_per_finding():
    doc = read_source("a.txt", "Alpha beta gamma delta.\n")
    def finding(col, end, rule):
        text = "Alpha beta gamma delta."
        return Finding("a.txt", 1, col, 1, end, rule, "translation", "warning", rule, text[col - 1:end])
    findings = [finding(1, 10, "r.one"), finding(7, 16, "r.two"), finding(7, 10, "r.three"), finding(18, 22, "r.four")]
    report = Report(findings, [FileResult("a.txt", findings=4)])
    out = render("html", report, documents={"a.txt": doc})
    marks = parse(out).marks
    assert sorted(m["data-rule"] for m in marks) == ["r.four", "r.one", "r.three", "r.two"]
    assert {m["data-rule"]: m["text"] for m in marks}["r.two"].startswith("beta")
    assert out.count('class="cont ') >= 1  # r.two goes on past r.one's end


def test_page_mode_report_highlights_the_body_of_a_whole_page():
    p = run_cli("check", "--format", "html", PAGE)
    marks = parse(p.stdout).marks
    assert sorted(m["data-rule"] for m in marks) == ["boilerplate.newsletter-prompt", "style.place-names",
                                                   "translation.nonword"]
    assert "Most read" not in p.stdout and "whole web page: article body" in p.stdout


# --- in a real browser -------------------------------------------------------

def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


needs_chromium = pytest.mark.skipif(chromium() is None, reason="chromium is not installed (.ci/chromium.sh installs Debian's package)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browse(report_html: str, tmp_path: Path) -> dict:
    """Load the report with the test harness in Chromium; what the harness saw."""
    page = tmp_path / "report-under-test.html"
    page.write_text(report_html.replace("</body>", f"<script>{HARNESS.read_text()}</script></body>"), encoding="utf-8")
    p = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
                        "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.findall(r'<pre id="artlint-test-result">(\{.*?)</pre>', p.stdout, re.S)
    assert found, f"no result from Chromium (exit {p.returncode}): {p.stderr[-500:]}"
    return json.loads(html.unescape(found[-1]))


@pytest.mark.slow
@needs_chromium
def test_seed_report_in_chromium_matches_the_json_findings_and_filters_work(seeds, tmp_path):
    data, report = seeds
    seen = browse(report, tmp_path)
    findings = data["findings"]
    assert Counter((m["path"], m["rule"], m["line"], m["column"], m["text"]) for m in seen["marks"]) == \
        Counter((f["path"], f["rule"], f["line"], f["column"], f["match"]) for f in findings)
    assert all(m["intext"] and m["width"] > 0 and m["height"] > 0 for m in seen["marks"])  # drawn, in the text
    assert seen["visible_before"] == len(findings)
    translation = sum(f["category"] == "translation" for f in findings)
    assert translation and seen["translation_after"] == 0
    assert seen["visible_after_category"] == len(findings) - translation
    assert seen["shown_text"] == f"{len(findings) - translation} of {len(findings)} findings shown"
    errors = sum(f["severity"] == "error" for f in findings)
    assert errors and seen["errors_after"] == 0 and seen["visible_after_severity"] == len(findings) - errors
    assert seen["rows_visible"] == len(findings) - errors  # the findings table filters too
    first = findings[0]
    assert first["message"] in seen["details"] and first["rule"] in seen["details"]


@pytest.mark.slow
@needs_chromium
def test_screenshot_of_the_report(seeds, tmp_path):
    _, report = seeds
    page = tmp_path / "report.html"
    page.write_text(report, encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900",
                    "--hide-scrollbars", f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a drawn page, not a blank one
