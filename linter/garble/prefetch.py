"""The garble sentence scores of a small run, computed by a forked child
while this process builds and runs the other checks.

A one-file run uses one core; scoring its sentences is about a fifth of
it (the plain-Python model, ~40 ms). Where the machine has a second core
(--jobs above 1) and the platform forks, `start` forks a child once the
inputs and their rules are known; the child reads the inputs, finds the
sentences exactly as garble.score_documents does, scores them and sends
{sentence: score} back through a pipe. The garble rules' scoring takes
them first (garble.expect_scores), so the report is the one this process
would make alone. If the child fails in any way (an exception, killed,
bad data, too slow), this process scores the sentences itself.

    prefetch = start(session, inputs)  # None where it would not pay
    ...                                # lint; garble.memo_scores waits for the child
    prefetch.close()                   # reaps the child if its scores were never asked for
"""
from __future__ import annotations

import gc
import marshal
import os
import signal
import sys
import time
from pathlib import Path

from ..model import LintError

KINDS = ("garble_sentence", "garble_words")  # the checks that score sentences (garble.document_sentences)
WAIT_SECONDS = 2.0  # the longest this process waits for the child's scores (it needs ~0.05 s)
HEADER = 8  # bytes: the length of the answer that follows
SMALL_TEXT = 32_768  # bytes (or characters) of input beyond which no child is forked (see too_long)
last = None  # the last Prefetch started (tests look at its outcome)


def start(session, inputs: list[tuple[str, str | None]]):
    """Fork the child that scores the sentences of `inputs` (as `session`
    will read them), and build their rule sets here meanwhile. None, and no
    child, where it would not pay or not be safe: no garble rule selected,
    more text than the plain-Python model's share (too_long), no core free
    (spare_core), a platform other than Linux, or another thread running
    (a fork copies no thread: a lock one held would stay held in the child)."""
    global last
    if not sys.platform.startswith("linux") or other_threads() or too_long(inputs) or not spare_core():
        return None
    configs = configs_of(session, inputs)
    rules = rules_of(session, configs.values())
    if rules is None or not any(rule.check in KINDS for chosen in rules.values() for rule in chosen):
        return None
    prefetch = Prefetch.fork(lambda: child_scores(session, inputs, configs, rules))
    if prefetch is None:
        return None
    last = prefetch
    from .. import garble

    garble.expect_scores(prefetch.scores)
    try:
        for config in {id(c): c for c in configs.values()}.values():  # the rule sets, built while the child scores
            session.ruleset(config, rules[id(config)])
    except LintError:  # reported in its place by the Session, which builds that rule set again
        pass
    except BaseException:
        prefetch.close()
        raise
    return prefetch


def too_long(inputs) -> bool:
    """More text than the plain-Python model's share of sentences can hold
    (garble.SMALL_SENTENCES of ~150 characters, and room for headings and
    markup): the child would only find that out (it decides exactly)."""
    size = 0
    for path, text in inputs:
        try:
            size += len(text) if text is not None else os.stat(path).st_size
        except OSError:  # the Session reports it
            continue
    return size > SMALL_TEXT


def spare_core(loadavg: str = "/proc/loadavg") -> bool:
    """Is a core free now? The tasks running this moment (this one among
    them, /proc/loadavg) are fewer than this process's cores. On a busy
    machine a second process only competes with this one."""
    try:
        with open(loadavg, "rb") as fh:
            running = int(fh.read().split()[3].split(b"/")[0])
        cores = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError):
        return False
    return running < cores


def other_threads() -> bool:
    threading = sys.modules.get("threading")  # not imported: no other thread
    return threading is not None and threading.active_count() > 1


def configs_of(session, inputs) -> dict:
    """path -> configuration, of the inputs whose configuration loads."""
    configs = {}
    for path, _ in inputs:
        try:
            configs[path] = session.config_for(Path(path))
        except LintError:  # the Session reports it, and checks the other files
            continue
    return configs


def rules_of(session, configs) -> dict | None:
    """id(configuration) -> its chosen rules; None when one has a bad rule
    (the Session stops the run with it)."""
    from ..engine import chosen_rules

    rules = {}
    for config in configs:
        if id(config) not in rules:
            try:
                rules[id(config)] = chosen_rules(config, session.selection)
            except LintError:
                return None
    return rules


