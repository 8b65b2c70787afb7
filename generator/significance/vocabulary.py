"""The detector's vocabularies: data in generator/data/significance.yml,
extended by a project's notices/significance.yml (lists added, mappings
merged), compiled once into what the reader and the explainer look up."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import NoticegenError

DEFAULT_VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "significance.yml"
PROJECT_VOCABULARY = "significance.yml"  # in notices/

LIST_KEYS = ("negations_and_modals", "qualifiers", "ignorable", "prepositions", "pointers", "date_lines",
             "synonyms", "former_names", "heading_words", "agent_prepositions", "shared_hosts", "format_markers",
             "abbreviation_heads", "referring_words", "connectives", "function_words",
             "parties", "addressees")
MAPPING_KEYS = ("phrases", "abbreviations", "inflections", "variants")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


class VocabularyError(NoticegenError):
    pass


@dataclass(frozen=True, eq=False)
class Vocabulary:
    categories: dict  # key -> {"label", "plain", "source", "terms": {normalised tuple: as written}}
    negations: frozenset  # normalised words
    qualifiers: frozenset  # normalised single words
    qualifier_phrases: tuple  # normalised tuples of two or more words, longest first
    ignorable: frozenset
    prepositions: frozenset
    pointers: frozenset
    date_words: frozenset
    phrases: dict  # normalised tuple -> normalised tuple (safe rewrites)
    abbreviations: tuple  # (compiled pattern on the text as written, expansion)
    synonyms: dict  # normalised tuple -> canonical normalised tuple
    inflections: dict  # lower-case word -> lower-case word
    variant_table: dict  # lower-case words -> lower-case words (spellings of one word)
    terms_by_first: dict = field(default_factory=dict)  # first word -> [(tuple, category)]
    words: dict = field(default_factory=dict)  # memo: token as written -> lower-case words
    stems: dict = field(default_factory=dict)  # memo: lower-case word -> normalised word
    lowercase: dict = field(default_factory=dict)  # memo: a section body -> the normalised words it writes in lower case
    firsts: dict = field(default_factory=dict)  # table name -> first word -> key lengths
    hosts: dict = field(default_factory=dict)  # memo: a link's host -> a small number (in a word's flags)
    ignorable_written: frozenset = frozenset()  # the ignorable words as written, lower case (for typos of them)
    heading_words: frozenset = frozenset()  # normalised words a renamed heading may add without claiming anything
    former_names: tuple = ()  # markers of a former name, lower case ("formerly", "previously known as")
    former_pattern: object = field(default=None, init=False)  # compiled from former_names
    agents: frozenset = frozenset()  # normalised prepositions that name who acts ("by"): never exchanged for another
    term_words: frozenset = field(default=frozenset(), init=False)  # every word of a category's terms (from categories)
    longest_term: int = field(default=1, init=False)  # words in the longest term
    qualifier_phrase_firsts: dict = field(default_factory=dict, init=False)  # first word -> qualifier phrases
    shared_hosts: frozenset = frozenset()  # sites whose subdomains are other parties' (github.io), lower case
    format_markers: frozenset = frozenset()  # normalised words a link's text may gain naming the file's format (PDF)
    abbreviation_heads: frozenset = frozenset()  # normalised words an abbreviation's name ends with ("IP address")
    referring_words: frozenset = frozenset()  # pronouns as written, lower case, that stand for something said before ("it")
    connectives: tuple = ()  # normalised connectives that may open a sentence before a comma ("likewise"), longest first
    connective_firsts: dict = field(default_factory=dict, init=False)  # first word -> connectives
    function_words: frozenset = frozenset()  # normalised words that claim nothing alone ("anyone", "although")
    parties: frozenset = frozenset()  # normalised words naming who acts or receives ("you", "vendors")
    addressees: frozenset = frozenset()  # normalised words naming who reads mail at an address ("team", "officer")

    def __post_init__(self):
        from .reading import first_words

        for name, table in (("variants", self.variant_table), ("phrases", self.phrases),
                            ("synonyms", self.synonyms)):
            self.firsts[name] = first_words(table)
        object.__setattr__(self, "former_pattern", _former_pattern(self.former_names))
        for phrase in self.connectives:  # longest first
            self.connective_firsts.setdefault(phrase[0], []).append(phrase)
        for phrase in self.qualifier_phrases:  # longest first
            self.qualifier_phrase_firsts.setdefault(phrase[0], []).append(phrase)
        object.__setattr__(self, "term_words", frozenset(
            w for category in self.categories.values() for term in category.get("terms", {}) for w in term))
        object.__setattr__(self, "longest_term", max(
            (len(term) for category in self.categories.values() for term in category.get("terms", {})), default=1))

    @property
    def protected(self) -> frozenset:
        """Words no safe edit explains away."""
        return self.negations | self.qualifiers

    def label(self, category: str) -> str:
        return self.categories.get(category, {}).get("label", category)

    def plain(self, category: str) -> str:
        return self.categories.get(category, {}).get("plain", "")


def load_vocabulary(project_file: Path | None = None) -> Vocabulary:
    """The default vocabularies, extended by the project's file: read once
    per version of that file (the preview is one process across edits)."""
    return _load_vocabulary(project_file, _version_of(project_file))


def _version_of(path: Path | None) -> tuple[int, int] | None:
    for look in (Path.stat, Path.lstat):  # a link refused is still a link: lstat when it leads nowhere
        try:
            status = look(path) if path is not None else None
        except OSError:
            continue
        return (status.st_mtime_ns, status.st_size) if status else None
    return None


@functools.lru_cache(maxsize=16)
def _load_vocabulary(project_file: Path | None, version: tuple[int, int] | None) -> Vocabulary:
    data = yaml.load(DEFAULT_VOCABULARY.read_text(encoding="utf-8"), Loader=_LOADER)
    if project_file is not None and (project_file.exists() or project_file.is_symlink()):
        _extend(data, _project_vocabulary(project_file))
    _require_text(data)
    return _compiled(data)


def _compiled(data: dict) -> Vocabulary:
    """_compile(data), kept in the build's persistent cache (generator/cache.py,
    keyed by the data and noticegen's code): compiling normalises every word
    of the vocabulary, a fortieth of a small edit's rebuild, for the same
    data build after build. Data that JSON would not tell apart (a key that
    is not text), or a Vocabulary with a field the codec does not carry, is
    compiled every time."""
    from .. import cache

    if not _plain(data) or _uncoded_fields():
        return _compile(data)
    found = cache.load(VOCABULARY_ENTRY, (data,), _decode)
    if found is not None:
        return found
    vocabulary = _compile(data)
    cache.save(VOCABULARY_ENTRY, (data,), _encode(vocabulary))
    return vocabulary


VOCABULARY_ENTRY = "vocabulary"
_MEMOS = ("words", "stems", "lowercase", "firsts", "hosts")  # filled as it is used, or by __post_init__
_WORD_SETS = ("negations", "qualifiers", "ignorable", "prepositions", "pointers", "date_words", "ignorable_written",
              "heading_words", "agents", "shared_hosts", "format_markers", "abbreviation_heads", "referring_words",
              "function_words", "parties", "addressees")
_WORD_TABLES = ("phrases", "synonyms", "variant_table")  # words -> words
_PHRASE_LISTS = ("qualifier_phrases", "connectives")
_OTHER_FIELDS = ("categories", "abbreviations", "inflections", "terms_by_first", "former_names")


def _codec_fields() -> frozenset:
    return frozenset(_WORD_SETS + _WORD_TABLES + _PHRASE_LISTS + _OTHER_FIELDS)


def _uncoded_fields() -> set:
    """Fields of Vocabulary the cache's codec would drop: a field added
    without its line in _encode/_decode must not come back empty."""
    from dataclasses import fields

    return {f.name for f in fields(Vocabulary) if f.init and f.name not in _MEMOS} - _codec_fields()


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _encode(vocabulary: Vocabulary) -> dict:
    """A compiled vocabulary as JSON data, every mapping in its order."""
    def words(value: tuple) -> list:
        return list(value)

    data = {name: sorted(getattr(vocabulary, name)) for name in _WORD_SETS}
    data.update({name: [[words(key), words(value)] for key, value in getattr(vocabulary, name).items()]
                 for name in _WORD_TABLES})
    data.update({name: [words(phrase) for phrase in getattr(vocabulary, name)] for name in _PHRASE_LISTS})
    data["categories"] = [[key, {**{k: v for k, v in category.items() if k != "terms"},
                                 "terms": [[words(term), written] for term, written in category["terms"].items()]}]
                          for key, category in vocabulary.categories.items()]
    data["abbreviations"] = [[pattern.pattern, pattern.flags, expansion] for pattern, expansion in vocabulary.abbreviations]
    data["inflections"] = dict(vocabulary.inflections)
    data["terms_by_first"] = [[first, [[words(term), category] for term, category in entries]]
                              for first, entries in vocabulary.terms_by_first.items()]
    data["former_names"] = list(vocabulary.former_names)
    return data


def _decode(data: dict) -> Vocabulary:
    """The vocabulary _encode wrote; ValueError (an unsound cache entry) for
    anything else."""
    def text(value) -> str:
        if not isinstance(value, str):
            raise ValueError("not a vocabulary")
        return value

    def words(value) -> tuple:
        if not isinstance(value, list):
            raise ValueError("not a vocabulary")
        return tuple(text(word) for word in value)

    def pairs(value) -> list:
        if not isinstance(value, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in value):
            raise ValueError("not a vocabulary")
        return value

    if not isinstance(data, dict) or set(data) != _codec_fields():
        raise ValueError("not a vocabulary")
    fields = {name: frozenset(words(data[name])) for name in _WORD_SETS}
    fields.update({name: {words(key): words(value) for key, value in pairs(data[name])} for name in _WORD_TABLES})
    fields.update({name: tuple(words(phrase) for phrase in data[name]) for name in _PHRASE_LISTS})
    categories = {}
    for key, category in pairs(data["categories"]):
        if not isinstance(category, dict) or set(category) != {"label", "plain", "source", "terms"}:
            raise ValueError("not a vocabulary")
        categories[text(key)] = {**category, "terms": {words(term): text(written)
                                                       for term, written in pairs(category["terms"])}}
    fields["categories"] = categories
    abbreviations = []
    for item in data["abbreviations"]:
        if not isinstance(item, list) or len(item) != 3 or not isinstance(item[1], int):
            raise ValueError("not a vocabulary")
        abbreviations.append((re.compile(text(item[0]), item[1]), text(item[2])))
    fields["abbreviations"] = tuple(abbreviations)
    if not isinstance(data["inflections"], dict):
        raise ValueError("not a vocabulary")
    fields["inflections"] = {text(key): text(value) for key, value in data["inflections"].items()}
    fields["terms_by_first"] = {text(first): [(words(term), text(category)) for term, category in pairs(entries)]
                                for first, entries in pairs(data["terms_by_first"])}
    fields["former_names"] = words(data["former_names"])
    try:
        return Vocabulary(**fields)
    except (TypeError, AttributeError, IndexError) as exc:  # a table __post_init__ cannot read
        raise ValueError("not a vocabulary") from exc


def _project_vocabulary(path: Path) -> dict:
    """notices/significance.yml, read as strictly as the notice and held to the defaults' shape."""
    from ..datafiles import read_mapping, shape_error

    mapping = read_mapping(path, path.parent)
    data = mapping.values
    for key in LIST_KEYS:
        if not isinstance(data.get(key) or [], list):
            raise shape_error(path, mapping, key, "a list", f"{key}: [word, other word]")
    for key in MAPPING_KEYS:
        if not isinstance(data.get(key) or {}, dict):
            raise shape_error(path, mapping, key, "`word: replacement` lines", f"{key}: {{e-mail: email}}")
    categories = data.get("categories") or {}
    if not isinstance(categories, dict):
        raise shape_error(path, mapping, "categories", "categories by name", "categories: {recipients: {terms: [vendor]}}")
    for name, category in categories.items():
        if not isinstance(category or {}, dict) or not isinstance((category or {}).get("terms") or [], list):
            raise shape_error(path, mapping, f"categories.{name}", "a category with a list of `terms`",
                              "categories: {recipients: {terms: [vendor]}}")
    return data


