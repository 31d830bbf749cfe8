"""``aoai-migrate fix [PATH ...]``: apply the fixes, or show them with ``--diff``.

Exit status: with ``--diff``, 1 when a file would change, else 0; without, 0 when no finding is
left, 1 when findings are left for a person (0 with ``--exit-zero``); 2 on an error (a bad flag
or configuration, a path that does not exist, a file that could not be read, decoded, parsed or
written back: such a file is reported and left as it was, the others are fixed).
"""

from __future__ import annotations

import argparse
import collections
import difflib
import itertools
import os
import sys
from dataclasses import dataclass, field

from .. import engine, notebooks, registry, runner
from ..config import Config
from ..files import MissingPath, discover
from . import passes, text as text_io

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def add_parser(commands, add_common_options) -> None:
    fix = commands.add_parser(
        "fix", help="apply the migration to files and directories",
        description="Apply the fixes of the findings: safe ones by default, unsafe ones with --unsafe-fixes.",
    )
    fix.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                     help="files or directories to fix (default: .); - reads standard input and writes "
                     "the fixed code to standard output")
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff of the changes and write nothing (exit 1 when there are changes)")
    fix.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that need a review")
    fix.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are left")
    fix.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    from ..cli import add_stdin_option

    add_stdin_option(fix)
    add_common_options(fix)


@dataclass
class FileResult:
    path: str
    before: bytes = b""
    after: bytes | None = None
    outcome: passes.Outcome | None = None
    error: str | None = None
    #: a notebook's changed cells: (label, source before, source after), for the diff
    cells: list[tuple[str, str, str]] | None = None


@dataclass
class Summary:
    files: int = 0
    changed: list[str] = field(default_factory=list)
    fixed: collections.Counter = field(default_factory=collections.Counter)
    left: dict[str, collections.Counter] = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    errors: list[str] = field(default_factory=list)


def _read(path: str, data: bytes | None) -> FileResult:
    """A result holding the file's bytes (``data`` when already read), or the reason it cannot be read."""
    result = FileResult(path)
    try:
        result.before = runner.read(path) if data is None else data
    except runner.CannotCheck as exc:
        result.error = str(exc)
    return result


def fix_file(path: str, config: Config, unsafe: bool, project=None, data: bytes | None = None) -> FileResult:
    """Fix one Python file in memory (``data``: its bytes, when already read); ``after`` is
    ``None`` when nothing changes."""
    result = _read(path, data)
    if result.error is not None:
        return result
    if not engine.relevant(result.before) and not (project and project.relevant(result.before, path)):
        return result
    try:
        decoded = text_io.decode(result.before)
        tree, _ = engine.parse(decoded.text, path)
    except (text_io.Unreadable, engine.ParseError) as exc:
        result.error = f"{exc}; left unchanged"
        return result
    settings = config.settings()

    def analyse(tree, text):
        return runner.analyze_text(tree, text, path, config, settings, project, characters=False)

    try:
        outcome = passes.fix_text(decoded.text, analyse, unsafe=unsafe, tree=tree)
    except (RecursionError, runner.CannotCheck) as exc:
        result.error = f"cannot fix: {exc or type(exc).__name__}; left unchanged"
        return result
    result.outcome = outcome
    if outcome.text != decoded.text:
        if not passes.parses(outcome.text):  # never write what does not parse back
            result.error = "the fixed code would not parse; left unchanged"
            return result
        try:
            result.after = decoded.encode(outcome.text)
        except UnicodeEncodeError:
            result.error = f"the fixed code cannot be written in {decoded.encoding}; left unchanged"
    return result


def fix_notebook(path: str, config: Config, unsafe: bool, project=None, data: bytes | None = None) -> FileResult:
    """Fix one notebook in memory (its Python code cells as one module); ``after`` is ``None``
    when nothing changes. Cells that cannot be parsed are reported and left as they are."""
    from . import notebook as nb

    result = _read(path, data)
    if result.error is not None:
        return result
    if not engine.mentions(result.before):
        return result
    try:
        book = nb.read(result.before)
    except notebooks.NotebookError as exc:  # nb.CannotFix too
        result.error = f"{exc}; left unchanged"
        return result
    if book.problems:
        result.error = "; ".join(book.problems) + " (those cells are left unchanged)"
    settings = config.settings()

    def analyse(tree, text):
        return runner.analyze_text(tree, text, path, config, settings, project, characters=False)

    try:
        outcome, changed = nb.fix(book, analyse, unsafe)
    except (RecursionError, SyntaxError, ValueError, runner.CannotCheck) as exc:
        result.error = f"cannot fix: {exc or type(exc).__name__}; left unchanged"
        return result
    result.outcome = outcome
    if changed:
        result.cells = [
            (f"{path}:cell {index + 1}", book.node.cells[index].source + "\n", source + "\n")
            for index, source in sorted(changed.items())
        ]
        result.after = nb.write(book, changed)
    return result


def run(args: argparse.Namespace, cfg: Config) -> int:
    try:
        import libcst  # noqa: F401
    except ImportError:
        print("aoai-migrate: error: `fix` needs libcst: pip install 'aoai-migrate[fix]'", file=sys.stderr)
        return EXIT_ERROR
    if "-" in args.paths:
        return _run_stdin(args, cfg)
    summary = Summary()
    paths = list(args.paths)
    for path in paths:
        if not os.path.exists(path):
            summary.errors.append(f"{path}: error: no such file or directory")
    try:
        files = list(discover([p for p in paths if os.path.exists(p)], cfg.excludes, cfg.root))
    except MissingPath as exc:
        summary.errors.append(f"{exc}: error: no such file or directory")
        files = []
    notebooks = [f for f in files if runner.is_notebook(f)]
    files = [f for f in files if not runner.is_notebook(f)]
    project = runner.index(files, cfg, True)
    # every file is fixed against the project as it is before any is written, as --diff shows
    # it: a module rewritten first would change what the next one resolves (a handler around a
    # call on a client imported from it would no longer guard an Inference call)
    results = [fix_file(path, cfg, args.unsafe_fixes, project) for path in files]
    results += [fix_notebook(path, cfg, args.unsafe_fixes, project) for path in notebooks]
    for result in results:
        summary.files += 1
        _record(result, summary, args)
    return _finish(summary, args)


