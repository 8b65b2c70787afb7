"""Folders noticegen replaces: the build output and directory publish
targets. A command never deletes what it did not create, so a folder is
only replaced when it is missing, empty, or recognisably noticegen's own
(the output by its manifest, a target by its releases); the project, its
sources and any folder that holds them are refused outright.
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import BuildError, PublishError, StateError
from .project import Project


def protected(project: Project) -> list[Path]:
    """What no output may be, contain or sit inside of (but the project root,
    which holds site/ and published/)."""
    root = project.root.resolve()
    return [root / "notices", root / "theme", root / ".git", root / "mkdocs.yml", root / "generator"]


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
    """`out` resolved, if a build may replace it; BuildError saying why not."""
    why = _refusal(out, project)
    if why is None and _has_content(out) and not is_build_output(out):
        why = "it is not empty and was not made by noticegen build (it has no manifest.json)"
    if why:
        raise BuildError(f"cannot build into {out}: {why}; the build replaces that folder as a whole, "
                         "so give --out a new or empty folder, or a previous noticegen output")
    return out.resolve()


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
    return isinstance(data, dict) and "generator" in data and isinstance(data.get("sites"), dict)


def publish_folder(target: Path, project: Project) -> Path:
    """A directory publish target, if noticegen may write into it."""
    why = _refusal(target, project)
    if why is None and _has_content(target) and not is_publish_target(target):
        why = "it is not empty and holds no noticegen releases (releases/, current, releases.json)"
    if why:
        raise PublishError(f"cannot publish into {target}: {why}; point `publish: directory:` in "
                           "notices/sites.yml at a new or empty folder")
    return target.resolve()


def is_publish_target(folder: Path) -> bool:
    return any((folder / name).exists() or (folder / name).is_symlink()
               for name in ("releases", "current", "releases.json"))


def _has_content(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())
