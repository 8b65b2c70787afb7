"""noticegen's own words on a page in a language it has no messages in
(iu-CA) are English, and say so (issue 16, WCAG 3.1.2 Language of Parts):
`lang="en"` around them in HTML, plain words in JSON, the feed, emails and
PDF metadata; pages in English and in French (which has the messages) are
as they were."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import git, run
from test_translations import FR, minor_edit, new_version, page, translated

IU = Path("notices/translations/iu-CA")
MARKS = re.compile("[\ufdd0\ufdd1]")


def in_inuktitut(project: Path) -> Path:
    """The French translation moved to iu-CA (the machinery does not read
    the words), committed; version 6 (a minor edit) released with its iu-CA
    title, summary and edit marked current, so there is a redline, and its
    retention section not translated (shown in English under the note)."""
    git(project, "mv", str(FR), str(IU))
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("languages: [en-CA, fr-CA]",
                                               "languages: [en-CA, iu-CA]\n    stale_translations: {significant: note}"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Inuktitut")
    minor_edit(project)
    new_version(project, "6", "2026-02-01", "Punctuation in the security section.", published=False)
    meta = project / IU / "notice.yml"
    meta.write_text(re.sub(r'summary: ".*"', 'summary: "ᓇᓗᓇᐃᖅᓯᒋᐊᖃᖅᑐᑦ."', meta.read_text()))
    security = project / IU / "020-security.md"
    security.write_text(security.read_text().replace("Collectively, we", "Collectively we"))
    assert run("translate", "--mark-current", "iu-CA", "notice", "security", cwd=project).code == 0
    (project / IU / "075-retention.md").unlink()  # shown in English, under noticegen's note
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    return project


@pytest.fixture(scope="module")
def inuktitut(tmp_path_factory) -> Path:
    project = in_inuktitut(translated(tmp_path_factory.mktemp("iu") / "project"))
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    return project / "site" / "www.compucom.ca"


def english_words(html: str) -> list[str]:
    """The text of every `lang="en"` element (spans, and elements marked whole)."""
    return [re.sub(r"<[^>]+>", "", inner) for _, inner in re.findall(r'<(\w+)[^>]* lang="en"[^>]*>(.*?)</\1>', html)]


def test_the_notice_pages_words_say_they_are_english(inuktitut):
    notice = page(inuktitut, "iu-CA/index.html")
    words = english_words(notice)
    assert "Effective:" in words and "Version:" in words and "All versions" in words, words
    assert "Contents" in words, words
    assert not MARKS.search(notice)
    # The date Babel wrote in iu-CA, the version number and the notice's title are not marked.
    dates = notice[notice.index('<p class="notice-meta">'):]
    dates = dates[:dates.index("</p>")]
    assert re.search(r'<strong><span lang="en">Effective:</span></strong> [^<]*2026 · ', dates), dates


def test_the_history_tables_headings_say_they_are_english(inuktitut):
    history = page(inuktitut, "iu-CA/history/index.html")
    headings = re.findall(r'<th scope="col">(.*?)</th>', history)
    assert headings == [f'<span lang="en">{name}</span>' for name in
                        ("Version", "Status", "In force", "Summary", "Change", "What changed")], headings
    # In attributes the words are plain.
    assert 'data-label="Version"' in history
    assert not MARKS.search(history)


def test_the_redline_legend_says_it_is_english(inuktitut):
    redline = page(inuktitut, "iu-CA/changes/5..6/index.html")
    legend = redline[redline.index('<p class="notice-legend">'):]
    legend = legend[:legend.index("</p>") + 4]
    assert legend == ('<p class="notice-legend"><span lang="en">Inserted text is </span><ins class="notice-ins">'
                      '<span lang="en">underlined</span></ins><span lang="en">, deleted text is </span>'
                      '<del class="notice-del"><span lang="en">struck through</span></del>.</p>'), legend
    assert not MARKS.search(redline)


def test_the_themes_words_from_noticegen_say_they_are_english(inuktitut):
    """The navigation's labels and the sidebar's contents are noticegen's
    words too (the nav titles, the headings); the tab's title is text only."""
    history = page(inuktitut, "iu-CA/history/index.html")
    assert '<span class="md-ellipsis"><span lang="en">Compare versions</span></span>' in history or \
        re.search(r'<span class="md-ellipsis">\s*<span lang="en">Compare versions</span>', history), history
    title = re.search(r"<title>(.*?)</title>", history).group(1)
    assert "<" not in title and "History" in title
    missing = page(inuktitut, "iu-CA/does-not-exist.html") if (inuktitut / "iu-CA/does-not-exist.html").exists() \
        else page(inuktitut, "iu-CA/404.html")
    assert '<h1><span lang="en">Page not found</span></h1>' in missing


def test_nothing_but_html_carries_a_mark_or_a_span(inuktitut):
    """versions.json, notice.json, the feed, the search index and the
    embeds' JSON: the plain words."""
    for name in ("iu-CA/versions.json", "iu-CA/feed.xml", "iu-CA/versions/6/notice.json",
                 "iu-CA/search/search_index.json"):
        text = page(inuktitut, name)
        assert not MARKS.search(text) and "\\ufdd" not in text, name
        assert 'lang=\\"en\\"' not in text and 'lang="en"' not in text and "lang=&quot;en" not in text, name
    # The embeds' JSON: its `html` is HTML (so it says it), its text, Markdown and notes are plain.
    parts = json.loads(page(inuktitut, "iu-CA/notice.json"))["sections"]
    noted = [part for part in parts if "note" in part]
    assert noted and all('lang="en"' in part["html"] for part in noted)
    assert not any("<" in part["note"] + part["text"] or MARKS.search(part["note"] + part["markdown"])
                   for part in noted)
    data = json.loads(page(inuktitut, "iu-CA/versions.json"))
    assert data["versions"][0]["effective_text"]
    feed = page(inuktitut, "iu-CA/feed.xml")
    assert "<title>iu-CA" not in feed and "Version 6" in feed
    for path in inuktitut.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            assert not MARKS.search(path.read_text(encoding="utf-8", errors="replace")), path


def test_the_embeds_say_it_too(inuktitut):
    fragment = page(inuktitut, "iu-CA/embed.html")
    assert '<span lang="en">Effective:</span>' in fragment
    assert "&#65000;" not in fragment and "&#65001;" not in fragment  # U+FDD0, U+FDD1 as references
