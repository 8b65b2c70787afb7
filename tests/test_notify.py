"""notify end to end against a real SMTP server (aiosmtpd) on loopback:
dry run, send, rerun sends nothing, refused recipient, server down, in-doubt
recipients, header injection, minor versions, unbuilt sites, the webhook."""
import email
import email.policy
import http.server
import ipaddress
import json
import os
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

import subprocess
import sys

from conftest import cli_env, git, run
from test_history import edit, release

SITE = "www.compucom.com"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("refuse"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 Message accepted"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as sock:  # the controller checks itself on its port: it needs a real one
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["NOTICEGEN_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    yield inbox
    controller.stop()
    del os.environ["NOTICEGEN_SMTP_URL"]


@pytest.fixture
def significant(project):
    edit(project, "070-sharing.md", "CompuCom will not sell, rent or lease your personal information",
         "CompuCom may sell, rent or lease your personal information")
    release(project, "6", "2030-01-01", "We may sell data.")
    assert run("build", cwd=project).code == 0
    (project / "people.csv").write_text("email,name\nada@example.com,Ada\nbob@example.com,\n")
    return project


def notify(project, *args):
    return run("notify", "--version", "6", "--site", SITE, "--recipients", str(project / "people.csv"), *args,
               cwd=project)


def ledger(project):
    path = project / ".noticegen" / "notify-ledger.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_dry_run_prints_and_sends_nothing(significant, smtp):
    result = notify(significant)
    assert result.code == 0
    assert "would send 2 email(s)" in result.out and "to ada@example.com" in result.out
    assert "Dear Ada," in result.out and "/changes/5..6/" in result.out
    assert smtp.messages == [] and ledger(significant) == []


def test_send_then_rerun_sends_nothing(significant, smtp):
    result = notify(significant, "--send")
    assert result.code == 0, result.err
    assert sorted(rcpt[0] for rcpt, _ in smtp.messages) == ["ada@example.com", "bob@example.com"]
    _, message = smtp.messages[0]
    assert message["Subject"] == "CompuCom: changes to our Website Privacy Statement from 1 January 2030"
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    assert "Sharing of Your Personal Information" in parts["text/plain"]
    assert "<img" not in parts["text/html"] and "https://www.compucom.com/privacy/changes/5..6/" in parts["text/html"]
    assert [r["status"] for r in ledger(significant)] == ["sending", "sent", "sending", "sent"]
    again = notify(significant, "--send")
    assert again.code == 0 and "sent 0, already sent before 2" in again.out
    assert len(smtp.messages) == 2


def test_refused_recipient_is_reported_and_not_recorded_as_sent(significant, smtp):
    (significant / "people.csv").write_text("email\nada@example.com\nrefuse@example.com\nbob@example.com\n")
    result = notify(significant, "--send")
    assert result.code == 1
    assert "refused refuse@example.com: 550" in result.err
    assert len(smtp.messages) == 2
    final = {r["recipient"]: r["status"] for r in ledger(significant)}
    assert final == {"ada@example.com": "sent", "refuse@example.com": "refused", "bob@example.com": "sent"}


def test_server_down_sends_nothing_and_records_nothing(significant):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    os.environ["NOTICEGEN_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    try:
        result = notify(significant, "--send")
    finally:
        del os.environ["NOTICEGEN_SMTP_URL"]
    assert result.code == 1 and "cannot reach the SMTP server" in result.err and "nothing was sent" in result.err
    assert ledger(significant) == []


def test_a_recipient_in_doubt_is_not_sent_again_blindly(significant, smtp):
    path = significant / ".noticegen" / "notify-ledger.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"site": SITE, "version": "6", "recipient": "ada@example.com",
                                "status": "sending", "detail": ""}) + "\n")  # a run died mid-send
    result = notify(significant, "--send")
    assert result.code == 1 and "in doubt ada@example.com" in result.err
    assert [rcpt for rcpt, _ in smtp.messages] == [["bob@example.com"]]
    decided = notify(significant, "--send", "--resend-in-doubt")
    assert decided.code == 0 and [rcpt for rcpt, _ in smtp.messages][-1] == ["ada@example.com"]


def test_header_with_a_line_break_is_refused_before_anything_is_sent(significant, smtp):
    folder = significant / "notices" / "sites" / SITE / "notifications"
    folder.mkdir(parents=True)
    (folder / "email_subject.txt").write_text("Changes\nBcc: everyone@example.com\n")
    assert "the subject must be one line" in run("check", cwd=significant).err  # caught before any build
    result = notify(significant, "--send")
    assert result.code == 1 and "the subject must be one line" in result.err, result.err
    assert smtp.messages == [] and ledger(significant) == []


