"""The notice for other people's pages: an HTML fragment for CMSs and a JSON
document for apps, both from the same Markdown as the site's own page."""
from __future__ import annotations

import functools
import json
from html.parser import HTMLParser

from .markdown_chunks import ChunkedMarkdown
from .pages import SiteText, notice_chunks

FRAGMENT_FILE = "embed.html"
JSON_FILE = "notice.json"


_converter: ChunkedMarkdown | None = None


def to_html(text: str | tuple) -> str:
    """HTML of Markdown (or of chunks of it), each distinct piece converted
    once per process: most sections are the same on many sites."""
    global _converter
    if _converter is None:
        _converter = ChunkedMarkdown(["toc", "attr_list", "sane_lists", "generator.safety"], output_format="html")
    return _converter.convert(text).html


@functools.lru_cache(maxsize=4096)
def to_plain(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        self.parts.append(" ")


def notice_data(text: SiteText) -> dict:
    """Everything a program needs to show the notice, without the HTML."""
    meta = text.notice.meta
    return {
        "site": text.site.domain,
        "url": text.site.url,
        "language": text.site.language,
        "title": meta.title,
        "version": meta.version,
        "effective": meta.effective.isoformat(),
        "summary": meta.summary,
        "controller": {"name": meta.controller.name, "address": meta.controller.address,
                       "email": meta.controller.email, "phone": meta.controller.phone},
        "preamble": {"markdown": text.preamble} if text.preamble else None,
        "sections": [{"id": section.id, "title": section.title, "markdown": body}
                     for section, body in text.sections],
    }


def render(text: SiteText) -> dict[str, str]:
    """The embeddable files of a site, by name."""
    data = notice_data(text)
    for part in ([data["preamble"]] if data["preamble"] else []) + data["sections"]:
        part["html"] = to_html(part["markdown"])
        part["text"] = to_plain(part["html"])
    meta = text.notice.meta
    fragment = (f'<section class="privacy-notice" lang="{text.site.language}" '
                f'data-version="{meta.version}" data-effective="{meta.effective.isoformat()}">\n'
                f"{to_html(notice_chunks(text, root=None))}\n</section>\n")
    return {
        FRAGMENT_FILE: fragment,
        JSON_FILE: json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
    }
