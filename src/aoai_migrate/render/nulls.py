"""Arguments whose value is ``None``, carried from an Inference call into an OpenAI call.

The Inference SDK (azure-core generated code) leaves every keyword whose value is ``None`` out of
the request body; the openai SDK sends ``None`` as JSON ``null``, and most of its parameters do
not take it (``embeddings.create(dimensions: int | Omit = omit)``). Where the target parameter's
annotation excludes ``None``, a literal ``None`` argument is left out and a conditional with a
``None`` branch gets ``omit`` (``from openai import omit``) in that branch; parameters typed
``Optional[...] | Omit`` take ``None`` (sent as ``null``, the same as Inference's default) and
are kept as written. ``extra_body`` entries have no annotation: a ``None`` one is left out, a
conditional one becomes a conditional spread.

A value that is not literally ``None`` may still be ``None`` at run time, and Inference dropped it
then: :func:`may_be_none` looks for the evidence (an ``Optional[...]``/``X | None`` annotation of
the parameter, local variable, class attribute, dataclass or pydantic field it is read from, a
``None`` default or assignment, ``os.getenv(x)``); such a value is passed as ``x if x is not None
else omit`` (or spread into ``extra_body`` only when not ``None``). A value without that evidence
is written as it is.

The flake8 path does not import openai: :data:`NOT_NULLABLE` is the installed annotations
written down, and a test compares it with ``typing.get_type_hints`` of the installed methods.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Context

#: the parameters of each resource method whose annotation excludes ``None`` (openai 1.x/2.x)
NOT_NULLABLE: dict[str, frozenset[str]] = {
    "embeddings.create": frozenset({"dimensions", "encoding_format", "input", "model", "user"}),
    "chat.completions.create": frozenset(
        {
            "function_call", "functions", "messages", "model", "parallel_tool_calls",
            "prompt_cache_options", "response_format", "tool_choice", "tools", "user",
            "web_search_options",
        }
    ),
}

OMIT = "omit"
#: the import that binds :data:`OMIT` (added by the engine where the module lacks it)
OMIT_IMPORT = "from openai import omit"


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _parse(text: str) -> ast.expr | None:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return None


def argument(path: str, name: str, text: str, optional: bool = False) -> str | None:
    """The text to pass as ``name=`` to ``client.<path>()`` for the rendered value ``text``:
    ``None`` to leave the argument out (it is literally ``None``), ``text`` with ``omit`` in
    place of each literal ``None`` branch of a conditional, ``text if text is not None else
    omit`` for a plain name or attribute that may be ``None`` (``optional``, see
    :func:`may_be_none`), or ``text`` as it is (the parameter takes ``None``, or the value has
    no literal ``None`` in a branch)."""
    if name not in NOT_NULLABLE.get(path, ()):
        return text
    node = _parse(text)
    if node is None:
        return text
    if _is_none(node):
        return None
    if optional and _repeatable(node):
        stripped = text.strip()
        return f"{stripped} if {stripped} is not None else {OMIT}"
    if not isinstance(node, ast.IfExp):
        return text
    stripped = text.strip()
    replaced = _omit_branches(node, stripped)
    return replaced if replaced is not None else text


def _omit_branches(node: ast.IfExp, text: str) -> str | None:
    """``body if test else orelse`` with ``omit`` for each literal ``None`` branch (nested
    conditionals in the ``else`` branch too); None when nothing changes."""
    def branch(value: ast.expr) -> tuple[str, bool]:
        if _is_none(value):
            return OMIT, True
        if isinstance(value, ast.IfExp):
            inner = _omit_branches(value, text)
            if inner is not None:
                return inner, True
        return _segment(text, value), False

    body, body_changed = branch(node.body)
    orelse, else_changed = branch(node.orelse)
    if not (body_changed or else_changed):
        return None
    if isinstance(node.body, ast.IfExp) and body_changed:
        body = f"({body})"
    return f"{body} if {_segment(text, node.test)} else {orelse}"


def _segment(text: str, node: ast.expr) -> str:
    segment = ast.get_source_segment(text, node)
    if segment is None:
        return ast.unparse(node)
    if isinstance(node, (ast.Lambda, ast.IfExp, ast.NamedExpr)):
        return f"({segment})"
    return segment


def _repeatable(node: ast.expr) -> bool:
    """A name or attribute chain: reading it twice (test and value) is the same read."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def extra_body_entry(key: str, text: str, optional: bool = False) -> tuple[str | None, str] | None:
    """An ``extra_body`` entry ``key: text`` that sends no ``null``: None to leave it out (the
    value is literally ``None``), a spread entry ``(None, "{key: x} if c else {}")`` for a
    conditional with a ``None`` branch or a name that may be ``None`` (``optional``), else the
    entry as it is."""
    node = _parse(text)
    if node is None:
        return key, text
    if _is_none(node):
        return None
    if optional and _repeatable(node):
        stripped = text.strip()
        return None, f"{{{key}: {stripped}}} if {stripped} is not None else {{}}"
    if isinstance(node, ast.IfExp) and (_is_none(node.body) or _is_none(node.orelse)):
        stripped = text.strip()
        test = _segment(stripped, node.test)
        if _is_none(node.body) and _is_none(node.orelse):
            return None
        if _is_none(node.orelse):
            return None, f"{{{key}: {_segment(stripped, node.body)}}} if {test} else {{}}"
        return None, f"{{}} if {test} else {{{key}: {_segment(stripped, node.orelse)}}}"
    return key, text


