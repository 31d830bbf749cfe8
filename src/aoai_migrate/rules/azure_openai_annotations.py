"""Rules of the ``azure-openai-client`` category: type annotations naming ``AzureOpenAI`` /
``AsyncAzureOpenAI``, whose values become ``OpenAI`` / ``AsyncOpenAI`` clients."""

from __future__ import annotations

import ast

from .. import known
from ..analysis.annotations import ANNOTATED, annotation_names
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from .inference_sdk.annotations import report_annotation
from .references import API_VERSION_LIFECYCLE

_TARGETS = {
    known.AZURE_OPENAI: ("OpenAI", "from openai import OpenAI"),
    known.ASYNC_AZURE_OPENAI: ("AsyncOpenAI", "from openai import AsyncOpenAI"),
}


@register
class AzureOpenAIAnnotation(Rule):
    code = "AOM307"
    symbol = "azure-openai-annotation"
    category = Category.AZURE_OPENAI_CLIENT
    message = "`{name}` annotates a client that becomes `{target}` on the /openai/v1/ endpoint"
    summary = (
        "Flags type annotations (parameters, return types, annotated assignments and fields) "
        "naming `AzureOpenAI` or `AsyncAzureOpenAI`."
    )
    why = (
        "AOM301 rebuilds the clients as `OpenAI` / `AsyncOpenAI`; an annotation that still names "
        "the Azure class no longer describes the value (`client: AzureOpenAI = OpenAI(...)` is a "
        "type error) and keeps the old class in the reader's mind."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        "def summarize(client: AzureOpenAI, text: str) -> str:\n"
        "    ...\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "def summarize(client: OpenAI, text: str) -> str:\n"
        "    ...\n"
    )
    known_problems = "String annotations (forward references) are not rewritten."
    references = (API_VERSION_LIFECYCLE,)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: annotations do not run; `OpenAI` (`AsyncOpenAI`) is what AOM301 builds in place of "
        "the Azure client. The fix adds the import."
    )
    invalid = (
        example,
        "import openai\nclass Service:\n    client: openai.AsyncAzureOpenAI | None = None\n",
        "from openai import AzureOpenAI\ndef make() -> AzureOpenAI:\n    return AzureOpenAI()\n",
    )
    valid = (
        "from openai import OpenAI\ndef f(client: OpenAI) -> None:\n    ...\n",
        "from langchain_openai import AzureChatOpenAI\ndef f(llm: AzureChatOpenAI) -> None:\n    ...\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\ndef f(llm: AzureOpenAI) -> None:\n    ...\n",
    )
    node_types = ANNOTATED

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for part in annotation_names(node):
            found = next((_TARGETS[q] for q in sorted(ctx.qualnames(part)) if q in _TARGETS), None)
            if found is not None:
                report_annotation(self, part, found[0], ctx, found[1])
