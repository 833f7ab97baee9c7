"""Plain text: one block a line, or a block a paragraph when the file is
hard-wrapped (short lines with blank lines between paragraphs)."""
from __future__ import annotations

import re

from ..document import BlockBuilder, Document

LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
WRAP_WIDTH = 100
COMMENT = re.compile(r"<!--.*?-->", re.S)  # may hold in-text switches


def lines_with_offsets(source: str):
    """(offset, line without its end) for every line of source."""
    for m in LINE.finditer(source):
        if m.start() == len(source) and m.start() > 0:
            break
        yield m.start(), m.group().rstrip("\r\n")


def hard_wrapped(lines: list[str]) -> bool:
    prose = [l for l in lines if l.strip()]
    has_blank = len(prose) < len(lines)
    return has_blank and len(prose) > 1 and max(len(l) for l in prose) <= WRAP_WIDTH


def read_text(path: str, source: str) -> Document:
    comments = [(m.start(), m.end(), m.group()[4:-3]) for m in COMMENT.finditer(source)]
    lines = [(offset, line, pieces(line, offset, comments)) for offset, line in lines_with_offsets(source)]
    # a line that holds only comments neither makes the file look wrapped nor is prose
    join = hard_wrapped(["".join(t for t, _ in parts) for _, line, parts in lines if parts or not line.strip()])
    blocks, current = [], None
    for offset, _, parts in lines:
        if not parts:  # blank, or only comments
            current = flush(blocks, current)
            continue
        if current is None or not join:
            current = flush(blocks, current)
            current = BlockBuilder("paragraph")
        elif not any(start < offset <= end for start, end, _ in comments):  # unless a comment hides it
            current.add_char(" ", offset - 1)  # the line break
        for text, origin in parts:
            current.add(text, origin)
    flush(blocks, current)
    return Document(path=path, source=source, blocks=blocks, comments=comments)


def pieces(line: str, offset: int, comments) -> list[tuple[str, int]]:
    """(text, source offset) of the parts of a line outside comments."""
    out, pos = [], offset
    for start, end, _ in comments:
        if start < offset + len(line) and end > pos:
            if start > pos:
                out.append((line[pos - offset:start - offset], pos))
            pos = end
    if pos < offset + len(line):
        out.append((line[pos - offset:], pos))
    return [(text, origin) for text, origin in out if text.strip()]


def flush(blocks, builder):
    if builder is not None:
        builder.build_into(blocks)
    return None
