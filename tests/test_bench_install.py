"""bench/bench.py times artlint as the README installs it: a wheel in a
fresh venv that sees the running venv's dependencies, without artlint's
editable install or any .pth file."""
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
bench = load_script(ROOT / "bench" / "bench.py", "bench_main")


def test_dependency_entries_leave_out_artlint_and_pth_files(tmp_path):
    for name in ["regex", "rapidfuzz-3.0.dist-info", "yaml", "_yaml", "six.py", "linter", "__pycache__",
                 "artlint-0.1.0.dist-info", "__editable__.artlint-0.1.0.pth", "__editable___artlint_0_1_0_finder.py",
                 "distutils-precedence.pth", "artlint.egg-link"]:
        (tmp_path / name).mkdir() if "." not in name or name.endswith("dist-info") else (tmp_path / name).touch()
    kept = [p.name for p in bench.dependency_entries(tmp_path)]
    assert kept == ["_yaml", "rapidfuzz-3.0.dist-info", "regex", "six.py", "yaml"]


@pytest.mark.slow
def test_installed_venv_runs_artlint_from_the_wheel(tmp_path):
    bindir = bench.installed_venv(tmp_path)
    where = bench.where_linter_is(bindir / "python")
    assert where.startswith(str(tmp_path)) and "site-packages" in where
    assert list((Path(where).parent).glob("__pycache__/*.pyc")), "pip compiles the installed modules"
    seed = ROOT / "seeds" / "004_30d5efec39016882.txt"
    out = subprocess.run([str(bindir / "artlint"), "check", "--format", "json", str(seed)], capture_output=True,
                         text=True)
    assert out.returncode in (0, 1) and '"rule"' in out.stdout
    if (Path(sys.executable).parent / "proselint").exists():
        prose = subprocess.run(bench.proselint_cmd(bindir) + [str(seed)], capture_output=True, text=True)
        assert prose.returncode == 0 and '"diagnostics"' in prose.stdout
