"""Benchmark: what a second language costs a build.

Times cold builds (no site/, no caches, `--no-pdf`) of the shipped project
in the repository's own git history (versions 1 to 5), three ways, in turns:

  english     the three sites in their source language only (no languages:)
  shipped     as shipped: www.compucom.ca also in fr-CA (versions 4 and 5 in French)
  all-french  3 sites x 2 languages: every site also in fr-CA, sections with no
              French shown in English under the note (stale_translations:
              {significant: note})

Each configuration is built --runs times (default 3), taking turns, and the
best and median count: this machine's speed drifts by tens of percent from
minute to minute. Prints seconds and pages. Not a test.

    .venv/bin/python benchmarks/languages.py --runs 3
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTICEGEN = Path(os.environ.get("NOTICEGEN", REPO / ".venv" / "bin" / "noticegen"))


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c",
                    "commit.gpgsign=false", *args], cwd=folder, check=True, capture_output=True)


def make_project(folder: Path, kind: str) -> Path:
    """A clone of this repository's history (so every version is there),
    with the site list of `kind` committed on top."""
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(folder)], check=True)
    sites = folder / "notices" / "sites.yml"
    text = sites.read_text()
    if kind == "english":
        text = re.sub(r"languages: \[en-CA, fr-CA\].*", "language: en-CA", text)
        shutil.rmtree(folder / "notices" / "translations")
    elif kind == "all-french":
        text = re.sub(r"    language: en\n", "    languages: [en, fr-CA]\n", text)
        text = text.replace("  - domain:", "  - stale_translations: {significant: note}\n    domain:")
    sites.write_text(text)
    git(folder, "commit", "-q", "-am", f"benchmark: {kind}", "--allow-empty")
    return folder


def cold_build(project: Path) -> tuple[float, int]:
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".noticegen", ignore_errors=True)
    env = {**os.environ, "NOTICEGEN_PDF": "off", "CI": "1"}
    start = time.perf_counter()
    result = subprocess.run([str(NOTICEGEN), "build", "--no-pdf"], cwd=project, env=env, capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr}")
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    return elapsed, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kinds = ("english", "shipped", "all-french")
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-languages-") as work:
        projects = {kind: make_project(Path(work) / kind, kind) for kind in kinds}
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        pages: dict[str, int] = {}
        for _ in range(args.runs):
            for kind in kinds:
                elapsed, count = cold_build(projects[kind])
                times[kind].append(elapsed)
                pages[kind] = count
        print(f"cold builds, --no-pdf, {args.runs} runs each in turns (load {os.getloadavg()[0]:.1f}):")
        for kind in kinds:
            print(f"  {kind:<11} {pages[kind]:>4} pages  best {min(times[kind]):5.2f} s  "
                  f"median {statistics.median(times[kind]):5.2f} s  ({', '.join(f'{t:.2f}' for t in times[kind])})")


if __name__ == "__main__":
    main()
