"""`{{ name }}` variables in section text, filled per site.

Values come from three places, later ones winning: the built-in values taken
from the notice metadata (controller_*, postal_address, notice_title...), the
notice's own `variables:`, then the site's `variables:`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

# An email address inside text (contact details are what variables are for).
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{\{([^{}\n]*)\}\}")  # no braces inside: linear on a line of {{{{
NAME = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*$")


@dataclass(frozen=True)
class Use:
    name: str | None  # None when the placeholder is malformed
    text: str  # the placeholder as written
    line: int  # 0-based line within the text


def uses(text: str) -> list[Use]:
    found = []
    for number, line in enumerate(text.split("\n")):
        for match in PLACEHOLDER.finditer(line):
            name = NAME.match(match.group(1))
            found.append(Use(name.group(1) if name else None, match.group(0), number))
        stray = PLACEHOLDER.sub("", line)
        if "{{" in stray or "}}" in stray:
            found.append(Use(None, "{{" if "{{" in stray else "}}", number))
    return found


def problems_in(text: str, path: Path, first_line: int, known: set[str], where: str = "") -> list[Problem]:
    """Malformed placeholders and names not in `known`, with file lines."""
    result = []
    for use in uses(text):
        line = first_line + use.line
        if use.name is None:
            result.append(Problem(path, line, f"malformed variable {use.text!r}",
                                  "write variables as {{ name }} with a lower-case name"))
        elif use.name not in known:
            suggestion = ", ".join(sorted(known)) or "none"
            result.append(Problem(path, line, f"unknown variable {{{{ {use.name} }}}}{where}",
                                  f"define it under `variables:` in notices/notice.yml or the site; "
                                  f"known: {suggestion}"))
    return result


class UnfilledVariable(ValueError):
    """A placeholder `fill` cannot fill: malformed, or a name with no value.
    `check` reports these with their lines; commands that read a revision
    `check` never saw (review, diff) meet them here."""


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder; multi-line values keep their lines as
    Markdown hard line breaks. Callers check names first (`problems_in`);
    one that did not gets `UnfilledVariable`, never a wrong text."""
    def replace(match: re.Match) -> str:
        name = NAME.match(match.group(1))
        if name is None or name.group(1) not in values:
            raise UnfilledVariable(match.group(0))
        value = values[name.group(1)]
        return "  \n".join(line.strip() for line in value.strip().split("\n"))
    return PLACEHOLDER.sub(replace, text)


def builtin_values(meta) -> dict[str, str]:
    """Values every notice provides, from its metadata."""
    controller = meta.controller
    return {
        "notice_title": meta.title,
        "controller_name": controller.name,
        "controller_address": controller.address,
        "controller_email": controller.email,
        "controller_phone": controller.phone,
        "postal_address": f"{controller.name}\n{controller.address}",
    }
