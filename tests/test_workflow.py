"""The CI workflow that `noticegen init` writes, run step by step as GitHub
Actions would run it on a merge to main (the install step aside: the
package under test is already installed), in a project just made by init."""
from __future__ import annotations

import json
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


def run_steps(project: Path, env: dict, today: str | None = None) -> list[str]:
    """The job's run steps as Actions runs them: each in a shell, with what a
    step wrote to $GITHUB_ENV in the environment of the steps after it.
    `today` stands for the clock of the day the run happens (the step that
    reads the clock is then left out). The steps that install (the package
    under test is installed; apt-get needs the runner's sudo) and a pull
    request's are not run on a push or a schedule."""
    ran, env = [], dict(env)
    github_env = project.parent / f"{project.name}-github-env"
    github_env.write_text(f"TODAY={today}\n" if today else "")
    for step in steps():
        command = step["run"]
        installs = command.startswith(("pip install", "sudo apt-get"))
        if installs or step.get("if") == "github.event_name == 'pull_request'" or (today and "GITHUB_ENV" in command):
            continue
        env["GITHUB_ENV"] = str(github_env)
        env.update(line.split("=", 1) for line in github_env.read_text().splitlines() if "=" in line)
        result = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        ran.append(command)
    return ran


def test_the_daily_run_puts_an_announced_version_in_force_on_its_day(tmp_path):
    """A version released ahead (effective 2027-03-01) was announced as
    upcoming and stayed so after that day: the workflow built only on a
    merge, for the date of the last commit. It runs daily now and builds for
    the day it runs."""
    assert run("init", "--domain", "www.acme.example", "--effective", "2026-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    sites = tmp_path / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("# publish: {directory: /srv/privacy/www.acme.example",
                                               "publish: {directory: published/www.acme.example"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice", date="2026-06-01T12:00:00+00:00")
    section = tmp_path / "notices" / "010-who-we-are.md"
    section.write_text(section.read_text() + "\nWe keep your email address for 25 months.\n")
    meta = tmp_path / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "1"', 'version: "2"').replace("2026-01-01", "2027-03-01"))
    git(tmp_path, "commit", "-qam", "Version 2", date="2026-12-01T12:00:00+00:00")
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow[True]["schedule"] == [{"cron": "17 0 * * *"}]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_EVENT_NAME": "schedule", "CI": "true"}
    current = tmp_path / "published" / "www.acme.example" / "current" / "notice.json"
    for day, in_force, upcoming in (("2026-12-02", "1", {"effective": "2027-03-01", "version": "2"}),
                                    ("2027-03-01", "2", None)):
        run_steps(tmp_path, env, today=day)
        published = json.loads(current.read_text())
        assert (published["in_force"]["version"], published.get("upcoming")) == (in_force, upcoming), (day, published)


def test_the_workflow_checks_builds_and_publishes_a_new_project(tmp_path):
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    sites = tmp_path / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("# publish: {directory: /srv/privacy/www.acme.example",
                                               "publish: {directory: published/www.acme.example"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Our notice")
    written = (tmp_path / ".github" / "workflows" / "privacy-notice.yml").read_text()
    assert 'pip install -c .github/noticegen-constraints.txt "noticegen==1.0"' in written  # the source, filled in
    assert f'python-version: "{sys.version_info.major}.{sys.version_info.minor}"' in written
    assert "mkdocs-material==" in (tmp_path / ".github" / "noticegen-constraints.txt").read_text()
    cache = next(step for step in yaml.safe_load(written)["jobs"]["notice"]["steps"]
                 if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".noticegen/cache"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_EVENT_NAME": "push", "CI": "true"}
    ran = run_steps(tmp_path, env)
    assert ran == ['echo "TODAY=$(date -u +%F)" >> "$GITHUB_ENV"', "noticegen check --format github",
                   'noticegen build --today "$TODAY"', 'noticegen publish --today "$TODAY"']
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
    (review_step,) = [step for step in steps() if step.get("if") == "github.event_name == 'pull_request'"]
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
    runner_temp = tmp_path.parent / f"{tmp_path.name}-runner-temp"
    runner_temp.mkdir()
    victim = tmp_path.parent / f"{tmp_path.name}-victim.conf"
    victim.write_text("server { }\n")
    (tmp_path / "review.md").symlink_to(victim)  # what a hostile pull request can commit
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "RUNNER_TEMP": str(runner_temp)}
    result = subprocess.run(first, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # significant (exit 3 or 4) is not a failed step
    assert victim.read_text() == "server { }\n"  # the report is written outside the checkout
    report = (runner_temp / "review.md").read_text()
    assert report.startswith("# Privacy notice review") and "significant" in report.lower()
