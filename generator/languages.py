"""A site in several languages: each language besides the source is the
same set of pages under `<base_path><language>/`, built from the
translation, and every page links to its counterparts.

    /privacy/                 the source language (en-CA)
    /privacy/fr-CA/           the same pages in French: notice, history, versions, changes...

The version in force is the same in every language (the dates are the
source's). A language's history holds the versions that were translated:
each version whose every text has a translation naming that version's
source text (see translations.Archive), and each published in the language
while it was the version, as it was published then (Archive.as_published:
a page once published stays); its redlines are between those
translations, and whether a change is significant is the detector's call
on the source texts (it reads the source language only).

Counterparts: Material's language selector (`extra.alternate`) in the
header and `<link rel="alternate" hreflang>` in the head of every page are
pointed at the same page in each language after the build; a page with no
counterpart (a version never translated) links to that language's notice
from the selector and has no alternate for it.
"""
from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from . import atomic, i18n
from .history import SiteVersion, fingerprint
from .pages import site_text
from .translations import (CURRENT, NOTICE_ID, STALE, Archive, LanguageState, Translation, states_for,
                           translated_notice, translates_version)


def language_site(site, language: str):
    """The site as it is published in `language`: under its own path."""
    if language == site.languages[0]:
        return site
    return replace(site, language=language, base_path=f"{site.base_path}{language}/")


def notes(language: str) -> dict[str, str]:
    """The note on a published stale or missing text (Markdown admonitions)."""
    with i18n.speaking(language):
        return {
            "stale": '!!! note "{}"\n\n    {}'.format(
                i18n.t("Translation not yet updated"),
                i18n.t("The source text of this section changed after it was translated (a minor change). "
                       "The source-language version of this notice controls.")),
            # published only where the site says so (stale_translations: {significant: note})
            "stale significantly": '!!! warning "{}"\n\n    {}'.format(
                i18n.t("Translation not yet updated"),
                i18n.t("The source text of this section changed significantly after it was translated: this "
                       "translation does not say what the source now says. The source-language version of this "
                       "notice controls.")),
            "missing": '!!! note "{}"\n\n    {}'.format(
                i18n.t("Not yet translated"),
                i18n.t("This section is shown in the source language until it is translated. "
                       "The source-language version of this notice controls.")),
        }


def translated_versions(entries: list[SiteVersion], site, language: str, archive: Archive,
                        current: tuple[Translation, LanguageState] | None, current_version: str,
                        vocabulary) -> list[tuple[SiteVersion, SiteVersion]]:
    """(translated entry, source entry) for every version translated into
    `language`, oldest first. The working tree's version (`current_version`)
    uses `current`: its translation and states, stale texts published with
    their note; an earlier one is translated if every text is, or if it
    was published in `language` while it was the version (Archive.as_published):
    then as it was, its stale or missing texts under their note."""
    found = []
    note = notes(language)
    previous = None
    for entry in entries:
        source_notice, source_site = entry.version.notice, entry.text.site
        if current is not None and entry is entries[-1] and entry.version.version == current_version:
            translation, state = current
            if not version_translated(state, source_notice, archive.sources):
                continue
        else:
            translation = archive.translation_of(language, source_notice, source_site)
            state = states_for(source_notice, source_site, language, translation, _NoSources(), vocabulary)
            if any(piece.state != CURRENT for piece in state.texts):
                # Not every text translates it: the version as it was published then, if it was
                # (a page once published stays), its stale or missing texts under their note.
                translation = archive.as_published(language, source_notice, source_site)
                if translation is None:
                    continue
                state = states_for(source_notice, source_site, language, translation,
                                   archive.sources or _NoSources(), vocabulary)
                if state.blocking():  # the site's setting then stopped it being published
                    continue
        notice, shown = translated_notice(source_notice, source_site, translation, state, note)
        text = site_text(notice, language_site(replace(shown, language=site.languages[0]), language))
        changed = previous is None or _words(previous.text) != _words(text)
        translated = SiteVersion(replace(entry.version, summary=notice.meta.summary), text, fingerprint(text),
                                 changed)
        found.append((translated, entry))
        previous = translated
    return found


STALE_VERSION, PARTIAL_VERSION = "out of date", "in part"


def out_of_date(missing: list[SiteVersion], site, language: str, archive: Archive | None) -> dict[str, str]:
    """Of the versions not in `language` (`missing`), those whose title and
    summary have a translation naming that version's source text, but not
    every text: number -> STALE_VERSION when each text lacking one had a
    translation by then (of an earlier source text: the version was
    published with it stale, under its note), else PARTIAL_VERSION (some
    text was never translated for it). Listed as such, not as never translated."""
    if archive is None:
        return {}
    found = {}
    for entry in missing:
        notice, shown = entry.version.notice, entry.text.site
        translation = archive.translation_of(language, notice, shown)
        if translation.notice is None:
            continue
        lacking = [(domain, section.id) for section in notice.texts() if shown.shows(section)
                   for domain in [shown.domain if section.id in shown.overrides else ""]
                   if translation.text_for(section.id, domain) is None]
        stale = all(archive.translated_by(language, domain, id_, entry.version.version) for domain, id_ in lacking)
        found[entry.version.version] = STALE_VERSION if stale else PARTIAL_VERSION
    return found


