"""Significance across versions: declarations, overrides with reasons, notice
periods, and what pages and commands say about each version."""
import json

from conftest import REPO, git, run
from test_history import edit, history_json, release, set_meta

SHARING = "070-sharing.md"
NEGATION = ("CompuCom will not sell, rent or lease your personal information",
            "CompuCom may sell, rent or lease your personal information")


def add_keys(project, text):
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace("title:", text + "title:", 1))


def test_shipped_history_flags_the_significant_versions_and_not_the_minor_one():
    versions = history_json(REPO)["versions"]
    flags = {v["version"]: v["significant"] for v in versions}
    assert flags == {"5": True, "4": False, "3": True, "2": True, "1": False}
    reasons = {v["version"]: {r["category"] for r in v["reasons"]} for v in versions}
    assert "transfers" in reasons["2"]  # Safe Harbor -> Privacy Shield
    assert {"structure", "legal-basis", "rights"} <= reasons["3"]  # GDPR: new sections, bases, rights
    assert reasons["4"] == set()  # spelling only
    assert {"transfers", "structure"} <= reasons["5"]  # SCCs instead of Privacy Shield; California section


def test_detected_change_declared_minor_needs_a_written_reason(project):
    edit(project, SHARING, *NEGATION)
    add_keys(project, "significant: false\n")
    release(project, "6", "2030-01-01", "Wording.")
    refused = run("check", cwd=project)
    assert refused.code == 1
    assert "version 6 is declared minor (significant: false), but on www.compucom.com" in refused.err
    assert "“not”" in refused.err and "override_reason" in refused.err
    add_keys(project, 'override_reason: "Counsel confirmed we never sold data; the sentence is aligned with practice."\n')
    draft = run("check", cwd=project)  # the reason, not committed yet: a draft that passes
    assert draft.code == 0 and "uncommitted edits" in draft.err
    git(project, "commit", "-qam", "Reason")  # same version: metadata may be corrected
    assert run("check", cwd=project).code == 0
    version = history_json(project)["versions"][0]
    assert version["significant"] is False and version["detected"] is True
    assert version["override_reason"].startswith("Counsel confirmed")
    assert run("build", cwd=project).code == 0
    history = (project / "site" / "www.compucom.com" / "history" / "index.html").read_text()
    assert "declared minor by the authors: Counsel confirmed" in history


def test_authors_can_declare_a_change_significant(project):
    # "in order to" -> "to" keeps the meaning: the detector calls it minor
    edit(project, "020-security.md", "extensive precautions to protect", "extensive precautions in order to protect")
    add_keys(project, "significant: true\n")
    release(project, "6", "2030-01-01", "We call this significant.")
    version = history_json(project)["versions"][0]
    assert version["significant"] is True and version["detected"] is False and version["declared"] is True


def significant_with_notice_periods(project):
    """Notice periods of 30 days (60 for recipients) on www.compucom.com, then
    version 6, significant, effective 28 days after its commit."""
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("    publish: {directory: published/www.compucom.com, keep: 5}",
                                               "    publish: {directory: published/www.compucom.com, keep: 5}\n"
                                               "    notice_period: {default: 30, recipients: 60}"))
    git(project, "commit", "-qam", "Notice periods")
    edit(project, SHARING, *NEGATION)
    release(project, "6", "2026-03-01", "We may sell data.", date="2026-02-01T12:00:00+00:00")


def test_significant_change_needs_the_sites_notice_period(project):
    significant_with_notice_periods(project)
    too_soon = run("check", cwd=project)
    assert too_soon.code == 1
    assert "needs 60 days' notice: published 2026-02-01, it can take effect on 2026-04-02 at the earliest" in too_soon.err
    set_meta(project, "6", "2026-04-02", "We may sell data.")
    git(project, "commit", "-qam", "Later", date="2026-02-01T13:00:00+00:00")
    assert run("check", cwd=project).code == 0


def test_diff_json_and_pages_explain_the_verdict(project):
    edit(project, SHARING, *NEGATION)
    release(project, "6", "2030-01-01", "We may sell data.")
    data = json.loads(run("diff", "5", "6", "--format", "json", cwd=project).out)
    assert data["significant"] is True
    reason = data["reasons"][0]
    assert reason["section"] == "sharing" and reason["rule"] == "a negation or modal word changed"
    assert "not" in reason["words"] and reason["category"] == "recipients"
    text = run("diff", "5", "6", cwd=project).out
    assert "Significant change:" in text and "Sharing of Your Personal Information" in text
    assert run("build", cwd=project).code == 0
    site = project / "site" / "www.compucom.com"
    changes = (site / "changes" / "5..6" / "index.html").read_text()
    # visitors read a plain line and the category in their words, never the rule
    assert "This is a significant change." in changes and "who receives your information" in changes
    assert "Now says “may” where it said “will not”" in changes
    assert "noticegen" not in changes.split('class="notice-significance"')[1].split("</div>")[0]
    assert "a negation or modal word changed" not in changes
    assert "<strong>Significant change</strong>" in (site / "history" / "index.html").read_text()
    listed = json.loads((site / "versions.json").read_text())["versions"][0]
    assert listed["significant"] is True and listed["reasons"][0]["section"] == "sharing"
