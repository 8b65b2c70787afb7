"""Attacks on the excusing rules of session 19 (branch sig19): material
near-variants of each safe edit, invented text, that a lenient rule would
let through as minor. Every case here must be flagged."""
import pytest

from generator.significance import assess_text, load_vocabulary
from tests.test_significance_sig19 import (
    _ABOUT, _ADDRESS, _ADS, _AUDIENCE, _COLLECT, _DPO, _GIVING, _IF, _JUST, _LEARN, _LINKS, _MAIL, _NAMED, _NEED,
    _JUST_AS, _OVER, _POINTERS, _SEND, _STRIPE, _TERMS, _after_delete, _applying, _for_you)


def significant(old: str, new: str) -> bool:
    return bool(assess_text(old, new, load_vocabulary()))


PROBES = [
    # who reads the mail at the same address, named
    ("mail-other-address", _MAIL, _MAIL.replace(_DPO, "please email our Data Protection Officer, Jane Roe, at jane@acme-legal.com.")),
    ("mail-third-party", _MAIL, _MAIL.replace(_SEND, "please email our partner Acme, who reads mail at privacy[at]initech[dot]com.")),
    ("mail-third-party-team", _MAIL, _MAIL.replace(_SEND, "please email Acme's privacy team at privacy[at]initech[dot]com.")),
    ("mail-dpo-to-marketing", _MAIL, _MAIL.replace(_DPO, "please email our marketing team at dpo@initech.com.")),
    ("mail-dpo-of-acme", _MAIL, _MAIL.replace(_DPO, "please email our Data Protection Officer, Jane Roe of Acme, at dpo@initech.com.")),
    ("mail-harvest-other-domain", _MAIL, _MAIL.replace(_SEND, "please send an email to privacy[at]acme[dot]com.")),
    # 'just' as 'only'
    ("just-dropped", _JUST, _JUST.replace("collect just your", "collect your")),
    ("just-dropped-days", _JUST, _JUST.replace("for just 30 days", "for 30 days")),
    ("just-to-at-least", _JUST, _JUST.replace("for just 30 days", "for at least 30 days")),
    ("just-moved-scope", _JUST, _JUST.replace("collect just your email address and a username",
                                               "collect your email address and just a username")),
    # street abbreviations
    ("street-number", _ADDRESS, _ADDRESS.replace("88 Colin P. Kelly Jr. St.,", "89 Colin P. Kelly Jr. Street,")),
    ("street-name", _ADDRESS, _ADDRESS.replace("1 Main Rd.", "1 Mill Road")),
    ("street-type", _ADDRESS, _ADDRESS.replace("1 Main Rd.", "1 Main Avenue")),
    ("street-city", _ADDRESS, _ADDRESS.replace("1 Main Rd. in Dublin", "1 Main Road in Cork")),
    # a pointer added to another part of the notice
    ("pointer-new-purpose", _POINTERS, _applying("see “Job applicant information” below, and we may use it for marketing")),
    ("pointer-new-recipient", _POINTERS, _after_delete(
        "For how long we keep other information, see [Data retention](#data-retention) below; we share it with our partners.")),
    ("pointer-joins-two-parts", _POINTERS, _after_delete(
        "We keep deleted content for the length of time needed, see [Data retention](#data-retention).")),
    ("pointer-restates-wrongly", _POINTERS, _after_delete(
        "We keep other information for ten years; see [Data retention](#data-retention).")),
    # autolink -> named link
    ("autolink-other-host", _LINKS, _LINKS.replace(_STRIPE, "[Stripe](https://stripe-partner.example.net/privacy)")),
    ("autolink-other-label", _LINKS, _LINKS.replace(_STRIPE, "[Adyen](https://stripe.com/privacy)")),
    ("autolink-other-path", _LINKS, _LINKS.replace(_STRIPE, "[Stripe](https://stripe.com/legal/other)")),
    ("named-back-other-host", _LINKS.replace(_STRIPE, _NAMED), _LINKS.replace(_STRIPE, "Stripe: <https://example.com/privacy>")),
    # 'over' as a preposition
    ("over-some-of", _OVER, _OVER.replace("with respect to your information", "over some of your information")),
    ("over-our-data", _OVER, _OVER.replace("control of your data", "control over our data")),
    ("over-amount", _OVER, _OVER.replace("Children of 13", "Children over 13")),
    ("over-no-control", _OVER, _OVER.replace("control of your data", "no control over your data")),
    ("over-limited", _OVER, _OVER.replace("control of your data", "limited control over your data")),
    # to the extent needed
    ("need-for-our-business", _NEED, _NEED.replace("as necessary for legal obligations", "as we see fit for legal obligations")),
    ("need-dropped", _NEED, _NEED.replace("certain data as necessary for", "certain data for")),
    ("need-desired", _NEED, _NEED.replace("as necessary for", "where useful for")),
    ("need-all-data", _NEED, _NEED.replace("certain data as necessary", "all data as necessary")),
    # learn more pointer
    ("learn-new-use", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process and share with advertisers.")),
    ("learn-cannot-turn-off", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process, including why you cannot turn it off.")),
    ("learn-other-host", _LEARN, _LEARN.replace("https://support.example.org/kb/data", "https://ads.example.com/kb/data")),
    # If / Where
    ("if-unless", _IF, _IF.replace("If the changes are substantive", "Unless the changes are substantive")),
    ("if-even-if", _IF, _IF.replace("If the changes are substantive", "Even if the changes are substantive")),
    ("if-even-if-back", _IF.replace("If the changes", "Even if the changes"), _IF),
    ("if-only-where", _IF, _IF.replace("If the changes are substantive, we will also",
                                       "Only where the changes are substantive will we also")),
    ("if-where-not", _IF, _IF.replace("If the changes are substantive", "Where the changes are not substantive")),
    ("if-where-we-decide", _IF, _IF.replace("If the changes are substantive", "Where we decide the changes are substantive")),
    # a term defined in parentheses
    ("term-narrows", _TERMS, _TERMS.replace("about your device", "about your device (“Device Information”, which excludes your location)")),
    ("term-widens", _TERMS, _TERMS.replace("about your device", "about your device (“Device Information”, including your contacts)")),
    ("term-other-words", _TERMS, _TERMS.replace("about your device", "about your device (“Device and Location Information”)")),
    ("term-site-widens", _TERMS, _TERMS.replace("our website", "our website (the “Site”, which includes our partners’ sites)")),
    ("term-site-apps", _TERMS, _TERMS.replace("our website", "our website (the “Services”)")),
    # giving said from the side of who gets it
    ("giving-recipient-changes", _GIVING, _GIVING.replace(_ADS, "Data brokers get your usage data from us")),
    ("giving-partners-get", _GIVING, _GIVING.replace("We give you a choice", "Our partners get a choice")),
    ("giving-copy-to-employer", _GIVING, _GIVING.replace("We will send you a copy", "Your employer will receive a copy")),
    ("giving-ads-get-more", _GIVING, _GIVING.replace(_ADS, "Advertisers get your usage and location data from us")),
    ("giving-source-dropped", _GIVING, _GIVING.replace(_ADS, "Advertisers get your usage data")),
    ("giving-source-dropped-back", _GIVING.replace(_ADS, "Advertisers get your usage data"), _GIVING),
    ("giving-may", _GIVING, _GIVING.replace("We will send you a copy", "You may receive a copy")),
    # who a passage is for, as a condition
    ("audience-other-region", _AUDIENCE, _for_you("If you are in the United Kingdom")),
    ("audience-unless", _AUDIENCE, _for_you("Unless you are in the European Union")),
    ("audience-everyone", _AUDIENCE, _for_you("Wherever you are")),
    ("audience-outside", _AUDIENCE, _for_you("If you are outside the European Union")),
    # sub-heading joins (slash, comma, including, exchanged)
    ("heading-slash-new", _COLLECT, _COLLECT.replace("### Website interactions", "### Website/app interactions")),
    ("heading-including-new", _COLLECT, _COLLECT.replace("### Website interactions", "### Website interactions, including location")),
    ("heading-exchanged", _COLLECT, _COLLECT.replace("### Website interactions", "### App interactions")),
    ("heading-billing-to-contact", _COLLECT, _COLLECT.replace("### Billing information", "### Contact information")),
    # second and third rounds
    ("mail-processor-named", _MAIL, _MAIL.replace(_DPO, "please email our processor, Jane Roe, at dpo@initech.com.")),
    ("mail-team-and-partners", _MAIL, _MAIL.replace(_SEND, "please email our privacy team and our partners at privacy[at]initech[dot]com.")),
    ("mail-harvest-other-user", _MAIL, _MAIL.replace(_SEND, "please send an email to sales[at]initech[dot]com.")),
    ("just-like", _JUST, _JUST.replace("collect just your email address", "collect things just like your email address")),
    ("just-mainly", _JUST, _JUST.replace("collect just your", "collect mainly your")),
    ("just-as-long", _JUST, _JUST.replace("for just 30 days", "for just as long as we like")),
    ("just-in-case", _JUST, _JUST.replace("We keep logs for just 30 days.", "We keep logs just in case.")),
    ("just-as-on-dropped-apps", _JUST_AS, _JUST_AS.replace("Just as on our website, we use cookies in our apps.", "On our website, we use cookies.")),
    ("street-rd-dr", _ADDRESS, _ADDRESS.replace("1 Main Rd.", "1 Main Dr.")),
    ("street-st-ave", _ADDRESS, _ADDRESS.replace("Jr. St.,", "Jr. Ave.,")),
    ("street-number2", _ADDRESS, _ADDRESS.replace("1 Main Rd.", "11 Main Road")),
    ("over-age", _OVER, _OVER.replace("at the age of 16", "over the age of 16")),
    ("over-a-year", _OVER, _OVER.replace("for a year", "for over a year")),
    ("over-rights-partner", _OVER, _OVER.replace("with respect to your information", "over your information held by partners")),
    ("need-useful", _NEED, _NEED.replace("as necessary for", "as necessary or useful for")),
    ("need-want", _NEED, _NEED.replace("as necessary for", "where we want it for")),
    ("need-requested", _NEED, _NEED.replace("as necessary for", "if requested for")),
    ("need-when-needed-by-partners", _NEED, _NEED.replace("as necessary for", "when our partners need it for")),
    ("need-as-long", _NEED, _NEED.replace("as necessary for", "as long as necessary after")),
    ("learn-sell", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we sell, including how to turn it off.")),
    ("learn-turn-on", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process and how to turn it on.")),
    ("learn-and-share", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process and share, including how to turn it off.")),
    ("learn-location", _LEARN, _LEARN.replace(_ABOUT, "about the technical, interaction and location data we process, including how to turn it off.")),
    ("if-where-not-needed", _IF, _IF.replace("If it is needed", "Where it is not needed")),
    ("if-whether", _IF, _IF.replace("If the changes are substantive", "Whether or not the changes are substantive")),
    ("if-where-acquired", _IF, _IF.replace("If we are acquired, we will notify you", "Where we are acquired, we may notify you")),
    ("if-except-where", _IF, _IF.replace("If the changes are substantive", "Except where the changes are substantive")),
    ("if-only-if", _IF, _IF.replace("If the changes are substantive", "Only if the changes are substantive")),
    ("term-personal", _TERMS, _TERMS.replace("about your device", "about your device (“Personal Information”)")),
    ("term-and-location", _TERMS, _TERMS.replace("information about your device", "information about your device and location (“Device Information”)")),
    ("term-site-and-apps", _TERMS, _TERMS.replace("our website", "our website and apps (the “Site”)")),
    ("giving-no-choice", _GIVING, _GIVING.replace("We give you a choice", "You get no choice")),
    ("giving-from-partners", _GIVING, _GIVING.replace(_ADS, "Advertisers get your usage data from our partners")),
    ("giving-you-receive-ads", _GIVING, _GIVING.replace("We will send you a copy", "You will receive ads")),
    ("giving-we-get", _GIVING, _GIVING.replace(_ADS, "We get usage data from advertisers")),
    ("audience-resident", _AUDIENCE, _for_you("If you are a resident of the European Union")),
    ("audience-and-16", _AUDIENCE, _for_you("If you are in the European Union and over 16")),
    ("audience-customer", _AUDIENCE, _for_you("If you are our customer in the European Union")),
    ("heading-slash-loc", _COLLECT, _COLLECT.replace("### Website interactions", "### Website interactions/location")),
    ("heading-comma-new", _COLLECT, _COLLECT.replace("### Website interactions", "### Website, app interactions")),
    ("heading-mobile-to-web", _COLLECT, _COLLECT.replace("### Mobile apps", "### Mobile apps, including beacons")),
    ("pointer-adds-period", _POINTERS, _after_delete("For how long we keep other information (ten years), see [Data retention](#data-retention) below.")),
    ("pointer-label-adds-use", _POINTERS, _applying("see “Job applicant information” below, which we share with recruiters")),
    ("autolink-label-other", _LINKS, _LINKS.replace(_STRIPE, "[Stripe and Adyen](https://stripe.com/privacy)")),
    ("autolink-sub", _LINKS, _LINKS.replace(_STRIPE, "[Stripe](https://ads.stripe.com/privacy)")),
    ("mail-team-of-acme", _MAIL, _MAIL.replace(_SEND, "please email the privacy team of Acme at privacy[at]initech[dot]com.")),
    ("mail-acme-team", _MAIL, _MAIL.replace(_SEND, "please email the Acme privacy team at privacy[at]initech[dot]com.")),
    ("mail-dpo-name-inc", _MAIL, _MAIL.replace(_DPO, "please email our Data Protection Officer, Acme Inc, at dpo@initech.com.")),
    ("mail-dpo-external", _MAIL, _MAIL.replace(_DPO, "please email our external Data Protection Officer at dpo@initech.com.")),
    ("mail-dpo-role-change", _MAIL, _MAIL.replace(_DPO, "please email our EU Representative at dpo@initech.com.")),
    ("just-just-about", _JUST, _JUST.replace("for just 30 days", "for about 30 days")),
    ("just-just-over", _JUST, _JUST.replace("for just 30 days", "for just over 30 days")),
    ("just-just-under", _JUST, _JUST.replace("collect just your", "just collect your email address, your location")),
    ("street-suite", _ADDRESS, _ADDRESS.replace("1 Main Rd. in Dublin", "1 Main Rd. in Dublin, care of Acme")),
    ("street-st-saint", _ADDRESS, _ADDRESS.replace("Or write to our office at 1 Main Rd. in Dublin.", "Or write to our office at 1 St. Stephen's Green in Dublin.")),
    ("pointer-xref-restate-wide", _POINTERS, _after_delete("For how long we keep all information, including deleted content, see [Data retention](#data-retention) below.")),
    ("pointer-label-plus", _POINTERS, _applying("see “Job applicant information” below; we also run background checks")),
    ("learn-no-can", _LEARN, _LEARN.replace("You can also [learn more]", "You must [read this]")),
    ("learn-including-sharing", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process, including how we share it with partners.")),
    ("learn-and-why-cannot", _LEARN, _LEARN.replace(_ABOUT, "about the technical and interaction data we process and why you cannot turn it off.")),
    ("if-where-changes-other", _IF, _IF.replace("If the changes are substantive", "Where the changes are minor")),
    ("if-where-we-think", _IF, _IF.replace("If the changes are substantive", "Where we think the changes are substantive")),
    ("if-where-ever", _IF, _IF.replace("If the changes are substantive", "Wherever the changes are substantive")),
    ("if-when", _IF, _IF.replace("If we are acquired", "Once we are acquired")),
    ("term-defined-other-thing", _TERMS, _TERMS.replace("We keep your email address.", "We keep your email address (“Device Information”).")),
    ("term-pers-data", _TERMS, _TERMS.replace("We keep your email address", "We keep your email address (“Personal Data”)")),
    ("audience-note-for-children", _AUDIENCE, _for_you("If you are a child in the European Union")),
    ("audience-rest-changed", _AUDIENCE, _for_you("If you are in the European Union", "processing information about you: our use is optional")),
    ("audience-if-not", _AUDIENCE, _for_you("If you are not in the European Union")),
    ("heading-including-billing", _COLLECT, _COLLECT.replace("### Billing information", "### Billing information, including contacts")),
    ("heading-exchanged-2", _COLLECT, _COLLECT.replace("### Mobile apps", "### Smart TVs")),
    ("autolink-and-remove-paypal", _LINKS, _LINKS.replace(_STRIPE, _NAMED).replace("PayPal: <https://paypal.com/privacy>", "")),
    ("giving-offer-sell", _GIVING, _GIVING.replace(_ADS, "Advertisers buy your usage data from us")),
    ("giving-we-may", _GIVING, _GIVING.replace("We give you a choice", "You may get a choice")),
    ("giving-third", _GIVING, _GIVING.replace("We give you a choice", "You get a choice from advertisers")),
    ("need-as-permitted", _NEED, _NEED.replace("as necessary for", "as permitted for")),
    ("need-if-needed-we", _NEED, _NEED.replace("certain data as necessary for", "certain data if we need more for")),
]


# Probes still called minor, kept as strict xfails so a fix shows. None is
# sig19's doing: each is read the same way on main.
_GAPS = {
    # links are compared by site, not path, on main for named links and
    # autolinks alike; sig19's autolink->named rule follows that reading.
    "autolink-other-path": "a link's path within the same site is not read (main's reading)",
    # a 'learn more' pointer's target is not read on main either
    "learn-other-host": "a pointer's link target moved to another host is not read (also on main)",
    # 'your' -> 'our' are both ignorable: "control of our data" is missed on
    # main too; main caught "control over our data" only by 'over'
    # a whole sentence added with a link and "see" is read as a pointer when
    # it has no guarded word, whatever it claims (on main too)
    "pointer-joins-two-parts": "a new sentence with 'see [link]' and no guarded word is excused whole (also on main)",
    "over-our-data": "'your' -> 'our' is not read (both ignorable; also on main for 'control of our data')",
}
PROBES = [pytest.param(*p, id=p[0], marks=[pytest.mark.xfail(strict=True, reason=_GAPS[p[0]])] if p[0] in _GAPS else [])
          for p in PROBES]


@pytest.mark.parametrize("name,old,new", PROBES)
def test_a_material_near_variant_is_flagged(name, old, new):
    assert significant(old, new)
