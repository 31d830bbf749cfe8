"""How the image-embeddings REST functions (:mod:`.image_rest`) authenticate: the headers the
Inference client's credential policy sent, and what of the client they read.

azure/ai/inference/_configuration.py and _patch.py are the reference:

* an ``AzureKeyCredential`` sent ``Authorization: Bearer <key>`` and ``api-key: <key>`` (the
  latter only when the client's ``headers`` held no ``api-key``);
* a token credential sent ``Authorization: Bearer <token>``, the token asked for the client's
  ``credential_scopes``, else for ``https://ml.azure.com/.default``. The REST call reaches the
  same Inference endpoint, so it keeps that scope (not the Azure OpenAI one an OpenAI client
  needs); an async client's policy awaited ``get_token()`` only when it returned an awaitable;
* a credential that may be either (an unresolved one too: the client took nothing else) keeps
  both, chosen with ``isinstance`` as the policy was.

The function reads the client's endpoint, credential, scopes and api-version by their text; one
not visible where the function is shown (a client built in another function, whose names mean
something else or nothing there) is read from ``AZURE_INFERENCE_ENDPOINT`` /
``AZURE_INFERENCE_CREDENTIAL``, or left at the default, and the message says which.
"""

from __future__ import annotations

import ast

from ...render import calls as render_calls
from ...render import clients as render_clients
from ...render import snippets
from ...engine import Context
from ..api_version.common import keyword, receiver
from .common import credential_of, endpoint_of

ENV_ENDPOINT = 'os.environ["AZURE_INFERENCE_ENDPOINT"]'
ENV_KEY = 'os.environ["AZURE_INFERENCE_CREDENTIAL"]'
#: the scope an Inference client asked its token for when it was given none
DEFAULT_SCOPE = render_clients.INFERENCE_DEFAULT_SCOPE


def visible(ctor: ast.Call, name: str, ctx: Context) -> ast.AST | None:
    """The client's ``name`` argument (``endpoint``, ``credential``, ``credential_scopes``,
    ``api_version``) when its text means the same at the node being visited, else ``None``."""
    if name == "endpoint":
        value = endpoint_of(ctor)
    elif name == "credential":
        value = credential_of(ctor)
    else:
        kw = keyword(ctor, name)
        value = kw.value if kw is not None else None
    if value is None or not render_calls.portable(value, ctor, ctx):
        return None
    return value


def endpoint_text(ctor: ast.Call | None, ctx: Context) -> str | None:
    """The client's endpoint as an expression (``None``: read from the environment)."""
    endpoint = visible(ctor, "endpoint", ctx) if ctor is not None else None
    return ctx.segment(endpoint) if endpoint is not None else None


def _scopes(ctor: ast.Call, ctx: Context) -> str:
    """``get_token()``'s arguments: the client's scopes, else the Inference default."""
    scopes = visible(ctor, "credential_scopes", ctx)
    if scopes is None:
        return snippets.string(DEFAULT_SCOPE)
    if isinstance(scopes, (ast.List, ast.Tuple)):
        if not scopes.elts:  # no scope at all: azure-core asked for none
            return ""
        return ", ".join(ctx.segment(e) if not isinstance(e, ast.Starred) else f"*{ctx.segment(e.value)}"
                         for e in scopes.elts)
    return f"*{receiver(ctx.segment(scopes))}"


def _token_lines(cred: str, scopes: str, is_async: bool, cred_is_async: object) -> tuple[list[str], str]:
    """Statements fetching the token of ``cred`` and the expression of the token string."""
    get = f"{cred}.get_token({scopes})"
    if not is_async or cred_is_async is False:
        return [], f"{get}.token"  # (an async client's policy called a sync credential as is)
    if cred_is_async is True:
        return [], f"(await {get}).token"
    # a sync or an async credential: the policy awaited the result only when it was awaitable
    return [f"token = {get}"], "(await token if inspect.isawaitable(token) else token).token"


