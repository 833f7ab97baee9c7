#!/usr/bin/env python3
"""Time artlint on a corpus of articles: files/s, words/s, peak memory, and
the wall time of checking one seed (what a pre-commit hook pays).

    python bench/bench.py                      # default rules
    python bench/bench.py --files 3000 -- --select all
    python bench/bench.py --proselint          # proselint on the same files, if installed
    python bench/bench.py --proselint --scale 250,1000,2000,4000   # and how the cost grows
    python bench/bench.py --proselint --no-garble   # also --jobs 1 without the garble model's rules

The corpus runs use `--format json` (one object, held to the end); the growth
table uses `--scale-format jsonl` (streamed file by file: the memory that
stays flat). --format changes the first.

`--distinct 250,1000,1750` adds a growth table on DISTINCT text (the
round-robin corpus repeats its articles, so per-process caches that grow
with new words would not show there): files of 20 distinct sentences each
from ../shared/data/mtqe/train.tsv, when it is there.

The corpus is the seeds plus ../shared/data/boilerplate when it is there,
copied round-robin into a temporary folder until it holds --files files.
Everything after `--` is passed to `artlint check`.

artlint is timed as the README installs it (`--install wheel`, the default:
a wheel of this tree in a fresh venv under the temporary folder, beside a
copy of proselint's console script; see installed_venv), or from this
checkout's editable venv (`--install checkout`), or both interleaved
(`--install both`; the corpus runs then use the wheel)."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "data" / "boilerplate"]


def corpus_files() -> list[Path]:
    files = []
    for folder in SOURCES:
        if folder.is_dir():
            files += sorted(folder.glob("*.txt"))
    return files


def build_corpus(target: Path, count: int) -> tuple[list[Path], int]:
    sources = corpus_files()
    out, words = [], 0
    for n in range(count):
        src = sources[n % len(sources)]
        dst = target / f"{n:05d}_{src.name}"
        shutil.copyfile(src, dst)
        words += len(src.read_text(encoding="utf-8").split())
        out.append(dst)
    return out, words


def describe_sources() -> str:
    here = [str(f) for f in SOURCES if f.is_dir()]
    if not SOURCES[1].is_dir():
        return f"corpus sources: FELL BACK to the seeds only ({SOURCES[1]} is absent)"
    return "corpus sources: " + ", ".join(here)


def timed(cmd: list[str], cwd=None, env=None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds user+system, peak resident MiB) of one
    child process and the processes it waited for (os.wait4: this child
    only). With worker processes the peak is the largest single process.
    env: variables set for the child on top of this process's."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
                            env={**os.environ, **env} if env else None)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 2) or (code == 2 and "artlint:" not in err):
        sys.exit(f"bench: {' '.join(map(str, cmd[:4]))} ... exited {code}: {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


REPORT_FORMAT = ["json"]  # --format of the corpus runs (main() sets it)
ARTLINT = [[sys.executable, "-m", "linter"]]  # how artlint is started (main() sets it: the wheel's console script)
GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"


def artlint_cmd(extra: list[str], fmt: str | None = None, start: list[str] | None = None) -> list[str]:
    return [*(start or ARTLINT[0]), "check", "--format", fmt or REPORT_FORMAT[0], *extra]


def proselint_cmd(bindir: Path | None = None) -> list[str] | None:
    if bindir is not None:
        return [str(bindir / "proselint"), "check", "--output-format", "json"]
    exe = shutil.which("proselint") or (str(Path(sys.executable).parent / "proselint")
                                        if (Path(sys.executable).parent / "proselint").exists() else None)
    return [exe, "check", "--output-format", "json"] if exe else None


# ---- artlint as the README installs it --------------------------------------
# The README installs artlint from its source tree without -e (`pip install
# '.[test]'`): a wheel, compiled at install time. A checkout's venv has an
# editable install instead, whose finder (imported by a .pth file at every
# interpreter start) costs a one-file run time that a user's install does
# not pay. installed_venv() builds the wheel and installs it, without its
# dependencies, into a fresh venv; the dependencies are the running venv's,
# seen through a folder of links that leaves out artlint's own editable
# install and every .pth file. proselint runs from the same venv (a copy of
# its console script), so both start the same interpreter with the same path.

def dependency_entries(site_packages: Path) -> list[Path]:
    """What of a venv's site-packages another venv may see as its
    dependencies: everything but the .pth files (run at every start) and
    artlint's own install (its package, metadata, editable finder)."""
    keep = []
    for entry in sorted(site_packages.iterdir()):
        name = entry.name
        if name.endswith(".pth") or name in ("linter", "__pycache__"):
            continue
        if name.startswith(("__editable__", "artlint-", "artlint.")):
            continue
        keep.append(entry)
    return keep


