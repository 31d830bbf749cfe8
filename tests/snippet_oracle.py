"""The snippet oracle: checks every migrated-code snippet against the installed ``openai`` package.

A snippet is a promise that the code works once pasted. This module checks the parts of that
promise a program can check, for one finding and the module it was found in:

``signature``
    every call the snippet makes to an OpenAI client constructor (``OpenAI``, ``AsyncOpenAI``)
    or to a resource method (``client.chat.completions.create``, ``client.embeddings.create``,
    ``client.images.generate``, ``client.responses.create``, ...) passes only parameters the
    installed signatures accept (``inspect.signature`` of the real objects, resource paths
    resolved on a real ``OpenAI`` instance that never connects), and no spread dict that this
    module builds holds a key they do not accept; a dict the module does not show must be
    named in the message; no ``isinstance()``/``issubclass()`` takes an openai type that
    refuses it (a TypedDict), in the snippet or, for an import snippet, in the module's type
    checks of an imported name the snippet replaces with one; no snippet reads a model
    object's method or attribute (``.model_dump()``, ``.data``) on a name another finding's
    snippet assigns, in the same function, from a REST function (``embed_images``), which
    returns the response's JSON dict;
``unbound``
    every name the snippet reads is bound by the snippet, in the user's scopes around the
    finding, or is a builtin;
``config``
    every environment variable the snippet reads is one the user's module names, or one the
    original client read implicitly (``AzureOpenAI()`` without ``azure_endpoint=`` reads
    ``AZURE_OPENAI_ENDPOINT``);
``lost``
    every argument of the original call (the finding's node) is carried into the snippet or
    named in the message; a snippet sending a raw HTTP request in place of an azure-core
    client's call, inside a ``try`` that catches azure-core's transport errors
    (``ServiceRequestError``, ``ServiceResponseError``, ``AzureError`` ...), raises them;
``identity``
    neither the snippet nor the module with the finding's fix applied compares with ``is`` /
    ``is not`` against a literal the user's code did not already compare so (``x is "stop"``:
    a SyntaxWarning, and false for a string parsed from JSON).

It lives with the tests (it imports nothing from the flake8 path) and is imported by
``benchmarks/corpus.py`` too. ``problems(finding, source)`` is the whole interface.
"""

from __future__ import annotations

import ast
import builtins
import collections
import dataclasses
import functools
import inspect
import re
import symtable
import textwrap
from typing import Iterable, Iterator

#: constructors of OpenAI clients, by the name a snippet calls them with
CONSTRUCTORS = ("OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI")

#: what each client constructor reads from the environment when an argument is left out
IMPLICIT_ENV = {
    "AzureOpenAI": {
        "azure_endpoint": ("AZURE_OPENAI_ENDPOINT",),
        "api_key": ("AZURE_OPENAI_API_KEY",),
        "azure_ad_token": ("AZURE_OPENAI_AD_TOKEN",),
        "api_version": ("OPENAI_API_VERSION",),
        "organization": ("OPENAI_ORG_ID",),
        "project": ("OPENAI_PROJECT_ID",),
    },
    "OpenAI": {
        "api_key": ("OPENAI_API_KEY",),
        "base_url": ("OPENAI_BASE_URL",),
        "organization": ("OPENAI_ORG_ID",),
        "project": ("OPENAI_PROJECT_ID",),
    },
}
IMPLICIT_ENV["AsyncAzureOpenAI"] = IMPLICIT_ENV["AzureOpenAI"]
#: framework classes that build an AzureOpenAI client from the same variables
for _name in ("AzureChatOpenAI", "AzureOpenAIEmbeddings", "AzureOpenAIChatCompletionClient", "AzureChatCompletion",
              "AzureTextEmbedding"):
    IMPLICIT_ENV[_name] = IMPLICIT_ENV["AzureOpenAI"]
IMPLICIT_ENV["AsyncOpenAI"] = IMPLICIT_ENV["OpenAI"]

#: arguments whose removal is the migration itself (the v1 endpoint takes no api-version)
MIGRATED_AWAY = frozenset({"api_version"})
#: arguments that the snippet carries in another form when it contains the given text
CONSUMED_BY = {
    "credential_scopes": "get_bearer_token_provider",
    "azure_deployment": "model=",
    "deployment_name": "model=",
}

_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__", "__builtins__"}


@dataclasses.dataclass(frozen=True)
class Problem:
    kind: str  # signature | unbound | config | lost | span | syntax | identity
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


# --------------------------------------------------------------------------- the real package


@functools.lru_cache(maxsize=None)
def _clients():
    import openai

    base = "http://127.0.0.1:9/"
    return {
        "OpenAI": openai.OpenAI(api_key="x", base_url=base),
        "AsyncOpenAI": openai.AsyncOpenAI(api_key="x", base_url=base),
    }


def _RESOURCES() -> tuple[type, ...]:
    from openai._resource import AsyncAPIResource, SyncAPIResource

    return (SyncAPIResource, AsyncAPIResource)


@functools.lru_cache(maxsize=None)
def _constructor_signature(name: str) -> inspect.Signature | None:
    import openai

    cls = getattr(openai, name, None)
    return inspect.signature(cls.__init__) if cls is not None else None