def _require_text(data: dict) -> None:
    """YAML reads `no`, `on` or `1.10` as other things: every word must be text."""
    words = []
    for key in LIST_KEYS:
        for item in data.get(key) or []:
            words += list(item) if isinstance(item, list) else [item]
    for key in MAPPING_KEYS:
        for name, value in (data.get(key) or {}).items():
            words += [name, value]
    words += [t for c in (data.get("categories") or {}).values() for t in c.get("terms") or []]
    bad = [repr(w) for w in words if not isinstance(w, str)]
    if bad:
        raise VocabularyError(f"significance vocabulary: {', '.join(bad)} must be quoted text "
                              '(YAML reads no as false: write "no")')


def _extend(base: dict, extra: dict) -> None:
    for key, value in (extra.get("categories") or {}).items():
        target = base.setdefault("categories", {}).setdefault(key, {"label": key, "terms": []})
        target["terms"] = list(target.get("terms") or []) + list((value or {}).get("terms") or [])
        for name in ("label", "plain", "source"):
            if name in (value or {}):
                target[name] = value[name]
    for key in LIST_KEYS:
        base[key] = list(base.get(key) or []) + list(extra.get(key) or [])
    for key in MAPPING_KEYS:
        base[key] = {**(base.get(key) or {}), **(extra.get(key) or {})}


