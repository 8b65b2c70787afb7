"""`noticegen review BASE HEAD`: what a pull request does to the notice, as
Markdown for a review comment, and the redline as Word documents.

For each site: significant or minor and why (section, rule, words), the
earliest effective date the site's notice period allows (counted from
HEAD's commit, or its `published:` date, as `check` counts it), the
disclosure gaps the change opens or closes (`check --disclosures` on both
texts), and where the preview is.

The exit code tells CI what follows (see review_codes): 0 minor everywhere,
3 significant on a site that requires a notice period, 4 significant but no
such site; 1 and 2 are failures, as for every command.

Everything taken from authors or the command line (titles, names,
summaries, revisions) is escaped for Markdown and HTML: a title like
`[x](javascript:y)` or `<script>` is shown as written, never as a link or
markup in the comment.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from . import __version__
from .check import NoticePeriod, check, notice_period
from .diff import NoticeDiff, diff_notices
from .disclosures import Finding, evaluate, load_checklists
from .errors import UsageError
from .gitlog import Git
from .history import site_history
from .pages import SiteText, format_date
from .problems import NoticeError
from .project import Project
from .significance import PROJECT_VOCABULARY, Assessment, assess, load_vocabulary
from .sites import SITES_FILE, Site, read_sites
from .review_codes import EXIT_MINOR, EXIT_NOTICE_PERIOD, EXIT_SIGNIFICANT
from .sources import Source, open_source
from .undecided import MUST_DECIDE, UNSURE_WORDS, unsure_sections
from .webhooks import shown_url


@dataclass(frozen=True)
class Side:
    """BASE or HEAD: what the user typed, and what it resolved to."""

    spec: str
    source: Source
    commit: str  # full SHA; "" when it is not a commit (a folder, a file, an uncommitted draft)
    author: str
    committed: str  # committer date, ISO 8601; "" when not a commit

    @classmethod
    def of(cls, spec: str, source: Source) -> "Side":
        version = source.version
        if version is None or not version.commit:
            return cls(spec, source, "", "", "")
        return cls(spec, source, version.commit, version.author, version.committed)


@dataclass
class SiteReview:
    site: Site
    old: SiteText | None  # None: the site is new in HEAD
    new: SiteText
    diff: NoticeDiff | None = None
    assessment: Assessment | None = None
    period: NoticePeriod | None = None
    opened: list[Finding] = field(default_factory=list)
    closed: list[tuple[Finding, str]] = field(default_factory=list)  # (BASE's finding, how HEAD covers it)
    still_missing: int = 0
    preview: str = ""  # Markdown
    docx: Path | None = None

    @property
    def changed(self) -> bool:
        return self.diff is not None and bool(self.diff.changed)

    @property
    def significant(self) -> bool:
        return self.assessment is not None and self.assessment.significant


@dataclass
class Review:
    base: Side
    head: Side
    sites: list[SiteReview]
    published: dt.date | None  # HEAD's publication date: the notice period counts from it
    base_meta: object = None  # notice.NoticeMeta of each side
    head_meta: object = None
    notes: list[str] = field(default_factory=list)  # Markdown

    @property
    def exit_code(self) -> int:
        significant = [s for s in self.sites if s.significant]
        if any(s.period for s in significant):
            return EXIT_NOTICE_PERIOD
        return EXIT_SIGNIFICANT if significant else EXIT_MINOR


def review(project: Project, base_spec: str, head_spec: str, domains: list[str] | None = None,
           history: bool = True, docx: Path | None = None) -> Review:
    from .selection import select_sites

    checked, problems = _checked(project, history)
    base = Side.of(base_spec, open_source(base_spec, project, checked))
    head = Side.of(head_spec, open_source(head_spec, project, checked))
    _refuse_same(project, base, head)
    sites = _sites(project, checked, head)
    selected = select_sites(sites, domains)
    vocabulary = checked.vocabulary if checked else load_vocabulary(project.notices / PROJECT_VOCABULARY)
    checklists = load_checklists(project.notices)
    head_meta, base_meta = _meta(head, selected[0]), _meta(base, selected[0])
    new_version = head_meta.version != base_meta.version
    published = head_meta.published or (dt.date.fromisoformat(head.committed[:10]) if head.committed else None)
    today = published or head_meta.effective
    cache: dict = {}
    from_files = base.source.path is not None or head.source.path is not None
    reviewed = []
    for site in selected:
        new = head.source.text_for(site, strict=True)
        if new is None:
            continue
        entry = SiteReview(site, base.source.text_for(site, strict=True), new)
        before = evaluate(entry.old, checklists, today) if entry.old else []
        entry.opened, entry.closed, entry.still_missing = _gaps(before, evaluate(new, checklists, today))
        if entry.old is not None:
            entry.diff = diff_notices(entry.old, new)
            detected = assess(entry.diff, vocabulary, cache)
            entry.assessment = Assessment(detected, head_meta.significant if new_version else None,
                                          head_meta.override_reason if new_version else "")
            if entry.assessment.significant:
                entry.period = notice_period(site, detected.categories, published)
        entry.preview = _preview(project, checked, entry, from_files)
        reviewed.append(entry)
    result = Review(base, head, reviewed, published, base_meta, head_meta)
    if problems:
        first = problems[0]
        result.notes.append(f"`noticegen check` finds {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                            f"in the working tree, the first: {md_text(first.format(project.root))}. "
                            "Fix them before merging: nothing is built or published while check fails.")
    if head_meta.version and not new_version and any(s.changed for s in reviewed):
        result.notes.append(f"HEAD changes the text but keeps version {md_text(head_meta.version)}: give it a new "
                            "version (`noticegen release`), or `check` refuses it once committed.")
    result.notes += _webhook_notes(_side_sites(base.source), sites)
    if code := _build_code_changed(project, base, head):
        shown = ", ".join(md_text(path) for path in code[:5]) + (f" and {len(code) - 5} more" if len(code) > 5 else "")
        result.notes.append(f"This change also edits what builds and shapes every page: {shown}. Review it as code: "
                            "a `hooks:` file or a plugin in mkdocs.yml runs with the build's rights, and a template "
                            "shapes every page outside the allow-list that author text goes through.")
    if docx is not None:
        _write_documents(result, docx)
    return result


def _build_code_changed(project: Project, base: Side, head: Side) -> list[str]:
    """Files between two commits that the build runs or renders with rather
    than reads as notice text: mkdocs.yml, theme/, Python files. A pull
    request can change them as easily as a section."""
    if not (base.commit and head.commit):
        return []
    with Git(project.root) as git:
        changed = git.changed_paths(base.commit, head.commit, project.root)
    return [path for path in changed if
            path.startswith(("theme/", ".github/")) or path.endswith(".py")
            or PurePosixPath(path).name in ("mkdocs.yml", "mkdocs.yaml")]


def _side_sites(source: Source) -> list[Site] | None:
    """The sites a side lists; None when it lists none (a Markdown file, an older layout)."""
    if source.path is not None:
        folder = source.path / "notices" if (source.path / "notices").is_dir() else source.path
        return read_sites(folder)[0] if (folder / SITES_FILE).is_file() else None
    return None if source.version is None or source.version.sites is None else list(source.version.sites)


def _webhook_notes(before: list[Site] | None, after: list[Site]) -> list[str]:
    """Where notifications will be posted, for each webhook the change adds,
    removes or points elsewhere: a pull request can send them (and the
    payload) to any address, and sites.yml reads like configuration. Shown
    as scheme and host only: a hook's secret is in its path."""
    if before is None:
        return []
    old = {site.domain: site.webhook for site in before}
    notes = []
    for site in after:
        was, now = old.get(site.domain), site.webhook
        if was is None and now is None or was and now and was.url == now.url and (
                was.allow_private_address or not now.allow_private_address):
            continue  # unchanged, or only narrowed
        domain = md_text(site.domain)
        if now is None:
            notes.append(f"This change stops posting {domain}'s notifications to the webhook "
                         f"{md_code(shown_url(was.url))}.")
            continue
        where = md_code(shown_url(now.url))
        if was is None:
            change = "a new webhook"
        elif was.url == now.url:
            change = "the same webhook"
        elif shown_url(was.url) == shown_url(now.url):
            change = "the same host at another path or query"
        else:
            change = f"another webhook (before: {md_code(shown_url(was.url))})"
        private = (", now allowed to reach loopback and private addresses (`allow_private_address: true`)"
                   if now.allow_private_address and not (was and was.allow_private_address) else "")
        host = urlsplit(now.url).hostname or ""
        written = (f" (written {md_code(host)}: its name has letters outside ASCII, which can look like another "
                   "name's; the form shown is the one looked up)" if not host.isascii() else "")
        notes.append(f"This change posts {domain}'s notifications (`notify --send`) to {change}: {where}"
                     f"{written}{private}. Check that it is yours.")
    return notes


