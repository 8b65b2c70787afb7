"""Every page of every built site as visitors meet it: headless Chromium
over a real HTTP server on loopback, axe-core, the Nu validator."""
import functools
import http.server
import json
import subprocess
import threading
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, copy_project, git, require_pdf, require_program, run, tool_file
from html_scan import scan
from generator import pdf

SITES = ("www.compucom.com", "www.compucom.ca", "careers.compucom.com")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# Author text that must never run: shown in a code span (allowed by check),
# then changed, so it appears in the redline too.
HOSTILE = "`<script>alert('x')</script><img src=x onerror=alert(1)>`"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("browser") / "project", translated=True)  # French pages too
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + f"\nNever paste {HOSTILE} into a form.\n")
    # The French page gets it too, translated, and is marked as translating the new text.
    french = project / "notices" / "translations" / "fr-CA" / "020-security.md"
    french.write_text(french.read_text() + f"\nNe collez jamais {HOSTILE} dans un formulaire.\n")
    assert run("translate", "--mark-current", "fr-CA", "security", cwd=project).code == 0
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "5"', 'version: "6"')
                    .replace("effective: 2023-01-01", "effective: 2030-01-01"))
    git(project, "commit", "-q", "-am", "Version 6")
    with pytest.MonkeyPatch.context() as patch:
        if pdf.unavailable() is None:  # the whole site, PDFs and their links too
            patch.delenv("NOTICEGEN_PDF")
        result = run("build", cwd=project)
    assert result.code == 0, result.err
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def all_pages(project):
    """(site, path) of every HTML page a visitor can open."""
    pages = []
    for domain in SITES:
        for html in sorted((project / "site" / domain).rglob("*.html")):
            relative = html.relative_to(project / "site" / domain).as_posix()
            if not html.name.startswith("embed"):  # fragments for other pages, also in fr-CA/
                pages.append((domain, relative.removesuffix("index.html")))
    return pages


def url(base, domain, path=""):
    return f"{base}/{domain}/{path}"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_page_has_no_wcag_aa_violations(served, page):
    project, base = served
    axe = tool_file("axe-core/axe.min.js")
    found = {}
    for domain, path in all_pages(project):
        page.goto(url(base, domain, path))
        page.add_script_tag(path=str(axe))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.setdefault(violation["id"], []).append(f"{domain}/{path} {targets}")
    assert found == {}, json.dumps(found, indent=1)[:4000]


