"""`casing`: proper nouns written in lower case ("truth social", "the
white house"), from a gazetteer of names that are made of common words, so
that a spelling check cannot see them.

    names: [Truth Social, the White House, the Kremlin, ...]

A leading "the" in an entry is part of what must be there (it tells "the
kremlin" from "a kremlin", a Russian citadel) but is not reported. Names in
web addresses, handles, hashtags and `code` are left alone, and so is text
in capitals ("WHITE HOUSE").
"""
from __future__ import annotations

import re

from .. import analyses
from ..regexes import needed_words
from .base import Check
from ..regexcache import compiled as compiled_re

ARTICLE = "the "
LONGER_NAME = compiled_re(r"\s+of\s+(?:the\s+)?[A-Z]")
# Characters that, touching a match, say it is part of an address or handle.
ADDRESS_CHARS = "@#/_.-`\\"


class Casing(Check):
    kind = "casing"
    fixable = True
    analyses = ("words",)
    params = {
        "type": "object",
        "properties": {
            "names": {"type": "array", "minItems": 1,
                      "items": {"type": "string", "pattern": r"[A-Z]"}},
        },
    }
    required = ("names",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.entries = [self.compile(name) for name in self.options["names"]]
        # an entry's regex runs only on blocks holding all its words (in any case)
        self.needs = [analyses.WordNeeds([needed_words(name, True)], True) for name in self.options["names"]]
        self.index = analyses.NeedsIndex(self.needs)

    @staticmethod
    def compile(name: str):
        """(regex, proper form) for one gazetteer entry; group 'name' is the
        part to check and report."""
        article = name.lower().startswith(ARTICLE)
        proper = name[len(ARTICLE):] if article else name
        words = r"\s+".join(re.escape(w) for w in proper.split())
        prefix = r"\bthe\s+" if article else r"\b"
        return compiled_re(rf"{prefix}(?P<name>{words})\b", re.IGNORECASE), proper

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            text = block.text
            for entry in self.index.possible(analyses.words(doc, block)):
                pattern, proper = self.entries[entry]
                for m in pattern.finditer(text):
                    start, end = m.span("name")
                    if not self.miscased(m.group("name"), proper) or in_address(text, m.start(), end):
                        continue
                    if LONGER_NAME.match(text, end):
                        continue  # "the state Department of Public Safety": another name
                    yield self.finding(doc, block, start, end, suggestions=[proper], name=proper)

    @staticmethod
    def miscased(written: str, proper: str) -> bool:
        """Whether a word capitalised in the proper form is written in lower
        case (all capitals, as in a headline, is not wrong)."""
        if written.isupper():
            return False
        return any(p[0].isupper() and w[0].islower() for w, p in zip(written.split(), proper.split()))


def in_address(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in ADDRESS_CHARS or after in "@#/_-`\\":
        return True
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return True  # a domain: truthsocial.com
    token_start = text.rfind(" ", 0, start) + 1
    return "://" in text[token_start:start] or text[token_start:start].startswith("www.")
