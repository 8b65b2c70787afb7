"""Publishing for real: directory releases switched atomically, served by a
real nginx on loopback using the config `noticegen nginx` generates."""
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest

from conftest import cli_env, copy_project, git, require_program, run

CORPORATE, CANADA, CAREERS = "www.compucom.com", "www.compucom.ca", "careers.compucom.com"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, domain, path="/privacy/"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": domain})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Nginx:
    def __init__(self, project, folder):
        self.project, self.folder, self.port = project, folder, free_port()
        self.process = None

    def configure(self):
        blocks = run("nginx", "--listen", f"127.0.0.1:{self.port}", cwd=self.project)
        assert blocks.code == 0, blocks.err
        (self.folder / "sites.conf").write_text(blocks.out)
        temp = self.folder / "temp"
        temp.mkdir(exist_ok=True)
        user = "user root;" if os.geteuid() == 0 else ""  # workers must read the temp folders
        (self.folder / "nginx.conf").write_text(f"""{user}
worker_processes 1;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.folder}/sites.conf;
}}
""")

    def start(self):
        self.configure()
        binary = require_program("nginx")
        self.process = subprocess.Popen([binary, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    pytest.fail(f"nginx exited: {self.process.stdout.read().decode()}"
                                f"{(self.folder / 'error.log').read_text() if (self.folder / 'error.log').exists() else ''}")
                time.sleep(0.05)
        pytest.fail("nginx did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def served(tmp_path):
    require_program("nginx")
    project = copy_project(tmp_path / "project")
    assert run("build", cwd=project).code == 0
    assert run("publish", cwd=project).code == 0
    (tmp_path / "nginx").mkdir()
    server = Nginx(project, tmp_path / "nginx").start()
    yield project, server
    server.stop()


def edit_and_build(project, marker):
    """A new version (drafts are never published), committed and built."""
    commit_version(project, marker)
    result = run("build", cwd=project)
    assert result.code == 0, result.err


def commit_version(project, marker):
    """A new version with `marker` added to a section every site shows, committed."""
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + f"\n{marker}\n")
    meta = project / "notices" / "notice.yml"
    text = meta.read_text()
    version = int(re.search(r'^version: "(\d+)"', text, re.M).group(1)) + 1
    text = re.sub(r"^version: .*$", f'version: "{version}"', text, flags=re.M)
    text = re.sub(r"^effective: .*$", f"effective: {2020 + version}-01-01", text, flags=re.M)
    meta.write_text(re.sub(r"^published: .*\n", "", text, flags=re.M))
    git(project, "commit", "-qam", f"Version {version}")


def publish_cli(project, *args, crash_at=None):
    env = cli_env()
    env.pop("NOTICEGEN_CRASH_AT", None)
    if crash_at:
        env["NOTICEGEN_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "generator.cli", "publish", *args], cwd=project,
                          env=env, capture_output=True, text=True)


def test_each_domain_is_served_by_host_with_security_headers(served):
    project, nginx = served
    for domain in (CORPORATE, CANADA, CAREERS):
        status, headers, body = get(nginx.port, domain)
        assert status == 200
        assert f'href="https://{domain}/privacy/"'.encode() in body
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self' 'sha256-" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
    assert b"905-555-0142" in get(nginx.port, CANADA)[2]
    assert get(nginx.port, CORPORATE, "/privacy")[0] == 301
    status, _, body = get(nginx.port, CORPORATE, "/privacy/no-such-page/")
    assert status == 404 and b"Page not found" in body and b'href="/privacy/history/"' in body
    status, headers, _ = get(nginx.port, CORPORATE, "/privacy/embed.html")
    assert status == 200 and headers["X-Robots-Tag"] == "noindex"  # a fragment, not a search result
    assert "charset=utf-8" in headers["Content-Type"]
    assert "X-Robots-Tag" not in get(nginx.port, CORPORATE)[1]


def test_publish_and_rollback_switch_what_is_served(served):
    project, nginx = served
    edit_and_build(project, "Second release text.")
    assert b"Second release text." not in get(nginx.port, CORPORATE)[2]
    result = run("publish", "--site", CORPORATE, cwd=project)
    assert result.code == 0 and "published" in result.out
    assert b"Second release text." in get(nginx.port, CORPORATE)[2]
    assert b"Second release text." not in get(nginx.port, CANADA)[2]  # not published yet
    again = run("publish", "--site", CORPORATE, cwd=project)
    assert "already current" in again.out
    back = run("publish", "--rollback", "--site", CORPORATE, cwd=project)
    assert back.code == 0 and "rolled back" in back.out
    assert b"Second release text." not in get(nginx.port, CORPORATE)[2]
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    assert b"Second release text." in get(nginx.port, CORPORATE)[2]


def test_requests_during_switches_always_see_one_whole_release(served):
    project, nginx = served
    old = {path: get(nginx.port, CORPORATE, path)[2] for path in ("/privacy/", "/privacy/notice.json")}
    edit_and_build(project, "Switch test text.")
    assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    new = {path: get(nginx.port, CORPORATE, path)[2] for path in old}
    assert all(old[p] != new[p] for p in old)
    seen, stop = [], threading.Event()

    def hammer():
        for _ in range(2000):
            if stop.is_set():
                break
            for path in old:
                status, _, body = get(nginx.port, CORPORATE, path)
                seen.append((status, path, body))

    thread = threading.Thread(target=hammer)
    thread.start()
    for _ in range(15):
        assert run("publish", "--rollback", "--site", CORPORATE, cwd=project).code == 0
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    stop.set()
    thread.join(timeout=60)
    assert len(seen) > 20
    for status, path, body in seen:
        assert status == 200 and body in (old[path], new[path]), f"{path}: a mixed or partial response"
    kinds = {body == new[path] for _, path, body in seen}
    assert kinds == {True, False}, "the requests never saw a switch happen"


@pytest.mark.parametrize("step", ["mid-copy", "before-release-rename", "before-switch", "after-switch"])
def test_a_killed_publish_leaves_a_whole_release_and_a_rerun_finishes(served, step):
    project, nginx = served
    old = get(nginx.port, CORPORATE)[2]
    edit_and_build(project, "Crash test text.")
    killed = publish_cli(project, "--site", CORPORATE, crash_at=step)
    assert killed.returncode == -9, killed.stderr
    status, _, body = get(nginx.port, CORPORATE)
    assert status == 200
    if step == "after-switch":
        assert body == (project / "site" / CORPORATE / "index.html").read_bytes()
    else:
        assert body == old
    rerun = publish_cli(project, "--site", CORPORATE)
    assert rerun.returncode == 0, rerun.stderr
    assert b"Crash test text." in get(nginx.port, CORPORATE)[2]
    releases = project / "published" / CORPORATE / "releases"
    assert not [p for p in releases.iterdir() if p.name.startswith(".incoming-")]
    back = publish_cli(project, "--rollback", "--site", CORPORATE)  # the stack survived the crash
    assert back.returncode == 0 and get(nginx.port, CORPORATE)[2] == old


def test_publish_refuses_a_stale_or_failing_build(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run("publish", cwd=project).code == 1  # never built
    assert run("build", cwd=project).code == 0
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nNot built yet.\n")
    draft = run("publish", cwd=project)
    assert draft.code == 1 and "a draft is never published" in draft.err
    theme = project / "theme" / "assets" / "stylesheets" / "noticegen.css"
    section.write_text(section.read_text().replace("\nNot built yet.\n", ""))
    theme.write_text(theme.read_text() + "\n/* changed after the build */\n")
    stale = run("publish", cwd=project)
    assert stale.code == 1 and "older than notices/" in stale.err
    section.write_text(section.read_text() + "\n<script>x</script>\n")
    failing = run("publish", cwd=project)
    assert failing.code == 1 and "<script> element" in failing.err
    assert not (project / "published").exists()


def test_a_build_for_another_date_is_published_only_for_that_date(tmp_path):
    """`build --today D` shows the version in force on D; publish says so
    and how to match it, rather than calling the site older."""
    project = copy_project(tmp_path / "project")
    assert run("build", "--today", "2021-06-01", cwd=project).code == 0  # before version 5 took effect
    out = project / "site" / CORPORATE
    plain = run("publish", cwd=project)
    assert plain.code == 1 and plain.err == (
        f"noticegen: {out} was built for 2021-06-01 (build --today 2021-06-01), not for "
        f"{git(project, 'log', '-1', '--format=%cs', '--', 'notices').strip()} (the date of the last commit to "
        "notices/): add --today 2021-06-01 to this command, or run `noticegen build` again without it\n")
    other = run("publish", "--today", "2021-06-02", cwd=project)
    assert other.code == 1 and other.err.endswith(
        "not for 2021-06-02: use --today 2021-06-01, or run `noticegen build --today 2021-06-02` first\n")
    assert not (project / "published").exists()
    assert run("publish", "--today", "2021-06-01", cwd=project).code == 0
    assert (project / "published").is_dir()
    # One site built again for another date: each site's own date is named.
    assert run("build", "--site", CANADA, "--today", "2030-01-01", cwd=project).code == 0
    mixed = run("publish", "--today", "2030-01-01", cwd=project)
    assert mixed.code == 1 and f"{project / 'site' / CORPORATE} was built for 2021-06-01" in mixed.err, mixed.err
    assert run("publish", "--site", CANADA, "--today", "2030-01-01", cwd=project).code == 0


def test_tampered_build_is_not_published(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run("build", cwd=project).code == 0
    (project / "site" / CORPORATE / "index.html").write_text("half-written")
    result = run("publish", cwd=project)
    assert result.code == 1 and "does not match site/manifest.json" in result.err
    assert not (project / "published").exists()


def test_only_the_last_releases_are_kept(tmp_path):
    project = copy_project(tmp_path / "project")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("keep: 5", "keep: 2"))
    for number in range(4):
        edit_and_build(project, f"Release {number}.")
        assert run("publish", "--site", CORPORATE, cwd=project).code == 0
    releases = sorted(p.name for p in (project / "published" / CORPORATE / "releases").iterdir())
    assert len(releases) == 2
    current = os.readlink(project / "published" / CORPORATE / "current")
    assert current.endswith(releases[0]) or current.endswith(releases[1])


def test_rsync_and_command_targets(tmp_path):
    require_program("rsync")
    project = copy_project(tmp_path / "project")
    sites = project / "notices" / "sites.yml"
    text = sites.read_text()
    text = text.replace("publish: {directory: published/www.compucom.ca}", f"publish: {{rsync: {tmp_path}/rsynced/}}")
    text = text.replace("publish: {directory: published/careers.compucom.com}",
                        'publish: {command: "cp -R {site} copied-{domain}-{version}"}')
    sites.write_text(text)
    assert run("build", cwd=project).code == 0
    result = run("publish", cwd=project)
    assert result.code == 0, result.err
    assert "905-555-0142" in (tmp_path / "rsynced" / "index.html").read_text()
    assert (project / f"copied-{CAREERS}-5" / "index.html").exists()
    sites.write_text(text.replace('"cp -R {site}', '"false {site}'))
    failed = run("publish", "--site", CAREERS, cwd=project)
    assert failed.code == 1 and "failed (1)" in failed.err


def test_a_missing_translated_page_gets_its_language_404(tmp_path):
    """Each translated language under <base><lang>/ has its own 404 page:
    nginx serves the French 404 for a missing French page (it served the
    English one for every missing page), with the same headers."""
    require_program("nginx")
    project = copy_project(tmp_path / "project", translated=True)
    result = run("build", "--no-pdf", "--site", CANADA, cwd=project)
    assert result.code == 0, result.err
    assert run("publish", "--site", CANADA, cwd=project).code == 0
    (tmp_path / "nginx").mkdir()
    server = Nginx(project, tmp_path / "nginx").start()
    try:
        status, headers, body = get(server.port, CANADA, "/privacy/fr-CA/no-such-page/")
        assert status == 404 and b"Page introuvable" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        status, _, body = get(server.port, CANADA, "/privacy/no-such-page/")
        assert status == 404 and b"Page not found" in body and b"Page introuvable" not in body
        status, _, body = get(server.port, CANADA, "/privacy/fr-CA/")
        assert status == 200 and b'<html lang="fr-CA"' in body
        assert get(server.port, CANADA, "/privacy/fr-CA")[0] == 301
        assert get(server.port, CANADA)[0] == 200
    finally:
        server.stop()


def test_publish_with_no_target_at_all_fails_naming_the_setting(tmp_path):
    """It exited 0 with 'skipped' for every site: the CI workflow init writes
    went green on merge while nothing was ever published."""
    project = copy_project(tmp_path / "project")
    sites = project / "notices" / "sites.yml"
    lines = sites.read_text().splitlines(keepends=True)
    sites.write_text("".join(line for line in lines if "publish: {" not in line))
    git(project, "commit", "-qam", "No targets")
    assert run("build", cwd=project).code == 0
    result = publish_cli(project)
    assert result.returncode == 1, result.stdout
    line = next(n for n, text in enumerate(sites.read_text().splitlines(), 1) if f"domain: {CORPORATE}" in text)
    assert (f"notices/sites.yml:{line}: {CORPORATE} has no publish target (add publish: "
            f"{{directory: /srv/privacy/{CORPORATE}}}") in result.stderr
    assert result.stderr.count("has no publish target") == 3 and "Traceback" not in result.stderr
    one = publish_cli(project, "--site", CORPORATE)
    assert one.returncode == 1 and one.stderr.count("has no publish target") == 1


def test_a_site_without_a_target_beside_sites_with_one_is_skipped(tmp_path):
    project = copy_project(tmp_path / "project")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("    publish: {directory: published/careers.compucom.com}\n", ""))
    git(project, "commit", "-qam", "Careers is not published")
    assert run("build", cwd=project).code == 0
    result = publish_cli(project)
    assert result.returncode == 0, result.stderr
    assert f"{CAREERS}: no publish target in notices/sites.yml; skipped" in result.stdout


def _checkout(folder, publish, marker=None):
    """A checkout whose www.compucom.ca publishes to `publish` (a target's
    YAML, `rsync: DIR/`); with `marker`, one version newer. Built for that one site."""
    project = copy_project(folder)
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("publish: {directory: published/www.compucom.ca}",
                                               f"publish: {{{publish}}}"))
    git(project, "commit", "-qam", "shared target")
    if marker:
        commit_version(project, marker)
    assert run("build", "--site", CANADA, cwd=project).code == 0
    return project


def _start_publish(project, *args, pause_at=None):
    env = cli_env()
    env.pop("NOTICEGEN_PAUSE_AT", None)
    if pause_at:
        env["NOTICEGEN_PAUSE_AT"] = pause_at
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "publish", "--site", CANADA, *args],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _same_files(left, right):
    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and not p.name.startswith(".noticegen")}
    return files(left) == files(right)


