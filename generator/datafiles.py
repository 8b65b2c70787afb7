"""A project's own data files (notices/significance.yml, notices/disclosures/*.yml),
read as strictly as the notice: a regular UTF-8 file inside notices/, safe YAML
without anchors or tags, and the shape the reader expects, or one
`path:line: what (fix)` problem."""
from __future__ import annotations

from pathlib import Path

from .problems import NoticeError, Problem
from .sourcefile import SourceError, read_text
from .yamlsafe import Mapping, YamlError, load_mapping


def read_mapping(path: Path, root: Path) -> Mapping:
    try:
        text = read_text(path, root)
    except SourceError as exc:
        raise NoticeError(exc.problems) from None
    try:
        return load_mapping(text)
    except YamlError as exc:
        raise NoticeError([Problem(path, exc.line, exc.message, exc.fix)]) from None


def shape_error(path: Path, mapping: Mapping, key: str, what: str, example: str) -> NoticeError:
    """The problem at `key`'s line, or the first line below it (a list item's)."""
    line = mapping.line_of(key) if key in mapping.lines else \
        min((number for name, number in mapping.lines.items() if name.startswith(key + ".")), default=1)
    return NoticeError([Problem(path, line, f"`{key or 'the file'}` must be {what}", f"for example {example}")])
