"""What an attacker found after the first round of hardening, one test per
finding (numbered as in the report on issue 11), each failing before its fix."""
from __future__ import annotations

import json
import shutil
import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import cli_env, git, run
from generator import manifest
from generator.publish import release_id
from test_bad_input import assert_clear_failure, cli
from test_hostile_state import tree_digest
from test_notify import significant, smtp  # noqa: F401  (fixtures)
from test_publish import edit_and_build

CORPORATE = "www.compucom.com"


def edit(project, name, old, new):
    path = project / "notices" / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("name, old, new", [
    ("sites.yml", "name: CompuCom\n", 'name: CompuCom" onmouseover="alert(1)//\n'),
    ("notice.yml", "title: Website Privacy Statement", "title: 'Web\" onfocus=alert(2) autofocus x=\" Statement'"),
])
def test_01_quotes_cannot_break_out_of_the_themes_attributes(project, name, old, new):
    edit(project, name, old, new)
    assert_clear_failure(run("check", cwd=project), (1,), "contains markup")


def test_02_nothing_from_sites_yml_or_the_command_line_ends_an_nginx_directive(project):
    edit(project, "sites.yml", "directory: published/www.compucom.com",
         'directory: "published/x; }\\n  location /leak/ { alias /etc/; autoindex on; }\\n  location /z { #"')
    assert_clear_failure(run("check", cwd=project), (1,), "characters a web server configuration cannot hold")
    project2 = project  # the listen address too
    edit(project2, "sites.yml", 'directory: "published/x; }\\n  location /leak/ { alias /etc/; autoindex on; }\\n  '
                                'location /z { #"', "directory: published/www.compucom.com")
    assert_clear_failure(run("nginx", "--listen", "80; location /l2/ { alias /root/; } #", cwd=project), (2,),
                         "--listen")
    assert 'alias "' in run("nginx", cwd=project).out  # paths are quoted
    for listen in ("0.0.0.0:99999", "0", "[::]:65536"):  # printed as `listen 0.0.0.0:99999;`, exit 0
        assert_clear_failure(run("nginx", "--listen", listen, cwd=project), (2,), "--listen")


def test_03_templates_are_files_in_their_folder_and_only_the_six(project, tmp_path):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    (folder / "email.txt").symlink_to("/etc/passwd")
    assert_clear_failure(run("check", cwd=project), (1,), "not a link elsewhere")
    (folder / "email.txt").unlink()
    (tmp_path / "secret.txt").write_text("the secret")
    (folder / ".leak.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "email.txt").write_text('{% include ".leak.txt" %}\n')
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), "email.txt")
    assert "the secret" not in result.err + result.out


def test_04_a_build_never_deletes_what_it_did_not_make_in_its_output(project):
    assert run("build", cwd=project).code == 0
    (project / "site" / "KEEP-ME.txt").write_text("notes")
    (project / "site" / ".git").mkdir()
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    assert_clear_failure(run("build", cwd=project), (1,), "KEEP-ME.txt")
    assert (project / "site" / "KEEP-ME.txt").read_text() == "notes" and (project / "site" / ".git").is_dir()


def test_05_a_folder_that_merely_looks_like_releases_is_not_published_into(project, tmp_path):
    app = tmp_path / "capapp"
    (app / "releases" / "20240101120000").mkdir(parents=True)
    (app / "current").symlink_to("releases/20240101120000")
    (app / "releases.json").write_text('{"releases": []}')
    edit(project, "sites.yml", "directory: published/www.compucom.com", f"directory: {app}")
    assert run("build", cwd=project).code == 0
    before = tree_digest(app)
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,), "not made by noticegen publish")
    assert tree_digest(app) == before and os.readlink(app / "current") == "releases/20240101120000"


