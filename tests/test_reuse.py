"""A rebuilt site links the files its previous build already holds, byte for
byte (generator/reuse.py), and its output is still exactly a cold build's:
compared with `diff -r` against a cold build of the same commit in a fresh
clone, after an edit of one section, after an edit every page shows (the
footer), and after the previous build's files were damaged in place."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env, git, mark_contents_entries

DOMAIN = "www.compucom.com"  # shows 130-dispute-resolution.md
UNTOUCHED = "www.compucom.ca"  # does not


def _build(project: Path) -> None:
    """`noticegen build --no-pdf --jobs 1` in its own process, this tree's code."""
    env = cli_env()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--no-pdf", "--jobs", "1"], cwd=project,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _same_as_fresh_clone(project: Path, tmp_path: Path, edited: bool = True) -> None:
    """`diff -r` of the project's site/ against a cold build in a fresh clone
    of its commit with the same uncommitted edits (a draft, as an author
    builds it before committing a new version; none without `edited`)."""
    clone = tmp_path / f"clone-{len(list(tmp_path.glob('clone-*')))}"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    for line in git(project, "status", "--porcelain", "--untracked-files=no").splitlines():
        shutil.copyfile(project / line[3:], clone / line[3:])
    assert bool(git(clone, "status", "--porcelain", "--untracked-files=no")) == edited  # the edit is there
    _build(clone)
    result = subprocess.run(["diff", "-r", str(project / "site"), str(clone / "site")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_size)
            for path in folder.rglob("*") if path.is_file() and not path.is_symlink()}


def _append(project: Path, name: str, text: str) -> None:
    path = project / "notices" / name
    path.write_text(path.read_text() + text)


@pytest.fixture
def rebuilt(project, tmp_path):
    """The shipped project with two more versions committed (so each site
    has archived versions and diffs), built once: the previous build."""
    meta = project / "notices" / "notice.yml"
    for version in (6, 7):
        _append(project, "020-security.md", f"\nRevision {version}.\n")
        text = re.sub(r'^version: .*$', f'version: "{version}"', meta.read_text(), flags=re.M)
        text = re.sub(r'^effective: .*$', f'effective: 202{version - 2}-03-01', text, flags=re.M)
        meta.write_text(re.sub(r'^published: .*$', f'published: 202{version - 2}-02-01', text, flags=re.M))
        git(project, "commit", "-qam", f"Version {version}")
    _build(project)
    return project


def test_a_one_section_edit_links_what_did_not_change_and_builds_a_cold_builds_bytes(rebuilt, tmp_path):
    before = _files(rebuilt / "site" / DOMAIN)
    untouched = _files(rebuilt / "site" / UNTOUCHED)
    _append(rebuilt, "130-dispute-resolution.md", "\nOne more sentence.\n")
    _build(rebuilt)
    after = _files(rebuilt / "site" / DOMAIN)
    kept = {path for path in after if path in before and after[path][0] == before[path][0]}
    # The notice page and what is made from it are new; every archived version and diff is the previous build's.
    assert {"index.html", "notice.json", "embed.html", "search/search_index.json"}.isdisjoint(kept)
    assert {"versions/5/index.html", "changes/5..6/index.html", "history/index.html", "404.html",
            "sitemap.xml"} <= kept, sorted(set(after) - kept)
    assert len(kept) > len(after) * 0.8, sorted(set(after) - kept)
    assert _files(rebuilt / "site" / UNTOUCHED) == untouched  # carried over, not rebuilt
    _same_as_fresh_clone(rebuilt, tmp_path)


def test_an_edit_every_page_shows_links_no_page(rebuilt, tmp_path):
    """A footer on every page (Material's `copyright`): no page of the
    previous build holds the new bytes, so none is linked."""
    before = {domain: _files(rebuilt / "site" / domain) for domain in (DOMAIN, UNTOUCHED)}
    config = rebuilt / "mkdocs.yml"
    config.write_text(config.read_text() + 'copyright: "Copyright 2026 CompuCom, reviewed in January"\n')
    _build(rebuilt)
    for domain, files in before.items():
        after = _files(rebuilt / "site" / domain)
        kept = {path for path in after if path in files and after[path][0] == files[path][0]}
        pages = {path for path in after if path.endswith(".html") and not path.startswith("embed")}
        assert pages and not kept & pages, sorted(kept & pages)
        assert "reviewed in January" in (rebuilt / "site" / domain / "versions" / "6" / "index.html").read_text()
    _same_as_fresh_clone(rebuilt, tmp_path)


