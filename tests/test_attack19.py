"""Attacks on session 19's hardening (the file size limit, the webhook's
ledger name and deadline), as a hostile author, pull request or CI would
make them. Real git repositories in temp dirs, real servers on loopback,
the real CLI."""
import pytest

from conftest import run
from test_bad_input import assert_clear_failure


@pytest.mark.parametrize("value", ["²", "9" * 5000, "١٢"])
def test_a_garbage_size_limit_is_a_usage_error_not_a_crash(project, monkeypatch, value):
    """str.isdigit() takes '²' (int() does not) and 5000 digits (past
    Python's int conversion limit): both were an internal error."""
    monkeypatch.setenv("NOTICEGEN_MAX_FILE_KB", value)
    result = run("check", cwd=project)
    assert_clear_failure(result, (2,), "NOTICEGEN_MAX_FILE_KB=")
    assert "internal error" not in result.err


@pytest.mark.parametrize("where", ["section", "sites"])
def test_deeply_nested_yaml_is_one_problem_not_a_crash(project, where):
    """700 nested lists or mappings (libyaml allows 1000, a few KB on
    disk) overflowed Python's recursion in yamlsafe: an internal error."""
    if where == "section":
        path = project / "notices" / "070-sharing.md"
        text = path.read_text().replace("covers: [recipients]\n", "covers: [recipients]\nx: " + "[" * 700 + "]" * 700
                                        + "\n", 1)
    else:
        path = project / "notices" / "sites.yml"
        text = path.read_text().replace("    language: en\n", "    language: en\n    x: " + "{a: " * 700 + "1" +
                                        "}" * 700 + "\n", 1)
    path.write_text(text)
    line = text.split("\nx: " if where == "section" else "\n    x: ")[0].count("\n") + 2
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), f"{path.relative_to(project)}:{line}: YAML nested more than 20 levels deep")
    assert "internal error" not in result.err


def _alias_bomb() -> str:
    """Ten values, then seven levels of lists of ten aliases of the level below: 10^8 values, 700 bytes
    (past 100,000 at l4, its fifth line)."""
    bomb = "extra:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 8):
        bomb += f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]\n"
    return bomb


@pytest.mark.parametrize("shape, says", [
    ("bomb", "YAML aliases here expand to more than 100,000 values"),
    ("itself", "YAML alias *a is inside the value &a names: it never ends"),
    ("deep", "YAML nested more than 50 levels deep"),
])
def test_mkdocs_yml_that_expands_without_end_is_refused_before_the_build_walks_it(project, shape, says):
    """mkdocs.yml may use aliases (MkDocs allows them), but the build's
    fingerprint walks every value: 700 bytes of aliases of aliases hung
    `build` (killed after minutes), an alias inside its own anchor was an
    internal error (RecursionError), and 700 nested lists were reported as
    an 'INHERIT loop'."""
    from test_bad_input import cli

    added = {"bomb": _alias_bomb(), "itself": "extra:\n  x: &a {me: [1, *a]}\n",
             "deep": "extra:\n  x: " + "[" * 700 + "]" * 700 + "\n"}[shape]
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\n" + added)
    line = config.read_text().split("\nextra:\n")[0].count("\n") + 3
    for command in (["check"], ["build", "--no-pdf", "--site", "www.compucom.com"]):
        try:
            done = cli(*command, cwd=project, timeout=60)
        except __import__("subprocess").TimeoutExpired:
            pytest.fail(f"{command[0]} still running after 60 s")
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"mkdocs.yml:{line if shape != 'bomb' else line + 4}: {says}" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (project / "site").exists()


def test_mkdocs_yml_may_still_share_settings_through_an_alias(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nextra:\n  first: &shared {note: one}\n  second: *shared\n")
    assert run("check", cwd=project).code == 0


@pytest.mark.parametrize("url", ["https://[hooks.example.com/T0SECRET", "https://hooks.example.com\\\\T0SECRET",
                                 "https://hooks.example.com;T0SECRET"])
def test_a_webhook_without_a_host_name_is_refused_without_showing_its_secret(project, url):
    """An unclosed [ was an internal error (urlsplit's ValueError in
    shown_url); a \\ or ; after the host (browsers start the path there)
    passed check, and notify would look up, and print, 'hooks.example.com\\t0secret'."""
    sites = project / "notices" / "sites.yml"
    text = sites.read_text().replace("    language: en\n", f'    language: en\n    webhook: "{url}"\n', 1)
    sites.write_text(text)
    line = text.split("    webhook:")[0].count("\n") + 1
    result = run("check", cwd=project)
    assert_clear_failure(result, (1,), f"notices/sites.yml:{line}: webhook https://(not a host name)/…")
    assert "SECRET" not in result.out + result.err.upper() and "internal error" not in result.err


def test_a_section_that_grows_after_its_size_was_taken_is_still_refused(project):
    """read_text took the size, then read the whole file: a section that
    grew to 5 MB in between (an editor saving, a hostile job writing) was
    read whole and passed."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from conftest import cli_env

    section = project / "notices" / "070-sharing.md"
    small = section.read_text()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "check", "--no-history"], cwd=project,
                               env=cli_env(NOTICEGEN_PAUSE_AT="source-sized:070-sharing.md"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wchan, started = Path(f"/proc/{process.pid}/wchan"), time.monotonic()
    while "nanosleep" not in (wchan.read_text() if wchan.exists() else "") and time.monotonic() - started < 60:
        time.sleep(0.02)  # until it sleeps in the pause, its size taken
    section.write_text(small + "word " * (1024 * 1024))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "notices/070-sharing.md:1: is 5.0 MB, over the 256 KB limit" in err, out + err
