"""YAML as artlint reads it: libyaml's fast safe loader when present, and
dates left as strings, so that a bad date ("2025-13-01") is reported by the
code that reads the field instead of crashing the YAML parser.

Aliases are counted as they would be expanded before anything is built: a
"billion laughs" document (a few lines whose aliases expand to billions of
nodes) or a recursive alias is refused with a YAMLError, so neither memory
nor an error message that prints the data can blow up."""
from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 200_000  # nodes of the document once every alias is expanded


class Loader(_Base):
    pass


Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

YAMLError = yaml.YAMLError


class YAMLBomb(yaml.YAMLError):
    """A document whose aliases expand past MAX_NODES, or refer to themselves."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def expanded_size(root, limit: int = MAX_NODES) -> int:
    """Nodes of the graph under `root` counting each alias as a copy of what
    it names; raises YAMLBomb past `limit` or on a cycle. Linear in the
    distinct nodes (sizes are memoised), whatever the expansion."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = node_children(node)
        if not children_done:
            if key in in_progress:
                raise YAMLBomb("an alias refers to the node that contains it (recursive alias)")
            in_progress.add(key)
            stack.append((node, True))
            for child in children:
                if id(child) in in_progress:
                    raise YAMLBomb("an alias refers to the node that contains it (recursive alias)")
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        in_progress.discard(key)
        sizes[key] = 1 + sum(sizes[id(c)] for c in children)
        if sizes[key] > limit:
            raise YAMLBomb(f"aliases expand to more than {limit:,} nodes (a YAML bomb?)")
    return sizes[id(root)]


def node_children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(text: str, limit: int = MAX_NODES):
    """The one document in `text` (None if empty), refused as a YAMLBomb when
    its aliases expand past `limit` nodes."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # no alias, no expansion to measure
            expanded_size(node, limit)
        return loader.construct_document(node)
    finally:
        loader.dispose()
