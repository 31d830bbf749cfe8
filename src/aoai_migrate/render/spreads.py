"""Dicts spread into client constructors (``AzureOpenAI(**self._client_kwargs())``).

A spread dict that this module builds in one visible place (a literal or ``dict(...)`` bound to
the name, or returned by a local function or method) is read key by key, so that the migrated
client can be built from its entries instead of spreading ``api_version``/``azure_endpoint``
into ``OpenAI``. Anything else stays opaque: the snippet then invents no values for it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from ..analysis import dict_flow
from ..semantics import Scope, field_placeholder, parent_of
from . import snippets
from .client_defaults import portable
from .endpoints import shorten

if TYPE_CHECKING:
    from ..engine import Context


class Addition(NamedTuple):
    """A key set on the dict after its literal: ``d["key"] = value`` or ``d.update(key=value)``."""

    key: str
    value: ast.expr
    #: the statement that sets it (an ``Assign``, or the ``Expr`` of an ``update()`` call)
    stmt: ast.stmt


class VisibleDict(NamedTuple):
    #: key -> value expression, in source order
    entries: dict[str, ast.expr]
    #: the literal (or ``dict(...)`` call) that builds it
    literal: ast.expr
    #: whether every value means the same where the dict is spread (can be inlined there)
    portable: bool
    #: keys the function building it sets afterwards (the literal is then not the whole dict)
    additions: tuple[Addition, ...] = ()


def visible_dict(expr: ast.expr, ctx: "Context") -> VisibleDict | None:
    """The dict ``**expr`` spreads, when this module builds it in exactly one visible place
    (plus item assignments with constant keys in the same function, see :func:`additions`)."""
    found = _source(expr, ctx)
    if found is None:
        return None
    literal, added = found
    entries = _entries(literal)
    if entries is None:
        return None
    movable = not added and all(portable(value, literal, ctx) for value in entries.values())
    return VisibleDict(entries, literal, movable, added)


def built_dict(expr: ast.expr, ctx: "Context") -> tuple[ast.expr, tuple[Addition, ...]] | None:
    """The dict literal (or ``dict(...)`` call) ``expr`` evaluates to when this module builds it
    in exactly one visible place, with the keys set on it afterwards; whatever its keys are."""
    return _source(expr, ctx)


def _source(expr: ast.expr, ctx: "Context") -> tuple[ast.expr, tuple[Addition, ...]] | None:
    if isinstance(expr, ast.Dict) or _is_dict_call(expr):
        return expr, ()
    if isinstance(expr, ast.Name):
        local = _flow_source(expr, ctx)
        if local is not None:
            return local or None
        bindings = [b for b in ctx.sem.lookup(expr.id, ctx.scope) if b[0] != "ann"]
        if len(bindings) != 1 or bindings[0][0] != "expr":
            return None
        value = bindings[0][1]
        if not (isinstance(value, ast.Dict) or _is_dict_call(value)):
            return None
        scope = bindings[0][2]
        if scope.kind == "module":
            return (value, ()) if not _mutated(expr.id, ctx) else None
        if scope.kind != "function":
            return None
        added = additions(expr.id, scope.node)
        return (value, added) if added is not None else None
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        return _attribute_source(expr, ctx)
    if isinstance(expr, ast.Call) and isinstance(expr.func, (ast.Name, ast.Attribute)):
        functions = [v for v in ctx.infer(expr.func) if v.kind == "function"]
        if len(functions) != 1 or not isinstance(functions[0].node, Scope):
            return None
        returns = functions[0].node.returns
        if len(returns) != 1:
            return None
        value = returns[0]
        return (value, ()) if isinstance(value, ast.Dict) or _is_dict_call(value) else None
    return None


def _attribute_source(expr: ast.Attribute, ctx: "Context") -> tuple[ast.expr, tuple[Addition, ...]] | None:
    """``**self.<name>``: the dict literal (or ``dict(...)`` call) the class assigns to it, when
    its methods assign it exactly once and set no key on it afterwards."""
    if not any(kind == "self" for kind, _, _ in ctx.sem.lookup("self", ctx.scope)):
        return None
    cls = ctx.scope.class_scope()
    if cls is None:
        return None
    bindings = [*cls.bindings.get(expr.attr, ()), *cls.attrs.get(expr.attr, ())]
    # the class may declare it (`_kwargs: Dict[str, Any] = PrivateAttr()`): its methods assign it
    values = [payload for kind, payload, _ in bindings if kind == "expr" and not field_placeholder(payload)]
    if len(values) != 1:
        return None
    value = values[0]
    if not (isinstance(value, ast.Dict) or _is_dict_call(value)):
        return None
    for node in ast.walk(cls.node):  # `self.<name>["key"] = ...`, `self.<name>.update(...)`: not the whole dict
        target = node.value if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) else (
            node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("update", "setdefault", "pop") else None)
        if isinstance(target, ast.Attribute) and target.attr == expr.attr:
            return None
    return value, ()


def enclosing_function(ctx: "Context") -> ast.AST | None:
    """The function whose body the node being visited runs in (``None`` at module level)."""
    scope = ctx.scope
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    return scope.node if scope is not None and scope.kind == "function" else None


def reaching_dict(expr: ast.Name, ctx: "Context") -> dict_flow.Reaching | None:
    """The binding of the local name spread as ``**expr`` that reaches the call (flow order)."""
    function = enclosing_function(ctx)
    if function is None:
        return None
    return dict_flow.reaching(expr.id, expr, function)


def _flow_source(expr: ast.Name, ctx: "Context") -> tuple[ast.expr, tuple[Addition, ...]] | tuple[()] | None:
    """For a name the calling function binds itself: the dict literal bound last before the
    call (on every path to it) and the keys set on it in between; ``()`` when that binding is
    no dict literal or flow order does not settle it; ``None`` for a name the function does
    not bind (a closure's or the module's)."""
    function = enclosing_function(ctx)
    if function is None:
        return None
    bindings = dict_flow._bindings(expr.id, function)
    if bindings is None:
        return ()
    if not bindings:
        return None
    found = dict_flow.reaching(expr.id, expr, function)
    if found is None or found.binding is None:
        return ()
    stmt = found.binding
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        value = stmt.value
    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        value = stmt.value
    else:
        return ()
    if not (isinstance(value, ast.Dict) or _is_dict_call(value)):
        return ()
    added = additions(expr.id, function, found)
    return (value, added) if added is not None else ()


def _is_dict_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
        and not node.args
    )


def _entries(literal: ast.expr) -> dict[str, ast.expr] | None:
    entries: dict[str, ast.expr] = {}
    if isinstance(literal, ast.Dict):
        for key, value in zip(literal.keys, literal.values):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier()):
                return None
            entries[key.value] = value
        return entries
    assert isinstance(literal, ast.Call)
    for kw in literal.keywords:
        if kw.arg is None:
            return None
        entries[kw.arg] = kw.value
    return entries


def named_keys(literal: ast.expr) -> dict[str, ast.expr]:
    """The keys a dict literal or ``dict(...)`` call names itself (its ``**`` parts left out)."""
    if isinstance(literal, ast.Dict):
        return {key.value: value for key, value in zip(literal.keys, literal.values)
                if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    if isinstance(literal, ast.Call):
        return {kw.arg: kw.value for kw in literal.keywords if kw.arg is not None}
    return {}


def _mutated(name: str, ctx: "Context") -> bool:
    """``name[...] = ...``, ``name.update(...)``, ``name.setdefault(...)``, ``del name[...]``
    anywhere in the module: the literal is not the whole dict."""
    cache = ctx.state.setdefault("render_spreads.mutated", {})
    if not cache:
        found: set[str] = {""}
        for node in ast.walk(ctx.sem.module.node):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
                if isinstance(node.value, ast.Name):
                    found.add(node.value.id)
            elif (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("update", "setdefault", "pop") and isinstance(node.func.value, ast.Name)
            ):
                found.add(node.func.value.id)
        cache["names"] = found
    return name in cache["names"]


def added_keys(expr: ast.expr, ctx: "Context") -> dict[str, ast.AST]:
    """Keys the enclosing function (or module) adds to the dict named ``expr`` that can reach
    the spread: ``name["key"] = ...`` and ``name.update(key=...)`` after the binding that
    reaches it and before it (flow order; a dict that later rebinds the name is another dict),
    key -> the statement's node."""
    if not isinstance(expr, ast.Name):
        return {}
    function = enclosing_function(ctx)
    found_range = dict_flow.reaching(expr.id, expr, function) if function is not None else None
    owner = function if function is not None else ctx.sem.module.node
    found: dict[str, ast.AST] = {}
    for node in ast.walk(owner):
        if found_range is not None and not (
            hasattr(node, "lineno") and dict_flow.inside_range(node, found_range)
        ):
            continue
        if (
            isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id == expr.id
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
        ):
            found.setdefault(node.slice.value, node)
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == expr.id
        ):
            for kw in node.keywords:
                if kw.arg is not None:
                    found.setdefault(kw.arg, node)
    return found


