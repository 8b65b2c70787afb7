"""The site's pages handed to MkDocs from memory, archived ones filled into a frame.

A site has a page for every version and every change, and those pages differ
from one another only in their title, address, table of contents and text:
the theme around them (header, navigation, footer, scripts) is the same.
Rendering each through MkDocs and Material cost ~3 ms of templates and ~5 ms
of Markdown a page, which was most of a 50-site build.

So MkDocs renders one *frame*: a page beside the archived ones (in
`versions/`; `changes/` shares it, being as deep) whose title, table of
contents and content are markers. Each archived page is the frame with its
own title, canonical URL, table of contents (rendered by the theme's own toc
partial) and content.

The Markdown of every page, archived or in the nav, is converted here with
the site's extensions, as MkDocs would, but in the chunks noticegen hands
over (a heading, a section body), each distinct chunk once per process: a
section shown unchanged by fifty sites and ten versions is converted once
(see markdown_chunks). Links are checked as MkDocs' strict mode would.

Archived pages are kept out of the search index (both renderers do that)
and put back into the sitemap. Tests build sites both ways, this one and the
portable renderer (mkdocs_portable: MkDocs rendering every page itself), and
compare every byte.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import io
import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Mapping, Sequence
from urllib.parse import urlsplit

from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel, file_sort_key
from mkdocs.structure.toc import get_toc
from mkdocs.utils.rendering import get_heading_text

from . import cache
from .markdown_chunks import ChunkedMarkdown, Converted, whole
from .mkdocs_hook import mend_page
from .reuse import Previous

FRAME = "noticegen-frame"  # frame page: <folder>/noticegen-frame/index.md
TITLE_MARK = "noticegenframetitle"
CONTENT_MARK = '<h1 id="top">noticegenframecontent</h1>'
FRAME_MARKDOWN = f"# {TITLE_MARK} {{ #top }}\n"
# Cache kind: what each archived page of a site's last build came out as (by
# its key), so a rebuild links the unchanged ones without rendering them.
LAST_PAGES = "archived-pages-1"
stats = {"rendered": 0, "linked": 0}  # archived pages, in this process


# Rendered tables of contents by what the theme's toc partial reads: a
# section list shared by fifty sites' archived pages is rendered once.
_TOCS: dict[tuple, str] = {}
_TOCS_KEPT = 4096


class NoticePages(BasePlugin):
    """Hands MkDocs the site from memory: `files` (docs path -> text), the
    `pages` in the nav and the `archived` pages (docs path -> Markdown
    chunks). noticegen converts the Markdown of every page (each distinct
    chunk once) and fills archived pages into frames."""

    def __init__(self, files: Mapping[str, str], pages: Mapping[str, Sequence[str]],
                 archived: Mapping[str, Sequence[str]], previous: Previous | None = None, shared: str = ""):
        super().__init__()
        self.previous = previous or Previous(".", None)  # where unchanged files are linked from (reuse.py)
        self.shared = shared  # freshness.shared_fingerprint: with it, unchanged archived pages are linked unrendered
        self.given = dict(files)
        self.own = dict(pages)
        self.pages = dict(archived)
        self.folders = sorted({path.split("/")[0] for path in self.pages})
        self.frame_of: dict[str, str] = {}  # folder -> the folder whose frame its pages fill
        self.frames: dict[str, _Frame] = {}
        self.files = None
        self.known: set[str] = set()
        self.rendered: dict[str, Converted] = {}  # docs path -> its converted Markdown
        self.nav = None
        self.env = None
        self.toc_sources: str | None = None  # digest of the toc partial's templates as this build reads them

    def on_files(self, files, config):
        self.files = files
        added = [File.generated(config, path, content=text) for path, text in self.given.items()]
        for file in added:  # JSON, the feed: written (or linked) here, never into a file in place
            file.copy_file = lambda dirty=False, file=file: self.previous.write(file.abs_dest_path, file.content_bytes)
        added += [File.generated(config, path, content=whole(chunks)) for path, chunks in self.own.items()]
        for path in self.pages:  # known to MkDocs, so links to them are checked and rewritten, but not built
            added.append(File.generated(config, path, content="", inclusion=InclusionLevel.EXCLUDED))
        for file in sorted(added, key=file_sort_key):  # the order MkDocs gives a docs folder
            files.append(file)
        self.frame_of = _frame_folders(self.pages, self.folders, _nav_paths(config.nav))
        for folder in sorted(set(self.frame_of.values())):
            files.append(File.generated(config, f"{folder}/{FRAME}/index.md", content=FRAME_MARKDOWN,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        self.known = {file.src_uri for file in files}  # every file is in by now: links may point at any
        return nav

    def on_env(self, env, config, files):
        self.env = env
        return env

    def on_page_markdown(self, markdown_text, page, config, files):
        if page.file.src_uri in self.pages or _frame_folder(page):
            page.meta["search"] = {"exclude": True}  # ten copies of each sentence would drown the current one
        if page.file.src_uri in self.own:
            return ""  # converted in on_page_content, from the chunks
        return markdown_text

    def on_page_content(self, html_text, page, config, files):
        if _frame_folder(page):
            return CONTENT_MARK
        path = page.file.src_uri
        if path in self.own:
            # Pages in the nav take their title from the nav, as MkDocs does.
            rendered = self.rendered[path] = _converter(config).convert(self.own[path])
            page.toc = get_toc(rendered.toc)
            return rendered.html
        return html_text

    def on_post_page(self, output, page, config):
        folder = _frame_folder(page)
        if folder:
            self.frames[folder] = _Frame.cut(output, page, self._render_toc(page.toc, config))
        return output

    def on_post_build(self, config):
        converter = _converter(config)
        keys = self._page_keys(config, converter)
        last = self._last_pages(config) if keys else {}
        made: dict[str, _Made] = {}  # page key -> what its page came out as, for the next build
        for path, chunks in self.pages.items():
            known = last.get(keys.get(path, ""))
            if known is not None and self.previous.link_known(self._target(config, path), known.size, known.sha256):
                self.rendered[path] = Converted("", [], known.ids, known.notes)  # what the link check reads
                made[keys[path]] = known
                stats["linked"] += 1
            else:
                self.rendered[path] = converter.convert(chunks)
        _check_links(self.rendered, self.known)  # now that every page's anchors are known
        for path in self.pages:
            rendered = self.rendered[path]
            if keys.get(path) in made:
                continue
            if not rendered.toc or rendered.toc[0]["id"] != "top" or "<h1" not in rendered.html:
                raise PluginError(f"{path}: an archived page must start with a `# Title {{ #top }}` heading")
            frame = self.frames[self.frame_of[path.split("/")[0]]]
            url = config.site_url + path.removesuffix("index.md")
            output = frame.fill(title=rendered.notes[0].title or "", url=url,
                                toc=self._toc_html(rendered.toc, config), content=rendered.html)
            data = mend_page(output, config).encode("utf-8", errors="xmlcharrefreplace")
            self.previous.write(self._target(config, path), data)
            stats["rendered"] += 1
            if path in keys:
                made[keys[path]] = _Made(len(data), hashlib.sha256(data).hexdigest(), rendered.ids, rendered.notes)
        if keys and made != last:  # as it was: the entry stays
            cache.save(LAST_PAGES, (config.site_url,), {key: known.encode() for key, known in sorted(made.items())})
        for folder in self.frames:
            shutil.rmtree(os.path.join(config.site_dir, folder, FRAME))
        if self.pages:
            self._write_sitemap(config)

    @staticmethod
    def _target(config, path: str) -> str:
        return os.path.join(config.site_dir, path.removesuffix(".md") + ".html")

    def _page_keys(self, config, converter: ChunkedMarkdown) -> dict[str, str]:
        """Each archived page's key: a digest of all its bytes are made from
        (the site's inputs shared by every page, `shared`, as build.py
        fingerprints them; its frame as rendered in this build; its address
        and Markdown; how it is converted, its contents rendered and the page
        mended). None without `shared` (nothing is then skipped or kept)."""
        if not self.shared:
            return {}
        frames = {folder: hashlib.sha256(json.dumps([frame.pieces, frame.slots]).encode()).hexdigest()
                  for folder, frame in self.frames.items()}
        common = [LAST_PAGES, cache.code_digest(), self.shared, converter.setup, str(config.theme.get("language")),
                  repr(config.mdx_configs.get("toc")), repr(getattr(self.env.loader, "searchpath", self.env.loader)),
                  str(config.extra.get("notice_language") or ""), config.site_url]
        if " at 0x" in repr(common):  # something without a stable name: its page cannot be known again
            return {}
        return {path: hashlib.sha256(json.dumps([common, frames[self.frame_of[path.split("/")[0]]], path,
                                                 whole(chunks)]).encode()).hexdigest()
                for path, chunks in self.pages.items()}

    def _last_pages(self, config) -> dict[str, "_Made"]:
        """What the pages of this site's last build (in the cache, if any)
        came out as, by page key; empty when there is no last build to link."""
        if self.previous.previous is None:
            return {}
        return cache.load(LAST_PAGES, (config.site_url,), _Made.decode_all) or {}

    def _toc_html(self, tokens: list, config) -> str:
        """Versions with the same sections share their table of contents, on
        every site this process builds with the same theme and language."""
        if self.toc_sources is None:
            self.toc_sources = _template_sources(self.env, ("partials/toc.html", "partials/language.html"),
                                                 str(config.theme.get("language")))
        if not self.toc_sources:  # a template it cannot follow: rendered for every page
            return self._render_toc(get_toc(tokens), config)
        key = (repr(tokens), str(config.theme.get("language")), repr(config.mdx_configs.get("toc")),
               self.toc_sources)
        if key not in _TOCS:
            if len(_TOCS) >= _TOCS_KEPT:
                _TOCS.clear()
            _TOCS[key] = self._render_toc(get_toc(tokens), config)
        return _TOCS[key]

    def _render_toc(self, toc, config) -> str:
        """The table of contents exactly as the theme's partial renders it."""
        lang = self.env.get_template("partials/language.html").make_module({"config": config})
        return self.env.get_template("partials/toc.html").render(page=SimpleNamespace(toc=toc),
                                                                 config=config, lang=lang)

    def _write_sitemap(self, config):
        """MkDocs' sitemap, written again with the framed pages in it (and
        without the frames), in MkDocs' own order."""
        template = self.env.get_template("sitemap.xml")
        entries = [file for file in self.files.documentation_pages()
                   if file.page is not None and FRAME not in file.src_uri]
        for path in self.pages:
            url = config.site_url + path.removesuffix("index.md")
            stub = SimpleNamespace(is_link=False, abs_url=url, canonical_url=url,
                                   update_date=entries[0].page.update_date)
            entries.append(SimpleNamespace(src_uri=path, name=posixpath.basename(path).removesuffix(".md"), page=stub))
        entries.sort(key=file_sort_key)
        output = template.render(get_context(self.nav, entries, config))
        path = os.path.join(config.site_dir, "sitemap.xml")
        self.previous.write(path, output.encode("utf-8"))
        packed_bytes = io.BytesIO()
        timestamp = utils.get_build_timestamp(pages=[entry.page for entry in entries])
        # The name MkDocs gives the gzip header: the path it writes to, as when it writes the file.
        with gzip.GzipFile(fileobj=packed_bytes, filename=f"{path}.gz", mode="wb", mtime=timestamp) as packed:
            packed.write(output.encode("utf-8"))
        self.previous.write(f"{path}.gz", packed_bytes.getvalue())


