"""Candidate word features for bench/garble_word_ablation.py: extra columns
over every token of a fold (the rows of linter/garble/word_features.py),
by group name. None of them gained (see the ablation script).
"""
import numpy as np

from linter.garble.word_features import WORD_FEATURES

BOS, EOS = 0, 1
VOWEL_EXCEPT_A = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")  # 'a' is right before these vowel letters
CONS_EXCEPT_AN = ("hour", "honest", "honou", "heir")  # 'an' is right before these
SINGULAR_DET = {"a", "an", "this", "that", "every", "each", "another", "one"}
PLURAL_DET = {"these", "those", "many", "several", "both", "few", "various", "numerous", "two", "three"}
SING_SUBJ = {"he", "she", "it"}
PLUR_SUBJ = {"they", "we"}
SING_VERB = {"is", "was", "has", "does"}
PLUR_VERB = {"are", "were", "have", "do"}


class Seq:
    def __init__(self, tokens):
        self.ntok = np.array([len(t) for t in tokens], np.int64)
        self.total = int(self.ntok.sum())
        self.n = len(tokens)
        self.seg = np.repeat(np.arange(self.n), self.ntok)
        self.first = np.concatenate([[0], np.cumsum(self.ntok)[:-1]])
        self.pos = np.arange(self.total) - self.first[self.seg]

    def shift(self, x, k, fill):
        out = np.full(self.total, fill, np.float64)
        j = np.arange(self.total) + k
        ok = (j >= 0) & (j < self.total)
        ok[ok] &= self.seg[j[ok]] == self.seg[ok]
        out[ok] = x[j[ok]]
        return out

    def rank(self, x):
        order = np.lexsort((x, self.seg))
        r = np.empty(self.total, np.float64)
        r[order] = np.arange(self.total) - self.first[self.seg[order]]
        return r / np.maximum(self.ntok[self.seg] - 1, 1)

    def mean(self, x):
        return (np.bincount(self.seg, weights=x, minlength=self.n) / np.maximum(self.ntok, 1))[self.seg]

    def maxw(self, x, fill):
        return np.max([self.shift(x, k, fill) for k in (-1, 0, 1)], axis=0)


def col(ctx, name):
    return ctx["X"][:, WORD_FEATURES.index(name)].astype(np.float64)


def nlogit(ctx, s):
    lg = np.asarray(ctx["logits"], np.float64)
    return [s.shift(lg, -1, -5.0), s.shift(lg, 1, -5.0), s.maxw(lg, -5.0), lg - s.mean(lg), s.rank(lg)]


def norder(ctx, s):
    out = []
    for lm in ("pe_f", "pe_b", "mt_f"):
        o = col(ctx, "order_" + lm)
        out += [s.shift(o, -1, 3.0), s.shift(o, 1, 3.0)]
    return out


def rank(ctx, s):
    return [s.rank(col(ctx, n)) for n in ("pe_f", "pe_b", "mt_f", "mt_b", "pe_min", "unigram")]


def bigram(ctx, s):
    """log10 P of the word given only its nearest neighbour (the bigram level) per clean LM, and its fit above unigram."""
    sym = np.array([x for ids in ctx["symbols"] for x in ids], np.int64)
    prev = s.shift(sym, -1, BOS).astype(np.int64)
    nxt = s.shift(sym, 1, BOS).astype(np.int64)
    a = np.full(len(sym), EOS, np.int64)
    out = []
    uni = col(ctx, "unigram")
    for lm, ctxsym in (("pe_f", prev), ("pe_b", nxt), ("mt_f", prev)):
        p2, _ = ctx["lms"][lm].logprob(a, ctxsym, sym)
        p2 = p2.astype(np.float64)
        out += [p2, p2 - uni, col(ctx, lm) - p2]
    return out


def _an_wrong(det, word):
    w = word.lower()
    if not w[:1].isalpha():
        return False
    vowel = w[0] in "aeiou"
    if det == "a":
        return vowel and not w.startswith(VOWEL_EXCEPT_A)
    if det == "an":
        return not vowel and not w.startswith(CONS_EXCEPT_AN) and not (w.isupper() or len(w) == 1)
    return False


def agree(ctx, s):
    """Agreement cues, marked on both words of the pair."""
    texts = [t.text for toks in ctx["tokens"] for t in toks]
    low = [t.lower() for t in texts]
    n = len(texts)
    an = np.zeros(n); num = np.zeros(n); sv = np.zeros(n)
    for i in range(n - 1):
        if s.seg[i] != s.seg[i + 1]:
            continue
        a, b = low[i], low[i + 1]
        if a in ("a", "an") and _an_wrong(a, texts[i + 1]):
            an[i] = an[i + 1] = 1
        if b.isalpha() and len(b) > 3:
            plural_like = b.endswith("s") and not b.endswith(("ss", "us", "is"))
            if (a in SINGULAR_DET and plural_like) or (a in PLURAL_DET and not plural_like and not b.endswith("ies")):
                num[i] = num[i + 1] = 1
        if (a in SING_SUBJ and b in PLUR_VERB) or (a in PLUR_SUBJ and b in SING_VERB) or (a, b) == ("i", "is"):
            sv[i] = sv[i + 1] = 1
    return [an, num, sv]


def sentagg(ctx, s):
    """The sentence's mean, max and share above 0 of the hashed word logit, and its mean pe_min (a word-level prior)."""
    lg = np.asarray(ctx["logits"], np.float64)
    top = np.full(s.n, -50.0)
    np.maximum.at(top, s.seg, lg)
    return [s.mean(lg), top[s.seg], s.mean((lg > 0).astype(np.float64)), s.mean(col(ctx, "pe_min"))]


def docagg(ctx, s):
    """The document's mean hashed word logit and share above 0 (ctx["doc"]: a document number per sentence)."""
    lg = np.asarray(ctx["logits"], np.float64)
    doc = np.asarray(ctx["doc"])[s.seg]
    _, inv = np.unique(doc, return_inverse=True)
    count = np.bincount(inv)
    return [(np.bincount(inv, lg) / count)[inv], (np.bincount(inv, lg > 0) / count)[inv]]


def docrel(ctx, s):
    """The word against its document: hashed logit and pe_min minus their document means."""
    doc = np.asarray(ctx["doc"])[s.seg]
    _, inv = np.unique(doc, return_inverse=True)
    count = np.bincount(inv)
    out = []
    for x in (np.asarray(ctx["logits"], np.float64), col(ctx, "pe_min")):
        out.append(x - (np.bincount(inv, x) / count)[inv])
    return out


GROUPS = dict(docrel=docrel, sentagg=sentagg, docagg=docagg, nlogit=nlogit, norder=norder, rank=rank, bigram=bigram, agree=agree)


def columns(name, ctx):
    if name == "base":
        return []
    s = Seq(ctx["tokens"])
    out = []
    for g in name.split("+"):
        out += GROUPS[g](ctx, s)
    return out
