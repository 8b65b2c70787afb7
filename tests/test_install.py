"""A legal team's first hour: `noticegen init` in an empty folder, an old
notice imported over the skeleton, placeholders until they are filled in,
and the package installed from its wheel, outside this repository."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, cli_env, git, run
from generator import __version__

OLD_NOTICE = """# Acme Privacy Policy

Last updated: March 3, 2021

## What we collect

We collect your name and email address when you order from us.

## Who we share it with

We share your address with the couriers who deliver your order.

## Contact

Write to privacy@acme.example or to Acme Ltd, 1 High Street, Springfield, IL 62701.
"""


def fill_placeholders(root: Path) -> None:
    """What the legal team does after init or import."""
    for path in (root / "notices").rglob("*.yml"):
        text = path.read_text()
        text = re.sub(r"FILL IN: the (legal name of the company|company name)", "Acme Ltd", text)
        text = re.sub(r"FILL IN: (the|its) postal address[^\n\"]*", "1 High Street, Springfield", text)
        text = text.replace("FILL IN: the website name", "Acme")
        path.write_text(text.replace("fill-in@example.com", "privacy@acme.example"))
    for workflow in (root / ".github" / "workflows" / "privacy-notice.yml",
                     root / ".github" / "workflows" / "privacy-notice-comment.yml"):
        if workflow.exists():  # this noticegen runs from a folder CI cannot reach
            workflow.write_text(re.sub(r'FILL IN: where CI installs noticegen[^"]*', "noticegen==1.0",
                                       workflow.read_text()))


def test_init_writes_a_skeleton_that_check_holds_until_filled_in(tmp_path):
    (tmp_path / "README.md").write_text("our own readme")
    result = run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "kept README.md" in result.out and (tmp_path / "README.md").read_text() == "our own readme"
    for name in ("notices/notice.yml", "notices/sites.yml", "notices/010-who-we-are.md",
                 ".github/workflows/privacy-notice.yml", ".gitignore"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / ".git").is_dir()
    check = run("check", cwd=tmp_path)
    assert check.code == 1 and "notices/notice.yml:9: a placeholder is not filled in" in check.err
    assert "notices/sites.yml:" in check.err and "Traceback" not in check.err
    again = run("init", cwd=tmp_path)  # nothing missing: all kept, nothing overwritten
    assert again.code == 0 and "wrote" not in again.out and "kept notices/ (it holds a notice already" in again.out
    assert "Nothing to write" in again.out and "FILL IN: the company name" in (tmp_path / "notices/notice.yml").read_text()
    fill_placeholders(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    assert run("check", cwd=tmp_path).code == 0
    assert run("build", cwd=tmp_path).code == 0  # no mkdocs.yml, no theme/: the package's own
    page = (tmp_path / "site" / "www.acme.example" / "index.html").read_text()
    assert "Acme Ltd is responsible" in page and "noticegen.css" in page


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_in_an_existing_project_writes_only_what_is_missing(project):
    """A project made before init wrote the CI files (or by an import) gets
    them from init; its notice is left whole: no skeleton section joins it."""
    before = tree(project / "notices")
    (project / "README.md").write_text("our own readme")
    result = run("init", "--domain", "www.other.example", cwd=project)
    assert result.code == 0, result.err
    assert "wrote .github/workflows/privacy-notice.yml" in result.out
    assert "wrote .github/noticegen-constraints.txt" in result.out
    assert "kept notices/ (it holds a notice already: init adds nothing to it)" in result.out
    assert "kept README.md (it was there already)" in result.out and "kept .gitignore" in result.out
    assert tree(project / "notices") == before  # no 010-who-we-are.md, no www.other.example
    assert (project / "README.md").read_text() == "our own readme"
    assert (project / ".gitignore").read_text() == "/site/\n/.noticegen/\n/published/\n"
    assert git(project, "log", "--format=%s") == "Notice\n"  # the repository as it was
    workflow = project / ".github" / "workflows" / "privacy-notice.yml"
    workflow.write_text("# ours\n")
    again = run("init", cwd=project)
    assert again.code == 0 and "Nothing to write" in again.out, again.out
    assert workflow.read_text() == "# ours\n" and tree(project / "notices") == before


def test_init_never_writes_through_a_link_or_over_a_file_named_notices(tmp_path):
    outside = tmp_path / "outside.txt"
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(outside)  # dangling: exists() is False, writing would create outside.txt
    result = run("init", cwd=folder)
    assert result.code == 0 and "kept .gitignore" in result.out and not outside.exists(), result.out
    other = tmp_path / "other"
    other.mkdir()
    (other / "notices").write_text("not a folder")
    refused = run("init", cwd=other)
    assert refused.code == 1 and "notices is a file, where init writes the notices/ folder" in refused.err
    assert sorted(p.name for p in other.iterdir()) == ["notices"]  # nothing half-written


def test_init_refuses_a_folder_in_the_way_that_is_a_link_or_a_file(tmp_path):
    """A notices/ or .github/ linked out of the project was written through
    (the example notice landed in the other folder); a broken link or a file
    named .github made each file inside "kept (it was there already)" while
    none was written."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name, make in (("notices", lambda p: p.symlink_to(elsewhere)), (".github", lambda p: p.symlink_to(elsewhere)),
                       ("notices", lambda p: p.symlink_to(tmp_path / "missing")),
                       (".github", lambda p: p.write_text("not a folder"))):
        folder = tmp_path / f"project-{name}-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        make(folder / name)
        result = run("init", cwd=folder)
        assert result.code == 1 and result.err.count("\n") == 1, (name, result)
        assert f"{folder / name} is a " in result.err and "nothing was written" in result.err, result.err
        assert sorted(p.name for p in folder.iterdir()) == [name] and not list(elsewhere.iterdir())
    inside = tmp_path / "inside"
    (inside / "ci").mkdir(parents=True)
    (inside / ".github").symlink_to("ci")  # a link within the project is the project's own choice
    assert run("init", cwd=inside).code == 0 and (inside / "ci" / "workflows" / "privacy-notice.yml").is_file()


