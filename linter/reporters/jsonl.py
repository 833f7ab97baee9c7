"""JSON Lines report: one object a file, in input order, written as each
file finishes: `{"path", "date", "date_source", "date_confidence",
"findings": [...], "error"?}` (the lines `artlint audit` writes; a finding
as in the JSON report). Errors and warnings go to stderr, as in every format."""
from __future__ import annotations

import json


def file_line(entry, findings) -> str:
    line = {"path": entry.path, "date": entry.date, "date_source": entry.date_source,
            "date_confidence": entry.date_confidence, "findings": [f.to_dict() for f in findings]}
    if entry.error:
        line["error"] = entry.error
    return json.dumps(line, ensure_ascii=False) + "\n"


def render(report, *, color: bool = False, source_lines=None) -> str:
    by_path: dict[str, list] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    return "".join(file_line(entry, by_path.get(entry.path, [])) for entry in report.files)


class Stream:
    """The same lines, file by file (linter.reporters.streaming)."""

    def __init__(self, *, color: bool = False, summary: bool = True):
        pass

    def file(self, entry, findings, lines: dict) -> str:
        return file_line(entry, findings)

    def end(self) -> str:
        return ""
