"""The `locale` check: the translating outlet's locale left in the text."""
import pytest

from linter.checks.locale import Locale
from linter.context import Context
from linter.model import LintError
from linter.readers import read_source
from linter.rules import load_rule, shipped_rules_dir

PACK = shipped_rules_dir() / "translation"


def check_for(name):
    return Locale(load_rule("translation", PACK / f"{name}.yaml"), Context())


def found(name, text):
    return [f.match for f in check_for(name).run(read_source("draft.txt", text))]


def test_local_time_of_a_place_the_story_is_not_about():
    text = ("The call is set for 9:00 p.m. on May 19 (Hanoi time) between Trump and Putin.\n"
            "Russia and Ukraine held talks in Istanbul.\n")
    assert found("foreign-local-time", text) == ["(Hanoi time)"]


def test_local_time_of_the_story_s_own_place_passes():
    text = "Talks in Moscow begin at 10:00 (Moscow time).\nThe Kremlin confirmed it.\n"
    assert found("foreign-local-time", text) == []
    # the place named only inside the time stamp does not count as the story's
    assert found("foreign-local-time", "The call starts at 15:00 Beijing time.") == ["Beijing time"]


def test_zone_abbreviation_only_after_a_clock_time():
    assert found("foreign-local-time", "Voting ends at 8 p.m. (WIB), officials in Kyiv said.") == ["(WIB)"]
    assert found("foreign-local-time", "The WIB label is common.") == []
    assert found("foreign-local-time", "Moscow time is three hours ahead of GMT in Kyiv.") == []


def test_foreign_quotation_marks():
    assert found("foreign-quotes", "He called it „constructive“ and «useful».") == ["„constructive“", "«useful»"]
    assert found("foreign-quotes", "He called it ‘constructive’ and “useful”, a ‘bar’.") == []


@pytest.mark.parametrize("text, match", [
    ("The city has 1.500.000 inhabitants.", "1.500.000"),
    ("Inflation reached 3,5% in April.", "3,5"),
    ("About 3.000 people came.", "3.000"),
    ("It started on 19.05.2025.", "19.05.2025"),
    ("The call was on 19/5.", "19/5"),
])
def test_foreign_number_formats(text, match):
    assert found("foreign-number-format", text) == [match]


@pytest.mark.parametrize("text", [
    "The city has 1,500,000 inhabitants and 2,500 people protested.",
    "Open 24/7 since version 2.10.3; the call was on 5/12.",
    "Pi is 3.14159 and the IP is 192.168.100.200.",
])
def test_english_numbers_pass(text):
    assert found("foreign-number-format", text) == []


def test_untranslated_script_and_abbreviations():
    check = check_for("untranslated-source-words")
    findings = list(check.run(read_source("d.txt", "Units of the ZSU said переговоры would go on in Kyiv (Київ).")))
    assert [f.match for f in findings] == ["переговоры", "ZSU"] or [f.match for f in findings] == ["ZSU", "переговоры"]
    zsu = next(f for f in findings if f.match == "ZSU")
    assert zsu.suggestions == ("the Armed Forces of Ukraine",)


def test_unknown_detector_is_a_rule_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("check: locale\ndetect: weather\nmessage: m\ncategory: translation\nseverity: info\n"
                    "description: d\nexamples: {bad: [x]}\n", encoding="utf-8")
    with pytest.raises(LintError, match="bad.yaml: field 'detect'"):
        load_rule("t", path)
