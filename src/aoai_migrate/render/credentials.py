"""``api_key`` for the migrated OpenAI client: Azure AI Inference credentials, ``AzureOpenAI`` auth
keywords, token providers and literal secrets. Part of the :mod:`aoai_migrate.render.clients` API
(re-exported there).

* ``AzureKeyCredential(key)`` -> ``api_key=<key>``; a token credential ->
  ``api_key=get_bearer_token_provider(<credential>, <scope>)`` with the client's
  ``credential_scopes[0]`` when it is an Azure OpenAI scope, else the configured ``entra_scope``.
* Async clients get ``azure.identity.aio.get_bearer_token_provider`` (qualified, so that the
  snippet says where it comes from); an inline sync ``azure.identity`` credential is rewritten to
  its ``azure.identity.aio`` twin. A sync credential or provider that cannot be rewritten (built
  elsewhere, shared with sync code) keeps its sync provider, run in a worker thread
  (:func:`in_thread`): ``AsyncOpenAI`` awaits what ``api_key`` returns.
* A literal secret is never echoed: it becomes ``os.environ["AZURE_OPENAI_API_KEY"]``.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import re
from typing import TYPE_CHECKING

from .. import known
from ..locate import scope_containing
from . import nulls, snippets
from .endpoints import receiver, shorten

if TYPE_CHECKING:
    from ..engine import Context
    from ..semantics import Scope

ENV_API_KEY = 'os.environ["AZURE_OPENAI_API_KEY"]'
SECRET_NOTE = "the committed key is read from AZURE_OPENAI_API_KEY instead"
#: the scope Inference clients request by default (wrong for Azure OpenAI)
INFERENCE_DEFAULT_SCOPE = "https://ml.azure.com/.default"
#: scopes that Azure OpenAI accepts (migration guide and newest docs)
AOAI_SCOPES = frozenset(
    {
        "https://cognitiveservices.azure.com/.default",
        "https://cognitiveservices.azure.com",
        "https://ai.azure.com/.default",
        "https://ai.azure.com",
    }
)
SYNC_PROVIDER = "get_bearer_token_provider"
ASYNC_PROVIDER = "azure.identity.aio.get_bearer_token_provider"
#: credential classes that azure.identity.aio also has
AIO_CREDENTIALS = frozenset(
    {
        "AuthorizationCodeCredential", "AzureDeveloperCliCredential", "AzureCliCredential",
        "AzurePipelinesCredential", "AzurePowerShellCredential", "CertificateCredential",
        "ClientSecretCredential", "DefaultAzureCredential", "EnvironmentCredential",
        "ManagedIdentityCredential", "OnBehalfOfCredential", "ChainedTokenCredential",
        "SharedTokenCacheCredential", "VisualStudioCodeCredential", "ClientAssertionCredential",
        "WorkloadIdentityCredential",
    }
)
TOKEN_CREDENTIAL = "azure.core.credentials.TokenCredential"
ASYNC_TOKEN_CREDENTIAL = "azure.core.credentials.AsyncTokenCredential"


# -- api_key --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ApiKey:
    """The ``api_key=`` argument. ``kind``: ``key`` (a key expression), ``secret`` (a literal
    secret replaced by the environment), ``token`` (a token credential wrapped in a provider),
    ``provider`` (a token provider), ``static-token``, ``env`` (nothing passed), ``either`` (a
    credential of either kind: the key or a provider, chosen with ``isinstance``) or ``unknown``.
    ``manual``: no expression is right for every value the code may pass (a provider of an async
    client that may be sync or async), so the snippet is shown but not applied."""

    text: str
    kind: str
    scope: str | None = None
    note: str | None = None
    is_async: bool = False
    manual: bool = False


def is_literal_secret(value: object) -> bool:
    """A string that looks like a committed key, conservatively: placeholders ("<your-key>",
    "YOUR_API_KEY", "dummy", "test-key", env-var names, short strings) are not secrets."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if len(text) < 16 or any(c.isspace() for c in text):
        return False
    if _PLACEHOLDER.search(text):
        return False
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", text) or re.fullmatch(r"[a-z][a-z_.]*", text):
        return False
    if re.fullmatch(r"[A-Za-z]+(?:[-_.][A-Za-z]+)+", text):  # words: "synthetic-local-reader"
        return False
    # generated keys (Azure's 32 hex characters, sk-... keys) mix in digits; a long random
    # string without any is rare, so only those count
    if not any(c.isdigit() for c in text) and len(text) < 32:
        return False
    return len(set(text.lower())) >= 6


