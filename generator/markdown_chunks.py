"""Markdown converted in chunks, each distinct chunk once per process.

A notice page is a few small chunks (title, dates, contents) and one chunk
per section. Fifty sites and ten versions show mostly the same sections, so
converting each distinct chunk once, and joining the HTML, saves most of the
Markdown work of a build. The result is the HTML of the whole page converted
at once, byte for byte, whenever the chunks are independent; where they are
not, the page is converted whole:

- a chunk defines a link reference, footnote or abbreviation (used page-wide);
- two chunks would give an element the same id (Markdown's toc renames the
  second one, which it can only do seeing both);
- an extension not known to be block-local is configured.

A chunk must start a new block: pages pass headings and their sections, or
paragraphs, never half a list.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import markdown
from markdown.extensions.toc import nest_toc_tokens

from . import cache

# Extensions whose output for a block does not depend on other blocks.
BLOCK_LOCAL = {"toc", "tables", "fenced_code", "admonition", "attr_list", "sane_lists", "def_list",
               "generator.safety", "markdown.extensions.toc", "markdown.extensions.tables",
               "markdown.extensions.fenced_code", "markdown.extensions.admonition",
               "markdown.extensions.attr_list", "markdown.extensions.sane_lists", "markdown.extensions.def_list"}
DEFINITION = re.compile(r"^ {0,3}\*?\[[^\]\n]+\]:", re.M)
ID = re.compile(r'\sid="([^"]*)"')


def whole(page: str | Sequence[str]) -> str:
    """The Markdown of a page given whole or in chunks."""
    return page if isinstance(page, str) else "\n\n".join(page) + "\n"


@dataclass(frozen=True)
class Converted:
    html: str
    toc: list  # Python-Markdown's toc tokens, nested
    ids: frozenset  # every id="" in the HTML
    notes: tuple  # what the `recorder` noted, one entry per converted piece, in order
    defines: bool = False  # has a definition used page-wide (link reference, footnote, abbreviation)


class ChunkedMarkdown:
    """`recorder`, if given, is a Treeprocessor factory: it is registered on
    the converter, `reset()` before and `note()` after each conversion."""

    def __init__(self, extensions: Sequence, configs: dict | None = None,
                 recorder: Callable[[markdown.Markdown], object] | None = None, output_format: str = "xhtml",
                 note_type: type | None = None):
        self.md = markdown.Markdown(extensions=list(extensions), extension_configs=configs or {},
                                    output_format=output_format)
        self.recorder = recorder(self.md) if recorder else None
        names = {name if isinstance(name, str) else "" for name in extensions}
        self.chunked = names <= BLOCK_LOCAL
        self.cache: dict[str, Converted] = {}
        # Kept between builds too (generator/cache.py), when every extension
        # is one known to depend on its text alone (none reads files) and the
        # recorder's notes can be read back (`note_type`, a dataclass of
        # strings and tuples of them).
        self.setup = [repr(list(extensions)), repr(configs or {}), output_format, note_type.__name__ if note_type else "",
                      f"markdown {markdown.__version__}"]
        self.persistent = self.chunked and (recorder is None or note_type is not None) and " at 0x" not in repr(self.setup)
        self.note_type = note_type

    def convert(self, chunks: str | Sequence[str]) -> Converted:
        if isinstance(chunks, str) or not self.chunked or len(chunks) == 1:
            return self._convert(whole(chunks))
        parts = [self._convert(chunk + "\n") for chunk in chunks]
        ids = frozenset().union(*(part.ids for part in parts))
        if any(part.defines for part in parts) or sum(len(part.ids) for part in parts) != len(ids):
            return self._convert(whole(chunks))
        flat = [token for part in parts for token in _flatten(part.toc)]
        return Converted("\n".join(part.html for part in parts if part.html), nest_toc_tokens(flat), ids,
                         tuple(note for part in parts for note in part.notes))

    def _convert(self, text: str) -> Converted:
        if text not in self.cache:
            if self.persistent:
                self.cache[text] = cache.cached("markdown", (self.setup, text), lambda: self._converted(text),
                                                encode=self._encode, decode=self._decode)
            else:
                self.cache[text] = self._converted(text)
        return self.cache[text]

    def _converted(self, text: str) -> Converted:
        self.md.reset()
        if self.recorder:
            self.recorder.reset()
        html = self.md.convert(text)
        notes = (self.recorder.note(),) if self.recorder else ()
        return Converted(html, getattr(self.md, "toc_tokens", []), frozenset(ID.findall(html)), notes,
                         bool(DEFINITION.search(text)))

    def _encode(self, converted: Converted) -> dict:
        return {"html": converted.html, "toc": converted.toc, "defines": converted.defines,
                "notes": [dataclasses.astuple(note) for note in converted.notes]}

    def _decode(self, data: dict) -> Converted:
        html, toc, defines = data["html"], data["toc"], data["defines"]
        if not isinstance(html, str) or not isinstance(defines, bool) or not _is_toc(toc):
            raise ValueError("not converted Markdown")
        notes = tuple(self.note_type(*(_tuples(value) for value in note)) for note in data["notes"]) \
            if self.note_type else ()
        if len(notes) != (1 if self.recorder else 0):
            raise ValueError("not converted Markdown")
        return Converted(html, toc, frozenset(ID.findall(html)), notes, defines)


def _tuples(value):
    """JSON's lists back into the tuples a note holds; strings, None and
    tuples of them only."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if value is None or isinstance(value, str):
        return value
    raise ValueError("not a note")


def _is_toc(tokens) -> bool:
    """Python-Markdown's toc tokens: dicts of strings and a level, nested."""
    return isinstance(tokens, list) and all(
        isinstance(token, dict) and isinstance(token.get("level"), int) and isinstance(token.get("id"), str)
        and all(isinstance(value, str) for key, value in token.items() if key not in ("level", "children"))
        and _is_toc(token.get("children", [])) for token in tokens)


def _flatten(tokens: list) -> list:
    flat = []
    for token in tokens:
        flat.append({key: value for key, value in token.items() if key != "children"})
        flat.extend(_flatten(token.get("children", [])))
    return flat
