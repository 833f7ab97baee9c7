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

from .. import lexicon
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


WORD_FEATURES = (
    "pe_f", "pe_b", "mt_f", "mt_b", "diff_f", "diff_b", "diff", "pe_min",
    "order_pe_f", "order_pe_b", "order_mt_f", "order_mt_b",
    "prev_diff", "next_diff", "prev_pe_min", "next_pe_min", "prev2_diff", "next2_diff",
    "win_diff", "win_pe",
    "zipf", "known", "capital", "initial", "length", "function", "punct", "repeated",
    "position", "sent_len", "sent_score", "sent_diff",
)


def word_features(sentences: list[str], tokens: list[list[Token]], arrays: SentenceArrays,
                  sent_scores: np.ndarray) -> np.ndarray:
    """One row of WORD_FEATURES per token of every sentence (no row for </s>)."""
    rows = []
    for i, toks in enumerate(tokens):
        s, e = arrays.offsets[i], arrays.offsets[i + 1] - 1
        n = e - s
        if n == 0:
            continue
        lp = {k: v[s:e] for k, v in arrays.logp.items()}
        od = {k: v[s:e] for k, v in arrays.order.items()}
        diff_f = lp["mt_f"] - lp["pe_f"]
        diff_b = lp["mt_b"] - lp["pe_b"]
        diff = diff_f + diff_b
        pe_min = np.minimum(lp["pe_f"], lp["pe_b"])
        pad = lambda x, k: np.concatenate([np.full(k, x.mean()), x, np.full(k, x.mean())])  # noqa: E731
        dpad, ppad = pad(diff, 2), pad(pe_min, 2)
        win_diff = np.convolve(dpad, np.ones(5) / 5, mode="valid")
        win_pe = np.convolve(ppad, np.ones(5) / 5, mode="valid")
        lex = np.array([lexical(t.text, j) for j, t in enumerate(toks)], dtype=np.float32).reshape(n, 6)
        seen: set[str] = set()
        repeated = []
        for t in toks:
            low = t.text.lower()
            repeated.append(float(is_word(t.text) and low in seen and low not in FUNCTION_WORDS))
            seen.add(low)
        block = np.column_stack([
            lp["pe_f"], lp["pe_b"], lp["mt_f"], lp["mt_b"], diff_f, diff_b, diff, pe_min,
            od["pe_f"], od["pe_b"], od["mt_f"], od["mt_b"],
            dpad[1:n + 1], dpad[3:n + 3], ppad[1:n + 1], ppad[3:n + 3], dpad[0:n], dpad[4:n + 4],
            win_diff, win_pe,
            lex,
            [float(not is_word(t.text) and t.text in PUNCT) for t in toks],
            repeated,
            np.arange(n) / max(n - 1, 1),
            np.full(n, n), np.full(n, sent_scores[i]), np.full(n, diff.mean()),
        ]).astype(np.float32)
        rows.append(block)
    return np.concatenate(rows) if rows else np.zeros((0, len(WORD_FEATURES)), np.float32)


def lexical(text: str, index: int) -> tuple[float, ...]:
    """zipf, known, capital, initial, length, function word."""
    word = is_word(text)
    low = text.lower().replace("’", "'")
    return (
        lexicon.zipf(low) if word else 7.0,
        float(not word or lexicon.is_known(low)),
        float(word and text[0].isupper()),
        float(index == 0),
        float(len(text)),
        float(low in FUNCTION_WORDS),
    )


def sentence_features(tokens: list[list[Token]], symbols: list[list[int]], arrays: SentenceArrays,
                      classes: dict[str, int], ngram: np.ndarray | None = None) -> np.ndarray:
    """One row of SENTENCE_FEATURES per sentence (ngram: the hashed n-gram
    classifier's logit of each sentence, hashed.py; 0 when not given).
    The features themselves are sentence.sentence_row's, shared with the
    numpy-free path."""
    out = np.zeros((len(tokens), len(SENTENCE_FEATURES)), np.float32)
    logp = {k: v.tolist() for k, v in arrays.logp.items()}
    order = {k: v.tolist() for k, v in arrays.order.items()}
    bounds = arrays.offsets.tolist()
    for i, toks in enumerate(tokens):
        s, e = bounds[i], bounds[i + 1]
        out[i] = sentence_row([t.text for t in toks], symbols[i], {k: v[s:e] for k, v in logp.items()},
                              {k: v[s:e] for k, v in order.items()}, classes, 0.0 if ngram is None else float(ngram[i]))
    return out


def segment_min(values: np.ndarray, seg: np.ndarray, n: int, empty: float) -> np.ndarray:
    """Minimum of values per segment id (inf entries ignored; `empty` where none)."""
    out = np.full(n, np.inf)
    np.minimum.at(out, seg, values)
    return np.where(np.isinf(out), empty, out)


def segment_quantile(values: np.ndarray, starts: np.ndarray, ends: np.ndarray, q: float) -> np.ndarray:
    """np.quantile(values[s:e], q) (linear method) for every segment, at once."""
    seg = np.repeat(np.arange(len(starts)), ends - starts)
    ordered = values[np.lexsort((values, seg))]
    pos = q * (ends - starts - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, ends - starts - 1)
    a, b, t = ordered[starts + lo], ordered[starts + hi], pos - lo
    step = b - a
    return np.where(t >= 0.5, b - step * (1 - t), a + step * t)
