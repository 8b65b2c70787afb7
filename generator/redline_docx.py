"""The redline of one site as a Word document with real tracked changes,
for reviewers who work in Word: accepting every change gives the new text,
rejecting every change the old one.

python-docx builds the document (its template brings the styles Word and
LibreOffice know: Title, Heading 1-3, List Bullet 1-3); it has no API for
tracked changes, so the revisions are written with its lxml layer
(`docx.oxml`): `w:ins` around inserted runs, `w:del` with `w:delText`
around deleted ones, `w:ins`/`w:del` in a paragraph mark's `w:rPr` when a
paragraph break was added or removed, and `w:pPrChange` when a paragraph's
style changed (a sentence that became a list item). Every revision is
authored by the HEAD commit's author and dated by its commit date.

The text is the reading text of noticegen's own section diff
(`diff.SectionDiff.reading_ops`): links as their words, no emphasis marks;
list markers and `###` become paragraph styles. A section that moved is
deleted where it was and inserted where it is, so rejecting restores the old
order too.

Same inputs, same bytes: no clock (dates from the commit), revision ids
counted from 1, zip entries with the commit's timestamp.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic
from .diff import DELETE, EQUAL, INSERT, NoticeDiff, reading_text, word_diff

HEADING_LINE = re.compile(r"^[ \t]*(#{1,6})[ \t]+")
ITEM_LINE = re.compile(r"^([ \t]*)[-*+][ \t]+")
LEADING_SPACE = re.compile(r"^[ \t]*")
# Characters XML 1.0 cannot hold (notices refuse control characters; a Markdown file may not).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

STYLES = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3",
          "item0": "List Bullet", "item1": "List Bullet 2", "item2": "List Bullet 3", "text": "Normal"}
HEADINGS = {"title", "h1", "h2", "h3"}
# Children of w:settings that come after w:trackRevisions (ECMA-376 order).
AFTER_TRACK_REVISIONS = ("w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
                         "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
                         "w:autoHyphenation", "w:characterSpacingControl", "w:savePreviewPicture", "w:compat",
                         "w:rsids")


@dataclass
class Paragraph:
    """One paragraph of the document: runs of (op, text), and its mark (the
    paragraph break) as EQUAL, INSERT or DELETE, with the paragraph's kind
    in the old and in the new text."""

    runs: list[tuple[int, str]] = field(default_factory=list)
    mark: int = EQUAL
    old_kind: str | None = None
    new_kind: str | None = None


def paragraphs(diff: NoticeDiff) -> list[Paragraph]:
    """The document's paragraphs: every character of the old and new texts
    exactly once, so accepting all gives the new text and rejecting all the old."""
    chars = [(op, char) for op, text in _stream(diff) for char in text]
    old_roles, old_kinds, old_end = _view(chars, (EQUAL, DELETE))
    new_roles, new_kinds, new_end = _view(chars, (EQUAL, INSERT))
    result: list[Paragraph] = []
    current = Paragraph()

    def emit(in_old: bool, in_new: bool, text: str) -> None:
        op = EQUAL if in_old and in_new else DELETE if in_old else INSERT if in_new else None
        if op is None:
            return
        if current.runs and current.runs[-1][0] == op:
            current.runs[-1] = (op, current.runs[-1][1] + text)
        else:
            current.runs.append((op, text))

    def end(mark: int, old_kind: str | None, new_kind: str | None) -> None:
        nonlocal current
        current.mark, current.old_kind, current.new_kind = mark, old_kind, new_kind
        result.append(current)
        current = Paragraph()

    for index, (_, char) in enumerate(chars):
        old, new = old_roles.get(index), new_roles.get(index)
        if char != "\n":
            emit(old == "text", new == "text", char)
        elif old == "mark" and new == "mark":
            end(EQUAL, old_kinds[index], new_kinds[index])
        else:  # a break in one text only, or a line break read as a space
            emit(old == "space", new == "space", " ")
            if old == "mark":
                end(DELETE, old_kinds[index], None)
            elif new == "mark":
                end(INSERT, None, new_kinds[index])
    if current.runs or old_end or new_end:
        end(EQUAL, old_end, new_end)
    return result


def _stream(diff: NoticeDiff) -> list[tuple[int, str]]:
    """The whole notice as one diff, in Markdown-like lines: `# ` the title,
    `## ` each section's title, then its reading text. Sections are in an
    order that filters to the old order (EQUAL and DELETE) and to the new
    (EQUAL and INSERT); a moved section is a DELETE and an INSERT."""
    old_meta, new_meta = diff.old.notice.meta, diff.new.notice.meta
    ops: list[tuple[int, str]] = [(EQUAL, "# "), *_title_ops(old_meta.title, new_meta.title)]
    by_id = {section.id: section for section in diff.sections}
    for presence, section_id in _order(diff):
        section = by_id[section_id]
        if presence == EQUAL:
            title = _title_ops(section.old_title, section.new_title)
            body = list(section.reading_ops) if section.kind == "changed" else \
                [(EQUAL, reading_text(section.new_text))]
        else:
            title = [(presence, section.old_title if presence == DELETE else section.new_title)]
            if section.kind in ("added", "removed"):
                body = list(section.reading_ops)
            else:  # a moved section: the whole of it, where it was and where it is
                body = [(presence, reading_text(section.old_text if presence == DELETE else section.new_text))]
        ops.append((presence, "\n\n"))
        if section_id != "preamble":  # the preamble has no heading on the page either
            ops += [(presence, "## "), *title, (presence, "\n\n")]
        ops += body
    return [(op, text) for op, text in ops if text]


def _title_ops(old: str, new: str) -> list[tuple[int, str]]:
    return [(EQUAL, new)] if old == new else word_diff(old, new)


def _order(diff: NoticeDiff) -> list[tuple[int, str]]:
    """(EQUAL|DELETE|INSERT, section id): sections in place in both texts are
    anchors; the others are deleted or inserted around them."""
    def ids(text) -> list[str]:
        return (["preamble"] if text.preamble else []) + [section.id for section, _ in text.sections]

    in_place = {s.id for s in diff.sections if s.kind not in ("added", "removed") and not s.moved}
    old, new = ids(diff.old), ids(diff.new)
    result, i, j = [], 0, 0
    while i < len(old) or j < len(new):
        if i < len(old) and old[i] not in in_place:
            result.append((DELETE, old[i]))
            i += 1
        elif j < len(new) and new[j] not in in_place:
            result.append((INSERT, new[j]))
            j += 1
        else:  # the same anchor on both sides (they are a common subsequence)
            result.append((EQUAL, new[j]))
            i, j = i + 1, j + 1
    return result


def _view(chars: list[tuple[int, str]], ops: tuple[int, int]):
    """How one text (the chars whose op is in `ops`) reads: each character's
    role ("text", "hidden" for list and heading markers and blank lines,
    "mark" for the break that ends a paragraph, "space" for a line break
    inside one), the kind of each paragraph by the index of its mark, and
    the kind of a last paragraph that has no mark."""
    indexes = [index for index, (op, _) in enumerate(chars) if op in ops]
    text = "".join(chars[index][1] for index in indexes)
    roles = ["hidden"] * len(text)
    kinds: dict[int, str] = {}
    open_kind: str | None = None
    open_break: int | None = None  # the line break after the open paragraph's last line
    last_kind: str | None = None

    def close() -> None:
        nonlocal open_kind, last_kind
        if open_kind is None:
            return
        if open_break is None:
            last_kind = open_kind
        else:
            roles[open_break] = "mark"
            kinds[open_break] = open_kind
        open_kind = None

    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            kind, skip = _line_kind(line)
            if open_kind is not None and kind == "text" and open_kind not in HEADINGS:
                roles[open_break] = "space"  # a wrapped line of the same paragraph
            else:
                close()
                open_kind = kind
            for position in range(start + skip, end):
                roles[position] = "text"
            open_break = end if end < len(text) else None
        else:
            close()
        start = end + 1
    close()
    return ({indexes[k]: role for k, role in enumerate(roles)},
            {indexes[k]: kind for k, kind in kinds.items()}, last_kind)


def _line_kind(line: str) -> tuple[str, int]:
    """A line's kind and the length of its marker (hidden: the style shows it)."""
    heading = HEADING_LINE.match(line)
    if heading:
        level = len(heading.group(1))
        return ("title", "h1", "h2", "h3", "h3", "h3")[level - 1], heading.end()
    item = ITEM_LINE.match(line)
    if item:
        return f"item{min(len(item.group(1).expandtabs(4)) // 2, 2)}", item.end()
    return "text", LEADING_SPACE.match(line).end()


