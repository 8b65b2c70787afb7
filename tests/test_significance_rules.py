"""benchmarks/significance_rules.py: which rule each flag comes from, in
counts only (it may be run on the held-out half and the blind sets), and a
tune set's items only on request. Accuracy is the benchmark's business."""
from __future__ import annotations

import sys

import pytest
import yaml

from conftest import REPO, shared_path

sys.path.insert(0, str(REPO / "benchmarks"))

import significance_rules as rules  # noqa: E402
from significance_eval import UNSURE_MARK  # noqa: E402
from significance_fresh import SETS  # noqa: E402


def test_rules_are_read_from_the_reasons_as_the_evaluation_says_them():
    said = ["a number changed: 25 months", UNSURE_MARK + "words no safe edit explains: think, believe",
            "words no safe edit explains: Ireland: the office", "(other sections flagged: faq)"]
    assert rules.rules_of(said) == {"a number changed", rules.UNSURE_TEXT, "words no safe edit explains"}
    assert rules.rules_of([]) == frozenset()


def test_the_table_gives_counts_and_names_no_item(capsys):
    shared_path("corpus")
    assert rules.main(["--sets", "fresh"]) == 0
    printed = capsys.readouterr().out
    assert "material caught" in printed and "minor flagged" in printed and "words no safe edit explains" in printed
    ids = [e["id"] for e in yaml.safe_load(SETS["fresh"].read_text(encoding="utf-8"))["edits"]]
    assert not [i for i in ids if i in printed]


def test_blind_sets_are_never_listed_item_by_item(capsys):
    with pytest.raises(SystemExit):
        rules.main(["--items", "fresh4"])
    with pytest.raises(SystemExit):
        rules.main(["--items", "heldout"])
    assert rules.main(["--sets", "fresh10"]) == 2
    assert "no such set" in capsys.readouterr().err
    assert rules.main(["--sets", "fresh11"]) == 2
    assert "no such set" in capsys.readouterr().err
    assert rules.main(["--sets", "fresh15"]) == 2
    assert "no such set" in capsys.readouterr().err
