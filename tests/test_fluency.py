"""The garble scorer (linter.fluency) and the `fluency` check."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from linter import fluency
from linter.engine import lint_text

RULE = "translation.garbled-sentence"
ROOT = Path(__file__).resolve().parent.parent

CLEAN = "Two female police officers were injured and hospitalised in Harare on Tuesday."
LOOP = "Thunder sensitive diggers, thunder sensitive diggers, thunder sensitive diggers."
NONWORDS = "The surname of the temanges cannot be kept so, and the surname of the temanges can be more extra."


def test_features_are_named_and_bounded():
    values = fluency.features(LOOP)
    assert set(values) == set(fluency.FEATURES)
    assert 0.5 < values["repetition"] < 1
    assert fluency.features("") == dict.fromkeys(fluency.FEATURES, 0.0)


def test_names_do_not_count_as_rare_words():
    assert fluency.features("They met Witkoff and Zelenskyy in Riyadh.")["rare_lower"] == 0
    assert fluency.features("He met the gorvitsky in kalbrede.")["rare_lower"] > 0


def test_garbled_sentences_score_higher_than_clean_ones():
    clean, loop, unknown = fluency.score_lines([CLEAN, LOOP, NONWORDS])
    assert 0 < clean < 0.5 < loop < 1
    assert unknown > clean


def test_module_reads_stdin_and_prints_one_score_a_line():
    text = f"{CLEAN}\n\n{LOOP}\n"
    out = subprocess.run([sys.executable, "-m", "linter.fluency"], input=text, capture_output=True,
                         text=True, cwd=ROOT, check=True).stdout.split()
    assert len(out) == 3
    scores = [float(x) for x in out]
    assert scores[2] > scores[0]


def test_check_reports_garbled_sentence_with_its_score():
    text = f"{CLEAN} {LOOP}"
    found = lint_text(text, select=[RULE])
    assert len(found) == 1
    finding = found[0]
    assert finding.match == LOOP
    assert finding.column == len(CLEAN) + 2
    assert finding.score is not None and finding.score > 0.66
    assert f"{finding.score:.2f}" in finding.message
    assert finding.severity == "info"


def test_check_skips_short_sentences_and_clean_copy():
    assert lint_text("Thunder sensitive diggers.", select=[RULE]) == []
    assert lint_text(CLEAN, select=[RULE]) == []


def test_a_line_without_words_scores_zero():
    from linter.fluency import score_lines

    assert score_lines(["", "---", "12:30"]) == [0.0, 0.0, 0.0]
