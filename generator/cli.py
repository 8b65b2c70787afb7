"""The `noticegen` command. Exit codes: 0 done, 1 the input or build has a
problem (each printed as `path:line: what (how to fix)`), 2 usage error."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, cache, switches
from .errors import NoticegenError, UsageError
from .problems import NoticeError
from .project import find_project, require_notices


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        switches.validate()
        project = find_project(Path(args.root) if args.root else Path.cwd())
        if getattr(args.command, "__name__", "") not in WITHOUT_NOTICES:
            require_notices(project)
        args.history = switches.history(not args.no_history)
        return args.command(project, args)
    except NoticeError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        count = len(exc.problems)
        outcome = NOT_DONE.get(getattr(args.command, "__name__", ""), "nothing was written")
        print(f"noticegen: {count} problem{'s' if count != 1 else ''} found"
              f"{'; ' + outcome if outcome else ''}.", file=sys.stderr)
        return exc.exit_code
    except NoticegenError as exc:
        print(f"noticegen: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return _reader_gone()
    except OSError as exc:  # the file system refused: say which file and why
        print(f"noticegen: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(f"noticegen: internal error ({type(exc).__name__}: {exc}); this is a bug in noticegen: "
              f"please report it with the command you ran ({DEBUG_VARIABLE}=1 shows the traceback)",
              file=sys.stderr)
        return 1


DEBUG_VARIABLE = "NOTICEGEN_DEBUG"
# Commands that start a notice, or can read one from git revisions or files.
WITHOUT_NOTICES = {"_init", "_import", "_diff", "_review", "_comment"}
# What a command that found problems did not do (commands that only read: nothing to say).
NOT_DONE = {"_build": "nothing was built", "_serve": "nothing was built", "_publish": "nothing was published",
            "_notify": "nothing was sent", "_check": "", "_history": "", "_diff": "", "_review": "", "_nginx": ""}


def describe_os_error(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    where = f"{exc.filename}" + (f" -> {exc.filename2}" if exc.filename2 else "") if exc.filename else ""
    return f"{where}: {what}" if where else what


def _reader_gone() -> int:
    """stdout was closed early (`noticegen history | head`): stop quietly, as
    other command-line tools do, without a second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a killed reader


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="noticegen", description=__doc__.split(".")[0])
    parser.add_argument("--version", action="version", version=f"noticegen {__version__}")
    parser.add_argument("--root", metavar="DIR", help="project folder (default: found from the current folder)")
    parser.add_argument("--no-history", action="store_true",
                        help="ignore git history: only the working tree's version (also NOTICEGEN_HISTORY=off)")
    # The same two options after the command name too (`noticegen build --no-history`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--no-history", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(metavar="COMMAND", required=True)

    check = commands.add_parser("check", parents=[common], help="validate notices/ and the site config without building")
    check.add_argument("--disclosures", action="store_true",
                       help="also compare each site's notice with the checklists of its regions (GDPR, CCPA...)")
    check.add_argument("--version", dest="notice_version", metavar="V",
                       help="with --disclosures: check this version from the history instead of the working tree")
    check.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text",
                       help="problems as text, JSON, GitHub annotations or SARIF (default: text)")
    check.set_defaults(command=_check)

    init = commands.add_parser("init", parents=[common], help="start a notice repository in this folder, or add the files it lacks")
    init.add_argument("--domain", default="www.example.com", help="the first site's domain")
    init.add_argument("--effective", type=_date, metavar="YYYY-MM-DD",
                      help="the first version's effective date (default: today)")
    init.set_defaults(command=_init)

    build = commands.add_parser("build", parents=[common], help="check, then build every site into site/<domain>/")
    build.add_argument("--site", action="append", metavar="DOMAIN", help="build only this site (repeatable)")
    build.add_argument("--out", metavar="DIR", help="output folder (default: site/)")
    build.add_argument("--jobs", type=int, metavar="N", help="sites built at once (default: one per core)")
    build.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                       help="the date to build for (default: the date of the last commit to notices/)")
    build.add_argument("--no-pdf", action="store_true",
                       help="make no PDFs, for a quick look (also NOTICEGEN_PDF=off); publish wants them")
    build.set_defaults(command=_build)

    publish = commands.add_parser("publish", parents=[common], help="send each built site to its target from notices/sites.yml")
    publish.add_argument("--site", action="append", metavar="DOMAIN", help="publish only this site (repeatable)")
    publish.add_argument("--rollback", action="store_true", help="switch directory and s3 targets back to the previous release")
    publish.add_argument("--allow-older", action="store_true",
                         help="publish even when the live release is a version this checkout's history does not have")
    publish.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date the build was made for (as build --today)")
    publish.set_defaults(command=_publish)

    nginx = commands.add_parser("nginx", parents=[common], help="print nginx server blocks for the sites' directory targets")
    nginx.add_argument("--listen", default="80", metavar="ADDR", help="nginx listen value (default: 80)")
    nginx.add_argument("--site", action="append", metavar="DOMAIN", help="only this site (repeatable)")
    nginx.set_defaults(command=_nginx)

    history = commands.add_parser("history", parents=[common], help="list the versions of the notice (from git)")
    history.add_argument("--site", metavar="DOMAIN", help="as this site shows them (default: the first site)")
    history.add_argument("--format", choices=("text", "json"), default="text")
    history.set_defaults(command=_history)

    diff = commands.add_parser("diff", parents=[common], help="what changed between two versions, revisions or files")
    diff.add_argument("old", metavar="OLD", help="a version number, git revision, notices folder or Markdown file")
    diff.add_argument("new", metavar="NEW", help="the same kinds as OLD")
    diff.add_argument("--site", metavar="DOMAIN", help="as this site shows them (default: the first site)")
    diff.add_argument("--format", choices=("text", "html", "json"), default="text")
    diff.set_defaults(command=_diff)

    from .review_codes import EXIT_CODES

    review = commands.add_parser(
        "review", parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        help="a pull request's report: verdict and reasons, notice period, disclosure gaps, preview; Word redline",
        description="Markdown for a pull-request comment on what changes from BASE to HEAD on each site:\n"
                    "significant or minor and why, the earliest effective date the site's notice period\n"
                    "allows (from HEAD's commit date), the disclosure gaps the change opens or closes, and\n"
                    "where the preview is. --docx writes the redline as a Word document with tracked changes.",
        epilog=EXIT_CODES)
    review.add_argument("base", metavar="BASE", help="a git revision (e.g. origin/main), version number, notices "
                                                     "folder or Markdown file")
    review.add_argument("head", metavar="HEAD", help="the same kinds as BASE (e.g. HEAD)")
    review.add_argument("--site", action="append", metavar="DOMAIN", help="only this site (repeatable)")
    review.add_argument("--output", metavar="FILE", help="write the Markdown report here (default: stdout)")
    review.add_argument("--docx", metavar="FILE", help="write the redline as a Word document with tracked changes "
                                                       "(with several sites, FILE.<domain>.docx for each)")
    review.set_defaults(command=_review)

    comment = commands.add_parser("comment", parents=[common],
                                  help="put a review report on a pull request as one comment, updated in place")
    comment.add_argument("report", metavar="FILE", nargs="?", help="the Markdown report (noticegen review --output FILE)")
    comment.add_argument("--pull-request", type=_pull_request, metavar="N", help="the pull request's number")
    comment.add_argument("--artifact", metavar="DIR", help="instead of FILE and N: the review artefact of the pull "
                         "request's own run, unpacked in DIR (review.md, pull-request.txt), read as untrusted data")
    comment.add_argument("--head-sha", metavar="SHA", help="the commit the report was made for: posted only while it "
                         "is the pull request's head (required with --artifact)")
    comment.add_argument("--author", default="github-actions[bot]", metavar="LOGIN",
                         help="the account that comments (the token's; default: github-actions[bot])")
    comment.set_defaults(command=_comment)

    notify = commands.add_parser("notify", parents=[common], help="send the notifications of a significant version (dry run by default)")
    notify.add_argument("--version", required=True, metavar="V", dest="notice_version")
    notify.add_argument("--site", required=True, metavar="DOMAIN")
    notify.add_argument("--recipients", required=True, metavar="FILE", help="CSV with an email column")
    notify.add_argument("--send", action="store_true", help="really send (SMTP from NOTICEGEN_SMTP_URL, and the webhook)")
    notify.add_argument("--ledger", metavar="FILE", help="what was sent (default: .noticegen/notify-ledger.jsonl)")
    notify.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date the build was made for (as build --today)")
    notify.add_argument("--resend-in-doubt", action="store_true",
                        help="send again to recipients an interrupted run may or may not have reached")
    notify.set_defaults(command=_notify)

    imports = commands.add_parser("import", parents=[common], help="turn an existing notice (Markdown or HTML) into notices/")
    imports.add_argument("file", metavar="FILE", help="the notice as one Markdown or HTML file (with --history: "
                                                        "its path inside the other repository)")
    imports.add_argument("--history", metavar="REPO", dest="history_repo", help="replay every committed state of FILE in this other git "
                                                           "repository (followed back across moves) as a version, "
                                                           "one commit each")
    imports.add_argument("--version", default="1", dest="notice_version", help='version to give it (default "1")')
    imports.add_argument("--effective", type=_date, metavar="YYYY-MM-DD",
                         help="effective date (default: the date the text states)")
    imports.add_argument("--summary", default="Imported from the existing notice.")
    imports.add_argument("--domain", help="the site to list in sites.yml if there is none; with --force the replaced "
                         "notice's sites.yml stays unless it lacks this site (default: its first site, "
                         "else www.example.com)")
    imports.add_argument("--force", action="store_true", help="replace an existing notices/")
    imports.add_argument("--links-from", type=_web_address, metavar="URL",
                         help="the address the old page was published at, to make its relative links absolute "
                              "(a link to x.md or x/index.md becomes one to x/)")
    imports.set_defaults(command=_import)

    release = commands.add_parser("release", parents=[common], help="write a new version's metadata into notices/notice.yml")
    release.add_argument("--version", required=True, dest="notice_version")
    release.add_argument("--effective", required=True, type=_date, metavar="YYYY-MM-DD")
    release.add_argument("--summary", required=True, help="one line: what this version changes")
    declared = release.add_mutually_exclusive_group()
    declared.add_argument("--significant", action="store_const", const=True, dest="declared")
    declared.add_argument("--minor", action="store_const", const=False, dest="declared")
    release.add_argument("--override-reason", default="", help="why a change found significant is minor")
    release.set_defaults(command=_release)

    translate = commands.add_parser("translate", parents=[common],
                                    help="start a translation, or record that it translates today's source text")
    action = translate.add_mutually_exclusive_group(required=True)
    action.add_argument("--start", action="store_true",
                        help="write a file for each section with no translation yet (the source text under a FILL IN)")
    action.add_argument("--mark-current", action="store_true",
                        help="record that each translation (or those named) translates the source as it is now")
    translate.add_argument("language", metavar="LANG", help="a language a site publishes, e.g. fr-CA")
    translate.add_argument("sections", metavar="SECTION", nargs="*", default=[],  # optional: not "required"
                           help="section ids (also notice, for the title and summary, and preamble); default: all")
    translate.set_defaults(command=_translate)

    serve = commands.add_parser("serve", parents=[common], help="preview one site with live reload")
    serve.add_argument("--site", metavar="DOMAIN", help="the site to preview (default: the first)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="ADDRESS:PORT",
                       help="an IP address or localhost, and a port (default 127.0.0.1:8000)")
    serve.add_argument("--language", metavar="LANG",
                       help="preview the site in one of its translated languages (for example fr-CA)")
    serve.set_defaults(command=_serve)
    return parser


