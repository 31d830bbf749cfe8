"""Render the migrated OpenAI v1 client for an Azure AI Inference client or an ``AzureOpenAI``
construction, from the user's own arguments.

Public API (shared by the rules of several categories)::

    target = find_client(call, ctx)              # what client a call builds, or None
    target = find_credential_client(call, ctx)   # the same, plus load_client(...)
    migrated = migrate(target, ctx)              # -> MigratedClient
    migrated.call(indent)                        # 'OpenAI(base_url=..., api_key=...)'
    migrated.snippet(ctx, indent)                # the call, plus a '<name>_defaults = {...}' line
    migrated.notes / .message_notes()            # short remarks for messages ("deployment ...")
    call_defaults(call, kind, ctx)               # Inference client-level defaults, openai names
    with_keywords(call, ctx, {"api_key": ...})   # a call re-rendered with some keywords replaced
    with_options_call(call, ctx, is_async)       # AzureOpenAI.with_options()/copy() for OpenAI

    # re-exported from render_endpoints / render_credentials
    base_url_for(expr, ctx, flavour)             # endpoint expression -> BaseUrl
    api_key_for_credential(cred, ctx, ...)       # Inference credential -> ApiKey
    key_text(expr, ctx) / is_literal_secret(v)   # keys, with literal secrets read from the env

Client-level defaults of an Inference client (``model``, ``temperature``, ``tools``,
``model_extras`` -> ``extra_body``, ...) cannot stay on an OpenAI client. The snippet renders them
as a ``<name>_defaults = {...}`` statement after the client (``<name>`` is the assigned variable,
else ``chat``/``embeddings``) to be splatted into each call. Such a snippet is not offered as a
mechanical replacement, because the calls must change too.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from .. import foreign, known
from . import blocks, snippets, subclasses
from .models import FOREIGN_ENCODING_NOTE, foreign_encoding, render_expression
from .spreads import OPENAI_KEPT as _OPENAI_KEPT
from .spreads import held_keys
from .spreads import SourceEdit, VisibleDict, added_keys, additions, migrate_additions, visible_dict
from ..locate import scope_containing
from ..model import Applicability
from ..semantics import parent_of
from .credentials import (  # noqa: F401  (re-exported API)
    AIO_CREDENTIALS,
    AOAI_SCOPES,
    ASYNC_PROVIDER,
    ASYNC_TOKEN_CREDENTIAL,
    AUTH_KEYWORDS,
    ENV_API_KEY,
    INFERENCE_DEFAULT_SCOPE,
    SYNC_PROVIDER,
    TOKEN_CREDENTIAL,
    ApiKey,
    aio_credential_call,
    api_key_for_credential,
    async_provider_text,
    azure_auth,
    credential_kind,
    is_literal_secret,
    is_sync_provider,
    key_argument,
    key_text,
    scope_for,
    secret_value,
    tolerated_env_key,
)
from .endpoints import (  # noqa: F401  (re-exported API)
    ENV_ENDPOINT,
    PLACEHOLDER_BASE_URL,
    BaseUrl,
    base_url_for,
    is_atom,
    mentions_v1,
    receiver,
    rooted,
    shorten,
)

if TYPE_CHECKING:
    from ..engine import Context


#: Inference constructor keywords that are per-call defaults, by client kind
CHAT_DEFAULTS = (
    "model", "frequency_penalty", "presence_penalty", "temperature", "top_p", "max_tokens",
    "response_format", "stop", "tools", "tool_choice", "seed", "model_extras",
)
EMBEDDINGS_DEFAULTS = ("model", "dimensions", "encoding_format", "input_type", "model_extras")
#: azure-core constructor keywords with no OpenAI equivalent (dropped, with a note)
_DROPPED = {
    "api_version": None,  # flagged by the api-version rules
    "credential_scopes": None,  # consumed by the token provider
    "logging_enable": "logging_enable (set OPENAI_LOG=debug)",
    "transport": "transport (pass http_client=openai.DefaultHttpxClient(...))",
    "proxies": "proxies (pass http_client=openai.DefaultHttpxClient(proxy=...))",
    "policies": "policies (pass http_client=openai.DefaultHttpxClient(...))",
}
#: AzureOpenAI keywords kept unchanged on OpenAI

_FACTORIES = {
    "inference.get_chat_completions_client": ("inference", "chat"),
    "inference.get_embeddings_client": ("inference", "embeddings"),
    "inference.get_azure_openai_client": ("azure-openai", "azure-openai"),
}


# -- what a call builds ---------------------------------------------------------------------------


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


def _cache(ctx: "Context") -> dict:
    return ctx.state.setdefault(_CACHE, {})


def find_client(call: ast.Call, ctx: "Context") -> ClientTarget | None:
    """The Inference chat/embeddings client or AzureOpenAI client ``call`` constructs, if any.
    ``ImageEmbeddingsClient`` and ``load_client`` are not migrated here (no OpenAI equivalent).
    Memoised per call node (several rules ask about the same call)."""
    cache = _cache(ctx)
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
    cache = _cache(ctx)
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


# -- defaults -------------------------------------------------------------------------------------


def call_defaults(call: ast.Call, kind: str, ctx: "Context") -> list[tuple[str, str]]:
    """Client-level defaults of an Inference constructor (or project factory) call, as
    ``(openai parameter name, source text)`` pairs, in the user's order. ``model_extras``
    becomes ``extra_body`` (with ``input_type`` merged in), a ``response_format`` string
    becomes the ``{"type": ...}`` dict openai needs."""
    if kind == "chat":
        names: tuple[str, ...] = CHAT_DEFAULTS
    elif kind == "embeddings":
        names = EMBEDDINGS_DEFAULTS
    else:
        names = CHAT_DEFAULTS + EMBEDDINGS_DEFAULTS
    out: list[tuple[str, str]] = []
    extras: ast.AST | None = None
    body_items: list[str] = []  # keys openai has no parameter for: in extra_body
    for kw in call.keywords:
        if kw.arg not in names:
            continue
        if kw.arg == "model_extras":
            extras = kw.value
        elif kw.arg == "input_type":
            body_items.append(f'"input_type": {render_expression(kw.value, ctx).text}')
        elif kw.arg == "encoding_format" and foreign_encoding(kw.value, ctx) is not None:
            # int8/uint8/binary/ubinary: extra_body's value is sent; "float" keeps openai from
            # requesting base64 and decoding the answer as float32
            out.append(("encoding_format", snippets.string("float")))
            body_items.append(f'"encoding_format": {snippets.string(foreign_encoding(kw.value, ctx))}')
        elif kw.arg == "response_format" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            out.append(("response_format", snippets.kwargs_dict([("type", snippets.string(kw.value.value))])))
        else:  # model classes and enum members become the dicts and strings openai takes
            out.append((kw.arg, render_expression(kw.value, ctx).text))
    if extras is not None or body_items:
        out.append(("extra_body", _extra_body(extras, body_items, ctx)))
    return out


def _extra_body(extras: ast.AST | None, items: list[str], ctx: "Context") -> str:
    if not items:
        return ctx.segment(extras)
    return _merge_dict(extras, ", ".join(items), ctx)


def _merge_dict(mapping: ast.AST | None, item: str, ctx: "Context") -> str:
    """``{<mapping's items>, item}``: a dict literal is spliced, anything else splatted."""
    if mapping is None:
        return "{" + item + "}"
    if isinstance(mapping, ast.Dict):
        items = []
        for key, value in zip(mapping.keys, mapping.values):
            items.append(f"**{ctx.segment(value)}" if key is None else f"{ctx.segment(key)}: {ctx.segment(value)}")
        return "{" + ", ".join(items + [item]) + "}"
    return "{**" + receiver(ctx.segment(mapping)) + ", " + item + "}"


# -- the migrated client --------------------------------------------------------------------------

#: ``BaseUrl.kind`` values whose ``base_url`` reaches the same resource's v1 endpoint
_SAFE_BASE_URLS = frozenset({"foundry", "aoai", "v1", "env", "expression"})
#: ``ApiKey.kind`` values that authenticate the same way as the original client
_SAFE_API_KEYS = frozenset({"key", "token", "provider", "env"})


@dataclasses.dataclass(frozen=True)
class MigratedClient:
    """The OpenAI v1 client replacing a construction.

    ``func`` is the callee text (``OpenAI``, ``AsyncOpenAI`` or ``project.get_openai_client``),
    ``args`` the rendered ``(keyword, text)`` arguments, ``defaults`` the per-call defaults that
    moved off the client, ``deployment`` the source text of the deployment (``model=``) if known.
    """

    target: ClientTarget
    func: str
    args: tuple[tuple[str | None, str], ...]
    base_url: BaseUrl | None
    api_key: ApiKey | None
    defaults: tuple[tuple[str, str], ...] = ()
    deployment: str | None = None
    notes: tuple[str, ...] = ()
    #: statements shown before the client: a spread dict migrated where the module builds it
    prelude: str = ""
    #: the edits of the user's code that migrate those dicts where they are built (the fix
    #: applies them with the client's replacement)
    source_edits: tuple[SourceEdit, ...] = ()
    #: one of those edits needs a person's review (a credential set after the literal)
    review: bool = False
    #: the arguments go to code of the user's that must change too (a subclass's ``__init__``)
    manual: bool = False

    def call(self, indent: str = "") -> str:
        return snippets.call(self.func, self.args, indent)

    def defaults_name(self, ctx: "Context") -> str:
        """Where the snippet puts the per-call defaults: ``client_defaults`` for ``client = ...``,
        ``self.client_defaults`` for ``self.client = ...``, else ``chat_defaults`` /
        ``embeddings_defaults``."""
        target = _assigned_target(self.target.call, ctx)
        if isinstance(target, ast.Name):
            return f"{target.id}_defaults"
        if isinstance(target, ast.Attribute):
            return f"{receiver(ctx.segment(target.value))}.{target.attr}_defaults"
        return {"chat": "chat_defaults", "embeddings": "embeddings_defaults"}.get(self.target.kind, "client_defaults")

    def snippet(self, ctx: "Context", indent: str = "") -> str:
        """The call alone, or, with client-level defaults, the assignment of the client plus a
        ``<name>_defaults = {...}`` statement (not a replacement of the call). Call it while the
        engine visits the construction or a node inside it (its ancestors name the variable)."""
        if self.prelude:
            tail = ""
            if self.defaults and self.target.choice is not None:
                tail = f"\n{self.defaults_name(ctx)} = {snippets.kwargs_dict(self.defaults)}\n"
            return f"{self.prelude}\n\n{self.call()}{tail}"
        if not self.defaults:
            return self.call(indent)
        stmt = _statement(self.target.call, ctx)
        call = self.call()
        if stmt is not None:
            call = f"{ctx.segment(stmt.targets[0])} = {call}"
        defaults = snippets.kwargs_dict(self.defaults)
        return f"{call}\n{self.defaults_name(ctx)} = {defaults}\n"

    @property
    def replaceable(self) -> bool:
        """Whether :meth:`call` is an exact replacement of the construction's span."""
        kept_class = self.target.via == "subclass" and self.func != self.target.openai_class
        return (
            not self.defaults and (not self.prelude or bool(self.source_edits))
            and (self.target.via != "subclass" or kept_class)
        )

    @property
    def safe(self) -> bool:
        """Whether replacing the construction by :meth:`call` keeps the program's behaviour: a
        literal endpoint with a documented v1 mapping (or an ``azure_endpoint``, which holds the
        resource root either way), a key or token credential, no defaults or deployment that
        move into the calls, nothing dropped or left to review. Otherwise the fix is unsafe."""
        base, key = self.base_url, self.api_key
        if base is None or key is None or self.target.via not in ("class",) or self.defaults:
            return False
        azure_openai = self.target.family == "azure-openai"
        if base.kind not in _SAFE_BASE_URLS or (base.note and not (azure_openai and base.kind == "env")):
            return False
        if key.kind not in _SAFE_API_KEYS or (key.note and not (azure_openai and key.kind == "env")):
            return False
        if key.kind == "env" and not azure_openai:
            return False
        expected = {n for n in (base.note, key.note) if n}
        return not (set(self.notes) - expected)

    @property
    def applicability(self) -> Applicability:
        """Display-only when no expression is right for every credential the code may pass (a
        provider of unknown kind for an async client), else safe or unsafe (:attr:`safe`)."""
        if (self.api_key is not None and self.api_key.manual) or self.review or self.manual:
            return Applicability.DISPLAY_ONLY
        return Applicability.SAFE if self.safe else Applicability.UNSAFE

    def message_notes(self) -> str:
        """``"; note; note"`` or ``""``: the remarks a one-line message carries."""
        return "".join(f"; {n}" for n in self.notes)


def _ancestors(call: ast.Call) -> tuple[ast.AST | None, ast.AST | None]:
    """The parent and grandparent of ``call`` (parent links are set on every analysed node)."""
    parent = parent_of(call)
    return parent, parent_of(parent) if parent is not None else None


def _assigned_target(call: ast.Call, ctx: "Context") -> ast.AST | None:
    """``client`` for ``client = X(...)``, ``self.client = await X(...)``, ``with X(...) as client``."""
    parent, grandparent = _ancestors(call)
    value: ast.AST = call
    if isinstance(parent, ast.Await) and parent.value is call:
        value, parent = parent, grandparent
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute)):
            return targets[0]
    elif isinstance(parent, ast.withitem) and parent.context_expr is value:
        if isinstance(parent.optional_vars, (ast.Name, ast.Attribute)):
            return parent.optional_vars
    return None


