"""Check files for the CLI: read, prefilter, parse, analyse, apply suppressions and
per-file ignores. A file that cannot be read, decoded or parsed becomes a :class:`FileError`
and the run carries on with the others."""

from __future__ import annotations

import ast
import concurrent.futures
import dataclasses
import fnmatch
import functools
import gc
import os
import sys
from typing import Callable, Iterable, Iterator

from . import engine, project as project_index, test_code
from .config import Config
from .files import relative_posix
from .model import Edit, Finding, Settings
from .noqa import Suppressions


@dataclasses.dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}"


@dataclasses.dataclass
class Report:
    findings: list[Finding] = dataclasses.field(default_factory=list)
    errors: list[FileError] = dataclasses.field(default_factory=list)
    #: files looked at (including those skipped by the prefilter and those in error)
    files: int = 0
    #: source lines of the files that have findings, for the text output, keyed by path, or by
    #: ``(path, cell)`` for a notebook cell: use :meth:`source_lines`
    lines: dict = dataclasses.field(default_factory=dict)
    #: every file looked at, in order (``<stdin>`` for standard input)
    paths: list[str] = dataclasses.field(default_factory=list)

    def source_lines(self, finding: Finding) -> list[str]:
        return source_lines(self.lines, finding)

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})

    @property
    def in_test_code(self) -> int:
        return sum(f.test_code for f in self.findings)


#: below this many files one process is faster than starting workers
PARALLEL_MIN = 200


def check_paths(
    files: Iterable[str],
    config: Config,
    settings: Settings | None = None,
    on_file: Callable[[str], None] | None = None,
    jobs: int = 1,
    project: "project_index.ProjectIndex | bool | None" = True,
    stdin_name: str | None = None,
) -> Report:
    """Check ``files`` (in ``jobs`` worker processes for large runs); the report lists findings
    in the order of ``files`` whatever the number of workers (standard input, ``-``, first when
    ``stdin_name`` names it: it is then checked as that file, for per-file ignores, test-code
    patterns, notebooks and the project index).

    ``project``: ``True`` (the default) indexes the project ``files`` belong to first (see
    :func:`index`), so that names imported from its other modules resolve; an index built
    beforehand may be passed instead; ``False``/``None`` checks each file on its own."""
    settings = settings or config.settings()
    files = list(files)
    check = functools.partial(_check_one, config=config, settings=settings)
    project = index([stdin_name if f == "-" and stdin_name else f for f in files], config, project)
    report = Report()
    if stdin_name and "-" in files:  # standard input checked as the file it names
        files.remove("-")
        data = read("-")
        previous = _use_project(project)
        try:
            _collect([_check_one(stdin_name, config, settings, data)], report, on_file)
        finally:
            _use_project(previous)
    return _collect(map_files(check, files, jobs, project=project), report, on_file)


def index(
    files: list[str], config: Config, project: "project_index.ProjectIndex | bool | None" = True
) -> "project_index.ProjectIndex | None":
    """The project index of ``files`` (the files and their package siblings), or the one given."""
    if project is True:
        return project_index.build(files, config.excludes, str(config.root))
    return project or None


def map_files(
    func: Callable, files: list[str], jobs: int = 1, project: "project_index.ProjectIndex | None" = None
) -> Iterator:
    """``func(path)`` for each file, in the order of ``files``: in ``jobs`` worker processes
    when the run is large enough to gain from them (``func`` and its results must pickle).
    ``project`` is the index :func:`check_file` resolves imports through meanwhile (sent once
    to each worker, not with every file)."""
    func = functools.partial(_collected_once, func)
    if jobs > 1 and len(files) >= PARALLEL_MIN and "-" not in files:
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, initializer=_use_project, initargs=(project,)
        ) as pool:
            yield from pool.map(func, files, chunksize=16)
    else:
        previous = _use_project(project)
        try:
            yield from map(func, files)
        finally:
            _use_project(previous)


def _collected_once(func: Callable, path: str):
    """``func(path)`` with the garbage collector paused, then run once over what it allocated.

    An analysed module is one big reference cycle (parent links, scopes and their
    ``Semantics``) of hundreds of thousands of objects; the collector's automatic runs, every
    700 allocations, scanned the module being analysed over and over (a third of the CPU time
    on the openai sdist). Everything allocated while paused stays in the youngest generation,
    so one collection of that generation after the file frees the module, and what is kept
    (findings, the project index's cache) moves on to the older ones."""
    if not gc.isenabled():
        return func(path)
    gc.disable()
    try:
        return func(path)
    finally:
        gc.enable()
        gc.collect(0)


#: the index :func:`check_file` uses when given none (see :func:`map_files`)
_PROJECT: "project_index.ProjectIndex | None" = None


def _use_project(project: "project_index.ProjectIndex | None") -> "project_index.ProjectIndex | None":
    global _PROJECT
    previous, _PROJECT = _PROJECT, project
    return previous


def _collect(results, report: Report, on_file) -> Report:
    for path, findings, lines, errors in results:
        report.files += 1
        report.paths.append(path if path != "-" else "<stdin>")
        for error in errors:
            report.errors.append(FileError(path if path != "-" else "<stdin>", error))
        report.findings.extend(findings)
        report.lines.update(lines)
        if on_file is not None:
            on_file(path)
    return report


def _check_one(path: str, config: Config, settings: Settings, data: bytes | None = None):
    """``(path, findings, lines of the files or cells with findings, errors)``: picklable, for
    workers. A notebook may have findings and errors (cells that could not be parsed).
    ``data``: the file's bytes when already read (standard input named by ``--stdin-filename``)."""
    try:
        if is_notebook(path):
            return (path, *check_notebook(path, config, settings, data))
        findings, text = check_file(path, config, settings, data)
    except CannotCheck as exc:
        return path, [], {}, [str(exc)]
    return path, findings, {findings[0].path: physical_lines(text)} if findings else {}, []


