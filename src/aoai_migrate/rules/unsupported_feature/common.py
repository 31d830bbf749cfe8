"""Helpers of the unsupported-feature rules: the receiver of a member call, the client a receiver
was built by, the deployment to pass as ``model`` and the migrated client line."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ... import foreign, locate
from ...render import blocks
from ...render import calls as render_calls
from ...render import clients as render_clients
from ...render import snippets
from ...semantics import Scope, Value
from ..api_version.common import keyword

if TYPE_CHECKING:
    from ...engine import Context

MODEL_PLACEHOLDER = render_calls.MODEL_PLACEHOLDER

#: openai methods whose request needs ``model``
NEEDS_MODEL = frozenset(
    {"responses.create", "responses.parse", "responses.stream", "images.generate", "images.edit",
     "audio.transcriptions.create", "audio.translations.create", "audio.speech.create", "completions.create",
     "beta.assistants.create", "fine_tuning.jobs.create", "moderations.create"}
)


def receiver_of(func: ast.AST, path: str) -> ast.AST | None:
    """For ``<receiver>.<path>`` (``func``), the receiver node."""
    node = func
    for _ in path.split("."):
        if not isinstance(node, ast.Attribute):
            return None
        node = node.value
    return node


def scope_of(node: ast.AST, ctx: "Context") -> Scope:
    memo = ctx.state.setdefault("unsupported-feature.scopes", {})
    return locate.scope_containing(ctx.sem, node, memo)


def constructor(owner: Value | None) -> ast.Call | None:
    """The call that built ``owner`` (an ``instance`` value), if the module shows it."""
    if owner is None or owner.kind != "instance":
        return None
    return owner.node if isinstance(owner.node, ast.Call) else None


def deployment_for(ctor: ast.Call | None, ctx: "Context") -> str:
    """``model=`` for a migrated call: the client's ``model=`` keyword (when its text means the
    same here), the deployment in a literal endpoint, else the placeholder."""
    if ctor is None:
        return MODEL_PLACEHOLDER
    kw = keyword(ctor, "model")
    value = render_calls.here(kw.value, ctx) if kw is not None else None
    if value is not None and render_calls.portable(value, ctor, ctx):
        return ctx.segment(value)
    endpoint = endpoint_of(ctor)
    if endpoint is not None:
        base = render_clients.base_url_for(endpoint, ctx, "inference")
        if base.deployment:
            return base.deployment
    return MODEL_PLACEHOLDER


def endpoint_of(ctor: ast.Call) -> ast.AST | None:
    kw = keyword(ctor, "endpoint")
    if kw is not None:
        return kw.value
    if ctor.args and not isinstance(ctor.args[0], ast.Starred):
        return ctor.args[0]
    return None


def credential_of(ctor: ast.Call) -> ast.AST | None:
    kw = keyword(ctor, "credential")
    if kw is not None:
        return kw.value
    if len(ctor.args) > 1 and not any(isinstance(a, ast.Starred) for a in ctor.args[:2]):
        return ctor.args[1]
    return None


def client_line(ctor: ast.Call | None, receiver: ast.AST | None, ctx: "Context") -> str:
    """``<receiver> = OpenAI(base_url=..., api_key=...)\\n`` for the client ``ctor`` built, when
    it can be rendered and the receiver is assignable; else ``""``."""
    if foreign.written_here(ctor) is None or not isinstance(receiver, (ast.Name, ast.Attribute)):
        return ""  # none, or built in another module (where its own finding shows it)
    target = render_clients.find_client(ctor, ctx)
    if target is None:
        return ""
    try:
        migrated = render_clients.migrate(target, ctx)
    except Exception:  # a renderer of another module must never break this rule
        return ""
    line = f"{ctx.segment(receiver)} = {migrated.call()}\n"
    return line if snippets.parses(line) else ""


def call_line(node: ast.Call, call: str, ctx: "Context") -> str:
    """The migrated ``call`` where ``node`` stands: its statement (``return``, ``yield``, an
    assignment, an argument) with the call replaced, else the call alone."""
    return blocks.in_statement(ctx.source, node, call) or call


def body_kwargs(body: ast.AST | None, ctx: "Context") -> list[tuple[str | None, str]]:
    """A JSON body as keyword arguments: a dict literal's string keys become keywords, anything
    else is splatted."""
    if body is None:
        return []
    if isinstance(body, ast.Dict):
        out: list[tuple[str | None, str]] = []
        for key, value in zip(body.keys, body.values):
            if key is None:
                out.append(("**", ctx.segment(value)))
            elif isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
                out.append((key.value, ctx.segment(value)))
            else:
                return [("**", ctx.segment(body))]
        return out
    return [("**", ctx.segment(body))]


#: methods for which the deployment of a chat client is the right ``model``
CHAT_MODEL_METHODS = frozenset({"responses.create", "responses.parse", "responses.stream", "completions.create",
                                "beta.assistants.create"})


def with_model(args: list[tuple[str | None, str]], method: str, model: str) -> list[tuple[str | None, str]]:
    """``args`` with ``model=`` first when ``method`` needs one and none is given (the client's
    deployment for chat-like methods, else the placeholder: images or audio need their own
    deployment)."""
    if method not in NEEDS_MODEL or any(name == "model" for name, _ in args):
        return args
    if any(name == "**" for name, _ in args):
        return args
    return [("model", model if method in CHAT_MODEL_METHODS else MODEL_PLACEHOLDER)] + args
