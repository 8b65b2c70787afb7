"""Versions from real git repositories: provenance, renames, added and
removed sections, detached HEAD, shallow clones, merges, older layouts."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import cli_env, copy_project, git, run

CORPORATE, CAREERS = "www.compucom.com", "careers.compucom.com"


def set_meta(project, version, effective, summary):
    meta = project / "notices" / "notice.yml"
    text = meta.read_text()
    start = text.index("version:")
    end = text.index("controller:")
    meta.write_text(text[:start] + f'version: "{version}"\neffective: {effective}\nsummary: "{summary}"\n' + text[end:])


def edit(project, name, old, new):
    path = project / "notices" / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new))


def release(project, version, effective, summary, date="2026-02-01T12:00:00+00:00"):
    set_meta(project, version, effective, summary)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", f"Version {version}", date=date)
    return git(project, "rev-parse", "HEAD").strip()


def history_json(project, *args):
    result = run("history", "--format", "json", *args, cwd=project)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.fixture
def two_versions(project):
    """Version 4 as shipped, then version 5: a section renamed and retitled,
    one added, one removed, one edited."""
    notices = project / "notices"
    (notices / "030-collection.md").rename(notices / "035-collection.md")
    edit(project, "035-collection.md", "title: Collection of Your Personal Information",
         "title: Information We Collect")
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    (notices / "090-links-to-other-sites.md").unlink()
    (notices / "095-cookies.md").write_text("---\nid: cookies\ntitle: Cookies\n---\n"
                                            "We use cookies to keep you signed in.\n")
    sha = release(project, "6", "2030-01-01", "Cookies section; links section removed.")
    return project, sha


def test_versions_come_from_git_with_their_provenance(two_versions):
    project, sha = two_versions
    data = history_json(project)
    assert data["site"] == CORPORATE
    assert [v["version"] for v in data["versions"]] == ["6", "5"]
    newest = data["versions"][0]
    assert newest["commit"] == sha and newest["effective"] == "2030-01-01"
    assert newest["author"] == "Legal Team" and newest["committed"].startswith("2026-02-01")
    assert newest["summary"] == "Cookies section; links section removed."
    assert newest["fingerprint"].startswith("sha256:") and len(newest["fingerprint"]) == 71
    assert newest["backdated"] is False and newest["published"] == newest["committed"][:10]
    # The shipped version 5 says when it was first published, before this repository recorded it.
    assert data["versions"][1]["published"] == "2022-11-30" and data["versions"][1]["backdated"] is False
    assert {"significant", "commit", "fingerprint"} <= set(newest)


def test_diff_follows_sections_across_renames_by_id(two_versions):
    project, _ = two_versions
    result = run("diff", "5", "6", "--format", "json", cwd=project)
    assert result.code == 0, result.err
    kinds = {s["id"]: s for s in json.loads(result.out)["sections"]}
    assert kinds["collection"]["kind"] == "changed"  # renamed file, new title: same section
    assert kinds["collection"]["old_title"] == "Collection of Your Personal Information"
    assert kinds["collection"]["inserted"] == [] and kinds["collection"]["deleted"] == []
    assert kinds["cookies"]["kind"] == "added"
    assert kinds["links-to-other-sites"]["kind"] == "removed"
    assert kinds["security"]["deleted"] == ["extensive"] and kinds["security"]["inserted"] == ["reasonable"]
    assert kinds["sharing"]["kind"] == "unchanged"
    text = run("diff", "5", "6", cwd=project).out
    assert "[-extensive-]{+reasonable+}" in text


def test_history_pages(two_versions):
    project, _ = two_versions
    result = run("build", cwd=project)
    assert result.code == 0, result.err
    site = project / "site" / CORPORATE
    history = (site / "history" / "index.html").read_text()
    assert history.index("Version 6") < history.index("Version 5")
    assert 'href="../changes/5..6/"' in history and 'href="../versions/5/"' in history
    # Built on 1 February 2026 (the last commit): version 6 waits for 1 January 2030.
    in_force = (site / "versions" / "5" / "index.html").read_text()
    assert "The version in force" in in_force and "A new version takes effect on 1 January 2030" in in_force
    assert "<title>Website Privacy Statement: version 5, in force since" in in_force
    current = (site / "versions" / "6" / "index.html").read_text()
    assert "Upcoming version" in current and "takes effect on 1 January 2030; it is not in force yet" in current
    assert 'href="../../">Read the version in force' in current
    assert "<title>Website Privacy Statement: version 6, takes effect 1 January 2030" in current
    assert "<strong>Upcoming</strong>" in history and "<strong>In force</strong>" in history
    changes = (site / "changes" / "5..6" / "index.html").read_text()
    assert '<del class="notice-del">extensive</del> <ins class="notice-ins">reasonable</ins>' in changes
    assert "Cookies" in changes and "(new section)" in changes and "(section removed)" in changes
    assert "Links to Other Sites" in changes
    data = json.loads((site / "versions.json").read_text())
    by_cli = history_json(project)
    assert [v["fingerprint"] for v in data["versions"]] == [v["fingerprint"] for v in by_cli["versions"]]
    assert data["versions"][0]["fingerprint"].removeprefix("sha256:") in current
    feed = ElementTree.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert [e.find(f"{atom}title").text for e in feed.findall(f"{atom}entry")][0].startswith("Version 6")
    assert feed.find(f"{atom}updated").text == "2026-02-01T00:00:00Z"  # published, never in the future
    assert data["in_force"] == "5" and data["versions"][0]["status"] == "upcoming"
    assert data["versions"][1]["until"] == "2030-01-01"


def test_a_version_that_changes_nothing_on_a_site_says_so(project):
    edit(project, "140-job-applicants.md", "12 months", "6 months")  # careers site only
    release(project, "6", "2030-01-01", "Shorter retention of applications.")
    corporate = history_json(project, "--site", CORPORATE)["versions"]
    careers = history_json(project, "--site", CAREERS)["versions"]
    assert corporate[0]["changed_on_site"] is False and careers[0]["changed_on_site"] is True
    assert run("build", cwd=project).code == 0
    page = (project / "site" / CORPORATE / "changes" / "5..6" / "index.html").read_text()
    assert "No change in the text on this site." in page
    assert "no change in the text on this site" in (project / "site" / CORPORATE / "history/index.html").read_text()
    careers_page = (project / "site" / CAREERS / "changes" / "5..6" / "index.html").read_text()
    assert '<del class="notice-del">12</del> <ins class="notice-ins">6</ins> months' in careers_page


def test_committed_edits_without_a_new_version_fail_check(project):
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    draft = run("check", cwd=project)
    assert draft.code == 0 and "uncommitted edits change the text of version 5" in draft.err
    git(project, "commit", "-q", "-am", "Wording")
    refused = run("check", cwd=project)
    assert refused.code == 1
    assert "changed and committed after version 5 without a new version" in refused.err
    assert run("build", cwd=project).code == 1
    release(project, "6", "2030-01-01", "Wording.")
    assert run("check", cwd=project).code == 0
    assert [v["version"] for v in history_json(project)["versions"]] == ["6", "5"]


def test_effective_dates_must_increase(project):
    edit(project, "020-security.md", "extensive", "reasonable")
    release(project, "6", "2018-01-01", "Backwards.")
    result = run("check", cwd=project)
    assert result.code == 1 and "is effective 2018-01-01, not after version 5 (2023-01-01)" in result.err


def test_detached_head(two_versions):
    project, sha = two_versions
    git(project, "checkout", "-q", "--detach", sha)
    assert [v["version"] for v in history_json(project)["versions"]] == ["6", "5"]
    git(project, "checkout", "-q", "--detach", "HEAD~1")
    assert [v["version"] for v in history_json(project)["versions"]] == ["5"]


def test_shallow_clone_is_refused_unless_history_is_off(two_versions, tmp_path):
    project, _ = two_versions
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True)
    result = run("check", cwd=clone)
    assert result.code == 1 and "shallow clone" in result.err and "git fetch --unshallow" in result.err
    assert run("--no-history", "check", cwd=clone).code == 0


def test_merge_commit_is_the_version_on_the_main_line(project):
    git(project, "checkout", "-q", "-b", "gdpr")
    edit(project, "020-security.md", "extensive", "reasonable")
    release(project, "6", "2030-01-01", "On a branch.", date="2026-02-01T12:00:00+00:00")
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "-m", "Merge gdpr", "gdpr", date="2026-03-01T12:00:00+00:00")
    merge = git(project, "rev-parse", "HEAD").strip()
    newest = history_json(project)["versions"][0]
    assert newest["version"] == "6" and newest["commit"] == merge  # when it reached main
    assert newest["committed"].startswith("2026-03-01")


def test_not_a_repository_is_one_clear_error(tmp_path):
    project = copy_project(tmp_path / "plain", commit=False)
    result = run("check", cwd=project)
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        f"noticegen: {project} is not in a git repository: versions come from git history "
        "(run git init and commit, or pass --no-history)")
    assert run("--no-history", "check", cwd=project).code == 0
    os.environ["NOTICEGEN_HISTORY"] = "off"
    try:
        assert run("check", cwd=project).code == 0
    finally:
        del os.environ["NOTICEGEN_HISTORY"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository to another user")
def test_dubious_ownership_is_explained(project):
    subprocess.run(["chown", "-R", "65534:65534", str(project)], check=True)
    result = run("check", cwd=project)
    assert result.code == 1
    assert "owned by another user" in result.err and "safe.directory" in result.err


def test_git_not_installed_is_explained(project, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = cli_env(PATH=str(empty), GIT_PYTHON_REFRESH="quiet")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "git is not installed" in result.stderr


def test_no_git_process_is_left_running(two_versions):
    project, _ = two_versions
    history_json(project)
    children = subprocess.run(["ps", "-o", "pid=,comm=", "--ppid", str(os.getpid())],
                              capture_output=True, text=True).stdout
    assert "git" not in children


def test_history_across_a_format_change(tmp_path):
    """Version 1 was one Markdown file; version 2 is the sections layout."""
    project = copy_project(tmp_path / "project", commit=False)
    sections = project / "notices"
    sections.rename(tmp_path / "sections")
    sections.mkdir()
    (sections / "privacy.md").write_text(
        "---\ntitle: Website Privacy Statement\nversion: 1\neffective: 2012-01-01\n"
        "summary: The old single-file statement.\n---\n# Website Privacy Statement\n\nIntro text.\n\n"
        "## Collection of Your Personal Information { #collection }\n\nWe collect your name.\n\n"
        "## Security\n\nWe protect it.\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Old layout", date="2012-01-01T12:00:00+00:00")
    git(project, "rm", "-q", "-r", "notices")
    (tmp_path / "sections").rename(project / "notices")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "New layout", date="2019-02-01T12:00:00+00:00")
    versions = history_json(project)["versions"]
    assert [v["version"] for v in versions] == ["5", "1"]
    diff = json.loads(run("diff", "1", "5", "--format", "json", cwd=project).out)
    collection = next(s for s in diff["sections"] if s["id"] == "collection")
    assert collection["kind"] == "changed"  # followed by its id across layouts
    build = run("build", cwd=project)
    assert build.code == 0, build.err
    old = (project / "site" / CORPORATE / "versions" / "1" / "index.html").read_text()
    # Built on 1 February 2019, the last commit: version 5 (effective 2023) is still to come.
    assert "We collect your name." in old and "The version in force" in old


def test_diff_of_two_markdown_files_ignores_front_matter(project, tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("---\ntitle: A\nupdated: 2020-01-01\n---\n# Policy\n\n## Sharing\n\nWe never sell data.\n")
    new.write_text("---\ntitle: B\nupdated: 2021-01-01\n---\n# Policy\n\n## Sharing\n\nWe sell data.\n\n## Cookies\n\nYes.\n")
    result = json.loads(run("diff", str(old), str(new), "--format", "json", cwd=project).out)
    sections = {s["id"]: s for s in result["sections"]}
    assert sections["sharing"]["deleted"] == ["never "] and sections["cookies"]["kind"] == "added"
    assert not any("2020" in " ".join(s["deleted"]) for s in result["sections"])
    html = run("diff", str(old), str(new), "--format", "html", cwd=project).out
    assert '<del class="notice-del">never </del>' in html


def test_revisions_are_never_options(two_versions):
    from generator.gitlog import Git, GitError

    project, sha = two_versions
    assert run("diff", "HEAD~1", sha[:12], cwd=project).code == 0
    for evil in ("HEAD;rm", "5..6", "HEAD:notices"):
        result = run("diff", evil, "HEAD", cwd=project)
        assert result.code == 2 and "is not a version, a git revision or a path" in result.err
    assert run("diff", "--output=/tmp/pwned", "HEAD", cwd=project).code == 2  # argparse refuses
    with Git(project) as repository:
        for evil in ("--output=/tmp/pwned", "-p", "--all"):
            with pytest.raises(GitError, match="is not a revision name"):
                repository.resolve(evil)
        assert repository.resolve("HEAD") == sha
    assert not os.path.exists("/tmp/pwned")


def test_each_version_reads_its_own_sections_when_files_come_back(project):
    """A section file read once per content and place serves every version
    holding it: a section edited, then put back as it was, and another moved
    to a new order number, read as a single version's checkout reads them."""
    import dataclasses

    from generator.history import read_history, version_at
    from generator.notice import read_notice
    from generator.sites import read_sites

    notices = project / "notices"
    first = sorted(notices.glob("0*.md"))[0]
    original = first.read_text()
    first.write_text(original.replace("\n\n", "\n\nA sentence for version 6.\n\n", 1))
    release(project, "6", "2031-01-01", "Six.")
    first.write_text(original)
    moved = sorted(notices.glob("0*.md"))[1]
    moved.rename(notices / ("099-" + moved.name.split("-", 1)[1]))
    release(project, "7", "2032-01-01", "Seven.")

    def sections(version):
        return [{k: v for k, v in dataclasses.asdict(s).items() if k != "path"} for s in version.notice.sections]

    notice, _ = read_notice(notices)
    sites, _ = read_sites(notices)
    history = read_history(project, notices, notice, sites)
    assert [v.version for v in history.versions][-3:] == ["5", "6", "7"]
    for version in history.versions:
        assert sections(version) == sections(version_at(project, notices, version.commit)), version.version
    six, seven = history.versions[-2:]
    assert "A sentence for version 6." in six.notice.sections[0].body
    assert "A sentence for version 6." not in seven.notice.sections[0].body
    assert 99 in [section.order for section in seven.notice.sections]
