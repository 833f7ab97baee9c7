#!/usr/bin/env python3
"""Run a command and show the memory of every process of its tree (Linux):
each process's peak resident size (VmHWM, what bench.py's ru_maxrss
reports for the largest one) and the largest anonymous and file-backed
shares seen (RssAnon, RssFile), polled every --every seconds.

    python bench/proc_peaks.py -- artlint check --format json FILES...

RssAnon is the process's own heap (a forked worker's counts the pages it
still shares with its parent); RssFile is mapped files (the garble model's
lm.bin, shared libraries): shared between processes and reclaimable."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

FIELDS = ("VmHWM", "RssAnon", "RssFile")


def tree(pid: int) -> list[int]:
    """pid and its descendants (as /proc lists them now)."""
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    found += tree(int(child))
    except OSError:  # gone meanwhile
        pass
    return found


def status(pid: int) -> dict[str, float]:
    """FIELDS of /proc/PID/status in MiB ({} once the process is gone)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in FIELDS:
                    out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=float, default=0.02, help="seconds between polls")
    ap.add_argument("command", nargs="+")
    args = ap.parse_args()
    start = time.perf_counter()
    proc = subprocess.Popen(args.command, stdout=subprocess.DEVNULL)
    peaks: dict[int, dict[str, float]] = {}
    while proc.poll() is None:
        for pid in tree(proc.pid):
            for key, value in status(pid).items():
                seen = peaks.setdefault(pid, {})
                seen[key] = max(seen.get(key, 0.0), value)
        time.sleep(args.every)
    print(f"exit {proc.returncode}, wall {time.perf_counter() - start:.1f} s, load {os.getloadavg()[0]:.1f}")
    for pid, seen in peaks.items():
        role = "parent" if pid == proc.pid else "child "
        print(f"{role} {pid:>7}  " + "  ".join(f"{key} {seen.get(key, 0):6.1f} MiB" for key in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
