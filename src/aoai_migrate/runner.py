"""Check files for the CLI: read, prefilter, parse, analyse, apply suppressions and
per-file ignores. A file that cannot be read, decoded or parsed becomes a :class:`FileError`
and the run carries on with the others."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fnmatch
import functools
import os
import sys
from typing import Callable, Iterable

from . import engine
from .config import Config
from .files import relative_posix
from .model import Finding, Replacement, Settings
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
    #: source lines of the files that have findings, for the text output
    lines: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    #: every file looked at, in order (``<stdin>`` for standard input)
    paths: list[str] = dataclasses.field(default_factory=list)

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})


#: below this many files one process is faster than starting workers
PARALLEL_MIN = 200


def check_paths(
    files: Iterable[str],
    config: Config,
    settings: Settings | None = None,
    on_file: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> Report:
    """Check ``files`` (in ``jobs`` worker processes for large runs); the report lists findings
    in the order of ``files`` whatever the number of workers."""
    settings = settings or config.settings()
    files = list(files)
    report = Report()
    check = functools.partial(_check_one, config=config, settings=settings)
    if jobs > 1 and len(files) >= PARALLEL_MIN and "-" not in files:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            report = _collect(pool.map(check, files, chunksize=16), report, on_file)
    else:
        report = _collect(map(check, files), report, on_file)
    return report


def _collect(results, report: Report, on_file) -> Report:
    for path, findings, lines, error in results:
        report.files += 1
        report.paths.append(path if path != "-" else "<stdin>")
        if error is not None:
            report.errors.append(FileError(path if path != "-" else "<stdin>", error))
        elif findings:
            report.findings.extend(findings)
            report.lines[findings[0].path] = lines
        if on_file is not None:
            on_file(path)
    return report


def _check_one(path: str, config: Config, settings: Settings):
    """``(path, findings, physical lines if any finding, error or None)``: picklable, for workers."""
    try:
        findings, text = check_file(path, config, settings)
    except CannotCheck as exc:
        return path, [], [], str(exc)
    return path, findings, physical_lines(text) if findings else [], None


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


def check_file(path: str, config: Config, settings: Settings) -> tuple[list[Finding], str]:
    display = "<stdin>" if path == "-" else path
    data = read(path)
    if not engine.relevant(data):
        return [], ""
    try:
        tree, text = engine.parse(data, display)
    except engine.ParseError as exc:
        raise CannotCheck(str(exc)) from None
    try:
        findings = engine.analyze(tree, text, display, settings, prefilter=False)
    except RecursionError:
        raise CannotCheck("too deeply nested to analyse") from None
    if not findings:
        return [], text
    suppressed = Suppressions(text)
    ignored = _per_file_ignores(path, config)
    lines = physical_lines(text)
    kept = [
        to_characters(f, lines)
        for f in findings
        if not suppressed(f) and not any(f.code.startswith(c) for c in ignored)
    ]
    return kept, text


def physical_lines(text: str) -> list[str]:
    """Lines as Python numbers them (``str.splitlines`` also splits at form feeds and other
    characters that do not end a line of code)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _per_file_ignores(path: str, config: Config) -> tuple[str, ...]:
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
    replacement = finding.replacement
    if replacement is not None:
        replacement = Replacement(
            replacement.line,
            _char_col(lines, replacement.line, replacement.col),
            replacement.end_line,
            _char_col(lines, replacement.end_line, replacement.end_col),
            replacement.text,
        )
    if (col, end_col, replacement) == (finding.col, finding.end_col, finding.replacement):
        return finding
    return dataclasses.replace(finding, col=col, end_col=end_col, replacement=replacement)
