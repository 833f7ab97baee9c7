"""What every check kind shares: its parameters' schema, its rule, and how
it turns a span of a block into a Finding."""
from __future__ import annotations

from typing import Iterable, Iterator

from ..document import Block, Document
from ..model import Finding, Fix


class SafeDict(dict):
    """Leaves unknown {placeholders} of a message as they are."""

    def __missing__(self, key):
        return "{" + key + "}"


class Check:
    """Base class of every check kind. A subclass sets `kind`, `params`
    (JSON schema of the rule fields it reads beyond the common ones) and
    implements `run`. It reads its parameters in `__init__`, so that a bad
    rule fails when it is loaded, not when it runs."""

    kind = ""
    needs_nlp = False  # True: run() gets a spaCy pipeline (loaded lazily, once)
    fixable = False  # True: its first suggestion replaces the match, so a rule may declare `fix:`
    analyses: tuple[str, ...] = ()  # per-document analyses it reads (linter.analyses), built once a document
    params: dict = {"type": "object", "properties": {}}
    required: tuple[str, ...] = ()

    def __init__(self, rule, context):
        self.rule = rule
        self.context = context
        self.options = rule.params

    @classmethod
    def wanted(cls, config) -> bool:
        """Whether the configuration turns on this kind's rules that are off
        by default (`enabled: false`), e.g. grammar once a server is set."""
        return False

    def run(self, doc: Document, nlp=None) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, doc: Document, block: Block, start: int, end: int, *,
                message: str | None = None, suggestions: Iterable[str] = (),
                score: float | None = None, **fields) -> Finding:
        """A Finding for block.text[start:end]; `message` (default: the rule's)
        is formatted with {match}, {suggestion} and any extra `fields`."""
        match = block.text[start:end]
        suggestions = tuple(dict.fromkeys(s for s in suggestions if s))
        values = SafeDict(match=match, suggestion=suggestions[0] if suggestions else "", **fields)
        text = (message or self.rule.message).format_map(values)
        line, col, end_line, end_col = doc.span(block, start, end)
        src_start, src_end = doc.source_range(block, start, end)
        return Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            rule=self.rule.id, category=self.rule.category, severity=self.rule.severity,
            message=text, match=match, suggestions=suggestions, score=score,
            start=src_start, end=src_end, fix=self.fix_for(doc, block, start, end, suggestions),
        )

    def fix_for(self, doc: Document, block: Block, start: int, end: int, suggestions) -> Fix | None:
        """The rule's declared fix: the first suggestion replaces the match,
        unless the edit would cross markup or code (then it stays a suggestion)."""
        applicability = getattr(self.rule, "fix", "")
        if not (applicability and self.fixable and suggestions):
            return None
        edit = doc.source_edit(block, start, end, suggestions[0])
        if edit is None:
            return None
        return Fix((edit,), applicability, suggestions[0])

    def blocks(self, doc: Document) -> Iterator[Block]:
        kinds = self.options.get("scope")
        for block in doc.blocks:
            if not kinds or block.kind in kinds:
                yield block
