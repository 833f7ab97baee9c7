"""The `quotes` check: multi-paragraph quotations and straight marks whose
neighbours do not say which way they face (issue 8, part 3)."""
import pytest

from linter.checks.quotes import unbalanced
from linter.engine import lint_text

RULE = "translation.unbalanced-quotes"


def problems(text):
    return [(f.line, f.column, f.message.split(":")[0]) for f in lint_text(text, select=[RULE])]


@pytest.mark.parametrize("text", [
    # news style: each paragraph of a long quotation opens with a mark, only the last closes
    "“We will go on,” he said. “We have always done so.\n\n“And we will win.\n\n“Nothing will stop us.”\n",
    'He said: "We will go on.\n\n"And we will win.\n\n"Nothing will stop us."\n',
    "<p>“We will go on.</p><p>“And we will win.</p><p>“Nothing will stop us,” he said.</p>",
])
def test_multi_paragraph_quotations_are_followed(text):
    fmt = "html" if text.startswith("<p>") else None
    assert lint_text(text, select=[RULE], fmt=fmt, path="a.html" if fmt else "draft.txt") == []


def test_a_quotation_that_stops_running_on_is_still_unclosed():
    text = "“We will go on.\n\n“And we will win.\n\nThe minister then left.\n"
    assert [line for line, _, _ in problems(text)] == [3]


@pytest.mark.parametrize("text", [
    'She wrote, "The answer to hate is compassion? " and left.',   # a space before the closing mark
    'Use code "50OFF699" to get it for $799.99.',                    # a closing mark after a digit
    'A 34" screen, a 27" screen and "quoted words" here.',            # inches stay inches
    'Officials " tackle tourism issues " in the islands.',           # tokenised copy
    'It is subdivided into " Raika / Raika ".',                      # ...and a full stop after the close
])
def test_straight_marks_judged_by_what_is_open(text):
    assert problems(text) == []


@pytest.mark.parametrize("text, stray, unclosed", [
    ('He said " we will win and left.', [], [8]),
    ('The code "50OFF699 works.', [], [9]),
    ('They said "it is over" and " then.', [], [27]),
    ('He said it was over ". Nobody knew.', [], [20]),
])
def test_a_lost_mark_is_still_found(text, stray, unclosed):
    assert unbalanced(text) == (stray, unclosed)
