"""`artlint explain RULE`: what the rule finds, why, and examples."""
from __future__ import annotations

import textwrap

from .examples import example_parts


def explain_rule(rule) -> str:
    lines = [f"{rule.id}  ({rule.category}, {rule.severity}, check: {rule.check})", ""]
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
