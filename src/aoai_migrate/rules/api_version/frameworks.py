"""api-version hard-coded on framework wrappers of Azure OpenAI: LangChain, LlamaIndex, Semantic
Kernel and AutoGen (AOM407). Parameter names were checked against langchain-openai 1.7.4,
llama-index-llms-azure-openai 0.6.1, llama-index-embeddings-azure-openai 0.6.1,
llama-index-llms-azure-inference 0.8.0, llama-index-llms-openai-like, llama-index-embeddings-
openai-like 0.4.0, semantic-kernel 1.45.0 and autogen-ext 0.7.5."""

from __future__ import annotations

import ast
from typing import Callable, NamedTuple

from ...render import clients as render_clients
from ...render import snippets
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from .common import hard_coded, keyword, render_call, short
from ..references import API_VERSION_LIFECYCLE

MODEL_PLACEHOLDER = '"<deployment-name>"'


class Wrapper(NamedTuple):
    family: str
    kind: str


def _names(modules: tuple[str, ...], name: str, wrapper: Wrapper) -> dict[str, Wrapper]:
    return {f"{module}.{name}": wrapper for module in modules}


WRAPPERS: dict[str, Wrapper] = {
    **_names(("langchain_openai", "langchain_openai.chat_models", "langchain_openai.chat_models.azure",
              "langchain_community.chat_models", "langchain_community.chat_models.azure_openai",
              "langchain.chat_models", "langchain.chat_models.azure_openai"),
             "AzureChatOpenAI", Wrapper("langchain", "chat")),
    **_names(("langchain_openai", "langchain_openai.embeddings", "langchain_openai.embeddings.azure",
              "langchain_community.embeddings", "langchain_community.embeddings.azure_openai",
              "langchain.embeddings", "langchain.embeddings.azure_openai"),
             "AzureOpenAIEmbeddings", Wrapper("langchain", "embeddings")),
    **_names(("langchain_openai", "langchain_openai.llms", "langchain_openai.llms.azure",
              "langchain_community.llms", "langchain_community.llms.openai", "langchain.llms",
              "langchain.llms.openai"),
             "AzureOpenAI", Wrapper("langchain", "llm")),
    **_names(("llama_index.llms.azure_openai", "llama_index.llms.azure_openai.base", "llama_index.llms"),
             "AzureOpenAI", Wrapper("llama", "chat")),
    **_names(("llama_index.embeddings.azure_openai", "llama_index.embeddings.azure_openai.base",
              "llama_index.embeddings"),
             "AzureOpenAIEmbedding", Wrapper("llama", "embeddings")),
    **_names(("llama_index.llms.azure_inference", "llama_index.llms.azure_inference.base"),
             "AzureAICompletionsModel", Wrapper("llama", "inference")),
    **_names(("semantic_kernel.connectors.ai.open_ai",
              "semantic_kernel.connectors.ai.open_ai.services.azure_chat_completion"),
             "AzureChatCompletion", Wrapper("sk", "chat")),
    **_names(("semantic_kernel.connectors.ai.open_ai",
              "semantic_kernel.connectors.ai.open_ai.services.azure_text_embedding"),
             "AzureTextEmbedding", Wrapper("sk", "embeddings")),
    **_names(("autogen_ext.models.openai", "autogen_ext.models.openai._openai_client"),
             "AzureOpenAIChatCompletionClient", Wrapper("autogen", "chat")),
}
VERSION_KEYWORDS = ("api_version", "openai_api_version")


class Migrated(NamedTuple):
    """The v1 form of a wrapper construction: ``snippet`` and the class the advice names (``None``
    when the snippet only drops the version)."""

    snippet: str
    cls: str | None


def _bound(call: ast.Call) -> dict[str, ast.AST]:
    return {kw.arg: kw.value for kw in call.keywords if kw.arg}


def _splats(call: ast.Call, ctx: Context) -> list[tuple[str, str]]:
    return [("**", ctx.segment(kw.value)) for kw in call.keywords if kw.arg is None]


def _first(bound: dict[str, ast.AST], names: tuple[str, ...], ctx: Context) -> str | None:
    for name in names:
        if name in bound:
            return ctx.segment(bound[name])
    return None


def _auth(bound: dict[str, ast.AST], names: dict[str, tuple[str, ...]], ctx: Context) -> str:
    """``api_key=`` from the framework's auth keywords (``AzureOpenAI``'s under other names):
    every path the user set is kept (``provider or key``: a token wins, as in AzureOpenAI), else the key from the environment."""
    auth = {}
    for canonical, aliases in names.items():
        found = next((bound[a] for a in aliases if a in bound), None)
        if found is not None:
            auth[canonical] = found
    return render_clients.azure_auth(auth, ctx, False).text if auth else render_clients.ENV_API_KEY


