"""`site/manifest.json`: per site, what was built from what.

It lists each site's notice version, effective date, the fingerprint of its
inputs (so an unchanged site is not rebuilt and `publish` can tell a stale
build) and every file with its sha256 (so two builds can be compared)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST_FILE = "manifest.json"


def file_hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def read(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sites": {}}
    return data if isinstance(data.get("sites"), dict) else {"sites": {}}


def write(out: Path, data: dict) -> None:
    (out / MANIFEST_FILE).write_text(dumps(data), encoding="utf-8")


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