@functools.lru_cache(maxsize=None)
def _resource_signature(path: tuple[str, ...], is_async: bool) -> inspect.Signature | None:
    """The signature of ``client.<path>`` on a real client, or None when it is no resource method."""
    obj: object = _clients()["AsyncOpenAI" if is_async else "OpenAI"]
    for part in path:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - anything but a plain resource attribute
            return None
    if not callable(obj) or not isinstance(getattr(obj, "__self__", None), _RESOURCES()):
        return None
    try:
        return inspect.signature(obj)
    except (TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def not_nullable(path: tuple[str, ...], is_async: bool) -> frozenset[str]:
    """The parameters of ``client.<path>`` whose installed annotation excludes ``None`` (the
    openai SDK sends a ``None`` argument as JSON ``null``; ``Optional[...] | Omit`` takes it)."""
    import types
    import typing

    obj: object = _clients()["AsyncOpenAI" if is_async else "OpenAI"]
    for part in path:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - anything but a plain resource attribute
            return frozenset()
    try:
        hints = typing.get_type_hints(obj)
    except Exception:  # noqa: BLE001 - an annotation the running Python cannot evaluate
        return frozenset()
    out = set()
    for name, hint in hints.items():
        if name == "return" or hint is object:
            continue
        members = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        if type(None) not in members and hint is not type(None):
            out.add(name)
    return frozenset(out)


def _none_branch(node: ast.AST) -> bool:
    """A literal ``None``, or a conditional with a literal ``None`` branch (at any depth)."""
    if _is_none(node):
        return True
    return isinstance(node, ast.IfExp) and (_none_branch(node.body) or _none_branch(node.orelse))


@functools.lru_cache(maxsize=None)
def _resource_roots() -> frozenset[str]:
    client = _clients()["OpenAI"]
    roots = set()
    for name in dir(client):
        if name.startswith("_"):
            continue
        try:
            value = getattr(client, name)
        except Exception:  # noqa: BLE001
            continue
        if isinstance(value, _RESOURCES()):
            roots.add(name)
    return frozenset(roots)


# --------------------------------------------------------------------------- snippet parsing


def _optional_annotation(node: ast.AST | None) -> bool:
    """``Optional[X]``, ``X | None``, ``Union[..., None]``, or a string holding one."""
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return _optional_annotation(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return False
    text = ast.unparse(node)
    return bool(re.match(r"(typing\.)?Optional\[", text)) or bool(re.search(r"(^|[|,\[]\s*)None(\s*[|\],]|$)", text))


def _declared_optional(value: ast.AST, line: int, module: "Module") -> bool:
    """The snippet passes as is a name or attribute that the user's code declares Optional:
    a parameter of the function around ``line`` (annotation or ``= None`` default), ``self.x``
    with ``x: Optional[...]`` in the class around ``line``, or ``p.x`` where the parameter
    ``p`` is annotated with a class of the module declaring ``x: Optional[...]``."""
    around = [n for n in ast.walk(module.tree)
              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
              and n.lineno <= line <= (n.end_lineno or n.lineno)]
    functions = [n for n in around if not isinstance(n, ast.ClassDef)]
    classes = [n for n in around if isinstance(n, ast.ClassDef)]

    def parameter(name: str) -> tuple[ast.arg, bool] | None:
        """The innermost parameter named ``name`` and whether it defaults to None."""
        for function in reversed(functions):
            args = function.args
            positional = [*args.posonlyargs, *args.args]
            defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
            for arg, default in [*zip(positional, defaults), *zip(args.kwonlyargs, args.kw_defaults)]:
                if arg.arg == name:
                    return arg, isinstance(default, ast.Constant) and default.value is None
        return None

    def field(cls: ast.ClassDef, name: str) -> bool:
        return any(
            isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == name
            and _optional_annotation(n.annotation) for n in cls.body
        )

    if isinstance(value, ast.Name):
        found = parameter(value.id)
        return found is not None and (found[1] or _optional_annotation(found[0].annotation))
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
        if value.value.id == "self":
            return bool(classes) and field(classes[-1], value.attr)
        found = parameter(value.value.id)
        if found is None or not isinstance(found[0].annotation, ast.Name):
            return False
        annotation = found[0].annotation
        return any(
            isinstance(n, ast.ClassDef) and n.name == annotation.id and field(n, value.attr)
            for n in ast.walk(module.tree)
        )
    return False


def _attr_chain(node: ast.AST) -> list[str] | None:
    """``a.b.c`` -> ["a", "b", "c"]; the innermost receiver may be any expression (its name is '')."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    parts.append(node.id if isinstance(node, ast.Name) else "")
    return parts[::-1]


def _constructors(expr: ast.AST) -> tuple[str, ...] | None:
    """The constructor names ``expr`` spells: ``OpenAI``, ``openai.AsyncOpenAI``, or a choice
    made at run time (``OpenAI if sync else AsyncOpenAI``, nested too); None for anything else."""
    if isinstance(expr, ast.IfExp):
        body, orelse = _constructors(expr.body), _constructors(expr.orelse)
        return tuple(dict.fromkeys(body + orelse)) if body and orelse else None
    chain = _attr_chain(expr)
    if chain and chain[-1] in CONSTRUCTORS and (len(chain) == 1 or chain[-2] == "openai"):
        return (chain[-1],)
    return None


def _callee(call: ast.Call, *modules: "Module") -> tuple[str, tuple[str, ...]] | None:
    """("ctor", names) for a client constructor (every class a run-time choice may call), or
    ("resource", path) for a resource method. ``modules`` (the snippet's own first, then the
    user's) resolve a name bound to a class or a choice: ``cls = OpenAI if sync else AsyncOpenAI``
    then ``cls(...)``."""
    func = call.func
    names = _constructors(func)
    if names is None and isinstance(func, ast.Name):
        for module in modules:
            bound = [_constructors(v) for v in module.assignments.get(func.id, ())]
            if bound and all(bound):
                names = tuple(dict.fromkeys(n for b in bound for n in b))
                break
            if bound:
                break  # bound to something else there: not a client class
    if names is None and isinstance(func, ast.Name) and modules:
        rebased = modules[-1].subclasses.get(func.id)  # the user's subclass, rebased (AOM308)
        if rebased is not None:
            names = (rebased,)
    if names is not None:
        return ("ctor", names)
    chain = _attr_chain(func)
    if not chain:
        return None
    roots = _resource_roots()
    starts = [start for start, part in enumerate(chain[:-1]) if part in roots and start > 0]
    # the receiver may itself end in a resource name (`deps.chat.chat.completions.create`): the
    # first start that spells a method of the client wins
    for start in starts:
        if _resource_signature(tuple(chain[start:]), False) is not None:
            return ("resource", tuple(chain[start:]))
    return ("resource", tuple(chain[starts[0]:])) if starts else None


def _is_async_receiver(call: ast.Call, snippet_tree: ast.AST, parents: dict) -> bool:
    parent = parents.get(call)
    while isinstance(parent, ast.Attribute):  # .with_raw_response etc
        parent = parents.get(parent)
    return isinstance(parent, (ast.Await, ast.AsyncWith)) or any(
        isinstance(p, ast.AsyncWith) for p in _ancestors(call, parents)
    )


def _ancestors(node: ast.AST, parents: dict) -> Iterator[ast.AST]:
    while node in parents:
        node = parents[node]
        yield node


def _parents(tree: ast.AST) -> dict:
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


# --------------------------------------------------------------------------- the user's module


class Module:
    """What the oracle needs to know about the user's module."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tree = ast.parse(source)
        self.parents = _parents(self.tree)
        self.strings = {
            n.value for n in ast.walk(self.tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
        self._table = None

    @functools.cached_property
    def identity_literals(self) -> collections.Counter:
        return identity_literals(self.tree)

    @functools.cached_property
    def table(self) -> symtable.SymbolTable | None:
        try:
            return symtable.symtable(self.source, "<module>", "exec")
        except (SyntaxError, ValueError):
            return None

    @functools.cached_property
    def unresolved(self) -> frozenset[str]:
        """Names the module reads but binds nowhere (a fragment, a star import): not the snippet's doing."""
        loaded = {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        return frozenset(loaded - self.all_bound)

    @functools.cached_property
    def assignments(self) -> dict[str, list[ast.AST]]:
        """name -> values assigned to it anywhere in the module."""
        found: dict[str, list[ast.AST]] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
                    elif isinstance(target, ast.Attribute):  # self.credential = ...
                        found.setdefault("." + target.attr, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                found.setdefault(node.target.id, []).append(node.value)
        return found

    @functools.cached_property
    def subclasses(self) -> dict[str, str]:
        """Classes of the module derived from an Azure client -> the OpenAI class they are
        rebased on (``class Audited(AsyncAzureOpenAI)`` -> ``AsyncOpenAI``)."""
        found = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = (_attr_chain(base) or [""])[-1]
                    if name in ("AzureOpenAI", "AsyncAzureOpenAI"):
                        found[node.name] = name.replace("Azure", "")
        return found

    @functools.cached_property
    def all_bound(self) -> frozenset[str]:
        names = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                names.add(node.name)
            elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
                names.add(node.name)
        return frozenset(names)

    def bound_at(self, line: int) -> frozenset[str]:
        """Names bound in the scopes that enclose ``line`` (module, enclosing functions)."""
        if self.table is None:
            return self.all_bound
        names = set(_bound(self.table))
        for node in ast.walk(self.tree):  # comprehension variables around the finding
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)) and (
                node.lineno <= line <= (node.end_lineno or node.lineno)
            ):
                for generator in node.generators:
                    names |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
        scopes = [n for n in ast.walk(self.tree)
                  if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
                  and n.lineno <= line <= (n.end_lineno or n.lineno)]
        scopes.sort(key=lambda n: n.lineno)
        table = self.table
        innermost = scopes[-1] if scopes else None
        for scope in scopes:
            child = _child_table(table, scope)
            if child is None:
                return frozenset(names | self.all_bound)
            table = child
            if isinstance(scope, ast.ClassDef) and scope is not innermost:
                continue  # a class body is no scope for the methods in it
            names |= _bound(table)
        return frozenset(names)

    def node_at(self, line: int, col: int, end_line: int, end_col: int) -> ast.AST | None:
        best = None
        for node in ast.walk(self.tree):
            if getattr(node, "lineno", None) == line and node.col_offset == col - 1:
                if (node.end_lineno, node.end_col_offset) == (end_line, end_col - 1) or (
                    (node.end_lineno, node.end_col_offset) == (end_line, end_col)
                ):
                    if best is None or isinstance(node, ast.Call):
                        best = node
        return best


def _bound(table: symtable.SymbolTable) -> set[str]:
    return {
        s.get_name() for s in table.get_symbols()
        if s.is_assigned() or s.is_imported() or s.is_parameter() or s.is_namespace()
    }


def _child_table(table: symtable.SymbolTable, scope: ast.AST) -> symtable.SymbolTable | None:
    name = "lambda" if isinstance(scope, ast.Lambda) else scope.name
    line = scope.lineno
    candidates = [c for c in table.get_children() if c.get_name() == name]
    for child in candidates:
        if child.get_lineno() == line:
            return child
    decorated = getattr(scope, "decorator_list", None)
    if decorated:
        for child in candidates:
            if min(d.lineno for d in decorated) <= child.get_lineno() <= line:
                return child
    return candidates[0] if len(candidates) == 1 else None


# --------------------------------------------------------------------------- the checks


def _wrap(snippet: str) -> str:
    return "async def __snippet__():\n" + textwrap.indent(snippet, "    ") + "\n    pass\n"


def _free_names(snippet: str) -> set[str] | None:
    """Names the snippet reads without binding them itself."""
    try:
        table = symtable.symtable(_wrap(snippet), "<snippet>", "exec")
    except SyntaxError:
        return None
    top = table.get_children()[0]
    free = set()

    def visit(t: symtable.SymbolTable, own: set[str]) -> None:
        for s in t.get_symbols():
            name = s.get_name()
            if not s.is_referenced():
                continue
            if s.is_assigned() or s.is_imported() or s.is_parameter() or s.is_namespace():
                continue
            if s.is_free() or name in own:
                continue
            if s.is_global() or s.is_declared_global():
                free.add(name)
        for child in t.get_children():
            visit(child, own | _bound(t) if t.get_type() != "class" else own)

    visit(top, set())
    return free - {"__snippet__"}


def _env_reads(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _attr_chain(node.value)[-1:] == ["environ"]:
            key = node.slice
        elif isinstance(node, ast.Call) and node.args:
            chain = _attr_chain(node.func)
            if chain[-1:] == ["getenv"] or chain[-2:] in (["environ", "get"], ["environ", "pop"]):
                key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        if isinstance(node, ast.Call) and (_attr_chain(node.func) or [""])[-1] in ("OpenAI", "AsyncOpenAI"):
            # `api_key=None` is no key: the client reads its own variable (OPENAI_API_KEY)
            for keyword in node.keywords:
                if keyword.arg in IMPLICIT_ENV["OpenAI"] and _is_none(keyword.value):
                    names.update(IMPLICIT_ENV["OpenAI"][keyword.arg])
    return names


def _spread_keys(expr: ast.AST, module: Module) -> set[str] | None:
    """Keys of a dict the module builds for ``**expr``, None when the module does not show them."""
    if isinstance(expr, ast.Dict):
        return _dict_keys(expr)
    if isinstance(expr, ast.Call) and _attr_chain(expr.func)[-1:] == ["dict"] and not expr.args:
        return {k.arg for k in expr.keywords if k.arg}
    sources: list[ast.AST] = []
    if isinstance(expr, (ast.Name, ast.Attribute)):
        target = _attr_chain(expr)
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(_attr_chain(t) == target or (isinstance(t, ast.Attribute) and target[0] == "" and _attr_chain(t)[1:] == target[1:]) for t in targets if isinstance(t, (ast.Name, ast.Attribute))):
                    sources.append(node.value)
    if isinstance(expr, ast.Attribute) and not sources:  # self.<property>
        sources.extend(_returned_dicts(expr.attr, module, property_only=True))
    elif isinstance(expr, ast.Call) and isinstance(expr.func, (ast.Name, ast.Attribute)):
        sources.extend(_returned_dicts(_attr_chain(expr.func)[-1], module))
    keys: set[str] = set()
    found = False
    for value in sources:
        if isinstance(value, ast.Dict):
            keys |= _dict_keys(value)
            found = True
        elif isinstance(value, ast.Call) and _attr_chain(value.func)[-1:] == ["dict"]:
            keys |= {k.arg for k in value.keywords if k.arg}
            found = True
    if not found:
        return None
    if isinstance(expr, ast.Name):  # d["x"] = ... and d.update(x=...) add keys
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _attr_chain(node.value) == [expr.id]:
                if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                    keys.add(node.slice.value)
    return keys


def _returned_dicts(name: str, module: Module, property_only: bool = False, always: bool = False) -> Iterator[ast.AST]:
    """What the functions called ``name`` return: the returned expressions, and for a returned
    name the dict it is bound to there, with the keys ``d["key"] = ...`` / ``d.update(key=...)``
    add to it in that function (as one dict literal); with ``always``, only the keys added
    outside any ``if``, loop or ``try``."""
    for node in ast.walk(module.tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != name:
            continue
        if property_only and not any(_attr_chain(d)[-1:] in (["property"], ["cached_property"]) for d in node.decorator_list):
            continue
        for ret in ast.walk(node):
            if not isinstance(ret, ast.Return) or ret.value is None:
                continue
            if not isinstance(ret.value, ast.Name):
                yield ret.value
                continue
            local = ret.value.id
            keys: list[str] = []
            for inner in ast.walk(node):
                if always and any(isinstance(p, (ast.If, ast.For, ast.While, ast.Try, ast.IfExp))
                                  for p in _ancestors(inner, module.parents) if p is not node and _inside(p, node)):
                    continue
                if isinstance(inner, (ast.Assign, ast.AnnAssign)) and isinstance(inner.value, ast.Dict):
                    targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                    if any(isinstance(t, ast.Name) and t.id == local for t in targets):
                        keys.extend(_dict_keys(inner.value))
                elif isinstance(inner, ast.Subscript) and isinstance(inner.ctx, ast.Store) and _attr_chain(inner.value) == [local]:
                    if isinstance(inner.slice, ast.Constant) and isinstance(inner.slice.value, str):
                        keys.append(inner.slice.value)
                elif isinstance(inner, ast.Call) and _attr_chain(inner.func) == [local, "update"]:
                    keys.extend(k.arg for k in inner.keywords if k.arg)
            yield ast.Dict(keys=[ast.Constant(k) for k in dict.fromkeys(keys)], values=[ast.Constant(None) for _ in dict.fromkeys(keys)])


def _inside(node: ast.AST, function: ast.AST) -> bool:
    line = getattr(node, "lineno", None)
    return line is not None and function.lineno <= line <= (function.end_lineno or function.lineno)


def _holds_model(spread: ast.AST, module: Module) -> bool:
    """The dict ``**spread`` visibly always holds ``model`` (a literal, a name bound to one, a
    local function or property returning one; keys added under a condition do not count)."""
    if isinstance(spread, ast.Call) and isinstance(spread.func, (ast.Name, ast.Attribute)):
        found = list(_returned_dicts(_attr_chain(spread.func)[-1], module, always=True))
    elif isinstance(spread, ast.Attribute) and not module.assignments.get("." + spread.attr):
        found = list(_returned_dicts(spread.attr, module, property_only=True, always=True))
    else:
        return "model" in (_spread_keys(spread, module) or ())
    return bool(found) and all(isinstance(d, ast.Dict) and "model" in _dict_keys(d) for d in found)


def _added_keys(spread: ast.AST, finding, module: Module) -> set[str]:
    """Keys ``d["key"] = ...`` / ``d.update(key=...)`` add to the spread dict ``d`` in the function
    holding the flagged call (the module when none)."""
    if not isinstance(spread, ast.Name):
        return set()
    owner: ast.AST | None = _original_call(finding, module)
    while owner is not None and not isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        owner = module.parents.get(owner)
    keys: set[str] = set()
    call = _original_call(finding, module)
    start, end = 0, 10**9
    if owner is not None and call is not None:
        # only the changes between the last binding of the name before the call and the call
        # reach it (a dict that rebinds the name afterwards is another dict)
        end = call.lineno
        starts = [
            n.lineno for n in ast.walk(owner)
            if isinstance(n, ast.Name) and n.id == spread.id and isinstance(n.ctx, ast.Store) and n.lineno < end
        ]
        start = max(starts, default=0)
    for node in ast.walk(owner or module.tree):
        if not start <= getattr(node, "lineno", start) <= end:
            continue
        if (
            isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _attr_chain(node.value) == [spread.id]
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
        ):
            keys.add(node.slice.value)
        elif isinstance(node, ast.Call) and _attr_chain(node.func) == [spread.id, "update"]:
            keys |= {k.arg for k in node.keywords if k.arg}
    return keys


def _string_response_formats(call: ast.Call, spreads: list[ast.AST], finding, module: Module) -> Iterator[Problem]:
    """A ``response_format`` string reaching ``chat.completions.create()``: openai sends it as
    is (Inference turned "text"/"json_object" into ``{"type": ...}``), the service rejects it.
    In a spread dict, a string written before the call counts unless the finding's fix rewrites
    it or the message names ``response_format``."""
    for keyword in call.keywords:
        if keyword.arg == "response_format" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
            yield Problem("signature", "`response_format=` is a string, which openai sends as is (it must be an object)")
    original = _original_call(finding, module)
    if original is None or _mentions(finding.message, "response_format"):
        return
    edited = {(e.line, e.col) for e in (finding.fix.edits if finding.fix else ())}
    owner: ast.AST | None = original
    while owner is not None and not isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        owner = module.parents.get(owner)
    for spread in spreads:
        if not isinstance(spread, ast.Name):
            continue
        for node in ast.walk(owner or module.tree):
            if getattr(node, "lineno", original.lineno + 1) > original.lineno:
                continue  # written after the call
            values: list[ast.AST] = []
            if isinstance(node, ast.Assign) and any(_attr_chain(t) == [spread.id] for t in node.targets if isinstance(t, ast.Name)):
                if isinstance(node.value, ast.Dict):
                    values = [v for k, v in zip(node.value.keys, node.value.values)
                              if isinstance(k, ast.Constant) and k.value == "response_format"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Subscript) and _attr_chain(t.value) == [spread.id]
                and isinstance(t.slice, ast.Constant) and t.slice.value == "response_format"
                for t in node.targets
            ):
                values = [node.value]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and (value.lineno, value.col_offset) not in edited:
                    yield Problem(
                        "signature",
                        f"`**{spread.id}` carries response_format={value.value!r} (line {value.lineno}), which openai sends as "
                        "a string, and neither the fix nor the message converts it",
                    )


def _dict_keys(node: ast.Dict) -> set[str]:
    return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _mentions(message: str, word: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", message) is not None


def _check_call(
    call: ast.Call, kind: str, path: tuple[str, ...], is_async: bool, finding, module: Module,
    snippet_module: Module | None = None,
) -> Iterator[Problem]:
    if kind == "ctor" and len(path) > 1:  # a class chosen at run time: each one takes the arguments
        seen: set[str] = set()
        for name in path:
            for problem in _check_call(call, kind, (name,), is_async, finding, module, snippet_module):
                if problem.detail not in seen:
                    seen.add(problem.detail)
                    yield problem
        return
    if kind == "ctor":
        name = path[0]
        sig = _constructor_signature(name)
        label = name
    else:
        sig = _resource_signature(path, is_async)
        label = "client." + ".".join(path)
    if sig is None:
        if kind == "resource":
            yield Problem("signature", f"`{label}` is no method of the installed openai client")
        return
    params = sig.parameters
    accepts_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
    names = [k.arg for k in call.keywords if k.arg]
    for arg in names:
        if arg not in params and not accepts_kwargs:
            yield Problem("signature", f"`{label}()` takes no `{arg}=`")
    if kind == "resource":
        refused = not_nullable(path, is_async)
        for keyword in call.keywords:
            if keyword.arg in refused and _none_branch(keyword.value):
                yield Problem("signature", f"`{label}({keyword.arg}=...)` may pass None, sent as null: the parameter does not take None")
            elif keyword.arg in refused and _declared_optional(keyword.value, finding.line, module):
                yield Problem("signature", f"`{label}({keyword.arg}={ast.unparse(keyword.value)})` is declared Optional: None is sent as null, which the parameter does not take")
            if keyword.arg == "extra_body" and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values):
                    if key is not None and (_none_branch(value) or _declared_optional(value, finding.line, module)):
                        yield Problem("signature", f"`{label}(extra_body=...)` may send `{ast.unparse(key)}` as null")
    dup = {a for a in names if names.count(a) > 1}
    for arg in sorted(dup):
        yield Problem("signature", f"`{label}()` gets `{arg}=` twice")
    spreads = [k.value for k in call.keywords if k.arg is None]
    for spread in spreads:
        keys = _spread_keys(spread, snippet_module) if snippet_module is not None else None
        if keys is None:
            keys = _spread_keys(spread, module)
        text = ast.unparse(spread)
        for key in sorted(_added_keys(spread, finding, module)):
            if key not in params and not accepts_kwargs and not _mentions(finding.message, key):
                yield Problem("signature", f"`{label}(**{text})`: the code adds `{key}` to the dict, which it does not take, and the message does not say so")
        if _named_as_must_change(text, finding.message):
            continue  # the message says the dict must change, and how
        if keys is None:
            if kind == "ctor" and not (("**" + text) in finding.message or "unpacked" in finding.message):
                yield Problem("signature", f"`{label}(**{text})` spreads a dict the module does not show, and the message does not say so")
            continue
        for key in sorted(keys):
            if key not in params and not accepts_kwargs:
                yield Problem("signature", f"`{label}(**{text})` spreads `{key}`, which it does not take")
            elif key in names:
                yield Problem("signature", f"`{label}(**{text})` repeats `{key}=`")
    if kind == "resource" and path == ("chat", "completions", "create"):
        yield from _string_response_formats(call, spreads, finding, module)
    model = params.get("model")
    if (
        kind == "resource" and spreads and model is not None and model.default is model.empty
        and "model" not in names and not _mentions(finding.message, "model")
        and not any(_holds_model(s, module) for s in spreads)
    ):
        yield Problem("signature", f"`{label}()` needs `model`, which no spread visibly holds, and the message does not say so")
    if not spreads and not any(isinstance(a, ast.Starred) for a in call.args):
        positional = [object()] * len(call.args)
        try:
            (sig.bind if kind == "resource" else sig.bind_partial)(
                *([None] if kind == "ctor" else []), *positional,
                **{n: None for n in set(names) if n in params or accepts_kwargs},
            )
        except TypeError as exc:
            yield Problem("signature", f"`{label}()`: {exc}")


def _norm(text: str) -> str:
    return re.sub(r"[\s'\"]", "", text)


def _spread_named(spread: str, message: str) -> bool:
    """The message names ``**<spread>`` (its text may be shortened)."""
    for named in re.findall(r"`\*\*([^`]*)`", message):
        named = _norm(named.removesuffix("..."))
        if named and _norm(spread).startswith(named):
            return True
    return False


def _named_as_must_change(spread: str, message: str) -> bool:
    """The message says "`**<spread>` must hold ..." (the spread's text may be shortened)."""
    def norm(text: str) -> str:
        return re.sub(r"[\s'\"]", "", text)

    for named in re.findall(r"`\*\*([^`]*)` must hold", message):
        named = norm(named.removesuffix("..."))
        if named and norm(spread).startswith(named):
            return True
    return False


def _original_call(finding, module: Module) -> ast.Call | None:
    node = module.node_at(finding.line, finding.col, finding.end_line, finding.end_col)
    return node if isinstance(node, ast.Call) else None


def _replaced_on_purpose(value: ast.AST, message: str) -> bool:
    """A committed secret the message says is read from the environment instead, an endpoint
    the message says has moved."""
    constants = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    if "committed key" in message and constants:
        return True
    return "moved to http" in message and any("://" in c for c in constants)


def _lost_arguments(original: ast.Call, snippet: str, snippet_tree: ast.AST, message: str, module: Module) -> Iterator[Problem]:
    kept_keywords = {k.arg for n in ast.walk(snippet_tree) if isinstance(n, ast.Call) for k in n.keywords if k.arg}
    kept_keys = {k.value for n in ast.walk(snippet_tree) if isinstance(n, ast.Dict) for k in n.keys
                 if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    snippet_names = {n.id for n in ast.walk(snippet_tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(snippet_tree) if isinstance(n, ast.Attribute)
    }
    flat = re.sub(r"\s+", "", snippet)
    api_keys = _api_key_values(snippet_tree)

    def carried(value: ast.AST, depth: int = 0) -> bool:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and "://" in value.value:
            host = value.value.split("://", 1)[1].split("/", 1)[0]
            if host and host in snippet:
                return True
        if isinstance(value, ast.Name) and depth < 2 and any(
            carried(v, depth + 1) for v in module.assignments.get(value.id, ())
        ):
            return True
        if isinstance(value, ast.Attribute) and depth < 2 and any(
            carried(v, depth + 1) for v in module.assignments.get("." + value.attr, ())
        ):
            return True
        if re.sub(r"\s+", "", ast.unparse(value)) in re.sub(r"\s+", "", ast.unparse(snippet_tree)):
            return True
        text = re.sub(r"\s+", "", ast.unparse(value))
        if text in flat:
            return True
        # AzureKeyCredential(key) -> api_key=key: the values inside are carried
        inner = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(value) if isinstance(n, ast.Attribute)
        }
        constants = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value]
        return bool(inner & snippet_names) or any(c in snippet for c in constants)

    for keyword in original.keywords:
        if keyword.arg is None:
            text = ast.unparse(keyword.value)
            if ("**" + text).replace(" ", "") in flat or carried(keyword.value) or "unpacked" in message:
                continue
            if _spread_named(text, message):
                continue  # "the entries of `**x` are passed directly", "the dict behind `**x` ..."
            yield Problem("lost", f"`**{text}` of the original call is dropped silently")
            continue
        if keyword.arg in AUTH_KEYWORDS and api_keys and not _is_none(keyword.value) and not (
            _attr_chain(keyword.value)[-1:] == ["API_KEY_SENTINEL"]  # openai's "no key" placeholder
        ):
            if not _reaches_api_key(keyword.value, api_keys, message, module):
                yield Problem("lost", f"`{keyword.arg}={ast.unparse(keyword.value)}` does not reach the migrated api_key=")
            continue
        marker = CONSUMED_BY.get(keyword.arg, "\0")
        if keyword.arg in MIGRATED_AWAY or marker in flat or marker in message.replace(" ", ""):
            continue
        if keyword.arg in kept_keywords or keyword.arg in kept_keys or _mentions(message, keyword.arg):
            continue
        if isinstance(keyword.value, ast.Constant) and keyword.value.value is None:
            continue
        if _replaced_on_purpose(keyword.value, message):
            continue
        if carried(keyword.value):
            continue
        yield Problem("lost", f"`{keyword.arg}=` of the original call is dropped silently")
    for detail in _key_before_token(original, snippet_tree):
        yield Problem("lost", detail)
    for arg in original.args:
        if isinstance(arg, ast.Constant) and arg.value is None:
            continue
        if _replaced_on_purpose(arg, message):
            continue
        if isinstance(arg, ast.Starred) and "unpacked" in message:
            continue
        if not carried(arg):
            yield Problem("lost", f"positional argument `{ast.unparse(arg)}` of the original call is dropped silently")


#: AzureOpenAI's auth keywords: each one the user set must reach the migrated ``api_key=``
#: (a key next to a token provider keeps both paths), being named is not enough
AUTH_KEYWORDS = ("api_key", "azure_ad_token", "azure_ad_token_provider")


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _api_key_values(snippet_tree: ast.AST) -> list[str]:
    """What ``api_key=`` of a call in the snippet may evaluate to: the value, the operands of
    ``or``/``and`` and the branches (not the tests) of a conditional, and every sub-expression of
    those (a provider built from a credential), unparsed without ``azure.identity.aio.``."""
    out: list[str] = []

    def visit(expr: ast.AST) -> None:
        if isinstance(expr, ast.BoolOp):
            for value in expr.values:
                visit(value)
        elif isinstance(expr, ast.IfExp):
            visit(expr.body)
            visit(expr.orelse)
        else:
            out.extend(_aio_free(n) for n in ast.walk(expr) if isinstance(n, ast.expr))

    for node in ast.walk(snippet_tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "api_key":
                    visit(keyword.value)
    return out


def _key_before_token(original: ast.Call, snippet_tree: ast.AST) -> Iterator[str]:
    """AzureOpenAI sent a token (static, else the provider's) before the key: a migrated
    ``api_key=<key> or <token>`` makes the key win, unless the code passed the token only
    without the key (``p if not key else None``, ``None if key else p``)."""
    given = {k.arg: k.value for k in original.keywords if k.arg in AUTH_KEYWORDS and not _is_none(k.value)}
    key = given.pop("api_key", None)
    if key is None or not given:
        return
    key_text = _aio_free(key)
    for node in ast.walk(snippet_tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "api_key" or not (isinstance(keyword.value, ast.BoolOp) and isinstance(keyword.value.op, ast.Or)):
                continue
            operands = [_aio_free(v) for v in keyword.value.values]
            if key_text not in operands:
                continue
            at = operands.index(key_text)
            for name, value in given.items():
                if isinstance(value, ast.IfExp) and key_text in {_aio_free(n) for n in ast.walk(value.test)}:
                    continue  # the code's own choice: no token when there is a key
                text = _aio_free(value)
                later = [i for i, v in enumerate(keyword.value.values) if i > at and
                         text in {_aio_free(n) for n in ast.walk(v) if isinstance(n, ast.expr)}]
                if later:
                    yield f"`api_key` comes before `{name}` in the migrated api_key=, where AzureOpenAI let the token win"


def _aio_free(node: ast.AST) -> str:
    return re.sub(r"\s+", "", ast.unparse(node)).replace("azure.identity.aio.", "")


def _reaches_api_key(value: ast.AST, api_keys: list[str], message: str, module: "Module", depth: int = 0) -> bool:
    """The original auth value is among what the migrated ``api_key=`` may be (or a committed
    secret the message says is read from the environment); a conditional (``p if not key else
    None``) when each of its branches that is not ``None`` is; a name when what the module
    assigns to it is (a provider the snippet builds inline)."""
    if _aio_free(value) in api_keys or _replaced_on_purpose(value, message):
        return True
    if isinstance(value, ast.IfExp):
        branches = [b for b in (value.body, value.orelse) if not _is_none(b)]
        return bool(branches) and all(_reaches_api_key(b, api_keys, message, module, depth) for b in branches)
    if isinstance(value, ast.Name) and depth < 2:
        return any(_reaches_api_key(v, api_keys, message, module, depth + 1) for v in module.assignments.get(value.id, ()))
    return False


#: module-level settings of the openai package that make its implicit client an Azure one
_MODULE_AZURE_SETTINGS = frozenset({"api_type", "azure_endpoint", "azure_ad_token", "azure_ad_token_provider", "api_version", "api_base"})


def _module_client_env(module: Module) -> set[str]:
    """What openai's implicit module client read: ``openai.api_type = "azure"`` and the other
    module settings make it an ``AzureOpenAI`` that reads its variables from the environment;
    ``OPENAI_API_VERSION`` in the module's text means an ``AzureOpenAI()`` built from them."""
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in _MODULE_AZURE_SETTINGS:
                    return {v for vs in IMPLICIT_ENV["AzureOpenAI"].values() for v in vs}
    if "OPENAI_API_VERSION" in module.strings:
        return {v for vs in IMPLICIT_ENV["AzureOpenAI"].values() for v in vs}
    return set()


def _enclosing_call(node: ast.AST | None, module: Module) -> ast.Call | None:
    while node is not None and not isinstance(node, ast.Call):
        node = module.parents.get(node)
        if isinstance(node, ast.stmt):
            return None
    return node


def _implicit_env(original: ast.AST | None) -> set[str]:
    if not isinstance(original, ast.Call):
        return set()
    name = (_attr_chain(original.func) or [""])[-1]
    implicit = IMPLICIT_ENV.get(name)
    if not implicit or any(k.arg is None for k in original.keywords):
        return set()
    given = {k.arg for k in original.keywords if not _is_none(k.value)}  # None: read from the environment
    return {var for arg, variables in implicit.items() if arg not in given for var in variables}


def imported_names(snippet: str | None) -> frozenset[str]:
    """Names an import-only snippet binds (what replacing the user's import statement binds)."""
    try:
        tree = ast.parse(snippet or "")
    except SyntaxError:
        return frozenset()
    if not tree.body or not all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body):
        return frozenset()
    return frozenset(
        (a.asname or a.name).split(".")[0] for s in tree.body for a in s.names
    )


def built_clients(snippet: str | None) -> frozenset[str]:
    """Names a snippet binds at its top level to a new client (``client = OpenAI(...)``, what the
    module-settings findings put in place of ``openai.api_key = ...``)."""
    try:
        tree = ast.parse(snippet or "")
    except SyntaxError:
        return frozenset()
    return frozenset(
        t.id for s in tree.body if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call)
        and _callee(s.value) is not None and _callee(s.value)[0] == "ctor"
        for t in s.targets if isinstance(t, ast.Name)
    )


def problems(finding, source: str | Module, also_bound: frozenset[str] = frozenset()) -> list[Problem]:
    """What is wrong with ``finding.snippet`` for the module ``source`` (empty when nothing).

    ``also_bound``: names the module binds once its other findings are applied (the imports
    their import-only snippets put in place of the SDK's).
    """
    snippet = finding.snippet
    if not snippet:
        return []
    module = source if isinstance(source, Module) else Module(source)
    try:
        tree = ast.parse(snippet)
    except SyntaxError as exc:
        return [Problem("syntax", str(exc))]
    found: list[Problem] = []
    parents = _parents(tree)
    own = Module(snippet)  # a spread dict the snippet itself (re)defines counts first
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = _callee(node, own, module)
            if callee:
                found.extend(_check_call(node, *callee, _is_async_receiver(node, tree, parents), finding, module, own))
    found.extend(_key_behind_authorization(tree, own, module, finding.message))
    free = _free_names(snippet)
    if free is not None:
        bound = module.bound_at(finding.line) | also_bound | module.unresolved
        for name in sorted(free - bound - _BUILTINS):
            found.append(Problem("unbound", f"`{name}` is neither imported by the snippet nor bound in the module"))
    original = module.node_at(finding.line, finding.col, finding.end_line, finding.end_col)
    allowed = module.strings | _implicit_env(_enclosing_call(original, module)) | _module_client_env(module)
    for var in sorted(_env_reads(tree) - allowed):
        if _mentions(finding.message, var):
            continue  # the message tells the user where the value now comes from
        found.append(Problem("config", f"reads {var}, which the module never reads"))
    if isinstance(original, ast.Call) and any(_callee(n, own, module) for n in ast.walk(tree) if isinstance(n, ast.Call)):
        found.extend(_lost_arguments(original, snippet, tree, finding.message, module))
        found.extend(_lost_statement(original, tree, module))
        found.extend(_ignored_keys(original, tree, own, finding.message, module))
    if isinstance(original, ast.Call):
        found.extend(_invented_target(original, tree, module))
        found.extend(_required_optional_env(original, tree))
    if original is not None:
        found.extend(_other_functions_settings(original, tree, module))
        found.extend(_dropped_parameters(original, tree, module))
    found.extend(_type_checks_on_typed_dicts(snippet, tree, original, module))
    found.extend(_wider_than_span(original, tree, module))
    found.extend(_uncaught_transport_errors(tree, finding.line, module))
    found.extend(_identity_with_literals(finding, tree, module))
    subclass = original.func.id if isinstance(original, ast.Call) and isinstance(original.func, ast.Name) else None
    if subclass in module.subclasses and not any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == subclass for n in ast.walk(tree)
    ) and any(isinstance(n, ast.Call) and _constructors(n.func) for n in ast.walk(tree)):
        found.append(Problem("lost", f"the code builds its subclass `{subclass}`; the snippet builds the base class, losing its overrides"))
    return found


def _key_behind_authorization(tree: ast.AST, own: Module, module: Module, message: str) -> Iterator[Problem]:
    """An ``OpenAI(api_key=..., default_headers=...)`` whose headers visibly hold
    ``Authorization`` and no ``api-key``: OpenAI sends ``api_key=`` as ``Authorization: Bearer``,
    which the default header replaces, so the key is never sent (``lost``), unless the message
    says there is no automatic fix for it."""
    if "no automatic fix: default_headers" in message:
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _constructors(node.func)):
            continue
        given = {k.arg: k.value for k in node.keywords if k.arg}
        headers = given.get("default_headers")
        if "api_key" not in given or headers is None:
            continue
        keys = _spread_keys(headers, own) if not isinstance(headers, ast.Dict) else None
        if keys is None:
            keys = _spread_keys(headers, module)
        lowered = {k.lower() for k in keys or ()}
        if "authorization" in lowered and "api-key" not in lowered:
            yield Problem("lost", "default_headers hold `Authorization`, which replaces the Bearer api_key= becomes: the key is never sent")


#: what a raw HTTP call is made with in a snippet (the REST functions replacing SDK calls)
_HTTP_ROOTS = frozenset({"requests", "httpx", "httpx2", "aiohttp", "http"})
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "request", "send"})
#: azure-core's transport errors -> what a snippet must raise for a handler of them to still apply
_TRANSPORT_HANDLERS = {
    "ServiceRequestError": "ServiceRequestError",
    "ServiceResponseError": "ServiceResponseError",
    "ServiceRequestTimeoutError": "ServiceRequestTimeoutError",
    "ServiceResponseTimeoutError": "ServiceResponseTimeoutError",
    "AzureError": "ServiceRequestError",
}


def _handled_names(handler: ast.ExceptHandler) -> Iterator[str]:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for item in types:
        chain = _attr_chain(item) if item is not None else None
        if chain:
            yield chain[-1]


def _uncaught_transport_errors(tree: ast.AST, line: int, module: Module) -> Iterator[Problem]:
    """A snippet that sends a raw HTTP request (``requests.post``, ``http.post`` ...) in place of
    an azure-core client's call must raise azure-core's transport errors where the user's code
    catches them around the call (``except ServiceRequestError``): a connection error would
    escape the handler (``lost``)."""
    sends = any(
        isinstance(n, ast.Call) and (chain := _attr_chain(n.func)) and len(chain) >= 2
        and chain[0] in _HTTP_ROOTS and chain[-1] in _HTTP_METHODS
        for n in ast.walk(tree)
    )
    if not sends:
        return
    raised = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Try) or not any(s.lineno <= line <= (s.end_lineno or s.lineno) for s in node.body):
            continue
        for handler in node.handlers:
            for name in _handled_names(handler):
                needed = _TRANSPORT_HANDLERS.get(name)
                if needed is not None and needed not in raised:
                    yield Problem("lost", f"`except {name}` around the call no longer catches the REST call's "
                                          f"transport errors (it raises no {needed})")


#: functions the REST snippets (image embeddings) define: they return the response's JSON, a dict
_REST_FUNCTIONS = frozenset({"embed_images", "get_model_info"})
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _scope_at(module: Module, line: int) -> int:
    """An id of the innermost function of the user's module holding ``line`` (0: the module)."""
    best, size = 0, None
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= (node.end_lineno or 0):
            span = (node.end_lineno or 0) - node.lineno
            if size is None or span < size:
                best, size = id(node), span
    return best


def _outside_functions(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``tree`` outside the functions it defines (their locals are their own)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _dict_results(findings: list, module: Module) -> Iterator[tuple[object, Problem]]:
    """A snippet reading a model object's method or attribute (``.model_dump()``, ``.data``) on
    a name that another finding's snippet, in the same function, assigns from a REST function
    (``x = embed_images(...)``): that is the response's JSON dict, the read raises
    AttributeError (``signature``)."""
    trees = []
    for f in findings:
        try:
            trees.append((f, ast.parse(f.snippet)) if f.snippet else (f, None))
        except SyntaxError:
            trees.append((f, None))
    assigned: dict[int, set[str]] = {}
    for f, tree in trees:
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value.value if isinstance(node.value, ast.Await) else node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _REST_FUNCTIONS:
                    assigned.setdefault(_scope_at(module, f.line), set()).add(node.targets[0].id)
    for f, tree in trees:
        names = assigned.get(_scope_at(module, f.line)) if tree is not None else None
        for node in _outside_functions(tree) if names else ():
            if (
                isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names
                and isinstance(node.ctx, ast.Load) and node.attr not in _DICT_ATTRIBUTES
            ):
                yield f, Problem("signature", f"`{node.value.id}.{node.attr}` on the JSON dict a REST function returns")


_TYPE_CHECKS = ("isinstance", "issubclass")


@functools.lru_cache(maxsize=None)
def _refuses_isinstance(module: str, name: str) -> bool:
    """Whether ``isinstance()`` raises on the installed ``<module>.<name>`` (a TypedDict or a
    union of them); unknown names do not."""
    import importlib

    if not module.startswith("openai"):
        return False
    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return False
    try:
        isinstance({}, value)
    except TypeError:
        return True
    return False


def _checked_classes(tree: ast.AST) -> Iterator[ast.Name]:
    """The names given as the class side of ``isinstance()``/``issubclass()`` (tuples too)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _TYPE_CHECKS
            and len(node.args) == 2
        ):
            second = node.args[1]
            for item in second.elts if isinstance(second, ast.Tuple) else [second]:
                if isinstance(item, ast.Name):
                    yield item


def _type_checks_on_typed_dicts(snippet: str, tree: ast.AST, original: ast.AST | None, module: Module) -> Iterator[Problem]:
    imported = {
        (a.asname or a.name): (s.module, a.name) for s in ast.walk(tree)
        if isinstance(s, ast.ImportFrom) and s.module for a in s.names
    }
    for name in _checked_classes(tree):
        if name.id in imported and _refuses_isinstance(*imported[name.id]):
            yield Problem("signature", f"isinstance() on `{name.id}`, which refuses it (TypedDict)")
    if not (isinstance(original, ast.ImportFrom) and (original.module or "").startswith("azure.ai.inference")):
        return
    # the user's import is replaced by the snippet: a name the module type-checks must not
    # become a TypedDict (the snippet's "# Name -> Target" comment) unless it warns about it
    checked = {n.id for n in _checked_classes(module.tree)}
    for alias in original.names:
        bound = alias.asname or alias.name
        if bound not in checked:
            continue
        for line in snippet.splitlines():
            match = re.match(rf"#\s*{re.escape(alias.name)} -> (\w+)", line)
            if match and match.group(1) in imported and _refuses_isinstance(*imported[match.group(1)]) and (
                "isinstance" not in line
            ):
                yield Problem(
                    "signature",
                    f"`{bound}` is type-checked with isinstance() and becomes `{match.group(1)}`, which refuses it",
                )


#: Azure AI Inference clients: azure-core ignores keywords it does not know, OpenAI() does not
INFERENCE_CONSTRUCTORS = frozenset({"ChatCompletionsClient", "EmbeddingsClient", "ImageEmbeddingsClient"})


def _ignored_keys(original: ast.Call, snippet_tree: ast.AST, own: Module, message: str, module: Module) -> Iterator[Problem]:
    """An Inference client's ``**kwargs`` spread into ``OpenAI()`` unseen: the dict may hold keys
    the Inference client ignored and OpenAI() rejects (TypeError); the message must say so."""
    if (_attr_chain(original.func) or [""])[-1] not in INFERENCE_CONSTRUCTORS or "TypeError" in message:
        return
    for node in ast.walk(snippet_tree):
        if isinstance(node, ast.Call) and _constructors(node.func):
            for keyword in node.keywords:
                if keyword.arg is None and _spread_keys(keyword.value, own) is None and _spread_keys(keyword.value, module) is None:
                    yield Problem("signature", f"`**{ast.unparse(keyword.value)}` may hold keys the Inference client ignored "
                                               "and OpenAI() rejects (TypeError), and the message does not say so")


def _lost_statement(original: ast.Call, snippet_tree: ast.Module, module: Module) -> Iterator[Problem]:
    """The call's value was returned or yielded: a snippet that assigns the client it builds to a
    name and neither returns nor yields loses it (``return load_client(...)`` pasted as
    ``client = OpenAI(...)`` makes the function return None)."""
    node, parent = original, module.parents.get(original)
    if isinstance(parent, ast.Await):
        node, parent = parent, module.parents.get(parent)
    if not isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom)):
        return
    if any(isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) for n in ast.walk(snippet_tree)):
        return
    for stmt in snippet_tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and _constructors(stmt.value.func):
            what = "returned" if isinstance(parent, ast.Return) else "yielded"
            yield Problem("lost", f"the call's value was {what}: the snippet assigns the client to "
                                  f"`{ast.unparse(stmt.targets[0])}` and {what[:-2]}s nothing")
            return


def _invented_target(original: ast.Call, snippet_tree: ast.Module, module: Module) -> Iterator[Problem]:
    """The call stands inside a larger expression (a list item, an argument): a snippet whose
    only statement assigns its replacement to a name the user's statement does not assign cannot
    be put where the call was (``input=[item = {...}]``), and invents the name."""
    parent = module.parents.get(original)
    if isinstance(parent, ast.Await):
        parent = module.parents.get(parent)
    if parent is None or isinstance(parent, (ast.stmt, ast.Yield, ast.YieldFrom)):
        return
    code = [s for s in snippet_tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    if len(code) != 1 or not isinstance(code[0], ast.Assign) or len(code[0].targets) != 1:
        return
    stmt = parent
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = module.parents.get(stmt)
    targets = {ast.unparse(t) for t in getattr(stmt, "targets", [getattr(stmt, "target", None)]) if t is not None}
    name = ast.unparse(code[0].targets[0])
    if name not in targets:
        yield Problem("statement", f"the call is part of an expression: the snippet assigns its replacement to "
                                   f"`{name}`, which the code does not assign (pasted in place it does not parse)")


_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _other_functions_settings(original: ast.AST, snippet_tree: ast.Module, module: Module) -> Iterator[Problem]:
    """A finding in one function whose snippet shows a string another function assigns to an
    ``openai.<setting>`` (and neither its own function nor the module level does): the settings
    in effect there are not those (each function configures the module client when it runs)."""
    here = next((a for a in _ancestors(original, module.parents) if isinstance(a, _FUNCTION_NODES)), None)
    if here is None:
        return
    # every string of its own function counts as its own (a client built there from literals)
    mine = {n.value for n in ast.walk(here) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    others: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant) or not isinstance(node.value.value, str):
            continue
        if not any(isinstance(t, ast.Attribute) and _attr_chain(t)[:1] == ["openai"] for t in node.targets):
            continue
        function = next((a for a in _ancestors(node, module.parents) if isinstance(a, _FUNCTION_NODES)), None)
        if function is None or function is here:
            mine.add(node.value.value)
        else:
            others.setdefault(node.value.value, getattr(function, "name", "<lambda>"))
    shown = {n.value for n in ast.walk(snippet_tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for value in sorted(shown - mine):
        endpoint = value.rstrip("/").removesuffix("/openai/v1")
        origin = others.get(value) or others.get(endpoint) or others.get(endpoint + "/")
        if origin and value not in mine and endpoint not in mine and endpoint + "/" not in mine:
            yield Problem("config", f"shows {value!r}, a setting of another function (`{origin}`), not one in effect here")
            return


def _dropped_parameters(original: ast.AST, snippet_tree: ast.Module, module: Module) -> Iterator[Problem]:
    """A migrated function header (``def f(...): ...``) that drops a parameter the original
    function's body still reads (other than as a client's ``api_version=``, which the client's
    own migration drops): pasted over the function, the body raises NameError."""
    if len(snippet_tree.body) != 1 or not isinstance(snippet_tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return
    header = snippet_tree.body[0]
    fn = next((a for a in _ancestors(original, module.parents)
               if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef)) and a.name == header.name), None)
    if fn is None:
        return

    def params(f: ast.AST) -> set[str]:
        a = f.args
        return {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x is not None}

    for name in sorted(params(fn) - params(header)):
        passed = {id(kw.value) for stmt in fn.body for n in ast.walk(stmt) if isinstance(n, ast.Call)
                  for kw in n.keywords if kw.arg == "api_version"}
        reads = sorted({n.lineno for stmt in fn.body for n in ast.walk(stmt) if isinstance(n, ast.Name)
                        and n.id == name and isinstance(n.ctx, ast.Load) and id(n) not in passed})
        if reads:
            yield Problem("unbound", f"the header drops parameter `{name}`, which the body still reads "
                                     f"(line {reads[0]}): NameError once pasted")


def _required_optional_env(original: ast.Call, snippet_tree: ast.Module) -> Iterator[Problem]:
    """The original client read a variable only when set (``_enforce_credentials=False``, or a
    key given in its ``api-key`` header): a snippet reading it as ``os.environ[...]`` raises
    KeyError where the code ran without it."""
    tolerant = False
    for kw in original.keywords:
        if kw.arg == "_enforce_credentials" and isinstance(kw.value, ast.Constant) and kw.value.value is False:
            tolerant = True
        if kw.arg == "default_headers" and isinstance(kw.value, ast.Dict) and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.lower() == "api-key"
            for k in kw.value.keys
        ):
            tolerant = True
    if not tolerant:
        return
    for node in ast.walk(snippet_tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _attr_chain(node.value)[-1:] == ["environ"]:
            key = node.slice
            if isinstance(key, ast.Constant) and key.value in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
                yield Problem("config", f"reads {key.value} as required, which the client read only when set "
                                        "(its credential may be absent or in a header): KeyError where the code ran")
                return


def _stringish(node: ast.AST) -> bool:
    """A string expression: a literal, an f-string, a ``+`` chain with a string in it."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (_stringish(node.left) or _stringish(node.right))


def _whole_url(node: ast.AST) -> bool:
    """A string expression that starts a URL of its own: a scheme, or an f-string / ``+`` chain
    that opens with an expression (a root held in a variable)."""
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node = node.left
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.lower().startswith(("http://", "https://", "ws://", "wss://"))
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        return isinstance(first, ast.FormattedValue) or _whole_url(first)
    return not isinstance(node, (ast.Constant, ast.JoinedStr))


def _wider_than_span(original: ast.AST | None, snippet_tree: ast.Module, module: Module) -> Iterator[Problem]:
    """A string snippet shown for a string span (a URL literal) replaces that span: put in its
    place, the enclosing statement must still parse, and a literal that continues a ``+`` chain
    (``root + "/models?..."``) must not get a whole URL that repeats (or guesses) the prefix."""
    if not (isinstance(original, ast.JoinedStr) or isinstance(original, ast.Constant) and isinstance(original.value, str)):
        return
    body = snippet_tree.body
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not _stringish(body[0].value):
        return
    text = ast.unparse(body[0].value)
    lines = module.source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: original.lineno - 1]) + len(
        lines[original.lineno - 1].encode()[: original.col_offset].decode(errors="replace"))
    end = sum(len(line) for line in lines[: original.end_lineno - 1]) + len(
        lines[original.end_lineno - 1].encode()[: original.end_col_offset].decode(errors="replace"))
    pasted = module.source[:start] + text + module.source[end:]
    try:
        ast.parse(pasted)
    except (SyntaxError, ValueError):
        yield Problem("span", "put in place of the flagged span, the snippet does not parse")
        return
    parent = module.parents.get(original)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add) and parent.right is original and _whole_url(body[0].value):
        yield Problem("span", f"the snippet is a whole URL but replaces the part after `{ast.unparse(parent.left)} + `: "
                              "pasted there it repeats or guesses the prefix")


