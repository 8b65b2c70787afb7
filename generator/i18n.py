"""The words noticegen itself writes on a page, and its dates, in the
language of the page being made.

A site's pages are planned in one language at a time (`speaking`): `t()`
gives noticegen's own text in that language from `data/messages/<lang>.yml`
(keyed by the English text; a message with no translation stays English,
its words marked as such, see fallback.py), and `format_date` the date as
people write it there (Babel's CLDR data).
English keeps noticegen's fixed format (`19 November 2013`), whatever the
machine's locale: the same commit gives the same bytes.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
from pathlib import Path

from . import fallback

MESSAGES = Path(__file__).parent / "data" / "messages"
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")

_language = contextvars.ContextVar("noticegen_language", default="en")


@contextlib.contextmanager
def speaking(language: str):
    """noticegen's own words and dates in `language` inside the block."""
    token = _language.set(language or "en")
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


def _english(language: str) -> bool:
    return language.split("-")[0] == "en"


def t(text: str) -> str:
    """`text` (noticegen's English) in the current language; on a page in
    another language with no translation of it, the English marked as
    fallen back (fallback.py: each output says so or drops the marks)."""
    language = _language.get()
    if _english(language):
        return text
    translated = _catalog(language).get(text)
    return translated if isinstance(translated, str) else fallback.marked(text)


def translates(text: str) -> bool:
    """Whether the current language has its own words for `text`."""
    language = _language.get()
    return not _english(language) and isinstance(_catalog(language).get(text), str)


@functools.lru_cache(maxsize=16)
def _catalog(language: str) -> dict[str, str]:
    import yaml

    path = _catalog_file(language)
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path else {}


def _catalog_file(language: str) -> Path | None:
    for name in (language, language.split("-")[0]):
        path = MESSAGES / f"{name}.yml"
        if path.is_file():
            return path
    return None


def has_messages(language: str) -> bool:
    """Whether noticegen writes its own words in `language` (English, or a
    catalog of its own); without one they stay English on its pages."""
    return _english(language) or _catalog_file(language) is not None


def words_language(language: str) -> str:
    """The language noticegen's own words are in on a page in `language`:
    that one, or English ("en") where it has no messages (iu-CA)."""
    return language if has_messages(language) else "en"


def format_date(day: dt.date) -> str:
    """`19 November 2013`; in French `19 novembre 2013` (Babel's long format)."""
    language = _language.get()
    if _english(language):
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date as babel_date

    text = babel_date(day, format="long", locale=language.replace("-", "_"))
    if language.split("-")[0] == "fr" and day.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]  # le 1er janvier, as French writes the first of a month
    return text


def language_name(language: str) -> str:
    """The language's name in itself: English, Français."""
    from babel import Locale

    try:
        name = Locale.parse(language.split("-")[0]).get_display_name(language.split("-")[0]) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:]


def language_name_in(language: str, speaking: str) -> str:
    """`language` as `speaking` names it, as the middle of a sentence
    writes it: "anglais" in French, "English" in English."""
    from babel import Locale

    base = language.split("-")[0]
    try:
        name = Locale.parse(speaking.replace("-", "_")).languages.get(base) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:] if _english(speaking) else name
