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
    """Words no safe edit explains are significant whatever the vocabulary;
    a project's terms make the category certain (and so shown to visitors),
    and its variants declare a rename as one name."""
    extra = tmp_path / "significance.yml"
    extra.write_text("categories:\n  data-categories:\n    terms: [loyalty points]\n"
                     "variants:\n  Polldaddy: Crowdsignal\n")
    old, new = "We record your purchases.", "We record your purchases and loyalty points."
    guessed = assess_text(old, new, load_vocabulary())
    assert guessed and guessed[0].words == ("loyalty points",) and not guessed[0].sure
    reasons = assess_text(old, new, load_vocabulary(extra))
    assert [r.category for r in reasons] == ["data-categories"] and reasons[0].words == ("loyalty points",)
    assert reasons[0].sure and reasons[0].about == "what information is collected"
    renamed = ("Answers to a Polldaddy survey are stored in Ireland.", "Answers to a Crowdsignal survey are stored in Ireland.")
    assert assess_text(*renamed, load_vocabulary()) and not assess_text(*renamed, load_vocabulary(extra))


def test_unquoted_yaml_words_are_refused(tmp_path):
    import pytest

    from generator.significance import VocabularyError

    extra = tmp_path / "significance.yml"
    extra.write_text("negations_and_modals: [no, off]\n")
    with pytest.raises(VocabularyError, match='write "no"'):
        load_vocabulary(extra)


# Fresh edits of the classes issue 12 names, written before the rules that
# handle them (not taken from the corpus, neither half): sentences a legal
# team could write, each changed once.
FRESH_SECTION = [
    # hedges and qualifiers
    ("significant", "We delete your search history after 30 days.",
     "We typically delete your search history after 30 days."),
    ("significant", "We will notify you before we change this policy.",
     "Where practicable, we will notify you before we change this policy."),
    ("significant", "We keep support emails for two years.", "We keep support emails for as long as necessary."),
    ("significant", "We collect only the information needed to ship your order.",
     "We collect the information you provide to ship your order."),
    ("significant", "We share your address with couriers.",
     "We share your address with parties including but not limited to couriers."),
    ("significant", "In all cases we ask for your consent first.", "In most cases we ask for your consent first."),
    # scope widened or narrowed
    ("significant", "The Acme app for Android sends crash reports to us.",
     "The Acme app for Android and iOS sends crash reports to us."),
    ("significant", "We store backups in Ireland.", "We store backups in Ireland and Vietnam."),
    ("significant", "This notice covers acme.com and acmemail.com.",
     "This notice covers acme.com, acmemail.com and acmepay.com."),
    ("significant", "We send crash reports to Sentry.", "We send crash reports to Sentry and Datadog."),
    ("significant", "We use your location to show local weather.",
     "We use your location to show local weather and to measure store visits."),
    ("significant", "We encrypt your messages.", "We encrypt your messages if you turn on secure mode."),
    ("significant", "Acme Mail and Acme Drive are covered by this notice.", "Acme Mail is covered by this notice."),
    # kinds of data no vocabulary lists
    ("significant", "The assistant records your commands.", "The assistant records your commands and your voiceprint."),
    ("significant", "We collect your browser type.",
     "We collect your browser type and your device's hardware identifiers."),
    ("significant", "We use your IP address to set your language.",
     "We use your IP address to infer your approximate location and set your language."),
    ("significant", "We show you ads based on the page you are reading.",
     "We show you ads based on the page you are reading and on interests we infer from your activity."),
    ("significant", "We record clicks on our pages.", "We record clicks, scrolling and mouse movements on our pages."),
    # words of relation and quantity
    ("significant", "We delete logs after 30 days.", "We delete logs within 30 days."),
    ("significant", "We keep at least 30 days of logs.", "We keep up to 30 days of logs."),
    ("significant", "We share all incident reports with the regulator.",
     "We share some incident reports with the regulator."),
    ("significant", "We tell you 30 days before the change.", "We tell you 30 days after the change."),
    ("significant", "We send this data to fewer than five partners.", "We send this data to more than five partners."),
    ("significant", "Earlier versions of the app sent usage statistics.",
     "Later versions of the app send usage statistics."),
    # the address people write to, even when only the text of its link changes
    ("significant", "Write to [privacy@exmaple.com](mailto:privacy@example.com).",
     "Write to [privacy@example.com](mailto:privacy@example.com)."),
    # markup that is not text
    ("minor", "We collect your <strong>name</strong> and email address.",
     "We collect your **name** and email address."),
    ("minor", "We use cookies to keep you signed in.",
     "<!-- reviewed by counsel, March 2025 -->\nWe use cookies to keep you signed in."),
    ("minor", "We use cookies to keep you signed in.\n{: #cookies }",
     "We use cookies to keep you signed in.\n{: #cookies .highlight }"),
    ("minor", "Read [our help centre](https://help.example.com/a/privacy).",
     "Read [our help centre](https://support.example.com/hc/articles/9-privacy)."),
    ("minor", 'See "[About cookies](/docs/cookies)" for details.',
     'See "[Cookies and similar technologies](/docs/cookies)" for details.'),
    ("minor", "### Cookies\n\nWe use cookies to keep you signed in.",
     "#### Cookies\n\nWe use cookies to keep you signed in."),
    # digits that are not quantities
    ("minor", "We keep server logs for 13 months.[^1]", "We keep server logs for 13 months."),
    ("minor", "© 2023 Acme Inc. All rights reserved.", "© 2024 Acme Inc. All rights reserved."),
    ("minor", "Acme Ltd, 1 High Street, London EC1A 1BB", "Acme Ltd<br>1 High Street<br>London EC1A 1BB"),
    ("minor", "The Acme 2 app for Android stores your notes on your device.",
     "On Android, the Acme 2 app stores your notes on your device."),
    ("minor", "Last updated: March 3, 2024", "Last updated: June 9, 2025"),
    # a modal word in an added pointer, inflections, abbreviations, synonyms
    ("minor", "We use cookies.", "We use cookies. You can learn more on our help page."),
    ("minor", "Your files are stored in Ireland.", "We store your files in Ireland."),
    ("minor", "We never transfer data outside the European Union.", "We never transfer data outside the E.U."),
    ("minor", "If you ask, we will send you a copy of your data.",
     "If you request it, we will send you a copy of your data."),
    ("minor", "We retian your orders for accounting.", "We retain your orders for accounting."),
]

# Written after the first held-out run (which was not read item by item),
# before the rules for them: compounds, spellings, date formats.
FRESH_SECTION += [
    ("minor", "Use the sign-up form to log in.", "Use the signup form to login."),
    ("minor", "We fulfil every request within one month.", "We fulfill every request within one month."),
    ("minor", "Last revised: 2018-05-25", "Last revised: 24 June 2019"),
    ("significant", "We keep backups for 30 days.", "We keep backups for 30 days, and a copy offline for 1 year."),
    ("minor", "We will commence processing prior to the transfer.", "We will start processing before the transfer."),
    ("minor", "Last updated: May 24th, 2018", "Last updated: June 1st, 2019"),
    ("minor", "<table><tr><td>Purpose</td><td>Data</td></tr><tr><td>Billing</td><td>Your card number</td></tr></table>",
     "<table>\n<tr><td>Purpose</td><td>Data</td></tr>\n<tr><td>Billing</td><td>Your card&nbsp;number</td></tr>\n</table>"),
    ("significant", "Acme shares your order with Globex.", "Acme shares your order with Initech."),
    # written before their rules: a link's text is a name when it points to another site; a
    # word two letters from another is a typo only when it is not a name or a word the notice uses
    ("significant", "We measure visits with [Google Analytics](https://analytics.google.com/).",
     "We measure visits with [Adobe Analytics](https://www.adobe.com/analytics/)."),
    ("significant", "We store backups in Austria.", "We store backups in Australia."),
    ("minor", "Read [the instructions here](https://support.example.com/kb/opt-out-7).",
     "Read [these instructions](https://support.example.com/kb/opt-out)."),
    # written before their rules: renumbered cross-references, date lines in a sentence,
    # change-log entries dated by month, invisible characters
    ("minor", "To object, follow the steps in section 5.", "To object, follow the steps in section 6."),
    ("significant", "We rely on Article 49 of the GDPR for these transfers.",
     "We rely on Article 46 of the GDPR for these transfers."),
    ("minor", "We last updated this notice on May 24, 2018.", "We last updated this notice on June 1, 2019."),
    ("minor", "- March 2021: We added a section on cookies.",
     "- June 2022: We clarified the section on retention.\n- March 2021: We added a section on cookies."),
    ("minor", "We collect your email address.", "We collect your e\u00admail ad\u200bdress."),
    # written after the third held-out run (not read item by item), before their rules:
    # plainer wording of the same promise
    ("minor", "We will email you before the change takes effect.", "We email you before the change takes effect."),
    ("significant", "We will email you before the change takes effect.",
     "We may email you before the change takes effect."),
    ("minor", "Such requests shall be answered within one month.", "Such requests will be answered within one month."),
    ("minor", "Some features might not work without cookies.", "Some features may not work without cookies."),
    ("minor", "We collect details such as your name and address.", "We collect details including your name and address."),
    ("minor", "Your data is processed by our staff in Ireland.", "Our staff in Ireland process your data."),
    # written with the rules they guard (safe edits made narrower, no cost on the tune half)
    ("significant", "We share reports with [our partners](/partners).",
     "We share reports with [our advertising partners](/partners)."),
    ("significant", "We send invoices to Stripe. We send receipts to Adyen.",
     "We send invoices to Adyen. We send receipts to Stripe."),
]

# Whole notices: sections matched by id, then by content; moved text cancels.
FRESH_NOTICE = [
    ("minor", "## Changes & Questions\n\nWe post every change on this page.\n",
     "## Changes and questions\n\nWe post every change on this page.\n"),
    ("minor", "## When you delete data\n\nDeleted files are purged within 30 days.\n",
     "## What happens when you delete data\n\nDeleted files are purged within 30 days.\n"),
    ("minor", "## Sharing\n\nWe share orders with couriers.\n\nWe never sell your data.\n\n## Selling\n\nNothing here.\n",
     "## Sharing\n\nWe share orders with couriers.\n\n## Selling\n\nNothing here.\n\nWe never sell your data.\n"),
    ("minor", "## Security\n\nWe encrypt backups.\n\n## Old notes\n\nWe keep an audit trail of staff access.\n",
     "## Security\n\nWe encrypt backups.\n\nWe keep an audit trail of staff access.\n"),
    ("significant", "## Security\n\nWe encrypt backups.\n\n## Old notes\n\nWe keep an audit trail of staff access.\n",
     "## Security\n\nWe encrypt backups.\n"),
    ("significant", "## Sharing\n\nWe share orders with couriers.\n",
     "## Sharing\n\nWe share orders with couriers.\n\n## Marketing partners\n\nWe give your email address to partners.\n"),
    # written with the compounds above: a sub-section made a section moves its short list items with it
    ("minor", "## Data\n\nWe collect:\n\n- name\n- email\n\n### Cookies\n\nWe use cookies to remember you.\n\n"
              "- session cookies\n- preference cookies\n",
     "## Data\n\nWe collect:\n\n- name\n- email\n\n## Cookies\n\nWe use cookies to remember you.\n\n"
     "- session cookies\n- preference cookies\n"),
    # the company that writes the notice, named or said "we" (rubric m12)
    ("minor", "## Us\n\nAcme runs this site. Acme answers to you. Acme is in Ohio. Acme has a blog.\n\n"
              "## Storage\n\nAcme keeps your files in Ohio. Acme backs them up. Acme encrypts them.\n",
     "## Us\n\nAcme runs this site. Acme answers to you. Acme is in Ohio. Acme has a blog.\n\n"
     "## Storage\n\nWe keep your files in Ohio. Acme backs them up. Acme Inc. encrypts them.\n"),
    # ...but one short item moved alone from one list to another is a change of what the lists say
    ("significant", "## We collect\n\n- name\n- email\n\n## We never collect\n\n- location\n- health data\n",
     "## We collect\n\n- name\n- email\n- location\n\n## We never collect\n\n- health data\n"),
]


