"""`artlint audit`: lint a whole archive into a JSON Lines file, one line a
file ({"path", "date", "date_source", "findings": [...]}), written as each
batch finishes so memory stays flat. `--resume` skips the files already in
the output. The batches run on worker processes, or with a scheduler
address on a Dask distributed cluster (imported only then), whose workers
each build their Session once (linter.parallel keeps it per process)."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .model import LintError
from .parallel import SessionSpec, chunks, default_jobs, lint_chunk, run_chunks, stays_serial

IN_FLIGHT_PER_WORKER = 2  # Dask tasks queued per worker thread: enough to keep it busy, few in memory


@dataclass
class Summary:
    """Counts over every line of the output (earlier runs' too, on --resume)."""

    files: int = 0
    errors: int = 0
    findings: int = 0
    categories: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    per_file: Counter = field(default_factory=Counter)
    notices: list = field(default_factory=list)  # check failures: exit status 2
    warnings: list = field(default_factory=list)  # a service skipped, an unparsable date

    def add(self, line: dict) -> None:
        self.files += 1
        self.errors += bool(line.get("error"))
        self.findings += len(line["findings"])
        self.categories.update(f["category"] for f in line["findings"])
        self.rules.update(f["rule"] for f in line["findings"])
        if line["findings"]:
            self.per_file[line["path"]] = len(line["findings"])
            if len(self.per_file) > 1000:  # keep the worst few, not one entry per file
                self.per_file = Counter(dict(self.per_file.most_common(100)))

    def render(self, worst: int = 10) -> str:
        out = [f"files: {self.files} ({self.errors} could not be checked), findings: {self.findings}"]
        out += ["by category:"] + [f"  {name:<12} {n}" for name, n in self.categories.most_common()]
        out += ["by rule:"] + [f"  {name:<40} {n}" for name, n in self.rules.most_common()]
        out += [f"worst files (top {worst}):"] + [f"  {n:>5}  {path}" for path, n in self.per_file.most_common(worst)]
        return "\n".join(out) + "\n"


def done_paths(output: Path, summary: Summary) -> set[str]:
    """Paths already in `output` (for --resume), counted into the summary. A
    last line cut short by a killed run is dropped so the file stays valid."""
    done = set()
    if not output.exists():
        return done
    good_end = 0
    with open(output, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                line = json.loads(raw)
                path = line["path"]
            except (ValueError, KeyError, TypeError):
                raise LintError(f"{output}: line {len(done) + 1} is not an audit line; refusing to resume into it") from None
            done.add(path)
            summary.add(line)
            good_end += len(raw)
    if good_end != output.stat().st_size:
        os.truncate(output, good_end)
    return done


def lines_of(part, shown: dict[str, str]) -> list[dict]:
    """One output line per file of a ChunkResult; `shown` maps the absolute
    path linted to the path the user gave."""
    by_path: dict[str, list] = {}
    for f in part.findings:
        by_path.setdefault(f.path, []).append(f)
    out = []
    for result in part.files:
        name = shown.get(result.path, result.path)
        line = {"path": name, "date": result.date, "date_source": result.date_source,
                "date_confidence": result.date_confidence,
                "findings": [{**f.to_dict(), "path": name} for f in by_path.get(result.path, [])]}
        if result.error:
            line["error"] = result.error.replace(result.path, name)
        out.append(line)
    return out


def run_local(spec, inputs, jobs, config_for, session=None):
    """Batches in this process or its worker processes; where they fork,
    they start from `session` (spec's, of this process) warmed (run_chunks)."""
    if stays_serial(len(inputs), jobs):
        for part in chunks(inputs, config_for):
            yield lint_chunk(spec, part)
    else:
        yield from run_chunks(spec, inputs, jobs, config_for, warm=session)


def run_dask(spec, inputs, scheduler: str, config_for):
    """Batches as Dask tasks, a bounded number in flight, yielded as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise LintError("--scheduler needs Dask: pip install 'artlint[audit]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise LintError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        threads = sum(client.nthreads().values()) or 1
        parts = iter(chunks(inputs, config_for))
        queue = as_completed()
        for part in parts:
            queue.add(client.submit(lint_chunk, spec, part, pure=False))
            if queue.count() >= threads * IN_FLIGHT_PER_WORKER:
                break
        for future in queue:
            result = future.result()
            future.release()
            yield result
            part = next(parts, None)
            if part is not None:
                queue.add(client.submit(lint_chunk, spec, part, pure=False))


def audit(paths, output: Path, spec: SessionSpec, *, jobs: int = 0, scheduler: str | None = None,
          resume: bool = False, include=None, exclude=(), progress=None) -> Summary:
    """Lint `paths` into `output`; the Summary of the whole output."""
    from .session import TEXT_SUFFIXES

    session = spec.build()  # no rules are loaded here: configurations only
    summary = Summary()
    if not resume and output.exists():
        output.unlink()
    done = done_paths(output, summary) if resume else set()
    files = [p for p in session.discover(paths, include or TEXT_SUFFIXES, exclude) if p not in done]
    shown = {os.path.abspath(p): p for p in files}  # workers elsewhere may run in another folder
    inputs = [(absolute, None) for absolute in shown]
    engine = run_dask(spec, inputs, scheduler, session.config_for) if scheduler else \
        run_local(spec, inputs, jobs or default_jobs(), session.config_for, session)
    with open(output, "a", encoding="utf-8") as out:
        for part in engine:
            for line in lines_of(part, shown):
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                summary.add(line)
            out.flush()
            summary.notices += [n for n in part.notices if n not in summary.notices]
            summary.warnings += [n for n in part.warnings if n not in summary.warnings]
            if progress:
                progress(summary.files, len(files) + len(done))
    return summary


def terminal_progress(stream=sys.stderr):
    """A progress callback that redraws one line on a terminal, else None."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        stream.write(f"\rartlint audit: {done}/{total} files")
        stream.flush()
        if done >= total:
            stream.write("\n")

    return show
