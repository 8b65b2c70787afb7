"""`noticegen review BASE HEAD`: the pull-request report (verdict, reasons,
notice period, disclosure gaps, preview, exit code) and the Word redline
with tracked changes, checked in LibreOffice."""
import datetime as dt
import html
import re
import zipfile

import cmarkgfm
import cmarkgfm.cmark
import pytest
from hypothesis import given, settings, strategies as st

from conftest import copy_project, git, require_program, run
from libreoffice import LibreOffice, exported_text
from test_history import edit, release, set_meta
from test_significant_versions import significant_with_notice_periods

SHARING = "070-sharing.md"
NEGATION = ("CompuCom will not sell, rent or lease your personal information",
            "CompuCom may sell, rent or lease your personal information")
CORPORATE, CANADA, CAREERS = "www.compucom.com", "www.compucom.ca", "careers.compucom.com"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def review(project, *args):
    return run("review", *args, cwd=project)


def one_line_failure(result, code):
    assert result.code == code, (result.code, result.out, result.err)
    assert result.err.startswith("noticegen: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err and result.out == ""


def site_section(report, domain):
    """The report's section for one site (its heading escapes the dots), up to the next site."""
    start = report.index(f"## {domain.replace('.', chr(92) + '.')}:")
    following = report.find("\n## ", start + 1)
    return report[start:following if following != -1 else None]


# The report -------------------------------------------------------------------

def test_a_minor_change_exits_0_and_says_minor(project):
    # "in order to" for "to" keeps the meaning: a minor change
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    release(project, "6", "2030-01-01", "Wording.")
    result = review(project, "HEAD~1", "HEAD")
    assert result.code == 0, result.err
    report = result.out
    assert report.startswith("# Privacy notice review\n")
    assert "**Minor change** on every site: no notice period applies." in report
    for domain in (CORPORATE, CANADA, CAREERS):
        escaped = domain.replace(".", "\\.")
        assert f"| {escaped} | minor | — | none opened or closed |" in report
        assert f"## {escaped}: minor change" in report
    assert "significant" not in report.lower().replace("no significant change", "")
    assert "exit code 0 (no significant change)" in report
    # Not built yet: the report says where the page will be and how to build it.
    assert (f"**Preview:** `site/{CORPORATE}/changes/5..6/`, not built yet: run "
            f"`noticegen build --site {CORPORATE}`") in report
    assert run("build", "--site", CORPORATE, cwd=project).code == 0
    built = review(project, "HEAD~1", "HEAD", "--site", CORPORATE)
    assert f"**Preview:** `site/{CORPORATE}/changes/5..6/` (built)" in built.out
    assert (project / "site" / CORPORATE / "changes" / "5..6" / "index.html").is_file()
    assert f"## {CANADA.replace('.', chr(92) + '.')}" not in built.out  # --site: that site only


def test_a_significant_change_with_a_notice_period_exits_3_with_the_earliest_date(project):
    significant_with_notice_periods(project)
    result = review(project, "HEAD~1", "HEAD")
    assert result.code == 3, (result.out, result.err)
    report = result.out
    assert ("**Significant change** on 3 of 3 sites: a notice period applies, it can take effect on "
            "**2026-04-02** at the earliest; people must be notified.") in report
    assert "| www\\.compucom\\.com | **significant** | 2026-04-02 (60 days' notice, recipients) |" in report
    assert "| careers\\.compucom\\.com | **significant** | no notice period |" in report
    corporate = site_section(report, CORPORATE)
    assert "| Section | What changes | Rule | Words |" in corporate
    assert re.search(r"\| Sharing of Your Personal Information \| Recipients of personal data[^|]* \| "
                     r"a negation or modal word changed \| [^|]*`not`", corporate), corporate
    assert ("**Notice period:** 60 days for recipients from 2026-02-01 (HEAD's commit date): effective "
            "**2026-04-02** at the earliest. HEAD says effective 2026-03-01, which is too soon") in corporate
    assert "set `effective: 2026-04-02` or later" in corporate
    # check counts the same date from the same commit.
    refused = run("check", cwd=project)
    assert refused.code == 1 and "it can take effect on 2026-04-02 at the earliest" in refused.err
    assert "exit code 3 (a notice period applies)" in report
    # Fixed: the report says the date is allowed, the exit code still says a notice period applies.
    set_meta(project, "6", "2026-04-02", "We may sell data.")
    git(project, "commit", "-qam", "Later", date="2026-02-01T13:00:00+00:00")
    later = review(project, "HEAD~2", "HEAD", "--site", CORPORATE)
    assert later.code == 3
    assert "HEAD's effective date, 2026-04-02, allows it." in later.out


def test_a_significant_change_without_notice_periods_exits_4(project):
    edit(project, SHARING, *NEGATION)
    release(project, "6", "2030-01-01", "We may sell data.")
    result = review(project, "5", "6", "--site", CAREERS)  # version numbers, as noticegen diff takes them
    assert result.code == 4, result.err
    assert "**Significant change** on the site: people must be notified (`noticegen notify`); no site it " \
           "concerns requires a notice period." in result.out
    assert "No notice period on this site" in result.out


@pytest.fixture
def retention_history(project):
    """Version 6 drops the retention section, version 7 brings it back."""
    kept = (project / "notices" / "075-retention.md").read_text()
    (project / "notices" / "075-retention.md").unlink()
    release(project, "6", "2030-01-01", "No retention section.")
    (project / "notices" / "075-retention.md").write_text(kept)
    release(project, "7", "2030-06-01", "Retention is back.", date="2026-03-01T12:00:00+00:00")
    return project


def test_a_change_that_opens_a_disclosure_gap(retention_history):
    result = review(retention_history, "HEAD~2", "HEAD~1", "--site", CORPORATE)
    corporate = site_section(result.out, CORPORATE)
    assert "| www\\.compucom\\.com | **significant** |" in result.out
    opened = [line for line in corporate.splitlines() if line.startswith("- opened:")]
    assert opened and all("`retention`" in line for line in opened), corporate
    assert any(line.startswith("- opened: GDPR `retention`: ") for line in opened)
    assert "- closed:" not in corporate
    assert "| How Long We Keep Your Personal Information | A section was removed | section removed | — |" in corporate


def test_a_change_that_closes_a_disclosure_gap(retention_history):
    result = review(retention_history, "HEAD~1", "HEAD", "--site", CORPORATE)
    corporate = site_section(result.out, CORPORATE)
    closed = [line for line in corporate.splitlines() if line.startswith("- closed:")]
    assert closed and all("`retention`" in line and line.endswith("at HEAD declared") for line in closed), corporate
    assert "- opened:" not in corporate
    assert "effective **2026" not in corporate  # no notice period configured
    assert "exit code 4" in result.out


def test_the_report_escapes_author_text_for_markdown_and_html(tmp_path, project):
    """Rendered by GitHub's own renderer (cmark-gfm, with raw HTML let
    through as GitHub's pipeline does before its sanitiser): author text
    shows as written and never becomes a link, an image, markup or a cell."""
    hostile = ["[x](javascript:y)", "<script>alert(1)</script>", "Visit https://evil.example or www.evil.example",
               "![img](https://evil.example/x.png) | a | b", "<b>b</b> &amp; ~~no~~ $x$",
               "Thanks @acme/legal and @octocat, see #12"]
    old = tmp_path / "old.md"
    old.write_text("# Notice\n\n## Use\n\nWe use your data.\n")
    new = tmp_path / "new.md"
    new.write_text("# Notice\n\n## Use\n\nWe use your data.\n\n"
                   + "".join(f"## {title}\n\nWe share data with partners.\n\n" for title in hostile))
    result = review(project, str(old), str(new), "--site", CORPORATE, "--docx", str(tmp_path / "r.docx"))
    assert result.code == 4, result.err
    report = result.out
    for raw in ("[x](javascript", "<script", "](https://", "<b>", "https://evil", "www.evil"):
        assert raw not in report, raw
    rendered = cmarkgfm.github_flavored_markdown_to_html(report, options=cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE)
    for active in ("<script", "<a ", "<img", "<b>", "<del>", "javascript:y\""):
        assert active not in rendered, (active, rendered)
    # No mention that would notify a person or team, no issue link: GitHub
    # finds them in the text as rendered, outside code.
    assert not re.search(r"[@#]\w", re.sub(r"<code>.*?</code>", "", rendered)), rendered
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "")
    for title in hostile:  # each shown as written
        assert f"\n{title}\nA section was added" in text, title
    tables = rendered.split("<table>")[1:]
    rows = tables[1].split("<tr>")[1:]
    assert len(tables) == 2 and len(rows) >= 1 + len(hostile)
    assert all(row.count("<td") + row.count("<th") == 4 for row in rows)  # the | in a title stays in its cell
    assert "no built page for a file or folder" in report and "keeps version" not in report
    # Files are not commits: the document has no date and says who wrote it.
    document = zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml").decode()
    assert 'w:author="noticegen"' in document and "w:date=" not in document


