"""Helpers shared by the api-version and unsupported-feature rules: hard-coded version values,
call rendering without some arguments, and "is this string only a message?" checks."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterable, NamedTuple

from ... import data, known
from ...render import snippets
from ...semantics import Scope

if TYPE_CHECKING:
    from ...engine import Context

#: the inference clients' constructors and the factory that takes the same keywords
INFERENCE_CONSTRUCTORS = frozenset(
    f"{module}.{name}"
    for module in (known.INFERENCE, known.INFERENCE_AIO)
    for name in (known.CHAT, known.EMBEDDINGS, known.IMAGE_EMBEDDINGS, "load_client")
)
AZURE_OPENAI_CLASSES = frozenset(q for q, (is_azure, _) in known.OPENAI_CLIENTS.items() if is_azure)
OPENAI_CLASSES = frozenset(q for q in known.OPENAI_CLIENTS if q != known.MODULE_CLIENT)


class Pinned(NamedTuple):
    """A hard-coded api-version: ``value`` is the string, ``node`` the expression in the code,
    ``shown`` how messages name it (``"2024-06-01"`` or ``API_VERSION (= "2024-06-01")``)."""

    value: str
    node: ast.AST
    shown: str
    via_name: bool
    values: tuple[str, ...] = ()


def hard_coded(
    expr: ast.AST | None,
    ctx: "Context",
    scope: Scope | None = None,
    *,
    dated_only: bool = False,
) -> Pinned | None:
    """``expr`` is a version-shaped string literal, or a name/attribute that resolves only to
    such string constants (a module or class constant, a variable bound to literals)."""
    if expr is None:
        return None
    fallback = _fallback(expr, ctx, scope)
    if fallback is not None:
        value, where, chain = fallback
        pinned = hard_coded(value, ctx, where, dated_only=dated_only)
        if pinned is None:
            return None
        return pinned._replace(shown=f"{pinned.shown} (the fallback of `{short(ctx.segment(chain))}`)")
    if isinstance(expr, ast.Constant):
        if isinstance(expr.value, str) and data.is_version(expr.value, dated_only=dated_only):
            return Pinned(expr.value.strip(), expr, snippets.string(expr.value), False, (expr.value.strip(),))
        return None
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return None
    values = ctx.infer(expr, scope)
    if not values or any(v.kind != "str" for v in values):
        return None
    strings = sorted({v.name for v in values})
    if not all(data.is_version(s, dated_only=dated_only) for s in strings):
        return None
    shown = " | ".join(snippets.string(s) for s in strings)
    values = tuple(s.strip() for s in strings)
    return Pinned(values[0], expr, f"`{short(ctx.segment(expr))}` (= {shown})", True, values)


#: calls that read an environment variable
GETTERS = frozenset({"os.getenv", "os.environ.get"})
#: tokens that make a *_VERSION variable something else than an API version
_NOT_API = frozenset({"MODEL", "DEPLOYMENT", "SDK", "PACKAGE", "LIB", "LIBRARY", "PYTHON", "CLIENT", "APP", "SCHEMA"})
#: variables that hold the Azure OpenAI api-version without naming OpenAI
_EXTRA_NAMES = frozenset({"AZURE_API_VERSION"})


def is_version_variable(name: object) -> bool:
    """An environment variable that holds an Azure OpenAI api-version: ``OPENAI_API_VERSION``,
    ``AZURE_OPENAI_API_VERSION``, ``AZURE_OPENAI_VERSION``, ``AZURE_API_VERSION``, any
    ``*OPENAI*_VERSION`` / ``*AOAI*_VERSION`` (not ``STRIPE_API_VERSION``, ``GRAPH_API_VERSION``,
    ``AZURE_OPENAI_MODEL_VERSION``)."""
    if not isinstance(name, str):
        return False
    upper = name.strip().upper()
    tokens = upper.split("_")
    if tokens[-1] != "VERSION" or set(tokens) & _NOT_API:
        return False
    return "OPENAI" in tokens or "AOAI" in tokens or upper in _EXTRA_NAMES


def variable_name(expr: ast.AST | None, ctx: "Context") -> str | None:
    """The env variable name ``expr`` spells (a literal or a string constant), if it is an Azure
    OpenAI api-version variable."""
    if expr is None or isinstance(expr, ast.Starred):
        return None
    if isinstance(expr, ast.Constant):
        names = {expr.value}
    else:
        values = ctx.infer(expr)
        if not values or any(v.kind != "str" for v in values):
            return None
        names = {v.name for v in values}
    if len(names) == 1 and is_version_variable(next(iter(names))):
        return next(iter(names))
    return None


def _fallback(expr: ast.AST, ctx: "Context", scope: Scope | None) -> tuple[ast.AST, Scope, ast.AST] | None:
    """The value used when the configuration gives none, with its scope and the expression that
    falls back to it: the last operand of an
    ``a or b or "2024-06-01"`` chain, the default of ``cfg.get("api_version", "2024-06-01")`` or
    ``getattr(cfg, "api_version", "2024-06-01")`` (also through a name bound only to one of
    those). ``os.getenv`` of an api-version variable is left to the environment rule."""
    where = scope or ctx.scope
    if isinstance(expr, ast.Name):
        bindings = ctx.sem.lookup(expr.id, where)
        if len(bindings) != 1 or bindings[0][0] != "expr":
            return None
        _, expr, where = bindings[0]
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and len(expr.values) > 1:
        first = expr.values[0]
        if isinstance(first, ast.Call) and first.args and ctx.qualnames(first.func) & GETTERS:
            if variable_name(first.args[0], ctx):
                return None  # `os.getenv("OPENAI_API_VERSION") or "..."`: the environment rule's finding
        return expr.values[-1], where, expr
    if isinstance(expr, ast.Call) and not expr.keywords and not any(isinstance(a, ast.Starred) for a in expr.args):
        func, args = expr.func, expr.args
        if isinstance(func, ast.Name) and func.id == "getattr" and len(args) == 3 and not ctx.sem.lookup("getattr", where):
            return args[2], where, expr
        if isinstance(func, ast.Attribute) and func.attr == "get" and len(args) == 2:
            if ctx.qualnames(func) & GETTERS and variable_name(args[0], ctx):
                return None  # `os.environ.get("OPENAI_API_VERSION", "...")`: the environment rule's finding
            return args[1], where, expr
    return None


def mentions(ctx: "Context", *words: str) -> bool:
    """The module's text contains one of ``words`` (cached per module): a cheap gate for rules
    whose trigger must name an imported class or function somewhere in the module."""
    cache = ctx.state.setdefault("api-version.mentions", {})
    key = words
    found = cache.get(key)
    if found is None:
        text = ctx.source.text
        found = cache[key] = any(word in text for word in words)
    return found


def keyword(call: ast.Call, *names: str) -> ast.keyword | None:
    """The last keyword argument of ``call`` named one of ``names``."""
    found = None
    for kw in call.keywords:
        if kw.arg in names:
            found = kw
    return found


def short(text: str, limit: int = 40) -> str:
    return snippets.shorten(text, limit)


def receiver(text: str) -> str:
    """``text`` as the receiver of an attribute access (parenthesised unless it is an atom)."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return f"({text})"
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        return text.strip()
    return f"({text.strip()})"


