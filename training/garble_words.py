"""The word level of the garble model: which words of a sentence are the garble.

Called by training/garble.py after its out-of-fold language models and
sentence model: every training sentence's tokens are scored by language
models that never saw its document, and carry the out-of-fold sentence
score and the mean out-of-fold score of their document (its sentences are
one article at run time too). A LightGBM binary model learns `word_tags`
(BAD where the post-editor changed or deleted the word) from
WORD_FEATURES (linter/garble/word_features.py); it is cross-validated by
doc_id with the same folds, Platt-calibrated on its out-of-fold margins,
then trained on all sampled rows.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.garble import features as F  # noqa: E402
from linter.garble import hashed  # noqa: E402
from linter.garble.word_features import WORD_FEATURES, word_features  # noqa: E402

WORD_SAMPLE = 150_000  # word rows the word model trains on (of ~540k; all rows gain 0.002 MCC for 3x the time)
WORD_PARAMS = dict(objective="binary", learning_rate=0.05, num_leaves=31, min_data_in_leaf=100,
                   feature_fraction=0.7, bagging_fraction=0.7, bagging_freq=1, lambda_l2=1.0,
                   verbose=-1, num_threads=1)
WORD_ROUNDS = 200
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
WORD_HASH_C = 0.5  # inverse L2 penalty of word_logits' logistic regression (chosen by 5-fold CV; 0.1: lower AUC)


def word_labels(row: dict, tokens: list[F.Token]) -> list[int]:
    """1 where a token overlaps an mt_token the post-editor changed."""
    sentence, bad_spans, pos = row["mt_sentence"], [], 0
    for tok, tag in zip(row["mt_tokens"].split(), row["word_tags"].split()):
        i = sentence.find(tok, pos)
        if i < 0:
            continue
        if tag == "BAD":
            bad_spans.append((i, i + len(tok)))
        pos = i + len(tok)
    return [int(any(s < t.end and t.start < e for s, e in bad_spans)) for t in tokens]


def document_means(rows: list[dict], values: np.ndarray) -> np.ndarray:
    """Mean of values over each row's document (lang_pair and doc_id, as
    ../shared/tools/wordscore.py makes its articles), one per row."""
    keys = [(r["lang_pair"], r.get("doc_id") or r["id"]) for r in rows]
    _, inverse = np.unique(np.array(["\t".join(k) for k in keys]), return_inverse=True)
    return (np.bincount(inverse, values) / np.bincount(inverse))[inverse]


def _token_index(tokens) -> np.ndarray:
    """Where each row's tokens start in the flat list of all rows' tokens."""
    return np.concatenate([[0], np.cumsum([len(t) for t in tokens])])


def _logistic(X, y, weight=None):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=WORD_HASH_C, solver="liblinear", max_iter=200, random_state=0)
    return model.fit(X, y) if weight is None else model.fit(X, y, sample_weight=weight)


def word_logits(rows, tokens, folds: dict, learn: np.ndarray, weight: np.ndarray | None = None):
    """The word_logit feature of every token of every row (flat, in row
    order), out of fold: a logistic regression on hashed.token_buckets
    learnt from the word labels of the other folds' words. Returns (logits,
    the final model's weights on all rows as float16, its bias)."""
    H = hashed.word_design_matrix([[t.text for t in toks] for toks in tokens])
    start = _token_index(tokens)
    owner = np.repeat(np.arange(len(rows)), np.diff(start))
    labels = np.array([lab for r, toks in zip(rows, tokens) for lab in word_labels(r, toks)], np.int64)
    on = np.array([F.is_word(t.text) for toks in tokens for t in toks], bool) & learn[owner]
    w = None if weight is None or np.all(weight == 1) else weight[owner]  # unweighted: the same fit as before
    logits = np.zeros(len(owner))
    for test, _, _ in folds.values():
        idx = np.concatenate([np.arange(start[i], start[i + 1]) for i in test])
        train = on.copy()
        train[idx] = False
        logits[idx] = _logistic(H[train], labels[train], None if w is None else w[train]).decision_function(H[idx])
    final = _logistic(H[on], labels[on], None if w is None else w[on])
    return logits, final.coef_.ravel().astype(np.float16), float(final.intercept_[0])


