"""How far can any gate take the garbled-wording rule? Word MCC at
precision >= 0.6 on train's out-of-fold probabilities of every word, with
no clean-copy constraint at all, for families of gates of growing freedom.

    python training/garble.py --oof /tmp/oof.npz --oof-every-word --out /tmp/m
    python bench/garble_gate_ceiling.py /tmp/oof.npz

Every family counts the words of sentences above --sentence-threshold as
marked (the sentence rule, as ../shared/tools/wordscore.py counts it).
  none:       a word is marked above t, in every sentence (no gate);
  sentence:   above t in sentences scoring above g;
  document:   the rule's form: documents of N+ sentences whose mean score is
              above D search words above tl in sentences above gl; the
              others words above t0 in sentences above g0;
  doc+share:  as document, the gate also demanding a share of words above
              P 0.5 (bench/garble_spans.py's gate);
  oracle doc: documents opened by their true share of BAD words (labels:
              an upper bound for every document gate with this word model);
  oracle row: sentences opened by their true share of BAD words (an upper
              bound for every sentence gate).
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from garble_docgate import mcc  # noqa: E402


def best(candidates, gold):
    """(MCC, P, R, label) of the best candidate at precision >= 0.6."""
    top = (-1.0, 0.0, 0.0, "")
    for label, pred in candidates:
        m, prec, rec = mcc(pred, gold)
        if prec >= 0.6 and m > top[0]:
            top = (m, prec, rec, label)
    return top


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("oof", type=Path)
    ap.add_argument("--sentence-threshold", type=float, default=0.9)
    args = ap.parse_args(argv)
    d = dict(np.load(args.oof))
    rated = d["pair"][d["word_all_row"]] != "clean"
    p, gold, row = d["word_all_p"][rated], d["word_all_y"][rated] == 1, d["word_all_row"][rated]
    s = d["sentence_p"][row]
    st = s > args.sentence_threshold
    key = np.array([f"{a}\t{b}" for a, b in zip(d["pair"], d["doc_id"])])
    _, inv = np.unique(key, return_inverse=True)
    nd = inv.max() + 1
    rows_rated = d["pair"] != "clean"
    size = np.bincount(inv[rows_rated], minlength=nd)
    mean = np.bincount(inv[rows_rated], d["sentence_p"][rows_rated], nd) / np.maximum(size, 1)
    wdoc = inv[row]
    share = np.bincount(wdoc, p > 0.5, nd) / np.maximum(np.bincount(wdoc, minlength=nd), 1)
    bad_share = np.bincount(wdoc, gold, nd) / np.maximum(np.bincount(wdoc, minlength=nd), 1)
    size_w, mean_w, share_w, bad_w = size[wdoc], mean[wdoc], share[wdoc], bad_share[wdoc]
    ts = np.round(np.arange(0.3, 0.71, 0.025), 3)
    print(f"{len(p)} words, {gold.mean():.3f} BAD; sentence rule alone: MCC {mcc(st, gold)[0]:.3f}")

    fams = {}
    fams["none"] = best(((f"t {t:g}", (p > t) | st) for t in ts), gold)
    fams["sentence"] = best(((f"g {g:g} t {t:g}", ((s > g) & (p > t)) | st)
                             for g in np.arange(0, 0.91, 0.05) for t in ts), gold)
    base_off = {(g0, t0): (s > g0) & (p > t0) for g0 in (0.8, 0.9) for t0 in (0.5, 0.6, 0.7)}

    def doc_family(opened_of):
        for (glabel, opened), gl, tl, ((g0, t0), off) in itertools.product(
                opened_of, (0.0, 0.3, 0.5), ts[::2], base_off.items()):
            yield f"{glabel} gl {gl:g} tl {tl:g} g0 {g0:g} t0 {t0:g}", np.where(opened, (s > gl) & (p > tl), off) | st

    gates = [(f"N {n} D {dd:.2f}", (size_w >= n) & (mean_w > dd)) for n in (1, 4, 8) for dd in np.arange(0.2, 0.61, 0.05)]
    fams["document"] = best(doc_family(gates), gold)
    shares = [(f"N 8 D {dd:.2f} share {w:.2f}", (size_w >= 8) & (mean_w > dd) & (share_w > w))
              for dd in (0.25, 0.3, 0.35, 0.4) for w in (0.3, 0.35, 0.4, 0.45, 0.5)]
    fams["doc+share"] = best(doc_family(shares), gold)
    oracle = [(f"bad share > {b:g}", bad_w > b) for b in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)]
    fams["oracle doc"] = best(doc_family(oracle), gold)
    nr = len(d["pair"])
    row_bad = (np.bincount(row, gold, nr) / np.maximum(np.bincount(row, minlength=nr), 1))[row]
    fams["oracle row"] = best(doc_family([(f"row bad share > {h:g}", row_bad > h) for h in (0.0, 0.1, 0.2)]), gold)
    for name, (m, prec, rec, label) in fams.items():
        print(f"{name:11s} MCC {m:.3f} P {prec:.3f} R {rec:.3f} | {label}")
    print("the gates of bench/garble_clean_docs.py (8+ sentences, mean > D, word share > W), best thresholds:")
    from garble_clean_docs import GATES

    for dd, w in GATES:
        m, prec, rec, label = best(doc_family([(f"D {dd:g} W {w:g}", (size_w >= 8) & (mean_w > dd) & (share_w > w))]), gold)
        print(f"  D {dd:g} W {w:g}: MCC {m:.3f} P {prec:.3f} R {rec:.3f} | {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
