#!/usr/bin/env python3
"""Dump the JSON findings of `artlint check` on fixed corpora, so that a
refactor can be checked to change nothing:

    python bench/dump_findings.py > /tmp/before.json     # on the old commit
    python bench/dump_findings.py > /tmp/after.json      # on the new one
    diff /tmp/before.json /tmp/after.json

Corpora: the seeds (each as of its date in seeds/expected.yaml), and when
../shared/data is there, the boilerplate pages (`*.txt`) and the mtqe dev
sentences written as articles (one a doc_id, one sentence a line, as
../shared/tools/wordscore.py does). Extra arguments go to `artlint check`
(e.g. `-- --select all`). Paths in the output are relative to each corpus, and
the report's `files` entries are kept, so dates count too."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def artlint(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "json", *args],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        sys.exit(f"artlint failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def relative(report: dict, base: Path) -> dict:
    def rel(path):
        try:
            return str(Path(path).resolve().relative_to(base.resolve()))
        except ValueError:
            return path

    for item in report["findings"] + report["files"]:
        item["path"] = rel(item["path"])
    return report


def seeds(extra):
    folder = ROOT / "seeds"
    gold = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    out = {}
    for article in gold["articles"]:
        out[article["file"]] = relative(artlint(["--date", str(article["date"]), *extra, str(folder / article["file"])]), folder)
    return out


def mtqe_articles(target: Path) -> None:
    with open(SHARED / "mtqe" / "dev.tsv", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh]
    docs = defaultdict(list)
    for r in rows:
        docs[(r["lang_pair"], r.get("doc_id") or r["id"])].append(r["mt_sentence"])
    for n, (key, sentences) in enumerate(sorted(docs.items())):
        (target / f"{key[0]}-{n:05d}.txt").write_text("".join(s + "\n" for s in sentences), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args(argv)
    out = {"seeds": seeds(args.extra)}
    if not SHARED.is_dir():
        print(f"dump_findings: {SHARED} is absent; only the seeds were linted", file=sys.stderr)
    else:
        out["boilerplate"] = relative(artlint([*args.extra, str(SHARED / "boilerplate")]), SHARED / "boilerplate")
        with tempfile.TemporaryDirectory(prefix="dump-mtqe-") as tmp:
            mtqe_articles(Path(tmp))
            out["mtqe-dev"] = relative(artlint([*args.extra, tmp]), Path(tmp))
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
