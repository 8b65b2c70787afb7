"""Plain rewordings made safe on branch sig16b (issue 12), each beside the
material near-variant a lenient rule for it would miss. Every minor case
fails on the code before its rule; every significant one is flagged before
and after. Invented text, not corpus text."""
import pytest

from test_significance_safe_edits import significant


# Synonyms and the reader's own choice said or left unsaid: "impact" /
# "affect", the data a company "has" or "holds", "If you choose to use X" /
# "If you use X". A negation, another verb or another party beside them is
# still read.
_SYNC = "Sync is off by default. "
PLAIN_WORDS = [
    ("minor", _SYNC + "Turning off uploads will not impact the crash reports we receive.",
     _SYNC + "Turning off uploads will not affect the crash reports we receive."),
    ("minor", _SYNC + "You can ask for a list of the records we have about you.",
     _SYNC + "You can ask for a list of the records we hold about you."),
    ("minor", _SYNC + "If you choose to use the sync feature, we store your bookmarks.",
     _SYNC + "If you use the sync feature, we store your bookmarks."),
    ("minor", _SYNC + "When you decide to delete your profile, we erase its backups.",
     _SYNC + "When you delete your profile, we erase its backups."),
    ("significant", _SYNC + "Turning off uploads will not impact the crash reports we receive.",
     _SYNC + "Turning off uploads will impact the crash reports we receive."),
    ("significant", _SYNC + "You can ask for a list of the records we have about you.",
     _SYNC + "You can ask for a list of the records we share about you."),
    ("significant", _SYNC + "If you choose to use the sync feature, we store your bookmarks.",
     _SYNC + "If you choose not to use the sync feature, we store your bookmarks."),
    ("significant", _SYNC + "If you choose to use the sync feature, we store your bookmarks.",
     _SYNC + "If we choose to use the sync feature, we store your bookmarks."),
]


@pytest.mark.parametrize("label,old,new", PLAIN_WORDS, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLAIN_WORDS)])
def test_plain_words_for_the_same_thing(label, old, new):
    assert significant(old, new) == (label == "significant")


# A space put in or taken out inside a word (a postcode, a phone number):
# the same letters and digits. Other letters or digits, or pieces joined
# by anything but a space, are read as before.
_POST = "Our office receives letters for the privacy team. "
RESPACED = [
    ("minor", _POST + "Write to us at Keizersgracht 12, 1015AB Amsterdam.",
     _POST + "Write to us at Keizersgracht 12, 1015 AB Amsterdam."),
    ("minor", _POST + "Call us on +31 20 5550123 on weekdays.", _POST + "Call us on +31 20 555 0123 on weekdays."),
    ("significant", _POST + "Write to us at Keizersgracht 12, 1015AB Amsterdam.",
     _POST + "Write to us at Keizersgracht 12, 1015 AC Amsterdam."),
    ("significant", _POST + "Write to us at Keizersgracht 12, 1015AB Amsterdam.",
     _POST + "Write to us at Keizersgracht 12, 1016 AB Amsterdam."),
    ("significant", _POST + "We keep the letters for 1030 days.", _POST + "We keep the letters for 10-30 days."),
]


@pytest.mark.parametrize("label,old,new", RESPACED, ids=[f"{c[0]}-{i}" for i, c in enumerate(RESPACED)])
def test_a_space_put_in_or_taken_out(label, old, new):
    assert significant(old, new) == (label == "significant")


# "only" moved to the other side of the verb it stands next to ("collect
# only what we need" -> "only collect what we need"): the same limit. Not
# "only" moved past a person ("Only you can" -> "You can only"), past the
# verb's object, or next to a name.
_LIMIT = "Our rule is simple. "
ONLY_BESIDE_VERB = [
    ("minor", _LIMIT + "Our principle is to collect only what we need.",
     _LIMIT + "Our principle is to only collect what we need."),
    ("minor", _LIMIT + "We only share aggregated counts with researchers.",
     _LIMIT + "We share only aggregated counts with researchers."),
    ("minor", _LIMIT + "Staff will access only the tickets you open.",
     _LIMIT + "Staff will only access the tickets you open."),
    ("significant", _LIMIT + "Only you can see your drafts.", _LIMIT + "You can only see your drafts."),
    ("significant", _LIMIT + "Only we read the messages you send.", _LIMIT + "We only read the messages you send."),
    ("significant", _LIMIT + "We solely use your address for billing.", _LIMIT + "Solely we use your address for billing."),
    ("minor", _LIMIT + "We only read the messages you send.", _LIMIT + "We read only the messages you send."),
    ("minor", _LIMIT + "Only we read the messages you send.", _LIMIT + "Only we read the messages that you send."),
    ("minor", _LIMIT + "We only read the messages you send.", _LIMIT + "We only read the messages that you send."),
    ("significant", _LIMIT + "We share only email addresses when you sign up.",
     _LIMIT + "We share email addresses only when you sign up."),
    ("significant", _LIMIT + "Our principle is to collect only what we need.",
     _LIMIT + "Our principle is to collect what we need."),
    ("significant", _LIMIT + "Our principle is to collect only what we need.",
     _LIMIT + "Our principle is to only collect what you need."),
]


@pytest.mark.parametrize("label,old,new", ONLY_BESIDE_VERB, ids=[f"{c[0]}-{i}" for i, c in enumerate(ONLY_BESIDE_VERB)])
def test_only_on_the_other_side_of_its_verb(label, old, new):
    assert significant(old, new) == (label == "significant")


# Lists reordered each within itself, two in one sentence ("both A and B
# ... from your C account and your D account" -> "both B and A ... your D
# account and your C account"): a reordering. Words apart trading places
# across a verb ("sell maps and keep logs" -> "sell logs and keep maps") or
# items moved from one list to the other are not: that was read as a word
# moved within its sentence.
_TWO = "We link your accounts. "
TWO_LISTS = [
    ("minor", _TWO + "Mail is stored by both Acme and Zenith and is shown in your Zenith inbox and your Acme inbox.",
     _TWO + "Mail is stored by both Zenith and Acme and is shown in your Acme inbox and your Zenith inbox."),
    ("minor", _TWO + "Mail is stored by both Acme and Zenith and is shown in your Zenith inbox as well as your Acme inbox.",
     _TWO + "Mail is stored by both Zenith and Acme and is shown in your Acme inbox as well as your Zenith inbox."),
    ("minor", _TWO + "We collect your name, email and phone number.",
     _TWO + "We collect your phone number, email and name."),
    ("minor", _TWO + "We share data with vendors, partners and advertisers.",
     _TWO + "We share data with advertisers, partners and vendors."),
    ("significant", _TWO + "We sell maps and keep logs.", _TWO + "We sell logs and keep maps."),
    ("significant", _TWO + "We share your email with vendors and your name with advertisers.",
     _TWO + "We share your email with advertisers and your name with vendors."),
    ("significant", _TWO + "We sell maps and logs and keep notes and photos.",
     _TWO + "We sell notes and maps and keep photos and logs."),
    ("significant", _TWO + "Mail is stored by both Acme and Zenith and is shown in your Zenith inbox and your Acme inbox.",
     _TWO + "Mail is stored by both Zenith and Acme and is deleted from your Acme inbox and your Zenith inbox."),
]


@pytest.mark.parametrize("label,old,new", TWO_LISTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(TWO_LISTS)])
def test_two_lists_reordered_in_one_sentence(label, old, new):
    assert significant(old, new) == (label == "significant")
