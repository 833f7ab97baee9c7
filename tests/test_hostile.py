"""Hostile input, through the command line as a user meets it: every case of
issue 13 ends within a bound, with one clear line on stderr naming the file,
and the good file beside it still reported; legitimate input (UTF-16, long
lines) is linted correctly."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

GOOD = "Officials met in Kiev on Monday.\n"  # one finding: style.place-names at 1:18
BOUND = 10.0  # CPU seconds a case may take (CPU, not wall time: the test machine may be loaded)


class Result:
    def __init__(self, status, out: bytes, err: bytes, seconds: float):
        self.returncode, self.seconds = status, seconds
        self.stdout, self.stderr = out, err
        self.out = out.decode("utf-8")
        self.err_lines = [l for l in err.decode("utf-8").splitlines() if l.strip()]


def run(*args, cwd, stdin=None, env=None):
    """The command line, in this process (a fresh process costs seconds of
    imports per case); `spawn` below where a real process matters."""
    from click.testing import CliRunner

    from linter import cli

    env = {"ARTLINT_CACHE": str(cwd / ".cache"), **(env or {})}
    here = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.process_time()
        result = CliRunner().invoke(cli.main, [str(a) for a in args], input=stdin, env=env)
        seconds = time.process_time() - start
    finally:
        os.chdir(here)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout_bytes, result.stderr_bytes, seconds)


def spawn(*args, cwd, env=None):
    import resource

    env = {**os.environ, "ARTLINT_CACHE": str(cwd / ".cache"), **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "linter", *map(str, args)], cwd=cwd, capture_output=True,
                          env=env, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Result(done.returncode, done.stdout, done.stderr, cpu)


def check_json(tmp_path, *paths, extra=()):
    """Lint `paths` and good.md beside them with the JSON report."""
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    result = run("check", "--format", "json", *extra, *paths, good, cwd=tmp_path)
    assert result.seconds < BOUND, result.seconds
    assert "Traceback" not in result.stderr.decode() and "internal error" not in result.stderr.decode()
    report = json.loads(result.out)
    good_findings = [f for f in report["findings"] if f["path"] == str(good)]
    assert [(f["rule"], f["line"], f["column"]) for f in good_findings] == [("style.place-names", 1, 18)]
    return result, report


def columns(line, word="Kiev"):
    """1-based columns of every `word` in `line`."""
    out, at = [], line.find(word)
    while at >= 0:
        out.append(at + 1)
        at = line.find(word, at + 1)
    return out


def findings_of(report, path):
    return [(f["rule"], f["line"], f["column"], f["match"]) for f in report["findings"] if f["path"] == str(path)]


def test_lone_surrogate_reference_is_a_replacement_character(tmp_path):
    bad = tmp_path / "surrogate.html"
    line = "<p>Talks in Kiev &#xD800; went on. Then &#xDFFF;&#0;&#x110000; Kiev again.</p>"
    bad.write_text(line + "\n")
    result, report = check_json(tmp_path, bad, extra=("--select", "all"))
    assert findings_of(report, bad) == [("style.place-names", 1, c, "Kiev") for c in columns(line)]
    assert not any("failed" in line for line in result.err_lines), result.err_lines
    for fmt in ("text", "sarif", "github"):
        other = run("check", "--format", fmt, bad, cwd=tmp_path)
        assert other.returncode == 1 and not other.err_lines, (fmt, other.err_lines)


def test_unknown_entity_keeps_every_later_column(tmp_path):
    bad = tmp_path / "entity.md"
    line = "A &jerry; b &NotEqualTilde; c Kiev, &amp; d Kiev &#x1F600; Kiev."
    bad.write_text(line + "\n")
    result, report = check_json(tmp_path, bad, extra=("--select", "all"))
    assert [f[2] for f in findings_of(report, bad) if f[0] == "style.place-names"] == columns(line)
    assert not any("failed" in line for line in result.err_lines), result.err_lines


def test_long_line_is_linted_whole_and_the_text_report_is_quick(tmp_path):
    bad = tmp_path / "long.txt"
    bad.write_text("word " * 50_000 + "Kiev.\n")  # 250,005 characters
    result, report = check_json(tmp_path, bad)
    assert [f for f in findings_of(report, bad) if f[0].startswith("style")] == [("style.place-names", 1, 250_001, "Kiev")]
    text = run("check", "--select", "style", bad, cwd=tmp_path)
    assert text.seconds < BOUND and text.returncode == 1
    assert f"{bad}:1:250001: warning [style.place-names]" in text.out
    snippet = [line for line in text.out.splitlines() if line.startswith((" 1 |", "   |"))]
    assert len(snippet) == 2 and max(len(line) for line in snippet) < 120  # clipped around the span
    assert snippet[1].index("^") == snippet[0].index("Kiev")


def test_over_the_line_limit_only_the_start_is_linted_and_said(tmp_path):
    (tmp_path / ".artlint.yaml").write_text("max_line_length: 1000\n")
    bad = tmp_path / "long.txt"
    bad.write_text("Kiev " + "word " * 2000 + "Kiev.\nKiev.\n")
    result, report = check_json(tmp_path, bad, extra=("--select", "style"))
    assert findings_of(report, bad) == [("style.place-names", 1, 1, "Kiev"), ("style.place-names", 2, 1, "Kiev")]
    assert result.err_lines == [f"artlint: {bad}: line 1 is longer than 1,000 characters (setting max_line_length); "
                                "only its first 1,000 are linted"]


def test_file_over_the_size_limit_is_skipped_with_a_line(tmp_path):
    (tmp_path / ".artlint.yaml").write_text("max_file_size: 1000\n")
    bad = tmp_path / "big.md"
    bad.write_text("Kiev. " * 1000)
    result, report = check_json(tmp_path, bad)
    assert result.returncode == 2
    assert result.err_lines == [f"artlint: {bad}: 6,000 bytes, over the size limit of 1,000 (setting max_file_size); skipped"]


def test_deep_html_nesting_ends_quickly(tmp_path):
    bad = tmp_path / "deep.html"
    bad.write_text("<div>\n" * 100_000 + "Deep in Kiev.\n" + "</div>\n" * 100_000 + "<p>Kiev</p>\n")
    result, report = check_json(tmp_path, bad, extra=("--select", "style"))
    assert [f[:3] for f in findings_of(report, bad)] == [("style.place-names", 100_001, 9),
                                                       ("style.place-names", 200_002, 4)]
    assert result.err_lines == [f"artlint: {bad}: elements nested deeper than 1000 levels are read as part of "
                                "the one at that depth"]


def test_a_huge_token_gets_no_suggestion_search(tmp_path):
    bad = tmp_path / "token.txt"
    bad.write_text("The " + "qz" * 10_000 + " was seen in Kiev.\n")
    result, report = check_json(tmp_path, bad)
    found = findings_of(report, bad)
    assert ("style.place-names", 1, 20_018, "Kiev") in found
    nonword = [f for f in report["findings"] if f["rule"] == "translation.nonword" and f["path"] == str(bad)]
    assert len(nonword) == 1 and nonword[0]["suggestions"] == []


BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]) + "\n"


def test_yaml_bomb_in_front_matter_is_refused_and_the_text_linted(tmp_path):
    bad = tmp_path / "bomb.md"
    bad.write_text(f"---\n{BOMB}title: x\n---\nThen Kiev.\n")
    result, report = check_json(tmp_path, bad)
    assert findings_of(report, bad) == [("style.place-names", 13, 6, "Kiev")]
    assert result.err_lines == [f"artlint: {bad}: the front matter is not valid YAML: aliases expand to more than "
                                "200,000 nodes (a YAML bomb?); ignored"]


def test_yaml_bomb_in_configuration_is_one_short_line_and_other_folders_are_checked(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / ".artlint.yaml").write_text(BOMB + "select: [style]\n")
    (tmp_path / "team" / "a.md").write_text("Kiev.\n")
    result, report = check_json(tmp_path, tmp_path / "team" / "a.md")
    assert result.returncode == 2
    assert result.err_lines[0].startswith(f"artlint: {tmp_path / 'team' / '.artlint.yaml'}: not valid YAML: aliases expand")
    assert len(result.err_lines) == 2 and all(len(line) < 400 for line in result.err_lines)
    assert result.err_lines[1].endswith("a.md: not checked: its configuration has an error")


def test_yaml_bomb_in_a_rule_file_is_a_rule_error(tmp_path):
    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "bomb.yaml").write_text(BOMB + "check: existence\n")
    (tmp_path / ".artlint.yaml").write_text("rules: [rules]\n")
    (tmp_path / "a.md").write_text(GOOD)
    result = run("check", "a.md", cwd=tmp_path)
    assert result.seconds < BOUND and result.returncode == 2
    assert result.err_lines == [f"artlint: {pack / 'bomb.yaml'}: not valid YAML: aliases expand to more than "
                                "200,000 nodes (a YAML bomb?)"]


USER_RULE = """check: existence
message: "Run of a's: '{match}'"
category: style
severity: warning
description: A rule whose regex backtracks without end on some text.
patterns: ['%s']
examples:
  bad: ["aaa"]
