"""`noticegen build`: check, render the sites into a staging folder, and move
them into place only when every one of them succeeded.

Each site's folder in `site/` is replaced in one step, and the manifest
after them, so a failed build leaves the previous one untouched and a
reader never sees half of a new site. A site whose inputs
(pages, settings, theme, mkdocs.yml, generator and MkDocs versions) have not
changed since the last build is carried over, not rebuilt. Sites build in
worker processes, as MkDocs is not thread-safe.
"""
from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from . import __version__, atomic, cache, engine, faults, folders, freshness, locks, manifest, offline, pdf, reuse, \
    switches
from .errors import BuildError, StateError
from .freshness import inputs_key, reference_date, sources_key
from .problems import Problem
from .project import Project

# check, plan, plan_inputs, selection, render and mkdocs_site are imported
# where a build checks and plans: a build that changes nothing answers without them
# (_unchanged), and importing them is most of its time.
if TYPE_CHECKING:
    from .plan import BuildInputs, SitePlan


NOTIFICATIONS = folders.NOTIFICATIONS


@dataclass(frozen=True)
class BuildResult:
    out: Path
    built: list[str]  # domains rendered by this run
    unchanged: list[str]  # domains requested but carried over
    warnings: list = field(default_factory=list)


Progress = Callable[[str], None]


def build(project: Project, domains: list[str] | None = None, out: Path | None = None,
          jobs: int | None = None, progress: Progress | None = None, history: bool = True,
          today: dt.date | None = None, framed: bool | None = None, pdfs: bool | None = None) -> BuildResult:
    """`pdfs`: False builds no PDFs for any site (`--no-pdf`); by default
    sites whose `pdf` setting is on get them, unless NOTICEGEN_PDF=off.
    `framed`: the frame renderer (True) or the portable one (False); by
    default NOTICEGEN_RENDERER's (render.py)."""
    out = folders.output_folder(out or project.site_dir, project)
    pdfs = pdf.enabled() if pdfs is None else pdfs
    framed = switches.renderer() == "frames" if framed is None else framed
    cache.use(project.cache_dir)  # check() assesses every version too
    # Two builds into one folder take turns: the second finds the first's output.
    with locks.exclusive(folders.output_lock(out), f"build of {out}"):
        _remove_leftovers(out)
        folders.output_folder(out, project)  # what it holds, now that no other build is moving sites in
        recorded = manifest.read(out)
        shared = freshness.shared_fingerprint(project)
        sources = sources_key(project, shared)
        if history:
            unchanged = _unchanged(project, domains, out, recorded, sources, today, pdfs)
            if unchanged is not None:
                return unchanged
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
            cache.use(None)  # nothing later in this process (a test, say) writes into this project's cache


