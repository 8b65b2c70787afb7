"""Reading source files safely: UTF-8 only, no symlinks out of the tree,
front matter split from the body with line numbers kept."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem


class SourceError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_text(path: Path, root: Path) -> str:
    """The file's text; raises SourceError for a symlink leaving `root`,
    or a file that is not UTF-8 (pointing at the line of the first bad byte)."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            raise SourceError(Problem(path, 0, f"symlink points outside {root.name}/ (to {target})",
                                      "copy the file into the folder instead of linking to it"))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                  "save the file as UTF-8 in your editor")) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Split:
    front_matter: str | None  # None when the file has none
    front_matter_line: int  # file line of the first front-matter line
    body: str
    body_line: int  # file line of the first body line


def split_front_matter(text: str) -> Split:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, 0, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    return Split(None, 0, text, 1)  # an opening --- alone is just a rule
