"""What the analysed SDKs look like: canonical names of the classes, factories and members that
the semantic model resolves to. Facts only; no detection logic lives here."""

from __future__ import annotations

INFERENCE = "azure.ai.inference"
INFERENCE_AIO = "azure.ai.inference.aio"
INFERENCE_MODELS = "azure.ai.inference.models"

CHAT = "ChatCompletionsClient"
EMBEDDINGS = "EmbeddingsClient"
IMAGE_EMBEDDINGS = "ImageEmbeddingsClient"
#: azure-ai-inference's prompt template (no OpenAI counterpart): how it is built, the members
#: whose value may be ``None`` and the method that renders it into untyped message dicts
PROMPT_TEMPLATE = f"{INFERENCE}.prompts.PromptTemplate"
PROMPT_TEMPLATE_FACTORIES = frozenset(
    f"{INFERENCE}.prompts{module}.PromptTemplate{factory}"
    for module in ("", "._patch") for factory in ("", ".from_prompty", ".from_string")
)
PROMPT_TEMPLATE_OPTIONAL = frozenset({"model_name"})
PROMPT_TEMPLATE_MESSAGES = "create_messages"
#: the client ``load_client`` returns; its kind is only known at run time.
LOADED = "<loaded client>"

#: canonical qualname -> (kind, is_async)
INFERENCE_CLIENTS: dict[str, tuple[str, bool]] = {
    f"{INFERENCE}.{CHAT}": ("chat", False),
    f"{INFERENCE}.{EMBEDDINGS}": ("embeddings", False),
    f"{INFERENCE}.{IMAGE_EMBEDDINGS}": ("image-embeddings", False),
    f"{INFERENCE}.{LOADED}": ("any", False),
    f"{INFERENCE_AIO}.{CHAT}": ("chat", True),
    f"{INFERENCE_AIO}.{EMBEDDINGS}": ("embeddings", True),
    f"{INFERENCE_AIO}.{IMAGE_EMBEDDINGS}": ("image-embeddings", True),
    f"{INFERENCE_AIO}.{LOADED}": ("any", True),
}

OPENAI = "openai.OpenAI"
ASYNC_OPENAI = "openai.AsyncOpenAI"
AZURE_OPENAI = "openai.AzureOpenAI"
ASYNC_AZURE_OPENAI = "openai.AsyncAzureOpenAI"
#: the implicit client behind ``openai.chat.completions.create(...)`` (openai>=1.0 module client).
MODULE_CLIENT = "openai.<module client>"

#: canonical qualname -> (is_azure, is_async)
OPENAI_CLIENTS: dict[str, tuple[bool, bool]] = {
    OPENAI: (False, False),
    ASYNC_OPENAI: (False, True),
    AZURE_OPENAI: (True, False),
    ASYNC_AZURE_OPENAI: (True, True),
    MODULE_CLIENT: (False, False),
}

PROJECT_CLIENTS: dict[str, bool] = {
    "azure.ai.projects.AIProjectClient": False,
    "azure.ai.projects.aio.AIProjectClient": True,
}

AZURE_KEY_CREDENTIAL = "azure.core.credentials.AzureKeyCredential"
SYNC_TOKEN_PROVIDER = "azure.identity.get_bearer_token_provider"
ASYNC_TOKEN_PROVIDER = "azure.identity.aio.get_bearer_token_provider"

#: top-level resources of an openai client (``client.<root>...``).
OPENAI_RESOURCES = frozenset(
    {
        "chat", "completions", "embeddings", "responses", "images", "audio", "files", "batches",
        "fine_tuning", "vector_stores", "beta", "models", "moderations", "evals", "uploads",
        "realtime", "containers", "conversations", "webhooks", "videos", "graders",
    }
)

#: Attribute names whose receiver is worth resolving across modules (pylint's astroid oracle):
#: members of the clients the rules look at, distinctive enough that asking about every
#: ``x.<name>`` in a module stays cheap (``close``, ``copy``, ``create`` are not).
ORACLE_RECEIVER_MEMBERS = frozenset(
    {
        "complete", "embed", "get_model_info", "send_request", "with_options", "inference",
        "chat", "embeddings", "responses", "images", "audio", "beta", "fine_tuning",
        "vector_stores", "batches", "moderations", "realtime",
    }
)
#: Further attribute names along a member chain (``client.chat.completions.create``).
ORACLE_CHAIN_MEMBERS = ORACLE_RECEIVER_MEMBERS | frozenset(
    {
        "completions", "create", "parse", "stream", "generate", "edit", "speech", "transcriptions",
        "translations", "assistants", "threads", "runs", "messages", "get_chat_completions_client",
        "get_embeddings_client", "get_image_embeddings_client", "get_azure_openai_client",
        "get_openai_client",
    }
)

