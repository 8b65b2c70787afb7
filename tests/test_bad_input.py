"""Every failure a user can cause ends in one clear line and a non-zero
exit, never a traceback; inputs that used to be silently wrong are refused."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest

from conftest import REPO, cli_env, copy_project, git, run
from generator import switches
from test_notify import significant, smtp  # noqa: F401  (fixtures)

SITE = "www.compucom.com"
# A line a user may see on stderr: ours, a warning, or a problem as path:line: ...
READABLE = re.compile(r"^(noticegen: |warning: |usage: |[^\s:]+:\d+: )")


def assert_clear_failure(result, code=(1, 2), says: str = ""):
    assert result.code in code, (result.code, result.err)
    assert "Traceback" not in result.err and "Traceback" not in result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert lines, "no message"
    assert all(READABLE.match(line) or line.startswith(" ") for line in lines), result.err
    assert says in result.err, result.err


def cli(*args, cwd, env=None, stdin=None, timeout=60):
    """The real command in its own process (for PATH, pipes and hangs)."""
    result = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True,
                            text=True, env=cli_env(**(env or {})),
                            stdin=subprocess.DEVNULL if stdin is None else stdin, timeout=timeout)
    return result


@pytest.mark.parametrize("command", [
    ["history"], ["diff", "1", "2"], ["nginx"], ["serve"], ["build"], ["publish"],
    ["notify", "--version", "5", "--recipients", "people.csv"],
])
def test_an_unknown_site_is_a_usage_error(project, command):
    (project / "people.csv").write_text("email\na@example.com\n")
    result = run(*command, "--site", "nowhere.example", cwd=project)
    assert_clear_failure(result, (2,), "unknown site nowhere.example")


def test_bad_revisions_versions_and_files(project):
    assert_clear_failure(run("diff", "no-such-revision", "HEAD", cwd=project), says="no-such-revision")
    assert_clear_failure(run("diff", "--", "-x", "HEAD", cwd=project))
    assert_clear_failure(run("diff", "5", "/etc/passwd", cwd=project), (2,), "not a Markdown file")
    assert_clear_failure(run("check", "--disclosures", "--version", "99", cwd=project), (2,), "no version 99")
    assert_clear_failure(run("notify", "--version", "99", "--site", SITE, "--recipients", "/nonexistent.csv",
                             cwd=project), (2,), "no version 99")  # a usage error, as for diff and check


def test_git_missing_from_path(project):
    result = cli("history", cwd=project, env={"PATH": "/nonexistent"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "git is not installed" in result.stderr


def test_output_piped_into_a_reader_that_stops(project):
    # Enough output that the pipe fills after `head` has gone.
    process = subprocess.Popen(f"{sys.executable} -m generator.cli history --format json | head -c 10",
                               shell=True, cwd=project, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                               env=cli_env())
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err


def test_output_folder_under_a_file(project):
    (project / "a-file").write_text("x")
    assert_clear_failure(run("build", "--out", str(project / "a-file" / "site"), cwd=project))


def test_smtp_url_with_a_bad_port(significant, monkeypatch):  # noqa: F811
    (significant / "people.csv").write_text("email\na@example.com\n")
    monkeypatch.setenv("NOTICEGEN_SMTP_URL", "smtp://127.0.0.1:99999")
    result = run("notify", "--version", "6", "--site", SITE, "--recipients", str(significant / "people.csv"),
                 "--send", cwd=significant)
    assert_clear_failure(result, says="port")


@pytest.mark.parametrize("name", ["045-cookies.markdown", "045-cookies.MD", "045-cookies.txt"])
def test_a_section_file_that_would_not_be_read_is_an_error(project, name):
    (project / "notices" / name).write_text("---\nid: cookies\ntitle: Cookies\n---\nWe use cookies.\n")
    result = run("check", cwd=project)
    assert_clear_failure(result, says=f"notices/{name}:1: not read by noticegen")


@pytest.mark.parametrize("name", ["sites.yaml", "Notice.yml", "notice.yml.bak.yml"])
def test_a_settings_file_that_would_not_be_read_is_an_error(project, name):
    (project / "notices" / name).write_text("sites: []\n")  # a misspelt sites.yml: its sites would be left out
    result = run("check", cwd=project)
    assert_clear_failure(result, says=f"notices/{name}:1: settings file not read by noticegen, so its settings "
                                      "would be left out (noticegen reads notice.yml, significance.yml, sites.yml "
                                      "here: rename it, or move it out of notices/)")


@pytest.mark.parametrize("wrong, right", [
    ("domain: www.compucom.ca", "domain: www.compucom.ca/x"),  # a site with a folder, overrides and French
    ("name: CompuCom Canada", "name: [CompuCom Canada"),  # sites.yml no longer YAML: no site is known
    ("language: en-CA", "languages: [en-CA, en-CA]"),  # the source listed twice: no translation into en-CA
])
def test_a_bad_sites_file_is_one_line_without_follow_on_problems(project, wrong, right):
    """What names a site (its folder, a section's `sites:`, a translation)
    is not judged against a list of sites that is itself wrong."""
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace(wrong, right, 1))
    result = run("check", cwd=project)
    assert_clear_failure(result, says="notices/sites.yml:")
    assert result.err.count("\n") == 2 and result.err.endswith("noticegen: 1 problem found.\n"), result.err


def test_unknown_templates_site_folders_and_files(project):
    notices = project / "notices"
    (notices / "notifications").mkdir()
    (notices / "notifications" / "banner.htm").write_text("x")
    (notices / "sites" / "www.compucom.co").mkdir()
    result = run("check", cwd=project)
    assert_clear_failure(result, says="banner.htm:1: not a notification template")
    assert "www.compucom.co:1: folder for site www.compucom.co" in result.err
    (notices / "notifications" / "banner.htm").unlink()
    (notices / "sites" / "www.compucom.co").rmdir()
    (notices / "logo.png").write_bytes(b"\x89PNG")
    (notices / ".DS_Store").write_bytes(b"\0")
    result = run("check", cwd=project)
    assert result.code == 0 and "notices/logo.png:1: file not read by noticegen" in result.err
    assert ".DS_Store" not in result.err
    assert "logo.png" not in run("build", cwd=project).err  # said once, where it matters


def test_a_folder_named_like_a_section_and_a_symlink_loop(project):
    notices = project / "notices"
    (notices / "045-cookies.md").mkdir()
    (notices / "046-loop.md").symlink_to(notices / "046-loop.md")
    result = run("check", cwd=project)
    assert_clear_failure(result, says="notices/045-cookies.md:1: is a folder")
    assert "notices/046-loop.md:1: symlink that leads nowhere" in result.err
    assert_clear_failure(run("build", cwd=project))


def test_a_nul_byte_in_a_section(project):
    section = project / "notices" / "030-collection.md"
    section.write_text(section.read_text() + "\nText with a NUL\x00 in it.\n")
    result = run("check", cwd=project)
    lines = section.read_text().count("\n")
    assert_clear_failure(result, says=f"notices/030-collection.md:{lines}: a control character (U+0000) at column 16")


@pytest.mark.parametrize("char, what", [
    ("\u202e", "a bidi control character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("\u2067", "a bidi control character (U+2067 RIGHT-TO-LEFT ISOLATE)"),
    ("\x9d", "a C1 control character (U+009D)"),
    ("\u200b", "an invisible character (U+200B ZERO WIDTH SPACE)"),
])
def test_characters_that_change_what_readers_see_are_refused(tmp_path, char, what):
    """U+202E around "13" shows "31 months" to readers while the diff, the
    detector (minor: no number changed) and check saw "13"; the same in a
    title (a YAML escape), a translation, and no follow-on line for the
    translation of a section check could not read."""
    project = copy_project(tmp_path / "project", translated=True)
    section = project / "notices" / "075-retention.md"
    original = section.read_text()
    assert "13 months." in original
    section.write_text(original.replace("13 months.", f"{char}13 months.", 1))
    line = original[: original.index("13 months.")].count("\n") + 1
    result = run("check", cwd=project)
    assert_clear_failure(result, says=f"notices/075-retention.md:{line}: {what} at column ")
    assert len(result.err.strip().splitlines()) == 2, result.err  # the problem and the count: no follow-on
    section.write_text(re.sub(r"(?m)^title: (.*)$", lambda m: f'title: "\\u{ord(char):04x}{m.group(1)}"', original, 1))
    assert_clear_failure(run("check", cwd=project), says=f"notices/075-retention.md:3: `title` holds {what}")
    section.write_text(original)
    translated = project / "notices" / "translations" / "fr-CA" / "075-retention.md"
    french = translated.read_text()
    translated.write_text(french + f"\nTexte{char} caché.\n")
    assert_clear_failure(run("check", cwd=project), says="translations/fr-CA/075-retention.md:")
    translated.write_text(french)
    # The same character as an HTML character reference is the same character on the page (attack12b).
    written = f"&#x{ord(char):X};"
    section.write_text(original.replace("13 months.", f"{written}13 months.", 1))
    assert_clear_failure(run("check", cwd=project), says=f"notices/075-retention.md:{line}: {what}, written {written}")
    section.write_text(original)
    notice = project / "notices" / "notice.yml"
    notice.write_text(notice.read_text().replace("variables:\n", f'variables:\n  hidden: "a{written}b"\n', 1))
    assert_clear_failure(run("check", cwd=project), says=f"notices/notice.yml:20: {what}, written {written}")


def test_a_direction_mark_beside_a_digit_and_hidden_characters_in_templates_are_refused(tmp_path):
    """U+200F is allowed (right-to-left text needs it), but "\u200f13 - 25\u200f
    months" shows "25 - 13 months"; and a notification subject or a theme
    template wrote U+202E to readers unchecked (attack12b)."""
    project = copy_project(tmp_path / "project")
    section = project / "notices" / "075-retention.md"
    original = section.read_text()
    section.write_text(original.replace("13 months.", "\u200f13\u200f months.", 1))
    assert_clear_failure(run("check", cwd=project), says="a direction mark (U+200F RIGHT-TO-LEFT MARK) beside a digit")
    section.write_text(original.replace("13 months.", "13 months (\u05e9\u05dc\u05d5\u05dd \u200f\u05e2\u05d5\u05dc\u05dd).", 1))
    assert run("check", cwd=project).code == 0  # a mark inside right-to-left words is fine
    section.write_text(original)
    templates = project / "notices" / "notifications"
    templates.mkdir(exist_ok=True)
    (templates / "email_subject.txt").write_text("Privacy notice \u202e31\u202c update\n")
    assert_clear_failure(run("check", cwd=project),
                         says="notices/notifications/email_subject.txt:1: a bidi control character (U+202E")
    (templates / "email_subject.txt").unlink()
    page = project / "theme" / "main.html"
    page.write_text(page.read_text() + "\n<!-- &#x202E; -->\n")
    assert_clear_failure(run("check", cwd=project), says="theme/main.html:")


def test_a_line_of_a_thousand_list_markers_is_refused_before_the_parser_gives_up(project):
    """`1. ` x 1000 passed check, then the build failed with an internal
    RecursionError from Python-Markdown's block parser (attack12b)."""
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\n" + "1. " * 1000 + "x\n")
    line = section.read_text().count("\n")
    assert_clear_failure(run("check", cwd=project), says=f"notices/020-security.md:{line}: a list nested 1000 levels")
    assert_clear_failure(run("build", cwd=project))


@pytest.mark.parametrize("line", ["*a **b " * 16000, "_a" * 30000, " ".join(str(n) for n in range(20000))])
def test_one_long_line_of_markup_does_not_tie_up_a_pull_request_check(project, line):
    """Two costs grew with the square of a line's length: the detector's
    search for a word restated in its sentence (8,000 "*a **b ": `diff` took
    39 s; 16,000 over a minute) and the email pattern backtracking over
    "_a_a…" (30,000: 65 s for `diff`, 148 s for `check`); and each number
    looked up in a list by value (20,000 numbers: 41 s). A hang guard, not a
    timing: each takes a second or two now."""
    old = project / "old.md"
    section = project / "notices" / "020-security.md"
    old.write_text(section.read_text())
    section.write_text(section.read_text() + "\n" + line + "\n")
    result = cli("diff", "old.md", "notices/020-security.md", cwd=project, timeout=30)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr


def test_a_fifo_in_notices_and_recipients_from_dev_zero_do_not_hang(significant):  # noqa: F811
    os.mkfifo(significant / "notices" / "045-pipe.md")
    started = time.monotonic()
    result = cli("check", cwd=significant, timeout=30)
    assert result.returncode == 1 and "045-pipe.md:1: is not a regular file" in result.stderr
    os.unlink(significant / "notices" / "045-pipe.md")
    result = cli("notify", "--version", "6", "--site", SITE, "--recipients", "/dev/zero", cwd=significant,
                 timeout=30)
    assert result.returncode == 1 and "/dev/zero: not a regular file" in result.stderr, result.stderr
    assert time.monotonic() - started < 30


def test_a_base_path_that_climbs_out(project):
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("base_path: /privacy/\n    language: en\n    regions: [us, eu, ch]\n"
                                               "    publish: {directory: published/www.compucom.com",
                                               "base_path: /privacy/../../\n    language: en\n    regions: [us, eu, ch]\n"
                                               "    publish: {directory: published/www.compucom.com", 1))
    assert "/privacy/../../" in sites.read_text()
    for command in (["check"], ["nginx"], ["build"]):
        assert_clear_failure(run(*command, cwd=project), says="has a . or .. segment")


