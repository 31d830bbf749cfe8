"""Which files are test code: the ``test-paths`` patterns of ``[tool.aoai-migrate]``.

Test suites of an SDK or a library exercise the old clients on purpose; a report can group
their findings apart (``test_code`` in JSON, a count in the text summary) or leave them out
(``aoai-migrate check --exclude-tests``). flake8 and pylint report them as before: use their own
per-file options there. Patterns use ``.gitignore`` syntax (pathspec), matched against the path
relative to the configuration's directory.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

import pathspec

from .files import relative_posix

#: common layouts: test directories at any depth, pytest's and unittest's file names
DEFAULT_TEST_PATHS: tuple[str, ...] = (
    "tests/", "test/", "testing/", "test_*.py", "*_test.py", "conftest.py",
)


class TestPaths:
    """``TestPaths(patterns, root)(path)``: whether ``path`` is test code."""

    __test__ = False  # not a pytest test class

    def __init__(self, patterns: Iterable[str], root: Path) -> None:
        self.spec = pathspec.GitIgnoreSpec.from_lines([p for p in patterns if p.strip()])
        self.root = root

    def __call__(self, path: str) -> bool:
        if path == "-":
            return False
        rel = relative_posix(path, self.root)
        if rel.startswith("../"):  # outside the configuration's tree: judge the path as given
            rel = Path(path).as_posix().lstrip("/")
        return self.spec.match_file(rel)


@functools.lru_cache(maxsize=8)
def matcher(patterns: tuple[str, ...] | None, root: Path) -> TestPaths:
    """The (cached) matcher of ``patterns`` (``None``: :data:`DEFAULT_TEST_PATHS`)."""
    return TestPaths(DEFAULT_TEST_PATHS if patterns is None else patterns, root)
