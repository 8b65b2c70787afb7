"""Hardening of session 19: hostile input and concurrent runs. Real
servers on loopback (SMTP, HTTP, a DNS server that never answers), real
git repositories in temp dirs, the real CLI."""
import http.server
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

from conftest import cli_env, git, run
from test_notify import SITE, _set_webhook, _webhook_built, ledger, notify, significant, smtp  # noqa: F401 (fixtures)


def _dns_server(answer_after=None):
    """A real DNS server on a loopback address of its own (port 53) that
    reads every query and answers it `answer_after` seconds later with
    127.0.0.1 (an A query; no address for any other), or never (None);
    (None, None) where this machine cannot listen there."""
    address = f"127.{random.randint(50, 250)}.{random.randint(1, 250)}.53"
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((address, 53))
    except OSError:
        sock.close()
        return None, None
    queries = []

    def serve():
        while True:
            try:
                query, sender = sock.recvfrom(2048)
            except OSError:
                return
            queries.append(query)
            if answer_after is not None:
                threading.Timer(answer_after, _answer, (sock, query, sender)).start()

    threading.Thread(target=serve, daemon=True).start()
    return sock, queries


def _answer(sock, query, sender):
    end = query.index(b"\0", 12) + 5  # the question: its name, type and class
    is_a = query[end - 4:end - 2] == b"\0\1"
    header = query[:2] + b"\x81\x80\0\1" + (b"\0\1" if is_a else b"\0\0") + b"\0\0\0\0"
    record = b"\xc0\x0c\0\1\0\1\0\0\0\x3c\0\4\x7f\0\0\1" if is_a else b""
    try:
        sock.sendto(header + query[12:end] + record, sender)
    except OSError:
        pass


def _resolver(tmp_path, answer_after=None):
    """(resolv.conf naming a real DNS server on loopback, the server, its queries), or skip."""
    if not shutil.which("unshare") or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to give one process its own resolv.conf")
    server, queries = _dns_server(answer_after)
    if server is None:
        pytest.skip("cannot listen on a loopback address's port 53")
    resolv = tmp_path / "resolv.conf"
    resolv.write_text(f"nameserver {server.getsockname()[0]}\noptions timeout:20 attempts:1\n")
    return resolv, server, queries


def _notify_with_resolver(project, resolv, seconds):
    argv = [sys.executable, "-m", "generator.cli", "notify", "--version", "6", "--site", SITE,
            "--recipients", str(project / "people.csv"), "--send"]
    started = time.monotonic()
    done = subprocess.run(_with_resolver(resolv, argv), cwd=project, capture_output=True, text=True,
                          env=cli_env(NOTICEGEN_WEBHOOK_TIMEOUT=seconds), timeout=90)
    if "mount" in done.stderr and "permission denied" in done.stderr.lower():
        pytest.skip(f"cannot mount in a namespace here: {done.stderr.strip()}")
    return done, time.monotonic() - started


def _with_resolver(resolv_conf, argv):
    """argv run with `resolv_conf` as /etc/resolv.conf, in a mount namespace
    of its own (this machine's resolver is left alone)."""
    return ["unshare", "-m", "sh", "-c", f'mount --bind "{resolv_conf}" /etc/resolv.conf && exec "$@"', "sh", *argv]


def test_a_silent_dns_server_does_not_hold_notify_past_the_webhook_deadline(significant, smtp, tmp_path):
    """The lookup of the webhook's host had no deadline of its own: a
    resolver that never answers held `notify --send` for resolv.conf's
    timeout (here 20 s) whatever NOTICEGEN_WEBHOOK_TIMEOUT said."""
    resolv, server, queries = _resolver(tmp_path)
    line = _set_webhook(significant, "https://hooks.silent.example/hook/T0SECRET")
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    try:
        done, took = _notify_with_resolver(significant, resolv, "2")
    finally:
        server.close()
    assert queries, "the lookup never reached the test's DNS server"
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"sites.yml:{line}: looking up the webhook's host hooks.silent.example took longer than 2 s" \
        in done.stderr, done.stderr
    assert "nothing was sent" in done.stderr and "NOTICEGEN_WEBHOOK_TIMEOUT" in done.stderr
    assert "Traceback" not in done.stderr and "SECRET" not in done.stderr
    assert took < 12, f"notify took {took:.1f} s with a 2 s webhook deadline"
    assert smtp.messages == [] and ledger(significant) == []


