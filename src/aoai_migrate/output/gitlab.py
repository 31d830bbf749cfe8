"""GitLab Code Quality (a subset of the Code Climate issue format), for the
``artifacts:reports:codequality`` report of a merge request::

    [{"description": "AOM101: ...", "check_name": "AOM101", "fingerprint": "...",
      "severity": "minor", "location": {"path": "app.py", "lines": {"begin": 3}}}]

Fingerprints are the baseline's (:mod:`aoai_migrate.baseline`): rule, file and flagged text,
not line numbers, so GitLab keeps recognising an issue when unrelated edits move it, and shows
it as resolved only when the code changes. Paths are relative to the current directory (the
repository root in a CI job), as GitLab expects. A notebook finding points at the notebook's
first line and names its cell and line in the description (GitLab has no cell positions).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from .. import baseline, registry
from ..runner import Report

#: rule severity -> Code Quality severity (info, minor, major, critical, blocker)
SEVERITY = {"warning": "minor", "error": "major"}


def _path(path: str) -> str:
    if path == "<stdin>":
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def issues(report: Report) -> list[dict[str, Any]]:
    rules = registry.load()
    prints = baseline.fingerprints(report.findings, report.lines, Path.cwd())
    out = []
    for finding, fingerprint in zip(report.findings, prints):
        rule = rules.get(finding.code)
        description, begin, end = finding.one_line(), finding.line, finding.end_line
        if finding.cell is not None:  # a notebook: GitLab has no cells, the description says where
            description, begin, end = f"cell {finding.cell}, line {finding.line}: {description}", 1, 1
        out.append(
            {
                "type": "issue",
                "description": f"{finding.code}: {description}",
                "check_name": finding.code,
                "categories": ["Compatibility"],
                "fingerprint": fingerprint,
                "severity": SEVERITY.get(rule.severity if rule is not None else "warning", "minor"),
                "location": {"path": _path(finding.path), "lines": {"begin": begin, "end": end}},
            }
        )
    return out


def write_gitlab(report: Report, stream: IO[str]) -> None:
    json.dump(issues(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
