"""Known-safe transformations added on branch sig12 (issue 12), each with
the material near-variant a lenient rule for it would miss. Every minor
case fails on the code before its rule; every significant one is flagged
before and after."""
import pytest

from generator.significance import assess_text, load_vocabulary


def significant(old: str, new: str) -> bool:
    return bool(assess_text(old, new, load_vocabulary()))


# A connective that opens a sentence before a comma only ties it to the one
# before ("Likewise," / "Similarly,", "Even so," / "Nevertheless,",
# "Accordingly," / "For this reason,"): exchanged, added or dropped, it
# changes nothing. The same words elsewhere in a sentence, a condition that
# opens it ("In such cases,", a hedge "In general,") and what follows the
# comma are read as before.
_GIVEN = "Our policy is to refuse requests for user data. "
CONNECTIVES = [
    ("minor", _GIVEN + "Likewise, we will only respond to valid orders.",
     _GIVEN + "Similarly, we will only respond to valid orders."),
    ("minor", _GIVEN + "Even so, GitHub remains dedicated to your rights.",
     _GIVEN + "Nevertheless, GitHub remains dedicated to your rights."),
    ("minor", _GIVEN + "Finally, if we are acquired, we will notify you.",
     _GIVEN + "Lastly, if we are acquired, we will notify you."),
    ("minor", _GIVEN + "Accordingly, we have adopted the clauses.",
     _GIVEN + "For this reason, we have adopted the clauses."),
    ("minor", _GIVEN + "We have adopted the clauses.", _GIVEN + "As a result, we have adopted the clauses."),
    ("minor", _GIVEN + "Similarly, 37signals keeps a log.", _GIVEN + "37signals keeps a log."),
    ("significant", _GIVEN + "Likewise, we will only respond to valid orders.",
     _GIVEN + "Similarly, we will respond to valid orders."),
    ("significant", _GIVEN + "Likewise, we will only respond to valid orders.",
     _GIVEN + "Unless you object, we will only respond to valid orders."),
    ("significant", "Decisions with legal or similarly significant effects are reviewed.",
     "Decisions with legal effects are reviewed."),
    ("significant", _GIVEN + "In such cases, we may share your email address.", _GIVEN + "We may share your email address."),
    ("significant", _GIVEN + "In general, we delete logs after a year.", _GIVEN + "Finally, we delete logs after a year."),
    ("significant", _GIVEN + "Finally, we keep logs.", _GIVEN + "Finally we keep logs and sell them."),
]


@pytest.mark.parametrize("label,old,new", CONNECTIVES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CONNECTIVES)])
def test_a_connective_that_opens_a_sentence(label, old, new):
    assert significant(old, new) == (label == "significant")


# A condition that refers back to the one just stated, said another way
# ("In such circumstances," / "In that case,"); not a hedge ("In some cases").
BACK_CONDITIONS = [
    ("minor", "Your employer may supply your account. In such circumstances, GitHub acts as a processor.",
     "Your employer may supply your account. In that case, GitHub acts as a processor."),
    ("minor", "You may link an account. If so, we receive your handle.",
     "You may link an account. In that case, we receive your handle."),
    ("significant", "Your employer may supply your account. In such circumstances, GitHub acts as a processor.",
     "Your employer may supply your account. In some cases, GitHub acts as a processor."),
    ("significant", "Your employer may supply your account. In such circumstances, GitHub acts as a processor.",
     "Your employer may supply your account. GitHub acts as a processor."),
]


@pytest.mark.parametrize("label,old,new", BACK_CONDITIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(BACK_CONDITIONS)])
def test_a_condition_that_refers_back_said_another_way(label, old, new):
    assert significant(old, new) == (label == "significant")


# A cross-reference given its section's number ("take a look at the section
# below on X" -> "take a look at Section 10 below on X"): the same place said
# another way (a number exchanged for another was already a renumbering). A
# number where nothing points ("... Act Section 2703"), or one in a sentence
# that says more than where to look, is read as a number.
_SECTIONS = ("## Controllers\n\nGitHub B.V. is the controller.\n\n## Reach us\n\n{pointer}\n")
SECTION_NUMBERS = [
    ("minor", "To learn which company is the controller, see the section below on Controllers.",
     "To learn which company is the controller, see Section 10 below on Controllers."),
    ("minor", "For details, see the Controllers section.", "For details, see the Controllers section (section 4.2)."),
    ("significant", "To learn which company is the controller, see the section below on Controllers.",
     "To learn which company is the controller, see Section 10 below on Controllers, which we may change."),
    ("significant", "We disclose data only if compelled by the Stored Communications Act Section.",
     "We disclose data only if compelled by the Stored Communications Act Section 2703."),
    ("significant", "To learn which company is the controller, see the section below on Controllers.",
     "To learn which company is the controller, see section 10 days below on Controllers."),
]


