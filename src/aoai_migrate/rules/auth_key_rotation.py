"""Rule of the `auth` category for key rotation: ``AzureKeyCredential.update(new_key)`` on the
credential of an Azure AI Inference client. After migration the key is the OpenAI client's
``api_key`` attribute (api-map §2.4)."""

from __future__ import annotations

import ast

from .. import known
from ..engine import Context
from ..locate import scope_containing
from ..model import Category
from ..registry import Rule, register
from ..render import clients as render_clients
from ..semantics import Value, parent_of
from .references import MIGRATION_GUIDE

_STATE = "AOM208"


def _client_name(call: ast.Call, ctx: Context) -> str | None:
    """The expression a client construction is stored in (``client``, ``self.chat``,
    ``CLIENTS["chat"]``), when it is assigned."""
    parent = parent_of(call)
    if isinstance(parent, ast.Await):
        call, parent = parent, parent_of(parent)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is call:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute, ast.Subscript)):
            return ctx.segment(targets[0])
    if isinstance(parent, ast.withitem) and parent.context_expr is call and parent.optional_vars is not None:
        return ctx.segment(parent.optional_vars)
    return None


def _credentials_of_clients(ctx: Context) -> list[tuple[frozenset[Value], str | None]]:
    """For each Inference client construction of the module: the ``AzureKeyCredential``
    instances its credential may be, and the name the client is stored in (computed once)."""
    cached = ctx.state.get(_STATE)
    if cached is not None:
        return cached
    found: list[tuple[frozenset[Value], str | None]] = []
    memo: dict = {}
    saved = ctx.scope
    try:
        for node in ast.walk(ctx.sem.tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
                continue
            target = render_clients.find_credential_client(node, ctx)
            if target is None or target.family != "inference" or target.via == "factory":
                continue
            bound, _, _ = render_clients.bind_arguments(node, ("endpoint", "credential"))
            credential = bound.get("credential")
            if credential is None:
                continue
            ctx.scope = scope_containing(ctx.sem, node, memo)
            keys = frozenset(v for v in ctx.infer(credential) if v.kind == "instance" and v.name == known.AZURE_KEY_CREDENTIAL)
            if keys:
                found.append((keys, _client_name(node, ctx)))
    finally:
        ctx.scope = saved
    ctx.state[_STATE] = found
    return found


@register
class AzureKeyCredentialUpdate(Rule):
    code = "AOM208"
    symbol = "azure-key-credential-update"
    category = Category.AUTH
    message = (
        "`{call}` rotates the key of an Azure AI Inference client; an OpenAI client holds its key "
        "as `api_key`: assign the new key there"
    )
    summary = (
        "Flags `AzureKeyCredential.update(new_key)` on a credential passed to an Azure AI "
        "Inference client of this module (key rotation without rebuilding the client)."
    )
    why = (
        "azure-core clients read the key from the credential object on every request, so "
        "updating the credential rotated the key. An OpenAI client takes the key string itself "
        "(`api_key=`) and keeps no credential object: after migration `credential.update(...)` "
        "changes nothing the client sends. The client's `api_key` attribute is read on every "
        "request, so assigning the new key there rotates it (or pass a callable `api_key` that "
        "returns the current key)."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        "credential = AzureKeyCredential(old_key)\n"
        "client = ChatCompletionsClient(endpoint=endpoint, credential=credential)\n"
        "credential.update(new_key)\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=old_key)\n"
        "client.api_key = new_key\n"
    )
    known_problems = (
        "Only credentials passed to an Inference client built in this module are followed; a "
        "client that is not assigned to a name has no `api_key` to show and is not reported."
    )
    references = (MIGRATION_GUIDE, "https://github.com/openai/openai-python#usage")
    invalid = (
        example,
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "class Service:\n"
        "    def __init__(self, endpoint, key):\n"
        "        self.credential = AzureKeyCredential(key)\n"
        "        self.embeddings = EmbeddingsClient(endpoint, self.credential)\n"
        "    def rotate(self, key):\n"
        "        self.credential.update(key)\n",
    )
    valid = (
        # a credential of another Azure SDK
        "from azure.search.documents import SearchClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "credential = AzureKeyCredential(key)\n"
        "search = SearchClient(endpoint, 'index', credential)\n"
        "credential.update(new_key)\n",
        # dict.update / another object's update
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = ChatCompletionsClient(endpoint, AzureKeyCredential(key))\n"
        "settings = {}\n"
        "settings.update(key=new_key)\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"update"})

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr != "update" or len(node.args) != 1 or node.keywords:
            return
        keys = {v for v in ctx.instances(func.value) if v.name == known.AZURE_KEY_CREDENTIAL}
        if not keys:
            return
        names = [name for used, name in _credentials_of_clients(ctx) if used & keys]
        if not names or any(name is None for name in names):
            return
        new_key = ctx.segment(node.args[0])
        snippet = "".join(f"{name}.api_key = {new_key}\n" for name in dict.fromkeys(names))
        ctx.report(self, node, snippet=snippet, call=render_clients.shorten(ctx.segment(node), 48))
