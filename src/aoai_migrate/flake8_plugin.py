"""flake8 adapter: ``AOM`` codes from the shared engine. Imports neither pylint, astroid nor libcst."""

from __future__ import annotations

import ast
from typing import Any, Iterator

from . import __version__
from .engine import analyze
from .model import DEFAULT_ENTRA_SCOPE, Finding, Settings
from .noqa import Suppressions, file_noqa
from .sharing import share


class Plugin:
    name = "aoai-migrate"
    version = __version__
    settings = Settings()
    #: flake8's own selection (``--select``, ``--ignore``, ``--per-file-ignores``...) and whether
    #: ``# noqa`` is honoured: the snippet of a site must sit on a finding flake8 will show
    style_guides: Any = None
    disable_noqa = False

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
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))
        try:
            from flake8.style_guide import StyleGuideManager  # flake8 has imported it already

            cls.style_guides = StyleGuideManager(options, formatter=None)
        except Exception:  # noqa: BLE001 - another flake8: every code counts as selected
            cls.style_guides = None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        if not isinstance(self.tree, ast.Module):
            return
        source = "".join(self.lines)
        try:
            findings = analyze(self.tree, source, self.filename, self.settings)
        except RecursionError:
            # flake8 reports a failing plugin as its own error; absurdly deep input is not ours to crash on
            return
        if not findings or file_noqa(source):  # `# aoai-migrate: noqa` (flake8 knows its own)
            return
        for finding in share(self._reported(findings, source)):
            yield finding.line, finding.col - 1, f"{finding.code} {finding.one_line()}", type(self)

    def _reported(self, findings: list[Finding], source: str) -> list[Finding]:
        """The findings flake8 will show: selected for this file and not under ``# noqa``."""
        if self.style_guides is not None:
            try:
                guide = self.style_guides.style_guide_for(self.filename)
                findings = [f for f in findings if guide.should_report_error(f.code).value == "selected error"]
            except Exception:  # noqa: BLE001 - flake8 internals changed: keep everything
                pass
        if not self.disable_noqa:
            suppressed = Suppressions(source)
            findings = [f for f in findings if not suppressed(f)]
        return findings
