"""Rule of the `azure-openai-client` category for the environment switch of openai's module
client: ``os.environ["OPENAI_API_TYPE"] = "azure"`` (api-map §11.2, §11.4)."""

from __future__ import annotations

import ast

from ..engine import Context
from ..model import Category
from ..registry import Rule, register
from ..render import clients as render_clients
from ..render import snippets
from .azure_openai_client import _AZURE_API_TYPES as AZURE_TYPES  # the same switch as AOM303
from .azure_openai_client import _config
from .references import API_VERSION_LIFECYCLE

ENVIRON = "os.environ"
VARIABLE = "OPENAI_API_TYPE"


def _strings(node: ast.AST | None, ctx: Context) -> set[str]:
    if node is None:
        return set()
    return {v.name for v in ctx.infer(node) if v.kind == "str"}


def _is_variable(node: ast.AST | None, ctx: Context) -> bool:
    return _strings(node, ctx) == {VARIABLE}


def _is_azure(node: ast.AST | None, ctx: Context) -> bool:
    found = {s.strip().lower() for s in _strings(node, ctx)}
    return bool(found) and found <= AZURE_TYPES


@register
class OpenAIApiTypeEnvironment(Rule):
    code = "AOM306"
    symbol = "openai-api-type-environment"
    category = Category.AZURE_OPENAI_CLIENT
    message = (
        "`{variable}={value}` in the environment makes openai's module-level client an "
        "`AzureOpenAI` (deployment URLs and an api-version); on /openai/v1/ set `OPENAI_BASE_URL` "
        "instead, or build an explicit `OpenAI(base_url=..., api_key=...)` client{notes}"
    )
    summary = (
        "Flags `os.environ[\"OPENAI_API_TYPE\"] = \"azure\"` (also `\"azure_ad\"`, "
        "`os.environ.setdefault`, `os.environ.update`, `os.putenv`): the environment switch that "
        "turns the implicit openai module client (and openai 0.x, and older LangChain) to Azure."
    )
    why = (
        "With `OPENAI_API_TYPE=azure` the module client (`openai.chat.completions.create(...)`) "
        "is built as `AzureOpenAI`, which needs `OPENAI_API_VERSION` and routes by deployment URL. "
        "The v1 endpoint needs neither: a plain `OpenAI` client reads `OPENAI_BASE_URL` and "
        "`OPENAI_API_KEY` (it reads no `AZURE_*` variable). `openai.api_type = \"azure\"` is the "
        "same switch in code (AOM303)."
    )
    example = (
        "import os\n\n"
        "os.environ[\"OPENAI_API_TYPE\"] = \"azure\"\n"
    )
    use_instead = (
        "import os\n\n"
        "os.environ[\"OPENAI_BASE_URL\"] = \"https://<resource>.openai.azure.com/openai/v1/\"\n"
    )
    references = (API_VERSION_LIFECYCLE, "https://github.com/openai/openai-python#microsoft-azure-openai")
    invalid = (
        example,
        "import os\nos.environ.setdefault('OPENAI_API_TYPE', 'azure_ad')\n",
        "from os import environ\nenviron.update({'OPENAI_API_TYPE': 'azure', 'OPENAI_API_VERSION': v})\n",
        "import os\nTYPE = 'azure'\nos.putenv('OPENAI_API_TYPE', TYPE)\n",
    )
    valid = (
        "import os\nos.environ['OPENAI_API_TYPE'] = 'open_ai'\n",
        "import os\nos.environ['AZURE_API_TYPE'] = 'azure'\n",
        "env = {}\nenv['OPENAI_API_TYPE'] = 'azure'\n",
        "import os\napi_type = os.environ.get('OPENAI_API_TYPE', 'azure')\n",
    )
    node_types = (ast.Assign, ast.Call)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript) and ENVIRON in ctx.qualnames(target.value)
                    and _is_variable(target.slice, ctx) and _is_azure(node.value, ctx)
                ):
                    self._report(node.value, ctx.segment(target.value), ctx)
            return
        assert isinstance(node, ast.Call)
        quals = ctx.qualnames(node.func)
        if quals & {"os.environ.setdefault", "os.putenv"} and len(node.args) >= 2:
            if _is_variable(node.args[0], ctx) and _is_azure(node.args[1], ctx):
                environ = "os.environ" if "os.putenv" in quals else ctx.segment(node.func.value)  # type: ignore[attr-defined]
                self._report(node.args[1], environ, ctx)
        elif "os.environ.update" in quals and node.args and isinstance(node.args[0], ast.Dict):
            for key, value in zip(node.args[0].keys, node.args[0].values):
                if _is_variable(key, ctx) and _is_azure(value, ctx):
                    self._report(value, ctx.segment(node.func.value), ctx)  # type: ignore[attr-defined]

    def _report(self, value: ast.AST, environ: str, ctx: Context) -> None:
        shown = sorted(_strings(value, ctx))[0]
        base, notes = _base_url(ctx)
        snippet = f'{environ}["OPENAI_BASE_URL"] = {base}\n'
        ctx.report(self, value, snippet=snippet, variable=VARIABLE, value=shown, notes=notes)


def _base_url(ctx: Context) -> tuple[str, str]:
    """The v1 base URL from the module's own endpoint (``openai.azure_endpoint = ...``, the
    ``AZURE_OPENAI_ENDPOINT`` variable it names), else a placeholder and a note saying so."""
    config = _config(ctx)
    endpoint = config.values.get("azure_endpoint") or config.values.get("api_base")
    if endpoint is not None:
        return render_clients.base_url_for(endpoint[0], ctx, "azure").text, ""
    if "AZURE_OPENAI_ENDPOINT" in ctx.source.text:
        return render_clients.base_url_for(None, ctx, "azure").text, ""
    return (
        snippets.string(render_clients.PLACEHOLDER_BASE_URL),
        "; the endpoint is not in this module: put your resource's /openai/v1/ URL in the placeholder",
    )
