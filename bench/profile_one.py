#!/usr/bin/env python3
"""Where a one-file run's time goes (what a pre-commit hook pays):

    python bench/profile_one.py                    # seed 004, default rules
    python bench/profile_one.py --no-garble        # without the garble model's rules
    python bench/profile_one.py FILE -- --select fact
    python bench/profile_one.py --stages 15        # CPU per stage, min/median of 15 fresh processes

Prints the slowest imports (python -X importtime, self time), then the
artlint functions with the most cumulative time under cProfile (profiling
inflates pure-Python work such as regex compilation; compare shares, and
time with bench/bench.py). Both runs use the warm user cache; pass
--cold to start from an empty one (the first run after an install).
--stages instead times, without a profiler, each stage of fresh runs
(process CPU: the interpreter's start, importing linter.entry, the rule
set and each check's build, each check's run, the report) and prints the
minimum and median of each over the runs."""
from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_30d5efec39016882.txt"
GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"


def importtime(cmd: list[str], env: dict, top: int) -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, env=env, cwd=ROOT)
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            own, total, name = (part.strip() for part in line[len("import time:"):].split("|", 2))
            rows.append((int(own), int(total), name))
    print(f"imports: {len(rows)} modules, {sum(r[0] for r in rows) / 1e6:.3f} s in all (self times); slowest:")
    for own, total, name in sorted(rows, reverse=True)[:top]:
        print(f"  {own / 1e3:8.1f} ms self  {total / 1e3:8.1f} ms with imports  {name}")


def profile(cmd: list[str], env: dict, top: int) -> None:
    with tempfile.NamedTemporaryFile(suffix=".prof") as out:
        subprocess.run([sys.executable, "-m", "cProfile", "-o", out.name, *cmd], stdout=subprocess.DEVNULL,
                       env=env, cwd=ROOT)
        stats = pstats.Stats(out.name)
    total = max(v[3] for v in stats.stats.values())
    print(f"\ncProfile: {total:.3f} s in all; artlint functions by cumulative time (under half of it):")
    rows = [(v[3], k) for k, v in stats.stats.items() if "/linter/" in k[0] and 0.01 * total < v[3] < 0.5 * total]
    for cum, (path, lineno, name) in sorted(rows, reverse=True)[:top]:
        print(f"  {cum:7.3f} s  {path.split('/linter/')[-1]}:{lineno}({name})")


# Run in a fresh process by --stages: CPU time (time.process_time) of each
# stage of one `artlint check`, printed as "STAGE name ms" lines at exit.
STAGES = r"""
import sys, time
from collections import defaultdict
start = time.process_time()
import linter.entry as entry
from linter import checkrun
imported = time.process_time()
from linter import engine, session
spent = defaultdict(float)
spent["import linter.engine, linter.session (in check)"] = time.process_time() - imported

def timed(owner, name, label, static=False):
    real = getattr(owner, name)
    def run(*args, **kwargs):
        began = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label(*args) if callable(label) else label] += time.process_time() - began
    setattr(owner, name, staticmethod(run) if static else run)

timed(engine.RuleSet, "__init__", "rule set (loading the rules, building the checks)")
timed(engine.RuleSet, "build", lambda self, rule: "  build " + rule.check)
timed(engine, "load_rules", "  load_rules")
timed(engine.RuleSet, "run_one", lambda check, *a: "  run " + check.rule.check, static=True)
timed(engine.RuleSet, "run_check", lambda self, check, *a: "  run_check " + check.rule.check)
timed(session, "lint_documents", "linting (every check's prepare and run)")
timed(session, "read_document", "reading the file")
timed(checkrun, "emit", "printing the report")  # a whole report (json, sarif, ...): rendered and printed
timed(checkrun, "write", "printing the report")  # a streamed one (text, github, jsonl): rendered before

def report():
    out = sys.__stderr__
    print(f"STAGE interpreter start (before the script) {start * 1000:.2f}", file=out)
    print(f"STAGE import linter.entry {(imported - start) * 1000:.2f}", file=out)
    for label, seconds in spent.items():
        print(f"STAGE {label} {seconds * 1000:.2f}", file=out)
    print(f"STAGE process CPU at exit (the rest: click, the session, the configuration, ...) "
          f"{time.process_time() * 1000:.2f}", file=out)

import atexit
atexit.register(report)
sys.argv = ["artlint", *sys.argv[1:]]
entry.main()
"""


def stages(cmd: list[str], env: dict, runs: int) -> None:
    """Min and median CPU of each stage over `runs` fresh processes."""
    import statistics
    from collections import defaultdict

    found = defaultdict(list)
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", STAGES, *cmd[2:]], capture_output=True, text=True, env=env,
                              cwd=ROOT)
        for line in proc.stderr.splitlines():
            if line.startswith("STAGE "):
                label, _, ms = line[6:].rpartition(" ")
                found[label].append(float(ms))
    print(f"CPU per stage, ms (min / median of {runs} runs; a check's run_check includes its prepare and "
          f"the analyses it is the first to read; indented stages are parts of the next unindented one):")
    for label, values in found.items():
        print(f"  {min(values):8.2f} / {statistics.median(values):8.2f}  {label}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(SEED))
    ap.add_argument("--no-garble", action="store_true", help=f"--ignore {GARBLE_RULES}")
    ap.add_argument("--cold", action="store_true", help="an empty user cache (ARTLINT_CACHE)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--stages", type=int, metavar="RUNS", help="time each stage (no profiler) over RUNS runs")
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args()
    cmd = ["-m", "linter", "check", "--jobs", "1", *(["--ignore", GARBLE_RULES] if args.no_garble else []),
           *args.extra, args.file]
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, **({"ARTLINT_CACHE": empty} if args.cold else {})}
        if not args.cold:
            subprocess.run([sys.executable, *cmd], stdout=subprocess.DEVNULL, env=env, cwd=ROOT)  # fill the caches
        print(f"artlint check {' '.join(cmd[3:])}  (load average {os.getloadavg()[0]:.1f})\n")
        if args.stages:
            stages(cmd, env, args.stages)
            print(f"(load average {os.getloadavg()[0]:.1f})")
            return 0
        importtime(cmd, env, args.top)
        if args.cold:  # the import run filled the cache: empty it again
            for f in Path(empty).rglob("*.json"):
                f.unlink()
        profile(cmd, env, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
