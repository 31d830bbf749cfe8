"""What every audit format renders: the findings, the skipped files and the summary."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import registry
from ..model import Finding
from .scan import Skipped
from .summary import Summary, applicability


@dataclasses.dataclass
class AuditReport:
    findings: list[Finding]
    skipped: list[Skipped]
    summary: Summary
    #: source lines of the files with findings: keyed by path, or ``(path, cell)`` for a notebook cell
    lines: dict[Any, list[str]] = dataclasses.field(default_factory=dict)
    #: findings accepted by ``--baseline`` and not shown
    baselined: int = 0

    def by_file(self) -> dict[str, list[Finding]]:
        files: dict[str, list[Finding]] = {}
        for finding in self.findings:
            files.setdefault(finding.path, []).append(finding)
        return files


def finding_json(finding: Finding) -> dict[str, Any]:
    """``check --format json``'s object (``cell`` is ``None`` outside notebooks)."""
    return finding.to_json()


def report_json(report: AuditReport) -> dict[str, Any]:
    return {
        "findings": [finding_json(f) for f in report.findings],
        "skipped": [s.to_json() for s in report.skipped],
        "summary": report.summary.to_json(),
    }


def rule_symbol(code: str) -> str:
    rule = registry.load().get(code)
    return rule.symbol if rule is not None else ""


def fix_label(finding: Finding) -> str:
    return {"safe": "fix", "unsafe": "fix (review)"}.get(applicability(finding), "manual")
