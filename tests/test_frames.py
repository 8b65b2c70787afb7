"""Archived pages are filled into one rendered frame per folder, and their
Markdown is converted in cached chunks (mkdocs_frames, markdown_chunks).
Both must give exactly the bytes of MkDocs rendering every page whole."""
import markdown
import pytest
from hypothesis import given, settings, strategies as st

from conftest import copy_project, mark_contents_entries
from test_history import edit, release
from generator import mkdocs_site
from generator.build import build
from generator.markdown_chunks import ChunkedMarkdown
from generator.project import Project

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "sane_lists", "generator.safety"]
CONFIGS = {"toc": {"permalink": True}}


def whole(chunks):
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return md.convert("\n\n".join(chunks) + "\n"), md.toc_tokens


WORDS = st.sampled_from(["Rights", "Cookies", "Contact", "Retention", "Your Rights", "Sharing"])
BLOCKS = st.one_of(
    WORDS.map(lambda w: f"### {w}"),
    st.lists(WORDS, min_size=1, max_size=4).map(lambda ws: " ".join(ws) + " apply to *you*."),
    st.lists(WORDS, min_size=1, max_size=3).map(lambda ws: "\n".join(f"- {w}" for w in ws)),
    WORDS.map(lambda w: f"See [{w}][ref] or [the top](#top)."),
    st.just("[ref]: https://example.com/rights"),
    WORDS.map(lambda w: f"Details {{ #{w.lower().replace(' ', '-')} }}"),
    st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
    st.just("```\n## not a heading\n```"),
)
CHUNK = st.tuples(WORDS, st.lists(BLOCKS, max_size=4)).map(
    lambda c: "\n\n".join([f"## {c[0]}"] + c[1]))


@settings(max_examples=200, deadline=None)
@given(st.lists(CHUNK, min_size=1, max_size=5))
def test_chunked_conversion_is_the_whole_conversion(chunks):
    chunks = ["# Notice { #top }"] + chunks
    converted = ChunkedMarkdown(EXTENSIONS, CONFIGS).convert(chunks)
    html, toc = whole(chunks)
    assert converted.html == html
    assert converted.toc == toc


def test_each_distinct_chunk_is_converted_once():
    converter = ChunkedMarkdown(EXTENSIONS, CONFIGS)
    shared = "## Retention { #retention }\n\nWe keep it for 30 days."
    converter.convert(["# One { #top }", shared])
    converter.convert(["# Two { #top }", shared])
    assert sorted(converter.cache) == sorted(["# One { #top }\n", "# Two { #top }\n", shared + "\n"])


def test_an_extension_that_spans_blocks_turns_chunking_off():
    converter = ChunkedMarkdown(EXTENSIONS + ["footnotes"], CONFIGS)
    chunks = ["# T { #top }", "## A\n\nText[^1].", "## B\n\n[^1]: A note."]
    assert converter.convert(chunks).html == \
        markdown.Markdown(extensions=EXTENSIONS + ["footnotes"], extension_configs=CONFIGS).convert(
            "\n\n".join(chunks) + "\n")
    assert list(converter.cache) == ["\n\n".join(chunks) + "\n"]


@pytest.fixture(scope="module", params=["default", "toc.integrate"])
def history(request, tmp_path_factory):
    """Three versions whose pages take every path: sections shared by the
    sites, a sub-heading two sections share (their ids collide), a link
    reference, a title with an ampersand; and a theme feature that moves the
    table of contents."""
    project = copy_project(tmp_path_factory.mktemp("frames") / "project")
    if request.param != "default":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace(
            "theme:\n", f"theme:\n  features: [navigation.top, toc.follow, {request.param}]\n"))
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    for name in ("060-access-and-accuracy.md", "075-retention.md"):
        path = project / "notices" / name
        path.write_text(path.read_text() + "\n### How to ask\n\nWrite to us.\n")
    release(project, "6", "2030-01-01", "Two sections say how to ask.")
    edit(project, "notice.yml", "title: Website Privacy Statement", "title: Website Privacy & Cookie Statement")
    path = project / "notices" / "090-links-to-other-sites.md"
    path.write_text(path.read_text() + "\nSee [the guidance][ico].\n\n[ico]: https://ico.org.uk/\n")
    release(project, "7", "2031-01-01", "Renamed; a link to the regulator.")
    return project


