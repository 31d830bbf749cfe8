"""Class fields whose annotations are checked at run time: pydantic models (a ``BaseModel`` or
``RootModel`` subclass, directly or through a base of the project, a pydantic dataclass, a class
configured with ``model_config``). Changing such an annotation changes what the field accepts,
so it has to move together with the value assigned to it."""

from __future__ import annotations

import ast

from ..semantics import Scope, parent_of

#: pydantic base classes (and libraries built on them) whose fields are validated
_BASES = frozenset({
    "pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.RootModel", "pydantic.root_model.RootModel",
    "pydantic.v1.BaseModel", "pydantic_settings.BaseSettings", "pydantic.BaseSettings", "sqlmodel.SQLModel",
})
_DECORATORS = frozenset({"pydantic.dataclasses.dataclass"})
_MAX_DEPTH = 8


def validated_class(node: ast.AST, scope: Scope) -> ast.ClassDef | None:
    """The class whose run-time validated field ``node`` annotates (an annotated assignment in
    the class body), or ``None``; ``scope`` is the scope ``node`` is visited in (the class's)."""
    if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
        return None
    if node.target.id.startswith("_") or "ClassVar" in ast.dump(node.annotation):
        return None  # a private attribute (`_client: X = PrivateAttr()`) or a class variable: not validated
    classdef = parent_of(node)
    if not isinstance(classdef, ast.ClassDef) or scope.kind != "class" or scope.node is not classdef:
        return None
    return classdef if _validated(scope, 0) else None


def _validated(cls_scope: Scope, depth: int) -> bool:
    classdef = cls_scope.node
    if not isinstance(classdef, ast.ClassDef) or depth > _MAX_DEPTH:
        return False
    if _configured(classdef):
        return True
    sem, outer = cls_scope.sem, cls_scope.parent or cls_scope
    if any(sem.qualnames(d.func if isinstance(d, ast.Call) else d, outer) & _DECORATORS
           for d in classdef.decorator_list):
        return True
    for base in classdef.bases:
        for value in sem.infer(base, outer):
            if value.kind == "qual" and (value.name in _BASES or _named_like_a_model(value.name, sem)):
                return True
            if value.kind == "class" and isinstance(value.node, Scope) and _validated(value.node, depth + 1):
                return True
    return False


def _configured(classdef: ast.ClassDef) -> bool:
    """``model_config = ...`` (pydantic 2) or ``class Config: arbitrary_types_allowed = ...`` (1)."""
    for stmt in classdef.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets):
            return True
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Config" and any(
                isinstance(n, ast.Name) and n.id == "arbitrary_types_allowed" for n in ast.walk(stmt)):
            return True
    return False


def _named_like_a_model(qual: str, sem) -> bool:
    """A base imported from a module this run cannot read (flake8 sees one module): a
    ``...BaseModel`` in a module that itself imports pydantic is taken for a pydantic model."""
    if not qual.rsplit(".", 1)[-1].endswith("BaseModel"):
        return False
    return any(
        (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "pydantic")
        or (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "pydantic" for a in n.names))
        for n in sem.tree.body
    )
