"""The `acronym` check (style.undefined-acronym): acronyms an article never
spells out and readers cannot be assumed to know."""
from __future__ import annotations


import pytest

from linter.checks import acronym
from linter.config import Config
from linter.engine import RuleSet, Selection, lint_documents, lint_text
from linter.readers import read_source
from linter.records import replace
from linter.rules import load_rules, shipped_rules_dir

RULE = "style.undefined-acronym"


def flagged(text, config=None):
    return [f.match for f in lint_text(text, select=[RULE], config=config)]


def test_unknown_acronym_is_an_info_finding_on_its_columns():
    found = lint_text("US envoy Steve Witkoff informed UJ that he expects a call.", select=[RULE])
    assert [(f.match, f.column, f.end_column, f.severity) for f in found] == [("UJ", 33, 34, "info")]
    assert "'UJ'" in found[0].message


@pytest.mark.parametrize("text", [
    "The Voice of America (VOA) closed its bureau. VOA staff left.",
    "VOA (Voice of America) closed its bureau. VOA staff left.",
    "VOA ( Voice of America ) closed its bureau.",
])
def test_expansion_in_either_order_defines_it(text):
    assert flagged(text) == []


def test_expansion_anywhere_in_the_article_defines_it():
    assert flagged("VOA staff left on Monday.\n\nThe Voice of America had run the bureau since 1990.") == []


@pytest.mark.parametrize("text", [
    "The National Security Council met. An NSC spokesman declined to comment.",
    "The Jet Propulsion Laboratory said JPL engineers fixed it.",
    "The Organization for Security and Co-operation in Europe sent monitors; the OSCE saw no shelling.",
    "Members of the Voice of America union said VOA would close.",  # VOA keeps the connector's letter
    "Faith & Freedom News reported it first; FFN said so again on Monday.",
])
def test_initials_of_a_capitalised_phrase_define_it(text):
    assert flagged(text) == []


def test_initials_must_be_capitalised_words_of_the_article():
    assert flagged("The national security council met. An NSC spokesman declined to comment.") == ["NSC"]
    assert flagged("The Security Council met. An NSC spokesman declined to comment.") == ["NSC"]
    assert flagged("He met Nicola Sturgeon. Council members and an NSC spokesman declined to comment.") == ["NSC"]


@pytest.mark.parametrize("text", [
    "NATO, the FBI and CNN confirmed the report.",  # common in English: Zipf >= 3
    "The deal is worth USD 5 million, or UAH 200 million.",  # ISO 4217 currency codes
    "King Charles III met Pope Leo XIV.",  # Roman numerals
    "BREAKING: ZSU DRONES HIT TWO DEPOTS OVERNIGHT.",  # a shouted headline
    "See https://example.org/ZSU/report for details.",  # not prose
])
def test_widely_known_acronyms_and_non_prose_pass(text):
    assert flagged(text) == []


def test_only_the_first_use_is_reported_and_plurals_and_possessives_count():
    assert flagged("The ZSU's drones hit two depots. ZSU officers said the ZSUs were ready.") == ["ZSU's"]


def test_project_vocabulary_accepts_an_acronym():
    assert flagged("The ZSU said its drones hit two depots.", Config(accept=["ZSU"])) == []


def test_what_a_token_and_a_run_of_words_spell():
    assert acronym.acronym_of("NGOs") == "NGO" and acronym.acronym_of("Nato") is None
    assert acronym.acronym_of("ABCDEF") is None and acronym.acronym_of("A") is None
    assert acronym.spells(["The", "National", "Security", "Council"], "NSC")
    assert acronym.spells(["Voice", "of", "America"], "VOA") and acronym.spells(["Voice", "of", "America"], "VA")
    assert not acronym.spells(["Voice", "of", "America"], "OA")  # a stretch starts on a capitalised word
    assert not acronym.spells(["Voice", "of", "America"], "AV")


def test_min_zipf_is_the_line_between_known_and_unknown():
    shipped = next(r for r in load_rules([shipped_rules_dir()]) if r.id == RULE)
    text = "US envoy Steve Witkoff informed UJ that he expects a call."  # 'uj': Zipf 2.46

    def matches(min_zipf):
        rule = replace(shipped, params={**shipped.params, "min_zipf": min_zipf})
        found, _ = lint_documents([read_source("draft.txt", text)], RuleSet(Config(), Selection(), rules=[rule]), Selection())
        return [f.match for f in found]

    assert matches(3.0) == ["UJ"]
    assert matches(2.0) == []