def test_framed_sites_are_byte_identical_to_rendering_every_page(history, tmp_path, pdfs):
    # PDFs too: they are made from the rendered pages, so either way gives
    # the same print documents (one PDF cache, keyed by them, serves both).
    framed = build(Project(history), out=tmp_path / "framed")
    full = build(Project(history), out=tmp_path / "full", framed=False)
    assert framed.built == full.built and len(framed.built) == 3
    files = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path / "framed") for p in (tmp_path / "framed").rglob("*")
                  if p.is_file()) == files
    different = [str(f) for f in files if (tmp_path / "framed" / f).read_bytes() != (tmp_path / "full" / f).read_bytes()]
    assert different == []
    page = (tmp_path / "framed" / "www.compucom.com" / "versions" / "6" / "index.html").read_text()
    assert 'id="how-to-ask_1"' in page and "<title>Website Privacy Statement: version 6, " in page
    current = (tmp_path / "framed" / "www.compucom.com" / "versions" / "7" / "index.html").read_text()
    assert "Website Privacy &amp; Cookie Statement" in current and 'href="https://ico.org.uk/"' in current
    assert "noticegen-frame" not in "".join(p.read_text() for p in (tmp_path / "framed").rglob("*.xml"))
    assert not list((tmp_path / "framed").rglob("noticegen-frame"))
    assert len([f for f in files if f.suffix == ".pdf"]) == 3 * (3 + 2)


def test_archived_pages_are_left_out_of_search_but_not_the_sitemap(history, tmp_path):
    build(Project(history), out=tmp_path)
    site = tmp_path / "www.compucom.com"
    index = (site / "search" / "search_index.json").read_text()
    assert "versions/6/" not in index and "changes/" not in index and "history/" in index
    sitemap = (site / "sitemap.xml").read_text()
    assert "privacy/versions/6/</loc>" in sitemap and "privacy/changes/6..7/</loc>" in sitemap


def _build_archived(project, tmp_path, archived):
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    settings = mkdocs_site.SiteSettings("Example", "https://example.com/privacy/", "en",
                                        nav=[{"Notice": "index.md"}])
    options = mkdocs_site.site_options(mkdocs_site.ConfigFiles.of(project), docs, tmp_path / "site", settings)
    mkdocs_site.build(mkdocs_site.ConfigFiles.of(project), options, settings, {},
                      {"index.md": ("# Notice { #top }", "See [version 1](versions/1/index.md).")}, archived)
    return tmp_path / "site"


def test_a_broken_link_on_an_archived_page_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project", commit=False)
    good = {"versions/1/index.md": ("# Version 1 { #top }",
                                    "[Current](../../index.md) · [its top](../../index.md#top) · [Up](#top)")}
    site = _build_archived(project, tmp_path / "good", good)
    assert 'href="../../"' in (site / "versions" / "1" / "index.html").read_text()
    for link, target in (("[Gone](../../gone.md)", "gone.md"), ("[Where](#nowhere)", "#nowhere"),
                         ("[There](../../index.md#nowhere)", "index.md#nowhere")):
        archived = {"versions/1/index.md": ("# Version 1 { #top }", link)}
        with pytest.raises(mkdocs_site.SiteBuildError) as failure:
            _build_archived(project, tmp_path / target.replace("#", "-").strip("-."), archived)
        assert "versions/1/index.md" in str(failure.value) and target in str(failure.value)


def test_folders_share_a_frame_unless_the_nav_links_into_them():
    from generator.mkdocs_frames import _frame_folders

    pages = {"versions/1/index.md": (), "changes/1..2/index.md": ()}
    folders = ["changes", "versions"]
    assert _frame_folders(pages, folders, ["index.md", "history/index.md"]) == {"changes": "changes",
                                                                                 "versions": "changes"}
    assert _frame_folders(pages, folders, ["index.md", "versions/latest.md"]) == {"changes": "changes",
                                                                                   "versions": "versions"}
    deeper = {**pages, "versions/1/text/index.md": ()}
    assert _frame_folders(deeper, folders, ["index.md"]) == {"changes": "changes", "versions": "versions"}


