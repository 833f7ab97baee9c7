#!/usr/bin/env python3
"""Measure candidate word features (and word-model settings) out of fold on
train, at the shipped document gate and at looser ones, without a full
training run per candidate.

    python bench/garble_word_ablation.py dump /tmp/inputs.pkl [training/garble.py options]   # ~9 min
    python bench/garble_word_ablation.py eval /tmp/inputs.pkl base nlogit agree nlogit+agree ...
    python bench/garble_word_ablation.py eval /tmp/inputs.pkl base --stack       # a second stage on the first's p
    python bench/garble_word_ablation.py rehash /tmp/inputs.pkl /tmp/hash.pkl   # hashed logits with skip/trigram grams
    python bench/garble_word_ablation.py ceiling /tmp/inputs.pkl                # a perfect word model at each gate

`dump` runs training/garble.py up to its word model and pickles the word
model's inputs (rows, tokens, each fold's language models and arrays, the
out-of-fold sentence scores and hashed word logits). `eval` builds
WORD_FEATURES plus the candidate groups of bench/garble_word_candidates.py
for every word with the same folds, trains the word LightGBM as
training/garble_words.py does (WORD_SAMPLE rows, WORD_PARAMS; override with
--sample / --params JSON / --rounds), Platt-calibrates, scores every word
out of fold and prints word MCC / P / R as wordscore counts it (the
sentence rule's words count as marked), pooled and per pair: at the shipped
gate (documents of 8+ sentences averaging > 0.5 searched at 0.55, elsewhere
sentences > 0.9 at 0.5) and, for looser gates, the best threshold with
precision >= 0.6, and word ROC-AUC over every word, pooled and within each
pair. Measured 2026-12-02 (garble-word5): no word-level candidate moves the
shipped gate's MCC 0.2945 by more than 0.0004 or a looser gate's by more
than 0.0015; the document mean of the hashed logit (docagg) gains up to
0.011 pooled but lowers word AUC within 4 of 5 pairs; the word against its
document (docrel) gains 0.0006-0.003, at the edge of the seed noise
(+-0.0003); see /work/notes/garble-word5.md.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for sub in ("", "training", "bench"):
    sys.path.insert(0, str(ROOT / sub))

import garble  # noqa: E402  (training/garble.py)
import garble_words  # noqa: E402
import garble_word_candidates as candidates  # noqa: E402
from garble_spans import document_stats, mark  # noqa: E402
from linter.garble import features as F  # noqa: E402
from linter.garble import hashed  # noqa: E402
from linter.garble.word_features import word_features  # noqa: E402

GATES = (0.5, 0.4, 0.35, 0.3, 0.0)  # doc_mean_score; 0: every sentence searched
SHIPPED = (0.5, 0.55)  # rules/translation/garbled-wording.yaml: doc_mean_score, doc_threshold


def dump(path: Path, train_args: list[str]) -> None:
    lms_of = []
    load_lms = garble.load_lms

    def recording(arrays):
        lms_of.append(load_lms(arrays))
        return lms_of[-1]

    def fit(rows, tokens, symbols, folds, sentence_p, pairs, **kw):
        keep = {k: kw[k] for k in ("rated", "learn", "weight", "hashed_logits", "seed")}
        with open(path, "wb") as fh:
            pickle.dump(dict(rows=rows, tokens=tokens, symbols=symbols, folds=folds, sentence_p=sentence_p,
                             pairs=pairs, lms=lms_of, **keep), fh, protocol=5)
        print(f"wrote {path}")
        raise SystemExit(0)

    garble.load_lms, garble_words.fit = recording, fit
    garble.main(train_args)


def word_rows(d: dict, group: str):
    """(X, y, fold, row) of every word of every fold, WORD_FEATURES then the group's columns."""
    rows, tokens, symbols, sentence_p = d["rows"], d["tokens"], d["symbols"], d["sentence_p"]
    logits = d["hashed_logits"][0]
    doc_p = garble_words.document_means(rows, sentence_p)
    start = garble_words._token_index(tokens)
    parts = []
    for j, (k, (test, arrays, unigram)) in enumerate(d["folds"].items()):
        idx = np.concatenate([np.arange(start[i], start[i + 1]) for i in test])
        tk, sy = [tokens[i] for i in test], [symbols[i] for i in test]
        X = word_features(tk, sy, arrays, sentence_p[test], unigram, doc_p[test], word_logit=logits[idx])
        ctx = dict(tokens=tk, symbols=sy, arrays=arrays, lms=d["lms"][j], unigram=unigram, X=X, logits=logits[idx],
                   doc=[f"{rows[i]['lang_pair']}\t{rows[i].get('doc_id') or rows[i]['id']}" for i in test])
        X = np.column_stack([X] + candidates.columns(group, ctx)).astype(np.float32)
        y = np.array([lab for i in test for lab in garble_words.word_labels(rows[i], tokens[i])], np.int64)
        row = np.array([i for i in test for _ in tokens[i]], np.int64)
        keep = np.array([F.is_word(t.text) for t in (t for i in test for t in tokens[i])], bool)
        parts.append((X[keep], y[keep], np.full(keep.sum(), k), row[keep]))
    return tuple(np.concatenate([p[j] for p in parts]) for j in range(4))


