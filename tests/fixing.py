"""Run ``aoai-migrate fix`` on a file from a test, the way a user runs it.

While the ``fix`` command is not there yet (it lands separately), :func:`fix_file` falls back to a
minimal applier of the findings' exact replacements (outer edit wins) that adds no import: tests
built on it then fail on the missing imports, which is the honest outcome.
"""

from __future__ import annotations

import contextlib
import io
import pathlib

from aoai_migrate import cli
from aoai_migrate.engine import analyze_source


def has_fix_command() -> bool:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    return "fix" in commands.choices  # type: ignore[operator]


def fix_file(path: pathlib.Path, *, unsafe: bool = True) -> tuple[int, str]:
    """Fix ``path`` in place; returns the exit status and what the command printed."""
    if has_fix_command():
        out = io.StringIO()
        argv = ["fix", str(path)] + (["--unsafe-fixes"] if unsafe else [])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(argv)
        return status, out.getvalue()
    source = path.read_text(encoding="utf-8")
    path.write_text(_apply_replacements(source, str(path)), encoding="utf-8")
    return 0, "(no fix command: replacements only)"


def _apply_replacements(source: str, path: str) -> str:
    edits = []
    for finding in analyze_source(source, path):
        r = finding.replacement
        if r is not None:
            edits.append(((r.line, r.col), (r.end_line, r.end_col), r.text))
    edits.sort(key=lambda e: (e[0], (-e[1][0], -e[1][1])))
    kept: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for edit in edits:
        if not any(k[0] < edit[1] and edit[0] < k[1] or k[0] == edit[0] == edit[1] == k[1] for k in kept):
            kept.append(edit)
    lines = [line.encode() for line in source.splitlines(keepends=True)]
    for (l1, c1), (l2, c2), text in sorted(kept, reverse=True):
        head, tail = lines[l1 - 1][:c1], lines[l2 - 1][c2:]
        lines[l1 - 1 : l2] = [head + text.encode() + tail]
    return b"".join(lines).decode()