def _statement(call: ast.Call, ctx: "Context") -> ast.Assign | None:
    parent, grandparent = _ancestors(call)
    value: ast.AST = call
    if isinstance(parent, ast.Await) and parent.value is call:
        value, parent = parent, grandparent
    if isinstance(parent, ast.Assign) and parent.value is value and len(parent.targets) == 1:
        return parent
    return None


def migrate(target: ClientTarget, ctx: "Context") -> MigratedClient:
    """Render the OpenAI v1 client for ``target`` (memoised per call node)."""
    cache = _cache(ctx)
    key = ("migrated", id(target.call))
    if key in cache:
        return cache[key][1]
    if target.choice is not None:
        migrated = _migrate_choice(target, target.choice, ctx)
    elif target.via == "factory":
        migrated = _migrate_factory(target, ctx)
    elif target.family == "inference":
        migrated = _migrate_inference(target, ctx)
    else:
        migrated = _migrate_azure_openai(target, ctx)
    cache[key] = (target.call, migrated)
    return migrated


def _migrate_choice(target: ClientTarget, choice: Choice, ctx: "Context") -> MigratedClient:
    """Both clients rendered, kept apart by the user's condition: the class, and every argument
    that differs (the token provider of ``azure.identity`` or ``azure.identity.aio``)."""
    render = _migrate_inference if target.family == "inference" else _migrate_azure_openai
    sync = render(dataclasses.replace(target, is_async=False, choice=None), ctx)
    async_ = render(dataclasses.replace(target, is_async=True, choice=None), ctx)
    notes = list(dict.fromkeys(async_.notes + sync.notes))
    # where the condition is not in scope, the chosen class tells which branch runs
    condition = None if choice.local else f"{ctx.segment(target.call.func)} is OpenAI"
    if [n for n, _ in sync.args] == [n for n, _ in async_.args]:
        args = tuple(
            (name, text if text == other else choice.pick(text, other, condition))
            for (name, text), (_, other) in zip(sync.args, async_.args)
        )
    else:
        args, notes = async_.args, notes + ["review the arguments of the sync client"]
    classes = choice.pick("OpenAI", "AsyncOpenAI")
    func = f"({classes})" if choice.inline else ctx.segment(target.call.func)
    prelude = async_.prelude
    if not choice.inline:
        if isinstance(choice.binding, ast.AnnAssign):
            stmt = f"{ctx.segment(choice.binding.target)}: {ctx.segment(choice.binding.annotation)} = {classes}"
        elif choice.binding is not None:
            stmt = f"{ctx.segment(choice.binding.targets[0])} = {classes}"
        else:
            stmt = f"# {ctx.segment(target.call.func)} must now be {classes}"
        prelude = f"{prelude}\n\n{stmt}" if prelude else stmt
    edits = async_.source_edits if choice.inline else ()
    return dataclasses.replace(
        async_, target=target, func=func, args=args, notes=tuple(notes), prelude=prelude, source_edits=edits
    )


