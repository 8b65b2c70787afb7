"""PDFs of each version and each prepared redline, made at build time from
the site's own pages with WeasyPrint.

Each PDF is a print document: the built page's `<article>` (the very HTML
visitors read, after MkDocs and Material rendered it) in a small HTML
document of its own, with `generator/data/pdf.css` (A4, DejaVu fonts from
Debian's fonts-dejavu-core, "page N of M", the version, dates and
fingerprint on every page). Not the whole Material page: its chrome is
hidden in print anyway, and WeasyPrint lays out a short stylesheet several
times faster than Material's.

Nothing is fetched: WeasyPrint reads fonts through fontconfig, and its
`url_fetcher` refuses every URL (there is nothing in a notice to fetch), so
a page that asked for an image or a stylesheet fails the build instead of
reaching the network. Links in the PDF point at the published site.

Same commit, same bytes: the creation and modification dates are the
version's effective date (never the clock), the document id is derived from
the print document, and WeasyPrint names font subsets by their content.

WeasyPrint takes ~0.1 s a PDF page, so PDFs are cached in
`.noticegen/cache/pdf/`, named by a digest of everything that makes their
bytes (the print document, the stylesheet, the fonts, the versions of
WeasyPrint, pydyf, Pango, HarfBuzz, fontconfig and noticegen); a build copies a cached PDF
instead of rendering it again. The cache only saves time: an entry whose
bytes do not match the digest recorded with them is rendered anew.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import secrets
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from . import __version__, fallback, logcapture, switches

STYLESHEET = Path(__file__).with_name("data") / "pdf.css"
# fonts-dejavu-core: what pdf.css names (DejaVu Sans, DejaVu Sans Mono).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf")
# fonts-wqy-microhei, for the scripts DejaVu lacks (Chinese, Japanese, Korean);
# optional: a PDF needing none of its letters is the same without it.
FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
NO_GLYPH = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+?)" \(U\+([0-9A-Fa-f]+)')
CACHE_FORMAT = "2"  # 2: an entry is sealed with its key
PDF_VARIABLE = "NOTICEGEN_PDF"  # "off" builds no PDFs, like `build --no-pdf`
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)


class PdfError(Exception):
    pass


def where_letter(message: str, notices: Path, root: Path) -> str:
    """`message` with the first place in `notices/` that writes the letter it
    says no font has (file:line, what an author can edit), in front of the
    built page it names; the message as it was when the letter is not in
    the working tree (an earlier version's text, a theme file)."""
    found = re.search(r"no PDF font has “(.+?)” \(U\+", message)
    if not found:
        return message
    letter = found.group(1)
    for path in sorted(notices.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".md", ".yml", ".yaml"):
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if letter in line:
                page, _, problem = message.partition(": ")
                return f"{path.relative_to(root).as_posix()}:{number}: {problem} (in the PDF of {page})"
    return message


@dataclass(frozen=True)
class PrintJob:
    """One PDF, made from one built page of a site."""

    page: str  # the built page, relative to the site folder: versions/5/index.html
    target: str  # the PDF, relative to the site folder
    url: str  # the page's public address: links in the PDF resolve against it
    title: str  # the document's title (PDF metadata)
    running: tuple[str, str, str]  # top left, top right, bottom left of every page
    effective: dt.date  # the PDF's creation and modification date
    language: str
    author: str
    subject: str = ""
    lines: tuple[str, ...] = ()  # shown under the page's address, before the page


def enabled(flag: bool = True) -> bool:
    return flag and switches.is_on(PDF_VARIABLE)


def unavailable() -> str | None:
    """Why PDFs cannot be made on this machine, or None."""
    missing = [name for name in FONTS if not (FONT_DIR / name).is_file()]
    if missing:
        return (f"fonts-dejavu-core is not installed ({FONT_DIR / missing[0]} is missing; "
                "apt-get install fonts-dejavu-core)")
    try:
        _pango_version()
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as exc:
        return _no_weasyprint(exc)
    return None


def _no_weasyprint(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"WeasyPrint cannot load Pango ({first}; apt-get install libpango-1.0-0 libpangoft2-1.0-0)"


def _pango_version() -> int:
    """Pango's version, without importing WeasyPrint (~1 s a process, most
    of it looking for libraries): a build whose PDFs are all cached needs none."""
    import ctypes

    return ctypes.CDLL("libpango-1.0.so.0").pango_version()


def _libraries() -> str:
    """The versions of the C libraries that lay out and subset the text (a
    PDF's bytes depend on them), read without importing WeasyPrint. Without
    HarfBuzz's subsetter WeasyPrint subsets fonts with fontTools instead."""
    import ctypes

    found = [f"pango {_pango_version()}"]
    harfbuzz = ctypes.CDLL("libharfbuzz.so.0")
    harfbuzz.hb_version_string.restype = ctypes.c_char_p
    found.append(f"harfbuzz {harfbuzz.hb_version_string().decode()}")
    try:
        ctypes.CDLL("libharfbuzz-subset.so.0")
        found.append("harfbuzz-subset")
    except OSError:
        found.append("no harfbuzz-subset")
    found.append(f"fontconfig {ctypes.CDLL('libfontconfig.so.1').FcGetVersion()}")
    return ", ".join(found)


def file_name(domain: str, *parts: str) -> str:
    """`www.example.com-version-5.pdf`: says what it is once downloaded."""
    return "-".join((domain, *parts)) + ".pdf"


def css_string(text: str) -> str:
    """`text` as a CSS string that cannot end the string or the <style>."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;·–-()/+" else f"\\{ord(c):x} " for c in text) + '"'


def print_document(article: str, job: PrintJob) -> str:
    """The standalone HTML WeasyPrint renders: the page's article with the
    document's title, metadata and running headers and footers."""
    date = f"{job.effective.isoformat()}T00:00:00Z"
    # noticegen's English words in a language without its own (fallback.py): plain in metadata and margins.
    job = replace(job, title=fallback.plain(job.title), subject=fallback.plain(job.subject),
                  running=tuple(fallback.plain(text) for text in job.running))
    top_left, top_right, bottom_left = (css_string(text) for text in job.running)
    meta = {"author": job.author, "description": job.subject, "generator": f"noticegen {__version__}",
            "dcterms.created": date, "dcterms.modified": date}
    head = "".join(f'<meta name="{name}" content="{html.escape(value)}">' for name, value in meta.items() if value)
    running = (f"@page {{ @top-left {{ content: {top_left}; }} @top-right {{ content: {top_right}; }} "
               f"@bottom-left {{ content: {bottom_left}; }} }}")
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(job.language)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(job.title)}</title>\n{head}\n<style>{running}</style>\n</head>\n<body>\n"
            f'<p class="pdf-source">{html.escape(job.running[0])} · <a href="{html.escape(job.url)}">'
            f"{html.escape(job.url)}</a></p>\n"
            + "".join(f'<p class="pdf-source">{fallback.html(html.escape(line))}</p>\n' for line in job.lines) +
            f'<article class="md-typeset">{article}</article>\n</body>\n</html>\n')


