"""The pages of a site written to a docs folder, for the preview server."""
from __future__ import annotations

from pathlib import Path

from .check import Checked
from .freshness import reference_date
from .history import site_history
from .markdown_chunks import whole
from .plan import BuildInputs, SitePlan, plan_languages, plan_site, translation_archive
from .project import Project
from .sites import Site


def write_pages(docs: Path, checked: Checked, site: Site, project: Project | None = None,
                language: str | None = None) -> dict[str, str]:
    """The site's full set of pages, as a build makes them (for previews,
    which make no PDFs, so link to none); with `language` (one of the site's
    translated languages), that language's pages."""
    planned = preview_plan(checked, site, project, language).pages
    wanted = {path: whole(page) for path, page in planned.items()}
    sync_pages(docs, wanted)
    return wanted


def preview_plan(checked: Checked, site: Site, project: Project | None = None,
                 language: str | None = None) -> SitePlan:
    """The site's plan (the source language's, or `language`'s as `build`
    plans it, banner included), with no PDFs."""
    if not language or language not in site.translated:
        return plan_site(checked.notice, site, "", None, site_history(checked.history, site), None,
                         checked.vocabulary, None, reference_date(checked), pdfs=False)
    inputs = BuildInputs(project, checked.notice, checked.history, checked.vocabulary, checked.sites, "",
                         reference_date(checked), True, False, checked.languages, checked.translations,
                         translation_archive(project, checked))
    _, translated, _ = plan_languages(inputs, site, {}, None)
    return dict(translated)[language]


def sync_pages(docs: Path, wanted: dict[str, str | tuple]) -> None:
    """Make `docs` hold exactly `wanted`, touching only files whose text
    changed (the preview server watches this folder)."""
    for name, page in wanted.items():
        markdown = whole(page)
        path = docs / name
        if not path.exists() or path.read_text(encoding="utf-8") != markdown:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
    for path in docs.rglob("*") if docs.exists() else ():
        if path.is_file() and path.relative_to(docs).as_posix() not in wanted:
            path.unlink()
