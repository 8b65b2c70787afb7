"""`noticegen build`: check, render the sites into a staging folder, and swap
it into place only when every one of them succeeded.

`site/` is replaced as a whole, so a failed build leaves the previous one
untouched and a reader never sees half of a new one. A site whose inputs
(pages, settings, theme, mkdocs.yml, generator and MkDocs versions) have not
changed since the last build is carried over, not rebuilt. Sites build in
worker processes, as MkDocs is not thread-safe.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import pickle
import secrets
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import __version__, faults, folders, locks, manifest, mkdocs_site, pdf
from .errors import BuildError, UsageError
from .significance import assess_versions, load_vocabulary
from .check import Checked, check
from .notice import Notice
from .history import site_history
from .markdown_chunks import whole
from .pages import SiteText, site_text
from .project import Project
from .sites import Site


NOTIFICATIONS = "notifications"  # site/notifications/<domain>/<version>/: rendered, never published


@dataclass(frozen=True)
class BuildResult:
    out: Path
    built: list[str]  # domains rendered by this run
    unchanged: list[str]  # domains requested but carried over
    warnings: list = field(default_factory=list)


@dataclass(frozen=True)
class SitePlan:
    """All a worker needs to build one site; picklable."""

    domain: str
    pages: dict[str, str]
    settings: mkdocs_site.SiteSettings
    text: SiteText
    fingerprint: str
    notifications: dict = field(default_factory=dict)  # <version>/<template> -> text (not published)
    print_jobs: tuple = ()  # pdf.PrintJob: the PDFs made from built pages


Progress = Callable[[str], None]


def select_sites(sites: list[Site], domains: list[str] | None) -> list[Site]:
    if not domains:
        return sites
    by_domain = {site.domain: site for site in sites}
    unknown = [d for d in domains if d not in by_domain]
    if unknown:
        raise UsageError(f"unknown site {', '.join(unknown)} (configured: {', '.join(by_domain)})")
    return [by_domain[d] for d in dict.fromkeys(domains)]


def build(project: Project, domains: list[str] | None = None, out: Path | None = None,
          jobs: int | None = None, progress: Progress | None = None, history: bool = True,
          today: dt.date | None = None, framed: bool = True, pdfs: bool | None = None) -> BuildResult:
    """`pdfs`: False builds no PDFs for any site (`--no-pdf`); by default
    sites whose `pdf` setting is on get them, unless NOTICEGEN_PDF=off."""
    out = folders.output_folder(out or project.site_dir, project)
    pdfs = pdf.enabled() if pdfs is None else pdfs
    # Two builds into one folder take turns: the second finds the first's output.
    with locks.exclusive(folders.output_lock(out), f"build of {out}"):
        _remove_leftovers(out)
        recorded = manifest.read(out)
        shared = _shared_fingerprint(project)
        sources = sources_key(project, shared)
        # More workers than cores only adds start-up time.
        jobs = max(1, min(jobs or os.cpu_count() or 1, 2 * (os.cpu_count() or 1)))
        # Files changed since the last build: sites will be rebuilt, so the
        # workers start now and import MkDocs while the history is read.
        workers = _Workers(jobs) if jobs > 1 and recorded.get("sources") != sources else None
        try:
            return _build(project, domains, out, recorded, shared, sources, jobs, workers, progress, history,
                          today, framed, pdfs)
        finally:
            if workers:
                workers.close()


def _build(project, domains, out, recorded, shared, sources, jobs, workers, progress, history, today,
           framed, pdfs) -> BuildResult:
    checked = check(project, history)
    for site in checked.sites:
        if site.publish is not None and site.publish.kind == "directory" and \
                folders.inside(project.root / site.publish.value, out):
            raise BuildError(f"{site.domain} publishes to {site.publish.value}, inside {out}: the build replaces "
                             "that folder as a whole, releases and all; publish somewhere outside it")
    today = today or reference_date(checked)
    selected = select_sites(checked.sites, domains)
    previous = recorded["sites"]
    key = inputs_key(sources, checked.history.head_sha, today, pdfs)
    configured = {site.domain for site in checked.sites}
    stats = manifest.read_stats(manifest.stats_file(project.cache_dir, out))
    intact = {domain for domain in previous if manifest.intact(out, domain, stats)}
    if _up_to_date(recorded, key, configured, out) and configured <= intact:
        # Nothing that any page depends on has changed: no need to plan them.
        return BuildResult(out, [], [site.domain for site in selected], checked.warnings)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    try:
        inputs = BuildInputs(project, checked.notice, checked.history, checked.vocabulary, checked.sites,
                             shared, today, framed, pdfs, checked.languages, checked.translations,
                             translation_archive(project, checked))
        # A site whose files changed since its build (by hand, half-copied) is rebuilt.
        known = {site.domain: previous[site.domain].get("input", "") if site.domain in intact else ""
                 for site in selected}
        if workers is None and min(jobs, len(known)) > 1:
            workers = _Workers(min(jobs, len(known)))
        outcomes = _build_all(inputs, known, staging, workers, progress)
        failures = [f"{o.domain}: {o.error}" for o in outcomes if o.error]
        if failures:
            raise BuildError("no site was published; these failed:\n" + "\n".join(failures))
        built = [o.domain for o in outcomes if o.entry is not None]
        full = len(selected) == len(configured)  # the keys stand for every site only if every site was planned
        if not built and set(previous) == configured:
            if full and recorded.get("inputs") != key:  # inputs changed, pages did not: remember that
                manifest.write(out, {**recorded, "inputs": key, "sources": sources})
            return BuildResult(out, [], [o.domain for o in outcomes], checked.warnings)
        entries = {o.domain: o.entry for o in outcomes if o.entry is not None}
        for site in checked.sites:
            if site.domain not in entries and site.domain in intact:
                for folder in (Path(site.domain), Path(NOTIFICATIONS) / site.domain):
                    if (out / folder).is_dir():
                        shutil.copytree(out / folder, staging / folder, copy_function=os.link)
                entries[site.domain] = previous[site.domain]
        manifest.write(staging, {"generator": __version__, "sites": dict(sorted(entries.items())),
                                 "inputs": key if full else None, "sources": sources if full else None})
        new_stats = {domain: manifest.file_stats(staging / domain) for domain in entries}
        faults.point("before-swap")
        _swap(staging, out)
        manifest.write_stats(manifest.stats_file(project.cache_dir, out), new_stats)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, built, [o.domain for o in outcomes if o.domain not in built], checked.warnings)


def plan_site(notice: Notice, site: Site, shared_fingerprint: str, cache_dir: Path | None = None,
              versions: list | None = None, diffs: dict | None = None, vocabulary=None,
              notices: Path | None = None, today: dt.date | None = None, pdfs: bool | None = None,
              assessments: dict | None = None, alternates: list | None = None, history_note: str = "") -> SitePlan:
    """`pdfs`: whether to make PDFs (and link to them); by default the
    site's `pdf` setting, unless NOTICEGEN_PDF=off. A site in another
    language than its source gets the source's `assessments` (the detector
    reads the source language) and its languages' `alternates`."""
    from . import embeds, history_pages, notifications  # not needed when nothing is rebuilt

    text = site_text(notice, site)
    versions = versions if versions is not None else []
    diffs = {} if diffs is None else diffs
    vocabulary = vocabulary or load_vocabulary()
    if assessments is None:
        assessments = assess_versions(versions, vocabulary, diffs)
    pdfs = site.pdf and (pdf.enabled() if pdfs is None else pdfs)
    site_pages = history_pages.site_pages(text, versions, assessments, diffs, today, pdfs)
    if history_note:
        site_pages["history/index.md"] += "\n" + history_note + "\n"
    settings = site_settings(notice, site, cache_dir, alternates)
    jobs = history_pages.print_jobs(text, versions, settings.site_name) if pdfs else ()
    rendered: dict = {}
    if notices is not None:
        rendered = notifications.rendered_files(notices, site, versions, assessments, today, site.banner_days)
        settings = replace(settings, banner=notifications.banner(notices, site, versions, assessments,
                                                                 today or notice.meta.effective, site.banner_days))
    digest = hashlib.sha256(shared_fingerprint.encode())
    for path in sorted(site_pages):  # length-prefixed, so no two sets of pages hash alike
        for part in (path, whole(site_pages[path])):
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
    digest.update(json.dumps([replace(settings, cache_dir=""), embeds.notice_data(text), rendered,
                              [repr(job) for job in jobs]], sort_keys=True, default=str).encode())
    return SitePlan(site.domain, site_pages, settings, text, digest.hexdigest(), rendered, jobs)


