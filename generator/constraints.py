"""The versions of everything noticegen runs on here, for CI to install the
same: a new Markdown extension or Material renders the same commit
differently, and pip resolves a bare `noticegen @ git+…` afresh each run.

`noticegen init` writes them to `.github/noticegen-constraints.txt`, which
the workflow passes to `pip install -c`. Read from the installed packages'
own metadata (what pip installed from requirements.lock, or whatever the
user chose), following noticegen's requirements without its extras.
"""
from __future__ import annotations

from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

HEADER = ("# What noticegen ran on when `noticegen init` wrote this (its dependencies, exactly): CI installs\n"
          "# with `pip install -c` this file, so its pages are rendered as they are here. To upgrade, upgrade\n"
          "# locally, then write it again with the Python noticegen is installed in (with pipx,\n"
          "# ~/.local/pipx/venvs/noticegen/bin/python): python -m generator.constraints > .github/noticegen-constraints.txt\n")


def installed_closure(root: str = "noticegen") -> dict[str, str]:
    """name -> installed version of every package `root` needs, transitively."""
    found: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()  # (package, extra) followed
    pending = [(root, "")]
    while pending:
        name, extra = pending.pop()
        name = canonicalize_name(name)
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency not installed here: nothing to pin
        found[name] = distribution.version
        for line in distribution.requires or []:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            # A requirement's own extras count ("fonttools[woff]" brings brotli), noticegen's do not.
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                pending += [(requirement.name, wanted) for wanted in ("", *sorted(requirement.extras))]
    found.pop(canonicalize_name(root), None)  # the workflow names noticegen itself
    return found


def constraints_text() -> str:
    return HEADER + "".join(f"{name}=={version}\n" for name, version in sorted(installed_closure().items()))


if __name__ == "__main__":
    print(constraints_text(), end="")
