"""Attacks of session 16: what an outsider's input did to noticegen, one
test per hole found (each failed before its fix)."""
import os
import urllib.error

import pytest

from conftest import git, run, shared_path
from test_authoring import empty_project
from test_import_history import corpus_repository, imported_history, noticegen
from test_serve import fetch, server, wait_for  # noqa: F401  (server: a fixture)

BASECAMP = "basecamp-policies--privacy-policy"


def test_a_source_commit_dated_out_of_order_never_dates_a_version_before_the_one_it_followed(tmp_path):
    """Basecamp's real history with one state's commit dated 2001 (years
    before the text it holds existed) and another's 2031, both in the middle:
    the version made from the first was recorded `published: 2001-01-01`,
    before the version it replaced, which on the history page reads as 19
    years' notice of a significant change; the second dated every version
    after it 2031 in the project's git. Each imported version is dated no
    earlier than the one before it, and the import says which it moved."""
    index, path = corpus_repository(tmp_path / "source", shared_path("corpus", BASECAMP),
                                           {23: "2001-01-01T12:00:00+00:00", 30: "2031-06-01T12:00:00+00:00"})
    project = empty_project(tmp_path / "project")
    result = noticegen(project, "import", path, "--history", str(tmp_path / "source"), "--domain", "example.com")
    assert result.returncode == 0, result.stderr
    versions = [v for v in imported_history(project).versions if v.commit]
    published = [v.published for v in versions]
    assert published == sorted(published), published
    assert "2001-01-01" not in published and "2031-06-01" not in published, published
    real = sorted(entry["date"][:10] for entry in index)
    assert all(real[0] <= day <= real[-1] for day in published), published
    committed = [v.committed[:10] for v in versions]
    assert committed == sorted(committed) and max(committed) < "2031", committed
    said = [line for line in result.stdout.splitlines() if "out of order" in line]
    assert len(said) == 1 and "2001-01-01" in said[0] and "2031-06-01" in said[0], result.stdout


def test_a_theme_link_out_of_the_project_made_while_serving_is_not_previewed(server, tmp_path):  # noqa: F811
    """`build` refuses a link in theme/ to a file outside the project, and
    serve refuses to start with one; but one made while the preview ran
    was copied into it and served (a theme edit does not run check again)."""
    url, project = server
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET OUTSIDE THE PROJECT\n")
    (project / "theme" / "leak.txt").symlink_to(secret)
    (project / "theme" / "leaks").symlink_to(secret.parent, target_is_directory=True)
    (project / "theme" / "own.txt").write_text("in the project\n")
    assert wait_for(lambda: "in the project" in fetch(url + "own.txt")), "the preview never rebuilt"
    for name in ("leak.txt", "leaks/secret.txt"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(url + name)
        assert missing.value.code == 404, name
    os.unlink(project / "theme" / "leak.txt")


def test_a_nul_in_a_preview_address_is_a_bad_request_not_a_traceback(server):  # noqa: F811
    """Any page the author visits can make the browser ask the preview for
    /privacy/%00 (the Host is 127.0.0.1, which the preview answers): MkDocs'
    server raised on it, printing a traceback into the author's terminal for
    each request, and answered 500."""
    url, _ = server
    for name in ("%00", "index.html%00.png", "a/%00/b.html"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            fetch(url + name)
        assert refused.value.code == 400, name
    assert "1 January 2023" in fetch(url)


LONG_WORD = "Datenschutzgrundverordnungsdurchführungsbestimmungen" * 3
LONG_ADDRESS = "https://www.example.com/privacy?" + "&".join(f"parameter{n}=value{n}" for n in range(12))


def test_a_word_longer_than_the_line_is_broken_in_the_pdf_not_cut_off_at_the_edge(project, pdfs):  # noqa: F811
    """A word wider than the page (a German compound, an address written
    out) ran past the right margin and off the paper of the PDF, the
    printable record of the version: its end was not on the page."""
    from pypdf import PdfReader
    from test_pdf import _words

    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text().replace(
        "in our custody", f"in our custody under the {LONG_WORD} (see {LONG_ADDRESS})", 1))
    git(project, "commit", "-qam", "A long word")
    result = run("--no-history", "build", "--site", "www.compucom.com", cwd=project)
    assert result.code == 0, result.err
    pdf = project / "site" / "www.compucom.com" / "versions" / "5" / "www.compucom.com-version-5.pdf"
    reader = PdfReader(pdf)
    words = []
    for number, page in enumerate(reader.pages, 1):
        right = float(page.mediabox.width) - 18 * 72 / 25.4  # pdf.css: an 18 mm margin
        on_page = _words(pdf, number)
        assert not [w for w in on_page if w[3] > right + 1], [w[0][:40] for w in on_page if w[3] > right + 1]
        margin, height = 20 * 72 / 25.4, float(page.mediabox.height)  # the running texts are in the margins
        words += [w[0] for w in on_page if w[2] > margin and w[4] < height - margin]
    text = "".join(words)
    assert LONG_WORD in text and LONG_ADDRESS in text


def test_an_rsync_destination_holding_files_noticegen_did_not_put_there_is_refused(tmp_path):
    """`rsync --delete` makes the destination the build: pointed at a web
    server's folder that holds other pages (another site, a blog), the
    first publish deleted them all. It is refused, naming what is there; a
    new or empty folder, or one a publish filled (before or since the mark
    it now leaves), is published to."""
    from conftest import copy_project, require_program

    require_program("rsync")
    project = copy_project(tmp_path / "project")
    shared = tmp_path / "www"
    (shared / "blog").mkdir(parents=True)
    (shared / "other-site.html").write_text("another team's page\n")
    (shared / "blog" / "index.html").write_text("a blog\n")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("publish: {directory: published/www.compucom.ca}",
                                               f"publish: {{rsync: {shared}/}}"))
    git(project, "commit", "-qam", "rsync")
    assert run("build", "--site", "www.compucom.ca", cwd=project).code == 0
    refused = run("publish", "--site", "www.compucom.ca", cwd=project)
    assert refused.code == 1 and refused.err.count("\n") == 1, refused.err
    assert "blog, other-site.html" in refused.err and "did not put there" in refused.err, refused.err
    assert (shared / "other-site.html").read_text() == "another team's page\n"
    assert (shared / "blog" / "index.html").exists() and not (shared / "index.html").exists()

    (shared / "other-site.html").unlink()
    (shared / "blog" / "index.html").unlink()
    (shared / "blog").rmdir()  # an empty folder: nothing to lose
    for _ in range(2):  # the first publish leaves its mark, the second finds it
        published = run("publish", "--site", "www.compucom.ca", cwd=project)
        assert published.code == 0, published.err
        assert "905-555-0142" in (shared / "index.html").read_text()
    (shared / ".noticegen-target").unlink()  # a destination published to before the mark: its versions.json says so
    assert run("publish", "--site", "www.compucom.ca", cwd=project).code == 0


