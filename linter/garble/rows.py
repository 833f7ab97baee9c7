"""The sentence features of a whole batch at once, in numpy: the same
numbers as sentence.sentence_row (to the bit), without a Python loop over
sentences or tokens. Speed only: model_runtime uses it when the feature
list is the one implemented here (`available`), sentence_row otherwise.

Equal to the bit because every step is the one sentence_row takes:
Python's sum() of floats adds left to right (before 3.12; Neumaier's
compensated sum from 3.12 on, reproduced in `_python_sum`), and so does
numpy's add.reduce down the first axis of a (token, sentence) matrix
(padding adds 0.0, which changes no sum); min, max and the quantile
formula are exact; counts are integers. tests/test_garble.py compares
the two on a few hundred sentences.
"""
from __future__ import annotations

import sys

import numpy as np

from .. import lexicon
from .sentence import RARE, SENTENCE_FEATURES, WORD_LOGIT_CUT, WORD_LOGIT_TOP
from .symbols import FUNCTION_WORDS, is_word

IMPLEMENTED = (
    "n_tokens", "n_words",
    "pe_f_mean", "pe_b_mean", "mt_f_mean", "mt_b_mean", "pe_f_min", "pe_b_min", "pe_f_q10",
    "diff_mean", "diff_max", "diff_q90", "diff_pos", "diff_f_mean", "diff_b_mean",
    "pe_tri_hit", "pe_bi_hit", "mt_tri_hit", "eos_pe", "eos_diff",
    "unk_share", "cap_share", "rare_share", "punct_share", "comma_share",
    "repetition", "function", "rarest", "min_zipf_lower", "mean_len", "ngram_logit",
    "word_logit_mean", "word_logit_max", "word_logit_top", "word_logit_share",
)
COMPENSATED_SUM = sys.version_info >= (3, 12)  # builtins.sum of floats is Neumaier's from 3.12
TYPES_MAX = 30_000  # TokenTypes: ~240 B a token text (its ids and columns): 7 MB, then it starts again
CHUNK = 256  # sentences a padded matrix holds (sorted by length, so little padding)


def available() -> bool:
    return tuple(SENTENCE_FEATURES) == IMPLEMENTED


class TokenTypes:
    """What sentence_row asks of each token text, worked out once per
    distinct text in a process: is it a word, the zipf of its lower case,
    does it start with a capital, is it a function word, the length of
    its lower case, an id of its lower case."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.lower_ids: dict[str, int] = {}
        self._columns: list[list] = [[], [], [], [], [], []]
        self._arrays = None

    def of(self, texts: list[str]) -> np.ndarray:
        if len(self.ids) > TYPES_MAX:  # bounded: start again (between batches only)
            self.__init__()
        found = list(map(self.ids.get, texts))
        if None in found:
            found = [self._add(t) if i is None else i for t, i in zip(texts, found)]
        return np.array(found, np.int64)

    def _add(self, text: str) -> int:
        found = self.ids.get(text)
        if found is not None:
            return found
        low = text.lower()
        word = is_word(text)
        values = (word, lexicon.zipf(low) if word else 0.0, text[:1].isupper(), low in FUNCTION_WORDS, len(low),
                  self.lower_ids.setdefault(low, len(self.lower_ids)))
        for column, value in zip(self._columns, values):
            column.append(value)
        self._arrays = None
        self.ids[text] = len(self.ids)
        return self.ids[text]

    def arrays(self):
        if self._arrays is None:
            word, zipf, upper, function, length, lower = self._columns
            self._arrays = (np.array(word, bool), np.array(zipf, np.float64), np.array(upper, bool),
                            np.array(function, bool), np.array(length, np.int64), np.array(lower, np.int64))
        return self._arrays


def _python_sum(matrix: np.ndarray) -> np.ndarray:
    """sum() of each column as Python adds floats (rows in order)."""
    if not COMPENSATED_SUM:
        return np.add.reduce(matrix, axis=0)
    total, comp = matrix[0].copy(), np.zeros(matrix.shape[1])
    for x in matrix[1:]:
        t = total + x
        comp += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return np.where((comp != 0) & np.isfinite(comp), total + comp, total)


def _quantile(matrix: np.ndarray, size: np.ndarray, q: float) -> np.ndarray:
    """sentence.quantile of each column's first size values (the rest is padding)."""
    ordered = np.sort(np.where(np.arange(len(matrix))[:, None] < size, matrix, np.inf), axis=0)
    pos = q * (size - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, size - 1)
    cols = np.arange(matrix.shape[1])
    a, b, t = ordered[lo, cols], ordered[hi, cols], pos - lo
    return np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)


