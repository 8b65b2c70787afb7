"""A language's archived versions (issue 16): a version page published in a
language stays published in every later build, as git says it was published,
whatever is on disk in site/."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import git, run
from test_translations import FR, page, release_minor_version, summary_marked_and_built, translated


def words_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def release_translated_version_7(project: Path) -> Path:
    """Version 7 changes the security section again, translated in the same
    commit, its title and summary translated: every French text is current."""
    path = project / "notices" / "020-security.md"
    path.write_text(path.read_text().replace("technical controls", "technical safeguards"))
    french_security = project / FR / "020-security.md"
    french_security.write_text(french_security.read_text().replace("technical controls", "contrôles techniques"))
    assert run("translate", "--mark-current", "fr-CA", "security", cwd=project).code == 0
    from test_translations import new_version

    new_version(project, "7", "2026-03-01", "Safeguards, in the security section.", published=False)
    return summary_marked_and_built(project, "Les mesures de protection, dans la section sur la sécurité.",
                                    ["notice"], "Version 7", "2026-03-01T12:00:00+00:00")


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_a_version_published_with_a_stale_section_stays_published_once_superseded(tmp_path):
    """Version 6 is published in French with its security section stale
    (a minor source change, under the note). Version 7 is then translated
    throughout: /privacy/fr-CA/versions/6/ stays, as it was published (the
    French security text of version 5 under its note), with its redlines;
    and a clone of the same commit, with no site/ folder, builds the same bytes."""
    project = translated(tmp_path / "project")
    release_minor_version(project)
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / "www.compucom.ca"
    published = words_of(page(site, "fr-CA/versions/6/index.html"))
    assert "Traduction pas encore mise à jour" in published

    site = release_translated_version_7(project)
    kept = page(site, "fr-CA/versions/6/index.html")
    assert "Traduction pas encore mise à jour" in words_of(kept)
    security = re.search(r'<h2 id="security".*?(?=<h2 id=)', kept, re.S).group(0)
    assert "technical controls" in security and "contrôles techniques" not in security  # the French as published
    assert (site / "fr-CA" / "changes" / "5..6" / "index.html").is_file()
    assert (site / "fr-CA" / "changes" / "6..7" / "index.html").is_file()
    assert not (site / "fr-CA" / "changes" / "5..7").exists()
    history = words_of(page(site, "fr-CA/history/index.html"))
    assert "Version 6 (" not in history and "traduction pas à jour" not in history, history
    assert 'href="https://www.compucom.ca/privacy/fr-CA/versions/6/" hreflang' in page(site, "versions/6/index.html")

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True)
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=clone).code == 0
    assert _tree(clone / "site" / "www.compucom.ca") == _tree(site)


def test_an_edit_of_the_summary_under_its_version_keeps_the_version_published(tmp_path):
    """Version 6 is published in French; its English summary is then
    reworded (minor) under the same version: the French title and summary
    are stale, not another version's. fr-CA/versions/6/ became a 404 and the
    French notice said version 6 was not translated yet, while check said
    it was published with a note; and it stayed a 404 after version 7."""
    project = translated(tmp_path / "project")
    release_minor_version(project)
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    site = project / "site" / "www.compucom.ca"
    assert (site / "fr-CA" / "versions" / "6" / "index.html").is_file()
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace("Punctuation in the security section.",
                                             "Punctuation, in the security section."))
    git(project, "commit", "-q", "-am", "Summary reworded", date="2026-02-02T12:00:00+00:00")
    result = run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0 and "title and summary is stale" in result.err, result.err
    assert (site / "fr-CA" / "versions" / "6" / "index.html").is_file()
    assert "pas encore traduite" not in words_of(page(site, "fr-CA/index.html"))
    site = release_translated_version_7(project)
    assert (site / "fr-CA" / "versions" / "6" / "index.html").is_file()
    assert (site / "fr-CA" / "versions" / "7" / "index.html").is_file()


def test_a_text_translated_later_for_a_version_published_stale_replaces_the_stale_one(tmp_path):
    """Version 6 is published in French with two sections stale (minor
    changes, under their notes); version 7 follows, translated. Then a
    translation of version 6's security text is committed after the fact
    (and the file set back to version 7's): version 6's page shows it, no
    longer under the note, and keeps the other section as it was published."""
    from test_translations import minor_edit, new_version

    project = translated(tmp_path / "project")
    minor_edit(project)  # security
    intro = project / "notices" / "010-respects-your-privacy.md"
    intro.write_text(intro.read_text().replace("Since the EU-U.S. Privacy Shield was invalidated in July 2020, we",
                                               "Since the EU-U.S. Privacy Shield was invalidated in July 2020 we"))
    new_version(project, "6", "2026-02-01", "Punctuation.", published=False)
    summary_marked_and_built(project, "Ponctuation.", ["notice"], "Version 6", "2026-02-01T12:00:00+00:00")
    fr_security = project / FR / "020-security.md"
    stale_security = fr_security.read_text()
    assert run("translate", "--mark-current", "fr-CA", "security", cwd=project).code == 0  # names 6's text
    backfill = fr_security.read_text().replace("Collectively, we", "VERSION SIX EN FRANÇAIS")
    assert "VERSION SIX" in backfill and backfill != stale_security
    security = project / "notices" / "020-security.md"
    security.write_text(security.read_text().replace("technical controls", "technical safeguards"))
    intro.write_text(intro.read_text().replace("in July 2020 we", "in July 2020, we"))
    assert run("translate", "--mark-current", "fr-CA", "security", "respects-your-privacy", cwd=project).code == 0
    new_version(project, "7", "2026-03-01", "Translated.", published=False)
    summary_marked_and_built(project, "Traduite.", ["notice"], "Version 7", "2026-03-01T12:00:00+00:00")
    kept = page(project / "site" / "www.compucom.ca", "fr-CA/versions/6/index.html")
    assert words_of(kept).count("Traduction pas encore mise à jour") == 2
    assert "VERSION SIX EN FRANÇAIS" not in kept

    current = fr_security.read_text()
    fr_security.write_text(backfill)
    git(project, "commit", "-qam", "French of version 6's security section", date="2026-03-02T12:00:00+00:00")
    fr_security.write_text(current)
    git(project, "commit", "-qam", "Back to version 7's", date="2026-03-02T13:00:00+00:00")
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    kept = page(project / "site" / "www.compucom.ca", "fr-CA/versions/6/index.html")
    security = re.search(r'<h2 id="security".*?(?=<h2 id=)', kept, re.S).group(0)
    assert "VERSION SIX EN FRANÇAIS" in security and "Traduction pas encore mise à jour" not in security
    assert words_of(kept).count("Traduction pas encore mise à jour") == 1  # the other section, as published
