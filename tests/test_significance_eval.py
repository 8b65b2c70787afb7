"""The labelled corpus changes (tests/data/significance/labels.yaml) are
well-formed, and the evaluation (benchmarks/significance_eval.py) runs end to
end. Detector accuracy is the benchmark's business, not asserted here."""
from __future__ import annotations

import sys
from collections import Counter

import pytest

from conftest import REPO, shared_path

sys.path.insert(0, str(REPO / "benchmarks"))

import significance_data as data  # noqa: E402
import significance_eval as evaluation  # noqa: E402

FIELDS = {"corpus", "old", "new", "section", "kind", "label", "half", "why"}


@pytest.fixture(scope="module")
def labels():
    shared_path("corpus")
    return data.load_labels()


def test_every_label_names_a_real_changed_section(labels):
    problems = []
    for entry in labels:
        where = f"{entry.get('corpus')} {entry.get('old')}->{entry.get('new')} {entry.get('section')}"
        missing = FIELDS - set(entry) or ({"old_section"} - set(entry) if entry.get("kind") == "renamed" else set())
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        if entry["corpus"] not in data.CORPORA:
            problems.append(f"{where}: unknown corpus")
            continue
        numbers = sorted(data.version_files(entry["corpus"]))
        if entry["old"] not in numbers or numbers.index(entry["old"]) + 1 >= len(numbers) \
                or numbers[numbers.index(entry["old"]) + 1] != entry["new"]:
            problems.append(f"{where}: not two consecutive versions")
            continue
        change = data.find_change(entry["corpus"], entry["old"], entry["new"], entry["section"])
        if change is None:
            problems.append(f"{where}: no such changed section")
            continue
        if change.kind != entry["kind"] or (change.kind == "renamed" and change.old_section != entry["old_section"]):
            problems.append(f"{where}: kind {entry['kind']} but the corpus shows {change.kind} {change.old_section}")
        if entry["label"] not in ("material", "minor"):
            problems.append(f"{where}: label {entry['label']!r}")
        if entry["half"] != data.half_of(entry["corpus"], entry["old"], entry["new"]):
            problems.append(f"{where}: half {entry['half']!r} does not follow the hash of the version pair")
        if not entry["why"].strip() or len(entry["why"]) > 220:
            problems.append(f"{where}: why must be one short line (rule and decisive words)")
    keys = Counter((e.get("corpus"), e.get("old"), e.get("new"), e.get("section")) for e in labels)
    problems += [f"{key}: labelled {count} times" for key, count in keys.items() if count > 1]
    assert problems == []


def test_enough_labels_in_every_corpus_and_half(labels):
    assert len(labels) >= 150
    for corpus in data.CORPORA:
        entries = [e for e in labels if e["corpus"] == corpus]
        assert len(entries) >= 25, corpus
        assert {e["half"] for e in entries} == {"tune", "heldout"}, corpus
        assert {e["label"] for e in entries} == {"material", "minor"}, corpus


def test_a_version_pair_is_never_split_between_halves(labels):
    halves = {}
    for entry in labels:
        halves.setdefault((entry["corpus"], entry["old"], entry["new"]), set()).add(entry["half"])
    assert [pair for pair, found in halves.items() if len(found) > 1] == []


def test_evaluation_runs_end_to_end(labels, capsys):
    chosen = evaluation.select(labels, "all", pairs_per_corpus=2)
    result = evaluation.evaluate(chosen)
    assert len(result.items) == len(chosen) and result.times
    assert {item.change.corpus for item in result.items} == set(data.CORPORA)
    caught, material, flagged, minor = result.counts()
    assert material + minor == len(chosen) and 0 <= caught <= material and 0 <= flagged <= minor
    assert evaluation.main(["--half", "tune", "--pairs", "1", "--verbose"]) == 0
    printed = capsys.readouterr().out
    assert "overall" in printed and "time per version pair" in printed


def test_three_way_evaluation_counts_unsure_apart(labels, capsys):
    result = evaluation.evaluate(evaluation.select(labels, "tune", pairs_per_corpus=2))
    significant, held, material, flagged, unsure, minor = result.three_way()
    assert significant + held <= material and flagged + unsure <= minor
    assert significant + held == result.counts()[0] and flagged + unsure == result.counts()[2]
    assert evaluation.main(["--half", "tune", "--pairs", "1", "--three-way"]) == 0
    printed = capsys.readouterr().out
    assert "unsure" in printed and "held for a person, not caught" in printed
    assert evaluation.unsure_only([evaluation.UNSURE_MARK + "words no safe edit explains: think"])
    assert not evaluation.unsure_only([evaluation.UNSURE_MARK + "x", "a negation or modal word changed: not"])


def test_evaluation_says_what_to_set_without_the_corpus(monkeypatch, capsys):
    monkeypatch.delenv("NOTICEGEN_SHARED", raising=False)
    data.version_files.cache_clear()
    try:
        assert evaluation.main(["--pairs", "1"]) == 2
    finally:
        data.version_files.cache_clear()
    assert "NOTICEGEN_SHARED is not set" in capsys.readouterr().err


def test_labels_keep_corpus_text_out_of_the_repository():
    """Keys and short quotes only: no corpus paragraphs, no copied versions."""
    folder = REPO / "tests" / "data" / "significance"
    text = (folder / "labels.yaml").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) < 260
    assert {path.name for path in folder.iterdir()} <= {"RUBRIC.md", "README.md", "labels.yaml", "fresh.yaml",
                                                         "fresh2.yaml", "fresh3.yaml", "fresh4.yaml", "fresh5.yaml",
                                                         "fresh6.yaml", "fresh7.yaml", "fresh8.yaml", "fresh9.yaml",
                                                         "fresh10.yaml", "fresh11.yaml", "fresh12.yaml",
                                                         "fresh13.yaml", "fresh14.yaml", "fresh15.yaml"}
    for name in ("fresh.yaml", "fresh2.yaml", "fresh3.yaml", "fresh4.yaml", "fresh5.yaml", "fresh6.yaml", "fresh7.yaml",
                 "fresh8.yaml", "fresh9.yaml", "fresh10.yaml", "fresh11.yaml", "fresh12.yaml", "fresh13.yaml",
                 "fresh14.yaml", "fresh15.yaml"):  # short strings to find and replace, no paragraphs
        fresh = (folder / name).read_text(encoding="utf-8")
        assert max(len(line) for line in fresh.splitlines()) < 260, name
