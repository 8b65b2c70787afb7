"""Author text and templates are untrusted for visitors: whatever they hold,
built files carry no event handler, no style from author text, no script
and no URL other than http(s), mailto or relative; templates cannot reach
Python."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import git, run
from generator import embeds, mkdocs_site, notifications, safety
from generator.markdown_chunks import ChunkedMarkdown
from generator.sites import load_sites
from test_notifications import significant_release

SITE = "www.compucom.com"
SITE_EXTENSIONS = ["toc", "admonition", "attr_list", "sane_lists", "generator.safety"]  # as mkdocs.yml
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "data", "poster", "background"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


class _Dangers(HTMLParser):
    """What a browser could run or fetch, in one HTML document or fragment."""

    def __init__(self, allow_style: bool = False, ours: frozenset = frozenset()):
        super().__init__(convert_charrefs=True)
        self.allow_style, self.ours = allow_style, ours
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "base", "form", "meta"} - self.ours:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            elif name == "style" and not self.allow_style:
                self.found.append(f"{tag} style=")
            elif name in URL_ATTRIBUTES and value:
                # Browsers ignore control characters and blanks inside a scheme.
                scheme = SCHEME.match(re.sub(r"[\x00-\x20]", "", value).lower())
                if scheme and scheme.group(1) not in ("http", "https", "mailto"):
                    self.found.append(f"{tag} {name}={value!r}")


def dangers(html: str, allow_style: bool = False, ours: frozenset = frozenset()) -> list[str]:
    parser = _Dangers(allow_style, ours)
    parser.feed(html)
    return parser.found


HOSTILE = [
    'Para\n{: onmouseover="alert(1)" }', "![x](a.png){: onerror=alert(1) }", 'Text {: style="position:fixed" }',
    "### Heading {: onclick=alert(1) #__drawer .md-header }", "{: .md-banner }", '{: href="javascript:alert(1)" }',
    "[link](javascript:alert(1))", "[link](JaVaScRiPt:alert(1))", "[link](&#106;avascript:alert(1))",
    "[link](&#x6A;avascript&#x3A;alert(1))", "[link](data:text/html;base64,PHNjcmlwdD4=)", "[link](vbscript:x)",
    "[a [b](https://ok.example)](javascript:y)", "![pixel](https://tracker.example/p.gif)", "![x](javascript:x)",
    "<!-- a comment -->", "<!--> <script>alert(1)</script>", "<javascript:alert(1)>", "<https://ok.example/>",
    "<mailto:privacy@example.com>", '<a href="javascript:x">raw</a>', "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=//evil.example></iframe>", "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[y][r2]\n\n[r2]: <data:text/html,x> \"title\"", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;", '[t](https://ok.example "a\\" onmouseover=\\"x")',
    "`<script>in code</script>`", "```\n<script>fenced</script>\n```", "!!! warning \"<b onclick=x>t</b>\"\n    body",
    "* item {: onclick=x }", "1. [x](javascript:void(0))", "\\<script>escaped\\</script>",
    "<<noticegen-html:PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>>",
]
WORDS = ["We", "collect", "your", "name", "**bold**", "_em_", "`code`", "&amp;", "{", "}", ":", "#", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(WORDS)), min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=8, max_size=8))
def test_hostile_markdown_converts_to_nothing_active(pieces, separators):
    markdown = "".join(piece + separators[n] for n, piece in enumerate(pieces))
    text = safety.neutralize(markdown)  # as every author text is, in pages.site_text
    site_html = ChunkedMarkdown(SITE_EXTENSIONS).convert(("## Section { #section }", text)).html
    embed_html = embeds.to_html(text)
    assert dangers(site_html) == [], (markdown, site_html)
    assert dangers(embed_html) == [], (markdown, embed_html)


def test_check_refuses_attribute_lists_and_images_with_file_and_line(project):
    section = project / "notices" / "030-collection.md"
    original = section.read_text()
    for body, what in [('Para\n{: onmouseover="alert(1)" }', "attribute list"),
                       ('Text {: style="position:fixed;top:0" }', "attribute list"),
                       ("Item {: .md-banner }", "attribute list"),
                       ("![x](a.png){: onerror=alert(1) }", "image"),
                       ("See ![pixel](https://tracker.example/p.gif).", "image")]:
        section.write_text(original + "\n" + body + "\n")
        result = run("check", cwd=project)
        line = original.count("\n") + 2 + body.count("\n")
        assert result.code == 1, body
        assert f"notices/030-collection.md:{line}: " in result.err and what in result.err, result.err
        assert "Traceback" not in result.err
    section.write_text(original + "\n### Sub-heading { #sub-heading }\n\nText.\n")
    assert run("check", cwd=project).code == 0  # an anchor id alone is fine


def built_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt") and "vendor" not in path.parts:
            yield path


def html_of(path: Path) -> list[str]:
    """The HTML in a built file: the file itself, or the HTML fields of a JSON file."""
    if path.suffix != ".json":
        return [path.read_text(encoding="utf-8")]
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "html" and isinstance(item, str):
                    found.append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def test_text_that_passes_check_reaches_no_built_file_as_markup(project):
    """Constructs `check` lets through (reference links, titles with quotes,
    encoded markup), built for real: pages, archived versions, embed,
    notice.json, feed and notifications. Encoded schemes are refused."""
    section = project / "notices" / "030-collection.md"
    original = section.read_text()
    for hidden, scheme in [("[this](&#106;avascript:alert(1))", "javascript"),
                           ("[that][r]\n\n[r]: &#x64;ata:text/html,x", "data")]:
        section.write_text(original + f"\nSee {hidden}.\n")
        result = run("check", cwd=project)
        assert result.code == 1 and "030-collection.md:" in result.err and f"a {scheme}: link" in result.err, hidden
    section.write_text(original + "\nSee [that][r] and "
                       '[t](https://ok.example "a\\" onmouseover=\\"x") and &#x3C;img src=x onerror=alert(1)&#x3E;.\n\n'
                       "[r]: https://ok.example/r\n")
    assert run("check", cwd=project).code == 0
    significant_release(project, effective="2030-01-01")
    assert run("build", cwd=project).code == 0
    checked = 0
    for path in built_files(project / "site"):
        for html in html_of(path):
            # The theme's own pages carry Material's scripts and a style: judge what came from the notice.
            content = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>'
                                r'|<body>(.*)</body>', html, re.S)
            part = (content.group(1) or content.group(2)) if content else html
            # noticegen's own pages have forms (compare, the version in force on a date).
            assert dangers(part, allow_style=path.name == "email.html", ours=frozenset({"form"})) == [], path
            checked += 1
    assert checked > 30


def test_a_project_that_leaves_out_the_safety_extension_still_gets_it(project):
    # A list replaces the default extensions (as under INHERIT): no generator.safety in it.
    (project / "mkdocs.yml").write_text("markdown_extensions: [toc, attr_list, admonition]\n")
    assert run("build", "--no-history", cwd=project).code == 0
    # check refuses what the extension would remove, so it is judged on its own:
    # the project's config as MkDocs loads it, as noticegen prepares every site's.
    from markdown import Markdown
    from mkdocs.config import load_config

    config = mkdocs_site.prepared(load_config(config_file=str(project / "mkdocs.yml"), site_name="Test",
                                                  docs_dir=str(project / "notices")))
    assert config.markdown_extensions[-1] == "generator.safety"
    converted = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(
        "See [this](&#106;avascript:alert(1)) <img src=x onerror=alert(1)> {: onclick=x }\n")
    assert dangers(converted) == [] and "See <span>this</span>" in converted, converted


def test_templates_cannot_reach_python(project, tmp_path):
    marker = tmp_path / "PWNED"
    folder = project / "notices" / "notifications"
    folder.mkdir()
    (folder / "banner.html").write_text(
        "<strong>Changed</strong>\n{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Hostile banner")
    for command in (["check"], ["build"]):
        result = run(*command, cwd=project)
        assert result.code == 1
        assert "notices/notifications/banner.html:2: " in result.err and "sandbox" in result.err, result.err
        assert "Traceback" not in result.err
    assert not marker.exists()
    (folder / "banner.html").write_text("{% for x in [1] %}\n{{ x.__class__.__mro__ }}\n{% endfor %}\n")
    result = run("check", cwd=project)
    assert result.code == 1 and "banner.html:2: " in result.err, result.err
    (folder / "banner.html").write_text("{% if %}\n")
    result = run("check", cwd=project)
    assert result.code == 1 and "banner.html:1: " in result.err, result.err


def test_template_markup_is_held_to_the_allow_list(project):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    (folder / "banner.html").write_text(
        '<script>alert(1)</script><strong onclick="x">Changed</strong> <a href="javascript:x">js</a> '
        '<a href="{{ changes_path }}" style="position:fixed">See</a><img src="https://tracker.example/p.gif">\n')
    (folder / "email.html").write_text(
        '<html><body onload="x"><script>alert(1)</script><p style="color: red; position: fixed">Hi</p>'
        '<img src="https://tracker.example/open.gif"><a href="{{ changes_url }}">changes</a></body></html>\n')
    (folder / "webhook.json").write_text('{"summary": "{{ summary }}"}\n')
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Templates")
    significant_release(project, effective="2026-04-01")
    # check tells the author what the allow-list would take out (and so the build does not start) ...
    refused = run("build", "--today", "2026-02-15", cwd=project)
    assert refused.code == 1 and "banner.html:1: the allow-list takes out <script>" in refused.err, refused.err
    assert "email.html:1: the allow-list takes out <script>" in refused.err, refused.err
    # ... and what reaches anyone is held to it all the same.
    site = next(s for s in load_sites(project / "notices") if s.domain == SITE)
    env = notifications.environment(project / "notices", site)
    banner = notifications.render(env, "banner.html", {"changes_path": "/privacy/changes/5..6/"})
    assert "Changed" in banner and 'href="/privacy/changes/5..6/"' in banner
    assert dangers(banner) == [] and "<script" not in banner and "tracker" not in banner
    email = notifications.render(env, "email.html", {"changes_url": "https://www.compucom.com/privacy/changes/"})
    body = email.split("<body>", 1)[1]
    assert dangers(body, allow_style=True) == [] and "tracker" not in email and "<script" not in email
    assert 'style="color:red"' in email and "position" not in email
    json.loads(notifications.render(env, "webhook.json", {"summary": "We may sell data."}))


def test_the_links_check_allows_keep_their_targets_and_others_are_refused():
    """What check lets through the sanitiser keeps; what it would drop, check refuses with the line."""
    allowed = "[Call us](tel:+18005551234), [write](mailto:privacy@example.com), [read](https://ok.example/x), " \
              "[the history](history/index.md), <https://ok.example/>"
    assert safety.problems_in(allowed, Path("notices/x.md"), 1) == []
    html = ChunkedMarkdown(SITE_EXTENSIONS).convert(("## S { #s }", safety.neutralize(allowed))).html
    for target in ("tel:+18005551234", "mailto:privacy@example.com", "https://ok.example/x", "history/index.md"):
        assert f'href="{target}"' in html, (target, html)
    for link, scheme in [("[f](file:///etc/passwd)", "file"), ("[s](sms:+1555)", "sms"),
                         ("[r][1]\n\n[1]: ftp://host/x", "ftp"), ("<ssh://host>", "ssh")]:
        (problem,) = safety.problems_in(link, Path("notices/x.md"), 7)
        assert f"a {scheme}: link is not allowed" in str(problem) and problem.line in (7, 9), (link, problem)
