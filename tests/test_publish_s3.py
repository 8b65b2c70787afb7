"""Publishing to object storage: the `s3:` target against a real
S3-compatible server (SeaweedFS) started on loopback for this module.

Three builds of the shipped project (differing by one sentence) are made
once and published in turn; each test starts from an empty bucket."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import cli_env, copy_project, git, run
from generator import manifest
from generator.publish import release_id
from seaweedfs import ACCESS_KEY, BUCKET, SECRET_KEY, SeaweedFS, free_port
from test_bad_input import assert_clear_failure

CORPORATE = "www.compucom.com"
PREFIX = "privacy/www.compucom.com/"
DIRECTORY = "publish: {directory: published/www.compucom.com, keep: 5}"  # line 10 of the shipped sites.yml
SECTION = Path("notices") / "020-security.md"


def s3_target(endpoint: str, bucket: str = BUCKET, prefix: str = PREFIX, keep: int = 2) -> str:
    return (f'publish: {{s3: {{bucket: {bucket}, prefix: {prefix}, endpoint: "{endpoint}", region: us-east-1}}, '
            f"keep: {keep}}}")


def set_target(project: Path, line: str) -> None:
    sites = project / "notices" / "sites.yml"
    text = sites.read_text()
    current = next(part for part in text.splitlines() if part.strip().startswith("publish:"))
    sites.write_text(text.replace(current.strip(), line, 1))


class Lab:
    """The server, a client of our own to look into the bucket, and the builds."""

    def __init__(self, server: SeaweedFS, builds: list[Path]):
        self.server, self.builds, self.client = server, builds, server.client()

    def keys(self, under: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=under)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=BUCKET, Key=key)

    def put(self, key: str, body: bytes) -> None:
        self.client.put_object(Bucket=BUCKET, Key=key, Body=body)

    def pointer(self) -> dict:
        return json.loads(self.body(PREFIX + "current.json"))

    def stack(self) -> list[str]:
        return json.loads(self.body(PREFIX + "releases.json"))["releases"]

    def clear(self) -> None:
        keys = self.keys()
        for start in range(0, len(keys), 1000):
            self.client.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in keys[start:start + 1000]]})

    def assert_live(self, build: Path) -> str:
        """The pointer names `build`'s release, and the bucket holds all of it, byte for byte."""
        entry = manifest.read(build / "site")["sites"][CORPORATE]
        release = release_id(entry)
        assert self.pointer()["release"] == release
        base = f"{PREFIX}releases/{release}/"
        assert self.keys(base) == sorted(base + path for path in entry["files"])
        for path in entry["files"]:
            assert self.body(base + path) == (build / "site" / CORPORATE / path).read_bytes(), path
        return release


def release_of(build: Path) -> str:
    return release_id(manifest.read(build / "site")["sites"][CORPORATE])


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seaweedfs")
    with pytest.MonkeyPatch.context() as env:
        for name in [name for name in os.environ if name.startswith("AWS_")]:
            env.delenv(name)
        env.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)  # the server's one identity
        env.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask a cloud's metadata service
        env.setenv("AWS_CONFIG_FILE", str(folder / "no-aws-config"))
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "no-aws-credentials"))
        server = SeaweedFS(folder).launch()  # it starts while the builds run
        try:
            builds = []
            for number in range(3):
                project = copy_project(tmp_path_factory.mktemp(f"build{number}") / "project")
                set_target(project, s3_target(server.endpoint))
                section = project / SECTION
                section.write_text(section.read_text() + f"\nRelease {number}.\n")
                meta = project / "notices" / "notice.yml"  # a new version: drafts are never published
                meta.write_text(meta.read_text().replace('version: "5"', 'version: "6"')
                                .replace("effective: 2023-01-01", "effective: 2026-01-01"))  # in force on its commit day
                git(project, "commit", "-qam", "Version 6")
                result = run("build", "--site", CORPORATE, cwd=project)
                assert result.code == 0, result.err
                builds.append(project)
            yield Lab(server.ready(), builds)
        finally:
            server.stop()


@pytest.fixture
def fresh(lab) -> Lab:
    lab.clear()
    return lab


def publish(project: Path, *args: str):
    result = run("publish", "--site", CORPORATE, *args, cwd=project)
    assert result.code == 0, result.err
    return result


def cli(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "publish", "--site", CORPORATE, *args],
                          cwd=project, capture_output=True, text=True, timeout=120,
                          env=cli_env(**(env or {})))


