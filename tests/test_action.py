"""action.yml: a composite GitHub Action whose steps are real shell that
runs here as it would on a runner (the `uses:` steps are GitHub's own)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml

from conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def step(name_part: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if name_part in s["name"])


def test_action_is_composite_and_uses_only_declared_inputs():
    assert ACTION["runs"]["using"] == "composite"
    text = (ROOT / "action.yml").read_text()
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used and used <= set(ACTION["inputs"])
    for s in ACTION["runs"]["steps"]:
        assert "name" in s and ("run" in s) != ("uses" in s)
        if "run" in s:
            assert s["shell"] == "bash" and "${{" not in s["run"]  # inputs reach scripts through env only
    assert step("Upload SARIF")["uses"].startswith("github/codeql-action/upload-sarif@")


def run_step(tmp_path, paths, **inputs):
    script = step("Run artlint")["run"]
    out = tmp_path / f"github_output_{len(list(tmp_path.glob('github_output_*')))}"
    env = {**os.environ, "GITHUB_OUTPUT": str(out), "ARTLINT_PATHS": paths,
           "ARTLINT_FAIL_LEVEL": inputs.get("fail_level", "warning"), "ARTLINT_ARGS": inputs.get("args", ""),
           "ARTLINT_SARIF": inputs.get("sarif", "false"), "ARTLINT_SARIF_FILE": str(tmp_path / "artlint.sarif")}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]  # the venv's bin, not its target's
    p = subprocess.run(["bash", "-e", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return p, out.read_text() if out.exists() else ""


def test_run_step_annotates_and_records_the_exit_status(tmp_path):
    (tmp_path / "clean.txt").write_text("Officials said the talks, which began in Geneva on Monday, ended on Friday "
                                        "without an agreement on the timetable for the next round.\n")
    p, output = run_step(tmp_path, "seeds/000_fc1409f990a4d140.txt\n" + str(tmp_path / "clean.txt"),
                         args="--select translation.nonword", sarif="true")
    assert p.returncode == 0, p.stderr  # the step records the status; a later step fails the job
    assert "exit-code=1" in output
    assert re.search(r"^::error file=seeds/000_fc1409f990a4d140.txt,line=\d+,col=\d+", p.stdout, re.M)
    assert '"ruleId": "translation.nonword"' in (tmp_path / "artlint.sarif").read_text()
    p, output = run_step(tmp_path, str(tmp_path / "clean.txt"))
    assert "exit-code=0" in output and p.stdout == ""
