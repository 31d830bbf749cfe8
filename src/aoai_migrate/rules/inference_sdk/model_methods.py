"""Rules of the ``inference-sdk`` category: methods called on Inference request model objects
(messages, content items, tool definitions...) that the migration turns into plain dicts."""

from __future__ import annotations

import ast
import dataclasses

from ... import fix_dependencies
from ...analysis import result_flow
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
    ``m = UserMessage(q)`` would otherwise look like a message only. A loop variable over a
    name asks the same of each binding of that name (``msgs = to_msgs(q)`` next to ``msgs =
    load()``)."""
    if not isinstance(receiver, ast.Name):
        return True
    for binding in ctx.sem.lookup(receiver.id, ctx.scope):
        if binding[0] not in ("expr", "iter", "ann"):
            return False
        values = ctx.sem._binding_values([binding])
        if not _all_converted(values):
            return False
        kind, payload, where = binding
        if kind == "iter" and isinstance(payload, ast.Name):
            if not all(_all_converted(ctx.sem.binding_elements(*b)) for b in ctx.sem.lookup(payload.id, where)):
                return False
    return True


_FLOW = MODEL_METHOD_CODE + ".flow"


def _passed_in(receiver: ast.AST, ctx: Context) -> set:
    """For a name bound only as a parameter without annotation, or as a loop variable over
    one: what the module's own calls of the function pass for it (the elements of it, for a
    loop)."""
    if not isinstance(receiver, ast.Name):
        return set()
    flow = ctx.state.get(_FLOW)
    if flow is None:  # one per module: it indexes the module's calls
        flow = ctx.state[_FLOW] = result_flow.Flow(ctx, lambda call, scope: False)
    out: set = set()
    for kind, payload, where in ctx.sem.lookup(receiver.id, ctx.scope):
        name, elements = receiver.id, False
        if kind == "iter" and isinstance(payload, ast.Name):
            bindings = ctx.sem.lookup(payload.id, where)
            if len(bindings) != 1 or bindings[0][0] != "param":
                return set()
            name, elements, where = payload.id, True, bindings[0][2]
        elif kind != "param":
            return set()
        param = result_flow.parameter(where.node, name)
        if param is None:
            return set()
        for value, at in flow.arguments(param):
            out |= ctx.sem.binding_elements("expr", value, at) if elements else set(ctx.infer(value, at))
    return out


def _all_converted(values) -> bool:
    return bool(values) and all(v.kind == "instance" and _converted_class(v.name) is not None for v in values)


def _keep_conversions(ctx: Context, classes: set[str], call: ast.Call) -> None:
    """An ``x.as_dict()`` whose fix is not safe (``x`` may also be an object from elsewhere,
    which stays an Inference model) must not meet dicts: the safe fixes that turn this
    module's constructions of the classes ``x`` may be into dicts, and retype the annotations
    naming them, become unsafe too (once every finding is known), and their message says which
    call they would break."""
    if not classes:
        return
    pending = ctx.state.setdefault(MODEL_METHOD_CODE, {})
    if not pending:
        ctx.finish.append(lambda: _lower_conversions(ctx, pending))
    for name in classes:
        pending.setdefault(name, call)


def _lower_conversions(ctx: Context, pending: dict[str, ast.Call]) -> None:
    readers = ctx.state.setdefault(fix_dependencies.MODEL_READERS, {})
    for index, (finding, site) in enumerate(zip(ctx.findings, ctx.sites)):
        fix = finding.fix
        if finding.code not in _CONVERSIONS or fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        named = site.func if isinstance(site, ast.Call) else site
        if not isinstance(named, (ast.Name, ast.Attribute)):
            continue
        names = {render_calls.inference_models_name(q) for q in ctx.sem.qualnames(named, ctx.scopes[index])}
        reader = next((pending[n] for n in sorted(n for n in names if n in pending)), None)
        if reader is None:
            continue
        # the conversion also waits for the reader's own fix (fix_dependencies.cap): one that
        # nothing applies leaves `x.as_dict()` in place, which the dict would meet in any mode
        readers[index] = reader
        if fix.applicability is not Applicability.SAFE:
            continue
        note = (
            f"; the object may reach `{' '.join(ctx.segment(reader).split())}` (line {reader.lineno}), which a"
            " dict does not have, and whose receiver may also be another object: review the two together"
        )
        ctx.findings[index] = dataclasses.replace(
            finding, message=finding.message + note,
            fix=dataclasses.replace(fix, applicability=Applicability.UNSAFE),
        )


#: the rules whose fixes turn Inference model constructions into dicts (AOM105, AOM106), and
#: the annotations that name their classes (AOM110: once retyped, the receiver no longer
#: resolves to an Inference class, and the next pass would apply the conversions)
_CONVERSIONS = frozenset({"AOM105", "AOM106", "AOM110"})


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
        "through lists and loops over them, the lists a helper of the module returns (its list "
        "literals and comprehensions, or its `List[Msg]` / `Sequence[Msg]` return annotation, "
        "`Msg = Union[...]` included) and comprehensions that flatten lists of such lists."
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
        "(`def f(m: UserMessage)`), or through what the module's own calls pass for a "
        "parameter without one; their fix needs a review."
    )
    references = (MIGRATION_GUIDE, TYPES)
    fixable = True
    fix_safety = (
        "Safe when every object the receiver may be is built in this module by a construction "
        "that AOM105/AOM106 turn into a dict (the fixes go together). Unsafe when an object comes "
        "from a parameter annotated with the Inference class, or from a construction whose dict "
        "cannot be written mechanically, or when the receiver is a parameter known only by what "
        "the module's own calls pass for it: it may still be an Inference object, which "
        "`as_dict()` would have turned into a plain dict. The safe fixes a dict would break "
        "here wait for it: when this fix is unsafe, or the receiver may also be something "
        "else (no finding then), the conversions (AOM105, AOM106) of the classes the receiver "
        "may be, and the annotations naming them (AOM110), are unsafe too (display-only when "
        "nothing applies this fix), and their message names this call."
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
        # the elements of a helper's list, through a Union alias
        "from typing import List, Union\n"
        "from azure.ai.inference.models import SystemMessage, UserMessage\n"
        "Msg = Union[SystemMessage, UserMessage]\n"
        "def to_msgs(q) -> List[Msg]:\n    return [SystemMessage('s'), UserMessage(q)]\n"
        "print([m.as_dict() for m in to_msgs('hi')])\n",
        # a parameter the module's own calls fill with messages
        "from azure.ai.inference.models import UserMessage\n"
        "def dump(messages):\n    return [m.as_dict() for m in messages]\n"
        "dump([UserMessage('hi')])\n",
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
        # a parameter the module's calls fill with something else
        "from azure.ai.inference.models import UserMessage\n"
        "def dump(rows):\n    return [r.as_dict() for r in rows]\n"
        "dump(load())\nUserMessage('hi')\n",
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
        passed_in = not values
        if passed_in:  # a parameter: what the module's own calls pass (other modules may pass more)
            values = _passed_in(func.value, ctx)
        classes = [_converted_class(v.name) if v.kind == "instance" else None for v in values]
        if not classes or None in classes or not passed_in and not _every_binding_converts(func.value, ctx):
            # not only converted objects (or not known to be): no finding, but the conversions
            # of those it may be must not be applied behind its back
            _keep_conversions(ctx, {c for c in classes if c}, node)
            return
        receiver = render_calls.receiver_text(func.value, ctx)
        text, imports = receiver, frozenset()
        if isinstance(func.value, ast.Call):  # `UserMessage(q).as_dict()`: the dict itself
            rendered = render_calls.render_expression(func.value, ctx)
            text, imports = rendered.text, render_calls.unbound_imports(rendered.imports, ctx)
        safe = not passed_in and all(_converted_here(v, ctx) for v in values)
        if not safe:
            _keep_conversions(ctx, {c for c in classes if c}, node)
        kinds = {"message" if c in render_calls.MESSAGE_ROLES else "model" for c in classes}
        ctx.report(
            self, node, snippet=render_calls.with_imports(text, imports), replace=node, edit=text,
            imports=[f"import {module}" for module in sorted(imports)],
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            what=" ".join(ctx.segment(node).split()), method=func.attr,
            receiver=receiver if len(receiver) <= 40 else "the dict",
            kind="message" if kinds == {"message"} else "model",
        )
