"""AI gateways in front of Azure OpenAI whose routes still take a deployment URL and an
api-version (Cloudflare AI Gateway's ``/azure-openai/{resource}/{deployment}`` route): a client
or URL aimed at one is not an Azure OpenAI endpoint to move to ``/openai/v1/``."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Context

#: hosts of gateways whose Azure OpenAI route is deployment-based and needs ``api-version``
HOSTS = ("gateway.ai.cloudflare.com",)
_ENDPOINT_KEYWORDS = ("base_url", "azure_endpoint", "endpoint", "api_base")


def mentions_gateway(node: ast.AST | None, ctx: "Context", depth: int = 0) -> bool:
    """``node``'s text, a string it resolves to, or the value assigned to the name it is, names a
    gateway host."""
    if node is None or depth > 3:
        return False
    if any(host in ctx.segment(node) for host in HOSTS):
        return True
    if any(v.kind == "str" and any(h in v.name for h in HOSTS) for v in ctx.infer(node)):
        return True
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    if not names:
        return False
    for stmt in ast.walk(ctx.sem.tree):  # `base = f"https://gateway.ai.cloudflare.com/..."`
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names for t in stmt.targets):
            if mentions_gateway(stmt.value, ctx, depth + 1):
                return True
    return False


def gateway_client(call: ast.Call, ctx: "Context") -> bool:
    """A client construction whose endpoint is a gateway route."""
    return any(kw.arg in _ENDPOINT_KEYWORDS and mentions_gateway(kw.value, ctx) for kw in call.keywords)
