"""The shared prefilters of the per-document fast path give exactly the
answers of the full tests they stand for: LiteralGate (boilerplate's
literal tests of every pattern at once), CueFinder (best_cue through it),
NeedsIndex (many WordNeeds at once), and the names check's outcomes kept
per run of words whatever the article names."""
import random
import re
from pathlib import Path

import pytest

from linter import lexicon
from linter.analyses import BlockWords, NeedsIndex, WordNeeds
from linter.checks.boilerplate import SEVERITIES, CueFinder, best_cue, family_of
from linter.checks.names import Names
from linter.context import Context
from linter.knowledge import KnowledgeBase
from linter.readers import read_source
from linter.regexes import LiteralGate, folded, needed_words
from linter.rules import load_rule, load_rules, shipped_rules_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wording():
    rules = [r for r in load_rules([shipped_rules_dir()]) if r.check == "boilerplate"]
    families = [family_of(r) for r in rules]
    return tuple(sorted((f for f in families if f.regex is not None), key=lambda f: -SEVERITIES.index(f.severity)))


@pytest.fixture(scope="module")
def texts(wording):
    """Rule examples, the lines of the seeds, and random texts made of the
    patterns' own literals (so that many tests pass), in mixed case, with
    characters that fold unlike str.lower."""
    rules = [r for r in load_rules([shipped_rules_dir()]) if r.check == "boilerplate"]
    out = [e if isinstance(e, str) else e.get("text", "") for r in rules
           for kind in ("bad", "good") for e in r.examples.get(kind, [])]
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:12]:
        out += [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    literals = sorted({s for f in wording for starts, needed in f.regex.literals
                       for s in (starts or ()) + tuple(x for g in needed or () for x in g)})
    rng = random.Random(9)
    filler = ["the", "story", "said", "©", "İ", "ſ", "Kelvin \u212a", "—", ":", "|", "12:30", "a1b2c3d4e5f6"]
    for _ in range(3000):
        parts = rng.sample(literals, rng.randint(1, 4)) + rng.sample(filler, rng.randint(0, 3))
        rng.shuffle(parts)
        text = rng.choice(["", " "]).join(parts)
        out.append(text.upper() if rng.random() < 0.2 else text.capitalize() if rng.random() < 0.3 else text)
    return out


def passes(test, low: str) -> bool:
    starts, needed = test
    return (starts is None or low.startswith(tuple(starts))) and all(any(s in low for s in g) for g in needed or ())


def test_the_literal_gate_gives_exactly_the_items_whose_tests_pass(wording, texts):
    tests = [t for f in wording for t in f.regex.literals]
    gate = LiteralGate(tests)
    passed = 0
    for text in texts:
        low = folded(text)
        want = [i for i, t in enumerate(tests) if passes(t, low)]
        assert gate.passing(low) == want, text
        passed += len(want) > len([i for i, t in enumerate(tests) if t == (None, None)])
    assert passed > 1000  # the texts do hold literals: the comparison is not between empty lists


def test_the_literal_gate_on_short_strings_and_overlaps():
    tests = [(None, (("ad",),)), (("sub",), (("scribe", "scription"),)), (None, (("sign up",), ("for",))),
             (None, (("up f",),)), (None, None), (None, (("x",), ("newsletter", "letters")))]
    gate = LiteralGate(tests)
    for low in ["sign up for our newsletter", "subscribe", "subscription now", "read", "a letters x", "lead",
                "sign up", "up for", "", "ad"]:
        assert gate.passing(low) == [i for i, t in enumerate(tests) if passes(t, low)], low


def test_the_cue_finder_gives_best_cues_answers(wording, texts):
    finder = CueFinder(wording)
    found = 0
    for text in texts:
        want = best_cue(text, wording)
        got = finder.best(text)
        assert (got and (got[0].rule_id, got[1])) == (want and (want[0].rule_id, want[1])), text
        found += want is not None
    assert found > 300


def test_the_cue_finder_works_out_a_repeated_text_once_and_stays_bounded(wording, texts, monkeypatch):
    """A site repeats its template lines on every page: the second sight of
    a short text is answered from the finder's memo, with the same answer."""
    finder = CueFinder(wording)
    first = [finder.best(text) for text in texts]
    worked = []
    real = finder._best
    monkeypatch.setattr(finder, "_best", lambda text, count: (worked.append(text), real(text, count))[1])
    assert [finder.best(text) for text in texts] == first
    assert worked == []
    monkeypatch.setattr(CueFinder, "MEMO", 100)
    for text in dict.fromkeys(texts):
        finder.best(text + " again")
        assert len(finder.memo) <= 100
    assert len(set(worked)) == len(worked) > 100  # each new text worked out once, past the bound too


CASING = ["Truth Social", "the White House", "the Kremlin", "Big Ben", "İstanbul", "New York Times"]
ZONES = ["Hanoi", "Moscow", "Beijing", "GMT", "Kyiv", "New York"]


def test_the_needs_index_asks_only_whom_could_match_would_say_yes():
    rng = random.Random(3)
    needs = ([WordNeeds([needed_words(n, True)], True) for n in CASING]
             + [WordNeeds([needed_words(f"{z} time", False) for z in ZONES[k:k + 2]], False) for k in range(5)]
             + [WordNeeds([], False), WordNeeds([frozenset()], True)])
    index = NeedsIndex(needs)
    words = "truth social white house kremlin big ben istanbul new york times hanoi moscow time gmt kyiv the a".split()
    texts = ["the white house said", "ıstanbul", "İSTANBUL", "Truth  Social", "Hanoi time", "hanoi time", "ſocial"]
    texts += [" ".join(rng.choice([w, w.capitalize(), w.upper()]) for w in rng.sample(words, rng.randint(1, 6)))
              for _ in range(2000)]
    some = 0
    for text in texts:
        block = BlockWords(text)
        want = [i for i, n in enumerate(needs) if n.could_match(block)]
        assert index.possible(block) == want, text
        some += len(want) > 1
    assert some > 500


@pytest.fixture()
def names_check():
    rule = load_rule("translation", shipped_rules_dir() / "translation" / "misspelled-name.yaml")
    context = Context()
    context.__dict__["knowledge"] = KnowledgeBase.load([ROOT / "tests" / "data" / "knowledge_names"], use_cache=False)
    return Names(rule, context)


NAME_TEXTS = [
    "Volodymyr Zelensky arrived. Later Voldymir Zelensky and Zelenksy spoke.",
    "Voldymir Zelensky and Zelenksy spoke.",
    "Andri Yamak said so. Andriy Yermak agreed.",
    "Andri Yamak said so.",
    "Donald Trumpp's call came before Donald Trump spoke.",
    "Donald Trumpp's call.",
    "Donald Trump spoke. Later Donald Tramp said it.",  # a common word: only with the person named in full
    "Donald Tramp said it.",
    "Michael Waltz said.",
    "Mike Waltz spoke. Michael Waltz said.",
]


def findings(check, text):
    return [(f.match, f.severity, f.suggestions) for f in check.run(read_source("draft.txt", text))]


def test_names_outcomes_kept_per_run_do_not_depend_on_the_article_they_were_found_in(names_check):
    """One check object over articles that name the person in full and
    articles that do not, in both orders, gives what a fresh check gives."""
    def fresh(text):
        rule = load_rule("translation", shipped_rules_dir() / "translation" / "misspelled-name.yaml")
        return findings(Names(rule, names_check.context), text)

    want = [fresh(t) for t in NAME_TEXTS]
    assert [m for m, _, _ in want[6]] == ["Donald Tramp"] and want[7] == []  # the article's own names decide
    assert [m for m, _, _ in want[9]] == ["Michael Waltz"]
    assert [findings(names_check, t) for t in NAME_TEXTS] == want
    assert [findings(names_check, t) for t in reversed(NAME_TEXTS)] == list(reversed(want))
    assert names_check.judged  # the outcomes were kept


def test_boilerplate_findings_are_those_of_the_pattern_by_pattern_search(wording):
    """Whole pages through the engine: every block's cue from CueFinder is
    the cue best_cue gives, so what the rules report is unchanged."""
    from linter.checks.boilerplate import wording_cues

    page = (ROOT / "tests" / "data" / "page")
    docs = [read_source(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted(page.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".txt", ".md")]
    assert docs
    for doc in docs:
        got = wording_cues(doc.blocks, wording)
        want = [best_cue(b.text, wording) for b in doc.blocks]
        from linter.checks.boilerplate import spread_lists

        spread_lists(doc.blocks, want)
        assert [(c[0].rule_id, c[1]) if c else None for c in got] == [(c[0].rule_id, c[1]) if c else None for c in want]


def test_token_patterns_start_only_where_their_first_word_is(tmp_path):
    """find() with the first-word filter gives the spans of the walk from
    every token, on the shipped word-form pattern rules' examples and on
    random token sequences made of their words."""
    from linter.checks.tokenmatch import PatternSet, ends, find, is_lexical, tokenize

    def reference(patterns, tokens):
        viable = PatternSet(patterns).viable({t.text.lower() for t in tokens})
        out = []
        for i in range(len(tokens) if viable else 0):
            longest = max((e for p in viable for e in ends(p, tokens, i) if e > i), default=None)
            if longest is not None:
                out.append((i, longest))
        return out

    rules = [r for r in load_rules([shipped_rules_dir()]) if r.check == "pattern"
             and is_lexical([*r.params["patterns"], *r.params.get("exceptions", [])])]
    assert rules
    rng = random.Random(5)
    matched = 0
    for rule in rules:
        patterns = rule.params["patterns"]
        vocab = sorted({str(v) for p in patterns for spec in p for key in ("LOWER", "ORTH", "TEXT")
                        for v in ([spec[key]] if isinstance(spec.get(key), str) else
                                  spec.get(key, {}).get("IN", []) if isinstance(spec.get(key), dict) else [])})
        texts = [e if isinstance(e, str) else e.get("text", "") for kind in ("bad", "good")
                 for e in rule.examples.get(kind, [])]
        texts += [" ".join(rng.choice(vocab + ["the", "a", ".", "said", "Of"]) for _ in range(rng.randint(1, 12)))
                  for _ in range(200)]
        for text in texts:
            tokens = tokenize(text)
            want = reference(patterns, tokens)
            assert find(PatternSet(patterns), tokens) == want, (rule.id, text)
            matched += bool(want)
    assert matched > 100


def test_every_number_format_match_holds_a_digit_a_separator_and_a_digit():
    from linter.checks.locale import DIGIT_SEPARATOR_DIGIT, NUMBER_FORMATS

    rng = random.Random(11)
    digits = "0123456789" * 3 + "٣٤"  # and Arabic-Indic digits, which \\d matches too

    def number():
        groups = ["".join(rng.choice(digits) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))]
        return "".join(g + rng.choice([".", ",", "/", ""]) for g in groups).rstrip(".,/")

    matched = 0
    for name, source in NUMBER_FORMATS.items():
        regex = re.compile(source.replace("{units}", "per cent|percent|million"))
        for _ in range(4000):
            text = rng.choice(["", "on ", "x"]) + number() + rng.choice(["", " per cent", "%", " million", "."])
            for m in regex.finditer(text):
                matched += 1
                assert DIGIT_SEPARATOR_DIGIT.search(m.group()), (name, text)
    assert matched > 100  # about 150 matches of the five formats


def test_title_regexes_match_only_where_some_titles_words_are():
    """title_needs is a necessary condition for the title regexes that
    need a title (before, before_gap, title_word), on every seed line and
    on the window before each name in it."""
    from linter.checks.titles import WINDOW, title_index, title_needs

    index = title_index(Context().knowledge)
    needs = title_needs(index)
    texts = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            texts.append(line)
            texts += [line[max(0, m.start() - WINDOW):m.start()] for m in index.names.finditer(line)]
    texts += ["the PRESIDENT, Trump", "Prime-Minister Starmer", "Secretary‐General Guterres", "İSTANBUL mayor"]
    found = 0
    for text in texts:
        hits = [r.search(text) for r in (index.before, index.before_gap, index.title_word)]
        if any(hits):
            found += 1
            assert needs.possible(BlockWords(text)), text
    assert found > 50  # 69 texts with a titled mention


def test_block_words_lower_runs_are_those_of_the_lower_cased_text(texts):
    """BlockWords.lower lower-cases its runs, once each: the runs of the
    lower-cased text itself wherever that is ASCII (the old definition),
    on texts with characters that case-fold oddly (Kelvin sign, İ, ſ, Σ)."""
    rng = random.Random(4)
    odd = ["\u212a", "İ", "ſ", "ΟΔΟΣ.Β", "Straße", "ǅ", "Ⅻ", "_x_", "ΣΑΣ"]
    samples = list(texts) + [" ".join(rng.sample(odd + ["word", "Words", "KM"], 4)) for _ in range(500)]
    for text in samples:
        runs = re.findall(r"\w+", text)
        lowered = text.lower()
        old = frozenset(re.findall(r"\w+", lowered)) if lowered.isascii() else frozenset(r.lower() for r in runs)
        assert BlockWords(text).lower == old, text


def test_the_acronym_checks_shouted_test_on_words_equals_the_one_on_tokens():
    """acronym.shouted reads lexicon.WORD's words, not the tokens: same answers."""
    from linter import lexicon
    from linter.checks import acronym

    def on_tokens(tokens):
        words = [t for t in tokens if len(t.text) > 1 and t.text.isalpha()]
        return bool(words) and sum(t.text.isupper() for t in words) >= acronym.SHOUTED_SHARE * len(words)

    rng = random.Random(5)
    pool = ["NATO", "UJ", "the", "A", "ZSU", "Drones", "HIT", "x1", "ÉTÉ", "don't", "Co-op", "I", "—", "12"]
    samples = [" ".join(rng.choices(pool, k=rng.randint(0, 8))) for _ in range(2000)]
    samples += [line for seed in sorted((ROOT / "seeds").glob("*.txt")) for line in seed.read_text(encoding="utf-8").splitlines()]
    answers = set()
    for text in samples:
        answer = acronym.shouted(lexicon.WORD.findall(text))
        assert answer == on_tokens(lexicon.tokens(text)), text
        answers.add(answer)
    assert answers == {True, False}


def test_nonwords_any_unknown_equals_judging_every_word_part(texts):
    """any_unknown (a set of the block's words less those known before)
    says True exactly when some word part (word_parts: hyphenated compounds
    split) is unknown, whatever the check judged before; foreign_quotes on
    the words' texts gives the spans it gave on tokens."""
    from linter.checks import nonword

    rule = load_rule("translation", shipped_rules_dir() / "translation" / "nonword.yaml")
    context = Context()
    context.__dict__["knowledge"] = KnowledgeBase.load([ROOT / "tests" / "data" / "knowledge_names"], use_cache=False)
    warm, judge = nonword.Nonword(rule, context), nonword.Nonword(rule, context).judge
    rng = random.Random(6)
    pool = ["the", "Kyiv", "approvedly", "well-known", "xqzt-run", "co‐operation", "said", "'quoted", "dfgrt",
            "Zelenksy", "mid-", "-", "“Das ist gut und schön”", "ok", "3pm", "US-led", "brrrk"]
    samples = list(texts) + [" ".join(rng.choices(pool, k=rng.randint(1, 7))) for _ in range(2000)]
    answers = set()
    for text in samples:
        want = any(judge(t.text) for t in nonword.word_parts(text))
        assert warm.any_unknown(text) == want, text
        answers.add(want)

        def spans_on_tokens(text=text):
            out = []
            for m in nonword.QUOTED.finditer(text):
                words = lexicon.tokens(m.group(1))
                if len(words) >= 3 and sum(judge(t.text) for t in words) >= len(words) / 2:
                    out.append(m.span())
            return out
        assert nonword.foreign_quotes(text, warm.unknown) == spans_on_tokens(), text
    assert answers == {True, False} and warm.fine


def compare_as_written_before(check, texts, keys, known, in_article):
    """names.Names.compare as it was, one in_article at a time (the reference)."""
    from linter.checks.names import edit_distance, skeleton

    telling, swapped, edits = [], False, 0
    for n, (text, key) in enumerate(zip(texts, keys)):
        word, ref = skeleton(text), known.words[n]
        if word == ref:
            continue
        surname = n == len(texts) - 1
        common = surname and check.is_common(text)
        if key == known.keys[n] and not common:
            if surname:
                telling.append(text)
        elif not surname and check.same_first_name(word, ref):
            swapped = True
        elif check.close_word(word, ref, common=common):
            telling.append(text)
            edits += edit_distance(word, ref)
        else:
            return None
    if edits > check.max_edits + 1:
        return None
    if not telling:
        if swapped and not in_article and check.is_common(texts[-1]):
            return None
        return in_article or not swapped
    if in_article or all(check.is_rare(t) for t in telling):
        return True
    return None


def test_names_compare_both_equals_compare_for_each_in_article(names_check):
    """compare_both's pair is compare(True), compare(False) as written before,
    on every known name against re-spellings, near misses, other forms of
    the first name and other people's words."""
    from linter.checks.names import sound_key

    index = names_check.index
    known_names = [k for group in index.by_key.values() for k in group]
    rng = random.Random(7)
    words = sorted({w for k in known_names for w in k.words} | {"Tramp", "Pine", "Chris", "Mike", "Michael", "Said"})

    forms: dict[int, list[str]] = {}  # first-name class -> its names
    for name, classes in names_check.first_names.items():
        for c in classes:
            forms.setdefault(c, []).append(name)

    def variants(k):
        base = [w.capitalize() for w in k.words]
        yield base
        for c in names_check.first_names.get(k.words[0], ()):  # another form of the first name
            for other in forms[c][:3]:
                yield [other.capitalize()] + base[1:]
        for n in range(len(base)):
            w = base[n]
            for v in (w[:-1], w + "e", w[:1] + w[2:], w[:1] + w[2:3] + w[1:2] + w[3:], rng.choice(words).capitalize()):
                yield base[:n] + [v or w] + base[n + 1:]

    seen = {None: 0, True: 0, False: 0}
    for k in known_names:
        for texts in variants(k):
            keys = tuple(sound_key(t) for t in texts)
            pair = names_check.compare_both(tuple(texts), keys, k)
            assert pair == tuple(compare_as_written_before(names_check, texts, keys, k, i) for i in (True, False)), texts
            for v in pair:
                seen[v] += 1
    assert all(seen.values()), seen  # strong, weak and no candidate all came up


@pytest.mark.parametrize("each_key", [True, False])
def test_the_literal_gate_finds_the_same_strings_by_either_way_of_looking(wording, texts, monkeypatch, each_key):
    """present() looks for each key trigram in a long text, or among the
    text's trigrams: forced either way, the items passing are the same."""
    from linter import regexes

    real = regexes._search_each_key
    assert real(40, 600) and not real(469, 110)  # both ways are taken on the corpus' blocks
    monkeypatch.setattr(regexes, "_search_each_key", lambda keys, length: each_key)
    tests = [t for f in wording for t in f.regex.literals]
    gate = LiteralGate(tests)
    rng = random.Random(8)
    longer = [" ".join(rng.sample(texts, 6)) for _ in range(300)]
    for text in list(texts) + longer:
        low = folded(text)
        assert gate.passing(low) == [i for i, t in enumerate(tests) if passes(t, low)], text


def test_the_cue_finder_on_blocks_of_every_length_gives_best_cues_answers(wording, texts):
    """Blocks of 1 to 100 words: each goes through the gate of the families
    its length allows (CueFinder.gate_for); the cues are best_cue's."""
    finder = CueFinder(wording)
    rng = random.Random(10)
    prose = ("the council said on tuesday that it would vote again after a long debate about "
             "the budget and the new school ").split()
    found = 0
    for text in texts:
        for extra in (0, 15, 28, 38, 44, 49, 58, 85):
            block = " ".join(rng.choices(prose, k=extra) + [text]) if extra else text
            want = best_cue(block, wording)
            got = finder.best(block)
            assert (got and (got[0].rule_id, got[1])) == (want and (want[0].rule_id, want[1])), block
            found += want is not None
    assert found > 1000 and len(finder.tier_gates) == len({f.max_words for f in wording})


def test_non_prose_spans_need_what_the_quick_scan_looks_for():
    """lexicon.non_prose_spans skips a text without NON_PROSE_NEEDS: every
    NON_PROSE match holds a match of it, on seeds, pages and made-up texts."""
    rng = random.Random(12)
    pool = ["see", "https://x.org/a", "HTTP://Y.COM", "Www.Site.Net/p", "mail@host.co.uk", "a.b@c.d", "@handle",
            "#tag", "kyiv.ua", "lemonde.fr", "Example.COM", "x.company", "3.io", "U.S.", "e.g.", "the", "end.", "—", "İo.İo", "ſite.com"]
    samples = [" ".join(rng.choices(pool, k=rng.randint(1, 5))) for _ in range(3000)]
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "page").rglob("*.*")):
        samples += path.read_text(encoding="utf-8", errors="replace").splitlines()
    spans = 0
    for text in samples:
        full = [m.span() for m in lexicon.NON_PROSE.finditer(text)]
        for start, end in full:
            assert lexicon.NON_PROSE_NEEDS.search(text[start:end]), (text, text[start:end])
        assert lexicon.non_prose_spans(text) == full, text
        spans += bool(full)
    assert spans > 1000


