"""What the sixteenth session's third attack found in its own hardening
(webhooks, review's webhook notes, import's escaping, check's hidden
characters), one test per finding, each failing before its fix."""
from __future__ import annotations

import pytest

from conftest import git, run
from test_history import edit
from test_import_html import import_page, page, rendered_html
from test_notify import _set_webhook


@pytest.mark.parametrize("url, said", [
    ("https://[2002:a9fe:a9fe::]/hook", "a link-local address"),  # 6to4 wrapping the cloud's metadata service
    ("https://[2002:7f00:1::]/hook", "a loopback address"),
    ("https://[2002:a00:1::]/hook", "a private address"),
    ("https://[64:ff9b::a9fe:a9fe]/hook", "a link-local address"),  # NAT64: was "a reserved address"
])
def test_an_ipv4_address_wrapped_in_ipv6_is_judged_as_the_ipv4_it_reaches(project, url, said):
    line = _set_webhook(project, url)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"sites.yml:{line}: webhook " in output and f"points at {said}" in output, output


@pytest.mark.parametrize("url, said", [
    ("https://2130706433/hook", "a loopback address (127.0.0.1)"),  # one decimal number
    ("https://0x7f.1/hook", "a loopback address (127.0.0.1)"),  # hex, the last part filling three bytes
    ("https://017700000001/hook", "a loopback address (127.0.0.1)"),  # octal
    ("https://0xa9.0xfe.0xa9.0xfe/latest/meta-data/", "a link-local address (169.254.169.254)"),
    ("https://0/hook", "an unspecified address (0.0.0.0)"),  # Linux connects 0.0.0.0 to this machine
    ("https://localhost./hook", "a loopback address"),  # the absolute name
    ("https://127.0.0.1./hook", "a loopback address (127.0.0.1)"),
    ("https://ｌｏｃａｌｈｏｓｔ/hook", "a loopback address"),  # full-width letters: IDNA folds them
    ("https://１２７.０.０.１/hook", "a loopback address (127.0.0.1)"),
    ("https://127。0。0。1/hook", "a loopback address (127.0.0.1)"),  # the ideographic full stop
])
def test_check_reads_an_address_as_the_resolver_does(project, url, said):
    """getaddrinfo connects each of these to the address named: check
    refused only the dotted-decimal spelling, leaving it to --send."""
    line = _set_webhook(project, url)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"sites.yml:{line}: webhook " in output and f"points at {said}" in output, output


@pytest.mark.parametrize("url", ["https://134744072/hook", "https://08.1/hook", "https://1e100.net/hook"])
def test_a_number_that_is_no_private_address_passes(project, url):
    _set_webhook(project, url)  # 8.8.8.8; 08 is no octal number (a name); a name with digits
    result = run("check", cwd=project)
    assert result.code == 0, result.out + result.err


def test_review_names_a_look_alike_webhook_host_by_the_name_looked_up(project):
    """hооks.example.com with two Cyrillic o's read, in the review's note,
    exactly as the hooks.example.com the team knows: its notifications went
    to whoever holds the look-alike. The note shows the IDNA name."""
    publish = "    publish: {directory: published/www.compucom.com, keep: 5}"
    edit(project, "sites.yml", publish, f"{publish}\n    webhook: https://hooks.example.com/T0SECRET")
    git(project, "commit", "-qam", "A webhook")
    edit(project, "sites.yml", "https://hooks.example.com/", "https://h\u043e\u043eks.example.com/")
    git(project, "commit", "-qam", "The same webhook, to the eye")
    result = run("review", "HEAD~1", "HEAD", cwd=project)
    assert result.code in (0, 3, 4), result.err
    assert ("to another webhook (before: `https://hooks.example.com/…`): `https://xn--hks-seda.example.com/…` "
            "(written `h\u043e\u043eks.example.com`: its name has letters outside ASCII") in result.out, result.out
    assert "SECRET" not in result.out


def test_an_ipv6_webhook_is_shown_in_brackets(project):
    """'webhook https://::ffff:a9fe:a9fe:8443 points at...' read as a port
    of a malformed address; the URL as written brackets it."""
    line = _set_webhook(project, "https://[::ffff:a9fe:a9fe]:8443/latest/meta-data/")
    result = run("check", cwd=project)
    assert result.code == 1 and f"sites.yml:{line}: webhook https://[::ffff:a9fe:a9fe]:8443/… points at a link-local " \
        "address" in result.out + result.err, result.out + result.err


