"""Which statements can run on the same path: ``if``/``elif``/``else`` branches and ``match``
cases exclude each other. The module-client settings rule (AOM305 and its siblings) uses it to
tell settings made together from settings made in different branches."""

from __future__ import annotations

import ast
from typing import NamedTuple

from ..semantics import parent_of

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _arms(node: ast.AST) -> dict[int, tuple[ast.AST, int]]:
    """``id(statement)`` of each ``if`` / ``match`` enclosing ``node`` (in its function) -> the
    statement and the arm ``node`` sits in (0: the body, 1: the ``else``; a ``match`` case's index)."""
    out: dict[int, tuple[ast.AST, int]] = {}
    child, parent = node, parent_of(node)
    while parent is not None and not isinstance(child, _FUNCTIONS):
        if isinstance(parent, ast.If):
            if any(s is child for s in parent.body):
                out[id(parent)] = (parent, 0)
            elif any(s is child for s in parent.orelse):
                out[id(parent)] = (parent, 1)
        elif isinstance(parent, ast.Match) and isinstance(child, ast.match_case):
            out[id(parent)] = (parent, parent.cases.index(child))
        child, parent = parent, parent_of(parent)
    return out


def exclusive(a: ast.AST, b: ast.AST) -> bool:
    """``a`` and ``b`` sit in different arms of one ``if`` (an ``elif`` is an ``if`` in the
    ``else``) or ``match``: no run executes both."""
    arms_a = _arms(a)
    for key, (_, arm) in _arms(b).items():
        if key in arms_a and arms_a[key][1] != arm:
            return True
    return False


def conditional(stmt: ast.AST, site: ast.AST) -> bool:
    """``stmt`` sits in an arm of an ``if`` / ``match`` that ``site`` is not in: ``site`` may
    run on a path where ``stmt`` did not."""
    arms_site = _arms(site)
    return any(key not in arms_site or arms_site[key][1] != arm for key, (_, arm) in _arms(stmt).items())


class Arm(NamedTuple):
    """One arm of an ``if``/``elif``/``else`` chain: its condition (``None`` for the ``else``)
    and its statements."""

    test: ast.AST | None
    body: list[ast.stmt]


def chain(stmt: ast.AST) -> tuple[ast.If, list[Arm]] | None:
    """The outermost ``if`` of the ``if``/``elif`` chain whose arm holds ``stmt`` directly (as
    one of its statements), and the chain's arms; ``None`` when ``stmt`` is in no such arm. A
    chain without ``else`` ends with an empty ``else`` arm (no statement runs there)."""
    parent = parent_of(stmt)
    if not isinstance(parent, ast.If):
        return None
    head = parent
    while True:  # climb the elif links: an `if` alone in its parent's `else`
        up = parent_of(head)
        if isinstance(up, ast.If) and len(up.orelse) == 1 and up.orelse[0] is head:
            head = up
        else:
            break
    arms: list[Arm] = []
    node: ast.If = head
    while True:
        arms.append(Arm(node.test, node.body))
        if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
            node = node.orelse[0]
            continue
        arms.append(Arm(None, node.orelse))
        return head, arms


#: expressions that evaluate to the same value a second time, with no effect
_PURE = (
    ast.Name, ast.Attribute, ast.Constant, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Tuple, ast.List,
    ast.Set, ast.Load, ast.cmpop, ast.boolop, ast.unaryop, ast.Subscript, ast.Slice,
)


def pure(expr: ast.AST) -> bool:
    """``expr`` reads names, attributes, items and constants only (no call): evaluated again
    after the branches, it gives the same answer (when nothing it reads was rebound)."""
    return all(isinstance(n, _PURE) for n in ast.walk(expr))


def rebinds(statements: list[ast.stmt], names: set[str]) -> bool:
    """One of ``statements`` binds one of ``names`` (an assignment, a loop target, an import,
    ``global``/``nonlocal``...)."""
    for stmt in statements:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in names:
                return True
            if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
                root = node
                while isinstance(root, (ast.Attribute, ast.Subscript)):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in names:
                    return True  # `self.mode = ...` under a test of `self.mode`
            if isinstance(node, (ast.Global, ast.Nonlocal, ast.Import, ast.ImportFrom)):
                return True
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in names:
                return True
    return False


def names_read(expr: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
