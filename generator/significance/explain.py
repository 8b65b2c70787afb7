"""Aligning two versions of a notice and explaining every changed word.

1. Sections are matched by id, then the unmatched ones by content (never by
   the slug of a heading alone): a renamed heading over the same text is the
   same section.
2. Units (headings, sentences, list items, cells) that are the same after
   normalisation cancel out wherever they are in the notice: moved text is
   not a change. Short units (fewer than MOVE_WORDS words) cancel only within
   their own section, where a reordered list item stays a reordering.
   A longer sentence left over in one section that is most like one left
   over in another (reworded on the way) is diffed where it went, and so
   is one reworded beyond recognition between two neighbours that moved
   together (`_align_gaps`); what its rewording changed is said of both
   sections, unless it moved into a section new in this version.
3. What remains of each matched section is diffed word by word, and every
   changed run is explained by safe edits (see `_explain`); runs that moved
   between places cancel out too, and so do a section's own restatements
   (words moved within a sentence, a lone word said anyway, link text
   reworded in pieces, a new section that only lists links).
4. What no safe edit explains is the residue: the words a reason quotes.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .reading import CAPITAL, HEADING, INITIAL, LINK, XREF, Unit, spelling, clean, read_units, split_units, stem

MOVE_WORDS = 4  # a unit or run this long cancels against its copy anywhere in the notice
SECTION_MATCH = 0.5  # share of words two unmatched sections must have in common to be one
POINTER_VERBS = frozenset({"learn", "see", "read", "click", "visit", "review", "find", "go", "autotitl",
                           "documentation", "link", "instruction"})


@dataclass(frozen=True)
class Part:
    """A section as compared: the preamble or a `##` section."""

    id: str
    title: str
    body: str
    material: bool = False


@dataclass
class Entry:
    """One normalised word of a unit, in a diff."""

    word: str
    unit: Unit
    index: int
    # in a run that took the place of other words (not words only added or
    # dropped): set by _diff, read by reasons.judgeable
    exchanged: bool = field(default=False, compare=False, repr=False)

    @property
    def flags(self) -> int:
        return self.unit.flags[self.index]


@dataclass
class Residue:
    """Words of one changed place that no safe edit explains."""

    section: str  # the section id a reason names (the new id, or the old one for a removed section)
    title: str
    old: list = field(default_factory=list)  # Entry
    new: list = field(default_factory=list)
    kind: str = "changed"  # changed | added-section | removed-section
    old_section: str = ""  # the old id, when the section was matched by its content under a new id


def compare(old_parts: list[Part], new_parts: list[Part], vocabulary, names: tuple = ()) -> list[Residue]:
    """Every residue of the change from `old_parts` to `new_parts`. `names`:
    the controller's name as the notice's metadata gives it, if any."""
    old_by_id = {p.id: p for p in old_parts}
    new_by_id = {p.id: p for p in new_parts}
    unchanged = {pid for pid, p in new_by_id.items()
                 if pid in old_by_id and (old_by_id[pid].title, old_by_id[pid].body) == (p.title, p.body)}
    old_units = _units([p for p in old_parts if p.id not in unchanged])
    new_units = _units([p for p in new_parts if p.id not in unchanged])
    pairs = _match_sections(old_by_id, new_by_id, unchanged, old_units, new_units, vocabulary)
    old_of = {new: old for new, old in pairs.items()}
    matched: dict[int, Unit] = {}  # id of a new unit -> the old unit it cancelled against
    context = _Context(old_units, new_units, vocabulary, matched)
    left_old, left_new = _cancel_same_text(old_units, new_units, old_of, matched, context)
    for units in (*left_old.values(), *left_new.values()):
        read_units(units, vocabulary)  # words only for what is left
    _initial_names([*left_old.values(), *left_new.values()], old_parts, new_parts, vocabulary)
    left_old, left_new = _cancel_units(left_old, left_new, old_of, vocabulary, matched, context)
    left_old, left_new = _cancel_blocks(old_units, new_units, left_old, left_new, vocabulary, matched)
    left_old, left_new = _cancel_short_moves(left_old, left_new, old_parts, new_parts, vocabulary, matched)
    moved_in, moves = _align_moved(old_units, new_units, left_old, left_new, old_of, vocabulary, matched, context)
    _align_gaps(old_units, new_units, left_old, left_new, old_of, matched, moved_in, moves)
    _change_log_kept(left_old, new_parts)
    relisted = _relisted(old_units, new_units, old_of, matched, vocabulary) \
        + _realigned_cells(old_units, new_units, matched, vocabulary)
    titles = {p.id: p.title for p in new_parts} | {p.id: p.title for p in old_parts if p.id not in new_by_id}

    title_words = _Lazy(lambda: _title_words(old_parts, new_parts))
    own = _Lazy(lambda: _own_names(old_parts, new_parts, names, vocabulary))
    spelled = _Lazy(lambda: (_written_words(old_parts), _written_words(new_parts)))
    ordinary = _Lazy(lambda: _lowercase_words(new_parts, vocabulary))
    loose_notices = _Lazy(lambda: (_loose_notice(old_parts), _loose_notice(new_parts)))
    pointed_cache: dict = {}
    residues: list[Residue] = []
    for new_id in [p.id for p in new_parts if p.id not in unchanged]:
        old_id = old_of.get(new_id)
        before = left_old.get(old_id, []) if old_id else []
        if new_id in moved_in:  # sentences moved here from other sections, reworded
            before = [u for _, u in sorted([(u.position, u) for u in before] + moved_in[new_id],
                                           key=lambda pair: pair[0])]
        after = left_new.get(new_id, [])
        kind = "changed" if old_id else "added-section"
        residue = Residue(new_id, titles.get(new_id, new_id), kind=kind,
                          old_section=old_id if old_id and old_id != new_id else "")
        body, under = None, None
        for tag, old_run, new_run in _diff(before, after, vocabulary):
            if body is None and any(e.flags & HEADING for e in old_run + new_run):
                read_units(new_units.get(new_id, []), vocabulary)
                texts = [u for u in new_units.get(new_id, []) if u.kind not in ("title", "heading")]
                body = {w for u in texts for w in u.words} | {pair for u in texts for pair in zip(u.words, u.words[1:])}
                under = _under_headings(new_units.get(new_id, []))
            old_left, new_left = _explain(old_run, new_run, vocabulary, body or set(), own, spelled, ordinary,
                                          under=under)
            residue.old += old_left
            residue.new += new_left
        _reordered(residue, vocabulary)
        _repeated_words(residue, vocabulary)
        _former_names(residue, vocabulary)
        _pointer_modals(residue, vocabulary)
        _link_texts(residue, vocabulary, ordinary)
        _abbreviation_heads(residue, vocabulary, loose_notices)
        _pointer_sentences(residue, vocabulary, _Lazy(lambda: _section_words(old_units.get(old_id, []), vocabulary)),
                           functools.partial(_pointed_words, old_parts, title_words, vocabulary, pointed_cache))
        _pointers_in_place(residue, vocabulary, title_words)
        _addressee_named(residue, vocabulary, own)
        _autolinks_named(residue, before, after, vocabulary)
        _giving_restated(residue, vocabulary)
        _audience_as_condition(residue, before, vocabulary)
        _opening_conditions(residue, vocabulary)
        _relation_turned(residue, vocabulary)
        _only_as_exception(residue, vocabulary)
        _only_beside_its_verb(residue, vocabulary)
        _limit_moved(residue, before, after, vocabulary)
        if kind == "changed":
            _qualifier_phrases(residue, before, after, vocabulary)
        if kind == "added-section" and residue.new and _links_only(new_units.get(new_id, []), vocabulary):
            residue.new = []  # a new section that only lists links to other pages: a pointer
        if residue.new and _log_title_only(residue.new, new_units.get(new_id, []), vocabulary):
            residue.new = []  # "## Change log" over change-log entries only: past edits
        residues.append(residue)
    for old_id in [p.id for p in old_parts if p.id not in unchanged and p.id not in set(old_of.values())]:
        residue = Residue(old_id, titles.get(old_id, old_id), kind="removed-section")
        for tag, old_run, new_run in _diff(left_old.get(old_id, []), [], vocabulary):
            residue.old += _explain(old_run, new_run, vocabulary, set(), own, spelled)[0]
        residues.append(residue)
    _cancel_moves(residues, vocabulary, context)
    _cancel_duplicates(residues, new_parts, vocabulary)
    _moved_changes_stay(residues, moves, old_of)
    _relisted_stay(residues, relisted, old_of, vocabulary)
    return residues


LOG_TITLE_WORDS = frozenset({"log", "history"})


def _log_title_only(entries: list[Entry], units: list[Unit], vocabulary) -> bool:
    """What is left is a title ("Change log", "History of changes") over a
    section of change-log entries (and date lines) only."""
    body = [u for u in units if u.kind != "title"]
    if not body or not all(e.unit.kind == "title" for e in entries):
        return False
    read_units(units, vocabulary)
    if not all(u.changelog or u.dateline for u in body):
        return False
    return any(e.word in LOG_TITLE_WORDS for e in entries) and all(
        e.word in LOG_TITLE_WORDS or e.word in vocabulary.date_words or e.word in vocabulary.heading_words
        or e.word in vocabulary.prepositions for e in entries)


def _section_words(units: list[Unit], vocabulary) -> set:
    read_units(units, vocabulary)
    return {w for u in units for w in u.words}


def _phrase_places(units: list[Unit], phrases: dict) -> dict[tuple, list]:
    """Each qualifier phrase of `phrases` (first word -> phrases, longest
    first) -> where the units say it: (unit, index of its first word)."""
    found = defaultdict(list)
    for unit in units:
        if unit.kind == "title" or unit.dateline or unit.changelog:
            continue
        words, i = unit.words, 0
        while i < len(words):
            for phrase in phrases.get(words[i], ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    found[phrase].append((unit, i))
                    i += len(phrase) - 1
                    break
            i += 1
    return found


def _qualifier_phrases(residue: Residue, before: list[Unit], after: list[Unit], vocabulary) -> None:
    """A hedge of several words ("where appropriate", "in some cases", "at
    least") added, dropped or exchanged for another is said, whatever else
    explains its words one by one ("appropriate" written again later in the
    sentence, "applicable" a synonym of a word there): the phrase, not its
    words, is the qualifier."""
    phrases = vocabulary.qualifier_phrase_firsts
    if not phrases:
        return
    old_places, new_places = _phrase_places(before, phrases), _phrase_places(after, phrases)
    for phrase in old_places.keys() | new_places.keys():
        extra = len(new_places.get(phrase, ())) - len(old_places.get(phrase, ()))
        if not extra:
            continue
        side, places = (residue.new, new_places[phrase][-extra:]) if extra > 0 \
            else (residue.old, old_places[phrase][extra:])
        have = {(id(e.unit), e.index) for e in side}
        for unit, start in places:
            for index in range(start, start + len(phrase)):
                if (id(unit), index) not in have and unit.words[index] not in vocabulary.ignorable:
                    side.append(Entry(unit.words[index], unit, index))


CHANGE_LOG_ENTRY = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])?\s*[_*]*(?:[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
                              r"|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+,? \d{4})"
                              r"[_*]*\s*[:\-\u2013]", re.M)
CHANGE_LOG_NAMED = re.compile(r"\bchange[\s-]?logs?\b", re.I)


def _change_log_kept(left_old: dict, new_parts: list[Part]) -> None:
    """Change-log entries are past edits, explained away while the notice
    keeps a change log; when the last entry goes and the new text still
    names its change log ("by revising the change log below"), the removed
    entries are what the notice no longer keeps (rubric: M14)."""
    removed = [u for units in left_old.values() for u in units if u.changelog]
    if not removed or not any(CHANGE_LOG_NAMED.search(p.body) for p in new_parts) \
            or any(CHANGE_LOG_ENTRY.search(p.body) for p in new_parts):
        return
    for unit in removed:
        unit.changelog = False


def _leads(units: list[Unit]) -> dict[int, Unit | None]:
    """id of each list item -> the sentence or heading it stands under: the
    last one before its list (None for a list straight under the title).
    A list's first item ending with a colon leads the items after it ("-
    We may use your information for:" written as the list's first item)."""
    leads, lead, first = {}, None, True
    for unit in units:
        if unit.kind == "item":
            leads[id(unit)] = lead
            if first and _introduces(unit):
                lead = unit
            first = False
        else:
            lead = unit if unit.kind in ("text", "heading") else None
            first = True
    return leads


def _relisted(old_units, new_units, old_of, matched, vocabulary) -> list[tuple[Unit, Unit]]:
    """List items that cancelled against an old item standing under another
    lead-in: moved from "We never share:" to "We share:" (in the section or
    into another), the item says the opposite where it went. Lead-ins are
    headings, titles and sentences ending with a colon, and they must differ
    by a negation, modal or qualifier. Same lead-in:
    the lead-in itself matched (moved with its list), or both lead-ins
    changed in place (the lead-in's edit is judged on its own words)."""
    old_to_new = {id(old): new_id for new_id, old in matched.items()}
    found = []
    old_leads: dict = {}
    for section, units in new_units.items():
        new_leads = None
        for unit in units:
            old = matched.get(id(unit))
            if unit.kind != "item" or old is None or old.kind != "item":
                continue
            if new_leads is None:
                new_leads = _leads(units)
            if old.section not in old_leads:
                old_leads[old.section] = _leads(old_units.get(old.section, []))
            new_lead, old_lead = new_leads[id(unit)], old_leads[old.section].get(id(old))
            if not (_introduces(new_lead) and _introduces(old_lead)):
                continue  # an item of a list broken up or run on, not one list's item moved to another
            if (old_lead is not None and old_lead.kind == "item") != (new_lead is not None and new_lead.kind == "item") \
                    and (old_lead is None or new_lead is None):
                continue  # a list's first item (its lead-in) moved within it, not an item moved under another
            if new_lead is not None and id(new_lead) in matched:
                same = matched[id(new_lead)] is old_lead
            elif old_lead is not None and id(old_lead) in old_to_new:
                same = False  # the old lead-in is still there, over other items
            else:
                same = old_of.get(section) == old.section
            if not same and _leads_differ_in_force(old_lead, new_lead, vocabulary):
                found.append((old, unit))
    return found


def _realigned_cells(old_units, new_units, matched, vocabulary) -> list[tuple[Unit, Unit]]:
    """Cells that cancelled against a cell of another row: a table's rows
    re-laid, reordered or wrapped in other markup keep each row's cells
    together, but "| Precise location | Nobody |" and "| Coarse location |
    Advertisers |" swapping their second cells says who gets which data
    anew, though every cell's text is still there. A new row is whole when
    one old row has all its cells' texts (the same "Yes" in many rows may
    cancel against another row's copy); else its cells beyond the old row
    that has most of them are said, where they went and where they left."""
    found = []
    old_rows: dict = {}

    def rows_of(section):
        if section not in old_rows:
            table: dict[int, Counter] = defaultdict(Counter)
            for unit in old_units.get(section, []):
                if unit.row:
                    table[unit.row][_loose(unit.text)] += 1
            old_rows[section] = table
        return old_rows[section]

    for section, units in new_units.items():
        rows: dict[int, list] = defaultdict(list)
        for unit in units:
            old = matched.get(id(unit))
            if unit.row and old is not None and old.row:
                rows[unit.row].append((unit, old))
        for cells in rows.values():
            if len(cells) < 2 or len({(old.section, old.row) for _, old in cells}) < 2:
                continue
            bag = Counter(_loose(old.text) for _, old in cells)
            best, best_shared = None, -1
            for old_section in dict.fromkeys(old.section for _, old in cells):
                for row, texts in rows_of(old_section).items():
                    shared = sum((bag & texts).values())
                    if shared > best_shared:
                        best, best_shared = texts, shared
            if best_shared >= sum(bag.values()):
                continue  # one old row has every cell: the row kept whole
            left = Counter(best) if best is not None else Counter()
            for unit, old in sorted(cells, key=lambda pair: pair[1].position):
                key = _loose(old.text)
                if left[key] > 0:
                    left[key] -= 1
                    continue
                found.append((old, unit))
    return found


def _leads_differ_in_force(old_lead: Unit | None, new_lead: Unit | None, vocabulary) -> bool:
    """The two lead-ins differ by a negation, modal or qualifier ("We never
    share:" / "We share:", "By default:" / "If you opt in:"): what an item
    under them says turns on those words. Lists moved between lead-ins
    that differ otherwise are left to the rest of the reading."""
    def words(lead):
        if lead is None:
            return Counter()
        read_units([lead], vocabulary)
        return Counter(w for w in lead.words if w in vocabulary.protected)

    return words(old_lead) != words(new_lead)


def _introduces(lead: Unit | None) -> bool:
    """A lead-in that introduces a list: a heading, the section's title
    (None) or a sentence ending with a colon ("We never share:")."""
    return lead is None or lead.kind == "heading" or lead.text.rstrip(" \x02").endswith(":")


def _relisted_stay(residues: list[Residue], relisted: list, old_of: dict, vocabulary) -> None:
    """An item moved under another lead-in is said where it went and where
    it left (every word of it: nothing of its text changed)."""
    if not relisted:
        return
    new_of = {old: new for new, old in old_of.items()}
    by_section = {(r.kind == "removed-section", r.section): r for r in residues}
    for old, new in relisted:
        read_units([old, new], vocabulary)
        for unit, residue, side in ((new, by_section.get((False, new.section)), "new"),
                                    (old, by_section.get((False, new_of.get(old.section, "")))
                                     or by_section.get((True, old.section)), "old")):
            if residue is None:
                continue
            entries = getattr(residue, side)
            if any(e.unit is unit for e in entries):
                continue
            entries += [Entry(w, unit, i) for i, w in enumerate(unit.words) if w not in vocabulary.ignorable]


def _moved_changes_stay(residues: list[Residue], moves: list, old_of: dict) -> None:
    """A sentence moved to another section and changed on the way: what
    changed is said of the section it left as well (a rewording that is
    fully explained is said of neither), except when it left a section that
    stays for one new in this version: text moved out into a new section is
    judged there, with the rest of that section, and the section it left
    only lost a sentence that moved."""
    if not moves:
        return
    new_of = {old: new for new, old in old_of.items()}
    by_section = {(r.kind == "removed-section", r.section): r for r in residues}
    for old_section, old_unit, new_unit in moves:
        home = new_of.get(old_section)
        if home and new_unit.section not in old_of:
            continue  # moved out into a new section: said there (which is flagged as added)
        left = [e for r in residues for e in r.old if e.unit is old_unit]
        left_new = [e for r in residues for e in r.new if e.unit is new_unit]
        if not left and not left_new:
            continue
        residue = by_section.get((False, home)) if home else by_section.get((True, old_section))
        if residue is None:
            continue
        residue.old += [e for e in left if e not in residue.old]
        residue.new += [e for e in left_new if e not in residue.new]


# Sections and units --------------------------------------------------------

def _units(parts: list[Part]) -> dict[str, list[Unit]]:
    result, position = {}, 0
    for part in parts:
        units = split_units(part.id, part.title, part.body, position)
        position += len(units) + 1
        result[part.id] = units
    return result


REFERRING_REACH = 5  # a pronoun among a sentence's first words stands for something said before it


def _refers(unit: Unit, vocabulary) -> bool:
    """The unit has a pronoun, as written ("her", not "here" read as
    "her"), among its first REFERRING_REACH words: it stands for something
    said before the sentence ("We keep it for a year."), not for a noun the
    sentence names first ("We keep server logs ... and then delete them")."""
    return bool(vocabulary.referring_words) and not vocabulary.referring_words.isdisjoint(
        re.findall(r"[a-z]+", re.sub(r"\x06[^\x07]*\x07|[\x01-\x07]", " ", unit.text).lower())[:REFERRING_REACH])


class _Context:
    """Whether a sentence taken for moved text moved with what it refers
    to: one with a word standing for something said before it ("It is
    never sold to anyone.", `referring_words`) is moved text only when the
    unit before it moved with it (its old neighbour is what the unit before
    it now cancelled against); else it says its words of something else
    where it went, and is compared where it stood."""

    def __init__(self, old_units, new_units, vocabulary, matched):
        self.vocabulary, self.matched = vocabulary, matched
        self.before = {}
        for units in (*old_units.values(), *new_units.values()):
            for previous, unit in zip(units, units[1:]):
                self.before[id(unit)] = previous

    def refers(self, unit: Unit) -> bool:
        return _refers(unit, self.vocabulary)

    def moves_with(self, new: Unit, old: Unit) -> bool:
        if not self.refers(new) and not self.refers(old):
            return True
        new_before, old_before = self.before.get(id(new)), self.before.get(id(old))
        return new_before is not None and old_before is not None and self.matched.get(id(new_before)) is old_before


def _pair(old_units, new_units, old_of, matched, key, anywhere, context=None):
    """Each new unit (titles aside) cancels against an old unit of the same
    `key`: the one in its home section first, else any other when
    `anywhere(unit, key)` says it is long enough to be moved text. Every
    section's own copies are paired before any unit is taken for moved
    text, so that a sentence moved (or a heading reworded) into the words
    of another section's sentence does not take that sentence's old copy
    from it (Mozilla's "### To serve ..." headings, renamed to the text of
    the lawful-bases table's cells). Returns the old and new units left,
    by section; `matched` records the pairs."""
    by_key: dict = defaultdict(list)
    for units in old_units.values():
        for unit in units:
            if unit.kind != "title":
                by_key[key(unit)].append(unit)
    gone: set[int] = set()
    waiting: list = []  # (section, unit, key) not matched at home
    for section, units in new_units.items():
        home = old_of.get(section)
        for unit in units:
            if unit.kind == "title":
                continue
            unit_key = key(unit)
            candidates = by_key.get(unit_key)
            same = [u for u in candidates if u.section == home and id(u) not in gone] if candidates else []
            if same:
                gone.add(id(same[0]))
                matched[id(unit)] = same[0]
            elif candidates:
                waiting.append((unit, unit_key))
    for unit, unit_key in waiting:
        if not anywhere(unit, unit_key):
            continue
        live = [u for u in by_key[unit_key] if id(u) not in gone
                and (context is None or context.moves_with(unit, u))]
        if live:
            gone.add(id(live[0]))
            matched[id(unit)] = live[0]
    kept_new = {section: [u for u in units if id(u) not in matched] for section, units in new_units.items()}
    return {section: [u for u in units if id(u) not in gone] for section, units in old_units.items()}, kept_new


def _cancel_same_text(old_units, new_units, old_of, matched, context=None):
    """Units with the very same text cancel before any word is read: within
    their section, or anywhere when they are long (moved text)."""
    return _pair(old_units, new_units, old_of, matched, key=lambda unit: unit.text,
                 anywhere=lambda unit, text: len(text.split()) >= 6, context=context)


def _match_sections(old_by_id, new_by_id, unchanged, old_units, new_units, vocabulary) -> dict[str, str]:
    """New id -> old id: by id, then by content for the sections left over."""
    pairs = {pid: pid for pid in new_by_id if pid in old_by_id and pid not in unchanged}
    lonely_old = [pid for pid in old_by_id if pid not in new_by_id]
    lonely_new = [pid for pid in new_by_id if pid not in old_by_id]
    if not lonely_old or not lonely_new:
        return pairs

    def bag(units):
        read_units(units, vocabulary)
        return Counter(w for u in units if u.kind != "title" for w in u.words if w not in vocabulary.ignorable)

    old_bags = {pid: bag(old_units.get(pid, [])) for pid in lonely_old}
    candidates = []
    for new_id in lonely_new:
        new_bag = bag(new_units.get(new_id, []))
        for old_id in lonely_old:
            old_bag = old_bags[old_id]
            total = max(sum(new_bag.values()), sum(old_bag.values()))
            if total:
                shared = sum((new_bag & old_bag).values()) / total
                if shared >= SECTION_MATCH:
                    candidates.append((-shared, new_id, old_id))
    for _, new_id, old_id in sorted(candidates):
        if new_id not in pairs and old_id not in pairs.values():
            pairs[new_id] = old_id
    return pairs


def _key(unit: Unit, vocabulary) -> tuple:
    # a person a limiting word stands before is kept: "Only we read" is not "We only read"
    words = unit.words
    return tuple(w for i, w in enumerate(words) if w not in vocabulary.ignorable
                 or i and words[i - 1] in LIMITING and w in vocabulary.parties)


def _cancel_units(old_units, new_units, old_of, vocabulary, matched, context=None):
    """Units equal after normalisation cancel: long ones anywhere in the
    notice (moved text), short ones within their section."""
    old_units = {section: [u for u in units if u.words] for section, units in old_units.items()}
    new_units = {section: [u for u in units if u.words] for section, units in new_units.items()}
    return _pair(old_units, new_units, old_of, matched, key=lambda unit: _key(unit, vocabulary),
                 anywhere=lambda unit, key: len(key) >= MOVE_WORDS or (len(key) >= 3 and unit.kind == "text"),
                 context=context)


def _cancel_blocks(old_units, new_units, left_old, left_new, vocabulary, matched):
    """Short units (list items) moved to another section together with a
    neighbour that moved there too: a block moved, not a list changed."""
    old_at = {(u.section, u.position): u for units in old_units.values() for u in units}
    live_old = {id(u) for units in left_old.values() for u in units}
    by_key: dict[tuple, list[Unit]] = defaultdict(list)
    for units in left_old.values():
        for unit in units:
            if unit.kind != "title":
                by_key[_key(unit, vocabulary)].append(unit)
    changed = True
    while changed:
        changed = False
        for section, units in new_units.items():
            for number, unit in enumerate(units):
                if id(unit) in matched or unit.kind == "title" or not unit.words:
                    continue
                for old in by_key.get(_key(unit, vocabulary), ()):
                    if id(old) not in live_old:
                        continue
                    for step in (-1, 1):
                        if not 0 <= number + step < len(units):
                            continue
                        neighbour = matched.get(id(units[number + step]))
                        if neighbour is not None and old_at.get((old.section, old.position + step)) is neighbour:
                            matched[id(unit)] = old
                            live_old.discard(id(old))
                            changed = True
                            break
                    if id(unit) in matched:
                        break
    kept_old = {section: [u for u in units if id(u) in live_old] for section, units in left_old.items()}
    kept_new = {section: [u for u in units if id(u) not in matched] for section, units in left_new.items()}
    return kept_old, kept_new


def _cancel_short_moves(left_old, left_new, old_parts, new_parts, vocabulary, matched):
    """A short sentence moved verbatim to another section ("Thanks for
    reading." moved to the new last section) cancels as moved text when it
    is written once in the old notice and once in the new one, and says
    nothing a context could turn: no negation, modal, qualifier, number,
    address, term of a legal category or pronoun standing for what was
    said before (`referring_words`: "It stays on your device." and "We
    never sell it." moved from one section to another say it of something
    else)."""
    olds = {}
    for units in left_old.values():
        for unit in units:
            if unit.kind in ("text", "item") and unit.words:
                olds.setdefault(unit.text, []).append(unit)
    if not olds:
        return left_old, left_new
    candidates = []
    for section, units in left_new.items():
        for unit in units:
            found = olds.get(unit.text) if unit.kind in ("text", "item") else None
            if found and len(found) == 1 and found[0].section != section:
                candidates.append(unit)
    if not candidates:
        return left_old, left_new
    protected = vocabulary.protected
    whole = _Lazy(lambda: (_loose_notice(old_parts), _loose_notice(new_parts)))
    gone = set()
    for unit in candidates:
        old = olds[unit.text][0]
        words = [w for w in unit.words if w not in vocabulary.ignorable]
        if not words or any(w in protected or _hard(w) for w in unit.words) or _refers(unit, vocabulary) \
                or _has_term(unit.words, vocabulary):
            continue
        loose = f" {_loose(unit.text)} "
        if loose.strip() and whole()[0].count(loose) == 1 and whole()[1].count(loose) == 1:
            matched[id(unit)] = old
            gone.add(id(old))
    if not gone:
        return left_old, left_new
    return ({sid: [u for u in units if id(u) not in gone] for sid, units in left_old.items()},
            {sid: [u for u in units if id(u) not in matched] for sid, units in left_new.items()})


def _loose_notice(parts) -> str:
    return " " + " ".join(_loose(clean(p.title + "\n" + p.body)) for p in parts) + " "


MOVED_SIMILARITY = 0.55  # share of words a sentence moved to another section and reworded keeps
MOVED_MIN_WORDS = 6
MOVED_PAIRS = 40000  # above this many candidate pairs (a rewrite), no search


def _align_moved(old_units, new_units, left_old, left_new, old_of, vocabulary, matched,
                 context=None) -> tuple[dict, list]:
    """Sentences that moved to another section and were reworded there: an
    old sentence left over in its section, most like a new sentence left
    over in another section (and less like anything left in its own), is
    compared with that sentence, in the section it moved to. It leaves its
    old section (a move is not a loss there); whatever its rewording left
    unexplained is said of both sections (`_moved_changes_stay`). Returns
    new id -> [(sort key, old unit)] and the moves (old id, old unit, new
    unit); the moved units are taken out of `left_old`."""
    new_of = {old: new for new, old in old_of.items()}

    def bag(unit):
        return Counter(w for w in unit.words if w not in vocabulary.ignorable)

    olds = [(sid, u, bag(u)) for sid, units in left_old.items() for u in units if u.kind not in ("title", "heading")]
    news = [(sid, u, bag(u)) for sid, units in left_new.items() for u in units if u.kind not in ("title", "heading")]
    olds = [t for t in olds if sum(t[2].values()) >= MOVED_MIN_WORDS]
    news = [t for t in news if sum(t[2].values()) >= MOVED_MIN_WORDS]
    if not olds or not news or len(olds) * len(news) > MOVED_PAIRS:
        return defaultdict(list), []
    sets = [(set(b), sum(b.values())) for _, _, b in news]

    def score(a: Counter, total_a: int, b: Counter, total_b: int) -> float:
        return 2 * sum((a & b).values()) / (total_a + total_b)

    candidates = []
    for i, (old_sid, old_unit, old_bag) in enumerate(olds):
        old_total, old_set = sum(old_bag.values()), set(old_bag)
        home = new_of.get(old_sid)
        best_home, best_away = 0.0, (0.0, -1)
        for j, (new_sid, new_unit, new_bag) in enumerate(news):
            new_set, new_total = sets[j]
            if 2 * len(old_set & new_set) < MOVED_SIMILARITY * (len(old_set) + len(new_set)) - 2:
                continue  # too few words in common to be worth counting
            value = score(old_bag, old_total, new_bag, new_total)
            if new_sid == home:
                best_home = max(best_home, value)
            elif value > best_away[0]:
                best_away = (value, j)
        if best_away[0] >= MOVED_SIMILARITY and best_away[0] > best_home + 0.1:
            candidates.append((-best_away[0], i, best_away[1]))
    taken_old, taken_new, moved, moves = set(), set(), defaultdict(list), []
    for _, i, j in sorted(candidates):
        if i in taken_old or j in taken_new:
            continue
        if context is not None and not context.moves_with(news[j][1], olds[i][1]):
            continue  # "It is never sold." reworded in another section: said of what is there
        taken_old.add(i)
        taken_new.add(j)
        old_sid, old_unit, _ = olds[i]
        new_sid, new_unit, _ = news[j]
        moved[new_sid].append((_sort_key(new_unit, new_units.get(new_sid, []), old_of.get(new_sid), matched),
                               old_unit))
        moves.append((old_sid, old_unit, new_unit))
    if moved:
        gone = {id(olds[i][1]) for i in taken_old}
        for sid in left_old:
            left_old[sid] = [u for u in left_old[sid] if id(u) not in gone]
    return moved, moves


GAP_UNITS = 3  # at most this many units between two sentences that moved together


def _align_gaps(old_units, new_units, left_old, left_new, old_of, matched, moved_in, moves) -> None:
    """Units inside a block moved to another section, reworded there too
    much to be found by their words: old units left over between two
    neighbours that moved to the same section together (one right after
    the other there, as before) are compared with the new units left over
    between those neighbours' copies, where they went. A reworded sentence
    in the middle of a moved paragraph is a move and a rewording, judged by
    the rules of an edit in place, not a sentence lost where it stood."""
    live_old = {id(u) for units in left_old.values() for u in units}
    live_new = {id(u) for units in left_new.values() for u in units} - {id(new) for _, _, new in moves}
    if not live_old or not live_new:
        return
    where = {id(u): (sid, i) for sid, units in old_units.items() for i, u in enumerate(units)}
    gone = set()
    for sid, units in new_units.items():
        home = old_of.get(sid)
        anchors = [k for k, unit in enumerate(units) if id(unit) in matched]
        for a, b in zip(anchors, anchors[1:]):
            inside = units[a + 1:b]
            if not inside or len(inside) > GAP_UNITS or not all(id(u) in live_new for u in inside):
                continue
            first, last = matched[id(units[a])], matched[id(units[b])]
            if first.section != last.section or first.section == home or id(first) not in where:
                continue
            old_sid, start = where[id(first)]
            end = where[id(last)][1]
            between = old_units[old_sid][start + 1:end]
            if not between or len(between) > GAP_UNITS or not all(id(u) in live_old and id(u) not in gone
                                                                  for u in between):
                continue
            key = _sort_key(inside[0], units, home, matched)
            for old in between:
                gone.add(id(old))
                moved_in[sid].append((key, old))
                moves += [(old_sid, old, new) for new in inside]
    if gone:
        for sid in left_old:
            left_old[sid] = [u for u in left_old[sid] if id(u) not in gone]


def _sort_key(new_unit, section_units, home, matched) -> float:
    """Where in the old section's order a sentence moved in belongs: just
    after the old sentence that the new sentence before it cancelled
    against (or at the start)."""
    key = -1.0
    for unit in section_units:
        if unit is new_unit:
            break
        old = matched.get(id(unit))
        if old is not None and old.section == home:
            key = old.position + 0.5
    return key


# Diffing -----------------------------------------------------------------

def _entries(units: list[Unit], vocabulary) -> list[Entry]:
    return [Entry(w, u, i) for u in units for i, w in enumerate(u.words) if w not in vocabulary.ignorable]


def _diff(old_units: list[Unit], new_units: list[Unit], vocabulary):
    """(tag, old entries, new entries) for each changed run, titles apart."""
    old_titles = [u for u in old_units if u.kind == "title"]
    new_titles = [u for u in new_units if u.kind == "title"]
    runs = []
    for before, after in ((old_titles, new_titles),
                          ([u for u in old_units if u.kind != "title"], [u for u in new_units if u.kind != "title"])):
        a, b = _entries(before, vocabulary), _entries(after, vocabulary)
        if not a and not b:
            continue
        if not a or not b:
            runs.append(("insert" if b else "delete", a, b))
            continue
        matcher = SequenceMatcher(None, [e.word for e in a], [e.word for e in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "insert" and _joins(b[j1:j2], a, i1) or tag == "delete" and _joins(a[i1:i2], b, j1):
                continue  # "X. Y." <-> "X, and Y.": sentences split or merged
            exchanged = tag == "replace" or tag == "insert" and _took_place(a, i1, b, j1, j2) \
                or tag == "delete" and _took_place(b, j1, a, i1, i2)
            for entry in a[i1:i2] + b[j1:j2]:
                entry.exchanged = exchanged
            runs.append((tag, a[i1:i2], b[j1:j2]))
    return runs


def _took_place(other: list[Entry], at: int, side: list[Entry], start: int, end: int) -> bool:
    """The run side[start:end], added (or dropped), took the place of words
    the diff does not compare: "of those under 16" -> "of anyone under 16"
    ("those" is gone where "anyone" stands), not "believe a" -> "believe
    and suspect a" (words only added)."""
    if not (0 < at < len(other) and 0 < start and end < len(side)):
        return False
    before, after = other[at - 1], other[at]
    first, last = side[start - 1], side[end]
    if before.unit is not after.unit or first.unit is not last.unit:
        return False
    gone = Counter(before.unit.words[before.index + 1:after.index])
    gone -= Counter(w for i, w in enumerate(first.unit.words[first.index + 1:last.index], first.index + 1)
                    if not any(e.index == i and e.unit is first.unit for e in side[start:end]))
    return bool(gone)


CONJUNCTIONS = frozenset({"and"})


def _joins(run: list[Entry], other: list[Entry], at: int) -> bool:
    """`run` is only a conjunction, and where it stands the other side has
    a sentence boundary: two sentences merged into one (or one split)."""
    if not run or not all(e.word in CONJUNCTIONS for e in run) or not 0 < at < len(other):
        return False
    return other[at - 1].unit is not other[at].unit and run[0].unit is run[-1].unit


# Explaining --------------------------------------------------------------

def _explain(old: list[Entry], new: list[Entry], vocabulary, body_words: set, own=None,
             spelled=None, ordinary=None, under=None) -> tuple[list, list]:
    """The entries of one changed run that no safe edit explains. `under`:
    the words of each sub-heading's own text (`_under_headings`)."""
    protected = vocabulary.protected
    # date, version and copyright lines; change-log entries
    old = [e for e in old if not (e.unit.dateline or e.unit.changelog)]
    new = [e for e in new if not (e.unit.dateline or e.unit.changelog)]
    # headings: a renamed heading over the same text (words the section's text has);
    # a thing newly joined to what it named ("Website and app interactions") only
    # when the text under that very heading already covers it
    generic = vocabulary.heading_words | vocabulary.prepositions | vocabulary.pointers
    joined = _added_conjuncts(new, vocabulary, old)
    old = [e for e in old if not (e.flags & HEADING and e.word not in HEADING_NEGATIONS)]
    new = [e for e in new if not (e.flags & HEADING
                                  and (id(e) not in joined or e.word in (under or {}).get(id(e.unit), body_words))
                                  and _heading_word(e, vocabulary, body_words, generic, ordinary))]
    if not old and not new:
        return [], []
    # a stray lower-case letter typed between words ("our y service providers")
    if bool(old) != bool(new) and len(old + new) == 1 and _stray_letter((old + new)[0]):
        return [], []
    # "both" that only stresses two things joined by "and" ("complies with both the A and B")
    if bool(old) != bool(new) and all(e.word == "both" and "and" in e.unit.words[e.index + 1:e.index + 15]
                                      for e in old + new):
        return [], []
    # the text of cross-references and of links in pointers ("see [X] for details"),
    # to the same place (a link to another site's page may name another party)
    old_hosts, new_hosts = _hosts(old), _hosts(new)
    listed = _lists_another_name(old, new)  # a cross-reference's text naming another thing in a claim
    old = [e for e in old if not (_pointer_link(e, vocabulary, listed) and _site_known(e, new_hosts))]
    new = [e for e in new if not (_pointer_link(e, vocabulary, listed) and _site_known(e, old_hosts))]
    if not old and not new:
        return [], []
    # only the text of links in a sentence changed: no qualifier, number, address,
    # contact or right named, and the link is not the whole sentence (a list of links)
    if old and new and all(e.flags & LINK and _in_sentence(e) for e in old + new) \
            and _same_sites(old, new) \
            and not any(_hard(e.word) or e.word in protected for e in old + new) \
            and not _names_channel(old + new, vocabulary, any_category=True) \
            and not _lists_another_name(old, new) \
            and not _link_names_another(old, new, vocabulary, ordinary):
        return [], []
    # a link's text replaced by a generic one ("AUTOTITLE", "here")
    for generic, other in ((old, new), (new, old)):
        if generic and other and all(e.flags & LINK and e.word in vocabulary.pointers for e in generic) \
                and all(e.flags & LINK for e in other) and _same_sites(generic, other) \
                and not _names_channel(other, vocabulary) \
                and not any(_hard(e.word) for e in other):
            return [], []
    # an abbreviation defined beside itself, or its definition dropped ("Data Protection Officer (DPO)")
    if bool(old) != bool(new) and _defines_abbreviation(old or new, protected):
        return [], []
    # a term defined in parentheses by words just before it ("information about your
    # device (“Device Information”)", "our website (the “Site”)"), or that definition dropped
    if bool(old) != bool(new) and _defines_term(old or new, protected):
        return [], []
    # a space put in or taken out inside a word ("1097JB" -> "1097 JB")
    if _respaced(old, new, protected):
        return [], []
    # typos, abbreviations and names shortened
    old, new = _pairs_cancel(old, new, vocabulary, spelled)
    # a typo of a word that says nothing ("For examlpe"): its correct form is not compared at all
    old = [e for e in old if not _ignorable_typo(e, vocabulary, spelled, 0)]
    new = [e for e in new if not _ignorable_typo(e, vocabulary, spelled, 1)]
    if not old and not new:
        return [], []
    # a cross-reference renumbered ("see section 5" -> "section 6.1"); not an article of a law
    if old and new and len(old) == len(new) == 1 and SECTION_NUMBER.fullmatch(old[0].word) \
            and SECTION_NUMBER.fullmatch(new[0].word) \
            and _cross_reference(old[0]) and _cross_reference(new[0]):
        return [], []
    # prepositions exchanged, added or dropped around the same words; not one that
    # names who acts exchanged for another ("shared by you" -> "shared with you")
    if all(e.word in vocabulary.prepositions and e.word not in protected or _over_a_thing(e, vocabulary)
           for e in old + new) \
            and not _agent_exchanged(old, new, vocabulary):
        return [], []
    # reordered
    if Counter(e.word for e in old) == Counter(e.word for e in new):
        return [], []
    # a pointer to other text ("Learn more", "see this page")
    if _pointer(old, vocabulary) and _pointer(new, vocabulary):
        return [], []
    # the company that writes the notice, named or said "we" (no other name in the run)
    own = own() if own is not None else frozenset()

    def is_own(entry):
        words, i = entry.unit.words, entry.index
        if entry.word == "s" and i > 0:  # "Automattic Inc.'s": the possessive of the name or its legal form
            i -= 1
            if words[i] in own:
                return True
        return words[i] in own or (words[i] in LEGAL_FORMS and i > 0 and words[i - 1] in own)

    if own and any(is_own(e) for e in old + new):
        if not any(e.flags & CAPITAL and not is_own(e) for e in old + new):
            old = [e for e in old if not is_own(e)]
            new = [e for e in new if not is_own(e)]
            if Counter(e.word for e in old) == Counter(e.word for e in new):
                return [], []
    return old, new


def _respaced(old: list[Entry], new: list[Entry], protected) -> bool:
    """The same letters and digits, only a space put in or taken out between
    them ("1097JB" -> "1097 JB", "+1 415" -> "+1415"): one side a single
    word, the other its pieces with nothing but spaces between them; no
    negation, modal or qualifier on either side ("can not" -> "cannot" is
    read by their rules)."""
    if not old or not new or (len(old) > 1) == (len(new) > 1):
        return False
    pieces = old if len(old) > 1 else new
    whole = new if pieces is old else old
    if any(e.word in protected for e in old + new) or any(e.unit is not pieces[0].unit for e in pieces):
        return False
    unit = pieces[0].unit
    for a, b in zip(pieces, pieces[1:]):
        if b.index != a.index + 1 or unit.text[unit.spans[a.index][1]:unit.spans[b.index][0]].strip(" "):
            return False
    return "".join(_written(e).lower() for e in pieces) == _written(whole[0]).lower() != ""


def _agent_exchanged(old: list[Entry], new: list[Entry], vocabulary) -> bool:
    """A run of prepositions only that adds, drops or exchanges one naming
    who acts ("collected by X" -> "collected for X", "shared by you" ->
    "shared with you"); in a longer rewording ("processed by our staff" ->
    "our staff process") the reordering rules judge it."""
    agents = vocabulary.agents
    return Counter(e.word for e in old if e.word in agents) != Counter(e.word for e in new if e.word in agents)


HEADING_NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "without", "only"})
COORDINATORS = frozenset({"and", "or", "plus"})
JOINERS = frozenset({stem("including", {})})  # "Website interactions, including apps"


def _under_headings(units: list[Unit]) -> dict[int, frozenset]:
    """The words of the text under each sub-heading of a section, up to the
    next heading: what that heading names (the section's title names all of
    its text, so it has no entry here)."""
    under, current, words = {}, None, set()
    for unit in units:
        if unit.kind in ("title", "heading"):
            if current is not None:
                under[id(current)] = frozenset(words)
            current, words = (unit if unit.kind == "heading" else None), set()
        elif current is not None:
            words.update(unit.words)
    if current is not None:
        under[id(current)] = frozenset(words)
    return under


def _added_conjuncts(new: list[Entry], vocabulary, old: list[Entry] = ()) -> set[int]:
    """Entries (ids) of the words a renamed heading newly joins to what it
    named, with the coordinator added too ("Website interactions" ->
    "Website and app interactions", "Cookies" -> "Cookies or beacons"), or
    a slash, a comma or "including" ("Website/app interactions",
    "Website interactions, including apps"), or the one thing it names
    exchanged for another ("Website interactions" -> "App interactions"): a
    heading that names one more thing, or another, says its text covers
    it. Words that claim nothing (articles, prepositions, generic heading
    words) are no such thing."""
    found: set[int] = set()
    by_unit: dict[int, list[Entry]] = defaultdict(list)
    for entry in new:
        if entry.flags & HEADING:
            by_unit[id(entry.unit)].append(entry)
    skip = vocabulary.ignorable | vocabulary.prepositions | vocabulary.heading_words | vocabulary.function_words
    for entries in by_unit.values():
        entries.sort(key=lambda e: e.index)
        stretches, current = [], []
        for entry in entries:
            if current and any(w not in vocabulary.ignorable
                               for w in entry.unit.words[current[-1].index + 1:entry.index]):
                stretches.append(current)
                current = []
            current.append(entry)
        stretches.append(current)
        for stretch in stretches:
            unit, first, last = stretch[0].unit, stretch[0].index, stretch[-1].index
            marks = unit.text[unit.spans[first - 1][1]:unit.spans[first][0]] if first > 0 else ""
            marks += unit.text[unit.spans[last][1]:unit.spans[last + 1][0]] if last + 1 < len(unit.words) else ""
            for side in (first - 1, last + 1):  # one token of both ("Website/app")
                if 0 <= side < len(unit.words) and unit.spans[side] == unit.spans[first if side < first else last]:
                    marks += unit.text[unit.spans[side][0]:unit.spans[side][1]]
            content = [e for e in stretch if e.word not in COORDINATORS and e.word not in skip]
            exchanged = [e for e in old if e.unit.kind == unit.kind and e.flags & HEADING and e.word not in skip]
            if any(e.word in COORDINATORS | JOINERS for e in stretch) or any(m in marks for m in "/,") \
                    or len(content) == 1 == len(exchanged) and len(stretch) == 1 and unit.kind == "heading":
                found |= {id(e) for e in content}
    return found


def _heading_word(entry: Entry, vocabulary, body_words: set, generic, ordinary=None) -> bool:
    """A new word of a renamed heading that the renaming explains: part of
    no name the section's text does not name ("Firefox Focus" over a text
    that says "focus" is a new product), and a word the section's text has,
    a generic heading word, or a plain one."""
    unit, index, word = entry.unit, entry.index, entry.word
    if word in HEADING_NEGATIONS:
        return False  # "How we do not share": a heading negated says something, whatever the text has
    if _written(entry)[:1].isupper() and ordinary is not None:
        for other in (index - 1, index + 1):
            if 0 <= other < len(unit.words) and _written(Entry(unit.words[other], unit, other))[:1].isupper() \
                    and unit.words[other] not in ordinary() and unit.words[other] not in generic \
                    and unit.words[other] not in vocabulary.ignorable:
                pair = (unit.words[min(index, other)], unit.words[max(index, other)])
                if pair not in body_words:
                    return False
    return word in body_words or word in generic or _plain_heading_word(entry, vocabulary, ordinary)


def _plain_heading_word(entry: Entry, vocabulary, ordinary=None) -> bool:
    """A word of a renamed heading that claims nothing by itself: not a
    name (a capitalised word the notice never writes in lower case),
    number, negation or qualifier, and no term of a legal category (a
    heading that newly says "Sale" or "Children" claims a practice or a
    scope its text may not have said)."""
    word = entry.word
    if _over_a_thing(entry, vocabulary):
        return True  # "Your rights with respect to your information" -> "Your rights over your information"
    if _hard(word) or word in vocabulary.protected or word in vocabulary.terms_by_first:
        return False
    if _written(entry)[:1].isupper():
        return ordinary is not None and word in ordinary()
    return True


OVER = "over"
AMOUNT_WORDS = frozenset(stem(w, {}) for w in (
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "period", "periods", "time", "times", "life", "lifetime", "course", "age", "aged", "half",
    "dozen", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "percent", "%"))


def _over_a_thing(entry: Entry, vocabulary) -> bool:
    """"over" before a thing, not an amount: what a right or control is
    about ("rights over your information", "control over your data"),
    which "for", "of" or "with respect to" say too. Before a number, a
    time or an age, or a qualifier ("over 13", "over a year", "over the
    age of 16", "over several months") it is "more than"."""
    if entry.word != OVER:
        return False
    after = _next_word(entry.unit, entry.index, vocabulary)
    if after is None:
        return False
    word = entry.unit.words[after]
    return not (_hard(word) or word in AMOUNT_WORDS or word in vocabulary.protected)


def _initial_names(unit_lists, old_parts, new_parts, vocabulary) -> None:
    """A capitalised word that starts a sentence is a name, as it is inside
    one, when neither version writes it in lower case ("Initech controls
    ..."): the reader cannot tell "Initech" from "Upon" by its capital there."""
    ordinary = None
    for units in unit_lists:
        for unit in units:
            for index, flags in enumerate(unit.flags):
                if not flags & INITIAL or flags & CAPITAL:
                    continue
                word = unit.words[index]
                if word in vocabulary.ignorable or _written(Entry(word, unit, index)) in COMMON_CAPITALS:
                    continue
                if ordinary is None:  # each part's own set, kept between pairs: most bodies recur
                    ordinary = [_lowercase_stems(part.body, vocabulary) for part in (*old_parts, *new_parts)]
                if not any(word in found for found in ordinary):
                    unit.flags[index] = flags | CAPITAL


def _lowercase_stems(body: str, vocabulary) -> frozenset:
    """The words (normalised) one body writes in lower case, remembered by
    the vocabulary (its stems decide them)."""
    memo = vocabulary.lowercase
    found = memo.get(body)
    if found is None:
        if len(memo) > 8192:
            memo.clear()
        stems = vocabulary.stems
        found = memo[body] = frozenset(
            stems.get(w) or stems.setdefault(w, stem(spelling(w), vocabulary.inflections)) for w in _lowercase_in(body))
    return found


def _lowercase_words(parts, vocabulary) -> frozenset:
    """Words (normalised) the notice writes in lower case somewhere: ordinary words, not names."""
    found: set = set()
    for part in parts:
        found.update(_lowercase_in(part.body))
    stems = vocabulary.stems
    return frozenset(stems.get(w) or stems.setdefault(w, stem(spelling(w), vocabulary.inflections)) for w in found)


@functools.lru_cache(maxsize=4096)
def _lowercase_in(text: str) -> frozenset:
    return frozenset(re.findall(r"(?<![\w.])[a-z][a-z]+\b", text))


LEGAL_FORMS = frozenset({"inc", "llc", "ltd", "limit", "bv", "b.v", "gmbh", "corp", "corporation", "co", "plc", "sa",
                         "s.a", "ag", "company"})
COMMON_CAPITALS = frozenset("""The We You If This Our For In When To It Your Please These Some As Any All A An
Learn See Read Note Personal Information Data Privacy Policy Notice Statement Terms Service Services Section
Effective Last Updated United States European Union Kingdom California Act
Hello Hi Hey Howdy Welcome Thanks Thank Dear""".split())  # greetings start sentences and name no one


def _own_names(old_parts, new_parts, names, vocabulary) -> frozenset:
    """The company that writes the notice: its metadata name, and the name
    written most often in both versions (at least 8 times, half again as
    often as any other)."""
    from .reading import normalise_words

    found = set()
    for name in names:
        found.update(w for w in normalise_words(name, vocabulary) if w not in LEGAL_FORMS)
    both: Counter = Counter()
    for parts in (old_parts, new_parts):  # each version's name, and the two together: a company renamed
        counts: Counter = Counter()
        legal: set = set()
        for part in parts:
            counts.update(_capitals(part.body))
            legal.update(_legal_names_in(part.body))
        both.update(counts)
        found.update(_top_name(counts, vocabulary))
        found.update(_legal_name(counts, legal, vocabulary))
    found.update(_top_name(both, vocabulary))
    return frozenset(found)


LEGAL_NAME = re.compile(r"\b([A-Z][A-Za-z0-9]+),?\s+(?:Inc|LLC|Ltd|Limited|Corporation|Corp|GmbH|B\.V|plc|PBC)\b")


@functools.lru_cache(maxsize=4096)
def _legal_names_in(text: str) -> frozenset:
    return frozenset(LEGAL_NAME.findall(text))


def _legal_name(counts: Counter, legal: set, vocabulary) -> list:
    """The name written with a legal form ("Automattic Inc.") that the text
    writes most often, if at least 8 times: the company, where its product's
    name is written as often ("WordPress")."""
    named = [name for name in legal if counts[name] >= 8]
    if not named:
        return []
    from .reading import normalise_words

    return normalise_words(max(named, key=lambda name: (counts[name], name)), vocabulary)


def _top_name(counts: Counter, vocabulary) -> list:
    from .reading import normalise_words

    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 8 and (len(ranked) < 2 or ranked[0][1] >= 1.5 * ranked[1][1]):
        return normalise_words(ranked[0][0], vocabulary)
    return []


@functools.lru_cache(maxsize=4096)
def _capitals(text: str) -> Counter:
    return Counter(m for m in re.findall(r"\b(?:[A-Z][a-z]+|\d+[a-z]{3,})[A-Za-z0-9]*\b", text)
                   if m not in COMMON_CAPITALS)


class _Lazy:
    """A value computed the first time it is asked for."""

    def __init__(self, make):
        self.make, self.done, self.value = make, False, None

    def __call__(self):
        if not self.done:
            self.value, self.done = self.make(), True
        return self.value


def _host_of(entry: Entry) -> int:
    return entry.flags >> 8


def _hosts(entries: list[Entry]) -> set:
    """The sites the links among `entries` point to (0: this site, a relative link)."""
    return {e.flags >> 8 for e in entries if e.flags & LINK}


SECTION_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*")  # 5, 4.2, 10.1.3
CROSS_REFERENCES = frozenset(stem(w, {}) for w in ("section", "clause", "paragraph", "para", "chapter", "part",
                                                    "footnote", "note"))


def _cross_reference(entry: Entry) -> bool:
    """A number after "section", "clause"... written as a word: "§ 100"
    cites a law, whose sections are not the notice's, and so do a section
    of a named text ("Section 9 of the Act", "Section 5 of the Terms") and
    a named text's section ("U.S.C. Section 2703", "Act section 4")."""
    unit, i = entry.unit, entry.index
    if _before(entry) not in CROSS_REFERENCES or not _surface_text(unit, i - 1).isalpha():
        return False
    if i > 1 and unit.flags[i - 2] & CAPITAL and not unit.flags[i - 2] & INITIAL:
        return False  # "the Stored Communications Act Section 2703" (not "As described in Section 4")
    after = [j for j in range(i + 1, min(i + 5, len(unit.words)))]
    if after and unit.words[after[0]] == "of":
        named = [j for j in after[1:] if unit.words[j] not in ("the", "a", "an", "our")][:1]
        if named and unit.flags[named[0]] & CAPITAL and not unit.flags[named[0]] & LINK:
            return False  # "Section 9 of the Act"; not "section 4 of this policy"
    return True


def _before(entry: Entry) -> str:
    words = entry.unit.words
    return words[entry.index - 1] if entry.index else ""


def _site_known(entry: Entry, other_hosts: set) -> bool:
    """The entry's link points to a site the other side links to too (or to
    the publisher's own site)."""
    host = _host_of(entry)
    return host == 0 or not other_hosts - {0} or host in other_hosts


def _same_sites(old: list[Entry], new: list[Entry]) -> bool:
    """The links point to the same sites; a relative link (0) is the
    publisher's own site, which an absolute link may name."""
    a, b = _hosts(old) - {0}, _hosts(new) - {0}
    return not a or not b or a == b


def _in_sentence(entry: Entry) -> bool:
    """The link is part of a sentence (the unit has words outside links)."""
    return any(not f & LINK for f in entry.unit.flags)


def _pointer_link(entry: Entry, vocabulary, listed: bool = False) -> bool:
    """Text of a cross-reference, or of a link in a sentence that only points
    elsewhere ("See [X] for details"): it names a page, not a practice. A
    cross-reference whose text newly lists another name (`listed`) is a
    pointer only in a sentence that only points ("transfers under [EU-US
    and Swiss-US Privacy Shield](#shield)" names a framework relied on)."""
    if not entry.flags & LINK:
        return False
    if entry.flags & XREF and not listed:
        return True
    unit = entry.unit
    outside = [w for w, f in zip(unit.words, unit.flags) if not f & LINK]
    return bool(outside) and all(w in vocabulary.pointers or w in vocabulary.ignorable for w in outside) \
        and any(w in POINTER_VERBS for w in outside)


def _link_names_another(old: list[Entry], new: list[Entry], vocabulary, ordinary) -> bool:
    """A link's new text names someone the old text did not: a capitalised
    word the notice never writes in lower case ("with [Google Analytics]"
    -> "with [Adobe Analytics]"), not a page's title in ordinary words."""
    if ordinary is None:
        return False
    before = {e.word for e in old}
    return any(e.flags & CAPITAL and e.word not in before and e.word not in vocabulary.pointers
               and e.word not in vocabulary.ignorable and e.word not in vocabulary.format_markers
               and e.word not in ordinary() for e in new)


def _lists_another_name(old: list[Entry], new: list[Entry]) -> bool:
    """The new words join another name to what was said ("EU-US Privacy
    Shield" -> "EU-US and Swiss-US Privacy Shield"): "and" added with a
    capitalised word the old words do not have."""
    if sum(e.word in CONJUNCTIONS for e in new) <= sum(e.word in CONJUNCTIONS for e in old):
        return False
    if not new or not all(e.flags & LINK for e in new) or not any(
            f & LINK and not any(e.unit is new[0].unit and e.index == i for e in new)
            for i, f in enumerate(new[0].unit.flags)):
        return False  # not a link's text grown: a sentence with a link added or moved
    before = {e.word for e in old}
    return any(e.flags & CAPITAL and e.word not in before and e.word not in CONJUNCTIONS for e in new)


def _names_channel(entries: list[Entry], vocabulary, any_category: bool = False) -> bool:
    """The words name a way to contact the controller or to use a right (or,
    with `any_category`, a term of any legal category but scope)."""
    words = [e.word for e in entries]
    for i, word in enumerate(words):
        for term, category in vocabulary.terms_by_first.get(word, ()):
            wanted = category != "scope" if any_category else category in ("controller", "rights")
            if wanted and tuple(words[i:i + len(term)]) == term:
                return True
    return False


SCOPE_WORDS = frozenset({"not", "no", "never", "none", "nor", "neither", "without", "only", "solely", "exclusively",
                         "except", "unless"})
MODAL_VERBS = frozenset({"may", "might", "can", "could", "will", "would", "shall", "must", "should"})
RELATION_WORDS = frozenset({"before", "after", "than", "until", "within", "over", "under", "between", "instead",
                            "rather", "or", "if", "unless", "except"})


def _moved_in_sentence(residue: Residue, vocabulary) -> None:
    """A word or two moved within one sentence ("may periodically revise" ->
    "may revise ... periodically"): the same words deleted from a sentence
    and inserted into its new version, none of them a negation, "only" or a
    name, no number where the sentence has another one (two numbers trading
    places), and no word of relation in the sentence for them to cross."""
    if not residue.old or not residue.new:
        return
    old_by, new_by = defaultdict(list), defaultdict(list)
    for entry in residue.old:
        old_by[id(entry.unit)].append(entry)
    for entry in residue.new:
        new_by[id(entry.unit)].append(entry)
    dropped = set()
    for olds in old_by.values():
        bag = Counter(e.word for e in olds)
        if sum(bag.values()) > 3 or any(w in SCOPE_WORDS or w in MODAL_VERBS for w in bag) \
                or any(e.flags & CAPITAL for e in olds) \
                or any(w.isdigit() for w in bag) and sum(w.isdigit() for w in olds[0].unit.words) > 1 \
                or sum(bag.values()) > 1 and any(w in vocabulary.protected for w in bag):
            continue  # "may send A and will send B" -> "will send A and may send B" is no move
        old_unit = olds[0].unit
        for news in new_by.values():
            new_unit = news[0].unit
            if Counter(e.word for e in news) != bag or id(news[0]) in dropped:
                continue
            if sum(bag.values()) > 1 and RELATION_WORDS & (set(old_unit.words) | set(new_unit.words)):
                continue
            rest_old = Counter(w for w in old_unit.words if w not in vocabulary.ignorable) - bag
            rest_new = Counter(w for w in new_unit.words if w not in vocabulary.ignorable) - bag
            if rest_old != rest_new and sum((rest_old & rest_new).values()) < 0.8 * max(sum(rest_old.values()),
                                                                                     sum(rest_new.values())):
                continue  # not the same sentence
            if _roles_turned(old_unit, new_unit) or _crosses_guarded(olds, news, vocabulary) \
                    or _party_turned(olds, news, vocabulary):
                continue
            if _apart(olds, vocabulary) and _apart(news, vocabulary):
                continue  # words apart trading places ("sell maps and keep logs" -> "sell logs and keep maps")
            dropped.update(id(e) for e in olds + news)
            break
    if dropped:
        residue.old = [e for e in residue.old if id(e) not in dropped]
        residue.new = [e for e in residue.new if id(e) not in dropped]


def _apart(entries: list[Entry], vocabulary) -> bool:
    """The moved words of one sentence stand apart, not in one list: two
    groups (`_lists`) with something other than a list's items between
    them ("sell maps and keep logs", "email with vendors and your name
    with advertisers"). Groups that each touch a comma or "and"/"or" on the
    side facing the other are ends of one list ("name, email and phone"
    -> "phone, email and name"), which a reordering may swap."""
    groups = _lists(entries, vocabulary)
    if len(groups) < 2:
        return False
    unit = entries[0].unit
    words = unit.words

    def joined(i: int, j: int) -> bool:  # the gap between words i and j opens or closes a list item
        return 0 <= i < j < len(words) and ("," in unit.text[unit.spans[i][1]:unit.spans[j][0]]
                                            or words[j] in LIST_JOINS or words[i] in LIST_JOINS)

    for left, right in zip(groups, groups[1:]):
        first, last = left[-1].index, right[0].index
        if not (joined(first, first + 1) and joined(last - 1, last)):
            return True
    return False


def _crosses_guarded(olds: list[Entry], news: list[Entry], vocabulary) -> bool:
    """Words moved within their sentence over a negation, modal or
    qualifier that stayed ("sent to our payment processor and never
    reaches our servers" -> "sent to our servers and never reaches our
    payment processor"): what the guarded word governs changed. Each
    guarded word is found by its turn among the same words. (Entries of
    one sentence on each side; words moved between sentences are judged
    by `_same_sentence`.)"""
    if len({id(e.unit) for e in olds}) > 1 or len({id(e.unit) for e in news}) > 1:
        return False

    def guarded(entries):
        unit, moved = entries[0].unit, {e.index for e in entries}
        seen: Counter = Counter()
        places = {}
        for i, word in enumerate(unit.words):
            if i not in moved and word in vocabulary.protected:
                seen[word] += 1
                places[(word, seen[word])] = i
        return places

    def sides(entries, places):
        return sorted((e.word, tuple(e.index > at for at in places.values())) for e in entries)

    old_places, new_places = guarded(olds), guarded(news)
    if old_places.keys() != new_places.keys():
        return True
    keys = sorted(old_places)
    return sides(olds, {k: old_places[k] for k in keys}) != sides(news, {k: new_places[k] for k in keys})


def _roles_turned(a: Unit, b: Unit) -> bool:
    """"We" and "us" do not stand as often in the two sentences, and not
    because one says "by us" ("We sell your data to Google" -> "Google
    sells your data to us": who sells to whom turned round, though "we"
    and "us" are words the comparison leaves out; "Your data is collected
    by us" is "We collect your data")."""
    def roles(unit):
        words = unit.words
        return (words.count("we"), words.count("us") - sum(1 for i in range(1, len(words))
                                                            if words[i] == "us" and words[i - 1] == "by"))

    (we_a, us_a), (we_b, us_b) = roles(a), roles(b)
    return (we_a, us_a) != (we_b, us_b) and we_a + us_a == we_b + us_b and we_a != we_b


CLAUSE_MARKS = frozenset(",;:()[]\u2014\u2013.!?")
CLAUSE_OPENERS = frozenset(stem(w, {}) for w in ("if", "when", "where", "once", "unless", "because", "but", "while",
                                                 "although", "though", "whereas", "since", "so"))
COMPLEMENT_MARKS = frozenset({"to", "from"})  # with the prepositions: what follows is no one who acts
PARTY_REACH = 4  # words after a party, in its clause, that say what it does ("vendors may access data")


def _party_turned(olds: list[Entry], news: list[Entry], vocabulary) -> bool:
    """A party (a person by pronoun, a kind of recipient, a name) moved
    within its sentence away from the words that follow it in its clause
    ("You control what is public, and we control what is shown" -> "We
    control what is public, and you control what is shown"; "Vendors may
    access data that we store" -> "We may access data that vendors
    store"): who does what turned round, though the words are the same.
    A party that moves with its clause ("If you ask, we delete it" -> "We
    delete it if you ask") or with the other items of its list keeps what
    follows it. A word a modal follows on either side is a party too
    ("Contractors may read ...": no list names every kind of party); one
    after a preposition is a place or a recipient ("the app for Android"
    -> "On Android, the app"), not who acts. (Entries of one sentence on
    each side.)"""
    def before_modal(entry):  # "Contractors may read": whoever a modal follows acts
        words = entry.unit.words
        return entry.index + 1 < len(words) and words[entry.index + 1] in MODAL_VERBS

    acting = {e.word for e in olds + news if before_modal(e)}
    complements = vocabulary.prepositions | COMPLEMENT_MARKS

    def party(entry):  # a qualifier is no party, even where a sentence opens with it ("From time to time")
        words, i = entry.unit.words, entry.index - 1
        while i >= 0 and (words[i] in LIST_JOINS or words[i] in vocabulary.parties or entry.unit.flags[i] & CAPITAL):
            i -= 1  # back over the list it stands in ("with A and B")
        if i >= 0 and words[i] in complements:
            return False  # "for Android" -> "On Android, ...": a place or a recipient, not who acts
        return entry.word not in vocabulary.protected and (
            entry.word in vocabulary.parties or entry.word in acting or bool(entry.flags & CAPITAL))

    def follows(entry):
        unit, found = entry.unit, []
        for i in range(entry.index + 1, len(unit.words)):
            if CLAUSE_MARKS & set(unit.text[unit.spans[i - 1][1]:unit.spans[i][0]]):
                break
            word = unit.words[i]
            if word in CLAUSE_OPENERS or (word in vocabulary.parties or unit.flags[i] & CAPITAL) and found:
                break  # another clause, or another party's words
            if word in vocabulary.ignorable or word in vocabulary.negations or word in vocabulary.prepositions \
                    or word in LIST_JOINS or word in vocabulary.parties or unit.flags[i] & CAPITAL:
                continue
            found.append(word)
            if len(found) == PARTY_REACH:
                break
        return tuple(found)

    def bound(unit, i, j):  # a clause ends between words i and j (i < j)
        return bool(CLAUSE_MARKS & set(unit.text[unit.spans[i][1]:unit.spans[j][0]])) or unit.words[j] in CLAUSE_OPENERS

    def named(unit, i):
        return unit.words[i] in vocabulary.parties or bool(unit.flags[i] & CAPITAL)

    def attached(entry):  # the parties either side of a word in its clause ("your email with vendors")
        unit, at, near = entry.unit, entry.index, [None, None]
        for side, places in ((0, range(at - 1, max(at - PARTY_REACH * 2, 0) - 1, -1)),
                             (1, range(at + 1, min(at + PARTY_REACH * 2 + 1, len(unit.words))))):
            listed = True  # only "and"/"or" passed so far: a party there is an item of the same list
            for i in places:
                if bound(unit, min(i, i + 1 - 2 * side), max(i, i + 1 - 2 * side)):
                    break
                if named(unit, i):
                    near[side] = None if listed else unit.words[i]
                    break
                listed = listed and (unit.words[i] in LIST_JOINS or unit.words[i] in vocabulary.ignorable)
        return near

    def objects_turned():
        """Words moved between parties that stayed ("your email with
        vendors, and your name with advertisers" swapped; "You control
        your posts, and we control the ads" swapped): each moved word's
        party on either side, where both versions have one, is the same."""
        sides = []
        for entries in (olds, news):
            found = defaultdict(lambda: (set(), set()))
            for entry in entries:
                if not named(entry.unit, entry.index) and entry.word not in vocabulary.ignorable \
                        and entry.word not in vocabulary.prepositions and entry.word not in vocabulary.function_words \
                        and entry.word not in vocabulary.negations and entry.word not in LIST_JOINS:
                    left, right = attached(entry)
                    found[entry.word][0].add(left)
                    found[entry.word][1].add(right)
            sides.append(found)
        for word in sides[0].keys() & sides[1].keys():
            for k in (0, 1):
                a, b = sides[0][word][k] - {None}, sides[1][word][k] - {None}
                if a and b and a != b and not b <= sides[0][word][1 - k]:
                    return True  # another party, not the one it moved past ("may periodically share ... with")
        return False

    if len({id(e.unit) for e in olds}) > 1 or len({id(e.unit) for e in news}) > 1:
        return False
    acts = {e.word for e in olds if party(e)} & {e.word for e in news if party(e)}  # not "give you" -> "give ... to you"
    before = Counter((e.word, follows(e)) for e in olds if e.word in acts and party(e))
    after = Counter((e.word, follows(e)) for e in news if e.word in acts and party(e))
    return before != after or objects_turned()


def _future(residue: Residue, vocabulary) -> None:
    """"we will email you" -> "we email you": the future of the same promise,
    when "will" is added (or dropped) on one side of the section only and
    no other modal or negation changed there (not "may send A and will send
    B" -> "will send A and may send B")."""
    old = [e for e in residue.old if e.word == "will"]
    new = [e for e in residue.new if e.word == "will"]
    if (old and new) or not (old or new):
        return
    if any(e.word in vocabulary.negations and e.word != "will" for e in residue.old + residue.new):
        return
    residue.old = [e for e in residue.old if e.word != "will"]
    residue.new = [e for e in residue.new if e.word != "will"]


def _reordered(residue: Residue, vocabulary) -> None:
    """The same words on both sides of a section, in another order, with no
    negation among them: a reordering."""
    _future(residue, vocabulary)
    _moved_in_sentence(residue, vocabulary)

    def bag(entries):
        return Counter(e.word for e in entries if e.word not in vocabulary.prepositions)

    if residue.old and residue.new and bag(residue.old) and bag(residue.old) == bag(residue.new) \
            and not any(e.word in vocabulary.negations for e in residue.old):
        names_moved = any(e.flags & CAPITAL for e in residue.old + residue.new) and (
            len({id(e.unit) for e in residue.old}) > 1 or len({id(e.unit) for e in residue.new}) > 1)
        if not names_moved and _reorder_keeps_places(residue, vocabulary):
            # "to A, not to B" -> "to B, not to A" across sentences stays
            residue.old, residue.new = [], []


LIST_JOINS = frozenset({"and", "or"})


def _reorder_keeps_places(residue: Residue, vocabulary) -> bool:
    """The same words in another order are a reordering only where each
    sentence keeps its own words (each old sentence's moved words are those
    of the new sentence most like it: "never sell A. We sell B" -> "never
    sell B. We sell A" is no reordering), no two numbers trade places ("logs
    for 30 days and backups for 90 days" swapped), and what moved within a
    sentence stood side by side, joined by "and"/"or" at most (items of one
    list: "A and B" -> "B and A"; not "sell A and keep B" -> "sell B and
    keep A")."""
    def by_unit(entries):
        found: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            found[id(entry.unit)].append(entry)
        return found

    def bag(entries):
        return Counter(e.word for e in entries if e.word not in vocabulary.prepositions)

    def sentence(unit):
        return Counter(w for w in unit.words if w not in vocabulary.ignorable and w not in vocabulary.prepositions)

    olds, news = by_unit(residue.old), by_unit(residue.new)
    if len(olds) != len(news):
        return False
    taken, pairs = set(), []
    for old_entries in olds.values():
        words = sentence(old_entries[0].unit)
        same = [key for key in news if key not in taken and sentence(news[key][0].unit) == words
                and bag(news[key]) == bag(old_entries)]
        if not same:
            return False  # words moved into another sentence
        if _roles_turned(old_entries[0].unit, news[same[0]][0].unit) \
                or _party_turned(old_entries, news[same[0]], vocabulary):
            return False
        taken.add(same[0])
        pairs.append((old_entries, news[same[0]]))
    for old_entries, new_entries in pairs:
        if any(len({e.word for e in entries if e.word.isdigit()}) > 1 for entries in (old_entries, new_entries)):
            return False
        old_lists, new_lists = _lists(old_entries, vocabulary), _lists(new_entries, vocabulary)
        if len(old_lists) != len(new_lists) or any(bag(a) != bag(b) for a, b in zip(old_lists, new_lists)):
            return False
    return True


def _lists(entries: list[Entry], vocabulary) -> list[list[Entry]]:
    """The changed words of one sentence in groups that stand side by side,
    joined by "and"/"or" or ignorable words at most: the lists a reordering
    may reorder, each within itself ("both A and B ... from your C account
    and your D account" -> "both B and A ... your D account and your C
    account"), in the order they stand."""
    unit = entries[0].unit
    groups: list[list[Entry]] = []
    for entry in sorted(entries, key=lambda e: e.index):
        if groups:
            last = groups[-1][-1].index
            between = unit.words[last + 1:entry.index]
            if all(w in LIST_JOINS or w in vocabulary.ignorable for w in between):
                groups[-1].append(entry)
                continue
        groups.append([entry])
    return groups


PAGE_WORDS = frozenset(stem(w, {}) for w in ("portal", "feature", "tool", "dashboard", "form", "site", "website", "webpage",
                                             "guide", "faq", "overview", "policy", "notice", "statement", "settings"))


def _link_texts(residue: Residue, vocabulary, ordinary=None) -> None:
    """The text of a link in a sentence reworded in pieces ("[Recurring
    Payments](x)" -> "the [Payments feature](x)": one word out, one in, in two
    runs): what is left of the section on both sides is link text to the
    same site, in sentences, with no number, address, negation, qualifier
    or term of a legal category among it."""
    if not residue.old and not residue.new:
        return
    for side in (residue.old, residue.new):
        if not all(e.flags & LINK and not e.flags & XREF and _in_sentence(e) for e in side):
            return
    entries = residue.old + residue.new
    if any(_hard(e.word) or e.word in vocabulary.protected for e in entries):
        return
    if not residue.old or not residue.new:
        # a link's text grown or shrunk by a word naming the page ("[GitHub Support portal]")
        # or its file's format ("[Privacy Statement (PDF)]"), the rest of the same link unchanged
        ids = {id(e) for e in entries}
        for entry in entries:
            if entry.word not in PAGE_WORDS and entry.word not in vocabulary.pointers \
                    and entry.word not in vocabulary.format_markers or not any(
                    f & LINK and f >> 8 == entry.flags >> 8 and id(Entry(w, entry.unit, i)) not in ids
                    and not any(x.unit is entry.unit and x.index == i for x in entries)
                    for i, (w, f) in enumerate(zip(entry.unit.words, entry.unit.flags))):
                return
    elif _hosts(residue.old) != _hosts(residue.new):
        return
    if _link_names_another(residue.old, residue.new, vocabulary, ordinary):
        return  # "[Google Analytics]" -> "[Adobe Analytics]": another party named, to the same page
    if _names_channel(entries, vocabulary, any_category=True) or any(
            e.word in vocabulary.terms_by_first for e in entries):
        return
    residue.old, residue.new = [], []


POINTER_MODALS = frozenset({"may"})  # "can", "may" and "might" as read (synonyms)


def _pointer_modals(residue: Residue, vocabulary) -> None:
    """"You can" added to (or dropped from) a pointer ("Learn more" ->
    "You can learn more", "Read [our FAQ]" -> "You may read [our FAQ]"):
    "you" and the modal changed together, right before a pointer verb, in
    a sentence that points (a link, or "more"/"details" after the verb);
    a negation beside them stays changed."""
    for side in ("old", "new"):
        entries = getattr(residue, side)
        changed = {(id(e.unit), e.index): e for e in entries}
        dropped: set[int] = set()
        for entry in entries:
            if entry.word not in POINTER_MODALS:
                continue
            unit, index = entry.unit, entry.index
            after = _next_word(unit, index, vocabulary)
            if after is None or unit.words[after] not in POINTER_VERBS:
                continue
            before = changed.get((id(unit), index - 1))
            if before is None or before.word != "you" or not _points(unit, after, vocabulary):
                continue  # "Staff may review reports": a practice hedged, not the reader pointed
            dropped.update((id(entry), id(before)))
        if dropped:
            _drop_entries(residue, side, dropped)


def _points(unit: Unit, verb: int, vocabulary) -> bool:
    """The sentence around the pointer verb at `verb` points somewhere: a
    link in it, or a pointer word right after the verb ("learn more")."""
    following = _next_word(unit, verb, vocabulary)
    return any(f & LINK for f in unit.flags) or following is not None and unit.words[following] in vocabulary.pointers


def _next_word(unit: Unit, index: int, vocabulary) -> int | None:
    """The index of the next word of the unit that is compared, if any."""
    for other in range(index + 1, len(unit.words)):
        if unit.words[other] not in vocabulary.ignorable:
            return other
    return None


def _repeated_words(residue: Residue, vocabulary) -> None:
    """A lone word added to (or dropped from) a sentence that says it
    anyway, elsewhere in the same sentence ("close your account (for
    example, here for WordPress.com accounts)"): a restatement. Never a
    name, number, address, negation, qualifier or term of a legal
    category, and only where it is the only word changed at its place."""
    for side in ("old", "new"):
        entries = getattr(residue, side)
        if not entries:
            continue
        ids = {(id(e.unit), e.index) for e in entries}
        changed_at: dict[int, set[int]] = {}
        for e in entries:
            changed_at.setdefault(id(e.unit), set()).add(e.index)
        kept: dict[int, set[str]] = {}  # per sentence, the words it keeps: once, not once per entry (quadratic)
        dropped = set()
        for entry in entries:
            word, unit = entry.word, entry.unit
            if entry.flags & CAPITAL or _hard(word) or word in vocabulary.protected or word in vocabulary.terms_by_first:
                continue
            if any((id(unit), i) in ids for i in (entry.index - 1, entry.index + 1)):
                continue  # part of a longer change
            if id(unit) not in kept:
                changed = changed_at[id(unit)]
                kept[id(unit)] = {w for i, w in enumerate(unit.words) if i not in changed}
            if word in kept[id(unit)]:
                dropped.add(id(entry))
        if dropped:
            _drop_entries(residue, side, dropped)


def _abbreviation_heads(residue: Residue, vocabulary, notices) -> None:
    """An abbreviation's head word written out or dropped ("Your IP" ->
    "Your IP address"): one word of `abbreviation_heads` (the words an
    abbreviation's own name ends with: address, number, code), right after
    a word written in capitals ("IP"), that the notice writes after it
    elsewhere, in both versions (outside this sentence): the notice's own
    name for the same thing. "Your IP" -> "Your IP range", and "your ID"
    -> "your ID card" (a document, not the identifier), are said."""
    for side, other in (("new", 0), ("old", 1)):
        entries = getattr(residue, side)
        if not entries:
            continue
        changed = {(id(e.unit), e.index) for e in entries}
        dropped = set()
        for entry in entries:
            unit, index = entry.unit, entry.index
            if index == 0 or (id(unit), index - 1) in changed or (id(unit), index + 1) in changed:
                continue
            if entry.word not in vocabulary.abbreviation_heads or entry.word in vocabulary.protected:
                continue
            abbreviation = _written(Entry(unit.words[index - 1], unit, index - 1))
            if not _abbreviation_form(abbreviation) or not _written(entry).isalpha():
                continue
            pair = f" {abbreviation.lower()} {_written(entry).lower()} "
            here = _loose(unit.text).count(pair.strip())
            texts = notices()
            if texts[other].count(pair) >= 1 and texts[1 - other].count(pair) > here:
                dropped.add(id(entry))
        if dropped:
            _drop_entries(residue, side, dropped)


def _drop_entries(residue: Residue, side: str, dropped: set[int]) -> None:
    """Take the entries explained away (by id) out of one side of the residue."""
    setattr(residue, side, [e for e in getattr(residue, side) if id(e) not in dropped])


NAME_WORDS_BEFORE = 4  # at most this many words of a new name before "(formerly ...)"


def _former_names(residue: Residue, vocabulary) -> None:
    """A former name given beside a name ("like X (formerly Twitter)",
    "a Mozilla account (formerly Firefox Accounts)"): the text says itself
    that the same thing is meant, so the parenthesis and the new name just
    before it (when the old name was there) are not a change. Names only:
    every word in the parenthesis but its marker, and every word taken as
    the new name, is capitalised as written; no number, address, negation,
    qualifier or term of a legal category among them."""
    pattern = vocabulary.former_pattern
    if pattern is None:
        return
    markers = {w for marker in vocabulary.former_names for w in marker.split()}
    for side in ("old", "new"):
        entries = getattr(residue, side)
        if not entries:
            continue
        ids = {(id(e.unit), e.index): e for e in entries}
        dropped: set[int] = set()
        for unit in {id(e.unit): e.unit for e in entries}.values():
            for match in pattern.finditer(unit.text):
                inside = [i for i, (start, end) in enumerate(unit.spans) if start >= match.start() and end <= match.end()]
                names = [i for i in inside if _surface_text(unit, i).lower() not in markers]
                if not names or not all(_surface_text(unit, i)[:1].isupper() for i in names):
                    continue
                ids = _realigned(unit, inside, ids)
                before = _name_before(unit, inside[0] if inside else 0, ids) if any(
                    (id(unit), i) not in ids for i in names) else []  # the old name kept: what precedes is the new one
                chosen = [i for i in inside + before if (id(unit), i) in ids]
                words = [unit.words[i] for i in names + before]  # the markers are the vocabulary's own
                if any(_hard(w) or w in vocabulary.protected for w in words) or _has_term(words, vocabulary):
                    continue
                dropped.update(id(ids[(id(unit), i)]) for i in chosen)
        if dropped:
            _drop_entries(residue, side, dropped)


def _realigned(unit: Unit, inside: list[int], ids: dict) -> dict:
    """The same diff aligned the other way where the comparison chose the
    parenthesis's last word as the kept one: "account (formerly Firefox
    Accounts)" read as "account" added before "(formerly Firefox" and the
    old "account" kept as "Accounts". When the word just before the
    parenthesis is changed and the parenthesis's last word, the same word,
    is not, the last word is the added one and the word before is kept:
    the words added are the same, only which of the two equal words is
    which (words inside that are not changed are the company's own name,
    explained before, or were compared with old words: a name's words
    either way, as the rule asks)."""
    last, before = inside[-1], inside[0] - 1
    if before < 0 or (id(unit), last) in ids or (id(unit), before) not in ids \
            or unit.words[before] != unit.words[last]:
        return ids
    shifted = dict(ids)
    entry = shifted.pop((id(unit), before))
    shifted[(id(unit), last)] = entry
    return shifted


def _surface_text(unit: Unit, index: int) -> str:
    start, end = unit.spans[index]
    return re.sub(r"[\x01-\x07]", "", unit.text[start:end])


def _name_before(unit: Unit, first: int, changed: dict) -> list[int]:
    """The changed, capitalised words just before index `first`: a new name."""
    found = []
    index = first - 1
    while index >= 0 and len(found) < NAME_WORDS_BEFORE and (id(unit), index) in changed \
            and _surface_text(unit, index)[:1].isupper():
        found.append(index)
        index -= 1
    return found


def _links_only(units: list[Unit], vocabulary) -> bool:
    """A section of links to other pages ("Other resources": a list of
    links): every item or sentence is link text with at most pointer words
    around it, no number, address, negation, qualifier, contact or term
    of a legal category among them."""
    items = [u for u in units if u.kind not in ("title", "heading")]
    if not items:
        return False
    for unit in items:
        words = [(w, f) for w, f in zip(unit.words, unit.flags) if w not in vocabulary.ignorable]
        if not words or not any(f & LINK for _, f in words):
            return False
        if any(not f & LINK and w not in vocabulary.pointers for w, f in words):
            return False
        if any(_hard(w) or w in vocabulary.protected for w, _ in words) or _has_term([w for w, _ in words], vocabulary):
            return False
    titles = [w for u in units if u.kind in ("title", "heading") for w in u.words]
    return not any(_hard(w) or w in vocabulary.protected and w not in vocabulary.heading_words for w in titles) \
        and not _has_term(titles, vocabulary)


def _has_term(words: list, vocabulary) -> bool:
    """A term of a legal category (any but scope) among the words."""
    for i, word in enumerate(words):
        for term, category in vocabulary.terms_by_first.get(word, ()):
            if category != "scope" and tuple(words[i:i + len(term)]) == term:
                return True
    return False


def _hard(word: str) -> bool:
    """Words no rewording explains: numbers and addresses."""
    return any(c.isdigit() for c in word) or "@" in word


def _pointer(entries: list[Entry], vocabulary) -> bool:
    if not entries:
        return True
    return all(e.word in vocabulary.pointers or e.word in vocabulary.ignorable for e in entries) \
        and any(e.word in POINTER_VERBS for e in entries)


REFERENCE_VERBS = POINTER_VERBS | frozenset(stem(w, {}) for w in ("described", "listed", "explained", "outlined",
                                                                    "detailed", "refer", "under"))
PLACE_WORDS = frozenset(stem(w, {}) for w in ("above", "below", "under"))  # where in the notice, in a pointer


CONDITIONS = frozenset(stem(w, {}) for w in ("if", "when", "where", "once"))
IF, WHERE = stem("if", {}), stem("where", {})
CERTAIN = frozenset(stem(w, {}) for w in ("when", "once"))  # a time that will come, not a hypothesis
READER = "you"  # "If you ask" / "When you ask": the reader's own act, which only the reader decides
REQUIREMENTS = frozenset(stem(w, {}) for w in ("required", "requires", "permitted", "permits", "allowed", "allows",
                                               "necessary", "mandated", "authorised", "authorized"))
REQUIREMENT_REACH = 3  # words after "Where"/"If" that say a rule ("Where the law allows", "If legally required")
SAME_CONDITION = 0.8  # share of its other words a sentence keeps for its opening condition to be reworded


def _opening_conditions(residue: Residue, vocabulary) -> None:
    """The word that opens a condition exchanged for another at the start
    of the same sentence ("If you close your account" -> "Where you ...",
    "Once the period expires" -> "When ..."): one such word on each side,
    each the first word of its sentence, the two words of one kind
    (`_same_condition`), the rest of the two sentences mostly the same.
    Anywhere else "when" and "where" may ask a question or name a place,
    and "once" may count ("once a year")."""
    if not residue.old or not residue.new:
        return
    old = [e for e in residue.old if e.word in CONDITIONS and _opens(e, vocabulary)]
    new = [e for e in residue.new if e.word in CONDITIONS and _opens(e, vocabulary)]
    dropped_old, dropped_new = set(), set()
    for a in old:
        for b in new:
            if id(b) in dropped_new or a.word == b.word or not _same_condition(a, b, vocabulary):
                continue
            rest_a = [w for w in a.unit.words[a.index + 1:] if w not in vocabulary.ignorable]
            rest_b = [w for w in b.unit.words[b.index + 1:] if w not in vocabulary.ignorable]
            if rest_a and SequenceMatcher(None, rest_a, rest_b, autojunk=False).ratio() >= SAME_CONDITION:
                dropped_old.add(id(a))
                dropped_new.add(id(b))
                break
    if dropped_old:
        _drop_entries(residue, "old", dropped_old)
        _drop_entries(residue, "new", dropped_new)


SYMMETRIC_RELATIONS = frozenset({"conflict"})  # "a conflict between A and B" is "A conflicts with B"


def _relation_turned(residue: Residue, vocabulary) -> None:
    """A symmetric relation said as a noun or as a verb: "In the event of a
    conflict between a translated version and the English version" -> "If
    a translated version conflicts with the English version". The noun's
    "between" and "and", the verb's "with" and the relation word itself
    are no change when what stands between "between" and "and" is word for
    word what stands before the verb, and the first word after "and" is
    the first after "with". Another party, version or order of the two is
    still said (its words stay changed, or the parts do not match)."""
    for noun_side, verb_side in (("old", "new"), ("new", "old")):
        nouns = [e for e in getattr(residue, noun_side) if e.word in SYMMETRIC_RELATIONS]
        verbs = [e for e in getattr(residue, verb_side) if e.word in SYMMETRIC_RELATIONS]
        ids_noun = {(id(e.unit), e.index): e for e in getattr(residue, noun_side)}
        ids_verb = {(id(e.unit), e.index): e for e in getattr(residue, verb_side)}
        dropped_noun, dropped_verb = set(), set()
        for noun in nouns:
            words = noun.unit.words
            at = noun.index
            if at + 1 >= len(words) or words[at + 1] != "between" or "and" not in words[at + 2:]:
                continue
            joint = words.index("and", at + 2)
            first, after = words[at + 2:joint], _first_content(words[joint + 1:], vocabulary)
            for verb in verbs:
                vwords, v = verb.unit.words, verb.index
                if id(verb) in dropped_verb or v + 1 >= len(vwords) or vwords[v + 1] != "with":
                    continue
                if not first or vwords[max(0, v - len(first)):v] != first \
                        or after is None or _first_content(vwords[v + 2:], vocabulary) != after:
                    continue
                marks = [(id(noun.unit), i) for i in (at, at + 1, joint)]
                links = [(id(verb.unit), i) for i in (v, v + 1)]
                if all(m in ids_noun for m in marks) and all(k in ids_verb for k in links):
                    dropped_noun.update(id(ids_noun[m]) for m in marks)
                    dropped_verb.update(id(ids_verb[k]) for k in links)
                    break
        if dropped_noun:
            _drop_entries(residue, noun_side, dropped_noun)
            _drop_entries(residue, verb_side, dropped_verb)


def _first_content(words: list[str], vocabulary) -> str | None:
    return next((w for w in words if w not in vocabulary.ignorable), None)


def _same_condition(a: Entry, b: Entry, vocabulary) -> bool:
    """Two opening words that set the same condition: "When" and "Once"
    (both a time that comes); any two before the reader's own act ("If you
    ask" / "When you ask"); "If" and "Where" before a rule ("Where required
    by law"). "If we sell your data" -> "When we sell ..." makes a
    hypothesis an admission, and "Where we store it" -> "When ..." a place a
    time: said."""
    if a.word in CERTAIN and b.word in CERTAIN:
        return True
    if _next_is(a, READER) and _next_is(b, READER):
        return True
    return {a.word, b.word} == {IF, WHERE} and (_states_a_rule(a) and _states_a_rule(b)
                                                or _states_a_state(a, vocabulary) and _states_a_state(b, vocabulary))


BE = frozenset({"is", "are", "was", "were", "be"})
STATE_REACH = 4  # words from "If"/"Where" to the "is"/"are" of a thing's state ("If the changes are substantive")


def _states_a_state(entry: Entry, vocabulary) -> bool:
    """A thing's state a few words after the condition's word, no party,
    pronoun or name before it: "If the changes are substantive" / "Where
    the changes are substantive" (not "Where we are", "If you are", "If it
    is": who, or where, one is, or what "it" was)."""
    unit = entry.unit
    for i in range(entry.index + 1, min(len(unit.words), entry.index + 1 + STATE_REACH)):
        word = unit.words[i]
        if word in BE:
            return i > entry.index + 1
        if word in vocabulary.parties or unit.flags[i] & CAPITAL or _written(Entry(word, unit, i)).lower() \
                in vocabulary.referring_words:
            return False
    return False


def _next_is(entry: Entry, word: str) -> bool:
    words = entry.unit.words
    return entry.index + 1 < len(words) and words[entry.index + 1] == word


def _states_a_rule(entry: Entry) -> bool:
    """A requirement or permission a few words after the condition's word."""
    return any(w in REQUIREMENTS for w in entry.unit.words[entry.index + 1:entry.index + 1 + REQUIREMENT_REACH])


ONLY = "only"
NEGATING = frozenset({"no", "not", "never", "none", "nobody"})
EXCEPTING = frozenset({"except", "without"})
BUT_EXCEPTS_AFTER = frozenset(stem(w, {}) for w in ("one", "nobody", "none", "nothing", "anyone", "anybody",
                                                    "anything"))  # "no one but X"; after a comma "but" joins clauses
NO_ONE = "1"  # "one" as read, right after "no"
ANYONE = frozenset(stem(w, {}) for w in ("anyone", "anybody"))  # "not ... anyone except"
EXCEPTION_REACH = 6  # words from the negation to its exception ("do not share it without")
EXCEPTED_WORDS = 2  # words of what is excepted that must follow "only" too ("our staff", "your consent")


def _only_as_exception(residue: Residue, vocabulary) -> None:
    """"Only X" said as "no one except X", "not ... without X" (and back):
    in one sentence pair, one side changes "only" and nothing else guarded,
    the other a negation with its exception a few words on and nothing
    else guarded, the exception new with the negation (the sentence with
    "only" has none) and followed by what followed "only", and the rest of the two sentences mostly the
    same. Any other guarded word changed beside them ("not always ...
    without"), a second exception, an exception both sides already had
    ("not share it without consent" -> "only share it without consent"),
    or one side only stays said."""
    for side, other in (("old", "new"), ("new", "old")):
        onlies = [e for e in getattr(residue, side) if e.word == ONLY]
        for only in onlies:
            here = [e for e in getattr(residue, side) if e.unit is only.unit]
            if any(e is not only and (e.word in vocabulary.protected or e.word in NEGATING) for e in here):
                continue
            for unit in {id(e.unit): e.unit for e in getattr(residue, other)}.values():
                there = [e for e in getattr(residue, other) if e.unit is unit]
                found = _negated_exception(there, unit, vocabulary)
                if found is None or not _same_rest(only.unit, unit, vocabulary) \
                        or any(_excepts(only.unit, i) for i in range(len(only.unit.words))) \
                        or not _excepted_follows_only(only, unit, found[1], vocabulary):
                    continue
                _drop_entries(residue, side, {id(only)})
                _drop_entries(residue, other, found[0])
                break


BEFORE_VERB = MODAL_VERBS | {"to"}  # a verb follows them ("to collect only", "we will only share")


def _only_beside_its_verb(residue: Residue, vocabulary) -> None:
    """"only" moved to the other side of the verb it stands next to, the
    sentence otherwise the same ("We collect only what we need" -> "We
    only collect what we need"): the same limit in common usage. The verb
    is the word after a person ("we", "you"), a modal or "to" on both
    sides; not a name, number or guarded word. "Only we collect" ->
    "We only collect", or "only" moved past the verb's object, is read."""
    olds = [e for e in residue.old if e.word == ONLY]
    news = [e for e in residue.new if e.word == ONLY]
    if len(olds) != 1 or len(news) != 1:
        return
    a, b = olds[0], news[0]
    if not _beside_its_verb(a.unit, a.index, b.unit, b.index, vocabulary):
        return
    residue.old = [e for e in residue.old if e is not a]
    residue.new = [e for e in residue.new if e is not b]


def _beside_its_verb(old: Unit, i: int, new: Unit, j: int, vocabulary) -> bool:
    """The limiting word at old.words[i] stands at new.words[j] on the other
    side of the verb it is next to, the sentence otherwise the same: the
    verb after a person, a modal or "to", not a name, number or guarded word."""
    old_words, new_words = old.words, new.words
    if old_words[:i] + old_words[i + 1:] != new_words[:j] + new_words[j + 1:] or abs(i - j) != 1:
        return False
    verb = min(i, j)  # the verb's place once the limiting word is taken out
    rest = old_words[:i] + old_words[i + 1:]
    word = rest[verb]
    opener = rest[verb - 1] if verb > 0 else None
    if opener is None or not (opener in vocabulary.parties or opener in BEFORE_VERB) \
            or word in vocabulary.protected or word in vocabulary.parties or word in vocabulary.ignorable \
            or any(c.isdigit() for c in word):
        return False
    unit, index = (new, j + 1) if j < i else (old, i + 1)
    return not unit.flags[index] & (CAPITAL | INITIAL)


# "just" limits too, but is an ignorable word whose change no reason says: not read here
LIMITING = frozenset({"only", "solely", "exclusively"})


def _limit_moved(residue: Residue, before: list[Unit], after: list[Unit], vocabulary) -> None:
    """A limiting word moved in a sentence otherwise the same, past a word
    the comparison leaves out ("Only we read the messages you send." -> "We
    only read ..."): the diff sees "we" move, not "only", yet what is
    limited changed. Said, unless it went to the other side of its verb
    (`_beside_its_verb`) or is already among the words left."""
    said = {id(e.unit) for e in residue.new if e.word in LIMITING}
    for old in before:
        limits = [i for i, w in enumerate(old.words) if w in LIMITING]
        if len(limits) != 1:
            continue
        i = limits[0]
        rest = old.words[:i] + old.words[i + 1:]
        for new in after:
            if id(new) in said or new.words == old.words:
                continue
            places = [j for j, w in enumerate(new.words) if w == old.words[i]]
            if len(places) != 1 or new.words[:places[0]] + new.words[places[0] + 1:] != rest:
                continue
            if not _beside_its_verb(old, i, new, places[0], vocabulary):
                residue.new.append(Entry(new.words[places[0]], new, places[0]))
                said.add(id(new))
            break


def _negated_exception(entries: list[Entry], unit: Unit, vocabulary) -> tuple[set, int] | None:
    """The ids of a negation and its exception ("no one except", "not ...
    without"), and the "one" of "no one" or an "anyone" between them, when
    they are all the guarded words changed in this sentence and the
    exception is among them; with the exception's index. Any other number
    ("no one except one employee") stays said."""
    negations = [e for e in entries if e.word in NEGATING]
    if len(negations) != 1:
        return None
    negation = negations[0]
    words = unit.words
    exceptions = [i for i in range(negation.index + 1, min(len(words), negation.index + 1 + EXCEPTION_REACH))
                  if _excepts(unit, i)]
    if len(exceptions) != 1 or sum(_excepts(unit, i) for i in range(len(words))) != 1:
        return None
    exception = exceptions[0]
    if not any(e.index == exception for e in entries) and words[exception] not in vocabulary.ignorable:
        return None  # the exception was there before the negation: "not ... without" -> "only ... without"
    dropped = {id(negation)}
    for entry in entries:
        if entry is negation:
            continue
        if entry.index == exception or _nobody_word(entry, negation, exception):
            dropped.add(id(entry))
        elif entry.word in vocabulary.protected or entry.word in NEGATING:
            return None  # another guarded word changed too
    return dropped, exception


def _excepts(unit: Unit, i: int) -> bool:
    """The word at `i` means "except": "without", "except", or "but" right
    after "no one", "nobody", "nothing" ("but" after a comma, or after any
    other word, joins two clauses)."""
    words = unit.words
    if words[i] in EXCEPTING:
        return True
    if words[i] != "but" or i == 0 or unit.text[unit.spans[i - 1][1]:unit.spans[i][0]].strip():
        return False
    before = words[i - 1]
    return before in BUT_EXCEPTS_AFTER or before == NO_ONE and i > 1 and words[i - 2] == "no"


def _nobody_word(entry: Entry, negation: Entry, exception: int) -> bool:
    """The "one" of "no one" (right after "no"), or "anyone"/"anybody"
    between the negation and its exception: the negation's own words."""
    if entry.word == NO_ONE:
        return negation.word == "no" and entry.index == negation.index + 1
    return entry.word in ANYONE and negation.index < entry.index < exception


def _excepted_follows_only(only: Entry, unit: Unit, exception: int, vocabulary) -> bool:
    """What the exception excepts ("except our staff", "without your
    consent") is written after "only" on the other side too."""
    def content(words):
        return [w for w in words if w not in vocabulary.ignorable]
    excepted = content(unit.words[exception + 1:])[:EXCEPTED_WORDS]
    after_only = content(only.unit.words[only.index + 1:])
    size = len(excepted)
    return bool(excepted) and any(after_only[i:i + size] == excepted for i in range(len(after_only) - size + 1))


def _same_rest(a: Unit, b: Unit, vocabulary) -> bool:
    """The two sentences' other words mostly the same."""
    def rest(unit):
        return [w for w in unit.words if w not in vocabulary.ignorable and w not in vocabulary.protected
                and w not in NEGATING and w != NO_ONE and w not in ANYONE]
    x, y = rest(a), rest(b)
    return bool(x) and SequenceMatcher(None, x, y, autojunk=False).ratio() >= SAME_CONDITION


def _opens(entry: Entry, vocabulary) -> bool:
    """The entry is the first compared word of its sentence."""
    return all(w in vocabulary.ignorable for w in entry.unit.words[:entry.index])


def _title_words(old_parts: list[Part], new_parts: list[Part]) -> dict:
    """Every section title and heading of both versions, its words lower
    case as written and joined by spaces ("sharing of personal data"),
    each with the sections it names (a `##` section by its id, so a
    renamed title names the same section; a heading by its section and
    words): the names a cross-reference calls sections by."""
    found: dict[str, set] = defaultdict(set)
    for part in (*old_parts, *new_parts):
        found[" ".join(TITLE_WORD.findall(part.title.lower()))].add(part.id)
        for heading in re.findall(r"(?m)^#{2,6}[ \t]+(.+?)(?:[ \t]*\{[^}]*\})?[ \t]*$", part.body):
            words = " ".join(TITLE_WORD.findall(heading.lower()))
            found[words].add(f"{part.id}/{words}")
        for label in LABEL.findall(part.body):  # "-   **Job applicant information:** If you apply ..."
            words = " ".join(TITLE_WORD.findall(label.lower()))
            found[words].add(f"{part.id}/{words}")
    found.pop("", None)
    return {title: frozenset(sections) for title, sections in found.items()}


TITLE_WORD = re.compile(r"[^\W_]+")
# a list item or paragraph that opens with its name in bold ("**Job applicant information:**"):
# a heading in all but markup, which a pointer may name ("see “Job applicant information” below")
LABEL = re.compile(r"(?m)^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?\*\*([^*\n:]{2,80}?)[ \t]*:?[ \t]*\*\*")
PLACE_AFTER = frozenset(stem(w, {}) for w in ("section", "sections", "part", "parts", "heading", "headings",
                                              "below", "above"))  # "the Your Rights section", "Sharing below"
POINTER_REACH = 4  # words back from a section's name to the verb that points at it ("see the ...")


def _named_titles(unit: Unit, vocabulary, title_words) -> list:
    """(start, end, sections) of each whole section title the sentence
    writes, capitalised, as the object of a pointer: after a verb that
    points ("see the Sharing of Personal Data section", "as described in
    Your Rights", "under Sharing") or before a place ("the Cookies
    section", "Sharing below"). Loose words of a title ("UK", "Users",
    "Cookies" of "Cookies and Advertising") name no section."""
    tokens = [(m.group(), m.start(), m.end()) for m in TITLE_WORD.finditer(unit.text.lower())]
    starts = defaultdict(list)
    for i, (token, _, _) in enumerate(tokens):
        starts[token].append(i)
    found = []
    for title, sections in title_words().items():
        parts = title.split(" ")
        for i in starts.get(parts[0], ()):
            if [t for t, _, _ in tokens[i:i + len(parts)]] != parts or not unit.text[tokens[i][1]].isupper():
                continue
            start, end = tokens[i][1], tokens[i + len(parts) - 1][2]
            if _pointed_at(unit, start, end, vocabulary):
                found.append((start, end, sections))
    return found


def _pointed_at(unit: Unit, start: int, end: int, vocabulary) -> bool:
    """The text from `start` to `end` is what a pointer points at: a place
    word right after it, or a verb that points a few pointer words before."""
    after = [i for i, (s, _) in enumerate(unit.spans) if s >= end]
    if after and unit.words[after[0]] in PLACE_AFTER:
        return True
    before = [i for i, (_, e) in enumerate(unit.spans) if e <= start][::-1][:POINTER_REACH]
    for i in before:
        word = unit.words[i]
        if word in REFERENCE_VERBS:
            return True
        if word not in vocabulary.pointers and word not in vocabulary.ignorable:
            return False
    return False


def _in_named_title(entry: Entry, vocabulary, title_words) -> frozenset | None:
    """The sections a whole title names when the entry is one of its
    words, written as a pointer's object; None when it is not."""
    start, end = entry.unit.spans[entry.index]
    for title_start, title_end, sections in _named_titles(entry.unit, vocabulary, title_words):
        if title_start <= start and end <= title_end:
            return sections
    return None


def _pointers_in_place(residue: Residue, vocabulary, title_words) -> None:
    """A sentence whose only words changed are where its pointer points:
    "see the Sharing section below" -> "see the Sharing section",
    "described above" -> "described in the Retention section" (a section's
    whole name, capitalised, as the notice's titles write it). A pointer
    that named one section and now names another ("see the Your Rights
    section" -> "see the Sharing section") points elsewhere: said."""
    found: dict[str, dict] = {}
    for side in ("old", "new"):
        by_unit: dict[int, list[Entry]] = defaultdict(list)
        for entry in getattr(residue, side):
            by_unit[id(entry.unit)].append(entry)
        found[side] = {key: named for key, entries in by_unit.items()
                       if (named := _points_in_place(entries, vocabulary, title_words)) is not None}
    names = {side: frozenset().union(*found[side].values()) for side in found}
    elsewhere = bool(names["old"] and names["new"] and not names["old"] & names["new"])
    for side in ("old", "new"):
        dropped = {key for key, named in found[side].items() if not (elsewhere and named)}
        if dropped:
            setattr(residue, side, [e for e in getattr(residue, side) if id(e.unit) not in dropped])


def _points_in_place(entries: list[Entry], vocabulary, title_words=None) -> frozenset | None:
    """Only words of a pointer changed ("below", "section", "this", a
    section's whole name), in a sentence that points ("see", "described",
    "as described in" read as "under"): the same text pointed to, its
    place said another way. No negation, modal or qualifier but "above",
    "below" and "under", and those not before a number or an age
    ("below 16", "under 13"). The sections its changed words name (empty
    when they name none), or None when the sentence says something else."""
    named = set()
    for entry in entries:
        word, unit = entry.word, entry.unit
        sections = _in_named_title(entry, vocabulary, title_words) if title_words is not None else None
        if sections is not None:
            named |= sections  # a section called by its name
        elif _section_number(entry):
            pass  # "see Section 10 below": the place the pointer already named, numbered
        elif _notice_name(entry, vocabulary):
            pass  # "the Sharing section of this Privacy Statement": the notice itself
        elif word not in vocabulary.pointers and word not in vocabulary.ignorable and word not in REFERENCE_VERBS \
                and word not in ("as", "of"):  # "as described above", "the X section of this notice"
            return None
        if word in vocabulary.protected and word not in PLACE_WORDS and sections is None:
            return None  # "may", "more": a modal or a quantity, even beside a pointer
        if word in PLACE_WORDS:
            after = _next_word(unit, entry.index, vocabulary)
            if after is not None and (_hard(unit.words[after]) or unit.words[after] in AGE_WORDS):
                return None
        if not _points_at_text(unit, vocabulary, title_words) and not (word in PLACE_WORDS - {"under"}):
            return None  # no verb that points; "the above requests" points by "above" itself
    return frozenset(named)


def _section_number(entry: Entry) -> bool:
    """The number of one of the notice's sections, written after "section",
    "part" ... as a word ("Section 10", "part 4.2"; not "§ 100")."""
    return bool(SECTION_NUMBER.fullmatch(entry.word)) and _cross_reference(entry)


def _points_at_text(unit: Unit, vocabulary, title_words) -> bool:
    """The sentence has a verb that points ("see", "described", "listed"),
    or an "under" right before a place, a quoted name or a section's name
    ("under the Sharing section", "as described in the “When required”
    part", "as described in Your Rights"; not "under the age of 13",
    "under UK law")."""
    for i, word in enumerate(unit.words):
        if word in REFERENCE_VERBS and word != "under":
            return True
        if word == "under":
            after = _next_word(unit, i, vocabulary)
            if after is None:
                continue
            between = unit.text[unit.spans[i][1]:unit.spans[after][0]]
            if unit.words[after] in PLACE_AFTER or any(q in between for q in QUOTES) or title_words is not None \
                    and any(unit.spans[i][1] <= start <= unit.spans[after][0]
                            for start, _, _ in _named_titles(unit, vocabulary, title_words)):
                return True
    return False


QUOTES = ('"', "\u201c", "\u2018", "'")
OWN_NOTICE = frozenset({"this", "our"})  # "this Privacy Statement", "our Privacy Notice"


def _notice_name(entry: Entry, vocabulary) -> bool:
    """A capitalised word of the notice's own name after "this" or "our"
    ("this Privacy Statement"): the notice a pointer points into."""
    words = entry.unit.words
    index = entry.index
    if not entry.flags & CAPITAL or words[index] not in vocabulary.heading_words:
        return False
    while index > 0 and words[index - 1] in vocabulary.heading_words and entry.unit.flags[index - 1] & CAPITAL:
        index -= 1
    return index > 0 and words[index - 1] in OWN_NOTICE


AGE_WORDS = frozenset(stem(w, {}) for w in ("age", "aged", "years"))


def _pairs_cancel(old: list[Entry], new: list[Entry], vocabulary, spelled=None) -> tuple[list, list]:
    protected = vocabulary.protected
    if not old or not new:
        return old, new
    old, new = list(old), list(new)
    # a link's host changed to another host of the same site ("help.github.com" -> "docs.github.com")
    for a in [e for e in old if HOST_WORD.fullmatch(e.word)]:
        for b in new:
            if a in old and b in new and HOST_WORD.fullmatch(b.word) and a.word != b.word \
                    and _same_site(a.word, b.word, vocabulary.shared_hosts):
                old.remove(a)
                new.remove(b)
                break
    # an abbreviation made of the first letters of the words it stands for
    for short, long_side in ((old, new), (new, old)):
        for entry in list(short):
            word = entry.word
            if 2 <= len(word) <= 6 and word.isalpha() and word not in protected and _abbreviation_form(_written(entry)):
                normal, written = "".join(e.word[0] for e in long_side), _initials(long_side)
                for start in range(len(long_side) - len(word) + 1):
                    run = long_side[start:start + len(word)]
                    if word in (written[start:start + len(word)], normal[start:start + len(word)]) \
                            and not any(e.word in protected for e in run):
                        short.remove(entry)
                        del long_side[start:start + len(word)]
                        break
    # one word written as two or three (signup / sign up, login / log in)
    for joined, split in ((old, new), (new, old)):
        for entry in list(joined):
            if entry.word in protected or not entry.word.isalpha():
                continue
            for size in (2, 3):
                for start in range(len(split) - size + 1):
                    run = split[start:start + size]
                    if "".join(e.word for e in run) == entry.word or \
                            "".join(_written(e).lower() for e in run) == _written(entry).lower():
                        if entry in joined and not any(e.word in protected for e in run):
                            joined.remove(entry)
                            del split[start:start + size]
                        break
    # typos; a name written shorter or longer (Woo / WooCommerce)
    for a in list(old):
        for b in list(new):
            if a in old and b in new and (_near(a, b, protected) and _misspelt(a, b, spelled, vocabulary.term_words)
                                          or _protected_typo(a, b, protected, spelled)):
                old.remove(a)
                new.remove(b)
                break
    return old, new


HOST_WORD = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic"})


def _site(host: str) -> str:
    """The registrable part of a host: its last two labels, or three under a
    country's second level ("example.co.uk")."""
    labels = host.split(".")
    size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-size:])


