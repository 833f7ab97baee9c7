#!/usr/bin/env python3
"""Time artlint on a corpus of articles: files/s, words/s, peak memory, and
the wall time of checking one seed (what a pre-commit hook pays).

    python bench/bench.py                      # default rules
    python bench/bench.py --files 3000 -- --select all
    python bench/bench.py --proselint          # proselint on the same files, if installed

The corpus is the seeds plus ../shared/data/boilerplate when it is there,
copied round-robin into a temporary folder until it holds --files files.
Everything after `--` is passed to `artlint check`."""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "data" / "boilerplate"]


def corpus_files() -> list[Path]:
    files = []
    for folder in SOURCES:
        if folder.is_dir():
            files += sorted(folder.glob("*.txt"))
    return files


def build_corpus(target: Path, count: int) -> tuple[list[Path], int]:
    sources = corpus_files()
    out, words = [], 0
    for n in range(count):
        src = sources[n % len(sources)]
        dst = target / f"{n:05d}_{src.name}"
        shutil.copyfile(src, dst)
        words += len(src.read_text(encoding="utf-8").split())
        out.append(dst)
    return out, words


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd[:4])} ... exited {proc.returncode}: {proc.stderr[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def artlint_cmd(extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "--format", "json", *extra]


def one_seed(extra: list[str], runs: int = 5) -> float:
    seed = ROOT / "seeds" / "000_fc1409f990a4d140.txt"
    return statistics.median(timed(artlint_cmd(extra) + [str(seed)])[0] for _ in range(runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--proselint", action="store_true", help="also time proselint on the same files")
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, words = build_corpus(Path(tmp), args.files)
        print(f"corpus: {len(files)} files, {words} words (from {len(corpus_files())} distinct articles)")
        print(f"one seed, wall (median of 5): {one_seed(args.extra):.3f} s")
        wall, peak = timed(artlint_cmd(args.extra) + [str(f) for f in files])
        print(f"artlint: {wall:.1f} s, {len(files) / wall:.1f} files/s, {words / wall:,.0f} words/s, peak {peak:.0f} MiB")
        if args.proselint:
            exe = shutil.which("proselint")
            if not exe:
                print("proselint: not installed")
            else:
                wall, _ = timed([exe, "check", *map(str, files)] if "check" in subprocess.run(
                    [exe, "--help"], capture_output=True, text=True).stdout else [exe, *map(str, files)])
                print(f"proselint: {wall:.1f} s, {len(files) / wall:.1f} files/s, {words / wall:,.0f} words/s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
