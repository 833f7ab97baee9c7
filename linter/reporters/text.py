"""Text report, for people: one header line a finding
(`path:line:col: severity [rule] message`), the source line with the span
underlined, then a summary. ANSI colour only when asked for."""
from __future__ import annotations

import unicodedata
from collections import Counter

from ..model import SEVERITIES

TAB_STOP = 4
MAX_SNIPPET_WIDTH = 100  # terminal cells of source text shown around a span
MAX_SUGGESTIONS = 5
REPLACEMENT = "\ufffd"

DATE_SOURCES = {
    "today": "today's date: the article gives none; set it with --date",
    "config": "the configured default date",
}
STYLES = {
    "error": "1;31", "warning": "1;33", "info": "1;36",
    "path": "1", "rule": "2", "gutter": "34", "note": "1;35", "summary": "1",
}


class Painter:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{STYLES[style]}m{text}\x1b[0m"


def render(report, *, color: bool = False, source_lines=None, summary: bool = True) -> str:
    paint = Painter(color)
    entries = {entry.path: entry for entry in report.files}
    by_path: dict[str, list] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    paths = list(entries) + [p for p in by_path if p not in entries]
    out: list[str] = []
    for path in paths:
        out += file_lines(path, entries.get(path), by_path.get(path, []), paint, source_lines)
    if summary:
        out.append(summary_line(report, paint))
    return "".join(line + "\n" for line in out)


def file_lines(path, entry, findings, paint, source_lines) -> list[str]:
    out = []
    # a file's error goes to stderr (linter.cli), not into the report; the summary counts it
    if entry is not None and entry.date and any(f.category == "fact" for f in findings):
        out.append(f"{paint('path', path)}: {paint('note', 'note')}: facts judged as of {entry.date}{date_origin(entry.date_source)}"
                   + WEAK_DATES.get(entry.date_confidence or "", ""))
    for finding in findings:
        out += finding_lines(finding, paint, source_lines)
    return out


WEAK_DATES = {  # linter.dates confidences below which fact findings are only `info`
    "ambiguous": "; the dateline gives no year, so the year is assumed and fact findings are info",
    "fallback": "; the file has no date, so fact findings are info",
}


def date_origin(source: str | None) -> str:
    if not source:
        return ""
    return " (" + DATE_SOURCES.get(source, f"from {source}") + ")"


def error_text(path: str, error: str) -> str:
    """The error without a leading `path:` (LintError messages name the file)."""
    prefix = f"{path}:"
    return error[len(prefix):].strip() if error.startswith(prefix) else error


def finding_lines(finding, paint, source_lines) -> list[str]:
    where = f"{finding.path}:{finding.line}:{finding.column}:"
    header = (f"{paint('path', where)} {paint(finding.severity, finding.severity)} "
              f"{paint('rule', '[' + finding.rule + ']')} {clean(finding.message)}")
    out = [header]
    text = source_lines(finding.path, finding.line) if source_lines else None
    if text is not None:
        out += snippet(finding, text, paint)
    if finding.suggestions:
        shown = ", ".join(clean(s) for s in finding.suggestions[:MAX_SUGGESTIONS])
        more = " …" if len(finding.suggestions) > MAX_SUGGESTIONS else ""
        label = "suggestion" if len(finding.suggestions) == 1 else "suggestions"
        out.append(f"    = {label}: {shown}{more}")
    return out


def snippet(finding, text: str, paint) -> list[str]:
    """The source line (clipped around the span when long) and, under it,
    `^~~~` spanning the finding's characters on that line."""
    text = text.rstrip("\r\n")
    start = min(max(finding.column - 1, 0), len(text))
    end = finding.end_column if finding.end_line == finding.line else len(text)
    end = min(max(end, start + 1), len(text))
    # only the characters that can be shown are measured: a line may be 250,000 long
    margin = 4 * MAX_SNIPPET_WIDTH
    first, last = max(0, start - margin), min(len(text), end + margin, start + 2 * margin)
    cells = display_cells(text[first:last])
    start, end = min(start - first, len(cells)), min(end - first, len(cells))
    lo, hi = window([w for _, w in cells], start, end, MAX_SNIPPET_WIDTH)
    shown = "".join(s for s, _ in cells[lo:hi])
    pad = sum(w for _, w in cells[lo:start])
    width = max(1, sum(w for _, w in cells[start:min(end, hi)]))
    if lo > 0 or first > 0:
        shown, pad = "…" + shown, pad + 1
    if hi < len(cells) or last < len(text):
        shown += "…"
    number = str(finding.line)
    gutter = paint("gutter", f" {' ' * len(number)} |")
    marks = paint(finding.severity, "^" + "~" * (width - 1))
    return [f"{paint('gutter', f' {number} |')} {shown}".rstrip(), f"{gutter} {' ' * pad}{marks}"]


def display_cells(text: str) -> list[tuple[str, int]]:
    """(what to print, terminal width) for each character of `text`: tabs
    expanded to the next stop, wide East Asian characters 2 cells, combining
    marks 0, control characters replaced (they could drive the terminal)."""
    cells, column = [], 0
    for char in text:
        if char == "\t":
            width = TAB_STOP - column % TAB_STOP
            cells.append((" " * width, width))
        else:
            shown = clean(char)
            width = char_width(shown)
            cells.append((shown, width))
        column += cells[-1][1]
    return cells


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def window(widths: list[int], start: int, end: int, limit: int) -> tuple[int, int]:
    """[lo, hi) of the characters to show so that the span [start, end) is
    visible with some context before it, in at most `limit` cells."""
    if sum(widths) <= limit:
        return 0, len(widths)
    lo, hi = start, max(end, start + 1)
    used = sum(widths[lo:hi])
    while hi > lo + 1 and used > limit:  # a span longer than the window: keep its start
        hi -= 1
        used -= widths[hi]
    context = max(0, limit - used) // 3
    while lo > 0 and widths[lo - 1] <= context:
        lo -= 1
        context -= widths[lo]
        used += widths[lo]
    while hi < len(widths) and used + widths[hi] <= limit:
        used += widths[hi]
        hi += 1
    while lo > 0 and used + widths[lo - 1] <= limit:
        lo -= 1
        used += widths[lo]
    return lo, hi


def clean(text: str) -> str:
    """Text safe to print: control characters (escape sequences) replaced."""
    return "".join(REPLACEMENT if unicodedata.category(c) == "Cc" and c != "\t" else c for c in text)


def summary_line(report, paint) -> str:
    unread = sum(1 for entry in report.files if entry.error)
    checked = len(report.files) - unread if report.files else len({f.path for f in report.findings})
    return summary_of(checked, unread, Counter(f.severity for f in report.findings), paint)


def summary_of(checked: int, unread: int, counts: Counter, paint) -> str:
    total = sum(counts.values())
    if total:
        parts = [plural(counts[s], s, "" if s == "info" else "s") for s in reversed(SEVERITIES) if counts[s]]
        line = f"{plural(total, 'finding')} ({', '.join(parts)}) in {plural(checked, 'file')}"
    else:
        line = f"No findings in {plural(checked, 'file')}"
    if unread:
        line += f"; {plural(unread, 'file')} could not be read"
    return paint("summary", line)


class Stream:
    """The text report written file by file (linter.reporters.streaming):
    the same text as render() when the files come in the report's order."""

    def __init__(self, *, color: bool = False, summary: bool = True):
        self.paint, self.summary = Painter(color), summary
        self.checked = self.unread = 0
        self.counts: Counter = Counter()

    def file(self, entry, findings, lines: dict) -> str:
        self.unread += bool(entry.error)
        self.checked += not entry.error
        self.counts.update(f.severity for f in findings)
        shown = file_lines(entry.path, entry, findings, self.paint, lambda path, line: lines.get(line))
        return "".join(line + "\n" for line in shown)

    def end(self) -> str:
        return summary_of(self.checked, self.unread, self.counts, self.paint) + "\n" if self.summary else ""


def plural(n: int, word: str, suffix: str = "s") -> str:
    return f"{n} {word}{'' if n == 1 else suffix}"
