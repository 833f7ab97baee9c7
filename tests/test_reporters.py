"""The four reporters: text, json, sarif, github."""
from __future__ import annotations

import json
import re
from linter.records import replace
from pathlib import Path

import jsonschema
import pytest

from linter.model import FileResult, Finding, Report
from linter.reporters import REPORTERS, render
from linter.reporters.github import escape_data, escape_property
from linter.rules import Rule

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[")

LINES = {
    ("news/a.txt", 3): "Le pre\u0301sident said the rearmail was sent.",  # combining accent
    ("news/a.txt", 5): "日本語 sa\tformer President Trump.",
    ("news/b.md", 1): "x" * 300 + " approvedly " + "y" * 300,
}


def source_lines(path, line):
    return LINES.get((path, line))


def finding(path, line, column, match, rule="translation.nonword", severity="error",
            category="translation", message=None, suggestions=(), end_line=None):
    return Finding(path=path, line=line, column=column, end_line=end_line or line,
                   end_column=column + len(match) - 1, rule=rule, category=category,
                   severity=severity, message=message or f"Not a word: '{match}'",
                   match=match, suggestions=tuple(suggestions))


def rule(rule_id, category="translation", severity="error", link=""):
    pack = rule_id.split(".")[0]
    return Rule(id=rule_id, pack=pack, check="nonword", message="{match}", category=category,
                severity=severity, description=f"What {rule_id} finds. Why it matters.",
                path=f"rules/{pack}/x.yaml", link=link,
                examples={"bad": ["The rearmail came."], "good": ["The email came."]})


@pytest.fixture
def report():
    findings = [
        finding("news/a.txt", 3, 24, "rearmail", suggestions=["rearm", "email"]),
        finding("news/a.txt", 5, 15, "President", rule="fact.former", category="fact",
                severity="warning", message="Trump is president on 2025-03-17"),
        finding("news/b.md", 1, 302, "approvedly", severity="info"),
    ]
    files = [
        FileResult("news/a.txt", findings=2, date="2025-03-17", date_source="--date"),
        FileResult("news/b.md", findings=1, date="2024-01-02", date_source="front matter"),
        FileResult("news/gone.txt", error="news/gone.txt: cannot read: No such file or directory"),
    ]
    rules = {"translation.nonword": rule("translation.nonword", link="https://example.org/nonword"),
             "fact.former": rule("fact.former", category="fact", severity="warning")}
    return Report(findings=findings, files=files, rules=rules)


def test_registry_dispatches_and_rejects_unknown_format(report):
    assert REPORTERS == ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "html", "jsonl")
    for name in REPORTERS:
        assert render(name, report, source_lines=source_lines)
    with pytest.raises(ValueError, match="xml"):
        render("xml", report)


# --- json ---------------------------------------------------------------

def test_json_is_the_design_contract(report):
    data = json.loads(render("json", report))
    assert data["findings"] == [f.to_dict() for f in report.findings]
    assert data["files"] == [f.to_dict() for f in report.files]
    first = data["findings"][0]
    assert set(first) == {"path", "line", "column", "end_line", "end_column", "rule", "category",
                          "severity", "message", "match", "suggestions"}
    assert (first["column"], first["end_column"]) == (24, 31)  # end_column inclusive
    assert data["files"][0]["date"] == "2025-03-17" and data["files"][0]["date_source"] == "--date"
    assert data["files"][2]["error"].endswith("No such file or directory")


def test_json_keeps_non_ascii_text():
    report = Report([finding("a.txt", 1, 1, "Zelenskyï")], [FileResult("a.txt", 1)])
    assert json.loads(render("json", report))["findings"][0]["match"] == "Zelenskyï"


def whole_object_json(report) -> str:
    """The json report as one json.dumps of the whole object (what the reporter writes piece by piece)."""
    from linter import __version__

    return json.dumps({"version": __version__, "findings": [f.to_dict() for f in report.findings],
                       "files": [r.to_dict() for r in report.files], "notices": list(report.notices),
                       "warnings": list(report.warnings)}, ensure_ascii=False, indent=2) + "\n"


def test_json_is_written_as_one_dumps_of_the_whole_object(report):
    from linter.model import Edit, Fix

    fixed = Finding(path="news/ü.txt", line=2, column=1, end_line=3, end_column=4, rule="style.x",
                    category="style", severity="warning", message='Say "Kyiv"\nnot Kiev', match="Kiev\tx",
                    suggestions=("Kyiv",), score=0.123456, extra=(("cue", ["a", {"b": []}]),),
                    fix=Fix((Edit(0, 4, "Kyiv"),), "safe", "Kyiv"))
    reports = [report, Report([], []), Report([fixed, *report.findings], report.files, notices=["x: bad"],
                                              warnings=["skipped ü"])]
    for each in reports:
        assert render("json", each) == whole_object_json(each)

# --- sarif --------------------------------------------------------------

