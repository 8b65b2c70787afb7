"""`noticegen check`: every problem in the notice, its sites and its
history, in one run."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import safety, variables
from .gitlog import GitError
from .history import History, current_version, read_history
from .notice import Notice, read_notice
from .problems import NoticeError, Problem
from .project import Project
from .sites import Site, read_sites


@dataclass(frozen=True)
class Checked:
    notice: Notice
    sites: list[Site]
    history: History
    warnings: list[Problem] = field(default_factory=list)


def check(project: Project, history: bool = True) -> Checked:
    """Load and validate everything; raise NoticeError listing all problems
    (GitError when git itself cannot answer)."""
    notice, problems = read_notice(project.notices)
    sites, site_problems = read_sites(project.notices)
    problems += site_problems
    if project.notices.is_dir():
        problems += _text_problems(notice, sites, project)
    if problems or notice is None:
        raise NoticeError(problems)
    if not history:
        return Checked(notice, sites, History((current_version(notice, sites),)))
    found = read_history(project.root, project.notices, notice, sites)
    problems = list(found.problems)
    if found.unreleased:
        last = found.versions[-1]
        problems.append(Problem(notice.meta.path, 0, f"notices/ was changed and committed after version "
                                f"{last.version} without a new version (text differs on "
                                f"{', '.join(found.unreleased)})",
                                "set a new version, effective date and summary in notices/notice.yml"))
    if problems:
        raise NoticeError(problems)
    warnings = list(found.warnings)
    if found.draft_edits:
        warnings.append(Problem(notice.meta.path, 0, f"uncommitted edits change the text of version "
                                f"{notice.meta.version} on {', '.join(found.draft_edits)}",
                                "this is a draft: give it a new version before it is committed"))
    return Checked(notice, sites, found, warnings)


def _text_problems(notice: Notice | None, sites: list[Site], project: Project) -> list[Problem]:
    problems: list[Problem] = []
    if notice is None:
        return problems
    base = set(variables.builtin_values(notice.meta)) | set(notice.meta.variables)
    domains = {site.domain for site in sites}
    ids = {section.id for section in notice.sections}
    for section in notice.texts():
        showing = [site for site in sites if site.shows(section) and section.id not in site.overrides]
        known = base | _common(site.variables.keys() for site in showing)
        problems += _body_problems(section, known)
        for domain in section.sites:
            if domain not in domains:
                problems.append(Problem(section.path, section.id_line, f"section names site {domain}, "
                                        "which is not in notices/sites.yml", "fix the domain or add the site"))
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


def _body_problems(section, known: set[str], where: str = "") -> list[Problem]:
    return (safety.problems_in(section.body, section.path, section.body_line)
            + variables.problems_in(section.body, section.path, section.body_line, known, where))


def _common(key_sets) -> set[str]:
    sets = [set(keys) for keys in key_sets]
    return set.intersection(*sets) if sets else set()


__all__ = ["Checked", "check", "GitError"]
