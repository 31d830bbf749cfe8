"""The rule registry: the single source of truth for codes, symbols, categories, messages,
snippets and documentation. Adapters, docs and tests all read it.

A rule is a subclass of :class:`Rule` declared in ``aoai_migrate/rules/<category>.py`` and
decorated with :func:`register`. Detection (``visit``), message, snippet rendering, docs and the
rule's own positive/negative examples live together in that one class.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from .model import Applicability, Category

if TYPE_CHECKING:
    from .engine import Context

RULES: dict[str, type["Rule"]] = {}
_loaded = False


class Rule:
    """Base class of every rule. Subclasses fill the class attributes and implement ``visit``."""

    #: ``AOM###``; the hundreds digit is the category.
    code: ClassVar[str]
    #: pylint symbolic name, kebab-case.
    symbol: ClassVar[str]
    category: ClassVar[Category]
    #: one-line ``str.format`` template filled at report time.
    message: ClassVar[str]
    #: "warning" or "error" (error: the code is broken today, not only deprecated).
    severity: ClassVar[str] = "warning"

    # -- documentation (ruff's page order) -------------------------------------------------
    #: "What it does", one or two sentences.
    summary: ClassVar[str]
    #: "Why is this bad?"
    why: ClassVar[str]
    #: the offending code shown in the docs (must be flagged by this rule).
    example: ClassVar[str]
    #: the migrated code shown under "Use instead".
    use_instead: ClassVar[str]
    known_problems: ClassVar[str] = ""
    references: ClassVar[tuple[str, ...]] = ()
    #: whether a mechanical edit exists (the snippet is the replacement of the flagged span).
    fixable: ClassVar[bool] = False
    #: the applicability of the rule's fixes unless ``ctx.report(applicability=...)`` says
    #: otherwise for one finding (a fix that needs a review passes ``Applicability.UNSAFE``).
    fix_applicability: ClassVar[Applicability] = Applicability.SAFE
    #: the fix's one-line description (``str.format`` with the message's fields; ruff's
    #: ``fix_title``).
    fix_title: ClassVar[str] = "Apply the migrated OpenAI v1 code"
    #: "Fix safety" in the docs: when the fix is safe, when it is not and why. Empty: a
    #: sentence generated from ``fixable`` and ``fix_applicability``.
    fix_safety: ClassVar[str] = ""

    # -- Fixit-style self-tests: turned into tests by tests/test_rule_examples.py -------------
    #: code that must produce at least one finding of this rule.
    invalid: ClassVar[tuple[str, ...]] = ()
    #: code that must produce none (include tricky look-alikes).
    valid: ClassVar[tuple[str, ...]] = ()

    # -- detection --------------------------------------------------------------------------
    #: AST node classes this rule wants to see; the engine walks the tree once and dispatches.
    node_types: ClassVar[tuple[type[ast.AST], ...]] = ()
    #: for a rule that visits calls and is only about some methods (``<client>.complete(...)``):
    #: their names. The engine hands it only calls of an attribute of one of these names (a
    #: syntactic test, before any inference); calls of anything else never reach ``visit``.
    #: Empty (the default): every call.
    call_methods: ClassVar[frozenset[str]] = frozenset()
    #: whether the rule can only find something in a module that sees Azure: its text has one
    #: of the trigger words other than ``openai`` (:func:`aoai_migrate.engine.names_azure`), or
    #: it imports from a project module that sees Azure. False for the rules about plain openai
    #: code (a call without ``model``, a literal key, 0.x ``engine=``): in a module that only
    #: imports ``openai`` (the openai package's own tests, code on api.openai.com) the engine
    #: runs only those.
    needs_azure: ClassVar[bool] = True
    #: for a rule about a non-Python file (see :class:`ArtefactRule`): the file name its
    #: ``example``, ``use_instead`` and plain-string ``invalid``/``valid`` examples are written as
    artefact: ClassVar[str | None] = None

    def visit(self, node: ast.AST, ctx: "Context") -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def pylint_msgid(cls) -> str:
        letter = "E" if cls.severity == "error" else "W"
        return f"{letter}9{cls.code[3:]}"


class ArtefactRule(Rule):
    """A rule about configuration or dependency files (``audit`` only): ``.env``, settings,
    templates, requirements. The parsers of :mod:`aoai_migrate.artefacts` hand it items of the
    kind it names; ``invalid``/``valid`` examples are file contents, either plain strings (a file
    called :attr:`artefact`) or ``(file name, contents)`` pairs for other formats."""

    #: "pin" (a dependency declaration) or "setting" (an API version in configuration)
    item: ClassVar[str]

    def check(self, item: Any, ctx: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to :data:`RULES` (codes and symbols must be unique)."""
    code = cls.code
    if not (code.startswith("AOM") and len(code) == 6 and code[3:].isdigit()):
        raise ValueError(f"bad rule code {code!r}")
    if code in RULES and RULES[code] is not cls:
        raise ValueError(f"duplicate rule code {code}")
    if any(r.symbol == cls.symbol for r in RULES.values() if r is not cls):
        raise ValueError(f"duplicate rule symbol {cls.symbol}")
    if int(code[3]) != list(Category).index(cls.category) + 1:
        raise ValueError(f"{code}: hundreds digit does not match category {cls.category.value}")
    if "\n" in cls.message:
        raise ValueError(f"{code}: messages are one line")
    RULES[code] = cls
    return cls


def load() -> dict[str, type[Rule]]:
    """Import every rule module once and return the registry, ordered by code."""
    global _loaded
    if not _loaded:
        from . import rules  # noqa: F401  (imports register the rules)

        _loaded = True
        ordered = dict(sorted(RULES.items()))
        RULES.clear()
        RULES.update(ordered)
    return RULES


def all_rules() -> Iterator[type[Rule]]:
    return iter(load().values())


def get(code: str) -> type[Rule]:
    return load()[code.upper()]
