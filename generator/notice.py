"""The notice model: `notices/notice.yml` plus one Markdown file per section.

    notices/
      notice.yml            title, version, effective, summary, controller, variables
      preamble.md           optional text shown before the table of contents
      01-collection.md      front matter (id, title, ...) then Markdown
      02-use.md             ...the number in front of the name sets the order

Reading collects every problem it finds (see `read_notice`), so `check` can
report them all in one run; `load_notice` is the strict form used by builds.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import safety
from .problems import NoticeError, Problem
from .sourcefile import SourceError, find_hidden, hidden_message, read_text, split_front_matter
from .yamlsafe import Mapping, YamlError, load_mapping

NOTICE_FILE = "notice.yml"
PREAMBLE_FILE = "preamble.md"
SECTION_FILE = re.compile(r"^(\d+)-[a-z0-9][a-z0-9-]*\.md$")

SECTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGION = re.compile(r"^[a-z][a-z0-9-]*$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")
VARIABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# Ids our own pages use for anchors; a section may not take them.
RESERVED_IDS = {"contents", "preamble", "top", "notice", "history"}
# Characters that would be Markdown or HTML inside a heading or <title>.
TITLE_MARKUP = re.compile(r"[<>*_`\[\]{}|\\]|^#|&[#a-zA-Z0-9]+;")
# In any value: what YAML's "\x1b" escapes can smuggle past the file's own check
# (control characters, a bare CR, Unicode line separators).
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")

# Front-matter keys: name -> required?
SECTION_KEYS = {"id": True, "title": True, "regions": False, "sites": False, "material": False, "covers": False}
NOTICE_KEYS = {"title": True, "version": True, "effective": True, "summary": True,
               "controller": True, "variables": False, "significant": False, "override_reason": False,
               "published": False}
CONTROLLER_KEYS = {"name": True, "address": True, "email": True, "phone": False}


@dataclass(frozen=True)
class Controller:
    name: str
    address: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class NoticeMeta:
    title: str
    version: str
    effective: dt.date
    summary: str
    controller: Controller
    variables: dict[str, str] = field(default_factory=dict)
    path: Path = Path(NOTICE_FILE)
    significant: bool | None = None  # the authors' declaration; None: let the detector decide
    override_reason: str = ""  # why a change the detector finds significant is declared minor
    # When the version was first published, if before it was committed here
    # (a history recorded after the fact); else the commit date stands for it.
    published: dt.date | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    order: int
    body: str  # Markdown as written, {{ variables }} not yet filled
    path: Path
    body_line: int  # file line of the body's first line
    regions: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    material: bool = False
    id_line: int = 0  # file line of the `id:` key, for error messages
    covers: tuple[str, ...] = ()  # disclosure items this section provides (see `check --disclosures`)
    # Shown in another language's pages untranslated: the source language its text is in. `note`: the
    # note (in the page's language) a stale or missing translation's body starts with; pages mark an
    # untranslated text with `lang`, redlines leave the note out (see `words`).
    source_language: str = ""
    note: str = ""

    def words(self, body: str) -> str:
        """`body` (this section's, filled) without noticegen's note: the
        author's words, what redlines compare."""
        if self.note and body.startswith(self.note):
            return body[len(self.note):].lstrip("\n")
        return body


@dataclass(frozen=True)
class Notice:
    meta: NoticeMeta
    sections: tuple[Section, ...]
    preamble: Section | None = None
    root: Path = Path("notices")

    def texts(self) -> tuple[Section, ...]:
        """Every piece of author text: the preamble (if any) and the sections."""
        return ((self.preamble,) if self.preamble else ()) + self.sections


def load_notice(root: Path) -> Notice:
    notice, problems = read_notice(root)
    if problems:
        raise NoticeError(problems)
    return notice


def read_notice(root: Path, section_reader: Callable | None = None) -> tuple[Notice | None, list[Problem]]:
    """Read `root` (the notices/ folder); returns the notice and every problem
    found. With problems, the notice is partial (None if notice.yml cannot be
    parsed at all): fit for checking the rest, never for building.
    `section_reader`: one that gives what read_section would (history.py
    reads a section file unchanged since the last version once)."""
    reader = section_reader or read_section
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(root, 0, "notice folder not found",
                              "run noticegen in the project folder, or pass --root")]
    meta = _read_meta(root / NOTICE_FILE, root, problems)
    sections = []
    for path in sorted(root.iterdir()):
        if path.suffix != ".md" or path.name == PREAMBLE_FILE:
            continue
        match = SECTION_FILE.match(path.name)
        if not match:
            problems.append(Problem(path, 0, "section file name must start with its order number",
                                    f"rename it like 01-{slug(path.stem)}.md"))
            continue
        section = reader(path, root, int(match.group(1)), problems)
        if section:
            sections.append(section)
    _check_unique(sections, problems)
    preamble = _read_preamble(root / PREAMBLE_FILE, root, problems)
    if not sections and not problems:
        problems.append(Problem(root, 0, "the notice has no sections",
                                "add a file such as 01-collection.md"))
    if meta is None:
        return None, problems
    ordered = tuple(sorted(sections, key=lambda s: (s.order, s.path.name)))
    return Notice(meta, ordered, preamble, root), problems


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def load_yaml(text: str, first_line: int, path: Path, problems: list[Problem]) -> Mapping | None:
    try:
        return load_mapping(text, first_line)
    except YamlError as exc:
        problems.append(Problem(path, exc.line, exc.message, exc.fix))
        return None


