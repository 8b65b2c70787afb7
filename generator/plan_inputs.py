"""What a site's plan is made from, and a digest of it, so that a build can
carry a site over without planning it.

Planning a site (plan.py) reads the notice, the site's settings and the
site's history. The whole notice would make every site depend on every
section, so planning an untranslated site is given only its *view*: the
notice with just the sections the site shows, each version likewise. What
the planner is given is exactly what `key` hashes (its history as the
versions each text is made from, by code the key covers), with the files of
notices/ that are not section text (templates, recipients, sites.yml,
vocabulary), the generator's code and what every site shares: an edit to
a section a site does not show leaves the site's key as it was, and
nothing else can.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path, PurePath

from . import cache
from .history import History, SiteVersion, Version, as_shown, shown_versions
from .notice import Notice
from .sites import Site

FORMAT = "plan-inputs 2"  # 2: the versions as_shown is given, not its texts


def site_view(notice: Notice, site: Site, memo: dict | None = None) -> Notice:
    """The notice with only the sections `site` shows (its preamble kept).
    With `memo`, sites that show the same sections share one view, so its
    digest is worked out once per build, not once per site."""
    sections = tuple(s for s in notice.sections if site.shows(s))
    if memo is None:
        return dataclasses.replace(notice, sections=sections)
    marker = ("view", id(notice), tuple(id(section) for section in sections))  # kept alive by `notice`
    if marker not in memo or memo[marker][0] is not notice:
        memo[marker] = (notice, dataclasses.replace(notice, sections=sections))
    return memo[marker][1]


def viewed_history(history: History, site: Site, memo: dict | None = None) -> list[SiteVersion]:
    """site_history, each version's notice cut to the site's view, and the
    paths of committed versions' files named as in the repository
    (notices/...), not in the temporary folder each run reads them back
    into. `memo` keeps the renamed notices, and each site's viewed history
    (its plan is made from the very versions its key hashed), for one build."""
    memo = {} if memo is None else memo
    marker = ("viewed history", id(history), id(site))
    if marker not in memo or memo[marker][0] is not history or memo[marker][1] is not site:
        # The view holds the sections the site shows, so its words, and so each version's
        # text and whether it changed, are the same as site_history's.
        memo[marker] = (history, site, as_shown(viewed_versions(history, site, memo)))  # both kept: ids stay theirs
    return list(memo[marker][2])


def viewed_versions(history: History, site: Site, memo: dict | None = None) -> list[tuple[Version, Site]]:
    """What viewed_history is made from (by as_shown, noticegen's code
    alone): each version the site showed with its notice cut to the view,
    and the site as it was then. The key hashes these, not the texts made
    from them: a site carried over has no texts made at all."""
    memo = {} if memo is None else memo
    marker = ("viewed versions", id(history), id(site))
    if marker not in memo or memo[marker][0] is not history or memo[marker][1] is not site:
        memo[marker] = (history, site, _viewed_versions(history, site, memo))
    return list(memo[marker][2])


def _viewed_versions(history: History, site: Site, memo: dict) -> list[tuple[Version, Site]]:
    viewed = []
    for version, shown in shown_versions(history, site):
        if version.commit is not None:
            root = Path(version.notice.root)
            version = dataclasses.replace(version, notice=_once(memo, version.notice, lambda: _rooted(version.notice, root)))
            shown = _once(memo, shown, lambda: _rooted_site(shown, root))
        notice = site_view(version.notice, shown, memo)
        viewed.append((dataclasses.replace(version, notice=notice, sites=None if version.sites is None else (shown,)),
                       shown))
    return viewed


def _once(memo: dict, value, make):
    """make(), made once per `value` (an object, by identity) for the life of `memo`."""
    marker = ("made from", id(value))
    if marker not in memo or memo[marker][0] is not value:
        memo[marker] = (value, make())
    return memo[marker][1]


def _in_repository(path: Path, root: Path) -> Path:
    try:
        return Path("notices") / Path(path).relative_to(root)
    except ValueError:
        return Path(path)


def _rooted(notice: Notice, root: Path) -> Notice:
    def moved(section):
        return dataclasses.replace(section, path=_in_repository(section.path, root))

    return dataclasses.replace(notice, root=Path("notices"),
                               meta=dataclasses.replace(notice.meta, path=_in_repository(notice.meta.path, root)),
                               preamble=moved(notice.preamble) if notice.preamble else None,
                               sections=tuple(moved(section) for section in notice.sections))


def _rooted_site(site: Site, root: Path) -> Site:
    return dataclasses.replace(site, path=_in_repository(site.path, root), overrides={
        id_: dataclasses.replace(section, path=_in_repository(section.path, root))
        for id_, section in site.overrides.items()})


def other_files(notices: Path, notice: Notice, sites: list[Site]) -> str:
    """A digest of every file under notices/ that is not section text (the
    preamble, sections and sites' own sections reach the plan through the
    site's view instead)."""
    text_files = {Path(s.path).resolve() for s in notice.texts()}
    text_files |= {Path(o.path).resolve() for site in sites for o in site.overrides.values()}
    digest = hashlib.sha256()
    for path in sorted(notices.rglob("*")):
        if path.is_file() and path.resolve() not in text_files:
            data = path.relative_to(notices).as_posix().encode()
            digest.update(len(data).to_bytes(8, "big") + data + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key(inputs, site: Site, others: str, memo: dict) -> str | None:
    """The digest of all the planning of `site` is given (None for a site in
    several languages: its translations read the whole notice and are
    always planned). `memo` keeps digests of objects sites share (sections,
    versions) for one build."""
    if site.translated:
        return None
    try:
        parts = [FORMAT, cache.code_digest(), inputs.shared, others, str(inputs.today), inputs.pdfs, inputs.framed,
                 _digest(site, memo), _digest(site_view(inputs.notice, site, memo), memo),
                 [[_digest(version, memo), _digest(shown, memo)]
                  for version, shown in viewed_versions(inputs.history, site, memo)]]
    except TypeError:  # something without a canonical form: plan the site
        return None
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _digest(value, memo: dict) -> str:
    """sha256 of a canonical form of `value` (dataclasses field by field,
    sets sorted, long texts by their digest); a dataclass instance met
    again in `memo` is not walked again."""
    if not dataclasses.is_dataclass(value):
        return hashlib.sha256(json.dumps(_canonical(value, memo), ensure_ascii=False).encode()).hexdigest()
    marker = id(value)
    if marker in memo and memo[marker][0] is value:
        return memo[marker][1]
    fields = [type(value).__name__] + [[f.name, _canonical(getattr(value, f.name), memo)]
                                       for f in dataclasses.fields(value)]
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()
    memo[marker] = (value, digest)  # the object is kept, so its id is not reused
    return digest


def _canonical(value, memo: dict):
    if isinstance(value, str):  # texts by their digest: quicker to hash than to write out as JSON
        return value if len(value) < 64 else ["sha256", hashlib.sha256(value.encode()).hexdigest()]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_canonical(item, memo) for item in value]
    if isinstance(value, dict):
        return [["dict"]] + sorted([str(k), _canonical(v, memo)] for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return [["set"]] + sorted(json.dumps(_canonical(item, memo)) for item in value)
    if isinstance(value, (dt.date, PurePath)):
        return [type(value).__name__, str(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ["dataclass", _digest(value, memo)]
    raise TypeError(f"no canonical form for {type(value).__name__}")
