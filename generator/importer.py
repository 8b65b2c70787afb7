"""`noticegen import`: an existing notice, kept as one document, into notices/.

Markdown, or HTML as saved from a website (converted with markdownify); HTML
blocks inside Markdown (tables, lists) are converted the same way. Front
matter is metadata, never text. The title is the one `#` heading, or a first
heading that stands above the rest (the only one at its level, or with
nothing but a date under it); a later heading repeating the title with
nothing under it is the title again, not a section.

Sections are the top level of the document's outline: every heading no
shallower heading comes before (the title aside), whatever its level, so a
document using `###` for sections and one using `##` give the same sections.
Deeper headings stay inside their section, shifted so that the first level
under the section is `###`. Without headings, a bold paragraph heading
(`**Title:**` alone on a line, as the 2013 CompuCom statement uses) starts a
section. Site-specific details are offered as variables: email addresses,
phone numbers and a postal address become `{{ contact_email }}`,
`{{ contact_phone }}` and `{{ postal_address }}`.

With `--history`, every state of the file in another repository becomes a
version (see `replay_history`); a section keeps its id from state to state
while its title stays, and when it is renamed but its text is mostly the
same, so the history and the redlines see one section.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import yaml

from . import safety
from . import variables as notice_variables
from .errors import NoticegenError
from .placeholders import fill_in
from .notice import NOTICE_FILE, PREAMBLE_FILE, RESERVED_IDS, SECTION_ID, slug, read_notice
from .sites import SITES_FILE
from .sourcefile import strip_hidden, split_front_matter
from .variables import EMAIL_ADDRESS

PHONE = re.compile(r"(?<![\w-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
CITY_LINE = re.compile(r"^.*\b[A-Z][a-zA-Z .]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
DATE = r"(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})"
DATE_WORDS = re.compile(r"(?:effective|last updated|updated|last modified|as of)[^\n]{0,40}?" + DATE, re.I)
# A date given for machines, as kramdown sites write it: {: datetime="2014-03-21" }
DATETIME_ATTRIBUTE = re.compile(r"\bdatetime=[\"'](\d{4})-(\d{1,2})-(\d{1,2})")
ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# {#id} as the importer leaves it on headings (a source's {: #id .class } normalised).
HEADING_ID = re.compile(r"\s*\{#([A-Za-z][\w-]*)\}\s*$")
# A kramdown / attr_list attribute list: {: #id .class key="value" }, or {#id} on a heading.
ATTRIBUTES = r"\{:?\s*(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))(?:\s+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*\s*\}"
# HTML blocks converted whole (a wrapper such as <div> only loses its tags: Markdown may be inside).
BLOCK_TAGS = ("table", "ul", "ol", "dl", "p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr")
BLOCK_START = re.compile(r"^\s{0,3}<(" + "|".join(BLOCK_TAGS) + r")\b[^>]*>", re.I)
# A link target without <...>: CommonMark lets it hold balanced parentheses
# (https://en.wikipedia.org/wiki/Foo_(bar)), so the first ")" need not end it.
TARGET = r"(?:[^()\s]|\([^()\s]*\))+"
LINK_TO_ANCHOR = re.compile(r"\[([^\]]*)\]\(#(" + TARGET + r")\)")
# An inline link; its target may hold parentheses (`javascript:alert(1)`), one level deep as Markdown reads them.
INLINE_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\(((?:[^()\n]|\([^()\n]*\))*)\)")


class ImportError_(NoticegenError):
    pass


class NoSections(ImportError_):
    """The document has nothing that could be a section (a stub, a redirect)."""


class _Dumper(yaml.SafeDumper):
    """Multi-line values as literal blocks, as an author would write them."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


@dataclass
class Imported:
    title: str
    preamble: str
    sections: list[tuple[str, str, str]]  # (id, title, body)
    variables: dict[str, str] = field(default_factory=dict)
    effective: dt.date | None = None
    dropped_links: list[str] = field(default_factory=list)  # anchors of the old page, now plain text
    relinked: list[tuple[str, str]] = field(default_factory=list)  # relative links of the old page, made absolute
    anchors: dict[str, str] = field(default_factory=dict)  # section id -> the source's own id for its heading
    nested: list[tuple[str, str]] = field(default_factory=list)  # (heading with no text, heading put under it)
    hidden: list[tuple[int, str]] = field(default_factory=list)  # (line, character) removed: check refuses them


@dataclass
class _Part:
    title: str
    body: str
    anchor: str = ""  # the source's explicit id for the heading, if it gave one


# ---------------------------------------------------------------- reading


class NotText(ImportError_):
    """The file's bytes are neither UTF-8 nor the charset its HTML declares."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_document(path: Path) -> tuple[str, dict]:
    """Markdown text and front matter of a notice file (HTML converted)."""
    return _read_text(decode_document(path.read_bytes()), path.name)


# An HTML page's own declaration (<meta charset=…> or the http-equiv form).
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# What browsers read these labels as (WHATWG Encoding): windows-1252.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252"}


def decode_document(data: bytes) -> str:
    """A notice file's text: UTF-8, or the charset an HTML page declares
    (pages saved from old websites are often windows-1252). Anything else is
    refused at its first bad byte: decoding it anyway put U+FFFD into the
    notice in place of the author's letters, silently."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = DECLARED_CHARSET.search(data[:8192])
        if declared:
            label = declared.group(1).decode("ascii").lower()
            try:
                return data.decode("cp1252" if label in WINDOWS_1252_LABELS else label)
            except (LookupError, UnicodeDecodeError):
                pass
        line = data[: exc.start].count(b"\n") + 1
        raise NotText(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): save the file as UTF-8 "
                            "(iconv -f windows-1252 -t utf-8 OLD > NEW, or your editor's Save As) "
                            "and import that") from None


def _read_text(raw: str, name: str) -> tuple[str, dict]:
    raw = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if PurePosixPath(name).suffix.lower() in (".html", ".htm") or raw.lstrip().lower().startswith(("<!doctype", "<html")):
        body = re.sub(r"(?is)<(script|style|nav|header|footer|noscript)\b.*?</\1>", "", raw)
        return _markdownify(body, escape=True), {}
    split = split_front_matter(raw)
    if split.front_matter is None:
        return split.body, {}
    try:
        meta = yaml.safe_load(split.front_matter)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = split.front_matter_line + mark.line if mark else 1
        what = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise ImportError_(f"line {line}: the front matter is not valid YAML ({what})") from None
    return split.body, meta if isinstance(meta, dict) else {}


def _markdownify(markup: str, escape: bool = False) -> str:
    """HTML as Markdown. `escape` for a whole HTML page, whose text is text;
    an HTML block inside Markdown may hold Markdown, which must survive."""
    from markdownify import MarkdownConverter

    class PageText(MarkdownConverter):
        def escape(self, text, parent_tags):
            return _page_text(super().escape(BACKSLASH.sub(r"\\\\", text), parent_tags))

        def convert_a(self, el, text, parent_tags):
            href = el.get("href")
            if href is not None:
                if safety.script_link(href):
                    return text  # the words, not the script
                el["href"] = _as_browsers_read(href)
            return super().convert_a(el, text, parent_tags)

        def convert_pre(self, el, text, parent_tags):
            return _code_block(super().convert_pre(el, text, parent_tags))

        def convert_code(self, el, text, parent_tags):
            # A span per line: what reads code (clean, _escape_tags, check) reads a span on one line, so
            # the second line of `one\n<script>x</script> two` was read as HTML and its words removed.
            # A browser shows the line break of an inline <code> as a space, as it shows these.
            if "_noformat" in parent_tags or el.find_parent("pre") is not None:
                return super().convert_code(el, text, parent_tags)  # a <pre>'s: _code_block keeps its lines
            return "\n".join(super(PageText, self).convert_code(el, line, parent_tags)
                             for line in text.split("\n") if line.strip())

        convert_kbd = convert_samp = convert_code

    converter = PageText if escape else MarkdownConverter
    return converter(heading_style="ATX", bullets="-", escape_asterisks=escape, escape_underscores=escape,
                     escape_misc=False).convert(markup)


