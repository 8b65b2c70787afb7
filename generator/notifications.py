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

Templates are the project's code, so they run in Jinja's sandbox (no
reaching Python from `{{ cycler.__init__.__globals__ }}`), with HTML and XML
autoescaped, and what they produce is held to an allow-list before anyone
sees it: the banner and the HTML email are cleaned (see safety.py), the
webhook payload must be JSON and the feed entry well-formed XML.
`template_problems` renders every template once for `check`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import json
import re
import signal
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import fallback, safety
from .problems import Problem

from .errors import TemplateError
from .history import SiteVersion
from .history_pages import changes_path, url_of, version_path
from .pages import format_date, site_values
from .significance import Assessment, section_lines, sure_categories
from .sites import SITES_FOLDER, Site

TEMPLATE_FOLDER = "notifications"
DEFAULTS = Path(__file__).parent / "data" / "notifications"
TEMPLATES = ("email_subject.txt", "email.txt", "email.html", "banner.html", "feed_entry.xml", "webhook.json")
RENDERED = ("email_subject.txt", "email.txt", "email.html", "feed_entry.xml", "webhook.json")


def template_folders(notices: Path, site: Site, language: str | None = None) -> tuple[str, ...]:
    """Where `site`'s templates come from, most specific first. In a
    translated `language`: notices/translations/<language>/notifications/,
    then noticegen's own in that language (data/notifications/fr/); none
    (an empty tuple) when neither has an email in that language."""
    if language is not None:
        from .translations import FOLDER

        folders = [notices / FOLDER / language / TEMPLATE_FOLDER, DEFAULTS / language, DEFAULTS / language.split("-")[0]]
        found = tuple(dict.fromkeys(str(f) for f in folders if f.is_dir()))
        return found if any((Path(f) / "email.txt").is_file() for f in found) else ()
    folders = [notices / SITES_FOLDER / site.domain / TEMPLATE_FOLDER, notices / TEMPLATE_FOLDER, DEFAULTS]
    return tuple(str(f) for f in folders if f.is_dir())


LANGUAGE_TEMPLATES = ("email_subject.txt", "email.txt", "email.html", "banner.html")  # what a language's folder may hold


def banner_folders(notices: Path, language: str) -> tuple[str, ...]:
    """Where a translated `language`'s banner comes from: the project's
    (notices/translations/<language>/notifications/), then noticegen's own
    in that language; none when neither has a banner.html."""
    from .translations import FOLDER

    folders = [notices / FOLDER / language / TEMPLATE_FOLDER, DEFAULTS / language, DEFAULTS / language.split("-")[0]]
    found = tuple(dict.fromkeys(str(f) for f in folders if (f / "banner.html").is_file()))
    return found


def environment(notices: Path, site: Site, language: str | None = None) -> jinja2.Environment:
    return _environment(template_folders(notices, site, language))


