#!/usr/bin/env python3
"""Page mode on whole web pages: findings per page with and without page
mode, whether every boilerplate finding left lies inside the extracted
body, and the time a page takes (extraction and the whole check).

    .venv/bin/python bench/page_bench.py [--dir ../shared/data/pages] [--split even|odd] [-v]

DIR holds <id>.html.gz pages (the benchmark's); without it there is nothing
to measure and the script says so. Each page is checked in this process
with the default rules, as `artlint check PAGE.html` would (page mode
decided from the page), then again with --no-page. Timing is CPU time of
this process per page and wall time; the machine may be shared.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.config import Config  # noqa: E402
from linter.engine import Linter, Selection  # noqa: E402
from linter.readers import read_path  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "pages"


def pages(folder: Path, split: str | None) -> list[Path]:
    found = sorted(folder.glob("*.html.gz"))
    if split:
        found = found[0 if split == "even" else 1::2]
    return found


def inside_body(doc, finding) -> bool:
    """Whether the finding's first character is a character of the body's text."""
    offset = doc.line_starts[finding.line - 1] + finding.column - 1
    return any(offset in set(block.origins) for block in doc.blocks)


def check(path: str, page: bool | None):
    linter = Linter(Selection(page=page), lambda _path: Config())
    linter.keep_blocks = True
    report = linter.lint([(path, None)])
    return report, linter.documents.get(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("-v", action="store_true", help="one line a page")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"page_bench: {args.dir} is absent (the benchmark pages live in ../shared/data/pages); nothing measured")
        return 2
    files = pages(args.dir, args.split)
    work = Path(tempfile.mkdtemp(prefix="page-bench-"))
    rows, outside, not_pages = [], [], []
    check(str(ROOT / "tests" / "data" / "page" / "news-page.html"), None)  # load rules and models once
    for gz in files:
        page = work / gz.name[:-3]
        page.write_bytes(gzip.decompress(gz.read_bytes()))
        cpu, wall = time.process_time(), time.perf_counter()
        report, doc = check(str(page), None)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        t0 = time.process_time()
        read_path(str(page))
        read_cpu = time.process_time() - t0
        whole, _ = check(str(page), False)
        if doc is None or doc.metadata.get("page") != "article body":
            not_pages.append(gz.name)
        boiler = [f for f in report.findings if f.category == "boilerplate"]
        outside += [(gz.name, f) for f in boiler if doc is not None and not inside_body(doc, f)]
        rows.append((gz.name, len(report.findings), len(boiler), len(whole.findings), cpu, wall, read_cpu))
        if args.v:
            print(f"  {gz.name:28} page mode {len(report.findings):3} findings ({len(boiler)} boilerplate), "
                  f"whole page {len(whole.findings):3}; {cpu:.2f} s CPU, read+extract {read_cpu:.2f} s")
    counts = [r[1] for r in rows]
    print(f"pages {len(rows)} ({args.split or 'all'}); read as whole pages: {len(rows) - len(not_pages)}"
          + (f" (not: {', '.join(not_pages)})" if not_pages else ""))
    print(f"findings per page, page mode: median {statistics.median(counts):g}, mean {statistics.mean(counts):.1f}, "
          f"max {max(counts)}; --no-page: median {statistics.median(r[3] for r in rows):g}, "
          f"mean {statistics.mean(r[3] for r in rows):.1f}")
    print(f"boilerplate findings in page mode: {sum(r[2] for r in rows)}, outside the extracted body: {len(outside)}")
    for name, f in outside[:10]:
        print(f"    outside: {name}:{f.line}:{f.column} {f.rule} {f.match!r}")
    print(f"time per page (check, page mode): CPU median {statistics.median(r[4] for r in rows):.2f} s, "
          f"mean {statistics.mean(r[4] for r in rows):.2f} s, max {max(r[4] for r in rows):.2f} s; "
          f"wall median {statistics.median(r[5] for r in rows):.2f} s; "
          f"of which read+extract CPU median {statistics.median(r[6] for r in rows):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
