"""PDFs of every version and redline: made by real WeasyPrint from the built
pages, linked from them, carrying what identifies them, legible in black
and white, the same bytes on every build, and nothing fetched.

Text and metadata are read with pypdf (pure Python, pinned in the test
dependencies: no system package needed); the drawing of struck-through and
underlined words is checked on pixels rendered by poppler's pdftoppm, with
word boxes from pdftotext -bbox (poppler-utils; skipped where missing)."""
import datetime as dt
import hashlib
import html as html_module
import json
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import copy_project, require_pdf, require_program, run
from test_history import edit, release
from generator import pdf
from generator.pdf import PdfError, PrintJob, Renderer

SITES = ("www.compucom.com", "www.compucom.ca", "careers.compucom.com")
DOMAIN = SITES[0]


def with_history(project):
    """Version 5 in force, and a version 6 that takes effect in 2030 (a
    notice period in progress)."""
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    release(project, "6", "2030-01-01", "Reasonable precautions.")
    return project


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    require_pdf()
    project = with_history(copy_project(tmp_path_factory.mktemp("pdf") / "project"))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("NOTICEGEN_PDF")
        result = run("build", cwd=project)
    assert result.code == 0, result.err
    return project


def site(project, domain=DOMAIN):
    return project / "site" / domain


def versions_of(project, domain=DOMAIN):
    return json.loads((site(project, domain) / "versions.json").read_text())["versions"]


def text_of(path):
    return [page.extract_text() for page in PdfReader(path).pages]


def test_every_version_and_redline_has_its_pdf_linked_from_its_page(pdf_site):
    manifest = json.loads((pdf_site / "site" / "manifest.json").read_text())["sites"]
    for domain in SITES:
        root = site(pdf_site, domain)
        numbers = [entry["version"] for entry in reversed(versions_of(pdf_site, domain))]
        expected = [f"versions/{v}/{domain}-version-{v}.pdf" for v in numbers]
        expected += [f"changes/{a}..{b}/{domain}-changes-{a}-to-{b}.pdf" for a, b in zip(numbers, numbers[1:])]
        found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.pdf"))
        assert found == sorted(expected)
        for path in expected:
            page = (root / path).parent / "index.html"
            name = path.rsplit("/", 1)[1]
            assert f'<a class="notice-pdf" href="{name}" type="application/pdf">' in page.read_text()
            data = (root / path).read_bytes()
            assert data.startswith(b"%PDF-") and manifest[domain]["files"][path] == hashlib.sha256(data).hexdigest()
        # The notice page links to the PDF of the version it shows: the one in force.
        current = numbers[-2]
        assert f'href="versions/{current}/{domain}-version-{current}.pdf"' in (root / "index.html").read_text()


def test_a_version_pdf_carries_its_site_version_dates_fingerprint_and_page_numbers(pdf_site):
    versions = {entry["version"]: entry for entry in versions_of(pdf_site)}
    path = site(pdf_site) / "versions" / "5" / f"{DOMAIN}-version-5.pdf"
    pages = text_of(path)
    everything = "\n".join(pages)
    fingerprint = versions["5"]["fingerprint"]
    assert fingerprint.startswith("sha256:") and len(pages) > 1
    for number, page in enumerate(pages, start=1):  # every page says what it is a page of
        assert f"Page {number} of {len(pages)}" in page
        assert "CompuCom Website Privacy Statement" in page
        assert "Version 5 · in force from 1 January 2023 until 1 January 2030" in page
        assert fingerprint in page
    assert "https://www.compucom.com/privacy/versions/5/" in everything
    assert "Effective: 1 January 2023" in everything and "extensive precautions" in everything
    assert "Dispute Resolution" in everything
    assert "Version 5 as PDF" not in everything and "¶" not in everything  # screen-only parts
    info = PdfReader(path).metadata
    assert info.title == "Website Privacy Statement, version 5"
    assert info.author == "CompuCom Systems, Inc."
    assert fingerprint in info.subject and "until 1 January 2030" in info.subject
    # Dates from the version, never the clock.
    assert info["/CreationDate"] == info["/ModDate"] == "D:20230101000000Z"


