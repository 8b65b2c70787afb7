"""One notice in many languages (issue 16): translations beside the source,
their fingerprints, staleness judged by the significance detector, and
check listing what is missing or stale per site and language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import cli_env, copy_project, git, run

FR = Path("notices/translations/fr-CA")


def untranslated(dest: Path) -> Path:
    """The shipped project without its French translation, committed: www.compucom.ca
    still lists en-CA and fr-CA."""
    import shutil

    project = copy_project(dest, commit=False, translated=True)
    shutil.rmtree(project / "notices" / "translations")
    assert "languages: [en-CA, fr-CA]" in (project / "notices" / "sites.yml").read_text()
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Notice")
    return project


def translate_all(project: Path) -> None:
    """Start every translation and "translate" it: the FILL IN lines go,
    each paragraph is marked as French (enough for the machinery)."""
    result = run("translate", "--start", "fr-CA", cwd=project)
    assert result.code == 0, result.err
    for path in (project / FR).rglob("*.md"):
        text = path.read_text()
        text = re.sub(r"FILL IN: translate the text below into fr-CA, then delete this line.\n\n", "", text)
        text = text.replace('title: "FILL IN: ', 'title: "')
        path.write_text(text.replace("\nWe ", "\nNous ").replace("personal information", "renseignements personnels"))
    meta = project / FR / "notice.yml"
    text = meta.read_text()
    text = re.sub(r'title: ".*"', 'title: "Déclaration de confidentialité"', text)
    text = re.sub(r'summary: ".*"', 'summary: "Droits en Californie; transferts selon les clauses types."', text)
    meta.write_text(text)


def translated(dest: Path) -> Path:
    """The shipped project with every text translated into French, committed."""
    project = untranslated(dest)
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "French translation")
    return project


def new_version(project: Path, number: str, effective: str, summary: str, published: bool = True) -> None:
    """notice.yml's version, effective date and summary (without `published`
    when False: a version recorded as it is released)."""
    meta = project / "notices" / "notice.yml"
    text = re.sub(r'^version: .*$', f'version: "{number}"', meta.read_text(), flags=re.M)
    text = re.sub(r'^effective: .*$', f'effective: {effective}', text, flags=re.M)
    text = re.sub(r'^summary: .*$', f'summary: "{summary}"', text, flags=re.M)
    meta.write_text(text if published else re.sub(r'^published: .*\n', '', text, flags=re.M))


@pytest.fixture
def french(tmp_path) -> Path:
    project = translated(tmp_path / "project")
    return project


def test_a_site_language_without_translation_is_refused(tmp_path):
    project = untranslated(tmp_path / "project")
    result = run("check", cwd=project)
    assert result.code == 1
    assert "notices/sites.yml:" in result.err
    assert "publishes fr-CA, but notices/translations/fr-CA/ does not exist" in result.err
    assert "noticegen translate --start fr-CA" in result.err


def test_start_writes_fill_ins_that_check_refuses(tmp_path):
    project = untranslated(tmp_path / "project")
    result = run("translate", "--start", "fr-CA", cwd=project)
    assert result.code == 0, result.err
    assert (project / FR / "075-retention.md").exists()
    # The Canadian site's own Contact Us is translated per site; the EU and US sections are not shown there.
    assert (project / FR / "sites" / "www.compucom.ca" / "contact-us.md").exists()
    assert not (project / FR / "130-dispute-resolution.md").exists()
    text = (project / FR / "075-retention.md").read_text()
    assert re.search(r"^translates: sha256:[0-9a-f]{64}$", text, re.M)
    check = run("check", cwd=project)
    assert check.code == 1
    assert "notices/translations/fr-CA/075-retention.md:6: a placeholder is not filled in" in check.err
    assert "notices/translations/fr-CA/075-retention.md:3: a placeholder is not filled in" in check.err  # the title
    # Never overwrites.
    again = run("translate", "--start", "fr-CA", "retention", cwd=project)
    assert "kept notices/translations/fr-CA/075-retention.md" in again.out
    assert (project / FR / "075-retention.md").read_text() == text


def test_current_translation_checks_and_lists(french):
    result = run("check", cwd=french)
    assert result.code == 0, result.err
    assert "www.compucom.ca fr-CA: 16 of 16 texts translated and current" in result.out


def test_missing_translation_blocks_with_the_file(french):
    (french / FR / "070-sharing.md").unlink()
    result = run("check", cwd=french)
    assert result.code == 1
    assert ("notices/translations/fr-CA/070-sharing.md:1: section 'sharing' has no fr-CA translation for "
            "www.compucom.ca") in result.err


def summary_marked_and_built(project: Path, summary: str, ids: list[str], message: str, date: str) -> Path:
    """The French summary set, `ids` marked current, committed, the Canadian site built (its folder)."""
    french = project / FR / "notice.yml"
    french.write_text(re.sub(r'summary: ".*"', f'summary: "{summary}"', french.read_text()))
    assert run("translate", "--mark-current", "fr-CA", *ids, cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, date=date)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    return project / "site" / "www.compucom.ca"


def significant_edit(project: Path) -> None:
    path = project / "notices" / "075-retention.md"
    path.write_text(path.read_text().replace("13 months", "25 months"))


def minor_edit(project: Path) -> None:
    path = project / "notices" / "020-security.md"
    text = path.read_text()
    assert "Collectively, we" in text
    path.write_text(text.replace("Collectively, we", "Collectively we"))


def test_significant_source_change_blocks_french_and_names_the_file(french):
    significant_edit(french)
    result = run("check", cwd=french)
    assert result.code == 1
    line = next(line for line in result.err.splitlines() if "075-retention.md" in line)
    assert line.startswith("notices/translations/fr-CA/075-retention.md:4: ")
    assert "the fr-CA translation of section 'retention' is stale: the source changed significantly" in line
    assert line.endswith("(translate it, or mark it as reviewed with noticegen translate --mark-current fr-CA "
                         "retention)")
    build = run("build", cwd=french)
    assert build.code == 1 and "075-retention.md:4:" in build.err
    assert not (french / "site").exists()
    # Reviewed (or translated anew): marked current, and the build goes ahead.
    marked = run("translate", "--mark-current", "fr-CA", "retention", cwd=french)
    assert marked.code == 0, marked.err
    assert "notices/translations/fr-CA/075-retention.md: translates sha256:" in marked.out
    assert run("check", cwd=french).code == 0


def test_minor_source_change_is_listed_and_noted(french):
    minor_edit(french)
    result = run("check", cwd=french)
    assert result.code == 0, result.err
    assert ("warning: notices/translations/fr-CA/020-security.md:4: the fr-CA translation of section 'security' "
            "is stale: the source had a minor change") in result.err
    assert "www.compucom.ca fr-CA: 15 of 16 texts translated and current; stale (minor, published with a note): " \
           "security" in result.out


def test_site_may_block_minor_changes_too(french):
    sites = french / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {minor: block}\n",
                            sites.read_text()))
    minor_edit(french)
    result = run("check", cwd=french)
    assert result.code == 1
    assert "020-security.md:4: the fr-CA translation of section 'security' is stale" in result.err


def test_a_significantly_stale_translation_published_by_choice_says_so(french):
    """stale_translations: {significant: note} publishes it, under a warning
    that it no longer says what the source says, never "a minor change"."""
    sites = french / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    significant_edit(french)
    minor_edit(french)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=french)
    assert result.code == 0, result.err
    notice = (french / "site" / "www.compucom.ca" / "fr-CA" / "index.html").read_text()
    retention = notice[notice.index('id="retention"'):]
    retention = retention[:retention.index("<h2")]
    assert "changé de façon importante après sa traduction" in retention and "mineur" not in retention
    security = notice[notice.index('id="security"'):]
    assert "un changement mineur" in security[:security.index("<h2")]


def test_mark_current_changes_only_the_translates_line(french):
    significant_edit(french)
    path = french / FR / "075-retention.md"
    before = path.read_text().split("\n")
    assert run("translate", "--mark-current", "fr-CA", cwd=french).code == 0
    after = path.read_text().split("\n")
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [3]
    assert len(before) == len(after)
    again = run("translate", "--mark-current", "fr-CA", cwd=french)
    assert "already names today's source text" in again.out


def retention_in_english_under_the_note(project: Path) -> Path:
    """Version 6 released with no French retention section, which the site
    publishes in English under the note (stale_translations: note)."""
    (project / FR / "075-retention.md").unlink()
    sites = project / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    release_minor_version(project)
    return project


def test_mark_current_repairs_a_translates_line_written_by_hand(french):
    """The error says to write it with --mark-current, which refused for that very error."""
    path = french / FR / "020-security.md"
    path.write_text(re.sub(r"^translates:.*$", "translates: sha256:0000", path.read_text(), flags=re.M))
    assert "must be the source's fingerprint" in run("check", "--no-history", cwd=french).err
    marked = run("translate", "--mark-current", "fr-CA", "security", cwd=french)
    assert marked.code == 0, marked.err
    assert run("check", "--no-history", cwd=french).code == 0


@pytest.mark.parametrize("mark, newline", [("\ufeff", "\n"), ("", "\r\n"), ("\ufeff", "\r\n")])
def test_mark_current_keeps_a_byte_order_mark_and_crlf_line_ends(french, mark, newline):
    """A file starting with a byte order mark got a second front matter in
    front of it (the old one then read as body text); CRLF became LF."""
    significant_edit(french)
    path = french / FR / "075-retention.md"
    text = path.read_text()
    path.write_bytes((mark + text.replace("\n", newline)).encode("utf-8"))
    assert run("translate", "--mark-current", "fr-CA", cwd=french).code == 0
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(mark + "---" + newline) and after.count("---" + newline) == 2
    assert after.count(newline) == text.count("\n") and (newline == "\r\n") == ("\r\n" in after)
    assert run("check", "--no-history", cwd=french).code == 0


def test_the_source_language_is_not_a_translation_to_mark(french):
    result = run("translate", "--mark-current", "en-CA", cwd=french)
    assert result.code == 2 and result.err == (
        "noticegen: en-CA is the source language of www.compucom.ca: its text is notices/ itself, not a "
        "translation (translated languages: fr-CA)\n"), result.err


def test_mark_current_changes_only_the_translates_line_of_a_file_with_mixed_line_ends(french):
    """CRLF on the front matter only: the whole file became CRLF."""
    significant_edit(french)
    path = french / FR / "075-retention.md"
    lines = path.read_text().splitlines(keepends=True)
    before = "".join(line.replace("\n", "\r\n") if n < 3 else line for n, line in enumerate(lines))
    path.write_bytes(before.encode("utf-8"))
    assert run("translate", "--mark-current", "fr-CA", cwd=french).code == 0
    after = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    changed = [(old, new) for old, new in zip(before.splitlines(keepends=True), after) if old != new]
    assert len(after) == len(lines) and len(changed) == 1, changed
    old_line, new_line = changed[0]  # the fourth line, which ended in LF, as it does now
    assert new_line.startswith("translates: sha256:") and new_line.endswith("\n") and not new_line.endswith("\r\n")
    assert old_line.startswith("translates: sha256:") and not old_line.endswith("\r\n")
    assert run("check", "--no-history", cwd=french).code == 0


@pytest.mark.parametrize("edit, message", [
    (("075-retention.md", "translates: sha256:", "translates: sha256:0"),
     "075-retention.md:4: `translates` must be the source's fingerprint"),
    (("075-retention.md", "id: retention\n", "id: retention\nregions: [ca]\n"),
     "075-retention.md:3: `regions` belongs to the source section, not to a translation"),
    (("075-retention.md", "id: retention", "id: retention-fr"),
     "075-retention.md:1: translation of section 'retention-fr', which the notice does not have"),
    (("020-security.md", "\n\n", "\n\n<script>alert(1)</script>\n\n"),
     "020-security.md:"),
    (("020-security.md", "\n\n", "\n\nWrite to {{ nobody }}.\n\n"),
     "unknown variable {{ nobody }}"),
    # Links as in the source: checked where the translator wrote them, not named by MkDocs in a page.
    (("020-security.md", "\n\n", "\n\nVoir [ceci](#nowhere).\n\n"),
     "020-security.md:8: a link to '#nowhere', which is no section or anchor of the notice"),
    (("020-security.md", "\n\n", "\n\nVoir [ceci](autre.md).\n\n"),
     "020-security.md:8: a link to 'autre.md', which is not an address"),
    (("020-security.md", "\n\n", "\n\nVoir [ceci](javascript&colon;alert(1)).\n\n"),
     "020-security.md:8: a javascript: link is not allowed"),
    # Anchors as in the source: the page's ids stay unique, and each anchor is on the same text in every
    # language (the page had two id="collection").
    (("020-security.md", "\n\n", "\n\n### Collecte { #collection }\n\n"),
     "020-security.md:8: the anchor #collection is a section's id (choose another anchor id, or keep the "
     "source's own)"),
    (("020-security.md", "\n\n", "\n\n### Retrait { #opt-out }\n\n"),
     "020-security.md:8: the anchor #opt-out is also an anchor in section 'your-choices'"),
    (("020-security.md", "\n\n", "\n\n### Haut { #top }\n\n"),
     "020-security.md:8: the anchor #top is used by the page itself"),
])
def test_bad_translations_are_refused_with_file_and_line(french, edit, message):
    name, old, new = edit
    path = french / FR / name
    path.write_text(path.read_text().replace(old, new, 1))
    result = run("check", cwd=french)
    assert result.code == 1
    assert message in result.err


def test_unknown_language_folder_is_refused(french):
    (french / "notices" / "translations" / "de").mkdir()
    (french / "notices" / "translations" / "de" / "notice.yml").write_text('title: "Datenschutz"\n')
    result = run("check", cwd=french)
    assert result.code == 1
    assert "notices/translations/de:1: translation into de, which no site in notices/sites.yml publishes" in result.err


def test_mark_current_of_unlisted_language_is_a_usage_error(french):
    result = run("translate", "--mark-current", "de", cwd=french)
    assert result.code == 2
    assert "no site in notices/sites.yml publishes de" in result.err


# Sites in several languages ------------------------------------------------

def release_minor_version(project: Path) -> None:
    """Version 6: a minor edit of the source; the French title and summary
    translated and marked current, the French security section left as it was."""
    minor_edit(project)
    commit_version_6(project, "Punctuation in the security section.", "Ponctuation de la section sur la sécurité.")


def commit_version_6(project: Path, summary: str, french_summary: str) -> None:
    """Version 6 with this summary, its French title and summary translated
    and marked current, committed; the sections as they are."""
    new_version(project, "6", "2026-02-01", summary, published=False)
    french = project / FR / "notice.yml"
    french.write_text(re.sub(r'summary: ".*"', f'summary: "{french_summary}"', french.read_text()))
    assert run("translate", "--mark-current", "fr-CA", "notice", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")


@pytest.fixture(scope="module")
def built_french(tmp_path_factory) -> Path:
    project = translated(tmp_path_factory.mktemp("french") / "project")
    release_minor_version(project)
    result = run("build", cwd=project)
    assert result.code == 0, result.err
    assert "020-security.md:4: the fr-CA translation of section 'security' is stale" in result.err
    return project / "site" / "www.compucom.ca"


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_french_pages_are_french(built_french):
    notice = page(built_french, "fr-CA/index.html")
    assert '<html lang="fr-CA"' in notice
    assert "<strong>En vigueur le :</strong> 1er février 2026" in notice
    assert 'placeholder="Rechercher"' in notice  # Material's own interface, in French
    assert "Table des matières" in notice and "Déclaration de confidentialité" in notice
    assert 'title="Lien vers cette section"' in notice and "Link to this section" not in notice  # the permalinks
    assert re.search(r'<a href="history/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Historique', notice)
    history = page(built_french, "fr-CA/history/index.html")
    assert "Toutes les versions de cette déclaration" in history
    assert "du 1er janvier 2023 au 1er février 2026" in re.sub(r"<[^>]+>", "", history)
    assert "Changement mineur" in history
    assert "<h1>Page introuvable</h1>" in page(built_french, "fr-CA/404.html")
    # The English pages stay English.
    english = page(built_french, "index.html")
    assert '<html lang="en-CA"' in english and "<strong>Effective:</strong> 1 February 2026" in english


@pytest.mark.parametrize("path", ["index.html", "history/index.html", "versions/5/index.html", "404.html"])
def test_the_search_toggle_is_named_in_french(built_french, path):
    """The search checkbox's name (added by noticegen's mend of Material's
    markup, for assistive technology) is Material's French word, not "Search"."""
    french = page(built_french, f"fr-CA/{path}")
    assert 'id="__search" aria-label="Recherche">' in french
    assert 'aria-label="Search"' not in french
    assert 'id="__search" aria-label="Search">' in page(built_french, path)