def _kept(bound: dict[str, ast.AST], keep: frozenset[str] | None, drop: frozenset[str], ctx: Context) -> list[tuple[str, str]]:
    return [
        (name, ctx.segment(value))
        for name, value in bound.items()
        if name not in drop and (keep is None or name in keep)
    ]


def _with_import(module: str, cls: str, call: str) -> str:
    os_import = "import os\n\n" if "os.environ" in call else ""
    return f"{os_import}from {module} import {cls}\n\n{call}\n"


# -- LangChain -------------------------------------------------------------------------------------

_LANGCHAIN_AZURE = frozenset(
    {"azure_endpoint", "azure_deployment", "deployment_name", "deployment", "api_version", "openai_api_version",
     "openai_api_type", "azure_ad_token", "azure_ad_token_provider", "azure_ad_async_token_provider",
     "model_version", "validate_base_url", "openai_api_key", "api_key", "model", "model_name",
     "openai_api_base", "base_url"}
)
_LANGCHAIN_CLASSES = {"chat": "ChatOpenAI", "embeddings": "OpenAIEmbeddings", "llm": "OpenAI"}


def _langchain(call: ast.Call, kind: str, ctx: Context) -> Migrated | None:
    bound = _bound(call)
    if "openai_api_base" in bound or "base_url" in bound:
        base = render_clients.base_url_for(bound.get("openai_api_base") or bound.get("base_url"), ctx, "base_url")
    else:
        base = render_clients.base_url_for(bound.get("azure_endpoint"), ctx, "azure")
    key = _auth(bound, {"api_key": ("api_key", "openai_api_key"), "azure_ad_token": ("azure_ad_token",),
                        "azure_ad_token_provider": ("azure_ad_token_provider", "azure_ad_async_token_provider")}, ctx)
    model = (
        _first(bound, ("azure_deployment", "deployment_name", "deployment"), ctx)
        or base.deployment
        or _first(bound, ("model", "model_name"), ctx)
        or MODEL_PLACEHOLDER
    )
    cls = _LANGCHAIN_CLASSES[kind]
    args = [("model", model), ("base_url", base.text), ("api_key", key)]
    args += _kept(bound, None, _LANGCHAIN_AZURE, ctx) + _splats(call, ctx)
    return Migrated(_with_import("langchain_openai", cls, snippets.call(cls, args)), cls)


# -- LlamaIndex ------------------------------------------------------------------------------------

_LLAMA_LLM_KEPT = frozenset(
    {"temperature", "max_tokens", "additional_kwargs", "max_retries", "timeout", "reuse_client",
     "callback_manager", "default_headers", "http_client", "async_http_client", "system_prompt", "logprobs",
     "top_logprobs", "strict", "context_window", "is_function_calling_model", "messages_to_prompt",
     "completion_to_prompt", "pydantic_program_mode", "output_parser"}
)
_LLAMA_EMBED_KEPT = frozenset(
    {"embed_batch_size", "dimensions", "additional_kwargs", "max_retries", "timeout", "reuse_client",
     "callback_manager", "default_headers", "http_client", "async_http_client", "num_workers"}
)


def _llama(call: ast.Call, kind: str, ctx: Context) -> Migrated | None:
    bound = _bound(call)
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    if kind == "inference":
        positional = dict(zip(("endpoint", "credential"), call.args))
        bound = {**positional, **bound}
        if "endpoint" not in bound or "credential" not in bound:
            return None
        cred = bound["credential"]
        if isinstance(cred, ast.Constant) or {v.kind for v in ctx.infer(cred)} == {"str"}:
            key = render_clients.key_text(cred, ctx)
        else:
            key = render_clients.api_key_for_credential(cred, ctx, is_async=False)
        if key.kind not in ("key", "secret"):
            return None
        base = render_clients.base_url_for(bound["endpoint"], ctx, "inference")
        model = _first(bound, ("model_name",), ctx) or base.deployment or MODEL_PLACEHOLDER
        args = [("model", model), ("api_base", base.text), ("api_key", key.text), ("is_chat_model", "True")]
        args += _kept(bound, _LLAMA_LLM_KEPT, frozenset(), ctx) + _splats(call, ctx)
        return Migrated(_with_import("llama_index.llms.openai_like", "OpenAILike", snippets.call("OpenAILike", args)), "OpenAILike")
    if call.args or "use_azure_ad" in bound or "azure_ad_token_provider" in bound:
        return None  # Entra ID: OpenAILike takes a string key only
    if "api_base" in bound:
        base = render_clients.base_url_for(bound["api_base"], ctx, "base_url")
    else:
        base = render_clients.base_url_for(bound.get("azure_endpoint"), ctx, "azure")
    key = render_clients.key_text(bound["api_key"], ctx).text if "api_key" in bound else render_clients.ENV_API_KEY
    if kind == "chat":
        model = (_first(bound, ("engine", "deployment_name", "deployment_id", "deployment", "azure_deployment"), ctx)
                 or base.deployment or MODEL_PLACEHOLDER)
        args = [("model", model), ("api_base", base.text), ("api_key", key), ("is_chat_model", "True")]
        args += _kept(bound, _LLAMA_LLM_KEPT, frozenset(), ctx) + _splats(call, ctx)
        return Migrated(_with_import("llama_index.llms.openai_like", "OpenAILike", snippets.call("OpenAILike", args)), "OpenAILike")
    model = _first(bound, ("azure_deployment", "deployment_name"), ctx) or base.deployment or MODEL_PLACEHOLDER
    args = [("model_name", model), ("api_base", base.text), ("api_key", key)]
    args += _kept(bound, _LLAMA_EMBED_KEPT, frozenset(), ctx) + _splats(call, ctx)
    cls = "OpenAILikeEmbedding"
    return Migrated(_with_import("llama_index.embeddings.openai_like", cls, snippets.call(cls, args)), cls)


