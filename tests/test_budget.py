"""The time budget's one alarm (linter.limits.Alarm): set only when it
would ring too late for the charge that begins, yet every charge is
interrupted when its own file's budget runs out, and a ring between
charges does nothing."""
import signal
import time

import pytest

from linter import limits
from linter.limits import OverBudget, TimeBudget

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer here")


@pytest.fixture(autouse=True)
def clear_alarm():
    limits.ALARM.disarm()
    yield
    limits.ALARM.disarm()


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def runaway_seconds(budget: TimeBudget, path: str) -> float:
    """How long a check that never ends ran on `path` before OverBudget."""
    start = time.monotonic()
    with pytest.raises(OverBudget):
        with budget.charge(path):
            spin(30)
    return time.monotonic() - start


def test_the_timer_is_set_once_for_many_charges(monkeypatch):
    calls = []
    real = signal.setitimer
    monkeypatch.setattr(signal, "setitimer", lambda *a: (calls.append(a), real(*a))[1])
    budget = TimeBudget(60.0)
    for n in range(200):
        with budget.charge(f"file{n % 20}.txt"):
            pass
    assert len(calls) == 1  # the first charge's timer rings before any later charge's deadline
    budget.disarm()
    assert calls[-1] == (signal.ITIMER_REAL, 0) and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_file_begun_after_another_gets_its_whole_budget():
    """The timer set for the first file's deadline rings early for the
    second: it is set again for the time the second has left."""
    budget = TimeBudget(0.5)
    with budget.charge("a.txt"):
        pass
    spin(0.3)
    took = runaway_seconds(budget, "b.txt")
    assert 0.48 <= took < 3, took
    assert budget.spent("b.txt") and not budget.spent("a.txt")


def test_a_file_with_less_left_sets_the_timer_earlier():
    budget = TimeBudget(0.5)
    with budget.charge("b.txt"):
        spin(0.4)  # b has 0.1 s left
    spin(0.2)  # b's timer rings here, between charges
    with budget.charge("a.txt"):
        pass  # the timer now rings 0.5 s after this, later than b's deadline
    took = runaway_seconds(budget, "b.txt")
    assert 0.08 <= took < 0.35, took
    with pytest.raises(OverBudget):  # nothing left: not even begun
        with budget.charge("b.txt"):
            pass


def test_a_ring_between_charges_does_nothing():
    budget = TimeBudget(0.2)
    with budget.charge("a.txt"):
        pass
    spin(0.35)  # the timer rings here, outside every charge
    with budget.charge("b.txt"):
        spin(0.05)
    assert not budget.spent("a.txt") and not budget.spent("b.txt")


def test_a_handler_put_in_place_of_the_alarms_is_replaced_at_the_next_charge():
    budget = TimeBudget(0.3)
    with budget.charge("a.txt"):
        pass
    signal.signal(signal.SIGALRM, signal.SIG_IGN)  # someone else's handler
    assert runaway_seconds(budget, "b.txt") < 3


CATASTROPHIC = r"(a|aa)+$"  # backtracks without end on a run of a's that ends otherwise


def test_a_runaway_regex_in_a_charge_is_stopped_after_its_second_by_the_alarm(monkeypatch):
    from linter.regexes import REGEX_TIMEOUT, RegexTimeout, UserRegex

    runaway = UserRegex(CATASTROPHIC)
    budget = TimeBudget(60.0)
    with budget.charge("a.txt"):
        assert limits.ALARM.guards()
        start = time.monotonic()
        with pytest.raises(RegexTimeout, match="took over 1 s"):
            runaway.search("a" * 60 + "!")
        assert REGEX_TIMEOUT - 0.05 <= time.monotonic() - start < REGEX_TIMEOUT + 2
        assert limits.ALARM.search_deadline is None
        spin(0.01)
    assert not budget.spent("a.txt")  # the regex's second, not the file's budget
    assert not limits.ALARM.guards()
    with pytest.raises(RegexTimeout):  # outside a charge: the regex module's own timeout
        runaway.search("a" * 60 + "!")


def test_guarded_searches_set_the_timer_seldom_and_find_what_searches_find(monkeypatch):
    import regex

    from linter.regexes import UserRegex

    calls = []
    real = signal.setitimer
    monkeypatch.setattr(signal, "setitimer", lambda *a: (calls.append(a), real(*a))[1])
    pattern = UserRegex(r"\b(?:kyiv|kiev)\b", regex.IGNORECASE)
    texts = [f"In Kiev {n}" if n % 3 else f"nothing {n}" for n in range(300)]
    budget = TimeBudget(60.0)
    with budget.charge("a.txt"):
        guarded = [m and m.span() for m in map(pattern.search, texts)]
    budget.disarm()
    assert guarded == [m and m.span() for m in (pattern.compiled.search(t) for t in texts)]
    assert len([c for c in calls if c[1]]) <= 3  # the charge, the first search; maybe one ring's re-set


def test_a_search_that_ends_in_time_leaves_the_charge_its_alarm():
    """After a guarded search the timer, set for the search's second,
    rings early for the charge: it is set again for the charge's deadline."""
    from linter.regexes import UserRegex

    budget = TimeBudget(1.5)
    quick = UserRegex("x")
    with pytest.raises(OverBudget):
        with budget.charge("a.txt"):
            quick.search("a x")  # the timer now rings 1 s from here, before the charge's 1.5 s
            start = time.monotonic()
            spin(30)
    assert 0.4 <= time.monotonic() - start < 3
    assert budget.spent("a.txt")


def test_a_runaway_finditer_in_a_charge_is_stopped_too():
    """finditer matches as it is iterated, after call() returned: it keeps
    the regex module's timeout."""
    from linter.regexes import RegexTimeout, UserRegex

    budget = TimeBudget(60.0)
    with budget.charge("a.txt"):
        start = time.monotonic()
        with pytest.raises(RegexTimeout):
            list(UserRegex(CATASTROPHIC).finditer("a" * 60 + "!"))
        assert time.monotonic() - start < 5