def additions(name: str, function: ast.AST, within: dict_flow.Reaching | None = None) -> tuple[Addition, ...] | None:
    """The keys ``function`` sets on its local dict ``name`` after building it: ``name["k"] =
    v`` statements and ``name.update(k=v, ...)`` calls. ``None`` when it changes the dict in any
    other way (a computed key, ``del``, ``pop()``, ``setdefault()``, ``|=``, ``update()`` with a
    positional or ``**`` argument, an ``update()`` whose result is used) or rebinds it: what
    the dict holds is then not visible. ``within``: only the changes that can reach the spread
    (between the binding that reaches it and the call)."""
    from .blocks import walk

    found: list[Addition] = []
    body = function.body if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for node, parent in walk(body):
        if within is not None and hasattr(node, "lineno") and not dict_flow.inside_range(node, within):
            continue
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == name:
            if isinstance(node.ctx, ast.Load):
                continue
            key = node.slice
            if not (
                isinstance(node.ctx, ast.Store) and isinstance(parent, ast.Assign) and parent.targets == [node]
                and isinstance(key, ast.Constant) and isinstance(key.value, str)
            ):
                return None
            found.append(Addition(key.value, parent.value, parent))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
            if node.attr in ("get", "items", "keys", "values", "copy", "__contains__"):
                continue
            if node.attr != "update":
                return None
            call = parent
            stmt = parent_of(call) if call is not None else None
            if not (
                isinstance(call, ast.Call) and call.func is node and not call.args
                and all(kw.arg is not None for kw in call.keywords) and isinstance(stmt, ast.Expr)
            ):
                return None
            found.extend(Addition(kw.arg, kw.value, stmt) for kw in call.keywords if kw.arg is not None)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            return None
    return tuple(found)


