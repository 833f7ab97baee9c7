"""File-level parallelism for `artlint check --jobs N` and `artlint audit`.

Worker processes each build one Session (rules loaded and checks built
once per process) and lint chunks of files; the parent puts the chunks'
results back in input order, so the report is the one a serial run makes.
A small run stays in the calling process: starting a worker costs about
what loading the rules costs, which a one-file pre-commit run should not
pay twice. Where workers fork (Linux), the calling process lints the first
file (which builds the rules, checks and models) and the workers begin from
its warm Session, all of them from the first chunk on."""
from __future__ import annotations

import os
import threading
from .records import field, record

from .engine import Selection
from .model import FileResult, Finding, LintError, Report

# A chunk is one batch of the serial Session (Session.BATCH documents of one
# configuration): a check such as boilerplate.template-line compares the
# pages of a batch with each other, so other chunks would change findings.
SERIAL_BELOW = 250  # files; a second chunk of fewer than ~50 files costs a worker's start-up (~1.3 s CPU) for little
AHEAD = 2  # chunks submitted per worker ahead of the one being collected (bounds memory)


@record(frozen=True)
class SessionSpec:
    """What a worker needs to build the Session the parent would use
    (a Session holds closures and cannot be sent to another process)."""

    selection: Selection = field(default_factory=Selection)
    config_path: str | None = None
    languagetool: str | None = None
    source_lines: bool = True  # keep the lines findings point at (False: the report format never shows them)

    def build(self):
        from .cli import config_loader
        from .session import Session

        return Session(selection=self.selection, config_for=config_loader(self.config_path, self.languagetool))


@record
class ChunkResult:
    """One chunk's report, with the source lines its findings point at
    (the text reporter shows them) instead of the whole documents."""

    files: list[FileResult]
    findings: list[Finding]
    notices: list[str]
    warnings: list[str]
    lines: dict[tuple[str, int], str]
    rules: dict | None = None  # sent only when the worker's rules grew


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# -- the worker side (one Session per process)

_spec: SessionSpec | None = None  # this worker's, and its Session built on first use
_session = None
_rules_sent = 0  # how many rules this worker has sent the parent
_lock = threading.Lock()  # a Dask worker may run tasks in threads; they share its one Session


_inherited: tuple | None = None  # (spec, Session) the parent warmed before forking its workers


def _init_worker(spec: SessionSpec) -> None:
    """A forked worker starts from the parent's warm Session when the
    parent left one for this spec (run_chunks), else builds its own."""
    global _spec, _session, _rules_sent
    warm = _inherited[1] if _inherited is not None and _inherited[0] == spec else None
    _spec, _session, _rules_sent = spec, warm, 0


def worker_session(spec: SessionSpec):
    """This process's Session for `spec`, built on first use and kept for
    the next tasks (a Dask worker keeps it between tasks the same way)."""
    global _spec, _session, _rules_sent
    if _session is None or _spec != spec:
        _spec, _session, _rules_sent = spec, spec.build(), 0
    return _session


def lint_chunk(spec: SessionSpec, inputs: list[tuple[str, str | None]]) -> ChunkResult:
    """Lint some files in this process; a bad rule or configuration raises
    LintError here and again in the parent."""
    with _lock:
        return _lint_chunk(spec, inputs)


def _lint_chunk(spec: SessionSpec, inputs) -> ChunkResult:
    global _rules_sent
    result = chunk_result(worker_session(spec), inputs, _rules_sent, spec.source_lines)
    _rules_sent = max(_rules_sent, len(result.rules or ()))
    return result


def chunk_result(session, inputs, rules_sent: int = 0, source_lines: bool = True) -> ChunkResult:
    """Lint one chunk with `session` and keep only what the report needs
    (rules only when there are more than the `rules_sent` already sent;
    the source lines of the findings only when `source_lines`)."""
    report = session.lint_inputs(inputs)
    lines = {}
    for f in report.findings if source_lines else ():
        if (f.path, f.line) not in lines:
            lines[(f.path, f.line)] = session.source_line(f.path, f.line)
    session.documents.clear()  # memory stays flat: only the lines shown are kept
    rules = report.rules if len(report.rules) != rules_sent else None  # a configuration first seen brought rules
    for result in report.files:
        result.document = None
    return ChunkResult(report.files, report.findings, report.notices, report.warnings, lines, rules)


def _lint_chunk_in_pool(inputs):
    return lint_chunk(_spec, inputs)


# -- the parent side


def chunks(inputs: list, config_for, size: int | None = None) -> list[list]:
    """The batches Session.lint_inputs would make: inputs grouped by their
    configuration file in input order, cut every `size` files (a file that
    cannot be read counts here but not there, the one difference)."""
    from pathlib import Path

    from .session import Session

    size = size or Session.BATCH
    out, open_batches = [], {}
    for item in inputs:
        try:
            key = config_for(Path(item[0])).path
        except LintError as exc:  # the Session reports it for each of these files; the others go on
            key = ("bad configuration", str(exc))
        batch = open_batches.setdefault(key, [])
        batch.append(item)
        if len(batch) >= size:
            out.append(open_batches.pop(key))
    return out + list(open_batches.values())