def reference_date(checked: Checked) -> dt.date:
    """"Today" for a build: the date of the last commit to notices/, so the
    same commit always builds the same site (`--today` overrides it)."""
    if checked.history.head_date:
        return dt.date.fromisoformat(checked.history.head_date[:10])
    return checked.notice.meta.effective


def current_fingerprints(project: Project, checked: Checked, out: Path, today: dt.date | None = None) -> dict[str, str]:
    """Each site's input fingerprint now; from the manifest when the inputs
    key says nothing changed since the build (cheap), else by planning."""
    recorded = manifest.read(out)
    today = today or reference_date(checked)
    key = inputs_key(sources_key(project, _shared_fingerprint(project)), checked.history.head_sha, today,
                     pdf.enabled())
    if _up_to_date(recorded, key, {site.domain for site in checked.sites}, out):
        return {domain: entry.get("input", "") for domain, entry in recorded["sites"].items()}
    return fingerprints(project, checked.notice, checked.sites, checked.history, checked.vocabulary,
                        project.notices, today, checked)


def _up_to_date(recorded: dict, key: str, configured: set[str], out: Path) -> bool:
    """The last build of `out` was made from these very inputs, for these sites."""
    return (recorded.get("inputs") == key and set(recorded["sites"]) == configured
            and all((out / domain).is_dir() for domain in configured))


