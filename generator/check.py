"""`noticegen check`: every problem in the notice, its sites and its
history, in one run."""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import freshness, offline, placeholders, safety, variables
from .disclosures import known_items, load_checklists
from .code_spans import masked_lines
from .layout import layout_problems
from .history import History, SiteVersion, current_version, read_history, site_history
from .notice import RESERVED_IDS, Notice, Section, read_notice
from .problems import NoticeError, Problem
from .project import Project
from .significance import PROJECT_VOCABULARY, Vocabulary, assess_versions, load_vocabulary
from .sites import Site, read_sites
from .translations import read_translations
from .undecided import undecided_problems


@dataclass(frozen=True)
class Checked:
    notice: Notice
    sites: list[Site]
    history: History
    warnings: list[Problem] = field(default_factory=list)  # every command shows these
    vocabulary: Vocabulary | None = None
    notes: list[Problem] = field(default_factory=list)  # `check` shows these too
    translations: dict = field(default_factory=dict)  # language -> translations.Translation
    languages: dict = field(default_factory=dict)  # (domain, language) -> translations.LanguageState
    archive: object = None  # translations.Archive: every translation committed, when a site has languages
    undecided: list[Problem] = field(default_factory=list)  # unsure sections of the version, nothing declared


def check(project: Project, history: bool = True, stale_blocks: bool = True,
          undecided_blocks: bool = False) -> Checked:
    """Load and validate everything; raise NoticeError listing all problems
    (GitError when git itself cannot answer). A version an author must
    decide (undecided.py) is a problem with `undecided_blocks` (`check`,
    `release`), else a warning: every output counts it significant."""
    from .notifications import TEMPLATES

    notice, problems = read_notice(project.notices)
    # A section that cannot be read is reported once, not again as its translations' missing source.
    unread_sources = frozenset(problem.path.name for problem in problems
                               if problem.path and Path(problem.path).parent == project.notices)
    # keep_invalid: a site with a bad field still owns its folder and translations (no false follow-ons)
    sites, site_problems = read_sites(project.notices, keep_invalid=True)
    problems += site_problems
    translations, translation_problems = read_translations(project.notices)
    problems += translation_problems
    notes: list[Problem] = []
    if project.notices.is_dir():
        # While sites.yml has a problem its list of sites cannot be trusted: what names a site
        # or a language (folders, sections, translations) is checked once it is fixed.
        listed = None if site_problems else {site.domain for site in sites}
        problems += _text_problems(notice, sites, project, translations, listed is not None)
        problems += _translation_problems(notice, sites, translations, project, listed is not None, unread_sources)
        unread, notes = layout_problems(project.notices, listed, TEMPLATES)
        problems += unread
        notes += _unused_translations(notice, sites, translations)
        notes += _untranslated_messages(sites)
        problems += placeholders.problems_in_files(_author_files(notice, sites, translations)
                                                   + list(project.ci_workflows))
        problems += _hidden_in_templates(project)
    problems += _oversized_config(project)
    if problems or notice is None:
        raise NoticeError(problems)
    problems += _template_problems(notice, sites, project)
    problems += offline.config_problems(project.config_files.settings(), project.config_files.project_file)
    problems += freshness.files_outside(project) + freshness.links_outside(project)
    if problems:
        raise NoticeError(problems)
    vocabulary = load_vocabulary(project.notices / PROJECT_VOCABULARY)
    if not history:
        languages, blocking, noted = _language_states(notice, sites, translations, vocabulary,
                                                      _source_texts(notice, sites, None))
        if blocking and stale_blocks:
            raise NoticeError(blocking)
        noted = noted + ([] if stale_blocks else blocking)
        return Checked(notice, sites, History((current_version(notice, sites),)), noted, vocabulary,
                       notes, translations, languages)
    found = read_history(project.root, project.notices, notice, sites)
    undecided: list[Problem] = []
    problems = list(found.problems) + _release_problems(found, sites, vocabulary, notice, undecided)
    if undecided_blocks:
        problems += undecided
    if found.unreleased:
        last = found.versions[-1]
        problems.append(Problem(notice.meta.path, 0, f"notices/ was changed and committed after version "
                                f"{last.version} without a new version (text differs on "
                                f"{', '.join(found.unreleased)})",
                                "set a new version, effective date and summary in notices/notice.yml"))
    sources = _source_texts(notice, sites, project)
    languages, blocking, noted = _language_states(notice, sites, translations, vocabulary, sources)
    if stale_blocks:
        problems += blocking
    else:  # reading, not publishing (diff, history, the preview): said, and no stop
        noted = noted + blocking
    if problems:
        raise NoticeError(problems)
    notes += found.warnings
    warnings = list(noted) + undecided  # every command says what it publishes with a note, or counts significant
    if found.draft_edits:
        warnings.append(Problem(notice.meta.path, 0, f"uncommitted edits change the text of version "
                                f"{notice.meta.version} on {', '.join(found.draft_edits)}",
                                "this is a draft: give it a new version before it is committed"))
    archive = _archive(project, found, sites, translations, notice, sources)
    warnings += archive.vetted() if archive is not None else []
    return Checked(notice, sites, found, warnings, vocabulary, notes, translations, languages, archive, undecided)


