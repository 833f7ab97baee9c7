"""The article's date: facts are judged as of the day the article was
published. Resolution order: --date, the date in front matter or HTML meta,
a dateline in the first lines of the text, the configured default, then the
fallback: today (drafts, the default) or none (archives: no verdict).

Every date has a source and a confidence:

    high       --date, front matter, meta, a dateline with its year, configuration
    inferred   a dateline month and day whose year comes from other evidence
               (the configured date, a full date elsewhere in the text)
    ambiguous  a dateline month and day with no evidence of the year (the year
               that puts it on or before today is assumed)
    fallback   no date at all: judged as of today
    none       no date at all, and the fallback is `none`

Fact rules report at full severity only on `high` and `inferred` dates."""
from __future__ import annotations

import datetime as dt
import re
from .records import record
from .regexcache import compiled as compiled_re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH = r"(?P<month>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DASH = r"[-–—|:]"

# A date written out in full, in the forms newsrooms use.
FULL_DATES = [
    compiled_re(rf"\b{YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    compiled_re(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b"),
    compiled_re(rf"\b{DAY}\s+{MONTH},?\s+{YEAR}\b"),
]
# WASHINGTON, March 16 (Reuters) -    KYIV, Ukraine, May 19, 2025 —    LONDON (AP) May 2 -
CITY = r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?"
DATELINE = compiled_re(
    rf"^\s*{CITY}\s*(?:\([^)]{{1,30}}\)\s*)?,?\s*{MONTH}\s+{DAY}(?:,?\s+{YEAR})?\s*(?:\([^)]{{1,30}}\)\s*)?{DASH}"
)
# A line that is (nearly) only a date, perhaps with a label: "Published: May 19, 2025 10:02 GMT".
LABEL = r"(?:(?:published|posted|updated|date|first published|last updated)\s*(?:on)?\s*:?\s*)?"
DATE_LINE_MAX = 60
FIRST_LINES = 5


FALLBACKS = ("today", "none")
TRUSTED = ("high", "inferred")  # confidences at which fact rules report at full severity


@record(frozen=True)
class ArticleDate:
    date: dt.date | None  # None: no date and the fallback is `none`
    source: str  # --date | front matter | meta | dateline | config | today | none
    confidence: str  # high | inferred | ambiguous | fallback | none

    @property
    def trusted(self) -> bool:
        return self.confidence in TRUSTED


def resolve(cli_date, metadata: dict, text: str, config_date, fallback: str = "today") -> ArticleDate:
    """The article's date, its source and how far it can be trusted."""
    if cli_date:
        return ArticleDate(as_date(cli_date), "--date", "high")
    raw = (metadata or {}).get("date")
    parsed = parse_any(raw) if raw else None
    if parsed:
        return ArticleDate(parsed, metadata.get("date_origin") or "front matter", "high")
    found = dateline(text or "", as_date(config_date) if config_date else None)
    if found:
        return found
    if config_date:
        return ArticleDate(as_date(config_date), "config", "high")
    if fallback == "none":
        return ArticleDate(None, "none", "none")
    return ArticleDate(dt.date.today(), "today", "fallback")


def resolve_date(cli_date, metadata: dict, text: str, config_date) -> tuple[dt.date, str]:
    """(date, source) with source one of "--date", "front matter", "meta",
    "dateline", "config", "today"."""
    found = resolve(cli_date, metadata, text, config_date)
    return found.date, found.source


def dateline(text: str, config_date: dt.date | None) -> ArticleDate | None:
    """The dateline's date; a month and day without a year take it from the
    configured date, else from the latest full date in the text, else from
    today, marked ambiguous."""
    today = dt.date.today()
    head = dateline_parts(text)
    if head is None:
        return None
    if isinstance(head, dt.date):
        return ArticleDate(head, "dateline", "high")
    month, day = head
    if config_date:
        found = with_inferred_year(month, day, config_date)
        return ArticleDate(found, "dateline", "inferred") if found else None
    evidence = latest_full_date(text, today)
    if evidence:
        found = year_after(month, day, evidence, today)
        if found:
            return ArticleDate(found, "dateline", "inferred")
    found = with_inferred_year(month, day, today)
    return ArticleDate(found, "dateline", "ambiguous") if found else None


