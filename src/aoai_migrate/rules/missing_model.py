"""Rules of the ``missing-model`` category: calls that will have no deployment name once they run
on Azure's ``/openai/v1/`` endpoint, where ``model`` is required on every call."""

from __future__ import annotations

import ast
import re

from .. import known
from ..render import blocks
from ..render import calls as render_calls
from ..render import snippets
from ..engine import Context
from ..model import Applicability, Category
from ..registry import Rule, register
from ..semantics import Value
from .azure_openai_client import module_config
from .references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE


#: openai methods whose signature requires ``model`` (calling them without it raises TypeError)
REQUIRED = frozenset(
    {
        "chat.completions.create", "chat.completions.parse", "chat.completions.stream",
        "beta.chat.completions.parse", "beta.chat.completions.stream", "embeddings.create",
        "completions.create", "audio.speech.create", "audio.transcriptions.create",
        "audio.translations.create",
    }
)
#: openai methods where ``model`` is optional (OpenAI picks a default; Azure v1 needs the deployment)
OPTIONAL = frozenset({"responses.create", "responses.parse", "images.generate", "images.edit"})
_RAW_PREFIXES = ("with_raw_response.", "with_streaming_response.")
_DEPLOYMENT_URL = re.compile(r"/openai/deployments/([^/?#]+)")


def _short(text: str, limit: int = 48) -> str:
    return snippets.shorten(text, limit)


def _body_dict(node: ast.Call) -> ast.Dict | None:
    """The request dict literal passed as the whole body (``complete({...})``, ``body={...}``)."""
    body = node.args[0] if node.args else next((kw.value for kw in node.keywords if kw.arg == "body"), None)
    return body if isinstance(body, ast.Dict) else None


def _missing_model_reason(node: ast.Call, resolved, ctx: Context) -> str | None:
    """Why the migrated call needs a ``model`` the code does not give (message text), or
    ``None`` when the call names one, may carry one (``**kwargs``, a request body held in a
    variable) or its client sets one (the AOM103 / AOM104 snippet moves it into the call)."""
    if any(kw.arg is None or kw.arg == "model" for kw in node.keywords):
        return None
    body = _body_dict(node)
    if body is not None:
        if any(k is None or (isinstance(k, ast.Constant) and k.value == "model") for k in body.keys):
            return None
        # a request body is sent as is: the client's default model does not apply to it (its
        # deployment URL or header does)
        return _deployment_reason(resolved, ctx, "in its request dict") or (
            "in its request dict (a request body does not get the client's default model)"
        )
    if node.args or any(kw.arg == "body" for kw in node.keywords):
        return None
    ctors = [o.node for o in resolved.owners if isinstance(o.node, ast.Call)]
    keywords = [render_calls.constructor_keywords(ctor, ctx) for ctor in ctors]
    if any(kw.arg == "model" for kws in keywords for kw in kws):
        return None
    deployment = _deployment_reason(resolved, ctx)
    if deployment is not None:
        return deployment
    if len(ctors) < len(resolved.owners):
        return (
            "and its client is built where this module cannot see it (a parameter, a field, an "
            "attribute): whatever that client sets, the OpenAI call needs `model`"
        )
    if any(kw.arg is None for kws in keywords for kw in kws):
        return (
            "and its client's unpacked arguments may set a default only Azure AI Inference "
            "applies: the OpenAI call needs `model`"
        )
    return "and neither does its client" if len(ctors) == 1 else "and neither do its clients"


def _deployment_reason(resolved, ctx: Context, where: str = "") -> str | None:
    """The deployment the client's endpoint URL or ``azureml-model-deployment`` header names
    (it becomes ``model``), as message text."""
    deployment = render_calls.client_deployment(resolved, ctx)
    if deployment is None:
        return None
    ctors = [o.node for o in resolved.owners if isinstance(o.node, ast.Call)]
    lead = f"{where} " if where else ""
    if ctors and all(render_calls.header_deployment(ctor, ctx) == deployment for ctor in ctors):
        return f"{lead}but its client's azureml-model-deployment header names deployment {deployment}, which becomes `model`"
    return f"{lead}but its client's endpoint URL routes to deployment {deployment}, which becomes `model`"


