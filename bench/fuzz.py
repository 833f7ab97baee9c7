#!/usr/bin/env python3
"""The long fuzz run of readers and engine (tests/test_properties.py is the
short one in the suite):

    python bench/fuzz.py --inputs 200000 --workers 2

Each input is random markup fragments, a mutated seed article (seeds/ of
this project) or random bytes with a BOM, read as text, Markdown or HTML
and linted with the default rules. A failure is an exception that escapes,
a rule that fails, a finding that points outside the file, a block origin
outside the source, or an input that takes over --limit seconds. Prints one
JSON summary (inputs, seconds, inputs/s, failures, slowest); writes each
failing input to --failures."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAGMENTS = [
    "Kiev", "rearmail", "approvedly", "former President Donald Trump", "Voldymir Zelensky", "Discover more from",
    "About The Author", "Subscribe to get the latest posts sent to your email.", "(Hanoi time)", "truth social",
    " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", ".", ",", "“", "”", "\"", "'", "’", "-", "—", "…", "?", "!",
    "&amp;", "&jerry;", "&#xD800;", "&#xDFFF;", "&#0;", "&#x110000;", "&#99999999999;", "&NotEqualTilde;", "&notit;",
    "&#", "&", "<", ">", "<p>", "</p>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<td>", "<tr>", "<table>",
    "<br>", "<script>", "</script>", "<pre>", "</pre>", "<code>", "<nav>", "<title>", "<meta name=date content=2025-01-01>",
    "<h1>", "<p hidden>", "<!--", "-->", "<!-- artlint-disable -->", "<!-- artlint-enable -->",
    "<!-- artlint-disable-next-line style -->", "<!-- artlint-disable translation.nonword -->",
    "---\n", "---\ndate: 2025-01-01\n---\n", "---\na: &a [1]\nb: *a\n---\n", "```", "~~~", "`", "**", "_", "#", "## ",
    "> ", "- ", "1. ", "|", "| a | b |\n|---|---|\n", "[", "](", ")", "![", "[x](https://e.com)", "https://example.com/x",
    "user@example.com", "@handle", "#tag", "WASHINGTON, March 16 (Reuters) -", "May 19, 2025", "On Monday,",
    "é", "ß", "日本語", "\u0301", "\u200b", "\ufeff", "\x0c", "\x85", "\u2028", "\ufffc", "\U0001F600",
    "qz" * 30, "a" * 80, "Mr.", "U.S.", "Secretary-General", "Zaporizhzhia", "COVID-19", "3pm",
]
BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
FORMATS = ("text", "markdown", "html")
SUFFIX = {"text": "txt", "markdown": "md", "html": "html"}
DATE = dt.date(2025, 6, 1)


def fragments(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        if rng.random() < 0.85:
            parts.append(rng.choice(FRAGMENTS))
        else:
            parts.append("".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 8))))
    return "".join(parts)


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(1, 8)):
        at = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.5:
            text = text[:at] + fragments(rng, rng.randrange(1, 6)) + text[at:]
        elif op < 0.8:
            text = text[:at] + text[at + rng.randrange(200):]
        else:
            piece = text[at:at + rng.randrange(200)]
            text = text[:at] + piece * 2 + text[at + len(piece):]
    return text


def make_input(index: int, seed: int, seeds: list[str]) -> tuple[str, str | bytes, str]:
    """(kind, source, format) of input `index`: the same every run."""
    rng = random.Random(seed * 1_000_003 + index)
    fmt = rng.choice(FORMATS)
    roll = rng.random()
    if roll < 0.55 or not seeds:
        return "fragments", fragments(rng, rng.randrange(1, 40)), fmt
    if roll < 0.8:
        seed_text = rng.choice(seeds)
        start = rng.randrange(max(1, len(seed_text) - 600))
        return "seed", mutate(rng, seed_text[start:start + rng.randrange(100, 600)]), fmt
    data = rng.choice(BOMS) + bytes(rng.randrange(256) for _ in range(rng.randrange(300)))
    return "bytes", data, fmt


def check_input(ruleset, selection, source, fmt) -> None:
    from linter.engine import lint_documents
    from linter.model import LintError
    from linter.readers import decode, read_source

    path = f"fuzz.{SUFFIX[fmt]}"
    if isinstance(source, bytes):
        try:
            source = decode(path, source, fmt)
        except LintError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(path), str(exc)
            return
    try:
        doc = read_source(path, source, fmt)
    except LintError as exc:  # a reader may refuse a file, on one line naming it
        assert "\n" not in str(exc) and str(exc).startswith(path), str(exc)
        return
    for block in doc.blocks:
        assert len(block.origins) == len(block.text), "origins and text differ in length"
        assert all(0 <= o < len(source) for o in block.origins), "an origin outside the source"
    notices = ruleset.context.notices
    notices.seen.clear()  # one input's warnings are not the next one's (and are not printed)
    ruleset.budget.used.clear()  # every input is named fuzz.*: each gets its own time budget
    notices.stream = _state.setdefault("devnull", open(os.devnull, "w"))
    findings, errors = lint_documents([doc], ruleset, selection)
    assert all("\n" not in line for line in notices.seen), notices.seen
    assert not errors, errors[0]
    starts = doc.line_starts
    for f in findings:
        for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
            assert 1 <= line <= len(starts) and column >= 1, f"finding outside the file: {f}"
            assert starts[line - 1] + column - 1 < len(source), f"finding outside the file: {f}"


_state = {}


def init_worker():
    from linter.config import Config
    from linter.engine import RuleSet, Selection

    selection = Selection(date=DATE)
    _state["ruleset"] = RuleSet(Config(), selection)
    _state["selection"] = selection
    _state["seeds"] = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for fmt in FORMATS:  # load what the rules load lazily (knowledge base, word lists) before timing
        check_input(_state["ruleset"], selection, _state["seeds"][0] if _state["seeds"] else "Kiev", fmt)


def run_chunk(args):
    start_index, count, seed, limit = args
    failures, slowest, kinds = [], (0.0, None), {}
    for index in range(start_index, start_index + count):
        kind, source, fmt = make_input(index, seed, _state["seeds"])
        kinds[kind] = kinds.get(kind, 0) + 1
        began = time.perf_counter()
        try:
            check_input(_state["ruleset"], _state["selection"], source, fmt)
            problem = None
        except BaseException as exc:  # noqa: BLE001 - that is what we count
            if isinstance(exc, KeyboardInterrupt):
                raise
            problem = f"{type(exc).__name__}: {exc}"[:500] + " | " + traceback.format_exc(limit=-2)[-500:]
        took = time.perf_counter() - began
        if took > limit and problem is None:
            problem = f"took {took:.2f} s (limit {limit} s)"
        if took > slowest[0]:
            slowest = (took, index)
        if problem:
            failures.append({"index": index, "kind": kind, "format": fmt, "problem": problem,
                             "input": source if isinstance(source, str) else source.hex()})
    return count, failures, slowest, kinds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=2.0, help="seconds an input may take")
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--failures", default="fuzz-failures.jsonl")
    args = parser.parse_args(argv)

    chunks = [(i, min(args.chunk, args.inputs - i), args.seed, args.limit) for i in range(0, args.inputs, args.chunk)]
    done, failures, slowest, kinds = 0, [], (0.0, None), {}
    began = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers, initializer=init_worker) as pool:
        for count, failed, slow, chunk_kinds in pool.imap_unordered(run_chunk, chunks):
            done += count
            failures += failed
            slowest = max(slowest, slow, key=lambda s: s[0])
            for k, v in chunk_kinds.items():
                kinds[k] = kinds.get(k, 0) + v
            if done % 20_000 < args.chunk:
                print(f"fuzz: {done:,} inputs, {len(failures)} failures, {done / (time.perf_counter() - began):.0f}/s",
                      file=sys.stderr, flush=True)
    seconds = time.perf_counter() - began
    if failures:
        with open(args.failures, "w", encoding="utf-8") as fh:
            for failure in failures:
                fh.write(json.dumps(failure, ensure_ascii=False) + "\n")
    print(json.dumps({"inputs": done, "kinds": kinds, "workers": args.workers, "seconds": round(seconds, 1),
                      "inputs_per_second": round(done / seconds, 1), "failures": len(failures),
                      "slowest_seconds": round(slowest[0], 3), "slowest_index": slowest[1],
                      "first_failures": [f["problem"][:200] for f in failures[:5]]}, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
