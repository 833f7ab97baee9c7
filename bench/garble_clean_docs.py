"""Per-document statistics of clean English under a garble model, by
source, for the garbled-wording rule's document gates.

    python bench/garble_clean_docs.py --model /tmp/m --held-out news,europarl,ham,wordnet --unseen sotu --save /tmp/c.npz
    python bench/garble_clean_docs.py --load /tmp/c.npz

Each clean document (training/clean_text.py's held-out documents, and all
documents of the --unseen sources) is read as one article: its mean
sentence score, its share of words above P 0.5, and the span findings the
rule would make in it if its gate opened (words above 0.45 / 0.5 / 0.55 in
every sentence). For each gate (documents of 8+ sentences, mean above D and
word share above W) it prints, per source, the documents it opens and the
span findings they would add per 10,000 words of that source.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

THRESHOLDS = (0.45, 0.5, 0.55)
GATES = [(0.5, 0.0), (0.45, 0.0), (0.4, 0.0), (0.35, 0.0), (0.3, 0.0), (0.35, 0.45), (0.35, 0.5), (0.3, 0.45), (0.4, 0.4)]


def document_stats(model, sources: str, unseen: str):
    import clean_text
    from linter.garble.model_runtime import spans

    _, held = clean_text.documents([x for x in sources.split(",") if x])
    if unseen:
        tr, ho = clean_text.documents([x for x in unseen.split(",") if x])
        held += tr + ho
    out = []
    for name, sents in held:
        scores = model.sentence_scores(sents)
        _, marked = model.word_probabilities(sents, float(np.mean(scores)))
        ps = [q for sent in marked for t, q in sent if t.text[:1].isalnum()]
        n_spans = [sum(len(spans(w, thr)) for w in marked) for thr in THRESHOLDS]
        out.append((name.split("/")[0], len(sents), sum(len(x.split()) for x in sents), float(np.mean(scores)),
                    float(np.mean(np.array(ps) > 0.5)) if ps else 0.0, *n_spans))
    return out


def report(stats) -> None:
    src = np.array([r[0] for r in stats])
    n, words, mean, share = (np.array([r[i] for r in stats], float) for i in (1, 2, 3, 4))
    found = np.array([r[5:] for r in stats], float)
    names = sorted(set(src.tolist()))
    print("source: documents (8+ sentences), words; mean score of 8+: max, 95th pct; word share of 8+: max, 95th pct")
    for s in names:
        m = src == s
        big = m & (n >= 8)
        print(f"  {s:9s} {m.sum():5d} ({big.sum():4d}) {int(words[m].sum()):7d} | {mean[big].max(initial=0):.3f} "
              f"{np.percentile(mean[big], 95) if big.any() else 0:.3f} | {share[big].max(initial=0):.3f} "
              f"{np.percentile(share[big], 95) if big.any() else 0:.3f}")
    print("gate (mean > D, share > W, 8+ sentences): per source, documents opened / span findings per 10k words at "
          + " / ".join(f"{t:g}" for t in THRESHOLDS))
    for D, W in GATES:
        opened = (n >= 8) & (mean > D) & (share > W)
        cells = []
        for s in names:
            m = src == s
            rate = found[m & opened].sum(axis=0) / words[m].sum() * 1e4
            cells.append(f"{s} {int((m & opened).sum())}/" + "/".join(f"{x:.1f}" for x in rate))
        total = found[opened].sum(axis=0) / words.sum() * 1e4
        print(f"  D {D:g} W {W:g}: " + " | ".join(cells) + " | all " + "/".join(f"{x:.1f}" for x in total))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    ap.add_argument("--held-out", default="news,europarl,ham,wordnet")
    ap.add_argument("--unseen", default="sotu")
    ap.add_argument("--save", type=Path)
    ap.add_argument("--load", type=Path)
    args = ap.parse_args(argv)
    if args.load:
        stats = [tuple(r) for r in np.load(args.load, allow_pickle=True)["stats"].tolist()]
        stats = [(r[0], *map(float, r[1:])) for r in stats]
    else:
        from linter import garble
        from linter.garble.model_runtime import GarbleModel

        model = GarbleModel.from_files(args.model) if args.model else garble.load()
        stats = document_stats(model, args.held_out, args.unseen)
        if args.save:
            np.savez(args.save, stats=np.array(stats, dtype=object))
    report(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
