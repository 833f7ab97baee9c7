"""The real pre-commit, offline from a PyPI cache or online, runs the hook
defined in .pre-commit-hooks.yaml of this checkout (try-repo)."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")]


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    repo = tmp_path_factory.mktemp("drafts")
    git("init", "-q", cwd=repo)
    (repo / ".artlint.yaml").write_text("select: [style, boilerplate]\n")
    (repo / "bad.md").write_text("# Drones\n\nDrones struck Kiev overnight.\n")
    (repo / "good.md").write_text("# Drones\n\nDrones struck Kyiv overnight, officials said.\n")
    (repo / "notes.py").write_text("# Kiev in a Python comment is not an article\n")
    git("add", ".", cwd=repo)
    return repo


def try_repo(repo, home, *files):
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "artlint", "--verbose", "--files", *files],
        cwd=repo, capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"},
    )


def test_hook_fails_on_a_bad_draft_and_passes_a_good_one(drafts, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    bad = try_repo(drafts, home, "bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:15: warning [style.place-names]" in bad.stdout
    good = try_repo(drafts, home, "good.md", "notes.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "No findings in 1 file" in good.stdout  # notes.py was not passed: not a text, Markdown or HTML file
