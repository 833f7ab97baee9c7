"""The sentence model's features, in plain Python (no numpy).

One implementation for every caller: training and large batches
(features.sentence_features, which hands over the language-model arrays
as lists) and the few sentences of one article (small.py, which never
imports numpy). Each row is a list of floats in SENTENCE_FEATURES order;
the caller rounds it to float32, as the trees were trained.
"""
from __future__ import annotations

import math

from .. import lexicon
from .symbols import FUNCTION_WORDS, is_word

SENTENCE_FEATURES = (
    "n_tokens", "n_words",
    "pe_f_mean", "pe_b_mean", "mt_f_mean", "mt_b_mean", "pe_f_min", "pe_b_min", "pe_f_q10",
    "diff_mean", "diff_max", "diff_q90", "diff_pos", "diff_f_mean", "diff_b_mean",
    "pe_tri_hit", "pe_bi_hit", "mt_tri_hit", "eos_pe", "eos_diff",
    "unk_share", "cap_share", "rare_share", "punct_share", "comma_share",
    "repetition", "function", "rarest", "min_zipf_lower", "mean_len", "ngram_logit",
    "word_logit_mean", "word_logit_max", "word_logit_top", "word_logit_share",
)
RARE = ("<z0>", "<z1>", "<z2>", "<long>")
# The word level stacked into the sentence model: aggregates over the
# sentence's words of the word-level hashed model's logit (hashed.word_logits,
# learnt out of fold on which words post-editors changed): its mean, its
# largest value, the mean of its WORD_LOGIT_TOP largest values and the share
# of words above WORD_LOGIT_CUT (P(changed) > 0.5). Chosen by 5-fold CV by
# doc_id on train (training/garble.py).
WORD_LOGIT_TOP = 3
WORD_LOGIT_CUT = 0.0


def quantile(values: list[float], q: float) -> float:
    """np.quantile(values, q) with the default (linear) method."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    a, b, t = ordered[lo], ordered[hi], pos - lo
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def word_logit_row(texts: list[str], logits: list[float] | None) -> list[float]:
    """The four word_logit_* features of one sentence: logits is the word-
    level logit of each token (None: not known, all four 0)."""
    values = [x for t, x in zip(texts, logits) if is_word(t)] if logits is not None else []
    if not values:
        return [0.0, 0.0, 0.0, 0.0]
    top = sorted(values, reverse=True)[:WORD_LOGIT_TOP]
    return [sum(values) / len(values), top[0], sum(top) / len(top),
            sum(x > WORD_LOGIT_CUT for x in values) / len(values)]


def sentence_row(texts: list[str], syms: list[int], logp: dict[str, list[float]], order: dict[str, list[int]],
                 classes: dict[str, int], ngram: float = 0.0, word_logits: list[float] | None = None) -> list[float]:
    """The features of one sentence: its token texts, their symbol ids, and
    each language model's log10 P and n-gram order of every token and of
    </s> (one more entry than tokens); ngram: the hashed n-gram model's
    logit of the sentence; word_logits: the word-level hashed model's logit
    of each token (word_logit_row)."""
    pe_f, pe_b, mt_f, mt_b = logp["pe_f"], logp["pe_b"], logp["mt_f"], logp["mt_b"]
    size = len(pe_f)
    n = len(texts)
    nt = max(n, 1)
    diff_f = [m - p for m, p in zip(mt_f, pe_f)]
    diff_b = [m - p for m, p in zip(mt_b, pe_b)]
    diff = [f + b for f, b in zip(diff_f, diff_b)]

    words = [t.lower() for t in texts if is_word(t)]
    nwords = len(words)
    nw = max(nwords, 1)
    zipf = [lexicon.zipf(w) for w in words]
    lower_zipf = [z for t, z in zip((t for t in texts if is_word(t)), zipf) if not t[:1].isupper()]
    if n and is_word(texts[0]) and texts[0][:1].isupper():
        lower_zipf.append(zipf[0])  # the sentence's first word counts even capitalised
    unk, cap, comma = classes["<unk>"], classes["<cap>"], classes.get(",", -1)
    rare = {classes[c] for c in RARE}
    return [
        float(n), float(nwords),
        sum(pe_f) / size, sum(pe_b) / size, sum(mt_f) / size, sum(mt_b) / size,
        min(pe_f), min(pe_b), quantile(pe_f, 0.1),
        sum(diff) / size, max(diff), quantile(diff, 0.9), sum(d for d in diff if d > 0) / nt,
        sum(diff_f) / size, sum(diff_b) / size,
        sum(o == 3 for o in order["pe_f"]) / size, sum(o >= 2 for o in order["pe_f"]) / size,
        sum(o == 3 for o in order["mt_f"]) / size,
        pe_f[-1], diff[-1],
        syms.count(unk) / nt, syms.count(cap) / nt, sum(s in rare for s in syms) / nt,
        (n - nwords) / nt, syms.count(comma) / nt,
        1 - len(set(words)) / nw,
        sum(w in FUNCTION_WORDS for w in words) / nw,
        -min(zipf, default=7.0),
        min(lower_zipf, default=7.0),
        sum(len(w) for w in words) / nw,
        float(ngram),
        *word_logit_row(texts, word_logits),
    ]
