"""`noticegen import --history`: real notice histories replayed into a fresh
project, and the shapes they take, in small histories made for one rule each.

The real histories come from ../shared/corpus: each is committed to a new
git repository here, one commit per version, the file at the path it had
then (moved with `git mv` when the publisher moved it), with the author and
dates from index.json; then the real command imports it, checks and builds.
"""
import html
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import cli_env, git, shared_path
from test_authoring import empty_project

CORPORA = ["basecamp-policies--privacy-policy", "github-site-policy--privacy-statement",
           "automattic-legalmattic--privacy-policy", "mozilla-legal-docs--firefox-privacy-notice"]


def noticegen(cwd, *args):
    """The real command, in a process of its own, as an author runs it: from
    this tree (in another folder, Python would find the installed one)."""
    env = cli_env()
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env)


def commit(folder, message, author="Legal Team", date="2026-01-01T12:00:00+00:00", author_date=None):
    email = re.sub(r"[^a-z0-9]+", ".", author.lower()).strip(".") + "@users.example"
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--allow-empty", f"--author={author} <{email}>", f"--date={author_date or date}",
        "-m", message, date=date)


def corpus_repository(folder, corpus, misdated: dict[int, str] | None = None):
    """A git repository holding a real notice's history: each version
    committed at its recorded path, on its real dates, by its real author,
    except that the states numbered in `misdated` carry that date instead (a
    machine whose clock was wrong, a rebase that kept odd dates).
    Returns the index entries and the file's last path."""
    misdated = misdated or {}
    index = json.loads((corpus / "index.json").read_text())["versions"]
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    path = None
    for number, entry in enumerate(index):
        if path and entry["file_path"] != path:
            (folder / entry["file_path"]).parent.mkdir(parents=True, exist_ok=True)
            git(folder, "mv", path, entry["file_path"])
        path = entry["file_path"]
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes((corpus / entry["file"]).read_bytes())
        commit(folder, "\n\n".join(p for p in (entry["subject"], entry["body"]) if p) or "update",
               entry["author"], misdated.get(number, entry["date"]), misdated.get(number, entry["author_date"]))
    return index, path


def words(text):
    return set(re.findall(r"\w+", html.unescape(text).lower()))


