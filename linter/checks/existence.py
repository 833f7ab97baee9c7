"""`existence`: phrases or regexes that should not appear at all."""
from __future__ import annotations

from .base import Check
from ..regexes import compile_alternatives, inside_any

STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}


class Existence(Check):
    kind = "existence"
    params = {"properties": {
        "tokens": STRINGS,          # literal phrases, matched on word boundaries
        "patterns": STRINGS,        # regular expressions (Python syntax)
        "ignorecase": {"type": "boolean"},
        "exceptions": STRINGS,      # regexes; a match inside one of these is fine
    }}

    def __init__(self, rule, context):
        super().__init__(rule, context)
        ignorecase = self.options.get("ignorecase", True)
        self.regex = compile_alternatives(self.options.get("tokens", ()), self.options.get("patterns", ()), ignorecase)
        if self.regex is None:
            raise ValueError("an existence rule needs 'tokens' or 'patterns'")
        self.exceptions = compile_alternatives((), self.options.get("exceptions", ()), ignorecase)

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            allowed = None  # the exceptions' spans, found once there is a match
            for m in self.regex.finditer(block.text):
                if allowed is None:
                    allowed = [e.span() for e in self.exceptions.finditer(block.text)] if self.exceptions else []
                if m.end() > m.start() and not inside_any(m.start(), m.end(), allowed):
                    yield self.finding(doc, block, m.start(), m.end())
