"""`pattern`: spaCy token patterns (the Matcher's own syntax, as Vale's
`sequence`), for constructions that need parts of speech, lemmas or the
parse. A rule whose patterns use word forms only (LOWER, ORTH, IS_* ...)
runs on the small matcher in tokenmatch.py and never loads spaCy; the others
are off by default (`enabled: false`: slow). Loading a rule validates the patterns' structure without importing
spaCy; the Matcher is built, and checks the values, at first use.

    patterns:            # a list of patterns, each a list of token dicts
      - [{LEMMA: reach}, {POS: DET, OP: "?"}, {LOWER: contract}]
    exceptions: [...]    # patterns whose matches cancel overlapping matches
    underline: [1, 3]    # the tokens of the match to report (a Python slice)
    topic_words: [...]   # report only in documents using one of these words
    not_names: true      # drop matches that start with a word the document
                         # capitalises mid-sentence, or a word of a known
                         # person's name (a name the tagger missed)
"""
from __future__ import annotations

from .. import analyses
from ..model import LintError
from .base import Check
from .tokenmatch import FLAGS, PatternSet, find, is_lexical, tokenize

# String attributes must be strings or predicate dicts ({IN: [...]}); the
# check catches YAML's bare `on`/`no`, which load as booleans.
STRING_ATTRIBUTES = ("ORTH", "TEXT", "NORM", "LOWER", "POS", "TAG", "MORPH", "DEP", "LEMMA",
                     "SHAPE", "ENT_TYPE", "ENT_ID", "ENT_KB_ID")
FLAG_ATTRIBUTES = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
                   "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START", "SENT_START",
                   "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "SPACY")