def test_a_translated_site_is_byte_identical_with_either_renderer(tmp_path):
    """www.compucom.ca in English and French: the frame renderer kept one
    Jinja environment for both languages, so Material's search plugin read
    its settings from the English translation (`lang: ['en']` in the French
    search index) where the portable renderer said `['fr']`."""
    import json

    project = copy_project(tmp_path / "project", translated=True)
    framed = build(Project(project), ["www.compucom.ca"], out=tmp_path / "framed", jobs=1, framed=True, pdfs=False)
    full = build(Project(project), ["www.compucom.ca"], out=tmp_path / "full", jobs=1, framed=False, pdfs=False)
    assert framed.built == full.built == ["www.compucom.ca"]
    for out in (tmp_path / "framed", tmp_path / "full"):
        site = out / "www.compucom.ca"
        for folder, lang in ((site, ["en"]), (site / "fr-CA", ["fr"])):
            config = json.loads((folder / "search" / "search_index.json").read_text())["config"]
            assert config["lang"] == lang, (out.name, folder)
    files = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path / "framed") for p in (tmp_path / "framed").rglob("*")
                  if p.is_file()) == files
    assert any(f.parts[1:2] == ("fr-CA",) for f in files)
    different = [str(f) for f in files if (tmp_path / "framed" / f).read_bytes() != (tmp_path / "full" / f).read_bytes()]
    assert different == []


def test_untranslated_texts_are_byte_identical_with_either_renderer(tmp_path):
    """A French notice page saying the version in force is untranslated, a
    history listing it from English, and a section shown in English in its
    `lang` container: the same bytes from both renderers."""
    import datetime as dt

    from test_translations import (FR, release_untranslated_version, release_upcoming_french_version,
                                   translate_all, untranslated)
    from conftest import git

    project = untranslated(tmp_path / "project")
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "French translation")
    release_untranslated_version(project)
    release_upcoming_french_version(project)
    assert not (project / FR / "075-retention.md").exists()
    today = dt.date(2026, 3, 1)
    for name, framed in (("framed", True), ("full", False)):
        result = build(Project(project), ["www.compucom.ca"], out=tmp_path / name, jobs=1, today=today,
                       framed=framed, pdfs=False)
        assert result.built == ["www.compucom.ca"]
    files = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path / "framed") for p in (tmp_path / "framed").rglob("*")
                  if p.is_file()) == files
    french = tmp_path / "full" / "www.compucom.ca" / "fr-CA"
    assert "n’est pas encore traduite" in (french / "index.html").read_text()
    assert 'lang="en-CA"' in (french / "versions" / "7" / "index.html").read_text()
    different = [str(f) for f in files if (tmp_path / "framed" / f).read_bytes() != (tmp_path / "full" / f).read_bytes()]
    assert different == []


def test_an_edited_toc_template_is_read_by_the_next_build_in_the_same_process(tmp_path):
    """The rendered tables of contents are kept for the life of a process
    (the preview's is long): they are keyed by the toc partial's templates'
    content, so a toc-item.html edited between two builds is what the
    archived pages of the second show (they were keyed by the theme's
    folders, and the second build served the tables rendered before)."""
    from pathlib import Path

    project = copy_project(tmp_path / "project")
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    release(project, "6", "2030-01-01", "Reasonable precautions.")
    build(Project(project), out=tmp_path / "before", jobs=1, pdfs=False)
    page = Path("www.compucom.com", "versions", "5", "index.html")
    assert "md-nav__item" in (tmp_path / "before" / page).read_text()
    mark_contents_entries(project)
    build(Project(project), out=tmp_path / "after", jobs=1, pdfs=False)
    assert "reviewed-entry" in (tmp_path / "after" / page).read_text()


def test_theme_listing_is_jinjas_without_hidden_paths(tmp_path):
    """The listing skips hidden folders without walking them (Material's
    .icons/); what it lists is Jinja's own listing less every hidden part."""
    import os

    import jinja2
    import material

    from generator.mkdocs_hook import _visible_templates

    theme = tmp_path / "theme"
    for name in ("main.html", "partials/toc.html", ".hidden.html", ".cache/x.html", "assets/.git/HEAD",
                 "assets/site.css", "a/.b/c/d.js"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x")
    folders = [str(theme), os.path.join(os.path.dirname(material.__file__), "templates")]
    expected = [name for name in jinja2.FileSystemLoader(folders).list_templates()
                if not any(part.startswith(".") for part in name.split("/"))]
    assert _visible_templates(folders, False) == expected
    assert "assets/site.css" in expected and "main.html" in expected
