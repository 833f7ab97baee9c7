"""In-text switches, written as HTML comments in a draft:

    <!-- artlint-disable [RULE ...] -->            off from here on
    <!-- artlint-enable [RULE ...] -->             on again
    <!-- artlint-disable-next-line [RULE ...] -->  off for the next line

RULE is a rule id or a prefix of one (a pack such as `style`); none means
every rule. Several may be separated by spaces or commas."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document
from .model import Finding

SWITCH = re.compile(r"<!--\s*artlint-(disable-next-line|disable|enable)\b([^>]*?)-->", re.S)


@dataclass(frozen=True)
class Switch:
    line: int
    action: str
    rules: tuple[str, ...]  # empty: every rule


def switches(doc: Document) -> list[Switch]:
    found = []
    for m in SWITCH.finditer(doc.source):
        end_line, _ = doc.position(m.end() - 1)
        rules = tuple(r for r in re.split(r"[\s,]+", m.group(2).strip()) if r)
        found.append(Switch(end_line, m.group(1), rules))
    return found


def names(rule_id: str, patterns: tuple[str, ...]) -> bool:
    return not patterns or any(rule_id == p or rule_id.startswith(p + ".") for p in patterns)


def suppressed(finding: Finding, rules_switches: list[Switch], next_lines: dict[int, int]) -> bool:
    off = False
    for switch in rules_switches:
        if switch.action == "disable-next-line":
            if next_lines.get(switch.line) == finding.line and names(finding.rule, switch.rules):
                return True
            continue
        if switch.line > finding.line:
            break
        if names(finding.rule, switch.rules):
            off = switch.action == "disable"
    return off


def next_prose_line(doc: Document, line: int) -> int:
    """The first non-blank line after `line` (which a disable-next-line means)."""
    total = len(doc.line_starts)
    for candidate in range(line + 1, total + 1):
        if doc.line_text(candidate).strip():
            return candidate
    return line + 1


def apply(doc: Document, findings: list[Finding]) -> list[Finding]:
    found = switches(doc)
    if not found:
        return findings
    next_lines = {s.line: next_prose_line(doc, s.line) for s in found if s.action == "disable-next-line"}
    return [f for f in findings if not suppressed(f, found, next_lines)]
