"""noticegen's own words on a page in a language it has no messages in
(iu-CA) are English, and say so (issue 16, WCAG 3.1.2 Language of Parts):
`lang="en"` around them in HTML, plain words in JSON, the feed, emails and
PDF metadata; pages in English and in French (which has the messages) are
as they were."""
from __future__ import annotations

import json
import re
import sys
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


def test_materials_own_english_says_it_is_english(inuktitut):
    """Material has no iu translation, so its interface is its English
    (partials/languages/en.html): each of its texts there is a span, and
    the page's own words in the same containers (the header's title, the
    navigation's headings) are not; an archived page (filled into the frame
    renderer's frame, which was mended already) has each span once."""
    notice = page(inuktitut, "iu-CA/index.html")
    words = english_words(notice)
    for text in ("Skip to content", "Table of contents", "Back to top"):
        assert text in words, (text, words)
    assert re.search(r'<a href="#top" class="md-skip">\s*<span lang="en">Skip to content</span>\s*</a>', notice)
    assert len(re.findall(r'<label class="md-nav__title" for="__toc">\s*<span class="md-nav__icon md-icon"></span>'
                          r'\s*<span lang="en">Table of contents</span>\s*</label>', notice)) == 2, notice
    # Material's script rewrites the search line with its other English strings: the line says it.
    assert '<div class="md-search-result__meta" lang="en">' in notice
    assert 'lang="en" aria-label="Select language"' in notice
    # The page's own words beside them keep the page's language.
    assert re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*CompuCom Canada ', notice)
    assert 'lang="en">CompuCom' not in notice and 'lang="en">Déclaration' not in notice
    # The sidebar's and the navigation's link to noticegen's "Contents" heading (its text without the span).
    assert notice.count('<a href="#contents" class="md-nav__link" lang="en">') == 2
    archived = page(inuktitut, "iu-CA/versions/5/index.html")
    assert archived.count('<span lang="en">Skip to content</span>') == 1
    for path in inuktitut.rglob("*.html"):
        assert '<span lang="en"><span lang="en">' not in path.read_text(encoding="utf-8"), path


def test_attributes_of_elements_that_say_nothing_else_say_so_on_the_element(inuktitut):
    """A ¶ permalink's title, an icon button's name, a hidden checkbox's
    name: the element carries lang="en" (an attribute's language is its
    element's, and these hold no other words); the print button noticegen.js
    makes is told to (data-print-lang)."""
    notice = page(inuktitut, "iu-CA/index.html")
    links = re.findall(r'<a class="headerlink"[^>]*>', notice)
    assert links and all(' lang="en" title="Link to this section"' in link for link in links), links
    assert '<button type="reset" class="md-search__icon md-icon" lang="en" title="Clear"' in notice
    assert 'id="__drawer" lang="en" aria-label="Navigation"' in notice
    assert 'data-print="Print this notice" data-print-lang="en"' in notice
    # A section shown in the source language keeps the one lang its permalink had.
    assert notice.count('href="#retention" lang="en" title=') == 1
    # The selector's "English" is English (its own language, not noticegen's fallen-back "en").
    assert 'hreflang="en-CA" class="md-select__link" lang="en-CA" data-notice-counterpart=' in notice


def test_materials_english_is_the_same_bytes_from_either_renderer(tmp_path):
    """The frame renderer mends its frame and then each archived page filled
    into it; the portable one each page once: the same bytes."""
    from generator.build import build
    from generator.project import Project

    project = in_inuktitut(translated(tmp_path / "project"))
    for name, framed in (("framed", True), ("full", False)):
        result = build(Project(project), ["www.compucom.ca"], out=tmp_path / name, jobs=1, framed=framed, pdfs=False)
        assert result.built == ["www.compucom.ca"]
    files = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path / "framed") for p in (tmp_path / "framed").rglob("*") if p.is_file()) == files
    assert '<span lang="en">Skip to content</span>' in (tmp_path / "full" / "www.compucom.ca" / "iu-CA" / "versions"
                                                         / "5" / "index.html").read_text()
    assert [str(f) for f in files
            if (tmp_path / "framed" / f).read_bytes() != (tmp_path / "full" / f).read_bytes()] == []


def test_material_words_on_a_language_material_has_are_its_own(tmp_path):
    """Material's French lacks only "Authors" (a blog's): nothing the pages
    show; a project's override of a language file is read, not the installed one."""
    import os

    import material

    from generator import material_words

    installed = os.path.join(os.path.dirname(material.__file__), "templates")
    french, _ = material_words.english((installed,), "fr", "fr-CA")
    assert "Skip to content" not in french and "Authors" in french
    inuktitut, search_line = material_words.english((installed,), "en", "iu-CA")
    assert {"Skip to content", "Back to top", "Table of contents", "Made with"} <= inuktitut and search_line
    assert material_words.english((installed,), "en", "en-CA") == (frozenset(), False)
    override = tmp_path / "theme" / "partials" / "languages"
    override.mkdir(parents=True)
    (override / "fr.html").write_text('{% macro t(key) %}{{ {"language": "fr", "top": "Haut de page"}[key] }}'
                                      "{% endmacro %}")
    partial, _ = material_words.english((str(tmp_path / "theme"), installed), "fr", "fr-CA")
    assert "Skip to content" in partial and "Back to top" not in partial


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


