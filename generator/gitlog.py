"""Git, read in one pass: the commits that touched notices/ on the current
branch (first parent), each with the blobs it changed, plus a persistent
`git cat-file --batch` reader for the blobs themselves.

Through GitPython's command layer (not its per-commit diff objects, which are
about 40 times slower here). User input never reaches git as an option:
revisions are validated and resolved to full SHAs, paths come after `--`.
Git's own failures become `GitError` with one line saying how to fix them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import GitError

# What a revision may be written with: git's revision syntax, and the characters of a branch name that
# are plain text to every output (git also allows | + = , in one: `legal|review`); never a leading -.
REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/@{}~^:|+=,-]*$")
DOCUMENTS = {".md", ".markdown", ".mdown", ".html", ".htm", ".txt"}  # what a notice's file can be


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    date: str  # committer date, ISO 8601
    parents: tuple[str, ...]
    changes: dict[str, str | None] = field(default_factory=dict)  # path -> new blob (None: deleted)


def _gitpython():
    """GitPython, which otherwise refuses to import without git on PATH;
    without git, the first command says so (see Git)."""
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import git

    return git


def grafts_file(root: Path, path: str) -> Path | None:
    """The repository's grafts file (`git rev-parse --git-path info/grafts`,
    relative to `root`) if it grafts anything (git still honours them, even
    with replace refs switched off)."""
    grafts = root / path
    try:
        lines = grafts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return grafts if any(line.strip() and not line.startswith("#") for line in lines) else None


class Git:
    """A repository opened for reading; use as a context manager so the
    cat-file processes are closed."""

    def __init__(self, folder: Path):
        git = _gitpython()
        try:
            self.repo = git.Repo(folder, search_parent_directories=True)
            self.root = Path(self.repo.working_tree_dir)
            # The history as committed: a `git replace` ref would change it
            # under the same commit ids, which a build's inputs key trusts.
            self.repo.git.update_environment(GIT_NO_REPLACE_OBJECTS="1")
            paths = self._run("rev-parse", "--git-dir", "--git-path", "info/grafts").split("\n")
        except git.GitCommandNotFound:
            raise GitError("git is not installed (install it, e.g. apt-get install git), "
                           "or pass --no-history") from None
        except git.InvalidGitRepositoryError:
            raise GitError(f"{folder} is not in a git repository: versions come from git history "
                           "(run git init and commit, or pass --no-history)") from None
        except git.NoSuchPathError:
            raise GitError(f"{folder} does not exist") from None
        grafts = grafts_file(self.root, paths[1].strip()) if len(paths) > 1 else None
        if grafts is not None:
            raise GitError(f"{grafts}: grafts rewrite the history under the same commit ids, so the versions "
                           "read from it could be stale; remove the file (noticegen reads the history as "
                           "committed, and ignores `git replace` refs too)")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.repo.close()

    def _run(self, *args: str) -> str:
        git = _gitpython()
        try:
            return self.repo.git.execute(["git", *args], strip_newline_in_stdout=False)
        except git.GitCommandError as exc:
            raise GitError(_explain(exc.stderr or str(exc), self.repo.working_dir)) from None

    def is_shallow(self) -> bool:
        return self._run("rev-parse", "--is-shallow-repository").strip() == "true"

    def head(self) -> str | None:
        """The checked-out commit (works on a detached HEAD); None before the first commit."""
        try:
            return self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip() or None
        except GitError:
            return None

    def uncommitted(self, path: str) -> bool:
        """Whether `path` (relative to the root) has edits or new files git has not committed."""
        return bool(self._run("status", "--porcelain", "--untracked-files=normal", "--", path).strip())

    def resolve(self, revision: str) -> str:
        """A full commit SHA for a user-given revision, never read as an option."""
        if not REVISION.match(revision) or ".." in revision:
            raise GitError(f"{revision!r} is not a revision name")
        try:
            return self._run("rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}").strip()
        except GitError:
            if self.head() is None:  # a new notice (just after init): no revision names anything yet
                raise GitError(f"unknown revision {revision!r}: nothing is committed yet; commit the notice "
                               "first, then diff the next edits against HEAD") from None
            raise GitError(f"unknown revision {revision!r}") from None

    def commit(self, sha: str) -> Commit:
        """Author and committer date of one commit (`sha` as `resolve` gives it)."""
        output = self._run("log", "-1", "--no-walk", "--format=%H%x1f%an%x1f%ae%x1f%cI%x1f%P", sha, "--")
        sha, author, email, date, parents = output.strip("\n").split("\x1f")
        return Commit(sha, author, email, date, tuple(parents.split()))

    def log(self, path: str, head: str, first_parent: bool = True) -> list[Commit]:
        """Commits on the first-parent line to `head` touching `path`, oldest
        first; with `first_parent=False`, on every line that reached it (the
        commits of merged branches too), a merge showing what it brought."""
        line = ("--first-parent",) if first_parent else ()
        output = self._run("log", *line, "--diff-merges=first-parent", "--no-renames", "--raw",
                           "--no-abbrev", "--reverse", "-z", "--format=%x1e%H%x1f%an%x1f%ae%x1f%cI%x1f%P",
                           head, "--", path)
        commits = []
        for record in output.split("\x1e")[1:]:
            header, _, raw = record.partition("\x00")
            sha, author, email, date, parents = header.split("\x1f")
            tokens = raw.lstrip("\n").split("\x00")
            changes = {}
            for meta, name in zip(tokens[0::2], tokens[1::2]):
                if not meta.startswith(":"):
                    continue
                _, _, _, new_blob, status = meta[1:].split(" ")
                changes[name] = None if status.startswith("D") else new_blob
            commits.append(Commit(sha, author, email, date, tuple(parents.split()), changes))
        return commits

    def file_states(self, path: str, head: str) -> tuple[list[tuple[Commit, str, str]], list[str]]:
        """Every state of one file on the first-parent line to `head`, oldest
        first, as (commit, path then, blob), following the file back across
        moves; and one note per move or place where following stopped.

        A move is a rename git detects (-M), or, where the new path was added
        and git paired nothing (a move that also rewrote the file, say HTML
        to Markdown), the one document deleted in the same commit."""
        output = self._run("log", "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev", "-z",
                           "--format=%x1e%H%x1f%an%x1f%ae%x1f%cI%x1f%P", head)
        tracked, states, notes = path.strip("/"), [], []
        for record in output.split("\x1e")[1:]:  # newest first
            header, _, raw = record.partition("\x00")
            sha, author, email, date, parents = header.split("\x1f")
            entries = _raw_entries(raw)
            change = next((e for e in entries if e[2] == tracked), None)
            if change is None:
                continue
            status, old_path, _, blob = change
            if status == "D":
                continue  # deleted here, so it was added again later (and followed from there)
            commit = Commit(sha, author, email, date, tuple(parents.split()), {tracked: blob})
            states.append((commit, tracked, blob))
            if status == "R":
                notes.append(f"{old_path} was moved to {tracked} in {sha[:10]}")
                tracked = old_path
            elif status == "A" and parents:
                deleted = [e[2] for e in entries if e[0] == "D" and PurePosixPath(e[2]).suffix.lower() in DOCUMENTS]
                if len(deleted) > 1:  # prefer the same name, then the same kind of file
                    deleted = ([d for d in deleted if PurePosixPath(d).name.lower() == PurePosixPath(tracked).name.lower()]
                               or [d for d in deleted if PurePosixPath(d).suffix == PurePosixPath(tracked).suffix]
                               or deleted)
                if len(deleted) == 1:
                    notes.append(f"{deleted[0]} was moved to {tracked} in {sha[:10]} (and rewritten)")
                    tracked = deleted[0]
                else:
                    if deleted:
                        notes.append(f"{tracked} was added in {sha[:10]}, which deleted {len(deleted)} documents; "
                                     "its history is followed no further back")
                    break
            elif status == "A":
                break
        return states[::-1], notes[::-1]

    def messages(self, shas: list[str]) -> dict[str, str]:
        """The whole message of each commit (sha -> text), in one git call."""
        if not shas:
            return {}
        output = self._run("log", "--no-walk=unsorted", "-z", "--format=%H%x1f%B", *shas, "--")
        return dict(record.lstrip("\n").split("\x1f", 1) for record in output.split("\x00") if "\x1f" in record)

    def changed_paths(self, base: str, head: str, folder: Path) -> list[str]:
        """Files that differ between two commits (`sha`s as `resolve` gives
        them) under `folder`, relative to it."""
        prefix = Path(folder).resolve().relative_to(self.root.resolve()).as_posix()
        relative = "--relative" if prefix == "." else f"--relative={prefix}/"
        output = self._run("diff", "--name-only", "-z", "--no-renames", relative, base, head, "--")
        return [path for path in output.split("\x00") if path]

    def read_blob(self, sha: str) -> bytes:
        """A blob's content through one persistent `git cat-file --batch`."""
        _, _, _, stream = self.repo.git.stream_object_data(sha)
        return stream.read()

    def tree(self, commit: str, path: str) -> dict[str, str]:
        """path -> blob of every file under `path` at `commit`."""
        output = self._run("ls-tree", "-r", "-z", "--full-tree", commit, "--", path)
        files = {}
        for entry in output.split("\x00"):
            if entry:
                meta, name = entry.split("\t", 1)
                mode, kind, sha = meta.split(" ")
                if kind == "blob":
                    files[name] = sha
        return files


def _raw_entries(raw: str) -> list[tuple[str, str, str, str | None]]:
    """(status letter, old path, new path, new blob or None) from `--raw -z` output."""
    tokens = raw.lstrip("\n").split("\x00")
    entries, index = [], 0
    while index < len(tokens):
        meta = tokens[index]
        if not meta.startswith(":"):
            index += 1
            continue
        _, _, _, new_blob, status = meta[1:].split(" ")
        letter = status[0]
        if letter in "RC":
            old_path, new_path = tokens[index + 1], tokens[index + 2]
            index += 3
        else:
            old_path = new_path = tokens[index + 1]
            index += 2
        entries.append((letter, old_path, new_path, None if letter == "D" else new_blob))
    return entries


def _explain(stderr: str, folder: str) -> str:
    text = " ".join(stderr.split())
    if "dubious ownership" in text:
        return (f"git refuses {folder}: it is owned by another user. If you trust it, run: "
                f"git config --global --add safe.directory {folder}")
    if "not a git repository" in text:
        return f"{folder} is not in a git repository (run git init, or pass --no-history)"
    return f"git failed: {text}"
