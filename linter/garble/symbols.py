"""The garble model's tokens and the language-model symbol of each: no
numpy here, so that the few sentences of one article can be scored
without importing it (small.py). features.py re-exports these names.
"""
from __future__ import annotations

from typing import NamedTuple

from .. import lexicon
from ..regexcache import compiled as compiled_re  # (compiled once per machine: see regexcache)

# Words (with inner apostrophes) and single punctuation marks: the garble
# model's tokens, as it was trained on (not lexicon.WORD on purpose; do not change
# without retraining).
MODEL_TOKEN = compiled_re(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
BOS, EOS = "<s>", "</s>"
CLASSES = (BOS, EOS, "<num>", "<cap>", "<unk>", "<z0>", "<z1>", "<z2>", "<z3>", "<z4>", "<punct>", "<long>")
PUNCT = set(".,;:!?'\"()[]-–—/%&“”‘’«»…")
FUNCTION_WORDS = frozenset("""
the a an of to in on at by for with from and or but that this these those is are
was were be been it its he she they his her their as which who whom not
""".split())

SYMBOLS_MAX = 30_000  # the symbol-id caches: ~80 B a token text: 2.4 MB each, then they start again
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


def symbol_ids(tokens: list[Token], vocab: dict[str, int], cache: dict | None = None) -> list[int]:
    """The symbol id of each token; `cache` (one dict per vocab) remembers
    the ids of the token texts seen before."""
    if cache is None:
        return [vocab[symbol(t.text, i == 0, vocab)] for i, t in enumerate(tokens)]
    out = []
    for i, t in enumerate(tokens):
        key = (t.text, i == 0)
        found = cache.get(key)
        if found is None:
            if len(cache) > SYMBOLS_MAX:
                cache.clear()
            found = cache[key] = vocab[symbol(t.text, i == 0, vocab)]
        out.append(found)
    return out


def text_symbol_ids(texts: list[str], vocab: dict[str, int], first: dict, rest: dict) -> list[int]:
    """symbol_ids of token texts, from two caches (one per vocab): the ids
    of a sentence's first token and of the others (a capitalised word
    that is no sentence start is <cap>, so the two can differ)."""
    if not texts:
        return []
    out = [first.get(texts[0])]
    if out[0] is None:
        out[0] = first[texts[0]] = vocab[symbol(texts[0], True, vocab)]
    out += map(rest.get, texts[1:])
    if None in out:
        for i, t in enumerate(texts):
            if out[i] is None:
                if len(rest) > SYMBOLS_MAX:
                    rest.clear()
                out[i] = rest[t] = vocab[symbol(t, False, vocab)]
    if len(first) > SYMBOLS_MAX:
        first.clear()
    return out
