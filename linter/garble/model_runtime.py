"""Loading the model files and scoring with them (numpy only)."""
from __future__ import annotations

import json
from itertools import chain

import numpy as np

from . import features as F
from . import hashed, rows
from .ngram import TrigramLM, query_order, read_arrays, vocab_of
from .symbols import text_symbol_ids
from .trees import Forest
from .word_features import word_features

MAX_TOKENS = 200  # longer "sentences" (tables, lists run together) are cut for scoring
BATCH = 2048  # sentences scored together at most (larger batches cost no less per sentence, only memory)


def score_tokens(id_lists: list[list[int]], lms: dict, bos: int, eos: int) -> F.SentenceArrays:
    """features.score_tokens, with the same output to the bit, in a fixed
    number of numpy operations a batch: the (a, b, c) queries are built
    in the rows' own order (backward models read the next two tokens, so
    nothing is reversed afterwards), and the two models of a direction
    share their bigram keys."""
    lengths = np.fromiter(map(len, id_lists), np.int64, len(id_lists))
    rows = lengths + 1  # each sentence's tokens and </s>
    offsets = np.concatenate([[0], np.cumsum(rows)])
    total = int(offsets[-1])
    ids = np.fromiter(chain.from_iterable(id_lists), np.int64, int(lengths.sum()))
    sentence = np.repeat(np.arange(len(id_lists)), rows)
    j = np.arange(total) - offsets[:-1][sentence]  # position in the sentence; j == length is </s>
    is_eos = j == lengths[sentence]
    start = offsets[:-1][sentence] - sentence  # where the sentence's ids start in `ids`
    n = lengths[sentence]

    def token(k):
        """id of the sentence's token k (<s> outside the sentence), per row."""
        inside = (k >= 0) & (k < n)
        return np.where(inside, ids[np.clip(start + k, 0, max(len(ids) - 1, 0))] if len(ids) else bos, bos)

    c = np.where(is_eos, eos, token(j))
    rows_at = offsets[:-1][sentence]
    # the context (a, b) of row j is the (b, c) of another row of the
    # sentence: forwards row j - 1's; backwards row j + 1's, and </s>'s is
    # row 0's; -1 where it is <s> <s>
    queries = {"_f": (token(j - 1), np.where(j >= 1, rows_at + j - 1, -1)),
               "_b": (np.where(is_eos, token(0), token(j + 1)),
                      np.where(is_eos, np.where(n >= 1, rows_at, -1), np.where(j + 1 < n, rows_at + j + 1, -1)))}
    logp, order, keys = {}, {}, {}
    for name, lm in lms.items():
        key = (name[-2:], lm.size)
        if key not in keys:
            b, ab_from = queries[key[0]]
            b32, c32 = b.astype(np.uint32), c.astype(np.uint32)
            bc = b32 * np.uint32(lm.size) + c32
            keys[key] = (bc, ab_from, b32, c32, bos, query_order(bc))  # the order is sorted once for both models
        logp[name], order[name] = lm.logprob_keys(*keys[key])
    return F.SentenceArrays(offsets, logp, order)


def npz_arrays(path) -> dict[str, np.ndarray]:
    """The arrays of an .npz file; ValueError naming it when it is damaged."""
    import zipfile

    try:
        with path.open("rb") as fh:
            with np.load(fh, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path}: damaged or unreadable artlint model file ({exc})") from None


