"""grammar: LanguageTool's grammar, spelling and style matches as findings.

The check sends each document's prose blocks (never front matter, code or
markup) to a LanguageTool server in request-sized chunks, all documents at
once with bounded concurrency (`prepare`), and maps every match back
through the Document's source map (`run`). The server is the one in
`languagetool.server` (or `--languagetool URL`); with `server: auto` or
none, a LanguageTool installed locally (`artlint languagetool install`, or
language_tool_python's cache) is started for the run. Without either, or
when the server fails, the check prints one notice and yields nothing, unless
`languagetool.required` is true: then it is an error.

Rule message placeholders: {lt_message}, {lt_short}, {lt_rule},
{lt_category}, {lt_type}, {match}, {suggestion}."""
from __future__ import annotations

from ..records import replace
from typing import Iterable

from ..document import Document
from ..model import Finding, LintError
from .base import Check


class Unavailable(Exception):
    """No LanguageTool to talk to; the message says why."""


class Grammar(Check):
    kind = "grammar"
    params = {"type": "object", "properties": {}}

    def __init__(self, rule, context):
        from ..languagetool import parse_settings  # the client only where grammar rules run

        super().__init__(rule, context)
        config = context.config
        where = str(config.path) if getattr(config, "path", None) else "configuration"
        self.settings = parse_settings(getattr(config, "languagetool", {}), where)
        self.results: dict[int, tuple[Document, list[Finding]]] = {}

    @classmethod
    def wanted(cls, config) -> bool:
        """Grammar rules are off by default (they need a server) and on once
        the configuration or --languagetool says where LanguageTool is, or
        `languagetool.enabled: true` asks for a local install."""
        settings = getattr(config, "languagetool", {}) or {}
        return bool(settings.get("server") or settings.get("enabled") or settings.get("required"))

    def prepare(self, documents: list[Document]) -> None:
        """Checks every document not yet checked; the findings wait in
        `self.results` for `run`."""
        from ..languagetool import chunk_document

        todo = [doc for doc in documents if id(doc) not in self.results]
        if not todo:
            return
        for doc in todo:
            self.results[id(doc)] = (doc, [])
        jobs = {id(doc): chunk_document(doc, self.settings.max_chunk_chars) for doc in todo}
        jobs = {key: chunks for key, chunks in jobs.items() if chunks}
        if not jobs:
            return
        try:
            outcome, label = self.send(jobs)
        except Unavailable as exc:
            self.problem(str(exc))
            return
        for key, located in outcome.results.items():
            if located is not None:
                doc = self.results[key][0]
                self.results[key] = (doc, [self.to_finding(doc, place, m) for place, m in located
                                           if place and not self.misfire(place, m)])
        if outcome.fault:
            failed = sum(1 for located in outcome.results.values() if located is None)
            scope = "" if failed == len(todo) else f" for {failed} of {len(todo)} files"
            self.problem(f"{label}: {outcome.fault}; grammar checks skipped{scope}")

    def run(self, doc: Document, nlp=None) -> Iterable[Finding]:
        if id(doc) not in self.results:
            self.prepare([doc])
        return list(self.results[id(doc)][1])

    def send(self, jobs: dict):
        """Opens the server, sends every chunk, closes a local server."""
        from ..languagetool import Client, LocalServer, ServerFault, check_chunks, check_language, local_install

        server = self.settings.server
        local = None
        if server and not self.settings.auto:
            label = f"LanguageTool at {server}"
        else:
            install = local_install()
            if install is None:
                raise Unavailable(
                    "LanguageTool is not set up (no languagetool.server or --languagetool URL, and no "
                    "local install: run `artlint languagetool install`); grammar checks skipped")
            label = f"local LanguageTool in {install}"
            try:
                local = LocalServer(install)
            except ServerFault as exc:
                raise Unavailable(f"{label}: {exc}; grammar checks skipped") from None
            server = local.url
        try:
            client = Client(server, timeout=self.settings.timeout, retries=self.settings.retries)
            try:
                check_language(client, self.settings.language)
            except ServerFault as exc:
                raise Unavailable(f"{label}: {exc}; grammar checks skipped") from None
            return check_chunks(client, jobs, self.settings), label
        finally:
            if local is not None:
                local.close()

    def misfire(self, place, m) -> bool:
        """A match the news defaults drop (a spelling match on a name or
        another variety's spelling...): see linter/languagetool/news.yaml."""
        dropped = self.settings.match_filter
        if dropped is None:
            return False
        block, start, end = place
        return dropped.drops(m.rule_id, block.text[start:end])

    def problem(self, text: str) -> None:
        if self.settings.required:
            raise LintError(text.replace("; grammar checks skipped", "") + " (languagetool.required is true)")
        self.context.notices.add(text)

    def to_finding(self, doc: Document, place, m) -> Finding:
        block, start, end = place
        finding = self.finding(
            doc, block, start, end, suggestions=m.replacements,
            lt_message=m.message, lt_short=m.short_message or m.rule_description, lt_rule=m.rule_id,
            lt_category=m.category_name or m.category_id, lt_type=m.issue_type,
        )
        return replace(
            finding,
            severity=self.settings.lookup(self.settings.severity, m, self.rule.severity),
            category=self.settings.lookup(self.settings.category, m, self.rule.category),
            extra=(("languagetool_rule", m.rule_id), ("languagetool_category", m.category_id)),
        )
