"""False alarms of the rule checks that feed garble detection (nonword,
misspelled-name, unbalanced-quotes) on edited English, and their precision
on machine translation, from the MLQE-PE benchmark.

    .venv/bin/python bench/rule_precision.py [../shared/data/mtqe/dev.tsv] [-v]

The sentences of each doc_id become one plain-text article, one sentence a
line (as ../shared/tools/wordscore.py does), written twice: once with the
human post-edits (`pe_sentence`, edited English: every finding there is a
false alarm, bar the post-editor's own slips) and once with the machine
translations (`mt_sentence`: a finding is right when it covers a word the
post-editor changed). `artlint check --format json` is run over each set
with only these rules selected; the script prints findings per rule and
severity, per 10,000 words, and for MT the share of findings that cover a
BAD word. -v lists the matched words. The post-edits come tokenised
('" word "', "don 't"); they are detokenised first. --project runs another
checkout's linter (`git archive COMMIT | tar -x -C DIR`, and link DIR/linter/packs
to DIR/rules so that it reads its own rules) for a before/after. --pages lints
the article bodies of ../shared/data/pages (edited web copy) instead. Needs ../shared (says so when absent).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "mtqe" / "dev.tsv"
RULES = ["translation.nonword", "translation.misspelled-name", "translation.unbalanced-quotes"]
SEVERITY = {"info": 0, "warning": 1, "error": 2}


def read_rows(path):
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh if line.strip()]


def detokenize(text):
    """Undo the post-edits' tokenisation ("don 't", "word ,", '" quoted "'),
    so that they read as edited copy: only for the post-edits (the MT
    sentences are as the system wrote them)."""
    text = re.sub(r" (n?['’](?:t|s|re|ve|ll|d|m)\b)", r"\1", text)
    text = re.sub(r" ([.,;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    pieces, opened = re.split(r'(")', text), False
    for i, piece in enumerate(pieces):
        if piece != '"':
            continue
        if not opened and i + 1 < len(pieces):
            pieces[i + 1] = pieces[i + 1].lstrip()
        elif opened and i > 0:
            pieces[i - 1] = pieces[i - 1].rstrip()
        opened = not opened
    return "".join(pieces)


def write_articles(rows, column, folder):
    """One file per (pair, doc_id); returns {(file, line): row}."""
    docs = defaultdict(list)
    for r in rows:
        docs[(r["lang_pair"], r.get("doc_id") or r["id"])].append(r)
    where = {}
    for n, (key, members) in enumerate(sorted(docs.items())):
        name = "%s-%05d.txt" % (key[0], n)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            for line_no, r in enumerate(members, 1):
                fh.write((detokenize(r[column]) if column == "pe_sentence" else r[column]) + "\n")
                where[(name, line_no)] = r
    return where


def lint(folder, project):
    cmd = [sys.executable, "-m", "linter", "check", "--format", "json", "--fail-level", "error"]
    cmd += [arg for rule in RULES for arg in ("--select", rule)] + [folder]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
    try:
        return json.loads(proc.stdout)["findings"]
    except (json.JSONDecodeError, KeyError):
        sys.exit("no JSON report (exit %d): %s" % (proc.returncode, proc.stderr.strip()[-400:]))


def bad_spans(row):
    """Character spans of the MT words tagged BAD."""
    spans, pos = [], 0
    text = row["mt_sentence"]
    for tok, tag in zip(row["mt_tokens"].split(), row["word_tags"].split()):
        i = text.find(tok, pos)
        if i < 0:
            continue
        pos = i + len(tok)
        if tag == "BAD":
            spans.append((i, pos))
    return spans


def report(label, findings, where, words, verbose, mt):
    print(f"{label}: {words} words")
    counts, right, shown = Counter(), Counter(), defaultdict(list)
    for f in findings:
        key = (f["rule"], f["severity"])
        counts[key] += 1
        row = where.get((os.path.basename(f["path"]), f["line"]))
        hit = None
        if mt and row is not None and row.get("word_tags"):
            start, end = f["column"] - 1, f["end_column"]
            hit = any(s < end and start < e for s, e in bad_spans(row))
            right[key] += hit
        shown[key].append(f["match"] + ("" if hit is None else " +" if hit else " -"))
    for key in sorted(counts):
        rate = 1e4 * counts[key] / max(words, 1)
        extra = f"  covers a BAD word: {right[key]}/{counts[key]}" if mt else ""
        print(f"  {key[0]:<32} {key[1]:<8} {counts[key]:5d}  {rate:6.2f} per 10k words{extra}")
        if verbose:
            print("      " + ", ".join(shown[key]))
    warn = sum(n for (rule, sev), n in counts.items() if SEVERITY[sev] >= 1)
    print(f"  at warning+: {warn}  ({1e4 * warn / max(words, 1):.2f} per 10k words)")


def pages(project, verbose):
    """The article bodies of ../shared/data/pages (edited web news, one
    paragraph a line): every finding there is a false alarm, bar real slips."""
    truth = ROOT.parent / "shared" / "data" / "pages" / "ground-truth.json"
    if not truth.exists():
        sys.exit(f"{truth}: not found (the benchmark data lives in ../shared, next to the project)")
    bodies = json.loads(truth.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="rule-precision-") as folder:
        words = 0
        for page_id, page in bodies.items():
            body = page.get("articleBody") or ""
            words += len(body.split())
            Path(folder, f"{page_id}.txt").write_text(body + "\n", encoding="utf-8")
        report("pages (articleBody)", lint(folder, project), {}, words, verbose, mt=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", nargs="?", default=str(DEFAULT))
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--pages", action="store_true", help="lint the article bodies of ../shared/data/pages instead")
    ap.add_argument("--project", default=str(ROOT), help="run the linter of this checkout (e.g. an older commit)")
    args = ap.parse_args(argv)
    if not os.path.exists(args.tsv):
        sys.exit(f"{args.tsv}: not found (the benchmark data lives in ../shared, next to the project)")
    if args.pages:
        return pages(args.project, args.v)
    rows = read_rows(args.tsv)
    for column, mt in (("pe_sentence", False), ("mt_sentence", True)):
        with tempfile.TemporaryDirectory(prefix="rule-precision-") as folder:
            where = write_articles(rows, column, folder)
            words = sum(len(r[column].split()) for r in rows)
            report(column, lint(folder, args.project), where, words, args.v, mt)


if __name__ == "__main__":
    main()
