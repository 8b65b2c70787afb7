"""The engine matrix: the shipped sites, with a history, built under MkDocs
1.6.1 and under ProperDocs 1.6.7 (NOTICEGEN_ENGINE, see generator/engine.py)
give the same bytes, but for the differences explained here.

Each engine runs in a process of its own (`noticegen build`), as the engine
is chosen when noticegen is first imported. Both are installed in the test
environment (`properdocs` is in the `test` extra, pinned in
requirements.lock): they live side by side, as ProperDocs installs no
`mkdocs` module and reads its plugins' entry points under both names."""
import json
import re
import subprocess
import sys

import pytest

from conftest import cli_env, copy_project
from test_history import edit, release

ENGINES = {"mkdocs": "mkdocs 1.6.1", "properdocs": "properdocs 1.6.7"}
# The one difference: Material writes the engine's version into every page
# (`mkdocs_version`, which ProperDocs sets to "ProperDocs 1.6.7"), with no
# setting to leave it out. It names the engine that built the page, truly.
GENERATOR = {"mkdocs": '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">',
             "properdocs": '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2">'}


def noticegen(project, engine, *args, **variables):
    env = cli_env(NOTICEGEN_ENGINE=engine, **variables)
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The shipped project and two more versions: archived pages, redlines,
    a title with an ampersand and a link reference."""
    project = copy_project(tmp_path_factory.mktemp("engines") / "project")
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    release(project, "6", "2030-01-01", "Reasonable precautions.")
    edit(project, "notice.yml", "title: Website Privacy Statement", "title: Website Privacy & Cookie Statement")
    path = project / "notices" / "090-links-to-other-sites.md"
    path.write_text(path.read_text() + "\nSee [the guidance][ico].\n\n[ico]: https://ico.org.uk/\n")
    release(project, "7", "2031-01-01", "Renamed; a link to the regulator.")
    return project


@pytest.fixture(scope="module")
def sites(project):
    """Each engine with the frame renderer, and ProperDocs with the portable
    one too (MkDocs' own builds with it are in test_frames)."""
    built = {}
    for engine, renderer in (("mkdocs", "frames"), ("properdocs", "frames"), ("properdocs", "portable")):
        out = project.parent / f"site-{engine}-{renderer}"
        result = noticegen(project, engine, "build", "--out", str(out), NOTICEGEN_RENDERER=renderer)
        assert result.returncode == 0, (engine, renderer, result.stderr)
        built[engine if renderer == "frames" else f"{engine}-{renderer}"] = out
    return built


def files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_each_engine_really_builds(sites):
    for engine, out in ((engine, sites[engine]) for engine in ENGINES):
        assert json.loads((out / "manifest.json").read_text())["engine"] == ENGINES[engine]
        assert GENERATOR[engine] in (out / "www.compucom.com" / "versions" / "6" / "index.html").read_text()


@pytest.mark.parametrize("other", ["properdocs", "properdocs-portable"])
def test_both_engines_give_the_same_sites(sites, other):
    mkdocs, properdocs = sites["mkdocs"], sites[other]
    assert files(mkdocs) == files(properdocs)
    pages = [name for name in files(mkdocs) if name != "manifest.json"]
    assert len(pages) > 100
    different, explained = [], 0
    for name in pages:
        ours, theirs = (mkdocs / name).read_bytes(), (properdocs / name).read_bytes()
        if ours == theirs:
            continue
        if name.endswith(".html") and ours.count(GENERATOR["mkdocs"].encode()) == 1 and \
                ours.replace(GENERATOR["mkdocs"].encode(), GENERATOR["properdocs"].encode()) == theirs:
            explained += 1
            continue
        different.append(name)
    assert different == []
    # Every page MkDocs rendered carries the generator line (noticegen's
    # embeddable fragments do not); nothing else (sitemaps, search index,
    # feeds, JSON, assets) differs at all.
    assert explained == len([name for name in pages if name.endswith(".html")
                             and GENERATOR["mkdocs"].encode() in (mkdocs / name).read_bytes()]) > 20
    # The manifest differs in the engine, its inputs key (which names the
    # engine and renderer, so switching either rebuilds every site) and the hashes of
    # the pages above; otherwise it is the same.
    ours, theirs = (json.loads((out / "manifest.json").read_text()) for out in (mkdocs, properdocs))
    for manifest in (ours, theirs):
        for key in ("engine", "inputs", "sources"):
            manifest.pop(key)
        for entry in manifest["sites"].values():
            entry.pop("input")
            entry["files"] = {name: digest for name, digest in entry["files"].items() if not name.endswith(".html")}
    assert ours == theirs


def test_a_broken_link_fails_under_properdocs_too(project, tmp_path):
    """MkDocs' strict mode counts warnings on its own logger, `properdocs`
    here: a link to an anchor that is not there must still fail the build.
    `check` stops such a link in author text first, so the page is given to
    the renderer directly, as a generated page with a broken link would be."""
    script = """
import sys
from pathlib import Path
from generator import mkdocs_site, render
from generator.check import check
from generator.history import site_history
from generator.plan import plan_site
from generator.project import find_project

project = find_project(Path.cwd())
checked = check(project, True)
site = checked.sites[0]
plan = plan_site(checked.notice, site, "test", None, site_history(checked.history, site))
plan.pages["index.md"] += ("\\n\\nSee [our cookie table](#cookie-table).\\n",)
try:
    render.render(project, plan, Path(sys.argv[1]))
except mkdocs_site.SiteBuildError as exc:
    print(exc)
    sys.exit(1)
"""
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", script, str(out)], cwd=project, capture_output=True, text=True,
                            env=cli_env(NOTICEGEN_ENGINE="properdocs"))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "index.md: a link to '#cookie-table', which is not on that page" in result.stdout


def test_an_unknown_engine_is_one_line(project, tmp_path):
    result = noticegen(project, "mkdocs2", "build", "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    assert re.fullmatch(r"noticegen: NOTICEGEN_ENGINE='mkdocs2' is not an engine noticegen knows "
                        r"\(use one of mkdocs, properdocs\)\n", result.stderr), result.stderr


def test_an_unknown_renderer_is_a_usage_error(project, tmp_path):
    result = noticegen(project, "mkdocs", "build", "--out", str(tmp_path / "site"), NOTICEGEN_RENDERER="fast")
    assert result.returncode == 2
    assert "NOTICEGEN_RENDERER='fast' is not a renderer noticegen knows (use one of frames, portable)" in result.stderr