def bind_arguments(call: ast.Call, names: Sequence[str]) -> tuple[dict[str, ast.AST], list[ast.AST], list[ast.keyword]]:
    """Positional arguments bound to ``names``, plus keywords; ``(bound, starred, splats)``."""
    bound: dict[str, ast.AST] = {}
    starred: list[ast.AST] = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred) or starred:
            starred.append(arg)
        elif index < len(names):
            bound[names[index]] = arg
    splats = []
    for kw in call.keywords:
        if kw.arg is None:
            splats.append(kw)
        elif kw.arg not in bound:
            bound[kw.arg] = kw.value
    return bound, starred, splats


def transport_args(bound: dict[str, ast.AST], skip: Iterable[str], ctx: "Context") -> tuple[list, list[str]]:
    """azure-core constructor keywords -> OpenAI keywords; returns (args, notes)."""
    args: list[tuple[str | None, str]] = []
    dropped: list[str] = []
    skip = set(skip)
    headers = bound.get("headers")
    user_agent = bound.get("user_agent")
    if headers is not None or user_agent is not None:
        text = _headers(headers, user_agent, ctx)
        if text is not None:
            args.append(("default_headers", text))
    if "retry_total" in bound:
        args.append(("max_retries", ctx.segment(bound["retry_total"])))
    timeout = _timeout(bound.get("connection_timeout"), bound.get("read_timeout"), ctx)
    if timeout:
        args.append(("timeout", timeout))
    handled = {"headers", "user_agent", "retry_total", "connection_timeout", "read_timeout"}
    for name, node in bound.items():
        if name in skip or name in handled:
            continue
        if name in _DROPPED:
            if _DROPPED[name]:
                dropped.append(_DROPPED[name])
        elif name in _OPENAI_KEPT:
            args.append((name, ctx.segment(node)))
        else:
            dropped.append(name)
    notes = [f"dropped: {', '.join(dropped)}"] if dropped else []
    return args, notes


