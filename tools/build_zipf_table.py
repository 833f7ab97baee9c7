#!/usr/bin/env python3
"""Build the dictionary tables that linter.lexicon reads instead of
importing wordfreq (importing it and loading its English list costs about
0.2 s, most of a one-file run):

    python tools/build_zipf_table.py      # writes linter/data/zipf_en.txt, top_en.txt.gz

zipf_en.txt (not compressed: read in a millisecond): one line a word of wordfreq's English list that is plain
(lexicon.PLAIN_WORD: a-z with inner apostrophes, or a-z and digits), sorted by bytes, as
`word centi-zipf` (`the 773`: zipf_frequency 7.73); the first line names
the wordfreq version, the letters beyond a-z of the other words in it
(table_letters: Latin, Greek and Cyrillic lower-case letters that wordfreq
never breaks a word between) and the number characters it breaks at
(table_separators: ², ½), and after them come the words of those letters
and a-z, digits and underscores with inner apostrophes or full stops that
wordfreq's tokeniser leaves as they are (café, schröder, u.s). Other words are not in it: lexicon asks wordfreq for those, so
they score exactly as before.
top_en.txt.gz: wordfreq's top_n_list("en", TOP_N) in its order.
tests/test_lexicon_table.py checks both against the installed wordfreq."""
from __future__ import annotations

import gzip
import math
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.lexicon import PLAIN_WORD, TOP_N, TOP_TABLE, ZIPF_TABLE, ZipfTable  # noqa: E402

SCRIPTS = r"[\p{Script=Latn}\p{Script=Grek}\p{Script=Cyrl}]"
LETTER_RANGE = range(0x80, 0x2000)  # Latin-1 to Latin Extended Additional, Greek, Cyrillic
# Latin-1, superscripts and subscripts, number forms
SEPARATOR_RANGE = [*range(0x80, 0x100), *range(0x2070, 0x20A0), *range(0x2150, 0x2190)]


def table_separators() -> str:
    """Characters that lexicon.WORD takes for word characters (numbers such
    as ² and ½) but wordfreq's tokeniser for breaks, as it does "-"."""
    import unicodedata

    import regex

    return "".join(c for c in map(chr, SEPARATOR_RANGE)
                   if c.isalnum() and not regex.match(r"[\w\p{So}]", c) and regex.fullmatch(r"\p{Word_Break=Other}", c)
                   and unicodedata.normalize("NFC", c) == c and c.casefold() == c)


def table_letters() -> str:
    """The letters beyond a-z that lexicon routes to the table: lower-case
    or caseless letters (case-folding and NFC leave them as they are, they
    combine with nothing) of Word_Break ALetter, so that wordfreq's
    Unicode word boundaries never fall between two of them."""
    import unicodedata

    import regex

    out = []
    for c in map(chr, LETTER_RANGE):
        if (unicodedata.category(c) in ("Ll", "Lo") and c.casefold() == c
                and unicodedata.normalize("NFC", c) == c and unicodedata.combining(c) == 0
                and regex.fullmatch(r"\w", c) and regex.fullmatch(r"\p{Word_Break=ALetter}", c)
                and regex.fullmatch(SCRIPTS, c)):
            out.append(c)
    return "".join(out)


def write_gz(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
        fh.write(data)
    print(f"{path.relative_to(ROOT)}: {len(lines)} lines, {path.stat().st_size:,} bytes")


def main() -> int:
    import wordfreq

    letters = table_letters()
    header = (f"#wordfreq {metadata.version('wordfreq')}{ZipfTable.LETTERS_MARK}{letters}"
              f"{ZipfTable.SEPARATORS_MARK}{table_separators()}")
    _, run, _ = ZipfTable(f"{header}\n".encode("utf-8")).patterns
    listed = wordfreq.get_frequency_dict("en")
    words = [w for w in listed if PLAIN_WORD.fullmatch(w)]
    words += [w for w in listed if not PLAIN_WORD.fullmatch(w) and run.fullmatch(w) and wordfreq.tokenize(w, "en") == [w]]
    words.sort(key=lambda w: w.encode("utf-8"))
    rows = []
    for w in words:
        centi = round(wordfreq.zipf_frequency(w, "en") * 100)
        assert centi / 100 == wordfreq.zipf_frequency(w, "en"), w
        assert 900 - centi == round(-100 * math.log10(listed[w])), w  # combined_zipf recovers the bucket
        rows.append(f"{w} {centi}")
    ZIPF_TABLE.write_text("".join(line + "\n" for line in [header, *rows]), encoding="utf-8")
    print(f"{ZIPF_TABLE.relative_to(ROOT)}: {len(rows)} words, {ZIPF_TABLE.stat().st_size:,} bytes")
    write_gz(TOP_TABLE, wordfreq.top_n_list("en", TOP_N))
    return 0


if __name__ == "__main__":
    sys.exit(main())
