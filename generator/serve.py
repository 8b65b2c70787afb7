"""`noticegen serve`: live preview of one site while authors edit notices/.

`--language fr-CA` previews one of the site's translated languages instead
(its pages as `build` makes them, at the language's path): one language per
server, since each language is its own MkDocs site (interface, search).

MkDocs' own dev server does the serving and reloading; a hook regenerates the
site's pages from notices/ before each rebuild, so an edit to any section,
notice.yml or sites.yml shows on the next reload. Problems are printed and
the last good preview stays up.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from . import cache, mkdocs_site
from .plan import site_settings
from .languages import language_site
from .preview import preview_plan, sync_pages, write_pages
from .selection import select_sites
from .check import check
from .history import HISTORY_VARIABLE, current_version, history_enabled
from .pages import markdown_literal
from .problems import NoticeError
from .project import Project

ROOT_VARIABLE = "NOTICEGEN_PREVIEW_ROOT"
SITE_VARIABLE = "NOTICEGEN_PREVIEW_SITE"
LANGUAGE_VARIABLE = "NOTICEGEN_PREVIEW_LANGUAGE"


def serve(project: Project, domain: str | None, dev_addr: str, history: bool = True,
          language: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    if not history:
        os.environ[HISTORY_VARIABLE] = "off"  # the rebuild hook runs check() again
    cache.use(project.cache_dir)  # the diffs and assessments of the last build or preview, not made again
    state = inputs_state(project)
    checked = check(project, history, stale_blocks=False)  # the preview shows the source while French waits
    site = select_sites(checked.sites, [domain] if domain else None)[0]
    language = _language(site, language)
    os.environ[ROOT_VARIABLE] = str(project.root)
    os.environ[SITE_VARIABLE] = site.domain
    os.environ[LANGUAGE_VARIABLE] = language or ""
    signal.signal(signal.SIGTERM, _stop)  # as Ctrl+C: the preview folder is removed on the way out
    with tempfile.TemporaryDirectory(prefix="noticegen-preview-") as work:
        docs = Path(work, "docs")
        if language:
            plan = preview_plan(checked, site, project, language)
            pages = _preview(docs, with_draft(checked, project, language), site, project, language)
            # the language's own settings (interface, names, banner); its switcher would lead off the preview
            settings, site = replace(plan.settings, alternates=()), language_site(site, language)
        else:
            pages = _preview(docs, with_draft(checked), site, project)
            settings = site_settings(checked.notice, site)
        Path(work, "last-good.json").write_text(json.dumps(pages), encoding="utf-8")
        Path(work, "inputs.json").write_text(json.dumps(state), encoding="utf-8")
        config = mkdocs_site.write_config(project.config_files, docs, Path(work, "site"), settings,
                                          Path(work), hooks=[Path(__file__).with_name("preview_hook.py")])
        print(f"Previewing {site.domain} at http://{dev_addr}{site.base_path} (Ctrl+C to stop)",
              file=sys.stderr)
        mkdocs_site.serve(config, watch=[project.notices, *project.config_files.files, *project.config_files.theme_dirs()],
                          dev_addr=dev_addr)
    return 0


def _stop(signum, frame):
    raise KeyboardInterrupt


def with_draft(checked, project: Project | None = None, language: str | None = None):
    """Uncommitted edits under the last version's number show as a draft
    version, so the preview's history has its redline. In a language's
    preview, uncommitted edits to its translation do too."""
    from .preview import DRAFT, uncommitted_translation

    history = checked.history
    committed = bool(history.versions) and history.versions[-1].commit is not None
    if not history.draft_edits and not (language and committed and project is not None and
                                        uncommitted_translation(checked, project, language)):
        return checked
    draft = current_version(checked.notice, checked.sites)
    draft = replace(draft, version=f"{draft.version}{DRAFT}", summary="Draft: uncommitted edits (preview only).")
    return replace(checked, history=replace(history, versions=history.versions + (draft,)))


def regenerate(docs: Path) -> None:
    """Called by the preview hook before every rebuild. With problems in
    notices/, the last good pages stay, with the problems listed on top."""
    project = Project(Path(os.environ[ROOT_VARIABLE]))
    last_good, recorded = docs.parent / "last-good.json", docs.parent / "inputs.json"
    state = inputs_state(project)
    if recorded.exists() and json.loads(recorded.read_text(encoding="utf-8")) == state:
        return  # the pages in docs/ were made from these very files (serve's first build, a theme edit)
    recorded.unlink(missing_ok=True)
    try:
        checked = check(project, history_enabled(), stale_blocks=False)
    except NoticeError as exc:
        for problem in exc.problems:
            print(problem.format(project.root), file=sys.stderr)
        pages = json.loads(last_good.read_text(encoding="utf-8"))
        pages["index.md"] = _problem_banner(exc, project) + pages["index.md"]
        sync_pages(docs, pages)
        return
    site = select_sites(checked.sites, [os.environ[SITE_VARIABLE]])[0]
    language = os.environ.get(LANGUAGE_VARIABLE) or None
    if language and language in site.translated:
        pages = _preview(docs, with_draft(checked, project, language), site, project, language)
    else:
        pages = _preview(docs, with_draft(checked), site, project)
    last_good.write_text(json.dumps(pages), encoding="utf-8")
    recorded.write_text(json.dumps(state), encoding="utf-8")


def without_outside_links(files):
    """The preview's files less those reached through a link in theme/ to
    something outside the project. `build` refuses such a link and serve
    refuses to start with one, but one made while it runs (a theme edit
    does not run check again) was copied into the preview and served,
    /proc/self/environ or ~/.ssh included, to whatever reaches the address."""
    from .freshness import links_outside

    project = Project(Path(os.environ[ROOT_VARIABLE]))
    problems = links_outside(project)
    if not problems:
        return files
    links = [str(problem.path) for problem in problems]
    for problem in problems:
        print(f"{problem.format(project.root)}; not previewed", file=sys.stderr)
    for file in list(files):
        source = file.abs_src_path or ""
        if any(source == link or source.startswith(link + os.sep) for link in links):
            files.remove(file)
    return files


def inputs_state(project: Project) -> list:
    """What the preview's pages are made from, cheaply: every file under
    notices/ by size and modification time, and the commit HEAD names (a
    commit turns a draft into a version). Taken before check reads them,
    so an edit made while the pages are made is seen by the next rebuild."""
    import subprocess

    # One plain rev-parse rather than gitlog.Git: this runs before every rebuild
    # to tell whether anything changed, and opening a repository costs more than that.
    head = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=project.root,
                          capture_output=True, text=True).stdout.strip()
    files = []
    for path in sorted(project.notices.rglob("*")) if project.notices.is_dir() else ():
        try:
            info = path.lstat()
        except OSError:
            continue
        files.append([path.relative_to(project.notices).as_posix(), info.st_size, info.st_mtime_ns])
    return [head, os.environ.get(HISTORY_VARIABLE, ""), files]


def _language(site, language: str | None) -> str | None:
    """`--language`, as the site spells it (None for the source language)."""
    if language is None:
        return None
    languages = site.languages or (site.language,)
    for known in languages:
        if known.lower() == language.lower():
            return None if known == languages[0] else known
    from .errors import UsageError

    raise UsageError(f"{site.domain} is not published in {language} (its languages: {', '.join(languages)}; "
                     "pass one of them to --language)")


def _preview(docs: Path, checked, site, project: Project, language: str | None = None) -> dict[str, str]:
    """The site's pages, plus, when the working tree holds a draft, a page
    with its verdict and the notifications it would send (in a language's
    preview: its verdict and redline, in that language)."""
    pages = write_pages(docs, checked, site, project, language)
    if language:
        extra = language_draft_page(checked, site, language, pages)
        if extra:
            pages = {**pages, "preview/index.md": extra, "index.md": extra_note(language) + pages["index.md"]}
            sync_pages(docs, pages)
        return pages
    extra = draft_page(checked, site, project)
    if extra:
        pages = {**pages, "preview/index.md": extra,
                 "index.md": '!!! note "Preview of a draft"\n\n    This page shows uncommitted edits. '
                             '[What changes, whether it is significant, and what would be sent]'
                             '(preview/index.md)\n\n' + pages["index.md"]}
        sync_pages(docs, pages)
    return pages


def draft_page(checked, site, project: Project) -> str:
    from . import notifications
    from .history import site_history
    from .history_pages import changes_path
    from .significance import assess_versions

    entries = site_history(checked.history, site)
    if len(entries) < 2 or entries[-1].version.commit is not None:
        return ""
    draft, previous = entries[-1], entries[-2]
    number = draft.version.version
    assessment = assess_versions(entries[-2:], checked.vocabulary, {})[number]
    lines = ["# Preview of the draft { #top }", "",
             f"Compared with version {previous.version.version}: "
             f"[the redline](../{changes_path(previous.version.version, number)}).", ""]
    if assessment.significant:
        lines += ["**Reworded in words noticegen cannot judge**: read them, then declare `significant: true`, or "
                  "`significant: false` with `override_reason`, in notices/notice.yml. Until then this would be "
                  "a significant change:" if assessment.undecided else "**This would be a significant change:**", ""]
        lines += [f"- {markdown_literal(reason.describe())}" for reason in assessment.detected.reasons] + [""]
        env = notifications.environment(project.notices, site)
        values = notifications.context(site, draft, previous, assessment, upcoming=True)
        for heading, name in (("Email subject", "email_subject.txt"), ("Email", "email.txt"),
                              ("Banner on the site (HTML)", "banner.html"), ("Webhook payload", "webhook.json")):
            text = notifications.render(env, name, values).strip()
            lines += [f"## {heading}", ""] + ["    " + line for line in text.split("\n")] + [""]
    else:
        lines += ["**This would be a minor change**: nothing to notify.", ""]
    return "\n".join(lines) + "\n"


def extra_note(language: str) -> str:
    """The note on a language's preview notice: the draft page, in its words."""
    from . import i18n

    with i18n.speaking(language):
        return (f'!!! note "{i18n.t("Preview of a draft")}"\n\n    '
                + i18n.t("This page shows uncommitted edits. [What changes, and whether it is significant]"
                         "(preview/index.md)") + "\n\n")


