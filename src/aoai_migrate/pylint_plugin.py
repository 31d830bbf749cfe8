"""pylint adapter: ``pylint --load-plugins=aoai_migrate.pylint_plugin``.

One checker, ``aoai-migrate``, with one message per rule: ``W9101``/``inference-sdk-import``...
(``E9xxx`` for rules of severity "error"). The hundreds digit of a code is its category, so the
message ids span several pylint checker-id blocks (``91``..``98``, in the range pylint keeps
for plugins); they are declared ``shared`` so pylint accepts that. Disable by symbol:
``# pylint: disable=inference-sdk-import`` or ``--disable=inference-sdk-import``, or all of
them with ``--disable=aoai-migrate``.

On top of the engine, names imported from the other modules of the project resolve through the
same project index as in ``aoai-migrate check`` (:mod:`aoai_migrate.project`), and astroid
inference resolves the receivers that still come from elsewhere (see
:mod:`aoai_migrate.astroid_oracle`). ``# noqa: AOM101`` comments and a file-level
``# aoai-migrate: noqa`` are honoured too, so flake8, pylint and the CLI agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.constants import WarningScope

from . import engine, project, registry
from .astroid_oracle import AstroidOracle
from .model import DEFAULT_ENTRA_SCOPE, Settings
from .noqa import Suppressions
from .sharing import share

if TYPE_CHECKING:
    from pylint.lint import PyLinter

def _messages() -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    return {
        rule.pylint_msgid(): ("%s", rule.symbol, rule.summary.strip(), {"scope": WarningScope.LINE, "shared": True})
        for rule in registry.all_rules()
    }


class AoaiMigrateChecker(BaseChecker):
    """Report code to migrate to the OpenAI v1 SDK, with the migrated code in the message."""

    name = "aoai-migrate"
    msgs = _messages()
    options = (
        (
            "aoai-entra-scope",
            {
                "default": DEFAULT_ENTRA_SCOPE,
                "type": "string",
                "metavar": "<scope>",
                "help": "Entra ID scope used in migrated token-provider snippets.",
            },
        ),
    )

    def open(self) -> None:
        scope = getattr(self.linter.config, "aoai_entra_scope", None) or DEFAULT_ENTRA_SCOPE
        enabled = self.linter.is_message_enabled
        self._rules = [rule for rule in registry.all_rules() if enabled(rule.pylint_msgid())]
        self._settings = Settings(entra_scope=scope)

    def visit_module(self, node: nodes.Module) -> None:
        if not getattr(self, "_rules", None):
            return
        data = _read(node)
        if data is None:
            return
        # astroid may resolve a receiver from anywhere (not only the project): a call that may
        # reach a client is enough to analyse the module
        if not engine.relevant(data) and not engine.CROSS_MODULE.search(data):
            return
        try:
            tree, text = engine.parse(data, node.file or "<unknown>")
        except (engine.ParseError, RecursionError, MemoryError):
            return
        oracle = AstroidOracle(node)
        index = project.for_file(node.file) if node.file and node.file.endswith(".py") else None
        try:
            findings = engine.analyze(
                tree, text, node.file or "<unknown>", self._settings, rules=self._rules, oracle=oracle, prefilter=False,
                project=index,
            )
        except RecursionError:
            return
        suppressed = Suppressions(text)
        enabled = self.linter.is_message_enabled
        findings = share(
            [f for f in findings if not suppressed(f) and enabled(f.symbol, f.line)]
        )
        for finding in findings:
            self.add_message(
                finding.symbol,
                line=finding.line,
                col_offset=finding.col - 1,
                end_lineno=finding.end_line,
                end_col_offset=finding.end_col - 1,
                args=finding.one_line(),
            )


def _read(node: nodes.Module) -> bytes | None:
    try:
        stream = node.stream()
    except OSError:
        return None
    if stream is None:
        return None
    with stream:
        return stream.read()


def register(linter: "PyLinter") -> None:
    linter.register_checker(AoaiMigrateChecker(linter))
