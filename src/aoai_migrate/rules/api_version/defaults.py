"""api-version hard-coded as the default of a parameter or a class field (AOM404)."""

from __future__ import annotations

import ast
import copy
from typing import Iterator

from ... import known
from ...engine import Context
from ...locate import scope_containing
from ...semantics import Scope, Value, parent_of
from ...model import Category
from ...registry import Rule, register
from .clients import version_target
from .common import Pinned, hard_coded, keyword, mentions, render_call, short
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


def version_attributes(ctx: Context) -> list[tuple[ast.Attribute, Scope]]:
    """``<x>.<attr>`` expressions passed as ``api_version=`` to an Azure OpenAI / Inference client
    anywhere in the module, with their scopes (computed once per module)."""
    cached = ctx.state.get("AOM404.flows")
    if cached is not None:
        return cached
    found: list[tuple[ast.Attribute, Scope]] = []
    if mentions(ctx, "api_version"):
        memo: dict = {}
        saved = ctx.scope
        try:
            for node in ast.walk(ctx.sem.tree):
                if not isinstance(node, ast.Call):
                    continue
                kw = keyword(node, "api_version")
                if kw is None or not isinstance(kw.value, ast.Attribute):
                    continue
                ctx.scope = scope_containing(ctx.sem, node, memo)
                if version_target(node, ctx) is not None:
                    found.append((kw.value, ctx.scope))
        finally:
            ctx.scope = saved
    ctx.state["AOM404.flows"] = found
    return found


def _flows_from(ctx: Context, attr: str, accept) -> bool:
    """Some ``<x>.<attr>`` passed as a client's ``api_version=`` has an ``x`` that ``accept``s."""
    for node, scope in version_attributes(ctx):
        if node.attr == attr and any(accept(v) for v in ctx.infer(node.value, scope)):
            return True
    return False


def _of_class(cls_scope: Scope | None):
    return lambda v: v.kind in ("object", "class") and v.node is cls_scope


def _argparse_value(value: Value, depth: int = 0) -> bool:
    """The parsed namespace of an ``argparse`` parser (``parser.parse_args()``)."""
    if value is None or depth > 6:
        return False
    if value.kind in ("instance", "qual") and value.name.startswith("argparse."):
        return True
    return _argparse_value(value.owner, depth + 1)


def _option_name(call: ast.Call, click: bool) -> str | None:
    """The attribute / parameter an option is stored in: ``dest=``, else the first long flag
    (``--api-version`` -> ``api_version``), or click's bare parameter name."""
    dest = keyword(call, "dest")
    if dest is not None:
        return dest.value.value if isinstance(dest.value, ast.Constant) and isinstance(dest.value.value, str) else None
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if click:
        bare = [f for f in flags if not f.startswith("-") and f.isidentifier()]
        if bare:
            return bare[0]
    for flag in flags:
        if flag.startswith("--"):
            return flag[2:].split("/", 1)[0].replace("-", "_")
    for flag in flags:
        if flag.startswith("-"):
            return flag.lstrip("-").replace("-", "_")
    return None


def _header(fn: ast.AST, args: ast.arguments) -> str:
    """The header of ``fn`` (or the whole lambda) with ``args`` as its parameters."""
    new = copy.copy(fn)
    new.args = args
    if isinstance(fn, ast.Lambda):
        return ast.unparse(new)
    new.body = [ast.Expr(ast.Constant(...))]
    new.decorator_list = []
    return ast.unparse(new)


def _without_parameter(fn: ast.AST, arg: ast.arg) -> str:
    """The header of ``fn`` (or the whole lambda) without parameter ``arg``."""
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
    return _header(fn, args)


def _with_none_default(fn: ast.AST, arg: ast.arg) -> str:
    """The header of ``fn`` (or the whole lambda) with ``arg`` defaulting to ``None`` (its
    annotation made optional)."""
    args = copy.copy(fn.args)
    positional = list(args.posonlyargs) + list(args.args)
    if arg in positional:
        offset = len(positional) - len(args.defaults)
        defaults = list(args.defaults)
        defaults[positional.index(arg) - offset] = ast.Constant(None)
        args.defaults = defaults
    else:
        args.kw_defaults = [ast.Constant(None) if a is arg else d for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if arg.annotation is not None:
        shown = ast.unparse(arg.annotation)
        if "None" not in shown and "Optional" not in shown and "Any" not in shown:
            optional = ast.BinOp(arg.annotation, ast.BitOr(), ast.Constant(None))
            replaced = ast.arg(arg.arg, optional, arg.type_comment)
            args.posonlyargs = [replaced if a is arg else a for a in args.posonlyargs]
            args.args = [replaced if a is arg else a for a in args.args]
            args.kwonlyargs = [replaced if a is arg else a for a in args.kwonlyargs]
    return _header(fn, args)


def _other_reads(fn: ast.AST, name: str, ctx: Context) -> list[int]:
    """Lines of ``fn``'s body that read parameter ``name``, other than as the ``api_version=`` of
    a client whose migration drops it (AOM301/AOM401 cover those)."""
    covered: set[int] = set()
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and version_target(node, ctx) is not None:
                for kw in node.keywords:
                    if kw.arg == "api_version" and isinstance(kw.value, ast.Name) and kw.value.id == name:
                        covered.add(id(kw.value))
    lines = {
        node.lineno for stmt in body for node in ast.walk(stmt)
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load) and id(node) not in covered
    }
    return sorted(lines)