def _check(project, args) -> int:
    from . import reports
    from .check import check

    if args.format != "text":  # every problem in the form asked for, on stdout
        try:
            checked = check(project, args.history, undecided_blocks=True)
        except NoticeError as exc:
            count = len(exc.problems)
            print(reports.render(args.format, exc.problems, [], f"{count} problem{'s' if count != 1 else ''} "
                                 "found", __version__), end="")
            return exc.exit_code
        summary = (f"notices/ is valid: version {checked.notice.meta.version}, "
                   f"{len(checked.notice.sections)} sections, {len(checked.sites)} site(s).")
        print(reports.render(args.format, [], checked.warnings + checked.notes, summary, __version__), end="")
        return _disclosures(project, checked, args.notice_version) if args.disclosures else 0
    checked = check(project, args.history, undecided_blocks=True)
    print_warnings(checked.warnings + checked.notes)
    print(f"notices/ is valid: version {checked.notice.meta.version}, "
          f"{len(checked.notice.sections)} sections, {len(checked.sites)} site(s).")
    for state in checked.languages.values():
        print(language_summary(state))
    return _disclosures(project, checked, args.notice_version) if args.disclosures else 0


def _init(project, args) -> int:
    import datetime as dt

    from .init import init

    root = Path(args.root).resolve() if getattr(args, "root", None) else Path.cwd()
    written, kept = init(root, args.domain, args.effective or dt.date.today())
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    for path in kept:
        if path.is_dir():
            print(f"kept {path.relative_to(root)}/ (it holds a notice already: init adds nothing to it)")
        else:
            print(f"kept {path.relative_to(root)} (it was there already)")
    if not written:
        print("\nNothing to write: every file init writes is here already.")
    elif any(path.is_dir() for path in kept):
        print("\nNext: review the files init wrote (`noticegen check` lists any FILL IN left), then commit them.")
    else:
        print("\nNext: fill in every FILL IN (`noticegen check` lists them), write the sections in notices/ "
              "(or `noticegen import OLD-NOTICE --force`), preview with `noticegen serve`, then commit.")
    return 0


