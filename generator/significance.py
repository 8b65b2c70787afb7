"""Is a change between two versions significant, and why?

Explainable rules, not a score. First everything that cannot change meaning
is normalised away: case, quotes, Markdown syntax, list markers and order,
link targets, spelling variants, spelled-out numbers, synonyms; what remains
is compared as bags of words, so reordering, sentence splits and merges do
not count. Typos (a word replaced by one a letter or two away) cancel out.
Then a change is significant when it

- adds or removes a negation or modal word (never, only, unless, may...),
- changes a number (a duration, an age, an address),
- changes a contact address (email),
- adds or removes a term of a legal category (data collected, recipients,
  purposes, legal basis, transfers, retention, rights...),
- changes any content word in a sentence about who the controller is or
  where data goes (categories whose `names_matter`),
- adds or removes a section, or changes a section marked `material`.

The vocabularies are data (generator/data/significance.yml, extended by
notices/significance.yml), not code.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diff import NoticeDiff, SectionDiff

DEFAULT_VOCABULARY = Path(__file__).parent / "data" / "significance.yml"
PROJECT_VOCABULARY = "significance.yml"  # in notices/

STOPWORDS = set("""a an the and or of to in on at for by with from as is are was were be been being it its
this that these those we us our you your they them their he she his her i me my which who whom whose
what when where how any all each other such than then there here also into about over under after before
do does did have has had so if per via upon""".split())
UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
CONTRACTIONS = [("won't", "will not"), ("can't", "cannot"), ("shan't", "shall not"), ("n't", " not"),
                ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"), ("'m", " am"), ("'s", "")]


@dataclass(frozen=True)
class Reason:
    section: str  # section id ("notice" for the notice metadata)
    title: str
    category: str
    label: str  # what the category means, in a legal reader's words
    rule: str
    words: tuple[str, ...]

    def describe(self) -> str:
        words = ", ".join(f"“{w}”" for w in self.words[:6])
        return f"{self.title}: {self.label} ({self.rule}{': ' + words if words else ''})"

    def to_json(self) -> dict:
        return {"section": self.section, "title": self.title, "category": self.category,
                "label": self.label, "rule": self.rule, "words": list(self.words)}


@dataclass(frozen=True)
class Verdict:
    significant: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def categories(self) -> list[str]:
        return sorted({reason.category for reason in self.reasons})


@dataclass(frozen=True)
class Vocabulary:
    categories: dict  # key -> {"label", "source", "names_matter", "terms": [token tuples]}
    negations: frozenset
    synonyms: dict  # word -> canonical word
    variants: list  # (pattern, replacement), longest first


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


@functools.lru_cache(maxsize=16)
def load_vocabulary(project_file: Path | None = None) -> Vocabulary:
    data = yaml.load(DEFAULT_VOCABULARY.read_text(encoding="utf-8"), Loader=_LOADER)
    if project_file is not None and project_file.exists():
        _extend(data, yaml.load(project_file.read_text(encoding="utf-8"), Loader=_LOADER) or {})
    _require_text(data)
    variants = sorted(((k.lower(), v.lower()) for k, v in (data.get("variants") or {}).items()),
                      key=lambda pair: -len(pair[0]))
    variant_rules = [(re.compile(rf"(?<![\w-]){re.escape(k)}(?![\w-])"), v) for k, v in variants]
    partial = Vocabulary({}, frozenset(), {}, variant_rules)
    synonyms = {}
    for group in data.get("synonyms") or []:
        canonical = " ".join(_tokens(_prepare(group[0], partial)))
        for word in group:
            synonyms[" ".join(_tokens(_prepare(word, partial)))] = canonical
    partial = Vocabulary({}, frozenset(), synonyms, variant_rules)
    categories = {}
    for key, value in (data.get("categories") or {}).items():
        # normalised words -> the term as the vocabulary writes it (for reasons)
        terms = {tuple(normalise(term, partial)): term for term in value.get("terms") or []}
        categories[key] = {"label": value.get("label", key), "source": value.get("source", ""),
                           "names_matter": bool(value.get("names_matter")),
                           "terms": sorted(t for t in terms if t), "written": terms}
    negations = frozenset(w for word in data.get("negations_and_modals") or [] for w in normalise(word, partial))
    return Vocabulary(categories, negations, synonyms, variant_rules)


class VocabularyError(Exception):
    pass


def _require_text(data: dict) -> None:
    """YAML reads `no`, `on` or `1.10` as other things: every word must be text."""
    words = list(data.get("negations_and_modals") or [])
    words += [w for group in data.get("synonyms") or [] for w in group]
    words += [t for c in (data.get("categories") or {}).values() for t in c.get("terms") or []]
    bad = [repr(w) for w in words if not isinstance(w, str)]
    if bad:
        raise VocabularyError(f"significance vocabulary: {', '.join(bad)} must be quoted text "
                              '(YAML reads no as false: write "no")')


def _extend(base: dict, extra: dict) -> None:
    for key, value in (extra.get("categories") or {}).items():
        target = base.setdefault("categories", {}).setdefault(key, {"label": key, "terms": []})
        target["terms"] = list(target.get("terms") or []) + list(value.get("terms") or [])
        for field in ("label", "source", "names_matter"):
            if field in value:
                target[field] = value[field]
    for key in ("negations_and_modals", "synonyms"):
        base[key] = list(base.get(key) or []) + list(extra.get(key) or [])
    base.setdefault("variants", {}).update(extra.get("variants") or {})


# Normalisation -----------------------------------------------------------

def _prepare(text: str, vocabulary: Vocabulary) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their words, not their targets
    text = re.sub(r"<(?:https?|mailto):[^>]*>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\{\s*[#.][^}]*\}", " ", text)  # attribute lists
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", " ", text, flags=re.M)  # list markers
    text = re.sub(r"^#+\s*", " ", text, flags=re.M)
    text = re.sub(r"[*_`]+", " ", text)
    for pattern, replacement in vocabulary.variants:
        text = pattern.sub(replacement, text)
    for contraction, full in CONTRACTIONS:
        text = text.replace(contraction, full)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # third-party = third party
    return text


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[@.][a-z0-9]+)*(?:@[a-z0-9.]+)?|\d+", text)


def _spelling(word: str) -> str:
    """British and American spellings of -ise/-yse words are one word here."""
    word = re.sub(r"(?<=..)is(e|ed|es|ing|ation|ations)$", r"iz\1", word)
    return re.sub(r"(?<=..)ys(e|ed|es|ing)$", r"yz\1", word)


def _numbers(words: list[str]) -> list[str]:
    """Spelled numbers become digits; `ninety (90)` is one number."""
    result: list[str] = []
    for word in words:
        value = UNITS.get(word, TENS.get(word))
        if value is not None and result and result[-1].isdigit() and int(result[-1]) in TENS.values() and value < 10:
            result[-1] = str(int(result[-1]) + value)  # twenty four
            continue
        token = str(value) if value is not None else word
        if token.isdigit() and result and result[-1] == token:
            continue  # "ninety (90)"
        result.append(token)
    return result


def normalise(text: str, vocabulary: Vocabulary) -> list[str]:
    words = [_spelling(word) for word in _tokens(_prepare(text, vocabulary))]
    words = _numbers(words)
    joined = " " + " ".join(words) + " "
    for synonym, canonical in sorted(vocabulary.synonyms.items(), key=lambda kv: -len(kv[0])):
        if synonym != canonical:
            joined = joined.replace(f" {synonym} ", f" {canonical} ")
    return joined.split()


def _sentences(text: str, vocabulary: Vocabulary) -> list[list[str]]:
    parts = re.split(r"(?<=[.;:!?])\s+|\n+", _prepare(text, vocabulary))
    return [normalise(part, vocabulary) for part in parts if part.strip()]


def _grams(words: list[str], longest: int = 6) -> Counter:
    """How often every run of 1 to `longest` words occurs: one pass, then
    any term's count is a lookup (vocabulary terms are short phrases)."""
    counts: Counter = Counter()
    for size in range(1, longest + 1):
        counts.update(tuple(words[i:i + size]) for i in range(len(words) - size + 1))
    return counts


