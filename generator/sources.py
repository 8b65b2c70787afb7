"""What `noticegen diff OLD NEW` compares: each side is a version number, a
git revision, or a path (a notices folder, or a Markdown file of any origin)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import safety
from .check import Checked
from .errors import UsageError
from .gitlog import GitError
from .history import Version, site_history, version_at
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
    return open_source(spec, project, checked, site).text_for(site)


@dataclass(frozen=True)
class Source:
    """One side of a comparison: a version of the history, the notice as
    committed in a git revision, or a notices folder or Markdown file."""

    spec: str
    kind: str  # "version", "revision" or "path"
    version: Version | None = None  # for a version or a revision: commit, author, date, sites
    path: Path | None = None

    def text_for(self, site: Site, strict: bool = False) -> SiteText | None:
        """The text `site` shows. A version or revision that does not list the
        site shows it with today's settings, unless `strict` (then None)."""
        if self.path is not None:
            return _from_path(self.path, site)
        if self.version.sites is None:  # an older layout: no site list
            return site_text(self.version.notice, site)
        shown = next((s for s in self.version.sites if s.domain == site.domain), None)
        if shown is None and strict:
            return None
        return site_text(self.version.notice, shown or site)


def open_source(spec: str, project: Project, checked: Checked | None, site: Site | None = None) -> Source:
    """`spec` as `noticegen diff` reads it: a path, then a version number of
    the history (one that `site` shows, when given), then a git revision
    (validated by gitlog, never passed to git as an option)."""
    path = Path(spec)
    if path.exists():
        if path.is_file() and path.suffix.lower() not in MARKDOWN_SUFFIXES:
            raise SourceNotFound(f"{spec} is not a Markdown file (.md): give a version number, a git revision, "
                                 "a notices folder or a Markdown file")
        if not path.is_file() and not path.is_dir():
            raise SourceNotFound(f"{spec} is neither a file nor a folder")
        return Source(spec, "path", path=path.resolve())
    if checked is not None:
        if site is not None:
            shown = [entry.version for entry in site_history(checked.history, site)]
        else:
            shown = list(checked.history.versions)
        for version in shown:
            if version.version == spec:
                return Source(spec, "version", version=version)
    try:
        version = version_at(project.root, project.notices, spec)
    except GitError as exc:
        raise SourceNotFound(f"{spec!r} is not a version, a git revision or a path ({exc})") from None
    return Source(spec, "revision", version=version)


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
