"""Named points where tests make a run die or dawdle, to prove that a
crash or a concurrent run at that moment does no harm.

    NOTICEGEN_CRASH_AT=<point>   the process kills itself there (SIGKILL: no cleanup runs)
    NOTICEGEN_PAUSE_AT=<point>   the process waits a second there (widens a race)

Unset in normal use, where `point` costs one dictionary lookup.
"""
from __future__ import annotations

import os
import signal
import time

CRASH_VARIABLE = "NOTICEGEN_CRASH_AT"
PAUSE_VARIABLE = "NOTICEGEN_PAUSE_AT"


def point(name: str) -> None:
    if os.environ.get(PAUSE_VARIABLE) == name:
        time.sleep(1.0)
    if os.environ.get(CRASH_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
