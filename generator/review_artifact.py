"""The review report as the pull request's run hands it to the job that
comments: an artefact of two files, `review.md` and `pull-request.txt`.

The run that made it ran the pull request's code, so every byte of it may
be forged. It is read as data and nothing else: no link is followed (a
review.md linked to /proc/self/environ would post the commenting job's
token), no file is read past its cap, only the two files may be there, and
the report must look like what `noticegen review` writes: its heading first,
text only, no marker of noticegen's own, and nothing GitHub would show as
more than text (inert_markdown: an image, a link, HTML, a mention), which
the workflow's account would post in the repository's name. The pull
request it names is checked against the commit the run was for
(pr_comment's `head_sha`).
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import CommentError
from .inert_markdown import first_active
from .pr_comment import MARKER

REPORT, NUMBER = "review.md", "pull-request.txt"
MAX_REPORT = 2**20  # bytes: a comment holds 65,536 characters, 256 KiB in UTF-8; a real report is far shorter
MAX_NUMBER = 32
HEADING = "# Privacy notice review\n"  # review.render's first line
NUMBER_TEXT = re.compile(r"[1-9][0-9]{0,9}\n?")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # a report is lines of text: \n and \t only
NOTHING = "nothing was posted"


def read_artifact(folder: Path) -> tuple[int, str]:
    """(the pull request's number, the report) from an unpacked artefact."""
    try:
        mode = os.lstat(folder).st_mode
    except OSError:
        raise CommentError(f"{folder}: no such folder (the review artefact is unpacked there); {NOTHING}") from None
    if not stat.S_ISDIR(mode):
        raise CommentError(f"{folder}: not a folder (a link, or a file), where the review artefact is unpacked; "
                           f"{NOTHING}")
    found = sorted(os.listdir(folder))
    if found != sorted([NUMBER, REPORT]):
        extra = [name for name in found if name not in (NUMBER, REPORT)]
        what = (f"holds {_names(extra)}, which a review artefact never does" if extra
                else f"lacks {_names(sorted({NUMBER, REPORT} - set(found)))}")
        raise CommentError(f"{folder}: {what} (only {REPORT} and {NUMBER}); {NOTHING}")
    number = _read(folder / NUMBER, MAX_NUMBER).decode("ascii", "replace")
    if not NUMBER_TEXT.fullmatch(number):
        raise CommentError(f"{folder / NUMBER}: not a pull request's number; {NOTHING}")
    data = _read(folder / REPORT, MAX_REPORT)
    try:
        report = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CommentError(f"{folder / REPORT}:{line}: not UTF-8 text, which noticegen review writes; "
                           f"{NOTHING}") from None
    if not report.startswith(HEADING):
        raise CommentError(f"{folder / REPORT}:1: does not start with {HEADING.strip()!r}, as noticegen review's "
                           f"report does; {NOTHING}")
    control = CONTROL.search(report)
    active = first_active(report)
    for what, at in (("a control character", control.start() if control else -1),
                     ("noticegen's own comment marker", report.find(MARKER)),
                     (active[1] if active else "", active[0] if active else -1)):
        if at >= 0:
            line = report.count("\n", 0, at) + 1
            raise CommentError(f"{folder / REPORT}:{line}: {what}, which noticegen review never writes; {NOTHING}")
    return int(number), report


def _read(path: Path, cap: int) -> bytes:
    """At most `cap` bytes of a regular file, never through a link, never waiting on a pipe."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        why = "a link, which is not followed" if os.path.islink(path) else exc.strerror
        raise CommentError(f"{path}: cannot be read ({why}); {NOTHING}") from None
    try:  # what it is, before Python's file object, which refuses a folder with only "3: Is a directory"
        size = os.fstat(handle)
        if not stat.S_ISREG(size.st_mode):
            raise CommentError(f"{path}: not a regular file; {NOTHING}")
        if size.st_size > cap:
            raise CommentError(f"{path}: {size.st_size:,} bytes, more than the {cap:,} it may hold: not read; "
                               f"{NOTHING} (the pull request's run has the report in its job summary)")
        file = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with file:
        data = file.read(cap + 1)
    if len(data) > cap:  # grew while read
        raise CommentError(f"{path}: more than the {cap:,} bytes it may hold: not read; {NOTHING}")
    return data


def _names(names: list[str]) -> str:
    return ", ".join(repr(name[:60]) for name in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
