"""Which of the configured sites a command works on (`--site DOMAIN`)."""
from __future__ import annotations

from .errors import UsageError
from .sites import Site


def select_sites(sites: list[Site], domains: list[str] | None) -> list[Site]:
    if not domains:
        return sites
    by_domain = {site.domain: site for site in sites}
    unknown = [d for d in domains if d not in by_domain]
    if unknown:
        raise UsageError(f"unknown site {', '.join(unknown)} (configured: {', '.join(by_domain)})")
    return [by_domain[d] for d in dict.fromkeys(domains)]