def test_two_checkouts_rsyncing_to_one_local_path_take_turns(tmp_path):
    """Two CI jobs on one runner (two checkouts, so two .noticegen/ folders)
    publish to one local rsync path: the lock lives in the target, so the
    second waits while the first (paused, holding it) has not yet sent, and
    the target ends whole: the build of the one that went last."""
    require_program("rsync")
    target = tmp_path / "rsynced"
    older = _checkout(tmp_path / "older", f"rsync: {target}/")
    newer = _checkout(tmp_path / "newer", f"rsync: {target}/", "Sent second.")
    first = _start_publish(older, pause_at="before-rsync")
    time.sleep(0.4)  # the first holds the lock and dawdles before its rsync
    second = _start_publish(newer)
    for process in (first, second):
        process.wait(timeout=120)
        assert process.returncode == 0, process.stderr.read()
    assert "waiting for" in second.stderr.read()
    assert _same_files(target, newer / "site" / CANADA)
    assert "Sent second." in (target / "index.html").read_text()


def test_a_failed_rsync_says_what_went_wrong_in_one_readable_line(tmp_path):
    require_program("rsync")
    target = tmp_path / "no" / "such" / "folder"
    project = copy_project(tmp_path / "project")
    sites = project / "notices" / "sites.yml"
    sites.write_text(sites.read_text().replace("publish: {directory: published/www.compucom.ca}",
                                               "publish: {rsync: \"localhost:/dev/null/x/\"}"))
    git(project, "commit", "-qam", "an rsync target that cannot work")
    assert run("build", "--site", CANADA, cwd=project).code == 0
    env_rsh = os.environ.get("RSYNC_RSH")
    os.environ["RSYNC_RSH"] = "false"  # no ssh to anywhere: rsync fails as it does when the host is unreachable
    try:
        failed = run("publish", "--site", CANADA, cwd=project)
    finally:
        os.environ.pop("RSYNC_RSH") if env_rsh is None else os.environ.__setitem__("RSYNC_RSH", env_rsh)
    assert failed.code == 1
    lines = failed.err.strip().splitlines()
    assert len(lines) == 1, failed.err
    assert lines[0].startswith(f"noticegen: {CANADA}: rsync to localhost:/dev/null/x/ failed (12): rsync: "), lines[0]
    assert not target.exists()