def test_init_writes_the_notice_into_a_folder_holding_only_a_gitkeep(tmp_path):
    """notices/.gitkeep (an empty folder kept in git) read as "it holds a notice
    already", and init wrote no notice at all."""
    (tmp_path / "notices").mkdir()
    (tmp_path / "notices" / ".gitkeep").write_text("")
    result = run("init", cwd=tmp_path)
    assert result.code == 0 and "wrote notices/notice.yml" in result.out, result.out
    assert "holds a notice already" not in result.out


def test_diff_of_a_draft_says_what_each_side_is(tmp_path):
    """Both sides of `diff HEAD notices` carry version 1 while it is a draft:
    the header names the commit and the working tree, not "version 1 -> version 1"."""
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    early = run("diff", "HEAD", "notices", cwd=tmp_path)
    assert early.code == 2 and "nothing is committed yet; commit the notice first" in early.err, early.err
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    sha = git(tmp_path, "rev-parse", "HEAD").strip()
    same = run("diff", "HEAD", "notices", cwd=tmp_path)
    assert same.out.startswith(f"HEAD (commit {sha[:10]}: version 1, effective 2027-01-01) -> "
                               "working tree (version 1 as committed)\n"), same.out
    section = tmp_path / "notices" / "010-who-we-are.md"
    section.write_text(section.read_text() + "\nWe also keep your order history.\n")
    draft = run("diff", "HEAD", "notices", cwd=tmp_path)
    assert draft.code == 0, draft.err
    header = draft.out.splitlines()[0]
    assert header == (f"HEAD (commit {sha[:10]}: version 1, effective 2027-01-01) -> "
                      "working tree (draft: uncommitted edits to version 1)"), header
    assert run("diff", "1", "notices", cwd=tmp_path).out.startswith("Version 1 (2027-01-01) -> working tree (draft")
    data = json.loads(run("diff", "HEAD", "notices", "--format", "json", cwd=tmp_path).out)
    assert data["to"]["side"] == "working tree (draft: uncommitted edits to version 1)"
    released = run("release", "--version", "2", "--effective", "2027-06-01", "--summary", "Order history.",
                   cwd=tmp_path)
    assert released.code == 0, released.err
    header = run("diff", "1", "2", cwd=tmp_path).out.splitlines()[0]
    assert header == "Version 1 (2027-01-01) -> version 2 (draft, not committed yet, effective 2027-06-01)", header
    header = run("diff", "HEAD", "notices", cwd=tmp_path).out.splitlines()[0]
    assert header.endswith("-> working tree (draft of version 2, not committed yet)"), header