def version_translated(state: LanguageState, notice, sources) -> bool:
    """Whether the working tree's version is published in the state's
    language: its title and summary are translated for this version
    (`translate --mark-current <language> notice`, the last step of
    translating a release), or were, and the summary was edited since under
    the same version (stale, published under the site's setting: a page once
    published stays). Sections may still be stale or missing, with their
    note; a version whose summary is not translated yet is the source's
    only, and the language's pages say so."""
    return any(piece.id == NOTICE_ID and (piece.state == CURRENT or piece.state == STALE and
                                          translates_version(piece.translation, notice, sources))
               for piece in state.texts)


class _NoSources:
    """A version's translation either names its source text or is missing:
    nothing older to judge."""

    def get(self, fingerprint):
        return None

    def owners_of(self, fingerprint):
        return set()


def _words(text) -> tuple:
    """The translation's own words (not noticegen's notes): what tells a changed version."""
    preamble = text.notice.preamble.words(text.preamble) if text.notice.preamble else text.preamble
    return preamble, tuple((s.id, s.title, s.words(body)) for s, body in text.sections)


def alternates(site) -> list[dict]:
    """Material's language selector: each language's notice, named in itself."""
    return [{"name": i18n.language_name(language), "link": language_site(site, language).url,
             "lang": language} for language in site.languages]


# The counterpart links in the head are `rel="alternate "`: the same link type
# (rel is a set of space-separated tokens), but not what Material's script
# selects with `link[rel=alternate]` (an exact match) to fetch a
# `sitemap.xml` beside each, which for a page's counterpart does not exist
# and, from any copy not served from the site's own domain, would be a
# request to another host. The selector's links already go to the page.
HREFLANG_REL = "alternate "
ALTERNATE_LINK = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">\n?\s*')
SELECT_LINK = re.compile(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">')


def _lang(lang: str, page_language: str) -> str:
    """A selector entry's `lang`: each names its language in itself ("English"
    on a French page), a passage in another language (WCAG 3.1.2); hreflang
    says where the link goes, not what its words are in."""
    return "" if lang == page_language else f' lang="{html.escape(lang)}"'


def _said_in(match: re.Match, page_language: str) -> str:
    """A selector entry left pointing at its language's notice, saying its language."""
    return match.group(0)[:-1] + _lang(match.group(2), page_language) + ">"


def link_counterparts(site_dir: Path, site) -> None:
    """Point every page's language links at the same page in each language
    (or, with no such page, the selector at that language's notice and no
    alternate link)."""
    roots = {language: language_site(site, language) for language in site.languages}
    folders = {language: site_dir if language == site.languages[0] else site_dir / language
               for language in site.languages}
    others = {folder for language, folder in folders.items() if language != site.languages[0]}
    for language, folder in folders.items():
        for path in sorted(folder.rglob("*.html")):
            if language == site.languages[0] and any(path.is_relative_to(other) for other in others):
                continue
            relative = path.relative_to(folder).as_posix()
            page = "" if relative == "index.html" else relative.removesuffix("index.html")
            original = path.read_text(encoding="utf-8")
            if relative == "404.html":
                # A 404 stands for no page, so it has no counterpart: no
                # alternate link at all (an exact `rel="alternate"` would
                # also have Material's script fetch a sitemap.xml beside
                # each). Its selector keeps pointing at each language's notice.
                text = ALTERNATE_LINK.sub(lambda m: "" if m.group(2) in roots else m.group(0), original)
                text = SELECT_LINK.sub(lambda m: _said_in(m, language), text)
                if text != original:
                    atomic.write_text(path, text)
                continue
            present = {lang: (folders[lang] / relative).is_file() for lang in site.languages}

            def alternate(match: re.Match) -> str:
                lang = match.group(2)
                if lang not in roots:
                    return match.group(0)
                if not present[lang]:
                    return ""
                return match.group(0).replace(f'<link rel="alternate" href="{match.group(1)}"',
                                              f'<link rel="{HREFLANG_REL}" href="{html.escape(roots[lang].url + page)}"',
                                              1)

            def select(match: re.Match) -> str:
                lang = match.group(2)
                if lang not in roots or not present[lang]:
                    return _said_in(match, language)
                current = ' aria-current="true"' if lang == language else ""
                target = html.escape(roots[lang].url + page)
                # data-notice-counterpart: noticegen.js adds the section a reader is at (ids are the same
                # in every language); without scripts the link goes to the page
                return (f'<a href="{target}" hreflang="{lang}" class="md-select__link"{_lang(lang, language)}'
                        f'{current} data-notice-counterpart="{target}">')

            text = ALTERNATE_LINK.sub(alternate, original)
            text = SELECT_LINK.sub(select, text)
            if text != original:
                atomic.write_text(path, text)

