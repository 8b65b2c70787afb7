"""What changed between two versions of the notice, section by section.

Sections are matched by id, so a renamed file or a new title is still the
same section. Within a section the text is diffed word by word with
diff-match-patch: tokens (words, spaces, punctuation) are mapped to single
characters, diffed with no time limit (a timed-out diff is silently wrong),
then cleaned up semantically so edits read as phrases, not letters.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch

from . import cache
from .pages import SiteText

DELETE, EQUAL, INSERT = -1, 0, 1
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)  # words, runs of space, single marks
KINDS = ("added", "removed", "changed", "moved", "unchanged")


@dataclass(frozen=True)
class SectionDiff:
    id: str
    kind: str  # one of KINDS ("moved": same text, new place; changed may also be moved)
    old_title: str
    new_title: str
    old_text: str
    new_text: str
    moved: bool = False
    material: bool = False  # the section is marked `material` (any change counts)
    # On a translated page, the language of a side shown in the source language (no translation); "" otherwise
    old_language: str = ""
    new_language: str = ""

    @property
    def title(self) -> str:
        return self.new_title or self.old_title

    @functools.cached_property
    def ops(self) -> tuple[tuple[int, str], ...]:
        """(DELETE|EQUAL|INSERT, text) over the Markdown source (JSON, CLI)."""
        return stored_word_diff(self.old_text, self.new_text)

    @functools.cached_property
    def reading_ops(self) -> tuple[tuple[int, str], ...]:
        """The same over the reading text (the redline pages)."""
        if self.kind not in ("added", "removed", "changed"):
            return ()
        return stored_word_diff(reading_text(self.old_text), reading_text(self.new_text))

    @property
    def language(self) -> str:
        """The language of the whole block, when every side shown is in the
        same language other than the page's (else "": the page's, or mixed)."""
        sides = ([self.old_language] if self.kind != "added" else []) + \
            ([self.new_language] if self.kind != "removed" else [])
        return sides[0] if sides and len(set(sides)) == 1 else ""

    @property
    def title_language(self) -> str:
        """The language of `title` (the new side's, if there is one)."""
        return self.old_language if self.kind == "removed" else self.new_language

    @property
    def inserted(self) -> list[str]:
        return [text for op, text in self.ops if op == INSERT]

    @property
    def deleted(self) -> list[str]:
        return [text for op, text in self.ops if op == DELETE]


@dataclass(frozen=True)
class NoticeDiff:
    old: SiteText
    new: SiteText
    sections: tuple[SectionDiff, ...]
    meta: dict = field(default_factory=dict)

    @property
    def changed(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.kind != "unchanged"]


def stored_word_diff(old: str, new: str) -> tuple[tuple[int, str], ...]:
    """word_diff, kept in the persistent cache (generator/cache.py) when a
    build has switched it on. An entry is used only if its ops rebuild both
    texts exactly."""
    if old == new:
        return tuple(word_diff(old, new))  # nothing to save
    return cache.cached("diffs", ("words", old, new), lambda: tuple(word_diff(old, new)),
                        encode=lambda ops: [[op, text] for op, text in ops],
                        decode=lambda data: _checked_ops(data, old, new))


def _checked_ops(data, old: str, new: str) -> tuple[tuple[int, str], ...]:
    ops = tuple((op, text) for op, text in data)
    if any(type(op) is not int or op not in (DELETE, EQUAL, INSERT) or not isinstance(text, str) for op, text in ops):
        raise ValueError("not word-diff ops")
    if "".join(t for op, t in ops if op != INSERT) != old or "".join(t for op, t in ops if op != DELETE) != new:
        raise ValueError("ops of other texts")
    return ops


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """Word-level diff; joining the EQUAL and INSERT parts gives `new`,
    the EQUAL and DELETE parts give `old`.

    Lines first, then words within each replaced run of lines (diff-match-
    patch's line mode, with words as the second level): exact, and fast even
    when a long text was rewritten, where one word-level pass is O(N*D)."""
    if old == new:
        return [(EQUAL, old)] if old else []
    result: list[tuple[int, str]] = []
    deleted, inserted = "", ""
    # No clean-up at line level: every unchanged line is an anchor.
    for op, text in _diff_tokens(_lines(old), _lines(new), cleanup=False):
        if op == DELETE:
            deleted += text
        elif op == INSERT:
            inserted += text
        else:
            result += _replaced(deleted, inserted)
            deleted, inserted = "", ""
            result.append((EQUAL, text))
    result += _replaced(deleted, inserted)
    merged: list[tuple[int, str]] = []
    for op, text in result:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return _shared_space_out(merged)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _replaced(deleted: str, inserted: str) -> list[tuple[int, str]]:
    if deleted and inserted:
        return _diff_tokens(TOKEN.findall(deleted), TOKEN.findall(inserted))
    return [(DELETE, deleted)] if deleted else [(INSERT, inserted)] if inserted else []


def _diff_tokens(old_tokens: list[str], new_tokens: list[str], cleanup: bool = True) -> list[tuple[int, str]]:
    """Diff two token lists: each distinct token becomes one character."""
    codes: dict[str, str] = {}
    table: list[str] = []

    def encode(tokens: list[str]) -> str:
        out = []
        for token in tokens:
            if token not in codes:
                codes[token] = chr(len(table) + 0x100)  # past the control characters
                table.append(token)
            out.append(codes[token])
        return "".join(out)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # never cut a diff short
    diffs = engine.diff_main(encode(old_tokens), encode(new_tokens), False)
    if cleanup:
        engine.diff_cleanupSemantic(diffs)
    return [(op, "".join(table[ord(c) - 0x100] for c in chars)) for op, chars in diffs if chars]


def _shared_space_out(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """`[-extensive -]{+reasonable +}` -> `[-extensive-]{+reasonable+} `:
    a space that ends both sides of a replacement is in both texts."""
    result = list(ops)
    for index in range(len(result) - 1):
        (op1, a), (op2, b) = result[index], result[index + 1]
        if {op1, op2} != {DELETE, INSERT}:
            continue
        space = re.search(r"\s+$", a)
        if not space or not b.endswith(space.group()) or len(space.group()) in (len(a), len(b)):
            continue
        tail = space.group()
        result[index], result[index + 1] = (op1, a[: -len(tail)]), (op2, b[: -len(tail)])
        if index + 2 < len(result) and result[index + 2][0] == EQUAL:
            result[index + 2] = (EQUAL, tail + result[index + 2][1])
        else:
            result.insert(index + 2, (EQUAL, tail))
    return result


def apply(old: str, ops) -> str:
    """Rebuild the new text from the old one and the ops (used by tests)."""
    out, position = [], 0
    for op, text in ops:
        if op == EQUAL:
            assert old[position:position + len(text)] == text
            out.append(text)
            position += len(text)
        elif op == DELETE:
            assert old[position:position + len(text)] == text
            position += len(text)
        else:
            out.append(text)
    assert position == len(old)
    return "".join(out)


def _parts(text: SiteText) -> list[tuple[str, str, str]]:
    """(id, title, words) of each text; a translation's words without the
    note noticegen puts on a stale or missing one (not the author's text)."""
    preamble = text.notice.preamble
    parts = [("preamble", "Introduction", preamble.words(text.preamble) if preamble else text.preamble)] \
        if text.preamble else []
    return parts + [(section.id, section.title, section.words(body)) for section, body in text.sections]


def _languages(text: SiteText) -> dict[str, str]:
    """The sections a translated page shows in another language (the source's): id -> language."""
    return {section.id: section.source_language for section, _ in text.sections
            if section.source_language and section.source_language != text.site.language}


def _material(text: SiteText) -> set[str]:
    return {section.id for section, _ in text.sections if section.material}


def diff_notices(old: SiteText, new: SiteText) -> NoticeDiff:
    before = {pid: (title, body) for pid, title, body in _parts(old)}
    after_parts = _parts(new)
    after = {pid: (title, body) for pid, title, body in after_parts}
    common_old = [pid for pid, _, _ in _parts(old) if pid in after]
    common_new = [pid for pid, _, _ in after_parts if pid in before]
    in_place = set(_longest_common_subsequence(common_old, common_new))
    material = _material(old) | _material(new)
    old_languages, new_languages = _languages(old), _languages(new)
    sections = []
    # New order first; removed sections where they used to be, after their predecessor.
    order = [pid for pid, _, _ in after_parts]
    for index, (pid, _, _) in enumerate(_parts(old)):
        if pid not in after:
            previous = [p for p, _, _ in _parts(old)[:index] if p in order]
            order.insert(order.index(previous[-1]) + 1 if previous else 0, pid)
    for pid in order:
        old_title, old_text = before.get(pid, ("", ""))
        new_title, new_text = after.get(pid, ("", ""))
        moved = pid in before and pid in after and pid not in in_place
        if pid not in before:
            kind = "added"
        elif pid not in after:
            kind = "removed"
        elif old_text != new_text or old_title != new_title:
            kind = "changed"
        else:
            kind = "moved" if moved else "unchanged"
        sections.append(SectionDiff(pid, kind, old_title, new_title, old_text, new_text, moved,
                                    pid in material, old_languages.get(pid, ""), new_languages.get(pid, "")))
    meta = {"from": _version_info(old), "to": _version_info(new)}
    return NoticeDiff(old, new, tuple(sections), meta)


def cached_diff(cache: dict, before, after) -> NoticeDiff:
    """The diff of two versions (history.SiteVersion), computed once per pair
    of texts: sites that show the same texts share it."""
    key = (before.fingerprint, after.fingerprint)
    if key not in cache:
        cache[key] = diff_notices(before.text, after.text)
    return cache[key]


def _version_info(text: SiteText) -> dict:
    meta = text.notice.meta
    return {"version": meta.version, "effective": meta.effective.isoformat(), "summary": meta.summary}


def _longest_common_subsequence(a: list[str], b: list[str]) -> list[str]:
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            lengths[i + 1][j + 1] = lengths[i][j] + 1 if x == y else max(lengths[i][j + 1], lengths[i + 1][j])
    result, i, j = [], len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1]:
            result.append(a[i - 1])
            i, j = i - 1, j - 1
        elif lengths[i - 1][j] >= lengths[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return result[::-1]


# Output ---------------------------------------------------------------------

def to_json(diff: NoticeDiff) -> dict:
    return {
        **diff.meta,
        "sections": [{
            "id": s.id, "title": s.title, "kind": s.kind, "moved": s.moved,
            "old_title": s.old_title, "new_title": s.new_title,
            "inserted": s.inserted, "deleted": s.deleted,
        } for s in diff.sections],
    }


def to_text(diff: NoticeDiff, sides: tuple[str, str] | None = None) -> str:
    """git --word-diff style: [-deleted-]{+inserted+}, changed sections only,
    under a line naming the two sides (`sides`, else their version numbers)."""
    old, new = sides or (f"version {diff.meta['from']['version']} ({diff.meta['from']['effective']})",
                         f"version {diff.meta['to']['version']} ({diff.meta['to']['effective']})")
    lines = [f"{old[:1].upper()}{old[1:]} -> {new}"]
    if not diff.changed:
        lines.append("No change in the text.")
    for section in diff.changed:
        title = section.title if section.old_title in ("", section.new_title) else \
            f"{section.old_title} -> {section.new_title}"
        lines.append(f"\n## {title} [{section.kind}{', moved' if section.moved and section.kind != 'moved' else ''}]")
        if section.kind in ("changed", "added", "removed"):
            lines.append("".join(text if op == EQUAL else f"[-{text}-]" if op == DELETE else f"{{+{text}+}}"
                                 for op, text in section.ops))
    return "\n".join(lines) + "\n"


# A destination may hold balanced parentheses (CommonMark): `(…/Foo_(bar))`
# ended at the first `)`, and the reading text kept a stray ")".
LINK = re.compile(r"\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s[^)]*)?\)")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^}]*\}")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
# A character reference as CommonMark reads one (the `;` required): the reader sees the character.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def reading_text(markdown: str) -> str:
    """The words a reader sees: links as their text, no attribute lists or
    emphasis marks, character references as their characters. List markers
    and ### stay (the redline renders them)."""
    text = LINK.sub(r"\1", markdown)
    text = AUTOLINK.sub(r"\1", text)
    text = ATTRIBUTES.sub("", text)
    text = EMPHASIS.sub("", text)
    # `&lt;b&gt;` reads "<b>" on the notice; the redlines (escaped where
    # they are written) showed counsel and visitors "&lt;b&gt;".
    text = CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    return re.sub(r"^(\s*)\d+\.\s+", r"\1- ", text, flags=re.M)


