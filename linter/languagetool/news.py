"""The shipped LanguageTool defaults for news copy (`news.yaml`): rules and
categories switched off, and the spelling matches that are names or another
variety's spelling rather than typos."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..yamlutil import load_yaml

HELD_SHIFT = re.compile(r"[A-Z]{2}[a-z]+")
# British -> American spellings, as (pattern, replacement) on the lower-cased word
VARIANTS = [
    (r"our(?=s?$|ed$|ing$|ite|able|ful|less|er)", "or"),  # colour, honoured, favourite
    (r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1"),  # realise, organisation, organiser
    (r"ys(e|ed|es|ing)$", r"yz\1"),  # analyse
    (r"tre(s?)$", r"ter\1"),  # centre
    (r"ence(s?)$", r"ense\1"),  # defence
    (r"ogue(s?)$", r"og\1"),  # catalogue
    (r"ll(ed|ing|er|ers)$", r"l\1"),  # travelled
    (r"gement", "gment"),  # judgement
    (r"ae", "e"), (r"oe", "e"),  # paediatric, manoeuvre
    (r"^sceptic", "skeptic"),
]


@dataclass(frozen=True)
class SpellingFilter:
    rule_prefix: str = "MORFOLOGIK_RULE_"
    skip_capitalised: bool = True
    keep_held_shift: bool = True
    skip_common_zipf: float | None = 3.5
    skip_other_variant_zipf: float | None = 3.0

    def drops(self, rule_id: str, word: str) -> bool:
        """True when a spelling match on `word` is not a typo worth reporting."""
        if not rule_id.startswith(self.rule_prefix) or not word:
            return False
        if self.keep_held_shift and HELD_SHIFT.fullmatch(word):
            return False
        if self.skip_capitalised and any(c.isupper() for c in word):
            return True
        return self.common(word) or self.other_variant(word)

    def common(self, word: str) -> bool:
        return self.skip_common_zipf is not None and zipf(word) >= self.skip_common_zipf

    def other_variant(self, word: str) -> bool:
        if self.skip_other_variant_zipf is None:
            return False
        lower = word.lower()
        for pattern, replacement in VARIANTS:
            other = re.sub(pattern, replacement, lower)
            if other != lower and zipf(other) >= self.skip_other_variant_zipf:
                return True
        return False


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loaded only when LanguageTool reports a spelling match

    return zipf_frequency(word, "en")


@dataclass(frozen=True)
class MatchFilter:
    """Matches dropped after LanguageTool answers: rules it cannot switch
    off by one id, and spelling matches that are not typos."""

    spelling: SpellingFilter
    dropped_rule_prefixes: tuple[str, ...] = ()

    def drops(self, rule_id: str, word: str) -> bool:
        return rule_id.startswith(self.dropped_rule_prefixes) or self.spelling.drops(rule_id, word)


@dataclass(frozen=True)
class NewsDefaults:
    disabled_rules: tuple[str, ...]
    disabled_categories: tuple[str, ...]
    matches: MatchFilter


@lru_cache(maxsize=1)
def news_defaults() -> NewsDefaults:
    data = load_yaml(resources.files(__package__).joinpath("news.yaml").read_text(encoding="utf-8"))
    return NewsDefaults(
        disabled_rules=tuple(data.get("disabled_rules") or ()),
        disabled_categories=tuple(data.get("disabled_categories") or ()),
        matches=MatchFilter(SpellingFilter(**(data.get("spelling") or {})),
                            tuple(data.get("dropped_rule_prefixes") or ())),
    )