"""


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
def test_catastrophic_user_regex_is_stopped(tmp_path, pattern):
    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "runs.yaml").write_text(USER_RULE % pattern)
    (tmp_path / ".artlint.yaml").write_text("rules: [rules]\n")
    bad = tmp_path / "runs.txt"
    bad.write_text("a" * 60 + "!\n")
    result, report = check_json(tmp_path, bad)
    assert len(result.err_lines) <= 1
    if result.err_lines:  # the regex package finds (a+)+$ fast; (a|aa)+$ times out
        assert result.returncode == 2
        assert "house.runs" in result.err_lines[0] and "took over 1 s" in result.err_lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_skipped_as_an_argument_and_in_a_folder(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    os.mkfifo(folder / "pipe.md")  # nobody writes to it: opening it to read would block forever
    (folder / "ok.md").write_text("Kiev.\n")
    result, report = check_json(tmp_path, folder)
    assert findings_of(report, folder / "ok.md") == [("style.place-names", 1, 1, "Kiev")]
    assert result.err_lines == [f"artlint: {folder / 'pipe.md'}: a FIFO, not a regular file; skipped"]
    result, report = check_json(tmp_path, folder / "pipe.md")
    assert result.returncode == 2 and len(result.err_lines) == 1


def test_device_is_skipped(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result, report = check_json(tmp_path, "/dev/zero")
    assert result.returncode == 2 and result.err_lines == ["artlint: /dev/zero: a device, not a regular file; skipped"]


def test_symlink_loop_given_as_argument_is_reported(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    inner = tmp_path / "folder"
    inner.mkdir()
    (inner / "back").symlink_to(inner, target_is_directory=True)  # a loop inside a folder: not followed
    (inner / "a.md").write_text("Kiev.\n")
    result, report = check_json(tmp_path, tmp_path / "loop", inner)
    assert result.returncode == 2
    assert result.err_lines == [f"artlint: {tmp_path / 'loop'}: symlink loop (too many levels of symbolic links); skipped"]
    assert findings_of(report, inner / "a.md") == [("style.place-names", 1, 1, "Kiev")]


def test_no_input_is_an_error_unless_allowed(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", "empty", cwd=tmp_path)
    assert result.returncode == 2 and result.out == ""
    assert result.err_lines == ["artlint: no files to check in empty (looked for *.md *.markdown *.txt *.html *.htm); "
                                "--allow-empty accepts that"]
    allowed = run("check", "--allow-empty", "empty", cwd=tmp_path)
    assert allowed.returncode == 0 and "No findings in 0 files" in allowed.out


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:03}.md").write_text(f"Article {n} from Kiev. " * 40 + "\n")
    env = {**os.environ, "ARTLINT_CACHE": str(tmp_path / ".cache")}
    proc = subprocess.Popen([sys.executable, "-m", "linter", "check", "--format", "json", folder], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 1:
        pytest.skip("the run finished before the interrupt (a fast machine)")
    assert proc.returncode == 130, err
    lines = [l for l in err.decode().splitlines() if l.strip()]
    assert "Aborted!" not in err.decode() and "Traceback" not in err.decode()
    assert lines[-1].startswith("artlint: interrupted"), lines
    if out:  # interrupted while linting: what finished is a complete report
        report = json.loads(out)
        assert lines[-1] == f"artlint: interrupted: {len(report['files'])} of 400 files finished and reported"
        assert {f["path"] for f in report["findings"]} <= {f["path"] for f in report["files"]}


def test_ctrl_c_reports_the_finished_files(tmp_path, monkeypatch):
    """In-process, so the interrupt lands between two batches for sure."""
    from click.testing import CliRunner

    from linter import cli
    from linter.session import Session

    for n in range(3):
        (tmp_path / f"{n}.md").write_text("Kiev.\n")
    monkeypatch.setattr(Session, "BATCH", 1)
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / ".cache"))
    real = Session.run_batch
    calls = []

    def run_batch(self, run, config, docs):
        calls.append(docs[0].path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(self, run, config, docs)

    monkeypatch.setattr(Session, "run_batch", run_batch)
    result = CliRunner().invoke(cli.main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == calls[:2]
    assert [f["path"] for f in report["findings"]] == calls[:2]


def test_ctrl_c_while_the_report_is_written_leaves_it_whole(tmp_path, monkeypatch):
    """Ctrl-C after the last file, while the JSON report is being written:
    the report is finished (not cut off) and the run still exits 130."""
    from click.testing import CliRunner

    from linter import cli, reporters

    for n in range(3):
        (tmp_path / f"{n}.md").write_text("Talks in Kiev.\n")
    monkeypatch.setenv("ARTLINT_CACHE", str(tmp_path / ".cache"))
    real = reporters.render_pieces

    def render_pieces(*args, **kwargs):
        for n, piece in enumerate(real(*args, **kwargs)):
            if n == 3:
                os.kill(os.getpid(), signal.SIGINT)
            yield piece

    monkeypatch.setattr(reporters, "render_pieces", render_pieces)
    result = CliRunner().invoke(cli.main, ["check", "--format", "json", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert len(report["files"]) == 3
    assert [f["rule"] for f in report["findings"]].count("style.place-names") == 3
    assert result.stderr.splitlines()[-1] == "artlint: interrupted: 3 of 3 files finished and reported"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is put back


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, codec):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
           "utf-32-be": b"\x00\x00\xfe\xff"}[codec]
    bad = tmp_path / "wide.md"
    bad.write_bytes(bom + "# Title\n\nTalks in Kiev, naïvely.\n".encode(codec))
    result, report = check_json(tmp_path, bad)
    assert findings_of(report, bad) == [("style.place-names", 3, 10, "Kiev")]
    assert result.returncode == 1 and not result.err_lines


def test_broken_utf16_is_one_line(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe" + "Kiev".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    result, report = check_json(tmp_path, bad)
    assert result.returncode == 2
    assert result.err_lines == [f"artlint: {bad}: not valid UTF-16 text, as its BOM says (byte 10)"]


def test_unterminated_front_matter_is_a_warning(tmp_path):
    bad = tmp_path / "open.md"
    bad.write_text("---\ntitle: Talks\n\nTalks in Kiev.\n")
    result, report = check_json(tmp_path, bad)
    assert findings_of(report, bad) == [("style.place-names", 4, 10, "Kiev")]
    assert result.returncode == 1
    assert result.err_lines == [f"artlint: {bad}: the front matter opened on line 1 is never closed (no '---' line); "
                                "read as text"]
    assert report["warnings"] == [result.err_lines[0][len("artlint: "):]]


@pytest.mark.parametrize("source", [
    "# Talks\n\nIn `Kiev` code, then Kiev.\n",                     # Markdown: the code span is not prose
    "<!doctype html><p>In <code>Kiev</code>, then Kiev.</p>\n",   # HTML: neither is the code element
])
def test_stdin_without_a_name_is_sniffed(tmp_path, source):
    result = run("check", "--format", "json", "-", cwd=tmp_path, stdin=source.encode())
    report = json.loads(result.out)
    line = source.splitlines()[-1]
    expected = [(source.count("\n", 0, source.rindex("Kiev")) + 1, line.rindex("Kiev") + 1)]
    assert [(f["line"], f["column"]) for f in report["findings"] if f["rule"] == "style.place-names"] == expected
    plain = run("check", "--format", "json", "-", cwd=tmp_path, stdin=b"In `Kiev` code.\n")
    assert [f["column"] for f in json.loads(plain.out)["findings"]] == [5]  # plain text: all of it is prose


def test_unencodable_output_is_replaced_not_a_crash(tmp_path):
    (tmp_path / "a.md").write_text("Talks in Kiev — “quoted” ✓.\n")
    result = spawn("check", "a.md", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1 and not result.err_lines
    assert "a.md:1:10: warning [style.place-names]" in result.out
    odd = os.fsdecode(b"caf\xe9.md")  # a file name that is not UTF-8: a lone surrogate in Python
    try:
        (tmp_path / odd).write_text("Kiev.\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses the name")
    named = run("check", "--format", "json", tmp_path, cwd=tmp_path)
    assert named.returncode == 1 and "Traceback" not in named.stderr.decode()
    assert {f["path"] for f in json.loads(named.out)["findings"]} == {str(tmp_path / "a.md"), str(tmp_path / "caf\ufffd.md")}


def test_text_format_prints_file_errors_on_stderr(tmp_path):
    (tmp_path / "good.md").write_text(GOOD)
    result = run("check", "missing.md", "good.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.err_lines == ["artlint: missing.md: cannot read: No such file or directory"]
    assert "missing.md" not in result.out and "good.md:1:18: warning" in result.out


@pytest.mark.slow
def test_readme_set_up_command_exits_0(tmp_path):
    result = subprocess.run([sys.executable, "tools/lint_seeds.py"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "ARTLINT_CACHE": str(tmp_path)}, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "warning [" in result.stdout  # the seeds do have findings
    assert "lint_seeds: set-up OK, 5 seed articles linted" in result.stderr


def test_malformed_marked_section_keeps_positions():
    """html.parser moves its position before it fails on `<![x`: found by bench/fuzz.py."""
    from linter.readers import read_source

    source = "<p>a <![@handle b &#xD800; Kiev c</p>\n<p>Kiev</p>"
    doc = read_source("a.html", source)
    kiev = [(b, b.text.index("Kiev")) for b in doc.blocks if "Kiev" in b.text]
    assert [doc.span(b, i, i + 4)[:2] for b, i in kiev] == [(1, source.index("Kiev") + 1), (2, 4)]
    assert all(o < len(source) for b in doc.blocks for o in b.origins)


def test_time_budget_stops_a_runaway_rule_on_one_file_only():
    """A check that never returns (a bug, or a pathological input) costs its
    file the budget and the rules left; the other file is checked in full."""
    from linter.checks.base import Check
    from linter.config import Config
    from linter.engine import RuleSet, Selection, lint_documents
    from linter.readers import read_source
    from linter.rules import Rule

    class Runaway(Check):
        def run(self, doc, nlp=None):
            while "endless" in doc.source:
                pass
            yield from ()

    rule = Rule("house.runaway", "house", "existence", "m", "style", "warning", "d", "house/runaway.yaml")
    ruleset = RuleSet(Config(time_budget=0.5), Selection(), rules=[])
    place_names = RuleSet(Config(), Selection(select=("style.place-names",))).checks
    ruleset.checks = [Runaway(rule, ruleset.context), *place_names]
    docs = [read_source("endless.txt", "An endless text from Kiev.\n"), read_source("fine.txt", "Kiev.\n")]
    start = time.monotonic()
    findings, errors = lint_documents(docs, ruleset, Selection())
    assert time.monotonic() - start < 5  # wall time: the alarm rings after 0.5 s, load or not
    assert errors == ["endless.txt: time budget of 0.5 s (setting time_budget) used up in rule house.runaway; "
                      "the file's other rules were skipped"]
    assert [(f.path, f.rule) for f in findings] == [("fine.txt", "style.place-names")]
    docs = [read_source("endless.txt", "An endless text from Kiev.\n"), read_source("fine.txt", "Kiev.\n")]
    assert lint_documents(docs, ruleset, Selection()) == (findings, errors)  # the budget is per run, not per life
