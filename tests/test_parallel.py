"""check --jobs and artlint audit: the same findings as a serial check, in
the same order, with every file's error kept; audit on a real Dask
LocalCluster (127.0.0.1, worker processes) gives check's findings."""
import json
import os
import time

import pytest

from conftest import ROOT, SEEDS, load_script, run_cli, seed_corpus
from linter.engine import Selection
from linter import parallel
from linter.parallel import ParallelSession, SessionSpec, chunks, stays_serial
from linter.session import Session

compare_audit = load_script(ROOT / "bench" / "compare_audit.py", "compare_audit")

SEED_FILES = sorted(SEEDS.glob("*.txt"))



def test_a_small_run_stays_in_one_process():
    assert stays_serial(1, 8) and stays_serial(10_000, 1)
    assert not stays_serial(10_000, 2)


def test_chunks_are_the_serial_batches(monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 2)
    configs = {"a": type("C", (), {"path": "A"})(), "b": type("C", (), {"path": "B"})()}
    inputs = [(name, None) for name in ["a1", "b1", "a2", "a3", "b2", "a4", "b3"]]
    parts = chunks(inputs, lambda p: configs[str(p)[0]])
    assert [[n for n, _ in part] for part in parts] == [["a1", "a2"], ["b1", "b2"], ["a3", "a4"], ["b3"]]


def test_parallel_report_equals_serial_with_errors_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)  # many chunks from few files (workers are forked, they see it)
    files = seed_corpus(tmp_path / "c", 14, broken={4, 11})
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    serial = Session(selection=selection).lint_inputs(inputs)
    parallel = ParallelSession(SessionSpec(selection), jobs=2).lint_inputs(inputs)
    assert [f.to_dict() for f in parallel.findings] == [f.to_dict() for f in serial.findings]
    assert [r.to_dict() for r in parallel.files] == [r.to_dict() for r in serial.files]
    assert [r.path for r in parallel.files] == files
    errors = [r.error for r in parallel.files if r.error]
    assert len(errors) == 2 and all("binary file" in e for e in errors)
    assert parallel.exit_code() == serial.exit_code() == 2
    assert set(parallel.rules) == set(serial.rules)
    assert len(parallel.findings) > 20


def lint_with_share(inputs, selection, jobs=2, forking=True):
    """A ParallelSession given a Session of the calling process to lint a
    share (as `check` does for a streamed report); with the number of
    chunks this process linted itself. forking=False: as where workers
    do not start as forks, the one case where this process lints a share."""
    here = []
    real = parallel.chunk_result

    def counted(*args, **kw):  # a forked worker appends to its own copy of `here`
        here.append(1)
        return real(*args, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parallel, "chunk_result", counted)
        if not forking:
            mp.setattr(parallel, "forks", lambda: False)
        report = ParallelSession(SessionSpec(selection), jobs, share=Session(selection=selection)).lint_inputs(inputs)
    return report, len(here)


def assert_same_report(report, serial, files):
    assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in serial.findings]
    assert [r.to_dict() for r in report.files] == [r.to_dict() for r in serial.files]
    assert [r.path for r in report.files] == files
    assert set(report.rules) == set(serial.rules)


def test_the_calling_process_lints_a_share_and_the_report_is_the_serial_one(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)
    files = seed_corpus(tmp_path / "c", 30, broken={7})
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    serial = Session(selection=selection).lint_inputs(inputs)
    report, linted_here = lint_with_share(inputs, selection, forking=False)
    assert_same_report(report, serial, files)
    assert 0 < linted_here < len(chunks(inputs, Session(selection=selection).config_for))  # the worker did the rest


def test_check_lints_a_share_in_its_own_process_only_for_a_streamed_report():
    from linter.cli import parallel_session

    inputs = [(f"f{n}.md", None) for n in range(300)]
    session = Session(selection=Selection(date=None))
    assert parallel_session(session, inputs, 2, None, None, lints_a_share=True).share is session
    held = parallel_session(session, inputs, 2, None, None)  # a held report: this process warms the workers only
    assert held.share is None and held.warm is session
    assert parallel_session(session, inputs[:10], 2, None, None, lints_a_share=True).local is session  # small: serial