@register
class InferenceCallMissingModel(Rule):
    code = "AOM501"
    symbol = "inference-call-missing-model"
    category = Category.MISSING_MODEL
    message = (
        "`{receiver}.{method}()` names no model {reason}; OpenAI v1 needs `model` (your "
        "deployment name) on every call"
    )
    summary = (
        "Flags Azure AI Inference `complete()` / `embed()` calls that pass no `model`, unless the "
        "client's constructor sets one, in this module or another module of the project (the "
        "AOM103 / AOM104 fix moves it into the call)."
    )
    why = (
        "Inference could leave the model out: serverless and managed endpoints serve one model, "
        "and Azure OpenAI deployment URLs carried it. On Azure's `/openai/v1/` endpoint "
        "`chat.completions.create()` and `embeddings.create()` require `model`, the deployment "
        "name, and an OpenAI client has no default model. So one policy: a call without `model` "
        "is flagged unless a default model is known on its client. A client this module cannot "
        "see in detail (a parameter annotated with the client class, a dict entry, a dataclass "
        "field, a constructor with `**options`) does not excuse the call, since the migrated call "
        "needs `model=` either way. A whole request dict without a `\"model\"` key is flagged "
        "(the client's default does not apply to a body). When the client's endpoint is an Azure "
        "OpenAI deployment URL (`.../openai/deployments/<name>`), the snippet passes that "
        "deployment as `model`. Calls with `**kwargs` or a request body held in a variable may "
        "carry a model and are not flagged."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n\n"
        "client = ChatCompletionsClient(endpoint=endpoint, credential=credential)\n"
        "response = client.complete(messages=[{\"role\": \"user\", \"content\": \"Hello\"}])\n"
    )
    use_instead = (
        "completion = client.chat.completions.create(\n"
        "    model=\"gpt-4o-mini\",  # your deployment name\n"
        "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"
        ")\n"
    )
    known_problems = (
        "flake8 sees one module at a time: a client built in another module of the project "
        "(imported, returned by a factory there, or set on `self` by a base class there) is not "
        "resolved, so its calls are not flagged, and neither is the model its constructor sets; "
        "`aoai-migrate check` and pylint read the project and see both."
    )
    references = (MIGRATION_GUIDE,)
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete(messages=msgs)\n",
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "async def f():\n"
        "    async with EmbeddingsClient(e, c) as client:\n"
        "        return await client.embed(input=['a'])\n",
        # a client this module cannot see in detail still needs the model on the call
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def f(client: ChatCompletionsClient):\n"
        "    client.complete(messages=msgs)\n",
        "from dataclasses import dataclass\n"
        "from azure.ai.inference import ChatCompletionsClient\n"
        "@dataclass\n"
        "class Deps:\n"
        "    chat: ChatCompletionsClient\n"
        "def f(deps: Deps):\n"
        "    deps.chat.complete(messages=msgs)\n",
        "from azure.ai.inference import EmbeddingsClient\n"
        "CLIENTS = {'embed': EmbeddingsClient(e, c)}\n"
        "CLIENTS['embed'].embed(input=texts)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c, **options)\n"
        "client.complete(messages=msgs)\n",
        # the whole request as a dict: the client's model does not apply to a body
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c, model='gpt-4o')\n"
        "client.complete({'messages': msgs, 'temperature': 0})\n",
        # a deployment URL: the deployment becomes the model
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient('https://res.openai.azure.com/openai/deployments/gpt-4o', c)\n"
        "client.complete(messages=msgs)\n",
    )
    valid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c, model='gpt-4o')\n"
        "client.complete(messages=msgs)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete(messages=msgs, **settings)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete(body)\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete({'model': 'gpt-4o', 'messages': msgs})\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete({**base, 'messages': msgs})\n",
        # a partial that sets the model
        "import functools\n"
        "from azure.ai.inference import ChatCompletionsClient\n"
        "make = functools.partial(ChatCompletionsClient, model='gpt-4o')\n"
        "make(e, c).complete(messages=msgs)\n",
        # not an Inference client: a job queue, a dict of something else
        "JOBS = {'a': job}\nJOBS['a'].complete(messages=msgs)\n",
        "def f(client):\n    client.complete(messages=msgs)\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"complete", "embed"})  # what resolve_inference_call resolves

    def visit(self, node: ast.AST, ctx: Context) -> None:
        resolved = render_calls.resolve_inference_call(node, ctx)
        if resolved is None:
            return
        assert isinstance(node, ast.Call)
        reason = _missing_model_reason(node, resolved, ctx)
        if reason is None:
            return
        if resolved.method == "complete":
            rendering = render_calls.render_complete(node, ctx, resolved)
        else:
            rendering = render_calls.render_embed(node, ctx, resolved)
        if rendering is None:
            return
        ctx.report(
            self, node,
            snippet=rendering.snippet,
            receiver=_short(ctx.segment(resolved.receiver), 40),
            method=resolved.method,
            reason=reason,
        )


