"""The `nonword` check and the lexicon helpers it stands on."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from linter import lexicon
from linter.checks.nonword import Nonword
from linter.config import Config
from linter.context import Context
from linter.engine import lint_text
from linter.model import LintError
from linter.readers import read_source
from linter.rules import load_rule

RULE = "translation.nonword"


def nonwords(text, config=None):
    return lint_text(text, select=[RULE], config=config)


def matches(text, config=None):
    return [f.match for f in nonwords(text, config)]


# lexicon

def test_tokens_keep_offsets_and_inner_apostrophes():
    text = "Ukraine’s well-known e-mail, don't."
    toks = lexicon.tokens(text)
    assert [t.text for t in toks] == ["Ukraine’s", "well-known", "e-mail", "don't"]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_sentences_skip_abbreviations():
    text = 'Mr. Witkoff met U.S. officials. "They agreed," he said. Talks resume on May 20.'
    spans = lexicon.sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Mr. Witkoff met U.S. officials.", '"They agreed," he said.', "Talks resume on May 20."]


@pytest.mark.parametrize("word", ["stopped", "happily", "peacekeepers", "implausibilities",
                                  "unblockables", "hyperpersonalized", "individualising"])
def test_regular_forms_are_known(word):
    assert lexicon.is_known(word)


@pytest.mark.parametrize("word", ["rearmail", "approvedly", "reviewedness"])
def test_garbled_words_are_unknown(word):
    assert not lexicon.is_known(word)


# the check

def test_finds_seed_nonwords_with_positions_and_suggestions():
    text = ("Intro line.\n"
            "He warned that Kiev could use the truce to rearmail and strengthen forces.\n"
            "The offer was “approvedly reviewed.”\n")
    found = nonwords(text)
    assert [(f.match, f.line, f.severity) for f in found] == [("rearmail", 2, "error"), ("approvedly", 3, "error")]
    first = found[0]
    assert first.column == text.splitlines()[1].index("rearmail") + 1
    assert first.end_column == first.column + len("rearmail") - 1
    assert "rearm" in first.suggestions
    assert "approved" in found[1].suggestions


@pytest.mark.parametrize("text", [
    "Witkoff and Ushakov met in Riyadh with Zelenskyy's aide.",        # proper nouns
    "The IAEA and OSCE monitors filed their COVID-19 reports at 3pm.",  # initialisms, digits
    "See https://example.org/rearmail or mail rearmail@example.org.",    # URL, e-mail
    "Follow @rearmailbot and #StandWithUkraine for updates.",          # handle, hashtag
    "The long-awaited, well-known peace-keeping mission began.",        # compounds of words
    "They didn't say whether the president's aides would travel.",      # contractions
    "She quoted the Estonian proverb “Vaikne vesi sügav põhi” to reporters.",  # foreign quote
])
def test_clean_copy_is_quiet(text):
    assert nonwords(text) == []


def test_part_of_a_hyphenated_compound_is_flagged_alone():
    found = nonwords("It was a pro-rearmail move.")
    assert [f.match for f in found] == ["rearmail"]


def test_foreign_paragraph_is_skipped():
    assert nonwords("Kolmapäeval kogunes valitsus erakorralisele istungile ja arutas olukorda.") == []


def test_sentence_start_unknown_word_is_only_info():
    found = nonwords("Brechovin refused to comment on the talks.")
    assert [(f.match, f.severity) for f in found] == [("Brechovin", "info")]
    # the same word seen inside a sentence elsewhere marks it as a name
    assert nonwords("Brechovin refused to comment. Reporters asked Brechovin again.") == []


def test_short_words_are_weak():
    found = nonwords("The team ate the plimk and the grok quickly.")
    assert [(f.match, f.severity) for f in found] == [("plimk", "info")]  # grok is a (rare) word


def test_vocabulary_accept_and_reject():
    config = Config(accept=["rearmail", "appro[a-z]+ly"], reject=["utilize"])
    text = "They rearmail, approvedly, and utilize it."
    found = nonwords(text, config)
    assert [f.match for f in found] == ["utilize"]
    assert "reject" in found[0].message


def test_names_from_the_knowledge_base_are_known():
    rule = load_rule("translation", Path(__file__).resolve().parent.parent / "rules" / "translation" / "nonword.yaml")
    person = SimpleNamespace(names=("Ihor Zhovkva", "zhovkvaism"))
    context = SimpleNamespace(config=Config(), knowledge=SimpleNamespace(people={"p": person}))
    check = Nonword(rule, context)
    doc = read_source("a.txt", "The adviser's zhovkvaism was noted, unlike his rearmail.")
    assert [f.match for f in check.run(doc)] == ["rearmail"]


def test_broken_knowledge_base_is_tolerated():
    rule = load_rule("translation", Path(__file__).resolve().parent.parent / "rules" / "translation" / "nonword.yaml")

    class Broken(Context):
        @property
        def knowledge(self):
            raise LintError("kb.yaml: not valid YAML")

    check = Nonword(rule, Broken())
    assert [f.match for f in check.run(read_source("a.txt", "They will rearmail soon."))] == ["rearmail"]


# compounds and combining forms (issue 8, part 3)

@pytest.mark.parametrize("word, form", [
    ("teleworkshops", "tele"), ("hydrocorridors", "hydro"), ("electromobility", "electro"), ("upsample", "up"),
])
def test_combining_form_glued_to_a_known_word(word, form):
    assert lexicon.zipf(word) == 0 and lexicon.prefixed_form(word) == form


@pytest.mark.parametrize("word", ["rearmail", "approvedly", "teleqzorp", "nanoarmail"])
def test_combining_form_needs_a_known_rest(word):
    assert lexicon.prefixed_form(word) is None


@pytest.mark.parametrize("word, parts", [
    ("earhooks", ("ear", "hooks")), ("doorhinges", ("door", "hinges")), ("rainjackets", ("rain", "jackets")),
])
def test_two_common_words_make_a_compound(word, parts):
    assert lexicon.compound_split(word) == parts


@pytest.mark.parametrize("word", [
    "rearmail",      # the longest word it starts with is 'rearm', and 'ail' is rare: rear + mail is not taken
    "workedhanu",    # an inflected first part, and no second word
    "econobox",      # 'econo' too rare to be a part
    "plimkhooks",    # no known first part
])
def test_not_a_compound(word):
    assert lexicon.compound_split(word) is None


def test_compounds_are_not_errors_but_garbles_still_are():
    text = ("Schools moved to teleworkshops and nanoinfluencers sold earhooks and doorhinges. "
            "He warned they could rearmail soon.")
    found = [(f.match, f.severity) for f in nonwords(text)]
    assert found == [("earhooks", "info"), ("doorhinges", "info"), ("rearmail", "error")]


def test_foreign_paragraph_whose_words_wordfreq_partly_lists_is_skipped():
    german = ("Die elektronische Patientenakte soll bundesweit eingesetzt werden, "
              "allerdings fehlen bisher einheitliche Standards.")
    assert lexicon.is_known("die") and nonwords(german) == []
    # English prose with the same share of unknown words is still checked
    english = "The minister said the reform would rearmail the army and the navy within a year."
    assert matches(english) == ["rearmail"]


def test_sentences_and_names_seen_are_made_only_for_a_word_to_flag(monkeypatch):
    from linter import analyses

    built = []
    for name in ("sentences", "names_seen"):
        original = analyses.BUILDERS[name]
        monkeypatch.setitem(analyses.BUILDERS, name, lambda doc, o=original, n=name: built.append(n) or o(doc))
    assert matches("The talks resumed on Monday. Officials said little.") == [] and built == []
    assert matches("Brechovin refused to comment. Reporters asked Brechovin again.") == []  # a name: seen inside a sentence
    assert built == ["sentences", "names_seen"]
