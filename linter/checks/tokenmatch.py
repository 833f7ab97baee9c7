"""A small matcher for spaCy token patterns that use word forms only (LOWER,
ORTH, LENGTH, IS_* flags and the ?, *, + operators). Such patterns need no
tagger or parser, so a `pattern` rule made only of them runs on this
tokenizer and never loads spaCy: the difference between a 0.2 s and a 2 s
pre-commit hook. Tokens follow spaCy's English conventions where patterns
can see them: "don't" is do + n't, "Putin's" is Putin + 's, hyphens and
punctuation are tokens of their own."""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from ..regexcache import compiled as compiled_re

# Attributes a word-form pattern may use; any other (POS, TAG, DEP, LEMMA,
# MORPH, ENT_*) needs the spaCy pipeline.
LEXICAL_ATTRIBUTES = {"ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT",
                      "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "LIKE_NUM",
                      "IS_SENT_START", "SENT_START", "OP"}
LEXICAL_OPS = {"?", "*", "+", "1"}

# spaCy-like tokens (n't, 's, punctuation apart) so a token pattern matches the
# same way with or without the spaCy pipeline; not lexicon.WORD on purpose.
SPACY_LIKE_TOKEN = compiled_re(
    r"(?:[A-Za-z]\.){2,}"                    # U.S., e.g.
    r"|\d+(?:[.,:]\d+)*"                     # 2,000  3.5  9:00
    r"|[^\W\d_]+?(?=n['’]t\b)|n['’]t\b"      # do + n't, ca + n't
    r"|['’](?:s|ve|re|ll|d|m)\b"             # 's 've 're
    r"|[^\W\d_]+"
    r"|\S",
    re.IGNORECASE,
)
SENTENCE_END = {".", "!", "?", "…"}
QUOTES = {'"', "“", "”", "‘", "’", "'", "(", ")", "[", "]", "«", "»", "„"}
NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion"}


class Token(NamedTuple):  # a tuple: a block's tokens are made by the thousand
    text: str
    start: int
    end: int
    sent_start: bool

    def attribute(self, name: str):
        text = self.text
        if name in ("ORTH", "TEXT"):
            return text
        if name in ("LOWER", "NORM"):
            return text.lower()
        if name == "LENGTH":
            return len(text)
        if name in ("IS_SENT_START", "SENT_START"):
            return self.sent_start
        return FLAGS[name](text)


FLAGS = {
    "IS_ALPHA": str.isalpha, "IS_ASCII": str.isascii, "IS_DIGIT": str.isdigit,
    "IS_LOWER": str.islower, "IS_UPPER": str.isupper, "IS_TITLE": str.istitle,
    "IS_PUNCT": lambda t: all(unicodedata.category(c).startswith("P") for c in t),
    "IS_SPACE": str.isspace,
    "LIKE_NUM": lambda t: t.replace(",", "").replace(".", "").isdigit() or t.lower() in NUMBER_WORDS,
}


def tokenize(text: str) -> list[Token]:
    """Tokens with sentence starts: the first word after . ! ? (quotation
    marks and brackets in between are passed over)."""
    tokens, starts_sentence = [], True
    for m in SPACY_LIKE_TOKEN.finditer(text):
        word = m.group()
        quote = word in QUOTES
        tokens.append(Token(word, m.start(), m.end(), starts_sentence and not quote))
        if word in SENTENCE_END:
            starts_sentence = True
        elif not quote:
            starts_sentence = False
    return tokens


def lower_words(text: str) -> set[str]:
    """{t.text.lower() for t in tokenize(text)}, without making the tokens."""
    if text.isascii():  # the pattern ignores case, and lower() keeps every ASCII character's place and class
        return set(SPACY_LIKE_TOKEN.findall(text.lower()))
    return set(map(str.lower, SPACY_LIKE_TOKEN.findall(text)))


