"""`noticegen comment`: the review report as one comment on a pull request,
updated in place on every push instead of one more comment each time.

The comment starts with a hidden marker (an HTML comment GitHub does not
show). The one updated is the first that starts with the marker and was
written by the workflow's own account: a marker someone else pastes is
never edited, and cannot hide the report. GitHub's REST API only, through
urllib (no `gh`, no client library); redirects are refused, so the token
goes to the address given and nowhere else.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from .errors import CommentError

MARKER = "<!-- noticegen-review -->"
WORKFLOW_ACCOUNT = "github-actions[bot]"  # who GITHUB_TOKEN comments as
LIMIT = 65536  # GitHub refuses a longer comment body (characters)
PAGE = 100  # comments per listing page, GitHub's largest
MAX_PAGES = 100  # 10,000 comments: past that, a new comment rather than an endless walk
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
API_HOST = re.compile(r"([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?")
API_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")
MAX_ANSWER = 64 * 2**20  # a page of 100 comments of 65,536 characters is 26 MiB at most in UTF-8
TOKEN = re.compile(r"[!-~]+")  # what a token is made of: visible ASCII, no space nor line break
CUT = "\n\n*(The report is cut here: GitHub takes no longer comment. The whole report is in the job summary.)*\n"


def comment_body(report: str) -> str:
    """The marker, then the report, cut to GitHub's limit with a line saying so."""
    body = f"{MARKER}\n{report}"
    if len(body) <= LIMIT:
        return body
    return body[:LIMIT - len(CUT)] + CUT


def post_report(report: str, pull_request: int, environ=os.environ, author: str = WORKFLOW_ACCOUNT,
                timeout: float = 30) -> tuple[str, str]:
    """Create or update the review comment: ("created" or "updated", its address)."""
    api = GitHubApi.from_environment(environ, timeout)
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
    def __init__(self, base: str, repository: str, token: str, timeout: float):
        self.base, self.repository, self.token, self.timeout = base.rstrip("/"), repository, token, timeout

    @classmethod
    def from_environment(cls, environ, timeout: float) -> "GitHubApi":
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
        return cls(base, repository, token, timeout)

    def call(self, method: str, path: str, data: dict | None = None):
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(data).encode() if data is not None else None,
            headers={"Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "noticegen",
                     "Content-Type": "application/json"})
        where = f"{method} {path.split('?')[0]}"
        # The socket timeout bounds each read, not the answer: a server sending a byte a second would
        # hold the job for hours. The call runs aside and is given up after `timeout` seconds in all.
        outcome: dict = {}
        worker = threading.Thread(target=self._ask, args=(request, outcome), daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            maybe = "" if method == "GET" else "; it may have been made: run again, which updates it"
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

    def _ask(self, request, outcome: dict) -> None:
        try:
            with urllib.request.build_opener(_NoRedirects).open(request, timeout=self.timeout) as response:
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
