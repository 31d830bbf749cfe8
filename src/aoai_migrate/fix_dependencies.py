"""Fix safety that follows the fixes a fix depends on (ruff: a fix is at most as safe as what it
needs).

Some edits are right only once the client and the call they belong to are migrated too:

- a call rewrite (``client.embed(...)`` -> ``client.embeddings.create(...)``) needs its client's
  construction to be an OpenAI client;
- an exception handler rewrite (``except ServiceRequestError`` -> ``except
  openai.APIConnectionError``) needs the calls its ``try`` guards to raise openai's errors;
- a model conversion (``JsonSchemaFormat(...)`` -> a dict) whose value goes into an Inference call
  needs that call to be openai's.

Applied alone (the default ``fix`` applies safe fixes only), each would leave a half-migrated
program that fails. So once every finding of a module is known, :func:`cap` lowers such a fix's
applicability to that of the fixes it depends on: a dependency whose fix is unsafe, display-only or
missing makes the dependent fix unsafe (never lower, so ``--unsafe-fixes`` still applies everything
it applied before). A client that cannot be resolved (built in another module, known from an
annotation, its finding turned off with ``--select``/``--ignore``) leaves the call's fix as it was;
the handlers and model dicts around that call still follow the call's own fix.

Fixes that describe or read a call's *result* follow that call's fix all the way (the rank of
what they need, unsafe or not applied at all), since ``--unsafe-fixes`` does not apply a
display-only or missing call fix either:

- an annotation (AOM110) of a binding whose value a call produces (``x: T = await
  client.complete(...)``, the annotated name assigned later from one, a function's return
  annotation through its ``return`` statements, a parameter through what the module's own calls
  of the function pass for it, a client construction, a model converted to a dict); and an annotation naming an Inference client follows the ``complete()`` / ``embed()``
  calls made through the annotated name (a parameter, a variable, a ``self`` attribute declared
  in the class) too, which would be left on an ``OpenAI`` client;
- reads of a result (AOM115 item reads and ``as_dict()``, AOM117 ``created`` as a datetime,
  AOM120 mapping methods) and AOM803's ``aclose()`` on a stream follow the call that produced
  the value;
- AOM118's ``as_dict()`` removal follows the fix that turns its object into a dict.

A call counts when it is an Inference ``complete()`` / ``embed()`` without a finding in this pass
(a client nothing in the module resolves, ``self.client`` of a base class elsewhere): nothing
migrates it. The value is followed through ``await``, reads and methods of the value, and plain
names (assignments, ``with ... as``, loops over it), see :mod:`.analysis.result_flow`; values stored
on attributes or in containers, passed in as parameters or returned by helpers are not
followed, and what depends on them keeps its own applicability. Enum comparisons (AOM107) and
the stream guards (AOM801, AOM804) are right on both SDKs' values (str enums; the Inference SDK
already dropped the chunks the guard skips), so they follow nothing.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING

from . import value_dependencies
from .model import Applicability, Category, Finding

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Context

_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.DISPLAY_ONLY: 2}
_BY_RANK = {rank: applicability for applicability, rank in _RANK.items()}
#: a dependency on a call that no finding migrates (an Inference call nothing resolves)
MISSING = -1
_CLIENT_CATEGORIES = (Category.INFERENCE_SDK, Category.AZURE_OPENAI_CLIENT)

Span = tuple[int, int, int, int]

#: what the fix of each rule follows when :func:`cap` lowers it, and whether all the way (a fix of
#: a call's result, :mod:`.value_dependencies`) or down to unsafe only; the "Fix safety" section of
#: each rule in docs/rules.md says so (:func:`note`). The error-handling rules (AOM7xx) follow the
#: calls their ``try`` guards.
FOLLOWS: dict[str, tuple[str, bool]] = {
    "AOM102": ("the `complete()` / `embed()` calls made through the name the client is assigned to", False),
    "AOM103": ("the fix of its client's construction (a call of this module)", False),
    "AOM104": ("the fix of its client's construction (a call of this module)", False),
    "AOM105": ("the fix of the Inference call the message goes into (directly or through its name)", False),
    "AOM106": ("the fix of the Inference call the object goes into (directly or through its name)", False),
    "AOM110": ("the fix of the call or construction that produces the annotated value (an annotated "
               "assignment, the name assigned later, a function's `return`s, the arguments the module's own "
               "calls pass for a parameter) and, for a client, the fixes of the `complete()` / `embed()` calls "
               "made through the annotated name", True),
    "AOM115": ("the fix of the Inference call whose result it reads", True),
    "AOM117": ("the fix of the Inference call whose result it reads", True),
    "AOM120": ("the fix of the Inference call whose result it reads", True),
    "AOM118": ("the fix that turns its object into a dict (AOM105/AOM106)", True),
    "AOM803": ("the fix of the call that returned the stream", True),
}
_GUARDED = ("the fixes of the Inference calls its `try` statement guards", False)


def note(code: str, category: Category) -> str | None:
    """The sentence docs/rules.md adds to a rule's "Fix safety" when :func:`cap` may lower its
    fix (``None`` when it never does)."""
    found = FOLLOWS.get(code) or (_GUARDED if category is Category.ERROR_HANDLING else None)
    if found is None:
        return None
    what, all_the_way = found
    lowered = (
        "it becomes unsafe when that fix is unsafe, and display-only when nothing applies it (display-only, "
        "or an Inference call no finding migrates)" if all_the_way
        else "a safe fix becomes unsafe when that fix is not safe (unsafe, display-only or missing)"
    )
    return f"The fix follows {what}: {lowered} (`fix_dependencies.py`)."


def _span(node: ast.AST) -> Span | None:
    end_line = getattr(node, "end_lineno", None)
    if getattr(node, "lineno", None) is None or end_line is None:
        return None
    return (node.lineno, node.col_offset, end_line, node.end_col_offset)  # type: ignore[attr-defined]


def _finding_span(finding: Finding) -> Span:
    return (finding.line, finding.col - 1, finding.end_line, finding.end_col - 1)


def _inside(inner: Span, outer: Span) -> bool:
    return (outer[0], outer[1]) <= (inner[0], inner[1]) and (inner[2], inner[3]) <= (outer[2], outer[3])


def _rank(finding: Finding) -> int:
    """How far a dependency's migration can be relied on: 0 when the default ``fix`` applies it,
    1 when it needs ``--unsafe-fixes``, 2 when nothing applies it."""
    fix = finding.fix
    if fix is None or not fix.applies:
        return 2
    return _RANK[fix.applicability]


def cap(ctx: Context) -> None:
    """Lower the applicability of the fixes that depend on a client's or a call's migration to
    that of those fixes (see the module's docstring). Runs once all findings are known."""
    findings = ctx.findings
    if not any(f.fix is not None and f.fix.applicability is not Applicability.DISPLAY_ONLY for f in findings):
        return
    at: dict[Span, list[int]] = {}
    for index, finding in enumerate(findings):
        at.setdefault(_finding_span(finding), []).append(index)
    # what each finding depends on: indices of other findings (MISSING: a call no finding migrates)
    needs: dict[int, set[int]] = {}
    calls: dict[int, tuple[ast.Call, Span]] = {}  # findings on Inference calls -> the call
    for node in ast.walk(ctx.sem.tree):
        if isinstance(node, ast.Call):
            _client_dependency(ctx, node, at, needs, calls)
    if calls:
        for node in ast.walk(ctx.sem.tree):
            if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
                _handler_dependency(node, findings, calls, needs)
            elif isinstance(node, ast.Call):
                _conversion_dependency(ctx, node, at, calls, needs)
    # fixes of a call's result: they follow it all the way (not only down to unsafe)
    follows = value_dependencies.collect(ctx, at, _span, MISSING)
    if needs or follows:
        _lower(findings, needs, follows)


def _lower(findings: list[Finding], needs: dict[int, set[int]], follows: dict[int, set[int]]) -> None:
    """Lower each fix to what it needs until nothing changes (a dependency may itself be
    lowered: a read follows a call that follows its client): a safe fix in ``needs`` becomes
    unsafe when a dependency is not safe; a fix in ``follows`` takes the rank of its least
    applicable dependency."""
    def rank(index: int) -> int:
        return 2 if index == MISSING else _rank(findings[index])

    changed = True
    while changed:
        changed = False
        for index in sorted(set(needs) | set(follows)):
            fix = findings[index].fix
            if fix is None:
                continue
            own = _RANK[fix.applicability]
            target = own
            if own == 0 and index in needs and max(rank(d) for d in needs[index]) > 0:
                target = 1
            if index in follows:
                target = max(target, *(rank(d) for d in follows[index]))
            if target > own:
                findings[index] = dataclasses.replace(
                    findings[index], fix=dataclasses.replace(fix, applicability=_BY_RANK[target])
                )
                changed = True


def _client_dependency(
    ctx: Context,
    call: ast.Call,
    at: dict[Span, list[int]],
    needs: dict[int, set[int]],
    calls: dict[int, tuple[ast.Call, Span]],
) -> None:
    """A rewritten Inference call (a method of an Inference client) is recorded in ``calls``; it
    depends on the findings that migrate its client's construction(s), unresolved when any
    construction is not a call of this module or carries no finding of a client category."""
    span = _span(call)
    if span is None or span not in at:
        return
    own = [i for i in at[span] if ctx.findings[i].category is Category.INFERENCE_SDK]
    if not own:
        return
    scope = ctx.scopes[own[0]]
    try:
        members = [v for v in ctx.infer(call.func, scope) if v.kind == "member"]
    except Exception:  # never the host's crash: the fix keeps its applicability
        return
    if not members:
        return
    for index in own:
        calls[index] = (call, span)
    deps: set[int] = set()
    for member in members:
        owner = member.owner
        node = getattr(owner, "node", None)
        built = _span(node) if isinstance(node, ast.Call) else None
        if built is None:
            return
        client = [i for i in at.get(built, ()) if ctx.findings[i].category in _CLIENT_CATEGORIES]
        if not client:
            return
        deps.update(client)
    if not deps:
        return
    for index in own:
        needs.setdefault(index, set()).update(deps)


def _handler_dependency(
    node: ast.AST,
    findings: list[Finding],
    calls: dict[int, tuple[ast.Call, Span]],
    needs: dict[int, set[int]],
) -> None:
    """The error-handling findings in a ``try``'s handlers depend on the Inference calls its body
    makes (those with a finding)."""
    body = [s for s in (_span(stmt) for stmt in node.body) if s is not None]  # type: ignore[attr-defined]
    guarded = {i for i, (_, span) in calls.items() if any(_inside(span, b) for b in body)}
    if not guarded:
        return
    handlers = [s for s in (_span(h) for h in node.handlers) if s is not None]  # type: ignore[attr-defined]
    for index, finding in enumerate(findings):
        if finding.category is Category.ERROR_HANDLING and finding.fix is not None:
            if any(_inside(_finding_span(finding), h) for h in handlers):
                needs.setdefault(index, set()).update(guarded)


def _conversion_dependency(
    ctx: Context,
    node: ast.Call,
    at: dict[Span, list[int]],
    calls: dict[int, tuple[ast.Call, Span]],
    needs: dict[int, set[int]],
) -> None:
    """An Inference model converted to a dict (a finding at a construction, not itself a call
    finding) depends on the Inference calls its value goes into: those whose arguments hold it,
    or the name it is assigned to."""
    span = _span(node)
    if span is None or span not in at:
        return
    own = [
        i for i in at[span]
        if i not in calls and ctx.findings[i].category is Category.INFERENCE_SDK and ctx.findings[i].fix is not None
    ]
    if not own:
        return
    into = {i for i, (call, call_span) in calls.items() if call is not node and _inside(span, call_span)}
    name = _assigned_name(node)
    if name is not None:
        for i, (call, _) in calls.items():
            if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(call)):
                into.add(i)
    if into:
        for index in own:
            needs.setdefault(index, set()).update(into)


def _assigned_name(node: ast.AST) -> str | None:
    """The plain name ``node`` is assigned to (``fmt = JsonSchemaFormat(...)``), if any."""
    from .semantics import parent_of

    parent = parent_of(node)
    if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1:
        target = parent.targets[0]
        if isinstance(target, ast.Name):
            return target.id
    if isinstance(parent, ast.AnnAssign) and parent.value is node and isinstance(parent.target, ast.Name):
        return parent.target.id
    return None
