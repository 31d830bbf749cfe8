"""Azure AI Inference client methods called on an openai client (AOM606): what is left behind
when a client is migrated and a call on it is not (``get_model_info()`` has no mechanical fix,
an unsafe ``complete()`` fix was not applied, a hand migration missed one). openai's clients
have none of these members, so each such call raises AttributeError at run time."""

from __future__ import annotations

import ast

from ... import known
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from ...render import calls as render_calls
from ...render import snippets
from ...semantics import Value
from ..api_version.common import short
from ..references import MIGRATION_GUIDE
from .common import MODEL_PLACEHOLDER, receiver_of

#: Inference client methods openai's clients lack (``close`` and ``with_options`` they have),
#: -> what the message advises in their place
INFERENCE_ONLY = {
    "complete": "call `chat.completions.create()` with the model (deployment) name and the messages as dicts "
    "(AOM103); the client's deployment is not visible from an openai client: put its name in place of the placeholder",
    "embed": "call `embeddings.create()` with the model (deployment) name and `input=` (AOM104); the client's "
    "deployment is not visible from an openai client: put its name in place of the placeholder",
    "get_model_info": "openai has no GET /info: `models.retrieve(<deployment>)` returns id, created and owned_by "
    "(no model_type or provider) (AOM605); put the deployment's name in place of the placeholder",
    "send_request": "openai sends raw requests with `get()`/`post()` on the client, relative to its base_url "
    "(path without the /openai/v1 prefix), and returns the parsed body",
}
#: openai clients (the module-level client of ``import openai`` is a module: its attributes differ)
OPENAI_CLASSES = frozenset(q for q in known.OPENAI_CLIENTS if q != known.MODULE_CLIENT)


def _own_method(name: str, ctx: Context) -> bool:
    """Whether a class of this module defines ``name`` and derives from an openai client: its
    instances resolve as that client, and their ``name`` is the class's own (not flagged)."""
    for node in ast.walk(ctx.sem.tree):
        if not isinstance(node, ast.ClassDef) or not node.bases:
            continue
        if any(name in _defined(item) for item in node.body if isinstance(item, _DEFINITIONS)) and any(
            ctx.qualnames(base) & OPENAI_CLASSES or _local_class(base, ctx) for base in node.bases
        ):
            return True
    return False


def _local_class(base: ast.expr, ctx: Context) -> bool:
    return any(v.kind in ("class", "object") for v in ctx.infer(base))


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign)


def _defined(item: ast.stmt) -> set[str]:
    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {item.name}
    targets = item.targets if isinstance(item, ast.Assign) else [item.target]  # type: ignore[attr-defined]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _openai_result(value: Value) -> bool:
    """What a real openai client method returned (not a leftover Inference call's result)."""
    owner = value.owner
    return (
        value.kind == "result" and owner is not None and owner.kind == "instance" and owner.name in OPENAI_CLASSES
        and value.name.split(".")[0] in known.OPENAI_RESOURCES
    )


def _openai_type(value: Value) -> bool:
    """An instance of one of openai's own types (a response model, a TypedDict param)."""
    return value.kind == "instance" and value.name.startswith("openai.types.")


def _snippet(node: ast.Call, name: str, recv: ast.expr, is_async: bool, ctx: Context) -> str | None:
    receiver = ctx.segment(recv)
    if name == "get_model_info":
        return snippets.call(f"{receiver}.models.retrieve", [(None, MODEL_PLACEHOLDER)]) + "\n"
    if name in ("complete", "embed"):
        resolved = render_calls.InferenceCall(name, is_async, (), recv)
        try:
            rendering = (render_calls.render_complete if name == "complete" else render_calls.render_embed)(
                node, ctx, resolved)
        except Exception:  # the renderer expects an Inference client: no snippet rather than a wrong one
            return None
        if rendering is not None and snippets.parses(rendering.snippet):
            return rendering.snippet if rendering.snippet.endswith("\n") else rendering.snippet + "\n"
    return None


