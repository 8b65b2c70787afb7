"""What `noticegen diff OLD NEW` compares: each side is a version number, a
git revision, or a path (a notices folder, or a Markdown file of any origin)."""
from __future__ import annotations

from pathlib import Path

from . import safety
from .check import Checked
from .errors import UsageError
from .gitlog import GitError
from .history import site_history, version_at
from .notice import load_notice
from .pages import SiteText, site_text
from .project import Project
from .singlefile import read_single_file
from .sites import SITES_FILE, Site, load_sites
from .sourcefile import read_text


MARKDOWN_SUFFIXES = (".md", ".markdown")


class SourceNotFound(UsageError):
    pass


def resolve(spec: str, project: Project, checked: Checked | None, site: Site) -> SiteText:
    path = Path(spec)
    if path.exists():
        if path.is_file() and path.suffix.lower() not in MARKDOWN_SUFFIXES:
            raise SourceNotFound(f"{spec} is not a Markdown file (.md): give a version number, a git revision, "
                                 "a notices folder or a Markdown file")
        if not path.is_file() and not path.is_dir():
            raise SourceNotFound(f"{spec} is neither a file nor a folder")
        return _from_path(path.resolve(), site)
    if checked is not None:
        for entry in site_history(checked.history, site):
            if entry.version.version == spec:
                return entry.text
    try:
        version = version_at(project.root, project.notices, spec)
    except GitError as exc:
        raise SourceNotFound(f"{spec!r} is not a version, a git revision or a path ({exc})") from None
    shown = next((s for s in version.sites or () if s.domain == site.domain), site)
    return site_text(version.notice, shown)


def _from_path(path: Path, site: Site) -> SiteText:
    if path.is_dir():
        folder = path / "notices" if (path / "notices").is_dir() else path
        notice = load_notice(folder)
        if (folder / SITES_FILE).exists():
            site = next((s for s in load_sites(folder) if s.domain == site.domain), site)
        return site_text(notice, site)
    notice = read_single_file(read_text(path, path.parent), path)
    # A file of any origin: its text as written, no variables to fill.
    sections = tuple((section, safety.neutralize(section.body)) for section in notice.sections)
    preamble = safety.neutralize(notice.preamble.body) if notice.preamble else ""
    return SiteText(site, notice, preamble, sections)
