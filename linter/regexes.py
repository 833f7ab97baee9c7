"""Compiling the phrase lists and regexes that rule files carry."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from .limits import ALARM
from .model import LintError

REGEX_TIMEOUT = 1.0  # seconds one search of a rule's regex may take on one block


class RegexTimeout(LintError):
    """A rule's regex ran past REGEX_TIMEOUT (catastrophic backtracking)."""


class UserRegex:
    """A regex from a rule file or the configuration, run by the `regex`
    package with a timeout: a pattern such as `(a|aa)+$` that backtracks
    without end on some text raises RegexTimeout instead of hanging the run.
    It offers the methods of re.Pattern the checks use."""

    def __init__(self, source: str, flags: int = 0, keep: bool = True):
        from .regexcache import compiled_user

        self.source = source
        try:
            self.compiled = compiled_user(source, flags, keep)  # regex.compile, from the user cache
        except (ValueError, OverflowError, RecursionError) as exc:
            raise re.error(str(exc)) from None
        except Exception as exc:  # regex.error: only a pattern compiled from its source raises it
            import regex

            if isinstance(exc, regex.error):
                raise re.error(str(exc)) from None
            raise

    def call(self, method: str, *args):
        try:
            if method != "finditer" and ALARM.guards():  # in a check's run, in the main thread: the time
                # budget's alarm times the search (finditer's work is done later, as it is iterated)
                return ALARM.guarded_search(getattr(self.compiled, method), args, REGEX_TIMEOUT)
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


def user_regex(source: str, flags: int = 0, where: str = "", keep: bool = True) -> UserRegex:
    """The one way a regex written by a rule's author is compiled (existence,
    substitution, boilerplate): checked now, so a bad one fails when the rule
    loads (ValueError naming it), and run with a timeout. keep False: only
    checked, so not kept in the user cache (linter.regexcache)."""
    from .regexcache import compiled

    try:
        compiled(source, flags, keep)  # Python's syntax is the documented one (re.compile, from the user cache)
        return UserRegex(source, flags, keep)
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


# ---- big generated regexes, compiled once per machine ---------------------
# Python compiles a regex in Python code (re._parser, re._compiler): the
# alternations built from the knowledge base (every title, every name) take
# a tenth of a second or more each, on every run. The compiled form is a
# list of integers; it is kept as JSON in the user cache, keyed by the
# pattern and the Python build, and handed back to the C engine, which
# validates it (_sre.compile checks the code it is given). Anything
# unexpected (another Python, a damaged file, a private API that moved)
# falls back to re.compile.

CACHED_MIN_LENGTH = 2000  # shorter patterns compile faster than a file is read


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), from the user cache when it is there."""
    if len(pattern) < CACHED_MIN_LENGTH:
        return re.compile(pattern, flags)
    from .cache import cache_file

    key = regex_key(pattern, flags)
    where = cache_file(f"regex-{key[:32]}.json") if key else None
    compiled = read_compiled(where, key, pattern, flags) if where else None
    if compiled is not None:
        return compiled
    try:
        compiled, state = compile_with_state(pattern, flags)
    except Exception:  # noqa: BLE001 - the private compiler API moved: no cache
        return re.compile(pattern, flags)
    if where:
        from .cache import write_json

        write_json(where, key, state)
    return compiled


def regex_key(pattern: str, flags: int) -> str | None:
    import sys

    from .cache import sha256

    try:
        import _sre

        build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.byteorder}|{CODE_FORMAT}"
    except (ImportError, AttributeError):
        return None
    return sha256(f"{build}|{flags}|{pattern}".encode("utf-8", "surrogatepass")).hexdigest()


def compile_with_state(pattern: str, flags: int):
    """What re.compile does (re._compiler.compile), keeping the arguments
    of the final _sre.compile call as plain data."""
    from re import _compiler, _parser

    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    state = {"flags": flags | tree.state.flags, "code": packed_code(code), "groups": tree.state.groups - 1,
             "groupindex": groupindex, "indexgroup": indexgroup}
    return from_state(pattern, state), state


# The code list goes into the file as base64 of its machine words: decoding
# one string is several times faster than JSON's reading of a long list of
# numbers (a title index holds ~100,000 of them).
CODE_FORMAT = "b64"


def packed_code(code) -> str | list:
    import _sre
    from array import array
    from base64 import b64encode

    words = array("I")
    if words.itemsize != _sre.CODESIZE:
        return list(code)
    words.extend(code)
    return b64encode(words.tobytes()).decode("ascii")


def unpacked_code(code) -> list:
    from array import array
    from base64 import b64decode

    if not isinstance(code, str):
        return code
    words = array("I")
    words.frombytes(b64decode(code, validate=True))
    return words.tolist()


def from_state(pattern: str, state: dict) -> re.Pattern:
    import _sre

    return _sre.compile(pattern, state["flags"], unpacked_code(state["code"]), state["groups"],
                        state["groupindex"], tuple(state["indexgroup"]))


def read_compiled(where, key: str, pattern: str, flags: int) -> re.Pattern | None:
    from .cache import read_json

    state = read_json(where, key)
    if not isinstance(state, dict):
        return None
    try:
        compiled = from_state(pattern, state)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: the engine refused the code
        return None
    return compiled if compiled.flags & flags == flags else None


# ---- a cheap test before a costly regex ----------------------------------
# Non-ASCII characters that a case-insensitive regex (re, or the regex
# module's default version) matches to an ASCII letter: folded to it before
# a literal test (tests/test_regex_cache.py checks the list against both).
ASCII_FOLDS = str.maketrans({"\u0131": "i", "\u0130": "i", "\u017f": "s", "\u212a": "k"})  # ı İ ſ, Kelvin sign


def folded(text: str) -> str:
    """text as required_literals' strings are tested against it."""
    return text.translate(ASCII_FOLDS).lower() if not text.isascii() else text.lower()


