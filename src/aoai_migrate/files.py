"""Which files to check: directories are walked for ``*.py``, skipping excluded directories and
files; files named on the command line are always checked."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePath
from typing import Iterable, Iterator


class MissingPath(Exception):
    """A path argument that does not exist."""


def excluded(path: str, name: str, patterns: Iterable[str], root: Path) -> bool:
    """Whether ``path`` (whose last component is ``name``) matches an exclude glob, tried
    against the name and the path relative to ``root`` (the configuration's directory)."""
    rel = relative_posix(path, root)
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(rel, pattern):
            return True
    return False


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
    patterns = tuple(exclude)
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            yield arg
            continue
        if os.path.isdir(arg):
            for found in _walk(arg, patterns, root):
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


def _walk(top: str, patterns: tuple[str, ...], root: Path) -> Iterator[str]:
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if excluded(entry.path, entry.name, patterns, root):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(entry.path)
                elif entry.name.endswith(".py") and entry.is_file():
                    yield entry.path
            except OSError:
                continue
        stack.extend(reversed(subdirs))
