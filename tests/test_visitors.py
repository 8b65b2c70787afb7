"""What a visitor meets, in headless Chromium, on two builds of one history
(versions 5, 6 and 7): one while version 7 waits for its effective date (a
notice period in progress) and one after it took effect. Every page says the same about
which version is in force; dates are for people; comparisons live in the
address; the 404 page, the head, the feed and the embed do their part."""
from __future__ import annotations

import functools
import html
import http.server
import json
import re
import threading
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import pytest

from conftest import copy_project, git, run
from test_browser import SCREENSHOTS, _QuietHandler

CORPORATE, CANADA = "www.compucom.com", "www.compucom.ca"
BUILDS = {"waiting": "site", "settled": "site-settled"}  # built on 1 Jan 2026, and for 1 Jun 2030
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("visitors") / "project")
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text().replace("extensive precautions", "reasonable precautions"))
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "5"', 'version: "6"').replace("effective: 2023-01-01",
                                                                                     "effective: 2026-01-01")
                    .replace("published: 2022-11-30\n", ""))
    git(project, "commit", "-q", "-am", "Version 6")  # committed 1 January 2026, in force that day
    section.write_text(section.read_text() + "\nWe review these precautions every year.\n")
    meta.write_text(meta.read_text().replace('version: "6"', 'version: "7"').replace("effective: 2026-01-01",
                                                                                     "effective: 2030-01-01"))
    git(project, "commit", "-q", "-am", "Version 7")
    assert run("build", cwd=project).code == 0
    result = run("build", "--today", "2030-06-01", "--out", "site-settled", cwd=project)
    assert result.code == 0, result.err
    handler = functools.partial(_QuietHandler, directory=str(project))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def address(base, build, domain=CORPORATE, path=""):
    return f"{base}/{BUILDS[build]}/{domain}/{path}"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


EXPECTED = {  # build -> (version in force, status of 7, status of 6)
    "waiting": ("6", "upcoming", "in force"),
    "settled": ("7", "in force", "superseded"),
}


