"""Plain text: one block a line, or a block a paragraph when the file is
hard-wrapped (short lines with blank lines between paragraphs)."""
from __future__ import annotations

import re

from ..document import BlockBuilder, Document

LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
WRAP_WIDTH = 100


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
    lines = list(lines_with_offsets(source))
    join = hard_wrapped([l for _, l in lines])
    blocks, current = [], None
    for offset, line in lines:
        if not line.strip():
            current = flush(blocks, current)
            continue
        if current is None or not join:
            current = flush(blocks, current)
            current = BlockBuilder("paragraph")
        else:
            current.add_char(" ", offset - 1)
        current.add(line, offset)
    flush(blocks, current)
    return Document(path=path, source=source, blocks=blocks)


def flush(blocks, builder):
    if builder is not None:
        block = builder.build(len(blocks))
        if block is not None:
            blocks.append(block)
    return None