def _checked(project: Project, history: bool):
    """`check` of the working tree; its problems do not stop a review of two
    revisions (the report names them), git failing does."""
    try:
        return check(project, history), []
    except NoticeError as exc:
        return None, list(exc.problems)


def _refuse_same(project: Project, base: Side, head: Side) -> None:
    if base.commit and base.commit == head.commit:
        raise UsageError(f"BASE ({base.spec}) and HEAD ({head.spec}) are the same commit {base.commit[:10]}: "
                         f"nothing to review ({_same_commit_hint(project, base)})")
    if base.source.path is not None and base.source.path == head.source.path:
        raise UsageError(f"BASE and HEAD are the same path {base.source.path}: nothing to review")
    if base.source.version is not None and base.source.version is head.source.version:
        raise UsageError(f"BASE ({base.spec}) and HEAD ({head.spec}) are the same version: nothing to review")


def _same_commit_hint(project: Project, base: Side) -> str:
    """What to do instead. An author who ran `release` and then `review main
    HEAD` before committing (as the steps once read) has the change only in
    the working tree: say so, and how to review that."""
    from .gitlog import GitError

    try:
        with Git(project.root) as repo:
            notices = project.notices.resolve().relative_to(repo.root.resolve()).as_posix()
            uncommitted = repo.uncommitted(notices)
    except (GitError, ValueError):
        uncommitted = False
    if uncommitted:
        return (f"the edits to {project.notices.name}/ are not committed yet: commit them, or review them "
                f"as they are with noticegen review {base.spec} {project.notices.name}")
    return "give the branch's base, e.g. origin/main, and its head"