def test_the_lookup_spends_the_webhook_deadline_it_is_part_of(significant, smtp, tmp_path):
    """One deadline for the whole delivery: a lookup that took 1.2 s of a
    2 s deadline leaves 0.8 s for the request, not 2 s more. The hook
    answers after 1.2 s: too late, so it is in doubt, not sent."""
    received = []

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(1.2)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    resolv, dns, queries = _resolver(tmp_path, answer_after=1.2)
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    _set_webhook(significant, f'{{url: "http://hooks.slow.test:{hook.server_port}/hook", '
                              'allow_private_address: true}')
    git(significant, "commit", "-qam", "Webhook")
    assert run("build", cwd=significant).code == 0
    try:
        done, took = _notify_with_resolver(significant, resolv, "2")
    finally:
        dns.close()
        hook.shutdown()
    assert queries and len(received) == 1, done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"in doubt webhook http://hooks.slow.test:{hook.server_port}/…" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and took < 12
    assert [r["status"] for r in ledger(significant) if r["recipient"].startswith("webhook")] == ["sending"]
    assert len(smtp.messages) == 2


class _Hook(http.server.BaseHTTPRequestHandler):
    """A webhook on loopback that records each payload it is posted."""
    received: list = []

    def do_POST(self):
        self.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def _secret_hook(project):
    """A loopback webhook with a secret in its path and query, committed and built: (server, url, received)."""
    class Hook(_Hook):
        received = []
    server = _webhook_built(project, Hook, "/privacy/T0SECRET?token=XSECRET")
    return server, f"http://127.0.0.1:{server.server_port}/privacy/T0SECRET?token=XSECRET", Hook.received


def test_the_ledger_names_a_webhook_without_its_secret(significant, smtp):
    """The ledger's key was `webhook:` + the whole URL: the hook's token
    sat in .noticegen/notify-ledger.jsonl, a file CI keeps and shares."""
    server, url, received = _secret_hook(significant)
    try:
        first, again = notify(significant, "--send"), notify(significant, "--send")
    finally:
        server.shutdown()
    assert first.code == 0 and again.code == 0, first.out + first.err + again.out + again.err
    assert len(received) == 1 and "already sent before 3" in again.out
    text = (significant / ".noticegen" / "notify-ledger.jsonl").read_text()
    assert "SECRET" not in text and "SECRET" not in first.out + first.err + again.out + again.err
    hooks = [r for r in ledger(significant) if r["recipient"].startswith("webhook")]
    assert [r["status"] for r in hooks] == ["sending", "sent"]
    assert hooks[0]["webhook"] == f"http://127.0.0.1:{server.server_port}/…"


@pytest.mark.parametrize("status, outcome", [("sent", "already sent before 3"), ("sending", "in doubt webhook")])
def test_an_older_ledger_naming_the_whole_url_is_still_read(significant, smtp, status, outcome):
    """A ledger written before the change names the hook by its URL: a
    rerun must neither post it again nor print the secret."""
    server, url, received = _secret_hook(significant)
    path = significant / ".noticegen" / "notify-ledger.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    old = [{"site": SITE, "version": "6", "recipient": address, "status": "sent", "detail": ""}
           for address in ("ada@example.com", "bob@example.com")]
    old.append({"site": SITE, "version": "6", "recipient": f"webhook:{url}", "status": status, "detail": ""})
    path.write_text("".join(json.dumps(record) + "\n" for record in old))
    try:
        result = notify(significant, "--send")
    finally:
        server.shutdown()
    output = result.out + result.err
    assert received == [] and smtp.messages == [], output
    assert outcome in output and result.code == (0 if status == "sent" else 1), output
    assert "SECRET" not in output and "Traceback" not in output
    assert "notify-ledger.jsonl:3: 1 record(s) written by an older noticegen hold a webhook's whole URL" in output


def test_a_damaged_record_is_quoted_without_the_webhooks_secret(significant, smtp):
    path = significant / ".noticegen" / "notify-ledger.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"recipient": "webhook:https://hooks.example.com/T0SECRET", "site": "www.compucom.com", '
                    '"version": "6", "status": "sent\n{"site": "", "version": "", "recipient": "x@example.com", '
                    '"status": "sent"}\n')
    before = path.read_bytes()
    result = notify(significant, "--send")
    assert result.code == 1 and "notify-ledger.jsonl:1: damaged ledger record" in result.err, result.err
    assert "https://hooks.example.com/…" in result.err and "SECRET" not in result.err
    assert path.read_bytes() == before and smtp.messages == []