def test_nothing_for_a_minor_version_or_an_unbuilt_site(significant, smtp):
    minor = run("notify", "--version", "5", "--site", SITE, "--recipients", str(significant / "people.csv"),
                "--send", cwd=significant)
    assert minor.code == 1 and "not a significant change" in minor.err
    edit(significant, "020-security.md", "is not used for any other purpose", "is used for marketing as well")
    release(significant, "7", "2031-01-01", "Not built yet.")  # significant, but no site shows it yet
    unbuilt = run("notify", "--version", "7", "--site", SITE, "--recipients", str(significant / "people.csv"),
                  "--send", cwd=significant)
    assert unbuilt.code == 1 and "not every site is built" in unbuilt.err
    stale = notify(significant, "--send")  # version 6, but the sites now show version 7 unbuilt
    assert stale.code == 1 and "not every site is built" in stale.err
    assert smtp.messages == []


def test_a_build_for_another_date_is_notified_only_for_that_date(significant, smtp):
    assert run("build", "--today", "2030-06-01", cwd=significant).code == 0  # version 6 in force
    other = notify(significant, "--send")
    assert other.code == 1 and "was built for 2030-06-01 (build --today 2030-06-01), not for" in other.err
    assert "add --today 2030-06-01 to this command" in other.err and smtp.messages == []
    assert notify(significant, "--today", "2030-06-01").code == 0  # the dry run


def test_bad_recipients_file(significant, smtp):
    (significant / "people.csv").write_text("name\nAda\n")
    assert "needs a header line with an `email` column" in notify(significant, "--send").err
    (significant / "people.csv").write_text("email\nnot-an-address\n")
    result = notify(significant, "--send")
    assert result.code == 1 and "people.csv:2: 'not-an-address' is not an email address" in result.err
    # A spreadsheet's note with line breaks in it: the error names the line the bad row is on.
    (significant / "people.csv").write_text('email,note\nada@example.com,"two\nlines\nof note"\n'
                                            'bob@example.com,x\nnot-an-address,y\n')
    result = notify(significant, "--send")
    assert result.code == 1 and "people.csv:6: 'not-an-address' is not an email address" in result.err, result.err
    assert smtp.messages == []


def test_a_quote_left_open_does_not_swallow_the_people_after_it(significant, smtp):
    """`first@example.com,"Ann` in row 2 made the other 1,001 rows one cell:
    "would send 1 email(s)", exit 0. Now the row's line is named."""
    rows = [f"p{n}@example.com,P{n}\n" for n in range(1000)]
    people = significant / "people.csv"
    people.write_text('email,name\nfirst@example.com,"Ann\n' + "".join(rows))
    for args in ((), ("--send",)):
        result = notify(significant, *args)
        assert result.code == 1, result.out
        assert result.err.strip() == (f"noticegen: {people}:2: a quote opened in this row is never closed, so the "
                                      "rest of the file would be one cell and nobody after this row would be "
                                      "written to (close the quote, or remove it)"), result.err
    people.write_text('email,name\nfirst@example.com,"Ann\n' + "".join(rows[:100]) + 'last@example.com,Bo"\n')
    result = notify(significant, "--send")  # closed 101 lines later by another stray quote
    assert result.code == 1 and f"{people}:2: a quoted cell of this row runs over 102 lines that hold email " \
        "addresses" in result.err, result.err
    assert smtp.messages == []
    # A spreadsheet's note that only mentions an address is a note (attack12b: it was refused).
    people.write_text('email,notes\r\nann@example.com,"Prefers post.\r\ncc assistant: pa@example.com"\r\n'
                      'bob@example.com,x\r\n')
    result = notify(significant)
    assert result.code == 0 and "would send 2 email(s)" in result.out, result.out + result.err


def _webhook_built(project, handler, path):
    """A real HTTP server on loopback as the first site's webhook, committed
    and built; the caller shuts it down."""
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace(
        "    publish: {directory: published/www.compucom.com, keep: 5}",
        f"    publish: {{directory: published/www.compucom.com, keep: 5}}\n"
        f"    webhook: {{url: \"http://127.0.0.1:{server.server_port}{path}\", allow_private_address: true}}"))
    git(project, "commit", "-qam", "Webhook")
    assert run("build", cwd=project).code == 0
    return server