def test_the_redlines_show_character_references_as_the_notice_does(tmp_path, project):
    """The notice shows `&lt;b&gt;` as "<b>"; counsel's Word redline and the
    HTML redline showed "&lt;b&gt;" (an attack found it)."""
    old = tmp_path / "old.md"
    old.write_text("# Notice\n\n## Use\n\nWe use your data.\n")
    new = tmp_path / "new.md"
    new.write_text("# Notice\n\n## Use\n\nWe use your data. Write &lt;b&gt; to AT&amp;T &#169; 2026.\n")
    result = review(project, str(old), str(new), "--site", CORPORATE, "--docx", str(tmp_path / "r.docx"))
    assert result.code in (0, 4), result.err
    body = zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml").decode()
    words = html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body)))
    assert "Write <b> to AT&T © 2026." in words, words
    assert "&lt;" not in words and "&amp;" not in words
    page = run("diff", str(old), str(new), "--format", "html", cwd=project)
    assert page.code == 0, page.err
    shown = html.unescape(re.sub(r"<[^>]+>", "", page.out))
    assert "Write <b> to AT&T © 2026." in shown and "&lt;b&gt;" not in shown
    assert "<b>" not in page.out  # still text, never markup


def test_output_file_holds_the_report_and_the_review_still_runs_when_check_fails(project, tmp_path):
    # "in order to" for "to" keeps the meaning: a minor change
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    git(project, "commit", "-qam", "Wording, no new version")
    target = tmp_path / "review.md"
    result = review(project, "HEAD~1", "HEAD", "--site", CORPORATE, "--output", str(target))
    assert result.code == 0 and result.out == "" and f"wrote {target}" in result.err
    report = target.read_text()
    assert "HEAD changes the text but keeps version 5" in report
    assert "`noticegen check` finds 1 problem in the working tree, the first: " in report
    assert "no redline page: BASE and HEAD are both version 5" in report
    assert "**Minor change** on the site" in report


