"""A default ``Authorization`` header next to an ``AzureOpenAI`` credential.

``AzureOpenAI`` sent its key as the ``api-key`` header (a token as a per-request
``Authorization``, which won over the default one) and kept a default ``Authorization`` header
beside it. ``OpenAI`` sends ``api_key=`` as ``Authorization: Bearer <key>``, and a default
``Authorization`` header replaces that one: the credential would never be sent.

A key known to be a string also goes as the ``api-key`` header, which ``/openai/v1/`` accepts
(``api_key=`` stays: OpenAI requires a credential, and when the headers hold no
``Authorization`` at run time the same key goes as the Bearer too). A key provider, a token
(credential, provider or static) or a credential that may be either cannot ride in a default
header: no automatic fix, and the message says why.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .. import known
from .client_arguments import headers_without
from .endpoints import receiver
from .spreads import built_dict

if TYPE_CHECKING:
    from ..engine import Context
    from .credentials import ApiKey

HOLDS, MAY_HOLD = "holds", "may hold"

#: ``ApiKey.kind`` values that are one string (when the expression is not a callable)
_STRING_KINDS = frozenset({"key", "secret", "env", "header-key"})
_CALLABLE_ANNOTATION = re.compile(r"Callable|Provider|Awaitable")


def authorization_header(headers: ast.AST | None, ctx: "Context") -> str | None:
    """Whether a ``default_headers`` value holds an ``Authorization`` entry (:data:`HOLDS`), may
    hold one (:data:`MAY_HOLD`: a spread, a computed key, a dict this module does not show), or
    certainly holds none (``None``)."""
    if headers is None or (isinstance(headers, ast.Constant) and headers.value is None):
        return None
    found = headers if isinstance(headers, ast.Dict) else built_dict(headers, ctx)  # type: ignore[arg-type]
    if found is None:
        return MAY_HOLD
    literal, added = (found, ()) if isinstance(found, ast.Dict) else found
    if isinstance(literal, ast.Dict):
        keys: list[object] = [k.value if isinstance(k, ast.Constant) else None for k in literal.keys]
    else:  # dict(...) with keywords
        keys = [kw.arg for kw in literal.keywords]  # type: ignore[attr-defined]
    keys += [a.key for a in added]
    if any(isinstance(k, str) and k.lower() == "authorization" for k in keys):
        return HOLDS
    return MAY_HOLD if any(not isinstance(k, str) for k in keys) else None


def string_key(key: "ApiKey", node: ast.AST | None, ctx: "Context") -> bool:
    """``api_key=`` is one string the headers can carry: a key expression that is not a
    function, a lambda, a provider or a parameter typed as a callable (or the environment's)."""
    if key.kind not in _STRING_KINDS:
        return False
    return node is None or not _may_be_callable(node, ctx)


def _may_be_callable(node: ast.AST, ctx: "Context") -> bool:
    if isinstance(node, ast.Lambda):
        return True
    for value in ctx.infer(node):
        if value.kind in ("function", "partial", "class"):
            return True
        if value.kind == "result" and value.name == known.SYNC_TOKEN_PROVIDER:
            return True
    annotation = _parameter_annotation(node, ctx)
    return annotation is not None and bool(_CALLABLE_ANNOTATION.search(ast.unparse(annotation)))


def _parameter_annotation(node: ast.AST, ctx: "Context") -> ast.AST | None:
    """The annotation of the parameter ``node`` names, in the innermost function that has one."""
    if not isinstance(node, ast.Name):
        return None
    scope = ctx.scope
    while scope is not None:
        function = scope.node
        if scope.kind == "function" and isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = function.args
            for arg in params.posonlyargs + params.args + params.kwonlyargs:
                if arg.arg == node.id:
                    return arg.annotation
        scope = scope.parent
    return None


def carried_headers(headers: ast.AST, key_text: str, ctx: "Context") -> str:
    """``default_headers=`` with the key as ``api-key`` (after the user's entries: AzureOpenAI's
    key won over a default ``api-key`` header); a value that is not a literal may be ``None``."""
    entry = f'"api-key": {key_text}'
    if isinstance(headers, ast.Dict):
        return "{" + ", ".join(headers_without(headers, "api-key", ctx) + [entry]) + "}"
    return "{**(" + receiver(ctx.segment(headers)) + " or {}), " + entry + "}"


def carried_note(holds: str) -> str:
    return (f"default_headers {holds} `Authorization`, which OpenAI sends instead of the `Authorization: Bearer` "
            "api_key= becomes: the key also goes as the `api-key` header, as AzureOpenAI sent it (/openai/v1/ "
            "accepts it)")


def init_note(holds: str) -> str:
    return (f"default_headers {holds} `Authorization`, which OpenAI sends instead of the `Authorization: Bearer` "
            "api_key= becomes: add the key to the headers as `api-key`, as AzureOpenAI sent it (/openai/v1/ "
            "accepts it)")


def lost_note(holds: str, key: "ApiKey") -> str:
    what = "key provider" if key.kind in _STRING_KINDS else "credential"
    return (f"no automatic fix: default_headers {holds} `Authorization`, which OpenAI sends instead of the "
            f"Bearer api_key= becomes, so this {what} would never be sent (only a string key can also go as the "
            "`api-key` header); drop `Authorization` from default_headers (pass it per request in "
            "extra_headers) or authenticate with that header alone")
