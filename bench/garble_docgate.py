"""Choose the garbled-wording rule's document-level settings on train's
out-of-fold probabilities, and check them on edited news copy.

    python training/garble.py --out /tmp/m --oof /tmp/oof.npz   # out-of-fold scores
    python bench/garble_docgate.py /tmp/oof.npz [--clean ../shared/data/boilerplate]

A document's sentences (grouped by doc_id, as ../shared/tools/wordscore.py
groups them into articles) are searched with (doc_min_sentence_score,
doc_threshold) when there are at least doc_min_sentences of them and their
mean out-of-fold score is above doc_mean_score, else with the rule's
defaults (0.9, 0.5). Prints word MCC / precision /
recall on train's sampled word rows for each setting, and how many span
findings the shipped model makes with it on the clean copy per 10,000
words: the content lines of each page as one document, and (short
documents, the harder case) each page cut into documents of
doc_min_sentences sentences.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_GATE, BASE_THRESHOLD = 0.9, 0.5


def mcc(pred, gold):
    tp = float((pred & gold).sum()); fp = float((pred & ~gold).sum())
    fn = float((~pred & gold).sum()); tn = float((~pred & ~gold).sum())
    den = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return ((tp * tn - fp * fn) / den if den else 0.0), (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def doc_means(doc_ids, scores):
    _, inverse = np.unique(doc_ids, return_inverse=True)
    return (np.bincount(inverse, scores) / np.bincount(inverse))[inverse]


def clean_pages(folder: Path):
    from linter import lexicon

    pages, words = [], 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        lines = (folder / name).read_text(encoding="utf-8").split("\n")
        labels = (folder / (name[:-4] + ".labels")).read_text(encoding="utf-8").split("\n")
        sentences = []
        for line, label in zip(lines, labels):
            if label.strip() == "content":
                words += len(line.split())
                sentences += [line[s:e] for s, e in lexicon.sentences(line) if len(lexicon.tokens(line[s:e])) >= 4]
        if sentences:
            pages.append(sentences)
    return pages, words


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("oof", type=Path)
    ap.add_argument("--clean", type=Path, default=ROOT.parent / "shared" / "data" / "boilerplate")
    args = ap.parse_args(argv)
    d = np.load(args.oof)
    row_mean = doc_means(d["doc_id"], d["sentence_p"])
    _, inverse = np.unique(d["doc_id"], return_inverse=True)
    doc_size = np.bincount(inverse)[inverse][d["word_row"]]
    s, dm = d["sentence_p"][d["word_row"]], row_mean[d["word_row"]]
    p, gold = d["word_p"], d["word_bad"] == 1
    pairs = d["pair"][d["word_row"]]
    clean = None
    if args.clean.is_dir():
        from linter import garble
        from linter.garble.model_runtime import spans

        pages, words = clean_pages(args.clean)
        model = garble.load()
        clean = [model.word_probabilities(page) for page in pages]
        means = [float(np.mean(sc)) for sc, _ in clean]
        print(f"clean copy: {len(pages)} pages, {words} words; page mean score max {max(means):.3f}, "
              f"95th percentile {np.percentile(means, 95):.3f}")
    else:
        print(f"no clean copy at {args.clean}: clean rates not measured")

    def clean_rate(N, D, gl, tl, cut=False):
        n = 0
        for sc, marked in clean:
            step = N if cut else len(sc)
            for i in range(0, len(sc), step):
                part, part_marked = sc[i:i + step], marked[i:i + step]
                hi = len(part) >= N and part.mean() > D
                gate, thr = (gl, tl) if hi else (BASE_GATE, BASE_THRESHOLD)
                n += sum(len(spans(w, thr)) for x, w in zip(part, part_marked) if x > gate)
        return n / words * 1e4

    rows = []
    for N in (1, 4, 8):
        for D in [1.0] + [round(x, 2) for x in np.arange(0.4, 0.81, 0.05)]:
            for gl in (0.3, 0.5, 0.7, 0.9):
                for tl in (0.4, 0.5, 0.6):
                    hi = (doc_size >= N) & (dm > D)
                    pred = np.where(hi, (s > gl) & (p > tl), (s > BASE_GATE) & (p > BASE_THRESHOLD))
                    m, prec, rec = mcc(pred, gold)
                    rows.append((m, prec, rec, N, D, gl, tl, hi.mean()))
    rows.sort(reverse=True)
    print("train out-of-fold: MCC precision recall | doc_min_sentences doc_mean_score doc_min_sentence_score "
          "doc_threshold | share of words in such documents | clean /10k: pages, pages cut into N-sentence documents")
    base_clean = clean_rate(1, 1.0, BASE_GATE, BASE_THRESHOLD) if clean else float("nan")
    overall, quiet = [], []
    for m, prec, rec, N, D, gl, tl, share in rows:
        if prec < 0.6:
            continue
        cr = clean_rate(N, D, gl, tl) if clean else float("nan")
        cut = clean_rate(N, D, gl, tl, cut=True) if clean and cr <= base_clean else float("nan")
        line = f"{m:.3f} {prec:.3f} {rec:.3f} | {N} {D:.2f} {gl:.2f} {tl:.2f} | {share:.3f} | {cr:.2f} {cut:.2f}"
        if len(overall) < 8:
            overall.append(line)
        if clean and cr <= base_clean and len(quiet) < 15:
            quiet.append(line)
    print("best at precision >= 0.6:", *overall, sep="\n  ")
    print(f"best that add no span finding on the clean copy ({base_clean:.2f} / 10k without document evidence):",
          *quiet, sep="\n  ")
    base = [r for r in rows if r[4] == 1.0][0]
    print(f"without document evidence: MCC {base[0]:.3f} precision {base[1]:.3f} recall {base[2]:.3f}")
    for pair in sorted(set(pairs.tolist())):
        print(pair, "words", int((pairs == pair).sum()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
