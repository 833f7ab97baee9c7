"""A sentence-level garble score that needs no source text.

Five interpretable signals of a machine translation no editor read, combined
by fixed logistic weights (higher = more likely garbled, in 0..1):

    repetition   1 - distinct words / words: MT that loops
                 ("going on going on going on ...")
    rarest       minus the Zipf frequency of the sentence's rarest word
    function     share of function words: content lost or padded out
    rare_lower   share of lower-case words rarer than Zipf 3 (transliterated
                 or half-translated words; capitalised names do not count)
    nonword      share of lower-case words no dictionary knows, even after
                 stripping a regular suffix (the `nonword` check's signal)

The weights were fitted once, by a small logistic regression on the MLQE-PE
dev split (5,000 human-judged machine translations; see bench/mtqe_eval.py,
which also cross-validates them) and are written below, not learned at run
time. A word-bigram SLOR under symspellpy's bigram counts was measured too
and dropped: with 242k pruned bigrams it ranked no better than chance.

    python -m linter.fluency < sentences.txt    # one score a line
"""
from __future__ import annotations

import math
import re
import sys
from typing import Iterable

from . import lexicon

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

FUNCTION_WORDS = frozenset("""
the a an of to in on at by for with from and or but that this these those is are
was were be been it its he she they his her their as which who whom not
""".split())

RARE_ZIPF = 3.0

FEATURES = ("repetition", "rarest", "function", "rare_lower", "nonword")
# Fitted on mtqe dev.tsv (bench/mtqe_eval.py --fit); inputs are raw feature values.
WEIGHTS = {"repetition": 3.12, "rarest": 0.10, "function": 1.47, "rare_lower": 2.52, "nonword": 3.20}
BIAS = -0.98


def features(sentence: str) -> dict[str, float]:
    """The raw signals of one sentence (all 0 for a sentence without words)."""
    found = [(m.start(), m.group()) for m in WORD.finditer(sentence)]
    if not found:
        return dict.fromkeys(FEATURES, 0.0)
    words = [w.lower() for _, w in found]
    n = len(words)
    zipfs = [lexicon.zipf(w) for w in words]
    # a capital letter after the first word marks a name, not a garbled word
    lower = [start == 0 or not w[0].isupper() for start, w in found]
    return {
        "repetition": 1 - len(set(words)) / n,
        "rarest": -min(zipfs),
        "function": sum(w in FUNCTION_WORDS for w in words) / n,
        "rare_lower": sum(z < RARE_ZIPF and low for z, low in zip(zipfs, lower)) / n,
        "nonword": sum(low and not lexicon.is_known(w) for w, low in zip(words, lower)) / n,
    }


def score(sentence: str) -> float:
    """Probability-like garble score of one sentence, 0..1 (0 for a line
    with no words: nothing there can be garbled)."""
    if not any(c.isalpha() for c in sentence):
        return 0.0
    values = features(sentence)
    logit = BIAS + sum(WEIGHTS[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-logit))


def score_lines(lines: Iterable[str]) -> list[float]:
    """One garble score per line (each line taken as one sentence)."""
    return [score(line.rstrip("\r\n")) for line in lines]


def main(argv: list[str] | None = None) -> int:
    out = sys.stdout
    try:
        for value in score_lines(sys.stdin):
            out.write(f"{value:.6f}\n")
        out.flush()
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
