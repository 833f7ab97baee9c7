"""SARIF 2.1.0 report, for code-scanning UIs: one run, the rules that ran as
`tool.driver.rules` (with help text), one result a finding, and the files
that could not be read as tool execution notifications."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .. import __version__
from ..explain import rule_help
from . import relative_posix

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/artlint/artlint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "artlintMatchHash/v1"
SRCROOT = "%SRCROOT%"
CONTEXT_CHARS = 200  # longest context snippet given for a long line


def render(report, *, color: bool = False, source_lines=None) -> str:
    rule_ids = list(report.rules) + sorted({f.rule for f in report.findings} - set(report.rules))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = {
        "tool": {"driver": {
            "name": "artlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(rule_id, report.rules.get(rule_id)) for rule_id in rule_ids],
        }},
        "invocations": [invocation(report)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",  # artlint counts columns in characters
        "results": [result(f, index[f.rule], source_lines) for f in report.findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def rule_descriptor(rule_id: str, rule) -> dict:
    """A reportingDescriptor; a finding whose rule is not in the report's
    rules (it should not happen) still gets a minimal one."""
    if rule is None:
        return {"id": rule_id, "name": rule_id}
    short = first_sentence(rule.description)
    out = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule_help(rule), "markdown": rule_help(rule, markdown=True)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "pack": rule.pack, "check": rule.check,
                       "tags": [rule.category]},
    }
    if rule.link:
        out["helpUri"] = rule.link
    return out


def first_sentence(text: str) -> str:
    paragraph = text.strip().split("\n\n")[0].replace("\n", " ")
    head, dot, _ = paragraph.partition(". ")
    return head + "." if dot else paragraph


def result(finding, rule_index: int, source_lines) -> dict:
    line_text = source_lines(finding.path, finding.line) if source_lines else None
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": end_column(finding),
        "snippet": {"text": finding.match},
    }
    location = {"physicalLocation": {"artifactLocation": artifact(finding.path), "region": region}}
    if line_text is not None:
        location["physicalLocation"]["contextRegion"] = context_region(finding, line_text.rstrip("\r\n"))
    out = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, line_text)},
        "properties": {"category": finding.category},
    }
    if finding.suggestions:
        out["properties"]["suggestions"] = list(finding.suggestions)
    if finding.fix is not None:  # only a rule's declared fix, never a spelling guess
        out["fixes"] = [fix(finding)]
    if finding.score is not None:
        out["properties"]["score"] = round(finding.score, 4)
    return out


def end_column(finding) -> int:
    """SARIF's endColumn is exclusive; artlint's is inclusive. A span never
    ends before it starts on its own line."""
    last = max(finding.end_column, finding.column) if finding.end_line == finding.line else finding.end_column
    return last + 1


def context_region(finding, line_text: str) -> dict:
    """The finding's line, or a stretch of it around the span when the line
    is a long paragraph."""
    if len(line_text) <= 2 * CONTEXT_CHARS:
        return {"startLine": finding.line, "snippet": {"text": line_text}}
    last = finding.end_column if finding.end_line == finding.line else len(line_text)
    start = max(1, finding.column - CONTEXT_CHARS // 2)
    end = min(len(line_text), max(last, finding.column) + CONTEXT_CHARS // 2)
    return {"startLine": finding.line, "startColumn": start, "endLine": finding.line, "endColumn": end + 1,
            "snippet": {"text": line_text[start - 1:end]}}


def fix(finding) -> dict:
    """The finding's Fix: each edit's region is exactly the source text it
    replaces (the document refused edits that cross markup)."""
    replacements = []
    for edit in finding.fix.edits:
        line, column, end_line, end_col = edit.region
        replacements.append({
            "deletedRegion": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_col},
            "insertedContent": {"text": edit.text},
        })
    return {
        "description": {"text": f"Replace '{finding.match}' with '{finding.fix.replacement}' ({finding.fix.applicability} fix)"},
        "artifactChanges": [{"artifactLocation": artifact(finding.path), "replacements": replacements}],
    }


def fingerprint(finding, line_text: str | None) -> str:
    """Stable across runs and across edits that move the line: the rule, the
    file, the matched text and the text of its line (not the line number)."""
    parts = [finding.rule, relative_posix(finding.path), finding.match, (line_text or "").strip()]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]


def artifact(path: str) -> dict:
    """A relative path is given against %SRCROOT% (the working directory);
    an absolute one outside it becomes a file: URI."""
    posix = relative_posix(path)
    if os.path.isabs(posix) or PurePosixPath(posix).is_absolute():
        return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def invocation(report) -> dict:
    notes = [unreadable(entry) for entry in report.files if entry.error]
    notes += [{"level": "error", "message": {"text": text}} for text in report.notices]
    notes += [{"level": "warning", "message": {"text": text}} for text in getattr(report, "warnings", [])]
    failed = bool(report.notices) or any(entry.error for entry in report.files)
    return {"executionSuccessful": not failed, "toolExecutionNotifications": notes}


def unreadable(entry) -> dict:
    return {
        "level": "error",
        "message": {"text": entry.error if entry.error.startswith(entry.path) else f"{entry.path}: {entry.error}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(entry.path)}}],
        "descriptor": {"id": "artlint.unreadable-file"},
    }
