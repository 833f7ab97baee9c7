"""A trigram language model over word symbols, queried in numpy.

The model is interpolated Kneser-Ney, built by training/garble.py and
stored ARPA-style: every seen trigram and bigram with its log10
probability, every seen context with its log10 back-off weight, every
symbol with its unigram log10 probability. For an unseen trigram the
probability is back-off(context) + P(bigram), and so on down, which gives
exactly the interpolated estimate.

Symbols are integer ids (see features.py: frequent words stand for
themselves, everything else for its class); a bigram key packs (a, b) as
a * S + b with S the symbol count (S * S fits uint32).

The shipped form (`pack`, and `write_arrays` into one uncompressed file
of binfile's format that `read_arrays` maps into memory, so loading
copies nothing):
- one bigram table per model: the sorted keys of every bigram that is a
  bigram entry, a trigram context, or both, each with a log10 P (uint8
  code, NO_VALUE where the pair is only a context), a back-off weight
  (uint8 code, NO_VALUE = log10 1 where it is no context) and where its
  trigrams start (uint32, one more entry: the end);
- the trigrams, grouped by context in the bigram table's order: the last
  symbol (uint16, sorted within its context) and a log10 P (uint8 code);
- each uint8 code stands for one of 255 levels (`*_levels`, float32),
  chosen per array by 1-D k-means (`quantise`).
"""
from __future__ import annotations

import json

import numpy as np

from . import binfile

NO_VALUE = 255  # the uint8 code of "no entry"; codes 0..254 index the levels
LEVELS = 255


SORT_QUERIES = 64  # more queries than this are searched in sorted order


def query_order(query: np.ndarray) -> np.ndarray | None:
    """The order _lookup searches the queries in (None: as they come)."""
    return np.argsort(query) if len(query) > SORT_QUERIES else None