def test_no_request_leaves_the_site_while_reading_and_using_it(served, browser):
    project, base = served
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(url(base, SITES[0]))
    page.click("input.md-search__input")
    page.keyboard.type("cookies", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.goto(url(base, SITES[0], "compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    page.select_option("#compare-old", "5")
    page.click("form.notice-compare button")
    page.wait_for_selector(".notice-compare-result ins")
    page.goto(url(base, SITES[0], "history/"))
    page.fill("#in-force-date", "2024-01-01")
    page.click("form.notice-in-force button")
    page.wait_for_selector("form.notice-in-force output a")
    for domain, path in all_pages(project):
        page.goto(url(base, domain, path))
    context.close()
    assert hosts == {urlsplit(base).netloc}


def test_notice_history_archive_and_diffs_read_without_javascript(served, browser):
    project, base = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base, SITES[0]))
    assert page.is_visible("h2#collection") and page.is_visible("text=Effective:")
    page.goto(url(base, SITES[0], "history/"))
    assert page.is_visible("table.notice-history") and page.is_visible("text=Version 5")
    page.goto(url(base, SITES[0], "versions/5/"))
    # Version 6 waits for 1 January 2030, so version 5 is still the one in force.
    assert page.is_visible("text=The version in force") and page.is_visible("h2#dispute-resolution")
    page.goto(url(base, SITES[0], "changes/5..6/"))
    assert page.is_visible("ins.notice-ins >> nth=0") and page.is_visible("del.notice-del >> nth=0")
    page.goto(url(base, SITES[0], "compare/"))
    assert page.is_visible("a[href*='changes/5..6']")  # the precomputed diffs, without scripts
    # The French pages too (issue 16).
    page.goto(url(base, "www.compucom.ca", "fr-CA/"))
    assert page.is_visible("h2#collection") and page.is_visible("text=En vigueur le :")
    page.goto(url(base, "www.compucom.ca", "fr-CA/history/"))
    assert page.is_visible("table.notice-history") and page.is_visible("text=Toutes les versions de cette déclaration")
    page.goto(url(base, "www.compucom.ca", "fr-CA/versions/5/"))
    assert page.is_visible("h2#retention")
    page.goto(url(base, "www.compucom.ca", "fr-CA/changes/5..6/"))
    assert page.is_visible("ins.notice-ins >> nth=0") and page.is_visible("text=Changements de la version 5")
    page.goto(url(base, "www.compucom.ca", "fr-CA/compare/"))
    assert page.is_visible("a[href*='changes/5..6']")
    context.close()


def test_no_horizontal_scrolling_on_a_320px_phone(served, browser):
    project, base = served
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for domain, path in all_pages(project):
        page.goto(url(base, domain, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{domain}/{path}: {width}px")
    context.close()
    assert wide == []


@pytest.mark.parametrize("size", [{"width": 375, "height": 812}, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_screenshots_for_a_person_to_look_at(served, browser, size):
    project, base = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=size)
    page = context.new_page()
    for name, path in (("notice", ""), ("changes", "changes/5..6/"), ("history", "history/")):
        page.goto(url(base, SITES[0], path))
        target = SCREENSHOTS / f"{name}-{size['width']}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    context.close()


def test_print_shows_the_notice_and_marks_changes_in_black_and_white(served, page):
    project, base = served
    page.emulate_media(media="print")
    page.goto(url(base, SITES[0]))
    assert not page.is_visible(".md-header") and not page.is_visible(".md-sidebar--primary")
    assert page.is_visible("text=Effective:") and page.is_visible("h2#dispute-resolution")
    page.goto(url(base, SITES[0], "changes/5..6/"))
    style = page.evaluate("""() => {
        const look = (selector, pseudo) => {
            const s = getComputedStyle(document.querySelector(selector), pseudo);
            return {line: s.textDecorationLine, color: s.color, background: s.backgroundColor, content: s.content};
        };
        return {ins: look('ins.notice-ins'), del: look('del.notice-del'),
                insBefore: look('ins.notice-ins', '::before'), delBefore: look('del.notice-del', '::before')};
    }""")
    assert "underline" in style["ins"]["line"] and "line-through" in style["del"]["line"]
    assert style["ins"]["color"] == style["del"]["color"] == "rgb(0, 0, 0)"
    assert style["insBefore"]["content"] == '"[+ "' and style["delBefore"]["content"] == '"[- "'


def test_every_page_is_valid_html(served, tmp_path):
    project, _ = served
    java = require_program("java")
    validator = tool_file("vnu-jar/build/dist/vnu.jar")
    fragments = tmp_path / "fragments"
    fragments.mkdir()
    for domain in SITES:  # the embeddable fragment, inside a minimal document
        fragment = (project / "site" / domain / "embed.html").read_text()
        (fragments / f"{domain}.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title></head>'
            f"<body>{fragment}</body></html>")
    pages = [str(p) for p in (project / "site").rglob("*.html") if not p.name.startswith("embed")]
    result = subprocess.run([java, "-jar", str(validator), "--errors-only", "--format", "gnu",
                             *pages, *map(str, fragments.iterdir())], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[:3000]
    assert len(pages) > 15


def test_no_internal_link_or_anchor_is_broken(served):
    project, _ = served
    broken = []
    for domain in SITES:
        root = project / "site" / domain
        ids = {}
        for html in root.rglob("*.html"):
            ids[html] = set(scan(html.read_text()).ids)
        for html, anchors in ids.items():
            base = "https://site/" + html.relative_to(root).as_posix()
            for href in scan(html.read_text()).hrefs:
                target = urlsplit(urljoin(base, href))
                if target.netloc != "site":
                    continue
                # Material's 404 page links from the base path (/privacy/...).
                path = root / target.path.removeprefix("/privacy/").lstrip("/")
                if path.is_dir() or target.path.endswith("/"):
                    path = path / "index.html"
                if not path.exists():
                    broken.append(f"{domain}/{html.relative_to(root)} -> {href}")
                elif target.fragment and path in ids and target.fragment not in ids[path]:
                    broken.append(f"{domain}/{html.relative_to(root)} -> {href} (no such anchor)")
    assert broken == []


def test_author_markup_never_runs_on_any_page(served, page):
    project, base = served
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("", "versions/6/", "changes/5..6/", "compare/"):
        page.goto(url(base, SITES[0], path))
        scripts = page.evaluate("[...document.scripts].map(s => s.src || 'inline:' + s.text.slice(0, 40))")
        assert all(s.startswith((base, "inline:")) for s in scripts)
        assert not any("alert" in s for s in scripts)
        assert page.evaluate("document.querySelectorAll('img[onerror], [onerror]').length") == 0
    page.goto(url(base, SITES[0], "changes/5..6/"))
    assert "<script>alert('x')</script>" in page.inner_text("article")  # shown as text
    page.goto(url(base, SITES[0], "compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    page.click("form.notice-compare button")
    page.wait_for_selector(".notice-compare-result ins")
    assert "<script>alert('x')</script>" in page.inner_text(".notice-compare-result")
    assert dialogs == []


def test_print_button_on_the_notice_and_redlines_only_with_javascript(served, browser):
    project, base = served
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    for path, label in (("", "Print this notice"), ("changes/5..6/", "Print these changes")):
        page.goto(url(base, SITES[0], path))
        button = page.locator("button.notice-print")
        assert button.count() == 1 and button.inner_text() == label
        assert button.bounding_box()["height"] >= 44
        page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
        button.click()
        assert page.evaluate("window.printed") == 1
    page.goto(url(base, SITES[0], "versions/5/"))
    assert page.locator("button.notice-print").count() == 0  # a version page has its PDF
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(base, SITES[0]))
    assert page.locator("button").count() == 0 or not page.is_visible("button.notice-print")
    context.close()


def test_pdf_links_open_pdfs(served, page):
    require_pdf()
    project, base = served
    for path in ("", "versions/5/", "changes/5..6/"):
        page.goto(url(base, SITES[0], path))
        href = page.get_attribute("a.notice-pdf", "href")
        response = page.request.get(urljoin(page.url, href))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")


def test_french_pages_in_the_browser(served, page):
    """The French notice as Chromium reads it: its language, its counterparts
    (hreflang links are alternates to the browser), Material's interface in French."""
    project, base = served
    page.goto(url(base, "www.compucom.ca", "fr-CA/history/"))
    assert page.evaluate("document.documentElement.lang") == "fr-CA"
    links = page.evaluate("[...document.querySelectorAll('link[rel~=alternate][hreflang]')]"
                          ".map(l => [l.hreflang, l.href])")
    assert links == [["en-CA", "https://www.compucom.ca/privacy/history/"],
                     ["fr-CA", "https://www.compucom.ca/privacy/fr-CA/history/"]]
    assert page.get_attribute("input.md-search__input", "placeholder") == "Rechercher"
    assert "Toutes les versions de cette déclaration" in page.inner_text("article")
    # The selector lands on the same section in the other language (the ids are the same).
    page.goto(url(base, "www.compucom.ca", "fr-CA/#retention"))
    english = "document.querySelector('a.md-select__link[hreflang=en-CA]').href"
    assert page.evaluate(english) == "https://www.compucom.ca/privacy/#retention"
    page.evaluate("location.hash = '#opt-out'")
    page.wait_for_function(english + " .endsWith('#opt-out')")
    assert page.evaluate(english) == "https://www.compucom.ca/privacy/#opt-out"


def test_an_untranslated_version_in_force_reads_well_in_french(tmp_path, browser):
    """The French pages of a site whose version in force has no French (6)
    and whose upcoming version is French with a section still in English
    (7): valid HTML, no WCAG AA violation, and the link to the text that
    controls opens the English notice."""
    import datetime as dt

    from test_translations import release_untranslated_version, release_upcoming_french_version, translate_all, \
        untranslated
    from generator.build import build
    from generator.project import Project

    project = untranslated(tmp_path / "project")
    translate_all(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "French translation")
    release_untranslated_version(project)
    release_upcoming_french_version(project)
    result = build(Project(project), ["www.compucom.ca"], out=project / "site", today=dt.date(2026, 3, 1), pdfs=False)
    assert result.built == ["www.compucom.ca"]
    french = project / "site" / "www.compucom.ca" / "fr-CA"
    pages = [french / "index.html", french / "history" / "index.html", french / "versions" / "7" / "index.html"]
    validator = tool_file("vnu-jar/build/dist/vnu.jar")
    checked = subprocess.run([require_program("java"), "-jar", str(validator), "--errors-only", "--format", "gnu",
                              *map(str, pages)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr[:3000]
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context()
    try:
        page = context.new_page()
        axe = tool_file("axe-core/axe.min.js").read_text()
        for path in ("fr-CA/", "fr-CA/history/", "fr-CA/versions/7/"):
            page.goto(url(base, "www.compucom.ca", path))
            page.add_script_tag(content=axe)
            found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                                  ".then(r => r.violations.map(v => v.id + ': ' + v.help))", AXE_TAGS)
            assert found == [], (path, found)
        page.goto(url(base, "www.compucom.ca", "fr-CA/"))
        link = page.get_attribute("a:text('lire la version en vigueur')", "href")
        assert link == "https://www.compucom.ca/privacy/"
        page.goto(url(base, "www.compucom.ca", link.removeprefix("https://www.compucom.ca/privacy/")))
        assert page.evaluate("document.documentElement.lang") == "en-CA"
        assert "Version:</strong> 6" in page.content()
        page.goto(url(base, "www.compucom.ca", "fr-CA/versions/7/"))
        assert page.evaluate("document.querySelector('.notice-source-language').closest('[lang]').lang") == "en-CA"
    finally:
        context.close()
        server.shutdown()


def test_the_french_forms_speak_french(served, page):
    """The lookup and compare forms' words, written by noticegen.js, come
    from the page's data-messages: French on French pages (they were English)."""
    project, base = served
    page.goto(url(base, "www.compucom.ca", "fr-CA/history/"))
    page.wait_for_selector("form.notice-in-force:not([hidden])")
    page.fill("#in-force-date", "2024-01-01")
    page.click("form.notice-in-force button")
    page.wait_for_selector("form.notice-in-force output a")
    said = page.inner_text("form.notice-in-force output")
    # The first of a month as French writes it, as the build's dates do ("1er", not the browser's "1").
    assert said == "Version 5 était en vigueur le 1er janvier 2024 (depuis le 1er janvier 2023).", said
    page.fill("#in-force-date", "2001-01-01")
    page.click("form.notice-in-force button")
    page.wait_for_function("document.querySelector('form.notice-in-force output').textContent.includes('Aucune')")
    page.goto(url(base, "www.compucom.ca", "fr-CA/compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    options = page.evaluate("[...document.querySelectorAll('#compare-old option')].map(o => o.textContent)")
    assert options == ["Version 6 (à venir, 1er janvier 2030)", "Version 5 (en vigueur, 1er janvier 2023)"], options
    page.select_option("#compare-old", "5")
    page.select_option("#compare-new", "6")
    page.click("form.notice-compare button")
    page.wait_for_selector(".notice-compare-result .notice-legend")
    result = page.inner_text(".notice-compare-result")
    assert "Changements de la version 5 à la version 6" in result
    assert "Le texte ajouté est souligné, le texte supprimé est barré." in result
    assert "Ce qui a changé" in result and "Inserted" not in result and "What changed" not in result
    # The change summary's colon as French writes it (a space before), as on the prepared redline.
    summary = page.inner_text(".notice-compare-result .notice-change-summary li")
    assert summary.endswith(" : modifiée"), summary
    # English stays English.
    page.goto(url(base, "www.compucom.ca", "compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    assert page.evaluate("document.querySelector('#compare-old option').textContent") == \
        "Version 6 (upcoming, 1 January 2030)"
    page.select_option("#compare-old", "5")
    page.select_option("#compare-new", "6")
    page.click("form.notice-compare button")
    page.wait_for_selector(".notice-compare-result .notice-legend")
    assert page.inner_text(".notice-compare-result .notice-change-summary li").endswith(
        "Preserving the Security of Your Personal Information: changed")



def _serve_site(project):
    """project/site over HTTP on a free port, until server.shutdown()."""
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _compare_in_french(browser, server, old: str, new: str):
    """The French compare page of www.compucom.ca, asked to compare `old` with `new`."""
    page = browser.new_page()
    page.goto(url(f"http://127.0.0.1:{server.server_port}", "www.compucom.ca", "fr-CA/compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    page.select_option("#compare-old", old)
    page.select_option("#compare-new", new)
    page.click("form.notice-compare button")
    return page


def test_the_french_compare_page_shows_the_note_and_diffs_only_the_translation(tmp_path, browser):
    """Version 6 changes the English security section only (minor): its
    French is published under noticegen's note. Comparing 5 and 6 in French
    shows no inserted text (the note is not the translation's) and says the note."""
    from test_translations import release_minor_version, translated

    project = translated(tmp_path / "project")
    release_minor_version(project)
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    server = _serve_site(project)
    try:
        page = _compare_in_french(browser, server, "5", "6")
        page.wait_for_function("document.querySelector('.notice-compare-result').textContent.includes('6')")
        page.wait_for_selector(".notice-compare-result h2")
        result = page.inner_text(".notice-compare-result")
        assert page.query_selector(".notice-compare-result ins") is None, result
        assert "Aucun changement" in result, result
        assert "Traduction pas encore mise à jour. Le texte d’origine" in result or \
            "Traduction pas encore mise à jour." in result, result
        assert "!!!" not in result
    finally:
        server.shutdown()


def test_the_french_compare_page_marks_english_words_english(tmp_path, browser):
    """Version 6 shows the retention section in English (no translation, published
    under the note): the compare form's redline marks its words and title `lang="en-CA"`,
    as the prepared redline does, and leaves the French in the page's language."""
    from test_translations import retention_in_english_under_the_note, translated

    project = retention_in_english_under_the_note(translated(tmp_path / "project"))
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    server = _serve_site(project)
    try:
        page = _compare_in_french(browser, server, "5", "6")
        page.wait_for_selector(".notice-compare-result .notice-legend")
        inserted = page.evaluate("[...document.querySelectorAll('#compare-retention ~ * ins, "
                                 ".notice-compare-result ins')].map(i => i.lang + ':' + i.textContent)")
        assert "en-CA:personal information" in inserted, inserted
        deleted = page.evaluate("[...document.querySelectorAll('.notice-compare-result del')].map(d => d.lang)")
        assert deleted and not any(deleted), deleted
        assert page.evaluate("document.querySelector('a[href=\"#compare-retention\"]').lang") == "en-CA"
        assert page.evaluate("document.querySelector('#compare-retention span').lang") == "en-CA"
        assert page.evaluate("document.querySelector('#compare-retention small').closest('[lang]').lang") == "fr-CA"
    finally:
        server.shutdown()


def test_a_french_page_with_a_section_in_english_reads_well(tmp_path, browser):
    """Version 6 shows the retention section in English under its note: the
    French notice and version page pass axe and the validator, fit a 320 px
    phone, and mark Material's contents link to that section English and its
    permalink French (the in-article list is marked so already)."""
    from test_translations import retention_in_english_under_the_note, translated

    project = retention_in_english_under_the_note(translated(tmp_path / "project"))
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    server = _serve_site(project)
    base = f"http://127.0.0.1:{server.server_port}"
    axe = tool_file("axe-core/axe.min.js")
    try:
        context = browser.new_context(viewport={"width": 320, "height": 640})
        page = context.new_page()
        for path in ("fr-CA/", "fr-CA/versions/6/"):
            page.goto(url(base, "www.compucom.ca", path))
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
            page.add_script_tag(path=str(axe))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            assert result["violations"] == [], (path, [v["id"] for v in result["violations"]])
            assert page.evaluate("[...document.querySelectorAll('.md-sidebar--secondary a[href=\"#retention\"]')]"
                                 ".map(a => a.closest('[lang]').lang)") == ["en-CA"], path
            assert page.evaluate("document.querySelector('#retention .headerlink').closest('[lang]').lang") == "fr-CA"
        context.close()
    finally:
        server.shutdown()
    java = require_program("java")
    pages = [str(project / "site" / "www.compucom.ca" / "fr-CA" / p / "index.html") for p in ("", "versions/6")]
    result = subprocess.run([java, "-jar", str(tool_file("vnu-jar/build/dist/vnu.jar")), "--errors-only",
                             "--format", "gnu", *pages], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[:3000]


def test_an_iu_ca_page_in_noticegens_english_reads_well(tmp_path, browser):
    """iu-CA, a language noticegen has no messages in: its pages (notice,
    history, a redline, a version, the 404) pass axe and the validator with
    noticegen's English words in `lang="en"`, and the browser reads those
    words as English, the page's own text as iu-CA."""
    from test_fallback_words import in_inuktitut
    from test_translations import translated

    project = in_inuktitut(translated(tmp_path / "project"))
    assert run("build", "--no-pdf", "--site", "www.compucom.ca", cwd=project).code == 0
    paths = ("iu-CA/", "iu-CA/history/", "iu-CA/changes/5..6/", "iu-CA/versions/5/", "iu-CA/compare/")
    server = _serve_site(project)
    base = f"http://127.0.0.1:{server.server_port}"
    axe = tool_file("axe-core/axe.min.js")
    try:
        context = browser.new_context()
        page = context.new_page()
        for path in paths + ("iu-CA/404.html",):
            page.goto(url(base, "www.compucom.ca", path))
            page.add_script_tag(path=str(axe))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            assert result["violations"] == [], (path, [v["id"] for v in result["violations"]])
        page.goto(url(base, "www.compucom.ca", "iu-CA/history/"))
        assert page.evaluate("[...document.querySelectorAll('.notice-history th')].map(th => "
                             "th.firstElementChild.closest('[lang]').lang)") == ["en"] * 6
        assert page.evaluate("document.querySelector('.notice-history time').closest('[lang]').lang") == "iu-CA"
        # What noticegen.js writes: its English words in lang="en" too, the dates it puts in them not.
        page.wait_for_selector("form.notice-in-force:not([hidden])")
        page.fill("#in-force-date", "2024-01-01")
        page.click("form.notice-in-force button")
        page.wait_for_selector("form.notice-in-force output a")
        spans = page.evaluate("[...document.querySelectorAll('form.notice-in-force output span')]"
                              ".map(s => [s.lang, s.textContent])")
        assert ["en", "Version "] in spans and ["en", " was in force on "] in spans, spans
        assert page.evaluate("[...document.querySelector('form.notice-in-force output').childNodes]"
                             ".filter(n => n.nodeType === 3).length") >= 2  # the dates, as text of the page
        page.goto(url(base, "www.compucom.ca", "iu-CA/compare/?old=5&new=6"))
        page.wait_for_selector(".notice-compare-result .notice-legend")
        assert page.evaluate("[...document.querySelectorAll('.notice-compare-result .notice-legend span')]"
                             ".map(s => s.lang + ':' + s.textContent)") == [
            "en:Inserted text is ", "en:underlined", "en:, deleted text is ", "en:struck through"]
        assert page.evaluate("document.querySelector('.notice-compare-result h3').firstElementChild.lang") == "en"
        # An option holds text only: the option itself says its sentence is English.
        options = page.evaluate("[...document.querySelectorAll('#compare-old option')].map(o => [o.lang, o.text])")
        assert options and all(lang == "en" and text.startswith("Version ") for lang, text in options), options
        page.add_script_tag(path=str(axe))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert result["violations"] == [], [v["id"] for v in result["violations"]]
        # The print button noticegen.js makes, and Material's search line once its script has rewritten it.
        page.goto(url(base, "www.compucom.ca", "iu-CA/"))
        page.wait_for_selector(".notice-print")
        assert page.evaluate("document.querySelector('.notice-print').lang") == "en"
        page.click("input.md-search__input")
        page.keyboard.type("zzzqqq", delay=20)
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim()"
                               " === 'No matching documents'")
        assert page.evaluate("document.querySelector('.md-search-result__meta').closest('[lang]').lang") == "en"
        assert page.evaluate("document.querySelector('.md-skip').firstElementChild.lang") == "en"
        context.close()
    finally:
        server.shutdown()
    java = require_program("java")
    site = project / "site" / "www.compucom.ca" / "iu-CA"
    pages = [str(site / path.removeprefix("iu-CA/") / "index.html") for path in paths] + [str(site / "404.html")]
    fragment = tmp_path / "embed.html"
    fragment.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title></head>'
                        f"<body>{(site / 'embed.html').read_text()}</body></html>")
    result = subprocess.run([java, "-jar", str(tool_file("vnu-jar/build/dist/vnu.jar")), "--errors-only",
                             "--format", "gnu", *pages, str(fragment)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[:3000]
