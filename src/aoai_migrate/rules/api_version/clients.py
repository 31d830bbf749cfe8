"""api-version pinned on SDK clients: constructor keywords (AOM401) and the ``openai`` module
global (AOM402)."""

from __future__ import annotations

import ast

from ... import known
from ...render import clients as render_clients
from ...render import blocks as render_blocks
from ...render import snippets
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ...analysis.gateways import gateway_client
from ...analysis.module_client import is_none
from .common import (
    AZURE_OPENAI_CLASSES,
    INFERENCE_CONSTRUCTORS,
    OPENAI_CLASSES,
    hard_coded,
    keyword,
    receiver,
    render_call,
    short,
)
from ..references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE

#: openai<1.0 resources whose ``create``/``acreate`` took per-call ``api_version=``
LEGACY_RESOURCES = frozenset(
    {"ChatCompletion", "Completion", "Embedding", "Image", "Edit", "Moderation", "Audio", "FineTune",
     "FineTuningJob", "File", "Deployment", "Engine", "Model"}
)
LEGACY_CALLS = frozenset(
    f"openai.{resource}.{method}"
    for resource in LEGACY_RESOURCES
    for method in ("create", "acreate", "list", "retrieve", "delete")
)
PROJECT_FACTORY = "inference.get_azure_openai_client"
#: what a project-local wrapper may pass its ``api_version`` parameter on to
WRAPPED = frozenset(INFERENCE_CONSTRUCTORS | AZURE_OPENAI_CLASSES)


def version_target(call: ast.Call, ctx: Context) -> tuple[str, str] | None:
    """What a call taking ``api_version=`` is: ``("inference" | "azure-openai" | "options" |
    "project" | "legacy", label)``; ``None`` for anything else (other SDKs' clients included)."""
    quals = ctx.qualnames(call.func)
    label = short(ctx.segment(call.func))
    if quals & INFERENCE_CONSTRUCTORS:
        return "inference", label
    if quals & AZURE_OPENAI_CLASSES:
        return "azure-openai", label
    if quals & LEGACY_CALLS:
        return "legacy", label
    for member in ctx.members(call.func):
        owner = member.owner
        if owner is None or owner.kind != "instance":
            continue
        if member.name in ("with_options", "copy") and owner.name in OPENAI_CLASSES:
            return "options", label
        if member.name == PROJECT_FACTORY and owner.name in known.PROJECT_CLIENTS:
            return "project", label
    return None


def without_version(call: ast.Call, kind: str, ctx: Context) -> tuple[str, bool]:
    """``(snippet, is_exact_replacement)`` for a call whose ``api_version=`` goes away."""
    if kind in ("azure-openai", "project", "inference"):  # the client itself changes: show the OpenAI one
        target = render_clients.find_client(call, ctx)
        if target is not None:
            migrated = render_clients.migrate(target, ctx)
            return migrated.snippet(ctx, ctx.source.indent(call.lineno)), False
    if kind == "options" and isinstance(call.func, ast.Attribute):
        others = [a for a in call.args] + [k for k in call.keywords if k.arg != "api_version"]
        if not others:
            return receiver(ctx.segment(call.func.value)), True
    return render_call(call, ctx, drop={"api_version"}), True


