"""The shipped dictionary table (linter/data, built by
tools/build_zipf_table.py) must answer exactly what wordfreq answers: a
table that drifts from the installed wordfreq (a new wordfreq release, a
hand edit, a word lost) would change findings silently."""
import json
import os
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

from conftest import load_script
from linter import lexicon

ROOT = Path(__file__).resolve().parent.parent


def table_rows():
    lines = lexicon.ZIPF_TABLE.read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("#wordfreq ") and lines[-1] == ""
    return [line.split(" ") for line in lines[1:-1]]


def test_every_table_entry_is_wordfreqs_value():
    rows = table_rows()
    wrong = [(w, c) for w, c in rows if int(c) / 100 != wordfreq.zipf_frequency(w, "en")]
    assert not wrong[:10]
    assert [w.encode() for w, _ in rows] == sorted(w.encode() for w, _ in rows)  # bisection needs the order


def test_every_word_of_wordfreq_that_lexicon_looks_up_whole_is_in_the_table():
    """Plain words, and the words that wordfreq_tokens keeps as one token:
    a routed word missing from the table would score 0.0."""
    table = lexicon.zipf_table()
    whole = {w for w in wordfreq.get_frequency_dict("en")
             if lexicon.PLAIN_WORD.fullmatch(w) or lexicon.wordfreq_tokens(table, w) == [w]}
    assert whole == {w for w, _ in table_rows()}
    assert {"00th", "0000", "1st", "the", "café", "schröder", "erdoğan", "u.s", "москва"} <= whole


def build_script():
    return load_script(ROOT / "tools" / "build_zipf_table.py", "build_zipf_table")


def test_the_tables_letters_are_the_build_scripts_choice():
    table, build = lexicon.zipf_table(), build_script()
    letters = table.letters
    assert letters == build.table_letters()
    assert table.separators == build.table_separators() and {"²", "½", "⅓", "₂"} <= set(table.separators)
    assert {"ö", "ğ", "é", "ø", "ł", "ж", "λ"} <= set(letters)
    assert not {"ς", "ß", "\u0307", "\ufb01", "'", ".", "_", "1", "a"} & set(letters)  # case-folded away, a mark, ASCII


