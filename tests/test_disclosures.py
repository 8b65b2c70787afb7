"""check --disclosures: what each law requires a notice to say, per site."""
from conftest import REPO, run
from test_history import edit

CORPORATE = "www.compucom.com"


def test_the_2013_statement_lacks_what_todays_gdpr_requires():
    result = run("check", "--disclosures", "--version", "1", cwd=REPO)
    assert result.code == 1
    corporate = result.out.split(f"{CORPORATE} (version 1")[1].split("\n\n")[0]
    for item in ("legal-basis", "retention", "right-restriction", "right-portability", "right-object",
                 "withdraw-consent", "complaint-authority"):
        assert f"missing  GDPR {item}:" in corporate
    assert "missing  GDPR transfers" not in corporate  # Safe Harbor was named: found, to be declared
    assert "found?   GDPR transfers" in corporate


def test_declared_items_count_and_missing_ones_are_listed_with_their_source(project):
    sections = project / "notices"
    text = (sections / "065-your-rights.md").read_text()
    (sections / "065-your-rights.md").write_text(text.replace(", complaint-authority]", "]"))
    edit(project, "065-your-rights.md", "supervisory authority", "regulator")
    edit(project, "130-dispute-resolution.md", "supervisory authority", "regulator")
    result = run("check", "--disclosures", cwd=project)
    assert result.code == 1
    assert ("missing  GDPR complaint-authority: Right to lodge a complaint with a supervisory authority "
            "(GDPR Art. 13(2)(d))") in result.out


def test_style_rules(project):
    edit(project, "110-changes.md", "If CompuCom changes this privacy statement,",
         "Please check this page regularly. If CompuCom changes this privacy statement,")
    edit(project, "020-security.md", "extensive precautions", "extensive precautions (write to security@compucom.com)")
    result = run("check", "--disclosures", cwd=project)
    assert "“check this page regularly”: asking readers to check the notice" in result.out
    assert "writes out security@compucom.com, which is not one of this site's contact addresses" in result.out
    assert "CCPA/CPRA wants the notice reviewed" in result.out  # last updated 2023, today 2026


def test_covers_must_name_known_items(project):
    path = project / "notices" / "075-retention.md"
    path.write_text(path.read_text().replace("covers: [retention]", "covers: [retension]"))
    result = run("check", cwd=project)
    assert result.code == 1 and "`covers` names 'retension', which no disclosure checklist has" in result.err


def test_a_team_can_add_a_checklist(project):
    folder = project / "notices" / "disclosures"
    folder.mkdir()
    (folder / "california-extra.yml").write_text("law: CCPA\nregions: [us]\nitems:\n  - id: shine-the-light\n"
                                     "    label: Shine the Light disclosure\n    source: Cal. Civ. Code 1798.83\n"
                                     "    keywords: [shine the light]\n")
    result = run("check", "--disclosures", cwd=project)
    assert "missing  CCPA shine-the-light: Shine the Light disclosure (Cal. Civ. Code 1798.83)" in result.out


def test_the_canadian_site_is_held_to_pipeda(project):
    result = run("check", "--disclosures", cwd=project)
    canada = result.out.split("www.compucom.ca (version 5; PIPEDA): ")[1].split("\n\n")[0]
    assert canada.startswith("7 declared, 3 found by keywords, 0 missing")
    path = project / "notices" / "065-your-rights.md"
    path.write_text(path.read_text().replace(", complaint-authority]", "]"))
    result = run("check", "--disclosures", cwd=project)
    canada = result.out.split("www.compucom.ca (version 5; PIPEDA): ")[1].split("\n\n")[0]
    # Found in the Canadian site's own Contact Us, which names the Privacy Commissioner of Canada.
    assert ("found?   PIPEDA complaint-authority: How to challenge compliance, and that a complaint may be made "
            "to the Privacy Commissioner of Canada: perhaps in “Contact Us”") in canada


def test_a_site_without_regions_is_not_an_all_clear(project):
    """A site with no `regions:` is held to no checklist: "0 required
    disclosures missing" read as an all-clear for a site nothing was checked
    for. It is a problem on the site's line in sites.yml, with the fix."""
    sites = project / "notices" / "sites.yml"
    text = sites.read_text()
    head, _, tail = text.rpartition("    regions: [us, eu, ch]\n")
    sites.write_text(head + tail)
    line = (head + tail).split("\n").index("  - domain: careers.compucom.com") + 1
    result = run("check", "--disclosures", cwd=project)
    assert result.code == 1
    careers = result.out.split("careers.compucom.com (version 5")[1].split("\n\n")[0]
    assert ("notices/sites.yml:%d: site careers.compucom.com has no `regions:`, so no disclosure checklist applies "
            "and nothing was checked (add the regions whose law it is published under, e.g. regions: [eu] "
            "for the GDPR; checklists exist for ca, ch, eea, eu, uk, us, us-ca)" % line) in careers
    assert result.out.rstrip().split("\n")[-1] == (
        "Not an all-clear: 1 site not checked (no checklist applies to careers.compucom.com); "
        "0 required disclosures missing in the 2 sites checked.")
