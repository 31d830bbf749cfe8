"""astroid inference as the engine's :data:`~aoai_migrate.engine.Oracle` (pylint adapter only).

The engine resolves names within one module. When a receiver comes from somewhere else
(``from clients import client``, ``make_client().complete(...)``), the pylint adapter lets
astroid answer: the ``ast`` node is matched to the astroid node at the same position, astroid
infers it, and an instance of a known client class (or of a subclass) is reported by the
class's canonical qualname.
"""

from __future__ import annotations

import ast
import itertools
import sys
from typing import Any

from . import known

#: the classes the oracle may report: every client the rules know
KNOWN_CLASSES = frozenset(known.INFERENCE_CLIENTS) | frozenset(known.OPENAI_CLIENTS) | frozenset(known.PROJECT_CLIENTS)
#: inferred values looked at per node, and base classes per value
MAX_VALUES = 8
MAX_ANCESTORS = 32
#: expression types worth asking about (receivers and their parts)
_ASKED = frozenset({"Name", "Attribute", "Call", "Subscript", "Await"})


def canonical(qualname: str) -> str:
    """``known.canonical``, then the public spelling of a private module path:
    ``azure.ai.projects._patch.AIProjectClient`` -> ``azure.ai.projects.AIProjectClient``."""
    name = known.canonical(qualname)
    if name in KNOWN_CLASSES:
        return name
    parts = name.split(".")
    public = [p for p in parts[:-1] if not p.startswith("_")] + parts[-1:]
    return known.canonical(".".join(public))


class AstroidOracle:
    """``oracle(node) -> canonical client qualname | None`` for the ``ast`` nodes of the module
    that ``module`` (astroid) was built from. Answers are memoised per node."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._index: dict[tuple, Any] | None = None
        self._memo: dict[int, tuple[ast.AST, str | None]] = {}

    def __call__(self, node: ast.AST) -> str | None:
        memo = self._memo.get(id(node))
        if memo is not None and memo[0] is node:
            return memo[1]
        answer = self._answer(node)
        self._memo[id(node)] = (node, answer)
        return answer

    def _answer(self, node: ast.AST) -> str | None:
        if type(node).__name__ not in _ASKED:
            return None
        target = self._find(node)
        if target is None or _not_worth_asking(target):
            return None
        return infer_client(target)

    def _find(self, node: ast.AST) -> Any:
        if self._index is None:
            self._index = self._build_index()
        return self._index.get(_key(node, type(node).__name__))

    def _build_index(self) -> dict[tuple, Any]:
        from astroid import nodes

        wanted = tuple(getattr(nodes, name) for name in _ASKED)
        index: dict[tuple, Any] = {}
        try:
            for anode in self.module.nodes_of_class(wanted):
                index.setdefault(_key(anode, type(anode).__name__), anode)
        except RecursionError:
            pass
        return index


def _not_worth_asking(anode: Any) -> bool:
    """Whether the expression starts from something that is never a client or that astroid
    cannot know better than the engine: a builtin, a standard-library import (``os.environ``,
    ``asyncio.run(...)``; also costly to build), a loop or comprehension variable, or a
    parameter other than ``self``/``cls`` (astroid has no call site either)."""
    from astroid import nodes

    root = anode
    for _ in range(64):
        if isinstance(root, nodes.Attribute):
            root = root.expr
        elif isinstance(root, nodes.Call):
            root = root.func
        elif isinstance(root, nodes.Subscript):
            root = root.value
        elif isinstance(root, nodes.Await):
            root = root.value
        else:
            break
    if not isinstance(root, nodes.Name):
        return False
    try:
        scope, assignments = root.lookup(root.name)
    except Exception:  # noqa: BLE001 - astroid on arbitrary code
        return False
    if scope.root().name == "builtins":
        return True
    return bool(assignments) and all(_dead_end(a, root.name) for a in assignments)


def _dead_end(assignment: Any, name: str) -> bool:
    from astroid import nodes

    if isinstance(assignment, nodes.Import):
        modules = [m for m, alias in assignment.names if (alias or m.split(".")[0]) == name]
        return all(m.split(".")[0] in _STDLIB for m in modules)
    if isinstance(assignment, nodes.ImportFrom):
        return not assignment.level and assignment.modname.split(".")[0] in _STDLIB
    if isinstance(assignment, nodes.AssignName):
        parent = assignment.parent
        while isinstance(parent, (nodes.Tuple, nodes.List, nodes.Starred)):
            parent = parent.parent
        if isinstance(parent, nodes.Arguments):
            return not _is_self(assignment, parent)
        return isinstance(parent, (nodes.For, nodes.Comprehension))
    return False


def _is_self(param: Any, arguments: Any) -> bool:
    """``self``/``cls`` of a method: astroid knows the instance (and its attributes)."""
    from astroid import nodes

    function = arguments.parent
    if not isinstance(function, nodes.FunctionDef) or not function.is_method():
        return False
    positional = list(arguments.posonlyargs or ()) + list(arguments.args or ())
    return bool(positional) and positional[0] is param


_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"builtins", "typing", "typing_extensions"}


def _key(node: Any, kind: str) -> tuple:
    return (kind, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def infer_client(anode: Any) -> str | None:
    """The canonical qualname of the known client class ``anode`` is an instance of, if astroid
    can tell; ``None`` when it cannot (or infers something else)."""
    from astroid import bases, util

    try:
        values = list(itertools.islice(anode.infer(), MAX_VALUES))
    except Exception:  # noqa: BLE001 - astroid on arbitrary code: a crash there means "unknown"
        return None
    for value in values:
        if value is util.Uninferable or not isinstance(value, bases.Instance):
            continue
        found = _known_class(value)
        if found:
            return found
    return None


def _known_class(instance: Any) -> str | None:
    try:
        cls = instance._proxied
        classes = itertools.chain([cls], itertools.islice(cls.ancestors(), MAX_ANCESTORS))
        for klass in classes:
            name = canonical(klass.qname())
            if name in KNOWN_CLASSES:
                return name
    except Exception:  # noqa: BLE001 - broken class hierarchies in user code
        return None
    return None
