"""The one place that talks to MkDocs (with mkdocs_hook and mkdocs_frames,
which MkDocs calls back during a build).

The rest of noticegen hands over the site's pages and a few settings; this
module merges the site's options over the project's `mkdocs.yml` (as INHERIT
would), runs MkDocs, and turns its failures into `SiteBuildError` with
MkDocs' own messages.
"""
from __future__ import annotations

import contextlib
import copy
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import mergedeep
import yaml

from . import engine, logcapture


SAFETY_EXTENSION = "generator.safety"  # always on, whatever mkdocs.yml lists (see safety.py)


class SiteBuildError(Exception):
    pass


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    site_url: str
    language: str
    nav: list = field(default_factory=list)  # [{"Title": "page.md"}]
    date_epoch: int = 0  # SOURCE_DATE_EPOCH: the build date MkDocs writes
    cache_dir: str = ""  # compiled templates, shared by builds (see mkdocs_hook)
    banner: str = ""  # HTML for Material's announcement bar (rendered and escaped by noticegen)
    description: str = ""  # every page's meta description
    alternates: tuple = ()  # the site's languages for Material's selector: {name, link, lang} (see languages.py)


DEFAULT_CONFIG = Path(__file__).parent / "data" / "mkdocs.yml"


def package_theme() -> Path:
    """noticegen's own theme overrides: generator/theme/ when installed,
    theme/ beside the package in a source checkout."""
    inside = Path(__file__).parent / "theme"
    return inside if inside.is_dir() else Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True)
class ConfigFiles:
    """A site's MkDocs config, in layers: noticegen's defaults, then the
    project's mkdocs.yml over them (if it has one), then the site's options.
    Templates come from the project's theme/ (if any), then noticegen's
    theme, then Material."""

    project_file: Path | None = None
    project_theme: Path | None = None

    @classmethod
    def of(cls, root: Path) -> "ConfigFiles":
        config, theme = root / "mkdocs.yml", root / "theme"
        return cls(config if config.is_file() else None, theme if theme.is_dir() else None)

    @property
    def files(self) -> tuple[Path, ...]:
        return (DEFAULT_CONFIG,) + ((self.project_file,) if self.project_file else ())

    @property
    def anchor(self) -> Path:
        """The file relative paths in the config are resolved against."""
        return (self.project_file or DEFAULT_CONFIG).resolve()

    @property
    def custom_dir(self) -> Path | None:
        """The theme's custom_dir the merged settings name, against the file
        that names it."""
        theme = self.settings().get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return self.anchor.parent / custom if isinstance(custom, str) and custom else None

    def theme_dirs(self, configured: str | None = None) -> list[Path]:
        """Override folders, most specific first (`configured`: a custom_dir
        the project's mkdocs.yml names)."""
        found = [Path(configured) if configured else None, self.project_theme, package_theme()]
        return list(dict.fromkeys(path.resolve() for path in found if path is not None))

    def settings(self) -> dict:
        """The layers' settings merged, each file parsed once per version of it."""
        merged: dict = {}
        for path in self.files:
            mergedeep.merge(merged, copy.deepcopy(_read_file(path.resolve())[1]))
        return merged


