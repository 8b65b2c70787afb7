"""Reasons: what is left unexplained, said for two audiences.

Authors (CLI `diff`, preview, `history --format json`) get the section, the
legal category, the rule and the words quoted as written. Visitors (the
public changes pages, emails) get `plain`: a short line in ordinary words,
and a category only where the detector is sure of it (`sure`: the changed
words themselves are terms of that category, or the rule says it, as an
email address does for the controller's contact).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .explain import Entry, Residue, word_runs
from .reading import CAPITAL, MONTHS, TARGET

NEGATION_RULE = "a negation or modal word changed"
QUALIFIER_RULE = "a qualifier or word of relation or quantity changed"
NUMBER_RULE = "a number changed"
CONTACT_RULE = "a contact address changed"
TEXT_RULE = "words no safe edit explains"
UNSURE_LABEL = "reworded in words the detector cannot judge"
DURATION_UNITS = {"day", "week", "month", "year", "hour", "minut", "second"}  # as stemmed
AGE_HINTS = {"age", "old", "child", "minor", "under"}
PHONE = re.compile(r"^\+?\d+(?:[-.]\d+){2,}$")  # 1-800-555-0199
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")  # 37signals is a name, not a number


@dataclass(frozen=True)
class Reason:
    section: str  # section id ("notice" for the notice metadata)
    title: str
    category: str
    label: str  # what the category means, in a legal reader's words
    rule: str
    words: tuple[str, ...]  # the words quoted, new ones first
    plain: str = ""  # for visitors: what changed, in ordinary words
    sure: bool = False  # the category is certain (not guessed from the sentence around)
    about: str = ""  # the category in a visitor's words, when sure
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    old_section: str = ""  # the section's id in the old version, when it changed
    unsure: bool = False  # words no safe edit explains that name no practice and change no guarded word

    def describe(self) -> str:
        if self.unsure:
            return f"{self.title}: {UNSURE_LABEL}: {self.reworded()}"
        words = ", ".join(f"“{w}”" for w in self.words[:6])
        return f"{self.title}: {self.label} ({self.rule}{': ' + words if words else ''})"

    def reworded(self, quote: str = "“{}”") -> str:
        """The words exchanged, old → new, each the first of its side, shortened."""
        old, new = (quote.format(_short(side[0], 12)) if side else "(nothing)" for side in (self.removed, self.added))
        return f"{old} → {new}"

    def to_json(self) -> dict:
        return {"section": self.section, "title": self.title, "category": self.category,
                "label": self.label, "rule": self.rule, "words": list(self.words),
                "plain": self.plain, "sure": self.sure, "about": self.about, "unsure": self.unsure,
                **({"old_section": self.old_section} if self.old_section else {})}


@dataclass(frozen=True)
class Verdict:
    significant: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def unsure(self) -> bool:
        """Significant only by words the detector cannot judge: an author
        decides (until then it counts as significant, as before)."""
        return self.significant and all(reason.unsure for reason in self.reasons)

    @property
    def categories(self) -> list[str]:
        return sorted({reason.category for reason in self.reasons})


# From residues --------------------------------------------------------------

def reasons_for(residue: Residue, vocabulary) -> list[Reason]:
    if not residue.old and not residue.new:
        return []
    reasons: list[Reason] = []
    context = _context_units(residue)
    topic, clear = _topic(context, vocabulary)
    if residue.kind == "added-section":
        reasons.append(_structure(residue, vocabulary, "A section was added", "section added", topic))
    elif residue.kind == "removed-section":
        reasons.append(_structure(residue, vocabulary, "A section was removed", "section removed", topic))
    whole = residue.kind in ("added-section", "removed-section")  # every word is new (or gone)
    entries = residue.old + residue.new
    contacts = [e for e in entries if "@" in e.word or PHONE.match(e.word)]
    negations = [e for e in entries if e.word in vocabulary.negations] if not whole else []
    qualifiers = [e for e in entries if e.word in vocabulary.qualifiers and e.word not in vocabulary.negations] \
        if not whole else []
    # Membership by identity: an entry's == compares its whole sentence, and a list's `in` made a line
    # of 20,000 numbers take minutes.
    contact_ids = {id(e) for e in contacts}
    new_ids = {id(e) for e in residue.new}
    numbers = [e for e in entries if NUMBER.fullmatch(e.word) and id(e) not in contact_ids] if not whole else []
    category, sure = _category(entries, vocabulary)

    special = {id(e) for e in negations + qualifiers + numbers + contacts}
    rest = [e for e in entries if id(e) not in special]

    def add(rule, chosen, category_, sure_):
        if rule == NUMBER_RULE:  # a number with its unit: "25 months"
            added = tuple(dict.fromkeys(_with_unit(e) for e in chosen if id(e) in new_ids))
            removed = tuple(dict.fromkeys(_with_unit(e) for e in chosen if id(e) not in new_ids))
        elif rule == TEXT_RULE:  # the words left once negations, qualifiers, numbers are said
            added = tuple(_quote_runs([e for e in residue.new if id(e) not in special]))
            removed = tuple(_quote_runs([e for e in residue.old if id(e) not in special]))
        else:
            added = tuple(_quotes_with(residue.new, chosen))
            removed = tuple(_quotes_with(residue.old, chosen))
        words = tuple(_surface(e) for e in chosen) if chosen else tuple(_short(q, 20) for q in (*added, *removed))
        about = vocabulary.plain(category_) if sure_ else ""
        unsure = rule == TEXT_RULE and not whole and not judgeable(rest, vocabulary)
        reasons.append(Reason(residue.section, residue.title, category_, vocabulary.label(category_), rule,
                              tuple(dict.fromkeys(words)), _clause(about, added, removed), sure_, about,
                              added, removed, residue.old_section, unsure))

    if negations:
        add(NEGATION_RULE, negations, topic or category or "purposes", clear)
    if qualifiers:
        add(QUALIFIER_RULE, qualifiers, topic or category or "purposes", clear)
    if numbers:
        role, number_sure = _number_role(numbers, context, topic, vocabulary)
        add(NUMBER_RULE, numbers, role, number_sure)
    if contacts:
        add(CONTACT_RULE, contacts, "controller", True)
    if rest and not all(e.word in vocabulary.ignorable or e.word in vocabulary.function_words
                        or e.word in vocabulary.prepositions and e.word not in vocabulary.agents
                        for e in rest):  # a preposition naming who acts is said ("by" -> "with")
        chosen_category = category if sure else (topic or category or "scope")
        add(TEXT_RULE, [], chosen_category, sure)
    return reasons


NEAR_TERM = 2  # words compared between a changed word and a practice term it may qualify ("correction of inaccurate")


def judgeable(entries: list[Entry], vocabulary) -> bool:
    """Whether the detector can judge these changed words (those that are
    not negations, qualifiers or numbers, said by their own rules): any is
    part of a practice term of the vocabulary where it stands ("third" in
    "third parties") or within NEAR_TERM compared words of one ("precise
    geolocation", "purchases you've made"), part of a qualifier phrase
    ("where appropriate"), a name (a capital inside a sentence) or a link's
    site, or words were only added or dropped (a list item added says
    something new). What is left, words exchanged for others naming none
    of these, is a rewording it cannot judge: unsure, for an author to read."""
    for entry in entries:
        if entry.flags & (TARGET | CAPITAL) or not entry.exchanged:
            return True
        words = entry.unit.words
        low, high = _near(words, entry.index, vocabulary.ignorable)
        for start in range(max(0, low - vocabulary.longest_term + 1), high + 1):
            for term, _ in vocabulary.terms_by_first.get(words[start], ()):
                if start + len(term) > low and tuple(words[start:start + len(term)]) == term:
                    return True
        for start in range(max(0, entry.index - 5), entry.index + 1):
            for phrase in vocabulary.qualifier_phrase_firsts.get(words[start], ()):
                if start + len(phrase) > entry.index and tuple(words[start:start + len(phrase)]) == phrase:
                    return True
    return False


def _near(words: list[str], index: int, ignorable) -> tuple[int, int]:
    """The first and last index within NEAR_TERM compared words of `index`
    (words the diff ignores, "the", "you've", do not count)."""
    low = high = index
    for step, limit in ((-1, -1), (1, len(words))):
        at, counted = index, 0
        while counted < NEAR_TERM and at + step != limit:
            at += step
            counted += words[at] not in ignorable
        if step < 0:
            low = at
        else:
            high = at
    return low, high


def _structure(residue, vocabulary, label, rule, topic) -> Reason:
    added = tuple(_quote_runs(residue.new))[:1]
    removed = tuple(_quote_runs(residue.old))[:1]
    if rule == "section added":
        plain = f"adds a new section, “{residue.title}”"
    else:
        plain = f"removes the section “{residue.title}”"
    return Reason(residue.section, residue.title, "structure", label, rule, (), plain, True, "", added, removed,
                  residue.old_section)


def _context_units(residue: Residue) -> list:
    seen, units = set(), []
    for entry in residue.old + residue.new:
        if id(entry.unit) not in seen:
            seen.add(id(entry.unit))
            units.append(entry.unit)
    return units


def _hits(words: list[str], vocabulary) -> Counter:
    """Terms of each category in `words`, longest first and not overlapping
    ("standard contractual clauses" is a transfer term, not "contractual")."""
    counts: Counter = Counter()
    i = 0
    while i < len(words):
        for term, category in vocabulary.terms_by_first.get(words[i], ()):
            if tuple(words[i:i + len(term)]) == term:
                counts[category] += 1
                i += len(term)
                break
        else:
            i += 1
    return counts


def _topic(units, vocabulary) -> tuple[str | None, bool]:
    """The category the sentences around the change are about, and whether
    that is clear: at least two of its terms, more than twice any other's."""
    counts: Counter = Counter()
    for unit in units:
        counts.update(_hits(unit.words, vocabulary))
    if len(counts) > 1:
        counts.pop("scope", None)
    best = _best(counts, vocabulary)
    if best is None:
        return None, False
    others = [n for c, n in counts.items() if c != best]
    return best, counts[best] >= 2 and counts[best] > 2 * max(others, default=0)


def _best(counts: Counter, vocabulary) -> str | None:
    if not counts:
        return None
    order = list(vocabulary.categories)
    return max(counts, key=lambda c: (counts[c], -order.index(c) if c in order else -99))


def _category(entries: list[Entry], vocabulary) -> tuple[str | None, bool]:
    """The category of the changed words themselves, if they name one."""
    counts: Counter = Counter()
    for run in word_runs(entries):
        counts.update(_hits([e.word for e in run], vocabulary))
    best = _best(counts, vocabulary)
    return best, best is not None


def _number_role(numbers: list[Entry], units, topic, vocabulary) -> tuple[str, bool]:
    for entry in numbers:
        words = entry.unit.words
        after = words[entry.index + 1:entry.index + 3]
        before = words[max(0, entry.index - 2):entry.index]
        if any(w in DURATION_UNITS for w in after):
            if topic in (None, "retention", "data-categories", "purposes", "recipients", "security"):
                return "retention", topic == "retention" or any(
                    w in {"keep", "retain", "delet", "stor", "purg", "eras"} for w in words)
            return topic, False
        if any(w in AGE_HINTS for w in before + after):
            return "data-categories", False
    return topic or "purposes", False


def _with_unit(entry: Entry) -> str:
    unit, index = entry.unit, entry.index
    end = index + 1
    if end < len(unit.words) and unit.words[end].isalpha():
        end += 1
    return unit.quote(index, end)


def _surface(entry: Entry) -> str:
    start, end = entry.unit.spans[entry.index]
    return entry.unit.text[start:end].replace("\x01", "").replace("\x02", "")


def _quotes_with(side: list[Entry], chosen: list[Entry]) -> list[str]:
    """Quotes of the runs of `side` holding a chosen entry (all runs if none chosen)."""
    if not chosen:
        return _quote_runs(side)
    ids = {id(e) for e in chosen}
    return [quote for run in word_runs(side) if any(id(e) in ids for e in run) for quote in _quote_runs(run)]


def _quote_runs(entries: list[Entry]) -> list[str]:
    quotes = []
    for run in word_runs(entries):
        quote = run[0].unit.quote(run[0].index, run[-1].index + 1)
        quote = re.sub(r"^(?:and|&)\s+", "", quote, flags=re.I)  # "and loyalty points": the words added
        if quote and quote not in quotes:
            quotes.append(quote)
    return quotes


# Plain words ---------------------------------------------------------------

def _short(quote: str, words: int = 10) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _clause(about, added, removed) -> str:
    """One plain clause: what the text says now and what it said."""
    def listed(quotes):
        shown = " and ".join(f"“{_short(q)}”" for q in telling(quotes))
        return shown + (" and more" if len(quotes) > 2 else "")

    if added and removed:
        text = f"now says {listed(added)} where it said {listed(removed)}"
    elif added:
        text = f"now says {listed(added)}"
    elif removed:
        text = f"no longer says {listed(removed)}"
    else:
        text = "changed"
    if about:
        text += f", about {about}"
    return text


STRUCTURE, REWRITTEN, CLAUSE, CHANGED = "structure", "rewritten", "clause", "changed"


def section_changes(reasons) -> list[tuple[str, str, str, "Reason | None", list[str]]]:
    """(section id, title, kind, reason, abouts) once per changed section, in
    the order of the reasons: what its line for visitors tells. The kind is
    STRUCTURE (the section added or removed: `reason`), else REWRITTEN (much
    of the section changed; `abouts`: what it is about), else CLAUSE (the
    words changed, or else the detail, a negation or a number: `reason`),
    else CHANGED. `section_lines` says it in English; a page in another
    language says it in its own (history_pages)."""
    by_section: dict[str, list[Reason]] = {}
    titles = {}
    for reason in reasons:
        by_section.setdefault(reason.section, []).append(reason)
        titles.setdefault(reason.section, reason.title)
    changes = []
    for section, found in by_section.items():
        structural = [r for r in found if r.category == "structure" and r.plain]
        text = [r for r in found if r.rule == TEXT_RULE]
        detail = [r for r in found if r.category != "structure" and r.rule != TEXT_RULE and r.plain]
        about = list(dict.fromkeys(r.about for r in found if r.about))
        if structural:
            change = (STRUCTURE, structural[0], about)
        elif text and _rewritten(text[0]):
            change = (REWRITTEN, text[0], about)
        elif text:
            change = (CLAUSE, text[0], about)
        elif detail:
            change = (CLAUSE, detail[0], about)
        else:
            change = (CHANGED, None, about)
        changes.append((section, titles[section], *change))
    return changes


def section_lines(reasons) -> list[tuple[str, str, str]]:
    """(section id, title, plain line) once per changed section, in the
    order of the reasons: what a visitor reads. One clause: the section
    added or removed, else the words changed (or, when much of the section
    changed, that it was rewritten), else the detail (a negation, a number)."""
    lines = []
    for section, title, kind, reason, about in section_changes(reasons):
        if kind == REWRITTEN:
            line = "rewrites much of this section" + (f", about {_listed(about)}" if about else "")
        elif kind == CHANGED:
            line = "changed"
        else:
            line = reason.plain
        lines.append((section, title, line[:1].upper() + line[1:] + "."))
    return lines


def telling(quotes) -> list[str]:
    """The quotes a plain line shows (at most two): the short ones only when nothing longer tells."""
    return ([q for q in quotes if len(q) > 3 or any(c.isdigit() or c.isupper() for c in q)] or list(quotes[:1]))[:2]


def _rewritten(reason: Reason) -> bool:
    quoted = [*reason.added, *reason.removed]
    return len(quoted) > 4 or sum(len(q.split()) for q in quoted) > 40


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def sure_categories(reasons) -> list[str]:
    """The categories the detector is sure of, in a visitor's words."""
    return list(dict.fromkeys(r.about for r in reasons if r.sure and r.about))


def is_month(word: str) -> bool:
    return word in MONTHS
