"""The console entry point's click-free path for a plain `check` (linter.entry)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.entry import plain_check

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/004_30d5efec39016882.txt"


@pytest.mark.parametrize("argv, options", [
    (["check", "a.txt"], {"fmt": "text", "jobs": 0, "select": (), "ignore": (), "paths": ("a.txt",)}),
    (["check", "--format", "json", "a", "b"], {"fmt": "json", "jobs": 0, "select": (), "ignore": (), "paths": ("a", "b")}),
    (["check", "--format=jsonl", "-j", "1", "a"], {"fmt": "jsonl", "jobs": 1, "select": (), "ignore": (), "paths": ("a",)}),
    (["check", "a", "--jobs=3"], {"fmt": "text", "jobs": 3, "select": (), "ignore": (), "paths": ("a",)}),
    (["check", "--ignore", "x,y", "--select=fact", "--ignore", "z", "a"],
     {"fmt": "text", "jobs": 0, "select": ("fact",), "ignore": ("x,y", "z"), "paths": ("a",)}),
])
def test_a_plain_check_is_parsed_here(argv, options):
    assert plain_check(argv) == options


@pytest.mark.parametrize("argv", [
    [], ["rules"], ["check"], ["check", "--format", "json"], ["check", "-", "a"], ["check", "--quiet", "a"],
    ["check", "--format", "bogus", "a"], ["check", "--format"], ["check", "--jobs", "-1", "a"],
    ["check", "--jobs", "x", "a"], ["check", "-j=2", "a"], ["check", "--", "a"], ["check", "--help"],
    ["check", "-q", "a"], ["check", "--ignore", "--quiet", "a"], ["check", "--select"], ["check", "--jobs", "１", "a"], ["--version"],
])
def test_any_other_command_line_goes_to_click(argv):
    assert plain_check(argv) is None


def run(program: str, args: list[str], cache: Path):
    return subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "ARTLINT_CACHE": str(cache)})


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["check", SEED], ["check", "--format", "json", SEED], ["check", "--jobs=1", "--format", "jsonl", SEED, "seeds"],
    ["check", "missing.txt"], ["check", "--format", "bogus", SEED],
    ["check", "--ignore", "translation.garbled-sentence,translation.garbled-wording", "--select", "fact,translation", SEED],
    ["check", "--select", "no-such-rule", SEED],
])
def test_both_paths_give_the_same_output_and_status(tmp_path, args):
    entry = run("import sys; sys.argv[0] = 'artlint'; import linter.entry; linter.entry.main()", args, tmp_path)
    click = run("import sys; sys.argv[0] = 'artlint'; import linter.cli; linter.cli.main()", args, tmp_path)
    assert (entry.returncode, entry.stdout, entry.stderr) == (click.returncode, click.stdout, click.stderr)


def test_a_plain_check_does_not_import_click(tmp_path):
    program = ("import sys; sys.argv = ['artlint', 'check', '--format', 'json', 'missing.txt']\n"
               "import atexit; atexit.register(lambda: print('click' in sys.modules))\n"
               "import linter.entry; linter.entry.main()")
    proc = run(program, [], tmp_path)
    assert proc.returncode == 2 and proc.stdout.rstrip().endswith("True")  # an error message is printed through click
    proc = run(program.replace("missing.txt", SEED), [], tmp_path)
    assert proc.returncode == 1 and proc.stdout.rstrip().endswith("False")
