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
import functools
import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import mergedeep
import yaml


BUILD_HOOK = Path(__file__).with_name("mkdocs_hook.py")
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
    cache_dir: str = ""  # compiled templates, shared by builds (see mkdocs_hook.py)
    banner: str = ""  # HTML for Material's announcement bar (rendered and escaped by noticegen)
    description: str = ""  # every page's meta description


def site_options(base_config: Path, docs_dir: Path, site_dir: Path, settings: SiteSettings,
                 hooks: list[Path] = ()) -> dict:
    """The settings a site adds to `base_config`. Paths are absolute: MkDocs
    resolves relative ones against the file that names them."""
    theme = _base_theme(base_config.resolve(), base_config.stat().st_mtime_ns)
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    options = {
        "site_name": settings.site_name,
        "site_url": settings.site_url,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": {"language": theme_language(settings.language)},
    }
    if theme.get("name"):  # `theme: material` is a name alone, which a merged dict would drop
        options["theme"]["name"] = theme["name"]
    if custom_dir:
        options["theme"]["custom_dir"] = str((base_config.parent / custom_dir).resolve())
    if settings.nav:
        options["nav"] = settings.nav
    if hooks:
        options["hooks"] = [str(hook) for hook in hooks]
    # Deep-merged with the base extra; read by theme/main.html and mkdocs_hook.
    options["extra"] = {"notice_language": settings.language}
    if settings.banner:
        options["extra"]["notice_banner"] = settings.banner
    if settings.description:
        options["site_description"] = settings.description
    return options


def write_config(base_config: Path, docs_dir: Path, site_dir: Path, settings: SiteSettings,
                 into: Path, hooks: list[Path] = ()) -> Path:
    """A per-site mkdocs.yml inheriting `base_config` (for the preview
    server, which reloads it)."""
    return write_config_file(base_config, site_options(base_config, docs_dir, site_dir, settings, hooks), into)


def _load_config(base_config: Path, options: dict, into: Path):
    """MkDocs' config for a site: `base_config` with `options` deep-merged
    over it, as INHERIT does. The base file is parsed once per version of it
    (MkDocs' YAML parser is pure Python, and every site reads it)."""
    from mkdocs.config import load_config

    text, base = _read_base(base_config.resolve(), base_config.stat().st_mtime_ns)
    if "!relative" in text:  # such values are bound to the config reading them: let MkDocs read the file
        return require_safety(load_config(config_file=str(write_config_file(base_config, options, into)), strict=True))
    merged = mergedeep.merge({}, copy.deepcopy(base), copy.deepcopy(options), {"strict": True})
    return require_safety(load_config(config_file=io.StringIO("{}"), config_file_path=str(base_config.resolve()),
                                      **merged))


def require_safety(config):
    """Author text is converted with the safety extension even when a
    project's mkdocs.yml leaves it out."""
    if SAFETY_EXTENSION not in config.markdown_extensions:
        config.markdown_extensions.append(SAFETY_EXTENSION)
    return config


def write_config_file(base_config: Path, options: dict, into: Path) -> Path:
    path = into / "mkdocs.yml"
    path.write_text(yaml.safe_dump({"INHERIT": str(base_config.resolve()), **options}, sort_keys=True,
                                   allow_unicode=True), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=8)
def _read_base(path: Path, mtime_ns: int) -> tuple[str, dict]:
    """mkdocs.yml's text and settings, read once per version of the file with
    MkDocs' own reader (INHERIT and !ENV as MkDocs handles them)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with path.open("rb") as source:
        return path.read_text(encoding="utf-8"), yaml_load(source, get_yaml_loader())


def _base_theme(path: Path, mtime_ns: int) -> dict:
    theme = _read_base(path, mtime_ns)[1].get("theme") or {}
    return theme if isinstance(theme, dict) else {"name": theme}


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


def build(base_config: Path, options: dict, settings: SiteSettings, files: Mapping[str, str] | None = None,
          pages: Mapping[str, Sequence[str]] | None = None, archived: Mapping[str, Sequence[str]] | None = None,
          framed: bool = True, work: Path | None = None) -> None:
    """Run a strict MkDocs build of `base_config` with the site's `options`
    (site_options); raise SiteBuildError with every warning.

    `files` (docs path -> text) and `pages` (docs path -> Markdown chunks)
    are added to those of the docs folder; `archived` pages share one frame
    per folder. With `framed`, noticegen converts the pages' Markdown and
    fills archived pages into their frame (see mkdocs_frames); without,
    MkDocs does it all. Archived pages are not in the search index."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    from .mkdocs_frames import NoticePages

    _remember_installed_themes()
    messages = _Collector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(messages)
    try:
        with _environment(SOURCE_DATE_EPOCH=str(settings.date_epoch), NO_MKDOCS_2_WARNING="1",
                          NOTICEGEN_JINJA_CACHE=settings.cache_dir):
            config = _load_config(base_config, options, work or Path(options["docs_dir"]).parent)
            config.plugins["noticegen/pages"] = NoticePages(files or {}, pages or {}, archived or {}, framed)
            mkdocs_build(config)
    except (exceptions.MkDocsException, exceptions.Abort, OSError) as exc:
        detail = "; ".join(messages.lines) or str(exc)
        raise SiteBuildError(f"MkDocs failed: {detail}") from None
    finally:
        mkdocs_logger.removeHandler(messages)


def serve(config_file: Path, watch: list[Path], dev_addr: str) -> None:
    """MkDocs' dev server with live reload, watching `watch` as well."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    with _environment(NO_MKDOCS_2_WARNING="1"):
        mkdocs_serve(config_file=str(config_file), livereload=True,
                     watch=[str(path) for path in watch], dev_addr=dev_addr)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


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
