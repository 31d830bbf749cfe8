"""Find the scope a node lives in, for resolving expressions away from the node being visited
(a client's constructor call, the call that created a stream)."""

from __future__ import annotations

import ast
from typing import Iterator

from .semantics import Scope, Semantics


def _start(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)


def scope_containing(sem: Semantics, node: ast.AST, memo: dict | None = None) -> Scope:
    """The innermost function, lambda or class scope whose source range holds ``node`` (the
    module when none does)."""
    if memo is not None and id(node) in memo:
        return memo[id(node)][1]
    best = sem.module
    best_start = (0, 0)
    where = _start(node), _end(node)
    for scope in sem.scopes.values():
        if scope.kind == "module":
            continue
        owner = scope.node
        if _start(owner) <= where[0] and where[1] <= _end(owner) and _start(owner) >= best_start:
            best, best_start = scope, _start(owner)
    if memo is not None:
        memo[id(node)] = (node, best)
    return best


def own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of ``scope``'s own body: nested functions, classes and lambdas are yielded but not
    entered."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(child))
