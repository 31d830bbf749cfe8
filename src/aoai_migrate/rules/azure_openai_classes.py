"""Rules of the ``azure-openai-client`` category: the ``AzureOpenAI`` / ``AsyncAzureOpenAI`` classes
used as values at run time: a user class derived from them, and ``isinstance``/``type`` checks
against them. Both classes become ``OpenAI`` / ``AsyncOpenAI`` (AOM301)."""

from __future__ import annotations

import ast

from ..analysis.class_checks import CHECK_NODES, checks, with_class
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..render import subclasses
from .references import API_VERSION_LIFECYCLE


def _override_notes(classdef: ast.ClassDef, target: str) -> str:
    names = [m for m in subclasses.methods(classdef) if not (m.startswith("__") and m.endswith("__"))]
    lost = [m for m in names if m in subclasses.AZURE_ONLY_METHODS]
    kept = [m for m in names if m not in subclasses.AZURE_ONLY_METHODS]
    notes = []
    if kept:
        notes.append(f"{', '.join(f'`{m}`' for m in kept)} {'is' if len(kept) == 1 else 'are'} kept "
                     f"(`{target}` has {'it' if len(kept) == 1 else 'them'} too, or {'it is' if len(kept) == 1 else 'they are'} your own)")
    if lost:
        notes.append(
            f"{', '.join(f'`{m}`' for m in lost)} {'has' if len(lost) == 1 else 'have'} no counterpart on `{target}`, "
            "which never calls it (Azure-only: Entra tokens now come through api_key, realtime through base_url): "
            "move what the override does into the token provider or the client's arguments"
        )
    if subclasses.defines_init(classdef):
        notes.append("`__init__` must pass OpenAI's arguments (base_url, api_key, no api_version) to `super().__init__()`")
    return "".join(f"; {n}" for n in notes)


@register
class AzureOpenAISubclass(Rule):
    code = "AOM308"
    symbol = "azure-openai-subclass"
    category = Category.AZURE_OPENAI_CLIENT
    message = "`class {name}({base})` derives from a client for dated api-versions; rebase it on `{target}`{notes}"
    summary = (
        "Flags user classes derived from `AzureOpenAI` / `AsyncAzureOpenAI` and shows the class "
        "rebased on `OpenAI` / `AsyncOpenAI`, saying which overrides keep a meaning."
    )
    why = (
        "AOM301 rebuilds Azure clients as `OpenAI` / `AsyncOpenAI` on the /openai/v1/ endpoint. A "
        "subclass (a test double, a client that logs or refreshes keys) keeps its overrides only "
        "if it is kept and rebased: its constructions keep the subclass's name with the migrated "
        "arguments. Most methods an Azure client has, `OpenAI` has too (`_refresh_api_key`, "
        "`_build_request`, `copy`); `_get_azure_ad_token` and `_configure_realtime` exist on the "
        "Azure clients only, so an override of them is never called after the rebase."
    )
    example = (
        "from openai import AsyncAzureOpenAI\n\n"
        "class AuditedClient(AsyncAzureOpenAI):\n"
        "    async def _refresh_api_key(self) -> str:\n"
        "        key = await super()._refresh_api_key()\n"
        "        audit.record(\"key refreshed\")\n"
        "        return key\n"
    )
    use_instead = (
        "from openai import AsyncOpenAI\n\n"
        "class AuditedClient(AsyncOpenAI):\n"
        "    async def _refresh_api_key(self) -> str:\n"
        "        key = await super()._refresh_api_key()\n"
        "        audit.record(\"key refreshed\")\n"
        "        return key\n"
    )
    known_problems = "Subclasses defined in another module are seen by `aoai-migrate check` and pylint only when resolved there."
    references = (API_VERSION_LIFECYCLE, "https://github.com/openai/openai-python/blob/main/src/openai/lib/azure.py")
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: the base class becomes `OpenAI` (`AsyncOpenAI`), which takes OpenAI's arguments, so "
        "every construction of the class must be migrated with it (AOM301 keeps the class's name "
        "and migrates the arguments), also in the modules that import it. An `__init__` of the "
        "class, or an override with no counterpart on `OpenAI`, needs a person."
    )
    invalid = (
        example,
        "import openai\nclass Traced(openai.AzureOpenAI):\n    def _get_azure_ad_token(self):\n        return None\n",
        "from openai.lib.azure import AzureOpenAI as Base\nclass Client(Base, Mixin):\n    pass\n",
    )
    valid = (
        "from openai import OpenAI\nclass Client(OpenAI):\n    pass\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\nclass MyLLM(AzureOpenAI):\n    pass\n",
        "class AzureOpenAI:\n    pass\nclass Client(AzureOpenAI):\n    pass\n",
    )
    node_types = (ast.ClassDef,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.ClassDef)
        for base in node.bases:
            target = subclasses.azure_base(base, ctx)
            if target is None:
                continue
            bases = ", ".join(target if b is base else ctx.segment(b) for b in node.bases)
            keywords = "".join(f", {ctx.segment(k)}" for k in node.keywords)
            snippet = f"class {node.name}({bases}{keywords}):\n    ...\n"
            ctx.report(
                self, base, snippet=snippet, compact=target, replace=base, edit=target,
                name=node.name, base=ctx.segment(base), target=target, notes=_override_notes(node, target),
            )


