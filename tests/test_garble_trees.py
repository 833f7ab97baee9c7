"""The LightGBM export (trees.export_lightgbm): narrow arrays, the same answers."""
from __future__ import annotations

import numpy as np
import pytest

from linter.garble.trees import Forest, export_lightgbm


def test_exported_float32_thresholds_split_float32_rows_as_lightgbm_does():
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(600, 3)).astype(np.float32) * np.float32(1e-3) + np.float32(0.1)  # thresholds between float32s
    y = X[:, 0] * 3 - X[:, 1] + rng.normal(size=600) * 1e-4
    booster = lgb.train({"objective": "regression", "num_leaves": 7, "min_data_in_leaf": 5, "verbose": -1,
                         "num_threads": 1, "seed": 1, "deterministic": True}, lgb.Dataset(X, label=y), num_boost_round=20)
    arrays = export_lightgbm(booster, "t")
    assert arrays["t_threshold"].dtype == np.float32 and arrays["t_left"].dtype == np.int16
    # rows at and around every threshold, as float32: the float32 nearest to it and its neighbours
    inner = arrays["t_left"] != np.arange(len(arrays["t_left"]))
    rows = []
    for f, t in zip(arrays["t_feature"][inner], booster_thresholds(booster)):
        near = np.float32(t)
        for x in (np.nextafter(near, np.float32(-np.inf)), near, np.nextafter(near, np.float32(np.inf))):
            row = X[len(rows) % len(X)].copy()
            row[f] = x
            rows.append(row)
    R = np.array(rows, np.float32)
    forest = Forest({**arrays, "t_calibration": np.array([1.0, 0.0])}, "t")
    assert np.allclose(forest.margin(R), booster.predict(R, raw_score=True), rtol=0, atol=1e-6)  # (leaf values are float32)


def booster_thresholds(booster) -> list[float]:
    """Every split's double threshold, in export_lightgbm's (preorder) node order."""
    out = []

    def walk(node):
        if "leaf_value" in node:
            return
        out.append(node["threshold"])
        walk(node["left_child"])
        walk(node["right_child"])

    for tree in booster.dump_model()["tree_info"]:
        walk(tree["tree_structure"])
    return out
