"""Versions of the notice, read from git.

A version is the commit, on the first-parent line to HEAD, that introduces a
new `version` value in the notice metadata. Its snapshot of notices/ (with
its own sites.yml and overrides, so an archived page shows what that site
showed then) is read back with the same readers as today's notice; a
snapshot without notice.yml is the older single-file layout.

One `git log` pass gives every commit that touched notices/ and the blobs it
changed; blobs are read through one `git cat-file --batch`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from . import fallback, switches
from .gitlog import Commit, Git, GitError
from .notice import NOTICE_FILE, Controller, Notice, read_notice, read_section
from .pages import SiteText, site_text
from .placeholders import is_placeholder
from .problems import NoticeError, Problem
from .singlefile import read_single_file
from .sourcefile import committed_versions
from .sites import SITES_FILE, SITES_FOLDER, Site, read_sites
from .yamlsafe import YamlError, load_mapping

HISTORY_VARIABLE = "NOTICEGEN_HISTORY"  # "off" turns history off, like --no-history


@dataclass(frozen=True)
class Version:
    version: str
    effective: dt.date
    summary: str
    commit: str | None  # None: not committed yet (a draft in the working tree)
    author: str
    committed: str  # commit date, ISO 8601; "" for a draft
    notice: Notice
    sites: tuple[Site, ...] | None  # None: the snapshot lists no sites (older layout)
    layout: str  # "sections" (notice.yml + one file per section) or "single-file"

    @property
    def published(self) -> str:
        """When it was first published (YYYY-MM-DD): the metadata's
        `published`, else the commit date; "" for a draft."""
        if self.notice.meta.published:
            return self.notice.meta.published.isoformat()
        return self.committed[:10]

    @property
    def backdated(self) -> bool:
        """Took effect before it was published (allowed, but worth saying)."""
        return bool(self.published) and self.effective.isoformat() < self.published


@dataclass(frozen=True)
class History:
    versions: tuple[Version, ...]  # oldest first; the last may be a draft
    unreleased: tuple[str, ...] = ()  # sites whose committed text changed without a new version
    draft_edits: tuple[str, ...] = ()  # sites whose uncommitted text differs from its version
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    head_date: str = ""  # commit date of HEAD: "today" for a build, from git, not the clock
    head_sha: str = ""  # the last commit that touched notices/: names the whole history below it


@dataclass(frozen=True)
class SiteVersion:
    """One version as one site shows it."""

    version: Version
    text: SiteText
    fingerprint: str
    changed: bool  # differs from this site's previous version


history_enabled = switches.history  # read in switches.py, which the CLI reads without loading this module


def fingerprint(text: SiteText) -> str:
    """sha256 of the notice text a site shows, independent of page layout,
    so consent records can cite exactly the words a person saw."""
    data = {
        "title": text.notice.meta.title, "version": text.notice.meta.version,
        "effective": text.notice.meta.effective.isoformat(), "preamble": text.preamble,
        "sections": [[section.id, section.title, body] for section, body in text.sections],
    }
    # The words, not the marks on noticegen's English ones (fallback.py): the same text, the same fingerprint.
    words = fallback.plain(json.dumps(data, sort_keys=True, ensure_ascii=False))
    return hashlib.sha256(words.encode()).hexdigest()


def current_version(notice: Notice, sites: list[Site]) -> Version:
    """The working tree as a version (used when history is off)."""
    meta = notice.meta
    return Version(meta.version, meta.effective, meta.summary, None, "", "", notice, tuple(sites), "sections")


def read_history(project_root: Path, notices: Path, notice: Notice, sites: list[Site]) -> History:
    """Every version from git, plus the working tree when it is a new version."""
    with Git(project_root) as git:
        if git.is_shallow():
            raise GitError("this is a shallow clone, so the notice's history is incomplete: run "
                           "`git fetch --unshallow` (in CI: fetch-depth: 0), or pass --no-history")
        head = git.head()
        prefix = PurePosixPath(os.path.relpath(notices.resolve(), git.root.resolve())).as_posix()
        commits = git.log(prefix + "/", head) if head else []
        points = _version_points(git, commits, prefix)
        with tempfile.TemporaryDirectory(prefix="noticegen-history-") as work, committed_versions():
            reader = _SnapshotReader(git, prefix, Path(work))
            versions, problems = [], []
            unreleased: tuple[str, ...] = ()
            for index, point in enumerate(points):
                version, trouble = reader.version(point.introduced, point.first_state)
                problems += trouble
                if not version:
                    continue
                if point.last_state != point.first_state:
                    # The text (and sites) are the introducing commit's; later commits
                    # under the same number may correct the metadata only.
                    later, _ = reader.version(point.introduced, point.last_state)
                    if later:
                        version = _corrected(version, later, sites)
                        if index == len(points) - 1:
                            unreleased = _differing(version, later, sites)
                versions.append(version)
    current = current_version(notice, sites)
    draft_edits: tuple[str, ...] = ()
    if versions and versions[-1].version == current.version:
        draft_edits = _differing(versions[-1], current, sites)
        if _meta_differs(versions[-1], current):
            draft_edits = draft_edits or ("notices/notice.yml",)
    elif not versions or current.version not in {v.version for v in versions}:
        versions.append(current)
        unreleased = ()  # the working tree's new version releases them
    warnings = []
    # With `published:` the author (or an import) recorded the dates after the fact: nothing to fix, so no warning.
    if versions and versions[-1].backdated and not versions[-1].notice.meta.published:
        latest = versions[-1]
        warnings.append(Problem(notices / NOTICE_FILE, 0, f"version {latest.version} took effect on "
                                f"{latest.effective}, before it was committed ({latest.committed[:10]})",
                                "give a future effective date; for a history recorded after the fact, say when "
                                "it was first published with published: YYYY-MM-DD"))
    problems += _order_problems(versions, notices)
    head_date = commits[-1].date if commits else ""  # the last commit touching notices/
    head_sha = commits[-1].sha if commits else ""
    return History(tuple(versions), unreleased, draft_edits, tuple(problems), tuple(warnings), head_date, head_sha)


def version_at(project_root: Path, notices: Path, revision: str) -> Version:
    """The notice as committed in `revision` (any git revision)."""
    with Git(project_root) as git:
        sha = git.resolve(revision)
        prefix = PurePosixPath(os.path.relpath(notices.resolve(), git.root.resolve())).as_posix()
        state = git.tree(sha, prefix + "/")
        if not state:
            raise GitError(f"{revision} has no {prefix}/ folder")
        with tempfile.TemporaryDirectory(prefix="noticegen-history-") as work:
            reader = _SnapshotReader(git, prefix, Path(work))
            version, problems = reader.version(git.commit(sha), state)
            # The revision exists; its notice is what is wrong (a problem, exit 1, not a usage error).
            wrong = reader.unreadable if version is None else _unfilled(version)
            if wrong or version is None:
                folder = Path(work) / "notices"
                raise NoticeError([_as_committed(p, folder, prefix, sha) for p in wrong] or problems)
    return version


def _as_committed(problem: Problem, folder: Path, prefix: str, sha: str) -> Problem:
    """The file as the author knows it (notices/…), not the temporary copy."""
    try:
        path = Path(prefix) / problem.path.relative_to(folder)
    except ValueError:
        path = problem.path
    return replace(problem, path=path, message=f"{problem.message}, as committed in {sha[:10]}")


def _unfilled(version: Version) -> list[Problem]:
    """A revision no `check` passed (a pull request under review) may hold a
    placeholder a site cannot fill: found while its files have their names."""
    for site in version.sites or ():
        try:
            site_text(version.notice, site)
        except NoticeError as exc:
            return exc.problems
    return []


def site_history(history: History, site: Site, last: int | None = None) -> list[SiteVersion]:
    """The versions a site showed, oldest first, as it showed them (only the
    `last` few when that is all the caller needs)."""
    shown = shown_versions(history, site)
    return as_shown(shown[-last:] if last else shown)


def shown_versions(history: History, site: Site) -> list[tuple[Version, Site]]:
    """The versions that showed `site`, each with the site as it was then."""
    return [(v, s) for v in history.versions if (s := _site_in(v, site)) is not None]


def as_shown(shown: list[tuple[Version, Site]]) -> list[SiteVersion]:
    """Each version's text as its site showed it, oldest first."""
    result: list[SiteVersion] = []
    for version, shown_site in shown:
        text = site_text(version.notice, shown_site)
        digest = fingerprint(text)
        changed = not result or _words(result[-1].text) != _words(text)
        result.append(SiteVersion(version, text, digest, changed))
    return result


