"""The one way in: a Session lints texts and files for the command line,
the language server and any embedding program.

    session = Session(config)                     # or Session(config_for=..., selection=...)
    result = session.lint_text("draft.md", text)  # -> FileResult, .found holds the findings
    report = session.lint_paths(["articles/"])    # -> Report, .exit_code()

A Session holds no per-document state between calls, so one object serves
many documents (a long-running server calls it again on every change). The
rules of a configuration are loaded when that configuration is first seen,
before any of its files is read, so a bad pack fails first. Notices (a
skipped service, an unparsable date) are collected into the results; the
engine prints nothing."""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .config import Config
from .document import Document
from .engine import RuleSet, Selection, lint_documents
from .model import FileResult, Finding, LintError, Report
from .limits import read_document

TEXT_SUFFIXES = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm")


def collect_files(paths, include=TEXT_SUFFIXES, exclude=()) -> list[str]:
    """Files named, and the matching files in folders named (recursively)."""
    files = []
    for name in paths:
        path = Path(name)
        if not path.is_dir():
            files.append(name)
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(names):
                full = os.path.join(root, file)
                rel = os.path.relpath(full, path)
                if any(fnmatch.fnmatch(file, g) or fnmatch.fnmatch(rel, g) for g in include) and not \
                        any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(file, g) for g in exclude):
                    files.append(full)
    return list(dict.fromkeys(files))  # a file named twice is checked once