class _OpenAICall:
    """An openai SDK call resolved to a known client and method path."""

    def __init__(self, path: str, owners: list[Value]) -> None:
        self.path = path
        self.owners = owners


#: the last names of the openai calls AOM502/AOM504 look at
OPENAI_CALL_METHODS = frozenset({"create", "parse", "stream", "generate", "edit"})


def _openai_call(node: ast.Call, ctx: Context, paths: frozenset[str]) -> _OpenAICall | None:
    if not isinstance(node.func, ast.Attribute):
        return None
    if node.func.attr not in OPENAI_CALL_METHODS:
        return None
    found: _OpenAICall | None = None
    for value in ctx.members(node.func):
        owner = value.owner
        if owner is None or owner.kind != "instance" or owner.name not in known.OPENAI_CLIENTS:
            continue
        path = value.name
        for prefix in _RAW_PREFIXES:
            if path.startswith(prefix):
                path = path[len(prefix):]
        if path not in paths:
            continue
        if found is None:
            found = _OpenAICall(path, [])
        found.owners.append(owner)
    return found


def _no_model(node: ast.Call) -> bool:
    return not node.args and all(kw.arg not in (None, "model") for kw in node.keywords)


def _constructor(owner: Value, ctx: Context) -> ast.Call | None:
    """The constructor call of an openai client instance (not ``with_options``/a factory)."""
    node = owner.node
    if isinstance(node, ast.Call) and owner.name in ctx.qualnames(node.func):
        return node
    return None


def _deployment(owners: list[Value], ctx: Context) -> str | None:
    """The deployment an ``AzureOpenAI(azure_deployment=...)`` client routes to, as source text."""
    texts = set()
    for owner in owners:
        ctor = _constructor(owner, ctx)
        if ctor is None or not known.OPENAI_CLIENTS.get(owner.name, (False,))[0]:
            return None
        text = None
        for kw in ctor.keywords:
            value = render_calls.here(kw.value, ctx) if kw.arg == "azure_deployment" else None
            if value is not None and render_calls.portable(value, ctor, ctx):
                text = ctx.segment(value)
            elif kw.arg == "base_url":
                url = _str(kw.value, ctx)
                match = _DEPLOYMENT_URL.search(url or "")
                if match:
                    text = snippets.string(match.group(1))
        if text is None:
            return None
        texts.add(text)
    return texts.pop() if len(texts) == 1 else None


def _str(node: ast.AST, ctx: Context) -> str | None:
    values = [v for v in ctx.infer(node) if v.kind == "str"]
    return values[0].name if len(values) == 1 else None


def _is_azure(owner: Value, ctx: Context) -> bool:
    info = known.OPENAI_CLIENTS.get(owner.name)
    if info is None:
        return False
    if info[0]:
        return True
    ctor = _constructor(owner, ctx)
    if ctor is None:
        return False
    for kw in ctor.keywords:
        if kw.arg == "base_url":
            url = _str(kw.value, ctx) or ""
            return "azure" in url.lower()
    return False


def _with_model(node: ast.Call, model: str, ctx: Context) -> str:
    args: list[tuple] = [("model", model)]
    for kw in node.keywords:
        args.append((kw.arg, ctx.segment(kw.value)))
    return snippets.call(ctx.segment(node.func), args, ctx.source.indent(node.lineno))


