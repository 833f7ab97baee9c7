"""Compiling the phrase lists and regexes that rule files carry."""
from __future__ import annotations

import re

from .model import LintError

REGEX_TIMEOUT = 1.0  # seconds one search of a rule's regex may take on one block


class RegexTimeout(LintError):
    """A rule's regex ran past REGEX_TIMEOUT (catastrophic backtracking)."""


class UserRegex:
    """A regex from a rule file or the configuration, run by the `regex`
    package with a timeout: a pattern such as `(a|aa)+$` that backtracks
    without end on some text raises RegexTimeout instead of hanging the run.
    It offers the methods of re.Pattern the checks use."""

    def __init__(self, source: str, flags: int = 0):
        import regex

        self.source = source
        try:
            self.compiled = regex.compile(source, flags)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise re.error(str(exc)) from None

    def call(self, method: str, *args):
        try:
            return getattr(self.compiled, method)(*args, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            raise RegexTimeout(f"regex {self.source[:200]!r} took over {REGEX_TIMEOUT:g} s on one block "
                               "(nested repetition such as (a|aa)+ backtracks without end); the rule is stopped") from None

    def finditer(self, text: str, *args):
        try:
            yield from self.call("finditer", text, *args)
        except TimeoutError:  # raised while iterating
            raise RegexTimeout(f"regex {self.source[:200]!r} took over {REGEX_TIMEOUT:g} s on one block; "
                               "the rule is stopped") from None

    def search(self, text: str, *args):
        return self.call("search", text, *args)

    def match(self, text: str, *args):
        return self.call("match", text, *args)

    def fullmatch(self, text: str, *args):
        return self.call("fullmatch", text, *args)

    @property
    def pattern(self) -> str:
        return self.source


def user_regex(source: str, flags: int = 0, where: str = "") -> UserRegex:
    """The one way a regex written by a rule's author is compiled (existence,
    substitution, boilerplate): checked now, so a bad one fails when the rule
    loads (ValueError naming it), and run with a timeout."""
    try:
        re.compile(source, flags)  # Python's syntax is the documented one
        return UserRegex(source, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise ValueError(f"{where}regex {source[:200]!r}: {exc}") from None


def phrase_regex(phrase: str) -> str:
    """A literal phrase, any run of white space between its words, bounded
    by word edges where it starts or ends with a word character."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    left = r"(?<![\w-])" if re.match(r"\w", phrase) else ""
    right = r"(?![\w-])" if re.search(r"\w$", phrase) else ""
    return f"{left}{body}{right}"


def compile_alternatives(phrases=(), regexes=(), ignorecase=True, where=""):
    """One regex matching any of the phrases or regexes; None if there are none.
    A bad regex raises ValueError naming it. With regexes in it, it is a
    UserRegex (run with a timeout)."""
    parts = [phrase_regex(p) for p in phrases]
    for pattern in regexes:
        user_regex(pattern, 0, where)
        parts.append(f"(?:{pattern})")
    if not parts:
        return None
    flags = re.IGNORECASE if ignorecase else 0
    if regexes:
        return user_regex("|".join(parts), flags, where)
    return re.compile("|".join(parts), flags)


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def match_case(template: str, replacement: str) -> str:
    """The replacement written in the case of what it replaces."""
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    if template.islower():
        return replacement.lower()
    return replacement


def trie_regex(words, special: dict[str, str] | None = None) -> str:
    """One regex for many literal strings, shaped as a trie so that the
    regex engine does not try every alternative at every position (a few
    thousand names in a plain alternation are slow). Like an alternation
    sorted longest first, it prefers the longest string at each position.
    `special` gives the regex of a character (e.g. a space for any blank)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends_here = "" in node
        branches = [(special or {}).get(char, re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return pattern(trie)


def needed_words(phrase: str, ignorecase: bool) -> frozenset[str]:
    """The word runs (\\w+) a match of phrase_regex(phrase) (or of another
    regex of the escaped phrase whose ends are word edges) must hold as
    whole runs: a block without them cannot match (analyses.BlockWords).
    Lower-cased with ignorecase; empty (no prefilter) when a word holds a
    character that re.IGNORECASE folds unlike str.lower."""
    from .analyses import odd_case_chars

    if ignorecase and not (odd_case_chars().isdisjoint(phrase) and odd_case_chars().isdisjoint(phrase.lower())):
        return frozenset()
    return frozenset(re.findall(r"\w+", phrase.lower() if ignorecase else phrase))
