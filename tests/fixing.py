"""Run ``aoai-migrate fix`` on a file from a test (and from the corpus round trip), the way a
user runs it: through the command line, in this process."""

from __future__ import annotations

import contextlib
import io
import pathlib

from aoai_migrate import cli


def fix_file(path: pathlib.Path, *, unsafe: bool = True) -> tuple[int, str]:
    """Fix ``path`` in place; returns the exit status and what the command printed."""
    out = io.StringIO()
    argv = ["fix", str(path)] + (["--unsafe-fixes"] if unsafe else [])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(argv)
    return status, out.getvalue()
