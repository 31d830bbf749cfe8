"""The SDKs' own source is not code to migrate.

A module of the ``azure.ai.inference`` package (``azure/ai/inference/tracing.py`` reads its own
``AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED``) or of the ``openai`` package
(``openai/lib/_module_runtime.py`` sets the module client's Azure globals, ``openai/lib/azure.py``
defines ``AzureOpenAI``) implements what the rules flag in user code. The engine gives such a
module no finding at all (:func:`is_sdk_module`), whichever adapter asks.

The evidence is the one a package's own code carries, read without importing anything:

* the file lies in a directory chain spelling the package (``.../azure/ai/inference/...``,
  ``.../openai/...``);
* it imports relatively (package code does; a script in a ``samples/openai/`` folder does not), and
  no relative import climbs above the package's top directory (``from ..core import x`` in
  ``myapp/openai/client.py`` names a package around it);
* the directory holding that top directory is not a package itself (``myapp/__init__.py`` next to
  ``myapp/openai/`` makes it ``myapp.openai``, the user's own subpackage). This is the only file
  system access, made only for the few paths that pass the first two tests;
* when the file is on disk, the package's top directory is a package (has ``__init__.py``): a
  checkout kept under a folder that happens to be named ``openai`` (``~/src/openai/app/x.py``, a
  copy in ``/tmp/openai/``) is the user's code. A path with nothing on disk behind it (an editor
  buffer, ``--stdin-filename``) is judged by its name alone.
"""

from __future__ import annotations

import ast
import os

#: top-level packages whose own modules are the SDKs themselves, as directory names
SDK_PACKAGES: tuple[tuple[str, ...], ...] = (("azure", "ai", "inference"), ("openai",))
#: the last directory name of each package (a path without one of them is no SDK module)
_LAST = frozenset(package[-1] for package in SDK_PACKAGES)
_NO_PATH = ("<unknown>", "<stdin>", "stdin", "-", "")


def is_sdk_module(path: str, tree: ast.Module) -> bool:
    """``path`` (with its parsed ``tree``) is a module of one of :data:`SDK_PACKAGES`."""
    if path in _NO_PATH:
        return False
    parts = path.replace("\\", "/").split("/")[:-1]
    if _LAST.isdisjoint(parts):
        return False
    for package in SDK_PACKAGES:
        top = _top(parts, package)
        if top is None:
            continue
        depth = len(parts) - top - len(package)  # directories below the package's top one
        if (
            _relative_inside(tree, depth)
            and not _inside_a_package(parts[:top])
            and _package_on_disk(path, parts[:top + len(package)])
        ):
            return True
    return False


def _top(parts: list[str], package: tuple[str, ...]) -> int | None:
    """Where the last occurrence of ``package``'s directory chain starts in ``parts``."""
    size = len(package)
    for start in range(len(parts) - size, -1, -1):
        if tuple(parts[start:start + size]) == package:
            return start
    return None


def _relative_inside(tree: ast.Module, depth: int) -> bool:
    """The module imports relatively, and every relative import stays inside the package (level
    1 is the module's own package, each further level one directory up)."""
    levels = [node.level for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    return bool(levels) and max(levels) - 1 <= depth


def _inside_a_package(container: list[str]) -> bool:
    """The directory holding the package's top directory is a package (has ``__init__.py``)."""
    directory = "/".join(container) or "."
    return os.path.isfile(os.path.join(directory, "__init__.py"))


def _package_on_disk(path: str, package_dir: list[str]) -> bool:
    """The package's top directory holds ``__init__.py``, or the file is not on disk at all."""
    directory = "/".join(package_dir) or "."
    return os.path.isfile(os.path.join(directory, "__init__.py")) or not os.path.exists(path)
