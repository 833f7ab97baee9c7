#!/usr/bin/env python3
"""Line-level precision/recall/F1 of the boilerplate rules on a folder of
labelled pages (<id>.txt, one block a line; <id>.labels: content,
boilerplate or headline a line), without the CLI: pages are read with
linter.readers.read_path and the `boilerplate` rules run directly, all
pages as one batch (as `artlint check FOLDER` does, so lines repeated
across pages count).

    .venv/bin/python bench/bp_eval.py [--dir DIR] [--split even|odd] [-v]
    .venv/bin/python bench/bp_eval.py --cv [--folds 5]

--split keeps every other page (sorted by name). --cv is a leave-sites-out
cross-validation of the tuned constants of linter/checks/boilerplate.py:
pages are grouped by site (the host of each page's URL in
../shared/data/pages/ground-truth.json when it is there, else one site a
page), the sites split into folds; for each fold the constants are chosen
by grid search on the other folds and scored on the held-out sites; the
held-out counts are pooled. --twofold does the same with two halves.
-v lists misses and false alarms.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.checks import boilerplate as bp  # noqa: E402
from linter.checks import check_class  # noqa: E402
from linter.context import Context  # noqa: E402
from linter.readers import read_path  # noqa: E402
from linter.rules import load_rule  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "boilerplate"
GROUND_TRUTH = ROOT.parent / "shared" / "data" / "pages" / "ground-truth.json"
GRID = {"PROSE_MIN_WORDS": (8, 10, 12, 15), "BODY_MAX_GAP": (1, 2, 3, 5), "RUN_MIN_BLOCKS": (2, 3, 4, 6)}


def boilerplate_checks(rules_dir: Path, context: Context):
    rules = [load_rule("boilerplate", path) for path in sorted((rules_dir / "boilerplate").glob("*.yaml"))]
    context.rules = rules
    return [check_class(rule.check)(rule, context) for rule in rules]


def read_pages(pages: list[Path]) -> dict[Path, object]:
    return {page: read_path(str(page)) for page in pages}


def flag_all(docs: dict, checks) -> dict[Path, dict[int, list]]:
    """{page: {line: [findings]}} with the analyses of a previous run dropped
    (the wording cues, which no tuned constant changes, are kept)."""
    for doc in docs.values():
        for key in [k for k in doc.cache if isinstance(k, tuple) and k[0] == "boilerplate"]:
            del doc.cache[key]
    batch = list(docs.values())
    for check in checks:
        check.prepare(batch)
    out = {}
    for page, doc in docs.items():
        lines: dict[int, list] = {}
        for check in checks:
            for f in check.run(doc, None):
                if f.category == "boilerplate":
                    lines.setdefault(f.line, []).append(f)
        out[page] = lines
    return out


def labels_of(page: Path) -> list[str]:
    return page.with_suffix(".labels").read_text(encoding="utf-8").split("\n")


def counts(pages, hits) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for page in pages:
        for i, label in enumerate(labels_of(page), 1):
            if label in ("content", "boilerplate"):
                on = i in hits[page]
                tp += on and label == "boilerplate"
                fp += on and label == "content"
                fn += (not on) and label == "boilerplate"
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def set_constants(values) -> None:
    for name, value in zip(GRID, values):
        setattr(bp, name, value)


def sites(pages: list[Path]) -> dict[Path, str]:
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8")) if GROUND_TRUTH.is_file() else {}
    return {p: urlparse(truth[p.stem]["url"]).netloc if p.stem in truth else p.stem for p in pages}


def layout_hits(docs: dict, checks) -> dict[Path, set[int]]:
    """{page: lines} flagged, from the shared analysis alone (what
    Boilerplate.run reports, without building findings): fast for tuning."""
    for doc in docs.values():
        for key in [k for k in doc.cache if isinstance(k, tuple) and k[0] == "boilerplate"]:
            del doc.cache[key]
    checks[0].prepare(list(docs.values()))
    by_id = {c.rule.id: c for c in checks}
    out = {}
    for page, doc in docs.items():
        layout = checks[0].layout_of(doc)
        lines = set()
        for i, (rule_id, _) in layout.owner.items():
            block = doc.blocks[i]
            if by_id[rule_id].options.get("scope") and block.kind not in by_id[rule_id].options["scope"]:
                continue
            first, _, last, _ = doc.span(block, 0, len(block.text))
            lines.update(range(first, last + 1))
        out[page] = lines
    return out


def tune(pages, docs, checks):
    """The grid point with the best F1 on these pages (all pages form one
    batch, as in a run; only these pages are counted)."""
    best = None
    for values in itertools.product(*GRID.values()):
        set_constants(values)
        f1 = prf(*counts(pages, layout_hits(docs, checks)))[2]
        if best is None or f1 > best[0]:
            best = (f1, values)
    return best


def cross_validate(pages, docs, checks, folds: int) -> None:
    """Leave-sites-out: each fold's sites are scored with constants tuned on
    the other folds' sites."""
    site_of = sites(pages)
    names = sorted(set(site_of.values()))
    fold_of = {s: k % folds for k, s in enumerate(names)}
    default = tuple(getattr(bp, n) for n in GRID)
    pooled = [0, 0, 0]
    print(f"leave-sites-out cross-validation: {len(pages)} pages, {len(names)} sites, {folds} folds"
          + ("" if GROUND_TRUTH.is_file() else " (no ground-truth.json: one site a page)"))
    for k in range(folds):
        held = [p for p in pages if fold_of[site_of[p]] == k]
        train = [p for p in pages if fold_of[site_of[p]] != k]
        f1, values = tune(train, docs, checks)
        set_constants(values)
        c = counts(held, flag_all(docs, checks))
        pooled = [a + b for a, b in zip(pooled, c)]
        print(f"  fold {k}: tuned {dict(zip(GRID, values))} (train F1 {f1:.3f}); "
              f"held-out {len(held)} pages F1 {prf(*c)[2]:.3f}", flush=True)
    f1, values = tune(pages, docs, checks)
    print(f"tuned on all sites: {dict(zip(GRID, values))} (F1 {f1:.3f})")
    set_constants(default)
    p, r, f = prf(*pooled)
    print(f"held-out, pooled: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    print(f"shipped constants {dict(zip(GRID, default))} on all pages: F1 {prf(*counts(pages, flag_all(docs, checks)))[2]:.3f}")


def report(pages, docs, checks, verbose: bool) -> None:
    hits = flag_all(docs, checks)
    by_rule: dict[str, list[int]] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8").split("\n")
        for i, label in enumerate(labels_of(page), 1):
            if label not in ("content", "boilerplate"):
                continue
            on = i in hits[page]
            for f in hits[page].get(i, ()):
                by_rule.setdefault(f.rule, [0, 0])[label == "content"] += 1
            if verbose and on != (label == "boilerplate"):
                tag = "FP  " + ",".join(sorted({f.rule.split('.')[-1] for f in hits[page][i]})) if on else "MISS"
                print(f"{tag} {page.stem}:{i}: {text[i - 1][:110]}")
    tp, fp, fn = counts(pages, hits)
    prec, rec, f1 = prf(tp, fp, fn)
    for rule, (good, bad) in sorted(by_rule.items()):
        print(f"  {rule:<40} boilerplate {good:>4}  content {bad:>3}")
    print(f"pages {len(pages)}  boilerplate lines {tp + fn}")
    print(f"precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}  (content lines flagged: {fp})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("--cv", action="store_true", help="leave-sites-out cross-validation of the tuned constants")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--twofold", action="store_true", help="--cv with two folds")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not args.dir.is_dir():
        print(f"bp_eval: no labelled pages at {args.dir} (../shared is not here)", file=sys.stderr)
        return 2
    pages = sorted(args.dir.glob("*.txt"))
    if args.split:
        pages = pages[0 if args.split == "even" else 1::2]
    docs = read_pages(pages)
    checks = boilerplate_checks(args.rules, Context())
    if args.cv or args.twofold:
        cross_validate(pages, docs, checks, 2 if args.twofold else args.folds)
    else:
        report(pages, docs, checks, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
