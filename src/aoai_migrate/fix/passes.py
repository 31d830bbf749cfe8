"""Fixing one module's text: analyse, apply every allowed fix, re-analyse, until nothing changes.

Each pass takes the fixes ``--unsafe-fixes`` allows, keeps the enclosing one of overlapping
fixes (:func:`.edits.select`), applies them, updates the imports (:mod:`.imports`) and checks
that the result parses. A set of fixes whose result does not parse is retried one fix at a
time, keeping those that parse, so a bad edit never reaches the file. The next pass sees the
new code: a dropped inner fix is reported again there (or is gone). Passes stop when the text
no longer changes, when it comes back to an earlier state, or after :data:`MAX_PASSES`.
"""

from __future__ import annotations

import ast
import collections
from dataclasses import dataclass, field
from typing import Callable

from ..model import Finding
from ..render.snippets import parses
from . import edits as edit_ops
from . import imports as import_ops

MAX_PASSES = 10

#: why a finding was left for a person
NO_FIX = "no mechanical fix"
UNSAFE = "unsafe fix (apply with --unsafe-fixes)"
DISPLAY_ONLY = "display-only fix"
NOT_APPLIED = "fix not applied (conflicting edits or the result would not parse)"
VANISHED = "no edit, and no longer detected once the code around it was rewritten: review it by hand"


@dataclass
class Outcome:
    text: str
    #: fixes applied, per rule code
    fixed: collections.Counter = field(default_factory=collections.Counter)
    #: findings left in the final text
    left: list[Finding] = field(default_factory=list)
    #: fixes rejected because their result did not parse, per rule code
    rejected: collections.Counter = field(default_factory=collections.Counter)
    #: findings no edit touched that a later pass no longer reports, their code still in place
    #: (the rewrite around them hid them): left for a person like :attr:`left`
    vanished: list[Finding] = field(default_factory=list)
    passes: int = 0

    @property
    def changed(self) -> bool:
        return sum(self.fixed.values()) > 0


def reason(finding: Finding, unsafe: bool) -> str:
    fix = finding.fix
    if fix is None or not fix.edits:
        return NO_FIX
    if not fix.applies:
        return DISPLAY_ONLY
    if not fix.allowed(unsafe):
        return UNSAFE
    return NOT_APPLIED


def left_for_a_person(outcome: Outcome, unsafe: bool) -> collections.Counter:
    """``(code, reason)`` -> count of the findings a person still has to handle."""
    counts: collections.Counter = collections.Counter()
    for finding in outcome.left:
        counts[finding.code, reason(finding, unsafe)] += 1
    for finding in outcome.vanished:
        counts[finding.code, VANISHED] += 1
    return counts


Analyse = Callable[[ast.Module, str], list[Finding]]
#: ``update(text, add, remove)``: ``text`` with import statements added and candidates removed
UpdateImports = Callable[[str, list[str], list[tuple[str, "str | None", "str | None"]]], str]


def fix_text(
    text: str, analyse: Analyse, unsafe: bool = False, max_passes: int = MAX_PASSES, *,
    valid: Callable[[str], bool] = parses, update_imports: UpdateImports | None = None,
    tree: ast.Module | None = None,
) -> Outcome:
    """Fix ``text`` (which must parse); ``analyse(tree, text)`` returns its findings with
    columns in UTF-8 bytes, suppressions already applied. ``valid(text)``: whether a result
    may be kept (default: it parses); ``update_imports``: how imports are added and removed
    (a notebook adds them to one cell); ``tree``: ``text`` parsed, when it already is."""
    outcome = Outcome(text)
    newline = edit_ops.newline_of(text)
    seen = {text}
    findings = analyse(tree if tree is not None else ast.parse(text), text)
    step = _Step(newline, unsafe, outcome, valid, update_imports or import_ops.update)
    for _ in range(max_passes):
        outcome.passes += 1
        new, applied, spans = _one_pass(text, findings, step)
        if not applied or new == text or new in seen:
            break
        seen.add(new)
        outcome.fixed.update(applied)
        new_findings = analyse(ast.parse(new), new)
        outcome.vanished.extend(_vanished(text, findings, spans, new, new_findings))
        text, findings = new, new_findings
    outcome.text = text
    outcome.left = findings
    return outcome