def read_source(path: Path, root: Path, problems: list[Problem]) -> str | None:
    try:
        return read_text(path, root)
    except SourceError as exc:
        problems.extend(exc.problems)
        return None


class Fields:
    """Typed access to a loaded mapping that records problems with lines."""

    def __init__(self, mapping: Mapping, path: Path, problems: list[Problem], prefix: str = "",
                 values: dict | None = None):
        """`prefix` names a nested mapping (`site.`); give its `values` where a
        key of the path holds dots itself (a domain)."""
        self.mapping, self.path, self.problems, self.prefix = mapping, path, problems, prefix
        if values is None:
            values = mapping.values if not prefix else mapping.values.get(prefix.rstrip("."), {})
        self.values = values

    def line(self, key: str) -> int:
        return self.mapping.line_of(self.prefix + key)

    def problem(self, key: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.path, self.line(key), message, fix))

    def check_keys(self, allowed: dict[str, bool], what: str) -> None:
        for key in self.values:
            if key not in allowed:
                known = ", ".join(allowed)
                self.problem(key, f"unknown key `{self.prefix}{key}` in {what}",
                             f"known keys: {known}; check the spelling")
        for key, required in allowed.items():
            if required and key not in self.values:
                self.problems.append(Problem(self.path, self.mapping.line_of(self.prefix.rstrip(".")),
                                             f"missing key `{self.prefix}{key}` in {what}",
                                             f"add `{key}: ...`"))

    def text(self, key: str, *, plain: bool = False, required: bool = True) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raw = self.mapping.raw.get(self.prefix + key, str(value))
            self.problem(key, f"`{self.prefix}{key}` must be text, YAML read `{raw}` as "
                              f"{_yaml_type(value)}", f'quote it: {key}: "{raw}"')
            return ""
        value = value.strip()
        if required and not value:
            self.problem(key, f"`{self.prefix}{key}` is empty", "write a value")
        if safety.RESERVED_TEXT.search(value):
            self.problem(key, f"`{self.prefix}{key}` holds text reserved for noticegen's own pages: "
                         f"{safety.RESERVED_TEXT.search(value).group(0)!r}", "reword it")
            return ""
        control = VALUE_CONTROL.search(value)
        if control:
            self.problem(key, f"`{self.prefix}{key}` holds a control character (U+{ord(control.group()):04X})",
                         "remove it (a YAML escape such as \\x1b or \\r writes one)")
            return ""
        hidden = find_hidden(value)
        if hidden:
            what, fix = hidden_message(hidden[1], hidden[2])
            self.problem(key, f"`{self.prefix}{key}` holds {what}", fix)
            return ""
        if plain:
            if "\n" in value:
                self.problem(key, f"`{self.prefix}{key}` must be one line", "join the lines")
            elif TITLE_MARKUP.search(value):
                self.problem(key, f"`{self.prefix}{key}` contains markup: {value!r}",
                             "write plain text without <, >, *, _, `, [, ], {, }, | or \\")
        return value

    def attribute_safe(self, key: str, value: str) -> str:
        """For a value the theme writes into HTML attributes unescaped (the
        notice's title, a site's name): no straight double quote."""
        if '"' in value:
            self.problem(key, f"`{self.prefix}{key}` contains markup: a straight double quote would end the page's "
                              "attributes", "use typographic quotes “ ” instead")
            return ""
        return value

    def text_list(self, key: str, pattern: re.Pattern, what: str) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and pattern.match(v) for v in value):
            self.problem(key, f"`{key}` must be a list of {what}", f"for example {key}: [eu, ch]")
            return ()
        return tuple(value)


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