def sentence_features(texts: list[list[str]], symbols: list[list[int]], arrays, classes: dict[str, int],
                      ngram: np.ndarray | None, types: TokenTypes, word_logits: np.ndarray | None = None) -> np.ndarray:
    """features.sentence_features of token texts (not Token objects);
    word_logits: hashed.word_logits of every token, flat (None: 0)."""
    n = len(texts)
    out = np.zeros((n, len(IMPLEMENTED)), np.float32)
    if not n:
        return out
    ntok = np.fromiter(map(len, texts), np.int64, n)
    owner = np.repeat(np.arange(n), ntok)
    tids = types.of([t for ts in texts for t in ts])
    word, zipf, upper, function, length, lower = (a[tids] for a in types.arrays())
    syms = np.fromiter((s for ids in symbols for s in ids), np.int64, int(ntok.sum()))
    first = np.zeros(len(tids), bool)
    first[np.concatenate([[0], np.cumsum(ntok)[:-1]])[ntok > 0]] = True

    def count(mask):
        return np.bincount(owner[mask], minlength=n)

    nwords = count(word)
    nt, nw = np.maximum(ntok, 1), np.maximum(nwords, 1)
    rare = np.isin(syms, [classes[c] for c in RARE])
    seen = np.unique(owner[word] * (len(types.lower_ids) + 1) + lower[word])
    distinct = np.bincount(seen // (len(types.lower_ids) + 1), minlength=n)
    rarest = _least(n, owner[word], zipf[word])
    lower_case = word & (~upper | first)  # the sentence's first word counts even capitalised
    lowest = _least(n, owner[lower_case], zipf[lower_case])
    lengths = np.bincount(owner[word], weights=length[word], minlength=n)
    comma = classes.get(",", -1)
    out[:, 0] = ntok
    out[:, 1] = nwords
    out[:, 20] = count(syms == classes["<unk>"]) / nt
    out[:, 21] = count(syms == classes["<cap>"]) / nt
    out[:, 22] = count(rare) / nt
    out[:, 23] = (ntok - nwords) / nt
    out[:, 24] = count(syms == comma) / nt
    out[:, 25] = 1 - distinct / nw
    out[:, 26] = count(word & function) / nw
    out[:, 27] = -rarest
    out[:, 28] = lowest
    out[:, 29] = lengths / nw
    out[:, 30] = 0.0 if ngram is None else ngram
    if word_logits is not None:
        out[:, 31:35] = _word_logit_columns(n, owner[word], np.asarray(word_logits, np.float64)[word], nwords)
    bounds = np.asarray(arrays.offsets)
    size = np.diff(bounds)
    by_size = np.argsort(size, kind="stable")
    for start in range(0, n, CHUNK):
        chosen = by_size[start:start + CHUNK]
        out[chosen, 2:20] = _lm_columns(arrays, bounds[chosen], size[chosen], ntok[chosen])
    return out


def _word_logit_columns(n: int, owner: np.ndarray, values: np.ndarray, nwords: np.ndarray) -> np.ndarray:
    """sentence.word_logit_row of every sentence, from a (word, sentence)
    matrix of the words' logits in order, padded with 0.0 (as sum() adds)."""
    out = np.zeros((n, 4))
    if not len(values):
        return out
    first = np.concatenate([[0], np.cumsum(nwords)[:-1]])
    rank = np.arange(len(values)) - first[owner]  # the word's place among its sentence's words
    padded = np.zeros((int(nwords.max()), n))
    padded[rank, owner] = values
    nw = np.maximum(nwords, 1)
    lowest = np.full_like(padded, -np.inf)
    lowest[rank, owner] = values
    ordered = -np.sort(-lowest, axis=0)[:WORD_LOGIT_TOP]  # largest first, as sorted(reverse=True)
    k = np.minimum(nwords, WORD_LOGIT_TOP)
    top = np.where(np.arange(len(ordered))[:, None] < k, ordered, 0.0)
    has = nwords > 0
    out[:, 0] = _python_sum(padded) / nw
    out[:, 1] = np.where(has, ordered[0], 0.0)
    out[:, 2] = _python_sum(top) / np.maximum(k, 1)
    out[:, 3] = np.bincount(owner, weights=values > WORD_LOGIT_CUT, minlength=n) / nw
    return np.where(has[:, None], out, 0.0)


def _least(n: int, owner: np.ndarray, values: np.ndarray, default: float = 7.0) -> np.ndarray:
    """min(values of each sentence, default=default)."""
    out = np.full(n, np.inf)
    np.minimum.at(out, owner, values)
    return np.where(np.bincount(owner, minlength=n) > 0, out, default)


def _lm_columns(arrays, starts: np.ndarray, size: np.ndarray, ntok: np.ndarray) -> np.ndarray:
    """Features 2..19 (the language-model ones) of a few sentences, from
    (row, sentence) matrices padded to the longest."""
    rows = np.arange(int(size.max()))[:, None]
    inside = rows < size
    at = np.where(inside, starts + rows, 0)

    def matrix(values, fill=0.0):
        return np.where(inside, np.asarray(values, np.float64)[at], fill)

    pe_f, pe_b, mt_f, mt_b = (matrix(arrays.logp[k]) for k in ("pe_f", "pe_b", "mt_f", "mt_b"))
    diff_f, diff_b = mt_f - pe_f, mt_b - pe_b
    diff = diff_f + diff_b
    order_pe, order_mt = (np.where(inside, np.asarray(arrays.order[k])[at], 0) for k in ("pe_f", "mt_f"))
    cols = np.arange(len(size))
    last = size - 1
    big = np.inf
    return np.column_stack([
        _python_sum(pe_f) / size, _python_sum(pe_b) / size, _python_sum(mt_f) / size, _python_sum(mt_b) / size,
        np.where(inside, pe_f, big).min(axis=0), np.where(inside, pe_b, big).min(axis=0), _quantile(pe_f, size, 0.1),
        _python_sum(diff) / size, np.where(inside, diff, -big).max(axis=0), _quantile(diff, size, 0.9),
        _python_sum(np.where(diff > 0, diff, 0.0)) / np.maximum(ntok, 1),
        _python_sum(diff_f) / size, _python_sum(diff_b) / size,
        (order_pe == 3).sum(axis=0) / size, (order_pe >= 2).sum(axis=0) / size, (order_mt == 3).sum(axis=0) / size,
        pe_f[last, cols], diff[last, cols],
    ])
