"""Is a change between two versions significant, and why?

A change is minor only when every changed word is explained by an edit that
cannot change what the notice says; whatever is left unexplained is
significant, with a reason that quotes it. Explainable rules, not a score:

- reading.py   what cannot change meaning is taken out before comparing:
               markup, HTML, comments, attribute lists, link targets, URLs
               (their host stays), typography, case, contractions, spelling
               variants, inflections, abbreviations, spelled-out numbers,
               thousands separators, safe phrase rewrites, synonyms.
- explain.py   sections are matched by id, then by content; sentences that
               are the same cancel out across the whole notice (moved text),
               and a sentence moved to another section and reworded (or
               reworded inside a paragraph that moved) is compared where it
               went (what its rewording changed is said of both sections,
               unless it went into a new section); the rest is diffed word by word and each
               changed run is explained by safe edits: date, copyright and
               licence lines, change-log entries, a heading renamed (words
               the text has, or that claim nothing: no name, negation,
               number or legal term), link text reworded (also in pieces,
               or grown by a word naming the page), typos (as normalised
               or as written), abbreviations, prepositions exchanged or
               dropped, sentences split or merged with "and", words moved
               within a sentence, a lone word the sentence says anyway,
               reordering, pointers ("learn more", a section of links),
               moved runs, duplicates, the company named or said "we".
               Negations, modals, qualifiers, words of relation and
               quantity, numbers and addresses are never explained away.
- reasons.py   the residue as Reasons: section, category, rule and quoted
               words for authors; a plain line for visitors, with a legal
               category only where the changed words themselves name it.

The vocabularies are data (generator/data/significance.yml, extended by
notices/significance.yml), not code.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import cache as stored
from ..placeholders import is_placeholder

from ..diff import NoticeDiff
from .explain import Part, compare
from .reasons import Reason, Verdict, reasons_for, section_changes, section_lines, sure_categories, telling
from .vocabulary import (DEFAULT_VOCABULARY, PROJECT_VOCABULARY, Vocabulary, VocabularyError,
                         load_vocabulary)
from .reading import normalise_words

__all__ = ["assess", "assess_text", "assess_parts", "assess_versions", "load_vocabulary", "normalise",
           "Assessment", "Verdict", "Reason", "Vocabulary", "VocabularyError", "Part", "section_lines",
           "section_changes", "telling", "sure_categories", "DEFAULT_VOCABULARY", "PROJECT_VOCABULARY"]


def normalise(text: str, vocabulary: Vocabulary) -> list[str]:
    """The words of `text` as the detector compares them."""
    return normalise_words(text, vocabulary)


def assess_parts(old_parts: list[Part], new_parts: list[Part], vocabulary: Vocabulary,
                 names: tuple = ()) -> list[Reason]:
    """Reasons why changing the sections `old_parts` into `new_parts` is
    significant (none: minor). `names`: the controller's names, if known."""
    reasons: list[Reason] = []
    residues = compare(old_parts, new_parts, vocabulary, names)
    material = {p.id for p in (*old_parts, *new_parts) if p.material}
    flagged = set()
    for residue in residues:
        found = reasons_for(residue, vocabulary)
        reasons += found
        flagged.update(r.section for r in found)
    old_by_id = {p.id: p for p in old_parts}
    for part in new_parts:
        if part.id in material and part.id not in flagged and part.id in old_by_id \
                and (old_by_id[part.id].title, old_by_id[part.id].body) != (part.title, part.body):
            reasons.append(Reason(part.id, part.title, "structure", "A section marked material changed",
                                  "a section marked material changed", (),
                                  "changes a section the authors marked as always significant", True))
    return reasons


def assess_text(old: str, new: str, vocabulary: Vocabulary, section: str = "", title: str = "",
                material: bool = False) -> list[Reason]:
    """Reasons why changing one section's text `old` into `new` is significant."""
    sid = section or "section"
    return assess_parts([Part(sid, title, old, material)], [Part(sid, title, new, material)], vocabulary)


def _parts(text) -> list[Part]:
    material = {section.id for section, _ in text.sections if section.material}
    parts = [Part("preamble", "Introduction", text.preamble)] if text.preamble else []
    return parts + [Part(section.id, section.title, body, section.id in material) for section, body in text.sections]


