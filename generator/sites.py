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

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from . import safety, webhooks
from .notice import (REGION, SECTION_ID, VARIABLE_NAME, Section, Fields, load_yaml, read_source,
                     read_section)
from .problems import NoticeError, Problem
from .yamlsafe import Mapping

SITES_FILE = "sites.yml"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
BASE_PATH = re.compile(r"^/(?:[a-z0-9._-]+/)*$")
LANGUAGE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2,4})?$")
SITES_FOLDER = "sites"
SITE_KEYS = {"domain": True, "name": True, "base_path": False, "language": False,
             "regions": False, "exclude": False, "variables": False, "publish": False,
             "notice_period": False, "banner_days": False, "webhook": False, "pdf": False,
             "languages": False, "stale_translations": False}
# What a stale translation does to its language's build: `block` it (the
# build fails with the file and line), or publish it with a `note` saying
# that the source language's text controls.
STALE_POLICIES = ("block", "note")
STALE_DEFAULTS = {"significant": "block", "minor": "note"}
PUBLISH_KINDS = ("directory", "rsync", "command", "s3")
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/+@=,-]+$")
S3_KEYS = ("bucket", "prefix", "endpoint", "region")
# S3's own rules for bucket names (the strictest stores enforce them).
BUCKET = re.compile(r"^(?=.{3,63}$)(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]*[a-z0-9]$")
PREFIX_SEGMENT = re.compile(r"^[A-Za-z0-9._~+=-]+$")
REGION_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
CREDENTIAL_WORDS = re.compile(r"key|secret|token|password|credential|profile", re.I)


@dataclass(frozen=True)
class S3Location:
    """A bucket and a key prefix in an S3-compatible store. Credentials are
    never here: boto3 finds them in the environment (AWS_ACCESS_KEY_ID, ...)."""

    bucket: str
    prefix: str = ""  # "" or ending in "/"
    endpoint: str = ""  # "" for AWS itself (or AWS_ENDPOINT_URL_S3 from the environment)
    region: str = ""  # "" for boto3's own choice (AWS_REGION, ~/.aws/config)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def overlaps(self, other: "S3Location") -> bool:
        """One holds the other's keys: same store and bucket, and one prefix starts the other."""
        return (self.endpoint, self.bucket) == (other.endpoint, other.bucket) and (
            self.prefix.startswith(other.prefix) or other.prefix.startswith(self.prefix))


@dataclass(frozen=True)
class PublishTarget:
    """Where `noticegen publish` sends a site: exactly one of a local
    `directory` (releases + atomic symlink switch), an `rsync` destination,
    a `command` template ({site}, {domain}, {version}, {release}), or an
    `s3` bucket and prefix (releases + a pointer object, see publish_s3)."""

    kind: str
    value: str  # the path, destination or command; for s3 the s3:// URL
    keep: int = 5  # releases kept side by side (directory and s3)
    s3: S3Location | None = None
    line: int = 0  # of `publish:` in sites.yml


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
    webhook: webhooks.Webhook | None = None  # where `notify --send` posts the JSON payload
    path: Path = Path(SITES_FILE)
    line: int = 0
    pdf: bool = True  # each version and redline also as a PDF (see pdf.py)
    # The languages the site publishes, the source language first (see translations.py).
    languages: tuple[str, ...] = ()
    stale_translations: dict[str, str] = field(default_factory=lambda: dict(STALE_DEFAULTS))

    @property
    def translated(self) -> tuple[str, ...]:
        """The languages besides the source that the site publishes."""
        return self.languages[1:]

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


