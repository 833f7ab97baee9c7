"""linter.records behaves as dataclasses.dataclass for what artlint's classes use."""
from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from linter import records
from linter.model import Finding

ROOT = Path(__file__).resolve().parent.parent


def make(decorate, field, **options):
    @decorate(**options)
    class Point:
        """A point."""

        x: int
        y: int = 2
        tags: list = field(default_factory=list)
        note: str = field(default="", compare=False)
        hidden: object = field(default=None, repr=False)

        def norm(self) -> int:
            return abs(self.x) + abs(self.y)

    return Point


PAIRS = [(make(dataclasses.dataclass, dataclasses.field, **options), make(records.record, records.field, **options))
         for options in ({}, {"frozen": True}, {"frozen": True, "slots": True})]


@pytest.mark.parametrize("real, ours", PAIRS)
def test_a_record_is_made_compared_shown_and_hashed_as_a_dataclass(real, ours):
    for args, kwargs in [((1,), {}), ((1, 5), {}), ((1,), {"note": "n", "hidden": 3}), ((), {"x": 0, "tags": [1]})]:
        a, b = real(*args, **kwargs), ours(*args, **kwargs)
        assert repr(a) == repr(b)
        assert [getattr(a, f.name) for f in dataclasses.fields(a)] == [getattr(b, n) for n in records.fields(b)]
        assert (a == real(*args, **kwargs)) == (b == ours(*args, **kwargs)) is True
        assert (a == real(*args, **{**kwargs, "note": "other"})) == (b == ours(*args, **{**kwargs, "note": "other"}))
        assert (a == real(9)) == (b == ours(9)) is False
        assert b.__eq__(object()) is NotImplemented and b.norm() == a.norm()
        if real.__hash__ is None:
            assert ours.__hash__ is None
        else:
            b = ours(*args, **{**kwargs, "tags": ()})
            assert hash(b) == hash(real(*args, **{**kwargs, "tags": ()}))
    assert ours(1).tags is not ours(1).tags  # a new list each time
    assert records.replace(ours(1, note="n"), y=7) == ours(1, 7) and records.replace(ours(1, note="n"), y=7).note == "n"
    for bad in [(), (1, 2, 3, 4, 5, 6)]:
        with pytest.raises(TypeError):
            ours(*bad)
    with pytest.raises(TypeError):
        ours(1, z=3)


@pytest.mark.parametrize("real, ours", PAIRS[1:])
def test_a_frozen_record_refuses_changes_and_copies(real, ours):
    b = ours(1, tags=(1,))
    for change in (lambda: setattr(b, "x", 3), lambda: delattr(b, "y"), lambda: setattr(b, "new", 1)):
        with pytest.raises(records.FrozenInstanceError):
            change()
        with pytest.raises(AttributeError):
            change()
    assert copy.deepcopy(b) == b and copy.copy(b) == b  # pickle's protocol (a local class cannot be pickled)
    assert hasattr(ours, "__slots__") == hasattr(real, "__slots__")


def test_findings_have_slots_and_pickle_with_every_field():
    f = Finding("a.txt", 1, 2, 1, 3, "r.x", "style", "warning", "m", "x", ("y",), 0.5, (("k", 1),), 4, 5, None)
    assert not hasattr(f, "__dict__")
    back = pickle.loads(pickle.dumps(f))
    assert back == f and back.extra == f.extra and back.start == 4


def test_a_one_file_check_imports_neither_dataclasses_nor_inspect():
    code = ("import sys, atexit\n"
            "atexit.register(lambda: print(sorted({'dataclasses', 'inspect'} & set(sys.modules)), file=sys.__stderr__))\n"
            "sys.argv = ['artlint', 'check', '--jobs', '1', sys.argv[1]]\n"
            "import linter.entry\nlinter.entry.main()\n")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds" / "004_30d5efec39016882.txt")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "10 findings" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "slots": True}])
def test_a_record_compiles_its_init_when_its_first_object_is_made(options):
    @records.record(**options)
    class Point:
        x: int
        y: int = 0

    lazy = Point.__dict__["__init__"]
    with pytest.raises(TypeError):
        Point()  # the compiled __init__ refuses it, as a dataclass's
    compiled = Point.__dict__["__init__"]
    assert compiled is not lazy  # compiled once, in the class itself (slots: the class made again)
    assert Point(1) == Point(1, 0) and Point(2, y=3).y == 3
    assert Point.__dict__["__init__"] is compiled and Point.__init__.__qualname__.endswith("Point.__init__")
