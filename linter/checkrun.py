"""What `artlint check` does, without click: the click command (linter.cli)
and the console entry point's fast path for a plain `check` (linter.entry)
both call run_check, so a one-file run need not import click (~20 ms)."""
from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .model import LintError

TEXT_SUFFIXES = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm")
FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "html", "jsonl")
INTERRUPTED = 130  # the shell's status for a run stopped by Ctrl-C (128 + SIGINT)
SURROGATES = re.compile("[\ud800-\udfff]")

def echo_err(message: str) -> None:
    """click.echo(message, err=True), click imported only when there is something to say."""
    import click

    click.echo(message, err=True)


def fail(message: str) -> None:
    echo_err(printable(f"artlint: {message}", sys.stderr))
    sys.exit(2)


@contextmanager
def errors_in_one_line(passed: tuple = ()):
    """Every error of a command as one line and status 2 (Ctrl-C: 130);
    `passed` (with SystemExit) go through. ARTLINT_DEBUG=1 shows the
    traceback of an unexpected error."""
    try:
        yield
    except LintError as exc:
        fail(str(exc))
    except KeyboardInterrupt:  # not click's "Aborted!" and status 1, the status of findings
        echo_err("artlint: interrupted")
        sys.exit(INTERRUPTED)
    except (SystemExit, *passed):
        raise
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("ARTLINT_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (ARTLINT_DEBUG=1 shows the traceback)")


def printable(text: str, stream) -> str:
    """`text` as `stream` can encode it: lone surrogates (from undecodable
    file names) and code points its encoding lacks become replacement marks."""
    text = SURROGATES.sub("\ufffd", text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.encode(encoding, "replace").decode(encoding)
    except LookupError:
        pass
    return text


def split_ids(values) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())



def collect_files(paths, include, exclude) -> list[str]:
    """Files named, and the matching files in folders named (linter.session does it)."""
    from .session import collect_files as collect

    return collect(paths, include, exclude)


def config_loader(explicit: str | None, languagetool: str | None):
    from .config import find_config, load_config

    @lru_cache(maxsize=None)
    def load(path):
        config = load_config(path)
        if languagetool:
            config.languagetool = {**config.languagetool, "server": languagetool}
        return config

    @lru_cache(maxsize=None)
    def for_folder(folder: Path):
        return load(find_config(folder))

    def config_for(file: Path):
        if explicit:
            return load(Path(explicit))
        try:
            folder = file.resolve().parent
        except (OSError, RuntimeError):  # a symlink loop: reading the file reports it
            folder = Path(os.path.abspath(file)).parent
        return for_folder(folder)

    return config_for



def run_check(paths, fmt, date, date_fallback, config_path, fail_level, select, ignore, include, exclude, input_format,
          stdin_filename, languagetool, quiet, color, fix_files, unsafe_fixes, show_diff, page, output, jobs, allow_empty):
    """Lint files (folders: recursively; '-': standard input)."""
    global ENDS_PROCESS
    ENDS_PROCESS = True
    raise_gc_threshold()
    from .engine import Selection
    from .session import Session

    selection = Selection(split_ids(select), split_ids(ignore), date, input_format, date_fallback, page)
    config_for = config_loader(config_path, languagetool)
    linter = Session(selection=selection, config_for=config_for)
    inputs = read_inputs(paths, include or TEXT_SUFFIXES, exclude, stdin_filename, linter, input_format)
    if not inputs and not allow_empty:
        fail(f"no files to check in {', '.join(paths)} (looked for {' '.join(include or TEXT_SUFFIXES)}); "
             "--allow-empty accepts that")
    interrupted = False
    if output:
        from .output import check_output_path

        check_output_path(output, [path for path, _ in inputs])
    try:
        unwritten: list[str] = []
        if fix_files or unsafe_fixes or show_diff:
            changed = fix_inputs(linter, inputs, unwritten, unsafe=unsafe_fixes, diff_only=show_diff, quiet=quiet)
            if show_diff:
                sys.exit(2 if unwritten else 1 if changed else 0)
        from .progress import progress_for

        linter.progress = progress_for(sys.stderr, len(inputs))
        if fmt == "html":
            linter.keep_blocks = True  # the HTML report shows the linted text, so the documents stay here
        else:
            streamed = fmt in ("text", "github", "jsonl") and not output  # reporters.STREAMING: memory flat in the files
            linter = parallel_session(linter, inputs, jobs, config_path, languagetool,
                                      source_lines=fmt in SOURCE_LINE_FORMATS, lints_a_share=streamed,
                                      prefetch=not (fix_files or unsafe_fixes))  # a fix has scored them all
            if streamed:
                sys.exit(stream_check(fmt, linter, inputs, color, quiet, fail_level, config_for, unwritten))
        report = linter.lint_inputs(inputs)
    except LintError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        report, interrupted = finished_report(linter), True
    with InterruptHeld() as held:  # a report cut off by Ctrl-C (half a JSON document) would be lost to its reader
        if fail_level:
            report.use_fail_level(fail_level)
        if quiet:
            report.keep_failing_only()
        emit(fmt, report, linter, color if not output else False, quiet, output)
        file_errors = [r.error for r in report.files if r.error]
        shown = report.warnings + report.notices + file_errors  # on stderr in every format, so a report stays a report
        for problem in shown:
            echo_err(printable(f"artlint: {problem}", sys.stderr))
    if interrupted or held.interrupted:
        echo_err(f"artlint: interrupted: {len(report.files)} of {len(inputs)} files finished and reported")
        sys.exit(INTERRUPTED)
    sys.exit(2 if unwritten else report.exit_code())


