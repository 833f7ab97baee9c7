"""existence, substitution, consistency and quotes, each through a small rule."""
import pytest

from linter.config import Config
from linter.engine import lint_text


def lint_with(tmp_path, rule_yaml, text):
    pack = tmp_path / "packs" / "t"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "r.yaml").write_text(
        "message: '{match} -> {suggestion}'\ncategory: style\nseverity: warning\ndescription: d\n"
        "examples: {bad: [x]}\n" + rule_yaml)
    return lint_text(text, config=Config(rule_dirs=[tmp_path / "packs"]), select=["t"])


def test_existence_word_boundaries_case_and_exceptions(tmp_path):
    rule = "check: existence\ntokens: [click here]\npatterns: ['\\bsign\\s+up\\b']\nexceptions: ['sign up for the army']\n"
    found = lint_with(tmp_path, rule, "Click  here to sign up. Don't unclick hereafter. They sign up for the army.")
    assert [f.match for f in found] == ["Click  here", "sign up"]


def test_substitution_phrases_keep_the_writers_case(tmp_path):
    rule = "check: substitution\nignorecase: true\nswap: {kiev: Kyiv, 'per cent': percent}\n"
    found = lint_with(tmp_path, rule, "KIEV rose 5 Per cent; Kievan Rus.")
    assert [(f.match, f.suggestions) for f in found] == [("KIEV", ("KYIV",)), ("Per cent", ("Percent",))]


def test_substitution_regex_with_groups(tmp_path):
    rule = "check: substitution\nregex: true\nswap: {'(\\d+) percents': '\\1 percent'}\n"
    found = lint_with(tmp_path, rule, "Up 5 percents.")
    assert [(f.match, f.suggestions) for f in found] == [("5 percents", ("5 percent",))]


def test_consistency_flags_the_later_variant(tmp_path):
    rule = "check: consistency\neither: [[Zelensky, Zelenskyy]]\n"
    found = lint_with(tmp_path, rule, "Zelenskyy spoke.\nZelensky left. Zelenskyy returned.")
    assert [(f.line, f.match, f.suggestions) for f in found] == [(2, "Zelensky", ("Zelenskyy",))]


@pytest.mark.parametrize("text, marks", [
    ('He said it. They know it. No one can."', [38]),
    ("She called it “historic.", [15]),
    ("“We are ready,” she said, “to sign.”", []),
    ('A 12" screen and "quoted words" here.', []),
    ("“The first paragraph of a long quote.\n“And its end.”", []),
])
def test_quotes(text, marks):
    found = lint_text(text, select=["translation.unbalanced-quotes"])
    assert [f.column for f in found] == marks