def test_a_spreadsheets_csv_is_read(significant):  # noqa: F811
    people = significant / "people.csv"
    people.write_bytes("\ufeffName;Email\r\nAda;ada@example.com\r\nBob;BOB@example.com\r\n;bob@example.com\r\n"
                       .encode("utf-8"))
    result = run("notify", "--version", "6", "--site", SITE, "--recipients", str(people), cwd=significant)
    assert result.code == 0, result.err
    assert "would send 2 email(s)" in result.out and "Dear Ada," in result.out


def test_the_shipped_example_is_clean():
    result = run("check", cwd=REPO)
    assert result.code == 0 and result.err == "", result.err


def test_a_slow_webhook_respects_one_deadline(significant, smtp, monkeypatch):  # noqa: F811
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def drip():  # answers one byte a second, for ever: a per-read timeout never fires
        connection, _ = listener.accept()
        connection.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 1000:
            if stop.wait(0.5):
                break
            try:
                connection.send(bytes([byte]))
            except OSError:
                break
        connection.close()

    threading.Thread(target=drip, daemon=True).start()
    sites = significant / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace(
        "    publish: {directory: published/www.compucom.com, keep: 5}",
        "    publish: {directory: published/www.compucom.com, keep: 5}\n"
        f"    webhook: {{url: \"http://127.0.0.1:{listener.getsockname()[1]}/privacy\", allow_private_address: true}}"))
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    monkeypatch.setenv("NOTICEGEN_WEBHOOK_TIMEOUT", "2")
    started = time.monotonic()
    result = run("notify", "--version", "6", "--site", SITE, "--recipients", str(significant / "people.csv"),
                 "--send", cwd=significant)
    elapsed = time.monotonic() - started
    stop.set()
    port = listener.getsockname()[1]
    listener.close()
    assert elapsed < 10, elapsed
    # the port too (it names which of the hooks on one host); never the path or query, which may hold a secret
    assert result.code == 1 and f"in doubt webhook http://127.0.0.1:{port}/…:" in result.err
    assert len(smtp.messages) == 2  # the emails went; only the webhook is in doubt


