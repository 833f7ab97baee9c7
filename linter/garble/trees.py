"""Gradient-boosted trees evaluated in numpy.

training/garble.py exports a LightGBM model as flat arrays: for every node
its feature, threshold and two children; a leaf points to itself and holds
its value. All trees descend together, one level per step, so a batch of
rows costs (depth) numpy operations, not (rows x trees) Python calls.
"""
from __future__ import annotations

import numpy as np

BLOCK = 128  # rows evaluated together (measured: 128 fastest, 512 ~1.5x slower)


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
        self._prepare_walk()

    def _prepare_walk(self):
        """The arrays margin() walks. Nodes are renumbered tree by tree,
        each tree level by level, so that a node's left child is just
        before its right child (walk_right[i]): a row moves to
        walk_right[i] - (x <= threshold). A leaf's walk_right is itself
        and its threshold NaN (no comparison is true), so a row that
        reached a leaf stays there. The trees go deepest first, so that
        the trees still descending at each level are a prefix."""
        frontier, tree = self.roots, np.arange(len(self.roots))
        levels, owners, depth, level = [], [], np.zeros(len(self.roots), np.int64), 0
        while len(frontier):
            levels.append(frontier)
            owners.append(tree)
            inner = ~self.is_leaf[frontier]
            frontier = np.stack([self.left[frontier[inner]], self.right[frontier[inner]]], axis=1).ravel()
            tree = np.repeat(tree[inner], 2)
            level += 1
            depth[tree] = level
        order = np.argsort(-depth, kind="stable")  # trees, deepest first
        rank = np.argsort(order)
        # the nodes tree by tree (deepest tree first), each tree level by level
        old = np.concatenate(levels)[np.argsort(rank[np.concatenate(owners)], kind="stable")]  # new id -> old id
        new = np.empty_like(old)
        new[old] = np.arange(len(old))
        leaf = self.is_leaf[old]
        self.walk_right = np.where(leaf, np.arange(len(old)), new[self.right[old]])
        if not np.array_equal(self.walk_right[~leaf] - 1, new[self.left[old]][~leaf]):
            raise ValueError("garble model: a tree node's children could not be placed side by side")
        self.walk_feature = np.where(leaf, 0, self.feature[old])
        self.walk_threshold = np.where(leaf, np.float32(np.nan), self.threshold[old]).astype(np.float32)
        self.walk_value = self.value[old]
        self.tree_unorder = rank
        self.sorted_roots = new[self.roots[order]]
        self.active = [int((depth[order] > level).sum()) for level in range(int(depth.max(initial=0)))]

    def margin(self, X: np.ndarray) -> np.ndarray:
        """Sum of leaf values over the trees, one per row of X (in blocks
        of rows small enough for the node arrays to stay in cache)."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        n = X.shape[0] if X.ndim == 2 else 0
        if n == 0:
            return np.zeros(0)
        shape = (len(self.sorted_roots), min(n, BLOCK))
        buffers = (np.empty(shape, np.intp), np.empty(shape, np.intp), np.empty(shape, np.float32),
                   np.empty(shape, np.float32), np.empty(shape, bool))
        return np.concatenate([self._margin(X[i:i + BLOCK], buffers) for i in range(0, n, BLOCK)])

    def _margin(self, X: np.ndarray, buffers) -> np.ndarray:
        """All (tree, row) pairs descend one level per step; at level L only
        the first active[L] trees (those deeper than L) move. The steps
        write into `buffers` (a new array each step costs ~10 % more)."""
        n = len(X)
        flat = np.ascontiguousarray(X.T).ravel()  # feature-major: feature f of row r at f * n + r
        offset = self.walk_feature * n
        rows = np.arange(n)
        node = buffers[0][:, :n]  # (tree, row)
        node[:] = self.sorted_roots[:, None]
        for count in self.active:
            here = node[:count]
            at, x, threshold, left = (b[:count, :n] for b in buffers[1:])
            np.take(offset, here, out=at)
            at += rows
            np.take(flat, at, out=x)
            np.take(self.walk_threshold, here, out=threshold)
            np.less_equal(x, threshold, out=left)
            np.take(self.walk_right, here, out=at)
            np.subtract(at, left, out=here)  # the left child is just before the right one
        leaves = self.walk_value.take(node)[self.tree_unorder]  # back to the trees' order: the sum's order
        return np.ascontiguousarray(leaves.T).sum(axis=1, dtype=np.float64)

    def reference_margin(self, X: np.ndarray) -> np.ndarray:
        """margin() the straightforward way, one (row, tree) at a time
        (for tests)."""
        X = np.asarray(X, dtype=np.float32)
        out = np.zeros((len(X), len(self.roots)))
        for r, row in enumerate(X):
            for t, node in enumerate(self.roots.tolist()):
                while not self.is_leaf[node]:
                    node = self.left[node] if row[self.feature[node]] <= self.threshold[node] else self.right[node]
                out[r, t] = self.value[node]
        return out.sum(axis=1, dtype=np.float64)

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
    exact = np.array(threshold, np.float64)
    rounded = exact.astype(np.float32)  # the largest float32 not above: the same answers for float32 features
    child = np.int16 if len(left) <= np.iinfo(np.int16).max else np.int32
    return {
        f"{prefix}_feature": np.array(feature, np.int16),
        f"{prefix}_threshold": np.where(rounded > exact, np.nextafter(rounded, np.float32(-np.inf)), rounded),
        f"{prefix}_left": np.array(left, child),
        f"{prefix}_right": np.array(right, child),
        f"{prefix}_value": np.array(value, np.float32),
        f"{prefix}_roots": np.array(roots, np.int32),
        f"{prefix}_depth": np.array(depth),
        f"{prefix}_calibration": np.array(calibration, np.float64),
    }
