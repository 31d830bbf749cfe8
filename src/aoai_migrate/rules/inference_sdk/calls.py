"""Rules of the ``inference-sdk`` category: ``complete()`` and ``embed()`` calls on Inference
clients, rewritten as ``chat.completions.create()`` / ``embeddings.create()`` calls."""

from __future__ import annotations

import ast

from ... import known
from ...render import calls as render_calls, spread_values
from ...render import snippets
from ...render import subclasses
from ...engine import Context
from ...model import Applicability, Category, Edit
from ...registry import Rule, register
from ..references import MIGRATION_GUIDE



def short(text: str, limit: int = 40) -> str:
    """A receiver's text for a one-line message."""
    return snippets.shorten(text, limit)


def notes(rendering: render_calls.CallRendering) -> str:
    """The tail of the message: what the snippet had to invent, move or drop."""
    out = []
    if rendering.model_source == "placeholder":
        out.append("`model` is required: put your deployment name in the placeholder")
    elif rendering.model_source == "spread-placeholder":
        spreads = ", ".join(f"`**{short(s, 30)}`" for s in rendering.splats)
        out.append(f"`model` is required and {spreads} does not hold it: put your deployment name in the placeholder")
    elif rendering.model_source == "optional":
        out.append("`model` may be None, which Inference left out and openai rejects: the placeholder stands in for it")
    elif rendering.model_source == "deployment":
        out.append("the deployment the client names (endpoint URL or azureml-model-deployment header) becomes `model`")
    elif rendering.body_model is not None:
        literal = rendering.body_model[0]
        said = (
            "the deployment the client names becomes its `model`" if rendering.model_source == "body-deployment"
            else "put your deployment name in the placeholder"
        )
        out.append(
            f"`model` is required: it is added to the request body where it is built (line {literal.lineno}): "
            f"{said}; openai types each parameter, which a dict inferred from its literal does not "
            "satisfy when spread with **: its binding is annotated `dict[str, Any]`, untyped as it was"
        )
    elif rendering.opaque_body:
        out.append(
            "the request body must include `model` (your deployment name); openai types each "
            "parameter, which a plain dict spread with ** does not satisfy: pass them as keywords "
            "or type the dict (no automatic fix)"
        )
    if rendering.moved:
        out.append(f"the client's defaults ({', '.join(rendering.moved)}) move into the call")
    if rendering.left:
        out.append(f"pass the client's {', '.join(rendering.left)} on this call too")
    if rendering.dropped:
        out.append(f"dropped {', '.join(rendering.dropped)}: no OpenAI equivalent")
    out.extend(rendering.spread_notes)
    out.extend(c.note for c in rendering.conversions)
    for splat in rendering.splats:
        if splat in rendering.described:
            continue  # its keys are visible: the notes above say what is wrong with them
        short_text = short(splat, 30)
        out.append(
            f"`**{short_text}` is passed on: it may hold only OpenAI parameters "
            "(model_extras entries go in extra_body, azure-core options have none; "
            f"{spread_values.unseen(rendering.chat)})"
        )
    for caveat in rendering.caveats:
        out.append(f"{caveat} is not an OpenAI encoding ({render_calls.FOREIGN_ENCODING_NOTE})")
    if rendering.untyped:
        out.append(f"{'; '.join(rendering.untyped)} (no automatic fix)")
    return "".join(f"; {note}" for note in out)


def _applicability(rendering: render_calls.CallRendering, resolved: render_calls.InferenceCall) -> Applicability:
    """Safe when the request stays the same; display-only on a ``load_client()`` result, which
    stays an Inference client (AOM604 has no mechanical fix)."""
    if any(owner.name.endswith(known.LOADED) for owner in resolved.owners):
        return Applicability.DISPLAY_ONLY
    if rendering.body_model is not None and not rendering.untyped and not any(c.blocking for c in rendering.conversions):
        return Applicability.UNSAFE  # the model is invented or taken from the endpoint, as for keywords
    if rendering.opaque_body or rendering.untyped:
        return Applicability.DISPLAY_ONLY  # create(**body), untyped dicts: the original was untyped, openai is not
    if rendering.refused_spread:
        return Applicability.DISPLAY_ONLY  # a spread dict holds a key openai refuses: TypeError
    if any(c.blocking for c in rendering.conversions):
        return Applicability.DISPLAY_ONLY  # a value in a ** dict stays wrong: the message says what it must become
    return Applicability.SAFE if rendering.safe else Applicability.UNSAFE