def test_import_force_replaces_the_whole_notice_and_keeps_the_old_one_aside(project, tmp_path):
    old = tmp_path / "old.md"
    old.write_text(OLD_NOTICE)
    overrides = project / "notices" / "sites" / "www.compucom.ca"
    assert overrides.is_dir()
    result = run("import", str(old), "--force", "--domain", "www.acme.example", cwd=project)
    assert result.code == 0, result.err
    kept = project / ".noticegen" / "replaced" / "notices-1"
    assert (kept / "sites" / "www.compucom.ca" / "contact-us.md").is_file()  # moved, not deleted
    assert not (project / "notices" / "sites").exists()
    assert "www.acme.example" in (project / "notices" / "sites.yml").read_text()
    check = run("check", "--no-history", cwd=project)
    assert check.code == 1 and "notices/notice.yml:" in check.err and "a placeholder is not filled in" in check.err
    fill_placeholders(project)
    assert run("check", "--no-history", cwd=project).code == 0


def test_the_wheel_installs_and_works_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("noticegen-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Outside the repository: with PYTHONPATH at a checkout, pip found the noticegen.egg-info that
    # `pip wheel` leaves there, said "already satisfied" and installed no `noticegen` command.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", "-c", str(REPO / "requirements.lock"), str(wheel)],
                             capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stderr[-2000:]
    folder = tmp_path / "acme"
    folder.mkdir()

    def noticegen(*args):
        return subprocess.run([str(venv / "bin" / "noticegen"), *args], cwd=folder, capture_output=True,
                              text=True, env=env)

    assert noticegen("init", "--domain", "www.acme.example").returncode == 0
    workflow = (folder / ".github" / "workflows" / "privacy-notice.yml").read_text()
    assert f"FILL IN: where CI installs noticegen {__version__} from (this one came from {wheel.as_uri()})" in workflow
    assert "pip install -c .github/noticegen-constraints.txt " in workflow
    # What CI installs under it: exactly what pip installed here from the lock, noticegen's extras left out.
    pinned = [line for line in (folder / ".github" / "noticegen-constraints.txt").read_text().splitlines()
              if line and not line.startswith("#")]
    locked = {line.split("==")[0]: line for line in (REPO / "requirements.lock").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert "mkdocs-material" in {line.split("==")[0] for line in pinned} and "pytest" not in str(pinned)
    assert any(line.startswith("brotli==") for line in pinned)  # fonttools[woff]'s, a requirement's own extra
    assert all(locked.get(line.split("==")[0], line) == line for line in pinned), pinned
    (folder / "old.md").write_text(OLD_NOTICE)
    imported = noticegen("import", "old.md", "--force", "--domain", "www.acme.example")
    assert imported.returncode == 0, imported.stderr
    fill_placeholders(folder)
    git(folder, "add", "notices")
    git(folder, "commit", "-qm", "Imported notice")
    checked = noticegen("check")
    assert checked.returncode == 0, checked.stderr
    built = noticegen("build")
    assert built.returncode == 0, built.stderr
    page = (folder / "site" / "www.acme.example" / "index.html").read_text()
    assert "couriers who deliver your order" in page
    assert str(REPO) not in page and not (folder / "theme").exists()


def test_import_force_keeps_the_site_of_the_notice_it_replaces(tmp_path):
    assert run("init", "--domain", "www.acme.test", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    old = tmp_path / "old.md"
    old.write_text(OLD_NOTICE)
    result = run("import", str(old), "--force", "--effective", "2026-01-01", cwd=tmp_path)
    assert result.code == 0, result.err
    sites = (tmp_path / "notices" / "sites.yml").read_text()
    assert "www.acme.test" in sites and "www.example.com" not in sites


def test_make_clean_keeps_the_notify_ledger_releases_and_replaced_notices(tmp_path):
    """Removing the ledger would let the next `notify --send` email everyone again."""
    (tmp_path / "Makefile").write_bytes((REPO / "Makefile").read_bytes())
    kept = [".noticegen/notify-ledger.jsonl", ".noticegen/replaced/notices-1/notice.yml",
            "published/www.example.com/releases/1/index.html"]
    gone = [".noticegen/cache/pdf/x.pdf", "site/www.example.com/index.html", ".pytest_cache/x"]
    for name in kept + gone:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    subprocess.run(["make", "clean"], cwd=tmp_path, check=True, capture_output=True)
    assert all((tmp_path / name).is_file() for name in kept)
    assert not any((tmp_path / name).exists() for name in gone)


@pytest.mark.parametrize("origin, requirement", [
    (None, "noticegen==2.1.0"),  # from a package index: no direct_url.json
    ({"url": "https://git.example/legal/noticegen.git", "vcs_info": {"vcs": "git", "commit_id": "ab12" * 10}},
     "noticegen @ git+https://git.example/legal/noticegen.git@" + "ab12" * 10),
    ({"url": "https://files.example/noticegen-2.1.0-py3-none-any.whl", "archive_info": {}},
     "noticegen @ https://files.example/noticegen-2.1.0-py3-none-any.whl"),
])
def test_the_workflow_installs_the_noticegen_that_wrote_it(origin, requirement):
    from generator.init import requirement_for

    assert requirement_for(origin, "2.1.0") == requirement


def test_a_noticegen_installed_from_a_folder_leaves_ci_a_source_to_fill_in(tmp_path):
    """`pip install noticegen==…` failed in CI when noticegen came from a
    clone (it is not on PyPI): a folder is nowhere CI can reach."""
    from generator.init import requirement_for

    assert requirement_for({"url": "file:///home/me/noticegen", "dir_info": {"editable": True}}, "2.1.0") == (
        "FILL IN: where CI installs noticegen 2.1.0 from (this one came from file:///home/me/noticegen), "
        "e.g. noticegen @ git+https://example.com/you/noticegen@v2.1.0")
    # The tests run from an editable install: init writes the placeholder and check names its line.
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    workflow = tmp_path / ".github" / "workflows" / "privacy-notice.yml"
    line = next(n for n, text in enumerate(workflow.read_text().splitlines(), 1) if "NOTICEGEN_REQUIREMENT:" in text)
    check = run("check", cwd=tmp_path)
    assert f".github/workflows/privacy-notice.yml:{line}: a placeholder is not filled in" in check.err, check.err
    assert check.err.count(".github/workflows/privacy-notice.yml:") == 1  # one line to edit, for every job
    # The workflow that posts the review installs noticegen too: its line was not checked.
    comment = tmp_path / ".github" / "workflows" / "privacy-notice-comment.yml"
    line = next(n for n, text in enumerate(comment.read_text().splitlines(), 1) if "NOTICEGEN_REQUIREMENT:" in text)
    assert f".github/workflows/privacy-notice-comment.yml:{line}: a placeholder is not filled in" in check.err, check.err
    # The line is long: its placeholder is quoted whole, the example included (cut at 80 characters
    # from the line's start it ended "(this one c").
    said = next(text for text in check.err.splitlines() if text.startswith(".github/"))
    assert ": a placeholder is not filled in: 'FILL IN: where CI installs noticegen" in said, said
    assert "e.g. noticegen @ git+https://example.com/you/noticegen@v" in said, said
    fill_placeholders(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    assert run("check", cwd=tmp_path).code == 0


def test_init_starts_the_repository_on_main_whatever_git_defaults_to(tmp_path):
    """With init.defaultBranch = master it left master, while the workflow it
    writes triggers on pushes to main and README reviews against main."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = master\n")
    folder = tmp_path / "acme"
    folder.mkdir()
    env = cli_env(GIT_CONFIG_GLOBAL=str(config))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "init", "--domain", "www.acme.example"],
                          cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    head = subprocess.run(["git", "symbolic-ref", "HEAD"], cwd=folder, env=env, capture_output=True, text=True)
    assert head.stdout.strip() == "refs/heads/main"
    assert "branches: [main]" in (folder / ".github" / "workflows" / "privacy-notice.yml").read_text()


def test_the_redline_for_counsel_is_not_committed_with_the_notice(tmp_path):
    """The README's change round writes redline.docx into the project, where
    `git add -A` committed it beside notices/."""
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    for name in ("redline.docx", "redline.www.acme.example.docx"):
        (tmp_path / name).write_bytes(b"PK")
    status = git(tmp_path, "status", "--porcelain", "--untracked-files=all")
    assert "redline" not in status and "notices/notice.yml" in status, status


def test_requires_python_is_what_the_locked_packages_require():
    """pip on Python 3.11.2 (Debian 12's python3) said only ResolutionImpossible
    about pymdown-extensions: the lock pins releases that require 3.11.5.
    noticegen's own Requires-Python must be at least every locked package's,
    so pip names the Python version instead."""
    import tomllib
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    lowest = re.fullmatch(r">=\s*([\d.]+)", declared)
    assert lowest, declared
    pinned = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==", (REPO / "requirements.lock").read_text())
    demanding = []
    for name in pinned:
        try:
            needs = metadata.metadata(name).get("Requires-Python")
        except metadata.PackageNotFoundError:
            continue  # an extra this environment did not install
        if needs and not SpecifierSet(needs).contains(lowest[1]):
            demanding.append(f"{name} {needs}")
    assert not demanding, f"requires-python = {declared!r}, but these locked packages need more: {demanding}"
