"""The portable renderer's MkDocs plugin (see render.py): noticegen's pages
handed to MkDocs through public plugin events and API only.

`on_files` adds the pages from memory (`File.generated`), `on_page_markdown`
keeps archived versions and redlines out of the search index, and
`on_post_page`/`on_post_template` mend two of Material's defaults that fail
HTML validation (the same mend as the accelerator's, mkdocs_hook.mend_page).
MkDocs converts, renders, checks links and writes the sitemap itself.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, file_sort_key

from .markdown_chunks import whole
from .mkdocs_hook import mend_page


class PortablePages(BasePlugin):
    """`files` (docs path -> text), `pages` in the nav and `archived` pages
    (docs path -> Markdown chunks)."""

    def __init__(self, files: Mapping[str, str], pages: Mapping[str, Sequence[str]],
                 archived: Mapping[str, Sequence[str]]):
        super().__init__()
        self.given = {**files, **{path: whole(chunks) for path, chunks in {**pages, **archived}.items()}}
        self.archived = set(archived)

    def on_files(self, files, config):
        added = [File.generated(config, path, content=text) for path, text in self.given.items()]
        for file in sorted(added, key=file_sort_key):  # the order MkDocs gives a docs folder
            files.append(file)
        return files

    def on_page_markdown(self, markdown_text, page, config, files):
        if page.file.src_uri in self.archived:
            page.meta["search"] = {"exclude": True}  # ten copies of each sentence would drown the current one
        return markdown_text

    def on_post_page(self, output, page, config):
        return mend_page(output, config)

    def on_post_template(self, output_content, template_name, config):
        return mend_page(output_content, config)