def header_lines(ctor: ast.Call | None, ctx: Context, is_async: bool, client_headers: list[str]) -> list[str]:
    """Statements binding ``headers``: the client's own header items (``client_headers``) and
    its credential's, with the SDK's precedence (an ``api-key`` of the client's headers wins
    over the key; the credential's ``Authorization`` wins over theirs)."""

    def key_headers(key: str) -> str:
        return "{" + ", ".join([f'"api-key": {key}', *client_headers, f'"Authorization": "Bearer " + {key}']) + "}"

    def token_headers(token: str) -> str:
        return "{" + ", ".join([*client_headers, f'"Authorization": "Bearer " + {token}']) + "}"

    cred = visible(ctor, "credential", ctx) if ctor is not None else None
    if cred is None:
        return [f"headers = {key_headers(ENV_KEY)}"]
    kind, payload = render_clients.credential_kind(cred, ctx)
    if kind == "key":
        key = render_clients.api_key_for_credential(cred, ctx, is_async=is_async).text
        return [f"headers = {key_headers(key)}"]
    text = receiver(ctx.segment(cred))
    fetch, token = _token_lines(text, _scopes(ctor, ctx), is_async, payload)
    if kind == "token":
        return [*fetch, f"headers = {token_headers(token)}"]
    # either kind (or unresolved: the client took a key or a token credential, nothing else)
    return [
        f"if isinstance({text}, AzureKeyCredential):",
        f"    headers = {key_headers(text + '.key')}",
        "else:",
        *(f"    {line}" for line in fetch),
        f"    headers = {token_headers(token)}",
    ]


def notes(ctor: ast.Call | None, ctx: Context) -> str:
    """What the function reads instead of the client's own values, for the message."""
    if ctor is None:
        return (
            "; the endpoint and key are read from AZURE_INFERENCE_ENDPOINT and AZURE_INFERENCE_CREDENTIAL "
            "(the client's own are not visible here)"
        )
    out = []
    endpoint = endpoint_of(ctor)
    if endpoint is not None and visible(ctor, "endpoint", ctx) is None:
        out.append(f"the client's endpoint `{_short(endpoint, ctx)}` is not visible here: it is read from "
                   "AZURE_INFERENCE_ENDPOINT")
    cred = credential_of(ctor)
    if cred is not None and visible(ctor, "credential", ctx) is None:
        kind = render_clients.credential_kind(cred, ctx)[0]
        note = (f"the client's credential `{_short(cred, ctx)}` is not visible here: a key is read from "
                "AZURE_INFERENCE_CREDENTIAL")
        if kind != "key":
            note += (f" (for a token credential send `Authorization: Bearer` + its `get_token({_scope_note(ctor, ctx)})`"
                     " token instead, as the client did)")
        out.append(note)
    scopes = keyword(ctor, "credential_scopes")
    shown = visible(ctor, "credential", ctx) if cred is not None else None
    if (scopes is not None and shown is not None and visible(ctor, "credential_scopes", ctx) is None
            and render_clients.credential_kind(shown, ctx)[0] != "key"):
        out.append(f"the client's credential_scopes `{_short(scopes.value, ctx)}` are not visible here: the token "
                   f"is asked for {DEFAULT_SCOPE}; ask it for those scopes")
    version = keyword(ctor, "api_version")
    if version is not None and visible(ctor, "api_version", ctx) is None:
        out.append(f"the client's api_version `{_short(version.value, ctx)}` is not visible here: the SDK's "
                   "default is sent; send it instead")
    return "".join(f"; {n}" for n in out)


def _scope_note(ctor: ast.Call, ctx: Context) -> str:
    scopes = keyword(ctor, "credential_scopes")
    return f"*{_short(scopes.value, ctx)}" if scopes is not None else snippets.string(DEFAULT_SCOPE)


def _short(node: ast.AST, ctx: Context) -> str:
    return render_clients.shorten(" ".join(ctx.segment(node).split()), 40)
