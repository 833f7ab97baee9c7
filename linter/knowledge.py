"""The knowledge base: people, the offices they hold and their terms, read
from YAML files (rules/knowledge/*.yaml plus a newsroom's own folders), so
that "is X the sitting Y on date D?" is one query.

Term semantics: a term runs from `start` to `end`, both days included; no
`end` means the holder is still in office. On a handover day the outgoing
and the incoming holder both count as holders, so nothing is flagged either
way on that exact day (copy filed that day may use either title)."""
from __future__ import annotations

import datetime as dt
from itertools import chain
from .records import field, fields, record
from pathlib import Path
from typing import NamedTuple

from .dates import iso_date

CACHE_VERSION = 5  # 4: JSON, keyed by content hash (was a pickle); 5: rows of field values


@record(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    surname: str = ""
    surnames: tuple[str, ...] = ()  # every second-mention form ("Zelensky", "Zelenskyy")
    file: str = ""
    died: dt.date | None = None  # every office ends by then; later copy cannot have them speak or act
    source: str = ""  # where the death is reported
    regnal_name: str = ""  # the name taken on accession ("Leo XIV", "Charles III"), also an alias

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@record(frozen=True)
class Term:
    office: str
    person: str
    start: dt.date
    end: dt.date | None = None
    acting: bool = False
    source: str = ""
    note: str = ""
    file: str = ""
    elected: dt.date | None = None  # from then until `start`: "-elect" or "-designate" (pre-office titles)

    def covers(self, day: dt.date) -> bool:
        """In office on `day`, handover days included."""
        return self.start <= day and (self.end is None or day <= self.end)

    def strictly_covers(self, day: dt.date) -> bool:
        """In office on `day` and neither taking nor leaving office that day."""
        return self.start < day and (self.end is None or day < self.end)

    def ended_before(self, day: dt.date) -> bool:
        return self.end is not None and self.end < day

    def describe(self) -> str:
        return f"from {self.start}" + (f" to {self.end}" if self.end else "")


@record
class Jurisdiction:
    id: str
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    file: str = ""

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.id


@record
class Office:
    id: str
    jurisdiction: str
    titles: tuple[str, ...]
    name: str = ""
    single_holder: bool = True
    title_kept: bool = False  # the title stays with the name after the term (popes, monarchs)
    holders: list[Term] = field(default_factory=list)
    file: str = ""

    @property
    def label(self) -> str:
        return self.name or self.titles[0]


class KnowledgeBase:
    def __init__(self):
        self.people: dict[str, Person] = {}
        self.offices: dict[str, Office] = {}
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.errors: list[str] = []  # problems found while loading
        self._terms_by_person: dict[str, list[Term]] | None = None
        self._source_key: str | None = None  # not cached: the key of the cache itself

    @property
    def source_key(self) -> str | None:
        """The content hash of the files `load` read (None: built otherwise)."""
        return self._source_key

    # ---- loading -------------------------------------------------------

    @classmethod
    def load(cls, dirs: list[Path], use_cache: bool = True) -> "KnowledgeBase":
        files = knowledge_files(dirs)
        key = cache_key(files)
        cache = cache_path(key) if use_cache else None
        kb = read_cache(cache, key) if cache else None
        if kb is not None:
            kb._source_key = key
            return kb
        kb = cls()
        for path in files:
            kb.add_file(path)
        kb.finish()
        if cache:
            write_cache(cache, key, kb)
        kb._source_key = key
        return kb

    def add_file(self, path: Path) -> None:
        from .yamlutil import YAMLError, load_yaml  # dates stay strings: the loader parses and reports them

        where = str(path)
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.errors.append(f"{where}: cannot read: {exc}")
            return
        except (YAMLError, ValueError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" (line {mark.line + 1})" if mark else ""
            self.errors.append(f"{where}: not valid YAML{line}: {getattr(exc, 'problem', exc)}")
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self.errors.append(f"{where}: a knowledge file must be a mapping with jurisdictions, people, offices")
            return
        unknown = set(data) - {"jurisdictions", "people", "offices"}
        if unknown:
            self.errors.append(f"{where}: unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}")
        for section, reader in (("jurisdictions", self._add_jurisdiction), ("people", self._add_person),
                                ("offices", self._add_office)):
            entries = data.get(section) or []
            if not isinstance(entries, list):
                self.errors.append(f"{where}: '{section}' must be a list")
                continue
            for i, entry in enumerate(entries):
                label = f"{where}: {section}[{i}]"
                if not isinstance(entry, dict):
                    self.errors.append(f"{label}: must be a mapping")
                    continue
                if isinstance(entry.get("id"), str):
                    label = f"{where}: {section[:-1] if section != 'people' else 'person'} '{entry['id']}'"
                reader(entry, label, where)

    def _add_jurisdiction(self, e: dict, label: str, where: str) -> None:
        if not self._fields(e, label, {"id"}, {"id", "names", "demonyms"}):
            return
        jid = e["id"]
        names, demonyms = str_list(e.get("names"), label, "names", self.errors), str_list(
            e.get("demonyms"), label, "demonyms", self.errors)
        old = self.jurisdictions.get(jid)
        if old:  # a later folder may add names
            old.names = tuple(dict.fromkeys(old.names + names))
            old.demonyms = tuple(dict.fromkeys(old.demonyms + demonyms))
            return
        self.jurisdictions[jid] = Jurisdiction(jid, names, demonyms, where)

    def _add_person(self, e: dict, label: str, where: str) -> None:
        allowed = {"id", "name", "aliases", "surname", "note", "died", "source", "regnal_name"}
        if not self._fields(e, label, {"id", "name"}, allowed):
            return
        pid = e["id"]
        if pid in self.people:
            self.errors.append(f"{label}: duplicate person id (first in {self.people[pid].file})")
            return
        died = to_date(e["died"]) if e.get("died") is not None else None
        if e.get("died") is not None and died is None:
            self.errors.append(f"{label}: 'died' {e['died']!r} is not a date (YYYY-MM-DD)")
        if died and not e.get("source"):
            self.errors.append(f"{label}: 'died' without a 'source' (cite where the death is reported)")
        regnal = e.get("regnal_name") or ""
        if not isinstance(regnal, str):
            self.errors.append(f"{label}: 'regnal_name' must be a string")
            regnal = ""
        aliases = str_list(e.get("aliases"), label, "aliases", self.errors)
        if regnal and regnal not in aliases and regnal != e["name"]:
            aliases = (*aliases, regnal)
        surname = e.get("surname")
        if surname is None:
            surnames = tuple(dict.fromkeys(n.split()[-1] for n in (e["name"], *aliases) if n.split()))
        elif isinstance(surname, str):
            surnames = (surname,)
        else:
            surnames = str_list(surname, label, "surname", self.errors)
        self.people[pid] = Person(pid, e["name"], aliases, surnames[0] if surnames else "", surnames, where,
                                  died, str(e.get("source") or ""), regnal)

    def _add_office(self, e: dict, label: str, where: str) -> None:
        allowed = {"id", "jurisdiction", "titles", "name", "single_holder", "title_kept", "holders", "note"}
        if not self._fields(e, label, {"id"}, allowed):
            return
        oid = e["id"]
        holders = e.get("holders") or []
        if not isinstance(holders, list):
            self.errors.append(f"{label}: 'holders' must be a list")
            holders = []
        office = self.offices.get(oid)
        if office is None:
            if "jurisdiction" not in e or "titles" not in e:
                self.errors.append(f"{label}: an office needs 'jurisdiction' and 'titles'")
                return
            titles = str_list(e.get("titles"), label, "titles", self.errors)
            if not titles:
                self.errors.append(f"{label}: 'titles' is empty")
                return
            office = Office(oid, str(e["jurisdiction"]), titles, str(e.get("name") or ""),
                            bool(e.get("single_holder", True)), bool(e.get("title_kept", False)), [], where)
            self.offices[oid] = office
        elif "titles" in e:  # a later folder extends an office
            office.titles = tuple(dict.fromkeys(office.titles + str_list(e["titles"], label, "titles", self.errors)))
        for i, h in enumerate(holders):
            term = self._term(oid, h, f"{label} holders[{i}]", where)
            if term:
                office.holders.append(term)

    def _term(self, oid: str, h, label: str, where: str) -> Term | None:
        if not isinstance(h, dict):
            self.errors.append(f"{label}: must be a mapping")
            return None
        allowed = {"person", "start", "end", "acting", "source", "note", "elected"}
        if not self._fields(h, label, {"person", "start"}, allowed):
            return None
        elected = to_date(h["elected"]) if h.get("elected") is not None else None
        if h.get("elected") is not None and elected is None:
            self.errors.append(f"{label} ({h['person']}): 'elected' {h['elected']!r} is not a date (YYYY-MM-DD)")
            return None
        label = f"{label} ({h['person']})"
        start, end = to_date(h["start"]), to_date(h.get("end")) if h.get("end") is not None else None
        if start is None:
            self.errors.append(f"{label}: 'start' {h['start']!r} is not a date (YYYY-MM-DD)")
            return None
        if h.get("end") is not None and end is None:
            self.errors.append(f"{label}: 'end' {h['end']!r} is not a date (YYYY-MM-DD)")
            return None
        if not h.get("source"):
            self.errors.append(f"{label}: no 'source' (cite where the dates come from)")
        return Term(oid, str(h["person"]), start, end, bool(h.get("acting", False)),
                    str(h.get("source") or ""), str(h.get("note") or ""), where, elected)

    def _fields(self, e: dict, label: str, required: set, allowed: set) -> bool:
        missing = sorted(required - set(e))
        if missing:
            self.errors.append(f"{label}: missing {', '.join(missing)}")
            return False
        extra = sorted(map(str, set(e) - allowed))
        if extra:
            self.errors.append(f"{label}: unknown field(s) {', '.join(extra)}")
        bad = [k for k in ("id", "name", "person") if k in e and not isinstance(e[k], str)]
        if bad:
            self.errors.append(f"{label}: '{bad[0]}' must be a string")
            return False
        return True

    def finish(self) -> None:
        for office in self.offices.values():
            office.holders.sort(key=lambda t: (t.start, t.end or dt.date.max))
        by_person: dict[str, list[Term]] = {}
        for office in self.offices.values():
            for term in office.holders:
                by_person.setdefault(term.person, []).append(term)
        for terms in by_person.values():
            terms.sort(key=lambda t: t.start)
        self._terms_by_person = by_person

    # ---- queries -------------------------------------------------------

    def holders_on(self, office_id: str, day: dt.date) -> list[Term]:
        """The terms of an office that cover `day` (two on a handover day)."""
        return [t for t in self.offices[office_id].holders if t.covers(day)]

    def terms_of(self, person_id: str, office_id: str | None = None) -> list[Term]:
        if self._terms_by_person is None:
            self.finish()
        terms = self._terms_by_person.get(person_id, [])
        return [t for t in terms if office_id is None or t.office == office_id]

    def offices_of(self, person_id: str) -> list[Office]:
        return [self.offices[o] for o in dict.fromkeys(t.office for t in self.terms_of(person_id))]

    def holds(self, person_id: str, office_id: str, day: dt.date) -> bool:
        return any(t.covers(day) for t in self.terms_of(person_id, office_id))

    def died(self, person_id: str) -> dt.date | None:
        person = self.people.get(person_id)
        return person.died if person else None

    def elect_of(self, person_id: str, office_id: str, day: dt.date) -> Term | None:
        """The term `day` falls in the pre-office window of ("-elect")."""
        for t in self.terms_of(person_id, office_id):
            if t.elected and t.elected <= day < t.start:
                return t
        return None

    def office_label(self, office: Office) -> str:
        if office.name:
            return office.name
        j = self.jurisdictions.get(office.jurisdiction)
        return f"{j.label} {office.titles[0]}" if j else office.titles[0]

    # ---- validation ----------------------------------------------------

    def problems(self) -> list[str]:
        out = list(self.errors)
        for office in self.offices.values():
            where = f"{office.file}: office '{office.id}'"
            if office.jurisdiction not in self.jurisdictions:
                out.append(f"{where}: unknown jurisdiction '{office.jurisdiction}'")
            for t in office.holders:
                label = f"{t.file}: office '{office.id}' holder '{t.person}' ({t.start})"
                if t.person not in self.people:
                    out.append(f"{label}: unknown person id '{t.person}' (add it under 'people')")
                if t.end is not None and t.end < t.start:
                    out.append(f"{label}: ends ({t.end}) before it starts ({t.start})")
                if t.elected and t.elected > t.start:
                    out.append(f"{label}: elected ({t.elected}) after the term starts ({t.start})")
                died = self.died(t.person)
                if died and (t.end is None or t.end > died):
                    out.append(f"{label}: runs past the holder's death ({died}): give 'end'")
            if office.single_holder:
                out += overlaps(office)
        return out


def overlaps(office: Office) -> list[str]:
    """Terms of a single-holder office that overlap by more than the
    handover day. Acting holders may overlap the holder they stand in for."""
    out = []
    terms = [t for t in office.holders if not t.acting]
    for a, b in zip(terms, terms[1:]):
        if a.end is None or b.start < a.end:
            out.append(f"{b.file}: office '{office.id}': terms overlap: '{a.person}' {a.describe()} "
                       f"and '{b.person}' {b.describe()}")
    return out


def str_list(value, label: str, key: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{label}: '{key}' must be a list of strings")
        return ()
    return tuple(value)


def to_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return iso_date(value)
    except ValueError:
        return None


def knowledge_files(dirs: list[Path]) -> list[Path]:
    files = []
    for folder in dirs:
        folder = Path(folder)
        if folder.is_file():
            files.append(folder)
        elif folder.is_dir():
            files += sorted(p for p in folder.rglob("*.y*ml") if not p.name.startswith("."))
    return files


# ---- the compiled cache: JSON of plain data, never code -----------------
# A cache file is {"key": <content hash>, "data": <the KnowledgeBase's fields>}.
# The cache holds each dataclass of this module as a row of its field
# values in field order (dates as YYYY-MM-DD, tuples as lists, an office's
# terms as rows inside its own), rebuilt as unpickling would (the fields
# set directly: loading builds a few thousand objects). Reading builds only
# those classes; anything else (a pickle, a wrong key, a wrong shape) means
# the cache is rebuilt, never trusted.

def cache_key(files: list[Path]) -> str:
    """SHA-256 of the cache format, this module's code and every knowledge
    file's path and content (cache.file_digest: remembered by file status)."""
    from .cache import file_digest, sha256

    h = sha256(f"v{CACHE_VERSION}|".encode())
    for p in (Path(__file__), *files):
        found = file_digest(p)
        if found is None:
            if p == Path(__file__):
                return h.hexdigest()  # no code to hash: the key of nothing cached
            continue
        path, size, digest = found
        h.update(f"\0{path}\0{size}\0{digest}".encode())
    return h.hexdigest()


def cache_path(key: str) -> Path | None:
    from .cache import cache_file

    return cache_file(f"knowledge-{key[:24]}.json")


SECTIONS = {"people": Person, "offices": Office, "jurisdictions": Jurisdiction}


def field_kinds(cls) -> list[tuple[str, str]]:
    """(name, kind) of each field: date, tuple, terms or plain."""
    kinds = []
    for name in fields(cls):
        annotation = cls.__annotations__[name]
        kind = "date" if "dt.date" in annotation else "tuple" if annotation.startswith("tuple") else \
            "terms" if annotation == "list[Term]" else "plain"
        kinds.append((name, kind))
    return kinds


KINDS_OF = {cls: field_kinds(cls) for cls in (Person, Term, Office, Jurisdiction)}


def to_row(obj) -> list:
    row = []
    for name, kind in KINDS_OF[type(obj)]:
        value = getattr(obj, name)
        if kind == "date":
            value = value.isoformat() if value is not None else None
        elif kind == "tuple":
            value = list(value)
        elif kind == "terms":
            value = [to_row(t) for t in value]
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            raise TypeError(f"{type(value).__name__} has no cache form")
        row.append(value)
    return row


class RowPlan(NamedTuple):
    """KINDS_OF[cls] as the positions of each kind: from_rows then converts
    only the fields that need it."""
    names: tuple[str, ...]
    dates: tuple[int, ...]
    tuples: tuple[int, ...]
    terms: tuple[int, ...]
    plain: tuple[int, ...]


def row_plan(kinds: list[tuple[str, str]]) -> RowPlan:
    where = {kind: tuple(i for i, (_, k) in enumerate(kinds) if k == kind)
             for kind in ("date", "tuple", "terms", "plain")}
    return RowPlan(tuple(name for name, _ in kinds), where["date"], where["tuple"], where["terms"], where["plain"])


CONTAINERS = frozenset((list, dict))
LIST = frozenset((list,))


PLAN_OF = {cls: row_plan(kinds) for cls, kinds in KINDS_OF.items()}


def from_rows(cls, rows) -> list:
    """The objects to_row wrote, one section (or one office's terms) at a
    time, field by field: the checks and conversions of ~1,750 rows a run
    are then loops in C but for the dates. Raises (TypeError, ValueError)
    on anything else."""
    plan = PLAN_OF[cls]
    if type(rows) is not list or not LIST.issuperset(map(type, rows)) or not {len(plan.names)}.issuperset(map(len, rows)):
        raise ValueError("a row of the wrong shape")
    if not rows:
        return []
    columns = list(zip(*rows))
    if not CONTAINERS.isdisjoint(map(type, chain.from_iterable(columns[i] for i in plan.plain))):
        raise TypeError("a plain field holds a list or an object")  # json.loads makes exact types
    for i in plan.dates:
        columns[i] = [iso_date(v) if v is not None else None for v in columns[i]]
    for i in plan.tuples:
        if not LIST.issuperset(map(type, columns[i])):
            raise TypeError(plan.names[i])
        columns[i] = list(map(tuple, columns[i]))
    for i in plan.terms:
        columns[i] = [from_rows(Term, terms) for terms in columns[i]]
    names, new, objects = plan.names, object.__new__, []
    for values in zip(*columns):
        obj = new(cls)
        obj.__dict__.update(zip(names, values))  # as unpickling does (frozen classes included)
        objects.append(obj)
    return objects


def read_cache(path: Path, key: str) -> "KnowledgeBase | None":
    """The cached knowledge base, or None when there is none or it is not
    exactly what this code wrote for these files."""
    import json

    try:
        with path.open("rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("data"), dict):
            return None
        state = data["data"]
        if set(state) != {*SECTIONS, "errors"} or not isinstance(state["errors"], list) or any(
                not isinstance(state[name], list) for name in SECTIONS):
            return None
        kb = KnowledgeBase()
        if {name for name in vars(kb) if not name.startswith("_")} != {*SECTIONS, "errors"}:
            return None  # a knowledge base with other state than this code caches
        for name, cls in SECTIONS.items():
            objects = from_rows(cls, state[name])
            setattr(kb, name, {obj.id: obj for obj in objects})
        if not all(isinstance(e, str) for e in state["errors"]) or not all(
                isinstance(obj.id, str) for name in SECTIONS for obj in getattr(kb, name).values()):
            return None
        kb.errors = list(state["errors"])
        kb.finish()
        return kb
    except Exception:  # noqa: BLE001 - unreadable, not JSON, wrong shape: rebuild
        return None


def write_cache(path: Path, key: str, kb: "KnowledgeBase") -> None:
    """Write the cache atomically (cache.write_json)."""
    from .cache import write_json

    if {name for name in vars(kb) if not name.startswith("_")} != {*SECTIONS, "errors"}:
        return  # other state than this code caches: no cache, still correct
    try:
        state = {name: [to_row(obj) for obj in getattr(kb, name).values()] for name in SECTIONS}
        if any(obj_id != obj.id for name in SECTIONS for obj_id, obj in getattr(kb, name).items()):
            return  # keyed otherwise than by id: no cache form, still correct
    except TypeError:
        return  # a field without a cache form: no cache, still correct
    state["errors"] = list(kb.errors)
    write_json(path, key, state)


def check_knowledge(dirs: list[Path]) -> list[str]:
    """Every problem of the knowledge base in these folders, one line each."""
    missing = [f"{d}: no such knowledge folder" for d in dirs if not Path(d).exists()]
    kb = KnowledgeBase.load([d for d in dirs if Path(d).exists()], use_cache=False)
    return missing + kb.problems()


# ---- text helpers shared by the checks ---------------------------------

def words_pattern(phrases, flags: str = "") -> str:
    """An alternation of phrases, longest first, spaces matching any blank
    and hyphens matching a hyphen or a space ("Secretary-General")."""
    from .regexes import trie_regex

    body = trie_regex(set(phrases), {" ": r"\s+", "-": "[-‐ ]"}) or r"(?!x)x"
    return f"(?{flags}:{body})" if flags else f"(?:{body})"
