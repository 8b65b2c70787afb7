"""What the fifteenth attack found, one test per finding, each failing
before its fix."""
from __future__ import annotations

import http.server
import shutil
import signal
import threading

import pytest

from conftest import git, run
from generator.notifications import DEFAULTS
from test_authoring import empty_project, import_page
from test_bad_input import assert_clear_failure, cli
from test_notify import SITE, significant, smtp  # noqa: F401  (fixtures)


def test_a_revision_whose_notice_has_a_python_tag_is_a_problem_not_a_usage_error(project):
    # A pull request under review commits the tag: the revision exists, its notice is what is wrong.
    git(project, "switch", "-q", "-c", "tagged")
    with (project / "notices" / "notice.yml").open("a") as notice:
        notice.write("x: !!python/object/apply:os.system [echo PWNED]\n")
    git(project, "commit", "-qam", "a tag")
    git(project, "switch", "-q", "-")
    for args in (("diff", "tagged", "notices"), ("review", "HEAD", "tagged")):
        result = run(*args, cwd=project)
        assert_clear_failure(result, (1,), "notices/notice.yml:")
        assert "YAML tag !!python/object/apply:os.system is not allowed" in result.err
        assert "as committed in" in result.err and "is not a version" not in result.err
        assert "PWNED" not in result.out + result.err
    assert_clear_failure(run("diff", "no-such-branch", "notices", cwd=project), (2,), "is not a version")


@pytest.mark.parametrize("name, old, new, says", [
    ("banner.html", "<a href=", '<a href="javascript:alert(1)">x</a> <a href=', "banner.html:2: the allow-list takes "
     "out the link to 'javascript:alert(1)' on <a>"),
    ("banner.html", "<strong>", '<strong onmouseover="alert(1)">', "banner.html:1: the allow-list takes out the "
     "onmouseover='alert(1)' attribute of <strong>"),
    ("email.html", "<p>{{ controller.name }}</p>", '<p style="background: url(https://tracker.example/p.gif)">x</p>',
     "email.html:20: the allow-list takes out the style background of <p>"),
    ("email.html", "<p>{{ controller.name }}</p>", '<img src="https://tracker.example/p.gif">',
     "email.html:20: the allow-list takes out <img>"),
    ("email.html", "<p>{{ controller.name }}</p>", "<script>alert(1)</script>", "takes out <script>"),
])
def test_a_template_the_allow_list_would_change_is_refused_by_check(project, name, old, new, says):
    # The banner and the HTML email are cleaned before anyone sees them: the author is told what would go.
    folder = project / "notices" / "notifications"
    folder.mkdir(exist_ok=True)
    text = (DEFAULTS / name).read_text()
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1))
    assert_clear_failure(run("check", cwd=project), (1,), says)


def test_the_shipped_templates_lose_nothing_to_the_allow_list(project):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    for template in DEFAULTS.glob("*.*"):
        shutil.copy(template, folder)
    result = run("check", cwd=project)
    assert result.code == 0, result.err


def test_an_html_notice_that_shows_tags_as_words_keeps_them_when_imported(tmp_path):
    # The old page said, in words, what it loads: the import must not take those words for its markup.
    project, _, _ = import_page(tmp_path, (
        "<!doctype html><html><head><title>x</title></head><body><h1>Privacy Policy</h1>"
        "<p>Last updated: May 25, 2018</p><h2>Cookies</h2>"
        "<p>Our pages load a &lt;script&gt; from us and an &lt;img&gt; pixel &lt;!-- none --&gt;; "
        "3 &lt; 4.</p><script>track()</script></body></html>"))
    cookies = (project / "notices" / "010-cookies.md").read_text()
    assert "load a &lt;script> from us and an &lt;img> pixel &lt;!-- none -->; 3 < 4." in cookies, cookies
    assert "track()" not in cookies


def test_a_script_link_dropped_by_the_import_leaves_its_words_and_nothing_else(tmp_path):
    project, _, _ = import_page(tmp_path, (
        "<!doctype html><html><body><h1>Privacy Policy</h1><p>Last updated: May 25, 2018</p>"
        "<h2>Choices</h2><p>Use <a href=\"javascript:openPrefs('ads')\">your settings</a> (any time) "
        "or <a href='javascript:void(0)'>write</a>.</p></body></html>"))
    choices = (project / "notices" / "010-choices.md").read_text()
    assert "Use your settings (any time) or write." in choices, choices


