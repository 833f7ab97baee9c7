"""The `pattern` check (spaCy token patterns), the lazy spaCy loader and
the machine-translation pattern rules. The model is loaded once for the
module; tests that need it are skipped when no English model is installed."""
import subprocess
import sys

import pytest

from linter import nlp as nlp_module
from linter.checks.pattern import Pattern
from linter.context import Context
from linter.model import LintError
from linter.readers import read_source
from linter.rules import load_rule, shipped_rules_dir

PACK = shipped_rules_dir() / "translation"
HEADER = "check: pattern\nmessage: \"'{match}'\"\ncategory: translation\nseverity: info\ndescription: d\nexamples: {bad: [x]}\n"


@pytest.fixture(scope="module")
def nlp():
    pipeline, problem = nlp_module.load_pipeline()
    if pipeline is None:
        pytest.skip(problem)
    return pipeline


def rule_file(tmp_path, body):
    path = tmp_path / "p.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def run(rule_path, text, nlp):
    check = Pattern(load_rule("translation", rule_path), Context())
    return [f.match for f in check.run(read_source("draft.txt", text), nlp)]


def test_loading_a_pattern_rule_does_not_import_spacy():
    code = ("import sys; from linter.rules import load_rules, shipped_rules_dir; "
            "load_rules([shipped_rules_dir()]); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pipeline_is_loaded_once(nlp):
    assert nlp_module.load_pipeline()[0] is nlp
    assert "ner" not in nlp.pipe_names and "tagger" in nlp.pipe_names


def test_analyse_parses_each_document_once():
    calls = []

    class FakeNLP:
        def pipe(self, texts):
            texts = list(texts)
            calls.append(texts)
            return [t.upper() for t in texts]

    fake, doc = FakeNLP(), read_source("d.txt", "One.\nTwo.\n")
    assert nlp_module.analyse(fake, doc) == ["ONE.", "TWO."]
    assert nlp_module.analyse(fake, doc) == ["ONE.", "TWO."]
    assert calls == [["One.", "Two."]]


def test_bad_pattern_structure_fails_at_load(tmp_path):
    with pytest.raises(LintError, match=r"p.yaml: unknown field 'LOWR'"):
        load_rule("t", rule_file(tmp_path, "patterns: [[{LOWR: x}]]\n"))
    with pytest.raises(LintError, match=r"p.yaml: field 'patterns.0.0.LOWER'"):
        load_rule("t", rule_file(tmp_path, "patterns: [[{LOWER: on}]]\n"))  # YAML reads `on` as true


def test_pattern_spacy_rejects_is_a_one_line_rule_error(tmp_path, nlp):
    path = rule_file(tmp_path, "patterns: [[{LOWER: {REGEX: 1}}]]\n")
    with pytest.raises(LintError) as err:
        run(path, "Some text.", nlp)
    assert str(err.value).startswith(f"{path}: field 'patterns.0'") and "\n" not in str(err.value)


def test_underline_exceptions_and_topic_words(tmp_path, nlp):
    path = rule_file(tmp_path, "patterns: [[{LEMMA: reach}, {POS: DET, OP: '?'}, {LOWER: contract}]]\n"
                               "exceptions: [[{LOWER: contract}, {LOWER: agreement}]]\n"
                               "underline: [-1, null]\ntopic_words: [ceasefire]\n")
    assert run(path, "They want a ceasefire and are reaching the contract.", nlp) == ["contract"]
    assert run(path, "They want a ceasefire and reached a contract agreement.", nlp) == []
    assert run(path, "The union is reaching the contract.", nlp) == []


@pytest.mark.parametrize("rule, text, match", [
    ("missing-article-subject", "Meeting will take place in Istanbul on Monday.", "Meeting"),
    ("missing-article-generic", "The parties take their own stance. Art here is about narrowing that gap.", "Art"),
    ("has-enough-noun", "He said he believes Putin has enough war and hopes to end it.", "has enough"),
    ("contract-for-agreement", "Trump wants a ceasefire and is interested in reaching the contract soon.",
     "reaching the contract"),
    ("not-visible-nearby", "The ceasefire and peace agreements are not visible nearby.", "not visible nearby"),
    ("last-for-lasting", "He wants a stable ceasefire, towards a last peace agreement.", "last"),
    ("open-a-breakthrough", "The call is expected to open a breakthrough in the talks.", "open a breakthrough"),
    ("the-said-noun", "But the said proposal was rejected.", "the said"),
    ("nearest-time", "They will meet in the nearest time.", "in the nearest time"),
    ("informed-that", "The ministry informed that 40 drones were downed.", "informed"),
])
def test_translation_constructions_are_found(nlp, rule, text, match):
    assert run(PACK / f"{rule}.yaml", text, nlp) == [match]


@pytest.mark.parametrize("rule, text", [
    ("missing-article-subject", "Trump said the talks went well. Trump also said more would follow."),
    ("missing-article-subject", "Problem solved. The rest was easy."),
    ("has-enough-noun", "The army has enough ammunition and he has had enough of war."),
    ("contract-for-agreement", "The striking workers reached a new contract with the company."),
    ("last-for-lasting", "The last peace agreement collapsed, and it was a last peace effort."),
    ("informed-that", "He was informed that the talks would resume."),
])
def test_native_english_passes(nlp, rule, text):
    assert run(PACK / f"{rule}.yaml", text, nlp) == []


def test_no_model_gives_a_problem_not_an_error(monkeypatch):
    monkeypatch.setattr(nlp_module, "MODEL_PACKAGES", ("no_such_model_package",))
    nlp_module.load_pipeline.cache_clear()
    try:
        pipeline, problem = nlp_module.load_pipeline()
        assert pipeline is None and "no English spaCy model" in problem
        notices = []
        context = Context(notices=type("N", (), {"add": lambda self, text: notices.append(text)})())
        assert context.nlp is None and context.nlp is None
        assert len(notices) == 1 and "skipped" in notices[0]
    finally:
        nlp_module.load_pipeline.cache_clear()  # the next test loads the real model again


def test_not_names_skips_people_of_the_knowledge_base(nlp):
    assert run(PACK / "missing-article-generic.yaml", "Trump wants a ceasefire soon.", nlp) == []
