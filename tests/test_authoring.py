"""The legal authors' workflow: import an existing notice, release a version."""
import shutil

from conftest import REPO, cli_env, git, run, shared_path
from test_seed import words


def empty_project(folder):
    folder.mkdir()
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "theme", folder / "theme")
    git(folder, "init", "-q", "-b", "main")
    return folder


def import_page(tmp_path, html: str):
    """An old notice's HTML page imported into a new project: (project, the
    import's result, the page)."""
    page = tmp_path / "privacy.html"
    page.write_text(html)
    project = empty_project(tmp_path / "html")
    result = run("--no-history", "import", str(page), cwd=project)
    assert result.code == 0, result.err
    return project, result, page


def test_import_of_the_seed_round_trips_to_the_same_text(tmp_path):
    from generator.importer import clean, read_document, split_sections
    from generator.notice import load_notice
    from generator.pages import site_text
    from generator.sites import load_sites

    seed = shared_path("seed", "compucom-privacy-policy-2013-11-19.md")
    project = empty_project(tmp_path / "imported")
    result = run("--no-history", "import", str(seed), "--effective", "2013-11-19", "--domain", "www.compucom.com",
                 cwd=project)
    assert result.code == 0, result.err
    assert "13 sections, effective 2013-11-19" in result.out
    assert "variable {{ postal_address }} = CompuCom Systems, Inc. / c/o CompuCom Legal Department" in result.out
    assert run("--no-history", "check", cwd=project).code == 0
    notices = project / "notices"
    text = site_text(load_notice(notices), load_sites(notices)[0])
    _, preamble, original = split_sections(clean(read_document(seed)[0]))
    assert [s.title for s, _ in text.sections] == [title for title, _ in original]
    for (section, body), (_, source) in zip(text.sections, original):
        assert words(body) == words(source), section.id
    assert "{{ contact_email }}" in (notices / "120-contact-us.md").read_text()
    assert "### Opt-out Provision" in (notices / "100-your-choices-selection-of-your-privacy-preferences.md").read_text()


def test_import_reads_html_and_never_overwrites_without_force(tmp_path):
    project, result, page = import_page(tmp_path, (
        "<!doctype html><html><head><title>x</title><script>track()</script></head><body>"
        "<nav>Menu</nav><h1>Privacy Policy</h1><p>Last updated: May 25, 2018</p>"
        "<h2>What we collect</h2><p>Your <b>name</b> and <a href='mailto:privacy@shop.example'>"
        "privacy@shop.example</a>.</p><h2>Your rights</h2><ul><li>Access</li><li>Deletion</li></ul>"
        "</body></html>"))
    assert "2 sections, effective 2018-05-25" in result.out
    collect = (project / "notices" / "010-what-we-collect.md").read_text()
    assert "**name**" in collect and "{{ contact_email }}" in collect
    imported = "".join(path.read_text() for path in (project / "notices").iterdir() if path.is_file())
    assert "track()" not in imported and "Menu" not in imported  # scripts and navigation dropped
    assert "- Access" in (project / "notices" / "020-your-rights.md").read_text()
    again = run("--no-history", "import", str(page), cwd=project)
    assert again.code == 1 and "pass --force" in again.err
    assert run("--no-history", "import", str(page), "--force", cwd=project).code == 0


def test_release_writes_the_metadata_and_checks_it(project):
    sharing = project / "notices" / "070-sharing.md"
    sharing.write_text(sharing.read_text().replace("CompuCom will not sell", "CompuCom may sell"))
    meta = project / "notices" / "notice.yml"
    before = meta.read_text()
    minor = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "We may sell.", "--minor",
                cwd=project)
    assert minor.code == 1 and "declared minor (significant: false)" in minor.err
    assert meta.read_text() == before  # nothing lost
    taken = run("release", "--version", "5", "--effective", "2030-01-01", "--summary", "x", cwd=project)
    assert taken.code == 1 and "already released" in taken.err
    done = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "We may sell.", cwd=project)
    assert done.code == 0, done.err
    text = meta.read_text()
    assert 'version: "6"' in text and "effective: 2030-01-01" in text and 'summary: "We may sell."' in text
    assert text.startswith("# The notice as a whole.")  # comments kept
    assert git(project, "status", "--porcelain")  # not committed: that is the author's step
    git(project, "commit", "-qam", "Version 5")
    assert run("check", cwd=project).code == 0


def test_two_releases_at_once_never_lose_the_one_that_succeeded(project):
    """A release whose check fails puts notice.yml back as it was; a second
    release at the same time waits for it (a lock), so the put-back never
    wipes what the second wrote, and the second's exit 0 is true."""
    import subprocess
    import sys

    sharing = project / "notices" / "070-sharing.md"
    sharing.write_text(sharing.read_text().replace("CompuCom will not sell", "CompuCom may sell"))
    env = cli_env()

    def release(*args, pause_at=None):
        extra = {"NOTICEGEN_PAUSE_AT": pause_at} if pause_at else {}
        return subprocess.Popen([sys.executable, "-m", "generator.cli", "release", *args], cwd=project,
                                env={**env, **extra}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    meta = project / "notices" / "notice.yml"
    original = meta.read_text()
    for _ in range(4):  # started at once, as two CI jobs or two terminals do
        meta.write_text(original)
        bad = release("--version", "6b", "--effective", "2001-01-01", "--summary", "Bad date.")
        good = release("--version", "6", "--effective", "2030-01-01", "--summary", "We may sell data.")
        bad.wait(timeout=120)
        assert good.wait(timeout=120) == 0, good.stderr.read()
        text = meta.read_text()
        assert 'version: "6"' in text and 'summary: "We may sell data."' in text


def test_a_release_with_no_change_since_the_last_version_is_refused(project):
    meta = project / "notices" / "notice.yml"
    before = meta.read_text()
    same = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "Nothing new.", cwd=project)
    assert same.code == 1 and same.err.strip().splitlines() == [
        "noticegen: nothing in the notice's text changed since version 5: edit the sections in notices/ first "
        "(to correct version 5's dates or summary, edit notices/notice.yml and commit, without a new version)"]
    assert meta.read_text() == before  # nothing written
