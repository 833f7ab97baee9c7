#!/usr/bin/env python3
"""Time artlint on a corpus of articles: files/s, words/s, peak memory, and
the wall time of checking one seed (what a pre-commit hook pays).

    python bench/bench.py                      # default rules
    python bench/bench.py --files 3000 -- --select all
    python bench/bench.py --proselint          # proselint on the same files, if installed
    python bench/bench.py --proselint --scale 250,1000,2000,4000   # and how the cost grows
    python bench/bench.py --proselint --no-garble   # also --jobs 1 without the garble model's rules

The corpus runs use `--format json` (one object, held to the end); the growth
table uses `--scale-format jsonl` (streamed file by file: the memory that
stays flat). --format changes the first.

`--distinct 250,1000,1750` adds a growth table on DISTINCT text (the
round-robin corpus repeats its articles, so per-process caches that grow
with new words would not show there): files of 20 distinct sentences each
from ../shared/data/mtqe/train.tsv, when it is there.

The corpus is the seeds plus ../shared/data/boilerplate when it is there,
copied round-robin into a temporary folder until it holds --files files.
Everything after `--` is passed to `artlint check`."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


def describe_sources() -> str:
    here = [str(f) for f in SOURCES if f.is_dir()]
    if not SOURCES[1].is_dir():
        return f"corpus sources: FELL BACK to the seeds only ({SOURCES[1]} is absent)"
    return "corpus sources: " + ", ".join(here)


def timed(cmd: list[str], cwd=None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds user+system, peak resident MiB) of one
    child process and the processes it waited for (os.wait4: this child
    only). With worker processes the peak is the largest single process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 2) or (code == 2 and "artlint:" not in err):
        sys.exit(f"bench: {' '.join(map(str, cmd[:4]))} ... exited {code}: {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


REPORT_FORMAT = ["json"]  # --format of the corpus runs (main() sets it)
GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"


def artlint_cmd(extra: list[str], fmt: str | None = None) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "--format", fmt or REPORT_FORMAT[0], *extra]


def proselint_cmd() -> list[str] | None:
    exe = shutil.which("proselint") or (str(Path(sys.executable).parent / "proselint")
                                        if (Path(sys.executable).parent / "proselint").exists() else None)
    return [exe, "check", "--output-format", "json"] if exe else None


def median_of(cmd, runs):
    results = [timed(cmd) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def line(name, wall, cpu, peak, files, words):
    return (f"{name:<22} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {files / wall:7.1f} files/s  "
            f"{words / wall:9,.0f} words/s  peak {peak:6.0f} MiB  load {os.getloadavg()[0]:.1f}")


GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"


def one_article(extra, proselint, runs):
    """Seed 004 as a pre-commit hook checks it: warm caches (the first run
    after an install or a rule edit fills them: `cold`), with and without
    the garble model's rules so that both shares show."""
    seed = ROOT / "seeds" / "004_30d5efec39016882.txt"
    words = len(seed.read_text(encoding="utf-8").split())
    print(f"\none article ({seed.name}, {words} words), median of {runs} runs:")
    with tempfile.TemporaryDirectory() as empty:
        cold = timed_env(artlint_cmd(extra) + [str(seed)], {"ARTLINT_CACHE": empty})
    print(line("artlint, cold caches", *cold, 1, words))
    a = median_of(artlint_cmd(extra) + [str(seed)], runs)
    print(line("artlint", *a, 1, words))
    g = median_of(artlint_cmd(["--ignore", GARBLE_RULES, *extra]) + [str(seed)], runs)
    print(line("artlint, no garble", *g, 1, words))
    if proselint:
        p = median_of(proselint + [str(seed)], runs)
        print(line("proselint", *p, 1, words))
        print(f"ratio artlint/proselint: wall {a[0] / p[0]:.2f}x, cpu {a[1] / p[1]:.2f}x; "
              f"without the garble rules: wall {g[0] / p[0]:.2f}x, cpu {g[1] / p[1]:.2f}x")


def timed_env(cmd, env):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return timed(cmd)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def corpus_run(extra, proselint, count, tmp, no_garble=False):
    files, words = build_corpus(Path(tmp), count)
    names = [str(f) for f in files]
    print(f"\ncorpus: {len(files)} files, {words} words (from {len(corpus_files())} distinct articles)")
    par = timed(artlint_cmd(extra) + names)
    print(line("artlint (default jobs)", *par, len(files), words))
    ser = timed(artlint_cmd(["--jobs", "1", *extra]) + names)
    print(line("artlint --jobs 1", *ser, len(files), words))
    if no_garble:
        bare = timed(artlint_cmd(["--jobs", "1", "--ignore", GARBLE_RULES, *extra]) + names)
        print(line("  without garble rules", *bare, len(files), words))
        print(f"  the garble rules' share of --jobs 1 CPU: {ser[1] - bare[1]:.1f} s ({100 * (ser[1] - bare[1]) / ser[1]:.0f} %)")
    if proselint:
        p = timed(proselint + names)
        print(line("proselint", *p, len(files), words))
        print(f"ratio artlint/proselint: wall (default jobs) {par[0] / p[0]:.2f}x, "
              f"cpu (--jobs 1) {ser[1] / p[1]:.2f}x, wall (--jobs 1) {ser[0] / p[0]:.2f}x")
        if no_garble:
            print(f"ratio without garble rules: cpu (--jobs 1) {bare[1] / p[1]:.2f}x")