def site_options(config: ConfigFiles, docs_dir: Path, site_dir: Path, settings: SiteSettings,
                 hooks: list[Path] = ()) -> dict:
    """The settings a site adds to its config layers. Paths are absolute:
    MkDocs resolves relative ones against the file that names them."""
    theme = config.settings().get("theme") or {}
    theme = theme if isinstance(theme, dict) else {"name": theme}
    custom = config.custom_dir
    dirs = config.theme_dirs(str(custom) if custom else None)
    options = {
        "site_name": settings.site_name,
        "site_url": settings.site_url,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        # No web fonts whatever a project asks: the site makes no third-party request.
        "theme": {"language": theme_language(settings.language), "custom_dir": str(dirs[0]), "font": False},
    }
    if theme.get("name"):  # `theme: material` is a name alone, which a merged dict would drop
        options["theme"]["name"] = theme["name"]
    if settings.nav:
        options["nav"] = settings.nav
    if hooks:
        options["hooks"] = [str(hook) for hook in hooks]
    # Deep-merged with the base extra; read by theme/main.html and mkdocs_hook.
    options["extra"] = {"notice_language": settings.language, "notice_theme_dirs": [str(d) for d in dirs[1:]]}
    if settings.banner:
        options["extra"]["notice_banner"] = settings.banner
    if settings.alternates:
        options["extra"]["alternate"] = [dict(alternate) for alternate in settings.alternates]
    if settings.language.split("-")[0] != "en":
        from . import i18n

        with i18n.speaking(settings.language):  # the 404 page's words (theme/404.html)
            options["extra"]["notice_404"] = {
                key: i18n.t(text) for key, text in (
                    ("title", "Page not found"), ("intro", "There is no page at this address. You may be looking for:"),
                    ("notice", "the privacy statement in force"), ("history", "every version of it, and what changed"),
                    ("search", "search this site"), ("script", "(with JavaScript)."))}
            title = i18n.t("Link to this section")
        # The permalinks' title (toc's permalink_title, shown and read aloud) in the page's language.
        extensions = _with_permalink_title(config.settings().get("markdown_extensions") or [], title)
        if extensions is not None:
            options["markdown_extensions"] = extensions
    if settings.description:
        options["site_description"] = settings.description
    return options


def _with_permalink_title(extensions, title: str):
    """What to merge over the layers' markdown_extensions so that toc's
    permalink_title is `title`: a mapping merges key by key; a list
    replaces the layers' list, so it is given whole. None without toc."""
    if isinstance(extensions, dict):
        return {"toc": {"permalink_title": title}} if "toc" in extensions else None
    found, result = False, []
    for entry in copy.deepcopy(list(extensions)):
        if isinstance(entry, dict) and "toc" in entry:
            entry, found = {"toc": {**(entry["toc"] or {}), "permalink_title": title}}, True
        elif entry == "toc":
            entry, found = {"toc": {"permalink_title": title}}, True
        result.append(entry)
    return result if found else None


def write_config(config: ConfigFiles, docs_dir: Path, site_dir: Path, settings: SiteSettings,
                 into: Path, hooks: list[Path] = ()) -> Path:
    """A per-site mkdocs.yml holding every layer (for the preview server,
    which reloads it)."""
    return write_config_file(config, site_options(config, docs_dir, site_dir, settings, hooks), into)


def _load_config(config: ConfigFiles, options: dict, into: Path):
    """MkDocs' config for a site: the layers with `options` deep-merged over
    them, as INHERIT does."""
    from mkdocs.config import load_config

    if any("!relative" in _read_file(path.resolve())[0] for path in config.files):
        # Such values are bound to the file reading them: let MkDocs read the files.
        return prepared(load_config(config_file=str(write_config_file(config, options, into)), strict=True))
    merged = mergedeep.merge(config.settings(), copy.deepcopy(options), {"strict": True})
    return prepared(load_config(config_file=io.StringIO("{}"), config_file_path=str(config.anchor), **merged))


def prepared(config):
    """What noticegen holds every site to, whatever mkdocs.yml says: author
    text converted with the safety extension; noticegen's theme beneath a
    project's own overrides."""
    if SAFETY_EXTENSION not in config.markdown_extensions:
        config.markdown_extensions.append(SAFETY_EXTENSION)
    below = [d for d in config.extra.get("notice_theme_dirs", []) if d not in config.theme.dirs]
    config.theme.dirs[1:1] = below  # after the custom_dir, before Material's own
    return config


