"""Freshness: whether a built site still matches its inputs.

Build, publish and notify ask the same questions of `site/manifest.json`,
and answer them here: the fingerprint of everything every site depends on
(`shared_fingerprint`: noticegen, the engine and renderer, their packages,
mkdocs.yml, the theme), a cheap key of all of a build's inputs (`inputs_key`: the files,
the last commit to notices/, the date the build is for), and each site's own
fingerprint (`fingerprints`: its planned pages and settings). A site is
rebuilt, and may be published or announced, only when these say so.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import subprocess
from importlib import metadata
from pathlib import Path

from typing import TYPE_CHECKING

from . import __version__, engine, manifest, pdf, switches
from .gitlog import grafts_file
from .project import Project

if TYPE_CHECKING:  # a build that changes nothing asks only for the keys below, without loading these
    from .check import Checked
    from .notice import Notice
    from .sites import Site

PACKAGE = Path(__file__).parent


def reference_date(checked: Checked) -> dt.date:
    """"Today" for a build: the date of the last commit to notices/, so the
    same commit always builds the same site (`--today` overrides it)."""
    if checked.history.head_date:
        return dt.date.fromisoformat(checked.history.head_date[:10])
    return checked.notice.meta.effective


def current_fingerprints(project: Project, checked: Checked, out: Path, today: dt.date | None = None) -> dict[str, str]:
    """Each site's input fingerprint now; from the manifest when the inputs
    key says nothing changed since the build (cheap), else by planning."""
    recorded = manifest.read(out)
    today = today or reference_date(checked)
    key = inputs_key(sources_key(project, shared_fingerprint(project)), checked.history.head_sha, today,
                     pdf.enabled())
    if up_to_date(recorded, key, {site.domain for site in checked.sites}, out):
        return {domain: entry.get("input", "") for domain, entry in recorded["sites"].items()}
    return fingerprints(project, checked.notice, checked.sites, checked.history, checked.vocabulary,
                        project.notices, today, checked)


def date_mismatch(out: Path, checked: Checked, today: dt.date | None, domains: list[str]) -> str:
    """Why a build of these sites does not match, when one was made for
    another date than the one asked for: the fix is to ask for the same
    date, not to rebuild. Each site's entry says its date (a build of one
    site for another date leaves the others as they were)."""
    recorded = manifest.read(out)
    if recorded.get("dated_by_hand") is False and not today:
        return ""  # neither this build nor this run named a date: the dates differ for another reason
    asked = (today or reference_date(checked)).isoformat()
    for domain in domains:
        built_for = recorded["sites"].get(domain, {}).get("today") or recorded.get("today")
        if not built_for or built_for == asked:
            continue
        where, option = out / domain, f"--today {built_for}"
        if today:
            return (f"{where} was built for {built_for} (build {option}), not for {asked}: "
                    f"use {option}, or run `noticegen build --today {asked}` first")
        return (f"{where} was built for {built_for} (build {option}), not for {asked} (the date of the last "
                f"commit to notices/): add {option} to this command, or run `noticegen build` again without it")
    return ""


def stale_reason(out: Path, checked: Checked, today: dt.date | None, domain: str) -> str:
    """Why site/<domain> does not match this run, as far as the manifest
    tells: another date, PDFs skipped, another commit; else "" (the files)."""
    return date_mismatch(out, checked, today, [domain]) or build_mismatch(out, checked, domain)


def build_mismatch(out: Path, checked: Checked, domain: str) -> str:
    """Why site/<domain> was built from other inputs than this run's, when
    the manifest says (PDFs skipped, another commit), else ""."""
    recorded, where = manifest.read(out), out / domain
    if recorded.get("pdfs") is False and pdf.enabled():
        return (f"{where} was built without PDFs (build --no-pdf), and its pages link to them: make "
                "them with `noticegen build` (or set NOTICEGEN_PDF=off for this command as for the build)")
    head, built_from = checked.history.head_sha or "", recorded.get("head")
    if built_from and built_from != head:
        return (f"{where} was built from notices/ at commit {built_from[:12]}, but the last commit to notices/ "
                f"is now {head[:12] or 'none'} (another branch, or a new commit): build it again with `noticegen build`")
    return ""


def up_to_date(recorded: dict, key: str, configured: set[str], out: Path) -> bool:
    """The last build of `out` was made from these very inputs, for these sites."""
    return (recorded.get("inputs") == key and set(recorded["sites"]) == configured
            and all((out / domain).is_dir() for domain in configured))


def sources_key(project: Project, shared: str) -> str:
    """The files every page depends on: the working tree's notices/, the
    theme, mkdocs.yml, the generator and its data (in `shared`)."""
    digest = hashlib.sha256(f"{shared}\n".encode())
    for path in sorted(project.notices.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project.notices).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(PACKAGE.rglob("*.py")):  # the generator's own code, significance/ too
        digest.update(path.read_bytes())
    return digest.hexdigest()


def quick_inputs_key(project: Project, sources: str, today: dt.date | None, pdfs: bool) -> str | None:
    """The inputs key from one git command, without reading the history: the
    last commit to notices/ on the first-parent line, as read_history finds
    it, and its date as "today". None where git cannot say (no git, no
    commit): the caller then reads the history. A wrong answer can only
    differ from the recorded key, which costs a full check, never a stale site."""
    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(["git", *args], cwd=project.notices, capture_output=True, text=True, timeout=30,
                                    env={**os.environ, "GIT_NO_REPLACE_OBJECTS": "1"})  # as gitlog reads it
        except (OSError, subprocess.SubprocessError):
            return None
        return None if result.returncode else result.stdout.strip()

    shallow, _, grafts = (git("rev-parse", "--is-shallow-repository", "--git-path", "info/grafts") or "").partition("\n")
    if shallow != "false" or grafts_file(project.notices, grafts) is not None:
        return None  # (a shallow clone, grafts: check says so)
    sha, _, date = (git("log", "-1", "--first-parent", "--format=%H%x1f%cI", "HEAD", "--", ".") or "").partition("\x1f")
    if not sha or not date:
        return None
    return inputs_key(sources, sha, today or dt.date.fromisoformat(date[:10]), pdfs)


def inputs_key(sources: str, head_sha: str, today: dt.date, pdfs: bool = True) -> str:
    """Everything every page depends on, cheaply: the files (`sources`), the
    history (named by the last commit to notices/), the date the build is
    for and whether it makes PDFs."""
    return hashlib.sha256(f"{sources}\n{head_sha}\n{today}\n{'pdf' if pdfs else 'no pdf'}\n".encode()).hexdigest()


def fingerprints(project: Project, notice: Notice, sites: list[Site], history, vocabulary=None,
                 notices: Path | None = None, today: dt.date | None = None, checked: Checked | None = None
                 ) -> dict[str, str]:
    """The input fingerprint of each site (all its languages), as the manifest records it."""
    from .plan import BuildInputs, plan_languages, translation_archive

    shared, diffs = shared_fingerprint(project), {}
    today = today or (dt.date.fromisoformat(history.head_date[:10]) if history.head_date else None)
    inputs = BuildInputs(project, notice, history, vocabulary, sites, shared, today, True, pdf.enabled(),
                         checked.languages if checked else {}, checked.translations if checked else {},
                         translation_archive(project, checked) if checked else None)
    return {site.domain: plan_languages(inputs, site, diffs, None, notices)[2] for site in sites}


def shared_fingerprint(project: Project) -> str:
    """What every site depends on besides its own text."""
    digest = hashlib.sha256(f"noticegen {__version__}\n{engine.name()}\n{switches.renderer()}\n".encode())
    digest.update((PACKAGE / "mkdocs_hook.py").read_bytes())
    for path in sorted((PACKAGE / "data").rglob("*")):  # vocabularies, checklists, templates
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "weasyprint", "pydyf"):
        digest.update(f"{package} {version_of(package)}\n".encode())
    config = project.config_files
    for path in config.files:
        digest.update(path.read_bytes())
        digest.update(config_inputs(path, project.root))
    digest.update(extension_packages(config.settings()).encode())
    custom = config.custom_dir
    for folder in config.theme_dirs(str(custom) if custom else None):
        digest.update(f"theme {folder.name}\n".encode() + tree_digest(folder).encode())
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """sha256 of every file under `folder` with its path, through links to
    folders as a template loader follows them (each real folder once)."""
    digest, seen = hashlib.sha256(), set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            path = Path(top) / name
            try:
                # Regular files only: a pipe or a device would block or never end.
                data = path.read_bytes() if stat.S_ISREG(os.stat(path).st_mode) else b"\0not a file"
            except OSError:  # a dangling link, a file that cannot be read: its name still counts
                data = b"\0unreadable"
            relative = path.relative_to(folder).as_posix().encode()
            digest.update(len(relative).to_bytes(8, "big") + relative + hashlib.sha256(data).digest())
    return digest.hexdigest()


def extension_packages(settings: dict) -> str:
    """The packages and versions of the MkDocs plugins and Markdown
    extensions the settings name, found by their entry points (3 ms; listing
    every installed package takes 100): an upgraded plugin renders the same
    commit differently."""
    named = set()
    for key in ("plugins", "markdown_extensions"):
        value = settings.get(key)
        for item in value if isinstance(value, list) else list(value) if isinstance(value, dict) else []:
            named.update([item] if isinstance(item, str) else list(item) if isinstance(item, dict) else [])
    found = set()
    for group in ("mkdocs.plugins", "markdown.extensions"):
        for point in metadata.entry_points(group=group):
            if point.name in named or point.module in named:
                dist = point.dist
                found.add(f"{dist.name if dist else point.value} {dist.version if dist else '-'}")
    return "\n".join(sorted(found))


def config_inputs(path: Path, root: Path | None = None, seen: frozenset = frozenset()) -> bytes:
    """What an mkdocs.yml brings in besides its own text: the values of the
    environment variables its !ENV tags read, the hook files it names and
    the Python beside them (what a hook imports), the file it INHERITs from
    (and what that brings in), and every file or folder a value names, such
    as a snippets extension's base_path (a site built with other values,
    hooks or files is not the same site). `root`: the project's folder,
    never hashed whole."""
    import yaml

    names: list[str] = []

    class Reader(yaml.SafeLoader):
        pass

    def read_env(loader, node):
        found = node.value if isinstance(node, yaml.SequenceNode) else [node]
        names.extend(item.value for item in found if isinstance(item, yaml.ScalarNode))

    Reader.add_constructor("!ENV", read_env)
    Reader.add_multi_constructor("", lambda loader, suffix, node: None)  # other tags: MkDocs reads them
    from .yamlsafe import expansion_problem

    try:
        text = path.read_text(encoding="utf-8")
        if expansion_problem(text):  # walked below for ever or nearly
            return b""  # the build says what is wrong with it
        settings = yaml.load(text, Reader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return b""  # the build says what is wrong with it
    parts = [f"${name}={os.environ.get(name)!r}" for name in names]
    settings = settings if isinstance(settings, dict) else {}
    hooks = settings.get("hooks")
    for hook in hooks if isinstance(hooks, list) else []:
        hook_file = path.parent / str(hook)
        parts.append(f"hook {hook}: " + (hashlib.sha256(hook_file.read_bytes()).hexdigest()
                                         if hook_file.is_file() else "-"))
        if hook_file.is_file():
            folder = hook_file.parent.resolve()
            if root is not None and folder != root.resolve() and _named_path(path.parent, str(folder), root):
                parts.append(f"hook folder: {tree_digest(folder)}")  # what the hook imports or reads
            else:  # a hook at the project's root: the Python beside it (what it imports)
                beside = sorted(p for p in folder.glob("*.py"))[:500]
                parts += [f"beside {p.name}: {hashlib.sha256(p.read_bytes()).hexdigest()}"
                          for p in beside if p.is_file()]
    inherit = settings.get("INHERIT")
    if isinstance(inherit, str) and (path.parent / inherit).is_file():
        parent = (path.parent / inherit).resolve()
        if parent not in seen:
            parts.append(f"INHERIT {inherit}: {hashlib.sha256(parent.read_bytes()).hexdigest()}")
            parts.append(config_inputs(parent, root, seen | {path.resolve()}).decode())
    for value in sorted(set(_strings(settings))):
        named = _named_path(path.parent, value, root)
        if named is not None:
            parts.append(f"path {value}: " + (tree_digest(named) if named.is_dir()
                                              else hashlib.sha256(named.read_bytes()).hexdigest()))
    return "\n".join(parts).encode()


def _strings(value):
    """Every string value in a config (not its keys): the candidates for paths."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def files_outside(project: Project) -> list:
    """A Markdown extension's setting in the project's mkdocs.yml (or a file
    it INHERITs) naming a file or folder outside the project, such as
    snippets' base_path: its text would go into the pages while no commit
    holds it, so the same commit would build another site elsewhere, and a
    rebuild could not tell it changed. Refused, with the value's line."""
    import yaml

    from .problems import Problem

    root, problems, seen = project.root.resolve(), [], set()
    config = project.config_files.project_file
    while config is not None and config.is_file() and config.resolve() not in seen:
        seen.add(config.resolve())
        try:
            top = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return problems  # check says what is wrong with it
        settings = dict(_mapping_items(top))
        for node in _scalars(settings.get("markdown_extensions")):
            named = _existing_path(config.parent, node.value) if _looks_like_path(node.value) else None
            if named is not None and not named.is_relative_to(root):
                problems.append(Problem(config, node.start_mark.line + 1,
                                        f"a Markdown extension reads {named}, outside the project: its text would "
                                        "reach the pages though no commit holds it",
                                        "move it into the project and name it from there"))
        inherit = settings.get("INHERIT")
        config = config.parent / inherit.value if isinstance(inherit, yaml.ScalarNode) else None
    return problems