@dataclass
class _Step:
    newline: str
    unsafe: bool
    outcome: Outcome
    valid: Callable[[str], bool]
    update_imports: UpdateImports


def _vanished(
    before: str, findings: list[Finding], applied: list[edit_ops.Span], after: str, found: list[Finding],
) -> list[Finding]:
    """The findings of ``before`` that no applied edit touched, whose flagged code is still in
    ``after``, and that nothing in ``after`` is reported on: the rewrite around them hid them
    (a call left on a client that was migrated). Findings on code that is gone (an import
    removed as unused, a span inside an enclosing edit) are not among them."""
    positions = edit_ops.Positions(before)
    after_positions = edit_ops.Positions(after)
    reported = {_flagged(after_positions, f) for f in found}
    out = []
    for finding in findings:
        start = positions.offset(finding.line, finding.col - 1)
        end = positions.offset(finding.end_line, finding.end_col - 1)
        if any(s.start < end and start < s.end or s.start == s.end and start <= s.start <= end for s in applied):
            continue
        flagged = before[start:end].strip()
        if flagged and flagged in after and flagged not in reported:
            out.append(finding)
    return out


def _flagged(positions: edit_ops.Positions, finding: Finding) -> str:
    start = positions.offset(finding.line, finding.col - 1)
    return positions.text[start:positions.offset(finding.end_line, finding.end_col - 1)].strip()


def _one_pass(text: str, findings: list[Finding], step: _Step) -> tuple[str, collections.Counter, list]:
    positions = edit_ops.Positions(text)
    candidates = [
        edit_ops.Candidate(f, positions.spans(f.fix.edits, step.newline))
        for f in findings
        if f.fix is not None and f.fix.allowed(step.unsafe)
    ]
    if not candidates:
        return text, collections.Counter(), []
    taken, _dropped = edit_ops.select(candidates)
    new = edit_ops.apply(text, [s for c in taken for s in c.spans])
    if not step.valid(new):
        taken, new = _one_by_one(text, taken, step)
        if not taken:
            return text, collections.Counter(), []
    updated = _imports(text, new, taken, step)
    if updated is None:  # the new code needs imports that could not be added: not this pass
        for candidate in taken:
            step.outcome.rejected[candidate.finding.code] += 1
        return text, collections.Counter(), []
    return updated, collections.Counter(c.finding.code for c in taken), [s for c in taken for s in c.spans]


def _one_by_one(text: str, taken: list[edit_ops.Candidate], step: _Step):
    """The fixes of ``taken`` whose result is still valid, added one at a time in source order."""
    kept: list[edit_ops.Candidate] = []
    new = text
    for candidate in sorted(taken, key=lambda c: min(s.start for s in c.spans)):
        trial = edit_ops.apply(text, [s for c in (*kept, candidate) for s in c.spans])
        if step.valid(trial):
            kept.append(candidate)
            new = trial
        else:
            step.outcome.rejected[candidate.finding.code] += 1
    return kept, new


def _imports(before: str, after: str, taken: list[edit_ops.Candidate], step: _Step) -> str | None:
    """``after`` with its imports updated; when that fails (libcst cannot parse what ast can,
    rare new syntax), ``after`` as it is if no import was to be added (an unused import left is
    harmless), else ``None``: edits whose names would not be imported are not applied."""
    add = [statement for c in taken for statement in c.finding.fix.imports]
    remove = import_ops.used_sdk_imports(ast.parse(before))
    remove += import_ops.unused_names(name for c in taken for name in c.finding.fix.unused)
    try:
        updated = step.update_imports(after, add, remove)
    except Exception:
        updated = None
    if updated is not None and step.valid(updated):
        return updated
    return None if add else after