def source_words(raw):
    """The words a reader of the source sees: front matter, comments, another
    site's template tags, HTML tags, attribute lists and link targets aside."""
    from generator.sourcefile import split_front_matter

    text = split_front_matter(raw.replace("\r\n", "\n")).body
    text = re.sub(r"(?s)<!--.*?-->|\{%.*?%\}|\{\{.*?\}\}", " ", text)
    text = re.sub(r"(?is)<(figure|script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"<(?:https?|mailto):[^>\s]*>", lambda m: m.group(0)[1:-1], text)  # autolinks are text
    text = re.sub(r"<[^>]*>|\{:?[^}]*\}|\]\([^)]*\)", " ", text)
    return words(text)


def notice_words(notice):
    shown = [notice.meta.title] + [t.title + " " + t.body for t in notice.texts()] + list(notice.meta.variables.values())
    return words(re.sub(r"\]\([^)]*\)", " ", "\n".join(shown)))


def normal(title):
    return re.sub(r"[\W_]+", " ", title.lower()).strip()


def fill_in(project):
    """What the legal team does next: the controller details the text did not give."""
    from test_install import fill_placeholders

    fill_placeholders(project)
    commit(project, "Controller details", date="2026-11-30T12:00:00+00:00")


def imported_history(project):
    from generator.history import read_history
    from generator.notice import load_notice
    from generator.sites import load_sites

    notices = project / "notices"
    return read_history(project, notices, load_notice(notices), load_sites(notices))


@pytest.mark.parametrize("name", CORPORA)
def test_history_import_replays_a_real_notice_history(tmp_path, name):
    from generator.importer import commit_summary

    corpus = shared_path("corpus", name)
    index, path = corpus_repository(tmp_path / "source", corpus)
    project = empty_project(tmp_path / "project")
    imported = noticegen(project, "import", path, "--history", str(tmp_path / "source"), "--domain", "example.com")
    assert imported.returncode == 0, imported.stderr
    assert f"from {len(index)} states of {path}" in imported.stdout  # every state, across every move
    for old, new in {(a["file_path"], b["file_path"]) for a, b in zip(index, index[1:]) if a["file_path"] != b["file_path"]}:
        assert f"{old} was moved to {new}" in imported.stdout
    assert "a placeholder is not filled in" in noticegen(project, "check").stderr
    fill_in(project)
    check = noticegen(project, "check")
    assert check.returncode == 0, check.stderr

    history = imported_history(project)
    versions = [v for v in history.versions if v.commit]
    assert 10 < len(versions) <= len(index)  # states sharing an effective date are one version
    assert [v.effective for v in versions] == sorted({v.effective for v in versions})
    source_shas = git(tmp_path / "source", "log", "--reverse", "--format=%H").split()
    by_sha = {sha[:10]: entry for sha, entry in zip(source_shas, index)}
    for version in versions:  # each version holds every word of the state it came from
        entry = by_sha[git(project, "log", "-1", "--format=%s", version.commit).split()[-1]]
        # Its summary is the source commit's words (a merged pull request's title), never the source's folder.
        assert version.summary == (commit_summary(entry["subject"] + "\n\n" + entry["body"])
                                   or f"Version {version.version}")
        assert "source" not in version.summary.split()
        missing = source_words((corpus / entry["file"]).read_text(encoding="utf-8")) - notice_words(version.notice)
        assert not missing, f"version {version.version} (state {entry['n']}) lost {sorted(missing)[:10]}"
    for before, after in zip(versions, versions[1:]):  # a section keeps its id while its title stays
        ids = {normal(s.title): s.id for s in before.notice.sections}
        for section in after.notice.sections:
            if normal(section.title) in ids:
                assert section.id == ids[normal(section.title)], (after.version, section.title)

    build = noticegen(project, "build")
    assert build.returncode == 0, build.stderr
    site = project / "site" / "example.com"
    assert all((site / "versions" / v.version / "index.html").is_file() for v in versions)
    assert all((site / "changes" / f"{a.version}..{b.version}" / "index.html").is_file()
               for a, b in zip(versions, versions[1:]))
    if name == CORPORA[0]:  # a long real history: the portable renderer gives the same bytes (render.py)
        portable = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--out", str(tmp_path / "portable")],
                                  cwd=project, capture_output=True, text=True,
                                  env={**os.environ, "NOTICEGEN_RENDERER": "portable"})
        assert portable.returncode == 0, portable.stderr
        framed = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
        other = {p.relative_to(tmp_path / "portable"): p.read_bytes() for p in (tmp_path / "portable").rglob("*")
                 if p.is_file()}
        assert sorted(framed) == sorted(other)
        assert [str(path) for path in framed if framed[path] != other[path]] == ["manifest.json"]  # fingerprints


def source_history(folder, states):
    """A source repository with one commit per (path, text); a new path is a move."""
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    path = None
    for number, (new, text) in enumerate(states, 1):
        if path and new != path:
            git(folder, "mv", path, new)
        path = new
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
        commit(folder, f"state {number}", date=f"202{number}-01-01T12:00:00+00:00")
    return folder


HTML_STATE = """<!-- the policy as the old site served it -->
<h2>Example Privacy Notice</h2>
<p>Last updated: May 1, 2019</p>
<p>We keep this short.</p>
<h3>What we collect</h3>
<p>We collect your name and your email address when you sign up, and nothing else.</p>
<h3>Sharing</h3>
<table><tr><th>Recipient</th><th>Why</th></tr><tr><td>Payment processor</td><td>To take payment</td></tr></table>
<h3>Contact</h3>
<p>Write to us at the address on our website.</p>
"""

MARKDOWN_STATE = """---
title: Example Privacy Notice
redirect_from: [/privacy/]
---
Effective date: **June 1, 2020**

We keep this short.

### Summary

What follows, in brief: we collect little and share less.

## Example Privacy Notice

### What we collect

We collect your name and your email address when you sign up, and nothing else.

#### Details

Your email address is kept until you close your account.

### Sharing

We share your details with our payment processor, to take payment.

### Contact

Write to us at the address on our website.
"""

RENAMED_STATE = """# Example Privacy Notice

*Effective July 1, 2021*

We keep this short.

Summary
-------

What follows, in brief: we collect little and share less.

## What we collect and why

We collect your name and your email address when you sign up, and nothing else.

### Details

Your email address is kept until you close your account, or for two years.

## Sharing {: #sharing }

We share your details with our payment processor, to take payment. See [Details](#details) and [Contact](#contact).

## Contact

Write to us at the address on our website.
"""


