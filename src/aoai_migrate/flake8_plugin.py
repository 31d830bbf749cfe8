"""flake8 adapter: ``AOM`` codes from the shared engine. Imports neither pylint, astroid nor libcst."""

from __future__ import annotations

import ast
from typing import Any, Iterator

from . import __version__
from .engine import analyze
from .model import DEFAULT_ENTRA_SCOPE, Settings
from .noqa import file_noqa


class Plugin:
    name = "aoai-migrate"
    version = __version__
    settings = Settings()

    def __init__(self, tree: ast.AST, lines: list[str] | None = None, filename: str = "stdin") -> None:
        self.tree = tree
        self.lines = lines or []
        self.filename = filename

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.add_option(
            "--aoai-entra-scope",
            default=DEFAULT_ENTRA_SCOPE,
            parse_from_config=True,
            help="Entra ID scope used in migrated token-provider snippets (default: %(default)s)",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.settings = Settings(entra_scope=getattr(options, "aoai_entra_scope", DEFAULT_ENTRA_SCOPE))

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        if not isinstance(self.tree, ast.Module):
            return
        source = "".join(self.lines)
        try:
            findings = analyze(self.tree, source, self.filename, self.settings)
        except RecursionError:
            # flake8 reports a failing plugin as its own error; absurdly deep input is not ours to crash on
            return
        if findings and file_noqa(source):  # `# aoai-migrate: noqa` (flake8 knows its own)
            return
        for finding in findings:
            yield finding.line, finding.col - 1, f"{finding.code} {finding.one_line()}", type(self)
