"""`garble_sentence`: sentences the garble model (linter/garble/) gives a
probability of being garbled over the rule's threshold. Target text only.
Sentences between `weak_threshold` and `threshold` are reported at
`weak_severity` with `weak_message`: a less certain tier."""
from __future__ import annotations


from ..model import SEVERITIES, SEVERITY_RANK, LintError
from ..records import replace
from .base import Check

WEAK_MESSAGE = "This sentence may read like machine translation (garble score {garble_score}): reread it"


class GarbleSentence(Check):
    kind = "garble_sentence"
    params = {
        "type": "object",
        "properties": {
            "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                          "description": "probability (0..1) that the sentence is garbled above which it is reported"},
            "min_words": {"type": "integer", "minimum": 1,
                          "description": "shorter sentences (headings, captions) are not scored"},
            "weak_threshold": {"type": "number", "minimum": 0, "maximum": 1,
                               "description": "sentences scoring above this but not above `threshold` are reported at `weak_severity`"},
            "weak_severity": {"enum": list(SEVERITIES), "description": "severity of the less certain tier"},
            "weak_message": {"type": "string", "minLength": 1},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.threshold = self.options.get("threshold", 0.9)
        self.min_words = self.options.get("min_words", 4)
        self.weak_threshold = self.options.get("weak_threshold")  # None: no weak tier
        if self.weak_threshold is not None and self.weak_threshold > self.threshold:
            raise LintError(f"{rule.path}: field 'weak_threshold': {self.weak_threshold} is above threshold {self.threshold}")
        weak = self.options.get("weak_severity", "info")
        self.weak_severity = min(weak, rule.severity, key=SEVERITY_RANK.get)
        self.weak_message = self.options.get("weak_message", WEAK_MESSAGE)

    def prepare(self, docs) -> None:
        """Score the sentences of the whole batch at once (speed only: the same scores)."""
        from .. import garble

        garble.prepare_documents(docs, self.min_words)

    def run(self, doc, nlp=None):
        from .. import garble

        wanted = {id(b) for b in self.blocks(doc)}
        for sent in garble.document_sentences(doc, self.min_words):
            if id(sent.block) in wanted and self.tier(sent.score):
                yield self.sentence_finding(doc, sent)

    def tier(self, score: float) -> str | None:
        """'strong' above the threshold, 'weak' above the weak threshold, else None."""
        if score > self.threshold:
            return "strong"
        if self.weak_threshold is not None and score > self.weak_threshold:
            return "weak"
        return None

    def sentence_finding(self, doc, sent):
        fields = {"score": sent.score, "garble_score": f"{sent.score:.2f}"}
        if self.tier(sent.score) == "strong":
            return self.finding(doc, sent.block, sent.start, sent.end, **fields)
        finding = self.finding(doc, sent.block, sent.start, sent.end, message=self.weak_message, **fields)
        return replace(finding, severity=self.weak_severity)