def latest_full_date(text: str, today: dt.date) -> dt.date | None:
    """The latest date written out in full in the text, up to today."""
    found = [d for pattern in FULL_DATES for m in pattern.finditer(text) if (d := from_match(m)) and d <= today]
    return max(found, default=None)


def year_after(month: int, day: int, evidence: dt.date, today: dt.date) -> dt.date | None:
    """The first (month, day) on or after a week before the evidence date (a
    story is filed after the dated events it reports), not after today."""
    for year in (evidence.year, evidence.year + 1):
        found = make_date(year, month, day)
        if found and found >= evidence - dt.timedelta(days=7) and found <= today + dt.timedelta(days=2):
            return found
    return None


def iso_date(value) -> dt.date:
    """The date in a field written YYYY-MM-DD (config `date`, rule examples,
    knowledge files, `--date`); ValueError otherwise. YAML dates reach here as
    strings (yamlutil drops the timestamp resolver). Article metadata is read
    leniently instead, by parse_any: a page's own date may carry a time, a
    zone or be written out."""
    return dt.date.fromisoformat(str(value))


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_any(str(value))
    if parsed is None:
        raise ValueError(f"{value!r} is not a date")
    return parsed


def parse_any(value) -> dt.date | None:
    """A date from a metadata value: a date object, ISO 8601 (with or without
    time and zone), or a written-out date ("May 19, 2025", "19 May 2025")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if m:
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"((?:19|20)\d\d)/(\d\d)/(\d\d)\b", text)
    if m:
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    for pattern in FULL_DATES[1:]:
        m = pattern.search(text)
        if m:
            return from_match(m)
    return None


def dateline_date(text: str, reference: dt.date) -> dt.date | None:
    """The date of a dateline or a date line among the first lines of the text.
    A dateline without a year takes the year that puts it on or before the
    reference date (an article is not dated in the future)."""
    head = dateline_parts(text)
    if head is None or isinstance(head, dt.date):
        return head
    return with_inferred_year(*head, reference)


def dateline_parts(text: str) -> dt.date | tuple[int, int] | None:
    """A dateline's or date line's full date, or (month, day) of a dateline
    without a year, among the first lines of the text."""
    lines = [l for l in text.splitlines() if l.strip()][:FIRST_LINES]
    for line in lines:
        m = DATELINE.match(line)
        if m:
            if m["year"]:
                return from_match(m)
            return MONTHS[m["month"].lower()], int(m["day"])
        found = date_line(line)
        if found:
            return found
    return None


def date_line(line: str) -> dt.date | None:
    """A full date that starts a line ("May 19, 2025 — ...", "Published: ...")
    or makes up nearly all of a short line (a byline's date)."""
    stripped = line.strip()
    body = re.sub(rf"^{LABEL}", "", stripped, flags=re.I)
    for pattern in FULL_DATES:
        m = pattern.match(body)
        if m and (len(stripped) <= DATE_LINE_MAX or re.match(rf"\s*(?:\d\d?:\d\d\s*\w*\s*)?{DASH}", body[m.end():])):
            return from_match(m)
    if len(stripped) <= DATE_LINE_MAX and not stripped.endswith("."):
        for pattern in FULL_DATES:
            m = pattern.search(stripped)
            if m and byline_like(stripped, m):
                return from_match(m)
    return None


def byline_like(line: str, m) -> bool:
    """A short line whose date is set apart ("By Jane Doe | May 19, 2025")."""
    before = line[:m.start()].rstrip()
    return not before or before[-1] in "|,-–—:•·" or before.lower().endswith(("on", "updated", "published"))


def from_match(m) -> dt.date | None:
    month = int(m["mnum"]) if "mnum" in m.re.groupindex and m["mnum"] else MONTHS[m["month"].lower()]
    return make_date(int(m["year"]), month, int(m["day"]))


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def with_inferred_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    for year in (reference.year, reference.year - 1):
        found = make_date(year, month, day)
        if found and found <= reference + dt.timedelta(days=2):
            return found
    return None