# Templates each template names ({% include %}, {% import %}), by the sha256 of its source.
_REFERENCES: dict[str, tuple] = {}


def _template_sources(env, names: tuple[str, ...], language: str) -> str:
    """A digest of the sources of `names` and of every template they name,
    as `env`'s loader finds them now: the key of a table of contents
    rendered from them, so an edited toc-item.html (a preview's long-lived
    process) is never served from a table rendered before the edit. Material's
    language.html names its language's file by an expression, which is
    followed for `language`; "" for any other name made by an expression, or
    a template not found (the caller then renders without caching)."""
    import jinja2
    from jinja2 import meta

    digest, seen, waiting = hashlib.sha256(), set(), list(names)
    while waiting:
        name = waiting.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
        except jinja2.TemplateNotFound:
            return ""
        source_digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        digest.update(f"{name}\0{source_digest}\0".encode())
        if source_digest not in _REFERENCES:
            if len(_REFERENCES) >= _TOCS_KEPT:
                _REFERENCES.clear()
            _REFERENCES[source_digest] = tuple(meta.find_referenced_templates(env.parse(source)))
        for referenced in _REFERENCES[source_digest]:
            if referenced is None:
                if name != "partials/language.html":
                    return ""
                referenced = f"partials/languages/{language}.html"
            waiting.append(referenced)
    return digest.hexdigest()


