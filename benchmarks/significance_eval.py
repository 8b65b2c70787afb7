"""How the significance detector does on labelled real changes.

Reads tests/data/significance/labels.yaml (section-level changes of the notice
histories in $NOTICEGEN_SHARED/corpus, labelled material or minor by
tests/data/significance/RUBRIC.md), runs the project's current detector on
each labelled version pair and prints, per corpus and overall, how many
material changes it caught and how many minor ones it flagged, and the median
and worst time per version pair. Asserts nothing; not run by `make test`.

    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_eval.py [--half heldout|tune|all] [--verbose]

The default half is `heldout`. Whoever tunes the detector looks at `--half
tune` only; held-out figures are for reporting, and `--verbose` on them lists
held-out items (don't read them if you tune).

The detector is called in one place, `detector_flags`: if its API changes,
only that function should need to change.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from significance_data import (  # noqa: E402
    CORPORA, LABELS, Change, CorpusNotFound, find_change, half_of, load_labels, prepared_text, version_files)

HALVES = ("tune", "heldout", "all")
PROJECTS = Path(__file__).resolve().parent / "significance_projects"  # each corpus's own renames
USE_PROJECTS = [True]  # --no-project-vocabulary: the default vocabulary alone


def project_vocabulary(path: Path):
    """The vocabulary a corpus's own project would use: the defaults plus
    benchmarks/significance_projects/<corpus folder>.yml, if there is one
    (`path`: a version file in the corpus)."""
    from generator.significance import load_vocabulary

    for folder in path.resolve().parents:
        candidate = PROJECTS / f"{folder.name}.yml"
        if USE_PROJECTS[0] and candidate.exists():
            return load_vocabulary(candidate)
    return load_vocabulary()


# The adapter: the only code that knows the detector's API -------------------------

def detector_flags(old_markdown: str, new_markdown: str, old_path: Path, new_path: Path) -> dict[str, list[str]]:
    """Section id -> the detector's reasons, for the change from one version
    to the next (the Markdown as significance_data.prepared_text gives it),
    read as `noticegen diff OLD.md NEW.md` reads Markdown files
    (generator/sources.py::_from_path): front matter is metadata, `##`
    sections, no variables. Sections without reasons are absent; a reason
    about a section matched by its content under a new id names both ids."""
    from generator import safety
    from generator.diff import diff_notices
    from generator.pages import SiteText
    from generator.significance import assess
    from generator.singlefile import read_single_file
    from generator.sites import Site

    site = Site("corpus.invalid", "corpus")

    def text(markdown: str, path: Path) -> SiteText:
        notice = read_single_file(markdown, path)
        sections = tuple((section, safety.neutralize(section.body)) for section in notice.sections)
        preamble = safety.neutralize(notice.preamble.body) if notice.preamble else ""
        return SiteText(site, notice, preamble, sections)

    verdict = assess(diff_notices(text(old_markdown, old_path), text(new_markdown, new_path)),
                     project_vocabulary(new_path))
    flags: dict[str, list[str]] = defaultdict(list)
    for reason in verdict.reasons:
        said = f"{reason.rule}: {', '.join(reason.words[:6])}" if reason.words else reason.rule
        said = UNSURE_MARK + said if getattr(reason, "unsure", False) else said
        for section in dict.fromkeys((reason.section, getattr(reason, "old_section", "") or reason.section)):
            flags[section].append(said)
    return dict(flags)


UNSURE_MARK = "(unsure) "  # a reason in words the detector cannot judge


def unsure_only(reasons: list[str]) -> bool:
    """Every reason of a section is in words the detector cannot judge:
    the section is held for an author (not notified until one decides)."""
    return bool(reasons) and all(r.startswith(UNSURE_MARK) or r.startswith("(other sections") for r in reasons)


def warm_up() -> None:
    """Load the detector's vocabulary before anything is timed."""
    from generator.significance import load_vocabulary

    load_vocabulary()
    for path in PROJECTS.glob("*.yml"):
        load_vocabulary(path)


# Evaluation ----------------------------------------------------------------------

@dataclass
class Item:
    label: dict
    change: Change
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def material(self) -> bool:
        return self.label["label"] == "material"

    @property
    def unsure(self) -> bool:
        return self.flagged and unsure_only(self.reasons)


