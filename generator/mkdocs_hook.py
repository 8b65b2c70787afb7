"""MkDocs hook for `noticegen build`: the same output, less repeated work.

Every MkDocs build makes a fresh Jinja environment, which recompiles all of
Material's templates and lists its 14,500-file theme folder again. Here the
environment still is fresh per site (nothing rendered is shared), but
compiled templates come from Jinja's bytecode cache (keyed by template path,
checked against the source) and the theme listing is remembered for the life
of the worker process (the theme does not change during a build).
"""
from __future__ import annotations

import os

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
