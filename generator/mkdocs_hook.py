"""MkDocs hook for `noticegen build`: the same output, less repeated work.

Every MkDocs build makes a fresh Jinja environment, which recompiles all of
Material's templates and lists its 14,500-file theme folder again. Here the
environment still is fresh per site (nothing rendered is shared), but
compiled templates come from Jinja's bytecode cache (keyed by template path,
checked against the source) and the theme listing is remembered for the life
of the worker process (the theme does not change during a build).

It also mends two of Material's defaults that fail HTML validation.
"""
from __future__ import annotations

import os
import re

import jinja2

CACHE_VARIABLE = "NOTICEGEN_JINJA_CACHE"
_listings: dict[tuple[str, ...], list[str]] = {}


class _RememberingLoader(jinja2.FileSystemLoader):
    def list_templates(self):
        key = tuple(self.searchpath)
        if key not in _listings:
            # Hidden paths (Material's .icons/, 14,000 SVGs) are never copied
            # to the site, so MkDocs need not filter them out on every build.
            _listings[key] = [name for name in super().list_templates()
                              if not any(part.startswith(".") for part in name.split("/"))]
        return list(_listings[key])


def on_config(config):
    theme = config.theme
    make_env = theme.get_env
    cache = os.environ.get(CACHE_VARIABLE)

    def get_env():
        env = make_env()
        env.loader = _RememberingLoader(env.loader.searchpath)
        if cache:
            os.makedirs(cache, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache)
        return env

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


def on_post_page(output, page, config):
    output = _TOGGLE.sub(_mended_toggle, output)
    if 'id="__toc"' not in output:
        # Pages outside the nav (archived versions, diffs) get the contents
        # label but not the checkbox it would toggle.
        output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return output


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return on_post_page(output_content, None, config)
