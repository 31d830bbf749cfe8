"""Run-time checks of a value's class: ``isinstance(x, C)``, ``isinstance(x, (C, D))``,
``issubclass(X, C)``, ``type(x) is C`` / ``is not`` / ``==`` / ``!=``.

``class_checks(node)`` yields the class expressions such a node tests against, so a rule can
resolve each one and replace it where it stands.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..render import snippets

if TYPE_CHECKING:
    from ..engine import Context

#: the node types a class check starts at
CHECK_NODES = (ast.Call, ast.Compare)


def class_checks(node: ast.AST) -> Iterator[ast.expr]:
    """The class expressions ``node`` (a call or a comparison) tests a value against."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("isinstance", "issubclass") and len(node.args) == 2 \
                and not node.keywords:
            classes = node.args[1]
            yield from classes.elts if isinstance(classes, ast.Tuple) else (classes,)
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
        left, right = node.left, node.comparators[0]
        if _type_of(left):
            yield right
        elif _type_of(right):
            yield left


def _type_of(node: ast.AST) -> bool:
    """``type(x)`` or ``x.__class__``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" \
            and len(node.args) == 1 and not node.keywords:
        return True
    return isinstance(node, ast.Attribute) and node.attr == "__class__"


class Check(NamedTuple):
    #: the class expression tested against
    cls: ast.expr
    #: the whole check on one line, shortened for a message
    text: str


def checks(node: ast.AST, ctx: "Context") -> Iterator[Check]:
    """:func:`class_checks` of ``node`` where ``isinstance``/``issubclass`` are the builtins."""
    found = list(class_checks(node))
    if not found or (isinstance(node, ast.Call) and ctx.sem.lookup(node.func.id, ctx.scope)):  # type: ignore[attr-defined]
        return
    text = snippets.shorten(ctx.segment(node), 60)
    for cls in found:
        yield Check(cls, text)


def with_class(node: ast.AST, cls: ast.expr, name: str, ctx: "Context") -> str | None:
    """The check ``node`` with ``cls`` replaced by ``name``, when the check is on one line."""
    if not cls.lineno == node.lineno == node.end_lineno:  # type: ignore[attr-defined]
        return None
    text = ctx.segment(node)
    start = cls.col_offset - node.col_offset  # type: ignore[attr-defined]
    return text[:start] + name + text[start + len(ctx.segment(cls)):]
