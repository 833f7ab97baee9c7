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

import re
from typing import NamedTuple

import numpy as np

from .. import lexicon

# Words (with inner apostrophes) and single punctuation marks: the garble
# model's tokens, as it was trained on (not lexicon.WORD on purpose; do not change
# without retraining).
MODEL_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
BOS, EOS = "<s>", "</s>"
CLASSES = (BOS, EOS, "<num>", "<cap>", "<unk>", "<z0>", "<z1>", "<z2>", "<z3>", "<z4>", "<punct>", "<long>")
PUNCT = set(".,;:!?'\"()[]-–—/%&“”‘’«»…")
FUNCTION_WORDS = frozenset("""
the a an of to in on at by for with from and or but that this these those is are
was were be been it its he she they his her their as which who whom not
""".split())

LMS = ("pe_f", "pe_b", "mt_f", "mt_b")


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(sentence: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in MODEL_TOKEN.finditer(sentence)]


def is_word(text: str) -> bool:
    return text[0].isalnum()


def symbol(text: str, initial: bool, vocab: dict[str, int]) -> str:
    """The language-model symbol of one token."""
    if not is_word(text):
        return text if text in PUNCT else "<punct>"
    if any(ch.isdigit() for ch in text):
        return "<num>"
    low = text.lower().replace("’", "'")
    if low in vocab:
        return low
    if text[0].isupper() and not initial:
        return "<cap>"
    if len(text) > 18:
        return "<long>"
    if not lexicon.is_known(low):
        return "<unk>"
    return "<z%d>" % min(4, int(lexicon.zipf(low)))


def symbol_ids(tokens: list[Token], vocab: dict[str, int]) -> list[int]:
    return [vocab[symbol(t.text, i == 0, vocab)] for i, t in enumerate(tokens)]


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


SENTENCE_FEATURES = (
    "n_tokens", "n_words",
    "pe_f_mean", "pe_b_mean", "mt_f_mean", "mt_b_mean", "pe_f_min", "pe_b_min", "pe_f_q10",
    "diff_mean", "diff_max", "diff_q90", "diff_pos", "diff_f_mean", "diff_b_mean",
    "pe_tri_hit", "pe_bi_hit", "mt_tri_hit", "eos_pe", "eos_diff",
    "unk_share", "cap_share", "rare_share", "punct_share", "comma_share",
    "repetition", "function", "rarest", "min_zipf_lower", "mean_len", "ngram_logit",
)


