"""`locale`: the translating outlet's locale left in an English text. One
detector a rule, chosen by `detect`, and fed by the rule's data lists:

    local-time       the clock of a place the story is not about: "(Hanoi time)"
                     `zones`: [{names, abbreviations, about}]
    quotation-marks  foreign quotation marks: „...“ «...» 「...」
                     `marks`: [[open, close], ...]
    number-format    1.000.000, 3,5 %, 19.05.2025, 19/5
                     `formats`: names from NUMBER_FORMATS; `units`: words that
                     mark a number as a quantity
    untranslated     source-language script or abbreviations left in the text
                     `scripts`: names from SCRIPTS; `abbreviations`: {abbr: meaning}
"""
from __future__ import annotations

import re

from .. import analyses
from ..regexes import needed_words
from .base import Check
from ..regexcache import compiled as compiled_re

DETECTORS = ("local-time", "quotation-marks", "number-format", "untranslated")

SCRIPTS = {
    "cyrillic": "\u0400-\u04ff", "arabic": "\u0600-\u06ff", "han": "\u4e00-\u9fff",
    "kana": "\u3040-\u30ff", "hangul": "\uac00-\ud7af", "thai": "\u0e00-\u0e7f",
    "devanagari": "\u0900-\u097f", "georgian": "\u10a0-\u10ff", "armenian": "\u0530-\u058f",
    "hebrew": "\u05d0-\u05ea", "sinhala": "\u0d80-\u0dff",
}

# {units} is replaced by the rule's words of quantity.
NUMBER_FORMATS = {
    # 36.658.166: dots between groups of thousands (continental Europe, Russia,
    # Turkey, Indonesia, Vietnam); an English reader sees a malformed decimal.
    "dot-thousands": r"(?<![\w.,])\d{1,3}(?:\.\d{3}){2,}(?![\w]|[.,]\d)",
    # 3.000 people: one dot group, made unambiguous by a word of quantity.
    "dot-thousands-quantity": r"(?<![\w.,])\d{1,3}\.\d{3}(?=\s+(?:{units})\b)",
    # 3,5 % / 2,7 million: a decimal comma (English 2,700 always has three digits).
    "decimal-comma": r"(?<![\w.,])\d+,\d{1,2}(?![\w]|[.,]\d)(?=\s?(?:%|(?:{units})\b))",
    # 19.05.2025: day.month.year.
    "dotted-date": r"(?<![\w.])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d\d(?![\w.]\d)",
    # 19/5, 19/05/2025: day first, unambiguous because the day is over 12.
    # Not 24/7, and not betting odds (14/1).
    "day-first-date": r"(?<![\w/.])(?!24/7\b)(?:1[3-9]|2\d|3[01])/(?:0?[2-9]|1[0-2])(?:/(?:19|20)?\d\d)?(?![\w/]|\.\d)",
}

# Every NUMBER_FORMATS pattern matches a digit, a separator and a digit
# (tests/test_prefilters.py checks this): a block without one is skipped.
DIGIT_SEPARATOR_DIGIT = re.compile(r"\d[.,/]\d")
IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)")
ENGLISH_QUOTES = "“”‘’\"'"