def _sites(project: Project, checked, head: Side) -> list[Site]:
    """HEAD's sites (what the change publishes to), else the working tree's."""
    version = head.source.version
    if version is not None and version.sites is not None:
        return list(version.sites)
    if checked is not None:
        return checked.sites
    sites, _ = read_sites(project.notices)
    if not sites:
        raise UsageError("no sites to review: notices/sites.yml lists none (or cannot be read: run noticegen check)")
    return sites


def _meta(side: Side, site: Site):
    """The side's notice metadata (a file or folder gives the same to every site)."""
    if side.source.version is not None:
        return side.source.version.notice.meta
    return side.source.text_for(site).notice.meta


def _gaps(before: list[Finding], after: list[Finding]):
    """Disclosure items missing at HEAD but not at BASE (opened), missing at
    BASE but not at HEAD (closed, with how HEAD covers them), and how many
    stay missing."""
    missing_before = {(f.law, f.item) for f in before if f.status == "missing"}
    missing_after = {(f.law, f.item) for f in after if f.status == "missing"}
    by_key = {(f.law, f.item): f for f in after if f.law}
    opened = [f for f in after if f.status == "missing" and (f.law, f.item) not in missing_before]
    closed = []
    for finding in before:
        key = (finding.law, finding.item)
        if finding.status == "missing" and key not in missing_after:
            now = by_key.get(key)
            how = {"declared": "declared", "found": "found by keywords (declare it with `covers:`)",
                   "not-applicable": "no longer applies"}.get(now.status, now.status) if now else \
                "its checklist no longer applies to this site"
            closed.append((finding, how))
    return opened, closed, len(missing_before & missing_after)


