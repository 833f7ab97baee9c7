"""`nonword`: words that no English dictionary knows (`rearmail`,
`approvedly`) — the mark of machine translation that no editor read.

A word is known when wordfreq lists it, when it is a regular inflection or
derivation of a listed word, when it is a combining form glued to a known
word (teleclasses, electromobility), when the configuration's vocabulary
accepts it, or when it is part of a known person's name. A word that reads
as two common words written as one (earhooks) is only a weak finding. Proper nouns (capitalised
words inside a sentence), initialisms, words with digits, URLs, handles and
foreign-language passages are left alone. A long lower-case non-word gets
the rule's severity; a weaker case (a short word, a capitalised word at the
start of a sentence) gets `weak_severity`."""
from __future__ import annotations

import functools
import re
from functools import cached_property

from .. import analyses, lexicon
from ..model import SEVERITIES, SEVERITY_RANK, LintError
from ..records import replace
from .base import Check
from ..regexcache import compiled as compiled_re

ASCII_WORD = compiled_re(r"[A-Za-z'’]+")
HYPHEN = re.compile(r"[\-‐]")  # where any_unknown splits a word, as split_hyphens does
QUOTED = compiled_re(r"[\"“«„]([^\"”»“]{3,})[\"”»“]")
FOREIGN_SHARE = 0.3  # a passage with this share of unknown words is not English
# ...nor is one of eight words or more in which English function words are
# this rare (English prose: about 40 %, garbled MT English too) and two
# words are unknown: German, Portuguese or Indonesian copy whose words
# wordfreq partly lists.
FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it on was with as be by at this are from or an have not but his "
    "they he she we you their has were which its been had will would said who more than can about "
    "when also one all there after".split())
FUNCTION_SHARE = 0.08
JUDGED_MAX = 20_000  # words whose judgement a rule keeps (~150 B a word with `fine`: 3 MB)


