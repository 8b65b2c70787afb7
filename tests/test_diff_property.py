"""The word diff is exact: applying it to the old text gives the new text,
for any texts (hypothesis searches for counter-examples)."""
import pytest
from hypothesis import given, settings, strategies as st

from generator.diff import DELETE, EQUAL, INSERT, apply, reading_text, word_diff

WORDS = ["we", "never", "sell", "share", "your", "data", "90", "days", "only", "may", "not",
         "e-mail", "email", "\n", "\n\n", "- ", ", ", ". ", "(", ")", "é", "データ", "[link](https://x.y)"]
texts = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_applying_the_diff_to_the_old_text_gives_the_new_text(old, new):
    ops = word_diff(old, new)
    assert apply(old, ops) == new
    assert "".join(text for op, text in ops if op != INSERT) == old
    assert all(op in (DELETE, EQUAL, INSERT) and text for op, text in ops)


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_reading_diff_is_exact_too(old, new):
    assert apply(reading_text(old), word_diff(reading_text(old), reading_text(new))) == reading_text(new)


def test_small_material_edits_stay_small():
    ops = word_diff("We delete account data 90 days after you close your account.",
                    "We delete account data 7 years after you close your account.")
    assert [t for op, t in ops if op == DELETE] == ["90 days"]
    assert [t for op, t in ops if op == INSERT] == ["7 years"]


@pytest.mark.parametrize("markdown, reads", [
    ("[our page](javascript:alert(1)) now", "our page now"),
    ("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) x", "Foo x"),
    ('[a](b "title") c', "a c"),
    ("[a](b) and (c)", "a and (c)"),
])
def test_a_link_reads_as_its_words_whatever_its_destination_holds(markdown, reads):
    """A destination with parentheses ended at its first `)`: the redlines
    showed "our page)" (an attack found it)."""
    assert reading_text(markdown) == reads