def test_06_a_lock_file_that_is_a_symlink_is_never_written_through(project, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (project / ".site.lock").symlink_to(victim)
    assert_clear_failure(run("build", cwd=project), (1,), "lock file")
    assert victim.read_text() == "precious"


def test_07_08_the_ledger_and_the_published_releases_are_never_a_build_output(project):
    assert_clear_failure(run("build", "--out", ".noticegen", cwd=project), (1,), "cannot build into")
    edit(project, "sites.yml", "directory: published/www.compucom.com", "directory: site/live")
    assert_clear_failure(run("build", cwd=project), (1,), "inside")


def send(project, csv, *extra):
    return run("notify", "--version", "6", "--site", CORPORATE, "--recipients", str(csv), "--send", *extra,
               cwd=project)


def test_09_10_one_person_one_email_however_the_address_or_the_ledger_is_spelt(significant, smtp, tmp_path):  # noqa: F811
    people = significant / "people.csv"
    people.write_text("email\nalice@example.com\n")
    assert send(significant, people).code == 0
    people.write_text("email\nAlice@Example.com\n")
    again = send(significant, people)
    assert again.code == 0 and again.out.startswith("sent 0, already sent before 1")
    link = tmp_path / "link.jsonl"
    link.symlink_to(significant / ".noticegen" / "notify-ledger.jsonl")
    through_link = send(significant, people, "--ledger", str(link))
    assert through_link.out.startswith("sent 0, already sent before 1")
    assert len(smtp.messages) == 1


def test_11_nobody_is_told_about_a_draft(significant, smtp):  # noqa: F811
    edit(significant, "020-security.md", "extensive precautions", "reasonable precautions")
    (significant / "people.csv").write_text("email\nalice@example.com\n")
    assert_clear_failure(send(significant, significant / "people.csv"), (1,), "uncommitted edits")
    assert smtp.messages == []


def test_12_release_does_not_carry_an_old_published_date(project):
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("    regions: [us, eu, ch]\n    publish: {directory: published/www.compucom.com",
                                               "    regions: [us, eu, ch]\n    notice_period: 30\n"
                                               "    publish: {directory: published/www.compucom.com", 1))
    git(project, "commit", "-qam", "Notice period")
    edit(project, "070-sharing.md", "will not sell", "may sell")
    result = run("release", "--version", "6", "--effective", "2026-01-02", "--summary", "We may sell.",
                 cwd=project)
    assert result.code == 1 and "needs 30 days' notice" in result.err
    meta = project / "notices" / "notice.yml"
    assert run("release", "--version", "6", "--effective", "2026-03-01", "--summary", "We may sell.",
               cwd=project).code == 0
    assert "published:" not in meta.read_text()


def test_13_no_password_in_clear_text(significant, monkeypatch):  # noqa: F811
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.2", port=port)
    controller.start()
    try:
        monkeypatch.setenv("NOTICEGEN_SMTP_URL", f"smtp://mailer@127.0.0.2:{port}")
        monkeypatch.setenv("NOTICEGEN_SMTP_PASSWORD", "S3cret")
        (significant / "people.csv").write_text("email\nalice@example.com\n")
        assert_clear_failure(send(significant, significant / "people.csv"), (1,), "no STARTTLS")
    finally:
        controller.stop()


def test_14_two_sites_never_share_a_directory(project):
    edit(project, "sites.yml", "directory: published/www.compucom.ca", "directory: published/www.compucom.com")
    assert_clear_failure(run("check", cwd=project), (1,), "one would serve the other's notice")


def test_15_a_mailing_never_stops_half_way_for_a_bad_row(significant, smtp):  # noqa: F811
    folder = significant / "notices" / "notifications"
    folder.mkdir()
    (folder / "email_subject.txt").write_text("{{ recipient.name }}, our notice changes\n")
    git(significant, "add", "-A")
    git(significant, "commit", "-qm", "Personal subject")
    assert run("build", cwd=significant).code == 0
    people = significant / "people.csv"
    people.write_text("email,name\na1@example.com,Ann\na2@example.com,Bo\u2028Bcc: x@evil.example\n"
                      "a3@example.com,Cy\n", encoding="utf-8")
    assert_clear_failure(send(significant, people), (1,), "refused a header for 'a2@example.com'")
    assert smtp.messages == []


def test_16_a_feed_entry_holds_atom_only(project):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    (folder / "feed_entry.xml").write_text('<entry><title>x</title><script>alert(1)</script>'
                                           '<link href="javascript:alert(1)"/></entry>\n')
    assert_clear_failure(run("check", cwd=project), (1,), "feed entry")


