"""Which MkDocs 1.x engine builds the sites: MkDocs itself, or ProperDocs.

ProperDocs (`pip install 'noticegen[properdocs]'`) continues MkDocs 1.x
under its own package name, `properdocs`; it does not install a `mkdocs`
module. Importing `properdocs.replacement` before anything imports `mkdocs`
redirects every `mkdocs.*` import to `properdocs.*`, so Material, its
plugins and noticegen's own adapter (mkdocs_site, mkdocs_hook,
mkdocs_frames) load unchanged. Both packages can be installed side by side;
each process uses one, chosen by `NOTICEGEN_ENGINE` (`mkdocs`, the default,
or `properdocs`) when the package is first imported (generator/__init__.py),
which is also how the build's worker processes (spawned, so they import
noticegen afresh with the same environment) get the same engine.
"""
from __future__ import annotations

import logging
import os
import sys
from importlib import metadata

from .errors import BuildError

VARIABLE = "NOTICEGEN_ENGINE"
ENGINES = ("mkdocs", "properdocs")


class EngineError(BuildError):
    pass


_problem: EngineError | None = None  # why activate() could not switch, reported by name()


def selected() -> str:
    """The engine `NOTICEGEN_ENGINE` names (mkdocs when unset)."""
    name = (os.environ.get(VARIABLE) or "mkdocs").strip().lower()
    if name not in ENGINES:
        raise EngineError(f"{VARIABLE}={name!r} is not an engine noticegen knows (use one of {', '.join(ENGINES)})")
    return name


def activate() -> None:
    """Make `import mkdocs` give the selected engine, in this process.
    Safe to call more than once. What goes wrong (an unknown engine,
    ProperDocs missing, MkDocs imported already) is raised by name(), which
    every build calls first, so importing the package never fails."""
    global _problem
    try:
        _switch()
    except EngineError as exc:
        _problem = exc


def _switch() -> None:
    if selected() != "properdocs":
        return
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != "properdocs":
        raise EngineError(f"{VARIABLE}=properdocs, but MkDocs was imported before noticegen could switch the "
                          "engine; import generator first")
    try:
        import properdocs.replacement  # noqa: F401 (redirects mkdocs.* to properdocs.*)
    except ImportError:
        raise EngineError(f"{VARIABLE}=properdocs, but ProperDocs is not installed "
                          "(pip install 'noticegen[properdocs]')") from None
    # Plugins (Material's among them) log to `mkdocs.*`; ProperDocs counts
    # strict-mode warnings on `properdocs`, as its own command line does.
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.parent = logging.getLogger("properdocs")
    mkdocs_logger.propagate = True


def logger_name() -> str:
    """The logger the engine's strict mode counts warnings on."""
    return selected()


def name() -> str:
    """The engine and its version, as the build records it: `mkdocs 1.6.1`."""
    if _problem is not None:
        raise _problem
    engine = selected()
    try:
        return f"{engine} {metadata.version(engine)}"
    except metadata.PackageNotFoundError:
        raise EngineError(f"{VARIABLE}={engine}, but {engine} is not installed "
                          f"(pip install 'noticegen[{engine}]')") from None
