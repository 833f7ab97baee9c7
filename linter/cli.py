"""The `artlint` command. Exit status: 0 nothing at or above the failure
level, 1 findings at or above it, 2 usage, configuration or rule errors, or
a file that could not be read (the other files are still checked), or no
file to check (unless --allow-empty); 130 when interrupted (Ctrl-C)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import checkrun
from .model import CATEGORIES, SEVERITIES, LintError
from .checkrun import (  # noqa: F401 - linter.cli's names, as before the split
    TEXT_SUFFIXES, FORMATS, INTERRUPTED, SURROGATES, fail, printable, split_ids, collect_files, config_loader,
    run_check, InterruptHeld, raise_gc_threshold, end_process, streams_flushed, SOURCE_LINE_FORMATS,
    parallel_session, stream_check, finished_report, fix_inputs, read_inputs, emit, write, write_pieces,
)


def parse_date(ctx, param, value):
    if value is None:
        return None
    from .dates import iso_date

    try:
        return iso_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Group(click.Group):
    """Every error reaches the user as one line and exit status 2; set
    ARTLINT_DEBUG=1 to see the traceback of an unexpected one."""

    LAZY_COMMANDS: dict[str, tuple[str, str]] = {}  # name -> (module, attribute), imported when first asked for

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.LAZY_COMMANDS})

    def get_command(self, ctx, name):
        if name not in self.commands:  # a lazy command, or none (the error then suggests from them all)
            import importlib

            for lazy in [name] if name in self.LAZY_COMMANDS else list(self.LAZY_COMMANDS):
                if lazy not in self.commands:
                    module, attribute = self.LAZY_COMMANDS[lazy]
                    self.add_command(getattr(importlib.import_module(module, __package__), attribute), lazy)
        return super().get_command(ctx, name)

    def __call__(self, *args, **kwargs):
        """As the program (the `artlint` script, `python -m linter`: the
        arguments from sys.argv), a `check` ends its process without the
        interpreter's tear-down (end_process); called with arguments, or
        not standalone, it raises SystemExit as click does."""
        raise_gc_threshold()  # before click parses: its allocations would otherwise start a collection
        try:
            return self.main(*args, **kwargs)
        except SystemExit as done:
            if not args and "args" not in kwargs and kwargs.get("standalone_mode", True) and checkrun.ENDS_PROCESS:
                end_process(done.code)
            raise

    def invoke(self, ctx):
        with checkrun.errors_in_one_line(passed=(click.exceptions.Exit, click.ClickException, click.Abort)):
            return super().invoke(ctx)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artlint")
def main():
    """artlint: lint articles for garbled translation, stale facts and leaked boilerplate."""




@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--date", type=str, callback=parse_date, help="Judge facts as of this date (YYYY-MM-DD).")
@click.option("--date-fallback", type=click.Choice(["today", "none"]), help="For a file with no date: judge facts as of today (drafts; the default) or not at all (archives).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: the nearest .artlint.yaml or pyproject.toml with [tool.artlint]).")
@click.option("--fail-level", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit status 1.")
@click.option("--select", multiple=True, help="Only these rules or packs (ids or prefixes, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules or packs.")
@click.option("--include", multiple=True, help="Globs of files to check in folders [default: *.md *.markdown *.txt *.html *.htm].")
@click.option("--exclude", multiple=True, help="Globs of files to skip in folders.")
@click.option("--input-format", type=click.Choice(["text", "markdown", "html"]), help="Read every input as this format.")
@click.option("--stdin-filename", help="Name to report for input read from '-'.")
@click.option("--languagetool", metavar="URL", help="LanguageTool server for the grammar rules.")
@click.option("--quiet", "-q", is_flag=True, help="Report only findings at or above the failure level, no summary.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when on a terminal).")
@click.option("--fix", "fix_files", is_flag=True, help="Apply the safe fixes (meaning kept: Kiev -> Kyiv) to the files, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply the fixes that change the meaning (dropping a stale 'former'); implies --fix.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff and change nothing (with --unsafe-fixes: those too).")
@click.option("--page/--no-page", default=None, help="Read HTML as a whole web page and lint its article body only (default: when the page's structure says it is one).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), help="Write the report to this file (replaced in one step) instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (default 0: one per core; 1: serial). A small run stays in one process.")
@click.option("--allow-empty", is_flag=True, help="Exit 0 when the paths hold no file to check (default: an error).")
def check(paths, fmt, date, date_fallback, config_path, fail_level, select, ignore, include, exclude, input_format,
          stdin_filename, languagetool, quiet, color, fix_files, unsafe_fixes, show_diff, page, output, jobs, allow_empty):
    """Lint files (folders: recursively; '-': standard input)."""
    run_check(paths, fmt, date, date_fallback, config_path, fail_level, select, ignore, include, exclude, input_format,
              stdin_filename, languagetool, quiet, color, fix_files, unsafe_fixes, show_diff, page, output, jobs, allow_empty)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--page/--no-page", default=None, help="Read HTML as a whole web page (default: when its structure says it is one).")
@click.option("--input-format", type=click.Choice(["text", "markdown", "html"]), help="Read every input as this format.")
def extract(paths, page, input_format):
    """Print the text `check` lints in each file: of a whole web page, its article body."""
    from .readers import read_path

    failed = False
    for path in paths:
        try:
            doc = read_path(path, input_format, page)
        except LintError as exc:
            click.echo(f"artlint: {exc}", err=True)
            failed = True
            continue
        if len(paths) > 1:
            write(f"==> {path} <==")
        write("\n".join(block.text for block in doc.blocks))
    sys.exit(2 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False), help="JSON Lines file: one line a file (path, date, findings).")
@click.option("--resume", is_flag=True, help="Skip the files already in --output and append the rest.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on this Dask distributed scheduler (tcp://host:8786); needs 'artlint[audit]'.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes without --scheduler (default 0: one per core).")
@click.option("--date", type=str, callback=parse_date, help="Judge facts as of this date (YYYY-MM-DD).")
@click.option("--date-fallback", type=click.Choice(["today", "none"]), help="For a file with no date: judge facts as of today or not at all (the usual choice for archives).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--select", multiple=True, help="Only these rules or packs.")
@click.option("--ignore", multiple=True, help="Skip these rules or packs.")
@click.option("--include", multiple=True, help="Globs of files to check in folders.")
@click.option("--exclude", multiple=True, help="Globs of files to skip in folders.")
@click.option("--input-format", type=click.Choice(["text", "markdown", "html"]), help="Read every input as this format.")
@click.option("--languagetool", metavar="URL", help="LanguageTool server for the grammar rules.")
def audit(paths, output, resume, scheduler, jobs, date, date_fallback, config_path, select, ignore, include, exclude,
          input_format, languagetool):
    """Audit an archive: findings of every file into a JSON Lines file, and a summary.
    Exit status 0, or 2 when a file could not be checked or a check failed."""
    from .audit import audit as run_audit
    from .audit import terminal_progress
    from .engine import Selection
    from .parallel import SessionSpec

    spec = SessionSpec(Selection(split_ids(select), split_ids(ignore), date, input_format, date_fallback),
                       config_path, languagetool)
    try:
        summary = run_audit(paths, Path(output), spec, jobs=jobs, scheduler=scheduler, resume=resume,
                            include=include or None, exclude=exclude, progress=terminal_progress())
    except LintError as exc:
        fail(str(exc))
    write(summary.render())
    for problem in summary.warnings + summary.notices:
        click.echo(f"artlint: {problem}", err=True)
    sys.exit(2 if summary.errors or summary.notices else 0)


@main.command("rules")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
def list_rules(category, config_path):
    """List the rules (shipped and configured) in a table."""
    rules = load_all_rules(config_path)
    rows = [r for r in rules if not category or r.category == category]
    width = max((len(r.id) for r in rows), default=10)
    for r in sorted(rows, key=lambda r: r.id):
        summary = r.description.split(". ")[0].rstrip(".")
        state = "on" if r.enabled else "opt-in"
        write(f"{r.id:<{width}}  {r.category:<11} {r.severity:<7} {state:<6}  {summary[:70]}")


def load_all_rules(config_path):
    from .config import find_config, load_config
    from .rules import load_rules, shipped_rules_dir

    try:
        config = load_config(Path(config_path) if config_path else find_config(Path.cwd()))
        return load_rules([shipped_rules_dir(), *config.rule_dirs])
    except LintError as exc:
        fail(str(exc))


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
def explain(rule_id, config_path):
    """Say what a rule finds, why it matters, and show examples."""
    from .explain import explain_rule

    rules = {r.id: r for r in load_all_rules(config_path)}
    if rule_id not in rules:
        close = [r for r in rules if rule_id in r]
        fail(f"no rule {rule_id!r}" + (f"; did you mean {', '.join(sorted(close)[:5])}?" if close else ""))
    write(explain_rule(rules[rule_id]))


@main.command("test-rules")
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (knowledge, vocabulary, LanguageTool).")
def test_rules(folders, config_path):
    """Run the examples of every rule in FOLDERS (a pack, or a folder of packs)."""
    from .config import find_config, load_config
    from .examples import run_examples

    try:
        config = load_config(Path(config_path) if config_path else find_config(Path.cwd()))
        failures, total = run_examples([Path(f) for f in folders], config)
    except LintError as exc:
        fail(str(exc))
    for line in failures:
        write(line)
    write(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


@main.command()
def score():
    """Read sentences on stdin, print a garble score for each line (higher = more likely garbled)."""
    from .garble import load

    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    scores = load().sentence_scores(lines) if lines else []
    write("\n".join(f"{s:.4f}" for s in scores))


@main.group()
def kb():
    """The knowledge base of people and offices."""


@kb.command("check")
@click.option("--knowledge", multiple=True, type=click.Path(exists=True, file_okay=False), help="Extra knowledge folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
def kb_check(knowledge, config_path):
    """Validate the knowledge base: schema, people, overlapping terms, dates."""
    from .config import find_config, load_config
    from .knowledge import check_knowledge
    from .rules import KNOWLEDGE_DIR, shipped_rules_dir

    try:
        config = load_config(Path(config_path) if config_path else find_config(Path.cwd()))
    except LintError as exc:
        fail(str(exc))
    dirs = [shipped_rules_dir() / KNOWLEDGE_DIR, *config.knowledge_dirs, *map(Path, knowledge)]
    problems = check_knowledge(dirs)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        fail(f"knowledge base: {len(problems)} problem(s)")
    write(f"knowledge base OK ({', '.join(str(d) for d in dirs)})")


@main.command()
def lsp():
    """Run the language server on stdin/stdout (for editors; needs pygls: pip install 'artlint[lsp]')."""
    try:
        from .lsp import build_server
        server = build_server()
    except ImportError as exc:
        fail(f"the language server needs pygls ({exc.name} is missing): pip install 'artlint[lsp]'")
    server.start_io()


# `artlint languagetool ...` is imported when it is named or listed (help), not on every run (~2 ms)
Group.LAZY_COMMANDS = {"languagetool": (".languagetool.commands", "languagetool")}


if __name__ == "__main__":
    main()