@dataclass(frozen=True)
class _Made:
    """An archived page as a build made it: its size and sha256, and what
    the link check reads of it (its ids, its links)."""

    size: int
    sha256: str
    ids: frozenset
    notes: tuple  # of _Noted

    def encode(self) -> list:
        return [self.size, self.sha256, sorted(self.ids),
                [[note.title, [list(target) for target in note.targets], list(note.anchors)] for note in self.notes]]

    @classmethod
    def decode_all(cls, data: dict) -> dict[str, "_Made"]:
        """The cache entry back; ValueError (an unsound entry) for anything
        that is not what `encode` wrote."""
        def strings(value) -> tuple:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError("not an archived page")
            return tuple(value)

        made = {}
        for key, (size, sha256, ids, notes) in data.items():
            if not isinstance(size, int) or not isinstance(sha256, str) or not isinstance(notes, list):
                raise ValueError("not an archived page")
            noted = []
            for title, targets, anchors in notes:
                if not (title is None or isinstance(title, str)) or not isinstance(targets, list):
                    raise ValueError("not an archived page")
                pairs = tuple(strings(target) for target in targets)
                if any(len(pair) != 2 for pair in pairs):
                    raise ValueError("not an archived page")
                noted.append(_Noted(title, pairs, strings(anchors)))
            made[key] = cls(size, sha256, frozenset(strings(ids)), tuple(noted))
        return made


