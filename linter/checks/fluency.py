"""`fluency`: sentences whose garble score (linter/fluency.py: repetition,
rare and unknown words, function-word share) is over the rule's threshold.
A weak, sentence-level signal of machine translation no editor read; it
needs no source text."""
from __future__ import annotations

from .. import lexicon
from .base import Check


class Fluency(Check):
    kind = "fluency"
    params = {
        "type": "object",
        "properties": {
            "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                          "description": "garble score (0..1) above which a sentence is reported"},
            "min_words": {"type": "integer", "minimum": 1,
                          "description": "shorter sentences (headings, captions) are not scored"},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.threshold = self.options.get("threshold", 0.66)
        self.min_words = self.options.get("min_words", 4)

    def run(self, doc, nlp=None):
        from .. import fluency

        for block in self.blocks(doc):
            for start, end in lexicon.sentences(block.text):
                sentence = block.text[start:end]
                if len(lexicon.tokens(sentence)) < self.min_words:
                    continue
                value = fluency.score(sentence)
                if value > self.threshold:
                    yield self.finding(doc, block, start, end, score=value, garble_score=f"{value:.2f}")
