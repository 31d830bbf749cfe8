"""Rules of the `auth` category: credentials that must change when a client moves to the
OpenAI v1 SDK (``api_key=`` takes a key string or a token-provider callable)."""

from __future__ import annotations

import ast

from .. import known
from ..analysis.module_client import is_none
from ..render import clients as render_clients
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..render.clients import ENV_API_KEY
from .unsupported_feature.common import credential_of
from .unsupported_feature.image_rest import image_embeddings_function
from .unsupported_feature.no_equivalent import IMAGE_EMBEDDINGS_CLIENTS, load_client_snippet
from .references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE

_KEYLESS = "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/managed-identity"


def _inference_credential(node: ast.Call, ctx: Context):
    """``(target, credential node)`` for an Inference chat/embeddings client construction or a
    ``load_client`` call (``ImageEmbeddingsClient`` has no OpenAI client to take the key)."""
    target = render_clients.find_credential_client(node, ctx)
    if target is None or target.family != "inference" or target.via == "factory":
        return None, None
    bound, _, _ = render_clients.bind_arguments(node, ("endpoint", "credential"))
    return target, bound.get("credential")


def _image_embeddings_credential(node: ast.Call, ctx: Context) -> tuple[bool, ast.AST | None]:
    """``(is_async, credential node)`` for an ``ImageEmbeddingsClient`` construction: it has no
    OpenAI client, so its credential moves into the headers of the REST call replacing it."""
    quals = ctx.qualnames(node.func)
    for qual, is_async in IMAGE_EMBEDDINGS_CLIENTS.items():
        if qual in quals:
            return is_async, credential_of(node)
    return False, None


def _report_image_embeddings(rule: Rule, node: ast.Call, ctx: Context, wanted: str, **fields) -> bool:
    """Report the credential of an ``ImageEmbeddingsClient`` of the ``wanted`` kind; whether it
    was one."""
    if not isinstance(node, ast.Call):
        return False
    is_async, cred = _image_embeddings_credential(node, ctx)
    if cred is None or render_clients.credential_kind(cred, ctx)[0] != wanted:
        return False
    ctx.report(rule, cred, snippet=image_embeddings_function(node, ctx, is_async),
               cred=render_clients.shorten(ctx.segment(cred), 40), **fields)
    return True


_IMAGE_TARGET = "the REST call that replaces `ImageEmbeddingsClient`"


def _client_snippet(target, ctx: Context) -> str:
    if target.via == "load_client":  # the snippet AOM604 shows for the call
        return load_client_snippet(target.call, ctx, target.is_async)[0]
    return render_clients.migrate(target, ctx).snippet(ctx, ctx.source.indent(target.call.lineno))


