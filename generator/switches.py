"""Settings read from the environment: the on/off ones (NOTICEGEN_PDF,
NOTICEGEN_CACHE, NOTICEGEN_HISTORY), with one spelling of on and off for all
of them and a clear error for any other value instead of silently taking it
as on, and the renderer (NOTICEGEN_RENDERER, see render.py). Reading them
loads nothing else: every command reads them first."""
from __future__ import annotations

import os
import re

from .errors import UsageError

SWITCHES = {"NOTICEGEN_PDF": "PDFs", "NOTICEGEN_CACHE": "the caches", "NOTICEGEN_HISTORY": "history from git"}
ON = ("", "on", "1", "yes", "true")
OFF = ("off", "0", "no", "false")


def is_on(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in OFF:
        return False
    if value in ON:
        return True
    raise UsageError(f"{name}={os.environ[name]!r} is neither on nor off: set it to off to go without "
                     f"{SWITCHES.get(name, 'it')}, or unset it")


def validate() -> None:
    """Every switch, at the start of a command (before any work is done)."""
    for name in SWITCHES:
        is_on(name)
    file_size_limit()


MAX_FILE_KB = "NOTICEGEN_MAX_FILE_KB"
# The largest file of a real notice seen (a whole notice in one file, in
# ../shared/corpus) is about 60 KB; a 1 MB section took `check` 11 s and a
# 5 MB one a build 53 s and 555 MB: past this, a file is refused unread.
DEFAULT_MAX_FILE_KB = 256


def file_size_limit() -> int:
    """The most bytes one file an author writes (section, YAML, template) may hold."""
    raw = (os.environ.get(MAX_FILE_KB) or "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_KB * 1024
    # ASCII digits, at most 7: str.isdigit() also takes '²' (int() does not) and
    # '١٢', and int() refuses past 4300 digits.
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= 1024 * 1024:
        raise UsageError(f"{MAX_FILE_KB}={raw!r} must be a whole number of kilobytes from 1 to 1048576 "
                         f"(unset, it is {DEFAULT_MAX_FILE_KB})")
    return int(raw) * 1024


def history(flag: bool = True) -> bool:
    """Versions from git: unless --no-history (`flag` False) or NOTICEGEN_HISTORY=off."""
    return flag and is_on("NOTICEGEN_HISTORY")


RENDERER = "NOTICEGEN_RENDERER"
RENDERERS = ("frames", "portable")


def renderer() -> str:
    """The renderer NOTICEGEN_RENDERER names (frames when unset; see render.py)."""
    name = (os.environ.get(RENDERER) or "frames").strip().lower()
    if name not in RENDERERS:
        raise UsageError(f"{RENDERER}={name!r} is not a renderer noticegen knows (use one of {', '.join(RENDERERS)})")
    return name
