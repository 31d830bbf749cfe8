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
from ..references import MIGRATION_GUIDE

#: Inference client class -> (OpenAI name, import)
_CLIENTS = {
    f"{known.INFERENCE}.ChatCompletionsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE}.EmbeddingsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE_AIO}.ChatCompletionsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
    f"{known.INFERENCE_AIO}.EmbeddingsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
}
#: public ``azure.ai.inference.models`` result class -> (openai type, import)
_RESULTS = {
    "ChatCompletions": ("ChatCompletion", "from openai.types.chat import ChatCompletion"),
    "StreamingChatCompletionsUpdate": ("ChatCompletionChunk", "from openai.types.chat import ChatCompletionChunk"),
    "EmbeddingsResult": ("CreateEmbeddingResponse", "from openai.types import CreateEmbeddingResponse"),
}


def _openai_type(node: ast.AST, ctx: Context) -> tuple[str, str] | None:
    for qual in sorted(ctx.qualnames(node)):
        if qual in _CLIENTS:
            return _CLIENTS[qual]
        name = render_calls.inference_models_name(qual)
        if name in _RESULTS:
            return _RESULTS[name]
        if name in render_calls.ENUMS:
            return "str", ""  # the enum members became their strings (AOM107)
    return None


@register
class InferenceAnnotation(Rule):
    code = "AOM110"
    symbol = "inference-sdk-annotation"
    category = Category.INFERENCE_SDK
    message = "`{name}` annotates a value that becomes `{target}` after the migration"
    summary = (
        "Flags type annotations (parameters, return types, annotated assignments) naming an Azure "
        "AI Inference client (`ChatCompletionsClient`, `EmbeddingsClient`, sync or `.aio`) or "
        "result (`ChatCompletions`, `StreamingChatCompletionsUpdate`, `EmbeddingsResult`), or an "
        "enum whose members become strings (`EmbeddingEncodingFormat`, `CompletionsFinishReason`, ...)."
    )
    why = (
        "Once the clients and calls are migrated, the values are `OpenAI`/`AsyncOpenAI` clients "
        "and openai results: an annotation still naming the Inference class misleads readers and "
        "type checkers (`client.chat` does not exist on `ChatCompletionsClient`), and it keeps "
        "the `azure.ai.inference` import alive."
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
    known_problems = "String annotations (forward references) are not rewritten."
    references = (MIGRATION_GUIDE, "https://github.com/openai/openai-python/tree/main/src/openai/types")
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: annotations do not run (the fix adds the openai import they name); the values they "
        "describe are migrated by the client and call fixes (AOM102-AOM104)."
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
    )
    valid = (
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
            found = _openai_type(part, ctx)
            if found is not None:
                report_annotation(self, part, *found, ctx)


def report_annotation(rule: Rule, part: ast.expr, target: str, statement: str, ctx: Context) -> None:
    """Report an annotation part that becomes ``target`` (imported by ``statement``, if any)."""
    ctx.report(
        rule, part, snippet=f"{statement}\n\n{target}" if statement else target, compact=target,
        replace=part, edit=target, imports=[statement] if statement else [],
        name=ctx.segment(part), target=target,
    )
