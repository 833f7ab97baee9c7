"""The prose of a Document in request-sized chunks, and the map from
LanguageTool's UTF-16 offsets back to Python characters."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..document import Block, Document

SEPARATOR = "\n\n"  # between blocks in one request: LanguageTool reads it as a paragraph break

@dataclass(frozen=True)
class Segment:
    """block.text[start:end], one piece of a request."""

    block: Block
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


@dataclass(frozen=True)
class Chunk:
    """The text of one request and where each of its segments begins in it."""

    text: str
    segments: tuple[Segment, ...]
    bases: tuple[int, ...]

    @classmethod
    def of(cls, segments: list[Segment]) -> "Chunk":
        bases, pos = [], 0
        for seg in segments:
            bases.append(pos)
            pos += seg.end - seg.start + len(SEPARATOR)
        return cls(SEPARATOR.join(s.text for s in segments), tuple(segments), tuple(bases))

    def locate(self, start: int, end: int) -> tuple[Block, int, int] | None:
        """(block, start, end) in block text of chunk text[start:end]; None
        for a match that begins in a separator. A match running past its
        segment is cut at the segment's end."""
        i = bisect.bisect_right(self.bases, start) - 1
        seg = self.segments[i]
        local, size = start - self.bases[i], seg.end - seg.start
        if local >= size:
            return None
        local_end = min(max(end - self.bases[i], local + 1), size)
        return seg.block, seg.start + local, seg.start + local_end


# Where a long block may be cut for LanguageTool's request size: any sentence-like
# end, even before a lower-case word (a cut, not a sentence: lexicon.sentences is stricter).
CHUNK_CUT = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_block(block: Block, limit: int) -> list[Segment]:
    """A block in pieces of at most `limit` characters, cut after a
    sentence when one ends in the window, else at a space."""
    text, start, pieces = block.text, 0, []
    while len(text) - start > limit:
        window = text[start:start + limit]
        cuts = [m.end() for m in CHUNK_CUT.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > limit // 4 else (window.rfind(" ") + 1 or limit)
        piece_end = start + len(window[:cut].rstrip())
        if piece_end > start:
            pieces.append(Segment(block, start, piece_end))
        start += cut
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        pieces.append(Segment(block, start, len(text)))
    return pieces


def chunk_document(doc: Document, limit: int) -> list[Chunk]:
    """The document's prose blocks packed into requests of at most `limit`
    characters, cut only between paragraphs unless one paragraph is longer."""
    chunks, segments, size = [], [], 0
    for block in doc.prose_blocks:
        for seg in split_block(block, limit):
            length = seg.end - seg.start
            if segments and size + len(SEPARATOR) + length > limit:
                chunks.append(Chunk.of(segments))
                segments, size = [], 0
            size += length + (len(SEPARATOR) if segments else 0)
            segments.append(seg)
    if segments:
        chunks.append(Chunk.of(segments))
    return chunks

# ---------------------------------------------------------------- offsets


ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Maps UTF-16 code-unit offsets (Java's String indices) to Python
    character offsets. Each character outside the Basic Multilingual Plane
    (most emoji, flags, some CJK) is one Python character but two units."""

    def __init__(self, text: str):
        astral = [m.start() for m in ASTRAL.finditer(text)]
        self.units = [pos + k for k, pos in enumerate(astral)]  # unit offset of each astral char

    def to_char(self, unit: int, *, end: bool = False) -> int:
        """The character offset of a unit offset. An offset inside a
        surrogate pair rounds down for a start and up for an end."""
        before = bisect.bisect_left(self.units, unit)  # astral chars beginning before `unit`
        char = unit - before
        if end and before and self.units[before - 1] + 1 == unit:
            char += 1
        return char


def utf16_len(text: str) -> int:
    return len(text) + len(ASTRAL.findall(text))
