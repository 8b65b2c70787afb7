"""The persistent cache of diffs, assessments, converted Markdown and the
URLs found in built pages (generator/cache.py) only ever makes a build faster: a cold cache, a warm one and one with broken
entries give the same bytes, and a broken entry is ignored and rewritten."""
import json
import shutil

import pytest

from conftest import copy_project, run
from test_history import edit, release
from generator import cache, embeds, mkdocs_frames, offline
from generator.build import build
from generator.diff import stored_word_diff, word_diff
from generator.project import Project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("cache") / "project")
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    release(project, "6", "2030-01-01", "Reasonable precautions.")
    edit(project, "notice.yml", "title: Website Privacy Statement", "title: Website Privacy & Cookie Statement")
    for name in ("060-access-and-accuracy.md", "075-retention.md"):
        path = project / "notices" / name
        path.write_text(path.read_text() + "\nWe answer within 30 days.\n")
    release(project, "7", "2031-01-01", "Renamed; answers within 30 days.")
    return project


def entries(project, kind):
    return sorted((Project(project).cache_dir / kind).rglob("*.json"))


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(project, out):
    """Build as a new process would: without the converters an earlier
    build in this process left (they keep what they converted in memory)."""
    mkdocs_frames._converters.clear()
    embeds._converter = None
    offline._scanned.clear()
    for key in cache.stats:
        cache.stats[key] = 0
    build(Project(project), out=out, jobs=1)
    stats = dict(cache.stats)
    cache.use(None)
    return files(out), stats


def test_cold_warm_and_broken_caches_build_the_same_sites(project, tmp_path):
    cold, stats = built(project, tmp_path / "cold")
    assert stats["misses"] > 0 and stats["corrupt"] == 0  # (check() and the plan share entries: some hits)
    diffs, assessments = entries(project, "diffs"), entries(project, "significance")
    converted, fetched = entries(project, "markdown"), entries(project, "fetches")
    assert len(diffs) >= 3 and len(assessments) >= 2 and len(converted) > 20 and len(fetched) > 20

    warm, stats = built(project, tmp_path / "warm")
    assert stats["misses"] == 0 and stats["corrupt"] == 0 and stats["hits"] > 0
    assert warm == cold

    # Broken in every way an entry can be: cut short, not JSON, another
    # entry's key, a digest that does not match, and well-formed values
    # that are not what they claim (ops that do not rebuild the texts, a
    # reason of the wrong shape), their digests made to match.
    originals = {path: path.read_bytes() for path in diffs + assessments + converted + fetched}
    diffs[0].write_bytes(originals[diffs[0]][:40])
    assessments[0].write_text("not json")
    entry = json.loads(originals[diffs[1]])
    diffs[1].write_text(json.dumps({**entry, "key": "0" * 64}))
    entry = json.loads(originals[assessments[-1]])
    assessments[-1].write_text(json.dumps({**entry, "sha256": "0" * 64}))
    broken = [diffs[0], assessments[0], diffs[1], assessments[-1]]
    entry = json.loads(originals[diffs[-1]])
    entry["value"] = [[1, "Anything at all."]]
    entry["sha256"] = cache.value_digest(entry["value"])  # a forged entry that looks sound
    diffs[-1].write_text(json.dumps(entry))
    broken.append(diffs[-1])
    shaped = next((path for path in assessments[1:-1] if json.loads(originals[path])["value"]), None)
    if shaped is not None:
        entry = json.loads(originals[shaped])
        entry["value"] = [{**entry["value"][0], "words": "not a list"}]
        entry["sha256"] = cache.value_digest(entry["value"])
        shaped.write_text(json.dumps(entry))
        broken.append(shaped)

    for path in converted[:2]:  # HTML that is not a string; a toc that is not Python-Markdown's
        entry = json.loads(originals[path])
        entry["value"] = {**entry["value"], **({"html": ["<p>"]} if path == converted[0] else {"toc": [{"id": 1}]})}
        entry["sha256"] = cache.value_digest(entry["value"])
        path.write_text(json.dumps(entry))
        broken.append(path)

    entry = json.loads(originals[fetched[0]])  # URLs that are not strings
    entry["value"] = [1]
    entry["sha256"] = cache.value_digest(entry["value"])
    fetched[0].write_text(json.dumps(entry))
    broken.append(fetched[0])

    mended, stats = built(project, tmp_path / "mended")
    assert mended == cold
    assert stats["corrupt"] == len(broken) and stats["misses"] == 0
    for path in broken:  # computed again and written back whole
        assert path.read_bytes() == originals[path], path

    # Safe to delete: gone, the build computes everything again.
    import shutil

    shutil.rmtree(Project(project).cache_dir)
    again, stats = built(project, tmp_path / "again")
    assert again == cold and stats["misses"] > 0