def _corrected(version: Version, later: Version, sites: list[Site]) -> Version:
    """`version` with the metadata `later` (a commit under the same number)
    gives it: dates, summary, declarations and the controller. A controller
    detail that was a placeholder is filled in even where the text shows it
    (check refused the version until then, so nobody saw it); any other
    change of the controller is taken only when it changes none of the
    version's words, which were published: else it is unreleased."""
    ours, theirs = version.notice.meta.controller, later.notice.meta.controller
    filled = _with_metadata_of(version, later, _filled_in(ours, theirs))
    whole = _with_metadata_of(version, later, theirs)
    shown = list(version.sites) if version.sites is not None else sites
    return filled if _differing(filled, whole, shown) else whole


def _filled_in(ours: Controller, theirs: Controller) -> Controller:
    """`ours` with each placeholder replaced by `theirs`' value."""
    return Controller(*(getattr(theirs if is_placeholder(getattr(ours, name)) else ours, name)
                        for name in ("name", "address", "email", "phone")))


def _with_metadata_of(version: Version, later: Version, controller: Controller) -> Version:
    meta = later.notice.meta
    corrected = replace(version.notice.meta, effective=meta.effective, summary=meta.summary,
                        significant=meta.significant, override_reason=meta.override_reason,
                        published=meta.published, controller=controller)
    return replace(version, effective=meta.effective, summary=meta.summary,
                   notice=replace(version.notice, meta=corrected))


