"""Nothing is destroyed, nothing is published or sent twice: output folders
noticegen did not make, concurrent runs of every command that writes, and
damaged state (manifest, ledger, releases stack, half-copied releases)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import cli_env, copy_project, git, run
from generator import manifest
from generator.publish import release_id
from test_bad_input import assert_clear_failure
from test_notify import significant, smtp  # noqa: F401  (fixtures)
from test_publish import commit_version, edit_and_build

CORPORATE = "www.compucom.com"


def tree_digest(folder: Path) -> str:
    """Every file and link under `folder`, with its content (but the text of
    noticegen's lock files: each holder writes its pid and what it is doing)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.name.endswith(".lock") and path.is_file() and not path.is_symlink():
            digest.update(str(path.relative_to(folder)).encode())
            continue
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            digest.update(os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cli(project, *args, env=None):
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, capture_output=True,
                          text=True, env=cli_env(**(env or {})))


def at_once(*commands):
    """Run each command (an argument list for `cli`) in its own process, all at the same time."""
    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(lambda command: cli(*command), commands))


@pytest.mark.parametrize("out", [".", "notices", "theme", ".git", "..", "notices/sites", "mkdocs.yml",
                                 "notes.txt", "foreign"])
def test_build_refuses_an_output_it_did_not_make(project, out):
    (project / "notes.txt").write_text("my notes")
    (project / "foreign").mkdir()
    (project / "foreign" / "keep.txt").write_text("not noticegen's")
    before = tree_digest(project.parent)
    result = run("build", "--out", out, cwd=project)
    assert_clear_failure(result, (1,), "cannot build into")
    assert tree_digest(project.parent) == before  # nothing deleted, nothing written


def test_build_into_an_empty_folder_or_its_own_output(project):
    (project / "out").mkdir()
    assert run("build", "--out", "out", cwd=project).code == 0
    assert (project / "out" / "manifest.json").exists()
    edit_and_build(project, "Again.")
    assert run("build", "--out", "out", cwd=project).code == 0


def test_a_damaged_manifest_is_named_and_nothing_is_deleted(project):
    assert run("build", cwd=project).code == 0
    (project / "site" / "manifest.json").write_text('{"generator": "0.1.0",\n  "sites": {')
    before = tree_digest(project / "site")
    for command in (["build"], ["publish"]):
        result = run(*command, cwd=project)
        assert_clear_failure(result, (1,), "site/manifest.json:2: damaged")
    assert tree_digest(project / "site") == before


@pytest.mark.parametrize("target", [".", "notices", "theme/assets", "foreign"])
def test_publish_refuses_a_target_it_did_not_make(project, target):
    (project / "foreign").mkdir()
    (project / "foreign" / "index.html").write_text("someone's site")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("directory: published/www.compucom.com", f"directory: {target}"))
    if target == ".":  # the other sites' directories are inside it: check refuses it before publish is asked
        assert_clear_failure(run("check", cwd=project), (1,), "one is inside the other")
        return
    assert run("build", cwd=project).code == 0
    before = tree_digest(project)
    result = run("publish", "--site", CORPORATE, cwd=project)
    assert_clear_failure(result, (1,), "cannot publish into")
    assert tree_digest(project) == before


def test_publish_keeps_what_it_did_not_make_and_refuses_a_current_folder(project):
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("keep: 5", "keep: 2"))
    git(project, "commit", "-qam", "Keep two")
    target = project / "published" / CORPORATE
    edit_and_build(project, "Release 0.")
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    (target / "releases" / "README.txt").write_text("ours")
    (target / "releases" / "v1-handmade").mkdir()
    for number in range(1, 3):
        edit_and_build(project, f"Release {number}.")
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    assert (target / "releases" / "README.txt").read_text() == "ours"
    assert (target / "releases" / "v1-handmade").is_dir()
    os.unlink(target / "current")
    (target / "current").mkdir()
    (target / "current" / "index.html").write_text("hand-made")
    edit_and_build(project, "Release 4.")
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,), "is a folder, not the link")
    assert (target / "current" / "index.html").read_text() == "hand-made"


def current_release(project, domain=CORPORATE) -> Path:
    return (project / "published" / domain / "current").resolve()


def assert_current_is_whole(project, domain=CORPORATE):
    entry = manifest.read(project / "site")["sites"][domain]
    folder = current_release(project, domain)
    assert folder.name == release_id(entry)
    assert manifest.file_hashes(folder) == entry["files"]
    stack = json.loads((project / "published" / domain / "releases.json").read_text())["releases"]
    assert stack[-1] == folder.name


