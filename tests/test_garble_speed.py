"""The garble model's fast evaluation (issue 9) against straightforward
reference evaluations: the same numbers, to the bit, on the shipped model."""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

from linter import garble, lexicon
from linter.garble import features as F
from linter.garble import hashed, rows
from linter.garble.model_runtime import MAX_TOKENS, score_tokens
from linter.garble.sentence import sentence_row

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "mtqe_sample.tsv"
ODD = ["", "---", "A", "x " * 400, "Hello", "The the the the the.", "THE OF AND, the of: and!", "'' ,, -- ..",
       "Ünïcödé İstanbul ſtraße naïve café 42 ½ 3.14", "one", "It is. It is. It is."]


def sample_sentences() -> list[str]:
    with open(SAMPLE, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        col = header.index("mt_sentence")
        found = [line.rstrip("\n").split("\t")[col] for line in fh if line.strip()]
    # the sample's sentences, the article sentences of the seeds, and odd ones
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:6]:
        text = path.read_text(encoding="utf-8")
        found += [text[s:e] for s, e in lexicon.sentences(text)]
    return found + ODD


@pytest.fixture(scope="module")
def model():
    return garble.load()


@pytest.fixture(scope="module")
def sentences():
    found = sample_sentences()
    assert len(found) >= 300
    return found


def test_forest_walk_equals_one_tree_at_a_time(model, sentences):
    tokens, symbols, arrays = model.analyse(sentences[:300])
    X = F.sentence_features(tokens, symbols, arrays, model.vocab)
    X[::7, 3] = np.nan  # a missing value goes right, as LightGBM's '<=' is false
    forest = model.sentence_forest
    assert np.array_equal(forest.margin(X), forest.reference_margin(X))
    assert len(set(forest.active)) > 1  # the trees have different depths: the prefix walk is exercised


def test_trigram_keys_find_what_the_run_search_finds(model):
    lm = model.lms["mt_b"]
    rng = np.random.default_rng(9)
    pos = rng.integers(0, len(lm.bi_keys), 20_000)
    has_run = np.diff(lm.tri_start.astype(np.int64))[pos] > 0
    stored = lm.tri_last[np.minimum(lm.tri_start[pos], len(lm.tri_last) - 1)]
    c = np.where(rng.random(20_000) < 0.5, stored, rng.integers(0, lm.size, 20_000)).astype(np.uint32)
    found_ab = rng.random(20_000) < 0.9
    got_pos, got = lm._trigram(pos, found_ab, c)
    want_pos, want = lm.run_search_trigram(pos, found_ab, c)
    assert np.array_equal(got, want)
    assert got.sum() > 1000 and (has_run & ~got).sum() > 1000
    assert np.array_equal(got_pos[got], want_pos[want])


def test_batch_language_model_scores_equal_the_per_sentence_ones(model, sentences):
    tokens = [F.tokenize(s)[:MAX_TOKENS] for s in sentences]
    symbols = [F.symbol_ids(t, model.vocab) for t in tokens]
    bos, eos = model.vocab[F.BOS], model.vocab[F.EOS]
    for batch in (symbols, symbols[:1], [[]], symbols[:37] + [[], [bos]]):
        got = score_tokens(batch, model.lms, bos, eos)
        want = F.score_tokens(batch, model.lms, bos, eos)
        assert np.array_equal(got.offsets, want.offsets)
        for name in F.LMS:
            assert got.logp[name].dtype == want.logp[name].dtype
            assert np.array_equal(got.logp[name], want.logp[name])
            assert np.array_equal(got.order[name], want.order[name])


def test_batch_sentence_features_equal_sentence_row(model, sentences):
    assert rows.available()
    texts = [F.MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences]
    symbols = [[model.vocab[F.symbol(t, i == 0, model.vocab)] for i, t in enumerate(ts)] for ts in texts]
    arrays = score_tokens(symbols, model.lms, model.vocab[F.BOS], model.vocab[F.EOS])
    ngram = hashed.score(model.ngram_weights, model.ngram_bias, sentences)
    logits = hashed.word_logits(*model.word_hash, texts)
    got = rows.sentence_features(texts, symbols, arrays, model.vocab, ngram, rows.TokenTypes(), logits)
    bounds, first = arrays.offsets.tolist(), np.concatenate([[0], np.cumsum([len(ts) for ts in texts])]).tolist()
    want = np.array([sentence_row(ts, symbols[i], {k: v[bounds[i]:bounds[i + 1]].tolist() for k, v in arrays.logp.items()},
                                  {k: v[bounds[i]:bounds[i + 1]].tolist() for k, v in arrays.order.items()},
                                  model.vocab, float(ngram[i]), logits[first[i]:first[i + 1]].tolist())
                     for i, ts in enumerate(texts)], np.float32)
    assert got.shape == want.shape == (len(sentences), len(F.SENTENCE_FEATURES))
    assert np.array_equal(got, want)
    stacked = [F.SENTENCE_FEATURES.index(n) for n in ("word_logit_mean", "word_logit_max", "word_logit_top",
                                                        "word_logit_share")]
    assert (got[:, stacked[:3]] != 0).all(axis=1).sum() > len(sentences) // 2  # the word level is in the rows
    assert not got[[i for i, ts in enumerate(texts) if not any(F.is_word(t) for t in ts)]][:, stacked].any()