def installed_venv(tmp: Path) -> Path:
    """The bin folder of a venv in tmp where artlint is installed from a
    wheel of this tree and proselint's console script is copied (see above)."""
    import sysconfig

    wheels, venv, deps = tmp / "wheel", tmp / "venv", tmp / "deps"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                    str(next(wheels.glob("artlint-*.whl")))], check=True, stdout=subprocess.DEVNULL)
    deps.mkdir()
    for entry in dependency_entries(Path(sysconfig.get_paths()["purelib"])):
        (deps / entry.name).symlink_to(entry)
    target = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 check=True, capture_output=True, text=True).stdout.strip())
    (target / "bench-dependencies.pth").write_text(str(deps) + "\n", encoding="utf-8")
    script = Path(sys.executable).parent / "proselint"
    if script.exists():
        body = script.read_text(encoding="utf-8").split("\n", 1)[1]
        (venv / "bin" / "proselint").write_text(f"#!{python}\n{body}", encoding="utf-8")
        (venv / "bin" / "proselint").chmod(0o755)
    from linter.cache import RACY_SECONDS

    time.sleep(RACY_SECONDS)  # files this new are hashed on every run, never remembered (cache.file_digest)
    return venv / "bin"


def where_linter_is(python: Path) -> str:
    """linter.__file__ as `python` imports it outside any checkout (a
    console script's path starts at its bin folder, not the working one)."""
    return subprocess.run([str(python), "-c", "import linter; print(linter.__file__)"], check=True,
                          capture_output=True, text=True, cwd=python.parent).stdout.strip()


def line(name, wall, cpu, peak, files, words):
    return (f"{name:<22} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {files / wall:7.1f} files/s  "
            f"{words / wall:9,.0f} words/s  peak {peak:6.0f} MiB  load {os.getloadavg()[0]:.1f}")


GARBLE_RULES = "translation.garbled-sentence,translation.garbled-wording"


def one_article(extra, proselint, runs, installs):
    """Seed 004 as a pre-commit hook checks it: warm caches (the first run
    after an install or a rule edit fills them: `cold`), with and without
    the garble model's rules so that both shares show. `installs` maps a
    label to (artlint's start command, proselint's command or None); the
    runs go round by round through every command (A B C A B C ...), so that
    the machine's load falls on all of them alike.

    Each install gets a user cache of its own, empty at first (`cold`):
    the warm runs then read what one install's runs keep, as a user's
    cache would, not what other installs or earlier bench runs left in
    ARTLINT_CACHE (the cached patterns are keyed by the code's path, and
    the wheel's venv is a new folder on every bench run)."""
    seed = ROOT / "seeds" / "004_30d5efec39016882.txt"
    words = len(seed.read_text(encoding="utf-8").split())
    print(f"\none article ({seed.name}, {words} words), median of {runs} interleaved rounds:")
    cmds, envs = {}, {}
    caches = tempfile.TemporaryDirectory()
    for n, (label, (start, prose)) in enumerate(installs.items()):
        env = {"ARTLINT_CACHE": str(Path(caches.name) / f"install{n}")}
        cmds[("artlint", label)] = artlint_cmd(extra, start=start) + [str(seed)]
        cmds[("artlint, no garble", label)] = artlint_cmd(["--ignore", GARBLE_RULES, *extra], start=start) + [str(seed)]
        envs[("artlint", label)] = envs[("artlint, no garble", label)] = env
        if proselint and prose:
            cmds[("proselint", label)] = prose + [str(seed)]
        cold = timed(cmds[("artlint", label)], env=env)
        print(line(f"artlint, cold caches ({label})", *cold, 1, words))
        timed(cmds[("artlint", label)], env=env)  # the second run keeps what the first compiled
    results = {key: [] for key in cmds}
    for _ in range(runs):
        for key, cmd in cmds.items():
            results[key].append(timed(cmd, env=envs.get(key)))
    caches.cleanup()
    med = {key: tuple(statistics.median(r[i] for r in rs) for i in range(3)) for key, rs in results.items()}
    for label in installs:
        print(f"{label}:")
        for name in ("artlint", "artlint, no garble", "proselint"):
            if (name, label) in med:
                print("  " + line(name, *med[(name, label)], 1, words))
        if ("proselint", label) in med:
            a, g, p = med[("artlint", label)], med[("artlint, no garble", label)], med[("proselint", label)]
            print(f"  ratio artlint/proselint: wall {a[0] / p[0]:.2f}x, cpu {a[1] / p[1]:.2f}x; "
                  f"without the garble rules: wall {g[0] / p[0]:.2f}x, cpu {g[1] / p[1]:.2f}x")