_PLACEHOLDER = re.compile(
    r"your|<|>|[{}$%]|\.\.\.|xxx|\*\*|placeholder|dummy|fake|test|example|sample|change.?me|replace"
    r"|insert|enter|todo|mock|redacted|not.?a.?real|none|null|key.?here|api.?key|secret|token"
    r"|^https?:|^sk-(?:proj-)?x+$",
    re.I,
)


def secret_value(expr: ast.AST | None, ctx: "Context") -> bool:
    """``expr`` is a literal secret, or a name bound only to one."""
    if expr is None:
        return False
    if isinstance(expr, ast.Constant):
        return is_literal_secret(expr.value)
    if isinstance(expr, ast.Name):
        values = ctx.infer(expr)
        return bool(values) and all(v.kind == "str" and is_literal_secret(v.name) for v in values)
    return False


def key_text(expr: ast.AST, ctx: "Context") -> ApiKey:
    """A key expression as ``api_key=`` (a literal secret is read from the environment)."""
    if secret_value(expr, ctx):
        return ApiKey(ENV_API_KEY, "secret", None, SECRET_NOTE)
    return ApiKey(ctx.segment(expr), "key")


def credential_kind(cred: ast.AST, ctx: "Context") -> tuple[str, object]:
    """``("key", AzureKeyCredential call or None)``, ``("token", is_async credential)`` (``None``:
    a sync and an async credential both reach it), ``("either", is_async token credential)`` or
    ``("unknown", None)``."""
    found: dict[str, object] = {}
    token_kinds: set[bool] = set()
    for value in sorted(ctx.infer(cred), key=lambda v: (v.kind, v.name)):
        if value.kind != "instance":
            continue
        name = value.name
        if name == known.AZURE_KEY_CREDENTIAL:
            found.setdefault("key", value.node)
        elif name in (TOKEN_CREDENTIAL, ASYNC_TOKEN_CREDENTIAL):
            token_kinds.add(name == ASYNC_TOKEN_CREDENTIAL)
        elif name.startswith("azure.identity.") and name.endswith("Credential"):
            token_kinds.add(name.startswith("azure.identity.aio."))
    if token_kinds:
        # True: async, False: sync, None: either (a sync and an async credential both reach it)
        found["token"] = next(iter(token_kinds)) if len(token_kinds) == 1 else None
    if len(found) == 1 and "key" in found and _open_branch(cred, ctx):
        return "either", None  # `AzureKeyCredential(c) if isinstance(c, str) else c`
    if len(found) == 1:
        return next(iter(found.items()))
    if len(found) == 2:  # `key or credential`, isinstance branches, a Union annotation
        return "either", found["token"]
    return "unknown", None


def _open_branch(cred: ast.AST, ctx: "Context", depth: int = 0, scope: "Scope | None" = None) -> bool:
    """``cred`` may also hold what the caller passed: a binding of it is an unannotated
    parameter, an assignment or an element of a tuple some call returns that resolves to nothing
    known, or a branch of a conditional (``if``/``or``) that does, next to an
    ``AzureKeyCredential``. Such a value may be a token credential as well as a key."""
    if depth > 3:
        return False
    if isinstance(cred, (ast.IfExp, ast.BoolOp)):
        branches = [cred.body, cred.orelse] if isinstance(cred, ast.IfExp) else cred.values
        return any(_open_value(b, ctx, depth) for b in branches)
    if not isinstance(cred, (ast.Name, ast.Attribute)):
        return False
    bindings = ctx.sem.definitions(cred, scope or ctx.scope)
    if len(bindings) < 2 and not any(
        (k == "expr" and isinstance(p, (ast.IfExp, ast.BoolOp))) or k == "unpack" for k, p, _ in bindings
    ):
        return False
    for kind, payload, where in bindings:
        if kind == "param":
            return True
        if kind == "unpack":  # `endpoint, cred = self._load(key_auth)`: what each return gives
            elements = ctx.sem.returned_elements(payload, where)
            if elements is None or any(
                _open_value(e, ctx, depth, s) or _open_branch(e, ctx, depth + 1, s) for e, s in elements
            ):
                return True
        if kind == "expr" and isinstance(payload, (ast.IfExp, ast.BoolOp)):
            branches = [payload.body, payload.orelse] if isinstance(payload, ast.IfExp) else payload.values
            if any(_open_value(b, ctx, depth, where) for b in branches):
                return True
        elif kind == "expr" and _open_value(payload, ctx, depth, where):
            return True  # `cred = AzureKeyCredential(k)` in one branch, `cred = self.get_credential()` in another
    return False