def test_hashed_logits_do_not_depend_on_the_buckets_order(model, sentences):
    got = hashed.score(model.ngram_weights, model.ngram_bias, sentences)
    want = []
    for s in sentences:
        found = hashed.bucket_list(s)
        assert set(found) == hashed.bucket_set(s)
        total = 0.0
        for b in found:  # in sorted order, one at a time, as the sums were first taken
            total += float(model.ngram_weights[b])
        want.append(model.ngram_bias + (total / np.sqrt(len(found)) if found else 0.0))
    assert np.array_equal(got, np.array(want))
    # weights that are no float16 values take the sorted path: the same numbers
    odd = model.ngram_weights * np.float32(1 + 2 ** -20)
    assert not hashed._sums_exact(odd, sentences)
    flat = [hashed.bucket_list(s) for s in sentences]
    want = np.array([model.ngram_bias + (sum(float(odd[b]) for b in f) / np.sqrt(len(f)) if f else 0.0) for f in flat])
    assert np.abs(hashed.score(odd, model.ngram_bias, sentences) - want).max() < 1e-12


def test_fast_sentence_scores_equal_the_reference_path(model, sentences):
    got = model.sentence_scores(sentences)
    tokens, symbols, arrays = model.analyse(sentences)
    want = model._sentence_scores(sentences, tokens, symbols, arrays)
    assert np.array_equal(got, want)
    # in small batches too (caches warm, as over a corpus), and by the plain-Python path
    assert np.array_equal(np.concatenate([model.sentence_scores(sentences[i:i + 13])
                                          for i in range(0, len(sentences), 13)]), want)
    assert np.abs(np.array(garble.load_small().sentence_scores(sentences)) - want).max() < 1e-9


def test_a_batch_of_documents_is_scored_as_each_document_alone(model, sentences):
    from types import SimpleNamespace

    def doc(text):
        return SimpleNamespace(cache={}, blocks=[SimpleNamespace(text=line) for line in text.split("\n")])

    texts = [" ".join(sentences[i:i + 9]) + "\n" + " ".join(sentences[i + 9:i + 12]) for i in range(0, 240, 12)]
    texts += ["", "Too short.", "---"]
    batch = [doc(t) for t in texts]
    garble.score_documents(batch)
    for one, text in zip(batch, texts):
        alone = garble.document_sentences(doc(text))
        got = one.cache[("garble", 4)]
        assert [(s.block.text, s.start, s.end, s.score) for s in got] == [(s.block.text, s.start, s.end, s.score) for s in alone]
        assert garble.document_sentences(one) is got  # scored once
    assert sum(len(d.cache[("garble", 4)]) for d in batch) > 200
    garble.prepare_documents([SimpleNamespace(cache={}, blocks=[None])])  # a failure costs nothing here


def test_the_garble_rules_score_a_batch_of_files_together(tmp_path, monkeypatch):
    from linter.engine import Selection
    from linter.session import Session

    lines = sample_sentences()
    files = []
    for n in range(6):
        path = tmp_path / f"{n}.txt"
        path.write_text("Headline\n\n" + " ".join(lines[n * 20:n * 20 + 20]) + "\n", encoding="utf-8")
        files.append((str(path), None))
    selection = Selection(select=("translation.garbled-sentence", "translation.garbled-wording"))
    together = Session(selection=selection).lint_inputs(files)
    batches = []
    real = garble.score_documents
    monkeypatch.setattr(garble, "score_documents", lambda docs, *a: (batches.append(len(docs)), real(docs, *a))[1])
    alone = [f for path in files for f in Session(selection=selection).lint_inputs([path]).findings]
    assert [f.to_dict() for f in together.findings] == [f.to_dict() for f in alone]
    assert together.findings  # the sample has garbled sentences
    assert batches and set(batches) == {1}
    batches.clear()
    Session(selection=selection).lint_inputs(files)
    assert batches[0] == 6  # the first rule's prepare scored all six files at once


