#!/usr/bin/env python3
"""What the garble model costs: a one-article run with the default rules
with and without the two garble rules (wall and CPU seconds, median of
--repeat runs, and peak memory), and the model's throughput in sentences
per CPU-second: the plain-Python path a one-article run takes (small.py)
and the numpy path of large batches (artlint score).

    python bench/garble_cost.py [--repeat 15] [--article seeds/000_....txt ...]   # default: seeds 000 and 004
    python bench/garble_cost.py --tree /work/main      # the same run on another checkout ("before")

Child CPU time (user + sys) is the figure to trust on a loaded machine;
wall time is reported too. Throughput uses the mt_sentence column of
../shared/data/mtqe/dev.tsv when it is there, else the seeds' sentences.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"
WORDING_RULE = "translation.garbled-wording"
DEV = ROOT.parent / "shared" / "data" / "mtqe" / "dev.tsv"


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, child CPU s, peak RSS MiB) of one run; a fresh process each time.
    Another checkout runs under the base interpreter with this venv's
    packages on PYTHONPATH, so that this checkout's editable install
    (which maps linter.packs to its rules/) stays out of it."""
    env = None
    if cwd != ROOT:
        import site

        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd)] + site.getsitepackages())}
        cmd = [sys._base_executable] + cmd[1:]
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            f"p = subprocess.run({cmd!r}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd={str(cwd)!r}); "
            "w = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(w, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024); sys.exit(0 if p.returncode in (0, 1) else p.returncode)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit(f"garble_cost: {' '.join(cmd)} failed: {out.stderr[-500:]}")
    wall, cpu, rss = (float(x) for x in out.stdout.split())
    return wall, cpu, rss


def article_run(tree: Path, article: Path, repeat: int, extra: list[str]) -> dict[str, float]:
    cmd = [sys.executable, "-m", "linter", "check", str(article)] + extra
    runs = [run_once(cmd, tree) for _ in range(repeat)]
    return {"wall": statistics.median(r[0] for r in runs), "cpu": statistics.median(r[1] for r in runs),
            "peak_mib": max(r[2] for r in runs)}


def sentences() -> list[str]:
    if DEV.is_file():
        with open(DEV, encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            col = header.index("mt_sentence")
            return [line.rstrip("\n").split("\t")[col] for line in fh if line.strip()]
    print(f"(no {DEV}: throughput on the seeds' sentences)")
    sys.path.insert(0, str(ROOT))
    from linter import lexicon

    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in lexicon.sentences(text)]
    return out


def throughput() -> None:
    sys.path.insert(0, str(ROOT))
    from linter import garble

    lines = sentences()
    t, c = time.perf_counter(), time.process_time()
    small = garble.load_small()
    print(f"plain-Python model load (no numpy): {time.perf_counter() - t:.3f} s wall, {time.process_time() - c:.3f} s CPU")
    c = time.process_time()
    small.sentence_scores(lines[:500])
    cpu = time.process_time() - c
    print(f"scoring without numpy (one article's path): 500 sentences in {cpu:.2f} CPU s = {500 / cpu:.0f} sentences per CPU-second")
    t, c = time.perf_counter(), time.process_time()
    model = garble.load()
    print(f"numpy model load (with import numpy): {time.perf_counter() - t:.3f} s wall, {time.process_time() - c:.3f} s CPU, "
          f"files {sum(p.stat().st_size for p in (ROOT / 'linter' / 'garble' / 'model').iterdir()) / 1e6:.1f} MB")
    for what, score in (("sentence level (artlint score)", model.sentence_scores),
                        ("sentence + word level", model.word_probabilities)):
        c = time.process_time()
        score(lines)
        cpu = time.process_time() - c
        print(f"scoring, {what}: {len(lines)} sentences in {cpu:.2f} CPU s = {len(lines) / cpu:.0f} sentences per CPU-second")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--article", type=Path, action="append",
                    help="article to run (repeatable; default: seeds 000 and 004)")
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout to run (default: this one)")
    args = ap.parse_args(argv)
    articles = args.article or [p for p in sorted((ROOT / "seeds").glob("*.txt")) if p.name[:3] in ("000", "004")]
    for article in articles:
        one_article(args, article)
    if args.tree == ROOT:
        throughput()
    print(f"load average at the end {os.getloadavg()[0]:.1f} (2 cores: wall times above ~2 are inflated)")
    return 0


def one_article(args, article: Path) -> None:
    print(f"one-article run of {article.name} in {args.tree}, median of {args.repeat}, load average {os.getloadavg()[0]:.1f}")
    # interleaved, so that both see the same machine load
    full_runs, bare_runs, sentence_runs = [], [], []
    for _ in range(args.repeat):
        full_runs.append(article_run(args.tree, article.resolve(), 1, []))
        if args.tree == ROOT:
            bare_runs.append(article_run(args.tree, article.resolve(), 1, ["--ignore", GARBLE_RULES]))
            sentence_runs.append(article_run(args.tree, article.resolve(), 1, ["--ignore", WORDING_RULE]))
    full = summarise(full_runs)
    print(f"  default rules:            {full['wall']:.3f} s wall, {full['cpu']:.3f} s CPU, peak {full['peak_mib']:.0f} MiB")
    if bare_runs:
        bare = summarise(bare_runs)
        print(f"  without the garble rules: {bare['wall']:.3f} s wall, {bare['cpu']:.3f} s CPU, peak {bare['peak_mib']:.0f} MiB")
        print(f"  the garble model adds:    {full['wall'] - bare['wall']:+.3f} s wall, {full['cpu'] - bare['cpu']:+.3f} s CPU, "
              f"{full['peak_mib'] - bare['peak_mib']:+.0f} MiB peak")
        print(f"  the same from the fastest run of each (least disturbed by other load): "
              f"{full['min_wall'] - bare['min_wall']:+.3f} s wall, {full['min_cpu'] - bare['min_cpu']:+.3f} s CPU")
        one = summarise(sentence_runs)
        print(f"  of which the sentence rule alone: {one['wall'] - bare['wall']:+.3f} s wall, {one['cpu'] - bare['cpu']:+.3f} s CPU, "
              f"{one['peak_mib'] - bare['peak_mib']:+.0f} MiB peak")


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    return {"wall": statistics.median(r["wall"] for r in runs), "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_mib": max(r["peak_mib"] for r in runs),
            "min_wall": min(r["wall"] for r in runs), "min_cpu": min(r["cpu"] for r in runs)}


if __name__ == "__main__":
    sys.exit(main())
