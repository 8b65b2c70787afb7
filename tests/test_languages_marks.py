"""Words in another language than the page's say so (issue 16): on a French
page, a section shown in English is marked `lang="en-CA"` wherever its title
shows, and noticegen's own words around it keep the page's language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import git, run
from test_translations import FR, page, translated


@pytest.fixture(scope="module")
def retention_in_english(tmp_path_factory) -> Path:
    """Version 5 in French without its retention section, which the site
    publishes in English under the note."""
    project = translated(tmp_path_factory.mktemp("marks") / "project")
    (project / FR / "075-retention.md").unlink()
    sites = project / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "No French retention section yet")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    return project / "site" / "www.compucom.ca"


# The notice page is rendered by MkDocs, an archived version's filled into a frame (mkdocs_frames).
@pytest.mark.parametrize("path", ["fr-CA/index.html", "fr-CA/versions/5/index.html"])
def test_materials_links_to_a_section_in_english_say_so(retention_in_english, path):
    """The sidebar's contents (and the navigation's, on the notice page) link
    to the English section with its English title: marked `lang="en-CA"`, as
    the in-article contents list is; the translated sections' links are not."""
    html = page(retention_in_english, path)
    links = re.findall(r'<a href="#([a-z-]+)" class="md-nav__link"( lang="[^"]*")?>', html)
    assert ("retention", ' lang="en-CA"') in links, links
    assert [lang for id_, lang in links if id_ == "retention"] == [' lang="en-CA"'] * len(
        [id_ for id_, _ in links if id_ == "retention"])
    assert ("security", "") in links and not any(lang for id_, lang in links if id_ != "retention")


@pytest.mark.parametrize("path", ["fr-CA/index.html", "fr-CA/versions/5/index.html"])
def test_the_permalink_of_a_section_in_english_is_in_the_pages_language(retention_in_english, path):
    """The ¶ link's title is noticegen's French word, inside the English
    heading: it says it is French, so it is not read in an English voice."""
    html = page(retention_in_english, path)
    assert '<a class="headerlink" href="#retention" lang="fr-CA" title="Lien vers cette section">' in html
    assert '<a class="headerlink" href="#security" title="Lien vers cette section">' in html
    assert page(retention_in_english, "index.html").count('class="headerlink" href="#retention" lang=') == 0


def test_an_english_summary_in_the_french_feed_says_its_language(tmp_path):
    """Version 6 is released in English only: its French feed entry carries
    the English summary. Atom's text has no inline language, so the summary
    is HTML, the English in `<span lang="en-CA">`, noticegen's French words
    around it in the feed's language; a translated version's stays text."""
    import html
    import xml.etree.ElementTree as ET

    from test_translations import release_untranslated_version

    project = translated(tmp_path / "project")
    release_untranslated_version(project)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    atom = "{http://www.w3.org/2005/Atom}"

    def summaries(path: str) -> dict:
        feed = ET.fromstring(page(site, path))
        return {entry.find(f"{atom}id").text.rstrip("/").rsplit("/", 1)[1]: entry.find(f"{atom}summary")
                for entry in feed.iter(f"{atom}entry")}

    english, french = summaries("feed.xml"), summaries("fr-CA/feed.xml")
    assert all(summary.get("type") is None for summary in english.values())
    assert french["6"].get("type") == "html"
    match = re.fullmatch(r'Pas encore traduite : le texte anglais fait foi\. (.+) <span lang="en-CA">(.+)</span>',
                         french["6"].text)
    assert match, french["6"].text
    assert html.unescape(match.group(2)) == "Punctuation in the security section."
    assert english["6"].text.endswith(" Punctuation in the security section.")
    assert french["5"].get("type") is None and "<span" not in french["5"].text