def test_17_a_rollback_it_cannot_check_is_refused(project):
    for number in range(2):
        edit_and_build(project, f"Release {number}.")
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    target = project / "published" / CORPORATE
    stack = json.loads((target / "releases.json").read_text())["releases"]
    (target / "records" / f"{stack[-2]}.json").write_text("garbage")
    assert_clear_failure(run("publish", "--site", CORPORATE, "--rollback", cwd=project), (1,), "is damaged")
    assert os.readlink(target / "current").endswith(stack[-1])


@pytest.mark.parametrize("line", ["{{" * 30000, "{.a" * 20000])
def test_18_a_long_line_of_braces_is_checked_quickly(project, line):
    edit(project, "020-security.md", "extensive precautions", "extensive precautions " + line)
    started = time.monotonic()
    run("check", "--no-history", cwd=project)
    assert time.monotonic() - started < 10


def test_19_27_templates_that_loop_for_ever_or_fail_are_named(project):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    (folder / "email.txt").write_text("{{ 1/0 }}\n")
    assert_clear_failure(run("check", cwd=project), (1,), "notifications/email.txt:1: ZeroDivisionError")
    (folder / "email.txt").write_text("{% for i in range(100000) %}{% for j in range(100000) %}"
                                      "{% endfor %}{% endfor %}\n")
    started = time.monotonic()
    assert_clear_failure(run("check", cwd=project), (1,), "took more than")
    assert time.monotonic() - started < 30


def test_20_pipes_never_hang_an_import_a_checklist_or_a_ledger(project, tmp_path):
    os.mkfifo(tmp_path / "fifo.md")
    assert_clear_failure(run("import", str(tmp_path / "fifo.md"), cwd=tmp_path), (1,), "not a regular file")
    (project / "notices" / "disclosures").mkdir()
    os.mkfifo(project / "notices" / "disclosures" / "gdpr.yml")
    result = cli("check", "--disclosures", cwd=project, timeout=30)
    assert result.returncode == 1 and "gdpr.yml:1: is not a regular file" in result.stderr, result.stderr


def test_23_a_killed_build_leaves_the_old_site_and_its_leftovers_are_cleared(project):
    assert run("build", cwd=project).code == 0
    before = (project / "site" / CORPORATE / "index.html").read_bytes()
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    killed = cli("build", cwd=project, env={"NOTICEGEN_CRASH_AT": "before-swap"})
    assert killed.returncode != 0
    assert (project / "site" / CORPORATE / "index.html").read_bytes() == before
    assert any(p.name.startswith(".site-staging-") for p in project.iterdir())
    assert run("build", cwd=project).code == 0
    assert not any(p.name.startswith((".site-staging-", ".site-old-")) for p in project.iterdir())


def test_24_a_second_damage_keeps_the_first_copy(project):
    for number in range(2):
        edit_and_build(project, f"Release {number}.")
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    target = project / "published" / CORPORATE
    for damage in ("FIRST DAMAGE", "SECOND DAMAGE"):
        (target / "releases.json").write_text(damage)
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    assert (target / "releases.json.damaged").read_text() == "FIRST DAMAGE"
    assert (target / "releases.json.damaged-2").read_text() == "SECOND DAMAGE"


def test_25_a_closed_stdout_is_no_traceback(project):
    result = subprocess.run(f"{sys.executable} -m generator.cli history >&-", shell=True, cwd=project,
                            capture_output=True, text=True, env=cli_env())
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["abc", "nan", "1e300", "0"])
def test_26_a_bad_webhook_timeout_is_refused_before_anything_is_sent(significant, smtp, monkeypatch, value):  # noqa: F811
    edit(significant, "sites.yml", "    publish: {directory: published/www.compucom.com, keep: 5}",
         "    publish: {directory: published/www.compucom.com, keep: 5}\n    webhook: {url: \"http://127.0.0.1:9/hook\", allow_private_address: true}")
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    monkeypatch.setenv("NOTICEGEN_WEBHOOK_TIMEOUT", value)
    (significant / "people.csv").write_text("email\nalice@example.com\n")
    assert_clear_failure(send(significant, significant / "people.csv"), (1,), "NOTICEGEN_WEBHOOK_TIMEOUT")
    ledger = significant / ".noticegen" / "notify-ledger.jsonl"
    assert not ledger.exists() or "webhook" not in ledger.read_text()


