"""Real MkDocs + Material builds of the shipped notice, asserted on HTML."""
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import cli_env, run
from html_scan import css_urls, scan, third_party
from test_notice_model import CURRENT_IDS

DOMAIN = "www.compucom.com"


def page(project, path="index.html"):
    return (project / "site" / DOMAIN / path).read_text(encoding="utf-8")


def test_notice_page_has_every_section_in_order_with_anchors(built):
    html = scan(page(built))
    sections = [h for h in html.h2 if h[0] != "contents"]
    assert [anchor for anchor, _ in sections] == CURRENT_IDS
    assert sections[4][1] == "Use of Email Addresses"
    assert len(set(html.ids)) == len(html.ids), "duplicate ids"


def test_page_opens_with_title_date_version_then_contents(built):
    html = page(built)
    article = html[html.index("<article"):]
    title = article.index("Website Privacy Statement")
    meta = article.index("1 January 2023")
    contents = article.index('id="contents"')
    first_section = article.index('id="respects-your-privacy"')
    assert title < meta < contents < first_section
    assert "<strong>Version:</strong> 5" in article
    toc = article[contents:first_section]
    assert re.findall(r'href="#([a-z-]+)"', toc)[1:] == CURRENT_IDS


def test_variables_are_filled(built):
    html = page(built)
    assert "{{" not in html
    assert "mailto:Privacy@compucom.com" in html
    assert "972-856-3600" in html
    assert "7171 Forest Lane" in html


def test_no_third_party_requests_anywhere(built):
    site = built / "site" / DOMAIN
    for path in site.rglob("*.html"):
        assert third_party(scan(path.read_text(encoding="utf-8")).fetched, DOMAIN) == [], path
    for path in site.rglob("*.css"):
        assert third_party(css_urls(path.read_text(encoding="utf-8"))) == [], path
    assert "fonts.googleapis" not in page(built)


def test_canonical_url_and_sitemap_use_no_wall_clock(built):
    assert '<link rel="canonical" href="https://www.compucom.com/privacy/">' in page(built)
    sitemap = page(built, "sitemap.xml")
    assert "<lastmod>2023-01-01</lastmod>" in sitemap


def test_print_stylesheet_is_linked(built):
    html = page(built)
    assert "assets/stylesheets/noticegen.css" in html
    css = (built / "site" / DOMAIN / "assets/stylesheets/noticegen.css").read_text()
    assert "@media print" in css


def test_same_input_gives_byte_identical_site(built, tmp_path):
    again = run("build", "--out", str(tmp_path / "again"), cwd=built)
    assert again.code == 0, again.err
    comparison = filecmp.dircmp(built / "site", tmp_path / "again")
    assert _differences(comparison) == []


def _differences(comparison):
    found = comparison.left_only + comparison.right_only + comparison.funny_files
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_broken_internal_link_fails_and_leaves_previous_site(project):
    assert run("build", cwd=project).code == 0
    before = (project / "site" / DOMAIN / "index.html").read_bytes()
    section = project / "notices" / "030-collection.md"
    section.write_text(section.read_text() + "\nSee [our cookie table](#cookie-table).\n")
    line = section.read_text().count("\n")
    result = run("build", cwd=project)
    assert result.code == 1
    # Named where the author wrote it, not in the page MkDocs would have named.
    assert f"notices/030-collection.md:{line}: a link to '#cookie-table'" in result.err, result.err
    assert (project / "site" / DOMAIN / "index.html").read_bytes() == before
    assert not list(project.glob(".site-*")), "staging folder left behind"


def test_unknown_site_is_an_error(project):
    result = run("build", "--site", "nowhere.example", cwd=project)
    assert result.code == 2  # a usage error
    assert "unknown site nowhere.example" in result.err


