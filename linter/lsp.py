"""`artlint lsp`: a Language Server Protocol server over stdio (pygls).

The editor sends its changes incrementally; diagnostics are published when
a document is opened or saved, and a short while after it stops changing
(debounced). A fix of a finding is offered as a quick fix, and all the safe
fixes of a document at once as a `source.fixAll` action. Each document is
linted under the configuration found from its own folder, read again when
a configuration file changes, and as of the date its front matter gives. A
document that cannot be read, or a broken configuration, becomes one
diagnostic at the top of the document: the server keeps running.

pygls is imported only here, so the rest of artlint never pays for it."""
from __future__ import annotations

import asyncio
import bisect
import difflib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import __version__
from .model import Finding, LintError

DEBOUNCE_SECONDS = 0.3
SEVERITY = {"error": 1, "warning": 2, "info": 3}  # lsprotocol DiagnosticSeverity values
LINE_BREAK = re.compile(r"\r\n|\n|\r")  # the LSP's line ends (str.splitlines also splits at U+2028, \f, ...)
UNITS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}
CONFIG_FILES = (".artlint.yaml", ".artlint.yml", "pyproject.toml")
FIX_ALL = "source.fixAll"


class Positions:
    """Source offsets to and from LSP positions: 0-based line, character
    counted in the code units of the negotiated encoding (UTF-16 unless
    the client and server agreed on another)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.codec, self.width = UNITS.get(encoding, UNITS["utf-16"])
        self.starts, self.ends = [0], []  # each line's first offset, and where its content ends
        for m in LINE_BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def units(self, text: str) -> int:
        return len(text.encode(self.codec, "surrogatepass")) // self.width

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, self.units(self.text[self.starts[line]:offset])

    def offset(self, line: int, character: int) -> int:
        """The offset of a position; as the LSP says, a character past the
        end of its line means the line's end, a line past the last the
        document's end. A position inside a character means its start."""
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[max(line, 0)], self.ends[max(line, 0)]
        content = self.text[start:end]
        if self.width == 4 or content.isascii():
            return start + min(max(character, 0), len(content))
        count = 0
        for i, char in enumerate(content):
            count += self.units(char)
            if count > character:
                return start + i
        return end

    def span(self, finding: Finding) -> tuple[tuple[int, int], tuple[int, int]]:
        """The finding's start and end positions; from its 1-based line and
        column (end inclusive) when it carries no source offsets."""
        if finding.start is not None and finding.end is not None:
            return self.at(finding.start), self.at(finding.end)
        start = self.starts[finding.line - 1] + finding.column - 1
        end = self.starts[finding.end_line - 1] + finding.end_column
        return self.at(start), self.at(end)

    def range(self, start: int, end: int):
        from lsprotocol import types

        return types.Range(types.Position(*self.at(start)), types.Position(*self.at(end)))


def apply_change(text: str, change, encoding: str = "utf-16") -> str:
    """The text after one content change: a range and its new text, or
    (no range) the whole new text. Changes of one notification apply in
    order, each to the text the previous one left."""
    where = getattr(change, "range", None)
    if where is None:
        return change.text
    positions = Positions(text, encoding)
    start = positions.offset(where.start.line, where.start.character)
    end = positions.offset(where.end.line, where.end.character)
    start, end = min(start, end), max(start, end)
    return text[:start] + change.text + text[end:]


def text_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, new text) edits, in offsets of `old`, that turn it into
    `new`: one for each changed line (or stretch of lines, where lines were
    added or removed), trimmed to what differs."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at, new_at = line_offsets(old_lines), line_offsets(new_lines)
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = zip(range(i1, i2), range(j1, j2)) if i2 - i1 == j2 - j1 else [(None, None)]
        for i, j in pairs:
            start, end = (old_at[i1], old_at[i2]) if i is None else (old_at[i], old_at[i + 1])
            a, b = (new_at[j1], new_at[j2]) if j is None else (new_at[j], new_at[j + 1])
            edits.append(trimmed(old, new, start, end, a, b))
    return edits