# Bad input --------------------------------------------------------------------

def test_bad_input_is_one_line_and_no_traceback(project, tmp_path):
    unknown = review(project, "no-such-branch", "HEAD")
    one_line_failure(unknown, 2)
    assert "'no-such-branch' is not a version, a git revision or a path (unknown revision" in unknown.err
    one_line_failure(review(project, "HEAD", "HEAD"), 2)
    assert "are the same commit" in review(project, "HEAD", "main").err
    one_line_failure(review(project, "HEAD", "HEAD", "--site", "nowhere.example"), 2)
    edit(project, SHARING, *NEGATION)
    release(project, "6", "2030-01-01", "We may sell data.")
    unknown_site = review(project, "HEAD~1", "HEAD", "--site", "nowhere.example")
    one_line_failure(unknown_site, 2)
    assert "unknown site nowhere.example" in unknown_site.err
    # User text never reaches git as an option.
    option = review(project, "--", "--upload-pack=touch /tmp/pwned", "HEAD")
    one_line_failure(option, 2)
    assert "is not a revision name" in option.err
    not_markdown = tmp_path / "notice.pdf"
    not_markdown.write_bytes(b"%PDF")
    one_line_failure(review(project, str(not_markdown), "HEAD"), 2)
    missing = tmp_path / "missing"
    for option, target, named in (("--output", "r.md", "r.md"),
                                  ("--docx", "r.docx", f"r.{CORPORATE}.docx")):
        unwritable = review(project, "HEAD~1", "HEAD", option, str(missing / target))
        one_line_failure(unwritable, 1)
        # The file asked for and its missing folder, never noticegen's temporary name.
        assert unwritable.err == (f"noticegen: {missing / named}: folder {missing} does not exist "
                                  "(create it, or write the file somewhere else)\n"), unwritable.err