# The document ----------------------------------------------------------

@dataclass(frozen=True)
class Revision:
    """Who made the changes and when: the HEAD commit's author and date."""

    author: str
    date: dt.datetime | None  # None: not a commit (no date is written)

    @classmethod
    def of(cls, author: str, committed: str) -> "Revision":
        date = dt.datetime.fromisoformat(committed).astimezone(dt.timezone.utc) if committed else None
        return cls(author or "noticegen", date)

    @property
    def stamp(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ") if self.date else ""


def docx_bytes(diff: NoticeDiff, revision: Revision, subject: str = "", comments: str = "",
               notes: dict[str, str] | None = None) -> bytes:
    """`notes`: section id -> a Word comment on that section's heading (the
    notice's title for the preamble), by noticegen: beside the text, so
    accepting or rejecting every change still gives the new or old text."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run

    document = docx.Document()
    ids = iter(range(1, 1_000_000))
    style_ids = {kind: document.styles[name].style_id for kind, name in STYLES.items()}

    def change(tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(ids)))
        element.set(qn("w:author"), _xml_text(revision.author))
        if revision.date:
            element.set(qn("w:date"), revision.stamp)
        return element

    def run(op: int, text: str):
        element = OxmlElement("w:r")
        words = OxmlElement("w:delText" if op == DELETE else "w:t")
        words.set(qn("xml:space"), "preserve")
        words.text = _xml_text(text.replace("\t", " "))
        element.append(words)
        return element

    titles = {section.new_title: note for section in diff.sections if section.id != "preamble"
              for note in [(notes or {}).get(section.id)] if note}
    preamble = (notes or {}).get("preamble")
    for paragraph in paragraphs(diff):
        kind = (paragraph.old_kind if paragraph.mark == DELETE else paragraph.new_kind or paragraph.old_kind) or "text"
        added = document.add_paragraph()
        p = added._p
        elements = []
        properties = p.get_or_add_pPr()
        if kind != "text":
            properties.style = style_ids[kind]  # by id: python-docx's lookup by name costs 7 ms a paragraph
        if paragraph.mark != EQUAL:
            marks = OxmlElement("w:rPr")
            marks.append(change("w:ins" if paragraph.mark == INSERT else "w:del"))
            properties.append(marks)
        elif paragraph.old_kind and paragraph.new_kind and paragraph.old_kind != paragraph.new_kind:
            before = change("w:pPrChange")
            old = OxmlElement("w:pPr")
            if paragraph.old_kind != "text":
                style = OxmlElement("w:pStyle")
                style.set(qn("w:val"), style_ids[paragraph.old_kind])
                old.append(style)
            before.append(old)
            properties.append(before)
        for op, text in paragraph.runs:
            elements.append(run(op, text))
            if op == EQUAL:
                p.append(elements[-1])
            else:
                wrapper = change("w:ins" if op == INSERT else "w:del")
                wrapper.append(elements[-1])
                p.append(wrapper)
        shown = "".join(text for op, text in paragraph.runs if op != DELETE)
        note = titles.pop(shown, None) if kind == "h1" else preamble if kind == "title" else None
        if kind == "title":
            preamble = None
        if note and elements:
            comment = document.add_comment([Run(elements[0], added), Run(elements[-1], added)], _xml_text(note),
                                           author="noticegen", initials="NG")
            _date_and_number(comment._comment_elm, p, str(next(ids)), revision, qn)

    # Further edits in Word are tracked too.
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        settings.insert_element_before(OxmlElement("w:trackRevisions"), *AFTER_TRACK_REVISIONS)

    core = document.core_properties
    core.title = _property(diff.new.notice.meta.title)
    core.subject = _property(subject)
    core.comments = _property(comments)
    core.author = core.last_modified_by = _property(revision.author)
    core.revision = 1
    if revision.date:
        core.created = core.modified = revision.date.replace(tzinfo=None)
    else:  # no commit, no date: the template's dates would be the only ones
        for name in ("created", "modified"):
            element = core._element.find(qn(f"dcterms:{name}"))
            if element is not None:
                core._element.remove(element)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), revision.date)


def _date_and_number(comment, paragraph, number: str, revision: Revision, qn) -> None:
    """A comment dated by the commit (python-docx writes the clock's time),
    or not at all, and numbered after the revisions (ids are shared)."""
    if revision.date:
        comment.set(qn("w:date"), revision.stamp)
    elif comment.get(qn("w:date")) is not None:
        del comment.attrib[qn("w:date")]
    old = comment.get(qn("w:id"))
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        for marker in paragraph.iter(qn(tag)):
            if marker.get(qn("w:id")) == old:
                marker.set(qn("w:id"), number)
    comment.set(qn("w:id"), number)


def write_docx(path: Path, diff: NoticeDiff, revision: Revision, subject: str = "", comments: str = "",
               notes: dict[str, str] | None = None) -> None:
    data = docx_bytes(diff, revision, subject, comments, notes)
    atomic.write_output(path, data)  # a path the user named


def _fixed_zip(data: bytes, date: dt.datetime | None) -> bytes:
    """The same zip with every entry's time set to the commit's (1980-01-01,
    zip's first day, without one) and the same attributes on any machine."""
    stamp = date.timetuple()[:6] if date and date.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def _property(text: str) -> str:
    """A core property: python-docx holds them to 255 characters."""
    text = _xml_text(" ".join(text.split()))
    return text if len(text) <= 255 else text[:254] + "…"
