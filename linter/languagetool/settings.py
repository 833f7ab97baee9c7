"""The `languagetool:` section of the configuration: parsed, validated, and
turned into the form fields of a /v2/check request."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import CATEGORIES, SEVERITIES, LintError

if TYPE_CHECKING:
    from .client import LTMatch
    from .news import MatchFilter

AUTO = "auto"

@dataclass(frozen=True)
class Settings:
    """The `languagetool:` section of the configuration, validated."""

    server: str | None = None
    language: str = "en-US"
    mother_tongue: str | None = None
    required: bool = False
    enabled: bool = False
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False
    timeout: float = 60.0  # a real LanguageTool on a busy 2-core machine took over 20 s for a 10,000-character request
    retries: int = 2
    concurrency: int = 4
    max_chunk_chars: int = 10000
    severity: dict = field(default_factory=dict)  # lower-cased rule id / category id / issue type -> severity
    category: dict = field(default_factory=dict)  # same keys -> artlint category
    news_defaults: bool = True  # news.yaml's switched-off rules and spelling filter
    match_filter: "MatchFilter | None" = None  # news defaults' matches to drop

    @property
    def auto(self) -> bool:
        """`server: auto`: start a local LanguageTool for the run."""
        return self.server == AUTO

    def form(self, text: str) -> dict[str, str]:
        """The form fields of one /v2/check request."""
        fields = {"text": text, "language": self.language}
        optional = {
            "motherTongue": self.mother_tongue,
            "enabledRules": ",".join(self.enabled_rules),
            "disabledRules": ",".join(self.disabled_rules),
            "enabledCategories": ",".join(self.enabled_categories),
            "disabledCategories": ",".join(self.disabled_categories),
            "enabledOnly": "true" if self.enabled_only else "",
            "level": "picky" if self.picky else "",
        }
        fields.update({k: v for k, v in optional.items() if v})
        return fields

    def lookup(self, table: dict, match: "LTMatch", default: str) -> str:
        """The most specific entry for a match: rule id, then LanguageTool
        category id, then issue type."""
        for key in (match.rule_id, match.category_id, match.issue_type):
            if key and key.lower() in table:
                return table[key.lower()]
        return default


def parse_settings(raw, where: str) -> Settings:
    """Settings from the configuration mapping; LintError names the bad key."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise LintError(f"{where}: languagetool: must be a mapping of settings")
    values = {}
    for key, value in raw.items():
        parse = PARSERS.get(key)
        if parse is None:
            known = ", ".join(sorted(PARSERS))
            raise LintError(f"{where}: languagetool.{key}: unknown setting (known: {known})")
        try:
            values[key] = parse(value)
        except ValueError as exc:
            raise LintError(f"{where}: languagetool.{key}: {exc}") from None
    settings = with_news_defaults(Settings(**values))
    if settings.enabled_only and not (settings.enabled_rules or settings.enabled_categories):
        raise LintError(f"{where}: languagetool.enabled_only: needs enabled_rules or enabled_categories")
    if settings.enabled_only and (settings.disabled_rules or settings.disabled_categories):
        raise LintError(f"{where}: languagetool.enabled_only: LanguageTool refuses disabled_rules or "
                        "disabled_categories with it")
    return settings


def with_news_defaults(settings: Settings) -> Settings:
    """The shipped news defaults added to the user's switches; a rule or
    category the user enables stays on."""
    if not settings.news_defaults or settings.enabled_only:  # LanguageTool refuses disabled rules with enabledOnly
        return settings
    from .news import news_defaults

    news = news_defaults()
    enabled = set(settings.enabled_rules) | set(settings.enabled_categories)
    rules = [r for r in news.disabled_rules if r not in enabled and r not in settings.disabled_rules]
    categories = [c for c in news.disabled_categories if c not in enabled and c not in settings.disabled_categories]
    return replace(settings, disabled_rules=settings.disabled_rules + tuple(rules),
                   disabled_categories=settings.disabled_categories + tuple(categories),
                   match_filter=news.matches)


def _url(value) -> str | None:
    if value in (None, ""):
        return None
    if value == AUTO:
        return AUTO
    if not isinstance(value, str) or not re.match(r"https?://[^/\s]+", value):
        raise ValueError(f"{value!r} is not an http:// or https:// URL or 'auto'")
    return value


def _language(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*|auto", value):
        raise ValueError(f"{value!r} is not a language code such as en-US")
    return value


def _optional_language(value) -> str | None:
    return None if value is None else _language(value)


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _ids(value) -> tuple[str, ...]:
    """A list of LanguageTool ids, or one comma-separated string."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and re.fullmatch(r"\s*[\w.:-]+\s*", i) for i in items):
        raise ValueError(f"{value!r} is not a list of rule or category ids")
    return tuple(i.strip() for i in items)


def _positive(kind, low):
    """A parser of numbers of `kind` (int or float) no lower than `low`."""
    accepted = (int,) if kind is int else (int, float)

    def parse(value):
        if isinstance(value, bool) or not isinstance(value, accepted) or value < low:
            noun = "a whole number" if kind is int else "a number"
            raise ValueError(f"{value!r} is not {noun} >= {low}")
        return kind(value)
    return parse


def _table(allowed, noun):
    def parse(value):
        if not isinstance(value, dict):
            raise ValueError("must map LanguageTool rule ids, categories or issue types to a " + noun)
        for key, target in value.items():
            if target not in allowed:
                raise ValueError(f"{key}: {target!r} is not a {noun} ({', '.join(allowed)})")
        return {str(k).lower(): v for k, v in value.items()}
    return parse


PARSERS = {
    "server": _url,  # or "auto"
    "news_defaults": _bool,
    "language": _language,
    "mother_tongue": _optional_language,
    "required": _bool,
    "enabled": _bool,  # run with a local install even when no server is set
    "enabled_rules": _ids,
    "disabled_rules": _ids,
    "enabled_categories": _ids,
    "disabled_categories": _ids,
    "enabled_only": _bool,
    "picky": _bool,
    "timeout": _positive(float, 0.01),
    "retries": _positive(int, 0),
    "concurrency": _positive(int, 1),
    "max_chunk_chars": _positive(int, 200),
    "severity": _table(SEVERITIES, "severity"),
    "category": _table(CATEGORIES, "category"),
}
