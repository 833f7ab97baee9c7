"""The article's date: --date, metadata, dateline, configuration, today."""
import datetime as dt
from pathlib import Path

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


# ---- date confidence and the fallback ------------------------------------

from linter.dates import resolve  # noqa: E402


def test_every_date_has_a_source_and_a_confidence():
    assert resolve(D("2025-03-17"), {}, "", None).confidence == "high"
    assert resolve(None, {"date": "2025-03-17", "date_origin": "meta"}, "", None).confidence == "high"
    assert resolve(None, {}, "KYIV, May 19, 2025 - Text.", None).confidence == "high"
    assert resolve(None, {}, "no date here", D("2024-01-02")).source == "config"
    undated = resolve(None, {}, "no date here", None)
    assert (undated.date, undated.source, undated.confidence) == (dt.date.today(), "today", "fallback")
    assert not undated.trusted
    archive = resolve(None, {}, "no date here", None, fallback="none")
    assert (archive.date, archive.source, archive.confidence) == (None, "none", "none")


def test_dateline_without_a_year_takes_it_from_a_full_date_in_the_text():
    text = "MOSCOW, Dec. 5 (Reuters) - The Kremlin said talks held on November 28, 2019 went well."
    found = resolve(None, {}, text, None)
    assert (found.date, found.source, found.confidence) == (D("2019-12-05"), "dateline", "inferred")
    assert found.trusted
    # the event was in late December: a January dateline is the next year
    later = resolve(None, {}, "MOSCOW, Jan. 3 (Reuters) - Talks on December 30, 2019 ended.", None)
    assert later.date == D("2020-01-03") and later.confidence == "inferred"


def test_dateline_without_a_year_and_no_evidence_is_ambiguous():
    found = resolve(None, {}, "MOSCOW, Dec. 5 (Reuters) - The Kremlin said on Monday.", None)
    assert found.source == "dateline" and found.confidence == "ambiguous" and not found.trusted
    assert found.date <= dt.date.today() + dt.timedelta(days=2)


def test_configured_date_is_evidence_of_the_year():
    found = resolve(None, {}, "LONDON, Dec. 30 (AP) - x", D("2025-01-03"))
    assert (found.date, found.confidence) == (D("2024-12-30"), "inferred")


def test_undated_fact_findings_are_info_by_default_and_absent_with_fallback_none():
    from linter.config import Config
    from linter.engine import lint_text

    text = "Officials said Chancellor Angela Merkel would visit Paris."
    [f] = lint_text(text, select=["fact"])
    assert f.rule == "fact.stale-title" and f.severity == "info"
    assert "today, the article has no date" in f.message
    [f] = lint_text(text, select=["fact"], config=Config(date_fallback="none"))
    assert f.rule == "fact.undated" and f.severity == "info" and "1 title(s)" in f.message
    [f] = lint_text("BERLIN, March 3 (Reuters) - " + text, select=["fact"])
    assert f.rule == "fact.stale-title" and f.severity == "info" and "a dateline without a year" in f.message
    [f] = lint_text("BERLIN, March 3, 2023 (Reuters) - " + text, select=["fact"])
    assert f.rule == "fact.stale-title" and f.severity == "error"


def test_json_report_says_which_date_and_fallback(tmp_path):
    import json

    from click.testing import CliRunner

    from linter.cli import main

    (tmp_path / "a.txt").write_text("Chancellor Angela Merkel spoke.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BERLIN, March 3, 2023 (Reuters) - Chancellor Angela Merkel spoke.\n", encoding="utf-8")
    for fallback, date, source, confidence in (("today", dt.date.today().isoformat(), "today", "fallback"),
                                               ("none", None, "none", "none")):
        result = CliRunner().invoke(main, ["check", "--format", "json", "--date-fallback", fallback, str(tmp_path)])
        files = {Path(e["path"]).name: e for e in json.loads(result.output)["files"]}
        assert (files["a.txt"]["date"], files["a.txt"]["date_source"], files["a.txt"]["date_confidence"]) == (
            date, source, confidence)
        assert files["b.txt"]["date"] == "2023-03-03" and files["b.txt"]["date_confidence"] == "high"
        assert result.exit_code == 1  # b.txt's stale title is an error whatever the fallback


def test_text_report_says_when_the_year_is_assumed(tmp_path):
    from click.testing import CliRunner

    from linter.cli import main

    (tmp_path / "d.txt").write_text("BERLIN, March 3 (Reuters) - Chancellor Angela Merkel met Macron.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-color", str(tmp_path / "d.txt")])
    assert "the dateline gives no year, so the year is assumed" in result.output
    assert result.exit_code == 0  # the stale title is only info on a guessed date


def test_iso_date_is_the_one_parser_of_date_fields():
    from linter.dates import iso_date

    assert iso_date("2025-06-01") == D("2025-06-01")
    with pytest.raises(ValueError):
        iso_date("2025-13-01")
    with pytest.raises(ValueError):
        iso_date("May 19, 2025")  # article metadata may say so (parse_any); a config field may not
