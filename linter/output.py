"""`-o FILE`: the report is written to a temporary file beside FILE and
moved over it in one step, so a failed run never leaves half a report and
never replaces an input."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import LintError


def check_output_path(output: str, inputs: list[str]) -> None:
    """Refuse an output that is one of the inputs (it would replace the article)."""
    target = Path(output)
    try:
        resolved = target.resolve()
        if any(Path(p).resolve() == resolved for p in inputs if p != "-"):
            raise LintError(f"{output}: the report would overwrite a file being checked; choose another --output")
    except OSError:
        return
    if target.is_dir():
        raise LintError(f"{output}: is a folder; --output needs a file name")


def write_output(output: str, text: str) -> None:
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise LintError(f"{output}: cannot write the report: folder {folder} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LintError(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text if text.endswith("\n") or not text else text + "\n")
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~current_umask()
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise LintError(f"{output}: cannot write the report: {exc.strerror or exc}") from None


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
