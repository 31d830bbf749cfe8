"""What the rules about openai's module-level client share: settings that are not settings
(``openai.api_version = None`` resets it), and openai's own code that implements that client."""

from __future__ import annotations

import ast
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Context


def is_none(value: ast.AST | None) -> bool:
    """``value`` is the literal ``None``: the attribute is reset, nothing is configured."""
    return isinstance(value, ast.Constant) and value.value is None


def implements_openai(ctx: "Context") -> bool:
    """The module is part of the ``openai`` package itself (``openai/lib/_module_runtime.py``
    reads and writes the module-client globals to implement them): a file under an ``openai``
    directory that imports relatively, as package code does."""
    cached = ctx.state.get("implements-openai")
    if cached is None:
        parts = PurePath(ctx.path.replace("\\", "/")).parts[:-1]
        cached = "openai" in parts and any(
            isinstance(stmt, ast.ImportFrom) and stmt.level > 0 for stmt in ast.walk(ctx.sem.tree)
        )
        ctx.state["implements-openai"] = cached
    return cached
