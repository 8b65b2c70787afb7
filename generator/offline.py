"""The notice site makes no request to anyone else.

Two checks, for what a project's mkdocs.yml or theme/ can add to every page
(author text cannot: safety.py): the settings of Material that make a
visitor's browser call another host (analytics, the repository widget),
refused by `check` with their line; and
every built page and stylesheet, read for what the browser would fetch by
itself (scripts, styles, images, frames, fonts) from a host other than the
site's own, which fails the site's build. Links (`<a href>`, a canonical or
alternate `<link>`) are not requests: a visitor follows them or not.
"""
from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from . import cache
from .problems import Problem

# Settings whose only purpose is to have the browser call another host.
REFUSED_SETTINGS = {
    ("extra", "analytics"): "Material's analytics loads a tracker from another host in every visitor's browser",
    ("repo_url",): "Material's repository widget asks the code host for stars and forks from every visitor's browser",
}
FIX = "remove it: the notice site makes no third-party request"

# Attributes a browser fetches (or navigates to) by itself, on any element.
FETCHED_ATTRIBUTES = {"src", "srcset", "imagesrcset", "data", "poster", "href", "xlink:href", "background",
                      "ping", "action", "formaction", "manifest", "codebase", "archive", "longdesc", "lowsrc",
                      "dynsrc", "icon", "profile"}
FOLLOWED_LINKS = {"a", "area"}  # a visitor follows these or not
LINK_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search", "me",
                    "bookmark"}
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
CSS_TARGET = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\)|"([^"]*)"|'([^']*)'""", re.I)
SCRIPT_HOST = re.compile(r"""(?:[a-z][a-z0-9+.-]*:)?[/\\]{2}[a-z0-9-]+(?:\.[a-z0-9-]+)+""", re.I)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


def config_problems(settings: dict, config_file: Path | None) -> list[Problem]:
    """The merged MkDocs settings that would make pages call another host."""
    problems = []
    for keys, why in REFUSED_SETTINGS.items():
        value = settings
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value:
            path = config_file or Path("mkdocs.yml")
            problems.append(Problem(path, _line_of(config_file, keys[-1]),
                                    f"`{'.'.join(keys)}` is set: {why}", FIX))
    return problems


def _line_of(path: Path | None, key: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path else []
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if re.match(rf"\s*{re.escape(key)}\s*:", line)), 1)


def third_party_loads(folder: Path, own_host: str, known: dict | None = None) -> list[tuple[str, str]]:
    """(file, URL) for what the pages, stylesheets and manifests under
    `folder` would have a browser fetch from a host other than `own_host`
    (or could not be read as a URL at all). `known`: sha256 by identity
    (device, inode, size, time) of files with several links, as
    manifest.file_hashes keeps them; such a file's bytes are not read."""
    found = []
    verdicts: dict[str, bool] = {}  # the pages of a site share most of their addresses (the theme's)
    for parts in _files(os.fspath(folder), SCANNED_SUFFIXES):
        path = os.path.join(folder, *parts)
        status = os.stat(path)
        suffix = os.path.splitext(parts[-1])[1]
        digest = (known or {}).get((status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)) \
            if status.st_nlink > 1 else None
        if digest is None:
            urls = file_urls(suffix, _read(path))
        else:
            urls = _file_urls(suffix, digest, lambda: _read(path))
        for url in urls:
            if url not in verdicts:
                verdicts[url] = elsewhere(url, own_host)
            if verdicts[url]:
                found.append(("/".join(parts), url))
    return found


SCANNED_SUFFIXES = (".html", ".css", ".svg", ".webmanifest")


