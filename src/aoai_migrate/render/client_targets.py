"""What a call builds: the Inference chat/embeddings client or ``AzureOpenAI`` construction
(a class, a subclass defined in the module, an azure-ai-projects factory, a class chosen at run
time) that :mod:`aoai_migrate.render.clients` migrates."""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING

from .. import foreign, known
from ..locate import scope_containing
from ..semantics import parent_of

if TYPE_CHECKING:
    from ..engine import Context


_FACTORIES = {
    "inference.get_chat_completions_client": ("inference", "chat"),
    "inference.get_embeddings_client": ("inference", "embeddings"),
    "inference.get_azure_openai_client": ("azure-openai", "azure-openai"),
}


@dataclasses.dataclass(frozen=True)
class ClientTarget:
    """A construction of a client this module migrates.

    ``family`` is ``"inference"`` or ``"azure-openai"``; ``kind`` is ``"chat"``, ``"embeddings"``
    or ``"azure-openai"``; ``via`` is ``"class"``, ``"subclass"`` (a class defined in the module)
    or ``"factory"`` (azure-ai-projects ``project.inference.get_*_client()``), or
    ``"load_client"`` (only from :func:`find_credential_client`; ``kind`` is then ``"any"``).
    """

    call: ast.Call
    qualname: str
    family: str
    kind: str
    is_async: bool
    via: str
    label: str
    #: a class chosen at run time between the sync and the async client (see :class:`Choice`)
    choice: "Choice | None" = None

    @property
    def openai_class(self) -> str:
        if self.choice is not None:
            return self.choice.pick("OpenAI", "AsyncOpenAI")
        return "AsyncOpenAI" if self.is_async else "OpenAI"


@dataclasses.dataclass(frozen=True)
class Choice:
    """``A if cond else B`` between the sync and the async client of one kind, called directly
    (``inline``) or through a name bound to it (``cls = A if cond else B``; ``binding`` is that
    assignment when it is a plain one). ``condition`` is the user's text, usable where the
    construction is when ``local``."""

    ifexp: ast.IfExp
    condition: str
    body_is_sync: bool
    inline: bool
    local: bool
    binding: ast.Assign | ast.AnnAssign | None

    def pick(self, sync: str, async_: str, condition: str | None = None) -> str:
        first, second = (sync, async_) if self.body_is_sync else (async_, sync)
        return f"{first} if {condition or self.condition} else {second}"


_CACHE = "render_clients"


def client_cache(ctx: "Context") -> dict:
    return ctx.state.setdefault(_CACHE, {})


def find_client(call: ast.Call, ctx: "Context") -> ClientTarget | None:
    """The Inference chat/embeddings client or AzureOpenAI client ``call`` constructs, if any.
    ``ImageEmbeddingsClient`` and ``load_client`` are not migrated here (no OpenAI equivalent).
    Memoised per call node (several rules ask about the same call)."""
    cache = client_cache(ctx)
    key = ("target", id(call))
    if key in cache:
        return cache[key][1]
    target = _find_client(call, ctx)
    cache[key] = (call, target)  # the node keeps its id() from being reused
    return target


def find_credential_client(call: ast.Call, ctx: "Context") -> ClientTarget | None:
    """Like :func:`find_client`, plus ``azure.ai.inference[.aio].load_client(endpoint, credential)``
    (``via="load_client"``, ``kind="any"``): its credential migrates the same way, to the
    ``OpenAI`` client built in its place."""
    target = find_client(call, ctx)
    if target is not None or not isinstance(call.func, (ast.Name, ast.Attribute)):
        return target
    for qual in sorted(ctx.qualnames(call.func)):
        if qual in (f"{known.INFERENCE}.load_client", f"{known.INFERENCE_AIO}.load_client"):
            is_async = qual.startswith(known.INFERENCE_AIO + ".")
            module = known.INFERENCE_AIO if is_async else known.INFERENCE
            return ClientTarget(
                call, f"{module}.{known.LOADED}", "inference", "any", is_async, "load_client", ctx.segment(call.func)
            )
    return None


