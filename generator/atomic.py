"""Files written whole or not at all: into a temporary file beside the
target, then renamed over it. Each writer has a temporary name of its own,
so two runs at once never truncate or rename away each other's."""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():  # name the file asked for, never the temporary one
        raise FileNotFoundError(errno.ENOENT, f"folder {path.parent} does not exist "
                                "(create it, or write the file somewhere else)", str(path))
    partial = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_output(path: Path, data: bytes) -> None:
    """A file the user named on the command line (`--output`, `--docx`):
    written as the shell's `>` would, through a link to its target, and
    into a device or a pipe (`/dev/null`, `/dev/stdout`) rather than renamed
    over it, which replaced /dev/null by a regular file for the whole machine.
    Files noticegen keeps itself use `write_bytes`, which never follows a link."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, f"{path} is a folder (give a file name in it)", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    write_bytes(target if target.parent.is_dir() else path, data)
