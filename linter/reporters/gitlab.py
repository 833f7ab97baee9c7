"""GitLab Code Quality report: a JSON array, one issue a finding, with the
fields GitLab documents (description, check_name, fingerprint, severity,
location.path, location.lines.begin). GitLab shows one issue per
fingerprint, so two identical findings get different ones; the fingerprint
does not depend on line numbers, so it is stable across runs and edits
that move the text."""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from . import relative_posix

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report, *, color: bool = False, source_lines=None, **_) -> str:
    seen: Counter = Counter()
    issues = []
    for finding in report.findings:
        line_text = source_lines(finding.path, finding.line) if source_lines else None
        base = identity(finding, line_text)
        seen[base] += 1
        issues.append(issue(finding, fingerprint(base, seen[base])))
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def identity(finding, line_text: str | None) -> tuple[str, ...]:
    return (finding.rule, relative_posix(finding.path), finding.match, (line_text or "").strip())


def fingerprint(identity: tuple[str, ...], occurrence: int) -> str:
    text = "\x00".join((*identity, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def issue(finding, print_: str) -> dict:
    return {
        "type": "issue",
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": print_,
        "severity": SEVERITIES[finding.severity],
        "categories": ["Style"],
        "location": {"path": relative_posix(finding.path),
                     "lines": {"begin": finding.line, "end": finding.end_line}},
    }
