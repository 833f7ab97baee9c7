"""A trigram language model over word symbols, queried in numpy.

The model is interpolated Kneser-Ney, built by training/garble.py and
stored ARPA-style as sorted integer keys: every seen trigram and bigram
with its log10 probability, every seen context with its log10
back-off weight, every symbol with its unigram log10 probability. For an
unseen trigram the probability is back-off(context) + P(bigram), and so
on down, which gives exactly the interpolated estimate.

Symbols are integer ids (see features.py: frequent words stand for
themselves, everything else for its class); a key packs (a, b, c) as
(a * S + b) * S + c with S the symbol count.
"""
from __future__ import annotations

import numpy as np


def lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray, default: float) -> tuple[np.ndarray, np.ndarray]:
    """values[key] for each query key (default where the key is absent),
    and a boolean mask of the keys that were found."""
    if len(keys) == 0:
        return np.full(len(query), default, dtype=np.float32), np.zeros(len(query), dtype=bool)
    pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, len(keys) - 1)
    found = keys[pos] == query
    out = np.where(found, values[pos].astype(np.float32), np.float32(default))
    return out, found


class TrigramLM:
    """log10 P(c | a b) for arrays of symbol ids."""

    def __init__(self, arrays: dict[str, np.ndarray], prefix: str):
        get = lambda name: arrays[f"{prefix}_{name}"]  # noqa: E731
        self.size = int(get("size"))
        self.uni = get("uni").astype(np.float32)
        self.uni_bow = get("uni_bow").astype(np.float32)
        self.bi_keys, self.bi_logp = get("bi_keys"), get("bi_logp")
        self.bi_ctx_keys, self.bi_bow = get("bi_ctx_keys"), get("bi_bow")

        self.tri_keys, self.tri_logp = get("tri_keys"), get("tri_logp")

    def logprob(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(log10 P(c | a b), order of the longest n-gram found: 1, 2 or 3)."""
        s = np.int64(self.size)
        a, b, c = (x.astype(np.int64) for x in (a, b, c))
        tri, tri_found = lookup(self.tri_keys, self.tri_logp, (a * s + b) * s + c, 0.0)
        bi, bi_found = lookup(self.bi_keys, self.bi_logp, b * s + c, 0.0)
        ctx3, _ = lookup(self.bi_ctx_keys, self.bi_bow, a * s + b, 0.0)
        p2 = np.where(bi_found, bi, self.uni_bow[b] + self.uni[c])
        p3 = np.where(tri_found, tri, ctx3 + p2)
        order = np.where(tri_found, 3, np.where(bi_found, 2, 1))
        return p3, order
