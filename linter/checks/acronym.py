"""`acronym`: an all-capitals abbreviation (2-5 letters) that the article
never spells out and that readers cannot be assumed to know — the AP and
Chicago rule "spell out an acronym on first reference unless it is widely
known". Machine translation leaves such tokens behind where it garbled a
name ('informed UJ' for CNN).

An acronym counts as spelled out when the article puts it in parentheses
after its expansion or before it ("Voice of America (VOA)", "VOA (Voice of
America)"), or when its letters are the initials of a run of capitalised
words somewhere in the article ("the National Security Council ... the
NSC"). It counts as widely known when its lower-case form is common in
English (wordfreq Zipf frequency at least `min_zipf`: NATO, CNN, FBI), when
it is an ISO 4217 currency code (linter/data/currency_codes.txt) or a Roman
numeral, or when the project's vocabulary (`vocabulary: accept`) accepts
it. Only the first use of each acronym in an article is reported, and
blocks written mostly in capitals (shouted headlines) are skipped."""
from __future__ import annotations

import functools
import re

from .. import lexicon
from .base import Check
from .nonword import vocabulary_pattern

# a word of 2-5 capitals, alone or before a hyphen (NATO-led), maybe plural
# (NGOs) or possessive (UJ's)
CANDIDATE = re.compile(r"(?<![\w'’])([A-Z]{2,5})s?(?:['’]s?)?(?![\w'’])")
ROMAN = re.compile(r"M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
# words an expansion may hold that the acronym may skip (Organization for
# Security and Co-operation in Europe: OSCE)
CONNECTORS = frozenset("of and for the on in to at de du la del des der von".split())
CURRENCY_TABLE = lexicon.DATA / "currency_codes.txt"
SHOUTED_SHARE = 0.5  # a block with this share of all-capitals words is a shouted headline


class Acronym(Check):
    kind = "acronym"
    params = {
        "type": "object",
        "properties": {
            "min_zipf": {"type": "number", "minimum": 0,
                         "description": "wordfreq Zipf frequency of the lower-case form at which an acronym counts as widely known"},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.min_zipf = self.options.get("min_zipf", 3.0)
        self.accept = [vocabulary_pattern(p) for p in context.config.accept]

    def run(self, doc, nlp=None):
        blocks = list(self.blocks(doc))
        found = self.candidates(doc, blocks)
        if not found:
            return  # most articles: the costlier search for expansions is not needed
        defined = spelled_out(doc, blocks, {m.group(1) for _, m in found})
        for block, m in found:
            if m.group(1) not in defined:
                yield self.finding(doc, block, m.start(), m.end(), acronym=m.group(1))

    def candidates(self, doc, blocks) -> list:
        """(block, match) of the first use of each acronym that is not widely known."""
        seen, out = set(), []
        for block in blocks:
            matches = [m for m in CANDIDATE.finditer(block.text) if m.group(1) not in seen]
            if not matches or shouted(lexicon.WORD.findall(block.text)):
                continue
            skip = lexicon.non_prose_spans(block.text)
            for m in matches:
                acronym = m.group(1)
                if acronym in seen or any(s <= m.start() < e for s, e in skip):
                    continue
                seen.add(acronym)
                if not self.widely_known(acronym):
                    out.append((block, m))
        return out

    def widely_known(self, acronym: str) -> bool:
        return (lexicon.zipf(acronym.lower()) >= self.min_zipf or acronym in currency_codes()
                or bool(ROMAN.fullmatch(acronym)) or any(p.fullmatch(acronym) for p in self.accept))


def acronym_of(word: str) -> str | None:
    """The acronym a token is ('UJ's' -> 'UJ', 'NGOs' -> 'NGO'), or None."""
    m = CANDIDATE.fullmatch(word)
    return m.group(1) if m else None


def shouted(words) -> bool:
    """Whether the block's words (lexicon.WORD's, as strings) are mostly capitals."""
    words = [w for w in words if len(w) > 1 and w.isalpha()]
    return bool(words) and sum(w.isupper() for w in words) >= SHOUTED_SHARE * len(words)


def spelled_out(doc, blocks, wanted: set[str]) -> set[str]:
    """Those of the wanted acronyms that the article defines: put in
    parentheses next to other words, or spelled by the initials of a run of
    capitalised words (whole hyphenated words: Co-operation gives one letter)."""
    defined: set[str] = set()
    for block in blocks:
        defined |= wanted & parenthesised(block.text)
        if any(may_start_a_spelling(block.text, a) for a in wanted - defined):  # else its tokens are not made
            for run in capitalised_runs(block.text, lexicon.tokens(block.text)):
                defined |= {a for a in wanted - defined if spells(run, a)}
        if defined == wanted:
            break
    return defined


def may_start_a_spelling(text: str, acronym: str) -> bool:
    """False when no capitalised run of text spells the acronym: the
    stretch that spells it starts with a capitalised word (not a connector),
    its first letter the acronym's, followed by a lower-case one."""
    first = acronym[0]
    at = text.find(first)
    while at >= 0:
        if text[at + 1:at + 2].islower():
            return True
        at = text.find(first, at + 1)
    return False


PARENTHESISED = re.compile(r"\(\s*([A-Z]{2,5})s?\s*\)|\b([A-Z]{2,5})s?\s*\(")


def parenthesised(text: str) -> set[str]:
    """'... America (VOA)' and 'VOA (Voice of America)'."""
    return {a or b for a, b in PARENTHESISED.findall(text)}


def capitalised_runs(text: str, tokens) -> list[list[str]]:
    """Runs of consecutive capitalised words (connectors such as 'of' may
    stand inside a run, and an ampersand; other punctuation ends one), as
    lists of words."""
    runs, run, end = [], [], 0
    for token in tokens:
        word = token.text
        if run and text[end:token.start].strip(" &"):  # Faith & Freedom News: FFN
            runs.append(run)
            run = []
        end = token.end
        if word[0].isupper() and word[1:2].islower():  # Council, Co-operation, McDonald's; not NATO
            run.append(word)
        elif run and word in CONNECTORS:
            run.append(word)
        else:
            runs.append(run)
            run = []
    runs.append(run)
    return [trim(r) for r in runs if sum(w[:1].isupper() for w in r) >= 2]


def trim(run: list[str]) -> list[str]:
    while run and run[-1] in CONNECTORS:
        run = run[:-1]
    return run


def spells(run: list[str], acronym: str) -> bool:
    """Whether a stretch of the run spells the acronym by its initials, with
    or without the connectors' letters: 'Voice of America' spells VOA and
    VA, 'Organization for Security and Co-operation in Europe' OSCE."""
    if acronym in "".join(w[0] for w in run if w not in CONNECTORS).upper():
        return True
    full = "".join(w[0] for w in run).upper()
    at = full.find(acronym)
    while at >= 0:
        if run[at] not in CONNECTORS and run[at + len(acronym) - 1] not in CONNECTORS:
            return True
        at = full.find(acronym, at + 1)
    return False


@functools.cache
def currency_codes() -> frozenset[str]:
    lines = CURRENCY_TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
