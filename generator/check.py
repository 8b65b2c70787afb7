"""`noticegen check`: every problem in the notice and its sites, in one run."""
from __future__ import annotations

from dataclasses import dataclass

from . import safety, variables
from .notice import Notice, read_notice
from .problems import NoticeError, Problem
from .project import Project
from .sites import Site, read_sites


@dataclass(frozen=True)
class Checked:
    notice: Notice
    sites: list[Site]


def check(project: Project) -> Checked:
    """Load and validate everything; raise NoticeError listing all problems."""
    notice, problems = read_notice(project.notices)
    sites, site_problems = read_sites(project.notices)
    problems += site_problems
    if project.notices.is_dir():
        problems += _text_problems(notice, sites, project)
    if problems or notice is None:
        raise NoticeError(problems)
    return Checked(notice, sites)


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
