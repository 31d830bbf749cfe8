"""Configuration and dependency files, for ``audit``: each format is read with its own
maintained parser (python-dotenv, json, PyYAML, tomllib, configparser, packaging, ast) keeping
exact line numbers; the items found (:class:`~.pins.Pin`, :class:`~.settings.Setting`) are handed
to the :class:`~aoai_migrate.registry.ArtefactRule` rules that asked for them.

    findings = analyze("requirements.txt", text, settings)   # raises DocumentError if invalid
"""

from __future__ import annotations

import ast
from typing import Any, Iterable

from .. import registry
from ..audit import kinds
from ..model import Finding, Settings
from .tree import DocumentError

__all__ = ["DocumentError", "analyze", "relevant", "items"]

#: a file whose lower-cased text has none of these words cannot hold a finding
PREFILTER_WORDS = {
    "setting": ("api_version", "api-version", "apiversion"),
    "pin": ("openai", "azure-ai-inference", "azure_ai_inference", "azure.ai.inference"),
}


def relevant(kind: str, text: str | bytes) -> bool:
    """Cheap test, as :func:`aoai_migrate.engine.relevant` is for Python."""
    low = text.lower()
    words = PREFILTER_WORDS["pin"] if kind in _PIN_KINDS else PREFILTER_WORDS["setting"]
    if kind == kinds.CONDA:
        words = words + PREFILTER_WORDS["setting"]
    if isinstance(low, bytes):
        return any(word.encode() in low for word in words)
    return any(word in low for word in words)


_PIN_KINDS = (kinds.REQUIREMENTS, kinds.PYPROJECT, kinds.SETUP_CFG, kinds.CONDA, kinds.PYTHON)


def items(kind: str, text: str, tree: ast.Module | None = None) -> Iterable[Any]:
    """The pins and settings a file of ``kind`` declares; raises :class:`DocumentError`."""
    from . import pins, settings

    if kind == kinds.REQUIREMENTS:
        return list(pins.requirements_pins(text))
    if kind == kinds.PYPROJECT:
        return list(pins.pyproject_pins(text))
    if kind == kinds.SETUP_CFG:
        return list(pins.setup_cfg_pins(text))
    if kind == kinds.PYTHON:  # setup.py
        return list(pins.setup_py_pins(tree if tree is not None else ast.parse(text)))
    if kind == kinds.CONDA:
        return [*pins.conda_pins(text), *settings.yaml_settings(text)]
    if kind == kinds.DOTENV:
        return list(settings.dotenv_settings(text))
    if kind == kinds.JSON:
        return list(settings.json_settings(text))
    if kind == kinds.YAML:
        return list(settings.yaml_settings(text))
    if kind == kinds.PROMPTY:
        return list(settings.prompty_settings(text))
    if kind == kinds.BICEP:
        return list(settings.bicep_settings(text))
    return []


def analyze(path: str, text: str, settings: Settings | None = None, *, kind: str | None = None,
            tree: ast.Module | None = None, rules: Iterable[type[registry.Rule]] | None = None) -> list[Finding]:
    """Findings of the artefact rules for the file ``path`` holding ``text``."""
    settings = settings or Settings()
    kind = kind or kinds.kind_of_path(path) or kinds.PYTHON
    found = items(kind, text, tree)
    if not found:
        return []
    from .pins import Pin

    ctx = ArtefactContext(path, settings)
    for rule_cls in rules if rules is not None else registry.all_rules():
        if not issubclass(rule_cls, registry.ArtefactRule) or not settings.enabled(rule_cls.code):
            continue
        rule = rule_cls()
        for item in found:
            if (rule.item == "pin") == isinstance(item, Pin):
                rule.check(item, ctx)
    return sorted(ctx.findings, key=lambda f: f.sort_key)


class ArtefactContext:
    """What an artefact rule reports through."""

    def __init__(self, path: str, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self.findings: list[Finding] = []

    def report(self, rule: type[registry.Rule] | registry.Rule, item: Any, *, snippet: str | None,
               snippet_format: str, **fields: Any) -> None:
        from .snippets import check_snippet

        if snippet is not None and not check_snippet(snippet, snippet_format):
            from ..engine import _STRICT, SnippetError

            if _STRICT:
                raise SnippetError(f"{rule.code} rendered a {snippet_format} snippet that does not parse:\n{snippet}")
            snippet = None
        compact = None
        if snippet is not None:
            lines = [line for line in snippet.strip().split("\n") if line.strip() and not line.lstrip().startswith(("#", "//"))]
            compact = lines[0].strip() if len(lines) == 1 else None
        self.findings.append(Finding(
            code=rule.code, symbol=rule.symbol, category=rule.category, path=self.path,
            line=item.line, col=item.col, end_line=item.end_line, end_col=item.end_col,
            message=rule.message.format(**fields), snippet=snippet, compact=compact,
        ))
