"""Choose the garbled-wording rule's document-level settings on train's
out-of-fold probabilities, and check them on clean, edited English.

    python training/garble.py --clean news --out /tmp/m --oof /tmp/oof.npz   # out-of-fold scores
    python bench/garble_docgate.py /tmp/oof.npz --model /tmp/m [--held-out news,europarl,sotu] [--clean DIR] [--word-gates]

The clean English that chooses the settings is training/clean_text.py's
held-out documents (never trained on), scored by the model in --model,
each document read as one article; and, when the training run had clean
text (--clean), its out-of-fold clean documents ("clean OOF"). --unseen
names sources the model never trained on (the default run does not train
on `sotu`): all their documents count as clean copy, not only the held-out
quarter. --clean DIR (labelled pages: .txt + .labels) only reports.

--word-gates also reports gates on other document aggregates than the
mean sentence score (the share of sentences above 0.7, the mean word
probability, the share of words above 0.5, the hashed word logit's mean
and share above 0), each at the lowest level the margin rule allows: above
every clean document's aggregate by --margin times the aggregate's spread
over train's documents relative to the mean sentence score's.

A document's sentences (grouped by lang_pair and doc_id, as
../shared/tools/wordscore.py groups them into articles) are searched with
(doc_min_sentence_score, doc_threshold) when there are at least
doc_min_sentences of them and their mean out-of-fold score is above
doc_mean_score, else with (min_sentence_score, threshold). Prints word
MCC / precision / recall on train's sampled word rows for each setting
(pooled and per pair; the words of sentences the sentence rule reports
count as marked, as wordscore counts them), and how many span findings the shipped model makes
with it on the clean copy per 10,000 words: the content lines of each page
as one document (the word model gets the page's mean score, as the rule
gives it the document's), and (short documents, the harder case) each page
cut into documents of doc_min_sentences sentences.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def mcc(pred, gold):
    tp = float((pred & gold).sum()); fp = float((pred & ~gold).sum())
    fn = float((~pred & gold).sum()); tn = float((~pred & ~gold).sum())
    den = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return ((tp * tn - fp * fn) / den if den else 0.0), (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def doc_means(doc_ids, scores):
    """Mean of scores over each row's document, one per row."""
    _, inverse = np.unique(doc_ids, return_inverse=True)
    return (np.bincount(inverse, scores) / np.bincount(inverse))[inverse]


def held_out_documents(sources: str, unseen: str = ""):
    """(documents, words) of training/clean_text.py's held-out documents,
    and every document of the `unseen` sources (which the model was not
    trained on, so their training halves are unseen too)."""
    sys.path.insert(0, str(ROOT / "training"))
    import clean_text

    _, held = clean_text.documents([x for x in sources.split(",") if x])
    if unseen:
        train, rest = clean_text.documents([x for x in unseen.split(",") if x])
        held += train + rest
    docs = [sents for _, sents in held]
    return docs, sum(len(x.split()) for d in docs for x in d)


def oof_clean_runs(d, threshold_of_row):
    """Span findings on the out-of-fold clean rows: runs of consecutive
    marked words of one sentence (punctuation joins a run, as spans() does),
    counted where the row's gate is open. threshold_of_row: (open, thr) per row."""
    clean = d["pair"][d["word_row"]] == "clean"
    if not clean.any():
        return None
    rows, p = d["word_row"][clean], d["word_p"][clean]
    is_open, thr = threshold_of_row
    marked = is_open[rows] & (p > thr[rows])
    starts = marked & ~np.concatenate([[False], marked[:-1] & (rows[1:] == rows[:-1])])
    return int(starts.sum()), int(clean.sum())


def clean_pages(folder: Path):
    from linter import lexicon

    pages, words = [], 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        lines = (folder / name).read_text(encoding="utf-8").split("\n")
        labels = (folder / (name[:-4] + ".labels")).read_text(encoding="utf-8").split("\n")
        sentences = []
        for line, label in zip(lines, labels):
            if label.strip() == "content":
                words += len(line.split())
                sentences += [line[s:e] for s, e in lexicon.sentences(line) if len(lexicon.tokens(line[s:e])) >= 4]
        if sentences:
            pages.append(sentences)
    return pages, words


