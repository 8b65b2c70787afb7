"""Nothing an author writes may run in a visitor's browser.

Two layers: `check` rejects raw HTML and script links with file and line
(so authors learn early), and the Markdown extension here escapes whatever
raw HTML remains and drops unsafe link targets when pages are rendered (so a
skipped check still cannot put active content on a page).
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .problems import Problem

TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--|<![A-Za-z]|<\?")
EVENT_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=", re.I)
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
LINK_TARGET = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)\s*((?:javascript|vbscript|data)\s*:)", re.I)
CODE_SPAN = re.compile(r"(`+).*?\1")
# Our own generated HTML (redlines, tables) reaches the page as one marker
# line. Author text can never carry one: `neutralize` runs on all of it.
TRUSTED_PREFIX = "<<noticegen-html:"
TRUSTED_LINE = re.compile(r"^<<noticegen-html:([A-Za-z0-9+/=]*)>>$")


def trusted_html(markup: str) -> str:
    """A Markdown block that renders as `markup`, unescaped. Only for HTML
    that noticegen generated and escaped itself."""
    return f"\n\n{TRUSTED_PREFIX}{base64.b64encode(markup.encode()).decode()}>>\n\n"


def neutralize(text: str) -> str:
    """Author text with any trusted-HTML marker turned into plain text."""
    return text.replace(TRUSTED_PREFIX, "&lt;&lt;noticegen-html:")


def problems_in(text: str, path: Path, first_line: int) -> list[Problem]:
    """Raw HTML and script links in Markdown `text` (code is exempt)."""
    result = []
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        prose = CODE_SPAN.sub("", line)
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
        if TRUSTED_PREFIX in prose:
            result.append(Problem(path, number, "text reserved for noticegen's own pages",
                                  f"remove {TRUSTED_PREFIX!r}"))
        link = LINK_TARGET.search(prose)
        if link:
            scheme = link.group(1).split(":")[0].strip().lower()
            result.append(Problem(path, number, f"a {scheme}: link is not allowed",
                                  "link to an https:// or mailto: address"))
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


def _decoded(url: str) -> str:
    # Browsers ignore control characters and entities inside a scheme.
    return re.sub(r"[\x00-\x20]", "", html.unescape(url))


class _TrustedBlocks(Preprocessor):
    def run(self, lines):
        result = []
        for line in lines:
            match = TRUSTED_LINE.match(line)
            if match:
                markup = base64.b64decode(match.group(1)).decode()
                result.append(self.md.htmlStash.store(markup))
            else:
                result.append(line)
        return result


class SafetyExtension(Extension):
    """Escape raw HTML (it shows as text), drop script links, and let
    noticegen's own marked blocks through."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(_TrustedBlocks(md), "noticegen_trusted_blocks", 25)
        md.treeprocessors.register(_DropUnsafeLinks(md), "noticegen_drop_unsafe_links", 5)


def makeExtension(**kwargs):  # Python-Markdown's entry point
    return SafetyExtension(**kwargs)