def test_markup_that_slips_past_check_is_escaped_when_rendered(project, tmp_path):
    # Defence in depth: render without `check`, straight through the build layer.
    from generator.build import build_site
    from generator.plan import plan_site
    from generator.notice import Section, load_notice
    from generator.project import Project
    from generator.sites import load_sites

    notice = load_notice(project / "notices")
    evil = Section("evil", "Evil", 99, '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
                   '[click](javascript:alert(3)) [also](  JaVa&#115;cript:alert(4))', project / "x.md", 1)
    notice = type(notice)(notice.meta, notice.sections + (evil,), notice.preamble, notice.root)
    plan = plan_site(notice, load_sites(project / "notices")[0], "")
    build_site(Project(project), plan, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text()
    assert "<script>alert" not in (tmp_path / "out" / "embed.html").read_text()
    data = json.loads((tmp_path / "out" / "notice.json").read_text())
    evil_html = next(s["html"] for s in data["sections"] if s["id"] == "evil")
    assert "&lt;script&gt;" in evil_html and "<script" not in evil_html and "<img" not in evil_html
    article = html[html.index("<article"):html.index("</article>")]
    assert "<script>alert" not in article and "&lt;script&gt;" in article
    assert "<img" not in article
    assert "javascript:" not in article.lower().replace("&lt;", "")
    assert "alert(3)" not in re.findall(r'href="([^"]*)"', article)


def test_mkdocs_yml_is_read_as_mkdocs_reads_it(project, monkeypatch):
    # The build parses mkdocs.yml itself (once) and merges each site's settings over it, so it
    # must read what MkDocs reads: here an !ENV tag, which plain YAML readers refuse.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "site_author: !ENV [NOTICEGEN_TEST_AUTHOR, Nobody]\n")
    monkeypatch.setenv("NOTICEGEN_TEST_AUTHOR", "CompuCom Legal")
    result = run("build", "--jobs", "1", cwd=project)
    assert result.code == 0, result.err
    assert '<meta name="author" content="CompuCom Legal">' in (project / "site" / "www.compucom.com" / "index.html").read_text()


def test_every_file_the_config_brings_in_is_an_input(project, tmp_path):
    """An edit to a theme folder named by custom_dir, a file mkdocs.yml
    INHERITs, a folder linked into theme/, or a module a hook imports left
    every site "unchanged" and its old pages published."""
    page = project / "site" / "www.compucom.com" / "index.html"
    outside = project / "shared-theme"  # a folder of the project linked into theme/ (one outside is refused)
    outside.mkdir()
    (outside / "footer.html").write_text('<footer class="md-footer">LINKED-1</footer>\n')
    (project / "theme" / "partials").symlink_to(outside, target_is_directory=True)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block site_meta %}{{ super() }}<meta name="x" content="CUSTOM-1">'
        "{% endblock %}\n")
    (project / "hooks").mkdir()
    (project / "hooks" / "helper.py").write_text('TEXT = "HOOK-1"\n')
    (project / "hooks" / "words.txt").write_text("WORDS-1")
    (project / "hooks" / "hook.py").write_text(
        "import pathlib\nimport helper\n\ndef on_post_page(output, **kwargs):\n"
        "    words = (pathlib.Path(__file__).parent / 'words.txt').read_text()\n"
        "    return output.replace('</body>', '<!-- ' + helper.TEXT + words + ' --></body>')\n")
    os.mkfifo(project / "theme" / "pipe")  # not read (it would block the build for ever)
    (project / "extra.yml").write_text("site_author: INHERITED-1\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n", "INHERIT: extra.yml\nhooks: [hooks/hook.py]\n"
                                                 "theme:\n  custom_dir: overrides\n", 1))
    def build():  # in a process of its own, as every command runs (one process keeps its templates)
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--jobs", "1", "--no-pdf"],
                              cwd=project, capture_output=True, text=True, env=cli_env())
        assert done.returncode == 0, done.stderr
        return done

    build()
    for marker in ("LINKED-1", "CUSTOM-1", "HOOK-1", "INHERITED-1", "WORDS-1"):
        assert marker in page.read_text(), marker
    for path, marker in ((outside / "footer.html", "LINKED"), (project / "overrides" / "main.html", "CUSTOM"),
                         (project / "hooks" / "helper.py", "HOOK"), (project / "extra.yml", "INHERITED"),
                         (project / "hooks" / "words.txt", "WORDS")):
        path.write_text(path.read_text().replace(f"{marker}-1", f"{marker}-2"))
        result = build()
        assert "unchanged" not in result.stdout, (marker, result.stdout)
        assert f"{marker}-2" in page.read_text(), marker