def test_word_buckets_of_ascii_words_are_the_character_n_grams_buckets(sentences):
    def reference(word):
        grams = ["w " + word]
        if word != "<cap>":
            padded = f"<{word}>"
            grams += ["c" + padded[i:i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
        return tuple(hashed._bucket(g) for g in grams)

    words = {w.lower() for s in sentences for w in hashed.HASHED_WORD.findall(s)}
    words |= {"<cap>", "naïve", "café", "x", "ab", "don't", "l’aila", "İstanbul".lower()}
    assert any(not w.isascii() for w in words) and len(words) > 2000
    hashed._WORD_BUCKETS.clear()
    assert {w: hashed._word_buckets(w) for w in words} == {w: reference(w) for w in words}



def test_token_buckets_of_ascii_words_are_the_character_n_grams_buckets(sentences):
    def reference(word):
        grams = ["w " + word]
        if word != "<cap>":
            padded = f"<{word}>"
            grams += [f"c{n}" + padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
        return tuple(sorted({zlib.crc32(g.encode("utf-8")) % hashed.WORD_BUCKETS for g in grams}))

    words = {w.lower() for s in sentences for w in F.MODEL_TOKEN.findall(s)}
    words |= {"<cap>", "naïve", "café", "x", "ab", "don't", "l’aila", "İstanbul".lower(), ",", "<", "42", "x" * 300}
    assert any(not w.isascii() for w in words) and len(words) > 2000
    hashed._TOKEN_BUCKETS.clear()
    assert {w: hashed._own_buckets(w) for w in words} == {w: reference(w) for w in words}

# ---- the plain-Python path (small.py): each fast step against the plain one, to the bit

@pytest.fixture(scope="module")
def small_model():
    from linter.garble.small import SmallModel

    return SmallModel.from_files(garble.model_folder())


def test_small_forest_walk_equals_the_file_arrays_walked_tree_by_tree(small_model, sentences):
    import math

    from linter.garble.small import read_views

    views = read_views(garble.model_folder() / "sentence.bin")
    feature, threshold, left, right, value = (views[f"sentence_{k}"].tolist()
                                              for k in ("feature", "threshold", "left", "right", "value"))
    forest = small_model.forest

    def reference(row):
        total = 0.0
        for node in views["sentence_roots"].tolist():
            while left[node] != node:  # a leaf points to itself
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        z = min(50.0, max(-50.0, forest.a * total + forest.b))
        return 1.0 / (1.0 + math.exp(-z))

    rows_seen = []
    original = type(forest).probabilities
    type(forest).probabilities = lambda self, rows: rows_seen.extend(rows) or original(self, rows)
    try:
        small_model.sentence_scores(sentences[:150])
    finally:
        type(forest).probabilities = original
    rows_seen += [[float("nan")] * len(rows_seen[0]), [0.0] * len(rows_seen[0]), [1e30] * len(rows_seen[0])]
    for node in views["sentence_roots"].tolist()[:200]:  # values on a split's threshold go left
        rows_seen.append([threshold[node] if f == feature[node] else x for f, x in enumerate(rows_seen[0])])
    assert len(rows_seen) > 100
    want = [float(reference(r)) for r in rows_seen]
    assert [forest.probability(r) for r in rows_seen] == want
    assert forest.probabilities(rows_seen) == want  # tree by tree over all the rows: the same sums


def test_small_language_model_sequence_equals_one_lookup_at_a_time(small_model, sentences):
    from linter.garble.symbols import symbol_ids, tokenize

    bos, eos = small_model.vocab[F.BOS], small_model.vocab[F.EOS]
    checked = 0
    for sentence in sentences[:200] + ["", "Hello"]:
        ids = symbol_ids(tokenize(sentence)[:MAX_TOKENS], small_model.vocab, {})
        for name, lm in small_model.lms.items():
            seq = [bos, bos] + (ids if name.endswith("_f") else ids[::-1]) + [eos]
            probs, orders = lm.score_sequence(seq)
            want = [lm.logprob(seq[i - 2], seq[i - 1], seq[i]) for i in range(2, len(seq))]
            assert list(zip(probs, orders)) == want
            checked += len(want)
    assert checked > 10_000


def test_small_hashed_weights_are_read_as_one_at_a_time(small_model, sentences):
    import math
    import struct

    weight = struct.Struct("<e").unpack_from
    for sentence in sentences:
        found = hashed.bucket_set(sentence)
        if not found:
            assert small_model.ngram_logit(sentence) == small_model.bias
            continue
        one_at_a_time = [weight(small_model.weights, 2 * i)[0] for i in found]
        assert list(small_model.half_floats(found)) == one_at_a_time
        assert small_model.ngram_logit(sentence) == small_model.bias + sum(one_at_a_time) / math.sqrt(len(found))
    assert small_model.half_floats({7}) == (weight(small_model.weights, 14)[0],)


# ---- the word level's cached logits (hashed.TokenLogits) against hashed.reference_word_logits

def _bits(values) -> np.ndarray:
    return np.asarray(values, np.float64).view(np.int64)


def _random_texts(sentences, seed: int, count: int = 400) -> list[list[str]]:
    """Token texts drawn from the sentences' tokens, some capitalised, with
    punctuation, digits and odd Unicode: contexts no sentence has."""
    rng = np.random.default_rng(seed)
    pool = sorted({t for s in sentences for t in F.MODEL_TOKEN.findall(s)})
    pool += [",", ".", "«", "42", "Ünïcödé", "İstanbul", "ſtraße", "x" * 300, "<s>", "</s>", "<cap>"]
    out = []
    for _ in range(count):
        words = [pool[i] for i in rng.integers(0, len(pool), int(rng.integers(0, 30)))]
        out.append([w.capitalize() if rng.random() < 0.2 else w for w in words])
    return out


def _fresh_word_logits(weights, bias, texts):
    hashed._TOKEN_LOGITS.clear()
    return hashed.word_logits(weights, bias, texts)


def test_cached_word_logits_equal_the_reference_to_the_bit(model, sentences):
    weights, bias = model.word_hash
    texts = [F.MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences]
    want = hashed.reference_word_logits(weights, bias, texts)
    assert len(want) > 5000 and len(np.unique(want)) > 1000
    assert np.array_equal(_bits(_fresh_word_logits(weights, bias, texts)), _bits(want))  # cold: all in one batch
    assert np.array_equal(_bits(hashed.word_logits(weights, bias, texts)), _bits(want))  # warm: all from the cache
    # a batch of cached and new triples, and one sentence at a time
    mixed = _random_texts(sentences, 1) + texts[::3]
    assert np.array_equal(_bits(hashed.word_logits(weights, bias, mixed)), _bits(hashed.reference_word_logits(weights, bias, mixed)))
    one = np.concatenate([hashed.word_logits(weights, bias, [t]) for t in texts[:60]])
    assert np.array_equal(_bits(one), _bits(hashed.reference_word_logits(weights, bias, texts[:60])))
    assert hashed.word_logits(weights, bias, [[], []]).shape == (0,)


def test_word_logits_of_weights_whose_sum_depends_on_the_order(model, sentences, monkeypatch):
    """float64 weights of many magnitudes: adding in any other order than
    the sorted buckets' changes the last bits, so the order is checked."""
    rng = np.random.default_rng(8)
    weights = rng.standard_normal(hashed.WORD_BUCKETS) * np.exp2(rng.integers(-30, 30, hashed.WORD_BUCKETS))
    texts = _random_texts(sentences, 2) + [F.MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences[:200]]
    want = hashed.reference_word_logits(weights, 0.125, texts)
    assert np.array_equal(_bits(_fresh_word_logits(weights, 0.125, texts)), _bits(want))
    reversed_sum = [sum(float(weights[b]) for b in reversed(f)) for t in texts for f in hashed.token_buckets(t)]
    sums = [sum(float(weights[b]) for b in f) for t in texts for f in hashed.token_buckets(t)]
    assert reversed_sum != sums  # (the test can tell the orders apart)
    # the plain-Python sums (small.py's), with and without the float16 shortcut
    plain = hashed.TokenLogits(hashed._picker(weights.tolist()), 0.125, half=False)
    assert np.array_equal(_bits([x for t in texts for x in plain.of(t)]), _bits(want))
    halves = np.clip(weights, -65504, 65504).astype(np.float16).astype(np.float64)
    half = hashed.TokenLogits(hashed._picker(halves.tolist()), 0.125, half=True)
    assert np.array_equal(_bits([x for t in texts for x in half.of(t)]), _bits(hashed.reference_word_logits(halves, 0.125, texts)))
    # the caches start again when full: the same numbers
    monkeypatch.setattr(hashed.TokenLogits, "LIMIT", 50)
    parts = np.concatenate([_fresh_word_logits(weights, 0.125, texts[i:i + 7]) if i == 0 else
                            hashed.word_logits(weights, 0.125, texts[i:i + 7]) for i in range(0, len(texts), 7)])
    assert np.array_equal(_bits(parts), _bits(want))
    assert len(hashed._token_logits(weights, 0.125).triples) < 50 + 7 * MAX_TOKENS


def test_small_word_logits_equal_the_reference_to_the_bit(small_model, model, sentences):
    weights, bias = model.word_hash
    texts = [F.MODEL_TOKEN.findall(s)[:MAX_TOKENS] for s in sentences] + _random_texts(sentences, 3)
    for t in texts + texts[:50]:  # new triples, then cached ones
        assert _bits(small_model.word_logits(t)).tolist() == _bits(hashed.reference_word_logits(weights, bias, [t])).tolist()
