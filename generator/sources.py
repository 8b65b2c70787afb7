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


def describe(source: Source, text: SiteText, project: Project, checked: Checked | None) -> str:
    """What one side of a comparison is, in words true of it. Both sides of
    `diff HEAD notices` carry the same version number while it is a draft:
    the number alone ("version 1 -> version 1") would say nothing."""
    meta = text.notice.meta
    number = f"version {meta.version}" if meta.version else "no version"
    effective = f", effective {meta.effective.isoformat()}" if meta.version else ""
    if source.kind == "version":
        if not source.version.commit:
            return f"{number} (draft, not committed yet{effective})"
        return f"{number} ({meta.effective.isoformat()})"
    if source.kind == "revision":
        commit = source.version.commit or ""
        named = "" if commit.startswith(source.spec) else f"commit {commit[:10]}: "
        return f"{source.spec} ({named}{number}{effective})"
    if source.path not in (project.notices.resolve(), project.root.resolve()):
        return f"{source.spec} ({number}{effective})"
    return f"working tree ({_working_tree_state(text, checked)})"


def _working_tree_state(text: SiteText, checked: Checked | None) -> str:
    number = text.notice.meta.version
    versions = checked.history.versions if checked is not None else ()
    if not versions or versions[-1].version != number:
        return f"version {number}, effective {text.notice.meta.effective.isoformat()}"  # no history to compare with
    if not versions[-1].commit:
        return f"draft of version {number}, not committed yet"
    if {text.site.domain, "notices/notice.yml"} & set(checked.history.draft_edits):
        return f"draft: uncommitted edits to version {number}"
    return f"version {number} as committed"


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
