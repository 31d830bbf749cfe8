"""Plain data shared by the engine and every adapter: categories, settings and findings."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any


class Category(str, enum.Enum):
    """Finding categories. Their values are part of the public JSON output."""

    INFERENCE_SDK = "inference-sdk"
    AUTH = "auth"
    AZURE_OPENAI_CLIENT = "azure-openai-client"
    API_VERSION = "api-version"
    MISSING_MODEL = "missing-model"
    UNSUPPORTED_FEATURE = "unsupported-feature"
    ERROR_HANDLING = "error-handling"
    STREAMING = "streaming"
    DEPENDENCY = "dependency"

    def __str__(self) -> str:
        return self.value


DEFAULT_ENTRA_SCOPE = "https://cognitiveservices.azure.com/.default"


@dataclasses.dataclass(frozen=True)
class Settings:
    """User-tunable knobs, read from ``[tool.aoai-migrate]``, flake8 options or pylint options."""

    entra_scope: str = DEFAULT_ENTRA_SCOPE
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)


class Applicability(str, enum.Enum):
    """How far a fix can be trusted (ruff's three levels). Values are public in JSON."""

    #: keeps the program's behaviour on the new endpoint; ``aoai-migrate fix`` applies it.
    SAFE = "safe"
    #: right in the usual case but needs a review (a setting must now hold another value, a
    #: placeholder to fill, a behaviour that changes); applied only with ``--unsafe-fixes``.
    UNSAFE = "unsafe"
    #: shown (JSON, SARIF, editors) but never applied.
    DISPLAY_ONLY = "display-only"

    def __str__(self) -> str:
        return self.value


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace a source range with ``text``; an empty range inserts (ruff's ``Edit``).

    Lines are 1-based, columns 0-based. The engine counts columns in UTF-8 bytes, as ``ast``
    does; the CLI's reports (``runner.to_characters``) count characters, as ruff and SARIF do.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    text: str

    @property
    def start(self) -> tuple[int, int]:
        return (self.line, self.col)

    @property
    def end(self) -> tuple[int, int]:
        return (self.end_line, self.end_col)

    def to_json(self) -> dict[str, Any]:
        """ruff's JSON shape: ``content``, ``location``/``end_location`` with 1-based
        ``row``/``column``."""
        return {
            "content": self.text,
            "location": {"row": self.line, "column": self.col + 1},
            "end_location": {"row": self.end_line, "column": self.end_col + 1},
        }


#: the former name of :class:`Edit`
Replacement = Edit


@dataclasses.dataclass(frozen=True)
class Fix:
    """The mechanical change that resolves a finding (ruff's ``Fix``).

    ``edits`` never overlap one another. ``imports`` are the import statements the new code
    needs, exactly as they would be written (``"from openai import OpenAI"``,
    ``"import azure.identity.aio"``); ``fix`` adds those the module lacks. ``unused`` are
    dotted names (``"azure.ai.inference.ChatCompletionsClient"``, ``"azure.core.credentials"``)
    whose imports the edits may leave unused; ``fix`` removes them only when nothing uses them
    any more (it also does this, unasked, for every ``azure.ai.inference``/``azure.core`` name
    the edits stopped using).
    """

    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]
    imports: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()

    @property
    def applies(self) -> bool:
        return self.applicability is not Applicability.DISPLAY_ONLY and bool(self.edits)

    def allowed(self, unsafe: bool = False) -> bool:
        """Whether ``aoai-migrate fix`` applies it (``unsafe``: with ``--unsafe-fixes``)."""
        if not self.applies:
            return False
        return self.applicability is Applicability.SAFE or unsafe

    def to_json(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [edit.to_json() for edit in self.edits],
            "imports": list(self.imports),
        }


@dataclasses.dataclass(frozen=True)
class SnippetRef:
    """Where the migrated code of a finding is shown: another finding on the same site."""

    code: str
    symbol: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.code} ({self.symbol}) on line {self.line}"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "col": self.col}


@dataclasses.dataclass(frozen=True)
class Finding:
    """One diagnostic. ``line``/``col`` are 1-based, as flake8 prints them. In a notebook,
    ``cell`` is the 1-based position of the cell among all the file's cells (markdown included,
    as Jupyter shows them) and ``line``/``end_line`` count within that cell; ``None`` elsewhere."""

    code: str
    symbol: str
    category: Category
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    message: str
    snippet: str | None = None
    compact: str | None = None
    fix: Fix | None = None
    cell: int | None = None
    #: the snippet is the one another finding on the same site shows (see :mod:`aoai_migrate.sharing`)
    see: SnippetRef | None = None
    #: the file is test code (``test-paths``); set by the CLI runner only
    test_code: bool = False

    @property
    def location(self) -> str:
        """``path:line:col``, or ``path:cell 3:line:col`` in a notebook."""
        if self.cell is not None:
            return f"{self.path}:cell {self.cell}:{self.line}:{self.col}"
        return f"{self.path}:{self.line}:{self.col}"

    @property
    def replacement(self) -> Edit | None:
        """The fix's edit when it has exactly one (the snippet's span, in most rules)."""
        if self.fix is not None and len(self.fix.edits) == 1:
            return self.fix.edits[0]
        return None

    @property
    def fix_marker(self) -> str:
        """What flake8, pylint and the text output append when a fix is available."""
        if self.fix is None or not self.fix.applies:
            return ""
        if self.fix.applicability is Applicability.SAFE:
            return " (fix available)"
        return " (unsafe fix available)"

    def one_line(self) -> str:
        """The message as flake8, pylint and editors show it: one line, with the compact snippet
        and, when ``aoai-migrate fix`` can apply the change, a fix marker."""
        if self.compact:
            return f"{self.message}; migrated: `{self.compact}`{self.fix_marker}"
        if self.see is not None:
            return f"{self.message}; migrated code: see {self.see}{self.fix_marker}"
        return f"{self.message}{self.fix_marker}"

    @property
    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.cell or 0, self.line, self.col, self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "symbol": self.symbol,
            "category": self.category.value,
            "path": self.path,
            "cell": self.cell,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "message": self.message,
            "snippet": self.snippet,
            "snippet_shown_by": self.see.to_json() if self.see is not None else None,
            "test_code": self.test_code,
            "fix": self.fix.to_json() if self.fix is not None else None,
        }