def test_strip_contraction_without_an_apostrophe_is_the_word_itself():
    """strip_contraction returns a word without ' or ’ at once: the regex
    way gives the same, on every word of the seeds and made-up ones."""
    def as_written_before(word):
        if re.search(r"n['’]t$", word, re.IGNORECASE):
            return word
        return lexicon.CONTRACTION.sub("", word)

    words = {w for seed in sorted((ROOT / "seeds").glob("*.txt")) for w in lexicon.WORD.findall(seed.read_text(encoding="utf-8"))}
    words |= {"don't", "DON’T", "Ukraine's", "Ukraine’s", "its'", "we're", "I'd", "ma'am", "rock'n'roll", "o'clock",
              "Kyiv", "NGOs", "can’t", "ʼs", "s", "'", "’"}
    assert sum(as_written_before(w) != w for w in words) > 10
    for word in words:
        assert lexicon.strip_contraction(word) == as_written_before(word), word


def near_misses_as_written_before(check, run, present):
    """names.Names.near_misses as it was: every span tried (the reference)."""
    from linter.checks.names import SIZES, skeleton

    texts_of_run = tuple(w for _, _, w in run)
    words = [skeleton(w) for w in texts_of_run]
    exact = [False] * len(run)
    for size in SIZES:
        for i in range(len(run) - size + 1):
            if tuple(words[i:i + size]) in check.index.accepted:
                exact[i:i + size] = [True] * size
    found, taken = [], [False] * len(run)
    for size in SIZES:
        for i in range(len(run) - size + 1):
            if any(exact[i:i + size]) or any(taken[i:i + size]):
                continue
            candidate = check.match(texts_of_run[i:i + size], present)
            if candidate is not None:
                taken[i:i + size] = [True] * size
                found.append((run[i][0], run[i + size - 1][1], candidate))
    return found


