"""Where a noticegen project keeps things. Declared once, used everywhere."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import NoticegenError


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def notices(self) -> Path:
        return self.root / "notices"

    @property
    def config_files(self):
        """The MkDocs config layers: noticegen's defaults, then the project's
        optional mkdocs.yml and theme/ (see mkdocs_site.ConfigFiles)."""
        from .mkdocs_site import ConfigFiles

        return ConfigFiles.of(self.root)

    @property
    def ci_workflows(self) -> tuple[Path, Path]:
        """The CI workflows `init` writes: checks, review and publishing, and the one
        that posts the review (each install line may be a placeholder)."""
        folder = self.root / ".github" / "workflows"
        return folder / "privacy-notice.yml", folder / "privacy-notice-comment.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def cache_dir(self) -> Path:
        """Caches that only make things faster; safe to delete."""
        return self.root / ".noticegen" / "cache"


def find_project(start: Path) -> Project:
    """The nearest folder at or above `start` holding notices/ (with its
    notice.yml), so commands work from any sub-folder; `start` itself if
    none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "notices" / "notice.yml").is_file():
            return Project(folder)
    return Project(start)


def require_notices(project: Project) -> None:
    """Commands that read the notice stop here, with one line naming the
    folder searched, when there is none (rather than one problem per file
    they would have read)."""
    if not project.notices.is_dir():
        raise NoticegenError(f"no notices/ folder in {project.root} or above (cd into your notice project, "
                             "pass --root DIR, or start one with noticegen init)")
