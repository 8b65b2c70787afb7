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

import contextlib
import csv
import email.policy
import hashlib
import http.client
import json
import os
import re
import smtplib
import ssl
import stat
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import meta as jinja2_meta

from . import faults, locks, notifications, webhooks
from .freshness import build_mismatch, current_fingerprints, date_mismatch
from .check import Checked
from .errors import NotifyError, StateError, TemplateError, UsageError
from .history import site_history
from .manifest import read as read_manifest
from .problems import Problem
from .project import Project
from .significance import assess_versions
from .sites import Site
from .webhooks import shown_url

SMTP_URL = "NOTICEGEN_SMTP_URL"
SMTP_PASSWORD = "NOTICEGEN_SMTP_PASSWORD"
MAIL_FROM = "NOTICEGEN_MAIL_FROM"
WEBHOOK_TIMEOUT = "NOTICEGEN_WEBHOOK_TIMEOUT"  # seconds for the whole webhook delivery, lookup included (default 30)
# Fold only past 998 characters (RFC 5322): Python folds a long subject with a
# ":" in it right after "Subject:", which mail clients show as a leading space.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)
EMAIL = re.compile(r"^[^@\s<>,;\"\x00-\x1f\x7f]+@[^@\s<>,;\"\x00-\x1f\x7f]+\.[^@\s<>,;\"\x00-\x1f\x7f]+$")
# What may not be in a header value: line breaks of any kind, other control characters.
HEADER_BREAK = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class Outcome:
    sent: list[str]
    skipped: list[str]  # sent by an earlier run
    refused: list[tuple[str, str]]
    in_doubt: list[str]

    @property
    def ok(self) -> bool:
        return not self.refused and not self.in_doubt


@dataclass(frozen=True)
class Mailing:
    """The notifications of one significant version on one site. Messages
    are rendered one at a time as they are needed, so ten thousand
    recipients cost what one does in memory."""

    site: Site
    version: str
    recipients_file: Path
    values: dict  # the template context, without the recipient
    env: object  # the site's template environment
    sender: str  # the From: header
    payload: str  # the webhook's JSON
    # Each translated language that has this version and email templates:
    # language -> (env, values). A recipient whose `language` column names
    # one gets the email in it; anyone else, the source language's.
    languages: dict = field(default_factory=dict)

    @property
    def key(self) -> dict:
        return {"site": self.site.domain, "version": self.version}

    def recipients(self):
        return read_recipients(self.recipients_file)

    def personal(self, name: str, env=None) -> bool:
        """Whether template `name` shows anything of the recipient."""
        return _uses_recipient(env or self.env, name)

    def language_of(self, recipient: dict) -> str:
        """The language `recipient` gets: theirs if this version is in it, else the source language."""
        wanted = (recipient.get("language") or "").strip().lower()
        if wanted:
            for language in self.languages:
                if wanted in (language.lower(), language.split("-")[0].lower()):
                    return language
        return self.site.language

    def _chosen(self, recipient: dict):
        return self.languages.get(self.language_of(recipient), (self.env, self.values))

    def subject(self, recipient: dict) -> str:
        env, values = self._chosen(recipient)
        return notifications.render(env, "email_subject.txt", {**values, "recipient": recipient}).strip()

    def message(self, recipient: dict) -> EmailMessage:
        env, values = self._chosen(recipient)
        values = {**values, "recipient": recipient}
        message = EmailMessage(policy=MAIL_POLICY)
        try:  # the email package refuses CR/LF in header values
            message["Subject"] = self.subject(recipient)
            message["From"] = self.sender
            message["To"] = recipient["email"]
        except ValueError as exc:
            raise NotifyError(f"refused a header for {recipient['email']!r}: {exc}") from None
        message["Message-ID"] = make_msgid(domain=self.site.domain)
        message.set_content(notifications.render(env, "email.txt", values))
        message.add_alternative(notifications.render(env, "email.html", values), subtype="html")
        return message

    def validate(self) -> int:
        """Read every recipient and render what differs between them before
        anything is sent, so a mailing never stops half way for a reason
        that was there from the start; the number of distinct recipients."""
        names = ("email_subject.txt", "email.txt", "email.html")
        personal_in = {id(env): [name for name in names if self.personal(name, env)]
                       for env in [self.env, *(env for env, _ in self.languages.values())]}
        count, seen = 0, set()
        for recipient in self.recipients():
            env, values = self._chosen(recipient)
            personal = personal_in[id(env)]
            first = id(env) not in seen
            seen.add(id(env))
            if first or "email_subject.txt" in personal:
                try:
                    subject = self.subject(recipient)
                except TemplateError as exc:
                    raise NotifyError(f"refused a header for {recipient['email']!r}: {exc.detail} (fix "
                                      "email_subject.txt, or the recipient's row)") from None
                if HEADER_BREAK.search(subject):
                    raise NotifyError(f"refused a header for {recipient['email']!r}: the subject "
                                      f"{subject!r} has a line break or control character (fix email_subject.txt, "
                                      "or the recipient's row)")
            for name in personal if not first else ("email.txt", "email.html"):
                if name != "email_subject.txt":
                    notifications.render(env, name, {**values, "recipient": recipient})
            count += 1
        return count