def _same_site(a: str, b: str, shared: frozenset) -> bool:
    """Two hosts of one site ("help.github.com", "docs.github.com"), not of a
    site whose subdomains are other parties' ("alice.github.io")."""
    site = _site(a)
    if site != _site(b) or site in shared or not any(c.isalpha() for c in site.split(".")[0]):
        return False
    return not any(a.endswith("." + host) or a == host for host in shared)


TYPO_LETTERS = 5  # the shortest word whose typo may be fixed where a negation, modal or qualifier is involved


def _rare(written: str, spelled, side: int) -> bool:
    """A form written at most once on its `side` (0 old, 1 new) and never on
    the other: not a word the notice uses, a typo."""
    counts = spelled()
    return counts[side][written] <= 1 and counts[1 - side][written] == 0


def _protected_typo(a: Entry, b: Entry, protected, spelled) -> bool:
    """A typo fixed into a negation, modal or qualifier ("requries" ->
    "requires"): one letter apart as written (a swap counts as one), both
    long, and the old form a rare one, not a word of either version. Never
    the other way: a promise's word mistyped no longer says it."""
    if spelled is None or a.word in protected or b.word not in protected:
        return False
    x, y = _written(a).lower(), _written(b).lower()
    if not (x.isalpha() and y.isalpha()) or min(len(x), len(y)) < TYPO_LETTERS or not _slip(x, y):
        return False
    return _rare(x, spelled, 0)


