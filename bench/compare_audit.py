#!/usr/bin/env python3
"""Compare an audit's JSON Lines with `artlint check --format json` on the
same files: exit 0 and say so when every file's date and findings agree.

    python bench/compare_audit.py results.jsonl check.json"""
from __future__ import annotations

import json
import sys


def audit_view(lines) -> dict:
    """path -> (date, date_source, findings) of an audit's lines."""
    out = {}
    for raw in lines:
        line = json.loads(raw)
        out[line["path"]] = (line["date"], line["date_source"], line["findings"])
    return out


def check_view(report: dict) -> dict:
    """The same view of a `check --format json` report."""
    found = {}
    for f in report["findings"]:
        found.setdefault(f["path"], []).append(f)
    return {e["path"]: (e["date"], e["date_source"], found.get(e["path"], [])) for e in report["files"]}


def differences(audit: dict, check: dict) -> list[str]:
    out = [f"{p}: only in the audit" for p in sorted(audit.keys() - check.keys())]
    out += [f"{p}: only in check" for p in sorted(check.keys() - audit.keys())]
    out += [f"{p}: differs" for p in sorted(audit.keys() & check.keys()) if audit[p] != check[p]]
    return out


def main(argv=None) -> int:
    argv = argv or sys.argv[1:]
    with open(argv[0], encoding="utf-8") as fh:
        audit = audit_view(fh)
    with open(argv[1], encoding="utf-8") as fh:
        check = check_view(json.load(fh))
    diff = differences(audit, check)
    for line in diff[:20]:
        print(line)
    n = sum(len(v[2]) for v in audit.values())
    print(f"{'IDENTICAL' if not diff else 'DIFFERENT'}: {len(audit)} files, {n} findings in the audit; "
          f"{len(check)} files, {sum(len(v[2]) for v in check.values())} findings in check")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
