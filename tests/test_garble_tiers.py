"""The garbled-sentence rule's weak tier: sentences between `weak_threshold`
and `threshold` are info findings with their own message, those above the
threshold warnings, those below the weak threshold nothing. The thresholds
are set around the real model's score of one sentence, so the tests do not
depend on what the shipped model scores."""
from __future__ import annotations


import pytest

from linter import garble
from linter.config import Config
from linter.engine import RuleSet, Selection, lint_documents
from linter.model import LintError
from linter.readers import read_source
from linter.records import replace
from linter.rules import load_rules, shipped_rules_dir

SENTENCE = "Art here is about narrowing that big gap between the parties of the talks."
SHIPPED = next(r for r in load_rules([shipped_rules_dir()]) if r.id == "translation.garbled-sentence")


def findings(**params):
    rule = replace(SHIPPED, params={**SHIPPED.params, **params})
    ruleset = RuleSet(Config(), Selection(), rules=[rule])
    found, errors = lint_documents([read_source("draft.txt", SENTENCE)], ruleset, Selection())
    assert not errors
    return found


@pytest.fixture(scope="module")
def score():
    (value,) = garble.sentence_scores([SENTENCE])
    assert 0.1 < value < 0.9  # room for thresholds on both sides
    return value


def test_between_the_thresholds_is_info_with_the_weak_message(score):
    (found,) = findings(weak_threshold=score - 0.05, threshold=score + 0.05)
    assert found.severity == "info" and found.match == SENTENCE
    assert "may read like machine translation" in found.message and f"{score:.2f}" in found.message


def test_above_the_threshold_is_the_rules_warning(score):
    (found,) = findings(weak_threshold=score - 0.1, threshold=score - 0.05)
    assert found.severity == "warning" and "may read" not in found.message


def test_below_the_weak_threshold_nothing(score):
    assert findings(weak_threshold=score + 0.01, threshold=score + 0.1) == []


def test_without_a_weak_threshold_there_is_no_tier(score):
    params = {k: v for k, v in SHIPPED.params.items() if not k.startswith("weak_")}
    rule = replace(SHIPPED, params={**params, "threshold": score + 0.05})
    ruleset = RuleSet(Config(), Selection(), rules=[rule])
    found, _ = lint_documents([read_source("draft.txt", SENTENCE)], ruleset, Selection())
    assert found == []


def test_weak_severity_never_exceeds_the_rules(score):
    rule = replace(SHIPPED, severity="info", params={**SHIPPED.params, "weak_severity": "error",
                                                                 "weak_threshold": score - 0.05, "threshold": score + 0.05})
    found, _ = lint_documents([read_source("draft.txt", SENTENCE)], RuleSet(Config(), Selection(), rules=[rule]), Selection())
    assert [f.severity for f in found] == ["info"]


def test_a_weak_threshold_above_the_threshold_is_a_rule_error():
    with pytest.raises(LintError, match="weak_threshold"):
        findings(weak_threshold=0.95, threshold=0.9)


def test_shipped_rule_has_an_info_tier_below_its_warning():
    assert SHIPPED.params["weak_severity"] == "info"
    assert 0 < SHIPPED.params["weak_threshold"] < SHIPPED.params["threshold"]
