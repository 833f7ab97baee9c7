"""The JSON reporter writes findings with its own indenting encoder
(reporters.json.indented): the text must be json.dumps(indent=2)'s, byte
for byte, on real reports and on random values of every kind it takes."""
import json
import random
from pathlib import Path

from linter.reporters import json as json_reporter

ROOT = Path(__file__).resolve().parent.parent


def random_value(rng, depth=0):
    kinds = ["str", "int", "float", "bool", "none"] + (["list", "dict", "tuple"] if depth < 3 else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return "".join(rng.choice(["a", "é", "\"", "\\", "\n", "\t", "\x01", "\u2028", "’", "😀", " ", "/"])
                       for _ in range(rng.randint(0, 6)))
    if kind == "int":
        return rng.choice([0, -1, 7, 2 ** 70, -(2 ** 65)])
    if kind == "float":
        return rng.choice([0.0, -0.0, 0.1, 1e-7, 1e22, 3.0, 0.30000000000000004, -2.5])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    items = [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    return {random_value(rng, 3) if rng.random() < 0.9 else "k": v for v in items} if rng.random() < 0.9 else \
        {str(n): v for n, v in enumerate(items)}


def test_indented_is_json_dumps_with_indent_two_at_every_level():
    rng = random.Random(11)
    for _ in range(3000):
        value = random_value(rng)
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}
        for level in (0, 1, 2):
            want = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
            assert json_reporter.dumped(value, level) == want, value


def test_values_it_leaves_to_json_dumps_come_out_as_json_dumps_writes_them():
    for value in [float("nan"), {"x": float("inf")}, {1: "a"}, {"k": {2: None}}, [True, -float("inf")]]:
        assert json_reporter.dumped(value, 1) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def test_a_report_of_the_seeds_is_the_json_dumps_of_its_object():
    from linter.cli import main  # noqa: F401 - the command line's own session set-up
    from linter.engine import Selection
    from linter.session import Session
    from linter.config import Config

    session = Session(selection=Selection(), config_for=lambda path: Config())
    report = session.lint_paths([str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))])
    assert len(report.findings) > 10
    text = json_reporter.render(report)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    whole = {"version": json.loads(text)["version"], "findings": [f.to_dict() for f in report.findings],
             "files": [e.to_dict() for e in report.files], "notices": list(report.notices),
             "warnings": list(report.warnings)}
    assert text == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
