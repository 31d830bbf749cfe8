"""What an audit sees: every file of a repository that can hold migration work (Python,
notebooks, ``.env`` files, JSON/YAML settings, Bicep/ARM templates, Prompty files and dependency
pins), scanned through the same runner and text prefilter as ``check``.

    from aoai_migrate.audit.scan import scan
    result = scan(["."], config, jobs=4, on_file=progress)
    result.findings     # list[Finding], in file order (notebook findings carry ``cell``)
    result.skipped      # list[Skipped(path, reason)]: files (or notebook cells) not analysed
    result.files        # how many files were looked at
    result.code_lines   # lines of all those files (for densities and scores)
    result.source_lines(finding)   # the lines a finding's line numbers refer to

Nothing here raises for a bad file: it becomes a :class:`Skipped` entry and the scan carries on.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from typing import Any, Callable, Iterable

from .. import runner
from ..config import Config
from ..files import MissingPath
from ..model import Finding, Settings
from . import kinds
from .discover import discover

#: files larger than this are skipped ("too large"): generated data, not code or settings.
#: Notebooks carry their outputs (images, tables), hence the generous figure.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A file (or a part of one, such as a notebook cell) the audit could not analyse."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.path}: skipped: {self.reason}"


#: key of :attr:`AuditScan.lines`: a path, or ``(path, cell)`` for a notebook cell
LinesKey = Any


@dataclasses.dataclass
class AuditScan:
    findings: list[Finding] = dataclasses.field(default_factory=list)
    skipped: list[Skipped] = dataclasses.field(default_factory=list)
    #: files looked at (those the prefilter skipped and those listed in ``skipped`` included)
    files: int = 0
    #: lines (newline count) of every file looked at and read
    code_lines: int = 0
    #: source lines of the files (notebook cells) that have findings: see :meth:`source_lines`
    lines: dict[LinesKey, list[str]] = dataclasses.field(default_factory=dict)

    def source_lines(self, finding: Finding) -> list[str]:
        """The lines ``finding.line`` counts in: the file's, or its notebook cell's."""
        return source_lines(self.lines, finding)

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})

    @property
    def errors(self) -> list[runner.FileError]:
        """The skipped entries as ``check``'s report lists files in error (for shared writers)."""
        return [runner.FileError(s.path, s.reason) for s in self.skipped]


source_lines = runner.source_lines


@dataclasses.dataclass
class FileResult:
    """What scanning one file gives (picklable, for worker processes)."""

    path: str
    findings: list[Finding] = dataclasses.field(default_factory=list)
    lines: dict[LinesKey, list[str]] = dataclasses.field(default_factory=dict)
    skipped: list[str] = dataclasses.field(default_factory=list)
    code_lines: int = 0


def scan(
    paths: Iterable[str],
    config: Config,
    *,
    settings: Settings | None = None,
    jobs: int = 1,
    on_file: Callable[[str], None] | None = None,
) -> AuditScan:
    """Audit ``paths`` (files and directories; see :mod:`aoai_migrate.audit.discover`).

    ``on_file(path)`` is called after each file (for a progress bar); ``jobs`` > 1 spreads large
    runs over worker processes, with the same result. A path that does not exist is listed in
    ``skipped``; the others are still scanned.
    """
    settings = settings or config.settings()
    result = AuditScan()
    files: list[str] = []
    for path in paths:
        try:
            files.extend(discover([path], config.excludes, config.root))
        except MissingPath:
            result.skipped.append(Skipped(path, "no such file or directory"))
    files = list(dict.fromkeys(files))
    one = functools.partial(scan_file, config=config, settings=settings)
    # Python modules resolve names imported from the project's other modules (see runner.index)
    for done in runner.map_files(one, files, jobs, project=runner.index(files, config)):
        result.files += 1
        result.code_lines += done.code_lines
        result.findings.extend(done.findings)
        result.lines.update(done.lines)
        result.skipped.extend(Skipped(done.path, reason) for reason in done.skipped)
        if on_file is not None:
            on_file(done.path)
    return result


def scan_file(path: str, config: Config, settings: Settings) -> FileResult:
    """Scan one file of any kind; never raises for bad input."""
    out = FileResult(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        out.skipped.append(f"cannot read: {exc.strerror or exc}")
        return out
    if size > MAX_FILE_BYTES:
        out.skipped.append(f"too large ({_size(size)}; the limit is {_size(MAX_FILE_BYTES)})")
        return out
    kind = kinds.kind_of_path(path) or kinds.PYTHON
    handler = HANDLERS.get(kind)
    if handler is None:
        return out
    try:
        data = runner.read(path)
        out.code_lines = data.count(b"\n")
        handler(path, data, config, settings, out)
    except runner.CannotCheck as exc:
        out.skipped.append(str(exc))
    except RecursionError:
        out.skipped.append("too deeply nested to analyse")
    except Exception as exc:  # a defect of this tool: the audit goes on, the file says so
        if os.environ.get("AOAI_MIGRATE_STRICT") == "1":
            raise
        out.findings.clear()
        out.skipped.append(f"internal error ({type(exc).__name__}); please report it with this file")
    return out


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _python(path: str, data: bytes, config: Config, settings: Settings, out: FileResult) -> None:
    findings, text = runner.check_file(path, config, settings, data)
    if findings:
        out.findings.extend(findings)
        out.lines[path] = runner.physical_lines(text)
    if os.path.basename(path) == "setup.py":  # its install_requires are dependency pins
        _artefact(path, data, config, settings, out, kind=kinds.PYTHON, text=text or None)


def _artefact(path: str, data: bytes, config: Config, settings: Settings, out: FileResult, *,
              kind: str | None = None, text: str | None = None) -> None:
    """A configuration or dependency file: prefiltered on its bytes, decoded as UTF-8, parsed
    with its format's parser (:mod:`aoai_migrate.artefacts`)."""
    from .. import artefacts

    kind = kind or kinds.kind_of_path(path) or kinds.PYTHON
    if text is None:
        if not artefacts.relevant(kind, data):
            return
        if b"\x00" in data[:8192]:
            raise runner.CannotCheck("binary file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise runner.CannotCheck(f"cannot decode: not UTF-8 (byte {exc.start})") from None
    elif not artefacts.relevant(kind, text):
        return
    try:
        findings = artefacts.analyze(path, text, settings, kind=kind)
    except artefacts.DocumentError as exc:
        raise runner.CannotCheck(str(exc)) from None
    except SyntaxError as exc:  # setup.py
        raise runner.CannotCheck(f"syntax error at line {exc.lineno}: {exc.msg}") from None
    ignored = runner.per_file_ignores(path, config)
    findings = [f for f in findings if not any(f.code.startswith(c) for c in ignored)]
    if findings:
        out.findings.extend(findings)
        out.lines[path] = runner.physical_lines(text)


def _notebook(path: str, data: bytes, config: Config, settings: Settings, out: FileResult) -> None:
    findings, lines, problems = runner.check_notebook(path, config, settings, data)
    out.findings.extend(findings)
    out.lines.update(lines)
    out.skipped.extend(problems)


Handler = Callable[[str, bytes, Config, Settings, FileResult], None]

#: how each kind of file is scanned
HANDLERS: dict[str, Handler] = {
    kinds.PYTHON: _python,
    kinds.NOTEBOOK: _notebook,
    **{kind: _artefact for kind in (kinds.DOTENV, kinds.JSON, kinds.YAML, kinds.BICEP, kinds.PROMPTY,
                                    kinds.REQUIREMENTS, kinds.PYPROJECT, kinds.SETUP_CFG, kinds.CONDA)},
}

