"""`garble_sentence`: sentences the garble model (linter/garble/) gives a
probability of being garbled over the rule's threshold. Target text only."""
from __future__ import annotations

from .base import Check


class GarbleSentence(Check):
    kind = "garble_sentence"
    params = {
        "type": "object",
        "properties": {
            "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                          "description": "probability (0..1) that the sentence is garbled above which it is reported"},
            "min_words": {"type": "integer", "minimum": 1,
                          "description": "shorter sentences (headings, captions) are not scored"},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.threshold = self.options.get("threshold", 0.9)
        self.min_words = self.options.get("min_words", 4)

    def prepare(self, docs) -> None:
        """Score the sentences of the whole batch at once (speed only: the same scores)."""
        from .. import garble

        garble.prepare_documents(docs, self.min_words)

    def run(self, doc, nlp=None):
        from .. import garble

        wanted = {id(b) for b in self.blocks(doc)}
        for sent in garble.document_sentences(doc, self.min_words):
            if id(sent.block) in wanted and sent.score > self.threshold:
                yield self.finding(doc, sent.block, sent.start, sent.end,
                                   score=sent.score, garble_score=f"{sent.score:.2f}")
