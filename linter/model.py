"""The records that flow through the pipeline: findings and their levels."""
from __future__ import annotations

from .records import field, record

CATEGORIES = ("translation", "fact", "boilerplate", "style", "grammar")
SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
APPLICABILITIES = ("safe", "unsafe")  # safe: meaning kept (Kiev -> Kyiv); unsafe: meaning changed


@record(frozen=True)
class Edit:
    """Replace source[start:end] (offsets in the file's decoded text) by `text`."""

    start: int
    end: int
    text: str
    # 1-based (line, column, end_line, end_column) of source[start:end], end_column exclusive
    region: tuple[int, int, int, int] = field(default=(0, 0, 0, 0), compare=False)


@record(frozen=True)
class Fix:
    """Edits that together repair one finding, applied all or none; only a
    rule that declares `fix: safe|unsafe` makes them (a spelling guess is a
    suggestion, not a fix)."""

    edits: tuple[Edit, ...]
    applicability: str = "safe"
    replacement: str = ""  # the whole new text of the finding's span, for descriptions

    def allowed(self, unsafe: bool) -> bool:
        return self.applicability == "safe" or unsafe

    def to_dict(self) -> dict:
        return {"applicability": self.applicability, "replacement": self.replacement,
                "edits": [{"start": e.start, "end": e.end, "text": e.text} for e in self.edits]}


@record(frozen=True, order=False, slots=True)  # slots: a held report keeps every finding
class Finding:
    """One problem at one span of one file. Lines and columns are 1-based,
    counted in characters; `end_column` is inclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    match: str
    suggestions: tuple[str, ...] = ()
    score: float | None = None
    extra: tuple[tuple[str, object], ...] = field(default=(), compare=False)
    start: int | None = field(default=None, compare=False)  # source offsets of the span (end exclusive)
    end: int | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.rule)

    def to_dict(self) -> dict:
        out = {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "rule": self.rule, "category": self.category, "severity": self.severity,
            "message": self.message, "match": self.match,
            "suggestions": list(self.suggestions),
        }
        if self.score is not None:
            out["score"] = round(self.score, 4)
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        out.update(dict(self.extra))
        return out


def at_least(severity: str, floor: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor]


MAX_ERROR_LENGTH = 1000  # characters of an error line; the data it quotes may be huge


def one_line(text: str, limit: int = MAX_ERROR_LENGTH) -> str:
    """`text` on one line, cut to `limit` characters (with a mark that it was)."""
    text = " ".join(str(text).splitlines())
    return text if len(text) <= limit else text[:limit - 30] + f"… ({len(text):,} characters in all)"


class LintError(Exception):
    """A problem the user must fix (bad rule, bad config, unreadable file).
    Its message is one line and names the file."""

    def __init__(self, message: str = ""):
        super().__init__(one_line(message))


@record
class FileResult:
    """What the report says of one file: the date its facts were judged
    against, and the error that kept it from being checked, if any."""

    path: str
    findings: int = 0
    date: str | None = None
    date_source: str | None = None
    error: str | None = None
    date_confidence: str | None = None  # high | inferred | ambiguous | fallback | none (linter.dates)
    # filled by Session.lint_text: the findings themselves, check failures, notices, the Document
    found: list = field(default_factory=list, repr=False)
    errors: list = field(default_factory=list, repr=False)
    warnings: list = field(default_factory=list, repr=False)
    document: object = field(default=None, repr=False)

    def to_dict(self) -> dict:
        out = {"path": self.path, "date": self.date, "date_source": self.date_source, "findings": self.findings}
        if self.date_confidence:
            out["date_confidence"] = self.date_confidence
        if self.error:
            out["error"] = self.error
        return out


@record
class Report:
    """Everything a reporter needs: the findings (sorted), one entry per
    file, and the rules that ran (id -> linter.rules.Rule) for metadata."""

    findings: list[Finding]
    files: list[FileResult]
    rules: dict = field(default_factory=dict)
    fail_level: str = "warning"
    notices: list[str] = field(default_factory=list)  # errors that make the exit status 2
    file_fail_levels: dict = field(default_factory=dict)  # path -> its configuration's fail_level
    warnings: list[str] = field(default_factory=list)  # notices that do not (a service skipped)

    def fail_level_of(self, path: str) -> str:
        return self.file_fail_levels.get(path, self.fail_level)

    def failed(self) -> bool:
        return any(at_least(f.severity, self.fail_level_of(f.path)) for f in self.findings)

    def use_fail_level(self, level: str) -> None:
        """--fail-level: one level for every file, whatever their configurations say."""
        self.fail_level, self.file_fail_levels = level, {}

    def exit_code(self) -> int:
        """2 errors (a rule failed, a file could not be read), 1 findings at
        or above the failure level, else 0."""
        if self.notices or any(r.error for r in self.files):
            return 2
        return 1 if self.failed() else 0

    def keep_failing_only(self) -> None:
        """--quiet: drop the findings below each file's failure level."""
        self.findings = [f for f in self.findings if at_least(f.severity, self.fail_level_of(f.path))]
        counts = {}
        for f in self.findings:
            counts[f.path] = counts.get(f.path, 0) + 1
        for result in self.files:
            result.findings = counts.get(result.path, 0)
