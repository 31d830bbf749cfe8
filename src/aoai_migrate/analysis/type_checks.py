"""Where an imported class is only tested against at run time.

``isinstance(x, ChatRequestMessage)``, ``issubclass(c, (A, B))``, ``type(x) is UserMessage``,
``except SomeError``: a class read only there needs no replacement when the objects it tested for
become plain dicts, and writing a TypedDict in its place would raise ``TypeError``
(``isinstance()`` refuses TypedDicts).
"""

from __future__ import annotations

import ast

from ..semantics import parent_of

_CHECKS = frozenset({"isinstance", "issubclass"})


def _is_type_check(name: ast.Name) -> bool:
    """Whether this read of a name is the class side of a run-time type check."""
    node: ast.AST = name
    parent = parent_of(node)
    while isinstance(parent, ast.Tuple) and node in parent.elts:  # isinstance(x, (A, B))
        node, parent = parent, parent_of(parent)
    if isinstance(parent, ast.Call):
        func = parent.func
        return (
            isinstance(func, ast.Name) and func.id in _CHECKS and len(parent.args) == 2
            and parent.args[1] is node
        )
    if isinstance(parent, ast.ExceptHandler):
        return parent.type is node
    if isinstance(parent, ast.Compare) and node is not name:
        return False
    if isinstance(parent, ast.Compare):  # type(x) is N, type(x) == N, N is type(x)
        others = [parent.left, *parent.comparators]
        return all(isinstance(op, (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)) for op in parent.ops) and any(
            isinstance(o, ast.Call) and isinstance(o.func, ast.Name) and o.func.id == "type" for o in others
        )
    return False


def uses(name: str, scope_node: ast.AST) -> tuple[int, int]:
    """How ``name`` is read in ``scope_node`` (a module or function): ``(reads, type checks)``.

    Nested scopes that bind the name themselves are not told apart (a rare shadowing costs
    only a note)."""
    reads = checks = 0
    for node in ast.walk(scope_node):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            reads += 1
            if _is_type_check(node):
                checks += 1
    return reads, checks


def only_type_checks(name: str, scope_node: ast.AST) -> bool | None:
    """``True``: every read of ``name`` is a type check; ``False``: some are, not all;
    ``None``: no read is one (or there is no read)."""
    reads, checks = uses(name, scope_node)
    if not checks:
        return None
    return checks == reads
