"""`boilerplate`: site template text left in an article (newsletter prompts,
share buttons, author boxes, related-story lists, photo credits...).

A block is judged by its wording (each rule's `patterns`) and by its place
on the page. Template text clusters before the story and after its end, so
the page is first split into its *body* — the longest stretch of
sentence-like paragraphs, allowing a few short lines (subheads, captions)
between them — and what lies outside it:

- a wording match outside the body is reported at the rule's severity;
  inside the body, where such wording is more often part of the story, one
  level lower (rules with `where: edges` do not look inside the body at all);
- a `list: true` rule's match heads a list (“Related stories”, “Most read”):
  the short lines that follow it are reported too;
- a `layout: true` rule reports, without any wording, the lines outside the
  body, save a headline-like first line, and the short lines that recur on
  other pages of the same site checked in the same run (a site's template
  repeats; its stories do not), and, in HTML, short blocks that are nearly
  all link text (menus, link lists).

All boilerplate rules of one run share one analysis of each document: the
body is found once, each block is given to at most one rule (the most severe
match), and the layout rule leaves to the wording rules what they report.
The analysis is built from the run's rules (`context.rules`, given by the
engine), kept in the document's cache; no check reads another's state.
"""
from __future__ import annotations

import bisect
import json
import re
import sys
from ..records import record, replace
from functools import lru_cache

from ..document import Block, Document
from ..model import SEVERITIES, LintError
from ..regexes import folded
from .base import Check
from ..regexcache import compiled as compiled_re

PROSE_MIN_WORDS = 15  # a body paragraph has at least this many words...
BODY_MAX_GAP = 1      # ...and at most this many other lines come between two of them
RUN_MIN_BLOCKS = 2    # a run of this many paragraphs is part of the story wherever it is
LIST_HEADER_WORDS = 6  # a list header ("Most read") is short
HEADLINE_WORDS = (4, 25)  # a first line of this many words, unpunctuated, may be the title
REPEAT_MAX_WORDS = 12  # a line repeated across pages is template when this short...
REPEAT_MIN_PAGES = 2  # ...and found on this many pages of one site
REPEATED = "boilerplate_repeated"  # doc.cache key: {block index: pages the line is on}
LINK_DENSITY = 0.8  # in HTML, a short block whose text is this much link text is a menu or a link list...
LINK_MAX_WORDS = 20  # ...when it has at most this many words and is no sentence

# Not lexicon.WORD on purpose: the word counts that the thresholds here
# (LINK_MAX_WORDS...) are set in split hyphenated words in two.
COUNTED_WORD = compiled_re(r"[^\W_]+(?:['’][^\W_]+)*")
# Lines that belong to the story though they are no sentences: a wire
# sign-off, and the attribution line of a post the story quotes.
STORY_FURNITURE = compiled_re(
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\b|\bcontributed reporting\b"
    r"|^[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}, \d{4}\W*$",
    re.IGNORECASE)
# Not a sentence splitter: does a whole line end as a sentence would (a colon counts)?
ENDS_LIKE_SENTENCE = compiled_re(r"[.!?…:][\"'”’)\]]*$")
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}


@lru_cache(maxsize=1024)  # one document's blocks: the analysis counts each several times
def word_count(text: str) -> int:
    return len(COUNTED_WORD.findall(text))


def sentence_like(text: str) -> bool:
    return bool(ENDS_LIKE_SENTENCE.search(text)) and not text[:1].islower()


@record
class Layout:
    """One document as the boilerplate rules see it."""

    body: tuple[int, int] | None  # first and last block index of the body
    owner: dict[int, tuple[str, str]]  # block index -> (rule id, matched cue)

    def outside(self, index: int) -> bool:
        return self.body is None or not (self.body[0] <= index <= self.body[1])


@record(frozen=True)
class Family:
    """One boilerplate rule's parameters, compiled: what the shared analysis
    needs of each rule of the run."""

    rule_id: str
    severity: str
    regex: "Wording | None"
    max_words: int
    edges_only: bool
    heads_list: bool
    layout: bool

    def cue(self, text: str, low: str | None = None, among=None) -> str | None:
        """The wording that marks text as this family's template, if any
        (low, among: as Wording.search takes them)."""
        if self.regex is None or word_count(text) > self.max_words:
            return None
        m = self.regex.search(text, low, among)
        return m.group(0).strip() if m else None


