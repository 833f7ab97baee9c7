"""The garble model (linter/garble/), its two rules, and its training script."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import load_script
from linter import garble
from linter.engine import lint_text
from linter.garble.features import SENTENCE_FEATURES, tokenize
from linter.garble.word_features import WORD_FEATURES, word_features
from linter.garble.model_runtime import GarbleModel, spans

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "mtqe_sample.tsv"
CLEAN = "Two female police officers were injured and hospitalised in Harare on Tuesday."
LOOP = ("And the songs of the dance shall be performed, and the songs of the dance shall be performed, "
        "and the songs of the dance shall be performed.")
GARBLED = "To vehicles which are not suitable a penalty will be collected and the alliance of the readiness."


def test_scores_are_probabilities_and_rank_garble_above_clean_copy():
    clean, loop, empty, dashes = garble.load().sentence_scores([CLEAN, LOOP, "", "---"])
    assert 0 < clean < loop <= 1
    assert empty == 0 and dashes == 0


def test_word_probabilities_cover_every_token():
    scores, words = garble.load().word_probabilities([GARBLED, CLEAN])
    assert len(scores) == 2
    assert [t.text for t, _ in words[0]] == [t.text for t in tokenize(GARBLED)]
    assert all(0 <= p <= 1 for _, p in words[0] + words[1])


def test_word_features_of_a_sentence_do_not_depend_on_its_batch():
    """Neighbour and per-sentence features stay inside their sentence: a
    batch gives each sentence the rows it gets alone."""
    model = garble.load()
    sentences = [GARBLED, CLEAN, "Short one here."]

    def rows(batch, doc):
        tokens, symbols, arrays = model.analyse(batch)
        scores = model.sentence_scores(batch)
        return word_features(tokens, symbols, arrays, scores, model.lms["pe_f"].uni, np.full(len(batch), doc),
                             word_logit=model.word_logits(tokens))

    together = rows(sentences, 0.4)
    alone = np.concatenate([rows([s], 0.4) for s in sentences])
    assert together.shape == (sum(len(tokenize(s)) for s in sentences), len(WORD_FEATURES))
    np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-6)
    doc = WORD_FEATURES.index("doc_score")
    assert np.all(rows([CLEAN], 0.9)[:, doc] == np.float32(0.9))


def test_the_document_score_moves_the_word_probabilities():
    """The word model reads the document's mean score: the same sentence's
    words are likelier garble in a document that reads as garbled throughout."""
    _, low = garble.load().word_probabilities([GARBLED], 0.1)
    _, high = garble.load().word_probabilities([GARBLED], 0.8)
    assert np.mean([p for _, p in high[0]]) > np.mean([p for _, p in low[0]])


def test_spans_are_runs_of_marked_words():
    toks = tokenize("a b, c d e")
    marked = list(zip(toks, [0.9, 0.8, 0.1, 0.2, 0.95, 0.9]))  # a b , c d e
    assert spans(marked, 0.5) == [(0, 3, pytest.approx(0.85)), (7, 10, pytest.approx(0.925))]
    assert spans(marked, 0.5, min_words=3) == []


def test_model_info_names_its_training_and_numbers():
    info = garble.info()
    assert info["sentence_features"] == list(SENTENCE_FEATURES)
    assert info["word_features"] == list(WORD_FEATURES)
    assert 0.5 < info["cv_sentence_auc"]["ALL"] <= 1


def test_artlint_score_and_module_read_stdin():
    text = f"{CLEAN}\n\n{LOOP}\n"
    for cmd in ([sys.executable, "-m", "linter.garble"], [sys.executable, "-m", "linter", "score"]):
        out = subprocess.run(cmd, input=text, capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
        assert len(out) == 3, cmd
        values = [float(x) for x in out]
        assert values[1] == 0 and values[2] > values[0]


def test_sentence_rule_is_a_warning_with_its_score():
    found = lint_text(f"{CLEAN} {LOOP}", select=["translation.garbled-sentence"])
    assert [f.match for f in found] == [LOOP]
    assert found[0].severity == "warning"
    assert f"{found[0].score:.2f}" in found[0].message
    assert lint_text(CLEAN, select=["translation.garbled-sentence"]) == []


def expected_spans(sentence: str, threshold: float, doc_score: float | None = None) -> list[str]:
    _, words = garble.load().word_probabilities([sentence], doc_score)
    return [sentence[s:e] for s, e, _ in spans(words[0], threshold)]


def low_threshold_config(tmp_path, options="threshold: 0.3\nmin_sentence_score: 0\n"):
    """A house rule of kind garble_words at threshold 0.3, every sentence searched (id house.wording)."""
    from linter.config import load_config

    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "wording.yaml").write_text(
        "check: garble_words\nmessage: \"garbled wording: '{match}' (garble score {word_score})\"\n"
        "category: translation\nseverity: warning\ndescription: test\n" + options +
        "examples:\n  bad: [x]\n  good: [y]\n", encoding="utf-8")
    cfg = tmp_path / ".artlint.yaml"
    cfg.write_text("rules: [./rules]\n", encoding="utf-8")
    return load_config(cfg)


def source_at(source: str, f) -> str:
    lines = source.split("\n")
    assert f.line == f.end_line
    return lines[f.line - 1][f.column - 1:f.end_column]


@pytest.mark.parametrize("fmt,wrap", [
    ("markdown", "# Report\n\nShort intro.\n\n> {s}\n"),
    ("html", "<html><body><h1>Report</h1>\n<p>Short intro.</p>\n<p>{s}</p></body></html>\n"),
])
def test_span_findings_land_on_their_words(tmp_path, fmt, wrap):
    config = low_threshold_config(tmp_path)
    want = expected_spans(GARBLED, 0.3)
    assert want, "the model marks nothing in the garbled sentence even at 0.3"
    source = wrap.format(s=GARBLED)
    found = lint_text(source, fmt=fmt, path=f"draft.{'md' if fmt == 'markdown' else 'html'}",
                      select=["house.wording"], config=config)
    assert [f.match for f in found] == want
    for f in found:
        assert source_at(source, f) == f.match
        assert f.message == f"garbled wording: '{f.match}' (garble score {f.score:.2f})"


def test_span_rule_searches_only_sentences_scored_as_garbled():
    found = lint_text(f"{CLEAN} {LOOP}", select=["translation.garbled-wording"])
    assert found and all(f.column > len(CLEAN) for f in found)
    assert all(f.match in LOOP for f in found)


def test_span_rule_lowers_its_gates_in_documents_that_score_high_throughout(tmp_path):
    clean_doc = [GARBLED] + [CLEAN] * 4
    garbled_doc = [GARBLED, LOOP]
    score = dict(zip([GARBLED, LOOP, CLEAN], garble.load().sentence_scores([GARBLED, LOOP, CLEAN]).tolist()))
    low, high = (np.mean([score[s] for s in doc]) for doc in (clean_doc, garbled_doc))
    assert high > low and score[GARBLED] < 0.999
    config = low_threshold_config(tmp_path, f"threshold: 0.3\nmin_sentence_score: 0.999\ndoc_mean_score: {(low + high) / 2}\n"
                                            "doc_min_sentence_score: 0\ndoc_threshold: 0.3\n")
    in_garbled = lint_text(" ".join(garbled_doc), select=["house.wording"], config=config)
    assert [f.match for f in in_garbled if f.column <= len(GARBLED)] == expected_spans(GARBLED, 0.3, high) != []
    assert lint_text(" ".join(clean_doc), select=["house.wording"], config=config) == []


def test_small_retraining_run(tmp_path):
    pytest.importorskip("lightgbm")
    out = tmp_path / "model"
    result = subprocess.run(
        [sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(SAMPLE), "--rows", "300",
         "--clean-folder", str(ROOT / "tests" / "data" / "clean_sample"),
         "--out", str(out), "--sentence-rounds", "40", "--word-rounds", "30",
         "--oof", str(tmp_path / "oof.npz"), "--oof-every-word"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    oof = np.load(tmp_path / "oof.npz")
    # every word of every sentence, out of fold (the sampled rows are some of them)
    assert len(oof["word_all_p"]) == len(oof["word_all_y"]) == len(oof["word_all_row"]) >= len(oof["word_p"])
    assert set(oof["word_row"].tolist()) <= set(oof["word_all_row"].tolist())
    assert np.all((oof["word_all_p"] > 0) & (oof["word_all_p"] < 1))
    assert "trained in" in result.stdout and "5-fold CV" in result.stdout
    assert {p.name for p in out.iterdir()} == {"lm.bin", "sentence.bin", "word.npz", "model.json"}
    model = GarbleModel.from_files(out)
    scores = model.sentence_scores([CLEAN, LOOP])
    assert np.all((scores > 0) & (scores < 1))
    assert model.meta["rows"] == 300
    # the versions that made it, to reproduce it (the train extra pins them)
    from importlib.metadata import version

    assert model.meta["libraries"]["lightgbm"] == version("lightgbm")
    assert set(model.meta["libraries"]) == {"numpy", "scipy", "scikit-learn", "lightgbm", "gensim"}
    # the word-level hashed model is read from sentence.bin (the sentence model stacks its logits)
    from linter.garble.ngram import read_arrays

    assert "word_hash_weights" in read_arrays(out / "sentence.bin")
    assert model.word_hash[0].shape == (1 << 17,) and np.abs(model.word_hash[0]).max() > 0


def test_span_settings_grow_over_neighbours_and_merge_over_one_word():
    sys.path.insert(0, str(ROOT / "bench"))
    from garble_spans import mark

    p = np.array([0.1, 0.35, 0.9, 0.2, 0.9, 0.1, 0.95])
    row = np.array([0, 0, 0, 0, 0, 0, 1])  # the last word is another sentence's
    s = np.full(7, 0.5)
    opened = np.ones(7, bool)
    assert mark(p, row, s, opened, 0.5, 1.0, False).tolist() == [0, 0, 1, 0, 1, 0, 1]
    assert mark(p, row, s, opened, 0.5, 0.3, False).tolist() == [0, 1, 1, 0, 1, 0, 1]
    assert mark(p, row, s, opened, 0.5, 1.0, True).tolist() == [0, 0, 1, 1, 1, 0, 1]
    # a closed document: words above 0.5 only in sentences above 0.9, and no growing
    assert mark(p, row, np.full(7, 0.95), ~opened, 0.5, 0.05, True).all()
    assert not mark(p, row, s, ~opened, 0.5, 0.05, True).any()


def test_word_logit_aggregates_count_words_only():
    from linter.garble.sentence import word_logit_row

    # punctuation (the 9.0) is no word; top 3 of [1.0, -1.0, 0.5] is all of them
    assert word_logit_row(["The", ",", "cat", "sat"], [1.0, 9.0, -1.0, 0.5]) == [0.5 / 3, 1.0, 0.5 / 3, 2 / 3]
    assert word_logit_row(["a", "b", "c", "d"], [4.0, 1.0, 3.0, 2.0])[1:3] == [4.0, 3.0]
    assert word_logit_row(["---"], [5.0]) == word_logit_row(["cat"], None) == [0.0, 0.0, 0.0, 0.0]


def test_training_says_when_data_is_missing(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(tmp_path / "none.tsv")],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "no training data" in result.stderr


@pytest.mark.slow
def test_model_files_load_from_a_wheel_install(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheels.glob("artlint-*.whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    code = ("import linter, linter.garble as g; print(linter.__file__); "
            f"print(g.load().sentence_scores([{CLEAN!r}, {LOOP!r}]).tolist())")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    where, values = run.stdout.splitlines()
    assert where.startswith(str(site))
    clean, loop = eval(values)
    assert 0 < clean < loop <= 1


def load_training_script():
    return load_script(ROOT / "training" / "garble.py", "garble_training")


def test_shipped_language_model_matches_the_trained_one(tmp_path):
    """Packed (uint8 codes, narrow keys), written to one file and mapped
    back, a model gives the trained log-probabilities to within its
    quantisation and finds exactly the same n-grams."""
    from linter.garble.ngram import TrigramLM, pack, read_arrays, write_arrays

    training = load_training_script()
    rng = np.random.default_rng(0)
    size, bos, eos = 40, 0, 1
    sequences = [rng.integers(2, 12, rng.integers(3, 15)).tolist() for _ in range(300)]
    wide = training.build_lm(sequences, size, bos, eos, "t")
    write_arrays(tmp_path / "lm.bin", pack(wide, ["t"], ["<s>", "</s>"] + [f"w{i}" for i in range(size - 2)]))
    shipped = read_arrays(tmp_path / "lm.bin")
    assert int(shipped["t_size"]) == size and shipped["t_bi_keys"].dtype == np.uint32
    lm = TrigramLM(shipped, "t")

    tri = dict(zip(wide["t_tri_keys"].tolist(), wide["t_tri_logp"].tolist()))
    bi = dict(zip(wide["t_bi_keys"].tolist(), wide["t_bi_logp"].tolist()))
    bow = dict(zip(wide["t_bi_ctx_keys"].tolist(), wide["t_bi_bow"].tolist()))

    def reference(a, b, c):
        if (a * size + b) * size + c in tri:
            return tri[(a * size + b) * size + c], 3
        p2 = bi.get(b * size + c)
        order = 2 if p2 is not None else 1
        if p2 is None:
            p2 = wide["t_uni_bow"][b] + wide["t_uni"][c]
        return bow.get(a * size + b, 0.0) + p2, order

    a, b, c = (rng.integers(0, 14, 2000) for _ in range(3))
    a[:500], b[:500] = 0, 0  # sentence starts
    got, order = lm.logprob(a, b, c)
    want = [reference(*abc) for abc in zip(a.tolist(), b.tolist(), c.tolist())]
    assert order.tolist() == [o for _, o in want]
    assert {3, 2, 1} <= set(order.tolist())
    assert np.abs(got - np.array([p for p, _ in want])).max() < 0.05


def sample_sentences() -> list[str]:
    with open(SAMPLE, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        col = header.index("mt_sentence")
        return [line.rstrip("\n").split("\t")[col] for line in fh if line.strip()][:150]


def test_plain_python_scores_equal_the_numpy_model():
    from linter.garble.small import SmallModel

    sentences = sample_sentences() + [CLEAN, LOOP, GARBLED, "", "---", "A", "x " * 400]
    small = SmallModel.from_files(Path(garble.__file__).parent / "model")
    assert np.abs(np.array(small.sentence_scores(sentences)) - garble.load().sentence_scores(sentences)).max() < 1e-9


def test_one_article_is_scored_without_importing_numpy():
    code = ("import sys; from linter import garble; "
            f"s = garble.sentence_scores([{CLEAN!r}, {LOOP!r}]); "
            "print('numpy' in sys.modules, s[0] < s[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert out == ["False", "True"]


def test_span_rule_also_opens_its_gates_where_the_word_model_marks_many_of_the_words(tmp_path):
    """doc_word_share: a document whose mean sentence score stays under
    doc_mean_score is still searched with the doc_ settings when more than
    that share of its words have P(garbled) > 0.5."""
    from linter.garble.symbols import is_word

    doc = [GARBLED, CLEAN, LOOP]
    scores, words = garble.load().word_probabilities(doc, float(np.mean(garble.load().sentence_scores(doc))))
    marks = [p for sent in words for token, p in sent if is_word(token.text)]
    share = sum(p > 0.5 for p in marks) / len(marks)
    assert 0 < share < 1 and max(scores) < 0.999

    def found(word_share):
        config = low_threshold_config(tmp_path / str(word_share), "threshold: 0.3\nmin_sentence_score: 0.999\n"
                                      "doc_mean_score: 1\ndoc_min_sentences: 3\ndoc_min_sentence_score: 0\n"
                                      f"doc_threshold: 0.3\ndoc_word_share: {word_share}\n")
        return lint_text(" ".join(doc), select=["house.wording"], config=config)

    assert found(share - 0.01) != [] and found(share + 0.01) == []
    assert found(1) == []  # off: the mean sentence score alone decides, and it is under 1


def test_sentence_cv_gives_back_the_training_runs_cross_validation(tmp_path):
    pytest.importorskip("lightgbm")
    out, feats = tmp_path / "model", tmp_path / "features.npz"
    result = subprocess.run(
        [sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(SAMPLE), "--rows", "300",
         "--clean-folder", str(ROOT / "tests" / "data" / "clean_sample"), "--out", str(out),
         "--sentence-rounds", "40", "--word-rounds", "30", "--features-out", str(feats)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    cv = subprocess.run([sys.executable, str(ROOT / "training" / "sentence_cv.py"), str(feats), "--rounds", "40"],
                        capture_output=True, text=True, timeout=600)
    assert cv.returncode == 0, cv.stderr[-2000:]
    printed = dict(zip(*[iter(cv.stdout.split(": ", 1)[1].split())] * 2))
    trained = json.loads((out / "model.json").read_text(encoding="utf-8"))["cv_sentence_auc"]
    assert {p: round(float(v), 4) for p, v in printed.items()} == pytest.approx(trained, abs=1e-4)
