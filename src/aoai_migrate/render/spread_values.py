"""Values written into a dict spread into ``complete()`` / ``embed()`` that the keyword form
converts (``complete(**args)`` after ``args["response_format"] = "json_object"``).

Azure AI Inference's ``complete()`` turns the ``response_format`` shorthands ``"text"`` and
``"json_object"`` into ``{"type": ...}``; openai sends a string as it is, which the service
rejects. The keyword form is converted in the call (``render.calls``); a value that reaches the
call through ``**dict`` is converted where it is written: in the dict literal, in a
``d["key"] = value`` or ``d.update(key=value)`` of the function that spreads it (only the writes
made after the binding that reaches the call, and before the call), or in a local helper the
dict is passed to (``_check(create_args)`` setting ``create_args["response_format"]``). Model
objects (messages, tools, ``JsonSchemaFormat``, enum members) are converted wherever they are
by their own rules (AOM105-AOM107), so only plain values are this module's business.

A write is rewritten only when nothing else reads the dict (other than ``complete()`` calls
it is spread into and the helpers read here); otherwise, and where the value is not visible,
the message names the conversion.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..semantics import Scope, parent_of
from . import snippets
from .call_spreads import _function_of, _statements
from .models import _str_value, foreign_encoding, model_class_name

if TYPE_CHECKING:
    from ..engine import Context

#: the shorthands Inference's complete() turns into ``{"type": ...}``
SHORTHANDS = ("text", "json_object")


class Conversion(NamedTuple):
    """One value written into a spread dict that openai would send wrong."""

    key: str
    value: ast.expr
    #: the converted value (None: only the message can say what it must become)
    text: str | None
    #: the value may be rewritten where it is written (nothing else reads the dict)
    editable: bool
    #: the value is in a dict literal inside the call: the call's own text converts it
    inline: bool
    #: written in a local helper the dict is passed to (other callers see the change too)
    helper: str | None
    #: what the message says
    note: str

    @property
    def blocking(self) -> bool:
        """The call cannot be rewritten alone: a known wrong value would stay where it is
        (the dict is read elsewhere too, or an encoding openai has not)."""
        return (self.text is not None and not (self.inline or self.editable)) or self.key == "encoding_format"


def conversions(spread: ast.expr, call: ast.Call, chat: bool, ctx: "Context") -> list[Conversion]:
    """The values of the dict ``**spread`` (an argument of ``call``) that need converting."""
    out: list[Conversion] = []
    name = f"`**{_short(ctx.segment(spread))}`"
    for key, value, inline, helper, editable in _writes(spread, call, ctx):
        found = _convert(key, value, chat, ctx)
        if found is None:
            continue
        text, what = found
        where = f"line {value.lineno}" + (f", in `{helper}()`" if helper else "")
        if text is None:
            note = f"{name}'s `{key}` ({where}) {what}"
        elif inline or editable:
            note = (
                f"{name}'s `{key}` {_short(ctx.segment(value))} ({where}) becomes `{text}` where it is set "
                f"({what})"
            )
        else:
            why = (
                f"`{helper}()` is also used elsewhere" if helper and _only_read_here_no_helpers(spread, call, ctx)
                else "the dict is also read elsewhere"
            )
            note = (
                f"{name}'s `{key}` {_short(ctx.segment(value))} ({where}) must become `{text}` ({what}); "
                f"{why}, so it is not changed here"
            )
        out.append(Conversion(key, value, text, editable, inline, helper, note))
    return out


def _only_read_here_no_helpers(spread: ast.expr, call: ast.Call, ctx: "Context") -> bool:
    """The dict itself is read only by the call and the helpers it is passed to (the helper,
    not the dict, is what is shared)."""
    owner = _function_of(ctx)
    if not isinstance(spread, ast.Name) or owner is None:
        return False
    helpers = [
        scope.node for stmt, _ in _statements(owner, (), ctx) if stmt.lineno <= call.lineno
        for scope, _param in _helper_calls(stmt, spread.id, ctx)
    ]
    return _only_read_here(spread.id, owner, helpers, ctx, body=call, check_helpers=False)


def unseen(chat: bool) -> str:
    """What a dict whose keys are not visible must not hold as Inference wrote it."""
    if chat:
        return 'a `response_format` of "text"/"json_object" must become `{"type": ...}`'
    return "an `input_type`, or an `encoding_format` other than float/base64, goes in `extra_body`"


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _convert(key: str, value: ast.expr, chat: bool, ctx: "Context") -> tuple[str | None, str] | None:
    """``(converted text or None, why)`` for a value the keyword form converts, else None."""
    if chat and key == "response_format":
        literal = _str_value(value, ctx)
        if literal in SHORTHANDS:
            return (
                f'{{"type": {snippets.string(literal)}}}',
                "Inference sent the shorthand as this object; openai sends a string as is, which the service rejects",
            )
        if isinstance(value, (ast.Dict, ast.Constant)) or model_class_name(value, ctx) is not None:
            return None  # a dict, None, or a model object converted by its own rule
        return None, 'must be an object: a "text"/"json_object" shorthand must become `{"type": ...}`, as Inference sent it'
    if not chat and key == "encoding_format":
        literal = foreign_encoding(value, ctx)
        if literal is not None:
            return None, (
                f'is {literal!r}, not an OpenAI encoding: set it to "float" and send {literal!r} in `extra_body`'
            )
    return None


# -- where the dict is written ------------------------------------------------------------------


def _writes(spread: ast.expr, call: ast.Call, ctx: "Context") -> Iterator[tuple[str, ast.expr, bool, str | None, bool]]:
    """``(key, value, inline, helper, editable)`` for each write that can reach ``call``."""
    if isinstance(spread, ast.Dict):
        for key, value in zip(spread.keys, spread.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, value, True, None, True
        return
    if not isinstance(spread, ast.Name):
        return
    owner = _function_of(ctx)
    if owner is None:
        return
    name = spread.id
    found: list[tuple[str, ast.expr, str | None]] = []
    helpers: list[ast.AST] = []
    start = 0
    for stmt, condition in _statements(owner, (), ctx):
        if stmt.lineno > call.lineno:
            continue
        bound = _binding(stmt, name)
        if bound is not None:
            if condition is None:
                start = stmt.lineno  # what was written before does not reach the call
                found = [f for f in found if f[1].lineno > start]
            if isinstance(bound, ast.Dict):
                found.extend((k.value, v, None) for k, v in zip(bound.keys, bound.values)
                             if isinstance(k, ast.Constant) and isinstance(k.value, str))
            elif isinstance(bound, ast.Call) and isinstance(bound.func, ast.Name) and bound.func.id == "dict":
                found.extend((kw.arg, kw.value, None) for kw in bound.keywords if kw.arg)
            continue
        for target, value in _item_writes(stmt, name):
            found.append((target, value, None))
        for helper, param in _helper_calls(stmt, name, ctx):
            helpers.append(helper.node)
            for inner, _ in _statements(helper.node, (), ctx):
                for target, value in _item_writes(inner, param):
                    found.append((target, value, helper.node.name))  # type: ignore[attr-defined]
    if not found:
        return
    editable = _only_read_here(name, owner, helpers, ctx, body=call)
    for key, value, helper in found:
        yield key, value, False, helper, editable


def _binding(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The value ``stmt`` binds ``name`` to (``ast.Constant(None)`` for a binding of another kind)."""
    if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
        return stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
        return stmt.value if stmt.value is not None else None
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)) or isinstance(stmt, ast.AugAssign):
        targets = [stmt.target] if isinstance(stmt, (ast.For, ast.AsyncFor, ast.AugAssign)) else [
            i.optional_vars for i in stmt.items if i.optional_vars is not None
        ]
        if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
            return ast.Constant(None)
    return None


