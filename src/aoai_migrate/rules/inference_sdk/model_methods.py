"""Rules of the ``inference-sdk`` category: methods called on Inference request model objects
(messages, content items, tool definitions...) that the migration turns into plain dicts."""

from __future__ import annotations

import ast

from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ...render import calls as render_calls
from ...render.annotations import MODEL_METHODS
from ..references import MIGRATION_GUIDE
from .models import MODEL_METHOD_CODE, TYPES


def _converted_class(name: str) -> str | None:
    """The short name of a model class whose objects AOM105/AOM106 turn into dicts."""
    short = render_calls.inference_models_name(name)
    if short in render_calls.MESSAGE_ROLES or short in render_calls.OBJECT_SHAPES:
        return short
    return None


def _converted_here(value, ctx: Context) -> bool:
    """The object is built by a construction of this module that a fix turns into a dict:
    AOM105 (messages) or AOM106 (other models) is enabled and the dict can be written."""
    call = value.node
    if not isinstance(call, ast.Call) or getattr(call, "lineno", None) is None:
        return False  # known from an annotation, or built in another module
    name = render_calls.model_class_name(call, ctx)
    if name is None:
        return False
    code = "AOM105" if name in render_calls.MESSAGE_ROLES else "AOM106"
    return ctx.settings.enabled(code) and not render_calls.render_expression(call, ctx).untyped


def _every_binding_converts(receiver: ast.AST, ctx: Context) -> bool:
    """For a name: each of its bindings (assignment, loop variable, annotation) is known to be
    a converted model object; inference keeps only what it resolves, so ``m = load()`` next to
    ``m = UserMessage(q)`` would otherwise look like a message only."""
    if not isinstance(receiver, ast.Name):
        return True
    for binding in ctx.sem.lookup(receiver.id, ctx.scope):
        if binding[0] not in ("expr", "iter", "ann"):
            return False
        values = ctx.sem._binding_values([binding])
        if not values or any(v.kind != "instance" or _converted_class(v.name) is None for v in values):
            return False
    return True


@register
class InferenceModelMethod(Rule):
    code = MODEL_METHOD_CODE
    symbol = "inference-sdk-model-method"
    category = Category.INFERENCE_SDK
    message = (
        "`{what}` calls `{method}()` on an Azure AI Inference {kind} object, which becomes a dict: "
        "the dict already is what `{method}()` returned, use `{receiver}`"
    )
    summary = (
        "Flags `.as_dict()` called on Inference request model objects (messages, content items, "
        "tool definitions, response formats...) that the migration turns into plain dicts, also "
        "through lists and loops over them."
    )
    why = (
        "OpenAI takes plain dicts where Inference took model objects (AOM105, AOM106): once "
        "`UserMessage(q)` is `{\"role\": \"user\", \"content\": q}`, `message.as_dict()` raises "
        "`AttributeError`. The dict is already what `as_dict()` returned, so the value itself "
        "replaces the call. The other methods of an Inference model (`keys()`, `items()`, "
        "`get()`, `copy()`...) are those of a mapping and keep working on the dict."
    )
    example = (
        "from azure.ai.inference.models import SystemMessage, UserMessage\n\n"
        "messages = [SystemMessage(\"Be brief.\"), UserMessage(question)]\n"
        "for message in messages:\n"
        "    log.debug(\"sending %s\", message.as_dict())\n"
    )
    use_instead = (
        "messages = [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": question}]\n"
        "for message in messages:\n"
        "    log.debug(\"sending %s\", message)\n"
    )
    known_problems = (
        "Objects passed in from another module are seen through annotations only "
        "(`def f(m: UserMessage)`); their fix needs a review."
    )
    references = (MIGRATION_GUIDE, TYPES)
    fixable = True
    fix_safety = (
        "Safe when every object the receiver may be is built in this module by a construction "
        "that AOM105/AOM106 turn into a dict (the fixes go together). Unsafe when an object comes "
        "from a parameter annotated with the Inference class, or from a construction whose dict "
        "cannot be written mechanically: it may still be an Inference object, which "
        "`as_dict()` would have turned into a plain dict."
    )
    invalid = (
        "from azure.ai.inference.models import UserMessage\n"
        "m = UserMessage('hi')\nprint(m.as_dict())\n",
        # a loop over a list of messages
        "import azure.ai.inference as sdk\n"
        "def test_roles():\n"
        "    messages = [sdk.models.SystemMessage('x'), sdk.models.SystemMessage(content='x')]\n"
        "    for message in messages:\n"
        "        assert message.as_dict() == {'role': 'system', 'content': 'x'}\n",
        # a content item known from an annotation
        "from azure.ai.inference.models import TextContentItem\n"
        "def dump(item: TextContentItem) -> dict:\n    return item.as_dict()\n",
    )
    valid = (
        # an Inference result: AOM115 says `.model_dump()`
        "from azure.ai.inference import ChatCompletionsClient\n"
        "c = ChatCompletionsClient(e, k)\nr = c.complete(messages=[], model='m')\nr.as_dict()\n",
        # mapping methods keep working on the dict
        "from azure.ai.inference.models import UserMessage\n"
        "m = UserMessage('hi')\nprint(m.get('content'), list(m.items()))\n",
        # an unknown object with an as_dict() method
        "def f(record):\n    return record.as_dict()\n",
        # a look-alike class of another library
        "from mylib.models import UserMessage\nUserMessage('hi').as_dict()\n",
        # a name bound again to something else before the call
        "from azure.ai.inference.models import UserMessage\n"
        "def f(load):\n    m = UserMessage('hi')\n    send(m)\n    m = load()\n    return m.as_dict()\n",
    )
    node_types = (ast.Call,)
    call_methods = MODEL_METHODS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        func = node.func  # type: ignore[attr-defined]
        if not isinstance(func, ast.Attribute) or func.attr not in MODEL_METHODS or node.args:  # type: ignore[attr-defined]
            return
        values = ctx.infer(func.value)
        classes = [_converted_class(v.name) if v.kind == "instance" else None for v in values]
        if not classes or None in classes or not _every_binding_converts(func.value, ctx):
            return
        receiver = render_calls.receiver_text(func.value, ctx)
        text, imports = receiver, frozenset()
        if isinstance(func.value, ast.Call):  # `UserMessage(q).as_dict()`: the dict itself
            rendered = render_calls.render_expression(func.value, ctx)
            text, imports = rendered.text, render_calls.unbound_imports(rendered.imports, ctx)
        safe = all(_converted_here(v, ctx) for v in values)
        kinds = {"message" if c in render_calls.MESSAGE_ROLES else "model" for c in classes}
        ctx.report(
            self, node, snippet=render_calls.with_imports(text, imports), replace=node, edit=text,
            imports=[f"import {module}" for module in sorted(imports)],
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            what=" ".join(ctx.segment(node).split()), method=func.attr,
            receiver=receiver if len(receiver) <= 40 else "the dict",
            kind="message" if kinds == {"message"} else "model",
        )
