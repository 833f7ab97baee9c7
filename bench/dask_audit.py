#!/usr/bin/env python3
"""Run `artlint audit` on a real Dask cluster on this machine: starts
`dask scheduler` and two `dask worker` processes on 127.0.0.1, audits
--files files (the seeds plus ../shared/data/boilerplate, copied
round-robin), runs `artlint check --format json` on the same files and
says whether the findings are identical.

    python bench/dask_audit.py --files 300"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import build_corpus, corpus_files, describe_sources
from compare_audit import audit_view, check_view, differences

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=300)
    args = ap.parse_args()
    print(describe_sources())
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    with tempfile.TemporaryDirectory(prefix="dask-audit-") as tmp:
        tmp = Path(tmp)
        (tmp / "corpus").mkdir()
        files, words = build_corpus(tmp / "corpus", args.files)
        print(f"corpus: {len(files)} files, {words} words (from {len(corpus_files())} distinct articles)")
        try:
            procs.append(subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                           "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            for _ in range(2):
                procs.append(subprocess.Popen([BIN / "dask", "worker", address, "--nworkers", "1", "--nthreads", "1",
                                               "--host", "127.0.0.1", "--no-dashboard"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/"))
            wait_for_workers(address, 2)
            out = tmp / "results.jsonl"
            start = time.perf_counter()
            audit = subprocess.run([BIN / "artlint", "audit", "--scheduler", address, "-o", out, *files],
                                   capture_output=True, text=True, cwd=tmp)
            audit_wall = time.perf_counter() - start
            print(f"audit on dask (scheduler + 2 workers): exit {audit.returncode}, {audit_wall:.1f} s wall")
            print("\n".join(audit.stdout.splitlines()[:3]))
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
        start = time.perf_counter()
        check = subprocess.run([BIN / "artlint", "check", "--format", "json", "--jobs", "1", *files],
                               capture_output=True, text=True, cwd=tmp)
        print(f"check --jobs 1: exit {check.returncode}, {time.perf_counter() - start:.1f} s wall")
        with open(out, encoding="utf-8") as fh:
            found = audit_view(fh)
        expected = check_view(json.loads(check.stdout))
        diff = differences(found, expected)
        for line in diff[:20]:
            print(line)
        print(f"{'IDENTICAL' if not diff else 'DIFFERENT'}: audit {len(found)} files, "
              f"{sum(len(v[2]) for v in found.values())} findings; check {len(expected)} files, "
              f"{sum(len(v[2]) for v in expected.values())} findings")
        return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
