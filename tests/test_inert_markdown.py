"""inert_markdown: what a review report may hold to be posted by the
workflow's account, read against GitHub's own renderer (cmark-gfm, raw HTML
let through as GitHub's pipeline does before its sanitiser), for any text
(hypothesis searches for counter-examples)."""
from __future__ import annotations

import html
import re

import cmarkgfm
import cmarkgfm.cmark
from hypothesis import given, settings, strategies as st

from generator.inert_markdown import first_active
from generator.review import md_code, md_text

TEXT_TAGS = {"p", "code", "strong", "em", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4",
             "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br", "sub", "pre"}


def shown_active(markdown: str) -> str:
    """What GitHub would make of `markdown` beyond text ("" for nothing): a tag that is not text's (a link,
    an image, any HTML of the author's, a code block a diagram or map may be drawn from), or a mention
    or issue reference, which GitHub finds in the text as shown, outside code. (Math is GitHub's own,
    past cmark-gfm: a $ that is not escaped, which first_active refuses.)"""
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE)
    tags = sorted({tag.lower() for tag in re.findall(r"</?([A-Za-z][A-Za-z0-9-]*)", rendered)} - TEXT_TAGS)
    if tags or "<pre lang=" in rendered:  # an indented block is text; a fence's language may draw it
        return f"<{tags[0] if tags else 'pre lang'}> in {rendered!r}"
    shown = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", " ", rendered, flags=re.S)))
    found = re.search(r"[@#]\w", shown)
    return f"{found[0]!r} in {shown!r}" if found else ""


# Markdown's and GitHub's syntax, in pieces: what a forged report is made of.
PIECES = list("`\\[]()!<>&#@:.|*_~$-+= \n\tswah/;x") + [
    "<sub>", "</sub>", "&amp;", "&lt;", "&#64;", "&commat;", "www.", "http://", "mailto:", "a@b.c", "    ",
    "```", "\u2060", "[x]: ", "![", "| --- |", "\n\n", "> ", "- ", "1. "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=50).map("".join))
def test_what_passes_shows_as_text_on_github(markdown):
    if first_active(markdown) is None:
        assert shown_active(markdown) == "", markdown


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda text: text.split()))
def test_author_text_as_the_report_writes_it_passes(text):
    """md_text and md_code, the report's only ways in for author text, never write what is refused."""
    assert first_active(f"**x** {md_text(text)}: y\n") is None, md_text(text)
    assert shown_active(md_text(text)) == "", md_text(text)
    assert first_active(f"x {md_code(text)} y\n") is None, md_code(text)  # a | too (git allows it in a branch)
    assert shown_active(f"x {md_code(text)} y\n") == "", md_code(text)
    assert first_active(f"| {md_code(text, table=True)} | {md_text(text)} |\n") is None, md_code(text, table=True)