def scale(extra, sizes, tmp, fmt="jsonl"):
    print(f"\ncost growth, artlint --jobs 1 --format {fmt} (one process):")
    first = None
    for n in sizes:
        folder = Path(tmp) / f"scale{n}"
        folder.mkdir()
        files, words = build_corpus(folder, n)
        wall, cpu, peak = timed(artlint_cmd(["--jobs", "1", *extra], fmt) + [str(f) for f in files])
        first = first or (n, peak)
        print(f"{n:>6} files  wall {wall:7.1f} s  cpu {cpu:7.1f} s  cpu/file {1000 * cpu / n:5.1f} ms  peak {peak:6.0f} MiB"
              f"  ({100 * (peak / first[1] - 1):+.0f} % on {first[0]} files)  load {os.getloadavg()[0]:.1f}")
        shutil.rmtree(folder)


MTQE_TRAIN = ROOT.parent / "shared" / "data" / "mtqe" / "train.tsv"
DISTINCT_SENTENCES = 20  # sentences a file of the distinct-text table holds


def distinct_sentences() -> list[str]:
    """mtqe train's MT sentences, each once, in file order (empty when absent)."""
    import csv

    if not MTQE_TRAIN.is_file():
        return []
    csv.field_size_limit(1 << 30)
    with MTQE_TRAIN.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(dict.fromkeys(r["mt_sentence"].strip() for r in rows if r["mt_sentence"].strip()))


def distinct_growth(extra, sizes, tmp, fmt="jsonl"):
    """Peak memory and CPU as the number of files of distinct text grows."""
    sentences = distinct_sentences()
    if not sentences:
        print(f"\ndistinct-text growth: skipped ({MTQE_TRAIN} is absent)")
        return
    available = len(sentences) // DISTINCT_SENTENCES
    wanted = list(dict.fromkeys(min(n, available) for n in sizes))
    print(f"\ndistinct-text growth, artlint --jobs 1 --format {fmt} (one process; files of {DISTINCT_SENTENCES} "
          f"distinct sentences from {MTQE_TRAIN.name}, {available} files at most):")
    if max(sizes) > available:
        print(f"  (only {available} files of distinct sentences: {max(sizes)} becomes {available})")
    folder = Path(tmp) / "distinct"
    folder.mkdir()
    files = []
    for i in range(max(wanted, default=0)):
        path = folder / f"d{i:05d}.txt"
        path.write_text("\n\n".join(sentences[i * DISTINCT_SENTENCES:(i + 1) * DISTINCT_SENTENCES]) + "\n", encoding="utf-8")
        files.append(str(path))
    first = None
    for n in wanted:
        with tempfile.TemporaryDirectory() as empty:  # a fresh result cache: every file is checked
            wall, cpu, peak = timed_env(artlint_cmd(["--jobs", "1", *extra], fmt) + files[:n], {"ARTLINT_CACHE": empty})
        first = first or (n, peak)
        print(f"{n:>6} files  wall {wall:7.1f} s  cpu {cpu:7.1f} s  cpu/file {1000 * cpu / n:5.1f} ms  peak {peak:6.0f} MiB"
              f"  ({100 * (peak / first[1] - 1):+.0f} % on {first[0]} files)  load {os.getloadavg()[0]:.1f}")
    shutil.rmtree(folder)


def ensure_bytecode() -> None:
    """An installed artlint runs from compiled modules (pip compiles them at
    install time), as proselint does; a checkout run with
    PYTHONDONTWRITEBYTECODE=1 (or a read-only tree) would compile every
    module from source on every run. Compile them as an install would."""
    import compileall

    ok = compileall.compile_dir(str(ROOT / "linter"), quiet=1)
    note = " (PYTHONDONTWRITEBYTECODE is set: imports would not write it)" if sys.flags.dont_write_bytecode else ""
    print(f"bytecode: linter/ compiled as an install would{note}" + ("" if ok else ": compileall FAILED"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5, help="runs of the one-article timing (median)")
    ap.add_argument("--proselint", action="store_true", help="also time proselint on the same files")
    ap.add_argument("--scale", default="", help="comma-separated corpus sizes for the growth table, e.g. 250,1000,2000,4000")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--skip-article", action="store_true", help="skip the one-article timing")
    ap.add_argument("--no-garble", action="store_true", help="also time --jobs 1 without the garble model's rules")
    ap.add_argument("--format", default="json", help="report format of the corpus runs (default json)")
    ap.add_argument("--scale-format", default="jsonl", help="report format of the growth table (default jsonl: streamed)")
    ap.add_argument("--distinct", default="", help="comma-separated file counts for the distinct-text growth table, "
                    "e.g. 250,1000,1750 (needs ../shared/data/mtqe/train.tsv)")
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args()
    print(describe_sources())
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared machine: prefer the cpu columns)")
    ensure_bytecode()
    proselint = proselint_cmd() if args.proselint else None
    if args.proselint and not proselint:
        print("proselint: not installed (pip install -e '.[bench]')")
    REPORT_FORMAT[0] = args.format
    if not args.skip_article:
        one_article(args.extra, proselint, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_corpus:
            corpus_run(args.extra, proselint, args.files, tmp, args.no_garble)
        if args.scale:
            scale(args.extra, [int(n) for n in args.scale.split(",")], tmp, args.scale_format)
        if args.distinct:
            distinct_growth(args.extra, [int(n) for n in args.distinct.split(",")], tmp, args.scale_format)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
