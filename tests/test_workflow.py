"""The CI workflow that `noticegen init` writes, run step by step as GitHub
Actions would run it on a merge to main (the install step aside: the
package under test is already installed), in a project just made by init."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, git, run
from test_install import fill_placeholders

WORKFLOW = REPO / "generator" / "data" / "skeleton" / "dot-github" / "workflows" / "privacy-notice.yml"


def steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow[True]["push"]["branches"] == ["main"] and "pull_request" in workflow[True]  # `on:` reads as True
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never two publishes at once
    (job,) = workflow["jobs"].values()
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # versions come from the whole history
    return [step for step in job["steps"] if "run" in step]


def test_the_workflow_checks_builds_and_publishes_a_new_project(tmp_path):
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    sites = tmp_path / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("# publish: {directory: /srv/privacy/www.acme.example",
                                               "publish: {directory: published/www.acme.example"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    written = (tmp_path / ".github" / "workflows" / "privacy-notice.yml").read_text()
    assert 'pip install "noticegen==1.0"' in written  # the placeholder for a source, filled in
    cache = next(step for step in yaml.safe_load(written)["jobs"]["notice"]["steps"]
                 if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".noticegen/cache"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_EVENT_NAME": "push", "CI": "true"}
    ran = []
    for step in steps():
        command = step["run"]
        if command.startswith("pip install") or "pull_request" in step.get("if", ""):
            continue  # installed already (the package under test); a pull request's step, not a push's
        result = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        ran.append(command)
    assert ran == ["noticegen check --format github", "noticegen build", "noticegen publish"]
    assert (tmp_path / "published" / "www.acme.example" / "current" / "index.html").is_file()
    # A pull request with a problem: an annotation GitHub shows on the line.
    section = tmp_path / "notices" / "010-who-we-are.md"
    section.write_text(section.read_text() + "\n<b>bold</b>\n")
    result = subprocess.run("noticegen check --format github", shell=True, cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    line = section.read_text().count("\n")
    assert result.returncode == 1
    assert f"::error file=notices/010-who-we-are.md,line={line}::raw HTML <b> is not allowed" in result.stdout


def test_the_pull_request_review_step_reports_and_tells_a_significant_change(tmp_path):
    (review_step,) = [step for step in steps() if "pull_request" in step.get("if", "")]
    first = review_step["run"].split("\n")[0].replace('"origin/${{ github.base_ref }}"', "HEAD~1")
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    section = tmp_path / "notices" / "010-who-we-are.md"
    section.write_text(section.read_text() + "\nWe sell your email address to advertisers.\n")
    meta = tmp_path / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "1"', 'version: "2"').replace("2027-01-01", "2027-06-01"))
    git(tmp_path, "commit", "-qam", "Version 2")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(first, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # significant (exit 3 or 4) is not a failed step
    report = (tmp_path / "review.md").read_text()
    assert report.startswith("# Privacy notice review") and "significant" in report.lower()
