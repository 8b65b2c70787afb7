"""The significance detector on the hand-written fresh edits of real corpus
paragraphs (tests/data/significance/fresh.yaml): a second held-out check,
written before the detector was changed for it.

Each edit replaces short strings in one version of a corpus notice (read
from $NOTICEGEN_SHARED/corpus, never stored in the repository); the
detector compares the version with its edited copy, as the evaluation does
(significance_eval.detector_flags), and an item is flagged when a reason
names its section.

    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_fresh.py [--verbose]
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from significance_data import CORPORA, REPO, CorpusNotFound, prepared_text, version_files  # noqa: E402
from significance_eval import THREE_WAY_NOTE, WIDE_UNSURE_HELP, detector_flags, unsure_only, warm_up, widen_unsure  # noqa: E402

FRESH = REPO / "tests" / "data" / "significance" / "fresh.yaml"
SETS = {"fresh": FRESH, "fresh2": FRESH.with_name("fresh2.yaml"),  # fresh2: written on branch sig4
        "fresh3": FRESH.with_name("fresh3.yaml"),  # fresh3: written on branch sig5
        "fresh4": FRESH.with_name("fresh4.yaml"),  # fresh4: written on branch sig6
        "fresh5": FRESH.with_name("fresh5.yaml"),  # fresh5: written on branch sig7
        "fresh6": FRESH.with_name("fresh6.yaml"),  # fresh6: written on branch sig8
        "fresh7": FRESH.with_name("fresh7.yaml"),  # fresh7: written on branch sig9
        "fresh8": FRESH.with_name("fresh8.yaml"),  # fresh8: written on branch fresh8b
        "fresh9": FRESH.with_name("fresh9.yaml"),  # fresh9: written on branch fresh8, the same hour
        "fresh10": FRESH.with_name("fresh10.yaml"),  # fresh10: written on branch fresh10, blind for sig12
        "fresh11": FRESH.with_name("fresh11.yaml"),  # fresh11: written on branch fresh11b (session 14), blind
        "fresh12": FRESH.with_name("fresh12.yaml"),  # fresh12: written on branch fresh12 (session 15), blind; tune data from session 16 (sig16b)
        "fresh13": FRESH.with_name("fresh13.yaml"),  # fresh13: written on branch fresh13 (session 16), blind; tune data from session 18
        "fresh14": FRESH.with_name("fresh14.yaml"),  # fresh14: written on branch fresh14 (session 18), blind; read once blind, then item by item: tune data from session 18
        "fresh15": FRESH.with_name("fresh15.yaml")}  # fresh15: written on branch fresh15 (session 19), blind


class FreshError(Exception):
    pass


@dataclass
class FreshItem:
    entry: dict
    flagged: bool = False
    reasons: list = field(default_factory=list)

    @property
    def material(self) -> bool:
        return self.entry["label"] == "material"

    @property
    def unsure(self) -> bool:
        return self.flagged and unsure_only(self.reasons)


def corpus_of(prefix: str) -> str:
    found = [c for c in CORPORA if c.startswith(prefix)]
    if len(found) != 1:
        raise FreshError(f"corpus {prefix!r}: matches {found}")
    return found[0]


def edited(entry: dict) -> tuple[str, str, Path]:
    """(old Markdown, edited Markdown, the version's file)."""
    corpus = corpus_of(entry["corpus"])
    text = prepared_text(corpus, entry["version"])[0]
    new = text
    for edit in entry["edits"]:
        if isinstance(edit, dict):  # whole lines named by the start of their text (swapped, dropped or moved)
            lines = new.split("\n")
            starts = edit.get("swap_lines") or ([edit["move_line"], edit["after"]] if "move_line" in edit
                                                else [edit["drop_line"]])
            found = [[i for i, line in enumerate(lines) if line.startswith(start)] for start in starts]
            if any(len(f) != 1 for f in found):
                raise FreshError(f"{entry['id']}: {starts!r} must each start one line of {corpus} {entry['version']}")
            if "swap_lines" in edit:
                a, b = found[0][0], found[1][0]
                lines[a], lines[b] = lines[b], lines[a]
            elif "move_line" in edit:  # a paragraph moved to just after another (fresh5 on)
                moved = lines.pop(found[0][0])
                at = found[1][0] - (found[1][0] > found[0][0])  # the other line's place once it is out
                lines[at + 1:at + 1] = ["", moved]
            else:
                del lines[found[0][0]]
            new = "\n".join(lines)
            continue
        old_words, new_words = edit
        count = new.count(old_words)
        if count != 1:
            raise FreshError(f"{entry['id']}: {old_words!r} occurs {count} times in {corpus} {entry['version']}")
        new = new.replace(old_words, new_words)
    return text, new, version_files(corpus)[entry["version"]]


def changed_sections(entry: dict) -> set[str]:
    """The ids of the sections an edit changes (it should be its own section
    only), read as the detector reads them; the detector is not run."""
    from generator.singlefile import read_single_file

    old, new, path = edited(entry)

    def bodies(markdown: str) -> dict:
        notice = read_single_file(markdown, path)
        found = {s.id: (s.title, s.body) for s in notice.sections}
        return found | ({"preamble": ("", notice.preamble.body)} if notice.preamble else {})

    before, after = bodies(old), bodies(new)
    return {sid for sid in before.keys() | after.keys() if before.get(sid) != after.get(sid)}


def load(path: Path = FRESH) -> list[dict]:
    import yaml

    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["edits"])


