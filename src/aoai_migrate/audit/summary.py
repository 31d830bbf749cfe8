"""The audit's summary: counts by category and by rule, files affected, what ``fix`` handles
by itself against what needs a person, and the readiness score.

Readiness score (0-100, 100 = nothing left to migrate)::

    effort  = sum over findings of  weight(finding)
    weight  = 1 when `fix` applies the change by itself (a safe fix), 4 when a person must do it
              (an unsafe or display-only fix, or none), doubled for rules of severity "error"
              (the code is broken today, not only deprecated)
    density = effort per 1,000 lines scanned   (lines of every file the audit looked at)
    score   = 100                              when effort == 0
            = min(99, floor(100 * 10 / (10 + density)))   otherwise

So the score halves at 10 effort points per 1,000 lines (ten fixable findings, or two and a
half manual ones), falls towards 0 as migration work crowds the code, is never negative, and
is 100 only when there is nothing left to do: one finding in a large repository scores 99, not
100. Skipped files (unreadable, broken) are listed but do not count: the score speaks of the
code that could be read.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from typing import Any, Iterable

from .. import registry
from ..model import Category, Finding

#: effort of a finding that `fix` handles by itself, and of one that needs a person
FIXABLE_WEIGHT, MANUAL_WEIGHT = 1, 4
#: multiplier for rules of severity "error"
ERROR_FACTOR = 2
#: effort points per 1,000 lines at which the score is 50
HALF_SCORE_DENSITY = 10.0


def applicability(finding: Finding) -> str:
    """``safe``, ``unsafe`` or ``display-only``: the finding's fix applicability when it carries
    one, else what its rule declares (a fixable rule whose finding has an exact replacement is
    safe)."""
    fix = finding.fix
    if fix is not None:
        get = fix.get if isinstance(fix, dict) else lambda name: getattr(fix, name, None)
        value = get("applicability")
        if value is not None:
            edits = get("edits")
            if edits is not None and not edits:  # nothing to apply: only shown
                return "display-only"
            return str(getattr(value, "value", value))
    rule = registry.load().get(finding.code)
    if rule is not None and rule.fixable and finding.replacement is not None:
        return "safe"
    return "display-only"


def fixable(finding: Finding) -> bool:
    """Whether ``aoai-migrate fix`` applies the change by itself (no person needed)."""
    return applicability(finding) == "safe"


def weight(finding: Finding) -> int:
    base = FIXABLE_WEIGHT if fixable(finding) else MANUAL_WEIGHT
    rule = registry.load().get(finding.code)
    return base * (ERROR_FACTOR if rule is not None and rule.severity == "error" else 1)


def readiness(findings: Iterable[Finding], lines: int) -> int:
    effort = sum(weight(f) for f in findings)
    if effort == 0:
        return 100
    density = effort * 1000 / max(lines, 1)
    return min(99, math.floor(100 * HALF_SCORE_DENSITY / (HALF_SCORE_DENSITY + density)))


@dataclasses.dataclass(frozen=True)
class Summary:
    score: int
    #: files looked at, files with findings, files skipped; lines of the files looked at
    scanned: int
    affected: int
    skipped: int
    lines: int
    by_category: dict[str, int]
    by_rule: dict[str, int]
    fixable: int
    manual: int

    @property
    def total(self) -> int:
        return self.fixable + self.manual

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "files": {"scanned": self.scanned, "affected": self.affected, "skipped": self.skipped},
            "lines": self.lines,
            "findings": self.total,
            "by_category": self.by_category,
            "by_rule": self.by_rule,
            "fixable": self.fixable,
            "manual": self.manual,
        }


def summarize(findings: list[Finding], *, scanned: int, skipped: int, lines: int) -> Summary:
    categories = Counter(f.category.value for f in findings)
    rules = Counter(f.code for f in findings)
    fixed = sum(1 for f in findings if fixable(f))
    order = [c.value for c in Category]
    return Summary(
        score=readiness(findings, lines),
        scanned=scanned,
        affected=len({f.path for f in findings}),
        skipped=skipped,
        lines=lines,
        by_category={c: categories[c] for c in sorted(categories, key=_category_index(order))},
        by_rule=dict(sorted(rules.items())),
        fixable=fixed,
        manual=len(findings) - fixed,
    )


def _category_index(order: list[str]):
    return lambda value: (order.index(value) if value in order else len(order), value)