def _files(top: str, suffixes: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The files under `top` whose names end in one of `suffixes` (as
    Path.rglob finds them: into no linked folder; a link to a file counts),
    as their paths' parts below `top`, in the order of sorted(Path.rglob).
    os.scandir, not pathlib: making a Path of every file was a quarter of
    this check on a rebuilt site."""
    found: list[tuple[str, ...]] = []
    waiting = [(top, ())]
    while waiting:
        folder, parts = waiting.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        waiting.append((entry.path, (*parts, entry.name)))
                    elif os.path.splitext(entry.name)[1] in suffixes and entry.is_file():
                        found.append((*parts, entry.name))
        except OSError:
            continue
    return sorted(found)


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


# For this process: the theme's files are in every site. Bounded, as the
# preview keeps one process across every rebuild of a long session.
_scanned: dict[tuple[str, str], list[str]] = {}
SCANNED_KEPT = 20_000


def file_urls(suffix: str, data: bytes) -> list[str]:
    """The URLs in a file's bytes, by its kind: read once per content. A
    page of an archived version is the same bytes build after build, so
    the persistent cache (keyed by the bytes' digest and noticegen's code)
    spares parsing it again; parsing was most of a small edit's rebuild."""
    return _file_urls(suffix, hashlib.sha256(data).hexdigest(), lambda: data)


def _file_urls(suffix: str, sha256: str, read) -> list[str]:
    """file_urls of the bytes whose digest is `sha256`, read() only if not known."""
    digest = (suffix, sha256)
    if digest not in _scanned:
        if len(_scanned) >= SCANNED_KEPT:
            _scanned.clear()
        _scanned[digest] = cache.cached("fetches", digest, lambda: _urls(suffix, read().decode("utf-8", "replace")),
                                        list, _strings)
    return _scanned[digest]


def _urls(suffix: str, text: str) -> list[str]:
    if suffix == ".css":
        return css_urls(text)
    if suffix == ".webmanifest":
        return re.findall(r'"(?:src|start_url|scope|url)"\s*:\s*"([^"]*)"', text)
    return page_urls(text)


def _strings(data) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(url, str) for url in data):
        raise ValueError("not a list of URLs")
    return data


class _Fetches(HTMLParser):
    """The URLs an HTML document makes a browser fetch as it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name.lower(), value or "")  # the browser takes the first of a repeated attribute
        rels = set(values.get("rel", "").lower().split())
        for name, value in values.items():
            if name in ("srcset", "imagesrcset"):
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.urls += css_urls(value)
            elif name == "srcdoc":
                self.urls += page_urls(value)
            elif name in FETCHED_ATTRIBUTES and not (tag == "base" and name == "href"):
                if name == "href" and (tag in FOLLOWED_LINKS or tag == "link" and rels and rels <= LINK_NOT_FETCHED):
                    continue
                self.urls.append(value)
        if tag == "base" and "href" in values:  # every relative address of the page would follow it
            self.urls.append(values["href"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls += REFRESH_URL.findall(values.get("content", "")) or []
        self._in = tag if tag in ("style", "script") else None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in = None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.urls += css_urls(data)
        elif self._in == "script":  # an address with a host in an inline script (Material's hold none)
            self.urls += SCRIPT_HOST.findall(data)


def page_urls(text: str) -> list[str]:
    parser = _Fetches()
    parser.feed(text)
    parser.close()
    return parser.urls


def css_urls(css: str) -> list[str]:
    """Every url() and every string of a stylesheet (an @import, an
    image-set), CSS escapes decoded first."""
    decoded = CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] and int(m[1], 16) < 0x110000 else (m[2] or ""),
                             css)
    return [next(group for group in match if group).strip() for match in CSS_TARGET.findall(decoded)
            if any(match)]


def elsewhere(url: str, own_host: str) -> bool:
    """Whether fetching `url` from a page of `own_host` would reach another
    host: an address with another host, a scheme with no host
    ("http:evil.example", which a browser reads as one), a <base> to
    anywhere else; relative paths, fragments and data: stay here."""
    url = "".join(ch for ch in url if ch > " ").replace("\\", "/")  # as a browser reads it
    if not url or url.startswith("#"):
        return False
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if scheme and scheme[1].lower() not in ("http", "https", "ftp", "ws", "wss"):
        return False  # data:, blob:, a selector's "fnref:": nothing fetched from a host
    if not scheme and not url.startswith("//"):
        return False  # a path on this site
    try:
        host = urlsplit("https:" + url if url.startswith("//") else url).hostname
    except ValueError:  # not an address a browser could use: refused, not guessed
        return True
    return host != own_host


def describe(domain: str, loads: list[tuple[str, str]]) -> str:
    page, url = loads[0]
    more = f" (and {len(loads) - 1} more)" if len(loads) > 1 else ""
    return (f"{domain}/{page} would load {url} from another host{more}, and the notice site makes no "
            "third-party request: remove it from mkdocs.yml (extra_javascript, extra_css, theme logo or "
            "favicon) or theme/")
