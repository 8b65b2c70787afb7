"""`noticegen comment`: the review report as one comment on a pull request,
updated in place on every push instead of one more comment each time.

The comment starts with a hidden marker (an HTML comment GitHub does not
show). The one updated is the first that starts with the marker and was
written by the workflow's own account: a marker someone else pastes is
never edited, and cannot hide the report. GitHub's REST API only, through
urllib (no `gh`, no client library); redirects are refused, so the token
goes to the address given and nowhere else, and an API on this machine is
called directly, never through $http_proxy.

Given the commit the report was made for (`head_sha`, from the event of the
run that made it), the pull request's head must be that commit: a report
handed over by another run (a review artefact, see `review_artifact`)
names its pull request itself, and this is what keeps it to its own.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import CommentError

MARKER = "<!-- noticegen-review -->"
WORKFLOW_ACCOUNT = "github-actions[bot]"  # who GITHUB_TOKEN comments as
LIMIT = 65536  # GitHub refuses a longer comment body (characters)
PAGE = 100  # comments per listing page, GitHub's largest
MAX_PAGES = 100  # 10,000 comments: past that, a new comment rather than an endless walk
TOTAL = 120  # seconds for one run in all: each call has its own limit, and 100 pages of 30 s would be 50 min
SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # a commit id as the event gives it (SHA-1, or SHA-256)
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
API_HOST = re.compile(r"([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?")
API_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")
MAX_ANSWER = 64 * 2**20  # a page of 100 comments of 65,536 characters is 26 MiB at most in UTF-8
TOKEN = re.compile(r"[!-~]+")  # what a token is made of: visible ASCII, no space nor line break
CUT = "\n\n*(The report is cut here: GitHub takes no longer comment. The whole report is in the job summary.)*\n"


def comment_body(report: str) -> str:
    """The marker, then the report, cut to GitHub's limit with a line saying so. The cut falls
    between lines: cut inside one, a code span (```math x```) lost its end and opened a fence, which
    GitHub shows as math, a map or a diagram, the line saying so inside it."""
    body = f"{MARKER}\n{report}"
    if len(body) <= LIMIT:
        return body
    kept = body[:LIMIT - len(CUT)]
    return kept[:kept.rfind("\n") + 1 or len(kept)].rstrip("\n") + CUT


def post_report(report: str, pull_request: int, environ=os.environ, author: str = WORKFLOW_ACCOUNT,
                timeout: float = 30, total: float = TOTAL, head_sha: str | None = None) -> tuple[str, str]:
    """Create or update the review comment: ("created" or "updated", its address).
    `timeout` bounds each call, `total` all of them together."""
    api = GitHubApi.from_environment(environ, timeout, total)
    if head_sha is not None:
        _require_head(api, pull_request, head_sha)
    issue = f"/repos/{api.repository}/issues/{pull_request}"
    body = {"body": comment_body(report)}
    found = _first_ours(api, issue, pull_request, author)
    if found is not None:
        return "updated", _address(api.call("PATCH", f"/repos/{api.repository}/issues/comments/{found}", body))
    created = api.call("POST", f"{issue}/comments", body)
    # Two runs at once (two pushes, no concurrency group) both found none and both created one. The
    # later sees the earlier now and takes its own back, so one comment stays, with the last report
    # written; it deletes only the comment it has just made.
    mine = created.get("id") if isinstance(created, dict) else None
    first = _first_ours(api, issue, pull_request, author) if isinstance(mine, int) else None
    if first is not None and first != mine:
        api.call("DELETE", f"/repos/{api.repository}/issues/comments/{mine}")
        return "updated", _address(api.call("PATCH", f"/repos/{api.repository}/issues/comments/{first}", body))
    return "created", _address(created)


def _require_head(api: "GitHubApi", pull_request: int, head_sha: str) -> None:
    """The pull request's head is the commit the report was made for: else the report is another pull
    request's (a forged number), or an older push's, whose newer run comments in its turn."""
    if not SHA.fullmatch(head_sha.lower()):
        raise CommentError(f"{head_sha[:80]!r} is not a commit id (40 hex digits: in a workflow, "
                           "${{ github.event.workflow_run.head_sha }}); nothing was posted")
    found = api.call("GET", f"/repos/{api.repository}/pulls/{pull_request}")
    head = found.get("head") if isinstance(found, dict) else None
    sha = head.get("sha") if isinstance(head, dict) else None
    if not isinstance(sha, str) or not SHA.fullmatch(sha):
        raise CommentError(f"GitHub answered pull request {pull_request} with no head commit; nothing was posted")
    if sha != head_sha.lower():
        if _among_commits(api, pull_request, head_sha.lower()):
            raise StaleReport(f"not posted: this report is for {head_sha[:12].lower()}, an older push of pull "
                              f"request {pull_request}, whose head is now {sha[:12]}; the run for that push posts "
                              "its own review (nothing to do)")
        raise CommentError(f"pull request {pull_request}'s head is {sha[:12]}, not {head_sha[:12]}, the commit the "
                           "report was made for, nor any commit of it: it is another pull request's report, or an "
                           "older push's that a force-push replaced (the newer push's run comments); nothing was "
                           "posted")


class StaleReport(Exception):
    """A report of an older push of its own pull request: nothing to post, and nothing wrong (the newer
    push's run posts its review). Said in one line; the job does not fail for it."""


COMMIT_PAGES = 3  # GitHub lists 250 commits of a pull request at most


def _among_commits(api: "GitHubApi", pull_request: int, head_sha: str) -> bool:
    """Whether `head_sha` is one of the pull request's commits: a push it has had since, not a report
    naming another pull request (whose commits it is not among). Unsure (no list) is no."""
    for page in range(1, COMMIT_PAGES + 1):
        try:
            commits = api.call("GET", f"/repos/{api.repository}/pulls/{pull_request}/commits?per_page={PAGE}"
                                      f"&page={page}")
        except CommentError:
            return False
        if not isinstance(commits, list):
            return False
        if any(isinstance(c, dict) and c.get("sha") == head_sha for c in commits):
            return True
        if len(commits) < PAGE:
            break
    return False


def _first_ours(api: "GitHubApi", issue: str, pull_request: int, author: str) -> int | None:
    """The id of the oldest comment of ours on the pull request, if any."""
    for page in range(1, MAX_PAGES + 1):
        comments = api.call("GET", f"{issue}/comments?per_page={PAGE}&page={page}")
        if not isinstance(comments, list):
            raise CommentError(f"GitHub answered the comment list of pull request {pull_request} with no list")
        for comment in comments:
            if _ours(comment, author):
                return int(comment["id"])
        if len(comments) < PAGE:
            break
    return None


def _ours(comment, author: str) -> bool:
    return (isinstance(comment, dict) and isinstance(comment.get("body"), str)
            and comment["body"].startswith(MARKER) and isinstance(comment.get("id"), int)
            and isinstance(comment.get("user"), dict) and comment["user"].get("login") == author)


def _address(comment) -> str:
    return comment.get("html_url", "") if isinstance(comment, dict) else ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the token goes to the API address given, never where a redirect points


class GitHubApi:
    def __init__(self, base: str, repository: str, token: str, timeout: float, total: float = TOTAL):
        self.base, self.repository, self.token, self.timeout = base.rstrip("/"), repository, token, timeout
        self.total, self.deadline = total, time.monotonic() + total
        # $http_proxy would see the token of an http:// API on this machine in the clear, and a proxy
        # cannot reach this machine's loopback anyway: such an API is called directly, whatever
        # $no_proxy says (urllib's reading of it never matches [::1]). Others follow urllib's reading
        # of the proxy variables, $no_proxy included; an https:// API is tunnelled, the token unseen.
        self.direct = _loopback(urllib.parse.urlsplit(self.base).hostname or "")

    @classmethod
    def from_environment(cls, environ, timeout: float, total: float = TOTAL) -> "GitHubApi":
        """What Actions gives every step: GITHUB_API_URL and GITHUB_REPOSITORY;
        the token as the workflow passes it, GH_TOKEN (or GITHUB_TOKEN)."""
        base = environ.get("GITHUB_API_URL") or "https://api.github.com"
        repository = environ.get("GITHUB_REPOSITORY", "")
        token = environ.get("GH_TOKEN") or environ.get("GITHUB_TOKEN") or ""
        if not REPOSITORY.fullmatch(repository):
            raise CommentError(f"GITHUB_REPOSITORY={repository!r} is not owner/name: run this in GitHub Actions, "
                               "or set it to the repository of the pull request")
        if not token:
            raise CommentError("no token to comment with: set GH_TOKEN to ${{ github.token }} in the step's env:")
        if not TOKEN.fullmatch(token):  # else http.client's refusal would quote the whole header, token and all
            raise CommentError("the token holds a space, a line break or a character outside ASCII, which no "
                               "token has (it is not shown here): set GH_TOKEN to the token alone")
        parts = urllib.parse.urlsplit(base)
        if not (API_HOST.fullmatch(parts.netloc) and API_PATH.fullmatch(parts.path)) or base != parts.geturl() \
                or "?" in base or "#" in base:
            # a user:password@ would be quoted in urllib's errors, and a backslash or an @ read one way here and
            # another by urllib would send the token elsewhere: the address is not shown either
            raise CommentError("GITHUB_API_URL is not a plain address such as https://api.github.com or "
                               "https://HOST/api/v3 (a host, a port and a path only: no user, password, "
                               "query or fragment)")
        if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname or "")):
            raise CommentError(f"GITHUB_API_URL={base!r} must be an https:// address (http:// only on this "
                               "machine): the token would travel in the clear")
        return cls(base, repository, token, timeout, total)

    def call(self, method: str, path: str, data: dict | None = None):
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(data).encode() if data is not None else None,
            headers={"Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "noticegen",
                     "Content-Type": "application/json"})
        where = f"{method} {path.split('?')[0]}"
        # The socket timeout bounds each read, not the answer: a server sending a byte a second would
        # hold the job for hours. The call runs aside and is given up after `timeout` seconds in all,
        # or sooner when the run's `total` ends first (a listing of many slow pages).
        maybe = "" if method == "GET" else "; it may have been made: run again, which updates it"
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise CommentError(f"no time left for {where} in the {self.total:g} s noticegen comment takes in all{maybe}")
        wait = min(self.timeout, left)
        outcome: dict = {}
        worker = threading.Thread(target=self._ask, args=(request, outcome, wait), daemon=True)
        worker.start()
        worker.join(wait)
        if worker.is_alive():
            if wait < self.timeout:
                raise CommentError(f"no answer from GitHub to {where} before the end of the {self.total:g} s "
                                   f"noticegen comment takes in all{maybe}")
            raise CommentError(f"no answer from GitHub to {where} within {self.timeout:g} s{maybe}")
        exc = outcome.get("error")
        if isinstance(exc, urllib.error.HTTPError):
            hint = (": the token may not comment (a pull request from a fork gets a read-only token; the job "
                    "needs permissions: pull-requests: write)") if exc.code in (401, 403, 404) else ""
            raise CommentError(f"GitHub answered {exc.code} {exc.reason} to {where}{hint}")
        if isinstance(exc, (OSError, ValueError, http.client.HTTPException)):
            raise CommentError(f"no answer from GitHub to {where} ({exc or type(exc).__name__})")
        if exc is not None:
            raise exc
        if len(outcome["data"]) > MAX_ANSWER:
            raise CommentError(f"GitHub's answer to {where} is longer than {MAX_ANSWER // 2**20} MiB: not read")
        try:
            return json.loads(outcome["data"] or b"null")
        except ValueError:
            raise CommentError(f"GitHub answered {where} with something that is not JSON") from None

    def _ask(self, request, outcome: dict, wait: float) -> None:
        handlers = [_NoRedirects] + ([urllib.request.ProxyHandler({})] if self.direct else [])
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=wait) as response:
                outcome["data"] = response.read(MAX_ANSWER + 1)  # past the limit: refused, never all in memory
        except Exception as exc:  # handed to the caller's thread, which says it
            outcome["error"] = exc


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