def read_sites(root: Path, keep_invalid: bool = False) -> tuple[list[Site], list[Problem]]:
    """The sites of notices/sites.yml and the problems in it. With
    `keep_invalid` (check, which builds nothing when there is a problem), a
    site whose entry has a problem other than in its domain is kept, its bad
    fields at their defaults: what else is checked against the sites (their
    folders, translations) is then not reported as belonging to no site."""
    path = root / SITES_FILE
    problems: list[Problem] = []
    if not path.exists():
        return [], [Problem(path, 0, "no sites are configured",
                            "create notices/sites.yml with a `sites:` list (see README)")]
    text = read_source(path, root, problems)
    mapping = text is not None and load_yaml(text, 1, path, problems)
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
        site = _read_site(entry, index, mapping, path, problems, keep_invalid)
        if site is None:
            continue
        if site.domain in seen:
            problems.append(Problem(path, site.line, f"site {site.domain} is listed twice (first on line {seen[site.domain]})",
                                    "keep one entry per domain"))
            continue
        seen[site.domain] = site.line
        sites.append(site)
    _refuse_shared_buckets(sites, path, problems)
    _refuse_shared_directories(sites, path, problems)
    return sites, problems


def _refuse_shared_directories(sites: list[Site], path: Path, problems: list[Problem]) -> None:
    """Two sites in one directory, or one inside the other's, would serve
    each other's notice: compared where they are (relative to the project,
    links followed), not as written ("published/x" and "/srv/p/published/x")."""
    root = path.parent.parent  # notices/sites.yml: relative targets are the project's
    placed: list[tuple[Path, Site]] = []
    for site in sites:
        if site.publish is None or site.publish.kind != "directory":
            continue
        where = Path(os.path.realpath(root / site.publish.value))
        for other_where, other in placed:
            if where == other_where:
                problems.append(Problem(path, site.publish.line, f"site {site.domain} publishes to "
                                        f"{site.publish.value}, as {other.domain} does: one would serve the other's "
                                        "notice", "give each site its own directory"))
            elif where.is_relative_to(other_where) or other_where.is_relative_to(where):
                problems.append(Problem(path, site.publish.line, f"site {site.domain} publishes to "
                                        f"{site.publish.value}, and {other.domain} to {other.publish.value}: one is "
                                        "inside the other, so one would serve or replace the other's notice",
                                        "give each site its own directory, side by side"))
            else:
                continue
            break
        placed.append((where, site))


def _refuse_shared_buckets(sites: list[Site], path: Path, problems: list[Problem]) -> None:
    """Two sites in one bucket prefix would prune and switch each other's releases."""
    placed: list[Site] = []
    for site in sites:
        location = site.publish.s3 if site.publish else None
        if location is None:
            continue
        for other in placed:
            if location.overlaps(other.publish.s3):
                problems.append(Problem(path, site.publish.line, f"site {site.domain} publishes to {location.url}, "
                                        f"which shares keys with {other.domain}'s {other.publish.s3.url} "
                                        f"(line {other.publish.line})",
                                        "give each site its own prefix, for example privacy/<domain>/"))
                break
        placed.append(site)