def _disclosures(project, checked, version) -> int:
    from .freshness import reference_date
    from .disclosures import evaluate, load_checklists
    from .history import site_history
    from .pages import site_text
    from .problems import Problem

    checklists = load_checklists(project.notices)
    known = [v.version for v in checked.history.versions]
    if version and version not in known:
        raise UsageError(f"there is no version {version} (versions: {', '.join(known)})")
    missing, unchecked = 0, []
    covered = sorted({region for checklist in checklists for region in checklist.regions})
    for site in checked.sites:
        if version:
            entry = next((e for e in site_history(checked.history, site) if e.version.version == version), None)
            if entry is None:
                print(f"\n{site.domain}: not in version {version}")
                continue
            text = entry.text
        else:
            text = site_text(checked.notice, site)
        findings = evaluate(text, checklists, reference_date(checked))
        laws = sorted({f.law for f in findings if f.law})
        counts = {status: sum(1 for f in findings if f.status == status)
                  for status in ("declared", "found", "missing", "not-applicable")}
        if not laws:
            # Nothing was checked: a count of 0 missing would read as an all-clear.
            unchecked.append(site.domain)
            what = (f"has regions {', '.join(site.regions)}, none of which has" if site.regions
                    else "has no `regions:`, so")
            print(f"\n{site.domain} (version {text.notice.meta.version}; not checked):\n  "
                  + Problem(site.path, site.line, f"site {site.domain} {what} no disclosure checklist applies and "
                            "nothing was checked", "add the regions whose law it is published under, e.g. "
                            f"regions: [eu] for the GDPR; checklists exist for {', '.join(covered)}").format())
            continue
        print(f"\n{site.domain} (version {text.notice.meta.version}; {', '.join(laws)}):"
              f" {counts['declared']} declared, {counts['found']} found by keywords, {counts['missing']} missing")
        for finding in findings:
            if finding.status == "missing":
                print(f"  missing  {finding.law} {finding.item}: {finding.message}")
        for finding in findings:
            if finding.status == "found":
                print(f"  found?   {finding.law} {finding.item}: {finding.message}")
        for finding in findings:
            if finding.status == "style":
                print(f"  style    {finding.item}: {finding.message}")
        missing += counts["missing"]
    checked_sites = len(checked.sites) - len(unchecked)
    if not unchecked:
        print(f"\n{missing} required disclosure{'s' if missing != 1 else ''} missing.")
    else:
        print(f"\nNot an all-clear: {len(unchecked)} site{'s' if len(unchecked) != 1 else ''} not checked (no checklist "
              f"applies to {', '.join(unchecked)}); {missing} required disclosure{'s' if missing != 1 else ''} missing "
              f"in the {checked_sites} site{'s' if checked_sites != 1 else ''} checked.")
    return 1 if missing or unchecked else 0