class InterruptHeld:
    """Within it, Ctrl-C (SIGINT) is only noted (`interrupted`), so that what
    is being written is written whole; the previous handler is back after."""

    def __enter__(self):
        import signal
        import threading

        self.interrupted, self.installed = False, threading.current_thread() is threading.main_thread()
        if self.installed:
            self.previous = signal.signal(signal.SIGINT, self.note)
        return self

    def note(self, signum, frame) -> None:
        self.interrupted = True

    def __exit__(self, *exc) -> None:
        if self.installed:
            import signal

            signal.signal(signal.SIGINT, signal.default_int_handler if self.previous is None else self.previous)


def raise_gc_threshold() -> None:
    """Collect cyclic garbage every 100,000 allocations rather than 700 (as
    mypy does): set-up builds some 40,000 long-lived objects (rules, indexes,
    caches read back) that the default thresholds walk again and again,
    ~15 ms of a one-file run and ~10 % of an archive's CPU; peak memory
    measured the same (bench.py --scale). Worker processes inherit it."""
    import gc

    gc.set_threshold(100_000, 10, 10)


ENDS_PROCESS = False  # set by `check`: its process may end through end_process


def end_process(code) -> None:
    """Exit with status `code` (None: 0) now, as mypy's hard_exit does:
    streams flushed and the atexit handlers run (the user-cache files
    are written there), but none of the run's objects freed one by one,
    which costs a one-file run ~30 ms (the knowledge base, the
    dictionaries, the compiled rules). Returns, for the usual exit,
    when that could behave differently: a status that is no number, a
    profiler or tracer that writes its data when the interpreter ends,
    another thread still running, a stream that cannot be flushed
    (Python then says so and exits 120)."""
    import threading

    if code is not None and type(code) is not int or sys.getprofile() or sys.gettrace():
        return
    if threading.active_count() > 1 or not streams_flushed():
        return
    import atexit

    atexit._run_exitfuncs()
    if threading.active_count() > 1 or not streams_flushed():
        return
    os._exit(code or 0)