def _archive(project: Project, found: History, sites: list[Site], translations: dict, notice: Notice, sources):
    """Every translation committed, when a site publishes several languages,
    each version's looked up once here so that `check` says what `build`
    would leave out (a committed text that breaks check's rules)."""
    if not any(site.translated for site in sites):
        return None
    from .translations import Archive

    archive = Archive.build(project.root if found.head_sha else None, project.notices, translations,
                            [v.version for v in found.versions], notice.meta.version, sources)
    for site in sites:
        for entry in site_history(found, site)[:-1]:  # the working tree's version: check's own rules
            for language in site.translated:
                archive.translation_of(language, entry.version.notice, entry.text.site)
    return archive


def _source_texts(notice: Notice, sites: list[Site], project: Project | None):
    """Every source text committed and the working tree's, by fingerprint (None without languages)."""
    from .translations import NOTICE_ID, SourceTexts

    if not any(site.translated for site in sites):
        return None
    sources = SourceTexts.from_git(project.root, project.notices) if project is not None else SourceTexts()
    sources.add(notice.meta.title, notice.meta.summary, NOTICE_ID)
    for section in notice.texts():
        sources.add(section.title, section.body, section.id)
    for site in sites:
        for own in site.overrides.values():
            sources.add(own.title, own.body, own.id, site.domain)
    return sources


def _language_states(notice: Notice, sites: list[Site], translations: dict, vocabulary: Vocabulary, sources):
    """How each site's notice stands in each of its other languages: the
    states, the problems that block a language, the notes of what is
    published with the note that the source controls."""
    from .translations import problem_of, states_for

    states, blocking, noted = {}, [], []
    if sources is None:
        return states, blocking, noted
    for site in sites:
        for language in site.translated:
            state = states_for(notice, site, language, translations.get(language), sources, vocabulary)
            states[(site.domain, language)] = state
            blocked = state.blocking()
            blocking += [problem_of(t, language, site.domain) for t in blocked]
            noted += [problem_of(t, language, site.domain) for t in state.noted()]
    return states, list(dict.fromkeys(blocking)), list(dict.fromkeys(noted))


def _translation_problems(notice: Notice | None, sites: list[Site], translations: dict,
                          project: Project, sites_known: bool = True,
                          unread_sources: frozenset[str] = frozenset()) -> list[Problem]:
    from .translations import FOLDER, text_problems

    if notice is None:
        return []
    problems: list[Problem] = []
    listed = {language for site in sites for language in site.translated}
    base = set(variables.builtin_values(notice.meta)) | set(notice.meta.variables)
    for language, translation in translations.items():
        if language not in listed:
            if not sites_known:
                continue
            problems.append(Problem(translation.root, 0, f"translation into {language}, which no site in "
                                    "notices/sites.yml publishes, so it would not be used",
                                    f"add {language} to a site's languages: (after its source language)"))
            continue
        problems += text_problems(translation, notice, sites, base, unread_sources)
    for site in sites if sites_known else ():
        for language in site.translated:
            if language not in translations:
                problems.append(Problem(site.path, site.line, f"site {site.domain} publishes {language}, but "
                                        f"notices/{FOLDER}/{language}/ does not exist",
                                        f"start it with noticegen translate --start {language}"))
    return problems


def _untranslated_messages(sites: list[Site]) -> list[Problem]:
    """A language noticegen has no messages in: its own words (dates line,
    contents, history, banners) stay English on those pages. Said once per
    site and language (a warning: the author's text is in the language)."""
    from . import i18n
    from .sites import known_language

    problems = []
    for site in sites:
        for language in dict.fromkeys(site.languages or (site.language,)):
            if known_language(language) and not i18n.has_messages(language):  # unknown ones are an error
                base = language.split("-")[0]
                problems.append(Problem(site.path, site.line, f"site {site.domain} publishes {language}, which "
                                        f"noticegen has no messages in: its own words on those pages (the dates "
                                        f"line, contents, history, banners, redline legend) are in English",
                                        f"translate generator/data/messages/fr.yml into generator/data/messages/"
                                        f"{base}.yml (keyed by the English text) to have them in {language}"))
    return problems


