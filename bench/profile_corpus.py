#!/usr/bin/env python3
"""Where the corpus time and memory go, in one process (no worker pool):

    python bench/profile_corpus.py --files 400                 # CPU per rule, then the top functions (cProfile)
    python bench/profile_corpus.py --files 400 --no-cprofile   # CPU per rule only (no profiler overhead)
    python bench/profile_corpus.py --files 2000 --rss          # resident memory every 100 files
    python bench/profile_corpus.py --files 400 -- --ignore translation.garbled-sentence

The corpus is bench.py's: the seeds plus ../shared/data/boilerplate when it
is there (it says so when it fell back to the seeds), copied round-robin.
Arguments after `--` are `artlint check` selection options (--select, --ignore)."""
from __future__ import annotations

import argparse
import os
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import build_corpus, describe_sources  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed_rules():
    """Charge each check's run() and prepare() to its rule id (CPU seconds)."""
    from linter.engine import RuleSet

    spent = defaultdict(float)
    original = RuleSet.run_one

    def run_one(check, doc, nlp, errors):
        start = time.process_time()
        try:
            return original(check, doc, nlp, errors)
        finally:
            spent[check.rule.id] += time.process_time() - start

    RuleSet.run_one = staticmethod(run_one)
    original_check = RuleSet.run_check

    def run_check(self, check, *args, **kwargs):
        """A check's `prepare` (its work on the whole batch) is charged to its rule too."""
        if hasattr(check, "prepare") and not getattr(check, "_timed_prepare", False):
            def prepare(docs, inner=check.prepare, rule=check.rule.id):
                start = time.process_time()
                try:
                    return inner(docs)
                finally:
                    spent[rule] += time.process_time() - start
            check.prepare, check._timed_prepare = prepare, True
        return original_check(self, check, *args, **kwargs)

    RuleSet.run_check = run_check
    return spent


def session_for(extra: list[str]):
    from linter.cli import config_loader
    from linter.engine import Selection

    select = tuple(extra[extra.index("--select") + 1].split(",")) if "--select" in extra else ()
    ignore = tuple(extra[extra.index("--ignore") + 1].split(",")) if "--ignore" in extra else ()
    from linter.session import Session

    return Session(selection=Selection(select=select, ignore=ignore), config_for=config_loader(None, None))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--no-cprofile", action="store_true")
    ap.add_argument("--rss", action="store_true", help="print resident memory every 100 files (no profiler)")
    ap.add_argument("--stream", action="store_true", help="with --rss: stream the files (as check --format jsonl), keep nothing")
    ap.add_argument("extra", nargs="*")
    args = ap.parse_args()
    print(describe_sources())
    with tempfile.TemporaryDirectory() as tmp:
        files, words = build_corpus(Path(tmp), args.files)
        inputs = [(str(f), None) for f in files]
        session = session_for(args.extra)
        session.lint_inputs(inputs[:1])  # rules loaded, checks built, lazy imports done
        if args.rss:
            return rss_table(session, inputs, args.stream)
        spent = timed_rules()
        profiler = None if args.no_cprofile else cProfile.Profile()
        start = time.process_time()
        if profiler:
            profiler.enable()
        from linter.parallel import ParallelSession, SessionSpec

        ParallelSession(SessionSpec(selection=session.selection), 1, local=session).lint_inputs(inputs)
        if profiler:
            profiler.disable()
        total = time.process_time() - start
    print(f"{len(files)} files, {words:,} words: {total:.1f} s CPU in-process ({1000 * total / len(files):.1f} ms/file)"
          + (" under cProfile" if profiler else ""))
    checks = sum(spent.values())
    print(f"checks' run(): {checks:.1f} s; the rest (reading, dating, analyses, finishing): {total - checks:.1f} s")
    for rule, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {rule}")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
    return 0


def rss_table(session, inputs, stream: bool = False) -> int:
    """One run over all the inputs, as `artlint check --jobs 1` makes it;
    the resident memory printed every 100 files read."""
    from linter.parallel import ParallelSession, SessionSpec

    counts = {"read": 0}

    def progress(read=0, checked=0):
        counts["read"] += read
        if checked and os.environ.get("PROFILE_GC"):
            import gc

            gc.collect()
        if checked and os.environ.get("PROFILE_TRIM"):
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        if read and counts["read"] % 100 == 0:
            print(f"{counts['read']:>6} files read  rss {rss_mib():6.0f} MiB", flush=True)

    session.progress = progress
    print(f"start: {rss_mib():.0f} MiB")
    par = ParallelSession(SessionSpec(selection=session.selection), 1, local=session)
    if stream:
        found = sum(len(findings) for _, findings, _ in par.stream(inputs))
        print(f"end: {rss_mib():.0f} MiB, {found} findings streamed, none held")
    else:
        report = par.lint_inputs(inputs)
        print(f"end: {rss_mib():.0f} MiB, {len(report.findings)} findings held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
