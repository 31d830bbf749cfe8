"""Name resolution for one module: scopes, bindings and a small abstract interpreter.

``Semantics(tree).infer(expr, scope)`` answers "what can this expression be?" with a set of
:class:`Value`. It follows imports and aliases, attribute chains, assignments, ``self`` attributes
set in any method, parameter / return annotations (also as strings), local factories, ``with``
targets, ``await``, module constants and subclasses of known classes. It is flow-insensitive (every
binding of a name in a scope counts) and never raises on odd code: unknown means an empty set.
"""

from __future__ import annotations

import ast
from typing import Any, Callable, Iterable, NamedTuple

from . import foreign, known

FunctionNode = (ast.FunctionDef, ast.AsyncFunctionDef)

_MAX_DEPTH = 40
#: how deep element resolution follows names, calls and comprehensions
_MAX_SEQUENCE_DEPTH = 8
_SEQUENCE_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp)
#: generic types whose (first) parameter is the type of their elements
_SEQUENCE_TYPES = frozenset({
    "List", "list", "Sequence", "MutableSequence", "Iterable", "Iterator", "Collection", "Set", "set",
    "FrozenSet", "frozenset", "AbstractSet", "MutableSet", "Tuple", "tuple", "Deque", "deque",
    "Generator", "AsyncIterable", "AsyncIterator", "Reversible",
})


class Value(NamedTuple):
    """One thing an expression can be.

    kinds:
      ``qual``      an imported name (module, class or function) with its dotted qualname
      ``instance``  an instance of a known class ``name``; ``node`` is the constructing call, if any
      ``result``    the result of calling ``name`` (a function or an unmodelled member path)
      ``member``    attribute path ``name`` on the ``owner`` instance (``chat.completions.create``)
      ``str``       a string constant ``name``; ``node`` is its ``ast.Constant``
      ``class`` / ``object``  a class defined in this module / an instance of it (``node`` = Scope)
      ``function``  a function defined in this module (``node`` = Scope)
      ``partial``   ``functools.partial(C, ...)`` of a known class ``name``; ``node`` is that call
                    (calling it builds an ``instance`` of ``C``)
    """

    kind: str
    name: str
    node: Any = None
    owner: Any = None


def value_key(value: "Value | None", depth: int = 0) -> tuple:
    """A sort key for values that does not depend on hashing (kind, name, position of the
    node in its module, owner), so that every iteration over inferred values has one order."""
    if value is None or depth > 8:
        return ()
    node = value.node
    if isinstance(node, Scope):
        node = node.node
    where: tuple = ("", 0, 0)
    if isinstance(node, ast.AST):
        # a stand-in for another module's call (foreign.carry) sorts by where that call is
        where = getattr(node, "carried_from", None) or ("", getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    return (value.kind, value.name, where, value_key(value.owner, depth + 1))


class Values(frozenset):
    """The values an expression may be: a frozenset that iterates in a stable order (see
    :func:`value_key`), so that a rule taking the first of several candidates says the same
    thing under every hash seed. Set operations between ``Values`` give ``Values`` again."""

    __slots__ = ("_order",)

    def __iter__(self):
        if len(self) < 2:
            return frozenset.__iter__(self)
        try:
            order = self._order
        except AttributeError:
            order = self._order = tuple(sorted(frozenset.__iter__(self), key=value_key))
        return iter(order)

    def __or__(self, other):
        return Values(frozenset.__or__(self, other))

    __ror__ = __or__

    def __and__(self, other):
        return Values(frozenset.__and__(self, other))

    __rand__ = __and__

    def __sub__(self, other):
        return Values(frozenset.__sub__(self, other))

    def union(self, *others):
        return Values(frozenset.union(self, *others))

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Values({list(self)!r})"


_EMPTY = Values()


class Scope:
    """A module, class, function or lambda scope with its name bindings."""

    __slots__ = ("node", "kind", "parent", "bindings", "attrs", "star_imports", "returns", "name", "sem")

    def __init__(self, node: ast.AST, kind: str, parent: "Scope | None", name: str = "", sem: Any = None) -> None:
        self.node = node
        self.kind = kind
        self.parent = parent
        self.name = name
        #: the :class:`Semantics` of the module this scope belongs to
        self.sem = sem if sem is not None or parent is None else parent.sem
        #: name -> [(binding kind, payload, scope to evaluate payload in)]
        self.bindings: dict[str, list[tuple[str, Any, Scope]]] = {}
        #: for classes: instance attributes assigned through ``self.x = ...`` in methods
        self.attrs: dict[str, list[tuple[str, Any, Scope]]] = {}
        self.star_imports: list[str] = []
        #: for functions: returned expressions
        self.returns: list[ast.expr] = []

    def bind(self, name: str, kind: str, payload: Any, scope: "Scope | None" = None) -> None:
        self.bindings.setdefault(name, []).append((kind, payload, scope or self))

    def class_scope(self) -> "Scope | None":
        """For a method scope: the class it is defined in."""
        if self.kind == "function" and self.parent is not None and self.parent.kind == "class":
            return self.parent
        return None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Scope {self.kind} {self.name}>"


def _decorator_names(node: ast.AST) -> set[str]:
    names = set()
    for dec in getattr(node, "decorator_list", ()):
        if isinstance(dec, ast.Name):
            names.add(dec.id)
        elif isinstance(dec, ast.Attribute):
            names.add(dec.attr)
    return names


#: node types that are never worth a visit: expression contexts and operator singletons
_LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
#: node types :meth:`_Collector._node` records something for
_BINDERS = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Import, ast.ImportFrom,
    ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.Return,
    ast.comprehension,
)
#: the same, as a set of exact types (what :class:`_Collector` tests every node against)
_BINDER_TYPES = frozenset(_BINDERS)
#: attribute linking every visited node to its parent (see :func:`parent_of`; written as a
#: plain attribute in :meth:`_Collector._body`)
PARENT = "_aoai_parent"


#: fields that never hold a node worth visiting: expression contexts and operators (the
#: singletons ``Load()``, ``Add()``...) and plain strings, numbers and flags
_LEAF_FIELDS = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "asname", "module", "level", "is_async", "conversion",
     "kind", "type_comment", "n", "s", "name", "names"}
)
#: node type -> its fields that may hold child nodes
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}
#: fields named like a leaf field that hold nodes for these types
_NODE_NAMES = {ast.ImportFrom: ("names",), ast.Import: ("names",)}
#: node type -> its fields that may hold child nodes, last first
_REVERSED_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = tuple(f for f in cls._fields if f not in _LEAF_FIELDS) + _NODE_NAMES.get(cls, ())
        _CHILD_FIELDS[cls] = fields
    return fields


