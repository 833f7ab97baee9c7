import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args, cwd=None, stdin=None, env=None):
    """Run `python -m linter` in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *map(str, args)], cwd=cwd or ROOT, input=stdin,
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli
