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
    """({name: [dtype, shape, offset]}, where the arrays start); ValueError
    naming the file when it is no model file or is cut short or damaged
    (every array must lie inside it)."""
    if data[:len(MAGIC)] != MAGIC:
        raise ValueError(f"{path}: not an artlint model file")
    length = int.from_bytes(data[len(MAGIC):len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8 + length
    try:
        index = json.loads(bytes(data[len(MAGIC) + 8:start]))
    except ValueError:  # (UnicodeDecodeError too)
        index = None
    if start > len(data) or not isinstance(index, dict):
        raise ValueError(f"{path}: damaged artlint model file (its header cannot be read)")
    for name, entry in index.items():
        end = _array_end(entry)
        if end is None or start + end > len(data):
            raise ValueError(f"{path}: damaged artlint model file (array {name} is cut short or malformed)")
    return index, start


def _array_end(entry) -> int | None:
    """Where an array of the header ends, from the arrays' start; None
    when the entry is not [dtype such as "<f4", shape, offset]."""
    if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[0][2:].isdigit()
            and isinstance(entry[1], list) and all(type(n) is int and n >= 0 for n in entry[1])
            and type(entry[2]) is int and entry[2] >= 0):
        return None
    count = 1
    for n in entry[1]:
        count *= n
    return entry[2] + count * int(entry[0][2:])
