"""Rule files: one YAML file a rule, id `<pack>.<file stem>`, validated when
loaded against the common fields plus the schema of the rule's check kind."""
from __future__ import annotations

from .records import field, fields, record
from pathlib import Path

import string

from .cache import cache_file, content_key, read_json, same_json, write_json
from .checks import KINDS, check_class
from .model import CATEGORIES, SEVERITIES, LintError

KNOWLEDGE_DIR = "knowledge"

COMMON_FIELDS = {
    "check": {"type": "string", "enum": sorted(KINDS)},
    "message": {"type": "string", "minLength": 1},
    "category": {"type": "string", "enum": list(CATEGORIES)},
    "severity": {"type": "string", "enum": list(SEVERITIES)},
    "description": {"type": "string", "minLength": 1},
    "link": {"type": "string"},
    "scope": {"type": "array", "items": {"type": "string"}},
    "enabled": {"type": "boolean"},  # false: runs only when selected (slow or experimental rules)
    "fix": {"enum": ["safe", "unsafe"]},  # the first suggestion is a fix: safe keeps the meaning, unsafe changes it
    "examples": {
        "type": "object",
        "properties": {
            "bad": {"type": "array", "items": {"$ref": "#/$defs/example"}, "minItems": 1},
            "good": {"type": "array", "items": {"$ref": "#/$defs/example"}},
        },
        "required": ["bad"],
        "additionalProperties": False,
    },
}
# An example is a text, or a text with the date (and file name) it is linted as.
EXAMPLE = {"oneOf": [
    {"type": "string"},
    {"type": "object", "properties": {"text": {"type": "string"}, "date": {"type": "string"},
                                      "path": {"type": "string"}},
     "required": ["text"], "additionalProperties": False},
]}
REQUIRED = ["check", "message", "category", "severity", "description", "examples"]


@record(frozen=True)
class Rule:
    id: str
    pack: str
    check: str
    message: str
    category: str
    severity: str
    description: str
    path: str
    link: str = ""
    enabled: bool = True
    examples: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    fix: str = ""  # "", "safe" or "unsafe"

    def with_severity(self, severity: str) -> "Rule":
        return Rule(**{**self.__dict__, "severity": severity})


def id_matches(rule_id: str, patterns) -> bool:
    """Whether a rule id is named by any of the patterns: the id itself, a
    prefix of it ending at a dot (a pack: `style`), or `all`/`*`. The one
    matcher for --select/--ignore, severities and in-text switches."""
    return any(rule_id == p or rule_id.startswith(p + ".") or p in ("all", "*") for p in patterns)


def shipped_rules_dir() -> Path:
    """The rule packs that ship with artlint (package data in a wheel, the
    repository's rules/ folder in a checkout)."""
    import importlib.util

    try:  # the package's folder, without importlib.resources (its zip support costs a one-file run ~10 ms)
        spec = importlib.util.find_spec("linter.packs")
    except ModuleNotFoundError:
        spec = None
    if spec is None:  # a checkout whose linter/ is imported from the source tree
        return Path(__file__).resolve().parent.parent / "rules"
    folders = list(spec.submodule_search_locations or ())
    if folders and Path(folders[0]).is_dir():
        return Path(folders[0])
    from importlib import resources  # a zipped install

    return Path(str(resources.files("linter.packs")))


def rule_files(folder: Path) -> list[tuple[str, Path]]:
    """(pack, path) of every rule file under folder: folder/<pack>/<rule>.yaml,
    or folder itself as one pack when it holds the YAML files directly."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LintError(f"{folder}: not a folder of rules")
    found = []
    direct = sorted(folder.glob("*.y*ml"))
    if direct:
        found += [(folder.name, p) for p in direct]
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name == KNOWLEDGE_DIR or sub.name.startswith((".", "_")):
            continue
        found += [(sub.name, p) for p in sorted(sub.glob("*.y*ml"))]
    return found


def load_rule(pack: str, path: Path) -> Rule:
    from .yamlutil import YAMLError, load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LintError(f"{path}: cannot read rule file: {exc}") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise LintError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise LintError(f"{path}: a rule file must be a mapping of fields")
    kind = data.get("check")
    if not isinstance(kind, str) or kind not in KINDS:
        raise LintError(f"{path}: field 'check': {kind!r} is not a check kind ({', '.join(sorted(KINDS))})")
    cls = check_class(kind)
    validate(path, data, cls)
    check_message(path, data["message"])
    check_example_dates(path, data["examples"])
    if data.get("fix") and not cls.fixable:
        raise LintError(f"{path}: field 'fix': {kind} rules make suggestions, not fixes")
    params = {k: v for k, v in data.items() if k not in COMMON_FIELDS}
    return Rule(
        id=f"{pack}.{path.stem}", pack=pack, check=kind, message=data["message"],
        category=data["category"], severity=data["severity"],
        description=data["description"].strip(), path=str(path), link=data.get("link", ""),
        enabled=data.get("enabled", True),
        examples=data["examples"], params=params, fix=data.get("fix", ""),
    )


def check_message(path: Path, message: str) -> None:
    """A message may use named {placeholders} only ({match}, {suggestion},
    and whatever its check kind supplies)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        raise LintError(f"{path}: field 'message': {exc} (write {{{{ and }}}} for literal braces)") from None
    for name in fields:
        if not name.isidentifier():
            raise LintError(f"{path}: field 'message': placeholder {{{name}}} is not a name such as {{match}}")