def test_a_review_before_the_commit_says_the_edits_are_not_committed(project):
    """The README once had authors run `review main HEAD` between `release`
    and `git commit`: HEAD was still main, and the hint to give a branch's
    base was no help. The edits are in the working tree: say so, and how to
    review them there."""
    edit(project, SHARING, *NEGATION)
    result = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "We may sell data.",
                 cwd=project)
    assert result.code == 0, result.err
    early = review(project, "main", "HEAD")
    one_line_failure(early, 2)
    assert ("nothing to review (the edits to notices/ are not committed yet: commit them, or review them as "
            "they are with noticegen review main notices)") in early.err, early.err
    assert review(project, "main", "notices").code == 4  # as the hint says: the working tree's version 6
    git(project, "commit", "-qam", "Version 6")
    assert review(project, "main~1", "HEAD").code == 4
    assert "give the branch's base" in review(project, "main", "HEAD").err  # nothing uncommitted: the old hint


@pytest.mark.parametrize("placeholder, said", [
    ("{{7*7}}", "malformed variable '{{7*7}}', as committed in "),
    ("{{ nosuch }}", "unknown variable {{ nosuch }}, as committed in ")])
def test_a_pull_request_with_a_variable_no_site_can_fill_gets_its_file_line(project, tmp_path, placeholder, said):
    """`check` reports these; `review` is what CI runs on a pull request `check`
    never passed, and crashed on them (an attack found it)."""
    edit(project, "040-use.md", "Provide service and support;", f"Provide service and support {placeholder};")
    git(project, "commit", "-qam", "A placeholder")
    line = next(number for number, text in enumerate((project / "notices" / "040-use.md").read_text().split("\n"), 1)
                if placeholder in text)
    reports = tmp_path / "reports"
    reports.mkdir()
    for option, target in (("--output", "r.md"), ("--docx", "r.docx")):
        result = review(project, "HEAD~1", "HEAD", option, str(reports / target))
        assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err, result.err
        assert result.err.startswith(f"notices/040-use.md:{line}: {said}"), result.err
        assert not list(reports.iterdir())  # no half-written report
    difference = run("diff", "HEAD~1", "HEAD", cwd=project)
    assert difference.code == 1 and f"notices/040-use.md:{line}: " in difference.err, difference.err


def test_an_output_named_by_the_user_is_written_into_never_replaced(project, tmp_path):
    """`--output /dev/null` renamed a regular file over the device, for the
    whole machine: a pipe (standing in for the device) is written into, a
    link is followed to its file and stays a link."""
    import os
    import threading

    edit(project, SHARING, *NEGATION)
    git(project, "commit", "-qam", "Sharing")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = review(project, "HEAD~1", "HEAD", "--site", CORPORATE, "--output", str(pipe))
    reader.join(timeout=30)
    assert result.code in (3, 4), result.err
    assert pipe.is_fifo() and b"Significant change" in received[0]
    real = tmp_path / "real.docx"
    real.write_bytes(b"old")
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    for option, named in (("--output", link), ("--docx", link)):
        result = review(project, "HEAD~1", "HEAD", "--site", CORPORATE, option, str(named))
        assert result.code in (3, 4), result.err
        assert link.is_symlink() and real.read_bytes() != b"old"
        real.write_bytes(b"old")
    folder = tmp_path / "folder"
    folder.mkdir()
    one_line_failure(review(project, "HEAD~1", "HEAD", "--site", CORPORATE, "--output", str(folder)), 1)


def test_help_documents_the_exit_codes():
    result = run("review", "--help")
    assert result.code == 0
    for line in ("0  no significant change", "3  a significant change on a site that requires a notice period",
                 "4  a significant change, but no site", "1  a problem", "2  a usage error"):
        assert line in result.out, line


# The Word redline -------------------------------------------------------------

AUTHOR, COMMITTED = "Ada Counsel", "2026-03-02T09:30:00+02:00"
UTC_STAMP = "2026-03-02T07:30:00"


