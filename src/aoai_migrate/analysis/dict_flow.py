"""Which binding of a local name reaches a statement, in flow order.

``args = {...}; args["k"] = v; Client(**args); args = {...}; args["service_id"] = s``: the dict
spread into ``Client`` is the first one, with the keys set on it between its binding and the
call; the later dict that rebinds the name, and the keys set on it, are not part of it.

:func:`reaching` answers for a name bound in the function that makes the call (or one of its
parameters): the binding statement that dominates the call (every path to the call passes it,
no other binding of the name in between) and the source range in which the keys set on it can
reach the call. ``None`` when flow order cannot settle it (several bindings may reach the call,
a loop around the call may carry changes from an earlier turn, ``global``/``nonlocal``).
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from ..semantics import parent_of

_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_BODIES = ("body", "orelse", "finalbody", "handlers")


class Reaching(NamedTuple):
    #: the statement binding the name (``None``: a parameter of the function, never rebound)
    binding: ast.stmt | None
    #: (line, column) after which, and before which, a change of the dict reaches the call
    start: tuple[int, int]
    end: tuple[int, int]


def _pos(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


def _end(node: ast.AST) -> tuple[int, int]:
    return (node.end_lineno or node.lineno), (node.end_col_offset or 0)  # type: ignore[attr-defined]


def statement_of(node: ast.AST) -> ast.stmt | None:
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.stmt):
        current = parent_of(current)
    return current


def ancestors(node: ast.AST, function: ast.AST) -> list[ast.AST]:
    """The nodes from ``node``'s parent up to (not including) ``function``."""
    found: list[ast.AST] = []
    current = parent_of(node)
    while current is not None and current is not function:
        found.append(current)
        current = parent_of(current)
    return found


def _bindings(name: str, function: ast.AST) -> list[ast.AST] | None:
    """The nodes of ``function``'s own body that bind (or delete) ``name``; ``None`` when a
    ``global``/``nonlocal`` makes it another scope's name."""
    from ..render.blocks import walk

    found: list[ast.AST] = []
    for node, _ in walk(getattr(function, "body", [])):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return None
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            found.append(node)
        elif isinstance(node, ast.ExceptHandler) and node.name == name:
            found.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and any(
            (a.asname or a.name.split(".")[0]) == name for a in node.names
        ):
            found.append(node)
    return found


def _parameter(name: str, function: ast.AST) -> bool:
    args = getattr(function, "args", None)
    if args is None:
        return False
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return any(a is not None and a.arg == name for a in every)


def reaching(name: str, call: ast.AST, function: ast.AST) -> Reaching | None:
    """The binding of ``name`` that reaches ``call`` (both in ``function``'s own body)."""
    bindings = _bindings(name, function)
    stmt = statement_of(call)
    if bindings is None or stmt is None:
        return None
    chain = ancestors(call, function)
    loops = [n for n in chain if isinstance(n, _LOOPS)]
    before = [b for b in bindings if _pos(b) < _pos(call)]
    if not before:
        if not _parameter(name, function) or loops:
            return None  # a later turn of a loop sees what this turn did after the call
        return Reaching(None, _pos(function), _pos(call))
    last = max(before, key=_pos)
    binding = statement_of(last)
    if binding is None or binding in chain or binding is stmt:
        return None
    if not _dominates(binding, stmt, chain, function):
        return None
    if not all(_inside(binding, loop) for loop in loops):
        return None  # the dict of an earlier turn, changed after the call, may reach it
    return Reaching(binding, _end(binding), _pos(call))


def _inside(node: ast.AST, outer: ast.AST) -> bool:
    return _pos(outer) <= _pos(node) and _end(node) <= _end(outer)


def _dominates(binding: ast.stmt, stmt: ast.stmt, chain: list[ast.AST], function: ast.AST) -> bool:
    """``binding`` sits earlier in a statement list that leads to ``stmt``: every path to
    ``stmt`` runs it first."""
    owner = parent_of(binding)
    path = [stmt, *chain, function]
    for child, parent in zip(path, path[1:]):
        if parent is owner:
            for field in _BODIES:
                block = getattr(owner, field, None)
                if isinstance(block, list) and binding in block and child in block:
                    return block.index(binding) < block.index(child)
            return False
    return False


def inside_range(node: ast.AST, found: Reaching) -> bool:
    return found.start <= _pos(node) and _end(node) <= found.end


def runs_once(node: ast.AST, found: Reaching, function: ast.AST) -> bool:
    """No loop between the binding and ``node`` may run ``node`` twice."""
    loops = [n for n in ancestors(node, function) if isinstance(n, _LOOPS)]
    return all(found.binding is not None and _inside(found.binding, loop) for loop in loops)


def dominates_call(node: ast.stmt, call: ast.AST, function: ast.AST) -> bool:
    """``node`` (a statement) runs on every path to ``call``."""
    stmt = statement_of(call)
    return stmt is not None and _dominates(node, stmt, ancestors(call, function), function)


_HARMLESS = frozenset({"get", "items", "keys", "values", "copy", "update", "setdefault", "__contains__"})


def shared(name: str, spread: ast.AST, function: ast.AST) -> bool:
    """The object ``name`` holds at ``spread`` also goes elsewhere: passed, spread, returned or
    stored by other code between the binding that reaches ``spread`` and the next one (reads of
    its items and changes of them do not count): a change where the dict is built would change
    that use too."""
    from ..render.blocks import walk

    found = reaching(name, spread, function)
    if found is None:
        return True
    bindings = _bindings(name, function) or []
    until = min((_pos(b) for b in bindings if _pos(b) > _pos(spread)), default=(10**9, 0))
    loops = [n for n in ancestors(spread, function) if isinstance(n, _LOOPS)]
    if loops:
        until = (10**9, 0)
    for node, parent in walk(getattr(function, "body", [])):
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)) or node is spread:
            continue
        if not found.start <= _pos(node) < until:
            continue
        if isinstance(parent, ast.Subscript) and parent.value is node:
            continue
        if isinstance(parent, ast.Attribute) and parent.attr in _HARMLESS:
            continue
        if isinstance(parent, ast.Compare) and node is not parent.left:
            continue  # `"key" in args`
        return True
    return False
