"""The `titles` check: titles of office-holders against the knowledge base
on the article's date (rules/fact/*.yaml)."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from linter.checks.titles import Titles
from linter.context import Context
from linter.readers import read_source
from linter.rules import load_rule

ROOT = Path(__file__).resolve().parent.parent
RULES = [load_rule("fact", p) for p in sorted((ROOT / "rules" / "fact").glob("*.yaml"))
         if yaml.safe_load(p.read_text(encoding="utf-8")).get("check") == "titles"]
CONTEXT = Context()


def lint(text, date, source="--date"):
    doc = read_source("draft.txt", text)
    doc.metadata["date"] = dt.date.fromisoformat(date)
    doc.metadata["date_source"] = source
    findings = []
    for rule in RULES:
        findings += list(Titles(rule, CONTEXT).run(doc))
    return sorted(findings, key=lambda f: f.sort_key)


# (text, article date, expected rule or None, expected underlined span)
CASES = [
    # the seed's error, and the same words when they were right
    ("Officials said former President Donald Trump will call Putin.", "2025-03-17", "former-title", "former President Donald Trump"),
    ("Officials said former President Donald Trump will call Putin.", "2022-06-01", None, None),
    # inauguration day: either title is accepted; the day after it is not
    ("Former President Donald Trump arrived at the Capitol.", "2025-01-20", None, None),
    ("Former President Donald Trump arrived at the Capitol.", "2025-01-21", "former-title", "Former President Donald Trump"),
    ("President Joe Biden left the White House.", "2025-01-20", None, None),
    ("President Joe Biden left the White House.", "2025-01-21", "stale-title", "President Joe Biden"),
    ("President Trump spoke on Monday.", "2019-05-01", None, None),
    ("President Trump spoke on Monday.", "2023-05-01", "stale-title", "President Trump"),
    ("In 2018, President Trump met Kim Jong Un in Singapore.", "2023-05-01", None, None),
    ("The deal was struck by then-President Trump.", "2023-05-01", None, None),
    ("Under President Obama, the programme grew.", "2020-05-01", None, None),
    ("Trump, who was president from 2017 to 2021, spoke.", "2023-05-01", None, None),
    ("Former President Barack Obama endorsed the plan.", "2025-03-17", None, None),
    ("Vice President Kamala Harris spoke in Ohio.", "2022-03-01", None, None),
    ("President-elect Donald Trump named his cabinet.", "2024-12-01", None, None),
    # a person who moved from one office to another, and an acting holder
    ("National Security Adviser Mike Waltz briefed Trump.", "2025-03-16", None, None),
    ("National Security Adviser Mike Waltz briefed Trump.", "2025-05-01", None, None),
    ("National Security Adviser Mike Waltz briefed Trump.", "2025-05-02", "stale-title", "National Security Adviser Mike Waltz"),
    ("US national security adviser Mike Waltz led the talks.", "2025-03-17", None, None),
    ("National Security Advisor Marco Rubio briefed Trump.", "2025-06-01", None, None),
    ("National Security Advisor Marco Rubio briefed Trump.", "2025-03-01", "future-title", "National Security Advisor Marco Rubio"),
    ("Secretary of State Marco Rubio flew to Kyiv.", "2024-06-01", "future-title", "Secretary of State Marco Rubio"),
    ("US Secretary of State Marco Rubio flew to Kyiv.", "2025-06-01", None, None),
    # quotations: a speaker's courtesy title is not the outlet's
    ('"I never discussed Vice President Biden," Volker said.', "2019-11-20", None, None),
    ("“I thank President Biden,” she said.", "2025-03-01", None, None),
    ('"We met former President Donald Trump," she said.', "2025-03-17", "former-title", "former President Donald Trump"),
    # Germany: the chancellor changed on 2025-05-06
    ("German Chancellor Olaf Scholz met Macron.", "2025-05-06", None, None),
    ("German Chancellor Olaf Scholz met Macron.", "2025-05-07", "stale-title", "German Chancellor Olaf Scholz"),
    ("Chancellor Friedrich Merz met Macron.", "2025-05-05", "future-title", "Chancellor Friedrich Merz"),
    ("Chancellor Friedrich Merz met former Chancellor Olaf Scholz.", "2025-06-01", None, None),
    # two people with the same surname
    ("Speaker Johnson said the House would vote.", "2024-03-01", None, None),
    ("Prime Minister Johnson said Britain would help.", "2021-03-01", None, None),
    ("Prime Minister Johnson said Britain would help.", "2024-03-01", "stale-title", "Prime Minister Johnson"),
    ("President Kim said the talks would go on.", "2025-03-01", None, None),
    ("Premier Li spoke on Tuesday.", "2024-02-18", None, None),
    ("Premier Li Keqiang spoke on Tuesday.", "2023-06-18", "stale-title", "Premier Li Keqiang"),
    ("Premier Li Keqiang spoke on Tuesday.", "2024-02-18", "deceased", "Premier Li Keqiang"),  # died 2023-10-27
    ("Speaker Mike Johnson met Prime Minister Boris Johnson.", "2021-03-01", "future-title", "Speaker Mike Johnson"),
    # organisations
    ("NATO Secretary General Jens Stoltenberg warned Moscow.", "2024-10-01", None, None),
    ("NATO Secretary General Jens Stoltenberg warned Moscow.", "2024-10-02", "stale-title", "NATO Secretary General Jens Stoltenberg"),
    ("Mark Rutte, the former NATO Secretary General, spoke.", "2025-02-01", "former-title", "Mark Rutte, the former NATO Secretary General"),
    ("Mark Rutte, the former Dutch prime minister, spoke.", "2025-02-01", None, None),
    ("President Ursula von der Leyen of the European Commission spoke.", "2025-05-20", None, None),
    ("European Council President Charles Michel spoke.", "2024-12-02", "stale-title", "European Council President Charles Michel"),
    ("UN Secretary-General António Guterres spoke.", "2025-05-20", None, None),
    ("Pope Francis, who died in April, had called for peace.", "2025-05-20", None, None),
    ("Pope Leo called for peace.", "2025-05-01", "future-title", "Pope Leo"),
    # Russia and Ukraine
    ("Former Prime Minister Vladimir Putin spoke.", "2025-05-20", None, None),
    ("President Putin met officials.", "2010-05-20", "stale-title", "President Putin"),
    ("Prime Minister Putin met President Medvedev.", "2010-05-20", None, None),
    ("President Putin met Prime Minister Medvedev.", "2015-05-20", None, None),
    ("Russian President Volodymyr Zelensky spoke.", "2025-05-20", "unheld-title", "Russian President Volodymyr Zelensky"),
    ("Ukrainian President Voldymir Zelensky spoke.", "2025-05-20", None, None),
    ("Prime Minister Denys Shmyhal visited Lviv.", "2025-08-01", "stale-title", "Prime Minister Denys Shmyhal"),
    ("Defence Minister Denys Shmyhal visited Lviv.", "2025-08-01", None, None),
    ("Prime Minister Yulia Svyrydenko visited Lviv.", "2025-07-17", None, None),
    ("Prime Minister Yulia Svyrydenko visited Lviv.", "2025-07-10", "future-title", "Prime Minister Yulia Svyrydenko"),
    ("Ukraine's foreign minister, Andrii Sybiha, spoke.", "2025-01-10", None, None),
    ("Foreign Minister Dmytro Kuleba spoke.", "2024-10-10", "stale-title", "Foreign Minister Dmytro Kuleba"),
    # UK, France
    ("Foreign Secretary David Lammy spoke.", "2025-10-01", "stale-title", "Foreign Secretary David Lammy"),
    ("British Prime Minister Keir Starmer spoke.", "2024-07-05", None, None),
    ("British Prime Minister Keir Starmer spoke.", "2024-07-04", "future-title", "British Prime Minister Keir Starmer"),
    ("French Prime Minister Michel Barnier spoke.", "2025-01-05", "stale-title", "French Prime Minister Michel Barnier"),
    ("French Prime Minister François Bayrou spoke.", "2025-01-05", None, None),
    # Asia-Pacific and the Americas: acting presidents, recent handovers
    ("South Korea's acting President Choi Sang-mok spoke.", "2025-01-10", None, None),
    ("Acting President Han Duck-soo spoke.", "2025-04-10", None, None),
    ("Acting President Choi Sang-mok spoke.", "2025-06-10", "stale-title", "Acting President Choi Sang-mok"),
    ("President Yoon Suk Yeol spoke.", "2025-01-10", None, None),  # suspended, still in office
    ("President Yoon Suk Yeol spoke.", "2025-06-10", "stale-title", "President Yoon Suk Yeol"),
    ("South Korean President Lee Jae-myung spoke.", "2025-06-04", None, None),
    ("Japanese Prime Minister Shigeru Ishiba met Trump.", "2025-11-01", "stale-title", "Japanese Prime Minister Shigeru Ishiba"),
    ("Prime Minister Sanae Takaichi met Trump.", "2025-10-21", None, None),
    ("Prime Minister Mark Carney spoke.", "2025-03-13", "future-title", "Prime Minister Mark Carney"),
    ("Former Bank of England Governor Mark Carney spoke.", "2025-03-20", None, None),
    ("Mexican President Claudia Sheinbaum spoke.", "2024-09-30", "future-title", "Mexican President Claudia Sheinbaum"),
    ("President Lula and President Milei met.", "2024-07-01", None, None),
    ("King Charles met President Macron.", "2023-09-20", None, None),
    ("As president, Trump signed the tax cuts.", "2023-05-01", None, None),
    ("He met the president, Donald Trump, on Friday.", "2024-05-20", "stale-title", "president, Donald Trump"),
    # titles that are not the knowledge base's offices, or people it does not know
    ("Club President John Smith spoke.", "2025-05-20", None, None),
    ("Microsoft President Brad Smith spoke.", "2025-05-20", None, None),
    ("Prime Minister Emmanuel Macron spoke.", "2025-05-20", "unheld-title", "Prime Minister Emmanuel Macron"),
    ("President JD Vance spoke.", "2025-05-20", "unheld-title", "President JD Vance"),
    ("President Smith of Acme spoke.", "2025-05-20", None, None),
    ("Vice-President JD Vance spoke.", "2025-05-20", None, None),
    ("US envoy Steve Witkoff met Putin.", "2025-03-16", None, None),
]


@pytest.mark.parametrize("text, date, rule, span", CASES)
def test_title_against_date(text, date, rule, span):
    findings = [f for f in lint(text, date) if f.severity in ("warning", "error")]
    if rule is None:
        assert findings == [], [f.message for f in findings]
    else:
        assert [(f.rule, f.match) for f in findings] == [(f"fact.{rule}", span)]


def test_message_says_what_the_knowledge_base_knows():
    [f] = lint("Officials said former President Donald Trump will call Putin.", "2025-03-17")
    assert f.message == ("Donald Trump has been US President since 2025-01-20 "
                         "(article dated 2025-03-17, from --date): drop 'former'")
    assert f.suggestions == ("President Donald Trump",)
    [f] = lint("President Joe Biden spoke.", "2025-03-17", source="dateline")
    assert "from 2021-01-20 to 2025-01-20" in f.message and "Donald Trump" in f.message
    assert "dateline" in f.message and f.suggestions == ("former President Joe Biden",)


def test_acting_holder_is_named_in_the_message():
    [f] = lint("National Security Adviser Mike Waltz spoke.", "2025-06-01")
    assert "Marco Rubio (acting)" in f.message


def test_unnamed_former_title_in_a_story_about_the_sitting_holder():
    story = ("Donald Trump will call Vladimir Putin this week. Trump said talks were going well, "
             "and the former US president hopes for a deal.")
    [f] = lint(story, "2025-03-17")
    assert f.rule == "fact.former-unnamed" and f.match == "the former US president"
    named = story.replace("Trump said", "Trump criticised Joe Biden and said")
    assert lint(named, "2025-03-17") == []
    assert lint(story, "2023-03-17") == []  # Trump was a former president then


def test_conflicting_titles_of_one_person():
    text = "Putin's envoy Kirill Dmitriev met Steve Witkoff.\nThe former envoy Kirill Dmitriev said talks went well."
    [f] = lint(text, "2025-05-20")
    assert f.rule == "fact.conflicting-titles" and f.line == 2
    assert "'envoy Kirill Dmitriev' on line 1" in f.message


def test_conflict_is_not_repeated_where_the_date_check_already_reports():
    text = "President Trump spoke.\nLater former President Donald Trump spoke again."
    assert [f.rule for f in lint(text, "2025-03-17")] == ["fact.former-title"]


SEEDS = ROOT / "seeds"


@pytest.mark.skipif(not (SEEDS / "expected.yaml").is_file(), reason="seed articles not present")
def test_seeds_give_only_the_gold_fact_findings():
    gold = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    found = []
    for art in gold["articles"]:
        text = (SEEDS / art["file"]).read_text(encoding="utf-8")
        for f in lint(text, str(art["date"])):
            if f.severity in ("warning", "error"):
                found.append((art["file"][:3], f.line, f.match))
    assert found == [("003", 3, "former President Donald Trump"), ("003", 9, "the former US president")]


def test_dateline_dates_the_article_through_the_engine():
    from linter.engine import lint_text

    text = "WASHINGTON, March 16, 2025 (Reuters) - Officials said former President Donald Trump will call Putin."
    [f] = lint_text(text, select=["fact"])
    assert f.rule == "fact.former-title"
    assert "(article dated 2025-03-16, from dateline)" in f.message
    assert lint_text(text, select=["fact"], date=dt.date(2023, 1, 1)) == []
