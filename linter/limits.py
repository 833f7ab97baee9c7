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
    the overrun is found when the check returns. Cheap per call: one timer
    (ALARM) serves every charge, and is set only when it would ring too
    late for the charge that begins, not for every check and file."""

    def __init__(self, seconds: float | None = TIME_BUDGET):
        self.seconds = seconds
        self.used: dict[str, float] = {}

    def spent(self, path: str) -> bool:
        return bool(self.seconds) and self.used.get(path, 0.0) >= self.seconds

    @contextmanager
    def charge(self, path: str):
        """Run the block on `path`'s account; an alarm raises OverBudget in
        it when the budget runs out."""
        start = self.begin(path)
        try:
            yield
        finally:
            self.end(path, start)

    def begin(self, path: str) -> float | None:
        """What `charge` does before its block (OverBudget if nothing is
        left); its answer goes to `end`, which must follow, block or not."""
        if not self.seconds:
            return None
        left = self.seconds - self.used.get(path, 0.0)
        if left <= 0:
            raise OverBudget()
        now = time.monotonic()
        ALARM.expect(now + left, now)
        return now

    def end(self, path: str, start: float | None) -> None:
        if start is None:
            return
        ALARM.deadline = None  # no charge running: a ring from now on is ignored
        self.used[path] = self.used.get(path, 0.0) + time.monotonic() - start

    @staticmethod
    def disarm() -> None:
        """Clear the timer (a run's checks are done)."""
        ALARM.disarm()


# signal.getsignal wraps the C function's answer in an enum (a few
# microseconds); the C one answers `is ring` the same.
_raw_getsignal = getattr(getattr(signal, "_signal", None), "getsignal", signal.getsignal)
MIN_TIMER = 0.001  # seconds: setitimer(0) would clear the timer, not ring at once


class SearchTimeout(TimeoutError):
    """A guarded regex search ran past its time (as the regex module's
    `timeout=` raises TimeoutError)."""


class Alarm:
    """The one SIGALRM timer of every TimeBudget. `deadline` is when the
    running charge's budget runs out (monotonic time; None: no charge
    running); the timer is set only when it would ring later than that (a
    syscall of ~1 us saved on nearly every charge: most begin with the
    timer already set to ring earlier, for an earlier charge). A ring
    before the deadline sets the timer again for the time left; a ring
    with no charge running does nothing."""

    def __init__(self):
        self.deadline: float | None = None
        self.rings_at: float | None = None  # when the timer is set to ring (None: not set)
        self.search_deadline: float | None = None  # when the running regex search times out (guarded_search)
        self.owner: int | None = None  # the thread whose charges the timer serves (the main thread)

    def expect(self, deadline: float, now: float) -> None:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return  # no alarm here: the overrun is found when the check returns
        if _raw_getsignal(signal.SIGALRM) is not ring:
            signal.signal(signal.SIGALRM, ring)
            self.rings_at = None
        self.owner = threading.get_ident()
        self.deadline = deadline
        if self.rings_at is None or self.rings_at > deadline:
            self.set(deadline - now, deadline)

    def set(self, seconds: float, rings_at: float) -> None:
        signal.setitimer(signal.ITIMER_REAL, max(seconds, MIN_TIMER))
        self.rings_at = rings_at

    def guards(self) -> bool:
        """Whether guarded_search may be used here: a charge is running, in this thread."""
        return self.deadline is not None and threading.get_ident() == self.owner

    def guarded_search(self, search, args, seconds: float):
        """search(*args), stopped by SearchTimeout after `seconds` (wall
        time): the regex module's own `timeout=` costs ~3 us a search to
        set up; this costs a clock reading, for the timer is set only when
        it would ring too late (the regex module checks for signals while
        it matches). Only while guards() is True."""
        self.search_deadline = deadline = time.monotonic() + seconds
        if self.rings_at is None or self.rings_at > deadline:
            self.set(seconds, deadline)
        try:
            return search(*args)
        finally:
            self.search_deadline = None

    def disarm(self) -> None:
        self.deadline = self.search_deadline = None
        if self.rings_at is not None:
            self.rings_at = None
            signal.setitimer(signal.ITIMER_REAL, 0)

    def ring(self) -> None:
        self.rings_at = None
        now, deadline, search_deadline = time.monotonic(), self.deadline, self.search_deadline
        if search_deadline is not None and now >= search_deadline:
            self.search_deadline = None
            raise SearchTimeout()
        if deadline is None:
            return  # set for a charge that has ended
        if now >= deadline:
            self.deadline = None
            raise OverBudget()
        soonest = deadline if search_deadline is None else min(deadline, search_deadline)
        self.set(soonest - now, soonest)  # set for an earlier deadline (another charge's, an ended search's)


ALARM = Alarm()


def ring(signum, frame):
    ALARM.ring()