PREDICATE = {"type": "object", "minProperties": 1}
STRING_LIST = {"type": "array", "items": {"type": "string"}}
TOKEN = {
    "type": "object",
    "properties": {
        **{name: {"anyOf": [{"type": "string"}, {**PREDICATE, "properties": {"IN": STRING_LIST, "NOT_IN": STRING_LIST}}]}
           for name in STRING_ATTRIBUTES},
        **{name: {"type": "boolean"} for name in FLAG_ATTRIBUTES},
        "LENGTH": {"anyOf": [{"type": "integer"}, PREDICATE]},
        "ENT_IOB": {"type": ["string", "integer"]},
        "OP": {"type": "string", "pattern": r"^(!|\?|\+|\*|\{\d*,?\d*\})$"},
        "_": {"type": "object"},
    },
    "additionalProperties": False,
}
PATTERNS = {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": TOKEN}}


class Pattern(Check):
    kind = "pattern"
    needs_nlp = True
    params = {
        "type": "object",
        "properties": {
            "patterns": PATTERNS,
            "exceptions": PATTERNS,
            "underline": {"type": "array", "items": {"type": ["integer", "null"]}, "minItems": 2, "maxItems": 2},
            "topic_words": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "not_names": {"type": "boolean"},
        },
    }
    required = ("patterns",)
    analyses = ("token_words",)  # word-form patterns; the spaCy ones parse the document (linter.nlp)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.underline = slice(*self.options.get("underline", [None, None]))
        self.topic_words = {w.lower() for w in self.options.get("topic_words", [])}
        self.matchers = None
        # Patterns of word forms alone run on the built-in tokenizer: no spaCy.
        self.needs_nlp = not is_lexical([*self.options["patterns"], *self.options.get("exceptions", [])])
        if not self.needs_nlp:
            self.word_patterns = PatternSet(self.options["patterns"])
            self.word_exceptions = PatternSet(self.options.get("exceptions", []))

    def run(self, doc, nlp=None):
        if not self.needs_nlp:
            yield from self.run_lexical(doc)
            return
        if nlp is None:
            return
        from ..nlp import analyse

        matcher, exceptions = self.build(nlp)
        parsed = analyse(nlp, doc)
        if self.topic_words and not self.on_topic(parsed):
            return
        names = self.capitalised_mid_sentence(parsed) | self.known_names() if self.options.get("not_names") else set()
        for block, sdoc in zip(doc.blocks, parsed):
            if self.options.get("scope") and block.kind not in self.options["scope"]:
                continue
            cancelled = [(s, e) for _, s, e in exceptions(sdoc)] if exceptions else []
            reported = -1  # end of the last reported span: patterns may overlap
            for _, start, end in sorted(matcher(sdoc), key=lambda m: (m[1], -m[2])):
                span = sdoc[start:end][self.underline]
                if not len(span) or span.start < reported:
                    continue
                if any(s < span.end and span.start < e for s, e in cancelled):
                    continue
                if names and span[0].text in names:
                    continue
                reported = span.end
                yield self.finding(doc, block, span.start_char, span.end_char)

    def run_lexical(self, doc):
        block_words = analyses.get(doc, "token_words")
        if self.topic_words and not any(self.topic_words & block_words[id(b)] for b in doc.blocks):
            return
        names = None  # the document's names, worked out at the first match (not_names)
        for block in doc.blocks:
            if self.options.get("scope") and block.kind not in self.options["scope"]:
                continue
            words = block_words[id(block)]
            if not self.word_patterns.viable(words):
                continue  # no pattern can match: the block is not tokenised for this rule
            tokens = analyses.token_list(doc, block)
            cancelled = find(self.word_exceptions, tokens, words)
            reported = -1
            for start, end in find(self.word_patterns, tokens, words):
                span = range(start, end)[self.underline]
                if not span or span.start < reported:
                    continue
                if any(s < span.stop and span.start < e for s, e in cancelled):
                    continue
                if names is None:
                    names = self.lexical_names(doc) if self.options.get("not_names") else set()
                if names and tokens[span.start].text in names:
                    continue
                reported = span.stop
                yield self.finding(doc, block, tokens[span.start].start, tokens[span.stop - 1].end)

    def lexical_names(self, doc) -> set[str]:
        tokenized = [analyses.token_list(doc, block) for block in doc.blocks]
        mid_sentence = {t.text for tokens in tokenized for k, t in enumerate(tokens)
                        if t.text.istitle() and not t.sent_start and k > 0 and not FLAGS["IS_PUNCT"](tokens[k - 1].text)}
        return mid_sentence | self.known_names()

    def build(self, nlp):
        """The Matcher of the rule's patterns and that of its exceptions,
        built once; a pattern spaCy rejects is a rule error naming the file."""
        if self.matchers is None:
            self.matchers = (self.matcher(nlp, "patterns"),
                             self.matcher(nlp, "exceptions") if self.options.get("exceptions") else None)
        return self.matchers

    def matcher(self, nlp, field):
        from spacy.matcher import Matcher

        matcher = Matcher(nlp.vocab, validate=True)
        for i, pattern in enumerate(self.options[field]):
            try:
                matcher.add(f"{self.rule.id}.{field}.{i}", [pattern], greedy="LONGEST")
            except Exception as exc:  # spaCy's MatchPatternError / ValueError
                detail = " ".join(str(exc).split())
                raise LintError(f"{self.rule.path}: field '{field}.{i}': not a valid spaCy token pattern: {detail[:300]}") from None
        return matcher

    def on_topic(self, parsed) -> bool:
        return any(t.lower_ in self.topic_words or t.lemma_.lower() in self.topic_words
                   for sdoc in parsed for t in sdoc)

    def known_names(self) -> set[str]:
        """Every word of the knowledge base's people's names ("Trump")."""
        if not hasattr(self, "_known_names"):
            try:
                people = self.context.knowledge.people.values()
            except Exception:  # no knowledge base: the document's own capitals still count
                people = ()
            self._known_names = {w for p in people for n in (p.name, *p.aliases) for w in n.split()}
        return self._known_names

    @staticmethod
    def capitalised_mid_sentence(parsed) -> set[str]:
        """Words the document writes capitalised inside a sentence: names,
        even where the tagger took them for common nouns."""
        return {t.text for sdoc in parsed for t in sdoc
                if t.is_title and not t.is_sent_start and t.i > 0 and not sdoc[t.i - 1].is_punct}