def _meta_differs(a: Version, b: Version) -> bool:
    return (a.effective, a.summary, a.notice.meta.significant, a.notice.meta.override_reason,
            a.notice.meta.published) != \
           (b.effective, b.summary, b.notice.meta.significant, b.notice.meta.override_reason, b.notice.meta.published)


def _words(text: SiteText):
    return (text.preamble, [(s.id, s.title, body) for s, body in text.sections])


def _site_in(version: Version, site: Site) -> Site | None:
    if version.sites is None:
        return site
    return next((s for s in version.sites if s.domain == site.domain), None)


def _differing(before: Version, after: Version, sites: list[Site]) -> tuple[str, ...]:
    found = []
    for site in sites:
        old, new = _site_in(before, site), _site_in(after, site)
        if new is None:
            continue
        if old is None or _words(site_text(before.notice, old)) != _words(site_text(after.notice, new)):
            found.append(site.domain)
    return tuple(found)


@dataclass
class _Point:
    introduced: Commit  # the commit that introduced this version value
    first_state: dict[str, str]  # notices/ at that commit (path -> blob)
    last_state: dict[str, str]  # notices/ at the last commit before the next version


def _version_points(git: Git, commits: list[Commit], prefix: str) -> list[_Point]:
    """One point per version value, oldest first. A version's text is the one
    its introducing commit has; later commits under the same version may
    correct its metadata (dates, summary, declarations, controller), and any
    text change they make is unreleased."""
    state: dict[str, str] = {}
    points: list[_Point] = []
    last_meta_blob, last_version = None, None
    for commit in commits:
        for path, blob in commit.changes.items():
            if blob is None:
                state.pop(path, None)
            else:
                state[path] = blob
        meta_path = _meta_path(state, prefix)
        if meta_path is not None and state[meta_path] != last_meta_blob:
            last_meta_blob = state[meta_path]
            version = version_of(git.read_blob(last_meta_blob), meta_path)
            if version and version != last_version:
                points.append(_Point(commit, dict(state), dict(state)))
                last_version = version
                continue
        if points:
            points[-1].last_state = dict(state)
    return points


def _meta_path(state: dict[str, str], prefix: str) -> str | None:
    meta = f"{prefix}/{NOTICE_FILE}"
    if meta in state:
        return meta
    singles = [p for p in state if p.endswith(".md") and PurePosixPath(p).parent.as_posix() == prefix]
    return singles[0] if len(singles) == 1 else None


def version_of(data: bytes, path: str) -> str | None:
    """The `version:` a committed notice.yml (or single-file notice) gives; None when unreadable."""
    text = data.decode("utf-8", errors="replace")
    if path.endswith(".md"):
        from .sourcefile import split_front_matter

        text = split_front_matter(text).front_matter or ""
    try:
        value = load_mapping(text).values.get("version")
    except YamlError:
        return None
    return None if value is None else str(value)


