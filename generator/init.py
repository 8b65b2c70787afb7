"""`noticegen init`: a new notice repository in the current folder.

It writes a notice skeleton (notice.yml, one example section, sites.yml),
a guide for the legal team, a CI workflow and a .gitignore, and starts a
git repository if there is none. It never overwrites a file: what exists
is left alone and listed, and a notices/ folder that already holds a notice
is left whole, so init in an existing project adds only what it lacks.
Whatever it cannot know is a `FILL IN:` placeholder, which `noticegen
check` reports until it is replaced.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from . import __version__
from .constraints import constraints_text
from .errors import NoticegenError
from .placeholders import fill_in

SKELETON = "skeleton"  # generator/data/skeleton/: the files, with {domain} and {effective} to fill
CONSTRAINTS = ".github/noticegen-constraints.txt"  # the versions noticegen runs on here, for CI's pip -c


def init(root: Path, domain: str, effective: dt.date) -> tuple[list[Path], list[Path]]:
    """(written, left alone). `effective` is the first version's date.

    Run again, or after an import, it writes only what is missing: a folder
    that already holds a notice is left whole (one more skeleton file in it
    would add a section to that notice, or sites to its sites.yml)."""
    notices = root / "notices"
    # A .gitkeep (or an editor's file) is no notice: a folder holding only such files still gets one.
    has_notice = notices.is_dir() and any(not entry.name.startswith(".") for entry in notices.iterdir())
    values = {"domain": domain, "effective": effective.isoformat(), "company": fill_in("the company name"),
              "noticegen_requirement": install_requirement(),  # CI installs the noticegen that wrote the files
              "python_version": f"{sys.version_info.major}.{sys.version_info.minor}"}  # on the same Python
    written, kept = [], [notices] if has_notice else []
    source = resources.files("generator") / "data" / SKELETON
    generated = [(CONSTRAINTS, constraints_text())]  # and the same packages under it
    files = [(relative, text) for relative, text in [*_files(source), *generated]
             if not (has_notice and relative.startswith("notices/"))]
    for relative, _ in files:  # all refused before any is written
        _refuse_what_is_in_the_way(root, relative)
    for relative, text in files:
        target = root / relative
        if target.exists() or target.is_symlink():
            kept.append(target)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8") as out:  # "x": never over a file, even one made meanwhile
                out.write(_filled(text, values))
        except FileExistsError:
            kept.append(target)
            continue
        except OSError as exc:
            raise NoticegenError(f"{target}: cannot write it ({exc.strerror}); init wrote "
                                 f"{len(written)} file(s) before it, and rerun writes only what is missing") from None
        written.append(target)
    if not (root / ".git").exists():
        try:
            git_init_on_main(root)
        except (OSError, subprocess.CalledProcessError):
            pass  # versions come from git: check says how to start one when it is needed
    return written, kept


def _refuse_what_is_in_the_way(root: Path, relative: str) -> None:
    """A folder init writes into must be a folder of the project: a file there
    would be reported as the file kept, and a link (broken, or out of the
    project) would be written through, or also reported as kept."""
    inside = root.resolve()
    folder = root
    for part in Path(relative).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            target = folder.resolve()
            if not target.is_dir() or not target.is_relative_to(inside):
                where = "leads nowhere" if not folder.exists() else f"points to {target}, outside the project"
                raise NoticegenError(f"{folder} is a link that {where}, where init writes the {part}/ folder: "
                                     "replace it by a folder (or remove it), then run noticegen init again; "
                                     "nothing was written")
        elif folder.exists() and not folder.is_dir():
            raise NoticegenError(f"{folder} is a file, where init writes the {part}/ folder: move it away, then "
                                 "run noticegen init again; nothing was written")


def git_init_on_main(root: Path) -> None:
    """A new repository on `main`, whatever git's default: the workflow init
    writes triggers on main, and README reviews against it. `-b` needs git
    2.28; before it, the unborn branch is renamed by pointing HEAD at main."""
    if subprocess.run(["git", "init", "-q", "-b", "main", str(root)], capture_output=True).returncode == 0:
        return
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=root, check=True, capture_output=True)


def install_requirement() -> str:
    """What CI pip-installs to get this very noticegen, from how it was
    installed here (PEP 610's direct_url.json beside the package)."""
    from importlib import metadata

    home = Path(__file__).resolve().parent.parent
    if home.name not in ("site-packages", "dist-packages"):
        return requirement_for({"url": home.as_uri(), "dir_info": {}}, __version__)  # run from a source folder
    origin = None
    for found in metadata.distributions(name="noticegen", path=[str(home)]):
        try:
            recorded = found.read_text("direct_url.json")
            origin = json.loads(recorded) if recorded else None
        except ValueError:
            pass
        break
    return requirement_for(origin, __version__)


def requirement_for(origin: dict | None, version: str) -> str:
    """A release from a package index by its version, a git checkout by its
    commit, an archive by its address. A folder on this machine is nowhere
    CI can reach: a placeholder, which check reports until it names a source."""
    if not isinstance(origin, dict) or not isinstance(origin.get("url"), str):
        return f"noticegen=={version}"
    url, vcs = origin["url"], origin.get("vcs_info")
    if not url.startswith("file:"):
        if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
            return f"noticegen @ git+{url}@{vcs['commit_id']}"
        if "archive_info" in origin:
            return f"noticegen @ {url}"
    return fill_in(f"where CI installs noticegen {version} from (this one came from {url}), "
                   f"e.g. noticegen @ git+https://example.com/you/noticegen@v{version}")


def _files(folder, prefix: str = ""):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name.replace("dot-", ".", 1) if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            yield from _files(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry.read_text(encoding="utf-8")


def _filled(text: str, values: dict[str, str]) -> str:
    # Only these names: the files hold {{ variables }} and ${{ }} of their own.
    for name, value in values.items():
        text = text.replace(f"[[{name}]]", value)
    return text
