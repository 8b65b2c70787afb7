"""MkDocs plugin for `noticegen build`: the same output, less repeated work.

Registered once per build, as an instance (`BuildHooks`, in mkdocs_site.build),
not named as a `hooks:` file: MkDocs would load the file as a module of its
own, a second copy of this one beside `generator.mkdocs_hook`, each with its
own caches.

Every MkDocs build makes a fresh Jinja environment, which loads and compiles
all of Material's templates again and lists its 14,500-file theme folder.
Here a worker process keeps one environment per theme folders (and their
state: files, newest change) and language for all the sites it builds:
templates are loaded once (MkDocs turns auto-reload off) and only the
context differs from site to site, as MkDocs passes everything per render.
Compiled templates also go to Jinja's bytecode cache, for the next worker.

The theme's files (scripts, styles, search) are the same on every site: the
first site a worker builds gets copies, later sites hard links to them, so
they take no time, no space and are hashed once (manifest.file_hashes).
noticegen never writes into a built file in place, so the links are safe.

It also mends two of Material's defaults that fail HTML validation, marks
Material's links to a section shown in another language than the page's, and
says which of noticegen's words the theme shows are English (fallback.py).
"""
from __future__ import annotations

import html
import os
import re

import jinja2
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from . import fallback

CACHE_VARIABLE = "NOTICEGEN_JINJA_CACHE"
_listings: dict[tuple[str, ...], list[str]] = {}
_environments: dict[tuple, jinja2.Environment] = {}
_theme_copies: dict[tuple, tuple[str, tuple]] = {}  # theme file identity -> (copy, copy's identity)
_pending: list[tuple[tuple, str]] = []


def _theme_state(dirs) -> tuple:
    """When the project's and noticegen's theme folders last changed (files,
    newest change, total size; Material's and MkDocs' own, installed, do
    not): a process that builds again after a template was edited (`serve`)
    gets an environment that reads it, not the one it kept."""
    installed = tuple(os.path.join(os.path.dirname(os.path.dirname(module.__file__)), "")
                      for module in (jinja2,))  # site-packages
    state = []
    for folder in dirs:
        if os.path.join(os.path.abspath(folder), "").startswith(installed):
            continue
        count, newest, size = 0, 0, 0
        for top, _, files in os.walk(folder, followlinks=True):
            for name in files:
                try:
                    status = os.stat(os.path.join(top, name))
                except OSError:
                    continue
                count, newest, size = count + 1, max(newest, status.st_mtime_ns), size + status.st_size
        state.append((folder, count, newest, size))
    return tuple(state)


class _RememberingLoader(jinja2.FileSystemLoader):
    def list_templates(self):
        key = (tuple(self.searchpath), _theme_state(self.searchpath))
        if key not in _listings:
            _listings[key] = _visible_templates(self.searchpath, self.followlinks)
        return list(_listings[key])


def _visible_templates(searchpath, followlinks: bool) -> list[str]:
    """What jinja2.FileSystemLoader.list_templates lists, less hidden paths
    (a part starting with "."), which are never copied to the site. Hidden
    folders are not walked at all: Material's .icons/ holds 14,000 of its
    14,500 files, and walking it was a tenth of a second in every worker."""
    found = set()
    for folder in searchpath:
        for top, folders, names in os.walk(folder, followlinks=followlinks):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                template = os.path.join(top, name)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
                if template[:2] == "./":
                    template = template[2:]
                if not any(part.startswith(".") for part in template.split("/")):
                    found.add(template)
    return sorted(found)


def _usable(folder: str) -> bool:
    """The compiled templates only save time: off with NOTICEGEN_CACHE=off,
    and skipped where the folder cannot be made (a file or a dangling link
    in its place, no permission)."""
    if os.environ.get("NOTICEGEN_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return False
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)


def on_config(config):
    theme = config.theme
    make_env = theme.get_env
    cache = os.environ.get(CACHE_VARIABLE)

    def get_env():
        # Material's language is `theme.language`, not MkDocs' `locale`, and
        # must be in the key: the search plugin reads its settings (lang,
        # separator, pipeline) from `partials/language.html`'s module, which
        # Jinja builds once per template, so an environment shared between
        # languages gave the French index the English settings.
        key = (tuple(theme.dirs), str(theme.locale), theme.get("language"), cache, _theme_state(theme.dirs))
        if key not in _environments:
            env = make_env()
            env.loader = _RememberingLoader(env.loader.searchpath)
            if cache and _usable(cache):
                env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache)
            _environments[key] = env
        return _environments[key]

    theme.get_env = get_env
    return config


def on_files(files, config, previous=None):
    """`previous` (reuse.Previous): the site's last build, whose copy of a
    theme file the first site of a worker links when it holds the same bytes."""
    theme_dirs = tuple(os.path.join(folder, "") for folder in config.theme.dirs)
    _pending.clear()
    for file in files:
        source = file.abs_src_path
        if file.is_documentation_page() or not source or not source.startswith(theme_dirs):
            continue
        identity = _identity(source)
        copy, copy_identity = _theme_copies.get(identity, ("", None))
        if copy and copy_identity and _identity(copy) == copy_identity and _link(copy, file.abs_dest_path):
            file.inclusion = InclusionLevel.EXCLUDED  # linked, so MkDocs need not copy it
        else:
            if previous is not None and previous.link_copy(source, file.abs_dest_path):
                file.inclusion = InclusionLevel.EXCLUDED
            _pending.append((identity, file.abs_dest_path))
    return files


