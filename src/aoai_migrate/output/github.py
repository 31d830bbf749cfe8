"""GitHub Actions workflow commands: one ``::warning``/``::error`` annotation per finding.

Escaping follows GitHub's workflow-command rules (actions/toolkit ``command.ts``): in the
message ``%``, CR and LF are percent-encoded; in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import IO

from .. import registry
from ..model import Finding
from ..runner import Report


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, source_line: str = "") -> str:
    rules = registry.load()
    rule = rules.get(finding.code)
    level = "error" if rule is not None and rule.severity == "error" else "warning"
    where: tuple[tuple[str, object], ...] = (
        ("line", finding.line), ("col", finding.col), ("endLine", finding.end_line), ("endColumn", finding.end_col),
    )
    message = finding.message
    if finding.cell is not None:  # a notebook: GitHub has no cell positions, the message says where
        where = ()
        message = f"cell {finding.cell}, line {finding.line}: {message}"
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (("file", finding.path), *where, ("title", finding.code))
    )
    if finding.snippet:
        from .text import standalone  # rich comes with it: only when there is a snippet to show

        message += "\n\nMigrated code:\n" + standalone(finding.snippet, source_line)
    elif finding.see is not None:
        message += f"\n\nMigrated code: see {finding.see}"
    return f"::{level} {props}::{escape_data(message)}"


def write_github(report: Report, stream: IO[str]) -> None:
    for finding in report.findings:
        lines = report.source_lines(finding)
        source_line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        stream.write(annotation(finding, source_line) + "\n")
    for error in report.errors:
        stream.write(f"::error file={escape_property(error.path)},title=aoai-migrate::{escape_data(error.message)}\n")