@pytest.mark.skipif(not parallel.forks(), reason="workers start as forks only where that is the start method")
def test_forked_workers_start_warm_and_lint_every_chunk_from_the_first(tmp_path, monkeypatch):
    """The calling process lints the first file only (rules, checks and
    models built), then its workers fork from its Session: none builds
    one of its own, and they lint every chunk, the first one too, so no
    core waits while this process lints a chunk alone."""
    monkeypatch.setattr(Session, "BATCH", 3)
    files = seed_corpus(tmp_path / "c", 15)  # 5 chunks
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    serial = Session(selection=selection).lint_inputs(inputs)
    log = tmp_path / "log"
    parent, real_build, real_chunk = os.getpid(), SessionSpec.build, parallel._lint_chunk

    def note(line):
        with log.open("a") as fh:
            fh.write(line + "\n")

    def build(self):
        if os.getpid() != parent:  # a worker's own Session
            note("built")
        return real_build(self)

    def lint_chunk(spec, part):  # before the chunk: what the worker's Session already holds
        note(f"{'worker' if os.getpid() != parent else 'here'} {part[0][0]} {len(parallel.worker_session(spec).rulesets)}")
        return real_chunk(spec, part)

    monkeypatch.setattr(SessionSpec, "build", build)
    monkeypatch.setattr(parallel, "_lint_chunk", lint_chunk)
    for shared in (True, False):  # a streamed report's Session (share), a held one's (warm)
        log.unlink(missing_ok=True)
        session = Session(selection=selection)
        report = ParallelSession(SessionSpec(selection), 2, **{"share" if shared else "warm": session}).lint_inputs(inputs)
        assert_same_report(report, serial, files)
        lines = log.read_text(encoding="utf-8").split("\n")[:-1]
        assert sorted(lines) == sorted(f"worker {part[0][0]} 1" for part in chunks(inputs, session.config_for))


def test_progress_counts_the_chunks_as_they_come_back_and_no_worker_draws(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)
    files = seed_corpus(tmp_path / "c", 12)
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    log = tmp_path / "progress"

    def progress(read=0, checked=0):  # a worker would write its own pid
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} {read} {checked}\n")

    for forking, role in ((True, "warm"), (True, "share"), (False, "share")):
        log.unlink(missing_ok=True)
        session = Session(selection=selection)
        session.progress = progress
        linter = ParallelSession(SessionSpec(selection), 2, **{role: session})
        with pytest.MonkeyPatch.context() as mp:
            if not forking:
                mp.setattr(parallel, "forks", lambda: False)
            list(linter.stream(inputs)) if role == "share" else linter.lint_inputs(inputs)
        rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
        assert {pid for pid, _, _ in rows} == {str(os.getpid())}
        assert sum(int(read) for _, read, _ in rows) == sum(int(checked) for _, _, checked in rows) == len(files)


def test_a_killed_worker_still_gives_every_file_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)
    files = seed_corpus(tmp_path / "c", 21)
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    serial = Session(selection=selection).lint_inputs(inputs)
    parent, real = os.getpid(), parallel.lint_chunk

    def dies_in_a_worker(spec, part):  # the pool's task calls it in the (forked) worker
        if os.getpid() != parent and part[0][0] == files[3]:  # the second chunk
            time.sleep(1)  # the first chunk's result is back by then
            os._exit(1)
        return real(spec, part)

    monkeypatch.setattr(parallel, "lint_chunk", dies_in_a_worker)
    assert_same_report(ParallelSession(SessionSpec(selection), jobs=2).lint_inputs(inputs), serial, files)
    assert_same_report(lint_with_share(inputs, selection)[0], serial, files)
    assert_same_report(lint_with_share(inputs, selection, forking=False)[0], serial, files)


def test_the_calling_process_does_not_lint_far_ahead_of_a_slow_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "BATCH", 3)
    files = seed_corpus(tmp_path / "c", 21)  # 7 chunks
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    serial = Session(selection=selection).lint_inputs(inputs)
    parent, real = os.getpid(), parallel.lint_chunk

    def slow_in_a_worker(spec, part):
        if os.getpid() != parent:
            time.sleep(1.5)  # this process's chunks would otherwise pile up, held, behind the worker's
        return real(spec, part)

    monkeypatch.setattr(parallel, "lint_chunk", slow_in_a_worker)
    report, linted_here = lint_with_share(inputs, selection, forking=False)
    assert_same_report(report, serial, files)
    assert linted_here <= 3  # without the bound on held results: the 5 chunks the worker had not been given


