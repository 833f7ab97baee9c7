"""`quotes`: double quotation marks closed and never opened, or opened and
never closed, within a paragraph. Curly marks say which way they face;
a straight mark is judged by its neighbours (space before: opening; space
or punctuation after: closing), and by what is open when its neighbours do
not tell (spaces on both sides; a digit before it: inches or a close). A
quotation that runs over several paragraphs is followed: news style opens
each paragraph of it with a quotation mark and closes only the last."""
from __future__ import annotations

import re

from .base import Check

OPENING = {"\u201c": "\u201d", "\u201e": "\u201d"}  # “ „
CLOSING = {"\u201d"}
STRAIGHT = '"'
MARK = re.compile("[" + "".join(sorted({*OPENING, *CLOSING, STRAIGHT})) + "]")  # where marks() looks


def direction(text: str, i: int) -> str:
    """'open', 'close' or 'either' (spaces on both sides: judged by what is
    open) for the straight mark at text[i]."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if i > 0 and before.isspace() and (after.isspace() or after in ".,;:!?)]}"):
        return "either"  # 'the " quoted " words', 'the " quoted ".' (tokenised copy)
    if before.isspace() or before in "([{\u2014\u2013-/:":
        return "open"
    if after.isspace() or after in ".,;:!?)]}\u2014\u2013-":
        return "close"
    return "open" if not before.isalnum() else "close"


def marks(text: str):
    """(index, 'open'|'close'|'either'|'inch?') of every double quotation
    mark; 'inch?' is a straight mark after a digit (12" or "50OFF699")."""
    for m in MARK.finditer(text):
        i, char = m.start(), m.group()
        if char in OPENING:
            yield i, "open"
        elif char in CLOSING:
            yield i, "close"
        elif char == STRAIGHT:
            yield i, "inch?" if i > 0 and text[i - 1].isdigit() else direction(text, i)


def unbalanced(text: str) -> tuple[list[int], list[int]]:
    """(marks closed but never opened, marks opened but never closed). A
    straight mark after a digit is read as inches, unless reading it as the
    close of an open straight quotation balances the paragraph better."""
    inches = balance(text, digits_close=False)
    if not any(text[i] == STRAIGHT for i in inches[1]):
        return inches
    closes = balance(text, digits_close=True)
    return closes if len(closes[0]) + len(closes[1]) < len(inches[0]) + len(inches[1]) else inches


def balance(text: str, digits_close: bool) -> tuple[list[int], list[int]]:
    stray_closes, opens = [], []
    for i, way in marks(text):
        straight_open = bool(opens) and text[opens[-1]] == STRAIGHT
        if way == "inch?":
            if not (digits_close and straight_open):
                continue
            way = "close"
        elif way == "either":
            way = "close" if straight_open else "open"
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