def family_of(rule) -> Family:
    return _family(rule.id, rule.path, rule.severity, json.dumps(rule.params, sort_keys=True, default=str))


@lru_cache(maxsize=512)
def _family(rule_id: str, path: str, severity: str, params_json: str) -> Family:
    params = json.loads(params_json)
    layout = bool(params.get("layout"))
    patterns = params.get("patterns", ())
    if not patterns and not layout:
        raise LintError(f"{path}: a boilerplate rule needs 'patterns' or 'layout: true'")
    return Family(rule_id, severity, compile_patterns(path, patterns), params.get("max_words", 40),
                  params.get("where", "anywhere") == "edges", bool(params.get("list")), layout)


class Boilerplate(Check):
    kind = "boilerplate"
    params = {"properties": {
        "patterns": STRINGS,  # regexes (case-insensitive) for the family's wording
        "max_words": {"type": "integer", "minimum": 1},  # longer blocks are prose, never template
        "where": {"enum": ["anywhere", "edges"]},  # edges: only outside the article body
        "list": {"type": "boolean"},  # a match heads a list of links: report its items too
        "layout": {"type": "boolean"},  # report template lines by position and shape alone
    }}

    def __init__(self, rule, context):
        super().__init__(rule, context)
        self.family = family_of(rule)  # a bad rule fails when it is loaded

    @property
    def layout(self) -> bool:
        return self.family.layout

    def run(self, doc: Document, nlp=None):
        layout = self.layout_of(doc)
        mine = [i for i, owner in layout.owner.items() if owner[0] == self.rule.id]
        if not mine:
            return
        kinds = self.options.get("scope")
        for i in sorted(mine):
            block, owner = doc.blocks[i], layout.owner[i]
            if kinds and block.kind not in kinds:
                continue
            finding = self.finding(doc, block, 0, len(block.text), cue=owner[1] or block.text[:60])
            if not layout.outside(i) and not self.layout:
                finding = lowered(finding)
            yield finding

    def families(self) -> tuple[Family, ...]:
        """The boilerplate rules of this run (the engine's selection), this one included."""
        selected = getattr(self.context, "rules", ()) or ()
        memo = getattr(self, "_families", None)
        if memo is not None and memo[0] is selected and memo[1] == len(selected):
            return memo[2]  # the engine's list, held so that its id is not reused
        rules = [r for r in selected if r.check == self.kind]
        found = tuple(family_of(r) for r in rules)
        found = found if self.family in found else (*found, self.family)
        self._families = (selected, len(selected), found)
        return found

    def prepare(self, docs: list[Document]) -> None:
        """Lines repeated across the pages of one site checked together,
        found once per batch and kept in each document's cache."""
        if docs and all(REPEATED in d.cache for d in docs):
            return
        for doc, repeats in zip(docs, repeated_lines(docs)):
            doc.cache[REPEATED] = repeats

    def layout_of(self, doc: Document) -> "Layout":
        """One analysis a document and rule set, in the document's cache:
        each block goes to the one family whose wording fits it best."""
        families = self.families()
        ids = tuple(f.rule_id for f in families)
        key = ("boilerplate", ids)
        if key not in doc.cache:
            cue_key = ("boilerplate_cues", ids)  # the wording matches; no tuned constant changes them
            if cue_key not in doc.cache:
                doc.cache[cue_key] = wording_cues(doc.blocks, families)
            shape = dict(doc.cache.get(REPEATED, {}))
            shape.update({i: 0 for i in link_dense(doc) if i not in shape})
            extracted = doc.metadata.get("page") == "article body"  # page mode: the template is already cut away
            doc.cache[key] = analyse(doc.blocks, families, list(doc.cache[cue_key]), shape, by_layout=not extracted)
        return doc.cache[key]


def lowered(finding):
    """The finding one severity level lower (wording inside the body)."""
    rank = max(SEVERITIES.index(finding.severity) - 1, 0)
    return replace(finding, severity=SEVERITIES[rank])


def compile_patterns(path: str, patterns) -> "Wording | None":
    if not patterns:
        return None
    return Wording(tuple(patterns), checked_literals(path, tuple(patterns)))