def timed_env(cmd, env):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return timed(cmd)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def corpus_run(extra, proselint, count, tmp, no_garble=False):
    files, words = build_corpus(Path(tmp), count)
    names = [str(f) for f in files]
    print(f"\ncorpus: {len(files)} files, {words} words (from {len(corpus_files())} distinct articles)")
    par = timed(artlint_cmd(extra) + names)
    print(line("artlint (default jobs)", *par, len(files), words))
    ser = timed(artlint_cmd(["--jobs", "1", *extra]) + names)
    print(line("artlint --jobs 1", *ser, len(files), words))
    if no_garble:
        bare = timed(artlint_cmd(["--jobs", "1", "--ignore", GARBLE_RULES, *extra]) + names)
        print(line("  without garble rules", *bare, len(files), words))
        print(f"  the garble rules' share of --jobs 1 CPU: {ser[1] - bare[1]:.1f} s ({100 * (ser[1] - bare[1]) / ser[1]:.0f} %)")
    if proselint:
        p = timed(proselint + names)
        print(line("proselint", *p, len(files), words))
        print(f"ratio artlint/proselint: wall (default jobs) {par[0] / p[0]:.2f}x, "
              f"cpu (--jobs 1) {ser[1] / p[1]:.2f}x, wall (--jobs 1) {ser[0] / p[0]:.2f}x")
        if no_garble:
            print(f"ratio without garble rules: cpu (--jobs 1) {bare[1] / p[1]:.2f}x")


def scale(extra, sizes, tmp, fmt="jsonl"):
    print(f"\ncost growth, artlint --jobs 1 --format {fmt} (one process):")
    first = None
    for n in sizes:
        folder = Path(tmp) / f"scale{n}"
        folder.mkdir()
        files, words = build_corpus(folder, n)
        wall, cpu, peak = timed(artlint_cmd(["--jobs", "1", *extra], fmt) + [str(f) for f in files])
        first = first or (n, peak)
        print(f"{n:>6} files  wall {wall:7.1f} s  cpu {cpu:7.1f} s  cpu/file {1000 * cpu / n:5.1f} ms  peak {peak:6.0f} MiB"
              f"  ({100 * (peak / first[1] - 1):+.0f} % on {first[0]} files)  load {os.getloadavg()[0]:.1f}")
        shutil.rmtree(folder)


MTQE_TRAIN = ROOT.parent / "shared" / "data" / "mtqe" / "train.tsv"
DISTINCT_SENTENCES = 20  # sentences a file of the distinct-text table holds


def distinct_sentences() -> list[str]:
    """mtqe train's MT sentences, each once, in file order (empty when absent)."""
    import csv

    if not MTQE_TRAIN.is_file():
        return []
    csv.field_size_limit(1 << 30)
    with MTQE_TRAIN.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(dict.fromkeys(r["mt_sentence"].strip() for r in rows if r["mt_sentence"].strip()))


def distinct_growth(extra, sizes, tmp, fmt="jsonl"):
    """Peak memory and CPU as the number of files of distinct text grows."""
    sentences = distinct_sentences()
    if not sentences:
        print(f"\ndistinct-text growth: skipped ({MTQE_TRAIN} is absent)")
        return
    available = len(sentences) // DISTINCT_SENTENCES
    wanted = list(dict.fromkeys(min(n, available) for n in sizes))
    print(f"\ndistinct-text growth, artlint --jobs 1 --format {fmt} (one process; files of {DISTINCT_SENTENCES} "
          f"distinct sentences from {MTQE_TRAIN.name}, {available} files at most):")
    if max(sizes) > available:
        print(f"  (only {available} files of distinct sentences: {max(sizes)} becomes {available})")
    folder = Path(tmp) / "distinct"
    folder.mkdir()
    files = []
    for i in range(max(wanted, default=0)):
        path = folder / f"d{i:05d}.txt"
        path.write_text("\n\n".join(sentences[i * DISTINCT_SENTENCES:(i + 1) * DISTINCT_SENTENCES]) + "\n", encoding="utf-8")
        files.append(str(path))
    first = None
    for n in wanted:
        with tempfile.TemporaryDirectory() as empty:  # a fresh result cache: every file is checked
            wall, cpu, peak = timed_env(artlint_cmd(["--jobs", "1", *extra], fmt) + files[:n], {"ARTLINT_CACHE": empty})
        first = first or (n, peak)
        print(f"{n:>6} files  wall {wall:7.1f} s  cpu {cpu:7.1f} s  cpu/file {1000 * cpu / n:5.1f} ms  peak {peak:6.0f} MiB"
              f"  ({100 * (peak / first[1] - 1):+.0f} % on {first[0]} files)  load {os.getloadavg()[0]:.1f}")
    shutil.rmtree(folder)