def language_summary(state) -> str:
    """One line per site and language: what is current, stale or missing."""
    from .translations import CURRENT, MISSING

    total = len(state.texts)
    line = f"{state.domain} {state.language}: {state.count(CURRENT)} of {total} texts translated and current"
    noted, blocking = state.noted(), state.blocking()
    for label, pieces in (("stale (minor, published with a note)", [t for t in noted if not t.significant]),
                          ("published with a note", [t for t in noted if t.significant]),
                          ("blocking", blocking)):
        if pieces:
            line += f"; {label}: " + ", ".join(t.id + (" (missing)" if t.state == MISSING else "") for t in pieces)
    return line


def print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)


def _build(project, args) -> int:
    from .build import build

    # A progress line per site in a terminal; quiet in CI and in pipes.
    show = sys.stderr.isatty() and not os.environ.get("CI")
    progress = (lambda line: print(line, file=sys.stderr)) if show else None
    result = build(project, args.site, Path(args.out) if args.out else None, args.jobs, progress,
                   history=args.history, today=args.today, pdfs=False if args.no_pdf else None)
    print_warnings(result.warnings)
    for domain in result.built:
        print(f"built {result.out / domain}")
    for domain in result.unchanged:
        print(f"unchanged {result.out / domain}")
    return 0


