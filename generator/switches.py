"""On/off settings read from the environment (NOTICEGEN_PDF, NOTICEGEN_CACHE,
NOTICEGEN_HISTORY): one spelling of on and off for all of them, and a
clear error for any other value instead of silently taking it as on."""
from __future__ import annotations

import os

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
