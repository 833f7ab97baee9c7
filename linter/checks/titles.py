"""`titles`: titles of office-holders checked against the knowledge base on
the article's own date.

One analysis of a document finds every titled mention of a known person
("former US President Donald Trump", "Mike Waltz, the national security
adviser", "the former US president") and gives each a verdict; each rule
(`mode`) reports one kind of verdict:

    former       "former TITLE NAME" while NAME holds the office
    stale        "TITLE NAME" after NAME left the office
    future       "TITLE NAME" before NAME took the office
    unheld       "TITLE NAME" for an office NAME never held (as far as known)
    unnamed      "the former TITLE" when the story is about the sitting holder
    conflicting  one person given incompatible titles in one article
    undated      the article has no date and the fallback is `none`: one
                 finding says the titles were not judged
    pre-office   "President-elect NAME" once NAME has taken (or left) the office
    deceased     a person who had died speaks or acts ("Abe said on Tuesday")
    carried      a later surname-only reference to a person the article gave
                 a stale title ("Chancellor Angela Merkel" ... "Merkel said")
    near-miss    "TITLE Surnam" where Surnam is a near miss of a holder of that
                 office ("Prime Minister Starmar")

The article's date comes from the engine (doc.metadata: date, date_source,
date_confidence); a date that is only today's (no date in the file) or a
dateline whose year is a guess makes every verdict an `info` finding.
"""
from __future__ import annotations

import datetime as dt
import re
from ..records import field, record, replace
from functools import lru_cache
from itertools import chain

from .base import Check
from ..regexes import LIST, STR, compile_cached, only, trie_regex
from ..regexcache import compiled as compiled_re

MODES = ("former", "stale", "future", "unheld", "unnamed", "conflicting", "undated", "pre-office", "deceased",
         "carried", "near-miss")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# What a living person does in the news: present tense, or a past act dated by a weekday.
ACTS_NOW = compiled_re(
    r"(?:,[^,.;“”\"]{1,80},)?\s+(?:(?:also|again|now|still|reportedly)\s+)?(?:"
    r"(?:says|tells|warns|urges|insists|believes|wants|plans|hopes|argues|adds|thinks)\b"
    r"|is\s+(?:expected|due|set|scheduled|visiting|meeting|travelling|traveling|calling|urging)\b"
    r"|will\s+(?:visit|meet|travel|attend|speak|address|hold|host|lead)\b"
    rf"|(?P<dated>(?:said|told|announced|warned|urged|met|visited|wrote|posted|added|called|spoke)\b"
    rf"[^.;“”\"]{{0,60}}?\b(?:on\s+{WEEKDAY}|yesterday|today|this\s+week)\b))")
DEATH_GRACE_DAYS = 7  # "X said on Tuesday" may be right in the week after a death
# A surname reference that has the person act in the story ("Merkel said").
ACTS = compiled_re(r"\s+(?:(?:also|again|then|later|now)\s+)?(?:[a-z]+ed|[a-z]{3,}s|said|told|met|spoke|went|made|took|gave|"
                  r"sent|saw|won|led|held|wrote|thinks|thought|will|would|has|had|is|was)\b")
NEAR_MISS_RATIO = 0.8
# How a finding's message names a date that is not the article's own.
WEAK_SOURCES = {"fallback": "today, the article has no date", "ambiguous": "a dateline without a year"}
# Words that make a following title another office ("Vice President").
MODIFIERS = {"vice", "deputy", "assistant", "associate", "under", "lieutenant", "honorary", "first",
             "co", "sub", "pro", "executive", "regional", "provincial", "state", "club", "company"}
# Words after which a past title is normal ("under President Obama").
HISTORICAL = {"under", "during", "then", "late", "when", "while", "by-then"}
# Words before "TITLE, NAME" that make it an apposition ("the president, Trump").
DETERMINERS = {"the", "his", "her", "its", "their", "our", "incumbent", "new", "current", "sitting"}
FORMER = r"(?P<former>\b(?i:former|ex)(?:\s+|-))"
ACTING = r"(?P<acting>\b(?i:acting|interim|caretaker)\s+)"
WINDOW = 160
RECENT_DAYS = 8 * 365