class _SnapshotReader:
    """Reads a snapshot back into a Version by writing it to a temporary
    folder and using the same readers as for today's notice."""

    def __init__(self, git: Git, prefix: str, work: Path):
        self.git, self.prefix, self.work = git, prefix, work
        self.written: dict[str, str] = {}  # path -> blob now in the folder
        self.sites_read: dict[tuple, tuple] = {}  # blobs of sites.yml and sites/ -> what read_sites gave
        self.unreadable: list[Problem] = []  # why the last snapshot read gave no version, file by file
        self.sections_read: dict[tuple, tuple] = {}  # (file, folder, order, blob) -> what read_section gave
        self.blob_at: dict[Path, str] = {}  # file in the folder -> the blob written there

    def _section(self, path: Path, root: Path, order: int, problems: list[Problem]):
        """Most commits change a section or two: each other section file is
        read once, by its blob (its content) and place, for every version
        showing it. A Section is immutable, so the versions share it."""
        key = (path, root, order, self.blob_at.get(path))
        if key[3] is None:
            return read_section(path, root, order, problems)
        if key not in self.sections_read:
            found: list[Problem] = []
            self.sections_read[key] = (read_section(path, root, order, found), tuple(found))
        section, found = self.sections_read[key]
        problems += found
        return section

    def _sites(self, folder: Path, state: dict[str, str]) -> tuple:
        """Most commits leave the site list alone: read it once per content."""
        base = f"{self.prefix}/" if self.prefix else ""
        prefixes = (f"{base}{SITES_FILE}", f"{base}{SITES_FOLDER}/")
        key = tuple(sorted((path, blob) for path, blob in state.items() if path.startswith(prefixes)))
        if key not in self.sites_read:
            self.sites_read[key] = read_sites(folder)
        sites, problems = self.sites_read[key]
        return sites, list(problems)

    def version(self, commit: Commit, state: dict[str, str]) -> tuple[Version | None, list[Problem]]:
        # One folder for every snapshot: only the files that changed are written.
        folder = self.work / "notices"
        for path in set(self.written) - set(state):
            (folder / PurePosixPath(path).relative_to(self.prefix)).unlink()
            del self.written[path]
            self.blob_at.pop(folder / PurePosixPath(path).relative_to(self.prefix), None)
        for path, blob in state.items():
            if self.written.get(path) != blob:
                target = folder / PurePosixPath(path).relative_to(self.prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.git.read_blob(blob))
                self.written[path] = blob
                self.blob_at[target] = blob
        short = commit.sha[:10]
        if (folder / NOTICE_FILE).exists():
            notice, problems = read_notice(folder, self._section)
            sites, site_problems = self._sites(folder, state) if (folder / SITES_FILE).exists() else (None, [])
            problems += site_problems
            layout = "sections"
        else:
            meta_path = _meta_path(state, self.prefix)
            single = folder / PurePosixPath(meta_path).name
            notice, problems, sites, layout = read_single_file(single.read_text(encoding="utf-8"), single), [], None, "single-file"
        self.unreadable = list(problems)
        if problems or notice is None:
            first = problems[0].format(folder.parent) if problems else "no notice found"
            return None, [Problem(Path(self.prefix) / NOTICE_FILE, 0,
                                  f"the version committed in {short} cannot be read: {first}",
                                  "fix it in a new commit, or teach the reader this older layout")]
        meta = notice.meta
        return Version(meta.version, meta.effective, meta.summary, commit.sha, commit.author, commit.date,
                       notice, tuple(sites) if sites is not None else None, layout), []


def _order_problems(versions: list[Version], notices: Path) -> list[Problem]:
    problems, seen = [], {}
    for before, after in zip(versions, versions[1:]):
        if after.effective <= before.effective:
            where = f"commit {after.commit[:10]}" if after.commit else "notices/notice.yml"
            problems.append(Problem(notices / NOTICE_FILE, 0, f"version {after.version} ({where}) is effective "
                                    f"{after.effective}, not after version {before.version} ({before.effective})",
                                    "effective dates must increase from version to version"))
    for version in versions:
        if version.version in seen:
            problems.append(Problem(notices / NOTICE_FILE, 0, f"version {version.version} is used twice "
                                    f"(commits {seen[version.version]} and {(version.commit or 'working tree')[:10]})",
                                    "give every release a new version"))
        seen[version.version] = (version.commit or "working tree")[:10]
    return problems
