"""Where a value comes from: the calls whose result an expression is, or is read from.

``Flow(ctx, produces).producers(expr, scope)`` follows ``expr`` back to the calls that produced it:

- through ``await``, attribute and item reads and the methods called on the value
  (``resp.choices[0].message.get("a")`` comes from what ``resp`` comes from), and the items of a
  list or tuple literal or a comprehension;
- through plain names: each assignment of the name (``resp = client.complete(...)``, ``with
  client.complete(stream=True) as stream``, a walrus) and each loop over a value (``for update
  in resp``: an element of the stream comes from the call that returned it), as the name
  resolves where it is read (the same scope or an enclosing one);
- through parameters: what the module's own calls of the function pass for them (``f(resp)``,
  ``self.f(response=resp)``; callers in other modules are not seen);
- for a function's return annotation, through its ``return`` statements (:meth:`Flow.returned`).

It stops at a *producing* call: an Inference ``complete()`` / ``embed()`` (on an Inference client,
or on a receiver nothing in the module resolves, a client known elsewhere), or a call at which
``findings`` has a client or Inference finding (a client construction, a model class turned
into a dict). It does not follow values stored on attributes (``self.resp = ...``) or in
containers, passed in from other modules or returned by the module's helpers: those give no producer,
and what depends on them keeps its own fix safety.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from .. import known, locate
from ..semantics import parent_of

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


class Flow:
    """Follows values back to their producing calls in one module (``produces(call, scope)``
    says which calls produce); memoises the module's calls by name and the scope of nodes."""

    def __init__(self, ctx: Context, produces: Callable[[ast.Call, Scope], bool]) -> None:
        self.ctx = ctx
        self.produces = produces
        self._calls: dict[str, list[ast.Call]] | None = None
        self._scopes: dict = {}

    def producers(self, node: ast.AST, scope: Scope, depth: int = 0,
                  seen: set[tuple[str, int]] | None = None) -> list[Producer]:
        """The producing calls ``node``'s value comes from, with the scope each is in (see the
        module's docstring); empty when the flow cannot be followed."""
        seen = set() if seen is None else seen
        while True:
            if isinstance(node, (ast.Await, ast.Attribute, ast.Subscript, ast.NamedExpr)):
                node = node.value
            elif isinstance(node, ast.Call):
                if self.produces(node, scope):
                    return [(node, scope)]
                if _wrapper(node):  # asyncio.create_task(client.complete(...)): the coroutine's value
                    node = node.args[0]
                    continue
                if not isinstance(node.func, ast.Attribute):
                    return []  # a function's result: helpers are not followed
                node = node.func.value  # a method of the value (`resp.get("a")`)
            elif isinstance(node, ast.Name):
                break
            elif isinstance(node, (ast.List, ast.Tuple)):  # a literal's items (`[UserMessage(q), ...]`)
                return [p for item in node.elts for p in self.producers(item, scope, depth + 1, seen)]
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):  # `[UserMessage(q) for q in qs]`
                node, scope = node.elt, self.scope_of(node.elt)
            else:
                return []
        key = (node.id, id(scope))
        if depth > _DEPTH or key in seen:
            return []
        seen.add(key)
        out: list[Producer] = []
        for kind, payload, where in self.ctx.sem.lookup(node.id, scope):
            if where.sem not in (self.ctx.sem, None):
                continue
            if kind in ("expr", "iter") and isinstance(payload, ast.AST):
                out.extend(self.producers(payload, where, depth + 1, seen))
            elif kind in ("ann", "param"):  # a parameter: what the module's own calls pass for it
                param = parent_of(payload) if kind == "ann" else parameter(where.node, node.id)
                if isinstance(param, ast.arg):
                    for value, at in self.arguments(param):
                        out.extend(self.producers(value, at, depth + 1, seen))
        return out

    def arguments(self, param: ast.arg) -> list[tuple[ast.expr, Scope]]:
        """What the module's calls of the function ``param`` belongs to pass for it (calls that
        resolve to that function: ``f(...)``, ``self.f(...)``), with the scope of each call."""
        arguments = parent_of(param)
        function = parent_of(arguments) if isinstance(arguments, ast.arguments) else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return []
        positional = [*function.args.posonlyargs, *function.args.args]
        out: list[tuple[ast.expr, Scope]] = []
        for call in self.calls().get(function.name, ()):
            func, scope = call.func, self.scope_of(call)
            if not any(
                v.kind == "function" and getattr(v.node, "node", None) is function for v in self.ctx.infer(func, scope)
            ):
                continue
            bound = isinstance(func, ast.Attribute) and _method(self.ctx, function)
            index = positional.index(param) - bound if param in positional else -1
            if 0 <= index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
                out.append((call.args[index], scope))
            out += [(kw.value, scope) for kw in call.keywords if kw.arg == param.arg]
        return out

    def returned(self, function: ast.AST) -> list[tuple[ast.expr, Scope]]:
        """The values ``function`` returns (its own ``return`` statements), with its scope."""
        scope = self.ctx.sem.scopes.get(id(function))
        return [] if scope is None else [(value, scope) for value in scope.returns]

    def calls(self) -> dict[str, list[ast.Call]]:
        """The module's calls of a name or method, by that name."""
        if self._calls is None:
            self._calls = {}
            for node in ast.walk(self.ctx.sem.tree):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                    if name is not None:
                        self._calls.setdefault(name, []).append(node)
        return self._calls

    def scope_of(self, node: ast.AST) -> Scope:
        return locate.scope_containing(self.ctx.sem, node, self._scopes)


#: asyncio functions whose awaited value is that of the coroutine they are given first
_WRAPPERS = frozenset({"create_task", "ensure_future", "shield", "wait_for"})


def _wrapper(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in _WRAPPERS and bool(call.args) and not isinstance(call.args[0], ast.Starred)


def parameter(function: ast.AST, name: str) -> ast.arg | None:
    """The parameter ``name`` of ``function`` (``None`` when it has none)."""
    args = getattr(function, "args", None)
    if not isinstance(args, ast.arguments):
        return None
    return next((a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg == name), None)


def _method(ctx: Context, function: ast.AST) -> bool:
    """A function defined in a class body whose first parameter is bound (not a staticmethod)."""
    scope = ctx.sem.scopes.get(id(function))
    decorators = {getattr(d, "id", getattr(d, "attr", None)) for d in getattr(function, "decorator_list", ())}
    return scope is not None and scope.class_scope() is not None and "staticmethod" not in decorators