def write_config_file(config: ConfigFiles, options: dict, into: Path) -> Path:
    """One mkdocs.yml: each layer INHERITs the one before, the site's options on top."""
    parent = None
    for number, layer in enumerate(config.files):
        if parent is None:
            parent = layer.resolve()
            continue
        chained = into / f"layer-{number}.yml"
        chained.write_text(f"INHERIT: {parent}\n" + layer.read_text(encoding="utf-8"), encoding="utf-8")
        parent = chained
    path = into / "mkdocs.yml"
    path.write_text(yaml.safe_dump({"INHERIT": str(parent), **options}, sort_keys=True, allow_unicode=True),
                    encoding="utf-8")
    return path


_files_read: dict[Path, tuple[tuple[tuple[Path, int], ...], str, dict]] = {}


def _read_file(path: Path) -> tuple[str, dict]:
    """A config file's text (with the texts of the files it INHERITs) and
    settings, read with MkDocs' own reader (INHERIT and !ENV as MkDocs
    handles them), once per version of it and of every file it inherits
    from (the preview builds again in one process)."""
    known = _files_read.get(path)
    if known is not None and all(_mtime(file) == mtime for file, mtime in known[0]):
        return known[1], known[2]
    files, text, settings = _read_chain(path)
    if len(_files_read) >= 16:
        _files_read.clear()
    _files_read[path] = (tuple((file, _mtime(file)) for file in files), text, settings)
    return text, settings


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _read_chain(path: Path) -> tuple[list[Path], str, dict]:
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from .problems import NoticeError, Problem

    try:
        _refuse_expanding(path)
        with path.open("rb") as source:
            settings = yaml_load(source, get_yaml_loader()) or {}
        if not isinstance(settings, dict):
            raise NoticeError([Problem(path, 1, "must be a mapping of settings (name: value lines), "
                                                f"not a {type(settings).__name__}", "write it like site_name: …")])
        files, texts = [path], []
        for file in files:  # grows by the file each one INHERITs (MkDocs has read them: the chain ends)
            texts.append(file.read_text(encoding="utf-8"))
            root = yaml.compose(texts[-1], Loader=get_yaml_loader())
            _refuse_duplicate_keys(file, root)
            parent = _inherits(file, root)
            if parent is not None and parent not in files:
                files.append(parent)
        return files, "\n".join(texts), settings
    except RecursionError:
        raise NoticeError([Problem(path, 1, "INHERIT loop: the files it inherits from inherit from it again",
                                   "let one file inherit from the other, not both")]) from None
    except IsADirectoryError as exc:
        raise NoticeError([Problem(path, 1, f"INHERIT names {exc.filename}, a folder", "name a YAML file")]) from None
    except ConfigurationError as exc:  # MkDocs' words for a YAML error, or an INHERIT that is missing
        cause = exc.__cause__ or exc.__context__
        mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
        if isinstance(cause, yaml.YAMLError):
            what = f"malformed YAML: {getattr(cause, 'problem', None) or cause}"
            fix = "check indentation, colons and quotes on this line; quote a value holding ? [ ] { } or #"
        else:
            what, fix = str(exc), "fix the setting MkDocs names"
        raise NoticeError([Problem(path, mark.line + 1 if mark else 1, what, fix)]) from None
    except UnicodeDecodeError:
        raise NoticeError([Problem(path, 1, "not UTF-8 text", "save it as UTF-8")]) from None


INHERIT_LINE = re.compile(r"^INHERIT\s*:\s*(\S+)", re.M)


def _refuse_expanding(path: Path) -> None:
    """A config file, and each file it INHERITs, whose YAML a reader would
    walk for ever or nearly (yamlsafe.expansion_problem): refused before
    MkDocs' reader or ours builds it."""
    from .problems import NoticeError, Problem
    from .yamlsafe import expansion_problem

    seen: set[Path] = set()
    while path.is_file() and path.resolve() not in seen:
        seen.add(path.resolve())
        text = path.read_text(encoding="utf-8")
        found = expansion_problem(text)
        if found:
            raise NoticeError([Problem(path, found.line, found.message, found.fix)])
        inherit = INHERIT_LINE.search(text)
        if not inherit:
            return
        path = path.parent / inherit.group(1).strip("'\"")


