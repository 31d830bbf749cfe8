"""api-version hard-coded as the default of a parameter or a class field (AOM404)."""

from __future__ import annotations

import ast
import copy
from typing import Iterator

from ... import known
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from .clients import version_target
from .common import Pinned, hard_coded, short
from ..references import API_VERSION_LIFECYCLE

#: packages whose code talks to Azure OpenAI / Azure AI model inference
RELATED_ROOTS = (
    "openai", known.INFERENCE, "azure.ai.projects", "langchain_openai",
    "langchain_community.chat_models", "langchain_community.embeddings", "langchain_community.llms",
    "langchain.chat_models", "langchain.embeddings", "langchain.llms", "llama_index.llms.azure_openai",
    "llama_index.embeddings.azure_openai", "llama_index.llms.azure_inference", "semantic_kernel",
    "autogen_ext.models.openai", "autogen", "litellm", "instructor", "pydantic_ai",
)
#: packages whose own API versions are dates too: a module using them needs stronger evidence
#: (Key Vault's "7.4" or Graph's "v1.0" cannot be mistaken for an Azure OpenAI version)
OTHER_VERSIONED_ROOTS = (
    "stripe", "boto3", "botocore", "azure.storage", "azure.mgmt", "azure.search", "azure.cosmos",
    "azure.ai.formrecognizer", "azure.ai.documentintelligence", "azure.ai.textanalytics",
    "azure.ai.translation", "azure.ai.contentsafety", "azure.ai.vision", "azure.cognitiveservices",
    "twilio", "github", "docusign",
)
#: parameter-name tokens that point at another API
_OTHER_TOKENS = frozenset(
    {"stripe", "graph", "google", "gemini", "anthropic", "keyvault", "vault", "storage", "mgmt",
     "management", "arm", "search", "cosmos", "document", "speech", "translator", "vision",
     "language", "safety", "github", "model", "deployment", "sdk", "schema"}
)


def is_version_parameter(name: str) -> bool:
    """``api_version``, ``openai_api_version``, ``azure_openai_api_version``, ``chat_api_version``,
    ``openai_version``...; not ``stripe_api_version``, ``search_api_version``, ``model_version``."""
    tokens = name.lower().strip("_").split("_")
    if len(tokens) < 2 or tokens[-1] != "version" or set(tokens) & _OTHER_TOKENS:
        return False
    return tokens[-2] == "api" or tokens[-2] in ("openai", "aoai")


def _under(qual: str, roots: tuple[str, ...]) -> bool:
    return any(qual == root or qual.startswith(root + ".") for root in roots)


def module_relation(ctx: Context) -> tuple[bool, bool]:
    """``(imports an Azure-OpenAI-related package, imports another versioned API's SDK)``."""
    cached = ctx.state.get("AOM404")
    if cached is not None:
        return cached
    related = other = False
    for scope in ctx.sem.scopes.values():
        for module in scope.star_imports:
            related = related or _under(module, RELATED_ROOTS)
        for bindings in scope.bindings.values():
            for kind, payload, _ in bindings:
                if kind == "value" and getattr(payload, "kind", None) == "qual":
                    related = related or _under(payload.name, RELATED_ROOTS)
                    other = other or _under(payload.name, OTHER_VERSIONED_ROOTS)
    ctx.state["AOM404"] = (related, other)
    return related, other


def _defaults(args: ast.arguments) -> Iterator[tuple[ast.arg, ast.AST]]:
    positional = list(args.posonlyargs) + list(args.args)
    for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        yield arg, default
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is not None:
            yield arg, default


def _passed_to_client(fn: ast.AST, name: str, ctx: Context) -> bool:
    """The function body passes parameter ``name`` as a keyword to an Azure OpenAI / Inference
    client (or a call of a related package)."""
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    for stmt in body:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            if not any(isinstance(kw.value, ast.Name) and kw.value.id == name for kw in node.keywords if kw.arg):
                continue
            if version_target(node, ctx) is not None:
                return True
            if any(_under(q, RELATED_ROOTS) for q in ctx.qualnames(node.func)):
                return True
    return False


def _field_passed(cls: ast.ClassDef, name: str, ctx: Context) -> bool:
    """A method of the class passes ``self.<name>`` (or ``cls.<name>``) as a keyword to an Azure
    OpenAI / Inference client."""
    for node in ast.walk(cls):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            value = kw.value
            if kw.arg and isinstance(value, ast.Attribute) and value.attr == name and isinstance(value.value, ast.Name):
                if version_target(node, ctx) is not None or any(_under(q, RELATED_ROOTS) for q in ctx.qualnames(node.func)):
                    return True
    return False


def _without_parameter(fn: ast.AST, arg: ast.arg) -> str:
    """The header of ``fn`` (or the whole lambda) without parameter ``arg``."""
    new = copy.copy(fn)
    args = copy.copy(fn.args)
    positional = list(args.posonlyargs) + list(args.args)
    if arg in positional:
        index = positional.index(arg)
        offset = len(positional) - len(args.defaults)
        defaults = list(args.defaults)
        if index >= offset:
            del defaults[index - offset]
        args.defaults = defaults
        args.posonlyargs = [a for a in args.posonlyargs if a is not arg]
        args.args = [a for a in args.args if a is not arg]
    else:
        pairs = [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if a is not arg]
        args.kwonlyargs = [a for a, _ in pairs]
        args.kw_defaults = [d for _, d in pairs]
    new.args = args
    if isinstance(fn, ast.Lambda):
        return ast.unparse(new)
    new.body = [ast.Expr(ast.Constant(...))]
    new.decorator_list = []
    return ast.unparse(new)