def test_two_sends_at_once_post_the_webhook_once_and_each_email_once(significant, smtp):
    """After the ledger's new key: two `notify --send` at the same moment
    (processes of their own) take turns on the ledger."""
    people = [f"person{n}@example.com" for n in range(12)]
    (significant / "people.csv").write_text("email\n" + "\n".join(people) + "\n")
    server, url, received = _secret_hook(significant)
    argv = [sys.executable, "-m", "generator.cli", "notify", "--version", "6", "--site", SITE,
            "--recipients", str(significant / "people.csv"), "--send"]
    try:
        for number in range(3):
            before, posts = len(smtp.messages), len(received)
            ledger_file = significant / f"ledger-{number}.jsonl"
            runs = [subprocess.Popen([*argv, "--ledger", str(ledger_file)], cwd=significant, env=cli_env(),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
            results = [(process.wait(120), *process.communicate()) for process in runs]
            assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
            emailed = sorted(rcpt for rcpts, _ in smtp.messages[before:] for rcpt in rcpts)
            assert emailed == sorted(people), f"round {number}: {len(emailed)} emails for {len(people)} people"
            assert len(received) - posts == 1, f"round {number}: the webhook was posted {len(received) - posts} times"
            assert sorted(out.split(",")[0] for _, out, _ in results) == ["sent 0", "sent 13"]
            assert "SECRET" not in ledger_file.read_text()
    finally:
        server.shutdown()


def _words(size: int) -> str:
    """Plain paragraphs of about `size` bytes (no corpus text)."""
    paragraph = " ".join(f"word{n % 97}" for n in range(120)) + ".\n\n"
    return paragraph * (size // len(paragraph) + 1)


def test_a_section_over_the_size_limit_is_refused_unread(project):
    """A 5 MB section had no limit: a build took 53 s and 555 MB."""
    from test_bad_input import assert_clear_failure

    section = project / "notices" / "070-sharing.md"
    section.write_text(section.read_text() + _words(5 * 1024 * 1024))
    started = time.monotonic()
    result = run("check", cwd=project)
    took = time.monotonic() - started
    assert_clear_failure(result, (1,), "notices/070-sharing.md:1: is 5.0 MB, over the 256 KB limit for one file "
                                       "of the notice")
    assert "split it into smaller sections" in result.out + result.err
    assert "NOTICEGEN_MAX_FILE_KB=5" in result.out + result.err
    assert [line for line in (result.out + result.err).splitlines() if line.startswith("notices/")] and \
        len([line for line in (result.out + result.err).splitlines() if ":1: " in line]) == 1
    assert took < 10, f"check took {took:.1f} s to refuse it"
    built = run("build", cwd=project)
    assert built.code == 1 and "070-sharing.md:1: is 5.0 MB" in built.out + built.err
    assert not (project / "site").exists()


def test_the_size_limit_is_a_setting(project, monkeypatch):
    section = project / "notices" / "070-sharing.md"
    section.write_text(section.read_text() + _words(300 * 1024))
    result = run("check", cwd=project)
    assert result.code == 1 and "KB, over the 256 KB limit" in result.out + result.err, result.out
    monkeypatch.setenv("NOTICEGEN_MAX_FILE_KB", "400")
    result = run("check", cwd=project)
    assert result.code == 0, result.out + result.err
    for bad in ("abc", "0", "-5", "1.5"):
        monkeypatch.setenv("NOTICEGEN_MAX_FILE_KB", bad)
        result = run("check", cwd=project)
        assert result.code == 2 and "NOTICEGEN_MAX_FILE_KB=" in result.err and "Traceback" not in result.err, \
            result.out + result.err


def test_yaml_and_templates_over_the_size_limit_are_refused(project):
    """sites.yml, a notification template, mkdocs.yml and a theme template:
    each named with its size; a theme's stylesheet is an asset, not held to it."""
    big = "# " + "x" * 78 + "\n"
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text() + big * 4000)
    (project / "notices" / "notifications").mkdir()
    (project / "notices" / "notifications" / "email.txt").write_text("Hello {{ site.name }}\n" + big * 4000)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + big * 4000)
    (project / "theme" / "main.html").write_text((project / "theme" / "main.html").read_text() + "{#" + big * 4000 + "#}")
    (project / "theme" / "big.css").write_text("/* */\n" + big * 4000)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and "Traceback" not in output
    for name in ("notices/sites.yml", "notices/notifications/email.txt", "mkdocs.yml", "theme/main.html"):
        assert re.search(rf"^{re.escape(name)}:1: is 31[0-9] KB, over the 256 KB limit", output, re.M), (name, output)
    assert "big.css" not in output
    assert "shorten it" in output


def _append(project, body: str) -> int:
    """`body` as a new paragraph at the end of a section; the file line of its first line."""
    section = project / "notices" / "030-collection.md"
    original = section.read_text()
    section.write_text(original.rstrip("\n") + "\n\n" + body + "\n")
    return original.rstrip("\n").count("\n") + 3


def _site_html(markdown_text: str) -> str:
    from generator.markdown_chunks import ChunkedMarkdown
    from test_hostile_markup import SITE_EXTENSIONS

    return ChunkedMarkdown(SITE_EXTENSIONS).convert(("## Section { #section }", markdown_text)).html


def test_a_code_span_across_a_line_break_is_code_to_check(project):
    """Markdown reads `<b>` then bold</b>` on the next line as one code
    span; check read each line alone and refused raw HTML on both."""
    body = "Write `<b>important\nterms</b>` to make words bold in the source."
    assert "<code>&lt;b&gt;important\nterms&lt;/b&gt;</code>" in _site_html(body)
    _append(project, body)
    result = run("check", cwd=project)
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize("body, line, said", [
    # A span closed on the next line: the rest of that line is prose, with a handler in it.
    ("See `the a\nb` <b onclick=alert(1)>bold</b> and `c`.", 1, "an event-handler attribute (onclick=)"),
    ("See `the a\nb` [here](javascript:alert(1)) and `c`.", 1, "a javascript: link is not allowed"),
    ("See `the a\nb` {: onclick=x } and `c`.", 1, "an attribute list"),
    # The site's Markdown has no fenced blocks: a blank line ends the ``` span, and what follows is live.
    ("```\ncode\n\n<b onclick=alert(1)>bold</b>\n```", 3, "an event-handler attribute (onclick=)"),
])
def test_what_markdown_shows_outside_a_multi_line_span_is_checked(project, body, line, said):
    first = _append(project, body)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"notices/030-collection.md:{first + line}: " in output and said in output, output
    assert "Traceback" not in output


def test_a_link_after_a_multi_line_span_is_checked(project):
    first = _append(project, "See `the a\nb` [the rules](#no-such-anchor) and `c`.")
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"notices/030-collection.md:{first + 1}: " in output, output
    assert "no-such-anchor" in output


def test_masked_lines_pair_backticks_as_markdown_does():
    """Against Python-Markdown itself: what each line shows outside code."""
    import html
    import random as chance

    from generator.code_spans import masked_lines

    pieces = ["`", "``", "```", "a", "b c", "\\`", "\\\\`", " ", "\n", "\n", "\n\n", "\n- ", "\n1. ", "\n> ",
              "\n### h ", "\n---\n", "*", "x`y"]
    rng, wrong = chance.Random(19), []
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 12)))
        page = re.sub(r"<pre><code>.*?</code></pre>", "", __import__("markdown").markdown(
            text, extensions=["toc", "attr_list", "sane_lists"]), flags=re.S)
        code = "".join(html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", page, re.S))
        hidden = "".join(c for line, shown in zip(text.split("\n"), masked_lines(text))
                         for c, d in zip(line, shown) if c != d)
        if sorted(c for c in hidden if c.isalnum()) != sorted(c for c in code if c.isalnum()):
            wrong.append(text)
    assert len(wrong) <= 3, wrong[:5]  # a quote inside a list item's lazy line, at most


def test_a_base_branch_with_a_pipe_is_shown_not_refused(project):
    """git allows `|` in a branch name; the report put it in a code span,
    which inert_markdown refuses (a table row would split it), so the
    comment run refused the whole report."""
    from generator.inert_markdown import first_active
    from test_history import edit

    git(project, "branch", "legal|review")
    edit(project, "070-sharing.md", "CompuCom will not sell, rent or lease your personal information",
         "CompuCom may sell, rent or lease your personal information")
    git(project, "commit", "-qam", "Sharing")
    result = run("review", "legal|review", "HEAD", "--output", "report.md", cwd=project)
    assert result.code in (0, 3, 4) and "Traceback" not in result.err, result.out + result.err
    report = (project / "report.md").read_text()
    assert first_active(report) is None, first_active(report)
    assert "**BASE** `legal`\\|`review` (" in report, report[:400]


def test_a_heading_between_fence_lines_is_a_heading_to_check(project):
    """check let `## x` between ``` lines pass as fenced code; the site's
    Markdown has no fenced blocks and made it a ## heading in the section."""
    body = "```\n## Not meant as a heading\n```"
    assert "<h2" in __import__("markdown").markdown(body, extensions=["toc", "attr_list", "sane_lists"])
    first = _append(project, body)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"notices/030-collection.md:{first + 1}: a section cannot contain # or ## " \
        "headings" in output, output


def test_a_version_committed_over_the_limit_does_not_stop_later_checks(project, monkeypatch):
    """The limit is for what is written next: a version committed before
    it (or under a raised limit), which no commit can change, stays
    readable; the commit itself is still refused where it is the new input."""
    from test_history import release

    section = project / "notices" / "070-sharing.md"
    original = section.read_text()
    section.write_text(original + _words(260 * 1024))
    release(project, "6", "2030-01-01", "A long sharing section.")
    section.write_text(original)
    release(project, "7", "2030-02-01", "The sharing section as it was.", date="2026-03-01T12:00:00+00:00")
    result = run("check", cwd=project)
    assert result.code == 0, result.out + result.err
    review = run("review", "HEAD~2", "HEAD~1", cwd=project)
    assert review.code == 1 and "is 26" in review.err and "as committed in" in review.err, review.out + review.err
