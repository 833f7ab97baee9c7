"""Per-document analyses that several checks read: built once a document
(never on a check object, so checks stay stateless and a long-running
server can share them), kept in Document.cache and dropped with it.

A check names the analyses it reads in `Check.analyses`; the engine builds
them for each document before the checks run (`prepare`), and a check reads
one with `get(doc, name)` (built on first use if it was not declared).

    tokens      {block id: [lexicon.Token]}   word tokens of each block
    sentences   {block id: [(start, end)]}    sentence spans of each block
    names_seen  set[str]                      capitalised words that stand inside a sentence somewhere
    date        datetime.date                 the date the article's facts are judged as of
    words       {block id: BlockWords}        the block's word runs, for prefilters
    token_words {block id: set[str]}          lower-case words of the spaCy-like tokens (tokenmatch)
                spaCy-like tokens themselves: token_list(doc, block), made for a block only when asked
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from . import lexicon

BUILDERS: dict[str, Callable] = {}


def analysis(name: str):
    def register(build):
        BUILDERS[name] = build
        return build
    return register


def get(doc, name: str):
    key = f"analysis:{name}"
    if key not in doc.cache:
        doc.cache[key] = BUILDERS[name](doc)
    return doc.cache[key]


def check_names(names) -> None:
    """Unknown analysis names are a bug in a check."""
    for name in names:
        if name not in BUILDERS:
            raise KeyError(f"no analysis {name!r} (known: {', '.join(sorted(BUILDERS))})")


def prepare(docs, names) -> None:
    """Build the named analyses of every document."""
    check_names(names)
    for doc in docs:
        for name in names:
            get(doc, name)


# what is derived from an analysis and goes with it
DERIVED = {"words": ("document_words",), "token_words": ("token_list",)}


def last_uses(declared: list[tuple[str, ...]]) -> dict[int, list[str]]:
    """{n: the analyses no check after the n-th declares}, from each check's
    declared analyses in running order."""
    last = {name: n for n, names in enumerate(declared) for name in names}
    out: dict[int, list[str]] = {}
    for name, n in last.items():
        out.setdefault(n, []).append(name)
    return out


def drop(docs, names) -> None:
    """Forget analyses no later check reads (one read again is rebuilt)."""
    for doc in docs:
        for name in names:
            for key in (name, *DERIVED.get(name, ())):
                doc.cache.pop(f"analysis:{key}", None)


@analysis("tokens")
def block_tokens(doc) -> dict[int, list[lexicon.Token]]:
    return {id(block): lexicon.tokens(block.text) for block in doc.blocks}


@analysis("sentences")
def block_sentences(doc) -> dict[int, list[tuple[int, int]]]:
    return {id(block): lexicon.sentences(block.text) for block in doc.blocks}


def tokens(doc, block) -> list[lexicon.Token]:
    return get(doc, "tokens")[id(block)]


def sentence_starts(doc, block) -> set[int]:
    return {start for start, _ in get(doc, "sentences")[id(block)]}


@analysis("names_seen")
def names_seen(doc) -> set[str]:
    from .checks.nonword import is_sentence_start

    names = set()
    for block in doc.blocks:
        starts = sentence_starts(doc, block)
        text = block.text
        for m in lexicon.WORD.finditer(text):  # the tokens' words, without making the tokens
            word = m.group()
            if word[0].isupper() and not is_sentence_start(text, m.start(), starts):
                names.add(lexicon.strip_contraction(word))
    return names


@analysis("date")
def article_date(doc):
    return doc.metadata["date"]  # set by engine.date_document before any check runs


# -- the words of each block, for prefilters: a rule's regex is run only on
# the blocks that hold every word it needs (regexes.needed_words)

WORD_RUN = re.compile(r"\w+")


class BlockWords:
    """The maximal runs of word characters (\\w+) of one block, as written
    and lower-cased (WordNeeds compares them with what a regex needs). With
    ignorecase the lower-cased runs are compared, which equals re.IGNORECASE
    only when neither side holds a character that re folds unlike str.lower
    (dotless ı, long ſ, Greek and Cyrillic variants, İ): `caseless_exact`
    says whether the block holds none."""

    __slots__ = ("exact", "lower", "caseless_exact")

    def __init__(self, text: str):
        self.exact = frozenset(WORD_RUN.findall(text))
        # each distinct run lower-cased once: the runs of text.lower() where that is ASCII (tests/test_prefilters.py)
        self.lower = frozenset(map(str.lower, self.exact))
        lowered = text.lower()
        self.caseless_exact = lowered.isascii() or (odd_case_chars().isdisjoint(text) and odd_case_chars().isdisjoint(lowered))


class WordNeeds:
    """What a regex of several alternatives needs: each alternative's word
    runs (regexes.needed_words). `could_match(words)` is False only when no
    alternative could match the BlockWords; most blocks are ruled out by
    one set operation on one word of each alternative (its longest)."""

    __slots__ = ("alternatives", "ignorecase", "always", "some_word")

    def __init__(self, alternatives, ignorecase: bool):
        self.alternatives = [frozenset(a) for a in alternatives]
        self.ignorecase = ignorecase
        self.always = any(not a for a in self.alternatives)  # an alternative needing no word
        self.some_word = frozenset(max(sorted(a), key=len) for a in self.alternatives if a)

    def could_match(self, words: BlockWords) -> bool:
        if self.always:
            return True
        if self.ignorecase and not words.caseless_exact:
            return True
        seen = words.lower if self.ignorecase else words.exact
        if self.some_word.isdisjoint(seen):
            return False
        return any(a <= seen for a in self.alternatives)


class NeedsIndex:
    """could_match of many WordNeeds at once: `possible(words)` lists, in
    order, exactly the indexes i for which needs[i].could_match(words) is
    True, but asks only those that must always be asked and those one of
    whose some_word the block holds (a set intersection), not every one."""

    def __init__(self, needs):
        self.needs = list(needs)
        self.always = [i for i, n in enumerate(self.needs) if n.always]
        self.caseless = [i for i, n in enumerate(self.needs) if n.ignorecase and not n.always]
        by_lower: dict[str, list[int]] = {}
        by_exact: dict[str, list[int]] = {}
        for i, n in enumerate(self.needs):
            if not n.always:
                for word in sorted(n.some_word):
                    (by_lower if n.ignorecase else by_exact).setdefault(word, []).append(i)
        self.by_lower, self.by_exact = by_lower, by_exact
        self.lower_keys, self.exact_keys = frozenset(by_lower), frozenset(by_exact)

    def possible(self, words: BlockWords) -> list[int]:
        found = set(self.always)
        if not words.caseless_exact:
            found.update(self.caseless)  # could_match says True without looking
        for word in self.lower_keys.intersection(words.lower):
            found.update(i for i in self.by_lower[word] if self.needs[i].could_match(words))
        for word in self.exact_keys.intersection(words.exact):
            found.update(i for i in self.by_exact[word] if self.needs[i].could_match(words))
        return sorted(found)


class DocumentWords(BlockWords):
    """The word runs of a whole document: the union of its blocks'."""

    def __init__(self, blocks: list[BlockWords]):
        self.exact = frozenset().union(*(b.exact for b in blocks))
        self.lower = frozenset().union(*(b.lower for b in blocks))
        self.caseless_exact = all(b.caseless_exact for b in blocks)


