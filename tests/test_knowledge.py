"""The knowledge base: loading, queries, and `kb check` validation."""
import datetime as dt
from pathlib import Path

import pytest

from linter.knowledge import KnowledgeBase, check_knowledge

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load([SHIPPED], use_cache=False)


def test_shipped_knowledge_base_has_no_problems():
    assert check_knowledge([SHIPPED]) == []


def test_broken_knowledge_base_is_reported_line_by_line():
    problems = check_knowledge([DATA / "knowledge_broken"])
    text = "\n".join(problems)
    assert all("broken.yaml" in p for p in problems)
    assert "duplicate person id" in text
    assert "unknown field(s) colour" in text
    assert "unknown person id 'carl-nobody'" in text
    assert "terms overlap: 'ann-example'" in text
    assert "ends (2011-01-01) before it starts (2012-05-01)" in text
    assert "'2021-13-01' is not a date" in text
    assert "no 'source'" in text
    assert "unknown jurisdiction 'yy'" in text


def test_missing_folder_is_a_problem(tmp_path):
    assert check_knowledge([tmp_path / "nope"]) == [f"{tmp_path / 'nope'}: no such knowledge folder"]


def test_invalid_yaml_names_the_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("people: [\n", encoding="utf-8")
    problems = check_knowledge([tmp_path])
    assert len(problems) == 1 and "bad.yaml" in problems[0] and "not valid YAML" in problems[0]


def test_coverage_of_the_shipped_knowledge_base(kb):
    assert len(kb.people) >= 300
    for office in ("us-president", "ru-president", "ua-president", "de-chancellor", "uk-prime-minister",
                   "un-secretary-general", "nato-secretary-general", "eu-commission-president",
                   "eu-council-president", "pope", "us-fed-chair", "uk-boe-governor"):
        assert office in kb.offices, office
    assert all(t.source.startswith("https://") for o in kb.offices.values() for t in o.holders)


def test_holders_on_handover_day_and_after(kb):
    on_day = {t.person for t in kb.holders_on("us-president", D("2025-01-20"))}
    assert on_day == {"joe-biden", "donald-trump"}
    assert [t.person for t in kb.holders_on("us-president", D("2025-01-21"))] == ["donald-trump"]
    assert [t.person for t in kb.holders_on("us-president", D("2025-01-19"))] == ["joe-biden"]


def test_person_who_moved_between_offices(kb):
    nsa = kb.terms_of("mike-waltz", "us-national-security-advisor")
    assert [(t.start, t.end) for t in nsa] == [(D("2025-01-20"), D("2025-05-01"))]
    rubio = kb.holders_on("us-national-security-advisor", D("2025-06-01"))
    assert [(t.person, t.acting) for t in rubio] == [("marco-rubio", True)]
    assert kb.holds("marco-rubio", "us-secretary-of-state", D("2025-06-01"))
    assert {o.id for o in kb.offices_of("denys-shmyhal")} >= {"ua-prime-minister", "ua-defence-minister"}


def test_surnames_and_aliases(kb):
    zelensky = kb.people["volodymyr-zelensky"]
    assert {"Zelensky", "Zelenskyy", "Zelenskiy"} <= set(zelensky.surnames)
    assert "Volodymyr Zelenskyy" in zelensky.names
    assert kb.people["donald-trump"].surname == "Trump"  # default: last word of the name


def test_later_folder_adds_people_and_offices(tmp_path):
    kb = KnowledgeBase.load([SHIPPED, DATA / "knowledge_extra"], use_cache=False)
    assert "jane-quimby" in kb.people and "donald-trump" in kb.people
    assert kb.holds("jane-quimby", "springfield-mayor", D("2021-01-01"))
    extra = tmp_path / "more.yaml"
    extra.write_text("offices:\n  - id: us-president\n    holders:\n"
                     "      - {person: jane-quimby, start: 2029-01-20, source: 'https://example.org'}\n",
                     encoding="utf-8")
    kb2 = KnowledgeBase.load([SHIPPED, DATA / "knowledge_extra", tmp_path], use_cache=False)
    assert kb2.holds("jane-quimby", "us-president", D("2029-02-01"))
    assert any("terms overlap" in p and "jane-quimby" in p for p in kb2.problems())


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path))
    first = KnowledgeBase.load([SHIPPED])
    assert list(tmp_path.rglob("*.json")) and not list(tmp_path.rglob("*.pickle"))  # JSON, never a pickle
    second = KnowledgeBase.load([SHIPPED])
    assert second.people.keys() == first.people.keys()
    assert second.holds("donald-trump", "us-president", D("2025-03-17"))


def test_deaths_elections_and_regnal_names_are_validated(tmp_path):
    (tmp_path / "k.yaml").write_text("""
jurisdictions:
  - {id: xx, names: [Examplia]}
people:
  - {id: ann, name: Ann Example, died: 2020-05-01}
  - {id: bob, name: Bob Example, died: 2021-01-01, source: "https://example.org/bob"}
  - {id: cid, name: Cid Example, died: 2021-02-30, source: "https://example.org/cid"}
  - {id: dee, name: Dee I, regnal_name: [Dee]}
offices:
  - id: xx-president
    jurisdiction: xx
    titles: [President]
    holders:
      - {person: bob, start: 2015-01-01, source: "https://example.org/p"}
      - {person: ann, start: 2010-01-01, end: 2014-12-31, elected: 2011-01-01, source: "https://example.org/p"}
""", encoding="utf-8")
    text = "\n".join(check_knowledge([tmp_path]))
    assert "person 'ann': 'died' without a 'source'" in text
    assert "'died' '2021-02-30' is not a date" in text
    assert "'regnal_name' must be a string" in text
    assert "holder 'bob' (2015-01-01): runs past the holder's death (2021-01-01)" in text
    assert "holder 'ann' (2010-01-01): elected (2011-01-01) after the term starts (2010-01-01)" in text


def test_shipped_deaths_and_pre_office_windows(kb):
    dead = [p for p in kb.people.values() if p.died]
    assert len(dead) >= 15 and all(p.source.startswith("https://") for p in dead)
    assert kb.died("shinzo-abe") == D("2022-07-08") and kb.died("donald-trump") is None
    assert kb.elect_of("joe-biden", "us-president", D("2020-12-01")).start == D("2021-01-20")
    assert kb.elect_of("joe-biden", "us-president", D("2021-03-01")) is None
    assert kb.elect_of("joe-biden", "us-president", D("2020-11-06")) is None  # before the race was called
    assert "Leo XIV" in kb.people["leo-xiv"].names and kb.people["leo-xiv"].regnal_name == "Leo XIV"
    monarchs = {o for o in kb.offices if o.endswith(("-monarch", "-king", "-emperor")) or o == "pope"}
    assert {"uk-monarch", "jp-emperor", "sa-king", "nl-monarch", "es-monarch", "dk-monarch", "pope"} <= monarchs
    assert all(kb.offices[o].title_kept for o in monarchs)


def test_knowledge_file_goes_through_the_yaml_loader_with_the_alias_limit(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(7)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kb = KnowledgeBase()
    kb.add_file(bomb)
    assert len(kb.errors) == 1
    assert "bomb.yaml: not valid YAML" in kb.errors[0] and "expand to more than" in kb.errors[0]