def check_example_dates(path: Path, examples: dict) -> None:
    from .dates import iso_date

    for key, items in examples.items():
        for n, example in enumerate(items):
            if isinstance(example, dict) and "date" in example and example["date"] != "none":
                try:
                    iso_date(example["date"])
                except ValueError:
                    raise LintError(f"{path}: field 'examples.{key}.{n}.date': {example['date']!r} is not a date (YYYY-MM-DD)") from None


def validate(path: Path, data: dict, cls) -> None:
    import jsonschema

    schema = {
        "$defs": {"example": EXAMPLE},
        "type": "object",
        "properties": {**COMMON_FIELDS, **cls.params.get("properties", {})},
        "required": REQUIRED + list(cls.required),
        "additionalProperties": False,
    }
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        raise LintError(f"{path}: {describe(errors[0])}")


def describe(error) -> str:
    """One line naming the field and what is wrong with it."""
    where = ".".join(str(p) for p in error.path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field {', '.join(map(repr, extra))}" + (f" in '{where}'" if where else "")
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing") + (f" in '{where}'" if where else "")
    return f"field '{where}': {error.message}"


def load_rules(folders: list[Path]) -> list[Rule]:
    """Every rule in the folders; the first error is raised as LintError.
    A later folder's rule with the same id replaces an earlier one.
    Validated rules are cached (see cached_rules): a run whose rule files
    are those of an earlier run reads them back without YAML or schemas."""
    files = []
    for folder in folders:
        try:
            files += rule_files(folder)
        except LintError:  # after the errors of the folders before it, as they load
            for pack, path in files:
                load_rule(pack, path)
            raise
    key = rules_cache_key(files)
    where = cache_file(f"rules-{key[:24]}.json") if key else None
    rules = cached_rules(where, key) if where else None
    if rules is not None:
        return rules
    loaded: dict[str, Rule] = {}
    for pack, path in files:
        rule = load_rule(pack, path)
        loaded[rule.id] = rule
    rules = list(loaded.values())
    if where:
        write_rules(where, key, rules)
    return rules


# ---- the cache of validated rules: JSON of the Rule fields ---------------
# Keyed by the content of every rule file and of the code that validates
# them (this module, the check kinds' schemas), the Python version (regex
# syntax) and artlint's version; a file that does not match is ignored.

RULES_CACHE_VERSION = 1
RULE_FIELDS = fields(Rule)
FIELD_TYPES = {**dict.fromkeys(RULE_FIELDS, str), "enabled": bool, "examples": dict, "params": dict}


def rules_cache_key(files: list[tuple[str, Path]]) -> str | None:
    import sys

    from . import __version__

    code = sorted(Path(__file__).resolve().parent.joinpath("checks").glob("*.py"))
    label = f"rules v{RULES_CACHE_VERSION} artlint {__version__} python {sys.version_info[:3]} " + \
        " ".join(f"{pack}:{path}" for pack, path in files)
    return content_key(label, [Path(__file__), *code, *(path for _, path in files)])


def cached_rules(where: Path, key: str) -> list[Rule] | None:
    """The rules of a cache file of this key, None unless each item has
    exactly the Rule fields, of the right types."""
    data = read_json(where, key)
    if not isinstance(data, list):
        return None
    rules = []
    for item in data:
        if not isinstance(item, dict) or set(item) != set(RULE_FIELDS) or any(
                not isinstance(item[name], FIELD_TYPES[name]) for name in RULE_FIELDS):
            return None
        rules.append(Rule(**item))
    return rules


def write_rules(where: Path, key: str, rules: list[Rule]) -> None:
    """Only rules that come back from JSON exactly as they are (no YAML
    dates, tuples or number keys in their fields) are cached."""
    import json

    data = [{name: getattr(rule, name) for name in RULE_FIELDS} for rule in rules]
    try:
        back = json.loads(json.dumps(data))
    except (TypeError, ValueError):
        return
    if same_json(back, data):
        write_json(where, key, data)
