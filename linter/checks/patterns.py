"""Compiling the phrase lists and regexes that rule files carry."""
from __future__ import annotations

import re


def phrase_regex(phrase: str) -> str:
    """A literal phrase, any run of white space between its words, bounded
    by word edges where it starts or ends with a word character."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    left = r"(?<![\w-])" if re.match(r"\w", phrase) else ""
    right = r"(?![\w-])" if re.search(r"\w$", phrase) else ""
    return f"{left}{body}{right}"


def compile_alternatives(phrases=(), regexes=(), ignorecase=True, where="") -> re.Pattern | None:
    """One regex matching any of the phrases or regexes; None if there are none.
    A bad regex raises ValueError naming it."""
    parts = [phrase_regex(p) for p in phrases]
    for pattern in regexes:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{where}regex {pattern!r}: {exc}") from None
        parts.append(f"(?:{pattern})")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE if ignorecase else 0)


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