def test_history_import_turns_each_shape_into_the_same_sections(tmp_path):
    """HTML with an <h2> title, then Markdown at another path with the title
    repeated between ### sections, then # and ## with a renamed section and a
    setext heading: three versions of the same four sections."""
    source = source_history(tmp_path / "source", [("old/privacy.html", HTML_STATE), ("privacy.md", MARKDOWN_STATE),
                                                   ("privacy.md", RENAMED_STATE)])
    project = empty_project(tmp_path / "project")
    imported = noticegen(project, "import", "privacy.md", "--history", str(source), "--domain", "example.com")
    assert imported.returncode == 0, imported.stderr
    assert "old/privacy.html was moved to privacy.md" in imported.stdout
    fill_in(project)
    assert noticegen(project, "check").returncode == 0
    versions = [v for v in imported_history(project).versions if v.commit]
    assert [str(v.effective) for v in versions] == ["2019-05-01", "2020-06-01", "2021-07-01"]
    shown = [[(s.id, s.title) for s in v.notice.sections] for v in versions]
    assert shown[0] == [("what-we-collect", "What we collect"), ("sharing", "Sharing"), ("contact", "Contact")]
    assert shown[1] == [("summary", "Summary")] + shown[0]  # the repeated title is not a section
    assert shown[2] == [("summary", "Summary"), ("what-we-collect", "What we collect and why")] + shown[0][1:]
    assert all(v.notice.meta.title == "Example Privacy Notice" for v in versions)
    second, third = ({s.id: s.body for s in v.notice.sections} for v in versions[1:])
    assert "### Details" in second["what-we-collect"] and "### Details" in third["what-we-collect"]  # #### and ### alike
    assert "Payment processor" in versions[0].notice.sections[1].body  # the table's text
    assert "[Details](#details)" in third["sharing"] and "[Contact](#contact)" in third["sharing"]
    diff = json.loads(noticegen(project, "diff", "2", "3", "--format", "json").stdout)
    kinds = {s["id"]: s["kind"] for s in diff["sections"]}
    assert kinds["what-we-collect"] == "changed" and "what-we-collect-and-why" not in kinds  # renamed, not replaced
    build = noticegen(project, "build")
    assert build.returncode == 0, build.stderr


LINKING_STATE = ("# Notice\n\nLast updated: May 1, 2019\n\n## Sharing\n\nSee our [processors](processors/index.md), "
                 "[security](../security/index.md#keys), [terms](/terms.md) and [cookies](cookies.html).\n\n"
                 "Also [titled](titled.md \"Titled\") and [by reference][r].\n\n[r]: policies/cookies.md\n\n"
                 "And [spaced](<our partners.md> \"Partners\") and [spaced too][s].\n\n[s]: <data sheet.md>\n\n"
                 "## Contact\n\nWrite to us.\n")


def test_relative_links_of_the_old_page_point_where_it_was_published(tmp_path):
    """The old page's links to its neighbours lead where they led there, and
    a link to a Markdown page leads to that page, not to its .md file."""
    source = source_history(tmp_path / "source", [("privacy.md", LINKING_STATE)])
    project = empty_project(tmp_path / "project")
    base = "https://example.com/policies/privacy/"
    imported = noticegen(project, "import", "privacy.md", "--history", str(source), "--domain", "example.com",
                         "--links-from", base)
    assert imported.returncode == 0, imported.stderr
    assert "relative link" not in imported.stdout
    sharing = next((project / "notices").glob("*-sharing.md")).read_text()
    assert ("[processors](https://example.com/policies/privacy/processors/), "
            "[security](https://example.com/policies/security/#keys), [terms](https://example.com/terms/) and "
            "[cookies](https://example.com/policies/privacy/cookies.html)") in sharing
    assert '[titled](https://example.com/policies/privacy/titled/ "Titled")' in sharing
    assert "[r]: https://example.com/policies/privacy/policies/cookies/" in sharing
    assert '[spaced](https://example.com/policies/privacy/our%20partners/ "Partners")' in sharing
    assert "[s]: https://example.com/policies/privacy/data%20sheet/" in sharing
    # Without the old page's address they point into the new site, and the import says to check them.
    single = tmp_path / "privacy.md"
    single.write_text(LINKING_STATE)
    again = noticegen(project, "import", str(single), "--force", "--domain", "example.com")
    assert again.returncode == 0, again.stderr
    assert ("note: 8 relative link(s) of the old page now point into https://example.com/ (first: "
            "processors/index.md -> https://example.com/processors/): check them, or import again with "
            "--links-from and the address the old page was published at\n") in again.stdout
    refused = noticegen(project, "import", str(single), "--force", "--links-from", "policies/privacy/")
    assert refused.returncode == 2 and "'policies/privacy/' is not a web address" in refused.stderr


