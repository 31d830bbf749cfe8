"""Type annotations of a module: the names and attributes they are made of (what the
annotation rules of several categories look at)."""

from __future__ import annotations

import ast
from typing import Iterator

#: the nodes that carry annotations (an ``Assign`` when it defines a type alias)
ANNOTATED: tuple[type[ast.AST], ...] = (ast.arg, ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign, ast.Assign)

#: generic and special forms whose subscription makes an assignment a type alias
_TYPE_FORMS = frozenset({
    "Union", "Optional", "List", "Dict", "Sequence", "Iterable", "Iterator", "Mapping", "MutableMapping",
    "Tuple", "Type", "Annotated", "Callable", "AsyncIterator", "AsyncIterable", "Generator",
    "AsyncGenerator", "Awaitable", "Collection", "MutableSequence", "list", "dict", "tuple", "type",
})


def annotation_names(node: ast.AST) -> Iterator[ast.expr]:
    """The ``Name``/``Attribute`` nodes inside the annotations ``node`` carries (a parameter's,
    a function's return, an annotated assignment's); string annotations are left out."""
    if isinstance(node, ast.arg):
        roots = [node.annotation]
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        roots = [node.returns]
    elif isinstance(node, ast.AnnAssign):
        roots = [node.annotation]
    elif isinstance(node, ast.Assign):
        roots = [node.value] if type_alias(node) else []
    else:
        roots = []
    for root in roots:
        if root is None:
            continue
        for part in ast.walk(root):
            if isinstance(part, (ast.Name, ast.Attribute)):
                yield part


def type_alias(node: ast.Assign) -> bool:
    """``Messages = Union[SystemMessage, UserMessage]`` (or ``list[...]``, ``A | B``): an
    assignment of one name whose value is a type expression."""
    if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
        return False
    return _type_expression(node.value, top=True)


def _type_expression(node: ast.expr, top: bool = False) -> bool:
    if isinstance(node, ast.Subscript):
        base = node.value
        name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
        return name in _TYPE_FORMS
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return all(_type_expression(side) or isinstance(side, (ast.Name, ast.Attribute))
                   or (isinstance(side, ast.Constant) and side.value is None) for side in (node.left, node.right))
    return not top and isinstance(node, (ast.Name, ast.Attribute))