def source_lines(lines: dict, finding: Finding) -> list[str]:
    """The lines ``finding.line`` counts in, from a report's ``lines``: keyed by path, or by
    ``(path, cell)`` for a notebook cell."""
    return lines.get(finding.path if finding.cell is None else (finding.path, finding.cell), [])


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


class CannotCheck(Exception):
    """Internal: why one file could not be checked (one line)."""


def read(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise CannotCheck(f"cannot read: {exc.strerror or exc}") from None


def check_file(
    path: str, config: Config, settings: Settings, data: bytes | None = None, *,
    project: "project_index.ProjectIndex | None" = None,
) -> tuple[list[Finding], str]:
    """Findings of one Python file (``data``: its bytes, when already read). Names imported
    from other modules of the ``project`` (default: the index of the running
    :func:`map_files`) resolve; a module that only calls a client of another module of the
    project (``chat.complete(...)``, no SDK name in it) is analysed too."""
    display = "<stdin>" if path == "-" else path
    data = read(path) if data is None else data
    project = project if project is not None else _PROJECT
    if not (project.relevant(data, path) if project else engine.relevant(data)):
        return [], ""
    try:
        tree, text = engine.parse(data, display)
    except engine.ParseError as exc:
        raise CannotCheck(str(exc)) from None
    return analyze_text(tree, text, path, config, settings, project), text


def check_notebook(path: str, config: Config, settings: Settings,
                   data: bytes | None = None) -> tuple[list[Finding], dict, list[str]]:
    """A notebook's findings (with ``cell``), the lines of its cells that have findings, and the
    cells that could not be analysed (``"cell 4: syntax error ..."``)."""
    from . import notebooks

    data = read(path) if data is None else data
    if not data.strip():
        raise CannotCheck("empty file, not a notebook")
    if not engine.mentions(data):  # JSON, not Python lines: any trigger word will do
        return [], {}, []
    try:
        module = notebooks.load(data)
        tree = ast.parse(module.text, filename=path)
    except notebooks.NotebookError as exc:
        raise CannotCheck(str(exc)) from None
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:  # cells parse one by one
        raise CannotCheck(f"cannot parse its cells together: {type(exc).__name__}") from None
    findings = [module.to_cells(f) for f in analyze_text(tree, module.text, path, config, settings, _PROJECT)]
    lines = {(f.path, f.cell): module.cell_lines(f.cell) for f in findings if f.cell is not None}
    return findings, lines, module.problems


def analyze_text(
    tree: ast.Module, text: str, path: str, config: Config, settings: Settings, project=None,
    characters: bool = True,
) -> list[Finding]:
    """The findings of a parsed file, less suppressed and per-file-ignored ones, in characters
    (``characters=False``: columns in UTF-8 bytes, as the engine counts them)."""
    display = "<stdin>" if path == "-" else path
    try:
        findings = engine.analyze(tree, text, display, settings, prefilter=False, project=project)
    except RecursionError:
        raise CannotCheck("too deeply nested to analyse") from None
    if not findings:
        return []
    suppressed = Suppressions(text)
    ignored = per_file_ignores(path, config)
    lines = physical_lines(text)
    kept = [
        to_characters(f, lines) if characters else f
        for f in findings
        if not suppressed(f) and not any(f.code.startswith(c) for c in ignored)
    ]
    if kept and path != "-" and test_code.matcher(config.test_paths, config.root)(path):
        kept = [dataclasses.replace(f, test_code=True) for f in kept]
    return kept


def physical_lines(text: str) -> list[str]:
    """Lines as Python numbers them (``str.splitlines`` also splits at form feeds and other
    characters that do not end a line of code)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def per_file_ignores(path: str, config: Config) -> tuple[str, ...]:
    if not config.per_file_ignores or path == "-":
        return ()
    rel = relative_posix(path, config.root)
    name = os.path.basename(path)
    out: list[str] = []
    for pattern, codes in config.per_file_ignores.items():
        if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(name, pattern):
            out.extend(codes)
    return tuple(out)


def _char_col(lines: list[str], line: int, byte_col: int) -> int:
    """0-based UTF-8 byte offset on a 1-based line -> 0-based character offset."""
    if not 1 <= line <= len(lines):
        return byte_col
    text = lines[line - 1]
    if text.isascii():
        return byte_col
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def to_characters(finding: Finding, lines: list[str]) -> Finding:
    """The CLI reports columns in characters (as ruff and SARIF do); the engine, flake8 and
    pylint count UTF-8 bytes, as ``ast`` does. Identical for ASCII lines."""
    col = _char_col(lines, finding.line, finding.col - 1) + 1
    end_col = _char_col(lines, finding.end_line, finding.end_col - 1) + 1
    fix = finding.fix
    if fix is not None:
        fix = dataclasses.replace(fix, edits=tuple(_edit_characters(edit, lines) for edit in fix.edits))
    if (col, end_col, fix) == (finding.col, finding.end_col, finding.fix):
        return finding
    return dataclasses.replace(finding, col=col, end_col=end_col, fix=fix)


def _edit_characters(edit: Edit, lines: list[str]) -> Edit:
    return Edit(
        edit.line,
        _char_col(lines, edit.line, edit.col),
        edit.end_line,
        _char_col(lines, edit.end_line, edit.end_col),
        edit.text,
    )