@record
class Mention:
    """A titled reference to a person (or to an office, when unnamed)."""

    block: object
    start: int
    end: int
    person: str | None
    offices: list  # candidate Office objects the title refers to
    title: str
    former: bool
    qualified: bool = False  # the title names its country or organisation
    elect: bool = False  # a pre-office title ("President-elect")
    verdict: str = "ok"  # ok | former | stale | future | unheld | skip
    fields: dict = field(default_factory=dict)


class TitleIndex:
    """Regexes and lookups built once from a knowledge base (the big
    alternations compiled once per machine: regexes.compile_cached)."""

    def __init__(self, kb):
        self.kb = kb
        cached = cached_index(kb)
        self.title_offices: dict[str, list] = {t: [kb.offices[o] for o in ids] for t, ids in cached["offices"].items()}
        self.quals: dict[str, str] = cached["quals"]
        self.name_people: dict[str, set[str]] = {n: set(ids) for n, ids in cached["people"].items()}
        self.full_names: set[str] = set(cached["full_names"])
        self.title_words: list[list[str]] = cached["title_words"]
        for name, source in cached["sources"].items():
            setattr(self, name, compile_cached(source) if source is not None else None)

    def offices_for(self, title: str) -> list:
        return self.title_offices.get(norm(title), [])

    def jurisdiction(self, m) -> str | None:
        for group in ("qual", "qual2"):
            if m.group(group):
                return self.quals.get(norm(m.group(group)))
        return None


def pattern_sources(kb, name_people) -> dict[str, str | None]:
    """The source of each regex of the index (TitleIndex's attributes)."""
    from ..knowledge import words_pattern

    qual_forms = [f for j in kb.jurisdictions.values() for f in (*j.names, *j.demonyms)]
    qual_forms += [n + s for j in kb.jurisdictions.values() for n in j.names for s in ("'s", "’s")]
    names = [n for j in kb.jurisdictions.values() for n in j.names]
    titles = words_pattern(t for o in kb.offices.values() for t in o.titles)
    quals = words_pattern(qual_forms)
    of_qual = rf"(?:\s+of\s+(?:the\s+)?(?P<qual2>{words_pattern(names)}))"
    elect = r"(?P<elect>-(?i:elect|designate)(?![\w-])|\s+(?i:designate)(?![\w-]))"
    core = rf"(?:(?P<qual>{quals})\s+)?{ACTING}?(?P<title>(?i:{titles}))(?:{elect}|(?![\w-]))"
    alts = trie_regex(name_people)
    return {
        "before": rf"{FORMER}?(?P<then>\b(?i:then)[-\s]+)?{core}{of_qual}?\s*,?\s+$",
        "before_gap": rf"{FORMER}?(?P<then>\b(?i:then)[-\s]+)?{core}{of_qual}?\s+(?P<gap>[A-Z][\w.'’-]*)\s+$",
        "after": rf",\s+(?:(?P<article>the|a|an)\s+)?{FORMER}?{core}{of_qual}?(?![\w'’-])(?!\s+(?i:aide|adviser|"
                 rf"advisor|office|administration|spokesman|spokeswoman|spokesperson|envoy|chief|press|team|son|wife))",
        "unnamed": rf"\b(?P<the>[Tt]he)\s+{FORMER}{core}(?:{of_qual}|(?![\w'’-]))",
        # a title before a capitalised word that is no known name (a near miss?)
        "title_word": rf"(?<![\w-]){core}{of_qual}?\s+(?:(?P<given>[A-Z][a-z]+)\s+)?"
                      rf"(?P<word>[A-Z][a-z]{{3,}})(?![\w'’-])",
        "names": rf"(?<![\w-])(?:{alts})(?![\w])" if alts else None,
    }


def index_tables(kb) -> dict:
    """The lookups of the index as plain data: normalised title -> office
    ids, normalised qualifier -> jurisdiction id, name -> person ids, full names."""
    title_offices: dict[str, list[str]] = {}
    for office in kb.offices.values():
        for title in office.titles:
            title_offices.setdefault(norm(title), []).append(office.id)
    quals: dict[str, str] = {}
    for j in kb.jurisdictions.values():
        for form in (*j.names, *j.demonyms):
            quals[norm(form)] = j.id
        for n in j.names:
            for s in ("'s", "’s"):
                quals[norm(n + s)] = j.id
    name_people: dict[str, list[str]] = {}
    full_names: list[str] = []
    for p in kb.people.values():
        for n in p.names:
            ids = name_people.setdefault(n, [])
            ids.append(p.id) if p.id not in ids else None
            full_names.append(n)
        for s in p.surnames:
            ids = name_people.setdefault(s, [])
            ids.append(p.id) if p.id not in ids else None
    from ..regexes import needed_words

    titles = sorted({t for office in kb.offices.values() for t in office.titles})
    return {"offices": title_offices, "quals": quals, "people": name_people,
            "full_names": list(dict.fromkeys(full_names)),
            "title_words": [sorted(needed_words(t, True)) for t in titles]}  # title_needs