def _read_site(entry, index: int, mapping: Mapping, path: Path, problems: list[Problem],
               keep_invalid: bool = False) -> Site | None:
    if not isinstance(entry, dict):
        problems.append(Problem(path, mapping.line_of("sites"), f"site #{index + 1} must be `key: value` lines"))
        return None
    item = mapping.sub(f"sites.{index}", entry)
    fields = Fields(item, path, problems)
    before = len(problems)
    fields.check_keys(SITE_KEYS, f"site #{index + 1}")
    domain = fields.text("domain").lower()
    if domain and not DOMAIN.match(domain):
        fields.problem("domain", f"{domain!r} is not a domain name", "write it like www.example.com, without https://")
    name = fields.attribute_safe("name", fields.text("name", plain=True))
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
    elif not known_language(language):
        fields.problem("language", _unknown(language), "use one it knows, for example en, fr-CA or de-CH")
    languages = _languages(entry.get("languages"), language, "language" in entry, fields)
    if languages:
        language = languages[0]
    stale = _stale_policies(entry.get("stale_translations"), fields)
    regions = fields.text_list("regions", REGION, "region tags")
    exclude = fields.text_list("exclude", SECTION_ID, "section ids")
    variables = {}
    raw_variables = entry.get("variables") or {}
    if not isinstance(raw_variables, dict):
        fields.problem("variables", "`variables` must be `name: value` lines")
    else:
        sub = Fields(item, path, problems, "variables.")
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
    webhook = _webhook(entry.get("webhook"), item, fields)
    pdf = entry.get("pdf", True)
    if not isinstance(pdf, bool):
        fields.problem("pdf", "`pdf` must be true or false", "pdf: false builds the site without PDFs")
    if len(problems) > before and not (keep_invalid and domain and DOMAIN.match(domain)):
        return None
    if len(problems) > before:  # kept for the cross-checks only (see read_sites): defaults for what is bad
        banner_days = banner_days if isinstance(banner_days, int) and not isinstance(banner_days, bool) else 30
        pdf = pdf if isinstance(pdf, bool) else True
    overrides = _read_overrides(path.parent, domain, problems)
    return Site(domain, name, base_path, language, regions, variables, exclude, overrides,
                publish, periods, banner_days, webhook, path, fields.line("domain"), pdf,
                languages or (language,), stale)


def _webhook(value, item: Mapping, fields: Fields) -> webhooks.Webhook | None:
    """`webhook: URL`, or `webhook: {url: URL, allow_private_address: true}`
    for a hook on a loopback or private address (see webhooks)."""
    if value is None:
        return None
    allow = False
    if isinstance(value, dict):
        sub = Fields(item, fields.path, fields.problems, "webhook.")
        sub.check_keys({"url": True, "allow_private_address": False}, "webhook")
        allow = value.get("allow_private_address", False)
        if not isinstance(allow, bool):
            sub.problem("allow_private_address", "`webhook.allow_private_address` must be true or false",
                        "allow_private_address: true lets the webhook reach a loopback or private address")
            return None
        url = sub.text("url")
    else:
        url = fields.text("webhook", required=False)
    if not url:
        return None
    hook = webhooks.Webhook(url, allow, fields.line("webhook"))
    found = webhooks.problem(hook)
    if found:
        fields.problem("webhook", *found)
        return None
    return hook


def _cased(code: str) -> str:
    """fr-CA as written `FR-ca`: the language in lower case, a region in upper."""
    first, _, rest = code.partition("-")
    return first.lower() + (f"-{rest.upper() if len(rest) == 2 else rest.title()}" if rest else "")


