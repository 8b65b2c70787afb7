"""A third outcome: a rewording in words the detector cannot judge (no
practice term, no guarded word) is unsure. It is never minor by itself:
`check` and `release` stop until an author declares the version, and every
output counts it significant meanwhile."""
import json

import pytest

from conftest import git, run
from test_history import edit, history_json, release, set_meta
from test_significant_versions import SHARING, add_keys

from generator.significance import assess_text, load_vocabulary

BELIEVE = "if we believe a governmental agency should be notified."
THINK = "if we think a governmental agency should be notified."
UNSURE_LINE = ("section 'sharing' is reworded in words noticegen cannot judge ('believe' → 'think'): read it, then "
               "declare significant: true, or significant: false with override_reason, in notices/notice.yml "
               "(or noticegen release --minor --override-reason \"...\")")
OPENING = "Upon discovery of fraudulent activity or other deceptive practices "


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def test_a_word_exchanged_for_one_naming_no_practice_is_unsure(vocabulary):
    reasons = assess_text(OPENING + BELIEVE, OPENING + THINK, vocabulary)
    assert [(r.rule, r.unsure) for r in reasons] == [("words no safe edit explains", True)]
    assert reasons[0].describe() == ": reworded in words the detector cannot judge: “believe” → “think”"


@pytest.mark.parametrize("new", [
    "if we think a law enforcement agency should be notified.",  # a party
    "if we sometimes think a governmental agency should be notified.",  # a qualifier
    "if we think a governmental agency must be notified.",  # a modal exchanged
    "if we believe and suspect a governmental agency should be notified.",  # words added say something new
    "if we think Interpol should be notified.",  # a name
    "if we think a governmental agency should be notified within 30 days.",  # a number
])
def test_the_same_rewording_with_a_practice_term_or_guarded_word_is_significant(vocabulary, new):
    reasons = assess_text(OPENING + BELIEVE, OPENING + new, vocabulary)
    assert reasons and not all(r.unsure for r in reasons), [r.describe() for r in reasons]


def test_a_word_exchanged_next_to_a_practice_term_is_judged(vocabulary):
    # "regional" -> "precise" qualifies the data collected: never unsure
    reasons = assess_text("We collect regional geolocation data.", "We collect precise geolocation data.", vocabulary)
    assert reasons and not any(r.unsure for r in reasons)


CONTROLS = "{} controls the personal information you give us on this website."


@pytest.mark.parametrize("old, new", [
    ("CompuCom", "Initech"),  # a new name at the start of the sentence: who controls the data
    ("CompuCom", "Initech Holdings"),
    ("Acme", "Initech"),
])
def test_a_name_exchanged_at_the_start_of_a_sentence_is_significant(vocabulary, old, new):
    reasons = assess_text(CONTROLS.format(old), CONTROLS.format(new), vocabulary)
    assert reasons and not any(r.unsure for r in reasons), [r.describe() for r in reasons]


def test_an_ordinary_word_exchanged_at_the_start_of_a_sentence_is_still_unsure(vocabulary):
    # the notice writes "believe" and "trust" in lower case: ordinary words, not names, wherever they stand
    old = "We do not sell it. Believe us, a governmental agency should be notified. We believe and trust it."
    new = "We do not sell it. Trust us, a governmental agency should be notified. We believe and trust it."
    reasons = assess_text(old, new, vocabulary)
    assert [r.unsure for r in reasons] == [True], [r.describe() for r in reasons]


def test_a_greeting_exchanged_is_no_name(vocabulary):
    # "Howdy" / "Hello": written only at the start of a sentence, yet no one's name
    reasons = assess_text("Howdy, folks. We do not sell it.", "Hello, people. We do not sell it.", vocabulary)
    assert [r.unsure for r in reasons] == [True], [r.describe() for r in reasons]


@pytest.mark.parametrize("old, new", [
    ("To verify you are human, the form checks how you move through the page.",
     "To verify you are human, the form checks your keystroke timing."),
    ("Our support team answers your questions.", "Our support team answers your phone number."),
    ("We look at the name of your team to set up the account.",
     "We look at the email address of your team to set up the account."),
])
def test_a_kind_of_data_exchanged_for_other_words_is_judged_not_unsure(vocabulary, old, new):
    # kinds of data are vocabulary (generator/data/significance.yml): a new one is a change of what is collected
    reasons = assess_text(old, new, vocabulary)
    assert [(r.unsure, r.category) for r in reasons] == [(False, "data-categories")], [r.describe() for r in reasons]


@pytest.mark.parametrize("new", ["the prompts you write", "your trade union membership", "your citizenship"])
def test_kinds_of_data_from_the_law_and_the_corpus_are_data(vocabulary, new):
    # GDPR Art. 9, CCPA 1798.140: named as data collected, not as "how long it is kept" or "rights"
    reasons = assess_text("The assistant keeps the summaries you read.", f"The assistant keeps {new}.", vocabulary)
    assert [r.category for r in reasons] == ["data-categories"], [r.describe() for r in reasons]


def unsure_version(project):
    edit(project, SHARING, BELIEVE, THINK)
    release(project, "6", "2030-01-01", "Plainer words.")


def line_of(project, words):
    lines = (project / "notices" / SHARING).read_text().split("\n")
    return next(number for number, line in enumerate(lines, 1) if words in line)


def test_check_stops_on_an_undecided_rewording_with_one_line(project):
    unsure_version(project)
    refused = run("check", cwd=project)
    assert refused.code == 1
    assert f"notices/{SHARING}:{line_of(project, THINK)}: {UNSURE_LINE}" in refused.err
    assert "Traceback" not in refused.err


