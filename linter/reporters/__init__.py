"""Reporters: each module turns a linter.model.Report into the text of one
output format with `render(report, *, color=False, source_lines=None)`.
Formatting lives here only; the engine never prints."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

REPORTERS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "html", "jsonl")
STREAMING = ("text", "github", "jsonl")  # can write each file as it finishes (a `Stream` class)


def render(name: str, report, **kw) -> str:
    """Render `report` in the format `name` (one of REPORTERS)."""
    if name not in REPORTERS:
        raise ValueError(f"unknown report format {name!r} (choose from {', '.join(REPORTERS)})")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.render(report, **kw)


def render_pieces(name: str, report, **kw):
    """render's text in pieces, for writing as they are made (a format
    whose module has `pieces`; the others give their whole text at once)."""
    if name not in REPORTERS:
        raise ValueError(f"unknown report format {name!r} (choose from {', '.join(REPORTERS)})")
    module = importlib.import_module(f"{__name__}.{name}")
    if hasattr(module, "pieces"):
        return module.pieces(report, **kw)
    return iter([module.render(report, **kw)])


def streaming(name: str, **kw):
    """The Stream of a format that can write file by file: `.file(result,
    findings, lines)` -> the text of one file (in input order; `lines`: line
    number -> source text), `.end()` -> the text after the last file."""
    if name not in STREAMING:
        raise ValueError(f"the {name} report cannot be streamed")
    return importlib.import_module(f"{__name__}.{name}").Stream(**kw)


def use_color(stream, no_color: bool = False) -> bool:
    """Whether output to `stream` should be coloured: never with --no-color or
    NO_COLOR set (https://no-color.org), always with FORCE_COLOR, else only
    on a terminal."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def relative_posix(path: str) -> str:
    """`path` with / separators, relative to the working directory when it is
    an absolute path inside it (CI tools resolve paths from the checkout)."""
    if os.path.isabs(path):
        try:
            return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            return Path(path).as_posix()
    posix = Path(path).as_posix() if os.sep != "/" else path
    return posix[2:] if posix.startswith("./") else posix