def test_an_iu_ca_email_is_plain_text_and_its_html_says_it(tmp_path):
    """A project with its own iu-CA email (noticegen ships none): the
    detector's line per section, noticegen's English, is plain in the text
    and the subject, `lang="en"` in the HTML."""
    import shutil

    from generator.check import check
    from generator.notify import prepare
    from generator.project import Project
    from test_translations import significant_edit

    project = translated(tmp_path / "project")
    git(project, "mv", str(FR), str(IU))
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("languages: [en-CA, fr-CA]", "languages: [en-CA, iu-CA]"))
    shutil.copytree(Path(__file__).parent.parent / "generator" / "data" / "notifications" / "fr",
                    project / IU / "notifications")
    (project / IU / "notifications" / "banner.html").unlink()
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Inuktitut")
    significant_edit(project)
    retention = project / IU / "075-retention.md"
    retention.write_text(retention.read_text().replace("13 months", "25 ᐅᑭᐅᖅ"))
    new_version(project, "6", "2026-02-01", "Browser data is kept 25 months.", published=False)
    assert run("translate", "--mark-current", "iu-CA", "notice", "retention", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    assert run("build", "--no-pdf", cwd=project).code == 0
    people = tmp_path / "people.csv"
    people.write_text("email,name,language\nami@example.com,Ami,iu-CA\n")
    checked = check(Project(project))
    site = next(s for s in checked.sites if s.domain == "www.compucom.ca")
    mailing = prepare(Project(project), checked, site, "6", people)
    person = {"email": "ami@example.com", "name": "Ami", "language": "iu-CA"}
    message = mailing.message(person)
    text = message.get_body(("plain",)).get_content()
    assert "- How Long We Keep Your Personal Information : Now says “25 months” where it said “13 months”.\n" in text
    assert not MARKS.search(text + mailing.subject(person)) and "<span" not in text
    markup = message.get_body(("html",)).get_content()
    assert re.search(r'<span lang="en">Now says </span>', markup), markup
    assert not MARKS.search(markup)


def test_english_and_french_pages_are_the_bytes_they_were(tmp_path):
    """The same project built by this code and by the code before noticegen
    marked its English words (commit BEFORE, from this repository's git):
    every file of the English sites and of the French pages is the same
    (French has every message, so nothing is marked there), but the theme's
    script, which marks what it writes where the page says to."""
    import os
    import subprocess

    repository = Path(__file__).resolve().parent.parent
    if subprocess.run(["git", "-C", str(repository), "cat-file", "-e", f"{BEFORE}^{{commit}}"],
                      capture_output=True).returncode != 0:
        pytest.skip(f"not a git checkout holding commit {BEFORE}")
    from test_translations import release_minor_version

    before = tmp_path / "before"
    before.mkdir()
    archive = subprocess.run(["git", "-C", str(repository), "archive", BEFORE, "generator", "theme"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
    project = translated(tmp_path / "project")
    release_minor_version(project)
    old = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--no-pdf"], cwd=project,
                         env={**os.environ, "PYTHONPATH": str(before), "NOTICEGEN_CACHE": "off"},
                         capture_output=True, text=True)
    assert old.returncode == 0, old.stderr
    (project / "site").rename(tmp_path / "old-site")
    assert run("build", "--no-pdf", cwd=project).code == 0
    old_files = {p.relative_to(tmp_path / "old-site"): p.read_bytes() for p in (tmp_path / "old-site").rglob("*")
                 if p.is_file() and p.name != "manifest.json"}
    new_files = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*")
                 if p.is_file() and p.name != "manifest.json"}
    assert sorted(old_files) == sorted(new_files)
    for path in new_files:
        if path.suffix in (".html", ".xml"):
            new_files[path] = _as_before(new_files[path])
    for path in new_files:  # versions.json says whether a version is undecided since (issue 12, sig10)
        if path.suffix == ".json" and old_files[path] != new_files[path]:
            new_files[path] = json.dumps(_without_unsure(json.loads(new_files[path])), sort_keys=True).encode()
            old_files[path] = json.dumps(json.loads(old_files[path]), sort_keys=True).encode()
    # noticegen.js learnt to mark the words it writes (data-english, on no English or French page): the one file.
    assert {path.as_posix().split("assets/")[-1] for path in old_files if old_files[path] != new_files[path]} \
        <= {"javascripts/noticegen.js"}
    assert any("fr-CA" in path.parts for path in new_files)


# What changed on purpose since BEFORE (verify16): the selector's entry in another language says its
# language (WCAG 3.1.2), and French writes a space before the colon of noticegen's "{title}: {line}" lines.
_SINCE_BEFORE = (
    (rb'(class="md-select__link") lang="[^"]+"', rb"\1"),
    (rb"(<title>Version \d+) : ", rb"\1: "),
    (rb"(<strong>Changement important</strong>) : ", rb"\1: "),
    # the change summary's lines (the detector's lines beside them had their space already)
    (rb'(<li><a href="#change-[^"]*"[^>]*>[^<]*</a>) : (?=\d+ mots? ajout|nouvelle section|section supprim|d\xc3\xa9plac'
     rb"|renomm)", rb"\1: "),
    (rb", &quot;\{title\}: \{line\}&quot;: &quot;\{title\} : \{line\}&quot;", b""),
)


def _as_before(data: bytes) -> bytes:
    for pattern, replacement in _SINCE_BEFORE:
        data = re.sub(pattern, replacement, data)
    return data


def _without_unsure(value):
    if isinstance(value, dict):
        return {key: _without_unsure(item) for key, item in value.items() if key not in ("unsure", "undecided")}
    return [_without_unsure(item) for item in value] if isinstance(value, list) else value


BEFORE = "c7258d6"  # main before issue 16's marks on noticegen's English words


def test_a_versions_fingerprint_is_of_its_words_not_the_marks(tmp_path):
    """The fingerprint a consent record cites is of the words a person saw:
    noticegen's note in English on an iu-CA page, marked or not, is the same text."""
    from dataclasses import replace

    from conftest import copy_project
    from generator import fallback
    from generator.history import fingerprint
    from generator.notice import read_notice
    from generator.pages import site_text
    from generator.sites import load_sites

    project = copy_project(tmp_path / "project")
    notice, _ = read_notice(project / "notices")
    site = load_sites(project / "notices")[0]
    text = site_text(notice, site)
    (section, body), *rest = text.sections
    note = "!!! note \"Not yet translated\"\n\n    The source text of this section is shown.\n\n"
    plain, marked = (replace(text, sections=((section, words + body), *rest))
                     for words in (note, "!!! note \"" + fallback.marked("Not yet translated") + "\"\n\n    "
                                   + fallback.marked("The source text of this section is shown.") + "\n\n"))
    assert marked != plain and fingerprint(marked) == fingerprint(plain)


def test_marks_go_around_the_words_only():
    from generator import fallback

    marked = fallback.marked("# History of the {title}")
    assert marked.startswith("# ") and "{title}" in marked.format(title="{title}")
    link = fallback.marked("the {language} text controls: [read it]({link}).").format(language="X", link="https://a/")
    assert "](https://a/)" in link and fallback.plain(link) == "the X text controls: [read it](https://a/)."
    assert fallback.marked("“{quote}”") == "“{quote}”"  # no words, nothing marked
    assert fallback.capitalized(fallback.marked("adds this section")) == fallback.marked("Adds this section")


def test_a_marked_run_becomes_spans_that_nest_and_nothing_inside_a_tag():
    from generator import fallback

    words = fallback.marked("Read version {number} [here]({link}).").format(number="5", link="x")
    import markdown

    html = fallback.html(markdown.markdown(words))
    assert html == '<p><span lang="en">Read version </span>5 <a href="x"><span lang="en">here</span></a>.</p>'
    attribute = f'<th title="{fallback.marked("Version")}">{fallback.marked("Version")}</th>'
    assert fallback.html(attribute) == '<th title="Version"><span lang="en">Version</span></th>'
    assert fallback.html(f"<title>{fallback.marked('History')}</title>") == "<title>History</title>"
    assert fallback.html("<p>nothing marked</p>") == "<p>nothing marked</p>"


def test_a_mark_in_an_authors_link_does_not_hide_its_scheme():
    """Marks are dropped inside tags before the allow-list judges them, so
    `java\ufdd0script:` is judged as what it becomes."""
    import markdown

    html = markdown.markdown("[x](java\ufdd0script:alert(1)) and [y](\ufdd1javascript:alert(2))",
                             extensions=["generator.safety"])
    assert "javascript" not in html.lower() and "alert" not in html.split(">", 1)[0]


def test_an_iu_ca_pdfs_metadata_and_margins_are_plain(tmp_path, pdfs):
    """The PDF's title, subject and running header are text (no element can
    say a language there): noticegen's English words without their marks."""
    import pypdf

    project = in_inuktitut(translated(tmp_path / "project"))
    assert run("build", "--site", "www.compucom.ca", cwd=project).code == 0
    made = sorted((project / "site" / "www.compucom.ca" / "iu-CA").rglob("*.pdf"))
    assert made
    for path in made:
        reader = pypdf.PdfReader(path)
        text = str(dict(reader.metadata)) + "".join(page.extract_text() for page in reader.pages)
        assert not MARKS.search(text), path
    redline = pypdf.PdfReader(next(path for path in made if "changes" in path.name))
    assert "changes from version 5 to version 6" in redline.metadata.title