def _build(project, domains, out, recorded, shared, sources, jobs, workers, progress, history, today,
           framed, pdfs) -> BuildResult:
    from .check import check
    from .plan import BuildInputs, translation_archive
    from .selection import select_sites

    checked = check(project, history)
    for site in checked.sites:
        if site.publish is not None and site.publish.kind == "directory" and \
                folders.inside(project.root / site.publish.value, out):
            raise BuildError(f"{site.domain} publishes to {site.publish.value}, inside {out}: the build replaces "
                             "that folder as a whole, releases and all; publish somewhere outside it")
    dated_by_hand = today is not None  # asked for with --today: publish and notify say so only then
    today = today or reference_date(checked)
    selected = select_sites(checked.sites, domains)
    previous = recorded["sites"]
    key = inputs_key(sources, checked.history.head_sha, today, pdfs)
    configured = {site.domain for site in checked.sites}
    remembered = manifest.read_stats(manifest.stats_file(project.cache_dir, out))
    stats, plans = remembered.get("files", {}), remembered.get("plans", {})
    plans = plans if isinstance(plans, dict) else {}
    intact = {domain for domain in previous if manifest.intact(out, domain, stats, _beside(domain))}
    moving = folders.moving_in(out)  # sites a killed build moved in: their folders are a build's
    for domain in sorted(set(previous) - intact):  # to be replaced or removed whole: only what a build made
        unmade = folders.unmade_files(out, domain, previous[domain], moving.get(domain))
        if unmade:
            kind = "file" if not any(name.endswith("/") for name in unmade) else "file or folder"
            raise BuildError(f"{out / unmade[0]} was not made by noticegen, in a folder each build replaces "
                             f"whole ({len(unmade)} such {kind}{'s' if len(unmade) != 1 else ''}): move "
                             f"{'it' if len(unmade) == 1 else 'them'} out of {out}, then build again")
    if freshness.up_to_date(recorded, key, configured, out) and configured <= intact:
        # Nothing that any page depends on has changed: no need to plan them.
        _remember(project, out, stats, plans, key, checked)
        return BuildResult(out, [], [site.domain for site in selected], checked.warnings)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    # mkdtemp makes it 0700; the output is for a web server to read, as a folder made by hand would be.
    staging.chmod(0o777 & ~_umask())
    try:
        inputs = BuildInputs(project, checked.notice, checked.history, checked.vocabulary, checked.sites,
                             shared, today, framed, pdfs, checked.languages, checked.translations,
                             translation_archive(project, checked))
        # A site whose files changed since its build (by hand, half-copied) is
        # rebuilt, asked for or not: only intact sites can be carried over.
        planned = selected + [site for site in checked.sites
                              if site.domain in previous and site.domain not in intact and site not in selected]
        # What each site in place was built from: its pages' fingerprint and what it was planned from.
        known = {site.domain: (previous[site.domain].get("input", ""), plans.get(site.domain, ""))
                 if site.domain in intact else ("", "") for site in planned}
        # A site rebuilt links the files of its build in place that come out the same (reuse.py).
        previous_builds = {domain: out / domain for domain in known if domain in intact}
        if workers is None and min(jobs, len(known)) > 1:  # not started early: files unchanged since the last build
            own = _Workers(min(jobs, len(known)))
            try:
                outcomes = _build_all(inputs, known, staging, own, progress, previous_builds)
            finally:
                own.close()
        else:
            outcomes = _build_all(inputs, known, staging, workers, progress, previous_builds)
        # What each site in place was planned from: this build's keys for the sites it planned, else the last's.
        plans = {**plans, **{outcome.domain: outcome.planned_from for outcome in outcomes}}
        plans = {domain: plan_key for domain, plan_key in plans.items() if plan_key and domain in configured}
        failures = [f"{o.domain}: {o.error}" for o in outcomes if o.error]
        if failures:
            raise BuildError(f"no site was built ({out} is as it was); these failed:\n" + "\n".join(failures))
        built = [o.domain for o in outcomes if o.entry is not None]
        full = len(planned) == len(configured)  # the keys stand for every site only if every site was planned
        if not built and set(previous) == configured:
            if full and recorded.get("inputs") != key:  # inputs changed, pages did not: remember that
                dated = {domain: {**entry, "today": today.isoformat()} for domain, entry in previous.items()}
                manifest.write(out, {**recorded, "sites": dated, "inputs": key, "sources": sources,
                                     "today": today.isoformat(), **_built_how(checked, dated_by_hand, pdfs)})
                _remember(project, out, stats, plans, key, checked)
            elif plans != remembered.get("plans"):
                manifest.write_stats(manifest.stats_file(project.cache_dir, out), {**remembered, "plans": plans})
            return BuildResult(out, [], [o.domain for o in outcomes], checked.warnings)
        entries = {o.domain: o.entry for o in outcomes if o.entry is not None}
        planned_now = {o.domain for o in outcomes}
        new_stats = {domain: manifest.site_stats(staging, domain, _beside(domain)) for domain in entries}
        for site in checked.sites:
            if site.domain not in entries and site.domain in intact:  # carried over: stays where it is
                entries[site.domain] = previous[site.domain]
                if site.domain in planned_now:  # planned for this date and unchanged: its pages are this date's too
                    entries[site.domain] = {**entries[site.domain], "today": today.isoformat()}
                new_stats[site.domain] = stats[site.domain]
        manifest.write(staging, {"generator": __version__, "engine": engine.name(),
                                 "sites": dict(sorted(entries.items())),
                                 "inputs": key if full else None, "sources": sources if full else None,
                                 "today": today.isoformat(), **_built_how(checked, dated_by_hand, pdfs)})
        faults.point("before-swap")
        _move_in(staging, out, rebuilt=[domain for domain in entries if domain in built],
                 gone=[domain for domain in previous if domain not in entries])
        _remember(project, out, new_stats, {domain: plans[domain] for domain in entries if domain in plans},
                  key if full else None, checked)
    finally:
        _remove_staging(staging)
    return BuildResult(out, built, [o.domain for o in outcomes if o.domain not in built], checked.warnings)


