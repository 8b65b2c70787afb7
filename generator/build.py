"""`noticegen build`: check, render every site into a staging folder, and
swap it into place only when all of them succeeded.

`site/` is replaced as a whole, so a failed build leaves the previous one
untouched and a reader never sees half of a new one.
"""
from __future__ import annotations

import calendar
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_site
from .check import Checked, check
from .notice import Notice
from .pages import pages, site_text
from .project import Project
from .sites import Site


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class BuildResult:
    out: Path
    domains: list[str]


def select_sites(sites: list[Site], domains: list[str] | None) -> list[Site]:
    if not domains:
        return sites
    by_domain = {site.domain: site for site in sites}
    unknown = [d for d in domains if d not in by_domain]
    if unknown:
        raise BuildError(f"unknown site {', '.join(unknown)} (configured: {', '.join(by_domain)})")
    return [by_domain[d] for d in dict.fromkeys(domains)]


def build(project: Project, domains: list[str] | None = None, out: Path | None = None) -> BuildResult:
    checked = check(project)
    selected = select_sites(checked.sites, domains)
    out = (out or project.site_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    try:
        failures = []
        for site in selected:
            try:
                build_site(project, checked.notice, site, staging / site.domain)
            except mkdocs_site.SiteBuildError as exc:
                failures.append(f"{site.domain}: {exc}")
        if failures:
            raise BuildError("no site was published; these failed:\n" + "\n".join(failures))
        _keep_unbuilt(out, staging, checked, selected)
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, [site.domain for site in selected])


def build_site(project: Project, notice: Notice, site: Site, site_dir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="noticegen-") as work:
        docs = Path(work, "docs")
        write_pages(docs, notice, site)
        settings = site_settings(notice, site)
        config = mkdocs_site.write_config(project.base_config, docs, site_dir, settings, Path(work))
        mkdocs_site.build(config, settings)


def site_settings(notice: Notice, site: Site) -> mkdocs_site.SiteSettings:
    return mkdocs_site.SiteSettings(
        site_name=f"{site.name} {notice.meta.title}",
        site_url=site.url,
        language=site.language,
        nav=[{notice.meta.title: "index.md"}],
        # The build date MkDocs writes (sitemap, gzip header) is the notice's
        # effective date, never the clock: same commit, same bytes.
        date_epoch=calendar.timegm(notice.meta.effective.timetuple()),
    )


def write_pages(docs: Path, notice: Notice, site: Site) -> dict[str, str]:
    wanted = pages(site_text(notice, site))
    sync_pages(docs, wanted)
    return wanted


def sync_pages(docs: Path, wanted: dict[str, str]) -> None:
    """Make `docs` hold exactly `wanted`, touching only files whose text
    changed (the preview server watches this folder)."""
    for name, markdown in wanted.items():
        path = docs / name
        if not path.exists() or path.read_text(encoding="utf-8") != markdown:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
    for path in docs.rglob("*.md") if docs.exists() else ():
        if path.relative_to(docs).as_posix() not in wanted:
            path.unlink()


def _keep_unbuilt(out: Path, staging: Path, checked: Checked, selected: list[Site]) -> None:
    """A partial build (--site) carries the other configured sites over."""
    built = {site.domain for site in selected}
    for site in checked.sites:
        previous = out / site.domain
        if site.domain not in built and previous.is_dir():
            shutil.copytree(previous, staging / site.domain, copy_function=os.link)


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