def language_draft_page(checked, site, language: str, pages: dict) -> str:
    """A language's draft page: the draft compared with the version before
    it in that language (its redline, when both are translated), and the
    detector's verdict on the source (the notifications are the source
    preview's)."""
    from . import i18n
    from .history import site_history
    from .history_pages import changes_path
    from .significance import assess_versions

    entries = site_history(checked.history, site)
    if len(entries) < 2 or entries[-1].version.commit is not None:
        return ""
    draft, previous = entries[-1], entries[-2]
    number, before = draft.version.version, previous.version.version
    assessment = assess_versions(entries[-2:], checked.vocabulary, {})[number]
    t = i18n.t
    with i18n.speaking(language):
        redline = changes_path(before, number)
        compared = (t("Compared with version {number}: [the redline]({link}).").format(
            number=markdown_literal(before), link=f"../{redline}") if redline in pages else
            t("Version {number} or this draft is not translated, so there is no redline in this language: "
              "[the history]({link}).").format(number=markdown_literal(before), link="../history/index.md"))
        lines = [f"# {t('Preview of the draft')} {{ #top }}", "", compared, ""]
        if assessment.significant:
            lines += [t("**This would be a significant change** (the detector's verdict on the source text).")]
        else:
            lines += [t("**This would be a minor change** (the detector's verdict on the source text).")]
        lines += ["", t("The notifications it would send are shown by the source language's preview."), ""]
    return "\n".join(lines) + "\n"


def _problem_banner(exc: NoticeError, project: Project) -> str:
    lines = "\n".join(f"- {_code(problem.format(project.root))}" for problem in exc.problems)
    return ("!!! failure \"This preview is out of date\"\n\n"
            f"    notices/ has {len(exc.problems)} problem(s); the last good version is shown. "
            "Fix them and this page reloads.\n\n"
            + "\n".join("    " + line for line in lines.split("\n")) + "\n\n")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}"
