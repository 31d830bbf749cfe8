"""``[tool.aoai-migrate]`` in ``pyproject.toml``, merged with command-line flags.

Keys (kebab-case; snake_case spellings are accepted too)::

    [tool.aoai-migrate]
    select = ["AOM"]                    # code prefixes to report (default: all)
    ignore = ["AOM6"]                   # code prefixes to drop
    extend-select = []                  # added to select
    extend-ignore = []                  # added to ignore
    exclude = [".git", ".venv", ...]    # replaces the default directory/file excludes
    extend-exclude = ["legacy/*"]       # added to the excludes
    per-file-ignores = { "tests/*" = ["AOM1"] }
    entra-scope = "https://cognitiveservices.azure.com/.default"
    test-paths = ["tests/", "test_*.py", ...] # what counts as test code (.gitignore syntax);
                                        # replaces the default layouts (see test_code.py)

The configuration used is the ``--config`` file, else the nearest ``pyproject.toml`` holding a
``[tool.aoai-migrate]`` table, searched from the first path argument (or the current directory)
upwards. Flags on the command line override the file.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from . import registry
from .model import DEFAULT_ENTRA_SCOPE, Category, Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: directories and files never walked into (explicit file arguments are always checked)
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr", ".direnv", ".eggs", ".git", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox", ".pytest_cache",
    ".ruff_cache", ".svn", ".tox", ".venv", "venv", "__pypackages__", "__pycache__",
    "_build", "build", "dist", "node_modules", "site-packages",
)

TABLE = "aoai-migrate"
_CODE = re.compile(r"^AOM\d{0,3}$")
_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "exclude", "extend-exclude",
    "per-file-ignores", "entra-scope", "test-paths",
}


class ConfigError(Exception):
    """A bad configuration file or flag; ``str()`` is one line for stderr."""


@dataclasses.dataclass
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    entra_scope: str = DEFAULT_ENTRA_SCOPE
    #: ``.gitignore``-style patterns of test code (``None``: the default layouts)
    test_paths: tuple[str, ...] | None = None
    #: the file the options came from, and the directory relative globs are matched against
    path: Path | None = None
    root: Path = dataclasses.field(default_factory=Path.cwd)

    @property
    def excludes(self) -> tuple[str, ...]:
        return self.exclude + self.extend_exclude

    def settings(self) -> Settings:
        select = (self.select or ("AOM",)) + self.extend_select
        return Settings(entra_scope=self.entra_scope, select=select, ignore=self.ignore + self.extend_ignore)


def parse_codes(value: str | Iterable[str], where: str) -> tuple[str, ...]:
    """``"AOM101,AOM2"`` or a list of codes -> validated, upper-cased prefixes.

    A prefix is valid when it names a rule, or a category (``AOM1`` ... ``AOM8``), or all of
    them (``AOM``, ``ALL``).
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(f"{where}: expected rule codes, got {item!r}")
        code = item.strip().upper()
        if not code:
            continue
        if code == "ALL":
            code = "AOM"
        if not _CODE.match(code) or not _known_prefix(code):
            raise ConfigError(f"{where}: unknown rule code or prefix {item.strip()!r} (see `aoai-migrate rules`)")
        out.append(code)
    return tuple(out)


def _known_prefix(code: str) -> bool:
    if len(code) <= 4:  # AOM or AOM<category digit>
        return len(code) == 3 or 1 <= int(code[3]) <= len(Category)
    return any(rule.startswith(code) for rule in registry.load())


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.aoai-migrate]`` table, from ``start`` up."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file() and TABLE in _read_toml(path).get("tool", {}):
            return path
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: Path | None) -> Config:
    """The configuration in ``path`` (a ``pyproject.toml``, whose ``[tool.aoai-migrate]`` table
    is read, or a standalone TOML file of the same keys); defaults when ``path`` is ``None``."""
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get(TABLE, {})
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{TABLE}] must be a table")
    config = Config(path=path, root=path.parent.resolve())
    where = f"{path}"
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown option {raw_key!r} in [tool.{TABLE}] (known: {known})")
        label = f"{where}: {raw_key}"
        if key in ("select", "ignore", "extend-select", "extend-ignore"):
            setattr(config, key.replace("-", "_"), parse_codes(_strings(value, label), label))
        elif key in ("exclude", "extend-exclude"):
            setattr(config, key.replace("-", "_"), tuple(_strings(value, label)))
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{label}: expected a table of glob = [codes]")
            config.per_file_ignores = {
                str(glob): parse_codes(_strings(codes, f"{label}.{glob}"), f"{label}.{glob}")
                for glob, codes in value.items()
            }
        elif key == "test-paths":
            config.test_paths = tuple(_strings(value, label))
        elif key == "entra-scope":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{label}: expected a non-empty string")
            config.entra_scope = value.strip()
    return config


def _strings(value: Any, label: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"{label}: expected a list of strings")


def resolve(config_file: str | None, paths: list[str]) -> Config:
    """Load ``--config`` or discover the nearest ``pyproject.toml`` for ``paths``."""
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        return load(path)
    first = next((p for p in paths if p != "-"), None)
    start = Path(first) if first and Path(first).exists() else Path.cwd()
    return load(find_pyproject(start))