def _publish(project, args) -> int:
    from .publish import publish

    cache.use(project.cache_dir)  # the diffs and assessments of the last build
    outcomes = publish(project, args.site, rollback=args.rollback, history=args.history, today=args.today,
                       allow_older=args.allow_older)
    for outcome in outcomes:
        print(f"{outcome.domain}: {outcome.message}")
    return 0


def _nginx(project, args) -> int:
    from .selection import select_sites
    from .check import check
    from .webserver import server_blocks

    checked = check(project, args.history)
    print(server_blocks(project, select_sites(checked.sites, args.site), args.listen), end="")
    return 0


def _one_site(checked, domain):
    from .selection import select_sites

    return select_sites(checked.sites, [domain] if domain else None)[0]


def _history(project, args) -> int:
    import json

    from .history import site_history
    from .significance import assess_versions
    from .undecided import DECIDE, MUST_DECIDE, unsure_sections

    checked = check_or_exit(project, args, stale_blocks=False)
    site = _one_site(checked, args.site)
    history = site_history(checked.history, site)
    assessments = assess_versions(history, checked.vocabulary, {})
    entries = [{
        "version": e.version.version, "effective": e.version.effective.isoformat(),
        "summary": e.version.summary, **assessments[e.version.version].to_json(),
        # the sections an author must read, and what to do while nothing is declared
        "unsure_sections": unsure_sections(assessments[e.version.version]),
        "to_decide": DECIDE if assessments[e.version.version].undecided else None,
        "commit": e.version.commit,
        "author": e.version.author or None, "committed": e.version.committed or None,
        "published": e.version.published or None,
        "backdated": e.version.backdated, "changed_on_site": e.changed,
        "fingerprint": f"sha256:{e.fingerprint}",
    } for e in reversed(history)]
    if args.format == "json":
        print(json.dumps({"site": site.domain, "versions": entries}, indent=2, ensure_ascii=False))
        return 0
    print(f"{site.domain}: {len(entries)} version{'s' if len(entries) != 1 else ''}, newest first")
    for entry in entries:
        commit = (entry["commit"] or "uncommitted")[:10]
        notes = [note for flag, note in ((entry["significant"], "significant"), (entry["undecided"], "unsure: to decide"),
                                         (entry["backdated"], "backdated"),
                                         (not entry["changed_on_site"], "no change on this site")) if flag]
        print(f"{entry['version']:>8}  {entry['effective']}  {commit:<11} {entry['summary']}"
              + (f" [{', '.join(notes)}]" if notes else ""))
        for section in entry["unsure_sections"] if entry["undecided"] else ():
            words = section["words"].replace("“", "'").replace("”", "'")
            print(f"          unsure: {section['title']} ({words}): {MUST_DECIDE}: {DECIDE}")
    return 0


