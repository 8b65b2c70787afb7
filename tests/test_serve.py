"""`noticegen serve`: a real preview server that follows edits to notices/."""
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import cli_env, git


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def server(project):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=cli_env())
    url = f"http://127.0.0.1:{port}/privacy/"
    try:
        assert wait_for(lambda: "1 January 2023" in fetch(url)), "preview never came up"
        yield url, project
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_preview_answers_only_to_its_own_address(server):
    """A page the author visits can point its own name at 127.0.0.1 (DNS
    rebinding) and read the unpublished draft: any other Host is refused."""
    url, _ = server
    port = url.split(":")[2].split("/")[0]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        request = urllib.request.Request(url, headers={"Host": host})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200, host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
        request = urllib.request.Request(url, headers={"Host": host})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403, host


def test_preview_shows_edits_and_survives_a_broken_one(server):
    url, project = server
    section = project / "notices" / "020-security.md"
    original = section.read_text()
    # an emphatic "do" changes no practice: a minor change ("audited" precautions would be a new promise)
    section.write_text(original.replace("take extensive precautions", "do take extensive precautions"))
    assert wait_for(lambda: "do take extensive precautions" in fetch(url))
    draft = fetch(url + "changes/5..5+draft/")  # uncommitted edits: a draft with its redline
    assert '<ins class="notice-ins">do </ins>' in draft
    assert "preview/" in fetch(url) and "minor change" in fetch(url + "preview/")
    sharing = project / "notices" / "070-sharing.md"
    sharing_text = sharing.read_text()
    sharing.write_text(sharing_text.replace("CompuCom will not sell", "CompuCom may sell"))
    assert wait_for(lambda: "This would be a significant change" in fetch(url + "preview/"))
    preview = fetch(url + "preview/")
    assert "Recipients of personal data" in preview and "changes to our Website Privacy Statement" in preview
    sharing.write_text(sharing_text)
    section.write_text(original.replace("title: Preserving", "title: <b>Preserving"))
    assert wait_for(lambda: "This preview is out of date" in fetch(url))
    shown = fetch(url)
    assert "do take extensive precautions" in shown, "the last good text stays"
    assert "notices/020-security.md:3: `title` contains markup" in shown
    assert "<b>Preserving" not in shown
    section.write_text(original)
    assert wait_for(lambda: "do take extensive precautions" not in fetch(url))


def test_a_stopped_preview_leaves_no_folder_behind(project, tmp_path):
    """Stopped with SIGTERM (as a terminal or a supervisor stops it), it left /tmp/noticegen-preview-*."""
    port, temporary = free_port(), tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=cli_env(TMPDIR=str(temporary)))
    try:
        assert wait_for(lambda: "1 January 2023" in fetch(f"http://127.0.0.1:{port}/privacy/")), "never came up"
        assert [p.name for p in temporary.iterdir() if p.name.startswith("noticegen-preview-")]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert [p.name for p in temporary.iterdir() if p.name.startswith("noticegen-preview-")] == []


@pytest.mark.parametrize("address", ["999.1.1.1:8000", "1.2.3:8000", "[::1]:0", "localhost:70000",
                                     "my-host:8000"])  # MkDocs takes an address or localhost, no other name
def test_a_bad_preview_address_is_one_line(project, address, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", address],
                            cwd=project, capture_output=True, text=True, timeout=60,
                            env=cli_env(TMPDIR=str(temporary)))
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        f"noticegen: --dev-addr '{address}' is not ADDRESS:PORT, an IP address or localhost "
        "(for example 127.0.0.1:8000)"]
    assert list(temporary.iterdir()) == []  # no preview or MkDocs folder left behind


def test_preview_reads_an_edited_vocabulary(server):
    """The preview is one process: notices/significance.yml, edited while
    it runs, must be read again (the vocabulary was kept by its path)."""
    url, project = server
    section = project / "notices" / "020-security.md"
    section.write_text(section.read_text().replace("we at CompuCom take", "we at Acme take"))  # a name
    assert wait_for(lambda: "This would be a significant change" in fetch(url + "preview/"))
    (project / "notices" / "significance.yml").write_text("variants:\n  CompuCom: Acme\n")  # a rebrand
    assert wait_for(lambda: "minor change" in fetch(url + "preview/"), 20), fetch(url + "preview/")[:3000]


def test_listening_on_every_address_is_the_authors_choice():
    """--dev-addr 0.0.0.0:PORT is for a phone or a colleague: their Host is
    this machine's LAN address, which the preview cannot know (attack12b)."""
    from generator.mkdocs_site import allowed_host

    assert allowed_host("192.0.2.2:8766", "0.0.0.0:8766") and allowed_host("[2001:db8::2]:8766", "[::]:8766")
    assert not allowed_host("192.0.2.2:8766", "127.0.0.1:8766")
    assert allowed_host("[::1]:8000", "127.0.0.1:8000") and allowed_host("LOCALHOST", "localhost:8000")


@pytest.mark.parametrize("host", ["[::1]evil.example", "[::1]evil.example:8000", "localhost:abc",
                                  "127.0.0.1@evil.example", "localhost:8000:1"])
def test_a_host_that_only_starts_like_loopback_is_refused(host):
    """The name is what Host says up to its port: "[::1]evil.example" was
    read as ::1 and let a rebinding page through (attack13 leftover)."""
    from generator.mkdocs_site import allowed_host

    assert not allowed_host(host, "127.0.0.1:8000")
    assert allowed_host("[::1]", "127.0.0.1:8000") and allowed_host("localhost:8000", "127.0.0.1:8000")



def test_the_preview_keeps_its_diffs_and_assessments_for_the_next_start(project):
    """`serve` assessed every version pair anew on each start and on each
    edit (no cache), and twice on start (the first MkDocs build regenerated
    the pages just made): 8 s to the first page on Mozilla's 44 versions."""
    sharing = project / "notices" / "070-sharing.md"
    sharing.write_text(sharing.read_text().replace("CompuCom will not sell", "CompuCom may sell"))
    meta = project / "notices" / "notice.yml"
    meta.write_text(meta.read_text().replace('version: "5"', 'version: "6"').replace("2023-01-01", "2027-06-01"))
    git(project, "commit", "-qam", "Version 6", date="2026-06-01T12:00:00+00:00")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=cli_env())
    try:
        assert wait_for(lambda: "notice-ins" in fetch(f"http://127.0.0.1:{port}/privacy/changes/5..6/")), "no preview"
    except AssertionError:
        process.terminate()
        raise AssertionError(process.communicate(timeout=10)[0])
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    kept = project / ".noticegen" / "cache"
    assert any((kept / "significance").rglob("*.json")) and any((kept / "diffs").rglob("*.json")), output