@contextlib.contextmanager
def writing_through(previous: Previous):
    """MkDocs' own writes of pages, the 404 page, the sitemap and the
    search index (all through mkdocs.utils.write_file) go through
    `previous`, which links those its last build holds byte for byte."""
    original = utils.write_file
    utils.write_file = lambda content, output_path: previous.write(output_path, content)
    try:
        yield
    finally:
        utils.write_file = original


def _nav_paths(nav) -> list[str]:
    """Every docs path the configured nav names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_paths(item)]
    return []


def _frame_folders(pages, folders: list[str], nav: list[str]) -> dict[str, str]:
    """Which frame each folder's pages fill. Pages as deep as each other in
    different folders share one, unless the nav links into one of those
    folders (a link from the frame would then be written differently)."""
    depth = {folder: {len(path.split("/")) for path in pages if path.startswith(folder + "/")} for folder in folders}
    if any(path.startswith(folder + "/") for path in nav for folder in folders) or \
            len(set().union(*depth.values())) != 1:
        return {folder: folder for folder in folders}
    return {folder: folders[0] for folder in folders}


def _frame_folder(page) -> str | None:
    parts = page.file.src_uri.split("/")
    return parts[0] if len(parts) == 3 and parts[1] == FRAME else None


@dataclass
class _Frame:
    """A rendered frame cut at its markers: literal text between slots."""

    pieces: list[str]
    slots: list[str]  # "title", "title_text", "url", "toc", "content"; len(pieces) == len(slots) + 1

    @classmethod
    def cut(cls, output: str, page, toc_html: str) -> "_Frame":
        markers = {CONTENT_MARK: "content", toc_html: "toc", page.canonical_url: "url",
                   f"<title>{TITLE_MARK}": "title_text", TITLE_MARK: "title"}
        pattern = re.compile("|".join(re.escape(marker) for marker in markers))
        pieces, slots, start = [], [], 0
        for match in pattern.finditer(output):
            pieces.append(output[start:match.start()] + ("<title>" if markers[match.group(0)] == "title_text" else ""))
            slots.append(markers[match.group(0)])
            start = match.end()
        pieces.append(output[start:])
        # No table of contents is fine (a theme may show none outside the nav).
        if slots.count("content") != 1 or slots.count("toc") > 1 or FRAME in "".join(pieces):
            raise PluginError("the theme does not render archived pages the way noticegen fills them in "
                              f"(content found {slots.count('content')} times, table of contents "
                              f"{slots.count('toc')} times); undo the theme override or feature that "
                              "repeats them")
        return cls(pieces, slots)

    def fill(self, **values: str) -> str:
        values["title_text"] = Markup(values["title"]).striptags()  # as Material's <title>
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:]):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)


_converters: dict[str, ChunkedMarkdown] = {}


def _converter(config) -> ChunkedMarkdown:
    """One converter per Markdown configuration, for the life of the process."""
    key = repr((config.markdown_extensions, config.mdx_configs))
    if key not in _converters:
        _converters[key] = ChunkedMarkdown(config.markdown_extensions, config.mdx_configs, recorder=_Links,
                                           note_type=_Noted)
    return _converters[key]


@dataclass(frozen=True)
class _Noted:
    title: str | None  # the page title MkDocs takes from a leading <h1>
    targets: tuple  # (relative path, anchor or "") of links to other files
    anchors: tuple  # same-page anchors linked to


class _Links(Treeprocessor):
    """MkDocs' link rewriting for pages named index.md (a link to `x/index.md`
    or `x.md` becomes `x/`), plus the page title MkDocs reads from a leading
    <h1>. Targets are noted, to be checked per page."""

    def __init__(self, md):
        super().__init__(md)
        md.treeprocessors.register(self, "noticegen_links", priority=0)  # where MkDocs' relpath runs
        self.reset()

    def reset(self):
        self.title, self.targets, self.anchors = None, [], []

    def note(self) -> _Noted:
        return _Noted(self.title, tuple(self.targets), tuple(self.anchors))

    def run(self, root):
        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            self.title = get_heading_text(first, self.md)
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is None:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("/"):
                continue
            if not parts.path:
                self.anchors.append(parts.fragment)
                continue
            self.targets.append((parts.path, parts.fragment))
            if parts.path.endswith(".md"):
                stem = parts.path.removesuffix(".md")
                url = stem.removesuffix("index") if posixpath.basename(stem) == "index" else stem + "/"
                element.set(attribute, (url or "./") + (f"?{parts.query}" if parts.query else "")
                            + (f"#{parts.fragment}" if parts.fragment else ""))
        return root


def _check_links(pages: Mapping[str, Converted], known: set[str]) -> None:
    """What MkDocs' strict validation would refuse: a link to a file the site
    does not have, or to an anchor not on the page it names."""
    for path, rendered in pages.items():
        folder = posixpath.dirname(path)
        links = [(posixpath.normpath(posixpath.join(folder, target)), anchor, f"{target}#{anchor}" if anchor else target)
                 for note in rendered.notes for target, anchor in note.targets]
        links += [(path, anchor, f"#{anchor}") for note in rendered.notes for anchor in note.anchors if anchor]
        for resolved, anchor, written in links:
            if resolved not in known:
                raise PluginError(f"{path}: a link to {written!r}, which is not a file of this site")
            if anchor and resolved in pages and html.unescape(anchor) not in pages[resolved].ids:
                raise PluginError(f"{path}: a link to {written!r}, which is not on that page")
