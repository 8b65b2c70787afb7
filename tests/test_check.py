"""`noticegen check`: one line per problem, `path:line: what (how to fix)`,
every problem in one run, exit 1 on errors, 0 when clean, 2 on usage errors."""
import multiprocessing
import os
import re
import time

import pytest

from conftest import run

LINE_FORMAT = re.compile(r"^(notices/[^:]+):(\d+): (.+) \((.+)\)$")


def append(path, text):
    """Append `text` to a file; returns the file line where it starts."""
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def section(project, name="030-collection.md"):
    return project / "notices" / name


def problems(project):
    result = run("check", cwd=project)
    lines = [line for line in result.err.splitlines() if not line.startswith("noticegen:")]
    parsed = [LINE_FORMAT.match(line) for line in lines]
    assert all(parsed), f"not in path:line: what (fix) form: {lines}"
    return result.code, [(m.group(1), int(m.group(2)), m.group(3)) for m in parsed]


# Each case breaks the shipped notice one way and returns (file, line, words
# the message must contain).
def malformed_yaml(p):
    return "notices/030-collection.md", replace(section(p), "title: Collection", "title: [Collection"), "malformed YAML"

def missing_key(p):
    replace(section(p), "title: Collection of Your Personal Information\n", "")
    return "notices/030-collection.md", 2, "missing key `title`"

def unknown_key(p):
    return "notices/030-collection.md", replace(section(p), "title:", "colour: red\ntitle:"), "unknown key `colour`"

def duplicate_key(p):
    return "notices/030-collection.md", replace(section(p), "---\nIn general", "title: Again\n---\nIn general"), "duplicate key `title`"

def duplicate_section_id(p):
    return "notices/040-use.md", replace(section(p, "040-use.md"), "id: use", "id: collection"), "duplicate section id 'collection'"

def bad_date(p):
    return "notices/notice.yml", replace(p / "notices/notice.yml", "effective: 2023-01-01", "effective: 2023-02-30"), "not a valid date"

def date_not_a_date(p):
    return "notices/notice.yml", replace(p / "notices/notice.yml", "effective: 2023-01-01", "effective: 01/01/2023"), "`effective` is not a date"

def version_as_number(p):
    return "notices/notice.yml", replace(p / "notices/notice.yml", 'version: "5"', "version: 1.10"), "read `1.10` as the number 1.1"

def version_as_boolean(p):
    return "notices/notice.yml", replace(p / "notices/notice.yml", 'version: "5"', "version: no"), "true/false"

def empty_section(p):
    path = section(p)
    text = path.read_text()
    path.write_text(text[: text.index("---\n", 4) + 4] + "\n   \n")
    return "notices/030-collection.md", 5, "section is empty"

def unknown_variable(p):
    return "notices/030-collection.md", append(section(p), "Write to {{ contat_email }}.\n"), "unknown variable {{ contat_email }}"

def malformed_variable(p):
    return "notices/030-collection.md", append(section(p), "Write to {{ Contact Email }}.\n"), "malformed variable"

def not_utf8(p):
    path = section(p)
    line = append(path, "ok\n")
    path.write_bytes(path.read_bytes() + "Caf\u00e9\n".encode("latin-1"))
    return "notices/030-collection.md", line + 1, "not valid UTF-8"

def python_tag(p):
    return "notices/030-collection.md", replace(section(p), "title: Collection of Your Personal Information",
                                               "title: !!python/object/apply:os.system ['true']"), "YAML tag !!python/object"

def alias_bomb(p):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    return "notices/notice.yml", append(p / "notices/notice.yml", bomb), "YAML anchor &a"

def symlink_outside(p):
    outside = p.parent / "outside.md"
    outside.write_text("---\nid: outside\ntitle: Outside\n---\nText.\n")
    os.symlink(outside, p / "notices/14-outside.md")
    return "notices/14-outside.md", None, "symlink points outside notices/"

def script_element(p):
    return "notices/030-collection.md", append(section(p), "Hello <script>alert(1)</script>\n"), "<script> element"

def event_attribute(p):
    return "notices/030-collection.md", append(section(p), 'See <img src="x.png" onerror="alert(1)">\n'), "event-handler attribute (onerror=)"

def other_raw_html(p):
    return "notices/030-collection.md", append(section(p), "A <b>bold</b> claim.\n"), "raw HTML <b>"

def javascript_link(p):
    return "notices/030-collection.md", append(section(p), "[Opt out](javascript:alert(1))\n"), "javascript: link"

def file_link(p):
    return "notices/030-collection.md", append(section(p), "See [our file](file:///etc/passwd).\n"), "file: link"

def markup_in_title(p):
    return "notices/030-collection.md", replace(section(p), "title: Collection", "title: <em>Collection</em>"), "contains markup"

