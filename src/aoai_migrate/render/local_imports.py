"""Imports a fix needs inside a function, where the module's head cannot give them.

A fix's ``imports`` are added at the top of the module. Two cases need them in the function:

- the name is local to the function and not bound on the path to the finding (the ``openai``
  branch imports ``AsyncOpenAI``, the ``azure`` branch now builds one): a module-level import
  is hidden by the local name and the new code raises ``UnboundLocalError``;
- the function imports the SDK itself, lazily (``try: from openai import AsyncAzureOpenAI``
  ``except ImportError: raise ...``): the replacement goes next to it, so that the module
  still imports without the package, as it did.

The import is then an edit of the fix, on its own line after the function's import of the
same package that runs before the finding (in the branch, inside its ``try``), or else in
front of the statement that holds the finding. When neither exists (a one-line function),
the fix is not applied and the message says why.
"""

from __future__ import annotations

import ast
import dataclasses
import textwrap

from ..analysis import reaching
from ..model import Applicability, Edit, Finding
from . import imports as render_imports

#: packages whose imports a function may make lazily, next to which the new ones go
_LAZY_ROOTS = frozenset({"openai", "azure"})


def unbound_names(texts: list[str], site: ast.AST) -> set[str]:
    """The names of :data:`render_imports.IMPORTS` that ``texts`` (new code) read and that are
    local to the function of ``site`` without being bound on the path to it."""
    function = reaching.function_of(site)
    if function is None:
        return set()
    read = set()
    for text in texts:
        try:
            tree = ast.parse(textwrap.dedent(text).strip() or "pass")
        except SyntaxError:
            continue
        own = render_imports.bound_by(tree)
        read |= {
            node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            and node.id in render_imports.IMPORTS and node.id not in own
        }
    if not read:
        return set()
    own = reaching.local_names(function)
    out = {name for name in own & read if not reaching.bound_on_path(name, site, function)}
    # a free variable of a nested function is the enclosing function's local, not the
    # module's: unbound when no binding there reaches the nested function's definition
    rest = read - own - reaching.declared_names(function)
    inner, outer = function, reaching.function_of(function)
    while rest and outer is not None:
        theirs = reaching.local_names(outer) & rest
        out |= {name for name in theirs if not reaching.bound_on_path(name, inner, outer)}
        rest -= theirs | reaching.declared_names(outer)
        inner, outer = outer, reaching.function_of(outer)
    return out


def place(finding: Finding, site: ast.AST, lines: list[str], snippet_texts: list[str]) -> Finding:
    """``finding`` with the imports of its fix that must be made in the function moved from
    ``fix.imports`` into edits of the fix (or the fix made display-only, said in the message)."""
    fix = finding.fix
    if fix is None or reaching.function_of(site) is None:
        return finding
    texts = [edit.text for edit in fix.edits]
    unbound = unbound_names(texts, site) or unbound_names(snippet_texts, site)
    statements = list(dict.fromkeys([*fix.imports, *(render_imports.IMPORTS[n] for n in sorted(unbound))]))
    earlier = reaching.imports_before(site)
    moved: list[str] = []
    edits: list[Edit] = []
    for statement in statements:
        names = _bound(statement)
        needed = bool(names & unbound)
        anchor = next((i for i in earlier if _root(i) == _root_of(statement) and _owns_line(i, lines)), None)
        if anchor is None and needed:
            anchor_stmt = reaching.statement_before(site, lines)
            if anchor_stmt is None:
                return _refused(finding, sorted(names & unbound)[0], site)
            indent = _indent(anchor_stmt, lines)
            edits.append(Edit(anchor_stmt.lineno, 0, anchor_stmt.lineno, 0, f"{indent}{statement}\n"))
            moved.append(statement)
        elif anchor is not None and (needed or _root_of(statement) in _LAZY_ROOTS):
            at = (anchor.end_lineno or anchor.lineno) + 1
            edits.append(Edit(at, 0, at, 0, f"{_indent(anchor, lines)}{statement}\n"))
            moved.append(statement)
    if not moved:
        return finding
    new_fix = dataclasses.replace(
        fix,
        edits=tuple(sorted({*fix.edits, *edits}, key=lambda e: (e.start, e.end, e.text))),
        imports=tuple(s for s in fix.imports if s not in moved),
    )
    return dataclasses.replace(finding, fix=new_fix)


def _refused(finding: Finding, name: str, site: ast.AST) -> Finding:
    function = reaching.function_of(site)
    where = f"`{function.name}()`" if function is not None else "the function"
    note = (
        f" (no automatic fix: `{name}` is a local name of {where} that is not bound here, and no line"
        f" before this one can take `{render_imports.IMPORTS.get(name, name)}`: add it in this branch)"
    )
    assert finding.fix is not None
    return dataclasses.replace(
        finding, message=finding.message + note,
        fix=dataclasses.replace(finding.fix, applicability=Applicability.DISPLAY_ONLY),
    )


def _bound(statement: str) -> set[str]:
    try:
        return render_imports.bound_by(ast.parse(statement))
    except SyntaxError:
        return set()


def _root_of(statement: str) -> str:
    try:
        node = ast.parse(statement).body[0]
    except (SyntaxError, IndexError):
        return ""
    return _root(node) if isinstance(node, (ast.Import, ast.ImportFrom)) else ""


def _root(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.Import):
        return node.names[0].name.split(".")[0]
    return "" if node.level else (node.module or "").split(".")[0]


def _owns_line(stmt: ast.stmt, lines: list[str]) -> bool:
    """Only indentation before ``stmt`` on its first line, and nothing after it but a comment."""
    first = lines[stmt.lineno - 1].encode("utf-8") if stmt.lineno <= len(lines) else b""
    last = lines[(stmt.end_lineno or stmt.lineno) - 1].encode("utf-8") if (stmt.end_lineno or 0) <= len(lines) else b""
    tail = last[stmt.end_col_offset or 0:].strip()
    return not first[: stmt.col_offset].strip() and (not tail or tail.startswith(b"#"))


def _indent(stmt: ast.stmt, lines: list[str]) -> str:
    return lines[stmt.lineno - 1].encode("utf-8")[: stmt.col_offset].decode("utf-8", "replace")