def test_publish_uploads_every_file_with_its_type_and_caching(fresh):
    a = fresh.builds[0]
    result = publish(a)
    release = release_of(a)
    assert f"published {release} to s3://{BUCKET}/{PREFIX}" in result.out
    assert fresh.assert_live(a) == release
    assert fresh.pointer()["path"] == f"{PREFIX}releases/{release}/"
    assert fresh.stack() == [release]
    pointer = fresh.head(PREFIX + "current.json")
    assert (pointer["ContentType"], pointer["CacheControl"]) == ("application/json", "no-cache")
    base = f"{PREFIX}releases/{release}/"
    names = [key[len(base):] for key in fresh.keys(base)]
    stylesheet = next(n for n in names if n.startswith("assets/stylesheets/main.") and n.endswith(".min.css"))
    script = next(n for n in names if n.startswith("assets/javascripts/bundle.") and n.endswith(".min.js"))
    expected = {
        "index.html": ("text/html; charset=utf-8", "public, no-cache"),
        "versions/5/index.html": ("text/html; charset=utf-8", "public, no-cache"),
        stylesheet: ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        script: ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        "assets/stylesheets/noticegen.css": ("text/css; charset=utf-8", "public, no-cache"),  # same name each release
        "notice.json": ("application/json", "public, no-cache"),
        "feed.xml": ("application/atom+xml; charset=utf-8", "public, no-cache"),
        "sitemap.xml": ("application/xml", "public, no-cache"),
        "sitemap.xml.gz": ("application/gzip", "public, no-cache"),
        "assets/images/favicon.png": ("image/png", "public, no-cache"),
    }
    for name, (content_type, cache) in expected.items():
        head = fresh.head(base + name)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache), name
    record = json.loads(fresh.body(f"{PREFIX}records/{release}.json"))
    files = manifest.read(a / "site")["sites"][CORPORATE]["files"]
    assert {path: value["sha256"] for path, value in record["files"].items()} == files
    assert b"Release 0." in fresh.body(base + "index.html")


def test_publishing_the_same_build_again_uploads_nothing(fresh, monkeypatch):
    from generator import publish_s3

    a = fresh.builds[0]
    publish(a)
    writes = []
    for name in ("put", "delete"):
        original = getattr(publish_s3.Store, name)
        monkeypatch.setattr(publish_s3.Store, name,
                            lambda self, *args, _original=original, _name=name, **kw:
                            writes.append((_name, args[0])) or _original(self, *args, **kw))
    again = publish(a)
    assert f"{release_of(a)} is already current; nothing to do" in again.out
    assert writes == []


def test_rollback_checks_the_previous_release_then_switches_back(fresh):
    a, b = fresh.builds[:2]
    publish(a)
    publish(b)
    fresh.assert_live(b)
    back = publish(a, "--rollback")
    assert f"rolled back from {release_of(b)} to {release_of(a)}" in back.out
    fresh.assert_live(a)
    assert fresh.stack() == [release_of(a)]
    assert_clear_failure(run("publish", "--site", CORPORATE, "--rollback", cwd=a), (1,),
                         "no previous release to roll back to")
    again = publish(b)
    assert "(0 of " in again.out  # its objects were still there, checked, not uploaded again
    fresh.assert_live(b)
    fresh.put(f"{PREFIX}releases/{release_of(a)}/index.html", b"defaced")  # the previous release, damaged
    refused = run("publish", "--site", CORPORATE, "--rollback", cwd=a)
    assert_clear_failure(refused, (1,), "no longer holds what was published (index.html missing or changed)")
    fresh.assert_live(b)
    assert fresh.stack() == [release_of(a), release_of(b)]


def test_a_stale_failing_or_tampered_build_publishes_nothing(fresh, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(fresh.builds[0], project, symlinks=True)
    page = project / "site" / CORPORATE / "index.html"
    original = page.read_bytes()
    page.write_text("half-written")
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,), "does not match site/manifest.json")
    page.write_bytes(original)
    section = project / SECTION
    section.write_text(section.read_text() + "\nNot built yet.\n")
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,), "a draft is never published")
    section.write_text(section.read_text().replace("\nNot built yet.\n", ""))
    theme = project / "theme" / "assets" / "stylesheets" / "noticegen.css"
    theme.write_text(theme.read_text() + "\n/* changed after the build */\n")
    stale = run("publish", "--site", CORPORATE, cwd=project)
    assert_clear_failure(stale, (1,), "older than notices/")
    section.write_text(section.read_text() + "\n<script>x</script>\n")
    failing = run("publish", "--site", CORPORATE, cwd=project)
    assert failing.code == 1 and "<script> element" in failing.err
    assert fresh.keys() == []