def validate_patterns(path: str, patterns) -> None:
    """Each pattern, then all of them as one regex, as the rule's author
    wrote them; a bad one raises LintError (or ValueError) naming it."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise LintError(f"{path}: field 'patterns': bad regex {pattern!r}: {exc}") from None
    from ..regexes import user_regex

    user_regex("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE, keep=False)  # checked, not kept


def checked_literals(path: str, patterns: tuple[str, ...]) -> tuple:
    """validate_patterns, then each pattern's (required_prefixes,
    required_literals): kept in the user cache with the run's compiled
    patterns (linter.regexcache) for these patterns (and this Python,
    regex module and code), so that a run whose rules passed before does
    no regex work until a text could match."""
    from .. import regexes
    from ..cache import sha256
    from ..regexcache import keep, kept

    stamp = code_stamp()
    key = sha256(f"{stamp} {json.dumps(patterns)}".encode()).hexdigest() if stamp else None
    found = kept(f"wording {key}") if key else None
    if isinstance(found, list) and len(found) == len(patterns) and all(
            isinstance(item, list) and len(item) == 2 and strings_or_none(item[0])
            and (item[1] is None or isinstance(item[1], list) and item[1] and all(strings_or_none(g) and g for g in item[1]))
            for item in found):
        return tuple((tuple(a) if a else None, tuple(tuple(g) for g in b) if b else None) for a, b in found)
    validate_patterns(path, patterns)
    tests = tuple((regexes.required_prefixes(p, re.IGNORECASE), regexes.required_literals(p, re.IGNORECASE))
                  for p in patterns)
    if key:
        keep(f"wording {key}", [[list(a) if a else None, [list(g) for g in b] if b else None] for a, b in tests])
    return tests


def strings_or_none(value) -> bool:
    return value is None or (isinstance(value, list) and bool(value) and all(isinstance(s, str) and s for s in value))


@lru_cache(maxsize=1)
def code_stamp() -> str | None:
    """What the cached checks of patterns depend on besides the patterns:
    this code, the Python and regex module that validated them."""
    from .. import regexes
    from ..cache import content_key

    return content_key(f"boilerplate {sys.version} {regex_module_stamp()}", [__file__, regexes.__file__])


def regex_module_stamp() -> str:
    """Which `regex` module is installed, without importing it."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("regex")
    try:
        st = os.stat(os.path.join(os.path.dirname(spec.origin), "_main.py"))
    except (OSError, TypeError, AttributeError):
        return "unknown"
    return f"{st.st_size}-{st.st_mtime_ns}"


class Wording:
    """A boilerplate rule's patterns, searched as their alternation
    `(?:p1)|(?:p2)|...` would be (the leftmost match; at one position, the
    first pattern), one pattern at a time: a pattern is compiled (with the
    timeout of regexes.user_regex) and run only on a text that starts with
    one of its required prefixes and holds a string of each group of its
    required literals, so most are never compiled on a run."""

    def __init__(self, patterns: tuple[str, ...], literals: tuple):
        self.patterns = patterns
        self.literals = literals
        self.compiled: list = [None] * len(patterns)

    def __eq__(self, other):
        return isinstance(other, Wording) and self.patterns == other.patterns

    def __hash__(self):
        return hash(self.patterns)

    def regex(self, i: int):
        if self.compiled[i] is None:
            from ..regexes import UserRegex

            self.compiled[i] = UserRegex(self.patterns[i], re.IGNORECASE)
        return self.compiled[i]

    def search(self, text: str, low: str | None = None, among=None):
        """among: the numbers, in order, of the patterns whose literal tests
        folded text `low` passes (from a LiteralGate over these literals);
        None: all are tested here."""
        best = None
        if among is not None:
            for i in among:
                m = self.regex(i).search(text)
                if m and (best is None or m.start() < best.start()):
                    best = m
            return best
        for i, (starts, needed) in enumerate(self.literals):
            if starts is not None or needed is not None:
                low = folded(text) if low is None else low
                if starts is not None and not low.startswith(starts):
                    continue
                if needed is not None and not all(any(n in low for n in group) for group in needed):
                    continue
            m = self.regex(i).search(text)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best


def wording_cues(blocks: list[Block], rules) -> list:
    """(family, cue) or None for each block: the most severe family whose
    wording matches, spread over the items of the lists they head."""
    wording = tuple(sorted((r for r in rules if r.regex is not None), key=lambda r: -SEVERITIES.index(r.severity)))
    finder = cue_finder(wording)
    cues = [finder.best(block.text) for block in blocks]
    spread_lists(blocks, cues)
    return cues


