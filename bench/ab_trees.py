#!/usr/bin/env python3
"""Paired A/B timing of a one-file run for two copies of linter/, e.g. main
against a branch, on a shared machine (interleaved rounds, CPU and wall):

    mkdir -p /tmp/ab_A /tmp/ab_B
    git archive main linter | tar -x -C /tmp/ab_A
    cp -r linter /tmp/ab_B/ && find /tmp/ab_B -name __pycache__ -prune -exec rm -rf {} +
    python -m compileall -q /tmp/ab_A/linter /tmp/ab_B/linter    # .pyc, as a wheel install has
    python bench/ab_trees.py /tmp/ab_A /tmp/ab_B --rounds 61

Each tree runs `python -m linter check FILE` with PYTHONPATH=TREE and its
own warmed ARTLINT_CACHE (TREE/.cache). Prints the median and minimum of
each and the median of the paired differences (B - A, round by round),
with its quartiles: on this 2-core VM the per-run spread is tens of ms,
the paired median is what to compare."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_30d5efec39016882.txt"
RACY_SECONDS = 3.2  # cache.RACY_SECONDS and a little: file digests are remembered from then on


def run(tree: Path, cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one run of cmd in tree."""
    env = {**os.environ, "PYTHONPATH": str(tree), "ARTLINT_CACHE": str(tree / ".cache")}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, cwd="/tmp")
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--rounds", type=int, default=41)
    ap.add_argument("--file", type=Path, default=SEED)
    args = ap.parse_args()
    cmd = [sys.executable, "-m", "linter", "check", str(args.file.resolve())]
    trees = [args.a.resolve(), args.b.resolve()]
    for tree in trees:  # warm each cache, then wait until its files are no longer racy
        for _ in range(2):
            run(tree, cmd)
    time.sleep(RACY_SECONDS)
    for tree in trees:
        run(tree, cmd)
    load = [os.getloadavg()[0]]
    times: dict[Path, list] = {tree: [] for tree in trees}
    for n in range(args.rounds):
        for tree in trees if n % 2 == 0 else trees[::-1]:
            times[tree].append(run(tree, cmd))
    load.append(os.getloadavg()[0])
    for name, tree in zip("AB", trees):
        wall, cpu = ([t[i] * 1e3 for t in times[tree]] for i in (0, 1))
        print(f"{name} {tree}: cpu median {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}), "
              f"wall median {statistics.median(wall):.1f} ms (min {min(wall):.1f})")
    for i, what in ((1, "cpu"), (0, "wall")):
        diff = sorted((b[i] - a[i]) * 1e3 for a, b in zip(times[trees[0]], times[trees[1]]))
        q = len(diff) // 4
        print(f"paired B - A, {what}: median {statistics.median(diff):+.1f} ms "
              f"(quartiles {diff[q]:+.1f}, {diff[-q - 1]:+.1f})")
    print(f"load average {load[0]:.2f} at the start, {load[1]:.2f} at the end; {args.rounds} rounds")


if __name__ == "__main__":
    main()