#: the Inference request header that picks a deployment of a managed endpoint; on /openai/v1/
#: the deployment is each call's ``model``
DEPLOYMENT_HEADER = "azureml-model-deployment"


def deployment_header(headers: ast.AST | None) -> ast.AST | None:
    """The value of the ``azureml-model-deployment`` entry of a headers dict literal."""
    if isinstance(headers, ast.Dict):
        for key, value in zip(headers.keys, headers.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.lower() == DEPLOYMENT_HEADER:
                return value
    return None


def _headers(headers: ast.AST | None, user_agent: ast.AST | None, ctx: "Context") -> str | None:
    """``default_headers=`` text: the client's headers (without the deployment header, which
    becomes ``model``) and its user agent; ``None`` when nothing is left."""
    if deployment_header(headers) is not None:
        assert isinstance(headers, ast.Dict)
        kept = headers_without(headers, DEPLOYMENT_HEADER, ctx)
        if user_agent is not None:
            kept.append(f'"User-Agent": {ctx.segment(user_agent)}')
        return "{" + ", ".join(kept) + "}" if kept else None
    if user_agent is None:
        return ctx.segment(headers)
    return _merge_dict(headers, f'"User-Agent": {ctx.segment(user_agent)}', ctx)


def headers_without(headers: ast.Dict, name: str, ctx: "Context") -> list[str]:
    """The entries of a headers dict literal but the ``name`` header (case-insensitive), as text."""
    return [
        f"**{ctx.segment(v)}" if k is None else f"{ctx.segment(k)}: {ctx.segment(v)}"
        for k, v in zip(headers.keys, headers.values)
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.lower() == name)
    ]


def _timeout(connect: ast.AST | None, read: ast.AST | None, ctx: "Context") -> str | None:
    if connect is None and read is None:
        return None
    if connect is None:
        return ctx.segment(read)
    read_text = ctx.segment(read) if read is not None else "600.0"
    return f"openai.Timeout({read_text}, connect={ctx.segment(connect)})"