def article_of(page_html: str, page: str) -> str:
    match = _ARTICLE.search(page_html)
    if not match:
        raise PdfError(f"{page}: no <article class=\"md-content__inner md-typeset\"> to print "
                       "(a theme override changed Material's content block)")
    return match.group(1)


class Renderer:
    """Makes PDFs in one process: WeasyPrint is imported once, and the
    digest of everything besides the page that decides a PDF's bytes is
    computed once."""

    def __init__(self, cache_dir: Path | None = None):
        missing = [name for name in FONTS if not (FONT_DIR / name).is_file()]
        try:
            libraries = None if missing else _libraries()
        except OSError as exc:
            raise PdfError(f"PDFs cannot be made: {_no_weasyprint(exc)}; "
                           "or set `pdf: false` for the site in sites.yml") from None
        if missing:
            raise PdfError(f"PDFs cannot be made: {unavailable()}; or set `pdf: false` for the site in sites.yml")
        self.weasyprint = None  # imported at the first PDF not in the cache
        self.stylesheet = STYLESHEET.read_text(encoding="utf-8")
        self.cache = cache_dir
        digest = hashlib.sha256(f"noticegen-pdf {CACHE_FORMAT} {__version__}\n".encode())
        for package in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools"):
            digest.update(f"{package} {_version_of(package)}\n".encode())
        digest.update(f"{libraries}\n".encode())
        for path in [*sorted(FONT_DIR.iterdir()), *FALLBACK_FONTS]:  # what fontconfig may pick
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        digest.update(self.stylesheet.encode())
        self.environment = digest.hexdigest()
        self.css = None
        self.font_config = None

    def make(self, site_dir: Path, job: PrintJob) -> bool:
        """Write job.target from job.page, both inside `site_dir`; whether
        it was rendered (else it came from the cache)."""
        page = site_dir / job.page
        document = print_document(article_of(page.read_text(encoding="utf-8"), job.page), job)
        key = hashlib.sha256(f"{self.environment}\n".encode() + document.encode()).hexdigest()
        data = self._cached(key)
        rendered = data is None
        if rendered:
            data = self.render(document, job, key)
            self._store(key, data)
        target = site_dir / job.target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return rendered

    def render(self, document: str, job: PrintJob, key: str) -> bytes:
        if self.weasyprint is None:
            try:
                import weasyprint
            except (ImportError, OSError) as exc:
                raise PdfError(f"PDFs cannot be made: {_no_weasyprint(exc)}; "
                               "or set `pdf: false` for the site in sites.yml") from None
            from weasyprint.text.fonts import FontConfiguration

            self.weasyprint = weasyprint
            # One for every PDF of the process: ~15% faster, the same bytes
            # whatever was rendered before (tests/test_pdf.py).
            self.font_config = FontConfiguration()
        weasyprint = self.weasyprint
        refuse = _refuser(weasyprint)()
        if self.css is None:
            self.css = weasyprint.CSS(string=self.stylesheet, base_url=STYLESHEET.as_uri(), url_fetcher=refuse)
        with logcapture.warnings_of("weasyprint") as warnings:
            try:
                data = weasyprint.HTML(string=document, base_url=job.url, url_fetcher=refuse).write_pdf(
                    stylesheets=[self.css], font_config=self.font_config, pdf_identifier=key[:32].encode(),
                    pdf_tags=True)
            except weasyprint.urls.FatalURLFetchingError:
                data = None  # the first URL it asked for stopped it
        refused = refuse.refused
        if refused:
            raise PdfError(f"{job.page}: the page asks for {refused[0]}; PDFs are made from local files only")
        if warnings and (glyph := NO_GLYPH.search(warnings[0])):
            raise PdfError(f"{job.page}: no PDF font has “{glyph.group(1)}” (U+{glyph.group(2).upper()}): install "
                           "one that has it (Debian: fonts-wqy-microhei for Chinese, Japanese and Korean, "
                           "fonts-noto-core for most other scripts), or set `pdf: false` for the site in sites.yml")
        if warnings:
            raise PdfError(f"{job.page}: WeasyPrint: {warnings[0]}")
        return data

    def _entry(self, key: str) -> Path | None:
        return self.cache / key[:2] / f"{key}.pdf" if self.cache else None

    def _cached(self, key: str) -> bytes | None:
        """A cached PDF: its file holds the sha256 of its key and bytes, then
        the bytes, so an entry moved or copied to another name is not taken."""
        entry = self._entry(key)
        try:
            raw = entry.read_bytes() if entry else None
        except OSError:
            return None
        if raw is None or len(raw) < 65 or raw[64:65] != b"\n":
            return None
        data = raw[65:]
        return data if _seal(key, data) == raw[:64] else None

    def _store(self, key: str, data: bytes) -> None:
        entry = self._entry(key)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            temporary = entry.with_name(f".{entry.name}.{os.getpid()}-{secrets.token_hex(4)}")
            temporary.write_bytes(_seal(key, data) + b"\n" + data)
            temporary.replace(entry)  # a reader sees the whole entry or none
        except OSError:
            pass  # a cache that cannot be written only costs time


def _seal(key: str, data: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\n" + data).hexdigest().encode()


def _refuser(weasyprint):
    """A URL fetcher that fetches nothing: every URL WeasyPrint asks for is
    noted and stops the rendering."""

    class Refuser(weasyprint.urls.URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=(), fail_on_errors=True)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.refused.append(url)
            raise PdfError(f"refused to fetch {url}")

    return Refuser



def _version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"
