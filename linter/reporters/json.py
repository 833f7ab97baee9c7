"""JSON report: the contract of DESIGN.md, one object
`{"findings": [...], "files": [...]}` plus the artlint version, errors (`notices`) and `warnings`."""
from __future__ import annotations

import json

from .. import __version__


def render(report, *, color: bool = False, source_lines=None) -> str:
    out = {
        "version": __version__,
        "findings": [finding.to_dict() for finding in report.findings],
        "files": [entry.to_dict() for entry in report.files],
        "notices": list(report.notices),  # errors: the exit status is 2
        "warnings": list(getattr(report, "warnings", [])),  # e.g. a service that was skipped
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
