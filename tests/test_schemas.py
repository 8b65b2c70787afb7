"""The JSON Schemas shipped for editors (notice.yml, sites.yml, section
front matter) accept the shipped notice and the init skeleton, refuse what
check refuses by key and type, and name exactly the keys the readers know."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO
from generator.init import init
from generator.notice import CONTROLLER_KEYS, NOTICE_KEYS, SECTION_KEYS
from generator.sites import SITE_KEYS
from generator.sourcefile import split_front_matter

SCHEMAS = REPO / "generator" / "data" / "schemas"


class _EditorLoader(yaml.SafeLoader):
    """YAML as editors' schema checkers see it (YAML 1.2): a date is a string."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def validate(name: str, data) -> None:
    jsonschema.validate(data, schema(name), format_checker=jsonschema.FormatChecker())


def load(path: Path):
    return yaml.load(path.read_text(), Loader=_EditorLoader)


def front_matter(path: Path):
    return yaml.load(split_front_matter(path.read_text()).front_matter, Loader=_EditorLoader)


def test_the_schemas_know_exactly_the_keys_the_readers_know():
    notice = schema("notice")
    assert set(notice["properties"]) == set(NOTICE_KEYS)
    assert set(notice["required"]) == {key for key, required in NOTICE_KEYS.items() if required}
    assert set(notice["properties"]["controller"]["properties"]) == set(CONTROLLER_KEYS)
    assert set(schema("section")["properties"]) == set(SECTION_KEYS)
    assert set(schema("sites")["$defs"]["site"]["properties"]) == set(SITE_KEYS)


@pytest.mark.parametrize("kind", ["shipped", "init"])
def test_the_shipped_notice_and_the_skeleton_are_valid(kind, tmp_path):
    notices = REPO / "notices"
    if kind == "init":
        init(tmp_path, "www.example.com", dt.date(2027, 1, 1))
        notices = tmp_path / "notices"
    validate("notice", load(notices / "notice.yml"))
    validate("sites", load(notices / "sites.yml"))
    sections = sorted(notices.glob("[0-9]*.md")) + sorted((notices / "sites").glob("*/*.md"))
    assert sections
    for path in sections:
        validate("section", front_matter(path))


@pytest.mark.parametrize("name, change", [
    ("notice", lambda d: d.update(colour="blue")),
    ("notice", lambda d: d.update(version=5)),
    ("notice", lambda d: d.update(effective="19 November 2013")),
    ("notice", lambda d: d["controller"].pop("email")),
    ("sites", lambda d: d["sites"][0].update(domain="https://www.compucom.com")),
    ("sites", lambda d: d["sites"][0].update(notice_period="30 days")),
])
def test_what_check_refuses_the_schema_refuses(name, change):
    data = load(REPO / "notices" / f"{name}.yml")
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        validate(name, data)
