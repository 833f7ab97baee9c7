"""Shared, lazily built resources that checks may need: the configuration,
the knowledge base and the spaCy pipeline. Nothing heavy is loaded until a
check asks for it, and then only once a process."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path


class Context:
    def __init__(self, config=None, notices=None, rules=None):
        from .config import Config

        self.config = config or Config()
        self.notices = notices if notices is not None else Notices()
        self.rules: list = list(rules or [])  # the rules of the run (checks that analyse a document together)

    @cached_property
    def knowledge(self):
        from .knowledge import KnowledgeBase
        from .model import LintError

        kb = KnowledgeBase.load(self.knowledge_dirs)
        if kb.errors:
            more = f" (and {len(kb.errors) - 1} more; see `artlint kb check`)" if len(kb.errors) > 1 else ""
            raise LintError(f"{kb.errors[0]}{more}")
        return kb

    @property
    def knowledge_dirs(self) -> list[Path]:
        from .rules import KNOWLEDGE_DIR, shipped_rules_dir

        return [shipped_rules_dir() / KNOWLEDGE_DIR, *self.config.knowledge_dirs]

    @cached_property
    def nlp(self):
        """The spaCy pipeline, or None (with one notice) when no model is installed."""
        from .nlp import load_pipeline

        nlp, problem = load_pipeline()
        if nlp is None:
            self.notices.add(f"rules that need a spaCy model were skipped: {problem}")
        return nlp


class Notices:
    """One-line messages for the user, each kept once; the engine prints
    nothing (the report carries them), unless a stream is given."""

    def __init__(self, stream=None):
        self.stream = stream
        self.seen: list[str] = []

    def add(self, text: str) -> None:
        if text in self.seen:
            return
        self.seen.append(text)
        if self.stream is not None:
            print(f"artlint: {text}", file=self.stream)
