"""OpenAI-only APIs attempted through an Azure AI Inference client (AOM601): members that only
openai clients have, and raw ``send_request`` calls to routes Inference does not serve."""

from __future__ import annotations

import ast
import re

from ... import foreign, known
from ...render import snippets
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from ..api_version import url_template as ut
from ..api_version.common import keyword, short
from .common import body_kwargs, call_line, client_line, constructor, deployment_for, receiver_of, with_model
from ..references import MIGRATION_GUIDE

#: features of the openai resources, for messages (``chat`` and ``embeddings`` are served by
#: Inference too: the inference-sdk rules handle them)
FEATURES = {
    "responses": "the Responses API",
    "images": "image generation",
    "audio": "audio",
    "audio.transcriptions": "audio transcription",
    "audio.translations": "audio translation",
    "audio.speech": "text to speech",
    "beta.assistants": "Assistants",
    "beta.threads": "Assistants threads",
    "beta.realtime": "the Realtime API",
    "images.edit": "image edits",
    "files": "the Files API",
    "batches": "the Batch API",
    "beta": "Assistants and threads",
    "vector_stores": "vector stores",
    "fine_tuning": "fine-tuning",
    "moderations": "moderation",
    "completions": "legacy completions",
    "models": "model listing",
    "evals": "evals",
    "uploads": "uploads",
    "realtime": "the Realtime API",
    "containers": "containers",
    "conversations": "conversations",
    "webhooks": "webhooks",
    "videos": "video generation",
    "graders": "graders",
}
OPENAI_ONLY_ROOTS = frozenset(FEATURES) & known.OPENAI_RESOURCES


def feature_of(path: str) -> str:
    """How messages name the feature behind an openai member path."""
    parts = path.split(".")
    return FEATURES.get(".".join(parts[:2])) or FEATURES.get(parts[0], parts[0])

#: REST route (after any /openai, /openai/v1, /models or deployment prefix) and HTTP method ->
#: the openai method that serves it
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("responses", "POST", "responses.create"),
    ("images/generations", "POST", "images.generate"),
    ("images/edits", "POST", "images.edit"),
    ("images/variations", "POST", "images.create_variation"),
    ("audio/transcriptions", "POST", "audio.transcriptions.create"),
    ("audio/translations", "POST", "audio.translations.create"),
    ("audio/speech", "POST", "audio.speech.create"),
    ("files", "POST", "files.create"),
    ("files", "GET", "files.list"),
    ("batches", "POST", "batches.create"),
    ("batches", "GET", "batches.list"),
    ("assistants", "POST", "beta.assistants.create"),
    ("assistants", "GET", "beta.assistants.list"),
    ("threads", "POST", "beta.threads.create"),
    ("vector_stores", "POST", "vector_stores.create"),
    ("vector_stores", "GET", "vector_stores.list"),
    ("fine_tuning/jobs", "POST", "fine_tuning.jobs.create"),
    ("fine_tuning/jobs", "GET", "fine_tuning.jobs.list"),
    ("moderations", "POST", "moderations.create"),
    ("completions", "POST", "completions.create"),
    ("models", "GET", "models.list"),
    ("evals", "POST", "evals.create"),
    ("evals", "GET", "evals.list"),
    ("uploads", "POST", "uploads.create"),
)
_PREFIX = re.compile(r"^(?:/openai(?:/v1|/deployments/[^/]+)?|/models)?/", re.I)
HTTP_REQUESTS = frozenset({"azure.core.rest.HttpRequest", "azure.core.pipeline.transport.HttpRequest"})


def route_of(url: ast.AST, method: str, ctx: Context) -> str | None:
    """The openai method serving the route of a request URL (relative to the client's endpoint or
    absolute), or ``None``."""
    parts = ut.template(url, ctx, follow=True)
    if parts is None:
        return None
    encoded, _ = ut.encode(parts)
    path = encoded.split("?", 1)[0].split("#", 1)[0]
    match = re.match(r"^(?:https?://[^/]*|\x01\d+\x02)", path)
    if match:
        path = path[match.end():]
    if not path.startswith("/"):
        path = "/" + path
    path = _PREFIX.sub("/", path, count=1).strip("/").lower()
    for route, verb, target in ROUTES:
        if path == route and verb == method:
            return target
    return None


def _request_parts(request: ast.Call) -> tuple[str | None, ast.AST | None, ast.AST | None]:
    """``(method, url, json body)`` of an ``HttpRequest(...)`` construction."""
    method_node = request.args[0] if request.args else None
    url = request.args[1] if len(request.args) > 1 else None
    for kw in request.keywords:
        if kw.arg == "method":
            method_node = kw.value
        elif kw.arg == "url":
            url = kw.value
    method = method_node.value.upper() if isinstance(method_node, ast.Constant) and isinstance(method_node.value, str) else None
    body = keyword(request, "json")
    return method, url, body.value if body is not None else None


def _inference_owner(func: ast.AST, ctx: Context, predicate) -> tuple[ast.AST | None, str, object] | None:
    """``(receiver node, member path, owner)`` for a member call on an Inference client."""
    for member in sorted(ctx.members(func), key=lambda m: m.name):
        owner = member.owner
        if owner is None or owner.kind != "instance" or owner.name not in known.INFERENCE_CLIENTS:
            continue
        if predicate(member.name):
            return receiver_of(func, member.name), member.name, owner
    return None


