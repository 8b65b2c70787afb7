"""Whether a Markdown text would show on GitHub as text and nothing else:
no link, image, raw HTML, math, diagram or map, no mention of a person or
a team and no reference to an issue, which is how `review.md_text` and
`review.md_code` keep author text in the review report.

A report read from a pull request's artefact (review_artifact) may have
been written by the pull request's own code, to be posted by the workflow's
account: an image that tells its server who read the pull request and when,
a link dressed as a sign-off, `@acme/legal` paging a team. What noticegen
review writes never holds one, so the first one found is refused.

A lexical reading, stricter than GitHub's parser wherever the two could
differ: a code span (the only place syntax is shown as written) counts only
on one line, closed, and without a pipe a table row would split it at; a
backtick that opens none, a tag other than <sub> and </sub>, a character
reference other than &amp; &lt; &gt;, an unescaped [ ] $ ~, a colon that
starts an address and www. are refused wherever they are. Mentions and
issue references are looked for as GitHub does, in the text as shown
(escapes undone, references decoded), outside code.
"""
from __future__ import annotations

import re
import string

ESCAPABLE = frozenset(string.punctuation)  # CommonMark: a backslash escapes ASCII punctuation only
TAGS = ("<sub>", "</sub>")  # review.render's footer; any other tag, or an <autolink>, is refused
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}  # what md_text writes
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
BACKTICKS = re.compile(r"`+")
NEVER = {"[": "a [ (a link, an image, a footnote or an alert)", "]": "a ] (a link, an image or a footnote)",
         "$": "a $ (GitHub's math)", "~": "a ~ (a struck-through text, or a fence for a diagram or a map)"}
# A colon followed by anything but a space, a line's end or the ** of a label starts an address
# (https://, mailto:, xmpp:) or an emoji: md_text escapes every colon of author text.
COLON_ENDS = frozenset(" \t\n*")
CONTAINER = frozenset(" \t>-*+.)0123456789")  # what may come before an HTML block's tag on its line
MENTION = re.compile(r"\w")  # after @ or #: GitHub's mention or issue link (md_text puts a word joiner there)


def first_active(text: str) -> tuple[int, str] | None:
    """(offset, what) of the first thing GitHub would make more than text, or None."""
    shown: list[str] = []  # the text as GitHub's filters see it, outside code
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in ESCAPABLE:
            char, step = text[i + 1], 2
        elif char == "`":
            run = BACKTICKS.match(text, i)
            end = _closing(text, run.end(), len(run[0]))
            if end is None:
                return i, "a ` that opens no code span on its line (a span across lines, or a fence: a map, a diagram)"
            if _bare_pipe(text[run.end():end]):
                return i, "a | in a code span, which a table row splits the span at"
            shown.append(" ")
            i = end + len(run[0])
            continue
        elif char == "<":
            tag = next((t for t in TAGS if text.startswith(t, i)), None)
            if tag is None:
                return i, "raw HTML or an <autolink>"
            if _starts_html_block(text, i, tag):
                return i, f"{tag} alone on its line (an HTML block, in which escapes do not count)"
            i += len(tag)
            continue
        elif char == "&":
            entity = ENTITY.match(text, i)
            if entity and entity[0] not in ENTITIES:
                return i, f"the character reference {entity[0][:12]!r}"
            if entity:
                char, step = ENTITIES[entity[0]], len(entity[0])
            else:
                step = 1
        elif char in NEVER:
            return i, NEVER[char]
        elif char == ":" and i + 1 < n and text[i + 1] not in COLON_ENDS:
            return i, "a colon that starts an address (https:, mailto:) or an emoji"
        elif char == "@" and text[i + 1:i + 2] in (".", "-", "_", "+"):
            return i, "an @ before an address's dot, dash or underscore (GitHub makes an email address a link)"
        elif char == "." and "".join(shown[-3:]).lower() == "www":
            return i - 3, "www. (GitHub makes it a link)"
        else:
            step = 1
        if shown and shown[-1] in "@#" and MENTION.match(char):
            return i - 1, f"{shown[-1]}{char}... (a mention, or a link to an issue)"
        shown.append(char)
        i += step
    return None


def _closing(text: str, start: int, length: int) -> int | None:
    """Where the run of exactly `length` backticks closing a code span begins, on the same line."""
    line_end = text.find("\n", start)
    for run in BACKTICKS.finditer(text, start, line_end if line_end >= 0 else len(text)):
        if len(run[0]) == length:
            return run.start()
    return None


def _bare_pipe(inside: str) -> bool:
    """A | not escaped by an odd number of backslashes: a table row's cell boundary, code span or not."""
    for at, char in enumerate(inside):
        if char == "|" and (at - len(inside[:at].rstrip("\\"))) % 2 == 0:
            return True
    return False


def _starts_html_block(text: str, at: int, tag: str) -> bool:
    """The tag with nothing but container marks before it and blanks after it on its line: CommonMark's
    HTML block (type 7), whose lines GitHub passes on as HTML, escapes and all."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    after = text[at + len(tag):end if end >= 0 else len(text)]
    return all(c in CONTAINER for c in text[start:at]) and not after.strip(" \t")
