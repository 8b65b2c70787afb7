"""One notice in many languages (issue 16): translations beside the source,
their fingerprints, staleness judged by the significance detector, and
check listing what is missing or stale per site and language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, git, run

FR = Path("notices/translations/fr-CA")


def with_french(project: Path) -> Path:
    """www.compucom.ca in en-CA and fr-CA."""
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("    language: en-CA\n", "    languages: [en-CA, fr-CA]\n"))
    return project


def translate_all(project: Path) -> None:
    """Start every translation and "translate" it: the FILL IN lines go,
    each paragraph is marked as French (enough for the machinery)."""
    result = run("translate", "--start", "fr-CA", cwd=project)
    assert result.code == 0, result.err
    for path in (project / FR).rglob("*.md"):
        text = path.read_text()
        text = re.sub(r"FILL IN: translate the text below into fr-CA, then delete this line.\n\n", "", text)
        path.write_text(text.replace("\nWe ", "\nNous ").replace("personal information", "renseignements personnels"))
    meta = project / FR / "notice.yml"
    text = meta.read_text()
    text = re.sub(r'title: ".*"', 'title: "Déclaration de confidentialité"', text)
    text = re.sub(r'summary: ".*"', 'summary: "Droits en Californie; transferts selon les clauses types."', text)
    meta.write_text(text)


@pytest.fixture
def french(tmp_path) -> Path:
    project = with_french(copy_project(tmp_path / "project"))
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "French translation")
    return project


def test_a_site_language_without_translation_is_refused(tmp_path):
    project = with_french(copy_project(tmp_path / "project"))
    result = run("check", cwd=project)
    assert result.code == 1
    assert "notices/sites.yml:" in result.err
    assert "publishes fr-CA, but notices/translations/fr-CA/ does not exist" in result.err
    assert "noticegen translate --start fr-CA" in result.err


def test_start_writes_fill_ins_that_check_refuses(tmp_path):
    project = with_french(copy_project(tmp_path / "project"))
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
    sites.write_text(sites.read_text().replace("    languages: [en-CA, fr-CA]\n",
                                               "    languages: [en-CA, fr-CA]\n"
                                               "    stale_translations: {minor: block}\n"))
    minor_edit(french)
    result = run("check", cwd=french)
    assert result.code == 1
    assert "020-security.md:4: the fr-CA translation of section 'security' is stale" in result.err


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