def _report_openai_call(rule: Rule, node: ast.AST, ctx: Context, methods, *, azure_only: bool) -> None:
    """Report an openai call of ``methods`` without ``model``, with the call given the client's
    ``azure_deployment`` (or the placeholder) as ``model``."""
    assert isinstance(node, ast.Call)
    if not _no_model(node):
        return
    found = _openai_call(node, ctx, methods)
    if found is None or (azure_only and not any(_is_azure(o, ctx) for o in found.owners)):
        return
    deployment = _deployment(found.owners, ctx)
    model = deployment or render_calls.MODEL_PLACEHOLDER
    ctx.report(
        rule, node,
        snippet=_with_model(node, model, ctx),
        replace=node,
        applicability=Applicability.SAFE if deployment else Applicability.UNSAFE,
        call=_short(ctx.segment(node.func)),
        source="; the client's `azure_deployment` becomes `model`" if deployment else "",
    )


@register
class OpenAICallMissingModel(Rule):
    code = "AOM502"
    symbol = "openai-call-missing-model"
    category = Category.MISSING_MODEL
    severity = "error"
    message = "`{call}()` passes no `model`, which the OpenAI SDK requires (the deployment name on Azure){source}"
    summary = (
        "Flags `chat.completions.create()`, `embeddings.create()`, `completions.create()` and the "
        "audio calls on an OpenAI or Azure OpenAI client when they pass no `model`."
    )
    why = (
        "These methods require `model`: the call raises `TypeError` even on an `AzureOpenAI` "
        "client whose `azure_deployment` routes the request. On Azure's `/openai/v1/` endpoint the "
        "deployment name is the `model`; the snippet takes it from the client's `azure_deployment` "
        "when there is one."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        "client = AzureOpenAI(azure_endpoint=endpoint, azure_deployment=\"gpt-4o\", api_version=v)\n"
        "completion = client.chat.completions.create(messages=messages)\n"
    )
    use_instead = "completion = client.chat.completions.create(model=\"gpt-4o\", messages=messages)\n"
    references = ("https://platform.openai.com/docs/api-reference/chat/create", API_VERSION_LIFECYCLE)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe when the model comes from the client's `azure_deployment` (the deployment "
        'the request went to before); unsafe with the `"<deployment-name>"` placeholder, '
        'which must be replaced (AOM505 keeps flagging it).'
    )
    invalid = (
        "from openai import AzureOpenAI\n"
        "client = AzureOpenAI(azure_deployment='gpt-4o', api_version='2024-10-21')\n"
        "client.chat.completions.create(messages=m)\n",
        "import openai\nopenai.embeddings.create(input=['x'])\n",
        "from openai import AsyncOpenAI\n"
        "async def f(client: AsyncOpenAI):\n"
        "    await client.with_raw_response.chat.completions.create(messages=m)\n",
    )
    valid = (
        "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model='m', messages=m)\n",
        "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(**request)\n",
        "from mistralai import Mistral\nclient = Mistral()\nclient.chat.completions.create(messages=m)\n",
        "def f(client):\n    client.chat.completions.create(messages=m)\n",
    )
    node_types = (ast.Call,)
    call_methods = OPENAI_CALL_METHODS
    needs_azure = False  # plain openai code

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_openai_call(self, node, ctx, REQUIRED, azure_only=False)


@register
class OpenAICallDefaultModel(Rule):
    code = "AOM504"
    symbol = "openai-call-default-model"
    category = Category.MISSING_MODEL
    message = "`{call}()` passes no `model`; Azure's v1 endpoint needs the deployment name{source}"
    summary = (
        "Flags `responses.create()` / `responses.parse()` and `images.generate()` / `images.edit()` "
        "without `model` on an Azure client (`AzureOpenAI`, or `OpenAI` with an Azure `base_url`)."
    )
    why = (
        "`model` is optional in these signatures: OpenAI picks a default model, and "
        "`AzureOpenAI(azure_deployment=...)` routed the request through the deployment URL. Azure's "
        "`/openai/v1/` endpoint routes by `model` only, so the deployment name must be passed."
    )
    example = (
        "from openai import AzureOpenAI\n\n"
        "client = AzureOpenAI(azure_endpoint=endpoint, azure_deployment=\"dall-e-3\", api_version=v)\n"
        "image = client.images.generate(prompt=\"a happy monkey\")\n"
    )
    use_instead = "image = client.images.generate(model=\"dall-e-3\", prompt=\"a happy monkey\")\n"
    references = ("https://platform.openai.com/docs/api-reference/images/create", API_VERSION_LIFECYCLE)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe when the model comes from the client's `azure_deployment`; unsafe with the "
        '`"<deployment-name>"` placeholder (AOM505 keeps flagging it).'
    )
    invalid = (
        "from openai import AzureOpenAI\n"
        "client = AzureOpenAI(azure_deployment='dall-e-3', api_version='2024-10-21')\n"
        "client.images.generate(prompt='x')\n",
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://res.openai.azure.com/openai/v1/', api_key=k)\n"
        "client.responses.create(input='hi')\n",
    )
    valid = (
        # plain OpenAI: the default model is a choice, not a bug
        "from openai import OpenAI\nclient = OpenAI()\nclient.images.generate(prompt='x')\n",
        "from openai import AzureOpenAI\nclient = AzureOpenAI(api_version=v)\n"
        "client.responses.create(model='gpt-4o', input='hi')\n",
    )
    node_types = (ast.Call,)
    call_methods = OPENAI_CALL_METHODS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_openai_call(self, node, ctx, OPTIONAL, azure_only=True)


