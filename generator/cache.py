"""A persistent, content-addressed cache of work a build repeats: word diffs
(diff.py), significance assessments and the compiled vocabulary
(significance/), converted Markdown chunks (markdown_chunks.py) and more,
in `.noticegen/cache/<kind>/`.

An entry is named by a digest of everything its value is computed from: the
texts compared (their content, not their names or versions), the vocabulary
for an assessment, and noticegen's own code (every module of the package,
so an edited detector never meets an old entry). So an entry is either the
value that would be computed again or absent; deleting the folder only makes
the next build slower. Entries are JSON (never pickle: a cache restored from
elsewhere must not be able to run code), written whole to a temporary file
and renamed into place, and carry a digest of their value: an entry that
does not parse, is not the shape expected or does not match its digest is
ignored, computed again and rewritten.

Builds switch it on per process (`use(folder)`); without that (tests of the
detector, `noticegen diff`) nothing is read or written. `NOTICEGEN_CACHE=off`
switches it off for a build.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import __version__, switches

VARIABLE = "NOTICEGEN_CACHE"
PACKAGE = Path(__file__).parent

_folder: Path | None = None
_code: str | None = None
stats = {"hits": 0, "misses": 0, "corrupt": 0}


def use(folder: Path | None) -> None:
    """Read and write entries under `folder` in this process (None: don't)."""
    global _folder
    _folder = None if folder is None or not switches.is_on(VARIABLE) else Path(folder)


def enabled() -> bool:
    """Whether NOTICEGEN_CACHE lets a build keep entries (the build folder may still be unusable)."""
    return switches.is_on(VARIABLE)


def code_digest() -> str:
    """noticegen's version and code, and the diff library's version: what
    any cached value may depend on besides its inputs."""
    global _code
    if _code is None:
        digest = hashlib.sha256(f"noticegen {__version__}\n".encode())
        for package in ("diff-match-patch",):
            try:
                digest.update(f"{package} {metadata.version(package)}\n".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{package} -\n".encode())
        for path in sorted(PACKAGE.rglob("*.py")):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
        _code = digest.hexdigest()
    return _code


def key(*parts: Any) -> str:
    """A digest of `parts` (JSON-able) and the code."""
    data = json.dumps([code_digest(), *parts], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def cached(kind: str, parts: tuple, compute: Callable[[], Any], encode: Callable[[Any], Any],
           decode: Callable[[Any], Any]) -> Any:
    """The value for `parts`: from the cache when a sound entry is there,
    else computed (and stored). `encode` turns the value into JSON data,
    `decode` back; decode raising (KeyError, TypeError, ValueError) means
    the entry is not sound."""
    if _folder is None:
        return compute()
    found = load(kind, parts, decode)
    if found is not None:
        return found
    value = compute()
    save(kind, parts, encode(value))
    return value


def load(kind: str, parts: tuple, decode: Callable[[Any], Any]) -> Any:
    """The decoded value of a sound entry for `parts`, else None (no
    entry, one that does not match its digest or that `decode` refuses,
    or no cache in this process)."""
    if _folder is None:
        return None
    name = key(kind, *parts)
    try:
        # os.path, not pathlib: a build reads ~1,400 entries, and three Path
        # joins cost more than the read of a small entry.
        with open(os.path.join(_folder, kind, name[:2], name + ".json"), "rb") as file:
            entry = json.loads(file.read())
        data = entry["value"]
        if entry["key"] != name or entry["sha256"] != value_digest(data):
            raise ValueError("not this entry")
        value = decode(data)
    except FileNotFoundError:
        stats["misses"] += 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        stats["corrupt"] += 1
    else:
        stats["hits"] += 1
        return value
    return None


def save(kind: str, parts: tuple, data: Any) -> None:
    """`data` (JSON) as the entry for `parts`, when this process has a cache."""
    if _folder is not None:
        name = key(kind, *parts)
        _write(_folder / kind / name[:2] / f"{name}.json", name, data)


def value_digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _write(path: Path, name: str, data: Any) -> None:
    """Whole or not at all; a cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}")
        temporary.write_text(json.dumps({"key": name, "sha256": value_digest(data), "value": data}, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


_vocabularies: dict[int, tuple[object, str]] = {}


def vocabulary_digest(vocabulary) -> str:
    """A digest of a significance vocabulary's contents (not its memos)."""
    known = _vocabularies.get(id(vocabulary))
    if known is not None and known[0] is vocabulary:
        return known[1]
    data = [[f.name, _canonical(getattr(vocabulary, f.name))] for f in dataclasses.fields(vocabulary)
            if f.init and f.default_factory is dataclasses.MISSING]  # memos are made by factories
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()
    _vocabularies[id(vocabulary)] = (vocabulary, digest)
    return digest


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)