def _lookup(keys: np.ndarray, query: np.ndarray, order: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(position, found) of each query key in the sorted keys. Many
    queries are searched in sorted order: a binary search in a large
    table is a chain of cache misses, and sorted queries (n-grams repeat)
    walk the same paths one after another (measured: 1.5-2x faster).
    order: query_order(query), when the caller has it already."""
    if len(query) > SORT_QUERIES:
        if order is None:
            order = np.argsort(query)
        pos = np.empty(len(query), np.intp)
        pos[order] = np.searchsorted(keys, query[order])
    else:
        pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, len(keys) - 1)
    return pos, keys[pos] == query


class TrigramLM:
    """log10 P(c | a b) for arrays of symbol ids, read from the shipped
    (narrow) arrays without widening them."""

    def __init__(self, arrays: dict[str, np.ndarray], prefix: str):
        get = lambda name: arrays[f"{prefix}_{name}"]  # noqa: E731
        self.size = int(get("size"))
        self.uni = get("uni")
        self.uni_bow = get("uni_bow")
        self.bi_keys = get("bi_keys")
        self.bi_logp, self.bi_bow, self.tri_start = get("bi_logp"), get("bi_bow"), get("tri_start")
        self.tri_last, self.tri_logp = get("tri_last"), get("tri_logp")
        self.bi_levels = _with_default(get("bi_logp_levels"), 0.0)
        self.bow_levels = _with_default(get("bi_bow_levels"), 0.0)
        self.tri_levels = _with_default(get("tri_logp_levels"), 0.0)
        self.max_run = int(get("tri_max_run"))
        self._tri_keys = None

    def logprob(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(log10 P(c | a b), order of the longest n-gram found: 1, 2 or 3)."""
        s = np.uint32(self.size)
        a, b, c = (np.asarray(x).astype(np.uint32) for x in (a, b, c))
        pos_bc, found_bc = _lookup(self.bi_keys, b * s + c)
        pos_ab, found_ab = _lookup(self.bi_keys, a * s + b)
        return self._logprob(pos_bc, found_bc, pos_ab, found_ab, b, c)

    def logprob_keys(self, bc: np.ndarray, ab_from: np.ndarray, b: np.ndarray, c: np.ndarray, start: int,
                     order: np.ndarray | None = None):
        """logprob() from the bigram keys b * size + c (uint32) of every
        query: query i's context key a * size + b is query ab_from[i]'s bc
        key, or `start` (the symbol id of <s>) twice where ab_from[i] is -1
        (a sentence's queries overlap so: see model_runtime.score_tokens).
        order: query_order(bc), shared by the models that get the same keys."""
        pos_bc, found_key = _lookup(self.bi_keys, bc, order)
        pos_ss, found_ss = _lookup(self.bi_keys, np.array([start * self.size + start], np.uint32))
        pos_ab = np.where(ab_from >= 0, pos_bc[ab_from], pos_ss[0])
        found_ab = np.where(ab_from >= 0, found_key[ab_from], found_ss[0])
        return self._logprob(pos_bc, found_key, pos_ab, found_ab, b, c)

    def _logprob(self, pos_bc, found_bc, pos_ab, found_ab, b, c):
        code_bc = self.bi_logp[pos_bc]
        found_bc = found_bc & (code_bc != NO_VALUE)
        bow3 = np.where(found_ab, self.bow_levels[self.bi_bow[pos_ab]], np.float32(0))
        tri_pos, found_tri = self._trigram(pos_ab, found_ab, c)
        p2 = np.where(found_bc, self.bi_levels[code_bc], self.uni_bow[b] + self.uni[c])
        p3 = np.where(found_tri, self.tri_levels[self.tri_logp[tri_pos]], bow3 + p2)
        order = np.where(found_tri, 3, np.where(found_bc, 2, 1))
        return p3.astype(np.float32), order

    def _trigram(self, pos_ab, found_ab, c):
        """(position, found) of c among the trigrams of context pos_ab: one
        binary search in the trigrams' keys (context position * size + last
        symbol), which are sorted as the trigrams are stored."""
        if not len(self.tri_last):
            return np.zeros(len(c), np.int64), np.zeros(len(c), bool)
        keys = self.trigram_keys()
        query = pos_ab.astype(keys.dtype) * keys.dtype.type(self.size) + c.astype(keys.dtype)
        pos, found = _lookup(keys, query)
        return pos, found & found_ab

    def trigram_keys(self) -> np.ndarray:
        """context position * size + last symbol of every trigram (made on
        first use: uint32 when that fits, else uint64)."""
        if self._tri_keys is None:
            contexts = len(self.tri_start) - 1
            dtype = np.uint32 if contexts * self.size < 2 ** 32 else np.uint64
            runs = np.diff(self.tri_start.astype(np.int64))
            context = np.repeat(np.arange(contexts, dtype=dtype), runs)
            self._tri_keys = context * dtype(self.size) + self.tri_last.astype(dtype)
        return self._tri_keys

    def run_search_trigram(self, pos_ab, found_ab, c):
        """_trigram() by a binary search within each context's run (the
        straightforward way, for tests)."""
        lo = np.where(found_ab, self.tri_start[pos_ab], 0).astype(np.int64)
        hi = np.where(found_ab, self.tri_start[pos_ab + 1], 0).astype(np.int64)
        end = hi.copy()
        c16 = c.astype(np.uint16)
        for _ in range(max(self.max_run, 1).bit_length()):
            active = lo < hi
            if not active.any():
                break
            mid = (lo + hi) >> 1
            less = self.tri_last[np.minimum(mid, len(self.tri_last) - 1)] < c16
            lo = np.where(active & less, mid + 1, lo)
            hi = np.where(active & ~less, mid, hi)
        safe = np.minimum(lo, len(self.tri_last) - 1)
        return safe, (lo < end) & (self.tri_last[safe] == c16)


def _with_default(levels: np.ndarray, default: float) -> np.ndarray:
    """The levels with code NO_VALUE appended (its value: default)."""
    out = np.full(NO_VALUE + 1, default, np.float32)
    out[:len(levels)] = levels
    return out


# ---------------------------------------------------------------- shipped form (training side)

def quantise(values: np.ndarray, levels: int = LEVELS, rounds: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """(uint8 codes, float32 levels) of values by 1-D k-means (Lloyd),
    started from quantiles and an even grid (the tails need levels too);
    deterministic."""
    values = np.asarray(values, np.float64)
    if not len(values):
        return np.zeros(0, np.uint8), np.zeros(1, np.float32)
    half = levels // 2
    centres = np.unique(np.concatenate([np.quantile(values, (np.arange(half) + 0.5) / half),
                                        np.linspace(values.min(), values.max(), levels - half)]))
    ordered = np.sort(values)
    for _ in range(rounds):
        cuts = np.searchsorted(ordered, (centres[1:] + centres[:-1]) / 2)
        bounds = np.concatenate([[0], cuts, [len(ordered)]])
        sums = np.add.reduceat(ordered, bounds[:-1]) if len(ordered) else np.zeros(len(centres))
        counts = np.diff(bounds)
        keep = counts > 0
        new = np.where(keep, sums / np.maximum(counts, 1), centres)[keep]
        if len(new) == len(centres) and np.allclose(new, centres, rtol=0, atol=1e-9):
            break
        centres = new
    codes = np.searchsorted((centres[1:] + centres[:-1]) / 2, values)
    return codes.astype(np.uint8), centres.astype(np.float32)


def pack(arrays: dict[str, np.ndarray], prefixes, vocab: list[str]) -> dict[str, np.ndarray]:
    """The shipped arrays of the models `prefixes` (build_lm's wide arrays:
    int64 keys, float log-probabilities) and the symbol list."""
    out = {"vocab_utf8": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)}
    for prefix in prefixes:
        out.update(_pack_one({k[len(prefix) + 1:]: v for k, v in arrays.items() if k.startswith(prefix + "_")}, prefix))
    return out


def _pack_one(lm: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    size = np.int64(lm["size"])
    bi_keys, ctx_keys, tri_keys = lm["bi_keys"], lm["bi_ctx_keys"], lm["tri_keys"]
    keys = np.union1d(bi_keys, ctx_keys)
    if len(keys) and keys.max() > np.iinfo(np.uint32).max or size > np.iinfo(np.uint16).max:
        raise ValueError("vocabulary too large for the shipped language-model format")
    bi_codes, bi_levels = quantise(lm["bi_logp"])
    bow_codes, bow_levels = quantise(lm["bi_bow"])
    tri_codes, tri_levels = quantise(lm["tri_logp"])
    logp = np.full(len(keys), NO_VALUE, np.uint8)
    logp[np.searchsorted(keys, bi_keys)] = bi_codes
    bow = np.full(len(keys), NO_VALUE, np.uint8)
    bow[np.searchsorted(keys, ctx_keys)] = bow_codes
    order = np.argsort(tri_keys, kind="stable")  # by context, then last symbol
    tri_keys, tri_codes = tri_keys[order], tri_codes[order]
    contexts = tri_keys // size
    count = np.zeros(len(keys), np.int64)
    np.add.at(count, np.searchsorted(keys, contexts), 1)
    return {
        f"{prefix}_size": np.array(size, np.int64),
        f"{prefix}_uni": lm["uni"].astype(np.float32), f"{prefix}_uni_bow": lm["uni_bow"].astype(np.float32),
        f"{prefix}_bi_keys": keys.astype(np.uint32), f"{prefix}_bi_logp": logp, f"{prefix}_bi_bow": bow,
        f"{prefix}_tri_start": np.concatenate([[0], np.cumsum(count)]).astype(np.uint32),
        f"{prefix}_tri_max_run": np.array(count.max(initial=0), np.int64),
        f"{prefix}_tri_last": (tri_keys % size).astype(np.uint16), f"{prefix}_tri_logp": tri_codes,
        f"{prefix}_bi_logp_levels": bi_levels, f"{prefix}_bi_bow_levels": bow_levels,
        f"{prefix}_tri_logp_levels": tri_levels,
    }


def vocab_of(arrays: dict[str, np.ndarray]) -> list[str]:
    return bytes(arrays["vocab_utf8"]).decode("utf-8").split("\n")


# ---------------------------------------------------------------- one uncompressed file

def write_arrays(path, arrays: dict[str, np.ndarray]) -> None:
    """Arrays in one file of binfile's format."""
    index, offset, blobs = {}, 0, []
    for name, value in arrays.items():
        value = np.asarray(value)  # (ascontiguousarray would make a 0-d array 1-d)
        value = value.astype(value.dtype.newbyteorder("<"), order="C")
        index[name] = [value.dtype.str, list(value.shape), offset]
        blob = value.tobytes()
        blobs.append(blob + b"\0" * (-len(blob) % 8))
        offset += len(blobs[-1])
    header = json.dumps(index).encode("utf-8")
    header += b" " * (-(len(binfile.MAGIC) + 8 + len(header)) % 8)
    with open(path, "wb") as fh:
        fh.write(binfile.MAGIC + len(header).to_bytes(8, "little") + header)
        for blob in blobs:
            fh.write(blob)


def read_arrays(path) -> dict[str, np.ndarray]:
    """The arrays of a write_arrays file, as read-only views of the file
    mapped into memory (nothing is read until it is used)."""
    data = binfile.mapped(path)
    index, start = binfile.header(data, path)
    out = {}
    for name, (dtype, shape, offset) in index.items():
        count = int(np.prod(shape)) if shape else 1
        out[name] = np.frombuffer(data, dtype=np.dtype(dtype), count=count, offset=start + offset).reshape(tuple(shape))
    return out
