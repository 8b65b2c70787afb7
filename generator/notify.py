"""`noticegen notify`: tell people about a significant change, once.

Dry run by default: it renders every message and prints what it would send.
With --send it delivers email over SMTP (NOTICEGEN_SMTP_URL, smtp:// or
smtps://, STARTTLS when the server offers it; the password in the URL or in
NOTICEGEN_SMTP_PASSWORD, never on the command line) and posts the webhook
payload to the site's `webhook:`.

SMTP cannot make a send idempotent, so a ledger (JSON lines) records the
intent *before* each send and the outcome after it. A rerun skips whoever was
sent to; a recipient left "sending" (the run died mid-send) is in doubt and
is reported, not sent again, unless --resend-in-doubt says so.
"""
from __future__ import annotations

import csv
import email.policy
import json
import os
import re
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import notifications
from .build import current_fingerprints
from .check import Checked
from .errors import NotifyError
from .history import site_history
from .manifest import read as read_manifest
from .project import Project
from .significance import assess_versions
from .sites import Site

SMTP_URL = "NOTICEGEN_SMTP_URL"
SMTP_PASSWORD = "NOTICEGEN_SMTP_PASSWORD"
MAIL_FROM = "NOTICEGEN_MAIL_FROM"
# Fold only past 998 characters (RFC 5322): Python folds a long subject with a
# ":" in it right after "Subject:", which mail clients show as a leading space.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)
EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


@dataclass(frozen=True)
class Outcome:
    sent: list[str]
    skipped: list[str]  # sent by an earlier run
    refused: list[tuple[str, str]]
    in_doubt: list[str]

    @property
    def ok(self) -> bool:
        return not self.refused and not self.in_doubt


def prepare(project: Project, checked: Checked, site: Site, version: str, recipients_file: Path,
            site_dir: Path | None = None) -> tuple[list[tuple[str, EmailMessage]], str, dict]:
    """Every message and the webhook payload, rendered before anything is sent."""
    entries = site_history(checked.history, site)
    numbers = [e.version.version for e in entries]
    if version not in numbers:
        raise NotifyError(f"{site.domain} has no version {version} (versions: {', '.join(numbers)})")
    index = numbers.index(version)
    assessment = assess_versions(entries, checked.vocabulary, {})[version]
    if index == 0 or not assessment.significant:
        raise NotifyError(f"version {version} is not a significant change on {site.domain}: nothing to notify")
    _require_built(project, checked, site_dir)
    env = notifications.environment(project.notices, site)
    messages = []
    sender = os.environ.get(MAIL_FROM) or checked.notice.meta.controller.email
    for recipient in read_recipients(recipients_file):
        values = notifications.context(site, entries[index], entries[index - 1], assessment, recipient=recipient)
        subject = notifications.render(env, "email_subject.txt", values).strip()
        message = EmailMessage(policy=MAIL_POLICY)
        try:  # the email package refuses CR/LF in header values
            message["Subject"] = subject
            message["From"] = formataddr((checked.notice.meta.controller.name, sender))
            message["To"] = recipient["email"]
        except ValueError as exc:
            raise NotifyError(f"refused a header for {recipient['email']!r}: {exc}") from None
        message["Message-ID"] = make_msgid(domain=site.domain)
        message.set_content(notifications.render(env, "email.txt", values))
        message.add_alternative(notifications.render(env, "email.html", values), subtype="html")
        messages.append((recipient["email"], message))
    payload = notifications.render(env, "webhook.json",
                                   notifications.context(site, entries[index], entries[index - 1], assessment))
    return messages, payload, {"site": site.domain, "version": version}


def read_recipients(path: Path) -> list[dict]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise NotifyError(f"{path}: cannot read the recipients ({exc})") from None
    if not rows or "email" not in rows[0]:
        raise NotifyError(f"{path}: needs a header line with an `email` column")
    seen, result = set(), []
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip()
        if "\r" in email or "\n" in email or not EMAIL.match(email):
            raise NotifyError(f"{path}:{line}: {email!r} is not an email address")
        if email.lower() not in seen:
            seen.add(email.lower())
            result.append({**{k: (v or "").strip() for k, v in row.items() if k}, "email": email})
    return result


