#!/usr/bin/env python3
"""Line-level precision/recall/F1 of the boilerplate rules on a folder of
labelled pages (<id>.txt, one block a line; <id>.labels: content,
boilerplate or headline a line), without the CLI: pages are read with
linter.readers.read_path and the `boilerplate` rules run directly.

    .venv/bin/python bench/bp_eval.py [--dir DIR] [--split even|odd] [-v]

--split keeps every other page (sorted by name). --twofold tunes the
layout constants of linter/checks/boilerplate.py on one half (grid search)
and reports the other half, both ways. -v lists misses and false alarms.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.context import Context  # noqa: E402
from linter.readers import read_path  # noqa: E402
from linter.rules import load_rule  # noqa: E402
from linter.checks import check_class  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "boilerplate"


def boilerplate_checks(rules_dir: Path, context: Context):
    rules = [load_rule("boilerplate", path) for path in sorted((rules_dir / "boilerplate").glob("*.yaml"))]
    context.rules = rules
    return [check_class(rule.check)(rule, context) for rule in rules]


def flagged_lines(path: Path, checks) -> dict[int, list]:
    doc = read_path(str(path))
    lines: dict[int, list] = {}
    for check in checks:
        for f in check.run(doc, None):
            if f.category == "boilerplate":
                lines.setdefault(f.line, []).append(f)
    return lines


GRID = {"PROSE_MIN_WORDS": (8, 10, 12, 15), "BODY_MAX_GAP": (1, 2, 3, 5), "RUN_MIN_BLOCKS": (2, 3, 4, 6)}


def score(pages, checks) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for page in pages:
        labels = page.with_suffix(".labels").read_text(encoding="utf-8").split("\n")
        hits = flagged_lines(page, checks)
        for i, label in enumerate(labels, 1):
            if label in ("content", "boilerplate"):
                on = i in hits
                tp += on and label == "boilerplate"
                fp += on and label == "content"
                fn += (not on) and label == "boilerplate"
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def twofold(pages, rules_dir: Path) -> None:
    import itertools

    from linter.checks import boilerplate as bp

    halves = {"even": pages[0::2], "odd": pages[1::2]}
    for tune, test in (("even", "odd"), ("odd", "even")):
        best = None
        for values in itertools.product(*GRID.values()):
            for name, value in zip(GRID, values):
                setattr(bp, name, value)
            f1 = score(halves[tune], boilerplate_checks(rules_dir, Context()))[2]
            if best is None or f1 > best[0]:
                best = (f1, values)
        for name, value in zip(GRID, best[1]):
            setattr(bp, name, value)
        prec, rec, f1 = score(halves[test], boilerplate_checks(rules_dir, Context()))
        print(f"tuned on {tune} (F1 {best[0]:.3f}, {dict(zip(GRID, best[1]))}); "
              f"on {test}: precision {prec:.3f} recall {rec:.3f} F1 {f1:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("--twofold", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    pages = sorted(args.dir.glob("*.txt"))
    if args.split:
        pages = pages[0 if args.split == "even" else 1::2]
    if args.twofold:
        twofold(pages, args.rules)
        return 0
    checks = boilerplate_checks(args.rules, Context())
    tp = fp = fn = 0
    by_rule: dict[str, list[int]] = {}
    for page in pages:
        labels = page.with_suffix(".labels").read_text(encoding="utf-8").split("\n")
        text = page.read_text(encoding="utf-8").split("\n")
        hits = flagged_lines(page, checks)
        for i, label in enumerate(labels, 1):
            if label not in ("content", "boilerplate"):
                continue
            on = i in hits
            tp += on and label == "boilerplate"
            fp += on and label == "content"
            fn += (not on) and label == "boilerplate"
            for f in hits.get(i, ()):
                by_rule.setdefault(f.rule, [0, 0])[label == "content"] += 1
            if args.verbose and on != (label == "boilerplate"):
                tag = "FP  " + ",".join(sorted({f.rule.split('.')[-1] for f in hits[i]})) if on else "MISS"
                print(f"{tag} {page.stem}:{i}: {text[i - 1][:110]}")
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    f1 = 2 * prec * rec / max(prec + rec, 1e-9)
    for rule, (good, bad) in sorted(by_rule.items()):
        print(f"  {rule:<40} boilerplate {good:>4}  content {bad:>3}")
    print(f"pages {len(pages)}  boilerplate lines {tp + fn}")
    print(f"precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}  (content lines flagged: {fp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
