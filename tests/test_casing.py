"""The `casing` check: proper nouns from a gazetteer written in lower case."""
from pathlib import Path

import pytest

from linter.checks.casing import Casing
from linter.context import Context
from linter.model import LintError
from linter.readers import read_source
from linter.rules import load_rule, shipped_rules_dir

RULE = shipped_rules_dir() / "translation" / "lowercase-proper-noun.yaml"


def rule_file(tmp_path, names):
    path = tmp_path / "casing.yaml"
    path.write_text("check: casing\nmessage: \"'{match}' -> '{name}'\"\ncategory: translation\nseverity: warning\n"
                    "description: d\nexamples: {bad: [x]}\nnames: " + names + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def check():
    return Casing(load_rule("translation", RULE), Context())


def found(check, text):
    return [(f.match, f.suggestions) for f in check.run(read_source("draft.txt", text))]


def test_lower_cased_names_are_reported_with_the_proper_form(check):
    assert found(check, "In writing on his truth social page, Trump added more.") == [("truth social", ("Truth Social",))]
    assert found(check, "Earlier, the kremlin said so.") == [("kremlin", ("Kremlin",))]
    assert found(check, "Then the White house said so.") == [("White house", ("White House",))]


@pytest.mark.parametrize("text", [
    "His Truth Social page and the White House agree.",
    "They live in a small white house near the river.",          # no article: a literal house
    "THE WHITE HOUSE SAID NOTHING.",                               # all capitals
    "See https://example.com/truth social-post or @white house.",  # addresses and handles
    "Ask the state Department of Public Safety.",                  # part of another name
])
def test_proper_or_literal_uses_pass(check, text):
    assert found(check, text) == []


def test_entry_article_is_required_but_not_underlined(tmp_path):
    check = Casing(load_rule("t", rule_file(tmp_path, "[the Pentagon]")), Context())
    [finding] = check.run(read_source("d.txt", "A pentagon has five sides; the pentagon said no."))
    assert finding.match == "pentagon" and finding.column == 32
    assert finding.message == "'pentagon' -> 'Pentagon'"


def test_entry_without_capitals_is_a_rule_error(tmp_path):
    with pytest.raises(LintError, match="casing.yaml: field 'names.0'"):
        load_rule("t", rule_file(tmp_path, "[white house]"))
