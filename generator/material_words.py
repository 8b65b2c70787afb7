"""Material's own English on a page in a language Material has no words for
(issue 16, WCAG 3.1.2 Language of Parts): said to be English.

Material writes its interface ("Skip to content", "Back to top", the
contents' "Table of contents", "Initializing search") with `lang.t(key)`:
the site's language file, else English. On an `iu-CA` page Material has no
file (mkdocs_site.theme_language gives `en`), and a language that has one
may still lack a key (Material's French has no "Authors"): those strings
are English. Its language file cannot wrap them in spans (the same
`lang.t()` fills attributes), and the containers they sit in hold the
page's own words too (the header, the navigation), so the page's finished
markup is mended instead (mkdocs_hook.mend_page, which both renderers run):

- a text between two tags that is, whole, one of those strings gets a
  `<span lang="en">` (the article, the author's text, is left alone: it may
  say "Search" in its own language);
- the search results' line, which Material's script rewrites with its
  other fallen-back strings ("No matching documents"), gets `lang="en"`
  itself, as it holds nothing else;
- an icon-only link or button (the ¶ permalink, "Select language",
  "Clear") whose every `title`/`aria-label` is English gets `lang="en"`:
  an attribute's language is its element's, and the element says nothing
  else (a ¶, an SVG).

On English pages nothing is fallen back; French has every key the shipped
pages show, so French pages are the bytes they were.
"""
from __future__ import annotations

import functools
import html
import re

import jinja2

from . import fallback

# Material's settings, not words.
_NOT_WORDS = re.compile(r"^(language|direction|search\.config\..*)$")
# Words in Material's partials themselves, in English whatever the language (partials/copyright.html).
_LITERAL = ("Made with",)
# What Material's script writes in the search results' line (base.html's __config translations).
_SEARCH_LINE = ("search.result.initializer", "search.result.placeholder", "search.result.none",
                "search.result.one", "search.result.other")
_SEARCH_META = '<div class="md-search-result__meta">'
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*</article>', re.S)
_ICON_ONLY = re.compile(r"<(a|button)\b([^>]*)>(\s*(?:<svg\b[^>]*>.*?</svg>|&para;|¶)?\s*)</\1>", re.S)
_LABELS = re.compile(r' (?:title|aria-label)="([^"]*)"')


@functools.lru_cache(maxsize=64)
def english(theme_dirs: tuple[str, ...], theme_language: str, page_language: str) -> tuple[frozenset, bool]:
    """Material's strings that show in English on a `page_language` page
    whose Material language is `theme_language`, HTML-escaped as the theme
    writes them; and whether all of the search line's are."""
    if not page_language or page_language.split("-")[0].lower() == "en":
        return frozenset(), False
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(theme_dirs)))
    source, _, _ = env.loader.get_source(env, "partials/languages/en.html")
    keys = [key for key in re.findall(r'^\s*"([\w.]+)":', source, re.M) if not _NOT_WORDS.match(key)]
    english_file = env.get_template("partials/languages/en.html").make_module()
    own = english_file
    if theme_language.split("-")[0].lower() != "en":  # Material's English on a page not in English: all of it
        try:
            own = env.get_template(f"partials/languages/{theme_language}.html").make_module()
        except jinja2.TemplateNotFound:
            pass
    fallen = {key for key in keys if own is english_file or not str(own.t(key)).strip()}
    words = {html.escape(str(english_file.t(key)).strip(), quote=False) for key in fallen} | set(_LITERAL)
    return frozenset(word for word in words if fallback.has_words(word)), set(_SEARCH_LINE) <= fallen


def mark(output: str, theme_dirs, theme_language: str, page_language: str, attributes=()) -> str:
    """`output` with Material's English said so (see above); `attributes`:
    noticegen's own English in titles (the permalinks' "Link to this
    section", when its language has no word for it)."""
    words, search_line = english(tuple(theme_dirs), theme_language or "en", page_language)
    if not words and not attributes:
        return output
    article = _ARTICLE.search(output)
    start, end = (article.start(), article.end()) if article else (len(output), len(output))
    outside = (output[:start], output[end:])
    if search_line:
        outside = tuple(part.replace(_SEARCH_META, _SEARCH_META[:-1] + ' lang="en">') for part in outside)
    labels = words | {html.escape(fallback.plain(word)) for word in attributes}
    marked = [_icons(_texts(part, words), labels) for part in outside]
    return marked[0] + _icons(output[start:end], labels) + marked[1]


def _texts(markup: str, words: frozenset) -> str:
    """Each text between two tags that is, whole, one of `words`, in a span
    (not one whose element already says its language: idempotent, as the
    frame renderer mends its frame and then each page filled into it)."""
    if not words:
        return markup
    out, start, before = [], 0, ""
    for match in fallback.TOKEN.finditer(markup):
        out.append(_text(markup[start:match.start()], words, before))
        before = match.group(0)
        out.append(before)
        start = match.end()
    out.append(_text(markup[start:], words, before))
    return "".join(out)


def _text(text: str, words: frozenset, before: str) -> str:
    word = text.strip()
    if word not in words or " lang=" in before:
        return text
    lead = text[:len(text) - len(text.lstrip())]
    return f'{lead}<span lang="en">{word}</span>{text[len(lead) + len(word):]}'


def _icons(markup: str, labels: frozenset) -> str:
    def said(match: re.Match) -> str:
        tag, attributes = match.group(1), match.group(2)
        named = _LABELS.findall(attributes)
        if not named or " lang=" in attributes or not all(html.unescape(n) in _unescaped(labels) for n in named):
            return match.group(0)
        first = _LABELS.search(attributes).start()
        return f"<{tag}{attributes[:first]} lang=\"en\"{attributes[first:]}>{match.group(3)}</{tag}>"

    return _ICON_ONLY.sub(said, markup) if labels else markup


@functools.lru_cache(maxsize=64)
def _unescaped(labels: frozenset) -> frozenset:
    return frozenset(html.unescape(label) for label in labels)
