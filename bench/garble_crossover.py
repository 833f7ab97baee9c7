#!/usr/bin/env python3
"""Where the numpy path starts to cost less than the plain-Python one
(garble.SMALL_SENTENCES): CPU of scoring the first N distinct sentences
in a fresh process, by small.py (load + scoring) and by the numpy model
(import numpy + load + scoring), alternating, median of --repeat.

    python bench/garble_crossover.py [--sizes 40,80,120,160,200,280] [--repeat 7] [--tree /tmp/ab_A]
        # --tree: a checkout (or a copy of main's linter/) to run instead of this one

Sentences: the edited news pages of ../shared/data/boilerplate (then the
seeds), those a run scores (at least 4 words, not out_of_domain), each
once, in file order; the lexicon is warmed on their words first, as the
other rules do in a real run. Prints the load average: on a loaded
machine the medians of alternating runs are what to compare.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "boilerplate"

CHILD = """
import gc, sys, time
gc.set_threshold(100_000, 10, 10)  # as `artlint check` sets it
sys.path.insert(0, {root!r})
from linter import lexicon, garble
sentences = open({listing!r}, encoding="utf-8").read().split("\\n")[:{count}]
for word in lexicon.WORD.findall(" ".join(sentences)):
    lexicon.zipf(word.lower()); lexicon.is_known(word.lower())
start = time.process_time()
model = garble.load_small() if {small!r} else garble.load()
list(model.sentence_scores(sentences))
print(time.process_time() - start)
"""


def distinct_sentences(limit: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from linter import garble, lexicon

    files = sorted(PAGES.glob("*.txt")) if PAGES.is_dir() else []
    if not files:
        print(f"(no {PAGES}: the seeds' sentences only)")
    out: dict[str, None] = {}
    for path in files + sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s, e in lexicon.sentences(text):
            sentence = " ".join(text[s:e].split())
            if len(lexicon.tokens(sentence)) >= 4 and not garble.out_of_domain(sentence):
                out[sentence] = None
        if len(out) >= limit:
            break
    return list(out)[:limit]


def cpu(tree: Path, listing: Path, count: int, small: bool) -> float:
    code = CHILD.format(root=str(tree), listing=str(listing), count=count, small=small)
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="40,80,120,160,200,280")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose linter/ to time (default: this one)")
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    sentences = distinct_sentences(max(sizes))
    listing = Path(f"/tmp/garble_crossover_{os.getpid()}.txt")
    listing.write_text("\n".join(sentences), encoding="utf-8")
    print(f"{args.tree.resolve()}: {len(sentences)} distinct sentences; load average {os.getloadavg()[0]:.1f}")
    try:
        for count in sizes:
            small, numpy = [], []
            for n in range(args.repeat):
                for use_small in (True, False) if n % 2 == 0 else (False, True):
                    (small if use_small else numpy).append(cpu(args.tree.resolve(), listing, count, use_small))
            a, b = statistics.median(small), statistics.median(numpy)
            print(f"{count:4d} sentences: plain Python {1000 * a:6.1f} ms, numpy {1000 * b:6.1f} ms CPU "
                  f"(numpy - plain {1000 * (b - a):+6.1f} ms)")
    finally:
        listing.unlink()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
