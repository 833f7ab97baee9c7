#!/usr/bin/env python3
"""Where the garble sentence model's CPU goes, stage by stage (no profiler:
each stage's function is wrapped with a process_time counter).

    python bench/profile_garble.py                 # mtqe dev sentences: one batch, and batches of 40
    python bench/profile_garble.py --corpus 300    # the batches a 300-file corpus run makes (one per document)
    python bench/profile_garble.py --article seeds/004_30d5efec39016882.txt --repeat 11 [--tree /work/main]
        # one article's sentence scores in fresh processes: CPU of loading the
        # plain-Python model and of scoring, median (the lexicon is warmed
        # first on the article's words, as the other rules do in a real run);
        # --parts adds the CPU of each part of the scoring
    python bench/profile_garble.py --article seeds/004_30d5efec39016882.txt --repeat 31 --against /tmp/ab_A
        # the same, alternating fresh processes of this tree and another
        # (e.g. main's linter/: git archive main linter | tar -x -C /tmp/ab_A):
        # each one's median and the median of the paired differences

Stages of the numpy path (model_runtime.GarbleModel.sentence_scores):
symbol ids, the four language models (score_tokens), the hashed n-gram
logit, the sentence features (rows.py), the trees; "rest" is tokenising
and the glue. The plain-Python path (small.py) is timed as one figure.
Sentences: the mt_sentence column of ../shared/data/mtqe/dev.tsv when it
is there, else the seeds' sentences (it says so).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from garble_cost import sentences as dev_sentences  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)


def timed(name, fn):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[name] += time.process_time() - start
    return wrapper


def instrument():
    from linter.garble import model_runtime as R
    from linter.garble.trees import Forest

    R.text_symbol_ids = timed("symbol ids", R.text_symbol_ids)
    R.score_tokens = timed("language models", R.score_tokens)
    R.hashed.score = timed("hashed n-grams", R.hashed.score)
    R.rows.sentence_features = timed("sentence features", R.rows.sentence_features)
    Forest.probability = timed("trees", Forest.probability)


def report(label: str, total: float, count: int) -> None:
    print(f"{label}: {count} sentences, {total:.3f} CPU s = {count / total:,.0f} sentences per CPU-second")
    for name, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:7.3f} s  {100 * seconds / total:5.1f} %  {name}")
    print(f"  {total - sum(SPENT.values()):7.3f} s  {100 * (total - sum(SPENT.values())) / total:5.1f} %  rest")
    SPENT.clear()


def run_batches(model, batches: list[list[str]], label: str) -> None:
    start = time.process_time()
    for batch in batches:
        model.sentence_scores(batch)
    report(label, time.process_time() - start, sum(map(len, batches)))


def corpus_batches(files: int) -> list[list[str]]:
    """The sentence batches of a corpus run (bench.py's corpus), one per document."""
    from bench import build_corpus, describe_sources
    from linter import garble
    from linter.cli import config_loader
    from linter.engine import Selection
    from linter.session import Session

    print(describe_sources())
    seen = []
    original = garble.sentence_scores

    def record(texts):
        seen.append(list(texts))
        return original(texts)

    garble.sentence_scores = record
    with tempfile.TemporaryDirectory() as tmp:
        paths, _ = build_corpus(Path(tmp), files)
        session = Session(selection=Selection(select=("translation.garbled-sentence",), ignore=()),
                          config_for=config_loader(None, None))
        session.lint_inputs([(str(p), None) for p in paths])
    garble.sentence_scores = original
    return seen


ONE_ARTICLE = """
import gc, sys, time
gc.set_threshold(100_000, 10, 10)  # as `artlint check` sets it (cli.raise_gc_threshold)
sys.path.insert(0, {tree!r})
from linter import lexicon, garble
text = open({article!r}, encoding="utf-8").read()
for word in lexicon.WORD.findall(text):
    lexicon.zipf(word.lower()); lexicon.is_known(word.lower())
from linter.garble import hashed, small
parts = {{}}

def timed(owner, name, label):
    real = getattr(owner, name, None)
    if real is None:  # (an older tree: --tree)
        return
    def run(*args, **kwargs):
        began = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            parts[label] = parts.get(label, 0.0) + time.process_time() - began
    setattr(owner, name, run)

if {parts!r}:
    timed(small, "tokenize", "tokens")
    if hasattr(small, "MODEL_TOKEN"):  # (a tree whose small.py takes the token texts by MODEL_TOKEN.findall)
        class Tokens:
            findall = staticmethod(small.MODEL_TOKEN.findall)
        small.MODEL_TOKEN = Tokens
        timed(Tokens, "findall", "tokens")
    timed(small, "symbol_ids", "symbol ids")
    timed(small, "text_symbol_ids", "symbol ids")
    timed(small.SmallLM, "score_sequence", "language models")
    timed(small.SmallModel, "ngram_logit", "hashed n-grams")
    timed(hashed.TokenLogits, "of_words", "word logits")
    timed(small.SmallModel, "word_logits", "word logits")  # (what trees before of_words call)
    timed(small, "sentence_row", "features")
    timed(small.SmallForest, "probability", "trees")
    timed(small.SmallForest, "probabilities", "trees")  # (the trees of every row at once)
start = time.process_time()
found = [text[s:e] for s, e in lexicon.sentences(text) if len(lexicon.tokens(text[s:e])) >= 4]
model = garble.load_small()
loaded = time.process_time()
model.sentence_scores(found)
print(len(found), loaded - start, time.process_time() - loaded, "numpy" in sys.modules,
      *(f"{{k}}={{v}}".replace(" ", "_") for k, v in parts.items()))
"""


def one_article(article: Path, repeat: int, tree: Path, parts: bool = False) -> None:
    import statistics
    import subprocess

    code = ONE_ARTICLE.format(tree=str(tree), article=str(article.resolve()), parts=parts)
    runs, spent = [], defaultdict(list)
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree).stdout.split()
        runs.append((int(out[0]), float(out[1]), float(out[2]), out[3]))
        for item in out[4:]:
            name, seconds = item.rsplit("=", 1)
            spent[name.replace("_", " ")].append(float(seconds))
    load = statistics.median(r[1] for r in runs)
    score = statistics.median(r[2] for r in runs)
    print(f"{article.name} in {tree}: {runs[0][0]} sentences; plain-Python model load {1000 * load:.1f} ms CPU, "
          f"scoring {1000 * score:.1f} ms CPU, together {1000 * (load + score):.1f} ms (median of {repeat}; "
          f"fastest {1000 * min(r[1] + r[2] for r in runs):.1f} ms); numpy imported: {runs[0][3]}")
    for name, seconds in spent.items():  # (each part timed by a wrapper, which adds a little)
        print(f"  scoring part {name:28s} min {1000 * min(seconds):5.1f} ms, median {1000 * statistics.median(seconds):5.1f} ms")