PAUSED = {"NOTICEGEN_PAUSE_AT": "mid-copy"}  # a second's pause while copying: the race window, wide open


def test_two_publishes_at_once_publish_once_and_whole(project):
    for number in range(4):
        edit_and_build(project, f"Round {number}.")
        publish = (project, "publish", "--site", CORPORATE)
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda args: cli(*args, env=PAUSED), [publish, publish]))
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        said = sorted("published" if "published v" in r.stdout else "current" if "already current" in r.stdout
                      else r.stdout for r in results)
        assert said == ["current", "published"], said
        assert_current_is_whole(project)
        leftovers = [p.name for p in (project / "published" / CORPORATE / "releases").iterdir()
                     if p.name.startswith(".")]
        assert leftovers == []


def test_a_half_copied_release_is_copied_again_not_trusted(project):
    assert run("build", cwd=project).code == 0
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    edit_and_build(project, "Next.")
    entry = manifest.read(project / "site")["sites"][CORPORATE]
    half = project / "published" / CORPORATE / "releases" / release_id(entry)
    half.mkdir(parents=True)
    (half / "index.html").write_text("half")  # what a second publisher used to trust
    result = run("publish", "--site", CORPORATE, cwd=project)
    assert result.code == 0 and "published" in result.out
    assert_current_is_whole(project)


def test_two_builds_at_once_leave_one_whole_site(project):
    for number in range(3):
        section = project / "notices" / "020-security.md"
        section.write_text(section.read_text() + f"\nRound {number}.\n")
        with ThreadPoolExecutor(2) as pool:  # both pause before swapping their staging folder in
            results = list(pool.map(lambda _: cli(project, "build", env={"NOTICEGEN_PAUSE_AT": "before-swap"}),
                                    range(2)))
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        recorded = manifest.read(project / "site")["sites"]
        for domain, entry in recorded.items():
            assert manifest.file_hashes(project / "site" / domain) == entry["files"]
        assert f"Round {number}." in (project / "site" / CORPORATE / "index.html").read_text()
        assert [p.name for p in project.iterdir() if "staging" in p.name or "-old-" in p.name] == []


def test_a_build_killed_between_two_sites_leaves_each_whole_and_the_next_build_mends_it(project):
    assert run("build", cwd=project).code == 0
    commit_version(project, "One more sentence.")  # in a section every site shows
    killed = cli(project, "build", env={"NOTICEGEN_CRASH_AT": "mid-swap"})  # after the first site moved in
    assert killed.returncode != 0
    recorded = manifest.read(project / "site")["sites"]
    new = [domain for domain in recorded
           if manifest.file_hashes(project / "site" / domain) != recorded[domain]["files"]]
    assert len(new) == 1, new  # one site is its new build, whole; the others and the manifest the old ones
    assert "One more sentence." in (project / "site" / new[0] / "index.html").read_text()
    refused = run("publish", "--site", new[0], cwd=project)
    # The manifest is the old one: built from the commit before, it says so and what to run.
    assert refused.code != 0 and "was built from notices/ at commit" in refused.err, refused.err
    assert refused.err.rstrip().endswith("build it again with `noticegen build`"), refused.err
    assert run("build", cwd=project).code == 0
    recorded = manifest.read(project / "site")["sites"]
    for domain, entry in recorded.items():
        assert manifest.file_hashes(project / "site" / domain) == entry["files"]
        assert "One more sentence." in (project / "site" / domain / "index.html").read_text()
    assert [p.name for p in project.iterdir() if "staging" in p.name or "-old-" in p.name] == []
    assert run("publish", "--site", new[0], cwd=project).code == 0


def test_a_site_carried_over_is_left_where_it_is(project):
    assert run("build", cwd=project).code == 0
    canadian = project / "site" / "www.compucom.ca"
    before = canadian.stat().st_ino
    section = project / "notices" / "130-dispute-resolution.md"  # not shown on the Canadian site
    section.write_text(section.read_text() + "\nOne more sentence.\n")
    result = run("build", cwd=project)
    assert result.code == 0 and f"unchanged {canadian}" in result.out, result.out
    assert canadian.stat().st_ino == before  # not copied into a new folder (and the old one deleted)
    recorded = manifest.read(project / "site")["sites"]
    assert manifest.file_hashes(canadian) == recorded["www.compucom.ca"]["files"]


NEW_SITE = "www.example.org"