@pytest.mark.parametrize("path", ["index.html", "versions/6/index.html", "changes/5..6/index.html"])
def test_ids_on_french_pages_are_unique_and_the_sources(built_french, path):
    """Every id once on a page, and a section's or anchor's id the same in both languages."""
    french = re.findall(r'\sid="([^"]+)"', page(built_french, f"fr-CA/{path}"))
    assert len(french) == len(set(french)), sorted(i for i in french if french.count(i) > 1)
    english = set(re.findall(r'\sid="([^"]+)"', page(built_french, path)))
    assert {"security", "retention", "legal-basis", "opt-out"} <= set(french) & english or "changes" in path


def test_minor_stale_translation_is_published_with_the_note(built_french):
    notice = page(built_french, "fr-CA/index.html")
    security = notice[notice.index('id="security"'):]
    security = security[:security.index("<h2")]
    assert "Traduction pas encore mise à jour" in security
    assert "La version de cette déclaration dans la langue d’origine fait foi." in security
    # Only there: the sections translated from today's source carry no note.
    assert notice.count("Traduction pas encore mise à jour") == 1


@pytest.mark.parametrize("name", ["embed.html", "embed-h1.html", "embed-h3.html"])
def test_the_note_is_an_admonition_in_the_embeds(built_french, name):
    """The embeds render the stale-translation note as the page does, a note,
    not `!!! note` and a code block (their converter lacked admonition)."""
    fragment = page(built_french, f"fr-CA/{name}")
    assert "!!!" not in fragment and "<pre>" not in fragment
    assert fragment.count('<div class="admonition note">') == 1
    note = fragment[fragment.index('<div class="admonition note">'):]
    note = note[:note.index("</div>")]
    assert '<p class="admonition-title">Traduction pas encore mise &#224; jour</p>' in note, note
    assert "La version de cette d&#233;claration dans la langue d&#8217;origine fait foi." in note, note
    # In the security section, as on the page.
    assert fragment.index('id="privacy-notice-security"') < fragment.index('<div class="admonition note">')


def test_the_embeds_are_in_french(built_french):
    """The dates line, the contents heading and the links of the French
    embeds were English ("Effective:", "Contents", "This statement on")."""
    for name in ("embed.html", "embed-h1.html", "embed-h3.html"):
        fragment = page(built_french, f"fr-CA/{name}")
        assert "<strong>En vigueur le :</strong> 1er f&#233;vrier 2026" in fragment, name
        assert "Table des mati&#232;res" in fragment and ">Contents<" not in fragment, name
        assert ('<a href="https://www.compucom.ca/privacy/fr-CA/">Cette d&#233;claration sur www.compucom.ca</a> · '
                .encode("ascii", "xmlcharrefreplace").decode()) in fragment, name
        assert "Toutes les versions, et ce qui a chang&#233;" in fragment and "This statement" not in fragment
    english = page(built_french, "embed.html")
    assert "<strong>Effective:</strong> 1 February 2026" in english and "This statement on www.compucom.ca" in english


def test_the_note_is_an_admonition_in_notice_json(built_french):
    import json

    data = json.loads(page(built_french, "fr-CA/notice.json"))
    security = next(section for section in data["sections"] if section["id"] == "security")
    assert "!!!" not in security["html"] and "<pre>" not in security["html"]
    assert '<div class="admonition note">\n<p class="admonition-title">Traduction pas encore mise à jour</p>' \
        in security["html"], security["html"]
    assert "!!!" not in security["text"] and "Traduction pas encore mise à jour" in security["text"]
    others = [section for section in data["sections"] if section["id"] != "security"]
    assert not any("admonition" in section["html"] for section in others)


def test_french_history_has_each_translated_version_and_its_redline(built_french):
    assert (built_french / "fr-CA" / "versions" / "5" / "index.html").is_file()
    assert (built_french / "fr-CA" / "versions" / "6" / "index.html").is_file()
    redline = page(built_french, "fr-CA/changes/5..6/index.html")
    assert "Changements de la version 5 à la version 6" in redline
    # The French words did not change (the security section's translation is stale in 6): noticegen's
    # note on it is not the translation's text, so it is not shown as inserted.
    assert "<ins" not in redline.replace('<ins class="notice-ins">underlined', "")
    assert "Traduction pas encore mise à jour" not in redline
    text = re.sub(r"<[^>]+>", "", redline)
    assert "Aucun changement du texte traduit." in text and "que ce site n’affiche pas" not in text
    assert "la traduction de ces sections n’a pas été mise à jour selon le texte d’origine : Preserving the Security of Your Personal Information." in text
    data = __import__("json").loads(page(built_french, "fr-CA/versions.json"))
    assert data["url"] == "https://www.compucom.ca/privacy/fr-CA/"
    assert [v["version"] for v in data["versions"]] == ["6", "5"]
    assert data["versions"][0]["significant"] is False  # the source's verdict