def _require_built(project: Project, checked: Checked, site_dir: Path | None) -> None:
    """Every site must have been built from this notice first."""
    out = site_dir or project.site_dir
    built = read_manifest(out)["sites"]
    current = current_fingerprints(project, checked, out)
    stale = [s.domain for s in checked.sites if built.get(s.domain, {}).get("input") != current.get(s.domain)]
    if stale:
        raise NotifyError(f"not every site is built from this notice ({', '.join(stale)}): "
                          "run `noticegen build` first, so nobody is told about pages that do not exist yet")


class Ledger:
    """Append-only JSON lines: intent before a send, outcome after it."""

    def __init__(self, path: Path):
        self.path = path
        self.state: dict[tuple, str] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    self.state[(record["site"], record["version"], record["recipient"])] = record["status"]

    def status(self, key: tuple) -> str | None:
        return self.state.get(key)

    def record(self, key: tuple, status: str, detail: str = "") -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        site, version, recipient = key
        line = json.dumps({"site": site, "version": version, "recipient": recipient, "status": status,
                           "detail": detail}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the send starts
        self.state[key] = status


def send(messages, payload: str, key: dict, site: Site, ledger: Ledger, resend_in_doubt: bool = False) -> Outcome:
    sent, skipped, refused, in_doubt, pending = [], [], [], [], []
    for recipient, message in messages:
        status = ledger.status((key["site"], key["version"], recipient))
        if status == "sent":
            skipped.append(recipient)
        elif status == "sending" and not resend_in_doubt:
            in_doubt.append(recipient)
        else:
            pending.append((recipient, message))
    if pending:
        _send_email(pending, key, ledger, sent, refused, in_doubt)
    if site.webhook:
        _post_webhook(site.webhook, payload, key, ledger, sent, skipped, refused, in_doubt, resend_in_doubt)
    return Outcome(sent, skipped, refused, in_doubt)


def _smtp() -> tuple[smtplib.SMTP, str, str]:
    url = os.environ.get(SMTP_URL)
    if not url:
        raise NotifyError(f"set {SMTP_URL} (smtp://host:port or smtps://user@host:port) to send")
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise NotifyError(f"{SMTP_URL} must be smtp://host[:port] or smtps://host[:port]")
    password = unquote(parts.password) if parts.password else os.environ.get(SMTP_PASSWORD, "")
    try:
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=30,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=30)
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), password)
    except (OSError, smtplib.SMTPException) as exc:
        raise NotifyError(f"cannot reach the SMTP server {parts.hostname}:{parts.port or ''}: {exc}; "
                          "nothing was sent") from None
    return client, parts.hostname, parts.username or ""


def _send_email(pending, key, ledger: Ledger, sent, refused, in_doubt) -> None:
    client, _, _ = _smtp()
    try:
        for recipient, message in pending:
            ledger_key = (key["site"], key["version"], recipient)
            ledger.record(ledger_key, "sending")
            try:
                client.send_message(message, to_addrs=[recipient])
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = next(iter(exc.recipients.values()))
                detail = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
                ledger.record(ledger_key, "refused", detail)
                refused.append((recipient, detail))
                continue
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                in_doubt.append(recipient)  # the transmission may have reached the server
                raise NotifyError(f"the connection failed while sending to {recipient} ({exc}); it stays "
                                  "in doubt in the ledger, and nobody after it was sent to") from None
            except smtplib.SMTPException as exc:
                ledger.record(ledger_key, "refused", str(exc))
                refused.append((recipient, str(exc)))
                continue
            ledger.record(ledger_key, "sent")
            sent.append(recipient)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            pass


def _post_webhook(url, payload, key, ledger, sent, skipped, refused, in_doubt, resend_in_doubt) -> None:
    ledger_key = (key["site"], key["version"], f"webhook:{url}")
    status = ledger.status(ledger_key)
    if status == "sent":
        skipped.append(ledger_key[2])
        return
    if status == "sending" and not resend_in_doubt:
        in_doubt.append(ledger_key[2])
        return
    ledger.record(ledger_key, "sending")
    request = urllib.request.Request(url, data=payload.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            ok = 200 <= response.status < 300
            detail = str(response.status)
    except OSError as exc:
        ok, detail = False, str(exc)
    ledger.record(ledger_key, "sent" if ok else "refused", detail)
    (sent.append(ledger_key[2]) if ok else refused.append((ledger_key[2], detail)))