def _typo(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 5 or a.isdigit() or b.isdigit() or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] <= (1 if min(len(a), len(b)) < 7 else 2)


# Assessment --------------------------------------------------------------

def assess_text(old: str, new: str, vocabulary: Vocabulary, section: str = "", title: str = "",
                material: bool = False) -> list[Reason]:
    """Reasons why changing `old` into `new` is significant (none: minor)."""
    before, after = normalise(old, vocabulary), normalise(new, vocabulary)
    if Counter(before) == Counter(after):
        return []  # only order, punctuation, spelling, markup or wrapping changed
    added = Counter(after) - Counter(before)
    removed = Counter(before) - Counter(after)
    _cancel_typos(added, removed, vocabulary)
    reasons: list[Reason] = []

    def reason(category: str, rule: str, words) -> None:
        label = vocabulary.categories.get(category, {}).get("label", category)
        reasons.append(Reason(section, title, category, label, rule, tuple(dict.fromkeys(words))))

    grams_before, grams_after = _grams(before), _grams(after)
    topic = _topic(grams_before + grams_after, vocabulary) or "purposes"
    changed_negations = [w for w in (*added, *removed) if w in vocabulary.negations]
    if changed_negations:
        reason(topic, "a negation or modal word changed", changed_negations)
    numbers = [w for w in (*removed, *added) if any(c.isdigit() for c in w) and "@" not in w]
    if numbers:
        about = _topic(grams_before + grams_after, vocabulary, exclude={"retention"})
        reason("retention" if _mentions_duration(before + after) and about in (None, "data-categories", "purposes",
                                                                                  "rights")
               else topic, "a number changed", numbers)
    contacts = [w for w in (*removed, *added) if "@" in w]
    if contacts:
        reason("controller", "a contact address changed", contacts)
    for key, category in vocabulary.categories.items():
        terms = [t for t in category["terms"] if grams_before[t] != grams_after[t]
                 and any(word in added or word in removed for word in t)]
        if terms:
            reason(key, "terms added or removed", [category["written"][t] for t in terms])
    content = [w for w in (*added, *removed) if w not in STOPWORDS]
    if content:
        sentences = None
        for key, category in vocabulary.categories.items():
            if not category["names_matter"] or any(r.category == key for r in reasons):
                continue
            if sentences is None:
                sentences = [(s, _grams(s)) for s in _sentences(old, vocabulary) + _sentences(new, vocabulary)]
            about = [s for s, grams in sentences if any(grams[t] for t in category["terms"])]
            names = [w for w in content if any(w in s for s in about)]
            if names:
                reason(key, "a name changed in a sentence about it", names)
    if material and content and not reasons:
        reason(topic, "a section marked material changed", content)
    return reasons


