"""Text moved to another section and reworded on the way (branch sig16,
issue 12): sentences are aligned across the whole notice first, and what is
left of a moved sentence is judged where it went by the rules of an edit in
place. Invented text; every minor case fails on the code before its rule,
every significant one is flagged before and after."""
import pytest

from generator.significance import Part, assess_parts, load_vocabulary

_KEEP = "We keep server logs for thirteen months and then delete them from every system we run."
_WHERE = "Logs never leave the data centres that we operate ourselves in Ireland and Germany."


def _flagged(old: list[Part], new: list[Part]) -> set[str]:
    return {reason.section for reason in assess_parts(old, new, load_vocabulary())}


def _moved_block(old_sentence: str, new_sentence: str, into_new_section: bool) -> tuple[list, list]:
    """A paragraph of three sentences moved from "logs" to another section
    (a new one, or one that was there), its middle sentence reworded."""
    old = [Part("logs", "Logs", f"Logs help us find faults. {_KEEP} {old_sentence} {_WHERE}"),
           Part("other", "Other", "We answer email.")]
    moved = f"{_KEEP} {new_sentence} {_WHERE}"
    new = [Part("logs", "Logs", "Logs help us find faults.")]
    if into_new_section:
        new += [Part("other", "Other", "We answer email."), Part("keeping", "Keeping logs", moved)]
    else:
        new += [Part("other", "Other", "We answer email. " + moved)]
    return old, new


# A sentence in the middle of a moved paragraph, reworded too much to be
# found by its words (plainer wording, a pointer said another way), moved
# with its neighbours: compared with what stands between them where they
# went, not read as a sentence lost in one section and another added in the
# other. A sentence between them that says something else, or adds a
# recipient, is still a change.
GAPS = [
    ("minor", "Please contact our support team.", "Please get in touch with our support team."),
    ("minor", "For more information, see the security page.", "To learn more, read the security page."),
    ("significant", "Please contact our support team.", "Please contact our support team or our advertising partners."),
    ("significant", "We never sell your data.", "Questions are welcome."),
    ("significant", "For more information, see the security page.", "We may also share logs with our auditors."),
]


@pytest.mark.parametrize("into_new_section", [True, False], ids=["into-a-new-section", "into-another-section"])
@pytest.mark.parametrize("label,old,new", GAPS, ids=[f"{c[0]}-{i}" for i, c in enumerate(GAPS)])
def test_a_sentence_reworded_inside_a_moved_paragraph(label, old, new, into_new_section):
    assert bool(_flagged(*_moved_block(old, new, into_new_section))) == (label == "significant")


def test_a_change_inside_a_moved_paragraph_is_said_where_it_went():
    old, new = _moved_block("We never sell your data.", "Questions are welcome.", into_new_section=False)
    assert _flagged(old, new) == {"logs", "other"}  # a section that stays keeps the change too
    old, new = _moved_block("We never sell your data.", "Questions are welcome.", into_new_section=True)
    assert "keeping" in _flagged(old, new)


# A sentence moved out into a section new in this version and reworded on
# the way is judged there, with the rest of the new section (which is
# flagged as added whenever anything in it is new); the section it left
# only lost a sentence that moved. Moved into a section that was there
# before, or out of a section removed in this version, its change is said
# of both (tests/test_significance.py).
_RULE = "The law requires that data sent abroad must only go to countries with adequate laws."


def test_a_sentence_moved_into_a_new_section_and_changed_is_said_there():
    old = [Part("transfers", "Transfers", f"{_RULE} We rely on the framework for transfers to the United States.")]
    new = [Part("transfers", "Transfers", "We rely on the framework for transfers to the United States."),
           Part("abroad", "Data sent abroad",
                "The law requires that any data sent abroad must go to countries with adequate laws. "
                "We sign the standard clauses with every customer who asks.")]
    reasons = assess_parts(old, new, load_vocabulary())
    assert {r.section for r in reasons} == {"abroad"}
    quoted = {word for r in reasons for word in r.words}
    assert "only" in quoted  # the hedge it lost is said where the sentence is now
    unchanged = [new[0], Part("abroad", "Data sent abroad", _RULE + " We sign the standard clauses.")]
    assert {r.section for r in assess_parts(old, unchanged, load_vocabulary())} == {"abroad"}


# A sentence that ends with an abbreviation that can end one ("the U.S.",
# "Inc.", "etc.") ends there when the next word can only open a sentence
# ("... in the U.S. If you ..."): moved next to another sentence, it is
# still found as moved text; "the U.S. Government" stays one sentence.
_US = "Acme is a U.S. company and all server infrastructure are located in the U.S."
_ABROAD = ("If you live in the European Union, the UK or anywhere else outside the United States, please note "
           "that anything you send us will be moved to and kept in the United States.")
ABBREVIATED_ENDS = [
    ("minor", "Acme is a U.S. company, and all of our server infrastructure is in the U.S."),
    ("significant", "Acme is a U.S. company, and all of our server infrastructure is in the U.S. and Canada."),
    ("significant", "Acme is a U.S. company, and some of our server infrastructure is in the U.S."),
]


@pytest.mark.parametrize("label,moved", ABBREVIATED_ENDS, ids=[f"{c[0]}-{i}" for i, c in enumerate(ABBREVIATED_ENDS)])
def test_a_sentence_ending_with_an_abbreviation_moved(label, moved):
    old = [Part("law", "When the law requires", f"We answer valid court orders. {_US}"),
           Part("location", "Location", _ABROAD)]
    new = [Part("law", "When the law requires", "We answer valid court orders."),
           Part("location", "Location", f"{moved} {_ABROAD}")]
    assert bool(_flagged(old, new)) == (label == "significant")


def test_where_a_sentence_ends_after_an_abbreviation():
    from generator.significance.reading import split_units

    def sentences(text):
        return [unit.text for unit in split_units("s", "", text)]

    assert sentences("Data stays in the U.S. If you object, write to us.") == [
        "Data stays in the U.S.", "If you object, write to us."]
    assert sentences("We use cookies, pixels, etc. We also keep logs.") == [
        "We use cookies, pixels, etc.", "We also keep logs."]
    assert len(sentences("The U.S. Government may ask for data.")) == 1
    assert len(sentences("Made by Acme Inc. Engineers like it.")) == 1
    assert len(sentences("Examples, e.g. The Times, are named.")) == 1
