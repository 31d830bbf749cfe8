"""User subclasses of ``AzureOpenAI`` / ``AsyncAzureOpenAI`` (``class AsyncClient(AsyncAzureOpenAI)``
overriding ``_refresh_api_key``): the class is kept and rebased on ``OpenAI`` / ``AsyncOpenAI``,
and its constructions keep its name with the migrated arguments.

User subclasses of the Azure AI Inference clients are not rebased: ``OpenAI`` has none of their
methods (``complete``, ``embed``, ``get_model_info``), so their overrides would never run; the
messages name the overrides and no fix is applied.

Which overrides still mean something after the rebase is a fact of the openai package: the
methods below exist on the Azure clients only (``openai/lib/azure.py``); every other method an
Azure client has, ``OpenAI`` has too (``_refresh_api_key``, ``_build_request``, ``copy``...).
``tests/test_subclasses.py`` checks this table against the installed package.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import known

if TYPE_CHECKING:
    from ..engine import Context

#: methods of ``AzureOpenAI`` / ``AsyncAzureOpenAI`` that ``OpenAI`` / ``AsyncOpenAI`` lack
AZURE_ONLY_METHODS = frozenset({"_configure_realtime", "_configure_realtime_with_api_key", "_get_azure_ad_token"})

#: Azure client class -> the OpenAI class it is rebased on
REBASED = {known.AZURE_OPENAI: "OpenAI", known.ASYNC_AZURE_OPENAI: "AsyncOpenAI"}


def azure_base(base: ast.expr, ctx: "Context") -> str | None:
    """The OpenAI class a base class expression naming an Azure client is rebased on."""
    return next((REBASED[q] for q in sorted(ctx.qualnames(base)) if q in REBASED), None)


def local_class(call: ast.Call, ctx: "Context") -> ast.ClassDef | None:
    """The class of this module that ``call`` constructs (a subclass of an Azure client)."""
    for value in ctx.infer(call.func):
        if value.kind == "class" and isinstance(getattr(value.node, "node", None), ast.ClassDef):
            return value.node.node
    return None


def methods(classdef: ast.ClassDef) -> list[str]:
    """The methods the class body defines, in order."""
    return [s.name for s in classdef.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]


def defines_init(classdef: ast.ClassDef) -> bool:
    return "__init__" in methods(classdef)


def construction_note(classdef: ast.ClassDef, openai_class: str) -> str:
    """What the construction of a subclass says about it."""
    note = f"`{classdef.name}` subclasses an Azure client: keep it, rebased on `{openai_class}` (AOM308)"
    if defines_init(classdef):
        note += (
            "; its `__init__` receives these arguments: it must pass OpenAI's (base_url, api_key, no "
            "api_version) on to `super().__init__()` (no automatic fix)"
        )
    return note


def inference_construction_note(classdef: ast.ClassDef, openai_class: str) -> str:
    """What the construction of a subclass of an Inference client says about it."""
    overrides = methods(classdef)
    if not overrides:
        return (f"`{classdef.name}` subclasses the Inference client and overrides nothing: its constructions "
                f"can become `{openai_class}(...)` (no automatic fix)")
    names = ", ".join(f"`{name}`" for name in overrides)
    return (f"`{classdef.name}` subclasses the Inference client and overrides {names}: the snippet is the "
            f"`{openai_class}` client without them, and `{openai_class}` has no `complete()` / `embed()` for "
            "them to wrap; move what they do around the OpenAI calls (no automatic fix)")


def receiver_class(receiver: ast.AST, ctx: "Context") -> ast.ClassDef | None:
    """The class of this module an instance of which ``receiver`` may be (a user subclass)."""
    for value in ctx.infer(receiver):
        scope = value.node if value.kind == "object" else None
        classdef = getattr(scope, "node", None)
        if isinstance(classdef, ast.ClassDef):
            return classdef
    return None