def test_an_angle_bracket_target_with_a_scheme_or_an_anchor_is_not_relinked():
    """A space inside the brackets hid the scheme or the anchor from the
    rule: `< javascript:…>` and `< #top x>` were made addresses of the old site."""
    from generator.importer import clean

    relinked: list = []
    text = clean("[a](< javascript:alert(1)>) [h](< #top x>) [s](< our partners.md >)\n\n[r]: < vbscript:x>\n",
                 "example.com", "https://example.com/old/", relinked)
    assert "https://example.com/old/our%20partners/" in text and "example.com/old/#" not in text
    assert "example.com/old/< " not in text and "example.com/old/javascript" not in text
    assert [old for old, _ in relinked] == ["our%20partners.md"]


def test_history_import_names_the_state_it_cannot_convert_and_writes_nothing(tmp_path):
    source = source_history(tmp_path / "source", [
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText.\n\n## Two\n\nMore text.\n"),
        ("privacy.md", "---\ntitle: [Notice\n---\n# Notice\n\n## One\n\nText.\n"),
    ])
    broken = git(source, "rev-parse", "HEAD").strip()
    project = empty_project(tmp_path / "project")
    result = noticegen(project, "import", "privacy.md", "--history", str(source))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert broken[:10] in result.stderr and "state 2 of 2" in result.stderr
    assert "line 2: the front matter is not valid YAML" in result.stderr
    assert not (project / "notices").exists()


