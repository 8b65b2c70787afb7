"""`noticegen publish`: send each built site to its target.

A `directory` target keeps releases side by side and switches between them
atomically:

    <directory>/releases/<release>/   one complete copy of the site each
    <directory>/current -> releases/<release>   what the web server serves
    <directory>/releases.json         the stack of published releases

A release is named by the content of the site (a hash of its manifest entry),
so publishing the same build twice changes nothing. A release is copied into
`releases/.incoming-<release>` and renamed into place only when complete; the
`current` symlink is replaced by rename, which is atomic, so every request
sees one whole release. A publish killed at any point leaves `current` on a
complete release, and the next run finishes the job: it first reconciles the
stack with where `current` really points.
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import manifest
from .build import current_fingerprints
from .check import check
from .errors import PublishError
from .project import Project
from .sites import PublishTarget, Site

STACK_FILE = "releases.json"
CRASH_VARIABLE = "NOTICEGEN_CRASH_AT"  # tests kill the process at a named step


@dataclass(frozen=True)
class Outcome:
    domain: str
    message: str


def publish(project: Project, domains: list[str] | None = None, rollback: bool = False,
            site_dir: Path | None = None, history: bool = True, today=None) -> list[Outcome]:
    """Publish (or roll back) every selected site that has a target."""
    from .build import select_sites

    checked = check(project, history)
    sites = select_sites(checked.sites, domains)
    out = (site_dir or project.site_dir).resolve()
    if rollback:
        return [Outcome(s.domain, rollback_directory(_directory(project, s))) for s in sites if _has_directory(s)]
    built = manifest.read(out)["sites"]
    current = current_fingerprints(project, checked, out, today)
    for site in sites:
        if site.publish is None:
            continue
        entry = built.get(site.domain)
        if entry is None:
            raise PublishError(f"{site.domain} has not been built: run `noticegen build` first")
        if entry.get("input") != current.get(site.domain):
            raise PublishError(f"site/{site.domain} is older than notices/ (or theme, mkdocs.yml): "
                               "run `noticegen build`, then publish")
        _verify(out / site.domain, entry)
    outcomes = []
    for site in sites:
        if site.publish is None:
            outcomes.append(Outcome(site.domain, "no publish target in notices/sites.yml; skipped"))
            continue
        entry = built[site.domain]
        outcomes.append(Outcome(site.domain, _send(project, site, site.publish, out / site.domain, entry)))
    return outcomes


def release_id(entry: dict) -> str:
    files = json.dumps(entry["files"], sort_keys=True).encode()
    return f"v{entry['version']}-{hashlib.sha256(files).hexdigest()[:12]}"


def _verify(folder: Path, entry: dict) -> None:
    """The built folder must be exactly what the manifest says."""
    if manifest.file_hashes(folder) != entry["files"]:
        raise PublishError(f"{folder} does not match site/manifest.json (changed or half-written): "
                           "run `noticegen build` again")


def _has_directory(site: Site) -> bool:
    return site.publish is not None and site.publish.kind == "directory"


def _directory(project: Project, site: Site) -> Path:
    return (project.root / site.publish.value).resolve()


def _send(project: Project, site: Site, target: PublishTarget, folder: Path, entry: dict) -> str:
    release = release_id(entry)
    if target.kind == "directory":
        return publish_directory(folder, _directory(project, site), release, target.keep)
    if target.kind == "rsync":
        command = ["rsync", "--archive", "--delete", "--delay-updates", "--checksum",
                   f"{folder}/", target.value]
    else:
        values = {"site": f"{folder}/", "domain": site.domain, "version": entry["version"], "release": release}
        command = [token.format(**values) for token in shlex.split(target.value)]
    try:
        result = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    except FileNotFoundError:
        raise PublishError(f"{site.domain}: {command[0]} is not installed") from None
    if result.returncode != 0:
        raise PublishError(f"{site.domain}: `{shlex.join(command)}` failed ({result.returncode}): "
                           f"{result.stderr.strip()[-500:]}")
    return f"sent {release} with {command[0]}"


def publish_directory(folder: Path, target: Path, release: str, keep: int) -> str:
    releases = target / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    stack = _reconciled_stack(target)
    final = releases / release
    if not final.is_dir():
        incoming = releases / f".incoming-{release}"
        shutil.rmtree(incoming, ignore_errors=True)  # left by a killed run
        _copy(folder, incoming)
        _crash_point("before-release-rename")
        incoming.rename(final)
    if stack and stack[-1] == release and _current(target) == release:
        return f"{release} is already current; nothing to do"
    _crash_point("before-switch")
    _switch(target, release)
    _crash_point("after-switch")
    stack = [r for r in stack if r != release] + [release]
    _write_stack(target, stack[-keep:])
    _prune(target, stack[-keep:])
    return f"published {release}"


def rollback_directory(target: Path) -> str:
    stack = _reconciled_stack(target)
    if len(stack) < 2:
        raise PublishError(f"{target}: no previous release to roll back to")
    previous = stack[-2]
    if not (target / "releases" / previous).is_dir():
        raise PublishError(f"{target}: previous release {previous} is missing")
    _switch(target, previous)
    _write_stack(target, stack[:-1])
    return f"rolled back from {stack[-1]} to {previous}"


def _copy(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    for number, path in enumerate(sorted(source.rglob("*"))):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            shutil.copy2(path, target)
        if number == 3:
            _crash_point("mid-copy")


def _switch(target: Path, release: str) -> None:
    link = target / "current"
    temporary = target / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path("releases") / release)
    os.replace(temporary, link)  # atomic: readers see the old or the new release


def _current(target: Path) -> str | None:
    link = target / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _reconciled_stack(target: Path) -> list[str]:
    """The stack, corrected for a run that was killed between switching
    `current` and writing the stack."""
    try:
        stack = json.loads((target / STACK_FILE).read_text(encoding="utf-8"))["releases"]
    except (OSError, ValueError, KeyError):
        stack = []
    current = _current(target)
    if current and (not stack or stack[-1] != current):
        stack = stack[: stack.index(current) + 1] if current in stack else stack + [current]
        _write_stack(target, stack)
    return stack


def _write_stack(target: Path, stack: list[str]) -> None:
    temporary = target / f".{STACK_FILE}.tmp"
    temporary.write_text(json.dumps({"releases": stack}, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target / STACK_FILE)


def _prune(target: Path, kept: list[str]) -> None:
    for path in (target / "releases").iterdir():
        if path.name not in kept and not path.name.startswith(".incoming-"):
            shutil.rmtree(path)


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_VARIABLE) == step:
        os.kill(os.getpid(), 9)  # a real, unclean kill: no cleanup runs
