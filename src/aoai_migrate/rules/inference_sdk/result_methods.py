"""Rule of the ``inference-sdk`` category: the mapping methods (``get``, ``keys``, ``items``,
``values``) called on Azure AI Inference results and on the models inside them (choices,
messages, usage, stream updates...), which openai's pydantic results do not have (AOM120).

What a value is follows the result outward: an Inference result (``complete()``, ``embed()``, a
stream's updates, an annotation of a result class), an attribute or item chain into one
(``response.choices[0].message``, ``response["choices"][0]``), a name bound to such a chain or
a loop over one. A value read with ``.get()`` is not followed: after the migration it is what
``to_dict()`` holds, a plain dict or list.
"""

from __future__ import annotations

import ast

from ... import known
from ...analysis import image_embeddings
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ...render import calls as render_calls
from .models import RESPONSE_TYPES

_MODELS = "azure.ai.inference.models."
#: result models that only ever come back from the service (request models become dicts and
#: keep their mapping methods, AOM105/AOM106)
RESULT_PARTS = frozenset(
    _MODELS + name
    for name in (
        "ChatChoice", "ChatResponseMessage", "CompletionsUsage", "CompletionsUsageDetails",
        "PromptUsageDetails", "StreamingChatChoiceUpdate", "StreamingChatResponseMessageUpdate",
        "StreamingChatResponseToolCallUpdate", "EmbeddingItem", "EmbeddingsUsage",
    )
)
_INFERENCE_STREAMS = frozenset({known.STREAMING_CHAT, known.ASYNC_STREAMING_CHAT})
METHODS = frozenset({"get", "keys", "items", "values"})
_DEPTH = 6


def result_value(node: ast.AST, ctx: Context, depth: int = 0) -> bool:
    """Whether ``node`` is an Inference result or a model inside one."""
    if depth > _DEPTH:
        return False
    for value in ctx.infer(node):
        if value.kind == "instance" and (value.name in RESPONSE_TYPES or value.name in RESULT_PARTS):
            return True
        owner = value.owner if value.kind == "member" else None
        if owner is not None and owner.kind == "instance" and owner.name in RESPONSE_TYPES:
            return True
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            return False
        return result_value(node.value, ctx, depth + 1)
    if isinstance(node, ast.Name):
        bindings = ctx.sem.lookup(node.id, ctx.scope)
        if not bindings:
            return False
        for kind, payload, where in bindings:
            if kind == "iter":
                if not (_stream(payload, ctx) or _chain_of_result(payload, ctx, depth + 1)):
                    return False
            elif kind == "expr":
                if not _chain_of_result(payload, ctx, depth + 1):
                    return False
            elif kind == "ann":
                if not any(v.kind == "instance" and (v.name in RESPONSE_TYPES or v.name in RESULT_PARTS)
                           for v in ctx.sem.annotation(payload, where)):
                    return False
            else:
                return False
        return True
    return False


def _stream(node: ast.AST, ctx: Context) -> bool:
    return any(v.name in _INFERENCE_STREAMS for v in ctx.instances(node))


def _chain_of_result(node: ast.AST, ctx: Context, depth: int) -> bool:
    """An attribute / item chain (or a result itself), not a ``.get()`` read: what ``.get()``
    returns is migrated into a plain value."""
    if isinstance(node, ast.Await):
        node = node.value
    if isinstance(node, ast.Call):
        return any(v.kind == "instance" and v.name in RESPONSE_TYPES for v in ctx.infer(node))
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and result_value(node, ctx, depth)


def _receiver(node: ast.AST, ctx: Context) -> str:
    """The receiver's source, with the item reads of a result (``response["choices"]``, which
    AOM115 turns into attributes) written as attributes: this call's edit contains theirs."""
    converted = False

    def render(part: ast.AST) -> str:
        nonlocal converted
        if isinstance(part, ast.Subscript):
            key = part.slice.value if isinstance(part.slice, ast.Constant) else None
            if isinstance(key, str) and key.isidentifier() and result_value(part.value, ctx):
                converted = True
                return f"{render(part.value)}.{key}"
            return f"{render(part.value)}[{ctx.segment(part.slice)}]"
        if isinstance(part, ast.Attribute):
            return f"{render(part.value)}.{part.attr}"
        return render_calls.receiver_text(part, ctx)

    text = render(node)
    return text if converted else render_calls.receiver_text(node, ctx)