EVERY_COMMAND = [["check"], ["check", "--disclosures"], ["build"], ["publish"], ["publish", "--rollback"],
                 ["nginx"], ["history"], ["diff", "1", "2"], ["serve"], ["release", "--version", "9",
                 "--effective", "2031-01-01", "--summary", "x"],
                 ["notify", "--version", "5", "--site", SITE, "--recipients", "people.csv"]]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c[:2]))
def test_every_command_outside_a_project_and_on_a_broken_notice(tmp_path, project, command):
    (tmp_path / "empty").mkdir()
    assert_clear_failure(run(*command, cwd=tmp_path / "empty"))
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace("version: \"5\"", "version: [5"))
    assert_clear_failure(run(*command, cwd=project), says="notice.yml:")


@pytest.mark.parametrize("name", ["NOTICEGEN_PDF", "NOTICEGEN_CACHE", "NOTICEGEN_HISTORY"])
def test_a_switch_that_is_neither_on_nor_off_is_a_usage_error(project, monkeypatch, name):
    """Read as on before: a typo in CI (`NOTICEGEN_PDF=of`) went unnoticed."""
    monkeypatch.setenv(name, "of")
    result = run("check", cwd=project)
    assert result.code == 2 and result.err == f"noticegen: {name}='of' is neither on nor off: set it to off " \
        f"to go without {switches.SWITCHES[name]}, or unset it\n", result.err
    monkeypatch.setenv(name, "OFF")
    assert run("check", cwd=project).code == 0


