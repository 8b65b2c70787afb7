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

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from .problems import Problem

# Settings whose only purpose is to have the browser call another host.
REFUSED_SETTINGS = {
    ("extra", "analytics"): "Material's analytics loads a tracker from another host in every visitor's browser",
    ("repo_url",): "Material's repository widget asks the code host for stars and forks from every visitor's browser",
}
FIX = "remove it: the notice site makes no third-party request"

TAG = re.compile(r"<(script|link|img|source|iframe|frame|video|audio|embed|object|input|track|image|use)\b"
                 r"([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""([a-zA-Z:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
FETCHED_ATTRIBUTES = {"src", "srcset", "data", "poster", "href", "xlink:href"}
LINK_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search", "me",
                    "bookmark"}
STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>|\bstyle\s*=\s*(\"[^\"]*\"|'[^']*')", re.I | re.S)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


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


def third_party_loads(folder: Path, own_host: str) -> list[tuple[str, str]]:
    """(file, URL) for what the pages and stylesheets under `folder` would
    have a browser fetch from a host other than `own_host`."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".css", ".svg") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = _css_urls(text) if path.suffix == ".css" else _page_urls(text)
        found += [(path.relative_to(folder).as_posix(), url) for url in urls if _elsewhere(url, own_host)]
    return found


def _page_urls(text: str) -> list[str]:
    urls = []
    for tag, attributes in TAG.findall(text):
        values = {name.lower(): html.unescape(value.strip("\"'")) for name, value in ATTRIBUTE.findall(attributes)}
        rels = set(values.get("rel", "").lower().split())
        if tag.lower() == "link" and rels and rels <= LINK_NOT_FETCHED:
            continue  # a canonical or alternate address, not a request
        for name in FETCHED_ATTRIBUTES & values.keys():
            urls += [part.strip().split(" ")[0] for part in values[name].split(",")] if name == "srcset" \
                else [values[name]]
    for block, attribute in STYLE.findall(text):
        urls += _css_urls(html.unescape(block or attribute.strip("\"'")))
    return urls


def _css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def _elsewhere(url: str, own_host: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.scheme in ("http", "https", "") and parts.hostname != own_host


def describe(domain: str, loads: list[tuple[str, str]]) -> str:
    page, url = loads[0]
    more = f" (and {len(loads) - 1} more)" if len(loads) > 1 else ""
    return (f"{domain}/{page} would load {url} from another host{more}, and the notice site makes no "
            "third-party request: remove it from mkdocs.yml (extra_javascript, extra_css, theme logo or "
            "favicon) or theme/")