def assess(diff: NoticeDiff, vocabulary: Vocabulary, cache: dict | None = None) -> Verdict:
    """The verdict for a whole notice diff, with every reason. `cache` keeps
    verdicts by the texts compared: sites showing the same texts share them."""
    old_parts, new_parts = _parts(diff.old), _parts(diff.new)
    names = tuple(n for n in (diff.old.notice.meta.controller.name, diff.new.notice.meta.controller.name) if n)
    key = ("significance", id(vocabulary), tuple(old_parts), tuple(new_parts), names)
    if cache is not None and key in cache:
        reasons = cache[key]
    else:
        reasons = stored.cached(
            "significance", ([_fields(p) for p in old_parts], [_fields(p) for p in new_parts],
                             list(names), stored.vocabulary_digest(vocabulary)),
            lambda: tuple(assess_parts(old_parts, new_parts, vocabulary, names)),
            encode=lambda found: [dataclasses.asdict(reason) for reason in found], decode=_reasons)
        if cache is not None:
            cache[key] = reasons
    reasons = reasons + tuple(_controller_reasons(diff, vocabulary))
    return Verdict(bool(reasons), reasons)


def _fields(part: Part) -> list:
    """A part's fields for the cache key (dataclasses.astuple deep-copies
    every text first: a tenth of planning fifty sites)."""
    return [part.id, part.title, part.body, part.material]


def _reasons(data) -> tuple[Reason, ...]:
    """Reasons read back from the persistent cache, their shape checked."""
    fields = {field.name: field.type for field in dataclasses.fields(Reason)}
    found = []
    for item in data:
        if set(item) != set(fields):
            raise ValueError("not a reason")
        values = {}
        for name, value in item.items():
            kind = str(fields[name])
            if kind.startswith("tuple"):
                if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
                    raise ValueError("not a reason")
                value = tuple(value)
            elif not isinstance(value, bool if kind == "bool" else str):
                raise ValueError("not a reason")
            values[name] = value
        found.append(Reason(**values))
    return tuple(found)


def _controller_reasons(diff: NoticeDiff, vocabulary: Vocabulary) -> list[Reason]:
    old, new = diff.old.notice.meta.controller, diff.new.notice.meta.controller
    if not (old.name or old.address) or not (new.name or new.address):
        return []  # a notice without controller metadata (older layouts)
    changed = [field for field in ("name", "address", "email", "phone")
               if getattr(old, field) != getattr(new, field) and not _placeholder_in(old, new, field)]
    if not changed:
        return []
    plain = "changes who is responsible for your information or how to reach them: " + ", ".join(
        f"the {field} is now “{_one_line(getattr(new, field))}”" for field in changed if getattr(new, field))
    return [Reason("notice", "Controller", "controller", vocabulary.label("controller"),
                   "the controller's details changed", tuple(changed), plain, True, vocabulary.plain("controller"))]


def _placeholder_in(old, new, field: str) -> bool:
    """A placeholder is no value yet: filling it in changes nothing anyone was told."""
    return is_placeholder(getattr(old, field)) or is_placeholder(getattr(new, field))


def _one_line(value: str) -> str:
    """A multi-line value (an address) as one line of a plain sentence."""
    return ", ".join(line.strip() for line in value.splitlines() if line.strip())


# Versions ----------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    """A version's change as the detector saw it and as the authors declared it."""

    detected: Verdict
    declared: bool | None = None
    override_reason: str = ""
    first: bool = False  # the first version: nothing to compare with

    @property
    def significant(self) -> bool:
        return self.declared if self.declared is not None else self.detected.significant

    @property
    def undecided(self) -> bool:
        """Significant only by words the detector cannot judge, and no
        `significant:` declared: check fails until an author decides; every
        output counts it significant meanwhile."""
        return self.declared is None and not self.first and self.detected.unsure

    @property
    def needs_override(self) -> bool:
        """Declared minor, detected significant, and no written reason."""
        return self.declared is False and self.detected.significant and not self.override_reason

    def to_json(self) -> dict:
        return {"significant": self.significant, "detected": self.detected.significant,
                "unsure": self.detected.unsure, "undecided": self.undecided, "declared": self.declared, "override_reason": self.override_reason or None,
                "reasons": [reason.to_json() for reason in self.detected.reasons]}


def assess_versions(entries, vocabulary: Vocabulary, diffs: dict) -> dict[str, Assessment]:
    """Assessment of each version of one site against the one before
    (`entries` are history.SiteVersion, oldest first; `diffs` a shared cache)."""
    from ..diff import cached_diff

    result = {}
    for index, entry in enumerate(entries):
        meta = entry.version.notice.meta
        if index == 0:
            result[entry.version.version] = Assessment(Verdict(False), meta.significant, meta.override_reason, True)
            continue
        before = entries[index - 1]
        verdict_key = ("verdict", id(vocabulary), before.fingerprint, entry.fingerprint)
        if verdict_key not in diffs:
            diffs[verdict_key] = assess(cached_diff(diffs, before, entry), vocabulary, diffs)
        result[entry.version.version] = Assessment(diffs[verdict_key], meta.significant, meta.override_reason)
    return result
