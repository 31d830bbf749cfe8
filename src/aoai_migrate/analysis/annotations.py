"""Type annotations of a module: the names and attributes they are made of (what the
annotation rules of several categories look at)."""

from __future__ import annotations

import ast
from typing import Iterator

#: the nodes that carry annotations
ANNOTATED: tuple[type[ast.AST], ...] = (ast.arg, ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign)


def annotation_names(node: ast.AST) -> Iterator[ast.expr]:
    """The ``Name``/``Attribute`` nodes inside the annotations ``node`` carries (a parameter's,
    a function's return, an annotated assignment's); string annotations are left out."""
    if isinstance(node, ast.arg):
        roots = [node.annotation]
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        roots = [node.returns]
    elif isinstance(node, ast.AnnAssign):
        roots = [node.annotation]
    else:
        roots = []
    for root in roots:
        if root is None:
            continue
        for part in ast.walk(root):
            if isinstance(part, (ast.Name, ast.Attribute)):
                yield part