@lru_cache(maxsize=16)
def cue_finder(wording: tuple[Family, ...]) -> "CueFinder":
    return CueFinder(wording)


class CueFinder:
    """best_cue over a run's families, with one look at each text: its word
    count and folded form once, and one LiteralGate over every pattern of
    every family, so only the patterns whose literals the text holds run,
    and a family with none is skipped. Same answers as best_cue."""

    MEMO = 10_000  # short texts whose answer is kept (~400 B each: ~4 MB at most, then it starts again)

    def __init__(self, wording: tuple[Family, ...]):
        from ..regexes import LiteralGate

        self.wording = wording
        self.offsets, tests, self.family_of_item = [], [], []
        for n, family in enumerate(wording):
            self.offsets.append(len(tests))
            tests.extend(family.regex.literals)
            self.family_of_item.extend([n] * len(family.regex.literals))
        self.gate = LiteralGate(tests)
        self.tests = tests
        self.max_words = max((f.max_words for f in wording), default=0)
        self.tiers = sorted({f.max_words for f in wording})
        self.tier_gates: dict[int, tuple] = {self.tiers[0]: (self.gate, range(len(tests)))} if self.tiers else {}
        self.memo: dict[str, tuple | None] = {}  # short block text -> best(text): sites repeat their template lines

    def gate_for(self, count: int):
        """A LiteralGate over the items of the families a block of `count`
        words may belong to (max_words at least count), and the items'
        numbers in the whole gate: a long block is looked at for few
        families, which the gate does without making its trigrams."""
        tier = self.tiers[bisect.bisect_left(self.tiers, count)]  # the families of max_words >= count
        found = self.tier_gates.get(tier)
        if found is None:
            from ..regexes import LiteralGate

            items = [k for k, n in enumerate(self.family_of_item) if self.wording[n].max_words >= tier]
            found = self.tier_gates[tier] = (LiteralGate([self.tests[k] for k in items]), items)
        return found

    def best(self, text: str):
        count = word_count(text)
        if count > self.max_words:
            return None
        found = self.memo.get(text, self)  # self: not looked at yet
        if found is self:
            if len(self.memo) >= self.MEMO:
                self.memo.clear()
            found = self.memo[text] = self._best(text, count)
        return found

    def _best(self, text: str, count: int):
        low = folded(text)
        among: dict[int, list[int]] = {}
        gate, items = self.gate_for(count)
        for k in gate.passing(low):
            item = items[k]
            n = self.family_of_item[item]
            among.setdefault(n, []).append(item - self.offsets[n])
        for n in sorted(among):
            family = self.wording[n]
            if count > family.max_words:
                continue
            cue = family.cue(text, low, among[n])
            if cue is not None:
                return family, cue
        return None


def analyse(blocks: list[Block], rules, cues=None, repeated=None, by_layout: bool = True) -> Layout:
    """repeated: {block index: pages} of lines that are template by their
    shape across pages (repetition, link density) whatever their wording.
    by_layout False: the `layout` rules do not run (a whole page's body,
    already cut from its template by linter.readers.page, has no edges to judge)."""
    cues = wording_cues(blocks, rules) if cues is None else cues
    repeated = repeated or {}
    template = [c is not None or i in repeated for i, c in enumerate(cues)]
    layout = Layout(find_body(blocks, template), {})
    for i, hit in enumerate(cues):
        if hit and (layout.outside(i) or not hit[0].edges_only):
            layout.owner[i] = (hit[0].rule_id, hit[1])
    for check in (r for r in rules if r.layout and by_layout):
        for i, block in enumerate(blocks):
            if cues[i] is not None:
                continue
            if i in repeated:
                layout.owner[i] = (check.rule_id, "")
            elif layout.body is not None and layout.outside(i) and not (i == 0 and headline_like(block)):
                layout.owner[i] = (check.rule_id, "")
    return layout


def link_dense(doc: Document) -> list[int]:
    """Indexes of short, unpunctuated blocks that are nearly all link text
    (HTML only: the reader gives the source spans of links)."""
    import bisect

    spans = doc.metadata.get("links") or ()
    if not spans:
        return []
    starts = [s for s, _ in spans]
    out = []
    for i, block in enumerate(doc.blocks):
        if word_count(block.text) > LINK_MAX_WORDS or sentence_like(block.text):
            continue
        inside = 0
        for origin in block.origins:
            k = bisect.bisect_right(starts, origin) - 1
            inside += k >= 0 and origin < spans[k][1]
        if inside >= LINK_DENSITY * len(block.text.replace(" ", "")):
            out.append(i)
    return out