def test_a_notify_killed_mid_send_sends_nothing_twice_and_loses_nobody(significant, smtp):  # noqa: F811
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sites = significant / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("    publish: {directory: published/www.compucom.com, keep: 5}\n",
                                               "    publish: {directory: published/www.compucom.com, keep: 5}\n"
                                               f"    webhook: {{url: \"http://127.0.0.1:{server.server_port}/hook\", allow_private_address: true}}\n"))
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    args = ("notify", "--version", "6", "--site", SITE, "--recipients", str(significant / "people.csv"), "--send")
    try:
        # SIGKILL after Ada's email left, before the ledger says so; then after the webhook answered.
        first = cli(*args, cwd=significant, env={"NOTICEGEN_CRASH_AT": "email-sent"})
        assert first.returncode == -signal.SIGKILL and [r for r, _ in smtp.messages] == [["ada@example.com"]]
        second = cli(*args, cwd=significant, env={"NOTICEGEN_CRASH_AT": "webhook-answered"})
        assert second.returncode == -signal.SIGKILL and len(received) == 1
        third = cli(*args, cwd=significant)
    finally:
        server.shutdown()
    assert [r for r, _ in smtp.messages] == [["ada@example.com"], ["bob@example.com"]]  # each once
    assert len(received) == 1
    assert third.returncode == 1 and "in doubt ada@example.com" in third.stderr and "in doubt webhook" in third.stderr


def test_an_imported_link_to_another_host_without_a_scheme_still_goes_there(tmp_path):
    page = tmp_path / "privacy.html"
    page.write_text("<!doctype html><html><body><h1>Privacy Policy</h1><p>Last updated: May 25, 2018</p>"
                    "<h2>Partners</h2><p>See <a href='//partner.example/privacy'>our partner</a> and "
                    "<a href='.well-known/security.txt'>security</a>.</p></body></html>")
    project = empty_project(tmp_path / "html")
    result = run("--no-history", "import", str(page), "--domain", "www.shop.example", cwd=project)
    assert result.code == 0, result.err
    partners = (project / "notices" / "010-partners.md").read_text()
    assert "[our partner](https://partner.example/privacy)" in partners, partners
    assert "[security](https://www.shop.example/.well-known/security.txt)" in partners, partners


@pytest.mark.parametrize("written, says", [
    ("\ufdd0precautions\ufdd1", "U+FDD0"), ("\uffff", "U+FFFF"), ("\U0001fffe", "U+1FFFE"),
])
def test_noticegens_own_marks_and_other_noncharacters_are_refused_in_author_text(project, written, says):
    # U+FDD0/U+FDD1 are how noticegen marks its own English words: in author text they made a <span lang="en">.
    security = project / "notices" / "020-security.md"
    security.write_text(security.read_text().replace("extensive precautions", f"extensive {written} precautions", 1))
    assert_clear_failure(run("check", cwd=project), (1,), f"a noncharacter ({says}")


def test_an_rsync_destination_is_never_an_rsync_option(project, tmp_path):
    log = tmp_path / "written-by-rsync.log"
    sites = project / "notices" / "sites.yml"
    old = "publish: {directory: published/www.compucom.com, keep: 5}"
    assert old in sites.read_text()
    sites.write_text(sites.read_text().replace(old, f'publish: {{rsync: "--log-file={log}"}}'))
    assert_clear_failure(run("check", cwd=project), (1,), "starts with -, which rsync reads as an option")
    assert_clear_failure(run("publish", "--site", "www.compucom.com", cwd=project), (1,), "rsync")
    assert not log.exists()


def test_a_built_site_folder_replaced_by_a_link_is_not_published_from(project, tmp_path):
    # The same files elsewhere pass the manifest today; whoever can write there can change them before the copy.
    assert run("build", cwd=project).code == 0
    site = project / "site" / "www.compucom.com"
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(site, elsewhere, symlinks=True)
    shutil.rmtree(site)
    site.symlink_to(elsewhere)
    assert_clear_failure(run("publish", "--site", "www.compucom.com", cwd=project), (1,), "is a link")
    assert not (project / "published" / "www.compucom.com").exists()