@dataclass
class Result:
    items: list[Item]
    times: dict[tuple[str, int, int], float]  # seconds per version pair

    def counts(self, corpus: str | None = None) -> tuple[int, int, int, int]:
        """(material caught, material, minor flagged, minor)."""
        chosen = [i for i in self.items if corpus is None or i.change.corpus == corpus]
        material = [i for i in chosen if i.material]
        minor = [i for i in chosen if not i.material]
        return (sum(i.flagged for i in material), len(material), sum(i.flagged for i in minor), len(minor))

    def three_way(self, corpus: str | None = None) -> tuple[int, int, int, int, int, int]:
        """(material significant, material unsure, material, minor significant, minor unsure, minor)."""
        chosen = [i for i in self.items if corpus is None or i.change.corpus == corpus]
        material = [i for i in chosen if i.material]
        minor = [i for i in chosen if not i.material]
        return (sum(i.flagged and not i.unsure for i in material), sum(i.unsure for i in material), len(material),
                sum(i.flagged and not i.unsure for i in minor), sum(i.unsure for i in minor), len(minor))


class LabelError(Exception):
    pass


def select(labels: list[dict], half: str, pairs_per_corpus: int | None = None) -> list[dict]:
    chosen = [entry for entry in labels if half == "all" or entry["half"] == half]
    if pairs_per_corpus is not None:
        kept = {}
        for entry in chosen:
            pair_list = kept.setdefault(entry["corpus"], [])
            if (entry["old"], entry["new"]) not in pair_list and len(pair_list) < pairs_per_corpus:
                pair_list.append((entry["old"], entry["new"]))
        chosen = [entry for entry in chosen if (entry["old"], entry["new"]) in kept.get(entry["corpus"], [])]
    return chosen


def evaluate(labels: list[dict]) -> Result:
    """Run the detector once per labelled version pair and mark each item."""
    by_pair: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    for entry in labels:
        by_pair[(entry["corpus"], entry["old"], entry["new"])].append(entry)
    warm_up()
    items, times = [], {}
    for (corpus, old, new), entries in by_pair.items():
        old_text, new_text = prepared_text(corpus, old)[0], prepared_text(corpus, new)[0]
        files = version_files(corpus)
        start = time.perf_counter()
        flags = detector_flags(old_text, new_text, files[old], files[new])
        times[(corpus, old, new)] = time.perf_counter() - start
        for entry in entries:
            change = find_change(corpus, old, new, entry["section"])
            if change is None:
                raise LabelError(f"{corpus} {old}->{new} {entry['section']}: no such changed section in the corpus "
                                 "(see benchmarks/significance_show.py --list)")
            ids = {change.section, change.old_section} - {""}
            reasons = [r for sid in sorted(ids) for r in flags.get(sid, [])]
            items.append(Item(entry, change, bool(reasons), reasons))
    return Result(items, times)


# Report --------------------------------------------------------------------------

def ratio(caught: int, total: int) -> str:
    return f"{caught}/{total}" + (f" ({100 * caught / total:.0f}%)" if total else "")


THREE_WAY_NOTE = ("unsure: every reason is in words the detector cannot judge (no practice term, no guarded word); "
                  "such a version is held for an author's decision, so a material item counted unsure is "
                  "held for a person, not caught")


def three_way_line(name: str, counts: tuple, width: int = 46) -> str:
    significant, unsure_material, material, flagged, unsure_minor, minor = counts
    return (f"{name:<{width}} {ratio(significant, material):>14} {ratio(unsure_material, material):>12} "
            f"{ratio(flagged, minor):>14} {ratio(unsure_minor, minor):>12}")