def prepare(project: Project, checked: Checked, site: Site, version: str, recipients_file: Path,
            site_dir: Path | None = None, today=None) -> Mailing:
    """The mailing of `version` on `site`, checked: the version is a
    significant change, every site is built, and the templates render."""
    entries = site_history(checked.history, site)
    numbers = [e.version.version for e in entries]
    if version not in numbers:
        raise UsageError(f"{site.domain} has no version {version} (versions: {', '.join(numbers)})")
    index = numbers.index(version)
    assessment = assess_versions(entries, checked.vocabulary, {})[version]
    if index == 0 or not assessment.significant:
        raise NotifyError(f"version {version} is not a significant change on {site.domain}: nothing to notify")
    if checked.history.draft_edits:
        raise NotifyError(f"notices/ has uncommitted edits ({', '.join(checked.history.draft_edits)}): nobody is "
                          "told about a draft; commit it as a new version and build it first")
    _require_built(project, checked, site_dir, today)
    env = notifications.environment(project.notices, site)
    values = notifications.context(site, entries[index], entries[index - 1], assessment)
    sender = formataddr((checked.notice.meta.controller.name,
                         os.environ.get(MAIL_FROM) or checked.notice.meta.controller.email))
    payload = notifications.render(env, "webhook.json", values)
    languages = _language_mailings(project, checked, site, version, entries, assessment) if site.translated else {}
    mailing = Mailing(site, version, recipients_file, values, env, sender, payload, languages)
    mailing.validate()
    return mailing


def _language_mailings(project: Project, checked: Checked, site: Site, version: str, entries, assessment) -> dict:
    """(env, values) of each translated language with this version and email templates in it."""
    from . import i18n
    from .history_pages import plain_lines
    from .plan import translation_archive
    from .languages import translated_versions

    archive = translation_archive(project, checked)
    found = {}
    for language in site.translated:
        folders = notifications.template_folders(project.notices, site, language)
        translation, state = checked.translations.get(language), checked.languages.get((site.domain, language))
        if not folders or archive is None:
            continue
        current = (translation, state) if translation is not None and state is not None else None
        with i18n.speaking(language):
            pairs = translated_versions(entries, site, language, archive, current, checked.notice.meta.version,
                                        checked.vocabulary)
            index = next((n for n, (_, source) in enumerate(pairs) if source.version.version == version), None)
            if index is None:
                continue  # no translation of this version: they get the source language's email
            entry = pairs[index][0]
            values = notifications.context(entry.text.site, entry, pairs[index - 1][0] if index else None, assessment)
            # The detector's line per section, in this language (it quotes the source's words).
            lines = {section: line for section, _, line in plain_lines(assessment.detected.reasons)}
        titles = {section.id: section.title for section, _ in entry.text.sections}
        values["changes"] = [{**change, "title": titles.get(change["section"], change["title"]),
                              "label": lines.get(change["section"], ""), "plain": lines.get(change["section"], "")}
                             for change in values["changes"]]
        found[language] = (notifications.environment(project.notices, site, language), values)
    return found


def _uses_recipient(env, name: str) -> bool:
    source, _, _ = env.loader.get_source(env, name)
    return "recipient" in jinja2_meta.find_undeclared_variables(env.parse(source))


# A line inside a quoted cell that starts as a row does (an address, then a separator or the end):
# the cell swallowed other rows. A note that mentions an address ("cc assistant: pa@x.com") is text.
ROW_IN_CELL = re.compile(r"\n\s*\"?[^\s@,;\"]+@[^\s@,;\"]+\.[^\s@,;\"]+\"?\s*(?:[,;\t]|\r?\n|$)")
EMAIL_COLUMNS = ("email", "e-mail", "email address", "e-mail address")