def call_args(
    call: ast.Call,
    ctx: "Context",
    *,
    drop: Iterable[str] = (),
    replace: dict[str, str] | None = None,
    positional: dict[int, str] | None = None,
    add: Iterable[tuple[str, str]] = (),
) -> list[tuple[str | None, str]]:
    """The arguments of ``call`` as ``snippets.call`` pairs, in order, with the keywords in
    ``drop`` left out, those in ``replace`` re-rendered, positional argument ``i`` replaced by
    ``positional[i]`` and ``add`` appended (before any ``**`` splat)."""
    dropped = set(drop)
    replace = replace or {}
    positional = positional or {}
    out: list[tuple[str | None, str]] = []
    for index, arg in enumerate(call.args):
        out.append((None, positional.get(index, ctx.segment(arg))))
    splats: list[tuple[str | None, str]] = []
    for kw in call.keywords:
        if kw.arg is None:
            splats.append(("**", ctx.segment(kw.value)))
        elif kw.arg in dropped:
            continue
        elif kw.arg in replace:
            out.append((kw.arg, replace[kw.arg]))
        else:
            out.append((kw.arg, ctx.segment(kw.value)))
    out.extend(add)
    return out + splats


def render_call(call: ast.Call, ctx: "Context", func: str | None = None, **changes) -> str:
    """``call`` re-rendered (see :func:`call_args`), indented like its line."""
    indent = ctx.source.indent(call.lineno)
    return snippets.call(func or ctx.segment(call.func), call_args(call, ctx, **changes), indent)


def dict_without(node: ast.Dict, ctx: "Context", keys: Iterable[str]) -> str | None:
    """The dict literal without the string keys ``keys``; ``None`` when nothing is left."""
    drop = set(keys)
    items = []
    for key, value in zip(node.keys, node.values):
        if key is None:
            items.append(f"**{ctx.segment(value)}")
        elif isinstance(key, ast.Constant) and key.value in drop:
            continue
        else:
            items.append(f"{ctx.segment(key)}: {ctx.segment(value)}")
    return "{" + ", ".join(items) + "}" if items else None


def dict_key(node: ast.AST, key: str) -> ast.AST | None:
    """The value of string key ``key`` in a dict literal, else ``None``."""
    if not isinstance(node, ast.Dict):
        return None
    found = None
    for k, v in zip(node.keys, node.values):
        if isinstance(k, ast.Constant) and k.value == key:
            found = v
    return found


# -- strings that are only messages --------------------------------------------------------------

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_MESSAGE_FUNCS = frozenset({"print", "warnings.warn", "logging.debug", "logging.info", "logging.warning",
                            "logging.error", "logging.exception", "logging.critical", "logging.log"})


def is_message_string(ctx: "Context") -> bool:
    """The node being visited is (part of) a docstring or bare string statement, or sits inside
    a ``raise``, an ``assert`` message, ``print``, a logging call or ``warnings.warn``."""
    parents = ctx.parents
    for depth in range(len(parents) - 1, -1, -1):
        node = parents[depth]
        if isinstance(node, ast.Expr):
            return isinstance(node.value, (ast.Constant, ast.JoinedStr)) or _is_message_call(node.value, ctx)
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Assert):
            return node.msg is not None and depth + 1 < len(parents) and parents[depth + 1] is node.msg
        if isinstance(node, ast.Call) and _is_message_call(node, ctx):
            return True
        if isinstance(node, ast.stmt):
            return False
    return False


def _is_message_call(node: ast.AST, ctx: "Context") -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name) and func.id == "print":
        return True
    if isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS:
        return True
    return bool(ctx.qualnames(func) & _MESSAGE_FUNCS)