def test_a_markdown_extension_reading_files_outside_the_project_is_refused(project, tmp_path):
    """snippets' base_path outside the project put a file no commit holds
    into the pages, and the next build said "unchanged" after it was edited
    (found by an attack): refused with its line; inside the project it is an
    input like any other."""
    outside = tmp_path / "snips"
    outside.mkdir()
    (outside / "ret.md").write_text("We keep logs for 30 days.\n")
    config = project / "mkdocs.yml"
    text = config.read_text()
    lines = len(text.splitlines())
    config.write_text(text + f"markdown_extensions:\n  pymdownx.snippets:\n    base_path: [{outside}]\n"
                      "    check_paths: true\n")
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.splitlines()[0] == (
            f"mkdocs.yml:{lines + 3}: a Markdown extension reads {outside}, outside the project: its text would "
            "reach the pages though no commit holds it (move it into the project and name it from there)"), result.err
    (project / "snips").mkdir()
    (project / "snips" / "ret.md").write_text("We keep logs for 30 days.\n")
    config.write_text(text + "markdown_extensions:\n  pymdownx.snippets:\n    base_path: [snips]\n"
                      "    check_paths: true\n")
    assert run("check", cwd=project).code == 0


def test_an_upgraded_plugin_is_an_input(project, tmp_path):
    """A plugin upgraded under an unchanged mkdocs.yml renders the same
    commit differently: its package's version is part of what every site
    depends on (the rebuild said "unchanged")."""
    packages = tmp_path / "packages"
    packages.mkdir()
    (packages / "tinyplug.py").write_text(
        "from importlib import metadata\nfrom mkdocs.plugins import BasePlugin\n\n"
        "class Plugin(BasePlugin):\n    def on_post_page(self, output, **kwargs):\n"
        "        return output.replace('</body>', '<!-- TINY ' + metadata.version('tinyplug') + ' --></body>')\n")

    def install(version):
        for old in packages.glob("tinyplug-*.dist-info"):
            shutil.rmtree(old)
        info = packages / f"tinyplug-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: tinyplug\nVersion: {version}\n")
        (info / "entry_points.txt").write_text("[mkdocs.plugins]\ntinyplug = tinyplug:Plugin\n")

    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "plugins:\n  tinyplug: {}\n")
    env = cli_env()
    env["PYTHONPATH"] = os.pathsep.join([str(packages), env["PYTHONPATH"]])
    page = project / "site" / "www.compucom.com" / "index.html"
    for version in ("1.0", "2.0"):
        install(version)
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--jobs", "1", "--no-pdf"],
                              cwd=project, capture_output=True, text=True, env=env)
        assert done.returncode == 0 and "unchanged" not in done.stdout, (version, done.stdout, done.stderr)
        assert f"<!-- TINY {version} -->" in page.read_text(), version


