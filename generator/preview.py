"""The pages of a site written to a docs folder, for the preview server."""
from __future__ import annotations

from pathlib import Path

from .check import Checked
from .freshness import reference_date
from .history import site_history
from .markdown_chunks import whole
from .plan import BuildInputs, SitePlan, plan_languages, plan_site, translation_archive
from .translations import Archive
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
    draft = checked.history.versions[-1].version if checked.history.versions and \
        checked.history.versions[-1].commit is None and checked.history.versions[-1].version.endswith(DRAFT) else ""
    archive = translation_archive(project, checked) if not draft else Archive.build(
        project.root if checked.history.head_sha else None, project.notices, checked.translations,
        [v.version for v in checked.history.versions], draft,  # the working tree's texts: the draft's, not 5's
        checked.archive.sources if checked.archive is not None else None)
    inputs = BuildInputs(project, checked.notice, checked.history, checked.vocabulary, checked.sites, "",
                         reference_date(checked), True, False, checked.languages, checked.translations,
                         archive, draft)
    _, translated, _ = plan_languages(inputs, site, {}, None)
    return dict(translated)[language]


DRAFT = "+draft"  # the preview's version of uncommitted edits (5+draft)


def uncommitted_translation(checked: Checked, project: Project, language: str) -> bool:
    """Whether `language`'s files hold edits not committed: a text (or the
    title and summary) that no commit holds as it is, or one committed and
    deleted since. The preview then shows them as a draft of their own."""
    from .translations import Archive, Text

    translation = checked.translations.get(language)
    if translation is None or not checked.history.head_sha:
        return False
    committed = Archive.build(project.root, project.notices, {}, [v.version for v in checked.history.versions])

    def same(kept, text: Text) -> bool:
        item = kept.item[0] if isinstance(kept.item, tuple) else kept.item
        return (item.title, item.body) == (text.title, text.body)

    texts = [(("", t.id), t) for t in translation.sections.values()] + \
        [((domain, t.id), t) for domain, texts in translation.overrides.items() for t in texts.values()]
    for (domain, id_), text in texts:
        if not any(same(k, text) for k in committed.texts.get((language, domain, id_, text.translates), [])):
            return True
    meta = translation.notice
    if meta is not None and not any(same(k, meta) for k in committed.metas.get((language, meta.translates), [])):
        return True
    present = {(language, domain, id_) for (domain, id_), _ in texts}
    return any(events[-1][2] and piece not in present for piece, events in committed.presence.items()
               if piece[0] == language)


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
