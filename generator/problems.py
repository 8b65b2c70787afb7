"""Problems found in the user's input, reported as `path:line: what (how to fix)`.

Every check collects problems instead of stopping at the first, so an author
sees everything wrong with a notice in one run.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import NoticegenError


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int  # 1-based; 0 for the file as a whole (shown as line 1)
    message: str
    fix: str = ""
    column: int = 0  # 1-based where known, for the order only (the message says it)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

    def sort_key(self) -> tuple:
        # File, line, column order, numbers in the message as numbers: by the message's text,
        # "column 100" came before "column 15", so the first problems shown were not the first.
        return self.path, self.line, self.column, _numbers_as_numbers(self.message), self.fix

    def format(self, relative_to: Path | None = None) -> str:
        # Always path:line, so editors and CI annotations can jump to it.
        text = f"{display_path(self.path, relative_to)}:{max(self.line, 1)}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class NoticeError(NoticegenError):
    """The input cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def _numbers_as_numbers(text: str) -> tuple:
    # re.split with a group alternates text and digits, so like parts meet like in a comparison.
    return tuple(int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", text)))


def display_path(path: Path, relative_to: Path | None = None) -> str:
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(path).is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
