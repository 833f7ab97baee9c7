"""`substitution`: a wrong form and the right one; the fix travels in the
finding as its suggestion."""
from __future__ import annotations

import re

from .base import Check
from .patterns import compile_alternatives, inside_any, match_case, phrase_regex


class Substitution(Check):
    kind = "substitution"
    params = {"properties": {
        "swap": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "regex": {"type": "boolean"},        # keys of swap are regexes, not phrases
        "ignorecase": {"type": "boolean"},
        "exceptions": {"type": "array", "items": {"type": "string"}},
    }}
    required = ("swap",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        flags = re.IGNORECASE if self.options.get("ignorecase", False) else 0
        self.swaps = []
        for wrong, right in self.options["swap"].items():
            source = wrong if self.options.get("regex") else phrase_regex(wrong)
            try:
                self.swaps.append((re.compile(source, flags), right))
            except re.error as exc:
                raise ValueError(f"field 'swap': regex {wrong!r}: {exc}") from None
        self.exceptions = compile_alternatives((), self.options.get("exceptions", ()), bool(flags))

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            allowed = [m.span() for m in self.exceptions.finditer(block.text)] if self.exceptions else []
            for regex, right in self.swaps:
                for m in regex.finditer(block.text):
                    if inside_any(m.start(), m.end(), allowed):
                        continue
                    fix = match_case(m.group(), m.expand(right) if self.options.get("regex") else right)
                    yield self.finding(doc, block, m.start(), m.end(), suggestions=[fix])
