"""Render the user's own statements (a loop, a ``try``, a handler body) as standalone snippets,
with small edits applied: the building blocks of the error-handling and streaming snippets.

Columns are ``ast`` columns (UTF-8 byte offsets); lines are 1-based. A statement's first line is
cut at its column, and its continuation lines lose the statement's own indentation, so the
rendered text parses on its own.
"""

from __future__ import annotations

import ast
import io
import tokenize
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from ..semantics import parent_of
from ..source import Source

if TYPE_CHECKING:
    from ..engine import Context

INDENT = "    "


class Edit(NamedTuple):
    """Replace the source range ``(line, col)``-``(end_line, end_col)`` with ``text``."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


def replace(node: ast.AST, text: str) -> Edit:
    return Edit(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, text)


def insert_after(node: ast.AST, text: str) -> Edit:
    return Edit(node.end_lineno, node.end_col_offset, node.end_lineno, node.end_col_offset, text)


class _Range:
    __slots__ = ("lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, line: int, col: int, end_line: int, end_col: int) -> None:
        self.lineno, self.col_offset, self.end_lineno, self.end_col_offset = line, col, end_line, end_col


def _between(source: Source, start: tuple[int, int], end: tuple[int, int]) -> str:
    if end <= start:
        return ""
    return source.segment(_Range(start[0], start[1], end[0], end[1]))


def span(
    source: Source, start: tuple[int, int], end: tuple[int, int], edits: Iterable[Edit] = ()
) -> str:
    """The source text from ``start`` to ``end`` with ``edits`` applied (edits outside the range
    or overlapping an earlier edit are ignored)."""
    pieces: list[str] = []
    cursor = start
    for edit in sorted(edits, key=lambda e: (e.line, e.col, e.end_line, e.end_col)):
        e_start, e_end = (edit.line, edit.col), (edit.end_line, edit.end_col)
        if e_start < cursor or e_end > end:
            continue
        pieces.append(_between(source, cursor, e_start))
        pieces.append(edit.text)
        cursor = e_end
    pieces.append(_between(source, cursor, end))
    return "".join(pieces).replace("\r\n", "\n")


def string_lines(text: str) -> set[int]:
    """Indexes (0-based) of the lines of ``text`` that lie inside a multi-line string literal:
    their text is the string's content, not code to re-indent."""
    inside: set[int] = set()
    fstrings: list[int] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = tokenize.tok_name.get(token.type, "")
            if kind == "FSTRING_START":
                fstrings.append(token.start[0])
            elif kind == "FSTRING_END" and fstrings:
                inside.update(range(fstrings.pop(), token.end[0]))
            elif token.type == tokenize.STRING and token.end[0] > token.start[0]:
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    # a string starting on row r (1-based) covers rows r+1.., i.e. line indexes r..
    return inside


def reindent(text: str, strip: str = "", add: str = "") -> str:
    """Lines after the first lose the prefix ``strip`` (where present) and every line gains
    ``add``; lines inside multi-line strings are left as they are."""
    if not strip and not add:
        return text
    lines = text.split("\n")
    multi_line_strings = len(lines) > 1 and any(q in text for q in ('"""', "'''", "\\\n"))
    protected = string_lines(strip + text) if multi_line_strings else set()
    out = []
    for index, line in enumerate(lines):
        if index in protected:
            out.append(line)
            continue
        if index and strip and line.startswith(strip):
            line = line[len(strip):]
        out.append(add + line if line.strip() else line)
    return "\n".join(out)


def dedent_continuation(text: str, prefix: str) -> str:
    """Strip ``prefix`` from every line but the first (where it is present)."""
    return reindent(text, strip=prefix)


def indent_lines(text: str, indent: str = INDENT) -> str:
    return reindent(text, add=indent)


def _own_indent(source: Source, node: ast.AST) -> str:
    """The indentation of the line ``node`` starts on, when ``node`` is the first thing on it."""
    indent = source.indent(node.lineno)
    return indent if len(indent.encode("utf-8")) == node.col_offset else ""