def test_switched_off_it_reads_and_writes_nothing(project, tmp_path, monkeypatch):
    monkeypatch.setenv("NOTICEGEN_CACHE", "off")
    before = entries(project, "diffs") + entries(project, "significance")
    _, stats = built(project, tmp_path / "off")
    assert stats == {"hits": 0, "misses": 0, "corrupt": 0}
    assert entries(project, "diffs") + entries(project, "significance") == before


@pytest.mark.parametrize("spoil", ["file", "dangling link"])
def test_a_cache_folder_that_cannot_be_used_only_costs_time(project, tmp_path, spoil):
    """The caches (diffs, assessments, compiled templates, file stats) only
    save time: a file or a dangling link in their place builds the same site."""
    expected, _ = built(project, tmp_path / "expected")
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".noticegen", "site"))
    if spoil == "file":
        (copy / ".noticegen").write_text("not a folder")
    else:
        (copy / ".noticegen").symlink_to(tmp_path / "nowhere" / "at-all")
    found, _ = built(copy, tmp_path / "out")
    assert found == expected


def test_an_entry_is_keyed_by_both_texts_and_the_code(tmp_path, monkeypatch):
    cache.use(tmp_path)
    try:
        old, new = "We keep it for 30 days.", "We keep it for 90 days."
        assert stored_word_diff(old, new) == tuple(word_diff(old, new))
        assert stored_word_diff(new, old) == tuple(word_diff(new, old))  # another entry, not the first reversed
        assert len(list(tmp_path.rglob("*.json"))) == 2
        first = cache.key("diffs", "words", old, new)
        monkeypatch.setattr(cache, "_code", "another version of noticegen")
        assert cache.key("diffs", "words", old, new) != first
    finally:
        cache.use(None)


def test_an_idle_worker_fills_the_cache_for_a_single_site(project, tmp_path, monkeypatch):
    """One site, two workers: the second works out the site's diffs and
    assessments from the newest pair (plan.prefill) while the first plans
    it. The site is the same as one planned alone, and one without a cache."""
    from generator import plan
    from generator.check import check
    from generator.freshness import reference_date, shared_fingerprint

    site, folder = "careers.compucom.com", Project(project).cache_dir
    shutil.rmtree(folder, ignore_errors=True)
    build(Project(project), [site], out=tmp_path / "two", jobs=2)
    cache.use(None)
    alone, _ = built(project, tmp_path / "alone")  # from the entries the two workers left
    monkeypatch.setenv("NOTICEGEN_CACHE", "off")
    off, _ = built(project, tmp_path / "off")
    monkeypatch.delenv("NOTICEGEN_CACHE")
    assert files(tmp_path / "two" / site) == files(tmp_path / "alone" / site) == files(tmp_path / "off" / site)

    # From a cold cache, planning finds what the prefill left.
    checked = check(Project(project))
    inputs = plan.BuildInputs(Project(project), checked.notice, checked.history, checked.vocabulary,
                              checked.sites, shared_fingerprint(Project(project)), reference_date(checked))
    careers = next(s for s in checked.sites if s.domain == site)

    def hits_when_planned(prefilled: bool) -> int:
        shutil.rmtree(folder, ignore_errors=True)
        cache.use(folder)
        try:
            if prefilled:
                assert plan.prefill(inputs, careers) >= 2
            for key in cache.stats:
                cache.stats[key] = 0
            plan.plan_languages(inputs, careers, {}, None)
            return cache.stats["hits"]
        finally:
            cache.use(None)

    assert hits_when_planned(True) > hits_when_planned(False)


def test_the_offline_scan_keeps_a_bounded_number_of_pages_in_memory(monkeypatch):
    """The preview is one process across every rebuild: what it remembers
    of scanned pages must not grow without end."""
    monkeypatch.setattr(offline, "SCANNED_KEPT", 2, raising=False)
    offline._scanned.clear()
    pages = [f'<img src="https://cdn{n}.example/a.png">'.encode() for n in range(5)]
    for page in pages:
        offline.file_urls(".html", page)
        assert len(offline._scanned) <= 2
    assert offline.file_urls(".html", pages[0]) == ["https://cdn0.example/a.png"]


