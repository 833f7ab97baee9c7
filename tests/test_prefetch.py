"""linter.garble.prefetch: a small run's garble scores from a forked child.
The report is the one --jobs 1 makes; a child that fails in any way costs
nothing but the time (this process scores the sentences itself); the child
is always reaped, no pipe is left open, Ctrl-C still ends the run with 130."""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SEEDS

from linter import garble
from linter.garble import prefetch

SEED = SEEDS / "004_30d5efec39016882.txt"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the prefetch forks on Linux only")


def open_fds() -> set:
    return set(os.listdir("/proc/self/fd"))


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


# -- the child and its pipe, in this process


def test_the_childs_answer_comes_back():
    before = open_fds()
    child = prefetch.Prefetch.fork(lambda: {"One two three four.": 0.25, "Five six seven eight.": 0.75})
    pid = child.pid
    assert child.scores() == {"One two three four.": 0.25, "Five six seven eight.": 0.75}
    child.close()
    assert child.outcome == "scores" and child.received == 2 and child.status == 0
    assert reaped(pid) and open_fds() == before


def slow():
    time.sleep(30)
    return {}


FAILURES = {
    "raises": lambda: 1 / 0,
    "killed": lambda: os.kill(os.getpid(), signal.SIGKILL),
    "exits": lambda: os._exit(0),
    "bad data": lambda: {"One two three four.": "0.25"},
    "not a dict": lambda: [("One two three four.", 0.25)],
    "too slow": slow,
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failing_child_gives_nothing_and_is_reaped(failure, monkeypatch):
    monkeypatch.setattr(prefetch, "WAIT_SECONDS", 0.3)
    before = open_fds()
    child = prefetch.Prefetch.fork(FAILURES[failure])
    pid = child.pid
    began = time.monotonic()
    assert child.scores() == {}
    assert time.monotonic() - began < 5
    assert child.outcome == "failed" and child.pid is None
    assert reaped(pid) and open_fds() == before


def test_an_unused_child_is_killed_and_reaped():
    before = open_fds()
    child = prefetch.Prefetch.fork(slow)
    pid = child.pid
    child.close()
    assert child.outcome == "unused" and child.status == -signal.SIGKILL
    assert reaped(pid) and open_fds() == before


def test_ctrl_c_ends_the_child_at_once(monkeypatch):
    monkeypatch.setattr(prefetch, "WAIT_SECONDS", 20)
    child = prefetch.Prefetch.fork(slow)
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGINT)
    began = time.monotonic()
    assert child.scores() == {}
    child.close()
    assert time.monotonic() - began < 5 and child.status == -signal.SIGINT  # not its own handler's exit 1


def test_no_child_beside_another_thread(monkeypatch):
    import threading

    from linter.session import Session

    monkeypatch.setattr(prefetch, "spare_core", lambda: True)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        child = prefetch.start(Session(), [(str(SEED), None)])
    finally:
        stop.set()
        thread.join()
    if child is not None:
        child.close()
    assert child is None


@pytest.mark.parametrize("line, free", [("0.52 0.40 0.31 1/131 4242", True), ("7.06 4.43 2.94 8/131 12161", False),
                                        ("garbled", False)])
def test_a_child_only_where_a_core_is_free(tmp_path, line, free, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    (tmp_path / "loadavg").write_text(line + "\n")
    assert prefetch.spare_core(str(tmp_path / "loadavg")) is free


def test_no_child_for_more_text_than_the_small_model_takes(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("x" * (prefetch.SMALL_TEXT + 1))
    assert prefetch.too_long([(str(long), None)])
    assert prefetch.too_long([("<stdin>", "y" * (prefetch.SMALL_TEXT + 1))])
    assert not prefetch.too_long([(str(SEED), None), (str(tmp_path / "gone.txt"), None), ("<stdin>", "z")])


# -- whole runs, each in a fresh process (the prefetch does not fork beside another thread)

PROBE = r"""
import atexit, os, sys, time
fds = set(os.listdir("/proc/self/fd"))
sys.stdout.write("BUFFERED ")  # not flushed at the fork: written once, by this process
from linter.garble import prefetch
prefetch.spare_core = lambda: True  # the test machine may be busy
failure = os.environ.get("PROBE_FAIL")
if failure:
    work = prefetch.child_scores
    def child_scores(*args):
        if failure == "raise":
            raise RuntimeError("boom")
        if failure == "kill":
            os.kill(os.getpid(), 9)
        if failure == "garbage":
            return {1: "x"}
        if failure == "sleep":
            sys.stderr.write("CHILD SLEEPS\n"); sys.stderr.flush()
            time.sleep(30)
        return work(*args)
    prefetch.child_scores = child_scores
    prefetch.WAIT_SECONDS = float(os.environ.get("PROBE_WAIT", "0.3"))
def report():
    last = prefetch.last
    try:
        os.waitpid(-1, os.WNOHANG)
        children = "left"
    except ChildProcessError:
        children = "none"
    leaked = [fd for fd in set(os.listdir("/proc/self/fd")) - fds
              if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:")]  # (the run maps some files: open too)
    print(f"PROBE {last.outcome if last else 'none'} {last.received if last else 0} children={children} "
          f"fds={'leaked' if leaked else 'same'}", file=sys.stderr)
atexit.register(report)
sys.argv = ["artlint", *sys.argv[1:]]
from linter.entry import main
main()
"""


def probe(*args, fail=None, stdin=None, env=None):
    env = {**os.environ, **({"PROBE_FAIL": fail} if fail else {}), **(env or {})}
    env.pop("PYTHONUNBUFFERED", None)  # BUFFERED stays in the buffer at the fork
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], cwd=ROOT, capture_output=True,
                          input=stdin, env=env, timeout=120)
    lines = done.stderr.decode().splitlines()
    probe_line = [line for line in lines if line.startswith("PROBE ")]
    return done.returncode, done.stdout, [line for line in lines if not line.startswith("PROBE ")], probe_line[-1]