PAGE_KINDS = ["index.html", "history/index.html", "compare/index.html", "versions/5/index.html",
              "versions/6/index.html", "changes/5..6/index.html"]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_page_kind_links_its_counterpart(built_french, path):
    url = path.removesuffix("index.html")
    english_url = f"https://www.compucom.ca/privacy/{url}"
    french_url = f"https://www.compucom.ca/privacy/fr-CA/{url}"
    for shown in (path, f"fr-CA/{path}"):
        html = page(built_french, shown)
        head = html.split("</head>")[0]
        assert f'<link rel="alternate " href="{english_url}" hreflang="en-CA">' in head, shown
        assert f'<link rel="alternate " href="{french_url}" hreflang="fr-CA">' in head, shown
        # The language switcher in the header, to the same page.
        assert f'<a href="{english_url}" hreflang="en-CA" class="md-select__link"' in html, shown
        assert f'<a href="{french_url}" hreflang="fr-CA" class="md-select__link"' in html, shown
        assert ">\n              English\n" in html and ">\n              Français\n" in html


def test_the_selectors_other_languages_say_their_language(built_french):
    """WCAG 3.1.2 (language of parts): on a French page the selector's
    "English" is English, on an English page "Français" is French, on every
    page (the 404 and a page without a counterpart too); the entry in the
    page's own language says nothing more."""
    checked = 0
    for path in sorted(built_french.rglob("*.html")):
        if path.name.startswith("embed"):
            continue
        html = path.read_text(encoding="utf-8")
        language = re.search(r'<html lang="([^"]+)"', html).group(1)
        links = re.findall(r'<a href="[^"]*" hreflang="([^"]+)" class="md-select__link"([^>]*)>', html)
        assert sorted(hreflang for hreflang, _ in links) == ["en-CA", "fr-CA"], path
        for hreflang, rest in links:
            said = re.search(r' lang="([^"]+)"', rest)
            if hreflang == language:
                assert said is None, (path, rest)
            else:
                assert said and said.group(1) == hreflang, (path, hreflang, rest)
                checked += 1
    assert checked >= 2 * len(PAGE_KINDS) + 2


def test_404_pages_have_no_alternate_links(built_french):
    """A 404 stands for no page: no counterpart, so no hreflang alternate at
    all (it kept an exact `rel="alternate"` to production addresses, which
    Material's script would follow to a sitemap.xml); the selector still
    goes to each language's notice."""
    for shown in ("404.html", "fr-CA/404.html"):
        html = page(built_french, shown)
        assert not re.search(r'<link rel="alternate[^"]*" href="[^"]*" hreflang=', html), shown
        assert '<a href="https://www.compucom.ca/privacy/" hreflang="en-CA" class="md-select__link"' in html
        assert '<a href="https://www.compucom.ca/privacy/fr-CA/" hreflang="fr-CA" class="md-select__link"' in html


def test_sites_without_languages_have_no_switcher(built_french):
    other = built_french.parent / "www.compucom.com"
    for path in PAGE_KINDS[:4]:
        html = page(other, path)
        assert "hreflang" not in html and "md-select__link" not in html
    assert not (other / "fr-CA").exists()


def test_a_version_never_translated_is_listed_in_the_source_language_only(tmp_path):
    project = untranslated(tmp_path / "project")  # version 5, committed without French
    significant_edit(project)
    meta = project / "notices" / "notice.yml"
    text = re.sub(r'^version: .*$', 'version: "6"', meta.read_text(), flags=re.M)
    text = re.sub(r'^effective: .*$', 'effective: 2026-02-01', text, flags=re.M)
    text = re.sub(r'^summary: .*$', 'summary: "Browser data is kept 25 months."', text, flags=re.M)
    meta.write_text(re.sub(r'^published: .*\n', '', text, flags=re.M))
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6, in French too", date="2026-02-01T12:00:00+00:00")
    result = run("build", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    assert (site / "versions" / "5" / "index.html").is_file()
    assert not (site / "fr-CA" / "versions" / "5").exists()
    assert (site / "fr-CA" / "versions" / "6" / "index.html").is_file()
    history = page(site, "fr-CA/history/index.html")
    assert "Publiées dans la langue d’origine seulement : version 5 (" in re.sub(r"<[^>]+>", "", history)
    assert "non traduite ; en anglais" in history and "Traduites en partie" not in history
    assert 'href="https://www.compucom.ca/privacy/history/"' in history
    # Its English page has no French counterpart: no alternate, and the selector goes to the French notice.
    english = page(site, "versions/5/index.html")
    assert 'href="https://www.compucom.ca/privacy/fr-CA/versions/5/" hreflang' not in english
    assert '<a href="https://www.compucom.ca/privacy/fr-CA/" hreflang="fr-CA" class="md-select__link" lang="fr-CA">' in english


def test_sites_without_translations_are_built_as_without_any(tmp_path):
    """The shipped example's French changes nothing on its other sites."""
    import json

    with_fr = copy_project(tmp_path / "with", translated=True)
    without = copy_project(tmp_path / "without")
    assert "language: en-CA" in (without / "notices" / "sites.yml").read_text()
    for project in (with_fr, without):
        assert run("build", cwd=project).code == 0
    for domain in ("www.compucom.com", "careers.compucom.com"):
        a, b = with_fr / "site" / domain, without / "site" / domain
        files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
        for name in files:
            if name.name == "versions.json":  # names the commit, which differs
                left, right = (json.loads((x / name).read_text()) for x in (a, b))
                for data in (left, right):
                    for version in data["versions"]:
                        version.pop("commit")
                assert left == right
            else:
                assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (with_fr / "site" / "www.compucom.ca" / "fr-CA" / "versions" / "5" / "index.html").is_file()


# Notifications per language ------------------------------------------------

def translated_significant_version(folder: Path, retitled: bool = False) -> Path:
    """The shipped notice translated into French (version 5), then version 6
    (from 1 February 2026): retention kept 25 months instead of 13, in both
    languages; with `retitled`, the French retention title half translated."""
    project = translated(folder)
    significant_edit(project)
    new_version(project, "6", "2026-02-01", "Browser data is kept 25 months.", published=False)
    french = project / FR / "notice.yml"
    french.write_text(re.sub(r'summary: ".*"', 'summary: "Les données des navigateurs sont conservées 25 mois."',
                             french.read_text()))
    retention = project / FR / "075-retention.md"
    text = retention.read_text().replace("13 months", "25 mois")
    retention.write_text(text.replace('title: "How Long', 'title: "Combien de temps') if retitled else text)
    assert run("translate", "--mark-current", "fr-CA", "notice", "retention", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    return project

def test_each_person_is_told_in_their_language_or_the_source(tmp_path):
    project = translated_significant_version(tmp_path / "project")
    assert run("build", cwd=project).code == 0
    people = tmp_path / "people.csv"
    people.write_text("email,name,language\nmarie@example.com,Marie,fr-CA\nhans@example.com,Hans,de\n"
                      "ann@example.com,Ann,\njo@example.com,Jo,FR\n")
    result = run("notify", "--version", "6", "--site", "www.compucom.ca", "--recipients", str(people), cwd=project)
    assert result.code == 0, result.err
    french_subject = "CompuCom Canada : modifications de notre Déclaration de confidentialité à compter du 1er février 2026"
    english_subject = "CompuCom Canada: changes to our Website Privacy Statement from 1 February 2026"
    assert f"to marie@example.com: {french_subject}" in result.out
    assert f"to jo@example.com: {french_subject}" in result.out  # fr: the site's French
    assert f"to hans@example.com: {english_subject}" in result.out  # no German: the source language
    assert f"to ann@example.com: {english_subject}" in result.out

    from generator.check import check
    from generator.notify import prepare
    from generator.project import Project

    checked = check(Project(project))
    site = next(s for s in checked.sites if s.domain == "www.compucom.ca")
    mailing = prepare(Project(project), checked, site, "6", people)
    body = mailing.message({"email": "marie@example.com", "name": "Marie", "language": "fr-CA"}) \
        .get_body(("plain",)).get_content()
    assert body.startswith("Bonjour Marie,")
    assert "https://www.compucom.ca/privacy/fr-CA/changes/5..6/" in body
    # The changed section, by its (French) title, and the detector's line in French (it was left out).
    assert ("- How Long We Keep Your Personal Information : Dit maintenant «\u00a025 months\u00a0» là où elle "
            "disait «\u00a013 months\u00a0».\n") in body, body
    html_body = mailing.message({"email": "marie@example.com", "name": "Marie", "language": "fr-CA"}) \
        .get_body(("html",)).get_content()
    assert "Dit maintenant" in html_body and "Now says" not in html_body
    english = mailing.message({"email": "ann@example.com", "name": "Ann", "language": ""}) \
        .get_body(("plain",)).get_content()
    assert "Now says “25 months” where it said “13 months”." in english


def test_translations_committed_on_merged_branches_are_found(tmp_path):
    """Teams merge pull requests with merge commits: a translation of an
    earlier version committed on a branch stays that version's translation."""
    project = untranslated(tmp_path / "project")
    git(project, "checkout", "-q", "-b", "french")
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "French translation")
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "-m", "Merge the French translation", "french")
    git(project, "checkout", "-q", "-b", "version-6")
    release_minor_version(project)
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "-m", "Merge version 6", "version-6", date="2026-02-01T12:00:00+00:00")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    assert "Changements de la version 5 à la version 6" in page(site, "fr-CA/changes/5..6/index.html")


def test_a_site_variable_in_a_translation_is_read_and_held_to_the_allow_list(tmp_path):
    """A domain has dots: its values were once read as empty, and the French
    notice went out without its postal address."""
    project = copy_project(tmp_path / "project", translated=True)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    french = page(project / "site" / "www.compucom.ca", "fr-CA/index.html")
    assert "1830, boulevard Matheson" in french and "À l’attention du responsable" in french
    meta = project / FR / "notice.yml"
    meta.write_text(meta.read_text().replace("    postal_address: |\n", "    postal_address: |\n"
                                             "      <b onclick=alert(3)>x</b>\n", 1))
    result = run("check", cwd=project)
    assert result.code == 1 and "notices/translations/fr-CA/notice.yml:8: an event-handler attribute" in result.err, \
        result.err


def test_a_languages_own_templates_are_checked_in_the_sandbox(french):
    folder = french / FR / "notifications"
    folder.mkdir()
    (folder / "email.txt").write_text('Bonjour.\n{{ cycler.__init__.__globals__.os.system("id") }}\n')
    result = run("check", cwd=french)
    assert result.code == 1
    assert "notices/translations/fr-CA/notifications/email.txt:2: the template tried something the sandbox " \
           "forbids" in result.err, result.err


