"""Reading source files safely: UTF-8 only, no symlinks out of the tree,
front matter split from the body with line numbers kept."""
from __future__ import annotations

import contextlib
import contextvars
import html
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import faults
from .problems import Problem
from .switches import MAX_FILE_KB, file_size_limit


class SourceError(Exception):
    """A file that cannot be read as text: its first problem, and every one
    when there are several of a kind (each hidden character)."""

    def __init__(self, problem: Problem, problems: list[Problem] | None = None):
        super().__init__(problem.format())
        self.problem = problem
        self.problems = problems or [problem]


SHOWN_PER_FILE = 20  # hidden characters listed one by one; past that, "and N more"


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that change what a reader sees without being seen: C1 controls
# (left by a wrong character conversion), bidi embeddings, overrides and
# isolates (U+202E shows "13" as "31": the diff and the detector compare
# "13"), and invisible spaces and joiners. Marks a right-to-left text needs
# (U+200E/U+200F, U+061C) and the joiners of scripts and emoji
# (U+200C/U+200D) are allowed. Noncharacters too: Unicode keeps them for a
# program's own use, and noticegen marks its own words with U+FDD0/U+FDD1 (fallback.py).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xfffe) + chr(plane + 0xffff) for plane in range(0, 0x110000, 0x10000))
HIDDEN = re.compile(r"[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e" + NONCHARACTERS + "]")


def hidden_problem(char: str) -> tuple[str, str]:
    """What a HIDDEN character is, and what to do about it."""
    code = ord(char)
    name = unicodedata.name(char, "")
    shown = f"U+{code:04X}{' ' + name if name else ''}"
    if 0x80 <= code <= 0x9f:
        return f"a C1 control character ({shown})", "delete it: it is invisible, usually left by a wrong character conversion"
    if 0x202a <= code <= 0x202e or 0x2066 <= code <= 0x2069:
        return (f"a bidi control character ({shown})", "delete it: it shows readers the text in another order "
                "than it is written and compared; right-to-left text may use U+200F RIGHT-TO-LEFT MARK")
    if 0xfdd0 <= code <= 0xfdef or code & 0xfffe == 0xfffe:
        return (f"a noncharacter ({shown})", "delete it: Unicode keeps it for programs' own use (noticegen "
                "marks its own words with it), so no text may carry it")
    return f"an invisible character ({shown})", "delete it: readers cannot see it, but it changes what is compared"


# A character reference writes the same characters: "&#x202E;" is U+202E on the page.
REFERENCE = re.compile(r"&(?:#[xX]0*[0-9A-Fa-f]{1,8}|#0*[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});")
# Direction marks are allowed, but not beside a digit: "‏13 - 25‏ months" shows "25 - 13".
MARK_BY_DIGIT = re.compile(r"[\u200e\u200f\u061c](?=[0-9])|(?<=[0-9])[\u200e\u200f\u061c]")


MARKS = "\u200e\u200f\u061c"
# git's conflict markers ("=======" alone is also Markdown's heading underline: not a marker on its own).
CONFLICT = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)", re.M)


def find_hidden(text: str) -> tuple[int, str, str] | None:
    """The first hidden character in `text`, written or as a character
    reference: (offset, character, as written), or None. A direction mark
    counts only beside a digit."""
    found = find_all_hidden(text, 1)
    return found[0] if found else None


def find_all_hidden(text: str, limit: int | None = None) -> list[tuple[int, str, str]]:
    """Every hidden character in `text` as find_hidden finds the first, in
    order; with `limit`, the first `limit` of them (each kind is searched
    that far, so a long file full of them costs no more than `limit`)."""
    found = []
    for pattern in (HIDDEN, MARK_BY_DIGIT):
        for count, match in enumerate(pattern.finditer(text)):
            if limit is not None and count == limit:
                break
            found.append((match.start(), match.group(), match.group()))
    references = 0
    for match in REFERENCE.finditer(text) if "&" in text else ():
        decoded = html.unescape(match.group())
        if len(decoded) != 1:
            continue
        by_digit = text[match.end():match.end() + 1].isdigit() or text[match.start() - 1:match.start()].isdigit()
        if HIDDEN.match(decoded) or (decoded in MARKS and by_digit):
            found.append((match.start(), decoded, match.group()))
            references += 1
            if limit is not None and references == limit:
                break
    return sorted(found)[:limit]


def hidden_problems(path: Path, text: str) -> list[Problem]:
    """A problem for each hidden character in `text` (the file at `path`),
    the first SHOWN_PER_FILE of them, then one line saying how many more."""
    found = find_all_hidden(text)
    problems = []
    for start, char, written in found[:SHOWN_PER_FILE]:
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        what, fix = hidden_message(char, written)
        problems.append(Problem(path, line, f"{what} at column {column}", fix, column=column))
    if len(found) > SHOWN_PER_FILE:
        start = found[SHOWN_PER_FILE][0]
        problems.append(Problem(path, text.count("\n", 0, start) + 1,
                                f"and {len(found) - SHOWN_PER_FILE} more hidden characters from this line on",
                                "delete them all: search the file for U+200B, U+202A to U+202E, U+2066 to U+2069 "
                                "and the other characters named above"))
    return problems