def known_language(code: str) -> bool:
    """A language (and region) Babel has the dates and names of: pages in
    it are written with them (fr-QC, say, is no region Babel knows)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _unknown(code: str) -> str:
    return f"{code} is not a language noticegen can write its words and dates in (Babel does not know it)"


def _languages(value, language: str, has_language: bool, fields: Fields) -> tuple[str, ...]:
    """`languages: [en-CA, fr-CA]`: the source first; `language`, if given too, must be that one."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and LANGUAGE.match(v) for v in value):
        fields.problem("languages", "`languages` must be a list of language codes, the source language first",
                       "for example languages: [en-CA, fr-CA]")
        # The codes as probably meant (FR-ca: fr-CA), for the cross-checks only.
        meant = [_cased(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []
        return tuple(dict.fromkeys(v for v in meant if LANGUAGE.match(v)))
    # After a problem the languages are kept as meant (each once), so that
    # the cross-checks (translation folders, say) add no false lines to it.
    meant = tuple(dict.fromkeys(value))
    if len(set(v.lower() for v in value)) != len(value):
        fields.problem("languages", "`languages` lists a language twice", "list each language once")
        return tuple({v.lower(): v for v in reversed(value)}.values())[::-1]
    unknown = [v for v in value if not known_language(v)]
    if unknown:
        fields.problem("languages", _unknown(unknown[0]), "use one it knows, for example en-CA, fr-CA or de-CH")
    elif has_language and value[0] != language:
        fields.problem("languages", f"`language` is {language} but `languages` starts with {value[0]}: the first "
                       "language is the source", "leave out `language`, or list it first in `languages`")
    return meant


def _stale_policies(value, fields: Fields) -> dict[str, str]:
    """`stale_translations: {significant: block, minor: note}`."""
    if value is None:
        return dict(STALE_DEFAULTS)
    example = "for example stale_translations: {significant: block, minor: note}"
    if not isinstance(value, dict):
        fields.problem("stale_translations", f"`stale_translations` must say, for significant and minor source "
                       f"changes, block or note; not {_shown(value)}", example)
        return dict(STALE_DEFAULTS)
    for key, policy in value.items():
        if key not in STALE_DEFAULTS:
            fields.problem("stale_translations", f"`stale_translations` has {_shown(key)}: its keys are "
                           "significant and minor", example)
            return dict(STALE_DEFAULTS)
        if policy not in STALE_POLICIES:
            fields.problem("stale_translations", f"`stale_translations` sets {key} to {_shown(policy)}: each is "
                           "block or note", example)
            return dict(STALE_DEFAULTS)
    return {**STALE_DEFAULTS, **value}


def _shown(value) -> str:
    """A value from sites.yml, short, as its author wrote it ("nothing" for an empty one)."""
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _notice_periods(value, fields: Fields) -> dict[str, int]:
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


def _publish_target(value, fields: Fields) -> PublishTarget | None:
    if value is None:
        return None
    kinds = [kind for kind in PUBLISH_KINDS if isinstance(value, dict) and kind in value]
    unknown = set(value) - {*PUBLISH_KINDS, "keep"} if isinstance(value, dict) else {"?"}
    if len(kinds) != 1 or unknown:
        fields.problem("publish", "`publish` needs exactly one of directory, rsync, command or s3 (and optionally keep)",
                       "for example publish: {directory: /srv/privacy/www.example.com, keep: 5}")
        return None
    keep = value.get("keep", 5)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 2:
        fields.problem("publish.keep", "`keep` must be a whole number of at least 2",
                       "the previous release is kept for --rollback")
        return None
    line = fields.line("publish")
    if kinds[0] == "s3":
        location = _s3_location(value["s3"], fields)
        return PublishTarget("s3", location.url, keep, location, line) if location else None
    target = value[kinds[0]]
    if not isinstance(target, str) or not target.strip():
        fields.problem("publish", f"`{kinds[0]}` must be text")
        return None
    target = target.strip()
    if kinds[0] == "directory" and not SAFE_PATH.match(target):
        # The path goes into nginx's configuration: nothing there may end a directive.
        fields.problem("publish", f"directory {target!r} has characters a web server configuration cannot hold",
                       "use letters, digits and . _ - / ~ + @ = , only (no spaces, quotes, ; { } $ or #)")
        return None
    if kinds[0] == "rsync" and target.startswith("-"):
        # rsync would read it as one of its options (--log-file=~/.bashrc writes there), not as where to send.
        fields.problem("publish", f"rsync {target!r} starts with -, which rsync reads as an option",
                       "give the destination: a path (./-site for a folder named so) or host:path")
        return None
    if kinds[0] == "command":
        try:
            [token.format(site="s", domain="d", version="v", release="r") for token in shlex.split(target)]
        except (ValueError, KeyError, IndexError) as exc:
            fields.problem("publish", f"command {target!r} cannot be filled in ({exc!r})",
                           "use {site}, {domain}, {version} and {release} only, with balanced quotes; "
                           "write {{ and }} for literal braces")
            return None
    return PublishTarget(kinds[0], target, keep, None, line)


def _s3_location(value, fields: Fields) -> S3Location | None:
    """`s3: s3://bucket/prefix/`, or `s3: {bucket:, prefix:, endpoint:, region:}`."""
    example = "for example s3: {bucket: example-privacy, prefix: privacy/www.example.com/, endpoint: https://s3.example.com}"
    before = len(fields.problems)
    if isinstance(value, str):
        match = re.match(r"^s3://([^/]*)/?(.*)$", value.strip())
        if not match:
            fields.problem("publish.s3", f"`s3` {value.strip()!r} is not an s3:// URL", example)
            return None
        value = {"bucket": match[1], "prefix": match[2]}
        where = {key: "publish.s3" for key in S3_KEYS}
    elif isinstance(value, dict):
        where = {key: f"publish.s3.{key}" for key in S3_KEYS}
        for key in value:
            if key in S3_KEYS:
                continue
            if CREDENTIAL_WORDS.search(str(key)):
                fields.problem(f"publish.s3.{key}", f"`{key}` looks like a credential, and sites.yml never holds them",
                               "remove it; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) "
                               "in the environment, from your CI's secrets")
            else:
                fields.problem(f"publish.s3.{key}", f"unknown key `{key}` in `publish: s3:`",
                               f"known keys: {', '.join(S3_KEYS)}")
    else:
        fields.problem("publish.s3", "`s3` must be an s3:// URL or `bucket:`, `prefix:`, `endpoint:`, `region:` lines",
                       example)
        return None
    texts = {}
    for key in S3_KEYS:
        raw = value.get(key)
        if raw is not None and not isinstance(raw, str):
            fields.problem(where[key], f"`s3.{key}` must be text, YAML read {raw!r}", f'quote it: {key}: "{raw}"')
            return None
        texts[key] = (raw or "").strip()
    bucket, prefix, endpoint, region = (texts[key] for key in S3_KEYS)
    if not bucket:
        fields.problem(where["bucket"] if "bucket" in value else "publish.s3", "the s3 target has no bucket", example)
    elif not BUCKET.match(bucket):
        fields.problem(where["bucket"], f"{bucket!r} is not a valid bucket name",
                       "3 to 63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit")
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    if prefix and not all(PREFIX_SEGMENT.match(part) and part not in (".", "..") for part in prefix[:-1].split("/")):
        fields.problem(where["prefix"], f"prefix {texts['prefix']!r} must be folder names separated by / "
                       "(letters, digits and . _ ~ + = -; no leading /, no . or .. and no empty names)",
                       "for example prefix: privacy/www.example.com/")
    if endpoint:
        problem = _endpoint_problem(endpoint)
        if problem:
            fields.problem(where["endpoint"], f"endpoint {endpoint!r} {problem[0]}", problem[1])
        endpoint = endpoint.rstrip("/")
    if region and not REGION_NAME.match(region):
        fields.problem(where["region"], f"region {region!r} is not a region name", "for example eu-central-1")
    if len(fields.problems) > before:
        return None
    return S3Location(bucket, prefix, endpoint, region)


def _endpoint_problem(endpoint: str) -> tuple[str, str] | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return "is not a URL", "for example https://s3.eu-central-1.amazonaws.com"
    if parts.username or parts.password:
        return ("holds credentials, and sites.yml never holds them",
                "write the address alone; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an http(s) address", "for example https://s3.eu-central-1.amazonaws.com"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return ("must be the store's address alone, without a path",
                "put the bucket in `bucket:` and the folder in `prefix:`")
    return None


def _read_overrides(root: Path, domain: str, problems: list[Problem]) -> dict[str, Section]:
    folder = root / SITES_FOLDER / domain
    overrides: dict[str, Section] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        section = read_section(path, root, 0, problems)
        if section is None or not section.id:
            continue
        if section.id in overrides:
            problems.append(Problem(path, section.id_line, f"site {domain} overrides section "
                                    f"{section.id!r} twice (also {overrides[section.id].path.name})",
                                    "keep one override file per section"))
        overrides[section.id] = section
    return overrides

