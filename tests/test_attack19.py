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