def test_names_near_misses_through_the_kept_spans_equal_trying_every_span(names_check):
    """Runs of known names' words, misspelt, swapped and mixed with other
    capitalised words, each judged with and without every person present:
    the spans kept per run (hopeful_spans) give what trying every span gives."""
    from linter.checks.names import capitalised_runs, person_key

    index = names_check.index
    people = sorted({person_key(k.person) for group in index.by_key.values() for k in group})
    words = sorted({w.capitalize() for group in index.by_key.values() for k in group for w in k.words})
    rng = random.Random(13)

    def misspelt(word):
        i = rng.randrange(1, max(len(word), 2))
        return rng.choice([word[:i] + word[i + 1:], word[:i] + "e" + word[i:], word[:i] + word[i:i + 1] * 2 + word[i + 1:], word])

    texts = list(NAME_TEXTS)
    for _ in range(600):
        run = [misspelt(rng.choice(words)) for _ in range(rng.randint(1, 5))]
        texts.append("Then " + " ".join(run) + " spoke, said " + " ".join(rng.sample(words, 2)) + ".")
    seen = 0
    for text in texts:
        for run in capitalised_runs(text):
            for present in (set(), set(people), set(rng.sample(people, 2))):
                want = near_misses_as_written_before(names_check, run, present)
                assert names_check.near_misses(run, present) == want, (text, run)
                seen += bool(want)
    assert seen > 100 and names_check.hopeful


