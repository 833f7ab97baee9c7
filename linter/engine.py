"""The pipeline, on one screen:

    files ─▶ read (Document) ─▶ date ─▶ checks of the selected rules ─▶
          in-text switches ─▶ merge grammar duplicates ─▶ de-duplicate ─▶ sort ─▶ Report

Rules and configuration come from linter.rules and linter.config; the
reporters turn the Report into text, JSON, SARIF or GitHub annotations."""
from __future__ import annotations

from .records import record

from . import analyses, suppress
from .checks import check_class
from .config import Config
from .context import Context
from .document import Document
from .limits import TIME_BUDGET, OverBudget, TimeBudget, setting
from .model import Finding, LintError
from .readers import read_source
from .regexes import RegexTimeout
from .rules import Rule, id_matches, load_rules, shipped_rules_dir


@record
class Selection:
    """Command-line choices that narrow or override the configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    date: object = None  # datetime.date from --date
    fmt: str | None = None  # reader format forced for every input
    date_fallback: str | None = None  # --date-fallback: today | none (default: the configuration's)
    page: bool | None = None  # HTML: lint a whole web page's article body (None: when it is one)


matches = id_matches


def check_rule_names(rules: list[Rule], config: Config, selection: Selection) -> None:
    """Every id or pack named in --select/--ignore or the configuration
    must name at least one rule: a typo would silently turn rules off."""
    ids = [r.id for r in rules]
    named = [("--select", p) for p in selection.select] + [("--ignore", p) for p in selection.ignore]
    where = config.path or "configuration"
    named += [(f"{where}: select", p) for p in config.select] + [(f"{where}: ignore", p) for p in config.ignore]
    named += [(f"{where}: severity", p) for p in config.severity]
    for option, pattern in named:
        if not any(matches(i, (pattern,)) for i in ids):
            from difflib import get_close_matches

            close = get_close_matches(pattern, sorted({i.split(".")[0] for i in ids} | set(ids)), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else " (see `artlint rules`)"
            raise LintError(f"{option}: {pattern!r} names no rule or pack{hint}")


def select_rules(rules: list[Rule], config: Config, selection: Selection) -> list[Rule]:
    chosen = []
    for rule in rules:
        wanted = selection.select or config.select
        if wanted and not matches(rule.id, wanted):
            continue
        if not wanted and not (rule.enabled or check_class(rule.check).wanted(config)):
            continue
        if matches(rule.id, (*config.ignore, *selection.ignore)):
            continue
        chosen.append(apply_severity(rule, config.severity))
    return chosen


def apply_severity(rule: Rule, overrides: dict[str, str]) -> Rule:
    """The most specific override (longest matching id prefix) wins."""
    best = max((p for p in overrides if matches(rule.id, (p,))), key=len, default=None)
    return rule.with_severity(overrides[best]) if best else rule


def chosen_rules(config: Config, selection: Selection) -> list[Rule]:
    """The rules of a configuration that the selection keeps (a bad rule
    or a name that names no rule raises LintError)."""
    every_rule = load_rules([shipped_rules_dir(), *config.rule_dirs])
    check_rule_names(every_rule, config, selection)
    return select_rules(every_rule, config, selection)


class RuleSet:
    """The selected rules of one configuration, with their check objects."""

    def __init__(self, config: Config, selection: Selection, rules: list[Rule] | None = None):
        self.config = config
        self.context = Context(config)
        self.rules = rules = chosen_rules(config, selection) if rules is None else rules
        self.context.rules = list(rules)
        self.checks = [self.build(rule) for rule in rules]
        self.budget = TimeBudget(setting(config, "time_budget", TIME_BUDGET))

    def build(self, rule: Rule):
        try:
            return check_class(rule.check)(rule, self.context)
        except ValueError as exc:
            raise LintError(f"{rule.path}: {exc}") from None

    GROUP = 10  # documents that go through all the checks together: their analyses are the working set

    def run(self, docs: list[Document], errors: list[str]) -> dict[str, list[Finding]]:
        """Findings per document path; a check's failure becomes an error line.

        The documents go through the checks GROUP at a time, so only one
        group's analyses are alive; a check's `prepare` (boilerplate compares
        the pages of a batch, grammar sends them together) still sees the
        whole batch, at its turn in the first group. The error lines come in
        the order of one pass over the whole batch: by check, then document."""
        found = {doc.path: [] for doc in docs}
        self.budget.used.clear()  # a budget per file and run: a long-lived RuleSet lints a path many times
        analyses.check_names(name for check in self.checks for name in check.analyses)
        done_after = analyses.last_uses([check.analyses for check in self.checks])
        errors_of = [[] for _ in self.checks]
        stopped: set[int] = set()  # checks a rule error stopped for the rest of the batch
        for start in range(0, len(docs), self.GROUP):
            group = docs[start:start + self.GROUP]
            for n, check in enumerate(self.checks):
                if n not in stopped and not self.run_check(check, group, found, errors_of[n], docs):
                    stopped.add(n)
                analyses.drop(group, done_after.get(n, ()))  # no later check reads them
            analyses.drop(group, analyses.BUILDERS)  # nor a later group: memory per group
        self.budget.disarm()
        errors += [line for lines in errors_of for line in lines]
        return found

    def run_check(self, check, docs: list[Document], found: dict, errors: list[str], batch=None) -> bool:
        """Run one check on `docs` (its `prepare` on `batch`, the whole
        batch); False when a rule error stopped it."""
        nlp = self.nlp_for(check)
        if nlp is False:
            return True
        try:
            analyses.prepare(docs, check.analyses)  # built once a document, before the first check that reads them
            if hasattr(check, "prepare"):
                check.prepare(batch or docs)  # a no-op once the batch is prepared
            for doc in docs:
                found[doc.path].extend(self.run_budgeted(check, doc, nlp, errors))
        except LintError as exc:  # a rule error: reported once, the rule stops
            errors.append(str(exc))
            return False
        return True

    @staticmethod
    def run_one(check, doc: Document, nlp, errors: list[str]) -> list[Finding]:
        """One check on one document; a crash costs that pair only."""
        try:
            return list(check.run(doc, nlp))
        except LintError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in a check must not stop the other files
            errors.append(f"{doc.path}: rule {check.rule.id} failed: {type(exc).__name__}: {exc}")
            return []

    def run_budgeted(self, check, doc: Document, nlp, errors: list[str]) -> list[Finding]:
        """run_one within the file's time budget (linter.limits): once it is
        used up, the file's remaining rules are skipped, with one error line."""
        if self.budget.spent(doc.path):
            return []
        try:
            start = self.budget.begin(doc.path)  # budget.charge, without a context manager per check and file
            try:
                found = self.run_one(check, doc, nlp, errors)
            finally:
                self.budget.end(doc.path, start)
        except OverBudget:
            found = []
        except RegexTimeout as exc:
            raise LintError(f"{doc.path}: rule {check.rule.id} ({check.rule.path}): {exc}") from None
        if self.budget.spent(doc.path):
            errors.append(f"{doc.path}: time budget of {self.budget.seconds:g} s (setting time_budget) used up "
                          f"in rule {check.rule.id}; the file's other rules were skipped")
        return found

    def nlp_for(self, check):
        """The spaCy pipeline for a check that needs one; False to skip it."""
        if not check.needs_nlp:
            return None
        nlp = self.context.nlp
        return nlp if nlp is not None else False