def _slip(x: str, y: str) -> bool:
    """Two neighbouring letters swapped ("requries", "examlpe"): a typo that
    makes no other word. A letter changed, added or dropped often does
    ("hour" / "your", "varies" / "very", "event" / "even")."""
    if len(x) != len(y) or x == y:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]


def _ignorable_typo(entry: Entry, vocabulary, spelled, side: int) -> bool:
    """A rare form that is a word never compared (an ignorable word) with
    two neighbouring letters swapped ("examlpe" for "example")."""
    if spelled is None or entry.flags & CAPITAL or entry.word in vocabulary.protected or _hard(entry.word):
        return False
    written = _written(entry).lower()
    if len(written) < 4 or not written.isalpha():
        return False
    swapped = (written[:i] + written[i + 1] + written[i] + written[i + 2:] for i in range(len(written) - 1))
    return any(w != written and w in vocabulary.ignorable_written for w in swapped) and _rare(written, spelled, side)


def _initials(run: list[Entry]) -> str:
    """The first letters of the words as written (a synonym may have
    changed a normalised word: "data" is read as "information")."""
    return "".join((_written(e)[:1] or e.word[:1]).lower() for e in run)


def _defines_abbreviation(run: list[Entry], protected) -> bool:
    """`run` (added or dropped, the other side unchanged) is an abbreviation
    written beside the words it stands for, or those words beside it: the
    initials of the words, as written, are the capitals of the abbreviation,
    and one of the two is unchanged next to the other in the same unit."""
    unit = run[0].unit
    indices = [e.index for e in run]
    if any(e.unit is not unit for e in run) or indices != list(range(indices[0], indices[-1] + 1)) \
            or any(e.word in protected or _hard(e.word) for e in run):
        return False
    first, last = indices[0], indices[-1]

    def abbreviation(index: int) -> str:
        if not 0 <= index < len(unit.words):
            return ""
        written = _surface_text(unit, index)
        return _abbreviation_form(written) if 2 <= len(written) <= 7 and written.isalpha() else ""

    if len(run) == 1 and abbreviation(first):  # "(DPO)" added after "Data Protection Officer"
        size = len(abbreviation(first))
        words = [Entry(unit.words[i], unit, i) for i in range(first - size, first)] if first >= size else []
        return bool(words) and _initials(words) == abbreviation(first)
    initials = _initials(run)
    return len(run) >= 2 and initials in (abbreviation(last + 1), abbreviation(first - 1))


