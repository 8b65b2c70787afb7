"""One writer at a time: an exclusive lock on a file beside what is written.

Two CI jobs (or a person and a job) that build into the same folder,
publish to the same target or send from the same ledger run one after the
other: the second waits, then sees what the first did (a release already
current, recipients already sent to). The lock is `flock`, so it is
released by the kernel when a process dies, however it dies; the lock file
itself stays (removing it would let a third process lock a different file).
Across machines, CI's own concurrency group must serialise jobs.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

from .errors import NoticegenError


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str):
    """Hold the lock on `lock_file` (created if need be) for the block,
    waiting for another holder; `what` names the work in the waiting message."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        # Never through a symlink: a planted link would have us write into its target.
        descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise NoticegenError(f"cannot create the lock file {lock_file} ({exc.strerror}): "
                             f"noticegen needs to write beside the {what}") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # The holder wrote what it is doing, which need not be what we are about to do.
            holder = os.pread(descriptor, 512, 0).decode(errors="replace").strip() or "another process"
            print(f"noticegen: waiting for {holder} to finish, before the {what} ({lock_file})", file=sys.stderr)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"noticegen pid {os.getpid()} ({what})\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock
