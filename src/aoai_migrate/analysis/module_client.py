"""What the rules about openai's module-level client share: settings that are not settings
(``openai.api_version = None`` resets it). openai's own code that implements that client gets no
findings at all (:mod:`aoai_migrate.sdk_source`)."""

from __future__ import annotations

import ast


def is_none(value: ast.AST | None) -> bool:
    """``value`` is the literal ``None``: the attribute is reset, nothing is configured."""
    return isinstance(value, ast.Constant) and value.value is None