@pytest.mark.parametrize("setting, loaded", [
    ("extra_javascript: [https://cdn.example.net/track.js]", "https://cdn.example.net/track.js"),
    ("extra_css: ['https://fonts.googleapis.com/css?family=Roboto']", "https://fonts.googleapis.com/css"),
    ("theme:\n  logo: //cdn.example.net/logo.png", "//cdn.example.net/logo.png"),
])
def test_a_page_that_would_load_from_another_host_is_not_built(project, setting, loaded):
    """mkdocs.yml and theme/ reach every page: whatever they add that a
    browser fetches by itself must come from the site itself."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    # Into the theme: block the file has (a second one is refused: test_a_setting_written_twice_…).
    config.write_text(text.replace("theme:\n", setting + "\n", 1) if setting.startswith("theme:\n")
                      else text + setting + "\n")
    result = run("build", "--no-pdf", cwd=project)
    assert result.code == 1 and not (project / "site").exists(), result.err
    assert f"www.compucom.com: www.compucom.com/404.html would load {loaded}" in result.err
    assert "the notice site makes no third-party request: remove it from mkdocs.yml" in result.err


@pytest.mark.parametrize("markup", [
    '<img alt=">" src="https://evil.example/x.png">',  # a > inside quotes
    '<img src="https://evil.example/x.png" src="/ok.png">',  # the browser takes the first
    '<base href="https://evil.example/">',  # every relative address would follow it
    '<link rel="preload" as="image" href="/ok.png" imagesrcset="https://evil.example/x.png 1x">',
    '<style>@import"https://evil.example/x.css";b{background:url(\\68ttps://evil.example/y.png)}</style>',
    '<script src="/\\evil.example/x.js"></script>',  # read as //evil.example
    '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    '<script>new Image().src = "https://evil.example/p"</script>',
    '<img src="http://[evil.example/x.png">',  # not an address: refused, not an internal error
])
def test_a_template_cannot_smuggle_a_request_to_another_host(project, markup):
    main = project / "theme" / "main.html"
    main.write_text(main.read_text().replace("{% block extrahead %}\n", "{% block extrahead %}\n" + markup, 1))
    result = run("build", "--no-pdf", "--site", "www.compucom.com", cwd=project)
    assert result.code == 1 and "would load" in result.err and "from another host" in result.err, result.err
    assert "no site was built" in result.err and "published" not in result.err  # build publishes nothing
    assert "internal error" not in result.err and not (project / "site").exists()


def test_a_template_jinja_cannot_read_is_one_line(project):
    main = project / "theme" / "main.html"
    main.write_text(main.read_text() + "\n{% block extrahead %}again{% endblock %}\n")
    result = run("build", "--no-pdf", "--site", "www.compucom.com", cwd=project)
    assert result.code == 1 and "main.html:" in result.err and "block 'extrahead' defined twice" in result.err
    assert "internal error" not in result.err, result.err


@pytest.mark.parametrize("config, other, says", [
    ("INHERIT: b.yml\n", ("b.yml", "INHERIT: mkdocs.yml\n"), "INHERIT loop"),
    ("", ("mkdocs.yml", "- a\n- b\n"), "must be a mapping of settings"),
    ("INHERIT: theme\n", None, "a folder"),
])
def test_a_config_mkdocs_cannot_read_is_one_line(project, config, other, says):
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + config)
    if other:
        (project / other[0]).write_text(other[1])
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.startswith("mkdocs.yml:1: ") and says in result.err, result.err
        assert "internal error" not in result.err


def test_settings_that_call_another_host_are_refused_with_their_line(project):
    config = project / "mkdocs.yml"
    lines = len(config.read_text().splitlines())
    config.write_text(config.read_text() + "extra:\n  analytics:\n    provider: google\n    property: G-X\n"
                      "repo_url: https://github.com/compucom/notice\n")
    result = run("check", cwd=project)
    assert result.code == 1 and result.err.splitlines() == [
        f"mkdocs.yml:{lines + 2}: `extra.analytics` is set: Material's analytics loads a tracker from another "
        "host in every visitor's browser (remove it: the notice site makes no third-party request)",
        f"mkdocs.yml:{lines + 5}: `repo_url` is set: Material's repository widget asks the code host for stars "
        "and forks from every visitor's browser (remove it: the notice site makes no third-party request)",
        "noticegen: 2 problems found."], result.err


def test_malformed_mkdocs_yml_is_one_line_with_its_line(project):
    config = project / "mkdocs.yml"
    lines = len(config.read_text().splitlines())
    config.write_text(config.read_text() + "extra_css: [https://example.com/a.css?x=1]\n")
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.splitlines()[0].startswith(
            f"mkdocs.yml:{lines + 1}: malformed YAML: expected ',' or ']', but got '?'"), result.err
        assert "internal error" not in result.err


def test_a_setting_written_twice_in_mkdocs_yml_is_refused_with_both_lines(project):
    """MkDocs keeps the last of two equal keys: a second `theme:` block
    silently dropped the first one's settings (the theme folder, the language)."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("theme:"))
    config.write_text(text + "theme:\n  name: material\n")
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.splitlines()[0] == (
            f"mkdocs.yml:{len(text.splitlines()) + 1}: `theme` is set twice (first on line {first}): MkDocs would "
            "use the last one only (keep one of them)"), result.err
        assert not (project / "site").exists()
    # Not twice: keys of two types, repeated merge keys. (An alias naming its own mapping, which
    # the build's fingerprint walked for ever, is refused: see test_attack19.)
    config.write_text(text + "extra:\n  1: a\n  '1': b\n  base: &base {x: 1}\n  more: &more {y: 1}\n"
                      "  both:\n    <<: *base\n    <<: *more\n")
    assert run("check", cwd=project).code == 0


