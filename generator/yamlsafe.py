"""Strict, safe YAML for notice metadata and front matter.

PyYAML's safe loader still lets through things that hurt here: duplicate keys
(the last silently wins), anchors and aliases (an "alias bomb" expands when
walked), and tags such as `!!python/object`. We refuse all three while
*parsing events*, before anything is built, and keep the line of every key so
errors can point at it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


# libyaml's parser when PyYAML has it: the same events and nodes, much faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    def __init__(self, line: int, message: str, fix: str = ""):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


@dataclass(frozen=True)
class Mapping:
    """A loaded YAML mapping: plain values plus the line of each key.
    Shared between callers (loads are cached): read it, never change it."""

    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # "key" or "key.sub" -> line
    line: int = 1  # where the mapping starts
    raw: dict[str, str] = field(default_factory=dict)  # scalar values as written

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def sub(self, path: str, values: dict) -> "Mapping":
        """The mapping at `path` ("sites.0" is the first item of `sites`),
        with its own key lines."""
        prefix = path + "."
        lines = {k[len(prefix):]: v for k, v in self.lines.items() if k.startswith(prefix)}
        raw = {k[len(prefix):]: v for k, v in self.raw.items() if k.startswith(prefix)}
        return Mapping(values, lines, min(lines.values(), default=self.line_of(path)), raw)


def load_mapping(text: str, first_line: int = 1) -> Mapping:
    """Parse `text` (one YAML document) into a Mapping; lines are file lines
    when `first_line` is the file line where `text` starts."""
    return _load_cached(text, first_line)


@functools.lru_cache(maxsize=4096)
def _load_cached(text: str, first_line: int) -> Mapping:
    # A history reads the same front matter in version after version.
    offset = first_line - 1
    try:
        _refuse_unsafe_events(text, offset)
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "never closed": point at where it was opened
        line = mark.line + 1 + offset if mark else first_line
        raise YamlError(line, f"malformed YAML: {exc.problem or exc.context}",
                        "check indentation, colons and quotes on this line") from None
    if root is None:
        return Mapping({}, {}, first_line)
    if not isinstance(root, MappingNode):
        raise YamlError(root.start_mark.line + 1 + offset,
                        "expected `key: value` lines, found a single value or a list")
    lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    values = _mapping(root, "", lines, raw, offset)
    return Mapping(values, lines, root.start_mark.line + 1 + offset, raw)


# The deepest a notice's YAML goes is 4 levels (sites: - variables: key);
# libyaml allows 1000, and walking 700 overflowed Python's recursion.
MAX_DEPTH = 20


def _refuse_unsafe_events(text: str, offset: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(line, f"YAML nested more than {MAX_DEPTH} levels deep",
                                "write the lists and mappings flat: no notice needs more than a few levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(line, f"YAML alias *{event.anchor} is not allowed",
                            "write the value out in full")
        if getattr(event, "anchor", None):
            raise YamlError(line, f"YAML anchor &{event.anchor} is not allowed",
                            "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlError(line, f"YAML tag {_short_tag(tag)} is not allowed",
                            "remove the tag; quote the value if it must stay text")


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _mapping(node: MappingNode, prefix: str, lines: dict, raw: dict, offset: int) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, ScalarNode):
            raise YamlError(line, "a key must be plain text")
        key = str(key_node.value)
        path = f"{prefix}{key}"
        if key in result:
            raise YamlError(line, f"duplicate key `{path}` (first on line {lines[path]})",
                            "keep one of them")
        lines[path] = line
        if isinstance(value_node, ScalarNode):
            raw[path] = value_node.value
        result[key] = _value(value_node, path + ".", lines, raw, offset)
    return result


def _value(node: Node, prefix: str, lines: dict, raw: dict, offset: int) -> Any:
    if isinstance(node, MappingNode):
        return _mapping(node, prefix, lines, raw, offset)
    if isinstance(node, SequenceNode):
        return [_value(item, f"{prefix}{i}.", lines, raw, offset) for i, item in enumerate(node.value)]
    try:
        return SafeConstructor().construct_object(node)
    except ValueError:  # only timestamps fail this way: 2013-13-01, 2013-02-30
        raise YamlError(node.start_mark.line + 1 + offset,
                        f"`{node.value}` is not a valid date",
                        "write dates as YYYY-MM-DD, for example 2013-11-19") from None


# MkDocs settings may use anchors and aliases (shared extension options), so
# they are not refused there; what they expand to is bounded instead: a
# 1 KB mkdocs.yml of aliases of aliases is a hundred million values once
# walked (a build hung), and an alias inside its own anchor never ends.
MAX_EXPANDED = 100_000
MAX_SETTINGS_DEPTH = 50


def expansion_problem(text: str) -> YamlError | None:
    """What is wrong with `text`'s shape as YAML a reader walks in full:
    nested too deep, an alias inside the value it names, or more values
    than MAX_EXPANDED once aliases are expanded. From the event stream
    (no recursion, nothing built); None for malformed YAML, which its
    reader reports."""
    sizes: dict[str, int] = {}  # anchor -> values it expands to
    stack: list[list] = [[None, 0]]  # open collections: [anchor, values so far]
    try:
        for event in yaml.parse(text, Loader=Loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 0])
                if len(stack) - 1 > MAX_SETTINGS_DEPTH:
                    return YamlError(line, f"YAML nested more than {MAX_SETTINGS_DEPTH} levels deep",
                                     "write the settings flatter")
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = stack.pop()
                size += 1
                if anchor:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    sizes[event.anchor] = size
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:
                    if any(anchor == event.anchor for anchor, _ in stack):
                        return YamlError(line, f"YAML alias *{event.anchor} is inside the value &{event.anchor} "
                                               "names: it never ends", "write the value out in full")
                    continue  # an unknown anchor: the reader says so
                size = sizes[event.anchor]
            else:
                continue
            stack[-1][1] += size
            if stack[-1][1] > MAX_EXPANDED:
                return YamlError(line, f"YAML aliases here expand to more than {MAX_EXPANDED:,} values",
                                 "write the values out, or use fewer aliases of aliases")
    except yaml.YAMLError:
        return None
    return None
