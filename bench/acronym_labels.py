"""How often the tokens style.undefined-acronym flags are words a human
post-editor changed (BAD in MLQE-PE's word labels), against the other
all-capitals tokens of 2-5 letters (known, spelled out or shouted; a
flagged acronym's later uses are counted apart, as `repeat`). Each sentence
is linted as an article of its own, so no acronym is spelled out
elsewhere in it.

    .venv/bin/python bench/acronym_labels.py ../shared/data/mtqe/train.tsv
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from linter import lexicon  # noqa: E402
from linter.checks.acronym import acronym_of  # noqa: E402
from linter.checks.nonword import split_hyphens  # noqa: E402
from linter.config import Config  # noqa: E402
from linter.engine import RuleSet, Selection, lint_documents  # noqa: E402
from linter.readers import read_source  # noqa: E402
from garble import read_rows  # noqa: E402  (training/garble.py)
from garble_words import word_labels  # noqa: E402

RULE = "style.undefined-acronym"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", type=Path)
    args = ap.parse_args(argv)
    if not args.tsv.is_file():
        sys.exit(f"acronym_labels: no such file {args.tsv} (the MLQE-PE splits live in ../shared/data/mtqe/)")
    rows = read_rows(args.tsv, None)
    selection = Selection(select=(RULE,))
    docs = [read_source(f"{i}.txt", r["mt_sentence"].replace("\n", " ")) for i, r in enumerate(rows)]
    findings, _ = lint_documents(docs, RuleSet(Config(), selection), selection)
    flagged = {(int(f.path.split(".")[0]), f.column - 1) for f in findings}
    counts = Counter()
    for i, row in enumerate(rows):
        tokens = [t for t in split_hyphens(lexicon.tokens(row["mt_sentence"])) if acronym_of(t.text)]
        labels = word_labels(row, [SimpleNamespace(start=t.start, end=t.end) for t in tokens])
        named = {acronym_of(t.text) for t in tokens if (i, t.start) in flagged}
        for token, bad in zip(tokens, labels):
            group = "flagged" if (i, token.start) in flagged else "repeat" if acronym_of(token.text) in named else "other"
            counts[group, row["lang_pair"], bad] += 1
    for group in ("flagged", "repeat", "other"):
        total = sum(v for (g, _, _), v in counts.items() if g == group)
        bad = sum(v for (g, _, b), v in counts.items() if g == group and b)
        pairs = sorted({p for (g, p, _) in counts if g == group})
        per = {p: f"{counts[group, p, 1]}/{counts[group, p, 0] + counts[group, p, 1]}" for p in pairs}
        print(f"{group:8s} {bad}/{total} BAD ({bad / max(total, 1):.0%})", per)
    return 0


if __name__ == "__main__":
    sys.exit(main())
