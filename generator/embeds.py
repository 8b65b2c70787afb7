"""The notice for other people's pages: HTML fragments for CMSs and a JSON
document for apps, both from the same Markdown as the site's own page.

The fragment goes inside someone else's page, so its ids carry a prefix
(`privacy-notice-`) that cannot clash with the host's, its links to the
history and the notice are absolute, and the host picks the heading level:
`embed.html` starts at <h2> (under the host page's own <h1>), `embed-h1.html`
and `embed-h3.html` at those levels. A fragment cannot carry a `<meta
charset>` (that belongs to the host's <head>), so it is written in ASCII,
every other character as a character reference: it reads the same in a
host page of any encoding. `noticegen nginx` serves the fragments with
`charset=utf-8` and `X-Robots-Tag: noindex`, so search engines send readers
to the notice itself rather than to a bare fragment.
"""
from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from . import fallback, i18n
from .i18n import t
from .markdown_chunks import ChunkedMarkdown
from .pages import SiteText, notice_chunks

FRAGMENT_FILE = "embed.html"
JSON_FILE = "notice.json"
ID_PREFIX = "privacy-notice-"
FRAGMENTS = {FRAGMENT_FILE: 2, "embed-h1.html": 1, "embed-h3.html": 3}  # file -> level of the title


_converter: ChunkedMarkdown | None = None


def to_html(text: str | tuple) -> str:
    """HTML of Markdown (or of chunks of it), each distinct piece converted
    once per process: most sections are the same on many sites."""
    global _converter
    if _converter is None:
        # The site's own extensions (generator/data/mkdocs.yml), without its
        # permalinks: admonition too, or the note on a stale or missing
        # translation would show as `!!! note` and a code block.
        _converter = ChunkedMarkdown(["toc", "admonition", "attr_list", "sane_lists", "generator.safety"],
                                     output_format="html")
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
        "preamble": _part(text.notice.preamble, text.preamble) if text.preamble else None,
        # A section shown untranslated names the language its text is in.
        "sections": [{"id": section.id, "title": section.title, **_part(section, body),
                      **({"language": section.source_language} if section.source_language else {})}
                     for section, body in text.sections],
    }


def _part(section, body: str) -> dict:
    """A text's Markdown, and noticegen's note on a stale or missing
    translation apart in `note` (the html and text fields show both, as the page does)."""
    if section is not None and section.note and body.startswith(section.note):
        return {"markdown": section.words(body), "note": section.note}
    return {"markdown": body}


def render(text: SiteText, untranslated: tuple = (), upcoming: tuple = (), shown: bool = True,
           not_in_force: str = "") -> dict[str, str]:
    """The embeddable files of a site, by name: `text` is the version in
    force, as the notice page shows it. `untranslated`: (the version in
    force, the note saying it is not translated into this language); with
    `shown` False (no translation of it at all) the fragments carry the note
    and no sections, as the notice page does. `upcoming`: (version,
    effective date) of the version that takes effect next, for notice.json.
    `not_in_force`: the note that no version is in force yet (a date before
    every effective date): `in_force` is null, as in versions.json."""
    if not shown:
        text = replace(text, preamble="", sections=())
    data = notice_data(text)
    banner = ""
    if untranslated:
        data["in_force"] = {"version": untranslated[0], "translated": False}
        banner = untranslated[1]
        if not shown:  # what the fragments carry is the note, not a version's text
            data.update(version=untranslated[0], effective=None, summary=None)
    else:
        data["in_force"] = {"version": data["version"], "translated": True}
        banner = not_in_force
    if not_in_force:  # every version is still to take effect: none is in force, whatever is shown
        data["in_force"] = None
    if upcoming:
        data["upcoming"] = {"version": upcoming[0], "effective": upcoming[1]}
    for part in ([data["preamble"]] if data["preamble"] else []) + data["sections"]:
        part["html"] = to_html(part["note"] + "\n\n" + part["markdown"] if "note" in part else part["markdown"])
        part["text"] = to_plain(part["html"])
    meta, site = text.notice.meta, text.site
    # Rendered in a worker, after planning: in the site's language, as its pages were planned
    # (the dates line, the contents heading, the links).
    with i18n.speaking(site.language):
        # No translation of the version in force: the note alone, without another version's title and dates.
        body = _prefixed_ids(to_html(notice_chunks(text, root=None, banner=banner) if shown else banner))
        on_site, every = (t("This statement on {domain}").format(domain=html.escape(site.domain)),
                          t("Every version, and what changed"))
    links = (f'<p class="notice-meta"><a href="{html.escape(site.url)}">{on_site}'
             f'</a> · <a href="{html.escape(site.url)}history/">{every}</a></p>')
    dates = body.find('<p class="notice-meta">')
    end = body.find("</p>", dates) + len("</p>") if dates >= 0 else -1
    body = body[:end] + "\n" + links + body[end:] if end > 0 else body.replace("</p>", "</p>\n" + links, 1)
    # noticegen's English words in a language without its own: said so in the fragments, plain in the JSON.
    files = {name: _ascii(fallback.html(f'<section class="privacy-notice" lang="{site.language}" '
                                        f'data-version="{html.escape(data["version"])}"'
                                        + (f' data-effective="{meta.effective.isoformat()}">' if shown else ">") +
                                        f'\n{_shifted(body, level - 1)}\n</section>\n'))
             for name, level in FRAGMENTS.items()}
    files[JSON_FILE] = fallback.plain(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)) + "\n"
    return files


def _ascii(fragment: str) -> str:
    """Every non-ASCII character as &#N; (text and attribute values alike)."""
    return fragment.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _prefixed_ids(fragment: str) -> str:
    fragment = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{ID_PREFIX}{m.group(1)}"', fragment)
    return re.sub(r'\bhref="#([^"]*)"', lambda m: f'href="#{ID_PREFIX}{m.group(1)}"', fragment)


def _shifted(fragment: str, by: int) -> str:
    """Every heading `by` levels deeper (at most <h6>)."""
    if not by:
        return fragment
    return re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", fragment)