#: what a value known to be no credential of unknown kind resolves to (a class instance, a string...)
_KNOWN_KINDS = frozenset({"instance", "str", "class", "object", "function", "partial"})


def _open_value(expr: ast.AST, ctx: "Context", depth: int, scope=None) -> bool:
    """A branch that resolves to nothing known: a parameter, an unknown object, what a call of
    code outside this module returns (``self.get_credential()`` of an imported base class);
    not ``None``."""
    if isinstance(expr, ast.Constant):
        return False
    if any(v.kind in _KNOWN_KINDS for v in ctx.sem.infer(expr, scope or ctx.scope)):
        return False
    return isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))


def api_key_for_credential(
    cred: ast.AST | None,
    ctx: "Context",
    *,
    is_async: bool,
    scopes: ast.AST | None = None,
) -> ApiKey:
    """``api_key=`` for an Inference ``credential`` (with its ``credential_scopes``)."""
    if cred is None:
        return ApiKey(ENV_API_KEY, "env", None, "no credential found: pass api_key= explicitly")
    kind, payload = credential_kind(cred, ctx)
    if kind == "unknown" and scopes is not None:
        # scopes say a token credential may come, not that a key cannot (a helper returning
        # `AzureKeyCredential(key), []` or `DefaultAzureCredential(), [scope]`): keep both paths
        kind, payload = "either", None
    if kind == "key":
        ctor = payload if isinstance(payload, ast.Call) else None
        key = key_argument(ctor) if ctor is not None else None
        if key is not None and (ctor is cred or _portable(key, ctx, _origin(ctor, ctx))):
            return key_text(key, ctx)
        if key is not None and secret_value(key, ctx):
            return ApiKey(ENV_API_KEY, "secret", None, SECRET_NOTE)
        return ApiKey(f"{receiver(ctx.segment(cred))}.key", "key")
    if kind == "token":
        scope, note = scope_for(scopes, ctx)
        if is_async and payload is None:
            # the async Inference client's bearer-token policy awaited get_token() only when it
            # returned an awaitable; azure.identity.aio's provider is built on the same policy
            note = (
                f"`{shorten(ctx.segment(cred), 24)}` may be a sync or an async credential: "
                f"{ASYNC_PROVIDER} takes both, as the Inference client did (a sync one blocks the event loop "
                "while it fetches a token)"
            )
        return ApiKey(token_provider(cred, scope, ctx, is_async, payload), "token", scope, note, is_async)
    # keep both paths: the key of an AzureKeyCredential, else a provider for the token
    # credential; an Inference client takes nothing else, so an unresolved credential gets both
    # too (`.key` alone raises AttributeError on a token credential)
    scope, note = scope_for(scopes, ctx)
    text = receiver(ctx.segment(cred))
    provider = token_provider(cred, scope, ctx, is_async, payload, text)
    either = f"{text}.key if isinstance({text}, AzureKeyCredential) else {provider}"
    shown = shorten(ctx.segment(cred), 24)
    if kind == "either":
        return ApiKey(either, "either", scope, f"`{shown}` may hold a key or a token credential: both paths are kept",
                      is_async)
    return ApiKey(
        either, "unknown", scope,
        f"credential `{shown}` not resolved: both paths are kept (its key, or a token provider for Entra ID)",
        is_async,
    )


def key_argument(ctor: ast.Call) -> ast.AST | None:
    for arg in ctor.args:
        return None if isinstance(arg, ast.Starred) else arg
    for kw in ctor.keywords:
        if kw.arg == "key":
            return kw.value
    return None