def test_a_setting_written_twice_is_refused_in_an_inherited_file_and_in_another_spelling(project):
    """MkDocs reads a file mkdocs.yml INHERITs with the same loader (the last
    of two equal keys wins there too), and its dict takes `true` and `yes`,
    `1` and `0x1` for one key."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    (project / "base.yml").write_text("extra:\n  x: 1\nsite_author: A\nsite_author: B\n")
    config.write_text(text + "INHERIT: base.yml\n")
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.splitlines()[0] == (
            "base.yml:4: `site_author` is set twice (first on line 3): MkDocs would use the last one only "
            "(keep one of them)"), result.err
    (project / "base.yml").write_text("extra:\n  x: 1\n")
    assert run("check", cwd=project).code == 0
    lines = len(text.splitlines())
    config.write_text(text + "extra:\n  flags:\n    true: a\n    yes: b\n")
    result = run("check", cwd=project)
    assert result.code == 1 and result.err.splitlines()[0] == (
        f"mkdocs.yml:{lines + 4}: `extra.flags.yes` is set twice (first on line {lines + 3}, as `true`): MkDocs "
        "would use the last one only (keep one of them)"), result.err
    config.write_text(text + "extra:\n  n:\n    1: a\n    0x1: b\n")
    assert "`extra.n.0x1` is set twice" in run("check", cwd=project).err


def test_one_process_reads_an_edited_inherited_config_file(tmp_path):
    """The preview builds again in one process: a file mkdocs.yml INHERITs,
    edited, must be read again (the settings were kept while mkdocs.yml
    itself was unchanged)."""
    from generator.mkdocs_site import ConfigFiles

    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: x\n")
    (tmp_path / "base.yml").write_text("site_author: A\n")
    files = ConfigFiles.of(tmp_path)
    assert files.settings()["site_author"] == "A"
    (tmp_path / "base.yml").write_text("site_author: B\n")
    os.utime(tmp_path / "base.yml", ns=(1, 1))
    assert files.settings()["site_author"] == "B"


def test_a_process_that_builds_again_reads_an_edited_template(project):
    """The preview builds again in one process: an edited or added template
    must be read, not the one an earlier build kept (the environment was
    kept for the theme folders' names alone)."""
    page = project / "site" / "www.compucom.com" / "index.html"
    partials = project / "theme" / "partials"
    partials.mkdir()
    for text in ("FOOTER-1", "FOOTER-2"):
        (partials / "footer.html").write_text(f'<footer class="md-footer">{text}</footer>\n')
        assert run("build", "--jobs", "1", "--no-pdf", cwd=project).code == 0
        assert text in page.read_text(), text


def test_a_theme_given_by_name_alone_is_kept(project):
    # `theme: material` is a name, not a mapping: the site's theme options must not replace it.
    (project / "mkdocs.yml").write_text("theme: material\n")
    result = run("build", "--jobs", "1", cwd=project)
    assert result.code == 0, result.err
    assert "assets/stylesheets/main." in (project / "site" / "www.compucom.com" / "index.html").read_text()


def test_the_output_can_be_read_by_a_web_server(built):
    """As a folder made by hand would be (the umask's), not 0700 as a temporary folder is made."""
    mask = os.umask(0)
    os.umask(mask)
    for folder in (built / "site", built / "site" / "www.compucom.com"):
        assert folder.stat().st_mode & 0o777 == 0o777 & ~mask, folder


def _tree(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_sites_an_edit_cannot_change_are_not_planned_and_every_build_is_a_cold_ones(project, monkeypatch):
    """A site whose plan would be made from what its last one was made from
    (plan_inputs.key) is carried over unplanned; the output is byte for byte
    what a build into an empty folder makes, edit after edit."""
    from conftest import git
    from generator import plan
    from generator.build import build
    from generator.project import find_project

    planned, plan_languages = [], plan.plan_languages
    monkeypatch.setattr(plan, "plan_languages", lambda inputs, site, *rest, **named: (
        planned.append(site.domain), plan_languages(inputs, site, *rest, **named))[1])
    notices, ours = project / "notices", find_project(project)

    def append(name, text):
        path = notices / name
        path.write_text(path.read_text() + text)

    def new_version():
        meta = notices / "notice.yml"
        text = re.sub(r'^version: .*$', 'version: "6"', meta.read_text(), flags=re.M)
        meta.write_text(re.sub(r'^effective: .*$', 'effective: 2026-03-01', text, flags=re.M))

    every = {"careers.compucom.com", "www.compucom.ca", "www.compucom.com"}
    steps = [
        (lambda: None, every),
        (lambda: append("140-job-applicants.md", "\nWe keep it for a year.\n"), {"careers.compucom.com"}),
        (lambda: append("130-dispute-resolution.md", "\nOne more sentence.\n"),
         {"careers.compucom.com", "www.compucom.com"}),  # www.compucom.ca does not show it
        (lambda: (new_version(), git(project, "commit", "-qam", "Version 6")), every),
        # Committed versions are read back from a temporary folder, their paths with it: not in the key.
        (lambda: append("140-job-applicants.md", "\nAnd then we delete it.\n"), {"careers.compucom.com"}),
        (lambda: append("sites.yml", "\n"), every),
        (lambda: append("notice.yml", "# a comment\n"), every),
    ]
    for number, (edit, expected) in enumerate(steps):
        edit()
        planned.clear()
        build(ours, jobs=1)
        assert set(planned) == expected, number
        cold = project / f"cold-{number}"
        build(ours, out=cold, jobs=1)
        assert _tree(project / "site") == _tree(cold), number


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/etc"])
def test_a_link_in_theme_to_outside_the_project_is_refused(project, target):
    """MkDocs copies a theme folder's files into the site: a link committed to
    theme/ published /etc/passwd and the build's environment, CI's secrets
    with it (attack14 #1). Refused by check and build, naming the link."""
    link = project / "theme" / "assets" / "extra.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.code == 1 and result.err.splitlines()[0] == (
            f"theme/assets/extra.txt:1: a link to {os.path.realpath(link)}, outside the project: the build would "
            "copy what it points at into the public site (put the file itself in the project and commit it, "
            "or delete the link)"), result.err
    assert not (project / "site").exists() or not list((project / "site").rglob("extra.txt"))


def test_the_offline_check_reads_the_files_pathlib_would_in_its_order(tmp_path):
    """offline.third_party_loads walks the site with os.scandir: the same
    files as sorted(Path.rglob) (a linked file read, a linked folder not
    entered, names sorted part by part, `a/` before `a-b/`), each load
    once per file that makes it."""
    from generator import offline

    site = tmp_path / "site"
    for name in ("a/b/index.html", "a-b/index.html", "a.html", "z/deep/er/style.css", "notes.txt", ".css",
                 "img/icon.svg"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text('<img src="https://evil.example/x.png"><img src="https://evil.example/x.png">'
                                 if name.endswith((".html", ".svg")) else "b{background:url(//evil.example/y.png)}")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.html").write_text('<script src="https://evil.example/z.js"></script>')
    (site / "linked-folder").symlink_to(outside, target_is_directory=True)
    (site / "linked.html").symlink_to(outside / "page.html")
    expected = [path.relative_to(site).parts for path in sorted(site.rglob("*"))
                if path.suffix in offline.SCANNED_SUFFIXES and path.is_file()]
    assert offline._files(str(site), offline.SCANNED_SUFFIXES) == expected
    assert [parts[0] for parts in expected] == ["a", "a-b", "a.html", "img", "linked.html", "z"]
    assert offline.third_party_loads(site, "www.example.com") == [
        ("a/b/index.html", "https://evil.example/x.png"), ("a/b/index.html", "https://evil.example/x.png"),
        ("a-b/index.html", "https://evil.example/x.png"), ("a-b/index.html", "https://evil.example/x.png"),
        ("a.html", "https://evil.example/x.png"), ("a.html", "https://evil.example/x.png"),
        ("img/icon.svg", "https://evil.example/x.png"), ("img/icon.svg", "https://evil.example/x.png"),
        ("linked.html", "https://evil.example/z.js"), ("z/deep/er/style.css", "//evil.example/y.png")]
    assert offline.third_party_loads(site, "evil.example") == []
