"""Clean English in the garble model's training (training/clean_text.py,
training/garble.py --clean) and the sentences the garble rules leave out."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import load_script
from linter import garble, lexicon
from linter.engine import lint_text
from linter.garble.model_runtime import GarbleModel

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "mtqe_sample.tsv"
CLEAN_SAMPLE = ROOT / "tests" / "data" / "clean_sample"
sys.path.insert(0, str(ROOT / "training"))


def load_training_script():
    return load_script(ROOT / "training" / "garble.py", "garble_training_clean")


def test_clean_documents_are_split_into_sentences_and_a_fixed_held_out_part():
    import clean_text

    train, held = clean_text.read_folder(CLEAN_SAMPLE)
    assert len(train) == 6 and len(held) == 2  # every 4th of the 8 files
    assert {name for name, _ in train}.isdisjoint(name for name, _ in held)
    first = dict(train)["01-council"]
    assert first[0].startswith("The town council voted") and len(first) == 3
    assert all(len(lexicon.tokens(s)) >= 4 for _, sents in train + held for s in sents)


def test_clean_rows_are_all_ok_and_score_like_unedited_translations():
    training = load_training_script()
    rated = [{"da_mean": "90", "z_mean": "1.0", "hter": "0"}, {"da_mean": "70", "z_mean": "0.5", "hter": "0"},
             {"da_mean": "20", "z_mean": "-1.5", "hter": "0.6"}]
    rows = training.clean_rows([("doc", ["The council voted to close the library.", "Trains ran late on Monday."])], rated)
    assert [r["lang_pair"] for r in rows] == ["clean", "clean"] and {r["doc_id"] for r in rows} == {"doc"}
    assert all(r["mt_sentence"] == r["pe_sentence"] for r in rows)
    assert all(set(r["word_tags"].split()) == {"OK"} and len(r["word_tags"].split()) == len(r["mt_tokens"].split())
               for r in rows)
    assert float(rows[0]["da_mean"]) == 80.0 and float(rows[0]["z_mean"]) == 0.75  # the hter-0 rows' means
    assert rows[0]["bad"] == "0"


def test_a_source_that_is_not_installed_is_named_with_its_install_step(monkeypatch):
    import clean_text

    monkeypatch.setattr(clean_text.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(clean_text.Missing, match="gensim==4.4.0"):
        clean_text.documents(["news"])
    monkeypatch.setattr(clean_text.Path, "home", lambda: Path("/nonexistent"))
    with pytest.raises(clean_text.Missing, match="mvn dependency:get"):
        clean_text.documents(["europarl"])


def test_training_with_clean_text_reports_it_and_keeps_it_out_of_the_numbers(tmp_path):
    pytest.importorskip("lightgbm")
    out, oof = tmp_path / "model", tmp_path / "oof.npz"
    result = subprocess.run(
        [sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(SAMPLE), "--rows", "300",
         "--clean-folder", str(CLEAN_SAMPLE), "--out", str(out), "--oof", str(oof),
         "--sentence-rounds", "30", "--word-rounds", "20"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    meta = json.loads((out / "model.json").read_text())
    assert meta["rows"] == 300  # the MLQE-PE rows; the clean ones are reported apart
    assert meta["clean"]["documents"] == 6 and meta["clean"]["sentences"] == 18 and meta["clean"]["use"] == "all"
    assert "clean" not in meta["cv_sentence_auc"]
    assert "clean_marked_per_10k_words" in meta["cv_word"]["0.5"]
    d = np.load(oof)
    clean = d["pair"] == "clean"
    assert clean.sum() == 18 and (d["bad"][clean] == 0).all()
    words_of_clean = clean[d["word_row"]]
    assert words_of_clean.any() and (d["word_bad"][words_of_clean] == 0).all()
    assert (d["word_learn"][words_of_clean]).all()
    model = GarbleModel.from_files(out)
    assert np.all((model.sentence_scores(["The council voted to close the library for repairs."]) > 0))


def test_clean_text_never_trains_the_machine_translation_models(tmp_path):
    """--clean-use lm: the clean sentences change only the clean-English
    (pe_*) language models, never the MT ones, and teach the trees nothing."""
    pytest.importorskip("lightgbm")
    from linter.garble.ngram import read_arrays

    runs = {}
    for name, extra in (("none", ["--clean", ""]), ("lm", ["--clean-folder", str(CLEAN_SAMPLE), "--clean-use", "lm"])):
        out = tmp_path / name
        result = subprocess.run([sys.executable, str(ROOT / "training" / "garble.py"), "--data", str(SAMPLE),
                                 "--rows", "200", "--lm-only", "--out", str(out)] + extra,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        runs[name] = read_arrays(out / "lm.bin")
    for key in runs["none"]:
        same = np.array_equal(runs["none"][key], runs["lm"][key])
        if key.startswith("mt_"):
            assert same, key
    assert not np.array_equal(runs["none"]["pe_f_bi_keys"], runs["lm"]["pe_f_bi_keys"])


def every_sentence_config(tmp_path):
    """A house rule of kind garble_sentence that reports every scored sentence (id house.sentence)."""
    from linter.config import load_config

    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "sentence.yaml").write_text(
        "check: garble_sentence\nmessage: \"score {garble_score}\"\ncategory: translation\nseverity: warning\n"
        "description: test\nthreshold: 0\nexamples:\n  bad: [x]\n  good: [y]\n", encoding="utf-8")
    cfg = tmp_path / ".artlint.yaml"
    cfg.write_text("rules: [./rules]\n", encoding="utf-8")
    return load_config(cfg)


def test_number_heavy_lines_are_not_scored(tmp_path):
    stat = "1 sack, 1 QH, 1 INT, 1 pass defended, 1 FF."
    prose = "The council voted on Tuesday to close the old library for repairs."
    assert garble.number_heavy(stat) and garble.number_heavy("Lee took 3 for 77 and Glenn McGrath 2 for 66.")
    assert not garble.number_heavy("Between 4,000 and 5,000 firefighters are battling the blazes.")
    assert not garble.number_heavy("The 3 men and 2 women were freed after 48 hours in the cave.")
    assert not garble.number_heavy(prose)
    findings = lint_text(stat + "\n\n" + prose, select=["house.sentence"], config=every_sentence_config(tmp_path))
    assert [f.match for f in findings] == [prose]