def _unused_translations(notice: Notice | None, sites: list[Site], translations: dict) -> list[Problem]:
    """Translations that no site publishing their language shows: `check` says so (a warning)."""
    from .translations import unused_texts

    if notice is None:
        return []
    listed = {language for site in sites for language in site.translated}
    return [problem for language, translation in sorted(translations.items()) if language in listed
            for problem in unused_texts(translation, notice, sites)]


def _release_problems(history: History, sites: list[Site], vocabulary: Vocabulary, notice: Notice,
                      undecided: list[Problem]) -> list[Problem]:
    """The version being released, on each site: a significant change that
    is declared minor needs a written reason, and a significant change must
    take effect at least the site's notice period after it is published.
    A change significant only by words the detector cannot judge, with
    nothing declared, is added to `undecided` (once per section)."""
    problems: list[Problem] = []
    latest = history.versions[-1]
    path = notice.meta.path
    # The working tree's metadata for this version is what is being prepared.
    meta = notice.meta if notice.meta.version == latest.version else latest.notice.meta
    # The notice runs from the commit, whatever `published:` says: a declared
    # date may explain an old history, never shorten a notice period.
    published = (latest.committed or history.head_date)[:10]
    for site in sites:
        if meta.significant is True and not site.notice_periods:
            continue  # nothing here depends on the verdict
        entries = site_history(history, site, last=2)
        if len(entries) < 2 or entries[-1].version is not latest:
            continue
        assessment = replace(assess_versions(entries[-2:], vocabulary, {})[latest.version],
                             declared=meta.significant, override_reason=meta.override_reason)
        undecided += [problem for problem in undecided_problems(assessment, notice, site)
                      if problem.message not in {known.message for known in undecided}]
        if assessment.needs_override:
            why = "; ".join(reason.describe() for reason in assessment.detected.reasons[:3])
            problems.append(Problem(path, 0, f"version {latest.version} is declared minor (significant: false), "
                                    f"but on {site.domain} noticegen finds significant changes: {why}",
                                    "set significant: true, or explain in override_reason: why it is minor"))
        if assessment.significant and published and site.notice_periods:
            period = notice_period(site, assessment.detected.categories, dt.date.fromisoformat(published))
            days, earliest = period.days, period.earliest
            if meta.effective < earliest:
                problems.append(Problem(path, 0, f"version {latest.version} is a significant change on {site.domain}, "
                                        f"which needs {days} days' notice: published {published}, it can take "
                                        f"effect on {earliest} at the earliest, not {meta.effective}",
                                        f"set effective: {earliest} or later"))
    return problems


@dataclass(frozen=True)
class NoticePeriod:
    days: int
    category: str  # the category that asks for the longest notice ("default" when none does)
    earliest: dt.date | None  # None: the publication date is not known yet


def notice_period(site: Site, categories: list[str], published: dt.date | None) -> NoticePeriod | None:
    """The notice a significant change with reasons in `categories` needs on
    `site`, published on `published`: the longest period of its categories
    (else the site's default). None when the site requires no notice."""
    if not site.notice_periods:
        return None
    default = site.notice_periods.get("default", 0)
    days, category = max(((site.notice_periods.get(c, default), c if c in site.notice_periods else "default")
                          for c in categories or ["default"]), key=lambda pair: pair[0])
    earliest = published + dt.timedelta(days=days) if published else None
    return NoticePeriod(days, category, earliest)