def children(node: ast.AST) -> list[ast.AST]:
    """``ast.iter_child_nodes`` without its two generator layers, and without the context
    and operator singletons (``Load()``, ``Add()``...) that no rule looks at."""
    out = []
    cls = node.__class__
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _child_fields(cls)
    AST = ast.AST
    for name in fields:
        value = getattr(node, name, None)
        if value is None:
            continue
        if value.__class__ is list:
            for item in value:
                if isinstance(item, AST):
                    out.append(item)
        elif isinstance(value, AST):
            out.append(value)
    return out


#: field declarations whose call holds no value of its own: the methods assign it (pydantic,
#: dataclasses, attrs)
FIELD_PLACEHOLDERS = frozenset({"PrivateAttr", "Field", "field", "attrib", "ib"})


def field_placeholder(node: ast.AST) -> bool:
    """``_client: ChatCompletionsClient = PrivateAttr()``: a declaration, not the value."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in FIELD_PLACEHOLDERS


def parent_of(node: ast.AST) -> ast.AST | None:
    """The parent of a node of an analysed module (``None`` for the module itself)."""
    return getattr(node, PARENT, None)


class _Collector:
    """One pass over the module recording scopes, bindings and parent links, and the nodes of
    the types the rules asked for (in source order, with the scope each is in)."""

    def __init__(self, sem: "Semantics", wanted: frozenset[type]) -> None:
        self.sem = sem
        self.wanted = wanted

    def run(self, tree: ast.Module) -> Scope:
        module = Scope(tree, "module", None, sem=self.sem)
        self.sem.scopes[id(tree)] = module
        setattr(tree, PARENT, None)
        self._body(tree, module)
        return module

    def _body(self, tree: ast.Module, scope: Scope) -> None:
        # An explicit stack instead of recursion keeps very deep trees from overflowing. This
        # loop visits every node of every analysed module, so it is written for speed:
        # :func:`children` inlined (pushed last to first, so nodes pop in source order), node
        # types tested by set membership, the parent link stored as a plain attribute.
        wanted, events, binders = self.wanted, self.sem.events, _BINDER_TYPES
        reversed_fields, AST, record = _REVERSED_CHILD_FIELDS, ast.AST, self._node
        stack: list[tuple[ast.AST, Scope, ast.AST]] = [(s, scope, tree) for s in reversed(tree.body)]
        pop, push = stack.pop, stack.append
        while stack:
            node, sc, parent = pop()
            node._aoai_parent = parent  # type: ignore[attr-defined]  # PARENT
            cls = node.__class__
            if cls in wanted:
                events.append((node, sc))
            inner = record(node, sc) if cls in binders else sc
            fields = reversed_fields.get(cls)
            if fields is None:
                fields = reversed_fields[cls] = _child_fields(cls)[::-1]
            for name in fields:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if value.__class__ is list:
                    for item in reversed(value):
                        if isinstance(item, AST):
                            push((item, inner, node))
                elif isinstance(value, AST):
                    push((value, inner, node))

    def _node(self, node: ast.AST, scope: Scope) -> Scope:
        """Record what ``node`` binds in ``scope``; return the scope its children live in."""
        if isinstance(node, FunctionNode):
            scope.bind(node.name, "def", node)
            inner = Scope(node, "function", scope, node.name)
            self.sem.scopes[id(node)] = inner
            self._params(node, inner, scope)
            return inner
        if isinstance(node, ast.Lambda):
            inner = Scope(node, "lambda", scope)
            self.sem.scopes[id(node)] = inner
            for arg in _all_args(node.args):
                inner.bind(arg.arg, "param", None)
            return inner
        if isinstance(node, ast.ClassDef):
            scope.bind(node.name, "class", node)
            inner = Scope(node, "class", scope, node.name)
            self.sem.scopes[id(node)] = inner
            return inner
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    scope.bind(alias.asname, "value", Value("qual", known.canonical(alias.name)))
                else:
                    top = alias.name.split(".", 1)[0]
                    scope.bind(top, "value", Value("qual", top))
        elif isinstance(node, ast.ImportFrom):
            module = "." * (node.level or 0) + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    scope.star_imports.append(module)
                    continue
                if not module or module.endswith("."):  # `from . import x`: the submodule `.x`
                    qual = known.canonical(module + alias.name)
                else:
                    qual = known.canonical(f"{module}.{alias.name}")
                scope.bind(alias.asname or alias.name, "value", Value("qual", qual))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._target(target, node.value, scope)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self._target(node.target, node.value, scope)
            self._target(node.target, node.annotation, scope, kind="ann")
        elif isinstance(node, ast.NamedExpr):
            self._target(node.target, node.value, _non_comprehension(scope))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._target(item.optional_vars, item.context_expr, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            # a comprehension's variable is bound in the enclosing scope (flow-insensitive)
            self._target(node.target, node.iter, scope, kind="iter")
        elif isinstance(node, ast.Return) and node.value is not None:
            fn = _enclosing_function(scope)
            if fn is not None:
                fn.returns.append(node.value)
        return scope

    def _params(self, node: ast.AST, inner: Scope, outer: Scope) -> None:
        args = _all_args(node.args)
        decorators = _decorator_names(node)
        first_kind = None
        if outer.kind == "class" and "staticmethod" not in decorators:
            first_kind = "cls" if "classmethod" in decorators or node.name == "__new__" else "self"
        for index, arg in enumerate(args):
            if index == 0 and first_kind and arg in node.args.posonlyargs + node.args.args:
                inner.bind(arg.arg, first_kind, outer)
            elif arg.annotation is not None:
                inner.bind(arg.arg, "ann", arg.annotation, outer)
            else:
                inner.bind(arg.arg, "param", None)

    def _target(self, target: ast.AST, value: ast.AST, scope: Scope, kind: str = "expr") -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, kind, value)
        elif isinstance(target, ast.Attribute):
            # self.x = value  (inside a method)
            if isinstance(target.value, ast.Name):
                owner = scope.class_scope()
                if owner is not None and _is_first_param(scope, target.value.id):
                    owner.attrs.setdefault(target.attr, []).append((kind, value, scope))
                    return
            self.sem.stores.append((target, kind, value, scope))
        elif isinstance(target, ast.Subscript):
            self.sem.stores.append((target, kind, value, scope))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for sub_target, sub_value in zip(target.elts, value.elts):
                    self._target(sub_target, sub_value, scope, kind)
            else:
                # `endpoint, credential = self._load(...)`: each name is the element of what
                # the call returns (a local function's returned tuples), else an open value
                starred = any(isinstance(t, ast.Starred) for t in target.elts)
                for index, sub_target in enumerate(target.elts):
                    if isinstance(sub_target, ast.Starred):
                        sub_target = sub_target.value
                    if isinstance(sub_target, ast.Name):
                        if kind == "expr" and not starred and isinstance(value, ast.Call):
                            scope.bind(sub_target.id, "unpack", (value, index, len(target.elts)))
                        else:
                            scope.bind(sub_target.id, "param", None)


def _with_declared(values: set[Value], declared: set[Value]) -> set[Value]:
    """``values`` plus what annotations declare, except the bare instances (no constructing
    call) of a class the assigned values already construct: ``client: ChatCompletionsClient =
    ChatCompletionsClient(model="m")`` or a class body's ``_client: ChatCompletionsClient``
    next to ``self._client = ChatCompletionsClient(...)`` in a method declare the type of that
    construction, not another client built elsewhere (whose defaults would be unknown)."""
    if not declared:
        return values
    built = {v.name for v in values if v.kind == "instance" and v.node is not None}
    return values | {v for v in declared if not (v.kind == "instance" and v.node is None and v.name in built)}


def _all_args(args: ast.arguments) -> list[ast.arg]:
    out = list(args.posonlyargs) + list(args.args)
    if args.vararg:
        out.append(args.vararg)
    out.extend(args.kwonlyargs)
    if args.kwarg:
        out.append(args.kwarg)
    return out


def _is_first_param(scope: Scope, name: str) -> bool:
    node = scope.node
    if not isinstance(node, FunctionNode):
        return False
    positional = node.args.posonlyargs + node.args.args
    return bool(positional) and positional[0].arg == name


def _enclosing_function(scope: Scope) -> Scope | None:
    while scope is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
    return scope if scope is not None and scope.kind == "function" else None


def _non_comprehension(scope: Scope) -> Scope:
    return scope


def is_stream_call(call: ast.Call) -> bool:
    """``stream=<anything but a False literal>`` in the call's keywords."""
    for kw in call.keywords:
        if kw.arg == "stream":
            return not (isinstance(kw.value, ast.Constant) and not kw.value.value)
    return False


