"""api-version hard-coded through the environment: ``os.environ[...] = ...``, ``setdefault``,
``update``, ``putenv`` and literal defaults of ``os.getenv``/``os.environ.get`` (AOM403)."""

from __future__ import annotations

import ast

from ...render import clients as render_clients
from ...render import snippets
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from .clients import version_target, without_version
from .common import GETTERS, Pinned, dict_without, hard_coded, is_version_variable, mentions, render_call, variable_name  # noqa: F401
from ..references import API_VERSION_LIFECYCLE

ENVIRON = "os.environ"
def _getter_default(call: ast.Call) -> ast.AST | None:
    if len(call.args) >= 2 and not any(isinstance(a, ast.Starred) for a in call.args[:2]):
        return call.args[1]
    for kw in call.keywords:
        if kw.arg == "default":
            return kw.value
    return None


def _is_getter(call: ast.AST, ctx: Context) -> bool:
    return isinstance(call, ast.Call) and bool(ctx.qualnames(call.func) & GETTERS)


def base_url_env_snippet(environ_text: str, ctx: Context) -> str:
    """``os.environ["OPENAI_BASE_URL"] = ...``: what OpenAI reads instead of an api-version."""
    base = render_clients.base_url_for(None, ctx, "azure").text
    return f'{environ_text}["OPENAI_BASE_URL"] = {base}\n'