@register
class AzureKeyCredentialToApiKey(Rule):
    code = "AOM201"
    symbol = "auth-azure-key-credential"
    category = Category.AUTH
    message = "`AzureKeyCredential` is not accepted by {target}; pass the key itself as {as_}"
    summary = (
        "Flags an `AzureKeyCredential` (inline, or a variable bound to one) given to an Azure AI "
        "Inference chat or embeddings client (or `load_client`), and shows the OpenAI client with "
        "`api_key=<the key expression>`."
    )
    why = (
        "OpenAI clients take the key as a string (`api_key=`) and send it as "
        "`Authorization: Bearer <key>`, which Azure's `/openai/v1/` endpoint accepts. "
        "`AzureKeyCredential.update()` (key rotation) has no equivalent: assign `client.api_key`, use "
        "`client.with_options(api_key=...)`, or pass a callable `api_key` (openai>=1.106.0). "
        "Inference also sent an `api-key` header; a gateway keyed on it needs "
        '`default_headers={"api-key": key}`.'
    )
    example = (
        "import os\n"
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        "client = ChatCompletionsClient(\n"
        '    endpoint="https://my-res.services.ai.azure.com/models",\n'
        '    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),\n'
        ")\n"
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.services.ai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],\n'
        ")\n"
    )
    references = (MIGRATION_GUIDE,)
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = ChatCompletionsClient(ep, AzureKeyCredential(key))\n",
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "cred = AzureKeyCredential(os.environ['K'])\n"
        "c = EmbeddingsClient(endpoint=ep, credential=cred)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "def make(ep: str, cred: AzureKeyCredential):\n    return ChatCompletionsClient(ep, cred)\n",
        "from azure.ai.inference import load_client\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "client = load_client(endpoint=ep, credential=AzureKeyCredential(key))\n",
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = ImageEmbeddingsClient(ep, AzureKeyCredential(key))\n",
    )
    valid = (
        "from azure.search.documents import SearchClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = SearchClient(ep, 'idx', AzureKeyCredential(key))\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        "c = ChatCompletionsClient(ep, DefaultAzureCredential())\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if _report_image_embeddings(self, node, ctx, "key", target=_IMAGE_TARGET, as_="the `api-key` header"):
            return
        target, cred = _inference_credential(node, ctx)
        if cred is None:
            return
        kind, _ = render_clients.credential_kind(cred, ctx)
        if kind == "key":
            ctx.report(self, cred, snippet=_client_snippet(target, ctx), target="OpenAI clients", as_="`api_key=`")


@register
class TokenCredentialToProvider(Rule):
    code = "AOM202"
    symbol = "auth-token-credential"
    category = Category.AUTH
    message = "Token credential `{cred}`: {target} take{s} {how}{notes}"
    summary = (
        "Flags a token credential (any `azure.identity` / `azure.identity.aio` credential, a "
        "`TokenCredential`-annotated parameter, or any credential passed with `credential_scopes=`) "
        "given to an Azure AI Inference client, and shows the OpenAI client with a bearer-token "
        "provider as `api_key=`."
    )
    why = (
        "OpenAI clients have no credential object: `api_key=` accepts a callable that returns a "
        "token on every request (openai>=1.106.0), which `get_bearer_token_provider(credential, "
        "scope)` builds. The scope is the client's `credential_scopes[0]` when it is an Azure OpenAI "
        "scope, else the configured `entra-scope` (default "
        "`https://cognitiveservices.azure.com/.default`): the Inference default scope "
        "`https://ml.azure.com/.default` is wrong for Azure OpenAI. `AsyncOpenAI` awaits the callable, "
        "so async clients need `azure.identity.aio.get_bearer_token_provider` with an "
        "`azure.identity.aio` credential; a sync credential built elsewhere (shared with sync code) "
        "keeps the sync provider, run in a worker thread "
        "(`functools.partial(asyncio.to_thread, get_bearer_token_provider(credential, scope))`). "
        "Token-acquisition failures still raise "
        "`azure.core.exceptions.ClientAuthenticationError`."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n\n"
        "client = ChatCompletionsClient(\n"
        '    endpoint="https://my-res.services.ai.azure.com/models",\n'
        "    credential=DefaultAzureCredential(),\n"
        '    credential_scopes=["https://cognitiveservices.azure.com/.default"],\n'
        ")\n"
    )
    use_instead = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import OpenAI\n\n"
        "token_provider = get_bearer_token_provider(\n"
        '    DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"\n'
        ")\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.services.ai.azure.com/openai/v1/",\n'
        "    api_key=token_provider,\n"
        ")\n"
    )
    references = (MIGRATION_GUIDE, _KEYLESS)
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        "c = ChatCompletionsClient(ep, DefaultAzureCredential())\n",
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "from azure.identity.aio import ManagedIdentityCredential\n"
        "cred = ManagedIdentityCredential(client_id=cid)\n"
        "c = ChatCompletionsClient(endpoint=ep, credential=cred)\n",
        "from azure.ai.inference import EmbeddingsClient\n"
        "def f(cred):\n"
        "    return EmbeddingsClient(ep, cred, credential_scopes=['https://cognitiveservices.azure.com/.default'])\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import TokenCredential\n"
        "def f(cred: TokenCredential):\n    return ChatCompletionsClient(ep, cred)\n",
        "from azure.ai.inference.aio import ImageEmbeddingsClient\n"
        "from azure.identity.aio import DefaultAzureCredential\n"
        "c = ImageEmbeddingsClient(ep, DefaultAzureCredential(), credential_scopes=[s])\n",
    )
    valid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = ChatCompletionsClient(ep, AzureKeyCredential(k))\n",
        "from azure.storage.blob import BlobServiceClient\n"
        "from azure.identity import DefaultAzureCredential\n"
        "c = BlobServiceClient(url, credential=DefaultAzureCredential())\n",
        "from azure.ai.inference import ChatCompletionsClient\ndef f(cred):\n    return ChatCompletionsClient(ep, cred)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if _report_image_embeddings(self, node, ctx, "token", target=_IMAGE_TARGET, s="s",
                                    how="`Authorization: Bearer <credential.get_token(scope).token>`", notes=""):
            return
        target, cred = _inference_credential(node, ctx)
        if cred is None:
            return
        kind, _ = render_clients.credential_kind(cred, ctx)
        scopes = next((kw.value for kw in node.keywords if kw.arg == "credential_scopes"), None)
        if kind not in ("token", "either") and not (kind == "unknown" and scopes is not None):
            return
        key = render_clients.api_key_for_credential(cred, ctx, is_async=target.is_async, scopes=scopes)
        notes = [key.note] if key.note else []
        provider = render_clients.ASYNC_PROVIDER if target.is_async else render_clients.SYNC_PROVIDER
        how = f"`api_key={provider}(credential, scope)`"
        if target.is_async and key.kind == "token" and "asyncio.to_thread" in key.text:
            how = (
                f"`api_key=functools.partial(asyncio.to_thread, {render_clients.SYNC_PROVIDER}(credential, scope))` "
                "for a sync credential built elsewhere (AsyncOpenAI awaits what api_key returns: the sync "
                "provider runs in a worker thread)"
            )
        ctx.report(
            self,
            cred,
            snippet=_client_snippet(target, ctx),
            cred=render_clients.shorten(ctx.segment(cred), 40),
            target="OpenAI clients",
            s="",
            how=how,
            notes="".join(f"; {n}" for n in notes),
        )