def hidden_message(char: str, written: str) -> tuple[str, str]:
    """What a hidden character found by find_hidden is, and what to do."""
    if char in MARKS:
        name = unicodedata.name(char, "")
        what = f"a direction mark (U+{ord(char):04X} {name}) beside a digit"
        fix = "delete it: beside a number it can show readers the digits or a range in another order"
    else:
        what, fix = hidden_problem(char)
    return (what + (f", written {written}" if written != char else "")), fix


def strip_hidden(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` without HIDDEN characters, and the (line, character) of each removed."""
    found = [(text.count("\n", 0, match.start()) + 1, match.group()) for match in HIDDEN.finditer(text)]
    text = HIDDEN.sub("", text) if found else text

    def reference(match: re.Match) -> str:
        decoded = html.unescape(match.group())
        if len(decoded) == 1 and HIDDEN.match(decoded):
            found.append((text.count("\n", 0, match.start()) + 1, decoded))
            return ""
        return match.group()
    text = REFERENCE.sub(reference, text) if "&" in text else text
    return text, sorted(found, key=lambda item: item[0])


# Versions already committed are read whole: the limit is for what an author writes next (check
# refuses it in the working tree, review in a pull request's commit), and a version published
# before it, which no commit can change, must not stop every later check.
_COMMITTED = contextvars.ContextVar("noticegen_committed_versions", default=False)


@contextlib.contextmanager
def committed_versions():
    """Reading the notice's history: files over the size limit are read."""
    token = _COMMITTED.set(True)
    try:
        yield
    finally:
        _COMMITTED.reset(token)


def size_problem(path: Path, size: int, fix: str = "shorten it") -> Problem | None:
    """A file of the notice larger than the limit (NOTICEGEN_MAX_FILE_KB):
    refused before it is read, so that no reader spends minutes on it."""
    limit = file_size_limit()
    if size <= limit:
        return None
    shown = f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{-(-size // 1024)} KB"
    return Problem(path, 0, f"is {shown}, over the {limit // 1024} KB limit for one file of the notice (a whole "
                   "real notice is 60 KB at most; a 5 MB section made a build take 53 s and 555 MB)",
                   f"{fix}; if it must be this long, set {MAX_FILE_KB}={-(-size // 1024)} where noticegen runs, "
                   "CI included")


def read_text(path: Path, root: Path) -> str:
    """The file's text; raises SourceError for anything but a regular file
    (a folder, a pipe that would never end, a symlink loop), a symlink
    leaving `root`, a file that is not UTF-8 (pointing at the line of the
    first bad byte) or one holding control characters (a NUL would reach
    the page)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise SourceError(Problem(path, 0, "symlink that leads nowhere (missing, or a loop)",
                                  "replace the link by the file itself")) from None
    # The file itself or a folder on its way may be a link: where it really is counts.
    if not target.is_relative_to(root.resolve()):
        raise SourceError(Problem(path, 0, f"symlink points outside {root.name}/ (to {target})",
                                  "copy the file into the folder instead of linking to it"))
    try:
        info = path.stat()
    except OSError as exc:
        raise SourceError(Problem(path, 0, f"cannot be read ({exc.strerror})", "check the file's permissions")) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise SourceError(Problem(path, 0, f"is {kind}, where noticegen expects a text file",
                                  "rename or move it out of notices/"))
    fix = "split it into smaller sections, a file each" if path.suffix == ".md" else "shorten it"
    if not _COMMITTED.get() and (too_large := size_problem(path, info.st_size, fix)):
        raise SourceError(too_large)
    faults.point(f"source-sized:{path.name}")
    committed = _COMMITTED.get()
    try:
        # No more than the limit allows: a file may grow after its size was taken.
        with path.open("rb") as handle:
            data = handle.read() if committed else handle.read(file_size_limit() + 1)
    except OSError as exc:
        raise SourceError(Problem(path, 0, f"cannot be read ({exc.strerror})", "check the file's permissions")) from None
    if not committed and (too_large := size_problem(path, max(len(data), path.stat().st_size), fix)):
        raise SourceError(too_large)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                  "save the file as UTF-8 in your editor")) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise SourceError(Problem(path, line, f"a control character (U+{ord(control.group()):04X}) at column "
                                  f"{column}", "delete it; your editor may show it as ^@ or a box"))
    if find_hidden(text):
        problems = hidden_problems(path, text)
        raise SourceError(problems[0], problems)
    if conflict := CONFLICT.search(text):
        line = text.count("\n", 0, conflict.start()) + 1
        raise SourceError(Problem(path, line, "an unresolved merge-conflict marker: both sides would be published",
                                  "resolve the conflict: keep the text you mean and delete the <<<<<<<, ======= "
                                  "and >>>>>>> lines"))
    return text


@dataclass(frozen=True)
class Split:
    front_matter: str | None  # None when the file has none
    front_matter_line: int  # file line of the first front-matter line
    body: str
    body_line: int  # file line of the first body line


def split_front_matter(text: str) -> Split:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, 0, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    return Split(None, 0, text, 1)  # an opening --- alone is just a rule