def test_release_keeps_the_new_summary_and_says_to_translate_it(french):
    """The summary of a new version can only be translated once written:
    release keeps it and says what is next, instead of putting it back."""
    significant_edit(french)
    retention = french / FR / "075-retention.md"
    retention.write_text(retention.read_text().replace("13 months", "25 months"))
    assert run("translate", "--mark-current", "fr-CA", "retention", cwd=french).code == 0
    result = run("release", "--version", "6", "--effective", "2027-03-01", "--summary",
                 "Records are kept for 25 months.", cwd=french)
    assert result.code == 0, result.err
    assert "Next, translate its title and summary" in result.out
    assert "notices/translations/fr-CA/notice.yml:" in result.out and "is stale" in result.out
    assert 'version: "6"' in (french / "notices" / "notice.yml").read_text()
    assert run("build", "--no-pdf", cwd=french).code == 1  # not until the French summary is done
    meta = french / FR / "notice.yml"
    meta.write_text(re.sub(r'summary: ".*"', 'summary: "Les dossiers sont conservés 25 mois."', meta.read_text()))
    assert run("translate", "--mark-current", "fr-CA", "notice", cwd=french).code == 0
    assert run("check", cwd=french).code == 0


def test_reading_commands_say_a_stale_translation_and_go_on(french):
    """An author edits the source before the translator: diff and history
    read it, with the stale translation said; only what publishes stops."""
    significant_edit(french)
    diff = run("diff", "HEAD", "notices", "--site", "www.compucom.ca", cwd=french)
    assert diff.code == 0, diff.err
    assert "warning: notices/translations/fr-CA/075-retention.md:4:" in diff.err and "“25”" in diff.out
    assert run("history", "--site", "www.compucom.ca", cwd=french).code == 0
    assert run("build", "--no-pdf", cwd=french).code == 1


def test_two_mark_currents_at_once_do_not_share_a_temporary_file(french):
    """Two `translate --mark-current` at once: each writes its own temporary
    file beside the translation and renames it into place, so neither finds
    its temporary file renamed away by the other (bug: a shared
    `.NAME.partial`, one run in six failed)."""
    import threading

    from generator import translations

    path = french / FR / "030-collection.md"
    text = path.read_text()
    for _ in range(200):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def write():
            barrier.wait()
            try:
                translations._write(path, text)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=write) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
    assert path.read_text() == text
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


# The version in force is the site's, translated or not ------------------------

def release_untranslated_version(project: Path) -> None:
    """Version 6, released in English only: the French is left as it was
    (the site publishes stale translations with a note, so the build goes on)."""
    minor_edit(project)
    new_version(project, "6", "2026-02-01", "Punctuation in the security section.", published=False)
    sites = project / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6, in English only", date="2026-02-01T12:00:00+00:00")


def statuses_of(site: Path, prefix: str = "") -> dict[str, tuple]:
    import json

    data = json.loads(page(site, f"{prefix}versions.json"))
    return {v["version"]: (v["status"], v["effective"], v["until"]) for v in data["versions"]}, data["in_force"]


def history_rows(site: Path, prefix: str = "") -> dict[str, str]:
    table = page(site, f"{prefix}history/index.html")
    return {m.group(2): m.group(1) for m in re.finditer(
        r'<tr class="notice-([a-z-]+)"><td data-label="[^"]*"><a href="[^"]*"[^>]*>Version (\w+)</a>', table)}


def test_the_version_in_force_untranslated_is_said_and_linked(tmp_path):
    """Version 6 is in force in English only: the French notice page says so
    in French and links to the English notice (which controls); the French
    history, versions.json and feed give every version the site's status,
    version 6 linked to its English page. Once translated, the note goes."""
    import json

    project = translated(tmp_path / "project")
    release_untranslated_version(project)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    notice = page(site, "fr-CA/index.html")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice))
    assert "La version en vigueur n’est pas encore traduite" in words
    assert ("La version en vigueur (version 6, en vigueur depuis le 1er février 2026) n’est pas encore traduite ; "
            "le texte anglais fait foi : lire la version en vigueur.") in words
    link = re.search(r'<a href="([^"]*)">lire la version en vigueur</a>', notice).group(1)
    assert link == "https://www.compucom.ca/privacy/"
    assert (site / "index.html").is_file() and "Punctuation in the security section" not in notice
    assert "<strong>Effective:</strong> 1 February 2026" in page(site, "index.html")
    # The French of version 5 is not shown as the notice: linked, as what it is.
    assert "La dernière traduction est celle de la version 5 (en vigueur du 1er janvier 2023 au 1er février 2026)" \
        in words
    assert 'href="versions/5/"' in notice and (site / "fr-CA" / "versions" / "5" / "index.html").is_file()
    assert 'id="security"' not in notice
    assert not (site / "fr-CA" / "versions" / "6").exists()
    # Statuses agree with English, on the history page and in versions.json.
    english, english_in_force = statuses_of(site)
    french, french_in_force = statuses_of(site, "fr-CA/")
    assert english_in_force == french_in_force == "6"
    assert french == english
    rows = history_rows(site)
    assert rows["6"] == "in-force" and set(rows.values()) == {"in-force", "superseded"}
    assert history_rows(site, "fr-CA/") == rows
    data = json.loads(page(site, "fr-CA/versions.json"))
    six = next(v for v in data["versions"] if v["version"] == "6")
    assert six["translated"] is False and six["url"] == "https://www.compucom.ca/privacy/versions/6/"
    assert "translated" not in json.loads(page(site, "versions.json"))["versions"][0]
    history = page(site, "fr-CA/history/index.html")
    assert '<a href="https://www.compucom.ca/privacy/versions/6/" hreflang="en-CA">Version 6</a>' in history
    assert (site / "versions" / "6" / "index.html").is_file()
    feed = page(site, "fr-CA/feed.xml")
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA">' in feed  # a reader's language for it
    assert 'href="https://www.compucom.ca/privacy/versions/6/"' in feed
    assert "Pas encore traduite : le texte anglais fait foi." in feed
    # The embeds carry the same note, and no other version's text or dates in its place; notice.json names
    # the version in force.
    for name in ("fr-CA/embed.html", "fr-CA/embed-h3.html"):
        fragment = page(site, name)
        note = fragment.index("La version en vigueur n&#8217;est pas encore traduite")
        assert '<p class="notice-meta"><strong>' not in fragment and "privacy-notice-security" not in fragment
        assert 'href="https://www.compucom.ca/privacy/">lire la version en vigueur</a>' in fragment, name
        assert note < fragment.index("Cette d&#233;claration sur")
    assert json.loads(page(site, "fr-CA/notice.json"))["in_force"] == {"version": "6", "translated": False}
    assert json.loads(page(site, "notice.json"))["in_force"] == {"version": "6", "translated": True}
    assert "pas encore traduite" not in page(site, "embed.html")
    # Version 5's French page: superseded, as in English.
    assert "Cette version a été en vigueur du 1er janvier 2023 au 1er février 2026." in \
        page(site, "fr-CA/versions/5/index.html")

    # Translated: the note goes, and version 6 is in French.
    french_meta = project / FR / "notice.yml"
    french_meta.write_text(re.sub(r'summary: ".*"', 'summary: "Ponctuation de la section sur la sécurité."',
                                  french_meta.read_text()))
    assert run("translate", "--mark-current", "fr-CA", "notice", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6 in French", date="2026-02-02T12:00:00+00:00")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    notice = page(site, "fr-CA/index.html")
    assert "pas encore traduite" not in notice and 'id="security"' in notice
    assert "<strong>En vigueur le :</strong> 1er février 2026" in notice
    assert (site / "fr-CA" / "versions" / "6" / "index.html").is_file()
    french, french_in_force = statuses_of(site, "fr-CA/")
    assert french_in_force == "6" and french == statuses_of(site)[0]
    assert "translated" not in page(site, "fr-CA/versions.json")
    assert "pas encore traduite" not in page(site, "fr-CA/embed.html")
    assert json.loads(page(site, "fr-CA/notice.json"))["in_force"] == {"version": "6", "translated": True}


def test_a_section_shown_in_the_source_language_says_its_language(french):
    """A section with no translation, published under the note (the site
    allows it): its heading and text are in a container with the source's
    `lang`, so a screen reader reads them in an English voice; the note
    itself, in French, keeps the page's."""
    (french / FR / "075-retention.md").unlink()
    sites = french / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    git(french, "add", "-A")
    git(french, "commit", "-q", "-m", "No French retention section yet")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=french)
    assert result.code == 0, result.err
    site = french / "site" / "www.compucom.ca"
    for name in ("fr-CA/index.html", "fr-CA/embed.html"):
        notice = page(site, name)
        start = notice.index('<div class="notice-source-language" lang="en-CA">')
        section = notice[start:]
        heading = re.search(r'<h[23] id="(?:privacy-notice-)?retention"', section)  # the embed's: h3
        assert heading and heading.start() < section.index("13 months"), name
        note = section[section.index('<div lang="fr-CA">'):]
        assert note.index("Pas encore traduit") < note.index("</div>") < note.index("13 months"), name
        # The container closes after the section, before the next one's heading.
        rest = section[section.index("13 months"):]
        assert rest.index("</div>") < re.search("<h[23]", rest).start(), name
        assert notice.count("notice-source-language") == 1, name
        # The contents' link to it is in English too; the others are the page's.
        links = re.findall(r'<a href="#(?:privacy-notice-)?([a-z-]+)"( lang="en-CA")?>', notice)
        assert ("retention", ' lang="en-CA"') in links and ("security", "") in links, (name, links)
    # Translated sections, and the English pages, carry no such container.
    assert "notice-source-language" not in page(site, "index.html")
    import json

    sections = json.loads(page(site, "fr-CA/notice.json"))["sections"]
    assert [s["id"] for s in sections if s.get("language") == "en-CA"] == ["retention"]
    assert not any("language" in s for s in json.loads(page(site, "notice.json"))["sections"])


def test_source_text_on_a_french_redline_says_its_language(tmp_path):
    """Version 6 shows the retention section in English (no translation, the
    site publishes it under the note): the French redline and the versions'
    JSON (what the compare page renders) mark its English words `lang="en-CA"`,
    as the notice page does; noticegen's French words keep the page's."""
    import json

    project = retention_in_english_under_the_note(translated(tmp_path / "project"))
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    redline = page(site, "fr-CA/changes/5..6/index.html")
    block = redline[redline.index('<section class="notice-change notice-change--changed"'):]
    block = block[:block.index("</section>")]
    assert 'id="change-retention"' in block, block
    assert '<ins class="notice-ins" lang="en-CA">personal information</ins>' in block, block
    assert not re.search(r'<del class="notice-del" lang=', block), block  # the French words, in the page's language
    assert re.search(r'<h2 id="change-retention"><span lang="en-CA">[^<]+</span> <small', block), block
    summary = redline[redline.index('<ul class="notice-change-summary">'):]
    assert re.search(r'<a href="#change-retention" lang="en-CA">', summary), summary[:600]
    # The sections not brought up to date name it in English too.
    behind = redline[redline.index("la traduction de ces sections"):]
    assert re.match(r'la traduction de ces sections n’a pas été mise à jour selon le texte d’origine : '
                    r'Preserving the Security of Your Personal Information; et <span lang="en-CA">How Long', behind), \
        behind[:300]
    sections = {s["id"]: s for s in json.loads(page(site, "fr-CA/versions/6/notice.json"))["sections"]}
    assert sections["retention"]["language"] == "en-CA"
    assert "language" not in sections["security"]
    # The English pages say nothing of the kind.
    english = page(site, "changes/5..6/index.html")
    assert 'lang="en-CA"' not in english[english.index("</header>"):]


