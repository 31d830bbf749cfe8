"""Rules of the ``inference-sdk`` category: type annotations that name Azure AI Inference
clients and results, which the migrated code no longer produces."""

from __future__ import annotations

import ast

from ... import known
from ...engine import Context
from ...model import Applicability, Category
from ...analysis.annotations import ANNOTATED, annotation_names
from ...registry import Rule, register
from ...render import calls as render_calls
from ...render import counterparts
from ..references import MIGRATION_GUIDE

#: Inference client class -> (OpenAI name, import)
_CLIENTS = {
    f"{known.INFERENCE}.ChatCompletionsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE}.EmbeddingsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE_AIO}.ChatCompletionsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
    f"{known.INFERENCE_AIO}.EmbeddingsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
}
#: ``azure.ai.inference.models`` classes whose counterpart is spelled differently in an
#: annotation than in :data:`.counterparts.MODELS` (generic, or a name two openai modules share)
_SPELLED = {
    "StreamingChatCompletions": ("Stream[ChatCompletionChunk]", ("from openai import Stream",
                                 "from openai.types.chat import ChatCompletionChunk")),
    "AsyncStreamingChatCompletions": ("AsyncStream[ChatCompletionChunk]", ("from openai import AsyncStream",
                                      "from openai.types.chat import ChatCompletionChunk")),
    "ChatChoice": ("chat_completion.Choice", ("from openai.types.chat import chat_completion",)),
    "StreamingChatChoiceUpdate": ("chat_completion_chunk.Choice",
                                  ("from openai.types.chat import chat_completion_chunk",)),
}
#: classes that name a request dict where the value is built and a response object where it is
#: read (``ChatCompletionsToolCall``: the param TypedDict, or ``ChatCompletionMessageFunctionToolCall``)
_RESPONSE_SIDE = {
    name: (cls, (f"from {module} import {cls}",)) for name, (module, cls) in counterparts.RESPONSE_CLASSES.items()
}
#: why a response-side annotation is left for a person (no mechanical fix)
RESPONSE_SIDE_NOTE = (
    "; openai's `message.tool_calls` holds `ChatCompletionMessageToolCallUnion` (function and custom "
    "tool calls): narrow each with `tool_call.type == \"function\"` before annotating it (no automatic fix)"
)
#: old generated names of the message classes
_OLD_NAMES = {f"ChatRequest{role}Message": f"{role}Message"
              for role in ("System", "User", "Assistant", "Tool", "Developer")}


def model_annotation(name: str, request: bool = True) -> tuple[str, tuple[str, ...]] | None:
    """What an annotation naming ``azure.ai.inference.models.<name>`` becomes, with its imports:
    the openai type of the counterpart table (a message class -> its param TypedDict, a result
    -> the openai model), ``None`` when there is none to name."""
    name = _OLD_NAMES.get(name, name)
    if not request and name in _RESPONSE_SIDE:
        return _RESPONSE_SIDE[name]
    if name in _SPELLED:
        return _SPELLED[name]
    target = counterparts.MODELS.get(name)
    if target is None or target.module is None or target.name is None or target.name in ("Choice", "Function"):
        return None
    return target.name, (f"from {target.module} import {target.name}",)


def _openai_type(node: ast.AST, owner: ast.AST, ctx: Context) -> tuple[str, tuple[str, ...]] | None:
    for qual in sorted(ctx.qualnames(node)):
        if qual in _CLIENTS:
            target, statement = _CLIENTS[qual]
            return target, (statement,)
        name = render_calls.inference_models_name(qual)
        if name is None:
            continue
        if name in render_calls.ENUMS:
            return "str", ()  # the enum members became their strings (AOM107)
        found = model_annotation(name, _request_side(owner, ctx))
        if found is not None:
            return found
    return None


def _request_side(owner: ast.AST, ctx: Context) -> bool:
    """Whether the annotated value is built by the code (a request dict) rather than read from a
    response: the return of a function returning dict literals or model constructions, an
    annotated assignment of a literal or a construction, a type alias."""
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        returns = [n.value for n in ast.walk(owner) if isinstance(n, ast.Return) and n.value is not None]
        return any(_built(value, ctx) for value in returns)
    if isinstance(owner, ast.AnnAssign):
        return owner.value is None or _built(owner.value, ctx)
    return isinstance(owner, ast.Assign)


def _built(value: ast.AST, ctx: Context) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.ListComp, ast.DictComp)):
        return True
    return isinstance(value, ast.Call) and render_calls.model_class_name(value, ctx) is not None


