"""The article's date: --date, metadata, dateline, configuration, today."""
import datetime as dt

import pytest

from linter.dates import dateline_date, parse_any, resolve_date

D = dt.date.fromisoformat
REF = D("2025-06-01")


def test_cli_date_wins_over_everything():
    meta = {"date": "2020-01-01", "date_origin": "front matter"}
    assert resolve_date(D("2025-03-17"), meta, "May 19, 2025", D("2024-01-01")) == (D("2025-03-17"), "--date")


@pytest.mark.parametrize("raw, origin, expected", [
    ("2025-03-17T10:00:00+00:00", "meta", D("2025-03-17")),
    ("2025-03-17", "front matter", D("2025-03-17")),
    (dt.date(2025, 3, 17), "front matter", D("2025-03-17")),
    ("March 17, 2025", "meta", D("2025-03-17")),
    ("17 March 2025 09:00", "meta", D("2025-03-17")),
    ("2025/03/17", "meta", D("2025-03-17")),
])
def test_metadata_dates(raw, origin, expected):
    assert resolve_date(None, {"date": raw, "date_origin": origin}, "", None) == (expected, origin)


def test_unparseable_metadata_falls_through_to_the_dateline():
    meta = {"date": "last Tuesday", "date_origin": "meta"}
    assert resolve_date(None, meta, "KYIV, May 19, 2025 - Text.", None) == (D("2025-05-19"), "dateline")


@pytest.mark.parametrize("text, expected", [
    ("WASHINGTON, March 16 (Reuters) - The president said", D("2025-03-16")),
    ("KYIV, Ukraine, May 19, 2025 — Officials said", D("2025-05-19")),
    ("MOSCOW, Dec. 5 (Reuters) - The Kremlin", D("2024-12-05")),  # no year: the last one before the reference
    ("May 19, 2025", D("2025-05-19")),
    ("19 May 2025", D("2025-05-19")),
    ("2025-05-19", D("2025-05-19")),
    ("March 16, 2025 — Something happened", D("2025-03-16")),
    ("By Jane Doe | May 19, 2025", D("2025-05-19")),
    ("Published: May 19, 2025 10:02 GMT", D("2025-05-19")),
    ("Headline here\nBy Jane Doe\nUpdated on 3 June 2025", D("2025-06-03")),
])
def test_datelines(text, expected):
    assert dateline_date(text, REF) == expected


@pytest.mark.parametrize("text", [
    "The call at 9:00 p.m. on May 19 (Hanoi time) between the two leaders was announced.",
    "The deal signed on March 3, 2022 by both sides was later abandoned by everyone involved.",
    "WASHINGTON – In a development aimed at advancing a ceasefire",
    "Line one\nLine two\nLine three\nLine four\nLine five\nMay 19, 2025",  # too far down
])
def test_dates_in_the_body_are_not_datelines(text):
    assert dateline_date(text, REF) is None


def test_config_then_today():
    assert resolve_date(None, {}, "no date here", D("2024-01-02")) == (D("2024-01-02"), "config")
    assert resolve_date(None, {}, "no date here", None) == (dt.date.today(), "today")


def test_dateline_year_is_inferred_from_the_configured_date():
    assert resolve_date(None, {}, "LONDON, Dec. 30 (AP) - x", D("2025-01-03")) == (D("2024-12-30"), "dateline")


def test_parse_any_rejects_impossible_dates():
    assert parse_any("2025-02-30") is None
    assert parse_any("nonsense") is None


@pytest.mark.parametrize("path, text, source", [
    ("draft.md", "---\ntitle: Talks\ndate: 2025-03-17\n---\n\nOfficials said former President Donald Trump will call.\n",
     "front matter"),
    ("page.html", '<html><head><meta property="article:published_time" content="2025-03-17T08:00:00Z"></head>'
                  "<body><p>Officials said former President Donald Trump will call.</p></body></html>", "meta"),
])
def test_reader_metadata_dates_the_article(path, text, source):
    from linter.engine import lint_text

    [f] = lint_text(text, path=path, select=["fact.former-title"])
    assert f"(article dated 2025-03-17, from {source})" in f.message