def release_upcoming_french_version(project: Path) -> None:
    """After version 6 (English only, in force): version 7, announced for
    1 June 2026 and translated (its summary; the retention section not yet,
    published under the note)."""
    significant_edit(project)
    new_version(project, "7", "2026-06-01", "Browser data is kept 25 months.")
    french = project / FR / "notice.yml"
    french.write_text(re.sub(r'summary: ".*"', 'summary: "Les données des navigateurs sont conservées 25 mois."',
                             french.read_text()))
    (project / FR / "075-retention.md").unlink()
    assert run("translate", "--mark-current", "fr-CA", "notice", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 7, from 1 June", date="2026-03-01T12:00:00+00:00")


@pytest.fixture(scope="module")
def upcoming_french(tmp_path_factory) -> Path:
    """Version 5 in French, 6 in force in English only, 7 upcoming in French."""
    project = translated(tmp_path_factory.mktemp("upcoming") / "project")
    release_untranslated_version(project)
    release_upcoming_french_version(project)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", "--today", "2026-03-01", cwd=project)
    assert result.code == 0, result.err
    return project / "site" / "www.compucom.ca"


def test_statuses_follow_the_site_when_the_version_in_force_is_untranslated(upcoming_french):
    """French has versions 5 and 7: 5 was superseded by 6 (English only) on
    1 February, not in force until 7 takes effect; the French notice page
    says 6 is in force untranslated and announces 7, in French."""
    site = upcoming_french
    english, english_in_force = statuses_of(site)
    french, french_in_force = statuses_of(site, "fr-CA/")
    assert english_in_force == french_in_force == "6"
    assert french == english
    assert english["7"][0] == "upcoming" and english["5"] == ("superseded", "2023-01-01", "2026-02-01")
    assert history_rows(site, "fr-CA/") == history_rows(site)
    notice = page(site, "fr-CA/index.html")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice))
    assert "La version en vigueur (version 6, en vigueur depuis le 1er février 2026) n’est pas encore traduite" \
        in words
    assert "Une nouvelle version entre en vigueur le 1er juin 2026" in words
    assert words.index("n’est pas encore traduite") < words.index("Une nouvelle version entre en vigueur")
    assert '<a href="versions/7/">Lisez la version 7</a>' in notice
    assert "Voici la version en vigueur" not in words  # it is not below: the page says where it is
    assert "La dernière traduction est celle de la version 5 (en vigueur du 1er janvier 2023 au 1er février 2026)" \
        in words
    assert "Cette version a été en vigueur du 1er janvier 2023 au 1er février 2026." in \
        page(site, "fr-CA/versions/5/index.html")
    seven = page(site, "fr-CA/versions/7/index.html")
    assert "Cette version entre en vigueur le 1er juin 2026" in seven
    assert '<div class="notice-source-language" lang="en-CA">' in seven and "25 months" in seven
    # Its English page, for the version not translated.
    history = page(site, "fr-CA/history/index.html")
    assert '<a href="https://www.compucom.ca/privacy/versions/6/" hreflang="en-CA">Version 6</a>' in history
    assert '<a href="https://www.compucom.ca/privacy/changes/5..6/" hreflang="en-CA">' in history
    assert (site / "changes" / "5..6" / "index.html").is_file()


def test_the_embeds_carry_the_version_in_force_not_the_one_to_come(upcoming_french):
    """Version 6 is in force, 7 takes effect on 1 June: the English embeds
    and notice.json carry 6 and name 7 as upcoming; the French ones, with no
    translation of 6, carry the note and no other version's text or dates."""
    import json

    site = upcoming_french
    english = page(site, "embed.html")
    assert 'data-version="6"' in english and "25 months" not in english and "13 months" in english
    data = json.loads(page(site, "notice.json"))
    assert data["version"] == "6" and data["in_force"] == {"version": "6", "translated": True}
    assert data["upcoming"] == {"version": "7", "effective": "2026-06-01"}
    french = page(site, "fr-CA/embed.html")
    assert 'data-version="6"' in french and "data-effective" not in french
    assert "pas encore traduite" in french and "13 months" not in french and "25 mois" not in french
    assert "1er juin 2027" not in french and "privacy-notice-retention" not in french
    data = json.loads(page(site, "fr-CA/notice.json"))
    assert data["version"] == "6" and data["sections"] == [] and data["effective"] is None
    assert data["in_force"] == {"version": "6", "translated": False} and data["upcoming"]["version"] == "7"


def test_the_detectors_lines_are_in_french_on_french_changes_pages(tmp_path):
    """The plain line per changed section (left out of French pages before):
    in French, from the messages catalog; the English words it quotes from
    the source marked lang="en-CA"."""
    project = translated_significant_version(tmp_path / "project", retitled=True)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    english = page(site, "changes/5..6/index.html")
    block = english[english.index('<div class="notice-significance">'):]
    assert ('<li><a href="#change-retention">How Long We Keep Your Personal Information</a>: Now says “25 months” '
            'where it said “13 months”.</li>') in block
    redline = page(site, "fr-CA/changes/5..6/index.html")
    block = redline[redline.index('<div class="notice-significance">'):]
    block = block[:block.index("</div>")]
    assert ('<li><a href="#change-retention">Combien de temps We Keep Your Personal Information</a> : Dit maintenant '
            '«\u00a0<span lang="en-CA">25 months</span>\u00a0» là où elle disait '
            '«\u00a0<span lang="en-CA">13 months</span>\u00a0».</li>') in block, block
    assert "Now says" not in redline


def test_the_detectors_lines_in_french_say_what_the_english_says():
    """The same reasons as test_significance's plain-line test, said on a
    French page: a line per section, its category in French, the quoted
    English marked; a section added and a section rewritten too."""
    from generator import i18n
    from generator.history_pages import significance_block
    from generator.significance import Assessment, Part, Verdict, assess_parts, load_vocabulary

    old = [Part("logs", "Server logs", "We keep server logs for 13 months."),
           Part("sharing", "Sharing", "We share purchase data with our payment processor.")]
    new = [Part("logs", "Server logs", "We keep server logs for 25 months."),
           Part("sharing", "Sharing", "We share purchase data with our payment processor and a fraud-screening vendor."),
           Part("kids", "Children", "We do not knowingly collect information from children under 13.")]
    reasons = assess_parts(old, new, load_vocabulary())
    assessment = Assessment(Verdict(True, tuple(reasons)))
    with i18n.speaking("fr-CA"):
        block = significance_block(assessment, frozenset({"logs"}), {"logs": "Journaux du serveur",
                                                                     "sharing": "Communication"}, "en-CA")
    items = re.findall(r"<li>(.*?)</li>", block)
    q = lambda text: f'«\u00a0<span lang="en-CA">{text}</span>\u00a0»'  # noqa: E731
    assert items == [
        f'<a href="#change-logs">Journaux du serveur</a> : Dit maintenant {q("25 months")} là où elle disait '
        f'{q("13 months")} (la durée de conservation de vos renseignements).',
        f"Communication : Dit maintenant {q('a fraud-screening vendor')} (qui reçoit vos renseignements, et s’ils "
        "sont vendus ou communiqués).",
        "Children : Ajoute cette section.",
    ], items
    rewritten = assess_parts([Part("logs", "Logs", "We keep logs.")],
                             [Part("logs", "Logs", " ".join(f"We now keep item{n} records for {n} years, shared "
                                                            f"with partner{n}." for n in range(12)))],
                             load_vocabulary())
    with i18n.speaking("fr-CA"):
        block = significance_block(Assessment(Verdict(True, tuple(rewritten))), frozenset(), {}, "en-CA")
    assert "Logs : Réécrit une grande partie de cette section" in block, block


def banner_of(page_html: str) -> str:
    found = re.search(r'<div class="md-banner[^"]*"[^>]*>(.*?)</div>\s*</div>|<aside class="md-banner[^>]*>(.*?)</aside>',
                      page_html, re.S)
    assert found, "no banner"
    return found.group(0)