def _migrate_inference(target: ClientTarget, ctx: "Context") -> MigratedClient:
    call = target.call
    bound, starred, splats = bind_arguments(call, ("endpoint", "credential"))
    spread = _open_spreads(target, bound, splats, ctx)
    bound, splats = spread.bound, spread.splats
    notes: list[str] = list(spread.notes)
    base = base_url_for(bound.get("endpoint"), ctx, "inference")
    key = api_key_for_credential(
        bound.get("credential"), ctx, is_async=target.is_async, scopes=bound.get("credential_scopes")
    )
    defaults = call_defaults(call, target.kind, ctx)
    deployment = base.deployment
    header = deployment_header(bound.get("headers"))
    if deployment is None and header is not None:
        deployment = ctx.segment(header)
    for name, text in defaults:
        if name == "model":
            deployment = text
    skip = {"endpoint", "credential"} | set(CHAT_DEFAULTS) | set(EMBEDDINGS_DEFAULTS)
    extra, extra_notes = transport_args(bound, skip, ctx)
    args: list[tuple[str | None, str]] = []
    if "endpoint" in bound or not spread.opaque:
        args.append(("base_url", base.text))
        if base.note:
            notes.append(base.note)
    if "credential" in bound or not spread.opaque:
        args.append(("api_key", key.text))
        if key.kind in ("unknown", "secret", "either") and key.note:
            notes.append(key.note)
    args += extra
    args += [("**", ctx.segment(kw.value)) for kw in splats]
    if base.deployment:
        notes.append(f"deployment {base.deployment} moves to model= on each call")
    elif header is not None and not any(name == "model" for name, _ in defaults):
        notes.append(
            f"the {DEPLOYMENT_HEADER} entry of headers names deployment {shorten(ctx.segment(header), 40)}: "
            "it moves to model= on each call"
        )
    if defaults:
        notes.append(f"client defaults ({', '.join(n for n, _ in defaults)}) move to each call")
    encoding = next((kw.value for kw in call.keywords if kw.arg == "encoding_format"), None)
    if encoding is not None and foreign_encoding(encoding, ctx) is not None:
        notes.append(f"encoding_format={foreign_encoding(encoding, ctx)!r} is not an OpenAI encoding "
                     f"({FOREIGN_ENCODING_NOTE})")
    if starred:
        notes.append("review the unpacked arguments")
    notes += extra_notes
    return MigratedClient(
        target, target.openai_class, tuple(args), base, key, tuple(defaults), deployment, tuple(notes),
        spread.prelude, spread.edits, spread.review,
    )


def _migrate_azure_openai(target: ClientTarget, ctx: "Context") -> MigratedClient:
    call = target.call
    bound, starred, splats = bind_arguments(call, ())
    spread = _open_spreads(target, bound, splats, ctx)
    bound, splats = spread.bound, spread.splats
    notes: list[str] = list(spread.notes)
    if "base_url" in bound and mentions_v1(bound["base_url"], ctx):
        base = BaseUrl(ctx.segment(bound["base_url"]), "v1")
    elif "base_url" in bound and "azure_endpoint" in bound:
        # AzureOpenAI takes one of them (the other None): the endpoint's v1 URL, else base_url
        endpoint, other = bound["azure_endpoint"], ctx.segment(bound["base_url"])
        azure = base_url_for(endpoint, ctx, "azure")
        base = BaseUrl(
            f"{azure.text} if {ctx.segment(endpoint)} is not None else {other}", "expression", None,
            f"`{shorten(other)}` (used when azure_endpoint is None) must end in /openai/v1/",
        )
    elif "base_url" in bound:
        base = base_url_for(bound["base_url"], ctx, "base_url")
    else:
        base = base_url_for(bound.get("azure_endpoint"), ctx, "azure", env_fallback=True)
    key = azure_auth(bound, ctx, target.is_async)
    if key.kind == "env":  # no credential given: was AZURE_OPENAI_API_KEY required?
        key = tolerated_env_key(bound, ctx) or key
    deployment = ctx.segment(bound["azure_deployment"]) if "azure_deployment" in bound else base.deployment
    args: list[tuple[str | None, str]] = []
    if bound.keys() & {"base_url", "azure_endpoint"} or not spread.opaque:
        args.append(("base_url", base.text))
        if base.note:
            notes.append(base.note)
    if bound.keys() & {"api_key", "azure_ad_token", "azure_ad_token_provider"} or not spread.opaque:
        if key.text:  # empty: a header carries the credential
            args.append(("api_key", key.text))
        if key.note:
            notes.append(key.note)
    for name, node in bound.items():
        if name == "default_headers" and key.kind == "header-key" and isinstance(node, ast.Dict):
            kept = headers_without(node, "api-key", ctx)  # it is api_key= now
            if kept:
                args.append((name, "{" + ", ".join(kept) + "}"))
        elif name in _OPENAI_KEPT:
            args.append((name, ctx.segment(node)))
    query = _default_query(bound.get("default_query"), ctx)
    if query:
        args.append(("default_query", query))
    args += [("**", ctx.segment(kw.value)) for kw in splats]
    if deployment:
        notes.append(f"pass model={deployment} on each call")
    if starred:
        notes.append("review the unpacked arguments (api_version/azure_* keys are not accepted)")
    func, manual = target.openai_class, False
    subclass = subclasses.local_class(call, ctx) if target.via == "subclass" else None
    if subclass is not None:  # the user's class, rebased on OpenAI: its overrides stay
        func, manual = ctx.segment(call.func), subclasses.defines_init(subclass)
        if manual:  # the arguments are its own __init__'s: they stay, __init__ changes
            args = [(None, ctx.segment(a)) for a in call.args] + [
                (kw.arg or "**", ctx.segment(kw.value)) for kw in call.keywords
            ]
            notes = []
        notes.append(subclasses.construction_note(subclass, target.openai_class))
    return MigratedClient(
        target, func, tuple(args), base, key, (), deployment, tuple(notes),
        spread.prelude, spread.edits, spread.review, manual,
    )