def test_token_words_are_the_lower_cased_texts_of_the_tokens(texts):
    """tokenmatch.lower_words (ASCII text: the tokens of the lower-cased
    text) is {t.text.lower() for t in tokenize(text)}, on ASCII and other text."""
    from linter.checks.tokenmatch import lower_words, tokenize

    rng = random.Random(14)
    pool = ["DON'T", "Don’t", "U.S.", "e.g.", "CAN'T", "it's", "THEY'RE", "2,000", "9:00", "İstanbul", "Kelvin \u212a",
            "ſtraße", "ΟΔΟΣ", "--", "(x)", "ca n't", "WON'T", "I'M", "We'LL"]
    samples = list(texts) + [" ".join(rng.choices(pool, k=rng.randint(1, 6))) for _ in range(2000)]
    ascii_seen = 0
    for text in samples:
        assert lower_words(text) == {t.text.lower() for t in tokenize(text)}, text
        ascii_seen += text.isascii()
    assert ascii_seen > 1000 and len(samples) - ascii_seen > 500


def test_block_origins_sliced_from_the_identity_equal_a_range(monkeypatch):
    """document.offsets (a slice of a kept 0, 1, 2... array) is
    array("l", range(start, end)): as the array grows, past its cap, and
    for a start before 0."""
    from array import array

    from linter import document

    monkeypatch.setattr(document, "_IDENTITY", array("l"))
    monkeypatch.setattr(document, "IDENTITY_MAX", 1000)
    for start, end in [(0, 0), (0, 5), (3, 40), (30, 200), (0, 1000), (990, 1001), (1500, 1600), (-3, 4), (7, 7)]:
        assert document.offsets(start, end) == array("l", range(start, end)), (start, end)
    assert len(document._IDENTITY) == 1000
    builder = document.BlockBuilder("paragraph")
    builder.add("ab", 10)
    builder.add_char(" ", 12)
    builder.add("cd", 2000)
    assert builder.build(0).origins == array("l", [10, 11, 12, 2000, 2001])