def _report_call(rule: Rule, node: ast.AST, ctx: Context, method: str, render) -> None:
    """Report ``node`` when it is the Inference client method ``method``, with the call
    ``render`` migrates it to."""
    resolved = render_calls.resolve_inference_call(node, ctx)
    if resolved is None or resolved.method != method:
        return
    rendering = render(node, ctx, resolved)
    if rendering is None:
        return
    applicability, extra = _applicability(rendering, resolved), ""
    subclass = subclasses.receiver_class(resolved.receiver, ctx)
    if subclass is not None:  # the user's subclass: its construction is not migrated automatically
        if method in subclasses.methods(subclass):
            openai_call = "chat.completions.create()" if method == "complete" else "embeddings.create()"
            extra = (f"; `{subclass.name}.{method}()` overrides the Inference method and `{openai_call}` "
                     "does not run it: carry what it does over by hand (no automatic fix)")
        else:
            extra = (f"; the receiver is a `{subclass.name}`, a subclass of the Inference client that is not "
                     "migrated automatically: apply this with its construction (no automatic fix)")
        applicability = Applicability.DISPLAY_ONLY
    ctx.report(
        rule, node,
        snippet=rendering.snippet,
        replace=node,
        edit=rendering.text,
        applicability=applicability,
        edits=[Edit(*edit) for edit in rendering.source_edits()],
        imports=[f"import {module}" for module in rendering.imports] + list(rendering.from_imports),
        receiver=short(ctx.segment(resolved.receiver)),
        notes=notes(rendering) + extra,
    )


