"""The pipeline: rule loading and validation, selection, severity, in-text
switches, configuration discovery, de-duplication and order."""
import datetime as dt
import textwrap
from pathlib import Path

import pytest

from linter.config import Config, find_config, load_config
from linter.engine import Linter, RuleSet, Selection, finish, lint_text, merge_grammar_duplicates
from linter.readers import read_source
from linter.model import Finding, LintError
from linter.rules import load_rule, load_rules

RULE = """\
check: existence
message: "Say 'said', not '{match}'"
category: style
severity: warning
description: Reporting verbs other than 'said' editorialise.
tokens: [claimed, opined]
examples:
  bad: ["He claimed it."]
  good: ["He said it."]
"""


def write_pack(tmp_path, name="house", files=None):
    pack = tmp_path / "packs" / name
    pack.mkdir(parents=True)
    for stem, text in (files or {"said": RULE}).items():
        (pack / f"{stem}.yaml").write_text(text)
    return tmp_path / "packs"


def test_rule_id_is_pack_and_stem(tmp_path):
    rules = load_rules([write_pack(tmp_path)])
    assert [r.id for r in rules] == ["house.said"]
    assert rules[0].params == {"tokens": ["claimed", "opined"]}


@pytest.mark.parametrize("change, error", [
    (("severity: warning", "severity: loud"), r"field 'severity': 'loud' is not one of"),
    (("tokens: [claimed, opined]", "tokens: [claimed]\ncolour: red"), r"unknown field 'colour'"),
    (("check: existence", "check: magic"), r"field 'check': 'magic' is not a check kind"),
    (("message: \"Say 'said', not '{match}'\"\n", ""), r"'message' is missing"),
    (("tokens: [claimed, opined]", "patterns: ['(unclosed']"), r"regex '\(unclosed'"),
    (("examples:", "examples: [\n"), r"not valid YAML \(line"),
    (("check: existence", "check: [existence]"), r"field 'check': \['existence'\] is not a check kind"),
    (("message: \"Say 'said', not '{match}'\"", "message: 'Say {0}'"), r"field 'message': placeholder \{0\} is not a name"),
    (("message: \"Say 'said', not '{match}'\"", "message: 'Say {'"), r"field 'message': Single '\{'"),
    (("good: [\"He said it.\"]", "good: [{text: 'He said it.', date: '2025-13-01'}]"), r"field 'examples.good.0.date': '2025-13-01' is not a date"),
])
def test_bad_rule_names_file_and_field(tmp_path, change, error):
    folder = write_pack(tmp_path, files={"said": RULE.replace(*change)})
    config = Config(rule_dirs=[folder])
    with pytest.raises(LintError, match=r"said\.yaml: " + error):
        lint_text("He claimed it.", config=config)


def test_select_ignore_and_severity_override(tmp_path):
    folder = write_pack(tmp_path)
    config = Config(rule_dirs=[folder], severity={"house": "error"})
    found = lint_text("He claimed and opined.", config=config, select=["house"])
    assert [(f.rule, f.severity, f.match) for f in found] == [("house.said", "error", "claimed"), ("house.said", "error", "opined")]
    config.ignore = ["house.said"]
    assert lint_text("He claimed it.", config=config, select=["house"]) == []


SWITCHED = """\
He claimed one thing.
<!-- artlint-disable house.said -->
He claimed another.
<!-- artlint-enable house.said -->
He opined at length.
<!-- artlint-disable-next-line house -->

He claimed a third thing.
He claimed a fourth. <!-- artlint-disable-next-line -->
He opined again.
"""


def test_in_text_switches(tmp_path):
    config = Config(rule_dirs=[write_pack(tmp_path)])
    found = lint_text(SWITCHED, path="draft.md", config=config, select=["house"])
    assert [f.line for f in found] == [1, 5, 9]


def test_config_discovered_upward_and_from_pyproject(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".artlint.yaml").write_text("fail_level: error\nignore: [style]\ndate: 2024-02-01\n")
    found = find_config(tmp_path / "a" / "b")
    assert found == tmp_path / ".artlint.yaml"
    config = load_config(found)
    assert config.fail_level == "error" and config.ignore == ["style"] and config.date == dt.date(2024, 2, 1)
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.artlint]\nfail_level = 'info'\n")
    assert load_config(find_config(tmp_path / "a" / "b")).fail_level == "info"


