"""`garble_words`: runs of words the garble model's word level marks as
garbled, one finding per run. Only sentences the sentence model already
finds likely garbled are searched: alone, the word model marks rare but
correct words in edited copy (measured in the rule's description).

Evidence accumulates over the document: where the mean garble score of the
document's sentences is above `doc_mean_score` (an article that reads as
machine translation throughout, over at least `doc_min_sentences`), spans are searched with the looser
`doc_min_sentence_score` and `doc_threshold`. With `doc_word_share` below 1,
a document whose mean stays below `doc_mean_score` is also searched so when
more than that share of its words have P(garbled) > 0.5 (the word model then
reads every sentence of the document, so only where the mean is above
`doc_word_min_mean`; bench/garble_docgate.py --word-gates)."""
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
            "doc_mean_score": {"type": "number", "minimum": 0, "maximum": 1,
                               "description": "documents whose sentences score above this on average are searched with the doc_ settings"},
            "doc_min_sentences": {"type": "integer", "minimum": 1,
                                  "description": "fewest scored sentences a document needs before its mean counts as evidence"},
            "doc_min_sentence_score": {"type": "number", "minimum": 0, "maximum": 1,
                                       "description": "min_sentence_score in such documents"},
            "doc_threshold": {"type": "number", "minimum": 0, "maximum": 1,
                              "description": "threshold in such documents"},
            "doc_word_share": {"type": "number", "minimum": 0, "maximum": 1,
                               "description": "documents where more than this share of the words have P > 0.5 are "
                                              "searched with the doc_ settings too (1: off)"},
            "doc_word_min_mean": {"type": "number", "minimum": 0, "maximum": 1,
                                  "description": "doc_word_share is only measured in documents whose mean sentence "
                                                 "score is above this (the word model costs a one-article run ~0.3 s)"},
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
        self.doc_mean_score = self.options.get("doc_mean_score", 1.0)
        self.doc_min_sentences = self.options.get("doc_min_sentences", 1)
        self.doc_min_sentence_score = self.options.get("doc_min_sentence_score", self.min_sentence_score)
        self.doc_threshold = self.options.get("doc_threshold", self.threshold)
        self.doc_word_share = self.options.get("doc_word_share", 1.0)
        self.doc_word_min_mean = self.options.get("doc_word_min_mean", 0.0)

    def settings(self, sentences) -> tuple[float, float]:
        """(min_sentence_score, threshold) for this document, from the mean
        score of all its scored sentences (a short document is too little evidence)."""
        from .. import garble

        if len(sentences) >= self.doc_min_sentences and (garble.document_score(sentences) > self.doc_mean_score
                                                         or self.word_share(sentences) > self.doc_word_share):
            return self.doc_min_sentence_score, self.doc_threshold
        return self.min_sentence_score, self.threshold

    def word_share(self, sentences) -> float:
        """Share of the document's words with P(garbled) > 0.5 (0 when doc_word_share is off)."""
        from .. import garble

        if self.doc_word_share >= 1 or garble.document_score(sentences) <= self.doc_word_min_mean:
            return 0.0
        garble.mark_words(sentences, garble.document_score(sentences))
        marks = [p for sent in sentences for token, p in sent.words if token.text[0].isalnum()]
        return sum(p > 0.5 for p in marks) / len(marks) if marks else 0.0

    def prepare(self, docs) -> None:
        """Score the sentences of the whole batch at once (speed only: the same scores)."""
        from .. import garble

        garble.prepare_documents(docs, self.min_words)

    def run(self, doc, nlp=None):
        from .. import garble

        wanted = {id(b) for b in self.blocks(doc)}
        scored = garble.document_sentences(doc, self.min_words)
        min_sentence_score, threshold = self.settings(scored)
        chosen = [sent for sent in scored if id(sent.block) in wanted and sent.score > min_sentence_score]
        if not chosen:
            return
        from ..garble.model_runtime import spans  # numpy: only once there is a sentence to search

        garble.mark_words(chosen, garble.document_score(scored))
        for sent in chosen:
            for start, end, p in spans(sent.words, threshold, self.min_span):
                yield self.finding(doc, sent.block, start, end, score=p, word_score=f"{p:.2f}")
