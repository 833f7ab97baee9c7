#!/usr/bin/env python3
"""Choose the sentence model's settings by cross-validation on train.

    python training/garble.py --out /tmp/m --features-out /tmp/feat.npz   # once: the out-of-fold features
    python training/sentence_cv.py /tmp/feat.npz --leaves 15 31 --rounds 500 800 --z-weight 0.25 0.5

Every combination of the settings given is trained on garble.py's folds
(by doc_id) exactly as garble.py trains the sentence model, and its
out-of-fold ROC-AUC printed pooled and per pair (MLQE-PE rows only).
--seeds K averages the margins of K models that differ only in their
seed (bagging and feature sampling). --drop leaves features out (their
column is zeroed, as a model without them would see constants).
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import garble  # noqa: E402


def target_of(data, z_weight: float, hter_weight: float = 0.0) -> np.ndarray:
    da, z = -data["da"], -data["z"]
    m = data["pair"] != garble.CLEAN_PAIR
    out = da / (da[m].std() or 1.0) + z_weight * z / (z[m].std() or 1.0)
    if hter_weight:  # the post-editor's edit rate (hter) as part of the target too
        out = out + hter_weight * data["hter"] / (data["hter"][m].std() or 1.0)
    return out


def cv_margin(X, target, fold, learn, weight, params, rounds, seeds, seed_base=0) -> np.ndarray:
    import lightgbm as lgb

    out = np.zeros(len(X))
    for k in sorted(set(fold.tolist())):
        test, train = fold == k, (fold != k) & learn
        for s in range(seeds):
            booster = lgb.train({**params, "seed": garble.SEED + seed_base + s, "deterministic": True, "force_row_wise": True},
                                lgb.Dataset(X[train], label=target[train], weight=weight[train]), num_boost_round=rounds)
            out[test] += booster.predict(X[test], raw_score=True) / seeds
    return out


def report(margin, data) -> dict[str, float]:
    pair, y = data["pair"], data["bad"]
    rated = pair != garble.CLEAN_PAIR
    out = {p: garble.auc(margin[pair == p], y[pair == p]) for p in sorted(set(pair[rated].tolist()))}
    out["ALL"] = garble.auc(margin[rated], y[rated])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("features", type=Path)
    ap.add_argument("--leaves", type=int, nargs="+", default=[garble.SENTENCE_PARAMS["num_leaves"]])
    ap.add_argument("--rounds", type=int, nargs="+", default=[garble.SENTENCE_ROUNDS])
    ap.add_argument("--rate", type=float, nargs="+", default=[garble.SENTENCE_PARAMS["learning_rate"]])
    ap.add_argument("--min-leaf", type=int, nargs="+", default=[garble.SENTENCE_PARAMS["min_data_in_leaf"]])
    ap.add_argument("--z-weight", type=float, nargs="+", default=[garble.TARGET_Z_WEIGHT])
    ap.add_argument("--hter-weight", type=float, nargs="+", default=[0.0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1])
    ap.add_argument("--seed-base", type=int, default=0, help="seeds from garble.SEED + this (to see the spread)")
    ap.add_argument("--drop", nargs="*", default=[])
    args = ap.parse_args(argv)
    data = dict(np.load(args.features))
    X = data["X"].copy()
    names = [str(n) for n in data["names"]]
    for name in args.drop:
        X[:, names.index(name)] = 0
    for leaves, rounds, rate, min_leaf, zw, seeds in itertools.product(args.leaves, args.rounds, args.rate, args.min_leaf,
                                                                       args.z_weight, args.seeds):
        for hw in args.hter_weight:
            params = {**garble.SENTENCE_PARAMS, "num_leaves": leaves, "learning_rate": rate, "min_data_in_leaf": min_leaf}
            margin = cv_margin(X, target_of(data, zw, hw), data["fold"], data["learn"], data["weight"], params, rounds,
                               seeds, args.seed_base)
            auc = report(margin, data)
            print(f"leaves={leaves} rounds={rounds} rate={rate} min_leaf={min_leaf} z_weight={zw} hter_weight={hw} "
                  f"seeds={seeds}+{args.seed_base} drop={','.join(args.drop) or '-'}: " + " ".join(f"{p} {v:.4f}" for p, v in auc.items()),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