def required_literals(source: str, flags: int = 0) -> tuple[tuple[str, ...], ...] | None:
    """Groups of lower-case ASCII strings such that folded(text) holds a
    string of every group whenever the regex matches somewhere in text;
    None when no group is found. Read from Python's parse of the regex: each
    run of literal characters of the top-level sequence is a group, so are
    the alternations, groups and repeats of at least one there that require
    a set of strings themselves (an alternation: one of its branches' sets)."""
    try:
        from re import _constants as C, _parser

        tree = _parser.parse(source, flags)
    except Exception:  # noqa: BLE001 - a private API that moved: no test, the regex runs
        return None
    groups = []
    _required(tree, C, groups)
    groups = list(dict.fromkeys(tuple(sorted(g)) for g in groups))
    return tuple(groups) or None


def _required(items, C, every: list | None = None) -> set[str] | None:
    """The most telling set one of whose strings a match of the sequence
    holds (the one whose shortest string is longest); with `every`, each
    such set of the sequence is appended to it too."""
    best: set[str] | None = None

    def consider(candidate):
        nonlocal best
        if not candidate:
            return
        if every is not None:
            every.append(candidate)
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate

    run = []
    for op, av in list(items) + [(None, None)]:
        if op is C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is C.SUBPATTERN:
            consider(_required(av[-1], C))
        elif op is C.ATOMIC_GROUP:
            consider(_required(av, C))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2], C))
        elif op is C.BRANCH:
            branches = [_required(branch, C) for branch in av[1]]
            if all(branches):
                consider(set().union(*branches))
    return best


