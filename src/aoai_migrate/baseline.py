"""Baselines: accept today's findings, report only new ones (``--write-baseline FILE``,
``--baseline FILE`` on ``check`` and ``audit``).

A finding's fingerprint hashes its rule, its file (relative to the configuration's directory,
with forward slashes) and the flagged source text with all whitespace collapsed, plus an
occurrence counter for identical flagged text in the same file (the first ``client.complete(``
... is occurrence 0, the second 1). Line, column and cell numbers are not part of it, so code that
moves up or down because of unrelated edits keeps its fingerprint; editing the flagged code
itself makes it a new finding. The same fingerprints identify GitLab Code Quality issues.

The baseline file is JSON::

    {"version": 1, "findings": [{"fingerprint": "…", "code": "AOM101", "path": "app.py", "line": 3}]}

Only ``fingerprint`` is read back; ``code``, ``path`` and ``line`` are there for people reading
the file (and reviewing its diffs).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .model import Finding
from .runner import source_lines

VERSION = 1


class BaselineError(Exception):
    """An unreadable or malformed baseline file; ``str()`` is one line."""


def flagged_text(finding: Finding, lines: Sequence[str] | None) -> str:
    """The source text of the finding's span, whitespace collapsed; the message when the
    source lines are not at hand."""
    if lines and 1 <= finding.line <= len(lines) and finding.end_line >= finding.line:
        end_line = min(finding.end_line, len(lines))
        if end_line == finding.line:
            text = lines[finding.line - 1][finding.col - 1 : max(finding.end_col - 1, finding.col)]
        else:
            parts = [lines[finding.line - 1][finding.col - 1 :]]
            parts.extend(lines[finding.line : end_line - 1])
            parts.append(lines[end_line - 1][: max(finding.end_col - 1, 0)])
            text = "\n".join(parts)
        collapsed = " ".join(text.split())
        if collapsed:
            return collapsed
    return finding.message


def relative(path: str, root: Path | None) -> str:
    if root is None or path in ("-", "<stdin>"):
        return Path(path).as_posix()
    try:
        return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def fingerprints(
    findings: Iterable[Finding], lines: Mapping, root: Path | None = None
) -> list[str]:
    """One fingerprint per finding, in the order given (occurrences are counted in source
    order whatever that order is)."""
    findings = list(findings)
    keys = [(f.code, relative(f.path, root), flagged_text(f, source_lines(lines, f))) for f in findings]
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key)
    seen: dict[tuple[str, ...], int] = {}
    out = [""] * len(findings)
    for i in order:
        occurrence = seen.get(keys[i], 0)
        seen[keys[i]] = occurrence + 1
        payload = "\0".join((*keys[i], str(occurrence)))
        out[i] = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return out


def write(path: str, findings: Sequence[Finding], prints: Sequence[str], root: Path | None = None) -> None:
    entries = sorted(
        (
            {"fingerprint": fp, "code": f.code, "path": relative(f.path, root), "line": f.line}
            for f, fp in zip(findings, prints)
        ),
        key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]),
    )
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"version": VERSION, "findings": entries}, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def read(path: str) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: the baseline is not valid JSON: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(f"{path}: not an aoai-migrate baseline (expected {{\"findings\": [{{\"fingerprint\": ...}}]}})")
    return frozenset(e["fingerprint"] for e in entries)


def new_findings(
    findings: Sequence[Finding], prints: Sequence[str], known: frozenset[str]
) -> tuple[list[Finding], int]:
    """The findings whose fingerprint is not in the baseline, and how many were."""
    kept = [f for f, fp in zip(findings, prints) if fp not in known]
    return kept, len(findings) - len(kept)