def _item_writes(stmt: ast.stmt, name: str) -> Iterator[tuple[str, ast.expr]]:
    """``name["key"] = value`` and ``name.update(key=value)`` / ``name.update({"key": value})``."""
    if isinstance(stmt, ast.Assign):
        for target in stmt.targets:
            if (
                isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == name
                and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)
            ):
                yield target.slice.value, stmt.value
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("update", "setdefault") and isinstance(func.value, ast.Name) and func.value.id == name:
            if func.attr == "setdefault":
                if len(call.args) == 2 and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
                    yield call.args[0].value, call.args[1]
                return
            for arg in call.args:
                if isinstance(arg, ast.Dict):
                    for key, value in zip(arg.keys, arg.values):
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            yield key.value, value
            for kw in call.keywords:
                if kw.arg:
                    yield kw.arg, kw.value


def _helper_calls(stmt: ast.stmt, name: str, ctx: "Context") -> Iterator[tuple[Scope, str]]:
    """Local functions ``stmt`` calls with the dict ``name`` as an argument, and the parameter
    that receives it (``_validate(info, create_args)``, ``self._validate(create_args)``)."""
    if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith)):
        return  # their bodies come as statements of their own; only the test/header is here
    for node in ast.walk(stmt):
        if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            continue
        positions = [i for i, a in enumerate(node.args) if isinstance(a, ast.Name) and a.id == name]
        keywords = [k.arg for k in node.keywords if k.arg and isinstance(k.value, ast.Name) and k.value.id == name]
        if not positions and not keywords:
            continue
        functions = [v for v in ctx.infer(node.func) if v.kind == "function"]
        if len(functions) != 1 or not isinstance(functions[0].node, Scope):
            continue
        scope = functions[0].node
        fn = scope.node
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if isinstance(node.func, ast.Attribute) and params and params[0] in ("self", "cls"):
            params = params[1:]
        for index in positions:
            if index < len(params):
                yield scope, params[index]
        for keyword in keywords:
            if keyword in params or keyword in [a.arg for a in fn.args.kwonlyargs]:
                yield scope, keyword  # type: ignore[misc]


