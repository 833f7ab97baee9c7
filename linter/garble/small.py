"""The sentence score of a few sentences, without numpy.

A one-article run scores a few dozen sentences; importing numpy alone
costs more than scoring them in plain Python (about 0.07 s against 0.03).
This module reads the same model files (memoryviews of the mapped file)
and computes the same score as model_runtime.GarbleModel.sentence_scores,
step for step: the language models by binary search (bisect), the
features by sentence.sentence_row, the trees by walking them; each
stage over the whole batch, for the CPU's cache (see rows). float32
rounding is reproduced where numpy rounds (the language models' sums, the
features), so both give the same scores (tests/test_garble.py checks).
Large batches go to the numpy model, which is faster per sentence.
"""
from __future__ import annotations

import math
import struct
import sys
from array import array
from bisect import bisect_left
from operator import itemgetter

from . import binfile, hashed
from .sentence import sentence_row
from .symbols import BOS, EOS, LMS, MODEL_TOKEN, is_word, text_symbol_ids

MAX_TOKENS = 200  # as model_runtime.MAX_TOKENS
NO_VALUE = 255  # as ngram.NO_VALUE
FORMATS = {"<u4": "I", "<u2": "H", "|u1": "B", "<f4": "f", "<f8": "d", "<i8": "q", "<i4": "i", "<i2": "h"}


def available() -> bool:
    """The memoryview reading needs a little-endian machine (the files are)."""
    return sys.byteorder == "little"


def read_views(path) -> dict:
    """name -> memoryview (1-D arrays), Python number (0-d) or, for float16
    arrays, the raw bytes (read with struct)."""
    data = binfile.mapped(path)
    index, start = binfile.header(data, path)
    view = memoryview(data)
    out = {}
    for name, (dtype, shape, offset) in index.items():
        count = math.prod(shape) if shape else 1
        width = int(dtype[2:])
        raw = view[start + offset:start + offset + count * width]
        if dtype == "<f2":
            out[name] = raw
        elif not shape:
            out[name] = raw.cast(FORMATS[dtype])[0]
        else:
            out[name] = raw.cast(FORMATS[dtype])
    return out


def f32(x: float) -> float:
    """x rounded to float32, as numpy's float32 arithmetic rounds."""
    return array("f", (x,))[0]




_HALF_STRUCTS: dict[int, tuple] = {}


def half_structs(count: int) -> tuple:
    """(pack count uint16 codes, unpack them as float16), kept per count:
    the word level reads a few weights at a time, where building the two
    format strings cost as much as reading."""
    found = _HALF_STRUCTS.get(count)
    if found is None:
        found = _HALF_STRUCTS[count] = (struct.Struct(f"<{count}H").pack, struct.Struct(f"<{count}e").unpack)
    return found


