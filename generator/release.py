"""`noticegen release`: write a new version's metadata into notice.yml.

Authors need not edit version, effective and summary by hand: the keys are
rewritten in place (comments and the rest of the file stay as they are), then
every check runs against the result, the significance rules and notice period
included; if any fails, notice.yml is put back as it was (unless someone
changed it meanwhile). One release at a time (`.noticegen/release.lock`),
written whole (atomic). It never commits.
"""
from __future__ import annotations

import datetime as dt
import json
import re

from . import atomic, locks
from .check import Checked, check
from .errors import NoticegenError
from .notice import NOTICE_FILE, VERSION
from .problems import NoticeError
from .project import Project


class ReleaseError(NoticegenError):
    pass


def release(project: Project, version: str, effective: dt.date, summary: str,
            significant: bool | None = None, override_reason: str = "") -> Checked:
    # One release at a time: a failing one puts notice.yml back, which must
    # never wipe what another (that succeeded) wrote meanwhile.
    with locks.exclusive(project.root / ".noticegen" / "release.lock", "release"):
        return _release(project, version, effective, summary, significant, override_reason)


def _release(project: Project, version: str, effective: dt.date, summary: str,
             significant: bool | None, override_reason: str) -> Checked:
    if not VERSION.match(version):
        raise ReleaseError(f"version {version!r} has characters a URL cannot keep (use digits, letters, dots, dashes)")
    if "\n" in summary or not summary.strip():
        raise ReleaseError("the summary must be one line of text")
    before = check(project)
    released = [v.version for v in before.history.versions if v.commit]
    if version in released:
        raise ReleaseError(f"version {version} was already released; choose a new number")
    latest = before.history.versions[-1] if before.history.versions else None
    changed = [site for site in (*before.history.unreleased, *before.history.draft_edits) if site != "notices/notice.yml"]
    if latest is not None and latest.commit and not changed:
        # A version with the same words as the last one would announce a change that is not there.
        raise ReleaseError(f"nothing in the notice's text changed since version {latest.version}: edit the sections "
                           f"in notices/ first (to correct version {latest.version}'s dates or summary, edit "
                           "notices/notice.yml and commit, without a new version)")
    path = project.notices / NOTICE_FILE
    original = path.read_text(encoding="utf-8")
    values = {"version": json.dumps(version), "effective": effective.isoformat(), "summary": json.dumps(summary)}
    if significant is not None:
        values["significant"] = "true" if significant else "false"
    if override_reason:
        values["override_reason"] = json.dumps(override_reason)
    text = original
    for key, value in values.items():
        text = set_key(text, key, value)
    if significant is None:
        text = remove_key(remove_key(text, "significant"), "override_reason")
    # `published:` told when the previous version first appeared; the new one is published by its commit.
    text = re.sub(r"^# This history was recorded after the fact.*\n", "", remove_key(text, "published"), flags=re.M)
    atomic.write_text(path, text)
    try:
        return check(project, undecided_blocks=True)  # a rewording noticegen cannot judge is the author's to decide
    except NoticeError as exc:
        if all(_summary_to_translate(problem) for problem in exc.problems):
            # The new summary can only be translated once it is written: keep
            # it, and say what comes next (the build refuses until then).
            raise TranslateNext(exc.problems) from None
        if path.read_text(encoding="utf-8") == text:  # put back only what this run wrote, never another's edit
            atomic.write_text(path, original)  # lose nothing
        raise


class TranslateNext(NoticegenError):
    """notice.yml describes the new version; its translations of the title
    and summary are what is left to do."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problem.format() for problem in problems))


def _summary_to_translate(problem) -> bool:
    """A translation's notice.yml (title and summary), stale because the summary is new."""
    from .translations import FOLDER

    path = problem.path
    return path.name == NOTICE_FILE and path.parent.parent.name == FOLDER and "is stale" in problem.message


def set_key(text: str, key: str, value: str) -> str:
    """Replace a top-level `key: value` line (after the first key if new)."""
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: f"{key}: {value}", text, count=1)
    anchor = re.search(r"^summary:.*$", text, re.M) or re.search(r"^\w+:.*$", text, re.M)
    return text[:anchor.end()] + f"\n{key}: {value}" + text[anchor.end():]


def remove_key(text: str, key: str) -> str:
    return re.sub(rf"^{key}:.*\n", "", text, flags=re.M)
