"""The shipped notice loads into the model as the 2013 statement has it."""
import datetime as dt

from generator.notice import load_notice
from generator.sites import load_sites
from conftest import REPO

# The sections of the 2013 statement (version 1).
EXPECTED_TITLES = [
    "CompuCom Respects Your Privacy",
    "Preserving the Security of Your Personal Information",
    "Collection of Your Personal Information",
    "Use of Your Personal Information",
    "Use of E-mail Addresses",
    "Access To, and Accuracy of, Your Personal Information",
    "Sharing of Your Personal Information",
    "Sites Covered by This Privacy Statement",
    "Links to Other Sites",
    "Your Choices & Selection of Your Privacy Preferences",
    "Changes to This Statement",
    "Contact Us",
    "Dispute Resolution",
]

# The corporate site today (version 5): the GDPR version added two sections,
# the clean-up retitled one and the California version added one.
CURRENT_IDS = [
    "respects-your-privacy", "security", "collection", "use", "use-of-email-addresses",
    "access-and-accuracy", "your-rights", "sharing", "retention", "sites-covered",
    "links-to-other-sites", "your-choices", "changes", "contact-us", "dispute-resolution", "california-privacy-rights",
]


def test_corporate_site_shows_its_sections_in_order():
    notice = load_notice(REPO / "notices")
    corporate = load_sites(REPO / "notices")[0]
    assert corporate.domain == "www.compucom.com"
    assert [s.id for s in notice.sections if corporate.shows(s)] == CURRENT_IDS
    assert len({s.id for s in notice.sections}) == len(notice.sections)
    assert notice.preamble is not None


def test_shipped_notice_metadata():
    meta = load_notice(REPO / "notices").meta
    assert meta.version == "5"
    assert meta.effective == dt.date(2023, 1, 1)
    assert meta.controller.name == "CompuCom Systems, Inc."
    assert "Dallas, TX 75230" in meta.controller.address


def test_region_clause_shows_only_on_sites_in_that_region():
    notice = load_notice(REPO / "notices")
    site = load_sites(REPO / "notices")[0]
    dispute = next(s for s in notice.sections if s.id == "dispute-resolution")
    assert dispute.regions == ("eu", "ch")
    assert site.shows(dispute)
    us_only = type(site)(domain="us.example.com", name="US", regions=("us",))
    assert not us_only.shows(dispute)
    assert us_only.shows(notice.sections[0])