#: private or re-exported spellings -> canonical qualname.
ALIASES: dict[str, str] = {
    "openai.lib.azure.AzureOpenAI": AZURE_OPENAI,
    "openai.lib.azure.AsyncAzureOpenAI": ASYNC_AZURE_OPENAI,
    "openai._client.OpenAI": OPENAI,
    "openai._client.AsyncOpenAI": ASYNC_OPENAI,
    "openai.Client": OPENAI,
    "openai.AsyncClient": ASYNC_OPENAI,
    "openai._client.Client": OPENAI,
    "openai._client.AsyncClient": ASYNC_OPENAI,
    "azure.core.credentials_async.AsyncTokenCredential": "azure.core.credentials.AsyncTokenCredential",
    "azure.identity._bearer_token_provider.get_bearer_token_provider": SYNC_TOKEN_PROVIDER,
    "azure.identity.aio._bearer_token_provider.get_bearer_token_provider": ASYNC_TOKEN_PROVIDER,
}
for _mod in (INFERENCE, INFERENCE_AIO):
    for _cls in (CHAT, EMBEDDINGS, IMAGE_EMBEDDINGS, "load_client"):
        ALIASES[f"{_mod}._patch.{_cls}"] = f"{_mod}.{_cls}"
        ALIASES[f"{_mod}._client.{_cls}"] = f"{_mod}.{_cls}"

#: names a ``from <module> import *`` brings in, for the modules this tool cares about.
STAR_EXPORTS: dict[str, frozenset[str]] = {
    INFERENCE: frozenset({CHAT, EMBEDDINGS, IMAGE_EMBEDDINGS, "load_client"}),
    INFERENCE_AIO: frozenset({CHAT, EMBEDDINGS, IMAGE_EMBEDDINGS, "load_client"}),
    INFERENCE_MODELS: frozenset(
        {
            "AudioContentItem", "ChatChoice", "ChatCompletions", "ChatCompletionsNamedToolChoice",
            "ChatCompletionsNamedToolChoiceFunction", "ChatCompletionsToolCall",
            "ChatCompletionsToolDefinition", "ChatResponseMessage", "CompletionsUsage", "ContentItem",
            "EmbeddingItem", "EmbeddingsResult", "EmbeddingsUsage", "FunctionCall",
            "FunctionDefinition", "ImageContentItem", "ImageEmbeddingInput", "ImageUrl", "InputAudio",
            "JsonSchemaFormat", "ModelInfo", "StreamingChatChoiceUpdate",
            "StreamingChatCompletionsUpdate", "StreamingChatResponseMessageUpdate",
            "StreamingChatResponseToolCallUpdate", "TextContentItem", "AudioContentFormat",
            "ChatCompletionsToolChoicePreset", "ChatRole", "CompletionsFinishReason",
            "EmbeddingEncodingFormat", "EmbeddingInputType", "ImageDetailLevel", "ModelType",
            "AssistantMessage", "AsyncStreamingChatCompletions", "ChatRequestMessage",
            "StreamingChatCompletions", "SystemMessage", "ToolMessage", "UserMessage",
            "DeveloperMessage",
        }
    ),
    "openai": frozenset({"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"}),
}

#: result types of member calls
CHAT_COMPLETIONS = f"{INFERENCE_MODELS}.ChatCompletions"
STREAMING_CHAT = f"{INFERENCE_MODELS}.StreamingChatCompletions"
ASYNC_STREAMING_CHAT = f"{INFERENCE_MODELS}.AsyncStreamingChatCompletions"
EMBEDDINGS_RESULT = f"{INFERENCE_MODELS}.EmbeddingsResult"
OPENAI_STREAM = "openai.Stream"
OPENAI_ASYNC_STREAM = "openai.AsyncStream"
#: every type whose iteration yields chat-completion chunks.
STREAM_TYPES = frozenset({STREAMING_CHAT, ASYNC_STREAMING_CHAT, OPENAI_STREAM, OPENAI_ASYNC_STREAM})


#: ASGI application classes whose ``state`` holds objects shared by request handlers
ASGI_APPS = frozenset(
    {"fastapi.FastAPI", "fastapi.applications.FastAPI", "starlette.applications.Starlette"}
)


def canonical(qualname: str) -> str:
    return ALIASES.get(qualname, qualname)


def is_inference_name(qualname: str) -> bool:
    return qualname == INFERENCE or qualname.startswith(INFERENCE + ".")
