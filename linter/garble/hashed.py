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


# ---------------------------------------------------------------- word level
# A second, word-level linear model (training/garble_words.py): which words
# post-editors change. Each token is hashed with its context: the word
# (capitalised words after the first become <cap>, as above: a name says
# what a text is about), the previous and next token, the two bigrams it is
# in, and its character 3- to 5-grams. Its logit is a word-model feature.

WORD_BUCKETS = 1 << 17
_TOKEN_BUCKETS: dict[str, tuple[int, ...]] = {}


def _norm(text: str, index: int) -> str:
    if not text[:1].isalnum():
        return text  # punctuation and symbols stay as they are (symbols.is_word)
    return "<cap>" if index > 0 and text[0].isupper() else text.lower()


def _own_buckets(word: str) -> tuple[int, ...]:
    found = _TOKEN_BUCKETS.get(word)
    if found is None:
        grams = ["w " + word]
        if word != "<cap>":
            padded = f"<{word}>"
            grams += [f"c{n}" + padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
        found = tuple(sorted({zlib.crc32(g.encode("utf-8")) % WORD_BUCKETS for g in grams}))
        if len(_TOKEN_BUCKETS) > 200_000:
            _TOKEN_BUCKETS.clear()
        _TOKEN_BUCKETS[word] = found
    return found


def token_buckets(texts: list[str]) -> list[list[int]]:
    """The distinct word-level buckets of each token of one sentence."""
    words = [_norm(t, i) for i, t in enumerate(texts)]
    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else "<s>"
        nxt = words[i + 1] if i + 1 < len(words) else "</s>"
        context = (f"p {prev}", f"n {nxt}", f"pw {prev} {w}", f"wn {w} {nxt}")
        out.append(sorted(set(_own_buckets(w)).union(zlib.crc32(g.encode("utf-8")) % WORD_BUCKETS for g in context)))
    return out


def word_logits(weights, bias: float, texts: list[list[str]]):
    """The word-level model's logit of every token of every sentence, flat."""
    import numpy as np

    found = [b for sentence in texts for b in token_buckets(sentence)]
    counts = np.array([len(f) for f in found], np.int64)
    flat = np.fromiter((x for f in found for x in f), np.int64, int(counts.sum()))
    owner = np.repeat(np.arange(len(found)), counts)
    sums = np.bincount(owner, weights=weights[flat].astype(np.float64), minlength=len(found))
    return bias + sums / np.sqrt(np.maximum(counts, 1))


def word_design_matrix(texts: list[list[str]]):
    """token_buckets of every token as scipy sparse rows (training only)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    found = [b for sentence in texts for b in token_buckets(sentence)]
    counts = np.array([len(f) for f in found], np.int64)
    indices = np.fromiter((x for f in found for x in f), np.int64, int(counts.sum()))
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return csr_matrix((np.repeat(1.0 / np.sqrt(np.maximum(counts, 1)), counts), indices, indptr),
                      shape=(len(found), WORD_BUCKETS))
