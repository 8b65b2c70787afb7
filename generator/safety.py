"""Nothing an author writes may run in a visitor's browser.

Three layers:

- `check` rejects raw HTML, attribute lists (`{: onclick=... }`), images
  and script links with file and line, so authors learn early;
- the Markdown extension here escapes whatever raw HTML remains and drops
  unsafe link targets while converting;
- and, last, every converted fragment passes nh3 (Rust's ammonia) with an
  allow-list of elements, attributes, classes and URL schemes, so nothing
  that got past the first two (an extension a project added, a bug in ours)
  reaches a page, the embed or notice.json. Only HTML noticegen generated
  and escaped itself (`trusted_html`) is restored after that pass.

`clean_banner` and `clean_email_body` hold template output to allow-lists too.
"""
from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import fallback
from .problems import Problem

TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--|<![A-Za-z]|<\?")
EVENT_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=", re.I)
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
# The scheme of a link target: inline `](x:`, reference `]: x:`, autolink `<x:` (an escaped `\]` is text).
LINK_SCHEME = re.compile(r"(?:(?<!(?<!\\)\\)\]\(\s*<?|(?<!(?<!\\)\\)\]:\s*<?|<)\s*([A-Za-z][A-Za-z0-9+.-]*)\s*:")
CODE_SPAN = re.compile(r"(`+).*?\1")
# Python-Markdown's attr_list: `{: #id .class key=value }` after a block or an
# inline element. An anchor id alone (`### Legal basis { #legal-basis }`) is allowed; `\{` is text.
BRACES = re.compile(r"(?<!(?<!\\)\\)\{[^{}\n]*\}")  # innermost {...}: linear however many { a line holds
ANCHOR_ONLY = re.compile(r"^\{:?[ ]*#([a-z0-9][a-z0-9_-]*)[ ]*\}$")
IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")

# What author text may become. Elements Markdown produces, no images (a
# visitor's browser would fetch them from wherever they point), no style.
AUTHOR_TAGS = {"p", "a", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "hr", "br",
               "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
               "sup", "sub", "abbr", "dl", "dt", "dd", "del", "ins", "span", "div", "small"}
# `lang` on a link: noticegen's own (the contents' link to a section shown in the source language), and on a
# span: noticegen's words in English on a page in another language (fallback.py); `check` refuses an
# author's attribute list.
AUTHOR_ATTRIBUTES = {"*": {"id"}, "a": {"href", "title", "lang"}, "abbr": {"title"}, "th": {"scope"},
                     "span": {"lang"}}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Classes our own Markdown gives (permalinks, the contents heading, admonitions).
AUTHOR_CLASSES = {"a": {"headerlink"}, "h2": {"notice-contents"},
                  "div": {"admonition", "note", "info", "warning", "danger"}, "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # tel: a notice's contact number
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

BANNER_TAGS = {"strong", "em", "b", "i", "a", "span", "br", "code"}
EMAIL_TAGS = AUTHOR_TAGS - {"div"} | {"div", "center"}
EMAIL_STYLE = {"font-family", "font-size", "font-weight", "line-height", "color", "background-color",
               "max-width", "margin", "padding", "text-align", "text-decoration", "border"}
# Our own generated HTML (redlines, tables) reaches the page as one marker
# line. Author text can never carry one: `neutralize` runs on all of it.
TRUSTED_PREFIX = "<<noticegen-html:"
# Markers the build fills pages in by (mkdocs_frames): author text may not carry them.
RESERVED_TEXT = re.compile(r"noticegen-?frame|<<noticegen-html:", re.I)
TRUSTED_LINE = re.compile(r"^<<noticegen-html:([A-Za-z0-9+/=]*)>>$")


def trusted_html(markup: str) -> str:
    """A Markdown block that renders as `markup`, unescaped. Only for HTML
    that noticegen generated and escaped itself."""
    return f"\n\n{TRUSTED_PREFIX}{base64.b64encode(markup.encode()).decode()}>>\n\n"


def neutralize(text: str) -> str:
    """Author text with any trusted-HTML marker turned into plain text."""
    return text.replace(TRUSTED_PREFIX, "&lt;&lt;noticegen-html:")


# "1. 1. 1. …" or "- - - …": each marker opens a list inside the last; a thousand of them made
# Python-Markdown's block parser recurse past Python's limit (an internal error after check passed).
LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
DEEP_LIST = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+){20,}")


FENCE = re.compile(r"(`{3,}|~{3,})")


def fence_after(line: str, open_fence: str) -> str | None:
    """The fence open after `line` ("" for none), or None when the line is
    no fence's: a ``` line inside a ```` block (code that shows a fence)
    neither opens nor closes one."""
    match = FENCE.match(line.lstrip())
    if not match:
        return None
    run = match.group(1)
    if not open_fence:
        return run
    return "" if run[0] == open_fence[0] and len(run) >= len(open_fence) else None


