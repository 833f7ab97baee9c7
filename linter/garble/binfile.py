"""The model's file format: named arrays in one uncompressed file that is
mapped into memory, so that loading reads nothing but a small header.

    MAGIC, header length (8 bytes, little-endian), JSON header
    {name: [numpy dtype string, shape, offset]}, then each array,
    little-endian, 8-byte aligned.

No numpy here: ngram.read_arrays makes numpy views of the arrays,
small.py memoryviews.
"""
from __future__ import annotations

import json
import mmap

MAGIC = b"ARTLINT-LM1\n"


def mapped(path):
    """The file's bytes, mapped read-only. `path` may be an
    importlib.resources Traversable that is no real file (a zipped
    package): then it is read whole."""
    try:
        fh = open(path, "rb")
    except TypeError:
        return path.read_bytes()
    with fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # empty or unmappable: read it
            return fh.read()


def header(data, path="") -> tuple[dict, int]:
    """({name: [dtype, shape, offset]}, where the arrays start)."""
    if data[:len(MAGIC)] != MAGIC:
        raise ValueError(f"{path}: not an artlint model file")
    length = int.from_bytes(data[len(MAGIC):len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8 + length
    return json.loads(bytes(data[len(MAGIC) + 8:start])), start
