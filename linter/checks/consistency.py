"""`consistency`: two or more spellings of one thing in one document. The
first spelling used sets the document's choice; later other spellings are
reported with it as the suggestion."""
from __future__ import annotations

from .. import analyses
from .base import Check
from ..regexes import needed_words, phrase_regex
from ..regexcache import compiled as compiled_re

import re


class Consistency(Check):
    kind = "consistency"
    params = {"properties": {
        "either": {"type": "array", "minItems": 1, "items": {
            "type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}}},
        "ignorecase": {"type": "boolean"},
    }}
    required = ("either",)
    analyses = ("words",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.ignorecase = self.options.get("ignorecase", False)
        flags = re.IGNORECASE if self.ignorecase else 0
        self.groups = [[(v, compiled_re(phrase_regex(v), flags), analyses.WordNeeds([needed_words(v, self.ignorecase)], self.ignorecase))
                        for v in group]
                       for group in self.options["either"]]

    def run(self, doc, nlp=None):
        everywhere = analyses.document_words(doc)
        blocks = [(block, analyses.words(doc, block)) for block in self.blocks(doc)]
        for group in self.groups:
            group = [v for v in group if v[2].could_match(everywhere)]
            if len(group) < 2:
                continue  # fewer than two spellings can be in the document: nothing to report
            uses = sorted(
                (block.index, m.start(), m.end(), variant, block)
                for block, words in blocks
                for variant, regex, needs in group
                if needs.could_match(words)  # a prefilter: the same uses
                for m in regex.finditer(block.text)
            )
            if len({use[3] for use in uses}) < 2:
                continue
            chosen = uses[0][3]
            for _, start, end, variant, block in uses:
                if variant != chosen:
                    yield self.finding(doc, block, start, end, suggestions=[chosen], first=chosen)