def _portable(expr: ast.AST, ctx: "Context", origin: "Scope | None" = None) -> bool:
    """Every name in ``expr`` is visible from the scope being visited (so its text can move);
    with the ``origin`` scope ``expr`` is written in, each name means the same there and here
    (``kwargs`` of a helper is not the caller's ``kwargs``)."""
    for node in ast.walk(expr):
        if isinstance(node, (ast.Lambda, ast.comprehension, ast.NamedExpr)):
            return False
        if isinstance(node, ast.Name):
            here = ctx.sem.lookup(node.id, ctx.scope)
            if not here and not hasattr(builtins, node.id):
                return False
            if origin is not None and origin is not ctx.scope and here is not ctx.sem.lookup(node.id, origin):
                return False
    return True


def _origin(node: ast.AST | None, ctx: "Context") -> "Scope | None":
    """The scope a node of this module is written in (None for another module's stand-in)."""
    if node is None or getattr(node, "lineno", None) is None:
        return None
    return scope_containing(ctx.sem, node, ctx.state.setdefault("credentials.origins", {}))


def scope_for(scopes: ast.AST | None, ctx: "Context") -> tuple[str, str | None]:
    """The token scope argument(s) for ``get_bearer_token_provider`` and a note for messages."""
    configured = snippets.string(ctx.settings.entra_scope)
    if scopes is None:
        return configured, (
            f"scope {ctx.settings.entra_scope} (the Inference default {INFERENCE_DEFAULT_SCOPE} "
            "is wrong for Azure OpenAI)"
        )
    first: ast.AST | None = None
    if isinstance(scopes, (ast.List, ast.Tuple)):
        if not scopes.elts or isinstance(scopes.elts[0], ast.Starred):
            return configured, f"scope {ctx.settings.entra_scope}"
        first = scopes.elts[0]
    else:
        return f"*{receiver(ctx.segment(scopes))}", "check that the scopes hold an Azure OpenAI scope"
    values = {v.name for v in ctx.infer(first) if v.kind == "str"}
    if len(values) == 1:
        value = next(iter(values))
        if value.rstrip("/") in {s.rstrip("/") for s in AOAI_SCOPES}:
            return ctx.segment(first), None
        return configured, f"{value} is not an Azure OpenAI scope; use {ctx.settings.entra_scope}"
    return ctx.segment(first), "check that the scope is an Azure OpenAI scope"


def token_provider(
    cred: ast.AST, scope: str, ctx: "Context", is_async: bool, cred_is_async: bool | None, text: str | None = None
) -> str:
    """The token provider of ``cred`` (written ``text``) for ``api_key=``: the sync one for a
    sync client; for an async client the ``azure.identity.aio`` one, with an async credential
    (or one of either kind: ``cred_is_async`` None), or the ``azure.identity.aio`` twin of an
    inline sync one, else (a sync credential built elsewhere, perhaps shared with sync code) the
    sync provider run in a worker thread."""
    text = ctx.segment(cred) if text is None else text
    if not is_async:
        return f"{SYNC_PROVIDER}({text}, {scope})"
    if cred_is_async is not False:
        return f"{ASYNC_PROVIDER}({text}, {scope})"
    rewritten = aio_credential_call(cred, ctx)
    if rewritten is not None:
        return f"{ASYNC_PROVIDER}({rewritten}, {scope})"
    return in_thread(f"{SYNC_PROVIDER}({text}, {scope})")


def in_thread(provider: str) -> str:
    """A sync token provider as ``AsyncOpenAI``'s ``api_key``, which awaits what it returns:
    each call runs the provider in a worker thread (``asyncio.to_thread``), as
    ``AsyncAzureOpenAI`` ran it inline. A name or attribute (read at each call, as the client
    read it) goes into a lambda; an expression that builds the provider is evaluated once
    (``functools.partial``), so its token cache lives as long as the client."""
    try:
        node = ast.parse(provider.strip(), mode="eval").body
    except SyntaxError:
        node = None
    while isinstance(node, ast.Attribute):
        node = node.value
    if isinstance(node, ast.Name):
        return f"lambda: asyncio.to_thread({provider})"
    return f"functools.partial(asyncio.to_thread, {provider})"


