"""Every failure a user can cause, as one exception tree.

The CLI catches `NoticegenError` once and prints its message as one line
(`NoticeError` prints each problem as `path:line: what (fix)`), then exits
with the error's code: 1 for a problem in the input or the environment, 2
for a usage error. Messages say what is wrong and how to fix it; nothing
below the CLI prints a traceback at a user.
"""
from __future__ import annotations


class NoticegenError(Exception):
    """A failure the user can act on."""

    exit_code = 1


class UsageError(NoticegenError):
    """The command line asks for something that does not exist."""

    exit_code = 2


class GitError(NoticegenError):
    """Git cannot answer: not installed, not a repository, a bad revision."""


class BuildError(NoticegenError):
    """A site could not be built, or the output folder cannot be used."""


class PublishError(NoticegenError):
    """A built site cannot be sent to its target, or the target is damaged."""


class NotifyError(NoticegenError):
    """Notifications cannot be prepared or sent, or the ledger is damaged."""


class TemplateError(NoticegenError):
    """A notification template is missing, broken or unsafe; `path` and
    `line` say where, when known; `others`, what else the same check found in it."""

    def __init__(self, message: str, path=None, line: int = 0, fix: str = ""):
        self.detail, self.path, self.line, self.fix = message, path, line, fix
        self.others: list[TemplateError] = []  # more problems of the same template, found with this one
        where = f"{path}:{max(line, 1)}: " if path else ""
        super().__init__(f"{where}{message}" + (f" ({fix})" if fix else ""))


class StateError(NoticegenError):
    """A file noticegen keeps (ledger, releases stack, manifest) is damaged."""


class CommentError(NoticegenError):
    """The review comment cannot be made or updated on the pull request."""
