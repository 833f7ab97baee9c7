"""A linear model over hashed n-grams of the sentence's own text.

Lower-cased word unigrams and bigrams and character 3- and 4-grams of
each word (with its boundaries), hashed with CRC-32 into a fixed number of
buckets; the sentence's score is the sum of its buckets' weights, scaled
by 1/sqrt(count) (an L2-normalised binary bag). Catches what the class-
level language models cannot see: mangled word shapes, calqued word pairs.
Its weights come from a ridge regression on the sentence target in
training/garble.py; its output is one feature of the sentence model.
(numpy is imported where it is used: small.py hashes without it.)
"""
from __future__ import annotations

import re
import zlib

BUCKETS = 1 << 18
# The words hashed into the buckets: must stay as training/garble.py learnt the
# shipped weights (not lexicon.WORD on purpose; digits are left out).
HASHED_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def buckets(sentence: str):
    """The distinct hashed n-gram buckets of one sentence (numpy array)."""
    import numpy as np

    return np.array(bucket_list(sentence), np.int64)


def bucket_list(sentence: str) -> list[int]:
    """buckets() as a sorted list (no numpy)."""
    found = HASHED_WORD.findall(sentence)
    # names (capitalised, not first) become one symbol: they say which
    # country a text is about, not whether it is garbled
    words = [w.lower() if i == 0 or not w[0].isupper() else "<cap>" for i, w in enumerate(found)]
    out = set()
    for w in words:
        out.update(_word_buckets(w))
    out.update(_bucket("b %s %s" % pair) for pair in zip(words, words[1:]))
    return sorted(out)


_WORD_BUCKETS: dict[str, tuple[int, ...]] = {}


def _word_buckets(word: str) -> tuple[int, ...]:
    """The word's own buckets: the word and its character 3- and 4-grams
    (cached: words repeat, sentences do not)."""
    found = _WORD_BUCKETS.get(word)
    if found is None:
        grams = ["w " + word]
        if word != "<cap>":
            padded = f"<{word}>"
            grams += ["c" + padded[i:i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
        found = tuple(_bucket(g) for g in grams)
        if len(_WORD_BUCKETS) > 200_000:
            _WORD_BUCKETS.clear()
        _WORD_BUCKETS[word] = found
    return found


def _bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) % BUCKETS


def score(weights, bias: float, sentences: list[str]):
    """Each sentence's logit (numpy arrays in and out)."""
    import numpy as np

    if _sums_exact(weights, sentences):
        return _score_unordered(weights, bias, sentences)
    found = [bucket_list(s) for s in sentences]
    counts = np.array([len(f) for f in found], np.int64)
    out = np.full(len(sentences), bias, dtype=np.float64)
    if counts.sum():
        flat = np.fromiter((b for f in found for b in f), np.int64, int(counts.sum()))
        owner = np.repeat(np.arange(len(sentences)), counts)
        sums = np.bincount(owner, weights=weights[flat].astype(np.float64), minlength=len(sentences))
        has = counts > 0
        out[has] += sums[has] / np.sqrt(counts[has])
    return out


# ---- the same scores, faster (speed only: score() gives the same numbers either way)
# Weights that are float16 values (the shipped ones) add up exactly in float64
# in any order while the sum stays below 2**29 (float16's finest step is 2**-24
# and float64 holds 53 bits), so a sentence's sum can be taken over the set of
# its buckets as they come, without sorting them.
_WEIGHT_FACTS: dict = {}
_PAIR_BUCKETS: dict[tuple[str, str], int] = {}


def _weight_facts(weights) -> tuple[bool, float]:
    """(whether the weights are all float16 values, largest |weight|), once per array."""
    import numpy as np

    found = _WEIGHT_FACTS.get(id(weights))
    if found is None or found[0] is not weights:
        half = bool(np.array_equal(np.asarray(weights, np.float16).astype(np.float64), np.asarray(weights, np.float64)))
        found = (weights, half, float(np.abs(weights).max(initial=0.0)))
        _WEIGHT_FACTS.clear()
        _WEIGHT_FACTS[id(weights)] = found
    return found[1:]


def _sums_exact(weights, sentences) -> bool:
    half, largest = _weight_facts(weights)
    # a sentence has at most (its characters x 3) buckets: 2 char n-grams a character, a word and a pair a word
    return half and largest * 3 * max(map(len, sentences), default=0) < 2.0 ** 29


def bucket_set(sentence: str) -> set[int]:
    """set(bucket_list(sentence)), without the sorting and with the word pairs' buckets cached."""
    found = HASHED_WORD.findall(sentence)
    words = [w.lower() if i == 0 or not w[0].isupper() else "<cap>" for i, w in enumerate(found)]
    known = _WORD_BUCKETS.get
    out = set().union(*[known(w) or _word_buckets(w) for w in words])
    pairs = _PAIR_BUCKETS.get
    for pair in zip(words, words[1:]):
        bucket = pairs(pair)
        if bucket is None:
            if len(_PAIR_BUCKETS) > 200_000:
                _PAIR_BUCKETS.clear()
            bucket = _PAIR_BUCKETS[pair] = _bucket("b %s %s" % pair)
        out.add(bucket)
    return out


def _score_unordered(weights, bias: float, sentences: list[str]):
    from itertools import chain

    import numpy as np

    found = [bucket_set(s) for s in sentences]
    counts = np.fromiter(map(len, found), np.int64, len(found))
    out = np.full(len(sentences), bias, dtype=np.float64)
    if counts.sum():
        flat = np.fromiter(chain.from_iterable(found), np.int64, int(counts.sum()))
        owner = np.repeat(np.arange(len(sentences)), counts)
        sums = np.bincount(owner, weights=weights[flat].astype(np.float64), minlength=len(sentences))
        has = counts > 0
        out[has] += sums[has] / np.sqrt(counts[has])
    return out


def design_matrix(sentences: list[str]):
    """The scipy sparse matrix the weights are trained on (training only)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for sentence in sentences:
        idx = buckets(sentence)
        indices.extend(idx.tolist())
        data.extend([1.0 / np.sqrt(len(idx))] * len(idx) if len(idx) else [])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(sentences), BUCKETS))