def stack_columns(p, row):
    """A second stage's view of the first's p: neighbours' logits, the sentence's mean, max and share above 0.5."""
    lg = np.log(p / (1 - p))
    same_prev = np.concatenate([[False], row[1:] == row[:-1]])
    same_next = np.concatenate([row[:-1] == row[1:], [False]])
    prev = np.where(same_prev, np.concatenate([[0], lg[:-1]]), -6)
    nxt = np.where(same_next, np.concatenate([lg[1:], [0]]), -6)
    _, inv = np.unique(row, return_inverse=True)
    n = inv.max() + 1
    count = np.bincount(inv, minlength=n)
    top = np.full(n, -50.0)
    np.maximum.at(top, inv, lg)
    return [prev, nxt, np.maximum(prev, nxt), (np.bincount(inv, lg, n) / count)[inv], top[inv],
            (np.bincount(inv, p > 0.5, n) / count)[inv]]


def out_of_fold(d, X, y, fold, row, sample, params, rounds):
    """Every word's out-of-fold P, the word model trained as garble_words.fit trains it."""
    rated, learn, weight = d["rated"], d["learn"], d["weight"]
    of_rated = rated[row]
    keep = np.arange(len(y))
    if of_rated.sum() > sample:
        picked = np.random.default_rng(d["seed"]).choice(int(of_rated.sum()), sample, replace=False)
        keep = np.sort(np.concatenate([np.nonzero(of_rated)[0][picked], np.nonzero(~of_rated)[0]]))
    fs, rs = fold[keep], row[keep]
    on = learn[rs]
    margin, every = np.zeros(len(keep)), np.zeros(len(y))
    for k in sorted(set(fs.tolist())):
        test = fs == k
        train = keep[~test & on]
        booster = garble.train_forest(X[train], y[train], params, rounds, weight[row[train]])
        margin[test] = booster.predict(X[keep[test]], raw_score=True)
        every[fold == k] = booster.predict(X[fold == k], raw_score=True)
    a, b = garble.platt(margin[rated[rs]], y[keep][rated[rs]])
    return 1 / (1 + np.exp(-(a * every + b)))


def gate_arrays(d, row):
    """Per word: its document's size and mean sentence score, its sentence's score (rated rows only)."""
    rows, pairs, rated, sp = d["rows"], d["pairs"], d["rated"], d["sentence_p"]
    doc_key = np.array([f"{q}\t{r['doc_id']}" for q, r in zip(pairs, rows)])
    size, mean, _ = document_stats(doc_key[rated], sp[rated], np.zeros(0), np.zeros(0, int))
    where = (np.cumsum(rated) - 1)[row]
    return size[where], mean[where], sp[row]


def per_pair(pred, gold, pair):
    return " ".join(f"{q[:2]} {garble.mcc(pred[pair == q], gold[pair == q])[0]:.3f}" for q in sorted(set(pair.tolist())))


def report(d, name, p, y, row):
    rated = d["rated"][row]
    clean = float((p[~rated] > 0.5).mean() * 1e4) if (~rated).any() else float("nan")
    p, gold, row = p[rated], y[rated] == 1, row[rated]
    size, mean, s_word = gate_arrays(d, row)
    pair = d["pairs"][row]
    print(f"== {name}: word ROC-AUC (every word) pooled {garble.auc(p, gold):.4f} |",
          " ".join(f"{q[:2]} {garble.auc(p[pair == q], gold[pair == q]):.4f}" for q in sorted(set(pair.tolist()))))
    for gate in GATES:
        opened = (size >= 8) & (mean > gate) if gate else np.ones(len(p), bool)
        results = []
        for thr in (0.45, 0.5, 0.55, 0.6):
            pred = mark(p, row, s_word, opened, thr, 1.0, False)
            results.append((*garble.mcc(pred, gold), thr, per_pair(pred, gold, pair)))
            if (gate, thr) == SHIPPED:
                m, P, R, _, pp = results[-1]
                print(f"   shipped gate {m:.4f} P {P:.3f} R {R:.3f} | {pp} | clean words P > 0.5 per 10k: {clean:.0f}")
        good = [r for r in results if r[1] >= 0.6]
        if good:
            m, P, R, thr, pp = max(good)
            print(f"   gate {gate}: best MCC {m:.4f} P {P:.3f} R {R:.3f} at {thr} | {pp}", flush=True)