def _built_how(checked, dated_by_hand: bool, pdfs: bool) -> dict:
    """What publish and notify name when a build no longer matches: whether
    it was dated with --today, made PDFs, and from which commit."""
    return {"dated_by_hand": dated_by_hand, "pdfs": pdfs, "head": checked.history.head_sha}


def _unchanged(project: Project, domains, out: Path, recorded: dict, sources: str, today, pdfs: bool
               ) -> BuildResult | None:
    """A build that would change nothing, told without checking the notice
    again: the files, the last commit to notices/ and the date are those the
    last build of `out` checked and built from, and its sites' files are as
    it left them. Its warnings are shown again. None: check and plan."""
    remembered = manifest.read_stats(manifest.stats_file(project.cache_dir, out))
    last = remembered.get("checked")
    if not isinstance(last, dict) or not isinstance(last.get("domains"), list) \
            or not all(isinstance(domain, str) for domain in last["domains"]):
        return None  # none yet, or not what _remember writes
    order = last["domains"]
    if domains and not set(domains) <= set(order):
        return None  # the full path names the unknown site
    key = freshness.quick_inputs_key(project, sources, today, pdfs)
    if key is None or last.get("inputs") != key or not freshness.up_to_date(recorded, key, set(order), out) \
            or not all(manifest.intact(out, domain, remembered["files"], _beside(domain)) for domain in order):
        return None
    warnings = last.get("warnings")
    if not isinstance(warnings, list) or not all(
            isinstance(w, list) and len(w) == 4 and type(w[1]) is int and all(isinstance(t, str) for t in w[::2] + w[3:])
            for w in warnings):
        return None
    return BuildResult(out, [], list(dict.fromkeys(domains)) if domains else order,
                       [Problem(Path(path), line, message, fix) for path, line, message, fix in warnings])


def _beside(domain: str) -> tuple[str, ...]:
    """What belongs to a site in the output besides site/<domain>."""
    return (f"{NOTIFICATIONS}/{domain}",)


def _remember(project: Project, out: Path, files: dict, plans: dict, key: str | None, checked) -> None:
    """The sizes and times of the built files and what each site was planned
    from (plan_inputs.key), and, when `key` stands for every site, what the
    check found, for _unchanged."""
    stats = {"files": files, "plans": plans}
    if key is not None:
        stats["checked"] = {"inputs": key, "domains": [site.domain for site in checked.sites],
                            "warnings": [[str(w.path), w.line, w.message, w.fix] for w in checked.warnings]}
    manifest.write_stats(manifest.stats_file(project.cache_dir, out), stats)


@dataclass(frozen=True)
class SiteOutcome:
    domain: str
    fingerprint: str
    entry: dict | None = None  # its manifest entry, when built
    error: str | None = None
    print_jobs: tuple = ()  # PDFs to make from its built pages (their hashes are not in `entry` yet)
    planned_from: str = ""  # plan_inputs.key: what its plan was made from


