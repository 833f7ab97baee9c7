"""The garbled-sentence rule's `weak_threshold` (its info tier), chosen for
precision on an MLQE-PE split: the lowest threshold on a 0.05 grid at
which the sentences scoring above it but not above the rule's `threshold`
are bad (human score under 50) at least 70 % of the time in EVERY language
pair. Pooled precision would be inflated by ne-en, where 81 % of dev
sentences are bad; ro-en and ru-en (a quarter bad) are nearer to news that
a translator published, so the weakest pair decides. Pooled and
mean-over-pairs precision are printed too. Only a threshold is chosen;
nothing is trained.

    .venv/bin/python bench/weak_threshold.py ../shared/data/mtqe/dev.tsv
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from linter import garble  # noqa: E402
from garble import read_rows  # noqa: E402  (training/garble.py)

GRID = np.round(np.arange(0.30, 0.90, 0.05), 2)


def band_precision(scores, bad, pairs, low: float, high: float) -> tuple[int, float, float, dict]:
    """(sentences, pooled precision, mean over pairs, per pair) of low < score <= high;
    a pair with no sentence in the band counts as precise (nothing flagged)."""
    band = (scores > low) & (scores <= high)
    per = {p: float(bad[band & (pairs == p)].mean()) if (band & (pairs == p)).any() else 1.0
           for p in sorted(set(pairs.tolist()))}
    pooled = float(bad[band].mean()) if band.any() else 0.0
    return int(band.sum()), pooled, float(np.mean(list(per.values()))), per


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", type=Path)
    ap.add_argument("--threshold", type=float, default=0.9, help="the rule's (warning) threshold")
    ap.add_argument("--precision", type=float, default=0.70)
    args = ap.parse_args(argv)
    if not args.tsv.is_file():
        sys.exit(f"weak_threshold: no such file {args.tsv} (the MLQE-PE splits live in ../shared/data/mtqe/)")
    rows = read_rows(args.tsv, None)
    scores = np.array(garble.sentence_scores([r["mt_sentence"] for r in rows]))
    bad = np.array([int(r["bad"]) for r in rows])
    pairs = np.array([r["lang_pair"] for r in rows])
    table = {t: band_precision(scores, bad, pairs, t, args.threshold) for t in GRID if t < args.threshold}
    for t, (n, pooled, macro, per) in table.items():
        print(f"({t:.2f}, {args.threshold}]: {n:5d} sentences, bad {pooled:.3f} pooled, {macro:.3f} mean over pairs,"
              f" {min(per.values()):.3f} weakest pair", {p: round(v, 3) for p, v in per.items()})
    passing = [t for t in table if min(table[t][3].values()) >= args.precision]
    if not passing:
        print(f"no threshold reaches {args.precision:.0%} in every pair")
        return 1
    t = min(passing)
    n, pooled, macro, per = table[t]
    print(f"weak_threshold: {t:.2f} ({n} sentences in the band; bad {pooled:.3f} pooled, {macro:.3f} mean over pairs,"
          f" {min(per.values()):.3f} in the weakest pair)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