# -- Semantic Kernel -------------------------------------------------------------------------------

_SK_CLASSES = {"chat": "OpenAIChatCompletion", "embeddings": "OpenAITextEmbedding"}


def _semantic_kernel(call: ast.Call, kind: str, ctx: Context) -> Migrated | None:
    bound = _bound(call)
    if call.args or not ({"endpoint", "base_url"} & set(bound)) or not ({"api_key", "ad_token_provider"} & set(bound)):
        return None  # settings from the environment / .env, or a credential: keep the wrapper
    if "base_url" in bound:
        base = render_clients.base_url_for(bound["base_url"], ctx, "base_url")
    else:
        base = render_clients.base_url_for(bound["endpoint"], ctx, "azure")
    if "ad_token_provider" in bound:
        key = ctx.segment(bound["ad_token_provider"])
    else:
        key = render_clients.key_text(bound["api_key"], ctx).text
    client_args = [("base_url", base.text), ("api_key", key)]
    if "default_headers" in bound:
        client_args.append(("default_headers", ctx.segment(bound["default_headers"])))
    model = _first(bound, ("deployment_name",), ctx) or base.deployment or MODEL_PLACEHOLDER
    cls = _SK_CLASSES[kind]
    args = [("ai_model_id", model), ("async_client", snippets.call("AsyncOpenAI", client_args))]
    keep = frozenset({"service_id", "instruction_role"} if kind == "chat" else {"service_id"})
    args += _kept(bound, keep, frozenset(), ctx)
    text = (
        ("import os\n\n" if "os.environ" in key + base.text else "")
        + "from openai import AsyncOpenAI\n"
        f"from semantic_kernel.connectors.ai.open_ai import {cls}\n\n"
        f"{snippets.call(cls, args)}\n"
    )
    return Migrated(text, cls)


# -- AutoGen ---------------------------------------------------------------------------------------

_AUTOGEN_AZURE = frozenset(
    {"azure_endpoint", "azure_deployment", "api_version", "azure_ad_token", "azure_ad_token_provider", "api_key", "model"}
)


def _autogen(call: ast.Call, kind: str, ctx: Context) -> Migrated | None:
    bound = _bound(call)
    if call.args or "azure_endpoint" not in bound or "azure_ad_token" in bound:
        return None
    base = render_clients.base_url_for(bound["azure_endpoint"], ctx, "azure")
    key = _auth(bound, {"api_key": ("api_key",), "azure_ad_token_provider": ("azure_ad_token_provider",)}, ctx)
    model = _first(bound, ("azure_deployment", "model"), ctx) or base.deployment or MODEL_PLACEHOLDER
    args = [("model", model), ("base_url", base.text), ("api_key", key)]
    args += _kept(bound, None, _AUTOGEN_AZURE, ctx) + _splats(call, ctx)
    cls = "OpenAIChatCompletionClient"
    return Migrated(_with_import("autogen_ext.models.openai", cls, snippets.call(cls, args)), cls)


_RENDERERS: dict[str, Callable[[ast.Call, str, Context], Migrated | None]] = {
    "langchain": _langchain,
    "llama": _llama,
    "sk": _semantic_kernel,
    "autogen": _autogen,
}


def wrapper_of(call: ast.Call, ctx: Context) -> Wrapper | None:
    for qual in ctx.qualnames(call.func):
        found = WRAPPERS.get(qual)
        if found is not None:
            return found
    return None