class _Worker:
    """Plans sites and builds those whose fingerprint changed, keeping what
    sites share (diffs, assessments, converted Markdown, file hashes) for the
    life of the process."""

    def __init__(self, inputs: BuildInputs):
        from . import plan_inputs

        self.inputs = inputs
        self.sites = {site.domain: site for site in inputs.sites}
        self.diffs: dict = {}
        self.hashes: dict = {}
        self.digests: dict = {}  # of what sites share, for plan_inputs.key
        self.other_files = plan_inputs.other_files(inputs.project.notices, inputs.notice, inputs.sites)
        cache.use(inputs.project.cache_dir)  # diffs and assessments of earlier builds (generator/cache.py)

    def run(self, task: tuple[str, str, Path]) -> SiteOutcome:
        from . import mkdocs_site, plan_inputs
        from .plan import plan_languages

        domain, (known_fingerprint, known_plan), staging, previous = task
        inputs, site = self.inputs, self.sites[domain]
        # Made from what its last plan was made from: the same plan, so the same pages.
        planned_from = plan_inputs.key(inputs, site, self.other_files, self.digests) or ""
        if planned_from and planned_from == known_plan and known_fingerprint:
            return SiteOutcome(domain, known_fingerprint, planned_from=planned_from)
        plan, translated, fingerprint = plan_languages(inputs, site, self.diffs, inputs.project.cache_dir / "jinja",
                                                       memo=self.digests)
        if fingerprint == known_fingerprint:
            return SiteOutcome(domain, fingerprint, planned_from=planned_from)
        try:  # PDFs come after every site's pages, spread over all workers (_make_pdfs)
            build_site(inputs.project, plan, staging / domain, inputs.framed, pdfs=False, previous=previous)
            for language, language_plan in translated:
                build_site(inputs.project, language_plan, staging / domain / language, inputs.framed, pdfs=False,
                           previous=previous / language if previous else None)
        except mkdocs_site.SiteBuildError as exc:
            return SiteOutcome(domain, fingerprint, error=str(exc))
        self.hashes.update(reuse.LINKED)  # files linked to the last build's, their bytes checked: not read again
        loads = offline.third_party_loads(staging / domain, domain, self.hashes)
        if loads:  # what mkdocs.yml or theme/ added to every page
            return SiteOutcome(domain, fingerprint, error=offline.describe(domain, loads))
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
                 "input": fingerprint, "files": manifest.file_hashes(staging / domain, self.hashes),
                 "emails": sorted(plan.notifications), "today": inputs.today.isoformat()}
        if translated:
            entry["languages"] = {language: language_plan.text.site.url for language, language_plan in translated}
        return SiteOutcome(domain, fingerprint, entry, print_jobs=print_jobs, planned_from=planned_from)


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


def _prefill_in_worker(task) -> int:
    """plan.prefill for a site, in a worker that has no site to build. Only
    a head start for the worker planning it: whatever goes wrong here goes
    wrong there too, and is reported there."""
    global _worker, _worker_inputs
    digest, pickled, domain = task
    try:
        if _worker is None or _worker_inputs != digest:
            _worker, _worker_inputs = _Worker(pickle.loads(pickled)), digest
        from .plan import prefill

        return prefill(_worker.inputs, _worker.sites[domain])
    except Exception:  # noqa: BLE001
        return 0


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
        self.used, self.jobs = False, jobs

    def map(self, inputs: BuildInputs, tasks: list):
        """Each site task's outcome, in order. Workers left without a site
        (fewer sites than workers) fill the cache for the sites meanwhile,
        when the cache is on (plan.prefill)."""
        self.used = True
        pickled = pickle.dumps(inputs)
        digest = hashlib.sha256(pickled).hexdigest()
        results = self.executor.map(_run_in_worker, [(digest, pickled, task) for task in tasks])
        if cache.enabled():
            for domain, _, _, _ in tasks[:max(0, self.jobs - len(tasks))]:
                self.executor.submit(_prefill_in_worker, (digest, pickled, domain))
        return results

    def map_pdfs(self, tasks: list):
        self.used = True
        return self.executor.map(_pdf_in_worker, tasks)

    def close(self) -> None:
        """Wait for them to exit (quick: they skip teardown); if they were
        never given a site (nothing to build, or the notice has problems),
        stop them now rather than wait for their imports."""
        if not self.used:
            for process in (getattr(self.executor, "_processes", None) or {}).values():
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def _build_all(inputs: BuildInputs, known: dict[str, tuple[str, str]], staging: Path, workers: _Workers | None,
               progress: Progress | None, previous: dict[str, Path] | None = None) -> list[SiteOutcome]:
    """Plan every site of `known` (domain -> fingerprint of its current
    build and the key of what it was planned from, "" if none) and build
    those that changed into staging/<domain>, linking the files of its
    `previous` build (domain -> its folder, intact) that come out the same
    (reuse.py)."""
    previous = previous or {}
    tasks = [(domain, fingerprints, staging, previous.get(domain)) for domain, fingerprints in known.items()]
    if workers is None:
        outcomes = _report(map(_Worker(inputs).run, tasks), len(tasks), progress)
    else:
        outcomes = _report(workers.map(inputs, tasks), len(tasks), progress)
    return _make_pdfs(inputs.project, outcomes, staging, workers, progress)


