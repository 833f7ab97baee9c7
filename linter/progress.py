"""Progress of a long run on standard error, only when it is a terminal:
`artlint: 1,200/5,000 files read, 800 checked (85 files/s)`, redrawn in
place at most a few times a second and erased at the end. Pipes and CI logs
never see it."""
from __future__ import annotations

import atexit
import time

SHOW_AFTER = 1.5  # seconds: a short run shows nothing
REDRAW_EVERY = 0.25


class Progress:
    def __init__(self, stream, total: int, clock=time.monotonic):
        self.stream, self.total, self.clock = stream, total, clock
        self.started = clock()
        self.read = self.checked = 0
        self.drawn_at = None
        self.width = 0

    def __call__(self, read: int = 0, checked: int = 0) -> None:
        self.read += read
        self.checked += checked
        now = self.clock()
        if now - self.started < SHOW_AFTER:
            return
        if self.drawn_at is not None and now - self.drawn_at < REDRAW_EVERY and self.checked < self.total:
            return
        self.draw(now)

    def line(self, now: float) -> str:
        rate = self.checked / max(now - self.started, 1e-9)
        return (f"artlint: {self.read:,}/{self.total:,} files read, {self.checked:,} checked"
                f" ({rate:.1f} files/s)")

    def draw(self, now: float) -> None:
        text = self.line(now)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width, self.drawn_at = len(text), now

    def clear(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.drawn_at = None


def progress_for(stream, total: int):
    """A Progress for `stream` when it is a terminal (and not TERM=dumb), else None."""
    import os

    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()) or os.environ.get("TERM") == "dumb" or os.environ.get("CI"):
        return None
    progress = Progress(stream, total)
    atexit.register(progress.clear)
    return progress