class _Spreads(NamedTuple):
    bound: dict[str, ast.AST]
    splats: list[ast.keyword]
    #: a spread whose contents this module does not show is left: invent no base_url/api_key
    opaque: bool
    notes: tuple[str, ...]
    prelude: str
    edits: tuple[SourceEdit, ...] = ()
    review: bool = False


#: what a spread dict must hold instead of the Azure-only keys, per client family
_SPREAD_KEYS = {
    "inference": "base_url (<endpoint>/openai/v1/) and api_key instead of endpoint, credential, credential_scopes",
    "azure-openai": (
        "base_url (<azure_endpoint>/openai/v1/) and api_key instead of azure_endpoint, azure_deployment, "
        "api_version, azure_ad_token(_provider)"
    ),
}


def _open_spreads(target: ClientTarget, bound: dict[str, ast.AST], splats: list[ast.keyword], ctx: "Context") -> _Spreads:
    """Read the dicts spread into the construction where this module builds them.

    A dict whose values mean the same at the call is inlined (its entries become keywords);
    one built elsewhere from local names is migrated where it is built (the ``prelude``); any
    other spread stays, and the note says which keys it must hold."""
    bound = dict(bound)
    kept: list[ast.keyword] = []
    notes: list[str] = []
    preludes: list[str] = []
    edits: list[SourceEdit] = []
    review = False
    opaque = False
    for kw in splats:
        text = shorten(ctx.segment(kw.value), 40)
        found = visible_dict(kw.value, ctx)
        if found is not None and found.portable and not (found.entries.keys() & bound.keys()):
            bound.update(found.entries)
            notes.append(f"the entries of `**{text}` are passed directly")
            continue
        kept.append(kw)
        prelude = _migrated_at_source(target, found, ctx) if found is not None else None
        opaque = True  # what the dict holds is not invented again at the call
        if prelude is not None:
            preludes.append(prelude.text)
            notes.append(f"the dict behind `**{text}` is migrated where it is built")
            notes.extend(prelude.notes)
            edits.extend(prelude.edits)
            review = review or prelude.review
            continue
        changes = _opaque_additions(kw.value, target, ctx)
        rejected = _rejected_keys(kw.value, target, ctx)
        if changes is None or not changes.edits:
            notes.append(f"`**{text}` must hold {_spread_keys(target.family, bound)}"
                         f"{_refused_additions(kw.value, target, bound, ctx)}{rejected}")
        else:  # the keys it adds are migrated where they are set (the notes say how)
            notes.append(f"`**{text}` must hold {_spread_keys(target.family, bound)}{rejected}")
            preludes.append("\n".join(e.shown for e in changes.edits))
            notes.extend(changes.notes)
            edits.extend(changes.edits)
            review = review or changes.review
    return _Spreads(bound, kept, opaque, tuple(notes), "\n\n".join(preludes), tuple(edits), review)


def _rejected_keys(expr: ast.expr, target: ClientTarget, ctx: "Context") -> str:
    """For an Inference client: azure-core ignored keywords it did not know, OpenAI() raises
    TypeError on them. The keys the spread visibly holds that OpenAI() does not take, else that
    it may hold OpenAI() parameters only."""
    if target.family != "inference":
        return ""
    function = _function_of(ctx)
    held = held_keys(expr.id, function, ctx) if isinstance(expr, ast.Name) and function is not None else {}
    foreign = {key: who for key, who in held.items() if key not in _OPENAI_KEPT | {"base_url", "api_key"}}
    if foreign:
        where = ", ".join(f"`{key}` ({who})" for key, who in foreign.items())
        return (f"; it holds {where}: OpenAI() raises TypeError on a key that is not one of its parameters "
                "(azure-core ignored them), keep only OpenAI() parameters in it")
    return ("; OpenAI() raises TypeError on a key that is not one of its parameters (azure-core ignored "
            "them): it may hold OpenAI() parameters only")


def _shared_with_other_classes(target: ClientTarget, ctx: "Context") -> bool:
    """The construction's class is chosen at run time (``cls = AzureOpenAI if azure else
    OpenAI``): a dict edited where it is built would change the other class's arguments too."""
    if target.choice is not None:
        return True
    classes = [v for v in ctx.infer(target.call.func) if v.kind == "qual"]
    return any((info := known.OPENAI_CLIENTS.get(v.name)) is not None and not info[0] for v in classes)


def _function_of(ctx: "Context") -> ast.AST | None:
    scope = ctx.scope
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    return scope.node if scope is not None and scope.kind == "function" else None


