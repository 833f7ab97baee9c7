"""Which LanguageTool rules fire on edited news copy, and how often.

Writes the `content` lines of each page of ../shared/data/boilerplate (as
../shared/tools/cleanrate.py does: professionally edited articles) and,
separately, the seed articles, runs `artlint check --select grammar` against
a LanguageTool server, and prints every LanguageTool rule and category that
fired, with counts per 10,000 words and a few of the matched spans, so that
misfires on headlines, datelines, quotations, names and British/American
spelling can be read and listed in the grammar defaults
(rules/grammar/languagetool.yaml).

    .venv/bin/artlint languagetool serve --port 8081 &
    .venv/bin/python bench/languagetool_rules.py --server http://127.0.0.1:8081
    .venv/bin/python bench/languagetool_rules.py --server URL --no-defaults   # every rule on

Edited copy still has the odd real error: the counts are an upper bound on
false alarms. Needs ../shared/data/boilerplate; says so when it is absent.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "boilerplate"


def write_clean_copy(data: Path, folder: Path) -> int:
    """One text file a page of content lines; returns the word count."""
    words = 0
    for page in sorted(data.glob("*.txt")):
        lines = page.read_text(encoding="utf-8").split("\n")
        labels = page.with_suffix(".labels").read_text(encoding="utf-8").split("\n")
        body = [line for line, label in zip(lines, labels) if label.strip() == "content" and line.strip()]
        if body:
            words += sum(len(line.split()) for line in body)
            (folder / page.name).write_text("\n".join(body) + "\n", encoding="utf-8")
    return words


def run(server: str, folder: Path, defaults: bool) -> list[dict]:
    command = [sys.executable, "-m", "linter.cli", "check", "--format", "json", "--select", "grammar",
               "--languagetool", server, str(folder)]
    if not defaults:
        config = folder.parent / f"{folder.name}-no-defaults.yaml"
        config.write_text(json.dumps({"languagetool": {"news_defaults": False, "timeout": 300}}))
        command[4:4] = ["--config", str(config)]
    else:
        config = folder.parent / f"{folder.name}-defaults.yaml"
        config.write_text(json.dumps({"languagetool": {"timeout": 300}}))
        command[4:4] = ["--config", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    for line in done.stderr.splitlines():
        if "LanguageTool" in line:  # a timeout would make the counts too low: say so
            print(f"   !! {line}")
    try:
        return json.loads(done.stdout)["findings"]
    except (json.JSONDecodeError, KeyError):
        sys.exit(f"no JSON report (exit {done.returncode}): {done.stderr.strip()[-400:]}")


def report(name: str, findings: list[dict], words: int, examples: int) -> None:
    by_rule: dict[tuple, list] = defaultdict(list)
    for f in findings:
        by_rule[(f.get("languagetool_category", ""), f.get("languagetool_rule", ""))].append(f["match"])
    print(f"== {name}: {len(findings)} LanguageTool findings in {words} words = "
          f"{1e4 * len(findings) / max(words, 1):.1f} per 10k words")
    categories = Counter(f.get("languagetool_category", "") for f in findings)
    print("   categories: " + ", ".join(f"{c} {n}" for c, n in categories.most_common()))
    for (category, rule), matches in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        shown = "; ".join(repr(m) for m in matches[:examples])
        print(f"  {len(matches):4d}  {1e4 * len(matches) / max(words, 1):6.1f}  {category}/{rule}: {shown}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="LanguageTool URL, e.g. http://127.0.0.1:8081")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-defaults", action="store_true", help="switch off the shipped news defaults")
    parser.add_argument("--examples", type=int, default=6)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: not found (it is in ../shared, beside the project); only the seeds are checked",
              file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="lt-rules-") as tmp:
        clean, seeds = Path(tmp) / "clean", Path(tmp) / "seeds"
        clean.mkdir()
        seeds.mkdir()
        if args.data.is_dir():
            words = write_clean_copy(args.data, clean)
            report("edited copy (cleanrate's)", run(args.server, clean, not args.no_defaults), words, args.examples)
        seed_words = 0
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            seed_words += len(text.split())
            (seeds / seed.name).write_text(text, encoding="utf-8")
        report("seeds (machine-translated, with real errors)", run(args.server, seeds, not args.no_defaults),
               seed_words, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
