#!/usr/bin/env python3
"""Lint the seed articles, each as of its own publication date (from
seeds/expected.yaml), with the text report: `python tools/lint_seeds.py`.
Extra arguments go to `artlint check` (e.g. --format json, --select translation).

It is the README's set-up check: it exits 0 when every lint ran, findings
or not (the seeds are meant to have findings), and 2 when one could not run."""
import subprocess
import sys
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(extra):
    gold = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    failed = []
    for article in gold["articles"]:
        cmd = [sys.executable, "-m", "linter", "check", "--date", str(article["date"]), *extra, str(SEEDS / article["file"])]
        status = subprocess.run(cmd).returncode
        if status not in (0, 1):  # 1 means findings: what the seeds are for
            failed.append(f"{article['file']} (exit {status})")
    if failed:
        print(f"lint_seeds: artlint could not lint {', '.join(failed)}", file=sys.stderr)
        return 2
    print(f"lint_seeds: set-up OK, {len(gold['articles'])} seed articles linted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