def ensure_bytecode() -> None:
    """An installed artlint runs from compiled modules (pip compiles them at
    install time), as proselint does; a checkout run with
    PYTHONDONTWRITEBYTECODE=1 (or a read-only tree) would compile every
    module from source on every run. Compile them as an install would."""
    import compileall

    ok = compileall.compile_dir(str(ROOT / "linter"), quiet=1)
    note = " (PYTHONDONTWRITEBYTECODE is set: imports would not write it)" if sys.flags.dont_write_bytecode else ""
    print(f"bytecode: linter/ compiled as an install would{note}" + ("" if ok else ": compileall FAILED"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5, help="runs of the one-article timing (median)")
    ap.add_argument("--proselint", action="store_true", help="also time proselint on the same files")
    ap.add_argument("--scale", default="", help="comma-separated corpus sizes for the growth table, e.g. 250,1000,2000,4000")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--skip-article", action="store_true", help="skip the one-article timing")
    ap.add_argument("--no-garble", action="store_true", help="also time --jobs 1 without the garble model's rules")
    ap.add_argument("--install", choices=("wheel", "checkout", "both"), default="wheel",
                    help="time artlint as the README installs it (wheel: built from this tree into a fresh venv, "
                    "the default), from this checkout's editable venv (checkout), or both, interleaved (the "
                    "corpus runs use the wheel then)")
    ap.add_argument("--format", default="json", help="report format of the corpus runs (default json)")
    ap.add_argument("--scale-format", default="jsonl", help="report format of the growth table (default jsonl: streamed)")
    ap.add_argument("--distinct", default="", help="comma-separated file counts for the distinct-text growth table, "
                    "e.g. 250,1000,1750 (needs ../shared/data/mtqe/train.tsv)")
    ap.add_argument("extra", nargs="*", help="arguments for artlint check (after --)")
    args = ap.parse_args()
    print(describe_sources())
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared machine: prefer the cpu columns)")
    proselint = proselint_cmd() if args.proselint else None
    if args.proselint and not proselint:
        print("proselint: not installed (pip install -e '.[bench]')")
    REPORT_FORMAT[0] = args.format
    with tempfile.TemporaryDirectory() as tmp:
        installs = {}
        if args.install in ("wheel", "both"):
            bindir = installed_venv(Path(tmp) / "install")
            ARTLINT[0] = [str(bindir / "artlint")]
            print(f"install: a wheel of this tree in a fresh venv (as the README's pip install '.[test]'): "
                  f"{bindir / 'artlint'}, linter at {where_linter_is(bindir / 'python')}")
            installs["wheel install"] = (ARTLINT[0], proselint_cmd(bindir) if proselint else None)
        if args.install in ("checkout", "both"):
            ensure_bytecode()
            print(f"install: this checkout's venv ({Path(sys.executable).parent.parent}), "
                  f"linter at {where_linter_is(Path(sys.executable))}")
            installs["checkout (editable)"] = ([sys.executable, "-m", "linter"], proselint)
            if args.install == "checkout":
                ARTLINT[0] = [sys.executable, "-m", "linter"]
        if not args.skip_article:
            one_article(args.extra, proselint, args.runs, installs)
        proselint = next(iter(installs.values()))[1] if proselint else None  # the corpus runs' install
        if not args.skip_corpus:
            corpus_run(args.extra, proselint, args.files, tmp, args.no_garble)
        if args.scale:
            scale(args.extra, [int(n) for n in args.scale.split(",")], tmp, args.scale_format)
        if args.distinct:
            distinct_growth(args.extra, [int(n) for n in args.distinct.split(",")], tmp, args.scale_format)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
