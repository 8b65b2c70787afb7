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

import re
from dataclasses import dataclass
from typing import Callable, Sequence

import markdown
from markdown.extensions.toc import nest_toc_tokens

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
                 recorder: Callable[[markdown.Markdown], object] | None = None, output_format: str = "xhtml"):
        self.md = markdown.Markdown(extensions=list(extensions), extension_configs=configs or {},
                                    output_format=output_format)
        self.recorder = recorder(self.md) if recorder else None
        names = {name if isinstance(name, str) else "" for name in extensions}
        self.chunked = names <= BLOCK_LOCAL
        self.cache: dict[str, Converted] = {}

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
            self.md.reset()
            if self.recorder:
                self.recorder.reset()
            html = self.md.convert(text)
            notes = (self.recorder.note(),) if self.recorder else ()
            self.cache[text] = Converted(html, getattr(self.md, "toc_tokens", []), frozenset(ID.findall(html)), notes,
                                         bool(DEFINITION.search(text)))
        return self.cache[text]


def _flatten(tokens: list) -> list:
    flat = []
    for token in tokens:
        flat.append({key: value for key, value in token.items() if key != "children"})
        flat.extend(_flatten(token.get("children", [])))
    return flat
