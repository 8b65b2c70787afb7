"""`noticegen publish`: send each built site to its target.

A `directory` target keeps releases side by side and switches between them
atomically:

    <directory>/releases/<release>/   one complete copy of the site each
    <directory>/current -> releases/<release>   what the web server serves
    <directory>/releases.json         the stack of published releases
    <directory>/records/<release>.json   the files each release held

A release is named by the content of the site (a hash of its manifest entry),
so publishing the same build twice changes nothing. A release is copied into
`releases/.incoming-<release>-<run>`, checked against the manifest's hashes,
and renamed into place only when complete; a release folder already there is
used only if its files hash to the manifest's, else it is replaced. The
`current` symlink is replaced by rename, which is atomic, so every request
sees one whole release. A publish killed at any point leaves `current` on a
complete release, and the next run finishes the job: it first reconciles the
stack with where `current` really points (and rebuilds a damaged
releases.json from the releases on disk).

One publish at a time per target (`<directory>/.publish.lock`), and none
while a build replaces site/: concurrent runs take turns, and the second
finds the release already current.

An `s3` target keeps the same releases in a bucket and switches a pointer
object (see publish_s3).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import faults, folders, locks, manifest
from .freshness import current_fingerprints, stale_reason
from .check import check
from .errors import PublishError
from .problems import NoticeError, Problem
from .project import Project
from .sites import SITES_FILE, PublishTarget, Site

STACK_FILE = "releases.json"
LOCK_FILE = ".publish.lock"
RSYNC_LOCK = ".noticegen-publish.lock"  # in a local rsync target, kept by its --delete
RECORDS = "records"  # records/<release>.json: the files each release held when published
INCOMING = ".incoming-"
DISCARDED = ".discarded-"
RELEASE = re.compile(r"^v[0-9A-Za-z.+-]+-[0-9a-f]{12}$")  # release_id's names


@dataclass(frozen=True)
class Outcome:
    domain: str
    message: str


def publish(project: Project, domains: list[str] | None = None, rollback: bool = False,
            site_dir: Path | None = None, history: bool = True, today=None,
            allow_older: bool = False) -> list[Outcome]:
    """Publish (or roll back) every selected site that has a target."""
    from .selection import select_sites

    checked = check(project, history)
    sites = select_sites(checked.sites, domains)
    out = (site_dir or project.site_dir).resolve()
    if not rollback:
        refuse_no_targets(project, sites)
    if checked.history.draft_edits and not rollback:
        raise PublishError(f"notices/ has uncommitted edits ({', '.join(checked.history.draft_edits)}): a draft is "
                           "never published; commit it as a new version, build, then publish")
    if rollback:
        return [Outcome(s.domain, _rollback(project, s)) for s in sites if _has_releases(s)]
    with locks.exclusive(folders.output_lock(out), f"publish from {out}"):  # no build swaps it while we copy
        return _publish_built(project, checked, sites, out, today, allow_older)


def refuse_no_targets(project: Project, sites: list[Site]) -> None:
    """Publishing nothing at all is a failure, or CI (which runs publish on
    merge) goes green while nothing is ever published. A site without a
    target beside sites with one is skipped."""
    if any(site.publish is not None for site in sites):
        return
    raise NoticeError([Problem(project.notices / SITES_FILE, site.line, f"{site.domain} has no publish target",
                               f"add publish: {{directory: /srv/privacy/{site.domain}}} to it, or an rsync, "
                               'command or s3 target; see README "Publishing"') for site in sites])


def _publish_built(project: Project, checked, sites: list[Site], out: Path, today,
                   allow_older: bool = False) -> list[Outcome]:
    if out.exists() and not folders.is_build_output(out):
        raise PublishError(f"{out} is not a noticegen build (no manifest.json): run `noticegen build` first")
    built = manifest.read(out)["sites"]
    current = current_fingerprints(project, checked, out, today)
    for site in sites:
        if site.publish is None:
            continue
        entry = built.get(site.domain)
        if entry is None:
            raise PublishError(f"{site.domain} has not been built: run `noticegen build` first")
        if entry.get("input") != current.get(site.domain):
            if reason := stale_reason(out, checked, today, site.domain):
                raise PublishError(reason)
            raise PublishError(f"site/{site.domain} is older than notices/ (or theme, mkdocs.yml): "
                               "run `noticegen build`, then publish")
        _verify(project, out, site.domain, entry)
    outcomes = []
    for site in sites:
        if site.publish is None:
            outcomes.append(Outcome(site.domain, "no publish target in notices/sites.yml; skipped"))
            continue
        entry = built[site.domain]
        known = None if allow_older else {v.version for v in checked.history.versions} | {entry["version"]}
        outcomes.append(Outcome(site.domain, _send(project, site, site.publish, out / site.domain, entry, known)))
    return outcomes


def release_id(entry: dict) -> str:
    files = json.dumps(entry["files"], sort_keys=True).encode()
    return f"v{entry['version']}-{hashlib.sha256(files).hexdigest()[:12]}"


def _verify(project: Project, out: Path, domain: str, entry: dict) -> None:
    """The built folder must be exactly what the manifest says. If not, the
    build's record of its files' sizes and times is dropped, so that the next
    build rebuilds it even when the change kept both (it trusts them)."""
    folder = out / domain
    if folder.is_symlink():
        # What it points at is not what the build wrote, and may change between this check and the copy.
        raise PublishError(f"{folder} is a link (to {os.readlink(folder)}), where the build keeps the site's folder: "
                           "remove the link and run `noticegen build` again")
    if manifest.file_hashes(folder) != entry["files"]:
        manifest.forget_site(manifest.stats_file(project.cache_dir, out), domain)
        raise PublishError(f"{folder} does not match site/manifest.json (changed or half-written): "
                           "run `noticegen build` again")


def _has_releases(site: Site) -> bool:
    return site.publish is not None and site.publish.kind in ("directory", "s3")


def _rollback(project: Project, site: Site) -> str:
    if site.publish.kind == "s3":
        from .publish_s3 import rollback_s3

        with locks.exclusive(_lock(project, site), f"publish of {site.domain}"):
            return rollback_s3(site.domain, site.publish.s3)
    return rollback_directory(_directory(project, site))


def _lock(project: Project, site: Site) -> Path:
    """One publish per site at a time on this machine, for targets that
    cannot hold a lock themselves (rsync, command, s3)."""
    return project.root / ".noticegen" / f"publish-{site.domain}.lock"


def _directory(project: Project, site: Site, out: Path | None = None) -> Path:
    return folders.publish_folder(project.root / site.publish.value, project, out)


def _send(project: Project, site: Site, target: PublishTarget, folder: Path, entry: dict,
          known: set[str] | None = None) -> str:
    release = release_id(entry)
    if target.kind == "directory":
        return publish_directory(folder, _directory(project, site, folder.parent), release, target.keep,
                                 entry["files"], known)
    if target.kind == "s3":
        from .publish_s3 import publish_s3  # boto3 loads only for an s3 target

        with locks.exclusive(_lock(project, site), f"publish of {site.domain}"):
            return publish_s3(site.domain, target.s3, folder, release, target.keep, entry, known)
    with tempfile.TemporaryDirectory(prefix="noticegen-mark-") as marks:
        if target.kind == "rsync":
            # The mark comes from a second source, so --delete keeps it and the next run knows the folder.
            Path(marks, folders.TARGET_MARK).write_text(RSYNC_MARK_TEXT, encoding="utf-8")
            os.chmod(marks, folder.stat().st_mode & 0o7777)  # -a gives the destination a source root's mode, never 0700
            os.chmod(Path(marks, folders.TARGET_MARK), 0o644)
            command = ["rsync", "--archive", "--delete", "--delay-updates", "--checksum",
                       f"--exclude=/{RSYNC_LOCK}", f"{folder}/", f"{marks}/", target.value]  # excluded: --delete keeps it
            what = f"rsync to {target.value}"
        else:
            values = {"site": f"{folder}/", "domain": site.domain, "version": entry["version"], "release": release}
            command = [token.format(**values) for token in shlex.split(target.value)]
            what = f"`{shlex.join(command)}`"
        result = _run_send(project, site, target, entry, known, command)
    if result.returncode != 0:
        raise PublishError(f"{site.domain}: {what} failed ({result.returncode}): {_first_line(result.stderr)}")
    return f"sent {release} with {command[0]}"


RSYNC_MARK_TEXT = ("This folder is published to by noticegen publish (rsync --delete): each publish makes it the "
                   "build, so keep nothing else in it.\n")


def _run_send(project: Project, site: Site, target: PublishTarget, entry: dict, known: set[str] | None,
              command: list[str]) -> subprocess.CompletedProcess:
    try:
        with locks.exclusive(_send_lock(project, site, target), f"publish of {site.domain}"):
            if target.kind == "rsync":
                refuse_foreign_destination(project, site, target)
            if target.kind == "rsync" and known is not None:
                live = _live_versions(project, site, target)
                for version in sorted(live - known, key=_version_order, reverse=True)[:1]:
                    refuse_unknown(f"{site.domain}: the site at {target.value}", version, f"version {entry['version']}")
            faults.point("before-rsync")
            return subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    except FileNotFoundError:
        raise PublishError(f"{site.domain}: {command[0]} is not installed") from None


def refuse_foreign_destination(project: Project, site: Site, target: PublishTarget) -> None:
    """rsync --delete removes whatever the destination holds that the build
    lacks: pointed at a folder with other pages in it (a web server's root,
    another site's), the first publish deleted them. Published to only when
    it is new, empty, or a publish's: its mark, or (before the mark) the
    versions.json noticegen writes. Listed with rsync, so a remote host
    needs nothing more."""
    where = target.value.rstrip("/") + "/"
    result = subprocess.run(["rsync", "--list-only", where], cwd=project.root, capture_output=True, text=True)
    if result.returncode == 23 and "No such file or directory" in result.stderr:
        return  # a first publish: rsync makes the folder
    if result.returncode != 0:
        raise PublishError(f"{site.domain}: rsync to {target.value} failed ({result.returncode}): "
                           f"{_first_line(result.stderr)}")
    names = {fields[4] for fields in (line.split(None, 4) for line in result.stdout.splitlines())
             if len(fields) == 5} - {".", RSYNC_LOCK}
    if not names or folders.TARGET_MARK in names:
        return
    if "versions.json" in names:
        try:
            if _live_versions(project, site, target):
                return  # published to before publish left its mark
        except PublishError:
            pass  # not noticegen's versions.json
    shown = ", ".join(sorted(names)[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    raise PublishError(f"{site.domain}: {target.value} holds files noticegen did not put there ({shown}), which "
                       "rsync --delete would remove: point `rsync:` in notices/sites.yml at a folder of its own "
                       "(new or empty), or move them out of it")


def _live_versions(project: Project, site: Site, target: PublishTarget) -> set[str]:
    """The versions the site at an rsync target lists in its versions.json,
    read with rsync itself (so a remote host needs nothing more). None there
    yet: a first publish. One that is not a file noticegen wrote (a link, a
    folder, too big, not its JSON): which version is live cannot be told,
    so publish refuses rather than guess (--allow-older goes ahead)."""
    source = target.value.rstrip("/") + "/versions.json"
    with tempfile.TemporaryDirectory(prefix="noticegen-live-") as temp:
        copy = Path(temp) / "versions.json"
        result = subprocess.run(["rsync", "--max-size=50m", source, str(copy)], cwd=project.root,
                                capture_output=True, text=True)
        if result.returncode == 23 and "No such file or directory" in result.stderr:
            return set()  # a first publish
        if result.returncode != 0:
            raise PublishError(f"{site.domain}: rsync to {target.value} failed ({result.returncode}): "
                               f"{_first_line(result.stderr)}")
        try:
            listed = json.loads(copy.read_text(encoding="utf-8-sig"))["versions"] if copy.is_file() else None
            versions = {str(entry["version"]) for entry in listed if isinstance(entry, dict) and "version" in entry}
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            versions = None
    if not versions:
        raise PublishError(f"{site.domain}: {source} is not a versions.json noticegen wrote (a link, a folder, "
                           "over 50 MB, or not its JSON), so which version is live cannot be told: put the site "
                           "there right, or pass --allow-older to publish over it anyway")
    return versions


def _version_order(version: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.-]", version))


def _send_lock(project: Project, site: Site, target: PublishTarget) -> Path:
    """An rsync to a local path takes its lock in the target itself, so two
    checkouts (two .noticegen/ folders) on one machine take turns there. A
    remote rsync or a command cannot hold a lock where they write: the
    project's lock serialises this checkout's runs only (README says so)."""
    if target.kind == "rsync" and _local_path(target.value):
        return (project.root / target.value) / RSYNC_LOCK
    return _lock(project, site)


def _local_path(destination: str) -> bool:
    """rsync's own rule: `host:path` and `rsync://` are remote, a colon after a slash is not."""
    before_slash = destination.split("/", 1)[0]
    return ":" not in before_slash and not destination.startswith("rsync://")


def _first_line(stderr: str) -> str:
    """A failing tool's first line says what went wrong (rsync's later ones
    only its exit code): one line, with how many more were left out."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "it printed nothing"
    more = f" (and {len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
    return lines[0][:300] + more


def publish_directory(folder: Path, target: Path, release: str, keep: int, files: dict[str, str],
                      known: set[str] | None = None) -> str:
    """Publish `folder` (whose files must hash to `files`) as `release`.
    One publisher at a time per target; a release already on disk is used
    only if its files are exactly the manifest's, else it is copied anew.
    With `known` (the versions this checkout's history has), a live release
    of any other version is newer than this checkout: it is not replaced."""
    with locks.exclusive(target / LOCK_FILE, "publish"):
        refuse_older(str(target), _current(target), release, known)
        (target / folders.TARGET_MARK).write_text("This folder is published to by noticegen; it removes only the "
                                                  "releases it made.\n", encoding="utf-8")
        releases = target / "releases"
        releases.mkdir(parents=True, exist_ok=True)
        stack, note = _reconciled_stack(target)
        _remove_leftovers(releases)  # of killed runs; nobody else writes here while we hold the lock
        final = releases / release
        if final.is_symlink():  # to a folder elsewhere, which would be served as the release
            raise PublishError(f"{final} is a link (to {os.readlink(final)}), not a release noticegen made: move it "
                               "out of releases/ (noticegen does not delete what it did not make), then publish")
        if final.is_dir() and manifest.file_hashes(final) != files:
            _discard(final)  # half-copied or changed: never trusted
        if not final.is_dir():
            incoming = releases / f"{INCOMING}{release}-{os.getpid()}-{secrets.token_hex(4)}"
            _copy(folder, incoming)
            if manifest.file_hashes(incoming) != files:
                raise PublishError(f"{folder} changed while it was copied to {target}: run `noticegen build`, "
                                   "then publish again")
            faults.point("before-release-rename")
            (target / RECORDS).mkdir(exist_ok=True)
            _write_json(_record(target, release), {"files": files})
            incoming.rename(final)
        if stack and stack[-1] == release and _current(target) == release:
            _prune(target, stack[-keep:])  # a run killed after its switch may not have pruned
            return note + f"{release} is already current; nothing to do"
        faults.point("before-switch")
        _switch(target, release)
        faults.point("after-switch")
        stack = [r for r in stack if r != release] + [release]
        _write_stack(target, stack[-keep:])
        _prune(target, stack[-keep:])
        return note + f"published {release}"


def release_version(release: str | None) -> str | None:
    match = re.match(r"^v(.+)-[0-9a-f]{12}$", release or "")
    return match.group(1) if match else None


def refuse_older(where: str, live: str | None, release: str, known: set[str] | None) -> None:
    """A slow or re-run CI job from an older checkout must not put its
    version back live over a newer one: the live version is newer when this
    checkout's history does not have it."""
    live_version = release_version(live)
    if known is None or live_version is None or live_version in known:
        return
    refuse_unknown(f"{where}: the live release {live}", live_version, f"{release} (version {release_version(release)})")


def refuse_unknown(live: str, live_version: str, publishing: str) -> None:
    raise PublishError(f"{live} is version {live_version}, which this checkout's history does not have (it is "
                       f"newer, or from another branch); publishing {publishing} would replace it with an older "
                       "one. Publish from a checkout that has it, or pass --allow-older for a deliberate rollback")


def rollback_directory(target: Path) -> str:
    with locks.exclusive(target / LOCK_FILE, "publish"):
        stack, note = _reconciled_stack(target)
        if len(stack) < 2:
            raise PublishError(f"{target}: no previous release to roll back to")
        previous = stack[-2]
        folder = target / "releases" / previous
        if not folder.is_dir():
            raise PublishError(f"{target}: previous release {previous} is missing")
        record = _record(target, previous)
        recorded = _read_json(record).get("files")
        if record.exists() and not isinstance(recorded, dict):
            raise PublishError(f"{record} is damaged, so {previous} cannot be checked before it is served again: "
                               "rebuild that version and publish it instead of rolling back")
        if recorded is not None and manifest.file_hashes(folder) != recorded:
            raise PublishError(f"{folder} no longer holds what was published (files changed or missing): "
                               "rebuild that version and publish it instead of rolling back")
        _switch(target, previous)
        _write_stack(target, stack[:-1])
        return note + f"rolled back from {stack[-1]} to {previous}"


def _copy(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    for number, path in enumerate(sorted(source.rglob("*"))):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            shutil.copy2(path, target)
        if number == 3:
            faults.point("mid-copy")


def _switch(target: Path, release: str) -> None:
    link = target / "current"
    if link.exists() and not link.is_symlink():
        raise PublishError(f"{link} is a {'folder' if link.is_dir() else 'file'}, not the link noticegen keeps "
                           "there: move it elsewhere (noticegen does not delete what it did not make), then publish")
    temporary = target / f".current-{os.getpid()}-{secrets.token_hex(4)}"
    temporary.symlink_to(Path("releases") / release)
    os.replace(temporary, link)  # atomic: readers see the old or the new release


def _current(target: Path) -> str | None:
    link = target / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _reconciled_stack(target: Path) -> tuple[list[str], str]:
    """The stack, corrected for a run that was killed between switching
    `current` and writing the stack, and rebuilt from the releases on disk
    when releases.json is damaged; with a note for the user when it was."""
    path = target / STACK_FILE
    note = ""
    try:
        stack = json.loads(path.read_text(encoding="utf-8"))["releases"] if path.exists() else []
        if not isinstance(stack, list) or not all(isinstance(r, str) and RELEASE.match(r) for r in stack):
            raise ValueError("`releases` must be a list of release names")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        kept = _free_name(path.with_name(f"{STACK_FILE}.damaged"))
        shutil.copy2(path, kept)
        stack = _stack_on_disk(target)
        line = getattr(exc, "lineno", 1)
        note = (f"{path}:{line} was damaged ({exc}); kept as {kept.name} and rebuilt from the releases on disk, "
                f"oldest first: {', '.join(stack) or 'none'}. ")
        _write_stack(target, stack)
    current = _current(target)
    if current and not (target / "releases" / current).is_dir():
        current = None  # a link to nothing: not a release to go back to
    if current and (not stack or stack[-1] != current):
        stack = stack[: stack.index(current) + 1] if current in stack else stack + [current]
        _write_stack(target, stack)
    return stack, note


def _free_name(path: Path) -> Path:
    """`path`, or path-2, path-3...: a second damage never overwrites the first's copy."""
    candidate, number = path, 2
    while candidate.exists():
        candidate, number = path.with_name(f"{path.name}-{number}"), number + 1
    return candidate


def _stack_on_disk(target: Path) -> list[str]:
    """Releases in the order they were published (their records' times),
    the current one last."""
    releases = target / "releases"
    found = [p for p in releases.iterdir() if _own_folder(p) and RELEASE.match(p.name)] if releases.is_dir() else []
    record = {p.name: _record(target, p.name) for p in found}
    ordered = sorted(found, key=lambda p: ((record[p.name] if record[p.name].exists() else p).stat().st_mtime_ns,
                                           p.name))
    stack = [p.name for p in ordered]
    current = _current(target)
    if current in stack:
        stack.remove(current)
        stack.append(current)
    return stack


def _record(target: Path, release: str) -> Path:
    return target / RECORDS / f"{release}.json"


def _write_stack(target: Path, stack: list[str]) -> None:
    _write_json(target / STACK_FILE, {"releases": stack})


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _prune(target: Path, kept: list[str]) -> None:
    """Only releases noticegen made (by their names; a link is not one), never the current one."""
    keep = set(kept) | {_current(target)}
    for path in (target / "releases").iterdir():
        if RELEASE.match(path.name) and path.name not in keep and _own_folder(path):
            _discard(path)
            _record(target, path.name).unlink(missing_ok=True)


def _remove_leftovers(releases: Path) -> None:
    for path in releases.iterdir():
        if path.name.startswith((INCOMING, DISCARDED)) and not path.is_symlink():  # noticegen makes no links here
            _discard(path)


def _own_folder(path: Path) -> bool:
    """A folder in releases/, not a link to one elsewhere (which is never a release)."""
    return path.is_dir() and not path.is_symlink()


def _discard(path: Path) -> None:
    """Out of the way at once (a rename), then deleted."""
    if path.is_dir():
        aside = path.with_name(f"{DISCARDED}{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
        path.rename(aside)
        shutil.rmtree(aside)
    else:
        path.unlink(missing_ok=True)