def _is_async_openai(call: ast.Call, ctx: Context) -> bool:
    return known.ASYNC_OPENAI in ctx.qualnames(call.func)


@register
class SyncProviderInAsyncOpenAI(Rule):
    code = "AOM203"
    symbol = "auth-sync-token-provider-async-client"
    category = Category.AUTH
    severity = "error"
    message = (
        "`{provider}` is the sync azure.identity token provider: `AsyncOpenAI` awaits `api_key()` and "
        "fails with TypeError on every request; use azure.identity.aio.get_bearer_token_provider{notes}"
    )
    summary = (
        "Flags `AsyncOpenAI(api_key=<sync azure.identity.get_bearer_token_provider(...)>)`: the "
        "client is broken today."
    )
    why = (
        "`AsyncOpenAI` awaits the callable `api_key` on every request. The sync provider returns a "
        "`str`, so each request fails with `TypeError: object str can't be used in 'await' "
        "expression`. Use `azure.identity.aio.get_bearer_token_provider` with an `azure.identity.aio` "
        "credential (and close that credential when done)."
    )
    example = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n\n"
        "client = AsyncOpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        '    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),\n'
        ")\n"
    )
    use_instead = (
        "from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n\n"
        "client = AsyncOpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        '    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),\n'
        ")\n"
    )
    references = (_KEYLESS, "https://github.com/openai/openai-python/blob/main/CHANGELOG.md")
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: the program fails with TypeError on every request as it is; the fix passes "
        "`azure.identity.aio.get_bearer_token_provider` with the same credential and scope when the "
        "credential is async or an inline sync one (which becomes its `azure.identity.aio` twin) and "
        "adds `import azure.identity.aio`. A sync credential or provider built elsewhere (perhaps "
        "shared with sync code) keeps its sync provider, run in a worker thread: "
        "`api_key=lambda: asyncio.to_thread(provider)`, or `functools.partial(asyncio.to_thread, "
        "get_bearer_token_provider(credential, scope))` for a provider built in the call."
    )
    invalid = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n"
        "tp = get_bearer_token_provider(DefaultAzureCredential(), SCOPE)\n"
        "c = AsyncOpenAI(base_url=u, api_key=tp)\n",
        "import azure.identity, openai\n"
        "c = openai.AsyncOpenAI(base_url=u, api_key=azure.identity.get_bearer_token_provider(cred, SCOPE))\n",
    )
    valid = (
        "from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncOpenAI\n"
        "c = AsyncOpenAI(base_url=u, api_key=get_bearer_token_provider(DefaultAzureCredential(), SCOPE))\n",
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import OpenAI\n"
        "c = OpenAI(base_url=u, api_key=get_bearer_token_provider(DefaultAzureCredential(), SCOPE))\n",
        "from mylib import get_bearer_token_provider\nfrom openai import AsyncOpenAI\n"
        "c = AsyncOpenAI(base_url=u, api_key=get_bearer_token_provider(cred, SCOPE))\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not node.keywords or not _is_async_openai(node, ctx):
            return
        for kw in node.keywords:
            if kw.arg == "api_key" and render_clients.is_sync_provider(kw.value, ctx) is not None:
                text, rewritten = render_clients.async_provider_text(kw.value, ctx)
                indent = ctx.source.indent(node.lineno)
                snippet = render_clients.with_keywords(node, ctx, {"api_key": text}, indent)
                ctx.report(self, kw, snippet=snippet, replace=node, provider=_short_provider(kw, ctx),
                           notes=_threaded_note(rewritten))


def _short_provider(kw: ast.keyword, ctx: Context) -> str:
    return render_clients.shorten(ctx.segment(kw.value), 40)


def _threaded_note(rewritten: bool) -> str:
    """What the fix does with a sync provider it cannot rebuild with azure.identity.aio."""
    if rewritten:
        return ""
    return (
        "; or, as here, its credential is sync and built elsewhere (perhaps shared with sync code): "
        "the sync provider runs in a worker thread (`asyncio.to_thread`)"
    )


@register
class SyncProviderInAsyncAzureOpenAI(Rule):
    code = "AOM204"
    symbol = "auth-sync-token-provider-async-azure-client"
    category = Category.AUTH
    message = (
        "`AsyncAzureOpenAI` accepts the sync azure.identity token provider `{provider}` but `AsyncOpenAI` "
        "does not: use azure.identity.aio.get_bearer_token_provider when migrating{notes}"
    )
    summary = (
        "Flags `AsyncAzureOpenAI(azure_ad_token_provider=<sync azure.identity provider>)`: it works "
        "today, but the same provider breaks once the client becomes `AsyncOpenAI(api_key=...)`."
    )
    why = (
        "`AsyncAzureOpenAI` accepts a provider returning `str` or an awaitable. `AsyncOpenAI` always "
        "awaits `api_key()`, so the sync provider fails with `TypeError` at request time after the "
        "migration (see AOM203). The async provider also stops blocking the event loop while a token "
        "is fetched."
    )
    example = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncAzureOpenAI\n\n"
        "client = AsyncAzureOpenAI(\n"
        '    azure_endpoint="https://my-res.openai.azure.com",\n'
        '    azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),\n'
        '    api_version="2024-10-21",\n'
        ")\n"
    )
    use_instead = (
        "import azure.identity.aio\n"
        "from openai import AsyncOpenAI\n\n"
        "client = AsyncOpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        "    api_key=azure.identity.aio.get_bearer_token_provider(\n"
        '        azure.identity.aio.DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"\n'
        "    ),\n"
        ")\n"
    )
    references = (_KEYLESS,)
    invalid = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncAzureOpenAI\n"
        "tp = get_bearer_token_provider(DefaultAzureCredential(), SCOPE)\n"
        "c = AsyncAzureOpenAI(azure_endpoint=e, azure_ad_token_provider=tp, api_version=v)\n",
    )
    valid = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AzureOpenAI\n"
        "c = AzureOpenAI(azure_endpoint=e, azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), S))\n",
        "from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AsyncAzureOpenAI\n"
        "c = AsyncAzureOpenAI(azure_endpoint=e, azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), S))\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not node.keywords:
            return
        target = render_clients.find_client(node, ctx)
        if target is None or target.family != "azure-openai" or not target.is_async:
            return
        for kw in node.keywords:
            if kw.arg == "azure_ad_token_provider" and render_clients.is_sync_provider(kw.value, ctx) is not None:
                ctx.report(self, kw, snippet=_client_snippet(target, ctx), provider=_short_provider(kw, ctx),
                           notes=_threaded_note(render_clients.async_provider_text(kw.value, ctx)[1]))


