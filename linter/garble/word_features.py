"""Target-only features of each word of a sentence, for the word model.

A word is garble when it does not fit its context, not when it is rare:
besides each token's surprisal under the four trigram models (features.py)
the word is measured against its own rarity (context log-probability minus
unigram log-probability, so a rare word the context predicts well is not
suspect), by how well its neighbours are predicted once it is there (the
next word's forward score and the previous word's backward score are
conditioned on it), by its place in the sentence's own distribution of
surprisal, and by shape and function-word cues. The sentence's garble
score and the mean score of the document's sentences give the prior.
Lexical evidence of which words post-editors change is the logit of the
word-level hashed linear model over the token and its context (hashed.py).

Training (training/garble_words.py) and run time call the same function,
over a whole batch of sentences at once.
"""
from __future__ import annotations

import numpy as np

from .. import lexicon
from .features import FUNCTION_WORDS, PUNCT, SentenceArrays, Token, is_word

OUTSIDE_LOGP = 1.0  # log-probability of a neighbour beyond the sentence's edge (real ones are <= 0)
OUTSIDE_FIT = 10.0  # the same for fit (log-probability minus unigram, which can be above 0)

WORD_FEATURES = (
    "pe_f", "pe_b", "mt_f", "mt_b", "diff_f", "diff_b", "diff", "pe_min",
    "order_pe_f", "order_pe_b", "order_mt_f", "order_mt_b",
    "unigram", "fit_f", "fit_b", "fit_min",
    "prev_diff", "next_diff", "prev2_diff", "next2_diff", "prev_pe_min", "next_pe_min",
    "prev_fit", "next_fit", "next_pe_f", "next2_pe_f", "prev_pe_b", "prev2_pe_b",
    "win_diff", "win_pe", "win_fit", "rel_diff", "rel_fit", "diff_rank", "fit_rank",
    "zipf", "known", "capital", "initial", "length", "function", "punct", "repeated",
    "odd_capital", "short_caps", "symbol", "prev_symbol", "next_symbol",
    "position", "sent_len", "sent_score", "sent_diff", "sent_fit", "doc_score",
    "word_logit",
)


