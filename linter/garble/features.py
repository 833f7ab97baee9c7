"""Target-only features of a sentence and of each of its words.

Only the machine-translated text is used. Each token becomes a symbol: a
frequent English word (the model's vocabulary) stands for itself, lower-
cased; anything else for its class (a capitalised name, a number, a rare
word by its frequency band, a word no dictionary knows). Classes keep the
language models from learning topics or which language a sentence came
from. Four trigram models score every token: trained on post-edited
(clean) English and on raw machine translation, each read forwards and
backwards. The difference between the two is what garble looks like.

Training (training/garble.py) and run time call the same functions, so
the features cannot drift apart.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .sentence import SENTENCE_FEATURES, sentence_row  # noqa: F401 (re-exported)
from .symbols import (BOS, CLASSES, EOS, FUNCTION_WORDS, LMS, MODEL_TOKEN, PUNCT, Token,  # noqa: F401 (re-exported)
                      is_word, symbol, symbol_ids, tokenize)


class SentenceArrays(NamedTuple):
    """Per-token language-model scores of a batch of sentences, flattened:
    sentence i owns rows offsets[i]:offsets[i+1] (its tokens plus </s>)."""
    offsets: np.ndarray
    logp: dict[str, np.ndarray]    # lm name -> log10 P of each token
    order: dict[str, np.ndarray]   # lm name -> longest n-gram order found


def score_tokens(id_lists: list[list[int]], lms: dict, bos: int, eos: int) -> SentenceArrays:
    """Every token of every sentence under every language model. Forward
    models predict token i from the two before it; backward ones from the
    two after it (each row is the token's score, not </s>'s)."""
    lengths = np.array([len(ids) + 1 for ids in id_lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    fwd = np.array([x for ids in id_lists for x in [bos, bos] + ids + [eos]], dtype=np.int64)
    bwd = np.array([x for ids in id_lists for x in [bos, bos] + ids[::-1] + [eos]], dtype=np.int64)
    # rows of padded sequences: sentence i starts at offsets[i] + 2 * i
    starts = offsets[:-1] + 2 * np.arange(len(id_lists))
    idx = np.concatenate([np.arange(s + 2, s + 2 + n) for s, n in zip(starts, lengths)]) if len(id_lists) else np.zeros(0, np.int64)
    logp, order = {}, {}
    for name, lm in lms.items():
        seq = fwd if name.endswith("_f") else bwd
        p, o = lm.logprob(seq[idx - 2], seq[idx - 1], seq[idx])
        if name.endswith("_b"):  # back to left-to-right order, </s> (= <s> side) last
            p, o = _unreverse(p, offsets), _unreverse(o, offsets)
        logp[name], order[name] = p, o
    return SentenceArrays(offsets, logp, order)


def _unreverse(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    for s, e in zip(offsets[:-1], offsets[1:]):
        out[s:e - 1] = values[s:e - 1][::-1]
        out[e - 1] = values[e - 1]
    return out


def sentence_features(tokens: list[list[Token]], symbols: list[list[int]], arrays: SentenceArrays,
                      classes: dict[str, int], ngram: np.ndarray | None = None,
                      word_logits: np.ndarray | None = None) -> np.ndarray:
    """One row of SENTENCE_FEATURES per sentence (ngram: the hashed n-gram
    classifier's logit of each sentence, hashed.py; 0 when not given;
    word_logits: the word-level hashed model's logit of every token of
    every sentence, flat, hashed.word_logits; the word_logit_* features are
    0 when not given).
    The features themselves are sentence.sentence_row's, shared with the
    numpy-free path."""
    out = np.zeros((len(tokens), len(SENTENCE_FEATURES)), np.float32)
    logp = {k: v.tolist() for k, v in arrays.logp.items()}
    order = {k: v.tolist() for k, v in arrays.order.items()}
    bounds = arrays.offsets.tolist()
    logits = None if word_logits is None else np.asarray(word_logits, np.float64).tolist()
    first = 0  # where the sentence's tokens start in word_logits
    for i, toks in enumerate(tokens):
        s, e = bounds[i], bounds[i + 1]
        out[i] = sentence_row([t.text for t in toks], symbols[i], {k: v[s:e] for k, v in logp.items()},
                              {k: v[s:e] for k, v in order.items()}, classes, 0.0 if ngram is None else float(ngram[i]),
                              None if logits is None else logits[first:first + len(toks)])
        first += len(toks)
    return out