class Session:
    """Lints many files, each under the configuration nearest to it, in
    batches: a batch's analyses are dropped once its findings are out, so
    memory stays flat however many files there are."""

    BATCH = 200  # documents a check sees at once (grammar requests run concurrently within it)

    def __init__(self, config: Config | None = None, selection: Selection | None = None, *, config_for=None):
        self.selection = selection or Selection()
        if config_for is None:
            fixed = config or Config()
            config_for = lambda path: fixed  # noqa: E731
        self.config_for = config_for  # Path -> Config
        self.rulesets: dict[object, RuleSet] = {}
        self.documents: dict[str, Document] = {}  # of lint_inputs, kept for their source lines
        self.keep_blocks = False  # keep each document's blocks too (the HTML report shows them)
        self.progress = None  # progress(read=n) as files are read, progress(checked=n) as batches finish

    def source_line(self, path: str, line: int) -> str | None:
        doc = self.documents.get(path)
        return doc.line_text(line) if doc and 0 < line <= len(doc.line_starts) else None

    def ruleset(self, config: Config, rules=None) -> RuleSet:
        """The rules of one configuration object (a configuration file that
        changed is a new object, so a server picks up the change); `rules`:
        engine.chosen_rules(config, self.selection) when already chosen."""
        key = id(config)
        if key not in self.rulesets:
            self.rulesets[key] = RuleSet(config, self.selection, rules)  # keeps `config` alive, so the id stays its own
        return self.rulesets[key]

    # -- one text (the language server, --fix, embedding)

    def lint_text(self, path: str, text: str, fmt: str | None = None) -> FileResult:
        """Lint one text as the file `path`; a text that cannot be read is
        the result's error, a bad configuration or rule raises LintError."""
        config = self.config_for(Path(path))
        ruleset = self.ruleset(config)
        result = FileResult(path)
        try:  # within the configuration's size and line-length limits, as lint_inputs
            doc = read_document(path, text, fmt or self.selection.fmt, config, self.selection.page)
        except LintError as exc:
            result.error = str(exc)
            return result
        seen = len(ruleset.context.notices.seen)
        found, errors = lint_documents([doc], ruleset, self.selection)
        result.found, result.findings, result.errors = found, len(found), errors
        result.warnings = ruleset.context.notices.seen[seen:]
        record_date(result, doc)
        result.document = doc
        return result

    def lint_source(self, path: str, text: str) -> list[Finding]:
        """Findings of one text; its first error raises LintError (for --fix)."""
        result = self.lint_text(path, text)
        problem = result.error or (result.errors[0] if result.errors else None)
        if problem:
            raise LintError(problem)
        return result.found

    # -- many files (the command line)

    def discover(self, paths, include=TEXT_SUFFIXES, exclude=()) -> list[str]:
        """The files to check: named ones, and matching ones in named
        folders, less those the configuration excludes."""
        return [p for p in collect_files(paths, include, exclude) if not self.excluded(p)]

    def excluded(self, path: str) -> bool:
        try:
            return self.config_for(Path(path)).excluded(Path(path))
        except LintError:
            return False  # lint_inputs reports the bad configuration and checks the other files

    def lint_paths(self, paths, include=TEXT_SUFFIXES, exclude=(), extra_inputs=()) -> Report:
        """Lint files and folders; extra_inputs: (name, text) pairs such as standard input."""
        inputs = [(p, None) for p in self.discover(paths, include, exclude)] + list(extra_inputs)
        return self.lint_inputs(inputs)

    def lint_inputs(self, inputs: list[tuple[str, str | None]]) -> Report:
        """inputs: (path, text) pairs; text None means read the file."""
        run = self.current_run = Run()  # what has finished, should the run be interrupted
        configs = {}
        pending: dict[object, tuple[Config, list[Document]]] = {}
        for path, text in inputs:
            run.results[path] = FileResult(path)
            try:
                config = configs[path] = self.config_for(Path(path))
            except LintError as exc:  # a bad configuration costs the files under it, not the others
                run.errors += [str(exc)] if str(exc) not in run.errors else []
                run.results[path].error = f"{path}: not checked: its configuration has an error"
                continue
            self.ruleset(config)  # a bad rule stops the run, before the file is read
            try:
                doc = read_document(path, text, self.selection.fmt, config, self.selection.page)  # linter.limits
            except LintError as exc:
                run.results[path].error = str(exc)
                continue
            if self.progress:
                self.progress(read=1)
            batch = pending.setdefault(config.path, (config, []))[1]
            batch.append(doc)
            if len(batch) >= self.BATCH:
                self.run_batch(run, config, pending.pop(config.path)[1])
        for config, docs in pending.values():
            self.run_batch(run, config, docs)
        return self.report(run, configs)

    lint = lint_inputs  # the name engine.Linter had

    def finished_report(self) -> Report:
        """What an interrupted lint_inputs had finished: the files whose rules had all run."""
        run = getattr(self, "current_run", None) or Run()
        done = [r for r in run.results.values() if r.date or r.date_source or r.error]
        paths = {r.path for r in done}
        findings = sorted((f for f in run.findings if f.path in paths), key=lambda f: f.sort_key)
        rules = {r.id: r for ruleset in self.rulesets.values() for r in ruleset.rules}
        return Report(findings=findings, files=done, rules=rules, notices=list(run.errors))

    def report(self, run: "Run", configs: dict) -> Report:
        rules = {r.id: r for ruleset in self.rulesets.values() for r in ruleset.rules}
        levels = {path: config.fail_level for path, config in configs.items()}
        warnings = [n for ruleset in self.rulesets.values() for n in ruleset.context.notices.seen]
        return Report(findings=sorted(run.findings, key=lambda f: f.sort_key), files=list(run.results.values()),
                      rules=rules, fail_level=next(iter(levels.values()), "warning"), notices=run.errors,
                      file_fail_levels=levels, warnings=list(dict.fromkeys(warnings)))

    def run_batch(self, run: "Run", config: Config, docs: list[Document]) -> None:
        found, problems = lint_documents(docs, self.ruleset(config), self.selection)
        run.findings += found
        run.errors += [p for p in problems if p not in run.errors]
        for f in found:
            run.results[f.path].findings += 1
        for doc in docs:
            record_date(run.results[doc.path], doc)
            doc.blocks, doc.cache = doc.blocks if self.keep_blocks else [], {}
            self.documents[doc.path] = doc
        if self.progress:
            self.progress(checked=len(docs))


class Linter(Session):
    """The name the command line used before the Session (engine.Linter)."""

    def __init__(self, selection: Selection, config_for):
        super().__init__(selection=selection, config_for=config_for)


def record_date(result: FileResult, doc: Document) -> None:
    """The date the document's facts were judged against, where it came
    from and how far it can be trusted (None when there was none)."""
    date = doc.metadata["date"]
    result.date = date.isoformat() if date else None
    result.date_source = doc.metadata["date_source"]
    result.date_confidence = doc.metadata.get("date_confidence")


class Run:
    """The state of one lint_inputs call, so that a Session is re-entrant."""

    def __init__(self):
        self.results: dict[str, FileResult] = {}
        self.findings: list[Finding] = []
        self.errors: list[str] = []
