"""Applying fixes (`artlint check --fix`): take the fixes of a text's
findings that do not overlap, apply them, lint again, and repeat until
nothing changes (a fix may reveal or settle another finding), at most
MAX_PASSES times. Files are rewritten atomically, in their own encoding,
byte order mark and line endings; every byte outside an edit is kept."""
from __future__ import annotations

import bisect
import codecs
import difflib
import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .model import Finding, Fix, LintError

MAX_PASSES = 10
BOM = b"\xef\xbb\xbf"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits' spans share a character, or two insertions one point."""
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def choose(fixes: list[Fix]) -> list[Fix]:
    """Fixes whose edits overlap no earlier chosen fix, in source order;
    the rest wait for the next pass (their finding may be gone by then)."""
    taken: list[tuple[int, int]] = []  # sorted, pairwise disjoint
    chosen = []
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        spans = [(e.start, e.end) for e in fix.edits]
        if any(clashes(span, taken) for span in spans):
            continue
        for span in spans:
            bisect.insort(taken, span)
        chosen.append(fix)
    return chosen


def clashes(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether a span overlaps one of the sorted, disjoint `taken` spans
    (only its neighbours can)."""
    i = bisect.bisect_left(taken, span)
    return any(overlaps(span, taken[j]) for j in (i - 1, i) if 0 <= j < len(taken))


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """The text with the non-overlapping fixes applied, and how many were."""
    chosen = choose(fixes)
    edits = sorted((e for f in chosen for e in f.edits), key=lambda e: (e.start, e.end))
    out, pos = [], 0
    for edit in edits:
        out += [text[pos:edit.start], edit.text]
        pos = edit.end
    out.append(text[pos:])
    return "".join(out), len(chosen)


@dataclass
class FixOutcome:
    text: str  # the fixed text
    applied: int  # fixes applied over all passes
    passes: int
    findings: list[Finding]  # what remains (the last lint)


def fix_text(text: str, lint: Callable[[str], list[Finding]], *, unsafe: bool = False) -> FixOutcome:
    """Fix `text` with `lint` (text -> findings) until no allowed fix is left."""
    applied = 0
    findings = lint(text)
    for passes in range(1, MAX_PASSES + 1):
        fixes = [f.fix for f in findings if f.fix is not None and f.fix.allowed(unsafe)]
        if not fixes:
            return FixOutcome(text, applied, passes - 1, findings)
        new, count = apply_fixes(text, fixes)
        if new == text:
            return FixOutcome(text, applied, passes - 1, findings)
        text, applied = new, applied + count
        findings = lint(text)
    return FixOutcome(text, applied, MAX_PASSES, findings)


@dataclass
class SourceFile:
    """A file's text with what is needed to write it back byte for byte:
    its encoding (with its byte order) and the byte order mark it began with."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    stamp: tuple | None = None  # file_stamp() when it was read

    @classmethod
    def read(cls, path: str, fmt: str | None = None) -> "SourceFile":
        from .readers import decode, format_of

        try:
            stamp = file_stamp(path)
            data = Path(path).read_bytes()
        except OSError as exc:
            raise LintError(f"{path}: cannot read: {exc.strerror or exc}") from None
        text = decode(path, data, format_of(path, fmt))
        encoding, bom = encoding_of(data)
        return cls(path, text, encoding, bom, stamp)

    def encode(self, text: str) -> bytes:
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise LintError(f"{self.path}: a fix writes {exc.object[exc.start:exc.end]!r}, "
                            f"which {self.encoding} cannot hold; file left as it was") from None
        return self.bom + data


# as readers.decode reads them, longest first (the UTF-32 LE BOM starts with the UTF-16 LE one)
BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
              (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (BOM, "utf-8"))


def encoding_of(data: bytes) -> tuple[str, bytes]:
    """The codec and byte order mark that readers.decode read `data` with
    (called once decode has accepted it)."""
    from .readers import CHARSET

    for bom, codec in BOM_CODECS:
        if data.startswith(bom):
            return codec, bom
    try:
        data.decode("utf-8")
        return "utf-8", b""
    except UnicodeDecodeError:  # decode() took the charset the HTML declares
        return CHARSET.search(data[:4096]).group(1).decode("ascii"), b""


TEMP_SUFFIX = ".artlint-tmp"
# .<file name>.<host>.<pid>.<8 hex>.artlint-tmp: whose it is, so a later run can tell a stale one
TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<host>[A-Za-z0-9-]{1,32})\.(?P<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}"
                       + re.escape(TEMP_SUFFIX))


def this_host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:32] or "host"


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{this_host()}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def file_stamp(path: str) -> tuple:
    """What changes when someone else writes the file (through a symlink: its file's)."""
    info = os.stat(path)
    return info.st_ino, info.st_size, info.st_mtime_ns


def write_atomic(path: str, data: bytes, unchanged_since: tuple | None = None) -> None:
    """Replace the file's contents so that a crash at any moment leaves the
    old file or the new one, never a part: a temporary file in the same
    folder, flushed to disk, given the old file's mode, then renamed over it.
    A kill before the rename leaves that temporary file (see stale_temps).
    With `unchanged_since` (a file_stamp), a file that someone changed
    since it was read is left as it is (LintError): their text is newer."""
    target = Path(os.path.realpath(path))  # through a symlink: the file it names is rewritten, the link kept
    info = target.stat()
    while True:
        tmp = temp_path(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        keep_owner(tmp, info)
        os.chmod(tmp, info.st_mode & 0o7777)
        if unchanged_since is not None and file_stamp(path) != unchanged_since:
            raise LintError(f"{path}: changed while it was being fixed; left as it is (run --fix again)")
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    sync_folder(target.parent)


def keep_owner(tmp: Path, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group where we may (a
    group we belong to; any owner as root); otherwise they are ours."""
    if not hasattr(os, "chown"):
        return
    try:
        os.chown(tmp, info.st_uid, info.st_gid)
    except OSError:
        try:
            os.chown(tmp, -1, info.st_gid)
        except OSError:
            pass


def owner_gone(pid: int) -> bool:
    """Whether no process `pid` runs on this machine (POSIX only: elsewhere
    an owner is never taken for gone)."""
    if os.name != "posix" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # e.g. another user's process
        return False
    return False


def stale_temps(folder: Path, names: set[str]) -> list[Path]:
    """The temporary files that a killed `--fix` of this machine left for
    the files `names` of `folder`: regular files of exactly write_atomic's
    pattern whose writing process is gone. Nothing else is ever listed."""
    host, found = this_host(), []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = TEMP_NAME.fullmatch(entry.name)
        if not m or m["name"] not in names or m["host"] != host:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        if owner_gone(int(m["pid"])):
            found.append(Path(entry.path))
    return found


def remove_stale_temps(paths: list[str]) -> tuple[list[str], list[str]]:
    """Remove the stale temporary files of these files (stale_temps); the
    ones removed, and one line for each that could not be."""
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        target = Path(os.path.realpath(path))  # where write_atomic writes
        by_folder.setdefault(target.parent, set()).add(target.name)
    removed, problems = [], []
    for folder, names in by_folder.items():
        for tmp in stale_temps(folder, names):
            try:
                tmp.unlink()
                removed.append(str(tmp))
            except FileNotFoundError:
                pass
            except OSError as exc:
                problems.append(f"{tmp}: cannot remove a stale temporary file: {exc.strerror or exc}")
    return removed, problems


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=path, tofile=path)
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