def read_recipients(path: Path):
    """The recipients in a CSV file, one at a time, each address once:
    a header line with an `email` column (any case; a spreadsheet's BOM,
    `;` or tab separators are fine), then one row per person."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise NotifyError(f"{path}: not a regular file; give a CSV file of recipients")
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise NotifyError(f"{path}: cannot read the recipients ({exc.strerror})") from None
    with handle:
        try:
            header = handle.readline(65536)
            delimiter = max((";", "\t", ","), key=header.count) if header.strip() else ","
            names = next(csv.reader([header], delimiter=delimiter), [])
            columns = [name.strip().lower() for name in names]
            column = next((n for n, name in enumerate(columns) if name in EMAIL_COLUMNS), None)
            if column is None:
                raise NotifyError(f"{path}: needs a header line with an `email` column (found: "
                                  f"{', '.join(repr(n) for n in names[:5]) or 'nothing'})")
            seen: set[str] = set()
            # strict: a quote never closed is an error at the end, not the rest of the file in one cell.
            reader, read = csv.reader(handle, delimiter=delimiter, strict=True), 1  # lines so far (the header)
            rows = iter(reader)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise NotifyError(f"{path}:{read + 1}: {_csv_problem(exc)}") from None
                # A quoted cell may hold line breaks: a row starts after the lines read before it.
                line, read = read + 1, 1 + reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if any("\n" in cell and ROW_IN_CELL.search(cell) for cell in row):
                    raise NotifyError(f"{path}:{line}: a quoted cell of this row runs over {read - line + 1} lines "
                                      "that hold email addresses: a quote is not closed where it should be, so "
                                      "those people would not be written to (close it, or remove it)")
                email = row[column].strip() if column < len(row) else ""
                if not EMAIL.match(email):
                    raise NotifyError(f"{path}:{line}: {email!r} is not an email address")
                if email.lower() in seen:
                    continue
                seen.add(email.lower())
                yield {**{columns[n]: cell.strip() for n, cell in enumerate(row) if n < len(columns) and columns[n]},
                       "email": email}
        except (UnicodeDecodeError, csv.Error) as exc:
            raise NotifyError(f"{path}: cannot read the recipients ({exc}); save it as CSV in UTF-8") from None


def _csv_problem(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return ("a quote opened in this row is never closed, so the rest of the file would be one cell and nobody "
                "after this row would be written to (close the quote, or remove it)")
    return f"not a CSV row ({exc}): quote a cell that holds a quote, the separator or a line break"


def _require_built(project: Project, checked: Checked, site_dir: Path | None, today=None) -> None:
    """Every site must have been built from this notice first."""
    out = site_dir or project.site_dir
    built = read_manifest(out)["sites"]
    current = current_fingerprints(project, checked, out, today)
    stale = [s.domain for s in checked.sites if built.get(s.domain, {}).get("input") != current.get(s.domain)]
    if stale and (other_date := date_mismatch(out, checked, today, stale)):
        raise NotifyError(other_date)
    if stale:
        # The dates were compared above; what else the manifest can tell, once.
        reason = next(filter(None, (build_mismatch(out, checked, d) for d in stale)), "")
        raise NotifyError(f"not every site is built from this notice ({', '.join(stale)}): "
                          + (f"{reason}; nobody is told about pages that do not exist yet" if reason else
                             "run `noticegen build` first, so nobody is told about pages that do not exist yet"))


class Ledger:
    """Append-only JSON lines: intent before a send, outcome after it.

    Read only while its lock is held (`Ledger.locked`), so two runs never
    send to the same person. A record cut short by a crash (the last line,
    without its newline) is set aside with a note after it, never removed;
    a damaged record anywhere else stops the run: the ledger is the only
    record of who was told."""

    def __init__(self, path: Path):
        # Resolved: two spellings of one file (a symlink, ..) must share one lock.
        self.path = path.resolve()
        self.state: dict[tuple, str] = {}
        self.notes: list[str] = []

    @contextlib.contextmanager
    def locked(self):
        with locks.exclusive(self.path.with_name(self.path.name + ".lock"), "notify send"):
            self._load()
            yield self

    def _load(self) -> None:
        self.state, self.notes, whole_urls = {}, [], []
        if self.path.exists() and not stat.S_ISREG(self.path.stat().st_mode):
            raise StateError(f"{self.path}: the ledger must be a regular file (it is the record of who was told); "
                             "give --ledger a file path")
        try:
            data = self.path.read_bytes() if self.path.exists() else b""
        except OSError as exc:
            raise StateError(f"{self.path}: cannot read the ledger ({exc.strerror})") from None
        lines = data.split(b"\n")
        cut_short = bool(data) and not data.endswith(b"\n")
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            record = _record(raw)
            if record is None:
                repaired = number < len(lines) and _record(lines[number]) is not None \
                    and _record(lines[number]).get("status") == "repaired"
                if cut_short and number == len(lines) or repaired:
                    continue  # a write cut short: the record before it (if any) stands
                raise StateError(f"{self.path}:{number}: damaged ledger record {_shown_raw(raw)!r}: the ledger is the "
                                 "record of who was told, so noticegen stops here; restore the line from a backup "
                                 "or fix it by hand (keep a copy), then run again")
            if record.get("status") != "repaired":
                name = _current_name(record["recipient"])
                if name != record["recipient"]:
                    whole_urls.append(number)
                self.state[_same(record["site"], record["version"], name)] = record["status"]
        if whole_urls:
            self.notes.append(
                f"{self.path}:{whole_urls[0]}: {len(whole_urls)} record(s) written by an older noticegen hold a "
                "webhook's whole URL, with any secret in its path or query; they still count (nothing is posted "
                "twice) and new records name the webhook by a digest. Keep this file private, or rotate the hook's "
                "secret if the ledger was shared")
        if cut_short:
            self._append(b"\n" + _line({"site": "", "version": "", "recipient": "", "status": "repaired",
                                         "detail": f"line {len(lines)} was cut short by an interrupted run"}))

    def status(self, key: tuple) -> str | None:
        return self.state.get(_same(*key))

    def record(self, key: tuple, status: str, detail: str = "", **shown: str) -> None:
        site, version, recipient = key
        self._append(_line({"site": site, "version": version, "recipient": recipient, "status": status,
                            "detail": detail, **shown}))
        self.state[_same(*key)] = status

    def _append(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the send starts


WEBHOOK_NAME = "webhook:sha256:"


def webhook_name(url: str) -> str:
    """The ledger's name for a webhook: a digest of its URL, never the URL,
    whose path or query holds the hook's secret (a ledger is kept, copied
    to CI storage, quoted in errors). Another URL is another hook, posted
    once too. Of the URL lower-cased: the ledger always compared it so, and
    an older ledger's `webhook:URL` record must stay the same hook."""
    return WEBHOOK_NAME + hashlib.sha256(url.lower().encode()).hexdigest()


