"""JSON report: the contract of DESIGN.md, one object
`{"findings": [...], "files": [...]}` plus the artlint version and notices."""
from __future__ import annotations

import json

from .. import __version__


def render(report, *, color: bool = False, source_lines=None) -> str:
    out = {
        "version": __version__,
        "findings": [finding.to_dict() for finding in report.findings],
        "files": [entry.to_dict() for entry in report.files],
        "notices": list(report.notices),
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