def _preview(project: Project, checked, entry: SiteReview, from_files: bool) -> str:
    """Where the redline page of this change is, or how to build it."""
    if entry.old is None:
        return "new site: its first version has no redline"
    domain = entry.site.domain
    old, new = entry.old.notice.meta.version, entry.new.notice.meta.version
    if from_files:
        return ("no built page for a file or folder: "
                f"{md_code('noticegen diff BASE HEAD --format html')} prints the redline")
    if old == new:
        return f"no redline page: BASE and HEAD are both version {md_text(old)}"
    folder = f"site/{domain}/changes/{old}..{new}/"
    page = project.site_dir / domain / "changes" / f"{old}..{new}" / "index.html"
    if page.is_file():
        return f"{md_code(folder)} (built)"
    build = md_code(f"noticegen build --site {domain}")
    if checked is None:
        return f"{md_code(folder)} once `noticegen check` passes and {build} has run with HEAD checked out"
    shown = [e.version.version for e in site_history(checked.history, entry.site)]
    if any(a == old and b == new for a, b in zip(shown, shown[1:])):
        return f"{md_code(folder)}, not built yet: run {build}"
    compare = f"site/{domain}/compare/?old={old}&new={new}"
    return (f"{md_code(compare)} after {build} with HEAD checked out "
            f"(there is a {md_code('changes/')} page only between consecutive versions)")


def _write_documents(result: Review, path: Path) -> None:
    from .redline_docx import Revision, write_docx

    revision = Revision.of(result.head.author, result.head.committed)
    several = len(result.sites) > 1
    for entry in result.sites:
        if entry.diff is None:
            continue
        target = path.with_name(f"{path.stem}.{entry.site.domain}{path.suffix or '.docx'}") if several else path
        old, new = entry.old.notice.meta.version, entry.new.notice.meta.version
        subject = f"{entry.site.domain}: version {old} to version {new}"
        comments = (f"Redline of {entry.site.domain} from {_described(result.base)} to {_described(result.head)}, "
                    f"written by noticegen {__version__}. Accept all changes for the new text, reject all for the old.")
        notes = {section["section"]: f"Unsure: {UNSURE_WORDS} ({section['words']}): {MUST_DECIDE}, "
                 "then declare significant: true, or significant: false with override_reason, in notice.yml."
                 for section in unsure_sections(entry.assessment)} if entry.assessment.undecided else {}
        write_docx(target, entry.diff, revision, subject, comments, notes)
        entry.docx = target


def _described(side: Side) -> str:
    return f"{side.spec} ({side.commit[:10]})" if side.commit and side.commit[:10] != side.spec[:10] else side.spec


# The report ----------------------------------------------------------------

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~:.^$=-])")
# GitHub turns @name into a mention (a notification to that person or team)
# and #12 into a link, in text nodes, after Markdown: a word joiner after the
# sign keeps both as plain text and looks the same.
REFERENCE = re.compile(r"([@#])(?=\w)")
WORD_JOINER = "\u2060"