def add_site_first(project):
    """A site new to site/, listed first (so it is the first moved in), with a new version."""
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace(
        "sites:\n", f"sites:\n  - domain: {NEW_SITE}\n    name: Example\n    base_path: /privacy/\n"
                    "    language: en\n    regions: [us]\n\n", 1))
    commit_version(project, "One more sentence.")  # commits sites.yml too


def assert_site_is_its_manifest(project):
    recorded = manifest.read(project / "site")["sites"]
    for domain, entry in recorded.items():
        assert manifest.file_hashes(project / "site" / domain) == entry["files"]
    assert not (project / "site" / ".noticegen-moving").exists()
    assert [p.name for p in project.iterdir() if "staging" in p.name or "-old-" in p.name] == []
    return recorded


def test_a_build_killed_after_moving_in_a_new_site_is_mended_by_the_next_build(project):
    assert run("build", cwd=project).code == 0
    add_site_first(project)
    killed = cli(project, "build", env={"NOTICEGEN_CRASH_AT": "mid-swap"})  # after the new site moved in
    assert killed.returncode != 0
    assert (project / "site" / NEW_SITE).is_dir() and NEW_SITE not in manifest.read(project / "site")["sites"]
    again = run("build", cwd=project)
    assert again.code == 0, again.err  # was: "it holds www.example.org, which noticegen did not make"
    assert NEW_SITE in assert_site_is_its_manifest(project)


def test_a_first_build_into_an_empty_folder_killed_halfway_is_mended_by_the_next_build(project):
    (project / "site").mkdir()
    killed = cli(project, "build", env={"NOTICEGEN_CRASH_AT": "mid-swap"})
    assert killed.returncode != 0
    again = run("build", cwd=project)
    assert again.code == 0, again.err  # was: "it is not empty and was not made by noticegen build"
    assert len(assert_site_is_its_manifest(project)) == 3