#: openai<1.0 resource -> {method: openai>=1.0 path}
LEGACY = {
    "ChatCompletion": {"create": "chat.completions.create", "acreate": "chat.completions.create"},
    "Completion": {"create": "completions.create", "acreate": "completions.create"},
    "Embedding": {"create": "embeddings.create", "acreate": "embeddings.create"},
    "Image": {
        "create": "images.generate", "acreate": "images.generate",
        "create_edit": "images.edit", "acreate_edit": "images.edit",
        "create_variation": "images.create_variation", "acreate_variation": "images.create_variation",
    },
}
#: per-call settings of openai<1.0 that belong to the client now
_LEGACY_CLIENT_ARGS = frozenset({"api_key", "api_base", "api_type", "api_version", "organization"})


@register
class LegacyEngine(Rule):
    code = "AOM503"
    symbol = "openai-legacy-engine"
    category = Category.MISSING_MODEL
    message = (
        "`{call}({kw}=...)` is the openai<1.0 Azure API (removed in openai>=1.0); call "
        "`client.{path}()` with the deployment as `model`{notes}"
    )
    summary = (
        "Flags openai<1.0 resource calls (`openai.ChatCompletion.create`, `Completion`, "
        "`Embedding`, `Image`, and the `acreate` variants) that name the Azure deployment with "
        "`engine=` or `deployment_id=`."
    )
    why = (
        "Under openai>=1.0 these resource classes raise `APIRemovedInV1`. The deployment that "
        "`engine` / `deployment_id` put into the URL is the `model` of the v1 call, made on an "
        "`OpenAI(base_url=\"https://<resource>.openai.azure.com/openai/v1/\", api_key=...)` client; "
        "`api_key`, `api_base`, `api_type` and `api_version` belong to that client (or go away)."
    )
    example = (
        "import openai\n\n"
        "response = openai.ChatCompletion.create(engine=\"gpt-35-turbo\", messages=messages, temperature=0)\n"
    )
    use_instead = (
        "response = client.chat.completions.create(model=\"gpt-35-turbo\", messages=messages, temperature=0)\n"
    )
    references = ("https://github.com/openai/openai-python/discussions/742", API_VERSION_LIFECYCLE)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: the call becomes `client.<resource>.create(model=...)` on a client named '
        '`client`, which the module must define (see AOM303-AOM305 for the module-level '
        'configuration it replaces).'
    )
    invalid = (
        "import openai\nopenai.ChatCompletion.create(engine='gpt4', messages=m)\n",
        "from openai import Embedding\nEmbedding.create(deployment_id='ada', input=t)\n",
        "import openai\nasync def f():\n    return await openai.ChatCompletion.acreate(engine=dep, messages=m)\n",
        # the module's Azure configuration becomes `client` (AOM303): the call is rewritten in place
        "import openai\n"
        "openai.api_type = 'azure'\n"
        "openai.api_base = 'https://contoso.openai.azure.com/'\n"
        "openai.api_version = '2023-05-15'\n"
        "openai.api_key = KEY\n"
        "openai.ChatCompletion.create(engine='gpt4', messages=m)\n",
    )
    valid = (
        # the v1 SDK
        "import openai\nopenai.chat.completions.create(model='gpt4', messages=m)\n",
        # a search engine
        "from search import Engine\nEngine.create(engine='bing')\n",
        # openai<1.0 without Azure's engine
        "import openai\nopenai.ChatCompletion.create(model='gpt-4', messages=m)\n",
    )
    node_types = (ast.Call,)
    needs_azure = False  # plain openai code

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        engine = next((kw for kw in node.keywords if kw.arg in ("engine", "deployment_id")), None)
        if engine is None:
            return
        path = None
        for qual in ctx.qualnames(func):
            parts = qual.split(".")
            if len(parts) == 3 and parts[0] == "openai" and parts[1] in LEGACY:
                path = LEGACY[parts[1]].get(parts[2])
                if path:
                    break
        if path is None:
            return
        args: list[tuple] = [("model", ctx.segment(engine.value))]
        dropped = []
        for arg in node.args:
            args.append((None, ctx.segment(arg)))
        for kw in node.keywords:
            if kw.arg in ("engine", "deployment_id", "model"):
                continue
            if kw.arg in _LEGACY_CLIENT_ARGS:
                dropped.append(kw.arg)
                continue
            name = "timeout" if kw.arg == "request_timeout" else kw.arg
            args.append((name if name is not None else "**", ctx.segment(kw.value)))
        notes = ""
        is_async = func.attr.startswith("a")
        if is_async:
            notes += " on an `AsyncOpenAI` client"
        if dropped:
            notes += f"; move {', '.join(dropped)} to the client"
        snippet = snippets.call(f"client.{path}", args, ctx.source.indent(node.lineno))
        replace: ast.AST | None = node
        if not ctx.sem.lookup("client", ctx.scope):
            config = module_config(ctx).at(node)
            if not config.is_azure:  # no module settings whose finding builds `client`: build it here
                client, client_notes = config.snippet(ctx, "AsyncOpenAI" if is_async else "OpenAI")
                call = snippets.call(f"client.{path}", args)
                snippet = f"{client}\n{blocks.in_statement(ctx.source, node, call) or call}"
                replace = None
                notes += "".join(f"; {n}" for n in client_notes)
        ctx.report(
            self, node,
            snippet=snippet,
            replace=replace,
            call=_short(ctx.segment(func)),
            kw=engine.arg,
            path=path,
            notes=notes,
        )


