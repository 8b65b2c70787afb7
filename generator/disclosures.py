"""`noticegen check --disclosures`: does the notice say what the law requires?

Checklists are data (generator/data/disclosures/*.yml, extended or replaced
by notices/disclosures/*.yml with the same name): each item has a label, its
legal source, keywords and, for items that apply only sometimes, `when`
words. A site is held to the checklists of its regions. An item is
"declared" when a section the site shows lists it in `covers:`; otherwise
"found" when its keywords occur (a hint to declare it), else "missing".

Style rules regulators have called out are checked too: telling readers to
check the page regularly for changes (unfair, WP260 rev.01 para. 33), a
notice not reviewed within the review period (CCPA: 12 months), and contact
details written out in a section that differ from the site's own.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .pages import SiteText, format_date, site_values
from .variables import EMAIL_ADDRESS

DEFAULT_FOLDER = Path(__file__).parent / "data" / "disclosures"
PROJECT_FOLDER = "disclosures"  # in notices/
CHECK_REGULARLY = re.compile(r"\b(?:check|review|visit|consult)\w*\s+(?:this|our|the)\s+(?:page|statement|policy|"
                             r"notice|site)\w*\s+(?:regularly|periodically|frequently|often|from time to time)", re.I)


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    source: str
    keywords: tuple[str, ...]
    when: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    key: str
    law: str
    regions: tuple[str, ...]
    items: tuple[Item, ...]
    review_months: int = 0


@dataclass(frozen=True)
class Finding:
    site: str
    law: str  # "" for style findings
    item: str
    status: str  # declared, found, missing, not-applicable, style
    message: str

    @property
    def problem(self) -> bool:
        return self.status in ("missing", "style")


def load_checklists(notices: Path | None = None) -> list[Checklist]:
    files = {path.stem: path for path in sorted(DEFAULT_FOLDER.glob("*.yml"))}
    if notices is not None and (notices / PROJECT_FOLDER).is_dir():
        files.update({path.stem: path for path in sorted((notices / PROJECT_FOLDER).glob("*.yml"))})
    checklists = []
    for key, path in sorted(files.items()):
        if path.parent == DEFAULT_FOLDER:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        else:
            data = _project_checklist(path, notices)
        items = tuple(Item(str(i["id"]), str(i["label"]), str(i.get("source", "")),
                           tuple(str(k) for k in i.get("keywords") or ()), tuple(str(w) for w in i.get("when") or ()))
                      for i in data.get("items") or ())
        checklists.append(Checklist(key, str(data.get("law", key)), tuple(str(r) for r in data.get("regions") or ()),
                                    items, int(data.get("review_months") or 0)))
    return checklists


def _project_checklist(path: Path, notices: Path) -> dict:
    """A project's checklist, held to the shape the defaults have."""
    from .datafiles import read_mapping, shape_error

    mapping = read_mapping(path, notices)
    data = mapping.values
    example = "items: [{id: retention, label: How long data is kept, keywords: [retain, keep]}]"
    if not isinstance(data.get("items", []), list):
        raise shape_error(path, mapping, "items", "a list of items", example)
    for index, item in enumerate(data.get("items") or []):
        where = f"items.{index}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("label"), str):
            raise shape_error(path, mapping, where, "an item with an `id` and a `label` (text)", example)
        for key in ("keywords", "when"):
            if not isinstance(item.get(key) or [], list):
                raise shape_error(path, mapping, f"{where}.{key}", "a list of words", example)
    for key in ("regions",):
        if not isinstance(data.get(key) or [], list):
            raise shape_error(path, mapping, key, "a list of region tags", "regions: [eu, ch]")
    if not isinstance(data.get("review_months") or 0, int):
        raise shape_error(path, mapping, "review_months", "a number of months", "review_months: 12")
    return data


def known_items(checklists: list[Checklist]) -> set[str]:
    return {item.id for checklist in checklists for item in checklist.items}


def evaluate(text: SiteText, checklists: list[Checklist], today: dt.date) -> list[Finding]:
    site = text.site
    body = "\n\n".join([text.preamble] + [f"{s.title}\n{b}" for s, b in text.sections])
    lowered = " ".join(body.lower().split())
    declared = {item: section.title for section, _ in text.sections for item in section.covers}
    findings = []
    for checklist in checklists:
        if not set(checklist.regions) & set(site.regions):
            continue
        for item in checklist.items:
            if item.when and not any(word.lower() in lowered for word in item.when):
                findings.append(Finding(site.domain, checklist.law, item.id, "not-applicable",
                                        f"{item.label}: not applicable (the notice does not mention it)"))
            elif item.id in declared:
                findings.append(Finding(site.domain, checklist.law, item.id, "declared",
                                        f"{item.label}: in “{declared[item.id]}”"))
            else:
                where = _found_in(text, item)
                if where:
                    findings.append(Finding(site.domain, checklist.law, item.id, "found",
                                            f"{item.label}: perhaps in “{where}” (add `covers: [{item.id}]` "
                                            "to that section if it does)"))
                else:
                    findings.append(Finding(site.domain, checklist.law, item.id, "missing",
                                            f"{item.label} ({item.source})"))
        if checklist.review_months:
            effective = text.notice.meta.effective
            due = _add_months(effective, checklist.review_months)
            if due < today:
                findings.append(Finding(site.domain, checklist.law, "review", "style",
                                        f"last updated {format_date(effective)}: {checklist.law} wants the notice "
                                        f"reviewed and its date updated at least every {checklist.review_months} months"))
    findings += _style(text, body)
    return findings


def _found_in(text: SiteText, item: Item) -> str:
    for section, body in text.sections:
        words = " ".join(f"{section.title} {body}".lower().split())
        if any(keyword.lower() in words for keyword in item.keywords):
            return section.title
    return ""


def _style(text: SiteText, body: str) -> list[Finding]:
    site = text.site
    findings = []
    match = CHECK_REGULARLY.search(body)
    if match:
        findings.append(Finding(site.domain, "", "check-regularly", "style",
                                f"“{match.group(0)}”: asking readers to check the notice for changes is not a "
                                "fair way to inform them (WP260 rev.01 para. 33); say how you will notify them"))
    own = {v.lower() for v in site_values(text.notice, site).values() if EMAIL_ADDRESS.fullmatch(v or "")}
    for section, source in ((s, s.body) for s, _ in text.sections):
        for address in sorted({a for a in EMAIL_ADDRESS.findall(source)}):
            if address.lower() not in own:
                findings.append(Finding(site.domain, "", "contact-details", "style",
                                        f"“{section.title}” writes out {address}, which is not one of this site's "
                                        "contact addresses: use a variable such as {{ contact_email }}"))
    return findings


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))
