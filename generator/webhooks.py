"""Where `notify --send` may post a site's webhook, and posting it there.

Whoever can open a pull request writes `sites.yml`, and CI runs `notify`
from inside its own network: a `webhook:` at http://169.254.169.254/ (the
cloud's metadata service), a 10.x host or the runner's localhost would have
noticegen post there. So a webhook must reach a global address over https;
plain http:// only to this machine (loopback), and a loopback or private
address only with `allow_private_address: true` (a test server, an
intranet hook someone chose on purpose).

`check` refuses what the URL itself shows (an address, `localhost`,
http://) without a DNS lookup: it runs offline and gives the same answer
every time. `notify --send` resolves the name once, checks every address
it answers, and connects to the one it checked: a second lookup could
answer differently (DNS rebinding). Redirects are never followed.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

FIX_PRIVATE = ("point it at the hook's public https:// address; for a server you run on this machine or "
               "network on purpose, write webhook: {url: ..., allow_private_address: true}")


@dataclass(frozen=True)
class Webhook:
    """A site's `webhook:` in sites.yml."""

    url: str
    allow_private_address: bool = False
    line: int = 0  # of `webhook:` in sites.yml


@dataclass(frozen=True)
class Target:
    """A webhook whose address was checked: the connection goes there."""

    webhook: Webhook
    address: str  # the IP address that was checked
    port: int
    spent: float = 0.0  # seconds the lookup took, out of the delivery's one deadline


class Refused(Exception):
    """A webhook noticegen will not post to: the message and how to fix it."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def shown_url(url: str) -> str:
    """A webhook's URL as printed: scheme and host only. Chat and automation
    hooks carry their secret in the path or query, and CI logs are often public."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname or ""
    except ValueError:  # an unclosed [ (urlsplit: "Invalid IPv6 URL")
        scheme = url.split(":", 1)[0] if SCHEME.match(url) else ""
        return f"{scheme}://(not a host name)/…"
    rest = "/…" if (parts.path.strip("/") or parts.query) else ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    if not host_name_ok(hostname):
        # https://hooks.example.com\T0KEN: the "host" holds what was meant as the path.
        return f"{parts.scheme}://(not a host name)/…"
    host = looked_up(hostname)
    host = f"[{host}]" if ":" in host else host  # an IPv6 address, bracketed as in the URL
    return f"{parts.scheme}://{host}{port}{rest}"


SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")


def host_name_ok(host: str) -> bool:
    """An IP address, or a DNS name (letters, digits, - and _ in dot-separated
    labels of 63 at most; non-ASCII in its IDNA form). Anything else in the
    URL's host place (a \\ or ; that browsers read as the path's start) is
    no host, and may be the hook's secret: never shown, never looked up."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return True
    except ValueError:
        pass
    name = _resolver_name(host).lower()
    return len(name) <= 253 and all(LABEL.fullmatch(label) for label in name.split("."))


def looked_up(host: str) -> str:
    """A host name as the resolver looks it up: a non-ASCII name in its
    IDNA form (xn--...), so that hооks.example.com with Cyrillic o's does
    not read as hooks.example.com where a reviewer checks the webhook."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host  # no name the resolver takes: the lookup refuses it


# NAT64's well-known prefix (RFC 6052): a gateway on the way forwards
# 64:ff9b::a9fe:a9fe to 169.254.169.254.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_kind(address: str) -> str:
    """"" for a global unicast address; else what it is ("loopback",
    "link-local", "private", ...). An IPv4 address carried in IPv6
    (::ffff:10.0.0.1, 6to4's 2002:a9fe:a9fe::, NAT64's 64:ff9b::a00:1) is
    judged as the IPv4 address it reaches: Python calls 2002::/16 global
    whatever it wraps."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    for kind, test in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if test:
            return kind
    return "" if ip.is_global else "non-global"


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _allowed(kind: str, webhook: Webhook) -> bool:
    return not kind or (webhook.allow_private_address and kind not in ("unspecified", "multicast"))


# A part of an IPv4 address as the C library's inet_aton reads it (and so
# getaddrinfo, to connect): 0x7f hex, 0177 octal, 127 decimal.
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """2130706433, 0x7f.1, 017700000001, 127.1: IPv4 addresses to the
    resolver (every part a number, the last one filling the bytes left)."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMBER.fullmatch(part) for part in parts):
        return None
    values = [int(part, 16) if part[:2] in ("0x", "0X") else int(part, 8) if part.startswith("0") else int(part)
              for part in parts]
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (5 - len(parts)):
        return None
    number = last
    for index, value in enumerate(head):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _resolver_name(host: str) -> str:
    """The name the resolver looks up: full-width letters and digits and
    the ideographic full stop folded as IDNA folds them (ｌｏｃａｌｈｏｓｔ is
    localhost), less a trailing dot (localhost. is localhost)."""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # no name the resolver takes either: the lookup says so
    return host[:-1] if host.endswith(".") else host


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        number = _inet_aton(_resolver_name(host))
        return str(number) if number else None


