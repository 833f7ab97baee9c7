"""In-text switches, written as HTML comments in a draft:

    <!-- artlint-disable [RULE ...] -->            off from here on
    <!-- artlint-enable [RULE ...] -->             on again from here
    <!-- artlint-disable-next-line [RULE ...] -->  off for the next line of text

RULE is a rule id or a prefix of one (a pack such as `style`); none means
every rule. Several may be separated by spaces or commas. Only real comments
count (the readers collect them): a switch shown in a code block does not."""
from __future__ import annotations

import re
from .records import record

from .document import Document
from .model import Finding
from .rules import id_matches

SWITCH = re.compile(r"^\s*artlint-(disable-next-line|disable|enable)\b(.*)$", re.S)


@record(frozen=True)
class Switch:
    offset: int  # where it takes effect: the end of the comment
    line: int  # the line the comment ends on
    action: str
    rules: tuple[str, ...]  # empty: every rule


def switches(doc: Document) -> list[Switch]:
    found = []
    for _, end, body in doc.comments:
        m = SWITCH.match(body)
        if m:
            rules = tuple(r for r in re.split(r"[\s,]+", m.group(2).strip()) if r)
            found.append(Switch(end, doc.position(end - 1)[0], m.group(1), rules))
    return sorted(found, key=lambda s: s.offset)


def names(rule_id: str, patterns: tuple[str, ...]) -> bool:
    """A switch without rules names every rule."""
    return not patterns or id_matches(rule_id, patterns)


def comment_only(doc: Document, line: int) -> bool:
    """Whether a line holds nothing but comments and white space."""
    start = doc.line_starts[line - 1]
    text = doc.line_text(line)
    rest = list(text)
    for begin, end, _ in doc.comments:
        for i in range(max(begin, start), min(end, start + len(text))):
            rest[i - start] = " "
    return not "".join(rest).strip()


def next_text_line(doc: Document, line: int) -> int:
    """The first line after `line` with text on it (not blank, not only comments)."""
    for candidate in range(line + 1, len(doc.line_starts) + 1):
        if doc.line_text(candidate).strip() and not comment_only(doc, candidate):
            return candidate
    return line + 1


def suppressed(finding: Finding, offset: int, found: list[Switch], next_lines: dict[Switch, int]) -> bool:
    off = False
    for switch in found:
        if switch.action == "disable-next-line":
            if next_lines[switch] == finding.line and names(finding.rule, switch.rules):
                return True
        elif switch.offset <= offset and names(finding.rule, switch.rules):
            off = switch.action == "disable"
    return off


def apply(doc: Document, findings: list[Finding]) -> list[Finding]:
    found = switches(doc)
    if not found:
        return findings
    next_lines = {s: next_text_line(doc, s.line) for s in found if s.action == "disable-next-line"}

    def offset(f: Finding) -> int:
        return doc.line_starts[f.line - 1] + f.column - 1

    return [f for f in findings if not suppressed(f, offset(f), found, next_lines)]
