"""`site/manifest.json`: per site, what was built from what.

It lists each site's notice version, effective date, the fingerprint of its
inputs (so an unchanged site is not rebuilt and `publish` can tell a stale
build) and every file with its sha256 (so two builds can be compared)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST_FILE = "manifest.json"


def file_hashes(folder: Path, known: dict | None = None) -> dict[str, str]:
    """sha256 of every file. `known` remembers hashes by inode for one run:
    the theme's files are hard links shared by every site (see mkdocs_hook)."""
    known = {} if known is None else known
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            if identity not in known or stat.st_nlink == 1:
                known[identity] = hashlib.sha256(path.read_bytes()).hexdigest()
            hashes[path.relative_to(folder).as_posix()] = known[identity]
    return hashes


def read(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sites": {}}
    return data if isinstance(data.get("sites"), dict) else {"sites": {}}


def write(out: Path, data: dict) -> None:
    """Replaced at once: a reader sees the old manifest or the new one."""
    temporary = out / f".{MANIFEST_FILE}.tmp"
    temporary.write_text(dumps(data), encoding="utf-8")
    temporary.replace(out / MANIFEST_FILE)


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
