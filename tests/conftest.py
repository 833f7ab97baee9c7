import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def pytest_configure(config):
    """The suite's runs (in-process and the CLI subprocesses, which inherit
    the environment) write their caches to a folder of the session's own,
    never into the user's ~/.cache/artlint, unless ARTLINT_CACHE is set."""
    if "ARTLINT_CACHE" not in os.environ:
        config._artlint_cache = tempfile.mkdtemp(prefix="artlint-test-cache-")
        os.environ["ARTLINT_CACHE"] = config._artlint_cache


def pytest_unconfigure(config):
    folder = getattr(config, "_artlint_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ["ARTLINT_CACHE"]


def load_script(path: Path, name: str):
    """The module of a script that is not a package (training/, bench/, tools/), loaded from its path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def npm_tarball(path: Path, members: dict[str, bytes]) -> Path:
    """A .tgz laid out as `npm pack` writes one: each member under package/."""
    import io
    import tarfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def run_cli(*args, cwd=None, stdin=None, env=None):
    """Run `python -m linter` in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *map(str, args)], cwd=cwd or ROOT, input=stdin,
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    """A user cache of the test's own (ARTLINT_CACHE); the artlint folder in it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARTLINT_CACHE", str(folder))
    monkeypatch.delenv("ARTLINT_NO_CACHE", raising=False)
    return folder / "artlint"


def seed_corpus(folder, count, broken=()):
    """`count` copies of the seeds in folder, round-robin, with binary files at
    the positions in broken; their paths, in order."""
    seeds = sorted(SEEDS.glob("*.txt"))
    folder.mkdir()
    files = []
    for n in range(count):
        dst = folder / f"{n:04d}_{seeds[n % len(seeds)].name}"
        if n in broken:
            dst.write_bytes(b"\x00\x01binary\xff")
        else:
            shutil.copyfile(seeds[n % len(seeds)], dst)
        files.append(str(dst))
    return files