@analysis("words")
def block_words(doc) -> dict[int, BlockWords]:
    return {id(block): BlockWords(block.text) for block in doc.blocks}


def words(doc, block) -> BlockWords:
    return get(doc, "words")[id(block)]


def document_words(doc) -> DocumentWords:
    key = "analysis:document_words"
    if key not in doc.cache:
        doc.cache[key] = DocumentWords(list(get(doc, "words").values()))
    return doc.cache[key]


@functools.cache
def odd_case_chars() -> frozenset[str]:
    """Characters that re.IGNORECASE matches with others than their
    str.lower() form (re's extra case table), and İ, whose lower() is two."""
    try:
        from re._casefix import _EXTRA_CASES  # Python 3.11+

        chars = {chr(c) for key, values in _EXTRA_CASES.items() for c in (key, *values)}
    except ImportError:  # older Pythons: the same table, worked out
        chars = {chr(c) for c in range(0x80, 0x10000) if chr(c).upper().lower() != chr(c).lower()}
    return frozenset(c for c in chars if not c.isascii()) | {"\u0130"}


# -- spaCy-like tokens (tokenmatch) for the word-form pattern rules: their
# words for every block, the tokens only for blocks a pattern could match

@analysis("token_words")
def token_words(doc) -> dict[int, set[str]]:
    from .checks.tokenmatch import lower_words

    return {id(block): lower_words(block.text) for block in doc.blocks}


def token_list(doc, block) -> list:
    from .checks.tokenmatch import tokenize

    made = doc.cache.setdefault("analysis:token_list", {})
    if id(block) not in made:
        made[id(block)] = tokenize(block.text)
    return made[id(block)]
