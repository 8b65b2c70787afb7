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