# -- keys set after the literal, migrated where they are set -------------------------------------

#: keys an ``OpenAI`` client takes as they are (``AzureOpenAI`` and ``OpenAI`` share them)
OPENAI_KEPT = frozenset(
    {
        "organization", "project", "webhook_secret", "websocket_base_url", "timeout", "max_retries",
        "default_headers", "http_client", "_strict_response_validation", "admin_api_key",
        "workload_identity", "_enforce_credentials",
    }
)
#: Azure-only keys whose statement simply goes (the deployment moves to each call's model=)
_DROPPED = {"api_version": "OpenAI takes no api_version", "azure_deployment": "pass it as model= on each call"}
_TOKENS = ("azure_ad_token_provider", "azure_ad_token")


class SourceEdit(NamedTuple):
    """A change of the user's code where the dict is built: ``span`` (a node or a range) gets
    ``text``; ``shown`` is what the snippet shows for it."""

    span: Any
    text: str
    shown: str


class AdditionChanges(NamedTuple):
    edits: tuple[SourceEdit, ...]
    notes: tuple[str, ...]
    #: an edit a person must check (a credential set after the literal): shown, not applied
    review: bool


def migrate_additions(
    name: str, added: Iterable[Addition], family: str, token_in_literal: bool, ctx: "Context"
) -> AdditionChanges | None:
    """What each key set on the dict ``name`` after its literal becomes: kept (a key ``OpenAI``
    takes), removed (``api_version``, ``azure_deployment``), renamed (``azure_endpoint`` ->
    ``base_url`` with ``/openai/v1/``, a token or provider -> ``api_key``, which Azure let win
    over a key). ``None`` for a key this cannot migrate (the message then names it)."""
    from .endpoints import base_url_for

    by_stmt: dict[int, list[Addition]] = {}
    for addition in added:
        by_stmt.setdefault(id(addition.stmt), []).append(addition)
    edits: list[SourceEdit] = []
    notes: list[str] = []
    review = False
    for group in by_stmt.values():
        stmt = group[0].stmt
        changed: list[tuple[str, str] | None] = []  # (key, value text) or None: removed
        for addition in group:
            key, value = addition.key, addition.value
            if key in OPENAI_KEPT:
                changed.append((key, ctx.segment(value)))
            elif key in _DROPPED:
                changed.append(None)
                if key == "azure_deployment":
                    notes.append(
                        f"`azure_deployment` set on line {stmt.lineno} goes there: "
                        f"pass model={shorten(ctx.segment(value), 40)} on each call"
                    )
                else:
                    notes.append(f"`{key}` set on line {stmt.lineno} goes there")
            elif family == "azure-openai" and key == "azure_endpoint":
                changed.append(("base_url", base_url_for(value, ctx, "azure").text))
            elif family == "azure-openai" and key in _TOKENS:
                changed.append(("api_key", ctx.segment(value)))
                review = True
                notes.append(f"line {stmt.lineno} sets {key}, now api_key (review it)")
            elif family == "azure-openai" and key == "api_key" and token_in_literal and _is_none(value):
                # it cleared the key for the token, which Azure let win anyway: api_key now
                # carries the token, and None would erase it
                changed.append(None)
            elif family == "azure-openai" and key == "api_key":
                changed.append((key, ctx.segment(value)))
                if token_in_literal:
                    review = True
                    notes.append(
                        f"line {stmt.lineno} sets api_key after the dict, whose api_key now carries the token too: "
                        "review it (Azure let a token win over a key)"
                    )
            else:
                return None
        if all(c is not None and c[0] == a.key for c, a in zip(changed, group)):
            continue  # nothing to change in this statement
        kept = [c for c in changed if c is not None]
        if isinstance(stmt, ast.Assign):
            if kept:
                text = f"{name}[{snippets.string(kept[0][0])}] = {kept[0][1]}"
                edits.append(SourceEdit(stmt, text, f"{text}  # line {stmt.lineno}, was {group[0].key}"))
            else:
                edits.append(_removal(stmt, group[0].key, ctx))
        else:
            if kept:
                text = f"{name}.update({', '.join(f'{k}={v}' for k, v in kept)})"
                edits.append(SourceEdit(stmt, text, f"{text}  # line {stmt.lineno}"))
            else:
                edits.append(_removal(stmt, group[0].key, ctx))
    return AdditionChanges(tuple(edits), tuple(notes), review)


