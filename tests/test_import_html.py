"""Importing an HTML page: its text stays text, its code stays code, and a
script link loses its target however its scheme is written."""
import html as html_module
import re

import markdown
import pytest

from conftest import run
from test_authoring import empty_project, import_page


def page(body: str) -> str:
    return ("<!doctype html><html><body><h1>Privacy Policy</h1><p>Last updated: May 25, 2018</p>"
            f"<h2>Choices</h2>{body}</body></html>")


def choices(project) -> str:
    return (project / "notices" / "010-choices.md").read_text()


def rendered_html(project) -> str:
    """The imported section as the site's Markdown extensions render it."""
    body = choices(project).split("---\n", 2)[2]
    return markdown.Markdown(extensions=["toc", "admonition", "attr_list", "sane_lists", "generator.safety"]).convert(body)


def rendered_text(project) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", "", rendered_html(project)))


@pytest.mark.parametrize("href", ["jav\tascript:alert(1)", "java&#x0A;script:alert(1)", " JaVa&#x0D;Script:x",
                                  "\x01javascript:x", "vb&#9;script:x", "da\tta:text/html,x"])
def test_a_script_link_with_whitespace_in_its_scheme_is_dropped_and_its_words_kept(tmp_path, href):
    """Browsers ignore tabs and line breaks anywhere in a URL (and spaces
    and control characters around it): `jav<TAB>ascript:` is javascript:."""
    project, _, _ = import_page(tmp_path, page(f'<p>Use <a href="{href}">your settings</a> any time.</p>'))
    assert "Use your settings any time." in choices(project), choices(project)
    checked = run("--no-history", "check", cwd=project)  # (it fails on the placeholders a new import leaves)
    assert "010-choices.md" not in checked.out + checked.err, checked.out + checked.err


def test_a_markdown_notices_script_link_with_a_tab_in_its_scheme_loses_its_target(tmp_path):
    source = tmp_path / "privacy.md"
    source.write_text("# Privacy Policy\n\nLast updated: May 25, 2018\n\n## Choices\n\n"
                      "Use [your settings](jav\tascript:alert(1)) or <a href='vb\tscript:x'>write</a>.\n")
    project = empty_project(tmp_path / "md")
    assert run("--no-history", "import", str(source), cwd=project).code == 0
    assert "Use your settings or write." in choices(project), choices(project)


def test_check_says_a_link_scheme_with_whitespace_inside_is_not_allowed(project):
    path = project / "notices" / "020-security.md"
    lines = path.read_text().split("\n")
    number = next(i for i, line in enumerate(lines) if line and not line.startswith(("---", "id:", "title:"))
                  and i > 3)
    lines.insert(number, "Use [your settings](jav\tascript:alert(1)) any time.")
    path.write_text("\n".join(lines))
    result = run("check", cwd=project)
    assert result.code == 1
    assert f"notices/020-security.md:{number + 1}: a javascript: link is not allowed" in result.out + result.err, \
        result.out + result.err
    assert "which is not an address" not in result.out + result.err


@pytest.mark.parametrize("text, shown", [
    ("Write [x](https://evil.example) to link", "[x](https://evil.example)"),
    ("See ![pixel](https://t.example/p.gif) here", "![pixel](https://t.example/p.gif)"),
    ("Go to <https://evil.example> or <ads@evil.example>", "<https://evil.example>"),
    ("`not code` and {{ company }} and {: #x }", "`not code` and {{ company }} and {: #x }"),
    ("&amp;copy; 2018", "&copy; 2018"),
    ("[Note]: Purpose: ads", "[Note]: Purpose: ads"),  # no reference definition, no purpose: link
])
def test_text_that_looks_like_markdown_stays_text(tmp_path, text, shown):
    """A page that says `[x](y)` in its words: the words, never a live link, an image or a variable."""
    project, _, _ = import_page(tmp_path, page(f"<p>{text.replace('<', '&lt;').replace('>', '&gt;')}</p>"))
    checked = run("--no-history", "check", cwd=project)
    assert "010-choices.md" not in checked.out + checked.err, checked.out + checked.err
    assert shown in rendered_text(project) and "<a " not in rendered_html(project) and "<img" not in \
        rendered_html(project), (choices(project), rendered_html(project))


def test_check_reads_escaped_brackets_and_braces_as_text(project):
    """`\\[x\\](y)` and `\\{: .x }` are text to Python-Markdown: check said "a
    link to 'y'" and "an attribute list is not allowed" about them."""
    path = project / "notices" / "020-security.md"
    path.write_text(path.read_text() + "\nWrite \\[x\\](y), \\[n\\]: data: x and \\{: .big } as text.\n")
    result = run("check", cwd=project)
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize("line", ["# Not a heading", "1. Not a list", "- Not a list", "> Not a quote",
                                  "!!! note Not an admonition"])
def test_a_paragraph_that_starts_like_markdown_stays_a_paragraph(tmp_path, line):
    project, _, _ = import_page(tmp_path, page(f"<p>First.</p><p>{line.replace('>', '&gt;')}</p>"))
    assert f"<p>{line.replace('>', '&gt;')}</p>" in rendered_html(project), rendered_html(project)


def test_code_keeps_its_words(tmp_path):
    """markdownify writes `<img>` for <code>&lt;img&gt;</code>, and the clean-up
    of tags and links took it for an image (and `[x](y)` for a link to make absolute)."""
    project, _, _ = import_page(tmp_path, page(
        "<p>Pages load <code>&lt;img&gt;</code>, <code>&lt;!-- x --&gt;</code> and <code>[x](y)</code>.</p>"))
    html = rendered_html(project)
    assert "<code>&lt;img&gt;</code>" in html and "<code>&lt;!-- x --&gt;</code>" in html, html
    assert "<code>[x](y)</code>" in html, html


def test_a_markdown_notices_code_is_not_cleaned_as_html(tmp_path):
    source = tmp_path / "privacy.md"
    source.write_text("# Privacy Policy\n\nLast updated: May 25, 2018\n\n## Choices\n\n"
                      "We never load `<img src=x>` or `<script>`; see `[x](y)`.\n\n```\n<b>kept</b> [a](b)\n```\n")
    project = empty_project(tmp_path / "md")
    assert run("--no-history", "import", str(source), cwd=project).code == 0
    text = choices(project)
    assert "`<img src=x>` or `<script>`; see `[x](y)`." in text and "```\n<b>kept</b> [a](b)\n```" in text, text