def stays_serial(n_inputs: int, jobs: int) -> bool:
    return jobs <= 1 or n_inputs < SERIAL_BELOW


def run_chunks(spec: SessionSpec, inputs: list, jobs: int, config_for=None, share=None, warm=None):
    """Yield each chunk's ChunkResult, linted by `jobs` worker processes,
    in the order Session.lint_inputs lints them. Where workers fork, the
    Session `share` or `warm` of this process lints the first file, then
    `jobs` workers fork from it (warm_up) and lint every chunk. Elsewhere,
    with `share` this process is one of the `jobs`: it lints the next
    chunk itself whenever the workers have enough queued, so one worker
    fewer starts and builds its own rules. If the pool breaks (a worker
    killed), the chunks not yet collected are linted here, so no file
    goes unreported."""
    parts = chunks(inputs, config_for or spec.build().config_for)
    inherit = share if share is not None else warm
    if inherit is not None and forks():
        share = None
    else:
        inherit = None
    workers = jobs - 1 if share is not None else jobs
    if workers < 1:
        yield from (chunk_result(share, part, 0, spec.source_lines) for part in parts)
        return
    from concurrent.futures.process import BrokenProcessPool  # not on a one-file run

    results: dict[int, object] = {}  # chunk index -> its Future, or its ChunkResult once here (None: handed on)
    try:
        if inherit is not None:
            warm_up(inherit, parts[0][:1])
        yield from _run_pool(spec, parts, workers, share, results, inherit)
        return
    except BrokenProcessPool:
        pass
    handed_on = sum(1 for r in results.values() if r is None)  # in input order, so the first ones
    for index in range(handed_on, len(parts)):
        yield _rescued(spec, share if share is not None else inherit, parts[index], results.get(index))


def warm_up(session, inputs) -> None:
    """Lint `inputs` (the first file) with `session` and drop the result:
    the rules, checks and models that are built on first use are then in
    this process, and every forked worker starts with them. Only what is
    built lazily is warmed here, not a chunk: while this process linted a
    first chunk alone (~3 s on the corpus of bench.py), one core idled."""
    session.lint_inputs(inputs)
    session.documents.clear()


def forks() -> bool:
    """Do worker processes start as forks of this one (Linux's default)?"""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _run_pool(spec, parts, workers, share, results, inherit=None):
    """The chunks through a pool of `workers` (their Session: `inherit`'s,
    of this process, when given)."""
    global _inherited
    _inherited = (spec, inherit) if inherit is not None else None
    try:
        yield from _pool_loop(spec, parts, workers, share, results, 0, 0)
    finally:
        _inherited = None


def _pool_loop(spec, parts, workers, share, results, assigned, due):
    from concurrent.futures.process import ProcessPoolExecutor  # not on a one-file run

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(spec,)) as pool:
        while due < len(parts):
            while assigned < len(parts) and _queued(results) < workers * AHEAD:
                results[assigned] = pool.submit(_lint_chunk_in_pool, parts[assigned])
                assigned += 1
            head = results[due]
            if (isinstance(head, ChunkResult) or head.done() or share is None or assigned == len(parts)
                    or _held(results) >= workers * AHEAD):  # results held here wait for a slow head: memory
                result = head if isinstance(head, ChunkResult) else head.result()
                results[due] = None  # handed on: nothing kept
                yield result
                due += 1
            else:  # the workers are busy: this process lints the next chunk meanwhile
                results[assigned] = chunk_result(share, parts[assigned], 0, spec.source_lines)
                assigned += 1


def _held(results) -> int:
    return sum(1 for r in results.values() if isinstance(r, ChunkResult))


def _queued(results) -> int:
    return sum(1 for r in results.values() if r is not None and not isinstance(r, ChunkResult) and not r.done())


def _rescued(spec, share, part, result):
    """A chunk's result after the pool broke: the one already here or
    finished, else linted in this process."""
    if isinstance(result, ChunkResult):
        return result
    if result is not None and result.done() and not result.exception():
        return result.result()
    return chunk_result(share, part, 0, spec.source_lines) if share is not None else lint_chunk(spec, part)


