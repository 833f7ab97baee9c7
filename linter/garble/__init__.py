"""The garble model: how likely a machine-translated sentence is garbled,
and which of its words are the garble. Target text only.

    garble.sentence_scores(["..."]) -> [float]  # calibrated P(garbled), 0..1
    model = garble.load()                       # the numpy model, lazily, once per process
    model.sentence_scores(["..."])  -> array    # the same scores
    model.word_probabilities(["..."])           # and P(garbled) of each word

Trained by training/garble.py on MLQE-PE (35,000 machine translations into
English with human scores and post-edits); see that script and
linter/garble/model/model.json for what it was trained on and measured.
Run time needs numpy only: four trigram language models (ngram.py) feed
features (features.py, sentence.py) to two boosted-tree models (trees.py),
a sentence model and a word model. The sentence score of a few sentences
is computed without numpy (small.py), which costs less than importing it.

    python -m linter.garble < sentences.txt    # one score a line
"""
from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from itertools import islice
from pathlib import Path

from ..regexcache import compiled as compiled_re

MODEL_DIR = "model"


def model_folder():
    """The shipped model's folder: beside this file in a checkout or an
    installed package (without importlib.resources, whose import costs a
    one-file run ~10 ms); importlib.resources otherwise (a zip)."""
    folder = Path(__file__).resolve().parent / MODEL_DIR
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files(__name__) / MODEL_DIR


@lru_cache(maxsize=1)
def load():
    """The shipped model (read from the package on first use)."""
    # The model does no linear algebra: one BLAS thread saves starting the
    # others when numpy is first imported (about 0.05 s CPU). A value the
    # user set wins; so does a numpy that is already imported.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .model_runtime import GarbleModel

    folder = model_folder()
    return GarbleModel.from_files(folder)


@lru_cache(maxsize=1)
def load_small():
    """The sentence model without numpy (small.py), from the same files."""
    from .small import SmallModel

    return SmallModel.from_files(model_folder())


# Up to this many sentences per process are scored without numpy: beyond
# them importing numpy and loading its model costs less than the plain-
# Python scoring (bench/garble_crossover.py, fresh processes, news
# sentences: the two cost the same at about 280 sentences, 0.14 s CPU;
# at 120 plain Python is 0.04 s cheaper. It was 120 when the plain path
# cost ~0.75 ms a sentence, now ~0.45).
SMALL_SENTENCES = 250
_scored_small = 0


def sentence_scores(sentences: list[str]) -> list[float]:
    """P(garbled) of each sentence, by whichever of the two equal
    implementations costs less here: plain Python for the first
    SMALL_SENTENCES sentences of a process that has not imported numpy,
    numpy after that (and for every larger batch)."""
    global _scored_small
    from . import small

    if ("numpy" not in sys.modules and small.available()
            and _scored_small + len(sentences) <= SMALL_SENTENCES):
        _scored_small += len(sentences)
        return load_small().sentence_scores(sentences)
    return load().sentence_scores(sentences).tolist()


def info() -> dict:
    """What model.json says about training and measured numbers."""
    folder = model_folder()
    return json.loads((folder / "model.json").read_text(encoding="utf-8"))


class ScoredSentence:
    """One sentence of a block with the model's score; `words` (token with
    block offsets, P(garbled)) is filled in by `mark_words` on demand."""

    __slots__ = ("block", "start", "end", "score", "words")

    def __init__(self, block, start, end, score):
        self.block, self.start, self.end, self.score = block, start, end, score
        self.words = None


_NUMBER = compiled_re(r"\d+(?:[.,:]\d+)*")
_WORD = compiled_re(r"[^\W\d_]+")


def number_heavy(text: str) -> bool:
    """A table row or stat line ("1 sack, 1 QH, 1 INT, 1 FF."): three or
    more numbers, at least one for every two words. Not prose, and not
    what the model learnt: 67 of MLQE-PE's 35,000 training translations
    are such lines (37 % bad, against 40 % of all), and edited sports copy
    has stat lines the model scores above 0.9."""
    numbers = len(_NUMBER.findall(text))
    return numbers >= 3 and 2 * numbers >= len(_WORD.findall(text))


def out_of_domain(text: str) -> bool:
    """Lines the model did not learn and is not asked about: number_heavy
    stat lines and list lines (domain.list_line: ingredient, bullet and
    spec lines)."""
    from .domain import list_line

    return number_heavy(text) or list_line(text)


def document_sentences(doc, min_words: int = 4) -> list[ScoredSentence]:
    """Every sentence of the document with at least min_words words (not
    out_of_domain), scored in one batch; cached on the document so that the
    sentence rule and the span rule share one run of the model."""
    key = ("garble", min_words)
    if key not in doc.cache:
        score_documents([doc], min_words)
    return doc.cache[key]