def _keyword_callers(fn: ast.AST, name: str, ctx: Context) -> list[int]:
    """Lines of the module that call ``fn`` passing ``name=`` (by its name, as a method, through
    the class for ``__init__``, or ``super().__init__``)."""
    if isinstance(fn, ast.Lambda):
        return []
    names = {fn.name}
    if fn.name == "__init__":
        owner = parent_of(fn)
        if isinstance(owner, ast.ClassDef):
            names.add(owner.name)
    own = {id(n) for n in ast.walk(fn)}  # its own `super().__init__(...)` calls the parent
    lines = set()
    for node in ast.walk(ctx.sem.tree):
        if not isinstance(node, ast.Call) or id(node) in own or not any(kw.arg == name for kw in node.keywords):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if called in names:
            lines.add(node.lineno)
    return sorted(lines)


def _lines(lines: list[int]) -> str:
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(str(n) for n in lines[:6]) + (", ..." if len(lines) > 6 else "")


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
    message = (
        "`{name}` defaults to the hard-coded api-version {value} {where}: the /openai/v1/ endpoint takes no "
        "api-version{notes}"
    )
    summary = (
        "Flags Azure OpenAI api-versions hard-coded as the default of a parameter (`def make(api_version="
        "\"2024-02-01\")`, keyword-only, lambdas), of a class field (dataclass, also "
        "`field(default=...)`, pydantic models and settings, also `Field(...)`) or of an argparse / "
        "click option, in code that talks to Azure OpenAI."
    )
    why = (
        "A default version pins every caller that does not pass one. Once the client is `OpenAI` on "
        "the v1 endpoint there is nothing to pass: the parameter, field or option goes away. A "
        "parameter the function's body still reads (`if api_version: args[\"api_version\"] = "
        "api_version`), that callers of the module pass by keyword, or that a `**kwargs` would "
        "otherwise swallow stays, defaulting to `None`, and the message names those lines. A "
        "field or option whose value this module passes as a client's `api_version=` "
        "(`AzureOpenAI(api_version=settings.chat_version)`, `args.aoai_version`) is flagged whatever "
        "its name; other services' versions held the same way (Azure AI Search, Document "
        "Intelligence, Storage) are not."
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
        "only defaults this module passes to an Azure OpenAI client are flagged. A settings object "
        "built in another module is not followed by flake8 or the CLI."
    )
    invalid = (
        'import openai\ndef make(api_version="2024-02-01"):\n    ...\n',
        'import openai\ndef make(*, openai_api_version: str = "2024-06-01"):\n    ...\n',
        # a body that still reads the parameter keeps it (default None) and names the reads
        "from openai import AzureOpenAI\n"
        'def make(e, k, api_version="2024-02-01"):\n    kw = {"azure_endpoint": e, "api_key": k}\n'
        '    if api_version:\n        kw["api_version"] = api_version\n    return AzureOpenAI(**kw)\n',
        'from langchain_openai import AzureChatOpenAI\nbuild = lambda api_version="2024-06-01": AzureChatOpenAI(api_version=api_version)\n',
        "from dataclasses import dataclass\nimport openai\n"
        '@dataclass\nclass Settings:\n    azure_openai_api_version: str = "2024-10-21"\n',
        "from pydantic import BaseModel, Field\nfrom azure.ai.inference import ChatCompletionsClient\n"
        'class Cfg(BaseModel):\n    api_version: str = Field("2024-05-01-preview", description="v")\n',
        "import stripe\nfrom openai import AzureOpenAI\n"
        'def make(e, k, api_version="preview"):\n    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=api_version)\n',
        # a field of any name whose value becomes a client's api_version
        "from dataclasses import dataclass, field\nfrom azure.storage.blob import BlobServiceClient\n"
        "from openai import AzureOpenAI\n"
        '@dataclass\nclass Cfg:\n    version: str = field(default="2024-08-01-preview")\n'
        "cfg = Cfg()\nclient = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=cfg.version)\n",
        "from pydantic_settings import BaseSettings\nfrom openai import AzureOpenAI\n"
        'class Settings(BaseSettings):\n    chat: str = "2024-06-01"\n'
        "settings = Settings()\nclient = AzureOpenAI(api_version=settings.chat)\n",
        # argparse and click options
        "import argparse\nfrom openai import AzureOpenAI\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--version", dest="v", default="2024-05-01-preview")\n'
        "args = parser.parse_args()\nclient = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=args.v)\n",
        "import click\nimport openai\n"
        '@click.command()\n@click.option("--api-version", default="2024-02-15-preview")\n'
        "def main(api_version):\n    ...\n",
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
        # other services' versions held the same way
        "from dataclasses import dataclass\nfrom azure.search.documents import SearchClient\nimport openai\n"
        '@dataclass\nclass Cfg:\n    version: str = "2023-11-01"\n'
        "cfg = Cfg()\nsearch = SearchClient(e, 'i', c, api_version=cfg.version)\n",
        "import argparse\nfrom azure.ai.documentintelligence import DocumentIntelligenceClient\nimport openai\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--version", default="2024-11-30")\n'
        "args = parser.parse_args()\nclient = DocumentIntelligenceClient(e, c, api_version=args.version)\n",
        "import click\nfrom azure.storage.blob import BlobServiceClient\nimport openai\n"
        '@click.command()\n@click.option("--api-version", default="2021-08-06")\n'
        "def main(api_version):\n    return BlobServiceClient(u, api_version=api_version)\n",
        # not argparse / click
        'import openai\nimport mycli\nmycli.add_argument("--api-version", default="2024-06-01")\n',
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Call)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.ClassDef):
            self._class(node, ctx)
            return
        if isinstance(node, ast.Call):
            self._option(node, ctx)
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
            self._report(ctx, pinned, arg.arg, where, *self._signature(node, arg, ctx))

    def _class(self, node: ast.ClassDef, ctx: Context) -> None:
        candidates = []
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                candidates.append((stmt, stmt.target.id, stmt.value))
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                candidates.append((stmt, stmt.targets[0].id, stmt.value))
        cls_scope = ctx.sem.scope_of(node)
        for stmt, name, value in candidates:
            flows = _flows_from(ctx, name, _of_class(cls_scope))
            if not flows and not is_version_parameter(name):
                continue
            certain = flows or _field_passed(node, name, ctx)
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

    def _option(self, node: ast.Call, ctx: Context) -> None:
        """``parser.add_argument("--api-version", default="2024-06-01")`` and
        ``@click.option("--api-version", default=...)``."""
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("add_argument", "option"):
            return
        default = keyword(node, "default")
        if default is None:
            return
        click = func.attr == "option"
        if click:
            if "click.option" not in ctx.qualnames(func):
                return
        elif not any(_argparse_value(m) for m in ctx.members(func)):
            return
        name = _option_name(node, click)
        if name is None:
            return
        if click:
            fn = parent_of(node)
            flows = isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and node in fn.decorator_list \
                and _passed_to_client(fn, name, ctx)
        else:
            flows = _flows_from(ctx, name, _argparse_value)
        if not flows:
            if not is_version_parameter(name):
                return
            related, other = module_relation(ctx)
            if not related or other:
                return
        pinned = hard_coded(default.value, ctx, dated_only=not flows)
        if pinned is None:
            return
        self._report(ctx, pinned, name, f"in `{short(ctx.segment(func))}()`", render_call(node, ctx, drop={"default"}))

    def _signature(self, fn: ast.AST, arg: ast.arg, ctx: Context) -> tuple[str, str]:
        """The migrated header and a note: without the parameter when nothing needs it; kept,
        defaulting to ``None``, while the body still reads it, callers of the module pass it
        by keyword or a ``**kwargs`` would take a caller's ``api_version=`` unseen."""
        name = arg.arg
        reasons = []
        reads = _other_reads(fn, name, ctx)
        if reads:
            reasons.append(f"the body still reads `{name}` ({_lines(reads)})")
        callers = _keyword_callers(fn, name, ctx)
        if callers:
            reasons.append(f"callers pass `{name}=` ({_lines(callers)})")
        if fn.args.kwarg is not None and not reasons:
            reasons.append(f"`**{fn.args.kwarg.arg}` would take a caller's `{name}=` unseen")
        if not reasons:
            return _without_parameter(fn, arg), ""
        return _with_none_default(fn, arg), (
            f"; `{name}` stays, defaulting to None: {' and '.join(reasons)}; remove it with them (no automatic fix)"
        )

    def _report(self, ctx: Context, pinned: Pinned, name: str, where: str, snippet: str, notes: str = "") -> None:
        ctx.report(self, pinned.node, snippet=snippet, name=short(name), value=pinned.shown, where=where, notes=notes)
