#!/usr/bin/env python3
"""Paired A/B CPU timing of `artlint check --jobs 1` over bench.py's corpus
for two copies of linter/ (as bench/ab_trees.py does for one file):

    mkdir -p /tmp/ab_A /tmp/ab_B
    git archive main linter | tar -x -C /tmp/ab_A
    cp -r linter /tmp/ab_B/ && find /tmp/ab_B -name __pycache__ -prune -exec rm -rf {} +
    python -m compileall -q /tmp/ab_A/linter /tmp/ab_B/linter
    python bench/ab_corpus.py /tmp/ab_A /tmp/ab_B --files 400 --rounds 9

Each tree runs with PYTHONPATH=TREE and its own warmed ARTLINT_CACHE
(TREE/.cache), in interleaved rounds; prints each side's median CPU and
the median of the paired differences (B - A) with its quartiles."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_trees import RACY_SECONDS, run  # noqa: E402
from bench import build_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    trees = [args.a.resolve(), args.b.resolve()]
    with tempfile.TemporaryDirectory() as tmp:
        files, _ = build_corpus(Path(tmp), args.files)
        cmd = [sys.executable, "-m", "linter", "check", "--format", "json", "--jobs", "1", *map(str, files)]
        for tree in trees:  # warm each cache
            run(tree, cmd)
        time.sleep(RACY_SECONDS)  # the corpus files' digests are remembered from then on
        load = [os.getloadavg()[0]]
        cpu: dict[Path, list[float]] = {tree: [] for tree in trees}
        for n in range(args.rounds):
            for tree in trees if n % 2 == 0 else trees[::-1]:
                cpu[tree].append(run(tree, cmd)[1])
        load.append(os.getloadavg()[0])
    for name, tree in zip("AB", trees):
        print(f"{name} {tree}: cpu median {statistics.median(cpu[tree]):.2f} s (min {min(cpu[tree]):.2f})")
    diff = sorted(b - a for a, b in zip(*cpu.values()))
    q = len(diff) // 4
    print(f"paired B - A, cpu: median {statistics.median(diff):+.3f} s (quartiles {diff[q]:+.3f}, {diff[-q - 1]:+.3f}); "
          f"{args.files} files, {args.rounds} rounds")
    print(f"load average {load[0]:.2f} at the start, {load[1]:.2f} at the end")


if __name__ == "__main__":
    main()
