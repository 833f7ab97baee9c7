"""Configuration: `.artlint.yaml` (or `[tool.artlint]` in pyproject.toml)
found by walking up from a file's folder, or one file given with --config."""
from __future__ import annotations

import datetime as dt
import fnmatch
from .records import field, record
from pathlib import Path

from .dates import iso_date
from .model import SEVERITIES, LintError

CONFIG_NAMES = (".artlint.yaml", ".artlint.yml")

SCHEMA = {
    "type": "object",
    "properties": {
        "select": {"type": "array", "items": {"type": "string"}},
        "ignore": {"type": "array", "items": {"type": "string"}},
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}},
        "rules": {"type": "array", "items": {"type": "string"}},
        "knowledge": {"type": "array", "items": {"type": "string"}},
        "fail_level": {"enum": list(SEVERITIES)},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "date": {"type": ["string", "null"]},
        "date_fallback": {"enum": ["today", "none"]},
        "vocabulary": {
            "type": "object",
            "properties": {"accept": {"type": "array", "items": {"type": "string"}},
                           "reject": {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": False,
        },
        "languagetool": {"type": "object"},
        "max_file_size": {"type": "integer", "minimum": 0},     # bytes; 0: no limit (linter.limits)
        "max_line_length": {"type": "integer", "minimum": 0},   # characters linted of a line; 0: no limit
        "time_budget": {"type": "number", "minimum": 0},        # seconds of rule time a file; 0: no limit
    },
    "additionalProperties": False,
}


@record
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=list)  # rule-id prefixes; empty = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rule_dirs: list[Path] = field(default_factory=list)
    knowledge_dirs: list[Path] = field(default_factory=list)
    fail_level: str = "warning"
    exclude: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_fallback: str = "today"  # an undated file: judged as of today, or not judged ("none")
    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    languagetool: dict = field(default_factory=dict)
    max_file_size: int | None = None  # None: linter.limits' default
    max_line_length: int | None = None
    time_budget: float | None = None

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def excluded(self, file: Path) -> bool:
        try:
            rel = file.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
            rel = file.as_posix()
        return any(fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(file.name, glob) for glob in self.exclude)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a folder)."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and has_artlint_table(pyproject):
            return pyproject
    return None


def has_artlint_table(pyproject: Path) -> bool:
    text = pyproject.read_text(encoding="utf-8", errors="replace")
    if "artlint" not in text or not could_hold_artlint_table(text):
        return False
    import tomllib

    try:
        return "artlint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "[tool.artlint]" in text  # load_config reports the bad TOML


def could_hold_artlint_table(text: str) -> bool:
    """Whether TOML text can define tool.artlint: a `tool.artlint` key path
    (a table header or a dotted key, keys quoted or not), a `[tool]` table
    or a `tool = {...}` inline table, or escapes that could spell either.
    A pyproject.toml that only names the package (a dependency) is then
    not parsed (tomllib's import and parse: a few ms of a one-file run)."""
    import re

    from .regexcache import compiled

    if "\\u" in text or "\\U" in text:
        return True
    return bool(compiled(r"""["']?tool["']?\s*\.\s*["']?artlint|^\s*\[\s*["']?tool["']?\s*\]|"""
                         r"""^\s*["']?tool["']?\s*=""", re.MULTILINE).search(text))


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = read_settings(path)
    validate(path, data)
    base = path.parent
    for key in ("rules", "knowledge"):
        for folder in data.get(key, []):
            if not (base / folder).is_dir():
                raise LintError(f"{path}: field '{key}': {folder!r} is not a folder (relative to {base})")
    vocab = data.get("vocabulary", {})
    return Config(
        path=path,
        select=data.get("select", []),
        ignore=data.get("ignore", []),
        severity=data.get("severity", {}),
        rule_dirs=[(base / p) for p in data.get("rules", [])],
        knowledge_dirs=[(base / p) for p in data.get("knowledge", [])],
        fail_level=data.get("fail_level", "warning"),
        exclude=data.get("exclude", []),
        date=parse_date(path, data.get("date")),
        date_fallback=data.get("date_fallback", "today"),
        accept=vocab.get("accept", []),
        reject=vocab.get("reject", []),
        languagetool=data.get("languagetool", {}),
        max_file_size=data.get("max_file_size"),
        max_line_length=data.get("max_line_length"),
        time_budget=data.get("time_budget"),
    )


def read_settings(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LintError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            return tomllib.loads(text).get("tool", {}).get("artlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise LintError(f"{path}: not valid TOML: {exc}") from None
    from .yamlutil import YAMLError, load_yaml  # YAML only for a YAML configuration

    try:
        data = load_yaml(text)
    except YAMLError as exc:
        raise LintError(f"{path}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LintError(f"{path}: the configuration must be a mapping of settings")
    return data


def validate(path: Path, data: dict) -> None:
    import jsonschema

    from .rules import describe

    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if errors:
        raise LintError(f"{path}: {describe(errors[0])}")
    if data.get("languagetool"):
        from .languagetool import parse_settings

        parse_settings(data["languagetool"], str(path))  # a typo here is an error even while grammar is off


def parse_date(path: Path, value) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return iso_date(value)
    except ValueError:
        raise LintError(f"{path}: field 'date': {value!r} is not a date (YYYY-MM-DD)") from None
