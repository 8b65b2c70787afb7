"""MkDocs hook used only by `noticegen serve`: rebuild pages from notices/."""
from pathlib import Path

from generator.mkdocs_site import require_safety
from generator.serve import regenerate


def on_config(config):
    return require_safety(config)


def on_pre_build(config):
    regenerate(Path(config.docs_dir))