def _read_meta(path: Path, root: Path, problems: list[Problem]) -> NoticeMeta | None:
    if not path.exists():
        problems.append(Problem(path, 0, "notice metadata file is missing",
                                "create it with title, version, effective, summary and controller"))
        return None
    text = read_source(path, root, problems)
    mapping = text is not None and load_yaml(text, 1, path, problems)
    if not mapping:
        return None
    fields = Fields(mapping, path, problems)
    fields.check_keys(NOTICE_KEYS, NOTICE_FILE)
    title = fields.attribute_safe("title", fields.text("title", plain=True))
    version = fields.text("version")
    if version and not VERSION.match(version):
        fields.problem("version", f"version {version!r} has characters a URL cannot keep",
                       "use digits, letters, dots and dashes, like 2 or 2.1")
    effective = _date(fields, "effective")
    summary = fields.text("summary", plain=False)
    if "\n" in summary:
        fields.problem("summary", "`summary` must be one line", "keep it to one sentence")
    controller = _controller(mapping, path, problems) or Controller("", "", "")
    variables = _variables(fields)
    significant = fields.values.get("significant")
    if significant is not None and not isinstance(significant, bool):
        fields.problem("significant", "`significant` must be true or false",
                       "declare the change significant (true) or minor (false), or leave it out")
        significant = None
    override_reason = fields.text("override_reason", required=False)
    published = _date(fields, "published") if "published" in fields.values else None
    # With problems this is a partial model: good enough to check section
    # text against, never built (any problem stops the build).
    return NoticeMeta(title, version, effective or dt.date.min, summary, controller, variables, path,
                      significant, override_reason, published)


def _date(fields: Fields, key: str) -> dt.date | None:
    value = fields.values.get(key)
    if isinstance(value, dt.datetime):
        value = None
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if isinstance(value, dt.date):
        return value
    if key in fields.values:
        raw = fields.mapping.raw.get(key, str(fields.values[key]))
        fields.problem(key, f"`{key}` is not a date: {raw!r}", "write it as YYYY-MM-DD, for example 2013-11-19")
    return None


def _controller(mapping: Mapping, path: Path, problems: list[Problem]) -> Controller | None:
    if "controller" not in mapping.values:
        return None
    if not isinstance(mapping.values["controller"], dict):
        problems.append(Problem(path, mapping.line_of("controller"), "`controller` must hold name, address, email and phone",
                                "indent them under `controller:`"))
        return None
    fields = Fields(mapping, path, problems, "controller.")
    fields.check_keys(CONTROLLER_KEYS, "the controller")
    return Controller(fields.text("name", plain=True), fields.text("address"),
                      fields.text("email", plain=True), fields.text("phone", plain=True, required=False))


def _variables(fields: Fields) -> dict[str, str]:
    values = fields.values.get("variables") or {}
    if not isinstance(values, dict):
        fields.problem("variables", "`variables` must be `name: value` lines", "indent them under `variables:`")
        return {}
    sub = Fields(fields.mapping, fields.path, fields.problems, "variables.")
    result = {}
    for name in values:
        if not VARIABLE_NAME.match(name):
            sub.problem(name, f"variable name `{name}` is not allowed",
                        "use lower-case letters, digits and _ like contact_email")
            continue
        result[name] = sub.text(name)
        fields.problems.extend(safety.problems_in(result[name], fields.path, sub.line(name)))
    return result