def test_the_banner_on_french_pages_is_french(tmp_path):
    """The change banner was the source's on every language's pages: in
    French, the translated summary and the French redline."""
    project = translated_significant_version(tmp_path / "project")
    result = run("build", "--today", "2026-02-10", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    english = banner_of(page(site, "index.html"))
    assert "changed on 1 February 2026" in english and 'href="/privacy/changes/5..6/"' in english
    for path in ("fr-CA/index.html", "fr-CA/history/index.html"):
        french = banner_of(page(site, path))
        assert "Notre Déclaration de confidentialité a changé le 1er février 2026" in french, french
        assert "Les données des navigateurs sont conservées 25 mois." in french
        assert 'href="/privacy/fr-CA/changes/5..6/"' in french
        assert "changed on" not in french and "Browser data" not in french


def test_the_banner_of_an_untranslated_version_is_french_and_links_the_source(tmp_path):
    """Version 6 not translated yet: the French pages' banner says so in
    French and links to the source's redline."""
    project = translated(tmp_path / "project")
    significant_edit(project)
    new_version(project, "6", "2026-02-01", "Browser data is kept 25 months.", published=False)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    sites = project / "notices" / "sites.yml"  # the stale retention section published, with its note
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    git(project, "commit", "-qam", "Publish stale French", date="2026-02-01T12:00:00+00:00")
    result = run("build", "--today", "2026-02-10", cwd=project)
    site = project / "site" / "www.compucom.ca"
    assert result.code == 0, result.err
    french = banner_of(page(site, "fr-CA/index.html"))
    assert "Notre Déclaration de confidentialité a changé le 1er février 2026" in french, french
    assert "Cette version n’est pas encore traduite" in french
    assert 'href="https://www.compucom.ca/privacy/changes/5..6/" hreflang="en-CA"' in french
    assert "Browser data" not in french


def test_serve_previews_a_translated_language_and_follows_its_edits(tmp_path):
    """`serve --language fr-CA`: the French pages, as `build` makes them,
    at the French path; an edit to a French section shows on reload."""
    import subprocess
    import sys

    from test_serve import fetch, free_port, wait_for

    project = translated(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--site", "www.compucom.ca", "--language", "fr-CA",
         "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=cli_env())
    url = f"http://127.0.0.1:{port}/privacy/fr-CA/"
    try:
        assert wait_for(lambda: "Déclaration de confidentialité" in fetch(url), 60), "preview never came up"
        shown = fetch(url)
        assert '<html lang="fr-CA"' in shown and "Table des matières" in shown
        assert "Historique" in fetch(url + "history/")
        section = project / FR / "075-retention.md"
        assert "Nous " in section.read_text()
        section.write_text(section.read_text().replace("Nous ", "Nous, ensemble, ", 1))
        assert wait_for(lambda: "Nous, ensemble, " in fetch(url), 60)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("edit", ["translation", "source"])
def test_the_language_preview_has_a_draft_page(french, tmp_path, edit):
    """The source preview shows uncommitted edits as a draft (5+draft), with
    its redline and a page saying what changes; the French preview had
    neither: now it has both, in French, for an uncommitted edit of the
    French (or of the source, translated)."""
    from generator.check import check
    from generator.project import Project
    from generator.serve import _preview, with_draft

    french_retention = french / FR / "075-retention.md"
    french_retention.write_text(french_retention.read_text().replace("Nous ", "Nous, ensemble, ", 1))
    if edit == "source":
        minor_edit(french)
        assert run("translate", "--mark-current", "fr-CA", "security", cwd=french).code == 0
    project = Project(french)
    checked = check(project, True, stale_blocks=False)
    site = next(s for s in checked.sites if s.domain == "www.compucom.ca")
    pages = _preview(tmp_path / "docs", with_draft(checked, project, "fr-CA"), site, project, "fr-CA")
    assert pages["index.md"].startswith('!!! note "Aperçu d’un brouillon"'), pages["index.md"][:300]
    draft = pages["preview/index.md"]
    assert "# Aperçu du brouillon" in draft and "[les changements](../changes/5..5+draft/index.md)" in draft, draft
    assert "**Ce serait un changement mineur**" in draft
    import base64

    redline = "".join(base64.b64decode(part).decode() for part in
                      re.findall(r"<<noticegen-html:([A-Za-z0-9+/=]*)>>", pages["changes/5..5+draft/index.md"]))
    assert '<ins class="notice-ins">, ensemble,</ins>' in redline, redline[:3000]
    if edit == "source":
        return
    # Nothing uncommitted: no draft.
    git(french, "add", "-A")
    git(french, "commit", "-q", "-m", "Edits")
    checked = check(project, True, stale_blocks=False)
    pages = _preview(tmp_path / "docs2", with_draft(checked, project, "fr-CA"), site, project, "fr-CA")
    assert "preview/index.md" not in pages and "Aperçu d’un brouillon" not in pages["index.md"]


def test_serve_refuses_a_language_the_site_does_not_publish(french):
    result = run("serve", "--site", "www.compucom.ca", "--language", "de", cwd=french)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "noticegen: www.compucom.ca is not published in de (its languages: en-CA, fr-CA; pass one of them to "
        "--language)"], result.err


def test_before_every_effective_date_a_language_shows_what_the_source_shows(tmp_path):
    """`--today` before every version: the source shows its newest version
    (6); the French page showed version 6's stale French as if translated.
    Now it says version 6 is not translated, as on any later day, and its
    embeds and notice.json agree."""
    import json

    project = translated(tmp_path / "project")
    release_untranslated_version(project)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", "--today", "2000-01-01", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    assert "<strong>Effective:</strong> 1 February 2026 · <strong>Version:</strong> 6" in page(site, "index.html")
    notice = page(site, "fr-CA/index.html")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice))
    assert ("La version la plus récente (version 6, en vigueur à compter du 1er février 2026) n’est pas encore "
            "traduite ; le texte anglais fait foi : la lire.") in words, words[:2000]
    assert 'id="security"' not in notice and "Version : 6" not in words
    assert "Cette version n&#8217;est pas encore traduite" in page(site, "fr-CA/embed.html")
    # No version is in force on that day: notice.json says it as versions.json does (it named version 6),
    # and the English page says so above the newest version.
    for prefix in ("", "fr-CA/"):
        assert json.loads(page(site, prefix + "versions.json"))["in_force"] is None, prefix
        data = json.loads(page(site, prefix + "notice.json"))
        assert data["in_force"] is None and data["version"] == "6", (prefix, data["in_force"])
    english = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, "index.html")))
    assert ("Not in force yet No version of this notice is in force yet. This is the newest, version 6, in force "
            "from 1 February 2026.") in english, english[:2000]
    assert "No version of this notice is in force yet" in page(site, "embed.html")
    later = run("build", "--no-pdf", "--site", "www.compucom.ca", "--today", "2026-03-01", cwd=project)
    assert later.code == 0, later.err
    assert json.loads(page(site, "notice.json"))["in_force"] == {"version": "6", "translated": True}
    assert json.loads(page(site, "fr-CA/notice.json"))["in_force"] == {"version": "6", "translated": False}
    assert "No version of this notice is in force yet" not in page(site, "index.html")


def test_before_every_effective_date_a_translated_version_is_shown(tmp_path):
    """The same day with version 5 translated and newest: the French page
    shows it, as the source shows its own, with no note."""
    project = translated(tmp_path / "project")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", "--today", "2000-01-01", cwd=project)
    assert result.code == 0, result.err
    notice = page(project / "site" / "www.compucom.ca", "fr-CA/index.html")
    assert "<strong>En vigueur le :</strong> 1er janvier 2023" in notice and 'id="security"' in notice
    assert "pas encore traduite" not in notice
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice))
    assert ("Aucune version de cette déclaration n’est encore en vigueur. Voici la plus récente, la version 5, en "
            "vigueur à compter du 1er janvier 2023.") in words, words[:2000]
    import json

    assert json.loads(page(project / "site" / "www.compucom.ca", "fr-CA/notice.json"))["in_force"] is None


@pytest.mark.parametrize("value, message", [
    ("{significant: maybe}", "`stale_translations` sets significant to 'maybe': each is block or note"),
    ("nonsense", "`stale_translations` must say, for significant and minor source changes, block or note; "
                 "not 'nonsense'"),
    ("{major: note}", "`stale_translations` has 'major': its keys are significant and minor"),
    ("{minor: }", "`stale_translations` sets minor to nothing: each is block or note"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_bad_stale_translations_is_one_line(french, value, message, command):
    """The site was dropped for its bad field, so its folder and its French
    were reported as belonging to no site: two false lines after the true one."""
    sites = french / "notices" / "sites.yml"
    text = sites.read_text()
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", rf"\1    stale_translations: {value}\n", text))
    line = text[:text.index("    languages: [en-CA, fr-CA]")].count("\n") + 2
    result = run(command, cwd=french)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"notices/sites.yml:{line}: {message} (for example stale_translations: {{significant: block, minor: note}})",
        "noticegen: 1 problem found" + ("; nothing was built." if command == "build" else ".")], result.err


def test_any_bad_site_field_is_one_line_too(french):
    sites = french / "notices" / "sites.yml"
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    banner_days: soon\n", sites.read_text()))
    result = run("check", cwd=french)
    assert result.code == 1
    assert len(result.err.splitlines()) == 2 and "`banner_days` must be a number of days" in result.err, result.err


@pytest.mark.parametrize("donor, named", [("110-changes.md", "section 'changes'"),
                                          ("notice.yml", "the notice's title and summary")])
@pytest.mark.parametrize("policy", ["", "{significant: note}"])
def test_a_fingerprint_copied_from_another_text_is_named_as_such(french, donor, named, policy):
    """`translates:` copied from another file was read as this section's
    source having changed into that text (a significant change, the
    detector's reasons about two unrelated texts), or, with a site that
    publishes stale texts, accepted with a note."""
    if policy:
        sites = french / "notices" / "sites.yml"
        sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", rf"\1    stale_translations: {policy}\n",
                                sites.read_text()))
    copied = re.search(r"^translates: .*$", (french / FR / donor).read_text(), re.M).group(0)
    path = french / FR / "100-your-choices.md"
    text = path.read_text()
    line = text[:text.index("translates: ")].count("\n") + 1
    path.write_text(re.sub(r"^translates: .*$", copied, text, flags=re.M))
    for command in ("check", "build"):
        result = run(command, cwd=french)
        assert result.code == 1, result.err
        assert result.err.splitlines()[0] == (
            f"notices/translations/fr-CA/100-your-choices.md:{line}: the fr-CA translation of section "
            f"'your-choices' names the source text of {named}, not its own (a translates: line copied from "
            "another file?) (translate it, or mark it as reviewed with noticegen translate --mark-current fr-CA "
            "your-choices)"), result.err
        assert "changed significantly" not in result.err


@pytest.mark.parametrize("policy", ["", "{significant: note}"])
def test_a_sites_own_translation_naming_the_shared_sections_source_is_a_wrong_source(french, policy):
    """The Canadian Contact Us (the site's own) with the `translates:` of the
    notice's Contact Us (same id) was read as stale, the detector comparing
    two unrelated texts: it names the wrong source."""
    from generator.translations import source_fingerprint
    from generator.sourcefile import split_front_matter
    import yaml

    if policy:
        sites = french / "notices" / "sites.yml"
        sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", rf"\1    stale_translations: {policy}\n",
                                sites.read_text()))
    split = split_front_matter((french / "notices" / "120-contact-us.md").read_text())
    shared = source_fingerprint(yaml.safe_load(split.front_matter)["title"], split.body)
    path = french / FR / "sites" / "www.compucom.ca" / "contact-us.md"
    text = path.read_text()
    line = text[:text.index("translates: ")].count("\n") + 1
    path.write_text(re.sub(r"^translates: .*$", f"translates: {shared}", text, flags=re.M))
    for command in ("check", "build"):
        result = run(command, cwd=french)
        assert result.code == 1, result.err
        assert result.err.splitlines()[0] == (
            f"notices/translations/fr-CA/sites/www.compucom.ca/contact-us.md:{line}: the fr-CA translation of "
            "www.compucom.ca's own section 'contact-us' names the source text of the notice's section "
            "'contact-us' (which www.compucom.ca replaces), not its own (check that it translates "
            "notices/sites/www.compucom.ca/contact-us.md, then run noticegen translate --mark-current fr-CA "
            "contact-us)"), result.err
        assert "stale" not in result.err, result.err


def test_a_translation_no_site_in_that_language_shows_is_a_warning(french):
    """A French Contact Us (the only French site has its own) and a French
    dispute-resolution section (not in the Canadian site's regions) were
    accepted silently: check says each is not used, and passes."""
    for name, section_id in (("120-contact-us.md", "contact-us"), ("130-dispute-resolution.md", "dispute-resolution")):
        (french / FR / name).write_text(f"---\nid: {section_id}\ntitle: Une section\n---\nUn texte.\n")
    result = run("check", cwd=french)
    assert result.code == 0, result.err
    assert ("warning: notices/translations/fr-CA/120-contact-us.md:1: the fr-CA translation of section "
            "'contact-us' is not used: no site publishing fr-CA shows the notice's text of it (www.compucom.ca "
            "replaces it with its own) (delete it, or keep it for a site that will show it)") in result.err.splitlines()
    assert ("warning: notices/translations/fr-CA/130-dispute-resolution.md:1: the fr-CA translation of section "
            "'dispute-resolution' is not used: no site publishing fr-CA shows the notice's text of it "
            "(www.compucom.ca does not show it) (delete it, or keep it for a site that will show it)"
            ) in result.err.splitlines(), result.err
    assert len(result.err.splitlines()) == 2, result.err
    assert "16 of 16 texts translated and current" in result.out
    # A site's own section translated for a site without French: the same.
    own = french / FR / "sites" / "careers.compucom.com" / "contact-us.md"
    own.parent.mkdir()
    own.write_text("---\nid: contact-us\ntitle: Nous joindre\n---\nUn texte.\n")
    (french / "notices" / "sites" / "careers.compucom.com").mkdir()
    (french / "notices" / "sites" / "careers.compucom.com" / "contact-us.md").write_text(
        "---\nid: contact-us\ntitle: Contact Us\n---\nWrite to careers-privacy@compucom.com.\n")
    result = run("check", cwd=french)
    assert result.code == 0, result.err
    assert ("warning: notices/translations/fr-CA/sites/careers.compucom.com/contact-us.md:1: the fr-CA translation "
            "of careers.compucom.com's own section 'contact-us' is not used: careers.compucom.com does not publish "
            "fr-CA (delete it, or add fr-CA to careers.compucom.com's languages:)") in result.err.splitlines(), \
        result.err


