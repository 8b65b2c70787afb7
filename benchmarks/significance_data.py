"""Section-level changes between consecutive versions of the real notice
histories in $NOTICEGEN_SHARED/corpus, for labelling and evaluating the
significance detector (tests/data/significance/).

Deterministic: the same corpus always gives the same items in the same order.
Texts are read from the corpus at run time; nothing of them is stored here.

How a version is read (see tests/data/significance/README.md):

1. The file as it is, line endings normalised.
2. HTML versions (Automattic's first two: tags, no Markdown headings) are
   converted with markdownify, ATX headings and `-` bullets, as
   `noticegen import` does.
3. A document with fewer than two `##` headings has its sections one level
   down: the shallowest heading level used at least twice (the rule of
   `generator/importer.py::split_sections`) is read as `##`, and deeper
   levels move up with it. Without this the early GitHub, Automattic and
   Basecamp versions would be one "preamble" section each.
4. `generator.singlefile.read_single_file` splits it, as `noticegen diff`
   does for a Markdown file: front matter is metadata, each `##` starts a
   section (id from `{ #id }` or the title's slug), text before the first
   `##` is the section `preamble`.

A section is changed when its title or body differs after collapsing runs
of whitespace. Sections on one side only are items too: an old and a new id
whose bodies are similar enough (see RENAME_SIMILARITY) are one `renamed`
item keyed by the new id (the old id kept in `old_section`); the others are
`added` (keyed by the new id) or `removed` (keyed by the old id).
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.notice import Notice  # noqa: E402
from generator.singlefile import read_single_file  # noqa: E402
from generator.sourcefile import split_front_matter  # noqa: E402

CORPORA = (
    "automattic-legalmattic--privacy-policy",
    "basecamp-policies--privacy-policy",
    "github-site-policy--privacy-statement",
    "mozilla-legal-docs--firefox-privacy-notice",
)
LABELS = REPO / "tests" / "data" / "significance" / "labels.yaml"
HALF_SALT = "noticegen-significance-halves-v1"
RENAME_SIMILARITY = 0.6  # difflib ratio of the bodies' words for an old and a new id to be one section
FILE_NAME = re.compile(r"^(\d{3})-")
ATX = re.compile(r"^(#{1,6})(\s+\S.*)$")
HTML_HINT = re.compile(r"<(?:h[1-6]|p|ul|ol|li|div)\b", re.I)


class CorpusNotFound(Exception):
    pass


def corpus_root() -> Path:
    """$NOTICEGEN_SHARED/corpus, or CorpusNotFound saying what to set."""
    shared = os.environ.get("NOTICEGEN_SHARED")
    if not shared:
        raise CorpusNotFound("NOTICEGEN_SHARED is not set: point it at the shared folder "
                             "(e.g. NOTICEGEN_SHARED=/work/shared), which holds corpus/")
    root = Path(shared, "corpus")
    if not root.is_dir():
        raise CorpusNotFound(f"NOTICEGEN_SHARED is set but {root} is not a folder")
    return root


@functools.lru_cache(maxsize=None)
def version_files(corpus: str) -> dict[int, Path]:
    """Version number (the NNN of the file name) -> file."""
    folder = corpus_root() / corpus / "versions"
    if not folder.is_dir():
        raise CorpusNotFound(f"{folder} is missing")
    files = {}
    for path in sorted(folder.glob("*.md")):
        match = FILE_NAME.match(path.name)
        if match:
            files[int(match.group(1))] = path
    return files


def pairs(corpus: str) -> list[tuple[int, int]]:
    """Consecutive versions, oldest first."""
    numbers = sorted(version_files(corpus))
    return list(zip(numbers, numbers[1:]))


# Reading a version -----------------------------------------------------------

def is_html(body: str) -> bool:
    return bool(HTML_HINT.search(body)) and not any(ATX.match(line) for line in body.split("\n"))


def html_to_markdown(body: str) -> str:
    from markdownify import markdownify

    return markdownify(body, heading_style="ATX", bullets="-")


def promote_headings(body: str) -> str:
    """Fewer than two `##` headings: the shallowest level used at least twice
    becomes `##`, deeper ones move up with it (code fences left alone)."""
    levels: list[int | None] = []
    in_fence = False
    lines = body.split("\n")
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else ATX.match(line)
        levels.append(len(match.group(1)) if match else None)
    counts = {level: levels.count(level) for level in range(1, 7)}
    if counts[2] >= 2:
        return body
    level = next((lv for lv in range(3, 7) if counts[lv] >= 2), None)
    if level is None:
        return body
    shift = level - 2
    out = []
    for line, found in zip(lines, levels):
        if found is not None and found >= level:
            match = ATX.match(line)
            line = "#" * (found - shift) + match.group(2)
        out.append(line)
    return "\n".join(out)


def prepared_text(corpus: str, number: int) -> tuple[str, str]:
    """(Markdown as the detector and the labels see it, how it was read)."""
    raw = version_files(corpus)[number].read_text(encoding="utf-8")
    raw = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter(raw)
    body, how = split.body, ["markdown"]
    if is_html(body):
        body, how = html_to_markdown(body), ["html converted with markdownify"]
    promoted = promote_headings(body)
    if promoted != body:
        how.append("headings promoted to ##")
    front = f"---\n{split.front_matter}\n---\n" if split.front_matter is not None else ""
    return front + promoted, ", ".join(how)


@functools.lru_cache(maxsize=512)
def read_version(corpus: str, number: int) -> Notice:
    text, _ = prepared_text(corpus, number)
    return read_single_file(text, version_files(corpus)[number])


def section_map(notice: Notice) -> dict[str, tuple[str, str]]:
    """Section id -> (title, body), the preamble first, as generator.diff reads them."""
    parts = {}
    if notice.preamble is not None and notice.preamble.body:
        parts["preamble"] = ("Introduction", notice.preamble.body)
    for section in notice.sections:
        parts[section.id] = (section.title, section.body)
    return parts


# Changes ----------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    corpus: str
    old: int
    new: int
    section: str  # the key: new id (changed, added, renamed) or old id (removed)
    kind: str  # changed | added | removed | renamed
    old_section: str  # id in the old version ("" when added)
    old_title: str
    new_title: str
    old_text: str
    new_text: str

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.corpus, self.old, self.new, self.section)

    @property
    def new_section(self) -> str:
        return "" if self.kind == "removed" else self.section


def squash(text: str) -> str:
    return " ".join(text.split())


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


@functools.lru_cache(maxsize=1024)
def changes(corpus: str, old: int, new: int) -> tuple[Change, ...]:
    """Every changed, added, removed or renamed section from `old` to `new`."""
    before, after = section_map(read_version(corpus, old)), section_map(read_version(corpus, new))
    items = []
    for sid, (title, body) in after.items():
        if sid in before:
            old_title, old_body = before[sid]
            if squash(old_title) != squash(title) or squash(old_body) != squash(body):
                items.append(Change(corpus, old, new, sid, "changed", sid, old_title, title, old_body, body))
    removed = [sid for sid in before if sid not in after]
    added = [sid for sid in after if sid not in before]
    candidates = sorted(((-_similarity(squash(before[r][1]), squash(after[a][1])), i, j, r, a)
                         for i, r in enumerate(removed) for j, a in enumerate(added)))
    renamed: dict[str, str] = {}  # new id -> old id
    for score, _, _, r, a in candidates:
        if -score < RENAME_SIMILARITY:
            break
        if r not in renamed.values() and a not in renamed:
            renamed[a] = r
    for sid in added:
        title, body = after[sid]
        if sid in renamed:
            old_title, old_body = before[renamed[sid]]
            items.append(Change(corpus, old, new, sid, "renamed", renamed[sid], old_title, title, old_body, body))
        else:
            items.append(Change(corpus, old, new, sid, "added", "", "", title, "", body))
    for sid in removed:
        if sid not in renamed.values():
            title, body = before[sid]
            items.append(Change(corpus, old, new, sid, "removed", sid, title, "", body, ""))
    order = list(after) + [sid for sid in before if sid not in after]
    return tuple(sorted(items, key=lambda c: order.index(c.section)))


def all_changes(corpus: str) -> list[Change]:
    return [change for old, new in pairs(corpus) for change in changes(corpus, old, new)]


def find_change(corpus: str, old: int, new: int, section: str) -> Change | None:
    return next((c for c in changes(corpus, old, new) if c.section == section), None)


# Halves -----------------------------------------------------------------------

def half_of(corpus: str, old: int, new: int) -> str:
    """`tune` or `heldout`, from a hash of the version pair: every section of a
    pair is in the same half, and adding labels never moves an old one."""
    digest = hashlib.sha256(f"{HALF_SALT}:{corpus}:{old}:{new}".encode()).hexdigest()
    return "tune" if int(digest[:8], 16) % 2 == 0 else "heldout"


# Labels -----------------------------------------------------------------------

def load_labels(path: Path = LABELS) -> list[dict]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["labels"])