class _Range:
    __slots__ = ("lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, line: int, col: int, end_line: int, end_col: int) -> None:
        self.lineno, self.col_offset, self.end_lineno, self.end_col_offset = line, col, end_line, end_col


def _alone(node: ast.stmt, ctx: "Context") -> bool:
    """``node`` is the only thing on its lines (nothing before it, only a comment after it)."""
    before = ctx.source.line(node.lineno).encode("utf-8")[: node.col_offset]
    after = ctx.source.line(node.end_lineno or node.lineno).encode("utf-8")[node.end_col_offset or 0:]
    return not before.strip() and (not after.strip() or after.strip().startswith(b"#"))


def _pure(test: ast.expr) -> bool:
    """A condition with no call in it (removing its ``if`` changes nothing else)."""
    return not any(isinstance(n, (ast.Call, ast.Await, ast.NamedExpr, ast.Yield, ast.YieldFrom)) for n in ast.walk(test))


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _removal(stmt: ast.stmt, key: str, ctx: "Context") -> SourceEdit:
    """Remove ``stmt`` (with its lines; its ``if`` too when it is the whole body of an ``if``
    without ``else`` on a condition without calls), or make it ``pass``."""
    reason = _DROPPED.get(key, "api_key now carries the token" if key == "api_key" else f"OpenAI takes no {key}")
    first = ctx.source.segment(stmt).splitlines()[0]
    shown = f"# line {stmt.lineno}: {first} goes ({reason})"
    node: ast.stmt = stmt
    parent = parent_of(stmt)
    if isinstance(parent, ast.If) and parent.body == [stmt] and not parent.orelse and _pure(parent.test):
        node = parent
        test = shorten(" ".join(ctx.source.segment(parent.test).split()), 60)
        shown = f"# lines {parent.lineno}-{stmt.end_lineno}: `if {test}: {first}` goes ({reason})"
    siblings = getattr(parent_of(node), "body", None)
    if _alone(node, ctx) and isinstance(siblings, list) and len(siblings) > 1:
        end = (node.end_lineno or node.lineno)
        if end < len(ctx.source.lines):
            blank = not ctx.source.line(node.lineno - 1).strip() and not ctx.source.line(end + 1).strip()
            if blank and end + 1 < len(ctx.source.lines):
                end += 1  # no two blank lines where the statement was
            return SourceEdit(_Range(node.lineno, 0, end + 1, 0), "", shown)
    return SourceEdit(node, "pass", shown)


# -- keys a `**kwargs` parameter holds --------------------------------------------------------------

_READS = frozenset({"get", "pop", "setdefault"})


def held_keys(name: str, function: ast.AST, ctx: "Context") -> dict[str, str]:
    """Keys the ``**name`` parameter of ``function`` visibly holds when it is spread, key -> who
    reads it: the function itself (``name["k"]``, ``name.get("k")``; a ``pop`` removes it), or a
    function of this module it is passed on to as ``**name``, which reads a copy (its own
    ``pop("k")`` leaves the key in ``name``)."""
    from .blocks import walk

    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {}
    args = function.args
    if args.kwarg is None or args.kwarg.arg != name:
        return {}
    found: dict[str, str] = {}
    popped: set[str] = set()
    for node, _ in walk(function.body):
        for key, method in _constant_reads(node, name):
            if method == "pop":
                popped.add(key)
            else:
                found.setdefault(key, "read here")
        if isinstance(node, ast.Call) and any(k.arg is None and _is_name(k.value, name) for k in node.keywords):
            for value in ctx.infer(node.func):
                callee = getattr(value.node, "node", None) if value.kind == "function" else None
                if isinstance(callee, (ast.FunctionDef, ast.AsyncFunctionDef)) and callee.args.kwarg is not None:
                    own = callee.args.kwarg.arg
                    for inner, _ in walk(callee.body):
                        for key, _method in _constant_reads(inner, own):
                            found.setdefault(key, f"read by `{shorten(ctx.segment(node.func), 40)}`")
    return {key: who for key, who in found.items() if not (key in popped and who == "read here")}


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _constant_reads(node: ast.AST, name: str) -> Iterable[tuple[str, str]]:
    """``name["k"]`` (a read) and ``name.get/pop/setdefault("k", ...)``: (key, how)."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_name(node.value, name):
        if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            yield node.slice.value, "subscript"
    elif (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _READS
        and _is_name(node.func.value, name) and node.args
        and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    ):
        yield node.args[0].value, node.func.attr


# -- a dict built key by key (`args = {...}; args["azure_endpoint"] = e; ...`) -------------------

#: AzureOpenAI's precedence when several credentials are set: a token, then a provider, then a key
_AUTH_ORDER = {"azure_ad_token": 0, "azure_ad_token_provider": 1, "api_key": 2}


def migrate_built(
    name: str, found: VisibleDict, call: ast.AST, is_async: bool, ctx: "Context"
) -> AdditionChanges | None:
    """An ``AzureOpenAI`` dict whose literal holds only keys ``OpenAI`` takes (or
    ``api_version``/``azure_deployment``) and whose endpoint and credential are set on it
    afterwards by ``name["key"] = value`` statements, migrated where each key is set:

    - ``azure_endpoint`` (set once, on every path to the call) -> ``base_url`` with ``/openai/v1/``;
    - ``api_version`` and ``azure_deployment`` statements go (the deployment -> ``model=``);
    - the credentials become one ``api_key`` in AzureOpenAI's precedence (token, provider, key):
      the first statement sets it, the later ones only when it is unset (``setdefault``), which
      holds when they appear in that order, each runs at most once and one runs on every path.

    ``None`` whenever that is not provably the same client (a ``base_url`` of AzureOpenAI's
    own, credentials in another order, a provider of unknown kind for an async client, a key
    ``OpenAI`` does not take): the finding then has no automatic fix."""
    from .credentials import azure_auth
    from .endpoints import base_url_for

    function = enclosing_function(ctx)
    within = dict_flow.reaching(name, call, function) if function is not None else None
    if within is None or within.binding is None:
        return None
    if not set(found.entries) <= OPENAI_KEPT | set(_DROPPED):
        return None
    edits: list[SourceEdit] = []
    notes: list[str] = []
    dropped = [key for key in found.entries if key in _DROPPED]
    if dropped:
        kept = [(k, v) for k, v in found.entries.items() if k not in _DROPPED]
        text = "{" + ", ".join(f"{snippets.string(k)}: {ctx.segment(v)}" for k, v in kept) + "}"
        edits.append(SourceEdit(found.literal, text, f"{name} = {text}  # line {found.literal.lineno}"))
        notes.extend(_dropped_note(key, found.entries[key], found.literal.lineno, ctx) for key in dropped)
    else:  # unchanged, shown so that the snippet says what the dict holds
        text = ctx.segment(found.literal)
        edits.append(SourceEdit(found.literal, text, f"{name} = {text}  # line {found.literal.lineno}"))
    endpoints = [a for a in found.additions if a.key in ("azure_endpoint", "base_url", "endpoint")]
    auth = [a for a in found.additions if a.key in _AUTH_ORDER]
    if (
        len(endpoints) != 1 or endpoints[0].key != "azure_endpoint" or not auth
        or not dict_flow.dominates_call(endpoints[0].stmt, call, function)
    ):
        return None
    order = [_AUTH_ORDER[a.key] for a in auth]
    if order != sorted(set(order)) or not any(dict_flow.dominates_call(a.stmt, call, function) for a in auth):
        return None
    first_auth = auth[0]
    for addition in found.additions:
        stmt = addition.stmt
        if not isinstance(stmt, ast.Assign) and addition.key not in OPENAI_KEPT:
            return None  # an update() setting an Azure key: not rewritten statement by statement
        if addition.key in OPENAI_KEPT:
            continue
        if addition.key in _DROPPED:
            edits.append(_removal(stmt, addition.key, ctx))
            notes.append(_dropped_note(addition.key, addition.value, stmt.lineno, ctx))
        elif addition.key == "azure_endpoint":
            base = base_url_for(addition.value, ctx, "azure", env_fallback=True)
            text = f"{name}[\"base_url\"] = {base.text}"
            edits.append(SourceEdit(stmt, text, f"{text}  # line {stmt.lineno}, was azure_endpoint"))
            notes.append(f"`azure_endpoint` set on line {stmt.lineno} becomes base_url (<azure_endpoint>/openai/v1/)")
            if base.note:
                notes.append(base.note)
        elif addition.key in _AUTH_ORDER:
            if not dict_flow.runs_once(stmt, within, function):
                return None
            key = azure_auth({addition.key: addition.value}, ctx, is_async)
            if key.manual or key.kind == "env":
                return None
            if addition is first_auth:
                text = f"{name}[\"api_key\"] = {key.text}"
            else:
                text = f"{name}.setdefault(\"api_key\", {key.text})"
            edits.append(SourceEdit(stmt, text, f"{text}  # line {stmt.lineno}, was {addition.key}"))
            if key.note:
                notes.append(key.note)
        else:
            return None
    if len(auth) > 1:
        notes.append(
            f"{', '.join(f'`{a.key}` (line {a.stmt.lineno})' for a in auth)} become one api_key, "
            "the first one set winning as in AzureOpenAI (token, then provider, then key)"
        )
    elif auth[0].key != "api_key":
        notes.append(f"`{auth[0].key}` set on line {auth[0].stmt.lineno} becomes api_key")
    return AdditionChanges(tuple(edits), tuple(notes), False)


def _dropped_note(key: str, value: ast.expr, line: int, ctx: "Context") -> str:
    if key == "azure_deployment":
        return f"`azure_deployment` set on line {line} goes: pass model={shorten(ctx.segment(value), 40)} on each call"
    return f"`{key}` set on line {line} goes ({_DROPPED[key]})"