def sentence_features(tokens: list[list[Token]], symbols: list[list[int]], arrays: SentenceArrays,
                      classes: dict[str, int], ngram: np.ndarray | None = None) -> np.ndarray:
    """One row of SENTENCE_FEATURES per sentence (ngram: the hashed n-gram
    classifier's logit of each sentence, hashed.py; 0 when not given).
    Computed over the whole batch at once: per-sentence reductions run over
    the concatenated arrays, segment by segment."""
    n = len(tokens)
    out = np.zeros((n, len(SENTENCE_FEATURES)), np.float32)
    if not n:
        return out
    col = {name: j for j, name in enumerate(SENTENCE_FEATURES)}
    starts, ends = arrays.offsets[:-1], arrays.offsets[1:]  # every segment holds at least </s>
    size = (ends - starts).astype(np.float64)
    lp = {k: v.astype(np.float64) for k, v in arrays.logp.items()}
    diff_f, diff_b = lp["mt_f"] - lp["pe_f"], lp["mt_b"] - lp["pe_b"]
    diff = (arrays.logp["mt_f"] - arrays.logp["pe_f"]) + (arrays.logp["mt_b"] - arrays.logp["pe_b"])
    diff = diff.astype(np.float64)

    def mean(x):
        return np.add.reduceat(x, starts) / size

    ntok = np.array([len(t) for t in tokens], np.float64)
    nt = np.maximum(ntok, 1)
    for name in ("pe_f", "pe_b", "mt_f", "mt_b"):
        out[:, col[f"{name}_mean"]] = mean(lp[name])
    out[:, col["pe_f_min"]] = np.minimum.reduceat(lp["pe_f"], starts)
    out[:, col["pe_b_min"]] = np.minimum.reduceat(lp["pe_b"], starts)
    out[:, col["pe_f_q10"]] = segment_quantile(lp["pe_f"], starts, ends, 0.1)
    out[:, col["diff_mean"]] = mean(diff)
    out[:, col["diff_max"]] = np.maximum.reduceat(diff, starts)
    out[:, col["diff_q90"]] = segment_quantile(diff, starts, ends, 0.9)
    out[:, col["diff_pos"]] = np.add.reduceat(np.clip(diff, 0, None), starts) / nt
    out[:, col["diff_f_mean"]], out[:, col["diff_b_mean"]] = mean(diff_f), mean(diff_b)
    order = arrays.order
    out[:, col["pe_tri_hit"]] = mean((order["pe_f"] == 3).astype(np.float64))
    out[:, col["pe_bi_hit"]] = mean((order["pe_f"] >= 2).astype(np.float64))
    out[:, col["mt_tri_hit"]] = mean((order["mt_f"] == 3).astype(np.float64))
    out[:, col["eos_pe"]], out[:, col["eos_diff"]] = lp["pe_f"][ends - 1], diff[ends - 1]

    # token-level measures: one flat pass over every token of the batch
    seg = np.repeat(np.arange(n), ntok.astype(np.int64))
    texts = [t.text for toks in tokens for t in toks]
    syms = np.array([x for ids in symbols for x in ids], np.int64)
    word = np.array([is_word(t) for t in texts], bool)
    lows = [t.lower() for t in texts]

    def count(mask):
        return np.bincount(seg, weights=mask.astype(np.float64), minlength=n)

    nwords = count(word)
    nw = np.maximum(nwords, 1)
    rare = np.array([classes[c] for c in ("<z0>", "<z1>", "<z2>", "<long>")])
    out[:, col["n_tokens"]], out[:, col["n_words"]] = ntok, nwords
    out[:, col["unk_share"]] = count(syms == classes["<unk>"]) / nt
    out[:, col["cap_share"]] = count(syms == classes["<cap>"]) / nt
    out[:, col["rare_share"]] = count(np.isin(syms, rare)) / nt
    out[:, col["punct_share"]] = count(~word) / nt
    out[:, col["comma_share"]] = count(syms == classes.get(",", -1)) / nt
    out[:, col["function"]] = count(np.array([w and low in FUNCTION_WORDS for w, low in zip(word, lows)], bool)) / nw
    out[:, col["mean_len"]] = np.bincount(seg, weights=np.array([len(x) if w else 0 for w, x in zip(word, lows)], np.float64),
                                          minlength=n) / nw
    zipf = np.array([lexicon.zipf(low) if w else np.inf for w, low in zip(word, lows)], np.float64)
    initial = np.zeros(len(texts), bool)
    initial[np.cumsum(ntok.astype(np.int64))[:-1][ntok[:-1] > 0] - ntok[:-1][ntok[:-1] > 0].astype(np.int64)] = True
    if len(texts) and ntok[-1] > 0:
        initial[len(texts) - int(ntok[-1])] = True
    upper = np.array([t[:1].isupper() for t in texts], bool)
    out[:, col["rarest"]] = -segment_min(zipf, seg, n, 7.0)
    out[:, col["min_zipf_lower"]] = segment_min(np.where(initial | ~upper, zipf, np.inf), seg, n, 7.0)
    offsets = np.concatenate([[0], np.cumsum(ntok.astype(np.int64))])
    for i in range(n):
        words = [low for low, w in zip(lows[offsets[i]:offsets[i + 1]], word[offsets[i]:offsets[i + 1]]) if w]
        out[i, col["repetition"]] = 1 - len(set(words)) / max(len(words), 1)
    out[:, col["ngram_logit"]] = 0.0 if ngram is None else ngram
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