@register
class AzureOpenAIClassCheck(Rule):
    code = "AOM309"
    symbol = "azure-openai-class-check"
    category = Category.AZURE_OPENAI_CLIENT
    message = (
        "`{check}` tests for `{name}`, which the migrated client no longer is; test for `{target}`: "
        "it is true for Azure and OpenAI clients alike, tell them apart by their base_url if you must"
    )
    summary = (
        "Flags `isinstance` / `issubclass` / `type(x) is` checks against `AzureOpenAI` / "
        "`AsyncAzureOpenAI` and shows the check against `OpenAI` / `AsyncOpenAI`."
    )
    why = (
        "AOM301 builds `OpenAI` / `AsyncOpenAI` clients: `isinstance(client, AsyncAzureOpenAI)` is "
        "then false, and code that chose the async path with it takes the sync one. The Azure "
        "clients derive from `OpenAI` / `AsyncOpenAI`, so the migrated check is also true for the "
        "clients not yet migrated. It can no longer tell an Azure client from an OpenAI one: if that "
        "was its purpose, test the client's `base_url` instead."
    )
    example = (
        "from openai import AsyncAzureOpenAI\n\n"
        "async def ask(client, messages):\n"
        "    if isinstance(client, AsyncAzureOpenAI):\n"
        "        return await client.chat.completions.create(model=\"gpt-4o\", messages=messages)\n"
        "    return client.chat.completions.create(model=\"gpt-4o\", messages=messages)\n"
    )
    use_instead = (
        "from openai import AsyncOpenAI\n\n"
        "async def ask(client, messages):\n"
        "    if isinstance(client, AsyncOpenAI):\n"
        "        return await client.chat.completions.create(model=\"gpt-4o\", messages=messages)\n"
        "    return client.chat.completions.create(model=\"gpt-4o\", messages=messages)\n"
    )
    references = (API_VERSION_LIFECYCLE,)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: the check becomes true for every `OpenAI` (`AsyncOpenAI`) client, Azure or not; "
        "right where it told sync from async clients, a behaviour change where it told Azure "
        "clients from OpenAI ones."
    )
    invalid = (
        example,
        "import openai\ndef kind(c):\n    return type(c) is openai.AzureOpenAI\n",
        "from openai import AzureOpenAI, AsyncAzureOpenAI\n"
        "def ok(c):\n    return isinstance(c, (AzureOpenAI, AsyncAzureOpenAI))\n",
    )
    valid = (
        "from openai import AsyncOpenAI\ndef f(c):\n    return isinstance(c, AsyncOpenAI)\n",
        "from llama_index.llms.azure_openai import AzureOpenAI\ndef f(llm):\n    return isinstance(llm, AzureOpenAI)\n",
        "from openai import AzureOpenAI\ndef isinstance(a, b):\n    return False\nisinstance(c, AzureOpenAI)\n",
    )
    node_types = CHECK_NODES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for check in checks(node, ctx):
            target = subclasses.azure_base(check.cls, ctx)
            if target is not None:
                ctx.report(
                    self, check.cls, snippet=with_class(node, check.cls, target, ctx) or target, compact=target,
                    replace=check.cls, edit=target, check=check.text, name=ctx.segment(check.cls), target=target,
                )
