"""A notice kept as one Markdown file: the layout before `notices/` had one
file per section, and the form of most notices found elsewhere.

Front matter, if present, is metadata, not text. Each `##` heading starts a
section titled by it (id from `{ #id }` or from the title); text before the
first `##` (a `#` title aside) is the preamble.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .notice import Controller, Notice, NoticeMeta, Section, slug
from .sourcefile import split_front_matter
from .yamlsafe import YamlError, load_mapping

HEADING = re.compile(r"^##\s+(.+?)\s*(?:\{\s*#([a-z0-9-]+)[^}]*\})?\s*#*\s*$")
TITLE = re.compile(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$")


def read_single_file(text: str, path: Path, version: str = "", effective: dt.date | None = None) -> Notice:
    split = split_front_matter(text)
    meta = {}
    if split.front_matter is not None:
        try:
            meta = load_mapping(split.front_matter, split.front_matter_line).values
        except YamlError:
            meta = {}
    title, preamble, sections = "", [], []
    current: list[str] | None = None
    seen: set[str] = set()
    in_fence = False
    for line in split.body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            section_title = re.sub(r"[*_`]", "", heading.group(1)).strip().rstrip(":")
            section_id = _unique(heading.group(2) or slug(section_title), seen)
            current = []
            sections.append((section_id, section_title, current))
            continue
        top = None if in_fence or title else TITLE.match(line)
        if top and current is None:
            title = top.group(1)
            continue
        (preamble if current is None else current).append(line)
    built = tuple(Section(section_id, section_title, number, "\n".join(lines).strip("\n"), path, 0)
                  for number, (section_id, section_title, lines) in enumerate(sections, 1))
    preamble_text = "\n".join(preamble).strip("\n")
    notice_meta = NoticeMeta(
        title=str(meta.get("title") or title or path.stem),
        version=str(meta.get("version") or version),
        effective=_date(meta.get("effective")) or effective or dt.date.min,
        summary=str(meta.get("summary") or ""),
        controller=Controller("", "", ""),
        variables={},
        path=path,
    )
    preamble_section = Section("preamble", "Introduction", 0, preamble_text, path, 1) if preamble_text else None
    return Notice(notice_meta, built, preamble_section, path.parent)


def _unique(candidate: str, seen: set[str]) -> str:
    name, number = candidate, 2
    while name in seen:
        name, number = f"{candidate}-{number}", number + 1
    seen.add(name)
    return name


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