DEFINED_REACH = 6  # words before a parenthesis that a term defined in it may be made of
ARTICLES = frozenset({"the", "a", "an"})
TERM_QUOTES = "\"\u201c\u201d\u2018\u2019'"


def _defines_term(run: list[Entry], protected) -> bool:
    """`run` (added or dropped, the other side unchanged) is a term defined
    in parentheses, quoted, by the words right before them: `X (“Term”)`
    or `X (the “Term”)`, every word of the term among the last few words
    before the parenthesis. A term made of other words ("our website (the
    “Services”)") gives the text a new meaning for it: said."""
    unit = run[0].unit
    indices = [e.index for e in run]
    if any(e.unit is not unit for e in run) or indices != list(range(indices[0], indices[-1] + 1)) \
            or any(e.word in protected or _hard(e.word) for e in run):
        return False
    first, last = indices[0], indices[-1]
    start = first - 1
    while start >= 0 and unit.words[start] in ARTICLES:
        start -= 1  # "(the “Site”)"
    opened = unit.text[unit.spans[start][1] if start >= 0 else 0:unit.spans[first][0]]
    closed = unit.text[unit.spans[last][1]:unit.spans[last + 1][0] if last + 1 < len(unit.words) else len(unit.text)]
    if start < 0 or "(" not in opened or not any(q in opened for q in TERM_QUOTES) \
            or not closed.lstrip().startswith(tuple(TERM_QUOTES)) or ")" not in closed:
        return False
    before = set(unit.words[max(0, start + 1 - DEFINED_REACH):start + 1])
    return all(e.word in before for e in run)