def finish(doc: Document, findings: list[Finding]) -> list[Finding]:
    """The post-processing chain, each step a small pure function."""
    findings = suppress.apply(doc, findings)
    findings = merge_grammar_duplicates(findings)
    findings = list(dict.fromkeys(findings))
    return sorted(findings, key=lambda f: f.sort_key)


def merge_grammar_duplicates(findings: list[Finding]) -> list[Finding]:
    """LanguageTool often reports what an artlint rule already said (a
    non-word is also a spelling mistake): keep artlint's finding."""
    others = [f for f in findings if f.category != "grammar"]

    def duplicated(g: Finding) -> bool:
        return any(o.line == g.line and o.column <= g.end_column and g.column <= o.end_column for o in others)

    return [f for f in findings if f.category != "grammar" or not duplicated(f)]


def date_document(doc: Document, config: Config, selection: Selection, notices) -> None:
    from .dates import parse_any, resolve

    text = "\n".join(block.text for block in doc.blocks)
    raw = doc.metadata.get("date")
    fallback = selection.date_fallback or config.date_fallback
    found = resolve(selection.date, doc.metadata, text, config.date, fallback)
    if raw and not selection.date and not parse_any(raw):
        origin = doc.metadata.get("date_origin", "front matter")
        notices.add(f"{doc.path}: the {origin} date {raw!r} is not a date; facts judged as of "
                    f"{found.date or 'no date'} (from {found.source})")
    doc.metadata["date"] = found.date
    doc.metadata["date_source"] = found.source
    doc.metadata["date_confidence"] = found.confidence
    for warning in doc.metadata.pop("warnings", ()):  # from the reader or linter.limits
        notices.add(warning)


def lint_documents(docs: list[Document], ruleset: RuleSet, selection: Selection) -> tuple[list[Finding], list[str]]:
    for doc in docs:
        date_document(doc, ruleset.config, selection, ruleset.context.notices)
    errors: list[str] = []
    per_doc = ruleset.run(docs, errors)
    findings = [f for doc in docs for f in finish(doc, per_doc[doc.path])]
    return findings, errors


def lint_text(text: str, *, path: str = "draft.txt", fmt: str | None = None, date=None,
              select=(), config: Config | None = None) -> list[Finding]:
    """Lint a string (for tests and embedding); raises LintError on bad rules."""
    selection = Selection(select=tuple(select), date=date, fmt=fmt)
    ruleset = RuleSet(config or Config(), selection)
    findings, errors = lint_documents([read_source(path, text, fmt)], ruleset, selection)
    if errors:
        raise LintError(errors[0])
    return findings


def __getattr__(name):
    """engine.Linter, the Session's old name, is imported only when asked
    for: linter.session imports this module, so it cannot be imported here."""
    if name == "Linter":
        from .session import Linter

        return Linter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
