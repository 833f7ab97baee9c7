"""Check kinds. One module per kind, each defining one `Check` subclass;
modules are imported only when a selected rule uses their kind, so that a
run without NLP rules never imports spaCy."""
from __future__ import annotations

import importlib

from .base import Check

KINDS = {
    "existence": "Existence",
    "substitution": "Substitution",
    "consistency": "Consistency",
    "quotes": "Quotes",
    "boilerplate": "Boilerplate",
    "nonword": "Nonword",
    "names": "Names",
    "titles": "Titles",
    "locale": "Locale",
    "casing": "Casing",
    "pattern": "Pattern",
    "garble_sentence": "GarbleSentence",
    "garble_words": "GarbleWords",
    "acronym": "Acronym",
    "grammar": "Grammar",
}


def check_class(kind: str) -> type[Check]:
    """The class for a check kind; KeyError if there is no such kind."""
    module = importlib.import_module(f"{__name__}.{kind}")
    return getattr(module, KINDS[kind])
