#!/usr/bin/env python3
"""Where a one-file run's time goes (what a pre-commit hook pays):

    python bench/profile_one.py                    # seed 004, default rules
    python bench/profile_one.py --no-garble        # without the garble model's rules
    python bench/profile_one.py FILE -- --select fact

Prints the slowest imports (python -X importtime, self time), then the
artlint functions with the most cumulative time under cProfile (profiling
inflates pure-Python work such as regex compilation; compare shares, and
time with bench/bench.py). Both runs use the warm user cache; pass
--cold to start from an empty one (the first run after an install)."""
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(SEED))
    ap.add_argument("--no-garble", action="store_true", help=f"--ignore {GARBLE_RULES}")
    ap.add_argument("--cold", action="store_true", help="an empty user cache (ARTLINT_CACHE)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args()
    cmd = ["-m", "linter", "check", "--jobs", "1", *(["--ignore", GARBLE_RULES] if args.no_garble else []),
           *args.extra, args.file]
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, **({"ARTLINT_CACHE": empty} if args.cold else {})}
        if not args.cold:
            subprocess.run([sys.executable, *cmd], stdout=subprocess.DEVNULL, env=env, cwd=ROOT)  # fill the caches
        print(f"artlint check {' '.join(cmd[3:])}  (load average {os.getloadavg()[0]:.1f})\n")
        importtime(cmd, env, args.top)
        if args.cold:  # the import run filled the cache: empty it again
            for f in Path(empty).rglob("*.json"):
                f.unlink()
        profile(cmd, env, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