def _find_client(call: ast.Call, ctx: "Context") -> ClientTarget | None:
    func = call.func
    choice = _runtime_choice(call, ctx)
    if choice is not None:
        return choice
    if not isinstance(func, (ast.Name, ast.Attribute, foreign.Carried)):  # Carried: built elsewhere
        return None
    values = sorted(ctx.infer(func), key=lambda v: (v.kind, v.name))
    local_class = any(v.kind == "class" for v in values)
    via = "subclass" if local_class else "class"
    for value in values:
        if value.kind == "qual":
            info = known.INFERENCE_CLIENTS.get(value.name)
            if info is not None and info[0] in ("chat", "embeddings"):
                return ClientTarget(call, value.name, "inference", info[0], info[1], via, ctx.segment(func))
            openai_info = known.OPENAI_CLIENTS.get(value.name)
            if openai_info is not None and openai_info[0]:
                return ClientTarget(
                    call, value.name, "azure-openai", "azure-openai", openai_info[1], via, ctx.segment(func)
                )
        elif value.kind == "member":
            owner = value.owner
            factory = _FACTORIES.get(value.name)
            if factory and owner is not None and owner.kind == "instance" and owner.name in known.PROJECT_CLIENTS:
                is_async = known.PROJECT_CLIENTS[owner.name]
                family, kind = factory
                if family == "inference":
                    module = known.INFERENCE_AIO if is_async else known.INFERENCE
                    cls = known.CHAT if kind == "chat" else known.EMBEDDINGS
                    qual = f"{module}.{cls}"
                else:
                    qual = known.ASYNC_AZURE_OPENAI if is_async else known.AZURE_OPENAI
                label = ctx.segment(func) + "()"
                return ClientTarget(call, qual, family, kind, is_async, "factory", label)
    return None


def _runtime_choice(call: ast.Call, ctx: "Context") -> ClientTarget | None:
    """``(AzureOpenAI if sync else AsyncAzureOpenAI)(...)`` or ``cls(...)`` after ``cls = ...``
    of that form (its only binding): a target keeping the choice. Both branches must be the sync
    and the async client of the same kind; anything else is no choice."""
    func = call.func
    binding: ast.Assign | ast.AnnAssign | None = None
    if isinstance(func, ast.IfExp):
        ifexp, where, inline, local = func, scope_containing(ctx.sem, call), True, True
    elif isinstance(func, ast.Name):
        if func.id not in _choice_names(ctx):
            return None
        here = scope_containing(ctx.sem, call)
        bindings = ctx.sem.lookup(func.id, here)
        exprs = [b for b in bindings if b[0] == "expr"]
        if len(exprs) != 1 or not isinstance(exprs[0][1], ast.IfExp):
            return None
        ifexp, where, inline = exprs[0][1], exprs[0][2], False
        parent = parent_of(ifexp)
        # `cls: Any = A if sync else B` also binds its annotation: still the only value
        annotation = parent.annotation if isinstance(parent, ast.AnnAssign) and parent.value is ifexp else None
        if any(b[0] != "expr" and not (b[0] == "ann" and b[1] is annotation) for b in bindings):
            return None
        local = where is here
        if isinstance(parent, ast.Assign) and parent.value is ifexp and len(parent.targets) == 1:
            binding = parent
        elif annotation is not None and isinstance(parent.target, ast.Name):
            binding = parent
    else:
        return None
    body, orelse = _one_client(ifexp.body, where, ctx), _one_client(ifexp.orelse, where, ctx)
    if body is None or orelse is None or body[1:3] != orelse[1:3] or body[3] == orelse[3]:
        return None
    test = ifexp.test
    condition = ctx.segment(test)
    if isinstance(test, (ast.IfExp, ast.Lambda, ast.NamedExpr)):
        condition = f"({condition})"
    choice = Choice(ifexp, condition, not body[3], inline, local, binding)
    async_qual = body[0] if body[3] else orelse[0]
    label = ctx.segment(func)
    return ClientTarget(call, async_qual, body[1], body[2], True, "class", label, choice)


def _choice_names(ctx: "Context") -> frozenset[str]:
    """The names some scope of the module binds to a conditional expression (``cls = A if c
    else B``): only those can be a choice made at run time."""
    cache = client_cache(ctx)
    names = cache.get("choice names")
    if names is None:
        names = cache["choice names"] = frozenset(
            name
            for scope in ctx.sem.scopes.values()
            for name, bindings in scope.bindings.items()
            if any(kind == "expr" and isinstance(payload, ast.IfExp) for kind, payload, _ in bindings)
        )
    return names


def _one_client(expr: ast.AST, scope, ctx: "Context") -> tuple[str, str, str, bool] | None:
    """``(qualname, family, kind, is_async)`` of the one client class ``expr`` names, or None."""
    values = ctx.sem.infer(expr, scope)
    if len(values) != 1:
        return None
    (value,) = values
    if value.kind != "qual":
        return None
    info = known.INFERENCE_CLIENTS.get(value.name)
    if info is not None and info[0] in ("chat", "embeddings"):
        return value.name, "inference", info[0], info[1]
    openai_info = known.OPENAI_CLIENTS.get(value.name)
    if openai_info is not None and openai_info[0]:
        return value.name, "azure-openai", "azure-openai", openai_info[1]
    return None
