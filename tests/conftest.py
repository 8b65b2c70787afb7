"""Shared test helpers. Tests work on copies of the shipped project in temp
folders and run the real CLI, real MkDocs builds and real git."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
# Set by .ci/run: missing system programs (nginx, chromium, java) fail instead of skip.
REQUIRE_TOOLS = os.environ.get("NOTICEGEN_REQUIRE_TOOLS") == "1"
# Set by .ci/run: path of ../shared (seed, significance cases, corpus).
SHARED = os.environ.get("NOTICEGEN_SHARED")
# PDFs cost ~0.1 s a page (WeasyPrint): tests build without them unless they
# are about them (the `pdfs` fixture), or need the whole site (browser tests).
os.environ["NOTICEGEN_PDF"] = "off"


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a spawned `python -m generator.cli`: this tree
    first on PYTHONPATH (else the venv's editable install, the main clone,
    would run), then whatever was there, then `extra`."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str, cwd: Path | None = None) -> Result:
    """Run the noticegen CLI in-process; usage errors (SystemExit) included."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(old)
    return Result(code, out.getvalue(), err.getvalue())


def copy_project(dest: Path, commit: bool = True, translated: bool = False) -> Path:
    """A copy of the shipped project (notices, mkdocs.yml, theme) in `dest`,
    committed as the first commit of a new git repository. Without
    `translated`, www.compucom.ca is in English only, as before its French
    translation was shipped: tests that edit the source would otherwise find
    the French stale (which blocks the build)."""
    for name in ("notices", "theme"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if not translated:
        import re

        shutil.rmtree(dest / "notices" / "translations", ignore_errors=True)
        sites = dest / "notices" / "sites.yml"
        sites.write_text(re.sub(r"languages: \[en-CA, fr-CA\].*", "language: en-CA", sites.read_text()))
    (dest / ".gitignore").write_text("/site/\n/.noticegen/\n/published/\n")
    if commit:
        git(dest, "init", "-q", "-b", "main")
        git(dest, "add", "-A")
        git(dest, "commit", "-q", "-m", "Notice")
    return dest


def git(folder: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
    """Run git in `folder` with a fixed identity and dates (tests are deterministic)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(["git", "-c", "user.name=Legal Team", "-c", "user.email=legal@example.com",
                             "-c", "commit.gpgsign=false", *args], cwd=folder, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the shipped project, built once for the tests of a module."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run("build", cwd=project)
    assert result.code == 0, result.err
    return project


def mark_contents_entries(project: Path) -> None:
    """Commit a theme override of Material's toc-item.html whose entries carry
    the class `reviewed-entry`: a template only the contents table uses."""
    template = Path(__import__("material").__file__).parent / "templates" / "partials" / "toc-item.html"
    (project / "theme" / "partials").mkdir(exist_ok=True)
    (project / "theme" / "partials" / "toc-item.html").write_text(
        template.read_text().replace('class="md-nav__item"', 'class="md-nav__item reviewed-entry"'))
    git(project, "add", "theme")
    git(project, "commit", "-qm", "A class on the contents' entries")


def require_program(name: str, package: str | None = None) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (apt-get install {package or name}); .ci/run installs it"
    if REQUIRE_TOOLS:
        pytest.fail(message)
    pytest.skip(message)


def require_pdf() -> None:
    """WeasyPrint with Pango and fonts-dejavu-core, or skip (fail in CI)."""
    from generator.pdf import unavailable

    reason = unavailable()
    if reason:
        if REQUIRE_TOOLS:
            pytest.fail(reason)
        pytest.skip(f"{reason}; .ci/run installs it")


@pytest.fixture
def pdfs(monkeypatch):
    """Builds in this test make PDFs, as they do outside the tests."""
    require_pdf()
    monkeypatch.delenv("NOTICEGEN_PDF")


def shared_path(*parts: str) -> Path:
    """A path under ../shared: skip where NOTICEGEN_SHARED is unset (a user's
    clone), fail where it is set but the path cannot be read."""
    if not SHARED:
        pytest.skip("NOTICEGEN_SHARED is not set (.ci/run sets it to ../shared)")
    path = Path(SHARED, *parts)
    if not path.exists():
        pytest.fail(f"NOTICEGEN_SHARED is set but {path} cannot be read")
    return path


TOOLS = REPO / "tests" / "tools" / "node_modules"


def tool_file(relative: str) -> Path:
    """A file of the npm test tools (tests/tools), installed by `make test`."""
    path = TOOLS / relative
    if not path.exists():
        message = f"{relative} is missing: run `make test` with npm installed (or npm ci in tests/tools)"
        if REQUIRE_TOOLS:
            pytest.fail(message)
        pytest.skip(message)
    return path


CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Debian's chromium), via Playwright."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        require_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
