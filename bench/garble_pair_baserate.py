"""How much of the pooled word-level MCC is only which language pair a
word came from? MLQE-PE's pairs differ widely in their share of BAD words
(post-edited), so a predictor that knows nothing but the pair scores a
pooled MCC that no target-only, pair-blind word model reaches.

    python bench/garble_pair_baserate.py [../shared/data/mtqe/train.tsv ../shared/data/mtqe/dev.tsv]

For each split: every pair's share of BAD words, and the pooled MCC and
precision of marking every word of the pairs whose share is above one
half (and of each single pair), the way ../shared/tools/wordscore.py counts
words. No model is involved: this is a property of the labels.
"""
from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "mtqe"


def word_counts(path: Path) -> tuple[Counter, Counter]:
    """(BAD words, words) per language pair of a split's tagged rows."""
    bad, words = Counter(), Counter()
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        pair_at, tags_at = header.index("lang_pair"), header.index("word_tags")
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            tags = cells[tags_at].split() if len(cells) > tags_at else []
            bad[cells[pair_at]] += sum(tag == "BAD" for tag in tags)
            words[cells[pair_at]] += len(tags)
    return bad, words


def mark_pairs(marked: set, bad: Counter, words: Counter) -> tuple[float, float]:
    """(pooled MCC, precision) of marking every word of the `marked` pairs."""
    tp = sum(bad[p] for p in marked)
    fp = sum(words[p] - bad[p] for p in marked)
    fn = sum(bad[p] for p in words if p not in marked)
    tn = sum(words[p] - bad[p] for p in words if p not in marked)
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return ((tp * tn - fp * fn) / den if den else 0.0), (tp / (tp + fp) if tp + fp else 0.0)


def report(path: Path) -> None:
    bad, words = word_counts(path)
    print(f"{path.name}: {sum(words.values())} tagged words")
    for pair in sorted(words):
        m, prec = mark_pairs({pair}, bad, words)
        print(f"  {pair}: {bad[pair] / words[pair]:.3f} BAD; marking its every word: MCC {m:.3f} P {prec:.3f}")
    worst = {p for p in words if bad[p] > words[p] / 2}
    m, prec = mark_pairs(worst, bad, words)
    print(f"  marking every word of {', '.join(sorted(worst)) or 'no pair'} (share > 0.5): MCC {m:.3f} P {prec:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", nargs="*", type=Path, default=[DATA / "train.tsv", DATA / "dev.tsv"])
    args = ap.parse_args(argv)
    missing = [str(p) for p in args.tsv if not p.is_file()]
    if missing:
        print(f"garble_pair_baserate: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in args.tsv:
        report(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