def _loopback_name(host: str) -> bool:
    host = _resolver_name(host).lower()
    return host == "localhost" or host.endswith(".localhost")  # RFC 6761: always this machine


def problem(webhook: Webhook) -> tuple[str, str] | None:
    """What is wrong with a webhook as written, and how to fix it; None
    when nothing is, as far as the URL shows (no DNS lookup)."""
    url = webhook.url
    shown = shown_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"webhook {shown} has a [ never closed (a bracketed IPv6 address)", "for example https://[2001:db8::1]/privacy"
    try:
        parts.port
    except ValueError:
        return f"webhook {shown} is not a URL with a valid port (1 to 65535)", "for example https://hooks.example.com/privacy"
    if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in url):
        return (f"webhook {shown} must be an https:// URL with a host name and no spaces",
                "for example https://hooks.example.com/privacy")
    if not host_name_ok(parts.hostname):
        return (f"webhook {shown}: what stands where its host name should is not one (letters, digits, - and . "
                "only; a \\ or ; does not start the path)", "write it as https://HOST/PATH, for example "
                "https://hooks.example.com/privacy")
    host = parts.hostname
    literal = _literal(host)
    kind = "loopback" if _loopback_name(host) else address_kind(literal) if literal else ""
    if kind and not _allowed(kind, webhook):
        read = f" ({literal})" if literal and literal != host.split("%", 1)[0] else ""
        return (f"webhook {shown} points at {_a(kind)} address{read}: notify --send would post from inside the network "
                "it runs in (a CI runner's cloud metadata service, internal hosts)", FIX_PRIVATE)
    # http:// to a name is left to the lookup only where it may be loopback (allowed, and not an address).
    if parts.scheme == "http" and kind != "loopback" and (literal or not webhook.allow_private_address):
        return (f"webhook {shown} is plain http://: the notice's payload and the hook's secret would cross the "
                "network unencrypted, for anyone on the way to read or change", "use its https:// address")
    return None


def resolve(webhook: Webhook, timeout: float) -> Target:
    """Look the host up once, within `timeout` seconds, and check every
    address it answers (a name that answers a private address among public
    ones is refused: which one a connection gets is not ours to choose)."""
    found = problem(webhook)
    if found:
        raise Refused(*found)
    parts = urlsplit(webhook.url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    started = time.monotonic()
    answers = _lookup(parts.hostname, port, timeout)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in answers))
    for address in addresses:
        kind = address_kind(address)
        if not _allowed(kind, webhook):
            raise Refused(f"webhook {shown_url(webhook.url)}: {parts.hostname} resolves to {address}, {_a(kind)} "
                          "address: notify --send would post from inside the network it runs in", FIX_PRIVATE)
    if parts.scheme == "http" and any(address_kind(a) != "loopback" for a in addresses):
        raise Refused(f"webhook {shown_url(webhook.url)} is plain http:// to {parts.hostname}, which is not this "
                      "machine", "use its https:// address")
    if not addresses:
        raise Refused(f"the webhook's host {parts.hostname} has no address", "check the name")
    return Target(webhook, addresses[0], port, time.monotonic() - started)


def _lookup(host: str, port: int, timeout: float) -> list:
    """getaddrinfo with a deadline: the C resolver has none of its own
    (resolv.conf's timeout times attempts times search domains), so a slow
    or silent DNS server would hold `notify --send` far past the webhook's
    deadline. The lookup runs in a daemon thread that is left behind when
    it does not answer in time."""
    result: list = []

    def look_up() -> None:
        try:
            result.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            result.append(exc)

    worker = threading.Thread(target=look_up, name="webhook lookup", daemon=True)
    worker.start()
    worker.join(timeout)
    if not result:
        raise Refused(f"looking up the webhook's host {host} took longer than {timeout:g} s, the webhook's deadline "
                      "(NOTICEGEN_WEBHOOK_TIMEOUT)", "check the name and the DNS resolver of the machine that "
                      "sends, or give NOTICEGEN_WEBHOOK_TIMEOUT more seconds")
    if isinstance(result[0], BaseException):
        raise Refused(f"cannot look up the webhook's host {host} ({result[0]})",
                      "check the name, or the network of the machine that sends")
    return result[0]


def post(target: Target, payload: str, timeout: float) -> tuple[bool, str]:
    """POST the payload to the checked address (TLS verified against the
    URL's host name); (delivered, what the server answered). A redirect is
    not followed: it is refused, naming where it points."""
    parts = urlsplit(target.webhook.url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, target.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, target.port, timeout=timeout)
    # http.client looks the host up again in connect(): connect to the checked address instead.
    connection._create_connection = lambda _address, *args: socket.create_connection(
        (target.address, target.port), *args)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=payload.encode(), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read(65536)
    finally:
        connection.close()
    detail = f"{response.status} {response.reason}"
    location = response.getheader("Location", "") if 300 <= response.status < 400 else ""
    if location:
        detail += (f": it redirects to {shown_url(urljoin(target.webhook.url, location))}; put the address it "
                   "redirects to in the site's webhook:")
    return 200 <= response.status < 300, detail