class Semantics:
    """The resolved view of one module."""

    def __init__(
        self,
        tree: ast.Module,
        wanted: Iterable[type] = (),
        *,
        project: Any = None,
        module: str = "",
        is_package: bool = False,
        root: str | None = None,
    ) -> None:
        self.tree = tree
        #: the :class:`~aoai_migrate.project.ProjectIndex` imports of project modules resolve
        #: through, this module's dotted name in it (for relative imports) and its import root
        self.project = project
        self.module_name = module
        self.is_package = is_package
        self.root = root
        self._project_memo: dict[str, Values | None] = {}
        #: the module's :class:`~aoai_migrate.source.Source` when another module may need its
        #: text (set by the project index: the literal arguments of a client built here)
        self.source: Any = None
        self.scopes: dict[int, Scope] = {}
        #: (node, scope) of every node whose type is in ``wanted``, in source order
        self.events: list[tuple[ast.AST, Scope]] = []
        #: ``(target, kind, value, scope)`` of assignments to attributes and items of objects
        #: other than ``self`` (``app.state.chat = ...``, ``CLIENTS["chat"] = ...``)
        self.stores: list[tuple[ast.AST, str, Any, Scope]] = []
        self._store_index: dict[tuple, list[tuple[tuple, str, Any, Scope]]] | None = None
        self._app_state_index: dict[tuple, list[tuple[str, Any, Scope]]] | None = None
        self.module = _Collector(self, frozenset(wanted)).run(tree)
        # values keep the node alive so that its id() cannot be reused by a temporary node
        self._memo: dict[tuple[int, int], tuple[ast.AST, frozenset[Value]]] = {}
        self._active: set[tuple[int, int]] = set()
        #: type aliases being resolved (``A = Union["A", B]`` must not loop)
        self._aliases_open: set[int] = set()
        self._depth = 0

    # -- public API ---------------------------------------------------------------------------
    def scope_of(self, node: ast.AST) -> Scope | None:
        """The scope a function, lambda or class node opens."""
        return self.scopes.get(id(node))

    def infer(self, node: ast.AST | None, scope: Scope) -> Values:
        if node is None:
            return _EMPTY
        if scope.sem is not self and scope.sem is not None:
            return imported(scope.sem.infer(node, scope), scope.sem)
        key = (id(node), id(scope))
        memo = self._memo.get(key)
        if memo is not None:
            return memo[1]
        if key in self._active or self._depth > _MAX_DEPTH:
            return _EMPTY
        self._active.add(key)
        self._depth += 1
        try:
            result = Values(self._infer(node, scope))
        except RecursionError:
            result = _EMPTY
        finally:
            self._depth -= 1
            self._active.discard(key)
        self._memo[key] = (node, result)
        return result

    def qualnames(self, node: ast.AST, scope: Scope) -> set[str]:
        """Dotted names ``node`` may refer to (imported names only)."""
        return {v.name for v in self.infer(node, scope) if v.kind == "qual"}

    def lookup(self, name: str, scope: Scope) -> list[tuple[str, Any, Scope]]:
        """The bindings ``name`` resolves to from ``scope`` (LEGB, class scopes skipped)."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind != "class" or first:
                found = current.bindings.get(name)
                if found:
                    return found
                for module in current.star_imports:
                    exports = known.STAR_EXPORTS.get(module)
                    if exports and name in exports:
                        return [("value", Value("qual", f"{module}.{name}"), current)]
                    if self.project is not None and self._project_values(f"{module}.{name}"):
                        return [("value", Value("qual", f"{module}.{name}"), current)]
            first = False
            current = current.parent
        return []

    # -- inference ----------------------------------------------------------------------------
    def _infer(self, node: ast.AST, scope: Scope) -> Iterable[Value]:
        if isinstance(node, ast.Name):
            return self._binding_values(self.lookup(node.id, scope))
        if isinstance(node, ast.Attribute):
            out: set[Value] = self._stored(node, scope) if self.stores else set()
            for base in self.infer(node.value, scope):
                out.update(self._attribute(base, node.attr))
            return out
        if isinstance(node, ast.Subscript):
            return self._item(node.value, _subscript_key(node), scope)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and node.args:
                key = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
                items = self._item(func.value, key if isinstance(key, str) else None, scope)
                if items:
                    return items
            out = set()
            for value in self.infer(func, scope):
                out.update(self._call(value, node, scope))
            return out
        if isinstance(node, ast.Await):
            return self.infer(node.value, scope)
        if isinstance(node, foreign.Carried):
            return node.values()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return {Value("str", node.value, node)}
            return ()
        if isinstance(node, ast.BoolOp):
            out = set()
            for operand in node.values:
                out.update(self.infer(operand, scope))
            return out
        if isinstance(node, ast.IfExp):
            return self.infer(node.body, scope) | self.infer(node.orelse, scope)
        if isinstance(node, ast.NamedExpr):
            return self.infer(node.value, scope)
        return ()

    def _binding_values(self, bindings: list[tuple[str, Any, Scope]]) -> set[Value]:
        return _with_declared(*self._split_values(bindings))

    def _split_values(self, bindings: list[tuple[str, Any, Scope]]) -> tuple[set[Value], set[Value]]:
        """``(values, declared)``: what the bindings may hold, and apart from it what the
        annotations of annotated assignments (``x: T = ...``, ``self.x: T``, a class body's
        ``x: T``) declare (see :func:`_with_declared`)."""
        out: set[Value] = set()
        declared: set[Value] = set()
        for kind, payload, where in bindings:
            if where.sem is not self and where.sem is not None:
                out.update(imported(where.sem._binding_values([(kind, payload, where)]), where.sem))
            elif kind == "value":
                if self.project is not None and payload.kind == "qual":
                    found = self._project_values(payload.name)
                    if found is not None:
                        out.update(found)
                        continue
                out.add(payload)
            elif kind == "expr":
                out.update(self.infer(payload, where))
            elif kind == "ann":
                into = declared if isinstance(parent_of(payload), ast.AnnAssign) else out
                into.update(self.annotation(payload, where))
            elif kind == "def":
                out.add(Value("function", payload.name, self.scopes.get(id(payload))))
            elif kind == "class":
                out.update(self._class_value(payload))
            elif kind == "self":
                out.update(self._instances_of_class(payload))
            elif kind == "cls":
                out.update(self._class_value(payload.node))
            elif kind == "iter":
                out.update(self._elements(payload, where))
            elif kind == "unpack":
                out.update(self._unpacked(payload, where))
        return out, declared

    def _unpacked(self, payload: tuple[ast.Call, int, int], scope: Scope) -> set[Value]:
        """Element ``index`` of what ``call`` returns, where it calls a function of this module
        (or of the project) whose ``return`` statements give tuples of ``count`` elements."""
        call, index, count = payload
        out: set[Value] = set()
        for func in self.infer(call.func, scope):
            if func.kind == "function" and isinstance(func.node, Scope):
                out |= self._returned_element(func.node, index, count)
        return out

    def _returned_element(self, fn_scope: Scope, index: int, count: int) -> set[Value]:
        if fn_scope.sem is not self and fn_scope.sem is not None:
            return imported(fn_scope.sem._returned_element(fn_scope, index, count), fn_scope.sem)
        out: set[Value] = set()
        for expr in fn_scope.returns:
            if isinstance(expr, ast.Tuple) and len(expr.elts) == count and not any(
                isinstance(e, ast.Starred) for e in expr.elts
            ):
                out |= self.infer(expr.elts[index], fn_scope)
        return out

    def returned_elements(self, payload: tuple[ast.Call, int, int], scope: Scope) -> list[tuple[ast.expr, Scope]] | None:
        """For an ``unpack`` binding: element ``index`` of each tuple the called function of this
        module returns, with the function's scope; ``None`` when the call is not to one."""
        call, index, count = payload
        found: list[tuple[ast.expr, Scope]] | None = None
        for func in self.infer(call.func, scope):
            if func.kind == "function" and isinstance(func.node, Scope) and func.node.sem in (self, None):
                found = found or []
                for expr in func.node.returns:
                    if isinstance(expr, ast.Tuple) and len(expr.elts) == count and not any(
                        isinstance(e, ast.Starred) for e in expr.elts
                    ):
                        found.append((expr.elts[index], func.node))
        return found

    def _elements(self, iterable: ast.AST, scope: Scope, depth: int = 0) -> set[Value]:
        """What a ``for`` loop over ``iterable`` binds: elements of a list / tuple / set literal
        (also through a name), values of ``<dict>.values()``, what a comprehension yields (a
        flattening one too), the elements of what a function of the module returns (its list
        literals and comprehensions, else its ``List[X]`` / ``Sequence[X]`` return annotation),
        of a parameter or variable annotated so, of a loop variable over a list of lists."""
        if depth > _MAX_SEQUENCE_DEPTH:
            return set()
        if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
            out: set[Value] = set()
            for elt in iterable.elts:
                if not isinstance(elt, ast.Starred):
                    out |= self.infer(elt, scope)
            return out
        if isinstance(iterable, _SEQUENCE_COMPREHENSIONS):
            return set(self.infer(iterable.elt, scope))
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) and not iterable.args:
            if iterable.func.attr == "values":
                return self._item(iterable.func.value, None, scope)
            return set()
        if isinstance(iterable, ast.Call):
            return self._returned_sequence(iterable, scope, depth, self._elements)
        if isinstance(iterable, (ast.Name, ast.Attribute)):
            return self._item(iterable, None, scope, sequences_only=True, depth=depth)
        return set()

    def binding_elements(self, kind: str, payload: Any, where: Scope, depth: int = 0) -> set[Value]:
        """The elements of the value one binding of a name gives it: an assigned sequence (a
        call, a comprehension, a name), a sequence annotation, a loop variable over a list of
        lists (``for sublist in nested``)."""
        if kind == "expr":
            return self._elements(payload, where, depth)
        if kind == "ann":
            return self._annotated_elements(payload, where)
        if kind == "iter":
            return self._nested_elements(payload, where, depth)
        return set()

    def _nested_elements(self, iterable: ast.AST, scope: Scope, depth: int) -> set[Value]:
        """The elements of each element of ``iterable`` (``for sublist in nested: for item in
        sublist``): of the lists a literal, a comprehension or a function of the module holds."""
        if depth > _MAX_SEQUENCE_DEPTH:
            return set()
        out: set[Value] = set()
        if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
            for elt in iterable.elts:
                if not isinstance(elt, ast.Starred):
                    out |= self._elements(elt, scope, depth + 1)
        elif isinstance(iterable, _SEQUENCE_COMPREHENSIONS):
            out |= self._elements(iterable.elt, scope, depth + 1)
        elif isinstance(iterable, ast.Call):
            out |= self._returned_sequence(iterable, scope, depth, self._nested_elements)
        elif isinstance(iterable, ast.Name):
            for kind, payload, where in self.lookup(iterable.id, scope):
                if kind == "expr":
                    out |= self._nested_elements(payload, where, depth + 1)
                elif kind == "ann":
                    inner = _sequence_element(payload)
                    if inner is not None:
                        out |= self._annotated_elements(inner, where)
        return out

    def _returned_sequence(self, call: ast.Call, scope: Scope, depth: int, of: Callable) -> set[Value]:
        """``of`` (elements, or nested elements) of what ``call`` returns, where it calls a
        function of this module: of its returned expressions, and what its return annotation
        declares (dropped where the returns build that class, as for an annotated assignment)."""
        out: set[Value] = set()
        declared: set[Value] = set()
        for func in self.infer(call.func, scope):
            fn_scope = func.node if func.kind == "function" else None
            if not isinstance(fn_scope, Scope) or fn_scope.sem not in (self, None):
                continue
            for expr in fn_scope.returns:
                out |= of(expr, fn_scope, depth + 1)
            node = fn_scope.node
            if isinstance(node, FunctionNode) and node.returns is not None and of is self._elements:
                declared |= self._annotated_elements(node.returns, fn_scope.parent or self.module)
        return _with_declared(out, declared)

    def _annotated_elements(self, annotation: ast.AST, scope: Scope) -> set[Value]:
        """Instances the elements of a sequence annotation describe: ``X`` of ``List[X]``,
        ``Sequence[X]``, ``list[X]``, ``Optional[List[X]]``, through type aliases."""
        target, where = self._alias_of(annotation, scope)
        inner = _sequence_element(target)
        return self.annotation(inner, where) if inner is not None else set()

    def _alias_of(self, node: ast.AST, scope: Scope) -> tuple[ast.AST, Scope]:
        """A name bound only to a typing construct (``Msg = Union[A, B]``, ``Msgs = List[Msg]``)
        stands for it; anything else for itself."""
        if isinstance(node, ast.Name):
            bindings = self.lookup(node.id, scope)
            exprs = [(p, w) for kind, p, w in bindings if kind == "expr"]
            if len(exprs) == 1 and all(kind in ("expr", "ann") for kind, _p, _w in bindings) and isinstance(
                exprs[0][0], (ast.Subscript, ast.BinOp)
            ):
                return exprs[0]
        return node, scope

    def _class_value(self, classdef: ast.ClassDef) -> set[Value]:
        """A local class is itself; a subclass of a known class also stands for that class."""
        cls_scope = self.scopes.get(id(classdef))
        out: set[Value] = {Value("class", classdef.name, cls_scope)}
        parent = cls_scope.parent if cls_scope else self.module
        for base in classdef.bases:
            for value in self.infer(base, parent):
                if value.kind == "qual" and _looks_like_class(value.name):
                    out.add(value)
        return out

    def _instances_of_class(self, cls_scope: Scope) -> set[Value]:
        if cls_scope.sem is not self and cls_scope.sem is not None:
            return imported(cls_scope.sem._instances_of_class(cls_scope), cls_scope.sem)
        out: set[Value] = set()
        for value in self._class_value(cls_scope.node):
            if value.kind == "qual":
                out.add(Value("instance", value.name, None))
            else:
                out.add(Value("object", value.name, cls_scope))
        return out

    def annotation(self, node: ast.AST, scope: Scope) -> set[Value]:
        """Instances an annotation describes: ``X``, ``"X"``, ``Optional[X]``, ``X | None``..."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value.strip(), mode="eval").body
            except (SyntaxError, ValueError):
                return set()
            return self.annotation(parsed, scope)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.annotation(node.left, scope) | self.annotation(node.right, scope)
        if isinstance(node, ast.Name):
            target, where = self._alias_of(node, scope)
            if target is not node and id(target) not in self._aliases_open:
                self._aliases_open.add(id(target))
                try:
                    return self.annotation(target, where)
                finally:
                    self._aliases_open.discard(id(target))
        if isinstance(node, ast.Subscript):
            names = self.qualnames(node.value, scope)
            if names & {"typing.Optional", "typing.Union", "typing_extensions.Optional"} or (
                isinstance(node.value, ast.Name) and node.value.id in ("Optional", "Union")
            ):
                inner = node.slice
                elts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
                out: set[Value] = set()
                for elt in elts:
                    out |= self.annotation(elt, scope)
                return out
            if names & {"typing.Annotated", "typing_extensions.Annotated"}:
                inner = node.slice
                first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
                return self.annotation(first, scope)
            if names and not any(n.startswith(("typing.", "typing_extensions.", "collections.")) for n in names):
                return self.annotation(node.value, scope)  # a generic class: `Stream[ChatCompletionChunk]`
            return set()
        out = set()
        for value in self.infer(node, scope):
            if value.kind == "qual" and _looks_like_class(value.name):
                out.add(Value("instance", value.name, None))
            elif value.kind == "class":
                out.update(self._instances_of_class(value.node))
        return out

    def _attribute(self, base: Value, attr: str) -> Iterable[Value]:
        kind = base.kind
        if kind == "qual":
            if base.name == "openai" and attr in known.OPENAI_RESOURCES:
                return (Value("member", attr, None, Value("instance", known.MODULE_CLIENT)),)
            if self.project is not None:
                found = self._project_values(f"{base.name}.{attr}")
                if found is not None:
                    return found
            return (Value("qual", known.canonical(f"{base.name}.{attr}")),)
        if kind in ("instance", "result"):
            return (Value("member", attr, None, base),)
        if kind == "member":
            return (Value("member", f"{base.name}.{attr}", None, base.owner),)
        if kind == "object":
            return self._object_attribute(base.node, attr)
        if kind == "class" and base.node is not None:
            return self._binding_values(base.node.bindings.get(attr, []))
        return ()

    def _object_attribute(self, cls_scope: Scope, attr: str) -> set[Value]:
        if cls_scope.sem is not self and cls_scope.sem is not None:
            return imported(cls_scope.sem._object_attribute(cls_scope, attr), cls_scope.sem)
        out: set[Value] = set()
        declared: set[Value] = set()
        seen = 0
        current = cls_scope
        # own class first, then local base classes
        while current is not None and seen < 10:
            seen += 1
            if current.sem is not self and current.sem is not None:  # a base class of another module
                out |= imported(current.sem._object_attribute(current, attr), current.sem)
                break
            values, declarations = self._split_values(current.attrs.get(attr, []))
            out |= values
            declared |= declarations
            for kind, payload, where in current.bindings.get(attr, []):
                if kind == "def":
                    fn_scope = self.scopes.get(id(payload))
                    if "property" in _decorator_names(payload) and fn_scope is not None:
                        out |= self._returns(fn_scope)
                    else:
                        out.add(Value("function", payload.name, fn_scope))
                else:
                    values, declarations = self._split_values([(kind, payload, where)])
                    out |= values
                    declared |= declarations
            if out or declared:
                break
            current = self._local_base(current)
        return _with_declared(out, declared)

    def _local_base(self, cls_scope: Scope) -> Scope | None:
        for base in cls_scope.node.bases:
            for value in self.infer(base, cls_scope.parent or self.module):
                if value.kind == "class":
                    return value.node
        return None

    def forwarded(
        self, value: Value, keyword: str, targets: frozenset[str]
    ) -> dict[str, tuple[int | None, str, bool]]:
        """For a wrapper (a function, or a class through its ``__init__``) defined in this or
        another module: the parameters it passes on as ``keyword=<parameter>`` to a constructor
        or function in ``targets`` (canonical qualnames), as ``name -> (position or None,
        target, has a default)``. ``def make(version): return AzureOpenAI(...,
        api_version=version)`` gives ``{"version": (0, "openai.AzureOpenAI", False)}``.
        Memoised per wrapper."""
        scope = value.node
        if not isinstance(scope, Scope):
            return {}
        if value.kind in ("class", "object"):
            init = [p for kind, p, _ in scope.bindings.get("__init__", []) if kind == "def"]
            if not init:
                return {}
            scope = (scope.sem or self).scopes.get(id(init[-1]))
            if scope is None:
                return {}
        elif value.kind != "function":
            return {}
        sem = scope.sem or self
        key = ("forwarded", id(scope), keyword, targets)
        cached = sem._memo.get(key)  # type: ignore[arg-type]
        if cached is not None:
            return cached[1]
        found: dict[str, tuple[int | None, str, bool]] = {}
        fn = scope.node
        if isinstance(fn, FunctionNode):
            args = fn.args
            positional = [a.arg for a in args.posonlyargs + args.args]
            defaulted = set(positional[len(positional) - len(args.defaults):] if args.defaults else ())
            defaulted |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None}
            if value.kind in ("class", "object") and positional:
                positional = positional[1:]  # self
            params = set(positional) | {a.arg for a in fn.args.kwonlyargs}
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                for kw in node.keywords:
                    if kw.arg == keyword and isinstance(kw.value, ast.Name) and kw.value.id in params:
                        quals = {v.name for v in sem.infer(node.func, scope) if v.kind == "qual"} & targets
                        if quals:
                            position = positional.index(kw.value.id) if kw.value.id in positional else None
                            found[kw.value.id] = (position, min(quals), kw.value.id in defaulted)
        sem._memo[key] = (scope, found)  # type: ignore[index]
        return found

    # -- the project ----------------------------------------------------------------------------
    def _absolute(self, qual: str) -> str:
        """A relative import's dotted name made absolute against this module's package."""
        if not qual.startswith("."):
            return qual
        from .project import _absolute

        return _absolute(qual, self.module_name, self.is_package)

    def _project_values(self, qual: str) -> "Values | None":
        """What ``qual`` (an imported dotted name) is in the project, or ``None`` when it does
        not name something a project module defines (then the name stays a ``qual``)."""
        memo = self._project_memo
        if qual in memo:
            return memo[qual]
        memo[qual] = None  # while resolving: a cycle through this name sees nothing
        found = self._resolve_project(qual)
        if self.project.resolving:  # inside another resolution, which a cycle may have cut short
            del memo[qual]
        else:
            memo[qual] = found
        return found

    def _resolve_project(self, qual: str) -> "Values | None":
        project = self.project
        name = self._absolute(qual)
        if not name or name.split(".", 1)[0] in _SDK_ROOTS:
            return None
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module in project.modules:
                break
        else:
            return None
        rest = parts[cut:]
        if not rest:
            return Values((Value("qual", module),))
        key = (module, rest[0], self.root)
        exports = project.exports
        if key in exports:
            found = exports[key]
        else:
            resolving = project.resolving
            if key in resolving or len(resolving) > _MAX_MODULE_HOPS:
                return None
            sem = project.semantics(module, self.root, rest[0])
            if sem is None:
                exports[key] = None
                return None
            resolving.add(key)
            try:
                found = imported(sem.export(rest[0]), sem) or None
            finally:
                resolving.discard(key)
            if not resolving:  # a value seen while a cycle was cut short may be incomplete
                exports[key] = found
        if not found:
            return None
        values: set[Value] = set(found)
        for attr in rest[1:]:
            values = {out for value in values for out in self._attribute(value, attr)}
        return Values(values)

    def export(self, name: str) -> set[Value]:
        """What the module-level name ``name`` of this module is (for other modules)."""
        bindings = self.lookup(name, self.module)
        if not bindings and self.project is not None:
            sub = self._project_values(f"{self.module_name}.{name}") if self.is_package else None
            return set(sub or ())
        return self._binding_values(bindings)

    def _returns(self, fn_scope: Scope) -> set[Value]:
        if fn_scope.sem is not self and fn_scope.sem is not None:
            return imported(fn_scope.sem._returns(fn_scope), fn_scope.sem)
        out: set[Value] = set()
        for expr in fn_scope.returns:
            out |= self.infer(expr, fn_scope)
        node = fn_scope.node
        if not out and isinstance(node, FunctionNode) and node.returns is not None:
            out |= self.annotation(node.returns, fn_scope.parent or self.module)
        return out

    def _call(self, func: Value, call: ast.Call, scope: Scope) -> Iterable[Value]:
        kind = func.kind
        if kind == "qual":
            name = func.name
            if name == "functools.partial" and call.args:
                return [
                    Value("partial", v.name, call)
                    for v in self.infer(call.args[0], scope)
                    if v.kind == "qual" and _looks_like_class(v.name)
                ]
            factory = _FACTORIES.get(name)
            if factory is not None:
                return (factory(call),)
            if _looks_like_class(name):
                return (Value("instance", name, call),)
            return (Value("result", name, call),)
        if kind == "member":
            return (member_call_result(func, call),)
        if kind == "class":
            return self._instances_of_class(func.node) if func.node is not None else ()
        if kind == "function" and func.node is not None:
            return self._returns(func.node)
        if kind == "partial":
            return (Value("instance", func.name, call),)
        return ()

    # -- containers and objects other than ``self`` ---------------------------------------------
    def _root_key(self, name: str, scope: Scope) -> Any:
        """What a name refers to, as a hashable key shared by every place that sees the same
        binding (``self`` of one class counts as one)."""
        bindings = self.lookup(name, scope)
        if not bindings:
            return ("global", name)
        if all(kind == "value" for kind, _, _ in bindings):
            # an imported object (flask's ``g``, a settings module) is the same everywhere; the
            # process environment is not modelled (``os.environ[...] = ...``)
            quals = frozenset(getattr(payload, "name", "") for _, payload, _ in bindings)
            if any(q == "os" or q.startswith("os.") for q in quals):
                return None
            return ("import", quals)
        if len(bindings) == 1 and bindings[0][0] == "self":
            return ("self", id(bindings[0][1]))
        return ("bindings", id(bindings))

    def _stored(self, node: ast.AST, scope: Scope) -> set[Value]:
        """Values assigned to the attribute / item path ``node`` (``app.state.chat``,
        ``CLIENTS["chat"]``) anywhere in the module (flow-insensitive)."""
        chain = _chain(node)
        if chain is None:
            return set()
        out = self._stored_path(*chain, scope)
        root, path = chain
        if not out and "state" in path[:2] and len(path) > path.index("state") + 1:
            out = self._app_state(root, path, scope)
        return out

    def _app_state(self, root: str, path: tuple, scope: Scope) -> set[Value]:
        """``request.app.state.chat`` / ``app.state.chat`` read in a handler, set on an ASGI
        application's ``state`` elsewhere (``app.state.chat = ...`` in a lifespan function whose
        ``app`` is a parameter)."""
        start = path.index("state")
        if start == 1 and path[0] != "app":
            return set()
        if start == 0 and not any(v.name in known.ASGI_APPS for v in self._binding_values(self.lookup(root, scope))):
            return set()
        if self._app_state_index is None:
            self._app_state_index = {}
            for target, kind, value, where in self.stores:
                stored = _chain(target)
                if stored is None or not stored[1] or stored[1][0] != "state":
                    continue
                apps = self._binding_values(self.lookup(stored[0], where))
                if any(v.kind == "instance" and v.name in known.ASGI_APPS for v in apps):
                    self._app_state_index.setdefault(stored[1], []).append((kind, value, where))
        return self._binding_values(self._app_state_index.get(path[start:], []))

    def _stored_path(self, root: str, path: tuple, scope: Scope) -> set[Value]:
        if self._store_index is None:
            self._store_index = {}
            for target, kind, value, where in self.stores:
                stored = _chain(target)
                root_key = self._root_key(stored[0], where) if stored is not None else None
                if root_key is not None:
                    key = (root_key, _shape(stored[1]))
                    self._store_index.setdefault(key, []).append((stored[1], kind, value, where))
        root_key = self._root_key(root, scope)
        found = self._store_index.get((root_key, _shape(path))) if root_key is not None else None
        if not found:
            return set()
        out: set[Value] = set()
        for stored_path, kind, value, where in found:
            if _compatible(stored_path, path):
                out |= self._binding_values([(kind, value, where)])
        return out

    def _item(
        self, base: ast.AST, key: str | None, scope: Scope, sequences_only: bool = False, depth: int = 0,
    ) -> set[Value]:
        """``base[key]`` (``key`` ``None`` when not a string constant): entries of a dict literal
        the base is bound to, items stored into it, the value type of a ``dict[str, X]``
        annotation, elements of a list / tuple literal (``sequences_only``: only those, for
        iterating over the base)."""
        out: set[Value] = set()
        declared: set[Value] = set()
        chain = _chain(base, allow_bare=True) if self.stores and not sequences_only else None
        if chain is not None:
            out |= self._stored_path(chain[0], chain[1] + ((key,),), scope)
        for kind, payload, where in self._definitions(base, scope):
            if kind == "expr" and isinstance(payload, ast.Dict) and not sequences_only:
                for k, v in zip(payload.keys, payload.values):
                    if k is None:
                        continue
                    if key is None or not isinstance(k, ast.Constant) or k.value == key:
                        out |= self.infer(v, where)
            elif kind == "expr" and isinstance(payload, (ast.List, ast.Tuple)) and key is None:
                out |= self._elements(payload, where, depth + 1)
            elif kind == "ann" and not sequences_only:
                value_type = _mapping_value(payload)
                if value_type is not None:
                    out |= self.annotation(value_type, where)
            elif sequences_only and kind in ("expr", "ann", "iter") and not isinstance(payload, ast.Dict):
                annotated = kind == "ann" and isinstance(parent_of(payload), ast.AnnAssign)
                (declared if annotated else out).update(self.binding_elements(kind, payload, where, depth + 1))
        return _with_declared(out, declared) if sequences_only else out

    def definitions(self, node: ast.AST, scope: Scope) -> list[tuple[str, Any, Scope]]:
        """The bindings of a name, or of ``self.<attr>`` / a class attribute of a local class:
        ``(kind, payload, scope)`` with kind ``expr`` (an assigned expression), ``param``, ..."""
        return self._definitions(node, scope)

    def _definitions(self, node: ast.AST, scope: Scope) -> list[tuple[str, Any, Scope]]:
        """The bindings of a name, or of ``self.<attr>`` / a class attribute of a local class."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id, scope)
        if isinstance(node, ast.Attribute):
            out: list[tuple[str, Any, Scope]] = []
            for base in self.infer(node.value, scope):
                cls_scope = base.node if base.kind in ("object", "class") else None
                if isinstance(cls_scope, Scope):
                    out.extend(cls_scope.attrs.get(node.attr, ()))
                    out.extend(cls_scope.bindings.get(node.attr, ()))
            return out
        return []


