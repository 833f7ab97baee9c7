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
"""
from __future__ import annotations

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


def prepare(docs, names) -> None:
    """Build the named analyses of every document (unknown names are a bug)."""
    for name in names:
        if name not in BUILDERS:
            raise KeyError(f"no analysis {name!r} (known: {', '.join(sorted(BUILDERS))})")
    for doc in docs:
        for name in names:
            get(doc, name)


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
        for token in tokens(doc, block):
            if token.text[0].isupper() and not is_sentence_start(block.text, token.start, starts):
                names.add(lexicon.strip_contraction(token.text))
    return names


@analysis("date")
def article_date(doc):
    return doc.metadata["date"]  # set by engine.date_document before any check runs
