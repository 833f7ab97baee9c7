"""The garble model (linter/garble/) on an MLQE-PE split, without the linter
around it: sentence ROC-AUC per pair, precision of `bad` above sentence
thresholds, and word-level precision / recall / MCC of BAD tags above word
thresholds (tokens aligned as training/garble.py aligns them). Used to
choose the rules' thresholds on dev.tsv; nothing here is trained.

    .venv/bin/python bench/mtqe_eval.py ../shared/data/mtqe/dev.tsv
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from linter import garble  # noqa: E402
from garble import auc, mcc, read_rows, word_labels  # noqa: E402  (training/garble.py)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", type=Path)
    args = ap.parse_args(argv)
    if not args.tsv.is_file():
        sys.exit(f"mtqe_eval: no such file {args.tsv} (the MLQE-PE splits live in ../shared/data/mtqe/)")
    rows = read_rows(args.tsv, None)
    model = garble.load()
    cpu = time.process_time()
    scores, words = model.word_probabilities([r["mt_sentence"] for r in rows])
    cpu = time.process_time() - cpu
    print(f"{len(rows)} sentences scored (sentence + word level) in {cpu:.2f} CPU s: {len(rows) / cpu:.0f} sentences/CPU-s")
    y = np.array([int(r["bad"]) for r in rows])
    pairs = np.array([r["lang_pair"] for r in rows])
    names = sorted(set(pairs.tolist()))
    print("sentence ROC-AUC:", {p: round(auc(scores[pairs == p], y[pairs == p]), 3) for p in names},
          "ALL", round(auc(scores, y), 3))
    for thr in (0.7, 0.8, 0.85, 0.9, 0.95):
        sel = scores > thr
        print(f"  P(garbled) > {thr}: {sel.sum()} sentences, precision of bad {y[sel].mean() if sel.any() else 0:.3f}")
    probs, gold, wpair = [], [], []
    for r, marked in zip(rows, words):
        toks = [t for t, _ in marked]
        labels = word_labels(r, toks)
        for (tok, p), lab in zip(marked, labels):
            if tok.text[0].isalnum():
                probs.append(p); gold.append(lab); wpair.append(r["lang_pair"])
    probs, gold, wpair = np.array(probs), np.array(gold) == 1, np.array(wpair)
    for thr in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75):
        pred = probs > thr
        per = {p: tuple(round(v, 3) for v in mcc(pred[wpair == p], gold[wpair == p])) for p in names}
        print(f"  word P > {thr}: (MCC, precision, recall) ALL {tuple(round(v, 3) for v in mcc(pred, gold))}", per)
    return 0


if __name__ == "__main__":
    sys.exit(main())
