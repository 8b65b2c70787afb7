"""Translations of the notice, and whether each is still a translation of
the text in force.

    notices/translations/<language>/
      notice.yml                  title, summary (of this version), variables,
                                  site_variables: {<domain>: {name: value}}, translates
      preamble.md                 front matter: translates (the preamble has no id)
      NNN-name.md                 front matter: id, title, translates; then the text
      sites/<domain>/NNN-name.md  a translation of that site's own section

A translated section is keyed by its `id` (use the source's file name, as
`noticegen translate --start` does). Everything else about a section (its
order, regions, sites, `material`, `covers`) comes from the source: a
translation holds only words. `translates: sha256:...` names the exact
source text it translates, a fingerprint of the source's title and text as
written (`source_fingerprint`); `noticegen translate --mark-current` writes
it, never an author.

When the source changes, the translation's fingerprint no longer matches:
it is stale. How stale is the significance detector's call on the change
between the source text the fingerprint names (found in git history) and
the source today: a significant change blocks that language's build
(unless the site says `stale_translations: {significant: note}`), a minor
one is published with a note that the source language's text controls.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import atomic, safety
from .notice import (PREAMBLE_FILE, SECTION_ID, VARIABLE_NAME, Fields, Notice, Section,
                     check_body, load_yaml, read_front_matter, read_source)
from .problems import Problem
from .sourcefile import committed_versions, split_front_matter

FOLDER = "translations"
NOTICE_KEYS = {"title": True, "summary": False, "variables": False, "site_variables": False, "translates": False}
SECTION_KEYS = {"id": True, "title": True, "translates": False}
PREAMBLE_KEYS = {"translates": False}
# The names a source's file can have (030-collection.md, contact-us.md, a
# site's own Contact.md), which `translate --start` gives its translation.
TEXT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.md$")
FINGERPRINT = re.compile(r"^sha256:[0-9a-f]{64}$")
NOTICE_ID = "notice"  # the translation of notice.yml (title and summary), in messages and on the command line
FIX = "translate it, or mark it as reviewed with noticegen translate --mark-current {language} {id}"


@dataclass(frozen=True)
class Text:
    """One translated piece: a section, a site's own section, the preamble or the metadata."""

    id: str  # a section id, "preamble" or "notice"
    title: str
    body: str  # Markdown as written; for "notice" the summary
    path: Path
    body_line: int = 1
    translates: str = ""  # "sha256:<hex>", "" when not recorded
    translates_line: int = 0
    site: str = ""  # the domain of the site's own section it translates


@dataclass(frozen=True)
class Translation:
    language: str
    root: Path  # notices/translations/<language>
    notice: Text | None = None  # title and summary
    variables: dict[str, str] = field(default_factory=dict)
    site_variables: dict[str, dict[str, str]] = field(default_factory=dict)
    sections: dict[str, Text] = field(default_factory=dict)  # id -> translation (preamble under "preamble")
    overrides: dict[str, dict[str, Text]] = field(default_factory=dict)  # domain -> id -> translation

    def text_for(self, section_id: str, domain: str = "") -> Text | None:
        """The translation of a site's own section (when `domain` has one), else of the notice's."""
        if domain:
            return self.overrides.get(domain, {}).get(section_id)
        return self.sections.get(section_id)

    def values(self, domain: str) -> dict[str, str]:
        """Variables this language sets, for one site."""
        return {**self.variables, **self.site_variables.get(domain, {})}


def source_fingerprint(title: str, body: str) -> str:
    """What `translates:` records: the source's title and text as written
    (variables not filled), so the same words always give the same value."""
    data = json.dumps([title, body.strip("\n")], ensure_ascii=False)
    return "sha256:" + hashlib.sha256(data.encode()).hexdigest()


def notice_fingerprint(notice: Notice) -> str:
    return source_fingerprint(notice.meta.title, notice.meta.summary)


def translates_version(text: Text | None, notice: Notice, sources: "SourceTexts | None") -> bool:
    """Whether a translation of notice.yml is one of this version's title
    and summary: of the version's own words, or of words the version had in
    an earlier commit (its summary was edited since, under the same version:
    the translation is stale, not another version's)."""
    if text is None or not text.translates:
        return False
    return text.translates == notice_fingerprint(notice) or \
        sources is not None and str(notice.meta.version) in sources.versions_of(text.translates)


def section_fingerprint(section: Section) -> str:
    return source_fingerprint(section.title, section.body)


def read_translations(notices: Path) -> tuple[dict[str, Translation], list[Problem]]:
    """Every language under notices/translations/, and every problem found."""
    problems: list[Problem] = []
    found: dict[str, Translation] = {}
    folder = notices / FOLDER
    if not folder.is_dir():
        return found, problems
    from .sites import LANGUAGE

    for language_dir in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if _linked_folder(language_dir, problems):
            continue
        if not language_dir.is_dir():
            problems.append(Problem(language_dir, 0, "not read: translations go in translations/<language>/",
                                    "move it into a folder named like fr-CA"))
            continue
        if not LANGUAGE.match(language_dir.name):
            problems.append(Problem(language_dir, 0, f"{language_dir.name!r} is not a language code, so this "
                                    "translation would not be used", "name the folder like fr or fr-CA"))
            continue
        found[language_dir.name] = _read_language(language_dir, notices, problems)
    return found, problems


def _linked_folder(path: Path, problems: list[Problem]) -> bool:
    """A link to a folder is said once, not followed: its files (anything,
    anywhere) would each be a problem of their own."""
    if not (path.is_symlink() and path.is_dir()):
        return False
    problems.append(Problem(path, 0, "a link to a folder, which noticegen does not follow",
                            "put the translation's files here instead of the link"))
    return True


def _read_language(folder: Path, notices: Path, problems: list[Problem]) -> Translation:
    language = folder.name
    notice, variables, site_variables = None, {}, {}
    meta_path = folder / "notice.yml"
    if meta_path.exists():
        notice, variables, site_variables = _read_meta(meta_path, notices, problems)
    else:
        problems.append(Problem(meta_path, 0, f"the {language} translation has no notice.yml, so the notice "
                                "has no title in that language", f"start it with noticegen translate --start "
                                f"{language} notice"))
    sections: dict[str, Text] = {}
    overrides: dict[str, dict[str, Text]] = {}
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if path.name == "notice.yml":
            continue
        if _linked_folder(path, problems):
            continue
        if path.is_dir() and path.name == "notifications":
            from .notifications import LANGUAGE_TEMPLATES

            for template in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
                if template.name not in LANGUAGE_TEMPLATES:
                    problems.append(Problem(template, 0, "not a notification template noticegen sends in a "
                                            "language, so it would not be used",
                                            f"a language's templates are {', '.join(LANGUAGE_TEMPLATES)}"))
            continue
        if path.is_dir() and path.name == "sites":
            for site_dir in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
                if _linked_folder(site_dir, problems):
                    continue
                if not site_dir.is_dir():
                    problems.append(Problem(site_dir, 0, "not read: a site's translated sections go in "
                                            "sites/<domain>/", "move it into the site's folder"))
                    continue
                for file in sorted(p for p in site_dir.iterdir() if not p.name.startswith(".")):
                    text = _read_text_file(file, notices, problems, site_dir.name)
                    if text:
                        _add(overrides.setdefault(site_dir.name, {}), text, problems)
            continue
        if path.name == PREAMBLE_FILE:
            text = _read_preamble(path, notices, problems)
        else:
            text = _read_text_file(path, notices, problems)
        if text:
            _add(sections, text, problems)
    return Translation(language, folder, notice, variables, site_variables, sections, overrides)