@pytest.fixture(scope="module")
def serial():
    """The --jobs 1 report of the seed, in each format tested."""
    return {fmt: probe("check", "--jobs", "1", "--format", fmt, SEED)[:3] for fmt in ("text", "json")}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_overlap_gives_the_report_of_jobs_1(fmt, serial):
    status, out, err, seen = probe("check", "--format", fmt, SEED)
    assert seen.startswith("PROBE scores 39 ")  # the child scored the seed's 39 sentences
    assert (status, out, err) == serial[fmt]
    assert out.count(b"BUFFERED ") == 1
    assert seen.endswith("children=none fds=same")


def test_standard_input_has_its_scores_prefetched_too():
    text = SEED.read_bytes()
    status, out, err, seen = probe("check", "--format", "json", "-", stdin=text)
    assert seen.startswith("PROBE scores 39 ")
    assert (status, out, err) == probe("check", "--jobs", "1", "--format", "json", "-", stdin=text)[:3]


@pytest.mark.parametrize("fail", ["raise", "kill", "garbage", "sleep"])
def test_a_failing_child_leaves_the_report_as_it_was(fail, serial):
    status, out, err, seen = probe("check", "--format", "text", SEED, fail=fail)
    assert seen == "PROBE failed 0 children=none fds=same"
    assert (status, out, [line for line in err if line != "CHILD SLEEPS"]) == serial["text"]  # no traceback either


@pytest.mark.parametrize("args", [["--jobs", "1"], ["--ignore", "translation.garbled-sentence,translation.garbled-wording"]])
def test_no_child_where_it_cannot_pay(args):
    assert probe("check", *args, SEED)[3] == "PROBE none 0 children=none fds=same"


def test_a_child_whose_scores_no_rule_asks_for_is_reaped(tmp_path):
    heading = tmp_path / "heading.md"
    heading.write_text("# Council meets\n", encoding="utf-8")  # no sentence of four words to score
    status, out, err, seen = probe("check", heading)
    assert seen == "PROBE unused 0 children=none fds=same"
    assert (status, out, err) == probe("check", "--jobs", "1", heading)[:3]


def test_more_sentences_than_the_small_model_takes_are_scored_here(tmp_path, serial):
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text(encoding="utf-8") + "".join(
        f"The council met on day {n} and talked about the new road plan.\n\n" for n in range(garble.SMALL_SENTENCES)), encoding="utf-8")  # more than the plain model takes, under SMALL_TEXT
    status, out, err, seen = probe("check", "--format", "json", big)
    assert seen == "PROBE scores 0 children=none fds=same"  # the child's answer: none of them
    assert (status, out, err) == probe("check", "--jobs", "1", "--format", "json", big)[:3]


def test_ctrl_c_while_waiting_for_the_child_exits_130(tmp_path):
    env = {**os.environ, "PROBE_FAIL": "sleep", "PROBE_WAIT": "30"}
    env.pop("PYTHONUNBUFFERED", None)
    proc = subprocess.Popen([sys.executable, "-c", PROBE, "check", SEED], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stderr.readline()  # the child is there and sleeping; the parent will wait for it
    assert line == b"CHILD SLEEPS\n"
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = err.decode().splitlines()
    assert "Traceback" not in err.decode()
    assert lines[-2] == "artlint: interrupted: 0 of 1 files finished and reported"
    assert lines[-1] == "PROBE failed 0 children=none fds=same"
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the group is left