class Nonword(Check):
    kind = "nonword"
    # no analyses declared: the sentences, tokens and names_seen are made only
    # for a block with a word to flag (one block in about fifteen), and names_seen
    # only for a document with a capitalised one at a sentence start
    params = {
        "type": "object",
        "properties": {
            "min_zipf": {"type": "number", "minimum": 0, "description": "wordfreq Zipf frequency at which a word counts as listed"},
            "min_length": {"type": "integer", "minimum": 1, "description": "shorter words are never flagged"},
            "strong_length": {"type": "integer", "minimum": 1, "description": "lower-case non-words this long get the rule's severity"},
            "weak_severity": {"enum": list(SEVERITIES), "description": "severity of less certain findings"},
            "reject_message": {"type": "string", "minLength": 1},
        },
    }

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.min_zipf = self.options.get("min_zipf", 1.0)
        self.min_length = self.options.get("min_length", 4)
        self.strong_length = self.options.get("strong_length", 6)
        weak = self.options.get("weak_severity", "info")
        self.weak_severity = min(weak, rule.severity, key=SEVERITY_RANK.get)
        self.reject_message = self.options.get("reject_message", "'{match}' is on the project's reject list")
        config = context.config
        self.accept = [vocabulary_pattern(p) for p in config.accept]
        self.reject = [vocabulary_pattern(p) for p in config.reject]
        self.judged: dict[str, bool] = {}  # word -> unknown(word): a pure function of the word and the rule
        self.fine: set[str] = set()  # the words of judged that are not unknown

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Lower-cased words of every known person's names."""
        try:
            kb = self.context.knowledge
        except LintError:  # a broken knowledge base: the fact rules report it
            return frozenset()
        return cached_name_words(kb)

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            yield from self.check_block(doc, block)

    def check_block(self, doc, block):
        text = block.text
        skip = lexicon.non_prose_spans(text) + foreign_quotes(text, self.unknown)
        if not skip and not self.reject and not self.any_unknown(text):
            return  # nothing to flag: the block's tokens (with offsets) are not made
        starts = analyses.sentence_starts(doc, block)
        words = lexicon.tokens(text)
        if "-" in text or "‐" in text:
            words = split_hyphens(words)
        if skip:
            words = [t for t in words if not inside(t, skip)]
        judged, unknown = self.judged, self.unknown
        candidates = [t for t in words if (judged[t.text] if t.text in judged else unknown(t.text))]
        if not_english(words, candidates):
            candidates = []  # not English copy: a foreign passage, a list of names
        for token in words if self.reject else ():
            if self.rejected(token.text):
                yield self.finding(doc, block, token.start, token.end, message=self.reject_message)
        for token in candidates:
            if self.rejected(token.text):
                continue
            strength = self.strength(token, is_sentence_start(text, token.start, starts), doc)
            if strength is None:
                continue
            finding = self.finding(doc, block, token.start, token.end, suggestions=suggest(token.text))
            if strength == "weak":
                finding = replace(finding, severity=self.weak_severity)
            yield finding

    def any_unknown(self, text: str) -> bool:
        """Whether some word of text (hyphenated compounds split, as
        split_hyphens splits them) is unknown: the words without offsets."""
        words = set(lexicon.WORD.findall(text))
        if "-" in text or "‐" in text:
            words = {part for word in words for part in HYPHEN.split(word) if part}
        unknown = self.unknown
        return any(unknown(word) for word in words - self.fine)  # words known before: one set operation

    def unknown(self, word: str) -> bool:
        """A word this check would flag, before judging how sure it is."""
        known = self.judged.get(word)
        if known is None:
            if len(self.judged) >= JUDGED_MAX:
                self.judged.clear()  # bounded: memory stays flat over an archive
                self.fine.clear()
            known = self.judged[word] = self.judge(word)
            if not known:
                self.fine.add(word)
        return known

    def judge(self, word: str) -> bool:
        word = lexicon.strip_contraction(word)
        if len(word) < self.min_length or not ASCII_WORD.fullmatch(word):
            return False
        if any(c.isdigit() for c in word) or (len(word) > 1 and word.isupper()):
            return False
        if any(c.isupper() for c in word[1:]):  # iPhone, McDonald
            return False
        if lexicon.is_known(word.lower(), self.min_zipf) or self.accepted(word):
            return False
        if lexicon.prefixed_form(word):
            return False
        return word.lower() not in self.name_words  # loads the knowledge base only when needed

    def strength(self, token, sentence_start: bool, doc) -> str | None:
        """'strong', 'weak', or None (not to be flagged)."""
        word = lexicon.strip_contraction(token.text)
        if word[0].isupper():
            # inside a sentence, or seen so (names_seen) elsewhere in the article: a proper noun
            return "weak" if sentence_start and word not in analyses.get(doc, "names_seen") else None
        if len(word) >= self.strong_length and lexicon.zipf(word) == 0 and not lexicon.compound_split(word):
            return "strong"
        return "weak"

    def accepted(self, word: str) -> bool:
        return any(p.fullmatch(word) for p in self.accept)

    def rejected(self, word: str) -> bool:
        return bool(self.reject) and any(p.fullmatch(word) for p in self.reject)


def not_english(words, candidates) -> bool:
    if len(words) >= 5 and len(candidates) >= FOREIGN_SHARE * len(words):
        return True
    if len(words) < 8 or len(candidates) < 2:
        return False
    function = sum(lexicon.strip_contraction(t.text).lower() in FUNCTION_WORDS for t in words)
    return function < FUNCTION_SHARE * len(words)


def vocabulary_pattern(entry: str) -> re.Pattern:
    """A vocabulary entry (a word or a regex, as in Vale's Vocab), matched
    against whole words; an entry without capitals ignores case."""
    flags = 0 if any(c.isupper() for c in entry) else re.IGNORECASE
    try:
        return compiled_re(entry, flags)
    except re.error:
        return compiled_re(re.escape(entry), flags)


