"""`quotes`: double quotation marks closed and never opened, or opened and
never closed, within a paragraph. Curly marks say which way they face;
a straight mark is judged by its neighbours (space before: opening; space
or punctuation after: closing)."""
from __future__ import annotations

from .base import Check

OPENING = {"\u201c": "\u201d", "\u201e": "\u201d"}  # “ „
CLOSING = {"\u201d"}
STRAIGHT = '"'


def direction(text: str, i: int) -> str:
    """'open' or 'close' for the straight mark at text[i]."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:":
        return "open"
    if after.isspace() or after in ".,;:!?)]}\u2014\u2013-":
        return "close"
    return "open" if not before.isalnum() else "close"


def marks(text: str):
    """(index, 'open'|'close') of every double quotation mark."""
    for i, char in enumerate(text):
        if char in OPENING:
            yield i, "open"
        elif char in CLOSING:
            yield i, "close"
        elif char == STRAIGHT and not (i > 0 and text[i - 1].isdigit()):  # 12" is inches
            yield i, direction(text, i)


def unbalanced(text: str) -> tuple[list[int], list[int]]:
    """(marks closed but never opened, marks opened but never closed)."""
    stray_closes, opens = [], []
    for i, way in marks(text):
        if way == "open":
            opens.append(i)
        elif opens:
            opens.pop()
        else:
            stray_closes.append(i)
    return stray_closes, opens


def starts_with_opening(text: str) -> bool:
    first = text.lstrip()[:1]
    return first in OPENING or first == STRAIGHT


class Quotes(Check):
    kind = "quotes"
    params = {"properties": {
        "unopened_message": {"type": "string"},
        "unclosed_message": {"type": "string"},
    }}

    def run(self, doc, nlp=None):
        blocks = list(self.blocks(doc))
        for n, block in enumerate(blocks):
            closes, opens = unbalanced(block.text)
            for i in closes:
                yield self.finding(doc, block, i, i + 1, message=self.options.get("unopened_message"),
                                   problem="closed but never opened")
            # News style leaves a quotation open at the end of a paragraph
            # when the same speaker's quote goes on in the next one.
            continues = n + 1 < len(blocks) and starts_with_opening(blocks[n + 1].text)
            for i in opens if not continues else ():
                yield self.finding(doc, block, i, i + 1, message=self.options.get("unclosed_message"),
                                   problem="opened but never closed")