def _make_pdfs(project, outcomes: list[SiteOutcome], staging: Path, workers: _Workers | None,
               progress: Progress | None) -> list[SiteOutcome]:
    """The PDFs of every built site, from its pages: one task each, so all
    workers stay busy until the last (a site's PDFs take longer than its
    pages). Each PDF's hash goes into its site's manifest entry."""
    cache = project.cache_dir / "pdf"
    tasks = [(cache, staging / outcome.domain, job) for outcome in outcomes if outcome.entry is not None
             for job in outcome.print_jobs]
    if not tasks:
        return outcomes
    results = workers.map_pdfs(tasks) if workers is not None else map(_pdf_in_worker, tasks)
    hashes, errors, rendered = {}, {}, 0
    for (_, site_dir, job), (digest, error, fresh) in zip(tasks, results):
        if error and site_dir.name not in errors:
            errors[site_dir.name] = pdf.where_letter(error, project.notices, project.root)
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


def build_site(project: Project, plan: SitePlan, site_dir: Path, framed: bool = True, pdfs: bool = True,
               previous: Path | None = None) -> None:
    """The site's pages (render.py: the frame renderer, or with `framed`
    False the portable one; the same bytes), then the PDFs made from them,
    so both give the same PDFs (unless `pdfs` is False: the build makes them
    later, all sites at once). `previous`: the site's build in place, whose
    files that come out the same the frame renderer links (reuse.py)."""
    from . import render

    render.render(project, plan, site_dir, "frames" if framed else "portable", previous)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _leftover_names(out: Path) -> re.Pattern:
    """The names of the staging and old folders of builds into `out`, and
    no others: `.site-staging-<8 of mkdtemp's characters>` and
    `.site-old-<pid>-<8 hex digits>`. A looser pattern took the staging
    folder of a build into `site-staging` running at the same time (whose
    lock is another), and a folder a person named `.site-old-backup`."""
    name = re.escape(out.name)
    return re.compile(rf"\.{name}-(staging-[a-z0-9_]{{8}}|old-[0-9]+-[0-9a-f]{{8}})")


def _remove_staging(staging: Path) -> None:
    """The staging folder and all in it (the old builds of the sites just
    replaced, or a failed build's pages), two levels of it at once in
    threads: removing a file or folder waits on the file system, not the
    CPU, and one after another it was a tenth of a small edit's rebuild
    (20 sites: 0.9 s alone, 0.27 s in 8 threads). Links are removed, never
    followed."""
    def entries(folder: Path) -> list[str]:
        try:
            with os.scandir(folder) as found:
                return [entry.path for entry in found]
        except OSError:
            return []

    def real_folder(path: str) -> bool:
        return os.path.isdir(path) and not os.path.islink(path)

    parts = [inner for path in entries(staging) if real_folder(path) for inner in entries(Path(path))]
    if len(parts) > 1:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(_remove_path, parts))
    shutil.rmtree(staging, ignore_errors=True)  # what is left: the top folders, files, links