def aio_credential_call(expr: ast.AST, ctx: "Context") -> str | None:
    """``azure.identity.aio.X(args)`` for an inline ``azure.identity.X(args)`` call, else None."""
    if not isinstance(expr, ast.Call):
        return None
    for qual in ctx.qualnames(expr.func):
        module, _, name = qual.rpartition(".")
        if module == "azure.identity" and name in AIO_CREDENTIALS:
            text = ctx.segment(expr)
            return f"azure.identity.aio.{name}" + text[len(ctx.segment(expr.func)):]
    return None


def is_sync_provider(expr: ast.AST | None, ctx: "Context") -> ast.Call | None:
    """The ``azure.identity.get_bearer_token_provider(...)`` call ``expr`` evaluates to (sync
    provider), or None."""
    if expr is None:
        return None
    for value in ctx.infer(expr):
        if value.kind == "result" and value.name == known.SYNC_TOKEN_PROVIDER:
            if isinstance(value.node, ast.Call):
                return value.node
    return None


def async_provider_text(expr: ast.AST, ctx: "Context") -> tuple[str, bool]:
    """``api_key=`` of an async client for the sync provider ``expr`` evaluates to, and whether
    it is ``azure.identity.aio.get_bearer_token_provider(...)``: built with the same arguments when
    its credential is async or an inline sync one (rewritten to its ``azure.identity.aio`` twin),
    else ``expr`` itself run in a worker thread (:func:`in_thread`), which is right whatever the
    sync credential is (the sync provider only ever worked with one)."""
    threaded = in_thread(ctx.segment(expr)), False
    call = is_sync_provider(expr, ctx)
    if call is None or (call is not expr and not all(_portable(a, ctx) for a in call.args)):
        return threaded
    if any(isinstance(a, ast.Starred) for a in call.args) or call.keywords or not call.args:
        return threaded
    cred = call.args[0]
    cred_text = aio_credential_call(cred, ctx)
    if cred_text is None and credential_kind(cred, ctx) == ("token", True):
        cred_text = ctx.segment(cred)
    if cred_text is None:
        return threaded
    rest = [ctx.segment(a) for a in call.args[1:]]
    return snippets.call(ASYNC_PROVIDER, [(None, cred_text)] + [(None, r) for r in rest]), True


AUTH_KEYWORDS = ("api_key", "azure_ad_token", "azure_ad_token_provider")


def azure_auth(bound: dict[str, ast.AST], ctx: "Context", is_async: bool) -> ApiKey:
    """``api_key=`` for the auth keywords of an ``AzureOpenAI`` construction. Several of them
    (a key next to a token or a provider, each set or ``None`` at run time) keep every path in
    AzureOpenAI's precedence: ``api_key=<token> or <provider> or <key>``."""
    # a keyword given as `None` (or the sentinel) is absent: AzureOpenAI fell back to the
    # environment for it, and `None` is no provider
    bound = {name: bound[name] for name in AUTH_KEYWORDS if name in bound and not _unset(bound[name], ctx)}
    if len(bound) > 1:
        return _auth_choice(bound, ctx, is_async)
    if "azure_ad_token_provider" in bound:
        return _provider(bound["azure_ad_token_provider"], ctx, is_async)
    if "azure_ad_token" in bound:
        return ApiKey(ctx.segment(bound["azure_ad_token"]), "static-token", None, STATIC_TOKEN_NOTE)
    if "api_key" in bound:
        return key_text(bound["api_key"], ctx)
    return ApiKey(ENV_API_KEY, "env", None,
                  f"OpenAI does not read AZURE_OPENAI_API_KEY: pass it explicitly (nor {AD_TOKEN_NOTE})")


#: what an ``AzureOpenAI`` given no credential argument read first, and OpenAI never reads: said for
#: every client migrated from such a construction (a key from the environment, an ``api-key``
#: default header, ``_enforce_credentials=False``), since the snippet cannot keep that path
AD_TOKEN_NOTE = (
    "AZURE_OPENAI_AD_TOKEN, which AzureOpenAI read first when no credential was passed and sent "
    "instead of the key: pass a token provider as api_key= if you relied on it"
)

STATIC_TOKEN_NOTE = "a static Entra token expires: prefer a token provider"