def _only_read_here(
    name: str, owner: ast.AST, helpers: list[ast.AST], ctx: "Context", body: ast.Call | None = None,
    check_helpers: bool = True,
) -> bool:
    """Every read of ``name`` in ``owner`` writes into it, spreads it into an Inference
    ``complete()``/``embed()`` (is the request body of ``body``) or passes it to one of
    ``helpers``; and the helpers are called from nowhere else."""
    from .calls import resolve_inference_call  # calls imports this module

    for node in ast.walk(owner):
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        parent = parent_of(node)
        if body is not None and (parent is body or (isinstance(parent, ast.keyword) and parent_of(parent) is body)):
            continue
        if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
            continue
        if isinstance(parent, ast.Attribute) and parent.attr in ("update", "setdefault"):
            grand = parent_of(parent)
            if isinstance(grand, ast.Call) and isinstance(parent_of(grand), ast.Expr):
                continue
        if isinstance(parent, ast.keyword) and parent.arg is None:
            grand = parent_of(parent)
            if resolve_inference_call(grand, ctx) is not None:
                continue
        if isinstance(parent, (ast.Call, ast.keyword)):
            call = parent if isinstance(parent, ast.Call) else parent_of(parent)
            if isinstance(call, ast.Call) and any(
                v.kind == "function" and isinstance(v.node, Scope) and v.node.node in helpers for v in ctx.infer(call.func)
            ):
                continue
        return False
    return not check_helpers or all(_feeds_calls_only(helper, ctx) for helper in helpers)