def sources_key(project: Project, shared: str) -> str:
    """The files every page depends on: the working tree's notices/, the
    theme, mkdocs.yml, the generator and its data (in `shared`)."""
    digest = hashlib.sha256(f"{shared}\n".encode())
    for path in sorted(project.notices.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project.notices).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):  # the generator's own code
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_key(sources: str, head_sha: str, today: dt.date, pdfs: bool = True) -> str:
    """Everything every page depends on, cheaply: the files (`sources`), the
    history (named by the last commit to notices/), the date the build is
    for and whether it makes PDFs."""
    return hashlib.sha256(f"{sources}\n{head_sha}\n{today}\n{'pdf' if pdfs else 'no pdf'}\n".encode()).hexdigest()


def fingerprints(project: Project, notice: Notice, sites: list[Site], history, vocabulary=None,
                 notices: Path | None = None, today: dt.date | None = None, checked: Checked | None = None
                 ) -> dict[str, str]:
    """The input fingerprint of each site, as the manifest records it."""
    shared, diffs = _shared_fingerprint(project), {}
    today = today or (dt.date.fromisoformat(history.head_date[:10]) if history.head_date else None)
    inputs = BuildInputs(project, notice, history, vocabulary, sites, shared, today, True, pdf.enabled(),
                         checked.languages if checked else {}, checked.translations if checked else {},
                         translation_archive(project, checked) if checked else None)
    return {site.domain: plan_languages(inputs, site, diffs, None, notices)[2] for site in sites}


def translation_archive(project: Project, checked: Checked):
    """Every translation committed (for earlier versions), when a site publishes several languages."""
    if not any(site.translated for site in checked.sites):
        return None
    from .translations import Archive

    return Archive.build(project.root if checked.history.head_sha else None, project.notices, checked.translations)


def plan_languages(inputs: "BuildInputs", site: Site, diffs: dict, cache_dir: Path | None,
                   notices: Path | None = ...) -> tuple[SitePlan, list, str]:
    """The site's plan in its source language, the plan of each other
    language (published under <base_path><language>/), and the fingerprint
    of them all (the source's own for a site in one language)."""
    from . import i18n

    notices = inputs.project.notices if notices is ... else notices
    entries = site_history(inputs.history, site)
    if not site.translated:
        plan = plan_site(inputs.notice, site, inputs.shared, cache_dir, entries, diffs, inputs.vocabulary,
                         notices, inputs.today, inputs.pdfs)
        return plan, [], plan.fingerprint
    from .languages import alternates, language_site, notes, translated_versions
    from .pages import site_text
    from .translations import translated_notice

    links = alternates(site)
    with i18n.speaking(site.language):
        plan = plan_site(inputs.notice, site, inputs.shared, cache_dir, entries, diffs, inputs.vocabulary,
                         notices, inputs.today, inputs.pdfs, alternates=links)
    source_assessments = assess_versions(entries, inputs.vocabulary or load_vocabulary(), diffs)
    translated, digest = [], hashlib.sha256(plan.fingerprint.encode())
    for language in site.translated:
        state = inputs.languages.get((site.domain, language))
        translation = inputs.translations.get(language)
        current = (translation, state) if translation is not None and state is not None else None
        with i18n.speaking(language):
            pairs = translated_versions(entries, site, language, inputs.archive, current,
                                        inputs.notice.meta.version, inputs.vocabulary)
            versions = [entry for entry, _ in pairs]
            assessments = assess_versions([source for _, source in pairs], inputs.vocabulary or load_vocabulary(),
                                          diffs) if pairs else {}
            if pairs and pairs[0][1] is not entries[0]:  # its first translated version had a predecessor
                assessments[pairs[0][1].version.version] = source_assessments[pairs[0][1].version.version]
            notice, shown = translated_notice(inputs.notice, site, translation, state, notes(language)) if current else \
                (versions[-1].text.notice, versions[-1].text.site) if versions else (inputs.notice, site)
            variant = language_site(replace(shown, language=site.language), language)
            note = ""
            if len(pairs) < len(entries):
                from .i18n import t
                from .pages import markdown_literal

                missing = [entry.version.version for entry in entries
                           if all(source is not entry for _, source in pairs)]
                note = (f"## {t('Versions not translated into this language')} {{ #untranslated }}\n\n"
                        + t("Published in the source language only: version {numbers}. [Read them in the "
                            "source language]({link}).").format(numbers=markdown_literal(", ".join(missing)),
                                                                 link=site.url + "history/"))
            language_plan = plan_site(notice, variant, inputs.shared, cache_dir, versions, diffs,
                                      inputs.vocabulary, None, inputs.today, inputs.pdfs, assessments, links, note)
        translated.append((language, language_plan))
        digest.update(f"\n{language}\n{language_plan.fingerprint}".encode())
    return plan, translated, digest.hexdigest()