@register
class InferenceAnnotation(Rule):
    code = "AOM110"
    symbol = "inference-sdk-annotation"
    category = Category.INFERENCE_SDK
    message = "`{name}` annotates a value that becomes `{target}` after the migration{note}"
    summary = (
        "Flags type annotations (parameters, return types, annotated assignments, type aliases) "
        "naming an Azure AI Inference client (`ChatCompletionsClient`, `EmbeddingsClient`, sync "
        "or `.aio`), a model class (`UserMessage`, `ChatRequestMessage`, `ContentItem`, "
        "`ChatCompletionsToolDefinition`, ...), a result (`ChatCompletions`, `ChatChoice`, "
        "`StreamingChatCompletionsUpdate`, `EmbeddingsResult`, ...), or an enum whose members "
        "become strings (`EmbeddingEncodingFormat`, `CompletionsFinishReason`, ...)."
    )
    why = (
        "Once the clients and calls are migrated, the values are `OpenAI`/`AsyncOpenAI` clients "
        "and openai results: an annotation still naming the Inference class misleads readers and "
        "type checkers (`client.chat` does not exist on `ChatCompletionsClient`; a function "
        "annotated `-> UserMessage` now returns a dict), and it keeps the `azure.ai.inference` "
        "import alive. Message classes become openai's param TypedDicts "
        "(`ChatCompletionUserMessageParam`, `ChatCompletionMessageParam`), results its models "
        "(`ChatCompletion`, `chat_completion.Choice`), as in the counterpart table of `AOM101`."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n\n"
        "def ask(client: ChatCompletionsClient, question: str) -> str:\n"
        "    ...\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "def ask(client: OpenAI, question: str) -> str:\n"
        "    ...\n"
    )
    known_problems = (
        "String annotations (forward references) are not rewritten. `ChatCompletionsToolCall` "
        "annotating a tool call read from a response gets no fix: openai's `message.tool_calls` "
        "is a union of function and custom tool calls, to be narrowed by hand."
    )
    references = (MIGRATION_GUIDE, "https://github.com/openai/openai-python/tree/main/src/openai/types")
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: annotations do not run (the fix adds the openai import they name); the values they "
        "describe are migrated by the client, call and model-class fixes (AOM102-AOM106). A "
        "type alias (`Message = Union[SystemMessage, UserMessage]`) is an annotation too. A "
        "response's tool call (`ChatCompletionsToolCall` on a parameter or a variable read from a "
        "response) has no fix: the openai type is a union to narrow by hand."
    )
    invalid = (
        example,
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "async def embed(client: EmbeddingsClient) -> None:\n    ...\n",
        "import azure.ai.inference.models as m\n"
        "def text(response: m.ChatCompletions) -> str:\n    return response.choices[0].message.content\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class Bot:\n    client: ChatCompletionsClient\n",
        "from azure.ai.inference.models import EmbeddingsResult\n"
        "def first(r) -> EmbeddingsResult:\n    return r\n",
        "from azure.ai.inference.models import EmbeddingEncodingFormat\n"
        "def embed(fmt: EmbeddingEncodingFormat = EmbeddingEncodingFormat.FLOAT) -> None:\n    ...\n",
        "from azure.ai.inference.models import UserMessage\n"
        "def ask(q: str) -> UserMessage:\n    return UserMessage(content=q)\n",
        "from azure.ai.inference.models import ChatRequestMessage\n"
        "def send(messages: list[ChatRequestMessage]) -> None:\n    ...\n",
        "from typing import Union\nfrom azure.ai.inference.models import SystemMessage, UserMessage\n"
        "Message = Union[SystemMessage, UserMessage]\n",
        "from azure.ai.inference.models import ChatCompletionsToolCall\n"
        "def tool_call(name: str) -> ChatCompletionsToolCall:\n"
        "    return {\"id\": \"1\", \"type\": \"function\", \"function\": {\"name\": name, \"arguments\": \"{}\"}}\n",
    )
    valid = (
        # not a type alias: a runtime tuple of classes
        "from azure.ai.inference.models import SystemMessage, UserMessage\nKINDS = (SystemMessage, UserMessage)\n",
        "from openai import OpenAI\ndef ask(client: OpenAI) -> None:\n    ...\n",
        # runtime uses are not annotations
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def is_client(x) -> bool:\n    return isinstance(x, ChatCompletionsClient)\n",
        # a look-alike class
        "class ChatCompletionsClient:\n    pass\ndef f(c: ChatCompletionsClient) -> None:\n    ...\n",
        # no OpenAI counterpart: left to AOM603
        "from azure.ai.inference import ImageEmbeddingsClient\ndef f(c: ImageEmbeddingsClient) -> None:\n    ...\n",
    )
    node_types = ANNOTATED

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for part in annotation_names(node):
            found = _openai_type(part, node, ctx)
            if found is None:
                continue
            if any(q.endswith(".ChatCompletionsToolCall") for q in ctx.qualnames(part)) \
                    and not _request_side(node, ctx):
                ctx.report(self, part, snippet=f"{found[1][0]}\n\n{found[0]}", compact=found[0],
                           name=ctx.segment(part), target=found[0], note=RESPONSE_SIDE_NOTE)
                continue
            report_annotation(self, part, found[0], ctx, *found[1])


def report_annotation(rule: Rule, part: ast.expr, target: str, ctx: Context, *statements: str) -> None:
    """Report an annotation part that becomes ``target`` (imported by ``statements``, if any)."""
    header = "\n".join(statements)
    ctx.report(
        rule, part, snippet=f"{header}\n\n{target}" if header else target, compact=target,
        replace=part, edit=target, imports=list(statements),
        name=ctx.segment(part), target=target, note="",
    )
