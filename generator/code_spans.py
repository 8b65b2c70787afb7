"""Code spans where Python-Markdown finds them: inside one block (a
paragraph, a list item, a heading, a quote's paragraph) and across its
line breaks, with Python-Markdown's own pairing of backtick runs.

`check` reads a section line by line, and took a code span to end at the
end of its line: "`<b" on one line and "</b>` <script>...`" on the next is
one span then a script to Markdown, but a line-by-line reading saw a
dangling backtick, then a span hiding the script (the sanitiser dropped it
from the page without a word). `masked_lines` gives each line with what is
inside a span blanked out, columns kept, for the line-by-line checks.
"""
from __future__ import annotations

import re

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)

# Python-Markdown's block starts (blockprocessors.py), read on a line without its quote marker.
HEADING = re.compile(r"#{1,6}")
SETEXT_UNDERLINE = re.compile(r"[=-]+[ ]*$")
RULE = re.compile(r"[ ]{0,3}(?:(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*$")
LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
ORDERED = re.compile(r"[ ]{0,3}\d+\.[ ]+")
UNORDERED = re.compile(r"[ ]{0,3}[*+-][ ]+")
INDENTED_ITEM = re.compile(r"[ ]{4,7}(?:[*+-]|\d+\.)[ ]+")
QUOTE = re.compile(r"[ ]{0,3}>[ ]?")


def masked_lines(text: str) -> list[str]:
    """`text`'s lines, each character inside a code span (its backticks
    included) replaced by a space. The site's Markdown has no fenced
    blocks: a ``` fence is a code span too, which a blank line ends."""
    lines = text.split("\n")
    if "`" not in text:
        return lines
    blocks, block = [], []
    for index, line in enumerate(lines):
        if not line.strip():
            if block:
                blocks.append(block)
            block = []
        else:
            block.append((index, 0))
    if block:
        blocks.append(block)
    masked = list(lines)
    for block in blocks:
        for chunk in _inline_runs(lines, block):
            _mask(lines, masked, chunk)
    return masked


def _inline_runs(lines: list[str], block: list[tuple[int, int]]):
    """The runs of `block` (line index, column where its content starts)
    that Python-Markdown reads as one inline text."""
    if not block:
        return
    content = [lines[index][start:] for index, start in block]
    for number, text in enumerate(content):  # a heading or a rule anywhere splits the block around it
        if HEADING.match(text) or RULE.match(text):
            yield from _inline_runs(lines, block[:number])
            yield block[number:number + 1]
            yield from _inline_runs(lines, block[number + 1:])
            return
    if len(block) > 1 and SETEXT_UNDERLINE.match(content[1]):
        yield block[:1]
        yield from _inline_runs(lines, block[2:])
        return
    if LIST_ITEM.match(content[0]):  # a list (sane_lists): its items, each a text of its own, parsed again
        child = ORDERED if ORDERED.match(content[0]) else UNORDERED
        items, indented = [], []
        for (index, start), text in zip(block, content):
            if marker := child.match(text):
                items.append([(index, start + marker.end())])
                indented.append(False)
            elif INDENTED_ITEM.match(text) and not (indented and indented[-1]):
                items.append([(index, start + len(text) - len(text.lstrip(" ")))])  # a nested list
                indented.append(True)
            else:
                items[-1].append((index, start))  # the item's next line (a nested item's too)
        for item in items:
            yield from _inline_runs(lines, item)
        return
    quoted = next((number for number, text in enumerate(content) if QUOTE.match(text)), None)
    if quoted is not None:  # the lines before are a paragraph; from the first > on, all are the quote's
        yield from _inline_runs(lines, block[:quoted])
        inner, paragraph = [], []
        for index, start in block[quoted:]:
            marker = QUOTE.match(lines[index][start:])
            start += marker.end() if marker else 0
            if not lines[index][start:].strip():  # a > line alone: a blank line inside the quote
                inner.append(paragraph)
                paragraph = []
            else:
                paragraph.append((index, start))
        for paragraph in [*inner, paragraph]:
            yield from _inline_runs(lines, paragraph)
        return
    yield block


def _mask(lines: list[str], masked: list[str], chunk: list[tuple[int, int]]) -> None:
    text = "\n".join(lines[index][start:] for index, start in chunk)
    if "`" not in text:
        return
    where, offset = [], 0  # chunk offset -> (line index, column)
    for index, start in chunk:
        where.append((offset, index, start))
        offset += len(lines[index]) - start + 1
    for begin, stop in _spans(text):
        for first, index, start in where:
            length = len(lines[index]) - start
            low, high = max(begin, first), min(stop, first + length)
            if low < high:
                row = masked[index]
                masked[index] = row[:start + low - first] + " " * (high - low) + row[start + high - first:]


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span in one inline text, as
    BacktickInlineProcessor pairs them (a run of n backticks closes on the
    next run of n, or falls back to a shorter one)."""
    spans, position = [], 0
    while (match := _BACKTICKS.compiled_re.search(text, position)) is not None:
        if match.group(1):  # escaped backslashes before a backtick: the backtick opens a span after them
            # Python-Markdown puts a placeholder in their place, so the backtick is no longer escaped.
            text = text[:match.start(1)] + "\x02" * len(match.group(1)) + text[match.end(1):]
            position = match.end()
            continue
        begin = match.start(0)
        start, end = _BACKTICKS.find_code_spans(begin, text)
        if end is None:
            position = start
            continue
        stop = end + (start - begin)
        spans.append((begin, stop))
        position = stop
    return spans