def _opaque_additions(expr: ast.expr, target: ClientTarget, ctx: "Context"):
    """For a spread dict this module does not show (a parameter): the keys the function sets
    on it that OpenAI does not take, migrated where they are set (``d["api_version"] = v``
    goes)."""
    function = _function_of(ctx)
    if not isinstance(expr, ast.Name) or function is None or _shared_with_other_classes(target, ctx):
        return None
    added = additions(expr.id, function)
    if not added:
        return None
    return migrate_additions(expr.id, added, target.family, True, ctx)


#: the keywords that set each part of the migrated client, per family: when the call sets one
#: explicitly, the spread dict must not hold it again
_EXPLICIT = {
    "inference": (("base_url (<endpoint>/openai/v1/)", {"endpoint"}, "base_url"),
                  ("api_key", {"credential"}, "api_key")),
    "azure-openai": (("base_url (<azure_endpoint>/openai/v1/)", {"base_url", "azure_endpoint"}, "base_url"),
                     ("api_key", {"api_key", "azure_ad_token", "azure_ad_token_provider"}, "api_key")),
}


def _spread_keys(family: str, bound: dict[str, ast.AST]) -> str:
    """What a spread dict must hold (and must not), given what the call passes itself."""
    parts = _EXPLICIT[family]
    explicit = [key for _, names, key in parts if bound.keys() & names]
    if not explicit:
        return _SPREAD_KEYS[family]
    needed = [label for label, names, _ in parts if not bound.keys() & names]
    azure_only = _SPREAD_KEYS[family].split(" instead of ", 1)[1]
    refused = f"no {' or '.join(explicit)} (passed here) and none of {azure_only}"
    return f"{' and '.join(needed)}, {refused}" if needed else refused


def _refused_additions(expr: ast.expr, target: ClientTarget, bound: dict[str, ast.AST], ctx: "Context") -> str:
    """The keys this function adds to the spread dict (``d["api_version"] = ...``) that the
    migrated client does not take, named with where they are set."""
    explicit = {key for _, names, key in _EXPLICIT[target.family] if bound.keys() & names}
    taken = (_OPENAI_KEPT | {"base_url", "api_key", "default_query"}) - explicit
    refused = [(key, node) for key, node in added_keys(expr, ctx).items() if key not in taken]
    if not refused:
        return ""
    where = ", ".join(f"`{key}` (set on line {node.lineno})" for key, node in refused)
    return f"; nor {where}: OpenAI takes no such argument, drop it from the dict"


#: the keys that set a client's endpoint, and its credential (both families)
_ENDPOINT_KEYS = frozenset({"azure_endpoint", "base_url", "endpoint"})
_AUTH_KEYS = frozenset({"api_key", "azure_ad_token", "azure_ad_token_provider", "credential"})


class _AtSource(NamedTuple):
    text: str
    notes: tuple[str, ...]
    edits: tuple[SourceEdit, ...]
    review: bool


def _migrated_at_source(target: ClientTarget, found: VisibleDict, ctx: "Context") -> _AtSource | None:
    """The statement building the spread dict, with the dict migrated, and the keys set on it
    afterwards (:func:`.spreads.migrate_additions`); ``None`` when that statement is not a plain
    assignment or ``return``, or a key cannot be migrated."""
    literal = found.literal
    stmt = parent_of(literal)
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Return)):
        return None
    if found.additions and _shared_with_other_classes(target, ctx):
        return None  # the dict may feed the other class of the choice too
    added = {a.key for a in found.additions}
    for part, keys in (("endpoint", _ENDPOINT_KEYS), ("auth", _AUTH_KEYS)):
        if added & keys and not found.entries.keys() & keys:
            return None  # the literal alone would get an invented endpoint or key
    fake = ast.Call(func=target.call.func, args=[], keywords=[ast.keyword(arg=k, value=v) for k, v in found.entries.items()])
    ast.copy_location(fake, literal)
    fake.end_lineno, fake.end_col_offset = literal.end_lineno, literal.end_col_offset
    inner = dataclasses.replace(target, call=fake)
    migrated = _migrate_inference(inner, ctx) if target.family == "inference" else _migrate_azure_openai(inner, ctx)
    if any(name is None or name == "**" for name, _ in migrated.args):
        return None
    text = snippets.kwargs_dict(migrated.args, ctx.source.indent(stmt.lineno))  # type: ignore[arg-type]
    changes = None
    if found.additions:
        name = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
        if not isinstance(name, ast.Name):
            return None
        token = any(k in found.entries for k in ("azure_ad_token", "azure_ad_token_provider"))
        changes = migrate_additions(name.id, found.additions, target.family, token, ctx)
        if changes is None:
            return None
    edits = [SourceEdit(literal, text, "")]
    notes = migrated.notes
    owner = parent_of(stmt)
    if isinstance(stmt, ast.Return) and isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if len(owner.body) > 12:
            return None
        shown = blocks.statement(ctx.source, owner, [blocks.replace(literal, text)])
    else:
        shown = blocks.statement(ctx.source, stmt, [blocks.replace(literal, text)])
    review = False
    if changes is not None:
        shown = "\n".join([shown, *(e.shown for e in changes.edits)])
        edits.extend(changes.edits)
        notes = notes + changes.notes
        review = changes.review
    return _AtSource(shown, notes, tuple(edits), review)


