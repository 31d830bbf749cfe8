"""Which files an audit looks at.

Inside a git work tree the repository's own ignore rules decide, through git itself
(``git ls-files --cached --others --exclude-standard``: tracked files, and untracked files that
``.gitignore``, ``.git/info/exclude`` and the user's global excludes do not ignore; a tracked
file stays in, as git keeps it). Outside a work tree (an unpacked archive, an sdist) the
``.gitignore`` files found on the way are applied with ``pathspec``'s implementation of git's
rules; so are they in a directory named explicitly that git ignores as a whole. Either way environments (any directory holding a ``pyvenv.cfg`` or, for conda, a
``conda-meta`` folder), build, cache,
``node_modules`` and ``.ipynb_checkpoints`` directories and the ``[tool.aoai-migrate]``
``exclude``/``extend-exclude`` globs are skipped, and symbolic links to directories are never
followed (so a link loop cannot trap the walk).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterable, Iterator

from ..files import Excluder, MissingPath, relative_posix
from .kinds import kind_of, kind_of_path

#: directories an audit never enters, on top of the configured excludes
AUDIT_EXCLUDE: tuple[str, ...] = (
    ".ipynb_checkpoints", "node_modules", "__pycache__", ".venv", "venv",
    "site-packages", "build", "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".git", ".hg", ".svn", ".eggs", "*.egg-info", ".cache", ".direnv", "__pypackages__",
)


def discover(paths: Iterable[str], exclude: Iterable[str], root: Path) -> Iterator[str]:
    """Files to audit, each once, in a stable order: directories are searched for every kind of
    file :func:`~aoai_migrate.audit.kinds.kind_of` knows; a file named explicitly is always
    audited (even without a known kind: it is then read as Python).

    Raises :class:`~aoai_migrate.files.MissingPath` for an argument that does not exist, after
    yielding the files of the arguments before it.
    """
    excluder = Excluder((*exclude, *AUDIT_EXCLUDE), root)
    seen: set[str] = set()
    for arg in paths:
        if os.path.isdir(arg):
            found: Iterable[str] = _in_directory(arg, excluder)
        elif os.path.exists(arg):
            found = [arg]
        else:
            raise MissingPath(arg)
        for path in found:
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield path


def _in_directory(top: str, excluder: Excluder) -> Iterator[str]:
    # a directory named on the command line is audited even when git ignores it as a whole
    # (a vendored tree, an unpacked download): the .gitignore files inside it still apply
    listed = None if ignored_by_git(top) else git_files(top)
    if listed is None:
        yield from _walk(top, excluder)
        return
    venvs: dict[str, bool] = {}
    top_rel = relative_posix(top, excluder.root)
    for rel in listed:
        if kind_of_path(rel) is None:
            continue
        if _excluded_parts(top, top_rel, rel, excluder, venvs):
            continue
        path = os.path.join(top, *rel.split("/"))
        if os.path.isfile(path):  # a tracked file deleted from the work tree, a submodule
            yield path


def git_files(top: str) -> list[str] | None:
    """The files git would commit under ``top`` (relative, ``/``-separated, sorted), or ``None``
    when ``top`` is not inside a git work tree or git is not installed."""
    try:
        done = subprocess.run(
            ["git", "-C", top, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            capture_output=True, timeout=120, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    names = {os.fsdecode(name) for name in done.stdout.split(b"\0") if name}
    return sorted(names)


def ignored_by_git(directory: str) -> bool:
    """Whether git ignores ``directory`` itself (``git check-ignore``); ``False`` outside a work
    tree or without git."""
    try:
        done = subprocess.run(
            ["git", "-C", directory, "check-ignore", "-q", "--", os.path.abspath(directory)],
            capture_output=True, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _excluded_parts(top: str, top_rel: str, rel: str, excluder: Excluder, venvs: dict[str, bool]) -> bool:
    """Whether ``rel`` (under ``top``) or one of its directories is excluded or a virtual env."""
    parts = rel.split("/")
    prefix = "" if top_rel == "." else top_rel
    for index, name in enumerate(parts):
        prefix = f"{prefix}/{name}" if prefix else name
        if excluder(name, prefix):
            return True
        if index < len(parts) - 1:
            directory = "/".join(parts[: index + 1])
            if directory not in venvs:
                venvs[directory] = is_environment(os.path.join(top, *parts[: index + 1]))
            if venvs[directory]:
                return True
    return False


def is_environment(directory: str) -> bool:
    """A Python virtual environment or a conda environment: installed packages, not the project."""
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg")) or os.path.isdir(os.path.join(directory, "conda-meta"))


def _walk(top: str, excluder: Excluder) -> Iterator[str]:
    """Outside git: walk ``top`` depth-first in name order, applying the ``.gitignore`` files met."""
    top_rel = relative_posix(top, excluder.root)
    # (directory, its path relative to the config root, its path relative to top, ignore specs)
    stack: list[tuple[str, str, str, tuple]] = [(top, "" if top_rel == "." else top_rel, "", ())]
    while stack:
        directory, rel_dir, rel_top, specs = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        if rel_top and ("pyvenv.cfg" in names or "conda-meta" in names):
            continue
        if ".gitignore" in names:
            spec = _gitignore(os.path.join(directory, ".gitignore"))
            if spec is not None:
                specs = (*specs, (rel_top, spec))
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            rel_in_top = f"{rel_top}/{entry.name}" if rel_top else entry.name
            if excluder(entry.name, rel):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and (kind_of(entry.name, os.path.basename(directory)) is None or not entry.is_file()):
                    continue
            except OSError:
                continue
            if specs and _ignored(specs, rel_in_top, is_dir):
                continue
            if is_dir:
                subdirs.append((entry.path, rel, rel_in_top, specs))
            else:
                yield entry.path
        stack.extend(reversed(subdirs))


def _gitignore(path: str):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: tuple, rel: str, is_dir: bool) -> bool:
    """git's precedence: the deepest ``.gitignore`` that has a say about ``rel`` decides, and
    within one file the last matching pattern (a ``!`` negation re-includes)."""
    for base, spec in reversed(specs):
        sub = rel[len(base) + 1:] if base else rel
        if is_dir:
            sub += "/"
        result = spec.check_file(sub)
        if result.include is not None:
            return bool(result.include)
    return False