def sarif(report, **kw):
    return json.loads(render("sarif", report, source_lines=source_lines, **kw))


def test_sarif_validates_against_the_2_1_0_schema(report):
    log = sarif(report)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_sarif_rules_carry_help_and_metadata(report):
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "artlint" and driver["version"] and driver["informationUri"]
    by_id = {r["id"]: r for r in driver["rules"]}
    nonword = by_id["translation.nonword"]
    assert nonword["shortDescription"]["text"] == "What translation.nonword finds."
    assert "The rearmail came." in nonword["help"]["text"]
    assert "`The email came.`" in nonword["help"]["markdown"]
    assert nonword["helpUri"] == "https://example.org/nonword"
    assert nonword["defaultConfiguration"]["level"] == "error"
    assert nonword["properties"]["category"] == "translation"
    assert "helpUri" not in by_id["fact.former"]


def test_sarif_results_point_at_the_span(report):
    run = sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    for res, f in zip(results, report.findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": f.path, "uriBaseId": "%SRCROOT%"}
        region = loc["region"]
        assert (region["startLine"], region["startColumn"]) == (f.line, f.column)
        assert region["endColumn"] == f.end_column + 1  # exclusive in SARIF
        assert region["snippet"]["text"] == f.match
    # the long line gets a clipped context that still contains the span
    context = results[2]["locations"][0]["physicalLocation"]["contextRegion"]
    assert "approvedly" in context["snippet"]["text"] and len(context["snippet"]["text"]) < 300
    # spelling guesses are suggestions, not fixes (issue 10)
    assert "fixes" not in results[0] and results[0]["properties"]["suggestions"] == ["rearm", "email"]


def test_sarif_notifies_unreadable_files(report):
    notes = sarif(report)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["level"] == "error"
    assert "No such file" in notes[0]["message"]["text"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/gone.txt"


def test_sarif_fingerprint_survives_moved_lines_not_changed_text():
    def fp(f, text):
        lines = {(f.path, f.line): text}
        log = json.loads(render("sarif", Report([f], [FileResult(f.path, 1)]),
                                source_lines=lambda p, n: lines.get((p, n))))
        return log["runs"][0]["results"][0]["partialFingerprints"]

    base = fp(finding("a.txt", 3, 5, "rearmail"), "The rearmail came.")
    assert fp(finding("a.txt", 9, 5, "rearmail"), "The rearmail came.") == base
    assert fp(finding("a.txt", 3, 5, "rearmail"), "The rearmail went.") != base
    assert fp(finding("b.txt", 3, 5, "rearmail"), "The rearmail came.") != base


def test_sarif_uri_is_relative_posix_and_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "my drafts" / "a.md")
    log = json.loads(render("sarif", Report([finding(inside, 1, 1, "x")], [])))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "my%20drafts/a.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_help_shows_examples_given_as_text_and_date():
    examples = {"bad": [{"text": "Former President Trump spoke.", "date": "2025-06-01"}],
                "good": [{"text": "President Trump spoke.", "date": "2025-06-01", "path": "a.md"}]}
    fact = replace(rule("fact.former", category="fact"), examples=examples)
    log = json.loads(render("sarif", Report([], [], rules={"fact.former": fact})))
    help_ = log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    assert "  Former President Trump spoke. (as of 2025-06-01)" in help_["text"]
    assert "- `President Trump spoke.` (as of 2025-06-01)" in help_["markdown"]


def test_sarif_from_the_command_line_with_every_rule_is_valid(tmp_path, cli):
    draft = tmp_path / "draft.txt"
    draft.write_text("Former President Trump said the talks went well.\nThe rearmail was sent.\n")
    result = cli("check", "--format", "sarif", "--date", "2025-06-01", draft)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    run = log["runs"][0]
    assert {"fact.former-title", "translation.nonword"} <= {r["ruleId"] for r in run["results"]}
    assert len(run["tool"]["driver"]["rules"]) > 10


# --- github -------------------------------------------------------------

def test_github_escaping_follows_the_toolkit():
    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"


def test_github_annotations(report):
    lines = render("github", report).splitlines()
    assert lines[0].startswith("::error file=news/gone.txt,")
    assert lines[1] == ("::error file=news/a.txt,line=3,col=24,endLine=3,endColumn=31,"
                        "title=artlint translation.nonword::Not a word: 'rearmail'%0ASuggestions: rearm, email")
    assert lines[2].startswith("::warning file=news/a.txt,line=5,col=15,")
    assert lines[3].startswith("::notice file=news/b.md,")


def test_github_escapes_paths_and_drops_columns_on_multiline_spans():
    f = finding("drafts/a,b:c.md", 2, 4, "50% off", end_line=3)
    line = render("github", Report([f], [])).strip()
    assert line.startswith("::error file=drafts/a%2Cb%3Ac.md,line=2,endLine=3,title=")
    assert "col=" not in line and "endColumn=" not in line
    assert line.endswith("::Not a word: '50%25 off'")


# --- text ---------------------------------------------------------------

def snippet_of(text, header_start):
    """(source line, underline line) printed under the header that starts so."""
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith(header_start))
    return lines[i + 1], lines[i + 2]