@register
class InferenceMemberOnOpenAIClient(Rule):
    code = "AOM606"
    symbol = "inference-member-on-openai-client"
    category = Category.UNSUPPORTED_FEATURE
    message = (
        "`{call}()` is Azure AI Inference's, but {what}, which has no `{member}` (AttributeError at run time, "
        "which no azure-core handler catches): {advice}"
    )
    summary = (
        "Flags Inference-only client methods (`complete`, `embed`, `get_model_info`, `send_request`) "
        "called on a resolved openai client, and `as_dict()` on an openai result: the calls a migration left behind."
    )
    why = (
        "When a client is migrated to `OpenAI(...)` / `AsyncOpenAI(...)` (by hand, or by `aoai-migrate fix`, "
        "which does not rewrite what has no mechanical fix such as `get_model_info()`, nor unsafe fixes "
        "without `--unsafe-fixes`), every call of an Inference method on it still has to be migrated: "
        "openai's clients have no such member, and the AttributeError it raises is not an azure-core "
        "`HttpResponseError`, so handlers written for the Inference call do not catch it. This rule keeps "
        "such a call a finding after the client changed, so `check` on migrated code still reports it."
    )
    example = (
        "from openai import OpenAI\n\n"
        'client = OpenAI(base_url=f"{endpoint}/openai/v1/", api_key=key)\n'
        "name = client.get_model_info().model_name\n"
    )
    use_instead = (
        'name = client.models.retrieve("gpt-4o").id\n'
    )
    references = (
        MIGRATION_GUIDE,
        "https://github.com/openai/openai-python/blob/main/src/openai/_client.py",
    )
    known_problems = (
        "A client whose type is not visible (built in another module without the project index or "
        "pylint's inference) is not resolved, so a call on it is not flagged."
    )
    #: a fixed module may name no Azure any more (its Inference imports removed)
    needs_azure = False
    invalid = (
        "from openai import OpenAI\nclient = OpenAI(base_url=u, api_key=k)\ninfo = client.get_model_info()\n",
        "from openai import AsyncAzureOpenAI\nasync def f(e, k):\n"
        "    client = AsyncAzureOpenAI(azure_endpoint=e, api_key=k, api_version='2024-10-21')\n"
        "    return await client.complete(messages=[{'role': 'user', 'content': 'hi'}])\n",
        "from openai import AsyncOpenAI\nclass App:\n    def __init__(self):\n        self.client = AsyncOpenAI()\n"
        "    async def name(self):\n        return (await self.client.get_model_info()).model_name\n",
        "import openai\ndef f(client: openai.OpenAI):\n    return client.send_request(request)\n",
        "from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model='m', messages=[])\n"
        "print(r.choices[0].message.as_dict())\n",
        "from openai.types.chat import ChatCompletionMessage\n"
        "def text(message: ChatCompletionMessage):\n    return message.as_dict().get('content')\n",
    )
    valid = (
        "info = client.get_model_info()\n",
        "from openai import OpenAI\nclient = OpenAI()\nclient.models.retrieve('m')\nclient.close()\n",
        "from openai import OpenAI\nclient = OpenAI()\nclient.with_options(timeout=5).chat.completions.create(model='m', messages=[])\n",
        "class Model:\n    def get_model_info(self): ...\nModel().get_model_info()\n",
        "from openai import OpenAI\nclass Client(OpenAI):\n    def get_model_info(self): ...\n"
        "Client().get_model_info()\n",
        "import openai\nopenai.embed = None\n",
        "from azure.ai.inference import ChatCompletionsClient\nclient = ChatCompletionsClient(e, c)\n"
        "client.get_model_info()\n",
        "from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model='m', messages=[])\n"
        "print(r.choices[0].message.to_dict())\n",
        "from openai.types.chat import ChatCompletionMessage\nclass Mine:\n    def as_dict(self): ...\n"
        "def f(m: Mine, message: ChatCompletionMessage):\n    return m.as_dict(), message.to_dict()\n",
        "from openai import OpenAI\nclient = OpenAI(base_url='https://r.openai.azure.com/openai/v1/', api_key=k)\n"
        "client.complete(messages=[{'role': 'user', 'content': 'hi'}])\n",
        "from azure.ai.inference import ChatCompletionsClient\nfrom openai import OpenAI\n"
        "client = OpenAI() if v1 else ChatCompletionsClient(e, c)\nclient.complete(messages=m)\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset(INFERENCE_ONLY) | {"as_dict"}

    def visit(self, node: ast.AST, ctx: Context) -> None:
        func = node.func  # type: ignore[attr-defined]
        if not isinstance(func, ast.Attribute):
            return
        if func.attr == "as_dict":
            self._as_dict(node, func, ctx)  # type: ignore[arg-type]
            return
        if func.attr not in INFERENCE_ONLY:
            return
        name = func.attr
        if name in ("complete", "embed") and render_calls.resolve_inference_call(node, ctx) is not None:
            return  # AOM103/AOM104 migrate it (they know a client that was migrated without its calls)
        members = ctx.members(func)
        if any(m.owner is not None and m.owner.name in known.INFERENCE_CLIENTS for m in members if m.name == name):
            return  # may be an Inference client too (chosen at run time): the inference rules report it
        for member in members:
            owner = member.owner
            if member.name != name or owner is None or owner.kind != "instance" or owner.name not in OPENAI_CLASSES:
                continue
            if _own_method(name, ctx):
                return
            recv = receiver_of(func, name)
            if recv is None:
                return
            is_async = known.OPENAI_CLIENTS[owner.name][1]
            ctx.report(
                self, node, snippet=_snippet(node, name, recv, is_async, ctx), call=short(ctx.segment(func)),
                what=f"`{short(ctx.segment(recv))}` is an openai `{owner.name.rsplit('.', 1)[-1]}` client", member=name,
                advice=INFERENCE_ONLY[name],
            )
            return

    def _as_dict(self, node: ast.Call, func: ast.Attribute, ctx: Context) -> None:
        """``<openai result>[.attr|[i]]*.as_dict()``: openai's results and everything in them
        (pydantic models, lists, strings) have no ``as_dict()``; ``to_dict()`` keeps the keys the
        service sent, as ``as_dict()`` did."""
        if node.args or node.keywords:
            return
        root = func.value
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        values = list(ctx.infer(root))
        if not values or not all(_openai_result(v) or _openai_type(v) for v in values):
            return
        recv = ctx.segment(func.value)
        origin = values[0]
        what = (f"the openai `{origin.name}()` result" if origin.kind == "result"
                else f"an openai `{origin.name.rsplit('.', 1)[-1]}`")
        ctx.report(
            self, node, snippet=f"{recv}.to_dict()\n", call=short(ctx.segment(func)),
            what=f"`{short(recv)}` is {'' if recv == ctx.segment(root) else '(part of) '}{what}", member="as_dict",
            advice="`to_dict()` returns the keys the service sent (`model_dump()` every field)",
        )