def test_28_a_projects_checklist_in_the_wrong_shape_is_named(project):
    folder = project / "notices" / "disclosures"
    folder.mkdir()
    (folder / "gdpr.yml").write_text("law: GDPR\nitems:\n  - id: retention\n")
    assert_clear_failure(run("check", "--disclosures", cwd=project), (1,), "disclosures/gdpr.yml:3:")


def test_29_a_manifest_in_the_wrong_shape_is_named(project):
    assert run("build", cwd=project).code == 0
    (project / "site" / "manifest.json").write_text('{"generator": "0.1.0", "sites": {"www.compucom.com": "oops"}}')
    assert_clear_failure(run("build", cwd=project), (1,), "manifest.json:1: damaged")


def test_30_a_command_target_that_cannot_be_filled_in_fails_check(project):
    edit(project, "sites.yml", "directory: published/careers.compucom.com", 'command: "echo {nope}"')
    assert_clear_failure(run("check", cwd=project), (1,), "cannot be filled in")


@pytest.mark.parametrize("address", ["garbage", ":", "[::1]:x", "127.0.0.1:99999"])
def test_31_a_bad_dev_address_is_a_usage_error(project, address):
    assert_clear_failure(run("serve", "--dev-addr", address, cwd=project), (2,), "--dev-addr")


def test_32_a_broken_smtp_url_is_one_line(significant, monkeypatch):  # noqa: F811
    monkeypatch.setenv("NOTICEGEN_SMTP_URL", "smtp://[::1")
    (significant / "people.csv").write_text("email\nalice@example.com\n")
    assert_clear_failure(send(significant, significant / "people.csv"), (1,), "NOTICEGEN_SMTP_URL")


@pytest.mark.parametrize("name, old, new", [
    ("notice.yml", "  company: CompuCom", '  company: "Compu\\x1bCom"'),
    ("020-security.md", "title: Preserving the Security of Your Personal Information",
     'title: "Preserving the Security\\r## Injected"'),
])
def test_33_yaml_escapes_cannot_smuggle_control_characters(project, name, old, new):
    edit(project, name, old, new)
    assert_clear_failure(run("check", cwd=project), (1,), "control character")


def test_34_an_anchor_cannot_take_a_sections_id(project):
    edit(project, "020-security.md", "extensive precautions", "extensive precautions\n\n### Nothing { #sharing }\n\nText.")
    assert_clear_failure(run("check", cwd=project), (1,), "the anchor #sharing is a section's id")


def test_35_a_linked_folder_cannot_bring_in_files_from_elsewhere(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "contact-us.md").write_text("---\nid: contact-us\ntitle: Contact Us\n---\nFrom elsewhere.\n")
    (project / "notices" / "sites" / "careers.compucom.com").symlink_to(outside)
    assert_clear_failure(run("check", cwd=project), (1,), "outside notices/")


@pytest.mark.parametrize("attributes", ["{ x onclick=alert(1) }", "{ x style=color:red }",
                                        "{ x id='\" onmouseover=\"alert(1)\" x=\"' }"])
def test_36_an_attribute_list_that_starts_with_a_word_is_still_one(project, attributes):
    edit(project, "020-security.md", "extensive precautions", f"extensive precautions\n\n### H {attributes}\n")
    assert_clear_failure(run("check", cwd=project), (1,), "attribute list")


def test_38_the_builds_own_markers_are_reserved(project):
    edit(project, "notice.yml", 'summary: "California', 'summary: "See noticegen-frame. California')
    assert_clear_failure(run("check", cwd=project), (1,), "reserved for noticegen")


def test_39_a_build_for_another_date_can_be_published(project):
    assert run("build", "--today", "2030-01-02", cwd=project).code == 0
    assert run("publish", "--site", CORPORATE, "--today", "2030-01-02", cwd=project).code == 0


