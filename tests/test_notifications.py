"""The notifications a significant version calls for, rendered at build time,
and what the pages show around its effective date."""
import json
import xml.etree.ElementTree as ElementTree

from conftest import run
from test_history import edit, release

SITE = "www.compucom.com"


def significant_release(project, effective="2030-01-01"):
    edit(project, "070-sharing.md", "CompuCom will not sell, rent or lease your personal information",
         "CompuCom may sell, rent or lease your personal information")
    release(project, "6", effective, "We may sell data.", date="2026-02-01T12:00:00+00:00")


def test_every_template_is_rendered_for_a_significant_version(project):
    significant_release(project)
    assert run("build", cwd=project).code == 0
    folder = project / "site" / "notifications" / SITE / "6"
    assert sorted(p.name for p in folder.iterdir()) == [
        "email.html", "email.txt", "email_subject.txt", "feed_entry.xml", "webhook.json"]
    assert "1 January 2030" in (folder / "email_subject.txt").read_text()
    assert "https://www.compucom.com/privacy/changes/5..6/" in (folder / "email.txt").read_text()
    assert "<img" not in (folder / "email.html").read_text()
    entry = ElementTree.fromstring((folder / "feed_entry.xml").read_text())
    assert entry.find("summary").text == "We may sell data."
    payload = json.loads((folder / "webhook.json").read_text())
    assert payload["version"] == "6" and payload["reasons"][0]["category"] == "recipients"
    assert not (project / "site" / "notifications" / SITE / "5").exists()  # the first version: no change
    assert not (project / "site" / SITE / "notifications").exists()  # never inside a published site


def test_a_version_past_its_announcement_is_not_rendered_again(project):
    significant_release(project, effective="2030-01-01")
    assert run("build", "--today", "2030-01-31", cwd=project).code == 0  # banner_days: 30
    assert (project / "site" / "notifications" / SITE / "6" / "email.txt").exists()
    assert run("build", "--today", "2030-02-01", cwd=project).code == 0
    assert not (project / "site" / "notifications" / SITE / "6").exists()


def test_template_output_is_escaped(project):
    significant_release(project)
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('summary: "We may sell data."', 'summary: "We <b>may</b> sell & share."'))
    from conftest import git

    git(project, "commit", "-qam", "Summary")
    assert run("build", cwd=project).code == 0
    folder = project / "site" / "notifications" / SITE / "6"
    assert "We &lt;b&gt;may&lt;/b&gt; sell &amp; share." in (folder / "email.html").read_text()
    assert "We <b>may</b> sell & share." in (folder / "email.txt").read_text()  # plain text stays plain
    ElementTree.fromstring((folder / "feed_entry.xml").read_text())


def test_banner_shows_from_publication_until_after_the_effective_date(project):
    significant_release(project, effective="2026-04-01")
    page = project / "site" / SITE / "index.html"
    assert run("build", "--today", "2026-02-15", cwd=project).code == 0
    html = page.read_text()
    assert "md-banner" in html and "changes on 1 April 2026" in html
    assert 'href="/privacy/changes/5..6/"' in html
    assert run("build", "--today", "2026-04-20", cwd=project).code == 0
    assert "changed on 1 April 2026" in page.read_text()
    assert run("build", "--today", "2026-06-01", cwd=project).code == 0  # 30 days after: gone
    assert "md-banner" not in page.read_text()


def test_until_it_takes_effect_the_page_shows_the_version_in_force(project):
    significant_release(project, effective="2026-04-01")
    assert run("build", "--today", "2026-02-15", cwd=project).code == 0
    html = (project / "site" / SITE / "index.html").read_text()
    assert "<strong>Version:</strong> 5" in html and "A new version takes effect on 1 April 2026" in html
    assert "CompuCom will not sell, rent or lease" in html
    assert run("build", "--today", "2026-04-01", cwd=project).code == 0
    html = (project / "site" / SITE / "index.html").read_text()
    assert "<strong>Version:</strong> 6" in html and "CompuCom may sell" in html