def dataset(rows, tokens, symbols, folds: dict, sentence_p: np.ndarray, seed: int, rated: np.ndarray | None = None,
            logits: np.ndarray | None = None, every_word: list | None = None):
    """Word rows of every fold's test sentences: (X, y, fold, row), words only
    (punctuation is never marked); the rated (MLQE-PE) rows' words sampled
    down to WORD_SAMPLE, every word of clean rows (not rated) kept.
    folds: k -> (test row indices, their SentenceArrays, unigram log-probs
    of the language models that scored them); logits: word_logits'.
    every_word: a list that receives (X, y, fold, row) of all word rows,
    before the sampling (to score every word out of fold)."""
    doc_p = document_means(rows, sentence_p)
    start = _token_index(tokens)
    parts = []
    for k, (test, arrays, unigram) in folds.items():
        idx = np.concatenate([np.arange(start[i], start[i + 1]) for i in test])
        X = word_features([tokens[i] for i in test], [symbols[i] for i in test], arrays, sentence_p[test],
                          unigram, doc_p[test], word_logit=logits[idx])
        labels = np.array([lab for i in test for lab in word_labels(rows[i], tokens[i])], np.int64)
        row = np.array([i for i in test for _ in tokens[i]], np.int64)
        keep = np.array([F.is_word(t.text) for i in test for t in tokens[i]], bool)
        parts.append((X[keep], labels[keep], np.full(keep.sum(), k), row[keep]))
    X, y, fold, row = (np.concatenate([p[j] for p in parts]) for j in range(4))
    if every_word is not None:
        every_word.extend((X, y, fold, row))
    of_rated = np.ones(len(y), bool) if rated is None else rated[row]
    if of_rated.sum() > WORD_SAMPLE:
        picked = np.random.default_rng(seed).choice(int(of_rated.sum()), WORD_SAMPLE, replace=False)
        keep = np.sort(np.concatenate([np.nonzero(of_rated)[0][picked], np.nonzero(~of_rated)[0]]))
        X, y, fold, row = X[keep], y[keep], fold[keep], row[keep]
    return X, y, fold, row


def fit(rows, tokens, symbols, folds, sentence_p, pairs, *, train_forest, platt, mcc, seed, rounds=WORD_ROUNDS,
        rated=None, learn=None, weight=None, hashed_logits=None, every_word=False):
    """Cross-validate, calibrate and train the word model. Returns (booster,
    Platt calibration, report, out-of-fold word rows: dict of p, y, row,
    learn and the features X, the word-level hashed weights and bias).
    train_forest / platt / mcc are training/garble.py's. rated: rows that are calibrated on and reported
    (MLQE-PE's; default all); learn: rows the model learns from (default all);
    hashed_logits: word_logits(rows, tokens, folds, learn) when already made;
    every_word: also score every word row out of fold (the returned dict's
    all_p, all_y, all_row), for span settings that need a word's neighbours."""
    rated = np.ones(len(rows), bool) if rated is None else rated
    learn = np.ones(len(rows), bool) if learn is None else learn
    logits, hash_weights, hash_bias = hashed_logits or word_logits(rows, tokens, folds, learn, weight)
    full = [] if every_word else None
    X, y, fold, row = dataset(rows, tokens, symbols, folds, sentence_p, seed, rated, logits, full)
    full_margin = np.zeros(len(full[1])) if every_word else None
    on, scored = learn[row], rated[row]
    w = np.ones(len(y)) if weight is None else weight[row]
    margin = np.zeros(len(y))
    for k in sorted(set(fold.tolist())):
        test = fold == k
        booster = train_forest(X[~test & on], y[~test & on], WORD_PARAMS, rounds, w[~test & on])
        margin[test] = booster.predict(X[test], raw_score=True)
        if every_word:
            full_margin[full[2] == k] = booster.predict(full[0][full[2] == k], raw_score=True)
    calibration = platt(margin[scored], y[scored])
    p = 1 / (1 + np.exp(-(calibration[0] * margin + calibration[1])))
    gold, pair = y == 1, pairs[row]
    report = {}
    for thr in THRESHOLDS:
        out = {}
        for name in sorted(set(pair[scored].tolist())) + ["ALL"]:
            m = pair == name if name != "ALL" else scored
            out[name] = [round(v, 3) for v in mcc(p[m] > thr, gold[m])]
        if not scored.all():
            out["clean_marked_per_10k_words"] = round(float((p[~scored] > thr).mean() * 1e4), 1)
        report[str(thr)] = out
        print(f"word (MCC, precision, recall) at P > {thr}, 5-fold CV, every sentence searched:", out)
    final = train_forest(X[on], y[on], WORD_PARAMS, rounds, w[on])
    out = {"p": p, "y": y, "row": row, "X": X, "learn": on}
    if every_word:
        out.update(all_p=1 / (1 + np.exp(-(calibration[0] * full_margin + calibration[1]))), all_y=full[1], all_row=full[3])
    return final, calibration, report, out, hash_weights, hash_bias
