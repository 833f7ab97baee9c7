"""Fixes: the model (safe/unsafe, refused across markup), linter/fix.py,
`artlint check --fix / --unsafe-fixes / --diff` and atomic writes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from linter.config import Config
from linter.engine import lint_text
from linter.fix import apply_fixes, fix_text
from linter.model import Edit, Fix
from linter.session import Session

DRAFT = (
    "---\n"
    "title: Kiev draft\n"
    "date: 2025-03-17\n"
    "---\n"
    "\n"
    "# Drones over Kiev\n"
    "\n"
    "Residents of *Kiev* heard former President Donald Trump speak.\r\n"
    "A line about Kiev that ends in CRLF.\r\n"
    "\n"
    "```\n"
    "Kiev stays in code\n"
    "```\n"
    "\n"
    "Inline `Kiev` stays too.\n"
)


def artlint(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True, text=True, cwd=cwd)


def write_draft(tmp_path) -> Path:
    path = tmp_path / "draft.md"
    path.write_bytes(DRAFT.encode("utf-8"))
    path.chmod(0o640)
    return path


def test_fix_safe_then_unsafe_keeps_every_other_byte(tmp_path):
    path = write_draft(tmp_path)
    first = artlint("check", "--fix", str(path))
    fixed = path.read_bytes().decode("utf-8")
    expected = (DRAFT.replace("over Kiev", "over Kyiv").replace("*Kiev*", "*Kyiv*")
                .replace("about Kiev", "about Kyiv"))
    assert fixed == expected  # byte for byte: front matter, code, inline code, CRLF kept
    assert "former President Donald Trump" in fixed  # an unsafe fix is not applied by --fix
    assert fixed.count("\r\n") == 2 and "Kiev stays in code" in fixed and "`Kiev`" in fixed
    assert path.stat().st_mode & 0o777 == 0o640
    assert first.returncode == 1 and "fact.former-title" in first.stdout  # the report shows what remains
    assert "style.place-names" not in first.stdout

    second = artlint("check", "--fix", str(path))
    assert path.read_bytes().decode("utf-8") == expected and "applied 0 fix(es)" in second.stderr

    artlint("check", "--unsafe-fixes", str(path))
    assert path.read_bytes().decode("utf-8") == expected.replace("former President", "President")
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name != "draft.md"]  # no temporary file left


def test_diff_changes_nothing(tmp_path):
    path = write_draft(tmp_path)
    result = artlint("check", "--diff", str(path))
    assert path.read_bytes() == DRAFT.encode("utf-8")
    assert result.returncode == 1
    assert "-# Drones over Kiev\n+# Drones over Kyiv\n" in result.stdout
    assert "+Residents of *Kyiv* heard former President Donald Trump speak.\n" in result.stdout
    unsafe = subprocess.run([sys.executable, "-m", "linter", "check", "--diff", "--unsafe-fixes", str(path)],
                            capture_output=True).stdout  # bytes: the CRLF is in the diff
    assert b"+Residents of *Kyiv* heard President Donald Trump speak.\r\n" in unsafe


def test_bom_and_legacy_charset_are_kept(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfShelling hit Kiev.\n")
    latin = tmp_path / "page.html"
    latin.write_bytes('<meta charset="iso-8859-1"><p>Caf\xe9 owners in Kiev.</p>\n'.encode("latin-1"))
    wide = {tmp_path / "le16.txt": ("utf-16-le", b"\xff\xfe"), tmp_path / "be16.txt": ("utf-16-be", b"\xfe\xff"),
            tmp_path / "le32.txt": ("utf-32-le", b"\xff\xfe\x00\x00"), tmp_path / "be32.txt": ("utf-32-be", b"\x00\x00\xfe\xff")}
    for path, (codec, mark) in wide.items():  # read by their BOM, so written back in it (this crashed once)
        path.write_bytes(mark + "Shelling hit Kiev.\r\n🙂\n".encode(codec))
    result = artlint("check", "--fix", str(bom), str(latin), *map(str, wide))
    assert "applied 6 fix(es) in 6 file(s)" in result.stderr
    for path, (codec, mark) in wide.items():
        assert path.read_bytes() == mark + "Shelling hit Kyiv.\r\n🙂\n".encode(codec)
    assert bom.read_bytes() == b"\xef\xbb\xbfShelling hit Kyiv.\n"
    assert latin.read_bytes() == '<meta charset="iso-8859-1"><p>Caf\xe9 owners in Kyiv.</p>\n'.encode("latin-1")


def test_edit_is_refused_across_markup_and_sarif_regions_are_exact(tmp_path):
    # `per *cent*`: the extracted text is "per cent" but the source has `*`s
    # in it; the old SARIF fix replaced `per *cent` and left "percent*"
    rules = tmp_path / "house"
    rules.mkdir()
    for name, right in (("percent", "percent"), ("pct", "pct")):
        (rules / f"{name}.yaml").write_text(
            f"check: substitution\nmessage: \"'{{suggestion}}'\"\ncategory: style\nseverity: warning\n"
            f"description: Percent.\nfix: safe\nswap: {{'per cent': {right}}}\n"
            f"examples: {{bad: ['5 per cent'], good: ['5 {right}']}}\n", encoding="utf-8")
    (tmp_path / ".artlint.yaml").write_text(f"rules: [{rules}]\nselect: [house]\n", encoding="utf-8")
    draft = tmp_path / "a.md"
    line = "Up 5 per *cent* and 6 per cent.\n"
    draft.write_text(line, encoding="utf-8")
    sarif = json.loads(artlint("check", "--format", "sarif", str(draft), cwd=tmp_path).stdout)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startColumn"]): r
               for r in sarif["runs"][0]["results"]}
    assert sorted(results) == [("house.pct", 6), ("house.pct", 23), ("house.percent", 6), ("house.percent", 23)]
    assert "fixes" not in results[("house.pct", 6)]  # "er *cen" would be replaced: crosses markup, a suggestion only

    def applied(result):
        text = line
        for change in reversed(result["fixes"][0]["artifactChanges"][0]["replacements"]):
            region = change["deletedRegion"]
            assert region["startLine"] == region["endLine"] == 1
            text = text[:region["startColumn"] - 1] + change["insertedContent"]["text"] + text[region["endColumn"] - 1:]
        return text

    # "per cent" -> "percent" only drops the space, which is prose: no stray `*`
    assert applied(results[("house.percent", 6)]) == "Up 5 per*cent* and 6 per cent.\n"
    assert applied(results[("house.pct", 23)]) == "Up 5 per *cent* and 6 pct.\n"
    (tmp_path / ".artlint.yaml").write_text(f"rules: [{rules}]\nselect: [house.pct]\n", encoding="utf-8")
    artlint("check", "--fix", str(draft), cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == "Up 5 per *cent* and 6 pct.\n"


def test_document_refuses_edits_over_entities_and_folded_line_breaks():
    from linter.readers import read_source

    doc = read_source("a.html", "<p>Fish &amp;\nchips</p>")
    (block,) = doc.blocks
    assert block.text == "Fish & chips"
    assert doc.source_edit(block, 5, 6, "and") is None  # `&` is `&amp;` in the source
    assert doc.source_edit(block, 6, 7, "-") is None  # the space is a line break
    edit = doc.source_edit(block, 0, 4, "Fresh fish")
    assert (edit.start, edit.end, edit.text) == (4, 4, "resh f")  # only the differing part: an insertion


def test_spelling_guesses_are_not_fixes():
    (finding,) = [f for f in lint_text("The rearmail came.", select=["translation.nonword"])]
    assert finding.suggestions and finding.fix is None


def test_misspelled_name_fix_is_unsafe():
    found = lint_text("Voldymir Zelensky spoke in Kiev.", select=["translation.misspelled-name", "style.place-names"])
    fixes = {f.rule: f.fix.applicability for f in found if f.fix}
    assert fixes == {"translation.misspelled-name": "unsafe", "style.place-names": "safe"}


def test_rule_of_a_kind_that_cannot_fix_is_rejected(tmp_path):
    from linter.model import LintError
    from linter.rules import load_rule

    path = tmp_path / "x.yaml"
    path.write_text("check: nonword\nmessage: m\ncategory: translation\nseverity: info\ndescription: d.\n"
                    "fix: safe\nexamples: {bad: [rearmail]}\n", encoding="utf-8")
    with pytest.raises(LintError, match="fix"):
        load_rule("p", path)


def test_overlapping_fixes_wait_for_the_next_pass():
    text = "abcdef"
    first, overlapping, later = (Fix((Edit(0, 3, "X"),)), Fix((Edit(2, 4, "Y"),)), Fix((Edit(4, 6, "Z"),)))
    assert apply_fixes(text, [later, overlapping, first]) == ("XdZ", 2)


def test_fix_text_repeats_until_nothing_changes():
    session = Session(Config())
    outcome = fix_text("Kiev, Kharkov and Odessa. Kiev again.", lambda t: session.lint_text("a.txt", t).found)
    assert outcome.text == "Kyiv, Kharkiv and Odesa. Kyiv again."
    assert outcome.applied == 4 and outcome.passes == 1
    assert not [f for f in outcome.findings if f.fix]


@pytest.mark.slow
def test_kill_during_fix_leaves_old_or_new_file(tmp_path):
    line = "Shelling hit Kiev and the outskirts of the city again on Sunday night.\n"
    original = line * 20000  # 1.4 MB, 20,000 fixes
    fixed = original.replace("Kiev", "Kyiv")
    path = tmp_path / "big.txt"
    command = [sys.executable, "-m", "linter", "check", "--fix", "--select", "style.place-names",
               "--format", "json", str(path)]
    path.write_text(original, encoding="utf-8")
    began = time.monotonic()
    subprocess.run(command, capture_output=True)
    whole = time.monotonic() - began
    assert path.read_text(encoding="utf-8") == fixed
    seen = []
    for share in (0.1, 0.3, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
        path.write_text(original, encoding="utf-8")
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * share)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        text = path.read_text(encoding="utf-8")
        assert text in (original, fixed), f"killed at {share:.0%} of a run, the file holds {len(text)} characters"
        seen.append((killed, text == fixed))
    assert (True, False) in seen  # some kills came before the rename and left the original
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.txt"]
    assert all(name.endswith(".artlint-tmp") for name in leftovers)  # a kill mid-write leaves only a temp file


def dead_pid() -> int:
    """The pid of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temp_names_say_whose_they_are_and_only_stale_ones_of_the_files_are_listed(tmp_path):
    from linter.fix import TEMP_NAME, stale_temps, temp_path, this_host

    target = tmp_path / "draft.md"
    target.write_text("Kiev.\n", encoding="utf-8")
    first, second = temp_path(target), temp_path(target)
    assert first != second and first.parent == tmp_path
    m = TEMP_NAME.fullmatch(first.name)
    assert m and m["name"] == "draft.md" and int(m["pid"]) == os.getpid() and m["host"] == this_host()

    host, gone = this_host(), dead_pid()
    stale = tmp_path / f".draft.md.{host}.{gone}.0123abcd.artlint-tmp"
    keep = {
        "live": f".draft.md.{host}.{os.getpid()}.0123abcd.artlint-tmp",  # its writer still runs
        "other host": f".draft.md.elsewhere.{gone}.0123abcd.artlint-tmp",  # a pid of another machine
        "other file": f".notes.md.{host}.{gone}.0123abcd.artlint-tmp",  # not a file of this run
        "not the pattern": f".draft.md.{host}.{gone}.0123ABCD.artlint-tmp",
        "no dot": f"draft.md.{host}.{gone}.0123abcd.artlint-tmp",
        "suffix only": "draft.artlint-tmp",
    }
    for name in [stale.name, *keep.values()]:
        (tmp_path / name).write_text("half", encoding="utf-8")
    folder = tmp_path / f".draft.md.{host}.{gone}.11111111.artlint-tmp"
    folder.mkdir()  # the pattern, but a folder
    link = tmp_path / f".draft.md.{host}.{gone}.22222222.artlint-tmp"
    link.symlink_to(target)  # the pattern, but a symlink
    assert stale_temps(tmp_path, {"draft.md"}) == [stale]


