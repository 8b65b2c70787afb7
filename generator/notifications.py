"""The notifications a significant change calls for, from Jinja2 templates.

Default templates ship in generator/data/notifications/. The legal team
overrides any of them in notices/notifications/, and a site in
notices/sites/<domain>/notifications/:

    email_subject.txt, email.txt, email.html   the email (no remote images)
    banner.html                                the banner on the notice site
    feed_entry.xml                             an Atom entry
    webhook.json                               a JSON payload for a webhook

Each gets the site, its variables, the version, dates, summary, the reasons
and links to the new text and to the diff.
"""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import jinja2

from .history import SiteVersion
from .history_pages import changes_path, url_of, version_path
from .pages import format_date, site_values
from .significance import Assessment
from .sites import SITES_FOLDER, Site

TEMPLATE_FOLDER = "notifications"
DEFAULTS = Path(__file__).parent / "data" / "notifications"
TEMPLATES = ("email_subject.txt", "email.txt", "email.html", "banner.html", "feed_entry.xml", "webhook.json")
RENDERED = ("email_subject.txt", "email.txt", "email.html", "feed_entry.xml", "webhook.json")


class TemplateError(Exception):
    pass


def environment(notices: Path, site: Site) -> jinja2.Environment:
    folders = [notices / SITES_FOLDER / site.domain / TEMPLATE_FOLDER, notices / TEMPLATE_FOLDER, DEFAULTS]
    return _environment(tuple(str(f) for f in folders if f.is_dir()))


@functools.lru_cache(maxsize=64)
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """One per set of template folders: sites without their own templates
    share it, and each template is compiled once (auto_reload still notices
    an edit, for the preview server)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        keep_trailing_newline=True,
        undefined=jinja2.ChainableUndefined,  # {{ recipient.name }} may be absent
    )


def context(site: Site, entry: SiteVersion, previous: SiteVersion | None, assessment: Assessment,
            upcoming: bool = False, recipient: dict | None = None) -> dict:
    version = entry.version
    notice = entry.text.notice
    changes = changes_path(previous.version.version, version.version) if previous else version_path(version.version)
    reasons = [reason.to_json() for reason in assessment.detected.reasons]
    return {
        "site": {"domain": site.domain, "name": site.name, "url": site.url, "language": site.language},
        "variables": site_values(notice, site),
        "controller": {"name": notice.meta.controller.name, "email": notice.meta.controller.email},
        "notice_title": notice.meta.title,
        "version": version.version,
        "previous_version": previous.version.version if previous else None,
        "effective": version.effective.isoformat(),
        "effective_date": format_date(version.effective),
        "summary": version.summary,
        "reasons": reasons,  # every reason: section, category, rule, words
        "reasons_json": reasons,
        # what changed, once per section and category, for people to read
        "changes": [{"title": t, "label": l} for t, l in dict.fromkeys((r["title"], r["label"]) for r in reasons)],
        "version_url": site.url + url_of(version_path(version.version)),
        "changes_url": site.url + url_of(changes),
        "changes_path": site.base_path + url_of(changes),
        "history_url": site.url + "history/",
        "upcoming": upcoming,
        "recipient": recipient or {},
    }


def render(env: jinja2.Environment, name: str, values: dict) -> str:
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"notification template {name} not found (defaults: {DEFAULTS})") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"notification template {name}: {exc}") from None


def rendered_files(notices: Path, site: Site, entries: list[SiteVersion], assessments: dict[str, Assessment],
                   today: dt.date | None = None, days_after: int = 30) -> dict[str, str]:
    """<version>/<template> -> text, for each significant version of a site
    that can still be announced: until `days_after` days after it takes
    effect, as the banner (written beside the sites, never published). An
    older version's email rendered with today's templates would not be what
    was sent; the notify ledger records that."""
    env = environment(notices, site)
    files = {}
    for index, entry in enumerate(entries):
        assessment = assessments[entry.version.version]
        if index == 0 or not assessment.significant:
            continue
        if today is not None and today > entry.version.effective + dt.timedelta(days=days_after):
            continue
        values = context(site, entry, entries[index - 1], assessment)
        for name in RENDERED:
            files[f"{entry.version.version}/{name}"] = render(env, name, values)
    return files


def banner(notices: Path, site: Site, entries: list[SiteVersion], assessments: dict[str, Assessment],
           today: dt.date, days_after: int = 30) -> str:
    """The banner for the newest significant version, shown from its
    publication until `days_after` days after it takes effect ("" if none)."""
    for index in range(len(entries) - 1, 0, -1):
        entry = entries[index]
        if not assessments[entry.version.version].significant:
            continue
        published = dt.date.fromisoformat(entry.version.committed[:10]) if entry.version.committed else today
        if published <= today <= entry.version.effective + dt.timedelta(days=days_after):
            values = context(site, entry, entries[index - 1], assessments[entry.version.version],
                             upcoming=today < entry.version.effective)
            return render(environment(notices, site), "banner.html", values).strip()
        return ""
    return ""