def underline_at(source, marks):
    """(offset, width) of the ^~~ marks relative to the printed source text."""
    text_start = source.index("| ") + 2
    start = marks.index("^")
    return start - text_start, len(marks.rstrip()) - start


def test_text_headers_and_summary(report):
    out = render("text", report, source_lines=source_lines)
    assert not ANSI.search(out)
    assert "news/a.txt:3:24: error [translation.nonword] Not a word: 'rearmail'" in out
    assert "    = suggestions: rearm, email" in out
    assert "gone.txt" not in out  # a file's error is printed on stderr by the command, not in the report
    assert out.rstrip().splitlines()[-1] == (
        "3 findings (1 error, 1 warning, 1 info) in 2 files; 1 file could not be read")


def test_text_names_the_date_once_per_file_with_fact_findings(report):
    out = render("text", report, source_lines=source_lines)
    assert out.count("facts judged as of") == 1
    assert "news/a.txt: note: facts judged as of 2025-03-17 (from --date)" in out


def test_text_underlines_the_span_after_non_ascii_text(report):
    out = render("text", report, source_lines=source_lines)
    source, marks = snippet_of(out, "news/a.txt:3:24:")
    assert source.endswith("Le pre\u0301sident said the rearmail was sent.")
    # column 24 counts the combining accent as a character; on screen it takes no cell
    assert underline_at(source, marks) == (len("Le président said the "), len("rearmail"))
    assert marks.strip().endswith("| " + " " * 22 + "^" + "~" * 7)


def test_text_underline_counts_wide_characters_and_tabs(report):
    out = render("text", report, source_lines=source_lines)
    source, marks = snippet_of(out, "news/a.txt:5:15:")
    # "日本語" is 3 characters but 6 cells; the tab after "sa" (cell 9) runs to cell 12
    assert source.endswith("日本語 sa   former President Trump.")
    offset, width = underline_at(source, marks)
    assert (offset, width) == (6 + 1 + 2 + 3 + 7, len("President"))


def test_text_clips_long_lines_around_the_span(report):
    out = render("text", report, source_lines=source_lines)
    source, marks = snippet_of(out, "news/b.md:1:302:")
    text = source[source.index("| ") + 2:]
    assert text.startswith("…") and text.endswith("…") and len(text) <= 102
    offset, width = underline_at(source, marks)
    assert text[offset:offset + width] == "approvedly"


def test_text_colour_only_when_asked(report):
    assert ANSI.search(render("text", report, color=True, source_lines=source_lines))
    assert not ANSI.search(render("text", report, color=False, source_lines=source_lines))


def test_text_without_source_lines_and_without_findings():
    f = finding("a.txt", 1, 1, "rearmail")
    out = render("text", Report([f], [FileResult("a.txt", 1)]))
    assert out.splitlines() == ["a.txt:1:1: error [translation.nonword] Not a word: 'rearmail'",
                                "1 finding (1 error) in 1 file"]
    assert render("text", Report([], [FileResult("a.txt"), FileResult("b.txt")])) == "No findings in 2 files\n"


def test_text_neutralises_control_characters():
    f = finding("a.txt", 1, 5, "bad\x1b[31m")
    out = render("text", Report([f], []), source_lines=lambda p, n: "The bad\x1b[31m word")
    assert "\x1b" not in out


def test_use_color_follows_terminal_and_no_color(monkeypatch):
    from linter.reporters import use_color

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color(Tty()) and not use_color(Tty(), no_color=True)
    assert not use_color(object())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())


def test_text_quiet_mode_drops_the_summary_and_explains_a_guessed_date():
    f = finding("a.txt", 1, 1, "former", rule="fact.former", category="fact")
    out = render("text", Report([f], [FileResult("a.txt", 1, "2025-06-01", "today")]), summary=False)
    assert "facts judged as of 2025-06-01 (today's date" in out
    assert "finding" not in out.splitlines()[-1]


def test_github_paths_are_relative_to_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = finding(str(tmp_path / "drafts" / "a.md"), 1, 1, "x")
    assert render("github", Report([f], [])).startswith("::error file=drafts/a.md,line=1,")


def test_json_pieces_are_the_rendered_text_and_printed_as_it(report, capsys):
    from linter.cli import write, write_pieces
    from linter.reporters import render_pieces

    pieces = list(render_pieces("json", report))
    assert len(pieces) > len(report.findings) and "".join(pieces) == render("json", report)
    for format_pieces in (pieces, ["a", "", "b"], [], ["x\n"]):
        write_pieces(iter(format_pieces))
        piecewise = capsys.readouterr().out
        write("".join(format_pieces))
        assert piecewise == capsys.readouterr().out