class ParallelSession:
    """Lints inputs like Session.lint_inputs, over worker processes, or
    with `local` (a Session) chunk by chunk in this process; either way
    only the source lines that findings point at are kept, not documents.
    `share` (a Session) lints a share of the chunks in this process beside
    jobs - 1 workers; `warm` (a Session) lints the first file before
    jobs workers fork from it (see run_chunks). The progress of `share`
    or `warm` counts the chunks as they come back (no process counts its own).
    `prefetch` (beside `local`: a linter.garble.prefetch child scoring
    the garble sentences) is reaped when the linting ends."""

    def __init__(self, spec: SessionSpec, jobs: int, local=None, share=None, warm=None, prefetch=None):
        self.spec, self.jobs, self.local, self.share, self.warm = spec, jobs, local, share, warm
        self.prefetch = prefetch
        self.selection = spec.selection
        self.lines: dict[tuple[str, int], str] = {}
        mine = share if share is not None else warm
        self.progress = mine.progress if mine is not None else None
        if mine is not None:
            mine.progress = None

    def counted(self, parts):
        for part in parts:
            if self.progress:
                self.progress(read=len(part.files), checked=len(part.files))
            yield part

    def source_line(self, path: str, line: int) -> str | None:
        return self.lines.get((path, line))

    def parts(self, inputs, config_for):
        """Each chunk's ChunkResult, in order, linted here (`local`) or by workers."""
        if self.local is None:
            yield from self.counted(run_chunks(self.spec, inputs, self.jobs, config_for, self.share, self.warm))
            return
        try:
            for part in chunks(inputs, config_for):
                yield chunk_result(self.local, part, 0, self.spec.source_lines)
        finally:
            if self.prefetch is not None:
                self.prefetch.close()

    def lint_inputs(self, inputs: list[tuple[str, str | None]]) -> Report:
        files, findings, notices, warnings, rules = {}, [], [], [], {}
        self.finished = (files, findings, notices, rules)  # filled as parts arrive, for an interrupted run
        config_for = (self.local or self.share or self.warm or self.spec.build()).config_for
        parts = self.parts(inputs, config_for)
        for part in parts:
            files.update((r.path, r) for r in part.files)
            findings += part.findings
            notices += [n for n in part.notices if n not in notices]
            warnings += part.warnings
            self.lines.update(part.lines)
            rules.update(part.rules or {})
        ordered = [files[path] for path in dict.fromkeys(path for path, _ in inputs)]
        return self.merge(ordered, findings, notices, warnings, rules, config_for)

    def stream(self, inputs: list[tuple[str, str | None]]):
        """Each file's (FileResult, its findings sorted, {line: source text}
        of the lines they point at), in input order, as soon as the chunks up
        to it have finished: nothing is kept once a file is handed on, so a
        streaming reporter's memory stays flat. Afterwards `self.tail` holds
        (notices, warnings, rules) as lint_inputs would report them."""
        notices, warnings, rules = [], [], {}
        self.tail = (notices, warnings, rules)
        config_for = (self.local or self.share or self.warm or self.spec.build()).config_for
        parts = self.parts(inputs, config_for)
        order = list(dict.fromkeys(path for path, _ in inputs))
        due, waiting = 0, {}
        for part in parts:
            by_path: dict[str, list] = {}
            for f in part.findings:  # sorted within the chunk, so within each file
                by_path.setdefault(f.path, []).append(f)
            lines: dict[str, dict] = {}
            for (path, line), text in part.lines.items():
                lines.setdefault(path, {})[line] = text
            for result in part.files:
                waiting[result.path] = (result, by_path.get(result.path, []), lines.get(result.path, {}))
            notices += [n for n in part.notices if n not in notices]
            warnings += part.warnings
            rules.update(part.rules or {})
            while due < len(order) and order[due] in waiting:
                yield waiting.pop(order[due])
                due += 1
        warnings[:] = list(dict.fromkeys(warnings))

    def finished_report(self) -> Report:
        """What an interrupted lint_inputs had finished: the parts that came
        back, and of the part under way in this process, its finished files
        (a worker's unfinished part is lost)."""
        files, findings, notices, rules = getattr(self, "finished", ({}, [], [], {}))
        files, findings, notices, rules = dict(files), list(findings), list(notices), dict(rules)
        if self.local is not None:
            partial = self.local.finished_report()
            files.update((r.path, r) for r in partial.files if r.path not in files)
            findings += [f for f in partial.findings if f not in findings]
            notices += [n for n in partial.notices if n not in notices]
            rules.update(partial.rules)
        return Report(findings=sorted(findings, key=lambda f: f.sort_key), files=list(files.values()),
                      rules=rules, notices=notices)

    def merge(self, files, findings, notices, warnings, rules, config_for) -> Report:
        """One Report, as Session.report makes it from a serial run."""
        levels = {r.path: fail_level_of(config_for, r.path) for r in files}
        return Report(findings=sorted(findings, key=lambda f: f.sort_key), files=files, rules=rules,
                      fail_level=next(iter(levels.values()), "warning"), notices=notices,
                      file_fail_levels=levels, warnings=list(dict.fromkeys(warnings)))


def fail_level_of(config_for, path: str) -> str:
    """The failure level of a file's configuration (the default where that configuration is bad)."""
    from pathlib import Path

    try:
        return config_for(Path(path)).fail_level
    except LintError:
        return "warning"
