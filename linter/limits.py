"""Bounds on what one file may cost: its size, the length of its lines and
the time its rules take. A file over a bound is reported on one line naming
it, and skipped or linted in part; the other files are not affected.

Settings (configuration keys): `max_file_size` (bytes), `max_line_length`
(characters; the rest of a longer line is not linted) and `time_budget`
(seconds of rule time per file; the rules left are skipped for that file)."""
from __future__ import annotations

import signal
import threading
import time
from array import array
from contextlib import contextmanager

from .document import Block, Document
from .model import LintError

MAX_FILE_SIZE = 10_000_000
MAX_LINE_LENGTH = 500_000
TIME_BUDGET = 60.0
CUT = "\ufffc"  # stands for the part of a line that was not read


def setting(config, name: str, default):
    value = getattr(config, name, None)
    return default if value is None else value


def read_document(path: str, text: str | None, fmt: str | None, config, page: bool | None = None) -> Document:
    """The Document of a file (text None: read it from disk) within the
    configuration's size and line-length limits."""
    from .readers import read_path, read_source

    max_size = setting(config, "max_file_size", MAX_FILE_SIZE)
    if text is None:
        doc = read_path(path, fmt, page, max_size)
    else:
        if max_size and len(text) > max_size:
            raise LintError(f"{path}: {len(text):,} characters, over the size limit of {max_size:,} "
                            f"(setting max_file_size); skipped")
        doc = read_source(path, text, fmt, page)
    cut_long_lines(doc, setting(config, "max_line_length", MAX_LINE_LENGTH))
    return doc


def cut_long_lines(doc: Document, limit: int) -> None:
    """Drop from the blocks what stands past column `limit` of its line (one
    placeholder marks each cut), and say so in a warning."""
    if not limit or len(doc.source) <= limit:
        return
    starts = doc.line_starts
    ends = starts[1:] + [len(doc.source) + 1]
    long_lines = [n for n, (s, e) in enumerate(zip(starts, ends)) if e - s - 1 > limit]
    if not long_lines:
        return
    doc.blocks = [b for b in (cut_block(doc, block, limit) for block in doc.blocks) if b is not None]
    first = long_lines[0] + 1
    more = f" (and {len(long_lines) - 1} more)" if len(long_lines) > 1 else ""
    doc.metadata.setdefault("warnings", []).append(
        f"{doc.path}: line {first}{more} is longer than {limit:,} characters (setting max_line_length); "
        f"only its first {limit:,} are linted")


def cut_block(doc: Document, block: Block, limit: int) -> Block | None:
    chars, origins, cutting = [], array("l"), False
    for char, origin in zip(block.text, block.origins):
        if doc.position(origin)[1] <= limit:
            chars.append(char)
            origins.append(origin)
            cutting = False
        elif not cutting:
            chars.append(CUT)
            origins.append(origin)
            cutting = True
    text = "".join(chars)
    if not text.replace(CUT, "").strip():
        return None
    return Block(block.kind, text, origins, block.index)


class OverBudget(BaseException):  # not an Exception: a check's own `except Exception` must not swallow it
    """Raised inside a check when its file's time budget is used up."""


class TimeBudget:
    """Seconds of rule time each file may use. Where the platform allows
    (Unix, main thread), an alarm interrupts a check that overruns; else
    the overrun is found when the check returns. Cheap per call: the alarm
    handler is installed once, each call only sets and clears the timer."""

    def __init__(self, seconds: float | None = TIME_BUDGET):
        self.seconds = seconds
        self.used: dict[str, float] = {}

    def spent(self, path: str) -> bool:
        return bool(self.seconds) and self.used.get(path, 0.0) >= self.seconds

    @contextmanager
    def charge(self, path: str):
        """Run the block on `path`'s account; an alarm raises OverBudget in
        it when the budget runs out."""
        if not self.seconds:
            yield
            return
        left = self.seconds - self.used.get(path, 0.0)
        if left <= 0:
            raise OverBudget()
        armed = arm(left)
        start = time.monotonic()
        try:
            yield
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
            self.used[path] = self.used.get(path, 0.0) + time.monotonic() - start


# signal.getsignal wraps the C function's answer in an enum (a few
# microseconds, paid for every check on every file); the C one answers
# `is ring` the same.
_raw_getsignal = getattr(getattr(signal, "_signal", None), "getsignal", signal.getsignal)


def ring(signum, frame):
    raise OverBudget()


def arm(seconds: float) -> bool:
    """Set the alarm to ring in `seconds`; False where there is none to set."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if _raw_getsignal(signal.SIGALRM) is not ring:
        signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True