def site_of(doc: Document) -> str:
    """Pages of one site: the site the metadata names, else the folder."""
    import os

    return str(doc.metadata.get("site") or os.path.dirname(os.path.abspath(doc.path)))


def repeated_lines(docs: list[Document]) -> list[dict[int, int]]:
    """For each document, {block index: number of pages} of its short
    lines that also stand, word for word, on another page of its site."""
    def key(text: str) -> str | None:
        norm = " ".join(text.lower().split())
        count = len(COUNTED_WORD.findall(norm))  # word_count, not through its cache: a batch's lines would flush it
        return norm if 0 < count <= REPEAT_MAX_WORDS and re.search(r"[^\W\d_]", norm) else None

    pages: dict[tuple[str, str], set[int]] = {}
    keys = [[key(block.text) for block in doc.blocks] for doc in docs]
    sites = [site_of(doc) for doc in docs]
    for n, doc in enumerate(docs):
        for k in keys[n]:
            if k:
                pages.setdefault((sites[n], k), set()).add(n)
    out = []
    for n, doc in enumerate(docs):
        site = sites[n]
        found = {}
        for i, k in enumerate(keys[n]):
            count = len(pages.get((site, k), ())) if k else 0
            if count >= REPEAT_MIN_PAGES:
                found[i] = count
        out.append(found)
    return out


def best_cue(text: str, rules):
    for rule in rules:
        cue = rule.cue(text)
        if cue is not None:
            return rule, cue
    return None


def spread_lists(blocks: list[Block], cues: list) -> None:
    """The short lines after a list header ("Related stories") are its items."""
    for i in range(len(blocks)):
        hit = cues[i]
        if hit is None or not hit[0].heads_list or word_count(blocks[i].text) > LIST_HEADER_WORDS:
            continue
        j = i + 1
        while j < len(blocks) and cues[j] is None and not sentence_like(blocks[j].text):
            cues[j] = hit
            j += 1


def is_prose(block: Block) -> bool:
    return word_count(block.text) >= PROSE_MIN_WORDS and sentence_like(block.text)


def find_body(blocks: list[Block], template: list[bool]) -> tuple[int, int] | None:
    """The article body, from the first to the last block of its runs of
    prose (see prose_runs): the run with the most words; every run of at
    least RUN_MIN_BLOCKS paragraphs (a story cut in two by a list of links);
    the runs before it that only a widget of template lines cuts off (sites
    put them after a story's first paragraphs); then the short sentences
    that close the story. None without prose."""
    runs = prose_runs(blocks, template)
    if not runs:
        return None
    main = max(range(len(runs)), key=lambda k: runs[k][2])
    kept = [run for k, run in enumerate(runs) if k == main or run[3] >= RUN_MIN_BLOCKS]
    start, end = min(run[0] for run in kept), max(run[1] for run in kept)
    for run in reversed(runs[:main]):
        if run[1] < start and template[run[1] + 1:start].count(False) <= BODY_MAX_GAP:
            start = run[0]
    while end + 1 < len(blocks) and not template[end + 1] and (
            sentence_like(blocks[end + 1].text) or STORY_FURNITURE.search(blocks[end + 1].text)):
        end += 1
    return start, end


def prose_runs(blocks: list[Block], template: list[bool]) -> list[list[int]]:
    """[first, last, words, paragraphs] of each run of prose blocks. Two prose
    blocks belong to one run unless more than BODY_MAX_GAP blocks come
    between them and some hold template wording: a subhead, a caption or an
    ad label does not split a story, nor does a long table or list without
    template wording."""
    runs: list[list[int]] = []
    last = None
    for i, block in enumerate(blocks):
        if template[i] or not is_prose(block):
            continue
        if last is None or (i - last - 1 > BODY_MAX_GAP and any(template[last + 1:i])):
            runs.append([i, i, 0, 0])
        run = runs[-1]
        run[1], run[2], run[3] = i, run[2] + word_count(block.text), run[3] + 1
        last = i
    return runs


def headline_like(block: Block) -> bool:
    low, high = HEADLINE_WORDS
    return block.kind == "heading" or (
        low <= word_count(block.text) <= high and not block.text.rstrip().endswith("."))