#: constants ``is`` may compare with (CPython warns about every other literal)
_SINGLETONS = (None, True, False, Ellipsis)


def identity_literals(tree: ast.AST) -> collections.Counter:
    """``is`` / ``is not`` comparisons with a literal operand (a str, bytes or number constant)
    in ``tree``, as their source text (unparsed), counted."""
    found: collections.Counter = collections.Counter()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for index, op in enumerate(node.ops):
            if isinstance(op, (ast.Is, ast.IsNot)) and any(
                isinstance(o, ast.Constant) and not any(o.value is s for s in _SINGLETONS)
                for o in operands[index:index + 2]
            ):
                found[ast.unparse(node)] += 1
                break
    return found


def apply_edits(source: str, edits: Iterable) -> str:
    """``source`` with the fix's edits (1-based lines, 0-based UTF-8 byte columns) applied."""
    data = source.encode("utf-8")
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        return starts[min(line, len(starts)) - 1] + col

    for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
        data = data[:offset(edit.line, edit.col)] + edit.text.encode("utf-8") + data[offset(edit.end_line, edit.end_col):]
    return data.decode("utf-8", errors="replace")


def _identity_with_literals(finding, snippet_tree: ast.AST, module: Module) -> Iterator[Problem]:
    """``x is "stop"`` in the snippet, or in the module once the finding's fix is applied, that
    the user's module did not already hold."""
    before = module.identity_literals
    for text in identity_literals(snippet_tree):
        if text not in before:
            yield Problem("identity", f"the snippet compares with `is` against a literal: `{text}`")
    fix = getattr(finding, "fix", None)
    if fix is None or not fix.edits:
        return
    lines = module.source.splitlines()
    near = "\n".join(
        [e.text for e in fix.edits] + [line for e in fix.edits for line in lines[max(e.line - 3, 0):e.end_line + 1]])
    if not re.search(r"\bis\b", near):
        return  # no `is` in or around the edits: nothing to parse the whole module again for
    try:
        after = ast.parse(apply_edits(module.source, fix.edits))
    except (SyntaxError, ValueError):
        return  # a fix that does not parse is refused by `fix` (and reported as such there)
    for text in identity_literals(after) - before:
        yield Problem("identity", f"the fix compares with `is` against a literal: `{text}`")


