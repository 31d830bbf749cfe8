"""The project index: which file each module of the checked project lives in, so that a name
imported from another module of the project (``from .clients import chat``, ``from settings
import API_VERSION``, ``class Bot(clients.Base)``) resolves to what that module defines.

The first pass (:func:`build`) only maps module names to files: the files being checked plus
their package siblings (every module of the top-level package a file belongs to, found through
its ``__init__.py`` chain; for a file outside any package, the other modules of its directory,
which is where ``import settings`` finds them). Nothing is read in that pass, so it costs a
directory listing per package, and the index is a small dict that pickles to the ``--jobs``
workers.

A module is read, prefiltered and parsed the first time another module imports a name from it
(once per process). Modules that pass :func:`engine.relevant` are parsed (a client is built
where the SDKs are named), plus ``__init__.py`` files that re-export; any other module only
when the name asked for is one of its string constants or environment values (a
``settings.py`` holding ``DEPLOYMENT = "gpt-4o"`` need not mention Azure), found by a search
of its text. Its names are then inferred by its own
:class:`~aoai_migrate.semantics.Semantics`, so an imported client, constant, factory, subclass
or ``self`` attribute yields the same values as a local definition would. No code of the
project is imported or executed. Names under ``azure`` and ``openai`` are the SDKs' and are
never looked up in the project.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Iterator

#: top-level packages that are the SDKs the rules know, never project modules
SDK_ROOTS = frozenset({"azure", "openai"})
#: package siblings walked per top-level package, at most
MAX_SIBLINGS = 5000
#: an ``__init__.py`` that does not pass the prefilter is still read if it is this small (it
#: usually only re-exports names of its package's modules)
MAX_REEXPORT_INIT = 64 * 1024
_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "build", "dist"})


class ProjectIndex:
    """``module name -> files`` for the project being checked (picklable), and a per-process
    cache of the analysed modules (not pickled)."""

    def __init__(self, modules: dict[str, tuple[str, ...]] | None = None) -> None:
        #: dotted module name -> paths (several when import roots differ: two script directories)
        self.modules: dict[str, tuple[str, ...]] = dict(modules or {})
        self._loaded: dict[str, object] = {}
        #: (module, name, import root) being resolved right now (import cycles stop here)
        self.resolving: set[tuple] = set()
        #: (module, name, import root) -> what the name is, as another module sees it
        self.exports: dict[tuple, object] = {}
        #: file -> whether importing from it can bring in something the rules care about
        self._relevant: dict[str, bool] = {}
        #: file -> string constants of a module the prefilter skipped (it is parsed when one of
        #: them is asked for)
        self._unparsed: dict[str, frozenset[str]] = {}
        #: file -> (whether its text names Azure, the files of the project modules it imports)
        self._imports: dict[str, tuple[bool, tuple[str, ...]]] = {}
        #: file -> whether it or a project module it imports (at any distance) names Azure
        self._azure: dict[str, bool] = {}

    def __getstate__(self) -> dict:
        return {"modules": self.modules}

    def __setstate__(self, state: dict) -> None:
        self.modules = state["modules"]
        self._loaded = {}
        self.resolving = set()
        self.exports = {}
        self._relevant = {}
        self._unparsed = {}
        self._imports = {}
        self._azure = {}

    def __len__(self) -> int:
        return len(self.modules)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<ProjectIndex {len(self.modules)} modules>"

    def module_of(self, path: str) -> tuple[str, str] | None:
        """``(module name, import root)`` of a file, as :func:`module_name` computes it."""
        return module_name(path)

    def relevant(self, data: bytes, path: str) -> bool:
        """:func:`engine.relevant`, or: the module calls what may be a client
        (:data:`engine.CROSS_MODULE`) and imports from a module of the project that passes the
        prefilter (directly or re-exported by an ``__init__.py``)."""
        from . import engine

        if engine.relevant(data):
            return True
        if engine.CROSS_MODULE.search(data) is None or not self.modules:
            return False
        return self._imports_relevant(data, path, 0)

    def _imports_relevant(self, data: bytes, path: str, depth: int) -> bool:
        """Whether ``data`` (the module at ``path``) imports from a module of the project that
        passes the prefilter, directly or through ``__init__.py`` re-exports."""
        found = module_name(path) if path not in ("-", "<stdin>") else None
        here, root = found if found else ("", None)
        is_package = os.path.basename(path) == "__init__.py"
        for statement in _import_statements(data, (_IMPORT,)):
            dots, name, plain = statement.groups(b"")
            target = (plain or name).decode("ascii", "replace")
            if dots:
                target = _absolute(dots.decode() + target, here, is_package)
            if not target or target.split(".", 1)[0] in SDK_ROOTS:
                continue
            parts = target.split(".")
            for cut in range(len(parts), 0, -1):
                module = ".".join(parts[:cut])
                if module in self.modules:
                    if self._module_relevant(module, root, depth):
                        return True
                    break
        return False

    def _module_relevant(self, module: str, root: str | None, depth: int) -> bool:
        path = self.locate(module, root)
        if path is None:
            return False
        key = os.path.normcase(os.path.abspath(path))
        known = self._relevant.get(key)
        if known is not None:
            return known
        self._relevant[key] = False  # an import cycle of __init__ files
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return False
        from . import engine

        answer = engine.relevant(data) or (
            os.path.basename(path) == "__init__.py" and depth < 4 and self._imports_relevant(data, path, depth + 1)
        )
        self._relevant[key] = answer
        return answer

    def reaches_azure(self, data: bytes, path: str) -> bool:
        """Whether a module (``data``, the text of the file at ``path``) names Azure
        (:func:`engine.names_azure`) or imports from a project module that does, directly or
        through any chain of imports of project modules: otherwise nothing it resolves through
        the index can be an Azure client, an API version or an endpoint, and only the rules
        about plain openai code apply (:attr:`aoai_migrate.registry.Rule.needs_azure`).
        Imports are read from the text, generously: every module and package an import
        statement may reach counts."""
        from . import engine

        return engine.names_azure(data) or self.imports_azure(data, path)

    def imports_azure(self, data: bytes, path: str) -> bool:
        """The second half of :meth:`reaches_azure`: a project module that the module imports
        names Azure, directly or through its own imports."""
        if not self.modules:
            return False
        stack = list(self._imported_files(data, path))
        seen: set[str] = set()
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            known = self._azure.get(key)
            if known is not None:
                if known:
                    return True
                continue  # every module that one reaches was looked at already: none names Azure
            azure, imported = self._file_imports(key)
            if azure:
                return True
            stack.extend(imported)
        self._azure.update(dict.fromkeys(seen, False))
        return False

    def _file_imports(self, key: str) -> tuple[bool, tuple[str, ...]]:
        found = self._imports.get(key)
        if found is None:
            from . import engine

            try:
                with open(key, "rb") as handle:
                    data = handle.read()
            except OSError:
                data = b""
            azure = engine.names_azure(data)
            found = self._imports[key] = (azure, () if azure else tuple(self._imported_files(data, key)))
            if azure:
                self._azure[key] = True
        return found

    def _imported_files(self, data: bytes, path: str) -> Iterable[str]:
        """The files of the project modules the import statements of ``data`` may reach: each
        imported module, its parent packages and, for ``from m import a``, the module ``m.a``."""
        found = module_name(path) if path not in ("-", "<stdin>") else None
        here, root = found if found else ("", None)
        is_package = os.path.basename(path) == "__init__.py"
        targets: list[str] = []
        for statement in _import_statements(data):
            if statement.re is _PLAIN_IMPORT:
                targets.extend(n.decode("ascii", "replace") for n in _DOTTED.findall(statement.group(1)))
                continue
            dots, module, names = statement.groups()
            base = (dots + module).decode("ascii", "replace")
            if dots:
                base = _absolute(base, here, is_package)
            if not base:
                continue
            targets.append(base)
            for name in _NAMES.findall(names):
                if name not in (b"import", b"as"):
                    targets.append(f"{base}.{name.decode('ascii', 'replace')}")
        for target in targets:
            parts = target.split(".")
            if parts[0] in SDK_ROOTS:
                continue
            for cut in range(len(parts), 0, -1):
                module = ".".join(parts[:cut])
                if module in self.modules:
                    file = self.locate(module, root)
                    for candidate in (file,) if file is not None else self.modules[module]:
                        yield os.path.normcase(os.path.abspath(candidate))

    def locate(self, name: str, root: str | None) -> str | None:
        """The file of module ``name`` seen from a module under import root ``root``: the one
        under the same root, else the only one."""
        paths = self.modules.get(name)
        if not paths:
            return None
        if len(paths) == 1:
            return paths[0]
        if root is not None:
            for path in paths:
                if _root_of(path, name) == root:
                    return path
        return None

    def semantics(self, name: str, root: str | None, attr: str | None = None):
        """The :class:`~aoai_migrate.semantics.Semantics` of project module ``name``, or
        ``None`` (not in the project, unreadable, unparsable, or nothing to see), asked for
        its name ``attr``.

        A module that passes the prefilter (:func:`engine.relevant`), or a small
        ``__init__.py`` (re-exports), is parsed on the first request. Any other module is
        parsed only when ``attr`` is one of its string constants or environment values
        (``VERSION = "2024-10-21"``, ``DEPLOYMENT: str = os.environ[...]``): a settings
        module need not mention Azure for its values to flow into a client; its classes and functions, which cannot build a client without
        mentioning the SDKs, are not worth parsing."""
        path = self.locate(name, root)
        if path is None:
            return None
        key = os.path.normcase(os.path.abspath(path))
        if key in self._loaded:
            return self._loaded[key]
        constants = self._unparsed.get(key)
        if constants is not None and (attr is None or attr not in constants):
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            self._loaded[key] = None
            return None
        if constants is None:
            from . import engine

            is_init = os.path.basename(path) == "__init__.py"
            if not engine.relevant(data) and not (is_init and len(data) <= MAX_REEXPORT_INIT):
                constants = self._unparsed[key] = _constants(data)
                if attr is None or attr not in constants:
                    return None
        self._loaded[key] = None  # while loading: an import cycle sees nothing
        self._loaded[key] = sem = self._parse(path, name, data)
        return sem

    def _parse(self, path: str, name: str, data: bytes):
        from . import engine
        from .semantics import Semantics
        from .source import Source

        is_init = os.path.basename(path) == "__init__.py"
        try:
            tree, text = engine.parse(data, path)
            sem = Semantics(tree, (), project=self, module=name, is_package=is_init, root=_root_of(path, name))
        except (engine.ParseError, RecursionError, MemoryError):
            return None
        sem.source = Source(text)
        return sem


#: a module-level assignment of a string or a value of the environment: ``NAME = "..."``,
#: ``NAME: str = f"..."``, ``A = NAME = (\n "..."``, ``NAME = os.environ[...]`` / ``getenv(...)``
_CONSTANT = re.compile(
    rb"^((?:[A-Za-z_]\w*[ \t]*=[ \t]*)*)([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*"
    rb"(?:[rRfFuUbB]{0,2}['\"]|\([ \t]*\n?[ \t]*['\"]|os\.|environ\b|getenv\b)",
    re.MULTILINE,
)
_NAME = re.compile(rb"[A-Za-z_]\w*")


def _constants(data: bytes) -> frozenset[str]:
    """The names the module text ``data`` assigns at module level a string or a value of the
    environment: what an API version, a deployment or an endpoint is. One search of the text,
    no parse (``true = BooleanTrue()`` is not worth parsing a module for)."""
    names: set[str] = set()
    for match in _CONSTANT.finditer(data):
        names.add(match.group(2).decode("ascii"))
        names.update(n.decode("ascii") for n in _NAME.findall(match.group(1)))
    return frozenset(names)


def _assigns(data: bytes, name: str) -> bool:
    """Whether ``name`` is one of :func:`_constants` of ``data``."""
    return name in _constants(data)


#: ``from <dots><module> import`` / ``import <module>`` at the start of a line
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import\b|import[ \t]+([\w.]+))", re.MULTILINE)


#: ``from <dots><module> import <names>``: the names up to the end of the line, or of the
#: parentheses, or of the lines a backslash continues
_FROM_IMPORT = re.compile(
    rb"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*(?:\\\r?\n[^\n]*)*)", re.MULTILINE
)
#: ``import a.b as c, d``: the rest of the line (up to a comment or a semicolon)
_PLAIN_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([^\n#;]*(?:\\\r?\n[^\n#;]*)*)", re.MULTILINE)
_NAMES = re.compile(rb"\b[A-Za-z_]\w*\b")
_DOTTED = re.compile(rb"\b[A-Za-z_][\w.]*")


def _import_statements(data: bytes, patterns: tuple[re.Pattern, ...] = ()) -> Iterator[re.Match]:
    """The matches of ``patterns`` (by default :data:`_FROM_IMPORT` and :data:`_PLAIN_IMPORT`:
    line-anchored patterns with ``import`` on their first line) in ``data``, in order: what
    ``findall`` over the whole text finds, found from the occurrences of ``import`` (a
    substring search) by trying the patterns at the start of those lines only."""
    patterns = patterns or (_FROM_IMPORT, _PLAIN_IMPORT)
    pos = data.find(b"import")
    while pos != -1:
        start = data.rfind(b"\n", 0, pos) + 1
        match = None
        for pattern in patterns:
            match = pattern.match(data, start)
            if match is not None:
                break
        if match is not None and match.end() > pos:
            yield match
            pos = data.find(b"import", match.end())
        else:
            pos = data.find(b"import", pos + 6)


def _absolute(qual: str, module: str, is_package: bool) -> str:
    """A relative dotted name (``..settings``) made absolute from module ``module``."""
    level = len(qual) - len(qual.lstrip("."))
    package = module.split(".") if module else []
    if not is_package:
        package = package[:-1]
    if not module or level - 1 > len(package):
        return ""
    base = package[: len(package) - (level - 1)]
    rest = qual[level:]
    return ".".join(base + ([rest] if rest else []))


def build(files: Iterable[str], exclude: Iterable[str] = (), root: str | None = None) -> ProjectIndex:
    """The index of the project ``files`` belong to: the files themselves and their package
    siblings (see the module docstring). ``exclude`` globs (the configuration's) are honoured
    for siblings; ``root`` is the configuration's directory they are relative to."""
    from pathlib import Path

    from .files import Excluder, relative_posix

    excluder = Excluder(exclude, Path(root or os.getcwd()))
    modules: dict[str, list[str]] = {}
    seen_paths: set[str] = set()
    walked: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen_paths:
            return
        seen_paths.add(key)
        found = module_name(path)
        if found is not None:
            modules.setdefault(found[0], []).append(path)

    for path in files:
        if path == "-" or not path.endswith(".py"):
            continue
        add(path)
        directory = os.path.dirname(os.path.abspath(path))
        top = _top_package(directory)
        if top is None:
            if directory not in walked:  # a script directory: its modules import each other by name
                walked.add(directory)
                for sibling in _listdir_py(directory):
                    add(sibling)
        elif top not in walked:
            walked.add(top)
            for sibling in _walk_package(top, excluder, relative_posix):
                add(sibling)
    return ProjectIndex({name: tuple(paths) for name, paths in sorted(modules.items())})


_FOR_FILE: dict[str, ProjectIndex] = {}


def for_file(path: str) -> ProjectIndex:
    """The index of the project ``path`` belongs to, built once per top-level package (or script
    directory) and process: for adapters that see one module at a time (pylint)."""
    directory = os.path.dirname(os.path.abspath(path))
    key = _top_package(directory) or directory
    index = _FOR_FILE.get(key)
    if index is None:
        index = _FOR_FILE[key] = build([path])
    return index


def module_name(path: str) -> tuple[str, str] | None:
    """``(dotted module name, import root)``: the file's directory chain up to the first
    directory without an ``__init__.py`` (which is where Python would find the package)."""
    path = os.path.abspath(path)
    directory, filename = os.path.split(path)
    stem = filename[:-3] if filename.endswith(".py") else filename
    parts = [] if stem == "__init__" else [stem]
    while _is_package(directory):
        parent, base = os.path.split(directory)
        if not base or parent == directory:
            break
        parts.append(base)
        directory = parent
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(reversed(parts)), directory


def _root_of(path: str, name: str) -> str:
    found = module_name(path)
    return found[1] if found is not None else os.path.dirname(os.path.abspath(path))


_PACKAGE_CACHE: dict[str, bool] = {}


def _is_package(directory: str) -> bool:
    found = _PACKAGE_CACHE.get(directory)
    if found is None:
        found = _PACKAGE_CACHE[directory] = os.path.isfile(os.path.join(directory, "__init__.py"))
    return found


def _top_package(directory: str) -> str | None:
    top = None
    while _is_package(directory):
        top = directory
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return top


def _listdir_py(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names if n.endswith(".py") and n[:-3].isidentifier()]


def _walk_package(top: str, excluder, relative_posix) -> list[str]:
    """The modules of the package at ``top`` and of its subpackages (bounded)."""
    out: list[str] = []
    top_rel = relative_posix(top, excluder.root)
    stack = [(top, "" if top_rel == "." else top_rel)]
    while stack and len(out) < MAX_SIBLINGS:
        directory, rel_dir = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if name.endswith(".py"):
                    if name[:-3].isidentifier() and entry.is_file():
                        out.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    if name.startswith(".") or name in _SKIP_DIRS or not name.isidentifier():
                        continue
                    rel = f"{rel_dir}/{name}" if rel_dir else name  # joined, not relpath()'d
                    if excluder(name, rel) or not _is_package(entry.path):
                        continue
                    stack.append((entry.path, rel))
            except OSError:
                continue
    out.sort()
    return out
