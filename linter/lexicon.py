"""Word knowledge shared by the checks: a tokeniser and sentence splitter
that keep offsets, English word frequencies, and regular inflection /
derivation stripping.

    tokens(text)        -> [Token(start, end, text)]   words, with offsets
    sentences(text)     -> [(start, end)]              sentence spans
    zipf(word)          -> float   wordfreq Zipf frequency in English (0 = unknown)
    is_known(word)      -> bool    a listed word, or a regular form of one
    base_forms(word)    -> [str]   candidate stems after stripping one suffix

The frequencies of plain words (a-z with inner apostrophes, or a-z and digits:
most words of an article) come from a table built from wordfreq's English list
(tools/build_zipf_table.py, checked against wordfreq by
tests/test_lexicon_table.py); wordfreq itself is imported only for the
other words, so importing this module and looking up words is cheap.
Words with other letters (café, Schröder, Erdoğan), joined by U+2010, or with
French elision (l'équipe) come from the same table when wordfreq's tokeniser
is known to split them into table words (wordfreq_tokens); only the rest
(marks, other scripts, other punctuation, "1.5") asks wordfreq.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple
from .regexcache import compiled as compiled_re

# A word: letters, with inner apostrophes or hyphens ("don't", "well-known").
# Digits are allowed inside so that "COVID-19" or "3pm" come out as one token
# (callers skip tokens with digits).
# Written as runs of \w between joiners (not one alternation per character): the
# same matches, a third faster (tests/test_prefilters.py checks them against that form).
WORD = compiled_re(r"[^\W_]\w*(?:['’\-‐](?=[^\W_])\w*)*")

# Spans that are not prose words at all.
NON_PROSE = compiled_re(
    r"(?:https?://|www\.)\S+"            # URLs
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses (from a run's start: linear in long words)
    r"|[@#][\w_]+"                       # handles and hashtags
    r"|\b[\w-]+\.(?:com|org|net|gov|edu|io|co|uk|ru|ua|de|fr)\b",  # bare domains
    re.IGNORECASE,
)

# Sentence ends: . ! ? (possibly with closing quotes/brackets) then space and
# an upper-case letter, digit or opening quote. Abbreviations such as "Mr."
# or "U.S." followed by a name are not ends.
SENTENCE_END = compiled_re(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
    "st", "jr", "sr", "vs", "no", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "u.n", "e.g", "i.e", "etc", "p.m", "a.m", "pres", "gov", "rev", "fig", "approx",
}

NEGATION = compiled_re(r"n['’]t$", re.IGNORECASE)
CONTRACTION = compiled_re(r"(?:['’](?:s|re|ve|ll|d|m|t)|n['’]t|['’])$", re.IGNORECASE)


MAX_SUGGEST_LENGTH = 40  # longer tokens get no spelling suggestions nor compound splits (nonword.suggest)


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """Word tokens of text with their [start, end) offsets."""
    new = tuple.__new__  # Token(...) without the Python-level __new__ of a NamedTuple: a quarter faster
    return [new(Token, (m.start(), m.end(), m.group())) for m in WORD.finditer(text)]


# What every match of NON_PROSE holds, with its flags: a text without any
# has no span (one quick scan instead of NON_PROSE's try at every word).
NON_PROSE_NEEDS = compiled_re(r"://|www\.|[@#]|\.(?:com|org|net|gov|edu|io|co|uk|ru|ua|de|fr)\b", re.IGNORECASE)


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses, handles, hashtags and domains."""
    if not NON_PROSE_NEEDS.search(text):
        return []
    return [m.span() for m in NON_PROSE.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of text (regex splitter)."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        before = text[start:m.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        end = m.end() - (len(m.group()) - len(m.group().rstrip()))
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def strip_contraction(word: str) -> str:
    """"Ukraine's" -> "Ukraine", "don't" stays (it is a word in its own right)."""
    if "'" not in word and "’" not in word:
        return word  # every contraction holds an apostrophe
    if NEGATION.search(word):
        return word
    return CONTRACTION.sub("", word)


DATA = Path(__file__).resolve().parent / "data"
ZIPF_TABLE = DATA / "zipf_en.txt"
TOP_TABLE = DATA / "top_en.txt.gz"
TOP_N = 60000  # words of wordfreq's top list in TOP_TABLE
# Words that wordfreq's English tokeniser keeps as one token, unchanged: for
# these, its zipf_frequency is the table's value, or 0.0 when it is not there.
# Not "l'aila": wordfreq splits one or two letters, an apostrophe and a vowel
# or h (French elision) into two tokens.
PLAIN_WORD = compiled_re(r"(?![a-z]{1,2}'[aehiouy])[a-z]+(?:'[a-z]+)*|[a-z0-9]+")
# Plain words joined by hyphens: wordfreq's tokens are the parts, and their
# frequencies combine (1/f = 1/f1 + 1/f2 + ...).
HYPHENATED = compiled_re(rf"(?:{PLAIN_WORD.pattern})(?:-(?:{PLAIN_WORD.pattern}))+")
UNLISTED_ZIPF = 0.0
# wordfreq lists a run of two or more digits as zeros ("11th" as "00th") and
# scales its frequency by an estimate for the digits (wordfreq.numbers):
# the same here, constants and all; tests/test_lexicon_table.py compares.
DIGIT_RUN = compiled_re(r"[0-9]{2,}")
DIGIT_FREQS = [0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045]
# Bounds of the per-word caches (an lru_cache entry, its key and value: ~250 B
# estimated): memory stays flat over an archive of distinct text.
WORD_CACHE = 50_000  # zipf, is_known: ~12 MB each at most
PART_CACHE = 20_000  # prefixed_form, compound_split
YEAR_LOG_PEAK, NOT_YEAR_PROB, REFERENCE_YEAR, PLATEAU_WIDTH = -1.9185, 0.1, 2019, 20


# Where wordfreq's English tokeniser breaks a text of table letters, digits,
# underscores, hyphens (U+2010 too), apostrophes and full stops (Unicode word
# boundaries): at hyphens, at apostrophes and full stops but one between two
# letters, and after the one or two word characters of a French elision
# before a vowel (its INITIAL_VOWEL_EXPR, case-folded). Digits around an
# apostrophe or full stop ("1.5", "1'000") stay together there, and
# DIGIT_SMASH would differ: wordfreq answers those.
ELISION_VOWELS = "aehiouyáéíóúàèìòùâêîôûåïöœ"
DIGIT_SEPARATOR_DIGIT = compiled_re(r"[0-9]['.][0-9]")


@lru_cache(maxsize=WORD_CACHE)
def zipf(word: str) -> float:
    """Zipf frequency of a word in English (log10 of uses per billion words);
    0.0 when wordfreq does not list it."""
    key = word.lower().replace("’", "'")
    plain = PLAIN_WORD.fullmatch(key)
    table = zipf_table()
    if table is not None:
        if plain and not DIGIT_RUN.search(key):
            return table.zipf(key)
        if plain or HYPHENATED.fullmatch(key):
            return combined_zipf(table, key.split("-"))
        parts = wordfreq_tokens(table, key)
        if parts == []:
            return UNLISTED_ZIPF  # wordfreq finds no token: its minimum, 0.0
        if parts is not None:
            if len(parts) == 1 and not DIGIT_RUN.search(parts[0]):
                return table.zipf(parts[0])
            return combined_zipf(table, parts)
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en")


def wordfreq_tokens(table: "ZipfTable", key: str) -> list[str] | None:
    """The tokens wordfreq's English tokeniser makes of key (after its NFC
    and case-folding), when key holds nothing but the table's letters, a-z,
    0-9, underscores, hyphens, apostrophes and full stops. None for anything
    else (marks, other scripts, other digits and punctuation): wordfreq
    answers those."""
    if table.patterns is None:
        return None
    chars, runs, elision = table.patterns
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", key).casefold())
    if not chars.fullmatch(text) or DIGIT_SEPARATOR_DIGIT.search(text):
        return None
    out = []
    for run in runs.finditer(text):
        token = run.group()
        while elided := elision.match(token):
            out.append(elided.group(1))
            token = token[elided.end():]
        out.append(token)
    return out


def combined_zipf(table: "ZipfTable", tokens: list[str]) -> float:
    """wordfreq's zipf_frequency of a text of several tokens, or of one with
    a run of digits ("2022", "11th"): its _word_frequency and rounding,
    step by step."""
    import math

    one_over = 0.0
    for token in tokens:
        smashed = DIGIT_RUN.sub(lambda m: "0" * len(m.group()), token)
        listed = table.zipf(smashed)
        if listed == UNLISTED_ZIPF:
            return UNLISTED_ZIPF
        freq = 10 ** (-(900 - round(listed * 100)) / 100)  # wordfreq's centibel bucket
        if smashed != token:
            digits = 1.0
            for run in DIGIT_RUN.findall(token):
                digits *= year_freq(run) if len(run) == 4 else benford_freq(run)
            freq *= digits
        one_over += 1.0 / freq
    unrounded = max(1.0 / one_over, 1e-9)
    freq = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


def benford_freq(digits: str) -> float:
    return DIGIT_FREQS[int(digits[0])] / 10 ** (len(digits) - 1)


def year_freq(digits: str) -> float:
    year = int(digits)
    if year <= REFERENCE_YEAR:
        log_freq = YEAR_LOG_PEAK - 0.0083 * (REFERENCE_YEAR - year)
    elif year <= REFERENCE_YEAR + PLATEAU_WIDTH:
        log_freq = YEAR_LOG_PEAK
    else:
        log_freq = YEAR_LOG_PEAK - 0.2 * (year - (REFERENCE_YEAR + PLATEAU_WIDTH))
    return 10.0 ** log_freq + NOT_YEAR_PROB * benford_freq(digits)


class ZipfTable:
    """The sorted `word centi-zipf` lines of ZIPF_TABLE in one bytes-like
    object (bytes, or the file memory-mapped), searched through evenly
    spaced samples of it (no dict of 300,000 words to build). The header line names the wordfreq
    version and, after LETTERS_MARK, the letters beyond a-z that its words
    may hold (tools/build_zipf_table.py chose them: wordfreq never breaks a
    word between two of them), then after SEPARATORS_MARK the characters
    (², ½) that are word characters to lexicon.WORD but no part of any of
    wordfreq's tokens."""

    LETTERS_MARK = " letters "
    SAMPLES = 512  # ~0.5 ms to take once a process; a one-file run looks up a few hundred words
    SEPARATORS_MARK = " separators "

    def __init__(self, data):
        self.blob = data
        self.first = data.find(b"\n")  # after the header line: every line sits between two newlines
        if self.first < 0 or data[len(data) - 1:] != b"\n":
            raise ValueError("the table is cut short")
        header = bytes(data[:self.first]).decode("utf-8")
        self.letters = self.separators = None
        if self.LETTERS_MARK in header:
            self.letters, _, self.separators = header.split(self.LETTERS_MARK, 1)[1].partition(self.SEPARATORS_MARK)

    @cached_property
    def patterns(self) -> tuple[re.Pattern, re.Pattern, re.Pattern] | None:
        """(text, run, elision) for wordfreq_tokens, compiled on first use
        (~2 ms: most one-file runs meet only plain words)."""
        if self.letters is None:
            return None
        letters = "a-z" + re.escape(self.letters)
        word = f"[{letters}0-9_]"
        return (re.compile(f"[-‐'.{letters}0-9_{re.escape(self.separators)}]+"),
                re.compile(f"{word}+(?:(?<=[{letters}])['.](?=[{letters}]){word}+)*"),
                re.compile(f"({word}{{1,2}})'(?=[{ELISION_VOWELS}])"))

    def zipf(self, word: str) -> float:
        key = word.encode("utf-8")
        if not key or b" " in key or b"\n" in key:
            return self.bisected_zipf(key)  # no word of a line: the needle below could straddle a line's parts
        words, newlines = self.samples
        i = bisect_right(words, key)  # the line of `key`, if any, is after sample i - 1 and before sample i
        lo = newlines[i - 1] if i else self.first
        needle = b"\n" + key + b" "
        hi = newlines[i] if i < len(newlines) else len(self.blob)  # a line ends by the next newline
        at = self.blob.find(needle, lo, hi)
        if at < 0:
            return UNLISTED_ZIPF
        return int(self.blob[at + len(needle):self.blob.find(b"\n", at + 1)]) / 100

    @cached_property
    def samples(self) -> tuple[list[bytes], list[int]]:
        """The word of the first line after each of SAMPLES evenly spaced
        byte offsets, and the newline before it: a lookup bisects these in
        C and finds its line in the ~8 kB between two of them, instead of
        ~19 bisection steps in Python over the file (~11 us a word)."""
        blob, words, newlines = self.blob, [], []
        step = max(1, (len(blob) - self.first) // self.SAMPLES)
        for at in range(self.first, len(blob) - 1, step):
            newline = blob.find(b"\n", at)
            if newline >= len(blob) - 1 or newlines and newline == newlines[-1]:
                continue
            words.append(blob[newline + 1:blob.find(b"\n", newline + 1)].partition(b" ")[0])
            newlines.append(newline)
        return words, newlines

    def bisected_zipf(self, key: bytes) -> float:
        """zipf by bisection over the whole file (what `samples` narrows)."""
        blob = self.blob
        lo, hi = self.first, len(blob) - 1  # newlines around the lines still in question
        while lo < hi:
            mid = blob.rfind(b"\n", lo, (lo + hi) // 2 + 1)
            end = blob.find(b"\n", mid + 1)
            found, _, centi = blob[mid + 1:end].partition(b" ")
            if found == key:
                return int(centi) / 100
            if found < key:
                lo = end
            else:
                hi = mid
        return UNLISTED_ZIPF


@cache
def zipf_table() -> ZipfTable | None:
    """None when the table is missing or unreadable: wordfreq answers instead.
    Memory-mapped: a one-file run looks up a few hundred words, touching a
    few hundred of the 3.8 MB file's pages; reading it whole cost ~2.5 ms
    more (copying it and faulting in the copy)."""
    import mmap

    try:
        with ZIPF_TABLE.open("rb") as fh:
            return ZipfTable(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))  # empty: ValueError
    except (OSError, ValueError):
        return None


def top_n_list(n: int) -> list[str]:
    """wordfreq's top_n_list("en", n): the n most frequent English words."""
    if n <= TOP_N:
        import gzip
        import zlib

        try:
            return gzip.decompress(TOP_TABLE.read_bytes()).decode("utf-8").split("\n")[:n]
        except (OSError, EOFError, ValueError, zlib.error):
            pass
    from wordfreq import top_n_list as wordfreq_top

    return wordfreq_top("en", n)


VOWELS = set("aeiouy")
INFLECTIONS = ("ing", "ed", "er", "est")
# Derivational suffixes: the stem must not itself be a participle, so that
# "approvedly" is not taken for approved + -ly.
DERIVATIONS = ("ly", "ness", "ment", "less", "ful", "ish", "ism", "ist", "ize", "ise",
               "ization", "isation", "able", "ible", "ity", "ation", "al", "ally")
PREFIXES = ("un", "non", "re", "pre", "anti", "over", "under", "mis", "co", "de", "post",
            "counter", "contra", "sub", "inter", "multi", "semi", "self", "hyper", "super",
            "micro", "macro", "mega", "ultra", "neo", "pseudo", "proto", "cyber", "out", "dis", "in", "im")


def base_forms(word: str) -> list[str]:
    """Stems that `word` is a regular inflection or derivation of, by
    stripping one suffix or prefix with English spelling rules (stopped ->
    stop, making -> make, happily -> happy, tried -> try, unblock -> block).
    Candidates only: the caller decides which of them are words."""
    w = word.lower()
    out: list[str] = []

    def add(*stems):
        out.extend(s for s in stems if len(s) >= 3)

    def add_stem(stem):
        add(stem, stem + "e")
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            add(stem[:-1])  # stopped -> stop
        if stem.endswith("i"):
            add(stem[:-1] + "y")  # tried -> try, happily -> happy
        if stem.endswith("abil") or stem.endswith("ibil"):
            add(stem[:-2] + "le")  # implausibility -> implausible

    for suffix in INFLECTIONS:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            add_stem(w[: -len(suffix)])
    if w.endswith("ies"):
        add(w[:-3] + "y")
    elif w.endswith("es"):
        add(w[:-2], w[:-1])
    elif w.endswith("s") and not w.endswith("ss"):
        add(w[:-1])
    for suffix in DERIVATIONS:
        if w.endswith(suffix) and len(w) > len(suffix) + 3:
            stem = w[: -len(suffix)]
            if not stem.endswith(("ed", "ing")):
                add_stem(stem)
                if suffix == "ly":
                    add(stem + "le")  # gently -> gentle
    for prefix in PREFIXES:
        if w.startswith(prefix) and len(w) > len(prefix) + 3:
            add(w[len(prefix):])
    if "is" in w[-7:]:
        add(w[:-7] + w[-7:].replace("is", "iz"))  # British -ise spellings
    return list(dict.fromkeys(out))


STEM_ZIPF = 1.5  # a stem must be at least this common, so junk entries do not spread


@lru_cache(maxsize=WORD_CACHE)
def is_known(word: str, min_zipf: float = 1.0, depth: int = 3) -> bool:
    """True if wordfreq lists the word (at min_zipf or above) or if it is a
    regular form of a known word, up to `depth` affixes away
    (unblockables -> unblockable -> unblock)."""
    if zipf(word) >= min_zipf:
        return True
    if depth == 0:
        return False
    floor = max(min_zipf, STEM_ZIPF)
    return any(zipf(stem) >= floor or is_known(stem, floor, depth - 1) for stem in base_forms(word))


# Combining forms that make new words from any word (teleclasses,
# nanoinfluencers, electromobility, upsample), beyond the PREFIXES above.
COMBINING_FORMS = (
    "tele", "nano", "electro", "up", "down", "bio", "eco", "geo", "agro", "aero", "astro", "auto",
    "cardio", "chrono", "crypto", "endo", "exo", "ethno", "euro", "giga", "hydro", "info", "kilo",
    "maxi", "meta", "mini", "neuro", "omni", "para", "petro", "photo", "poly", "psycho", "quasi",
    "retro", "robo", "socio", "techno", "tera", "thermo", "trans", "tri", "uni", "video", "cross",
    "mono", "multi", "hyper", "super", "micro", "macro", "mega", "ultra", "cyber", "over", "under",
    "counter", "inter", "intra", "extra", "semi", "post", "pre", "pro", "anti", "non", "sub",
    "phyto", "patho", "gastro", "immuno", "onco", "osteo", "ortho", "paleo", "pharmaco", "radio",
    "stereo", "xeno", "agri", "aqua", "pluri", "hemo", "haemo", "cyto", "pseudo", "proto", "neo",
)
PREFIXED_MIN_REST = 4    # letters after the combining form
PREFIXED_REST_ZIPF = 1.5
PART_MIN_LEFT = 3        # a compound's first part ("ear" in earhooks)
PART_MIN_RIGHT = 4
PART_ZIPF = 3.0          # both parts must be common words (or regular forms of them)...
SHORT_PART_ZIPF = {3: 4.0, 4: 3.5}  # ...short ones more so: wordfreq lists many short names
LEFT_MAX_ZIPF = 5.5      # function words (his, any, where, four) do not start compounds
LEFT_READING_ZIPF = 2.0  # a word this common at the start claims the letters first


@lru_cache(maxsize=PART_CACHE)
def prefixed_form(word: str) -> str | None:
    """The combining form when `word` is one glued to a known word
    (teleclasses -> 'tele'), else None."""
    w = word.lower()
    for form in sorted(COMBINING_FORMS, key=len, reverse=True):
        rest = w[len(form):]
        if w.startswith(form) and len(rest) >= PREFIXED_MIN_REST and is_known(rest, PREFIXED_REST_ZIPF):
            return form
    return None


@lru_cache(maxsize=PART_CACHE)
def compound_split(word: str) -> tuple[str, str] | None:
    """(first, second) when `word` reads as two common words written as
    one (earhooks -> ear + hooks), else None.

    The split is taken where the longest dictionary word that begins the
    word ends (maximal munch), and the rest must be a common word too: so
    'rearmail' is rearm + 'ail', not rear + mail, and is not a compound —
    a garble that starts with a real word is not explained by a second
    word that happens to follow it. A first part ending like an
    inflection (-ed, -ing, -s) or a function word is no compound modifier."""
    if len(word) > MAX_SUGGEST_LENGTH:  # no two words are that long; every cut would be looked up
        return None
    w = word.lower()
    for cut in range(len(w) - 1, PART_MIN_LEFT - 1, -1):
        left = w[:cut]
        if zipf(left) < LEFT_READING_ZIPF:
            continue
        right = w[cut:]
        if len(right) < PART_MIN_RIGHT or not common_part(left) or zipf(left) > LEFT_MAX_ZIPF or left.endswith(("ed", "ing", "s")):
            return None
        return (left, right) if common_part(right) else None
    return None


def common_part(part: str) -> bool:
    floor = SHORT_PART_ZIPF.get(len(part), PART_ZIPF)
    return zipf(part) >= floor or (len(part) > 4 and is_known(part, floor))
