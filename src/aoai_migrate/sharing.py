"""One snippet per site: findings that describe parts of one migration show its code once.

A client construction flagged for its class (AOM102), its credential (AOM201) and its
``api_version`` (AOM4xx) renders the same migrated client three times. Every code is kept (users
select and suppress them one by one) and so is every finding's edit (``replacement``, ``fix``),
but only one finding of such a group shows the snippet; the others point to it
(:attr:`Finding.see`, "migrated code: see AOM102 (inference-sdk-client) on line 12").

A group is findings of one file with the same snippet whose spans overlap (one inside the other,
or crossing). The finding shown is the one with the widest span, then the first in source order.
Adapters call :func:`share` on the findings they are about to report, after suppression comments,
code selection and the baseline, so a finding that is not reported never holds the only snippet.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from .model import Finding, SnippetRef


def share(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` (one file's, in any order) with repeated snippets of one site replaced by a
    reference to the finding that shows it; order and everything else unchanged."""
    by_snippet: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.snippet and finding.see is None:
            by_snippet.setdefault(finding.snippet.strip(), []).append(index)
    out = list(findings)
    for indexes in by_snippet.values():
        if len(indexes) < 2:
            continue
        for group in _overlapping(findings, indexes):
            if len(group) < 2:
                continue
            shown = min(group, key=lambda i: _rank(findings[i]))
            ref = SnippetRef(findings[shown].code, findings[shown].symbol, findings[shown].line, findings[shown].col)
            for i in group:
                if i != shown:
                    out[i] = dataclasses.replace(findings[i], snippet=None, compact=None, see=ref)
    return out


def share_by_file(findings: Sequence[Finding]) -> list[Finding]:
    """:func:`share` applied to each file's findings of a report (order kept)."""
    by_path: dict[tuple, list[int]] = {}
    for index, finding in enumerate(findings):  # a notebook's cells number their lines apart
        by_path.setdefault((finding.path, getattr(finding, "cell", None)), []).append(index)
    out = list(findings)
    for indexes in by_path.values():
        for index, finding in zip(indexes, share([findings[i] for i in indexes])):
            out[index] = finding
    return out


def _span(f: Finding) -> tuple[tuple[int, int], tuple[int, int]]:
    return (f.line, f.col), (f.end_line, f.end_col)


def _overlap(a: Finding, b: Finding) -> bool:
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return a0 <= b1 and b0 <= a1


def _rank(f: Finding) -> tuple:
    """Widest span first, then source order, then code."""
    (l0, c0), (l1, c1) = _span(f)
    return (-(l1 - l0), -(c1 - c0) if l1 == l0 else 0, l0, c0, f.code)


def _overlapping(findings: Sequence[Finding], indexes: list[int]) -> list[list[int]]:
    """Split ``indexes`` into groups connected by overlapping spans (few items: quadratic is fine)."""
    parent = {i: i for i in indexes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, i in enumerate(indexes):
        for j in indexes[n + 1:]:
            if _overlap(findings[i], findings[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in indexes:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