@pytest.mark.parametrize("text, error", [
    ("fail_level: loud\n", r"\.artlint\.yaml: field 'fail_level'"),
    ("colour: red\n", r"unknown field 'colour'"),
    ("date: yesterday\n", r"field 'date': 'yesterday' is not a date"),
    ("- a list\n", r"must be a mapping"),
])
def test_bad_config_is_one_line_error(tmp_path, text, error):
    (tmp_path / ".artlint.yaml").write_text(text)
    with pytest.raises(LintError, match=error):
        load_config(tmp_path / ".artlint.yaml")


def test_findings_sorted_across_rules(tmp_path):
    twice = {"said": RULE, "said2": RULE.replace("tokens: [claimed, opined]", "tokens: [opined, claimed]")}
    config = Config(rule_dirs=[write_pack(tmp_path, files=twice)])
    found = lint_text("He opined.\nHe claimed.\n", config=config, select=["house"])
    assert [(f.line, f.rule) for f in found] == [(1, "house.said"), (1, "house.said2"), (2, "house.said"), (2, "house.said2")]


def test_identical_findings_are_reported_once(tmp_path):
    doubled = RULE.replace("tokens: [claimed, opined]", "patterns: ['claimed', 'clai?med']")
    config = Config(rule_dirs=[write_pack(tmp_path, files={"said": doubled})])
    doc = read_source("a.txt", "He claimed it.")
    ruleset = RuleSet(config, Selection(select=("house",)))
    check = ruleset.checks[0]
    found = [*check.run(doc), *check.run(doc)]
    assert len(found) == 2 and len(finish(doc, found)) == 1


def finding(rule, category, col, end):
    return Finding("a.txt", 1, col, 1, end, rule, category, "warning", "m", "x")


def test_grammar_finding_merged_into_artlint_finding_on_same_span():
    kept = finding("translation.nonword", "translation", 5, 12)
    duplicate = finding("grammar.languagetool", "grammar", 6, 12)
    elsewhere = finding("grammar.languagetool", "grammar", 20, 25)
    assert merge_grammar_duplicates([kept, duplicate, elsewhere]) == [kept, elsewhere]


def test_unreadable_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Shelling hit Kiev.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    report = Linter(Selection(select=("style",)), lambda p: Config()).lint([(str(bad), None), (str(good), None)])
    assert [f.match for f in report.findings] == ["Kiev"]
    assert report.files[0].error == f"{bad}: binary file, not text"
    assert report.files[1].findings == 1 and report.files[1].date_source == "today"


def test_unknown_rule_names_are_errors(tmp_path):
    with pytest.raises(LintError, match=r"--select: 'stlye' names no rule or pack; did you mean style\?"):
        lint_text("x", select=["stlye"])
    (tmp_path / ".artlint.yaml").write_text("severity: {nosuch.rule: error}\n")
    with pytest.raises(LintError, match=r"severity: 'nosuch.rule' names no rule"):
        lint_text("x", config=load_config(tmp_path / ".artlint.yaml"))


def test_a_regex_that_matches_nothing_and_a_bad_replacement(tmp_path):
    empty = RULE.replace("check: existence", "check: substitution").replace("tokens: [claimed, opined]", "regex: true\nswap: {'z*': 'x'}")
    config = Config(rule_dirs=[write_pack(tmp_path, files={"said": empty})])
    assert lint_text("He claimed it.", config=config, select=["house"]) == []
    bad = empty.replace("{'z*': 'x'}", "{'(cl)aimed': '\\2'}")
    config = Config(rule_dirs=[write_pack(tmp_path / "b", files={"said": bad})])
    with pytest.raises(LintError, match=r"said\.yaml: field 'swap': replacement"):
        lint_text("He claimed it.", config=config, select=["house"])