def test_a_second_build_started_while_the_first_moves_a_new_site_in_waits_for_it(project):
    assert run("build", cwd=project).code == 0
    add_site_first(project)
    first = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=project,
                             env=cli_env(NOTICEGEN_PAUSE_AT="mid-swap"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not (project / "site" / NEW_SITE).exists():
        assert first.poll() is None, first.communicate()
        time.sleep(0.05)
    second = cli(project, "build")  # its check of what site/ holds waits for the lock
    first.communicate()
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    # The holder says what it is doing (a publish waiting was told it was a build).
    assert f"waiting for noticegen pid {first.pid} (build of {project / 'site'}) to finish, before the build" \
        in second.stderr, second.stderr
    assert NEW_SITE in assert_site_is_its_manifest(project)


def test_a_build_never_follows_a_linked_notifications_folder(significant, tmp_path):
    project = significant  # built, with the emails of a significant version 6
    outbox = tmp_path / "outbox"
    (project / "site" / "notifications").rename(outbox)
    (project / "site" / "notifications").symlink_to(outbox)
    kept = outbox / CORPORATE / "6" / "sent-log.txt"
    kept.write_text("written by the mailer, not by noticegen\n")
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nA draft sentence.\n")  # every site is rebuilt
    refused = run("build", cwd=project)
    assert refused.code == 1 and "notifications is a file or link where noticegen keeps a folder" in refused.err
    assert len(refused.err.strip().splitlines()) == 1, refused.err
    assert kept.read_text() == "written by the mailer, not by noticegen\n"
    (project / "site" / "notifications").unlink()  # what the message asks
    assert run("build", cwd=project).code == 0
    assert kept.read_text() == "written by the mailer, not by noticegen\n"
    assert_site_is_its_manifest(project)


@pytest.mark.parametrize("entry", ["www.compucom.ca", "notifications", f"notifications/{CORPORATE}"])
def test_a_file_put_in_place_of_a_folder_of_the_build_is_refused_and_kept(significant, entry):
    """It was moved aside into the staging folder, and deleted with it."""
    project = significant  # built, with the emails of a significant version 6
    assert (project / "site" / "notifications" / CORPORATE).is_dir()
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nA draft sentence.\n")  # every site is rebuilt
    path = project / "site" / entry
    if path.is_dir():
        shutil.rmtree(path)
    path.write_text("notes\n")
    result = run("build", cwd=project)
    assert result.code == 1 and f"{entry} is a file or link where noticegen keeps a folder" in result.err
    assert "Traceback" not in result.err and path.read_text() == "notes\n"
    path.unlink()
    assert run("build", cwd=project).code == 0
    assert_site_is_its_manifest(project)


def test_a_moving_list_written_by_hand_never_deletes_a_folder(project):
    """The list of sites a build is moving in names each folder by its inode:
    a hand-written one made the next build delete what it named."""
    assert run("build", cwd=project).code == 0
    mine = project / "site" / "important"
    mine.mkdir()
    (mine / "x.txt").write_text("data")
    for listed in (["important"], {"important": [None, None]}, {"important": [[1, 2], None]}):
        (project / "site" / ".noticegen-moving").write_text(json.dumps(listed))
        result = run("build", cwd=project)
        assert (mine / "x.txt").read_text() == "data", listed
        assert result.code == 1 and "important" in result.err


def test_a_tampered_site_is_rebuilt(project):
    assert run("build", cwd=project).code == 0
    page = project / "site" / CORPORATE / "index.html"
    original = page.read_bytes()
    page.write_text("defaced")
    result = run("build", cwd=project)
    assert result.code == 0 and f"built {project / 'site' / CORPORATE}" in result.out, result.out
    assert "unchanged" in result.out  # the other sites were left alone
    assert page.read_bytes() == original
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0


@pytest.mark.parametrize("folder", [CORPORATE, f"notifications/{CORPORATE}"])
def test_a_file_put_into_a_folder_of_the_build_is_refused_and_kept(project, folder):
    """A build replaces a site's folders whole: a file no build wrote there
    (into the site, or into a folder for its emails that the last build did
    not make) was deleted with the old build."""
    assert run("build", cwd=project).code == 0
    assert not (project / "site" / "notifications" / CORPORATE).exists()  # version 5 has no emails
    mine = project / "site" / folder / "precious.txt"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("keep\n")
    result = run("build", cwd=project)
    assert result.code == 1 and result.err == (
        f"noticegen: {mine} was not made by noticegen, in a folder each build replaces whole (1 such file): "
        f"move it out of {project / 'site'}, then build again\n"), result.err
    assert mine.read_text() == "keep\n"
    mine.unlink()
    assert run("build", cwd=project).code == 0
    assert_site_is_its_manifest(project)


def test_an_empty_folder_made_in_a_site_is_refused_and_kept(project):
    """An empty folder is no file, so the site looked intact, and the folder
    went with the old build when the site was next rebuilt."""
    assert run("build", cwd=project).code == 0
    mine = project / "site" / CORPORATE / "assets" / "drafts"
    mine.mkdir()
    result = run("build", cwd=project)
    assert result.code == 1 and f"{mine} was not made by noticegen" in result.err, result.err
    assert "(1 such file or folder)" in result.err and mine.is_dir()
    mine.rmdir()
    for made in (project / "site" / CORPORATE / "assets" / "images").iterdir():  # a build's folder, emptied
        made.unlink()
    assert run("build", cwd=project).code == 0
    assert_site_is_its_manifest(project)


def test_an_edit_keeping_size_and_time_is_rebuilt_once_publish_has_found_it(project):
    """build trusts sizes and times; publish hashes every file. They disagreed
    for good: publish said to build again, and the build found nothing to do."""
    assert run("build", cwd=project).code == 0
    page = project / "site" / CORPORATE / "index.html"
    original, status = page.read_bytes(), page.stat()
    at = original.index(b"CompuCom")
    page.write_bytes(original[:at] + b"EvilCom!" + original[at + 8:])  # same size
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))  # same time
    assert f"unchanged {project / 'site' / CORPORATE}" in run("build", cwd=project).out
    refused = run("publish", "--site", CORPORATE, cwd=project)
    assert refused.code == 1 and "run `noticegen build` again" in refused.err
    rebuilt = run("build", cwd=project)
    assert f"built {project / 'site' / CORPORATE}" in rebuilt.out, rebuilt.out
    assert page.read_bytes() == original
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0


def test_a_damaged_releases_stack_is_rebuilt_from_disk(project):
    for number in range(3):
        edit_and_build(project, f"Release {number}.")
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    target = project / "published" / CORPORATE
    stack = json.loads((target / "releases.json").read_text())["releases"]
    (target / "releases.json").write_text('{"releases": ["v5-')  # cut short
    result = run("publish", "--site", CORPORATE, "--rollback", cwd=project)
    assert result.code == 0, result.err
    assert "releases.json:1 was damaged" in result.out and "rolled back" in result.out
    assert current_release(project).name == stack[-2]
    assert (target / "releases.json.damaged").read_text() == '{"releases": ["v5-'


def ledger_path(project) -> Path:
    return project / ".noticegen" / "notify-ledger.jsonl"