def is_lexical(patterns) -> bool:
    """Whether every token spec of the patterns uses word forms only (and
    predicates this matcher knows; REGEX, FUZZY and the like go to spaCy)."""
    def simple(value):
        return not isinstance(value, dict) or set(value) <= {"IN", "NOT_IN", *COMPARE}

    return all(set(spec) <= LEXICAL_ATTRIBUTES and spec.get("OP", "1") in LEXICAL_OPS
               and all(simple(v) for v in spec.values())
               for pattern in patterns for spec in pattern)


COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">=": lambda a, b: a >= b,
           "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b}


def satisfies(value, wanted) -> bool:
    if not isinstance(wanted, dict):
        return value == wanted
    for op, arg in wanted.items():
        if op == "IN" and value not in arg or op == "NOT_IN" and value in arg:
            return False
        if op in COMPARE and not COMPARE[op](value, arg):
            return False
    return True


def token_matches(spec: dict, token: Token) -> bool:
    return all(satisfies(token.attribute(k), v) for k, v in spec.items() if k != "OP")


def skip_optional(pattern, states: set[int]) -> set[int]:
    """The states plus those reached by skipping optional specs (?, *)."""
    todo, out = list(states), set()
    while todo:
        p = todo.pop()
        if p not in out:
            out.add(p)
            if p < len(pattern) and pattern[p].get("OP", "1") in ("?", "*"):
                todo.append(p + 1)
    return out


def ends(pattern, tokens, start: int) -> list[int]:
    """Every token index where the pattern can end when it starts at `start`
    (a breadth-first walk over the pattern's positions: no recursion, so
    no depth limit however long a run of * tokens is)."""
    states, i, found = skip_optional(pattern, {0}), start, []
    while states:
        if len(pattern) in states:
            found.append(i)
        if i >= len(tokens):
            break
        moved = set()
        for p in states:
            if p < len(pattern) and token_matches(pattern[p], tokens[i]):
                repeats = pattern[p].get("OP", "1") in ("*", "+")
                moved |= {p, p + 1} if repeats else {p + 1}
        states, i = skip_optional(pattern, moved), i + 1
    return found


def required_words(pattern) -> list[set[str]]:
    """For each token a match cannot do without, the lower-case words it may
    be (when the spec names them): a block lacking one cannot match."""
    needed = []
    for spec in pattern:
        if spec.get("OP", "1") not in ("1", "+"):
            continue
        for key in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = spec.get(key)
            if isinstance(value, str):
                needed.append({value.lower()})
            elif isinstance(value, dict) and "IN" in value:
                needed.append({v.lower() for v in value["IN"]})
    return needed


def first_words(pattern) -> frozenset[str] | None:
    """The lower-case words a match's first token may be, when the first
    spec is required and names them (None: any token may start one)."""
    needed = required_words(pattern[:1]) if pattern else []
    return frozenset(needed[0]) if needed else None


class PatternSet:
    """Patterns with the words each needs, worked out once."""

    def __init__(self, patterns):
        self.items = [(pattern, required_words(pattern)) for pattern in patterns]
        self.starts = {id(pattern): first_words(pattern) for pattern in patterns}

    def viable(self, words: set[str]) -> list:
        return [pattern for pattern, needs in self.items if all(words & need for need in needs)]


def find(patterns, tokens, words: set[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) token spans, the longest match of any pattern at each
    start. `patterns` is a PatternSet or a list; `words`, the lower-case
    words of the tokens, when the caller has them already."""
    if not isinstance(patterns, PatternSet):
        patterns = PatternSet(patterns)
    viable = patterns.viable(words if words is not None else {t.text.lower() for t in tokens})
    if not viable:
        return []
    starts = [(pattern, patterns.starts[id(pattern)]) for pattern in viable]
    found = []
    for i, token in enumerate(tokens):
        low = token.text.lower()
        here = [pattern for pattern, first in starts if first is None or low in first]  # the others cannot start at i
        longest = max((e for pattern in here for e in ends(pattern, tokens, i) if e > i), default=None)
        if longest is not None:
            found.append((i, longest))
    return found