@pytest.mark.slow
def test_next_fix_removes_the_temp_file_of_a_fix_killed_mid_write(tmp_path):
    from linter.fix import this_host

    original = "Shelling hit Kiev again on Sunday night.\n" * 5000
    path = tmp_path / "big.txt"
    path.write_text(original, encoding="utf-8")
    # a real `artlint check --fix`, held inside write_atomic once the temporary
    # file is written (its fsync blocks), then killed with SIGKILL
    hold = ("import os, sys, time; os.fsync = lambda fd: time.sleep(600); "
            "from linter.cli import main; sys.argv = ['artlint'] + sys.argv[1:]; main()")
    proc = subprocess.Popen([sys.executable, "-c", hold, "check", "--fix", "--select", "style.place-names", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not [p for p in tmp_path.iterdir() if p.name.endswith(".artlint-tmp")]:
            assert proc.poll() is None and time.monotonic() < deadline, "the fix never reached its write"
            time.sleep(0.02)
        time.sleep(0.2)  # let the write reach the blocked fsync
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    (left,) = [p for p in tmp_path.iterdir() if p.name.endswith(".artlint-tmp")]
    assert left.name.startswith(f".big.txt.{this_host()}.{proc.pid}.")
    assert path.read_text(encoding="utf-8") == original  # the kill came before the rename
    neighbour = tmp_path / f".big.txt.{this_host()}.{os.getpid()}.0123abcd.artlint-tmp"  # a live writer's
    neighbour.write_text("in use", encoding="utf-8")

    again = artlint("check", "--fix", "--select", "style.place-names", str(path))
    assert path.read_text(encoding="utf-8") == original.replace("Kiev", "Kyiv")
    assert not left.exists() and f"{left}: removed" in again.stderr
    assert neighbour.read_text(encoding="utf-8") == "in use"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["big.txt", neighbour.name])


def test_fix_through_a_symlink_rewrites_the_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "drafts" / "draft.md"
    real.parent.mkdir()
    real.write_text("Drones over Kiev.\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "current.md"
    link.symlink_to(real)
    result = artlint("check", "--fix", str(link))
    assert "applied 1 fix(es)" in result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8") == "Drones over Kyiv.\n" and real.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["current.md", "draft.md", "drafts"]


def test_a_broken_configuration_costs_only_its_files_and_a_bad_rule_pack_writes_nothing(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    for folder in (good, bad):
        folder.mkdir()
        (folder / "a.md").write_text("Drones over Kiev.\n", encoding="utf-8")
    (bad / ".artlint.yaml").write_text("fail_level: sometimes\n", encoding="utf-8")
    fixed = artlint("check", "--fix", "--select", "style", str(good / "a.md"), str(bad / "a.md"))
    assert (good / "a.md").read_text(encoding="utf-8") == "Drones over Kyiv.\n"
    assert (bad / "a.md").read_text(encoding="utf-8") == "Drones over Kiev.\n"
    assert fixed.returncode == 2 and "fail_level" in fixed.stderr
    (good / "a.md").write_text("Drones over Kiev.\n", encoding="utf-8")
    diff = artlint("check", "--diff", "--select", "style", str(good / "a.md"), str(bad / "a.md"))  # no report follows: said here
    assert diff.returncode == 2 and "fail_level" in diff.stderr and "+Drones over Kyiv." in diff.stdout

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "broken.yaml").write_text("check: nonsense\n", encoding="utf-8")
    (bad / ".artlint.yaml").write_text(f"rules: [{pack}]\n", encoding="utf-8")
    stopped = artlint("check", "--fix", "--select", "style", str(good / "a.md"), str(bad / "a.md"))
    assert stopped.returncode == 2 and "broken.yaml" in stopped.stderr
    assert (good / "a.md").read_text(encoding="utf-8") == "Drones over Kiev.\n"  # listed first, still not written


def test_a_file_changed_while_it_was_fixed_is_left_as_it_is(tmp_path):
    from linter.fix import SourceFile, write_atomic
    from linter.model import LintError

    path = tmp_path / "draft.md"
    path.write_text("Drones over Kiev.\n", encoding="utf-8")
    source = SourceFile.read(str(path))
    path.write_text("Drones over Kiev, and the writer's newer sentence.\n", encoding="utf-8")  # their editor saved
    with pytest.raises(LintError, match="changed while it was being fixed"):
        write_atomic(str(path), source.encode("Drones over Kyiv.\n"), source.stamp)
    assert path.read_text(encoding="utf-8") == "Drones over Kiev, and the writer's newer sentence.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]  # its temporary file went too
    source = SourceFile.read(str(path))
    write_atomic(str(path), source.encode("Drones over Kyiv.\n"), source.stamp)
    assert path.read_text(encoding="utf-8") == "Drones over Kyiv.\n"