def test_history_import_never_replaces_a_notice_without_force(tmp_path):
    source = source_history(tmp_path / "source", [
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText.\n\n## Two\n\nMore text.\n")])
    project = empty_project(tmp_path / "project")
    (project / "notices").mkdir()
    (project / "notices" / "notice.yml").write_text("title: Ours\n")
    refused = noticegen(project, "import", "privacy.md", "--history", str(source))
    assert refused.returncode == 1 and "pass --force" in refused.stderr
    assert (project / "notices" / "notice.yml").read_text() == "title: Ours\n"
    assert noticegen(project, "import", "privacy.md", "--history", str(source), "--force").returncode == 0
    assert (project / ".noticegen" / "replaced" / "notices-1" / "notice.yml").read_text() == "title: Ours\n"
    fill_in(project)
    assert noticegen(project, "check").returncode == 0


@pytest.mark.parametrize("text, expected", [
    # Sections are the outline's top level, whatever level it uses; deeper headings start at ###.
    ("## A\n\na\n\n### A1\n\na1\n\n## B\n\nb\n", [("A", "a\n\n### A1\n\na1"), ("B", "b")]),
    ("### A\n\na\n\n#### A1\n\na1\n\n## B\n\nb\n\n### B1\n\nb1\n",
     [("A", "a\n\n### A1\n\na1"), ("B", "b\n\n### B1\n\nb1")]),
    # One # heading is the title; a first heading over only a date is a title too.
    ("# T\n\nintro\n\n## A\n\na\n", [("A", "a")]),
    ("## T\n\nMay 1, 2019\n\n## A\n\na\n\n## B\n\nb\n", [("A", "a"), ("B", "b")]),
    # An empty heading (##) and a "#hashtag" line are not headings.
    ("## A\n\na\n\n##\n\n#tag b\n", [("A", "a\n\n\\#tag b")]),
])
def test_sections_follow_the_outline(text, expected):
    from generator.importer import clean, split_sections

    assert split_sections(clean(text))[2] == expected


def test_history_import_refuses_a_history_that_already_has_versions(tmp_path):
    """A second import --history --force numbered the versions again from 1
    on top of the first import's commits, which check then refused in ways
    no edit could fix: it refuses, naming the commit to rewind to."""
    source = source_history(tmp_path / "source", [
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText.\n\n## Two\n\nMore text.\n"),
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2020\n\n## One\n\nText.\n\n## Two\n\nOther text.\n")])
    project = empty_project(tmp_path / "project")
    (project / "README.md").write_text("ours\n")
    commit(project, "Start")
    before = git(project, "rev-parse", "HEAD").strip()
    assert noticegen(project, "import", "privacy.md", "--history", str(source)).returncode == 0
    head = git(project, "rev-parse", "HEAD").strip()
    again = noticegen(project, "import", "privacy.md", "--history", str(source), "--force")
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "Traceback" not in again.stderr
    assert "already has committed versions of notices/notice.yml" in again.stderr
    assert f"git reset --hard {before[:10]}" in again.stderr
    assert git(project, "rev-parse", "HEAD").strip() == head
    assert git(project, "status", "--porcelain") == "" and not (project / ".noticegen").exists()


# Found by an attack (attack11) --------------------------------------------------

def test_history_import_into_a_new_folder_that_is_no_repository_starts_one(tmp_path):
    """README: "start in a new folder". It failed on `git add` after writing
    notices/, and a rerun after `git init` was refused by its own leftovers."""
    source = source_history(tmp_path / "source", [
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText.\n"),
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2020\n\n## One\n\nText, longer.\n")])
    project = tmp_path / "project"
    project.mkdir()
    result = noticegen(project, "import", "privacy.md", "--history", str(source))
    assert result.returncode == 0, result.stderr
    assert "started a git repository" in result.stdout
    log = git(project, "log", "--format=%s").splitlines()
    assert len(log) == 2 and log[0].startswith("Notice version 2"), log
    assert git(project, "symbolic-ref", "--short", "HEAD").strip() == "main"


LATIN1 = "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nCafé résumé, “quoted”.\n".encode("cp1252")


def test_a_file_that_is_not_utf8_is_refused_at_its_line_and_nothing_is_written(tmp_path):
    """It was decoded with U+FFFD for every letter outside ASCII, silently."""
    project = empty_project(tmp_path / "project")
    (project / "latin1.md").write_bytes(LATIN1)
    result = noticegen(project, "import", "latin1.md")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "latin1.md:7: not valid UTF-8 (byte 0xe9): save the file as UTF-8" in result.stderr
    assert not (project / "notices").exists()
    source = source_history(tmp_path / "source", [("privacy.md", "placeholder")])
    (source / "privacy.md").write_bytes(LATIN1)
    commit(source, "Latin-1", date="2023-01-01T12:00:00+00:00")
    history = noticegen(project, "import", "privacy.md", "--history", str(source))
    assert history.returncode == 1 and "privacy.md:7 in source commit" in history.stderr, history.stderr
    assert "state 2 of 2" in history.stderr and not (project / "notices").exists()


def test_an_html_page_that_declares_its_charset_is_read_in_it(tmp_path):
    project = empty_project(tmp_path / "project")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>'
            "<h1>Notice</h1><p>Last updated: May 1, 2019</p><h2>One</h2><p>Café “quoted”.</p></body></html>")
    (project / "old.html").write_bytes(page.encode("cp1252"))
    result = noticegen(project, "import", "old.html")
    assert result.returncode == 0, result.stderr
    text = "".join(p.read_text(encoding="utf-8") for p in (project / "notices").glob("0*.md"))
    assert "Café “quoted”." in text and "\ufffd" not in text


def test_an_import_that_puts_a_heading_under_another_says_so(tmp_path):
    """A section holding only a script lost its text, and the next section
    became its sub-heading: 3 sections in, 2 out, without a word."""
    project = empty_project(tmp_path / "project")
    (project / "in.md").write_text("# P\n\nEffective 1 January 2026.\n\n## A\n\n<script>alert(1)</script>\n\n"
                                   "## B\n\nText b.\n\n## C\n\nText c.\n")
    result = noticegen(project, "import", "in.md")
    assert result.returncode == 0, result.stderr
    assert "note: “B” is a sub-heading of “A”, as the heading before it has no text of its own" in result.stdout
    assert "2 sections" in result.stdout


OLD_NOTICE = """# Privacy Notice

Last updated: May 1, 2019

## Who we are

We are Example Inc. Write to privacy@example.com.

## What we collect

Your name and your email address.
"""


def initialised_project(folder, sites):
    """A project as `noticegen init` leaves it, with the site's settings an author then wrote."""
    folder.mkdir()
    assert noticegen(folder, "init", "--domain", "www.example.com").returncode == 0
    (folder / "notices" / "sites.yml").write_text(sites)
    return folder


SITE_SETTINGS = """# Our site; see README.md, "Sites".
sites:
  - domain: www.example.com
    name: Example
    base_path: /privacy/
    language: en-GB
    regions: [eu, ca]   # the GDPR and PIPEDA checklists
    exclude: [what-we-collect, cookies]
"""


@pytest.mark.parametrize("history", [False, True])
def test_import_force_keeps_the_settings_of_the_site_it_replaces(tmp_path, history):
    """`import --force` moved sites.yml aside with the old notice and wrote a
    bare one: the site lost its regions and language (so its disclosures
    checklists and page language) without a word. The import provides the
    notice, not the sites: their settings stay, only an exclusion of a
    section the new notice does not have goes, and the import says so."""
    project = initialised_project(tmp_path / "project", SITE_SETTINGS)
    if history:
        source = source_history(tmp_path / "source", [("privacy.md", OLD_NOTICE)])
        result = noticegen(project, "import", "privacy.md", "--history", str(source), "--force")
    else:
        (tmp_path / "old.md").write_text(OLD_NOTICE)
        result = noticegen(project, "import", str(tmp_path / "old.md"), "--force")
    assert result.returncode == 0, result.stderr
    kept = (project / "notices" / "sites.yml").read_text()
    assert kept == SITE_SETTINGS.replace("[what-we-collect, cookies]", "[what-we-collect]")
    assert ("note: notices/sites.yml is the replaced notice's (sites and their settings); site www.example.com "
            "no longer excludes cookies, which the imported notice does not have\n") in result.stdout
    replaced = project / ".noticegen" / "replaced" / "notices-1"
    assert (replaced / "sites.yml").read_text() == SITE_SETTINGS  # what it was, kept whole
    from generator.sites import load_sites

    (site,) = load_sites(project / "notices")
    assert (site.language, site.regions, site.exclude) == ("en-GB", ("eu", "ca"), ("what-we-collect",))


def test_imported_summaries_are_the_source_commits_words_never_a_local_path(tmp_path):
    """Each version's summary was "Imported from <folder> commit <sha>": the
    name of a folder on the importer's machine, on every public history page.
    It is the source commit's subject (a merged pull request's title, the
    first line under "Merge pull request ...")."""
    source = tmp_path / "our-secret-checkout"
    source.mkdir()
    git(source, "init", "-q", "-b", "main")
    (source / "privacy.md").write_text(OLD_NOTICE)
    commit(source, "Publish the privacy notice (#12)", date="2019-05-01T12:00:00+00:00")
    (source / "privacy.md").write_text(OLD_NOTICE.replace("May 1, 2019", "June 1, 2020").replace("Your name", "Your name, your address"))
    commit(source, "Merge pull request #40 from someone/patch-1\n\nCollect postal addresses for deliveries",
           date="2020-06-01T12:00:00+00:00")
    project = empty_project(tmp_path / "project")
    result = noticegen(project, "import", "privacy.md", "--history", str(source))
    assert result.returncode == 0, result.stderr
    history = imported_history(project)
    assert [v.summary for v in history.versions] == ["Publish the privacy notice",
                                                     "Collect postal addresses for deliveries"]
    assert "our-secret-checkout" not in (project / "notices" / "notice.yml").read_text()


def test_a_link_with_parentheses_in_its_target_is_one_link(tmp_path):
    """A target like Foo_(bar) was cut at its first ")": the note named
    "wiki/Foo_(bar" and an anchor link became plain text with a stray ")"."""
    old = tmp_path / "old.md"
    old.write_text(OLD_NOTICE.replace("Write to privacy@example.com.",
                                      "See [the article](wiki/Foo_(bar)) and [how](#who-we-are_(2)) or "
                                      "[Foo](https://en.wikipedia.org/wiki/Foo_(bar))."))
    project = empty_project(tmp_path / "project")
    result = noticegen(project, "import", str(old), "--domain", "example.com")
    assert result.returncode == 0, result.stderr
    assert ("note: 1 relative link(s) of the old page now point into https://example.com/ (first: "
            "wiki/Foo_(bar) -> https://example.com/wiki/Foo_(bar)):") in result.stdout
    assert "link(s) to headings the old page had became plain text: #who-we-are_(2)\n" in result.stdout
    text = next((project / "notices").glob("*-who-we-are.md")).read_text()
    assert ("See [the article](https://example.com/wiki/Foo_(bar)) and how or "
            "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)).") in text


@pytest.mark.parametrize("history", [False, True])
def test_an_imported_notice_is_not_reported_backdated_on_every_command(tmp_path, history):
    """An imported version took effect (by its text) before it was committed
    here: by design, not a mistake to fix, yet every later command warned
    "took effect ... before it was committed". The import records when it was
    published (`published:`, as for any history recorded after the fact) and
    says so once, for a single file, whose date it had to assume."""
    project = empty_project(tmp_path / "project")
    if history:
        source = source_history(tmp_path / "source", [("privacy.md", OLD_NOTICE)])  # committed 2021, effective 2019
        result = noticegen(project, "import", "privacy.md", "--history", str(source))
    else:
        (tmp_path / "old.md").write_text(OLD_NOTICE)
        result = noticegen(project, "import", str(tmp_path / "old.md"))
    assert result.returncode == 0, result.stderr
    fill_in(project)
    for command in ("check", "history"):
        later = noticegen(project, command)
        assert later.returncode == 0, later.stderr
        assert "before it was committed" not in later.stdout + later.stderr
    said = result.stdout.count("published: 2019-05-01")
    assert said == (0 if history else 1)
    assert "published: 20" in (project / "notices" / "notice.yml").read_text()


def test_invisible_characters_are_removed_on_import_and_said(tmp_path):
    """Mozilla's real history holds U+009D (a C1 control left by a wrong
    conversion) in 30 versions: it passed check, then failed the PDF build.
    check refuses such characters now, so the import removes them and says so."""
    project = empty_project(tmp_path / "project")
    (project / "in.md").write_text("# P\n\nEffective 1 January 2026.\n\n## A\n\nAll these \"snippets\"\x9d. "
                                   "Kept for \u202e13\u202c months.\n")
    result = noticegen(project, "import", "in.md")
    assert result.returncode == 0, result.stderr
    assert "note: removed 3 invisible character(s) that check refuses (first: U+009D at line 7 of the source)" \
        in result.stdout, result.stdout
    text = "".join(p.read_text(encoding="utf-8") for p in (project / "notices").glob("0*.md"))
    assert 'All these "snippets". Kept for 13 months.' in text
    source = source_history(tmp_path / "source", [
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText\x9d.\n"),
        ("privacy.md", "# Notice\n\nLast updated: May 1, 2020\n\n## One\n\nText\x9d, longer.\n")])
    (tmp_path / "fresh").mkdir()
    history = noticegen(tmp_path / "fresh", "import", "privacy.md", "--history", str(source))
    assert history.returncode == 0, history.stderr
    assert "removed 1 invisible character(s) from 2 version(s) that check refuses (first: U+009D at line 7 of " \
           "privacy.md in source commit" in history.stdout, history.stdout
    assert "\x9d" not in git(tmp_path / "fresh", "log", "-p")


def test_the_file_may_be_given_by_its_absolute_path_in_the_source(tmp_path):
    """`import /abs/path/in/repo/privacy.md --history REPO` said the file
    "never appears in the history" although the path leads into it."""
    source = source_history(tmp_path / "source", [
        ("legal/privacy.md", "# Notice\n\nLast updated: May 1, 2019\n\n## One\n\nText.\n"),
        ("legal/privacy.md", "# Notice\n\nLast updated: May 1, 2020\n\n## One\n\nText, longer.\n")])
    project = tmp_path / "project"
    project.mkdir()
    result = noticegen(project, "import", str(source / "legal" / "privacy.md"), "--history", str(source))
    assert result.returncode == 0, result.stderr
    assert "2 versions committed" in result.stdout and "Next: noticegen check (it lists what to fill in)" \
        in result.stdout, result.stdout