def _add(into: dict[str, Text], text: Text, problems: list[Problem]) -> None:
    if text.id in into:
        problems.append(Problem(text.path, 1, f"a second translation of section {text.id!r} "
                                f"(also {into[text.id].path.name})", "keep one file per section and language"))
        return
    into[text.id] = text


BAD_FINGERPRINT = "`translates` must be the source's fingerprint"  # which --mark-current rewrites


def _translates(fields: Fields) -> str:
    value = fields.text("translates", required=False)
    if value and not FINGERPRINT.match(value):
        fields.problem("translates", f"{BAD_FINGERPRINT} (sha256:...), not {value!r}",
                       "write it with noticegen translate --mark-current, never by hand")
        return ""
    return value


def _read_meta(path: Path, notices: Path, problems: list[Problem]):
    text = read_source(path, notices, problems)
    mapping = text is not None and load_yaml(text, 1, path, problems)
    if not mapping:
        return None, {}, {}
    fields = Fields(mapping, path, problems)
    fields.check_keys(NOTICE_KEYS, "a translation's notice.yml")
    title = fields.attribute_safe("title", fields.text("title", plain=True))
    summary = fields.text("summary", required=False)
    if "\n" in summary:
        fields.problem("summary", "`summary` must be one line", "keep it to one sentence")
    variables = _variables(mapping, fields.values.get("variables"), "variables.", path, problems)
    site_variables = {}
    raw_sites = fields.values.get("site_variables") or {}
    if not isinstance(raw_sites, dict):
        fields.problem("site_variables", "`site_variables` must hold a domain, then `name: value` lines",
                       "for example site_variables: {www.example.ca: {postal_address: ...}}")
    else:
        for domain, values in raw_sites.items():
            site_variables[str(domain)] = _variables(mapping, values, f"site_variables.{domain}.", path, problems)
    translates = _translates(fields)
    return (Text(NOTICE_ID, title, summary, path, fields.line("summary"), translates, fields.line("translates")),
            variables, site_variables)


def _variables(mapping, values, prefix: str, path: Path, problems: list[Problem]) -> dict[str, str]:
    if values is None:
        return {}
    sub = Fields(mapping, path, problems, prefix, values if isinstance(values, dict) else {})
    if not isinstance(values, dict):
        sub.problems.append(Problem(path, mapping.line_of(prefix.rstrip(".")), f"`{prefix.rstrip('.')}` must be "
                                    "`name: value` lines", "indent them under it"))
        return {}
    result = {}
    for name in values:
        if not VARIABLE_NAME.match(str(name)):
            sub.problem(name, f"variable name `{name}` is not allowed", "use lower-case letters, digits and _")
            continue
        result[name] = sub.text(name)
        problems.extend(safety.problems_in(result[name], path, sub.line(name)))
    return result


def _read_text_file(path: Path, notices: Path, problems: list[Problem], site: str = "") -> Text | None:
    if path.is_dir() or path.suffix != ".md":
        hint = "a translated section is a .md file named like its source"
        problems.append(Problem(path, 0, "not read by noticegen, so its text would be left out", hint))
        return None
    if not TEXT_FILE.match(path.name):
        problems.append(Problem(path, 0, "not a name a section's file can have",
                                "name it like its source, for example 030-collection.md (noticegen translate "
                                "--start does)"))
        return None
    read = read_front_matter(path, notices, problems, "translated section", "id: ..., title: ..., translates: ...")
    if read is None:
        return None
    split, fields = read
    for key in fields.values:
        if key in ("regions", "sites", "material", "covers"):
            fields.problem(key, f"`{key}` belongs to the source section, not to a translation",
                           "remove it here; the translation follows the source's setting")
    fields.check_keys({**SECTION_KEYS, "regions": False, "sites": False, "material": False, "covers": False},
                      "a translated section's front matter")
    section_id = fields.text("id")
    if section_id and not SECTION_ID.match(section_id):
        fields.problem("id", f"section id {section_id!r} is not a valid anchor", "use the source section's id")
    title = fields.text("title", plain=True)
    translates = _translates(fields)
    check_body(path, split.body, split.body_line, problems)
    lead = len(split.body) - len(split.body.lstrip("\n"))
    return Text(section_id, title, split.body.strip("\n"), path, split.body_line + lead, translates,
                fields.line("translates"), site)