@pytest.mark.parametrize("label,old,new", SECTION_NUMBERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(SECTION_NUMBERS)])
def test_a_cross_reference_given_its_section_number(label, old, new):
    assert significant(_SECTIONS.format(pointer=old), _SECTIONS.format(pointer=new)) == (label == "significant")


# Who does what to whom turned round (a miss found on sig12: "We sell your
# data to Google" -> "Google sells your data to us" was taken for words
# reordered, "we" and "us" being words the comparison leaves out). The
# reorderings and the passive with "by us" stay minor.
ROLES = [
    ("significant", "We sell your data to Google.", "Google sells your data to us."),
    ("significant", "We sell your data to partners.", "Partners sell your data to us."),
    ("significant", "We send you a code.", "You send us a code."),
    ("significant", "Partners give us your data.", "We give partners your data."),
    ("significant", "We share your email with partners.", "Partners share your email with us."),
    ("minor", "We share it with Google and Meta.", "We share it with Meta and Google."),
    ("minor", "We may periodically revise this policy.", "We may revise this policy periodically."),
    ("minor", "Their privacy statements govern how this data is processed.",
     "How this data is processed is governed by their privacy statements."),
]


@pytest.mark.parametrize("label,old,new", ROLES, ids=[f"{c[0]}-{i}" for i, c in enumerate(ROLES)])
def test_who_does_what_to_whom_turned_round(label, old, new):
    assert significant(old, new) == (label == "significant")


# Words moved within their sentence over a negation, modal or qualifier
# that stayed (a miss found on sig12: "sent to our payment processor and
# never reaches our servers" with the two places swapped was a short run
# moved within its sentence). Moves that cross nothing guarded stay minor.
CROSSING = [
    ("significant", "Card data is sent directly to our payment processor and never reaches our servers.",
     "Card data is sent directly to our servers and never reaches our payment processor."),
    ("significant", "Card information is submitted directly to our payment processor and doesn’t hit 37signals servers.",
     "Card information is submitted directly to 37signals servers and doesn’t hit our payment processor."),
    ("significant", "We keep logs for security and may share backups with vendors.",
     "We keep backups for security and may share logs with vendors."),
    ("minor", "We may periodically revise this policy.", "We may revise this policy periodically."),
    ("minor", "From time to time we may update this policy.", "We may update this policy from time to time."),
    ("minor", "We do not sell your data to anyone.", "We do not sell to anyone your data."),
]


@pytest.mark.parametrize("label,old,new", CROSSING, ids=[f"{c[0]}-{i}" for i, c in enumerate(CROSSING)])
def test_words_moved_over_a_guarded_word(label, old, new):
    assert significant(old, new) == (label == "significant")


# A law's or another text's section renumbered is no cross-reference of the
# notice's own (a miss found on sig12: "Section 9 of the Act" -> "Section 10
# of the Act" was taken for "see section 5" -> "section 6"). The notice's
# own sections renumbered stay minor.
OTHER_TEXTS_SECTIONS = [
    ("significant", "We share your data under Section 9 of the Act.", "We share your data under Section 10 of the Act."),
    ("significant", "We disclose data as required by the Stored Communications Act Section 27.",
     "We disclose data as required by the Stored Communications Act Section 28."),
    ("significant", "Arbitration follows Section 4 of our Terms of Service.",
     "Arbitration follows Section 5 of our Terms of Service."),
    ("minor", "For details, see section 5 of this Privacy Policy.", "For details, see section 6 of this Privacy Policy."),
    ("minor", "For details, see Section 5.", "For details, see Section 6."),
]


@pytest.mark.parametrize("label,old,new", OTHER_TEXTS_SECTIONS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(OTHER_TEXTS_SECTIONS)])
def test_another_texts_section_renumbered(label, old, new):
    assert significant(_SECTIONS.format(pointer=old), _SECTIONS.format(pointer=new)) == (label == "significant")


