"""Version 1 of the shipped notice says, word for word, what the 2013
statement said (read from this repository's own git history)."""
import re

import pytest

from generator.gitlog import GitError
from generator.history import read_history, site_history
from generator.notice import load_notice
from generator.sites import load_sites
from conftest import REPO, shared_path

SEED = ("seed", "compucom-privacy-policy-2013-11-19.md")


def words(markdown: str) -> list[str]:
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # keep link text, drop targets
    text = re.sub(r"\{[^}]*\}", "", text)  # attribute lists
    return re.findall(r"[a-z0-9]+", text.lower())


def seed_sections(seed: str, titles: list[str]) -> dict[str, str]:
    starts = [seed.index(f"**{title}") for title in titles]
    ends = starts[1:] + [len(seed)]
    return {title: seed[start + len(title) + 2:end] for title, start, end in zip(titles, starts, ends)}


@pytest.fixture(scope="module")
def version_1():
    notices = REPO / "notices"
    sites = load_sites(notices)
    try:
        history = read_history(REPO, notices, load_notice(notices), sites)
    except GitError as exc:
        pytest.skip(f"no git history here ({exc})")
    first = site_history(history, sites[0])[0]
    assert first.version.version == "1" and str(first.version.effective) == "2013-11-19"
    return first


def test_every_section_has_the_seed_text(version_1):
    seed = shared_path(*SEED).read_text(encoding="utf-8")
    assert len(version_1.text.sections) == 13
    original = seed_sections(seed, [s.title for s, _ in version_1.text.sections])
    for section, body in version_1.text.sections:
        assert words(body) == words(original[section.title]), section.id


def test_preamble_keeps_the_opening_paragraph(version_1):
    seed = shared_path(*SEED).read_text(encoding="utf-8")
    opening = seed.split("# Website Privacy Policy | CompuCom", 1)[1].split("|")[0]
    assert words(version_1.text.preamble.split("\n\n")[0]) == words(opening)