TAG_LIKE = re.compile(r"<(?=\s*/?\s*[A-Za-z][A-Za-z0-9-]*[\s/>])|<(?=!--|![A-Za-z]|\?)")
# A backslash before what Markdown can escape (before a letter it stays a backslash).
BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
# What would make a page's words into Markdown: code, links, images, attribute lists and variables (the
# backslash escapes of Python-Markdown), an entity, an autolink or a tag, and at a line's start a heading,
# a list, a quote or an admonition. Asterisks and underscores markdownify escapes itself.
MARKDOWN_CHARACTER = re.compile(r"[`\[\]{}]|(?<=\])\(")
ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# A line of = alone underlines the line above into a heading; Markdown has no \= (an entity instead).
LINE_START = re.compile(r"(?m)^([ \t]*)(#{1,6}(?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|[-+]+(?=[ \t]|$)|>|!!!"
                        r"|=+(?=[ \t]*$))")
C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _page_text(text: str) -> str:
    """An HTML page's words as Markdown that shows them as they are."""
    text = MARKDOWN_CHARACTER.sub(lambda m: "\\" + m.group(0), ENTITY_LIKE.sub("&amp;", text))
    text = LINE_START.sub(_line_start, text)
    # `&lt;` for a `<` that starts anything (a tag, a comment, an autolink): the tags cleaned out below keep it.
    return re.sub(r"<(?=\S)", "&lt;", text)


def _code_block(block: str) -> str:
    """A page's <pre> as Markdown that the site shows as code: the site's
    Markdown has no fenced blocks, so a fence is a code span, which a blank
    line ends (the code after it was live Markdown: links, bold). One fenced
    span per paragraph of the code, each fenced longer than any run of
    backticks in it (a line of ``` in the code closed the block too)."""
    code = block.strip("\n")
    code = code[code.index("\n") + 1:code.rindex("\n")] if code.count("\n") >= 1 else ""
    spans = []
    for paragraph in re.split(r"\n[ \t]*\n(?:[ \t]*\n)*", code):
        if paragraph.strip():
            fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", paragraph)), default=0) + 1)
            spans.append(f"{fence}\n{paragraph}\n{fence}")
    return "\n\n" + "\n\n".join(spans) + "\n\n" if spans else ""


def _line_start(match: re.Match) -> str:
    mark = match.group(2)
    escaped = mark + "\\" if mark[0].isdigit() else "&#61;" + mark[1:] if mark[0] == "=" else "\\" + mark
    return match.group(1) + escaped


def _as_browsers_read(href: str) -> str:
    """A link target as browsers read it: tabs and line breaks anywhere, and
    spaces and control characters around it, ignored (WHATWG URL)."""
    return re.sub(r"[\t\n\r]", "", href).strip(C0_AND_SPACE)


