"""What kind of file a name is, for the audit: Python, a notebook, or one of the configuration
and dependency files that pin an API version or an SDK release."""

from __future__ import annotations

import fnmatch
import re

PYTHON = "python"
NOTEBOOK = "notebook"
DOTENV = "dotenv"
JSON = "json"
YAML = "yaml"
BICEP = "bicep"
PROMPTY = "prompty"
REQUIREMENTS = "requirements"
PYPROJECT = "pyproject"
SETUP_CFG = "setup.cfg"
CONDA = "conda"

_REQUIREMENTS = re.compile(r"^(.*requirements.*|constraints.*)\.(txt|in)$", re.IGNORECASE)
_CONDA = ("environment.yml", "environment.yaml", "conda.yml", "conda.yaml", "environment-*.yml",
          "environment-*.yaml", "environment_*.yml", "environment_*.yaml")


def kind_of(name: str, folder: str = "") -> str | None:
    """The kind of the file called ``name`` (a base name) in the folder called ``folder`` (its
    base name), or ``None`` when audits skip it. ``setup.py`` is Python (its
    ``install_requires`` are read as well); any ``*.txt``/``*.in`` of a ``requirements`` folder
    is a requirements file."""
    low = name.lower()
    if folder.lower() == "requirements" and low.endswith((".txt", ".in")):
        return REQUIREMENTS
    if low.endswith(".py"):
        return PYTHON
    if low.endswith(".ipynb"):
        return NOTEBOOK
    if low == ".env" or low.startswith(".env.") or low.endswith(".env"):
        return DOTENV
    if low == "pyproject.toml":
        return PYPROJECT
    if low == "setup.cfg":
        return SETUP_CFG
    if _REQUIREMENTS.match(low):
        return REQUIREMENTS
    if any(fnmatch.fnmatchcase(low, pattern) for pattern in _CONDA):
        return CONDA
    if low.endswith((".json", ".jsonc")):
        return JSON
    if low.endswith((".yml", ".yaml")):
        return YAML
    if low.endswith((".bicep", ".bicepparam")):
        return BICEP
    if low.endswith(".prompty"):
        return PROMPTY
    return None


def kind_of_path(path: str) -> str | None:
    """:func:`kind_of` for a path (``/`` or the OS separator)."""
    parts = path.replace("\\", "/").rstrip("/").split("/")
    return kind_of(parts[-1], parts[-2] if len(parts) > 1 else "")