class SmallLM:
    def __init__(self, views: dict, prefix: str):
        get = lambda name: views[f"{prefix}_{name}"]  # noqa: E731
        self.size = get("size")
        self.uni, self.uni_bow = get("uni"), get("uni_bow")
        self.bi_keys, self.bi_logp, self.bi_bow, self.tri_start = get("bi_keys"), get("bi_logp"), get("bi_bow"), get("tri_start")
        self.tri_last, self.tri_logp = get("tri_last"), get("tri_logp")
        self.bi_levels, self.bow_levels, self.tri_levels = (
            get("bi_logp_levels").tolist(), get("bi_bow_levels").tolist(), get("tri_logp_levels").tolist())

    def logprob(self, a: int, b: int, c: int) -> tuple[float, int]:
        """(log10 P(c | a b), order of the longest n-gram found)."""
        keys, size = self.bi_keys, self.size
        n = len(keys)
        key = b * size + c
        i = bisect_left(keys, key)
        order = 1
        if i < n and keys[i] == key and self.bi_logp[i] != NO_VALUE:
            p2, order = self.bi_levels[self.bi_logp[i]], 2
        else:
            p2 = f32(self.uni_bow[b] + self.uni[c])
        key = a * size + b
        j = bisect_left(keys, key)
        if j < n and keys[j] == key:
            lo, hi = self.tri_start[j], self.tri_start[j + 1]
            t = bisect_left(self.tri_last, c, lo, hi)
            if t < hi and self.tri_last[t] == c:
                return self.tri_levels[self.tri_logp[t]], 3
            code = self.bi_bow[j]
            if code != NO_VALUE:
                return f32(self.bow_levels[code] + p2), order
        return p2, order


    def score_sequence(self, seq: list[int]) -> tuple[list[float], list[int]]:
        """logprob(seq[i - 2], seq[i - 1], seq[i]) for i = 2, 3, ...: the
        same numbers, with one bigram search a token instead of two (the
        context (a, b) of token i is the pair (b, c) of token i - 1)."""
        keys, size = self.bi_keys, self.size
        n = len(keys)
        bi_logp, bi_bow, bi_levels, bow_levels = self.bi_logp, self.bi_bow, self.bi_levels, self.bow_levels
        tri_start, tri_last, tri_logp, tri_levels = self.tri_start, self.tri_last, self.tri_logp, self.tri_levels
        uni, uni_bow = self.uni, self.uni_bow
        cell = array("f", (0.0,))  # rounds what is stored in it to float32, as f32() (without a call)
        key = seq[0] * size + seq[1]
        j = bisect_left(keys, key)
        context = j if j < n and keys[j] == key else -1  # where (a, b) is in the bigram table
        probs, orders = [], []
        add_prob, add_order = probs.append, orders.append
        for b, c in zip(seq[1:], seq[2:]):
            key = b * size + c
            pair = bisect_left(keys, key)
            if pair == n or keys[pair] != key:
                pair = -1
            bow = NO_VALUE
            if context >= 0:
                hi = tri_start[context + 1]
                t = bisect_left(tri_last, c, tri_start[context], hi)
                if t < hi and tri_last[t] == c:  # the trigram: no back-off to work out
                    add_prob(tri_levels[tri_logp[t]])
                    add_order(3)
                    context = pair
                    continue
                bow = bi_bow[context]
            if pair >= 0 and bi_logp[pair] != NO_VALUE:
                p2, order = bi_levels[bi_logp[pair]], 2
            else:
                cell[0] = uni_bow[b] + uni[c]
                p2, order = cell[0], 1
            if bow != NO_VALUE:
                cell[0] = bow_levels[bow] + p2
                p2 = cell[0]
            add_prob(p2)
            add_order(order)
            context = pair
        return probs, orders


class SmallForest:
    def __init__(self, views: dict, prefix: str):
        get = lambda name: views[f"{prefix}_{name}"]  # noqa: E731
        # one tuple a node, (feature, threshold, left, right, value), made
        # by zip in C: a step of the walk is one index and one unpacking. A
        # leaf points to itself on both sides; an inner node's children
        # differ. (Nested tuples, a node holding its children, walk ~30 %
        # faster row by row but cost ~0.9 ms more to build; walked tree by
        # tree, as below, they lost by 1.5 ms a one-article run, paired.)
        self.nodes = list(zip(get("feature").tolist(), get("threshold").tolist(), get("left").tolist(),
                              get("right").tolist(), get("value").tolist()))
        self.roots = get("roots").tolist()
        self.a, self.b = get("calibration").tolist()

    def probability(self, row: list[float]) -> float:
        """row: a list of floats (indexing a list is faster than an array)."""
        return self.probabilities([row])[0]

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """probability() of each row, tree by tree: a tree's nodes are
        walked for every row while they are in the CPU's cache (measured
        on one article's 39 rows: 6-10 ms CPU row by row on a loaded
        machine, when the rest of the scoring pushes the nodes out between
        rows; ~3 ms so). Each row's sum takes the trees in the same order
        either way."""
        nodes = self.nodes
        totals = [0.0] * len(rows)
        for root in self.roots:
            top = nodes[root]
            for i, row in enumerate(rows):
                f, t, left, right, value = top
                while left != right:
                    f, t, left, right, value = nodes[left if row[f] <= t else right]
                totals[i] += value
        return [1.0 / (1.0 + math.exp(-min(50.0, max(-50.0, self.a * total + self.b)))) for total in totals]


