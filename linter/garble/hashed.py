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

import math
import zlib
from itertools import chain
from operator import itemgetter

from ..regexcache import compiled as compiled_re

BUCKETS = 1 << 18

# Per-process cache bounds, sized by memory (bench/bench.py --distinct shows
# the total staying flat on distinct text). Bytes an entry costs, measured
# with sys.getsizeof over the caches after scoring mtqe train's 35k distinct
# sentences (python 3.11): a cache past its bound starts again, between
# batches only, and every cached value is a pure function of its key, so
# the bounds change speed, never a score. Each is above what the bench's
# 84 round-robin articles need (8k words, 32k pairs of ids), or every pass
# over them would start again.
WORD_BUCKETS_MAX = 12_000   # _WORD_BUCKETS: ~690 B a word (a tuple of ~15 ints): 8 MB
PAIR_BUCKETS_MAX = 20_000   # _PAIR_BUCKETS: ~140 B a pair: 2.8 MB
WORD_TABLE_MAX = 20_000     # _WordTable ids (~200 B a word, arrays included), rest x2 (~80 B): 7 MB
WORD_PAIRS_MAX = 40_000     # _WordTable pairs: ~140 B a pair of ids: 5.6 MB
TOKEN_BUCKETS_MAX = 12_000  # _TOKEN_BUCKETS: ~860 B a word (3- to 5-grams): 10 MB
# The words hashed into the buckets: must stay as training/garble.py learnt the
# shipped weights (not lexicon.WORD on purpose; digits are left out).
HASHED_WORD = compiled_re(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


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
_CRC_C = zlib.crc32(b"c")


def _word_buckets(word: str) -> tuple[int, ...]:
    """The word's own buckets: the word and its character 3- and 4-grams
    (cached: words repeat, sentences do not)."""
    found = _WORD_BUCKETS.get(word)
    if found is None:
        if word.isascii() and word != "<cap>":  # (speed only: the same buckets as below)
            # an ASCII word's character n-grams are its bytes' n-grams, and
            # crc32("c" + gram) continues crc32("c")
            padded = f"<{word}>".encode()
            crc = zlib.crc32
            found = (_bucket("w " + word), *[crc(padded[i:i + n], _CRC_C) % BUCKETS
                                            for n in (3, 4) for i in range(len(padded) - n + 1)])
        else:
            grams = ["w " + word]
            if word != "<cap>":
                padded = f"<{word}>"
                grams += ["c" + padded[i:i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
            found = tuple(_bucket(g) for g in grams)
        if len(_WORD_BUCKETS) > WORD_BUCKETS_MAX:
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
    # (and the fast path packs a sentence number and a bucket into an int32)
    return half and largest * 3 * max(map(len, sentences), default=0) < 2.0 ** 29 and BUCKETS <= 2 ** 24


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
            if len(_PAIR_BUCKETS) > PAIR_BUCKETS_MAX:
                _PAIR_BUCKETS.clear()
            bucket = _PAIR_BUCKETS[pair] = _bucket("b %s %s" % pair)
        out.add(bucket)
    return out


class _WordTable:
    """Every hashed word seen in a process with an id, and the buckets of
    all of them end to end (numpy arrays, grown as words come); the id of
    each word as found in a sentence (`rest`: past its first word, where a
    capitalised word is "<cap>") and the bucket of each pair of ids."""

    def __init__(self, buckets_of=None):
        import numpy as np

        self.buckets_of = buckets_of or _word_buckets  # (token_buckets' words: _own_buckets)
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.rest: dict[str, int] = {}
        self.pairs: dict[tuple[int, int], int] = {}
        self.new: list[tuple[int, ...]] = []
        self.start, self.length, self.flat = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32)

    def id(self, word: str) -> int:
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.words)
            self.words.append(word)
            self.new.append(self.buckets_of(word))
        return found

    def rest_id(self, found: str) -> int:
        self.rest[found] = self.id(found.lower() if not found[0].isupper() else "<cap>")
        return self.rest[found]

    def pair(self, ids: tuple[int, int]) -> int:
        self.pairs[ids] = _bucket("b %s %s" % (self.words[ids[0]], self.words[ids[1]]))
        return self.pairs[ids]

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


def _score_unordered(weights, bias: float, sentences: list[str]):
    """The buckets of all the sentences (their words' and their word
    pairs'), made unique per sentence by one sort. The words are those of
    bucket_list, looked up by their form in the text."""
    import numpy as np

    global _WORDS
    if _WORDS is None or len(_WORDS.ids) > WORD_TABLE_MAX or len(_WORDS.rest) > 2 * WORD_TABLE_MAX:
        _WORDS = _WordTable()
    table = _WORDS
    if len(table.pairs) > WORD_PAIRS_MAX:  # bounded (the words' buckets cost more to make again: kept)
        table.pairs.clear()
    rest, pairs = table.rest.get, table.pairs.get
    ids, pair_buckets, n_words, n_pairs = [], [], [], []
    for sentence in sentences:
        found = HASHED_WORD.findall(sentence)
        if not found:
            n_words.append(0)
            n_pairs.append(0)
            continue
        these = [table.id(found[0].lower())]
        these += map(rest, found[1:])
        if None in these:
            these = [table.rest_id(w) if i is None else i for w, i in zip(found, these)]
        paired = list(map(pairs, zip(these, these[1:])))
        if None in paired:
            paired = [table.pair(p) if b is None else b for p, b in zip(zip(these, these[1:]), paired)]
        ids += these
        pair_buckets += paired
        n_words.append(len(these))
        n_pairs.append(len(paired))
    start, length, flat = table.arrays()
    n = len(sentences)
    ids = np.array(ids, np.int64)
    n_words = np.array(n_words, np.int64)
    per_word = length[ids]
    # every word bucket of every sentence, in order (word i's run starts at
    # start[ids[i]]), then every pair bucket; and the sentence of each
    runs = np.cumsum(per_word) - per_word
    buckets = np.concatenate([flat[np.repeat(start[ids] - runs, per_word) + np.arange(int(per_word.sum()))],
                              np.array(pair_buckets, np.int32)])
    holders = np.concatenate([np.repeat(np.repeat(np.arange(n, dtype=np.int32), n_words), per_word),
                              np.repeat(np.arange(n, dtype=np.int32), np.array(n_pairs, np.int64))])
    # sentence and bucket in one int32 key, so that one sort brings each
    # sentence's repeats side by side (some sentences at a time, so it fits)
    bits = max(BUCKETS - 1, 1).bit_length()
    step = 1 << (31 - bits)
    weight = _weights64(weights)
    distinct, sums = np.zeros(n, np.int64), np.zeros(n)
    for lo in range(0, n, step):
        part = (holders >= lo) & (holders < lo + step) if n > step else slice(None)
        keys = np.sort(((holders[part] - lo) << bits) | buckets[part])
        first = np.ones(len(keys), bool)
        first[1:] = keys[1:] != keys[:-1]
        keys = keys[first]
        owner = keys >> bits
        distinct[lo:lo + step] = np.bincount(owner, minlength=min(step, n - lo))
        sums[lo:lo + step] = np.bincount(owner, weights=weight[keys & (step * 0 + (1 << bits) - 1)],
                                         minlength=min(step, n - lo))
    out = np.full(n, bias, dtype=np.float64)
    has = distinct > 0
    out[has] += sums[has] / np.sqrt(distinct[has])
    return out


def _weights64(weights):
    """The weights as float64 (kept for the array last asked for)."""
    import numpy as np

    found = _WEIGHTS64.get(id(weights))
    if found is None or found[0] is not weights:
        found = (weights, np.asarray(weights, np.float64))
        _WEIGHTS64.clear()
        _WEIGHTS64[id(weights)] = found
    return found[1]


_WEIGHTS64: dict = {}


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
        if word.isascii() and word != "<cap>":  # (speed only: the same buckets as below, as in _word_buckets)
            padded, crc = f"<{word}>".encode(), zlib.crc32
            grams = {crc(padded[i:i + n], _CRC_CN[n]) % WORD_BUCKETS for n in (3, 4, 5) for i in range(len(padded) - n + 1)}
            grams.add(crc(b"w " + word.encode()) % WORD_BUCKETS)
        else:
            grams = ["w " + word]
            if word != "<cap>":
                padded = f"<{word}>"
                grams += [f"c{n}" + padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
            grams = {zlib.crc32(g.encode("utf-8")) % WORD_BUCKETS for g in grams}
        found = tuple(sorted(grams))
        if len(_TOKEN_BUCKETS) > TOKEN_BUCKETS_MAX:
            _TOKEN_BUCKETS.clear()
        _TOKEN_BUCKETS[word] = found
    return found


_CRC_CN = {n: zlib.crc32(b"c%d" % n) for n in (3, 4, 5)}  # crc32("c3" + gram) continues crc32("c3")


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
    """The word-level model's logit of every token of every sentence, flat
    (the same numbers as reference_word_logits): each distinct (previous,
    word, next) once in a process, the new ones of a batch all at once."""
    import numpy as np

    logits = _token_logits(weights, bias)
    triples = [t for sentence in texts for t in logits.triples_of(sentence)]
    found = list(map(logits.triples.get, triples))
    if None in found:
        new = list(dict.fromkeys(t for t, x in zip(triples, found) if x is None))
        logits.triples.update(zip(new, _batch_logits(logits, new).tolist()))
        found = list(map(logits.triples.__getitem__, triples))
    return np.array(found, np.float64)


def _batch_logits(logits: "TokenLogits", triples: list[tuple[str, str, str]]):
    """The logits of new triples as reference_word_logits works them out
    (each token's distinct buckets, sorted, summed by bincount), with the
    words' own buckets taken from a table of numpy arrays."""
    import numpy as np

    table = logits.own_table
    ids = np.fromiter((table.id(w) for _, w, _ in triples), np.int64, len(triples))
    context = np.array([(logits.side(p)[0], logits.side(n)[1], logits.pair(p, w)[0], logits.pair(w, n)[1])
                        for p, w, n in triples], np.int64).reshape(-1, 4)
    start, length, flat = table.arrays()
    per_token = length[ids]
    runs = np.cumsum(per_token) - per_token
    n = len(triples)
    buckets = np.concatenate([flat[np.repeat(start[ids] - runs, per_token) + np.arange(int(per_token.sum()))],
                              context.ravel()])
    owner = np.concatenate([np.repeat(np.arange(n), per_token), np.repeat(np.arange(n), 4)])
    bits = WORD_BUCKETS.bit_length()
    keys = np.sort((owner << bits) | buckets)
    first = np.ones(len(keys), bool)
    first[1:] = keys[1:] != keys[:-1]
    keys = keys[first]
    owner = keys >> bits
    sums = np.bincount(owner, weights=logits.weights64[keys & ((1 << bits) - 1)], minlength=n)
    counts = np.bincount(owner, minlength=n)
    return logits.bias + sums / np.sqrt(np.maximum(counts, 1))


def reference_word_logits(weights, bias: float, texts: list[list[str]]):
    """word_logits the straightforward way: every token's buckets, summed by bincount."""
    import numpy as np

    found = [b for sentence in texts for b in token_buckets(sentence)]
    counts = np.array([len(f) for f in found], np.int64)
    flat = np.fromiter((x for f in found for x in f), np.int64, int(counts.sum()))
    owner = np.repeat(np.arange(len(found)), counts)
    sums = np.bincount(owner, weights=weights[flat].astype(np.float64), minlength=len(found))
    return bias + sums / np.sqrt(np.maximum(counts, 1))


class TokenLogits:
    """The word-level logit of tokens, as token_buckets and the weights
    give it, cached: a token's logit depends only on (previous normalised
    word, its own, next), and a triple's logit is worked out once. Equal to
    the bit to reference_word_logits: the token's distinct buckets in
    sorted order, their weights added one by one from 0.0 (as bincount
    adds them), over sqrt(their number); or, when the weights are float16
    values (half), in any order, which gives the same exact sum.
    weights_of: buckets -> their weights (Python floats), in their order.
    The weights must not change in place."""

    # entries a cache holds before it starts again (checked as a sentence
    # starts; all of them then start again). Measured: triples ~140 B,
    # pairs ~210 B, sides ~145 B, owns (a frozenset a word) ~1.5 kB: at
    # 80,000 about 20-30 MB together (triples fill first). Sized so that
    # the bench corpus's 84 articles (55k triples, 8k words) fit: a bound
    # below a corpus's working set makes every pass start again (+20 % CPU
    # at 40,000).
    LIMIT = 80_000
    OWNS_LIMIT = 4_000

    def __init__(self, weights_of, bias: float, half: bool = False, weights64=None):
        self.weights_of, self.bias, self.half = weights_of, float(bias), half
        self.weights64 = weights64  # the weights as a float64 numpy array (word_logits' batches)
        self._own_table: _WordTable | None = None
        self.owns: dict[str, tuple[frozenset, float]] = {}  # a word's own buckets and their weights' sum
        self.triples: dict[tuple[str, str, str], float] = {}
        self.first: dict[str, str] = {}  # _norm(text, 0) and _norm(text, > 0) of each text seen
        self.rest: dict[str, str] = {}
        self.sides: dict[str, tuple[int, int]] = {}  # the buckets of "p word" and "n word"
        self.pairs: dict[tuple[str, str], tuple[int, int]] = {}  # of "pw a b" and "wn a b"

    def of(self, texts: list[str]) -> list[float]:
        """The logit of each token of one sentence (token texts)."""
        triples = self.triples_of(texts)
        found = list(map(self.triples.get, triples))
        if None in found:
            found = [x if x is not None else self._logit(t) for t, x in zip(triples, found)]
        return found

    def of_words(self, texts: list[str]) -> list[float]:
        """of() for the word tokens (symbols.is_word) only; 0.0 stands for
        every other token's logit (the sentence features leave them out:
        sentence.word_logit_row), which is then not worked out."""
        triples = self.triples_of(texts)
        known = self.triples.get
        out = []
        for text, triple in zip(texts, triples):
            if not text[0].isalnum():
                out.append(0.0)
                continue
            found = known(triple)
            out.append(found if found is not None else self._logit(triple))
        return out

    @property
    def own_table(self) -> "_WordTable":
        """The words' own buckets as numpy arrays (made when first needed: small.py runs without numpy)."""
        if self._own_table is None:
            self._own_table = _WordTable(_own_buckets)
        return self._own_table

    def triples_of(self, texts: list[str]) -> list[tuple[str, str, str]]:
        """(previous, word, next) of each token, normalised as token_buckets does."""
        if not texts:
            return []
        if max(len(self.triples), len(self.rest), len(self.pairs), len(self._own_table.ids if self._own_table else ())) > self.LIMIT:
            self.__init__(self.weights_of, self.bias, self.half, self.weights64)
        first = self.first.get(texts[0]) or self.first.setdefault(texts[0], _norm(texts[0], 0))
        rest = self.rest
        words = [first, *map(rest.get, texts[1:])]
        if None in words:
            words = [w if w is not None else rest.setdefault(t, _norm(t, 1)) for t, w in zip(texts, words)]
        around = ["<s>", *words, "</s>"]
        return list(zip(around, words, around[2:]))

    def _logit(self, triple: tuple[str, str, str]) -> float:
        prev, word, nxt = triple
        context = (self.side(prev)[0], self.side(nxt)[1], self.pair(prev, word)[0], self.pair(word, nxt)[1])
        own = _own_buckets(word)
        if self.half and (len(own) + 4) * 65504.0 < 2.0 ** 29:
            # float16 weights add up exactly in any order (see _sums_exact):
            # the word's own sum is kept, the new context buckets added to it
            own_set, total = self._own(word, own)
            added = []
            for bucket in context:
                if bucket not in own_set and bucket not in added:
                    added.append(bucket)
            for x in self.weights_of(added):
                total += x
            count = len(own) + len(added)
        else:
            found = sorted(set(own).union(context))
            total, count = 0.0, len(found)
            for x in self.weights_of(found):
                total += x
        self.triples[triple] = logit = self.bias + total / math.sqrt(count)
        return logit

    def _own(self, word: str, own: tuple[int, ...]) -> tuple[frozenset, float]:
        found = self.owns.get(word)
        if found is None:
            if len(self.owns) > self.OWNS_LIMIT:
                self.owns.clear()
            total = 0.0
            for x in self.weights_of(own):
                total += x
            found = self.owns[word] = (frozenset(own), total)
        return found

    def side(self, word: str) -> tuple[int, int]:
        found = self.sides.get(word)
        if found is None:
            if len(self.sides) > self.LIMIT:
                self.sides.clear()
            found = self.sides[word] = (_word_bucket(f"p {word}"), _word_bucket(f"n {word}"))
        return found

    def pair(self, a: str, b: str) -> tuple[int, int]:
        found = self.pairs.get((a, b))
        if found is None:
            found = self.pairs[a, b] = (_word_bucket(f"pw {a} {b}"), _word_bucket(f"wn {a} {b}"))
        return found


def _word_bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) % WORD_BUCKETS


_TOKEN_LOGITS: dict = {}


def _lazy_picker(array):
    """_picker of array.tolist(), made at the first call."""
    made = []

    def pick(buckets):
        if not made:
            made.append(_picker(array.tolist()))
        return made[0](buckets)
    return pick


def _picker(values: list):
    """buckets -> [values[b] for b in buckets], by one itemgetter."""
    def pick(buckets):
        if len(buckets) > 1:
            return itemgetter(*buckets)(values)
        return [values[b] for b in buckets]
    return pick


def _token_logits(weights, bias: float) -> TokenLogits:
    """The TokenLogits of these weights and bias (kept for the last asked for)."""
    found = _TOKEN_LOGITS.get(id(weights))
    if found is None or found[0] is not weights or found[1].bias != float(bias):
        import numpy as np

        # word_logits sums in numpy (weights64): the Python list of the
        # weights (a few ms) is made only if .of() is ever asked
        weights64 = np.asarray(weights, np.float64)
        found = (weights, TokenLogits(_lazy_picker(weights64), bias, False, weights64))
        _TOKEN_LOGITS.clear()
        _TOKEN_LOGITS[id(weights)] = found
    return found[1]


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
