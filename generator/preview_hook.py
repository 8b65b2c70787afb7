"""MkDocs hook used only by `noticegen serve`: rebuild pages from notices/."""
from pathlib import Path

from generator.mkdocs_hook import mend_page
from generator.mkdocs_site import prepared
from generator.serve import regenerate, without_outside_links


def on_config(config):
    return prepared(config)


def on_pre_build(config):
    regenerate(Path(config.docs_dir))


def on_files(files, config):
    return without_outside_links(files)  # what build refuses is never served either


def on_post_page(output, page, config):
    return mend_page(output, config)  # as a build does: the page's own `lang` (fr-CA, not Material's fr)
