"""`garble_words`: runs of words the garble model's word level marks as
garbled, one finding per run. Only sentences the sentence model already
finds likely garbled are searched: alone, the word model marks rare but
correct words in edited copy (measured in the rule's description)."""
from __future__ import annotations

from .base import Check


class GarbleWords(Check):
    kind = "garble_words"
    params = {
        "type": "object",
        "properties": {
            "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                          "description": "probability (0..1) that a word is garbled above which it is marked"},
            "min_words": {"type": "integer", "minimum": 1,
                          "description": "shorter sentences (headings, captions) are not scored"},
            "min_sentence_score": {"type": "number", "minimum": 0, "maximum": 1,
                                   "description": "only sentences the model scores above this are searched for spans"},
            "min_span": {"type": "integer", "minimum": 1,
                         "description": "fewest marked words in a row that make a finding"},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.threshold = self.options.get("threshold", 0.7)
        self.min_words = self.options.get("min_words", 4)
        self.min_span = self.options.get("min_span", 1)
        self.min_sentence_score = self.options.get("min_sentence_score", 0.9)

    def run(self, doc, nlp=None):
        from .. import garble
        from ..garble.model_runtime import spans

        wanted = {id(b) for b in self.blocks(doc)}
        chosen = [sent for sent in garble.document_sentences(doc, self.min_words)
                  if id(sent.block) in wanted and sent.score > self.min_sentence_score]
        garble.mark_words(chosen)
        for sent in chosen:
            for start, end, p in spans(sent.words, self.threshold, self.min_span):
                yield self.finding(doc, sent.block, start, end, score=p, word_score=f"{p:.2f}")