def _cancel_typos(added: Counter, removed: Counter, vocabulary: Vocabulary) -> None:
    protected = vocabulary.negations | {w for c in vocabulary.categories.values() for t in c["terms"] for w in t}
    for new_word in list(added):
        for old_word in list(removed):
            if (added[new_word] and removed[old_word] and new_word not in protected
                    and old_word not in protected and _typo(old_word, new_word)):
                added[new_word] -= 1
                removed[old_word] -= 1
    for counter in (added, removed):
        for word in [w for w, n in counter.items() if n <= 0]:
            del counter[word]


def _mentions_duration(words: list[str]) -> bool:
    return bool({"day", "days", "week", "weeks", "month", "months", "year", "years", "hours"} & set(words))


def _topic(grams: Counter, vocabulary: Vocabulary, exclude=frozenset()) -> str | None:
    """The category whose terms the text uses most (for reasons that are
    about a sentence rather than a term); None when it uses none."""
    best, score = None, 0
    for key, category in vocabulary.categories.items():
        if key in exclude:
            continue
        hits = sum(grams[t] for t in category["terms"])
        if hits > score:
            best, score = key, hits
    return best


def assess(diff: NoticeDiff, vocabulary: Vocabulary, cache: dict | None = None) -> Verdict:
    """The verdict for a whole notice diff, with every reason. `cache` keeps
    the reasons of each section change: sites showing the same section
    change share them."""
    reasons: list[Reason] = []
    for section in diff.sections:
        if cache is None:
            reasons += assess_section(section, vocabulary)
            continue
        key = ("section", section.kind, section.id, section.title, section.material,
               section.old_title, section.old_text, section.new_title, section.new_text)
        if key not in cache:
            cache[key] = assess_section(section, vocabulary)
        reasons += cache[key]
    reasons += _controller_reasons(diff, vocabulary)
    return Verdict(bool(reasons), tuple(reasons))


def assess_section(section: SectionDiff, vocabulary: Vocabulary) -> list[Reason]:
    if section.kind == "added":
        return [Reason(section.id, section.title, "structure", "A section was added", "section added", ())]
    if section.kind == "removed":
        return [Reason(section.id, section.title, "structure", "A section was removed", "section removed", ())]
    if section.kind != "changed":
        return []
    return assess_text(f"{section.old_title}\n\n{section.old_text}", f"{section.new_title}\n\n{section.new_text}",
                       vocabulary, section.id, section.title, section.material)


def _controller_reasons(diff: NoticeDiff, vocabulary: Vocabulary) -> list[Reason]:
    old, new = diff.old.notice.meta.controller, diff.new.notice.meta.controller
    if not (old.name or old.address) or not (new.name or new.address):
        return []  # a notice without controller metadata (older layouts)
    changed = [field for field in ("name", "address", "email", "phone") if getattr(old, field) != getattr(new, field)]
    if not changed:
        return []
    label = vocabulary.categories.get("controller", {}).get("label", "controller")
    return [Reason("notice", "Controller", "controller", label, "the controller's details changed", tuple(changed))]


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
    def needs_override(self) -> bool:
        """Declared minor, detected significant, and no written reason."""
        return self.declared is False and self.detected.significant and not self.override_reason

    def to_json(self) -> dict:
        return {"significant": self.significant, "detected": self.detected.significant,
                "declared": self.declared, "override_reason": self.override_reason or None,
                "reasons": [reason.to_json() for reason in self.detected.reasons]}


def assess_versions(entries, vocabulary: Vocabulary, diffs: dict) -> dict[str, Assessment]:
    """Assessment of each version of one site against the one before
    (`entries` are history.SiteVersion, oldest first; `diffs` a shared cache)."""
    from .diff import cached_diff

    result = {}
    for index, entry in enumerate(entries):
        meta = entry.version.notice.meta
        if index == 0:
            result[entry.version.version] = Assessment(Verdict(False), meta.significant, meta.override_reason, True)
            continue
        before = entries[index - 1]
        verdict_key = ("verdict", before.fingerprint, entry.fingerprint)
        if verdict_key not in diffs:
            diffs[verdict_key] = assess(cached_diff(diffs, before, entry), vocabulary, diffs)
        result[entry.version.version] = Assessment(diffs[verdict_key], meta.significant, meta.override_reason)
    return result
