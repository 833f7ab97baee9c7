"""`substitution`: a wrong form and the right one; the fix travels in the
finding as its suggestion."""
from __future__ import annotations

import re

from .. import analyses
from ..model import LintError
from .base import Check
from ..regexes import compile_alternatives, inside_any, match_case, needed_words, phrase_regex, user_regex
from ..regexcache import compiled as compiled_re


class Substitution(Check):
    kind = "substitution"
    fixable = True
    params = {"properties": {
        "swap": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "regex": {"type": "boolean"},        # keys of swap are regexes, not phrases
        "ignorecase": {"type": "boolean"},
        "exceptions": {"type": "array", "items": {"type": "string"}},
    }}
    required = ("swap",)
    analyses = ("words",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.flags = re.IGNORECASE if self.options.get("ignorecase", False) else 0
        self.is_regex = bool(self.options.get("regex"))
        swap = self.options["swap"]
        if self.is_regex:
            self.swaps = [(self.compile(wrong), right) for wrong, right in swap.items()]
        else:  # phrases: one regex for all of them, the fix looked up by the words matched
            self.fixes = {self.key(wrong): right for wrong, right in swap.items()}
            phrases = sorted(swap, key=len, reverse=True)
            self.swaps = [(self.compile("|".join(phrase_regex(p) for p in phrases), wrong=None), None)]
            self.needs = analyses.WordNeeds([needed_words(p, bool(self.flags)) for p in phrases], bool(self.flags))
        self.exceptions = compile_alternatives((), self.options.get("exceptions", ()), bool(self.flags))

    def compile(self, source: str, wrong: str | None = ""):
        if wrong is None:  # phrases, escaped: no regex of the author's
            return compiled_re(source, self.flags)
        return user_regex(source, self.flags, "field 'swap': ")

    def key(self, text: str) -> str:
        words = " ".join(text.split())
        return words.lower() if self.flags else words

    def fix(self, m: re.Match, right: str | None) -> str:
        if self.is_regex:
            try:
                return match_case(m.group(), m.expand(right))
            except Exception as exc:  # noqa: BLE001 - re.error, IndexError, or the regex package's error
                raise LintError(f"{self.rule.path}: field 'swap': replacement {right!r}: {exc}") from None
        return match_case(m.group(), self.fixes[self.key(m.group())])

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            if not self.is_regex and not self.needs.could_match(analyses.words(doc, block)):  # no phrase can be there
                continue
            allowed = None  # the exceptions' spans, found once there is a match
            for regex, right in self.swaps:
                for m in regex.finditer(block.text):
                    if allowed is None:
                        allowed = [e.span() for e in self.exceptions.finditer(block.text)] if self.exceptions else []
                    if m.end() > m.start() and not inside_any(m.start(), m.end(), allowed):
                        yield self.finding(doc, block, m.start(), m.end(), suggestions=[self.fix(m, right)])
