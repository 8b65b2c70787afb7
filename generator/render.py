"""One seam to the rendering engine: `render(project, plan, out)` turns a
site's plan (plan.py) into its pages in `out`, with one of two renderers:

- `frames` (the default), the accelerator: noticegen converts the Markdown
  in cached chunks and fills archived versions and redlines into one page
  MkDocs rendered per folder; it keeps Material's compiled templates across
  the sites a worker builds and hard-links the theme's files
  (mkdocs_frames, mkdocs_hook). It reaches into MkDocs' and Material's
  internals (the theme's environment, the sitemap and toc templates,
  MkDocs' link rules) to do so.
- `portable`: MkDocs renders every page itself, and noticegen takes part
  through MkDocs' public plugin events alone (mkdocs_portable). Slower on a
  long history, but it is what keeps working when an engine release changes
  an internal the accelerator relies on.

Both give the same bytes (tests/test_frames.py, tests/test_engines.py).
`NOTICEGEN_RENDERER=portable` is the one setting a user falls back to.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from . import embeds, history_pages, mkdocs_site, switches
from .plan import SitePlan
from .project import Project

VARIABLE, RENDERERS = switches.RENDERER, switches.RENDERERS
selected = switches.renderer  # read in switches.py: asking which renderer costs no import of this module


def render(project: Project, plan: SitePlan, out: Path, renderer: str | None = None,
           previous: Path | None = None) -> None:
    """The site's pages and embeddable files into `out` (PDFs are made from
    them afterwards, by the build); raises mkdocs_site.SiteBuildError.
    `previous`: the site's last build, whose files that come out byte for
    byte the same the frame renderer links rather than writes (reuse.py)."""
    renderer = renderer or selected()
    archived = {path: page for path, page in plan.pages.items() if history_pages.is_archived(path)}
    pages = {path: page for path, page in plan.pages.items() if path.endswith(".md") and path not in archived}
    files = {path: page for path, page in plan.pages.items() if path not in archived and path not in pages}
    with tempfile.TemporaryDirectory(prefix="noticegen-") as work:
        docs = Path(work, "docs")  # empty: the pages come from memory
        docs.mkdir()
        options = mkdocs_site.site_options(project.config_files, docs, out, plan.settings)
        mkdocs_site.build(project.config_files, options, plan.settings, files, pages, archived,
                          framed=renderer == "frames", work=Path(work), previous=previous, shared=plan.shared)
    for name, content in embeds.render(plan.embedded or plan.text, plan.untranslated, plan.upcoming,
                                       shown=plan.embedded is not None, not_in_force=plan.not_in_force).items():
        (out / name).write_text(content, encoding="utf-8")