def paired(article: Path, repeat: int, a: Path, b: Path) -> None:
    """Load + scoring CPU of one article, tree a and tree b in alternating
    fresh processes (the order swapped every round)."""
    import statistics
    import subprocess

    cpu: dict[Path, list[float]] = {a: [], b: []}
    for n in range(repeat):
        for tree in (a, b) if n % 2 == 0 else (b, a):
            code = ONE_ARTICLE.format(tree=str(tree), article=str(article.resolve()), parts=False)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree).stdout.split()
            cpu[tree].append((float(out[1]), float(out[2])))
    for name, tree in (("A", a), ("B", b)):
        load, score = (statistics.median(1000 * r[i] for r in cpu[tree]) for i in (0, 1))
        print(f"{name} {tree}: load {load:.1f} ms, scoring {score:.1f} ms CPU (medians of {repeat})")
    for i, what in ((0, "load"), (1, "scoring"), (None, "together")):
        diff = sorted(1000 * ((y[i] - x[i]) if i is not None else sum(y) - sum(x)) for x, y in zip(cpu[a], cpu[b]))
        q = len(diff) // 4
        print(f"paired B - A, {what}: median {statistics.median(diff):+.1f} ms (quartiles {diff[q]:+.1f}, {diff[-q - 1]:+.1f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=int, help="files of a corpus run whose per-document batches to replay")
    ap.add_argument("--article", type=Path, action="append", help="one article's cost (repeatable)")
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--parts", action="store_true", help="with --article: the CPU of each part of the scoring too")
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose linter/ --article runs (default: this one)")
    ap.add_argument("--against", type=Path, help="with --article: paired A/B, this tree (A) against --tree (B)")
    args = ap.parse_args()
    if args.article and args.against:
        for article in args.article:
            paired(article, args.repeat, args.against.resolve(), args.tree.resolve())
        return 0
    if args.article:
        for article in args.article:
            one_article(article, args.repeat, args.tree.resolve(), args.parts)
        return 0
    from linter import garble

    if args.corpus:
        batches = corpus_batches(args.corpus)
        print(f"{len(batches)} documents, {sum(map(len, batches))} sentences")
        # a fresh model for each path: caches start cold, as in a worker process
        small = garble.load_small.__wrapped__()
        start = time.process_time()
        for batch in batches:
            small.sentence_scores(batch)
        total = time.process_time() - start
        print(f"plain Python (small.py), per document: {total:.3f} CPU s = {sum(map(len, batches)) / total:,.0f} sentences per CPU-second")
        instrument()
        run_batches(garble.load.__wrapped__(), batches, "numpy, per document (caches cold at the start)")
        return 0
    lines = dev_sentences()
    small = garble.load_small()
    start = time.process_time()
    small.sentence_scores(lines[:500])
    total = time.process_time() - start
    print(f"plain Python (small.py): 500 sentences, {total:.3f} CPU s = {500 / total:,.0f} sentences per CPU-second (cold caches)")
    instrument()
    model = garble.load()
    run_batches(model, [lines], "numpy, one batch (cold caches)")
    run_batches(model, [lines], "numpy, one batch (warm caches)")
    run_batches(model, [lines[i:i + 40] for i in range(0, len(lines), 40)], "numpy, batches of 40 (warm caches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