def statement(source: Source, node: ast.AST, edits: Iterable[Edit] = ()) -> str:
    """One statement (or expression) as standalone text, with ``edits`` applied."""
    text = span(source, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), edits)
    return dedent_continuation(text, _own_indent(source, node))


def block(source: Source, stmts: Sequence[ast.stmt], edits: Iterable[Edit] = (), indent: str = INDENT) -> str:
    """The statements of a suite, re-indented under ``indent`` (comments between them kept)."""
    if not stmts:
        return indent + "pass"
    first, last = stmts[0], stmts[-1]
    text = span(source, (first.lineno, first.col_offset), (last.end_lineno, last.end_col_offset), edits)
    return reindent(text, strip=_own_indent(source, first), add=indent)


def statements(source: Source, stmts: Sequence[ast.stmt], edits: Iterable[Edit] = (), indent: str = INDENT) -> str:
    """Like :func:`block` but statement by statement (for a selection of a suite's statements)."""
    edits = tuple(edits)
    if not stmts:
        return indent + "pass"
    return "\n".join(reindent(statement(source, s, edits), add=indent) for s in stmts)


def in_statement(source: Source, node: ast.AST, text: str, *, drop_await: bool = False) -> str | None:
    """The simple statement ``node`` stands in (a ``return``, a ``yield``, an assignment, an
    argument, a lambda, a bare expression) with ``node`` replaced by ``text`` (and the ``await``
    around it with ``drop_await``: a client is built, not awaited). ``None`` for a node without
    positions (another module's) or in a compound statement's header, whose body would come too."""
    parent = parent_of(node)
    if drop_await and isinstance(parent, ast.Await) and parent.value is node:
        node = parent
    stmt = parent_of(node)
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = parent_of(stmt)
    if stmt is None or getattr(node, "lineno", None) is None or _compound(stmt):
        return None
    return statement(source, stmt, [replace(node, text)])


def _compound(stmt: ast.stmt) -> bool:
    return any(isinstance(getattr(stmt, f, None), list) for f in ("body", "orelse", "handlers", "finalbody", "cases"))


def contains(outer: ast.AST, inner: ast.AST) -> bool:
    """Whether ``inner``'s source range lies within ``outer``'s."""
    try:
        return (outer.lineno, outer.col_offset) <= (inner.lineno, inner.col_offset) and (
            inner.end_lineno, inner.end_col_offset
        ) <= (outer.end_lineno, outer.end_col_offset)
    except (AttributeError, TypeError):
        return False


def walk(nodes: Iterable[ast.AST], limit: int = 5000) -> Iterable[tuple[ast.AST, ast.AST | None]]:
    """``(node, parent)`` pairs below ``nodes``, not entering nested functions, classes or
    lambdas (their bodies run elsewhere); at most ``limit`` nodes."""
    stack: list[tuple[ast.AST, ast.AST | None]] = [(n, None) for n in reversed(list(nodes))]
    seen = 0
    while stack and seen < limit:
        node, parent = stack.pop()
        seen += 1
        yield node, parent
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        children = list(ast.iter_child_nodes(node))
        for child in reversed(children):
            stack.append((child, node))


def migrated_call(call: ast.AST, ctx: "Context") -> tuple[str, tuple[str, ...]] | None:
    """``(text, import lines)`` of the openai call for an Inference ``complete()``/``embed()``
    call, from the call renderer shared with the inference-sdk rules (the text replaces the
    call's span); ``None`` when it is not one."""
    try:
        from . import calls as render_calls

        rendering = render_calls.render_complete(call, ctx) or render_calls.render_embed(call, ctx)
    except Exception:  # noqa: BLE001 - a renderer bug must not stop the rules that show calls
        return None
    if rendering is None:
        return None
    imports: tuple[str, ...] = ()
    if rendering.snippet != rendering.text and rendering.snippet.endswith(rendering.text):
        imports = tuple(line for line in rendering.snippet[: -len(rendering.text)].splitlines() if line.strip())
    return rendering.text, imports