def _subscript_key(node: ast.Subscript) -> str | None:
    key = node.slice
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def _chain(node: ast.AST, allow_bare: bool = False) -> tuple[str, tuple] | None:
    """``app.state.chat`` -> ``("app", ("state", "chat"))``; ``C["chat"].x`` ->
    ``("C", (["chat"], "x"))`` (an item is a 1-tuple of its string key, ``(None,)`` when unknown)."""
    path: list = []
    while True:
        if isinstance(node, ast.Attribute):
            path.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            path.append((_subscript_key(node),))
            node = node.value
        else:
            break
    if not isinstance(node, ast.Name) or not (path or allow_bare):
        return None
    path.reverse()
    return node.id, tuple(path)


def _shape(path: tuple) -> tuple:
    return tuple("[]" if isinstance(part, tuple) else part for part in path)


def _compatible(stored: tuple, read: tuple) -> bool:
    """Item keys match, or one side's key is not known."""
    for a, b in zip(stored, read):
        if isinstance(a, tuple) and a[0] is not None and b[0] is not None and a[0] != b[0]:
            return False
    return True


def _sequence_element(annotation: ast.AST) -> ast.AST | None:
    """``X`` of ``List[X]`` / ``Sequence[X]`` / ``list[X]`` / ``Tuple[X, ...]`` (also as a
    string, and inside ``Optional[...]``); ``None`` when the annotation is no such sequence."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):  # `List[X] | None`
        return _sequence_element(annotation.left) or _sequence_element(annotation.right)
    if not isinstance(annotation, ast.Subscript):
        return None
    base = annotation.value
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    inner = annotation.slice
    if name == "Optional":
        return _sequence_element(inner)
    if name not in _SEQUENCE_TYPES:
        return None
    if isinstance(inner, ast.Tuple):
        return inner.elts[0] if inner.elts else None
    return inner


def _mapping_value(annotation: ast.AST) -> ast.AST | None:
    """``X`` of ``dict[str, X]`` / ``Dict[str, X]`` / ``Mapping[str, X]`` (also as a string)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None
    if not isinstance(annotation, ast.Subscript):
        return None
    base = annotation.value
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    inner = annotation.slice
    if name in ("dict", "Dict", "Mapping", "MutableMapping") and isinstance(inner, ast.Tuple) and len(inner.elts) == 2:
        return inner.elts[1]
    return None