def test_an_older_checkout_does_not_replace_a_newer_live_version(tmp_path):
    """A slow or re-run CI job from a checkout at version 5 publishes after
    one at version 6: the directory target keeps 6 live and says why, naming
    both and the flag for a deliberate rollback."""
    target = tmp_path / "target"
    older = _checkout(tmp_path / "older", f"directory: {target}")
    newer = _checkout(tmp_path / "newer", f"directory: {target}", "Version six.")
    assert run("publish", "--site", CANADA, cwd=newer).code == 0
    live = os.readlink(target / "current")
    assert "/v6-" in live
    refused = run("publish", "--site", CANADA, cwd=older)
    assert refused.code == 1
    assert "is version 6" in refused.err and "(version 5)" in refused.err and "--allow-older" in refused.err
    assert os.readlink(target / "current") == live
    assert run("publish", "--site", CANADA, cwd=newer).code == 0  # the newer one again: nothing to refuse
    assert run("publish", "--site", CANADA, "--allow-older", cwd=older).code == 0
    assert "/v5-" in os.readlink(target / "current")
    assert run("publish", "--site", CANADA, cwd=older).code == 0  # its own version live: a re-run is fine


def test_an_older_checkout_does_not_rsync_over_a_newer_live_version(tmp_path):
    """The same for an rsync target, which keeps no releases: the live
    site's own versions.json (read back with rsync) lists version 6, which
    the older checkout does not have."""
    require_program("rsync")
    target = tmp_path / "rsynced"
    older = _checkout(tmp_path / "older", f"rsync: {target}/")
    newer = _checkout(tmp_path / "newer", f"rsync: {target}/", "Version six.")
    assert run("publish", "--site", CANADA, cwd=older).code == 0  # a first publish: nothing live to compare
    assert run("publish", "--site", CANADA, cwd=newer).code == 0
    refused = run("publish", "--site", CANADA, cwd=older)
    assert refused.code == 1, refused.err
    assert refused.err.strip() == (f"noticegen: {CANADA}: the site at {target}/ is version 6, which this checkout's "
                                   "history does not have (it is newer, or from another branch); publishing version 5 "
                                   "would replace it with an older one. Publish from a checkout that has it, or pass "
                                   "--allow-older for a deliberate rollback"), refused.err
    assert _same_files(target, newer / "site" / CANADA)
    assert run("publish", "--site", CANADA, cwd=newer).code == 0  # the newer one again: nothing to refuse
    assert run("publish", "--site", CANADA, "--allow-older", cwd=older).code == 0
    assert _same_files(target, older / "site" / CANADA)
    assert run("publish", "--site", CANADA, cwd=newer).code == 0
    live = (target / "versions.json").read_text()
    for damaged in ("not json", '{"versions": null}', '{"versions": 7}', "[" * 100000, "\ufeff" + live):
        (target / "versions.json").write_text(damaged)
        refused = run("publish", "--site", CANADA, cwd=older)
        if damaged.startswith("\ufeff"):  # a byte-order mark is still our JSON: version 6 is live
            assert refused.code == 1 and "is version 6" in refused.err, refused.err
            continue
        assert refused.code == 1 and "is not a versions.json noticegen wrote" in refused.err, refused.err
        assert "Traceback" not in refused.err and len(refused.err.strip().splitlines()) == 1
    (target / "versions.json").unlink()
    (target / "versions.json").symlink_to(tmp_path / "older" / "site" / CANADA / "versions.json")
    assert "is not a versions.json noticegen wrote" in run("publish", "--site", CANADA, cwd=older).err
    assert run("publish", "--site", CANADA, "--allow-older", cwd=older).code == 0
    assert _same_files(target, older / "site" / CANADA)


