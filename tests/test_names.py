"""The `names` check against a small fixture knowledge base."""
from pathlib import Path

import pytest

from linter.checks.names import Names, capitalised_runs, skeleton
from linter.context import Context
from linter.knowledge import KnowledgeBase
from linter.readers import read_source
from linter.rules import load_rule, shipped_rules_dir

DATA = Path(__file__).parent / "data" / "knowledge_names"


@pytest.fixture(scope="module")
def check():
    rule = load_rule("translation", shipped_rules_dir() / "translation" / "misspelled-name.yaml")
    context = Context()
    context.__dict__["knowledge"] = KnowledgeBase.load([DATA], use_cache=False)
    return Names(rule, context)


def found(check, text):
    return [(f.match, f.suggestions[0]) for f in check.run(read_source("draft.txt", text))]


@pytest.mark.parametrize("text, match, person", [
    ("Trump spoke with Ukrainian President Voldymir Zelensky on Monday.", "Voldymir Zelensky", "Volodymyr Zelensky"),
    ("“Putin wants war,” said Andri Yamak, the president's top aide.", "Andri Yamak", "Andriy Yermak"),
    ("Ursula von der Layen spoke.", "Ursula von der Layen", "Ursula von der Leyen"),
    ("Mike Walz, the adviser, said so.", "Mike Walz", "Mike Waltz"),
    ("Donald Trumpp's call", "Donald Trumpp", "Donald Trump"),
])
def test_near_misses_are_reported_with_the_canonical_name(check, text, match, person):
    assert found(check, text) == [(match, person)]


@pytest.mark.parametrize("text", [
    "Volodymyr Zelenskyy and Andrii Yermak arrived.",   # accepted transliterations
    "Volodimir Zelenskii arrived.",                       # same skeleton as an alias
    "Donald Tusk met Donald Trump.",                      # two real people
    "John Kelly, not John Kerry, said it.",               # a common surname near a known one
    "Kim Jong Il ruled before Kim Jong Un.",
    "The Ukrainian President said the White House agreed.",
])
def test_accepted_names_and_other_people_pass(check, text):
    assert found(check, text) == []


def test_surname_alone_only_for_people_named_in_full(check):
    assert found(check, "Volodymyr Zelensky arrived. Zelenksy met them.") == [("Zelenksy", "Volodymyr Zelensky")]
    assert found(check, "Zelenksy met them.") == []


def test_skeleton_ignores_transliteration_but_not_typos():
    assert skeleton("Zelenskyy") == skeleton("Zelenskiy") == skeleton("Zelenskii")
    assert skeleton("Andriy") == skeleton("Andrii") == skeleton("Andri")
    assert skeleton("Emanuel") != skeleton("Emmanuel")


def test_runs_keep_particles_and_drop_possessives():
    runs = [[w for _, _, w in run] for run in capitalised_runs("Ursula von der Leyen's aide met Mr Trump, then left.")]
    assert runs == [["Ursula", "von", "der", "Leyen"], ["Mr", "Trump"]]


def test_finding_points_at_the_name(check):
    doc = read_source("draft.txt", "Line one.\nThey met Andri Yamak today.\n")
    [finding] = list(check.run(doc))
    assert (finding.line, finding.column, finding.end_column) == (2, 10, 20)
    assert "Andriy Yermak" in finding.message
