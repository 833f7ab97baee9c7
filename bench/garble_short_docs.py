"""Would the garbled-wording rule's document gate hold on SHORT clean
documents? The rule opens a document of at least `doc_min_sentences`
scored sentences whose mean score is above 0.35 and more than half of
whose words score above 0.5; MLQE-PE's dev documents have ~5 sentences,
so a smaller minimum opens many more of them. This cuts every held-out
clean document (training/clean_text.py: the Lee news, Lucene's Europarl
sample, the mail, the WordNet examples, and all State of the Union
addresses) into pieces of k sentences and counts the span findings
(words above doc_threshold 0.55) the gate would add per 10,000 words.

    python bench/garble_short_docs.py [--sizes 3,4,5,6,7,8]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

MEAN, SHARE, THRESHOLD = 0.35, 0.5, 0.55  # the rule's doc_word_min_mean, doc_word_share, doc_threshold


def piece_findings(model, piece) -> int:
    """Span findings the gate adds to one document (0 when it stays shut)."""
    from linter.garble.model_runtime import spans

    mean = float(np.mean(model.sentence_scores(piece)))
    if mean <= MEAN:
        return 0
    _, marked = model.word_probabilities(piece, mean)
    ps = [q for words in marked for t, q in words if t.text[:1].isalnum()]
    if not ps or np.mean(np.array(ps) > 0.5) <= SHARE:
        return 0
    return sum(len(spans(words, THRESHOLD)) for words in marked)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="3,4,5,6,7,8")
    args = ap.parse_args(argv)
    import clean_text
    from linter import garble

    try:
        _, held = clean_text.documents(["news", "europarl", "ham", "wordnet"])
        seen, unseen = clean_text.documents(["sotu"])
    except clean_text.Missing as e:
        print(f"garble_short_docs: {e}", file=sys.stderr)
        return 2
    model, totals = garble.load(), {}
    for name, sentences in held + seen + unseen:
        sentences = [s for s in sentences if len(s.split()) >= 4]
        for k in (int(x) for x in args.sizes.split(",")):
            row = totals.setdefault((name.split("/")[0], k), [0, 0, 0])
            for i in range(0, len(sentences) - k + 1, k):
                piece = sentences[i:i + k]
                row[0] += 1
                row[1] += sum(len(s.split()) for s in piece)
                row[2] += piece_findings(model, piece)
    for (source, k), (pieces, words, found) in sorted(totals.items()):
        print(f"{source:9s} pieces of {k}: {pieces:6d} pieces {words:7d} words {found:5d} spans "
              f"{1e4 * found / max(words, 1):6.1f} per 10k words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