def _read_preamble(path: Path, notices: Path, problems: list[Problem]) -> Text | None:
    text = read_source(path, notices, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    translates, line = "", 0
    if split.front_matter is not None:
        mapping = load_yaml(split.front_matter, split.front_matter_line, path, problems)
        if mapping is None:
            return None
        fields = Fields(mapping, path, problems)
        fields.check_keys(PREAMBLE_KEYS, "a translated preamble's front matter")
        translates, line = _translates(fields), fields.line("translates")
    check_body(path, split.body, split.body_line, problems)
    lead = len(split.body) - len(split.body.lstrip("\n"))
    return Text("preamble", "Introduction", split.body.strip("\n"), path, split.body_line + lead, translates, line)


# Staleness ----------------------------------------------------------------

CURRENT, MISSING, STALE, UNKNOWN = "current", "missing", "stale", "unknown source"
ANOTHERS = "another text's source"  # `translates:` names a text of another section (a copied line)


@dataclass(frozen=True)
class TextState:
    """One piece of a site's notice in one language."""

    id: str  # section id, "preamble" or "notice"
    title: str  # the source's title
    state: str  # CURRENT, MISSING, STALE, UNKNOWN (the fingerprint names no source text noticegen knows) or ANOTHERS
    significant: bool = False  # for STALE: the source changed significantly since; the others count as True
    reasons: tuple = ()  # the detector's reasons, for STALE
    path: Path = Path()  # the translation (or where it would be)
    line: int = 0
    translation: Text | None = None
    source: Section | None = None
    site: str = ""  # the domain, when it is the site's own section
    names: tuple[tuple[str, str], ...] = ()  # for ANOTHERS: (domain, id) of the pieces whose source text it names


@dataclass(frozen=True)
class LanguageState:
    """A site's notice in one of its languages."""

    domain: str
    language: str
    texts: tuple[TextState, ...]
    policy: dict[str, str]

    def blocking(self) -> list[TextState]:
        # another text's fingerprint is a slip in the files, not a stale text a site may choose to publish
        return [t for t in self.texts if t.state == ANOTHERS or t.state != CURRENT and
                self.policy["significant" if t.significant else "minor"] == "block"]

    def noted(self) -> list[TextState]:
        """Published with the note that the source controls."""
        return [t for t in self.texts if t.state != CURRENT and t not in self.blocking()]

    def count(self, state: str) -> int:
        return sum(1 for t in self.texts if t.state == state)


class SourceTexts:
    """Source texts by fingerprint: the working tree's, then every version
    of every source section in git history (read once, in one log pass)."""

    def __init__(self, texts: dict[str, tuple[str, str]] | None = None):
        self.texts = dict(texts or {})
        # fingerprint -> (domain, id) of the pieces that had that text ("" for the notice's own,
        # a domain for that site's own section: the same id, another text)
        self.owners: dict[str, set[tuple[str, str]]] = {}
        # title-and-summary fingerprint -> the versions notice.yml had it in: a translation of a
        # version's summary stays that version's after a later edit of the summary under it
        self.meta_versions: dict[str, set[str]] = {}

    def add(self, title: str, body: str, owner: str = "", domain: str = "") -> None:
        fingerprint = source_fingerprint(title, body)
        self.texts.setdefault(fingerprint, (title, body.strip("\n")))
        if owner:
            self.owners.setdefault(fingerprint, set()).add((domain, owner))

    def get(self, fingerprint: str) -> tuple[str, str] | None:
        return self.texts.get(fingerprint)

    def owners_of(self, fingerprint: str) -> set[tuple[str, str]]:
        return self.owners.get(fingerprint, set())

    def versions_of(self, fingerprint: str) -> set[str]:
        """The versions whose notice.yml had this title and summary in some commit."""
        return self.meta_versions.get(fingerprint, set())

    @classmethod
    def from_git(cls, project_root: Path, notices: Path) -> "SourceTexts":
        import os
        from pathlib import PurePosixPath

        from .gitlog import Git
        from .yamlsafe import YamlError, load_mapping

        found = cls()
        with Git(project_root) as git:
            head = git.head()
            if not head:
                return found
            prefix = PurePosixPath(os.path.relpath(notices.resolve(), git.root.resolve())).as_posix()
            blobs = {}
            # Every line, not only the first parent's: a source text a translation
            # names may have been committed on a branch merged later.
            for commit in git.log(prefix + "/", head, first_parent=False):
                for path, blob in commit.changes.items():
                    relative = PurePosixPath(path).relative_to(prefix).as_posix() if path.startswith(prefix + "/") \
                        else ""
                    parts = relative.split("/")
                    if blob and relative.endswith(".md") and (len(parts) == 1 or (len(parts) == 3 and
                                                                                  parts[0] == "sites")):
                        blobs[blob] = relative
                    elif blob and relative == "notice.yml":
                        blobs[blob] = relative
            for blob, relative in blobs.items():
                text = git.read_blob(blob).decode("utf-8", errors="replace").replace("\r\n", "\n")
                text = text.removeprefix("\ufeff")
                try:
                    if relative == "notice.yml":
                        values = load_mapping(text).values
                        if isinstance(values.get("title"), str) and isinstance(values.get("summary"), str):
                            found.add(values["title"].strip(), values["summary"].strip(), NOTICE_ID)
                            if isinstance(values.get("version"), (str, int)) and not isinstance(values["version"],
                                                                                                bool):
                                fingerprint = source_fingerprint(values["title"].strip(), values["summary"].strip())
                                found.meta_versions.setdefault(fingerprint, set()).add(str(values["version"]))
                        continue
                    if relative == PREAMBLE_FILE:
                        found.add("Introduction", text, "preamble")
                        continue
                    split = split_front_matter(text)
                    if split.front_matter is None:
                        continue
                    values = load_mapping(split.front_matter, split.front_matter_line).values
                except YamlError:
                    continue
                if isinstance(values.get("title"), str):
                    found.add(values["title"].strip(), split.body,
                              values["id"] if isinstance(values.get("id"), str) else "",
                              relative.split("/")[1] if relative.startswith("sites/") else "")
        return found


def states_for(notice: Notice, site, language: str, translation: Translation | None, sources: SourceTexts,
               vocabulary) -> LanguageState:
    """How each piece of `site`'s notice stands in `language`."""
    from .significance import Part, assess_parts

    folder = (translation.root if translation else notice.root / FOLDER / language)
    texts: list[TextState] = []
    # (domain, id): the notice's pieces, and this site's own sections (which may share an id)
    pieces = {("", NOTICE_ID), ("", "preamble"), *(("", section.id) for section in notice.sections),
              *((site.domain, id_) for id_ in site.overrides)}

    def judge(piece_id: str, title: str, body: str, text: Text | None, where: Path, material: bool,
              source: Section | None, domain: str = "") -> TextState:
        if text is None:
            return TextState(piece_id, title, MISSING, True, (), where, 0, None, source, domain)
        wanted = source_fingerprint(title, body)
        if text.translates == wanted:
            return TextState(piece_id, title, CURRENT, False, (), text.path, text.translates_line, text, source,
                             domain)
        old = sources.get(text.translates) if text.translates else None
        line = text.translates_line or 1
        owners = sources.owners_of(text.translates) if text.translates else set()
        if owners & pieces and (domain, piece_id) not in owners:  # another piece's text (an id renamed since is not)
            return TextState(piece_id, title, ANOTHERS, True, (), text.path, line, text, source, domain,
                             tuple(sorted(owners & pieces)))
        if old is None:
            return TextState(piece_id, title, UNKNOWN, True, (), text.path, line, text, source, domain)
        reasons = tuple(assess_parts([Part(piece_id, old[0], old[1], material)],
                                     [Part(piece_id, title, body, material)], vocabulary))
        return TextState(piece_id, title, STALE, bool(reasons), reasons, text.path, line, text, source, domain)

    meta = notice.meta
    texts.append(judge(NOTICE_ID, meta.title, meta.summary, translation.notice if translation else None,
                       folder / "notice.yml", False, None))
    if notice.preamble:
        texts.append(judge("preamble", notice.preamble.title, notice.preamble.body,
                           translation.sections.get("preamble") if translation else None,
                           folder / PREAMBLE_FILE, False, notice.preamble))
    for section in notice.sections:
        if not site.shows(section):
            continue
        own = site.overrides.get(section.id)
        if own is not None:
            text = translation.text_for(section.id, site.domain) if translation else None
            where = folder / "sites" / site.domain / own.path.name
            texts.append(judge(section.id, own.title, own.body, text, where, section.material, own, site.domain))
        else:
            text = translation.text_for(section.id) if translation else None
            texts.append(judge(section.id, section.title, section.body, text, folder / section.path.name,
                               section.material, section))
    return LanguageState(site.domain, language, tuple(texts), site.stale_translations)


def _piece_name(piece_id: str) -> str:
    return f"section {piece_id!r}" if piece_id not in (NOTICE_ID, "preamble") else \
        "the notice's title and summary" if piece_id == NOTICE_ID else "the preamble"


def problem_of(state: TextState, language: str, domain: str) -> Problem:
    """One line for a piece that is not current: path:line: what (how to fix)."""
    what = _piece_name(state.id)
    fix = FIX.format(language=language, id=state.id)
    if state.state == MISSING:
        return Problem(state.path, 0, f"{what} has no {language} translation for {domain}",
                       f"start one with noticegen translate --start {language} {state.id}, and translate it")
    if state.state == ANOTHERS:
        other_domain, other = state.names[0]
        if state.site and other == state.id and not other_domain:
            # the site's own section, marked with the notice's section of the same id (its file copied?)
            from .problems import display_path

            source = display_path(state.source.path) if state.source else f"notices/sites/{domain}/"
            return Problem(state.path, state.line, f"the {language} translation of {domain}'s own {what} names "
                           f"the source text of the notice's {what} (which {domain} replaces), not its own",
                           f"check that it translates {source}, then run noticegen translate --mark-current "
                           f"{language} {state.id}")
        named = f"{other_domain}'s own {_piece_name(other)}" if other_domain else _piece_name(other)
        return Problem(state.path, state.line, f"the {language} translation of {what} names the source text "
                       f"of {named}, not its own (a translates: line copied from another file?)", fix)
    if state.state == UNKNOWN:
        recorded = state.translation.translates if state.translation else ""
        return Problem(state.path, state.line, f"the {language} translation of {what} names no source text "
                       f"noticegen knows ({'translates: ' + recorded[:19] + '…' if recorded else 'no translates:'})",
                       fix)
    if state.significant:
        why = "; ".join(reason.describe() for reason in state.reasons[:2])
        return Problem(state.path, state.line, f"the {language} translation of {what} is stale: the source "
                       f"changed significantly since it was translated ({why})", fix)
    return Problem(state.path, state.line, f"the {language} translation of {what} is stale: the source had a "
                   f"minor change since it was translated; it is published with a note that the source text "
                   f"controls", fix)


def text_problems(translation: Translation, notice: Notice, sites, known_variables: set[str],
                  unread_sources=frozenset()) -> list[Problem]:
    """What is wrong in the translation's own files: unsafe markup, unknown
    variables, ids with no source section (unless its source file, named
    alike, is in `unread_sources`: its own problem is the one to fix), sites
    that do not exist."""
    from . import variables

    problems: list[Problem] = []
    ids = {section.id for section in notice.sections} | ({"preamble"} if notice.preamble else set())
    domains = {site.domain: site for site in sites}
    known = known_variables | set(translation.variables)
    for text in translation.sections.values():
        if text.id and text.id not in ids and text.path.name not in unread_sources:
            problems.append(Problem(text.path, 1, f"translation of section {text.id!r}, which the notice does not "
                                    "have", "use the id of the section it translates, or delete it"))
        problems += safety.problems_in(text.body, text.path, text.body_line)
        problems += variables.problems_in(text.body, text.path, text.body_line,
                                          known | _common(translation, sites, text.id), "")
    for domain, texts in translation.overrides.items():
        site = domains.get(domain)
        for text in texts.values():
            if site is None:
                problems.append(Problem(text.path, 1, f"translation for site {domain}, which notices/sites.yml "
                                        "does not list", "rename the folder to a configured domain"))
                continue
            if text.id not in site.overrides:
                problems.append(Problem(text.path, 1, f"translation of {domain}'s own section {text.id!r}, which "
                                        f"notices/sites/{domain}/ does not have", "use the id of the site's section"))
            problems += safety.problems_in(text.body, text.path, text.body_line)
            problems += variables.problems_in(text.body, text.path, text.body_line,
                                              known | set(site.variables) | set(translation.values(domain)), "")
    problems += _anchor_problems(translation, notice, sites)
    for domain in translation.site_variables:
        if domain not in domains:
            problems.append(Problem(translation.root / "notice.yml", 1, f"site_variables for {domain}, which "
                                    "notices/sites.yml does not list", "use a configured domain"))
    return problems


def unused_texts(translation: Translation, notice: Notice, sites) -> list[Problem]:
    """Translations no site publishing the language shows, one warning each
    (not an error: a site may take it up later): a section of the notice
    that every such site leaves out or replaces with its own, a site's own
    section translated for a site that does not publish the language."""
    language = translation.language
    publishing = [site for site in sites if language in site.translated]
    sections = {section.id: section for section in notice.sections}
    problems = []
    for text in translation.sections.values():
        section = sections.get(text.id)
        if section is None:  # the preamble, or an id the notice lacks (an error of its own)
            continue
        showing = [site for site in publishing if site.shows(section)]
        if any(section.id not in site.overrides for site in showing):
            continue
        one = len(showing) == 1
        why = (f"{', '.join(site.domain for site in showing)} {'replaces' if one else 'replace'} it with "
               f"{'its' if one else 'their'} own" if showing else
               f"{', '.join(site.domain for site in publishing)} {'does' if len(publishing) == 1 else 'do'} not "
               "show it")
        problems.append(Problem(text.path, 1, f"the {language} translation of section {text.id!r} is not used: "
                                f"no site publishing {language} shows the notice's text of it ({why})",
                                "delete it, or keep it for a site that will show it"))
    domains = {site.domain for site in sites}
    for domain, texts in translation.overrides.items():
        if domain in domains and not any(site.domain == domain for site in publishing):
            for text in texts.values():
                problems.append(Problem(text.path, 1, f"the {language} translation of {domain}'s own section "
                                        f"{text.id!r} is not used: {domain} does not publish {language}",
                                        f"delete it, or add {language} to {domain}'s languages:"))
    return problems


def _anchor_problems(translation: Translation, notice: Notice, sites) -> list[Problem]:
    """A translation's `{ #anchor }` follows the source's rule (see
    check._anchor_problems): not a section's id, nor one of the page's own,
    nor an anchor another text has, in the source or in this language: ids
    stay unique on the page, and a link to an anchor lands on the same text
    in every language (a translation keeps its own source's anchors)."""
    from .notice import RESERVED_IDS

    ids = {section.id for section in notice.sections}
    texts = [*translation.sections.values(), *(t for texts in translation.overrides.values() for t in texts.values())]
    owners: dict[str, set[str]] = {}  # anchor -> ids of the texts that have it
    for text in [*notice.texts(), *(o for site in sites for o in site.overrides.values()), *texts]:
        for _, anchor in safety.anchors_in(text.body):
            owners.setdefault(anchor, set()).add(text.id)
    problems = []
    for text in texts:
        seen: set[str] = set()
        for offset, anchor in safety.anchors_in(text.body):
            others = sorted(owners[anchor] - {text.id})
            taken = "a section's id" if anchor in ids else "used by the page itself" if anchor in RESERVED_IDS \
                else f"also an anchor in section {others[0]!r}" if others else \
                "already an anchor earlier in this text" if anchor in seen else ""
            seen.add(anchor)
            if taken:
                problems.append(Problem(text.path, text.body_line + offset, f"the anchor #{anchor} is {taken}",
                                        "choose another anchor id, or keep the source's own"))
    problems += _kept_anchor_problems(translation, notice, sites)
    return problems


def _kept_anchor_problems(translation: Translation, notice: Notice, sites) -> list[Problem]:
    """A current translation keeps each of its source's `{ #anchor }`s: a
    link to one lands on the same text in every language (and a page's own
    links to it would fail the build)."""
    pairs = [(text, source) for source in notice.texts()
             if (text := translation.sections.get(source.id)) is not None]
    pairs += [(text, site.overrides[id_]) for site in sites
              for id_, text in translation.overrides.get(site.domain, {}).items() if id_ in site.overrides]
    problems = []
    for text, source in pairs:
        if text.translates != section_fingerprint(source):
            continue  # stale: said as such; its anchors are the older source's
        kept = {anchor for _, anchor in safety.anchors_in(text.body)}
        for anchor in dict.fromkeys(a for _, a in safety.anchors_in(source.body)):
            if anchor not in kept:
                problems.append(Problem(text.path, text.body_line, f"the source's anchor #{anchor} is missing from "
                                        f"this translation of {_piece_name(text.id)}",
                                        f"keep {{ #{anchor} }} on the translated text it marks"))
    return problems


def _common(translation: Translation, sites, section_id: str) -> set[str]:
    """Variables every site showing the section defines (as for the source)."""
    sets = [set(site.variables) | set(translation.site_variables.get(site.domain, {}))
            for site in sites if translation.language in site.translated]
    return set.intersection(*sets) if sets else set()


# The translated notice ----------------------------------------------------

def translated_notice(notice: Notice, site, translation: Translation, state: LanguageState,
                      notes: dict[str, str]) -> tuple[Notice, object]:
    """The notice and the site as `site` shows them in `state.language`:
    translated title, summary and sections; a stale piece that is published
    carries `notes[...]` (the note that the source text controls); a missing
    one shows the source text under the same note."""
    by_id = {t.id: t for t in state.texts}
    meta_state = by_id.get(NOTICE_ID)
    meta = replace(notice.meta, variables={**notice.meta.variables, **translation.variables})
    if meta_state and meta_state.translation:
        meta = replace(meta, title=meta_state.translation.title or meta.title,
                       summary=meta_state.translation.body or meta.summary)

    def shown(section: Section, piece: TextState | None) -> Section:
        if piece is None:
            return section
        text = piece.translation
        body = text.body if text else section.body
        title = text.title if text else section.title
        if piece.state != CURRENT:
            key = "missing" if text is None else "stale significantly" if piece.significant else "stale"
            body = notes[key] + "\n\n" + body
            if text is None:  # the source's own words, under the note: in the source language
                return replace(section, title=title, body=body, source_language=site.language, note=notes[key])
            # `note` kept apart too: redlines compare the translations' words, never noticegen's note
            return replace(section, title=title, body=body, note=notes[key])
        return replace(section, title=title, body=body)

    preamble = shown(notice.preamble, by_id.get("preamble")) if notice.preamble else None
    sections, overrides = [], {}
    for section in notice.sections:
        piece = by_id.get(section.id)
        if section.id in site.overrides:
            if piece is not None:
                overrides[section.id] = shown(site.overrides[section.id], piece)
            sections.append(section)
        else:
            sections.append(shown(section, piece) if site.shows(section) else section)
    return replace(notice, meta=meta, sections=tuple(sections), preamble=preamble), \
        replace(site, language=state.language, overrides={**site.overrides, **overrides},
                variables={**site.variables, **translation.site_variables.get(site.domain, {})})


# `noticegen translate` -----------------------------------------------------

def _pieces(notice: Notice, sites, language: str) -> list[tuple[str, str, str, str, Path]]:
    """What a translation into `language` covers: (id, domain, title, body,
    source path) of the metadata, preamble, every section a site publishing
    `language` shows, and those sites' own sections."""
    publishing = [site for site in sites if language in site.translated]
    pieces = [(NOTICE_ID, "", notice.meta.title, notice.meta.summary, notice.meta.path)]
    if notice.preamble:
        pieces.append(("preamble", "", notice.preamble.title, notice.preamble.body, notice.preamble.path))
    for section in notice.sections:
        showing = [site for site in publishing if site.shows(section)]
        if any(section.id not in site.overrides for site in showing):
            pieces.append((section.id, "", section.title, section.body, section.path))
        for site in showing:
            own = site.overrides.get(section.id)
            if own is not None:
                pieces.append((section.id, site.domain, own.title, own.body, own.path))
    return pieces


def _load_for_command(project, language: str):
    from .errors import UsageError
    from .notice import read_notice
    from .problems import NoticeError
    from .sites import read_sites

    notice, problems = read_notice(project.notices)
    sites, site_problems = read_sites(project.notices)
    if problems or site_problems or notice is None:
        raise NoticeError(problems + site_problems)
    listed = sorted({lang for site in sites for lang in site.translated})
    sources = sorted(site.domain for site in sites if site.translated and site.language == language)
    if language not in listed and sources:
        raise UsageError(f"{language} is the source language of {', '.join(sources)}: its text is notices/ "
                         f"itself, not a translation (translated languages: {', '.join(listed)})")
    if language not in listed:
        raise UsageError(f"no site in notices/sites.yml publishes {language} (translated languages: "
                         f"{', '.join(listed) or 'none'}; add it to a site's languages: after the source)")
    return notice, sites


def _select(pieces, ids: list[str]):
    from .errors import UsageError

    if not ids:
        return pieces
    known = {piece[0] for piece in pieces}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UsageError(f"nothing to translate is called {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return [piece for piece in pieces if piece[0] in ids]


def _target(folder: Path, piece) -> Path:
    piece_id, domain, _, _, source = piece
    if piece_id == NOTICE_ID:
        return folder / "notice.yml"
    if piece_id == "preamble":
        return folder / PREAMBLE_FILE
    return (folder / "sites" / domain / source.name) if domain else folder / source.name


def start(project, language: str, ids: list[str]) -> tuple[list[Path], list[Path]]:
    """Write a translation file for each piece that has none yet: the
    source's text under a FILL IN line (which `check` refuses until it is
    translated), `translates:` naming the source text it starts from.
    Never overwrites. Returns (written, kept)."""
    notice, sites = _load_for_command(project, language)
    folder = project.notices / FOLDER / language
    translations, _ = read_translations(project.notices)
    existing = translations.get(language)
    written, kept = [], []
    for piece in _select(_pieces(notice, sites, language), ids):
        piece_id, domain, title, body, _ = piece
        target = _target(folder, piece)
        present = existing is not None and (existing.notice if piece_id == NOTICE_ID else
                                            existing.text_for(piece_id, domain))
        if target.exists() or present:
            kept.append(target)
            continue
        fingerprint = source_fingerprint(title, body)
        if piece_id == NOTICE_ID:
            content = (f"# The {language} translation of notices/notice.yml: the title, and the summary of this "
                       f"version.\ntitle: {json.dumps('FILL IN: ' + title, ensure_ascii=False)}\n"
                       f"summary: {json.dumps('FILL IN: ' + body, ensure_ascii=False)}\n"
                       f"translates: {fingerprint}\n")
        else:
            head = "" if piece_id == "preamble" else \
                f"id: {piece_id}\ntitle: {json.dumps('FILL IN: ' + title, ensure_ascii=False)}\n"
            content = (f"---\n{head}translates: {fingerprint}\n---\n"
                       f"FILL IN: translate the text below into {language}, then delete this line.\n\n{body}\n")
        _write(target, content)
        written.append(target)
    return written, kept


def mark_current(project, language: str, ids: list[str]) -> list[tuple[Path, str, str]]:
    """Record in each translation (of `ids`, or all) that it translates the
    source text as it is now. Returns (path, old, new) for each file changed."""
    from .errors import UsageError
    from .problems import NoticeError

    notice, sites = _load_for_command(project, language)
    translations, problems = read_translations(project.notices)
    folder = project.notices / FOLDER / language
    # A `translates:` line written wrongly is what this command writes right; any other problem stops it.
    problems = [p for p in problems if Path(p.path).is_relative_to(folder) and not p.message.startswith(BAD_FINGERPRINT)]
    if problems:
        raise NoticeError(problems)
    translation = translations.get(language)
    if translation is None:
        raise UsageError(f"there is no translation into {language} yet: start it with noticegen translate "
                         f"--start {language}")
    changed, contents = [], []
    for piece in _select(_pieces(notice, sites, language), ids):
        piece_id, domain, title, body, _ = piece
        text = translation.notice if piece_id == NOTICE_ID else translation.text_for(piece_id, domain)
        if text is None:
            if ids:
                raise UsageError(f"{piece_id} has no {language} translation to mark "
                                 f"(start one with noticegen translate --start {language} {piece_id})")
            continue
        fingerprint = source_fingerprint(title, body)
        if text.translates == fingerprint:
            continue
        # Edited as the reader reads it (no byte order mark, LF), written back as it was.
        raw = text.path.read_bytes().decode("utf-8")
        mark = "\ufeff" if raw.startswith("\ufeff") else ""
        old = raw.removeprefix(mark).replace("\r\n", "\n")
        new = _with_translates(old, fingerprint, piece_id == NOTICE_ID)
        _check_rewrite(text.path, old, new, fingerprint, piece_id == NOTICE_ID)
        contents.append((text.path, mark + _with_line_endings_of(raw.removeprefix(mark), new)))
        changed.append((text.path, text.translates, fingerprint))
    for path, new in contents:  # every file checked first: all are marked, or none
        _write(path, new)
    return changed


def _with_line_endings_of(raw: str, new: str) -> str:
    """`new` (LF) with `raw`'s line endings: every line kept ends as it did
    (a file with CRLF on some lines only stays so), a line changed or added
    ends as the line it replaces, or the one before it."""
    import difflib

    pieces = re.findall(r"[^\n]*\n|[^\n]+$", raw)
    old_lines = [piece.rstrip("\n").removesuffix("\r") for piece in pieces]
    endings = [piece[len(line):] for piece, line in zip(pieces, old_lines)]
    new_lines = re.findall(r"[^\n]*\n|[^\n]+$", new)
    contents = [line.rstrip("\n") for line in new_lines]
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, contents, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            if tag == "equal":
                ending = endings[i1 + offset]
            elif i1 + offset < i2:
                ending = endings[i1 + offset]
            else:
                ending = (out[-1][len(out[-1].rstrip("\r\n")):] if out else "\n")
            if not new_lines[j].endswith("\n"):
                ending = ""  # the file's last line, without an end
            elif not ending:
                ending = "\n"
            out.append(contents[j] + ending)
    return "".join(out)


def _check_rewrite(path: Path, old: str, new: str, fingerprint: str, yaml_file: bool) -> None:
    """The rewritten file must read as the old one with only `translates:`
    set: a line-based edit of front matter written another way (a flow
    mapping, `translates :`) would break it or add a second key."""
    from .problems import NoticeError, Problem
    from .yamlsafe import YamlError, load_mapping

    def values(text: str):
        front = text if yaml_file else split_front_matter(text).front_matter
        return dict(load_mapping(front or "").values)

    try:
        before, after = values(old), values(new)
    except YamlError:
        after = None
    else:
        before["translates"] = fingerprint
    if after is None or after != before:
        raise NoticeError([Problem(path, 1, "noticegen cannot set `translates:` in this front matter, as it "
                                   "is written", "write each key on a line of its own (`translates: ...` among "
                                   "them), then run noticegen translate --mark-current again")])


TRANSLATES_LINE = re.compile(r"^translates:.*$", re.M)


def _with_translates(text: str, fingerprint: str, yaml_file: bool) -> str:
    """The file with its `translates:` line set, nothing else changed."""
    line = f"translates: {fingerprint}"
    if yaml_file:
        if TRANSLATES_LINE.search(text):
            return TRANSLATES_LINE.sub(line, text, count=1)
        return text + ("" if text.endswith("\n") else "\n") + line + "\n"
    split = split_front_matter(text)
    if split.front_matter is None:
        return f"---\n{line}\n---\n" + text
    lines = text.split("\n")
    end = split.body_line - 2  # index of the closing ---
    for index in range(1, end):
        if TRANSLATES_LINE.match(lines[index]):
            lines[index] = line
            return "\n".join(lines)
    lines.insert(end, line)
    return "\n".join(lines)


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, content)  # two --mark-current at once never share a temporary file


# Translations of earlier versions ---------------------------------------

@dataclass(frozen=True)
class _Kept:
    """A translated text as one commit holds it."""
    order: int  # place in git log, oldest first; the working tree is last
    version: str | None  # the notice version in that commit's tree (None: unknown)
    item: object  # a Text, or notice.yml's (Text, variables, site_variables)
    commit: str = ""  # "" for the working tree's (held to check's rules already)


def _unreadable(problems: list[Problem], target: Path, shown: Path):
    """A committed translation check could not read (its first problem, at
    the file's path in notices/), to be said; None when there was none."""
    if not problems:
        return None
    problem = problems[0]
    path = shown if Path(problem.path) == target else problem.path
    return None, None, "unreadable", Problem(path, problem.line, problem.message, problem.fix)


class Archive:
    """Every translated text ever committed (and the working tree's), by
    language, site, id and the source fingerprint it translates.

    The translation of version V is, of the texts naming V's source text,
    the newest committed while V (or an earlier version) was the notice's
    version in that commit's tree: a later commit that rewrites a text but
    keeps its `translates:` line (work towards V+1) never rewrites V's
    history. A version translated only after the fact (every text naming
    it committed under a later version) takes the first of those."""

    def __init__(self, versions: list[str] | None = None):
        self.texts: dict[tuple[str, str, str, str], list[_Kept]] = {}
        self.metas: dict[tuple[str, str], list[_Kept]] = {}  # (language, fingerprint) -> notice.yml
        self.rank = {version: n for n, version in enumerate(versions or [])}
        # (language, domain, id) -> (order, version, present) per commit that added, changed or deleted
        # its file: whether the piece had a translation in the tree when a version was published
        self.presence: dict[tuple[str, str, str], list[tuple[int, str | None, bool]]] = {}
        # Committed texts not used, one line each: history cannot be edited, so a text that
        # fails check's rules is that version's translation missing, and said (never a crash).
        self.warnings: dict[tuple, Problem] = {}
        # (language, domain, id) -> (order, version, text or None) per commit that set the piece's file
        # (id "notice": notice.yml's (Text, variables, site_variables)); None: no usable text from then on.
        # What each version was published with (as_published), whichever source text it names.
        self.committed: dict[tuple[str, str, str], list[tuple[int, str | None, object]]] = {}
        # Source texts by fingerprint (SourceTexts, given by check): how stale a text published stale was.
        self.sources = None

    def vetted(self) -> list[Problem]:
        """The committed texts not used, sorted: one warning each."""
        return sorted(self.warnings.values())

    def _keep(self, into: dict, key: tuple, order: int, version: str | None, item, commit: str = "") -> None:
        into.setdefault(key, []).append(_Kept(order, version, item, commit))

    def add_translation(self, translation: Translation, order: int, version: str | None) -> None:
        if translation.notice and translation.notice.translates:
            self._keep(self.metas, (translation.language, translation.notice.translates), order, version,
                       (translation.notice, translation.variables, translation.site_variables))
        for text in translation.sections.values():
            if text.translates:
                self._keep(self.texts, (translation.language, "", text.id, text.translates), order, version, text)
        for domain, texts in translation.overrides.items():
            for text in texts.values():
                if text.translates:
                    self._keep(self.texts, (translation.language, domain, text.id, text.translates), order,
                               version, text)

    @classmethod
    def build(cls, project_root: Path | None, notices: Path, current: dict[str, Translation],
              versions: list[str] | None = None, current_version: str | None = None,
              sources: "SourceTexts | None" = None) -> "Archive":
        """From git history (oldest first), then the working tree (under
        `current_version`); `versions` are the notice's versions, oldest first;
        `sources` every source text committed (to judge a text published stale)."""
        archive = cls(versions)
        archive.sources = sources
        if project_root is not None:
            archive._from_git(project_root, notices)
        for translation in current.values():
            archive.add_translation(translation, 1 << 60, current_version)
        return archive

    def _from_git(self, project_root: Path, notices: Path) -> None:
        import os
        import tempfile
        from pathlib import PurePosixPath

        from .gitlog import Git
        from .history import version_of

        with Git(project_root) as git:
            head = git.head()
            if not head:
                return
            prefix = PurePosixPath(os.path.relpath(notices.resolve(), git.root.resolve())).as_posix()
            base = f"{prefix}/{FOLDER}/"
            read: dict[tuple[str, str], object] = {}  # (path, blob) -> what it holds, read once
            pieces: dict[str, tuple[str, str, str]] = {}  # path -> the piece its last text translated
            holds: dict[str, tuple[str, str, str]] = {}  # path -> the piece it last held, notice.yml too
            versions: dict[str, str | None] = {}  # notice.yml blob -> its version
            with tempfile.TemporaryDirectory(prefix="noticegen-translations-") as work:
                root = Path(work) / "notices"
                # Every line: a translation of an earlier version may sit on a merged branch.
                def version_in(sha: str) -> str | None:
                    return _tree_version(git, sha, f"{prefix}/notice.yml", versions, version_of)

                for order, commit in enumerate(git.log(base, head, first_parent=False)):
                    version = None
                    for path, blob in commit.changes.items():
                        if not path.startswith(base):
                            continue
                        if not blob:  # deleted: from this commit on, the piece has no translation there
                            if path in pieces or path in holds:
                                version = version_in(commit.sha) if version is None else version
                            if path in pieces:
                                self.presence.setdefault(pieces.pop(path), []).append((order, version, False))
                            if path in holds:
                                self._hold(holds.pop(path), order, version, None)
                            continue
                        if (path, blob) not in read:
                            with committed_versions():  # what was committed is read whole
                                read[(path, blob)] = self._read_blob(git, root, notices, prefix, path, blob)
                        found = read[(path, blob)]
                        if found is not None and found[2] == "unreadable":  # left out, and said (README)
                            self._refuse(found[3], commit.sha)
                            found = None
                        piece = None if found is None else (found[0][0], "", NOTICE_ID) if found[2] == "meta" \
                            else found[0][:3]
                        if path in holds and holds[path] != piece:  # the file no longer holds that piece's text
                            version = version_in(commit.sha) if version is None else version
                            self._hold(holds.pop(path), order, version, None)
                        if found is None:
                            continue
                        key, item, kind, trouble = found
                        version = version_in(commit.sha) if version is None else version
                        holds[path] = piece
                        if trouble:
                            self._refuse(trouble, commit.sha)
                            self._hold(piece, order, version, None)
                            continue
                        self._hold(piece, order, version, item)
                        self._keep(self.metas if kind == "meta" else self.texts, key, order, version, item,
                                   commit.sha)
                        if kind == "text":
                            pieces[path] = key[:3]
                            self.presence.setdefault(key[:3], []).append((order, version, True))

    def _hold(self, piece: tuple[str, str, str], order: int, version: str | None, item) -> None:
        self.committed.setdefault(piece, []).append((order, version, item))

    def as_published(self, language: str, notice: Notice, site) -> Translation | None:
        """The translation version V (`notice`, a committed version's) was
        published with while it was the notice's version, or None when it
        was not published in `language` then (its title and summary were not
        translated for it by the last commit made under V or an earlier
        version). Each piece is its translation naming V's source text
        (translation_of: a later one, back-filled, included), else the text
        the piece's file held in that last commit: stale, shown under its
        note. From git alone: the same commit gives the same pages."""
        from .variables import builtin_values

        rank = self.rank.get(notice.meta.version)
        if rank is None:
            return None

        def held(piece: tuple[str, str, str]):
            events = [item for _, at, item in self.committed.get(piece, []) if at in self.rank
                      and self.rank[at] <= rank]
            return events[-1] if events else None

        meta = held((language, "", NOTICE_ID))
        if meta is None or not translates_version(meta[0], notice, self.sources):
            return None
        chosen = self.translation_of(language, notice, site)
        sections, overrides = dict(chosen.sections), {d: dict(t) for d, t in chosen.overrides.items()}
        variables = {**meta[1], **meta[2].get(site.domain, {})}
        known = set(builtin_values(notice.meta)) | set(notice.meta.variables) | set(site.variables) | set(variables)
        for section in notice.texts():
            domain = site.domain if section.id in site.overrides else ""
            into = overrides.setdefault(domain, {}) if domain else sections
            if section.id in into:
                continue
            text = held((language, domain, section.id))
            kept = next((k for k in self.texts.get((language, domain, section.id, text.translates), [])
                         if k.item is text), None) if text is not None else None
            if kept is not None and self._usable(kept, known):
                into[section.id] = text
        return Translation(language, chosen.root, chosen.notice or meta[0], chosen.variables or meta[1],
                           chosen.site_variables or meta[2], sections, {d: t for d, t in overrides.items() if t})

    def _refuse(self, problem: Problem, commit: str) -> None:
        """Say that a committed text is not used, naming the commit and the file's line."""
        message = (f"the translation committed in {commit[:10]} is left out ({problem.message}): the version it "
                   "translates takes another committed text naming the same source text, or is not translated")
        self.warnings.setdefault((str(problem.path), problem.line, message),
                                 Problem(problem.path, problem.line, message,
                                         "history cannot be changed: commit a corrected translation of that "
                                         "version's text, or leave it untranslated"))

    @staticmethod
    def _read_blob(git, root: Path, notices: Path, prefix: str, path: str, blob: str):
        """(key, item, kind, problem) of one committed translation file, or None;
        `problem`: the first rule of check's it breaks that holds whatever the version."""
        from pathlib import PurePosixPath

        relative = PurePosixPath(path).relative_to(f"{prefix}")
        parts = relative.parts  # translations, <language>, ...
        if len(parts) < 3:
            return None
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(git.read_blob(blob))
        problems: list[Problem] = []
        language, shown = parts[1], notices / relative
        if parts[2] == "notice.yml" and len(parts) == 3:
            found = _read_meta(target, root, problems)
            if found[0] and found[0].translates and not problems:
                return ((language, found[0].translates), (replace(found[0], path=shown), found[1], found[2]), "meta",
                        _archived_problem(target, shown, None))
            return _unreadable(problems, target, shown)
        domain = parts[3] if len(parts) == 5 and parts[2] == "sites" else ""
        if len(parts) != 3 and not domain:
            return None
        text = _read_preamble(target, root, problems) if parts[2] == PREAMBLE_FILE \
            else _read_text_file(target, root, problems, domain)
        if text and text.translates and not problems:
            return ((language, domain, text.id, text.translates), replace(text, path=shown), "text",
                    _archived_problem(target, shown, text))
        return _unreadable(problems, target, shown)

    def _chosen(self, kept: list[_Kept] | None, version: str | None, known: set[str] | None = None):
        """Of the texts naming a version's source, the one that is its
        translation (see the class): the newest committed under it or an
        earlier version, else the first committed after the fact. With
        `known` (the variables that version and site define), a committed
        text using another is not used, and said."""
        if known is not None and kept:
            kept = [k for k in kept if self._usable(k, known)]
        if not kept:
            return None
        rank = self.rank.get(version) if version is not None else None
        if rank is None:
            return kept[-1].item
        under = [k for k in kept if k.version in self.rank and self.rank[k.version] <= rank]
        return under[-1].item if under else kept[0].item

    def translation_of(self, language: str, notice: Notice, site) -> Translation:
        """The translation of this notice (a version's) as `site` shows it:
        for each piece, the text that is that version's (missing pieces left out)."""
        from .variables import builtin_values

        version = notice.meta.version
        meta = self._chosen(self.metas.get((language, notice_fingerprint(notice))), version)
        variables = {**(meta[1] if meta else {}), **(meta[2].get(site.domain, {}) if meta else {})}
        known = set(builtin_values(notice.meta)) | set(notice.meta.variables) | set(site.variables) | set(variables)
        sections: dict[str, Text] = {}
        overrides: dict[str, dict[str, Text]] = {}
        texts = list(notice.texts())
        for section in texts:
            own = site.overrides.get(section.id)
            if own is not None:
                found = self._chosen(self.texts.get((language, site.domain, section.id, section_fingerprint(own))),
                                     version, known)
                if found:
                    overrides.setdefault(site.domain, {})[section.id] = found
                continue
            found = self._chosen(self.texts.get((language, "", section.id, section_fingerprint(section))), version,
                                 known)
            if found:
                sections[section.id] = found
        return Translation(language, notice.root / FOLDER / language, meta[0] if meta else None,
                           meta[1] if meta else {}, meta[2] if meta else {}, sections, overrides)


    def translated_by(self, language: str, domain: str, section_id: str, version: str) -> bool:
        """Whether the piece had a translation (of any source text) in the
        last commit made while `version`, or an earlier one, was the
        notice's: a version without its translation of the piece published
        it out of date (a stale text under its note), not missing."""
        rank = self.rank.get(version)
        if rank is None:
            return False
        events = [present for _, at, present in self.presence.get((language, domain, section_id), [])
                  if at in self.rank and self.rank[at] <= rank]
        return bool(events) and events[-1]

    def _usable(self, kept: _Kept, known: set[str]) -> bool:
        """Whether a kept text's variables are all defined (the working tree's were checked)."""
        from . import variables

        text = kept.item
        if not kept.commit or not isinstance(text, Text):
            return True
        problems = variables.problems_in(text.title, text.path, 1, known) + \
            variables.problems_in(text.body, text.path, text.body_line, known)
        if problems:
            self._refuse(problems[0], kept.commit)
        return not problems


def _archived_problem(target: Path, shown: Path, text: Text | None) -> Problem | None:
    """The first of check's rules on a translation's own file that a
    committed one breaks, whichever version it translates: a placeholder
    left in (FILL IN), unsafe markup, a malformed variable."""
    from . import placeholders, variables

    found = placeholders.problems_in_files([target])
    if text is not None:
        found += safety.problems_in(text.body, shown, text.body_line)
        found += [p for p in variables.problems_in(text.body, shown, text.body_line, set())
                  if p.message.startswith("malformed")]
    return replace(found[0], path=shown) if found else None


def _tree_version(git, sha: str, meta_path: str, cache: dict, version_of) -> str | None:
    """The notice version in commit `sha`'s tree (notice.yml read once per blob)."""
    blob = git.tree(sha, meta_path).get(meta_path)
    if blob is None:
        return None
    if blob not in cache:
        cache[blob] = version_of(git.read_blob(blob), meta_path)
    return cache[blob]
