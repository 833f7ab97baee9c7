"""The shipped dictionary table (linter/data, built by
tools/build_zipf_table.py) must answer exactly what wordfreq answers: a
table that drifts from the installed wordfreq (a new wordfreq release, a
hand edit, a word lost) would change findings silently."""
import random
import string

import pytest
import wordfreq

from linter import lexicon


def table_rows():
    lines = lexicon.ZIPF_TABLE.read_text(encoding="ascii").split("\n")
    assert lines[0].startswith("#wordfreq ") and lines[-1] == ""
    return [line.split(" ") for line in lines[1:-1]]


def test_every_table_entry_is_wordfreqs_value():
    rows = table_rows()
    wrong = [(w, c) for w, c in rows if int(c) / 100 != wordfreq.zipf_frequency(w, "en")]
    assert not wrong[:10]
    assert [w.encode() for w, _ in rows] == sorted(w.encode() for w, _ in rows)  # bisection needs the order


def test_every_plain_word_of_wordfreq_is_in_the_table():
    plain = {w for w in wordfreq.get_frequency_dict("en") if lexicon.PLAIN_WORD.fullmatch(w)}
    assert plain == {w for w, _ in table_rows()}
    assert {"00th", "0000", "1st", "the"} <= plain


def test_table_lookup_finds_each_word_and_only_them():
    table = lexicon.zipf_table()
    rows = table_rows()
    for w, c in random.Random(1).sample(rows, 3000) + rows[:3] + rows[-3:]:
        assert table.zipf(w) == int(c) / 100, w
    for w in ("qqzx", "zzzzzzzzzzzzzz", "rearmail", "aaaaaaaaaaaaaaaaaab"):
        assert table.zipf(w) == lexicon.UNLISTED_ZIPF == wordfreq.zipf_frequency(w, "en")


def test_the_table_is_memory_mapped_not_read():
    import mmap

    assert isinstance(lexicon.zipf_table().blob, mmap.mmap)
    assert lexicon.ZipfTable(b"#header\nthe 773\n").zipf("the") == 7.73  # bytes still serve


def sample_words():
    rng = random.Random(7)
    known = rng.sample(sorted(wordfreq.get_frequency_dict("en")), 2000)
    made_up = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    mutated = [w[:k] + rng.choice("aeiouxq'") + w[k:] for w in known[:1000] for k in [rng.randint(0, len(w))]]
    odd = ["Ukraine's", "Zelensky", "don’t", "well-known", "COVID-19", "3pm", "café", "naïve", "dogs'", "'tis",
           "rock'n'roll", "o'brien", "l'arc", "qu'un", "d'heure", "ad'u", "Kyiv", "the", "Straße", "İstanbul", "ﬁnance", "K", "x-ray", ""]
    numbers = [str(n) for n in range(0, 3000)] + [str(n) for n in range(1000, 100000, 997)]
    numbers += [f"{n}{end}" for n in (1, 2, 3, 11, 21, 99, 100, 2022) for end in ("st", "nd", "rd", "th", "s", "pm", "k")]
    numbers += ["0000", "00th", "a1b2", "ab12cd34", "1990s", "covid19", "x2", "4x4", "12345678901234567890", "3.5", "1,000"]
    hyphenated = ["russian-occupied", "vice-president", "trump-putin", "x-ray", "well-known", "a-b-c", "covid-19",
                  "qzx-the", "o'neill-smith", "l'arc-de", "the-l'arc", "2022-23", "one-on-one", "-the", "the-", "a--b"]
    hyphenated += [f"{a}-{b}" for a, b in zip(known[:300], known[300:600])]
    return known + made_up + mutated + odd + numbers + hyphenated


def test_zipf_equals_wordfreq_on_known_unknown_and_odd_words():
    lexicon.zipf.cache_clear()
    words = sample_words()
    wrong = [w for w in words if lexicon.zipf(w) != wordfreq.zipf_frequency(w.lower().replace("’", "'"), "en")]
    assert not wrong


def test_top_n_list_is_wordfreqs():
    assert lexicon.top_n_list(lexicon.TOP_N) == wordfreq.top_n_list("en", lexicon.TOP_N)
    assert lexicon.top_n_list(10) == wordfreq.top_n_list("en", 10)
    assert lexicon.top_n_list(lexicon.TOP_N + 5) == wordfreq.top_n_list("en", lexicon.TOP_N + 5)


@pytest.mark.parametrize("content", [None, b"#wordfreq 3\nthe 773", b""])
def test_a_missing_or_cut_table_falls_back_to_wordfreq(tmp_path, monkeypatch, content):
    path = tmp_path / "zipf_en.txt"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(lexicon, "ZIPF_TABLE", path)
    lexicon.zipf_table.cache_clear()
    lexicon.zipf.cache_clear()
    try:
        assert lexicon.zipf_table() is None
        assert lexicon.zipf("president") == wordfreq.zipf_frequency("president", "en")
    finally:
        lexicon.zipf_table.cache_clear()
        lexicon.zipf.cache_clear()
