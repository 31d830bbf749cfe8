"""Whether a name is bound where a function reads it: the bindings that reach a site.

Name resolution (:mod:`..semantics`) is flow-insensitive: any binding of a name in a function
makes it resolve. Python is not: a name bound anywhere in a function is local to the whole
function, and reading it where no binding ran raises ``UnboundLocalError``. New code that
writes ``AsyncOpenAI(...)`` in the ``azure`` branch of a function whose ``openai`` branch runs
``from openai import AsyncOpenAI`` needs its own import there; an import at module level does
not help, the local name hides it. :func:`unbound_local` tells that case, :func:`imports_before`
lists the import statements that run before a site (where the new import can go), and
:func:`statement_before` the statement a new line can be put in front of.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..semantics import parent_of

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_BLOCKS = ("body", "orelse", "finalbody")


def function_of(site: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function whose own code ``site`` is (``None`` at module or class level, or inside a
    lambda or comprehension, whose names follow other rules)."""
    node = parent_of(site)
    while node is not None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
        if isinstance(node, (ast.ClassDef, ast.Lambda, *_COMPREHENSIONS, ast.Module)):
            return None
        node = parent_of(node)
    return None


def local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names local to ``function``: bound anywhere in its own code and not declared
    ``global``/``nonlocal``."""
    names = {a.arg for a in _arguments(function.args)}
    declared: set[str] = set()
    for node in _own(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(_imported(node))
        elif isinstance(node, _SCOPES[:3]):
            names.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
    return names - declared


def declared_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names ``function`` declares ``global`` or ``nonlocal``."""
    return {name for node in _own(function) if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names}


def unbound_local(name: str, site: ast.AST) -> bool:
    """``name`` is local to the function ``site`` is in, and no binding of it runs on every
    path to ``site`` (it is bound in another branch, or later): reading it there raises
    ``UnboundLocalError``."""
    function = function_of(site)
    if function is None or name not in local_names(function):
        return False
    return not bound_on_path(name, site, function)


def bound_on_path(name: str, site: ast.AST, function: ast.AST) -> bool:
    """A binding of ``name`` runs on every path from the start of ``function`` to ``site``."""
    if name in {a.arg for a in _arguments(function.args)}:
        return True
    for parent, child, earlier in _path(site, function):
        if isinstance(parent, (ast.For, ast.AsyncFor)) and _in(child, parent.body) and name in _targets(parent.target):
            return True
        if isinstance(parent, (ast.With, ast.AsyncWith)) and _in(child, parent.body) and any(
            item.optional_vars is not None and name in _targets(item.optional_vars) for item in parent.items
        ):
            return True
        if isinstance(parent, ast.ExceptHandler) and parent.name == name:
            return True
        if isinstance(parent, ast.Try) and (_in(child, parent.orelse) and _binds_all(parent.body, name)):
            return True
        if any(_binds(stmt, name) for stmt in earlier):
            return True
    return False


def _path(site: ast.AST, function: ast.AST) -> Iterator[tuple[ast.AST, ast.AST, list[ast.stmt]]]:
    """From ``site`` up to ``function``: each enclosing node, the child on the way, and the
    statements of the child's block that run before it."""
    child, parent = site, parent_of(site)
    while parent is not None and child is not function:
        earlier: list[ast.stmt] = []
        for field in _BLOCKS:
            block = getattr(parent, field, None)
            if isinstance(block, list):
                for index, stmt in enumerate(block):
                    if stmt is child:
                        earlier = block[:index]
        yield parent, child, earlier
        child, parent = parent, parent_of(parent)


def _binds(stmt: ast.stmt, name: str) -> bool:
    """Once ``stmt`` has run to its end (or left the block), ``name`` is bound."""
    if isinstance(stmt, _EXITS):
        return True
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return name in _imported(stmt)
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name == name
    if isinstance(stmt, ast.Assign):
        return any(name in _targets(t) for t in stmt.targets)
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return stmt.value is not None and name in _targets(stmt.target)
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return any(i.optional_vars is not None and name in _targets(i.optional_vars) for i in stmt.items) or (
            _binds_all(stmt.body, name)
        )
    if isinstance(stmt, ast.If):
        return _binds_all(stmt.body, name) and _binds_all(stmt.orelse, name)
    if isinstance(stmt, ast.Try) or stmt.__class__.__name__ == "TryStar":
        if _binds_all(stmt.finalbody, name):
            return True
        normal = _binds_all(stmt.body, name) or _binds_all(stmt.orelse, name)
        return normal and all(_binds_all(h.body, name) for h in stmt.handlers)
    return False


def _binds_all(block: list[ast.stmt], name: str) -> bool:
    return any(_binds(stmt, name) for stmt in block)


def imports_before(site: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of the function ``site`` is in that run on every path to it
    (directly in a block before it, or in the body of a ``try`` before it whose handlers all
    leave), nearest first."""
    function = function_of(site)
    if function is None:
        return []
    out: list[ast.Import | ast.ImportFrom] = []
    for _parent, _child, earlier in _path(site, function):
        for stmt in reversed(earlier):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                out.append(stmt)
            elif isinstance(stmt, ast.Try) and all(h.body and isinstance(h.body[-1], _EXITS) for h in stmt.handlers):
                out.extend(s for s in reversed(stmt.body) if isinstance(s, (ast.Import, ast.ImportFrom)))
    return out


def statement_before(site: ast.AST, lines: list[str]) -> ast.stmt | None:
    """The innermost statement of the function ``site`` is in that holds ``site`` and starts
    its own line (only indentation before it, not an ``elif``): a statement put in front of it
    runs on every path to ``site``. ``None`` when there is none (a one-line function)."""
    function = function_of(site)
    if function is None:
        return None
    for parent, child, _earlier in _path(site, function):
        if not isinstance(child, ast.stmt) or not any(_in(child, getattr(parent, f, None) or []) for f in _BLOCKS):
            continue
        line = lines[child.lineno - 1] if child.lineno <= len(lines) else ""
        prefix = line.encode("utf-8")[: child.col_offset].decode("utf-8", "replace")
        if not prefix.strip() and not line.lstrip().startswith("elif"):
            return child
    return None


def _in(node: ast.AST, block: list) -> bool:
    return any(item is node for item in block)


def _own(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function``'s own code: nested functions, classes and lambdas are yielded
    but not entered; a comprehension's own variables are left out."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, _COMPREHENSIONS):
            # only the first iterable is evaluated in the function; walrus targets leak out
            stack.append(node.generators[0].iter)
            stack.extend(n.target for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
            continue
        stack.extend(ast.iter_child_nodes(node))


def _imported(stmt: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(stmt, ast.Import):
        return {a.asname or a.name.split(".")[0] for a in stmt.names}
    return {a.asname or a.name for a in stmt.names if a.name != "*"}


def _targets(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _arguments(args: ast.arguments) -> list[ast.arg]:
    out = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    out += [a for a in (args.vararg, args.kwarg) if a is not None]
    return out
