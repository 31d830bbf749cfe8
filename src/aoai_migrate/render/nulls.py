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
is written as it is. The same evidence gives an optional model the placeholder after ``or`` and an
optional ``azure_endpoint`` the ``AZURE_OPENAI_ENDPOINT`` fallback ``AzureOpenAI`` had.

The flake8 path does not import openai: :data:`NOT_NULLABLE` is the installed annotations
written down, and a test compares it with ``typing.get_type_hints`` of the installed methods.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import known
from ..locate import own_nodes

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


def may_be_none(value: ast.AST, ctx: "Context", depth: int = 0) -> bool:
    """Whether ``value``, read where the node being visited is, may be ``None`` by the code's
    own word: a ``None`` source (:func:`none_source`); a name that is a parameter of the
    enclosing function annotated ``Optional[...]``/``X | None`` or defaulting to ``None``, or
    that the function (or module) annotates so or assigns ``None`` or one of these values;
    ``self.x`` or ``obj.x`` where the class (of this module) declares ``x`` so (a dataclass or
    pydantic field too), or a member the SDK declares optional (``PromptTemplate.model_name``);
    ``settings["key"]`` / ``settings.get("key")`` of a dict literal (or a parameter typed as a
    mapping, for ``.get``) whose entry may be ``None``."""
    if none_source(value):
        return True
    if depth > 3:
        return False
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self":
        cls = next((p for p in reversed(ctx.parents) if isinstance(p, ast.ClassDef)), None)
        return cls is not None and optional_field(cls, value.attr)
    if isinstance(value, ast.Attribute):
        classes = [v.node.node for v in ctx.infer(value.value) if v.kind == "object" and v.node is not None]
        return any(isinstance(c, ast.ClassDef) and optional_field(c, value.attr) for c in classes) or \
            _optional_member(value, ctx)
    if isinstance(value, (ast.Subscript, ast.Call)):
        return _optional_entry(value, ctx, depth)
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
            if none_source(node.value) or _read_may_be_none(node.value, ctx, depth):
                return True
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == value.id:
            if optional_annotation(node.annotation) or (node.value is not None and none_source(node.value)):
                return True
    return False


def _read_may_be_none(value: ast.AST, ctx: "Context", depth: int) -> bool:
    """A name assigned an entry or member read that may be ``None`` (``endpoint = settings["endpoint"]``)."""
    return isinstance(value, (ast.Subscript, ast.Call, ast.Attribute)) and may_be_none(value, ctx, depth + 1)


def _optional_entry(value: ast.Subscript | ast.Call, ctx: "Context", depth: int) -> bool:
    """``settings["key"]`` or ``settings.get("key")`` where ``settings`` is a dict literal of the
    enclosing function or of the module whose ``"key"`` entry may be ``None``; ``.get("key")``
    (no default) also on a parameter annotated as a mapping, which may lack the key."""
    if isinstance(value, ast.Subscript):
        mapping, key, get = value.value, value.slice, False
    elif (
        isinstance(value.func, ast.Attribute) and value.func.attr == "get"
        and len(value.args) == 1 and not value.keywords
    ):
        mapping, key, get = value.func.value, value.args[0], True
    else:
        return False
    if not (isinstance(mapping, ast.Name) and isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return False
    scope = _function_scope(ctx)
    if get and isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for arg in scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs:
            if arg.arg == mapping.id:
                return arg.annotation is not None and _mapping_annotation(arg.annotation)
    for node in _bindings(ctx, mapping.id):
        if isinstance(node.value, ast.Dict):
            entries = {k.value: v for k, v in zip(node.value.keys, node.value.values) if isinstance(k, ast.Constant)}
            if key.value not in entries:
                return get
            if may_be_none(entries[key.value], ctx, depth + 1):
                return True
    return False


def _mapping_annotation(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parsed = _parse(node.value)
        return parsed is not None and _mapping_annotation(parsed)
    base = node.value if isinstance(node, ast.Subscript) else node
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return name in ("dict", "Dict", "Mapping", "MutableMapping")


def _optional_member(value: ast.Attribute, ctx: "Context") -> bool:
    """A member the SDK declares optional, read on an object it built (``PromptTemplate.model_name``)."""
    if value.attr not in known.PROMPT_TEMPLATE_OPTIONAL:
        return False
    return any(
        v.kind == "member" and v.owner is not None and v.owner.name in known.PROMPT_TEMPLATE_FACTORIES
        for v in ctx.infer(value)
    )


def _function_scope(ctx: "Context") -> ast.AST | None:
    return next((p for p in reversed(ctx.parents)
                 if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module))), None)


def _bindings(ctx: "Context", name: str) -> list[ast.Assign | ast.AnnAssign]:
    """The assignments to ``name`` in the enclosing function, or in the module when the function
    neither assigns it nor takes it as a parameter (a module-level setting read in a function)."""
    scope = _function_scope(ctx)
    if scope is None:
        return []
    found = assignments(scope, name)
    if found or not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return found
    args = scope.args
    if any(a.arg == name for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg] if a):
        return []
    module = ctx.parents[0] if ctx.parents and isinstance(ctx.parents[0], ast.Module) else None
    return assignments(module, name) if module is not None else []


def assignments(scope: ast.AST, name: str) -> list[ast.Assign | ast.AnnAssign]:
    """The assignments to ``name`` in ``scope`` (not in nested functions or classes)."""
    out: list[ast.Assign | ast.AnnAssign] = []
    for node in own_nodes(scope):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            out.append(node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            out.append(node)
    return out


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
