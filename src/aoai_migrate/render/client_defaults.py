"""Client-level defaults of Azure AI Inference clients (``model``, ``temperature``,
``input_type``, ``model_extras``, ...): OpenAI clients have none, so they move into each call."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, NamedTuple

from .. import foreign
from ..semantics import Scope

if TYPE_CHECKING:
    from ..engine import Context
    from .calls import InferenceCall

#: client constructor keywords that are per-call defaults (``azure/ai/inference/_patch.py``)
CHAT_DEFAULTS = (
    "model", "frequency_penalty", "presence_penalty", "temperature", "top_p", "max_tokens",
    "response_format", "stop", "tools", "tool_choice", "seed", "model_extras",
)
EMBED_DEFAULTS = ("model", "dimensions", "encoding_format", "input_type", "model_extras")


# -- client defaults ------------------------------------------------------------------------
class ClientDefaults(NamedTuple):
    #: the constructor keywords that can be copied into the call
    values: dict[str, ast.expr]
    #: names of constructor defaults that use names local to the constructor's scope
    left: tuple[str, ...]
    #: whether every constructor keyword is visible (no ``**kwargs``, a single known constructor)
    complete: bool


def client_defaults(resolved: InferenceCall, ctx: "Context") -> ClientDefaults:
    """Per-call defaults the client's constructor set (``model``, ``temperature``, ...)."""
    names = CHAT_DEFAULTS if resolved.method == "complete" else EMBED_DEFAULTS
    nodes = {id(o.node): o.node for o in resolved.owners}
    if len(nodes) != 1:
        return ClientDefaults({}, (), False)
    (ctor,) = nodes.values()
    if not isinstance(ctor, ast.Call):
        return ClientDefaults({}, (), False)
    keywords = constructor_keywords(ctor, ctx)
    complete = not any(kw.arg is None for kw in keywords)
    values: dict[str, ast.expr] = {}
    left: list[str] = []
    for kw in keywords:
        if kw.arg in names:
            value = here(kw.value, ctx)
            if value is not None and portable(value, ctor, ctx):
                values[kw.arg] = value
            else:
                left.append(kw.arg)
    return ClientDefaults(values, tuple(left), complete)


def constructor_keywords(ctor: ast.Call, ctx: "Context") -> list[ast.keyword]:
    """The keywords of a client construction, those of the ``functools.partial`` it goes
    through first."""
    return [kw for call in _partials(ctor, ctx) for kw in call.keywords] + list(ctor.keywords)


def _partials(ctor: ast.Call, ctx: "Context") -> list[ast.Call]:
    """The ``functools.partial(Client, ...)`` calls a construction goes through (``make(...)``
    after ``make = partial(ChatCompletionsClient, model="m")``): their keywords come first."""
    return [v.node for v in ctx.infer(ctor.func) if v.kind == "partial" and isinstance(v.node, ast.Call)]


def client_deployment(resolved: "InferenceCall", ctx: "Context") -> str | None:
    """The deployment name (as source text) in the endpoint of the call's client, when it is an
    Azure OpenAI deployment URL (``https://<res>.openai.azure.com/openai/deployments/<name>``):
    on ``/openai/v1/`` it becomes ``model=``."""
    from . import clients as render_clients  # clients renders calls' defaults: import late

    found = set()
    for owner in resolved.owners:
        ctor = owner.node
        if not isinstance(ctor, ast.Call):
            return None
        partials = _partials(ctor, ctx)
        if partials:  # make(...) after make = partial(Client, endpoint=...): bind both calls
            first = partials[0]
            ctor = ast.Call(func=first.func, args=first.args[1:] + ctor.args, keywords=first.keywords + ctor.keywords)
        else:
            target = render_clients.find_client(ctor, ctx)
            if target is None or target.family != "inference" or target.via == "factory":
                return None
        bound, _, _ = render_clients.bind_arguments(ctor, ("endpoint", "credential"))
        endpoint = bound.get("endpoint")
        if endpoint is not None and getattr(ctor, "carried_from", None) is not None:
            endpoint = here(endpoint, ctx)
        if endpoint is None or not portable(endpoint, endpoint, ctx):
            deployment = None
        else:
            deployment = render_clients.base_url_for(endpoint, ctx, "inference").deployment
        if deployment is None:
            deployment = header_deployment(ctor, ctx)
        if deployment is None:
            return None
        found.add(deployment)
    return found.pop() if len(found) == 1 else None


def here(expr: ast.expr, ctx: "Context") -> ast.expr | None:
    """An argument of a client built in another module (:mod:`aoai_migrate.foreign`) as it
    may be written at the node being visited (its own text, the string it holds, or ``None``);
    any other expression as is."""
    return foreign.here(expr, ctx.sem, ctx.scope)


def header_deployment(ctor: ast.Call, ctx: "Context") -> str | None:
    """The deployment (source text) an Inference constructor names in its
    ``headers={"azureml-model-deployment": ...}``, when it means the same at the call."""
    from . import clients as render_clients

    if getattr(ctor, "carried_from", None) is not None:
        return None  # a client of another module: its headers' text is not this module's
    headers = next((kw.value for kw in constructor_keywords(ctor, ctx) if kw.arg == "headers"), None)
    value = render_clients.deployment_header(headers)
    if value is None or not portable(value, ctor, ctx):
        return None
    return ctx.segment(value)


def portable(expr: ast.AST, origin: ast.AST, ctx: "Context") -> bool:
    """Whether ``expr`` (written next to ``origin``) means the same at the node being visited:
    each name it uses resolves to the same bindings from both places (``self`` of one class
    counts as the same). An argument of a client built in another module is portable when its
    names mean the same in both modules (:meth:`foreign.Carried.portable`)."""
    if isinstance(expr, foreign.Carried):
        return expr.portable(ctx.sem, ctx.scope)
    if getattr(origin, "carried_from", None) is not None:
        return not any(isinstance(n, ast.Name) for n in ast.walk(expr))  # a literal copied from there
    names = [n.id for n in ast.walk(expr) if isinstance(n, ast.Name)]
    if not names:
        return True
    here = ctx.scope
    there = _scope_at(origin, ctx)
    if there is here:
        return True
    sem = ctx.sem
    for name in names:
        a, b = sem.lookup(name, here), sem.lookup(name, there)
        if a is b or (not a and not b):  # the same bindings, or builtins / unknown globals
            continue
        if (
            len(a) == 1 and len(b) == 1 and a[0][0] == b[0][0] == "self" and a[0][1] is b[0][1]
        ):
            continue
        return False
    return True


def _scope_at(node: ast.AST, ctx: "Context") -> Scope:
    """The innermost scope whose node encloses ``node``."""
    spans = ctx.state.get("render_calls.spans")
    if spans is None:
        spans = []
        for scope in ctx.sem.scopes.values():
            owner = scope.node
            if scope.kind in ("function", "lambda", "class") and hasattr(owner, "end_lineno"):
                spans.append(
                    ((owner.lineno, owner.col_offset), (owner.end_lineno, owner.end_col_offset), scope)
                )
        ctx.state["render_calls.spans"] = spans
    position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    best: Scope = ctx.sem.module
    best_start = (0, -1)
    for start, end, scope in spans:
        if start <= position <= end and start > best_start:
            best, best_start = scope, start
    return best