def streams_flushed() -> bool:
    """Flush stdout and stderr; False when one cannot be flushed."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


# the report formats that show a finding's source line (the others need not keep them)
SOURCE_LINE_FORMATS = ("text", "sarif", "gitlab", "html")


def parallel_session(session, inputs, jobs, config_path, languagetool, source_lines: bool = True,
                     lints_a_share: bool = False, prefetch: bool = False):
    """The session that lints `inputs`: `session` batch by batch in this
    process for a small run or --jobs 1, else worker processes (linter.parallel).
    Where workers fork, this process lints the first file and they all
    start from its warm Session (linter.parallel.run_chunks); elsewhere,
    with `lints_a_share` (a streamed report), it lints a share beside
    jobs - 1 workers. A held report (json) never lints a share: its memory
    and this process's own linting took the peak to 250 MiB at 2,000 files.
    With `prefetch`, a small run with jobs above 1 has a forked child score
    the garble sentences meanwhile (linter.garble.prefetch)."""
    from .parallel import ParallelSession, SessionSpec, default_jobs, stays_serial

    jobs = jobs or default_jobs()
    spec = SessionSpec(session.selection, config_path, languagetool, source_lines)
    if stays_serial(len(inputs), jobs):
        child = None
        if prefetch and jobs > 1:
            from .garble import prefetch as garble_prefetch

            child = garble_prefetch.start(session, inputs)
        return ParallelSession(spec, 1, local=session, prefetch=child)  # in this process, batch by batch
    if not lints_a_share:
        return ParallelSession(spec, jobs, warm=session)
    return ParallelSession(spec, jobs, share=session)  # this process lints a share beside jobs - 1 workers


def stream_check(fmt, linter, inputs, color, quiet, fail_level, config_for, unwritten) -> int:
    """Write the report file by file as the files finish, in input order
    (text, github, jsonl), keeping no finding; the exit status. What goes
    to stderr, and the status, are those of a report rendered at the end."""
    from .model import at_least
    from .parallel import fail_level_of
    from .reporters import streaming, use_color

    stream = streaming(fmt, color=use_color(sys.stdout) if color is None else color, summary=not quiet)
    failed, file_errors, done = False, [], 0
    try:
        for result, findings, lines in linter.stream(inputs):
            level = fail_level or fail_level_of(config_for, result.path)
            if quiet:
                findings = [f for f in findings if at_least(f.severity, level)]
                result.findings = len(findings)
            failed = failed or any(at_least(f.severity, level) for f in findings)
            file_errors += [result.error] if result.error else []
            write(stream.file(result, findings, lines))
            done += 1
    except KeyboardInterrupt:
        write(stream.end())
        echo_err(f"artlint: interrupted: {done} of {len(inputs)} files finished and reported")
        return INTERRUPTED
    write(stream.end())
    notices, warnings, _ = linter.tail
    for problem in warnings + notices + file_errors:
        echo_err(printable(f"artlint: {problem}", sys.stderr))
    if unwritten or notices or file_errors:
        return 2
    return 1 if failed else 0


def finished_report(linter):
    """The report of a run stopped by Ctrl-C: the files whose rules had all run."""
    return linter.finished_report()


def fix_inputs(session, inputs, unwritten: list, *, unsafe: bool, diff_only: bool, quiet: bool) -> int:
    """Fix each input (or print its diff); the number of inputs changed.
    A file that cannot be read, or whose configuration is broken, is left
    to the report (with --diff, which has none, it is said here); one that
    cannot be written is added to `unwritten` (exit status 2), unchanged.
    Every configuration's rules are loaded first: a bad rule pack stops
    the run before any file is written."""
    from .fix import SourceFile, fix_text, remove_stale_temps, unified_diff, write_atomic

    def skip(path: str, problem: str) -> None:
        if diff_only:
            unwritten.append(path)
            echo_err(printable(f"artlint: {problem}", sys.stderr))

    broken = {}  # path -> the error of its configuration
    for path, _ in inputs:
        try:
            config = session.config_for(Path(path))
        except LintError as exc:
            broken[path] = str(exc)
            continue
        session.ruleset(config)  # a bad rule pack raises LintError: the run's error
    changed = applied = 0
    if not diff_only:
        removed, problems = remove_stale_temps([path for path, text in inputs if text is None])
        for line in problems + ([] if quiet else [f"{tmp}: removed, a temporary file left by a killed --fix"
                                                   for tmp in removed]):
            echo_err(f"artlint: {line}")
    for path, text in inputs:
        if text is not None and not diff_only:
            echo_err(f"artlint: {path}: --fix cannot write standard input; use --diff")
            continue
        if path in broken:
            skip(path, broken[path])
            continue
        try:
            source = SourceFile(path, text) if text is not None else SourceFile.read(path, session.selection.fmt)
        except LintError as exc:
            skip(path, str(exc))
            continue
        try:
            outcome = fix_text(source.text, lambda t: session.lint_text(path, t).found, unsafe=unsafe)
        except LintError:
            raise
        except Exception as exc:  # noqa: BLE001 - one file's bug must not cost the other files their fixes
            if os.environ.get("ARTLINT_DEBUG"):
                raise
            unwritten.append(path)
            echo_err(f"artlint: {path}: not fixed: internal error: {type(exc).__name__}: {exc}")
            continue
        if outcome.text == source.text:
            continue
        changed, applied = changed + 1, applied + outcome.applied
        if diff_only:
            write(unified_diff(path, source.text, outcome.text))
            continue
        try:
            write_atomic(path, source.encode(outcome.text), source.stamp)
        except (LintError, OSError) as exc:
            unwritten.append(path)
            echo_err(f"artlint: {exc if isinstance(exc, LintError) else f'{path}: cannot write: {exc}'}")
    if not quiet and not diff_only:
        echo_err(f"artlint: applied {applied} fix(es) in {changed} file(s)")
    return changed


def read_inputs(paths, include, exclude, stdin_filename, session, input_format=None):
    """(path, None) for each file the session finds, and ('-' given) the name and text of standard input."""
    try:
        inputs = [(path, None) for path in session.discover([p for p in paths if p != "-"], include, exclude)]
    except LintError as exc:
        fail(str(exc))
    if "-" in paths:
        data = sys.stdin.buffer.read()
        from .readers import decode, format_of

        name = stdin_filename or "<stdin>"
        try:
            inputs.append((name, decode(name, data, format_of(name, input_format))))
        except LintError as exc:
            fail(str(exc))
    return inputs


def emit(fmt, report, linter, color, quiet, output=None):
    from .reporters import render, use_color

    if color is None:
        color = use_color(sys.stdout)
    options = {"color": color, "source_lines": linter.source_line}
    if fmt == "text":
        options["summary"] = not quiet
    if fmt == "html":
        options["documents"] = linter.documents
    if not output:
        from .reporters import render_pieces

        return write_pieces(render_pieces(fmt, report, **options))  # a big json report is never one string
    text = render(fmt, report, **options)
    from .output import write_output

    try:
        write_output(output, text)
    except LintError as exc:
        fail(str(exc))


def write(text: str) -> None:
    """Print, and leave quietly when the reader of a pipe has gone (| head)."""
    text = printable(text, sys.stdout)
    try:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the exit status still says what was found
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write_pieces(pieces) -> None:
    """write("".join(pieces)) without making that one string."""
    last = ""
    try:
        for piece in pieces:
            if piece:
                sys.stdout.write(printable(piece, sys.stdout))
                last = piece
        if last and not last.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the exit status still says what was found
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