def test_a_language_noticegen_has_no_messages_in_is_said_once_per_site(tmp_path):
    """Inuktitut (iu-CA): Babel writes its dates, but noticegen has no
    messages in it, so its own words stayed English on those pages, silently."""
    project = translated(tmp_path / "project")
    (project / "notices" / "translations" / "fr-CA").rename(project / "notices" / "translations" / "iu-CA")
    sites = project / "notices" / "sites.yml"
    text = sites.read_text().replace("languages: [en-CA, fr-CA]", "languages: [en-CA, iu-CA]")
    sites.write_text(text)
    line = text[:text.index("domain: www.compucom.ca")].count("\n") + 1
    result = run("check", cwd=project)
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"warning: notices/sites.yml:{line}: site www.compucom.ca publishes iu-CA, which noticegen has no messages "
        "in: its own words on those pages (the dates line, contents, history, banners, redline legend) are in "
        "English (translate generator/data/messages/fr.yml into generator/data/messages/iu.yml (keyed by the "
        "English text) to have them in iu-CA)"], result.err
    assert "www.compucom.ca iu-CA: 16 of 16 texts translated and current" in result.out
    # French, English: nothing said.
    assert run("check", cwd=translated(tmp_path / "french")).err == ""


def test_noticegens_notes_on_a_page_without_its_messages_say_they_are_english(tmp_path):
    """On an iu-CA page, noticegen's notes on a stale or missing text are
    English: they say so (`lang="en"`), where the missing one's claimed the
    page's language; on a French page they keep the page's."""
    project = translated(tmp_path / "project")
    (project / "notices" / "translations" / "fr-CA").rename(project / "notices" / "translations" / "iu-CA")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("languages: [en-CA, fr-CA]",
                                               "languages: [en-CA, iu-CA]\n    stale_translations: {significant: note}"))
    (project / "notices" / "translations" / "iu-CA" / "075-retention.md").unlink()
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Inuktitut", date="2026-01-01T12:00:00+00:00")
    minor_edit(project)  # uncommitted: a draft, built as the working tree
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    notice = page(project / "site" / "www.compucom.ca", "iu-CA/index.html")
    missing = notice[notice.index('<div class="notice-source-language" lang="en-CA">'):]
    assert missing.index('<div lang="en">') < missing.index("Not yet translated"), missing[:1500]
    assert '<div lang="iu-CA">' not in notice
    stale = notice[:notice.index("Translation not yet updated")]
    assert stale.rindex('<div lang="en">') > stale.rindex('id="security"'), stale[-1500:]


def test_lists_of_versions_read_as_french_writes_them():
    from generator import i18n
    from generator.history_pages import versions_named

    with i18n.speaking("fr-CA"):
        assert versions_named(["5"]) == "version 5"
        assert versions_named(["6", "7"]) == "versions 6 et 7"
        assert versions_named(["2", "3", "4"]) == "versions 2, 3 et 4"
    assert versions_named(["6", "7"]) == "versions 6 and 7"


def test_a_version_whose_french_was_stopped_by_a_stale_section_is_said_out_of_date(tmp_path):
    """Version 6 changes retention significantly; its French title and summary
    are translated, the retention section left as it was: the site blocks
    that, so version 6 was never published in French. Version 7 changes it
    again, translated. The French history says version 6's translation is
    out of date (each text had one, one of an earlier source), not "not
    translated", and it has no French page (a stale translation published
    under its note stays published: test_translations_archive.py)."""
    project = translated(tmp_path / "project")
    significant_edit(project)
    commit_version_6(project, "Browser data is kept 25 months.", "Les données des navigateurs sont conservées 25 mois.")
    path = project / "notices" / "075-retention.md"
    path.write_text(path.read_text().replace("25 months", "26 months"))
    french_retention = project / FR / "075-retention.md"
    french_retention.write_text(french_retention.read_text().replace("13 months", "26 mois"))
    assert run("translate", "--mark-current", "fr-CA", "retention", cwd=project).code == 0
    new_version(project, "7", "2026-03-01", "Browser data is kept 26 months.", published=False)
    site = summary_marked_and_built(project, "Les données des navigateurs sont conservées 26 mois.",
                                    ["notice"], "Version 7", "2026-03-01T12:00:00+00:00")
    history = page(site, "fr-CA/history/index.html")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", history))
    assert "Version 6 (traduction pas à jour ; en anglais)" in words, words
    assert "Version 6 (non traduite" not in words and "traduite en partie" not in words
    assert ("Publiées avec une traduction pas à jour (un texte traduit d’un texte d’origine antérieur, sous une "
            "note), donc conservées dans la langue d’origine seulement, dont le texte fait foi : version 6 (") in words
    assert "Publiées dans la langue d’origine seulement" not in words and "Traduites en partie" not in words
    assert "Traduction pas à jour : le texte anglais fait foi." in page(site, "fr-CA/feed.xml")
    assert (site / "fr-CA" / "versions" / "7" / "index.html").is_file()
    assert not (site / "fr-CA" / "versions" / "6").exists()


def test_a_version_whose_french_was_stopped_by_a_missing_section_is_said_translated_in_part(tmp_path):
    """Version 6 comes without a translation of the retention section
    (deleted), its French title and summary translated: the site blocks a
    missing text, so version 6 was never published in French. Version 7
    changes it again, translated. Version 6 is listed as translated in part,
    not with the label of a version whose every text had a translation; and
    one published so under the site's `{significant: note}` (in English under
    the note) stays published."""
    project = translated(tmp_path / "project")
    french_retention = (project / FR / "075-retention.md").read_text()
    significant_edit(project)
    (project / FR / "075-retention.md").unlink()
    commit_version_6(project, "Browser data is kept 25 months.", "Les données des navigateurs sont conservées 25 mois.")
    path = project / "notices" / "075-retention.md"
    path.write_text(path.read_text().replace("25 months", "26 months"))
    (project / FR / "075-retention.md").write_text(french_retention.replace("13 months", "26 months"))
    assert run("translate", "--mark-current", "fr-CA", "retention", cwd=project).code == 0
    new_version(project, "7", "2026-03-01", "Browser data is kept 26 months.", published=False)
    site = summary_marked_and_built(project, "Les données des navigateurs sont conservées 26 mois.", ["notice"],
                                    "Version 7", "2026-03-01T12:00:00+00:00")
    history = page(site, "fr-CA/history/index.html")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", history))
    assert "Version 6 (traduite en partie ; en anglais)" in words, words
    assert "traduction pas à jour" not in words and "Publiées avec une traduction pas à jour" not in words
    assert ("Traduites en partie seulement (des textes n’ont jamais été traduits pour elles), donc conservées dans "
            "la langue d’origine seulement, dont le texte fait foi : version 6 (") in words
    assert "Traduite en partie seulement : le texte anglais fait foi." in page(site, "fr-CA/feed.xml")
    assert (site / "fr-CA" / "versions" / "7" / "index.html").is_file()
    assert not (site / "fr-CA" / "versions" / "6").exists()

    # Version 6 released under {significant: note} instead: published then, in English under the note.
    sites = project / "notices" / "sites.yml"
    git(project, "checkout", "-q", "HEAD~1")
    git(project, "switch", "-q", "-c", "noted")
    sites.write_text(re.sub(r"(    languages: \[en-CA, fr-CA\].*\n)", r"\1    stale_translations: {significant: note}\n",
                            sites.read_text()))
    git(project, "commit", "-q", "--amend", "-a", "--no-edit", date="2026-02-01T12:00:00+00:00")
    git(project, "cherry-pick", "main", date="2026-03-01T12:00:00+00:00")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    kept = page(site, "fr-CA/versions/6/index.html")
    assert re.search(r'<div class="notice-source-language" lang="en-CA">.*Pas encore traduit.*25 months', kept, re.S)
    assert "Version 6 (" not in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, "fr-CA/history/index.html")))


def test_translate_without_a_language_asks_for_the_language_only(french):
    """SECTION is optional (default: all); argparse called it required too."""
    result = run("translate", "--start", cwd=french)
    assert result.code == 2
    assert "the following arguments are required: LANG\n" in result.err and "SECTION" not in \
        result.err.splitlines()[-1], result.err


@pytest.mark.parametrize("code", ["fr-QC", "zz", "en-abc"])
def test_a_language_babel_does_not_know_is_one_line_from_check(tmp_path, code):
    """Found by an attack: check passed, and build stopped with an internal
    error (UnknownLocaleError) when it wrote the language's dates."""
    from test_bad_input import assert_clear_failure

    project = copy_project(tmp_path / "project", translated=True)
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("languages: [en-CA, fr-CA]", f"languages: [en-CA, {code}]"))
    (project / FR).rename(project / "notices" / "translations" / code)
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), f"{code} is not a language noticegen can write its words and dates in")
    assert result.err.count("notices/") == 1, result.err  # no follow-on lines


@pytest.mark.parametrize("languages", ["[en-CA, fr-CA, fr-ca]", "[en-CA, FR-ca]"])
def test_a_bad_languages_list_is_one_line_without_follow_ons(tmp_path, languages):
    from test_bad_input import assert_clear_failure

    project = copy_project(tmp_path / "project", translated=True)
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("languages: [en-CA, fr-CA]", f"languages: {languages}"))
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), "sites.yml")
    assert result.err.count("notices/") == 1, result.err


def test_mark_current_refuses_front_matter_it_cannot_rewrite_and_marks_nothing(tmp_path):
    """Found by an attack: a flow mapping as front matter got a block
    `translates:` line after it, and check then said malformed YAML."""
    project = translated(tmp_path / "project")
    retention, security = project / FR / "075-retention.md", project / FR / "020-security.md"
    text = retention.read_text()
    front, body = text.split("---\n")[1], "---\n".join(text.split("---\n")[2:])
    keys = dict(line.split(": ", 1) for line in front.strip().splitlines())
    retention.write_text("---\n{" + ", ".join(f"{k}: {v}" for k, v in keys.items()) + "}\n---\n" + body)
    assert run("check", cwd=project).code == 0  # valid as written
    for name in ("075-retention.md", "020-security.md"):
        source = project / "notices" / name
        source.write_text(source.read_text() + "\nOne more sentence.\n")
    before = (retention.read_text(), security.read_text())
    result = run("translate", "--mark-current", "fr-CA", cwd=project)
    assert result.code == 1 and "075-retention.md:1: noticegen cannot set `translates:`" in result.err, result.err
    assert (retention.read_text(), security.read_text()) == before  # all marked, or none


