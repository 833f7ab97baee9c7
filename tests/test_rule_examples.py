"""Every shipped rule's own examples: each bad one yields a finding of that
rule, each good one none. Grammar rules need a LanguageTool server and are
run against the contract-test server in test_grammar.py instead."""
import pytest

from linter.config import Config
from linter.examples import check_rule
from linter.rules import load_rules, shipped_rules_dir

RULES = load_rules([shipped_rules_dir()])


def test_every_pack_is_shipped():
    packs = {r.pack for r in RULES}
    assert {"boilerplate", "style", "translation", "fact"} <= packs


@pytest.mark.parametrize("rule", [r for r in RULES if r.check != "grammar"], ids=lambda r: r.id)
def test_rule_examples(rule):
    failures, total = check_rule(rule, Config())
    assert not failures, "\n".join(failures)
    assert total >= 1, f"{rule.id}: no example ran"