def _run_stdin(args: argparse.Namespace, cfg: Config) -> int:
    """``fix -``: the code on standard input, fixed, on standard output (as it was when nothing
    changes or it cannot be fixed), or its diff with ``--diff``; the summary on standard error.
    ``--stdin-filename`` names the file it stands for (configuration, per-file ignores, notebooks)."""
    if args.paths != ["-"]:
        print("aoai-migrate: error: - (standard input) cannot be fixed together with other paths", file=sys.stderr)
        return EXIT_ERROR
    name = args.stdin_filename or "-"
    try:
        data = runner.read("-")
    except runner.CannotCheck as exc:
        print(f"<stdin>: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    project = runner.index([name] if name != "-" else [], cfg, True)
    fixer = fix_notebook if runner.is_notebook(name) else fix_file
    result = fixer(name, cfg, args.unsafe_fixes, project, data=data)
    summary = Summary(files=1)
    if result.outcome is not None and result.after is not None:
        summary.changed.append(result.path)
        summary.fixed.update(result.outcome.fixed)
    if result.error:
        summary.errors.append(f"{'<stdin>' if name == '-' else name}: error: {result.error}")
    if result.outcome is not None:
        _count_left(result.outcome, summary, args)
    if args.diff:
        if result.after is not None:
            _write_diff(result)
    else:
        sys.stdout.buffer.write(result.after if result.after is not None else result.before)
    sys.stdout.flush()
    return _finish(summary, args)


def _finish(summary: Summary, args: argparse.Namespace) -> int:
    """Errors and the summary on standard error (the summary on standard output when files were
    written), and the exit status."""
    for error in summary.errors:
        print(error, file=sys.stderr)
    if not args.quiet:
        to_stderr = args.diff or "-" in args.paths
        _print_summary(summary, args, sys.stderr if to_stderr else sys.stdout)
    if summary.errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if summary.changed else EXIT_CLEAN
    left = sum(sum(c.values()) for c in summary.left.values())
    return EXIT_FINDINGS if left and not args.exit_zero else EXIT_CLEAN


def _record(result: FileResult, summary: Summary, args: argparse.Namespace) -> None:
    if result.error:
        summary.errors.append(f"{result.path}: error: {result.error}")
    outcome = result.outcome
    if outcome is None:
        return
    if result.after is not None:
        summary.changed.append(result.path)
        summary.fixed.update(outcome.fixed)
        if args.diff:
            _write_diff(result)
        else:
            try:
                text_io.write_atomic(result.path, result.after)
            except OSError as exc:
                summary.errors.append(f"{result.path}: error: cannot write: {exc.strerror or exc}; left unchanged")
                summary.changed.pop()
                return
    if result.after is not None or result.error is None:
        _count_left(outcome, summary, args)


def _count_left(outcome: passes.Outcome, summary: Summary, args: argparse.Namespace) -> None:
    for (code, why), count in passes.left_for_a_person(outcome, args.unsafe_fixes).items():
        summary.left[code][why] += count


def _write_diff(result: FileResult) -> None:
    if result.cells is not None:  # a notebook: one diff per changed cell, as ruff shows them
        for label, before, after in result.cells:
            _unified(before, after, label, label)
        return
    before, after = text_io.decode(result.before).text, text_io.decode(result.after).text
    if result.path == "-":  # standard input without --stdin-filename: no file to name (as ruff)
        _unified(before, after, None, None)
        return
    absolute = os.path.isabs(result.path)
    _unified(
        before, after,
        result.path if absolute else f"a/{result.path}", result.path if absolute else f"b/{result.path}",
    )


def _unified(before: str, after: str, fromfile: str | None, tofile: str | None) -> None:
    """The unified diff on standard output; without file names, the hunks alone (no ``---``/
    ``+++`` lines: ``ruff check --diff -`` and ``ruff format --diff -`` print the same)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=fromfile or "", tofile=tofile or "",
    )
    if fromfile is None:
        lines = itertools.islice(lines, 2, None)  # difflib's first two lines are the file names
    for line in lines:
        sys.stdout.write(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")


def _print_summary(summary: Summary, args: argparse.Namespace, stream) -> None:
    rules = registry.load()
    fixed = sum(summary.fixed.values())
    left = sum(sum(c.values()) for c in summary.left.values())
    verb = "Would fix" if args.diff else "Fixed"
    noun = "file" if len(summary.changed) == 1 else "files"
    print(f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {len(summary.changed)} {noun} "
          f"({summary.files} checked); {left} left for a person.", file=stream)
    for code in sorted(set(summary.fixed) | set(summary.left)):
        symbol = rules[code].symbol if code in rules else ""
        parts = []
        if summary.fixed.get(code):
            parts.append(f"{summary.fixed[code]} {'would be ' if args.diff else ''}fixed")
        for why, count in sorted(summary.left.get(code, {}).items()):
            parts.append(f"{count} left: {why}")
        print(f"  {code} {symbol}: {'; '.join(parts)}", file=stream)
    hidden = sum(c.get(passes.UNSAFE, 0) for c in summary.left.values())
    if hidden and not args.unsafe_fixes:
        print(f"{hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes "
              "(review them with --diff first).", file=stream)
