"""MkDocs hook for `noticegen build`: the same output, less repeated work.

Every MkDocs build makes a fresh Jinja environment, which loads and compiles
all of Material's templates again and lists its 14,500-file theme folder.
Here a worker process keeps one environment per theme folders and language
for all the sites it builds: templates are loaded once (MkDocs turns
auto-reload off, and the theme does not change during a build) and only the
context differs from site to site, as MkDocs passes everything per render.
Compiled templates also go to Jinja's bytecode cache, for the next worker.

It also mends two of Material's defaults that fail HTML validation.
"""
from __future__ import annotations

import os
import re

import jinja2
from mkdocs.plugins import event_priority

CACHE_VARIABLE = "NOTICEGEN_JINJA_CACHE"
_listings: dict[tuple[str, ...], list[str]] = {}
_environments: dict[tuple, jinja2.Environment] = {}


class _RememberingLoader(jinja2.FileSystemLoader):
    def list_templates(self):
        key = tuple(self.searchpath)
        if key not in _listings:
            # Hidden paths (Material's .icons/, 14,000 SVGs) are never copied
            # to the site, so MkDocs need not filter them out on every build.
            _listings[key] = [name for name in super().list_templates()
                              if not any(part.startswith(".") for part in name.split("/"))]
        return list(_listings[key])


@event_priority(100)  # before the search plugin, which asks for an environment too
def on_config(config):
    theme = config.theme
    make_env = theme.get_env
    cache = os.environ.get(CACHE_VARIABLE)

    def get_env():
        key = (tuple(theme.dirs), str(theme.locale), cache)
        if key not in _environments:
            env = make_env()
            env.loader = _RememberingLoader(env.loader.searchpath)
            if cache:
                os.makedirs(cache, exist_ok=True)
                env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache)
            _environments[key] = env
        return _environments[key]

    theme.get_env = get_env
    return config


# Material's drawer and search checkboxes: autocomplete="off" is allowed only
# on text-like inputs, and a form control needs a name for assistive
# technology even when hidden (the 404 page has no label pointing at it).
_TOGGLE = re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)" autocomplete="off">')
_TOGGLE_NAMES = {"drawer": "Navigation", "search": "Search"}


def _mended_toggle(match: re.Match) -> str:
    kind = match.group(1)
    return (f'<input class="md-toggle" data-md-toggle="{kind}" type="checkbox" id="__{kind}" '
            f'aria-label="{_TOGGLE_NAMES[kind]}">')


def mend_page(output: str) -> str:
    output = _TOGGLE.sub(_mended_toggle, output)
    if 'id="__toc"' not in output:
        # Pages outside the nav (archived versions, diffs) get the contents
        # label but not the checkbox it would toggle.
        output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return output


def on_post_page(output, page, config):
    return mend_page(output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return mend_page(output_content)