_SDK_ROOTS = frozenset({"azure", "openai"})
#: imports of project names followed through other modules, at most, in one resolution
_MAX_MODULE_HOPS = 12


def imported(values: Iterable[Value], sem: "Semantics | None" = None) -> Values:
    """Values inferred in another module (``sem``), as this module may use them: a string
    constant or call site belongs to the other module's source, so its node is dropped (like an
    instance known from an annotation); the call that built a client becomes its stand-in
    (:func:`foreign.carry`: its literal arguments, and what the others are), so the client's
    defaults, endpoint and credential are known here too. The value itself is kept."""
    return Values(_imported(value, sem) for value in values)


def _imported(value: Value, sem: "Semantics | None", depth: int = 0) -> Value:
    owner = value.owner
    if owner is not None and depth < 20:
        owner = _imported(owner, sem, depth + 1)
    node = value.node
    if value.kind in ("instance", "partial") and isinstance(node, ast.Call) and sem is not None:
        node = foreign.carry(node, sem)
    elif value.kind in ("instance", "str", "result"):
        node = None
    if node is value.node and owner is value.owner:
        return value
    return Value(value.kind, value.name, node, owner)


def _looks_like_class(qualname: str) -> bool:
    last = qualname.rsplit(".", 1)[-1]
    return bool(last) and last[0].isupper()