@register
class InferenceComplete(Rule):
    code = "AOM103"
    symbol = "inference-sdk-complete"
    category = Category.INFERENCE_SDK
    message = (
        "`{receiver}.complete()` is Azure AI Inference; call `chat.completions.create()` on an "
        "OpenAI client{notes}"
    )
    summary = (
        "Flags `complete()` on an Azure AI Inference `ChatCompletionsClient` (sync or async, also "
        "clients from `load_client` or azure-ai-projects) and shows the `chat.completions.create()` "
        "call built from the same arguments."
    )
    why = (
        "The Azure AI Inference SDK is deprecated. On Azure's `/openai/v1/` endpoint the OpenAI SDK "
        "sends the same request with `client.chat.completions.create()`, which needs `model` (the "
        "deployment name) on every call, takes messages, tools and response formats as plain dicts, "
        "and has no client-level defaults: the snippet moves the client's `model`, `temperature`, "
        "... into the call, turns Inference model classes into dicts, `response_format=\"json_object\"` "
        "into `{\"type\": \"json_object\"}` (a bare string is sent as is and rejected), `model_extras` "
        "into `extra_body` (known parameters such as `n` or `user` become real arguments), "
        "`headers` into `extra_headers` and `params` into `extra_query`. A shorthand that reaches "
        "the call through a `**dict` is converted where the dict gets it (its literal, a "
        "`d[\"response_format\"] = ...` before the call, a local helper the dict is passed to) "
        "when nothing else reads the dict, and named in the message otherwise."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.ai.inference.models import SystemMessage, UserMessage\n\n"
        "client = ChatCompletionsClient(endpoint=endpoint, credential=credential)\n"
        "response = client.complete(\n"
        "    messages=[\n"
        "        SystemMessage(content=\"You are a helpful assistant.\"),\n"
        "        UserMessage(content=\"What is Azure AI?\"),\n"
        "    ],\n"
        "    model=\"gpt-4o-mini\",\n"
        ")\n"
    )
    use_instead = (
        "completion = client.chat.completions.create(\n"
        "    model=\"gpt-4o-mini\",  # your deployment name\n"
        "    messages=[\n"
        "        {\"role\": \"system\", \"content\": \"You are a helpful assistant.\"},\n"
        "        {\"role\": \"user\", \"content\": \"What is Azure AI?\"},\n"
        "    ],\n"
        ")\n"
    )
    known_problems = (
        "flake8 sees one module at a time: a client built in another module of the project is "
        "recognised by `aoai-migrate check` and pylint only (with the defaults its constructor "
        "sets, moved into the call). The snippet assumes the receiver becomes an `OpenAI` / "
        "`AsyncOpenAI` client (AOM102)."
    )
    references = (MIGRATION_GUIDE, "https://platform.openai.com/docs/api-reference/chat/create")
    fixable = True
    fix_safety = (
        "Safe when the request stays the same: the model is known (from the call, or from the "
        "client's `model=` default, which moves into the call), `model_extras` become real "
        "arguments or `extra_body`, `response_format` and the message/tool classes become dicts, "
        "`headers`/`params` become `extra_headers`/`extra_query`. Unsafe when the snippet had to "
        "invent or guess: a `\"<deployment-name>\"` placeholder for a missing model (replace it "
        "before running, also after a model that may be None), `**kwargs` that must carry "
        "`model`, azure-core keywords dropped, client defaults that could not be moved, and a "
        "request body dict literal bound just above for this call alone (`body = {...}`, "
        "`complete(body)`): `model` is added to the literal and its binding is annotated "
        "`body: dict[str, Any] = {...}`, so that `create(**body)` type-checks as untyped as before. "
        "Display-only for any other request body held in a variable (`complete(body)`): "
        "`create(**body)` would run, but the dict is untyped where openai types every "
        "parameter, so a person passes the keywords; likewise for messages that are "
        "`PromptTemplate.create_messages()`'s untyped dicts and for a tool call whose "
        "`arguments` is no string (a dict the Inference class sent as a JSON object, which "
        "`json.dumps()` would turn into a string), and for a `**` dict that visibly holds a key "
        "openai refuses at the call (an azure-core option, `model_extras`, `input_type`, `headers`; "
        "only keys set before the call count): `create()` takes no `**kwargs`, so it would raise "
        "`TypeError`. The call's receiver is kept: the client "
        "itself is migrated by AOM102; a call left for a person on a client that was migrated "
        "is still reported (an OpenAI client has no `complete()`). Display-only on an instance of "
        "a user subclass of the Inference client: its construction is not migrated automatically, "
        "and an override of `complete()` would no longer run (the message names it)."
    )
    invalid = (
        # a user subclass that overrides complete(): shown, not fixed, the override named
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class Counting(ChatCompletionsClient):\n"
        "    def complete(self, **kw):\n        return super().complete(**kw)\n"
        "c = Counting(ep, cred)\nr = c.complete(messages=[], model='m')\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "client.complete(messages=[{'role': 'user', 'content': 'hi'}], model='gpt-4o')\n",
        # async, through an annotation and `self`
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "class Bot:\n"
        "    def __init__(self, client: ChatCompletionsClient):\n"
        "        self.client = client\n"
        "    async def ask(self, messages):\n"
        "        return await self.client.complete(messages=messages, model='m')\n",
        # `with ... as`, a request body
        "import azure.ai.inference as inf\n"
        "with inf.ChatCompletionsClient(e, c) as client:\n"
        "    client.complete({'messages': [], 'model': 'm'})\n",
        # load_client result
        "from azure.ai.inference import load_client\n"
        "client = load_client(endpoint, credential)\n"
        "client.complete(messages=msgs)\n",
        # a response_format shorthand set on a dict spread into the call: converted where it is set
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "def ask(msgs, as_json):\n"
        "    options = {'model': 'gpt-4o'}\n"
        "    if as_json:\n"
        "        options['response_format'] = 'json_object'\n"
        "    return client.complete(messages=msgs, **options)\n",
        # azure-ai-projects factory
        "from azure.ai.projects import AIProjectClient\n"
        "project = AIProjectClient.from_connection_string(conn, credential=cred)\n"
        "chat = project.inference.get_chat_completions_client()\n"
        "chat.complete(messages=msgs, model='gpt-4o')\n",
    )
    valid = (
        # Mistral's client has `chat.complete()`
        "from mistralai import Mistral\n"
        "client = Mistral(api_key=k)\n"
        "client.chat.complete(model='mistral-small', messages=msgs)\n",
        # a job object
        "job.complete()\n",
        # an embeddings client has no complete()
        "from azure.ai.inference import EmbeddingsClient\n"
        "client = EmbeddingsClient(e, c)\n"
        "client.complete(messages=m)\n",
        # already migrated
        "from openai import OpenAI\n"
        "client = OpenAI(base_url=u, api_key=k)\n"
        "client.chat.completions.create(model='m', messages=msgs)\n",
        # unknown receiver named like the SDK's client
        "def f(client):\n    return client.complete(messages=[], model='m')\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"complete"})

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_call(self, node, ctx, "complete", render_calls.render_complete)


@register
class InferenceEmbed(Rule):
    code = "AOM104"
    symbol = "inference-sdk-embed"
    category = Category.INFERENCE_SDK
    message = (
        "`{receiver}.embed()` is Azure AI Inference; call `embeddings.create()` on an OpenAI "
        "client{notes}"
    )
    summary = (
        "Flags `embed()` on an Azure AI Inference `EmbeddingsClient` (sync or async) and shows the "
        "`embeddings.create()` call built from the same arguments."
    )
    why = (
        "The Azure AI Inference SDK is deprecated; the OpenAI SDK's `embeddings.create()` sends the "
        "same request to Azure's `/openai/v1/` endpoint. It requires `model` (the deployment name), "
        "supports only the `float` and `base64` encodings and has no `input_type`: those go into "
        "`extra_body`, where the model may or may not honour them. Client-level defaults "
        "(`model`, `dimensions`, ...) move into the call."
    )
    example = (
        "from azure.ai.inference import EmbeddingsClient\n\n"
        "client = EmbeddingsClient(endpoint=endpoint, credential=credential)\n"
        "response = client.embed(\n"
        "    input=[\"Your text string goes here\"],\n"
        "    model=\"text-embedding-3-small\",\n"
        ")\n"
    )
    use_instead = (
        "response = client.embeddings.create(\n"
        "    model=\"text-embedding-3-small\",  # your deployment name\n"
        "    input=[\"Your text string goes here\"],\n"
        ")\n"
    )
    known_problems = (
        "`ImageEmbeddingsClient.embed()` has no OpenAI equivalent and is reported by the "
        "unsupported-feature rules instead."
    )
    references = (MIGRATION_GUIDE, "https://platform.openai.com/docs/api-reference/embeddings/create")
    fixable = True
    fix_safety = (
        "Safe when the model is known and every argument has an OpenAI form (`dimensions`, "
        "`encoding_format=\"float\"`/`\"base64\"`, `input_type` in `extra_body`). Unsafe with a "
        "`\"<deployment-name>\"` placeholder, dropped azure-core keywords, or an encoding that is "
        "not an OpenAI one (sent in `extra_body`, which the deployment may reject)."
    )
    invalid = (
        "from azure.ai.inference import EmbeddingsClient\n"
        "client = EmbeddingsClient(e, c, model='text-embedding-3-small')\n"
        "client.embed(input=['a', 'b'])\n",
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "async def f(client: EmbeddingsClient):\n"
        "    return await client.embed(input=texts, model='m', input_type='query')\n",
    )
    valid = (
        # fastembed's embed()
        "from fastembed import TextEmbedding\n"
        "model = TextEmbedding()\n"
        "model.embed(['a'])\n",
        # image embeddings are another rule's business
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "client = ImageEmbeddingsClient(e, c)\n"
        "client.embed(input=[item])\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "ChatCompletionsClient(e, c).embed(input=['x'])\n",
        "def f(client):\n    client.embed(input=['x'])\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"embed"})

    def visit(self, node: ast.AST, ctx: Context) -> None:
        _report_call(self, node, ctx, "embed", render_calls.render_embed)