def _current_name(recipient: str) -> str:
    """A record's recipient as this noticegen names it: `webhook:URL`, as
    ledgers before session 19 recorded a webhook, becomes its digest."""
    if recipient.startswith("webhook:") and not recipient.startswith(WEBHOOK_NAME):
        return webhook_name(recipient[len("webhook:"):])
    return recipient


URL = re.compile(r"https?://[^\s\"'\\]+", re.IGNORECASE)


def _shown_raw(raw: bytes) -> str:
    """The start of a damaged record as an error quotes it: any URL in it
    shown as shown_url shows one (an older record's webhook URL and its secret)."""
    return URL.sub(lambda match: shown_url(match.group()), raw.decode("utf-8", "replace"))[:80]


def _same(site: str, version: str, recipient: str) -> tuple:
    """One person however their address is capitalised (Alice@Example.com is alice@example.com)."""
    return site, version, recipient.lower()


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def _record(raw: bytes) -> dict | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    keys = ("site", "version", "recipient", "status")
    return record if isinstance(record, dict) and all(isinstance(record.get(k), str) for k in keys) else None


def send(mailing: Mailing, ledger: Ledger, resend_in_doubt: bool = False) -> Outcome:
    """Send to every recipient the ledger has not recorded as sent, then
    post the webhook; one run at a time per ledger."""
    sent, skipped, refused, in_doubt = [], [], [], []
    key = mailing.key
    with ledger.locked():
        hook = mailing.site.webhook
        hook_status = hook and ledger.status((key["site"], key["version"], webhook_name(hook.url)))
        posts = hook and hook_status != "sent" and (hook_status != "sending" or resend_in_doubt)
        # Checked before the first email: a refused webhook sends nothing at all.
        target = _webhook_target(mailing.site) if posts else None
        pending = []
        for recipient in mailing.recipients():
            status = ledger.status((key["site"], key["version"], recipient["email"]))
            if status == "sent":
                skipped.append(recipient["email"])
            elif status == "sending" and not resend_in_doubt:
                in_doubt.append(recipient["email"])
            else:
                pending.append(recipient["email"])
        if pending:
            wanted = set(pending)
            _send_email((r for r in mailing.recipients() if r["email"] in wanted), mailing, ledger, sent, refused,
                        in_doubt)
        if hook:
            _post_webhook(hook, target, mailing.payload, key, ledger, sent, skipped, refused, in_doubt,
                          resend_in_doubt)
    return Outcome(sent, skipped, refused, in_doubt)