def _load_client(is_async: bool):
    module = known.INFERENCE_AIO if is_async else known.INFERENCE

    def build(call: ast.Call) -> Value:
        return Value("instance", f"{module}.{known.LOADED}", call)

    return build


_FACTORIES = {
    f"{known.INFERENCE}.load_client": _load_client(False),
    f"{known.INFERENCE_AIO}.load_client": _load_client(True),
    **{
        f"{qual}.from_connection_string": (lambda q: lambda call: Value("instance", q, call))(qual)
        for qual in known.PROJECT_CLIENTS
    },
}


def member_call_result(member: Value, call: ast.Call) -> Value:
    """What calling ``owner.<path>(...)`` returns, where the SDK surface tells us."""
    owner, path = member.owner, member.name
    owner_name = owner.name if owner is not None else ""
    if owner is not None and owner.kind == "instance":
        if owner_name in known.INFERENCE_CLIENTS:
            is_async = known.INFERENCE_CLIENTS[owner_name][1]
            if path == "complete":
                if is_stream_call(call):
                    return Value("instance", known.ASYNC_STREAMING_CHAT if is_async else known.STREAMING_CHAT, call)
                return Value("instance", known.CHAT_COMPLETIONS, call)
            if path == "embed":
                return Value("instance", known.EMBEDDINGS_RESULT, call)
        elif owner_name in known.OPENAI_CLIENTS:
            is_async = known.OPENAI_CLIENTS[owner_name][1]
            if path in ("with_options", "copy"):
                return Value("instance", owner_name, call)
            if path == "chat.completions.create" and is_stream_call(call):
                return Value("instance", known.OPENAI_ASYNC_STREAM if is_async else known.OPENAI_STREAM, call)
        elif owner_name in known.PROJECT_CLIENTS:
            is_async = known.PROJECT_CLIENTS[owner_name]
            module = known.INFERENCE_AIO if is_async else known.INFERENCE
            target = {
                "inference.get_chat_completions_client": f"{module}.{known.CHAT}",
                "inference.get_embeddings_client": f"{module}.{known.EMBEDDINGS}",
                "inference.get_image_embeddings_client": f"{module}.{known.IMAGE_EMBEDDINGS}",
                "inference.get_azure_openai_client": (
                    known.ASYNC_AZURE_OPENAI if is_async else known.AZURE_OPENAI
                ),
                "get_openai_client": known.ASYNC_OPENAI if is_async else known.OPENAI,
            }.get(path)
            if target is not None:
                return Value("instance", target, call)
    return Value("result", path, call, owner)