def evaluate(d, groups, sample, params, rounds, stack):
    for group in groups:
        t0 = time.process_time()
        X, y, fold, row = word_rows(d, group)
        p = out_of_fold(d, X, y, fold, row, sample, params, rounds)
        report(d, f"{group} ({X.shape[1]} features)", p, y, row)
        if stack:
            X2 = np.column_stack([X] + stack_columns(p, row)).astype(np.float32)
            report(d, f"{group} + second stage", out_of_fold(d, X2, y, fold, row, sample, params, rounds), y, row)
        print(f"   ({time.process_time() - t0:.0f} CPU s)", flush=True)


def context_grams(texts):
    """hashed.token_buckets plus the skip pair (previous, next) and the trigram (previous, word, next)."""
    words = [hashed._norm(t, i) for i, t in enumerate(texts)]
    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else "<s>"
        nxt = words[i + 1] if i + 1 < len(words) else "</s>"
        grams = (f"p {prev}", f"n {nxt}", f"pw {prev} {w}", f"wn {w} {nxt}", f"pn {prev} {nxt}", f"pwn {prev} {w} {nxt}")
        out.append(sorted(set(hashed._own_buckets(w)).union(zlib.crc32(g.encode()) % hashed.WORD_BUCKETS for g in grams)))
    return out


def ceiling(d):
    """MCC of a perfect word model at each gate: how much of BAD the gate lets the word model see."""
    rows, tokens, rated = d["rows"], d["tokens"], d["rated"]
    gold, row = [], []
    for i in np.nonzero(rated)[0]:
        for t, lab in zip(tokens[i], garble_words.word_labels(rows[i], tokens[i])):
            if F.is_word(t.text):
                gold.append(lab == 1)
                row.append(i)
    gold, row = np.array(gold), np.array(row)
    size, mean, s_word = gate_arrays(d, row)
    for gate in GATES:
        opened = (size >= 8) & (mean > gate) if gate else np.ones(len(row), bool)
        searched = opened | (s_word > 0.9)
        m, P, R = garble.mcc((searched & gold) | (s_word > 0.9), gold)
        print(f"gate {gate}: words searched {searched.mean():.3f}, BAD words searched {searched[gold].mean():.3f}; "
              f"perfect word model MCC {m:.3f} P {P:.3f} R {R:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("dump")
    a.add_argument("out", type=Path)
    a.add_argument("train_args", nargs=argparse.REMAINDER)
    a = sub.add_parser("eval")
    a.add_argument("inputs", type=Path)
    a.add_argument("groups", nargs="+", help="base, or groups of bench/garble_word_candidates.py joined by +")
    a.add_argument("--sample", type=int, default=garble_words.WORD_SAMPLE)
    a.add_argument("--params", default="{}", help="JSON overriding garble_words.WORD_PARAMS")
    a.add_argument("--rounds", type=int, default=garble_words.WORD_ROUNDS)
    a.add_argument("--stack", action="store_true")
    a = sub.add_parser("rehash")
    a.add_argument("inputs", type=Path)
    a.add_argument("out", type=Path)
    a = sub.add_parser("ceiling")
    a.add_argument("inputs", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.train_args)
        return 0
    d = pickle.loads(args.inputs.read_bytes())
    if args.cmd == "eval":
        evaluate(d, args.groups, args.sample, {**garble_words.WORD_PARAMS, **json.loads(args.params)}, args.rounds, args.stack)
    elif args.cmd == "rehash":
        hashed.token_buckets = context_grams
        d["hashed_logits"] = garble_words.word_logits(d["rows"], d["tokens"], d["folds"], d["learn"], d["weight"])
        args.out.write_bytes(pickle.dumps(d, protocol=5))
    else:
        ceiling(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
