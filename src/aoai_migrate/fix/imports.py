"""Imports after the edits, with libcst's import codemods (``AddImportsVisitor``,
``RemoveImportsVisitor``), which keep the rest of the module byte for byte.

- added: the ``imports`` of every applied fix (``from openai import OpenAI``,
  ``import azure.identity.aio``), unless the module already binds them;
- removed: imports of ``azure.ai.inference`` and ``azure.core`` names (and of openai's
  ``AzureOpenAI``/``AsyncAzureOpenAI``) that the module used before the edits and no longer uses, and the ``unused`` names the fixes list (only when unused).
"""

from __future__ import annotations

import ast
from typing import Iterable

#: the packages whose imports the migration leaves behind
SDK_PREFIXES = ("azure.ai.inference", "azure.core")
#: single names the migration replaces, by module
SDK_NAMES = {"openai": frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})}


def parse_import(statement: str) -> list[tuple[str, str | None, str | None]]:
    """``"from openai import OpenAI as O"`` -> ``[("openai", "OpenAI", "O")]`` (module, obj, asname)."""
    try:
        tree = ast.parse(statement.strip())
    except SyntaxError:
        return []
    out: list[tuple[str, str | None, str | None]] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.extend((alias.name, None, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.extend((node.module, alias.name, alias.asname) for alias in node.names if alias.name != "*")
    return out


def used_sdk_imports(tree: ast.Module) -> list[tuple[str, str | None, str | None]]:
    """Module-level imports from the SDK packages whose names the module reads."""
    loads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    out: list[tuple[str, str | None, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                if _sdk(alias.name) and bound in loads:
                    out.append((alias.name, None, alias.asname))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if not (_sdk(node.module) or alias.name in SDK_NAMES.get(node.module, ())):
                    continue
                if alias.name != "*" and (alias.asname or alias.name) in loads:
                    out.append((node.module, alias.name, alias.asname))
    return out


def _sdk(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in SDK_PREFIXES)


def unused_names(names: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
    """``"azure.core.credentials.AzureKeyCredential"`` -> a (module, obj) removal candidate;
    a name that is a module (no capitalised last part) is removed as ``import module``."""
    out: list[tuple[str, str | None, str | None]] = []
    for name in names:
        module, _, obj = name.rpartition(".")
        if module and obj[:1].isupper():
            out.append((module, obj, None))
        else:
            out.append((name, None, None))
    return out


def update(text: str, add: Iterable[str], remove: Iterable[tuple[str, str | None, str | None]]) -> str:
    """``text`` with the ``add`` import statements added and the ``remove`` candidates removed
    where nothing uses them any more."""
    import libcst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

    additions = [parsed for statement in add for parsed in parse_import(statement)]
    removals = list(dict.fromkeys(remove))
    if not additions and not removals:
        return text
    module = libcst.parse_module(text)
    context = CodemodContext()
    for module_name, obj, asname in additions:
        AddImportsVisitor.add_needed_import(context, module_name, obj, asname)
    for module_name, obj, asname in removals:
        RemoveImportsVisitor.remove_unused_import(context, module_name, obj, asname)
    if additions:
        module = AddImportsVisitor(context).transform_module(module)
    if removals:
        module = RemoveImportsVisitor(context).transform_module(module)
    return module.code