@register
class AzureAdTokenProvider(Rule):
    code = "AOM205"
    fixable = True
    symbol = "auth-azure-ad-token-provider"
    category = Category.AUTH
    message = (
        "`azure_ad_token_provider=` exists only on AzureOpenAI clients; pass the provider as "
        "`api_key=` of `{target}` (openai>=1.106.0)"
    )
    summary = (
        "Flags `azure_ad_token_provider=` on `AzureOpenAI` / `AsyncAzureOpenAI` and shows the "
        "OpenAI client taking the provider as `api_key=`."
    )
    why = (
        "On Azure's `/openai/v1/` endpoint the Entra token goes in `Authorization: Bearer`, which "
        "`OpenAI(api_key=<callable>)` sends, calling the provider on every request. A callable "
        "`api_key` needs openai>=1.106.0 (Microsoft samples pin openai>=1.108.1). Async clients need "
        "the `azure.identity.aio` provider (see AOM204)."
    )
    example = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import AzureOpenAI\n\n"
        'token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\n'
        "client = AzureOpenAI(\n"
        '    azure_endpoint="https://my-res.openai.azure.com",\n'
        "    azure_ad_token_provider=token_provider,\n"
        '    api_version="2024-10-21",\n'
        ")\n"
    )
    use_instead = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import OpenAI\n\n"
        'token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\n'
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key=token_provider)\n'
    )
    references = (_KEYLESS, API_VERSION_LIFECYCLE)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "On a client construction the client's own fix (AOM301) carries the change. On "
        "`with_options()`/`copy()` of a client the edit passes the same provider as `api_key=` and "
        "drops the Azure-only options: safe."
    )
    invalid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, azure_ad_token_provider=tp, api_version=v)\n",
        "import openai\nc = openai.AsyncAzureOpenAI(azure_ad_token_provider=tp)\n",
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=v)\n"
        "c2 = c.with_options(azure_ad_token_provider=tp, timeout=5)\n",
    )
    valid = (
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key=tp)\n",
        "from langchain_openai import AzureChatOpenAI\nc = AzureChatOpenAI(azure_ad_token_provider=tp)\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\nc = AzureOpenAI(azure_ad_token_provider=tp)\n",
        # `None` passes no provider (the key beside it is the auth)
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=k, azure_ad_token_provider=None)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_auth_keyword(self, node, ctx, "azure_ad_token_provider")