def _field_default(value: ast.AST, ctx: Context) -> ast.AST | None:
    """The default a class-body value stands for: the value, or ``Field(default)`` /
    ``field(default=...)`` of pydantic and dataclasses."""
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("Field", "field"):
            for kw in value.keywords:
                if kw.arg == "default":
                    return kw.value
            if name == "Field" and value.args and not isinstance(value.args[0], ast.Starred):
                return value.args[0]
        return None
    return value


@register
class DefaultApiVersion(Rule):
    code = "AOM404"
    symbol = "default-api-version"
    category = Category.API_VERSION
    message = "`{name}` defaults to the hard-coded api-version {value} {where}: the /openai/v1/ endpoint takes no api-version"
    summary = (
        "Flags Azure OpenAI api-versions hard-coded as the default of a parameter (`def make(api_version="
        "\"2024-02-01\")`, keyword-only, lambdas) or of a class field (dataclass, pydantic settings), "
        "in code that talks to Azure OpenAI."
    )
    why = (
        "A default version pins every caller that does not pass one. Once the client is `OpenAI` on "
        "the v1 endpoint there is nothing to pass: the parameter or field goes away."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        'def make_client(endpoint, key, api_version="2024-02-01"):\n'
        "    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=api_version)\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "def make_client(endpoint, key):\n"
        "    return OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
    )
    references = (API_VERSION_LIFECYCLE,)
    known_problems = (
        "In a module that also imports another SDK with dated API versions (Stripe, Key Vault, ...), "
        "only functions that pass the parameter to an Azure OpenAI client are flagged."
    )
    invalid = (
        'import openai\ndef make(api_version="2024-02-01"):\n    ...\n',
        'import openai\ndef make(*, openai_api_version: str = "2024-06-01"):\n    ...\n',
        'from langchain_openai import AzureChatOpenAI\nbuild = lambda api_version="2024-06-01": AzureChatOpenAI(api_version=api_version)\n',
        "from dataclasses import dataclass\nimport openai\n"
        '@dataclass\nclass Settings:\n    azure_openai_api_version: str = "2024-10-21"\n',
        "from pydantic import BaseModel, Field\nfrom azure.ai.inference import ChatCompletionsClient\n"
        'class Cfg(BaseModel):\n    api_version: str = Field("2024-05-01-preview", description="v")\n',
        "import stripe\nfrom openai import AzureOpenAI\n"
        'def make(e, k, api_version="preview"):\n    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=api_version)\n',
    )
    valid = (
        'import stripe\ndef f(api_version="2023-10-16"):\n    ...\n',
        'import requests\ndef f(api_version="2024-02-01"):\n    ...\n',
        "import stripe\nimport openai\n"
        'def f(api_version="2023-10-16"):\n    return stripe.Charge.list(api_version=api_version)\n',
        'import openai\ndef f(search_api_version="2023-11-01"):\n    ...\n',
        'import openai\ndef f(api_version=None):\n    ...\n',
        'import openai\ndef f(api_version="v1"):\n    ...\n',
        'import openai\ndef f(api_version="<api-version>"):\n    ...\n',
        'import openai\nclass S:\n    model_version: str = "2024-05-13"\n',
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.ClassDef):
            self._class(node, ctx)
            return
        for arg, default in _defaults(node.args):
            if not is_version_parameter(arg.arg):
                continue
            certain = _passed_to_client(node, arg.arg, ctx)
            if not certain:
                related, other = module_relation(ctx)
                if not related or other:
                    continue
            pinned = hard_coded(default, ctx, dated_only=not certain)
            if pinned is None:
                continue
            where = "in a lambda" if isinstance(node, ast.Lambda) else f"in `{node.name}()`"
            self._report(ctx, pinned, arg.arg, where, _without_parameter(node, arg))

    def _class(self, node: ast.ClassDef, ctx: Context) -> None:
        candidates = []
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                candidates.append((stmt, stmt.target.id, stmt.value))
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                candidates.append((stmt, stmt.targets[0].id, stmt.value))
        for stmt, name, value in candidates:
            if not is_version_parameter(name):
                continue
            certain = _field_passed(node, name, ctx)
            if not certain:
                related, other = module_relation(ctx)
                if not related or other:
                    continue
            default = _field_default(value, ctx)
            pinned = hard_coded(default, ctx, dated_only=not certain) if default is not None else None
            if pinned is None:
                continue
            if isinstance(stmt, ast.AnnAssign):
                annotation = ctx.segment(stmt.annotation)
                optional = annotation if "None" in annotation or "Optional" in annotation else f"{annotation} | None"
                snippet = f"{name}: {optional} = None\n"
            else:
                snippet = f"{name} = None\n"
            self._report(ctx, pinned, name, f"in class `{node.name}`", snippet)

    def _report(self, ctx: Context, pinned: Pinned, name: str, where: str, snippet: str) -> None:
        ctx.report(self, pinned.node, snippet=snippet, name=short(name), value=pinned.shown, where=where)
