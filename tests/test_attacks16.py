"""Attacks of session 16: what an outsider's input did to noticegen, one
test per hole found (each failed before its fix)."""
import json

from conftest import git, shared_path
from test_authoring import empty_project
from test_import_history import commit, imported_history, noticegen

BASECAMP = "basecamp-policies--privacy-policy"


def skewed_corpus_repository(folder, corpus, skewed: dict[int, str]):
    """A real notice's history, committed as it was, except that the states
    numbered in `skewed` carry a wrong commit date (a machine whose clock
    was wrong, a rebase that kept odd dates)."""
    index = json.loads((corpus / "index.json").read_text())["versions"]
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    path = None
    for number, entry in enumerate(index):
        if path and entry["file_path"] != path:
            (folder / entry["file_path"]).parent.mkdir(parents=True, exist_ok=True)
            git(folder, "mv", path, entry["file_path"])
        path = entry["file_path"]
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes((corpus / entry["file"]).read_bytes())
        date = skewed.get(number, entry["date"])
        commit(folder, entry["subject"] or "update", entry["author"], date, skewed.get(number, entry["author_date"]))
    return index, path


def test_a_source_commit_dated_out_of_order_never_dates_a_version_before_the_one_it_followed(tmp_path):
    """Basecamp's real history with one state's commit dated 2001 (years
    before the text it holds existed) and another's 2031, both in the middle:
    the version made from the first was recorded `published: 2001-01-01`,
    before the version it replaced, which on the history page reads as 19
    years' notice of a significant change; the second dated every version
    after it 2031 in the project's git. Each imported version is dated no
    earlier than the one before it, and the import says which it moved."""
    index, path = skewed_corpus_repository(tmp_path / "source", shared_path("corpus", BASECAMP),
                                           {23: "2001-01-01T12:00:00+00:00", 30: "2031-06-01T12:00:00+00:00"})
    project = empty_project(tmp_path / "project")
    result = noticegen(project, "import", path, "--history", str(tmp_path / "source"), "--domain", "example.com")
    assert result.returncode == 0, result.stderr
    versions = [v for v in imported_history(project).versions if v.commit]
    published = [v.published for v in versions]
    assert published == sorted(published), published
    assert "2001-01-01" not in published and "2031-06-01" not in published, published
    real = sorted(entry["date"][:10] for entry in index)
    assert all(real[0] <= day <= real[-1] for day in published), published
    committed = [v.committed[:10] for v in versions]
    assert committed == sorted(committed) and max(committed) < "2031", committed
    said = [line for line in result.stdout.splitlines() if "out of order" in line]
    assert len(said) == 1 and "2001-01-01" in said[0] and "2031-06-01" in said[0], result.stdout

