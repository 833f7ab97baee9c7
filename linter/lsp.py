"""`artlint lsp`: a Language Server Protocol server over stdio (pygls).

Diagnostics are published when a document is opened or saved, and a short
while after it stops changing (debounced); a fix of a finding is offered as
a code action. Each document is linted under the configuration found from
its own folder, and as of the date its front matter gives. A document that
cannot be read, or a broken configuration, becomes one diagnostic at the
top of the document: the server keeps running.

pygls is imported only here, so the rest of artlint never pays for it."""
from __future__ import annotations

import asyncio
import bisect
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import __version__
from .model import Finding, LintError

DEBOUNCE_SECONDS = 0.3
SEVERITY = {"error": 1, "warning": 2, "info": 3}  # lsprotocol DiagnosticSeverity values
LINE_BREAK = re.compile(r"\r\n|\n|\r")


class Positions:
    """Source offsets to LSP positions: 0-based line, character counted in
    UTF-16 code units (what every client supports)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        prefix = self.text[self.starts[line]:offset]
        return line, len(prefix.encode("utf-16-le")) // 2

    def span(self, finding: Finding) -> tuple[tuple[int, int], tuple[int, int]]:
        """The finding's start and end positions; from its 1-based line and
        column (end inclusive) when it carries no source offsets."""
        if finding.start is not None and finding.end is not None:
            return self.at(finding.start), self.at(finding.end)
        start = self.starts[finding.line - 1] + finding.column - 1
        end = self.starts[finding.end_line - 1] + finding.end_column
        return self.at(start), self.at(end)


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    text: str
    findings: list[Finding]


def path_of(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return str(Path.cwd() / (Path(unquote(parsed.path)).name or "untitled.txt"))


class Linter:
    """The lint side of the server, without pygls: a Session whose
    configuration is looked up from each document's folder."""

    def __init__(self):
        from .engine import Selection
        from .session import Session

        self.session = Session(selection=Selection(), config_for=self.config_for)
        self.configs: dict = {}  # (config file, its mtime) -> Config
        self.linted: dict[str, Linted] = {}

    def config_for(self, file: Path):
        """The configuration nearest the document, read again when its file changes."""
        from .config import find_config, load_config

        found = find_config(file.resolve().parent)
        key = (found, found.stat().st_mtime_ns if found else None)
        if key not in self.configs:
            self.configs[key] = load_config(found)
        return self.configs[key]

    def lint(self, uri: str, text: str, version: int | None) -> tuple[list[Finding], str | None]:
        """The findings, and the one-line problem that kept the document from being checked."""
        try:
            result = self.session.lint_text(path_of(uri), text)
        except LintError as exc:  # a broken configuration or rule pack
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the server down
            problem = f"internal error: {type(exc).__name__}: {exc}"
        else:
            problem = result.error or (result.errors[0] if result.errors else None)
            self.linted[uri] = Linted(version, text, result.found)
            return result.found, problem
        self.linted[uri] = Linted(version, text, [])
        return [], problem


def diagnostics(findings: list[Finding], text: str, problem: str | None):
    from lsprotocol import types

    where = Positions(text)
    out = []
    for f in findings:
        start, end = where.span(f)
        out.append(types.Diagnostic(
            range=types.Range(types.Position(*start), types.Position(*end)),
            message=f.message, severity=types.DiagnosticSeverity(SEVERITY[f.severity]),
            code=f.rule, source="artlint",
        ))
    if problem:
        out.append(types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                    message=f"artlint: {problem}", severity=types.DiagnosticSeverity.Error,
                                    source="artlint"))
    return out


def code_actions(uri: str, linted: Linted, wanted):
    """A quick fix for each fixable finding that touches the range `wanted`."""
    from lsprotocol import types

    where = Positions(linted.text)
    actions = []
    for f in linted.findings:
        if f.fix is None:
            continue
        start, end = where.span(f)
        if end < (wanted.start.line, wanted.start.character) or start > (wanted.end.line, wanted.end.character):
            continue
        edits = [types.TextEdit(range=types.Range(types.Position(*where.at(e.start)), types.Position(*where.at(e.end))),
                                new_text=e.text) for e in f.fix.edits]
        unsafe = " (changes the meaning)" if f.fix.applicability == "unsafe" else ""
        diagnostic = types.Diagnostic(range=types.Range(types.Position(*start), types.Position(*end)),
                                      message=f.message, code=f.rule, source="artlint")
        actions.append(types.CodeAction(
            title=f"Replace '{f.match}' with '{f.fix.replacement}'{unsafe}",
            kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            is_preferred=f.fix.applicability == "safe",
            edit=types.WorkspaceEdit(changes={uri: edits}),
        ))
    return actions


def build_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("artlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
    linter = Linter()
    worker = ThreadPoolExecutor(max_workers=1)  # one lint at a time; the event loop stays free
    pending: dict[str, asyncio.Task] = {}

    async def lint_later(uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        document = server.workspace.get_text_document(uri)
        text, version = document.source, document.version
        findings, problem = await asyncio.get_running_loop().run_in_executor(worker, linter.lint, uri, text, version)
        if server.workspace.get_text_document(uri).version != version:
            return  # a newer change is on its way
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics(findings, text, problem)))

    def schedule(uri: str, delay: float) -> None:
        if uri in pending:
            pending[uri].cancel()
        pending[uri] = asyncio.ensure_future(lint_later(uri, delay))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls, params: types.DidOpenTextDocumentParams):
        schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls, params: types.DidChangeTextDocumentParams):
        schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls, params: types.DidSaveTextDocumentParams):
        schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        if uri in pending:
            pending.pop(uri).cancel()
        linter.linted.pop(uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        linted = linter.linted.get(uri)
        if linted is None or linted.text != document.source:  # stale: lint what the editor has now
            await asyncio.get_running_loop().run_in_executor(worker, linter.lint, uri, document.source, document.version)
            linted = linter.linted[uri]
        return code_actions(uri, linted, params.range)

    return server


def serve() -> None:
    build_server().start_io()
