"""Folders noticegen replaces: the build output and directory publish
targets. A command never deletes what it did not create, so a folder is
only replaced when it is missing, empty, or recognisably noticegen's own
(the output by its manifest, a target by its releases); the project, its
sources and any folder that holds them are refused outright.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .errors import BuildError, PublishError, StateError
from .project import Project


def protected(project: Project) -> list[Path]:
    """What no output may be, contain or sit inside of (but the project root,
    which holds site/ and published/)."""
    root = project.root.resolve()
    # .noticegen holds the notify ledger: the record of who was told.
    return [root / "notices", root / "theme", root / ".git", root / "mkdocs.yml", root / "generator",
            root / ".noticegen"]


def _refusal(folder: Path, project: Project) -> str | None:
    folder = folder.resolve()
    root = project.root.resolve()
    if folder == root or folder in root.parents:
        return "it is the project folder or holds it"
    for path in protected(project):
        if folder == path or folder in path.parents:
            return f"it is or holds {path.relative_to(root)}"
        if path in folder.parents:
            return f"it is inside {path.relative_to(root)}/"
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder"
    return None


def output_folder(out: Path, project: Project) -> Path:
    """`out` resolved, if a build may replace it; BuildError saying why not.
    A build asks before it takes the lock (to write nothing beside a folder
    it refuses) and again under it."""
    why = _refusal(out, project)
    if why is None and _has_content(out) and not is_build_output(out) and not (out / MOVING_FILE).is_file():
        why = ("it is not empty and was not made by noticegen build (its manifest.json is not noticegen's)"
               if (out / "manifest.json").exists() else
               "it is not empty and was not made by noticegen build (it has no manifest.json)")
    elif why is None and _has_content(out):
        foreign = foreign_entries(out)
        misplaced = misplaced_entries(out)
        if foreign:
            why = (f"it holds {', '.join(foreign[:3])}{' and more' if len(foreign) > 3 else ''}, which noticegen "
                   "did not make and the build would delete: move it out")
        elif misplaced:
            why = (f"{', '.join(misplaced[:3])}{' and more' if len(misplaced) > 3 else ''} is a file or link where "
                   "noticegen keeps a folder, so noticegen did not make it and the build would replace it: move it out")
    if why:
        raise BuildError(f"cannot build into {out}: {why}; the build replaces that folder as a whole, "
                         "so give --out a new or empty folder, or a previous noticegen output")
    return out.resolve()


def foreign_entries(out: Path) -> list[str]:
    """What a build output holds that neither its manifest nor a build
    moving sites in (MOVING_FILE) accounts for. Read in this order, as a
    build writes MOVING_FILE, moves sites in, replaces the manifest and then
    removes MOVING_FILE: a site seen is named by one of the two."""
    from .manifest import MANIFEST_FILE, read

    entries = [path.name for path in out.iterdir()]
    ours = {MANIFEST_FILE, NOTIFICATIONS, MOVING_FILE, *moving_in(out)}
    ours.update(read(out)["sites"])
    return sorted(name for name in entries if name not in ours)


def misplaced_entries(out: Path) -> list[str]:
    """Files and links where a build keeps its sites' folders (site/<domain>,
    site/notifications and its folders): a person put them there."""
    from .manifest import read

    names = [*read(out)["sites"], *moving_in(out), NOTIFICATIONS]
    emails = out / NOTIFICATIONS
    if emails.is_dir() and not emails.is_symlink():
        names += [f"{NOTIFICATIONS}/{path.name}" for path in emails.iterdir()]
    return sorted({name for name in names if (out / name).is_symlink()
                   or (os.path.lexists(out / name) and not (out / name).is_dir())})


def unmade_files(out: Path, domain: str, entry: dict, moved_in: list | None = None) -> list[str]:
    """Files (and empty folders, as "name/") in site/<domain> and
    site/notifications/<domain> that the build `entry` (its manifest entry)
    describes did not write: a person put them there. A folder a killed build moved in (`moved_in`: its identities, as
    in MOVING_FILE) is a build's; so are the emails of a manifest written
    before emails were recorded (not judged)."""
    from .manifest import file_stats

    found = []
    for number, (folder, made) in enumerate(((Path(domain), entry.get("files")),
                                             (Path(NOTIFICATIONS) / domain, entry.get("emails")))):
        if moved_in and moved_in[number] is not None and identity(out / folder) == moved_in[number]:
            continue
        if isinstance(made, (dict, list)) and (out / folder).is_dir() and not (out / folder).is_symlink():
            # An empty folder ("name/") is a build's when a file it made was in it (then deleted by hand).
            holders = {name[:end + 1] for name in made for end, char in enumerate(name) if char == "/"}
            found += [(folder / name).as_posix() + ("/" if name.endswith("/") else "")
                      for name in sorted(file_stats(out / folder)) if name not in made and name not in holders]
    return found


def moving_in(out: Path) -> dict[str, list]:
    """The sites a build is moving into `out` (or was, when it was killed),
    each with the identity (device, inode) of its folder and of its emails'
    folder as the build made them (None where it made none), so that only
    those folders are ever removed as leftovers."""
    try:
        listed = json.loads((out / MOVING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(listed, dict):
        return {}
    return {name: made for name, made in listed.items()
            if isinstance(name, str) and isinstance(made, list) and len(made) == 2}


def identity(folder: Path) -> list[int] | None:
    """(device, inode) of a folder (not a link), None if there is none."""
    try:
        status = os.lstat(folder)
    except OSError:
        return None
    return [status.st_dev, status.st_ino] if stat.S_ISDIR(status.st_mode) else None


MOVING_FILE = ".noticegen-moving"  # the sites a build is moving into its output (build._move_in)
NOTIFICATIONS = "notifications"  # site/notifications/<domain>/<version>/: rendered emails, never published


def inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def output_lock(out: Path) -> Path:
    """The lock a build holds while it replaces `out`, and a publish while
    it reads from it (so a build never swaps a folder being copied)."""
    return out.parent / f".{out.name}.lock"


def is_build_output(folder: Path) -> bool:
    """`folder` holds a noticegen build: its manifest names the generator.
    A damaged manifest is an error, not a reason to treat it as foreign or as ours."""
    from .manifest import MANIFEST_FILE

    path = folder / MANIFEST_FILE
    if not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", 1)
        raise StateError(f"{path}:{line}: damaged ({exc}); it is noticegen's own record of the build: "
                         f"remove {folder} and build again") from None
    if not (isinstance(data, dict) and "generator" in data and isinstance(data.get("sites"), dict)):
        return False
    for domain, entry in data["sites"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
            raise StateError(f"{path}:1: damaged: the entry for {domain} is not what noticegen writes; "
                             f"it is noticegen's own record of the build: remove {folder} and build again")
    return True


def publish_folder(target: Path, project: Project, out: Path | None = None) -> Path:
    """A directory publish target, if noticegen may write into it."""
    why = _dangling_link(target) or _refusal(target, project)
    if why is None and inside(target, out or project.site_dir):
        why = "it is inside the build output, which the next build replaces"
    if why is None and _has_content(target) and not is_publish_target(target):
        why = "it is not empty and was not made by noticegen publish"
    if why:
        raise PublishError(f"cannot publish into {target}: {why}; point `publish: directory:` in "
                           "notices/sites.yml at a new or empty folder")
    return target.resolve()


def _dangling_link(target: Path) -> str | None:
    """A link on the way to the target that leads nowhere (a disk not
    mounted, a link left behind): publish would make the folders it names,
    wherever they are, and publish there."""
    for path in (target, *target.parents):
        if path.is_symlink() and not path.exists():
            return f"{path} is a link to {os.path.realpath(path)}, which does not exist (mount or create it)"
    return None


TARGET_MARK = ".noticegen-target"  # written by the first publish into a folder


def is_publish_target(folder: Path) -> bool:
    """Made by noticegen publish: its mark, or (targets from before the mark)
    a releases/ folder holding only releases named as noticegen names them."""
    from .publish import RELEASE

    if (folder / TARGET_MARK).is_file():
        return True
    releases = folder / "releases"
    if not releases.is_dir() or not (folder / "releases.json").is_file():
        return False
    return all(RELEASE.match(p.name) or p.name.startswith(".") for p in releases.iterdir())


def _has_content(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())
