#!/usr/bin/env python3
"""Where a one-file run's time goes with the garble prefetch
(linter/garble/prefetch.py), measured in CPU so that a busy machine
still tells something:

    python bench/profile_prefetch.py                  # seed 004, 21 rounds
    python bench/profile_prefetch.py --rounds 41 FILE
    python bench/profile_prefetch.py --tree /tmp/ab_B # another copy of linter/

Each round runs `artlint check FILE` twice in fresh processes, in turn:
with --jobs 1, and with the default jobs and the prefetch forced on (its
free-core test bypassed). Prints the medians of this process's CPU (the
parent: its critical path on two free cores), the child's CPU, both
together, the parent's CPU from the fork to its first question for the
scores and the child's CPU to its answer (the child keeps the parent
waiting only when the second is larger), and the wall time the parent
spent waiting (on a busy machine the child is not always running)."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_30d5efec39016882.txt"

PROBE = r"""
import atexit, os, resource, sys, time
from linter.garble import prefetch
prefetch.spare_core = lambda: True
marks = {}
work = prefetch.child_scores
def child_scores(*args):
    out = work(*args)
    marks["child"] = time.process_time()  # this process is the child: its CPU since the fork
    os.write(int(os.environ["PROFILE_FD"]), f"{marks['child'] * 1e3:.2f}\n".encode())
    return out
prefetch.child_scores = child_scores
fork = prefetch.Prefetch.fork.__func__
def timed_fork(cls, work):
    marks["fork"] = time.process_time()
    return fork(cls, work)
prefetch.Prefetch.fork = classmethod(timed_fork)
scores = prefetch.Prefetch.scores
def timed_scores(self):
    marks["ask"] = time.process_time()
    return scores(self)
prefetch.Prefetch.scores = timed_scores
def report():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    last = prefetch.last
    ask = (marks["ask"] - marks["fork"]) * 1e3 if "ask" in marks else -1
    print(f"PROFILE {(me.ru_utime + me.ru_stime) * 1e3:.2f} {(kids.ru_utime + kids.ru_stime) * 1e3:.2f} "
          f"{ask:.2f} {last.waited * 1e3 if last else 0:.2f} {last.outcome if last else 'none'}", file=sys.__stderr__)
atexit.register(report)
sys.argv = ["artlint", *sys.argv[1:]]
from linter.entry import main
main()
"""


def run(tree: Path, args: list[str]) -> dict:
    read, write = os.pipe()  # the child reports its CPU through it
    env = {**os.environ, "PYTHONPATH": str(tree), "ARTLINT_CACHE": str(tree / ".cache"), "PROFILE_FD": str(write)}
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, "check", *args], env=env, cwd="/tmp", pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    with os.fdopen(read) as fh:
        child = fh.read().split()
    line = [x for x in done.stderr.splitlines() if x.startswith("PROFILE ")][-1].split()
    return {"parent": float(line[1]), "child": float(line[2]), "ask": float(line[3]), "waited": float(line[4]),
            "outcome": line[5], "answer": float(child[0]) if child else -1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=Path, default=SEED)
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--tree", type=Path, default=ROOT, help="the folder holding linter/ (default: this checkout)")
    args = ap.parse_args()
    tree, file = args.tree.resolve(), str(args.file.resolve())
    for _ in range(2):  # warm the caches
        run(tree, ["--jobs", "1", file])
    load = [os.getloadavg()[0]]
    serial, overlap = [], []
    for n in range(args.rounds):
        for which in ((serial, overlap) if n % 2 == 0 else (overlap, serial)):
            which.append(run(tree, ["--jobs", "1", file] if which is serial else [file]))
    load.append(os.getloadavg()[0])
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    print(f"{args.file.name}, {args.rounds} rounds, load average {load[0]:.2f} -> {load[1]:.2f}; CPU ms, medians")
    print(f"  --jobs 1:  process {med(serial, 'parent'):7.1f}")
    print(f"  prefetch:  parent {med(overlap, 'parent'):7.1f}, child {med(overlap, 'child'):6.1f}, together "
          f"{statistics.median(r['parent'] + r['child'] for r in overlap):7.1f}")
    diffs = sorted(b["parent"] - a["parent"] for a, b in zip(serial, overlap))
    total = sorted(b["parent"] + b["child"] - a["parent"] for a, b in zip(serial, overlap))
    q = len(diffs) // 4
    print(f"  paired, parent - jobs 1: median {statistics.median(diffs):+.1f} (quartiles {diffs[q]:+.1f}, {diffs[-q - 1]:+.1f}); "
          f"parent + child - jobs 1: median {statistics.median(total):+.1f} (quartiles {total[q]:+.1f}, {total[-q - 1]:+.1f})")
    print(f"  parent's CPU from the fork to its question: {med(overlap, 'ask'):.1f}; child's CPU to its answer: "
          f"{med(overlap, 'answer'):.1f}; parent waited (wall): median {med(overlap, 'waited'):.1f}, "
          f"max {max(r['waited'] for r in overlap):.1f}")
    outcomes = [r["outcome"] for r in overlap]
    print("  outcomes: " + ", ".join(f"{o} {outcomes.count(o)}" for o in sorted(set(outcomes))))


if __name__ == "__main__":
    main()