class GarbleModel:
    """word_arrays: the word model's arrays, or a function that reads them
    (called on the first word_probabilities: most runs need no word model)."""

    def __init__(self, lm_arrays, sentence_arrays, word_arrays, meta):
        self.vocab = {s: i for i, s in enumerate(vocab_of(lm_arrays))}
        self.lms = {name: TrigramLM(lm_arrays, name) for name in F.LMS}
        self.sentence_forest = Forest(sentence_arrays, "sentence")
        self.ngram_weights = sentence_arrays["ngram_weights"].astype(np.float32)
        self.ngram_bias = float(sentence_arrays["ngram_bias"])
        # the word-level hashed model: its logits are sentence features too
        # (sentence.word_logit_row), so its weights are in sentence.bin
        self._word_hash = (sentence_arrays["word_hash_weights"].astype(np.float32),
                           float(sentence_arrays["word_hash_bias"])) if "word_hash_weights" in sentence_arrays else None
        self._word_arrays = word_arrays
        self._word_forest = None
        self._symbols = {}
        self._first_symbols, self._symbols_of_texts = {}, {}
        self._types = rows.TokenTypes()
        self.meta = meta

    @classmethod
    def from_files(cls, folder):
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        return cls(read_arrays(folder / "lm.bin"), read_arrays(folder / "sentence.bin"),
                   lambda: npz_arrays(folder / "word.npz"), meta)

    @property
    def word_forest(self) -> Forest:
        if self._word_forest is None:
            arrays = self._word_arrays() if callable(self._word_arrays) else self._word_arrays
            self._word_forest = Forest(arrays, "word")
            if self._word_hash is None:  # (model files from before the weights moved to sentence.bin)
                self._word_hash = (arrays["word_hash_weights"].astype(np.float32), float(arrays["word_hash_bias"]))
        return self._word_forest

    @property
    def word_hash(self) -> tuple[np.ndarray, float]:
        """The word-level hashed model's weights and bias (in sentence.bin)."""
        if self._word_hash is None:
            _ = self.word_forest
        return self._word_hash

    def word_logits(self, tokens) -> np.ndarray:
        """The word_logit feature of every token (hashed.word_logits)."""
        weights, bias = self.word_hash
        return hashed.word_logits(weights, bias, [[t.text for t in toks] for toks in tokens])

    def analyse(self, sentences: list[str]):
        """Tokens, symbols and language-model scores of a batch."""
        tokens = [F.tokenize(s)[:MAX_TOKENS] for s in sentences]
        symbols = [F.symbol_ids(t, self.vocab, self._symbols) for t in tokens]
        arrays = score_tokens(symbols, self.lms, self.vocab[F.BOS], self.vocab[F.EOS])
        return tokens, symbols, arrays

    def sentence_scores(self, sentences: list[str]) -> np.ndarray:
        """Calibrated probability that each sentence is garbled (0 with no words)."""
        if len(sentences) > BATCH:  # the same scores; memory stays that of one batch
            return np.concatenate([self.sentence_scores(sentences[i:i + BATCH]) for i in range(0, len(sentences), BATCH)])
        if not rows.available():
            tokens, symbols, arrays = self.analyse(sentences)
            return self._sentence_scores(sentences, tokens, symbols, arrays)
        # the same numbers from token texts, per-text caches and whole-batch numpy (rows.py)
        texts = [F.MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences]
        symbols = [text_symbol_ids(t, self.vocab, self._first_symbols, self._symbols_of_texts) for t in texts]
        arrays = score_tokens(symbols, self.lms, self.vocab[F.BOS], self.vocab[F.EOS])
        ngram = hashed.score(self.ngram_weights, self.ngram_bias, sentences)
        weights, bias = self.word_hash
        X = rows.sentence_features(texts, symbols, arrays, self.vocab, ngram, self._types,
                                   hashed.word_logits(weights, bias, texts))
        p = self.sentence_forest.probability(X)
        return np.where(X[:, rows.IMPLEMENTED.index("n_words")] > 0, p, 0.0)  # 0 without words

    def _sentence_scores(self, sentences, tokens, symbols, arrays, word_logits=None):
        ngram = hashed.score(self.ngram_weights, self.ngram_bias, sentences)
        if word_logits is None:
            word_logits = self.word_logits(tokens)
        X = F.sentence_features(tokens, symbols, arrays, self.vocab, ngram, word_logits)
        p = self.sentence_forest.probability(X)
        has_words = np.array([any(F.is_word(t.text) for t in toks) for toks in tokens], dtype=bool)
        return np.where(has_words, p, 0.0)

    def word_probabilities(self, sentences: list[str], doc_score: float | None = None):
        """(sentence scores, [[(token, P(word is garbled))] per sentence]);
        doc_score: the mean score of the sentences' document (each
        sentence's own score stands in when not given)."""
        tokens, symbols, arrays = self.analyse(sentences)
        logits = self.word_logits(tokens)
        scores = self._sentence_scores(sentences, tokens, symbols, arrays, logits)
        docs = None if doc_score is None else np.full(len(sentences), doc_score)
        X = word_features(tokens, symbols, arrays, scores, self.lms["pe_f"].uni, docs, word_logit=logits)
        p = self.word_forest.probability(X) if len(X) else np.zeros(0)
        out, pos = [], 0
        for toks in tokens:
            out.append(list(zip(toks, p[pos:pos + len(toks)].tolist())))
            pos += len(toks)
        return scores, out


def spans(marked: list[tuple[F.Token, float]], threshold: float, min_words: int = 1) -> list[tuple[int, int, float]]:
    """Runs of words whose probability is over threshold, as (start, end,
    mean probability). Punctuation inside a run joins it; at its edges it
    is left out."""
    runs, current = [], []
    for token, p in marked:
        if not F.is_word(token.text):
            continue
        if p > threshold:
            current.append((token, p))
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    # a punctuation token between two marked words breaks nothing, but an
    # unmarked word does: rebuild runs over the original order
    return [(run[0][0].start, run[-1][0].end, sum(p for _, p in run) / len(run))
            for run in runs if len(run) >= min_words]
