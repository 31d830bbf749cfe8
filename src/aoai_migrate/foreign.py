"""Clients built in another module of the project, as the module that uses them sees them.

When a value crosses from one module to another (``from .clients import chat``, a factory's
``return``, ``self.client`` set by a base class elsewhere), the call that built it belongs to the
other module's source: its positions and names mean nothing here. :func:`carry` turns such a
constructor call into a stand-in :class:`ast.Call` without positions whose arguments are

- literals (``model="gpt-4o"``, ``temperature=0``, ``{"top_k": 5}``): copies of the other
  module's nodes without positions (their text is the exact source text), valid anywhere;
- anything else: a :class:`Carried` node, which infers to what the expression is in its own
  module (``credential=AzureKeyCredential(key)`` is still a key credential), and whose text
  may be used here only when every name in it means the same here (:meth:`Carried.portable`:
  ``model=DEPLOYMENT`` where both modules import ``DEPLOYMENT`` from ``settings``).

So the rules read a client's defaults, endpoint and credential through the same code whether
it was built in the module or elsewhere, and never splice text that would not mean the same
where the snippet goes (:func:`here`). Stand-ins are built lazily, once per constructor call.
"""

from __future__ import annotations

import ast
import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .semantics import Scope, Semantics

#: node types a literal argument is made of (copied as is: it means the same in any module)
_LITERAL_NODES = (
    ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp, ast.USub, ast.UAdd,
    ast.Load, ast.Not,
)
_POSITIONS = ("lineno", "col_offset", "end_lineno", "end_col_offset")


class Carried(ast.expr):
    """An argument of a call written in another module (:func:`carry`)."""

    _fields = ()

    def __init__(self, expr: ast.expr, sem: "Semantics", scope: "Scope") -> None:
        super().__init__()
        self.expr = expr
        self.sem = sem
        self.scope = scope
        self._values: Any = None
        self._portable: dict[int, tuple[Any, bool]] = {}

    def values(self):
        """What the expression is, inferred in its own module."""
        if self._values is None:
            from .semantics import imported

            self._values = imported(self.sem.infer(self.expr, self.scope), self.sem)
        return self._values

    @property
    def source_text(self) -> str:
        """The expression's text in its own module (valid here only when :meth:`portable`)."""
        return segment_in(self.sem, self.expr)

    def portable(self, sem: "Semantics", scope: "Scope") -> bool:
        """Whether the expression's text means the same in ``scope`` of ``sem``: each name it
        uses is a builtin in both modules, or resolves to the same things in both."""
        hit = self._portable.get(id(scope))
        if hit is not None and hit[0] is scope:
            return hit[1]
        answer = _same_names(self, sem, scope)
        self._portable[id(scope)] = (scope, answer)
        return answer


def segment_in(sem: "Semantics", node: ast.AST) -> str:
    """The exact text of ``node`` in the module ``sem`` analyses (``ast.unparse`` when the
    module's text is not at hand)."""
    source = getattr(sem, "source", None)
    if source is not None and hasattr(node, "lineno"):
        return source.segment(node)
    return ast.unparse(node)


def _same_names(carried: Carried, sem: "Semantics", scope: "Scope") -> bool:
    from .semantics import imported

    names = {n.id for n in ast.walk(carried.expr) if isinstance(n, ast.Name)}
    for name in sorted(names):
        there = carried.sem.lookup(name, carried.scope)
        here = sem.lookup(name, scope)
        if not there and not here:
            continue  # a builtin (or a global neither module binds)
        if not there or not here:
            return False
        if any(kind == "self" for kind, _, _ in there):
            # ``self`` of a method of the class that built the client: the same object where
            # ``self`` is an instance of that class or of a subclass (``self.model_name`` set by
            # a base class of another module is inherited)
            if len(there) == 1 and len(here) == 1 and here[0][0] == "self" and _inherits(here[0][1], there[0][1]):
                continue
            return False
        theirs = sketch(imported(carried.sem._binding_values(there), carried.sem))
        ours = sketch(sem._binding_values(here))
        if not theirs or theirs != ours:
            return False
    return True