def _abbreviation_form(written: str) -> str:
    """An abbreviation as written, lower case, without a plural "s"
    ("DPO" -> "dpo", "SCCs" -> "scc"); "" for any other word."""
    if written.endswith("s") and len(written) >= 3 and written[:-1].isupper():
        written = written[:-1]
    return written.lower() if len(written) >= 2 and written.isupper() and written.isalpha() else ""


def _stray_letter(entry: Entry) -> bool:
    """One lower-case letter written as a word between two words, not "a" or
    "i", not in parentheses or after a capitalised word ("Plan B")."""
    written = _written(entry)
    if len(written) != 1 or not written.islower() or written in "ai" or not entry.word.isalpha():
        return False
    start, end = entry.unit.spans[entry.index]
    text = entry.unit.text
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    return before.endswith(" ") and after.startswith(" ") and 0 < entry.index < len(entry.unit.words) - 1


def _written(entry: Entry) -> str:
    start, end = entry.unit.spans[entry.index]
    return re.sub(r"[^\w]", "", entry.unit.text[start:end])


def _written_words(parts) -> Counter:
    counts: Counter = Counter()
    for part in parts:
        counts.update(_lower_words(part.title + "\n" + part.body))
    return counts


@functools.lru_cache(maxsize=4096)
def _lower_words(text: str) -> Counter:
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


