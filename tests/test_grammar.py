"""The grammar check (LanguageTool): offsets, chunks, settings, and what a
real server will not do on demand.

What LanguageTool finds, and where artlint reports it, is tested against a
real LanguageTool in tests/test_languagetool_real.py. Here the server is
tests/lt_server.py, a stand-in that speaks LanguageTool's /v2 API with its
JSON shape and UTF-16 offsets, for faults (slow, dead, garbage answers,
HTTP errors, an unknown language) and for what artlint sends (only prose,
in chunks, with bounded concurrency), which the stand-in records."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import urllib.request
from array import array
from pathlib import Path

import pytest

from conftest import load_script
from linter.checks.grammar import Grammar
from linter.config import Config
from linter.context import Context, Notices
from linter.document import BlockBuilder, Document
from linter.languagetool import (Chunk, ServerFault, Utf16Index, chunk_document, parse_matches, parse_settings,
                                 split_block)
from linter.model import Finding, LintError
from linter.readers import read_source
from linter.rules import load_rule

ROOT = Path(__file__).resolve().parent.parent
RULE_FILE = ROOT / "rules" / "grammar" / "languagetool.yaml"


def load_lt_server():
    return load_script(Path(__file__).with_name("lt_server.py"), "lt_server")


lt_server = load_lt_server()


@pytest.fixture(scope="module")
def server():
    with lt_server.running("--typo", "rearmail") as url:
        yield url


def stats(url):
    with urllib.request.urlopen(url + "/stats") as answer:
        return json.load(answer)


def grammar(settings=None, path=None):
    """A Grammar check over the shipped rule, its notices collected. The
    contract server imitates only a few rules: the news defaults are off
    unless a test turns them on."""
    notices = Notices(stream=io.StringIO())
    config = Config(path=path, languagetool={"news_defaults": False, **(settings or {})})
    return Grammar(load_rule("grammar", RULE_FILE), Context(config, notices)), notices


def lint(text, settings, path="draft.txt"):
    check, notices = grammar(settings)
    doc = read_source(path, text)
    check.prepare([doc])
    return list(check.run(doc)), notices.seen


# ------------------------------------------------------------ UTF-16 offsets

def utf16(text, i):
    return len(text[:i].encode("utf-16-le")) // 2


def test_utf16_index_maps_every_character_back():
    text = "a😀b🇺🇦c 🎉x é 中 𝐀"
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index.to_char(utf16(text, i)) == i
        assert index.to_char(utf16(text, i), end=True) == i


def test_utf16_offset_inside_a_surrogate_pair_rounds_outwards():
    index = Utf16Index("a😀b")  # units: a=0, 😀=1..2, b=3
    assert index.to_char(2) == 1
    assert index.to_char(2, end=True) == 2


def test_parse_matches_converts_offset_and_length():
    text = "😀😀 the the end"
    payload = {"matches": [{"offset": 5, "length": 7, "message": "m", "replacements": [{"value": "the"}],
                            "rule": {"id": "R", "issueType": "duplication", "category": {"id": "MISC", "name": "Misc"}}}]}
    (m,) = parse_matches(payload, text)
    assert text[m.start:m.end] == "the the"
    assert (m.rule_id, m.issue_type, m.category_id, m.replacements) == ("R", "duplication", "MISC", ("the",))


@pytest.mark.parametrize("payload", [
    [], {"matches": None}, {"matches": [{"offset": "1", "length": 1, "message": "m"}]},
    {"matches": [{"offset": 0, "length": 99, "message": "m"}]}, {"matches": [{"length": 1, "message": "m"}]},
])
def test_malformed_answers_are_server_faults(payload):
    with pytest.raises(ServerFault):
        parse_matches(payload, "short text")


# ------------------------------------------------------------ chunks

def test_chunks_break_at_paragraphs_and_cover_all_prose():
    paragraphs = [f"Paragraph {i} says something about the talks. " * (1 + i % 4) for i in range(30)]
    doc = read_source("long.txt", "\n".join(p.strip() for p in paragraphs) + "\n")
    chunks = chunk_document(doc, 400)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    pieces = [seg for c in chunks for seg in c.segments]
    assert [(s.block.index, s.start, s.end) for s in pieces] == [(b.index, 0, len(b.text)) for b in doc.blocks]
    for c in chunks:
        assert c.text.split("\n\n") == [s.text for s in c.segments]


def test_a_paragraph_longer_than_a_request_is_cut_after_a_sentence():
    doc = read_source("one.txt", "The envoy spoke at length. " * 40 + "\n")
    (block,) = doc.blocks
    pieces = split_block(block, 300)
    assert len(pieces) >= 4
    assert all(p.end - p.start <= 300 and p.text.endswith("length.") for p in pieces)
    assert " ".join(p.text for p in pieces) == block.text


def test_locate_maps_chunk_offsets_to_blocks():
    doc = read_source("two.txt", "First line here.\nSecond line here.\n")
    chunk = Chunk.of([s for b in doc.blocks for s in split_block(b, 1000)])
    start = chunk.text.index("Second")
    block, s, e = chunk.locate(start, start + 6)
    assert block is doc.blocks[1] and block.text[s:e] == "Second"
    assert chunk.locate(chunk.text.index("\n\n"), chunk.text.index("\n\n") + 2) is None


# ------------------------------------------------------------ settings

@pytest.mark.parametrize("raw, key", [
    ({"timeout": "soon"}, "timeout"), ({"retries": -1}, "retries"), ({"concurrency": 0}, "concurrency"),
    ({"server": "localhost:8081"}, "server"), ({"picky": "yes"}, "picky"), ({"language": "English!"}, "language"),
    ({"severity": {"misspelling": "fatal"}}, "severity"), ({"category": {"TYPOS": "spelling"}}, "category"),
    ({"disabled_rules": [1, 2]}, "disabled_rules"), ({"colour": "red"}, "colour"),
    ({"enabled_only": True}, "enabled_only"), ({"max_chunk_chars": 10}, "max_chunk_chars"),
    ({"enabled_only": True, "enabled_rules": ["A"], "disabled_rules": ["B"]}, "enabled_only"),
])
def test_bad_settings_name_the_file_and_key(raw, key):
    with pytest.raises(LintError, match=rf"^site/\.artlint\.yaml: languagetool\.{key}: "):
        grammar(raw, path=Path("site/.artlint.yaml"))


def test_settings_become_form_fields():
    s = parse_settings({"disabled_rules": "A_RULE, B_RULE", "enabled_categories": ["TYPOS"], "picky": True,
                        "language": "en-GB", "news_defaults": False}, "x")
    form = s.form("text")
    assert form == {"text": "text", "language": "en-GB", "disabledRules": "A_RULE,B_RULE",
                    "enabledCategories": "TYPOS", "level": "picky"}


def test_news_defaults_switch_rules_off_unless_the_user_enables_them():
    plain = parse_settings({"news_defaults": False}, "x")
    assert plain.disabled_rules == () and plain.match_filter is None
    news = parse_settings({"disabled_rules": ["MY_RULE"], "enabled_rules": ["EN_UNPAIRED_QUOTES"],
                           "enabled_categories": ["STYLE"]}, "x")
    assert news.disabled_rules[0] == "MY_RULE"
    assert "COMMA_COMPOUND_SENTENCE" in news.disabled_rules and "EN_UNPAIRED_QUOTES" not in news.disabled_rules
    assert "REDUNDANCY" in news.disabled_categories and "STYLE" not in news.disabled_categories
    assert news.form("t")["disabledRules"].startswith("MY_RULE,")


@pytest.mark.parametrize("word, dropped", [
    ("Sentra", True), ("iFixit", True), ("NYAG", True),  # names, brands, acronyms
    ("colour", True), ("organisers", True), ("vigour", True), ("judgement", True),  # British spellings
    ("TThe", False), ("THe", False),  # a held Shift key
    ("rearmail", False), ("recieve", False), ("goverment", False), ("teh", False),  # typos
])
def test_the_news_spelling_filter_drops_names_and_british_spellings_not_typos(word, dropped):
    news = parse_settings({}, "x").match_filter
    assert news.drops("MORFOLOGIK_RULE_EN_US", word) is dropped
    assert news.drops("EN_A_VS_AN", word) is False  # only spelling rules are filtered
    assert news.drops("EN_DIACRITICS_REPLACE_ORTHOGRAPHY_GERARD_PIQUE", "Gerard Pique")


def test_server_auto_is_accepted_and_enabled_is_a_setting():
    assert parse_settings({"server": "auto"}, "x").auto
    assert parse_settings({"enabled": True}, "x").enabled


# ------------------------------------------------------------ against the contract server

def markdown_like_document():
    """What a Markdown reader hands over: front matter, a code block and
    markup left out of the blocks, origins pointing into the source."""
    source = ("---\ntitle: the the title\n---\n"
              "# A *unusual* heading\n\n"
              "```\ncode code\n```\n\n"
              "Text with **the the** bold.\n")
    heading = BlockBuilder("heading")
    h = source.index("A *unusual*")
    heading.add("A ", h)
    heading.add("unusual", source.index("unusual"))
    heading.add(" heading", source.index(" heading"))
    para = BlockBuilder("paragraph")
    p = source.index("Text with")
    para.add("Text with ", p)
    para.add("the the", source.index("the the**"))
    para.add(" bold.", source.index(" bold."))
    return Document("post.md", source, [heading.build(0), para.build(1)])


def test_only_prose_is_sent_and_findings_map_through_the_source(server):
    check, _ = grammar({"server": server})
    doc = markdown_like_document()
    before = len(stats(server)["texts"])
    check.prepare([doc])
    sent = stats(server)["texts"][before:]
    assert sent == ["A unusual heading\n\nText with the the bold."]
    found = {f.match: (f.line, f.column, f.end_column) for f in check.run(doc)}
    lines = doc.source.splitlines()
    assert found["A"] == (4, 3, 3)
    assert found["the the"] == (10, lines[9].index("the the") + 1, lines[9].index("the the") + 7)
    assert len(found) == 2  # front matter's and code's "the the"/"code code" were never sent


def test_many_documents_go_in_chunks_with_bounded_concurrency():
    paragraph = "The delegation met the the minister in Geneva on Tuesday. They talked for hours about prisoners."
    texts = [f"Story {n}.\n" + "\n".join([paragraph.strip()] * 6) + "\n" for n in range(12)]
    with lt_server.running("--slow", "0.05") as url:
        check, notices = grammar({"server": url, "max_chunk_chars": 250, "concurrency": 3})
        docs = [read_source(f"story{n}.txt", t) for n, t in enumerate(texts)]
        check.prepare(docs)
        counts = stats(url)
        results = [list(check.run(doc)) for doc in docs]
    expected_requests = sum(len(chunk_document(d, 250)) for d in docs)
    assert expected_requests >= 36 and counts["checks"] == expected_requests
    assert 2 <= counts["max_in_flight"] <= 3
    assert all(len(r) == 6 for r in results)
    for doc, found in zip(docs, results):
        assert [f.line for f in found] == [2, 3, 4, 5, 6, 7]
        assert all(doc.line_text(f.line)[f.column - 1:f.end_column] == "the the" for f in found)
    assert notices.seen == []


def test_findings_on_the_span_of_another_finding_are_merged_by_the_engine(server):
    from linter.engine import merge_grammar_duplicates

    (g,), _ = lint("Forces could rearmail soon.\n", {"server": server})
    other = Finding(path=g.path, line=g.line, column=g.column, end_line=g.end_line, end_column=g.end_column,
                    rule="translation.nonword", category="translation", severity="error", message="m", match=g.match)
    assert merge_grammar_duplicates([g, other]) == [other]


# ------------------------------------------------------------ faults

def stopped_server_url():
    with lt_server.running() as url:
        pass
    return url


def test_server_down_gives_one_notice_and_no_findings():
    url = stopped_server_url()
    check, notices = grammar({"server": url, "retries": 1})
    docs = [read_source(f"d{n}.txt", "We met the the minister.\n") for n in range(5)]
    check.prepare(docs)
    assert all(list(check.run(d)) == [] for d in docs)
    assert notices.seen == [f"LanguageTool at {url}: connection refused (2 attempts); grammar checks skipped"]
    assert notices.stream.getvalue().count("\n") == 1


def test_server_down_with_required_is_an_error():
    url = stopped_server_url()
    check, notices = grammar({"server": url, "retries": 0, "required": True})
    with pytest.raises(LintError, match="connection refused .*languagetool.required is true"):
        check.prepare([read_source("d.txt", "We met the the minister.\n")])


@pytest.mark.parametrize("switches, problem", [
    (("--slow", "3"), "no answer within 0.3 s"),
    (("--garbage",), "answered something that is not JSON: '<html>"),
    (("--status", "503"), "answered HTTP 503 (2 attempts)"),
    (("--status", "413"), "answered HTTP 413: 'Error: switched to fail'"),
])
def test_a_faulty_server_gives_a_warning_not_a_traceback(switches, problem):
    with lt_server.running(*switches) as url:
        check, notices = grammar({"server": url, "timeout": 0.3, "retries": 1})
        docs = [read_source(f"d{n}.txt", "We met the the minister.\n") for n in range(3)]
        check.prepare(docs)
        assert all(list(check.run(d)) == [] for d in docs)
    assert len(notices.seen) == 1
    assert notices.seen[0].startswith(f"LanguageTool at {url}: {problem}")
    assert notices.seen[0].endswith("; grammar checks skipped")


def test_unknown_language_is_reported_once(server):
    found, notices = lint("We met the the minister.\n", {"server": server, "language": "xx-YY"})
    assert found == []
    assert notices == [f"LanguageTool at {server}: does not offer language 'xx-YY'; grammar checks skipped"]


def test_without_server_or_local_install_one_notice_and_no_download(tmp_path, monkeypatch):
    cache = tmp_path / "lt-cache"
    monkeypatch.setenv("LTP_PATH", str(cache))
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "artlint-cache"))
    found, notices = lint("We met the the minister.\n", {})
    assert found == []
    assert len(notices) == 1 and notices[0].startswith("LanguageTool is not set up")
    assert not cache.exists()


def test_a_broken_local_install_fails_fast_with_a_notice(tmp_path, monkeypatch):
    install = tmp_path / "LanguageTool-6.6"
    install.mkdir()
    (install / "languagetool-server.jar").write_bytes(b"not a jar")
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "artlint-cache"))
    found, notices = lint("We met the the minister.\n", {})
    assert found == []
    assert len(notices) == 1 and notices[0].startswith(f"local LanguageTool in {install}: ")
    assert notices[0].endswith("; grammar checks skipped")


def test_the_http_path_never_imports_language_tool_python(server):
    code = ("import sys; sys.path.insert(0, 'tests'); from test_grammar import lint; "
            f"found, _ = lint('We met the the minister.\\n', {{'server': {server!r}}}); "
            "assert len(found) == 1; assert 'language_tool_python' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# ------------------------------------------------------------ through the command line

def test_with_the_server_stopped_a_run_reports_every_other_finding(tmp_path):
    from click.testing import CliRunner

    from linter.cli import main

    for n in range(4):
        (tmp_path / f"story{n}.txt").write_text(f"Officials in Kiev met the the envoy {n}.\nIt went well.\n")
    files = [str(p) for p in sorted(tmp_path.glob("*.txt"))]
    url = stopped_server_url()
    runner = CliRunner()
    with_grammar = runner.invoke(main, ["check", "--format", "json", "--select", "style,grammar",
                                        "--languagetool", url, *files])
    without = runner.invoke(main, ["check", "--format", "json", "--select", "style", *files])
    assert with_grammar.exit_code == without.exit_code
    warnings = [line for line in with_grammar.stderr.splitlines() if "LanguageTool" in line]
    assert warnings == [f"artlint: LanguageTool at {url}: connection refused (3 attempts); grammar checks skipped"]
    report, baseline = json.loads(with_grammar.stdout), json.loads(without.stdout)
    assert report["findings"] == baseline["findings"] and len(report["findings"]) >= 4


def test_markdown_front_matter_and_code_are_not_sent(server):
    source = ("---\ntitle: the the title\n---\n"
              "# A *unusual* heading 🎉\n\n"
              "```\ncode code\n```\n\n"
              "Text 😀 with **the the** bold.\n")
    check, _ = grammar({"server": server})
    doc = read_source("post.md", source)
    before = len(stats(server)["texts"])
    found = list(check.run(doc))
    (sent,) = stats(server)["texts"][before:]
    assert "title" not in sent and "code code" not in sent and "**" not in sent
    lines = source.splitlines()
    assert sorted((f.line, f.column, f.match) for f in found) == [
        (4, 3, "A"), (10, lines[9].index("the the") + 1, "the the")]
