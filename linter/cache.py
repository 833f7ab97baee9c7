"""The user cache folder (compiled knowledge base, validated rules) and
the one way files are written there: JSON of plain data, never code,
written atomically. A cache that cannot be read or written only costs
time: the caller builds what it holds from the sources."""
from __future__ import annotations

import json
import os
from pathlib import Path


def _sha256():
    """hashlib.sha256 without importing hashlib: its OpenSSL binding costs
    a one-file run ~2 ms to load; CPython's own SHA-256 gives the same digests."""
    try:
        from _sha2 import sha256  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256


sha256 = _sha256()


def cache_file(name: str) -> Path | None:
    """Where the cache file `name` goes; None when caching is off
    (ARTLINT_NO_CACHE). ARTLINT_CACHE, then XDG_CACHE_HOME, then ~/.cache."""
    if os.environ.get("ARTLINT_NO_CACHE"):
        return None
    base = os.environ.get("ARTLINT_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "artlint" / name


def content_key(label: str, files) -> str | None:
    """SHA-256 of a label and of every file's path and content; None when
    one cannot be read (the caller reports that as it loads the file).
    Each file's own digest is remembered by its status (file_digest)."""
    h = sha256(label.encode())
    for p in files:
        found = file_digest(p)
        if found is None:
            return None
        path, size, digest = found
        h.update(f"\0{path}\0{size}\0{digest}".encode())
    return h.hexdigest()


# ---- file digests remembered by file status --------------------------------
# Hashing the rule files and the code that caches depend on costs a one-file
# run a few milliseconds; a file whose size, times, inode and device are
# those it had when it was hashed has the same content (git's index works
# so). A file changed less than RACY_SECONDS before it was hashed could
# change again within one tick of the file system's clock, keeping its
# status: its digest is not remembered (git's "racy" entries).

RACY_SECONDS = 3.0
_digests: dict = {"loaded": False, "known": {}, "new": False}


def file_digest(p) -> tuple[str, int, str] | None:
    """(absolute path, size, SHA-256 of the content), or None when the
    file cannot be read."""
    import time

    path = os.path.abspath(p)
    try:
        st = os.stat(path)
    except OSError:
        return None
    status = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    known = _known_digests()
    entry = known.get(path)
    if entry is not None and entry[:5] == status:
        return path, st.st_size, entry[5]
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    digest = sha256(data).hexdigest()
    if len(data) == st.st_size and max(st.st_mtime_ns, st.st_ctime_ns) < (time.time() - RACY_SECONDS) * 1e9:
        known[path] = [*status, digest]
        if not _digests["new"]:
            import atexit

            _digests["new"] = True
            atexit.register(save_digests)
    return path, len(data), digest


DIGESTS_MAX = 5000  # files remembered; past it, the file starts again


def _known_digests() -> dict:
    if not _digests["loaded"]:
        _digests["loaded"] = True
        found = read_json(cache_file("file-digests.json"), "file digests 1")
        if isinstance(found, dict) and len(found) <= DIGESTS_MAX:
            _digests["known"] = {path: entry for path, entry in found.items() if isinstance(entry, list)
                                 and len(entry) == 6 and all(type(n) is int for n in entry[:5])
                                 and isinstance(entry[5], str) and len(entry[5]) == 64}
    return _digests["known"]


def save_digests() -> None:
    if not _digests["new"]:
        return
    _digests["new"] = False
    known = _digests["known"]
    write_json(cache_file("file-digests.json"), "file digests 1", known if len(known) <= DIGESTS_MAX else {})


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
    if path is None:
        return
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    write_bytes(path, text.encode("utf-8"))


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


def write_sealed(path: Path | None, key: str, data) -> None:
    """write_json for data that goes to an engine which does not check it
    (the regex module's compiled code): a header line with the key and the
    CRC-32 of the data line, then the data line."""
    try:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return
    write_sealed_bytes(path, key, body)


def read_sealed(path: Path | None, key: str):
    """The data of a file write_sealed wrote with this key, else None (also
    when the data line is not exactly the one the header was written for)."""
    body = read_sealed_bytes(path, key)
    try:
        return json.loads(body.decode("utf-8")) if body is not None else None
    except ValueError:
        return None


# The seal catches accidental damage (a cut write, a changed byte, another
# program's file), not an attack: whoever can write the cache can write a
# matching digest of any kind. A CRC-32 catches that damage as an unkeyed
# SHA-256 would (up to 32 changed bits in a row: always; anything else, a
# cut included: all but one in 2**32) at a fraction of the cost: the two
# sealed files of a one-file run (1.05 MB) take 0.17 ms to CRC, 3.25 ms to
# SHA-256. zlib is imported lazily: a run with the garble rules has it already.

def seal(body: bytes) -> dict:
    """The header field that seals `body`: its CRC-32."""
    from zlib import crc32

    return {"crc32": crc32(body)}


def write_sealed_bytes(path: Path | None, key: str, body: bytes) -> None:
    """A header line (the key and the seal of the body), then the body."""
    if path is None:
        return
    header = json.dumps({"key": key, **seal(body)}).encode("utf-8")
    write_bytes(path, header + b"\n" + body)


def read_sealed_bytes(path: Path | None, key: str) -> bytes | None:
    """The body of a file write_sealed_bytes wrote with this key, else None."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            header, _, body = fh.read().partition(b"\n")
        found = json.loads(header.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("key") != key or found.get("crc32") != seal(body)["crc32"]:
        return None
    return body


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically (see write_json); a folder that cannot be written costs nothing."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    prune_siblings(path)


# A cache file is keyed by what it was built from (`rules-<key>.json`), so
# every edit of the rules, the code or the config leaves the old file
# behind. When a file is written (a cache miss: rare), its siblings of the
# same kind not written for STALE_DAYS go. Reads do not refresh a file, so
# one still in use is rebuilt once a STALE_DAYS at most; no count limit,
# since one run can use many files of a kind (six `regex-` files). The
# temporary file of a write that was killed goes after a day.
STALE_DAYS = 30


def prune_siblings(path: Path) -> None:
    """Remove the stale siblings of the cache file just written (see above)."""
    import re
    import time

    kind = re.fullmatch(r"([a-z-]+)-[0-9a-f]{16,64}(\.\w+)", path.name)
    same_kind = re.compile(re.escape(kind.group(1)) + r"-[0-9a-f]{16,64}" + re.escape(kind.group(2))) if kind else None
    now = time.time()
    try:
        with os.scandir(path.parent) as entries:
            for entry in entries:
                if entry.name == path.name or not entry.is_file(follow_symlinks=False):
                    continue
                age = now - entry.stat(follow_symlinks=False).st_mtime
                if ((entry.name.endswith(".tmp") and age > 86400)
                        or (same_kind and same_kind.fullmatch(entry.name) and age > STALE_DAYS * 86400)):
                    _remove(entry.path)
    except OSError:
        return


def _remove(where: str) -> None:
    try:
        os.unlink(where)
    except OSError:
        pass