def _refuse_duplicate_keys(path: Path, node, where: str = "", walked: set | None = None) -> None:
    """MkDocs lets the last of two equal keys win without a word: `theme:`
    written twice drops the first theme's settings. Refused with both lines.
    Keys are equal when MkDocs' dict takes them for one (`true` and `yes`,
    `1` and `0x1`; `1` and `"1"` are two keys); merge keys (`<<`) merge, so
    they may repeat; an alias is walked once (one may name the mapping it is
    in)."""
    import yaml

    from .problems import NoticeError, Problem

    walked = set() if walked is None else walked
    if id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, tuple[int, str]] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                name, line, same = where + key.value, key.start_mark.line + 1, _key_identity(key)
                if same in seen:
                    first, spelled = seen[same]
                    written = "" if spelled == key.value else f", as `{spelled}`"
                    raise NoticeError([Problem(path, line, f"`{name}` is set twice (first on line {first}"
                                                           f"{written}): MkDocs would use the last one only",
                                               "keep one of them")])
                seen[same] = (line, key.value)
                _refuse_duplicate_keys(path, value, name + ".", walked)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _refuse_duplicate_keys(path, item, f"{where}{number}.", walked)


def _key_identity(key) -> object:
    """What a key is once MkDocs' loader made it a dict key: YAML's own
    scalar types by value (Python's dict takes `True`, `1` and `1.0` for one
    key), any other tag by tag and text."""
    import yaml

    if key.tag.startswith("tag:yaml.org,2002:"):
        try:
            value = yaml.constructor.SafeConstructor().construct_object(key)
            return (type(value) is str, value)
        except (yaml.YAMLError, TypeError, ValueError):
            pass
    return (key.tag, key.value)


def _inherits(path: Path, root) -> Path | None:
    """The file a config file's INHERIT names, as MkDocs finds it."""
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "INHERIT" and value.tag == "tag:yaml.org,2002:str":
                return (path.parent / value.value).resolve()
    return None


def theme_language(language: str) -> str:
    """Material's nearest translation: `en-CA` has none, so it gets `en`."""
    import material

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for candidate in (language, language.split("-")[0]):
        if (languages / f"{candidate}.html").exists():
            return candidate
    return "en"


class _InstalledThemes:
    """MkDocs lists installed themes (every package's entry points, ~5 ms)
    twice per site and clears its own cache in between; packages do not
    change during a build, so one worker lists them once."""

    def __init__(self, find):
        self.find, self.found = find, None

    def __call__(self):
        if self.found is None:
            self.found = self.find()
        return self.found

    def cache_clear(self):
        pass


def _remember_installed_themes() -> None:
    from mkdocs import utils

    if not isinstance(utils.get_themes, _InstalledThemes):
        utils.get_themes = _InstalledThemes(utils.get_themes)


