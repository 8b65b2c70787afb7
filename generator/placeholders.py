"""Text that stands for something not filled in yet ("FILL IN: the postal
address"), as `noticegen init` and `noticegen import` write it. `check`
reports every one with its file and line until it is replaced, so a notice
with a made-up controller or address is never published."""
from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

MARKER = re.compile(r"FILL IN:|fill-in@example\.com")  # as fill_in and the skeleton write them


def fill_in(what: str) -> str:
    return f"FILL IN: {what}"


def is_placeholder(value: str) -> bool:
    """Whether `value` still stands for something not filled in: no value yet."""
    return bool(MARKER.search(value))


def problems_in_files(paths) -> list[Problem]:
    """Every line of `paths` that still holds a placeholder."""
    found = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the readers
        for number, line in enumerate(lines, start=1):
            if MARKER.search(line) and not line.lstrip().startswith("#"):
                found.append(Problem(Path(path), number, f"a placeholder is not filled in: {_quoted(line)}",
                                     "replace it with the real value"))
    return found


def _quoted(line: str) -> str:
    """The line, or for a long one its placeholder: what it asks for is the
    part to read (the workflow's install line said only "(this one c" when
    cut at 80 characters from its start)."""
    text = line.strip()
    if len(text) > 80:
        text = text[MARKER.search(text).start():].rstrip("'\" ")[:200]
    return repr(text)
