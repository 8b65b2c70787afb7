"""`check`'s problems in the forms tools read: text for people, JSON for
scripts, GitHub Actions annotations (`::error file=...,line=...::`) for
pull requests, SARIF 2.1.0 for code-scanning dashboards."""
from __future__ import annotations

import json
import os

from .problems import Problem, display_path

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(kind: str, errors: list[Problem], warnings: list[Problem], summary: str, version: str) -> str:
    if kind == "json":
        return json.dumps({"valid": not errors, "summary": summary,
                           "problems": [_item(p, "error") for p in errors] +
                                       [_item(p, "warning") for p in warnings]}, indent=2) + "\n"
    if kind == "github":
        lines = [_annotation(p, "error") for p in errors] + [_annotation(p, "warning") for p in warnings]
        return "".join(line + "\n" for line in lines) + summary + "\n"
    if kind == "sarif":
        return json.dumps(_sarif(errors, warnings, version), indent=2) + "\n"
    lines = [p.format() for p in errors] + [f"warning: {p.format()}" for p in warnings]
    return "".join(line + "\n" for line in lines) + summary + "\n"


def _item(problem: Problem, level: str) -> dict:
    return {"level": level, "path": display_path(problem.path), "line": max(problem.line, 1),
            "message": problem.message, "fix": problem.fix or None}


def _escape(text: str, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping: %, CR and LF always; : and , in properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def _annotation(problem: Problem, level: str) -> str:
    message = problem.message + (f" ({problem.fix})" if problem.fix else "")
    return (f"::{level} file={_escape(display_path(problem.path), True)},line={max(problem.line, 1)}::"
            f"{_escape(message)}")


def _sarif(errors: list[Problem], warnings: list[Problem], version: str) -> dict:
    results = []
    for level, problems in (("error", errors), ("warning", warnings)):
        for problem in problems:
            results.append({
                "ruleId": "noticegen/check",
                "level": level,
                "message": {"text": problem.message + (f" ({problem.fix})" if problem.fix else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": display_path(problem.path).replace(os.sep, "/"),
                                         "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(problem.line, 1)}}}],
            })
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "noticegen", "version": version,
                            "informationUri": "https://pypi.org/project/noticegen/",
                            "rules": [{"id": "noticegen/check",
                                       "shortDescription": {"text": "A problem in the privacy notice"}}]}},
        "results": results}]}
