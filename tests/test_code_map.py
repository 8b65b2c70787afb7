"""The README's map of the code matches the code, and modules keep to each
other's public names."""
import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator"
README = (REPO / "README.md").read_text(encoding="utf-8")


def modules():
    names = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__" and path.stem != "__main__"}
    names |= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return names


def test_the_layout_names_every_module_and_only_modules():
    row = next(line for line in README.splitlines() if line.startswith("| `generator/` |"))
    named = set(re.findall(r"`([a-z_0-9]+)`", row)) - {"noticegen", "data", "init"} | {"init"}
    assert named - modules() == set(), "the README names modules that do not exist"
    assert modules() - named == set(), "modules missing from the README's layout"


def test_the_map_of_a_section_names_real_modules():
    start = README.index("### How a section travels from `notices/` to `site/<domain>/`")
    text = README[start:README.index("\n## ", start)]
    named = set(re.findall(r"`([a-z_0-9]+)`", text))
    assert named and named - modules() == set()


def test_no_module_imports_another_modules_private_names():
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:  # from .x import _y
                found += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")
                          and not alias.name.startswith("__")]
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                    and isinstance(node.value, ast.Name) and (PACKAGE / f"{node.value.id}.py").exists():
                found.append(f"{path.name}: {node.value.id}.{node.attr}")  # module._private
    assert found == []


def test_the_build_plugin_is_registered_not_loaded_as_a_hook_file():
    # A `hooks:` file is imported by MkDocs as a module of its own: a second
    # copy of generator.mkdocs_hook with its own caches.
    source = (PACKAGE / "build.py").read_text() + (PACKAGE / "mkdocs_site.py").read_text()
    assert "mkdocs_hook.py" not in source and "BuildHooks(" in source


def test_the_portable_renderer_uses_only_public_mkdocs_names():
    tree = ast.parse((PACKAGE / "mkdocs_portable.py").read_text())
    imported = {(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    outside = {(module, name) for module, name in imported if not (module or "").startswith(("markdown_chunks",
                                                                                                "mkdocs_hook"))
               and module not in ("__future__", "typing")}
    assert outside == {("mkdocs.plugins", "BasePlugin"), ("mkdocs.structure.files", "File"),
                       ("mkdocs.structure.files", "file_sort_key")}
    # From noticegen, only the Markdown joiner and the HTML mend (a string function).
    assert imported - outside - {("__future__", "annotations"), ("typing", "Mapping"), ("typing", "Sequence")} == \
        {("markdown_chunks", "whole"), ("mkdocs_hook", "mend_page")}


# Builds with an older checkout of noticegen on purpose (PYTHONPATH names it).
RUNS_ANOTHER_TREE = {"test_fallback_words.py"}


def test_every_test_that_spawns_the_cli_runs_this_tree():
    """A spawned `python -m generator.cli` imports whatever noticegen the
    environment finds (the venv's editable install points at the main
    clone): each test passes this tree on with conftest's cli_env()."""
    spawning = []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        spawns = re.search(r"""["']-m["'],\s*["']generator\.cli["']|-m generator\.cli""", source)
        if spawns and "cli_env(" not in source and path.name not in RUNS_ANOTHER_TREE:
            spawning.append(path.name)
        # A file that uses cli_env() once may still set the path by hand elsewhere
        # (two branches merged the same hour left REPO undefined that way).
        elif spawns and path.name not in RUNS_ANOTHER_TREE and re.search(r"PYTHONPATH.{0,40}str\(REPO\)", source):
            spawning.append(path.name)
    assert spawning == []


def test_cli_env_runs_this_tree_whatever_the_environment(tmp_path, monkeypatch):
    import subprocess
    import sys

    from conftest import cli_env

    monkeypatch.delenv("PYTHONPATH", raising=False)
    found = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
                           env=cli_env(), capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).is_relative_to(REPO)
