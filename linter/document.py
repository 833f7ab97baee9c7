"""The Document: the prose of one file, in blocks, with an exact map from
every character of extracted text back to (line, column) of the source."""
from __future__ import annotations

import bisect
import re
from array import array
from .records import field, record

ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
BLOCK_KINDS = ("paragraph", "heading", "list_item", "quote", "caption")


@record
class Block:
    """A unit of prose. `origins[i]` is the offset in the source text of
    `text[i]`; extracted text may skip markup, so origins need not be
    contiguous, but they always increase."""

    kind: str
    text: str
    origins: array
    index: int = 0


@record
class Document:
    path: str
    source: str
    blocks: list[Block]
    metadata: dict = field(default_factory=dict)
    # (start, end exclusive, body without `<!--`/`-->`) in source of every real HTML
    # comment: never from code, front matter, scripts or styles (in-text switches)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # analyses shared by the checks (tokens, parses)
    _line_starts: list[int] | None = None

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.source)]
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, block: Block, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of block.text[start:end];
        end_column is inclusive."""
        end = max(end, start + 1)
        line, col = self.position(block.origins[start])
        end_line, end_col = self.position(block.origins[end - 1])
        return line, col, end_line, end_col

    def source_range(self, block: Block, start: int, end: int) -> tuple[int, int]:
        """Source offsets (end exclusive) of block.text[start:end]."""
        end = max(end, start + 1)
        return block.origins[start], block.origins[end - 1] + 1

    def source_edit(self, block: Block, start: int, end: int, text: str):
        """The Edit of the source that turns block.text[start:end] into
        `text`, or None when the characters it changes are not one stretch
        of the source as written: the edit would cross markup (`per *cent*`),
        an entity, or a line break read as a space. Only the differing middle
        is edited (`Kiev` -> `Kyiv` touches `ie`), so markup around a change
        stays as it is."""
        from .model import Edit

        old = block.text[start:end]
        head = 0
        while head < min(len(old), len(text)) and old[head] == text[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(text)) - head and old[-1 - tail] == text[-1 - tail]:
            tail += 1
        a, b = start + head, end - tail
        new = text[head:len(text) - tail]
        if a == b:  # an insertion: between two characters that touch in the source
            if a < len(block.text) and (a == 0 or block.origins[a - 1] + 1 == block.origins[a]):
                at = block.origins[a]
            elif a > 0 and a == len(block.text):
                at = block.origins[a - 1] + 1
            else:
                return None
            return Edit(at, at, new, (*self.position(at), *self.position(at)))
        src_start, src_end = block.origins[a], block.origins[b - 1] + 1
        if src_end - src_start != b - a or self.source[src_start:src_end] != block.text[a:b]:
            return None
        if any(ENTITY.match(self.source, src_start + i) for i, c in enumerate(block.text[a:b]) if c == "&"):
            return None  # `&` read from `&amp;`: the source has more than the text shows
        return Edit(src_start, src_end, new, (*self.position(src_start), *self.position(src_end)))

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        begin = starts[line - 1]
        stop = starts[line] if line < len(starts) else len(self.source)
        return self.source[begin:stop].rstrip("\r\n")

    @property
    def prose_blocks(self) -> list[Block]:
        return self.blocks


IDENTITY_MAX = 1 << 17  # offsets kept in _IDENTITY: 1 MiB at most
_IDENTITY = array("l")  # 0, 1, 2, ...: a run of origins is a slice of it (a copy, not a loop)


def offsets(start: int, end: int) -> array:
    """array("l", range(start, end))."""
    if start < 0 or end > IDENTITY_MAX:
        return array("l", range(start, end))
    if end > len(_IDENTITY):
        _IDENTITY.extend(range(len(_IDENTITY), min(IDENTITY_MAX, max(end, 2 * len(_IDENTITY)))))
    return _IDENTITY[start:end]


class BlockBuilder:
    """Collects pieces of source text into one block, keeping their origins."""

    def __init__(self, kind: str):
        self.kind = kind
        self.chars: list[str] = []
        self.origins = array("l")

    def add(self, text: str, origin: int) -> None:
        """Append source text that starts at source offset `origin`."""
        self.chars.append(text)
        self.origins += offsets(origin, origin + len(text))

    def add_char(self, char: str, origin: int) -> None:
        """Append one character that stands for source text at `origin`
        (an entity, or a space for a line break)."""
        self.chars.append(char)
        self.origins.append(origin)

    @property
    def empty(self) -> bool:
        return not "".join(self.chars).strip()

    def build_into(self, blocks: list[Block]) -> None:
        """Append the block to `blocks`, unless it is blank."""
        block = self.build(len(blocks))
        if block is not None:
            blocks.append(block)

    def build(self, index: int) -> Block | None:
        """The block with surrounding white space trimmed, or None if blank."""
        text = "".join(self.chars)
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if right <= left:
            return None
        return Block(self.kind, text[left:right], self.origins[left:right], index)
