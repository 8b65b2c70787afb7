"""The pages of a site written to a docs folder, for the preview server."""
from __future__ import annotations

from pathlib import Path

from .check import Checked
from .freshness import reference_date
from .history import site_history
from .markdown_chunks import whole
from .plan import plan_site
from .sites import Site


def write_pages(docs: Path, checked: Checked, site: Site) -> dict[str, str]:
    """The site's full set of pages, as a build makes them (for previews,
    which make no PDFs, so link to none)."""
    planned = plan_site(checked.notice, site, "", None, site_history(checked.history, site), None,
                        checked.vocabulary, None, reference_date(checked), pdfs=False).pages
    wanted = {path: whole(page) for path, page in planned.items()}
    sync_pages(docs, wanted)
    return wanted


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
