"""`site/manifest.json`: per site, what was built from what.

It lists each site's notice version, effective date, the fingerprint of its
inputs (so an unchanged site is not rebuilt and `publish` can tell a stale
build) and every file with its sha256 (so two builds can be compared)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from stat import S_ISLNK

MANIFEST_FILE = "manifest.json"


def _holds_anything(folder: str) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)


def file_hashes(folder: Path, known: dict | None = None) -> dict[str, str]:
    """sha256 of every file. `known` remembers hashes by inode for one run:
    the theme's files are hard links shared by every site (see mkdocs_hook)."""
    known = {} if known is None else known
    hashes = {}
    for name, path, stat in _files(str(folder)):
        if S_ISLNK(stat.st_mode):  # never written by a build: hashed as what it is, not what it points to
            hashes[name] = hashlib.sha256(b"symbolic link\0" + os.fsencode(os.readlink(path))).hexdigest()
            continue
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if identity not in known or stat.st_nlink == 1:
            with open(path, "rb") as file:
                known[identity] = hashlib.sha256(file.read()).hexdigest()
        hashes[name] = known[identity]
    return hashes


def _files(folder: str, prefix: str = "", empty_folders: bool = False):
    """(relative name, path, stat) of every file under `folder`, sorted by
    name. A symbolic link is listed as itself (its own stat), never
    followed: a build writes none, so one is a change to notice. With
    `empty_folders`, an empty folder is listed too, as "name/": a build
    makes none, so one was made by hand. os.scandir, as a build that changed
    nothing stats every file of every site (pathlib's rglob took 0.6 s for
    50 sites)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        name = prefix + entry.name
        if entry.is_symlink():
            yield name, entry.path, entry.stat(follow_symlinks=False)
        elif entry.is_dir():
            inside = list(_files(entry.path, name + "/", empty_folders))
            if inside or not empty_folders or _holds_anything(entry.path):
                yield from inside
            else:
                yield name + "/", entry.path, entry.stat()
        elif entry.is_file():
            yield name, entry.path, entry.stat()


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


def file_stats(folder: Path) -> dict[str, list[int]]:
    return {name: [stat.st_size, stat.st_mtime_ns, stat.st_mode]
            for name, _, stat in _files(str(folder), empty_folders=True)}


def site_stats(out: Path, domain: str, beside: tuple[str, ...] = ()) -> dict[str, list[int]]:
    """file_stats of out/<domain>, and of each folder of `beside` (paths
    under `out` that belong to the site, such as its rendered emails) under
    names no file of the site can have ("//folder/name")."""
    stats = file_stats(out / domain)
    for folder in beside:
        stats.update({f"//{folder}/{name}": value for name, value in file_stats(out / folder).items()})
    return stats


def stats_file(cache_dir: Path, out: Path) -> Path:
    """Where the sizes and modification times of `out`'s files are kept
    (in the cache, not the output: they differ from build to build). A build
    compares them to notice a file changed since (and rebuilds that site)
    without hashing every file; publish still compares every hash."""
    return cache_dir / "built-files" / f"{hashlib.sha256(str(out).encode()).hexdigest()[:16]}.json"


STATS_FORMAT = 3


def read_stats(path: Path) -> dict:
    """{"files": {domain: file_stats}, "checked": what the build's check
    found (see build._remember)}; empty when missing, damaged or older."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != STATS_FORMAT or not isinstance(data.get("files"), dict):
        return {}
    return data


def write_stats(path: Path, stats: dict) -> None:
    """Kept only to save time: where they cannot be written (the cache
    folder is a file, read-only), the next build hashes the files instead."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({**stats, "format": STATS_FORMAT}, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def forget_site(path: Path, domain: str) -> None:
    """Drop a site from the stats at `path`: the next build hashes nothing
    of it and rebuilds it."""
    stats = read_stats(path)
    if domain in stats.get("files", {}):
        del stats["files"][domain]
        write_stats(path, stats)


def intact(out: Path, domain: str, stats: dict, beside: tuple[str, ...] = ()) -> bool:
    """site/<domain> (and the folders `beside` it) holds exactly the files
    its build wrote, unchanged (`stats`: read_stats' "files")."""
    return domain in stats and (out / domain).is_dir() and site_stats(out, domain, beside) == stats[domain]