def test_40_a_title_ending_in_a_hash_keeps_it(project):
    edit(project, "020-security.md", "title: Preserving the Security of Your Personal Information",
         "title: Security for C#")
    assert run("build", "--no-history", cwd=project).code == 0
    assert "Security for C#" in (project / "site" / CORPORATE / "index.html").read_text()


def test_release_records_and_rollback_still_work_after_all_this(project):
    """The fixes above must leave the ordinary path alone."""
    edit_and_build(project, "One.")
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    edit_and_build(project, "Two.")
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    entry = manifest.read(project / "site")["sites"][CORPORATE]
    assert (project / "published" / CORPORATE / "current").resolve().name == release_id(entry)
    assert run("publish", "--site", CORPORATE, "--rollback", cwd=project).code == 0


@pytest.mark.parametrize("text, says", [
    ("categories: 5\n", "significance.yml:1: `categories` must be"),
    ("qualifiers: typically\n", "significance.yml:1: `qualifiers` must be a list"),
    ("qualifiers: &a [x]\nignorable: *a\n", "significance.yml:1:"),
    ("qualifiers: [x\n", "significance.yml:"),
])
def test_28_the_projects_vocabulary_is_read_strictly(project, text, says):
    (project / "notices" / "significance.yml").write_text(text)
    assert_clear_failure(run("check", cwd=project), (1,), says)


# Session 5's attack on the no-change shortcut, and what it found beside it.

def test_41_a_build_removes_only_its_own_leftovers(project):
    """Another output's staging folder (`site-staging` builds in
    `.site-staging-staging-…`, under its own lock) and a folder a person
    named like a leftover are not this build's to delete."""
    theirs = [project / ".site-staging-staging-abcd_123", project / ".site-old-backup",
              project / ".site-old-12-notahexx"]
    ours = [project / ".site-staging-k3j_9xq0", project / ".site-old-4242-0123abcd"]
    for folder in theirs + ours:
        folder.mkdir()
        (folder / "file").write_text("kept?")
    assert run("build", cwd=project).code == 0
    assert all((folder / "file").exists() for folder in theirs)
    assert not any(folder.exists() for folder in ours)


def test_42_a_site_not_asked_for_whose_files_changed_is_rebuilt_not_dropped(project):
    assert run("build", cwd=project).code == 0
    for domain in ("careers.compucom.com", CORPORATE):
        (project / "site" / domain / "index.html").touch()
    result = run("build", "--site", CORPORATE, cwd=project)
    assert result.code == 0, result.err
    assert (project / "site" / "careers.compucom.com" / "index.html").is_file()
    assert set(manifest.read(project / "site")["sites"]) == {CORPORATE, "careers.compucom.com", "www.compucom.ca"}


