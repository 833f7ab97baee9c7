"""The user cache folder (compiled knowledge base, validated rules) and
the one way files are written there: JSON of plain data, never code,
written atomically. A cache that cannot be read or written only costs
time: the caller builds what it holds from the sources."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def cache_file(name: str) -> Path | None:
    """Where the cache file `name` goes; None when caching is off
    (ARTLINT_NO_CACHE). ARTLINT_CACHE, then XDG_CACHE_HOME, then ~/.cache."""
    if os.environ.get("ARTLINT_NO_CACHE"):
        return None
    base = os.environ.get("ARTLINT_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "artlint" / name


def content_key(label: str, files) -> str | None:
    """SHA-256 of a label and of every file's path and content; None when
    one cannot be read (the caller reports that as it loads the file)."""
    h = hashlib.sha256(label.encode())
    for p in files:
        try:
            data = Path(p).read_bytes()
        except OSError:
            return None
        h.update(f"\0{Path(p).resolve()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def read_json(path: Path | None, key: str):
    """The `data` of a cache file written with this key, else None."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            found = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("key") != key:
        return None
    return found.get("data")


def write_json(path: Path | None, key: str, data) -> None:
    """Write atomically: a temporary file in the same folder, then
    os.replace, so a concurrent run reads the old file or the new one."""
    import tempfile

    if path is None:
        return
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def same_json(a, b) -> bool:
    """a equals b with the same types throughout: what survives a JSON
    round trip unchanged (no tuples, dates, non-string keys)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return a == b
