"""Properties of the readers and the engine on random input (Hypothesis):
random text, Markdown and HTML and mutations of the seed articles. No
exception escapes and no rule fails, every finding points at a character
of the file, and a suppression comment never moves another finding.
Kept fast: a few hundred examples; bench/fuzz.py is the long run."""
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine import RuleSet, Selection, lint_documents
from linter.readers import decode, read_source
from linter.model import LintError

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
FRAGMENTS = [
    "Kiev", "rearmail", "approvedly", "former President Donald Trump", "Voldymir Zelensky", "Discover more from",
    "About The Author", "(Hanoi time)", "truth social", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ",", "“", "”",
    "\"", "'", "’", "-", "—", "…", "&amp;", "&jerry;", "&#xD800;", "&#0;", "&#x110000;", "&NotEqualTilde;", "&#",
    "&", "<", ">", "<p>", "</p>", "<div>", "</div>", "<li>", "<td>", "<br>", "<script>", "</script>", "<pre>",
    "<!--", "-->", "<!-- artlint-disable -->", "<!-- artlint-enable -->", "<!-- artlint-disable-next-line style -->",
    "---\n", "```", "`", "**", "_", "#", "## ", "> ", "- ", "1. ", "|", "[", "](", ")", "![", "https://example.com/x",
    "WASHINGTON, March 16 (Reuters) -", "May 19, 2025", "é", "ß", "日本", "\u0301", "\u200b", "\ufeff", "\x0c", "\x85",
    "\u2028", "qz" * 30,
]
FORMATS = ("text", "markdown", "html")
SUFFIX = {"text": "txt", "markdown": "md", "html": "html"}


@pytest.fixture(scope="module")
def ruleset():
    return RuleSet(Config(), Selection(date=dt.date(2025, 6, 1)))


fragments = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)


@st.composite
def seed_mutations(draw):
    text = draw(st.sampled_from(SEEDS)).read_text(encoding="utf-8")[:3000]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if op == "insert":
            text = text[:at] + draw(fragments) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(0, 200)):]
        else:
            text = text[:at] + text[at:at + draw(st.integers(0, 200))] * 2 + text[at + 200:]
    return text


def lint(ruleset, path: str, source: str, fmt: str):
    doc = read_source(path, source, fmt)
    for block in doc.blocks:
        assert len(block.origins) == len(block.text)
        assert all(0 <= o < len(source) for o in block.origins)
        assert all(a <= b for a, b in zip(block.origins, block.origins[1:]))  # never backwards
    findings, errors = lint_documents([doc], ruleset, Selection(date=dt.date(2025, 6, 1)))
    assert errors == [], errors
    for f in findings:
        assert_inside(doc, f)
    return findings


def assert_inside(doc, f):
    starts = doc.line_starts
    for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
        assert 1 <= line <= len(starts), f
        offset = starts[line - 1] + column - 1
        assert column >= 1 and offset < len(doc.source), f
        assert offset < (starts[line] if line < len(starts) else len(doc.source) + 1), f  # on that line
    assert (f.line, f.column) <= (f.end_line, f.end_column), f


SETTINGS = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


@SETTINGS
@given(source=st.one_of(fragments, st.text(max_size=300)), fmt=st.sampled_from(FORMATS))
def test_random_input_never_breaks_a_reader_or_a_rule(ruleset, source, fmt):
    lint(ruleset, f"draft.{SUFFIX[fmt]}", source, fmt)


@SETTINGS
@given(source=seed_mutations(), fmt=st.sampled_from(FORMATS))
def test_mutated_seeds_never_break_a_reader_or_a_rule(ruleset, source, fmt):
    lint(ruleset, f"seed.{SUFFIX[fmt]}", source, fmt)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), bom=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                                                          b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]))
def test_any_bytes_decode_to_text_or_one_error_line(data, bom):
    try:
        text = decode("x.md", bom + data, "markdown")
    except LintError as exc:
        assert str(exc).startswith("x.md: ") and "\n" not in str(exc)
        return
    assert "\x00" not in text[:8192]
    read_source("x.md", text)


words = st.lists(st.sampled_from(["Kiev", "rearmail", "talks", "in", "the", "city", "&amp;", "&jerry;", "Trump",
                                  "former", "President", "Donald", "said", "“quoted”", "Kyiv", "(Hanoi time)"]),
                 min_size=1, max_size=12).map(" ".join)


@SETTINGS
@given(paragraphs=st.lists(words, min_size=2, max_size=6), cut=st.integers(1, 5),
       fmt=st.sampled_from(("text", "markdown", "html")))
def test_a_suppression_comment_never_moves_other_findings(ruleset, paragraphs, cut, fmt):
    cut = min(cut, len(paragraphs) - 1)
    wrap = (lambda p: f"<p>{p}</p>") if fmt == "html" else (lambda p: p)
    before, after = [wrap(p) for p in paragraphs[:cut]], [wrap(p) for p in paragraphs[cut:]]
    plain = "\n\n".join(before + after) + "\n"
    switched = "\n\n".join(before + ["<!-- artlint-disable style.place-names -->"] + after) + "\n"
    path = f"draft.{SUFFIX[fmt]}"
    first_after = 2 * cut + 1  # the line the first paragraph after the comment starts on
    expected = [(f.rule, f.line + (2 if f.line >= first_after else 0), f.column, f.end_column, f.match)
                for f in lint(ruleset, path, plain, fmt)
                if not (f.rule == "style.place-names" and f.line >= first_after)]
    got = [(f.rule, f.line, f.column, f.end_column, f.match) for f in lint(ruleset, path, switched, fmt)]
    assert sorted(got) == sorted(expected)