def build(config_files: ConfigFiles, options: dict, settings: SiteSettings, files: Mapping[str, str] | None = None,
          pages: Mapping[str, Sequence[str]] | None = None, archived: Mapping[str, Sequence[str]] | None = None,
          framed: bool = True, work: Path | None = None, previous: Path | None = None, shared: str = "") -> None:
    """Run a strict MkDocs build of the config layers with the site's `options`
    (site_options); raise SiteBuildError with every warning.

    `files` (docs path -> text) and `pages` (docs path -> Markdown chunks)
    are added to those of the docs folder; archived pages are not in the
    search index. With `framed` (the accelerator, see render.py), noticegen
    converts the pages' Markdown, fills `archived` pages into one frame per
    folder (mkdocs_frames) and keeps Material's templates compiled across
    builds (mkdocs_hook); without, MkDocs does it all and noticegen takes
    part through public plugin events only (mkdocs_portable). `previous`
    (framed only): the site's last build, whose files that come out byte
    for byte the same are linked, not written (reuse.py); with `shared`
    (the plan's freshness.shared_fingerprint) too, archived pages whose
    inputs are those of a page of that build are linked without being
    rendered (mkdocs_frames)."""
    import jinja2  # here, not above: a build that changes nothing reads the config layers only
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    if framed:
        _remember_installed_themes()
    with logcapture.warnings_of(engine.logger_name()) as warnings:
        try:
            with _environment(SOURCE_DATE_EPOCH=str(settings.date_epoch), NO_MKDOCS_2_WARNING="1",
                              NOTICEGEN_JINJA_CACHE=settings.cache_dir):
                config = _load_config(config_files, options, work or Path(options["docs_dir"]).parent)
                if framed:
                    from .mkdocs_frames import NoticePages, writing_through
                    from .mkdocs_hook import BuildHooks
                    from .reuse import Previous

                    files_before = Previous(config.site_dir, previous)
                    # after the configured plugins, as hooks are
                    config.plugins["noticegen/build"] = BuildHooks(files_before)
                    config.plugins["noticegen/pages"] = NoticePages(files or {}, pages or {}, archived or {},
                                                                    files_before, shared)
                    with writing_through(files_before):
                        mkdocs_build(config)
                else:
                    from .mkdocs_portable import PortablePages

                    config.plugins["noticegen/pages"] = PortablePages(files or {}, pages or {}, archived or {})
                    mkdocs_build(config)
        except (exceptions.MkDocsException, exceptions.Abort, OSError) as exc:
            detail = "; ".join(warnings) or str(exc)
            raise SiteBuildError(f"MkDocs failed: {detail}") from None
        except jinja2.TemplateError as exc:  # a theme/ override that Jinja cannot read
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
            raise SiteBuildError(f"{where}the template cannot be used: {exc.message or exc} "
                                 "(fix the template: blocks only, each once)") from None


def serve(config_file: Path, watch: list[Path], dev_addr: str) -> None:
    """MkDocs' dev server with live reload, watching `watch` as well."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    with _environment(NO_MKDOCS_2_WARNING="1"), _only_own_host(dev_addr):
        mkdocs_serve(config_file=str(config_file), livereload=True,
                     watch=[str(path) for path in watch], dev_addr=dev_addr)


_HOST = re.compile(r"\[([0-9a-f:.]+)\](?::\d{1,5})?|([^\[\]:/@\s]+)(?::\d{1,5})?")


def allowed_host(host_header: str, dev_addr: str) -> bool:
    """Whether a request's Host names this preview: loopback or the address
    it listens on. A web page the author visits could otherwise point its
    own name at 127.0.0.1 (DNS rebinding) and read the unpublished draft."""
    def name(address: str) -> str:
        # host, [v6] or either with :port; anything after it ("[::1]evil.example") is no name of ours
        match = _HOST.fullmatch(address.strip().lower())
        return (match.group(1) or match.group(2)) if match else ""
    if name(dev_addr) in ("0.0.0.0", "::"):
        return True  # listening on every address is the author's choice: a phone, a colleague, a forwarded port
    return name(host_header) in {"localhost", "127.0.0.1", "::1", name(dev_addr)}


@contextlib.contextmanager
def _only_own_host(dev_addr: str):
    """MkDocs' server answers any Host: for the time of `serve`, its request
    handler first refuses other names (403). MkDocs has no public hook for it."""
    from mkdocs.livereload import LiveReloadServer

    original = LiveReloadServer.serve_request

    def serve_request(server, environ, start_response):
        if not allowed_host(environ.get("HTTP_HOST", ""), dev_addr):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"This preview answers only to its own address (localhost).\n"]
        if "\x00" in environ.get("PATH_INFO", ""):
            # No file has a NUL in its name; MkDocs' open() raised on it, printing a traceback per request.
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"No file name holds a NUL character.\n"]
        return original(server, environ, start_response)

    LiveReloadServer.serve_request = serve_request
    try:
        yield
    finally:
        LiveReloadServer.serve_request = original



@contextlib.contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
