"""`names`: near misses of the names of people in the knowledge base
("Voldymir Zelensky" for Volodymyr Zelensky, "Andri Yamak" for Andriy
Yermak). No NLP: capitalised runs of words are compared with every
accepted form of every person's name.

Names are compared as transliteration skeletons (lower case, no accents,
y/j as i, doubled letters single), so that accepted variants of a
transliteration ("Andrii", "Zelenskyy") are never reported. A span is
reported when each of its words is within a small edit distance of the same
word of a known name, and it is not itself any person's name. A surname
that is a frequent English word or name ("Kelly" beside "Kerry") must be
nearer still: it is more likely another person than a typo.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .base import Check

PARTICLES = ("von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
             "al", "el", "bin", "ibn", "ben")
NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*|\b(?:" + "|".join(PARTICLES) + r")\b")
POSSESSIVE = re.compile(r"(?:['’]s?|[.,;:!?)\]”\"'’-])+$")


@lru_cache(maxsize=50_000)
def skeleton(word: str) -> str:
    """A transliteration-blind form: 'Zelenskyy' and 'Zelenskiy' -> 'zelenski'.
    Other doubled letters stay: 'Emanuel' is a misspelling of 'Emmanuel'."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c) and c.isalpha())
    word = word.replace("y", "i").replace("j", "i")
    return re.sub(r"i+", "i", word)


SIZES = (4, 3, 2, 1)  # words in a name: "Ursula von der Leyen" has four


class NameIndex:
    """Every accepted name of every person, as skeleton word tuples, with
    the surnames indexed for a quick near-neighbour search."""

    def __init__(self, people):
        self.accepted: set[tuple[str, ...]] = set()
        self.words: set[str] = set()  # every word of every accepted name
        self.by_surname: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for person in people.values():
            for name in person_names(person):
                words = tuple(skeleton(w) for w in name.split() if not is_initial(w))
                if not words:
                    continue
                self.accepted.add(words)
                self.words.update(words)
                if len(words) > 1:
                    self.by_surname.setdefault(words[-1], []).append((words, person))
            for surname in getattr(person, "surnames", ()) or (getattr(person, "surname", ""),):
                if surname:
                    self.words.add(skeleton(surname))
                    self.by_surname.setdefault(skeleton(surname), [])
        self.surnames = list(self.by_surname)


def person_names(person) -> tuple[str, ...]:
    names = getattr(person, "names", None)
    return tuple(names) if names else (person.name, *getattr(person, "aliases", ()))


def is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


class Names(Check):
    kind = "names"
    fixable = True  # session: the known name replaces a near miss (rules declare fix: unsafe)
    params = {
        "type": "object",
        "properties": {
            "max_edits": {"type": "integer", "minimum": 1, "maximum": 3},
            "common_zipf": {"type": "number", "minimum": 0, "maximum": 8},
            "surname_alone": {"type": "boolean"},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.max_edits = self.options.get("max_edits", 2)
        self.common_zipf = self.options.get("common_zipf", 3.0)
        self.surname_alone = self.options.get("surname_alone", True)
        self._index = None
        self.present: set[str] = set()

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex(self.context.knowledge.people)
        return self._index

    def run(self, doc, nlp=None):
        runs = [(block, run) for block in self.blocks(doc) for run in capitalised_runs(block.text)]
        # A surname alone is compared only with the people the story names in full.
        self.present = {name[-1] for _, run in runs for name in self.exact_names(run)}
        for block, run in runs:
            yield from (self.finding(doc, block, start, end, person=person.name, suggestions=[person.name])
                        for start, end, person in self.near_misses(run))

    def exact_names(self, run):
        words = [skeleton(w) for _, _, w in run]
        for size in SIZES[:-1]:
            for i in range(len(run) - size + 1):
                if tuple(words[i:i + size]) in self.index.accepted:
                    yield tuple(words[i:i + size])

    def near_misses(self, run):
        """(start, end, person) of the spans of a run of capitalised words
        that are near, but not equal to, a known person's name."""
        words = [skeleton(w) for _, _, w in run]
        exact = [False] * len(run)
        for size in SIZES:
            for i in range(len(run) - size + 1):
                if tuple(words[i:i + size]) in self.index.accepted:
                    exact[i:i + size] = [True] * size
        found, taken = [], [False] * len(run)
        for size in SIZES:
            for i in range(len(run) - size + 1):
                if any(exact[i:i + size]) or any(taken[i:i + size]):
                    continue
                person = self.match(run[i:i + size], words[i:i + size])
                if person is not None:
                    taken[i:i + size] = [True] * size
                    found.append((run[i][0], run[i + size - 1][1], person))
        return found

    def match(self, tokens, words):
        if len(words) == 1:
            return self.match_surname(tokens[0][2], words[0]) if self.surname_alone else None
        for surname in self.near_surnames(words[-1]):
            for name, person in self.index.by_surname[surname]:
                if len(name) == len(words) and self.close_name(tokens, words, name):
                    return person
        return None

    def close_name(self, tokens, words, name) -> bool:
        if tuple(words) == name:
            return False
        *given, surname = zip(words, name)
        if not self.close_word(*surname, common=self.is_common(tokens[-1][2])):
            return False
        return all(self.close_word(*g, common=False) for g in given)

    def close_word(self, word, ref, *, common) -> bool:
        distance = edit_distance(word, ref)
        if distance == 0:
            return True
        if len(ref) < 4:
            return False
        allowed = 1 if common or len(ref) < 5 else self.max_edits
        return distance <= allowed

    def match_surname(self, text, word):
        """A surname alone: only a rare word one edit from the long surname
        of a person the story names in full."""
        if len(word) < 6 or word in self.index.words or self.is_common(text):
            return None
        for surname in self.near_surnames(word):
            if surname in self.present and len(surname) >= 6 and edit_distance(word, surname) == 1:
                return self.index.by_surname[surname][0][1]
        return None

    def near_surnames(self, word) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        hits = process.extract(word, self.index.surnames, scorer=Levenshtein.distance,
                               score_cutoff=self.max_edits, limit=None)
        return [hit[0] for hit in sorted(hits, key=lambda h: h[1])]

    def is_common(self, text: str) -> bool:
        from ..lexicon import zipf

        return zipf(text) >= self.common_zipf


def edit_distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA  # a transposition counts as one edit

    return OSA.distance(a, b)


def capitalised_runs(text: str):
    """Runs of capitalised words (with particles such as 'von der' inside)
    separated by single spaces, as lists of (start, end, word), with
    trailing punctuation and possessives cut off."""
    run, last_end = [], -2
    for m in NAME_WORD.finditer(text):
        word = POSSESSIVE.sub("", m.group())
        if not word:
            continue
        start, end = m.start(), m.start() + len(word)
        if run and text[last_end:start] != " ":
            yield from finished(run)
            run = []
        if run or word[0].isupper():
            run.append((start, end, word))
        last_end = end
        if len(word) != len(m.group()):  # punctuation ends the run
            yield from finished(run)
            run, last_end = [], -2
    yield from finished(run)


def finished(run):
    while run and run[-1][2][0].islower():  # a particle cannot end a name
        run = run[:-1]
    if run:
        yield run