def _feeds_calls_only(helper: ast.AST, ctx: "Context") -> bool:
    """Whether every place the module names ``helper`` calls it, in a function that spreads
    each dict it passes into an Inference ``complete()``/``embed()``: then every caller needs
    what the helper writes converted."""
    from ..locate import scope_containing
    from .calls import resolve_inference_call

    name = getattr(helper, "name", None)
    for node in ast.walk(ctx.sem.tree):
        if not (
            (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load))
            or (isinstance(node, ast.Attribute) and node.attr == name)
        ):
            continue
        call = parent_of(node)
        if not isinstance(call, ast.Call) or call.func is not node:
            return False
        passed = {a.id for a in call.args if isinstance(a, ast.Name)} | {
            k.value.id for k in call.keywords if k.arg and isinstance(k.value, ast.Name)
        }
        scope = scope_containing(ctx.sem, call)
        function = scope.node if scope.kind == "function" else None
        if function is None or not passed:
            return False
        saved = ctx.scope
        try:
            ctx.scope = scope
            spread = {
                kw.value.id
                for inner in ast.walk(function) if isinstance(inner, ast.Call) and resolve_inference_call(inner, ctx)
                for kw in inner.keywords if kw.arg is None and isinstance(kw.value, ast.Name)
            }
        finally:
            ctx.scope = saved
        if not passed & spread:
            return False
    return True


# -- a request body built a few lines above the call ------------------------------------------


def body_literal(body: ast.expr, call: ast.Call, ctx: "Context") -> ast.Dict | None:
    """The dict literal a request body variable (``complete(request_body)``) is bound to, when
    it reaches the call for sure (bound without condition in the calling function, bound again
    nowhere before the call), every key is a visible string, nothing else reads it and nothing
    writes ``model`` into it: the model can then be added to the literal itself."""
    if not isinstance(body, ast.Name):
        return None
    owner = _function_of(ctx)
    if owner is None or isinstance(owner, ast.Module):
        return None
    literal: ast.Dict | None = None
    for stmt, condition in _statements(owner, (), ctx):
        if stmt.lineno > call.lineno:
            continue
        bound = _binding(stmt, body.id)
        if bound is not None:
            literal = bound if isinstance(bound, ast.Dict) and condition is None else None
            if literal is None:
                return None
            continue
        if any(key == "model" for key, _ in _item_writes(stmt, body.id)):
            return None
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute):
            if isinstance(stmt.value.func.value, ast.Name) and stmt.value.func.value.id == body.id and stmt.value.func.attr == "update":
                return None  # its keys are not all visible
    if literal is None or not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in literal.keys):
        return None
    if any(k.value == "model" for k in literal.keys):  # type: ignore[union-attr]
        return None
    return literal if _only_read_here(body.id, owner, [], ctx, body=call) else None


#: the annotation a request body literal spread into ``create()`` gets: inferred from the literal,
#: its value type is the join of the values (``dict[str, Sequence[...]]``), which matches none of
#: openai's typed parameters; the dict was untyped under Inference and stays so
BODY_ANNOTATION = "dict[str, Any]"
BODY_ANNOTATION_IMPORT = "from typing import Any"


def body_annotation(literal: ast.Dict, ctx: "Context") -> tuple[int, int, str] | None:
    """``(line, col, text)``: where the plain binding ``name = {...}`` of the request body
    ``literal`` gets ``: dict[str, Any]``, so that a type checker accepts ``create(**name)``;
    None when the binding is not one plain name (``a = b = {...}``, already annotated)."""
    owner = _function_of(ctx)
    if owner is None:
        return None
    for node in ast.walk(owner):
        if isinstance(node, ast.Assign) and node.value is literal:
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                return None
            target = node.targets[0]
            return target.lineno, target.end_col_offset or 0, f": {BODY_ANNOTATION}"
    return None


def model_insertion(literal: ast.Dict, model: str, indent: str | None = None) -> tuple[int, int, str]:
    """``(line, col, text)``: where ``"model": <model>`` goes into ``literal`` (after its last
    entry; on a line of its own, with ``indent``, when the entries are one a line)."""
    if not literal.values:
        return literal.lineno, literal.col_offset + 1, f'"model": {model}'
    last = literal.values[-1]
    line, col = last.end_lineno or last.lineno, last.end_col_offset or 0
    if indent is not None and (literal.end_lineno or literal.lineno) > line:
        return line, col, f',\n{indent}"model": {model}'
    return line, col, f', "model": {model}'
