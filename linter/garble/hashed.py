"""A linear model over hashed n-grams of the sentence's own text.

Lower-cased word unigrams and bigrams and character 3- and 4-grams of
each word (with its boundaries), hashed with CRC-32 into a fixed number of
buckets; the sentence's score is the sum of its buckets' weights, scaled
by 1/sqrt(count) (an L2-normalised binary bag). Catches what the class-
level language models cannot see: mangled word shapes, calqued word pairs.
Its weights come from a logistic regression in training/garble.py; its
output is one feature of the sentence model.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

BUCKETS = 1 << 18
# The words hashed into the buckets: must stay as training/garble.py learnt the
# shipped weights (not lexicon.WORD on purpose; digits are left out).
HASHED_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def buckets(sentence: str) -> np.ndarray:
    """The distinct hashed n-gram buckets of one sentence."""
    found = HASHED_WORD.findall(sentence)
    # names (capitalised, not first) become one symbol: they say which
    # country a text is about, not whether it is garbled
    words = [w.lower() if i == 0 or not w[0].isupper() else "<cap>" for i, w in enumerate(found)]
    grams = ["w " + w for w in words]
    grams += ["b %s %s" % pair for pair in zip(words, words[1:])]
    for w in words:
        if w == "<cap>":
            continue
        padded = f"<{w}>"
        for n in (3, 4):
            grams += ["c" + padded[i:i + n] for i in range(len(padded) - n + 1)]
    # sorted(set()) rather than np.unique: the latter imports numpy.ma on first use (0.05 s)
    found = sorted({zlib.crc32(g.encode("utf-8")) % BUCKETS for g in grams})
    return np.array(found, np.int64)


def score(weights: np.ndarray, bias: float, sentences: list[str]) -> np.ndarray:
    out = np.full(len(sentences), bias, dtype=np.float64)
    for i, sentence in enumerate(sentences):
        idx = buckets(sentence)
        if len(idx):
            out[i] += weights[idx].astype(np.float64).sum() / np.sqrt(len(idx))
    return out


def design_matrix(sentences: list[str]):
    """The scipy sparse matrix the weights are trained on (training only)."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for sentence in sentences:
        idx = buckets(sentence)
        indices.extend(idx.tolist())
        data.extend([1.0 / np.sqrt(len(idx))] * len(idx) if len(idx) else [])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(sentences), BUCKETS))