def _inherits(cls: "Scope", base: "Scope", depth: int = 0) -> bool:
    """Whether class ``cls`` is ``base`` or derives from it (through classes of this or other
    modules of the project)."""
    if cls is base:
        return True
    if depth > 10 or not isinstance(cls.node, ast.ClassDef):
        return False
    sem = cls.sem
    parent = cls.parent or sem.module
    for expr in cls.node.bases:
        for value in sem.infer(expr, parent):
            if value.kind == "class" and value.node is not None and _inherits(value.node, base, depth + 1):
                return True
    return False


def sketch(values, depth: int = 0) -> frozenset:
    """What values are, without the nodes that tie them to one module's source (a class or
    function keeps its scope: the same definition seen from two modules)."""
    from .semantics import Scope

    if depth > 6:
        return frozenset()
    out = set()
    for value in values:
        node = value.node if isinstance(value.node, Scope) else None
        owner = sketch((value.owner,), depth + 1) if value.owner is not None else None
        out.add((value.kind, value.name, id(node) if node is not None else None, owner))
    return frozenset(out)


def carry(call: ast.Call, sem: "Semantics") -> ast.Call:
    """The stand-in of ``call`` (a constructor written in module ``sem``) for other modules;
    one per call."""
    if getattr(call, "carried_from", None) is not None:
        return call  # already a stand-in (a value crossing a second module)
    cache = sem.__dict__.setdefault("_carried", {})
    hit = cache.get(id(call))
    if hit is not None and hit[0] is call:
        return hit[1]
    from .locate import scope_containing

    scope = scope_containing(sem, call, sem.__dict__.setdefault("_carried_scopes", {}))
    args: list[ast.expr] = []
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            args.append(ast.Starred(value=_argument(arg.value, sem, scope), ctx=ast.Load()))
        else:
            args.append(_argument(arg, sem, scope))
    keywords = [ast.keyword(arg=kw.arg, value=_argument(kw.value, sem, scope)) for kw in call.keywords]
    stand_in = ast.Call(func=Carried(call.func, sem, scope), args=args, keywords=keywords)
    #: (module name, line, column) of the call it stands for: a stable sort key
    stand_in.carried_from = (sem.module_name, call.lineno, call.col_offset)
    cache[id(call)] = (call, stand_in)
    return stand_in


def _argument(expr: ast.expr, sem: "Semantics", scope: "Scope") -> ast.expr:
    if all(isinstance(node, _LITERAL_NODES) for node in ast.walk(expr)):
        literal = copy.deepcopy(expr)
        for original, node in zip(ast.walk(expr), ast.walk(literal)):  # the same order
            if hasattr(original, "lineno"):
                node.source_text = segment_in(sem, original)  # each part keeps its exact text
            for attr in _POSITIONS:
                if hasattr(node, attr):
                    delattr(node, attr)
        return literal
    return Carried(expr, sem, scope)


def written_here(call: object) -> "ast.Call | None":
    """``call`` when it is a call of the module being analysed (not another module's stand-in):
    for code that splices the constructor's whole text into a snippet."""
    if isinstance(call, ast.Call) and getattr(call, "carried_from", None) is None:
        return call
    return None


def here(expr: ast.expr, sem: "Semantics", scope: "Scope") -> ast.expr | None:
    """An argument of a stand-in as it may be written at ``scope`` of ``sem``: itself when its
    text means the same there, else the one string it holds as a literal (``DEPLOYMENT`` that
    module imports and this one does not: ``"gpt-4o"``), else ``None``. Any other expression
    is returned as is."""
    if not isinstance(expr, Carried):
        return expr
    if expr.portable(sem, scope):
        return expr
    values = list(expr.values())
    if len(values) == 1 and values[0].kind == "str":
        literal = ast.Constant(value=values[0].name)
        from .render.snippets import string

        literal.source_text = string(values[0].name)
        return literal
    return None
