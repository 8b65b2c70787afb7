"""Versions an author must decide: significant only by words the detector
cannot judge (a rewording that names no practice, changes no guarded word),
and no `significant:` declared in notices/notice.yml.

`check` and `release` stop on them, one line per section pointing at the
reworded words; every other command says them as warnings and counts the
version significant, as it did before the detector could tell (README,
"Significant changes"). The decision is the declaration that already
exists: `significant: true`, or `significant: false` with
`override_reason:`."""
from __future__ import annotations

from pathlib import Path

from .problems import Problem

QUOTE = "'{}'"  # plain quotes: the line is read in terminals and CI logs
DECIDE = ("read it, then declare significant: true, or significant: false with override_reason, "
          "in notices/notice.yml (or noticegen release --minor --override-reason \"...\")")


MUST_DECIDE = "an author must decide"
UNSURE_WORDS = "reworded in words noticegen cannot judge"


def unsure_sections(assessment, quote: str = "“{}”") -> list[dict]:
    """The sections of a version the detector cannot judge, once each:
    id, title and the words exchanged (for authors and counsel, never for
    visitors). Empty when the version is significant by a judged reason too."""
    if not assessment.detected.unsure:
        return []
    found, seen = [], set()
    for reason in assessment.detected.reasons:
        if reason.section not in seen:
            seen.add(reason.section)
            found.append({"section": reason.section, "title": reason.title, "words": reason.reworded(quote=quote)})
    return found


def undecided_problems(assessment, notice, site) -> list[Problem]:
    """One problem per section of an undecided version's unsure reasons."""
    if not assessment.undecided:
        return []
    texts = {text.id: text for text in notice.texts()} | dict(site.overrides)
    problems, seen = [], set()
    for reason in assessment.detected.reasons:
        if reason.section in seen:
            continue
        seen.add(reason.section)
        text = texts.get(reason.section)
        path, line = (text.path, _line_of(text, (*reason.added, *reason.removed))) if text is not None \
            else (notice.meta.path, 0)
        problems.append(Problem(path, line, f"section '{reason.section}' is reworded in words noticegen cannot "
                                f"judge ({reason.reworded(quote=QUOTE)}): {DECIDE}"))
    return problems


def _line_of(text, quotes) -> int:
    """The file line where the first quoted words stand (the words as the
    reader quotes them, so their first three are looked for), else the
    line the section's text starts on."""
    try:
        lines = Path(text.path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return text.body_line
    for quote in quotes:
        start = " ".join(quote.split()[:3]).rstrip("…")
        for number, line in enumerate(lines, 1):
            if start and start in " ".join(line.split()) and number >= text.body_line:
                return number
    return text.body_line