class _Loader(jinja2.FileSystemLoader):
    """Only the six templates, each a regular file really inside its folder:
    an include cannot reach `.secret.txt`, and a symlink cannot bring
    /etc/passwd into every email."""

    def get_source(self, environment, template):
        if template not in TEMPLATES:
            raise jinja2.TemplateNotFound(template)
        for folder in self.searchpath:
            path = Path(folder) / template
            if not (path.exists() or path.is_symlink()):
                continue
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                raise TemplateError("a template that is a broken or looping symlink", path, 0,
                                    "replace it by the file itself") from None
            if not real.is_relative_to(Path(folder).resolve()) or not real.is_file():
                raise TemplateError("a template must be a file in its folder, not a link elsewhere or "
                                    "anything else", path, 0, "copy the template into the folder")
            return super().get_source(environment, template)
        raise jinja2.TemplateNotFound(template)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with every unsafe access an error: by default it
    quietly renders nothing, which `check` could not report."""

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"access to attribute {attribute!r} of a {type(obj).__name__} is not allowed")


@functools.lru_cache(maxsize=64)
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """One per set of template folders: sites without their own templates
    share it, and each template is compiled once (auto_reload still notices
    an edit, for the preview server)."""
    return _Sandbox(
        loader=_Loader(list(folders)),
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
        "reasons": reasons,  # every reason: section, category, rule, words (for authors and programs)
        "reasons_json": reasons,
        # what changed, once per section, in words for the people told: `label` and `plain`
        # are the same line; `about`, the categories the detector is sure of
        "changes": [{"title": title, "label": line, "plain": line, "section": section,
                     "about": sure_categories([r for r in assessment.detected.reasons if r.section == section])}
                    for section, title, line in section_lines(assessment.detected.reasons)],
        "about": sure_categories(assessment.detected.reasons),
        "version_url": site.url + url_of(version_path(version.version)),
        "changes_url": site.url + url_of(changes),
        "changes_path": site.base_path + url_of(changes),
        "history_url": site.url + "history/",
        "upcoming": upcoming,
        "recipient": recipient or {},
    }


def render(env: jinja2.Environment, name: str, values: dict, strict: bool = False) -> str:
    """The template's output, held to what its kind may contain; `strict`
    (for check): HTML the allow-list would take something out of is an error."""
    try:
        template = env.get_template(name)
        with _time_limit(TEMPLATE_SECONDS):
            output = template.render(values)
    except TemplateError:
        raise
    except jinja2.TemplateNotFound:
        raise TemplateError(f"notification template {name} not found (defaults: {DEFAULTS})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.message, exc.filename or name, exc.lineno or 0, "fix the template") from None
    except SecurityError as exc:
        raise TemplateError(f"the template tried something the sandbox forbids ({exc})", *_where(exc, name),
                            "templates may only show the values they are given") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(str(exc), *_where(exc, name), "fix the template") from None
    except _TooSlow:
        raise TemplateError(f"the template took more than {TEMPLATE_SECONDS:g} s to render", name, 0,
                            "a notification template should not loop over large ranges") from None
    except (ArithmeticError, ValueError, TypeError, LookupError, RecursionError, AttributeError) as exc:
        raise TemplateError(f"{type(exc).__name__}: {exc}", *_where(exc, name), "fix the template") from None
    return _held_to_kind(name, output, template.filename or name, strict)


TEMPLATE_SECONDS = 5.0


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """The sandbox bounds what a template may touch, not how long it runs:
    a timer does (in the main thread, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(exc: Exception, name: str) -> tuple[str, int]:
    """File and line of the innermost template frame in `exc`'s traceback
    (Jinja gives template frames the template's file and line)."""
    found = (name, 0)
    frame = exc.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(name):
            found = (filename, frame.tb_lineno)
        frame = frame.tb_next
    return found


ATOM_ELEMENTS = {"entry", "id", "title", "updated", "published", "link", "summary", "content", "author", "name",
                 "email", "uri", "category", "rights"}
ATOM_ATTRIBUTES = {"rel", "type", "href", "hreflang", "title", "term", "scheme", "label", "length"}
BODY = re.compile(r"<body\b[^>]*>(.*)</body>", re.S | re.I)


SHOWN_PER_TEMPLATE = 20  # what the allow-list takes out, listed one by one; past that, "and N more"


def _cleaned(fragment: str, clean, filename: str, strict: bool) -> str:
    cleaned = clean(fragment)
    if strict and (lost := safety.all_dropped(fragment, cleaned)):
        lines = _lines_of(filename, [item.written for item in lost])
        errors = [TemplateError(f"the allow-list takes out {item.what}, so nobody would see it", filename, line,
                                item.fix) for item, line in zip(lost[:SHOWN_PER_TEMPLATE], lines)]
        if len(lost) > SHOWN_PER_TEMPLATE:
            errors.append(TemplateError(f"and the allow-list takes out {len(lost) - SHOWN_PER_TEMPLATE} more things",
                                        filename, lines[SHOWN_PER_TEMPLATE], "fix the ones above and check again"))
        errors[0].others = errors[1:]
        raise errors[0]
    return cleaned


def _lines_of(filename: str, writtens: list[tuple[str, ...]]) -> list[int]:
    """For each lost thing, the line of the template holding the first of
    its spellings found, after where the same spelling was found for an
    earlier one (two <img> are on two lines); 0 when not found."""
    try:
        text = Path(filename).read_text(encoding="utf-8").lower()
    except (OSError, UnicodeDecodeError):
        return [0] * len(writtens)
    lines, after = [], {}
    for written in writtens:
        line = 0
        for word in written:
            word = word.lower()
            if word and (at := text.find(word, after.get(word, 0))) >= 0:
                after[word] = at + 1
                line = text.count("\n", 0, at) + 1
                break
        lines.append(line)
    return lines


def _held_to_kind(name: str, output: str, filename: str, strict: bool = False) -> str:
    if not name.endswith(".html"):  # noticegen's English words (fallback.py): plain text; HTML says so below
        output = fallback.plain(output)
    if name == "email_subject.txt" and re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", output.strip()):
        raise TemplateError(f"the subject must be one line: {output.strip()!r} would break the email's headers",
                            filename, 0, "write the subject on one line")
    if name == "banner.html":
        return _cleaned(output, safety.clean_banner, filename, strict)
    if name == "email.html":
        # Our own document shell; the template's body, cleaned.
        body = BODY.search(output)
        language = re.search(r'<html\b[^>]*\blang="([A-Za-z-]+)"', output)
        title = re.search(r"<title>(.*?)</title>", output, re.S)
        return ('<!doctype html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n<title>{}</title>\n</head>\n'
                "<body>\n{}\n</body>\n</html>\n").format(
                    language.group(1) if language else "en",
                    html.escape(fallback.plain(html.unescape(title.group(1))), quote=False) if title else "",
                    _cleaned(body.group(1) if body else output, safety.clean_email_body, filename,
                             strict).strip("\n"))
    if name == "webhook.json":
        try:
            json.loads(output)
        except ValueError as exc:
            raise TemplateError(f"the webhook payload is not JSON ({exc})", filename, 0,
                                "write values with | tojson") from None
    if name == "feed_entry.xml":
        try:
            entry = ElementTree.fromstring(output)
        except ElementTree.ParseError as exc:
            raise TemplateError(f"the feed entry is not well-formed XML ({exc})", filename, 0) from None
        for element in entry.iter():
            tag = element.tag.split("}")[-1]
            if tag not in ATOM_ELEMENTS or set(element.attrib) - ATOM_ATTRIBUTES:
                raise TemplateError(f"the feed entry may hold Atom elements only, not <{tag}> with "
                                    f"{sorted(element.attrib)}", filename, 0,
                                    f"use {', '.join(sorted(ATOM_ELEMENTS))}")
            href = element.get("href")
            if href is not None and re.match(r"^\s*[a-z][a-z0-9+.-]*:", href, re.I) and \
                    not re.match(r"^\s*https?:", href, re.I):
                raise TemplateError(f"the feed entry links to {href!r}", filename, 0, "link to an http(s) address")
    return output


def template_problems(notices: Path, site: Site, entry: SiteVersion, assessment: Assessment,
                      language: str | None = None) -> list[Problem]:
    """Every template of `site` (in a translated `language`: those its
    folders hold), rendered with `entry` as the change (both before and
    after it takes effect): syntax errors, sandbox violations and output of
    the wrong kind."""
    folders = template_folders(notices, site, language)
    env = _environment(folders)
    names = TEMPLATES if language is None else [name for name in TEMPLATES
                                                if any((Path(folder) / name).is_file() for folder in folders)]
    problems: list[Problem] = []
    banners = banner_folders(notices, language) if language is not None else ()
    for upcoming in (True, False):
        values = context(site, entry, entry, assessment, upcoming=upcoming,
                         recipient={"email": "person@example.com", "name": "A Person"})
        # A language's banner, with its version translated and not (see language_banner).
        jobs = [(name, env, values) for name in names if not banners or name != "banner.html"]
        jobs += [("banner.html", _environment(banners),
                  {**values, **_untranslated_values(site, values["notice_title"], values["changes_url"], translated)})
                 for translated in ((True, False) if banners else ())]
        for name, where, job_values in jobs:
            try:
                render(where, name, job_values, strict=True)
            except TemplateError as exc:
                for error in (exc, *exc.others):
                    problem = Problem(Path(error.path or notices / TEMPLATE_FOLDER / name), error.line,
                                      error.detail, error.fix)
                    if problem not in problems:
                        problems.append(problem)
    return problems


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
    index = banner_index(entries, assessments, today, days_after)
    if index is None:
        return ""
    entry = entries[index]
    values = context(site, entry, entries[index - 1], assessments[entry.version.version],
                     upcoming=today < entry.version.effective)
    return render(environment(notices, site), "banner.html", values).strip()


def banner_index(entries: list[SiteVersion], assessments: dict[str, Assessment], today: dt.date,
                 days_after: int = 30) -> int | None:
    """Which of `entries` the banner announces, if any (see `banner`)."""
    for index in range(len(entries) - 1, 0, -1):
        entry = entries[index]
        if not assessments[entry.version.version].significant:
            continue
        published = dt.date.fromisoformat(entry.version.published) if entry.version.published else today
        if published <= today <= entry.version.effective + dt.timedelta(days=days_after):
            return index
        return None
    return None


def language_banner(notices: Path, site: Site, language: str, entries: list[SiteVersion],
                    assessments: dict[str, Assessment], pairs, title: str, today: dt.date,
                    days_after: int = 30) -> str:
    """The banner on `language`'s pages: the source's announcement (the same
    version, the same days), in that language. With the version translated
    (in `pairs`, (translated, source) entries), its translated summary and
    the language's redline; without, the language's words (`title`, the
    notice's title in it) and a link to the source's redline. A language
    with no banner template anywhere shows the source's banner."""
    index = banner_index(entries, assessments, today, days_after)
    if index is None:
        return ""
    entry, assessment = entries[index], assessments[entries[index].version.version]
    upcoming = today < entry.version.effective
    folders = banner_folders(notices, language)
    if not folders:
        from . import i18n

        with i18n.speaking(site.language):
            return banner(notices, site, entries, assessments, today, days_after)
    at = next((n for n, (_, source) in enumerate(pairs) if source is entry), None)
    source_values = context(site, entry, entries[index - 1], assessment, upcoming=upcoming)
    if at is None:
        values = {**source_values, **_untranslated_values(site, title, source_values["changes_url"], False)}
    else:
        translated = pairs[at][0]
        values = context(translated.text.site, translated, pairs[at - 1][0] if at else None, assessment,
                         upcoming=upcoming)
        values.update(_untranslated_values(site, values["notice_title"], source_values["changes_url"], True))
    return render(_environment(folders), "banner.html", values).strip()


def _untranslated_values(site: Site, title: str, source_changes_url: str, translated: bool) -> dict:
    """What a language's banner is told besides the usual: whether the
    version is translated (else `summary` is the source's words and the
    links go to the source text) and where the source's redline is."""
    return {"translated": translated, "notice_title": title, "source_language": site.language,
            "source_changes_url": source_changes_url}
