#!/usr/bin/env python3
"""Build the dictionary tables that linter.lexicon reads instead of
importing wordfreq (importing it and loading its English list costs about
0.2 s, most of a one-file run):

    python tools/build_zipf_table.py      # writes linter/data/zipf_en.txt, top_en.txt.gz

zipf_en.txt (not compressed: read in a millisecond): one line a word of wordfreq's English list that is plain
(lexicon.PLAIN_WORD: a-z with inner apostrophes, or a-z and digits), sorted by bytes, as
`word centi-zipf` (`the 773`: zipf_frequency 7.73); the first line names
the wordfreq version. Words that are not plain are not in it: lexicon asks
wordfreq for those, so they score exactly as before.
top_en.txt.gz: wordfreq's top_n_list("en", TOP_N) in its order.
tests/test_lexicon_table.py checks both against the installed wordfreq."""
from __future__ import annotations

import gzip
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.lexicon import PLAIN_WORD, TOP_N, TOP_TABLE, ZIPF_TABLE  # noqa: E402


def write_gz(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
        fh.write(data)
    print(f"{path.relative_to(ROOT)}: {len(lines)} lines, {path.stat().st_size:,} bytes")


def main() -> int:
    import wordfreq

    words = sorted((w for w in wordfreq.get_frequency_dict("en") if PLAIN_WORD.fullmatch(w)),
                   key=lambda w: w.encode("utf-8"))
    rows = []
    for w in words:
        centi = round(wordfreq.zipf_frequency(w, "en") * 100)
        assert centi / 100 == wordfreq.zipf_frequency(w, "en"), w
        rows.append(f"{w} {centi}")
    version = f"#wordfreq {metadata.version('wordfreq')}"
    ZIPF_TABLE.write_text("".join(line + "\n" for line in [version, *rows]), encoding="ascii")
    print(f"{ZIPF_TABLE.relative_to(ROOT)}: {len(rows)} words, {ZIPF_TABLE.stat().st_size:,} bytes")
    write_gz(TOP_TABLE, wordfreq.top_n_list("en", TOP_N))
    return 0


if __name__ == "__main__":
    sys.exit(main())
