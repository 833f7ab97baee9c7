"""The word model's lexical features (linter/garble/hashed.py, word level)."""
import numpy as np

from linter import garble
from linter.garble import hashed
from linter.garble.word_features import WORD_FEATURES
from linter.garble.features import tokenize


def texts(sentence):
    return [t.text for t in tokenize(sentence)]


def test_a_token_is_hashed_with_its_neighbours_only():
    a = hashed.token_buckets(texts("the cat sat on a mat"))
    b = hashed.token_buckets(texts("the cat sat on a rug"))
    assert a[:4] == b[:4]  # "a" sees "mat"/"rug", the tokens before it do not
    assert a[4] != b[4] and a[5] != b[5]
    assert all(0 <= x < hashed.WORD_BUCKETS for found in a for x in found)


def test_names_after_the_first_word_are_one_symbol():
    """A name says which country a text is about, not whether it is garbled."""
    paris, london = hashed.token_buckets(texts("He flew to Paris today")), hashed.token_buckets(texts("He flew to London today"))
    assert paris == london
    assert hashed.token_buckets(texts("paris today")) != hashed.token_buckets(texts("london today"))


def test_word_logits_are_the_scaled_sum_of_the_token_weights():
    rng = np.random.default_rng(0)
    weights = rng.normal(size=hashed.WORD_BUCKETS).astype(np.float32)
    sentences = [texts("Two officers were injured ."), texts("Short one")]
    got = hashed.word_logits(weights, 0.25, sentences)
    want = [0.25 + weights[b].sum() / np.sqrt(len(b)) for s in sentences for b in hashed.token_buckets(s)]
    np.testing.assert_allclose(got, want, rtol=1e-6)
    X = hashed.word_design_matrix(sentences)
    np.testing.assert_allclose(X @ weights.astype(np.float64) + 0.25, want, rtol=1e-5)


def test_the_shipped_word_model_has_its_hashed_weights_and_logits():
    model = garble.load()
    weights, _ = model.word_hash
    assert weights.shape == (hashed.WORD_BUCKETS,)
    assert WORD_FEATURES[-1] == "word_logit"
    sentence = "The the committee have decided that of the proposal is to be accepted by it."
    toks = model.analyse([sentence])[0]
    logits = model.word_logits(toks)
    assert logits.shape == (len(toks[0]),) and np.isfinite(logits).all() and np.std(logits) > 0
