"""Print section-level changes of the corpus for labelling by the rubric
(tests/data/significance/RUBRIC.md): kind, titles, the publisher's commit
subjects (weak evidence) and a word diff, `[-deleted-]{+inserted+}`, over
whitespace-collapsed text. Never shows the detector's view.

    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_show.py CORPUS OLD [NEW] [SECTION]
    ... --list CORPUS          # every pair with its items
    ... --full ...             # equal runs in full (default: shortened)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from significance_data import CORPORA, CorpusNotFound, changes, corpus_root, pairs, prepared_text, squash  # noqa: E402

from generator.diff import DELETE, EQUAL, INSERT, word_diff  # noqa: E402


def corpus_name(prefix: str) -> str:
    found = [c for c in CORPORA if c.startswith(prefix)]
    if len(found) != 1:
        raise SystemExit(f"corpus {prefix!r}: one of {', '.join(CORPORA)}")
    return found[0]


def subjects(corpus: str, number: int) -> list[str]:
    index = json.loads((corpus_root() / corpus / "index.json").read_text(encoding="utf-8"))["versions"]
    entry = next((v for v in index if v["n"] == number), None)
    if not entry:
        return []
    commits = entry.get("contributing_commits") or [entry]
    return [c.get("subject", "") for c in commits]


def shown(ops, full: bool, keep: int = 70) -> str:
    out = []
    for op, text in ops:
        if op == EQUAL:
            if not full and len(text) > 2 * keep + 20:
                text = text[:keep] + " … " + text[-keep:]
            out.append(text)
        elif op == DELETE:
            out.append(f"[-{text}-]")
        elif op == INSERT:
            out.append(f"{{+{text}+}}")
    return "".join(out)


def show_pair(corpus: str, old: int, new: int, section: str | None, full: bool) -> None:
    print(f"===== {corpus} {old} -> {new}  ({prepared_text(corpus, old)[1]} / {prepared_text(corpus, new)[1]})")
    for subject in subjects(corpus, new):
        print(f"  commit: {subject}")
    for change in changes(corpus, old, new):
        if section and change.section != section:
            continue
        print(f"\n--- [{change.kind}] {change.section}"
              + (f" (old id {change.old_section})" if change.kind == "renamed" else ""))
        if change.old_title != change.new_title:
            print(f"    title: {change.old_title!r} -> {change.new_title!r}")
        else:
            print(f"    title: {change.new_title!r}")
        print("    " + shown(word_diff(squash(change.old_text), squash(change.new_text)), full))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("old", nargs="?", type=int)
    parser.add_argument("new", nargs="?", type=int)
    parser.add_argument("section", nargs="?")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    try:
        corpus = corpus_name(args.corpus)
        if args.list or args.old is None:
            for old, new in pairs(corpus):
                items = changes(corpus, old, new)
                if items:
                    print(f"{old:3d} -> {new:3d}: " + ", ".join(f"{c.section}[{c.kind}]" for c in items))
            return 0
        show_pair(corpus, args.old, args.new or args.old + 1, args.section, args.full)
    except CorpusNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