def ops_html(ops, old_language: str = "", new_language: str = "") -> str:
    """The redline of one section from reading-text ops: paragraphs, list
    items and sub-headings kept, <ins>/<del> marked. All text is escaped
    here; nothing of the author's passes raw. `old_language`/`new_language`:
    the `lang` of deleted/inserted words in another language than the page's."""
    lines: list[list[tuple[int, str]]] = [[]]
    for op, text in ops:
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    html_blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            html_blocks.append(f"<p>{' '.join(paragraph)}</p>")
            paragraph.clear()
        if items:
            html_blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for segments in lines:
        plain = "".join(text for _, text in segments)
        if not plain.strip():
            flush()
            continue
        kind, segments = _line_kind(segments)
        rendered = _marked(segments, {DELETE: old_language, INSERT: new_language}).strip()
        if kind == "item":
            if paragraph:
                flush()
            items.append(rendered)
        elif kind == "heading":
            flush()
            html_blocks.append(f"<h3>{rendered}</h3>")
        else:
            if items:
                flush()
            paragraph.append(rendered)
    flush()
    return "\n".join(html_blocks)


def _line_kind(segments):
    """'item', 'heading' or 'text', with the line's marker removed."""
    if segments:
        op, text = segments[0]
        for kind, marker in (("item", re.compile(r"^\s*[-*+]\s+")), ("heading", re.compile(r"^#{3,6}\s+"))):
            match = marker.match(text)
            if match:
                rest = text[match.end():]
                return kind, ([(op, rest)] if rest else []) + list(segments[1:])
    return "text", segments


def _marked(segments, languages: dict | None = None) -> str:
    """A line's segments marked up; a deletion right beside an insertion
    gets a space between them, so copied text does not run the two together."""
    parts, previous = [], None
    for op, text in segments:
        if previous and {previous[0], op} == {DELETE, INSERT} and not previous[1][-1:].isspace() \
                and not text[:1].isspace():
            parts.append(" ")
        parts.append(_mark(op, text, (languages or {}).get(op, "")))
        previous = (op, text)
    return "".join(parts)


def _mark(op: int, text: str, language: str = "") -> str:
    escaped = html.escape(text)
    lang = f' lang="{html.escape(language)}"' if language else ""
    if op == INSERT:
        return f'<ins class="notice-ins"{lang}>{escaped}</ins>'
    if op == DELETE:
        return f'<del class="notice-del"{lang}>{escaped}</del>'
    return escaped