def page_marks(model, page):
    """Sentence scores and word marks of one page, the page read as one document."""
    scores = model.sentence_scores(page)
    _, marked = model.word_probabilities(page, float(np.mean(scores)))
    return scores, marked


AGGREGATES = ("mean sentence score", "share of sentences > 0.7", "mean word P", "share of words P > 0.5",
              "mean word logit", "share of word logits > 0")


def aggregates(sentence_p, word_p, word_logit):
    """AGGREGATES of one document: its sentence scores and its words' probabilities and logits."""
    return (float(np.mean(sentence_p)), float(np.mean(sentence_p > 0.7)), float(np.mean(word_p)),
            float(np.mean(word_p > 0.5)), float(np.mean(word_logit)), float(np.mean(word_logit > 0)))


def word_gate_report(d, model, pages, margin, sentence_threshold, or_mean=(0.5,)):
    """--word-gates: each aggregate as the document gate, at the lowest
    level the margin rule allows, with the best (doc_min_sentence_score,
    doc_threshold) at precision >= 0.6; 8+ sentences, else 0.9 / 0.5. On
    train, the aggregates come from the sampled out-of-fold word rows."""
    from linter.garble import features as F

    key = np.array([f"{p}\t{k}" for p, k in zip(d["pair"], d["doc_id"])])
    _, inv = np.unique(key, return_inverse=True)
    nd = inv.max() + 1
    size = np.bincount(inv, minlength=nd)
    wdoc = inv[d["word_row"]]
    wn = np.maximum(np.bincount(wdoc, minlength=nd), 1)
    sp, wp, wl = d["sentence_p"], d["word_p"], d["word_X"][:, -1]
    train = np.column_stack([np.bincount(inv, sp, nd) / size, np.bincount(inv, sp > 0.7, nd) / size,
                             np.bincount(wdoc, wp, nd) / wn, np.bincount(wdoc, wp > 0.5, nd) / wn,
                             np.bincount(wdoc, wl, nd) / wn, np.bincount(wdoc, wl > 0, nd) / wn])
    clean_doc = np.bincount(inv, d["pair"] == "clean", nd) > 0
    held = []
    for page in pages:
        scores, marked = page_marks(model, page)
        if len(scores) < 8:
            continue
        tokens = [[t for t, _ in sent] for sent in marked]
        words = np.array([F.is_word(t.text) for toks in tokens for t in toks], bool)
        held.append(aggregates(scores, np.array([p for sent in marked for _, p in sent])[words],
                               model.word_logits(tokens)[words]))
    held = np.array(held).reshape(-1, len(AGGREGATES))
    rated_words = ~clean_doc[wdoc]
    p, gold, s = wp[rated_words], d["word_bad"][rated_words] == 1, sp[d["word_row"]][rated_words]
    big, pairs = (size >= 8)[wdoc][rated_words], d["pair"][d["word_row"]][rated_words]
    spread = train[~clean_doc & (size >= 8)].std(axis=0)
    print("document gates on other aggregates (train out-of-fold; gate = clean max + margin x spread ratio):")
    for j, name in enumerate(AGGREGATES):
        clean_max = max(held[:, j].max(initial=-np.inf), train[clean_doc & (size >= 8), j].max(initial=-np.inf))
        level = clean_max + margin * spread[j] / spread[0]
        is_open = big & (train[wdoc][rated_words][:, j] > level)
        best = None
        for gl in (0.0, 0.3, 0.5, 0.7):
            for tl in (0.4, 0.45, 0.5, 0.55, 0.6):
                pred = np.where(is_open, (s > gl) & (p > tl), (s > 0.9) & (p > 0.5)) | (s > sentence_threshold)
                r = mcc(pred, gold)
                if r[1] >= 0.6 and (best is None or r[0] > best[0][0]):
                    best = (r, gl, tl, pred)
        (m, prec, rec), gl, tl, pred = best
        per_pair = " ".join(f"{q[:2]} {mcc(pred[pairs == q], gold[pairs == q])[0]:.3f}" for q in sorted(set(pairs.tolist())))
        print(f"  {name:26s} clean max {clean_max:.3f} gate {level:.3f} | share of words in open documents "
              f"{is_open.mean():.3f} | MCC {m:.3f} P {prec:.3f} R {rec:.3f} at {gl:g} / {tl:g} | {per_pair}")
        if j == AGGREGATES.index("share of words P > 0.5"):
            word_gate = (train[:, j], level)
    share, level = word_gate
    opened = ~clean_doc & (size >= 8) & (share > level)
    if opened.any():
        floor = np.floor(train[opened, 0].min() * 20) / 20
        print(f"  the rule: doc_word_share {np.ceil(level * 100) / 100:.2f}; doc_word_min_mean {floor:.2f} (the lowest mean "
              f"sentence score of a train document this gate opens is {train[opened, 0].min():.3f}, rounded down to 0.05: "
              "below it the word model need not run)")
    for mean_gate in or_mean:  # the rule's doc_word_share: this gate or the mean sentence score's
        for gl, tl in ((0.0, 0.5), (0.0, 0.55)):
            is_open = big & ((train[wdoc][rated_words][:, 0] > mean_gate) | (share[wdoc][rated_words] > level))
            pred = np.where(is_open, (s > gl) & (p > tl), (s > 0.9) & (p > 0.5)) | (s > sentence_threshold)
            m, prec, rec = mcc(pred, gold)
            per_pair = " ".join(f"{q[:2]} {mcc(pred[pairs == q], gold[pairs == q])[0]:.3f}" for q in sorted(set(pairs.tolist())))
            print(f"  mean > {mean_gate:g} or word share > {level:.3f}, at {gl:g} / {tl:g}: share of words in open documents "
                  f"{is_open.mean():.3f} | MCC {m:.3f} P {prec:.3f} R {rec:.3f} | {per_pair}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("oof", type=Path)
    ap.add_argument("--clean", type=Path, help="labelled pages to report (not to choose with)")
    ap.add_argument("--model", type=Path, help="model folder to score the clean documents with (default: the shipped model)")
    ap.add_argument("--word-gates", action="store_true", help="also report gates on the word model's document "
                    "aggregates (word_gate_report)")
    ap.add_argument("--held-out", default="news", help="training/clean_text.py sources whose held-out documents are "
                    "the clean copy the settings are chosen on (comma-separated; empty: none)")
    ap.add_argument("--unseen", default="", help="clean_text.py sources the model was not trained on (the default "
                    "training run's `sotu`): all their documents, both halves, join the clean copy")
    ap.add_argument("--top", type=int, default=15, help="settings to list")
    ap.add_argument("--setting", type=float, nargs=6, action="append", default=[],
                    metavar=("N", "D", "GATE", "THR", "GATE0", "THR0"),
                    help="also print this setting (doc_min_sentences doc_mean_score doc_min_sentence_score "
                         "doc_threshold min_sentence_score threshold)")
    ap.add_argument("--sentence-threshold", type=float, default=0.9,
                    help="translation.garbled-sentence's threshold: every word of a sentence above it counts as "
                         "marked, as ../shared/tools/wordscore.py counts that rule's findings (default 0.9; 1 = leave it out)")
    ap.add_argument("--margin", type=float, default=0.05,
                    help="doc_mean_score must exceed the highest mean score of a clean document of doc_min_sentences "
                         "or more (held-out and out-of-fold) by this much: clean copy of another kind reads less "
                         "clean than the clean text the model saw (default 0.05)")
    args = ap.parse_args(argv)
    d = dict(np.load(args.oof))
    rated_rows = d["pair"] != "clean"
    oof_clean = {k: d[k] for k in ("pair", "word_row", "word_p")}
    if not rated_rows.all():  # train's MLQE rows choose; the clean rows are counted apart (oof_clean_runs)
        keep = rated_rows[d["word_row"]]
        d["word_p"], d["word_bad"], d["word_row"] = d["word_p"][keep], d["word_bad"][keep], d["word_row"][keep]
    doc_key = np.array([f"{p}\t{k}" for p, k in zip(d["pair"], d["doc_id"])])
    row_mean = doc_means(doc_key, d["sentence_p"])
    _, inverse = np.unique(doc_key, return_inverse=True)
    doc_size = np.bincount(inverse)[inverse][d["word_row"]]
    s, dm = d["sentence_p"][d["word_row"]], row_mean[d["word_row"]]
    p, gold = d["word_p"], d["word_bad"] == 1
    pairs = d["pair"][d["word_row"]]
    clean = None
    from linter.garble.model_runtime import GarbleModel, spans

    if args.held_out or args.unseen or args.clean:
        from linter import garble

        model = GarbleModel.from_files(args.model) if args.model else garble.load()
        pages, words = (held_out_documents(args.held_out, args.unseen) if args.held_out or args.unseen
                        else clean_pages(args.clean))
        clean = [page_marks(model, page) for page in pages]
        means = [float(np.mean(sc)) for sc, _ in clean if len(sc) >= 8]
        print(f"clean copy ({args.held_out or args.clean}{' + all of ' + args.unseen if args.unseen else ''}): {len(pages)} documents, {words} words; mean score of "
              f"documents of 8+ sentences: max {max(means):.3f}, 95th percentile {np.percentile(means, 95):.3f}")
    else:
        print("no clean copy: clean rates not measured")
    all_means = doc_means(np.array([f"{p}\t{k}" for p, k in zip(d["pair"], d["doc_id"])]), d["sentence_p"])
    _, all_inverse = np.unique(np.array([f"{p}\t{k}" for p, k in zip(d["pair"], d["doc_id"])]), return_inverse=True)
    all_size = np.bincount(all_inverse)[all_inverse]

    clean_rows = d["pair"] == "clean"
    if clean_rows.any():
        big = clean_rows & (all_size >= 8)
        print(f"out-of-fold clean documents: {len(set(d['doc_id'][clean_rows].tolist()))}, "
              f"{int(clean_rows.sum())} sentences; mean score of documents of 8+ sentences: "
              f"max {all_means[big].max() if big.any() else float('nan'):.3f}")

    def clean_max_mean(N):
        """Highest mean score of a clean document of N or more sentences."""
        found = [float(np.mean(sc)) for sc, _ in clean or [] if len(sc) >= N]
        if clean_rows.any():
            found += all_means[clean_rows & (all_size >= N)].tolist()
        return max(found, default=0.0)

    def oof_clean_rate(setting):
        N, D, gl, tl, g0, t0 = setting
        hi = (all_size >= N) & (all_means > D)
        found = oof_clean_runs(oof_clean, (np.where(hi, d["sentence_p"] > gl, d["sentence_p"] > g0), np.where(hi, tl, t0)))
        return float("nan") if found is None else found[0] / found[1] * 1e4

    def clean_rate(setting, cut=False):
        N, D, gl, tl, g0, t0 = setting
        n = 0
        for sc, marked in clean:
            step = N if cut else len(sc)
            for i in range(0, len(sc), step):
                part, part_marked = sc[i:i + step], marked[i:i + step]
                hi = len(part) >= N and part.mean() > D
                gate, thr = (gl, tl) if hi else (g0, t0)
                n += sum(len(spans(w, thr)) for x, w in zip(part, part_marked) if x > gate)
        return n / words * 1e4

    def predict(setting):
        N, D, gl, tl, g0, t0 = setting
        hi = (doc_size >= N) & (dm > D)
        return np.where(hi, (s > gl) & (p > tl), (s > g0) & (p > t0)) | (s > args.sentence_threshold), hi

    def describe(setting):
        pred, hi = predict(setting)
        m, prec, rec = mcc(pred, gold)
        cr = clean_rate(setting) if clean else float("nan")
        cut = clean_rate(setting, cut=True) if clean else float("nan")
        per_pair = " ".join(f"{q[:2]} {mcc(pred[pairs == q], gold[pairs == q])[0]:.3f}" for q in sorted(set(pairs.tolist())))
        return (f"{m:.3f} {prec:.3f} {rec:.3f} | " + " ".join(f"{x:g}" for x in setting) +
                f" | {hi.mean():.3f} | {cr:.2f} {cut:.2f} oof {oof_clean_rate(setting):.2f} | {per_pair}")

    if args.setting:
        print("requested settings:", *[describe(tuple(int(x) if i == 0 else x for i, x in enumerate(st))) for st in args.setting],
              sep="\n  ")
    rows = []
    for g0 in (0.8, 0.9):
        for t0 in (0.5, 0.6, 0.7):
            for N in (1, 4, 8):
                for D in [1.0] + [round(x, 2) for x in np.arange(0.4, 0.81, 0.05)]:
                    for gl in (0.0, 0.3, 0.5, 0.7):
                        for tl in (0.4, 0.45, 0.5, 0.55, 0.6):
                            setting = (N, D, gl, tl, g0, t0)
                            pred, hi = predict(setting)
                            m, prec, rec = mcc(pred, gold)
                            rows.append((m, prec, rec, setting, hi.mean()))
    rows.sort(key=lambda r: -r[0])
    print("train out-of-fold: MCC precision recall | doc_min_sentences doc_mean_score doc_min_sentence_score "
          "doc_threshold min_sentence_score threshold | share of words in such documents | "
          "clean span findings /10k words: documents, documents cut into N sentences, out-of-fold clean rows | MCC per pair")
    base_clean = clean_rate((1, 1.0, 0.9, 0.5, 0.9, 0.5)) if clean else float("nan")
    base_oof = oof_clean_rate((1, 1.0, 0.9, 0.5, 0.9, 0.5))
    overall, quiet = [], []
    for m, prec, rec, setting, share in rows:
        if prec < 0.6:
            continue
        cr = clean_rate(setting) if clean else float("nan")
        cut = clean_rate(setting, cut=True) if clean and cr <= base_clean else float("nan")
        pred, _ = predict(setting)
        per_pair = " ".join(f"{q[:2]} {mcc(pred[pairs == q], gold[pairs == q])[0]:.3f}" for q in sorted(set(pairs.tolist())))
        line = (f"{m:.3f} {prec:.3f} {rec:.3f} | " + " ".join(f"{x:g}" for x in setting) +
                f" | {share:.3f} | {cr:.2f} {cut:.2f} oof {oof_clean_rate(setting):.2f} | {per_pair}")
        if len(overall) < 8:
            overall.append(line)
        oof_cr = oof_clean_rate(setting)
        margin_ok = setting[1] >= clean_max_mean(setting[0]) + args.margin
        if clean and cr <= base_clean and not oof_cr > base_oof and margin_ok:
            quiet.append(line)
        if len(quiet) >= args.top:
            break
    print("best at precision >= 0.6:", *overall, sep="\n  ")
    print(f"best that add no span finding on the clean copy ({base_clean:.2f} / 10k at 0.9 / 0.5 without document evidence; "
          f"out-of-fold clean rows {base_oof:.2f}) and whose doc_mean_score is {args.margin:g} above every clean "
          f"document's mean (N = 8: {clean_max_mean(8):.3f}):",
          *quiet, sep="\n  ")
    base = [r for r in rows if r[3][1] == 1.0 and r[3][4:] == (0.9, 0.5)][0]
    print(f"without document evidence (0.9 / 0.5): MCC {base[0]:.3f} precision {base[1]:.3f} recall {base[2]:.3f}")
    every = mcc((p > 0.5) | (s > args.sentence_threshold), gold)
    print(f"every sentence searched at P > 0.5: MCC {every[0]:.3f} precision {every[1]:.3f} recall {every[2]:.3f}")
    if args.word_gates and clean:
        word_gate_report(dict(np.load(args.oof)), model, pages, args.margin, args.sentence_threshold,
                         sorted({st[1] for st in args.setting} or {0.5}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
