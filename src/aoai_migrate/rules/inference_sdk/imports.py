"""Rules of the ``inference-sdk`` category: imports, clients, calls and model classes of
``azure.ai.inference``."""

from __future__ import annotations

import ast

from ... import known
from ...engine import Context
from ...analysis import type_checks
from ...model import Category
from ...render import counterparts
from ...registry import Rule, register
from ..references import MIGRATION_GUIDE


@register
class InferenceImport(Rule):
    code = "AOM101"
    symbol = "inference-sdk-import"
    category = Category.INFERENCE_SDK
    message = "`{name}` is imported from the deprecated Azure AI Inference SDK (azure-ai-inference){detail}"
    summary = (
        "Flags every import from `azure.ai.inference` (also `.aio`, `.models`, `.tracing`, `.prompts`); "
        "the migrated imports name the OpenAI v1 counterpart of each imported name, or say it has none. "
        "A message class read only in run-time type checks (`isinstance(m, ChatRequestMessage)`) gets "
        "no replacement: its counterpart is a TypedDict, which `isinstance()` refuses, and OpenAI "
        "messages are plain dicts."
    )
    why = (
        "The Azure AI Inference beta SDK is deprecated and retires in 2026; Azure's `/openai/v1/` "
        "endpoint is served by the stable OpenAI SDK, which covers chat, embeddings and every "
        "newer API with one client."
    )
    example = "from azure.ai.inference.models import SystemMessage, UserMessage, JsonSchemaFormat\n"
    use_instead = (
        "from openai.types.chat import ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam\n"
        "from openai.types.shared_params import ResponseFormatJSONSchema\n"
        "# message classes become dicts {\"role\": \"system\", ...} typed by these TypedDicts\n"
    )
    references = (MIGRATION_GUIDE,)
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n",
        "import azure.ai.inference\n",
        "import azure.ai.inference.models as m\n",
        "from azure.ai.inference.aio import ChatCompletionsClient\n",
        "from azure.ai import inference\n",
        "def f():\n    from azure.ai.inference.models import UserMessage\n",
        "def f(m):\n    from azure.ai.inference.models import ChatRequestMessage\n"
        "    return isinstance(m, ChatRequestMessage)\n",
    )
    valid = (
        "from openai import OpenAI\n",
        "import azure.ai.projects\n",
        "from azure.ai.inferencex import thing\n",
        "from azure.ai import projects\n",
    )
    node_types = (ast.Import, ast.ImportFrom)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if known.is_inference_name(alias.name):
                    ctx.report(self, node, name=alias.name, detail="", snippet=_replacement_import(alias.name))
            return
        module = node.module or ""
        if node.level:
            return
        if known.is_inference_name(module):
            names = ", ".join(a.name for a in node.names)
            found = counterparts.plan(module, [a.name for a in node.names], _type_checks(node, ctx))
            ctx.report(self, node, name=f"{module}.{names}" if len(node.names) == 1 else module,
                       detail=_detail(found), snippet=found.snippet)
        elif module == "azure.ai" and any(a.name == "inference" for a in node.names):
            ctx.report(self, node, name="azure.ai.inference", detail="",
                       snippet=_replacement_import("azure.ai.inference"))


def _type_checks(node: ast.ImportFrom, ctx: Context) -> dict[str, bool]:
    """Imported names read in run-time type checks: every read (``True``) or some (``False``)."""
    scope = ctx.scope.node if ctx.scope is not None else ctx.sem.module.node
    out: dict[str, bool] = {}
    for alias in node.names:
        only = type_checks.only_type_checks(alias.asname or alias.name, scope)
        if only is not None:
            out[alias.name] = only
    return out


def _detail(found: counterparts.ImportPlan) -> str:
    parts = []
    if found.type_checked:
        names = ", ".join(f"`{name}`" for name in found.type_checked)
        parts.append(
            f"{names} {'is' if len(found.type_checked) == 1 else 'are'} read only in run-time type checks "
            f"and {'needs' if len(found.type_checked) == 1 else 'need'} no replacement: OpenAI messages are plain dicts (test `isinstance(x, dict)` or drop "
            "the branch; `isinstance()` on the TypedDict counterpart raises TypeError)"
        )
    if found.missing:
        parts.append(f"no OpenAI v1 counterpart for {', '.join(found.missing)}")
    if found.unknown:
        parts.append(f"no known counterpart for {', '.join(found.unknown)}")
    return "; " + "; ".join(parts) if parts else ""


def _replacement_import(module: str) -> str:
    if module.startswith(known.INFERENCE_AIO):
        return "from openai import AsyncOpenAI\n"
    if module.startswith(known.INFERENCE + ".tracing"):
        return "from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor\n"
    if module.startswith(known.INFERENCE_MODELS):
        return "import openai.types.chat  # message classes become dicts typed by its *MessageParam TypedDicts\n"
    if module.startswith(known.INFERENCE + ".prompts"):
        return "# azure.ai.inference.prompts: none in openai (the prompty package renders .prompty files)\n"
    return "from openai import OpenAI\n"