def test_a_redline_pdf_carries_the_legend_both_fingerprints_and_the_marks(pdf_site):
    versions = {entry["version"]: entry for entry in versions_of(pdf_site)}
    pages = text_of(site(pdf_site) / "changes" / "5..6" / f"{DOMAIN}-changes-5-to-6.pdf")
    everything = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Changes from version 5 to version 6 (in force from 1 January 2030)" in page
        assert "Inserted: underlined [+ … +] · Deleted: struck through [- … -]" in page
    assert f"Version 5: {versions['5']['fingerprint']}" in everything
    assert f"Version 6: {versions['6']['fingerprint']}" in everything
    assert "Inserted text is [+ underlined +], deleted text is [- struck through -]." in everything
    assert "[- extensive -]" in everything and "[+ reasonable +]" in everything


def test_links_in_a_pdf_point_at_the_published_site_never_at_files(pdf_site):
    reader = PdfReader(site(pdf_site) / "changes" / "5..6" / f"{DOMAIN}-changes-5-to-6.pdf")
    uris = [annotation.get_object()["/A"].get("/URI") for page in reader.pages
            for annotation in page.get("/Annots") or () if "/A" in annotation.get_object()]
    uris = [uri for uri in uris if uri]
    assert "https://www.compucom.com/privacy/versions/5/" in uris
    assert "https://www.compucom.com/privacy/history/" in uris
    assert not [uri for uri in uris if not uri.startswith(("https://", "http://", "mailto:"))]