def notice_reasons(old_markdown: str, new_markdown: str, vocabulary=None) -> list:
    """The reasons for a change between two whole notices, read as
    `noticegen diff OLD.md NEW.md` reads Markdown files."""
    from pathlib import Path

    from generator.diff import diff_notices
    from generator.pages import SiteText
    from generator.significance import assess
    from generator.singlefile import read_single_file
    from generator.sites import Site

    site = Site("example.invalid", "example")

    def text(markdown):
        notice = read_single_file(markdown, Path("notice.md"))
        return SiteText(site, notice, notice.preamble.body if notice.preamble else "",
                        tuple((s, s.body) for s in notice.sections))

    return list(assess(diff_notices(text(old_markdown), text(new_markdown)), vocabulary or load_vocabulary()).reasons)


import pytest  # noqa: E402


PENDING: set = set()
# fresh edits written before their rule, until it exists


@pytest.mark.parametrize("label,old,new", FRESH_SECTION, ids=[f"{c[0]}-{i}" for i, c in enumerate(FRESH_SECTION)])
def test_fresh_section_edits(label, old, new):
    if old in PENDING:
        pytest.xfail("written before the rule that handles it")
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


@pytest.mark.parametrize("label,old,new", FRESH_NOTICE, ids=[f"{c[0]}-{i}" for i, c in enumerate(FRESH_NOTICE)])
def test_fresh_notice_edits(label, old, new):
    if old.split("\n")[0] in PENDING:
        pytest.xfail("written before the rule that handles it")
    assert bool(notice_reasons(old, new)) == (label == "significant")


def test_visitors_read_one_plain_line_per_section():
    from generator.significance import Part, assess_parts, section_lines

    old = [Part("logs", "Server logs", "We keep server logs for 13 months."),
           Part("sharing", "Sharing", "We share purchase data with our payment processor.")]
    new = [Part("logs", "Server logs", "We keep server logs for 25 months."),
           Part("sharing", "Sharing", "We share purchase data with our payment processor and a fraud-screening vendor.")]
    reasons = assess_parts(old, new, load_vocabulary())
    lines = {section: line for section, _, line in section_lines(reasons)}
    assert lines == {
        "logs": "Now says “25 months” where it said “13 months”, about how long your information is kept.",
        "sharing": "Now says “a fraud-screening vendor”, about who receives your information, "
                   "and whether it is sold or shared.",
    }
    assert not any(reason.rule in line for reason in reasons for line in lines.values())


def test_only_categories_the_changed_words_name_are_sure():
    """"adequacy decision" is about transfers, not automated decisions; a
    name added to a sentence gets a guessed category, not shown to visitors."""
    vocabulary = load_vocabulary()
    reasons = assess_text("We transfer data to countries with an adequacy decision.",
                          "We transfer data to countries with an adequacy decision or under the standard "
                          "contractual clauses.", vocabulary)
    assert reasons and "automated-decisions" not in {r.category for r in reasons}
    assert {r.about for r in reasons if r.sure} == {vocabulary.plain("transfers")}
    guessed = assess_text("The Acme app for Android sends crash reports to us.",
                          "The Acme app for Android and iOS sends crash reports to us.", vocabulary)
    assert guessed and not any(r.sure for r in guessed) and guessed[0].words == ("iOS",)


# Safe edits added on branch sig3, each with the material edit next to it that it must not hide.
SAFE_AND_NOT = [
    ("minor", "We collect your name. We use it to send receipts.",
     "We collect your name, and we use it to send receipts."),
    ("minor", "GitHub may periodically revise this statement.", "GitHub may revise this statement periodically."),
    ("significant", "Firefox may send A and will send B.", "Firefox will send A and may send B."),
    ("minor", "Contact [GitHub Support](https://support.github.com/contact).",
     "Contact us through the [GitHub Support portal](https://support.github.com/)."),
    ("significant", "We share it with [our vendors](https://v.example/x).",
     "We share it with [our vendors and their subcontractors](https://v.example/x)."),
    ("minor", "We protect information about you.", "We protect your information."),
    ("minor", "We keep it for a 30-day period.", "We keep it for 30 days."),
    ("significant", "We keep it for a 30-day period.", "We keep it for 60 days."),
    ("minor", "We have 1,000 staff.", "We have 1000 staff."),
    ("minor", "Write to [privacy@example.com](mailto:privacy@example.com).", "Write to privacy@example.com."),
    ("significant", "Write to [privacy@exampel.com](mailto:privacy@example.com).",
     "Write to [privacy@example.com](mailto:privacy@example.com)."),
]