def _text_problems(notice: Notice | None, sites: list[Site], project: Project,
                   translations: dict | None = None, sites_known: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    if notice is None:
        return problems
    base = set(variables.builtin_values(notice.meta)) | set(notice.meta.variables)
    domains = {site.domain for site in sites}
    ids = {section.id for section in notice.sections}
    problems += _anchor_problems(notice, sites, ids)
    problems += _link_problems(notice, sites, ids, translations)
    for section in notice.texts():
        showing = [site for site in sites if site.shows(section) and section.id not in site.overrides]
        known = base | _common(site.variables.keys() for site in showing)
        problems += _body_problems(section, known)
        for domain in section.sites:
            if domain not in domains and sites_known:
                problems.append(Problem(section.path, section.id_line, f"section names site {domain}, "
                                        "which is not in notices/sites.yml", "fix the domain or add the site"))
    items = known_items(load_checklists(project.notices))
    for section in notice.sections + tuple(o for site in sites for o in site.overrides.values()):
        for item in section.covers:
            if item not in items:
                problems.append(Problem(section.path, section.id_line, f"`covers` names {item!r}, which no "
                                        "disclosure checklist has", f"known items: {', '.join(sorted(items))}"))
    for site in sites:
        for section_id in site.exclude:
            if section_id not in ids:
                problems.append(Problem(site.path, site.line, f"site {site.domain} excludes section "
                                        f"{section_id!r}, which does not exist", f"known ids: {', '.join(sorted(ids))}"))
        for override in site.overrides.values():
            problems += _body_problems(override, base | set(site.variables), f" on site {site.domain}")
            if override.id not in ids:
                problems.append(Problem(override.path, override.id_line, f"override for unknown section "
                                        f"{override.id!r}", "use the id of the section it replaces"))
    return problems


TEMPLATE_SUFFIXES = {".html", ".txt", ".json", ".xml", ".css", ".js"}


def _hidden_in_templates(project: Project) -> list[Problem]:
    """Hidden characters in what templates write (notification templates,
    theme/ overrides), which the section readers do not see: a subject
    'Privacy notice \u202e31\u202c update' was sent as written."""
    from .notifications import TEMPLATE_FOLDER
    from .sourcefile import hidden_problems, size_problem

    folders = [path for path in project.notices.rglob(TEMPLATE_FOLDER) if path.is_dir()]
    theme = project.root / "theme"
    folders += [theme] if theme.is_dir() else []
    problems = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in TEMPLATE_SUFFIXES or path.is_symlink() or not path.is_file():
                continue
            # A template is rendered, and a theme's assets only copied: its .css and .js may be large.
            too_large = (folder != theme or path.suffix == ".html") and size_problem(path, path.stat().st_size)
            if too_large:
                problems.append(too_large)
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the template's own reader says so
            problems += hidden_problems(path, text)
    return problems


def _oversized_config(project: Project) -> list[Problem]:
    """The project's mkdocs.yml and the files it INHERITs, refused before
    YAML reads them when they are over the size limit."""
    from .sourcefile import size_problem

    problems, config, seen = [], project.config_files.project_file, set()
    while config is not None and config.is_file() and config.resolve() not in seen:
        seen.add(config.resolve())
        if too_large := size_problem(config, config.stat().st_size):
            return problems + [too_large]
        try:
            inherit = INHERIT.search(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return problems  # its reader says what is wrong with it
        config = config.parent / inherit.group(1).strip("'\"") if inherit else None
    return problems


INHERIT = re.compile(r"^INHERIT\s*:\s*(\S+)", re.M)


def _author_files(notice: Notice | None, sites: list[Site], translations: dict | None = None) -> list:
    """Every file an author fills in: notice.yml, sites.yml, the sections and
    overrides, and their translations."""
    if notice is None:
        return []
    files = [notice.meta.path, *(section.path for section in notice.texts())]
    files += [site.path for site in sites[:1]]
    files += [override.path for site in sites for override in site.overrides.values()]
    for translation in (translations or {}).values():
        files += [translation.notice.path] if translation.notice else []
        files += [text.path for text in translation.sections.values()]
        files += [text.path for texts in translation.overrides.values() for text in texts.values()]
    return list(dict.fromkeys(files))


def _template_problems(notice: Notice, sites: list[Site], project: Project) -> list[Problem]:
    """Each distinct set of notification templates, rendered once in the
    sandbox with the working tree's notice as a significant change."""
    from . import notifications
    from .pages import site_text
    from .significance import Assessment, Reason, Verdict

    problems: list[Problem] = []
    seen: set[tuple] = set()
    for site in sites:
        for language in (None, *site.translated):  # a language's own templates too (translations/<lang>/)
            folders = notifications.template_folders(project.notices, site, language)
            if not folders or folders in seen:
                continue
            seen.add(folders)
            text = site_text(notice, site)
            section = text.sections[0][0] if text.sections else None
            reasons = (Reason(section.id, section.title, "recipients", "who receives the data", "example",
                              ("word",)),) if section else ()
            entry = SiteVersion(current_version(notice, sites), text, "", True)
            for problem in notifications.template_problems(project.notices, site, entry,
                                                           Assessment(Verdict(True, reasons)), language):
                if problem not in problems:
                    problems.append(problem)
    return problems


def _anchor_problems(notice: Notice, sites: list[Site], ids: set[str]) -> list[Problem]:
    """A `{ #anchor }` may not take a section's id, one of the page's own
    (top, contents...) or another anchor's: a link would jump to the wrong place."""
    problems: list[Problem] = []
    seen: dict[str, Section] = {}
    texts = list(notice.texts()) + [o for site in sites for o in site.overrides.values()]
    for section in texts:
        for offset, anchor in safety.anchors_in(section.body):
            taken = "a section's id" if anchor in ids else "used by the page itself" if anchor in RESERVED_IDS \
                else f"also an anchor in {seen[anchor].path.name}" if anchor in seen and seen[anchor] is not section \
                and section.id != seen[anchor].id else ""
            if taken:
                problems.append(Problem(section.path, section.body_line + offset, f"the anchor #{anchor} is {taken}",
                                        "choose another anchor id"))
            seen.setdefault(anchor, section)
    return problems


LINK = re.compile(r"(?<!(?<!\\)\\)\]\(\s*<?([^\s)>]+)|^[ ]{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)")
HEADING = re.compile(r"^#{3,6}[ \t]+(.*?)[ \t#]*$")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _link_problems(notice: Notice, sites: list[Site], ids: set[str], translations: dict | None = None
                   ) -> list[Problem]:
    """Every link as each site shows it (variables filled in), in every
    language it publishes, goes to an allowed address, a section or an
    anchor of the notice: the sanitiser would drop any other without a word.
    A link to a file would break: the same text is shown at several depths
    of the site (the notice, each archived version), and MkDocs would only
    name the generated page."""
    from markdown.extensions.toc import slugify

    from .pages import site_values

    shown = []  # (values, texts) as each site and language shows them
    for site in sites:
        values = site_values(notice, site)
        shown.append((values, [site.overrides.get(section.id, section) for section in notice.texts()]))
        for language in site.translated:
            translation = (translations or {}).get(language)
            if translation is not None:
                texts = [text for key, text in translation.sections.items() if key != "notice"]
                texts += list(translation.overrides.get(site.domain, {}).values())
                shown.append(({**values, **translation.values(site.domain)}, texts))
    known = set(ids) | RESERVED_IDS
    for _, texts in shown:
        for text in texts:
            known.update(anchor for _, anchor in safety.anchors_in(text.body))
            for line in text.body.split("\n"):
                heading = HEADING.match(line)
                if heading:
                    known.add(slugify(re.sub(r"\{[^{}]*\}", "", heading.group(1)).strip(), "-"))
    problems: list[Problem] = []
    for values, texts in shown:
        for text in texts:
            for offset, line in enumerate(masked_lines(text.body)):  # outside code spans, as Markdown sees them
                try:
                    filled = variables.fill(line, values)
                except variables.UnfilledVariable:
                    continue  # an unknown or malformed variable: reported with the variables
                for match in LINK.finditer(filled):
                    problem = _link_problem(match.group(1) or match.group(2), known, ids,
                                            filled[match.start(1):].split(")", 1)[0] if match.group(1) else "")
                    if problem:
                        found = Problem(text.path, text.body_line + offset, *problem)
                        if found not in problems:
                            problems.append(found)
    return problems


def _link_problem(target: str, known: set[str], ids: set[str], written: str = "") -> tuple[str, str] | None:
    """`written`: an inline link's target up to its `)`, spaces and all.
    `jav<TAB>ascript:` is no link to Markdown, but a browser reads that
    scheme whole, and the author meant one: it is named as the scheme."""
    # As a browser reads it: entities decoded, control characters and spaces ignored.
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(target))
    scheme = SCHEME.match(decoded) or SCHEME.match(re.sub(r"[\x00-\x20]", "", html.unescape(written)))
    if scheme:
        name = scheme.group(1).lower()
        return None if name in safety.URL_SCHEMES else (
            f"a {name}: link is not allowed", "link to an https://, mailto: or tel: address, or to a section as #its-id")
    if decoded.startswith("//"):
        return None
    if not decoded.startswith("#"):
        return (f"a link to {target!r}, which is not an address noticegen can keep working on every page",
                "link to a section as #its-id, or to a full https:// address")
    if decoded[1:] not in known:
        return (f"a link to {target!r}, which is no section or anchor of the notice",
                f"use a section's id ({', '.join(sorted(ids)[:4])}, …) or add {{ #{decoded[1:] or 'id'} }} "
                "where it should go")
    return None


def _body_problems(section, known: set[str], where: str = "") -> list[Problem]:
    return (safety.problems_in(section.body, section.path, section.body_line)
            + variables.problems_in(section.body, section.path, section.body_line, known, where))


def _common(key_sets) -> set[str]:
    sets = [set(keys) for keys in key_sets]
    return set.intersection(*sets) if sets else set()