@register
class HardCodedApiVersion(Rule):
    code = "AOM401"
    symbol = "hard-coded-api-version"
    category = Category.API_VERSION
    message = "hard-coded api-version {value} on `{target}`: the /openai/v1/ endpoint takes no api-version"
    summary = (
        "Flags `api_version=` set to a literal (directly, through a constant, as the last fallback "
        "of an `a or b or \"2024-06-01\"` chain, or as the default of `cfg.get(...)` / `getattr(...)`) "
        "on Azure AI Inference "
        "clients and `load_client`, `AzureOpenAI`/`AsyncAzureOpenAI`, `with_options()`/`copy()` of "
        "openai clients, azure-ai-projects' `inference.get_azure_openai_client()` and openai<1.0 "
        "resource calls; also a literal passed to a function or class of the project that hands "
        "that parameter on to one of these clients as `api_version=`."
    )
    why = (
        "A dated api-version pins the client to one snapshot of the Azure OpenAI API: newer features "
        "need a code change and every version eventually retires. The v1 endpoint "
        "(`https://<resource>.openai.azure.com/openai/v1/`) needs no api-version; the OpenAI client "
        "talks to it with `base_url=` alone."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        'API_VERSION = "2024-06-01"\n'
        "client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=API_VERSION)\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url=f\"{endpoint.rstrip('/')}/openai/v1/\", api_key=key)\n"
    )
    references = (
        API_VERSION_LIFECYCLE,
        MIGRATION_GUIDE,
    )
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: without `api_version` a client that still is an Azure AI Inference or '
        'AzureOpenAI client falls back to its default version; the change is right once '
        'the client itself is migrated (AOM102/AOM301, whose edits contain this one and '
        'win over it).'
    )
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        'client = ChatCompletionsClient(endpoint, cred, api_version="2024-06-01")\n',
        "from azure.ai.inference.aio import load_client\n"
        'async def f():\n    return await load_client(e, c, api_version="2024-05-01-preview")\n',
        "import openai\n"
        'client = openai.AsyncAzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-10-21")\n',
        "from openai import AzureOpenAI\n"
        'class Cfg:\n    VERSION = "2025-01-01-preview"\n'
        "client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=Cfg.VERSION)\n",
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="2024-06-01")\n'
        'fast = client.with_options(api_version="2024-10-21", timeout=5)\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=k, api_version="preview")\n',
        "from azure.ai.projects import AIProjectClient\n"
        "project = AIProjectClient(endpoint=e, credential=c)\n"
        'aoai = project.inference.get_azure_openai_client(api_version="2024-10-21")\n',
        "import openai\n"
        'openai.ChatCompletion.create(engine="gpt", messages=m, api_version="2023-05-15")\n',
        # the fallback of a configuration chain
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=cfg.get("api_version") or os.getenv("AZURE_API_VERSION") or "2024-06-01")\n',
        "import os\nfrom openai import AzureOpenAI\n"
        'VERSION = os.environ["V"] or "2024-10-21"\n'
        "client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=VERSION)\n",
        # a project-local wrapper that passes its parameter on to the client (also from another
        # module of the project, with `aoai-migrate check` and pylint)
        "from openai import AzureOpenAI\n"
        "class AzureOpenAIClient:\n"
        "    def __init__(self, endpoint, api_version):\n"
        "        self.client = AzureOpenAI(azure_endpoint=endpoint, api_key=k, api_version=api_version)\n"
        'client = AzureOpenAIClient(e, api_version="2024-02-01")\n',
        # the default of a configuration lookup
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=config.get("api_version", "2024-06-01"))\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=getattr(settings, "api_version", "2024-02-01"))\n',
    )
    valid = (
        # other SDKs' api_version keywords
        "from azure.keyvault.secrets import SecretClient\n"
        'client = SecretClient(vault_url=u, credential=c, api_version="7.4")\n',
        # AI Content Safety (Prompt Shields) and the Foundry Agent Service have API versions of their own
        "from azure.ai.contentsafety import ContentSafetyClient\n"
        'cs = ContentSafetyClient(endpoint, credential, api_version="2024-09-01")\n',
        "from azure.ai.projects import AIProjectClient\n"
        'project = AIProjectClient(endpoint=ep, credential=cred, api_version="2025-05-15-preview")\n',
        # a gateway route in front of Azure OpenAI that needs its api-version
        "from openai import AzureOpenAI\n"
        "client = AzureOpenAI(base_url='https://gateway.ai.cloudflare.com/v1/a/g/azure-openai/res/gpt-4o',\n"
        "                     api_key=key, api_version='2024-06-01')\n",
        "import stripe\n"
        'stripe.StripeClient("sk_test", stripe_version="2023-10-16")\n',
        "from google import genai\n"
        'client = genai.Client(http_options={"api_version": "v1alpha"})\n',
        "from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient\n"
        'c = CognitiveServicesManagementClient(cred, sub, api_version="2023-05-01")\n',
        # not hard-coded
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=os.environ["OPENAI_API_VERSION"], azure_endpoint=e, api_key=k)\n',
        "from openai import AzureOpenAI\n"
        "def make(version):\n    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=version)\n",
        # look-alikes: an unresolved receiver, a local class of the same name
        'client.with_options(api_version="2024-06-01")\n',
        'class AzureOpenAI:\n    def __init__(self, **kw): ...\nAzureOpenAI(api_version="2024-06-01")\n',
        # a placeholder, not a version
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version="<your-api-version>")\n',
        # the fallback of an api-version variable is the environment rule's (AOM403) finding
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=os.getenv("OPENAI_API_VERSION") or "2024-06-01")\n',
        # a chain whose fallback is not a version
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=os.getenv("V") or default_version())\n',
        # a wrapper of another service's client, and a wrapper given no literal
        "from azure.search.documents import SearchClient\n"
        "def search(index, api_version):\n"
        "    return SearchClient(e, index, c, api_version=api_version)\n"
        'search("docs", api_version="2024-07-01")\n',
        "import os\nfrom openai import AzureOpenAI\n"
        "def make(version):\n    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=version)\n"
        'client = make(os.environ["OPENAI_API_VERSION"])\n',
        "import os\nfrom openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=os.environ.get("AZURE_OPENAI_API_VERSION", "2024-06-01"))\n',
        "from openai import AzureOpenAI\n"
        'client = AzureOpenAI(api_version=config.get("api_version", fallback))\n',
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        kw = keyword(node, "api_version")
        target = version_target(node, ctx) if kw is not None else None
        if target is None:
            self._wrapper(node, ctx)
            return
        if gateway_client(node, ctx):  # a gateway route needs its api-version
            return
        pinned = hard_coded(kw.value, ctx)
        if pinned is None:
            return
        kind, label = target
        snippet, exact = without_version(node, kind, ctx)
        # the literal of a fallback written in the keyword (`cfg.get("v", "2024-06-01")`) is the spot
        where = pinned.node if pinned.node is not kw.value and render_blocks.contains(kw.value, pinned.node) else kw.value
        ctx.report(self, where, snippet=snippet, replace=node if exact else None, value=pinned.shown, target=label)

    def _wrapper(self, node: ast.Call, ctx: Context) -> None:
        """A function or class of the project (this module or another) that passes one of its
        parameters on as a client's ``api_version=``: a literal given for it is pinned too."""
        if not (node.args or node.keywords) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            return
        wrappers = [v for v in ctx.infer(node.func) if v.kind in ("function", "class")]
        if not wrappers:
            return
        for wrapper in wrappers:
            for param, (position, client, default) in sorted(ctx.sem.forwarded(wrapper, "api_version", WRAPPED).items()):
                kw = keyword(node, param)
                arg = kw.value if kw is not None else None
                if arg is None and position is not None and position < len(node.args):
                    arg = node.args[position]
                    if any(isinstance(a, ast.Starred) for a in node.args[: position + 1]):
                        continue
                pinned = hard_coded(arg, ctx) if arg is not None else None
                if pinned is None:
                    continue
                # the message puts `target` in backticks: "on `AzureOpenAI` through `make`"
                label = f"{client.rsplit('.', 1)[-1]}` through `{short(ctx.segment(node.func))}"
                # without the argument, the call is right only if the wrapper has a default
                snippet = render_call(node, ctx, drop={param}) if kw is not None and default else None
                ctx.report(self, arg, snippet=snippet, value=pinned.shown, target=label)
            return