@register
class OpenAIOnlyFeature(Rule):
    code = "AOM601"
    symbol = "inference-unsupported-feature"
    category = Category.UNSUPPORTED_FEATURE
    severity = "error"
    message = "Azure AI Inference cannot do {feature} (`{call}`); call `{method}()` on an OpenAI client on /openai/v1/"
    summary = (
        "Flags OpenAI-only APIs attempted through an Azure AI Inference client: members that only "
        "openai clients have (`responses`, `images`, `audio`, `files`, `batches`, `beta`, "
        "`vector_stores`, `fine_tuning`, ...) and raw `send_request(HttpRequest(...))` calls to routes "
        "such as `/responses` or `/images/generations`."
    )
    why = (
        "Azure AI Inference serves four operations only (chat completions, embeddings, image "
        "embeddings, model info). The Responses API, image generation, audio, files, batches, "
        "assistants, vector stores and fine-tuning exist only on the OpenAI SDK, which reaches all of "
        "them through Azure's /openai/v1/ endpoint."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.core.rest import HttpRequest\n\n"
        "client = ChatCompletionsClient(endpoint, credential)\n"
        'request = HttpRequest("POST", "/responses", json={"model": "gpt-4o-mini", "input": "This is a test."})\n'
        "response = client.send_request(request)\n"
    )
    use_instead = (
        "response = client.responses.create(\n"
        '    model="gpt-4o-mini",  # your deployment name\n'
        '    input="This is a test.",\n'
        ")\n"
    )
    references = (
        MIGRATION_GUIDE,
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/responses",
    )
    invalid = (
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\n"
        'client.images.generate(prompt="a happy monkey", size="1024x1024")\n',
        "from azure.ai.inference.aio import ChatCompletionsClient\n"
        "async def f(client: ChatCompletionsClient):\n"
        '    return await client.responses.create(model="gpt-4o-mini", input="hi")\n',
        "from azure.ai.inference import EmbeddingsClient\nfrom azure.core.rest import HttpRequest\n"
        "client = EmbeddingsClient(e, c)\n"
        'client.send_request(HttpRequest("POST", "/images/generations", json={"prompt": "p"}))\n',
    )
    valid = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'client.responses.create(model="m", input="hi")\n',
        'client.images.generate(prompt="p")\n',
        "from azure.ai.inference import ChatCompletionsClient\nfrom azure.core.rest import HttpRequest\n"
        "client = ChatCompletionsClient(e, c)\n"
        'client.send_request(HttpRequest("POST", "/chat/completions", json={}))\n',
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(e, c)\nclient.complete(messages=[])\n",
        "from mistralai import Mistral\nclient = Mistral(api_key=k)\nclient.chat.complete(model='m', messages=[])\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        found = _inference_owner(node.func, ctx, lambda path: path.split(".", 1)[0] in OPENAI_ONLY_ROOTS)
        if found is not None:
            self._member(node, found, ctx)
            return
        found = _inference_owner(node.func, ctx, lambda path: path == "send_request")
        if found is not None:
            self._send_request(node, found, ctx)

    def _member(self, node: ast.Call, found, ctx: Context) -> None:
        receiver, path, owner = found
        if receiver is None:
            return
        ctor = constructor(owner)
        args = [(None, ctx.segment(a)) for a in node.args]
        args += [(kw.arg or "**", ctx.segment(kw.value)) for kw in node.keywords]
        args = with_model(args, path, deployment_for(ctor, ctx))
        call = snippets.call(f"{ctx.segment(receiver)}.{path}", args)
        ctx.report(self, node, snippet=client_line(ctor, receiver, ctx) + call_line(node, call, ctx) + "\n",
                   feature=feature_of(path), call=short(ctx.segment(node.func)), method=path)

    def _send_request(self, node: ast.Call, found, ctx: Context) -> None:
        receiver, _, owner = found
        arg = node.args[0] if node.args else (keyword(node, "request").value if keyword(node, "request") else None)
        request = arg if isinstance(arg, ast.Call) else None
        if request is None and arg is not None:
            for value in ctx.infer(arg):
                if value.kind == "instance" and value.name in HTTP_REQUESTS and foreign.written_here(value.node):
                    request = value.node
        if request is None or not (ctx.qualnames(request.func) & HTTP_REQUESTS or request is not arg):
            return
        method, url, body = _request_parts(request)
        if method is None or url is None:
            return
        target = route_of(url, method, ctx)
        if target is None or receiver is None:
            return
        ctor = constructor(owner)
        args = with_model(body_kwargs(body, ctx), target, deployment_for(ctor, ctx))
        call = snippets.call(f"{ctx.segment(receiver)}.{target}", args)
        ctx.report(self, node, snippet=client_line(ctor, receiver, ctx) + call_line(node, call, ctx) + "\n",
                   feature=feature_of(target), call=f"{method} {short(ctx.segment(url), 40)}", method=target)
