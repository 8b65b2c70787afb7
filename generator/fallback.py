"""noticegen's own words that fell back to English on a page in another
language (issue 16): marked while pages are composed, and at each output
either said to be English (`lang="en"`, for a screen reader's voice) or
made plain.

`i18n.t()` gives a message with no translation as its English, each run of
words between two noncharacters (U+FDD0 ... U+FDD1, which Unicode keeps for
a program's internal use, so no text carries them). Only the words are
marked, never the `{placeholders}`: what `.format()` puts in (a title, a
date as Babel writes it in the page's language, a link) stays outside, and
so does Markdown's syntax (`[`, `](target)`, a heading's `#`), so the marks
change nothing Markdown reads. Concatenation, `format`, `html.escape`,
Markdown and JSON (without ensure_ascii) all carry the marks along, so each
output has one place that reads them:

- HTML (`html`): each marked run of a text becomes `<span lang="en">`,
  one per text between two tags, so it nests whatever the markup around
  it; inside a tag (`title=`, `aria-label=`, `data-label=`) and in
  elements whose content is text only (`<title>`, `<option>`, scripts)
  the marks are dropped. The Markdown converter does it before the
  allow-list (safety.py), the frame and page mend for what the theme puts
  around it (navigation, table of contents, the tab's title).
- anything else (`plain`): JSON, Atom, emails, PDF metadata.
"""
from __future__ import annotations

import functools
import re

OPEN, CLOSE = "\ufdd0", "\ufdd1"
LANGUAGE = "en"  # what noticegen's words fall back to
MARKS = re.compile(f"[{OPEN}{CLOSE}]")

# What is not words in a message: format fields, Markdown link syntax, HTML tags, emphasis, a heading's #.
_SYNTAX = re.compile(r"\{\{|\}\}|\{[^{}]*\}|\]\([^)]*\)|[\[\]]|<[^>]*>|\*+|`+|^#{1,6}[ ]+")
_WORD = re.compile(r"\w")

# A page's markup: comments, elements with text-only content, tags (quoted values may hold >), the rest is text
# (material_words reads a page by it too).
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
TOKEN = re.compile(r"<!--.*?-->|<(script|style|title|textarea|option)\b" + _ATTRIBUTES + r">.*?</\1\s*>"
                    r"|</?[A-Za-z]" + _ATTRIBUTES + r">|<[!?][^>]*>", re.S | re.I)


@functools.lru_cache(maxsize=4096)
def marked(message: str) -> str:
    """`message` (English) with each run of its words marked as fallen back."""
    pieces, start = [], 0
    for match in _SYNTAX.finditer(message):
        pieces += [_words(message[start:match.start()]), match.group(0)]
        start = match.end()
    pieces.append(_words(message[start:]))
    return "".join(pieces)


def _words(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if has_words(text) else text


def has_words(text: str) -> bool:
    """Whether `text` holds a word to mark ("." does not)."""
    return _WORD.search(text) is not None


def has_marks(text: str) -> bool:
    return OPEN in text or CLOSE in text


def plain(text: str) -> str:
    """The words without their marks (JSON, XML, emails, attributes)."""
    return MARKS.sub("", text) if has_marks(text) else text


def capitalized(text: str) -> str:
    """The first letter in upper case, past any mark before it."""
    lead = len(text) - len(text.lstrip(OPEN + CLOSE))
    return text[:lead] + text[lead:lead + 1].upper() + text[lead + 1:]


def html(markup: str) -> str:
    """`markup` with every marked run of a text in `<span lang="en">`, and
    the marks dropped where an element cannot go (tags, text-only elements).
    Adds nothing else: no text moves into or out of a tag."""
    if not has_marks(markup):
        return markup
    out, depth, start = [], 0, 0
    for match in TOKEN.finditer(markup):
        depth = _text(markup[start:match.start()], depth, out)
        out.append(plain(match.group(0)))
        start = match.end()
    _text(markup[start:], depth, out)
    return "".join(out)


def _text(text: str, depth: int, out: list[str]) -> int:
    """A text between two tags, its marked runs in spans; returns how many
    marks are open after it (a run may go on past a tag: a link in a sentence)."""
    for piece in re.split(f"([{OPEN}{CLOSE}])", text):
        if piece == OPEN:
            depth += 1
        elif piece == CLOSE:
            depth = max(0, depth - 1)
        elif depth and piece.strip():
            out.append(f'<span lang="{LANGUAGE}">{piece}</span>')
        else:
            out.append(piece)
    return depth