def report(result: Result, half: str, verbose: bool, out=None, three_way: bool = False) -> None:
    out = out or sys.stdout
    pairs = len(result.times)
    print(f"Significance detector on labelled corpus changes: half {half}, {len(result.items)} items, "
          f"{pairs} version pairs", file=out)
    corpora = [c for c in CORPORA if any(i.change.corpus == c for i in result.items)]
    if three_way:
        print(f"\n{'':<46} {'material':>27} {'minor':>27}", file=out)
        print(f"{'corpus':<46} {'caught':>14} {'unsure':>12} {'flagged':>14} {'unsure':>12}", file=out)
        for corpus in corpora + [None]:
            print(three_way_line(corpus or "overall", result.three_way(corpus)), file=out)
        print(f"\n{THREE_WAY_NOTE}", file=out)
    else:
        print(f"\n{'corpus':<46} {'material caught':>18} {'minor flagged':>18}", file=out)
        for corpus in corpora + [None]:
            caught, material, flagged, minor = result.counts(corpus)
            print(f"{corpus or 'overall':<46} {ratio(caught, material):>18} {ratio(flagged, minor):>18}", file=out)
    if result.times:
        worst = max(result.times, key=result.times.get)
        print(f"\ntime per version pair (read both, diff, assess): median {statistics.median(result.times.values()) * 1000:.1f} ms, "
              f"worst {result.times[worst] * 1000:.1f} ms ({worst[0]} {worst[1]}->{worst[2]})", file=out)
    if not verbose:
        return
    if half != "tune":
        print(f"\nNote: the lists below include {half} items; whoever tunes the detector should not read them.", file=out)
    misses = [i for i in result.items if i.material and not i.flagged]
    alarms = [i for i in result.items if not i.material and i.flagged]
    if three_way:
        held = [i for i in result.items if i.material and i.unsure]
        moved = [i for i in result.items if not i.material and i.unsure]
        print(f"\nMaterial held as unsure (not caught): {len(held)}", file=out)
        for item in held:
            print(f"  {describe(item)}\n      why: {item.label['why']}\n      detector: {'; '.join(item.reasons)[:300]}",
                  file=out)
        print(f"\nMinor held as unsure (no longer significant by themselves): {len(moved)}", file=out)
        for item in moved:
            print(f"  {describe(item)}\n      detector: {'; '.join(item.reasons)[:300]}", file=out)
    print(f"\nMisses (material, not flagged): {len(misses)}", file=out)
    for item in misses:
        print(f"  {describe(item)}\n      why: {item.label['why']}", file=out)
    print(f"\nFalse alarms (minor, flagged): {len(alarms)}", file=out)
    for item in alarms:
        print(f"  {describe(item)}\n      why: {item.label['why']}\n      detector: {'; '.join(item.reasons)[:300]}",
              file=out)


def describe(item: Item) -> str:
    change = item.change
    renamed = f" (was {change.old_section})" if change.kind == "renamed" else ""
    return f"{change.corpus} {change.old}->{change.new} {change.section}{renamed} [{change.kind}]"


WIDE_UNSURE_HELP = ("measure a wider unsure class (not the detector's): words only added or dropped may be unsure "
                    "too, when they name no practice term, qualifier phrase, name or site; with --three-way")


def widen_unsure() -> None:
    """Count as unsure, for this run only, the changes the detector's narrow
    rule keeps significant because words were added or dropped rather than
    exchanged (reasons.judgeable's `not entry.exchanged`): what widening
    the class would hold for an author, material items included (its cost)."""
    import dataclasses

    from generator.significance import reasons

    narrow = reasons.judgeable
    reasons.judgeable = lambda entries, vocabulary: narrow(
        [dataclasses.replace(entry, exchanged=True) for entry in entries], vocabulary)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wide-unsure", action="store_true", help=WIDE_UNSURE_HELP)
    parser.add_argument("--half", choices=HALVES, default="heldout", help="which labels to use (default: heldout)")
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument("--no-project-vocabulary", action="store_true",
                        help="the default vocabulary only, without the corpora's renames (significance_projects/)")
    parser.add_argument("--three-way", action="store_true",
                        help="three columns: caught (significant), unsure (held for an author), minor flagged")
    parser.add_argument("--labels", type=Path, default=LABELS, help=argparse.SUPPRESS)
    parser.add_argument("--pairs", type=int, default=None, metavar="N",
                        help="only the first N labelled version pairs of each corpus (a quick run)")
    args = parser.parse_args(argv)
    USE_PROJECTS[0] = not args.no_project_vocabulary
    if args.wide_unsure:
        widen_unsure()
    try:
        labels = load_labels(args.labels)
        for entry in labels:
            if entry["half"] != half_of(entry["corpus"], entry["old"], entry["new"]):
                raise LabelError(f"{entry['corpus']} {entry['old']}->{entry['new']}: half {entry['half']!r} "
                                 "does not match the hash rule (significance_data.half_of)")
        result = evaluate(select(labels, args.half, args.pairs))
    except CorpusNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LabelError as exc:
        print(f"error in {args.labels}: {exc}", file=sys.stderr)
        return 1
    report(result, args.half, args.verbose, three_way=args.three_way)
    return 0


if __name__ == "__main__":
    sys.exit(main())
