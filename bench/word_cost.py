#!/usr/bin/env python3
"""CPU of the garble word level (GarbleModel.word_probabilities) on distinct
text, where no memo helps: 3,000 mtqe train sentences (rows 10,001-13,000,
column mt_sentence) in batches of --batch (a document's sentences: mark_words
scores one document at a time), each run in a fresh process.

    python bench/word_cost.py --batch 40 --rounds 7 --against /tmp/A
        # alternating fresh processes of another tree's linter/ (A; e.g.
        # git archive main linter | tar -x -C /tmp/A) and this one (B):
        # each one's median and the median of the paired B/A ratios
    python bench/word_cost.py --batch 40 --rounds 5    # this tree alone
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "mtqe" / "train.tsv"

ONE_RUN = """
import sys, time
sys.path.insert(0, {tree!r})
from linter import garble
with open({train!r}, encoding="utf-8") as fh:
    rows = fh.read().split("\\n")
col = rows[0].split("\\t").index("mt_sentence")
lines = [r.split("\\t")[col] for r in rows[10001:13001]]
model = garble.load()
model.word_probabilities([r.split("\\t")[col] for r in rows[1:41]])  # the word forest read
start = time.process_time()
for i in range(0, len(lines), {batch}):
    model.word_probabilities(lines[i:i + {batch}], 0.3)
print(len(lines), time.process_time() - start)
"""


def run(tree: Path, batch: int) -> tuple[int, float]:
    code = ONE_RUN.format(tree=str(tree), train=str(TRAIN), batch=batch)
    count, cpu = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return int(count), float(cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--against", type=Path, help="tree A, run alternately with this one (B)")
    args = ap.parse_args()
    trees = [("A", args.against.resolve()), ("B", ROOT)] if args.against else [("B", ROOT)]
    cpu: dict[str, list[float]] = {name: [] for name, _ in trees}
    for n in range(args.rounds):
        for name, tree in trees if n % 2 == 0 else trees[::-1]:
            count, seconds = run(tree, args.batch)
            cpu[name].append(seconds)
    for name, tree in trees:
        median = statistics.median(cpu[name])
        print(f"{name} {tree}: batches of {args.batch}, {count} sentences, median {median:.3f} CPU s "
              f"= {count / median:,.0f} sentences per CPU-second (of {args.rounds})")
    if args.against:
        ratios = sorted(b / a for a, b in zip(cpu["A"], cpu["B"]))
        print(f"paired B/A: median {statistics.median(ratios):.3f} (range {ratios[0]:.3f}..{ratios[-1]:.3f})")
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