def send(project, ledger=None):
    args = ["notify", "--version", "6", "--site", CORPORATE, "--recipients", str(project / "people.csv"), "--send"]
    return (project, *args, *(["--ledger", str(ledger)] if ledger else []))


def test_two_sends_at_once_send_each_email_once(significant, smtp):  # noqa: F811
    people = [f"person{n}@example.com" for n in range(15)]
    (significant / "people.csv").write_text("email\n" + "\n".join(people) + "\n")
    for number in range(4):
        ledger = significant / f"ledger-{number}.jsonl"
        before = len(smtp.messages)
        results = at_once(send(significant, ledger), send(significant, ledger))
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        received = sorted(rcpt for rcpts, _ in smtp.messages[before:] for rcpt in rcpts)
        assert received == sorted(people), f"round {number}: {len(received)} emails for {len(people)} people"
        assert sorted(r.stdout.split(",")[0] for r in results) == ["sent 0", "sent 15"]


def test_a_record_cut_short_is_set_aside_and_a_damaged_one_stops(significant, smtp):  # noqa: F811
    path = ledger_path(significant)
    path.parent.mkdir(parents=True, exist_ok=True)
    sending = json.dumps({"site": CORPORATE, "version": "6", "recipient": "ada@example.com", "status": "sending",
                          "detail": ""})
    path.write_text(sending + "\n" + sending[:-10])  # the run died writing ada's "sent" record
    result = run(*send(significant)[1:], cwd=significant)
    assert result.code == 1 and "in doubt ada@example.com" in result.err  # not sent twice
    assert [rcpt for rcpt, _ in smtp.messages] == [["bob@example.com"]]
    lines = path.read_text().splitlines()
    assert lines[1] == sending[:-10] and json.loads(lines[2])["status"] == "repaired"  # nothing lost
    again = run(*send(significant)[1:], cwd=significant)
    assert "damaged" not in again.err and len(smtp.messages) == 1
    damaged = path.read_text().replace('"status": "sent"', '"status": "sent', 1)
    path.write_text(damaged)
    before = path.read_bytes()
    result = run(*send(significant)[1:], cwd=significant)
    line = next(n for n, text in enumerate(damaged.splitlines(), 1) if '"status": "sent,' in text)
    assert_clear_failure(result, (1,), f"notify-ledger.jsonl:{line}: damaged ledger record")
    assert path.read_bytes() == before and len(smtp.messages) == 1


def test_the_shipped_project_is_untouched_by_a_refused_build(tmp_path):
    project = copy_project(tmp_path / "project")
    before = tree_digest(project)
    assert run("build", "--out", str(project), cwd=project).code == 1
    assert tree_digest(project) == before


def test_the_staging_folder_is_removed_whole_and_links_in_it_are_not_followed(tmp_path):
    """Its old builds are removed many entries at once (build._remove_staging);
    a link moved aside into it (one put in place of a site's folder) goes,
    what it points to stays, at any depth."""
    from generator.build import _remove_staging

    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "kept.txt").write_text("not the build's\n")
    staging = tmp_path / ".site-staging-abcdefgh"
    for domain in ("a.example", "b.example", ".replaced/c.example", "notifications/a.example"):
        (staging / domain / "v1" / "diff").mkdir(parents=True)
        (staging / domain / "index.html").write_text("page\n")
        (staging / domain / "v1" / "diff" / "index.html").write_text("page\n")
    (staging / "manifest.json").write_text("{}\n")
    (staging / "linked.example").symlink_to(outside, target_is_directory=True)
    (staging / ".replaced" / "d.example").symlink_to(outside, target_is_directory=True)
    (staging / "a.example" / "assets").symlink_to(outside / "deep", target_is_directory=True)
    (staging / "b.example" / "v1" / "more").symlink_to(outside, target_is_directory=True)
    _remove_staging(staging)
    assert not os.path.lexists(staging)
    assert (outside / "deep" / "kept.txt").read_text() == "not the build's\n"


def test_a_folder_with_another_programs_manifest_is_refused_saying_so(project):
    """A web app's manifest.json is not noticegen's: the refusal said the
    folder "has no manifest.json" (attack14)."""
    app = project / "app"
    app.mkdir()
    (app / "manifest.json").write_text('{"name": "My app", "start_url": "/"}\n')
    before = tree_digest(project.parent)
    result = run("build", "--out", "app", cwd=project)
    assert_clear_failure(result, (1,), "was not made by noticegen build (its manifest.json is not noticegen's)")
    assert tree_digest(project.parent) == before
