"""The command line as users meet it: exit codes, errors, inputs, outputs."""
import json

from conftest import SEEDS, run_cli

SEED = SEEDS / "000_fc1409f990a4d140.txt"


def test_binary_file_among_good_ones(tmp_path):
    good1, good2, binary = tmp_path / "a.txt", tmp_path / "c.md", tmp_path / "b.txt"
    good1.write_text("Shelling hit Kiev.\n")
    good2.write_text("# Title\n\nDrones flew over Kharkov.\n")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli("check", "--select", "style", "--format", "json", good1, binary, good2)
    assert result.returncode == 2
    errors = [l for l in result.stderr.splitlines() if l.strip()]
    assert errors == [f"artlint: {binary}: binary file, not text"]
    report = json.loads(result.stdout)
    assert {(f["path"], f["match"]) for f in report["findings"]} == {(str(good1), "Kiev"), (str(good2), "Kharkov")}
    assert [f.get("error") is not None for f in report["files"]] == [False, True, False]


def test_exit_codes_follow_the_failure_level(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Shelling hit Kiev.\n")  # a warning
    assert run_cli("check", "--select", "style", draft).returncode == 1
    assert run_cli("check", "--select", "style", "--fail-level", "error", draft).returncode == 0
    clean = tmp_path / "b.txt"
    clean.write_text("Shelling hit Kyiv.\n")
    assert run_cli("check", "--select", "style", clean).returncode == 0
    assert run_cli("check", "--format", "nope", clean).returncode == 2
    assert run_cli("check", "--date", "2025-13-45", clean).returncode == 2


def test_text_report_points_at_line_and_column(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text("---\ntitle: x\n---\n\nFighting near Kiev went on.\n")
    result = run_cli("check", "--select", "style", "--no-color", draft)
    assert f"{draft}:5:15: warning [style.place-names]" in result.stdout
    assert "\x1b[" not in result.stdout


def test_stdin_with_filename():
    result = run_cli("check", "--select", "style", "--format", "json", "--stdin-filename", "draft.md", "-", stdin="Troops left Kiev.\n")
    report = json.loads(result.stdout)
    assert [(f["path"], f["line"], f["column"]) for f in report["findings"]] == [("draft.md", 1, 13)]


def test_folder_is_searched_with_include_and_exclude(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("In Kiev.\n")
    (tmp_path / "sub" / "b.txt").write_text("In Kiev.\n")
    (tmp_path / "sub" / "c.py").write_text("# In Kiev.\n")
    result = run_cli("check", "--select", "style", "--format", "json", "--exclude", "*.txt", tmp_path)
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {str(tmp_path / "sub" / "a.md")}


def test_config_file_changes_rules_and_level(tmp_path):
    (tmp_path / ".artlint.yaml").write_text("select: [style]\nseverity:\n  style.place-names: info\nfail_level: warning\n")
    draft = tmp_path / "a.txt"
    draft.write_text("In Kiev.\n")
    result = run_cli("check", "--format", "json", draft, cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["findings"][0]["severity"] == "info"
    (tmp_path / ".artlint.yaml").write_text("fail_level: [oops]\n")
    result = run_cli("check", draft, cwd=tmp_path)
    assert result.returncode == 2 and ".artlint.yaml: field 'fail_level'" in result.stderr
    assert "Traceback" not in result.stderr


def test_checking_a_seed_with_the_shipped_packs_does_not_import_spacy():
    code = (
        "import sys\n"
        "from linter.cli import main\n"
        "try:\n"
        f"    main(['check', '--format', 'json', {str(SEED)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'language_tool_python'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in result.stderr, result.stderr[-2000:]
    assert '"findings"' in result.stdout


def test_rules_explain_and_unknown_rule():
    listing = run_cli("rules", "--category", "style").stdout
    assert "style.place-names" in listing and "boilerplate." not in listing
    explained = run_cli("explain", "style.place-names")
    assert explained.returncode == 0 and "Kyiv" in explained.stdout and "Flagged:" in explained.stdout
    unknown = run_cli("explain", "style.place")
    assert unknown.returncode == 2 and "did you mean style.place-names" in unknown.stderr


def test_test_rules_on_a_newsroom_pack(tmp_path):
    pack = tmp_path / "newsroom"
    pack.mkdir()
    (pack / "said.yaml").write_text(
        "check: existence\nmessage: m\ncategory: style\nseverity: warning\ndescription: d\n"
        "tokens: [opined]\nexamples:\n  bad: ['She opined.', 'She said.']\n  good: ['She said.']\n")
    result = run_cli("test-rules", pack)
    assert result.returncode == 1
    assert "newsroom.said: no finding for bad example: 'She said.'" in result.stdout
    assert "2 passed, 1 failed" in result.stdout


def test_output_piped_into_a_closed_reader_is_quiet(tmp_path):
    import subprocess
    import sys
    drafts = []
    for n in range(30):
        draft = tmp_path / f"d{n}.txt"
        draft.write_text("Kiev and Kharkov and Odessa.\n" * 20)
        drafts.append(str(draft))
    cmd = f"{sys.executable} -m linter check --no-color {' '.join(drafts)} | head -n 1"
    result = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_a_file_named_twice_is_checked_once_and_quiet_counts_match(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("In Kiev.\n")
    (tmp_path / ".artlint.yaml").write_text("select: [style]\nseverity: {style: info}\n")
    report = json.loads(run_cli("check", "--format", "json", draft, draft, cwd=tmp_path).stdout)
    assert len(report["findings"]) == 1 and len(report["files"]) == 1
    quiet = json.loads(run_cli("check", "-q", "--format", "json", draft, cwd=tmp_path).stdout)
    assert quiet["findings"] == [] and quiet["files"][0]["findings"] == 0


def test_bad_input_never_gives_a_traceback(tmp_path):
    (tmp_path / "front.md").write_text("---\ndate: 2025-13-01\n---\nText about Kiev.\n")
    (tmp_path / "dir.md").mkdir()
    result = run_cli("check", "--select", "style", tmp_path / "front.md", tmp_path / "dir.md", tmp_path / "missing.md")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "front.md:4:" in result.stdout  # the article with a bad date is still linted
    assert "missing.md: cannot read" in result.stderr and "missing.md" not in result.stdout  # errors: stderr
    assert "front matter date '2025-13-01' is not a date; facts judged as of" in result.stderr
