"""`consistency`: two or more spellings of one thing in one document. The
first spelling used sets the document's choice; later other spellings are
reported with it as the suggestion."""
from __future__ import annotations

from .base import Check
from ..regexes import phrase_regex

import re


class Consistency(Check):
    kind = "consistency"
    params = {"properties": {
        "either": {"type": "array", "minItems": 1, "items": {
            "type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}}},
        "ignorecase": {"type": "boolean"},
    }}
    required = ("either",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        flags = re.IGNORECASE if self.options.get("ignorecase", False) else 0
        self.groups = [[(v, re.compile(phrase_regex(v), flags)) for v in group] for group in self.options["either"]]

    def run(self, doc, nlp=None):
        for group in self.groups:
            uses = sorted(
                (block.index, m.start(), m.end(), variant, block)
                for block in self.blocks(doc)
                for variant, regex in group
                for m in regex.finditer(block.text)
            )
            if len({use[3] for use in uses}) < 2:
                continue
            chosen = uses[0][3]
            for _, start, end, variant, block in uses:
                if variant != chosen:
                    yield self.finding(doc, block, start, end, suggestions=[chosen], first=chosen)
