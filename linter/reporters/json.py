"""JSON report: the contract of DESIGN.md, one object
`{"findings": [...], "files": [...]}` plus the artlint version, errors (`notices`) and `warnings`."""
from __future__ import annotations

import json

from .. import __version__


def render(report, *, color: bool = False, source_lines=None) -> str:
    """What json.dumps(the whole object, indent=2) writes, made finding by
    finding and joined once: its pure-Python indenting encoder would hold
    millions of small pieces of a big report at once (about 4 KiB a finding)."""
    fields = {
        "version": [dumped(__version__, 1)],
        "findings": array((finding.to_dict() for finding in report.findings), 1),
        "files": array((entry.to_dict() for entry in report.files), 1),
        "notices": [dumped(list(report.notices), 1)],  # errors: the exit status is 2
        "warnings": [dumped(list(getattr(report, "warnings", [])), 1)],  # e.g. a service that was skipped
    }
    pieces = ["{"]
    for n, (key, value) in enumerate(fields.items()):
        pieces += ["," if n else "", f"\n  {json.dumps(key)}: ", *value]
    pieces.append("\n}\n")
    return "".join(pieces)


def dumped(value, level: int) -> str:
    """json.dumps(value, indent=2) as it stands `level` levels deep (a JSON
    string holds no raw newline, so every newline is layout)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def array(values, level: int) -> list[str]:
    """The pieces of a JSON array of `values`, indented as json.dumps does."""
    pad = "  " * (level + 1)
    pieces = []
    for value in values:
        pieces += [",\n" + pad if pieces else "[\n" + pad, dumped(value, level + 1)]
    return pieces + ["\n" + "  " * level + "]"] if pieces else ["[]"]