def test_43_what_mkdocs_yml_reads_from_elsewhere_is_an_input(project):
    """An !ENV value and a hook file change the site as much as the text does."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + 'copyright: !ENV [NOTICE_COPYRIGHT, "Plain copyright"]\n'
                      "hooks:\n  - marker_hook.py\n")
    hook = project / "marker_hook.py"
    hook.write_text("def on_post_page(output, page, config):\n    return output + '<!-- first hook -->'\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Copyright and hook")
    index = project / "site" / CORPORATE / "index.html"
    assert cli("build", cwd=project).returncode == 0 and "Plain copyright" in index.read_text()
    assert cli("build", cwd=project, env={"NOTICE_COPYRIGHT": "Other copyright"}).returncode == 0
    assert "Other copyright" in index.read_text()
    hook.write_text(hook.read_text().replace("first hook", "second hook"))
    assert cli("build", cwd=project, env={"NOTICE_COPYRIGHT": "Other copyright"}).returncode == 0
    assert "second hook" in index.read_text()


def test_44_a_linked_folder_put_into_a_built_site_is_noticed(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f").write_text("not the site's")
    assert run("build", cwd=project).code == 0
    link = project / "site" / "careers.compucom.com" / "evil"
    link.symlink_to(outside)
    refused = run("build", cwd=project)  # no build wrote it: refused and kept, never followed
    assert refused.code == 1 and f"{link} was not made by noticegen" in refused.err, refused.err
    assert link.is_symlink() and (outside / "f").read_text() == "not the site's"
    link.unlink()
    assert run("build", cwd=project).code == 0
    assert (outside / "f").read_text() == "not the site's" and (outside / "f").stat().st_nlink == 1


@pytest.mark.parametrize("warnings", [[["a", 1e400, "b", "c"]], {"a1cd": 1}, [["a", True, "b", "c"]], "x"])
def test_45_a_damaged_record_of_the_last_check_is_ignored(project, warnings):
    assert run("build", cwd=project).code == 0
    [record] = (project / ".noticegen" / "cache" / "built-files").glob("*.json")
    data = json.loads(record.read_text())
    data["checked"]["warnings"] = warnings
    record.write_text(json.dumps(data))
    result = run("build", cwd=project)
    assert result.code == 0 and "internal error" not in result.err and "warning: a:" not in result.err, result.err


def test_46_a_shallow_clone_is_said_even_when_nothing_changed(project):
    assert run("build", cwd=project).code == 0
    (project / ".git" / "shallow").write_text(git(project, "rev-parse", "HEAD").strip() + "\n")
    assert_clear_failure(run("build", cwd=project), (1,), "shallow clone")


def test_47_deleted_rendered_emails_are_rendered_again(significant):
    project = significant  # built, with the emails of a significant version 6
    emails = project / "site" / "notifications"
    assert any(emails.rglob("*.txt")) or any(emails.rglob("*.html"))
    before = tree_digest(emails)
    shutil.rmtree(emails)
    assert run("build", cwd=project).code == 0
    assert tree_digest(emails) == before


def test_48_a_replace_ref_does_not_change_the_history_read(project):
    """`git replace` swaps a commit's content under the same id, and the
    inputs key trusts ids: the history is read as committed."""
    assert run("build", cwd=project).code == 0
    before = tree_digest(project / "site")
    head = git(project, "rev-parse", "HEAD").strip()
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text().replace("precautions", "shortcuts"))
    git(project, "add", "-A")
    tree = git(project, "write-tree").strip()
    parents = git(project, "log", "-1", "--format=%P", head).split()
    forged = git(project, "commit-tree", tree, *[arg for p in parents for arg in ("-p", p)], "-m", "forged").strip()
    git(project, "reset", "-q", "--hard", head)
    git(project, "replace", head, forged)
    assert "shortcuts" in git(project, "show", f"{head}:notices/020-security.md")  # git itself now reads it
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".noticegen")
    assert run("build", cwd=project).code == 0
    assert tree_digest(project / "site") == before


def test_48_grafts_are_refused_even_when_nothing_changed(project):
    assert run("build", cwd=project).code == 0
    first = git(project, "rev-list", "--max-parents=0", "HEAD").strip()
    head = git(project, "rev-parse", "HEAD").strip()
    (project / ".git" / "info").mkdir(exist_ok=True)
    (project / ".git" / "info" / "grafts").write_text(f"{head} {first}\n")  # skip every version in between
    assert_clear_failure(run("build", cwd=project), (1,), ".git/info/grafts: grafts rewrite the history")


@pytest.mark.parametrize("careers", ["{root}/published/www.compucom.com", "published/./www.compucom.com/",
                                     "published/www.compucom.com/careers", "published"])
def test_14b_two_sites_never_share_a_directory_however_it_is_written(project, careers):
    """An absolute path to another site's directory, or one inside it, passed
    check and the careers notice went live on www (attack14 #3)."""
    sites = project / "notices" / "sites.yml"
    text = sites.read_text()
    assert "directory: published/careers.compucom.com" in text
    sites.write_text(text.replace("directory: published/careers.compucom.com",
                                  f"directory: {careers.format(root=project)}"))
    assert_clear_failure(run("check", cwd=project), (1,), "one would serve")
    sites.write_text(text.replace("directory: published/careers.compucom.com", "directory: published-careers"))
    assert run("check", cwd=project).code == 0