def _report_auth_keyword(rule: Rule, node: ast.Call, ctx: Context, name: str) -> None:
    kw = next((k for k in node.keywords if k.arg == name), None)
    if kw is None or is_none(kw.value):  # `azure_ad_token_provider=None` passes no auth
        return
    target = render_clients.find_client(node, ctx)
    if target is not None and target.family == "azure-openai" and target.via != "factory":
        ctx.report(rule, kw, snippet=_client_snippet(target, ctx), target=target.openai_class)
        return
    if target is None:
        is_async = render_clients.azure_options_owner(node, ctx)
        if is_async is not None:
            snippet, manual = render_clients.with_options_call(node, ctx, is_async, ctx.source.indent(node.lineno))
            ctx.report(rule, kw, snippet=snippet, replace=node, target="AsyncOpenAI" if is_async else "OpenAI",
                       applicability=Applicability.DISPLAY_ONLY if manual else None)


@register
class AzureAdToken(Rule):
    code = "AOM206"
    symbol = "auth-azure-ad-token"
    category = Category.AUTH
    message = (
        "`azure_ad_token=` exists only on AzureOpenAI clients; pass the token as `api_key=` of `{target}`, "
        "but a static Entra token expires (about an hour): prefer a token provider"
    )
    summary = "Flags `azure_ad_token=` (a static Entra ID token) on `AzureOpenAI` / `AsyncAzureOpenAI`."
    why = (
        "OpenAI clients send `api_key` as `Authorization: Bearer`, so a token string works as "
        "`api_key=`, but it is never refreshed: requests fail with 401 once it expires. Pass "
        "`api_key=get_bearer_token_provider(credential, \"https://cognitiveservices.azure.com/.default\")` "
        "instead, which fetches and caches tokens."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        'client = AzureOpenAI(azure_endpoint="https://my-res.openai.azure.com", azure_ad_token=token, api_version="2024-10-21")\n'
    )
    use_instead = (
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.openai.azure.com/openai/v1/",\n'
        '    api_key=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),\n'
        ")\n"
    )
    references = (_KEYLESS,)
    invalid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, azure_ad_token=tok, api_version=v)\n",
        "from openai.lib.azure import AsyncAzureOpenAI\nc = AsyncAzureOpenAI(azure_ad_token=tok)\n",
    )
    valid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=v)\n",
        "from langchain_openai import AzureChatOpenAI\nc = AzureChatOpenAI(azure_ad_token=tok)\n",
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key=k, azure_ad_token=None)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_auth_keyword(self, node, ctx, "azure_ad_token")


