"""The `artlint` program (console script and `python -m linter`). A plain
`artlint check [--format F] [--jobs N] [--select IDS] [--ignore IDS] PATH...`, what a pre-commit hook or
a CI gate runs, is parsed here and run without importing click (~20 ms of
a one-file run); every other command line goes to click (linter.cli)."""
from __future__ import annotations

import os
import sys

from .checkrun import FORMATS

VALUE_OPTIONS = {"--format": "fmt", "--jobs": "jobs", "-j": "jobs", "--select": "select", "--ignore": "ignore"}


def main() -> None:
    from .checkrun import raise_gc_threshold

    raise_gc_threshold()
    options = plain_check(sys.argv[1:])
    if options is None or "_ARTLINT_COMPLETE" in os.environ:  # (click's shell completion)
        from .cli import main as click_main

        click_main(prog_name="artlint")
        return
    run_plain_check(**options)


def plain_check(argv: list[str]) -> dict | None:
    """The options of `check` that `argv` gives when it holds only paths
    (none starting with '-'), --format FMT, --jobs N, --select IDS and
    --ignore IDS (also --format=FMT, --jobs=N, -j N, --select=IDS, ...);
    None for any other command line."""
    if not argv or argv[0] != "check":
        return None
    options, paths, rest = {"fmt": "text", "jobs": 0, "select": (), "ignore": ()}, [], iter(argv[1:])
    for arg in rest:
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name not in VALUE_OPTIONS or name == "-j" and equals:
            return None
        if not equals:
            value = next(rest, None)
        if value is None or not valid(VALUE_OPTIONS[name], value):
            return None
        option = VALUE_OPTIONS[name]
        if option in ("select", "ignore"):  # multiple=True: every occurrence counts
            options[option] += (value,)
        else:
            options[option] = value if option == "fmt" else int(value)
    return {**options, "paths": tuple(paths)} if paths else None


def valid(option: str, value: str) -> bool:
    if option == "fmt":
        return value in FORMATS
    if option in ("select", "ignore"):
        return not value.startswith("-")  # (what click makes of '--select --ignore' is left to it)
    return value.isascii() and value.isdigit()


def run_plain_check(paths: tuple[str, ...], fmt: str, jobs: int, select: tuple, ignore: tuple) -> None:
    """linter.cli's `check` with these options and the defaults of the rest,
    with its errors, statuses and exit (linter.cli.Group)."""
    from . import checkrun

    try:
        with checkrun.errors_in_one_line():
            checkrun.run_check(paths, fmt, None, None, None, None, select, ignore, (), (), None, None, None, False, None,
                               False, False, False, None, None, jobs, False)
    except SystemExit as done:
        if checkrun.ENDS_PROCESS:
            checkrun.end_process(done.code)
        raise
