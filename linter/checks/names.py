"""`names`: near misses of the names of people in the knowledge base
("Voldymir Zelensky" for Volodymyr Zelensky, "Andri Yamak" for Andriy
Yermak, "Frank-Walter Shtaynmayer" for Frank-Walter Steinmeier). No NLP:
capitalised runs of words are compared with every accepted form of every
person's name.

Each word is compared three ways with the word of a known name:
- as a transliteration skeleton (lower case, no accents, y/j as i): equal
  skeletons are the same name ("Andrii", "Zelenskyy" are never reported);
- as a sound key (`sound_key`: sh/sch/ş, ts/z/tz, v/w, kh/h/ch, ay/ei,
  e/ö, doubled letters, final -ov/-off/-ow): equal keys are the same name
  re-spelled through another script ("Shtaynmayer", "Shreder", "Pompeyo");
- within a small edit distance (a typo: "Voldymir").
A given name may also be another form of the same first name ("Michael"
for Mike, "Sergey" for Sergei; rules/translation/data/first-names.txt).

An unknown full name is a real person as often as it is a misspelling (a
congressman, an athlete the knowledge base does not hold), so a match is
reported only with evidence: every word that differs from the known name
is no name wordfreq knows (`name_zipf`), or the known person is named in
full elsewhere in the article. A match whose only difference is another
form of the first name ("Michael Waltz") and that has no such evidence is
reported at `weak_severity`. A surname alone is compared only with the
people the article names in full.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from ..model import SEVERITIES, SEVERITY_RANK, LintError
from ..records import record, replace
from .base import Check
from ..regexcache import compiled as compiled_re

PARTICLES = ("von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
             "al", "el", "bin", "ibn", "ben")
# The lookahead lets the scan pass over a character that starts neither kind of word
# at once (a third faster; tests/test_prefilters.py checks the spans against the plain form).
NAME_WORD = re.compile(r"(?=[A-ZÀ-ÖØ-Þ" + "".join(sorted({p[0] for p in PARTICLES}))
                       + r"])(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|\b(?:" + "|".join(PARTICLES) + r")\b)")
POSSESSIVE = re.compile(r"(?:['’]s?|[.,;:!?)\]”\"'’-])+$")
POSSESSIVE_LAST = frozenset("'’s.,;:!?)]”\"-")  # the last character of every POSSESSIVE match
APOSTROPHES = ("'", "’")  # before a last `s` that POSSESSIVE cuts off
NAME_CACHE = 20_000  # skeleton, sound_key: an lru entry ~250 B (estimated): 5 MB each at most
FIRST_NAMES = Path("translation") / "data" / "first-names.txt"  # in the shipped rules


@lru_cache(maxsize=NAME_CACHE)
def skeleton(word: str) -> str:
    """A transliteration-blind form: 'Zelenskyy' and 'Zelenskiy' -> 'zelenski'.
    Other doubled letters stay: 'Emanuel' is a misspelling of 'Emmanuel'."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c) and c.isalpha())
    word = word.replace("y", "i").replace("j", "i")
    return re.sub(r"i+", "i", word)


# How translation through Cyrillic, Turkish, Vietnamese or Indonesian
# re-spells a name by its sound, as (pattern, replacement), applied in order
# to the lower-cased word. Both the text's word and the known name go
# through them, so a rule only has to bring the variants together.
UMLAUTS = str.maketrans({"ö": "e", "ä": "e", "ü": "u", "ß": "s"})
SOUND_RULES = [
    (r"tsch|tch", "ch"),
    (r"sch|sh", "s"),              # Schröder / Shreder, Shtaynmayer / Steinmeier
    (r"kh|ch", "h"),               # Khrushchev / Chruschtschow, Mikhail / Michail
    (r"ph", "f"),
    (r"th", "t"),
    (r"ck", "k"),
    (r"x", "ks"),
    (r"tz|z", "ts"),               # Schwarzenegger / Shvartsenegger
    (r"w", "v"),                   # Lawrow / Lavrov
    (r"(?<=[aeiou])y(?=[aeiou])", ""),   # a glide: Pompeyo / Pompeo
    (r"[yj]", "i"),                # Sergey / Sergei, Yermak / Jermak
    (r"ei|ai", "ai"),              # Steinmeier / Shtaynmayer
    (r"(?<=[aeiou])i(?=[aeiou])", ""),   # Maier / Mayer
    (r"(.)\1+", r"\1"),            # doubled letters
    (r"(?<=o)(?:v|f)$", "v"),      # -ov / -off / -ow
]
COMPILED_SOUND_RULES = [(compiled_re(p), r) for p, r in SOUND_RULES]