def _shared_fingerprint(project: Project) -> str:
    """What every site depends on besides its own text."""
    digest = hashlib.sha256(f"noticegen {__version__}\n".encode())
    digest.update((Path(__file__).parent / "mkdocs_hook.py").read_bytes())
    for path in sorted((Path(__file__).parent / "data").rglob("*")):  # vocabularies, checklists, templates
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "weasyprint", "pydyf"):
        digest.update(f"{package} {_version_of(package)}\n".encode())
    config = project.config_files
    for path in config.files:
        digest.update(path.read_bytes())
    for theme in config.theme_dirs():
        for path in sorted(theme.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(theme).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


@dataclass(frozen=True)
class BuildInputs:
    """What planning and building any site needs; sent once to each worker."""

    project: Project
    notice: Notice
    history: object  # history.History
    vocabulary: object
    sites: list[Site]
    shared: str  # _shared_fingerprint
    today: dt.date
    framed: bool = True
    pdfs: bool = True  # False: no site gets PDFs (--no-pdf)
    languages: dict = field(default_factory=dict)  # (domain, language) -> translations.LanguageState
    translations: dict = field(default_factory=dict)  # language -> translations.Translation (working tree)
    archive: object = None  # translations.Archive: every translation committed, for earlier versions


@dataclass(frozen=True)
class SiteOutcome:
    domain: str
    fingerprint: str
    entry: dict | None = None  # its manifest entry, when built
    error: str | None = None
    print_jobs: tuple = ()  # PDFs to make from its built pages (their hashes are not in `entry` yet)


class _Worker:
    """Plans sites and builds those whose fingerprint changed, keeping what
    sites share (diffs, assessments, converted Markdown, file hashes) for the
    life of the process."""

    def __init__(self, inputs: BuildInputs):
        self.inputs = inputs
        self.sites = {site.domain: site for site in inputs.sites}
        self.diffs: dict = {}
        self.hashes: dict = {}

    def run(self, task: tuple[str, str, Path]) -> SiteOutcome:
        domain, known_fingerprint, staging = task
        inputs, site = self.inputs, self.sites[domain]
        plan, translated, fingerprint = plan_languages(inputs, site, self.diffs, inputs.project.cache_dir / "jinja")
        if fingerprint == known_fingerprint:
            return SiteOutcome(domain, fingerprint)
        try:  # PDFs come after every site's pages, spread over all workers (_make_pdfs)
            build_site(inputs.project, plan, staging / domain, inputs.framed, pdfs=False)
            for language, language_plan in translated:
                build_site(inputs.project, language_plan, staging / domain / language, inputs.framed, pdfs=False)
        except mkdocs_site.SiteBuildError as exc:
            return SiteOutcome(domain, fingerprint, error=str(exc))
        print_jobs = plan.print_jobs
        if translated:
            from .languages import link_counterparts

            link_counterparts(staging / domain, site)
            print_jobs += tuple(replace(job, page=f"{language}/{job.page}", target=f"{language}/{job.target}")
                                for language, language_plan in translated for job in language_plan.print_jobs)
        for name, text in plan.notifications.items():
            path = staging / NOTIFICATIONS / domain / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        meta = plan.text.notice.meta
        entry = {"url": plan.text.site.url, "version": meta.version, "effective": meta.effective.isoformat(),
                 "input": fingerprint, "files": manifest.file_hashes(staging / domain, self.hashes)}
        if translated:
            entry["languages"] = {language: language_plan.text.site.url for language, language_plan in translated}
        return SiteOutcome(domain, fingerprint, entry, print_jobs=print_jobs)


_worker: _Worker | None = None  # in each worker process
_worker_inputs = ""  # digest of the inputs it was made for


def _warm_up() -> None:
    """What every site build needs, imported before the first one arrives.
    A worker writes nothing after its last result is sent, so at exit it
    skips the interpreter's teardown of everything it built up."""
    import atexit
    import threading

    atexit.register(os._exit, 0)
    parent = os.getppid()

    def orphaned():  # the build was killed: a worker without it only wastes a core
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    from mkdocs.commands import build  # noqa: F401
    from material.plugins.search import plugin  # noqa: F401

    from . import mkdocs_frames, mkdocs_hook  # noqa: F401


def _pdf_in_worker(task) -> tuple[str, str, bool]:
    """Make one PDF: (its sha256, or "" and the error; whether it was rendered)."""
    cache, site_dir, job = task
    try:
        rendered = pdf_renderer(cache).make(site_dir, job)
    except pdf.PdfError as exc:
        return "", str(exc), False
    return hashlib.sha256((site_dir / job.target).read_bytes()).hexdigest(), "", rendered


def _run_in_worker(task) -> SiteOutcome:
    """`task`: the digest and pickled bytes of the BuildInputs (the same for
    every site of a build, unpickled once per worker), then the site's task."""
    global _worker, _worker_inputs
    digest, pickled, site_task = task
    if _worker is None or _worker_inputs != digest:
        _worker, _worker_inputs = _Worker(pickle.loads(pickled)), digest
    return _worker.run(site_task)


class _Workers:
    """Worker processes (spawned: no state leaks from this process), started
    as soon as a build looks likely, so they import MkDocs meanwhile."""

    def __init__(self, jobs: int):
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_warm_up)
        for _ in range(jobs):  # the executor starts a process per task until it has `jobs`
            self.executor.submit(int)
        self.used = False

    def map(self, inputs: BuildInputs, tasks: list):
        self.used = True
        pickled = pickle.dumps(inputs)
        digest = hashlib.sha256(pickled).hexdigest()
        return self.executor.map(_run_in_worker, [(digest, pickled, task) for task in tasks])

    def map_pdfs(self, tasks: list):
        self.used = True
        return self.executor.map(_pdf_in_worker, tasks)

    def close(self) -> None:
        """Wait for them to exit (quick: they skip teardown); if they were
        never given a site (nothing to build, or the notice has problems),
        stop them now rather than wait for their imports."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        if not self.used:
            for process in processes:
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def _build_all(inputs: BuildInputs, known: dict[str, str], staging: Path, workers: _Workers | None,
               progress: Progress | None) -> list[SiteOutcome]:
    """Plan every site of `known` (domain -> fingerprint of its current
    build, "" if none) and build those that changed into staging/<domain>."""
    tasks = [(domain, fingerprint, staging) for domain, fingerprint in known.items()]
    if workers is None:
        outcomes = _report(map(_Worker(inputs).run, tasks), len(tasks), progress)
    else:
        outcomes = _report(workers.map(inputs, tasks), len(tasks), progress)
    return _make_pdfs(inputs.project.cache_dir / "pdf", outcomes, staging, workers, progress)


def _make_pdfs(cache: Path, outcomes: list[SiteOutcome], staging: Path, workers: _Workers | None,
               progress: Progress | None) -> list[SiteOutcome]:
    """The PDFs of every built site, from its pages: one task each, so all
    workers stay busy until the last (a site's PDFs take longer than its
    pages). Each PDF's hash goes into its site's manifest entry."""
    tasks = [(cache, staging / outcome.domain, job) for outcome in outcomes if outcome.entry is not None
             for job in outcome.print_jobs]
    if not tasks:
        return outcomes
    results = workers.map_pdfs(tasks) if workers is not None else map(_pdf_in_worker, tasks)
    hashes, errors, rendered = {}, {}, 0
    for (_, site_dir, job), (digest, error, fresh) in zip(tasks, results):
        if error:
            errors.setdefault(site_dir.name, error)
        hashes[(site_dir.name, job.target)] = digest
        rendered += fresh
    if progress:
        progress(f"{len(tasks)} PDFs: {rendered} rendered, {len(tasks) - rendered} from the cache")
    done = []
    for outcome in outcomes:
        if outcome.domain in errors:
            outcome = replace(outcome, entry=None, error=errors[outcome.domain])
        elif outcome.entry is not None and outcome.print_jobs:
            files = {**outcome.entry["files"], **{job.target: hashes[(outcome.domain, job.target)]
                                                  for job in outcome.print_jobs}}
            outcome = replace(outcome, entry={**outcome.entry, "files": dict(sorted(files.items()))})
        done.append(replace(outcome, print_jobs=()))
    return done


def _report(outcomes, total: int, progress: Progress | None) -> list[SiteOutcome]:
    done = []
    for number, outcome in enumerate(outcomes, start=1):
        done.append(outcome)
        if progress:
            state = "FAILED" if outcome.error else "built" if outcome.entry else "unchanged"
            progress(f"[{number}/{total}] {outcome.domain} {state}")
    return done


def build_site(project: Project, plan: SitePlan, site_dir: Path, framed: bool = True, pdfs: bool = True) -> None:
    """MkDocs renders the pages; the embeddable files go beside them. Pages
    per version and per change are `framed`: filled into one rendered page
    (the same bytes as rendering each, in a fraction of the time). Then the
    PDFs are made from the rendered pages, so both ways give the same PDFs
    (unless `pdfs` is False: the build makes them later, all sites at once)."""
    from . import embeds, history_pages

    archived = {path: page for path, page in plan.pages.items() if history_pages.is_archived(path)}
    pages = {path: page for path, page in plan.pages.items() if path.endswith(".md") and path not in archived}
    files = {path: page for path, page in plan.pages.items() if path not in archived and path not in pages}
    with tempfile.TemporaryDirectory(prefix="noticegen-") as work:
        docs = Path(work, "docs")  # empty: the pages come from memory
        docs.mkdir()
        options = mkdocs_site.site_options(project.config_files, docs, site_dir, plan.settings,
                                           hooks=[mkdocs_site.BUILD_HOOK])
        mkdocs_site.build(project.config_files, options, plan.settings, files, pages, archived, framed, Path(work))
    for name, content in embeds.render(plan.text).items():
        (site_dir / name).write_text(content, encoding="utf-8")
    if pdfs and plan.print_jobs:
        renderer = pdf_renderer(project.cache_dir / "pdf")
        for job in plan.print_jobs:
            renderer.make(site_dir, job)


_renderers: dict[Path, pdf.Renderer] = {}


def pdf_renderer(cache: Path) -> pdf.Renderer:
    """One per process and cache: WeasyPrint is imported once."""
    if cache not in _renderers:
        _renderers[cache] = pdf.Renderer(cache)
    return _renderers[cache]


def site_settings(notice: Notice, site: Site, cache_dir: Path | None = None,
                  alternates: list | None = None) -> mkdocs_site.SiteSettings:
    from .i18n import t

    return mkdocs_site.SiteSettings(
        site_name=f"{site.name} {notice.meta.title}",
        site_url=site.url,
        language=site.language,
        nav=[{notice.meta.title: "index.md"}, {t("History"): "history/index.md"},
             {t("Compare versions"): "compare/index.md"}],
        description=t("The {title} of {name}: what information is collected and why, who receives it, how long "
                      "it is kept and your rights; with every earlier version and what changed.").format(
                          title=notice.meta.title, name=site.name),
        alternates=tuple(alternates or ()),
        # The build date MkDocs writes (sitemap, gzip header) is the notice's
        # effective date, never the clock: same commit, same bytes.
        date_epoch=calendar.timegm(notice.meta.effective.timetuple()),
        cache_dir=str(cache_dir) if cache_dir else "",
    )


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


def _remove_leftovers(out: Path) -> None:
    """Staging and old folders of builds that were killed (ours by their
    names; nobody else builds here while we hold the lock)."""
    for path in out.parent.glob(f".{out.name}-staging-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in out.parent.glob(f".{out.name}-old-*"):
        shutil.rmtree(path, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so
    that `out` is at every moment the old build or the new one; False where
    the system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0


def _swap(staging: Path, out: Path) -> None:
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old build
        return
    old = out.with_name(f".{out.name}-old-{os.getpid()}-{secrets.token_hex(4)}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