def _diff(project, args) -> int:
    import json

    from .diff import diff_notices, ops_html, to_json, to_text
    from .significance import assess
    from .sources import describe, open_source

    checked = check_or_exit(project, args, stale_blocks=False)
    site = _one_site(checked, args.site)
    sources = [open_source(spec, project, checked, site) for spec in (args.old, args.new)]
    old, new = (source.text_for(site) for source in sources)
    sides = (describe(sources[0], old, project, checked), describe(sources[1], new, project, checked))

    result = diff_notices(old, new)
    verdict = assess(result, checked.vocabulary)
    if args.format == "json":
        data = to_json(result)
        data["from"], data["to"] = {**data["from"], "side": sides[0]}, {**data["to"], "side": sides[1]}
        data = {**data, "significant": verdict.significant, "unsure": verdict.unsure,
                "reasons": [reason.to_json() for reason in verdict.reasons]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "html":
        import html

        def unsure(section) -> str:  # the rewordings an author must read, quoted
            return "".join(f"\n<p class=\"unsure\">{html.escape(reason.describe())}</p>" for reason in verdict.reasons
                           if reason.unsure and section.id in (reason.section, reason.old_section))

        print("\n".join(f"<section id=\"change-{s.id}\"><h2>{html.escape(s.title)} ({s.kind})</h2>\n"
                        f"{ops_html(s.reading_ops)}{unsure(s)}</section>" for s in result.changed))
    else:
        print(to_text(result, sides), end="")
        if verdict.unsure:
            print(f"\n{UNSURE_VERDICT}:")
        else:
            print(f"\n{'Significant' if verdict.significant else 'Minor'} change" + (":" if verdict.reasons else "."))
        for reason in verdict.reasons:
            print(f"  - {reason.describe()}")
    return 0


UNSURE_VERDICT = ("Unsure: reworded in words noticegen cannot judge. It counts as a significant change until an "
                  "author reads it and declares significant: true or false in notices/notice.yml")


def _review(project, args) -> int:
    from .review import render, review

    cache.use(project.cache_dir)  # the diffs and assessments of the last build
    result = review(project, args.base, args.head, args.site, args.history,
                    Path(args.docx) if args.docx else None)
    report = render(result)
    if args.output:
        from . import atomic

        target = Path(args.output)
        atomic.write_output(target, report.encode("utf-8"))
        print(f"wrote {target}", file=sys.stderr)
    else:
        print(report, end="")
    return result.exit_code


def _comment(project, args) -> int:
    from .errors import CommentError
    from .pr_comment import StaleReport, post_report
    from .sourcefile import SourceError, read_text

    if args.artifact is not None:
        # From the job that never runs the pull request's code: what the pull request's run left is data,
        # and the pull request it names is posted to only while that pull request's head is the commit
        # the run was for (from the event, which the pull request cannot forge).
        if args.report is not None or args.pull_request is not None or not args.head_sha:
            raise UsageError("--artifact DIR takes --head-sha SHA and neither FILE nor --pull-request (the "
                             "artefact names its pull request)")
        from .review_artifact import read_artifact

        pull_request, text = read_artifact(Path(args.artifact))
    else:
        if args.report is None or args.pull_request is None:
            raise UsageError("noticegen comment needs FILE and --pull-request N, or --artifact DIR and --head-sha SHA")
        pull_request, report = args.pull_request, Path(args.report)
        if not report.exists() and not report.is_symlink():
            raise CommentError(f"{report}: no such file (noticegen review --output {report} writes it); "
                               "nothing was posted")
        try:
            text = read_text(report, report.parent)
        except SourceError as exc:
            raise CommentError(f"{exc}; nothing was posted") from None
    try:
        done, address = post_report(text, pull_request, author=args.author, head_sha=args.head_sha)
    except StaleReport as stale:  # an older push's report: said, and the job stays green
        print(f"noticegen: {stale}")
        return 0
    print(f"{done} the review comment on pull request {pull_request}" + (f": {address}" if address else ""))
    return 0


def check_or_exit(project, args, stale_blocks: bool = True):
    """`stale_blocks=False` for commands that read (diff, history): a stale
    translation is said, and only stops what publishes."""
    from .check import check

    # The assessments a build stored: `history` of GitHub's 17 versions spent 11 of its 13 s making
    # every one again (as check itself assesses every version).
    cache.use(project.cache_dir)
    checked = check(project, args.history, stale_blocks)
    print_warnings(checked.warnings)
    return checked


def _pull_request(text: str) -> int:
    # int() takes "-5", "0", " 7", "1_0" and other scripts' digits ("\u0663" is 3): none names a pull request
    if not (text.isascii() and text.isdigit() and text[0] != "0"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a pull request's number (1, 2, 3 ...; in a workflow, "
                                         "${{ github.event.number }} on a pull_request event)")
    return int(text)


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _notify(project, args) -> int:
    from .notify import Ledger, prepare, send
    from .webhooks import shown_url

    cache.use(project.cache_dir)  # the diffs and assessments of the last build
    checked = check_or_exit(project, args)
    site = _one_site(checked, args.site)
    mailing = prepare(project, checked, site, args.notice_version, Path(args.recipients), today=args.today)
    if not args.send:
        count = mailing.validate()
        print(f"Dry run: would send {count} email(s) for version {args.notice_version} of "
              f"{site.domain}{' and post to ' + shown_url(site.webhook.url) if site.webhook else ''}. Use --send to send.")
        shown = 20
        for number, recipient in enumerate(mailing.recipients()):
            if number == shown:
                print(f"  ... and {count - shown} more")
                break
            print(f"  to {recipient['email']}: {mailing.subject(recipient)}")
        first = next(iter(mailing.recipients()), None)
        if first:
            print("\nFirst message:\n" + mailing.message(first).get_body(("plain",)).get_content())
        return 0
    ledger = Ledger(Path(args.ledger) if args.ledger else project.root / ".noticegen" / "notify-ledger.jsonl")
    outcome = send(mailing, ledger, args.resend_in_doubt)
    for note in ledger.notes:
        print(f"note: {note}")
    print(f"sent {len(outcome.sent)}, already sent before {len(outcome.skipped)}")
    for recipient, detail in outcome.refused:
        print(f"noticegen: refused {recipient}: {detail}", file=sys.stderr)
    for recipient in outcome.in_doubt:
        print(f"noticegen: in doubt {recipient}: a send began but did not finish (an interrupted run, or no "
              "answer in time); check the server's log, then rerun with --resend-in-doubt if it never arrived",
              file=sys.stderr)
    return 0 if outcome.ok else 1


def _first_domain(notices: Path) -> str | None:
    """The first site of the notice an import replaces, which --force keeps."""
    from .sites import SITES_FILE, read_sites

    if not (notices / SITES_FILE).is_file():
        return None
    sites, _ = read_sites(notices)
    return sites[0].domain if sites else None


def _import(project, args) -> int:
    from .importer import (ImportError_, hidden_note, keep_site_settings, nested_note, parse, relinked_note,
                           replay_history, set_aside, write)

    args.domain = args.domain or _first_domain(project.notices) or "www.example.com"
    if args.history_repo:
        replayed = replay_history(project.root, project.notices, Path(args.history_repo), args.file, args.domain,
                                  args.force, args.links_from)
        for note in replayed.notes:
            print(f"note: {note}")
        for version, effective, sha in replayed.versions:
            print(f"version {version}: effective {effective}, from {sha[:10]}")
        print(f"{len(replayed.versions)} versions committed from {replayed.states} states of {args.file}. "
              "Next: noticegen check (it lists what to fill in), then noticegen history")
        return 0
    imported = parse(Path(args.file), args.domain, args.links_from)
    effective = args.effective or imported.effective
    if effective is None:
        raise ImportError_(f"{args.file}: no effective date found in the text: pass --effective YYYY-MM-DD")
    notes: list[str] = []
    if args.force:
        kept = set_aside(project.notices, project.root / ".noticegen" / "replaced")
        if kept:
            print(f"the notice that was in notices/ is kept in {kept}")
            project.notices.mkdir(parents=True)
            notes = keep_site_settings(kept, project.notices, {section_id for section_id, _, _ in imported.sections},
                                       args.domain)
    written = write(imported, project.notices, args.notice_version, effective, args.summary,
                    args.domain, args.force, published=(effective, "assumed by noticegen import: its effective date"))
    notes.append(f"version {args.notice_version} took effect on {effective}, before it is committed here: "
                 f"notices/notice.yml says it was first published then (published: {effective}); correct that "
                 "line if it was published on another date")
    for path in written:
        print(f"wrote {path.relative_to(project.root) if path.is_relative_to(project.root) else path}")
    for name, value in imported.variables.items():
        shown = value.replace(chr(10), " / ")
        print(f"variable {{{{ {name} }}}} = {shown}")
    if imported.dropped_links:
        print(f"{len(imported.dropped_links)} link(s) to headings the old page had became plain text: "
              + ", ".join(f"#{a}" for a in imported.dropped_links[:5]))
    if not args.links_from and (relative := relinked_note(imported, args.domain)):
        notes.append(relative)
    for note in notes:
        print(f"note: {note}")
    if nested := nested_note(imported):
        print(f"note: {nested}")
    if hidden := hidden_note(imported.hidden):
        print(f"note: {hidden}")
    print(f"{len(imported.sections)} sections, effective {effective}. Next: noticegen check")
    return 0


def _release(project, args) -> int:
    from .release import TranslateNext, release

    done = f"notices/notice.yml now describes version {args.notice_version}, effective {args.effective}."
    try:
        checked = release(project, args.notice_version, args.effective, args.summary, args.declared,
                          args.override_reason)
    except TranslateNext as pending:
        print(done + " Next, translate its title and summary, then mark them current:")
        for problem in pending.problems:
            print(f"  {problem.format()}")
        print("Then review it all, and commit: git commit -am 'Version " + args.notice_version + "'")
        return 0
    print_warnings([w for w in checked.warnings if "uncommitted" not in w.message])
    print(done + " Review it, then commit: git commit -am 'Version " + args.notice_version + "'")
    return 0


def _translate(project, args) -> int:
    from .problems import display_path
    from .translations import mark_current, start

    if args.start:
        written, kept = start(project, args.language, args.sections)
        for path in written:
            print(f"wrote {display_path(path)}")
        for path in kept:
            print(f"kept {display_path(path)} (it was there already)")
        print(f"Next: translate each FILL IN into {args.language}, then noticegen check.")
        return 0
    changed = mark_current(project, args.language, args.sections)
    for path, old, new in changed:
        print(f"{display_path(path)}: translates {new[:19]}… (was {old[:19] + '…' if old else 'not recorded'})")
    if not changed:
        print(f"every {args.language} translation already names today's source text")
    return 0


def _web_address(text: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is not a web address (like https://example.com/privacy/)")
    return text


def _host_or_address(host: str) -> bool:
    """An IP address, or localhost: what MkDocs' dev_addr takes (999.1.1.1
    or another host name made it abort, leaving a temporary folder)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _serve(project, args) -> int:
    import re

    from .serve import serve

    address = re.match(r"^(?:\[([0-9A-Fa-f:]+)\]|([A-Za-z0-9.-]+)):([0-9]{1,5})$", args.dev_addr)
    if not address or not 0 < int(address.group(3)) < 65536 or not _host_or_address(address.group(1) or address.group(2)):
        raise UsageError(f"--dev-addr {args.dev_addr!r} is not ADDRESS:PORT, an IP address or localhost "
                         "(for example 127.0.0.1:8000)")
    return serve(project, args.site, args.dev_addr, args.history, args.language)


def run() -> None:
    """The `noticegen` command: main(), then exit without the interpreter's
    teardown of everything the run built up (a tenth of a second after a
    build). Every file is closed and every worker has exited by then."""
    code = main()
    try:
        if sys.stdout is not None:  # None when the command was started with stdout closed
            sys.stdout.flush()
    except BrokenPipeError:
        code = _reader_gone()
    if sys.stderr is not None:
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
