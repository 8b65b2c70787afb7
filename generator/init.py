"""`noticegen init`: a new notice repository in the current folder.

It writes a notice skeleton (notice.yml, one example section, sites.yml),
a guide for the legal team, a CI workflow and a .gitignore, and starts a
git repository if there is none. It never overwrites a file: what exists
is left alone and listed. Whatever it cannot know is a `FILL IN:`
placeholder, which `noticegen check` reports until it is replaced.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import NoticegenError
from .placeholders import fill_in

SKELETON = "skeleton"  # generator/data/skeleton/: the files, with {domain} and {effective} to fill


def init(root: Path, domain: str, effective: dt.date) -> tuple[list[Path], list[Path]]:
    """(written, left alone). `effective` is the first version's date."""
    if (root / "notices").exists() and any((root / "notices").iterdir()):
        raise NoticegenError(f"{root / 'notices'} already holds files: noticegen init starts a new notice; "
                             "edit that one, or use noticegen import --force to replace it")
    values = {"domain": domain, "effective": effective.isoformat(), "company": fill_in("the company name"),
              "noticegen_version": __version__}  # CI installs the version that wrote the files
    written, kept = [], []
    source = resources.files("generator") / "data" / SKELETON
    for relative, text in _files(source):
        target = root / relative
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_filled(text, values), encoding="utf-8")
        written.append(target)
    if not (root / ".git").exists():
        try:
            subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            pass  # versions come from git: check says how to start one when it is needed
    return written, kept


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
