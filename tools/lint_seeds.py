#!/usr/bin/env python3
"""Lint the seed articles, each as of its own publication date (from
seeds/expected.yaml), with the text report: `python tools/lint_seeds.py`.
Extra arguments go to `artlint check` (e.g. --format json, --select translation)."""
import subprocess
import sys
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(extra):
    gold = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    worst = 0
    for article in gold["articles"]:
        cmd = [sys.executable, "-m", "linter", "check", "--date", str(article["date"]), *extra, str(SEEDS / article["file"])]
        worst = max(worst, subprocess.run(cmd).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