def test_a_site_section_named_as_its_author_likes_is_translated_under_that_name(tmp_path):
    """Found by an attack: the source `Contact.md` is accepted, and
    `translate --start` wrote `Contact.md`, which check then refused."""
    project = translated(tmp_path / "project")
    git(project, "mv", "notices/sites/www.compucom.ca/contact-us.md", "notices/sites/www.compucom.ca/Contact.md")
    (project / FR / "sites" / "www.compucom.ca" / "contact-us.md").unlink()
    result = run("translate", "--start", "fr-CA", "contact-us", cwd=project)
    assert result.code == 0, result.err
    started = project / FR / "sites" / "www.compucom.ca" / "Contact.md"
    assert started.is_file()
    started.write_text(started.read_text().replace("FILL IN: ", "").replace("FILL IN:", ""))
    result = run("check", cwd=project)
    assert "Contact.md:1: not a name" not in result.err and "named like its source" not in result.err, result.err


def test_a_linked_folder_among_the_translations_is_one_line(tmp_path):
    """Found by an attack: sites/www.compucom.ca linked to /etc gave a line
    for every file there."""
    from test_bad_input import assert_clear_failure

    project = translated(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for number in range(5):
        (elsewhere / f"file{number}.conf").write_text("not a translation\n")
    site = project / FR / "sites" / "www.compucom.ca"
    site.rename(tmp_path / "moved")
    site.symlink_to(elsewhere)
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), "www.compucom.ca:1: a link to a folder, which noticegen does not follow")
    assert "file0.conf" not in result.err, result.err


def test_a_later_rewrite_keeping_the_fingerprint_does_not_rewrite_an_earlier_version(tmp_path):
    """Version 6 changes retention significantly; a WIP commit then edits the
    French while it still names version 5's source text. Version 5 in French is
    what was committed while it was the version (13 mois), and the redline says so."""
    project = translated(tmp_path / "project")
    significant_edit(project)
    new_version(project, "6", "2026-02-01", "Browser data is kept 25 months.", published=False)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    retention = project / FR / "075-retention.md"
    assert "13 mois" not in retention.read_text()  # the helper leaves the number in English
    retention.write_text(retention.read_text().replace("13 months", "25 mois"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "WIP French", date="2026-02-01T13:00:00+00:00")
    site = summary_marked_and_built(project, "Les données des navigateurs sont conservées 25 mois.",
                                    ["notice", "retention"], "French of version 6", "2026-02-01T14:00:00+00:00")
    old = page(site, "fr-CA/versions/5/index.html")
    assert "websites: 13 months." in old and "websites: 25 mois." not in old
    assert "13 months" in page(site, "versions/5/index.html")
    assert "25 mois" in page(site, "fr-CA/versions/6/index.html")
    redline = page(site, "fr-CA/changes/5..6/index.html")
    assert "Aucun changement du texte" not in re.sub(r"<[^>]+>", "", redline)
    assert re.search(r"<del[^>]*>[^<]*13 months", redline) and re.search(r"<ins[^>]*>[^<]*25 mois", redline)


def test_a_versions_notice_json_keeps_the_note_apart_from_the_translation(built_french):
    """The compare page diffs `markdown`: noticegen's note on a stale section
    is in `note`, never in the translated text."""
    import json

    for path in ("fr-CA/versions/6/notice.json", "fr-CA/notice.json"):
        data = json.loads(page(built_french, path))
        security = next(section for section in data["sections"] if section["id"] == "security")
        assert not security["markdown"].startswith("!!!") and "Traduction pas encore" not in security["markdown"]
        assert security["note"].startswith('!!! note "Traduction pas encore mise à jour"'), path
        assert not any("note" in section for section in data["sections"] if section["id"] != "security")
    older = json.loads(page(built_french, "fr-CA/versions/5/notice.json"))
    newer = json.loads(page(built_french, "fr-CA/versions/6/notice.json"))
    assert [s["markdown"] for s in older["sections"]] == [s["markdown"] for s in newer["sections"]]


@pytest.mark.parametrize("bad, said", [
    ("Nous gardons {{ nosuchvar }}.", "unknown variable {{ nosuchvar }}"),
    ("FILL IN: translate the text below into fr-CA, then delete this line.", "a placeholder is not filled in"),
    ("<script>alert(1)</script>", ""),
    ('title: "Conservation <img src=x onerror=alert(1)>"', "title"),  # check cannot read it: said too
])
def test_a_committed_translation_that_breaks_checks_is_left_out_and_said(tmp_path, bad, said):
    """History cannot be edited: a committed French text of version 5 that
    check would refuse today is that version's translation missing, with a
    warning naming the commit and the file; never an internal error, never published."""
    project = translated(tmp_path / "project")
    retention = project / FR / "075-retention.md"
    good = retention.read_text()
    retention.write_text(re.sub(r"(?m)^title: .*$", bad, good, count=1) if bad.startswith("title:")
                         else good + f"\n{bad}\n")
    git(project, "commit", "-q", "-am", "A bad French text", date="2026-01-15T12:00:00+00:00")
    sha = git(project, "rev-parse", "--short=10", "HEAD").strip()
    significant_edit(project)
    new_version(project, "6", "2026-02-01", "Browser data is kept 25 months.", published=False)
    french = project / FR / "notice.yml"
    french.write_text(re.sub(r'summary: ".*"', 'summary: "Les données des navigateurs sont conservées 25 mois."',
                             french.read_text()))
    retention.write_text(good.replace("13 months", "25 mois"))
    assert run("translate", "--mark-current", "fr-CA", "notice", "retention", cwd=project).code == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6", date="2026-02-01T12:00:00+00:00")
    for command in (["check"], ["build", "--no-pdf", "--site", "www.compucom.ca"]):
        result = run(*command, cwd=project)
        assert result.code == 0, result.err
        assert "internal error" not in result.err and "Traceback" not in result.err
        line = next((l for l in result.err.splitlines() if f"committed in {sha}" in l), "")
        assert line.startswith("warning: notices/translations/fr-CA/075-retention.md:"), result.err
        assert said in line
    site = project / "site" / "www.compucom.ca"
    assert bad not in page(site, "fr-CA/versions/6/index.html")
    # Version 5 takes the text committed before it, which passes check.
    assert bad not in page(site, "fr-CA/versions/5/index.html")
    assert "FILL IN" not in "".join(p.read_text() for p in (site / "fr-CA").rglob("*.html"))


def test_a_translation_that_drops_its_sources_anchor_is_refused_with_its_line(tmp_path):
    """The source's `{ #opt-out }` is linked to: a current translation without
    it is one line naming the file (MkDocs failed on the page's link before)."""
    project = copy_project(tmp_path / "project", translated=True)
    choices = project / FR / "100-your-choices.md"
    text = choices.read_text()
    assert "{ #opt-out }" in text
    choices.write_text(text.replace(" { #opt-out }", ""))
    lines = text.split("\n")
    body_line = next(n for n, line in enumerate(lines, start=1) if n > 1 and line == "---") + 1
    for command in ("check", "build"):
        result = run("--no-history", command, cwd=project)
        assert result.code == 1 and "Traceback" not in result.err and "MkDocs failed" not in result.err, result.err
        assert (f"notices/translations/fr-CA/100-your-choices.md:{body_line}: the source's anchor #opt-out is missing "
                "from this translation of section 'your-choices'") in result.err, result.err


def test_the_same_anchor_twice_in_one_translation_is_refused(tmp_path):
    project = copy_project(tmp_path / "project", translated=True)
    choices = project / FR / "100-your-choices.md"
    choices.write_text(choices.read_text() + "\n### Encore { #opt-out }\n\nTexte.\n")
    line = choices.read_text().split("\n").index("### Encore { #opt-out }") + 1
    result = run("--no-history", "check", cwd=project)
    assert result.code == 1
    assert (f"notices/translations/fr-CA/100-your-choices.md:{line}: the anchor #opt-out is already an anchor "
            "earlier in this text") in result.err, result.err


def test_the_shipped_french_history_has_a_real_redline(tmp_path):
    """The shipped example, from this repository's own history: www.compucom.ca's
    French versions 4 and 5 (the illustrative translation), a French redline
    between them with French words inserted and deleted, versions 2 and 3 in
    English only; French writes a space before a colon in noticegen's own
    lines (history, change summary, feed), as its catalog does."""
    import subprocess

    from conftest import REPO

    if subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", "-q", "HEAD"],
                      capture_output=True).returncode != 0:
        pytest.skip("not a git checkout of noticegen (the shipped history is its git log)")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=clone)
    assert result.code == 0, result.err
    site = clone / "site" / "www.compucom.ca"
    data = __import__("json").loads(page(site, "fr-CA/versions.json"))
    assert [(v["version"], v.get("translated", True)) for v in data["versions"]] == \
        [("5", True), ("4", True), ("3", False), ("2", False)]
    redline = page(site, "fr-CA/changes/4..5/index.html")
    inserted = " ".join(re.findall(r'<ins class="notice-ins">(.*?)</ins>', redline))
    deleted = " ".join(re.findall(r'<del class="notice-del">(.*?)</del>', redline))
    assert "clauses contractuelles types" in inserted and "Bouclier de protection des données" in deleted
    text = re.sub(r"<[^>]+>", "", redline)
    assert re.search(r"Introduction : \d+ mots ajoutés, \d+ mots supprimés", text), text[:3000]
    assert "Introduction: " not in text
    # The categories are noun phrases and questions ("où vos renseignements…"): after a colon, not "au sujet de".
    assert "Il change ce que dit cette déclaration sur ces points : où vos renseignements" in text, text[:3000]
    assert "au sujet de où" not in text
    history = re.sub(r"<[^>]+>", "", page(site, "fr-CA/history/index.html"))
    assert "Changement important : où vos renseignements" in history and "Changement important:" not in history
    assert "Version 3 (non traduite ; en anglais)" in history
    feed = page(site, "fr-CA/feed.xml")
    assert "<title>Version 5 : en vigueur depuis le 1er janvier 2023</title>" in feed and "Version 5:" not in feed
    # English keeps its colon.
    assert "<title>Version 5: in force since 1 January 2023</title>" in page(site, "feed.xml")
    assert re.search(r"Introduction: \d+ words added", re.sub(r"<[^>]+>", "", page(site, "changes/4..5/index.html")))
    compare = page(site, "fr-CA/compare/index.html")
    assert "&quot;{title}: {line}&quot;: &quot;{title} : {line}&quot;" in compare  # the compare form's colon
