"""What may be in notices/, so that nothing there is silently left out.

    notices/
      notice.yml, preamble.md, NN-name.md   the notice (see notice.py)
      sites.yml                             the sites (see sites.py)
      significance.yml                      vocabulary added to the detector's
      notifications/<template>              templates (see notifications.py)
      disclosures/<law>.yml                 checklists (see disclosures.py)
      sites/<domain>/*.md                   a site's own sections
      sites/<domain>/notifications/<template>
      translations/<language>/...           translated sections (see translations.py)

A file that looks like text meant for the notice but would not be read
(`03-use.markdown`, `04-use.MD`, `sites.yaml`, a template with a misspelt
name, the folder of a site that sites.yml does not list) is an error; anything else unknown
is a warning. Hidden files (an editor's, the system's) are ignored.
"""
from __future__ import annotations

from pathlib import Path

from .problems import Problem

NOTICE_FILES = {"notice.yml", "preamble.md", "sites.yml", "significance.yml"}
MARKDOWN_LIKE = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt", ".text"}
FOLDERS = {"notifications", "disclosures", "sites", "translations"}  # translations: see translations.py


def layout_problems(notices: Path, domains: set[str] | None,
                    templates: tuple[str, ...]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the files in `notices` that noticegen would not read.
    `domains` None: the sites are not known (sites.yml has a problem), so a
    site's folder is not judged by its name."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for path in _entries(notices):
        if path.suffix == ".md":
            continue  # read_notice reads these, or says why not
        if path.is_dir():
            if path.name not in FOLDERS:
                warnings.append(Problem(path, 0, "folder not read by noticegen",
                                        f"noticegen reads {', '.join(sorted(FOLDERS))} here; move it out of notices/"))
        elif path.suffix.lower() in {".yml", ".yaml"} and path.name not in NOTICE_FILES:
            # A misspelt settings file (sites.yaml, Notice.yml) would leave its settings out unseen.
            errors.append(Problem(path, 0, "settings file not read by noticegen, so its settings would be left out",
                                  f"noticegen reads {', '.join(sorted(n for n in NOTICE_FILES if n.endswith('.yml')))}"
                                  " here: rename it, or move it out of notices/"))
        elif path.name not in NOTICE_FILES:
            _unknown_file(path, errors, warnings, "a section file is named like 030-collection.md")
    for path in _entries(notices / "notifications"):
        _template(path, templates, errors)
    for path in _entries(notices / "disclosures"):
        if path.is_dir() or path.suffix != ".yml":
            errors.append(Problem(path, 0, "not read: checklists are .yml files", "rename it like gdpr.yml"))
    for folder in _entries(notices / "sites"):
        if not folder.is_dir():
            _unknown_file(folder, errors, warnings, "site overrides go in sites/<domain>/")
            continue
        if domains is None:
            continue
        if folder.name not in domains:
            errors.append(Problem(folder, 0, f"folder for site {folder.name}, which notices/sites.yml does not list",
                                  f"rename it to one of {', '.join(sorted(domains))}, or add the site"))
            continue
        for path in _entries(folder):
            if path.is_dir() and path.name == "notifications":
                for template in _entries(path):
                    _template(template, templates, errors)
            elif path.is_dir() or path.suffix != ".md":
                _unknown_file(path, errors, warnings, "a site's own section is a .md file with the id it replaces")
    return errors, warnings


def _entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


def _unknown_file(path: Path, errors: list[Problem], warnings: list[Problem], hint: str) -> None:
    if path.suffix.lower() in MARKDOWN_LIKE:
        errors.append(Problem(path, 0, "not read by noticegen, so its text would be left out",
                              f"{hint} (lower-case .md)"))
    else:
        warnings.append(Problem(path, 0, "file not read by noticegen", hint))


def _template(path: Path, templates: tuple[str, ...], errors: list[Problem]) -> None:
    if path.name not in templates:
        errors.append(Problem(path, 0, "not a notification template noticegen knows, so it would not be used",
                              f"templates are {', '.join(templates)}"))
