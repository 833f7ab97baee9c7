"""List lines (linter/garble/domain.py): ingredient, bullet and spec lines
that the garble rules do not score. Each test names the mutation of
domain.py or garble/__init__.py it was checked to fail under."""
from __future__ import annotations

import csv
from pathlib import Path

from linter import garble, lexicon
from linter.engine import lint_text
from linter.garble.domain import list_line

from test_garble_clean import every_sentence_config

ROOT = Path(__file__).resolve().parent.parent


def test_a_quantity_with_a_unit_of_measure_makes_a_list_line():
    # mutation: has_measure always False
    assert list_line("Add to the pan: 2 cups all-purpose flour")
    assert list_line("200g dark chocolate, broken into pieces, plus extra for the top")
    assert list_line("Weight: 1.2 kg including the battery pack")


def test_vulgar_and_slash_fractions_are_quantities():
    # mutation: QUANTITY without the vulgar fractions / without "1 1/2"
    assert list_line("½ teaspoon freshly ground black pepper")
    assert list_line("⅓ cup packed light brown sugar")
    assert list_line("1 1/2 tablespoons unsalted butter, softened")


def test_a_finite_verb_keeps_a_measure_line_prose():
    # mutation: has_finite_cue always False
    assert not list_line("2 cups of coffee a day is too much for most people")
    assert not list_line("3 litres would fill the tank")


def test_the_unit_can_is_not_read_as_the_modal():
    # mutation: the finite-verb cue read on the whole text (without_measures dropped)
    assert list_line("1 (14-ounce) can coconut milk, shaken")
    assert not list_line("2 cans will do")  # the modal after the unit still counts


def test_a_bullet_fragment_is_a_list_line_and_a_stopped_bullet_sentence_is_not():
    # mutation: short_fragment without `not stopped`
    assert list_line("• Free delivery on all orders over $50")
    assert list_line("- Two slices of toasted sourdough bread")
    assert not list_line("- Officials closed the bridge to traffic after the storm.")


def test_a_quantity_led_line_is_a_list_line_only_when_a_short_fragment():
    # mutation: FRAGMENT_WORDS = 100 (the long line), or short_fragment without `not stopped`
    assert list_line("3 large eggs, lightly beaten")
    assert not list_line("15 people died in the attack.")
    assert not list_line("40 villagers from the valley walked through the night to reach the camp on the other "
                         "side of the border")


def test_prose_with_numbers_and_units_is_not_a_list_line():
    # mutation: the measure rule without `led or ...` (any measure makes a list line)
    assert not list_line("The river is 25 km long.")
    assert not list_line("He ran 100 metres in 9.58 seconds.")
    assert not list_line("The thickness of the walls varies between 125 and 425 metres.")
    assert not list_line("Bolt ran 100 metres in 9.58 seconds to win the final in front of a crowd of 60,000 people")


def test_the_seeds_and_the_clean_sample_have_no_list_line():
    # mutation: the last rule without `led` (any short line without a stop is a list line: the headlines)
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "clean_sample").glob("*.txt"))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    sentences = [line[a:b] for line in lines for a, b in lexicon.sentences(line)]
    assert len(sentences) > 100
    assert [s for s in sentences if list_line(s)] == []


def test_almost_no_machine_translation_of_the_sample_is_a_list_line():
    # mutation: BULLET = r"\s*" (every line counts as led by a bullet)
    with open(ROOT / "tests" / "data" / "mtqe_sample.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 400
    assert sum(list_line(r["mt_sentence"]) for r in rows) <= 2


def test_list_lines_are_not_scored_by_the_garble_rules(tmp_path):
    # mutation: score_documents filters number_heavy only (not out_of_domain)
    ingredient = "1 (14-ounce) can coconut milk, shaken well"
    prose = "The council voted on Tuesday to close the old library for repairs."
    assert garble.out_of_domain(ingredient) and not garble.out_of_domain(prose)
    findings = lint_text(ingredient + "\n\n" + prose, select=["house.sentence"], config=every_sentence_config(tmp_path))
    assert [f.match for f in findings] == [prose]