@pytest.mark.parametrize("label,old,new", SAFE_AND_NOT, ids=[f"{c[0]}-{i}" for i, c in enumerate(SAFE_AND_NOT)])
def test_safe_edits_and_the_changes_they_must_not_hide(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


def test_headings_renamed_and_headings_that_claim_something():
    from generator.significance import Part, assess_parts

    vocabulary = load_vocabulary()
    body = "We use and process the information you give us, and focus on running the service well."

    def flagged(old_title, new_title):
        return bool(assess_parts([Part("a", old_title, body)], [Part("b", new_title, body)], vocabulary))

    assert not flagged("How We Use Information", "Why We Process Your Data")
    assert flagged("Firefox", "Firefox and Firefox Focus")  # a name, though the text says "focus"
    assert flagged("How we use information", "How we use information about children")
    assert flagged("Information we do not collect", "Information we collect")
    assert flagged("Information we collect", "Information we do not collect")


def test_a_sentence_moved_and_changed_is_said_of_both_sections():
    from generator.significance import Part, assess_parts

    vocabulary = load_vocabulary()
    keep = "We keep server logs for thirteen months and then delete them from every system we run."
    old = [Part("logs", "Logs", keep + " Logs help us find faults."), Part("other", "Other", "We answer email.")]
    moved = [Part("logs", "Logs", "Logs help us find faults."), Part("other", "Other", "We answer email. " + keep)]
    assert assess_parts(old, moved, vocabulary) == []
    changed = [Part("logs", "Logs", "Logs help us find faults."),
               Part("other", "Other", "We answer email. " + keep.replace("thirteen", "twenty-five"))]
    assert {r.section for r in assess_parts(old, changed, vocabulary)} == {"logs", "other"}
    gone = [Part("other", "Other", "We answer email. " + keep.replace("thirteen", "twenty-five"))]
    assert "logs" in {r.section for r in assess_parts(old, gone, vocabulary)}  # a removed section keeps its change


def corpus_project_vocabulary(corpus: str):
    """A corpus's own renames (benchmarks/significance_projects/), as its
    project would declare them in notices/significance.yml."""
    from conftest import REPO

    return load_vocabulary(REPO / "benchmarks" / "significance_projects" / f"{corpus}.yml")


def test_declared_product_renames_are_minor_and_nothing_else():
    """Tune half, Automattic 23->24: features renamed (declared by the
    project), minor; another name in place of one of them is not."""
    vocabulary = corpus_project_vocabulary("automattic-legalmattic--privacy-policy")
    old = "Site owners may sell goods through their site (for example via Recurring Payments or Simple Payments)."
    renamed = "Site owners may sell goods through their site (for example via the Payments feature or the Pay with PayPal block)."
    widened = "Site owners may sell goods through their site (for example via the Payments feature or Stripe Link)."
    assert assess_text(old, renamed, load_vocabulary())  # the default vocabulary cannot know the rename
    assert not assess_text(old, renamed, vocabulary)
    assert assess_text(old, widened, vocabulary)
    survey = "Your answers to a Polldaddy survey are stored on our servers."
    assert not assess_text(survey, survey.replace("Polldaddy", "Crowdsignal"), vocabulary)
    assert assess_text(survey, survey.replace("Polldaddy", "SurveyMonkey"), vocabulary)


def test_corpus_project_vocabularies_load():
    from conftest import REPO

    files = sorted((REPO / "benchmarks" / "significance_projects").glob("*.yml"))
    assert files
    for path in files:
        assert load_vocabulary(path).variant_table


# A former name given beside a name (issue 12, rebrands): the text says
# itself that the same thing is meant. Written with the rule.
FORMER_NAMES = [
    ("minor", "Buttons may lead to services like Twitter or LinkedIn.",
     "Buttons may lead to services like X (formerly Twitter) or LinkedIn."),
    ("minor", "If you sign up for a Mozilla account, we process your email address.",
     "If you sign up for a Mozilla account (formerly Firefox Accounts), we process your email address."),
    ("minor", "Answers to a Crowdsignal (previously known as Polldaddy) survey are stored in Ireland.",
     "Answers to a Crowdsignal survey are stored in Ireland."),
    # ...but not another party beside it, nor anything but a name in the parenthesis
    ("significant", "Buttons may lead to services like Twitter or LinkedIn.",
     "Buttons may lead to services like X (formerly Twitter), Meta or LinkedIn."),
    ("significant", "We keep your Mozilla account data.",
     "We keep your Mozilla account data (formerly 30 days)."),
    ("significant", "We keep your Mozilla account data.",
     "We keep your Mozilla account data (formerly only with your consent)."),
    ("significant", "We share purchase data with Stripe.",
     "We share purchase data with Adyen (formerly Stripe Payments Europe) and Stripe."),
    # between commas, as well as in parentheses (fresh3: "like X, formerly known as Twitter")
    ("minor", "Connect a social media service (like Twitter) through Publicize.",
     "Connect a social media service (like X, formerly known as Twitter) through Publicize."),
    ("minor", "Buttons may lead to services like Twitter or LinkedIn.",
     "Buttons may lead to services like X, formerly Twitter, or LinkedIn."),
    ("significant", "Connect a social media service (like Twitter) through Publicize.",
     "Connect a social media service (like X, formerly known as Twitter, or Threads) through Publicize."),
    ("significant", "Buttons may lead to services like Twitter or LinkedIn.",
     "Buttons may lead to services like X, formerly Twitter, Meta or LinkedIn."),
    ("significant", "We keep your Mozilla account data.", "We keep your Mozilla account data, formerly 30 days."),
    # the same word later in the sentence ("account details") makes the comparison keep the parenthesis's
    # "Accounts" for the old "account" and take the "account" before it as added: the same change (fresh2)
    ("minor", "If you sign up for a Mozilla account, we process account details and contact information.",
     "If you sign up for a Mozilla account (formerly Firefox Accounts), we process account details and contact "
     "information."),
    ("significant", "If you sign up for a Mozilla service, we process account details and contact information.",
     "If you sign up for a Mozilla account (formerly Firefox Accounts), we process account details and contact "
     "information."),
    ("significant", "If you sign up for a Mozilla account, we process account details and contact information.",
     "If you sign up for a Mozilla account (formerly Firefox Accounts) or Pocket, we process account details and "
     "contact information."),
]


@pytest.mark.parametrize("label,old,new", FORMER_NAMES, ids=[f"{c[0]}-{i}" for i, c in enumerate(FORMER_NAMES)])
def test_former_names(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


def test_a_former_name_beside_the_companys_own_name():
    # Firefox is the notice's own name (written most often), explained before the parenthesis is read (fresh2)
    from generator.significance import assess_parts
    from generator.significance.explain import Part

    own = "Firefox keeps you safe. " * 8
    old = own + "If you sign up for a Mozilla account, we process account details and contact information."
    new = own + "If you sign up for a Mozilla account (formerly Firefox Accounts), we process account details."
    for text, label in ((new.replace("details.", "details and contact information."), "minor"), (new, "significant")):
        reasons = assess_parts([Part("s", "", old)], [Part("s", "", text)], load_vocabulary())
        assert bool(reasons) == (label == "significant"), [r.describe() for r in reasons]


def test_former_name_markers_are_vocabulary(tmp_path):
    """The markers are data: a project adds its own ("anciennement")."""
    extra = tmp_path / "significance.yml"
    extra.write_text("former_names: [once called]\n")
    old, new = "Buttons lead to Twitter.", "Buttons lead to X (once called Twitter)."
    assert assess_text(old, new, load_vocabulary()) and not assess_text(old, new, load_vocabulary(extra))


# Abbreviations (issue 12): written out although a synonym reads one of its
# words differently ("data" is read as "information"), or defined beside
# itself. Written with the rule.
ABBREVIATIONS = [
    ("minor", "The GDPR applies to you in the EU.", "The General Data Protection Regulation applies to you in the EU."),
    ("minor", "Our DPO answers questions about this notice.",
     "Our Data Protection Officer (DPO) answers questions about this notice."),
    ("minor", "The General Data Protection Regulation gives you rights.",
     "The General Data Protection Regulation (GDPR) gives you rights."),
    ("minor", "Write to our Data Protection Officer (DPO) with questions.", "Write to our DPO with questions."),
    # ...but not other words beside it, nor another body under the same letters
    ("significant", "Our DPO answers questions about this notice.",
     "Our Data Protection Officer and the Legal Team (DPO) answer questions about this notice."),
    ("significant", "Contact the DPO with questions.", "Contact the Irish DPC (DPO) with questions."),
    ("significant", "The GDPR applies to you in the EU.", "The GDPR and the CCPA apply to you in the EU."),
]


@pytest.mark.parametrize("label,old,new", ABBREVIATIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(ABBREVIATIONS)])
def test_abbreviations(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Heading words are read like the text ("notice" is "notic"): a heading
# renamed with them claims nothing. Written with the fix.
HEADING_RENAMES = [
    ("minor", "## Changes\n\nWe post changes on this page. We email you 30 days before.\n",
     "## Changes to this notice\n\nWe post changes on this page. We will email you 30 days before.\n"),
    ("minor", "## Cookies\n\nWe use cookies to keep you signed in. We never sell cookie data.\n",
     "## More about cookies\n\nWe use cookies to keep you signed in. We will never sell cookie data.\n"),
    ("significant", "## Changes\n\nWe post changes on this page. We email you 30 days before.\n",
     "## Changes for EU users\n\nWe post changes on this page. We will email you 30 days before.\n"),
    ("significant", "## Cookies\n\nWe use cookies to keep you signed in. We never sell cookie data.\n",
     "## Cookies and advertising\n\nWe use cookies to keep you signed in. We will never sell cookie data.\n"),
]


@pytest.mark.parametrize("label,old,new", HEADING_RENAMES, ids=[f"{c[0]}-{i}" for i, c in enumerate(HEADING_RENAMES)])
def test_heading_renames(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# Typos (issue 12, spelling): fixed into a negation, modal or qualifier, or
# in a word that is never compared. Written with the rule; the first two are
# the synthetic benchmark's (typo_fix) on the tune half's versions.
TYPOS = [
    ("minor", "The law requries us to keep invoices for accounting.", "The law requires us to keep invoices for accounting."),
    ("minor", "For examlpe, we collect your name when you sign up.", "For example, we collect your name when you sign up."),
    ("minor", "We collect thier name when they sign up.", "We collect their name when they sign up."),
    # ...but a promise's word mistyped no longer says it, and a rare word is not a typo of a name or a number
    ("significant", "The law requires us to keep invoices for accounting.", "The law requries us to keep invoices for accounting."),
    ("significant", "We never share your name with advertisers.", "We fever share your name with advertisers."),
    ("significant", "We delete logs after a year.", "We delete logs alter a year."),
    ("significant", "We collect your name when you sign up.", "We collect your name and thier age when you sign up."),
    # a word one letter from a word never compared is a word ("vary", "very"; "hour", "your")
    ("significant", "Retention periods are listed below.", "Retention periods vary and are listed below."),
    ("significant", "We store your backups in Ireland.", "We store your backups in Ireland for an hour."),
    # a letter changed that makes another real word is as rare as a typo (probes written on sig5):
    # only a rare form fixed into a word the notice uses elsewhere is one; swaps and doubled letters as before
    ("minor", "We recieve your email, and we receive your name.", "We receive your email, and we receive your name."),
    ("minor", "We keep your adddress on file.", "We keep your address on file."),
    ("significant", "Data is stored in Ireland.", "Data is stored in Iceland."),
    ("significant", "We may use it internally.", "We may use it externally."),
    ("significant", "We limit access to employees.", "We limit access to employers."),
    ("significant", "Data sent to Mozilla is encrypted.", "Data sent to Mozilla is decrypted."),
    ("significant", "We inform you of breaches.", "We inform you of branches."),
    # ...nor a rare word "fixed" into one the notice uses, when either is a word of a legal category's terms
    ("minor", "We share it with your employer, and your employeer sees it.",
     "We share it with your employer, and your employer sees it."),  # a letter typed twice
    ("significant", "We share it with employers, and employees see it.", "We share it with employees, and employees see it."),
]


@pytest.mark.parametrize("label,old,new", TYPOS, ids=[f"{c[0]}-{i}" for i, c in enumerate(TYPOS)])
def test_typos(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Plainer wording (issue 12, rewording; rubric m10): common synonyms and
# phrasings as vocabulary. Written before the words were added (each was
# flagged), with a material variant of the same sentence.
PLAIN_WORDING = [
    ("minor", "We will notify you by email.", "We will let you know by email."),
    ("minor", "We operate the service from Ireland.", "We run the service from Ireland."),
    ("minor", "We answer questions concerning your data.", "We answer questions about your data."),
    ("minor", "We process your data in accordance with this notice.", "We process your data as described in this notice."),
    ("minor", "We collect your name in order to create your account.",
     "We collect your name so that we can create your account."),
    ("minor", "We collect your name for the purpose of creating your account.", "We collect your name to create your account."),
    ("minor", "We store your data on servers located in Ireland.", "We store your data on servers in Ireland."),
    ("minor", "We use this data to enhance the service and display ads.", "We use this data to improve the service and show ads."),
    ("minor", "We collect data from your device and take steps to protect it.",
     "We gather data from your device and take measures to protect it."),
    ("significant", "We will notify you by email.", "We may notify you by email."),
    ("significant", "We collect your name in order to create your account.",
     "We collect your name so that we can advertise to you."),
    ("significant", "We store your data on servers located in Ireland.", "We store your data on servers located in Ireland and India."),
    ("significant", "We collect your name for the purpose of creating your account.",
     "We collect your name for the purpose of profiling you."),
]


@pytest.mark.parametrize("label,old,new", PLAIN_WORDING, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLAIN_WORDING)])
def test_plain_wording(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Markup (issue 12): a footnote mark written in HTML. Written with the rule.
HTML_FOOTNOTES = [
    ("minor", "We use cookies to remember you.<sup>1</sup>", "We use cookies to remember you."),
    ("minor", "We use cookies to remember you.", 'We use cookies to remember you.<sup><a href="#fn-1">2</a></sup>'),
    # ...but not an exponent, nor a number in a sentence
    ("significant", "We keep up to 10<sup>6</sup> records.", "We keep up to 10<sup>9</sup> records."),
    ("significant", "We keep logs for 30 days.<sup>1</sup>", "We keep logs for 31 days."),
]


@pytest.mark.parametrize("label,old,new", HTML_FOOTNOTES, ids=[f"{c[0]}-{i}" for i, c in enumerate(HTML_FOOTNOTES)])
def test_html_footnote_marks(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Cross-references (rubric m11, B8): a section number with a dot, and
# "Section" written as "§". Written with the rule.
CROSS_REFERENCES = [
    ("minor", "As described in Section 4.2, we keep server logs.", "As described in Section 5.1, we keep server logs."),
    ("minor", "We comply with the CCPA (Cal. Civ. Code § 1798.100).",
     "We comply with the CCPA (Cal. Civ. Code Section 1798.100)."),
    # ...but a law's section cited with "§" is the law's, and a number in the sentence is a number
    ("significant", "We follow Cal. Civ. Code § 100.", "We follow Cal. Civ. Code § 120."),
    ("significant", "As described in Section 4.2, we keep server logs for 30 days.",
     "As described in Section 4.2, we keep server logs for 30.5 days."),
]


@pytest.mark.parametrize("label,old,new", CROSS_REFERENCES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CROSS_REFERENCES)])
def test_cross_references(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# "You can" in a pointer (issue 12, modal words in clarifying sentences;
# tune half, Mozilla 6->7: "See [here] to learn more" -> "You can [learn
# more about Telemetry here]"). Written with the rule.
POINTER_MODALS = [
    ("minor", "We use cookies. Learn more on [our cookie page](https://example.com/c).",
     "We use cookies. You can learn more on [our cookie page](https://example.com/c)."),
    ("minor", "Read [our FAQ](https://example.com/faq) for more information.",
     "You may read [our FAQ](https://example.com/faq) for more information."),
    ("minor", "For details, visit [our help page](https://example.com/h).",
     "For details, you can visit [our help page](https://example.com/h)."),
    # ...but not a practice hedged, a choice given, or a negation
    ("significant", "Staff review reports.", "Staff may review reports."),
    ("significant", "We read your messages to fix bugs.", "We may read your messages to fix bugs."),
    ("significant", "You see personalised ads.", "You may see personalised ads."),
    ("significant", "See [our cookie page](https://example.com/c) for details.",
     "You can turn cookies off on [our cookie page](https://example.com/c)."),
    ("significant", "Read [our FAQ](https://example.com/faq) for more information.",
     "You may not read [our FAQ](https://example.com/faq) for more information."),
]


@pytest.mark.parametrize("label,old,new", POINTER_MODALS, ids=[f"{c[0]}-{i}" for i, c in enumerate(POINTER_MODALS)])
def test_pointer_modals(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Irregular inflections (issue 12): the table's base forms are read by the
# regular rules too, so "made" meets "make". Written with the fix.
INFLECTIONS = [
    ("minor", "We make a copy when you write to us.", "We made a copy when you wrote to us."),
    ("minor", "You choose what we take from your account.", "You have chosen what we have taken from your account."),
    ("minor", "Staff tell you when they begin.", "Staff told you when they began."),
    ("minor", "We show you new ads based on ads you've already seen.", "We show you new ads based on ads you already saw."),
    ("significant", "We show you new ads based on ads you've already seen.",
     "We show you new ads based on ads you've already clicked."),
    ("significant", "We record the ads you have seen.", "We record the ads."),  # "seen" is no pointer's "see"
    ("significant", "We make a copy when you write to us.", "We sold a copy when you wrote to us."),
    ("significant", "You choose what we take from your account.", "We have chosen what we have taken from your account."),
]


@pytest.mark.parametrize("label,old,new", INFLECTIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(INFLECTIONS)])
def test_irregular_inflections(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A sentence reworded in place while a copy of its old wording stays in
# another section (issue 12, fresh3: Mozilla's marketing promise is written
# twice): the copy excuses a sentence taken out, not one edited. Written with
# the fix.
_KEEP = "We only keep the data necessary to run the service, and we delete it after a year."
_TWICE = f"## Keeping\n\nWe store your files in Ireland. {_KEEP}\n\n## Other\n\n{_KEEP}\n"
DUPLICATES = [
    ("minor", _TWICE, _TWICE.replace(f" {_KEEP}", "", 1)),  # the duplicate taken out
    ("minor", _TWICE, _TWICE.replace(f"Ireland. {_KEEP}", "Ireland.\n\n" + _KEEP.replace("We only", "We only"), 1)),
    ("significant", _TWICE, _TWICE.replace("Ireland. We only keep the data necessary", "Ireland. We keep the data", 1)),
    ("significant", _TWICE, _TWICE.replace("Ireland. We only keep", "Ireland. We keep", 1)),
]


@pytest.mark.parametrize("label,old,new", DUPLICATES, ids=[f"{c[0]}-{i}" for i, c in enumerate(DUPLICATES)])
def test_a_copy_elsewhere_excuses_a_removed_sentence_not_an_edited_one(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# Plain rewordings as vocabulary (issue 12, fresh3 after its blind read):
# a permission said with "may", the notice naming itself in full, "a little"
# for "slightly". Each with a near-variant that changes the promise.
PLAIN_PERMISSIONS = [
    ("minor", "You are allowed to make two free requests in any 12-month period.",
     "You may make two free requests in any 12-month period."),
    ("minor", "We are permitted to share it with our auditors.", "We may share it with our auditors."),
    ("minor", "The procedures are detailed in this Statement.", "The procedures are detailed in this Privacy Statement."),
    ("minor", "Please read this Privacy Policy carefully.", "Please read this policy carefully."),
    ("minor", "Trash is kept for about 25 days (it varies a little by product).",
     "Trash is kept for about 25 days (it varies slightly by product)."),
    ("significant", "You are allowed to make two free requests in any 12-month period.",
     "You must make two free requests in any 12-month period."),
    ("significant", "You are allowed to make two free requests in any 12-month period.",
     "You are not allowed to make two free requests in any 12-month period."),
    ("significant", "The procedures are detailed in this Statement.", "The procedures are detailed in this Cookie Statement."),
    ("significant", "Please read our Privacy Policy.", "Please read our Cookie Policy."),
    ("significant", "Trash is kept for about 25 days (it varies a little by product).",
     "Trash is kept for about 25 days (it varies a lot by product)."),
]


@pytest.mark.parametrize("label,old,new", PLAIN_PERMISSIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLAIN_PERMISSIONS)])
def test_plain_permissions_and_self_references(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Words that trade places (issue 12, probes written on sig5): a reordering is
# a list's items or a clause moved within its sentence, never a number or a
# phrase moved into another sentence of the section, where it is said of
# something else. Written with the fix.
REORDERINGS = [
    ("minor", "We share your name, email and phone number.", "We share your email, name and phone number."),
    ("minor", "Data is sent to Google and Meta.", "Data is sent to Meta and Google."),
    ("minor", "Within 30 days of your request, we delete your data.", "We delete your data within 30 days of your request."),
    ("minor", "We may periodically revise this notice.", "We may revise this notice periodically."),
    ("significant", "We keep logs for 30 days and backups for 90 days.", "We keep logs for 90 days and backups for 30 days."),
    ("significant", "We never sell your precise location. We sell your purchase history to partners.",
     "We never sell your purchase history. We sell your precise location to partners."),
    ("significant", "We never sell your precise location data to anyone. We share your purchase history data with partners.",
     "We never sell your purchase history data to anyone. We share your precise location data with partners."),
]


@pytest.mark.parametrize("label,old,new", REORDERINGS, ids=[f"{c[0]}-{i}" for i, c in enumerate(REORDERINGS)])
def test_reorderings_keep_each_sentence_its_words(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Who does what to whom (probes written on sig5): "by" names an agent, so it
# is not exchanged for another preposition as a rewording; "yours" and
# "ours" say whose the data is, so they are compared. Vocabulary changes,
# written with the fix.
AGENTS_AND_OWNERS = [
    ("minor", "Information collected by Google Analytics is stored in the US.",
     "Information gathered by Google Analytics is stored in the US."),
    ("minor", "You can reach our team with HEY.", "You can reach our team for HEY."),
    ("minor", "It is your data, not ours.", "It’s your data, not ours."),
    ("minor", "Your data is processed by our staff in Ireland.", "Our staff in Ireland process your data."),
    ("minor", "Contact us by email or by phone.", "Contact us by email or phone."),
    ("significant", "Information collected by Google Analytics is stored in the US.",
     "Information collected for Google Analytics is stored in the US."),
    ("significant", "Content shared by you is visible to your team.", "Content shared with you is visible to your team."),
    ("significant", "It is your data, not ours.", "It is our data, not yours."),
    ("significant", "Your content is yours.", "Your content is ours."),
]


@pytest.mark.parametrize("label,old,new", AGENTS_AND_OWNERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(AGENTS_AND_OWNERS)])
def test_agents_and_owners(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


def test_agent_prepositions_are_vocabulary(tmp_path):
    """A project names its own ("par" in a French notice); the digest that
    keys cached verdicts changes with them."""
    from generator.cache import vocabulary_digest

    extra = tmp_path / "significance.yml"
    extra.write_text("prepositions: [par, pour]\nagent_prepositions: [par]\n")
    vocabulary = load_vocabulary(extra)
    assert "par" in vocabulary.agents and "by" in vocabulary.agents
    assert vocabulary_digest(vocabulary) != vocabulary_digest(load_vocabulary())
    assert assess_text("Les données collectées par Google.", "Les données collectées pour Google.", vocabulary)


# Abbreviations in the plural (probes written on sig5): "SCCs" is the
# initials of "standard contractual clauses", defined or not. Written with
# the fix.
PLURAL_ABBREVIATIONS = [
    ("minor", "We use SCCs.", "We use standard contractual clauses."),
    ("minor", "We use Standard Contractual Clauses (SCCs).", "We use SCCs."),
    ("minor", "We use Standard Contractual Clauses.", "We use Standard Contractual Clauses (SCCs)."),
    ("significant", "We use SCCs.", "We use BCRs."),
    ("significant", "We use Standard Contractual Clauses (SCCs).", "We use Binding Corporate Rules (BCRs)."),
    ("significant", "We use SCCs.", "We use standard contractual clauses and BCRs."),
]


@pytest.mark.parametrize("label,old,new", PLURAL_ABBREVIATIONS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(PLURAL_ABBREVIATIONS)])
def test_plural_abbreviations(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A list item moved under another lead-in (probes written on sig5): from
# "We never share:" to "We share:" the same words say the opposite, so the
# move is no move, in one section or across two. Written with the fix.
_NEVER = "We never share the following with advertisers:\n\n- your precise location from GPS\n- the contents of your messages\n"
_DO = "We share the following with advertisers:\n\n- your hashed email address for matching\n"
_MOVED = _NEVER.replace("- your precise location from GPS\n", "")
RELISTED = [
    # the whole list moved with its lead-in, items reordered, a lead-in reworded in place: minor
    ("minor", f"## Never\n\nOur partners are listed on our website.\n\n{_NEVER}\n## Do\n\n{_DO}",
     f"## Never\n\nOur partners are listed on our website.\n\n## Do\n\n{_DO}\n{_NEVER}"),
    ("minor", f"## Sharing\n\n{_NEVER}",
     "## Sharing\n\nWe never share the following with advertisers:\n\n- the contents of your messages\n"
     "- your precise location from GPS\n"),
    ("minor", f"## Sharing\n\n{_NEVER}", "## Sharing\n\n" + _NEVER.replace(
        "We never share the following with advertisers", "With advertisers, we never share the following")),
    ("significant", f"## Never\n\n{_NEVER}\n## Do\n\n{_DO}",
     f"## Never\n\n{_MOVED}\n## Do\n\n{_DO}- your precise location from GPS\n"),
    ("significant", f"## Sharing\n\n{_NEVER}\n{_DO}", f"## Sharing\n\n{_MOVED}\n{_DO}- your precise location from GPS\n"),
]


@pytest.mark.parametrize("label,old,new", RELISTED, ids=[f"{c[0]}-{i}" for i, c in enumerate(RELISTED)])
def test_items_moved_under_another_lead_in(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# A change log taken out while the notice still says it is kept (issue 12,
# held-out Automattic 36->37, read on sig6): its entries are dates and words
# of past edits, explained away while the notice keeps a change log, never
# when the last of it goes and the text still promises "the change log
# below" (rubric, change logs: M14). Written before the fix.
_PROMISE = "## Changes\n\nIf we make changes, we will notify you by revising the change log below.\n\n"
_LOG = ("## Change log\n\n* _July 12, 2023_: Add new example of information shared with site owners.\n"
        "* _March 17, 2022_: Remove references to WPVIP.\n")
CHANGE_LOGS = [
    ("minor", _PROMISE + _LOG, _PROMISE + _LOG.replace("* _March 17, 2022_: Remove references to WPVIP.\n", "")),
    ("minor", "## Changes\n\nWe may change this policy.\n\n" + _LOG, "## Changes\n\nWe may change this policy.\n"),
    ("minor", _PROMISE + _LOG, _PROMISE + _LOG + "* _May 1, 2024_: Clarified the cookies section.\n"),
    ("significant", _PROMISE + _LOG, _PROMISE),
    ("significant", _PROMISE + _LOG, _PROMISE.replace("## Changes", "## Changes to this policy")),
]


@pytest.mark.parametrize("label,old,new", CHANGE_LOGS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CHANGE_LOGS)])
def test_a_change_log_still_promised_is_not_taken_out(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# Two hedges exchanged (issue 12, held-out Mozilla 121->122, read on sig6):
# "Where appropriate" and "Where applicable" are qualifiers of their own,
# whatever the rest of the sentence says ("appropriate mechanisms", "other
# relevant authorities"); a hedge phrase is never a word the sentence says
# anyway. Written before the fix.
_WHERE = ("Where appropriate, we ensure we have appropriate mechanisms in place (such as clauses approved by the "
          "Commission and other relevant authorities) to protect your data.")
QUALIFIER_PHRASES = [
    ("minor", _WHERE, _WHERE.replace("Where appropriate, we ensure", "Where appropriate we make sure")),
    ("minor", _WHERE, _WHERE.replace("other relevant authorities", "other applicable authorities")),
    ("significant", _WHERE, _WHERE.replace("Where appropriate", "Where applicable")),
    ("significant", _WHERE, _WHERE.replace("Where appropriate", "Where possible")),
    ("significant", _WHERE, _WHERE.replace("Where appropriate, we", "We")),
]


@pytest.mark.parametrize("label,old,new", QUALIFIER_PHRASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(QUALIFIER_PHRASES)])
def test_a_hedge_phrase_exchanged_is_said(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A link's text that newly lists another named thing (issue 12, held-out
# GitHub 8->9, read on sig6): "[EU-US Privacy Shield Framework](...)" ->
# "[EU-US and Swiss-US Privacy Shield Frameworks](...)" adds a framework the
# transfers rely on, though only the link's words changed. Reworded link
# texts stay minor. Written before the fix.
_SHIELD = "When we transfer your data to our vendors under the [EU-US Privacy Shield Framework](/privacy#shield), they must protect it."
LINK_LISTS = [
    ("minor", _SHIELD, _SHIELD.replace("[EU-US Privacy Shield Framework]", "[Privacy Shield Framework]")),
    ("minor", _SHIELD, _SHIELD.replace("[EU-US Privacy Shield Framework]", "[EU-US Privacy Shield]")),
    ("minor", _SHIELD, _SHIELD.replace("[EU-US Privacy Shield Framework]", "[Privacy Shield Framework (EU-US)]")),
    ("minor", "For details, see [Cookies](#cookies).", "For details, see [Cookies and Tracking](#cookies)."),
    ("significant", _SHIELD, _SHIELD.replace("[EU-US Privacy Shield", "[EU-US and Swiss-US Privacy Shield")),
    ("significant", _SHIELD, _SHIELD.replace("[EU-US Privacy Shield Framework]",
                                             "[EU-US Privacy Shield Framework and the Data Privacy Framework]")),
]


@pytest.mark.parametrize("label,old,new", LINK_LISTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(LINK_LISTS)])
def test_a_link_text_that_lists_another_name_is_said(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# "see" and "view" (issue 12, held-out Basecamp 9->10, read on sig6: a
# commit "'see' --> 'view'" in four sections): one verb of looking for
# another, as a synonym. A near-variant exchanging it for a verb of doing
# stays significant. Written before the change.
SEE_VIEW = [
    ("minor", "You can see the list of third-party services we use in each product.",
     "You can view the list of third-party services we use in each product."),
    ("minor", "You can see a history of the changes to our policies.", "You can view a history of the changes to our policies."),
    ("significant", "You can see the list of third-party services we use in each product.",
     "You can edit the list of third-party services we use in each product."),
    ("significant", "Support staff can see your messages.", "Support staff can view and export your messages."),
]


@pytest.mark.parametrize("label,old,new", SEE_VIEW, ids=[f"{c[0]}-{i}" for i, c in enumerate(SEE_VIEW)])
def test_see_and_view(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A banner about the notice's own new version (issue 12, held-out Mozilla
# 118->119 and 121->122, read on sig6): "We're updating our Privacy Notice.
# Click here to see the new version." names no practice, like a date line;
# a sentence that promises how people are told, or what their use of the
# service means, is no banner. Written before the change.
_INTRO = "Effective May 4, 2026\n\nAt Mozilla, we believe that privacy is fundamental to a healthy internet."
_BANNER = "We're updating our Privacy Notice. [Click here to see the new version](/privacy/firefox/update/).\n\n"
BANNERS = [
    ("minor", _INTRO, _BANNER + _INTRO),
    ("minor", _BANNER + _INTRO, _INTRO),
    ("minor", _INTRO, "This is the new version of our Privacy Notice.\n\n" + _INTRO),
    ("significant", _INTRO, "We will email you the new version of our Privacy Notice.\n\n" + _INTRO),
    ("significant", _INTRO, _BANNER.replace("Click here", "If you keep using Firefox, you accept it. Click here") + _INTRO),
]


@pytest.mark.parametrize("label,old,new", BANNERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(BANNERS)])
def test_a_banner_about_the_notices_new_version(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Digits typed against a link's end (issue 12, held-out Mozilla 84->85 and
# back, read on sig6): "[Learn more](https://...)12." is a stray footnote
# mark, not a quantity; a number written as a word of the sentence is one.
# Written before the change.
_LEARN = "It uses your IP address to set your default search provider. [Learn more](https://support.example/search)."
GLUED_DIGITS = [
    ("minor", _LEARN, _LEARN.replace("(https://support.example/search).", "(https://support.example/search)12.")),
    ("minor", _LEARN.replace(").", ")12."), _LEARN),
    ("significant", _LEARN, _LEARN.replace("[Learn more]", "We keep it for 12 months. [Learn more]")),
    ("significant", _LEARN, _LEARN.replace("(https://support.example/search).", "(https://support.example/search) 12 times.")),
    ("significant", "We keep [server logs](https://example.com/logs) 12 months.",
     "We keep [server logs](https://example.com/logs) 18 months."),
]


@pytest.mark.parametrize("label,old,new", GLUED_DIGITS, ids=[f"{c[0]}-{i}" for i, c in enumerate(GLUED_DIGITS)])
def test_digits_typed_against_a_link(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# The company's possessive after its legal form (issue 12, held-out
# Automattic 7->8, read on sig6): "Automattic Inc.'s" -> "our" is the
# company said "we" (m12), as "Automattic's" -> "our" already was; the
# "'s" of another company's name is no self-reference. Written before the fix.
_OWN = "".join(f"Automattic builds product {n}. " for n in range(9))
POSSESSIVES = [
    ("minor", f"## About\n\n{_OWN}\n\nAutomattic Inc.'s mission is to democratize publishing.\n",
     f"## About\n\n{_OWN}\n\nOur mission is to democratize publishing.\n"),
    ("minor", f"## About\n\n{_OWN}\n\nAutomattic's mission is to democratize publishing.\n",
     f"## About\n\n{_OWN}\n\nOur mission is to democratize publishing.\n"),
    ("significant", f"## About\n\n{_OWN}\n\nOur partners follow Automattic Inc.'s rules.\n",
     f"## About\n\n{_OWN}\n\nOur partners follow Stripe Inc.'s rules.\n"),
    ("significant", f"## About\n\n{_OWN}\n\nAutomattic Inc.'s staff read your messages.\n",
     f"## About\n\n{_OWN}\n\nStripe Inc.'s staff read your messages.\n"),
]


@pytest.mark.parametrize("label,old,new", POSSESSIVES, ids=[f"{c[0]}-{i}" for i, c in enumerate(POSSESSIVES)])
def test_the_companys_possessive_is_its_self_reference(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# The company's name is the one written with its legal form (issue 12,
# held-out Automattic 7->8, read on sig6): "Automattic" is written as often
# as its product "WordPress", so the most frequent name alone cannot tell
# which one is the company; "Automattic Inc." can. Another company with a
# legal form, named less often, is not the writer. Written before the fix.
_TIED = "".join(f"Automattic builds WordPress release {n}. " for n in range(9)) + "Automattic Inc. is in San Francisco. "
LEGAL_NAMES = [
    ("minor", f"## About\n\n{_TIED}\n\nBelow is Automattic Inc.'s privacy policy.\n",
     f"## About\n\n{_TIED}\n\nBelow is our privacy policy.\n"),
    ("minor", f"## About\n\n{_TIED}\n\nAutomattic collects your name.\n", f"## About\n\n{_TIED}\n\nWe collect your name.\n"),
    ("significant", f"## About\n\n{_TIED} Stripe Inc. processes payments.\n\nStripe collects your card number.\n",
     f"## About\n\n{_TIED} Stripe Inc. processes payments.\n\nWe collect your card number.\n"),
    ("significant", f"## About\n\n{_TIED}\n\nAutomattic collects your name.\n", f"## About\n\n{_TIED}\n\nStripe collects your name.\n"),
]


@pytest.mark.parametrize("label,old,new", LEGAL_NAMES, ids=[f"{c[0]}-{i}" for i, c in enumerate(LEGAL_NAMES)])
def test_the_company_is_the_name_with_a_legal_form(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# A list's lead-in written as its first item (issue 12, held-out GitHub
# 24->25, read on sig6): "- We may use your information for the following
# purposes:" lost its list marker; its items stand under the same lead-in
# as before, so nothing moved. An item ending with a colon leads the items
# after it, so an item moved from under "- We never share:" is still seen.
# Written before the fix.
_ITEMS = "- We use your email address to contact you.\n- We use your name to greet you.\n"
ITEM_LEADS = [
    ("minor", f"## Uses\n\n- We may use your information for the following purposes:\n{_ITEMS}",
     f"## Uses\n\nWe may use your information for the following purposes:\n{_ITEMS}"),
    ("minor", f"## Uses\n\nWe may use your information for the following purposes:\n\n{_ITEMS}",
     f"## Uses\n\n- We may use your information for the following purposes:\n{_ITEMS}"),
    ("significant", "## Sharing\n\n- We never share the following:\n- your precise location\n- your messages\n\n"
                    "We share the following:\n\n- your email address\n",
     "## Sharing\n\n- We never share the following:\n- your messages\n\n"
     "We share the following:\n\n- your email address\n- your precise location\n"),
]


@pytest.mark.parametrize("label,old,new", ITEM_LEADS, ids=[f"{c[0]}-{i}" for i, c in enumerate(ITEM_LEADS)])
def test_an_item_ending_with_a_colon_leads_the_items_after_it(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# A setext heading ("Privacy Policy" over a line of dashes; issue 12,
# held-out Automattic 36->37, read on sig6) is a heading, renamed or added
# like one written with hashes, not a sentence. Written before the fix.
_PRINCIPLES = "Your privacy is critically important to us. We store personal information only as long as we need it.\n"
SETEXT = [
    ("minor", _PRINCIPLES, "Privacy Policy\n--------------\n\n" + _PRINCIPLES),
    ("minor", "Privacy Policy\n==============\n\n" + _PRINCIPLES, "Our Privacy Policy\n==================\n\n" + _PRINCIPLES),
    ("significant", _PRINCIPLES, "Children's Privacy Policy\n--------------\n\n" + _PRINCIPLES),
    ("significant", _PRINCIPLES, _PRINCIPLES + "\nWe never sell it.\n\n---\n\nMore below.\n"),
]


@pytest.mark.parametrize("label,old,new", SETEXT, ids=[f"{c[0]}-{i}" for i, c in enumerate(SETEXT)])
def test_a_setext_heading_is_a_heading(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Pointer sentences reworded (issue 12, held-out GitHub 42->43, read on
# sig6: "non-descriptive links" given their pages' titles): a sentence that
# only points, rewritten in place as another that only points, with no
# topic word the old one did not have, is a pointer reworded (m11); a new
# pointer sentence is one even when its link's text was explained on its
# own. A pointer that now names another practice is said. Written before
# the change.
_REPOS = ("Public repositories can be seen by anyone. For more information, please review details regarding public "
          "repositories and community features [here](/account/about-your-profile).")
_WATCH = "We encourage Users to [watch](/notifications#watch) or to check our Site Policy repository frequently."
POINTERS_REWORDED = [
    ("minor", _REPOS, _REPOS.replace(
        "please review details regarding public repositories and community features [here]",
        "about repositories and community features, see \"[About your profile]")),
    ("minor", _WATCH, "We encourage Users to watch or to check our Site Policy repository frequently. To learn how to "
                      "watch a repository, see \"[Configuring your watch settings](/notifications#watch).\""),
    ("significant", _REPOS, _REPOS.replace(
        "please review details regarding public repositories and community features [here]",
        "about repositories and the data we sell to advertisers, see \"[About your profile]")),
    ("significant", _REPOS, _REPOS.replace("please review details regarding public repositories", "you can opt out of public repositories")),
    ("significant", "We measure visits with [Google Analytics](/analytics).", "We measure visits with [Adobe Analytics](/analytics)."),
    ("significant", "We never sell your data. For details on how we share your data, see [Partners](/partners).",
     "We never sell your data. For details on how we sell your data, see [Partners](/partners)."),
    ("significant", _WATCH, "We encourage Users to watch or to check our Site Policy repository frequently. To learn how we "
                            "share your repository with advertisers, see \"[Configuring your watch settings](/notifications#watch).\""),
]


@pytest.mark.parametrize("label,old,new", POINTERS_REWORDED, ids=[f"{c[0]}-{i}" for i, c in enumerate(POINTERS_REWORDED)])
def test_pointer_sentences_reworded(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# "(s)" after a word (issue 12, held-out GitHub 17->18, read on sig6):
# "owner" -> "owner(s)" says the word may be plural, as the plural would
# (m10). Written before the change.
PLURAL_MARKS = [
    ("minor", "We notify the repository owner.", "We notify the repository owner(s)."),
    ("minor", "We notify the owner(s) of the repository.", "We notify the owners of the repository."),
    ("significant", "We notify the repository owner.", "We notify the repository owner(s) and their employer(s)."),
    ("significant", "We keep it for 30 day(s).", "We keep it for 90 day(s)."),
]


@pytest.mark.parametrize("label,old,new", PLURAL_MARKS, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLURAL_MARKS)])
def test_a_plural_mark_is_the_plural(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# "both" before "X and Y" (issue 12, held-out GitHub 6->7, read on sig6):
# "complies with both the EU-US and Swiss-US frameworks" -> "with the ...":
# the word only stresses the two already joined by "and". "both" for
# "either", or a "both" that joins nothing, is still a qualifier. Written
# before the change.
_BOTH = "GitHub complies with both the EU-US and the Swiss-US Privacy Shield Frameworks."
BOTH_AND = [
    ("minor", _BOTH, _BOTH.replace("with both the", "with the")),
    ("minor", _BOTH.replace("with both the", "with the"), _BOTH),
    ("significant", _BOTH, _BOTH.replace("with both the", "with either the").replace(" and the ", " or the ")),
    ("significant", "We share it with both of our partners.", "We share it with our partners."),
]


@pytest.mark.parametrize("label,old,new", BOTH_AND, ids=[f"{c[0]}-{i}" for i, c in enumerate(BOTH_AND)])
def test_both_before_two_joined_by_and(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A stray letter (issue 12, held-out GitHub 13->14, read on sig6): "our y
# service providers" -> "our service providers" is a typo fixed; a letter
# that names something ("Plan B", "Schedule C") or a word is not. Written
# before the change.
STRAY_LETTERS = [
    ("minor", "We share it with our y service providers.", "We share it with our service providers."),
    ("minor", "We share it with our service providers.", "We share it with our service q providers."),
    ("significant", "Customers on Plan A get backups.", "Customers on Plan B get backups."),
    ("significant", "We share it with our service providers.", "We share it with our service providers in Schedule C."),
]


@pytest.mark.parametrize("label,old,new", STRAY_LETTERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(STRAY_LETTERS)])
def test_a_stray_letter_is_a_typo(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A section that holds only a change log (issue 12, held-out Automattic
# 25->26, read on sig6): its entries are past edits (m9), and so is its
# title ("Change log"); a title over anything else is judged as a heading.
# Written before the change.
_BODY = "## Changes\n\nWe may change this policy.\n"
_ENTRIES = "* _July 12, 2023_: Add new example of information shared with site owners.\n* _March 17, 2022_: Remove references to WPVIP.\n"
LOG_SECTIONS = [
    ("minor", _BODY, _BODY + "\n## Change log\n\n" + _ENTRIES),
    ("minor", _BODY + "\n**Change log:**\n\n" + _ENTRIES, _BODY + "\n## Change log\n\n" + _ENTRIES),
    ("significant", _BODY, _BODY + "\n## Change log\n\nWe keep server logs for 90 days.\n"),
    ("significant", _BODY, _BODY + "\n## Children\n\n" + _ENTRIES),
]


@pytest.mark.parametrize("label,old,new", LOG_SECTIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(LOG_SECTIONS)])
def test_a_section_of_change_log_entries_only(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# Mojibake (issue 12, held-out Mozilla 4->5, read on sig6): "youÃ¢â‚¬â„¢re"
# is "you’re" encoded as UTF-8 and read as Windows-1252, twice; repaired,
# it is the same word. Repairing never hides a word changed beside it.
# Written before the change.
_MOJI = "you’re".encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
MOJIBAKE = [
    ("minor", f"Firefox tells us when {_MOJI} offline.", "Firefox tells us when you're offline."),
    ("minor", f"Firefox tells us when {'you’re'.encode('utf-8').decode('cp1252')} offline.", "Firefox tells us when you’re offline."),
    ("significant", f"Firefox tells us when {_MOJI} offline.", "Firefox tells us where you're offline."),
    ("significant", f"Firefox never tells us when {_MOJI} offline.", "Firefox tells us when you're offline."),
]


@pytest.mark.parametrize("label,old,new", MOJIBAKE, ids=[f"{c[0]}-{i}" for i, c in enumerate(MOJIBAKE)])
def test_mojibake_is_repaired(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


def flagged_sections(old_markdown: str, new_markdown: str) -> set:
    return {r.section for r in notice_reasons(old_markdown, new_markdown)}


# Each section's own copies are paired before any sentence is taken for moved
# text (issue 12, held-out Mozilla 122->123, read on sig7: "### Serve
# relevant content ..." headings renamed "### To serve ...", the text of the
# lawful-bases table's cells, took those cells' old copies, and the table
# was flagged). The same greed hid a sentence added to a section when another
# changed section says it too. Written before the change.
_USES = "## Uses\n\n### {heading}\n\nWe show stories on New Tab.\n\n"
_BASES = "## Bases\n\n{items}\n\nWe rely on these bases.\n"
_ITEMS = "- To serve content on New Tab\n- To keep Firefox secure"
_FOCUS = "## Firefox Focus\n\nFocus blocks trackers.{added}\n\n"
_FIREFOX = "## Firefox\n\nWe send your precise location to our advertising partners. Firefox has {tabs}.\n"
_SENT = " We send your precise location to our advertising partners."
HOME_FIRST = [
    ("minor", _USES.format(heading="Serve content on New Tab") + _BASES.format(items=_ITEMS),
     _USES.format(heading="To serve content on New Tab")
     + _BASES.format(items="\n".join(reversed(_ITEMS.split("\n")))), set()),
    ("significant", _FOCUS.format(added="") + _FIREFOX.format(tabs="tabs"),
     _FOCUS.format(added=_SENT) + _FIREFOX.format(tabs="many tabs"), {"firefox-focus"}),
]


@pytest.mark.parametrize("label,old,new,sections", HOME_FIRST, ids=[f"{c[0]}-{i}" for i, c in enumerate(HOME_FIRST)])
def test_a_section_keeps_its_own_copies_before_moved_text_is_paired(label, old, new, sections):
    found = flagged_sections(old, new)
    assert bool(found) == (label == "significant") and sections <= found, found


# A short sentence moved verbatim to another section (issue 12, held-out
# Automattic 16->17, read on sig6: "That's it! Thanks for reading." moved
# from "Privacy Policy Changes" to a new last section) is moved text when it
# is written once in each version and says nothing a context could turn;
# "We never sell it." moved says it of something else. Written before the change.
_CHANGES = "## Changes\n\nWe may change this policy from time to time.{thanks}\n\n"
_SALES = "## Billing\n\nWe keep your billing address.{never}\n\n"
_LAST = "## Translations\n\nWe translate this policy into French and German.{thanks}\n"
SHORT_MOVES = [
    ("minor", _CHANGES.format(thanks=" Thanks for reading.") + _LAST.format(thanks=""),
     _CHANGES.format(thanks="") + _LAST.format(thanks=" Thanks for reading.")),
    ("significant", _SALES.format(never=" We never sell it.") + _LAST.format(thanks=""),
     _SALES.format(never="") + _LAST.format(thanks=" We never sell it.")),
    ("significant", _CHANGES.format(thanks=" Location is optional.") + _LAST.format(thanks=""),
     _CHANGES.format(thanks="") + _LAST.format(thanks=" Location is optional.")),
]


@pytest.mark.parametrize("label,old,new", SHORT_MOVES, ids=[f"{c[0]}-{i}" for i, c in enumerate(SHORT_MOVES)])
def test_a_short_sentence_moved_verbatim(label, old, new):
    assert bool(notice_reasons(old, new)) == (label == "significant")


# A link's text wrapped over two lines is still a link (issue 12, held-out
# Automattic 1->2, read on sig6: "[Creative Commons\nSharealike](http://...)"
# read as words and a host, the same link on one line as a link). A blank
# line ends a link's text. Written before the change.
WRAPPED_LINKS = [
    ("minor", "If you have questions, please contact our [support\nteam](https://example.com/support).",
     "If you have questions, please contact our [support team](https://example.com/support)."),
    ("significant", "We use [Google\nAnalytics](https://analytics.google.com/) to count visits.",
     "We use [Adobe Analytics](https://business.adobe.com/analytics) to count visits."),
]


@pytest.mark.parametrize("label,old,new", WRAPPED_LINKS, ids=[f"{c[0]}-{i}" for i, c in enumerate(WRAPPED_LINKS)])
def test_a_link_text_wrapped_over_lines(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A host changed to another host of the same site is a link target moved
# (issue 12, held-out GitHub 17->18, read on sig6: "please visit
# help.github.com" -> "docs.github.com"); another site,
# or another party's subdomain of a site that hosts many (`shared_hosts`:
# "alice.github.io"), is not. Written before the change.
HOSTS = [
    ("minor", "Crash reports are sent to https://crash-stats.mozilla.org/ for analysis.",
     "Crash reports are sent to https://reports.mozilla.org/ for analysis."),
    ("minor", "Our documentation is at https://www.example.co.uk/help.", "Our documentation is at https://docs.example.co.uk/help."),
    ("significant", "Crash reports are sent to https://crash-stats.mozilla.org/ for analysis.",
     "Crash reports are sent to https://crash-stats.example.net/ for analysis."),
    ("significant", "Our status page is at https://acme.github.io/status.", "Our status page is at https://mallory.github.io/status."),
    ("significant", "Our documentation is at https://www.example.co.uk/help.", "Our documentation is at https://www.other.co.uk/help."),
]


@pytest.mark.parametrize("label,old,new", HOSTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(HOSTS)])
def test_a_host_of_the_same_site(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A link's text that gains or loses only its file's format (issue 12,
# held-out GitHub 42->43, read on sig6: "[Déclaration de confidentialité de
# GitHub (PDF)](...)"; `format_markers`); a name or a number added to a
# link's text says more. Written before the change.
FORMAT_MARKERS = [
    ("minor", "Read the [French version](/assets/statement-fr.pdf) of this statement.",
     "Read the [French version (PDF)](/assets/statement-fr.pdf) of this statement."),
    ("significant", "Read the [French version](/assets/statement-fr.pdf) of this statement.",
     "Read the [French version (Microsoft)](/assets/statement-fr.pdf) of this statement."),
    ("significant", "Read the [French version (PDF)](/assets/statement-fr.pdf) of this statement.",
     "Read the [French version (PDF, 30 days)](/assets/statement-fr.pdf) of this statement."),
]


@pytest.mark.parametrize("label,old,new", FORMAT_MARKERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(FORMAT_MARKERS)])
def test_a_link_text_naming_its_format(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# An abbreviation's head word written out or dropped, as the notice writes
# the pair elsewhere in both versions (issue 12, held-out Mozilla 2->3, read
# on sig6: "Your IP is also collected" -> "Your IP address is also
# collected", the notice saying "IP address" four times; `abbreviation_heads`:
# address, number, code); a head word the notice does not pair with it
# elsewhere, or one that names another thing ("ID card"), is said. Written
# before the change.
_LOGS = "We log your IP address when you sign in. Your {ip} is also kept in a standard web log."
ABBREVIATION_HEADS = [
    ("minor", _LOGS.format(ip="IP"), _LOGS.format(ip="IP address")),
    ("minor", _LOGS.format(ip="IP address"), _LOGS.format(ip="IP")),
    ("significant", _LOGS.format(ip="IP"), _LOGS.format(ip="IP range")),
    ("significant", "We share your ID with our partners. We check your ID card at sign-up.",
     "We share your ID card with our partners. We check your ID card at sign-up."),
]


@pytest.mark.parametrize("label,old,new", ABBREVIATION_HEADS, ids=[f"{c[0]}-{i}" for i, c in enumerate(ABBREVIATION_HEADS)])
def test_an_abbreviations_head_word(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A link's target may hold balanced parentheses (GitHub's translations:
# "github-privacy-statement(07.22.20)(fr).pdf"): the target stays hidden,
# not read as words after the link. Written before the change.
PAREN_TARGETS = [
    ("minor", "Cliquez ici: [Déclaration de confidentialité](/assets/statement(07.22.20)(fr).pdf).",
     "Cliquez ici: [Déclaration de confidentialité](/assets/statement(08.01.21)(french).pdf)."),
    ("significant", "We use [Google Analytics](https://example.com/tools(analytics)) to count visits.",
     "We use [Adobe Analytics](https://example.com/tools(analytics)) to count visits."),
]


@pytest.mark.parametrize("label,old,new", PAREN_TARGETS, ids=[f"{c[0]}-{i}" for i, c in enumerate(PAREN_TARGETS)])
def test_a_link_target_with_parentheses(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A table's cells cancel wherever they are in their section (rows
# reordered, columns swapped, Markdown re-laid as HTML), but a row is read
# as a whole: cells swapped between rows say who gets which data anew,
# though every cell's text is still there (sig7, found while making table
# re-layouts minor). The same "Yes" in many rows may cancel against another
# row's copy. Written before the change: the swaps were not flagged.
_TABLE = "| Data | Recipient |\n|---|---|\n{rows}"
_ROWS = ["| Precise location | Nobody |\n", "| Coarse location | Advertisers |\n"]
_SHARED = ["| Name | Yes |\n", "| Email | Yes |\n", "| Phone | No |\n"]
_HTML = ("<table><tr><td>Precise location</td><td>{a}</td></tr>"
         "<tr><td>Search queries</td><td>{b}</td></tr></table>")
TABLE_ROWS = [
    ("minor", _TABLE.format(rows="".join(_ROWS)), _TABLE.format(rows="".join(reversed(_ROWS)))),
    ("minor", _TABLE.format(rows="".join(_SHARED)), _TABLE.format(rows="".join(_SHARED[1:] + _SHARED[:1]))),
    ("minor", _TABLE.format(rows="".join(_ROWS)),
     "| Recipient | Data |\n|---|---|\n| Nobody | Precise location |\n| Advertisers | Coarse location |\n"),
    ("minor", _TABLE.format(rows="".join(_ROWS)),
     "<table><tr><th>Data</th><th>Recipient</th></tr><tr><td>Precise location</td><td>Nobody</td></tr>"
     "<tr><td>Coarse location</td><td>Advertisers</td></tr></table>"),
    ("significant", _TABLE.format(rows="".join(_ROWS)),
     _TABLE.format(rows="| Precise location | Advertisers |\n| Coarse location | Nobody |\n")),
    ("significant", _HTML.format(a="Kept on your device", b="Shared with partners"),
     _HTML.format(a="Shared with partners", b="Kept on your device")),
]


@pytest.mark.parametrize("label,old,new", TABLE_ROWS, ids=[f"{c[0]}-{i}" for i, c in enumerate(TABLE_ROWS)])
def test_a_tables_rows_keep_their_cells(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A clipping is the same word (issue 12, held-out GitHub 56->57, read on
# sig6: "community-focused repos" -> "repositories"; vocabulary variants);
# a word that only begins the same ("repo" / "report", "part" / "partner")
# is another word. Written before the change.
CLIPPINGS = [
    ("minor", "You are engaged in certain community-focused repos.",
     "You are engaged in certain community-focused repositories."),
    ("minor", "We scan each repo for secrets.", "We scan each repository for secrets."),
    ("significant", "We scan each repo for secrets.", "We scan each report for secrets."),
    ("significant", "We share it with each part of our company.", "We share it with each partner of our company."),
]


@pytest.mark.parametrize("label,old,new", CLIPPINGS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CLIPPINGS)])
def test_clippings(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# A sentence that refers to what was said before it ("It is never sold to
# anyone.") is moved text in another section only with the sentence before
# it; alone, it says its promise of whatever it now follows, and the
# section it left no longer says it (sig7, found while making short moves
# minor: the detector cancelled such sentences as moved text anywhere).
# `referring_words`, as written ("here" is not "her"). Written before the change.
_WEATHER = "## Weather\n\nWeather needs an internet connection.\n\n{moved}## Maps\n\nMaps show places.{alone}\n\n{block}"
_BLOCK = "We use your precise location to show nearby weather. {it}\n\n"
PRONOUN_MOVES = [
    ("minor", _WEATHER.format(moved=_BLOCK.format(it="It is never sold to anyone."), alone="", block=""),
     _WEATHER.format(moved="", alone="", block=_BLOCK.format(it="It is never sold to anyone."))),
    ("minor", "## Help\n\nFor a French translation, click here: [traduction](/fr.pdf).\n\n## Translations\n\nWe translate.\n",
     "## Help\n\nWrite to us.\n\n## Translations\n\nWe translate. For a French translation, click here: [traduction](/fr.pdf).\n"),
    ("significant", _WEATHER.format(moved=_BLOCK.format(it="It is never sold to anyone."), alone="", block=""),
     _WEATHER.format(moved=_BLOCK.format(it=""), alone=" It is never sold to anyone.", block="")),
    ("significant", _WEATHER.format(moved=_BLOCK.format(it="We keep it for a year."), alone="", block=""),
     _WEATHER.format(moved=_BLOCK.format(it=""), alone=" We keep it for a year.", block="")),
]


@pytest.mark.parametrize("label,old,new", PRONOUN_MOVES, ids=[f"{c[0]}-{i}" for i, c in enumerate(PRONOUN_MOVES)])
def test_a_sentence_that_refers_back_moves_with_what_it_refers_to(label, old, new):
    found = flagged_sections(old, new)
    if label == "minor":
        assert found <= {"help"}, found  # "Write to us." is new there
    else:
        assert {"weather", "maps"} <= found, found


# Guarded words of the same role and strength exchanged (sig8, issue 12's
# largest false-alarm class: plainer wording touching a negation, modal or
# qualifier): a negation for a negation ("never" / "not ever"), a modal of
# the same force ("must" / "need to"), a qualifier of the same sense
# ("knowingly" / "intentionally", "generally" / "typically"). Anything
# unbalanced (another strength, another sense, one side only) stays said.
# Vocabulary data (`synonyms`). Written before the change.
GUARDED_SYNONYMS = [
    ("minor", "We do not intentionally collect data from children.", "We do not knowingly collect data from children."),
    ("minor", "Staff never read your messages.", "Staff do not ever read your messages."),
    ("minor", "We generally keep logs for a year.", "We typically keep logs for a year."),
    ("minor", "We must verify your identity first.", "We need to verify your identity first."),
    ("minor", "We try to answer within a month.", "We strive to answer within a month."),
    ("minor", "We share certain data with our vendors.", "We share some data with our vendors."),
    ("significant", "Staff never read your messages.", "Staff do not usually read your messages."),
    ("significant", "Staff never read your messages.", "Staff do not read your messages."),
    ("significant", "We generally keep logs for a year.", "We sometimes keep logs for a year."),
    ("significant", "We must verify your identity first.", "We may verify your identity first."),
    ("significant", "We try to answer within a month.", "We answer within a month."),
    ("significant", "We share certain data with our vendors.", "We share all data with our vendors."),
    ("significant", "We do not intentionally collect data from children.", "We do not collect data from children."),
]


@pytest.mark.parametrize("label,old,new", GUARDED_SYNONYMS, ids=[f"{c[0]}-{i}" for i, c in enumerate(GUARDED_SYNONYMS)])
def test_guarded_words_of_the_same_role_and_strength(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# The word that opens a condition exchanged at the start of the same
# sentence ("If ..." -> "Where ...", "Once ..." -> "When ..."): sig8, fresh
# m-once-when. Elsewhere "when"/"where" ask or place and "once" counts; a
# condition exchanged for an exception ("Unless") or with a modal added is
# said. Written before the change.
OPENING_CONDITIONS = [
    ("minor", "Once the period expires we delete your logs.", "When the period expires, we delete your logs."),
    ("minor", "If you close your account, we delete your posts.", "Where you close your account, we delete your posts."),
    ("significant", "If you close your account, we delete your posts.", "Unless you close your account, we delete your posts."),
    ("significant", "If you close your account, we delete your posts.", "Where you close your account, we may delete your posts."),
    ("significant", "We send you a summary once a year.", "We send you a summary when a year ends."),
    ("significant", "When you ask, we delete your posts.", "Once you ask, we delete your posts and tell our partners."),
]


@pytest.mark.parametrize("label,old,new", OPENING_CONDITIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(OPENING_CONDITIONS)])
def test_an_opening_condition_reworded(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# Where a pointer points, said another way (sig8; held-out class "pointers
# and 'see' wording"): "below"/"above" dropped or exchanged, "described
# above" -> "described in this section", a section then called by its name
# as the notice's titles write it, in a sentence that points ("see",
# "described", "listed"). A pointer that adds a modal, a party, a number, or
# a name that is no section's is said. Written before the change.
_POINTING = "## Your Rights\n\nYou can ask for a copy of your data. {pointer}\n\n## How Long We Keep Information\n\nWe keep logs for a year.\n"
POINTERS_IN_PLACE = [
    ("minor", "How long we keep it is described below.", "How long we keep it is described in the How Long We Keep Information section."),
    ("minor", "For details, see the section below.", "For details, see the How Long We Keep Information section."),
    ("minor", "For details, see the section below.", "For details, see this section."),
    ("minor", "As described below, we keep a log of requests.", "As described in the How Long We Keep Information section, we keep a log of requests."),
    ("significant", "How long we keep it is described below.", "How long we keep it may be described below."),
    ("significant", "For details, see the section below.", "For details, see the Google Analytics section."),
    ("significant", "For details, see the section below.", "For details, see the section below and our advertising partners."),
    ("significant", "Users under 13, see the section below.", "Users under 16, see the section below."),
]


@pytest.mark.parametrize("label,old,new", POINTERS_IN_PLACE, ids=[f"{c[0]}-{i}" for i, c in enumerate(POINTERS_IN_PLACE)])
def test_where_a_pointer_points_said_another_way(label, old, new):
    found = flagged_sections(_POINTING.format(pointer=old), _POINTING.format(pointer=new))
    assert bool(found) == (label == "significant"), found
    assert found <= {"your-rights"}


# Pointers, one round on (sig9, fresh6 read item by item: b6-see-below-part,
# g6-see-sharing-section, m6-above-this-section): "above"/"below" point by
# themselves ("any of the above requests"), "part" of a section is a place
# like "section", "of" joins a place to the notice ("section of this
# notice"), and a whole section title written out is a name even when its
# words are data words ("Sharing of Personal Data"). Before a number
# "above" counts, a title's words outside a whole title, a party or a
# modal beside the pointer are still said. Written before the change.
_TITLED = ("## Your Rights\n\nYou can ask for a copy of your data. {pointer}\n\n"
           "## Sharing of Personal Data\n\nWe share logs with our host.\n")
POINTERS_ONE_ROUND_ON = [
    ("minor", "To make any of the above requests, write to us.", "To make any of the requests described in this section, write to us."),
    ("minor", "For details, see the section below.", "For details, please read the Sharing of Personal Data section."),
    ("minor", "We may share it (see \"Sharing of Personal Data\" below).",
     "We may share it (as described in the \"Sharing of Personal Data\" part of this section)."),
    ("significant", "To make any of the above requests, write to us.", "To make any of the requests, you may write to us."),
    ("significant", "Users above 16 can write to us.", "Users can write to us."),
    ("significant", "For details, see the section below.", "For details, please read the Sharing of Personal Data section of our partners."),
    ("significant", "We may share it (see \"Sharing of Personal Data\" below).",
     "We may share it (as described in the \"Sharing of Personal Data\" part of this section) with our advertisers."),
    ("significant", "For details, see the section below.", "For details, see the above part of this section, which names our advertisers."),
    ("significant", "For details, see the section below.", "For details, see the part of this section on the data we sell."),
]


@pytest.mark.parametrize("label,old,new", POINTERS_ONE_ROUND_ON, ids=[f"{c[0]}-{i}" for i, c in enumerate(POINTERS_ONE_ROUND_ON)])
def test_pointers_one_round_on(label, old, new):
    found = flagged_sections(_TITLED.format(pointer=old), _TITLED.format(pointer=new))
    assert bool(found) == (label == "significant"), found
    assert found <= {"your-rights"}


# Plainer words for the same thing (sig8, fresh g-minors-link-text and
# m-obliged, read item by item): the reader writing to the company ("notify
# us" / "let us know" / "contact us"), "obliged" / "obligated", "in case of"
# for "if". The company telling someone else, or a condition made an
# exception, is said. Vocabulary data. Written before the change.
PLAIN_SYNONYMS = [
    ("minor", "If a child gave us data, please notify us.", "If a child gave us data, please let us know."),
    ("minor", "Vendors are contractually obligated to protect it.", "Vendors are contractually obliged to protect it."),
    ("minor", "If there is a conflict, the English version governs.", "In case of a conflict, the English version governs."),
    ("significant", "If a child gave us data, please notify us.", "If a child gave us data, we notify your school."),
    ("significant", "Vendors are contractually obligated to protect it.", "Vendors are encouraged to protect it."),
    ("significant", "If there is a conflict, the English version governs.", "Unless there is a conflict, the English version governs."),
]


@pytest.mark.parametrize("label,old,new", PLAIN_SYNONYMS, ids=[f"{c[0]}-{i}" for i, c in enumerate(PLAIN_SYNONYMS)])
def test_plainer_words_for_the_same_thing(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# "Only X" said as a negation with its exception ("no one except X", "not
# ... without X") and back (sig8, the balance of guarded words: each side's
# guarded words have a counterpart of the same role on the other). Another
# guarded word beside them, a second exception or a new party is said.
# Written before the change.
ONLY_AS_EXCEPTION = [
    ("minor", "Only our support staff can see your tickets.", "No one except our support staff can see your tickets."),
    ("minor", "No one but our support staff can see your tickets.", "Only our support staff can see your tickets."),
    ("minor", "We only share it with your consent.", "We do not share it without your consent."),
    ("minor", "We do not share it without your consent.", "We share it only with your consent."),
    ("significant", "Only our support staff can see your tickets.", "No one except our support staff and partners can see your tickets."),
    ("significant", "We only share it with your consent.", "We do not always share it without your consent."),
    ("significant", "We only share it with your consent.", "We do not share it without your consent, except with our vendors."),
    ("significant", "We only share it with your consent.", "We share it, but not only with your consent."),
]


@pytest.mark.parametrize("label,old,new", ONLY_AS_EXCEPTION, ids=[f"{c[0]}-{i}" for i, c in enumerate(ONLY_AS_EXCEPTION)])
def test_only_said_as_a_negation_with_its_exception(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# The attack of sig8/sig9 (issue 12, branch fixsig10): paragraphs an
# attacker changed materially that the newest "minor" rules excused. Each
# material case is flagged only with the fix; the minor cases the rules were
# written for stay minor (their tests above, and the ones here).

# F5: "required to" is compulsion by law or contract, not the company's own
# need ("we may be required to share" -> "we may need to share", Automattic
# v40; "we are required to keep records", GitHub v10); "knowingly" is actual
# knowledge (COPPA), not purpose. Vocabulary data (`synonyms`).
COMPULSION = [
    ("significant", "Or we may be required to share your information with ICANN-approved Dispute Resolution Service Providers.",
     "Or we may need to share your information with ICANN-approved Dispute Resolution Service Providers."),
    ("significant", "We are required to keep records of users who have sent and received DMCA takedown notices.",
     "We need to keep records of users who have sent and received DMCA takedown notices."),
    ("significant", "We keep your data only as long as we are required to.", "We keep your data only as long as we need to."),
    ("significant", "We disclose your information to the police when we are required to.",
     "We disclose your information to the police when we need to."),
    ("significant", "We need to share your data with the tax authority.", "We are required to share your data with the tax authority."),
    ("significant", "GitHub does not knowingly collect information from children under 13.",
     "GitHub does not deliberately collect information from children under 13."),
    ("minor", "We are required to delete it on request.", "We are obliged to delete it on request."),
    ("minor", "Vendors are contractually obligated to protect it.", "Vendors are contractually required to protect it."),
    ("minor", "We must verify your identity first.", "We have to verify your identity first."),
]


@pytest.mark.parametrize("label,old,new", COMPULSION, ids=[f"{c[0]}-{i}" for i, c in enumerate(COMPULSION)])
def test_compulsion_is_not_the_companys_own_need(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# F1: "only" said as a negation with its exception, only when the
# exception comes with the negation (the sentence with "only" has none) and
# excepts what followed "only"; "but" excepts only right after "no one",
# "nobody", "nothing" ("..., but we use it" joins two clauses). F3: the
# negation's own words are "one" right after "no" and an "anyone" before the
# exception; any other number stays said.
ONLY_AS_EXCEPTION_ATTACKED = [
    ("significant", "We do not share your location, but we use it to show local results.",
     "We only share your location, but we use it to show local results."),
    ("significant", "We never sell your data, but we share it with our partners.",
     "We only sell your data, but we share it with our partners."),
    ("significant", "We keep no logs, but we keep backups for 30 days.", "We only keep logs, but we keep backups for 30 days."),
    ("significant", "We only sell aggregated data, but it cannot identify you.",
     "We do not sell aggregated data, but it cannot identify you."),
    ("significant", "We do not share your data without your consent.", "We only share your data without your consent."),
    ("significant", "You may not use GitHub without obtaining your parents' or legal guardians' consent.",
     "You may only use GitHub without obtaining your parents' or legal guardians' consent."),
    ("significant", "No one except one employee can read your messages.", "Only our employees can read your messages."),
    ("significant", "Only our partners receive your email address.", "No one except 1 partner receives your email address."),
    ("significant", "Only our support staff can read your messages.",
     "No one except one of our support staff can read your messages."),
    ("significant", "Only our staff can see your data, for a day.", "No one except our staff can see your data, for 1 day."),
    ("minor", "We do not share it with anyone except our vendors.", "We only share it with our vendors."),
    ("minor", "Only our staff can see your data, for a day.", "No one except our staff can see your data, for a day."),
    ("minor", "No one but our staff can read it, but we log each access.", "Only our staff can read it, but we log each access."),
    ("minor", "Nobody except our staff can read it.", "Only our staff can read it."),
]


@pytest.mark.parametrize("label,old,new", ONLY_AS_EXCEPTION_ATTACKED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(ONLY_AS_EXCEPTION_ATTACKED)])
def test_only_as_an_exception_needs_the_exception_and_its_own_words(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# F4: an opening condition exchanged only for one of the same kind: "When"
# for "Once", any of them before the reader's own act ("If you ask" ->
# "When you ask"), "If" for "Where" before a rule ("Where required by
# law"). A hypothesis about the company or an event made a certainty ("If
# we sell ..." -> "When we sell ...") and a place made a time are said.
OPENING_CONDITIONS_ATTACKED = [
    ("significant", "If we sell your personal information, we will tell you.",
     "When we sell your personal information, we will tell you."),
    ("significant", "If we transfer your data outside the EU, we use standard contractual clauses.",
     "Once we transfer your data outside the EU, we use standard contractual clauses."),
    ("significant", "If we show you personalised ads, we use your browsing history.",
     "When we show you personalised ads, we use your browsing history."),
    ("significant", "If a breach occurs, we will notify you within 72 hours.", "When a breach occurs, we will notify you within 72 hours."),
    ("significant", "If we are acquired, your information will be transferred to the buyer.",
     "When we are acquired, your information will be transferred to the buyer."),
    ("significant", "Where we store your data, local law applies.", "When we store your data, local law applies."),
    ("minor", "If you ask, we delete your posts.", "When you ask, we delete your posts."),
    ("minor", "Once you delete your account, we erase your posts.", "When you delete your account, we erase your posts."),
    ("minor", "Where required by law, we keep your invoices.", "If required by law, we keep your invoices."),
    ("minor", "If the law allows, we keep your invoices.", "Where the law allows, we keep your invoices."),
]


@pytest.mark.parametrize("label,old,new", OPENING_CONDITIONS_ATTACKED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(OPENING_CONDITIONS_ATTACKED)])
def test_an_opening_condition_keeps_its_kind(label, old, new):
    assert bool(assess_text(old, new, load_vocabulary())) == (label == "significant")


# F2: a pointer's changed words are a section's name only when they are a
# whole title (or the rest of one already written), capitalised, as the
# pointer's object ("see the Sharing of Personal Data section", "as
# described in Your Rights"); loose title words ("UK", "Users", "Cookies")
# are what they say. "under" points only before a place or a section's name
# ("under the age of 13", "under UK law" do not point), and a pointer that
# named one section and now names another points elsewhere.
_ATTACK_TITLES = ["What We Do", "Sharing of Personal Data", "How Long We Keep Data", "Your Rights",
                  "Information for Minors", "Cookies and Advertising", "Applicable to EEA and UK End Users",
                  "US State Specific Information", "California", "Colorado/Connecticut/Virginia", "Nevada",
                  "Government Requests", "Our Partners"]


def _titled_notice(paragraph: str) -> str:
    return "".join(f"## {title}\n\n{paragraph if i == 0 else f'Text of part {i} stays.'}\n\n"
                   for i, title in enumerate(_ATTACK_TITLES))


POINTERS_ATTACKED = [
    ("significant", "Our Services are not intended for individuals under the age of 13.",
     "Our Services are not intended for UK individuals under the age of 13."),
    ("significant", "We disclosed each category listed below to third-party business partners.",
     "We disclosed each category listed below to Government, third-party business partners."),
    ("significant", "Personal information as defined under Chapter 603A of the Nevada Revised Statutes.",
     "Personal information as defined under Chapter 603A of the Virginia Revised Statutes."),
    ("significant", "* The right to erase or limit the processing of your Personal Data under specific conditions",
     "* The right to erase or limit the processing of your Personal Data under specific conditions, for California Users"),
    ("significant", "We share your Personal Data with the partners listed below.",
     "We share your Personal Data and Cookies with the partners listed below."),
    ("significant", "We do not sell the data of Minors under 16.", "We do not sell the data of Users under 16."),
    ("significant", "We share Advertising data with the partners listed below.", "We share Personal Data with the partners listed below."),
    ("significant", "We keep Personal Data as required under UK law.", "We keep Personal Data as required under EEA law."),
    ("significant", "We store your Data in the UK, as described below.", "We store your Data in the EEA, as described below."),
    ("significant", "To opt out of advertising, see the Your Rights section.",
     "To opt out of advertising, see the Sharing of Personal Data section."),
    ("minor", "How long we keep it is described below.", "How long we keep it is described in the How Long We Keep Data section."),
    ("minor", "For details, see the Sharing section.", "For details, see the Sharing of Personal Data section."),
    ("minor", "To opt out, see the section below.", "To opt out, see \u201cYour Rights\u201d below."),
    ("minor", "To opt out, see the section below.", "To opt out, see Cookies and Advertising."),
    ("minor", "We may share it (see the section below).", "We may share it (as described under Sharing of Personal Data)."),
    ("minor", "We may share it (see \"When required by law\" below).",
     "We may share it (as described in the \"When required by law\" part of this section)."),
    ("minor", "For details, see the section below.",
     "For details, please read the \u201cSharing of Personal Data\u201d section of this Privacy Statement."),
    ("significant", "For details, see the section below.", "For details, see the Privacy Statement of our advertisers below."),
]


@pytest.mark.parametrize("label,old,new", POINTERS_ATTACKED, ids=[f"{c[0]}-{i}" for i, c in enumerate(POINTERS_ATTACKED)])
def test_a_pointer_names_a_section_by_its_whole_title_as_its_object(label, old, new):
    found = flagged_sections(_titled_notice(old), _titled_notice(new))
    assert bool(found) == (label == "significant"), found
    assert found <= {"what-we-do"}


# A symmetric relation said as a noun or as a verb (fresh6 a6-translation-plainer):
# "a conflict between A and B" is "A conflicts with B", with the same A and B.
CONFLICT = ("In the event of a conflict between a translated version of our Privacy Policy and the English version, "
            "the English version will control.")
RELATION_TURNED = [
    ("minor", CONFLICT, "If a translated version of our Privacy Policy conflicts with the English version, the English "
                        "version will control."),
    ("minor", "If a translated version conflicts with the English version, the English version controls.",
     "In case of a conflict between a translated version and the English version, the English version controls."),
    # another party, the two swapped, another relation, or what follows changed: said
    ("significant", CONFLICT, "If a translated version of our Privacy Policy conflicts with the French version, the "
                              "English version will control."),
    ("significant", CONFLICT, "If the English version conflicts with a translated version of our Privacy Policy, the "
                              "English version will control."),
    ("significant", CONFLICT, "If a translated version of our Privacy Policy agrees with the English version, the "
                              "English version will control."),
    ("significant", CONFLICT, "If a translated version of our Privacy Policy conflicts with the English version, the "
                              "translated version will control."),
    ("significant", CONFLICT, "If any translated version of our Privacy Policy conflicts with the English version, "
                              "the English version will control."),
]


@pytest.mark.parametrize("label,old,new", RELATION_TURNED, ids=[f"{c[0]}-{i}" for i, c in enumerate(RELATION_TURNED)])
def test_a_relation_said_as_a_noun_or_a_verb(label, old, new):
    reasons = assess_text(old, new, load_vocabulary())
    assert bool(reasons) == (label == "significant"), [r.describe() for r in reasons]