def _compile(data: dict) -> Vocabulary:
    from .reading import normalise_words, surface_split  # the reader normalises the vocabulary's own words

    variant_rules = {tuple(surface_split(k)): tuple(surface_split(v))
                     for k, v in (data.get("variants") or {}).items() if surface_split(k)}
    abbreviations = sorted((data.get("abbreviations") or {}).items(), key=lambda pair: -len(pair[0]))
    abbreviation_rules = tuple((re.compile(rf"(?<![\w.]){re.escape(k)}(?![\w]|\.\w)"), v) for k, v in abbreviations)
    inflections = {k.lower(): v.lower() for k, v in (data.get("inflections") or {}).items()}
    bare = Vocabulary({}, frozenset(), frozenset(), (), frozenset(), frozenset(), frozenset(), frozenset(), {},
                      abbreviation_rules, {}, inflections, variant_rules)

    def words(text: str) -> tuple[str, ...]:
        return tuple(normalise_words(text, bare))

    phrases = {words(k): words(v) for k, v in (data.get("phrases") or {}).items() if words(k)}
    with_phrases = Vocabulary({}, frozenset(), frozenset(), (), frozenset(), frozenset(), frozenset(), frozenset(),
                              phrases, abbreviation_rules, {}, inflections, variant_rules)

    def words2(text: str) -> tuple[str, ...]:
        return tuple(normalise_words(text, with_phrases))

    synonyms = {}
    for group in data.get("synonyms") or []:
        canonical = words2(group[0])
        for word in group:
            if words2(word) and words2(word) != canonical:
                synonyms[words2(word)] = canonical
    partial = Vocabulary({}, frozenset(), frozenset(), (), frozenset(), frozenset(), frozenset(), frozenset(),
                         phrases, abbreviation_rules, synonyms, inflections, variant_rules)

    def final(text: str) -> tuple[str, ...]:
        return tuple(normalise_words(text, partial))

    categories, by_first = {}, {}
    for key, value in (data.get("categories") or {}).items():
        terms = {}
        for term in value.get("terms") or []:
            normalised = final(term)
            if normalised:
                terms.setdefault(normalised, term)
                by_first.setdefault(normalised[0], []).append((normalised, key))
        categories[key] = {"label": value.get("label", key), "plain": value.get("plain", ""),
                           "source": value.get("source", ""), "terms": terms}
    for first in by_first:
        by_first[first].sort(key=lambda pair: -len(pair[0]))

    def single(key: str) -> frozenset:
        return frozenset(w for item in data.get(key) or [] for w in final(item))

    qualifier_words = [final(item) for item in data.get("qualifiers") or []]
    return Vocabulary(
        categories=categories,
        negations=single("negations_and_modals"),
        qualifiers=frozenset(w[0] for w in qualifier_words if len(w) == 1),
        qualifier_phrases=tuple(sorted({w for w in qualifier_words if len(w) > 1}, key=lambda w: (-len(w), w))),
        ignorable=single("ignorable"),
        prepositions=single("prepositions"),
        pointers=single("pointers"),
        date_words=single("date_lines"),
        phrases=phrases,
        abbreviations=abbreviation_rules,
        synonyms=synonyms,
        inflections=inflections,
        variant_table=variant_rules,
        terms_by_first=by_first,
        heading_words=single("heading_words"),
        agents=single("agent_prepositions"),
        shared_hosts=frozenset(str(h).lower().strip(".") for h in data.get("shared_hosts") or []),
        format_markers=single("format_markers"),
        abbreviation_heads=single("abbreviation_heads"),
        referring_words=frozenset(str(w).lower() for w in data.get("referring_words") or []),
        connectives=tuple(sorted({final(item) for item in data.get("connectives") or []} - {()},
                                 key=lambda w: (-len(w), w))),
        function_words=single("function_words"),
        parties=single("parties"),
        addressees=single("addressees"),
        ignorable_written=frozenset(w.lower() for w in data.get("ignorable") or [] if w.isalpha()),
        former_names=tuple(sorted({" ".join(m.lower().split()) for m in data.get("former_names") or [] if m.strip()})),
    )


def _former_pattern(markers: tuple) -> re.Pattern | None:
    """A parenthesis that opens with one of `markers` and holds no other
    parenthesis ("(formerly Firefox Accounts)"), or the same between a
    comma and the next mark of punctuation ("like X, formerly known as
    Twitter)"; a link's marks end it too)."""
    words = sorted(markers, key=lambda m: (-len(m), m))
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in marker.split()) for marker in words)
    return re.compile(rf"\(\s*(?:{alternatives})\s+[^()]+\)"
                      rf"|,\s*(?:{alternatives})\s+[^(),;:.!?\x01-\x07]+(?=[),;:.!?\x01-\x07]|$)", re.I)