def test_possessives_are_cut_only_where_the_pattern_could_match(texts):
    """names.capitalised_runs tries POSSESSIVE only on the words
    may_end_in_possessive lets through: on the others it would cut nothing."""
    from linter.checks import names

    samples = ["Jones's office", "Jones’s office", "the Davis’ house", "Paris is", "S. Sanders", "Ross'",
               "Mr Rhodes’s car, and Les Moines’s", "Boris Johnson's s", "United States", "Thomas ’s", "O’Brien’s"]
    words = [m.group() for text in samples + texts for m in names.NAME_WORD.finditer(text)]
    assert sum(names.POSSESSIVE.search(w) is not None for w in words) > 20
    for word in words:
        if not names.may_end_in_possessive(word):
            assert names.POSSESSIVE.sub("", word) == word, word


def test_a_block_that_may_not_start_a_spelling_has_no_run_that_spells_the_acronym(texts):
    """acronym.spelled_out makes a block's tokens and runs only when
    may_start_a_spelling says some wanted acronym could be spelled there: on
    every text, each acronym that some run spells (every stretch's initials,
    connectors' letters in or out) passes that test."""
    from linter import lexicon
    from linter.checks import acronym

    rng = random.Random(11)
    pool = ["Voice", "of", "America", "Organization", "for", "Security", "and", "Co-operation", "in", "Europe",
            "NATO", "the", "Élysée", "Ukraine's", "&", "Faith", "Freedom", "News", "iPhone", "(", ")", "x"]
    samples = [" ".join(rng.choices(pool, k=rng.randint(1, 10))) for _ in range(1500)]
    samples += [line for seed in sorted((ROOT / "seeds").glob("*.txt")) for line in seed.read_text(encoding="utf-8").splitlines()]
    spelled = 0
    for text in samples + texts:
        for run in acronym.capitalised_runs(text, lexicon.tokens(text)):
            initials = "".join(w[0] for w in run).upper()
            for size in range(2, 6):
                for at in range(len(initials) - size + 1):
                    candidate = initials[at:at + size]
                    if candidate.isascii() and candidate.isalpha() and acronym.spells(run, candidate):
                        spelled += 1
                        assert acronym.may_start_a_spelling(text, candidate), (text, candidate)
    assert spelled > 1000


