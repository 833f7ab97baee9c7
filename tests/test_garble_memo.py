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
