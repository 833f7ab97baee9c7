"""GitHub Actions workflow commands, one a finding:
`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
Escaping follows @actions/toolkit (packages/core/src/command.ts)."""
from __future__ import annotations

from . import relative_posix

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_SUGGESTIONS = 5


def escape_data(text: str) -> str:
    """The message (the part after the second `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`key=value`, comma separated)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value not in (None, ""))
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(report, *, color: bool = False, source_lines=None) -> str:
    lines = [unreadable(entry) for entry in report.files if entry.error]
    lines += [annotation(finding) for finding in report.findings]
    return "".join(line + "\n" for line in lines)


class Stream:
    """Annotations written file by file (linter.reporters.streaming), in
    input order: a file's read error, then its findings."""

    def __init__(self, *, color: bool = False, summary: bool = True):
        pass

    def file(self, entry, findings, lines: dict) -> str:
        out = [unreadable(entry)] if entry.error else []
        out += [annotation(finding) for finding in findings]
        return "".join(line + "\n" for line in out)

    def end(self) -> str:
        return ""


def annotation(finding) -> str:
    same_line = finding.line == finding.end_line  # GitHub ignores columns on a multi-line span
    properties = {
        "file": relative_posix(finding.path), "line": finding.line, "col": finding.column if same_line else None,
        "endLine": finding.end_line, "endColumn": max(finding.end_column, finding.column) if same_line else None,
    }
    properties["title"] = f"artlint {finding.rule}"
    message = finding.message
    if finding.suggestions:
        message += "\nSuggestions: " + ", ".join(finding.suggestions[:MAX_SUGGESTIONS])
    return command(COMMANDS[finding.severity], properties, message)


def unreadable(entry) -> str:
    return command("error", {"file": relative_posix(entry.path), "title": "artlint: file could not be read"}, entry.error)