def on_post_build(config):
    for identity, copy in _pending:
        if os.path.isfile(copy):
            _theme_copies[identity] = (copy, _identity(copy))
    _pending.clear()


def _identity(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:  # an earlier build's folder, since moved or removed
        return None
    return path, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _link(source: str, target: str) -> bool:
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
        return True
    except OSError:  # another file system, say: MkDocs copies it
        return False


# Material's drawer and search checkboxes: autocomplete="off" is allowed only
# on text-like inputs, and a form control needs a name for assistive
# technology even when hidden (the 404 page has no label pointing at it).
_TOGGLE = re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)" autocomplete="off">')
# Their names, in the page's language (i18n; "Recherche" is Material's own French word for search).
_TOGGLE_NAMES = {"drawer": "Navigation", "search": "Search"}


def _mended_toggle(match: re.Match, language: str = "") -> str:
    from . import i18n

    kind = match.group(1)
    with i18n.speaking(language or "en"):
        name = i18n.t(_TOGGLE_NAMES[kind])
    said = ' lang="en"' if fallback.has_marks(name) else ""  # its name is all it says: its language is the name's
    return (f'<input class="md-toggle" data-md-toggle="{kind}" type="checkbox" id="__{kind}"{said} '
            f'aria-label="{html.escape(name)}">')


# Material's search results take a Tab press even while search is closed:
# an invisible focus stop. The results are links, reachable without it.
_SEARCH_SCROLL = '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>'


# A section shown in the source language on a translated page: its link in the
# page's contents says so (pages.notice_chunks: `<li><a href="#id" lang="en-CA">`).
# Material's own links to it (the navigation's and the sidebar's contents) are
# marked alike, and its heading's permalink, which sits in that language's
# container but whose title is noticegen's word, with the page's words' language.
_IN_LANGUAGE = re.compile(r'<li><a href="#([^"]+)" lang="([^"]+)">')


def _mark_languages(output: str, language: str) -> str:
    if '" lang="' not in output:  # most pages: nothing in another language (str search: quicker than a regex)
        return output
    marked = dict(_IN_LANGUAGE.findall(output))
    if not marked:
        return output
    from . import i18n

    words = html.escape(i18n.words_language(language))
    for anchor, lang in marked.items():
        output = output.replace(f'<a href="#{anchor}" class="md-nav__link">',
                                f'<a href="#{anchor}" class="md-nav__link" lang="{lang}">')
        output = output.replace(f'<a class="headerlink" href="#{anchor}" title="',
                                f'<a class="headerlink" href="#{anchor}" lang="{words}" title="')
    return output


# A heading that is noticegen's English whole (the contents' "Contents" on an iu-CA page): Material's
# links to it, in the navigation and the sidebar, carry its words without the span (their text is
# the heading's, tags stripped), so the link says it instead.
_ENGLISH_HEADING = re.compile(r'<h[1-6][^>]* id="([^"]+)"><span lang="en">[^<]*</span><a class="headerlink"')


def _mark_english_headings(output: str) -> str:
    if '"><span lang="en">' not in output:
        return output
    for anchor in dict.fromkeys(_ENGLISH_HEADING.findall(output)):
        output = output.replace(f'<a href="#{anchor}" class="md-nav__link">',
                                f'<a href="#{anchor}" class="md-nav__link" lang="en">')
    return output


def _mark_material_english(output: str, config, language: str) -> str:
    """Material's interface words that are its English on this page, and the
    permalinks' title when noticegen has no word for it (material_words)."""
    from . import i18n, material_words

    with i18n.speaking(language):
        title = i18n.t("Link to this section")
    return material_words.mark(output, config.theme.dirs, config.theme.get("language"), language,
                               (title,) if fallback.has_marks(title) else ())


def mend_page(output: str, config=None) -> str:
    language = (config.extra.get("notice_language") if config is not None else None) or ""
    output = _TOGGLE.sub(lambda match: _mended_toggle(match, language), output)
    if 'id="__toc"' not in output:
        # Pages outside the nav (archived versions, diffs) get the contents
        # label but not the checkbox it would toggle.
        output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    output = output.replace(_SEARCH_SCROLL, '<div class="md-search__scrollwrap" data-md-scrollfix>')
    if language:
        # Material's `lang` is its nearest translation (en for en-CA); the page's is the site's.
        output = re.sub(r'^(\s*<html lang=")[^"]*"', lambda m: f'{m.group(1)}{language}"', output, count=1,
                        flags=re.M)
        output = _mark_languages(output, language)
        output = _mark_english_headings(_mark_material_english(output, config, language))
    # noticegen's English words around the content (navigation, contents, the tab's title): said so, or plain.
    return fallback.html(output)


def on_post_page(output, page, config):
    return mend_page(output, config)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return mend_page(output_content, config)


class BuildHooks(BasePlugin):
    """The events above as a plugin, registered by mkdocs_site.build;
    `previous` (reuse.Previous): the site's last build."""

    def __init__(self, previous=None):
        super().__init__()
        self.previous = previous

    @event_priority(100)  # before the search plugin, which asks for an environment too
    def on_config(self, config):
        return on_config(config)

    def on_files(self, files, config):
        return on_files(files, config, self.previous)

    def on_post_build(self, config):
        on_post_build(config)

    def on_post_page(self, output, page, config):
        return on_post_page(output, page, config)

    def on_post_template(self, output_content, template_name, config):
        return on_post_template(output_content, template_name, config)
