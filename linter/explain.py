"""Rule help, rendered in one place: `artlint explain RULE` (what the rule
finds, why, and examples) and the help text and Markdown SARIF gives each
rule (rule_help)."""
from __future__ import annotations

import textwrap


def explain_rule(rule) -> str:
    from .examples import example_parts  # lazily: it pulls in the engine

    fix = f", fix: {rule.fix}" if getattr(rule, "fix", "") else ""
    lines = [f"{rule.id}  ({rule.category}, {rule.severity}, check: {rule.check}{fix})", ""]
    lines += textwrap.wrap(rule.description, 78)
    for title, key in (("Flagged", "bad"), ("Fine", "good")):
        examples = rule.examples.get(key, [])
        if examples:
            lines += ["", f"{title}:"]
            lines += [f"  {example_parts(e)[0]}" + (f"  (as of {e['date']})" if isinstance(e, dict) and "date" in e else "")
                      for e in examples]
    if rule.link:
        lines += ["", f"More: {rule.link}"]
    lines += ["", f"Defined in {rule.path}"]
    return "\n".join(lines)


def rule_help(rule, markdown: bool = False) -> str:
    """The description, the examples (flagged and not) and the link, as
    plain text or Markdown."""
    lines = [rule.description]
    examples = rule.examples or {}
    for kind, label in (("bad", "Flagged"), ("good", "Not flagged")):
        if not examples.get(kind):
            continue
        if markdown:
            lines += ["", f"**{label}:**", ""] + [f"- {markdown_code(text)}{when}" for text, when in map(example_text, examples[kind])]
        else:
            lines += ["", f"{label}:"] + [f"  {text}{when}" for text, when in map(example_text, examples[kind])]
    if rule.link:
        lines += ["", f"[More about this rule]({rule.link})" if markdown else f"More: {rule.link}"]
    return "\n".join(lines)


def example_text(example) -> tuple[str, str]:
    """(text, " (as of DATE)" or "") of a rule example, a string or a
    {text, date[, path]} object."""
    from .examples import example_parts  # lazily: it pulls in the engine

    text, date, _ = example_parts(example)
    return text, f" (as of {date})" if isinstance(example, dict) and "date" in example else ""


def markdown_code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
