"""Many sites from one source: variables, section selection, overrides,
all-or-nothing builds, the manifest, embeds, and skipping unchanged sites."""
import shutil
import hashlib
import json
import multiprocessing

from conftest import git, run
from html_scan import scan

CORPORATE, CANADA, CAREERS = "www.compucom.com", "www.compucom.ca", "careers.compucom.com"


def html(project, domain, name="index.html"):
    return (project / "site" / domain / name).read_text(encoding="utf-8")


def section_ids(project, domain):
    return [anchor for anchor, _ in scan(html(project, domain)).h2 if anchor != "contents"]


def test_each_site_shows_its_own_sections(built):
    corporate, canada, careers = (section_ids(built, d) for d in (CORPORATE, CANADA, CAREERS))
    assert "dispute-resolution" in corporate and "dispute-resolution" not in canada  # eu/ch only
    assert "job-applicants" in careers and "job-applicants" not in corporate + canada  # sites: [careers]
    assert "use-of-email-addresses" not in careers  # excluded by the careers site
    assert len(corporate) == 16


def test_each_site_fills_its_own_variables(built):
    assert "905-555-0142" in html(built, CANADA) and "972-856-3600" not in html(built, CANADA)
    assert "mailto:careers-privacy@compucom.com" in html(built, CAREERS)
    assert "mailto:Privacy@compucom.com" in html(built, CORPORATE)


def test_site_override_replaces_a_section_in_place(built):
    canada = html(built, CANADA)
    assert "Office of the Privacy Commissioner of Canada" in canada
    assert "1830 Matheson Boulevard<br>" in canada
    assert "7171 Forest Lane" not in canada
    ids = section_ids(built, CANADA)
    assert ids.index("contact-us") == len(ids) - 1  # keeps the place of the section it replaces
    assert "Office of the Privacy Commissioner" not in html(built, CORPORATE)


def test_each_site_names_its_canonical_url(built):
    for domain in (CORPORATE, CANADA, CAREERS):
        assert f'<link rel="canonical" href="https://{domain}/privacy/">' in html(built, domain)


def test_manifest_lists_every_file_with_its_hash(built):
    data = json.loads((built / "site" / "manifest.json").read_text())
    assert set(data["sites"]) == {CORPORATE, CANADA, CAREERS}
    for domain, entry in data["sites"].items():
        assert entry["version"] == "5" and entry["effective"] == "2023-01-01"
        files = {p.relative_to(built / "site" / domain).as_posix(): p
                 for p in (built / "site" / domain).rglob("*") if p.is_file()}
        assert set(entry["files"]) == set(files)
        for name, digest in entry["files"].items():
            assert hashlib.sha256(files[name].read_bytes()).hexdigest() == digest


def test_embeddable_fragment_and_json(built):
    data = json.loads(html(built, CAREERS, "notice.json"))
    assert data["version"] == "5" and data["effective"] == "2023-01-01"
    assert [s["id"] for s in data["sections"]] == section_ids(built, CAREERS)
    applicants = next(s for s in data["sections"] if s["id"] == "job-applicants")
    assert "careers-privacy@compucom.com" in applicants["text"]
    assert "<a href=\"mailto:careers-privacy@compucom.com\">" in applicants["html"]
    fragment = html(built, CAREERS, "embed.html")
    assert fragment.startswith('<section class="privacy-notice" lang="en" data-version="5"')
    assert 'id="privacy-notice-job-applicants"' in fragment and "<script" not in fragment


def test_one_failing_site_leaves_every_site_untouched(project):
    assert run("build", cwd=project).code == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    override = project / "notices/sites/www.compucom.ca/contact-us.md"
    override.write_text(override.read_text() + "\nSee [the form](#complaint-form).\n")
    other = project / "notices/020-security.md"
    other.write_text(other.read_text() + "\nAn edit every site shows.\n")
    result = run("build", cwd=project)
    assert result.code == 1
    assert CANADA in result.err and "complaint-form" in result.err
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_only_sites_whose_inputs_changed_are_rebuilt(project):
    assert run("build", cwd=project).code == 0
    index = project / "site" / CORPORATE / "index.html"
    inode = index.stat().st_ino
    again = run("build", cwd=project)
    assert again.code == 0 and "built" not in again.out.replace("unchanged", "")
    assert index.stat().st_ino == inode  # nothing was touched
    section = project / "notices" / "140-job-applicants.md"
    section.write_text(section.read_text().replace("12 months", "6 months"))
    edited = run("build", cwd=project)
    assert edited.code == 0
    assert f"built {project / 'site' / CAREERS}" in edited.out
    assert f"unchanged {project / 'site' / CORPORATE}" in edited.out
    assert "6 months" in html(project, CAREERS)


def test_a_build_that_changes_nothing_answers_without_checking_again(project, monkeypatch):
    import generator.check

    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nAn edit not yet committed.\n")  # gives a warning
    first = run("build", cwd=project)
    assert first.code == 0 and "uncommitted edits" in first.err

    def no_check(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(generator.check, "check", no_check)
    again = run("build", cwd=project)
    assert again.code == 0, again.err
    assert again.err == first.err  # the same warnings, told again
    assert again.out == first.out.replace("built", "unchanged")
    picked = run("build", "--site", CANADA, cwd=project)
    assert picked.code == 0 and picked.out == f"unchanged {project / 'site' / CANADA}\n"
    # Anything that may change a page takes the full way: a commit to notices/,
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "5"', 'version: "6"').replace(
        "effective: 2023-01-01", "effective: 2026-03-01").replace("summary: ", "summary: Security. "))
    git(project, "commit", "-qam", "Version 6")
    assert "checked again" in run("build", cwd=project).err
    monkeypatch.undo()
    assert run("build", cwd=project).code == 0
    monkeypatch.setattr(generator.check, "check", no_check)
    git(project, "commit", "-q", "--allow-empty", "-m", "Not about the notice")  # a commit elsewhere does not,
    assert run("build", cwd=project).code == 0
    # but a file of a site changed by hand, another date and a deleted cache do.
    (project / "site" / CORPORATE / "index.html").write_text("defaced")
    assert "checked again" in run("build", cwd=project).err
    assert "checked again" in run("build", "--today", "2030-01-01", cwd=project).err
    shutil.rmtree(project / ".noticegen")
    assert "checked again" in run("build", cwd=project).err
    monkeypatch.undo()
    assert run("build", cwd=project).code == 0 and "defaced" not in html(project, CORPORATE)
    # The files were as last built, so the workers started late: they are gone too.
    assert multiprocessing.active_children() == []


def test_site_subset_keeps_the_other_sites(project):
    assert run("build", cwd=project).code == 0
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nA subset edit.\n")
    result = run("build", "--site", CANADA, cwd=project)
    assert result.code == 0, result.err
    assert "A subset edit." in html(project, CANADA)
    assert "A subset edit." not in html(project, CORPORATE)  # not requested: kept as it was
    assert (project / "site" / CAREERS / "index.html").exists()


def test_bad_override_is_reported_with_file_and_line(project):
    folder = project / "notices/sites/www.compucom.ca"
    (folder / "extra.md").write_text("---\nid: no-such-section\ntitle: Extra\n---\nText {{ nope }}.\n")
    result = run("check", cwd=project)
    assert result.code == 1
    assert "notices/sites/www.compucom.ca/extra.md:2: override for unknown section 'no-such-section'" in result.err
    assert "notices/sites/www.compucom.ca/extra.md:5: unknown variable {{ nope }} on site www.compucom.ca" in result.err