class SmallModel:
    def __init__(self, lm_views: dict, sentence_views: dict):
        words = bytes(lm_views["vocab_utf8"]).decode("utf-8").split("\n")
        self.vocab = dict(zip(words, range(len(words))))
        self.lms = {name: SmallLM(lm_views, name) for name in LMS}
        self.forest = SmallForest(sentence_views, "sentence")
        self.weights = sentence_views["ngram_weights"]
        self.weight_codes = self.weights.cast("H")  # each float16 weight's bits, for half_floats
        self.bias = sentence_views["ngram_bias"]
        self.word_weights, self.word_bias = sentence_views["word_hash_weights"], sentence_views["word_hash_bias"]
        self.first_symbols: dict = {}  # text_symbol_ids' caches
        self.rest_symbols: dict = {}
        self.word_codes = self.word_weights.cast("H")
        self._token_logits: hashed.TokenLogits | None = None

    @classmethod
    def from_files(cls, folder):
        return cls(read_views(folder / "lm.bin"), read_views(folder / "sentence.bin"))

    def ngram_logit(self, sentence: str) -> float:
        # float16 weights add up exactly in any order while the sum stays
        # below 2**29 (see hashed.py): short enough sentences need no sorting
        found = hashed.bucket_set(sentence) if len(sentence) * 3 * 65504.0 < 2.0 ** 29 else hashed.bucket_list(sentence)
        if not found:
            return self.bias
        return self.bias + sum(self.half_floats(found)) / math.sqrt(len(found))

    def half_floats(self, buckets) -> tuple[float, ...]:
        """The float16 weights of the buckets, in their order: their bits
        picked by one itemgetter and read as float16 by one struct call
        (one unpack_from a bucket cost ~10x more)."""
        codes = itemgetter(*buckets)(self.weight_codes) if len(buckets) > 1 else tuple(map(self.weight_codes.__getitem__, buckets))
        pack, unpack = half_structs(len(codes))
        return unpack(pack(*codes))

    def word_logits(self, texts: list[str]) -> list[float]:
        """hashed.word_logits of one sentence's tokens (the same cached
        per-triple sums; the file's weights are float16)."""
        return self.token_logits.of(texts)

    @property
    def token_logits(self) -> hashed.TokenLogits:
        if self._token_logits is None:
            self._token_logits = hashed.TokenLogits(self.word_half_floats, self.word_bias, half=True)
        return self._token_logits

    def word_half_floats(self, buckets) -> tuple[float, ...]:
        """half_floats of the word-level weights."""
        if not buckets:
            return ()
        codes = self.word_codes
        pack, unpack = _HALF_STRUCTS.get(len(buckets)) or half_structs(len(buckets))
        return unpack(pack(*[codes[b] for b in buckets]))

    def sentence_scores(self, sentences: list[str]) -> list[float]:
        rows = self.rows(sentences)
        found = self.forest.probabilities([row for row in rows if row is not None])[::-1]
        return [found.pop() if row is not None else 0.0 for row in rows]

    def score(self, sentence: str) -> float:
        return self.sentence_scores([sentence])[0]

    def rows(self, sentences: list[str]) -> list[list[float] | None]:
        """Each sentence's features, rounded to float32 as the trees were
        trained (None: no words, score 0). Worked out stage by stage over
        the batch, each language model over every sentence in turn: a
        stage's tables stay in the CPU's cache (sentence by sentence,
        each stage pushed out the others': measured -7.7 ms CPU, paired,
        on one article's 39 sentences, as the trees in probabilities)."""
        # token texts (no Token objects) and their ids from two caches, as the numpy path takes them
        texts = [MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences]
        todo = [i for i, t in enumerate(texts) if any(is_word(x) for x in t)]
        ids = [text_symbol_ids(texts[i], self.vocab, self.first_symbols, self.rest_symbols) for i in todo]
        logp, order = self.language_models(ids)
        ngram = [self.ngram_logit(sentences[i]) for i in todo]
        words = [self.token_logits.of_words(texts[i]) for i in todo]  # (only the words' logits are features)
        out: list[list[float] | None] = [None] * len(sentences)
        for k, i in enumerate(todo):
            row = sentence_row(texts[i], ids[k], {name: logp[name][k] for name in LMS},
                               {name: order[name][k] for name in LMS}, self.vocab, ngram[k], words[k])
            out[i] = array("f", row).tolist()
        return out

    def language_models(self, ids: list[list[int]]) -> tuple[dict, dict]:
        """({model: [log10 P of each token and of </s>] per sentence},
        {model: [n-gram order of each] per sentence}), left to right."""
        bos, eos = self.vocab[BOS], self.vocab[EOS]
        logp, order = {}, {}
        for name, lm in self.lms.items():
            logp[name], order[name] = [], []
            forward = name.endswith("_f")
            for these in ids:
                probs, orders = lm.score_sequence([bos, bos] + (these if forward else these[::-1]) + [eos])
                if not forward:  # back to left-to-right order, </s> last
                    probs, orders = probs[-2::-1] + probs[-1:], orders[-2::-1] + orders[-1:]
                logp[name].append(probs)
                order[name].append(orders)
        return logp, order