@register
class ModelPlaceholder(Rule):
    code = "AOM505"
    symbol = "model-placeholder"
    category = Category.MISSING_MODEL
    severity = "error"
    message = "`model={value}` is the placeholder that `aoai-migrate fix` wrote where no deployment name was known; put your deployment name there"
    summary = (
        "Flags the `\"<deployment-name>\"` placeholder that the migrated code carries where the "
        "original call named no model and neither did its client, or where its model may be "
        "`None` (`model=os.getenv(\"DEPLOYMENT\") or \"<deployment-name>\"`)."
    )
    why = (
        "Azure's /openai/v1/ endpoint routes each request by `model`, the deployment name. The "
        "Azure AI Inference SDK could leave it out on a single-model endpoint; the migrated call "
        "cannot, and the placeholder fails with a 404 (DeploymentNotFound) until it is replaced."
    )
    example = (
        "completion = client.chat.completions.create(\n"
        '    model="<deployment-name>",\n'
        '    messages=[{"role": "user", "content": "Hi"}],\n'
        ")\n"
    )
    use_instead = (
        "completion = client.chat.completions.create(\n"
        '    model="gpt-4o-mini",  # your deployment name\n'
        '    messages=[{"role": "user", "content": "Hi"}],\n'
        ")\n"
    )
    references = (MIGRATION_GUIDE,)
    fix_safety = "No fix: only a person knows the deployment name."
    invalid = (
        example,
        "request = dict(model='<deployment-name>', input=['a'])\n",
        "client.chat.completions.create(model=os.getenv('DEPLOYMENT') or '<deployment-name>', messages=m)\n",
    )
    valid = (
        "client.chat.completions.create(model='gpt-4o-mini', messages=m)\n",
        "client.chat.completions.create(model=deployment, messages=m)\n",
        "print('<deployment-name>')\n",
    )
    node_types = (ast.keyword,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.keyword)
        value = node.value
        if node.arg != "model":
            return
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
            value = value.values[-1]  # model=deployment or "<deployment-name>"
        if isinstance(value, ast.Constant) and value.value == _PLACEHOLDER:
            ctx.report(self, value, value=ctx.segment(value))


_PLACEHOLDER = render_calls.MODEL_PLACEHOLDER.strip('"')