def cached_index(kb) -> dict:
    """index_tables and pattern_sources, from the user cache when this
    knowledge base (its content hash, kb.source_key) and this code built
    them before: the tries over thousands of names and titles take a while
    to write out, and the tables a thousand normalisations."""
    from ..cache import cache_file, content_key, read_json, write_json
    from .. import knowledge, regexes

    source_key = getattr(kb, "source_key", None)
    import unicodedata  # needed_words folds case as this Python's Unicode tables do

    label = f"titles 3 {unicodedata.unidata_version} {source_key}"
    key = content_key(label, [__file__, knowledge.__file__, regexes.__file__]) if source_key else None
    where = cache_file(f"titles-{key[:24]}.json") if key else None
    found = read_json(where, key) if where else None
    if valid_index(found, kb):
        return found
    tables = index_tables(kb)
    built = {**tables, "sources": pattern_sources(kb, {n: set(ids) for n, ids in tables["people"].items()})}
    write_json(where, key, built)
    return built


SOURCE_NAMES = ("before", "before_gap", "after", "unnamed", "title_word", "names")
STR_OR_NONE = {str, type(None)}


def valid_index(found, kb) -> bool:
    """Whether a cache file holds what cached_index writes, for this knowledge base."""
    if not isinstance(found, dict) or set(found) != {"offices", "quals", "people", "full_names", "title_words", "sources"}:
        return False
    sources, offices, quals, people, full, words = (found[k] for k in ("sources", "offices", "quals", "people",
                                                                      "full_names", "title_words"))
    if not (isinstance(sources, dict) and set(sources) == set(SOURCE_NAMES) and isinstance(offices, dict)
            and isinstance(quals, dict) and isinstance(people, dict) and isinstance(full, list)):
        return False
    return (only(STR_OR_NONE, sources.values()) and only(LIST, offices.values())
            and only(STR, chain.from_iterable(offices.values()))
            and kb.offices.keys() >= set(chain.from_iterable(offices.values())) and only(STR, quals.values())
            and only(LIST, people.values()) and only(STR, chain.from_iterable(people.values())) and only(STR, full)
            and type(words) is list and only(LIST, words) and only(STR, chain.from_iterable(words)))


def norm(text: str) -> str:
    return re.sub(r"[\s\-‐]+", " ", text.replace("’", "'")).strip().lower()


def inside_quote(text: str, pos: int) -> bool:
    """Whether text[pos] is inside a direct quotation."""
    before = text[:pos]
    if before.rfind("“") > before.rfind("”"):
        return True
    return before.count('"') % 2 == 1


@lru_cache(maxsize=4)
def title_needs(index: TitleIndex):
    """NeedsIndex of the words of every title (a block holding none of the
    titles' words cannot hold a title: title_word is not searched there)."""
    from ..analyses import NeedsIndex, WordNeeds

    return NeedsIndex(WordNeeds([words], True) for words in index.title_words)


@lru_cache(maxsize=4)
def title_index(kb) -> TitleIndex:
    """The index of a knowledge base, built once (a knowledge base is
    hashed by identity and never changes after loading)."""
    return TitleIndex(kb)


