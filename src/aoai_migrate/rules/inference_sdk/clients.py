"""Rules of the ``inference-sdk`` category: clients (``ChatCompletionsClient``,
``EmbeddingsClient`` and the azure-ai-projects factories that hand them out)."""

from __future__ import annotations

import ast

from ...render import clients as render_clients
from ...render import subclasses
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ..references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE


@register
class InferenceClient(Rule):
    code = "AOM102"
    symbol = "inference-sdk-client"
    category = Category.INFERENCE_SDK
    message = "`{label}` is an Azure AI Inference client; use `{target}` on the /openai/v1/ endpoint{notes}"
    summary = (
        "Flags the construction of an Azure AI Inference `ChatCompletionsClient` or "
        "`EmbeddingsClient` (sync or `.aio`, through aliases, star imports, local subclasses, "
        "`with`/`async with`, and azure-ai-projects' `project.inference.get_chat_completions_client()` "
        "/ `get_embeddings_client()`), and shows the OpenAI client built from the same arguments."
    )
    why = (
        "The Azure AI Inference SDK is deprecated. One `OpenAI` client (`AsyncOpenAI` for `.aio`) "
        "talking to `https://<resource>.openai.azure.com/openai/v1/` replaces both clients.\n\n"
        "How the arguments move:\n"
        "- `endpoint` becomes `base_url`: `https://<res>.services.ai.azure.com/models` becomes "
        "`https://<res>.services.ai.azure.com/openai/v1/`; `https://<res>.openai.azure.com/openai/"
        "deployments/<dep>` becomes `https://<res>.openai.azure.com/openai/v1/` and `<dep>` moves to "
        "`model=` on each call; GitHub Models (`models.inference.ai.azure.com`) moved to "
        "`https://models.github.ai/inference`. Serverless (`*.models.ai.azure.com`), managed compute "
        "(`*.inference.ml.azure.com`) and unknown hosts have no documented v1 mapping: the URL is "
        "kept and the message asks for a manual review. A variable or `os.environ[...]` endpoint is "
        "kept as `f\"{endpoint.rstrip('/')}/openai/v1/\"`: it must then hold the resource root, not "
        "the `/models` URL.\n"
        "- `credential` becomes `api_key=`: the key of an `AzureKeyCredential`, or "
        "`get_bearer_token_provider(credential, scope)` for a token credential (see AOM201, AOM202).\n"
        "- `headers` becomes `default_headers`, `user_agent` a `User-Agent` default header, "
        "`retry_total` `max_retries` (openai retries 2 times by default, azure-core 10), "
        "`connection_timeout`/`read_timeout` `timeout`; `api_version`, `credential_scopes` and "
        "`logging_enable` go away.\n"
        "- Client-level defaults (`model`, `temperature`, `max_tokens`, `tools`, `response_format`, "
        "`model_extras`, ...) do not exist on OpenAI clients: the snippet collects them in a "
        "`<client>_defaults` dict to pass on each call (`model_extras` becomes `extra_body`).\n"
        "- A project factory becomes `project.get_openai_client()` (azure-ai-projects 2.x), which "
        "returns an OpenAI client on the project's `/openai/v1/` endpoint."
    )
    example = (
        "import os\n"
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.credentials import AzureKeyCredential\n\n"
        "client = ChatCompletionsClient(\n"
        '    endpoint="https://my-res.services.ai.azure.com/models",\n'
        '    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),\n'
        ")\n"
    )
    use_instead = (
        "import os\n"
        "from openai import OpenAI\n\n"
        "client = OpenAI(\n"
        '    base_url="https://my-res.services.ai.azure.com/openai/v1/",\n'
        '    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],\n'
        ")\n"
    )
    known_problems = (
        "The endpoint of a variable is not known statically: the snippet assumes it holds the "
        "resource root. Clients built in another module are only found through the pylint plugin. "
        "`*.cognitiveservices.azure.com` endpoints are migrated like `*.openai.azure.com` ones. "
        "`functools.partial(ChatCompletionsClient, ...)` is not flagged itself (the calls made "
        "through it are, with the partial's keywords as the client's)."
    )
    references = (
        MIGRATION_GUIDE,
        API_VERSION_LIFECYCLE,
    )
    fixable = True
    fix_safety = (
        "Safe when the client is rebuilt without loss: a literal endpoint with a documented "
        "/openai/v1/ mapping, an `AzureKeyCredential` or a token credential, nothing else to move. "
        "Unsafe (applied with `--unsafe-fixes`) when the endpoint comes from configuration (the "
        "expression is kept and the message says what the setting must now hold: the resource "
        "root), when client-level defaults or a deployment in the URL move into the calls of this "
        "module (calls made elsewhere do not get them), when arguments are dropped or unpacked, "
        "and for the azure-ai-projects factories. A spread dict the function builds (a literal, a "
        "helper's `return`, keys set on it afterwards such as `d[\"api_version\"] = v`) is edited "
        "where it is built, in the same fix (unsafe). A spread that visibly holds keys `OpenAI()` "
        "does not take (read by the function or by helpers it passes `**kwargs` to, a test's "
        "environment values) gets no automatic fix: the message names them, since spreading them "
        "would raise `TypeError` (azure-core ignored them). The fix adds `from openai import OpenAI` (or "
        "`AsyncOpenAI`) and, for Entra ID, the token-provider import of the right module "
        "(`azure.identity` or `azure.identity.aio`). An async client with a sync credential that is "
        "not built inline (built elsewhere, perhaps shared with sync code) keeps it: its sync provider "
        "runs in a worker thread, `functools.partial(asyncio.to_thread, get_bearer_token_provider("
        "credential, scope))`, since `AsyncOpenAI` awaits what `api_key` returns; a credential that "
        "may be either kind gets `azure.identity.aio.get_bearer_token_provider`, which takes both as "
        "the Inference client did (unsafe: a review). A subclass of an Inference client gets no "
        "edit: `OpenAI` has none of the methods it may override (the message names its overrides)."
    )
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\nc = ChatCompletionsClient(ep, cred)\n",
        "import azure.ai.inference as aii\nc = aii.EmbeddingsClient(endpoint=ep, credential=cred)\n",
        "from azure.ai.inference.aio import ChatCompletionsClient as C\n"
        "async def f():\n    async with C(ep, cred) as c:\n        pass\n",
        "from azure.ai.inference import *\nwith ChatCompletionsClient(ep, cred) as c:\n    pass\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class My(ChatCompletionsClient):\n    pass\nc = My(ep, cred)\n",
        "from azure.ai.projects import AIProjectClient\n"
        "project = AIProjectClient.from_connection_string(conn_str=s, credential=cred)\n"
        "chat = project.inference.get_chat_completions_client()\n",
        "import azure.ai.inference\nc = azure.ai.inference.ChatCompletionsClient(*args, **kwargs)\n",
        # a class chosen at run time: the migrated code keeps the choice (OpenAI if sync else AsyncOpenAI)
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.ai.inference.aio import ChatCompletionsClient as AsyncClient\n"
        "def make(sync, ep, cred):\n    return (ChatCompletionsClient if sync else AsyncClient)(ep, cred)\n",
    )
    valid = (
        "from azure.ai.inference import ImageEmbeddingsClient\nc = ImageEmbeddingsClient(ep, cred)\n",
        "from azure.ai.inference import load_client\nc = load_client(ep, cred)\n",
        "from mistralai import Mistral\nc = Mistral(api_key=k)\nc.chat.complete(model='m', messages=[])\n",
        "class ChatCompletionsClient:\n    pass\nc = ChatCompletionsClient('e', 'k')\n",
        "from openai import OpenAI\nc = OpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class My(ChatCompletionsClient):\n    def __init__(self, ep, cred):\n        super().__init__(ep, cred)\n",
        "from azure.ai.projects import AIProjectClient\n"
        "project = AIProjectClient(endpoint=ep, credential=cred)\nc = project.get_openai_client()\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        target = render_clients.find_client(node, ctx)
        if target is None or target.family != "inference":
            return
        migrated = render_clients.migrate(target, ctx)
        indent = ctx.source.indent(node.lineno)
        snippet = migrated.snippet(ctx, indent)
        # with client defaults the snippet shows them as a dict; the edit is the client alone,
        # because the calls of this module receive the defaults (AOM103/AOM104)
        edit = migrated.call(indent) if target.via != "subclass" else None
        replace = render_clients.replace_node(target, ctx) if edit is not None else None
        target_name = migrated.func + "()" if target.via == "factory" else target.openai_class
        edits = tuple(ctx.edit(e.span, e.text) for e in migrated.source_edits) if replace is not None else ()
        notes, applicability = migrated.message_notes(), migrated.applicability
        subclass = subclasses.local_class(node, ctx) if target.via == "subclass" else None
        if subclass is not None:
            notes += "; " + subclasses.inference_construction_note(subclass, target.openai_class)
            applicability = Applicability.DISPLAY_ONLY
        ctx.report(
            self,
            node,
            snippet=snippet,
            replace=replace,
            edit=edit,
            edits=edits,
            applicability=applicability,
            label=target.label,
            target=target_name,
            notes=notes,
        )