def test_each_file_keeps_its_own_failure_level(tmp_path):
    strict, lax = tmp_path / "strict", tmp_path / "lax"
    for folder, level in ((strict, "info"), (lax, "error")):
        folder.mkdir()
        (folder / ".artlint.yaml").write_text(f"select: [style]\nfail_level: {level}\nseverity: {{style: warning}}\n")
        (folder / "a.txt").write_text("In Kiev.\n")
    from linter.config import find_config

    def config_for(path):
        return load_config(find_config(path.parent))

    lax_only = Linter(Selection(), config_for).lint([(str(lax / "a.txt"), None)])
    assert lax_only.findings and not lax_only.failed()
    both = Linter(Selection(), config_for).lint([(str(lax / "a.txt"), None), (str(strict / "a.txt"), None)])
    assert both.failed()


def test_a_broken_knowledge_base_is_an_error_not_silence(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "people.yaml").write_text("people: [oops\n")
    config = Config(knowledge_dirs=[kb])
    with pytest.raises(LintError, match=r"people\.yaml: not valid YAML"):
        lint_text("Former President Donald Trump spoke.", config=config, select=["fact"], date=dt.date(2025, 3, 1))


def test_switches_in_code_do_not_count_and_stacked_next_line_switches(tmp_path):
    config = Config(rule_dirs=[write_pack(tmp_path)])
    text = ("```\n<!-- artlint-disable -->\n```\n\n"
            "He claimed `<!-- artlint-disable -->` this.\n\n"
            "<!-- artlint-disable-next-line house -->\n<!-- artlint-disable-next-line style -->\n"
            "He opined once.\n\nHe opined twice.\n")
    found = lint_text(text, path="draft.md", config=config, select=["house"])
    assert [f.line for f in found] == [5, 11]


def test_a_switch_covers_only_the_text_after_it(tmp_path):
    config = Config(rule_dirs=[write_pack(tmp_path)])
    found = lint_text("He claimed it. <!-- artlint-disable --> He opined.\n", config=config, select=["house"])
    assert [f.match for f in found] == ["claimed"]


def test_the_session_module_imports_on_its_own():
    """Embedding starts with `from linter.session import Session` (README)."""
    import subprocess
    import sys

    code = "from linter.session import Session; from linter.engine import Linter; assert issubclass(Linter, Session)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_documents_go_through_the_checks_in_groups_without_changing_anything(tmp_path, monkeypatch):
    """RuleSet.run takes a batch GROUP documents at a time (memory), yet a
    line repeated on pages of other groups is still template (boilerplate
    prepares on the whole batch), a rule error still stops the rule for the
    rest of the batch, and the error lines keep the one-pass order."""
    from linter.checks.pattern import Pattern
    from linter.session import Session

    body = ["The city council approved the new budget on Tuesday after a debate that lasted six hours.",
            "The mayor said the plan would fund two new schools and repair dozens of roads in the city.",
            "Opposition members said the spending would force a tax rise, and vowed to fight it."]
    site = tmp_path / "site"
    site.mkdir()
    inputs = []
    for n in range(7):
        lines = [body[n % 3], "He claimed it was fine.", body[(n + 1) % 3]]
        if n in (0, 6):  # the repeated line stands on the first and last pages only
            lines.insert(1, "Weekend Edition Extras")
        (site / f"p{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        inputs.append((str(site / f"p{n}.txt"), None))
    original = Pattern.run

    def failing(self, doc, nlp=None):
        if doc.path.endswith(("p1.txt", "p5.txt")):
            raise RuntimeError("boom")
        return original(self, doc, nlp)

    monkeypatch.setattr(Pattern, "run", failing)

    def lint(group):
        monkeypatch.setattr(RuleSet, "GROUP", group)
        report = Session(Config()).lint_inputs(inputs)
        return report.findings, report.notices

    whole, whole_errors = lint(100)
    for group in (1, 2, 3):
        assert lint(group) == (whole, whole_errors)
    flagged = {(Path(f.path).name, f.line, f.rule) for f in whole}
    assert ("p0.txt", 2, "boilerplate.template-line") in flagged and ("p6.txt", 2, "boilerplate.template-line") in flagged
    failures = [e for e in whole_errors if "boom" in e]
    assert len(failures) >= 4  # by rule, then by page: p1, p5, p1, p5, ...
    assert [("p1.txt" in e, "p5.txt" in e) for e in failures] == [(True, False), (False, True)] * (len(failures) // 2)