def line_offsets(lines: list[str]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out


def trimmed(old: str, new: str, start: int, end: int, a: int, b: int) -> tuple[int, int, str]:
    """old[start:end] -> new[a:b] without their common prefix and suffix."""
    while start < end and a < b and old[start] == new[a]:
        start, a = start + 1, a + 1
    while start < end and a < b and old[end - 1] == new[b - 1]:
        end, b = end - 1, b - 1
    return start, end, new[a:b]


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    text: str
    findings: list[Finding]
    problem: str | None = None  # what kept the document from being checked
    warnings: list[str] = field(default_factory=list)


@dataclass
class OpenDocument:
    """An open document as the editor has it (pygls's own store is not used:
    it splits lines at more than the LSP's line ends)."""

    text: str
    version: int | None


def path_of(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return str(Path.cwd() / (Path(unquote(parsed.path)).name or "untitled.txt"))


def is_config_file(uri: str) -> bool:
    return Path(path_of(uri)).name in CONFIG_FILES


def stamp(path: Path | None):
    """What tells a changed configuration file from the one read before."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class Linter:
    """The lint side of the server, without pygls: a Session whose
    configuration is looked up from each document's folder."""

    def __init__(self):
        from .engine import Selection
        from .session import Session

        self.session = Session(selection=Selection(), config_for=self.config_for)
        self.configs: dict = {}  # config file (None: none found) -> (its stamp, Config)
        self.linted: dict[str, Linted] = {}

    def config_for(self, file: Path):
        """The configuration nearest the document, read again when its file changes."""
        from .config import find_config, load_config

        found = find_config(file.resolve().parent)
        cached = self.configs.get(found)
        if cached is None or cached[0] != stamp(found):
            if cached is not None:
                self.drop(found)
            self.configs[found] = (stamp(found), load_config(found))
        return self.configs[found][1]

    def drop(self, found) -> None:
        """Forget a configuration and the rules built for it."""
        _, config = self.configs.pop(found)
        self.session.rulesets.pop(id(config), None)

    def forget_configs(self) -> None:
        """A configuration file changed: discover and read them all again."""
        for found in list(self.configs):
            self.drop(found)

    def lint(self, uri: str, text: str, version: int | None) -> Linted:
        try:
            result = self.session.lint_text(path_of(uri), text)
        except LintError as exc:  # a broken configuration or rule pack
            linted = Linted(version, text, [], str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the server down
            linted = Linted(version, text, [], f"internal error: {type(exc).__name__}: {exc}")
        else:
            problem = result.error or (result.errors[0] if result.errors else None)
            linted = Linted(version, text, result.found, problem, list(result.warnings))
        self.linted[uri] = linted
        return linted

    def fix_all(self, uri: str, linted: Linted) -> str:
        """The document's text with every safe fix applied (re-linted until
        nothing changes, as `artlint check --fix` does)."""
        from .fix import fix_text

        first = [linted.findings]

        def lint(text: str) -> list[Finding]:
            if first and text == linted.text:
                return first.pop()
            return self.lint(uri, text, None).findings

        fixed = fix_text(linted.text, lint).text
        self.linted[uri] = linted  # the document itself is unchanged
        return fixed


def diagnostics(linted: Linted, encoding: str = "utf-16"):
    from lsprotocol import types

    where = Positions(linted.text, encoding)
    out = []
    for f in linted.findings:
        start, end = where.span(f)
        out.append(types.Diagnostic(
            range=types.Range(types.Position(*start), types.Position(*end)),
            message=f.message, severity=types.DiagnosticSeverity(SEVERITY[f.severity]),
            code=f.rule, source="artlint",
        ))
    if linted.problem:
        out.append(types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                    message=f"artlint: {linted.problem}", severity=types.DiagnosticSeverity.Error,
                                    source="artlint"))
    return out


def wants(kind: str, only) -> bool:
    """Whether a code action of `kind` was asked for. Kinds are dotted like
    rule ids (asking for `source` includes `source.fixAll`), so the one
    prefix matcher serves."""
    from .rules import id_matches

    return not only or id_matches(getattr(kind, "value", kind), [getattr(o, "value", o) for o in only])


def quick_fixes(uri: str, linted: Linted, wanted, encoding: str = "utf-16"):
    """A quick fix for each fixable finding that touches the range `wanted`."""
    from lsprotocol import types

    where = Positions(linted.text, encoding)
    actions = []
    for f in linted.findings:
        if f.fix is None:
            continue
        start, end = where.span(f)
        if end < (wanted.start.line, wanted.start.character) or start > (wanted.end.line, wanted.end.character):
            continue
        edits = [types.TextEdit(range=where.range(e.start, e.end), new_text=e.text) for e in f.fix.edits]
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


def fix_all_action(uri: str, old: str, new: str, encoding: str = "utf-16"):
    from lsprotocol import types

    where = Positions(old, encoding)
    edits = [types.TextEdit(range=where.range(start, end), new_text=text) for start, end, text in text_edits(old, new)]
    return types.CodeAction(title="artlint: apply all safe fixes", kind=types.CodeActionKind.SourceFixAll,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


def protocol_class():
    """pygls's protocol, with the open documents kept by artlint (OpenDocument)
    instead of pygls's workspace, whose incremental changes count lines
    with str.splitlines and clamp a position past a line's end wrongly."""
    from lsprotocol import types
    from pygls.protocol import LanguageServerProtocol, lsp_method

    class Protocol(LanguageServerProtocol):
        def user_handler(self, method: str, params):
            if (handler := self.fm.features.get(method)) is not None:
                yield handler, (params,), None

        @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
        def lsp_text_document__did_open(self, params):
            yield from self.user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

        @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
        def lsp_text_document__did_change(self, params):
            yield from self.user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

        @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
        def lsp_text_document__did_close(self, params):
            yield from self.user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    return Protocol


def build_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("artlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                            protocol_cls=protocol_class())
    linter = Linter()
    worker = ThreadPoolExecutor(max_workers=1)  # one lint at a time; the event loop stays free
    documents: dict[str, OpenDocument] = {}
    pending: dict[str, asyncio.Task] = {}
    shown: set[str] = set()  # warnings already shown to the user

    def encoding() -> str:
        chosen = server.workspace.position_encoding or "utf-16"
        return getattr(chosen, "value", chosen)

    async def run(function, *args):
        return await asyncio.get_running_loop().run_in_executor(worker, function, *args)

    def publish(uri: str, linted: Linted) -> None:
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=linted.version, diagnostics=diagnostics(linted, encoding())))
        for warning in linted.warnings:
            if warning not in shown:
                shown.add(warning)
                server.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"artlint: {warning}"))

    async def lint_later(uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        document = documents.get(uri)
        if document is None:
            return
        text, version = document.text, document.version
        linted = await run(linter.lint, uri, text, version)
        now = documents.get(uri)
        if now is None or now.text != text:
            return  # a newer change is on its way
        publish(uri, linted)

    def schedule(uri: str, delay: float) -> None:
        if uri in pending:
            pending[uri].cancel()
        pending[uri] = asyncio.ensure_future(lint_later(uri, delay))

    def configuration_changed() -> None:
        linter.forget_configs()
        for uri in documents:
            schedule(uri, 0)

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params):
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                id="artlint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        if is_config_file(item.uri):
            return  # configuration, not prose: read when it is saved
        documents[item.uri] = OpenDocument(item.text, item.version)
        schedule(item.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        document = documents.get(uri)
        if document is None:
            return  # never opened: nothing to apply the changes to
        for change in params.content_changes:
            document.text = apply_change(document.text, change, encoding())
        document.version = params.text_document.version
        schedule(uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if is_config_file(uri):
            configuration_changed()
        elif uri in documents:
            schedule(uri, 0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls, params: types.DidChangeWatchedFilesParams):
        if any(is_config_file(change.uri) for change in params.changes):
            configuration_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        if uri in pending:
            pending.pop(uri).cancel()
        documents.pop(uri, None)
        linter.linted.pop(uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
    async def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        document = documents.get(uri)
        if document is None:
            return []
        linted = linter.linted.get(uri)
        if linted is None or linted.text != document.text:  # stale: lint what the editor has now
            linted = await run(linter.lint, uri, document.text, document.version)
        only = params.context.only
        actions = quick_fixes(uri, linted, params.range, encoding()) if wants(types.CodeActionKind.QuickFix, only) else []
        if wants(FIX_ALL, only) and any(f.fix and f.fix.applicability == "safe" for f in linted.findings):
            fixed = await run(linter.fix_all, uri, linted)
            if fixed != linted.text:
                actions.append(fix_all_action(uri, linted.text, fixed, encoding()))
        return actions

    return server


def serve() -> None:
    build_server().start_io()
