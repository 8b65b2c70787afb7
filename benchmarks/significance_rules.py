"""Which of the detector's rules each flag comes from, as counts only.

For every labelled item the detector flags (the labelled corpus changes of
significance_eval.py and the hand-written edits of significance_fresh.py),
the rules of the reasons naming its section are collected ("words no safe
edit explains", "a negation or modal word changed", "a number changed", ...;
"words no safe edit explains (unsure)" when that reason is in words the
detector cannot judge). The table says, per rule and per set, how many minor
items are flagged ONLY by that rule and how many material items are caught
ONLY by it: what a stricter rule could save, and what it would risk.

It prints counts only, never an item, so that it may be run on the
held-out half and the blind sets. `--items` lists the flagged items of one
tune set with their rules (tune, fresh, fresh2, fresh3, fresh6, fresh12, fresh13, fresh14 only;
it refuses any other). fresh10, fresh11 and fresh15 are never read (the lead's blind sets).

    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_rules.py [--sets heldout,tune,fresh4,...]
    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_rules.py --items tune
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from significance_data import CorpusNotFound, load_labels  # noqa: E402
from significance_eval import UNSURE_MARK, evaluate, select  # noqa: E402
from significance_fresh import SETS, load, run  # noqa: E402

TUNE_SETS = ("tune", "fresh", "fresh2", "fresh3", "fresh6", "fresh12", "fresh13", "fresh14")  # item by item allowed
BLIND_SETS = ("heldout", "fresh4", "fresh5", "fresh7", "fresh8", "fresh9")  # counts only
NEVER = ("fresh10", "fresh11", "fresh15")  # the lead's blind sets: not run here at all
UNSURE_TEXT = "words no safe edit explains (unsure)"


def rules_of(reasons: list[str]) -> frozenset[str]:
    """The rule names in the reasons as significance_eval.detector_flags says
    them ("[(unsure) ]rule: words"); notes on other sections are no rule."""
    found = set()
    for said in reasons:
        if said.startswith("(other sections"):
            continue
        unsure = said.startswith(UNSURE_MARK)
        rule = said[len(UNSURE_MARK):] if unsure else said
        rule = rule.split(": ", 1)[0]
        found.add(UNSURE_TEXT if unsure else rule)
    return frozenset(found)


def items_of(name: str) -> list[tuple[str, bool, bool, frozenset[str]]]:
    """(item name, material, flagged, rules) for every item of one set."""
    if name in NEVER:
        raise SystemExit(f"error: {name} is not run by this script (the lead's blind set)")
    if name in ("tune", "heldout"):
        result = evaluate(select(load_labels(), name))
        return [(f"{i.change.corpus} {i.change.old}->{i.change.new} {i.change.section}", i.material, i.flagged,
                 rules_of(i.reasons)) for i in result.items]
    return [(i.entry["id"], i.material, i.flagged, rules_of(i.reasons)) for i in run(load(SETS[name]))]


def table(sets: list[str]) -> str:
    """Per rule: minor flagged only by it / material caught only by it, per
    set; then the totals. Counts only."""
    per_set = {}
    for name in sets:
        items = items_of(name)
        sole_minor, sole_material, any_minor = Counter(), Counter(), Counter()
        several_minor = several_material = 0
        for _, material, flagged, rules in items:
            if not flagged:
                continue
            if len(rules) == 1:
                (sole_material if material else sole_minor)[next(iter(rules))] += 1
            elif material:
                several_material += 1
            else:
                several_minor += 1
            if not material:
                any_minor.update(rules)
        minor = [i for i in items if not i[1]]
        material = [i for i in items if i[1]]
        per_set[name] = (sole_minor, sole_material, any_minor, several_minor, several_material,
                         (sum(i[2] for i in material), len(material), sum(i[2] for i in minor), len(minor)))
    rules = sorted({r for s in per_set.values() for c in s[:3] for r in c})
    width = max([len(r) for r in rules] + [36])
    lines = ["Flags by rule: minor flagged ONLY by the rule / material caught ONLY by it (minor flagged by it at all)",
             f"{'rule':<{width}} " + " ".join(f"{name:>16}" for name in sets)]
    for rule in rules:
        lines.append(f"{rule:<{width}} " + " ".join(
            f"{f'{s[0][rule]}/{s[1][rule]} ({s[2][rule]})':>16}" for s in per_set.values()))
    lines.append(f"{'(two or more rules)':<{width}} " + " ".join(f"{f'{s[3]}/{s[4]}':>16}" for s in per_set.values()))
    lines.append(f"{'material caught':<{width}} " + " ".join(f"{f'{s[5][0]}/{s[5][1]}':>16}" for s in per_set.values()))
    lines.append(f"{'minor flagged':<{width}} " + " ".join(f"{f'{s[5][2]}/{s[5][3]}':>16}" for s in per_set.values()))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(BLIND_SETS[:1] + TUNE_SETS + BLIND_SETS[1:]),
                        help="comma-separated sets (default: held-out, tune, the fresh sets but fresh10)")
    parser.add_argument("--items", choices=TUNE_SETS, help="list one tune set's flagged items with their rules")
    args = parser.parse_args(argv)
    try:
        if args.items:
            for name, material, flagged, rules in items_of(args.items):
                if flagged:
                    print(f"{'material' if material else 'minor':<8} {name:<40} {'; '.join(sorted(rules))}")
            return 0
        sets = [s.strip() for s in args.sets.split(",") if s.strip()]
        unknown = [s for s in sets if s not in TUNE_SETS + BLIND_SETS]
        if unknown:
            print(f"error: --sets {','.join(unknown)}: no such set (choose from {', '.join(TUNE_SETS + BLIND_SETS)})",
                  file=sys.stderr)
            return 2
        print(table(sets))
    except CorpusNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