# -- AOM402 ----------------------------------------------------------------------------------------

#: openai module globals that say where the module-level client goes and how it authenticates
_MODULE_ENDPOINT = ("azure_endpoint", "api_base", "base_url")
_MODULE_AUTH = ("azure_ad_token_provider", "api_key", "azure_ad_token")


def module_client_snippet(module_text: str, site: ast.AST, ctx: Context) -> str:
    """``client = <module>.OpenAI(base_url=..., api_key=...)`` from the module's own settings in
    effect at ``site`` (a function's own, over the module level's)."""
    from ..azure_openai_client import module_config

    config = module_config(ctx).at(site, whole_function=True)
    values = config.values
    settings = {name: values[name][0] for name in _MODULE_ENDPOINT + _MODULE_AUTH if name in values}
    endpoint = next((settings[a] for a in _MODULE_ENDPOINT if a in settings), None)
    flavour = "base_url" if endpoint is not None and "base_url" in settings and endpoint is settings["base_url"] else "azure"
    base = render_clients.base_url_for(endpoint, ctx, flavour)
    # every path the module set is kept (settings made together in AzureOpenAI's precedence,
    # `token or provider or key`; settings of different branches per branch)
    key, _ = config.credential(ctx, False)
    call = snippets.call(f"{module_text}.OpenAI", [("base_url", base.text), ("api_key", key)])
    return f"client = {call}\n"


