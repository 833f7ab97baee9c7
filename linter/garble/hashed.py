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
from itertools import chain

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


class _WordTable:
    """Every hashed word seen in a process with an id, and the buckets of
    all of them end to end (numpy arrays, grown as words come)."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.new: list[tuple[int, ...]] = []
        import numpy as np

        self.start, self.length, self.flat = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32)

    def id(self, word: str) -> int:
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.ids)
            self.new.append(_word_buckets(word))
        return found

    def arrays(self):
        import numpy as np

        if self.new:
            lengths = np.fromiter(map(len, self.new), np.int64, len(self.new))
            self.start = np.concatenate([self.start, len(self.flat) + np.cumsum(lengths) - lengths])
            self.length = np.concatenate([self.length, lengths])
            self.flat = np.concatenate([self.flat, np.fromiter(chain.from_iterable(self.new), np.int32, int(lengths.sum()))])
            self.new = []
        return self.start, self.length, self.flat


_WORDS: _WordTable | None = None
CHUNK = 256  # sentences deduplicated together (sorted by bucket count: little padding)


def _score_unordered(weights, bias: float, sentences: list[str]):
    """Each sentence's buckets (its words' and its word pairs') as one row
    of a padded matrix; sorting the rows puts repeats side by side."""
    import numpy as np

    global _WORDS
    if _WORDS is None or len(_WORDS.ids) > 500_000:
        _WORDS = _WordTable()
    word_id, pairs = _WORDS.id, _PAIR_BUCKETS.get
    ids, pair_buckets, n_words, n_pairs = [], [], [], []
    for sentence in sentences:
        found = HASHED_WORD.findall(sentence)
        words = [w.lower() if i == 0 or not w[0].isupper() else "<cap>" for i, w in enumerate(found)]
        ids += [word_id(w) for w in words]
        paired = [pairs(p) for p in zip(words, words[1:])]
        if None in paired:
            paired = [_pair_bucket(p) if b is None else b for p, b in zip(zip(words, words[1:]), paired)]
        pair_buckets += paired
        n_words.append(len(words))
        n_pairs.append(len(paired))
    start, length, flat = _WORDS.arrays()
    n = len(sentences)
    ids = np.array(ids, np.int64)
    n_words, n_pairs = np.array(n_words, np.int64), np.array(n_pairs, np.int64)
    owner = np.repeat(np.arange(n), n_words)
    per_word = length[ids]
    word_total = np.bincount(owner, weights=per_word, minlength=n).astype(np.int64)  # each sentence's word buckets
    # every word bucket of every sentence, in order: word i's run starts at start[ids[i]]
    runs = np.cumsum(per_word) - per_word
    at = np.repeat(start[ids] - runs, per_word) + np.arange(int(per_word.sum()))
    buckets = np.concatenate([flat[at].astype(np.int64), np.array(pair_buckets, np.int64)])
    holders = np.concatenate([np.repeat(owner, per_word), np.repeat(np.arange(n), n_pairs)])
    counts = word_total + n_pairs
    # column of each bucket in its sentence's row: word buckets first, then pairs
    word_holders, pair_holders = holders[:len(at)], holders[len(at):]
    cols = np.concatenate([np.arange(len(at)) - (np.cumsum(word_total) - word_total)[word_holders],
                           word_total[pair_holders] + np.arange(len(pair_holders)) - (np.cumsum(n_pairs) - n_pairs)[pair_holders]])
    # sentences in chunks of similar bucket counts; the buckets grouped by chunk
    by_count = np.argsort(counts, kind="stable")
    rank = np.empty(n, np.int64)
    rank[by_count] = np.arange(n)
    chunk = (rank // CHUNK)[holders]
    order = np.argsort(chunk.astype(np.uint16) if n // CHUNK < 2 ** 16 else chunk, kind="stable")
    rows, buckets, cols = (rank % CHUNK)[holders][order], buckets[order], cols[order]
    bounds = np.searchsorted(chunk[order], np.arange(0, (n + CHUNK - 1) // CHUNK + 1))
    sums, distinct = np.zeros(n), np.zeros(n, np.int64)
    w = np.append(np.asarray(weights, np.float64), 0.0)  # the padding bucket BUCKETS weighs nothing
    for c, lo in enumerate(range(0, n, CHUNK)):
        chosen = by_count[lo:lo + CHUNK]
        width = int(counts[chosen].max(initial=0))
        if width == 0:
            continue
        part = slice(bounds[c], bounds[c + 1])
        matrix = np.full((len(chosen), width), BUCKETS, np.int32)
        matrix[rows[part], cols[part]] = buckets[part]
        matrix.sort(axis=1)
        new = np.ones(matrix.shape, bool)
        new[:, 1:] = matrix[:, 1:] != matrix[:, :-1]
        new &= matrix != BUCKETS
        distinct[chosen] = new.sum(axis=1)
        sums[chosen] = np.where(new, w[matrix], 0.0).sum(axis=1)
    out = np.full(n, bias, dtype=np.float64)
    has = distinct > 0
    out[has] += sums[has] / np.sqrt(distinct[has])
    return out


def _pair_bucket(pair: tuple[str, str]) -> int:
    if len(_PAIR_BUCKETS) > 200_000:
        _PAIR_BUCKETS.clear()
    found = _PAIR_BUCKETS[pair] = _bucket("b %s %s" % pair)
    return found


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