def _words(pdf_path, page):
    """(word, x0, y0, x1, y1) in points, from pdftotext -bbox."""
    out = subprocess.run([require_program("pdftotext"), "-bbox", "-f", str(page), "-l", str(page),
                          str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    return [(html_module.unescape(m[4]), *map(float, m[:4])) for m in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def _gray(pdf_path, page, dpi, into):
    """The page as rows of grey levels (0 black), from pdftoppm's PGM."""
    subprocess.run([require_program("pdftoppm"), "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf_path), str(into)], check=True)
    data = into.with_suffix(".pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    width, height = int(width), int(height)
    return [pixels[row * width:(row + 1) * width] for row in range(height)]


def _ruled_rows(rows, box, dpi):
    """Rows (as fractions of the word's height from its top) where a line
    runs through at least 95% of the word's width."""
    _, x0, y0, x1, y1 = box
    scale = dpi / 72
    left, right = int(x0 * scale) + 1, int(x1 * scale) - 1
    top, bottom = int(y0 * scale), int(y1 * scale) + 3
    found = []
    for y in range(top, min(bottom, len(rows) - 1) + 1):
        dark = sum(1 for x in range(left, right) if rows[y][x] < 128)
        if dark >= 0.95 * (right - left):
            found.append((y - top) / max(1, (int(y1 * scale) - top)))
    return found


def test_deleted_words_are_drawn_struck_through_and_inserted_ones_underlined(pdf_site, tmp_path):
    """Black and white: the legend's own words, drawn as every redline's are."""
    path = site(pdf_site) / "changes" / "5..6" / f"{DOMAIN}-changes-5-to-6.pdf"
    words = _words(path, 1)
    names = [w[0] for w in words]
    legend = names.index("Inserted")
    struck = words[names.index("struck", legend)]
    underlined = words[names.index("underlined", legend)]
    plain = words[legend]  # "Inserted", not marked
    rows = _gray(path, 1, 200, tmp_path / "page")
    strike = _ruled_rows(rows, struck, 200)
    under = _ruled_rows(rows, underlined, 200)
    assert [r for r in strike if 0.3 < r < 0.8], f"no line through the middle of 'struck': {strike}"
    assert [r for r in under if r > 0.8] and not [r for r in under if 0.3 < r < 0.8], under
    assert _ruled_rows(rows, plain, 200) == []


def test_a_rebuild_renders_byte_identical_pdfs(pdf_site, tmp_path, monkeypatch):
    """Rendered anew (no cache, other processes): the same bytes."""
    monkeypatch.delenv("NOTICEGEN_PDF")
    again = with_history(copy_project(tmp_path / "again"))
    result = run("build", cwd=again)
    assert result.code == 0, result.err
    first = {p.relative_to(pdf_site / "site"): p.read_bytes() for p in (pdf_site / "site").rglob("*.pdf")}
    second = {p.relative_to(again / "site"): p.read_bytes() for p in (again / "site").rglob("*.pdf")}
    assert len(first) == 9 and first == second


def test_the_cache_gives_the_bytes_a_render_gives_and_ignores_damaged_entries(pdf_site, tmp_path, monkeypatch):
    monkeypatch.delenv("NOTICEGEN_PDF")
    entries = sorted((pdf_site / ".noticegen" / "cache" / "pdf").rglob("*.pdf"))
    assert len(entries) == len(list((pdf_site / "site").rglob("*.pdf")))
    damaged = entries[0].read_bytes()
    entries[0].write_bytes(damaged[:-10] + b"0123456789")  # its recorded digest no longer matches
    result = run("build", "--out", str(tmp_path / "out"), cwd=pdf_site)
    assert result.code == 0, result.err
    for path in (pdf_site / "site").rglob("*.pdf"):
        assert (tmp_path / "out" / path.relative_to(pdf_site / "site")).read_bytes() == path.read_bytes()
    assert entries[0].read_bytes() == damaged  # rendered again and stored again
    # Entries moved to each other's names (a cache restored wrongly, or on purpose): none is taken.
    contents = [entry.read_bytes() for entry in entries]
    for entry, content in zip(entries, contents[1:] + contents[:1]):
        entry.write_bytes(content)
    result = run("build", "--out", str(tmp_path / "rotated"), cwd=pdf_site)
    assert result.code == 0, result.err
    for path in (pdf_site / "site").rglob("*.pdf"):
        assert (tmp_path / "rotated" / path.relative_to(pdf_site / "site")).read_bytes() == path.read_bytes(), path


def _job(page="page.html"):
    return PrintJob(page, "page.pdf", "https://example.com/privacy/versions/1/", "Notice, version 1",
                    ("Example Notice", "Version 1", "sha256:00"), dt.date(2024, 5, 1), "en", "Example Ltd")


@pytest.mark.parametrize("markup", [
    '<img src="https://tracker.example/pixel.png" alt="">',
    '<img src="file:///etc/hostname" alt="">',
    '<link rel="stylesheet" href="https://cdn.example/style.css">',
    '<p style="background: url(http://cdn.example/b.png)">x</p>',
    '<svg><image href="https://cdn.example/i.svg"/></svg>',
])
def test_weasyprint_fetches_nothing(tmp_path, markup):
    require_pdf()
    (tmp_path / "page.html").write_text(
        f'<html><body><article class="md-content__inner md-typeset"><h1>T</h1>{markup}</article></body></html>')
    with pytest.raises(PdfError, match="local files only"):
        Renderer(None).make(tmp_path, _job())
    assert not (tmp_path / "page.pdf").exists()


def test_running_texts_cannot_break_out_of_their_css_string(tmp_path):
    require_pdf()
    (tmp_path / "page.html").write_text('<article class="md-content__inner md-typeset"><h1>T</h1></article>')
    hostile = '"; } @page { @top-center { content: "pwned"; } } </style><script>x</script> \\'
    job = PrintJob("page.html", "page.pdf", "https://example.com/", "T", (hostile, "Version 1", "x"),
                   dt.date(2024, 5, 1), "en", "A")
    assert "</style><script>" not in pdf.print_document("", job).split("<body>")[0]
    Renderer(None).make(tmp_path, job)
    text = text_of(tmp_path / "page.pdf")[0]
    assert "pwned" not in text.replace(hostile, "") and '"; } @page' in text


def test_chinese_japanese_and_korean_are_drawn_and_a_letter_no_font_has_is_named(tmp_path):
    """GitHub's real history links to its Japanese page ("日本語"): DejaVu
    has no such glyphs and the build failed on `.notdef glyph rendered`,
    naming neither the letter's fix nor a way out."""
    require_pdf()
    if not pdf.FALLBACK_FONTS[0].is_file():
        message = "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei); .ci/run installs it"
        pytest.fail(message) if os.environ.get("NOTICEGEN_REQUIRE_TOOLS") else pytest.skip(message)
    (tmp_path / "page.html").write_text('<article class="md-content__inner md-typeset"><h1>T</h1>'
                                        '<p>Read it in 日本語, 简体中文 or 한국어.</p></article>')
    Renderer(None).make(tmp_path, _job())
    assert "日本語, 简体中文 or 한국어" in text_of(tmp_path / "page.pdf")[0]
    (tmp_path / "page.html").write_text('<article class="md-content__inner md-typeset"><h1>T</h1>'
                                        '<p>An unassigned letter: \u0378.</p></article>')
    with pytest.raises(PdfError) as failure:
        Renderer(None).make(tmp_path, _job())
    assert str(failure.value).startswith("page.html: no PDF font has “\u0378” (U+0378): install one that has it "
                                         "(Debian: fonts-wqy-microhei"), failure.value
    assert "set `pdf: false`" in str(failure.value)


def test_pdf_false_and_no_pdf_build_sites_without_pdfs_or_links(project, monkeypatch):
    monkeypatch.delenv("NOTICEGEN_PDF")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("  - domain: www.compucom.ca\n",
                                               "  - domain: www.compucom.ca\n    pdf: false\n"))
    result = run("build", "--no-pdf", cwd=project)
    assert result.code == 0, result.err
    assert not list((project / "site").rglob("*.pdf"))
    assert "notice-pdf" not in (project / "site" / DOMAIN / "versions" / "5" / "index.html").read_text()
    # Print buttons do not depend on PDFs.
    assert 'data-print="Print this notice"' in (project / "site" / DOMAIN / "index.html").read_text()
    shutil.rmtree(project / "site")
    require_pdf()
    result = run("build", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    assert not list((project / "site").rglob("*.pdf"))


def test_pdf_setting_must_be_true_or_false(project):
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("  - domain: www.compucom.ca\n",
                                               "  - domain: www.compucom.ca\n    pdf: sometimes\n"))
    result = run("check", cwd=project)
    assert result.code == 1 and "`pdf` must be true or false" in result.err


def test_a_page_that_would_fetch_something_fails_the_build_in_one_line(project, pdfs):
    main = project / "theme" / "main.html"
    main.write_text(main.read_text() + '\n{% block content %}{{ super() }}'
                    '<img src="https://cdn.example/tracker.png" alt="">{% endblock %}\n')
    result = run("build", "--jobs", "1", cwd=project)
    assert result.code == 1
    # Found in the built page before any PDF is made (offline.py); the PDF renderer refuses it too.
    assert "would load https://cdn.example/tracker.png from another host" in result.err, result.err
    assert "Traceback" not in result.err and not (project / "site").exists()


def test_a_pdf_is_the_same_whatever_the_process_rendered_before(tmp_path):
    """Renderers keep WeasyPrint's font configuration from PDF to PDF."""
    require_pdf()
    pages = {"a.html": "<h1>A</h1><p>Some <ins class='notice-ins'>new</ins> and <del class='notice-del'>old</del> "
                       "<code>code</code>, <strong>bold</strong> and <em>emphasis</em>.</p>",
             "b.html": "<h1>B</h1><h2>Other</h2><ul><li>Item</li></ul><table><tr><td>1</td></tr></table>"}
    for name, body in pages.items():
        (tmp_path / name).write_text(f'<article class="md-content__inner md-typeset">{body}</article>')
    alone = Renderer(None)
    alone.make(tmp_path, _job("a.html"))
    first = (tmp_path / "page.pdf").read_bytes()
    after = Renderer(None)
    after.make(tmp_path, _job("b.html"))
    after.make(tmp_path, _job("a.html"))
    assert (tmp_path / "page.pdf").read_bytes() == first


def test_publish_sends_the_pdfs_with_the_pages(pdf_site, monkeypatch):
    monkeypatch.delenv("NOTICEGEN_PDF")  # publish compares the build with what a build would make now
    result = run("publish", "--site", DOMAIN, cwd=pdf_site)
    assert result.code == 0, result.err
    served = pdf_site / "published" / DOMAIN / "current"
    built = sorted(site(pdf_site).rglob("*.pdf"))
    assert len(built) == 3
    for path in built:
        assert (served / path.relative_to(site(pdf_site))).read_bytes() == path.read_bytes()


def test_a_french_pdf_says_what_it_is_in_french(tmp_path, pdfs):
    """The PDFs of www.compucom.ca's French pages: their metadata subject and
    the fingerprint lines of a redline in French, as the pages are."""
    from test_translations import release_minor_version

    project = copy_project(tmp_path / "project", translated=True)
    release_minor_version(project)  # version 6, in French too
    result = run("build", "--site", "www.compucom.ca", cwd=project)
    assert result.code == 0, result.err
    french = site(project, "www.compucom.ca") / "fr-CA"
    versions = {v["version"]: v for v in json.loads((french / "versions.json").read_text())["versions"]}
    info = PdfReader(french / "versions" / "5" / "www.compucom.ca-version-5.pdf").metadata
    assert info.subject == (f"CompuCom Canada Déclaration de confidentialité du site Web, version 5, en vigueur à compter du "
                            f"1er janvier 2023 jusqu’au 1er février 2026 ; empreinte {versions['5']['fingerprint']}"), \
        info.subject
    redline = french / "changes" / "5..6" / "www.compucom.ca-changes-5-to-6.pdf"
    info = PdfReader(redline).metadata
    assert info.subject == (f"De la version 5 ({versions['5']['fingerprint']}) à la version 6 "
                            f"({versions['6']['fingerprint']})")
    everything = "\n".join(text_of(redline))
    assert f"Version 5 : {versions['5']['fingerprint']}" in everything
    # English stays as it was.
    english = PdfReader(site(project, "www.compucom.ca") / "versions" / "5" / "www.compucom.ca-version-5.pdf").metadata
    assert english.subject.startswith("CompuCom Canada Website Privacy Statement, version 5, in force from "
                                      "1 January 2023 until 1 February 2026; fingerprint sha256:")


def test_a_letter_no_pdf_font_has_is_named_at_the_section_line_that_writes_it(project, monkeypatch):
    """The build named only the built page (versions/6/index.html); the
    author needs the file and line of notices/ to edit."""
    require_pdf()
    monkeypatch.delenv("NOTICEGEN_PDF")
    sites = project / "notices" / "sites.yml"
    for other in SITES[1:]:  # one site's PDFs are enough
        sites.write_text(sites.read_text().replace(f"  - domain: {other}\n", f"  - domain: {other}\n    pdf: false\n"))
    edit(project, "020-security.md", "extensive precautions", "extensive \u0378 precautions")
    release(project, "6", "2026-01-01", "Reasonable precautions.")
    result = run("build", cwd=project)
    assert result.code != 0
    lines = [line for line in result.err.splitlines() if "no PDF font" in line]
    number = next(n for n, line in enumerate((project / "notices" / "020-security.md").read_text().splitlines(), 1)
                  if "\u0378" in line)
    assert lines and lines[0].startswith(f"{DOMAIN}: notices/020-security.md:{number}: no PDF font has “\u0378” "
                                         "(U+0378)"), result.err
    assert "(in the PDF of versions/6/index.html)" in lines[0] or "(in the PDF of index.html)" in lines[0], lines[0]
    assert "Traceback" not in result.err and not (project / "site").exists()