def test_a_directory_target_through_a_link_to_nothing_is_refused_not_created_where_it_points(project, tmp_path):
    """`published` a link to a folder that is gone (a disk not mounted, a
    deployment's link left behind): publish made the folders the link named,
    wherever that was, and published there."""
    missing = tmp_path / "unmounted" / "privacy"
    (project / "published").symlink_to(missing, target_is_directory=True)
    assert run("build", "--site", "www.compucom.com", cwd=project).code == 0
    result = run("publish", "--site", "www.compucom.com", cwd=project)
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert f"a link to {missing}, which does not exist" in result.err, result.err
    assert not (tmp_path / "unmounted").exists()


def test_a_link_among_the_releases_is_left_alone_and_never_published_as_one(project, tmp_path):
    """A link in releases/ with a release's name (to a folder elsewhere):
    pruning moved it aside and failed on it ("Cannot call rmtree on a
    symbolic link"), on every publish after; with the name of the release
    being published, a folder elsewhere whose files matched would be served."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "important.txt").write_text("not noticegen's\n")
    assert run("build", "--site", "www.compucom.com", cwd=project).code == 0
    assert run("publish", "--site", "www.compucom.com", cwd=project).code == 0
    releases = project / "published" / "www.compucom.com" / "releases"
    (releases / "v1-000000000000").symlink_to(elsewhere, target_is_directory=True)
    for _ in range(2):
        again = run("publish", "--site", "www.compucom.com", cwd=project)
        assert again.code == 0 and "already current" in again.out, again.err
    assert (releases / "v1-000000000000").is_symlink() and (elsewhere / "important.txt").exists()
    assert sorted(p.name for p in releases.iterdir()) == ["v1-000000000000", os.readlink(releases.parent / "current")
                                                          .split("/")[-1]]

    current = os.readlink(releases.parent / "current").split("/")[-1]
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text().replace("in our custody", "in our care", 1))
    assert run("--no-history", "build", "--site", "www.compucom.com", cwd=project).code == 0
    from generator import manifest
    from generator.publish import release_id

    entry = manifest.read(project / "site")["sites"]["www.compucom.com"]
    planted = releases / release_id(entry)
    planted.symlink_to(elsewhere, target_is_directory=True)
    refused = run("--no-history", "publish", "--site", "www.compucom.com", cwd=project)
    assert refused.code == 1 and refused.err.count("\n") == 1 and "is a link" in refused.err, refused.err
    assert planted.is_symlink() and os.readlink(releases.parent / "current").endswith(current)
