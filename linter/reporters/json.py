"""JSON report: the contract of DESIGN.md, one object
`{"findings": [...], "files": [...]}` plus the artlint version, errors (`notices`) and `warnings`."""
from __future__ import annotations

import json

from .. import __version__


def render(report, *, color: bool = False, source_lines=None) -> str:
    return "".join(pieces(report))


def pieces(report, **_):
    """The text of json.dumps(the whole object, indent=2), made finding by
    finding (the command line writes each piece as it comes): the
    pure-Python indenting encoder would hold millions of small pieces of a
    big report at once, about 4 KiB a finding."""
    fields = {
        "version": lambda: [dumped(__version__, 1)],
        "findings": lambda: array(finding.to_dict() for finding in report.findings),
        "files": lambda: array(entry.to_dict() for entry in report.files),
        "notices": lambda: [dumped(list(report.notices), 1)],  # errors: the exit status is 2
        "warnings": lambda: [dumped(list(getattr(report, "warnings", [])), 1)],  # e.g. a service that was skipped
    }
    yield "{"
    for n, (key, value) in enumerate(fields.items()):
        yield ("," if n else "") + f"\n  {json.dumps(key)}: "
        yield from value()
    yield "\n}\n"


def dumped(value, level: int) -> str:
    """json.dumps(value, indent=2) as it stands `level` levels deep (a JSON
    string holds no raw newline, so every newline is layout)."""
    try:
        return indented(value, "\n" + "  " * level)
    except Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


class Unusual(Exception):
    """A value `indented` leaves to json.dumps."""


_string = json.encoder.encode_basestring  # the C encoder of one string (ensure_ascii=False)
_SCALARS = {bool: lambda v: "true" if v else "false", type(None): lambda v: "null", str: _string, int: int.__repr__}


def indented(value, newline: str) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2) with every newline
    written as `newline`, for dicts (string keys), lists, tuples, strings,
    ints, bools, None and finite floats: json.dumps with an indent runs
    json's pure-Python encoder, several times slower for a finding. Any
    other value raises Unusual."""
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(value)
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise Unusual()
        return float.__repr__(value)
    inner = newline + "  "
    if kind is dict:
        if not value:
            return "{}"
        if not all(type(k) is str for k in value):
            raise Unusual()
        return "{" + inner + ("," + inner).join(_string(k) + ": " + indented(v, inner) for k, v in value.items()) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(indented(v, inner) for v in value) + newline + "]"
    raise Unusual()


def array(values, level: int = 1):
    """The pieces of a JSON array of `values`, indented as json.dumps does."""
    pad = "  " * (level + 1)
    empty = True
    for value in values:
        yield ("[\n" if empty else ",\n") + pad + dumped(value, level + 1)
        empty = False
    yield "[]" if empty else "\n" + "  " * level + "]"
