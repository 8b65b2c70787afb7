"""Benchmark: reading history from git, rendering it, and word diffs.

  1. a notice with 200 versions (every commit a version)
  2. a repository with 5,000 commits of which 200 touch notices/
  3. word diffs of a ~13 KB notice: consecutive versions and distant ones
     (the shipped notice, and the real GitHub privacy statement history in
     ../shared/corpus when NOTICEGEN_SHARED is set)

Repositories are written with `git fast-import`. Prints medians; asserts
nothing; not run by `make test`.

    .venv/bin/python benchmarks/history.py [--versions 200] [--commits 5000]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.diff import DELETE, INSERT, diff_notices  # noqa: E402
from generator.history import read_history, site_history  # noqa: E402
from generator.notice import load_notice  # noqa: E402
from generator.sites import load_sites  # noqa: E402


def notice_files() -> dict[str, bytes]:
    files = {}
    for path in sorted((REPO / "notices").rglob("*")):
        if path.is_file():
            files[path.relative_to(REPO).as_posix()] = path.read_bytes()
    return files


def fast_import(folder: Path, commits: int, versions: int) -> None:
    """`commits` commits; `versions` of them edit a section and bump the version."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    files = notice_files()
    meta = files["notices/notice.yml"].decode()
    security = files["notices/020-security.md"].decode()
    every = max(1, commits // versions)
    stream = []
    mark = 0
    version = 0
    for number in range(commits):
        changes = {}
        if number == 0:
            changes.update(files)
        if number % every == 0 and version < versions:
            version += 1
            changes["notices/notice.yml"] = re.sub(
                r"^effective: .*$", f"effective: {2000 + version // 12:04d}-{version % 12 + 1:02d}-01",
                re.sub(r"^version: .*$", f'version: "{version}"', meta, flags=re.M), flags=re.M).encode()
            changes["notices/020-security.md"] = (security + f"\nRevision {version} adds this sentence.\n").encode()
        else:
            changes[f"src/module{number % 50}.txt"] = f"line {number}\n".encode()
        mark += 1
        when = 1_600_000_000 + number * 60
        message = f"Commit {number}"
        stream.append(f"commit refs/heads/main\nmark :{mark}\n"
                      f"author Bench <bench@example.com> {when} +0000\n"
                      f"committer Bench <bench@example.com> {when} +0000\n"
                      f"data {len(message)}\n{message}\n")
        if number:
            stream.append(f"from :{mark - 1}\n")
        for path, data in changes.items():
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n")
            stream.append(data.decode() + "\n")
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "main"], check=True)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, folder / name)
    shutil.copytree(REPO / "theme", folder / "theme")


def median_seconds(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_history(folder: Path) -> tuple[float, float, int]:
    notices = folder / "notices"
    notice, sites = load_notice(notices), load_sites(notices)
    read = median_seconds(lambda: read_history(folder, notices, notice, sites), 3)
    history = read_history(folder, notices, notice, sites)
    per_site = median_seconds(lambda: site_history(history, sites[0]), 3)
    return read, per_site, len(history.versions)


def time_build(folder: Path) -> float:
    noticegen = Path(sys.executable).parent / "noticegen"
    started = time.perf_counter()
    result = subprocess.run([str(noticegen), "build", "--site", "www.compucom.com"], cwd=folder,
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def redline(old, new):
    """What a changes page needs: sections matched, changed ones diffed."""
    return [section.reading_ops for section in diff_notices(old, new).sections]


def diff_figures(texts: list, label: str) -> None:
    """Times the diff of a changes page (sections matched by id, each
    changed one diffed word by word), as the build makes it."""
    sizes = [len("".join(body for _, body in t.sections).encode()) / 1024 for t in texts]
    consecutive = [median_seconds(lambda a=a, b=b: redline(a, b), 3) for a, b in zip(texts, texts[1:])]
    distant = median_seconds(lambda: redline(texts[0], texts[-1]), 3)
    result = diff_notices(texts[0], texts[-1])
    changed = sum(len(t) for s in result.sections for op, t in s.ops if op in (DELETE, INSERT))
    print(f"  {label}: {len(texts)} versions, {statistics.mean(sizes):.1f} KB of section text on average")
    print(f"    consecutive versions: median {statistics.median(consecutive) * 1000:.1f} ms, "
          f"max {max(consecutive) * 1000:.1f} ms")
    print(f"    first -> last: {distant * 1000:.1f} ms ({changed} characters changed; no time limit)")


def corpus_texts() -> list | None:
    from generator.pages import SiteText
    from generator.singlefile import read_single_file
    from generator.sites import Site

    shared = os.environ.get("NOTICEGEN_SHARED")
    folder = Path(shared or "", "corpus", "github-site-policy--privacy-statement", "versions")
    if not shared or not folder.is_dir():
        return None
    site = Site("example.com", "Example")
    texts = []
    for path in sorted(folder.glob("*.md")):
        notice = read_single_file(path.read_text(encoding="utf-8"), path)
        texts.append(SiteText(site, notice, notice.preamble.body if notice.preamble else "",
                              tuple((section, section.body) for section in notice.sections)))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--commits", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-") as temp:
        many_versions = Path(temp, "versions")
        started = time.perf_counter()
        fast_import(many_versions, args.versions, args.versions)
        big = Path(temp, "big")
        fast_import(big, args.commits, args.versions)
        print(f"(repositories written in {time.perf_counter() - started:.1f} s)")
        for label, folder in ((f"{args.versions} commits, all versions", many_versions),
                              (f"{args.commits} commits, {args.versions} touch notices/", big)):
            read, per_site, count = time_history(folder)
            print(f"{label}: read_history {read:.2f} s for {count} versions; "
                  f"one site's texts and fingerprints {per_site:.2f} s")
        seconds = time_build(many_versions)
        pages = sum(1 for _ in (many_versions / "site").rglob("index.html"))
        print(f"build of one site with {args.versions} versions: {seconds:.1f} s, {pages} pages "
              f"({seconds * 1000 / pages:.0f} ms a page)")
    print("word diffs:")
    notices = REPO / "notices"
    from generator.history import read_history as read
    history = read(REPO, notices, load_notice(notices), load_sites(notices))
    shipped = [entry.text for entry in site_history(history, load_sites(notices)[0])]
    diff_figures(shipped, "shipped CompuCom notice")
    texts = corpus_texts()
    if texts:
        diff_figures(texts, "GitHub Privacy Statement (corpus)")
    else:
        print("  corpus: set NOTICEGEN_SHARED to include the GitHub Privacy Statement history")


if __name__ == "__main__":
    main()
