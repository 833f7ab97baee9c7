"""Page mode: a whole web page is linted as its article body (headline and
standfirst included), every character mapped back to the file; fragments
are read as before."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from linter.readers import read_source
from linter.readers.html import read_html
from linter.readers.page import read_html_or_page

from conftest import ROOT, run_cli

PAGE = Path(__file__).parent / "data" / "page" / "news-page.html"
SOURCE = PAGE.read_text(encoding="utf-8")
TEMPLATE_TEXT = ("Most read", "Sign up for our morning briefing", "All rights reserved", "We use cookies",
                 "Share on Facebook", "Privacy policy", "Politics", "By Ana Petrova")


def test_a_whole_page_is_read_as_its_headline_standfirst_and_body():
    doc = read_source(str(PAGE), SOURCE)
    texts = [b.text for b in doc.blocks]
    assert doc.metadata["page"] == "article body"
    assert texts[0] == "Ministers agree grain corridor deal in Istanbul" and doc.blocks[0].kind == "heading"
    assert texts[1].startswith("Shipping through the Black Sea will resume next week")  # the standfirst
    assert texts[-7:] == ["The agreement runs for six months and can be renewed if both governments agree, the ministers said.",
                          "Port", "Ships waiting", "Odesa", "41", "Chornomorsk", "17"]  # the story's table
    assert "Insurance and inspections" in texts and "Subscribe to get the latest posts sent to your email." in texts
    body = "\n".join(texts)
    assert not [t for t in TEMPLATE_TEXT if t in body]


def test_every_linted_character_maps_back_to_the_file():
    doc = read_source(str(PAGE), SOURCE)
    entities = {"\u201c": "&ldquo;", "\u201d": "&rdquo;"}
    for block in doc.blocks:
        assert list(block.origins) == sorted(block.origins)
        for char, origin in zip(block.text, block.origins):
            at = SOURCE[origin:]
            assert at.startswith(entities.get(char, char)) or (char == " " and at[0].isspace()), (char, at[:10])


def test_page_metadata_is_read_as_for_fragments():
    page = read_source(str(PAGE), SOURCE)
    fragment = read_html(str(PAGE), SOURCE)
    for key in ("date", "title", "lang"):
        assert page.metadata[key] == fragment.metadata[key]
    assert page.metadata["date"] == "2025-03-18T09:30:00Z" and page.metadata["lang"] == "en-GB"


def test_check_flags_the_body_only_at_the_file_positions(cli):
    p = cli("check", "--format", "json", PAGE)
    findings = json.loads(p.stdout)["findings"]
    lines = SOURCE.splitlines()
    # the table's short cells would look like template lines by position alone: page mode leaves layout to extraction
    assert {f["rule"] for f in findings} == {"style.place-names", "translation.nonword", "boilerplate.newsletter-prompt"}
    for f in findings:
        assert f["line"] == f["end_line"]
        assert lines[f["line"] - 1][f["column"] - 1:f["end_column"]].startswith(f["match"][:20])
    assert json.loads(p.stdout)["files"][0]["date"] == "2025-03-18"
    whole = json.loads(cli("check", "--format", "json", "--no-page", PAGE).stdout)["findings"]
    assert len(whole) > 3 * len(findings)  # the template's menus, sidebar and footer
    outside = [f for f in whole if f["category"] == "boilerplate" and f["line"] > 70]
    assert outside  # the sidebar and footer are template text, and only --no-page sees them


def test_extract_prints_the_text_check_lints(cli):
    p = cli("extract", PAGE)
    assert p.returncode == 0
    assert p.stdout.splitlines() == [b.text for b in read_source(str(PAGE), SOURCE).blocks]
    forced_off = cli("extract", "--no-page", PAGE).stdout
    assert "Most read" in forced_off and "Most read" not in p.stdout
    p = cli("extract", PAGE, ROOT / "missing.html")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "missing.html: cannot read" in p.stderr
    assert "==> " in p.stdout and "Ministers agree" in p.stdout  # the other file is still printed


FRAGMENT = """<html><head><title>Draft</title></head><body><nav><a href="/">Home</a></nav>
<h1>Leaders talk</h1><p>The call lasted two hours, officials said.</p><ul><li>One</li></ul></body></html>"""


@pytest.mark.parametrize("source", [FRAGMENT, "<h1>Draft</h1><p>A CMS draft with <a href='/x'>a link</a>.</p>",
                                    FRAGMENT.replace("<nav>", "<nav>" + "<a href='/x'>x</a>" * 10)])
def test_fragments_and_bare_documents_keep_todays_reading(source):
    page = read_source("draft.html", source)
    plain = read_html("draft.html", source)
    assert "page" not in page.metadata
    assert [(b.kind, b.text, list(b.origins)) for b in page.blocks] == \
        [(b.kind, b.text, list(b.origins)) for b in plain.blocks]


def test_page_option_forces_page_mode_and_an_empty_extraction_falls_back_to_the_whole_page():
    doc = read_html_or_page("p.html", SOURCE, page=False)
    assert "page" not in doc.metadata and any("Most read" in b.text for b in doc.blocks)
    links_only = "<html><body><ul><li><a href=/a>Home</a></li><li><a href=/b>World news</a></li></ul></body></html>"
    doc = read_html_or_page("e.html", links_only, page=True)
    assert doc.metadata["page"].startswith("no article body found")
    assert [b.text for b in doc.blocks] == ["Home", "World news"]
    doc = read_html_or_page("f.html", FRAGMENT, page=True)
    assert doc.metadata["page"] == "article body" and "Home" not in [b.text for b in doc.blocks]


def test_trafilatura_is_imported_for_whole_pages_only(tmp_path):
    (tmp_path / "draft.md").write_text("# Title\n\nThe rearmail came.\n")
    (tmp_path / "draft.html").write_text("<h1>Draft</h1><p>The rearmail came.</p>")
    code = ("import sys; from linter.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('trafilatura' in sys.modules, file=sys.stderr)")
    for name, expected in (("draft.md", "False"), ("draft.html", "False"), (str(PAGE), "True")):
        p = subprocess.run([sys.executable, "-c", code, "check", name], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
        assert p.stderr.strip().splitlines()[-1] == expected, (name, p.stderr)