def _remove_path(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _remove_leftovers(out: Path) -> None:
    """Staging and old folders of builds into `out` that were killed, and
    the sites a killed build had moved in before its manifest named them
    (they would look like folders noticegen did not make); nobody else
    builds into `out` while we hold its lock."""
    names = _leftover_names(out)
    for path in out.parent.glob(f".{glob.escape(out.name)}-*"):
        if names.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    moving = out / folders.MOVING_FILE
    if moving.is_symlink() or not moving.is_file():
        return
    try:
        recorded = manifest.read(out)["sites"] if folders.is_build_output(out) else {}
    except StateError:
        return  # a damaged manifest: said by the check of what `out` holds
    kept = {}
    for domain, made in folders.moving_in(out).items():
        if not _plain_name(domain):
            continue
        if domain in recorded:  # checked against the manifest, and rebuilt as it differs
            if any(identity is not None and folders.identity(folder) == identity
                   for folder, identity in zip((out / domain, out / NOTIFICATIONS / domain), made)):
                kept[domain] = made  # so that its files are known as a build's (folders.unmade_files)
            continue
        for folder, identity in zip((out / domain, out / NOTIFICATIONS / domain), made):
            if identity is not None and folders.identity(folder) == identity:  # the very folder the build made
                shutil.rmtree(folder, ignore_errors=True)
    if kept:
        atomic.write_text(moving, json.dumps(kept, sort_keys=True))
    else:
        moving.unlink()


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name and not name.startswith(".")


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


def _move_in(staging: Path, out: Path, rebuilt: list[str], gone: list[str]) -> None:
    """Put the rebuilt sites of `staging` into `out` and take the `gone` ones
    out, each folder in one step (exchanged with its old build, which is
    left in `staging` to be deleted), then the manifest. Sites carried over
    are not touched: copying and deleting their thousands of files was most
    of a small edit's rebuild. At every moment each site's folder in `out`
    is its old build or its new one. A build killed halfway leaves sites the
    old manifest does not describe, which the next build rebuilds and
    publish refuses (both compare the files), and may leave sites new to
    `out`, listed in MOVING_FILE until the manifest names them, which the
    next build removes first. Publish reads `out` under the build's lock."""
    if not out.exists():
        staging.rename(out)
        return
    aside = staging / ".replaced"
    aside.mkdir()
    made = {domain: [folders.identity(staging / domain), folders.identity(staging / NOTIFICATIONS / domain)]
            for domain in rebuilt}  # a rename keeps a folder's inode
    atomic.write_text(out / folders.MOVING_FILE, json.dumps({**{domain: [None, None] for domain in gone}, **made},
                                                            sort_keys=True))
    emails = out / NOTIFICATIONS
    if os.path.lexists(emails) and (emails.is_symlink() or not emails.is_dir()):
        emails.rename(aside / NOTIFICATIONS)  # a link or a file put there: moved, never followed
    for domain in rebuilt:
        for folder in (Path(domain), Path(NOTIFICATIONS) / domain):
            _replace_folder(staging / folder, out / folder, aside / folder)
        faults.point("mid-swap")
    for domain in gone:
        for folder in (Path(domain), Path(NOTIFICATIONS) / domain):
            if os.path.lexists(out / folder):
                (aside / folder).parent.mkdir(parents=True, exist_ok=True)
                (out / folder).rename(aside / folder)
    (staging / manifest.MANIFEST_FILE).replace(out / manifest.MANIFEST_FILE)
    (out / folders.MOVING_FILE).unlink()
    try:
        emails.rmdir()  # only when no site has rendered emails any more
    except OSError:
        pass


def _replace_folder(new: Path, old: Path, aside: Path) -> None:
    """`new` in the place of `old`; what was at `old` (a folder, or a file or
    link put there by hand, which is moved, never followed) ends at `new` or
    `aside`."""
    there = os.path.lexists(old)
    if there and (old.is_symlink() or not old.is_dir() or not new.is_dir()):
        aside.parent.mkdir(parents=True, exist_ok=True)
        old.rename(aside)
        there = False
    if not new.is_dir():  # the new build has none (a site whose emails are gone)
        return
    old.parent.mkdir(parents=True, exist_ok=True)
    if there and _exchange(new, old):
        return
    if there:
        aside.parent.mkdir(parents=True, exist_ok=True)
        old.rename(aside)
    new.rename(old)