def _header_credentials(headers: ast.AST | None) -> tuple[ast.AST | None, ast.AST | None]:
    """The ``api-key`` and ``Authorization`` values of a ``default_headers`` dict literal."""
    api_key = authorization = None
    if isinstance(headers, ast.Dict):
        for key, value in zip(headers.keys, headers.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                if key.value.lower() == "api-key":
                    api_key = value
                elif key.value.lower() == "authorization":
                    authorization = value
    return api_key, authorization


def tolerated_env_key(bound: dict[str, ast.AST], ctx: "Context") -> ApiKey | None:
    """``api_key=`` for an ``AzureOpenAI`` given no credential that did not need
    AZURE_OPENAI_API_KEY (it read the variable only when set): its ``default_headers`` carry the
    credential, or ``_enforce_credentials=False`` lets it be built without one. ``None`` when the
    variable was required (then ``os.environ[...]`` is right: AzureOpenAI raised without it).
    An empty ``text``: no ``api_key=`` at all; kind ``header-key``: the ``api-key`` header's
    entry is the key now (the headers go without it)."""
    header_key, authorization = _header_credentials(bound.get("default_headers"))
    enforce = bound.get("_enforce_credentials")
    tolerant = isinstance(enforce, ast.Constant) and enforce.value is False
    if header_key is not None:
        # AzureOpenAI sent AZURE_OPENAI_API_KEY when set (a request's api-key header wins over the
        # default one), else the header's key; OpenAI counts only api_key= as a credential (sent
        # as `Authorization: Bearer`, which /openai/v1/ accepts): the header's entry moves there
        key = key_text(header_key, ctx)
        note = ("the `api-key` header, which OpenAI does not count as a credential, moves to api_key= (sent as "
                "`Authorization: Bearer`, which /openai/v1/ accepts), after AZURE_OPENAI_API_KEY as AzureOpenAI chose; "
                f"OpenAI does not read {AD_TOKEN_NOTE}")
        text = f'os.environ.get("AZURE_OPENAI_API_KEY") or {key.text}'
        return ApiKey(text, "header-key", None, f"{key.note}; {note}" if key.note else note)
    if authorization is not None and tolerant:
        # the header wins over OpenAI's own Authorization; `_enforce_credentials=False` (kept)
        # lets OpenAI be built without api_key=
        return ApiKey("", "header", None, "the `Authorization` header carries the credential (no api_key=)")
    if tolerant:
        return ApiKey(
            'os.environ.get("AZURE_OPENAI_API_KEY")', "env", None,
            "AZURE_OPENAI_API_KEY is read when it is set, as AzureOpenAI did (`_enforce_credentials=False`: "
            "built without a credential); when it is not, OpenAI reads OPENAI_API_KEY, and a request "
            f"without either fails as it did; OpenAI does not read {AD_TOKEN_NOTE}",
        )
    return None


def _provider(node: ast.AST, ctx: "Context", is_async: bool) -> ApiKey:
    if is_async and is_sync_provider(node, ctx) is not None:
        return ApiKey(async_provider_text(node, ctx)[0], "provider", None, None, True)
    note = None
    if is_async and _sync_function(node, ctx):
        # AsyncAzureOpenAI called a sync provider; AsyncOpenAI awaits what api_key returns:
        # run the sync one in a thread (typed as Callable[[], Awaitable[str]])
        return ApiKey(in_thread(ctx.segment(node)), "provider", None, None, is_async)
    declared = _either_kind_declaration(node, ctx) if is_async else None
    if declared is not None:
        # the provider may be async at run time, but its declared type (openai's own
        # AsyncAzureADTokenProvider) allows a sync one: AsyncOpenAI's api_key does not take it
        text = shorten(ctx.segment(node), 24)
        note = (
            f"`{text}` is declared `{shorten(declared, 60)}`, a sync or an async provider, which AsyncOpenAI's "
            f"api_key does not take (it awaits what the provider returns): declare it `Callable[[], Awaitable[str]]` "
            f"if it is async, wrap a sync one as `lambda: asyncio.to_thread(...)` (no automatic fix)"
        )
        return ApiKey(ctx.segment(node), "provider", None, note, is_async, manual=True)
    if is_async and not _async_provider(node, ctx):
        # AsyncAzureOpenAI took a sync provider too; AsyncOpenAI awaits what api_key returns, so a
        # provider of unknown kind has no right expression: `lambda: asyncio.to_thread(p)` breaks an
        # async one, `p` a sync one. The snippet is shown, a person picks.
        text = shorten(ctx.segment(node), 24)
        note = (
            f"AsyncOpenAI awaits what api_key returns and `{text}` may be a sync or an async provider: "
            f"pass an async one as is, wrap a sync one as `lambda: asyncio.to_thread({text})` (no automatic fix)"
        )
        return ApiKey(ctx.segment(node), "provider", None, note, is_async, manual=True)
    return ApiKey(ctx.segment(node), "provider", None, note, is_async)


def _sync_function(expr: ast.AST, ctx: "Context") -> bool:
    """``expr`` names a plain (not async) function of this module: a sync token provider."""
    values = ctx.infer(expr)
    return isinstance(expr, ast.Name) and bool(values) and all(
        v.kind == "function" and isinstance(getattr(v.node, "node", None), ast.FunctionDef) for v in values
    )


def _either_kind(annotation: ast.AST | None) -> bool:
    """``AsyncAzureADTokenProvider``, or ``Callable[[], X]`` where ``X`` is a union of ``str``
    and an ``Awaitable`` (strings included)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return _either_kind(_parse_annotation(annotation.value))
    if isinstance(annotation, (ast.Name, ast.Attribute)):
        return _last_name(annotation) == "AsyncAzureADTokenProvider"
    if isinstance(annotation, ast.BinOp):  # Optional: X | None
        return _either_kind(annotation.left) or _either_kind(annotation.right)
    if not (isinstance(annotation, ast.Subscript) and _last_name(annotation.value) in ("Callable", "Optional")):
        return False
    if _last_name(annotation.value) == "Optional":
        return _either_kind(annotation.slice)
    if not (isinstance(annotation.slice, ast.Tuple) and len(annotation.slice.elts) == 2):
        return False
    members = _union_members(annotation.slice.elts[1])
    return any(_last_name(m) == "str" for m in members) and any(
        isinstance(m, ast.Subscript) and _last_name(m.value) == "Awaitable" for m in members)


def _union_members(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parsed = _parse_annotation(node.value)
        return _union_members(parsed) if parsed is not None else []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    if isinstance(node, ast.Subscript) and _last_name(node.value) == "Union" and isinstance(node.slice, ast.Tuple):
        return [m for e in node.slice.elts for m in _union_members(e)]
    return [node]


def _annotation_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " ".join(node.value.split())
    return ast.unparse(node)


def _last_name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _parse_annotation(text: str) -> ast.expr | None:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return None


def _either_kind_declaration(expr: ast.AST, ctx: "Context") -> str | None:
    """The annotation that declares ``expr`` a token provider of either kind (openai's
    ``AsyncAzureADTokenProvider``, ``Callable[[], str | Awaitable[str]]``): the return annotation
    of the function ``expr`` calls, or of the call or annotation a name of the enclosing function
    is assigned. None when there is none."""
    if isinstance(expr, ast.Name):
        scope = next((p for p in reversed(ctx.parents)
                      if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module))), None)
        for node in nulls.assignments(scope, expr.id) if scope is not None else []:
            if isinstance(node, ast.AnnAssign) and _either_kind(node.annotation):
                return _annotation_text(node.annotation)
            if node.value is not None and isinstance(node.value, ast.Call):
                declared = _either_kind_declaration(node.value, ctx)
                if declared is not None:
                    return declared
        return None
    if not isinstance(expr, ast.Call):
        return None
    for value in ctx.infer(expr.func):
        function = getattr(value.node, "node", None) if value.kind == "function" else None
        returns = getattr(function, "returns", None)
        if returns is not None and _either_kind(returns):
            return _annotation_text(returns)
    return None


def _async_provider(expr: ast.AST, ctx: "Context") -> bool:
    """``expr`` is known to be an async token provider (azure.identity.aio's, or an async def)."""
    values = ctx.infer(expr)
    return bool(values) and all(
        (v.kind == "result" and v.name == known.ASYNC_TOKEN_PROVIDER)
        or (v.kind == "function" and isinstance(getattr(v.node, "node", None), ast.AsyncFunctionDef))
        for v in values
    )


def _auth_choice(given: dict[str, ast.AST], ctx: "Context", is_async: bool) -> ApiKey:
    """``<token> or <provider> or <key>``: the first one set at run time, as ``api_key=``, in
    AzureOpenAI's own order (``_prepare_options`` sends the token, else the provider's token,
    and the key only when neither is set). When every token and provider is given only without
    the key (``p if not key else None``), the code made the key win: ``<key> or <provider>``."""
    key = given.get("api_key")
    others = {name: node for name, node in given.items() if name != "api_key"}
    gated = key is not None and all(_unless(node, key, ctx) is not node for node in others.values())
    parts: list[str] = []
    notes: list[str] = []
    manual = False
    for name in (("api_key",) if gated else ()) + ("azure_ad_token", "azure_ad_token_provider") + (
            () if gated else ("api_key",)):
        if name not in given:
            continue
        node = given[name]
        if name == "api_key":
            part = key_text(node, ctx)
            unsentinelled = _sentinel_as_none(node, ctx)
            if unsentinelled is not None:
                part = dataclasses.replace(part, text=unsentinelled)
        elif name == "azure_ad_token":
            part = ApiKey(ctx.segment(_unless(node, key, ctx) if gated else node), "static-token", None,
                          STATIC_TOKEN_NOTE)
        else:
            part = _provider(_unless(node, key, ctx) if gated else node, ctx, is_async)
        parts.append(_operand(part.text))
        manual = manual or part.manual
        if part.note:
            notes.append(part.note)
    order = ("`api_key`, then " if gated else "") + ", then ".join(
        f"`{name}`" for name in ("azure_ad_token", "azure_ad_token_provider") if name in given
    ) + ("" if gated else ", then `api_key`")
    why = ("the code passes a token only without a key" if gated
           else "AzureOpenAI's precedence: a token wins over a key")
    notes.insert(0, f"api_key= gets the first one set of {order} ({why}; every auth path is kept)")
    kind = "static-token" if "azure_ad_token" in given else "choice"
    return ApiKey(" or ".join(parts), kind, None, "; ".join(dict.fromkeys(notes)), is_async, manual)


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _unset(node: ast.AST, ctx: "Context") -> bool:
    """``None``, or openai's ``API_KEY_SENTINEL`` (a truthy string AzureOpenAI reads as "no key");
    a conditional only when both branches are."""
    if isinstance(node, ast.IfExp):
        return _unset(node.body, ctx) and _unset(node.orelse, ctx)
    return _is_none(node) or any(q.startswith("openai.") and q.endswith(".API_KEY_SENTINEL") for q in ctx.qualnames(node))


def _sentinel_as_none(node: ast.AST, ctx: "Context") -> str | None:
    """``x if c else API_KEY_SENTINEL`` (either branch) as ``x if c else None``: the sentinel
    is a truthy string that OpenAI would send as the key; ``None`` for any other value."""
    if not isinstance(node, ast.IfExp) or _is_none(node.body) or _is_none(node.orelse):
        return None
    body, orelse = (("None" if _unset(b, ctx) else _operand(ctx.segment(b))) for b in (node.body, node.orelse))
    if body != "None" and orelse != "None":
        return None
    return f"{body} if {_operand(ctx.segment(node.test))} else {orelse}"


def _unless(node: ast.AST, key: ast.AST | None, ctx: "Context") -> ast.AST:
    """``p`` for ``p if not key else None`` (or ``None if key else p``) next to ``api_key=key``:
    ``key or p`` already picks ``p`` only when there is no key."""
    if key is None or not isinstance(node, ast.IfExp):
        return node
    test, key_text_ = node.test, ctx.segment(key)
    if _is_none(node.orelse) and isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        if ctx.segment(test.operand) == key_text_:
            return node.body
    if _is_none(node.orelse) and isinstance(test, ast.Compare) and len(test.ops) == 1:
        if isinstance(test.ops[0], ast.Is) and _is_none(test.comparators[0]) and ctx.segment(test.left) == key_text_:
            return node.body
    if _is_none(node.body) and ctx.segment(test) == key_text_:
        return node.orelse
    return node


def _operand(text: str) -> str:
    """``text`` as an operand of ``or`` (a conditional, lambda or walrus is parenthesised)."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return f"({text})"
    if isinstance(node, (ast.IfExp, ast.Lambda, ast.NamedExpr)):
        return f"({text})"
    return text
