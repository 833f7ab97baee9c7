"""Detection on the annotated seed articles (seeds/expected.yaml), judged
as ../shared/tools/seedscore.py judges it: every high-confidence span is
found, and nothing at warning or above lands outside the annotated spans."""
import datetime as dt

import pytest
import yaml

from conftest import SEEDS
from linter.engine import lint_text

GOLD = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))["articles"]


def spans(line: str, needle: str):
    at = line.find(needle)
    while at >= 0:
        yield at + 1, at + len(needle)
        at = line.find(needle, at + 1)


def hits(finding, expected, lines) -> bool:
    return finding.line == expected["line"] and any(
        finding.column <= end and start <= finding.end_column for start, end in spans(lines[expected["line"] - 1], expected["text"]))


@pytest.fixture(scope="module", params=GOLD, ids=lambda a: a["file"][:3])
def article(request):
    art = request.param
    text = (SEEDS / art["file"]).read_text(encoding="utf-8")
    date = art["date"] if isinstance(art["date"], dt.date) else dt.date.fromisoformat(art["date"])
    return art, text.split("\n"), lint_text(text, path=art["file"], date=date)


def test_every_high_confidence_problem_is_found(article):
    art, lines, found = article
    for expected in art.get("expected") or []:
        if expected["confidence"] == "high":
            assert any(hits(f, expected, lines) for f in found), expected


def test_no_false_alarm_at_warning_or_above(article):
    art, lines, found = article
    expected = art.get("expected") or []
    stray = [f for f in found if f.severity != "info" and not any(hits(f, e, lines) for e in expected)]
    assert stray == []