def _misspelt(a: Entry, b: Entry, spelled, terms: frozenset = frozenset()) -> bool:
    """A typo is a rare form: the old word written once in the old notice
    (a typo fixed) or the new word once in the new one (a typo made), and
    the other a word the notice uses. Two ordinary words are a substitution.
    Only two neighbouring letters swapped or a letter typed twice count both
    ways; another slip counts only as a fix into a word used elsewhere."""
    if spelled is None:
        return True
    x, y = _written(a).lower(), _written(b).lower()
    if x.startswith(y) or y.startswith(x):
        return True  # a name written shorter or longer
    old_counts, new_counts = spelled()
    if _slip(x, y) or _doubled(x, y):
        return old_counts[x] <= 1 or new_counts[y] <= 1
    # any other slip of a letter may make another real word ("internally" /
    # "externally", "Ireland" / "Iceland", "employees" / "employers"), which
    # is as rare in a notice as a typo: only a rare form fixed into a word
    # the notice already uses elsewhere is a typo; never a rare form made
    # and never where either word is a word of a legal category's terms ("employer", "ireland", "breach")
    if a.word in terms or b.word in terms:
        return False
    return old_counts[x] <= 1 and new_counts[x] == 0 and (old_counts[y] >= 1 or new_counts[y] >= 2)