def test_a_bad_rule_pack_fails_the_parallel_run_as_it_fails_the_serial(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yaml").write_text("rules:\n  - id: x\n    check: no-such-check\n", encoding="utf-8")
    config = tmp_path / ".artlint.yaml"
    config.write_text("rules: [pack]\n", encoding="utf-8")
    files = seed_corpus(tmp_path / "c", 260)
    serial = run_cli("check", "--jobs", "1", "--config", config, *files[:1])
    parallel = run_cli("check", "--jobs", "2", "--config", config, *files)
    assert serial.returncode == parallel.returncode == 2
    assert parallel.stderr.strip().splitlines()[-1] == serial.stderr.strip().splitlines()[-1]
    assert "Traceback" not in parallel.stderr


@pytest.mark.slow
def test_check_jobs_2_prints_exactly_the_serial_report(tmp_path):
    folder = tmp_path / "c"
    seed_corpus(folder, 420, broken={7})
    for fmt in ("json", "text", "jsonl"):
        serial = run_cli("check", "--format", fmt, "--jobs", "1", folder)
        parallel = run_cli("check", "--format", fmt, "--jobs", "2", folder)
        assert serial.returncode == parallel.returncode == 2
        assert parallel.stdout == serial.stdout
        if fmt == "json":
            assert len(json.loads(parallel.stdout)["findings"]) > 100


def test_audit_writes_one_line_a_file_and_resumes(tmp_path):
    folder = tmp_path / "c"
    files = seed_corpus(folder, 8, broken={2})
    out = tmp_path / "results.jsonl"
    first = run_cli("audit", "--jobs", "1", "-o", out, *files[:5])
    assert first.returncode == 2, first.stderr  # the binary file
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"path": "cut sho')  # a run killed mid-line
    second = run_cli("audit", "--jobs", "1", "--resume", "-o", out, folder)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["path"] for line in lines) == sorted(files)  # each once, the cut line gone
    assert "files: 8 (1 could not be checked)" in second.stdout
    assert "worst files" in second.stdout and "by rule:" in second.stdout
    # each run's files are one batch, so each run equals a check of its files
    audit = compare_audit.audit_view(out.read_text(encoding="utf-8").splitlines())
    for run in (files[:5], files[5:]):
        check = json.loads(run_cli("check", "--format", "json", "--jobs", "1", *run).stdout)
        assert compare_audit.differences({p: audit[p] for p in run}, compare_audit.check_view(check)) == []


@pytest.mark.skipif(not parallel.forks(), reason="workers start as forks only where that is the start method")
def test_audit_workers_fork_from_its_session_and_build_none(tmp_path, monkeypatch):
    from linter.audit import audit

    monkeypatch.setattr(Session, "BATCH", 3)
    monkeypatch.setattr(parallel, "SERIAL_BELOW", 1)  # workers for a few files
    files = seed_corpus(tmp_path / "c", 9)
    built, parent, real = tmp_path / "built", os.getpid(), SessionSpec.build

    def build(self):
        if os.getpid() != parent:
            built.write_text("a worker built its own Session", encoding="utf-8")
        return real(self)

    monkeypatch.setattr(SessionSpec, "build", build)
    out = tmp_path / "results.jsonl"
    summary = audit(files, out, SessionSpec(Selection(date=None)), jobs=2)
    assert summary.files == 9 and len(out.read_text(encoding="utf-8").splitlines()) == 9
    assert not built.exists()


def test_audit_refuses_to_resume_into_a_file_that_is_not_its_own(tmp_path):
    out = tmp_path / "notes.jsonl"
    out.write_text("my notes\n", encoding="utf-8")
    proc = run_cli("audit", "--resume", "-o", out, SEED_FILES[0])
    assert proc.returncode == 2 and "not an audit line" in proc.stderr
    assert out.read_text(encoding="utf-8") == "my notes\n"


def test_audit_names_an_unreachable_scheduler(tmp_path):
    proc = run_cli("audit", "--scheduler", "tcp://127.0.0.1:9", "-o", tmp_path / "r.jsonl", SEED_FILES[0])
    assert proc.returncode == 2 and "Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_audit_on_a_dask_local_cluster_equals_check(tmp_path):
    distributed = pytest.importorskip("distributed")
    files = seed_corpus(tmp_path / "c", 30, broken={5})
    out = tmp_path / "results.jsonl"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        proc = run_cli("audit", "--scheduler", cluster.scheduler_address, "-o", out, *files)
        assert proc.returncode == 2, proc.stderr  # the binary file
        with distributed.Client(cluster) as client:
            logs = client.run(lambda: __import__("linter.parallel").parallel._session is not None)
    assert sum(logs.values()) >= 1  # the workers built a Session and kept it
    check = run_cli("check", "--format", "json", "--jobs", "1", *files)
    audit = compare_audit.audit_view(out.read_text(encoding="utf-8").splitlines())
    assert len(audit) == 30 and sum(len(v[2]) for v in audit.values()) > 20
    assert compare_audit.differences(audit, compare_audit.check_view(json.loads(check.stdout))) == []


def test_source_lines_are_kept_only_for_formats_that_show_them(tmp_path):
    from linter.cli import SOURCE_LINE_FORMATS

    files = seed_corpus(tmp_path / "c", 3)
    inputs = [(f, None) for f in files]
    selection = Selection(date=None)
    shown = ParallelSession(SessionSpec(selection), 1, local=Session(selection=selection))
    report = shown.lint_inputs(inputs)
    first = report.findings[0]
    assert shown.source_line(first.path, first.line) == Session(selection=selection).lint_text(
        first.path, open(first.path, encoding="utf-8").read()).document.line_text(first.line)
    hidden = ParallelSession(SessionSpec(selection, source_lines=False), 1, local=Session(selection=selection))
    assert hidden.lint_inputs(inputs).findings == report.findings and hidden.lines == {}
    assert {"text", "sarif", "gitlab"} <= set(SOURCE_LINE_FORMATS) and "json" not in SOURCE_LINE_FORMATS