@pytest.mark.parametrize("build", BUILDS)
def test_every_page_says_the_same_about_the_version_in_force(served, page, build):
    project, base = served
    in_force, seven, six = EXPECTED[build]
    page.goto(address(base, build))
    assert f"Version: {in_force}" in page.inner_text(".notice-meta >> nth=0")
    page.goto(address(base, build, path="versions/7/"))
    assert ("Upcoming version" if seven == "upcoming" else "The version in force") in page.inner_text(".admonition")
    assert "version 7" in page.title() and ("takes effect 1 January 2030" if seven == "upcoming"
                                            else "in force since 1 January 2030") in page.title()
    page.goto(address(base, build, path="versions/6/"))
    assert ("The version in force" if six == "in force" else "Superseded version") in page.inner_text(".admonition")
    assert "version 6" in page.title() and ("in force since 1 January 2026" if six == "in force"
                                            else "in force 1 January 2026 to 1 January 2030") in page.title()
    assert page.is_visible("a[href$='changes/5..6/']") and page.is_visible("a[href$='changes/6..7/']")
    page.goto(address(base, build, path="history/"))
    rows = {row.split("\t")[0].strip(): row for row in page.inner_text("table.notice-history tbody").split("\n")}
    assert ("Upcoming" if seven == "upcoming" else "In force") in rows["Version 7"]
    assert "until 1 January 2030" in rows["Version 6"] and ("In force" in rows["Version 6"]) == (six == "in force")
    page.goto(address(base, build, path="changes/6..7/"))
    assert ("takes effect on 1 January 2030" if seven == "upcoming" else "is in force since 1 January 2030") in \
        page.inner_text("article")
    page.goto(address(base, build, path="compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    assert f"Version 7 ({seven}, 1 January 2030)" in page.inner_text("#compare-new")
    data = json.loads((project / BUILDS[build] / CORPORATE / "versions.json").read_text())
    assert data["in_force"] == in_force and [v["status"] for v in data["versions"][:2]] == [seven, six]


@pytest.mark.parametrize("build", BUILDS)
def test_the_feed_links_to_the_redline_in_plain_words_and_is_never_in_the_future(served, build):
    project, _ = served
    feed = ElementTree.parse(project / BUILDS[build] / CORPORATE / "feed.xml").getroot()
    today = "2026-01-01" if build == "waiting" else "2030-06-01"
    entries = feed.findall(f"{ATOM}entry")
    assert all(e.find(f"{ATOM}updated").text[:10] <= today for e in entries)
    newest = entries[0]
    assert newest.find(f"{ATOM}link").get("href").endswith("/changes/6..7/")
    assert newest.find(f"{ATOM}summary").text.startswith(("A significant change", "A minor change"))


def test_dates_are_written_for_people(served, page):
    project, base = served
    for path in ("", "history/", "versions/6/", "changes/5..6/", "compare/"):
        page.goto(address(base, "waiting", path=path))
        text = page.inner_text("article")
        assert not ISO_DATE.search(text), (path, ISO_DATE.search(text).group(0))
    page.goto(address(base, "waiting", path="history/"))
    page.wait_for_selector("form.notice-in-force:not([hidden])")
    page.fill("#in-force-date", "2024-01-01")
    page.click("form.notice-in-force button")
    page.wait_for_selector("form.notice-in-force output a")
    assert "1 January 2024" in page.inner_text("form.notice-in-force output")


def test_a_comparison_lives_in_the_address(served, browser):
    project, base = served
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(address(base, "waiting", path="compare/"))
    page.wait_for_selector("form.notice-compare:not([hidden])")
    for selector in ("form.notice-compare button", ):
        box = page.locator(selector).bounding_box()
        assert box["height"] >= 44, box
    page.select_option("#compare-old", "5")
    page.select_option("#compare-new", "7")
    page.click("form.notice-compare button")
    page.wait_for_selector(".notice-compare-result .notice-legend")
    assert urlsplit(page.url).query == "old=5&new=7"
    result = page.locator(".notice-compare-result")
    assert result.locator("ul.notice-change-summary li").count() >= 1
    assert result.locator("details.notice-unchanged").count() >= 1
    assert "extensive reasonable" in result.inner_text()  # deletion and insertion apart when copied
    page.select_option("#compare-old", "6")
    page.click("form.notice-compare button")
    page.wait_for_function("location.search === '?old=6&new=7'")
    page.go_back()
    page.wait_for_function("location.search === '?old=5&new=7'")
    page.wait_for_selector(".notice-compare-result h2:has-text('version 5 to version 7')")
    # A shared link, picked the wrong way round: shown older to newer, and said so.
    page.goto(address(base, "waiting", path="compare/?old=7&new=5"))
    page.wait_for_selector(".notice-compare-result h2:has-text('version 5 to version 7')")
    assert "shown from the older one to the newer one" in page.inner_text(".notice-compare-result")
    context.close()
    quiet = browser.new_context(java_script_enabled=False)
    page = quiet.new_page()
    page.goto(address(base, "waiting", path="compare/"))
    text = page.inner_text("article")
    assert "Pick any two" not in text and "With JavaScript, this page also compares" in text
    quiet.close()


def test_prepared_redlines_mark_unchanged_sections_as_unchanged_and_separate_edits(served, page):
    project, base = served
    page.goto(address(base, "waiting", path="changes/5..6/"))
    assert "extensive reasonable" in page.inner_text("article")
    marker = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('details.notice-unchanged > summary'), '::before');
        return {content: s.content, mask: s.maskImage || s.webkitMaskImage};
    }""")
    assert marker["content"] == '"="' and marker["mask"] == "none"


def test_the_404_page_leads_back(served, page):
    project, base = served
    page.goto(address(base, "waiting", path="404.html"))
    links = page.eval_on_selector_all("article a", "links => links.map(a => a.getAttribute('href'))")
    assert "/privacy/" in links and "/privacy/history/" in links
    assert page.is_visible("label[for='__search']")


def test_head_description_feed_and_language(served, page):
    project, base = served
    for domain, language in ((CORPORATE, "en"), (CANADA, "en-CA")):
        for path in ("", "history/", "versions/6/", "changes/5..6/", "compare/", "404.html"):
            page.goto(address(base, "waiting", domain, path))
            assert page.get_attribute("html", "lang") == language, (domain, path)
            description = page.get_attribute("meta[name=description]", "content")
            assert description and "every earlier version" in description
            assert page.get_attribute("link[rel=alternate][type='application/atom+xml']", "href").endswith("feed.xml")


def test_no_invisible_focus_stop_and_the_skip_link_first(served, page):
    project, base = served
    page.goto(address(base, "waiting"))
    invisible = []
    for number in range(25):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
            const e = document.activeElement;
            const r = e.getBoundingClientRect();
            const s = getComputedStyle(e);
            return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim().slice(0, 30),
                    visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden'};
        }""")
        if number == 0:
            assert "md-skip" in found["cls"], found
        if not found["visible"] and "md-skip" not in found["cls"]:  # the skip link shows when focused
            invisible.append(found)
    assert invisible == []


def test_the_embed_fits_inside_another_page(served):
    project, _ = served
    folder = project / "site" / CORPORATE
    raw = (folder / "embed.html").read_bytes()
    # No <meta charset> can go in a fragment: it is ASCII, so a host page in
    # any encoding shows the same text (the notice's own characters as &#N;).
    assert raw.isascii() and b"&#" in raw, raw[:200]
    page_text = html.unescape(re.sub(r"<[^>]+>", "", (folder / "index.html").read_text()))
    fragment_text = html.unescape(re.sub(r"<[^>]+>", "", raw.decode("latin-1")))
    assert not fragment_text.isascii() and set(fragment_text) <= set(page_text)
    fragment = raw.decode()
    ids = re.findall(r'\bid="([^"]*)"', fragment)
    assert ids and all(i.startswith("privacy-notice-") for i in ids)
    anchors = re.findall(r'href="#([^"]*)"', fragment)
    assert anchors and set(anchors) <= set(ids)
    assert 'href="https://www.compucom.com/privacy/history/"' in fragment
    assert fragment.count("<h2") >= 1 and "<h1" not in fragment
    assert "<h1" in (folder / "embed-h1.html").read_text()
    assert "<h3" in (folder / "embed-h3.html").read_text() and "<h2" not in (folder / "embed-h3.html").read_text()


PAGE_KINDS = {"notice": "", "version": "versions/6/", "changes": "changes/6..7/", "history": "history/",
              "compare": "compare/?old=5&new=7", "not-found": "404.html"}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_every_page_kind(served, browser, width):
    project, base = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for build in BUILDS:
        for kind, path in PAGE_KINDS.items():
            page.goto(address(base, build, path=path))
            if kind == "compare":
                page.wait_for_selector(".notice-compare-result .notice-legend")
            target = SCREENSHOTS / f"{build}-{kind}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
    context.close()
