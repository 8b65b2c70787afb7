"""Compose the Markdown pages of one site from the notice.

Everything visitors read is decided here, in plain Markdown (attr_list for
ids and classes); MkDocs only turns it into HTML. No raw HTML is emitted:
the safety extension escapes all raw HTML, ours included.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace

from . import fallback, i18n, safety, variables
from .i18n import t, words_language
from .notice import Notice, Section
from .problems import NoticeError
from .sites import Site

def format_date(day: dt.date) -> str:
    """`19 November 2013`: fixed English names, not the machine's locale; in
    the language of the page being planned (see i18n.speaking)."""
    return i18n.format_date(day)


@dataclass(frozen=True)
class SiteText:
    """The notice as one site shows it: sections filtered, variables filled."""

    site: Site
    notice: Notice
    preamble: str
    sections: tuple[tuple[Section, str], ...]  # (section, filled Markdown)


def markdown_literal(text: str) -> str:
    """One line of text shown in Markdown exactly as written: no emphasis,
    links, code or HTML."""
    return html.escape(text).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_") \
        .replace("[", "\\[").replace("`", "\\`")


def site_values(notice: Notice, site: Site) -> dict[str, str]:
    return {**variables.builtin_values(notice.meta), **notice.meta.variables, **site.variables}


def site_text(notice: Notice, site: Site) -> SiteText:
    """Every piece of author text on any page passes through here."""
    values = site_values(notice, site)
    preamble = _filled(notice.preamble, values) if notice.preamble else ""
    shown = tuple(_shown(site.overrides.get(s.id), s, values) for s in notice.sections if site.shows(s))
    return SiteText(site, notice, preamble, shown)


def _filled(section: Section, values: dict[str, str]) -> str:
    try:
        return safety.neutralize(variables.fill(section.body, values))
    except variables.UnfilledVariable:
        # A revision `check` never passed (a pull request under review):
        # the same file lines `check` would give, not a traceback.
        raise NoticeError(variables.problems_in(section.body, section.path, section.body_line,
                                                set(values))) from None


def _shown(override: Section | None, section: Section, values: dict[str, str]) -> tuple[Section, str]:
    """The section as the site shows it: its own override, if any, in the
    notice's place and order."""
    if override is not None:
        section = replace(override, order=section.order)
    return section, _filled(section, values)


def heading_text(title: str) -> str:
    """A title for a Markdown heading: a # at its end ("Security for C#")
    would otherwise be read as the heading's closing sequence."""
    return re.sub(r"#+$", lambda m: "\\#" * len(m.group(0)), title)


Chunks = tuple  # a page's Markdown in pieces that each start a new block (see markdown_chunks)


def notice_chunks(text: SiteText, root: str | None = "", banner: str = "", details: str = "",
                  title: str = "", actions: str = "") -> Chunks:
    """Markdown of a notice page, in chunks: title, dates, banner, preamble,
    contents heading and list, then each section's heading and body. `root`
    is the relative URL of the site's root (for links; None: no link),
    `banner` an admonition shown first, `details` more of the dates line
    (HTML), `title` the heading if not the notice's title (plain text),
    `actions` a line after the dates (the PDF link, the print button; HTML)."""
    meta = text.notice.meta
    history_link = f' · <a href="{root}history/">{t("All versions")}</a>' if root is not None else ""
    # HTML, not Markdown: the line differs on every page, so converting it would cost more than the sections.
    dates = (f'<p class="notice-meta"><strong>{t("Effective:")}</strong> {format_date(meta.effective)} · '
             f"<strong>{t('Version:')}</strong> {html.escape(meta.version)}{details}{history_link}</p>")
    parts = [f"# {heading_text(markdown_literal(title) if title else meta.title)} {{ #top }}",
             safety.trusted_html(dates).strip()]
    if actions:
        parts.append(safety.trusted_html(actions).strip())
    if banner:
        parts.insert(1, banner)
    if text.preamble:
        parts.append(text.preamble)
    parts.append(f"## {t('Contents')} {{ #contents .notice-contents }}")
    parts.append("\n".join(f"{n}. [{s.title}](#{s.id}){_lang_attribute(s, text.site.language)}"
                            for n, (s, _) in enumerate(text.sections, 1)))
    for section, body in text.sections:
        # bodies are shared by more pages than headings; a title's own closing # is kept, not read as Markdown's
        heading = f"## {heading_text(section.title)} {{ #{section.id} }}"
        if section.source_language and section.source_language != text.site.language:
            parts += _in_language(section, heading, body, text.site.language)
        elif section.note and body.startswith(section.note) and \
                words_language(text.site.language) != text.site.language:
            # noticegen's note, in English on a page in a language it has no messages in
            parts += [heading, *_note_in(section.note, words_language(text.site.language)),
                      body[len(section.note):].lstrip("\n")]
        else:
            parts += [heading, body]
    return tuple(part for part in parts if part.strip())


def _note_in(note: str, language: str) -> list[str]:
    """noticegen's note on a section, in a container saying its language
    (which says it for the words marked as fallen back too: fallback.py)."""
    return [safety.trusted_html(f'<div lang="{html.escape(language)}">').strip(),
            fallback.plain(note) if language == fallback.LANGUAGE else note, safety.trusted_html("</div>").strip()]


def _lang_attribute(section: Section, page_language: str) -> str:
    """attr_list's `{ lang="en-CA" }` after a link to a section shown in the
    source language (its title is in that language); nothing otherwise."""
    if section.source_language and section.source_language != page_language:
        return f'{{ lang="{html.escape(section.source_language)}" }}'
    return ""


def _in_language(section: Section, heading: str, body: str, page_language: str) -> list[str]:
    """A section shown in the source language on another language's page:
    its heading and text in a container with `lang` (so a screen reader
    reads them in that language's voice), the note about it in the page's."""
    source = html.escape(section.source_language)
    parts = [safety.trusted_html(f'<div class="notice-source-language" lang="{source}">').strip(), heading]
    if section.note and body.startswith(section.note):
        # the note is noticegen's: in the page's language, or English where noticegen has no messages in it
        parts += [*_note_in(section.note, words_language(page_language)), body[len(section.note):].lstrip("\n")]
    else:
        parts.append(body)
    return parts + [safety.trusted_html("</div>").strip()]

