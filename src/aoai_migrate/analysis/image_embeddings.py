"""Code that talks to an image-embeddings client: the calls that build one or call its
``embed()``, and the results of those calls.

No OpenAI client replaces an image-embeddings client (AOM603): its requests become a small REST
function whose result is the response's JSON dict. The rules that convert arguments (AOM107)
and results (AOM115) ask here whether they stand in that context, where OpenAI's parameters and
pydantic results do not apply.
"""

from __future__ import annotations

import ast

from .. import known
from ..engine import Context
from ..locate import own_nodes, scope_containing
from ..semantics import parent_of

#: every resolved image-embeddings client (also subclasses and factory results) -> is_async
CLIENT_KINDS = {q: a for q, (kind, a) in known.INFERENCE_CLIENTS.items() if kind == "image-embeddings"}
#: the image-embeddings client classes -> is_async
CLIENT_CLASSES = {
    f"{known.INFERENCE}.{known.IMAGE_EMBEDDINGS}": False,
    f"{known.INFERENCE_AIO}.{known.IMAGE_EMBEDDINGS}": True,
}


def is_embed(call: ast.Call, ctx: Context) -> bool:
    """``call`` is ``embed(...)`` on an image-embeddings client (resolved where it stands)."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "embed"):
        return False
    scope = scope_containing(ctx.sem, call)
    return any(
        v.kind == "member" and v.name == "embed" and v.owner is not None and v.owner.name in CLIENT_KINDS
        for v in ctx.infer(func, scope)
    )


def is_client_call(call: ast.Call, ctx: Context) -> bool:
    """``call`` constructs an image-embeddings client or calls its ``embed()``."""
    return bool(ctx.qualnames(call.func) & CLIENT_CLASSES.keys()) or is_embed(call, ctx)


def in_client_call(ctx: Context) -> bool:
    """The node being visited is an argument (at any depth, within its statement) of a call
    that builds an image-embeddings client or calls its ``embed()``."""
    for ancestor in reversed(ctx.parents):
        if isinstance(ancestor, ast.stmt):
            return False
        if isinstance(ancestor, ast.Call) and ancestor.func is not ctx.node and is_client_call(ancestor, ctx):
            return True
    return False


def is_result(expr: ast.AST, ctx: Context) -> bool:
    """``expr`` is only ever what an image-embeddings ``embed()`` of this module returned
    (after the migration: the JSON dict the REST function returns)."""
    results = [v for v in ctx.infer(expr) if v.kind == "instance" and v.name == known.EMBEDDINGS_RESULT]
    if not results:
        return False
    for value in results:
        call = value.node
        if isinstance(call, ast.Await):
            call = call.value
        if not (isinstance(call, ast.Call) and is_embed(call, ctx)):
            return False
    return True


def _call_taking(node: ast.AST) -> ast.Call | None:
    """The call ``node`` is an argument of (positional, keyword or starred), else ``None``."""
    parent = parent_of(node)
    if isinstance(parent, ast.Starred):
        node, parent = parent, parent_of(parent)
    if isinstance(parent, ast.keyword):
        call = parent_of(parent)
        return call if isinstance(call, ast.Call) else None
    if isinstance(parent, ast.Call) and node in parent.args:
        return parent
    return None


def value_flow(ctx: Context, converted) -> str:
    """Where the value being visited (an enum member) goes, for a module that builds an
    image-embeddings client: ``"image"`` when it is an argument of an image-embeddings call, or
    held in a local variable whose every later read (before it is bound again) is one;
    ``"openai"`` when those reads are all arguments of calls ``converted(call)`` says migrate to
    OpenAI; ``"both"`` otherwise (a user function's argument, a module-level name, a comparison):
    the value may reach either."""
    if in_client_call(ctx):
        return "image"
    parent = ctx.parent()
    if not (isinstance(parent, ast.Assign) and parent.value is ctx.node and len(parent.targets) == 1
            and isinstance(parent.targets[0], ast.Name)):
        return "both"
    function = next((p for p in reversed(ctx.parents)
                     if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))), None)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "both"  # a module-level (or class-level) name can be read anywhere
    name = parent.targets[0].id
    start = (parent.end_lineno or parent.lineno, parent.end_col_offset or 0)
    names = [n for n in own_nodes(function) if isinstance(n, ast.Name) and n.id == name]
    end = min(((n.lineno, n.col_offset) for n in names
               if not isinstance(n.ctx, ast.Load) and (n.lineno, n.col_offset) > start), default=(float("inf"), 0))
    kinds = set()
    for use in names:
        if not (isinstance(use.ctx, ast.Load) and start < (use.lineno, use.col_offset) < end):
            continue
        call = _call_taking(use)
        if call is not None and is_client_call(call, ctx):
            kinds.add("image")
        elif call is not None and converted(call):
            kinds.add("openai")
        else:
            return "both"
    return kinds.pop() if len(kinds) == 1 else "both"