@pytest.mark.parametrize("step", ["mid-upload", "before-switch", "after-switch"])
def test_a_killed_publish_leaves_the_pointer_on_a_whole_release(fresh, step):
    a, b = fresh.builds[:2]
    publish(a)
    killed = cli(b, env={"NOTICEGEN_CRASH_AT": step})
    assert killed.returncode == -9, killed.stderr
    fresh.assert_live(b if step == "after-switch" else a)
    if step == "mid-upload":
        assert fresh.keys(f"{PREFIX}releases/{release_of(b)}/"), "nothing was uploaded before the kill"
        assert fresh.keys(f"{PREFIX}records/{release_of(b)}.json") == []  # never taken for a whole release
    publish(b)  # the rerun finishes the job
    fresh.assert_live(b)
    assert fresh.stack() == [release_of(a), release_of(b)]
    publish(b, "--rollback")  # the stack survived the kill
    fresh.assert_live(a)


def test_two_publishes_at_once_publish_once_and_whole(fresh):
    paused = {"NOTICEGEN_PAUSE_AT": "mid-upload"}  # a second's pause while uploading, lock held
    for build in fresh.builds:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda _: cli(build, env=paused), range(2)))
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        said = sorted("published" if "published v" in r.stdout else "current" if "already current" in r.stdout
                      else r.stdout for r in results)
        assert said == ["current", "published"], said
        fresh.assert_live(build)
    assert fresh.stack() == [release_of(b) for b in fresh.builds[-2:]]


def test_pruning_keeps_the_last_releases_and_every_key_it_did_not_make(fresh):
    a, b, c = fresh.builds
    foreign = {PREFIX + "index.html": b"a landing page", PREFIX + "releases/README.txt": b"notes",
               PREFIX + "releases/v1-handmade/index.html": b"by hand", PREFIX + "records/notes.txt": b"mine",
               "elsewhere/releases/v5-0123456789ab/index.html": b"another prefix"}
    for key, body in foreign.items():
        fresh.put(key, body)
    for build in (a, b, c):
        publish(build)
    gone, kept = release_of(a), [release_of(b), release_of(c)]
    assert fresh.keys(f"{PREFIX}releases/{gone}/") == [] and fresh.keys(f"{PREFIX}records/{gone}") == []
    assert fresh.stack() == kept
    fresh.assert_live(c)
    publish(c, "--rollback")
    publish(a)  # an older build again: uploaded anew; c, off the stack, goes; the live one stays
    fresh.assert_live(a)
    assert fresh.stack() == [release_of(b), release_of(a)]
    assert fresh.keys(f"{PREFIX}releases/{release_of(c)}/") == []
    assert fresh.keys(f"{PREFIX}releases/{release_of(b)}/")
    for key, body in foreign.items():
        assert fresh.body(key) == body, key


def test_requests_through_the_pointer_always_see_one_whole_release(fresh):
    """What a CDN edge function does: read the pointer, then serve the
    request from the release it names."""
    a, b = fresh.builds[:2]
    publish(a)
    publish(b)
    pages = ("index.html", "notice.json", "history/index.html")
    expected = {release_of(build): {page: (build / "site" / CORPORATE / page).read_bytes() for page in pages}
                for build in (a, b)}
    client, seen, problems, stop = fresh.server.client(), [], [], threading.Event()

    def visitor():
        for _ in range(2000):
            if stop.is_set():
                return
            time.sleep(0.005)  # a visitor, not a load test
            release = json.loads(client.get_object(Bucket=BUCKET, Key=PREFIX + "current.json")["Body"].read())["release"]
            for page in pages:
                body = client.get_object(Bucket=BUCKET, Key=f"{PREFIX}releases/{release}/{page}")["Body"].read()
                if body != expected.get(release, {}).get(page):
                    problems.append((release, page))
            seen.append(release)

    thread = threading.Thread(target=visitor)
    thread.start()
    try:
        for _ in range(2):
            publish(b, "--rollback")
            publish(b)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert problems == []
    assert set(seen) == set(expected), "the visitor never saw a switch happen"


def test_damaged_objects_and_state_are_repaired(fresh):
    a, b = fresh.builds[:2]
    publish(a)
    page = f"{PREFIX}releases/{release_of(a)}/index.html"
    fresh.put(page, b"defaced")
    repaired = publish(a)
    assert f"{release_of(a)} is current; repaired 1 of its objects" in repaired.out
    fresh.assert_live(a)
    fresh.put(PREFIX + "releases.json", b'{"releases": ["v5-')
    rebuilt = publish(b)
    assert f"s3://{BUCKET}/{PREFIX}releases.json:1 was damaged" in rebuilt.out
    assert f"rebuilt from the records in the bucket, oldest first: {release_of(a)}." in rebuilt.out
    assert fresh.body(PREFIX + "releases.json.damaged") == b'{"releases": ["v5-'
    assert fresh.stack() == [release_of(a), release_of(b)]
    fresh.put(PREFIX + "current.json", b"{")
    back = publish(b, "--rollback")
    assert "current.json:1 was damaged" in back.out and "rolled back" in back.out
    fresh.assert_live(a)