def md_text(text: str) -> str:
    """Author or user text as inert Markdown: one line, HTML escaped, every
    character Markdown or GitHub could read as syntax (links, images,
    emphasis, tables, autolinks such as https: or www.) backslash-escaped,
    and never a mention or an issue link."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = REFERENCE.sub(r"\1" + WORD_JOINER, text)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_code(text: str, table: bool = False) -> str:
    """Text in a code span: shown literally, never a link or a mention.
    A | (git allows one in a branch name) goes between two spans, escaped:
    GitHub splits a table row at a | even inside code, so inert_markdown
    refuses a bare one in a span wherever it is; `\\|` in a span shows its
    backslash outside a table."""
    text = " ".join(str(text).split())
    if "|" in text and not table:
        return "\\|".join((" " if part[:1] == " " else "") + (md_code(part) if part.strip() else "")
                           + (" " if part[-1:] == " " and part.strip() else "") for part in text.split("|"))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    span = f"{fence}{padded}{fence}"
    return span.replace("|", "\\|") if table else span


def render(result: Review) -> str:
    base, head = result.base, result.head
    head_meta, base_meta = result.head_meta, result.base_meta
    lines = ["# Privacy notice review", ""]
    lines.append(f"**BASE** {_side_line(base, base_meta)} → **HEAD** {_side_line(head, head_meta)}"
                 + (f", committed {head.committed[:10]} by {md_text(head.author)}" if head.commit else "") + ".")
    lines.append("")
    if head_meta.summary and head_meta.version != base_meta.version:
        lines += [f"> {md_text(head_meta.summary)}", ""]
    lines += [_verdict_line(result), ""]
    for note in result.notes:
        lines += [f"> **Note:** {note}", ""]
    lines += ["| Site | Verdict | Earliest effective date | Disclosure gaps |", "| --- | --- | --- | --- |"]
    for entry in result.sites:
        lines.append(f"| {md_text(entry.site.domain)} | {_verdict_word(entry)} | {_earliest_cell(result, entry)} "
                     f"| {_gaps_cell(entry)} |")
    for entry in result.sites:
        lines += [""] + _site_section(result, entry)
    lines += ["", f"<sub>noticegen {md_text(__version__)} · `noticegen review` exit code {result.exit_code}"
                  f" ({_exit_meaning(result.exit_code)})</sub>", ""]
    return "\n".join(lines)


def _side_line(side: Side, meta) -> str:
    what = md_code(side.spec)
    details = []
    if side.commit and not side.commit.startswith(side.spec):
        details.append(md_code(side.commit[:10]))
    details.append(f"version {md_text(meta.version)}" if meta.version else "no version")
    details.append(f"effective {format_date(meta.effective)}" if meta.effective != dt.date.min else "")
    return f"{what} ({', '.join(d for d in details if d)})"


def _verdict_line(result: Review) -> str:
    significant = [s for s in result.sites if s.significant]
    count = len(result.sites)
    if not significant:
        changed = sum(1 for s in result.sites if s.changed)
        return (f"**Minor change** on {'every site' if count > 1 else 'the site'}: no notice period applies."
                if changed else "**No change** in the text of any site.")
    with_period = [s for s in significant if s.period]
    where = f"{len(significant)} of {count} sites" if count > 1 else "the site"
    if not with_period:
        return (f"**Significant change** on {where}: people must be notified (`noticegen notify`); no site it "
                "concerns requires a notice period.")
    dates = [s.period.earliest for s in with_period if s.period.earliest]
    if dates:
        when = f"it can take effect on **{max(dates).isoformat()}** at the earliest"
    else:
        days = max(s.period.days for s in with_period)
        when = f"it can take effect {days} days after it is published at the earliest (HEAD is not a commit)"
    return f"**Significant change** on {where}: a notice period applies, {when}; people must be notified."


def _verdict_word(entry: SiteReview) -> str:
    if entry.old is None:
        return "new site"
    if entry.significant:
        return "**significant**" + (f" (unsure: {MUST_DECIDE})" if entry.assessment.undecided else "")
    return "minor" if entry.changed else "no change"


def _earliest_cell(result: Review, entry: SiteReview) -> str:
    if not entry.significant:
        return "—"
    if entry.period is None:
        return "no notice period"
    what = f"{entry.period.days} days' notice" + (f", {md_text(entry.period.category)}"
                                                 if entry.period.category != "default" else "")
    return f"{entry.period.earliest.isoformat()} ({what})" if entry.period.earliest else f"{what} after publication"


def _gaps_cell(entry: SiteReview) -> str:
    if not entry.opened and not entry.closed:
        return "none opened or closed"
    return f"{len(entry.opened)} opened, {len(entry.closed)} closed"


def _site_section(result: Review, entry: SiteReview) -> list[str]:
    domain = md_text(entry.site.domain)
    lines = []
    if entry.old is None:
        lines += [f"## {domain}: new site", "",
                  "Not in BASE: nobody has read an earlier version here, so no notice period applies.", ""]
    else:
        word = "significant" if entry.significant else "minor"
        lines += [f"## {domain}: {word} change" if entry.changed or entry.significant
                  else f"## {domain}: no change", ""]
        lines += _reasons(entry)
        lines += _period_lines(result, entry)
    lines += _gap_lines(entry)
    lines.append(f"**Preview:** {entry.preview}")
    if entry.docx is not None:
        lines += ["", f"**Word redline** (tracked changes): {md_code(str(entry.docx))}"]
    return lines


def _reasons(entry: SiteReview) -> list[str]:
    assessment = entry.assessment
    lines = []
    if assessment.declared is True and not assessment.detected.significant:
        lines += ["Declared significant by the authors (`significant: true` in notice.yml); "
                  "noticegen finds no significant change here.", ""]
    if assessment.declared is False and assessment.detected.significant:
        if assessment.override_reason:
            lines += [f"Declared minor by the authors: {md_text(assessment.override_reason)}", ""]
        else:
            lines += ["Declared minor (`significant: false`) without an `override_reason`: `noticegen check` "
                      "refuses this until the reason is written.", ""]
    reasons = assessment.detected.reasons
    if not reasons:
        if entry.changed and not assessment.significant:
            lines += ["Nothing in the change alters what is collected, why, who receives it, for how long, "
                      "transfers, rights or the controller.", ""]
        return lines
    lines += ["| Section | What changes | Rule | Words |", "| --- | --- | --- | --- |"]
    for reason in reasons:
        words = ", ".join(md_code(word, table=True) for word in reason.words[:8])
        if len(reason.words) > 8:
            words += f" and {len(reason.words) - 8} more"
        what = f"unsure: {UNSURE_WORDS}" if reason.unsure else md_text(reason.label)  # no category it is unsure of
        lines.append(f"| {md_text(reason.title)} | {what} | {md_text(reason.rule)} | {words or '—'} |")
    return lines + [""] + _unsure_lines(assessment)


def _unsure_lines(assessment: Assessment) -> list[str]:
    """The sections the detector cannot judge and what the authors must do:
    counted significant until `significant:` is declared."""
    if not assessment.undecided:
        return []
    lines = [f"**Unsure: {MUST_DECIDE}.** noticegen cannot judge these rewordings, so it counts the change "
             "significant until notices/notice.yml declares `significant: true`, or `significant: false` with "
             "`override_reason:` (`noticegen release --minor --override-reason \"...\"`); `noticegen check` and "
             "`noticegen release` stop until then:", ""]
    for section in unsure_sections(assessment):
        lines.append(f"- {md_text(section['title'])}: {UNSURE_WORDS} ({md_text(section['words'])})")
    return lines + [""]


def _period_lines(result: Review, entry: SiteReview) -> list[str]:
    if not entry.significant:
        return []
    if entry.period is None:
        return ["No notice period on this site: the change may take effect when published; "
                "people must still be notified.", ""]
    period = entry.period
    counted = "HEAD's `published:` date" if result.head_meta.published else "HEAD's commit date"
    driver = f" for {md_text(period.category)}" if period.category != "default" else ""
    if period.earliest is None:
        return [f"**Notice period:** {period.days} days{driver}, counted from publication "
                "(HEAD is not a commit, so the date is not known yet).", ""]
    line = (f"**Notice period:** {period.days} days{driver} from {result.published.isoformat()} "
            f"({counted}): effective **{period.earliest.isoformat()}** at the earliest.")
    effective = entry.new.notice.meta.effective
    if effective < period.earliest:
        line += (f" HEAD says effective {effective.isoformat()}, which is too soon: `noticegen check` refuses it "
                 f"(set `effective: {period.earliest.isoformat()}` or later).")
    else:
        line += f" HEAD's effective date, {effective.isoformat()}, allows it."
    return [line, ""]


def _gap_lines(entry: SiteReview) -> list[str]:
    if not entry.opened and not entry.closed:
        still = f" ({entry.still_missing} still missing: `noticegen check --disclosures`)" if entry.still_missing else ""
        return [f"**Disclosure gaps:** none opened or closed{still}.", ""]
    lines = ["**Disclosure gaps:**", ""]
    for finding in entry.opened:
        lines.append(f"- opened: {md_text(finding.law)} {md_code(finding.item)}: {md_text(finding.message)}")
    for finding, how in entry.closed:
        lines.append(f"- closed: {md_text(finding.law)} {md_code(finding.item)}: {md_text(finding.message)}; "
                     f"at HEAD {how}")
    if entry.still_missing:
        lines.append(f"- still missing: {entry.still_missing} (`noticegen check --disclosures`)")
    return lines + [""]


def _exit_meaning(code: int) -> str:
    return {EXIT_MINOR: "no significant change", EXIT_NOTICE_PERIOD: "a notice period applies",
            EXIT_SIGNIFICANT: "significant, no notice period"}[code]