PLACE = {
    "type": "object",
    "properties": {
        "names": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "abbreviations": {"type": "array", "items": {"type": "string"}},
        "about": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "required": ["names", "about"],
    "additionalProperties": False,
}


class Locale(Check):
    kind = "locale"
    params = {
        "type": "object",
        "properties": {
            "detect": {"enum": list(DETECTORS)},
            "zones": {"type": "array", "items": PLACE, "minItems": 1},
            "marks": {"type": "array", "minItems": 1,
                      "items": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2, "maxItems": 2}},
            "formats": {"type": "array", "items": {"enum": list(NUMBER_FORMATS)}, "minItems": 1},
            "units": {"type": "array", "items": {"type": "string"}},
            "scripts": {"type": "array", "items": {"enum": list(SCRIPTS)}},
            "abbreviations": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    required = ("detect",)
    analyses = ("words",)

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.detect = self.options["detect"]
        self.finder = getattr(self, "find_" + self.detect.replace("-", "_"))
        self.compile()

    def run(self, doc, nlp=None):
        for block in self.blocks(doc):
            for start, end, fields in self.finder(doc, block):
                yield self.finding(doc, block, start, end, **fields)

    def compile(self):
        opts = self.options
        if self.detect == "local-time":
            self.zones, self.zone_needs = [], []
            for zone in opts.get("zones", []):
                names = alternation(zone["names"])
                # compiled on first use: the prefilters below skip most zones in most stories
                named = LazyRegex(rf"\(\s*(?:{names})(?:\s+(?:standard|local))?\s+time\s*\)"
                                  rf"|\b(?:{names})(?:\s+(?:standard|local))?\s+time\b")
                abbrs = zone.get("abbreviations")
                abbreviated = LazyRegex(rf"\(?\b(?:{alternation(abbrs)})\b\)?") if abbrs else None
                about = LazyRegex(rf"\b(?:{alternation(zone['about'])})\b")
                self.zones.append((named, abbreviated, about, zone["names"][0]))
                # prefilters: the words some name (then "time") or some abbreviation needs
                self.zone_needs.append((analyses.WordNeeds([needed_words(f"{n} time", False) for n in zone["names"]], False),
                                        analyses.WordNeeds([needed_words(a, False) for a in abbrs or ()], False)))
        elif self.detect == "quotation-marks":
            self.marks = [(a, b) for a, b in opts.get("marks", [])]
        elif self.detect == "number-format":
            units = "|".join(map(re.escape, opts.get("units", ["per cent", "percent"])))
            self.formats = [(name, compiled_re(NUMBER_FORMATS[name].replace("{units}", units)))
                            for name in opts.get("formats", list(NUMBER_FORMATS))]
        elif self.detect == "untranslated":
            ranges = "".join(SCRIPTS[s] for s in opts.get("scripts", []))
            self.script = LazyRegex(rf"[{ranges}][{ranges}\w'’-]*(?:\s+[{ranges}][{ranges}\w'’-]*)*") if ranges else None
            self.script_ranges = [(ord(ranges[i]), ord(ranges[i + 2])) for i in range(0, len(ranges), 3)]
            abbrs = opts.get("abbreviations", {})
            self.abbreviations = abbrs
            self.abbr_re = compiled_re(rf"(?<![\w.])(?:{alternation(abbrs)})(?!\w)") if abbrs else None

    def find_local_time(self, doc, block):
        text = block.text
        words = analyses.words(doc, block)
        named_zones, abbreviated_zones = self.zone_index()
        with_name, with_abbr = set(named_zones.possible(words)), set(abbreviated_zones.possible(words))
        for n in sorted(with_name | with_abbr):
            named, abbreviated, about, place = self.zones[n]
            if n not in with_name:
                named = None
            if not abbreviated or n not in with_abbr:
                abbreviated = None
            for m in named.finditer(text) if named else ():
                if not m.group().startswith("(") and not self.after_clock_or_date(text[:m.start()]):
                    continue  # "Moscow time" as a noun phrase, not a time stamp
                if not self.mentioned_elsewhere(doc, about, block, m):
                    yield m.start(), m.end(), {"place": place}
            for m in abbreviated.finditer(text) if abbreviated else ():
                if self.after_clock_or_date(text[:m.start()]) and not self.mentioned_elsewhere(doc, about, block, m):
                    yield m.start(), m.end(), {"place": place}

    def zone_index(self):
        """NeedsIndex of the zones' name prefilters and of their abbreviation prefilters."""
        if getattr(self, "_zone_index", None) is None:
            self._zone_index = (analyses.NeedsIndex(n for n, _ in self.zone_needs),
                                analyses.NeedsIndex(a for _, a in self.zone_needs))
        return self._zone_index

    @staticmethod
    def after_clock_or_date(before: str) -> bool:
        """Whether a time-zone phrase follows a clock time or a date, as in
        '9 p.m. Hanoi time' or 'at 21:00 Beijing time on May 19'."""
        return bool(re.search(r"(?:\d|\b[ap]\.?m\.?|noon|midnight|,)\s*\(?$", before[-30:], re.I))

    @staticmethod
    def mentioned_elsewhere(doc, about, block, match) -> bool:
        """Whether the story names the place (or its country, or its people)
        anywhere outside this time stamp: then its clock is the story's own."""
        for other in doc.blocks:
            text = other.text
            if other is block:
                text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
            if about.search(text):
                return True
        return False

    def find_quotation_marks(self, doc, block):
        text, seen = block.text, set()
        for opening, closing in self.marks:
            i = text.find(opening)
            while i >= 0:
                close = text.find(closing, i + len(opening))
                end = close + len(closing) if 0 <= close - i <= 300 else i + len(opening)
                if not any(a <= i < b for a, b in seen):
                    seen.add((i, end))
                    yield i, end, {"marks": f"{opening} {closing}"}
                i = text.find(opening, end)
            # a closing mark that English never uses, with no opening mark
            if closing not in ENGLISH_QUOTES and opening not in text:
                j = text.find(closing)
                if j >= 0 and not any(a <= j < b for a, b in seen):
                    seen.add((j, j + len(closing)))
                    yield j, j + len(closing), {"marks": f"{opening} {closing}"}

    def find_number_format(self, doc, block):
        if not DIGIT_SEPARATOR_DIGIT.search(block.text):
            return
        for name, pattern in self.formats:
            for m in pattern.finditer(block.text):
                if not IPV4.fullmatch(m.group()):
                    yield m.start(), m.end(), {"format": name.replace("-", " ")}

    def find_untranslated(self, doc, block):
        text = block.text
        if self.script and self.has_script_character(text):
            for m in self.script.finditer(text):
                if not inside_parentheses(text, m.start()):
                    yield m.start(), m.end(), {"meaning": "", "what": "text in a foreign script"}
        if self.abbr_re:
            for m in self.abbr_re.finditer(text):
                meaning = self.abbreviations[m.group()]
                yield m.start(), m.end(), {"meaning": meaning, "what": f"untranslated abbreviation ({meaning})",
                                           "suggestions": [meaning]}


    def has_script_character(self, text: str) -> bool:
        """Whether a character of the scripts is in text (where a match of
        self.script must start): a set of characters is cheaper to test
        than the regex is to compile."""
        if text.isascii():
            return False
        return any(lo <= ord(c) <= hi for c in set(text) if c > "\x7f" for lo, hi in self.script_ranges)


class LazyRegex:
    """re.compile(source), done on the first search."""

    def __init__(self, source: str):
        self.source = source
        self._compiled = None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = compiled_re(self.source)
        return self._compiled

    def finditer(self, text: str):
        return self.compiled.finditer(text)

    def search(self, text: str):
        return self.compiled.search(text)


def inside_parentheses(text: str, i: int) -> bool:
    """A gloss such as 'Kyiv (Київ)' is deliberate."""
    return text.rfind("(", 0, i) > text.rfind(")", 0, i)


def alternation(words) -> str:
    """A regex alternative of the words, longest first."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
