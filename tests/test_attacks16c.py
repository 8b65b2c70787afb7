"""What the sixteenth session's third attack found in its own hardening
(webhooks, review's webhook notes, import's escaping, check's hidden
characters), one test per finding, each failing before its fix."""
from __future__ import annotations

import pytest

from conftest import run
from test_notify import _set_webhook


@pytest.mark.parametrize("url, said", [
    ("https://[2002:a9fe:a9fe::]/hook", "a link-local address"),  # 6to4 wrapping the cloud's metadata service
    ("https://[2002:7f00:1::]/hook", "a loopback address"),
    ("https://[2002:a00:1::]/hook", "a private address"),
    ("https://[64:ff9b::a9fe:a9fe]/hook", "a link-local address"),  # NAT64: was "a reserved address"
])
def test_an_ipv4_address_wrapped_in_ipv6_is_judged_as_the_ipv4_it_reaches(project, url, said):
    line = _set_webhook(project, url)
    result = run("check", cwd=project)
    output = result.out + result.err
    assert result.code == 1 and f"sites.yml:{line}: webhook " in output and f"points at {said}" in output, output