def test_lexicon_word_matches_those_of_its_one_alternation_per_character_form(texts):
    """lexicon.WORD (runs of \\w between joiners) finds exactly the spans of
    the regex it was written as before, one alternation per character."""
    from linter import lexicon

    reference = re.compile(r"[^\W_](?:[\w]|['’\-‐](?=[^\W_]))*")
    rng = random.Random(12)
    pool = list("ab9_'’-‐ .É") + ["don't", "well-known", "COVID-19", "x_-y", "a--b", "o'-'k", "ß", "٣", "—"]
    samples = ["".join(rng.choices(pool, k=rng.randint(0, 14))) for _ in range(4000)] + texts
    for text in samples:
        assert [m.span() for m in lexicon.WORD.finditer(text)] == [m.span() for m in reference.finditer(text)], text


def test_names_word_pattern_matches_those_of_its_plain_form(texts):
    """names.NAME_WORD (a lookahead on the first characters before the two
    kinds of word) finds exactly the spans of the plain alternation."""
    from linter.checks import names

    reference = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*|\b(?:" + "|".join(names.PARTICLES) + r")\b")
    rng = random.Random(13)
    pool = names.PARTICLES + ("Jean", "van", "DER", "Élise", "O’Neil's", "x", " ", "-", "avon", "delta", "bin.", "Ibn")
    samples = [rng.choice(["", " "]).join(rng.choices(pool, k=rng.randint(0, 9))) for _ in range(3000)] + texts
    for text in samples:
        assert [m.span() for m in names.NAME_WORD.finditer(text)] == [m.span() for m in reference.finditer(text)], text


def test_a_gate_key_follows_the_code_content_not_its_path(tmp_path, monkeypatch):
    """Two installs of one version share the cached gates (regexcache's
    bundle is read whole on every run); other code or other tests do not."""
    from linter import regexes

    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / "cache"))
    code = Path(regexes.__file__).read_bytes()
    one, two, other = tmp_path / "a" / "regexes.py", tmp_path / "b" / "regexes.py", tmp_path / "c" / "regexes.py"
    for path, data in ((one, code), (two, code), (other, code + b"\n# another version\n")):
        path.parent.mkdir()
        path.write_bytes(data)
    tests = ((("ab",), None), (None, [["word"]]))
    key = regexes.gate_key(tests, str(one))
    assert key is not None and key == regexes.gate_key(tests, str(two))
    assert key != regexes.gate_key(tests, str(other))
    assert key != regexes.gate_key(tests[:1], str(one))
    assert regexes.gate_key(tests, str(tmp_path / "missing.py")) is None