@lru_cache(maxsize=NAME_CACHE)
def sound_key(word: str) -> str:
    """A key that names re-spelled by sound share: 'Shtaynmayer' and
    'Steinmeier' -> 'stainmaer', 'Shreder' and 'Schröder' -> 'sreder'."""
    word = unicodedata.normalize("NFKD", word.lower().translate(UMLAUTS))
    word = "".join(c for c in word if not unicodedata.combining(c) and c.isalpha())
    for pattern, replacement in COMPILED_SOUND_RULES:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=8)
def first_name_classes(path: str) -> dict[str, frozenset[int]]:
    """skeleton of a first name -> the numbers of the classes it is in."""
    classes: dict[str, set[int]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LintError(f"{path}: cannot read first-name classes: {exc}") from None
    for number, line in enumerate(lines):
        for form in line.split("#", 1)[0].split():
            classes.setdefault(skeleton(form), set()).add(number)
    return {form: frozenset(numbers) for form, numbers in classes.items()}


SIZES = (4, 3, 2, 1)
NEAR_MAX = 20_000  # near_keys answers a rule keeps  # words in a name: "Ursula von der Leyen" has four


class KnownName(NamedTuple):
    """A tuple: a cached index makes ~1,300 of them a run (tuple.__new__, as lexicon.Token)."""

    words: tuple[str, ...]   # skeletons
    keys: tuple[str, ...]    # sound keys
    person: object


class NameIndex:
    """Every accepted name of every person, as skeleton word tuples, with
    the surnames' sound keys indexed for a quick near-neighbour search."""

    def __init__(self, people):
        self.accepted: dict[tuple[str, ...], object] = {}
        self.words: set[str] = set()  # every word of every accepted name
        self.by_key: dict[str, list[KnownName]] = {}  # surname sound key -> full names
        self.surnames: dict[str, object] = {}  # skeleton of a surname -> its person
        self.surname_keys: dict[str, list[str]] = {}  # sound key -> skeletons of surnames
        for person in people.values():
            for name in person_names(person):
                parts = [w for w in name.split() if not is_initial(w)]
                words = tuple(skeleton(w) for w in parts)
                if not words:
                    continue
                self.accepted.setdefault(words, person)
                self.words.update(words)
                if len(words) > 1:
                    known = KnownName(words, tuple(sound_key(w) for w in parts), person)
                    self.by_key.setdefault(known.keys[-1], []).append(known)
                    self.add_surname(parts[-1], person)
            for surname in getattr(person, "surnames", ()) or (getattr(person, "surname", ""),):
                if surname:
                    self.words.add(skeleton(surname))
                    self.add_surname(surname, person)
        self.keys = list(self.by_key)
        self.surname_list = list(self.surnames)

    def add_surname(self, surname: str, person) -> None:
        self.surnames.setdefault(skeleton(surname), person)
        self.surname_keys.setdefault(sound_key(surname), []).append(skeleton(surname))

    # -- as plain data for the user cache: people by their place in `people`

    def to_data(self, people) -> dict:
        place = {id(person): n for n, person in enumerate(people.values())}
        return {
            "accepted": [[list(words), place[id(p)]] for words, p in self.accepted.items()],
            "words": sorted(self.words),
            "by_key": {key: [[list(k.words), list(k.keys), place[id(k.person)]] for k in known]
                       for key, known in self.by_key.items()},
            "surnames": [[skel, place[id(p)]] for skel, p in self.surnames.items()],
            "surname_keys": self.surname_keys,
        }

    @classmethod
    def from_data(cls, data: dict, people) -> "NameIndex":
        """The index to_data wrote; raises (KeyError, TypeError, ValueError,
        IndexError) on anything it did not write."""
        persons = list(people.values())
        if not all(type(n) is int and n >= 0 for _, n in (*data["accepted"], *data["surnames"])):
            raise ValueError("person numbers")
        index = cls.__new__(cls)
        index.accepted = {tuple(words): persons[n] for words, n in data["accepted"]}
        index.words = set(data["words"])
        new = tuple.__new__
        index.by_key = {key: [new(KnownName, (tuple(w), tuple(k), persons[n])) for w, k, n in known]
                        for key, known in data["by_key"].items()}
        index.surnames = {skel: persons[n] for skel, n in data["surnames"]}
        index.surname_keys = {key: list(skels) for key, skels in data["surname_keys"].items()}
        index.keys = list(index.by_key)
        index.surname_list = list(index.surnames)
        known = [k for ks in index.by_key.values() for k in ks]
        strings = chain(index.words, index.surname_list, chain.from_iterable(index.accepted),
                        chain.from_iterable(k.words for k in known), chain.from_iterable(k.keys for k in known),
                        chain.from_iterable(index.surname_keys.values()))
        if set(map(type, strings)) - {str}:
            raise TypeError("a name that is no string")
        return index


def name_index(kb) -> NameIndex:
    """NameIndex of the knowledge base's people, from the user cache when
    this knowledge base (its content hash, kb.source_key) and this code
    built it before: a sound key and a skeleton for every known name take
    a while. A cache that is missing, damaged or for other data is rebuilt."""
    from ..cache import cache_file, content_key, read_json, write_json

    people = kb.people
    source_key = getattr(kb, "source_key", None)
    key = content_key(f"names {source_key} {len(people)}", [__file__]) if source_key else None
    where = cache_file(f"names-{key[:24]}.json") if key else None
    found = read_json(where, key) if where else None
    if isinstance(found, dict):
        try:
            return NameIndex.from_data(found, people)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            pass
    index = NameIndex(people)
    if where:
        write_json(where, key, index.to_data(people))
    return index


def person_names(person) -> tuple[str, ...]:
    names = getattr(person, "names", None)
    return tuple(names) if names else (person.name, *getattr(person, "aliases", ()))


def spelling(person, surname_skeleton: str) -> str:
    """The person's own spelling of a surname given as a skeleton."""
    forms = [*(getattr(person, "surnames", ()) or ()), *(n.split()[-1] for n in person_names(person) if n.split())]
    return next((f for f in forms if skeleton(f) == surname_skeleton), surname_skeleton.capitalize())


def person_key(person) -> str:
    return getattr(person, "id", None) or person.name


def is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


@record
class Candidate:
    person: object
    strong: bool  # evidence enough for the rule's severity
    surname: str = ""  # a surname alone: its known spelling

    @property
    def suggestion(self) -> str:
        return self.surname or self.person.name


class Names(Check):
    kind = "names"
    fixable = True  # session: the known name replaces a near miss (rules declare fix: unsafe)
    params = {
        "type": "object",
        "properties": {
            "max_edits": {"type": "integer", "minimum": 1, "maximum": 3},
            "common_zipf": {"type": "number", "minimum": 0, "maximum": 8},
            "name_zipf": {"type": "number", "minimum": 0, "maximum": 8,
                          "description": "a differing word this frequent in wordfreq may be another person's name"},
            "surname_alone": {"type": "boolean"},
            "first_names": {"type": "string", "minLength": 1,
                            "description": "file of first-name classes, relative to the rule file"},
            "weak_severity": {"enum": list(SEVERITIES)},
            "weak_message": {"type": "string", "minLength": 1},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.max_edits = self.options.get("max_edits", 2)
        self.common_zipf = self.options.get("common_zipf", 3.0)
        self.name_zipf = self.options.get("name_zipf", 2.0)
        self.surname_alone = self.options.get("surname_alone", True)
        weak = self.options.get("weak_severity", "info")
        self.weak_severity = min(weak, rule.severity, key=SEVERITY_RANK.get)
        self.weak_message = self.options.get("weak_message")
        names_file = self.options.get("first_names")
        if names_file:
            self.first_names_path = str(Path(rule.path).parent / names_file)
            if not Path(self.first_names_path).is_file():
                raise LintError(f"{rule.path}: first_names: {self.first_names_path} is not a file")
        else:
            from ..rules import shipped_rules_dir

            self.first_names_path = str(shipped_rules_dir() / FIRST_NAMES)
        self._index = None
        self.near: dict[tuple[str, int], list[str]] = {}  # near_keys' answers (choices are the index's lists)
        self.judged: dict[tuple[str, ...], list] = {}  # outcomes / surname_options per run of words
        self.hopeful: dict[tuple[str, ...], tuple] = {}  # run of words -> its spans that could be a near miss

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = name_index(self.context.knowledge)
        return self._index

    @property
    def first_names(self) -> dict[str, frozenset[int]]:
        return first_name_classes(self.first_names_path)

    def run(self, doc, nlp=None):
        runs, present = self.article_names(doc)
        for block, run in runs:
            for start, end, found in self.near_misses(run, present):
                finding = self.finding(doc, block, start, end, person=found.person.name,
                                       suggestions=[found.suggestion])
                if not found.strong:
                    message = (self.weak_message or self.rule.message).format(
                        match=finding.match, person=found.person.name)
                    finding = replace(finding, severity=self.weak_severity, message=message)
                yield finding

    def article_names(self, doc):
        """The capitalised runs of the article, and the people it names in
        full (ids), built once per document and kept in its cache."""
        key = ("names.article", id(self.index))
        if key not in doc.cache:
            runs = [(block, run) for block in self.blocks(doc) for run in runs_of(block.text)]
            present = {person_key(self.index.accepted[name]) for _, run in runs for name in self.exact_names(run)}
            doc.cache[key] = runs, present
        return doc.cache[key]

    def exact_names(self, run):
        words = [skeleton(w) for _, _, w in run]
        for size in SIZES[:-1]:
            for i in range(len(run) - size + 1):
                if tuple(words[i:i + size]) in self.index.accepted:
                    yield tuple(words[i:i + size])

    def near_misses(self, run, present):
        """(start, end, Candidate) of the spans of a run of capitalised
        words that are near, but not equal to, a known person's name."""
        texts_of_run = tuple(w for _, _, w in run)
        found, taken = [], [False] * len(run)
        for i, size in self.hopeful_spans(texts_of_run):
            if any(taken[i:i + size]):
                continue
            candidate = self.match(texts_of_run[i:i + size], present)
            if candidate is not None:
                taken[i:i + size] = [True] * size
                found.append((run[i][0], run[i + size - 1][1], candidate))
        return found

    def hopeful_spans(self, texts_of_run: tuple[str, ...]) -> tuple:
        """The (start, size) spans of a run, in the order they are tried,
        that are not inside a known name and could be a near miss of one
        (could_match), whatever the article names: the others never give a
        Candidate. Kept per run of words (most runs have none)."""
        spans = self.hopeful.get(texts_of_run)
        if spans is None:
            words = [skeleton(w) for w in texts_of_run]
            exact = [False] * len(words)
            for size in SIZES:
                for i in range(len(words) - size + 1):
                    if tuple(words[i:i + size]) in self.index.accepted:
                        exact[i:i + size] = [True] * size
            spans = tuple((i, size) for size in SIZES for i in range(len(words) - size + 1)
                          if not any(exact[i:i + size]) and self.could_match(texts_of_run[i:i + size]))
            if len(self.hopeful) >= NEAR_MAX:
                self.hopeful.clear()  # bounded: memory stays flat over an archive
            self.hopeful[texts_of_run] = spans
        return spans

    def could_match(self, texts) -> bool:
        """Whether match(texts, present) could give a Candidate for some
        present (after match has kept its outcomes)."""
        if len(texts) == 1:
            return self.surname_alone and bool(self.surname_options(texts[0]))
        return any(self.outcomes(tuple(texts)))

    def match(self, texts, present) -> Candidate | None:
        if len(texts) == 1:
            return self.match_surname(texts[0], present) if self.surname_alone else None
        best = None
        for group in self.outcomes(tuple(texts)):
            for known, when_in, when_out in group:
                strong = when_in if person_key(known.person) in present else when_out
                if strong is not None and (best is None or strong > best.strong):
                    best = Candidate(known.person, strong=strong)
            if best is not None and best.strong:
                break
        return best

    def outcomes(self, texts: tuple[str, ...]) -> list:
        """For each surname key near the last word (nearest first), the
        known names of as many words that the run could be, each with the
        strength of the Candidate when the article names that person in
        full and when it does not (None: no candidate). What does not depend
        on the article, kept per run of words: names recur across articles."""
        found = self.judged.get(texts)
        if found is None:
            if len(self.judged) >= NEAR_MAX:
                self.judged.clear()  # bounded: memory stays flat over an archive
            keys = tuple(sound_key(t) for t in texts)
            found = []
            for surname_key in self.near_keys(keys[-1], self.index.keys):
                group = []
                for known in self.index.by_key[surname_key]:
                    if len(known.words) != len(texts):
                        continue
                    when_in, when_out = self.compare_both(texts, keys, known)
                    if when_in is not None or when_out is not None:
                        group.append((known, when_in, when_out))
                found.append(group)
            self.judged[texts] = found
        return found

    def compare(self, texts, keys, known: KnownName, in_article: bool) -> bool | None:
        """Whether a Candidate for the known name is strong (None: no
        Candidate): every word is the same, a re-spelling, another form of
        the first name, or a near miss of the known name's word."""
        return self.compare_both(texts, keys, known)[0 if in_article else 1]

    def compare_both(self, texts, keys, known: KnownName) -> tuple[bool | None, bool | None]:
        """compare(..., in_article) for True and for False, in one pass over the words."""
        # the words that could be another person's: a differing surname, or a
        # given name that is neither a re-spelling nor another form of the known one
        telling, swapped, edits = [], False, 0
        for n, (text, key) in enumerate(zip(texts, keys)):
            word, ref = skeleton(text), known.words[n]
            if word == ref:
                continue
            surname = n == len(texts) - 1
            common = surname and self.is_common(text)
            if key == known.keys[n] and not common:
                if surname:
                    telling.append(text)
            elif not surname and self.same_first_name(word, ref):
                swapped = True
            elif self.close_word(word, ref, common=common):
                telling.append(text)
                edits += edit_distance(word, ref)
            else:
                return None, None
        if edits > self.max_edits + 1:  # near in every word, but far in all
            return None, None
        if not telling:
            # only given names differ: re-spelled (strong) or swapped for another form
            # (weak alone, and nothing when the surname is a common word: 'Chris Pine')
            return True, None if swapped and self.is_common(texts[-1]) else not swapped
        # in the article, strong; out of it, only when every telling word is rare
        return True, True if all(self.is_rare(t) for t in telling) else None

    def same_first_name(self, word: str, ref: str) -> bool:
        classes = self.first_names
        return bool(classes.get(word, frozenset()) & classes.get(ref, frozenset()))

    def close_word(self, word, ref, *, common) -> bool:
        if len(ref) < 4:
            return False
        if common:  # a frequent word is likely another person: one letter off
            return edit_distance(word, ref) <= 1
        allowed = 1 if len(ref) < 5 else self.max_edits
        return edit_distance(word, ref) <= allowed

    def match_surname(self, text, present) -> Candidate | None:
        """A surname alone: only a rare word that re-spells, or is one edit
        from, the long surname of a person the article names in full."""
        for person, surname in self.surname_options(text):
            if person_key(person) in present:
                return Candidate(person, strong=True, surname=spelling(person, surname))
        return None

    def surname_options(self, text) -> list:
        """(person, surname) that a surname alone could be, in the order
        they are tried (the first one the article names in full wins):
        kept per word, as outcomes is per run."""
        key = (text,)
        found = self.judged.get(key)
        if found is None:
            if len(self.judged) >= NEAR_MAX:
                self.judged.clear()
            found = self.judged[key] = list(self.surname_candidates(text))
        return found

    def surname_candidates(self, text):
        word = skeleton(text)
        if len(word) < 5 or word in self.index.words or self.is_common(text) or not self.is_rare(text):
            return
        for surname in self.index.surname_keys.get(sound_key(text), ()):
            yield self.index.surnames[surname], surname
        if len(word) < 6:
            return
        for surname in self.near_keys(word, self.index.surname_list):
            if len(surname) >= 6 and edit_distance(word, surname) == 1:
                yield self.index.surnames[surname], surname

    def near_keys(self, word, choices) -> list[str]:
        """The choices within max_edits of word, nearest first (kept per word:
        the same names come back in every article about the same people)."""
        key = (word, id(choices))
        near = self.near.get(key)
        if near is None:
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            if len(self.near) >= NEAR_MAX:
                self.near.clear()  # bounded: memory stays flat over an archive
            hits = process.extract(word, choices, scorer=Levenshtein.distance,
                                   score_cutoff=self.max_edits, limit=None)
            near = self.near[key] = [hit[0] for hit in sorted(hits, key=lambda h: h[1])]
        return near

    def is_common(self, text: str) -> bool:
        from ..lexicon import zipf

        return zipf(text) >= self.common_zipf

    def is_rare(self, text: str) -> bool:
        """No name (or word) that wordfreq knows: not another real person."""
        from ..lexicon import zipf

        return zipf(text) < self.name_zipf


def edit_distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA  # a transposition counts as one edit

    return OSA.distance(a, b)


RUNS_MEMO = 4_000  # block texts whose runs are kept (~1.5 kB each: ~6 MB at most, then it starts again)
_RUNS: dict[str, tuple] = {}


def runs_of(text: str) -> tuple:
    """capitalised_runs of a block's text, as a tuple of tuples, worked out
    once a process for a text seen before (sites repeat their lines)."""
    found = _RUNS.get(text)
    if found is None:
        if len(_RUNS) >= RUNS_MEMO:
            _RUNS.clear()
        found = _RUNS[text] = tuple(tuple(run) for run in capitalised_runs(text))
    return found


def capitalised_runs(text: str):
    """Runs of capitalised words (with particles such as 'von der' inside)
    separated by single spaces, as lists of (start, end, word), with
    trailing punctuation and possessives cut off."""
    run, last_end = [], -2
    for m in NAME_WORD.finditer(text):
        word = m.group()
        if may_end_in_possessive(word):
            word = POSSESSIVE.sub("", word)
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


def may_end_in_possessive(word: str) -> bool:
    """False when POSSESSIVE cannot match the end of word (a last `s` only after an apostrophe)."""
    return word[-1] in POSSESSIVE_LAST and (word[-1] != "s" or word[-2:-1] in APOSTROPHES)


def finished(run):
    while run and run[-1][2][0].islower():  # a particle cannot end a name
        run = run[:-1]
    if run:
        yield run
