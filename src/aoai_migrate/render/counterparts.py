"""What each name importable from ``azure.ai.inference`` becomes in the OpenAI v1 SDK.

One table, :data:`NAMES`, keyed by ``(module, name)``: the openai module and name that replace it
(``None`` when nothing needs importing) and a short note that says how the code changes, or why
there is no counterpart. ``tests/test_import_snippets.py`` imports every name promised here from
the installed ``openai`` package. Source: the reference API map, section 6.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Callable, Iterable

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
    return plan_names([(module, name, name) for name in names], checks)


def plan_names(entries: Iterable[tuple[str, str, str]], checks: dict[str, bool] | None = None,
               extra: Iterable[str] = (), imports: Iterable[tuple[str, str]] = ()) -> ImportPlan:
    """:func:`plan` for ``(module, name, label)`` entries of several modules (the names a module
    reads through its import of a whole module: ``sdk.models.UserMessage``), each comment naming
    its ``label``; ``imports`` are further ``(module, name)`` to import, and ``extra`` comments
    (lines without ``#``) follow the others."""
    grouped: dict[str, list[str]] = {}
    for mod, imported_name in imports:
        if imported_name not in grouped.setdefault(mod, []):
            grouped[mod].append(imported_name)
    comments: list[str] = []
    missing: list[str] = []
    unknown: list[str] = []
    type_checked: list[str] = []
    checks = checks or {}
    entries = list(entries)
    # a name two openai modules share (chat_completion.Choice, chat_completion_chunk.Choice) is
    # imported through its module, as the annotation fixes write it
    homes: dict[str, set[str]] = {}
    for module, name, _ in entries:
        target = counterpart(module, name) if name != "*" else None
        if target is not None and target.module is not None and target.name is not None:
            homes.setdefault(target.name, set()).add(target.module)
    shared = {name for name, modules in homes.items() if len(modules) > 1}
    for module, name, label in entries:
        if name == "*":
            comments.append("# *: import the openai.types.chat names you use (message classes become dicts)")
            continue
        target = counterpart(module, name)
        if target is None:
            unknown.append(name)
            comments.append(f"# {label}: no counterpart known to aoai-migrate; check the migration guide")
            continue
        checked = checks.get(name)
        response = RESPONSE_CLASSES.get(name) if module.startswith(known.INFERENCE_MODELS) else None
        if target.typed_dict and checked is not None and response is not None:
            # the objects tested are responses' (tool calls): their openai class takes isinstance()
            imported = grouped.setdefault(response[0], [])
            if response[1] not in imported:
                imported.append(response[1])
            comment = f"# {label} -> {response[1]} in run-time type checks: {RESPONSE_CHECK_NOTE}"
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
            comments.append(f"# {label}: {TYPE_CHECK_NOTE.format(target=target.name)}")
            continue
        written = target.name
        if target.module is not None and target.name is not None:
            home = target.module
            if target.name in shared:
                home, leaf = target.module.rsplit(".", 1)
                written = f"{leaf}.{target.name}"
            imported = grouped.setdefault(home, [])
            item = written.split(".", 1)[0]
            if item not in imported:
                imported.append(item)
            arrow = written if written == label else f"{label} -> {written}"
        else:
            arrow = label
            if target.missing:
                missing.append(name)
        warning = MIXED_CHECK_NOTE if target.typed_dict and checked is False else ""
        if target.note or warning:
            comments.append(f"# {arrow}: {target.note or written}{warning}")
        elif written != label:
            comments.append(f"# {arrow}")
    comments.extend(f"# {line}" for line in extra)
    lines = [f"from {mod} import {', '.join(imported)}" for mod, imported in grouped.items()]
    return ImportPlan(
        "\n".join(lines + comments) + "\n", tuple(missing), tuple(unknown), tuple(type_checked)
    )


#: classes whose construction by user code has no OpenAI v1 counterpart, and why
_STREAM_PARSER = (
    "none: it is the SDK's own parser of a raw azure-core server-sent-events response; openai "
    "builds its {stream} inside create(stream=True) and user code never builds one from a response "
    "(call create(stream=True), or drop code that tests the SDK's parser)"
)
BUILT_WITHOUT_COUNTERPART: dict[str, str] = {
    "StreamingChatCompletions": _STREAM_PARSER.format(stream="Stream"),
    "AsyncStreamingChatCompletions": _STREAM_PARSER.format(stream="AsyncStream"),
}

#: response classes user code builds from their JSON: the fields openai's model requires
#: (``model_validate()`` rejects a dict without them; the Inference class took any mapping)
WIRE_FIELDS: dict[str, tuple[str, ...]] = {
    "ChatCompletions": ("id", "object", "created", "model", "choices"),
    "EmbeddingsResult": ("object", "data", "model", "usage"),
}


@dataclasses.dataclass(frozen=True)
class Construction:
    #: the replacing expression (``None``: no counterpart) and why it is what it is
    code: str | None
    note: str


def construction(module: str, name: str, call: ast.Call, text: Callable[[ast.AST], str]) -> Construction | None:
    """What the module's own call ``<name>(...)`` of an Inference model class becomes, ``None``
    when building it is no different from naming it (see :func:`counterpart`). ``text`` gives
    the source of an argument."""
    if not module.startswith(known.INFERENCE_MODELS) and module != known.INFERENCE:
        return None
    if name in BUILT_WITHOUT_COUNTERPART:
        return Construction(None, BUILT_WITHOUT_COUNTERPART[name])
    target = MODELS.get(name)
    if name not in WIRE_FIELDS or target is None or target.name is None:
        return None
    required = WIRE_FIELDS[name]
    if len(call.args) == 1 and not call.keywords and not isinstance(call.args[0], ast.Starred):
        arg = call.args[0]
        keys = {k.value for k in arg.keys if isinstance(k, ast.Constant)} if isinstance(arg, ast.Dict) else set()
        if isinstance(arg, ast.Dict) and None not in arg.keys and set(required) <= keys:
            return Construction(f"{target.name}.model_validate({text(arg)})",
                                f"the same JSON; {target.note}" if target.note else "the same JSON")
        return Construction(
            f"{target.name}.model_construct(**{text(arg)})",
            f"builds without validation, as the Inference class did (model_validate() rejects a dict "
            f"without {', '.join(required)}); {target.note or 'the same JSON'}",
        )
    if call.args:
        return None
    keywords = ", ".join(text(k) for k in call.keywords)
    return Construction(f"{target.name}.model_construct({keywords})",
                        f"builds without validation; {target.note or 'the same fields'}")
