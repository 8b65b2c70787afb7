"""noticegen: publish a privacy notice to every website, with its history."""

__version__ = "0.1.0"

from . import engine  # noqa: E402

engine.activate()  # before anything imports mkdocs: NOTICEGEN_ENGINE=properdocs switches it (engine.py)