def links_outside(project: Project) -> list:
    """A link in theme/ (or the custom_dir mkdocs.yml names) to a file or
    folder outside the project: MkDocs copies what it points at into the
    public site (a link to /proc/self/environ published CI's secrets), and
    no commit holds it. Refused, naming the link."""
    from .problems import Problem

    root, config, problems = project.root.resolve(), project.config_files, []
    for folder in dict.fromkeys(f for f in (config.project_theme, config.custom_dir) if f is not None and f.is_dir()):
        for top, dirs, files in os.walk(folder):  # links to folders are listed, not followed
            dirs.sort()
            for name in sorted(dirs + files):
                path = Path(top) / name
                if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(root):
                    problems.append(Problem(path, 1, f"a link to {os.path.realpath(path)}, outside the project: "
                                            "the build would copy what it points at into the public site",
                                            "put the file itself in the project and commit it, or delete the link"))
    return problems


def _mapping_items(node):
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key.value, value


def _scalars(node):
    import yaml

    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _scalars(value)


def _existing_path(base: Path, value: str) -> Path | None:
    """The file or folder a config value names, resolved, if it exists (a
    value too long, on several lines or with a scheme names none)."""
    if not value or len(value) > 400 or "\n" in value or "://" in value or "\0" in value:
        return None
    try:
        candidate = (base / Path(value).expanduser()).resolve()
        return candidate if candidate.exists() else None
    except (OSError, RuntimeError, ValueError):
        return None


def _looks_like_path(value: str) -> bool:
    # A word (a class name, a language) is not a path, even if a folder beside has its name.
    return value.startswith(("/", ".", "~")) or "/" in value


def _named_path(base: Path, value: str, root: Path | None) -> Path | None:
    """The file or folder inside the project that a config value names, if
    it names one: never the project itself, what lies outside it (a value
    naming /usr would hash it on every build), its git data, or what the
    build reads or writes on its own (notices/, site/, .noticegen/)."""
    top, candidate = (root or base).resolve(), _existing_path(base, value)
    if candidate is None or not candidate.is_relative_to(top) or candidate == top:
        return None
    first = candidate.relative_to(top).parts[0]
    return None if first in (".git", "notices", "site", ".noticegen") or ".git" in candidate.parts else candidate


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"
