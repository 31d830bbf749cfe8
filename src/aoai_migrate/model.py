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


@dataclasses.dataclass(frozen=True)
class Replacement:
    """A ruff-style edit: replace the source range with ``text`` (lines 1-based, columns 0-based)."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


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
    replacement: Replacement | None = None
    fix: Any = None
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

    def one_line(self) -> str:
        """The message as flake8, pylint and editors show it: one line, with the compact snippet."""
        if self.compact:
            return f"{self.message}; migrated: `{self.compact}`"
        if self.see is not None:
            return f"{self.message}; migrated code: see {self.see}"
        return self.message

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
            "fix": self.fix,
        }