@register
class FrameworkApiVersion(Rule):
    code = "AOM407"
    symbol = "framework-api-version"
    category = Category.API_VERSION
    message = "hard-coded api-version {value} on `{target}`: {advice}"
    summary = (
        "Flags a hard-coded api-version on framework wrappers of Azure OpenAI: LangChain "
        "`AzureChatOpenAI`/`AzureOpenAIEmbeddings`/`AzureOpenAI` (`api_version`, `openai_api_version`), "
        "LlamaIndex `AzureOpenAI`/`AzureOpenAIEmbedding`/`AzureAICompletionsModel`, Semantic Kernel "
        "`AzureChatCompletion`/`AzureTextEmbedding` and AutoGen `AzureOpenAIChatCompletionClient`."
    )
    why = (
        "The Azure wrappers build version-pinned `AzureOpenAI` (or Azure AI Inference) clients. Each "
        "framework's OpenAI wrapper talks to the v1 endpoint (`https://<resource>.openai.azure.com/"
        "openai/v1/`) with `base_url` and the deployment as the model name, and needs no api-version."
    )
    example = (
        "from langchain_openai import AzureChatOpenAI\n\n"
        "llm = AzureChatOpenAI(\n"
        "    azure_endpoint=endpoint,\n"
        '    azure_deployment="gpt-4o",\n'
        '    api_version="2024-10-21",\n'
        "    api_key=key,\n"
        "    temperature=0,\n"
        ")\n"
    )
    use_instead = (
        "from langchain_openai import ChatOpenAI\n\n"
        "llm = ChatOpenAI(\n"
        '    model="gpt-4o",\n'
        "    base_url=f\"{endpoint.rstrip('/')}/openai/v1/\",\n"
        "    api_key=key,\n"
        "    temperature=0,\n"
        ")\n"
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://python.langchain.com/docs/integrations/chat/azure_chat_openai/",
    )
    known_problems = (
        "LlamaIndex wrappers with Entra ID, and Semantic Kernel wrappers configured from the "
        "environment or with a credential, get a snippet that only drops the version (LlamaIndex "
        "`AzureOpenAI` then reads `OPENAI_API_VERSION`)."
    )
    invalid = (
        "from langchain_openai import AzureChatOpenAI\n"
        'llm = AzureChatOpenAI(azure_deployment="gpt-4o", openai_api_version="2024-06-01")\n',
        "from langchain_community.embeddings import AzureOpenAIEmbeddings\n"
        'emb = AzureOpenAIEmbeddings(deployment="ada", api_version="2023-05-15")\n',
        "from llama_index.llms.azure_openai import AzureOpenAI\n"
        'llm = AzureOpenAI(engine="gpt", api_key=k, azure_endpoint=e, api_version="2023-07-01-preview")\n',
        "from llama_index.embeddings.azure_openai import AzureOpenAIEmbedding\n"
        'e = AzureOpenAIEmbedding(deployment_name="ada", api_key=k, azure_endpoint=u, api_version="2024-02-01")\n',
        "from llama_index.llms.azure_inference import AzureAICompletionsModel\n"
        'm = AzureAICompletionsModel(endpoint=e, credential="k", model_name="phi", api_version="2024-05-01-preview")\n',
        "from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\n"
        'svc = AzureChatCompletion(deployment_name="gpt", endpoint=e, api_key=k, api_version="2024-10-21")\n',
        "from autogen_ext.models.openai import AzureOpenAIChatCompletionClient\n"
        'c = AzureOpenAIChatCompletionClient(azure_deployment="d", model="gpt-4o", api_version="2024-06-01", azure_endpoint=e, api_key=k)\n',
    )
    valid = (
        "from langchain_openai import AzureChatOpenAI\n"
        'llm = AzureChatOpenAI(azure_deployment="gpt-4o", api_version=os.environ["OPENAI_API_VERSION"])\n',
        "from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model=\"gpt-4o\")\n",
        "from llama_index.llms.openai import OpenAI\nllm = OpenAI(model=\"gpt-4o\", api_version=\"2024-06-01\")\n",
        "from my_wrappers import AzureChatOpenAI\n"
        'llm = AzureChatOpenAI(api_version="2024-06-01")\n',
        "from langchain_google_genai import ChatGoogleGenerativeAI\n"
        'llm = ChatGoogleGenerativeAI(model="gemini", api_version="v1beta")\n',
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        kw = keyword(node, *VERSION_KEYWORDS)
        if kw is None:
            return
        wrapper = wrapper_of(node, ctx)
        if wrapper is None:
            return
        pinned = hard_coded(kw.value, ctx)
        if pinned is None:
            return
        migrated = _RENDERERS[wrapper.family](node, wrapper.kind, ctx)
        if migrated is None or not snippets.parses(migrated.snippet):
            migrated = Migrated(render_call(node, ctx, drop=set(VERSION_KEYWORDS)), None)
        advice = (
            f"use `{migrated.cls}` on the /openai/v1/ endpoint" if migrated.cls
            else "the /openai/v1/ endpoint takes no api-version"
        )
        ctx.report(self, kw.value, snippet=migrated.snippet, value=pinned.shown,
                   target=short(ctx.segment(node.func)), advice=advice)
