"""YAML as artlint reads it: libyaml's fast safe loader when present, and
dates left as strings, so that a bad date ("2025-13-01") is reported by the
code that reads the field instead of crashing the YAML parser."""
from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    pass


Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

YAMLError = yaml.YAMLError


def load_yaml(text: str):
    return yaml.load(text, Loader=Loader)
