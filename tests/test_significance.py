"""The significance detector on labelled edits (../shared/significance/cases.yaml)."""
import yaml

from generator.significance import assess_text, load_vocabulary
from conftest import shared_path


def section_text(markdown: str) -> tuple[str, str]:
    """(title, body) of a case: its first ## heading and the rest."""
    lines = markdown.strip().split("\n")
    title = lines[0].lstrip("#").strip() if lines and lines[0].startswith("##") else ""
    return title, "\n".join(lines[1:] if title else lines)


def verdict(case) -> list:
    vocabulary = load_vocabulary()
    old_sections, new_sections = split_sections(case["old"]), split_sections(case["new"])
    reasons = []
    for heading in dict.fromkeys([*old_sections, *new_sections]):
        if heading not in old_sections or heading not in new_sections:
            reasons.append(("structure", heading))
            continue
        reasons += assess_text(old_sections[heading], new_sections[heading], vocabulary, title=heading)
    return reasons


def split_sections(markdown: str) -> dict:
    sections, current = {}, None
    for line in (markdown or "").split("\n"):
        if line.startswith("## "):
            current = line[3:].strip().lower()
            sections[current] = line + "\n"
        elif current is not None:
            sections[current] += line + "\n"
    return sections


def test_labelled_cases():
    cases = yaml.safe_load(shared_path("significance", "cases.yaml").read_text())["cases"]
    significant = [c for c in cases if c["label"] == "significant"]
    minor = [c for c in cases if c["label"] == "minor"]
    missed = [c["id"] for c in significant if not verdict(c)]
    flagged = {c["id"]: verdict(c) for c in minor if verdict(c)}
    print(f"\nsignificance: caught {len(significant) - len(missed)} of {len(significant)} significant cases; "
          f"flagged {len(flagged)} of {len(minor)} minor cases")
    assert missed == []
    assert len(flagged) <= len(minor) // 10, flagged


# Edits the detector was not tuned on, of the kinds the law cares about.
UNSEEN = [
    ("significant", "We keep server logs for 30 days.", "We keep server logs for 30 days and share them with our insurers."),
    ("significant", "We do not use your messages to train our models.", "We use your messages to train our models."),
    ("significant", "Payments are handled by Stripe in Ireland.", "Payments are handled by Stripe in the United States."),
    ("significant", "You can object at any time.", "You can object within 30 days."),
    ("significant", "We collect your name.", "We collect your name and your precise location."),
    ("significant", "Write to privacy@example.com.", "Write to legal@example.org."),
    ("minor", "We collect your name and email address.", "We collect your email address and your name."),
    ("minor", "In order to deliver your order we use your address.", "To deliver your order, we use your address."),
    ("minor", "We use cookies (small text files).", "We use cookies, which are small text files."),
    ("minor", "Our servers are in the European Union.", "Our servers are in the European Union."),
    ("minor", "You have the right to access your data.", "You have the right to access your data!"),
    ("minor", "We will answer within one month.", "We will answer within 1 month."),
]


def test_unseen_edits():
    vocabulary = load_vocabulary()
    wrong = [(label, old, new) for label, old, new in UNSEEN
             if bool(assess_text(old, new, vocabulary)) != (label == "significant")]
    assert wrong == []


def test_reasons_name_section_rule_and_words():
    reasons = assess_text("We never share your contact details with advertisers.",
                          "We share your contact details with advertisers.", load_vocabulary(),
                          section="sharing", title="How We Share Information")
    assert reasons[0].section == "sharing" and reasons[0].rule == "a negation or modal word changed"
    assert reasons[0].words == ("never",) and reasons[0].category == "recipients"
    assert "Recipients" in reasons[0].label


def test_vocabulary_is_extended_by_the_project(tmp_path):
    extra = tmp_path / "significance.yml"
    extra.write_text("categories:\n  data-categories:\n    terms: [loyalty points]\n")
    old, new = "We record your purchases.", "We record your purchases and loyalty points."
    assert not assess_text(old, new, load_vocabulary())
    reasons = assess_text(old, new, load_vocabulary(extra))
    assert [r.category for r in reasons] == ["data-categories"] and reasons[0].words == ("loyalty points",)


def test_unquoted_yaml_words_are_refused(tmp_path):
    import pytest

    from generator.significance import VocabularyError

    extra = tmp_path / "significance.yml"
    extra.write_text("negations_and_modals: [no, off]\n")
    with pytest.raises(VocabularyError, match='write "no"'):
        load_vocabulary(extra)
