"""Arguments whose value is ``None``, carried from an Inference call into an OpenAI call.

The Inference SDK (azure-core generated code) leaves every keyword whose value is ``None`` out of
the request body; the openai SDK sends ``None`` as JSON ``null``, and most of its parameters do
not take it (``embeddings.create(dimensions: int | Omit = omit)``). Where the target parameter's
annotation excludes ``None``, a literal ``None`` argument is left out and a conditional with a
``None`` branch gets ``omit`` (``from openai import omit``) in that branch; parameters typed
``Optional[...] | Omit`` take ``None`` (sent as ``null``, the same as Inference's default) and
are kept as written. ``extra_body`` entries have no annotation: a ``None`` one is left out, a
conditional one becomes a conditional spread.

The flake8 path does not import openai: :data:`NOT_NULLABLE` is the installed annotations
written down, and a test compares it with ``typing.get_type_hints`` of the installed methods.
"""

from __future__ import annotations

import ast

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


def argument(path: str, name: str, text: str) -> str | None:
    """The text to pass as ``name=`` to ``client.<path>()`` for the rendered value ``text``:
    ``None`` to leave the argument out (it is literally ``None``), ``text`` with ``omit`` in
    place of each literal ``None`` branch of a conditional, or ``text`` as it is (the parameter
    takes ``None``, or the value has no literal ``None`` in a branch)."""
    if name not in NOT_NULLABLE.get(path, ()):
        return text
    node = _parse(text)
    if node is None:
        return text
    if _is_none(node):
        return None
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


def extra_body_entry(key: str, text: str) -> tuple[str | None, str] | None:
    """An ``extra_body`` entry ``key: text`` that sends no ``null``: None to leave it out (the
    value is literally ``None``), a spread entry ``(None, "{key: x} if c else {}")`` for a
    conditional with a ``None`` branch, else the entry as it is."""
    node = _parse(text)
    if node is None:
        return key, text
    if _is_none(node):
        return None
    if isinstance(node, ast.IfExp) and (_is_none(node.body) or _is_none(node.orelse)):
        stripped = text.strip()
        test = _segment(stripped, node.test)
        if _is_none(node.body) and _is_none(node.orelse):
            return None
        if _is_none(node.orelse):
            return None, f"{{{key}: {_segment(stripped, node.body)}}} if {test} else {{}}"
        return None, f"{{}} if {test} else {{{key}: {_segment(stripped, node.orelse)}}}"
    return key, text