def cached_name_words(kb) -> frozenset[str]:
    """The lower-cased words of every known person's names, from the user
    cache when this knowledge base (kb.source_key) and this code made them
    before (tokenising every name costs a one-file run ~3 ms)."""
    from ..cache import cache_file, content_key, read_json, write_json

    source_key = getattr(kb, "source_key", None)
    key = content_key(f"name words {source_key}", [__file__, lexicon.__file__]) if source_key else None
    where = cache_file(f"name-words-{key[:24]}.json") if key else None
    found = read_json(where, key) if where else None
    if isinstance(found, list) and all(type(w) is str for w in found):
        return frozenset(found)
    words = frozenset(t.text.lower() for p in kb.people.values() for n in p.names for t in lexicon.tokens(n))
    write_json(where, key, sorted(words))
    return words


def word_parts(text: str) -> list[lexicon.Token]:
    """Word tokens, with a hyphenated compound split into its parts (each
    part is judged on its own, so a compound of words passes)."""
    return split_hyphens(lexicon.tokens(text))


def split_hyphens(tokens: list[lexicon.Token]) -> list[lexicon.Token]:
    out = []
    for token in tokens:
        if "-" not in token.text and "‐" not in token.text:
            out.append(token)
            continue
        offset = token.start
        for part in re.split(r"([\-‐])", token.text):
            if part and part not in "-‐":
                out.append(lexicon.Token(offset, offset + len(part), part))
            offset += len(part)
    return out


def foreign_quotes(text: str, unknown) -> list[tuple[int, int]]:
    """Quoted passages where many words are unknown: foreign-language quotes."""
    spans = []
    for m in QUOTED.finditer(text):
        words = lexicon.WORD.findall(m.group(1))  # the tokens' texts
        if len(words) >= 3 and sum(map(unknown, words)) >= len(words) / 2:
            spans.append(m.span())
    return spans


def inside(token, spans) -> bool:
    return any(start <= token.start and token.end <= end for start, end in spans)


def is_sentence_start(text: str, offset: int, starts: set[int]) -> bool:
    """True if only quotes, brackets or spaces stand between a sentence
    start and offset."""
    i = offset
    while i > 0 and text[i - 1] in " \t\"'“‘([«-–—":
        i -= 1
    return i == 0 or i in starts


VOCABULARY_SIZE = 60000


SUGGEST_EDITS = 2  # suggestions are within this many edits


def vocabulary() -> list[str]:
    """The alphabetic words of the 60,000 most frequent, most frequent first."""
    groups = vocabulary_groups()
    words: list = [None] * sum(count for _, _, _, count in groups.index.values())
    for length in groups.index:
        for word, rank in zip(groups.words(length), groups.ranks(length)):
            words[rank] = word
    return words


class VocabularyGroups:
    """The vocabulary grouped by word length, each group most frequent
    first, with each word's rank in the whole list. A word more than
    SUGGEST_EDITS letters longer or shorter than the non-word is never a
    suggestion (an edit changes the length by one at most): the search
    reads and splits only the groups near its length."""

    def __init__(self, index: dict, text: bytes, ranks: memoryview):
        self.index = index  # length -> (start, end of its lines in text, its first rank in ranks, count)
        self.text = text
        self.rank_array = ranks
        self.split: dict[int, list[str]] = {}

    @classmethod
    def build(cls, words: list[str]) -> bytes:
        """The body of the cache file: a JSON line of the index, the words'
        lines group by group, then their ranks (4-byte unsigned, native order)."""
        import json
        from array import array

        order = sorted(range(len(words)), key=lambda i: len(words[i]))  # stable: ranks ascend in a group
        index, text, start, first = {}, bytearray(), 0, 0
        for n, i in enumerate(order):
            if n + 1 == len(order) or len(words[order[n + 1]]) != len(words[i]):
                group = "\n".join(words[j] for j in order[first:n + 1]).encode("utf-8")
                text += group
                index[len(words[i])] = [start, start + len(group), first, n + 1 - first]
                start, first = start + len(group), n + 1
        head = json.dumps({"index": index, "text": len(text)}).encode("utf-8")
        return head + b"\n" + bytes(text) + array("I", order).tobytes()

    @classmethod
    def read(cls, body: bytes) -> "VocabularyGroups":
        """The groups build wrote; raises ValueError on anything else."""
        import json

        head, _, rest = body.partition(b"\n")
        found = json.loads(head.decode("utf-8"))
        index = {int(k): tuple(v) for k, v in found["index"].items()}
        size = found["text"]
        ranks = memoryview(rest)[size:]
        count = sum(v[3] for v in index.values())
        if len(ranks) != 4 * count or any(len(v) != 4 or v[1] > size for v in index.values()):
            raise ValueError("groups of the wrong shape")
        return cls(index, rest[:size], ranks.cast("I"))

    def words(self, length: int) -> list[str]:
        found = self.split.get(length)
        if found is None:
            start, end, _, count = self.index.get(length, (0, 0, 0, 0))
            found = self.text[start:end].decode("utf-8").split("\n") if count else []
            self.split[length] = found
        return found

    def ranks(self, length: int) -> memoryview:
        _, _, first, count = self.index.get(length, (0, 0, 0, 0))
        return self.rank_array[first:first + count]

    def near(self, length: int) -> tuple[list[str], list[int]]:
        """The words within SUGGEST_EDITS letters of `length` and their ranks."""
        words, ranks = [], []
        for n in range(max(length - SUGGEST_EDITS, 1), length + SUGGEST_EDITS + 1):
            words += self.words(n)
            ranks += self.ranks(n)
        return words, ranks