def read_front_matter(path: Path, root: Path, problems: list[Problem], what: str = "section",
                      keys: str = "id: ..., title: ...") -> tuple | None:
    """A Markdown file with YAML front matter: (its split, its fields), or
    None with the problem recorded (unreadable, no or unclosed front matter,
    bad YAML). `what` and `keys` word the message for the kind of file."""
    text = read_source(path, root, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split.front_matter is None:
        if text.startswith("---"):
            problems.append(Problem(path, 1, "front matter is not closed", "end it with a line holding only ---"))
        else:
            problems.append(Problem(path, 1, f"{what} has no front matter", f"start the file with ---, {keys}, ---"))
        return None
    mapping = load_yaml(split.front_matter, split.front_matter_line, path, problems)
    if mapping is None:
        return None
    return split, Fields(mapping, path, problems)


def read_section(path: Path, root: Path, order: int, problems: list[Problem]) -> Section | None:
    read = read_front_matter(path, root, problems)
    if read is None:
        return None
    split, fields = read
    fields.check_keys(SECTION_KEYS, "section front matter")
    section_id = fields.text("id")
    if section_id and not SECTION_ID.match(section_id):
        fields.problem("id", f"section id {section_id!r} is not a valid anchor",
                       f"use lower-case words joined by dashes, like {slug(section_id)}")
    elif section_id in RESERVED_IDS:
        fields.problem("id", f"section id {section_id!r} is used by the page itself", "choose another id")
    title = fields.text("title", plain=True)
    regions = fields.text_list("regions", REGION, "region tags")
    sites = fields.text_list("sites", re.compile(r"^[a-z0-9.-]+$"), "domains")
    covers = fields.text_list("covers", SECTION_ID, "disclosure item ids")
    material = fields.values.get("material", False)
    if not isinstance(material, bool):
        fields.problem("material", "`material` must be true or false")
    check_body(path, split.body, split.body_line, problems)
    return Section(section_id, title, order, split.body.strip("\n"), path,
                   split.body_line + _leading_blank_lines(split.body), regions, sites,
                   bool(material), fields.line("id"), covers)


def _leading_blank_lines(body: str) -> int:
    return len(body) - len(body.lstrip("\n"))


def check_body(path: Path, body: str, first_line: int, problems: list[Problem]) -> None:
    if not body.strip():
        problems.append(Problem(path, first_line, "section is empty", "write its text below the front matter"))
        return
    # Even between ``` lines: the site's Markdown has no fenced blocks, and a # line is a heading
    # wherever it stands (Python-Markdown splits the paragraph at it before it reads any code span).
    for number, line in enumerate(body.split("\n"), start=first_line):
        if re.match(r"^#{1,2}(\s|$)", line):
            problems.append(Problem(path, number, "a section cannot contain # or ## headings",
                                    "the title comes from title: in the front matter, which noticegen makes "
                                    "the ## heading; use ### for sub-headings"))


def _read_preamble(path: Path, root: Path, problems: list[Problem]) -> Section | None:
    if not path.exists():
        return None
    text = read_source(path, root, problems)
    if text is None:
        return None
    before = len(problems)
    check_body(path, text, 1, problems)
    if len(problems) > before:
        return None
    return Section("preamble", "Introduction", 0, text.strip("\n"), path, 1 + _leading_blank_lines(text))


def _check_unique(sections: list[Section], problems: list[Problem]) -> None:
    seen: dict[str, Section] = {}
    for section in sorted(sections, key=lambda s: s.path.name):
        if not section.id:
            continue  # already reported as missing
        first = seen.setdefault(section.id, section)
        if first is not section:
            problems.append(Problem(section.path, section.id_line, f"duplicate section id {section.id!r} (also in {first.path.name})",
                                    "give each section its own id"))
    orders: dict[int, Section] = {}
    for section in sections:
        first = orders.setdefault(section.order, section)
        if first is not section:
            problems.append(Problem(section.path, 0, f"order number {section.order} is also used by {first.path.name}",
                                    "renumber one of the files"))