@pytest.mark.parametrize("declared", ["significant: true\n", 'significant: false\noverride_reason: "Same meaning."\n'])
def test_a_declaration_decides_the_rewording(project, declared):
    unsure_version(project)
    add_keys(project, declared)
    git(project, "commit", "-qam", "Decided")
    checked = run("check", cwd=project)
    assert checked.code == 0, checked.err
    assert "cannot judge" not in checked.err
    version = history_json(project)["versions"][0]
    assert version["unsure"] is True and version["undecided"] is False
    assert version["significant"] is declared.startswith("significant: true")


def test_declared_minor_without_a_reason_is_refused_as_before(project):
    unsure_version(project)
    add_keys(project, "significant: false\n")
    git(project, "commit", "-qam", "Minor")
    refused = run("check", cwd=project)
    assert refused.code == 1 and "set significant: true, or explain in override_reason" in refused.err
    assert "reworded in words the detector cannot judge: “believe” → “think”" in refused.err
    assert UNSURE_LINE not in refused.err


def test_release_stops_until_the_author_decides(project):
    edit(project, SHARING, BELIEVE, THINK)
    notice = (project / "notices" / "notice.yml").read_text()
    refused = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "Plainer words.", cwd=project)
    assert refused.code == 1 and UNSURE_LINE in refused.err
    assert (project / "notices" / "notice.yml").read_text() == notice  # put back as it was
    done = run("release", "--version", "6", "--effective", "2030-01-01", "--summary", "Plainer words.",
               "--minor", "--override-reason", "Same meaning.", cwd=project)
    assert done.code == 0, done.err
    git(project, "commit", "-qam", "Version 6")
    assert run("check", cwd=project).code == 0
    assert history_json(project)["versions"][0]["significant"] is False


def test_an_undecided_version_is_built_as_significant(project):
    unsure_version(project)
    built = run("build", cwd=project)
    assert built.code == 0, built.err
    assert UNSURE_LINE in built.err  # said, and counted significant meanwhile
    site = project / "site" / "www.compucom.com"
    listed = json.loads((site / "versions.json").read_text())["versions"][0]
    assert listed["version"] == "6" and listed["significant"] is True
    assert "This is a significant change." in (site / "changes" / "5..6" / "index.html").read_text()
    assert "<strong>Significant change</strong>" in (site / "history" / "index.html").read_text()


def test_authors_see_unsure_in_diff_and_history(project):
    unsure_version(project)
    data = json.loads(run("diff", "5", "6", "--format", "json", cwd=project).out)
    assert data["significant"] is True and data["unsure"] is True
    assert [(r["section"], r["unsure"], r["added"] if "added" in r else None) for r in data["reasons"]] == \
        [("sharing", True, None)]
    text = run("diff", "5", "6", cwd=project).out
    assert "Unsure: reworded in words noticegen cannot judge" in text
    assert "reworded in words the detector cannot judge: “believe” → “think”" in text
    html = run("diff", "5", "6", "--format", "html", cwd=project).out
    assert '<p class="unsure">Sharing of Your Personal Information: reworded in words the detector cannot judge: ' \
        "“believe” → “think”</p>" in html
    version = history_json(project)["versions"][0]
    assert version["significant"] is True and version["detected"] is True
    assert version["unsure"] is True and version["undecided"] is True and version["declared"] is None
    assert version["reasons"][0]["unsure"] is True
    assert "[significant, unsure: to decide]" in run("history", cwd=project).out


def test_the_preview_note_quotes_the_words(project):
    from generator.check import check
    from generator.project import Project
    from generator.serve import draft_page

    edit(project, SHARING, BELIEVE, THINK)
    set_meta(project, "6", "2030-01-01", "Plainer words.")
    checked = check(Project(project), stale_blocks=False)
    page = draft_page(checked, checked.sites[0], Project(project))
    assert "**Reworded in words noticegen cannot judge**" in page
    assert "“believe” → “think”" in page


def test_history_says_which_sections_are_unsure_and_what_to_do(project):
    unsure_version(project)
    version = history_json(project)["versions"][0]
    assert version["unsure_sections"] == [{"section": "sharing", "title": "Sharing of Your Personal Information",
                                           "words": "“believe” → “think”"}]
    assert version["to_decide"].startswith("read it, then declare significant: true")
    assert history_json(project)["versions"][1]["unsure_sections"] == []
    assert history_json(project)["versions"][1]["to_decide"] is None
    text = run("history", cwd=project).out
    assert ("\n          unsure: Sharing of Your Personal Information ('believe' → 'think'): an author must decide: "
            "read it, then declare") in text
    add_keys(project, "significant: false\noverride_reason: \"Same meaning.\"\n")
    git(project, "commit", "-qam", "Decided")
    decided = history_json(project)["versions"][0]
    assert decided["unsure_sections"][0]["section"] == "sharing" and decided["to_decide"] is None
    assert "unsure:" not in run("history", cwd=project).out


def test_visitors_pages_never_say_unsure(project):
    unsure_version(project)
    assert run("build", cwd=project).code == 0
    site = project / "site" / "www.compucom.com"
    for page in ("changes/5..6/index.html", "history/index.html", "index.html", "feed.xml"):
        path = site / page
        assert path.is_file() or page == "feed.xml", page
        text = path.read_text().lower() if path.is_file() else ""
        assert "unsure" not in text and "cannot judge" not in text, page
        # no category the detector is not sure of ("Which services, products, places and people ...")
        assert "which services, products, places" not in text, page
