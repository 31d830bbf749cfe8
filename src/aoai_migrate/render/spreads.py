"""Dicts spread into client constructors (``AzureOpenAI(**self._client_kwargs())``).

A spread dict that this module builds in one visible place (a literal or ``dict(...)`` bound to
the name, or returned by a local function or method) is read key by key, so that the migrated
client can be built from its entries instead of spreading ``api_version``/``azure_endpoint``
into ``OpenAI``. Anything else stays opaque: the snippet then invents no values for it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, NamedTuple

from ..semantics import Scope
from .client_defaults import portable

if TYPE_CHECKING:
    from ..engine import Context


class VisibleDict(NamedTuple):
    #: key -> value expression, in source order
    entries: dict[str, ast.expr]
    #: the literal (or ``dict(...)`` call) that builds it
    literal: ast.expr
    #: whether every value means the same where the dict is spread (can be inlined there)
    portable: bool


def visible_dict(expr: ast.expr, ctx: "Context") -> VisibleDict | None:
    """The dict ``**expr`` spreads, when this module builds it in exactly one visible place."""
    literal = _source(expr, ctx)
    if literal is None:
        return None
    entries = _entries(literal)
    if entries is None:
        return None
    movable = all(portable(value, literal, ctx) for value in entries.values())
    return VisibleDict(entries, literal, movable)


def _source(expr: ast.expr, ctx: "Context") -> ast.expr | None:
    if isinstance(expr, ast.Dict) or _is_dict_call(expr):
        return expr
    if isinstance(expr, ast.Name):
        bindings = ctx.sem.lookup(expr.id, ctx.scope)
        if len(bindings) != 1 or bindings[0][0] != "expr" or _mutated(expr.id, ctx):
            return None
        value = bindings[0][1]
        return value if isinstance(value, ast.Dict) or _is_dict_call(value) else None
    if isinstance(expr, ast.Call) and isinstance(expr.func, (ast.Name, ast.Attribute)):
        functions = [v for v in ctx.infer(expr.func) if v.kind == "function"]
        if len(functions) != 1 or not isinstance(functions[0].node, Scope):
            return None
        returns = functions[0].node.returns
        if len(returns) != 1:
            return None
        value = returns[0]
        return value if isinstance(value, ast.Dict) or _is_dict_call(value) else None
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