def word_features(tokens: list[list[Token]], symbols: list[list[int]], arrays: SentenceArrays,
                  sent_scores: np.ndarray, unigram: np.ndarray, doc_scores: np.ndarray | None = None, *,
                  word_logit: np.ndarray) -> np.ndarray:
    """One row of WORD_FEATURES per token of every sentence (no row for </s>).
    unigram: log10 unigram probability of every symbol (the clean-English
    forward model's); doc_scores: the mean garble score of each sentence's
    document (the sentence's own score when not given); word_logit: the
    word-level hashed model's logit of every token (hashed.word_logits)."""
    ntok = np.array([len(t) for t in tokens], np.int64)
    total = int(ntok.sum())
    if total == 0:
        return np.zeros((0, len(WORD_FEATURES)), np.float32)
    n = len(tokens)
    seg = np.repeat(np.arange(n), ntok)
    first = np.concatenate([[0], np.cumsum(ntok)[:-1]])
    pos = np.arange(total) - first[seg]
    # token rows of the language-model arrays: each segment ends with </s>
    rows = arrays.offsets[:-1][seg] + pos
    lp = {k: v[rows].astype(np.float64) for k, v in arrays.logp.items()}
    od = {k: v[rows].astype(np.float64) for k, v in arrays.order.items()}
    sym = np.array([x for ids in symbols for x in ids], np.int64)
    uni = unigram[sym].astype(np.float64)
    diff_f, diff_b = lp["mt_f"] - lp["pe_f"], lp["mt_b"] - lp["pe_b"]
    diff = diff_f + diff_b
    pe_min = np.minimum(lp["pe_f"], lp["pe_b"])
    fit_f, fit_b = lp["pe_f"] - uni, lp["pe_b"] - uni
    fit_min = np.minimum(fit_f, fit_b)

    def shift(x, k, fill):
        """x of the token k places later (k > 0) or earlier (k < 0) in the same sentence."""
        out = np.full(total, fill, np.float64)
        j = np.arange(total) + k
        ok = (j >= 0) & (j < total)
        ok[ok] &= seg[j[ok]] == seg[ok]
        out[ok] = x[j[ok]]
        return out

    def window(x, fill):
        return sum(shift(x, k, fill) for k in range(-2, 3)) / 5

    def per_sentence(x):
        return (np.bincount(seg, weights=x, minlength=n) / np.maximum(ntok, 1))[seg]

    def rank(x):
        """Share of the sentence's tokens with a lower value (0..1)."""
        order = np.lexsort((x, seg))
        r = np.empty(total, np.float64)
        r[order] = np.arange(total) - first[seg[order]]
        return r / np.maximum(ntok[seg] - 1, 1)

    texts = [t.text for toks in tokens for t in toks]
    lex = np.array([lexical(text, int(i)) for text, i in zip(texts, pos)], np.float64).reshape(total, 9)
    repeated = np.array([float(r) for toks in tokens for r in repeats(toks)], np.float64)
    sent_diff = per_sentence(diff)
    sent_fit = per_sentence(fit_min)
    doc = sent_scores if doc_scores is None else doc_scores
    columns = [
        lp["pe_f"], lp["pe_b"], lp["mt_f"], lp["mt_b"], diff_f, diff_b, diff, pe_min,
        od["pe_f"], od["pe_b"], od["mt_f"], od["mt_b"],
        uni, fit_f, fit_b, fit_min,
        shift(diff, -1, 0.0), shift(diff, 1, 0.0), shift(diff, -2, 0.0), shift(diff, 2, 0.0),
        shift(pe_min, -1, OUTSIDE_LOGP), shift(pe_min, 1, OUTSIDE_LOGP),
        shift(fit_min, -1, OUTSIDE_FIT), shift(fit_min, 1, OUTSIDE_FIT),
        shift(lp["pe_f"], 1, OUTSIDE_LOGP), shift(lp["pe_f"], 2, OUTSIDE_LOGP),
        shift(lp["pe_b"], -1, OUTSIDE_LOGP), shift(lp["pe_b"], -2, OUTSIDE_LOGP),
        window(diff, 0.0), window(pe_min, 0.0), window(fit_min, 0.0),
        diff - sent_diff, fit_min - sent_fit, rank(diff), rank(fit_min),
        *lex.T,
        repeated,
        sym.astype(np.float64), shift(sym, -1, -1.0), shift(sym, 1, -1.0),
        pos / np.maximum(ntok[seg] - 1, 1), ntok[seg].astype(np.float64),
        np.asarray(sent_scores, np.float64)[seg], sent_diff, sent_fit, np.asarray(doc, np.float64)[seg],
        np.asarray(word_logit, np.float64),
    ]
    return np.column_stack(columns).astype(np.float32)


def lexical(text: str, index: int) -> tuple[float, ...]:
    """zipf, known, capital, initial, length, function word, punctuation,
    odd capital (a common lower-case word capitalised mid-sentence), short
    all-capitals token (an acronym or a garbled one)."""
    word = is_word(text)
    low = text.lower().replace("’", "'")
    zipf = lexicon.zipf(low) if word else 7.0
    capital = word and text[0].isupper()
    return (
        zipf,
        float(not word or lexicon.is_known(low)),
        float(capital),
        float(index == 0),
        float(len(text)),
        float(low in FUNCTION_WORDS),
        float(not word and text in PUNCT),
        float(capital and index > 0 and not text.isupper() and zipf >= 4.5),
        float(word and text.isalpha() and text.isupper() and 2 <= len(text) <= 5),
    )


def repeats(tokens: list[Token]) -> list[bool]:
    """A content word already seen earlier in the sentence."""
    seen: set[str] = set()
    out = []
    for t in tokens:
        low = t.text.lower()
        out.append(is_word(t.text) and low in seen and low not in FUNCTION_WORDS)
        seen.add(low)
    return out