def test_a_webhook_that_redirects_is_refused_not_recorded_as_sent(significant, smtp):
    """urllib followed a 302 with a GET without the payload and recorded the
    200 at the end as sent: the hook never got it, and a rerun skipped it."""
    requests = []

    class Moved(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            requests.append(("POST", self.path))
            self.send_response(302)
            self.send_header("Location", "/moved/T0SECRET")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            requests.append(("GET", self.path))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = _webhook_built(significant, Moved, "/hook")
    try:
        first, second = notify(significant, "--send"), notify(significant, "--send")
    finally:
        server.shutdown()
    assert first.code == 1 and second.code == 1, first.out + first.err
    assert f"302 Found: it redirects to http://127.0.0.1:{server.server_port}/…; put the address it redirects to " \
        "in the site's webhook:" in first.out + first.err, first.out + first.err
    assert "SECRET" not in first.out + first.err
    assert requests == [("POST", "/hook"), ("POST", "/hook")]  # never the GET; tried again, not skipped


def test_webhook_is_posted_once(significant, smtp):
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = _webhook_built(significant, Hook, "/privacy/T0SECRET?token=XSECRET")
    try:
        results = [notify(significant), notify(significant, "--send"), notify(significant, "--send")]
    finally:
        server.shutdown()
    assert [result.code for result in results] == [0, 0, 0]
    # A hook's secret is in its path or query, and CI logs are often public.
    assert f"post to http://127.0.0.1:{server.server_port}/…" in results[0].out
    assert not any("SECRET" in result.out + result.err for result in results)
    assert len(received) == 1
    assert received[0]["event"] == "privacy_notice.significant_change" and received[0]["version"] == "6"
    assert received[0]["reasons"][0]["section"] == "sharing"


PUBLISH = "    publish: {directory: published/www.compucom.com, keep: 5}"


def _set_webhook(project, value) -> int:
    """`webhook: value` under the first site; the line it is on."""
    sites = project / "notices" / "sites.yml"
    text = sites.read_text().replace(PUBLISH, f"{PUBLISH}\n    webhook: {value}")
    sites.write_text(text)
    return text.splitlines().index(f"    webhook: {value}") + 1


@pytest.mark.parametrize("url, said", [
    ("http://169.254.169.254/latest/meta-data/", "points at a link-local address"),  # the cloud's metadata
    ("https://10.0.0.5/hook", "points at a private address"),
    ("https://192.168.1.20:8443/hook", "points at a private address"),
    ("https://localhost:8443/hook", "points at a loopback address"),
    ("https://127.0.0.1/hook", "points at a loopback address"),
    ("https://[::ffff:10.0.0.1]/hook", "points at a private address"),  # IPv4 written as IPv6
    ("https://0.0.0.0/hook", "points at an unspecified address"),
    ("http://hooks.example.com/hook", "is plain http://"),
    ('{url: "http://10.0.0.5/hook", allow_private_address: true}', "is plain http://"),
])
def test_check_refuses_a_webhook_into_the_senders_network(project, url, said):
    """sites.yml comes in a pull request, and notify --send posts from
    inside CI's network: check names what the URL itself shows."""
    line = _set_webhook(project, url)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"sites.yml:{line}: webhook " in output and said in output, output
    assert ("allow_private_address: true" if "plain" not in said else "use its https:// address") in output
    assert "Traceback" not in output


def test_a_private_webhook_is_allowed_when_the_site_says_so(project):
    _set_webhook(project, '{url: "https://10.0.0.5/hook", allow_private_address: true}')
    assert run("check", cwd=project).code == 0
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("allow_private_address: true", "allow_private_address: yes please"))
    result = run("check", cwd=project)
    assert result.code == 1 and "`webhook.allow_private_address` must be true or false" in result.out + result.err