@register
class ModuleApiVersion(Rule):
    code = "AOM402"
    symbol = "openai-module-api-version"
    category = Category.API_VERSION
    message = "`{target}` = {value} pins the module-level openai client to an api-version; use an explicit `OpenAI(base_url=.../openai/v1/)` client"
    summary = "Flags assignments to the `openai.api_version` module global (openai<1.0 and >=1.0)."
    why = (
        "`openai.api_version` configures the implicit module-level client (an `AzureOpenAI` in "
        "openai>=1.0) with a dated api-version. An explicit `OpenAI` client on the v1 endpoint needs "
        "no api-version and no module globals."
    )
    example = (
        "import openai\n\n"
        'openai.api_type = "azure"\n'
        'openai.api_base = "https://my-resource.openai.azure.com/"\n'
        'openai.api_version = "2023-05-15"\n'
    )
    use_instead = (
        "import os\nimport openai\n\n"
        'client = openai.OpenAI(base_url="https://my-resource.openai.azure.com/openai/v1/",\n'
        '                       api_key=os.environ["AZURE_OPENAI_API_KEY"])\n'
    )
    references = (
        API_VERSION_LIFECYCLE,
        "https://github.com/openai/openai-python/blob/main/src/openai/__init__.py",
    )
    invalid = (
        'import openai\nopenai.api_version = "2023-05-15"\n',
        'import openai as oa\noa.api_version = "2024-02-01"\n',
        'import os, openai\nopenai.api_version = os.getenv("OPENAI_API_VERSION")\n',
        'import openai\nVERSION = "2024-06-01"\ndef setup():\n    openai.api_version = VERSION\n',
    )
    valid = (
        'import stripe\nstripe.api_version = "2023-10-16"\n',
        'class C:\n    def __init__(self):\n        self.api_version = "2024-02-01"\n',
        'import openai\nopenai.api_key = "x"\n',
        'import openai\nprint(openai.api_version)\n',
        'openai = object()\nopenai.api_version = "2024-02-01"\n',
        "import openai\nopenai.api_version = None  # a reset between tests: nothing is pinned\n",
    )
    node_types = (ast.Assign, ast.AnnAssign)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None or is_none(node.value):  # a reset
            return
        for target in targets:
            if not (isinstance(target, ast.Attribute) and target.attr == "api_version"):
                continue
            if ctx.qualnames(target.value) != {"openai"}:
                continue
            pinned = hard_coded(node.value, ctx)
            value = pinned.shown if pinned else f"`{short(ctx.segment(node.value))}`"
            module_text = receiver(ctx.segment(target.value))
            ctx.report(
                self,
                target,
                snippet=module_client_snippet(module_text, node, ctx),
                target=short(ctx.segment(target)),
                value=value,
            )
