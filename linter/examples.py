"""Every rule carries its own test cases: each `bad` example must yield at
least one finding of that rule, each `good` example none."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .config import Config
from .dates import iso_date
from .engine import RuleSet, Selection, lint_documents
from .model import LintError
from .readers import read_source
from .rules import Rule, load_rules

DEFAULT_EXAMPLE_DATE = dt.date(2025, 6, 1)


def example_parts(example) -> tuple[str, dt.date | None, str]:
    """(text, date, path); date None for `date: none` (an undated file under
    the fallback `none`)."""
    if isinstance(example, str):
        return example, DEFAULT_EXAMPLE_DATE, "example.txt"
    raw = example.get("date")
    date = None if raw == "none" else iso_date(raw) if raw else DEFAULT_EXAMPLE_DATE
    return example["text"], date, example.get("path", "example.txt")


def rule_findings(ruleset: RuleSet, rule: Rule, example) -> list | None:
    """The rule's findings on one example; None when the rule cannot run here
    (no spaCy model for an NLP rule). A rule that fails is a LintError."""
    text, date, path = example_parts(example)
    selection = Selection(date=date, date_fallback="none" if date is None else None)
    findings, errors = lint_documents([read_source(path, text)], ruleset, selection)
    if errors:
        raise LintError(errors[0])
    if ruleset.checks[0].needs_nlp and ruleset.context.nlp is None:
        return None
    return [f for f in findings if f.rule == rule.id]


def runnable(rule: Rule, config: Config) -> bool:
    return rule.check != "grammar" or bool(config.languagetool.get("server"))


def check_rule(rule: Rule, config: Config) -> tuple[list[str], int]:
    """(failure lines, number of examples run) for one rule."""
    if not runnable(rule, config):
        return [], 0
    ruleset = RuleSet(config, Selection(), rules=[rule])
    failures, total = [], 0
    for want_findings, examples in ((True, rule.examples.get("bad", [])), (False, rule.examples.get("good", []))):
        for example in examples:
            found = rule_findings(ruleset, rule, example)
            if found is None:
                continue
            total += 1
            if bool(found) != want_findings:
                text = example_parts(example)[0]
                what = "no finding for bad example" if want_findings else f"{len(found)} finding(s) for good example"
                failures.append(f"{rule.path}: {rule.id}: {what}: {text[:80]!r}")
    return failures, total


def run_examples(folders: list[Path], config: Config | None = None) -> tuple[list[str], int]:
    config = config or Config()
    failures, total = [], 0
    for rule in load_rules(folders):
        lines, count = check_rule(rule, config)
        failures += lines
        total += count
    return failures, total