class Titles(Check):
    kind = "titles"
    fixable = True  # session: the first suggestion is a fix where a rule declares one (former-title)
    params = {"properties": {
        "mode": {"enum": list(MODES)},
        "min_mentions": {"type": "integer", "minimum": 1},  # unnamed: mentions that make a story's subject
        "bare_titles": {"type": "array", "items": {"type": "string"}},  # unheld: unqualified titles checked
    }}
    required = ("mode",)
    analyses = ("words",)  # near misses: a block without a title's words is not searched

    def run(self, doc, nlp=None):
        analysis = analyse(doc, self.context)
        if analysis is None:
            return
        mode = self.options["mode"]
        if analysis.date is None:
            if mode == "undated" and analysis.mentions:
                first = analysis.mentions[0]
                yield self.finding(doc, first.block, first.start, first.end, count=len(analysis.mentions))
            return
        if mode == "unnamed":
            mentions = analysis.unnamed(self.options.get("min_mentions", 2))
        elif mode == "conflicting":
            mentions = analysis.conflicts()
        elif mode in ("deceased", "carried", "near-miss"):
            mentions = analysis.extra(mode)
        else:
            mentions = [m for m in analysis.mentions if m.verdict == mode and self.wanted(m)]
        for m in mentions:
            fields = {k: v for k, v in m.fields.items() if k != "suggestions"}
            finding = self.finding(doc, m.block, m.start, m.end, message=self.rule.message,
                                   suggestions=m.fields.get("suggestions", ()), **fields)
            yield finding if analysis.trusted else replace(finding, severity="info")


    def wanted(self, m: Mention) -> bool:
        """`bare_titles` limits "never held" to titles whose holders the
        knowledge base lists completely (a person's career may include
        offices it does not know: "Finance Minister Chrystia Freeland")."""
        bare = self.options.get("bare_titles")
        if self.options["mode"] != "unheld" or m.qualified or bare is None:
            return True
        return norm(m.title) in {norm(t) for t in bare}


# ---- the analysis of one document --------------------------------------

def analyse(doc, context) -> "Analysis | None":
    """One analysis a document and date, shared by all the titles rules."""
    kb = context.knowledge
    date = document_date(doc)
    key = ("titles", id(kb), date)
    if key not in doc.cache:
        doc.cache[key] = Analysis(doc, title_index(kb), date)
    return doc.cache[key]


def document_date(doc):
    """The date the engine gave the document (linter.dates.ArticleDate); a
    document that did not go through the engine is judged as of today."""
    from ..dates import ArticleDate

    date, source = doc.metadata.get("date"), doc.metadata.get("date_source")
    if not source or not (date is None or isinstance(date, dt.date)):
        return ArticleDate(dt.date.today(), "today", "fallback")
    confidence = doc.metadata.get("date_confidence") or (
        "none" if date is None else "fallback" if source == "today" else "high")
    return ArticleDate(date, source, confidence)