@register
class LiteralSecret(Rule):
    code = "AOM207"
    fixable = True
    fix_applicability = Applicability.UNSAFE
    symbol = "auth-literal-secret"
    category = Category.AUTH
    message = "A literal secret is passed {where}; read it from the environment (AZURE_OPENAI_API_KEY in the snippet) instead of committing it"
    summary = (
        "Flags a key written in the source where a client key goes: `AzureKeyCredential(\"...\")` "
        "given to an Inference client, `api_key=\"...\"` on `OpenAI`/`AzureOpenAI` clients, and "
        "`openai.api_key = \"...\"`. The secret is never repeated in the message or the snippet."
    )
    why = (
        "A committed key leaks with the repository and cannot be rotated without a code change. "
        "The migrated code reads it from `os.environ[\"AZURE_OPENAI_API_KEY\"]`, or better, uses "
        "Entra ID (`api_key=get_bearer_token_provider(...)`). Placeholders (`\"<your-key>\"`, "
        "`\"YOUR_API_KEY\"`, `\"dummy\"`, `\"test-key\"`, short strings) are not reported."
    )
    example = (
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key="3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c")\n'
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://my-res.openai.azure.com/openai/v1/", api_key=os.environ["AZURE_OPENAI_API_KEY"])\n'
    )
    references = ("https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",)
    fixable = True
    fix_safety = (
        "Unsafe: the key is then read from `AZURE_OPENAI_API_KEY`, which must be set where the "
        "program runs (the fix adds `import os`). A literal passed to a migrated client is "
        "handled by that client's fix."
    )
    invalid = (
        "from openai import AzureOpenAI\n"
        "c = AzureOpenAI(azure_endpoint=e, api_key='3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c', api_version=v)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n"
        "c = ChatCompletionsClient(ep, AzureKeyCredential('3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'))\n",
        "import openai\nopenai.api_key = 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34'\n",
        "from openai import AsyncOpenAI\nKEY = '3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'\nc = AsyncOpenAI(base_url=u, api_key=KEY)\n",
    )
    valid = (
        "from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_key='<your-api-key>', api_version=v)\n",
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key='YOUR_API_KEY')\n",
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key='dummy')\n",
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key='test-key-1234567890abcdef')\n",
        "import openai\nopenai.api_key = os.environ['OPENAI_API_KEY']\n",
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key='')\n",
        "from azure.core.credentials import AzureKeyCredential\n"
        "from azure.search.documents import SearchClient\n"
        "c = SearchClient(ep, 'i', AzureKeyCredential('3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'))\n",
        "import stripe\nstripe.api_key = 'sk_live_51Hx9aBcDeFgHiJkLmNoPq'\n",
        # a made-up value in a test fixture (openai's own examples do this)
        "from openai import OpenAI\nc = OpenAI(base_url=u, api_key='synthetic-local-reader')\n",
    )
    node_types = (ast.Call, ast.Assign)
    needs_azure = False  # plain openai code

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Assign):
            self._module_key(node, ctx)
            return
        key = next((kw for kw in node.keywords if kw.arg == "api_key"), None)
        if key is None and not ctx.azure:
            return  # only an Inference client's credential is left, and the module sees no Azure
        target = render_clients.find_credential_client(node, ctx)
        if target is not None and target.family == "inference":
            self._inference(node, target, ctx)
            return
        if key is None or not render_clients.secret_value(key.value, ctx):
            return
        if target is not None and target.via != "factory":
            ctx.report(self, key.value, snippet=_client_snippet(target, ctx), where="as `api_key=`")
            return
        quals = ctx.qualnames(node.func)
        if quals & {known.OPENAI, known.ASYNC_OPENAI}:
            indent = ctx.source.indent(node.lineno)
            snippet = render_clients.with_keywords(node, ctx, {"api_key": ENV_API_KEY}, indent)
            ctx.report(self, key.value, snippet=snippet, replace=node, where="as `api_key=`")

    def _inference(self, node: ast.Call, target, ctx: Context) -> None:
        if target.via == "factory":
            return
        bound, _, _ = render_clients.bind_arguments(node, ("endpoint", "credential"))
        cred = bound.get("credential")
        if cred is None:
            return
        kind, ctor = render_clients.credential_kind(cred, ctx)
        if kind != "key" or not isinstance(ctor, ast.Call):
            return
        key = render_clients.key_argument(ctor)
        if key is not None and render_clients.secret_value(key, ctx):
            ctx.report(self, key, snippet=_client_snippet(target, ctx), where="to `AzureKeyCredential`")

    def _module_key(self, node: ast.Assign, ctx: Context) -> None:
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "api_key"
                and "openai" in ctx.qualnames(target.value)
                and render_clients.secret_value(node.value, ctx)
            ):
                snippet = f"{ctx.segment(target)} = {ENV_API_KEY}"
                replace = node if len(node.targets) == 1 else None
                ctx.report(self, node.value, snippet=snippet, replace=replace, where="to `openai.api_key`")
