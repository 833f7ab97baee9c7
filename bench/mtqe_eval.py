"""Fit and cross-validate the fluency score's weights on the MLQE-PE benchmark.

    .venv/bin/python bench/mtqe_eval.py ../shared/data/mtqe/dev.tsv

Prints, for the weights written in linter/fluency.py and for weights refitted
here (a logistic regression on the five features, no other tuning): pooled
and per-pair ROC-AUC, and two 2-fold cross-validations — documents split by
doc_id, and language pairs split in two groups — so that the weights in the
code can be checked for overfitting. Needs only numpy.
"""
from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from linter import fluency  # noqa: E402


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh if line.strip()]


def roc_auc(scores, labels):
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):  # average ranks over ties
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2.0
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit(X, y, l2=1e-2, steps=4000, rate=0.5):
    """Logistic regression by gradient descent on standardised features;
    returns raw-unit weights and bias."""
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        w -= rate * (Z.T @ (p - y) / len(y) + l2 * w)
        b -= rate * (p - y).mean()
    return w / sd, b - (w / sd) @ mu


def cross_validate(X, y, fold):
    out = np.empty(len(y))
    for k in np.unique(fold):
        w, b = fit(X[fold != k], y[fold != k])
        out[fold == k] = X[fold == k] @ w + b
    return out


def summary(name, scores, y, pairs):
    per = "  ".join(f"{p} {roc_auc(scores[pairs == p], y[pairs == p]):.3f}" for p in sorted(set(pairs)))
    print(f"{name:<28} ALL {roc_auc(scores, y):.3f}  {per}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv")
    ap.add_argument("--label", default="bad")
    args = ap.parse_args(argv)
    rows = read_tsv(args.tsv)
    y = np.array([int(r[args.label]) for r in rows], dtype=float)
    pairs = np.array([r["lang_pair"] for r in rows])
    X = np.array([[fluency.features(r["mt_sentence"])[f] for f in fluency.FEATURES] for r in rows])

    summary("weights in linter/fluency", np.array([fluency.score(r["mt_sentence"]) for r in rows]), y, pairs)
    for j, name in enumerate(fluency.FEATURES):
        summary(f"  feature {name}", X[:, j], y, pairs)
    w, b = fit(X, y)
    summary("refit on all rows", X @ w + b, y, pairs)
    print("  refit weights:", {f: round(float(v), 2) for f, v in zip(fluency.FEATURES, w)}, "bias", round(float(b), 2))
    by_doc = np.array([zlib.crc32(r["doc_id"].encode()) % 2 for r in rows])
    summary("2-fold CV by doc_id", cross_validate(X, y, by_doc), y, pairs)
    names = sorted(set(pairs))
    by_pair = np.array([names.index(p) % 2 for p in pairs])
    summary("2-fold CV by lang_pair", cross_validate(X, y, by_pair), y, pairs)
    for k in (0, 1):
        wk, bk = fit(X[by_doc != k], y[by_doc != k])
        print(f"  doc fold {k} weights:", [round(float(v), 2) for v in wk], "bias", round(float(bk), 2))


if __name__ == "__main__":
    main()
