"""SARIF 2.1.0 for code-scanning uploads (GitHub, Azure DevOps).

``runs[0].tool.driver.rules`` lists every rule of the registry (id = code, name = symbol, the
rule's documentation as ``help``); each result carries the migrated code in
``properties.snippet`` and, when the finding has a fix, its edits as a SARIF ``fix`` (the
applicability in ``properties.fixApplicability``, the imports it needs in ``fixImports``). Columns are Unicode code points (``columnKind``), 1-based, end
exclusive; paths are relative to the current directory (``%SRCROOT%``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .. import __version__, docs, registry
from ..model import Finding
from ..registry import Rule
from ..runner import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(rule: type[Rule] | None) -> str:
    return "error" if rule is not None and rule.severity == "error" else "warning"


def _rule(rule: type[Rule]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.symbol,
        "shortDescription": {"text": rule.summary.strip()},
        "fullDescription": {"text": rule.why.strip()},
        "help": {"text": rule.summary.strip(), "markdown": docs.rule_markdown(rule, level=1)},
        "defaultConfiguration": {"level": _level(rule)},
        "properties": {"category": rule.category.value, "tags": [rule.category.value, "migration"]},
    }
    uri = docs.help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _uri(path: str) -> str:
    rel = os.path.relpath(os.path.abspath(path)) if path != "<stdin>" else path
    return quote(Path(rel).as_posix())


def _location(path: str) -> dict[str, Any]:
    return {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, index: dict[str, int], rules: dict[str, type[Rule]]) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.col,
        "endLine": finding.end_line,
        "endColumn": finding.end_col,
    }
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _level(rules.get(finding.code)),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _location(finding.path), "region": region}}],
        "properties": {"symbol": finding.symbol, "category": finding.category.value},
    }
    if finding.cell is not None:  # a notebook: the region's lines count within this cell
        result["properties"]["cell"] = finding.cell
        result["message"]["text"] = f"cell {finding.cell}, line {finding.line}: {finding.message}"
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.snippet:
        result["properties"]["snippet"] = finding.snippet
    elif finding.see is not None:
        result["properties"]["snippetShownBy"] = finding.see.to_json()
    if finding.test_code:
        result["properties"]["testCode"] = True
    fix = finding.fix
    if fix is not None and fix.edits:
        result["fixes"] = [
            {
                "description": {"text": f"{fix.message} ({fix.applicability.value} fix)"},
                "artifactChanges": [
                    {
                        "artifactLocation": _location(finding.path),
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": edit.line,
                                    "startColumn": edit.col + 1,
                                    "endLine": edit.end_line,
                                    "endColumn": edit.end_col + 1,
                                },
                                "insertedContent": {"text": edit.text},
                            }
                            for edit in fix.edits
                        ],
                    }
                ],
            }
        ]
        result["properties"]["fixApplicability"] = fix.applicability.value
        if fix.imports:
            result["properties"]["fixImports"] = list(fix.imports)
    return result


def _driver(rules: dict[str, type[Rule]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "aoai-migrate", "version": __version__, "semanticVersion": __version__}
    if docs.docs_url():
        driver["informationUri"] = docs.docs_url()
    driver["rules"] = [_rule(rule) for rule in rules.values()]
    return driver


def sarif_log(report: Report) -> dict[str, Any]:
    rules = registry.load()
    index = {code: i for i, code in enumerate(rules)}
    root = Path.cwd().as_uri().rstrip("/") + "/"
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": _location(error.path)}}],
        }
        for error in report.errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": _driver(rules),
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}
                ],
                "results": [_result(f, index, rules) for f in report.findings],
            }
        ],
    }


def write_sarif(report: Report, stream: IO[str]) -> None:
    json.dump(sarif_log(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