def _default_query(query: ast.AST | None, ctx: "Context") -> str | None:
    if query is None:
        return None
    if isinstance(query, ast.Dict):
        items = []
        for key, value in zip(query.keys, query.values):
            if isinstance(key, ast.Constant) and key.value == "api-version":
                continue
            items.append(f"**{ctx.segment(value)}" if key is None else f"{ctx.segment(key)}: {ctx.segment(value)}")
        return "{" + ", ".join(items) + "}" if items else None
    return ctx.segment(query)


def _migrate_factory(target: ClientTarget, ctx: "Context") -> MigratedClient:
    """``project.inference.get_*_client(...)`` -> ``project.get_openai_client(...)``
    (azure-ai-projects>=2.0: an OpenAI/AsyncOpenAI client on the project's /openai/v1/ endpoint,
    authenticated with the project's credential; keyword arguments go to the OpenAI constructor)."""
    call = target.call
    func = call.func
    notes: list[str] = ["azure-ai-projects>=2.0"]
    operations = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(operations, ast.Attribute) and operations.attr == "inference":
        project = receiver(ctx.segment(operations.value))
    else:
        project = "project_client"
        notes.append("call it on the AIProjectClient")
    bound, starred, splats = bind_arguments(call, ())
    defaults: list[tuple[str, str]] = []
    if target.family == "inference":
        defaults = call_defaults(call, target.kind, ctx)
    skip = {"connection_name", "merge_span"} | set(CHAT_DEFAULTS) | set(EMBEDDINGS_DEFAULTS)
    extra, extra_notes = transport_args(bound, skip, ctx)
    if "connection_name" in bound:
        notes.append("connection_name has no equivalent: build OpenAI(...) for that resource")
    deployment = next((text for name, text in defaults if name == "model"), None)
    if defaults:
        notes.append(f"client defaults ({', '.join(n for n, _ in defaults)}) move to each call")
    args = extra + [("**", ctx.segment(kw.value)) for kw in splats]
    notes += extra_notes
    return MigratedClient(
        target, f"{project}.get_openai_client", tuple(args), None, None, tuple(defaults), deployment, tuple(notes)
    )


def replace_node(target: ClientTarget, ctx: "Context") -> ast.AST:
    """The node a factory call's replacement covers: an ``await`` around an async project
    factory goes too (``get_openai_client()`` is not awaited in azure-ai-projects 2.x)."""
    parent, _ = _ancestors(target.call)
    if target.via == "factory" and isinstance(parent, ast.Await) and parent.value is target.call:
        return parent
    return target.call


def with_keywords(call: ast.Call, ctx: "Context", overrides: dict[str, str], indent: str = "") -> str:
    """``call`` re-rendered from its own source with some keyword values replaced."""
    args: list[tuple[str | None, str]] = []
    for arg in call.args:
        args.append((None, ctx.segment(arg)))
    for kw in call.keywords:
        if kw.arg is None:
            args.append(("**", ctx.segment(kw.value)))
        else:
            args.append((kw.arg, overrides.get(kw.arg, ctx.segment(kw.value))))
    return snippets.call(ctx.segment(call.func), args, indent)


#: ``AzureOpenAI.with_options()`` / ``.copy()`` keywords that OpenAI clients do not accept
_AZURE_ONLY_OPTIONS = frozenset({"api_version", "azure_ad_token", "azure_ad_token_provider", "azure_deployment", "azure_endpoint"})


def azure_options_owner(call: ast.Call, ctx: "Context") -> bool | None:
    """For ``<AzureOpenAI client>.with_options(...)`` / ``.copy(...)``: whether the client is
    async; ``None`` for any other call."""
    for member in ctx.members(call.func):
        owner = member.owner
        if member.name in ("with_options", "copy") and owner is not None and owner.kind == "instance":
            info = known.OPENAI_CLIENTS.get(owner.name)
            if info is not None and info[0]:
                return info[1]
    return None


def with_options_call(call: ast.Call, ctx: "Context", is_async: bool, indent: str = "") -> tuple[str, bool]:
    """``client.with_options(...)`` as an OpenAI client accepts it: the token (provider) becomes
    ``api_key=``, ``api_version`` and the other Azure-only options go away. The flag says the
    call is shown only (:attr:`ApiKey.manual`: a provider of unknown kind for an async client)."""
    bound, _, splats = bind_arguments(call, ())
    args: list[tuple[str | None, str]] = []
    manual = False
    if any(name in bound for name in ("azure_ad_token_provider", "azure_ad_token", "api_key")):
        key = azure_auth(bound, ctx, is_async)
        args.append(("api_key", key.text))
        manual = key.manual
    for kw in call.keywords:
        if kw.arg is not None and kw.arg not in _AZURE_ONLY_OPTIONS and kw.arg != "api_key":
            args.append((kw.arg, ctx.segment(kw.value)))
    args += [("**", ctx.segment(kw.value)) for kw in splats]
    return snippets.call(ctx.segment(call.func), args, indent), manual