# Words that claim nothing by themselves (`function_words`, branch sig12b):
# a change that leaves only these unexplained is a rewording ("of those
# under 16" -> "of anyone under 16", "although" -> "though"). A pronoun that
# names who acts ("you" -> "anyone"), words of time or cause ("although" ->
# "while", "because") and content words around them are still read.
FUNCTION_WORDS = [
    ("minor", "We do not knowingly sell the personal information of those under 16.",
     "We do not knowingly sell the personal information of anyone under 16."),
    ("minor", "We keep server logs, although we delete them after a year.",
     "We keep server logs, though we delete them after a year."),
    ("minor", "Your account data gets deleted when you close your account.",
     "Your account data is deleted when you close your account."),
    ("significant", "You can download a copy of your personal information.",
     "Anyone can download a copy of your personal information."),
    ("significant", "We keep server logs, although we delete them after a year.",
     "We keep server logs while we delete them after a year."),
    ("significant", "We do not knowingly sell the personal information of those under 16.",
     "We do not knowingly sell the personal information of anyone's children under 16."),
]


@pytest.mark.parametrize("label,old,new", FUNCTION_WORDS, ids=[f"{c[0]}-{i}" for i, c in enumerate(FUNCTION_WORDS)])
def test_words_that_claim_nothing_by_themselves(label, old, new):
    assert significant(old, new) == (label == "significant")


# Parties trading places around the same words (branch sig15, the miss class
# "runs trading places"): a person by pronoun, a kind of recipient or a name
# moved within its sentence away from what it does ("you control X, we
# control Y" -> "we control X, you control Y") turns round who does what,
# though every word is kept. A party that moves with its clause or its list,
# and objects reordered in a list, stay a reordering.
PARTIES = [
    ("significant", "You choose which posts are visible on your page, and we choose which ads are shown.",
     "We choose which posts are visible on your page, and you choose which ads are shown."),
    ("significant", "Contractors may read files that we archive.", "We may read files that contractors archive."),
    ("significant", "Advertisers receive your postcode and partners receive your nickname.",
     "Partners receive your postcode and advertisers receive your nickname."),
    ("significant", "Moderators can remove your drafts, but you can pin your replies.",
     "You can remove your drafts, but moderators can pin your replies."),
    ("minor", "We ask for your postcode when you open an account.", "When you open an account, we ask for your postcode."),
    ("minor", "If you write to us, we keep your letter.", "We keep your letter if you write to us."),
    ("minor", "You manage your drafts and your replies.", "You manage your replies and your drafts."),
    ("minor", "We pass orders to vendors and partners.", "We pass orders to partners and vendors."),
    ("minor", "Vendors and partners may receive your postcode.", "Partners and vendors may receive your postcode."),
    ("minor", "We archive files for safety, and you can ask us to erase them.",
     "You can ask us to erase them, and we archive files for safety."),
    ("minor", "We give you the option to opt in.", "We give the option to opt in to you."),
    ("minor", "The Acme app for Windows keeps your notes on your device.",
     "On Windows, the Acme app keeps your notes on your device."),
]


@pytest.mark.parametrize("label,old,new", PARTIES, ids=[f"{c[0]}-{i}" for i, c in enumerate(PARTIES)])
def test_parties_trading_places(label, old, new):
    assert significant(old, new) == (label == "significant")


# The same class the other way round (sig15): words moved between parties
# that stay ("your postcode with vendors, and your nickname with
# advertisers" swapped; "You manage your drafts, and we manage the
# banners" swapped) change who gets or handles what. A list reordered
# beside one party, a clause fronted with its party, and a word moved
# past the party it stood beside stay a reordering.
OBJECTS_BETWEEN_PARTIES = [
    ("significant", "We pass your postcode to vendors, and your nickname to advertisers.",
     "We pass your nickname to vendors, and your postcode to advertisers."),
    ("significant", "We pass your postcode to vendors and your nickname to advertisers.",
     "We pass your nickname to vendors and your postcode to advertisers."),
    ("significant", "You manage your drafts, and we manage the banners.",
     "You manage the banners, and we manage your drafts."),
    ("minor", "We pass your postcode and nickname to vendors.", "We pass your nickname and postcode to vendors."),
    ("minor", "We pass totals to vendors and auditors.", "We pass totals to auditors and vendors."),
    ("minor", "We pass your postcode to vendors when you ask.", "When you ask, we pass your postcode to vendors."),
    ("minor", "We may periodically pass your postcode to vendors.", "We may pass your postcode to vendors periodically."),
    ("minor", "We note your nickname, your postcode and your phone number.",
     "We note your postcode, your nickname and your phone number."),
]


@pytest.mark.parametrize("label,old,new", OBJECTS_BETWEEN_PARTIES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(OBJECTS_BETWEEN_PARTIES)])
def test_words_moved_between_parties(label, old, new):
    assert significant(old, new) == (label == "significant")
