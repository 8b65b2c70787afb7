"""The shipped notice says, word for word, what the 2013 statement said."""
import re

from generator.notice import load_notice
from generator.pages import site_text
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


def test_every_section_has_the_seed_text():
    seed = shared_path(*SEED).read_text(encoding="utf-8")
    notice = load_notice(REPO / "notices")
    shown = site_text(notice, load_sites(REPO / "notices")[0])
    assert len(shown.sections) == 13  # the corporate site shows exactly the 2013 sections
    original = seed_sections(seed, [s.title for s, _ in shown.sections])
    for section, body in shown.sections:
        assert words(body) == words(original[section.title]), section.id


def test_preamble_keeps_the_opening_paragraph():
    seed = shared_path(*SEED).read_text(encoding="utf-8")
    opening = seed.split("# Website Privacy Policy | CompuCom", 1)[1].split("|")[0]
    preamble = load_notice(REPO / "notices").preamble.body.split("\n\n")[0]
    assert words(preamble) == words(opening)
