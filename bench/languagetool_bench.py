"""Throughput of the grammar check: files per second over many seed-sized
articles, with bounded concurrency.

By default the server is tests/lt_server.py, the contract-test double of
LanguageTool (not LanguageTool: its answers cost almost nothing, so the
numbers measure artlint's side: reading, chunking, HTTP, mapping). Use
--latency to make the double wait before each answer, as a real server
does, or --server URL to measure against a real LanguageTool.

    .venv/bin/python bench/languagetool_bench.py                # 1,000 files, concurrency 4
    .venv/bin/python bench/languagetool_bench.py --concurrency 1 4 8 --latency 0.05
    .venv/bin/python bench/languagetool_bench.py --server http://localhost:8081
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lt_server():
    spec = importlib.util.spec_from_file_location("lt_server", ROOT / "tests" / "lt_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_corpus(folder: Path, count: int) -> int:
    """`count` copies of the seed articles; returns their total size in characters."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    if not seeds:
        sys.exit("bench: no seeds/*.txt to copy")
    total = 0
    for n in range(count):
        seed = seeds[n % len(seeds)]
        shutil.copyfile(seed, folder / f"article{n:04d}.txt")
        total += len(seed.read_text(encoding="utf-8"))
    return total


def run_cli(url: str, folder: Path, concurrency: int) -> tuple[float, dict, str]:
    config = folder.parent / f"artlint-c{concurrency}.yaml"
    config.write_text(json.dumps({"languagetool": {"concurrency": concurrency, "required": True}}))
    command = [sys.executable, "-m", "linter.cli", "check", "--select", "grammar", "--format", "json",
               "--config", str(config), "--languagetool", url, str(folder)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode == 2 or not done.stdout.strip():
        sys.exit(f"bench: artlint failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed, json.loads(done.stdout), done.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the double waits before each answer")
    parser.add_argument("--server", help="a real LanguageTool server URL instead of the double")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        chars = make_corpus(folder, args.files)
        server = contextlib.nullcontext(args.server) if args.server else \
            lt_server().running("--typo", "rearmail", "--slow", str(args.latency))
        with server as url:
            label = url if args.server else f"contract double at {url}, latency {args.latency:g} s"
            print(f"{args.files} files, {chars / args.files:.0f} characters each on average; server: {label}")
            for concurrency in args.concurrency:
                elapsed, report, _ = run_cli(url, folder, concurrency)
                findings = len(report["findings"])
                print(f"concurrency {concurrency:2d}: {elapsed:6.2f} s  {args.files / elapsed:7.1f} files/s  "
                      f"({findings} findings; whole `artlint check` process)")


if __name__ == "__main__":
    main()
