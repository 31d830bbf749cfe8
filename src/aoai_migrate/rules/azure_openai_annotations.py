"""Rules of the ``azure-openai-client`` category: type annotations naming ``AzureOpenAI`` /
``AsyncAzureOpenAI``, whose values become ``OpenAI`` / ``AsyncOpenAI`` clients."""

from __future__ import annotations

import ast

from .. import known
from ..analysis.annotations import ANNOTATED, annotation_names
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..semantics import parent_of
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
    message = "`{name}` annotates a client that becomes `{target}` on the /openai/v1/ endpoint{note}"
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
        "the Azure client. The fix adds the import. Display-only for a class annotation "
        "(`type[AzureOpenAI]`) whose name the code calls with arguments only the Azure class takes "
        "(`azure_endpoint=`, `api_version=`, ...): those constructions stay Azure's, and the message "
        "names them."
    )
    invalid = (
        example,
        "import openai\nclass Service:\n    client: openai.AsyncAzureOpenAI | None = None\n",
        "from openai import AzureOpenAI\ndef make() -> AzureOpenAI:\n    return AzureOpenAI()\n",
        # display-only: the class is still called with the Azure-only arguments
        "from openai import AzureOpenAI\n"
        "def make(client_type: type[AzureOpenAI]):\n"
        "    return client_type(api_key='k', api_version='2024-02-01', azure_endpoint='https://r.openai.azure.com')\n",
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
            if found is None:
                continue
            azure_calls = _azure_constructions(node, part) if _in_class_annotation(part, node) else []
            if not azure_calls:
                report_annotation(self, part, found[0], ctx, found[1])
                continue
            call = azure_calls[0]
            keywords = sorted({k.arg for c in azure_calls for k in c.keywords if k.arg in _AZURE_ONLY})
            note = (
                f"; `{ctx.segment(call.func)}(...)` on line {call.lineno} passes "
                + ", ".join(f"`{k}=`" for k in keywords)
                + f", which `{found[0]}` does not take: change those calls with the annotation "
                "(`base_url=` the endpoint + `/openai/v1/`, no `api_version`; no automatic fix)"
            )
            report_annotation(self, part, found[0], ctx, found[1], note=note, applicability=Applicability.DISPLAY_ONLY)


#: constructor arguments only the Azure client classes take
_AZURE_ONLY = frozenset(
    {"azure_endpoint", "azure_deployment", "api_version", "azure_ad_token", "azure_ad_token_provider"}
)


def _in_class_annotation(part: ast.expr, node: ast.AST) -> bool:
    """Whether ``part`` sits in a ``type[...]`` / ``Type[...]`` of ``node``'s annotation: the
    annotated name holds the class, which the code may call."""
    current = parent_of(part)
    while current is not None and current is not node:
        if isinstance(current, ast.Subscript):
            value = current.value
            name = value.id if isinstance(value, ast.Name) else value.attr if isinstance(value, ast.Attribute) else ""
            if name in ("type", "Type"):
                return True
        current = parent_of(current)
    return False


def _azure_constructions(node: ast.AST, part: ast.expr) -> list[ast.Call]:
    """The calls of the name ``node`` annotates (a parameter: in its function; an annotated
    variable: in the enclosing scope) that pass an argument only the Azure classes take."""
    if isinstance(node, ast.arg):
        name, scope = node.arg, parent_of(parent_of(node))  # arg -> arguments -> function
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        name, scope = node.target.id, parent_of(node)
    else:
        return []
    if scope is None:
        return []
    return [
        call for call in ast.walk(scope)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name
        and any(k.arg in _AZURE_ONLY for k in call.keywords)
    ]