@functools.cache
def vocabulary_groups() -> VocabularyGroups:
    """The VocabularyGroups of the alphabetic words of the 60,000 most
    frequent; kept in the user cache (keyed by the shipped word list and
    this code): reading them back costs a fraction of unpacking and filtering."""
    from ..cache import cache_file, content_key, read_sealed_bytes, write_sealed_bytes

    import sys
    from array import array

    # the ranks are machine words: a cache folder shared with another kind of machine keys them apart
    label = f"vocabulary {VOCABULARY_SIZE} by length, ranks {sys.byteorder} {array('I').itemsize}"
    key = content_key(label, [lexicon.TOP_TABLE, __file__, lexicon.__file__])
    where = cache_file(f"vocabulary-{key[:24]}.bin") if key else None
    found = read_sealed_bytes(where, key) if where else None
    if found:
        try:
            return VocabularyGroups.read(found)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
            pass
    body = VocabularyGroups.build([w for w in lexicon.top_n_list(VOCABULARY_SIZE) if w.isalpha()])
    if where:
        write_sealed_bytes(where, key, body)
    return VocabularyGroups.read(body)


def suggest(word: str, limit: int = 3) -> list[str]:
    """Near real words: within two edits, more frequent first, plus the
    longest listed word that the non-word starts with (rearmail -> rearm)."""
    return list(suggestions(word, limit))


@functools.lru_cache(maxsize=4096)  # a search of the whole vocabulary: kept per word (the same non-words recur)
def suggestions(word: str, limit: int) -> tuple[str, ...]:
    from rapidfuzz import distance, process

    if len(word) > lexicon.MAX_SUGGEST_LENGTH:  # no word is that long; the search would cost seconds
        return ()
    lower = word.lower()
    words, ranks = vocabulary_groups().near(len(lower))
    hits = process.extract(lower, words, scorer=distance.Levenshtein.distance, score_cutoff=SUGGEST_EDITS, limit=None)
    near = sorted(hits, key=lambda m: (m[1], ranks[m[2]]))[:20]  # the 20 nearest, the more frequent first
    return finished_suggestions(word, near, limit)


def finished_suggestions(word: str, near: list, limit: int) -> tuple[str, ...]:
    """The near words (rapidfuzz matches) nearest and most frequent first,
    then the longest known prefix of the word, in the word's case."""
    lower = word.lower()
    out = [m[0] for m in sorted(near, key=lambda m: (m[1], -lexicon.zipf(m[0])))]
    for cut in range(len(lower) - 1, 3, -1):
        if lexicon.zipf(lower[:cut]) >= 2.0:
            out.append(lower[:cut])
            break
    if word[:1].isupper():
        out = [w.capitalize() for w in out]
    return tuple(dict.fromkeys(out))[:limit]
