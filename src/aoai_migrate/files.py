"""Which files to check: directories are walked for ``*.py`` and ``*.ipynb``, skipping excluded directories and
files; files named on the command line are always checked."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path, PurePath
from typing import Iterable, Iterator


class MissingPath(Exception):
    """A path argument that does not exist."""


class Excluder:
    """Exclude globs compiled into one regular expression, tried against a file or directory
    name and against its path relative to ``root`` (the configuration's directory)."""

    def __init__(self, patterns: Iterable[str], root: Path) -> None:
        globs = [p.rstrip("/") for p in patterns if p.strip()]
        self._regex = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs)) if globs else None
        self.root = root

    def __call__(self, name: str, rel: str) -> bool:
        regex = self._regex
        return regex is not None and (regex.match(name) is not None or regex.match(rel) is not None)


def excluded(path: str, name: str, patterns: Iterable[str], root: Path) -> bool:
    """Whether ``path`` (whose last component is ``name``) matches an exclude glob."""
    return Excluder(patterns, root)(name, relative_posix(path, root))


def relative_posix(path: str, root: Path) -> str:
    """``path`` relative to ``root``, with forward slashes."""
    try:
        return PurePath(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:  # another drive on Windows
        return PurePath(path).as_posix()


def discover(paths: Iterable[str], exclude: Iterable[str], root: Path) -> Iterator[str]:
    """Files to check, in a stable order, each once. ``-`` (standard input) passes through.

    Raises :class:`MissingPath` for an argument that does not exist, after yielding the files
    of the arguments before it.
    """
    excluder = Excluder(exclude, root)
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            yield arg
            continue
        if os.path.isdir(arg):
            for found in _walk(arg, excluder):
                key = os.path.normcase(os.path.abspath(found))
                if key not in seen:
                    seen.add(key)
                    yield found
        elif os.path.exists(arg):
            key = os.path.normcase(os.path.abspath(arg))
            if key not in seen:
                seen.add(key)
                yield arg
        else:
            raise MissingPath(arg)


def _walk(top: str, excluder: Excluder) -> Iterator[str]:
    # relative paths are built by joining names: one relpath() for the top, not one per entry
    top_rel = relative_posix(top, excluder.root)
    stack = [(top, "" if top_rel == "." else top_rel)]
    while stack:
        directory, rel_dir = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if excluder(entry.name, rel):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append((entry.path, rel))
                elif entry.name.endswith((".py", ".ipynb")) and entry.is_file():
                    yield entry.path
            except OSError:
                continue
        stack.extend(reversed(subdirs))