def required_prefixes(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """For a regex anchored at the start of the text (`^`, not multi-line):
    lower-case ASCII strings one of which folded(text) starts with whenever
    it matches; None otherwise."""
    try:
        from re import _constants as C, _parser

        tree = _parser.parse(source, flags)
    except Exception:  # noqa: BLE001 - a private API that moved: no test, the regex runs
        return None
    items = list(tree)
    if (tree.state.flags | flags) & re.MULTILINE or not items or items[0] != (C.AT, C.AT_BEGINNING) \
            and items[0] != (C.AT, C.AT_BEGINNING_STRING):
        return None
    found = _prefixes(items[1:], C)
    return tuple(sorted(found)) if found else None


def _prefixes(items, C) -> set[str] | None:
    """Strings one of which a match of the sequence starts with."""
    run = []
    for op, av in items:
        if op is C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            return {"".join(run)}
        if op is C.SUBPATTERN:
            return _prefixes(av[-1], C)
        if op is C.BRANCH:
            branches = [_prefixes(branch, C) for branch in av[1]]
            return set().union(*branches) if all(branches) else None
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _prefixes(av[2], C)
        return None
    return {"".join(run)} if run else None


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


# How common a character is in folded English text (higher: rarer), to pick
# the trigram of a literal that fewest texts hold. Only a choice of key: any
# trigram of a literal would be correct.
_COMMON = " etaoinsrhldcumfpgwybvkxjqz"


_WEIGHT = {c: n for n, c in enumerate(_COMMON)}


def _rarity(gram: str) -> int:
    return sum(_WEIGHT.get(c, len(_COMMON)) for c in gram)


@lru_cache(maxsize=4096)
def _key_gram(literal: str) -> str:
    """The rarest trigram of a literal (first one on ties): a sliding sum of
    its characters' weights, the max(grams, key=_rarity) of every trigram."""
    weights = [_WEIGHT.get(c, len(_COMMON)) for c in literal]
    best, at = -1, 0
    for i in range(len(literal) - 2):
        rarity = weights[i] + weights[i + 1] + weights[i + 2]
        if rarity > best:
            best, at = rarity, i
    return literal[at:at + 3]


# Looking for one key with `in` costs about (100 + len(text)) / 175 times
# making one trigram of the text (measured on the corpus' blocks: ~200 ns
# plus 2 ns a character, against ~350 ns a trigram): a gate with few keys
# looks for each key in a long text, and finds the same keys.
def _search_each_key(keys: int, length: int) -> bool:
    return keys * (100 + length) < 175 * length


class LiteralGate:
    """Many items' literal tests (required_prefixes, required_literals) at
    once: `passing(low)` gives, in order, exactly the items whose tests
    folded text `low` passes, without running every item's tests. Each
    distinct string is looked for once, and only when the text holds its
    rarest trigram (strings under three characters always). An item is
    tested only when the text starts with the first character of one of
    its prefixes, or else holds a string of its most telling group; the
    test is then one operation on bit sets (the groups the text satisfies).
    Callers still run the item's regex: the tests are a necessary condition.

    Building it looks at every string's trigrams, a few milliseconds of
    every run: a gate is kept in the user cache (linter.regexcache's
    sealed file) for its tests and this code, and read back from there
    (cached=False: built here)."""

    def __init__(self, tests, cached: bool = True):
        tests = tuple(tests)
        key = gate_key(tests) if cached else None
        if key:
            from .regexcache import keep, kept

            found = LiteralGate.from_data(kept(f"gate {key}"))
            if found is not None and len(found.starts) == len(tests):
                self.__dict__.update(found.__dict__)
                return
        self.build(tests)
        if key:
            keep(f"gate {key}", self.to_data())

    def build(self, tests) -> None:
        self.starts: list[tuple[str, ...] | None] = []
        self.required: list[int] = []  # item -> bits of the groups it needs
        self.always = 0  # bits of the items tested on every text
        self.by_first: dict[str, int] = {}  # a prefix's first character -> bits of items
        self.users: dict[str, int] = {}  # string -> bits of items whose most telling group holds it
        self.groups_of: dict[str, int] = {}  # string -> bits of the groups that hold it
        group_ids: dict[frozenset, int] = {}
        for item, (starts, needed) in enumerate(tests):
            bit = 1 << item
            starts = tuple(starts) if starts else None
            groups = [frozenset(g) for g in needed or ()]
            self.starts.append(starts)
            mask = 0
            for group in groups:
                gid = group_ids.setdefault(group, len(group_ids))
                mask |= 1 << gid
                for string in group:
                    self.groups_of[string] = self.groups_of.get(string, 0) | 1 << gid
            self.required.append(mask)
            if starts is not None and all(starts):
                for first in {s[0] for s in starts}:
                    self.by_first[first] = self.by_first.get(first, 0) | bit
            elif groups and starts is None:
                for string in max(groups, key=_telling):
                    self.users[string] = self.users.get(string, 0) | bit
            else:
                self.always |= bit
        strings = sorted(self.groups_of)
        self.short = tuple(s for s in strings if len(s) < 3)
        index: dict[str, list[str]] = {}
        for string in strings:
            if len(string) >= 3:
                index.setdefault(_key_gram(string), []).append(string)
        self.index = index
        self.keys = frozenset(index)

    FIELDS = ("starts", "required", "always", "by_first", "users", "groups_of", "short", "index")

    def to_data(self) -> dict:
        """The gate as plain data (from_data builds it again)."""
        data = {name: getattr(self, name) for name in self.FIELDS}
        data["starts"] = [list(s) if s is not None else None for s in self.starts]
        data["short"] = list(self.short)
        return data

    @classmethod
    def from_data(cls, data) -> "LiteralGate | None":
        """The gate to_data wrote; None for anything else."""
        if not isinstance(data, dict) or set(data) != set(cls.FIELDS):
            return None
        starts, required, index = data["starts"], data["required"], data["index"]
        tables = [data[name] for name in ("by_first", "users", "groups_of", "index")]
        if not (type(starts) is list and type(required) is list and len(required) == len(starts)
                and type(data["always"]) is int and type(data["short"]) is list and only(DICT, tables)):
            return None
        given = list(filter(None, starts))  # the starts neither None nor empty
        if not (only(LIST_OR_NONE, starts) and len(given) == len(starts) - starts.count(None)
                and only(STR, chain.from_iterable(given)) and only(INT, required) and only(STR, data["short"])
                and only(STR, chain.from_iterable(tables)) and only(INT, chain.from_iterable(t.values() for t in tables[:3]))
                and only(LIST, index.values()) and only(STR, chain.from_iterable(index.values()))):
            return None
        gate = object.__new__(cls)
        gate.__dict__.update(data)
        gate.starts = [tuple(s) if s is not None else None for s in starts]
        gate.short = tuple(data["short"])
        gate.keys = frozenset(index)
        return gate

    def present(self, low: str) -> list[str]:
        """The needed strings that low holds (in no particular order)."""
        found = [s for s in self.short if s in low]
        if _search_each_key(len(self.keys), len(low)):  # few keys, a long text: look for each key
            grams = [gram for gram in self.keys if gram in low]
        else:  # the keys among the text's trigrams
            grams = self.keys.intersection([low[i:i + 3] for i in range(len(low) - 2)])
        for gram in grams:
            found += [s for s in self.index[gram] if s in low]
        return found

    def passing(self, low: str) -> list[int]:
        satisfied, todo = 0, self.always | self.by_first.get(low[:1], 0)
        users, groups_of = self.users, self.groups_of
        for string in self.present(low):
            satisfied |= groups_of[string]
            todo |= users.get(string, 0)
        out = []
        while todo:
            bit = todo & -todo
            todo ^= bit
            item = bit.bit_length() - 1
            if self.required[item] & ~satisfied:
                continue  # a group none of whose strings the text holds
            starts = self.starts[item]
            if starts is not None and not low.startswith(starts):
                continue
            out.append(item)
        return out


# from_data's type checks, as sets of the types met (loops in C: a one-file
# run reads ~17,000 values of gates, which loops in Python took ~1.5 ms to check)
STR, INT, LIST, DICT, LIST_OR_NONE = {str}, {int}, {list}, {dict}, {list, type(None)}


def only(types: set, items) -> bool:
    """Whether every item's exact type is one of types (bool is not int)."""
    return set(map(type, items)) <= types


def gate_key(tests: tuple, code: str = __file__) -> str | None:
    """The user-cache key of a LiteralGate: its tests and the content of
    this code, not its path (None: tests that are no plain data, or this
    file unreadable). Every install of one version (a venv, pre-commit's
    own, a wheel built elsewhere) shares one bundle of patterns in the
    user cache, and reads every gate in it on every run: keyed by path,
    each install added its own copy of every gate (~470 kB for the
    default rules)."""
    import json

    from .cache import file_digest, sha256

    try:
        label = f"literal gate 2 {json.dumps(tests)}"
    except (TypeError, ValueError):
        return None
    found = file_digest(code)
    if found is None:
        return None
    _, size, digest = found
    return sha256(f"{label}\0{size}\0{digest}".encode()).hexdigest()


def _telling(group) -> int:
    """How rarely a text holds some string of the group (higher: rarer)."""
    return min(_rarity(_key_gram(s)) if len(s) >= 3 else -1 for s in group)