def problems_in(text: str, path: Path, first_line: int) -> list[Problem]:
    """Raw HTML and script links in Markdown `text` (code is exempt)."""
    from .code_spans import masked_lines

    result = []
    # What is not in a code span, as Markdown pairs backticks across the lines of a paragraph. The
    # site's Markdown has no fenced blocks: a ``` fence is a span, which a blank line ends.
    for number, (line, prose) in enumerate(zip(text.split("\n"), masked_lines(text)), start=first_line):
        if nested := DEEP_LIST.match(line):
            depth = len(LIST_MARKER.findall(nested.group(0)))
            result.append(Problem(path, number, f"a list nested {depth} levels deep on one line (Markdown's parser "
                                  f"gives up past a few hundred; a notice needs a handful)",
                                  "write the items on lines of their own, or escape a marker as 1\\. or \\-"))
            continue
        tag = TAG.search(prose)
        if tag:
            name = (tag.group(2) or "").lower()
            if name == "script":
                what = "a <script> element"
            elif EVENT_ATTRIBUTE.search(prose[tag.start():]):
                what = f"an event-handler attribute ({EVENT_ATTRIBUTE.search(prose[tag.start():]).group(0).rstrip('= ')}=)"
            elif name:
                what = f"raw HTML <{tag.group(1)}{name}>"
            else:
                what = f"raw HTML {tag.group(0)!r}"
            result.append(Problem(path, number, f"{what} is not allowed in notice text",
                                  "use Markdown instead; write &lt; for a literal <"))
        listed = next((m for m in BRACES.finditer(prose)
                       if is_attribute_list(m.group(0)) and not ANCHOR_ONLY.match(m.group(0))), None)
        if listed:
            result.append(Problem(path, number, f"an attribute list {listed.group(0)!r} is not allowed in notice text",
                                  "keep only an anchor like { #my-id } (lower case); noticegen sets styles itself; "
                                  "write \\{ for a literal {"))
        if IMAGE.search(prose):
            result.append(Problem(path, number, "an image is not allowed in notice text (a visitor's browser "
                                  "would fetch it from where it points)", "describe it in words, or link to it"))
        if TRUSTED_PREFIX not in prose and RESERVED_TEXT.search(prose):
            result.append(Problem(path, number, f"text reserved for noticegen's own pages: "
                                  f"{RESERVED_TEXT.search(prose).group(0)!r}", "reword it"))
        if TRUSTED_PREFIX in prose:
            result.append(Problem(path, number, "text reserved for noticegen's own pages",
                                  f"remove {TRUSTED_PREFIX!r}"))
        # The sanitiser would drop any other link without a word: say so here.
        link = next((m for m in LINK_SCHEME.finditer(prose) if m.group(1).lower() not in URL_SCHEMES), None)
        if link:
            result.append(Problem(path, number, f"a {link.group(1).lower()}: link is not allowed",
                                  "link to an https://, mailto: or tel: address, or to a page of this site"))
    return result


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and UNSAFE_SCHEME.match(_decoded(value)):
                    del element.attrib[attribute]
                    if element.tag == "a":  # keep the words, lose the link
                        element.tag = "span"


def script_link(url: str) -> bool:
    """A link target that a browser would run (javascript:, vbscript:) or
    read as a page of its own (data:), however its scheme is written."""
    return bool(UNSAFE_SCHEME.match(_decoded(url)))


def _decoded(url: str) -> str:
    # Browsers ignore control characters and entities inside a scheme (and the marks go before a page is done).
    return re.sub(r"[\x00-\x20]", "", fallback.plain(html.unescape(url)))


def is_attribute_list(braces: str) -> bool:
    """`{...}` as attr_list would read it: `{:` always; otherwise any
    #id, .class or key=value among its words (`{{ name }}` is a variable)."""
    inner = braces[1:-1].strip()
    return braces.startswith("{:") or any(word.startswith(("#", ".")) or "=" in word for word in inner.split())


def anchors_in(text: str) -> list[tuple[int, str]]:
    """(line offset, id) of every `{ #id }` anchor an author wrote."""
    from .code_spans import masked_lines

    found = []
    for number, line in enumerate(masked_lines(text)):
        for match in BRACES.finditer(line):
            anchor = ANCHOR_ONLY.match(match.group(0))
            if anchor:
                found.append((number, anchor.group(1)))
    return found


def _safe_id(tag: str, attribute: str, value: str) -> str | None:
    # An id an author sets could take over one of the theme's (`__drawer`); a lang is a language tag.
    if attribute == "id":
        return value if SAFE_ID.match(value) else None
    if attribute == "lang":
        return value if LANGUAGE_TAG.match(value) else None
    return value


