"""The annotation a converted model object's variable needs to type-check against openai.

A message class becomes a dict (``UserMessage(q)`` -> ``{"role": "user", "content": q}``). Passed
straight to ``chat.completions.create()`` the dict is checked against openai's TypedDicts, but
bound to a variable first (``messages = [...]``, then ``messages.append(...)``, then
``create(messages=messages)``) a type checker infers ``list[dict[str, str]]``, which is not an
``Iterable[ChatCompletionMessageParam]``. A careful migration annotates the variable once, where
it is bound, with the openai type the dicts are (:func:`binding_annotation`):

- ``m = UserMessage(q)`` -> ``m: ChatCompletionUserMessageParam = {...}``;
- ``messages = [SystemMessage(s), UserMessage(q)]`` -> ``messages: list[ChatCompletionMessageParam] = [...]``;
- ``history = []`` ... ``history.append(UserMessage(q))`` -> ``history: list[ChatCompletionMessageParam] = []``;
- the same for content items (``ChatCompletionContentPartParam``), tool definitions
  (``ChatCompletionToolParam``), function definitions and response formats.

Only a binding the migration can vouch for is annotated: a plain assignment of a name (or
``self.<name>``) in the same function, not annotated yet, whose list holds nothing but
convertible constructions and dict literals (an item of unknown type could break the
annotation). The types come from :data:`.counterparts.MODELS`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..locate import own_nodes
from ..model import Edit
from . import counterparts

if TYPE_CHECKING:
    from ..engine import Context

#: the union of the message dicts (the element type of ``messages``)
MESSAGE_UNION = "ChatRequestMessage"
CONTENT_UNION = "ContentItem"

#: converted class -> (the Inference name whose counterpart types one object, the one that
#: types an item of a list of them)
FAMILIES: dict[str, tuple[str, str]] = {
    **{name: (_canonical, MESSAGE_UNION) for name, _canonical in (
        ("SystemMessage", "SystemMessage"), ("UserMessage", "UserMessage"),
        ("AssistantMessage", "AssistantMessage"), ("ToolMessage", "ToolMessage"),
        ("DeveloperMessage", "DeveloperMessage"),
        ("ChatRequestSystemMessage", "SystemMessage"), ("ChatRequestUserMessage", "UserMessage"),
        ("ChatRequestAssistantMessage", "AssistantMessage"), ("ChatRequestToolMessage", "ToolMessage"),
        ("ChatRequestDeveloperMessage", "DeveloperMessage"),
    )},
    "TextContentItem": ("TextContentItem", CONTENT_UNION),
    "ImageContentItem": ("ImageContentItem", CONTENT_UNION),
    "AudioContentItem": ("AudioContentItem", CONTENT_UNION),
    "ChatCompletionsToolDefinition": ("ChatCompletionsToolDefinition", "ChatCompletionsToolDefinition"),
    "ChatCompletionsFunctionToolDefinition": ("ChatCompletionsToolDefinition", "ChatCompletionsToolDefinition"),
    "FunctionDefinition": ("FunctionDefinition", "FunctionDefinition"),
    "JsonSchemaFormat": ("JsonSchemaFormat", "JsonSchemaFormat"),
    "ChatCompletionsResponseFormatJSON": ("ChatCompletionsResponseFormatJSON", "ChatCompletionsResponseFormatJSON"),
    "ChatCompletionsResponseFormatJsonObject": ("ChatCompletionsResponseFormatJSON", "ChatCompletionsResponseFormatJSON"),
    "ChatCompletionsResponseFormatText": ("ChatCompletionsResponseFormatText", "ChatCompletionsResponseFormatText"),
}
#: the dict keys that mark a dict literal as one of a family's (``{"role": ...}``, ``{"type": ...}``)
_MARKERS = {MESSAGE_UNION: "role", CONTENT_UNION: "type", "ChatCompletionsToolDefinition": "type"}
_LIST_METHODS = frozenset({"append", "insert"})


@dataclass(frozen=True)
class Annotation:
    edit: Edit
    imports: tuple[str, ...]
    #: the annotated target as it will read (``messages: list[ChatCompletionMessageParam]``)
    text: str


def openai_type(inference_name: str) -> tuple[str, str] | None:
    """``("ChatCompletionUserMessageParam", "from openai.types.chat import ...")`` for an
    Inference models name whose counterpart is an importable openai type."""
    target = counterparts.MODELS.get(inference_name)
    if target is None or target.module is None or target.name is None:
        return None
    return target.name, f"from {target.module} import {target.name}"


def binding_annotation(node: ast.Call, class_name: str, ctx: "Context") -> Annotation | None:
    """The annotation to add where the value of ``node`` (a construction of ``class_name`` being
    converted to a dict, the node visited) is bound, or ``None`` when none is needed or safe."""
    family = FAMILIES.get(class_name)
    if family is None:
        return None
    single, item = family
    if not _complete(node, class_name):
        return None
    parents = ctx.parents
    parent = parents[-1] if parents else None
    grand = parents[-2] if len(parents) > 1 else None
    target: ast.expr | None = None
    list_of = True
    if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1:
        # m = UserMessage(q)
        target, list_of = parent.targets[0], False
    elif isinstance(parent, ast.List) and isinstance(grand, ast.Assign) and grand.value is parent \
            and len(grand.targets) == 1:
        # messages = [SystemMessage(s), UserMessage(q)]
        target = grand.targets[0]
    elif isinstance(parent, ast.Call) and node in parent.args and isinstance(parent.func, ast.Attribute) \
            and parent.func.attr in _LIST_METHODS:
        # history.append(UserMessage(q)), history.insert(0, ...)
        target = parent.func.value
    elif isinstance(parent, ast.List):
        # history.extend([...]), history += [...]
        if isinstance(grand, ast.Call) and parent in grand.args and isinstance(grand.func, ast.Attribute) \
                and grand.func.attr == "extend":
            target = grand.func.value
        elif isinstance(grand, ast.AugAssign) and grand.value is parent and isinstance(grand.op, ast.Add):
            target = grand.target
        if target is not None and not _items_fit(parent, item, ctx):
            return None
    if target is None:
        return None
    if list_of:
        binding = _binding(target, parents, lambda value: isinstance(value, ast.List) and _items_fit(value, item, ctx))
    else:
        binding = _binding(target, parents, lambda value: _one_of(value, single, ctx))
    if binding is None:
        return None
    return _annotate(binding, item if list_of else single, list_of, ctx)


def _one_of(value: ast.AST, single: str, ctx: "Context") -> bool:
    """A construction (complete enough to type-check) whose one-object type is ``single``."""
    from .models import model_class_name

    name = model_class_name(value, ctx) if isinstance(value, ast.Call) else None
    return name is not None and FAMILIES.get(name, ("", ""))[0] == single and _complete(value, name)  # type: ignore[arg-type]


def _complete(call: ast.Call, name: str) -> bool:
    """The construction gives what openai's TypedDict requires (a tool message its
    ``tool_call_id``, other messages their content unless an assistant calls tools)."""
    if any(kw.arg is None for kw in call.keywords):
        return False  # **fields: the keys are unknown
    given = {kw.arg for kw in call.keywords} | ({"content"} if call.args else set())
    role = FAMILIES.get(name, ("", ""))[0]
    if role == "ToolMessage":
        return {"content", "tool_call_id"} <= given
    if role == "AssistantMessage":
        return bool(given & {"content", "tool_calls"})
    if role in ("SystemMessage", "UserMessage", "DeveloperMessage"):
        return "content" in given
    return True


def _annotate(statement: ast.Assign, inference_name: str, list_of: bool, ctx: "Context") -> Annotation | None:
    if len(statement.targets) != 1 or not _annotatable(statement.targets[0]):
        return None
    found = openai_type(inference_name)
    if found is None:
        return None
    name, import_line = found
    annotation = f"list[{name}]" if list_of else name
    target = statement.targets[0]
    edit = Edit(target.end_lineno or target.lineno, target.end_col_offset or 0,
                target.end_lineno or target.lineno, target.end_col_offset or 0, f": {annotation}")
    return Annotation(edit, (import_line,), f"{ctx.segment(target)}: {annotation}")


def _annotatable(target: ast.expr) -> bool:
    """A name, or ``self.<name>`` (both may carry an annotation where they are assigned)."""
    if isinstance(target, ast.Name):
        return True
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"


def _same_target(a: ast.expr, b: ast.expr) -> bool:
    if isinstance(a, ast.Name) and isinstance(b, ast.Name):
        return a.id == b.id
    if isinstance(a, ast.Attribute) and isinstance(b, ast.Attribute):
        return a.attr == b.attr and _same_target(a.value, b.value)
    return False


def _items_fit(node: ast.List, item: str, ctx: "Context") -> bool:
    """Every item of the list literal is a (complete) construction of the family or a dict
    literal that looks like one (the annotation then types them all)."""
    from .models import model_class_name

    marker = _MARKERS.get(item)
    for element in node.elts:
        if isinstance(element, ast.Call):
            name = model_class_name(element, ctx)
            if name is None or FAMILIES.get(name, ("", ""))[1] != item or not _complete(element, name):
                return False
        elif isinstance(element, ast.Dict):
            keys = [k.value for k in element.keys if isinstance(k, ast.Constant)]
            if None in element.keys or marker is None or marker not in keys:
                return False
        else:
            return False
    return True


#: methods of a dict: reading them keeps working once a model object has become a dict
_DICT_METHODS = frozenset(dir(dict))


def _binding(target: ast.expr, parents: list[ast.AST], fits: Callable[[ast.AST], bool]) -> ast.Assign | None:
    """The first plain assignment that binds ``target`` in the enclosing function (or module),
    when every assignment of it there ``fits``, none is annotated and nothing else binds it."""
    if not _annotatable(target):
        return None
    scope = next((p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                    ast.Module, ast.Lambda, ast.ClassDef))), None)
    if scope is None or isinstance(scope, (ast.Lambda, ast.ClassDef)):
        return None
    if isinstance(target, ast.Name) and isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        params = scope.args
        names = [a.arg for a in (*params.posonlyargs, *params.args, *params.kwonlyargs)]
        names += [a.arg for a in (params.vararg, params.kwarg) if a is not None]
        if target.id in names:
            return None
    assigns: list[ast.Assign] = []
    for node in own_nodes(scope):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and isinstance(target, ast.Name) and target.id in node.names:
            return None
        if isinstance(node, ast.AnnAssign) and _same_target(node.target, target):
            return None
        if isinstance(node, ast.Assign):
            if any(_same_target(t, target) for t in node.targets):
                if len(node.targets) != 1 or not fits(node.value):
                    return None
                assigns.append(node)
            elif any(_binds(t, target) for t in node.targets):
                return None  # bound by unpacking
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr)):
            bound = [node.target] if isinstance(node, (ast.For, ast.AsyncFor, ast.NamedExpr)) else [
                i.optional_vars for i in node.items if i.optional_vars is not None]
            if any(_binds(t, target) for t in bound):
                return None
    if not assigns:
        return None
    return min(assigns, key=lambda a: (a.lineno, a.col_offset))


#: methods of an Inference model object that a dict does not have (``Model`` is a
#: ``MutableMapping``: ``keys()``, ``get()``, ``items()``... keep working on the dict); the dict
#: already is what each of them returned
MODEL_METHODS = frozenset({"as_dict"})


def attribute_reads(node: ast.Call, ctx: "Context") -> list[str]:
    """Attributes (other than a dict's methods) read on the variable the construction (or call)
    ``node`` is assigned to, also through ``await``, in the same function, after the assignment
    and before the name is bound again: ``url.detail`` breaks once ``url`` is a dict;
    ``url.as_dict()`` too (see :data:`MODEL_METHODS`)."""
    parents = ctx.parents
    parent = parents[-1] if parents else None
    value: ast.AST = node
    if isinstance(parent, ast.Await) and len(parents) > 1:  # ``x = await call(...)``
        value, parent = parent, parents[-2]
    if not (isinstance(parent, ast.Assign) and parent.value is value and len(parent.targets) == 1
            and isinstance(parent.targets[0], ast.Name)):
        return []
    name = parent.targets[0].id
    scope = next((p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                    ast.Module, ast.Lambda))), None)
    if scope is None:
        return []
    start = (parent.end_lineno or parent.lineno, parent.end_col_offset or 0)
    body = list(own_nodes(scope))
    # the next statement that binds the name again ends what this value is read as
    end = min(
        ((n.lineno, n.col_offset) for n in body
         if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
         and (n.lineno, n.col_offset) > start),
        default=(float("inf"), 0),
    )
    return sorted({
        n.attr for n in body
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name
        and isinstance(n.ctx, ast.Load) and n.attr not in _DICT_METHODS
        and start < (n.lineno, n.col_offset) < end
    })


def read_advice(variable: str, reads: list[str]) -> str:
    """What to write instead of each attribute read on a model object that became a dict:
    ``message["content"]`` for a field, ``message`` itself for ``message.as_dict()``."""
    shown = ", ".join(
        f"`{variable}.{attr}()`" if attr in MODEL_METHODS else f"`{variable}.{attr}`" for attr in reads
    )
    advice = []
    fields = [attr for attr in reads if attr not in MODEL_METHODS]
    if fields:
        uses = ", ".join(f'`{variable}["{attr}"]`' for attr in fields)
        advice.append(f"a dict has no attributes, use {uses}")
    for method in (attr for attr in reads if attr in MODEL_METHODS):
        advice.append(f"the dict already is what `{method}()` returned, use `{variable}`")
    return f"{shown} read later: " + "; ".join(advice)


def _binds(node: ast.AST, target: ast.expr) -> bool:
    return any(isinstance(n, (ast.Name, ast.Attribute)) and _same_target(n, target) for n in ast.walk(node))