def test_missing_credentials_an_unreachable_store_or_bucket_is_one_line(fresh, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(fresh.builds[0], project, symlinks=True)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,),
                         "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "someone-else")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,),
                         "the store refused to read privacy/www.compucom.com/current.json (InvalidAccessKeyId")
    monkeypatch.undo()
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    set_target(project, s3_target(closed))
    assert_clear_failure(run("publish", "--site", CORPORATE, cwd=project), (1,), f"cannot reach {closed}")
    set_target(project, s3_target(fresh.server.endpoint, bucket="no-such-bucket"))
    for args in ([], ["--rollback"]):
        assert_clear_failure(run("publish", "--site", CORPORATE, *args, cwd=project), (1,),
                             f"bucket no-such-bucket does not exist at {fresh.server.endpoint}")
    assert fresh.keys() == []


def test_the_url_form_takes_the_endpoint_from_the_environment(fresh, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(fresh.builds[0], project, symlinks=True)
    set_target(project, f'publish: {{s3: "s3://{BUCKET}/{PREFIX}"}}')
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", fresh.server.endpoint)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    publish(project)
    fresh.assert_live(project)


BLOCK = """publish:
      s3:
        bucket: privacy
        prefix: notices/www/
        {key}: {value}
      keep: 3"""


@pytest.mark.parametrize("target, line, says", [
    ('publish: {s3: "s3://Privacy_Notices/www/"}', 10, "'Privacy_Notices' is not a valid bucket name"),
    ('publish: {s3: "https://bucket.example.com/www/"}', 10, "is not an s3:// URL"),
    ("publish: {s3: {bucket: privacy, prefix: ../www/}}", 10, "prefix '../www/' must be folder names"),
    ('publish: {s3: {bucket: privacy, endpoint: "https://key:secret@s3.example.com"}}', 10,
     "holds credentials, and sites.yml never holds them"),
    (BLOCK.format(key="secret_access_key", value="abc"), 14, "`secret_access_key` looks like a credential"),
    (BLOCK.format(key="endpoint", value="https://s3.example.com/privacy"), 14, "without a path"),
    (BLOCK.format(key="region", value="EU West"), 14, "region 'EU West' is not a region name"),
    (BLOCK.format(key="buckets", value="x"), 14, "unknown key `buckets` in `publish: s3:`"),
    ("publish: {s3: {prefix: www/}}", 10, "the s3 target has no bucket"),
    ("publish: {s3: {bucket: privacy}, keep: 1}", 10, "`keep` must be a whole number of at least 2"),
])
def test_bad_s3_config_is_named_with_its_line(project, target, line, says):
    set_target(project, target)
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), says)
    assert next(text for text in result.err.splitlines() if says in text).startswith(f"notices/sites.yml:{line}: ")


def test_two_sites_cannot_share_a_prefix(project):
    sites = project / "notices" / "sites.yml"
    text = sites.read_text().replace(DIRECTORY, 'publish: {s3: "s3://privacy/www/"}')
    sites.write_text(text.replace("publish: {directory: published/www.compucom.ca}", 'publish: {s3: "s3://privacy/"}'))
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), "site www.compucom.ca publishes to s3://privacy/, which shares keys with "
                                       "www.compucom.com's s3://privacy/www/ (line 10)")


def test_nginx_leaves_s3_targets_to_the_cdn(project):
    set_target(project, 'publish: {s3: "s3://privacy/www/"}')
    result = run("nginx", cwd=project)
    assert result.code == 0, result.err
    assert "# www.compucom.com: published to s3://privacy/www/; serve it through a CDN" in result.out
    assert "server_name www.compucom.com;" not in result.out and "server_name www.compucom.ca;" in result.out


def test_an_older_checkout_does_not_replace_a_newer_live_version(fresh, tmp_path):
    """A checkout at version 5 publishing after one at 6 (a slow or re-run
    CI job) leaves 6 live, naming both versions and --allow-older."""
    older = copy_project(tmp_path / "older")
    set_target(older, s3_target(fresh.server.endpoint))
    git(older, "commit", "-qam", "s3 target")
    assert run("build", "--site", CORPORATE, cwd=older).code == 0
    newer = fresh.builds[0]
    publish(newer)
    refused = run("publish", "--site", CORPORATE, cwd=older)
    assert_clear_failure(refused, (1,), "is version 6")
    assert "(version 5)" in refused.err and "--allow-older" in refused.err
    fresh.assert_live(newer)
    publish(older, "--allow-older")
    fresh.assert_live(older)
