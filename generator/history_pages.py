"""The public record of a site's notice: every version, what changed, feeds.

    index.md                      the notice in force (links to history/)
    history/index.md              every version, newest first
    versions/<version>/index.md   each version as it was (a permalink)
    versions/<version>/notice.json  its text, for programs and the compare page
    changes/<old>..<new>/index.md redline of each version against the one before
    compare/index.md              any two versions, diffed in the browser
    versions.json, feed.xml       the list of versions, for programs and feed readers
    versions/<version>/<domain>-version-<version>.pdf, changes/<old>..<new>/<domain>-changes-<old>-to-<new>.pdf
                                  the same as PDFs, made by the build from these pages (pdf.py)

Consecutive diffs are precomputed (readable without JavaScript); any other
pair is diffed in the browser from the per-version JSON, since all pairs
would be n(n-1)/2 pages (19,900 for 200 versions).

Tables and redlines are HTML built and escaped here (see safety.trusted_html);
everything else is Markdown.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

from . import fallback, i18n, pdf
from .diff import NoticeDiff, cached_diff, ops_html
from .history import SiteVersion
from .pages import Chunks, SiteText, format_date, heading_text, markdown_literal, notice_chunks
from .i18n import t
from .safety import trusted_html
from .significance import Assessment, section_changes, section_lines, sure_categories, telling
from .status import IN_FORCE, UPCOMING, Status, statuses

VERSIONS_JSON = "versions.json"
FEED = "feed.xml"


ARCHIVED_FOLDERS = ("versions/", "changes/")


def is_archived(path: str) -> bool:
    """A page per version and per change: many pages with the same frame,
    which the build fills in rather than renders one by one."""
    return path.startswith(ARCHIVED_FOLDERS) and path.endswith("/index.md")


def version_path(version: str) -> str:
    return f"versions/{version}/index.md"


def version_json_path(version: str) -> str:
    return f"versions/{version}/notice.json"


def changes_path(old: str, new: str) -> str:
    return f"changes/{old}..{new}/index.md"


def version_pdf(domain: str, version: str) -> str:
    return f"versions/{version}/{pdf.file_name(domain, 'version', version)}"


def changes_pdf(domain: str, old: str, new: str) -> str:
    return f"changes/{old}..{new}/{pdf.file_name(domain, 'changes', old, 'to', new)}"


def actions(pdf_link: str = "", label: str = "", print_label: str = "") -> str:
    """The line of a page's downloads (HTML): a link to its PDF, and room
    for a print button, which noticegen.js adds (so it never shows where
    scripts do not run)."""
    attribute = f' data-print="{html.escape(print_label)}"' if print_label else ""
    if fallback.has_marks(print_label):  # noticegen's English: the button the script makes says so
        attribute += f' data-print-lang="{fallback.LANGUAGE}"'
    link = (f'<a class="notice-pdf" href="{html.escape(pdf_link)}" type="application/pdf">'
            f"{html.escape(label)}</a>") if pdf_link else ""
    return f'<div class="notice-actions"{attribute}>{link}</div>' if link or attribute else ""


def url_of(path: str) -> str:
    """Site-relative URL of a page path (directory URLs)."""
    return path.removesuffix("index.md")


@dataclass(frozen=True)
class SourceLanguage:
    """For the pages of a site in a language other than its source: the
    site's own versions (in the source language, oldest first), their
    significance, and the source language's root URL. The statuses and the
    version in force are the site's, whichever versions were translated; a
    version not translated is listed with a link to its source-language page."""

    versions: tuple = ()
    assessments: dict = field(default_factory=dict)
    url: str = ""
    language: str = ""
    # Versions whose title and summary were translated but not every text (missing or out of date), so
    # kept in the source language only: said so, not "not translated".
    out_of_date: frozenset = frozenset()
    # Of those, the ones published with a text out of date (translated by then, from an earlier source
    # text: stale, under its note), none missing: "translation out of date", not "translated in part".
    stale: frozenset = frozenset()

    def label(self, number: str) -> str:
        """How the history says a version listed in the source language stands in this one."""
        return t("translation out of date; in {language}") if number in self.stale else \
            t("translated in part; in {language}") if number in self.out_of_date else t("not translated; in {language}")

    def link(self, path: str) -> str:
        return self.url + url_of(path)


def site_pages(current: SiteText, versions: list[SiteVersion], assessments: dict[str, Assessment],
               diffs: dict, today=None, pdfs: bool = False, source: SourceLanguage | None = None) -> dict[str, str]:
    """Every file of the site's docs folder, by path. `assessments` are the
    versions' significance; `diffs` caches diffs between texts shared by
    several sites. Before a newer version takes effect (`today`, a date from
    git), the notice page shows the version in force and announces it.
    With `pdfs`, pages link to the PDFs the build makes of them (print_jobs).
    With `source` (a translated language's pages), statuses and the version
    in force are the site's; when the version in force is not translated,
    the notice page says so and links to the source-language text."""
    newest_first = list(reversed(versions))
    pairs = [(before, after, cached_diff(diffs, before, after)) for before, after in zip(versions, versions[1:])]
    domain = current.site.domain
    everyone = list(source.versions) if source else versions
    status = statuses(everyone, today)
    translated = {entry.version.version: entry for entry in versions}
    upcoming = [entry for entry in everyone if status[entry.version.version].kind == UPCOMING]
    in_force = [entry for entry in everyone if status[entry.version.version].kind != UPCOMING]
    shown, banner = shown_text(current, versions, today, source), ""
    if upcoming and in_force:
        banner = _upcoming_banner(upcoming[0], source if upcoming[0].version.version not in translated else None,
                                  shown is not None)
    if shown is not None:
        banner = banner or not_in_force_note(everyone, status)
    if shown is None:  # a translated language whose translation of the version in force is missing
        files = {"index.md": untranslated_page(current, _standing(everyone, status), status, source, versions,
                                               banner)}
    else:
        # The notice page links to the PDF of the version it shows (not of a draft).
        same = [entry for entry in versions if entry.version.version == shown.notice.meta.version
                and _words_of(entry.text) == _words_of(shown)] if pdfs else []
        files = {"index.md": notice_chunks(shown, root="", banner=banner, actions=actions(
            *((version_pdf(domain, same[-1].version.version),
               t("Version {number} as PDF").format(number=same[-1].version.version))
              if same else ()), print_label=t("Print this notice")))}
    if source:
        # Every version of the site, newest first; one not translated stands for itself, in the source language.
        newest_first = [translated.get(entry.version.version, entry) for entry in reversed(everyone)]
        assessments = {**source.assessments, **assessments}
    files["history/index.md"] = history_page(current, newest_first, pairs, assessments, status,
                                             _untranslated(source, translated))
    for index, entry in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        previous = versions[index - 1] if index else None
        number = entry.version.version
        link = pdf.file_name(domain, "version", number) if pdfs else None
        files[version_path(number)] = version_page(entry, previous, following, status[number], link)
        files[version_json_path(number)] = version_json(entry)
    for before, after, diff in pairs:
        old, new = before.version.version, after.version.version
        link = pdf.file_name(domain, "changes", old, "to", new) if pdfs else None
        files[changes_path(old, new)] = changes_page(before, after, diff, assessments[new], status, link,
                                                     source.language if source else "")
    files["compare/index.md"] = compare_page(current, pairs)
    elsewhere = _untranslated(source, translated)
    files[VERSIONS_JSON] = versions_json(current, newest_first, pairs, assessments, status, elsewhere)
    files[FEED] = atom_feed(current, newest_first, pairs, assessments, status, today, elsewhere)
    return files


def shown_text(current: SiteText, versions: list[SiteVersion], today, source: SourceLanguage | None = None
               ) -> SiteText | None:
    """The text the notice page (and the embeds) show: the version in force
    while a newer one waits to take effect, else the current text; None for
    a language with no translation of the version in force."""
    everyone = list(source.versions) if source else versions
    status = statuses(everyone, today)
    translated = {entry.version.version: entry for entry in versions}
    upcoming = [entry for entry in everyone if status[entry.version.version].kind == UPCOMING]
    in_force = [entry for entry in everyone if status[entry.version.version].kind != UPCOMING]
    if upcoming and in_force:
        entry = translated.get(in_force[-1].version.version)
        return entry.text if entry else None
    standing = _standing(everyone, status)
    if source and standing and standing.version.version not in translated:
        return None
    return current


def _standing(everyone: list[SiteVersion], status: dict[str, Status]) -> SiteVersion | None:
    """The version the notice page stands for: the one in force; on a date
    before every effective date, none is, and the newest stands (as the
    source's page shows it), so every language shows the same version."""
    in_force = [entry for entry in everyone if status[entry.version.version].kind == IN_FORCE]
    return in_force[-1] if in_force else (everyone[-1] if everyone else None)


def next_version(versions: list[SiteVersion], today, source: SourceLanguage | None = None) -> SiteVersion | None:
    """The version that takes effect next, if one is announced."""
    everyone = list(source.versions) if source else versions
    status = statuses(everyone, today)
    return next((entry for entry in everyone if status[entry.version.version].kind == UPCOMING), None)


def _untranslated(source: SourceLanguage | None, translated: dict) -> dict[str, SourceLanguage]:
    """The versions listed in a language that has no translation of them: number -> where they are."""
    if source is None:
        return {}
    return {entry.version.version: source for entry in source.versions if entry.version.version not in translated}


def source_language_name(source: SourceLanguage) -> str:
    """The source language as the page's language names it: "anglais" on a French page."""
    from .i18n import language_name_in

    return language_name_in(source.language, i18n.current())


def not_in_force_note(everyone: list[SiteVersion], status: dict[str, Status]) -> str:
    """On a date before every effective date no version is in force (as
    versions.json says): the admonition saying so above the newest, which
    the notice page shows; "" when one is in force."""
    if not everyone or any(status[entry.version.version].kind == IN_FORCE for entry in everyone):
        return ""
    newest = everyone[-1]
    return ('!!! info "' + t("Not in force yet") + '"\n\n    '
            + t("No version of this notice is in force yet. This is the newest, version {number}, in force "
                "from {since}.").format(number=markdown_literal(newest.version.version),
                                        since=format_date(status[newest.version.version].since)))


def untranslated_in_force(versions: list[SiteVersion], today, source: SourceLanguage | None) -> SiteVersion | None:
    """The site's version in force, when this language (`versions`, its
    translated ones) has no translation of it."""
    if source is None:
        return None
    status = statuses(list(source.versions), today)
    standing = _standing(list(source.versions), status)
    translated = {entry.version.version for entry in versions}
    return standing if standing and standing.version.version not in translated else None


def untranslated_note(entry: SiteVersion, state: Status, source: SourceLanguage) -> str:
    """The admonition saying the version in force is not translated, with a
    link to the source-language notice (absolute: the embeds carry it too).
    Before it takes effect (a date before every version's), it says so."""
    if state.kind == UPCOMING:
        return ('!!! warning "' + t("This version is not translated yet") + '"\n\n    '
                + t("The newest version (version {number}, in force from {since}) is not translated yet; "
                    "the {language} text controls: [read it]({link}).").format(
                    number=markdown_literal(entry.version.version), since=format_date(state.since),
                    language=source_language_name(source), link=source.url))
    return ('!!! warning "' + t("The version in force is not translated yet") + '"\n\n    '
            + t("The version in force (version {number}, in force since {since}) is not translated yet; "
                "the {language} text controls: [read the version in force]({link}).").format(
                number=markdown_literal(entry.version.version), since=format_date(state.since),
                language=source_language_name(source), link=source.url))


def untranslated_page(current: SiteText, entry: SiteVersion, status: dict[str, Status], source: SourceLanguage,
                      versions: list[SiteVersion], banner: str = "") -> str:
    """The notice page of a language with no translation of the version in
    force: it says so, and links to the source-language notice, which
    controls. The latest translation is not shown as the notice (it is not
    the text in force); it is linked to, on its own page marked with its
    status."""
    lines = [f"# {heading_text(current.notice.meta.title)} {{ #top }}", "",
             untranslated_note(entry, status[entry.version.version], source), ""]
    if banner:  # a version to come, after what is in force now
        lines += [banner, ""]
    older = [version for version in versions if status[version.version.version].kind != UPCOMING]
    if older:
        latest = older[-1].version.version
        lines += [t("The latest translation is of version {number} ({heading}): [read it]({link}). It is not the "
                    "version in force.").format(number=markdown_literal(latest),
                                                heading=status[latest].heading(), link=version_path(latest)), ""]
    lines += [t("[Every version of this notice](history/index.md), translated or not."), ""]
    return "\n".join(lines)


def significance_note(assessment: Assessment) -> str:
    """One line for a table cell: significant or minor, and about what (HTML).
    Only the categories the detector is sure of, in a visitor's words."""
    if assessment.first:
        return t("first version")
    if assessment.significant:
        about = [t(category) for category in sure_categories(assessment.detected.reasons)]
        if not assessment.detected.reasons:
            about = [t("declared by the authors")]
        verdict = f"<strong>{t('Significant change')}</strong>"
        # "{title}: {line}": French writes a space before the colon
        return t("{title}: {line}").format(title=verdict, line=html.escape("; ".join(about))) if about else verdict
    note = t("Minor change")
    if assessment.detected.significant and assessment.override_reason:
        note += " (" + t("declared minor by the authors: {reason}").format(
            reason=html.escape(assessment.override_reason)) + ")"
    return note


def _upcoming_banner(entry: SiteVersion, source: SourceLanguage | None = None, above_text: bool = True) -> str:
    """`source`: the version is not translated, so the link goes to its
    source-language page. `above_text`: the page shows the version in force below."""
    number = entry.version.version
    link = source.link(version_path(number)) if source else version_path(number)
    sentence = ("This is the version in force today. [Read version {number}]({link}) and what changes in it on "
                "the [history page](history/index.md).") if above_text else \
        "[Read version {number}]({link}) and what changes in it on the [history page](history/index.md)."
    return ('!!! info "' + t("A new version takes effect on {date}").format(date=format_date(entry.version.effective))
            + '"\n\n    ' + t(sentence).format(number=number, link=link))


def _source_predecessors(elsewhere: dict[str, SourceLanguage]) -> dict[str, str]:
    """For each version not translated: the version before it in the source language."""
    source = next(iter(elsewhere.values()), None)
    if source is None:
        return {}
    numbers = [entry.version.version for entry in source.versions]
    return {after: before for before, after in zip(numbers, numbers[1:]) if after in elsewhere}


def history_page(current: SiteText, newest_first: list[SiteVersion], pairs, assessments,
                 status: dict[str, Status], elsewhere: dict[str, SourceLanguage] | None = None) -> str:
    """`elsewhere`: the versions listed that this language has no translation
    of, linked to their source-language pages."""
    rows = []
    elsewhere = elsewhere or {}
    changed_from = {after.version.version: before.version.version for before, after, _ in pairs}
    source_from = _source_predecessors(elsewhere)
    for entry in newest_first:
        version = entry.version
        number = version.version
        source = elsewhere.get(number)
        if source is not None:
            language = html.escape(source.language)
            named = html.escape(source_language_name(source))
            page = html.escape(source.link(version_path(number)))
            label = source.label(number)
            link = (f'<a href="{page}" hreflang="{language}">' + t("Version {number}").format(
                number=html.escape(number)) + f"</a> <small>({label.format(language=named)})</small>")
            summary = f'<span lang="{language}">{html.escape(version.summary)}</span>'
            changes = (f'<a href="{html.escape(source.link(changes_path(source_from[number], number)))}" '
                       f'hreflang="{language}">' + t("changes from version {number}").format(
                           number=html.escape(source_from[number])) + f"</a> ({named})"
                       if number in source_from else t("first version"))
        else:
            link = (f'<a href="../{url_of(version_path(number))}">'
                    + t("Version {number}").format(number=html.escape(number)) + "</a>")
            summary = html.escape(version.summary)
            changes = (f'<a href="../{url_of(changes_path(changed_from[number], number))}">'
                       + t("changes from version {number}").format(number=html.escape(changed_from[number])) + "</a>"
                       if number in changed_from else t("first version") if assessments[number].first
                       else t("first version in this language"))
        if not entry.changed:
            changes += " (" + t("no change in the text on this site") + ")"
        state = status[number]
        rows.append(
            f'<tr class="notice-{state.kind.replace(" ", "-")}">'
            f'<td data-label="{t("Version")}">{link}</td>'
            f'<td data-label="{t("Status")}">{_status_cell(state)}</td>'
            f'<td data-label="{t("In force")}">{_period_cell(state)}</td>'
            f'<td data-label="{t("Summary")}">{summary}</td>'
            f'<td data-label="{t("Change")}">{significance_note(assessments[number])}</td>'
            f'<td data-label="{t("What changed")}">{changes}</td>'
            "</tr>")
    table = (f'<table class="notice-history">\n<caption>{t("Every version of this statement, newest first")}'
             '</caption>\n'
             f'<thead><tr><th scope="col">{t("Version")}</th><th scope="col">{t("Status")}</th>'
             f'<th scope="col">{t("In force")}</th>'
             f'<th scope="col">{t("Summary")}</th><th scope="col">{t("Change")}</th>'
             f'<th scope="col">{t("What changed")}</th>'
             '</tr></thead>\n<tbody>\n'
             + "\n".join(rows) + "\n</tbody>\n</table>")
    lookup = (f'<form class="notice-in-force" data-versions="../versions.json"{script_messages(LOOKUP_MESSAGES)} hidden>\n'
              f'<label for="in-force-date">{t("Which version was in force on")}</label>\n'
              '<input type="date" id="in-force-date" name="date" required>\n'
              f'<button type="submit" class="md-button md-button--primary">{t("Look up")}</button>\n'
              '<output for="in-force-date" aria-live="polite"></output>\n</form>')
    return (t("# History of the {title}").format(title=current.notice.meta.title) + " { #top }\n\n"
            + t("Every version that was ever in force stays readable here, with exactly what changed "
                "from the one before. [Compare any two versions](../compare/index.md). "
                "Machine-readable: [versions.json](../versions.json), [Atom feed](../feed.xml).") + "\n"
            + trusted_html(table) + trusted_html(lookup)
            + t("To find the version in force on a date without this form: it is the newest version "
                "whose date in force is on or before that date.") + "\n")


def versions_named(numbers: list[str]) -> str:
    """« version 5 », « versions 2 et 3 », "versions 2, 3 and 4" (Markdown-safe)."""
    shown = [markdown_literal(number) for number in numbers]
    if len(shown) == 1:
        return t("version {number}").format(number=shown[0])
    return t("versions {numbers}").format(numbers=", ".join(shown[:-1]) + t(" and ") + shown[-1])


def untranslated_note_of_history(missing: list[str], out_of_date: list[str], link: str,
                                 stale: list[str] | None = None) -> str:
    """The history's section on the versions listed in the source language:
    never translated, translated in part (some text never translated for
    it), or published here with a translation out of date (`stale`)."""
    stale = [number for number in stale or [] if number in out_of_date]
    never = [number for number in missing if number not in out_of_date]
    in_part = [number for number in out_of_date if number not in stale]
    if not missing:
        return ""
    lines = [f"## {t('Versions not translated into this language')} {{ #untranslated }}", ""]
    if never:
        lines += [t("Published in the source language only: {versions} ([the history in the source "
                    "language]({link})).").format(versions=versions_named(never), link=link), ""]
    if in_part:
        lines += [t("Translated in part only (some texts were never translated for it), so kept in the source "
                    "language only, whose text controls: {versions} ([the history in the source "
                    "language]({link})).").format(versions=versions_named(in_part), link=link), ""]
    if stale:
        lines += [t("Published with a translation out of date (a text translated from an earlier source text, "
                    "under a note), so kept in the source language only, whose text controls: {versions} ([the "
                    "history in the source language]({link})).").format(versions=versions_named(stale), link=link),
                  ""]
    return "\n".join(lines).rstrip("\n")


def _words_of(text: SiteText) -> tuple:
    return text.notice.meta.title, text.preamble, tuple((s.id, s.title, body) for s, body in text.sections)


def print_jobs(current: SiteText, versions: list[SiteVersion], site_name: str,
               source: SourceLanguage | None = None) -> tuple:
    """The PDF of every version and every prepared redline of a site, made
    from their built pages (see pdf.py). With `source` (a translated
    language), a version is in force until the site's next version, translated or not."""
    site = current.site
    jobs = []
    everyone = [entry.version for entry in source.versions] if source else [entry.version for entry in versions]
    next_of = {earlier.version: later for earlier, later in zip(everyone, everyone[1:])}
    for entry in versions:
        version, meta = entry.version, entry.text.notice.meta
        following = next_of.get(version.version)
        until = " " + t("until {date}").format(date=format_date(following.effective)) if following else ""
        page = version_path(version.version)
        jobs.append(pdf.PrintJob(
            page=page.removesuffix(".md") + ".html", target=version_pdf(site.domain, version.version),
            url=site.url + url_of(page), title=t("{title}, version {number}").format(title=meta.title,
                                                                                    number=version.version),
            running=(site_name, t("Version {number} · in force from {since}").format(
                number=version.version, since=format_date(version.effective)) + until,
                     f"sha256:{entry.fingerprint}"),
            effective=version.effective, language=site.language, author=meta.controller.name or site.name,
            subject=t("{name}, version {number}, in force from {since}{until}; fingerprint {fingerprint}").format(
                name=site_name, number=version.version, since=format_date(version.effective), until=until,
                fingerprint=f"sha256:{entry.fingerprint}")))
    for before, after in zip(versions, versions[1:]):
        old, new, meta = before.version, after.version, after.text.notice.meta
        page = changes_path(old.version, new.version)
        jobs.append(pdf.PrintJob(
            page=page.removesuffix(".md") + ".html", target=changes_pdf(site.domain, old.version, new.version),
            url=site.url + url_of(page), title=t("{title}: changes from version {old} to version {new}").format(
                title=meta.title, old=old.version, new=new.version),
            running=(site_name, t("Changes from version {old} to version {new} (in force from {since})").format(
                old=old.version, new=new.version, since=format_date(new.effective)),
                     t("Inserted: underlined [+ … +] · Deleted: struck through [- … -]")),
            effective=new.effective, language=site.language, author=meta.controller.name or site.name,
            subject=t("Version {old} ({before}) to version {new} ({after})").format(
                old=old.version, before=f"sha256:{before.fingerprint}", new=new.version,
                after=f"sha256:{after.fingerprint}"),
            lines=tuple(t("Version {number}: {fingerprint}").format(number=number, fingerprint=f"sha256:{value}")
                        for number, value in ((old.version, before.fingerprint), (new.version, after.fingerprint)))))
    return tuple(jobs)


def _status_cell(state: Status) -> str:
    return state.label if state.kind == "superseded" else f"<strong>{state.label}</strong>"


def _period_cell(state: Status) -> str:
    since = f'<time datetime="{state.since.isoformat()}">{format_date(state.since)}</time>'
    if state.kind == UPCOMING:
        return t("from {since}").format(since=since)
    if state.until is None:
        return t("since {since}").format(since=since)
    until = f'<time datetime="{state.until.isoformat()}">{format_date(state.until)}</time>'
    if state.kind == "in force":
        return t("since {since}, until {until}").format(since=since, until=until)
    return t("from {since} until {until}").format(since=since, until=until)


def version_title(entry: SiteVersion, state: Status) -> str:
    """Tabs, bookmarks and search results tell the versions apart by this."""
    return t("{title}: version {number}, {status}").format(title=entry.text.notice.meta.title,
                                                            number=entry.version.version, status=state.heading())


BANNERS = {UPCOMING: ("info", "Upcoming version"), "in force": ("info", "The version in force"),
           "superseded": ("warning", "Superseded version")}  # labels: t() when used


def version_page(entry: SiteVersion, previous: SiteVersion | None, following: SiteVersion | None,
                 state: Status, pdf_link: str | None = None) -> Chunks:
    version = entry.version
    kind, label = BANNERS[state.kind]
    label = t(label)
    sentence = state.sentence()
    if state.kind != "in force":
        sentence += " " + t("[Read the version in force](../../index.md).")
    banner = f'!!! {kind} "{label}"\n\n    {sentence}'
    links = []
    if previous:
        links.append("[" + t("Changes from version {number}").format(number=previous.version.version) + "]"
                     f"(../../{changes_path(previous.version.version, version.version)})")
    if following:
        links.append("[" + t("Changes in version {number}").format(number=following.version.version) + "]"
                     f"(../../{changes_path(version.version, following.version.version)})")
    details = f" · <strong>{t('Fingerprint:')}</strong> <code>sha256:{entry.fingerprint}</code>"
    downloads = actions(pdf_link, t("Version {number} as PDF").format(number=version.version)) if pdf_link else ""
    page = notice_chunks(entry.text, root="../../", banner=banner, details=details,
                         title=version_title(entry, state), actions=downloads)
    return page + ((" · ".join(links) + "\n{ .notice-meta }",) if links else ())


def significance_block(assessment: Assessment, anchors: frozenset = frozenset(), titles: dict | None = None,
                       quoted_language: str = "", languages: dict | None = None) -> str:
    """Why this change is (or is not) significant, for visitors (HTML): one
    plain line per changed section, and only the categories the detector is
    sure of. The rules and quoted words are for authors (`noticegen diff`,
    `history --format json`, versions.json)."""
    reasons = assessment.detected.reasons
    if assessment.significant:
        head = f"<p><strong>{t('This is a significant change.')}</strong> "
        about = [t(category) for category in sure_categories(reasons)]
        if not reasons:
            head += t("The authors declared it significant.")
        elif about:
            said = t("It changes what this notice says about ")
            head += said + html.escape(_listed(about)) + "."
            # "about: a; b; and c" (past the mark of English words, if any: fallback.py)
            head = head.replace(said, re.sub(r" ([^\w ]*)$", r": \1", said), 1) \
                if len(about) > 1 and fallback.plain(said).endswith(" about ") else head
        else:
            head += t("It changes what this notice says.")
        head += "</p>"
    else:
        head = "<p>" + t("<strong>This is a minor change</strong>: no change to what data is collected, why, "
                         "who receives it, how long it is kept, where it goes, your rights, or who the controller "
                         "is.") + "</p>"
        if assessment.detected.significant and assessment.override_reason:
            head = ("<p>" + t("<strong>Declared a minor change by the authors</strong>, who reviewed the changes "
                              "below. Their reason: {reason}").format(reason=html.escape(assessment.override_reason))
                    + "</p>")
    items = []
    if i18n.current().split("-")[0] == "en":
        for section, title, line in section_lines(reasons):
            name = (f'<a href="#change-{html.escape(section)}">{html.escape(title)}</a>' if section in anchors
                    else html.escape(title))
            items.append(f"<li>{name}: {html.escape(line)}</li>")
    else:
        # In the page's language; the words the detector quotes are the source's, marked as such.
        for section, title, kind, reason, about in section_changes(reasons):
            # the preamble's title ("Introduction") is noticegen's word; a section's is the author's
            title = (titles or {}).get(section) or (t(title) if section == "preamble" else title)
            lang = _lang((languages or {}).get(section, ""))  # a section shown in the source language
            name = (f'<a href="#change-{html.escape(section)}"{lang}>{html.escape(title)}</a>' if section in anchors
                    else f"<span{lang}>{html.escape(title)}</span>" if lang else html.escape(title))
            items.append("<li>" + t("{title}: {line}").format(
                title=name, line=_plain_line(kind, reason, about, quoted_language)) + "</li>")
    return f'<div class="notice-significance">{head}' + (f"<ul>{''.join(items)}</ul>" if items else "") + "</div>"


def plain_lines(reasons) -> list[tuple[str, str, str]]:
    """(section id, title, line) as significance.section_lines, in the
    current language and as plain text (for emails): the quotes unmarked."""
    return [(section, title, _plain_line(kind, reason, about, "", markup=False))
            for section, title, kind, reason, about in section_changes(reasons)]


def _plain_line(kind: str, reason, about: list[str], quoted_language: str, markup: bool = True) -> str:
    """The detector's line for visitors (significance.section_lines), said
    in the page's language (HTML, or with `markup` off plain text): its
    words from the messages catalog, the source's words it quotes in a
    `lang` of their own."""
    escape = html.escape if markup else (lambda text: text)

    def quoted(text: str) -> str:
        inner = escape(text)
        if quoted_language and markup:
            inner = f'<span lang="{html.escape(quoted_language)}">{inner}</span>'
        return t("“{quote}”").format(quote=inner)

    def listed(quotes) -> str:
        shown = t(" and ").join(quoted(_short(q)) for q in telling(quotes))
        return shown + (t(" and more") if len(quotes) > 2 else "")

    if kind == "structure":
        line = t("adds this section") if reason.rule == "section added" else t("removes this section")
    elif kind == "rewritten":
        line = t("rewrites much of this section")
        if about:
            line += t(", about {about}").format(about=escape(_listed([t(a) for a in about])))
    elif kind == "changed":
        line = t("changed")
    elif reason.rule == "the controller's details changed":
        line = t("changes who is responsible for your information or how to reach them")
        detail = reason.plain.partition(": ")[2]
        if detail:
            line += t(": {details}").format(details=quoted(detail))
    else:
        added, removed = reason.added, reason.removed
        if added and removed:
            line = t("now says {added} where it said {removed}").format(added=listed(added), removed=listed(removed))
        elif added:
            line = t("now says {added}").format(added=listed(added))
        elif removed:
            line = t("no longer says {removed}").format(removed=listed(removed))
        else:
            line = t("changed")
        if reason.about:
            line += t(", about {about}").format(about=escape(t(reason.about)))
    return fallback.capitalized(line) + "."


def _short(quote: str, words: int = 10) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _listed(names: list[str]) -> str:
    """a; b; and c (the names have commas of their own)"""
    return names[0] if len(names) == 1 else "; ".join(names[:-1]) + t("; and ") + names[-1]


def changes_page(before: SiteVersion, after: SiteVersion, diff: NoticeDiff, assessment: Assessment,
                 status: dict[str, Status], pdf_link: str | None = None, quoted_language: str = "") -> str:
    """`quoted_language`: the language of the words the detector quotes (the
    source's), on a page in another language."""
    old, new = before.version, after.version
    clauses = [status[new.version].clause(new.version), status[old.version].clause(old.version)]
    downloads = actions(pdf_link or "", t("These changes as PDF"), t("Print these changes"))
    head = ("# " + t("Changes from version {old} to version {new}").format(old=old.version, new=new.version)
            + f" ({status[new.version].heading()}) {{ #top }}\n\n"
            f"{fallback.capitalized(clauses[0])}; {clauses[1]}. "
            "[" + t("Version {number}").format(number=old.version) + f"](../../{version_path(old.version)}) · "
            "[" + t("Version {number}").format(number=new.version) + f"](../../{version_path(new.version)}) · "
            "[" + t("All versions") + "](../../history/index.md)\n{ .notice-meta }\n"
            + trusted_html(downloads) +
            f"**{t('Summary:')}** {markdown_literal(new.summary)}\n")
    behind = _behind(after)
    if not diff.changed:
        if behind:  # the source changed where this language's text was not updated: not "nothing changed"
            lead = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(t("**No change in the translated text.**")))
            return head + trusted_html(f"<p>{lead} {behind}</p>")
        return head + "\n" + t("**No change in the text on this site.** This version changed only text "
                                "that this site does not show.") + "\n"
    if behind:
        head += trusted_html(f"<p>{behind}</p>")
    summary = ["<ul class=\"notice-change-summary\">"]
    for section in diff.changed:
        link = f'<a href="#change-{section.id}"{_lang(section.title_language)}>{html.escape(section.title)}</a>'
        summary.append("<li>" + t("{title}: {line}").format(title=link, line=_describe(section)) + "</li>")
    summary.append("</ul>")
    body = ['<p class="notice-legend">' + t('Inserted text is <ins class="notice-ins">underlined</ins>, '
                                            'deleted text is <del class="notice-del">struck through</del>.') + '</p>']
    for section in diff.sections:
        body.append(_section_block(section))
    anchors = frozenset(section.id for section in diff.sections)
    titles = {section.id: section.title for section in diff.sections}
    languages = {section.id: section.title_language for section in diff.sections if section.title_language}
    return head + trusted_html(significance_block(assessment, anchors, titles, quoted_language, languages)) + f"\n## {t('What changed')} {{ #summary }}\n" + \
        trusted_html("\n".join(summary)) + trusted_html("\n".join(body))


def _behind(after: SiteVersion) -> str:
    """On a language's redline: the sections whose translation the version
    publishes under noticegen's note (stale or missing), which the redline
    leaves out of its comparison (HTML: a title in the source language, a
    missing translation's, says so)."""
    page = after.text.site.language
    titles = [f"<span{_lang(section.source_language)}>{html.escape(section.title)}</span>"
              if section.source_language and section.source_language != page else html.escape(section.title)
              for section, _ in after.text.sections if section.note]
    if not titles:
        return ""
    return html.escape(t("In this version, the translation of these sections was not brought up to date with the "
                         "source text: {sections}. The source-language version of this notice controls.")).format(
                             sections=_listed(titles))


def _describe(section) -> str:
    if section.kind == "added":
        return t("new section")
    if section.kind == "removed":
        return t("section removed")
    if section.kind == "moved":
        return t("moved, text unchanged")
    words_in = sum(len(text.split()) for op, text in section.reading_ops if op == 1)
    words_out = sum(len(text.split()) for op, text in section.reading_ops if op == -1)
    parts = []
    if section.old_title != section.new_title:
        parts.append(t("retitled (was “{title}”)").format(title=html.escape(section.old_title)))
    if words_in or words_out:
        parts.append(t("{count} word added" if words_in == 1 else "{count} words added").format(count=words_in)
                     + ", " + t("{count} word removed" if words_out == 1 else "{count} words removed").format(
                         count=words_out))
    if section.moved:
        parts.append(t("moved"))
    return "; ".join(parts)


def _lang(language: str) -> str:
    """The `lang` attribute of words in another language than the page's (source text on a translated page)."""
    return f' lang="{html.escape(language)}"' if language else ""


def _section_block(section) -> str:
    title = html.escape(section.title)
    if section.title_language:  # the title in the source's language, noticegen's words around it in the page's
        title = f"<span{_lang(section.title_language)}>{title}</span>"
    anchor = f"change-{section.id}"
    if section.kind in ("unchanged", "moved"):
        note = t("moved, text unchanged") if section.kind == "moved" else t("unchanged")
        return (f'<details class="notice-unchanged" id="{anchor}"><summary>{title} '
                f"<small>({note})</small></summary>\n<p>{t('Not shown: no change in this section.')}</p></details>")
    label = t({"added": "new section", "removed": "section removed", "changed": "changed"}[section.kind])
    heading = f'<h2 id="{anchor}">{title} <small class="notice-change-kind">({label})</small></h2>'
    if section.language:  # every word of it in the source's language: one container says so
        words = f"<div{_lang(section.language)}>\n{ops_html(section.reading_ops)}\n</div>"
    else:
        words = ops_html(section.reading_ops, section.old_language, section.new_language)
    return f'<section class="notice-change notice-change--{section.kind}">\n{heading}\n{words}\n</section>'


def versions_json(current: SiteText, newest_first: list[SiteVersion], pairs, assessments,
                  status: dict[str, Status], elsewhere: dict[str, SourceLanguage] | None = None) -> str:
    """`elsewhere`: versions this language lists without a translation; their
    entries say `"translated": false` and point at the source-language pages."""
    site = current.site
    elsewhere = elsewhere or {}
    changed_from = {after.version.version: before.version.version for before, after, _ in pairs}
    source_from = _source_predecessors(elsewhere)
    entries = []
    for entry in newest_first:
        version = entry.version
        number = version.version
        source = elsewhere.get(number)
        common = {
            "version": number,
            "effective": version.effective.isoformat(),
            "effective_text": format_date(version.effective),
            **status[number].to_json(),
            "summary": version.summary,
            "commit": version.commit,
            "author": version.author or None,
            "committed": version.committed or None,
            "published": version.published or None,
            "backdated": version.backdated,
            "fingerprint": f"sha256:{entry.fingerprint}",
            "changed_on_site": entry.changed,
            **assessments[number].to_json(),
        }
        if source is not None:  # not translated into this language: its pages are the source language's
            entries.append({**common, "translated": False, "language": source.language,
                            "url": source.link(version_path(number)),
                            "changes_url": source.link(changes_path(source_from[number], number))
                            if number in source_from else None,
                            "text_url": source.url + version_json_path(number)})
        else:
            entries.append({**common, "url": site.url + url_of(version_path(number)),
                            "changes_url": site.url + url_of(changes_path(changed_from[number], number))
                            if number in changed_from else None,
                            "text_url": site.url + version_json_path(number)})
    data = {
        "site": site.domain, "url": site.url, "title": current.notice.meta.title,
        "in_force_lookup": "the version in force on a date is the first entry (newest first) "
                           "whose `effective` is on or before that date",
        "in_force": next((e.version.version for e in newest_first if status[e.version.version].kind == "in force"),
                         None),
        "versions": entries,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def version_json(entry: SiteVersion) -> str:
    """One version's text as this site showed it."""
    version = entry.version
    data = {
        "version": version.version, "effective": version.effective.isoformat(),
        "fingerprint": f"sha256:{entry.fingerprint}", "title": entry.text.notice.meta.title,
        "preamble": _preamble_words(entry.text) or None,
        # The translation's words alone in `markdown` (what the compare page diffs); noticegen's
        # note on a stale or missing translation apart, in `note`.
        "sections": [{"id": s.id, "title": s.title, "markdown": s.words(body), **_note_field(s, body),
                      **_language_field(s, entry.text.site.language)} for s, body in entry.text.sections],
    }
    # Compact: written for every version of every site, read by programs and the compare page.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _language_field(section, page_language: str) -> dict:
    """{"language": ...} when the section is shown in the source language on a translated page
    (the compare page marks its words so, as notice.json does)."""
    shown = section.source_language
    return {"language": shown} if shown and shown != page_language else {}


def _note_field(section, body: str) -> dict:
    """{"note": Markdown} when the section's text is shown under noticegen's note."""
    return {"note": section.note} if section.note and body.startswith(section.note) else {}


def _preamble_words(text) -> str:
    preamble = text.notice.preamble
    return preamble.words(text.preamble) if preamble and text.preamble else text.preamble


# What noticegen.js writes on the history and compare pages (by their English text, see `say` there).
LOOKUP_MESSAGES = ("No version of this statement was in force on {date}.", "Version {number}",
                   " was in force on {date} (from {since}).", "The list of versions could not be loaded.")
COMPARE_MESSAGES = ("Changes from version {old} to version {new}", "unchanged", "Not shown: no change in this section.",
                    "changed", "section removed", "new section", "No change in the text between these versions.",
                    "What changed", "Inserted text is ", "underlined", ", deleted text is ", "struck through", ".",
                    "Version {number} ({status}, {date})", "upcoming", "in force", "superseded",
                    "You picked the newer version first; the changes are shown from the older one to the newer one.",
                    "Comparing…", "The versions could not be loaded.", "{title}: {line}")


def script_messages(keys) -> str:
    """A form's data-messages: noticegen.js's words in the page's language
    (those the catalog translates), and its data-english: those it does not,
    which noticegen.js shows in English and says so (`lang="en"`, as the
    build does, see fallback.py); nothing on an English page."""
    if i18n.current().split("-")[0] == "en":
        return ""
    messages = {key: t(key) for key in keys if i18n.translates(key) and t(key) != key}
    english = [key for key in keys if not i18n.translates(key) and fallback.has_words(key)]
    said = f' data-messages="{html.escape(json.dumps(messages, ensure_ascii=False, sort_keys=True))}"' \
        if messages else ""
    return said + (f' data-english="{html.escape(json.dumps(english, ensure_ascii=False))}"' if english else "")


def compare_page(current: SiteText, pairs) -> str:
    consecutive = "\n".join(
        "- [" + t("Version {old} to version {new}").format(old=before.version.version, new=after.version.version)
        + f"](../{changes_path(before.version.version, after.version.version)})"
        for before, after, _ in reversed(pairs)) or "- " + t("There is only one version so far.")
    # The form shows only with JavaScript (noticegen.js); the address keeps
    # the pair (?old=4&new=6), so a comparison can be shared and bookmarked.
    form = ('<form class="notice-compare" data-versions="../versions.json" '
            f'data-diff-script="../assets/javascripts/vendor/diff_match_patch.js"{script_messages(COMPARE_MESSAGES)} '
            'hidden>\n'
            '<p>' + t('Pick any two versions to see every word that changed between them. The comparison runs '
                      'in your browser; nothing is sent anywhere.') + '</p>\n'
            f'<label for="compare-old">{t("Older version")}</label>\n<select id="compare-old" name="old"></select>\n'
            f'<label for="compare-new">{t("Newer version")}</label>\n<select id="compare-new" name="new"></select>\n'
            f'<button type="submit" class="md-button md-button--primary">{t("Compare")}</button>\n</form>\n'
            '<div class="notice-compare-result" aria-live="polite"></div>')
    return (t("# Compare versions of the {title}").format(title=current.notice.meta.title) + " { #top }\n\n"
            + t("Every change between one version and the next is listed below, word by word. "
                "With JavaScript, this page also compares any two versions you pick.") + "\n"
            + trusted_html(form) +
            f"## {t('Changes between consecutive versions')} {{ #consecutive }}\n\n"
            + t("These are prepared in advance and readable without JavaScript:") + "\n\n" + consecutive + "\n")


def atom_feed(current: SiteText, newest_first: list[SiteVersion], pairs, assessments: dict[str, Assessment],
              status: dict[str, Status], today=None, elsewhere: dict[str, SourceLanguage] | None = None) -> str:
    """One entry per version, linking to what changed. An entry is dated
    when readers could first see it: its effective date, or for a version
    still to take effect the day it was published, never in the future.
    A version this language has no translation of (`elsewhere`) links to
    its source-language page and says it is not translated."""
    site = current.site
    elsewhere = elsewhere or {}
    title = f"{site.name} {current.notice.meta.title}"
    changed_from = {after.version.version: before.version.version for before, after, _ in pairs}
    entries, dates = [], []
    for entry in newest_first:
        version = entry.version
        number = version.version
        state = status[number]
        shown = version.effective if state.kind != UPCOMING else (
            _date_of(version.published) or today or version.effective)
        if today is not None:
            shown = min(shown, today)
        dates.append(shown)
        link = site.url + url_of(changes_path(changed_from[number], number) if number in changed_from
                                 else version_path(number))
        verdict = _feed_verdict(assessments[number])
        summary = f"<summary>{xml_escape(verdict + ' ' + version.summary)}</summary>"
        if number in elsewhere:
            link = elsewhere[number].link(version_path(number))
            said = t("Translation out of date: the {language} text controls.") if number in elsewhere[number].stale \
                else t("Translated in part only: the {language} text controls.") \
                if number in elsewhere[number].out_of_date else t("Not translated yet: the {language} text controls.")
            verdict = said.format(language=source_language_name(elsewhere[number])) + " " + verdict
            # The version's summary is in the source language. Atom's text has no inline language
            # (xml:lang on the entry would claim noticegen's words too): an HTML summary says it.
            words = (html.escape(verdict, quote=False) + f' <span lang="{html.escape(elsewhere[number].language)}">'
                     + html.escape(version.summary, quote=False) + "</span>")
            summary = f'<summary type="html">{xml_escape(words)}</summary>'
        entries.append(f"""  <entry>
    <id>{xml_escape(site.url + url_of(version_path(number)))}</id>
    <title>{xml_escape(t("{title}: {line}").format(title=t("Version {number}").format(number=number),
                                                   line=state.heading()))}</title>
    <updated>{shown.isoformat()}T00:00:00Z</updated>
    <link rel="alternate" type="text/html" href="{xml_escape(link)}"/>
    {summary}
  </entry>""")
    updated = f"{max(dates).isoformat()}T00:00:00Z" if dates else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_escape(site.language)}">
  <id>{xml_escape(site.url)}history/</id>
  <title>{xml_escape(t("{title}: versions").format(title=title))}</title>
  <link rel="self" type="application/atom+xml" href="{xml_escape(site.url)}feed.xml"/>
  <link rel="alternate" type="text/html" href="{xml_escape(site.url)}history/"/>
  <updated>{updated}</updated>
  <author><name>{xml_escape(current.notice.meta.controller.name or site.name)}</name></author>
{chr(10).join(entries)}
</feed>
"""


def _feed_verdict(assessment: Assessment) -> str:
    if assessment.first:
        return t("The first version.")
    if assessment.significant:
        return t("A significant change to what this statement says about your information.")
    return t("A minor change: nothing changes in what happens to your information.")


def _date_of(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text[:10]) if text else None