def run(entries: list[dict]) -> list[FreshItem]:
    warm_up()
    items = []
    for entry in entries:
        old, new, path = edited(entry)
        flags = detector_flags(old, new, path, path)
        reasons = flags.get(entry["section"], [])
        flagged = bool(reasons)
        # `also` (fresh5 on): the other sections a move changes. A minor move
        # is flagged when any of them is; a material item is caught only by
        # its own section, where the material words are.
        also = entry.get("also", [])
        if entry["label"] != "material" and any(flags.get(sid) for sid in also):
            flagged = True
            reasons = reasons + [r for sid in also for r in flags.get(sid, [])]
        others = sorted(set(flags) - {entry["section"], *also})
        if others:
            reasons = reasons + [f"(other sections flagged: {', '.join(others)})"]
        items.append(FreshItem(entry, flagged, reasons))
    return items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="every item with the detector's reasons")
    parser.add_argument("--set", choices=sorted(SETS), default="fresh", help="which set of edits (default: fresh)")
    parser.add_argument("--three-way", action="store_true",
                        help="three columns: caught (significant), unsure (held for an author), minor flagged")
    parser.add_argument("--aggregate", action="store_true", help="the figures only, no item named (a blind read)")
    parser.add_argument("--wide-unsure", action="store_true", help=WIDE_UNSURE_HELP)
    args = parser.parse_args(argv)
    if args.wide_unsure:
        widen_unsure()
    try:
        items = run(load(SETS[args.set]))
    except CorpusNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    material = [i for i in items if i.material]
    minor = [i for i in items if not i.material]
    if args.three_way:
        print(f"{args.set} edits: material caught {sum(i.flagged and not i.unsure for i in material)}/{len(material)}, "
              f"unsure {sum(i.unsure for i in material)}/{len(material)}; "
              f"minor flagged {sum(i.flagged and not i.unsure for i in minor)}/{len(minor)}, "
              f"unsure {sum(i.unsure for i in minor)}/{len(minor)}\n  ({THREE_WAY_NOTE})")
    else:
        print(f"{args.set} edits: material caught {sum(i.flagged for i in material)}/{len(material)}, "
              f"minor flagged {sum(i.flagged for i in minor)}/{len(minor)}")
    for item in [] if args.aggregate else items:
        wrong = item.flagged != item.material
        if args.three_way and item.unsure:
            wrong = item.material  # held for a person: wrong for a material item, a gain for a minor one
            mark = "UNSURE-MATERIAL" if wrong else "unsure"
            print(f"  {mark} {item.entry['label']:<8} {item.entry['id']:<28} {'; '.join(item.reasons)[:200]}")
            continue
        if args.verbose or wrong:
            mark = "WRONG" if wrong else "ok   "
            print(f"  {mark} {item.entry['label']:<8} {item.entry['id']:<28} {'; '.join(item.reasons)[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
