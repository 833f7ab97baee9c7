"""The garble model's per-process sentence memo (issue 9): a sentence
seen before is not scored again, its score is the one the model gives it,
and the memo stays within its bound."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from linter import garble
from tests.test_garble_speed import sample_sentences


def doc(text):
    return SimpleNamespace(cache={}, blocks=[SimpleNamespace(text=line) for line in text.split("\n")])


@pytest.fixture
def counted(monkeypatch):
    """The sentences handed to the model, batch by batch (memo emptied first)."""
    monkeypatch.setattr(garble, "_SCORES", {})
    calls = []
    real = garble.sentence_scores
    monkeypatch.setattr(garble, "sentence_scores", lambda batch: (calls.append(list(batch)), real(batch))[1])
    return calls


def test_a_repeated_sentence_is_scored_once_with_the_models_score(counted):
    lines = sample_sentences()[:60]
    text = " ".join(lines[:30]) + "\n" + " ".join(lines[30:])
    first, again, twice = doc(text), doc(text), doc(text + "\n" + text)
    garble.score_documents([first])
    garble.score_documents([again, twice])
    scored = [s for batch in counted for s in batch]
    assert len(scored) == len(set(scored)) and len(counted) == 1  # the second batch held nothing new
    want = garble.load().sentence_scores(scored).tolist()
    got = {s.block.text[s.start:s.end]: s.score for s in first.cache[("garble", 4)]}
    assert got == dict(zip(scored, want))
    key = lambda d: [(s.block.text, s.start, s.end, s.score) for s in d.cache[("garble", 4)]]  # noqa: E731
    assert key(again) == key(first) and key(twice) == key(first) * 2


def test_the_memo_starts_again_past_its_bound(counted, monkeypatch):
    monkeypatch.setattr(garble, "SCORE_MEMO", 50)
    lines = [s for s in sample_sentences() if len(s.split()) >= 4][:200]
    for i in range(0, 200, 40):
        garble.score_documents([doc(" ".join(lines[i:i + 40]))])
        assert len(garble._SCORES) <= 50 + 40  # passes its bound by one batch at most
    assert len(counted) == 5


@pytest.fixture
def word_batches(monkeypatch):
    """The sentences handed to the word model, batch by batch (memo emptied first)."""
    monkeypatch.setattr(garble, "_WORDS", {})
    model, calls = garble.load(), []
    real = model.word_probabilities
    monkeypatch.setattr(model, "word_probabilities",
                        lambda batch, doc_score=None: (calls.append(list(batch)), real(batch, doc_score))[1])
    return calls


def scored(text):
    d = doc(text)
    garble.score_documents([d])
    return d.cache[("garble", 4)]


def test_a_repeated_sentence_is_marked_once_with_the_models_marks(word_batches):
    lines = [s for s in sample_sentences() if len(s.split()) >= 4][:30]
    first = scored(" ".join(lines[:20]))
    again = scored("Intro words here. " + " ".join(lines[10:30]))  # half of it seen, at other offsets
    garble.mark_words(first, 0.4)
    garble.mark_words(again, 0.4)
    assert len(word_batches) == 2 and not set(word_batches[0]) & set(word_batches[1])
    for sent in first + again:
        text = sent.block.text[sent.start:sent.end]
        want = real_marks(text, 0.4)
        got = [(t.start - sent.start, t.end - sent.start, t.text, p) for t, p in sent.words]
        assert got == want and all(sent.block.text[t.start:t.end] == t.text for t, _ in sent.words)


def real_marks(text, doc_score):
    """The word model's marks of `text` scored alone, bypassing the memo."""
    model = garble.load()
    real = type(model).word_probabilities
    _, [words] = real(model, [text], doc_score)
    return [(t.start, t.end, t.text, p) for t, p in words]


def test_another_document_score_is_marked_again(word_batches):
    sents = scored(" ".join([s for s in sample_sentences() if len(s.split()) >= 4][:5]))
    garble.mark_words(sents, 0.2)
    for s in sents:
        s.words = None
    garble.mark_words(sents, 0.8)
    assert len(word_batches) == 2 and word_batches[0] == word_batches[1]
    assert [p for t, p in sents[0].words] == [m[3] for m in real_marks(sents[0].block.text[sents[0].start:sents[0].end], 0.8)]


def test_the_word_memo_starts_again_past_its_bound(word_batches, monkeypatch):
    monkeypatch.setattr(garble, "WORD_MEMO", 20)
    lines = [s for s in sample_sentences() if len(s.split()) >= 4][:60]
    for i in range(0, 60, 10):
        garble.mark_words(scored(" ".join(lines[i:i + 10])), 0.5)
        assert len(garble._WORDS) <= 20 + 10
    assert len(word_batches) == 6
