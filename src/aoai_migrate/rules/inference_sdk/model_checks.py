"""Rules of the ``inference-sdk`` category: run-time checks of a value against the Inference model
classes (``isinstance(tool_call, ChatCompletionsToolCall)``, ``type(m) is UserMessage``), which
are always false once the values are openai's objects or dicts."""

from __future__ import annotations

import ast

from ... import known
from ...analysis.class_checks import CHECK_NODES, checks, with_class
from ...engine import Context
from ...model import Category
from ...registry import Rule, register
from ...render import counterparts
from ...render import models as render_models
from ..references import MIGRATION_GUIDE

#: the str enums: their members become plain strings (AOM107); ``ModelType`` too, which no
#: request takes (so it has no members to rewrite)
ENUMS = frozenset(render_models.ENUMS) | {"ModelType"}


def result_class(name: str) -> tuple[str, str] | None:
    """``(module, class)`` of the openai object an Inference result object becomes, which
    ``isinstance()`` takes (a response's tool call: not the request-side TypedDict)."""
    response = counterparts.RESPONSE_CLASSES.get(name)
    if response is not None:
        return response
    target = counterparts.MODELS.get(name)
    if target is None or target.typed_dict or target.module is None or target.name is None:
        return None
    return target.module, target.name


@register
class InferenceModelClassCheck(Rule):
    code = "AOM122"
    symbol = "inference-sdk-model-class-check"
    category = Category.INFERENCE_SDK
    message = "`{check}` tests for the Azure AI Inference class `{name}`, which no value belongs to after the migration: {why}"
    summary = (
        "Flags `isinstance` / `issubclass` / `type(x) is` checks against the model classes of "
        "`azure.ai.inference.models` (results, tool calls, messages)."
    )
    why = (
        "After the migration the values are openai's: results and their tool calls are openai "
        "pydantic objects, and the messages and tool definitions the code builds are dicts (typed "
        "by TypedDicts, which `isinstance()` refuses). A check against the Inference class is then "
        "always false, and the branch it guards never runs: a tool-call loop silently skips every "
        "tool call. Test against the openai class of a result, or the dict's `role` / `type`."
    )
    example = (
        "from azure.ai.inference.models import ChatCompletionsToolCall\n\n"
        "for tool_call in response.choices[0].message.tool_calls:\n"
        "    if isinstance(tool_call, ChatCompletionsToolCall):\n"
        "        run(tool_call.function)\n"
    )
    use_instead = (
        "from openai.types.chat import ChatCompletionMessageFunctionToolCall\n\n"
        "for tool_call in response.choices[0].message.tool_calls:\n"
        "    if isinstance(tool_call, ChatCompletionMessageFunctionToolCall):\n"
        "        run(tool_call.function)\n"
    )
    known_problems = (
        "A result class is replaced by openai's class of the same object; a value of that class "
        "the code builds itself becomes a dict, for which the snippet's check is false too."
    )
    references = (MIGRATION_GUIDE,)
    invalid = (
        example,
        "from azure.ai.inference.models import UserMessage\n"
        "def is_user(m):\n    return type(m) is UserMessage\n",
        "import azure.ai.inference.models as models\n"
        "def f(update):\n    return isinstance(update, models.StreamingChatCompletionsUpdate)\n",
    )
    valid = (
        # the client classes are AOM119's
        "from azure.ai.inference import ChatCompletionsClient\ndef f(c):\n    return isinstance(c, ChatCompletionsClient)\n",
        "from mylib.models import UserMessage\ndef f(m):\n    return isinstance(m, UserMessage)\n",
        "from openai.types.chat import ChatCompletionMessageFunctionToolCall\n"
        "def f(t):\n    return isinstance(t, ChatCompletionMessageFunctionToolCall)\n",
    )
    node_types = CHECK_NODES

    def visit(self, node: ast.AST, ctx: Context) -> None:
        for check in checks(node, ctx):
            name = next(
                (q.rsplit(".", 1)[-1] for q in sorted(ctx.qualnames(check.cls)) if q.startswith(known.INFERENCE_MODELS + ".")),
                None,
            )
            if name is None:
                continue
            found, role, tested = result_class(name), render_models.MESSAGE_ROLES.get(name), _tested(node)
            kind = dict(render_models.OBJECT_SHAPES.get(name, ())).get("type")
            if found is not None:
                module, target = found
                why = f"results are openai objects: test against `{target}`"
                replaced = with_class(node, check.cls, target, ctx)
                snippet = f"from {module} import {target}\n\n{replaced or target}"
            elif name in ENUMS and tested is not None and not tested[1]:
                why = "its members become plain strings (AOM107): test `isinstance(..., str)` or compare the strings"
                snippet = f"isinstance({ctx.segment(tested[0])}, str)"
            elif name in ENUMS:
                why = "its members become plain strings (AOM107): compare the strings"
                snippet = f"# {name} -> plain strings: test `isinstance(..., str)` or compare the strings"
            elif role == "" and tested is not None:  # the base class: any message
                value = ctx.segment(tested[0])
                why = "messages are dicts: test `isinstance(..., dict)` and their role"
                snippet = f"{'not ' if tested[1] else ''}isinstance({value}, dict)"
            elif role == "":
                why = "messages are dicts: test `isinstance(..., dict)` and their role"
                snippet = '# the message is a dict: test isinstance(..., dict) and its ["role"]'
            elif role is not None and tested is not None:
                value = ctx.segment(tested[0])
                why = f"messages are dicts: test their role (`{value}[\"role\"] == \"{role}\"`)"
                snippet = _key_test(value, "role", role, tested[1])
            elif role is not None:
                why = f"messages are dicts: test their role (`[\"role\"] == \"{role}\"`)"
                snippet = f'# the message is a dict: test its role, ...["role"] == "{role}"'
            elif kind is not None and tested is not None:
                value = ctx.segment(tested[0])
                why = f'the value is a dict the code builds: test its type (`{value}.get("type") == "{kind}"`)'
                snippet = _key_test(value, "type", kind, tested[1])
            elif kind is not None:
                why = f'the value is a dict the code builds: test its type (`["type"] == "{kind}"`)'
                snippet = f'# {name} -> a dict: test its type, ...["type"] == "{kind}"'
            else:
                why = "the value is a dict the code builds: test its keys (`type`, `role`)"
                snippet = f"# {name} -> a dict: test its keys instead of its class"
            ctx.report(self, check.cls, snippet=snippet, check=check.text, name=ctx.segment(check.cls), why=why)


def _key_test(value: str, key: str, expected: str, negated: bool) -> str:
    """The check a dict passes where the object was of the class: its role or type key."""
    test = f'isinstance({value}, dict) and {value}.get("{key}") == "{expected}"'
    return f"not ({test})" if negated else test


def _tested(node: ast.AST) -> tuple[ast.expr, bool] | None:
    """The value a one-class check tests and whether the test is negated: ``isinstance(x, C)``
    -> x; ``type(x) is C`` / ``is not`` / ``==`` / ``!=`` -> x (``None`` for ``issubclass`` and
    tuples of classes)."""
    if isinstance(node, ast.Call):
        if getattr(node.func, "id", None) == "isinstance" and not isinstance(node.args[1], ast.Tuple):
            return node.args[0], False
        return None
    if isinstance(node, ast.Compare):
        negated = isinstance(node.ops[0], (ast.IsNot, ast.NotEq))
        for side in (node.left, node.comparators[0]):
            if isinstance(side, ast.Call) and getattr(side.func, "id", None) == "type" and side.args:
                return side.args[0], negated
            if isinstance(side, ast.Attribute) and side.attr == "__class__":
                return side.value, negated
    return None
