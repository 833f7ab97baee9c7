"""Streaming reports (text, github, jsonl write each file as it finishes, in
input order) say what the report rendered at the end says; the word
prefilters of the checks never drop a block a regex could match."""
import json
import re

import pytest

from conftest import run_cli, seed_corpus
from linter.analyses import BlockWords, WordNeeds
from linter.engine import Selection
from linter.parallel import ParallelSession, SessionSpec
from linter.regexes import needed_words, phrase_regex
from linter.session import Session


def corpus(folder, count, broken=()):
    seed_corpus(folder, count, broken)
    return folder


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_a_streamed_report_is_the_rendered_one(tmp_path, fmt):
    folder = corpus(tmp_path / "c", 12, broken={3})
    streamed = run_cli("check", "--format", fmt, folder)
    rendered = run_cli("check", "--format", fmt, "-o", tmp_path / "out", folder)  # --output: rendered at the end
    assert streamed.returncode == rendered.returncode == 2
    assert streamed.stdout == (tmp_path / "out").read_text(encoding="utf-8")
    assert streamed.stderr == rendered.stderr and "binary" in streamed.stderr


def test_streamed_github_annotations_are_the_rendered_ones(tmp_path):
    folder = corpus(tmp_path / "c", 6)
    streamed = run_cli("check", "--format", "github", "--fail-level", "error", folder)
    rendered = run_cli("check", "--format", "github", "--fail-level", "error", "-o", tmp_path / "out", folder)
    assert streamed.returncode == rendered.returncode == 1
    assert streamed.stdout == (tmp_path / "out").read_text(encoding="utf-8")
    assert streamed.stdout.count("::error ") > 3


def test_quiet_streaming_keeps_the_failing_findings_only(tmp_path):
    folder = corpus(tmp_path / "c", 5)
    quiet = run_cli("check", "--format", "jsonl", "-q", "--fail-level", "error", folder)
    lines = [json.loads(line) for line in quiet.stdout.splitlines()]
    assert len(lines) == 5 and quiet.returncode == 1
    severities = {f["severity"] for line in lines for f in line["findings"]}
    assert severities == {"error"}


def test_jsonl_has_one_line_a_file_with_the_json_reports_findings(tmp_path):
    folder = corpus(tmp_path / "c", 7, broken={2})
    report = json.loads(run_cli("check", "--format", "json", folder).stdout)
    lines = [json.loads(line) for line in run_cli("check", "--format", "jsonl", folder).stdout.splitlines()]
    assert [line["path"] for line in lines] == [f["path"] for f in report["files"]]
    for line in lines:
        assert line["findings"] == [f for f in report["findings"] if f["path"] == line["path"]]
    assert "binary" in lines[2]["error"] and sum(len(line["findings"]) for line in lines) > 10


def test_stream_yields_files_in_input_order_from_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)  # many chunks (workers are forked, they see it)
    folder = corpus(tmp_path / "c", 11, broken={5})
    inputs = [(str(p), None) for p in sorted(folder.iterdir())][::-1]  # not in path order
    selection = Selection()
    whole = Session(selection=selection).lint_inputs(inputs)
    streamed = list(ParallelSession(SessionSpec(selection), jobs=2).stream(inputs))
    assert [r.path for r, _, _ in streamed] == [p for p, _ in inputs]
    for result, findings, lines in streamed:
        assert [f.to_dict() for f in findings] == [f.to_dict() for f in whole.findings if f.path == result.path]
        assert set(lines) == {f.line for f in findings}


PHRASES = ["Kiev", "White House", "the Kremlin", "U.S.", "istanbul", "İstanbul", "Kyiv's", "time", "GMT+7", "ſun",
           "Mikhail Gorbachev", "dnepr"]
TEXTS = ["In Kiev today", "the white house said", "THE KREMLIN", "the U.S. and", "İSTANBUL is big", "Istanbul",
         "ıstanbul", "ISTANBUL", "Kyiv’s mayor", "Kyiv's mayor", "at 9 GMT+7 on", "the ſun", "the SUN", "KİEV",
         "Mikhail  Gorbachev", "mikhail gorbachev", "Dnepr-based", "Dneprs", "кiev", "K\u212aiev", "about time"]


@pytest.mark.parametrize("ignorecase", [False, True])
def test_the_word_prefilter_never_drops_a_block_the_regex_matches(ignorecase):
    checked = 0
    for phrase in PHRASES:
        regex = re.compile(phrase_regex(phrase), re.IGNORECASE if ignorecase else 0)
        needs = WordNeeds([needed_words(phrase, ignorecase)], ignorecase)
        for text in TEXTS:
            if regex.search(text):
                checked += 1
                assert needs.could_match(BlockWords(text)), (phrase, text)
    assert checked >= (14 if ignorecase else 6)


def test_the_word_prefilter_rules_out_blocks_without_the_words():
    needs = WordNeeds([needed_words("White House", True), needed_words("Kremlin", True)], True)
    assert not needs.could_match(BlockWords("a white car"))  # no house, no kremlin
    assert needs.could_match(BlockWords("a white car and a house"))  # both words: the regex decides
    assert needs.could_match(BlockWords("the WHITE  HOUSE"))
    assert needs.could_match(BlockWords("ſome Greek or Turkish ı text"))  # re folds these unlike str.lower: no filter
