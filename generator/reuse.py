"""A rebuilt site's files that are the same bytes as in its previous build
are hard links to the previous build's files, not files written anew.

An edit of one section rebuilds the sites that show it, but of each such
site's forty-odd own files only the notice page, its embeds, notice.json
and the search index change: every archived version, every diff, the
history and compare pages, the sitemap and the theme's files come out the
same. Creating a file costs ~0.5 ms on this kind of disk and linking one
0.01 ms, and the files written were most of the system time of a
one-section edit's rebuild.

Nothing here decides what a file holds: the renderer makes every byte as
in a cold build, and a file is linked only when the previous build has a
regular file at the same place (inside that build's folder, not through a
link), made by this user with the mode a new file gets, whose bytes are
those just made; else it is written. So a damaged, truncated or edited
file of the previous build is never reused, and deleting the previous
build only makes the next one slower. The previous build stays as it was
until its folder is swapped out: a linked file is never written into (a
file written where one was linked replaces it, see `write`).
"""
from __future__ import annotations

import hashlib
import os
import stat

_CHUNK = 1 << 16
# sha256 by identity (device, inode, size, modification time) of each file
# this process linked to a previous build's after checking its bytes, so
# that manifest.file_hashes and the offline check need not read it again.
# Bounded: the preview keeps one process across many rebuilds.
LINKED: dict[tuple, str] = {}
LINKED_KEPT = 50_000


class Previous:
    """The previous build of the site being built into `root`, or None."""

    def __init__(self, root: str | os.PathLike, previous: str | os.PathLike | None):
        self.root = os.path.join(os.path.abspath(root), "")
        self.previous = os.path.realpath(previous) if previous is not None else None
        self.linked = self.written = 0
        mask = os.umask(0)
        os.umask(mask)
        self.mode = 0o666 & ~mask  # what open() gives a new file
        self.plain_folders: dict[str, bool] = {}  # folder of the previous build -> reached without a link

    def write(self, path: str | os.PathLike, data: bytes) -> None:
        """`data` at `path`, linked to the previous build's file when that
        holds the same bytes; never written into an existing file in place
        (it may be one linked here, shared with the previous build)."""
        path = os.fspath(path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.unlink(path)
        old = self.same_file(path, data)
        if old is not None:
            try:
                os.link(old, path, follow_symlinks=False)
                self.linked += 1
                _note(path, hashlib.sha256(data).hexdigest())
                return
            except OSError:  # another file system, too many links: write it
                pass
        with open(path, "xb") as target:
            target.write(data)
        self.written += 1

    def link_known(self, path: str, size: int, sha256: str) -> bool:
        """Whether `path` is now a link to the previous build's file there,
        which holds `size` bytes whose sha256 is `sha256`: the bytes a page
        would be rendered into, known without rendering it (mkdocs_frames)."""
        old = self._candidate(path, size)
        if old is None:
            return False
        try:
            with open(old, "rb") as file:
                if hashlib.sha256(file.read(size + 1)).hexdigest() != sha256:
                    return False
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.lexists(path):
                os.unlink(path)
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        self.linked += 1
        _note(path, sha256)
        return True

    def link_copy(self, source: str, path: str) -> bool:
        """Whether `path` (a theme file, to be a copy of `source`) is now a
        link to the previous build's copy, which holds the same bytes."""
        old = self._candidate(path, os.stat(source).st_size) if os.path.isfile(source) else None
        if old is None or not _same_bytes(old, source):
            return False
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        self.linked += 1
        return True

    def same_file(self, path: str, data: bytes) -> str | None:
        """The previous build's file for `path` if it holds exactly `data`."""
        old = self._candidate(path, len(data))
        if old is None:
            return None
        try:
            with open(old, "rb") as file:
                return old if file.read(len(data) + 1) == data else None
        except OSError:
            return None

    def _candidate(self, path: str, size: int) -> str | None:
        """The previous build's regular file at `path`'s place, of `size`
        bytes, owned by this user with a new file's mode, reached without
        following a link."""
        if self.previous is None or not path.startswith(self.root):
            return None
        relative = os.path.normpath(path[len(self.root):])
        if relative.startswith(".."):
            return None
        old = os.path.join(self.previous, relative)
        try:
            status = os.lstat(old)
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode) or status.st_size != size or status.st_uid != os.getuid() \
                or stat.S_IMODE(status.st_mode) != self.mode:
            return None
        folder = os.path.dirname(old)
        if folder not in self.plain_folders:
            self.plain_folders[folder] = os.path.realpath(folder) == folder
        return old if self.plain_folders[folder] else None


def _note(path: str, sha256: str) -> None:
    try:
        status = os.lstat(path)
    except OSError:
        return
    if len(LINKED) >= LINKED_KEPT:
        LINKED.clear()
    LINKED[(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)] = sha256


def _same_bytes(first: str, second: str) -> bool:
    try:
        with open(first, "rb") as one, open(second, "rb") as other:
            while True:
                a, b = one.read(_CHUNK), other.read(_CHUNK)
                if a != b:
                    return False
                if not a:
                    return True
    except OSError:
        return False

