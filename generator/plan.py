"""A site's plan: every page's Markdown, its settings and its fingerprint,
made from the notice, the site and its history before anything is rendered.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import fallback, mkdocs_site, pdf
from .markdown_chunks import whole
from .history import site_history
from .notice import Notice
from .pages import SiteText, site_text
from .plan_inputs import site_view, viewed_history
from .project import Project
from .significance import assess_versions, load_vocabulary
from .sites import Site
from .status import statuses


@dataclass(frozen=True)
class BuildInputs:
    """What planning and building any site needs; sent once to each worker."""

    project: Project
    notice: Notice
    history: object  # history.History
    vocabulary: object
    sites: list[Site]
    shared: str  # freshness.shared_fingerprint
    today: dt.date
    framed: bool = True
    pdfs: bool = True  # False: no site gets PDFs (--no-pdf)
    languages: dict = field(default_factory=dict)  # (domain, language) -> translations.LanguageState
    translations: dict = field(default_factory=dict)  # language -> translations.Translation (working tree)
    archive: object = None  # translations.Archive: every translation committed, for earlier versions
    # The version the working tree's translations are of ("" for notice.yml's; the preview's draft, 5+draft)
    current_version: str = ""


@dataclass(frozen=True)
class SitePlan:
    """All a worker needs to build one site; picklable."""

    domain: str
    pages: dict[str, str]
    settings: mkdocs_site.SiteSettings
    text: SiteText
    fingerprint: str
    notifications: dict = field(default_factory=dict)  # <version>/<template> -> text (not published)
    print_jobs: tuple = ()  # pdf.PrintJob: the PDFs made from built pages
    # A language whose translation of the version in force is missing: that version's number and the
    # note saying so (Markdown), which its embeds show above the text and notice.json names.
    untranslated: tuple = ()
    # What the embeds show: the notice page's text (the version in force while
    # a newer one waits), or None with `untranslated`; and the version to come.
    embedded: SiteText | None = None
    upcoming: tuple = ()  # (version, effective date ISO) of the version that takes effect next
    # No version in force (a date before every effective date): the note saying so (Markdown), which the
    # embeds show above the newest version and by which notice.json's `in_force` is null, as versions.json's.
    not_in_force: str = ""
    shared: str = ""  # freshness.shared_fingerprint: what every site depends on besides its own text


def plan_site(notice: Notice, site: Site, shared_fingerprint: str, cache_dir: Path | None = None,
              versions: list | None = None, diffs: dict | None = None, vocabulary=None,
              notices: Path | None = None, today: dt.date | None = None, pdfs: bool | None = None,
              assessments: dict | None = None, alternates: list | None = None, history_note: str = "",
              source=None, banner: str = "") -> SitePlan:
    """`pdfs`: whether to make PDFs (and link to them); by default the
    site's `pdf` setting, unless NOTICEGEN_PDF=off. A site in another
    language than its source gets the source's `assessments` (the detector
    reads the source language), its languages' `alternates` and `source`
    (history_pages.SourceLanguage: the site's versions, whose statuses and
    version in force it follows) and `banner` (the change banner, in its language)."""
    from . import embeds, history_pages, notifications  # not needed when nothing is rebuilt

    text = site_text(notice, site)
    versions = versions if versions is not None else []
    diffs = {} if diffs is None else diffs
    vocabulary = vocabulary or load_vocabulary()
    if assessments is None:
        assessments = assess_versions(versions, vocabulary, diffs)
    pdfs = site.pdf and (pdf.enabled() if pdfs is None else pdfs)
    site_pages = history_pages.site_pages(text, versions, assessments, diffs, today, pdfs, source)
    # JSON and the feed: noticegen's English words without their marks (Markdown keeps them, see fallback.py).
    site_pages = {path: page if path.endswith(".md") else fallback.plain(page) for path, page in site_pages.items()}
    if history_note:
        site_pages["history/index.md"] += "\n" + history_note + "\n"
    settings = site_settings(notice, site, cache_dir, alternates)
    jobs = history_pages.print_jobs(text, versions, settings.site_name, source) if pdfs else ()
    rendered: dict = {}
    if notices is not None:
        rendered = notifications.rendered_files(notices, site, versions, assessments, today, site.banner_days)
        settings = replace(settings, banner=notifications.banner(notices, site, versions, assessments,
                                                                 today or notice.meta.effective, site.banner_days))
    if banner:
        settings = replace(settings, banner=banner)
    digest = hashlib.sha256(shared_fingerprint.encode())
    for path in sorted(site_pages):  # length-prefixed, so no two sets of pages hash alike
        for part in (path, whole(site_pages[path])):
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
    missing = history_pages.untranslated_in_force(versions, today, source)
    untranslated = () if missing is None else (
        missing.version.version, history_pages.untranslated_note(
            missing, statuses(list(source.versions), today)[missing.version.version], source))
    embedded = history_pages.shown_text(text, versions, today, source)
    coming = history_pages.next_version(versions, today, source)
    upcoming = (coming.version.version, coming.version.effective.isoformat()) if coming else ()
    everyone = list(source.versions) if source else versions
    not_in_force = history_pages.not_in_force_note(everyone, statuses(everyone, today))
    digest.update(json.dumps([replace(settings, cache_dir=""), embeds.notice_data(embedded or text), rendered,
                              [repr(job) for job in jobs], untranslated, embedded is None, upcoming, not_in_force],
                             sort_keys=True, default=str).encode())
    return SitePlan(site.domain, site_pages, settings, text, digest.hexdigest(), rendered, jobs, untranslated,
                    embedded, upcoming, not_in_force, shared_fingerprint)


def site_settings(notice: Notice, site: Site, cache_dir: Path | None = None,
                  alternates: list | None = None) -> mkdocs_site.SiteSettings:
    from .i18n import t

    return mkdocs_site.SiteSettings(
        site_name=f"{site.name} {notice.meta.title}",
        site_url=site.url,
        language=site.language,
        nav=[{notice.meta.title: "index.md"}, {t("History"): "history/index.md"},
             {t("Compare versions"): "compare/index.md"}],
        description=t("The {title} of {name}: what information is collected and why, who receives it, how long "
                      "it is kept and your rights; with every earlier version and what changed.").format(
                          title=notice.meta.title, name=site.name),
        alternates=tuple(alternates or ()),
        # The build date MkDocs writes (sitemap, gzip header) is the notice's
        # effective date, never the clock: same commit, same bytes.
        date_epoch=calendar.timegm(notice.meta.effective.timetuple()),
        cache_dir=str(cache_dir) if cache_dir else "",
    )


def translation_archive(project: Project, checked):
    """Every translation committed (for earlier versions), when a site publishes several languages."""
    if not any(site.translated for site in checked.sites):
        return None
    if checked.archive is not None:
        return checked.archive
    from .translations import Archive

    return Archive.build(project.root if checked.history.head_sha else None, project.notices, checked.translations,
                         [v.version for v in checked.history.versions], checked.notice.meta.version)


def plan_languages(inputs: "BuildInputs", site: Site, diffs: dict, cache_dir: Path | None,
                   notices: Path | None = ..., memo: dict | None = None) -> tuple[SitePlan, list, str]:
    """The site's plan in its source language, the plan of each other
    language (published under <base_path><language>/), and the fingerprint
    of them all (the source's own for a site in one language). `memo`: the
    one plan_inputs.key was given, so the plan is made from the very views
    the key hashed, not from views made again."""
    from . import history_pages, i18n, notifications

    notices = inputs.project.notices if notices is ... else notices
    if not site.translated:  # given only what plan_inputs.key hashes, so the key can stand for the plan
        plan = plan_site(site_view(inputs.notice, site, memo), site, inputs.shared, cache_dir,
                         viewed_history(inputs.history, site, memo), diffs, inputs.vocabulary, notices, inputs.today,
                         inputs.pdfs)
        return plan, [], plan.fingerprint
    entries = site_history(inputs.history, site)
    from .languages import alternates, language_site, notes, translated_versions
    from .languages import STALE_VERSION, out_of_date as languages_out_of_date
    from .translations import translated_notice

    links = alternates(site)
    with i18n.speaking(site.language):
        plan = plan_site(inputs.notice, site, inputs.shared, cache_dir, entries, diffs, inputs.vocabulary,
                         notices, inputs.today, inputs.pdfs, alternates=links)
    source_assessments = assess_versions(entries, inputs.vocabulary or load_vocabulary(), diffs)
    translated, digest = [], hashlib.sha256(plan.fingerprint.encode())
    for language in site.translated:
        state = inputs.languages.get((site.domain, language))
        translation = inputs.translations.get(language)
        current = (translation, state) if translation is not None and state is not None else None
        with i18n.speaking(language):
            pairs = translated_versions(entries, site, language, inputs.archive, current,
                                        inputs.current_version or inputs.notice.meta.version, inputs.vocabulary)
            versions = [entry for entry, _ in pairs]
            assessments = assess_versions([source for _, source in pairs], inputs.vocabulary or load_vocabulary(),
                                          diffs) if pairs else {}
            if pairs and pairs[0][1] is not entries[0]:  # its first translated version had a predecessor
                assessments[pairs[0][1].version.version] = source_assessments[pairs[0][1].version.version]
            notice, shown = translated_notice(inputs.notice, site, translation, state, notes(language)) if current else \
                (versions[-1].text.notice, versions[-1].text.site) if versions else (inputs.notice, site)
            variant = language_site(replace(shown, language=site.language), language)
            missing = [entry for entry in entries if all(source is not entry for _, source in pairs)]
            out_of_date = languages_out_of_date(missing, site, language, inputs.archive)
            note = history_pages.untranslated_note_of_history([e.version.version for e in missing],
                                                              list(out_of_date), site.url + "history/",
                                                              [n for n, kind in out_of_date.items()
                                                               if kind == STALE_VERSION])
            source = history_pages.SourceLanguage(tuple(entries), source_assessments, site.url, site.language,
                                                  frozenset(out_of_date), frozenset(
                                                      n for n, kind in out_of_date.items() if kind == STALE_VERSION))
            banner = "" if notices is None else notifications.language_banner(
                notices, site, language, entries, source_assessments, pairs, notice.meta.title,
                inputs.today or inputs.notice.meta.effective, site.banner_days)
            language_plan = plan_site(notice, variant, inputs.shared, cache_dir, versions, diffs,
                                      inputs.vocabulary, None, inputs.today, inputs.pdfs, assessments, links, note,
                                      source, banner)
        translated.append((language, language_plan))
        digest.update(f"\n{language}\n{language_plan.fingerprint}".encode())
    return plan, translated, digest.hexdigest()



def prefill(inputs: BuildInputs, site: Site) -> int:
    """What planning `site` asks of the persistent cache (generator/cache.py)
    for each pair of its versions, the word diffs of the redline and the
    assessment, worked out newest pair first. A worker with no site of its
    own runs it while another plans the site from the oldest pair, so a
    single long history uses both cores: each finds in the cache what the
    other has done. It changes nothing else; returns the pairs it went through."""
    from .diff import cached_diff
    from .significance import assess

    entries = site_history(inputs.history, site) if site.translated else viewed_history(inputs.history, site)
    vocabulary, diffs = inputs.vocabulary or load_vocabulary(), {}
    pairs = list(zip(entries, entries[1:]))
    for before, after in reversed(pairs):
        diff = cached_diff(diffs, before, after)
        assess(diff, vocabulary, diffs)
        for section in diff.sections:
            section.reading_ops  # noqa: B018 (computed, and kept in the cache, by asking)
    return len(pairs)
