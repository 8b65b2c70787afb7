"""Files written whole or not at all: into a temporary file beside the
target, then renamed over it. Each writer has a temporary name of its own,
so two runs at once never truncate or rename away each other's."""
from __future__ import annotations

import errno
import os
import secrets
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
