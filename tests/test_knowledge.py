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
