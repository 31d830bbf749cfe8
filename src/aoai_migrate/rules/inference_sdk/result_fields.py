"""Rules of the ``inference-sdk`` category: fields of Inference results that the OpenAI result
types do not have, read by attribute."""

from __future__ import annotations

import ast

from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register

EMBEDDINGS_RESULT = "EmbeddingsResult"


def _embeddings_result(node: ast.AST, ctx: Context) -> bool:
    """Whether ``node`` is an Inference ``EmbeddingsResult`` (what ``embed()`` returns, or a
    value annotated with the class)."""
    return any(
        v.kind == "instance" and v.name.rsplit(".", 1)[-1] == EMBEDDINGS_RESULT and v.name.startswith("azure.ai.inference")
        for v in ctx.infer(node)
    )


@register
class InferenceResultFieldMissing(Rule):
    code = "AOM121"
    symbol = "inference-sdk-result-field-missing"
    category = Category.INFERENCE_SDK
    message = (
        "`{what}` reads the `id` of an Inference embeddings result; OpenAI's `CreateEmbeddingResponse` "
        "has no `id` (AttributeError): `{receiver}._request_id` holds the service's request id"
    )
    summary = "Flags reads of `.id` on the embeddings results of `azure.ai.inference`."
    why = (
        "The Azure AI Inference `EmbeddingsResult` carries the response's `id`; the OpenAI v1 "
        "`CreateEmbeddingResponse` has `data`, `model`, `object` and `usage` only, so the read "
        "raises `AttributeError` after the migration. The closest value openai keeps is the "
        "request id of the response (`_request_id`, from the `x-request-id` header), which is a "
        "different identifier: use it for logging and correlation, not as the old id."
    )
    example = (
        "from azure.ai.inference.models import EmbeddingsResult\n\n"
        "def log(result: EmbeddingsResult) -> None:\n"
        "    print(result.id, len(result.data))\n"
    )
    use_instead = (
        "from openai.types import CreateEmbeddingResponse\n\n"
        "def log(result: CreateEmbeddingResponse) -> None:\n"
        "    print(result._request_id, len(result.data))\n"
    )
    references = ("https://github.com/openai/openai-python/blob/main/src/openai/types/create_embedding_response.py",)
    fixable = False
    fix_applicability = Applicability.DISPLAY_ONLY
    fix_safety = (
        "No fix: the request id is another value than the response id the code read; whether it "
        "serves the same purpose (logging, correlation, an assertion) is for a person to decide."
    )
    invalid = (
        example,
        "from azure.ai.inference import EmbeddingsClient\n"
        "client = EmbeddingsClient(endpoint=E, credential=C)\n"
        "result = client.embed(input=['a'], model='m')\n"
        "assert result.id\n",
    )
    valid = (
        # chat results keep their id in openai
        "from azure.ai.inference.models import ChatCompletions\n"
        "def log(result: ChatCompletions) -> None:\n    print(result.id)\n",
        # another library's embeddings result
        "from mylib import EmbeddingsResult\n"
        "def log(result: EmbeddingsResult) -> None:\n    print(result.id)\n",
        # the fields openai keeps
        "from azure.ai.inference.models import EmbeddingsResult\n"
        "def log(result: EmbeddingsResult) -> None:\n    print(result.model, result.usage.total_tokens)\n",
    )
    node_types = (ast.Attribute,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Attribute)
        if node.attr != "id" or not isinstance(node.ctx, ast.Load):
            return
        if not _embeddings_result(node.value, ctx):
            return
        ctx.report(
            self, node,
            snippet=f"{ctx.segment(node.value)}._request_id",
            what=ctx.segment(node), receiver=ctx.segment(node.value),
        )