def other_words():
    """Texts of every shape wordfreq_tokens meets: random strings over letters,
    joiners, marks and digits; every table letter in each context; every
    wordfreq word that is not plain."""
    rng = random.Random(3)
    alphabet = [*"aeioulnd'-\u2010.", *"éöğıœçşñ", "ß", "Ö", "İ", "\ufb01", "Σ", "ς", "’", "_", "1", "2", "\u0307", "٣", "½", "²"]
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(40000)]
    words += ["".join(rng.choice("a1_'.é") for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    contexts = [("a", ""), ("", "a"), ("l'", ""), ("", "'s"), ("x-", ""), ("", "\u2010b"), ("d'", ""), ("", "'e"),
                ("", "."), ("a.", ""), ("'", "'"), ("", "-u.s."), ("qu'", ""), ("", "1")]
    letters = lexicon.zipf_table().letters
    words += [a + c + b for c in letters for a, b in contexts] + [c + "'" + c + c for c in letters]
    words += ["Schröder", "Erdoğan", "café", "naïve", "Zelenskyy’s", "L'Équipe", "Côte d'Ivoire", "vice\u2010president",
              "u.s.-backed", "credit...anna", "İstanbul", "Straße", "ΚΌΣΜΟΣ", "Москва", "d'enbogen", "wrath'", "'tis",
              "90's", "2019's", "my6sense's", "1.5", "1'000", "a1.b", "9a'e", "_l'été", "a._b", "design_kim", "4050р",
              "covid-19's", "1990s-era", "x_1'a",
              "¼", "½", "5½", "½-inch", "x²", "⅓'s", "-", "'", ".", "_", "-'-"]
    words += [w for w in wordfreq.get_frequency_dict("en") if not lexicon.PLAIN_WORD.fullmatch(w)]
    return words


def test_wordfreq_tokens_are_wordfreqs_tokens_and_zipf_its_answer():
    table = lexicon.zipf_table()
    lexicon.zipf.cache_clear()
    routed, wrong = 0, []
    for word in other_words():
        key = word.lower().replace("’", "'")
        tokens = lexicon.wordfreq_tokens(table, key)
        if tokens is not None:
            routed += 1
            if tokens != wordfreq.tokenize(key, "en"):
                wrong.append((word, tokens))
        if lexicon.zipf(word) != wordfreq.zipf_frequency(key, "en"):
            wrong.append((word, lexicon.zipf(word)))
    assert not wrong[:10]
    assert routed > 20000  # not vacuous: most of them go to the table


def test_table_lookup_finds_each_word_and_only_them():
    table = lexicon.zipf_table()
    rows = table_rows()
    for w, c in random.Random(1).sample(rows, 3000) + rows[:3] + rows[-3:]:
        assert table.zipf(w) == int(c) / 100, w
    for w in ("qqzx", "zzzzzzzzzzzzzz", "rearmail", "aaaaaaaaaaaaaaaaaab"):
        assert table.zipf(w) == lexicon.UNLISTED_ZIPF == wordfreq.zipf_frequency(w, "en")


def test_sampled_lookup_answers_as_the_whole_file_bisection():
    table = lexicon.zipf_table()
    rows = table_rows()
    words, _ = table.samples
    assert len(words) > 100  # not vacuous: the lookup really narrows by samples
    sampled = {w.decode("utf-8") for w in words}
    near = [w + tail for w in sampled for tail in ("", "a", "'", "~")] + [w[:-1] for w in sampled]
    edges = [rows[0][0], rows[-1][0], "", " ", "a b", "the\nthe", "\x00", "\U0010ffff", "zzzzzzzzzz~"]
    for word in [w for w, _ in rows] + near + edges:  # every word of the table, the samples and their neighbours
        assert table.zipf(word) == table.bisected_zipf(word.encode("utf-8")), word
    small = lexicon.ZipfTable(b"#header\na 100\nb 200\nc 300\n")
    assert [small.zipf(w) for w in ("a", "b", "c", "d", "")] == [1.0, 2.0, 3.0, lexicon.UNLISTED_ZIPF, lexicon.UNLISTED_ZIPF]


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


def test_wordfreq_tokens_normalise_as_wordfreq_does():
    """NFC and case-folding first: ß, ligatures, combining accents and final
    sigma reach the table as wordfreq spells them."""
    table = lexicon.zipf_table()
    assert lexicon.wordfreq_tokens(table, "straße") == ["strasse"] == wordfreq.tokenize("straße", "en")
    assert lexicon.wordfreq_tokens(table, "\ufb01nance") == ["finance"]
    assert lexicon.wordfreq_tokens(table, "cafe\u0301") == ["café"]
    assert lexicon.wordfreq_tokens(table, "λέξις") == ["λέξισ"] == wordfreq.tokenize("λέξις", "en")


TEXT_OF_OTHER_LETTERS = (
    "Gerhard Schröder met Recep Tayyip Erdoğan at a café in Montréal, L'Équipe reported. "
    "The vice\u2010president of Côte d'Ivoire, a naïve Pokémon fan, and Władysław Petrović "
    "spoke of the U.S.-backed plan for Timişoara and Târgu Mureș, ¼ of it by the 1990's.\n"
)


def test_a_check_run_over_words_of_other_letters_does_not_import_wordfreq(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT_OF_OTHER_LETTERS, encoding="utf-8")
    code = ("import json, sys\nimport linter.cli\nfrom linter import lexicon\n"
            "routed, route = set(), lexicon.wordfreq_tokens\n"
            "def recording(table, key):\n    routed.add(key)\n    return route(table, key)\n"
            "lexicon.wordfreq_tokens = recording\n"
            "try:\n    linter.cli.main(['check', '--jobs', '1', sys.argv[1]], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print(json.dumps({'wordfreq': 'wordfreq' in sys.modules, 'routed': sorted(routed)}), file=sys.stderr)")
    env = {**os.environ, "ARTLINT_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, cwd=ROOT, env=env)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert {"schröder", "erdoğan", "montréal", "1990's", "¼"} <= set(report["routed"]), report
    assert report["wordfreq"] is False, report


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