def check_findings(findings: Iterable, source: str) -> list[tuple[object, Problem]]:
    """Every problem of every finding of one module, as (finding, problem) pairs."""
    findings = list(findings)
    module = Module(source)
    also_bound = frozenset().union(*(imported_names(f.snippet) for f in findings), *(built_clients(f.snippet) for f in findings))
    # findings that show the same migrated code are read together: what one says about it
    # (a spread dict, a dropped keyword) holds for all of them
    said: dict[str, list[str]] = {}
    for f in findings:
        if f.snippet:
            said.setdefault(f.snippet, []).append(f.message)
    return [
        (f, p) for f in findings
        for p in problems(dataclasses.replace(f, message="; ".join(said.get(f.snippet, [f.message]))) if f.snippet else f,
                          module, also_bound)
    ] + list(_lost_client_models(findings)) + list(_dict_results(findings, module)) + list(
        _orphaned_module_reads(findings, module)
    )


def _orphaned_module_reads(findings: list, module: Module) -> Iterator[tuple[object, Problem]]:
    """An import of a whole SDK module (``import azure.ai.inference as sdk``) whose snippet does
    not bind its name leaves every read of that name (``sdk.models.ChatCompletions(...)``)
    undefined: each read must lie in another finding's span, or be named, with its line, in the
    import finding's message (``unbound``)."""
    for finding in findings:
        node = module.node_at(finding.line, finding.col, finding.end_line, finding.end_col)
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or not finding.snippet:
            continue
        names = [
            a.asname or a.name.split(".")[0] for a in node.names
            if (isinstance(node, ast.Import) and a.name.startswith("azure.ai.inference"))
            or (isinstance(node, ast.ImportFrom) and node.module == "azure.ai" and a.name == "inference")
        ]
        snippet_binds = imported_names(finding.snippet)
        spans = [((f.line, f.col - 1), (f.end_line, f.end_col - 1)) for f in findings if f is not finding]
        for name in names:
            if name in snippet_binds:
                continue
            for read in ast.walk(module.tree):
                if not (isinstance(read, ast.Name) and read.id == name and isinstance(read.ctx, ast.Load)):
                    continue
                chain: ast.AST = read
                while isinstance(module.parents.get(chain), ast.Attribute):
                    chain = module.parents[chain]
                text = ast.get_source_segment(module.source, chain) or name
                if "inference" not in text and name == "azure":
                    continue  # azure.core..., not the Inference SDK
                start, end = (chain.lineno, chain.col_offset), (chain.end_lineno, chain.end_col_offset)
                if any(s <= start and end <= e for s, e in spans):
                    continue
                said = re.search(r"`" + re.escape(text) + r"[(`][^;]*\(lines? [0-9, ]*\b" + str(chain.lineno) + r"\b", finding.message)
                if not said:
                    yield finding, Problem(
                        "unbound", f"`{text}` (line {chain.lineno}) reads `{name}`, which the import's snippet does not bind, "
                        "and neither another finding nor the message covers it"
                    )


#: what AOM103/AOM104 say when they know no model for the call
_PLACEHOLDER_NOTE = "`model` is required: put your deployment name in the placeholder"


def _lost_client_models(findings: list) -> Iterator[tuple[object, Problem]]:
    """A call migrated with a placeholder model although its client sets one: AOM501 (missing
    model) stays quiet on a call whose client's constructor names a model, so a placeholder
    without an AOM501 on the same call means the client's model was lost on the way (``lost``)."""
    missing = {(f.line, f.col) for f in findings if f.code == "AOM501"}
    for f in findings:
        if f.code in ("AOM103", "AOM104") and _PLACEHOLDER_NOTE in f.message and (f.line, f.col) not in missing:
            yield f, Problem("lost", "the call gets a placeholder model although its client sets one (no AOM501 here)")