def scored_sentences(docs, min_words: int = 4) -> list[tuple]:
    """(document, block, start, end) of each sentence score_documents
    scores: at least min_words words, not out_of_domain."""
    from .. import lexicon

    found = []
    for doc in docs:
        for block in doc.blocks:
            for start, end in lexicon.sentences(block.text):
                # len(lexicon.tokens(...)) >= min_words, counting no further than min_words
                if (sum(1 for _ in islice(lexicon.WORD.finditer(block.text, start, end), min_words)) >= min_words
                        and not out_of_domain(block.text[start:end])):
                    found.append((doc, block, start, end))
    return found


def score_documents(docs, min_words: int = 4) -> None:
    """document_sentences of every document not scored yet, in one batch
    (the model costs less per sentence in large batches: the rules'
    `prepare` hands over a whole batch of files)."""
    key = ("garble", min_words)
    todo = [doc for doc in docs if key not in doc.cache]
    found = scored_sentences(todo, min_words)
    scores = memo_scores([b.text[s:e] for _, b, s, e in found]) if found else []
    for doc in todo:
        doc.cache[key] = []
    for (doc, block, start, end), score in zip(found, scores):
        doc.cache[key].append(ScoredSentence(block, start, end, score))


# A sentence's score depends on its text alone, so each distinct sentence
# is scored once a process: an archive repeats its sites' standing lines
# (and syndicated copy) on page after page. Bounded: ~300 B a sentence,
# ~6 MB at most, then it starts again (between batches only).
SCORE_MEMO = 20_000
_SCORES: dict[str, float] = {}
_coming = None  # see expect_scores


def expect_scores(source) -> None:
    """`source()` will give {sentence: score} that another process is
    computing for this run (linter.garble.prefetch; {} if it failed): the
    next memo_scores takes them first, and scores only what they lack."""
    global _coming
    _coming = source


def forget_scores(source) -> None:
    """No longer expect `source`'s scores (the run ends without asking)."""
    global _coming
    if _coming == source:  # (a bound method is a new object at each look-up)
        _coming = None


def memo_scores(sentences: list[str]) -> list[float]:
    """sentence_scores of each sentence, the ones this process has not
    scored yet in one batch (each distinct text once)."""
    global _coming
    if len(_SCORES) > SCORE_MEMO:
        _SCORES.clear()
    if _coming is not None:
        source, _coming = _coming, None
        _SCORES.update(source())
    new = [s for s in dict.fromkeys(sentences) if s not in _SCORES]
    if new:
        _SCORES.update(zip(new, map(float, sentence_scores(new))))
    return [_SCORES[s] for s in sentences]


def prepare_documents(docs, min_words: int = 4) -> None:
    """score_documents for a rule's `prepare`: a failure here only means
    each document is scored on its own in the rule's run (where an error
    is reported for its file, as before)."""
    try:
        score_documents(docs, min_words)
    except Exception:  # noqa: BLE001 - see the docstring
        return


# The word model's marks depend on the sentence's text and the document's
# mean score alone, so, like the scores, each (text, mean) is marked once a
# process: an archive repeats its pages (syndicated copy, standing lines).
# Bounded: ~3 KB a sentence, ~6 MB at most, then it starts again (the 84
# articles of bench/bench.py's corpus mark 549 sentences).
WORD_MEMO = 2_000
_WORDS: dict[tuple[str, float | None], list] = {}


def mark_words(sentences: list[ScoredSentence], doc_score: float | None = None) -> None:
    """Run the word model over the sentences that have no word marks yet
    (only those a rule asks for: the word model is the costly part), each
    distinct text once a process for a given doc_score.
    doc_score: the mean score of all the document's scored sentences, a
    feature of the word model (document_score)."""
    from .symbols import Token

    todo = [s for s in sentences if s.words is None]
    if not todo:
        return
    texts = [s.block.text[s.start:s.end] for s in todo]
    marked = memo_words(texts, doc_score)
    for sent, words in zip(todo, marked):
        sent.words = [(Token(t.start + sent.start, t.end + sent.start, t.text), p) for t, p in words]


def memo_words(texts: list[str], doc_score: float | None) -> list[list]:
    """The word model's [(token, P(garbled))] of each text (token offsets
    within the text), the ones not marked yet at doc_score in one batch."""
    if len(_WORDS) > WORD_MEMO:
        _WORDS.clear()
    new = [t for t in dict.fromkeys(texts) if (t, doc_score) not in _WORDS]
    if new:
        _, words = load().word_probabilities(new, doc_score)
        _WORDS.update(((t, doc_score), w) for t, w in zip(new, words))
    return [_WORDS[t, doc_score] for t in texts]


def document_score(sentences: list[ScoredSentence]) -> float:
    """Mean garble score of a document's scored sentences (0 with none)."""
    return sum(s.score for s in sentences) / len(sentences) if sentences else 0.0
