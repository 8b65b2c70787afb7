"""The websites that publish the notice: `notices/sites.yml`.

    sites:
      - domain: www.compucom.com
        name: CompuCom
        base_path: /privacy/
        language: en
        regions: [us, eu, ch]
        variables:
          contact_email: Privacy@compucom.com

A section applies to a site when it names the site in `sites:`, or, without
`sites:`, when it has no `regions:` or shares one with the site; a site may
also `exclude:` sections by id. A site replaces a section with its own text by
a file in `notices/sites/<domain>/` whose front matter has the same `id`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import safety
from .notice import (REGION, SECTION_ID, VARIABLE_NAME, Section, _Fields, _load_yaml, _read,
                     _read_section)
from .problems import NoticeError, Problem
from .yamlsafe import Mapping

SITES_FILE = "sites.yml"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
BASE_PATH = re.compile(r"^/(?:[a-z0-9._-]+/)*$")
LANGUAGE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2,4})?$")
SITES_FOLDER = "sites"
SITE_KEYS = {"domain": True, "name": True, "base_path": False, "language": False,
             "regions": False, "exclude": False, "variables": False, "publish": False,
             "notice_period": False, "banner_days": False, "webhook": False, "pdf": False}
PUBLISH_KINDS = ("directory", "rsync", "command")


@dataclass(frozen=True)
class PublishTarget:
    """Where `noticegen publish` sends a site: exactly one of a local
    `directory` (releases + atomic symlink switch), an `rsync` destination,
    or a `command` template ({site}, {domain}, {version}, {release})."""

    kind: str
    value: str
    keep: int = 5  # releases kept side by side (directory only)


@dataclass(frozen=True)
class Site:
    domain: str
    name: str
    base_path: str = "/"
    language: str = "en"
    regions: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    overrides: dict[str, Section] = field(default_factory=dict)  # section id -> this site's text
    publish: PublishTarget | None = None
    # Days between publishing a significant change and its effective date:
    # {"default": 30, "transfers": 60}; categories as in the significance vocabulary.
    notice_periods: dict[str, int] = field(default_factory=dict)
    banner_days: int = 30  # the change banner stays this long after the effective date
    webhook: str = ""  # where `notify --send` posts the JSON payload
    path: Path = Path(SITES_FILE)
    line: int = 0
    pdf: bool = True  # each version and redline also as a PDF (see pdf.py)

    @property
    def url(self) -> str:
        """Canonical address of the notice on this site."""
        return f"https://{self.domain}{self.base_path}"

    def shows(self, section: Section) -> bool:
        if section.id in self.exclude:
            return False
        if section.sites:
            return self.domain in section.sites
        return not section.regions or bool(set(section.regions) & set(self.regions))


def load_sites(root: Path) -> list[Site]:
    sites, problems = read_sites(root)
    if problems:
        raise NoticeError(problems)
    return sites


def read_sites(root: Path) -> tuple[list[Site], list[Problem]]:
    path = root / SITES_FILE
    problems: list[Problem] = []
    if not path.exists():
        return [], [Problem(path, 0, "no sites are configured",
                            "create notices/sites.yml with a `sites:` list (see README)")]
    text = _read(path, root, problems)
    mapping = text is not None and _load_yaml(text, 1, path, problems)
    if not mapping:
        return [], problems
    entries = mapping.values.get("sites")
    unknown = set(mapping.values) - {"sites"}
    for key in sorted(unknown):
        problems.append(Problem(path, mapping.line_of(key), f"unknown key `{key}` in {SITES_FILE}",
                                "the file holds one key, `sites:`"))
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(path, mapping.line_of("sites"), "`sites` must be a list of sites",
                                "start each site with `- domain: example.com`"))
        return [], problems
    sites, seen = [], {}
    for index, entry in enumerate(entries):
        site = _read_site(entry, index, mapping, path, problems)
        if site is None:
            continue
        if site.domain in seen:
            problems.append(Problem(path, site.line, f"site {site.domain} is listed twice (first on line {seen[site.domain]})",
                                    "keep one entry per domain"))
            continue
        seen[site.domain] = site.line
        sites.append(site)
    return sites, problems


def _read_site(entry, index: int, mapping: Mapping, path: Path, problems: list[Problem]) -> Site | None:
    if not isinstance(entry, dict):
        problems.append(Problem(path, mapping.line_of("sites"), f"site #{index + 1} must be `key: value` lines"))
        return None
    item = mapping.sub(f"sites.{index}", entry)
    fields = _Fields(item, path, problems)
    before = len(problems)
    fields.check_keys(SITE_KEYS, f"site #{index + 1}")
    domain = fields.text("domain").lower()
    if domain and not DOMAIN.match(domain):
        fields.problem("domain", f"{domain!r} is not a domain name", "write it like www.example.com, without https://")
    name = fields.text("name", plain=True)
    base_path = fields.text("base_path", required=False) or "/"
    if not BASE_PATH.match(base_path):
        fields.problem("base_path", f"base path {base_path!r} must start and end with / and hold only lower-case "
                       "letters, digits, dots, dashes and underscores", "for example /privacy/")
    elif any(part in (".", "..") for part in base_path.split("/")):
        fields.problem("base_path", f"base path {base_path!r} has a . or .. segment, which would point "
                       "somewhere else on the site", "write the path itself, for example /privacy/")
    language = fields.text("language", required=False) or "en"
    if not LANGUAGE.match(language):
        fields.problem("language", f"language {language!r} is not a language code", "for example en or fr-CA")
    regions = fields.text_list("regions", REGION, "region tags")
    exclude = fields.text_list("exclude", SECTION_ID, "section ids")
    variables = {}
    raw_variables = entry.get("variables") or {}
    if not isinstance(raw_variables, dict):
        fields.problem("variables", "`variables` must be `name: value` lines")
    else:
        sub = _Fields(item, path, problems, "variables.")
        for key in raw_variables:
            if not VARIABLE_NAME.match(key):
                sub.problem(key, f"variable name `{key}` is not allowed", "use lower-case letters, digits and _")
            else:
                variables[key] = sub.text(key)
                problems.extend(safety.problems_in(variables[key], path, sub.line(key)))
    publish = _publish_target(entry.get("publish"), fields)
    periods = _notice_periods(entry.get("notice_period"), fields)
    banner_days = entry.get("banner_days", 30)
    if not isinstance(banner_days, int) or isinstance(banner_days, bool) or banner_days < 0:
        fields.problem("banner_days", "`banner_days` must be a number of days", "for example banner_days: 30")
    webhook = fields.text("webhook", plain=True, required=False)
    if webhook and not webhook.startswith(("https://", "http://")):
        fields.problem("webhook", f"webhook {webhook!r} must be an http(s) URL", "for example https://hooks.example.com/privacy")
    pdf = entry.get("pdf", True)
    if not isinstance(pdf, bool):
        fields.problem("pdf", "`pdf` must be true or false", "pdf: false builds the site without PDFs")
    if len(problems) > before:
        return None
    overrides = _read_overrides(path.parent, domain, problems)
    return Site(domain, name, base_path, language, regions, variables, exclude, overrides,
                publish, periods, banner_days, webhook, path, fields.line("domain"), pdf)


def _notice_periods(value, fields: _Fields) -> dict[str, int]:
    if value is None:
        return {}
    if isinstance(value, int) and not isinstance(value, bool):
        value = {"default": value}
    if not isinstance(value, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                              for v in value.values()):
        fields.problem("notice_period", "`notice_period` must be a number of days, or days per category",
                       "for example notice_period: 30, or notice_period: {default: 30, transfers: 60}")
        return {}
    return {str(key): days for key, days in value.items()}


def _publish_target(value, fields: _Fields) -> PublishTarget | None:
    if value is None:
        return None
    kinds = [kind for kind in PUBLISH_KINDS if isinstance(value, dict) and kind in value]
    unknown = set(value) - {*PUBLISH_KINDS, "keep"} if isinstance(value, dict) else {"?"}
    if len(kinds) != 1 or unknown:
        fields.problem("publish", "`publish` needs exactly one of directory, rsync or command (and optionally keep)",
                       "for example publish: {directory: /srv/privacy/www.example.com, keep: 5}")
        return None
    keep = value.get("keep", 5)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 2:
        fields.problem("publish", "`keep` must be a whole number of at least 2", "the previous release is kept for --rollback")
        return None
    target = value[kinds[0]]
    if not isinstance(target, str) or not target.strip():
        fields.problem("publish", f"`{kinds[0]}` must be text")
        return None
    return PublishTarget(kinds[0], target.strip(), keep)


def _read_overrides(root: Path, domain: str, problems: list[Problem]) -> dict[str, Section]:
    folder = root / SITES_FOLDER / domain
    overrides: dict[str, Section] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        section = _read_section(path, root, 0, problems)
        if section is None or not section.id:
            continue
        if section.id in overrides:
            problems.append(Problem(path, section.id_line, f"site {domain} overrides section "
                                    f"{section.id!r} twice (also {overrides[section.id].path.name})",
                                    "keep one override file per section"))
        overrides[section.id] = section
    return overrides

