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

from . import mkdocs_site, pdf
from .markdown_chunks import whole
from .notice import Notice
from .pages import SiteText, site_text
from .significance import assess_versions, load_vocabulary
from .sites import Site


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


def plan_site(notice: Notice, site: Site, shared_fingerprint: str, cache_dir: Path | None = None,
              versions: list | None = None, diffs: dict | None = None, vocabulary=None,
              notices: Path | None = None, today: dt.date | None = None, pdfs: bool | None = None) -> SitePlan:
    """`pdfs`: whether to make PDFs (and link to them); by default the
    site's `pdf` setting, unless NOTICEGEN_PDF=off."""
    from . import embeds, history_pages, notifications  # not needed when nothing is rebuilt

    text = site_text(notice, site)
    versions = versions if versions is not None else []
    diffs = {} if diffs is None else diffs
    vocabulary = vocabulary or load_vocabulary()
    assessments = assess_versions(versions, vocabulary, diffs)
    pdfs = site.pdf and (pdf.enabled() if pdfs is None else pdfs)
    site_pages = history_pages.site_pages(text, versions, assessments, diffs, today, pdfs)
    settings = site_settings(notice, site, cache_dir)
    jobs = history_pages.print_jobs(text, versions, settings.site_name) if pdfs else ()
    rendered: dict = {}
    if notices is not None:
        rendered = notifications.rendered_files(notices, site, versions, assessments, today, site.banner_days)
        settings = replace(settings, banner=notifications.banner(notices, site, versions, assessments,
                                                                 today or notice.meta.effective, site.banner_days))
    digest = hashlib.sha256(shared_fingerprint.encode())
    for path in sorted(site_pages):  # length-prefixed, so no two sets of pages hash alike
        for part in (path, whole(site_pages[path])):
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
    digest.update(json.dumps([replace(settings, cache_dir=""), embeds.notice_data(text), rendered,
                              [repr(job) for job in jobs]], sort_keys=True, default=str).encode())
    return SitePlan(site.domain, site_pages, settings, text, digest.hexdigest(), rendered, jobs)


def site_settings(notice: Notice, site: Site, cache_dir: Path | None = None) -> mkdocs_site.SiteSettings:
    return mkdocs_site.SiteSettings(
        site_name=f"{site.name} {notice.meta.title}",
        site_url=site.url,
        language=site.language,
        nav=[{notice.meta.title: "index.md"}, {"History": "history/index.md"},
             {"Compare versions": "compare/index.md"}],
        description=f"The {notice.meta.title} of {site.name}: what information is collected and why, who "
                    "receives it, how long it is kept and your rights; with every earlier version and what changed.",
        # The build date MkDocs writes (sitemap, gzip header) is the notice's
        # effective date, never the clock: same commit, same bytes.
        date_epoch=calendar.timegm(notice.meta.effective.timetuple()),
        cache_dir=str(cache_dir) if cache_dir else "",
    )
