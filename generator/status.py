"""Which version is in force: one answer per build date, used by every page,
versions.json and the feed, so they never disagree.

For the date a site is built for ("today", from git or `--today`), each
version of a site is

- **upcoming**: it takes effect after today (a notice period in progress);
- **in force**: the newest version whose effective date is today or before;
- **superseded**: an older version, in force until the next one took effect.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .i18n import t
from .pages import format_date

UPCOMING, IN_FORCE, SUPERSEDED = "upcoming", "in force", "superseded"


@dataclass(frozen=True)
class Status:
    kind: str
    since: dt.date  # the effective date
    until: dt.date | None = None  # when the next version took (or takes) over

    @property
    def label(self) -> str:
        return t({UPCOMING: "Upcoming", IN_FORCE: "In force", SUPERSEDED: "Superseded"}[self.kind])

    def period(self) -> str:
        """When it is in force, for people: "from 1 March 2019 until 1 January 2023"."""
        if self.kind == UPCOMING:
            return t("from {since}").format(since=format_date(self.since))
        if self.until is None:
            return t("since {since}").format(since=format_date(self.since))
        return t("from {since} until {until}").format(since=format_date(self.since), until=format_date(self.until))

    def heading(self) -> str:
        """For a version's title: "in force 1 March 2019 to 1 January 2023"."""
        if self.kind == UPCOMING:
            return t("takes effect {since}").format(since=format_date(self.since))
        if self.until is None or self.kind == IN_FORCE:
            return t("in force since {since}").format(since=format_date(self.since))
        return t("in force {since} to {until}").format(since=format_date(self.since), until=format_date(self.until))

    def clause(self, number: str) -> str:
        """ "version 6 takes effect on 1 January 2030", for a sentence."""
        if self.kind == UPCOMING:
            return t("version {number} takes effect on {since}").format(number=number, since=format_date(self.since))
        if self.kind == IN_FORCE:
            return t("version {number} is in force since {since}").format(number=number,
                                                                           since=format_date(self.since))
        return t("version {number} was in force from {since} until {until}").format(
            number=number, since=format_date(self.since), until=format_date(self.until))

    def sentence(self) -> str:
        """One sentence for a page's status line."""
        if self.kind == UPCOMING:
            return t("This version takes effect on {since}; it is not in force yet.").format(
                since=format_date(self.since))
        if self.kind == IN_FORCE:
            later = " " + t("A new version takes effect on {until}.").format(until=format_date(self.until)) \
                if self.until else ""
            return t("This version is in force since {since}.").format(since=format_date(self.since)) + later
        return t("This version was in force from {since} until {until}.").format(
            since=format_date(self.since), until=format_date(self.until))

    def to_json(self) -> dict:
        return {"status": self.kind, "until": self.until.isoformat() if self.until else None}


def statuses(entries, today: dt.date | None) -> dict[str, Status]:
    """Status of each version (`entries`: history.SiteVersion, oldest
    first) on `today`; with no date, the newest version is in force."""
    result = {}
    for index, entry in enumerate(entries):
        effective = entry.version.effective
        following = entries[index + 1].version.effective if index + 1 < len(entries) else None
        if today is not None and effective > today:
            kind = UPCOMING
        elif following is None or (today is not None and following > today):
            kind = IN_FORCE
        else:
            kind = SUPERSEDED
        result[entry.version.version] = Status(kind, effective, following)
    return result


def in_force(entries, today: dt.date | None):
    """The entry in force on `today` (None if every version is upcoming)."""
    found = statuses(entries, today)
    return next((e for e in reversed(entries) if found[e.version.version].kind == IN_FORCE), None)
