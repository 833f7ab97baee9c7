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
  body, save a headline-like first line.

All boilerplate rules of one run share one analysis of each document: the
body is found once, each block is given to at most one rule (the most severe
match), and the layout rule leaves to the wording rules what they report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..document import Block, Document
from ..model import SEVERITIES, LintError
from .base import Check

PROSE_MIN_WORDS = 12  # a body paragraph has at least this many words...
BODY_MAX_GAP = 3      # ...and at most this many other lines come between two of them
RUN_MIN_BLOCKS = 3    # a run of this many paragraphs is part of the story wherever it is
LIST_HEADER_WORDS = 6  # a list header ("Most read") is short
HEADLINE_WORDS = (4, 25)  # a first line of this many words, unpunctuated, may be the title

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def sentence_like(text: str) -> bool:
    return bool(SENTENCE_END.search(text)) and not text[:1].islower()


@dataclass
class Layout:
    """One document as the boilerplate rules see it."""

    body: tuple[int, int] | None  # first and last block index of the body
    owner: dict[int, tuple[str, str]]  # block index -> (rule id, matched cue)

    def outside(self, index: int) -> bool:
        return self.body is None or not (self.body[0] <= index <= self.body[1])


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
        self.layout = bool(self.options.get("layout"))
        self.max_words = self.options.get("max_words", 40)
        self.edges_only = self.options.get("where", "anywhere") == "edges"
        self.heads_list = bool(self.options.get("list"))
        patterns = self.options.get("patterns", ())
        if not patterns and not self.layout:
            raise LintError(f"{rule.path}: a boilerplate rule needs 'patterns' or 'layout: true'")
        self.regex = compile_patterns(rule.path, patterns)
        context.shared.setdefault("boilerplate_rules", {})[rule.id] = self

    def cue(self, text: str) -> str | None:
        """The wording that marks text as this family's template, if any."""
        if self.regex is None or word_count(text) > self.max_words:
            return None
        m = self.regex.search(text)
        return m.group(0).strip() if m else None

    def run(self, doc: Document, nlp=None):
        layout = self.layout_of(doc)
        in_scope = {id(block) for block in self.blocks(doc)}
        for i, block in enumerate(doc.blocks):
            owner = layout.owner.get(i)
            if owner is None or owner[0] != self.rule.id or id(block) not in in_scope:
                continue
            finding = self.finding(doc, block, 0, len(block.text), cue=owner[1] or block.text[:60])
            if not layout.outside(i) and not self.layout:
                finding = lowered(finding)
            yield finding


    def layout_of(self, doc: Document) -> "Layout":
        """One analysis a document, shared by all boilerplate rules of the run:
        each block goes to the one family whose wording fits it best."""
        if "boilerplate_layout" not in doc.cache:
            rules = list(self.context.shared["boilerplate_rules"].values())
            doc.cache["boilerplate_layout"] = analyse(doc.blocks, rules)
        return doc.cache["boilerplate_layout"]


def lowered(finding):
    """The finding one severity level lower (wording inside the body)."""
    rank = max(SEVERITIES.index(finding.severity) - 1, 0)
    return replace(finding, severity=SEVERITIES[rank])


def compile_patterns(path: str, patterns) -> re.Pattern | None:
    if not patterns:
        return None
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise LintError(f"{path}: field 'patterns': bad regex {pattern!r}: {exc}") from None
    from .patterns import user_regex

    return user_regex("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def analyse(blocks: list[Block], rules: list[Boilerplate]) -> Layout:
    wording = sorted((r for r in rules if r.regex is not None),
                     key=lambda r: -SEVERITIES.index(r.rule.severity))
    cues = [best_cue(block.text, wording) for block in blocks]
    spread_lists(blocks, cues)
    layout = Layout(find_body(blocks, [c is not None for c in cues]), {})
    for i, hit in enumerate(cues):
        if hit and (layout.outside(i) or not hit[0].edges_only):
            layout.owner[i] = (hit[0].rule.id, hit[1])
    for check in (r for r in rules if r.layout and layout.body is not None):
        for i, block in enumerate(blocks):
            if cues[i] is None and layout.outside(i) and not (i == 0 and headline_like(block)):
                layout.owner[i] = (check.rule.id, "")
    return layout


def best_cue(text: str, rules: list[Boilerplate]):
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
    while end + 1 < len(blocks) and not template[end + 1] and sentence_like(blocks[end + 1].text):
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
