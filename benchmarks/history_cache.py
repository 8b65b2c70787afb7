"""Benchmark: a long real history, built cold and warm, with and without
the persistent cache of diffs and assessments (generator/cache.py).

Imports Basecamp's real privacy-policy history from ../shared/corpus (as
tests/test_import_history.py does: every state committed on its real date,
then `noticegen import --history`), one site, and times `noticegen build
--no-pdf` in its own process, in one run, in turns:

  before, cold   NOTICEGEN_CACHE=off, no .noticegen/ and no site/: what a
                 first build cost before the cache (and costs with it off)
  before, warm   NOTICEGEN_CACHE=off, .noticegen/ of the last build kept
                 (compiled templates), no site/: a CI run restoring its cache
  after, cold    the cache on, no .noticegen/, no site/
  after, warm    the cache on, .noticegen/ kept, no site/

With `--before DIR` (the package of an earlier noticegen, say a `git
worktree` or `git archive` of the commit before the cache), the "before"
modes run that code instead of this one with the cache off.

Each mode runs --runs times (default 3), taking turns, and the best counts
(this machine's speed drifts by tens of percent from minute to minute); the
CPU seconds of the build's processes are printed beside the wall clock, as
they drift less, and the peak memory of the largest process of any build. Prints seconds, ms per page and the ratios measured in this
run. Not a test: it asserts nothing and is not run by `make test`.

    NOTICEGEN_SHARED=../shared .venv/bin/python benchmarks/history_cache.py [--corpus NAME] [--before DIR]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the import helpers of tests/test_import_history.py

MODES = [("before, cold", "off", False), ("before, warm", "off", True),
         ("after, cold", "on", False), ("after, warm", "on", True)]


def imported(folder: Path, corpus: Path) -> Path:
    from test_authoring import empty_project
    from test_import_history import corpus_repository, fill_in, noticegen

    index, path = corpus_repository(folder / "source", corpus)
    project = empty_project(folder / "project")
    result = noticegen(project, "import", path, "--history", str(folder / "source"), "--domain", "example.com")
    if result.returncode:
        sys.exit(result.stderr)
    fill_in(project)
    print(f"{corpus.name}: {len(index)} states imported")
    return project


def timed_build(project: Path, cache: str, keep: bool, code: Path | None = None) -> tuple[float, float, int]:
    shutil.rmtree(project / "site", ignore_errors=True)
    if not keep:
        shutil.rmtree(project / ".noticegen", ignore_errors=True)
    env = {**os.environ, "NOTICEGEN_CACHE": cache, "NOTICEGEN_PDF": "off"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--no-pdf"], cwd=project, env=env,
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(result.stderr)
    # ru_maxrss of children: the peak of the largest process waited for so far (KB).
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), after.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="basecamp-policies--privacy-policy")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a folder holding an earlier noticegen's generator/")
    args = parser.parse_args()
    shared = os.environ.get("NOTICEGEN_SHARED")
    if not shared:
        sys.exit("set NOTICEGEN_SHARED to ../shared (the corpus of real histories)")
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-") as work:
        project = imported(Path(work), Path(shared, "corpus", args.corpus))
        timed_build(project, "on", False)  # imports compiled, files in the page cache
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.runs):
            for name, cache, keep in MODES:
                code = args.before.resolve() if args.before and name.startswith("before") else None
                if keep:  # the warm build follows a build of its own mode
                    timed_build(project, cache, False, code)
                wall, cpu, peak = timed_build(project, cache, keep, code)
                old = best.get(name)
                best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
        pages = len(list((project / "site").rglob("*.html")))
        cached = sum(1 for _ in (project / ".noticegen" / "cache").rglob("*.json"))
    print(f"{pages} HTML pages, one site; best of {args.runs} runs; {cached} cache entries; before: "
          f"{args.before or 'this code, NOTICEGEN_CACHE=off'}; peak memory of the largest process "
          f"{peak / 1024:.0f} MB")
    for name, (wall, cpu) in best.items():
        print(f"  {name:13} {wall:6.2f} s wall ({1000 * wall / pages:5.1f} ms a page), {cpu:6.2f} s CPU")
    ratio = lambda a, b, i: best[a][i] / best[b][i]  # noqa: E731
    for a, b in (("after, warm", "before, warm"), ("after, cold", "before, cold"), ("after, warm", "after, cold")):
        print(f"  {a} / {b}: {ratio(a, b, 0):.2f} wall, {ratio(a, b, 1):.2f} CPU")


if __name__ == "__main__":
    main()
