"""Rules of the ``inference-sdk`` category: imports, clients, calls and model classes of
``azure.ai.inference``."""

from __future__ import annotations

import ast
import dataclasses

from ... import known
from ...engine import Context
from ...analysis import type_checks
from ...model import Category
from ...render import counterparts
from ...registry import Rule, register
from ..references import MIGRATION_GUIDE
from . import module_uses


@register
class InferenceImport(Rule):
    code = "AOM101"
    symbol = "inference-sdk-import"
    category = Category.INFERENCE_SDK
    message = "`{name}` is imported from the deprecated Azure AI Inference SDK (azure-ai-inference){detail}"
    summary = (
        "Flags every import from `azure.ai.inference` (also `.aio`, `.models`, `.tracing`, `.prompts`); "
        "the migrated imports name the OpenAI v1 counterpart of each imported name, or say it has none. "
        "An import of a whole module (`import azure.ai.inference as sdk`) migrates to what the module "
        "reads through it (`sdk.models.ChatCompletions({...})` -> `ChatCompletion.model_validate({...})`), "
        "and the message names each such read that no other finding covers, with its replacement or "
        "why it has none (`sdk.models.StreamingChatCompletions(response=...)`: the SDK's own stream parser); "
        "a class built through a `from` import gets the same words. "
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
        "import azure.ai.inference as sdk\n\n\ndef parse(raw):\n"
        "    return sdk.models.StreamingChatCompletions(response=raw), sdk.models.ChatCompletions({\"choices\": []})\n",
        "def f():\n    from azure.ai.inference.models import UserMessage\n",
        "def f(m):\n    from azure.ai.inference.models import ChatRequestMessage\n"
        "    return isinstance(m, ChatRequestMessage)\n",
    )
    valid = (
        "from openai import OpenAI\n",
        "import azure.ai.projects\n",
        "from azure.ai.inferencex import thing\n",
        "from azure.ai import projects\n",
        "from azure.ai import projects as inference\n\ninference.models.ChatCompletions({})\n",
    )
    node_types = (ast.Import, ast.ImportFrom)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if known.is_inference_name(alias.name):
                    bound = alias.asname or alias.name.split(".")[0]
                    self._module_import(node, alias.name, bound, ctx)
            return
        module = node.module or ""
        if node.level:
            return
        if known.is_inference_name(module):
            names = ", ".join(a.name for a in node.names)
            name = f"{module}.{names}" if len(node.names) == 1 else module
            local = {a.asname or a.name: (module, a.name) for a in node.names if a.name != "*"}
            built = module_uses.name_uses(local, ctx)
            if not built:
                found = counterparts.plan(module, [a.name for a in node.names], _type_checks(node, ctx))
                ctx.report(self, node, name=name, detail=_detail(found), snippet=found.snippet)
                return
            # a name only ever built here gets what building it becomes, not what naming it does
            named = _named(local, built, ctx)
            extra, imports = module_uses.constructions(built)
            found = counterparts.plan_names(
                [(module, a.name, a.name) for a in node.names if (a.asname or a.name) in named or a.name == "*"],
                _type_checks(node, ctx), extra=extra, imports=imports,
            )
            self._report_reads(node, ctx, None, built, name=name, detail=_detail(found), snippet=found.snippet)
        elif module == "azure.ai":
            for alias in node.names:
                if alias.name == "inference":
                    self._module_import(node, known.INFERENCE, alias.asname or alias.name, ctx)

    def _module_import(self, node: ast.AST, module: str, bound: str, ctx: Context) -> None:
        """``import azure.ai.inference as sdk`` (or ``from azure.ai import inference``): the
        migrated imports are those of what the module reads through ``bound``; the message lists
        the reads no other finding covers, with what each becomes (worded once all are known)."""
        uses = module_uses.uses(bound, ctx)
        if not uses:
            ctx.report(self, node, name=module, detail="", snippet=_replacement_import(module))
            return
        self._report_reads(node, ctx, bound, uses, name=module, detail="", snippet=module_uses.plan(uses).snippet)

    def _report_reads(self, node: ast.AST, ctx: Context, bound: str | None, uses: list[module_uses.Use],
                      *, name: str, detail: str, snippet: str) -> None:
        """Report, and once every finding is known add to the message the ``uses`` no other
        finding covers."""
        before = len(ctx.findings)
        ctx.report(self, node, name=name, detail=detail, snippet=snippet)
        if len(ctx.findings) == before:
            return

        def word() -> None:
            finding = ctx.findings[before]
            more = module_uses.detail(bound, module_uses.uncovered(uses, ctx.findings, finding))
            if more:
                ctx.findings[before] = dataclasses.replace(
                    finding, message=self.message.format(name=name, detail=detail + more)
                )

        ctx.finish.append(word)


def _named(local: dict[str, tuple[str, str]], built: list[module_uses.Use], ctx: Context) -> set[str]:
    """The names of ``local`` read other than by the calls in ``built`` (or not read at all)."""
    calls = {id(use.node.func) for use in built if isinstance(use.node, ast.Call)}
    reads: dict[str, int] = {}
    for read in ast.walk(ctx.sem.tree):
        if isinstance(read, ast.Name) and read.id in local and isinstance(read.ctx, ast.Load) and id(read) not in calls:
            reads[read.id] = reads.get(read.id, 0) + 1
    built_names = {use.label for use in built}
    return {name for name in local if name not in built_names or reads.get(name)}


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
