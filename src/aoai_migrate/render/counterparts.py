"""What each name importable from ``azure.ai.inference`` becomes in the OpenAI v1 SDK.

One table, :data:`NAMES`, keyed by ``(module, name)``: the openai module and name that replace it
(``None`` when nothing needs importing) and a short note that says how the code changes, or why
there is no counterpart. ``tests/test_import_snippets.py`` imports every name promised here from
the installed ``openai`` package. Source: the reference API map, section 6.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from .. import known

CHAT = "openai.types.chat"
CHUNK = "openai.types.chat.chat_completion_chunk"
SHARED = "openai.types.shared_params"


@dataclasses.dataclass(frozen=True)
class Counterpart:
    #: openai module to import from, and the name there (``None``: nothing to import)
    module: str | None
    name: str | None
    #: how the code changes, or why there is no counterpart (one short phrase)
    note: str = ""

    @property
    def typed_dict(self) -> bool:
        """The counterpart is a TypedDict or a union of them (a request dict type): ``isinstance()``
        refuses it."""
        if self.module is None or self.name is None:
            return False
        return self.module == SHARED or self.module.endswith("_param") or (
            self.module == CHAT and self.name.endswith("Param")
        )

    @property
    def missing(self) -> bool:
        """No OpenAI v1 counterpart at all (not merely "use string literals")."""
        return self.module is None and self.note.startswith("none")


def _c(module: str | None, name: str | None = None, note: str = "") -> Counterpart:
    return Counterpart(module, name, note)


_MESSAGE = "a dict {{\"role\": \"{role}\", ...}}"

#: names of ``azure.ai.inference.models`` (also ``azure.ai.inference.models._models``)
MODELS: dict[str, Counterpart] = {
    # request messages and content
    "SystemMessage": _c(CHAT, "ChatCompletionSystemMessageParam",
                        _MESSAGE.format(role="system", name="ChatCompletionSystemMessageParam")),
    "DeveloperMessage": _c(CHAT, "ChatCompletionDeveloperMessageParam",
                           _MESSAGE.format(role="developer", name="ChatCompletionDeveloperMessageParam")),
    "UserMessage": _c(CHAT, "ChatCompletionUserMessageParam",
                      _MESSAGE.format(role="user", name="ChatCompletionUserMessageParam")),
    "AssistantMessage": _c(CHAT, "ChatCompletionAssistantMessageParam",
                           _MESSAGE.format(role="assistant", name="ChatCompletionAssistantMessageParam")),
    "ToolMessage": _c(CHAT, "ChatCompletionToolMessageParam",
                      _MESSAGE.format(role="tool", name="ChatCompletionToolMessageParam")),
    "ChatRequestMessage": _c(CHAT, "ChatCompletionMessageParam", "the union of the message dicts"),
    "ContentItem": _c(CHAT, "ChatCompletionContentPartParam", "the union of the content-part dicts"),
    "TextContentItem": _c(CHAT, "ChatCompletionContentPartTextParam", 'a dict {"type": "text", "text": ...}'),
    "ImageContentItem": _c(CHAT, "ChatCompletionContentPartImageParam",
                           'a dict {"type": "image_url", "image_url": {...}}'),
    "ImageUrl": _c("openai.types.chat.chat_completion_content_part_image_param", "ImageURL",
                   'a dict {"url": ..., "detail": ...}; ImageUrl.load() has no helper: build the data URL yourself'),
    "AudioContentItem": _c(CHAT, "ChatCompletionContentPartInputAudioParam",
                           'a dict {"type": "input_audio", "input_audio": {...}}'),
    "InputAudio": _c("openai.types.chat.chat_completion_content_part_input_audio_param", "InputAudio",
                     'a dict {"data": <base64>, "format": ...}; InputAudio.load() has no helper'),
    # tools and response format
    "ChatCompletionsToolDefinition": _c(CHAT, "ChatCompletionToolParam",
                                        'a dict {"type": "function", "function": {...}}'),
    "FunctionDefinition": _c(SHARED, "FunctionDefinition", 'a dict {"name": ..., "parameters": ...}'),
    "ChatCompletionsToolCall": _c(CHAT, "ChatCompletionMessageFunctionToolCallParam",
                                  "a dict in requests; responses hold ChatCompletionMessageFunctionToolCall"),
    "FunctionCall": _c("openai.types.chat.chat_completion_message_function_tool_call_param", "Function",
                       'a dict {"name": ..., "arguments": ...}'),
    "ChatCompletionsNamedToolChoice": _c(CHAT, "ChatCompletionNamedToolChoiceParam",
                                         'a dict {"type": "function", "function": {"name": ...}}'),
    "ChatCompletionsNamedToolChoiceFunction": _c("openai.types.chat.chat_completion_named_tool_choice_param",
                                                 "Function", 'a dict {"name": ...}'),
    "ChatCompletionsToolChoicePreset": _c(None, None, 'the strings "auto", "none", "required"'),
    "JsonSchemaFormat": _c(SHARED, "ResponseFormatJSONSchema",
                           'response_format={"type": "json_schema", "json_schema": {...}}'),
    "ChatCompletionsResponseFormatJSON": _c(SHARED, "ResponseFormatJSONObject",
                                            'response_format={"type": "json_object"}'),
    "ChatCompletionsResponseFormatText": _c(SHARED, "ResponseFormatText", 'response_format={"type": "text"}'),
    # responses
    "ChatCompletions": _c(CHAT, "ChatCompletion", "created is an int (epoch seconds), not a datetime"),
    "ChatChoice": _c("openai.types.chat.chat_completion", "Choice"),
    "ChatResponseMessage": _c(CHAT, "ChatCompletionMessage"),
    "CompletionsUsage": _c("openai.types", "CompletionUsage"),
    "StreamingChatCompletionsUpdate": _c(CHAT, "ChatCompletionChunk",
                                         "chunks may have no choices on Azure: guard choices[0]"),
    "StreamingChatChoiceUpdate": _c(CHUNK, "Choice", "delta may be None on Azure"),
    "StreamingChatResponseMessageUpdate": _c(CHUNK, "ChoiceDelta"),
    "StreamingChatResponseToolCallUpdate": _c(CHUNK, "ChoiceDeltaToolCall",
                                              "accumulate tool-call deltas by .index"),
    "StreamingChatCompletions": _c("openai", "Stream", "iterates ChatCompletionChunk"),
    "AsyncStreamingChatCompletions": _c("openai", "AsyncStream", "iterates ChatCompletionChunk; close() replaces aclose()"),
    "EmbeddingsResult": _c("openai.types", "CreateEmbeddingResponse", "no id field"),
    "EmbeddingItem": _c("openai.types", "Embedding"),
    "EmbeddingsUsage": _c("openai.types.create_embedding_response", "Usage"),
    # enums: openai takes plain strings
    "ChatRole": _c(None, None, 'the strings "system", "user", "assistant", "tool", "developer"'),
    "CompletionsFinishReason": _c(None, None, 'the strings "stop", "length", "content_filter", "tool_calls"'),
    "ImageDetailLevel": _c(None, None, 'the strings "auto", "low", "high"'),
    "AudioContentFormat": _c(None, None, 'the strings "wav", "mp3"'),
    "EmbeddingEncodingFormat": _c(None, None, 'the strings "float", "base64" (binary and int8 forms: none)'),
    # no counterpart
    "EmbeddingInputType": _c(None, None, "none: embeddings.create() takes no input type (extra_body if the model honours it)"),
    "ImageEmbeddingInput": _c(None, None, "none: the OpenAI v1 API has no image embeddings"),
    "ModelInfo": _c(None, None, "none: /info is an Inference route; the deployment name is the model"),
    "ModelType": _c(None, None, "none: only /info and load_client() report a model type"),
}

#: classes whose request side is a TypedDict but whose response side is an openai class: what
#: an annotation of a value read from a response, or a run-time type check, names instead
RESPONSE_CLASSES: dict[str, tuple[str, str]] = {
    "ChatCompletionsToolCall": (CHAT, "ChatCompletionMessageFunctionToolCall"),
}

#: names of ``azure.ai.inference`` (sync) and ``azure.ai.inference.aio`` (async)
CLIENTS: dict[str, tuple[str, str]] = {
    "ChatCompletionsClient": ("", "client.chat.completions.create() replaces complete()"),
    "EmbeddingsClient": ("", "client.embeddings.create() replaces embed()"),
    "load_client": ("", "the deployment decides the model; there is no /info lookup"),
    "ImageEmbeddingsClient": ("none", "none: the OpenAI v1 API has no image embeddings; call the REST route"),
}

OTHER: dict[tuple[str, str], Counterpart] = {
    (known.INFERENCE + ".tracing", "AIInferenceInstrumentor"): _c(
        "opentelemetry.instrumentation.openai_v2", "OpenAIInstrumentor",
        "package opentelemetry-instrumentation-openai-v2",
    ),
    (known.INFERENCE + ".prompts", "PromptTemplate"): _c(
        None, None, "none in openai: use the prompty package; create_messages() output is already message dicts",
    ),
}


def counterpart(module: str, name: str) -> Counterpart | None:
    """The OpenAI v1 counterpart of ``from <module> import <name>``, ``None`` when unknown."""
    if module.startswith(known.INFERENCE_MODELS):
        return MODELS.get(name)
    if module in (known.INFERENCE, known.INFERENCE_AIO) and name in CLIENTS:
        flavour, note = CLIENTS[name]
        if flavour == "none":
            return _c(None, None, note)
        return _c("openai", "AsyncOpenAI" if module == known.INFERENCE_AIO else "OpenAI", note)
    if module == known.INFERENCE and name in MODELS:  # old betas re-exported models at the top
        return MODELS[name]
    return OTHER.get((module, name))


@dataclasses.dataclass(frozen=True)
class ImportPlan:
    snippet: str
    #: imported names with no OpenAI v1 counterpart, and names this table does not know
    missing: tuple[str, ...]
    unknown: tuple[str, ...]
    #: names read only in run-time type checks whose counterpart is a TypedDict: not replaced
    type_checked: tuple[str, ...] = ()


#: why a name read only in ``isinstance()`` checks gets no replacement
TYPE_CHECK_NOTE = (
    "no replacement: read only in run-time type checks, and {target} is a TypedDict that "
    "isinstance() refuses (TypeError); OpenAI messages are plain dicts: test dict or drop the branch"
)
#: why a response-side class replaces a TypedDict counterpart in type checks
RESPONSE_CHECK_NOTE = "the response's objects are of this class (a tool call: also test tool_call.type == \"function\")"
#: what a TypedDict counterpart also read in type checks adds to its comment
MIXED_CHECK_NOTE = "; a TypedDict: in isinstance() checks test dict instead"


def plan(module: str, names: Iterable[str], checks: dict[str, bool] | None = None) -> ImportPlan:
    """The migrated imports for ``from <module> import <names>``: one ``from ... import`` line
    per openai module, then a comment per name saying what it becomes (or that it has none).

    ``checks`` says, for imported names read in run-time type checks (``isinstance()``), whether
    every read is one (``True``) or only some (``False``): a TypedDict counterpart is then not
    imported at all, or its comment warns against ``isinstance()``."""
    grouped: dict[str, list[str]] = {}
    comments: list[str] = []
    missing: list[str] = []
    unknown: list[str] = []
    type_checked: list[str] = []
    checks = checks or {}
    for name in names:
        if name == "*":
            comments.append("# *: import the openai.types.chat names you use (message classes become dicts)")
            continue
        target = counterpart(module, name)
        if target is None:
            unknown.append(name)
            comments.append(f"# {name}: no counterpart known to aoai-migrate; check the migration guide")
            continue
        checked = checks.get(name)
        response = RESPONSE_CLASSES.get(name) if module.startswith(known.INFERENCE_MODELS) else None
        if target.typed_dict and checked is not None and response is not None:
            # the objects tested are responses' (tool calls): their openai class takes isinstance()
            imported = grouped.setdefault(response[0], [])
            if response[1] not in imported:
                imported.append(response[1])
            comment = f"# {name} -> {response[1]} in run-time type checks: {RESPONSE_CHECK_NOTE}"
            if not checked:  # read elsewhere too: the request-side TypedDict there
                assert target.module is not None and target.name is not None
                grouped.setdefault(target.module, [])
                if target.name not in grouped[target.module]:
                    grouped[target.module].append(target.name)
                comment += f"; elsewhere {target.name}: {target.note}"
            comments.append(comment)
            continue
        if target.typed_dict and checked:
            type_checked.append(name)
            comments.append(f"# {name}: {TYPE_CHECK_NOTE.format(target=target.name)}")
            continue
        if target.module is not None and target.name is not None:
            imported = grouped.setdefault(target.module, [])
            if target.name not in imported:
                imported.append(target.name)
            arrow = target.name if target.name == name else f"{name} -> {target.name}"
        else:
            arrow = name
            if target.missing:
                missing.append(name)
        warning = MIXED_CHECK_NOTE if target.typed_dict and checked is False else ""
        if target.note or warning:
            comments.append(f"# {arrow}: {target.note or target.name}{warning}")
        elif target.name != name:
            comments.append(f"# {arrow}")
    lines = [f"from {mod} import {', '.join(imported)}" for mod, imported in grouped.items()]
    return ImportPlan(
        "\n".join(lines + comments) + "\n", tuple(missing), tuple(unknown), tuple(type_checked)
    )