# -- values that may be None -------------------------------------------------------------------


def none_source(value: ast.AST) -> bool:
    """``None``, or ``os.environ.get(x)`` / ``os.getenv(x)`` without a default."""
    if isinstance(value, ast.Constant) and value.value is None:
        return True
    if not (isinstance(value, ast.Call) and len(value.args) == 1 and not value.keywords):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr == "getenv":
        return isinstance(func.value, ast.Name) and func.value.id == "os"
    return (
        isinstance(func, ast.Attribute) and func.attr == "get" and isinstance(func.value, ast.Attribute)
        and func.value.attr == "environ" and isinstance(func.value.value, ast.Name) and func.value.value.id == "os"
    )


def may_be_none(value: ast.AST, ctx: "Context") -> bool:
    """Whether ``value``, read where the node being visited is, may be ``None`` by the code's
    own word: a ``None`` source (:func:`none_source`); a name that is a parameter of the
    enclosing function annotated ``Optional[...]``/``X | None`` or defaulting to ``None``, or
    that the function (or module) annotates so or assigns ``None``; ``self.x`` or ``obj.x``
    where the class (of this module) declares ``x`` so (a dataclass or pydantic field too)."""
    if none_source(value):
        return True
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self":
        cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
        return cls is not None and optional_field(cls, value.attr)
    if isinstance(value, ast.Attribute):
        classes = [v.node.node for v in ctx.infer(value.value) if v.kind == "object" and v.node is not None]
        return any(isinstance(c, ast.ClassDef) and optional_field(c, value.attr) for c in classes)
    if not isinstance(value, ast.Name):
        return False
    scope = next((p for p in reversed(ctx.parents)
                  if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module))), None)
    if scope is None:
        return False
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and _optional_parameter(scope.args, value.id):
        return True
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets):
            if none_source(node.value):
                return True
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == value.id:
            if optional_annotation(node.annotation) or (node.value is not None and none_source(node.value)):
                return True
    return False


def _optional_parameter(args: ast.arguments, name: str) -> bool:
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults))
    for arg, default in pairs:
        if arg.arg == name:
            return (arg.annotation is not None and optional_annotation(arg.annotation)) or (
                default is not None and _is_none(default)
            )
    return False


def optional_field(cls: ast.ClassDef, name: str) -> bool:
    """The class declares ``name: Optional[...]`` (``X | None``, ``Union[X, None]``, also as
    a string) or ``name = None`` in its body, or ``self.name: Optional[...] = ...`` in a method."""
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            return optional_annotation(node.annotation) or (node.value is not None and none_source(node.value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return none_source(node.value)
    for node in ast.walk(cls):
        if (
            isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Attribute)
            and node.target.attr == name and isinstance(node.target.value, ast.Name) and node.target.value.id == "self"
        ):
            return optional_annotation(node.annotation)
    return False


def optional_annotation(node: ast.AST) -> bool:
    """``Optional[X]``, ``X | None``, ``Union[..., None]`` (``typing.`` prefixed or not, or a
    string holding one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parsed = _parse(node.value)
        return parsed is not None and optional_annotation(parsed)
    if isinstance(node, ast.Subscript):
        base = node.value
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if name == "Optional":
            return True
        if name == "Union":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return any(_is_none(item) for item in items)
        if name == "Annotated":  # Annotated[Optional[int], Field(...)]
            first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) and node.slice.elts else node.slice
            return optional_annotation(first)
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return any(isinstance(side, ast.Constant) and side.value is None for side in (node.left, node.right)) \
            or optional_annotation(node.left) or optional_annotation(node.right)
    return False