def test_a_build_without_pdfs_or_from_another_commit_is_refused_for_what_it_is(tmp_path):
    """publish and notify name the real difference: PDFs skipped by
    `build --no-pdf`, or notices/ at another commit; never a --today that
    nobody used."""
    project = copy_project(tmp_path / "project")
    assert run("build", "--no-pdf", cwd=project).code == 0
    env = {k: v for k, v in cli_env().items() if k != "NOTICEGEN_PDF"}  # PDFs on, as in CI
    for command in (["publish"],):  # notify: tests/test_notify.py
        result = subprocess.run([sys.executable, "-m", "generator.cli", *command], cwd=project, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 1 and "built without PDFs (build --no-pdf)" in result.stderr, result.stderr
        assert "older than notices/" not in result.stderr and "not every site" not in result.stderr
    assert run("build", cwd=project).code == 0  # PDFs off here (conftest), as for this publish
    built_at = git(project, "rev-parse", "HEAD").strip()
    git(project, "checkout", "-qb", "other")
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text() + "\nOn another branch.\n")
    meta = project / "notices" / "notice.yml"
    meta.write_text(re.sub(r"^published: .*\n", "", meta.read_text().replace('version: "5"', 'version: "6"')
                           .replace("effective: 2023-01-01", "effective: 2026-03-01"), flags=re.M))
    git(project, "commit", "-qam", "Version 6", date="2026-03-01T12:00:00+00:00")
    moved = run("publish", cwd=project)
    assert moved.code == 1 and f"at commit {built_at[:12]}" in moved.err, moved.err
    assert "--today" not in moved.err
    assert not (project / "published").exists()
