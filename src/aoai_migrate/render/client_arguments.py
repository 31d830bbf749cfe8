"""The arguments of a client construction, read and rendered for OpenAI: client-level defaults
of an Inference client, azure-core transport keywords, headers and timeouts, and the
``with_options()``/``copy()`` calls of an ``AzureOpenAI`` client. Part of the
:mod:`aoai_migrate.render.clients` API (re-exported there)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterable, Sequence

from .. import known
from . import snippets
from .credentials import azure_auth
from .endpoints import receiver
from .models import foreign_encoding, render_expression
from .spreads import OPENAI_KEPT as _OPENAI_KEPT

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