def top_level_heading(p):
    return "notices/030-collection.md", append(section(p), "## A heading of its own\n"), "cannot contain # or ## headings"

def bad_file_name(p):
    (p / "notices/collection-extra.md").write_text("---\nid: extra\ntitle: Extra\n---\nText.\n")
    return "notices/collection-extra.md", None, "must start with its order number"

def bad_site_domain(p):
    return "notices/sites.yml", replace(p / "notices/sites.yml", "domain: www.compucom.com", "domain: https://www.compucom.com/"), "is not a domain name"

def unknown_site_key(p):
    return "notices/sites.yml", replace(p / "notices/sites.yml", "    language: en", "    langauge: en"), "unknown key `langauge`"

def html_in_variable(p):
    return "notices/notice.yml", replace(p / "notices/notice.yml", "  company: CompuCom", "  company: <script>x</script>"), "<script> element"


CASES = [malformed_yaml, missing_key, unknown_key, duplicate_key, duplicate_section_id, bad_date,
         date_not_a_date, version_as_number, version_as_boolean, empty_section, unknown_variable,
         malformed_variable, not_utf8, python_tag, alias_bomb, symlink_outside, script_element,
         event_attribute, other_raw_html, javascript_link, file_link, markup_in_title, top_level_heading,
         bad_file_name, bad_site_domain, unknown_site_key, html_in_variable]


@pytest.mark.parametrize("breakage", CASES, ids=lambda f: f.__name__)
def test_each_problem_is_reported_with_file_and_line(project, breakage):
    path, line, words = breakage(project)
    code, found = problems(project)
    assert code == 1
    matching = [(p, n, m) for p, n, m in found if p == path and words in m]
    assert matching, f"expected {path}:{line}: …{words}… in {found}"
    if line is not None:
        assert matching[0][1] == line, found


def test_shipped_notice_is_clean(project):
    result = run("check", cwd=project)
    assert result.code == 0, result.err
    assert "17 sections, 3 site(s)" in result.out


def test_all_problems_are_reported_in_one_run(project):
    unknown_variable(project)
    markup_in_title(project)
    version_as_number(project)
    code, found = problems(project)
    assert code == 1
    assert {p for p, _, _ in found} == {"notices/030-collection.md", "notices/notice.yml"}
    assert len(found) == 3


def test_alias_bomb_is_refused_before_it_expands(project):
    layers = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):  # 9**12 strings if anything walked it
        layers.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    append(project / "notices/notice.yml", "\n".join(layers) + "\n")
    started = time.perf_counter()
    code, found = problems(project)
    assert code == 1 and time.perf_counter() - started < 5
    assert any("anchor" in m for _, _, m in found)


def test_build_writes_nothing_when_check_fails(project):
    unknown_variable(project)
    result = run("build", cwd=project)
    assert result.code == 1
    assert "unknown variable" in result.err
    assert not (project / "site").exists()
    # Workers started early (files changed since the last build) are stopped, not left importing.
    deadline = time.monotonic() + 0.25  # importing MkDocs alone takes longer
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("args", [(), ("bogus",), ("check", "extra"), ("build", "--nope")])
def test_usage_errors_exit_2(project, args):
    assert run(*args, cwd=project).code == 2


def test_a_heading_in_a_section_is_refused_saying_where_the_title_comes_from(project):
    """It said 'the section title is the ## heading' while sections give it as title: in the front matter."""
    section = project / "notices" / "030-collection.md"
    section.write_text(section.read_text() + "\n## A heading of its own\n")
    result = run("check", cwd=project)
    assert result.code == 1
    assert ("cannot contain # or ## headings (the title comes from title: in the front matter, which noticegen "
            "makes the ## heading; use ### for sub-headings)") in result.err


def test_a_link_is_checked_as_each_site_fills_it_in(project):
    """A line without a variable links the same on every site and is read
    once; a line with one is read again with each site's values, so a
    value that breaks the link on one site of three is still found."""
    replace(project / "notices" / "notice.yml", "variables:\n", "variables:\n  form_link: https://www.compucom.com/form\n")
    replace(project / "notices" / "sites.yml", "      contact_email: careers-privacy@compucom.com\n",
            "      contact_email: careers-privacy@compucom.com\n      form_link: '#nowhere'\n")
    variable_line = append(section(project), "\nUse [the form]({{ form_link }}).\n") + 1
    plain_line = append(section(project), "\nOr see [the list](#no-such-list).\n") + 1
    code, found = problems(project)
    assert code == 1
    said = "which is no section or anchor of the notice"
    assert [(path, line, message.split(f", {said}")[0]) for path, line, message in found if said in message] == [
        ("notices/030-collection.md", variable_line, "a link to '#nowhere'"),
        ("notices/030-collection.md", plain_line, "a link to '#no-such-list'"),
    ], found
