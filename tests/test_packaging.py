"""A normal, non-editable install must carry every shipped rule and the
knowledge base: they are package data inside the wheel."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_contains_every_rule_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("artlint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"linter/packs/{p.relative_to(ROOT / 'rules').as_posix()}" for p in (ROOT / "rules").rglob("*.yaml")}
    assert shipped and shipped <= names, sorted(shipped - names)[:5]
    assert any(n.startswith("linter/packs/knowledge/") for n in names)
    assert "linter/packs/translation/data/first-names.txt" in names  # read by translation.misspelled-name
    assert "linter/cli.py" in names and "linter/checks/existence.py" in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "artlint = linter.entry:main" in entry_points  # the click-free fast path, click for the rest