@pytest.mark.parametrize("damage", ["same size", "truncated", "a link"])
def test_a_damaged_file_of_the_previous_build_is_made_again_not_linked(rebuilt, tmp_path, damage):
    """Bytes changed in place with the size and time kept (so the site still
    counts as intact, and is rebuilt only for the edit), a file cut short,
    a file replaced by a link to a copy of itself: the rebuilt site has the
    right bytes, in a file of its own."""
    site = rebuilt / "site" / DOMAIN
    damaged = site / "versions" / "6" / "index.html"
    status, data = damaged.stat(), damaged.read_bytes()
    if damage == "same size":
        damaged.write_bytes(data.replace(b"<main", b"<MAIN", 1))
    elif damage == "truncated":
        damaged.write_bytes(data[: len(data) // 2])
    else:
        outside = tmp_path / "outside.html"
        outside.write_bytes(data)
        damaged.unlink()
        damaged.symlink_to(outside)
    if damage != "a link":
        os.utime(damaged, ns=(status.st_atime_ns, status.st_mtime_ns))
    _append(rebuilt, "130-dispute-resolution.md", "\nOne more sentence.\n")
    _build(rebuilt)
    assert not damaged.is_symlink() and damaged.read_bytes() == data
    if damage == "a link":
        assert damaged.stat().st_ino != outside.stat().st_ino
    _same_as_fresh_clone(rebuilt, tmp_path)


def test_a_failed_rebuild_leaves_the_previous_build_as_it_was(rebuilt, tmp_path):
    """The files a rebuild linked are shared with the previous build until
    the swap: a build killed just before it leaves every byte as it was."""
    site = rebuilt / "site" / DOMAIN
    saved = tmp_path / "saved"
    shutil.copytree(site, saved)
    _append(rebuilt, "130-dispute-resolution.md", "\nOne more sentence.\n")
    env = cli_env(NOTICEGEN_CRASH_AT="before-swap")
    killed = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--no-pdf", "--jobs", "1"], cwd=rebuilt,
                            env=env, capture_output=True, text=True)
    assert killed.returncode != 0
    result = subprocess.run(["diff", "-r", str(saved), str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    _build(rebuilt)
    _same_as_fresh_clone(rebuilt, tmp_path)


def test_only_a_plain_file_of_this_user_with_the_same_bytes_is_linked(tmp_path):
    """reuse.Previous on its own: a file of the last build that differs in
    its bytes, its mode, or is reached through a link is never linked, and
    a file written again where one was linked leaves the last build's file
    as it was."""
    from generator.reuse import Previous

    old, new, outside = tmp_path / "old", tmp_path / "new", tmp_path / "outside"
    (old / "linked-folder").mkdir(parents=True)
    outside.mkdir()
    data = b"<p>the same bytes</p>\n"
    (old / "same.html").write_bytes(data)
    (old / "other.html").write_bytes(data.replace(b"same", b"SAME"))  # same size, other bytes
    (old / "mode.html").write_bytes(data)
    (old / "mode.html").chmod(0o600)
    (outside / "page.html").write_bytes(data)
    (old / "link.html").symlink_to(outside / "page.html")
    (old / "linked-folder").rmdir()
    (old / "linked-folder").symlink_to(outside, target_is_directory=True)
    previous = Previous(new, old)
    names = ["same.html", "other.html", "mode.html", "link.html", "linked-folder/page.html", "missing.html"]
    for name in names:
        previous.write(new / name, data)
    for name in names:
        assert (new / name).read_bytes() == data and not (new / name).is_symlink(), name
    shared = {name for name in names if (old / name).exists()
              and (new / name).stat().st_ino == (old / name).stat().st_ino}
    assert shared == {"same.html"} and (previous.linked, previous.written) == (1, 5)
    previous.write(new / "same.html", b"<p>new bytes</p>\n")
    assert (old / "same.html").read_bytes() == data and (new / "same.html").read_bytes() == b"<p>new bytes</p>\n"
    assert (outside / "page.html").read_bytes() == data
    assert Previous(new, None).same_file(str(new / "same.html"), data) is None  # no last build: nothing is linked


def _archived_pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for folder in ("versions", "changes")
            for path in (site / folder).rglob("index.html")}


def test_unchanged_archived_pages_are_linked_without_being_rendered(rebuilt, tmp_path):
    """An edit of the current text leaves every archived version and diff
    as it was: their inputs' keys are those of the last build's pages, so
    they are linked from it, not converted, filled and compared."""
    from generator import mkdocs_frames, reuse
    from generator.build import build
    from generator.project import Project

    _append(rebuilt, "130-dispute-resolution.md", "\nOne more sentence.\n")
    before = _files(rebuilt / "site" / DOMAIN)
    rendered, linked = mkdocs_frames.stats["rendered"], mkdocs_frames.stats["linked"]
    result = build(Project(rebuilt), jobs=1, pdfs=False)
    assert DOMAIN in result.built and UNTOUCHED not in result.built
    archived = _archived_pages(rebuilt / "site" / DOMAIN)
    after = _files(rebuilt / "site" / DOMAIN)
    assert archived and all(after[path][0] == before[path][0] for path in archived)
    assert mkdocs_frames.stats["rendered"] == rendered  # none
    assert mkdocs_frames.stats["linked"] - linked >= len(archived)
    # Their digests are known (checked when linked): the manifest and the offline check read them no more.
    for path in archived:
        status = (rebuilt / "site" / DOMAIN / path).stat()
        assert reuse.LINKED[(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)] == \
            hashlib.sha256((rebuilt / "site" / DOMAIN / path).read_bytes()).hexdigest(), path
    _same_as_fresh_clone(rebuilt, tmp_path)


def _rewrite_version_6(project: Path) -> None:
    """Version 6's text as committed is rewritten (amended), version 7 committed again on it."""
    old = git(project, "rev-parse", "HEAD").strip()
    git(project, "reset", "-q", "--hard", "HEAD~1")
    _append(project, "020-security.md", "\nRewritten in version 6.\n")
    git(project, "commit", "-q", "--amend", "-a", "--no-edit")
    _append(project, "020-security.md", "\nRevision 7.\n")
    (project / "notices" / "notice.yml").write_text(git(project, "show", f"{old}:notices/notice.yml"))
    git(project, "commit", "-qam", "Version 7")


@pytest.mark.parametrize("change", ["a theme template", "a site setting", "the version's text in git"])
def test_an_archived_page_whose_inputs_changed_is_rendered_again(rebuilt, tmp_path, change):
    """What an archived page is made from besides its Markdown: a template
    only archived pages use (the frame itself comes out the same), the
    site's settings, the text its version was committed with. Each change
    renders it again: the build is a cold build's, byte for byte."""
    page = rebuilt / "site" / DOMAIN / "versions" / "6" / "index.html"
    if change == "a theme template":  # the contents' entries: the frame's contents have none
        mark_contents_entries(rebuilt)
        shown = "reviewed-entry"
    elif change == "a site setting":
        sites = rebuilt / "notices" / "sites.yml"
        sites.write_text(sites.read_text().replace("name: CompuCom\n", "name: CompuCom Worldwide\n", 1))
        git(rebuilt, "commit", "-qam", "The site's name")
        shown = "CompuCom Worldwide"
    else:
        _rewrite_version_6(rebuilt)
        shown = "Rewritten in version 6."
    assert shown not in page.read_text()
    _build(rebuilt)
    assert shown in page.read_text()
    _same_as_fresh_clone(rebuilt, tmp_path, edited=False)
