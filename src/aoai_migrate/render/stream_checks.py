"""The user's own checks of ``chunk.choices`` inside a stream loop that the guard put at the top
of the loop (``if not chunk.choices or chunk.choices[0].delta is None: continue``) makes
redundant, and the edits that take them out without losing a statement or a comment:

- ``if chunk.choices:`` (or a ``len()`` shape) without ``else``: always true, so the ``if`` goes
  and its body moves one level out (comments too);
- ``if chunk.choices and <more>:``: the choices check goes, ``if <more>:`` stays;
- ``if not chunk.choices: continue``: never true, so the statement goes (its comments stay).

Checks inside functions or classes defined in the loop are left as written (they may run
outside the iteration), and so is an ``if chunk.choices:`` with an ``else`` (its ``else`` would
be dead code: a person decides what it was for). Positions are 1-based lines and UTF-8 byte
columns, as in ``ast``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import TYPE_CHECKING, Iterator, NamedTuple

from . import blocks as render_blocks
from ..analysis.stream_loops import choices_check

if TYPE_CHECKING:
    from ..engine import Context
    from ..source import Source


class Span(NamedTuple):
    """A source range (an empty one inserts)."""

    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


class Cleanup(NamedTuple):
    at: Span
    text: str


def redundant_checks(body: list[ast.stmt], name: str, ctx: "Context") -> list[Cleanup]:
    """The edits that take out the checks of ``<name>.choices`` in ``body`` (a stream loop's
    suite) that a guard at its top makes redundant."""
    return list(_suite(body, name, ctx))


def _suite(stmts: list[ast.stmt], name: str, ctx: "Context") -> Iterator[Cleanup]:
    for stmt in stmts:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(stmt, ast.If):
            test = stmt.test
            check = choices_check(test, name)
            if check is True and not stmt.orelse:
                lines = dedented_body(stmt, ctx)
                if lines is not None:
                    yield Cleanup(_whole_lines(stmt, ctx.source), "\n".join(lines))
                    continue
            elif check is False and not stmt.orelse and _only_continue(stmt) and len(stmts) > 1:
                dropped = _dropped(stmt, ctx)
                if dropped is not None:
                    yield dropped
                    continue
            elif (
                isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)
                and choices_check(test.values[0], name) is True
            ):
                operand = _without_first_operand(test, ctx)
                if operand is not None:
                    yield operand
        for child in _suites(stmt):
            yield from _suite(child, name, ctx)


def _suites(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside ``stmt``."""
    for field in ("body", "orelse", "finalbody"):
        value = getattr(stmt, field, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            yield value
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body


def _only_continue(stmt: ast.If) -> bool:
    return len(stmt.body) == 1 and isinstance(stmt.body[0], ast.Continue)


def _line_end(source: "Source", lineno: int) -> int:
    return len(source.line(lineno).rstrip("\r\n").encode("utf-8"))


def _whole_lines(stmt: ast.stmt, source: "Source") -> Span:
    return Span(stmt.lineno, 0, stmt.end_lineno, _line_end(source, stmt.end_lineno))


def _alone(stmt: ast.stmt, source: "Source") -> bool:
    """``stmt`` starts its line and only a comment follows it on its last line."""
    indent = source.indent(stmt.lineno)
    after = source.line(stmt.end_lineno).encode("utf-8")[stmt.end_col_offset:].strip()
    return len(indent.encode("utf-8")) == stmt.col_offset and (not after or after.startswith(b"#"))


def dedented_body(stmt: ast.If, ctx: "Context") -> list[str] | None:
    """The lines of ``if <test>:``'s body one level out, at the ``if``'s indentation (comment
    lines too, and a comment written after the header, on a line of its own first), or ``None``
    when they cannot move line by line: a one-line body, a header over several lines, a line in
    a multi-line string or ending in a continuation."""
    source = ctx.source
    test = stmt.test
    if test.end_lineno != stmt.lineno or stmt.body[0].lineno <= stmt.lineno or not _alone(stmt, source):
        return None
    indent = source.indent(stmt.lineno)
    header = source.line(stmt.lineno).rstrip("\r\n").strip()
    written = f"if {ctx.segment(test)}:"
    comment = header[len(written):].strip()
    if not header.startswith(written) or (comment and not comment.startswith("#")):
        return None
    body_indent = source.indent(stmt.body[0].lineno)
    if not body_indent.startswith(indent) or body_indent == indent:
        return None
    lines = [source.line(n).rstrip("\r\n") for n in range(stmt.lineno + 1, stmt.end_lineno + 1)]
    if render_blocks.string_lines("\n".join(lines)) or any(line.rstrip().endswith("\\") for line in lines):
        return None  # a multi-line string or a continuation: its lines must not move
    out: list[str] = [indent + comment] if comment else []  # a comment on the header: a line of its own
    for line in lines:
        if not line.strip():
            out.append("")
        elif line.startswith(body_indent):
            out.append(indent + line[len(body_indent):])
        elif line.lstrip().startswith("#"):
            out.append(indent + line.lstrip())
        else:
            return None
    return out


def _dropped(stmt: ast.If, ctx: "Context") -> Cleanup | None:
    """``if not chunk.choices: continue`` taken out with its lines (from the end of the line
    before it), its comments kept on lines of their own."""
    source = ctx.source
    if not _alone(stmt, source) or stmt.lineno < 2:
        return None
    indent = source.indent(stmt.lineno)
    text = "".join(source.line(n) for n in range(stmt.lineno, stmt.end_lineno + 1))
    comments = _comments(text)
    if comments is None:
        return None
    start = Span(stmt.lineno - 1, _line_end(source, stmt.lineno - 1), stmt.end_lineno, _line_end(source, stmt.end_lineno))
    return Cleanup(start, "".join(f"\n{indent}{comment}" for comment in comments))


def _comments(text: str) -> list[str] | None:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text.lstrip(" \t")).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


_AND = re.compile(r"[ \t]*and[ \t]*")


def _without_first_operand(test: ast.BoolOp, ctx: "Context") -> Cleanup | None:
    """``chunk.choices and <more>`` -> ``<more>``: the text from the check to the next operand
    (or to its opening parenthesis) goes, when it is just ``and`` on one line."""
    first, second = test.values[0], test.values[1]
    if first.end_lineno != second.lineno:
        return None
    line = ctx.source.line(first.end_lineno).encode("utf-8")
    between = line[first.end_col_offset:second.col_offset].decode("utf-8", "replace")
    match = _AND.match(between)
    if match is None or between[match.end():].strip("(") != "":
        return None
    return Cleanup(Span(first.lineno, first.col_offset, first.end_lineno, first.end_col_offset + match.end()), "")