@pytest.mark.parametrize("command", ["check", "build", "history", "publish"])
def test_outside_a_project_is_one_line_naming_the_folder(tmp_path, command):
    """It said `notices:1: notice folder not found` and a second problem about
    sites.yml: a line number in a folder that does not exist."""
    result = cli(command, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"noticegen: no notices/ folder in {tmp_path.resolve()} or above (cd into your notice "
                             "project, pass --root DIR, or start one with noticegen init)\n")


def test_a_merge_conflict_left_in_a_section_is_refused_at_its_line(project):
    """A conflict committed by mistake passed check and published both
    retention periods, the markers as text (attack14 #4). A heading's
    underline of seven "=" stays a heading."""
    section = project / "notices" / "140-job-applicants.md"
    original = section.read_text()
    line = len(original.splitlines()) + 2
    section.write_text(original + "\n<<<<<<< HEAD\nWe keep applications for 12 months.\n=======\n"
                       "We keep applications for 24 months.\n>>>>>>> retention\n")
    for command in ("check", "build"):
        assert_clear_failure(run(command, cwd=project), code=(1,), says=(
            f"notices/140-job-applicants.md:{line}: an unresolved merge-conflict marker: both sides would be "
            "published (resolve the conflict: keep the text you mean and delete the <<<<<<<, ======= and >>>>>>> "
            "lines)"))
    section.write_text(original + "\nRetention\n=======\n\nWe keep applications for 12 months.\n")
    assert run("check", cwd=project).code == 0