def test_a_name_that_resolves_into_the_network_is_refused_before_anything_is_sent(significant, smtp):
    """check cannot know where a name points; --send looks it up and
    refuses a loopback or private answer before the first email."""
    name = socket.gethostname().lower()
    try:
        answers = {info[4][0] for info in socket.getaddrinfo(name, 443, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"this machine's name {name} does not resolve")
    if all(ipaddress.ip_address(address).is_global for address in answers):
        pytest.skip(f"this machine's name {name} resolves to a global address")
    line = _set_webhook(significant, f"https://{name}/hook/T0SECRET")
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    result = notify(significant, "--send")
    assert result.code == 1 and f"sites.yml:{line}: webhook https://{name}/…: {name} resolves to " in result.err, \
        result.out + result.err
    assert "nothing was sent (" in result.err and "allow_private_address: true" in result.err
    assert "SECRET" not in result.err
    assert smtp.messages == [] and ledger(significant) == []


def test_the_webhook_goes_to_the_address_that_was_checked(significant, smtp, monkeypatch):
    """DNS rebinding: a name that answers one address when it is checked
    and another when urllib looks it up again to connect. noticegen looks
    it up once and connects to what it checked (here both are loopback,
    allowed: a real second host would be a private one)."""
    received = {}

    def handler(where):
        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                received[where] = self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass
        return Hook

    checked = http.server.HTTPServer(("127.0.0.1", 0), handler("checked"))
    port = checked.server_port
    try:
        other = http.server.HTTPServer(("127.0.0.2", port), handler("rebound"))
    except OSError:
        checked.server_close()
        pytest.skip("cannot listen on 127.0.0.2")
    for server in (checked, other):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    _set_webhook(significant, f'{{url: "http://hook.rebind.test:{port}/hook", allow_private_address: true}}')
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    real, answers = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):  # the first answer 127.0.0.1, every later one 127.0.0.2
        if host == "hook.rebind.test":
            answers.append(host)
            host = "127.0.0.1" if len(answers) == 1 else "127.0.0.2"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        result = notify(significant, "--send")
    finally:
        monkeypatch.undo()
        checked.shutdown()
        other.shutdown()
    assert result.code == 0, result.out + result.err
    assert list(received) == ["checked"] and len(answers) == 1


def test_a_controller_filled_in_after_its_version_is_never_announced(project):
    """After `import`, the controller is a FILL IN under the imported version;
    the commit filling it in corrects that version's metadata, so the next
    version announces only what it changes (a new address, on one line)."""
    meta = project / "notices" / "notice.yml"
    text = meta.read_text()
    real = text[text.index("controller:"):text.index("# Default values")]
    placeholder = ('controller:\n  name: "FILL IN: the legal name of the company"\n'
                   '  address: |\n    FILL IN: its postal address\n  email: fill-in@example.com\n')
    meta.write_text(text.replace(real, placeholder))
    release(project, "6", "2030-01-01", "Imported.")
    meta.write_text(meta.read_text().replace(placeholder, real))
    git(project, "commit", "-qam", "Fill in the controller", date="2026-01-15T12:00:00+00:00")
    assert run("check", cwd=project).code == 0  # the contact section's {{ postal_address }} is no unreleased edit
    edit(project, "070-sharing.md", "CompuCom will not sell, rent or lease your personal information",
         "CompuCom may sell, rent or lease your personal information")
    edit(project, "notice.yml", "7171 Forest Lane\n", "7171 Forest Lane, Suite 2\n")
    release(project, "7", "2031-01-01", "We may sell data.", date="2026-03-01T12:00:00+00:00")
    assert run("build", cwd=project).code == 0
    (project / "people.csv").write_text("email,name\nada@example.com,Ada\n")
    result = run("notify", "--version", "7", "--site", SITE, "--recipients", str(project / "people.csv"), cwd=project)
    assert result.code == 0, result.err
    changes = [line for line in result.out.splitlines() if line.startswith("- ")]
    assert [line.split(":")[0] for line in changes] == ["- Sharing of Your Personal Information", "- Contact Us",
                                                        "- Controller"], result.out  # the address is in Contact Us
    assert changes[2] == ("- Controller: Changes who is responsible for your information or how to reach them: the "
                          "address is now “c/o CompuCom Legal Department, 7171 Forest Lane, Suite 2, Dallas, TX 75230”.")
    site = project / "site" / SITE
    for page in (site / "feed.xml", site / "history" / "index.html", site / "changes" / "6..7" / "index.html",
                 site / "versions" / "6" / "index.html"):
        assert "FILL IN" not in page.read_text() and "name is now" not in page.read_text(), page


def test_a_build_without_pdfs_is_refused_naming_the_pdfs(project):
    edit(project, "070-sharing.md", "CompuCom will not sell, rent or lease your personal information",
         "CompuCom may sell, rent or lease your personal information")
    release(project, "6", "2030-01-01", "We may sell data.")
    assert run("build", "--no-pdf", cwd=project).code == 0
    (project / "people.csv").write_text("email\nada@example.com\n")
    env = {k: v for k, v in cli_env().items() if k != "NOTICEGEN_PDF"}  # PDFs on, as in CI
    result = subprocess.run([sys.executable, "-m", "generator.cli", "notify", "--version", "6", "--site", SITE,
                             "--recipients", str(project / "people.csv")], cwd=project, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 1 and "built without PDFs (build --no-pdf)" in result.stderr, result.stderr
    assert result.stderr.count("`noticegen build`") == 1, result.stderr  # what to run, said once
