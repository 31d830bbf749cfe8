"""Dicts spread into a migrated call (``embeddings.create(input=x, **self._model_kwargs)``): which
keys the module visibly puts in them, and under which condition.

A request method of openai takes no ``**kwargs``: it needs ``model`` and refuses Inference's
``model_extras``. When the dict is built in one visible place of this module (a literal, a name
bound once to a literal, a local function, method or property returning one) its keys are read
with the statements that add them (``d["model"] = name`` under ``if name:``, ``d.update(k=v)``)
and the mappings merged into it whose keys cannot be seen (``d.update(self.model_kwargs)``,
``{**base}``). Anything else is not visible: the message then says what the dict must hold.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..analysis import dict_flow
from ..semantics import Scope
from . import call_options, snippets

if TYPE_CHECKING:
    from ..engine import Context


class Added(NamedTuple):
    """One key the dict gets: where, and the condition it depends on (None: always)."""

    line: int
    condition: str | None


class BuiltDict(NamedTuple):
    #: key -> how it is added, in source order
    keys: dict[str, Added]
    #: mappings merged in whose keys are not visible: (source text, line, condition)
    merged: tuple[tuple[str, int, str | None], ...]


def built_dict(expr: ast.expr, ctx: "Context") -> BuiltDict | None:
    """The keys of the dict ``**expr`` spreads, when this module builds it in one visible place."""
    if isinstance(expr, ast.Dict) or _is_dict_call(expr):
        return _from_literal(expr, None, ())
    if isinstance(expr, ast.Name):
        owner = _function_of(ctx)
        value = _bound_once(_reaching(ctx.sem.lookup(expr.id, ctx.scope), expr, owner))
        if value is None or owner is None:
            return None
        # only what is set between the binding and the call reaches it (flow order)
        within = dict_flow.reaching(expr.id, expr, owner) if isinstance(owner, _FUNCTIONS) else None
        return _from_name(expr.id, value, owner, ctx, within=within)
    function = _builder(expr, ctx)
    if function is None or len(function.returns) != 1:
        return None
    value = function.returns[0]
    if isinstance(value, ast.Dict) or _is_dict_call(value):
        return _from_literal(value, None, ())
    if isinstance(value, ast.Name):
        bound = _bound_once(function.bindings.get(value.id, []))
        if bound is None:
            return None
        # `params.update(kwargs)` of a `def f(self, **kwargs)` called without keywords adds nothing
        kwarg = function.node.args.kwarg if isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        empty = kwarg.arg if kwarg is not None and not getattr(expr, "keywords", None) else None
        return _from_name(value.id, bound, function.node, ctx, empty)
    return None


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _reaching(bindings: list, expr: ast.expr, owner: ast.AST | None) -> list:
    """The bindings of a name that can reach ``expr``: those made after it in the same
    function cannot, unless a loop holds ``expr`` (the next round sees them)."""
    from ..semantics import parent_of

    node = parent_of(expr)
    while node is not None and node is not owner:
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            return bindings
        node = parent_of(node)
    if node is None or isinstance(owner, ast.Module):
        return bindings
    return [b for b in bindings if not (isinstance(b[1], ast.AST) and getattr(b[1], "lineno", 0) > expr.lineno)]


def _bound_once(bindings: list) -> ast.AST | None:
    """The one value a name is assigned (``d = {}`` or ``d: Dict[str, Any] = {}``), or None."""
    values = [b[1] for b in bindings if b[0] == "expr"]
    if len(values) != 1 or any(b[0] not in ("expr", "ann") for b in bindings):
        return None
    return values[0]


def _builder(expr: ast.expr, ctx: "Context") -> Scope | None:
    """The local function, method or property whose return value ``expr`` is."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, (ast.Name, ast.Attribute)) and not expr.args:
        functions = [v for v in ctx.infer(expr.func) if v.kind == "function"]
        if len(functions) == 1 and isinstance(functions[0].node, Scope):
            return functions[0].node
        return None
    if isinstance(expr, ast.Attribute):  # self.<property>
        owners = [v for v in ctx.infer(expr.value) if v.kind == "object" and isinstance(v.node, Scope)]
        if len(owners) != 1 or not isinstance(owners[0].node.node, ast.ClassDef):
            return None
        cls = owners[0].node
        for stmt in cls.node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == expr.attr and any(
                (d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")) in ("property", "cached_property")
                for d in stmt.decorator_list
            ):
                scope = ctx.sem.scopes.get(id(stmt))
                return scope if isinstance(scope, Scope) else None
    return None


def _function_of(ctx: "Context") -> ast.AST | None:
    scope = ctx.scope
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    return scope.node if scope is not None else None


def _is_dict_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args


def _from_literal(literal: ast.expr, condition: str | None, merged: tuple) -> BuiltDict | None:
    keys: dict[str, Added] = {}
    out = list(merged)
    if isinstance(literal, ast.Dict):
        for key, value in zip(literal.keys, literal.values):
            if key is None:
                out.append((ast.unparse(value), value.lineno, condition))
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.setdefault(key.value, Added(key.lineno, condition))
            else:
                return None  # a computed key
    else:
        assert isinstance(literal, ast.Call)
        for kw in literal.keywords:
            if kw.arg is None:
                out.append((ast.unparse(kw.value), kw.value.lineno, condition))
            else:
                keys.setdefault(kw.arg, Added(kw.value.lineno, condition))
    return BuiltDict(keys, tuple(out))


def _from_name(
    name: str, value: ast.AST, owner: ast.AST, ctx: "Context", empty: str | None = None,
    within: dict_flow.Reaching | None = None,
) -> BuiltDict | None:
    """A dict bound once in ``owner`` (a function, or the module) to a literal, plus what the
    statements of ``owner`` add to it (with the ``if`` tests around them); ``within``: only the
    statements between the binding that reaches the call and the call."""
    if not (isinstance(value, ast.Dict) or _is_dict_call(value)):
        return None
    built = _from_literal(value, None, ())
    if built is None:
        return None
    keys, merged = dict(built.keys), list(built.merged)
    for node, condition in _statements(owner, (), ctx):
        if within is not None and not dict_flow.inside_range(node, within):
            continue
        for key, line in _stored_keys(node, name):
            if key is None:
                return None  # d[k] = ...: a key this module computes
            if key in keys and keys[key].condition is None:
                continue
            keys.setdefault(key, Added(line, condition))
        call = node.value if isinstance(node, ast.Expr) else None
        if _method_call(call, name, "update"):
            for arg in call.args:  # type: ignore[union-attr]
                if isinstance(arg, ast.Dict):
                    extra = _from_literal(arg, condition, ())
                    if extra is None:
                        return None
                    for key, added in extra.keys.items():
                        keys.setdefault(key, added)
                    merged.extend(extra.merged)
                elif not (isinstance(arg, ast.Name) and arg.id == empty):
                    merged.append((ctx.segment(arg), arg.lineno, condition))
            for kw in call.keywords:  # type: ignore[union-attr]
                if kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id == empty:
                    continue
                if kw.arg is None:
                    merged.append((ctx.segment(kw.value), kw.value.lineno, condition))
                else:
                    keys.setdefault(kw.arg, Added(kw.value.lineno, condition))
        elif call is not None and any(_method_call(call, name, m) for m in ("pop", "clear", "popitem")):
            return None  # keys removed again: not worth guessing
    return BuiltDict(keys, tuple(merged))


def _method_call(call: ast.AST | None, name: str, method: str) -> bool:
    return (
        isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == method
        and isinstance(call.func.value, ast.Name) and call.func.value.id == name
    )


def _stored_keys(node: ast.AST, name: str) -> Iterator[tuple[str | None, int]]:
    if not isinstance(node, ast.Assign):
        return
    for target in node.targets:
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == name:
            key = target.slice
            yield (key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None), node.lineno


def _statements(node: ast.AST, tests: tuple[str, ...], ctx: "Context") -> Iterator[tuple[ast.stmt, str | None]]:
    """The statements of a function body (nested functions and classes left out) with the
    condition under which each runs: the ``if`` tests around it, ``None`` for always. A
    statement in a loop, ``try`` or ``with`` body counts as conditional on that block."""
    body = getattr(node, "body", [])
    for stmt in body:
        yield from _statement(stmt, tests, ctx)


def _statement(stmt: ast.stmt, tests: tuple[str, ...], ctx: "Context") -> Iterator[tuple[ast.stmt, str | None]]:
    yield stmt, " and ".join(tests) or None
    if isinstance(stmt, ast.If):
        test = " ".join(ctx.segment(stmt.test).split())
        for inner in stmt.body:
            yield from _statement(inner, tests + (test,), ctx)
        for inner in stmt.orelse:
            yield from _statement(inner, tests + (f"not ({test})",), ctx)
    elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
        for inner in stmt.body + stmt.orelse:
            yield from _statement(inner, tests + ("the loop runs",), ctx)
    elif isinstance(stmt, ast.Try):
        for inner in stmt.body + stmt.orelse + stmt.finalbody:
            yield from _statement(inner, tests, ctx)
        for handler in stmt.handlers:
            for inner in handler.body:
                yield from _statement(inner, tests + ("an exception is caught",), ctx)
    elif isinstance(stmt, (ast.With, ast.AsyncWith)):
        for inner in stmt.body:
            yield from _statement(inner, tests, ctx)


# -- what the message says about them -------------------------------------------------------------


class SpreadModel(NamedTuple):
    """What the spread dicts of one call mean for its ``model`` and its parameters."""

    #: "given" (a dict always holds it), "absent" (every dict is visible and none holds it or
    #: merges anything), "unknown" (the notes say when it may be missing)
    model: str
    #: what the message says about ``model`` (when the call passes none itself)
    model_notes: tuple[str, ...]
    #: what it says about the keys openai refuses
    notes: tuple[str, ...]
    #: a visible dict sets ``model`` under a condition: a default model must go under it
    #: (``**{"model": default, **options}``), not next to it (``model=`` twice is a TypeError)
    sometimes: bool = False
    #: a visible dict holds a key openai refuses (create() takes no ``**kwargs``: TypeError)
    refused: bool = False


#: azure-core request options a dict for ``complete()``/``embed()`` may carry
_AZURE_CORE = frozenset(
    {
        "logging_enable", "raw_request_hook", "raw_response_hook", "connection_timeout", "read_timeout",
        "retry_total", "retry_connect", "retry_read", "retry_status", "retry_backoff_factor",
        "user_agent", "connection_verify", "connection_cert", "proxies", "transport",
    }
)


def _short(text: str, limit: int = 30) -> str:
    return snippets.shorten(text, limit)


def _when(added: Added) -> str:
    return f"line {added.line}, when `{_short(added.condition, 60)}`" if added.condition else f"line {added.line}"


def _merged_text(merged: tuple[tuple[str, int, str | None], ...]) -> str:
    return ", ".join(f"`{_short(text)}` (merged at line {line})" for text, line, _ in merged)


def spread_model(spreads: list[tuple[ast.expr, str]], chat: bool, ctx: "Context") -> SpreadModel:
    """``spreads``: the ``**`` values of a call without ``model=`` and their rendered text."""
    built = [(text, built_dict(expr, ctx)) for expr, text in spreads]
    model_notes: list[str] = []
    if any(b is not None and "model" in b.keys and b.keys["model"].condition is None for _, b in built):
        model = "given"
    elif built and all(b is not None and not b.merged and "model" not in b.keys for _, b in built):
        model = "absent"
    else:
        model = "unknown"
        for text, b in built:
            name = f"`**{_short(text)}`"
            if b is None:
                model_notes.append(f"`model` is required: {name} must hold it (your deployment name), as nothing here shows its keys")
            elif "model" in b.keys:
                added = b.keys["model"]
                also = f", or when {_merged_text(b.merged)} holds it" if b.merged else ""
                model_notes.append(
                    f"`model` is required: {name} holds it only when `{_short(added.condition or '', 60)}` "
                    f"(line {added.line}){also}; "
                    "otherwise openai raises TypeError: make sure it is always set (your deployment name)"
                )
            elif b.merged:
                model_notes.append(
                    f"`model` is required: {name} sets none itself, only {_merged_text(b.merged)} can hold it "
                    "(your deployment name)"
                )
    notes: list[str] = []
    for text, b in built:
        if b is None:
            continue
        name = f"`**{_short(text)}`"
        wrong = []
        for key, added in b.keys.items():
            if key == "model_extras":
                wrong.append(f"its `model_extras` ({_when(added)}) must become real arguments or go in `extra_body=`")
            elif key == "input_type" and not chat:
                wrong.append(f"its `input_type` ({_when(added)}) must go in `extra_body=`")
            elif key in call_options.RENAMED and key != "timeout":
                wrong.append(f"its `{key}` ({_when(added)}) must become `{call_options.RENAMED[key]}=`")
            elif key in _AZURE_CORE:
                wrong.append(f"its `{key}` ({_when(added)}) is an azure-core option that openai does not take")
        if wrong:
            notes.append(f"{name} must hold only OpenAI parameters: " + "; ".join(wrong) + " (no automatic fix)")
    sometimes = any(b is not None and "model" in b.keys and b.keys["model"].condition for _, b in built)
    return SpreadModel(model, tuple(model_notes), tuple(notes), sometimes, bool(notes))


def described(expr: ast.expr, ctx: "Context") -> bool:
    """Whether every key of the dict ``**expr`` is visible (nothing merged in): the message
    then says what is wrong with it, if anything, and needs no general caveat."""
    built = built_dict(expr, ctx)
    return built is not None and not built.merged