class Analysis:
    def __init__(self, doc, index: TitleIndex, article_date):
        self.doc, self.index, self.kb = doc, index, index.kb
        self.date = article_date.date  # None: not judged (fallback `none`)
        self.trusted = article_date.trusted
        self.source = WEAK_SOURCES.get(article_date.confidence, article_date.source)
        self.day = self.date or dt.date.today()  # for telling people apart only
        self._full_named: dict[str, bool] = {}
        self._names: dict[int, list] = {}  # id(block) -> name_matches
        self.mentioned = self.people_mentioned()
        self.mentions: list[Mention] = []
        for block in doc.blocks:
            self.find_titled(block)
        self._extra: dict[str, list[Mention]] = {}
        if self.date is not None:
            for m in self.mentions:
                self.judge(m)
            self.extra("deceased")  # before any rule reports: it supersedes "stale" on those mentions

    def extra(self, mode: str) -> list[Mention]:
        """The verdicts beyond one titled mention, found once."""
        if mode not in self._extra:
            finder = {"deceased": self.deceased, "carried": self.carried, "near-miss": self.near_misses}[mode]
            self._extra[mode] = finder()
        return self._extra[mode]

    # -- who the article names

    def name_matches(self, block):
        """The known names in a block, found once (four passes read them)."""
        found = self._names.get(id(block))
        if found is None:
            found = self._names[id(block)] = list(self.index.names.finditer(block.text)) if self.index.names else []
        return found

    def people_mentioned(self) -> dict[str, int]:
        """How often each person is named; a surname shared by several people
        counts for the one whose full name the article uses."""
        full: dict[str, int] = {}
        shared: list[set[str]] = []
        for block in self.doc.blocks:
            for m in self.name_matches(block):
                ids = self.index.name_people[m.group()]
                if m.group() in self.index.full_names and len(ids) == 1:
                    pid = next(iter(ids))
                    full[pid] = full.get(pid, 0) + 1
                else:
                    shared.append(ids)
        counts = dict(full)
        for ids in shared:
            known = [p for p in ids if p in full]
            pid = known[0] if len(known) == 1 else (next(iter(ids)) if len(ids) == 1 else None)
            if pid:
                counts[pid] = counts.get(pid, 0) + 1
        return counts

    def resolve(self, name: str, offices_by_title: list, juris: str | None) -> str | None:
        ids = self.index.name_people.get(name, set())
        if len(ids) <= 1:
            return next(iter(ids), None)
        named = [p for p in ids if p in self.mentioned and self.mentioned[p] and self.full_named(p)]
        if len(named) == 1:
            return named[0]
        terms = {p: [t for o in offices_by_title if juris is None or o.jurisdiction == juris
                     for t in self.kb.terms_of(p, o.id)] for p in ids}
        holders = [p for p in ids if terms[p]]
        if len(holders) != 1:
            return None
        # A shared surname alone names someone in the news: "President Kim"
        # in 2025 is not Kim Dae-jung, who left office in 2003.
        near = min(abs((t.start - self.day).days) if t.start > self.day else
                   max(0, (self.day - (t.end or self.day)).days) for t in terms[holders[0]])
        return holders[0] if near <= RECENT_DAYS else None

    def full_named(self, pid: str) -> bool:
        if pid not in self._full_named:
            names = self.kb.people[pid].names
            self._full_named[pid] = any(n in b.text for b in self.doc.blocks for n in names)
        return self._full_named[pid]

    # -- titled mentions

    def find_titled(self, block) -> None:
        from ..analyses import BlockWords

        text = block.text
        needs = title_needs(self.index)
        for nm in self.name_matches(block):
            s, e = nm.span()
            window = text[max(0, s - WINDOW):s]
            base = s - len(window)
            titled = bool(needs.possible(BlockWords(window)))  # before and before_gap need a title's words
            m = self.index.before.search(window) if titled else None
            if m is None and titled and nm.group() not in self.index.full_names:
                m = self.index.before_gap.search(window)
                if m and not self.given_name_like(m.group("gap"), nm.group()):
                    m = None
            if m:
                if self.excluded_before(window, m):
                    continue
                self.add(block, base + m.start(), e, nm.group(), m, name_first=False)
                continue
            a = self.index.after.match(text, e)
            if a and (a.group("article") or a.group("former")) and nm.group() in self.index.full_names:
                self.add(block, s, a.end(), nm.group(), a, name_first=True)

    def given_name_like(self, token: str, surname: str) -> bool:
        """A word between title and surname that is an initial or a variant
        (or misspelling) of the person's given name: "President Voldymir
        Zelensky" is Zelensky, "President Brad Smith" is not Daniel B. Smith."""
        from difflib import SequenceMatcher

        if re.fullmatch(r"[A-Z]\.?", token):
            return True
        given = {n.split()[0].lower() for pid in self.index.name_people.get(surname, ())
                 for n in self.kb.people[pid].names if len(n.split()) > 1}
        return any(SequenceMatcher(None, token.lower(), g).ratio() >= 0.7 for g in given)

    def excluded_before(self, window: str, m) -> bool:
        if m.group("then"):
            return True
        title_at = m.start("title")
        if title_at > 0 and window[title_at - 1] in "-‐" and not m.group("former"):
            return True
        words = re.findall(r"[\w’']+", window[:m.start()])
        prev = words[-1].lower() if words else ""
        if "," in window[m.end("title"):] and not m.group("qual") and not (
                prev in DETERMINERS or prev.endswith(("'s", "’s"))):
            return True  # "As president, Trump signed ..." is not a title
        return (prev in MODIFIERS or prev in HISTORICAL) and not m.group("qual")

    def add(self, block, start, end, name, m, name_first: bool) -> None:
        juris = self.index.jurisdiction(m)
        candidates = self.index.offices_for(m.group("title"))
        if juris:
            candidates = [o for o in candidates if o.jurisdiction == juris]
            if not candidates:
                return  # a title of an office the knowledge base does not know there
        elif (m.group("qual") or m.group("qual2")):
            return
        pid = self.resolve(name, candidates, juris)
        if pid is None:
            return
        if name not in self.index.full_names and not self.full_named(pid) and not any(
                self.kb.terms_of(pid, o.id) for o in candidates):
            return  # "President Smith": some other Smith, unless ours ever held the office
        if not juris:
            own = [o for o in candidates if self.kb.terms_of(pid, o.id)]
            candidates = own
        self.mentions.append(Mention(block, start, end, pid, candidates, m.group("title"),
                                     bool(m.group("former")), qualified=bool(juris), elect=bool(m.group("elect"))))

    # -- verdicts

    def judge(self, m: Mention) -> None:
        qualified = m.qualified
        terms = [t for o in m.offices for t in self.kb.terms_of(m.person, o.id)]
        day = self.date
        m.fields.update(self.base_fields(self.kb.people[m.person].name, m))
        if not terms and inside_quote(m.block.text, m.start):
            m.verdict = "skip"
            return
        if not terms:
            # Only a person the knowledge base knows as an office-holder, or a
            # qualified title ("Russian President"), says "never held".
            generic = any(not o.single_holder for o in self.index.offices_for(m.title))
            if qualified or (self.kb.terms_of(m.person) and not generic):
                m.verdict = "unheld"
                m.fields["known"] = self.known_offices(m.person)
            else:
                m.verdict = "skip"
            return
        if m.elect:
            self.judge_elect(m, terms)
            return
        if inside_quote(m.block.text, m.start) and not m.former:
            # Speakers use courtesy titles for former holders ("Vice President
            # Biden"); a quotation is not the outlet's own title.
            return
        if m.former:
            sitting = [t for t in terms if t.strictly_covers(day)]
            if sitting:
                plain = re.sub(r"^(?i:former\s+|ex-\s*|ex\s+)", "", self.text(m))
                self.set(m, "former", sitting[-1], suggestions=[plain])
            elif all(t.start > day for t in terms):
                self.set(m, "future", min(terms, key=lambda t: t.start))
            return
        if any(t.covers(day) for t in terms):
            return
        ended = [t for t in terms if t.ended_before(day)]
        if not ended:
            self.set(m, "future", min(terms, key=lambda t: t.start))
        elif not (self.kb.offices[ended[-1].office].title_kept or self.historical(m, ended[-1])):
            self.set(m, "stale", ended[-1], suggestions=["former " + self.text(m)])

    def judge_elect(self, m: Mention, terms) -> None:
        """A pre-office title ("President-elect") is right until the term
        starts (inauguration day included); once the person has taken the
        office it is stale."""
        if any(t.start >= self.date for t in terms):
            return
        taken = [t for t in terms if t.start < self.date]
        if taken:
            plain = re.sub(r"(?i)(?:-|\s+)(?:elect|designate)\b", "", self.text(m), count=1)
            self.set(m, "pre-office", taken[-1], suggestions=[plain])

    def set(self, m: Mention, verdict: str, term, suggestions=()) -> None:
        m.verdict = verdict
        office = self.kb.offices[term.office]
        label = self.kb.office_label(office)
        m.fields.update(
            office=("acting " if term.acting else "") + label, since=str(term.start),
            until=str(term.end) if term.end else "", term=term.describe(),
            holder=self.holders_text(office), suggestions=tuple(suggestions))

    def base_fields(self, name: str, m: Mention) -> dict:
        office = m.offices[0] if m.offices else None
        return {
            "person": name, "title": m.title, "date": str(self.date), "date_source": self.source,
            "office": self.kb.office_label(office) if office else m.title,
        }

    def holders_text(self, office) -> str:
        terms = self.kb.holders_on(office.id, self.date)
        if not terms:
            return "nobody the knowledge base knows of"
        return " and ".join(self.kb.people[t.person].name + (" (acting)" if t.acting else "")
                            if t.person in self.kb.people else t.person for t in terms)

    def known_offices(self, pid: str) -> str:
        terms = self.kb.terms_of(pid)
        parts = [f"{self.kb.office_label(self.kb.offices[t.office])} {t.describe()}" for t in terms[-3:]]
        return "; ".join(parts) or "no office"

    def text(self, m: Mention) -> str:
        return m.block.text[m.start:m.end]

    def historical(self, m: Mention, term) -> bool:
        """A year in the sentence that falls in the person's term ("In 2018,
        President Trump ...") makes the past title right."""
        text = m.block.text
        left = max(text.rfind(". ", 0, m.start), text.rfind("? ", 0, m.start), text.rfind("! ", 0, m.start))
        right = min([i for i in (text.find(". ", m.end), text.find("? ", m.end)) if i >= 0] or [len(text)])
        years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text[left + 1:right])}
        terms = self.kb.terms_of(m.person, term.office)
        return any(t.end and t.start.year <= y <= t.end.year and y < self.date.year
                   for y in years for t in terms)

    # -- people who died, stale titles carried by the surname, near-miss surnames

    def deceased(self) -> list[Mention]:
        """Mentions that have a dead person speak or act after the death."""
        out, covered = [], {}
        for m in self.mentions:
            covered.setdefault(id(m.block), []).append(m)
        for block in self.doc.blocks:
            for nm in self.name_matches(block):
                titled = next((m for m in covered.get(id(block), ()) if m.start <= nm.start() < m.end), None)
                pid = titled.person if titled else self.person_of(nm.group())
                died = self.kb.died(pid) if pid else None
                if died is None or self.date <= died or inside_quote(block.text, nm.start()):
                    continue
                act = ACTS_NOW.match(block.text, nm.end())
                if act is None or (act.group("dated") and (self.date - died).days <= DEATH_GRACE_DAYS):
                    continue
                if self.late_or_dated(block.text, nm.start(), died):
                    continue
                start, end = (titled.start, titled.end) if titled else nm.span()
                if titled:
                    titled.verdict = "deceased"  # not also "stale": the person is dead, not a former holder
                d = Mention(block, start, end, pid, titled.offices if titled else [], titled.title if titled else "",
                            False, verdict="deceased")
                d.fields.update(self.base_fields(self.kb.people[pid].name, d))
                d.fields.update(died=str(died), act=act.group().strip(" ,"))
                out.append(d)
        return out

    def person_of(self, name: str) -> str | None:
        """The one person a name stands for in this article."""
        ids = self.index.name_people.get(name, set())
        if len(ids) == 1:
            return next(iter(ids))
        named = [p for p in ids if self.mentioned.get(p) and self.full_named(p)]
        return named[0] if len(named) == 1 else None

    def late_or_dated(self, text: str, pos: int, died: dt.date) -> bool:
        """"the late X", or a year up to the death in the same sentence."""
        if re.search(r"(?i)\blate\s+(?:\w+\s+){0,4}$", text[max(0, pos - 60):pos]):
            return True
        left = max(text.rfind(". ", 0, pos), text.rfind("? ", 0, pos), text.rfind("! ", 0, pos))
        right = min([i for i in (text.find(". ", pos), text.find("? ", pos)) if i >= 0] or [len(text)])
        return any(int(y) <= died.year for y in re.findall(r"\b((?:19|20)\d\d)\b", text[left + 1:right]))

    def carried(self) -> list[Mention]:
        """Later surname-only references to a person first given a stale
        title: the article keeps treating them as holding the office."""
        out = []
        first: dict[str, Mention] = {}
        for m in self.mentions:
            if m.verdict == "stale" and m.person not in first:
                first[m.person] = m
        if not first:
            return out
        order = {id(b): i for i, b in enumerate(self.doc.blocks)}
        spans = {(id(m.block), m.start, m.end) for m in self.mentions}
        for block in self.doc.blocks:
            for nm in self.name_matches(block):
                name = nm.group()
                pid = self.person_of(name)
                stale = first.get(pid)
                if stale is None or name in self.index.full_names or inside_quote(block.text, nm.start()):
                    continue
                if (order[id(block)], nm.start()) <= (order[id(stale.block)], stale.end):
                    continue
                if any(k == id(block) and s <= nm.start() < e for k, s, e in spans):
                    continue  # part of a titled mention, judged on its own
                if not ACTS.match(block.text, nm.end()):
                    continue
                c = Mention(block, nm.start(), nm.end(), pid, stale.offices, stale.title, False, verdict="carried")
                c.fields = {**stale.fields, "earlier": self.text(stale),
                            "line": self.doc.span(stale.block, stale.start, stale.end)[0]}
                c.fields.pop("suggestions", None)
                out.append(c)
        return out

    def near_misses(self) -> list[Mention]:
        """"TITLE Surnam" where Surnam is no known name but a near miss of the
        surname of someone who held that office around the article's date."""
        from difflib import SequenceMatcher

        from .. import analyses

        out = []
        needs = title_needs(self.index)
        for block in self.doc.blocks:
            if not needs.possible(analyses.words(self.doc, block)):
                continue  # none of the titles' words: title_word cannot match
            for t in self.index.title_word.finditer(block.text):
                word = t.group("word")
                if word in self.index.name_people or inside_quote(block.text, t.start()):
                    continue
                juris = self.index.jurisdiction(t)
                offices = [o for o in self.index.offices_for(t.group("title")) if not juris or o.jurisdiction == juris]
                best = {}
                for office in offices:
                    for term in office.holders:
                        if not self.near_in_time(term):
                            continue
                        for surname in self.kb.people[term.person].surnames if term.person in self.kb.people else ():
                            ratio = SequenceMatcher(None, word.lower(), surname.lower()).ratio()
                            if ratio >= NEAR_MISS_RATIO and word[0] == surname[0] and word.lower() != surname.lower():
                                best[term.person] = max(best.get(term.person, 0), ratio)
                if len(best) != 1 or self.is_word(word):
                    continue
                pid = next(iter(best))
                n = Mention(block, t.start(), t.end(), pid, offices, t.group("title"), False, verdict="near-miss")
                n.fields.update(self.base_fields(self.kb.people[pid].name, n))
                n.fields["word"] = word
                name = self.kb.people[pid].name
                n.fields["suggestions"] = (block.text[t.start():t.start("word")] + self.kb.people[pid].surname,)
                n.fields["holder_name"] = name
                out.append(n)
        return out

    def near_in_time(self, term) -> bool:
        start = (term.start - self.date).days
        end = (self.date - (term.end or self.date)).days
        return start <= RECENT_DAYS and end <= RECENT_DAYS

    @staticmethod
    def is_word(word: str) -> bool:
        """A common English word is no misspelt surname ("President Elect")."""
        from ..lexicon import zipf

        return zipf(word.lower()) >= 3.0

    # -- unnamed "the former TITLE"

    def unnamed(self, min_mentions: int) -> list[Mention]:
        out = []
        for block in self.doc.blocks:
            for u in self.index.unnamed.finditer(block.text):
                rest = block.text[u.end():]
                if re.match(r",?\s+[A-Z][a-z]", rest) or re.match(r"\s+of\b", rest) and not u.group("qual2"):
                    continue  # names the person, or is another "former president of ..."
                m = self.unnamed_mention(block, u, min_mentions)
                if m:
                    out.append(m)
        return out

    def unnamed_mention(self, block, u, min_mentions: int) -> Mention | None:
        juris = self.index.jurisdiction(u)
        offices = [o for o in self.index.offices_for(u.group("title")) if not juris or o.jurisdiction == juris]
        sitting = []
        for office in offices:
            for t in self.kb.holders_on(office.id, self.date):
                if t.strictly_covers(self.date) and self.mentioned.get(t.person, 0) >= min_mentions:
                    sitting.append((office, t))
        if len(sitting) != 1:
            return None
        office, term = sitting[0]
        formers = [t for t in office.holders if t.ended_before(self.date) and t.person != term.person
                   and self.mentioned.get(t.person)]
        if formers:
            return None
        m = Mention(block, u.start(), u.end(), term.person, [office], u.group("title"), True, verdict="unnamed")
        m.fields.update(self.base_fields(self.kb.people[term.person].name, m))
        self.set(m, "unnamed", term)
        m.verdict = "unnamed"
        return m

    # -- one person, two titles

    def conflicts(self) -> list[Mention]:
        out = []
        by_person: dict[str, list[Mention]] = {}
        for m in self.mentions:
            earlier = by_person.setdefault(m.person, [])
            if m.verdict not in ("former", "stale", "future"):  # those are reported already
                for e in earlier:
                    if self.incompatible(e, m):
                        out.append(self.conflict(e, m))
                        break
            earlier.append(m)
        return out

    def incompatible(self, a: Mention, b: Mention) -> bool:
        ids_a, ids_b = {o.id for o in a.offices}, {o.id for o in b.offices}
        if ids_a & ids_b or norm(a.title) == norm(b.title):
            return a.former != b.former
        if a.former or b.former or not ids_a or not ids_b:
            return False
        singles = all(o.single_holder for o in (*a.offices, *b.offices))
        same_place = {o.jurisdiction for o in a.offices} & {o.jurisdiction for o in b.offices}
        both = any(self.kb.holds(a.person, x, self.date) for x in ids_a) and any(
            self.kb.holds(b.person, y, self.date) for y in ids_b)
        return singles and bool(same_place) and not both

    def conflict(self, a: Mention, b: Mention) -> Mention:
        line = self.doc.span(a.block, a.start, a.end)[0]
        person = self.kb.people[b.person].name
        c = Mention(b.block, b.start, b.end, b.person, b.offices, b.title, b.former, verdict="conflicting")
        c.fields = {"person": person, "earlier": self.text(a), "line": line, "date": str(self.date),
                    "date_source": self.source}
        return c
