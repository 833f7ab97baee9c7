"""The word-form matcher that lets lexical pattern rules run without spaCy."""
import pytest

from linter.checks.tokenmatch import find, is_lexical, tokenize


def texts(text):
    return [t.text for t in tokenize(text)]


def test_tokens_follow_spacy_conventions():
    assert texts("Don't stop: it's Putin's cease-fire, 2,000 U.S. troops.") == [
        "Do", "n't", "stop", ":", "it", "'s", "Putin", "'s", "cease", "-", "fire", ",", "2,000", "U.S.", "troops", "."]


def test_sentence_starts():
    tokens = tokenize('He left. "She stayed." Then rain')
    assert [t.text for t in tokens if t.sent_start] == ["He", "She", "Then"]


@pytest.mark.parametrize("pattern, text, spans", [
    ([{"LOWER": "has"}, {"LOWER": "enough"}, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": ["war"]}}],
     "Putin has enough war; Kyiv has enough of war.", [(1, 4), (6, 10)]),
    ([{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "*"}, {"LOWER": "deal"}], "a deal, a big new deal", [(0, 2), (3, 7)]),
    ([{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "+"}, {"LOWER": "deal"}], "a deal", []),
    ([{"LENGTH": {">=": 5}, "IS_TITLE": True}], "Trump met Zelensky", [(0, 1), (2, 3)]),
    ([{"LOWER": {"NOT_IN": ["the"]}}, {"LOWER": "said"}], "the said and he said", [(3, 5)]),
    ([{"IS_SENT_START": True, "LOWER": "recall"}, {"LOWER": "that"}], "Recall that. I recall that.", [(0, 2)]),
])
def test_find(pattern, text, spans):
    assert find([pattern], tokenize(text)) == spans


def test_only_word_form_patterns_are_lexical():
    assert is_lexical([[{"LOWER": {"IN": ["a"]}, "OP": "?"}, {"IS_PUNCT": True}]])
    assert not is_lexical([[{"POS": "NOUN"}]])
    assert not is_lexical([[{"LOWER": {"REGEX": "^a"}}]])
    assert not is_lexical([[{"LOWER": "a", "OP": "!"}]])