@register
class InferenceResultMappingMethod(Rule):
    code = "AOM120"
    symbol = "inference-sdk-result-mapping-method"
    category = Category.INFERENCE_SDK
    message = (
        "`{what}` calls `{method}()` on an Azure AI Inference result, a mapping of the service's "
        "JSON; openai results are pydantic models without `{method}()` (AttributeError): "
        "`to_dict()` is that JSON mapping (same keys, a key the service left out stays absent){attr}"
    )
    summary = (
        "Flags `.get()`, `.keys()`, `.items()` and `.values()` on Inference results and the "
        "models inside them (choices, messages, usage, stream updates), also through loops and "
        "names bound to them."
    )
    why = (
        "Inference results and their parts are azure-core `Model`s, `MutableMapping`s over the "
        "JSON the service sent, keyed by its wire names (`finish_reason`, `prompt_tokens`). "
        "OpenAI's `ChatCompletion`, `ChatCompletionChunk` and `CreateEmbeddingResponse` are "
        "pydantic models: `.get()` raises `AttributeError`. openai's `to_dict()` returns the same "
        "JSON mapping (wire names, only the keys the service sent), so `x.get(\"k\", d)` becomes "
        "`x.to_dict().get(\"k\", d)`; an attribute (`x.k`) also works but is `None`, not the "
        "default, when the key is missing, and holds models instead of dicts."
    )
    example = (
        "from azure.ai.inference.models import ChatCompletions\n\n"
        "def usage(response: ChatCompletions) -> int:\n"
        "    return response.get(\"usage\", {}).get(\"total_tokens\", 0)\n"
    )
    use_instead = (
        "def usage(completion) -> int:\n"
        "    return completion.to_dict().get(\"usage\", {}).get(\"total_tokens\", 0)\n"
    )
    references = ("https://github.com/openai/openai-python#using-types",)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: openai's `to_dict()` is the JSON the service sent, keyed by wire names and without "
        "the keys it left out, which is the mapping the Inference model wrapped; nested values are "
        "dicts and lists, as the mapping methods of the Inference model returned them (nested "
        "models were mappings too)."
    )
    invalid = (
        example,
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "response = client.complete(messages=m, model='x')\n"
        "for choice in response['choices']:\n"
        "    reason = choice.get('finish_reason')\n",
        "from azure.ai.inference.models import ChatResponseMessage\n"
        "def audio(message: ChatResponseMessage):\n"
        "    return message.get('audio')\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "for update in client.complete(messages=m, model='x', stream=True):\n"
        "    print(sorted(update.keys()))\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "client = ChatCompletionsClient(endpoint=e, credential=c)\n"
        "message = client.complete(messages=m, model='x').choices[0].message\n"
        "for key, value in message.items():\n"
        "    print(key, value)\n",
    )
    valid = (
        # a plain dict
        "payload = {'usage': {}}\ntokens = payload.get('usage', {}).get('total_tokens')\n",
        # openai results are not Inference results
        "from openai import OpenAI\nc = OpenAI()\nr = c.chat.completions.create(model='m', messages=[])\n"
        "data = r.to_dict().get('usage')\n",
        # the JSON of a REST call, named like a result
        "import requests\n"
        "response = requests.post(url, json=body).json()\n"
        "text = response.get('choices', [{}])[0].get('message')\n",
        # a request message becomes a dict (AOM105): its mapping methods keep working
        "from azure.ai.inference.models import UserMessage\n"
        "m = UserMessage('hi')\nrole = m.get('role')\n",
        # a name rebound to something else too
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r: ChatCompletions, cached: dict):\n"
        "    data = r.choices[0]\n    data = cached\n    return data.get('x')\n",
    )
    node_types = (ast.Call,)
    call_methods = METHODS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        func = node.func  # type: ignore[attr-defined]
        if not isinstance(func, ast.Attribute) or func.attr not in METHODS:
            return
        args = node.args  # type: ignore[attr-defined]
        if func.attr == "get" and not 1 <= len(args) + len(node.keywords) <= 2:  # type: ignore[attr-defined]
            return
        if func.attr != "get" and (args or node.keywords):  # type: ignore[attr-defined]
            return
        receiver = func.value
        if not result_value(receiver, ctx) or image_embeddings.is_result(receiver, ctx):
            return
        text = _receiver(receiver, ctx)
        call = ctx.segment(node)[len(ctx.segment(func)):]
        snippet = f"{text}.to_dict().{func.attr}{call}"
        attr = ""
        key = args[0] if args else None
        if (
            func.attr == "get" and isinstance(key, ast.Constant) and isinstance(key.value, str)
            and key.value.isidentifier() and len(args) + len(node.keywords) == 1  # type: ignore[attr-defined]
        ):
            attr = f" (or `{text}.{key.value}`, None when missing as well)"
        ctx.report(self, node, snippet=snippet, replace=node, what=" ".join(ctx.segment(node).split()),
                   method=func.attr, attr=attr)
