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


# The shipped file stores keys narrower than the int64 keys used in memory
# (less to decompress when the model loads): bigram keys fit uint32; a
# trigram key is its context (a b), one of the back-off contexts
# (bi_ctx_keys, each stored once with its trigram count in uint16), and c
# in uint16.
# The symbol list is stored as one newline-joined UTF-8 byte array.

def pack(arrays: dict[str, np.ndarray], vocab: list[str]) -> dict[str, np.ndarray]:
    """The in-memory arrays (and symbol list) in their shipped form."""
    out = {"vocab_utf8": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)}
    for name, value in arrays.items():
        if name.endswith("_tri_keys"):
            prefix = name[: -len("_tri_keys")]
            size = np.int64(arrays[prefix + "_size"])
            contexts, counts = np.unique(value // size, return_counts=True)
            if not np.array_equal(contexts, arrays[prefix + "_bi_ctx_keys"]):
                raise ValueError("trigram contexts differ from the back-off contexts")
            out[prefix + "_tri_per_ctx"] = _narrow(counts, np.uint16)
            out[prefix + "_tri_last"] = _narrow(value % size, np.uint16)
        elif name.endswith("_keys"):
            out[name] = _narrow(value, np.uint32)
        else:
            out[name] = value
    return out


def unpack(stored) -> tuple[dict[str, np.ndarray], list[str]]:
    """(in-memory arrays, symbol list) from the shipped form."""
    vocab = bytes(stored["vocab_utf8"]).decode("utf-8").split("\n")
    arrays = {}
    for name in stored:
        value = stored[name]
        if name == "vocab_utf8" or name.endswith("_tri_last"):
            continue
        if name.endswith("_tri_per_ctx"):
            prefix = name[: -len("_tri_per_ctx")]
            size = np.int64(stored[prefix + "_size"])
            contexts = np.repeat(stored[prefix + "_bi_ctx_keys"].astype(np.int64), value)
            arrays[prefix + "_tri_keys"] = contexts * size + stored[prefix + "_tri_last"]
        elif name.endswith("_keys"):
            arrays[name] = value.astype(np.int64)
        else:
            arrays[name] = value
    return arrays, vocab


def _narrow(values: np.ndarray, dtype) -> np.ndarray:
    if len(values) and values.max() > np.iinfo(dtype).max:
        raise ValueError(f"keys do not fit {np.dtype(dtype).name}: vocabulary too large for the shipped format")
    return values.astype(dtype)
