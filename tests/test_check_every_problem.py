"""check lists every hidden character of a file and everything the
allow-list would take out of a template, not the first of each: an author
fixing one at a time needed a run per character."""
from conftest import run
from generator.notifications import DEFAULTS


def problem_lines(result, name):
    return [line for line in result.err.splitlines() if f"{name}:" in line]


def test_each_hidden_character_of_a_section_is_named_at_its_line(project):
    section = project / "notices" / "075-retention.md"
    lines = section.read_text().split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 20 and not line.startswith(("id:", "title:"))][:3]
    for number, char in zip(body, ("\u202e", "\u200b", "&#x2066;")):
        lines[number] = lines[number][:5] + char + lines[number][5:]
    section.write_text("\n".join(lines))
    result = run("check", cwd=project)
    found = problem_lines(result, "075-retention.md")
    assert result.code == 1 and len(found) == 3, result.err
    for line, (number, what) in zip(found, zip(body, ("U+202E", "U+200B", "U+2066"))):
        assert line.startswith(f"notices/075-retention.md:{number + 1}: ") and what in line and "column 6" in line


def test_past_twenty_hidden_characters_one_line_says_how_many_more(project):
    section = project / "notices" / "075-retention.md"
    section.write_text(section.read_text() + "".join(f"\nLine {n}\u200b.\n" for n in range(25)))
    result = run("check", cwd=project)
    found = problem_lines(result, "075-retention.md")
    assert len(found) == 21, result.err
    assert "and 5 more hidden characters from this line on" in found[-1], found[-1]


def test_hidden_characters_on_one_line_are_listed_by_column(project):
    """They came in the message's string order (column 10, 100, 15, then the
    C1 control's "a C1" before "an invisible"): with more than twenty, the
    ones shown were not the first twenty."""
    section = project / "notices" / "075-retention.md"
    columns = {3: "\u200b", 10: "\x85", 15: "\u200b", 100: "\u202e", 9: "\u2066"}
    line = list("x" * 110)
    for column, char in columns.items():
        line[column - 1] = char
    section.write_text(section.read_text() + "\n" + "".join(line) + "\n")
    result = run("check", cwd=project)
    found = problem_lines(result, "075-retention.md")
    shown = [int(line.split(" at column ")[1].split()[0].rstrip(",")) for line in found]
    assert result.code == 1 and shown == sorted(columns), found


def test_each_thing_the_allow_list_takes_out_of_a_template_is_named_at_its_line(project):
    folder = project / "notices" / "notifications"
    folder.mkdir()
    text = (DEFAULTS / "email.html").read_text()
    anchor = "<p>{{ controller.name }}</p>"
    assert anchor in text
    added = ('<img src="https://tracker.example/a.gif">\n<p onclick="x()">Hi</p>\n'
             '<img src="https://tracker.example/b.gif">\n<a href="javascript:y()">z</a>\n')
    (folder / "email.html").write_text(text.replace(anchor, added + anchor, 1))
    first = text[:text.index(anchor)].count("\n") + 1
    result = run("check", cwd=project)
    found = problem_lines(result, "email.html")
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in found] == [str(first + n) for n in range(4)], \
        result.err
    assert ["<img>" in found[0], "onclick=" in found[1], "<img>" in found[2], "javascript:y()" in found[3]] == \
        [True] * 4, found


def test_a_theme_template_lists_each_hidden_character(project):
    theme = project / "theme"
    theme.mkdir(exist_ok=True)
    (theme / "extra.html").write_text("a\u202eb\nc\nd\u2067e\n")
    result = run("check", cwd=project)
    found = problem_lines(result, "extra.html")
    assert [line.split(": ", 1)[0] for line in found] == ["theme/extra.html:1", "theme/extra.html:3"], result.err