def clean_author_html(fragment: str) -> str:
    """`fragment` holding only allow-listed elements, attributes, classes
    and http(s)/mailto or relative URLs; comments removed."""
    return nh3.clean(fragment, tags=AUTHOR_TAGS, attributes=AUTHOR_ATTRIBUTES, allowed_classes=AUTHOR_CLASSES,
                     url_schemes=URL_SCHEMES, attribute_filter=_safe_id, link_rel=None, strip_comments=True)


def clean_banner(fragment: str) -> str:
    """The change banner (from a template): inline text and links only
    (noticegen's English words in a language without its own said so first)."""
    return nh3.clean(fallback.html(fragment), tags=BANNER_TAGS, attributes={"a": {"href", "hreflang"},
                                                                           "span": {"lang"}},
                     url_schemes=URL_SCHEMES, attribute_filter=_safe_id, link_rel=None, strip_comments=True)


def clean_email_body(fragment: str) -> str:
    """The inside of an HTML email's <body>: the author allow-list plus
    simple inline styles (mail clients ignore style sheets), no images
    (noticegen's English words in a language without its own said so first)."""
    return nh3.clean(fallback.html(fragment), tags=EMAIL_TAGS,
                     attributes={"*": {"style"}, "a": {"href", "title"}, "span": {"lang"}},
                     url_schemes=URL_SCHEMES, filter_style_properties=EMAIL_STYLE, attribute_filter=_safe_id,
                     link_rel=None, strip_comments=True)


@dataclass(frozen=True)
class Dropped:
    what: str  # what was taken out, for a sentence
    fix: str
    written: tuple[str, ...]  # how it may be spelt in the template, most precise first


def all_dropped(fragment: str, cleaned: str) -> list[Dropped]:
    """What the allow-list took out of `fragment` to give `cleaned` (each
    element, attribute or style property lost, in order), said so a
    template's author can fix it; empty when only comments and spelling changed."""
    before, after = _start_tags(fallback.html(fragment)), _start_tags(cleaned)
    kept = iter(after)
    current = next(kept, None)
    found = []
    for tag, attributes in before:
        if current is None or current[0] != tag:
            found.append(Dropped(f"<{tag}>, an element it does not allow here", "remove it; write the words without it",
                                 (f"<{tag}",)))
            continue  # gone: the next one is compared with the same kept element
        for name, value in attributes.items():
            shown = value if len(value) <= 60 else value[:57] + "..."
            if name not in current[1] and name == "href":
                found.append(Dropped(f"the link to {shown!r} on <{tag}>", "link to an https://, mailto: or tel: "
                                     "address, or to a page of this site", (value[:30], f"{name}=")))
            elif name not in current[1]:
                found.append(Dropped(f"the {name}={shown!r} attribute of <{tag}>", "remove the attribute",
                                     (f"{name}={value[:20]}", f"{name}=\"{value[:20]}", f"{name}=")))
            elif name == "style" and (lost := _style_properties(value) - _style_properties(current[1][name])):
                found.append(Dropped(f"the style {', '.join(sorted(lost))} of <{tag}>",
                                     "keep to " + ", ".join(sorted(EMAIL_STYLE)) + " (no images)",
                                     tuple(sorted(lost))))
        current = next(kept, None)
    return found


def _style_properties(style: str) -> set[str]:
    return {part.split(":", 1)[0].strip().lower() for part in style.split(";") if ":" in part}


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def _start_tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = _StartTags()
    parser.feed(markup)
    parser.close()
    return parser.tags


class _MarkFallbacks(Postprocessor):
    """noticegen's words in English on a page in another language: `lang`
    spans (fallback.py), before the allow-list below judges them."""

    def run(self, text):
        return fallback.html(text)


class _Sanitise(Postprocessor):
    """Runs before Python-Markdown restores stashed HTML, so noticegen's own
    blocks (still placeholders) are kept while everything else is cleaned."""

    def run(self, text):
        return clean_author_html(text)


class _TrustedBlocks(Preprocessor):
    def run(self, lines):
        result = []
        for line in lines:
            match = TRUSTED_LINE.match(line)
            if match:
                markup = base64.b64decode(match.group(1)).decode()
                result.append(self.md.htmlStash.store(fallback.html(markup)))
            else:
                result.append(line)
        return result


class SafetyExtension(Extension):
    """Escape raw HTML (it shows as text), drop script links, clean the
    result against the allow-list, and let noticegen's own marked blocks through."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(_TrustedBlocks(md), "noticegen_trusted_blocks", 25)
        md.treeprocessors.register(_DropUnsafeLinks(md), "noticegen_drop_unsafe_links", 5)
        md.postprocessors.register(_MarkFallbacks(md), "noticegen_mark_fallbacks", 45)
        md.postprocessors.register(_Sanitise(md), "noticegen_sanitise", 40)  # raw_html restores at 30


def makeExtension(**kwargs):  # Python-Markdown's entry point
    return SafetyExtension(**kwargs)
