"""Small HTML readers for assertions (stdlib only)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements whose URL the browser fetches by itself while loading a page.
FETCHED = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
           ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
           ("object", "data"), ("input", "src")}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.ids: list[str] = []
        self.h2: list[tuple[str, str]] = []
        self._h2: list[str] | None = None
        self._h2_id = ""
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name, value in attrs.items():
            if (tag, name) in FETCHED and value:
                self.fetched.append(value)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "h2":
            self._h2, self._h2_id = [], attrs.get("id", "")

    def handle_endtag(self, tag):
        if tag == "h2" and self._h2 is not None:
            self.h2.append((self._h2_id, "".join(self._h2).replace("¶", "").strip()))
            self._h2 = None

    def handle_data(self, data):
        self.text.append(data)
        if self._h2 is not None:
            self._h2.append(data)


def scan(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def third_party(urls: list[str], own_host: str = "") -> list[str]:
    """URLs that point at a host other than `own_host`."""
    found = []
    for url in urls:
        for part in url.split(","):  # srcset
            candidate = part.strip().split(" ")[0]
            host = urlsplit(candidate).netloc
            if host and host != own_host:
                found.append(candidate)
    return found


def css_urls(css: str) -> list[str]:
    return re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(r"@import\s+['\"]([^'\"]+)", css)
