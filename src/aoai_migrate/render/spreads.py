"""Dicts spread into client constructors (``AzureOpenAI(**self._client_kwargs())``).

A spread dict that this module builds in one visible place (a literal or ``dict(...)`` bound to
the name, or returned by a local function or method) is read key by key, so that the migrated
client can be built from its entries instead of spreading ``api_version``/``azure_endpoint``
into ``OpenAI``. Anything else stays opaque: the snippet then invents no values for it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from ..semantics import Scope, parent_of
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
    """Keys the enclosing function (or module) adds to the dict named ``expr`` after it is built:
    ``name["key"] = ...`` and ``name.update(key=...)``, key -> the statement's node."""
    if not isinstance(expr, ast.Name):
        return {}
    scope = ctx.scope
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    owner = scope.node if scope is not None else ctx.sem.module.node
    found: dict[str, ast.AST] = {}
    for node in ast.walk(owner):
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


def additions(name: str, function: ast.AST) -> tuple[Addition, ...] | None:
    """The keys ``function`` sets on its local dict ``name`` after building it: ``name["k"] =
    v`` statements and ``name.update(k=v, ...)`` calls. ``None`` when it changes the dict in any
    other way (a computed key, ``del``, ``pop()``, ``setdefault()``, ``|=``, ``update()`` with a
    positional or ``**`` argument, an ``update()`` whose result is used) or rebinds it: what
    the dict holds is then not visible."""
    from .blocks import walk

    found: list[Addition] = []
    body = function.body if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for node, parent in walk(body):
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
