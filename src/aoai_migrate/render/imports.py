"""The imports a snippet needs and the user's module lacks.

Renderers write ``OpenAI(...)``, ``os.environ[...]``, ``get_bearer_token_provider(...)``; once
every finding of a module is known, the engine asks :func:`missing` which of the names a
snippet reads are bound neither by the snippet, nor where the finding is, nor by the import
another finding of the module puts in place of the SDK's (``from openai import OpenAI`` for
``from azure.ai.inference import ChatCompletionsClient``), and puts those imports on top.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable

#: names snippets use -> the import that binds them
IMPORTS = {
    "OpenAI": "from openai import OpenAI",
    "AsyncOpenAI": "from openai import AsyncOpenAI",
    "openai": "import openai",
    "omit": "from openai import omit",
    "os": "import os",
    "json": "import json",
    "asyncio": "import asyncio",
    "functools": "import functools",
    "base64": "import base64",
    "pathlib": "import pathlib",
    "requests": "import requests",
    "httpx": "import httpx",
    "get_bearer_token_provider": "from azure.identity import get_bearer_token_provider",
    "DefaultAzureCredential": "from azure.identity import DefaultAzureCredential",
    "AzureKeyCredential": "from azure.core.credentials import AzureKeyCredential",
    "OpenAIInstrumentor": "from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor",
}
#: dotted uses of these packages are imported as the module path they name
DOTTED = frozenset({"azure"})


def _tree(snippet: str | None) -> ast.Module | None:
    try:
        return ast.parse(snippet or "")
    except (SyntaxError, ValueError):
        return None


def bound_by(tree: ast.AST) -> set[str]:
    """Names the snippet binds anywhere (flow and scopes ignored: a snippet is small)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def imported_by(snippet: str | None) -> frozenset[str]:
    """Names an import-only snippet binds (what replacing the user's import statement binds)."""
    tree = _tree(snippet)
    if tree is None or not tree.body or not all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body):
        return frozenset()
    return frozenset(bound_by(tree))


def missing(snippet: str, is_bound: Callable[[str], bool], provided: Iterable[str] = ()) -> list[str]:
    """The import lines ``snippet`` needs, sorted; ``is_bound(name)`` says whether the user's
    module binds ``name`` where the finding is."""
    tree = _tree(snippet)
    if tree is None:
        return []
    own = bound_by(tree) | set(provided)
    lines: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name) or not isinstance(node.ctx, ast.Load) or node.id in own:
            continue
        if node.id in IMPORTS and not is_bound(node.id):
            lines.add(IMPORTS[node.id])
    for module in _dotted_modules(tree):
        if module.split(".")[0] in own or is_bound(module.split(".")[0]):
            continue
        lines.add(f"import {module}")
    return sorted(lines, key=lambda line: (line.startswith("from "), line))


def _dotted_modules(tree: ast.AST) -> list[str]:
    """``azure.identity.aio.get_bearer_token_provider`` -> ``azure.identity.aio`` (the module
    of each dotted use of a DOTTED root; a module another one is inside of is left out)."""
    modules = set()
    for node in ast.walk(tree):
        parts = []
        inner: ast.AST = node
        while isinstance(inner, ast.Attribute):
            parts.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id in DOTTED and len(parts) >= 2:
            modules.add(".".join([inner.id, *reversed(parts[1:])]))
    return sorted(m for m in modules if not any(o.startswith(m + ".") for o in modules))


def with_imports(snippet: str, lines: list[str]) -> str:
    return "\n".join(lines) + "\n\n" + snippet if lines else snippet