def test_history_and_diff_keep_and_reuse_the_assessments(tmp_path):
    """`noticegen history` assessed every version again on every run (the
    cache was used by build, review, publish and notify only): 7.8 s for
    GitHub's 17 imported versions, 1.7 s with the cache (README)."""
    project = copy_project(tmp_path / "project")  # its own: the module's project is built cold
    edit(project, "020-security.md", "extensive precautions", "reasonable precautions")
    release(project, "6", "2030-01-01", "Reasonable precautions.")  # undeclared: the detector decides
    significance = project / ".noticegen" / "cache" / "significance"
    first = run("history", "--format", "json", cwd=project)
    assert first.code == 0, first.err
    stored = sorted(significance.rglob("*.json"))
    assert stored, "history stored no assessment"
    again = run("history", "--format", "json", cwd=project)
    assert again.out == first.out and sorted(significance.rglob("*.json")) == stored
    assert run("diff", "5", "6", cwd=project).code == 0


def _exactly(value):
    """A value with every mapping's order and every type kept, to compare two vocabularies."""
    if isinstance(value, dict):
        return ["dict", [[_exactly(k), _exactly(v)] for k, v in value.items()]]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_exactly(item) for item in value]]
    if isinstance(value, frozenset):
        return ["frozenset", sorted(repr(_exactly(item)) for item in value)]
    if hasattr(value, "pattern") and hasattr(value, "flags"):
        return ["re", value.pattern, value.flags]
    return [type(value).__name__, value]


def test_the_vocabulary_from_the_cache_is_the_one_compiled_and_follows_its_file(tmp_path):
    """The compiled vocabulary is kept by its data: read back, every table is
    as compiled, in its order; an edited project vocabulary is compiled
    anew, never the kept one; a damaged entry is ignored and rewritten."""
    import dataclasses

    from generator.significance import vocabulary

    load = vocabulary._load_vocabulary.__wrapped__  # not the process's memo: the persistent cache
    project_file = tmp_path / "significance.yml"
    project_file.write_text("categories:\n  recipients:\n    terms: [zebra keeper]\n")
    cache.use(tmp_path / "cache")
    try:
        for key in cache.stats:
            cache.stats[key] = 0
        compiled = load(project_file, None)
        kept = load(project_file, None)
        assert cache.stats == {"hits": 1, "misses": 1, "corrupt": 0}
        (entry,) = entries_in(tmp_path / "cache", vocabulary.VOCABULARY_ENTRY)
        for field in dataclasses.fields(vocabulary.Vocabulary):
            assert _exactly(getattr(kept, field.name)) == _exactly(getattr(compiled, field.name)), field.name
        assert "zebra keeper" in kept.categories["recipients"]["terms"].values()
        assert list(kept.categories) == list(compiled.categories)

        project_file.write_text("categories:\n  recipients:\n    terms: [walrus wrangler]\n")
        changed = load(project_file, None)
        terms = changed.categories["recipients"]["terms"].values()
        assert "walrus wrangler" in terms and "zebra keeper" not in terms

        data = json.loads(entry.read_text())
        data["value"]["negations"] = [1]
        data["sha256"] = cache.value_digest(data["value"])  # sound to the cache, not a vocabulary
        entry.write_text(json.dumps(data))
        project_file.write_text("categories:\n  recipients:\n    terms: [zebra keeper]\n")
        cache.stats["corrupt"] = 0
        again = load(project_file, None)
        assert cache.stats["corrupt"] == 1 and _exactly(again.negations) == _exactly(compiled.negations)
        assert json.loads(entry.read_text())["value"]["negations"] != [1]  # rewritten
    finally:
        cache.use(None)


def entries_in(folder, kind):
    return sorted((folder / kind).rglob("*.json"))


def test_every_field_of_the_vocabulary_is_carried_by_its_cache_entry():
    """A field added to Vocabulary without its line in the codec would come
    back from the cache empty (sig19's `addressees` did, and read every
    "our privacy team at" as a new recipient); such a vocabulary is compiled
    every time instead, and this names the field to add."""
    from generator.significance import vocabulary

    assert vocabulary._uncoded_fields() == set()
