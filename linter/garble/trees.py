"""Gradient-boosted trees evaluated in numpy.

training/garble.py exports a LightGBM model as flat arrays: for every node
its feature, threshold and two children; a leaf points to itself and holds
its value. All trees descend together, one level per step, so a batch of
rows costs (depth) numpy operations, not (rows x trees) Python calls.
"""
from __future__ import annotations

import numpy as np

BLOCK = 512  # rows evaluated together


class Forest:
    def __init__(self, arrays: dict[str, np.ndarray], prefix: str):
        get = lambda name: arrays[f"{prefix}_{name}"]  # noqa: E731
        self.feature = get("feature").astype(np.int64)
        # LightGBM compares float32 features with double thresholds: the
        # largest float32 not above each threshold gives the same answers
        exact = get("threshold").astype(np.float64)
        rounded = exact.astype(np.float32)
        self.threshold = np.where(rounded > exact, np.nextafter(rounded, np.float32(-np.inf)), rounded)
        self.left = get("left").astype(np.int64)
        self.right = get("right").astype(np.int64)
        self.value = get("value").astype(np.float64)
        self.roots = get("roots").astype(np.int64)
        self.is_leaf = self.left == np.arange(len(self.left))
        self.depth = int(get("depth"))
        self.calibration = get("calibration").astype(np.float64)  # Platt a, b on the raw margin

    def margin(self, X: np.ndarray) -> np.ndarray:
        """Sum of leaf values over the trees, one per row of X (in blocks
        of rows small enough for the node arrays to stay in cache)."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        n = X.shape[0] if X.ndim == 2 else 0
        if n == 0:
            return np.zeros(0)
        return np.concatenate([self._margin(X[i:i + BLOCK]) for i in range(0, n, BLOCK)])

    def _margin(self, X: np.ndarray) -> np.ndarray:
        n, width = X.shape
        flat = X.ravel()
        trees = len(self.roots)
        node = np.tile(self.roots, n)  # row-major: (row, tree) pairs
        base = np.repeat(np.arange(n, dtype=np.int64) * width, trees)
        walking = np.arange(n * trees)
        for _ in range(self.depth):
            here = node[walking]
            inner = ~self.is_leaf[here]
            walking, here = walking[inner], here[inner]  # pairs at a leaf stop; most trees are shallow
            if not len(walking):
                break
            go_left = flat[base[walking] + self.feature[here]] <= self.threshold[here]
            node[walking] = np.where(go_left, self.left[here], self.right[here])
        return self.value[node].reshape(n, trees).sum(axis=1, dtype=np.float64)

    def probability(self, X: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-np.clip(a * self.margin(X) + b, -50, 50)))


def export_lightgbm(booster, prefix: str, calibration=(1.0, 0.0)) -> dict[str, np.ndarray]:
    """Flat arrays of a trained lightgbm.Booster (numerical '<=' splits only)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0

    def add(node, level):
        nonlocal depth
        me = len(feature)
        feature.append(0)
        threshold.append(np.inf)
        left.append(me)
        right.append(me)
        value.append(0.0)
        if "leaf_value" in node:
            value[me] = node["leaf_value"]
            depth = max(depth, level)
            return me
        assert node["decision_type"] == "<=", node["decision_type"]
        feature[me] = node["split_feature"]
        threshold[me] = node["threshold"]
        left[me] = add(node["left_child"], level + 1)
        right[me] = add(node["right_child"], level + 1)
        return me

    for tree in booster.dump_model()["tree_info"]:
        roots.append(add(tree["tree_structure"], 0))
    return {
        f"{prefix}_feature": np.array(feature, np.int16),
        f"{prefix}_threshold": np.array(threshold, np.float64),
        f"{prefix}_left": np.array(left, np.int32),
        f"{prefix}_right": np.array(right, np.int32),
        f"{prefix}_value": np.array(value, np.float32),
        f"{prefix}_roots": np.array(roots, np.int32),
        f"{prefix}_depth": np.array(depth),
        f"{prefix}_calibration": np.array(calibration, np.float64),
    }