def child_scores(session, inputs, configs, rules) -> dict[str, float]:
    """{sentence: score} of the sentences the garble rules will score ({}
    for more than the plain-Python model's share: not worth a child)."""
    from .. import garble
    from ..engine import RuleSet
    from ..limits import read_document

    lengths = {}  # id(configuration) -> the min_words of its garble rules
    texts = []
    for path, text in inputs:
        config = configs.get(path)
        if config is None:
            continue
        if id(config) not in lengths:
            garble_rules = [rule for rule in rules[id(config)] if rule.check in KINDS]
            lengths[id(config)] = {check.min_words for check in RuleSet(config, session.selection, garble_rules).checks}
        try:
            doc = read_document(path, text, session.selection.fmt, config, session.selection.page)
        except LintError:
            continue
        for min_words in sorted(lengths[id(config)]):
            texts += [block.text[start:end] for _, block, start, end in garble.scored_sentences([doc], min_words)]
    texts = list(dict.fromkeys(texts))
    if len(texts) > garble.SMALL_SENTENCES:
        return {}
    return dict(zip(texts, garble.memo_scores(texts)))


class Prefetch:
    """A forked child computing `work()` (a dict marshal can write), and
    the pipe its answer comes back through: its length (HEADER bytes),
    then the marshalled dict."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd
        self.status = None  # the child's exit status, once reaped
        self.outcome = "running"  # then "scores" (the child's were used), "failed" or "unused"
        self.waited = 0.0  # seconds this process waited for the answer
        self.received = 0  # how many scores it brought

    @classmethod
    def fork(cls, work):
        """The child running `work`, or None when it cannot be forked."""
        read_fd, write_fd = os.pipe()  # neither is inherited by a program this process runs
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # no Ctrl-C until each side has its handler
        try:
            pid = os.fork()
        except OSError:
            pid = None
        if pid == 0:
            child(work, read_fd, write_fd, mask)  # does not return
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(write_fd)
        if pid is None:
            os.close(read_fd)
            return None
        return cls(pid, read_fd)

    def scores(self) -> dict:
        """The child's answer, waited for at most WAIT_SECONDS; {} when it
        failed (the caller then scores the sentences itself)."""
        began, found = time.monotonic(), None
        try:
            data = self.receive(began + WAIT_SECONDS)
            found = decoded(data) if data is not None else None
        finally:
            self.waited = time.monotonic() - began
            self.outcome = "scores" if found is not None else "failed"
            self.received = len(found or ())
            self.close(wait=False)
        return found or {}

    def receive(self, deadline: float) -> bytes | None:
        """The child's answer, None if it is cut short (the child died) or
        not all here by `deadline`."""
        import select

        poll, data, size = select.poll(), b"", None
        poll.register(self.fd, select.POLLIN)
        while size is None or len(data) < HEADER + size:
            left = deadline - time.monotonic()
            if left <= 0 or not poll.poll(left * 1000):
                return None
            try:
                piece = os.read(self.fd, 1 << 16)
            except OSError:
                return None
            if not piece:
                return None
            data += piece
            if size is None and len(data) >= HEADER:
                size = int.from_bytes(data[:HEADER], "little")
        return data[HEADER:] if len(data) == HEADER + size else None

    def close(self, wait: bool = True):
        """Close the pipe and reap the child: killed first unless its answer
        was used (then it has written all and is ending: without `wait`,
        reaped only if it has ended, else at the next close)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            from .. import garble

            garble.forget_scores(self.scores)
            if self.outcome == "running":
                self.outcome = "unused"
        if self.pid is None:
            return self.status
        try:
            if self.outcome != "scores":
                os.kill(self.pid, signal.SIGKILL)
            pid, status = os.waitpid(self.pid, 0 if wait or self.outcome != "scores" else os.WNOHANG)
            if pid:
                self.pid, self.status = None, os.waitstatus_to_exitcode(status)
        except ChildProcessError:  # reaped by someone else
            self.pid = None
        return self.status


def decoded(data: bytes) -> dict | None:
    """The child's {sentence: score}, None unless that is what `data` holds."""
    try:
        found = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if type(found) is not dict or not all(type(k) is str and type(v) is float for k, v in found.items()):
        return None
    return found


def child(work, read_fd: int, write_fd: int, mask) -> None:
    """The child's life: run `work`, write its marshalled answer, and end
    with os._exit (status 0 only once all is written): no atexit handler,
    no flushing of the parent's buffered output, no traceback."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it at once and quietly; the parent reaps it
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        gc.disable()  # short-lived: a collection would only copy the parent's pages
        os.close(read_fd)
        answer = marshal.dumps(work())
        data = memoryview(len(answer).to_bytes(HEADER, "little") + answer)
        while data:
            data = data[os.write(write_fd, data):]
        os.close(write_fd)  # the answer is whole before this process's memory is torn down
        status = 0
    except BaseException:  # noqa: BLE001 - the parent scores the sentences itself
        pass
    finally:
        os._exit(status)