@register
class EnvironmentApiVersion(Rule):
    code = "AOM403"
    symbol = "environment-api-version"
    category = Category.API_VERSION
    message = "`{name}` gets the hard-coded api-version {value} {how}; OpenAI on /openai/v1/ needs none"
    summary = (
        "Flags a literal Azure OpenAI api-version written to the environment (`os.environ[...] =`, "
        "`setdefault`, `update`, `putenv`) or used as the default of `os.getenv`/`os.environ.get` "
        "(also `os.getenv(NAME) or \"...\"`) for `OPENAI_API_VERSION`, `AZURE_OPENAI_API_VERSION`, "
        "`AZURE_OPENAI_VERSION`, `AZURE_API_VERSION` and other `*OPENAI*_VERSION` variables."
    )
    why = (
        "`AzureOpenAI` reads `OPENAI_API_VERSION` when no `api_version=` is passed, and apps read their "
        "own variables with a dated fallback: either way the code keeps pinning a dated API. The "
        "`OpenAI` client on the v1 endpoint reads no api-version; its environment variables are "
        "`OPENAI_BASE_URL` and `OPENAI_API_KEY`."
    )
    example = (
        "import os\n\n"
        'api_version = os.getenv("AZURE_OPENAI_API_VERSION", "2024-06-01")\n'
    )
    use_instead = (
        "import os\n\n"
        'api_version = os.getenv("AZURE_OPENAI_API_VERSION")  # unused once the client is OpenAI on /openai/v1/\n'
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://github.com/openai/openai-python/blob/main/src/openai/lib/azure.py",
    )
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: code that still builds an AzureOpenAI client reads the variable; the '
        'change is right once every client is on /openai/v1/.'
    )
    invalid = (
        'import os\nos.environ["OPENAI_API_VERSION"] = "2024-02-01"\n',
        'import os\nos.environ.setdefault("AZURE_OPENAI_API_VERSION", "2024-10-21")\n',
        'import os\nos.environ.update({"OPENAI_API_VERSION": "2024-06-01", "X": "1"})\n',
        'import os\nos.environ.update(OPENAI_API_VERSION="2024-06-01")\n',
        'from os import getenv\nv = getenv("AZURE_OPENAI_VERSION", "2024-08-01-preview")\n',
        'import os as o\nv = o.environ.get("AZURE_API_VERSION", default="2024-06-01")\n',
        'import os\nv = os.getenv("OPENAI_API_VERSION") or "2024-06-01"\n',
        'from os import environ\nNAME = "AZURE_OPENAI_CHAT_API_VERSION"\nv = environ.get(NAME, "2024-12-01-preview")\n',
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=os.getenv("OPENAI_API_VERSION", "2024-06-01"))\n',
    )
    valid = (
        'import os\nv = os.getenv("STRIPE_API_VERSION", "2023-10-16")\n',
        'import os\nv = os.getenv("GRAPH_API_VERSION", "2024-01-01")\n',
        'import os\nv = os.getenv("AZURE_OPENAI_MODEL_VERSION", "2024-05-13")\n',
        'import os\nv = os.getenv("OPENAI_API_VERSION")\n',
        'import os\nv = os.environ["OPENAI_API_VERSION"]\n',
        'import os\nv = os.getenv("OPENAI_API_VERSION", "<your-api-version>")\n',
        'import os\nv = os.getenv("OPENAI_VERSION", "1.30.0")\n',
        'env = {}\nenv["OPENAI_API_VERSION"] = "2024-02-01"\n',
        'config.get("OPENAI_API_VERSION", "2024-02-01")\n',
        'import os\nos.environ["OPENAI_API_VERSION"] = version\n',
    )
    node_types = (ast.Assign, ast.Call, ast.BoolOp)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if not mentions(ctx, "environ", "getenv", "putenv"):
            return
        if isinstance(node, ast.Assign):
            self._assign(node, ctx)
        elif isinstance(node, ast.Call):
            self._call(node, ctx)
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            self._or(node, ctx)

    # os.environ["NAME"] = "..."
    def _assign(self, node: ast.Assign, ctx: Context) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Subscript) or ENVIRON not in ctx.qualnames(target.value):
                continue
            name = variable_name(target.slice, ctx)
            pinned = hard_coded(node.value, ctx) if name else None
            if pinned:
                self._written(ctx, pinned, name, ctx.segment(target.value))

    def _written(self, ctx: Context, pinned: Pinned, name: str, environ_text: str,
                 snippet: str | None = None, replace: ast.AST | None = None) -> None:
        ctx.report(
            self,
            pinned.node,
            snippet=snippet or base_url_env_snippet(environ_text, ctx),
            replace=replace,
            name=name,
            value=pinned.shown,
            how="in the environment" + ("" if snippet else " (the snippet sets OPENAI_BASE_URL from AZURE_OPENAI_ENDPOINT)"),
        )

    def _call(self, node: ast.Call, ctx: Context) -> None:
        quals = ctx.qualnames(node.func)
        if not quals:
            return
        environ_text = ctx.segment(node.func.value) if isinstance(node.func, ast.Attribute) else "os.environ"
        if quals & {"os.environ.setdefault", "os.putenv"}:
            if "os.putenv" in quals:
                environ_text = "os.environ"
            if len(node.args) >= 2:
                name = variable_name(node.args[0], ctx)
                pinned = hard_coded(node.args[1], ctx) if name else None
                if pinned:
                    self._written(ctx, pinned, name, environ_text)
        elif "os.environ.update" in quals:
            self._update(node, ctx, environ_text)
        elif quals & GETTERS:
            name = variable_name(node.args[0], ctx) if node.args else None
            pinned = hard_coded(_getter_default(node), ctx) if name else None
            if pinned:
                snippet, replace = self._without_default(node, ctx)
                ctx.report(self, pinned.node, snippet=snippet, replace=replace, name=name, value=pinned.shown,
                           how=f"as the default of `{ctx.segment(node.func)}()`")

    def _update(self, node: ast.Call, ctx: Context, environ_text: str) -> None:
        if node.args and isinstance(node.args[0], ast.Dict):
            mapping = node.args[0]
            for key, value in zip(mapping.keys, mapping.values):
                name = variable_name(key, ctx) if key is not None else None
                pinned = hard_coded(value, ctx) if name else None
                if not pinned:
                    continue
                rest = dict_without(mapping, ctx, [name])
                if rest is None:
                    self._written(ctx, pinned, name, environ_text)
                else:
                    snippet = render_call(node, ctx, positional={0: rest})
                    self._written(ctx, pinned, name, environ_text, snippet, node)
        for kw in node.keywords:
            if kw.arg and is_version_variable(kw.arg):
                pinned = hard_coded(kw.value, ctx)
                if not pinned:
                    continue
                if len(node.keywords) + len(node.args) > 1:
                    self._written(ctx, pinned, kw.arg, environ_text, render_call(node, ctx, drop={kw.arg}), node)
                else:
                    self._written(ctx, pinned, kw.arg, environ_text)

    def _without_default(self, getter: ast.Call, ctx: Context, whole: ast.AST | None = None) -> tuple[str, ast.AST | None]:
        """The migrated code for a getter with a literal default: the client call without its
        api_version when the getter is one, else the getter without the default (replacing
        ``whole``, the getter or the ``or`` expression around it)."""
        expr = whole or getter
        parent = ctx.parent()
        if isinstance(parent, ast.keyword) and parent.arg == "api_version" and parent.value is expr:
            call = ctx.parent(2)
            if isinstance(call, ast.Call):
                target = version_target(call, ctx)
                if target is not None:
                    snippet, _ = without_version(call, target[0], ctx)
                    return snippet, None
        positional = [ctx.segment(a) for a in getter.args[:1]]
        args = [(None, text) for text in positional]
        args += [(kw.arg, ctx.segment(kw.value)) for kw in getter.keywords if kw.arg not in (None, "default")]
        return snippets.call(ctx.segment(getter.func), args), expr

    # os.getenv("NAME") or "..."
    def _or(self, node: ast.BoolOp, ctx: Context) -> None:
        first, last = node.values[0], node.values[-1]
        if not _is_getter(first, ctx) or _getter_default(first) is not None or not first.args:
            return
        name = variable_name(first.args[0], ctx)
        pinned = hard_coded(last, ctx) if name else None
        if not pinned:
            return
        snippet, replace = self._without_default(first, ctx, whole=node)
        ctx.report(self, pinned.node, snippet=snippet, replace=replace, name=name, value=pinned.shown,
                   how="as the fallback of `or`")