def _doubled(x: str, y: str) -> bool:
    """One letter typed twice ("adddress" / "address")."""
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter and longer[i] == longer[i - 1] for i in range(1, len(longer)))


def _near(a: Entry, b: Entry, protected) -> bool:
    """A typo (or a name written shorter or longer): the normalised words, or
    the words as written (a synonym or a stem may have moved one of them)."""
    x, y = a.word, b.word
    if x in protected or y in protected or _hard(x) or _hard(y) or not (x.isalpha() and y.isalpha()):
        return False
    if _near_words(a, b, x, y):
        return True
    written_a, written_b = _written(a).lower(), _written(b).lower()
    return (written_a, written_b) != (x, y) and written_a.isalpha() and written_b.isalpha() \
        and _near_words(a, b, written_a, written_b)


def _near_words(a: Entry, b: Entry, x: str, y: str) -> bool:
    surface_a = a.unit.text[a.unit.spans[a.index][0]:a.unit.spans[a.index][1]]
    surface_b = b.unit.text[b.unit.spans[b.index][0]:b.unit.spans[b.index][1]]
    if surface_a[:1].isupper() and surface_b[:1].isupper() and min(len(x), len(y)) >= 3 \
            and (x.startswith(y) or y.startswith(x)):
        return True
    if len(x) == len(y) + 1 and any(x[:i] + x[i + 1:] == y and x[i] == x[i - 1] for i in range(1, len(x))) \
            or len(y) == len(x) + 1 and any(y[:i] + y[i + 1:] == x and y[i] == y[i - 1] for i in range(1, len(y))):
        return min(len(x), len(y)) >= 3  # a letter typed twice (fFor)
    if min(len(x), len(y)) < 5 or abs(len(x) - len(y)) > 2:
        return False
    if surface_a[:1].isupper() or surface_b[:1].isupper():
        return _distance(x, y) <= 1  # names: Austria is not a typo of Australia
    return _distance(x, y) <= (1 if min(len(x), len(y)) < 7 else 2)


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


# Moves and copies ----------------------------------------------------------

def word_runs(entries: list[Entry]) -> list[list[Entry]]:
    """Entries in runs of neighbouring words of one unit."""
    runs: list[list[Entry]] = []
    for entry in entries:
        if runs and runs[-1][-1].unit is entry.unit and entry.index - runs[-1][-1].index <= 3:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _cancel_moves(residues: list[Residue], vocabulary, context=None) -> None:
    """A run of words deleted in one place and inserted in another (or
    elsewhere in the same section) is a move: both cancel. Runs of at least
    MOVE_WORDS words anywhere; a whole short run within its section. A run
    of a sentence that refers to what was said before it ("It is never sold
    to anyone.") moves to another section only with the sentence before it
    (`_Context`)."""
    inserted = [(r, run) for r in residues for run in word_runs(r.new)]
    deleted = [(r, run) for r in residues for run in word_runs(r.old)]
    if not inserted or not deleted:
        return
    grams: dict[tuple, set[int]] = defaultdict(set)
    for number, (_, run) in enumerate(deleted):
        words = [e.word for e in run]
        for i in range(len(words) - MOVE_WORDS + 1):
            grams[tuple(words[i:i + MOVE_WORDS])].add(number)
    removed: set[int] = set()
    for new_home, new_run in inserted:
        words = [e.word for e in new_run]
        candidates = set()
        for i in range(len(words) - MOVE_WORDS + 1):
            candidates |= grams.get(tuple(words[i:i + MOVE_WORDS]), set())
        if len(new_run) < MOVE_WORDS + 2:
            candidates |= {n for n, (home, run) in enumerate(deleted) if home is new_home and len(run) < MOVE_WORDS + 2}
        for number in sorted(candidates):
            old_home, old_run = deleted[number]
            if context is not None and old_home is not new_home \
                    and not context.moves_with(new_run[0].unit, old_run[0].unit):
                continue
            live_old = [e for e in old_run if id(e) not in removed]
            live_new = [e for e in new_run if id(e) not in removed]
            if len(live_old) < 2 or len(live_new) < 2:
                continue
            matcher = SequenceMatcher(None, [e.word for e in live_old], [e.word for e in live_new], autojunk=False)
            for block in matcher.get_matching_blocks():
                whole = block.size >= 2 and block.size in (len(live_old), len(live_new))
                moved_old = live_old[block.a:block.a + block.size]
                moved_new = live_new[block.b:block.b + block.size]
                if block.size >= MOVE_WORDS or (whole and new_home is old_home
                                                and _same_sentence(moved_old, moved_new, vocabulary)
                                                and not _crosses_guarded(moved_old, moved_new, vocabulary)):
                    removed.update(id(e) for e in live_old[block.a:block.a + block.size])
                    removed.update(id(e) for e in live_new[block.b:block.b + block.size])
    for residue in residues:
        residue.old = [e for e in residue.old if id(e) not in removed]
        residue.new = [e for e in residue.new if id(e) not in removed]


SAME_SENTENCE = 0.8  # share of its other words a sentence keeps for a short run to move within it


def _same_sentence(old_run: list[Entry], new_run: list[Entry], vocabulary) -> bool:
    """A short run moved within its sentence (the rest of the sentence much
    the same on both sides), not into another one ("We never sell A. We
    sell B." -> "We never sell B. We sell A.")."""
    def rest(run):
        unit = run[0].unit
        moved = {e.index for e in run if e.unit is unit}
        return Counter(w for i, w in enumerate(unit.words) if i not in moved and w not in vocabulary.ignorable)

    old_rest, new_rest = rest(old_run), rest(new_run)
    if old_run[0].unit is new_run[0].unit:
        return True
    return sum((old_rest & new_rest).values()) >= SAME_SENTENCE * max(sum(old_rest.values()), sum(new_rest.values()), 1)