def test_a_pages_code_with_a_blank_line_or_a_fence_in_it_stays_code(tmp_path):
    """The site's Markdown has no fenced blocks: ``` is a code span, which
    a blank line ends, and a line of ``` in the code closed it. The words
    after either were live on the site: a link, bold."""
    project, _, _ = import_page(tmp_path, page(
        "<p>First.</p><pre><code>first line\n\n[not a link](https://evil.example) &lt;b&gt;not bold&lt;/b&gt;"
        "</code></pre><pre><code>```\n[nor this](https://evil.example) **nor this**\n```\nafter</code></pre>"))
    html = rendered_html(project)
    assert "evil.example\"" not in html and "<strong>" not in html, html
    assert "<code>[not a link](https://evil.example) &lt;b&gt;not bold&lt;/b&gt;</code>" in html, html
    assert "<code>```\n[nor this](https://evil.example) **nor this**\n```\nafter</code>" in html, html
    checked = run("check", cwd=project)  # the placeholders of a fresh import only: nothing in the code
    assert "010-choices.md" not in checked.out + checked.err, checked.out + checked.err


@pytest.mark.parametrize("underline", ["===", "=", "---"])
def test_a_line_of_equals_signs_after_a_line_break_stays_words(tmp_path, underline):
    """<p>Our promise<br>===</p>: a line of = (or -) under a line makes it a
    heading, and import made it a section of its own. Markdown has no \\=:
    the first = is written &#61;."""
    project, _, _ = import_page(tmp_path, page(f"<p>First.</p><p>Our promise<br>{underline}</p><p>Then.</p>"))
    html = rendered_html(project)
    assert "<h" not in html and "<hr" not in html, html
    assert f"<p>Our promise<br>\n{'&#61;' + underline[1:] if underline[0] == '=' else underline}</p>" in html, html
    assert not (project / "notices" / "020-our-promise.md").exists()


def test_a_pages_inline_code_over_lines_keeps_every_line_as_code(tmp_path):
    """Code spans were read per line: the second line of an inline <code>
    was read as HTML, and `<script>x</script>` shown as code was removed."""
    project, _, _ = import_page(tmp_path, page(
        "<p>Run <code>one\n&lt;script&gt;x&lt;/script&gt; two\n&lt;b&gt;three&lt;/b&gt;</code> once.</p>"))
    html = rendered_html(project)
    assert "<script" not in html and "<b>" not in html, html
    assert "<code>one</code>\n<code>&lt;script&gt;x&lt;/script&gt; two</code>\n<code>&lt;b&gt;three&lt;/b&gt;</code>" \
        in html, html
    checked = run("check", cwd=project)
    assert "010-choices.md" not in checked.out + checked.err, checked.out + checked.err


def test_a_link_written_in_a_pages_code_stays_code_text(tmp_path):
    """`[x](javascript:y)` in <code> imported as `x`: inside code the whole
    text is words (a link to a missing heading lost its target the same way)."""
    project, _, _ = import_page(tmp_path, page(
        "<p>Never <code>[x](javascript:y)</code> nor <code>[to](#nowhere)</code>.</p>"))
    html = rendered_html(project)
    assert "<code>[x](javascript:y)</code>" in html and "<code>[to](#nowhere)</code>" in html, html
    assert "href" not in html, html


def test_code_shown_on_a_built_page_survives_a_second_import(tmp_path):
    """A <pre> imports as a ``` span, which the site shows as an inline
    <code> over lines: importing that page again lost its `<script>` line."""
    (tmp_path / "first").mkdir()
    (tmp_path / "again").mkdir()
    first, _, _ = import_page(tmp_path / "first", page(
        "<p>Run:</p><pre><code>run\n&lt;script&gt;x&lt;/script&gt;\ndone</code></pre>"))
    built = rendered_html(first)
    assert "<code>run\n&lt;script&gt;x&lt;/script&gt;\ndone</code>" in built, built
    again, _, _ = import_page(tmp_path / "again", page(built))
    html = rendered_html(again)
    assert "<code>run</code>\n<code>&lt;script&gt;x&lt;/script&gt;</code>\n<code>done</code>" in html, html


def test_a_markdown_code_span_over_lines_keeps_its_lines_as_code(tmp_path):
    """The same per-line reading in a Markdown file's import: the line of a
    span after its first was read as HTML and `<script>x</script>` removed."""
    from test_authoring import empty_project
    source = tmp_path / "privacy.md"
    source.write_text("# Privacy Policy\n\nLast updated: May 25, 2018\n\n## Choices\n\n"
                      "Run `one\n<script>x</script> two` once, `a` b\nc `d`.\n")
    project = empty_project(tmp_path / "md")
    result = run("--no-history", "import", str(source), cwd=project)
    assert result.code == 0, result.err
    html = rendered_html(project)
    assert "<code>one</code>\n<code>&lt;script&gt;x&lt;/script&gt; two</code> once, <code>a</code> b\nc " \
        "<code>d</code>." in html, html
