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

    # re-exported from client_targets, client_arguments, endpoints, credentials
    base_url_for(expr, ctx, flavour)             # endpoint expression -> BaseUrl
    api_key_for_credential(cred, ctx, ...)       # Inference credential -> ApiKey
    key_text(expr, ctx) / is_literal_secret(v)   # keys, with literal secrets read from the env

Client-level defaults of an Inference client (``model``, ``temperature``, ``tools``,
``model_extras`` -> ``extra_body``, ...) cannot stay on an OpenAI client. The snippet renders them
as a ``<name>_defaults = {...}`` statement after the client (``<name>`` is the assigned variable,
else ``chat``/``embeddings``) to be splatted into each call. Such a snippet is not offered as a
mechanical replacement, because the calls must change too.

This module holds the renderers of each family (Inference, ``AzureOpenAI``, azure-ai-projects
factories, a class chosen at run time); what a call builds is in :mod:`.client_targets`, the
migrated client in :mod:`.migrated_client`, the arguments in :mod:`.client_arguments` and the
dicts spread into a construction in :mod:`.client_spreads`.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import TYPE_CHECKING

from . import header_auth, subclasses
from .client_arguments import (  # noqa: F401  (re-exported API)
    CHAT_DEFAULTS,
    DEPLOYMENT_HEADER,
    EMBEDDINGS_DEFAULTS,
    azure_options_owner,
    bind_arguments,
    call_defaults,
    deployment_header,
    headers_without,
    transport_args,
    with_keywords,
    with_options_call,
)
from .client_spreads import open_spreads
from .client_targets import Choice, ClientTarget, client_cache, find_client, find_credential_client  # noqa: F401
from .migrated_client import MigratedClient, ancestors
from .models import FOREIGN_ENCODING_NOTE, foreign_encoding
from .spreads import OPENAI_KEPT as _OPENAI_KEPT
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
    websocket_base,
)

if TYPE_CHECKING:
    from ..engine import Context


def migrate(target: ClientTarget, ctx: "Context") -> MigratedClient:
    """Render the OpenAI v1 client for ``target`` (memoised per call node)."""
    cache = client_cache(ctx)
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


def _render(target: ClientTarget, ctx: "Context") -> MigratedClient:
    """The client of one family, rendered without the memo of :func:`migrate`."""
    if target.family == "inference":
        return _migrate_inference(target, ctx)
    return _migrate_azure_openai(target, ctx)


def _migrate_choice(target: ClientTarget, choice: Choice, ctx: "Context") -> MigratedClient:
    """Both clients rendered, kept apart by the user's condition: the class, and every argument
    that differs (the token provider of ``azure.identity`` or ``azure.identity.aio``)."""
    sync = _render(dataclasses.replace(target, is_async=False, choice=None), ctx)
    async_ = _render(dataclasses.replace(target, is_async=True, choice=None), ctx)
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


def _migrate_inference(target: ClientTarget, ctx: "Context") -> MigratedClient:
    call = target.call
    bound, starred, splats = bind_arguments(call, ("endpoint", "credential"))
    spread = open_spreads(target, bound, splats, ctx, _render)
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
    spread = open_spreads(target, bound, splats, ctx, _render)
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
    deployment = base.deployment
    if "azure_deployment" in bound and "base_url" in bound and "azure_endpoint" not in bound:
        # AzureOpenAI ignores azure_deployment next to base_url: each call's model routed the request
        notes.append("`azure_deployment` had no effect next to `base_url`: each call's `model` names the deployment")
    elif "azure_deployment" in bound:
        deployment = ctx.segment(bound["azure_deployment"])
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
    sends_key = any(name == "api_key" for name, _ in args)
    if sends_key and "api_key" in bound and base.kind == "unknown":
        # AzureOpenAI sent the key in an api-key header, OpenAI sends it as a Bearer token
        notes.append('a gateway that checks the `api-key` header (API Management) also needs '
                     'default_headers={"api-key": <the key>}')
    holds = header_auth.authorization_header(bound.get("default_headers"), ctx) if sends_key else None
    carried = holds is not None and header_auth.string_key(key, bound.get("api_key"), ctx)
    lost = None if holds is None or carried else header_auth.lost_note(holds, key)
    for name, node in bound.items():
        if name == "default_headers" and carried:  # the Authorization header would hide the key
            args.append((name, header_auth.carried_headers(node, key.text, ctx)))
            notes.append(header_auth.carried_note(holds))  # type: ignore[arg-type]
        elif name == "default_headers" and key.kind == "header-key" and isinstance(node, ast.Dict):
            kept = headers_without(node, "api-key", ctx)  # it is api_key= now
            if kept:
                args.append((name, "{" + ", ".join(kept) + "}"))
        elif name == "websocket_base_url":
            websocket, note = websocket_base(node, ctx)
            args.append((name, websocket))
            if note:
                notes.append(note)
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
    if lost is not None:
        notes.append(lost)
        manual = True
    elif carried and subclass is not None and manual:  # its __init__ builds the headers
        notes.append(header_auth.init_note(holds))  # type: ignore[arg-type]
    return MigratedClient(
        target, func, tuple(args), base, key, (), deployment, tuple(notes),
        spread.prelude, spread.edits, spread.review, manual,
    )


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
    parent, _ = ancestors(target.call)
    if target.via == "factory" and isinstance(parent, ast.Await) and parent.value is target.call:
        return parent
    return target.call
