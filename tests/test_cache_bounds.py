"""The per-process caches that grow with the text stay within their
bounds on distinct text (issue 9: memory flat in the number of files), and
a cache that starts again changes no number."""
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import linter.checks
import linter.garble
from linter import lexicon
from linter.garble import hashed, rows, symbols


def synthetic_words(count: int, start: int = 0) -> list[str]:
    """Distinct lower-case words of letters only (HASHED_WORD matches them whole)."""
    out = []
    for n in range(start, start + count):
        word = ""
        n += 26 ** 3  # at least four letters
        while n:
            n, r = divmod(n, 26)
            word += chr(97 + r)
        out.append("q" + word)
    return out


def sentences_of(words: list[str], per: int = 12) -> list[str]:
    return [" ".join(words[i:i + per]) + "." for i in range(0, len(words), per)]


@pytest.fixture
def fresh_hashed(monkeypatch):
    monkeypatch.setattr(hashed, "_WORDS", None)
    monkeypatch.setattr(hashed, "_WORD_BUCKETS", {})
    monkeypatch.setattr(hashed, "_TOKEN_BUCKETS", {})
    monkeypatch.setattr(hashed, "_TOKEN_LOGITS", {})


def test_sentence_model_word_table_stays_bounded(fresh_hashed):
    weights = np.random.default_rng(1).normal(size=hashed.BUCKETS).astype(np.float16)
    words = synthetic_words(hashed.WORD_TABLE_MAX + 6_000)
    batch = 250
    sentences = sentences_of(words)
    largest = 0
    for i in range(0, len(sentences), batch):
        part = sentences[i:i + batch]
        fast = hashed.score(weights, 0.25, part)
        largest = max(largest, len(hashed._WORDS.ids))
        assert len(hashed._WORD_BUCKETS) <= hashed.WORD_BUCKETS_MAX + 1
        assert len(hashed._WORDS.pairs) <= hashed.WORD_PAIRS_MAX + batch * 12
        if i % (20 * batch) == 0 or i + batch >= len(sentences):  # the same numbers after the caches started again
            slow = [0.25 + weights[b].astype(np.float64).sum() / np.sqrt(len(b))
                    for b in map(hashed.bucket_list, part)]
            assert fast.tolist() == pytest.approx(slow, rel=0, abs=1e-12)
    # a table starts again only between batches: it may pass its bound by one batch's words
    assert largest <= hashed.WORD_TABLE_MAX + batch * 12
    assert len(hashed._WORDS.ids) < len(words)  # it did start again


def test_word_model_caches_stay_bounded(fresh_hashed):
    weights = np.random.default_rng(2).normal(size=hashed.WORD_BUCKETS).astype(np.float16)
    words = synthetic_words(hashed.TokenLogits.LIMIT + 8_000)
    texts = [s.split() for s in sentences_of(words, 10)]
    batch = 200
    for i in range(0, len(texts), batch):
        part = texts[i:i + batch]
        fast = hashed.word_logits(weights, -0.5, part)
        logits = hashed._token_logits(weights, -0.5)
        for cache in (logits.triples, logits.rest, logits.pairs, logits.sides, logits.own_table.ids):
            assert len(cache) <= hashed.TokenLogits.LIMIT + batch * 10 * 2
        assert len(hashed._TOKEN_BUCKETS) <= hashed.TOKEN_BUCKETS_MAX + 1
        if i % (40 * batch) == 0 or i + batch >= len(texts):
            assert fast.tolist() == hashed.reference_word_logits(weights, -0.5, part).tolist()
    assert len(logits.triples) < len(words)  # it did start again


def test_token_types_and_symbol_caches_stay_bounded():
    types = rows.TokenTypes()
    words = synthetic_words(rows.TYPES_MAX + 3_000)
    for i in range(0, len(words), 500):
        types.of(words[i:i + 500])
        assert len(types.ids) <= rows.TYPES_MAX + 500
    vocab = {c: i for i, c in enumerate(symbols.CLASSES)}
    first, rest = {}, {}
    for i in range(0, len(words), 500):
        ids = symbols.text_symbol_ids(words[i:i + 500], vocab, first, rest)
        assert len(rest) <= symbols.SYMBOLS_MAX + 1 and len(first) <= symbols.SYMBOLS_MAX + 1
        assert ids == [vocab[symbols.symbol(w, j == 0, vocab)] for j, w in enumerate(words[i:i + 500])]


def modules_of(package):
    yield package
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


def test_every_per_word_lru_cache_has_a_bound():
    """An unbounded functools cache of a function of words grows with the
    text: only caches of functions without arguments may be unbounded."""
    unbounded = []
    for package in (linter.garble, linter.checks):
        for module in [lexicon, *modules_of(package)]:
            for name, f in vars(module).items():
                info = getattr(f, "cache_info", None)
                if info is None or getattr(f, "__module__", None) != module.__name__:
                    continue
                if info().maxsize is None and inspect.signature(f).parameters:
                    unbounded.append(f"{module.__name__}.{name}")
    assert not unbounded
    assert lexicon.zipf.cache_info().maxsize == lexicon.WORD_CACHE <= 100_000
