"""Where a value comes from: the calls whose result an expression is, or is read from.

``producers(expr, scope, ctx)`` follows ``expr`` back to the calls that produced it:

- through ``await``, attribute and item reads and the methods called on the value
  (``resp.choices[0].message.get("a")`` comes from what ``resp`` comes from);
- through plain names: each assignment of the name (``resp = client.complete(...)``, ``with
  client.complete(stream=True) as stream``, a walrus) and each loop over a value (``for update
  in resp``: an element of the stream comes from the call that returned it), as the name
  resolves where it is read (the same scope or an enclosing one);
- for a function's return annotation, through its ``return`` statements (:func:`returned`).

It stops at a *producing* call: an Inference ``complete()`` / ``embed()`` (on an Inference client,
or on a receiver nothing in the module resolves, a client known elsewhere), or a call at which
``findings`` has a client or Inference finding (a client construction, a model class turned
into a dict). It does not follow values stored on attributes (``self.resp = ...``) or in
containers, passed in as parameters or returned by the module's helpers: those give no producer,
and what depends on them keeps its own fix safety.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from .. import known

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Context
    from ..semantics import Scope

#: the Inference calls whose results the module reads and annotates
CALL_METHODS = frozenset({"complete", "embed"})
_DEPTH = 8

Producer = tuple[ast.Call, "Scope"]


def inference_call(call: ast.AST, scope: Scope, ctx: Context) -> bool:
    """``<x>.complete(...)`` / ``<x>.embed(...)`` on an Inference client, or on a receiver the
    module cannot tell (``self.client`` declared by a base class in another module, or nowhere):
    not on an object the module knows to be something else (an openai client, a function of the
    module, another SDK's object)."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in CALL_METHODS):
        return False
    try:
        values = ctx.infer(call.func, scope)
    except Exception:  # never the host's crash: not known to be one
        return False
    return all(_opaque(v) for v in values) or any(_owner(v) in known.INFERENCE_CLIENTS for v in values)


def _owner(value) -> str | None:
    owner = value.owner if value.kind == "member" else None
    return owner.name if owner is not None and owner.kind == "instance" else None


def _opaque(value) -> bool:
    """A member of something that is not an SDK's (an instance of a project class whose
    attribute nothing resolves), or the result of something unknown."""
    if value.kind == "member":
        owner = _owner(value)
        return owner is not None and owner.split(".", 1)[0] not in ("azure", "openai")
    return value.kind == "result" and not value.name.split(".", 1)[0] in ("azure", "openai")


def producers(
    node: ast.AST, scope: Scope, ctx: Context, produces: Callable[[ast.Call, Scope], bool],
    depth: int = 0, seen: set[tuple[str, int]] | None = None,
) -> list[Producer]:
    """The producing calls (``produces(call, scope)``) ``node``'s value comes from, with the
    scope each is in (see the module's docstring); empty when the flow cannot be followed."""
    seen = set() if seen is None else seen
    while True:
        if isinstance(node, (ast.Await, ast.Attribute, ast.Subscript, ast.NamedExpr)):
            node = node.value
        elif isinstance(node, ast.Call):
            if produces(node, scope):
                return [(node, scope)]
            if not isinstance(node.func, ast.Attribute):
                return []  # a function's result: helpers are not followed
            node = node.func.value  # a method of the value (`resp.get("a")`)
        elif isinstance(node, ast.Name):
            break
        elif isinstance(node, (ast.List, ast.Tuple)):  # a literal's items (`[UserMessage(q), ...]`)
            return [p for item in node.elts for p in producers(item, scope, ctx, produces, depth + 1, seen)]
        else:
            return []
    key = (node.id, id(scope))
    if depth > _DEPTH or key in seen:
        return []
    seen.add(key)
    out: list[Producer] = []
    for kind, payload, where in ctx.sem.lookup(node.id, scope):
        if kind in ("expr", "iter") and where.sem in (ctx.sem, None) and isinstance(payload, ast.AST):
            out.extend(producers(payload, where, ctx, produces, depth + 1, seen))
    return out


def returned(function: ast.AST, ctx: Context) -> tuple[list[ast.expr], Scope] | None:
    """The values ``function`` returns (its own ``return`` statements) and its scope."""
    scope = ctx.sem.scopes.get(id(function))
    if scope is None:
        return None
    return list(scope.returns), scope