def _loose(text: str) -> str:
    """Text without link texts, marks, case and punctuation: for finding a copy."""
    text = re.sub(r"[\x01\x05][^\x02]*\x02|\x03[^\x04]*\x04", " ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


DUPLICATE_REMOVED = 0.5  # share of a sentence's words left over for it to count as removed, not edited


def _cancel_duplicates(residues, new_parts, vocabulary) -> None:
    """A sentence removed whose copy is still in the new notice (a duplicate
    taken out; link texts aside) is not a loss. Removed, not edited: when
    most of the sentence's words are still compared with the new text where
    it stood, it was reworded in place ("We only keep ..." -> "We keep ..."),
    and a copy of the old wording elsewhere does not excuse what its section
    now says."""
    candidates = [r for r in residues if r.old]
    if not candidates:
        return
    new_text = None
    for residue in candidates:
        dropped = set()
        hard_units = {id(e.unit) for e in residue.old if _hard(e.word)}  # an address in a link's text is not aside
        left = Counter(id(e.unit) for e in residue.old)
        for unit in {id(e.unit): e.unit for e in residue.old}.values():
            if id(unit) in hard_units:
                continue
            if DUPLICATE_REMOVED * len([w for w in unit.words if w not in vocabulary.ignorable]) > left[id(unit)]:
                continue  # most of it kept where it was: edited, not removed
            loose = _loose(unit.text)
            if len(loose.split()) < 2 * MOVE_WORDS:
                continue
            if new_text is None:
                new_text = " " + " ".join(_loose(clean(p.title + "\n" + p.body)) for p in new_parts) + " "
            if f" {loose} " in new_text:
                dropped.add(id(unit))
        residue.old = [e for e in residue.old if id(e.unit) not in dropped]


POINTER_OTHER = frozenset({"other"})  # "For how long we keep other information, see [Data retention](#...)"


POINTER_JOINS = frozenset(stem(w, {}) for w in ("including", "and"))  # what a pointer's page covers, listed


def _reader_pointed(unit: Unit, vocabulary) -> bool:
    """The sentence points the reader with a modal ("You can also [learn more](...)")."""
    return any(w in POINTER_MODALS and _pointer_place(unit, i, vocabulary) for i, w in enumerate(unit.words))


def _pointer_place(unit: Unit, index: int, vocabulary) -> bool:
    """A guarded word of a pointer that guards nothing: "can" between "you"
    and the verb that points ("You can also [learn more](...)"); and, in a
    sentence pointing to another part of this notice (a link to a place in
    it), what only says where that part is or sets it apart from this one:
    "below"/"above" not before a number or an age ("see [Data
    retention](#data-retention) below"; not "below 16"), and "other" ("For
    how long we keep other information, see ...")."""
    word = unit.words[index]
    if word in POINTER_MODALS and index > 0 and unit.words[index - 1] == READER:
        after = _next_word(unit, index, vocabulary)  # "You can also [learn more](...)": the reader pointed
        return after is not None and unit.words[after] in POINTER_VERBS
    if not any(f & XREF for f in unit.flags):
        return False
    if word in POINTER_OTHER:
        return True
    if word in PLACE_WORDS - {"under"}:
        after = _next_word(unit, index, vocabulary)
        return after is None or not (_hard(unit.words[after]) or unit.words[after] in AGE_WORDS)
    return False


AUDIENCE = frozenset(stem(w, {}) for w in ("those", "anyone", "people", "individuals"))
SAME_SENTENCE = 0.6  # share of words the sentence said for a place's people keeps when said for "you"
PLACE_REACH = 4  # words of the place after "in" that must be the same ("the European Union")


def _audience_as_condition(residue: Residue, before: list[Unit], vocabulary) -> None:
    """Who a passage is for, said as a condition on the reader: "A note
    for those in the European Union" -> "If you are in the European
    Union, here is a note". "If you" (then "are", maybe "located") before
    "in" and a place; the old sentence said "those" (or "anyone",
    "people") "in" the same place. Another place, "not", another verb
    ("If you live in"), or residents (where one lives, not where one is)
    is said."""
    new_ifs = [e for e in residue.new if e.word == IF]
    if not new_ifs:
        return
    olds = {id(u): u for u in before if any(w in AUDIENCE for w in u.words)}
    dropped_old, dropped_new = set(), set()
    for entry in new_ifs:
        place = _condition_place(entry.unit, entry.index, vocabulary)
        if place is None:
            continue
        for unit in olds.values():
            words = unit.words
            found = [i for i in range(len(words) - 1) if words[i] in AUDIENCE and words[i + 1] == "in"
                     and _place_after(unit, i + 1, vocabulary) == place]
            if not found or SequenceMatcher(None, words, entry.unit.words, autojunk=False).ratio() < SAME_SENTENCE:
                continue  # the same sentence, reworded around who it is for
            you = entry.index + 1
            dropped_new |= {id(e) for e in residue.new if e.unit is entry.unit and e.index in (entry.index, you)}
            lead = found[0] - 1  # "for those in"
            while lead >= 0 and words[lead] in vocabulary.ignorable:
                lead -= 1
            dropped_old |= {id(e) for e in residue.old if e.unit is unit and e.index in (lead, found[0])
                            and e.word in vocabulary.prepositions | AUDIENCE}
            break
    if dropped_new:
        _drop_entries(residue, "old", dropped_old)
        _drop_entries(residue, "new", dropped_new)


def _condition_place(unit: Unit, index: int, vocabulary) -> tuple | None:
    """The place in "If you are (located) in PLACE", "if" at `index`."""
    words = unit.words
    if index + 1 >= len(words) or words[index + 1] != READER:
        return None
    i = index + 2
    while i < len(words) and (words[i] in BE or words[i] == "locat"):
        i += 1
    if i >= len(words) or words[i] != "in" or i == index + 2:
        return None
    return _place_after(unit, i, vocabulary)


def _place_after(unit: Unit, index: int, vocabulary) -> tuple | None:
    """The place named after "in" at `index`: its words, capitalised ones
    (a name), up to PLACE_REACH."""
    place = []
    for i in range(index + 1, min(len(unit.words), index + 1 + PLACE_REACH)):
        word = unit.words[i]
        if word in vocabulary.ignorable:
            continue
        if not unit.flags[i] & (CAPITAL | INITIAL):
            break
        place.append(word)
    return tuple(place) or None


GIVING = frozenset(stem(w, {}) for w in ("give", "provide", "send", "offer"))  # as read: synonyms
GETTING = frozenset(stem(w, {}) for w in ("get", "receive", "obtain"))
GIVE_TO = frozenset({"with"})  # "we provide advertisers with your data"
GET_FROM = frozenset({"from"})  # "advertisers get your data from us"


def _giving_restated(residue: Residue, vocabulary) -> None:
    """The same thing given, said from the side of whoever gets it: "We
    give you a choice" -> "You get a choice", "We will send you a copy" ->
    "You will receive a copy", "We provide advertisers with your data" ->
    "Advertisers get your data from us". The giver before the verb of
    giving (a modal between them kept), the one who gets it right after
    it, and in the new sentence that one before the verb of getting, with
    the same modal. Anyone else named as the source, or the two turned
    round ("You give us a choice", "We get a copy"), is said."""
    for old_side, new_side in (("old", "new"), ("new", "old")):
        gives = [e for e in getattr(residue, old_side) if e.word in GIVING]
        gets = [e for e in getattr(residue, new_side) if e.word in GETTING]
        dropped = {"old": set(), "new": set()}
        for give in gives:
            giver, modal_a, taker = _around_verb(give, vocabulary)
            if giver is None or taker is None or giver == taker:
                continue
            for get in gets:
                getter, modal_b, _ = _around_verb(get, vocabulary)
                if getter != taker or modal_a != modal_b or id(get) in dropped[new_side]:
                    continue
                if not _same_party(taker, "you") and not _names_source(get, giver):
                    continue  # "Advertisers get your data" no longer says that we give it to them
                words = give.unit.words
                dropped[old_side].add(id(give))
                dropped[new_side].add(id(get))
                moved_from = give.index + 1  # the one who gets it, moved before the verb
                moved_to = get.index - (2 if get.index > 0 and get.unit.words[get.index - 1] in MODAL_VERBS else 1)
                dropped[old_side] |= {id(e) for e in getattr(residue, old_side)
                                      if e.unit is give.unit and e.index == moved_from}
                dropped[new_side] |= {id(e) for e in getattr(residue, new_side)
                                      if e.unit is get.unit and e.index == moved_to}
                for e in getattr(residue, old_side):  # "with" after the one who gets it
                    if e.unit is give.unit and e.word in GIVE_TO and words[e.index - 1] == taker:
                        dropped[old_side].add(id(e))
                for e in getattr(residue, new_side):  # "from" before the giver ("from us")
                    after = _next_word(e.unit, e.index, vocabulary) if e.unit is get.unit else None
                    if e.unit is get.unit and e.word in GET_FROM and (
                            after is None and e.index + 1 < len(e.unit.words)
                            and _same_party(e.unit.words[e.index + 1], giver)
                            or after is not None and _same_party(e.unit.words[after], giver)):
                        dropped[new_side].add(id(e))
                break
        for side in ("old", "new"):
            if dropped[side]:
                _drop_entries(residue, side, dropped[side])


SAME_PARTY = ({"we", "us"}, {"you"}, {"they", "them"})


def _names_source(get: Entry, giver: str) -> bool:
    """The getting sentence says who gives: "from us" after the verb."""
    words = get.unit.words
    return any(words[i] in GET_FROM and _same_party(words[i + 1], giver) for i in range(get.index + 1, len(words) - 1))


def _same_party(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in SAME_PARTY)


def _around_verb(verb: Entry, vocabulary) -> tuple:
    """(the party right before the verb, a modal between them, the party
    right after it), each None where there is none."""
    words = verb.unit.words
    i, modal = verb.index - 1, None
    if i >= 0 and words[i] in MODAL_VERBS:
        modal, i = words[i], i - 1
    before = words[i] if i >= 0 and words[i] in vocabulary.parties else None
    after = words[verb.index + 1] if verb.index + 1 < len(words) and words[verb.index + 1] in vocabulary.parties \
        else None
    return before, modal, after


LABEL_MARKS = frozenset(":-\u2013\u2014")  # between a label and its link: "French: <https://...>"


def _autolinks_named(residue: Residue, before: list[Unit], after: list[Unit], vocabulary) -> None:
    """A link written as its address after a label, turned into a link
    named by that label to the same site, or back: "French:
    <https://automattic.com/fr/privacy>" -> "[French](https://automattic.com/fr/privacy)".
    The address shown is the link's target, not words. Another site, or
    another label for it, is said."""
    for side, others in (("old", after), ("new", before)):
        entries = getattr(residue, side)
        shown = [e for e in entries if e.flags & LINK and not e.flags >> 8 and "." in e.word and e.index > 0]
        if not shown:
            continue
        named = {(u.words[i], f >> 8) for u in others for i, f in enumerate(u.flags) if f & LINK and f >> 8}
        dropped = set()
        for entry in shown:
            unit, label = entry.unit, entry.index - 1
            site = vocabulary.hosts.get(entry.word)
            between = unit.text[unit.spans[label][1]:unit.spans[entry.index][0]].replace("\x01", "").strip()
            if site is not None and (unit.words[label], site) in named and set(between) <= LABEL_MARKS:
                dropped.add(id(entry))
        if dropped:
            setattr(residue, side, [e for e in entries if id(e) not in dropped])


NAME_WORDS = 3  # at most this many words in a person's name given beside a role ("Jane Roe")


def _addressee_named(residue: Residue, vocabulary, own) -> None:
    """Who reads the mail at an address, named or no longer named, before
    that same address: "email privacy@x.com" -> "email our privacy team at
    privacy@x.com", "our Data Protection Officer at dpo@x.com" -> "our Data
    Protection Officer, Jane Roe, at dpo@x.com". The address says where the
    mail goes; a role of the company's own (`addressees`) or a person's name
    between commas after one says who opens it. Not a party ("our vendor
    team"), a company by its legal form ("Acme Ltd"), a qualifier or number,
    nor another address."""
    for side in ("old", "new"):
        entries = getattr(residue, side)
        by_unit: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_unit[id(entry.unit)].append(entry)
        dropped = {key for key, found in by_unit.items() if _reads_mail(found, vocabulary, own)}
        if dropped:
            setattr(residue, side, [e for e in entries if id(e.unit) not in dropped])


def _reads_mail(found: list[Entry], vocabulary, own) -> bool:
    unit, words = found[0].unit, found[0].unit.words
    found = sorted(found, key=lambda e: e.index)
    loose = vocabulary.ignorable | vocabulary.prepositions
    core = [e for e in found if e.word not in loose]
    lo, hi = found[0].index, found[-1].index
    changed = {e.index for e in found}
    if not core or any(i not in changed and words[i] not in loose for i in range(lo, hi + 1)):
        return False  # one stretch of words, nothing else of the sentence changed
    address = next((i for i in range(hi + 1, len(words)) if words[i] not in loose), None)
    if address is None or "@" not in words[address]:
        return False
    if any(e.word in vocabulary.protected or _hard(e.word) or e.word in vocabulary.parties or e.word in LEGAL_FORMS
           for e in core):
        return False
    if core[-1].word in vocabulary.addressees:  # "our privacy team at", "the GitHub support team at"
        names = own() if own is not None else frozenset()
        return all(not e.flags & CAPITAL or e.word in names for e in core)
    before = lo - 1  # "our Data Protection Officer, Jane Roe, at"
    if before < 0 or words[before] not in vocabulary.addressees or len(core) > NAME_WORDS \
            or not all(e.flags & CAPITAL for e in core) or hi + 1 >= len(words) \
            or any(words[i] in vocabulary.prepositions for i in range(lo, hi + 1)):
        return False  # a name has no "of" in it: "Jane Roe of Acme" says whose officer she is
    spans = unit.spans
    return unit.text[spans[before][1]:spans[lo][0]].strip() == "," \
        and unit.text[spans[hi][1]:spans[hi + 1][0]].strip() == ","


HOW_MUCH = frozenset(stem(w, {}) for w in ("long", "much", "many"))  # "how long we keep": a question, no claim


def _pointed_words(old_parts: list[Part], title_words, vocabulary, cache: dict, unit: Unit) -> frozenset:
    """The words of the old sections that a sentence's links to places in
    this notice name by their titles ("see [Data retention](#data-retention)"):
    what the sentence points at, so what it may restate to say what is
    there ("For how long we keep other information, see ...")."""
    tokens = [t for i, f in enumerate(unit.flags) if f & XREF
              for t in TITLE_WORD.findall(unit.text[unit.spans[i][0]:unit.spans[i][1]].lower())]
    title = " ".join(tokens)
    if title not in cache:
        ids = {s for s in title_words().get(title, ()) if "/" not in s}
        units = [u for part in old_parts if part.id in ids for u in split_units(part.id, part.title, part.body, 0)]
        cache[title] = frozenset(_section_words(units, vocabulary))
    return cache[title]


def _pointer_sentences(residue: Residue, vocabulary, old_words=None, pointed=None) -> None:
    """A whole sentence added or removed that only points to other text
    ("For more information about X, please review our [Y]"): no negation,
    modal, qualifier, number, contact or right in it. Such a sentence
    reworded in place is a pointer reworded when only its pointer's words
    and its link's text changed; one added with its link's text explained
    on its own is a pointer when it names nothing the section did not say
    before (`old_words`: the old section's words). A pointer that names
    another practice ("To learn how we share it with advertisers, see
    [X]") is said. `pointed`: the words of the part of this notice a
    sentence's cross-reference names (`_pointed_words`), which such a
    pointer may restate too."""
    hosts = {"old": _hosts(residue.new), "new": _hosts(residue.old)}  # the other side's links
    for side in ("old", "new"):
        entries = getattr(residue, side)
        by_unit: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_unit[id(entry.unit)].append(entry)
        dropped = set()
        for found in by_unit.values():
            unit = found[0].unit
            words = [w for w in unit.words if w not in vocabulary.ignorable]
            if not any(f & LINK for f in unit.flags):
                continue  # no link to point with
            if len(found) < len(words) and not all(_site_known(e, hosts[side]) for e in found if e.flags & LINK):
                continue  # reworded to point to another site: "with [Google Analytics]" -> "with [Adobe Analytics]"
            if not any(w in POINTER_VERBS for w in words) or _names_channel(found, vocabulary):
                continue
            if any((w in vocabulary.protected or _hard(w)) and not _pointer_place(unit, i, vocabulary)
                   for i, w in enumerate(unit.words) if w not in vocabulary.ignorable):
                continue
            if len(found) < len(words) and _reader_pointed(unit, vocabulary) \
                    and any(e.word not in vocabulary.pointers and e.word not in vocabulary.prepositions
                            and e.word not in POINTER_JOINS and e.word not in vocabulary.function_words
                            for e in found if not e.flags & LINK):
                continue  # "You can learn more about X, including how to turn it off": only how it is listed
            if len(found) < len(words) and side == "new":  # not the whole sentence
                if old_words is None:
                    continue
                text = [w for w, f in zip(unit.words, unit.flags) if not f & LINK and w not in vocabulary.ignorable]
                changed = [e.word for e in found if not e.flags & LINK]
                if len(changed) >= len(text):  # added, its link's text explained on its own: names nothing new
                    # (nothing that the section, or the part of this notice it points to, did not say)
                    inside = pointed(unit) if pointed is not None and any(f & XREF for f in unit.flags) else None
                    if not all(w in old_words() or inside is not None and (
                                   w in inside or w in vocabulary.heading_words
                                   or w in HOW_MUCH and i > 0 and unit.words[i - 1] == "how")
                               for i, w in enumerate(unit.words)
                               if not unit.flags[i] & LINK and w not in vocabulary.ignorable
                               and w not in vocabulary.pointers and w not in vocabulary.prepositions):
                        continue
                elif any(w not in vocabulary.pointers and w not in vocabulary.prepositions for w in changed) \
                        or any(e.flags & LINK and e.flags & CAPITAL and e.word not in vocabulary.pointers
                               and e.word not in old_words() for e in found):
                    continue  # reworded in place: only its pointer's words (and its link's text, no new name)
            dropped.add(id(unit))
        setattr(residue, side, [e for e in entries if id(e.unit) not in dropped])