def _smtp() -> tuple[smtplib.SMTP, str, str]:
    url = os.environ.get(SMTP_URL)
    if not url:
        raise NotifyError(f"set {SMTP_URL} (smtp://host:port or smtps://user@host:port) to send")
    try:
        parts = urlsplit(url)
        parts.port
    except ValueError:
        raise NotifyError(f"{SMTP_URL} is not smtp://host:port (a port from 1 to 65535): {url!r}") from None
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
            secure = parts.scheme == "smtps" or getattr(client, "sock", None) is not None and \
                hasattr(client.sock, "cipher")
            if not secure and parts.hostname not in ("127.0.0.1", "::1", "localhost"):
                client.close()
                raise NotifyError(f"{parts.hostname} offers no STARTTLS, and noticegen does not send a password in "
                                  "clear text: use smtps://, or a server that offers STARTTLS")
            client.login(unquote(parts.username), password)
    except (OSError, smtplib.SMTPException) as exc:
        raise NotifyError(f"cannot reach the SMTP server {parts.hostname}:{parts.port or ''}: {exc}; "
                          "nothing was sent") from None
    return client, parts.hostname, parts.username or ""


def _send_email(recipients, mailing: Mailing, ledger: Ledger, sent, refused, in_doubt) -> None:
    client, _, _ = _smtp()
    key = mailing.key
    try:
        for recipient in recipients:
            address = recipient["email"]
            message = mailing.message(recipient)  # rendered now, sent now, then forgotten
            ledger_key = (key["site"], key["version"], address)
            ledger.record(ledger_key, "sending")
            try:
                client.send_message(message, to_addrs=[address])
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = next(iter(exc.recipients.values()))
                detail = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
                ledger.record(ledger_key, "refused", detail)
                refused.append((address, detail))
                continue
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                in_doubt.append(address)  # the transmission may have reached the server
                raise NotifyError(f"the connection failed while sending to {address} ({exc}); it stays "
                                  "in doubt in the ledger, and nobody after it was sent to") from None
            except smtplib.SMTPException as exc:
                ledger.record(ledger_key, "refused", str(exc))
                refused.append((address, str(exc)))
                continue
            faults.point("email-sent")  # sent, not yet recorded: a rerun must not send it again
            ledger.record(ledger_key, "sent")
            sent.append(address)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            pass


def _post_webhook(hook: webhooks.Webhook, target: webhooks.Target | None, payload, key, ledger, sent, skipped,
                  refused, in_doubt, resend_in_doubt) -> None:
    url = hook.url
    ledger_key = (key["site"], key["version"], webhook_name(url))  # the same hook is posted once
    shown = f"webhook {shown_url(url)}"
    where = {"webhook": shown_url(url)}  # for whoever reads the ledger: no secret
    status = ledger.status(ledger_key)
    if status == "sent":
        skipped.append(shown)
        return
    if status == "sending" and not resend_in_doubt:
        in_doubt.append(shown)
        return
    # One deadline for the whole delivery: the lookup (done before the first email) spent part of it.
    deadline = webhook_deadline() - (target.spent if target else 0.0)
    ledger.record(ledger_key, "sending", **where)
    result: list = []
    # One deadline for the whole request: a server that answers a byte at a
    # time would keep a per-read timeout waiting for ever.
    worker = threading.Thread(target=_post, args=(target, payload, deadline, result), daemon=True)
    worker.start()
    worker.join(deadline)
    if not result:
        in_doubt.append(shown)  # it may have arrived: left "sending", as an interrupted send is
        return
    ok, detail = result[0]
    faults.point("webhook-answered")
    ledger.record(ledger_key, "sent" if ok else "refused", detail, **where)
    (sent.append(shown) if ok else refused.append((shown, detail)))


def _webhook_target(site: Site) -> webhooks.Target:
    """The site's webhook, its address checked, before anything is sent."""
    try:
        return webhooks.resolve(site.webhook, webhook_deadline())
    except webhooks.Refused as exc:
        where = Problem(site.path, site.webhook.line, f"{exc.message}; nothing was sent", exc.fix)
        raise NotifyError(where.format(Path.cwd())) from None


def webhook_deadline() -> float:
    raw = os.environ.get(WEBHOOK_TIMEOUT) or "30"
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1
    if not 0 < seconds <= 3600:
        raise NotifyError(f"{WEBHOOK_TIMEOUT}={raw!r} must be a number of seconds from 0 to 3600")
    return seconds


def _post(target: webhooks.Target, payload: str, deadline: float, result: list) -> None:
    try:
        result.append(webhooks.post(target, payload, deadline))
    except (OSError, ValueError, http.client.HTTPException) as exc:
        result.append((False, str(exc) or type(exc).__name__))