@pytest.fixture(scope="module")
def redline(tmp_path_factory):
    """Version 5 as shipped, then version 6 with every kind of change: words,
    a paragraph added, split and merged, list items added and removed, a
    paragraph that became a list item, a section added, removed, moved and
    retitled, the preamble and the notice's title. Its Word redline for the
    corporate site, twice."""
    folder = tmp_path_factory.mktemp("redline")
    project = copy_project(folder / "project")
    notices = project / "notices"
    edit(project, SHARING, *NEGATION)
    edit(project, "020-security.md", "extensive precautions to protect your personal information.",
         "reasonable precautions to protect your personal information.\n\nWe review these controls every year.")
    edit(project, "020-security.md", "stored on computer systems located in facilities with controlled access. ",
         "stored on computer systems located in facilities with controlled access.\n\n")
    edit(project, "075-retention.md", "- information that browsers send to our websites: 13 months.",
         "- information that browsers send to our websites: 13 months;\n- support tickets: three years.")
    edit(project, "075-retention.md", "- records of transactions and orders: seven years after the transaction, "
                                      "to meet tax and accounting laws;\n", "")
    edit(project, "075-retention.md", "When we no longer need personal information, we delete it or make it anonymous.",
         "- When we no longer need personal information, we delete it or make it anonymous.")
    edit(project, "060-access-and-accuracy.md", "they provide to us.\n\nIndividuals have",
         "they provide to us. Individuals have")
    edit(project, "060-access-and-accuracy.md", "title: Access To, and Accuracy of, Your Personal Information",
         "title: Access to and Correction of Your Personal Information")
    edit(project, "preamble.md", "primary concern.", "primary concern for us.")
    (notices / "090-links-to-other-sites.md").unlink()
    (notices / "095-cookies.md").write_text("---\nid: cookies\ntitle: Cookies\n---\nWe use cookies to keep you "
                                            "signed in.\n\n### Analytics\n\n- We count visits;\n- We never sell them.\n")
    (notices / "020-security.md").rename(notices / "125-security.md")  # moved after Contact Us
    meta = notices / "notice.yml"
    meta.write_text(meta.read_text().replace("title: Website Privacy Statement", "title: Privacy Statement"))
    set_meta(project, "6", "2030-01-01", "Everything changes.")
    git(project, "add", "-A")
    git(project, "-c", f"user.name={AUTHOR}", "commit", "-q", "-m", "Version 6", date=COMMITTED)
    first, second = folder / "first.docx", folder / "second.docx"
    for target in (first, second):
        result = review(project, "HEAD~1", "HEAD", "--site", CORPORATE, "--docx", str(target))
        assert result.code == 4, result.err
        assert f"**Word redline** (tracked changes): `{target}`" in result.out
    return project, first, second


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    return LibreOffice(require_program("soffice", "libreoffice-writer-nogui"), tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture(scope="module")
def resolved(redline, libreoffice):
    """What LibreOffice makes of the document, in one LibreOffice start:
    all changes accepted, all rejected, unresolved, and its list of revisions."""
    _, document, _ = redline
    outputs = {mode: document.with_name(f"{mode}.txt") for mode in ("accept", "reject", "asis", "revisions")}
    libreoffice.run([(mode, document, target) for mode, target in outputs.items()])
    return outputs


def reading_words(spec, project):
    """The words a reader sees in a version of the corporate site, from
    noticegen's text model (not from the document code): title, preamble,
    each section's title and reading text without list or heading markers."""
    from generator.diff import reading_text
    from generator.project import Project
    from generator.sites import load_sites
    from generator.sources import resolve

    site = next(s for s in load_sites(project / "notices") if s.domain == CORPORATE)
    text = resolve(spec, Project(project), None, site)
    parts = [text.notice.meta.title, reading_text(text.preamble)]
    for section, body in text.sections:
        parts += [section.title, re.sub(r"^\s*(?:[-*+]|#{1,6})\s+", "", reading_text(body), flags=re.M)]
    return " ".join(" ".join(parts).split())


def test_accepting_every_change_in_libreoffice_gives_the_new_text(redline, resolved):
    project, _, _ = redline
    new = reading_words("HEAD", project)
    assert "Cookies" in new and "Links to Other Sites" not in new  # the edits are there
    assert exported_text(resolved["accept"]) == new


def test_rejecting_every_change_in_libreoffice_gives_the_old_text(redline, resolved):
    project, _, _ = redline
    old = reading_words("HEAD~1", project)
    assert exported_text(resolved["reject"]) == old
    assert old != reading_words("HEAD", project)


def test_libreoffice_shows_the_changes_unresolved_when_merely_converting(redline, resolved):
    """Why the tests run Accept All / Reject All: a plain conversion to text
    keeps deleted and inserted words side by side, so it is neither text."""
    project, _, _ = redline
    shown = exported_text(resolved["asis"])
    assert "Links to Other Sites" in shown and "Cookies" in shown
    assert shown not in (exported_text(resolved["accept"]), exported_text(resolved["reject"]))


def test_revisions_carry_the_head_commits_author_and_date(redline, resolved):
    _, document, _ = redline
    revisions = [line.split("\t") for line in resolved["revisions"].read_text(encoding="utf-8").splitlines()]
    # LibreOffice joins neighbouring revisions of one kind; pPrChange reads as ParagraphFormat.
    assert {kind for kind, _, _ in revisions} == {"Insert", "Delete", "ParagraphFormat"}
    assert len(revisions) >= 15
    assert {author for _, author, _ in revisions} == {AUTHOR}
    assert {date for _, _, date in revisions} == {UTC_STAMP}  # LibreOffice read the dates, shown in UTC
    with zipfile.ZipFile(document) as package:
        body = package.read("word/document.xml").decode()
        core = package.read("docProps/core.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert f'<w:ins w:id="1" w:author="{AUTHOR}" w:date="{UTC_STAMP}Z">' in body.replace(
        re.search(r'<w:ins w:id="(\d+)"', body).group(0), '<w:ins w:id="1"', 1)
    assert "<w:del " in body and "<w:delText xml:space=\"preserve\">" in body
    assert '<w:rPr><w:ins w:id="' in body and '<w:rPr><w:del w:id="' in body  # paragraph marks
    assert "<w:pPrChange " in body  # a paragraph that became a list item
    ids = re.findall(r'<w:(?:ins|del|pPrChange) w:id="(\d+)"', body)
    assert sorted(map(int, ids)) == list(range(1, len(ids) + 1))  # unique, counted: no random ids
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{UTC_STAMP}Z</dcterms:created>" in core
    assert f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{UTC_STAMP}Z</dcterms:modified>" in core
    assert f"<dc:creator>{AUTHOR}</dc:creator>" in core and "python-docx" not in core
    assert "<w:trackRevisions/>" in settings


def test_the_document_is_byte_identical_across_runs(redline):
    _, first, second = redline
    assert first.read_bytes() == second.read_bytes()
    stamps = {info.date_time for info in zipfile.ZipFile(first).infolist()}
    assert stamps == {dt.datetime.fromisoformat(UTC_STAMP).timetuple()[:6]}  # the commit's time, not the clock's


# The paragraph model, for any two notices (hypothesis) --------------------------

WORDS = ["we", "never", "sell", "share", "data", "90", "days", "only", "may", "not", "cookies", "partners"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
block = st.one_of(words.map(lambda w: f"{w.capitalize()}."), words.map(lambda w: f"- {w};"),
                  words.map(lambda w: f"  - {w}"), words.map(lambda w: f"### {w.title()}"),
                  st.tuples(words, words).map(lambda pair: f"{pair[0]}\n{pair[1]}."))  # a wrapped line
body = st.lists(block, max_size=5).map(lambda blocks: "\n\n".join(blocks) if len(blocks) % 2 else "\n".join(blocks))
notice = st.tuples(words, st.one_of(st.just(""), words),
                   st.lists(st.tuples(st.sampled_from("abcdef"), words, body), max_size=5, unique_by=lambda s: s[0]))


def as_site_text(spec):
    from generator.pages import SiteText
    from generator.singlefile import read_single_file
    from generator.sites import Site
    from pathlib import Path

    title, preamble, sections = spec
    source = f"# {title}\n\n{preamble}\n\n" + "".join(f"## {heading} {{ #{sid} }}\n\n{text}\n\n"
                                                       for sid, heading, text in sections)
    parsed = read_single_file(source, Path("notice.md"))
    return SiteText(Site("www.example.com", "Example"), parsed, parsed.preamble.body if parsed.preamble else "",
                    tuple((section, section.body) for section in parsed.sections))


def expected_blocks(text):
    """(kind, words) of each paragraph a reader sees, parsed here from the
    reading text, independently of the document code."""
    from generator.diff import reading_text

    blocks = [("title", text.notice.meta.title)]

    def parse(markdown):
        current = None
        for line in reading_text(markdown).split("\n"):
            heading, item = re.match(r"\s*(#{1,6})\s+", line), re.match(r"(\s*)[-*+]\s+", line)
            if not line.strip():
                current = None
            elif heading or item or current is None or current[0] in ("title", "h1", "h2", "h3"):
                kind = ({1: "title", 2: "h1", 3: "h2"}.get(len(heading.group(1)), "h3") if heading else
                        f"item{min(len(item.group(1)) // 2, 2)}" if item else "text")
                current = [kind, line[(heading or item).end():] if heading or item else line]
                blocks.append(current)
            else:
                current[1] += " " + line
    parse(text.preamble)
    for section, markdown in text.sections:
        blocks.append(("h1", section.title))
        parse(markdown)
    return [(kind, " ".join(words.split())) for kind, words in blocks if words.strip()]


def word_view(paragraphs, accept):
    """What Word shows after Accept All (or Reject All): deleted (inserted)
    runs go; a paragraph whose mark goes joins the next, whose mark (and
    style, or the style before a w:pPrChange) it takes."""
    from generator.diff import DELETE, EQUAL, INSERT

    keep = (EQUAL, INSERT) if accept else (EQUAL, DELETE)
    shown, text = [], ""
    for paragraph in paragraphs:
        text += "".join(words for op, words in paragraph.runs if op in keep)
        if paragraph.mark in keep:
            kind = paragraph.new_kind if (accept and paragraph.mark != DELETE) or paragraph.mark == INSERT \
                else paragraph.old_kind
            shown.append((kind or "text", " ".join(text.split())))
            text = ""
    assert not text.strip()
    return [(kind, words) for kind, words in shown if words]


@settings(max_examples=300, deadline=None)
@given(notice, notice)
def test_accepting_gives_the_new_paragraphs_and_rejecting_the_old_with_their_styles(old, new):
    from generator.diff import diff_notices
    from generator.redline_docx import paragraphs

    before, after = as_site_text(old), as_site_text(new)
    document = paragraphs(diff_notices(before, after))
    assert word_view(document, accept=True) == expected_blocks(after)
    assert word_view(document, accept=False) == expected_blocks(before)


# Unsure: a rewording the detector cannot judge is the authors' to decide ------

BELIEVE = ("if we believe a governmental agency should be notified.", "if we think a governmental agency should be notified.")
UNSURE_TITLE = "Sharing of Your Personal Information"


def unsure_review(project, tmp_path, declared=""):
    from test_significant_versions import add_keys

    edit(project, SHARING, *BELIEVE)
    set_meta(project, "6", "2030-01-01", "Plainer words.")
    if declared:
        add_keys(project, declared)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Version 6")
    target = tmp_path / "r.docx"
    result = review(project, "HEAD~1", "HEAD", "--site", CORPORATE, "--docx", str(target))
    assert result.code in (3, 4), result.err  # counted significant until someone decides
    return result.out, zipfile.ZipFile(target)


def test_the_review_says_which_sections_are_unsure_and_that_an_author_must_decide(project, tmp_path):
    report, document = unsure_review(project, tmp_path)
    section = site_section(report, CORPORATE)
    assert f"| {CORPORATE.replace('.', chr(92) + '.')} | **significant** (unsure: an author must decide) |" in report
    assert "**Unsure: an author must decide.**" in section
    # the table names no category the detector is not sure of
    assert f"| {UNSURE_TITLE} | unsure: reworded in words noticegen cannot judge | words no safe edit explains |" in section
    assert (f"- {UNSURE_TITLE}: reworded in words noticegen cannot judge (“believe” → “think”)") in section
    assert "`significant: true`" in section and "`significant: false` with `override_reason:`" in section
    rendered = cmarkgfm.github_flavored_markdown_to_html(report)
    assert "<strong>Unsure: an author must decide.</strong>" in rendered
    # counsel reading the Word redline sees it too: a comment on the section's heading, not in the text
    comments = document.read("word/comments.xml").decode()
    assert "Unsure: reworded in words noticegen cannot judge (“believe” → “think”)" in comments
    assert "an author must decide" in comments
    committed = dt.datetime.fromisoformat(git(project, "log", "-1", "--format=%cI").strip()).astimezone(dt.timezone.utc)
    assert re.findall(r'w:date="([^"]+)"', comments) == [committed.strftime("%Y-%m-%dT%H:%M:%SZ")]  # never the clock
    body = document.read("word/document.xml").decode()
    start = body.index("<w:commentRangeStart")
    assert UNSURE_TITLE in body[start:body.index("<w:commentRangeEnd")]
    assert "cannot judge" not in body


def test_a_decided_rewording_is_no_longer_asked_for(project, tmp_path):
    report, document = unsure_review(project, tmp_path, "significant: true\n")
    section = site_section(report, CORPORATE)
    assert "an author must decide" not in report
    assert "Unsure:" not in section
    assert "word/comments.xml" not in document.namelist()


def test_the_unsure_comment_leaves_accept_and_reject_in_libreoffice_as_they_were(project, tmp_path, libreoffice):
    unsure_review(project, tmp_path)
    document = tmp_path / "r.docx"
    accepted, rejected = tmp_path / "accept.txt", tmp_path / "reject.txt"
    libreoffice.run([("accept", document, accepted), ("reject", document, rejected)])
    assert exported_text(accepted) == reading_words("HEAD", project)  # the comment is beside the text, not in it
    assert exported_text(rejected) == reading_words("HEAD~1", project)
    assert "think" in exported_text(accepted) and "cannot judge" not in exported_text(accepted)


def test_a_change_to_what_builds_the_pages_is_named_for_review_as_code(project):
    """A pull request adding `hooks:` to mkdocs.yml runs its Python in the
    build and can write into every page after the allow-list (attack14 #2):
    the report names such files, so they are reviewed as code."""
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    release(project, "6", "2030-01-01", "Wording.")
    plain = review(project, "HEAD~1", "HEAD")
    assert plain.code == 0 and "Review it as code" not in plain.out
    (project / "hook.py").write_text("def on_post_page(output, **kwargs):\n    return output\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks: [hook.py]\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "A hook")
    result = review(project, "HEAD~2", "HEAD")
    assert result.code == 0, result.err
    assert ("This change also edits what builds and shapes every page: hook\\.py, mkdocs\\.yml. Review it as "
            "code: a `hooks:` file or a plugin in mkdocs.yml runs with the build's rights") in result.out, result.out


def test_a_webhook_the_change_adds_or_points_elsewhere_is_named(project):
    """A pull request can send every notification (and its payload) to an
    address of its choosing in one line of sites.yml: the report says where,
    by scheme and host (the secret in the path stays out of the comment)."""
    publish = "    publish: {directory: published/www.compucom.com, keep: 5}"
    edit(project, "sites.yml", publish, f"{publish}\n    webhook: https://hooks.example.com/T0SECRET")
    git(project, "commit", "-qam", "A webhook")
    added = review(project, "HEAD~1", "HEAD")
    assert added.code == 0, added.err
    assert ("This change posts www\\.compucom\\.com's notifications (`notify --send`) to a new webhook: "
            "`https://hooks.example.com/…`. Check that it is yours.") in added.out, added.out
    edit(project, "sites.yml", "https://hooks.example.com/T0SECRET",
         '{url: "https://10.1.2.3/T0SECRET", allow_private_address: true}')
    git(project, "commit", "-qam", "Elsewhere")
    moved = review(project, "HEAD~1", "HEAD")
    assert ("to another webhook (before: `https://hooks.example.com/…`): `https://10.1.2.3/…`, now allowed to "
            "reach loopback and private addresses (`allow_private_address: true`)") in moved.out, moved.out
    assert "SECRET" not in added.out + moved.out
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    release(project, "6", "2030-01-01", "Wording.")
    assert "webhook" not in review(project, "HEAD~1", "HEAD").out  # the same webhook: nothing to say


def test_code_named_for_review_is_the_projects_own_in_a_larger_repository(tmp_path):
    """A notice kept in a folder of a larger repository: its mkdocs.yml is
    named (by its path in the project), the repository's other code is not
    the notice's to review."""
    project = copy_project(tmp_path / "legal" / "privacy", commit=False)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Notice")
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    (tmp_path / "tool.py").write_text("print('the rest of the company')\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "# a comment\n")
    release(project, "6", "2030-01-01", "Wording.")
    result = review(project, "HEAD~1", "HEAD")
    assert result.code == 0, result.err
    assert "every page: mkdocs\\.yml. Review it as code" in result.out, result.out