def clean(markdown: str, domain: str = "www.example.com", links_from: str | None = None,
          relinked: list[tuple[str, str]] | None = None) -> str:
    """Remove what web archives, page templates and site generators leave
    behind, and turn the HTML that Markdown files often carry into Markdown.
    Relative links are made absolute against `links_from`, the address the
    old page was published at (else against the site's root), each noted in
    `relinked` as (old target, new one). Code is code: set aside first,
    so that what cleans tags and links never reads `<img>` or `[x](y)` in it."""
    code: list[str] = []
    text = CODE.sub(lambda m: code.append(m.group(0)) or f"\ue000{len(code) - 1}\ue001",
                    CODE_OVER_LINES.sub(_span_per_line, markdown))
    text = re.sub(r"(?s)<!--.*?-->", "", text)
    # <…> targets may hold spaces (CommonMark): made absolute before tags are removed (they look like
    # one), spaces as %20 and without the brackets; noted after the other links, in the page's order.
    angled: list[tuple[str, str]] = []
    text = RELATIVE_ANGLE_LINK.sub(lambda m: f"]({_absolute_link(_spaces(m[1]), domain, links_from, angled)}"
                                             f"{m[2] or ''})", text)
    text = RELATIVE_ANGLE_REFERENCE.sub(
        lambda m: m[1] + _absolute_link(_spaces(m[2]), domain, links_from, angled), text)
    text = re.sub(r"(?s)\{%.*?%\}|\{\{.*?\}\}", "", text)  # another site's template tags
    text = re.sub(r"(?is)<(figure|script|style|picture|video|svg)\b.*?</\1>", "", text)
    text = re.sub(r"(?is)<img\b[^>]*>", "", text)
    text = _convert_html_blocks(text)
    text = re.sub(r"(?is)<a\b[^>]*?href=[\"']([^\"']*)[\"'][^>]*>(.*?)</a>",
                  lambda m: f"[{re.sub(r'<[^>]+>', '', m.group(2)).strip()}]({m.group(1)})", text)
    text = re.sub(r"(?i)<br\s*/?>", "  \n", text)
    text = re.sub(r"(?i)</?(strong|b)>", "**", text)
    text = re.sub(r"(?i)</?(em|i)>", "*", text)
    # Any other tag: keep its text. Autolinks (<https://...>, <name@host>) are links, not tags.
    text = re.sub(r"</?[A-Za-z](?![A-Za-z0-9+.-]*:)(?![^>\s]*@)[^>]*>", "", text)
    text = RELATIVE_LINK.sub(lambda m: f"]({_absolute_link(m[1], domain, links_from, relinked)}{m[2] or ''})",
                             text)
    text = RELATIVE_REFERENCE.sub(lambda m: m[1] + _absolute_link(m[2], domain, links_from, relinked), text)
    if relinked is not None:
        relinked.extend(angled)
    lines = []
    for line in text.split("\n"):
        if re.match(r"^\s*>\s*\*The following text is extracted", line):
            continue  # archive notes
        line = re.sub(r"\[\s*\]\([^)]*\)", "", line)  # empty links (images, badges)
        line = re.sub(r"\s*\|\s*\|\s*$", "", line)  # table debris at line ends
        if re.match(r"^[\s|:-]*$", line) and "|" in line or re.match(r"^\s*-{3}\|", line):
            continue  # table rules
        lines.append(line.rstrip() if not line.endswith("  ") else line)
    text = _markdown_lines("\n".join(lines))
    text = re.sub("\ue000(\\d+)\ue001", lambda m: code[int(m.group(1))], text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# A fenced block, or a code span on one line (not after a backslash, its backticks no longer run than its own).
CODE = re.compile(r"(?ms)^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?^[ ]{0,3}\1[^\n]*$|(?<![\\`])(`+)(?!`)[^\n]*?(?<!`)\2(?!`)")


# A code span over lines of one paragraph, no backtick in it (a fence is followed by a line break, closed after
# one), after CODE's own (so a span's closing backtick never opens one, and a fence's lines stay as they are).
CODE_OVER_LINES = re.compile(CODE.pattern + r"|(?<![\\`])(`+)(?![`\n])([^`\n]*(?:\n(?![ \t]*\n)[^`\n]*)+?)(?<![`\n])\3(?!`)",
                             CODE.flags)


def _span_per_line(match: re.Match) -> str:
    # What reads code here and in check reads a span on one line: a span of each line shows the same words.
    if match.group(3) is None:
        return match.group(0)
    fence = match.group(3)
    return "\n".join(f"{fence}{line}{fence}" for line in match.group(4).split("\n") if line.strip())


# No scheme, not an anchor; an inline link (with its title, if any) or a reference definition.
RELATIVE_LINK = re.compile(r"""\]\((?![a-z][a-z0-9+.-]*:|#)(""" + TARGET + r""")(\s+(?:"[^"]*"|'[^']*'))?\)""", re.I)
RELATIVE_REFERENCE = re.compile(r"(?m)^( {0,3}\[[^\]\n]+\]:[ \t]*)(?![a-z][a-z0-9+.-]*:|#|<)([^\s]+)", re.I)
RELATIVE_ANGLE_LINK = re.compile(r"""\]\(\s*<\s*(?!\s)(?![a-z][a-z0-9+.-]*:|#)([^<>\n]+)>(\s+(?:"[^"]*"|'[^']*'))?\s*\)""",
                                 re.I)
RELATIVE_ANGLE_REFERENCE = re.compile(r"(?m)^( {0,3}\[[^\]\n]+\]:[ \t]*)<\s*(?!\s)(?![a-z][a-z0-9+.-]*:|#)([^<>\n]+)>", re.I)
MARKDOWN_PAGE = re.compile(r"^(?P<path>[^?#]*?)(?P<index>(?:^|(?<=/))index)?\.md(?P<rest>[?#].*)?$", re.IGNORECASE)


def _spaces(target: str) -> str:
    return target.strip().replace(" ", "%20")


def _absolute_link(target: str, domain: str, links_from: str | None,
                   relinked: list[tuple[str, str]] | None) -> str:
    page = MARKDOWN_PAGE.match(target)
    # Another Markdown page of the old site: its address, as site generators
    # publish it (x.md and x/index.md at x/), never the .md file itself.
    address = (page["path"] + ("" if page["index"] or page["path"].endswith("/") else "/") + (page["rest"] or "")
               if page else target)
    # As a browser reads it against the old page (else the site's root): `//host/x` is another host's.
    absolute = urljoin(links_from or f"https://{domain}/", address)
    if relinked is not None:
        relinked.append((target, absolute))
    return absolute


def _convert_html_blocks(text: str) -> str:
    """HTML blocks inside Markdown (a table, a list) as Markdown. A block runs
    to the line that closes its first tag, or else to the next blank line."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        start = BLOCK_START.match(lines[index])
        if not start:
            out.append(lines[index])
            index += 1
            continue
        tag = start.group(1).lower()
        depth, end = 0, None
        for number in range(index, len(lines)):
            depth += len(re.findall(rf"(?i)<{tag}\b", lines[number])) - len(re.findall(rf"(?i)</{tag}\s*>", lines[number]))
            if depth <= 0 and (tag != "hr" or number == index):
                end = number
                break
        if end is None:  # never closed: to the next blank line
            end = next((n for n in range(index, len(lines)) if not lines[n].strip()), len(lines)) - 1
        block = "\n".join(lines[index:end + 1])
        out += ["", _markdownify(block).strip("\n"), ""]
        index = end + 1
    return "\n".join(out)


def _markdown_lines(text: str) -> str:
    """Line by line, outside code fences: setext headings as `#` headings,
    attribute lists dropped (an id on a heading kept as {#id}), a `#` that
    starts a line without being a heading escaped, empty headings removed."""
    lines = text.split("\n")
    out: list[str] = []
    in_fence = ""
    for index, line in enumerate(lines):
        if (fence := safety.fence_after(line, in_fence)) is not None:
            in_fence = fence
            out.append(line)
            continue
        if in_fence:
            out.append(line)
            continue
        if re.match(r"^#{1,6}[ \t]*$", line):
            continue  # an empty heading: no words, so nothing to keep
        heading = ATX.match(line)
        if heading:
            words = heading.group(2)
            anchor = ""
            attributes = re.search(r"\s*(" + ATTRIBUTES + r")\s*$", words)
            if attributes:
                found = re.search(r"#([A-Za-z][\w-]*)", attributes.group(1))
                anchor = found.group(1) if found else ""
                words = words[:attributes.start()]
            if not _plain_title(words):
                continue  # a heading with no words
            out.append(f"{heading.group(1)} {words.strip()}" + (f" {{#{anchor}}}" if anchor else ""))
            continue
        if re.match(r"^\s*" + ATTRIBUTES + r"\s*$", line):
            continue  # an attribute list for the block above
        line = re.sub(r"[ \t]*(?<!\\)\{:\s*(?:[#.][\w-]+|[\w-]+=)[^}]*\}[ \t]*$", "", line)  # ... at a line's end
        underline = re.match(r"^(=+|-+)[ \t]*$", line)
        previous = out[-1] if out else ""
        if (underline and previous.strip() and (len(out) < 2 or not out[-2].strip())
                and not re.match(r"^\s*([-*+]\s|[>|#<]|\d+[.)]\s)|^\s{4}", previous)):
            out[-1] = ("# " if underline.group(1)[0] == "=" else "## ") + previous.strip()
            continue
        if re.match(r"^#+(?!#)\S", line):
            line = "\\" + line  # "#hashtag": text, which Python-Markdown would make a heading
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- structure


@dataclass
class _Heading:
    index: int  # line number in the text, 0-based
    level: int
    title: str  # plain text
    words: str  # as written, without the {#id}
    anchor: str

    def at(self, level: int) -> str:
        """The heading line at another level, its id kept."""
        return f"{'#' * min(6, level)} {self.words}" + (f" {{#{self.anchor}}}" if self.anchor else "")


def _headings(lines: list[str]) -> list[_Heading]:
    found = []
    in_fence = ""
    for index, line in enumerate(lines):
        if (fence := safety.fence_after(line, in_fence)) is not None:
            in_fence = fence
            continue
        match = None if in_fence else ATX.match(line)
        if match:
            words = match.group(2)
            anchor = HEADING_ID.search(words)
            if anchor:
                words = words[:anchor.start()]
            title = _plain_title(words)
            if title:
                found.append(_Heading(index, len(match.group(1)), title, words.strip(),
                                      anchor.group(1) if anchor else ""))
    return found


def split_sections(markdown: str, known_title: str = "") -> tuple[str, str, list[tuple[str, str]]]:
    """(title, preamble, [(section title, body)])."""
    title, preamble, parts = _outline(markdown, known_title)
    return title, preamble, [(part.title, part.body) for part in parts]


def _outline(markdown: str, known_title: str = "", nested: list | None = None) -> tuple[str, str, list[_Part]]:
    lines = markdown.split("\n")
    headings = _headings(lines)
    title, removed = "", set()
    tops = [h for h in headings if h.level == 1]
    if len(tops) == 1:
        title = tops[0].title
        removed.add(tops[0].index)
    elif headings and not tops and len(headings) > 1:
        first, rest = headings[0], headings[1:]
        at_top = not any(line.strip() for line in lines[:first.index])
        under = [line for line in lines[first.index + 1:rest[0].index] if line.strip()]
        if at_top and (all(h.level > first.level for h in rest) or all(_is_date_line(line) for line in under)):
            title = first.title
            removed.add(first.index)
    names = {_normal(t) for t in (known_title, title) if t}
    remaining = [h for h in headings if h.index not in removed]
    for number, heading in enumerate(remaining):
        following = remaining[number + 1].index if number + 1 < len(remaining) else len(lines)
        if (_normal(heading.title) in names and len(remaining) > 1
                and not any(line.strip() for line in lines[heading.index + 1:following])):
            removed.add(heading.index)  # the title again, over nothing: not a section
    headings = [h for h in headings if h.index not in removed]
    if not headings:
        text = "\n".join(line for number, line in enumerate(lines) if number not in removed)
        preamble, parts = _bold_sections(text)
        return title, preamble, parts
    outline, shallowest = [], 7
    for heading in headings:
        if heading.level <= shallowest:
            outline.append(heading)
            shallowest = heading.level
    kept = lambda start, end: [lines[n] for n in range(start, end) if n not in removed]  # noqa: E731
    preamble = "\n".join(kept(0, outline[0].index))
    parts = []
    for number, heading in enumerate(outline):
        end = outline[number + 1].index if number + 1 < len(outline) else len(lines)
        inner = [h for h in headings if heading.index < h.index < end]
        body = _relevel(kept(heading.index + 1, end), heading.index + 1, inner, heading.level, removed)
        parts.append(_Part(heading.title.rstrip(":").strip(), body.strip("\n"), heading.anchor))
    parts = _nest_subheadings(parts, nested)
    preamble = _drop_table_of_contents(preamble, [p.title for p in parts])
    return title, preamble.strip(), parts


def _relevel(lines: list[str], first: int, inner: list[_Heading], level: int, removed: set[int]) -> str:
    """A section's lines with its sub-headings shifted: the first level under
    the section becomes ###, deeper ones follow."""
    by_line = {h.index: h for h in inner}
    out, number = [], first
    for line in lines:
        while number in removed:
            number += 1
        heading = by_line.get(number)
        out.append(heading.at(heading.level - level + 2) if heading else line)
        number += 1
    return "\n".join(out)


def _shift(body: str, by: int) -> str:
    """Every heading of a body `by` levels deeper (at most ######)."""
    lines = body.split("\n")
    for heading in _headings(lines):
        lines[heading.index] = heading.at(heading.level + by)
    return "\n".join(lines)


def _bold_sections(text: str) -> tuple[str, list[_Part]]:
    """Bold paragraph headings: **Title:** alone on a line."""
    starts = list(re.finditer(r"^\s*\*\*([^*\n]{3,120}?):?\*\*:?\s*$", text, re.M))
    preamble = text[:starts[0].start()] if starts else text
    parts = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        parts.append(_Part(_plain(start.group(1).strip().rstrip(":").strip()), text[start.end():end].strip("\n")))
    parts = _nest_subheadings(parts)
    return _drop_table_of_contents(preamble, [p.title for p in parts]).strip(), parts


def _nest_subheadings(parts: list[_Part], nested: list | None = None) -> list[_Part]:
    """A heading with nothing under it before the next heading owns that next
    one as a sub-heading (`**Your Choices:**` then `**Opt-out Provision**`).
    An empty heading at the very end joins the section before it. Each such
    change of the outline is noted in `nested`: a heading may be empty only
    because its text was HTML the importer drops (`<script>`)."""
    result: list[_Part] = []
    owner = False
    for part in parts:
        if owner:
            if nested is not None:
                nested.append((result[-1].title, part.title))
            result[-1].body = f"{result[-1].body}\n\n### {part.title}\n\n{_shift(part.body.strip(), 1)}".strip()
            owner = not part.body.strip()
            continue
        result.append(_Part(part.title, part.body, part.anchor))
        owner = not part.body.strip()
    if len(result) > 1 and not result[-1].body.strip():
        last = result.pop()
        result[-1].body = f"{result[-1].body}\n\n### {last.title}"
    return [part for part in result if part.body.strip()]


def _drop_table_of_contents(text: str, titles: list[str]) -> str:
    """A list whose items are the section titles is the old page's contents."""
    wanted = {t.lower() for t in titles}
    kept = [line for line in text.split("\n")
            if not (re.match(r"^\s*[-*]\s+", line) and re.sub(r"^\s*[-*]\s+", "", line).strip().lower() in wanted)]
    return "\n".join(kept)


def _plain(title: str) -> str:
    title = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", title)  # "1\. Scope" is "1. Scope"
    return " ".join(re.sub(r"[*_`<>\[\]{}|\\]", " ", title).split())


def _plain_title(words: str) -> str:
    """A heading's words as a plain title: links as their text, entities decoded."""
    words = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", words)
    words = html.unescape(re.sub(r"<[^>]*>", "", words))
    return _plain(words).lstrip("#").strip()


def _normal(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def _is_date_line(line: str) -> bool:
    words = re.sub(r"[*_]", "", line).strip()
    match = re.search(DATE, words)
    return bool(match and parse_date(match.group(1)) and len(words.split()) <= 10)


# ---------------------------------------------------------------- ids and links


def _section_ids(parts: list[_Part], previous: Imported | None, known: dict[str, str]) -> list[str]:
    """An id per section. With the previous state of the notice, a section
    keeps the id of the one with the same title, else of the one with the
    same id in the source, else of a renamed one: most of the text the same
    (at least 70% of the longer text's word pairs), or a good part of it
    (25%) under a similar title; the best pairs go first. `known` (title ->
    id in all earlier states) brings back a section that returns. Otherwise
    the id is the source's own for the heading, else the title's slug."""
    ids: list[str | None] = [None] * len(parts)
    old = list(previous.sections) if previous else []
    free = set(range(len(old)))

    def take(i: int, j: int) -> None:
        ids[i] = old[j][0]
        free.discard(j)

    for i, part in enumerate(parts):
        j = next((j for j in sorted(free) if _normal(old[j][1]) == _normal(part.title)), None)
        if j is not None:
            take(i, j)
    for i, part in enumerate(parts):
        if ids[i] is None and part.anchor:
            j = next((j for j in sorted(free) if previous.anchors.get(old[j][0]) == part.anchor), None)
            if j is not None:
                take(i, j)
    cache: dict = {}
    pairs = []
    for i, part in enumerate(parts):
        for j in free if ids[i] is None else ():
            text, title = _likeness(cache, part.body, old[j][2]), _title_likeness(part.title, old[j][1])
            if text >= 0.7 or text >= 0.25 and text + title >= 0.75:
                pairs.append((text + title, i, j))
    for _, i, j in sorted(pairs, reverse=True):
        if ids[i] is None and j in free:
            take(i, j)
    used = {i for i in ids if i}
    for i, part in enumerate(parts):
        if ids[i] is None:
            candidate = known.get(_normal(part.title))
            if not candidate or candidate in used:
                candidate = _new_id(part)
            while candidate in used:
                candidate = _next_name(candidate)
            ids[i] = candidate
            used.add(candidate)
    return ids


def _new_id(part: _Part) -> str:
    source = slug(part.anchor) if part.anchor else ""
    candidate = source if SECTION_ID.match(source) else slug(part.title)[:60].strip("-") or "section"
    return f"{candidate}-section" if candidate in RESERVED_IDS else candidate


def _next_name(name: str) -> str:
    match = re.match(r"^(.*)-(\d+)$", name)
    return f"{match.group(1)}-{int(match.group(2)) + 1}" if match else f"{name}-2"


def _likeness(cache: dict, a: str, b: str) -> float:
    """The share of the longer text the two have in common, by pairs of
    consecutive words (0 to 1)."""
    def pairs(text: str) -> Counter:
        if text not in cache:
            words = re.findall(r"\w+", text.lower())
            cache[text] = Counter(zip(words, words[1:]))
        return cache[text]
    first, second = pairs(a), pairs(b)
    longer = max(sum(first.values()), sum(second.values()))
    return sum((first & second).values()) / longer if longer else 0.0


TITLE_NOISE = {"the", "a", "an", "and", "or", "of", "to", "for", "we", "our", "your", "you", "with", "in", "on",
               "how", "what", "is", "are", "data", "information"}


def _title_likeness(a: str, b: str) -> float:
    """Shared words of two titles over all their words, small words aside (0 to 1)."""
    first, second = ({w for w in re.findall(r"\w+", t.lower()) if w not in TITLE_NOISE} for t in (a, b))
    return len(first & second) / len(first | second) if first | second else 0.0


def _source_slugs(text: str) -> set[str]:
    """The anchors other site generators give a heading (GitHub, kramdown,
    Python-Markdown, noticegen's own)."""
    lower = text.lower().strip()
    kept = re.sub(r"[^\w\- ]", "", lower)
    return {kept.replace(" ", "-"), re.sub(r"[-\s]+", "-", kept).strip("-"), slug(text), slug(text)[:60].strip("-")}


@functools.lru_cache(maxsize=4096)
def _rendered_anchor(words: str) -> str:
    """The id Python-Markdown's toc gives a `###` heading with these words."""
    import markdown

    converter = markdown.Markdown(extensions=["toc"])
    converter.convert(f"### {words}")
    tokens = converter.toc_tokens
    return tokens[0]["id"] if tokens else ""


def _link_anchors(title: str, sections: list[tuple[str, str, str]], anchors: dict[str, str],
                  sub_anchors: list[tuple[str, str]]) -> tuple[set[str], dict[str, str]]:
    """(the ids the built page will have, source anchor -> one of those ids)."""
    existing = {"top", "contents"} | {section_id for section_id, _, _ in sections}
    mapping: dict[str, str] = {}
    for section_id, section_title, _ in sections:
        for key in _source_slugs(section_title) | ({anchors[section_id]} if section_id in anchors else set()):
            mapping.setdefault(key.lower(), section_id)
    for words, anchor in sub_anchors:
        rendered = _rendered_anchor(words)
        if rendered:
            existing.add(rendered)
            for key in _source_slugs(_plain_title(words)) | ({anchor} if anchor else set()):
                mapping.setdefault(key.lower(), rendered)
    for key in _source_slugs(title):
        mapping.setdefault(key.lower(), "top")
    return existing, mapping


# ---------------------------------------------------------------- variables and dates


def offer_variables(texts: list[str]) -> dict[str, str]:
    """Contact details the notice repeats, to become variables."""
    joined = "\n\n".join(texts)
    found = {}
    emails = Counter(e for e in EMAIL_ADDRESS.findall(joined))
    if emails:
        found["contact_email"] = emails.most_common(1)[0][0]
    phones = Counter(PHONE.findall(joined))
    if phones:
        found["contact_phone"] = phones.most_common(1)[0][0]
    for paragraph in re.split(r"\n\s*\n", joined):
        lines = [line.strip() for line in paragraph.strip().split("\n") if line.strip()]
        if 2 <= len(lines) <= 6 and CITY_LINE.match(lines[-1]):
            found["postal_address"] = "\n".join(lines)
            break
    return found


def substitute(body: str, variables: dict[str, str]) -> str:
    if "postal_address" in variables:
        block = variables["postal_address"]
        pattern = r"\s*\n\s*".join(re.escape(line) + r"[ ]*" for line in block.split("\n"))
        body = re.sub(pattern, "{{ postal_address }}", body)
    if "contact_email" in variables:
        body = body.replace(variables["contact_email"], "{{ contact_email }}")
    if "contact_phone" in variables:
        body = body.replace(variables["contact_phone"], "{{ contact_phone }}")
    return body


def find_effective(text: str, meta: dict, raw: str = "") -> dt.date | None:
    """From the front matter, else a date after "effective", "last updated"
    and the like, else a date alone on one of the first lines, else the
    machine-readable date a kramdown source gives its date line
    (datetime="..."; the words win where the two disagree)."""
    for key in ("effective", "effective_date", "date", "updated", "last_updated"):
        value = meta.get(key)
        if isinstance(value, dt.date):
            return value if not isinstance(value, dt.datetime) else value.date()
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed:
                return parsed
    match = DATE_WORDS.search(text.replace("*", ""))
    if match and parse_date(match.group(1)):
        return parse_date(match.group(1))
    opening = [line for line in text.split("\n") if line.strip() and not ATX.match(line)][:3]
    for line in opening:  # a date alone under the title
        if _is_date_line(line):
            return parse_date(re.search(DATE, re.sub(r"[*_]", "", line)).group(1))
    stamp = DATETIME_ATTRIBUTE.search(raw)
    try:
        return dt.date(*map(int, stamp.groups())) if stamp else None
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.match(r"([A-Za-z]+) (\d{1,2}),? (\d{4})", text) or re.match(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    if not match:
        return None
    first, second, year = match.groups()
    month, day = (first, second) if not first.isdigit() else (second, first)
    if month.lower() not in MONTHS:
        return None
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


# ---------------------------------------------------------------- parsing


MAX_NOTICE_BYTES = 10_000_000  # a notice is kilobytes; anything this big is not one


def parse(path: Path, domain: str = "www.example.com", links_from: str | None = None) -> Imported:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ImportError_(f"{path}: not a regular file; give the notice as a Markdown or HTML file")
        if path.stat().st_size > MAX_NOTICE_BYTES:
            raise ImportError_(f"{path}: {path.stat().st_size:,} bytes is too big to be a notice")
        raw = decode_document(path.read_bytes())
    except OSError as exc:
        raise ImportError_(f"{path}: {exc.strerror or exc}") from None
    except NotText as exc:
        raise ImportError_(f"{path}:{exc.line}: {exc}") from None
    try:
        imported = parse_text(raw, path.name, domain, links_from=links_from)
    except NoSections as exc:
        raise NoSections(f"{path}: {exc}") from None
    except ImportError_ as exc:
        raise ImportError_(f"{path}: {exc}") from None
    problems = validate(imported)
    if problems:
        raise ImportError_(f"{path}: {_explain(problems, raw)}")
    return imported


def parse_text(raw: str, name: str, domain: str = "www.example.com", previous: Imported | None = None,
               known: dict[str, str] | None = None, links_from: str | None = None) -> Imported:
    """One document (its text and file name) as a notice. `previous`, the
    notice's state before this one, and `known` (title -> id in every
    earlier state) keep section ids stable through a history."""
    raw, hidden = strip_hidden(raw)
    markdown, meta = _read_text(raw, name)
    relinked: list[tuple[str, str]] = []
    cleaned = clean(markdown, domain, links_from, relinked)
    meta_title = _plain_title(meta["title"]) if isinstance(meta.get("title"), str) else ""
    nested: list[tuple[str, str]] = []
    title, preamble, parts = _outline(cleaned, meta_title, nested)
    if not parts:
        raise NoSections("found no sections (## headings, # headings or **bold** paragraph headings)")
    title = meta_title or title or _plain(re.sub(r"[-_]+", " ", PurePosixPath(name).stem)).title() or "Privacy notice"
    ids = _section_ids(parts, previous, known or {})
    sections = [(section_id, part.title, part.body) for section_id, part in zip(ids, parts)]
    anchors = {section_id: part.anchor for section_id, part in zip(ids, parts) if part.anchor}
    sub_anchors = [(h.words, h.anchor) for _, _, body in sections for h in _headings(body.split("\n"))]
    existing, mapping = _link_anchors(title, sections, anchors, sub_anchors)
    dropped: list[str] = []

    def relink(match: re.Match) -> str:
        target = match.group(2)
        if target in existing:
            return match.group(0)
        if target.lower() in mapping:
            return f"[{match.group(1)}](#{mapping[target.lower()]})"
        dropped.append(target)
        return match.group(1)  # a link to a heading this notice does not have: keep the words

    def tidy(text: str) -> str:
        # Code is code: `[x](javascript:y)` in it is words, not a link to drop or point elsewhere.
        code: list[str] = []
        text = CODE.sub(lambda m: code.append(m.group(0)) or f"\ue000{len(code) - 1}\ue001", text)
        text = HEADING_ID_ANYWHERE.sub(r"\1", text)
        text = INLINE_LINK.sub(lambda m: m[1] if safety.script_link(m[2].strip().lstrip("<")) else m[0],
                               LINK_TO_ANCHOR.sub(relink, text))
        return _escape_tags(re.sub("\ue000(\\d+)\ue001", lambda m: code[int(m.group(1))], text))

    sections = [(section_id, section_title, tidy(body)) for section_id, section_title, body in sections]
    preamble = tidy(preamble)
    variables = offer_variables([preamble] + [body for _, _, body in sections])
    sections = [(section_id, section_title, substitute(body, variables)) for section_id, section_title, body in sections]
    return Imported(title, substitute(preamble, variables), sections, variables,
                    find_effective(cleaned, meta, markdown), dropped, relinked=relinked, anchors=anchors,
                    nested=nested, hidden=hidden)


HEADING_ID_ANYWHERE = re.compile(r"(?m)^(#{1,6}[ \t].*?)\s*\{#[A-Za-z][\w-]*\}[ \t]*$")


def nested_note(imported: Imported) -> str:
    """The headings the outline put under another one: the import says so,
    as a notice's structure is the author's (it was silent: 3 sections in,
    2 out)."""
    if not imported.nested:
        return ""
    moves = "; ".join(f"“{sub}” is a sub-heading of “{owner}”" for owner, sub in imported.nested[:5])
    more = f" and {len(imported.nested) - 5} more" if len(imported.nested) > 5 else ""
    return (f"{moves}{more}, as the heading before it has no text of its own (or only HTML the importer "
            "drops: scripts, styles, images, comments); where it is a section of its own, give the one "
            "before it text, or remove that heading, and import again")


def hidden_note(hidden: list[tuple[int, str]], source: str = "the source", versions: int = 0) -> str:
    """The invisible characters an import removed (check refuses them: a C1
    control left by a wrong conversion, a bidi override, a zero-width space)."""
    if not hidden:
        return ""
    line, char = hidden[0]
    where = f" from {versions} version(s)" if versions else ""
    return (f"removed {len(hidden)} invisible character(s){where} that check refuses (first: U+{ord(char):04X} "
            f"at line {line} of {source}): compare the imported text with the original where it matters")


def relinked_note(imported: Imported, domain: str) -> str:
    """What to check when relative links were pointed at the new site's root
    for want of the old page's address."""
    if not imported.relinked:
        return ""
    old, new = imported.relinked[0]
    return (f"{len(imported.relinked)} relative link(s) of the old page now point into https://{domain}/ "
            f"(first: {old} -> {new}): check them, or import again with --links-from and the address "
            "the old page was published at")


def _escape_tags(text: str) -> str:
    """What would still read as raw HTML, as text (`&lt;`): notice text has none."""
    out, in_fence = [], ""
    for line in text.split("\n"):
        if (fence := safety.fence_after(line, in_fence)) is not None:
            in_fence = fence
        elif not in_fence:
            spans = [m.span() for m in safety.CODE_SPAN.finditer(line)]
            line = TAG_LIKE.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in spans) else "&lt;", line)
        out.append(line)
    return "\n".join(out)


def commit_summary(message: str) -> str:
    """A version's summary from its source commit: the subject, or for a
    merged pull request ("Merge pull request #N from owner/branch", which
    names a person's branch) the title under it; without the "(#N)" a
    squash merge adds. "" when there is nothing fit to publish."""
    lines = [line.strip() for line in message.strip().split("\n")]
    subject = lines[0] if lines else ""
    if re.match(r"Merge (pull request|branch|remote-tracking branch)\b", subject):
        subject = next((line for line in lines[1:] if line), "")
    subject = re.sub(r"\s*\(#\d+\)$", "", subject)
    subject = "".join(c for c in subject if c.isprintable())
    if not subject or safety.RESERVED_TEXT.search(subject):
        return ""
    return subject[:200]


def validate(imported: Imported, summary: str = "Imported.") -> list[tuple[str, int, str, str]]:
    """The problems noticegen's own reader and checks find in the notice
    this import would write, as (file, line, message, the line's text):
    none, when the conversion did its work."""
    with tempfile.TemporaryDirectory(prefix="noticegen-import-check-") as work:
        folder = Path(work, "notices")
        write(imported, folder, "1", imported.effective or dt.date(2000, 1, 1), summary, "www.example.com")
        notice, problems = read_notice(folder)
        if notice is not None:
            known = set(notice_variables.builtin_values(notice.meta)) | set(notice.meta.variables)
            for text in notice.texts():
                problems += safety.problems_in(text.body, text.path, text.body_line)
                problems += notice_variables.problems_in(text.body, text.path, text.body_line, known)
        found = []
        for problem in sorted(problems):
            lines = problem.path.read_text(encoding="utf-8").split("\n") if problem.path.is_file() else []
            found.append((problem.path.name, problem.line, problem.message,
                          lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""))
        return found


def _explain(problems: list, raw: str) -> str:
    """The first problem, with the line of the source it came from."""
    name, line, message, text = problems[0]
    source = _source_line(raw, text)
    where = f"line {source}" if source else f"{name}:{line} of the converted notice"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {message}: {text.strip()[:80]!r}{more}"


def _source_line(raw: str, text: str) -> int:
    needle = re.sub(r"\s+", " ", text.strip().lstrip("#").strip())[:40]
    if len(needle) < 4:
        return 0
    for number, line in enumerate(raw.replace("\r\n", "\n").split("\n"), 1):
        if needle in re.sub(r"\s+", " ", line):
            return number
    return 0


# ---------------------------------------------------------------- writing


def set_aside(notices: Path, keep_in: Path) -> Path | None:
    """What `--force` replaces, moved whole (sections, sites.yml, site
    overrides, templates) to keep_in/notices-N, never deleted: the new
    notice starts from nothing, so no old override or exclusion points at
    sections that are gone."""
    if not notices.is_dir() or not any(notices.iterdir()):
        return None
    keep_in.mkdir(parents=True, exist_ok=True)
    number = 1
    while (keep_in / f"notices-{number}").exists():
        number += 1
    target = keep_in / f"notices-{number}"
    notices.rename(target)
    return target


def keep_site_settings(kept: Path | None, notices: Path, section_ids: set[str], domain: str) -> list[str]:
    """The replaced notice's sites.yml, back in notices/: the import brings a
    notice, not sites, so a site's regions, language, variables and publish
    settings stay as the author wrote them (comments too). Only an exclusion
    of a section the new notice does not have goes, since check would refuse
    it. Returns notes for the author; nothing when there was no sites.yml,
    or when `domain` (--domain) is a site it does not list: a new site, which
    write() lists alone."""
    if kept is None or not (kept / SITES_FILE).is_file():
        return []
    text = (kept / SITES_FILE).read_text(encoding="utf-8")
    if domain not in re.findall(r"(?m)^\s*-?\s*domain:\s*[\"']?([^\s\"'#]+)", text):
        return []
    dropped: list[tuple[str, str]] = []
    lines, domain, in_block, block_line = [], "", False, 0
    for line in text.split("\n"):
        found = re.match(r"^\s*-?\s*domain:\s*[\"']?([^\s\"'#]+)", line)
        if found:
            domain = found.group(1)
        flow = re.match(r"^(\s*exclude:\s*)\[([^\]#]*)\](.*)$", line)
        if flow:
            ids = [i.strip().strip("\"'") for i in flow.group(2).split(",") if i.strip()]
            dropped += [(domain, i) for i in ids if i not in section_ids]
            kept_ids = [i for i in ids if i in section_ids]
            line = f"{flow.group(1)}[{', '.join(kept_ids)}]{flow.group(3)}"
        if re.match(r"^\s*exclude:\s*(#.*)?$", line):  # a block list: its items follow
            in_block, block_line = True, len(lines)
            lines.append(line.replace("exclude:", "exclude: []", 1))  # until an item stays
            continue
        in_block = in_block and bool(re.match(r"^\s*-\s", line)) and not found
        item = re.match(r"^\s*-\s*[\"']?([A-Za-z0-9_-]+)[\"']?\s*(#.*)?$", line) if in_block else None
        if item and item.group(1) not in section_ids:
            dropped.append((domain, item.group(1)))
            continue
        if in_block:
            lines[block_line] = lines[block_line].replace("exclude: []", "exclude:", 1)
        lines.append(line)
    (notices / SITES_FILE).write_text("\n".join(lines), encoding="utf-8")
    note = f"{notices.name}/{SITES_FILE} is the replaced notice's (sites and their settings)"
    for site, section_id in dropped:
        note += f"; site {site} no longer excludes {section_id}, which the imported notice does not have"
    return [note]


def write(imported: Imported, notices: Path, version: str, effective: dt.date, summary: str,
          domain: str, force: bool = False, published: tuple[dt.date, str] | None = None) -> list[Path]:
    """Write notices/ from an imported notice; never overwrites without force."""
    existing = [p for p in notices.glob("*") if p.suffix in (".md", ".yml")] if notices.exists() else []
    if existing and not force:
        raise ImportError_(f"{notices} already holds a notice ({existing[0].name}, ...): "
                           "pass --force to replace it")
    notices.mkdir(parents=True, exist_ok=True)
    for path in existing:
        if path.suffix == ".md":
            path.unlink()
    written = []
    width = max(3, len(str(len(imported.sections) * 10)))
    for number, (section_id, title, body) in enumerate(imported.sections, 1):
        path = notices / f"{number * 10:0{width}d}-{section_id}.md"
        path.write_text(f"{_front_matter(section_id, title)}{body.strip()}\n", encoding="utf-8")
        written.append(path)
    if imported.preamble.strip():
        (notices / PREAMBLE_FILE).write_text(imported.preamble.strip() + "\n", encoding="utf-8")
        written.append(notices / PREAMBLE_FILE)
    address = imported.variables.get("postal_address", "").split("\n")
    meta = {
        "title": imported.title,
        "version": version,
        "effective": effective,
        "summary": summary,
        # A date object of its own: the same object twice would be dumped as a YAML anchor.
        **({"published": dt.date.fromordinal(published[0].toordinal())} if published else {}),
        # What the text does not say is a placeholder, which check reports until it is filled in.
        "controller": {
            "name": _plain(address[0]) if address and address[0] else fill_in("the legal name of the company"),
            "address": "\n".join(address[1:]) + "\n" if len(address) > 1 else fill_in("its postal address") + "\n",
            "email": imported.variables.get("contact_email", "fill-in@example.com"),
            "phone": imported.variables.get("contact_phone", ""),
        },
        "variables": {k: v for k, v in imported.variables.items()},
    }
    text = (yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
            .replace(f"version: '{version}'", f'version: "{version}"'))
    if published:
        # An imported version took effect before it is committed here, by design: `published:` says when it
        # appeared (release removes the line and this comment), so no command calls it backdated.
        text = text.replace("\npublished:", f"\n# This history was recorded after the fact: when version {version} "
                            f"was first published ({published[1]}).\npublished:", 1)
    (notices / NOTICE_FILE).write_text("# Written by noticegen import; check the controller details.\n" + text,
                                       encoding="utf-8")
    written.append(notices / NOTICE_FILE)
    if not (notices / SITES_FILE).exists():
        (notices / SITES_FILE).write_text(f"sites:\n  - domain: {domain}\n    name: {domain}\n"
                                          "    base_path: /privacy/\n", encoding="utf-8")
        written.append(notices / SITES_FILE)
    return written


@functools.lru_cache(maxsize=4096)
def _front_matter(section_id: str, title: str) -> str:
    return f"---\n{yaml.safe_dump({'id': section_id, 'title': title}, sort_keys=False, allow_unicode=True)}---\n"


def refuse_committed_history(project_root: Path, notices: Path) -> None:
    """A replay commits versions 1..N; on top of a history that already has
    versions they would be used twice, and committed history cannot be
    fixed by editing files. So --force replaces the working notice only."""
    import subprocess

    notice_file = (notices / NOTICE_FILE).relative_to(project_root).as_posix()
    first = subprocess.run(["git", "log", "--format=%H %P", "--reverse", "--", notice_file],
                           cwd=project_root, capture_output=True, text=True)
    if first.returncode != 0 or not first.stdout.strip():
        return  # no commit yet, or no committed notice: nothing to collide with
    sha, *parents = first.stdout.splitlines()[0].split()
    rewind = (f"or rewind the earlier one with git reset --hard {parents[0][:10]} (the commit before "
              f"{sha[:10]}, the first to commit {notice_file})" if parents else
              f"its first commit {sha[:10]} is the repository's first, so start over in a new one")
    raise ImportError_(f"the git history here already has committed versions of {notice_file}, and a history "
                       "import would number them again from 1 (import into a new folder or an empty repository, "
                       f"{rewind})")


def _in_git_work_tree(folder: Path) -> bool:
    import subprocess
    result = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=folder, capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() == "true"


def _path_in_repository(file: str, source: Path) -> str:
    """`file` as git names it: from the repository's root. An absolute path,
    or one from here, that leads into `source` is made so (it "never
    appeared in the history" before); anything else is taken as given."""
    given = Path(file)
    if not given.is_absolute() and not given.exists():
        return file
    try:
        return given.resolve().relative_to(source.resolve()).as_posix()
    except (OSError, ValueError):
        return file


def ordered_dates(commits: list) -> tuple[list[tuple[str, str]], str]:
    """Each version's date (ISO) and where it comes from: its source
    commit's, unless that date is out of order with the others (a clock that
    was wrong, a rebase that kept odd dates). Then it is the date of the
    version before it, the earliest it can have been published: a commit
    dated years before the one it follows would read as years of notice.
    The most commits in date order keep their own; with a note naming the others."""
    moments = [dt.datetime.fromisoformat(commit.date) for commit in commits]
    # The longest run of commits in date order (as committed), found by dynamic programming: n is small.
    longest, before = [1] * len(moments), [-1] * len(moments)
    for later in range(len(moments)):
        for earlier in range(later):
            if moments[earlier] <= moments[later] and longest[earlier] + 1 > longest[later]:
                longest[later], before[later] = longest[earlier] + 1, earlier
    kept, at = set(), max(range(len(moments)), key=lambda i: (longest[i], -i)) if moments else -1
    while at >= 0:
        kept.add(at)
        at = before[at]
    dates, moved, previous = [], [], None
    for number, commit in enumerate(commits):
        if number in kept or previous is None:
            dates.append((commit.date, "the date of source commit " + commit.sha[:10]))
            previous = commit
        else:
            dates.append((previous.date, f"the date of source commit {previous.sha[:10]}, the one before source "
                                         f"commit {commit.sha[:10]}, whose date {commit.date[:10]} is out of order"))
            moved.append(f"{commit.sha[:10]} ({commit.date[:10]})")
    if not moved:
        return dates, ""
    return dates, (f"source commit(s) {', '.join(moved)} are dated out of order with the commits around them: "
                   "each of their versions is dated as the version before it, the earliest it can have been "
                   "published")


@dataclass
class Replayed:
    versions: list[tuple[str, dt.date, str]]  # (version, effective, source commit)
    states: int  # states of the file found in the source
    notes: list[str] = field(default_factory=list)  # moves followed, states skipped


def replay_history(project_root: Path, notices: Path, source: Path, file: str, domain: str,
                   force: bool = False, links_from: str | None = None) -> Replayed:
    """Commit, in the project's repository, one version per state of `file`
    in the `source` repository (oldest first), following the file back
    across moves. States sharing an effective date are one version: the
    last text under that date. Effective dates come from the text, else from
    the source commit; author and dates of the source commit are kept.
    Every state is converted, and every version checked, before anything
    is written: one that cannot become a valid notice stops the import,
    naming its commit and line."""
    import os
    import subprocess

    from .gitlog import Git

    refuse_committed_history(project_root, notices)  # before the slow part: nothing else can make it work
    file = _path_in_repository(file, source)
    with Git(source) as git:
        head = git.head()
        if head is None:
            raise ImportError_(f"{source} has no commits")
        found, notes = git.file_states(file.removeprefix("./"), head)
        if git.is_shallow():
            notes.insert(0, f"{source} is a shallow clone: states older than its first commit are missing "
                            "(git fetch --unshallow there for the whole history)")
        states = []
        for number, (commit, path, blob) in enumerate(found, 1):
            try:
                states.append((commit, path, decode_document(git.read_blob(blob))))
            except NotText as exc:
                raise ImportError_(f"{path}:{exc.line} in source commit {commit.sha[:10]} ({commit.date[:10]}, "
                                   f"state {number} of {len(found)}): {exc}; commit the converted file "
                                   "there, or import from a later commit") from None
        messages = git.messages([commit.sha for commit, _, _ in found])
    if not states:
        raise ImportError_(f"{file} never appears in the history of {source} (give its path from the repository root)")
    groups: list[list] = []
    previous, known = None, {}
    for number, (commit, path, text) in enumerate(states, 1):
        where = f"{path} in source commit {commit.sha[:10]} ({commit.date[:10]}, state {number} of {len(states)})"
        try:
            imported = parse_text(text, path, domain, previous, known, links_from)
        except NoSections as exc:
            notes.append(f"skipped {where}: {exc}")
            continue
        except ImportError_ as exc:
            raise ImportError_(f"{where}: {exc}") from None
        for section_id, title, _ in imported.sections:
            known[_normal(title)] = section_id
        previous = imported
        effective = imported.effective or dt.date.fromisoformat(commit.date[:10])
        if groups and effective <= groups[-1][1]:
            groups[-1] = [commit, groups[-1][1], imported, where, text]  # same (or earlier) date: one version
        else:
            groups.append([commit, effective, imported, where, text])
    if not groups:
        raise ImportError_(f"no state of {file} in {source} has sections: " + "; ".join(notes[-3:]))
    if not links_from and (relative := relinked_note(groups[-1][2], domain)):
        notes.append(relative)
    hidden = [(where, imported.hidden) for _, _, imported, where, _ in groups if imported.hidden]
    if hidden:
        notes.append(hidden_note(hidden[0][1], hidden[0][0], len(hidden)))
    summaries = [commit_summary(messages.get(commit.sha, "")) for commit, *_ in groups]
    unsummarised = [str(number) for number, summary in enumerate(summaries, 1) if not summary]
    if unsummarised:
        notes.append(f"version(s) {', '.join(unsummarised)} had no commit subject to use as a summary: they say "
                     f"\"Version N\" (the last one's is `summary:` in {notices.name}/{NOTICE_FILE})")
    summaries = [summary or f"Version {number}" for number, summary in enumerate(summaries, 1)]
    for (_, _, imported, where, text), summary in zip(groups, summaries):
        problems = validate(imported, summary)
        if problems:
            raise ImportError_(f"{where}: {_explain(problems, text)}")
    existing = [p for p in notices.glob("*") if p.suffix in (".md", ".yml")] if notices.exists() else []
    if existing and not force:
        raise ImportError_(f"{notices} already holds a notice: pass --force to replace it")
    if not _in_git_work_tree(project_root):
        # README's "start in a new folder": the versions are commits, so the
        # folder becomes a repository (git add failed after notices/ was written).
        from .init import git_init_on_main
        git_init_on_main(project_root)
        notes.append(f"started a git repository in {project_root} (branch main) to commit the versions in")
    kept = set_aside(notices, project_root / ".noticegen" / "replaced")
    if kept:
        notes.append(f"the notice that was in {notices.name}/ is kept in {kept}")
        notices.mkdir(parents=True)
        notes += keep_site_settings(kept, notices, {section_id for section_id, _, _ in groups[-1][2].sections},
                                    domain)
    dates, moved = ordered_dates([commit for commit, *_ in groups])
    if moved:
        notes.append(moved)
    done = []
    for number, (commit, effective, imported, _, _) in enumerate(groups, 1):
        date, said = dates[number - 1]
        write(imported, notices, str(number), effective, summaries[number - 1], domain, force=True,
              published=(dt.date.fromisoformat(date[:10]), said))
        env = {"GIT_AUTHOR_NAME": commit.author or "noticegen import", "GIT_AUTHOR_EMAIL": commit.email or "import@localhost",
               "GIT_COMMITTER_NAME": commit.author or "noticegen import",
               "GIT_COMMITTER_EMAIL": commit.email or "import@localhost",
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        for args in (["add", "-A", "--", str(notices)],
                     ["commit", "-q", "--no-verify", "-m", f"Notice version {number} (effective {effective}), "
                      f"imported from {source.name} {commit.sha[:10]}"]):
            result = subprocess.run(["git", *args], cwd=project_root, capture_output=True, text=True,
                                    env={**os.environ, **env})
            if result.returncode != 0:
                raise ImportError_(f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
        done.append((str(number), effective, commit.sha))
    return Replayed(done, len(states), notes)
