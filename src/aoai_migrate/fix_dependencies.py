"""Fix safety that follows the fixes a fix depends on (ruff: a fix is at most as safe as what it
needs).

Some edits are right only once the client and the call they belong to are migrated too:

- a call rewrite (``client.embed(...)`` -> ``client.embeddings.create(...)``) needs its client's
  construction to be an OpenAI client (for ``self.<name>``, the constructions the class's methods
  assign when the class declares the name with an annotation; for a parameter, the constructions
  the module's own calls of the function pass for it);
- an exception handler rewrite (``except ServiceRequestError`` -> ``except
  openai.APIConnectionError``) needs the calls its ``try`` guards to raise openai's errors;
- a model conversion (``JsonSchemaFormat(...)`` -> a dict) whose value goes into an Inference call,
  an Inference model construction or a client construction (a client-level default such as
  ``tool_choice=``) needs that call or construction migrated: directly, through
  a name, the list/tuple/dict literal it sits in, an item assignment or ``append()`` on that
  name, and one helper's ``return`` of it;
- a credential argument rewritten for the new client (``with_options(azure_ad_token=...)`` ->
  ``api_key=``, AOM206) needs that client's construction;
- a subclass rebased on the OpenAI client (AOM308) needs the constructions of that class;
- the renamed content-recording variable (AOM116) needs the instrumentor replacements (AOM108)
  of the module, since the Azure instrumentor is what reads the old name.

Applied alone (the default ``fix`` applies safe fixes only), each would leave a half-migrated
program that fails. So once every finding of a module is known, :func:`cap` lowers such a fix's
applicability to that of the fixes it depends on, until nothing changes: a dependency whose fix
needs ``--unsafe-fixes`` makes the dependent fix unsafe, one that nothing applies (display-only or
no fix) makes it display-only, since in either mode it would be applied alone. A client that
cannot be resolved (built in another module, known from an annotation, its finding turned off
with ``--select``/``--ignore``) leaves the call's fix as it was; the handlers and model dicts
around that call still follow the call's own fix. One dependency goes down to unsafe only: a
client's construction and the calls made through its name (a call left for a person is reported
on the migrated client, AOM606, so ``--unsafe-fixes`` still migrates the client).

Fixes that describe or read a call's *result* follow that call's fix the same way:

- an annotation (AOM110) of a binding whose value a call produces (``x: T = await
  client.complete(...)``, the annotated name assigned later from one, a class field or ``self``
  attribute through the ``self.<name> = ...`` of the class's methods, a function's return
  annotation through its ``return`` statements, a parameter through what the module's own calls
  of the function pass for it; the call may be a client construction or a model converted to a
  dict). An annotation naming an Inference client also follows the ``complete()`` / ``embed()``
  calls made through the annotated name (a parameter, a variable, a ``self`` attribute declared
  in the class), down to unsafe only, as the client's construction does: applied alone, it
  would leave ``client.complete()`` on an ``OpenAI`` client;
- reads of a result (AOM115 item reads and ``as_dict()``, AOM117 ``created`` as a datetime,
  AOM120 mapping methods) and AOM803's ``aclose()`` on a stream follow the call that produced
  the value;
- AOM118's ``as_dict()`` removal follows the fix that turns its object into a dict, and that
  conversion follows the removal back (:data:`MODEL_READERS`): nothing removing ``x.as_dict()``
  leaves it to meet the dict in either mode.

A call counts when it is an Inference ``complete()`` / ``embed()`` without a finding in this pass
(a client nothing in the module resolves, ``self.client`` of a base class elsewhere): nothing
migrates it. The value is followed through ``await`` (and ``asyncio.create_task()``), reads and methods of the value, and plain
names (assignments, ``with ... as``, loops over it) and parameters (what the module's own calls
pass for them), see :mod:`.analysis.result_flow`; values stored on attributes or in containers,
passed in from other modules or returned by helpers are not followed, and what depends on them
keeps its own applicability. Enum comparisons (AOM107) and
the stream guards (AOM801, AOM804) are right on both SDKs' values (str enums; the Inference SDK
already dropped the chunks the guard skips), so they follow nothing.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING

from . import value_dependencies
from .analysis.result_flow import Flow
from .model import Applicability, Category, Finding
from .render import models as render_models
from .semantics import field_placeholder

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Context

_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.DISPLAY_ONLY: 2}
_BY_RANK = {rank: applicability for applicability, rank in _RANK.items()}
#: a dependency on a call that no finding migrates (an Inference call nothing resolves)
MISSING = -1
_CLIENT_CATEGORIES = (Category.INFERENCE_SDK, Category.AZURE_OPENAI_CLIENT)

Span = tuple[int, int, int, int]
#: ``ctx.state`` key: conversions (AOM105/AOM106/AOM110) -> the ``x.as_dict()`` their object may
#: reach while its fix may not be safe (set by the AOM118 rule)
MODEL_READERS = "AOM118.readers"

#: what the fix of each rule follows when :func:`cap` lowers it, and whether all the way (a fix of
#: a call's result, :mod:`.value_dependencies`) or down to unsafe only; the "Fix safety" section of
#: each rule in docs/rules.md says so (:func:`note`). The error-handling rules (AOM7xx) follow the
#: calls their ``try`` guards.
#: a read of a result handed in by other modules (:meth:`value_dependencies._Values.handed_in`)
_READ = ("the fix of the Inference call whose result it reads; unsafe when the result is a parameter no call "
         "of the module passes (other modules may still pass the Inference result)", True)
FOLLOWS: dict[str, tuple[str, bool]] = {
    "AOM102": ("the `complete()` / `embed()` calls made through the name the client is assigned to (all the "
               "way when client defaults or the deployment move into those calls: with a call left for a "
               "person they would move nowhere)", False),
    "AOM103": ("the fix of its client's construction (a call of this module)", True),
    "AOM104": ("the fix of its client's construction (a call of this module)", True),
    "AOM105": ("the fix of the Inference call the message goes into (directly, through its name, the list or "
               "dict it sits in, `append()`, or one helper's `return`), the annotation fix (AOM110) of "
               "the function's return annotation or the annotated assignment that declares it, and the "
               "`as_dict()` removal (AOM118) the object may reach", True),
    "AOM106": ("the fix of the Inference call or client construction the object goes into (directly, through "
               "its name, the list or dict it sits in, an item assignment, or one helper's `return`), the "
               "annotation fix (AOM110) of the function's return annotation or the annotated assignment that "
               "declares it, and the `as_dict()` removal (AOM118) the object may reach; unsafe for a response "
               "format whose destination the module does not show, as the Inference client rejects a dict "
               "there", True),
    "AOM110": ("the fix of the call or construction that produces the annotated value (an annotated "
               "assignment, the name assigned later or bound by a loop over a stream, a field's "
               "`self.<name> = ...`, a function's `return`s, "
               "the arguments the module's own calls pass for a parameter, the return annotations and "
               "`return`s of the module's functions a `Callable[...]` value names (whose return "
               "annotations follow it back), the annotations of the names the value is read from (a loop "
               "variable: those of the stream it iterates), the annotation a returned "
               "name is declared with, the items `append()`ed to a returned list or built by a returned "
               "comprehension, a generator's `yield`s, the return annotations and `return`s of the module's "
               "functions and methods called for the value; for a function's return annotation and the annotation "
               "of the list it returns, also the Inference calls the module passes the function's result to; "
               "display-only when the value is an Inference client "
               "class itself (`Type[...]`: nothing migrates a class reference) or "
               "comes from a call that has no OpenAI equivalent, such as `load_client()`; unsafe for a "
               "parameter of a result class that no call of the module passes, as other modules may still "
               "pass the Inference result; display-only for a parameter its function rebinds to a call "
               "nothing migrates (a default client built through a class table); for a client "
               "also the `complete()` / `embed()` calls made through the annotated name, down to unsafe)", True),
    "AOM115": _READ,
    "AOM116": ("the `AIInferenceInstrumentor` replacements (AOM108) of the module, the code that reads the "
               "variable", True),
    "AOM117": _READ,
    "AOM120": _READ,
    "AOM118": ("the fix that turns its object into a dict (AOM105/AOM106)", True),
    "AOM206": ("the fix of the client's construction the option is given to (a call of this module; a "
               "client nothing resolves makes it unsafe)", True),
    "AOM307": ("the fixes of the findings in the arguments of `copy()` / `with_options()` calls made through "
               "the annotated name (`client.copy(api_version=...)`: `OpenAI` takes no such option)", True),
    "AOM308": ("the fixes of the class's constructions in this module", True),
    "AOM803": ("the fix of the call that returned the stream; unsafe when the stream is a parameter no call of "
               "the module passes", True),
}
_GUARDED = ("the fixes of the Inference calls its `try` statement guards", True)


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


def _spans(findings: list[Finding], indices: set[int]) -> set[Span]:
    return {_finding_span(findings[i]) for i in indices}


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
    # what each finding depends on: indices of other findings (MISSING: a call no finding
    # migrates); ``follows`` all the way, ``needs`` down to unsafe only
    needs: dict[int, set[int]] = {}
    follows: dict[int, set[int]] = {}
    calls: dict[int, tuple[ast.Call, Span]] = {}  # findings on Inference calls -> the call

    def builds_client(call: ast.Call, _scope) -> bool:
        return any(findings[i].category in _CLIENT_CATEGORIES for i in at.get(_span(call) or (0, 0, 0, 0), ()))

    # one flow for the module: its memo of the module's calls by name serves every lookup
    flow = Flow(ctx, builds_client)
    for node in ast.walk(ctx.sem.tree):
        if isinstance(node, ast.Call):
            _client_dependency(ctx, flow, node, at, follows, needs, calls)
            _subclass_dependency(ctx, node, at, follows)
    # a client's construction found "going into" the calls made through its name: it stays
    # applicable with --unsafe-fixes whatever those calls are (a call left for a person is
    # reported on the migrated client, AOM606), so it follows them down to unsafe only
    clients = _spans(findings, {d for i in calls for d in follows.get(i, ())})
    # what a model dict may go into: the Inference calls, the model constructions (a dict put
    # into an Inference model that stays is as wrong) and the client constructions (a default
    # such as ``tool_choice=`` given to a client that stays)
    targets = dict(calls)
    converted: list[ast.Call] = []
    for node in ast.walk(ctx.sem.tree):
        if isinstance(node, ast.Call):
            own = [
                i for i in at.get(_span(node) or (0, 0, 0, 0), ())
                if i not in calls and findings[i].category is Category.INFERENCE_SDK and findings[i].fix is not None
            ]
            if own:
                converted.append(node)
                targets.update((i, (node, _finding_span(findings[i]))) for i in own)
        elif calls and (isinstance(node, ast.Try) or type(node).__name__ == "TryStar"):
            _handler_dependency(node, findings, calls, follows)
    for node in converted:
        # a client whose defaults or deployment move into the calls made through it follows
        # them all the way: with a call left for a person they would move nowhere
        capped_only = _span(node) in clients and not _moves_into_calls(findings, at.get(_span(node) or (0, 0, 0, 0), ()))
        _conversion_dependency(flow, node, at, calls, targets, needs if capped_only else follows, needs)
    _code_dependency(findings, follows)
    # a conversion follows the `as_dict()` removal its object may reach (the removal follows
    # the conversions back: a display-only one among them keeps the reader, so all wait)
    for index, reader in ctx.state.get(MODEL_READERS, {}).items():
        removal = {i for i in at.get(_span(reader) or (0, 0, 0, 0), ()) if findings[i].code == "AOM118"}
        if removal:
            follows.setdefault(index, set()).update(removal)
    # fixes of a call's result follow that call the same way
    # (a client's annotation follows the calls through its name down to unsafe only, as the
    # client's construction does)
    results, capped = value_dependencies.collect(ctx, at, _span, MISSING)
    for index, deps in results.items():
        follows.setdefault(index, set()).update(deps)
    for index, deps in capped.items():
        needs.setdefault(index, set()).update(deps)
    if needs or follows:
        _lower(findings, needs, follows)


#: what a client construction's message says when values of its own move into each call
#: (``render/clients.py``: client defaults, the deployment as ``model=``)
_INTO_CALLS = "each call"


def _moves_into_calls(findings: list[Finding], indices) -> bool:
    return any(findings[i].category in _CLIENT_CATEGORIES and _INTO_CALLS in findings[i].message for i in indices)


def _lower(findings: list[Finding], needs: dict[int, set[int]], follows: dict[int, set[int]]) -> None:
    """Lower each fix to what it depends on until nothing changes (a dependency may itself be
    lowered: a read follows a call that follows its client): a fix in ``follows`` takes the
    rank of its least applicable dependency (unsafe when one needs ``--unsafe-fixes``,
    display-only when nothing applies one); a safe fix in ``needs`` becomes unsafe when a
    dependency is not safe."""
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


#: a finding of the first code depends on every finding of the second in the module: the value
#: it rewrites is read by what the other migrates (the content-recording variable is read by the
#: instrumentor AOM108 replaces, so renaming it ahead of that replacement turns recording off)
_CODE_DEPENDENCIES = (("AOM116", "AOM108"),)


def _code_dependency(findings: list[Finding], follows: dict[int, set[int]]) -> None:
    for dependent, on in _CODE_DEPENDENCIES:
        deps = {i for i, f in enumerate(findings) if f.code == on}
        if not deps:
            continue
        for index, finding in enumerate(findings):
            if finding.code == dependent and finding.fix is not None:
                follows.setdefault(index, set()).update(deps)


def _client_dependency(
    ctx: Context,
    flow: Flow,
    call: ast.Call,
    at: dict[Span, list[int]],
    follows: dict[int, set[int]],
    needs: dict[int, set[int]],
    calls: dict[int, tuple[ast.Call, Span]],
) -> None:
    """A rewritten Inference call (a method of an Inference client) is recorded in ``calls``; it
    depends on the findings that migrate its client's construction(s), unresolved when any
    construction is not a call of this module or carries no finding of a client category. So
    does a credential argument rewritten for the new client (``client.with_options(
    azure_ad_token=...)`` -> ``api_key=``, AOM206); unresolved, that one is unsafe (the client
    may stay Azure's, which would send the Entra token as a key)."""
    span = _span(call)
    if span is None:
        return
    own = [i for i in at.get(span, ()) if ctx.findings[i].category is Category.INFERENCE_SDK]
    arguments = [
        i
        for keyword in call.keywords
        for i in at.get(_span(keyword) or span, ())
        if ctx.findings[i].category is Category.AUTH and ctx.findings[i].fix is not None
    ]
    if not own and not arguments:
        return
    scope = ctx.scopes[(own or arguments)[0]]
    try:
        members = [v for v in ctx.infer(call.func, scope) if v.kind == "member"]
    except Exception:  # never the host's crash: the fix keeps its applicability
        members = []
    if members:
        for index in own:
            calls[index] = (call, span)
    deps = _constructions_of(ctx, flow, call, scope, members, at, span) if members else None
    if deps is None:
        if isinstance(call.func, ast.Attribute) and call.func.attr in _CLIENT_COPIES:
            for index in arguments:
                needs.setdefault(index, set()).add(MISSING)
        return
    for index in own + arguments:
        follows.setdefault(index, set()).update(deps)


def _constructions_of(
    ctx: Context, flow: Flow, call: ast.Call, scope, members: list, at: dict[Span, list[int]], span: Span,
) -> set[int] | None:
    """The client findings at every construction the receiver of ``call`` may be (``None`` when
    one is not a construction of this module with such a finding)."""
    deps: set[int] = set()
    for member in members:
        owner = member.owner
        node = getattr(owner, "node", None)
        if field_placeholder(node):
            continue  # `_client: ChatCompletionsClient = PrivateAttr()`: the methods assign it
        constructions = (
            [node] if isinstance(node, ast.Call)
            else _self_constructions(call, scope) or _passed_constructions(flow, call, scope)
        )
        if not constructions:
            return None
        for built in constructions:
            client = [i for i in at.get(_span(built) or span, ()) if ctx.findings[i].category in _CLIENT_CATEGORIES]
            if not client:
                return None
            deps.update(client)
    return deps or None


#: the client methods that take the client's options again (a new client from the same one)
_CLIENT_COPIES = frozenset({"with_options", "copy"})


def _passed_constructions(flow: Flow, call: ast.Call, scope) -> list[ast.AST]:
    """For a call on a parameter annotated with the client: the client constructions the
    module's own calls of the function pass for it (``flow`` produces at client constructions;
    empty when there are none)."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if not isinstance(receiver, ast.Name) or scope is None:
        return []
    try:
        return [built for built, _ in flow.producers(receiver, scope)]
    except Exception:  # never the host's crash: the fix keeps its applicability
        return []


def _self_constructions(call: ast.Call, scope) -> list[ast.AST]:
    """For a call on ``self.<name>`` whose client is known from the class's annotation of the
    name: the values the class's methods assign to ``self.<name>`` (empty when there are none,
    or one is not a construction)."""
    func = call.func
    receiver = func.value if isinstance(func, ast.Attribute) else None
    if not (isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self"):
        return []
    cls = scope.class_scope() if scope is not None else None
    if cls is None:
        return []
    values = [payload for kind, payload, _ in cls.attrs.get(receiver.attr, ()) if kind == "expr"]
    return values if values and all(isinstance(v, ast.Call) for v in values) else []


def _subclass_dependency(ctx: Context, call: ast.Call, at: dict[Span, list[int]], needs: dict[int, set[int]]) -> None:
    """A subclass of an Azure client rebased on the OpenAI client (AOM308) depends on the
    findings that migrate its constructions in this module (``Client(azure_endpoint=...,
    api_version=...)``): rebased alone, those would pass arguments the new base refuses."""
    span = _span(call)
    built = [i for i in at.get(span or (0, 0, 0, 0), ()) if ctx.findings[i].category in _CLIENT_CATEGORIES]
    if not built:
        return
    try:
        classes = [v.node for v in ctx.infer(call.func, ctx.scopes[built[0]]) if v.kind == "class"]
    except Exception:  # never the host's crash: the fix keeps its applicability
        return
    for scope in classes:
        node = getattr(scope, "node", None)
        if not isinstance(node, ast.ClassDef):
            continue
        for base in node.bases:
            for index in at.get(_span(base) or (0, 0, 0, 0), ()):
                if ctx.findings[index].fix is not None:
                    needs.setdefault(index, set()).update(built)


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
    flow: Flow,
    node: ast.Call,
    at: dict[Span, list[int]],
    calls: dict[int, tuple[ast.Call, Span]],
    targets: dict[int, tuple[ast.Call, Span]],
    needs: dict[int, set[int]],
    capped: dict[int, set[int]],
) -> None:
    """An Inference model converted to a dict (a finding at a construction, not itself a call
    finding) depends on the Inference calls and model constructions (``targets``) its value
    goes into: those whose arguments hold it, or a name that holds it (:func:`_holders`). A
    response format whose destination this module does not show is unsafe (``capped``): the
    Inference client rejects a dict there (``ValueError: Unsupported response_format``), so
    the dict is right only once the call it reaches is migrated too."""
    span = _span(node)
    if span is None or span not in at:
        return
    own = [
        i for i in at[span]
        if i not in calls and flow.ctx.findings[i].category is Category.INFERENCE_SDK and flow.ctx.findings[i].fix is not None
    ]
    if not own:
        return
    into = {i for i, (call, call_span) in targets.items() if call is not node and _inside(span, call_span)}
    names = _holders(flow, node)
    if names:
        for i, (call, _) in targets.items():
            if any(isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load) for n in ast.walk(call)):
                into.add(i)
    if into:
        for index in own:
            needs.setdefault(index, set()).update(into)
    elif render_models.model_class_name(node, flow.ctx) in _RESPONSE_FORMATS:
        for index in own:
            capped.setdefault(index, set()).add(MISSING)


#: the request classes the Inference client takes as objects only (a dict raises ValueError)
_RESPONSE_FORMATS = frozenset({
    "JsonSchemaFormat", "ChatCompletionsResponseFormatJSON", "ChatCompletionsResponseFormatJsonObject",
    "ChatCompletionsResponseFormatText",
})


_ADDERS = frozenset({"append", "extend", "insert", "update", "setdefault"})


def _holders(flow: Flow, node: ast.AST, depth: int = 0) -> set[str]:
    """The plain names that hold ``node``'s value: the name it is assigned to (``fmt =
    JsonSchemaFormat(...)``), through the list, tuple or dict literals around it (``messages =
    [UserMessage(...)]``), an item assignment or an adding method (``settings["response_format"]
    = ...``, ``messages.append(...)``); and, when that name is what its function returns, the
    names the function's calls in this module are assigned to (one level)."""
    from .semantics import parent_of

    names: set[str] = set()
    child, parent = node, parent_of(node)
    while isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred)):
        child, parent = parent, parent_of(parent)
    if isinstance(parent, ast.Assign) and parent.value is child:
        for target in parent.targets:
            if isinstance(target, ast.Subscript):
                target = target.value
            if isinstance(target, ast.Name):
                names.add(target.id)
    elif isinstance(parent, ast.AnnAssign) and parent.value is child and isinstance(parent.target, ast.Name):
        names.add(parent.target.id)
    elif isinstance(parent, ast.Call) and child in parent.args:
        func = parent.func
        if isinstance(func, ast.Attribute) and func.attr in _ADDERS and isinstance(func.value, ast.Name):
            names.add(func.value.id)
    if not names or depth:
        return names
    function = parent
    while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        function = parent_of(function)
    if function is not None and any(
        isinstance(n, ast.Return) and isinstance(n.value, ast.Name) and n.value.id in names for n in ast.walk(function)
    ):
        for call in flow.calls().get(function.name, ()):
            if isinstance(call.func, ast.Name):
                names |= _holders(flow, call, depth + 1)
    return names
