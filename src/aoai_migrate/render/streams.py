"""Snippets of the streaming rules: the user's loop with the chunk guard, the comprehension
with the guard condition, the tool-call accumulation keyed by ``index``, the stream call with
``stream_options``. Everything is built from the user's own source text."""

from __future__ import annotations

import ast
from typing import NamedTuple

from . import blocks as render_blocks
from . import snippets
from . import stream_checks
from ..engine import Context
from .blocks import Edit
from ..analysis.stream_loops import StreamLoop, choices_check

GUARD_COMMENT = "# Azure: prompt-filter chunk, usage chunk, async content-filter annotation"
INCLUDE_USAGE = '{"include_usage": True}'


def guard(name: str) -> str:
    return f"if not {name}.choices or {name}.choices[0].delta is None:"


def guard_condition(name: str) -> str:
    return f"{name}.choices and {name}.choices[0].delta is not None"


class Position(NamedTuple):
    """A zero-width source range: where an inserted edit goes."""

    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


class LoopSnippet(NamedTuple):
    snippet: str
    #: the one-line form shown by flake8 and pylint
    compact: str | None
    #: where the guard can be inserted in the user's file, and the inserted text (or None)
    at: Position | None
    edit: str | None
    #: further edits of the same fix: the loop's own choices checks the guard makes redundant
    more: tuple[tuple[Position, str], ...] = ()
    #: what the fix leaves for a person (said in the fix's message), or ""
    note: str = ""
    #: why no guard is applied automatically (said in the finding's message), or ""
    manual: str = ""


# -- the migrated call -----------------------------------------------------------------------


def _iterable_edits(iter_node: ast.AST, loop: StreamLoop, ctx: Context) -> tuple[list[Edit], tuple[str, ...]]:
    """The Inference call written as the loop's iterable, migrated (display only)."""
    if not loop.inference:
        return [], ()
    call = iter_node.value if isinstance(iter_node, ast.Await) else iter_node
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "enumerate"
        and call.args
    ):
        call = call.args[0]
        call = call.value if isinstance(call, ast.Await) else call
    if not isinstance(call, ast.Call):
        return [], ()
    migrated = render_blocks.migrated_call(call, ctx)
    if migrated is None:
        return [], ()
    return [render_blocks.replace(call, migrated[0])], migrated[1]


def _with_imports(text: str, imports: tuple[str, ...]) -> str:
    lines = list(dict.fromkeys(imports))
    return ("\n".join(lines) + "\n\n" + text) if lines else text


# -- the guarded loop ------------------------------------------------------------------------


def _mentions(node: ast.AST, name: str, attr: str) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr == attr and isinstance(n.value, ast.Name) and n.value.id == name
        for n, _ in render_blocks.walk([node], limit=2000)
    )


def guarded_loop(loop: StreamLoop, ctx: Context) -> LoopSnippet:
    """The user's ``for`` loop with the guard as its first statement. Top-level statements
    that read ``chunk.usage`` (and not ``chunk.choices``) move under the guard: openai sends
    usage on a chunk without choices."""
    node = loop.node
    source = ctx.source
    name = loop.target
    iter_edits, imports = _iterable_edits(node.iter, loop, ctx)
    loop_indent = source.indent(node.lineno)
    iter_text = render_blocks.dedent_continuation(
        render_blocks.span(
            source, (node.iter.lineno, node.iter.col_offset), (node.iter.end_lineno, node.iter.end_col_offset),
            iter_edits,
        ),
        loop_indent,
    )
    keyword = "async for" if isinstance(node, ast.AsyncFor) else "for"
    header = f"{keyword} {render_blocks.statement(source, node.target)} in {iter_text}:"
    body = node.body
    moved = [s for s in body if _mentions(s, name, "usage") and not _mentions(s, name, "choices")]
    lines_apart = all(a.end_lineno < b.lineno for a, b in zip(body, body[1:])) and body[0].lineno > node.lineno
    if moved and lines_apart:
        kept = [s for s in body if s not in moved]
        guard_body = render_blocks.statements(source, moved, indent="        ")
        rest = render_blocks.statements(source, kept) if kept else ""
    else:
        moved = []
        guard_body = ""
        rest = render_blocks.block(source, body)
    comments = _leading_comments(node, ctx)
    if comments:
        rest = comments + "\n" + rest if rest else comments
    parts = [header, "    " + guard(name)]
    if guard_body:
        parts.append(guard_body)
    parts.append("        continue  " + GUARD_COMMENT)
    if rest:
        parts.append(rest)
    if node.orelse:
        parts += ["else:", render_blocks.block(source, node.orelse)]
    snippet = _with_imports("\n".join(parts) + "\n", imports)
    compact = f"{guard(name)} continue"

    kept_else = _sdk_filter_check(loop, ctx)
    if kept_else is not None:
        filtered = _sdk_filter_guard(loop, kept_else, iter_edits, imports, ctx)
        if filtered is not None:
            return filtered
    if not moved:
        unwrapped = _unwrap_choices_check(loop, ctx)
        if unwrapped is not None:
            unwrapped = (*unwrapped, compact)
        merged = unwrapped or _merge_choices_check(loop, ctx)
        if merged is not None:
            at, text, compact = merged
            loop_text = render_blocks.span(
                source, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
                [*iter_edits, render_blocks.Edit(*at, text)],
            )
            snippet = _with_imports(render_blocks.dedent_continuation(loop_text, loop_indent) + "\n", imports)
            return LoopSnippet(snippet, compact, at, text)
    first = body[0]
    first_indent = source.indent(first.lineno)
    if moved or first.lineno == node.lineno or len(first_indent.encode("utf-8")) != first.col_offset:
        return LoopSnippet(snippet, compact, None, None)
    step = _step(loop_indent, first_indent)
    inserted = f"{first_indent}{guard(name)}\n{first_indent}{step}continue  {GUARD_COMMENT}\n"
    at = Position(first.lineno, 0, first.lineno, 0)
    cleanups = _cleanups(node, name, at, ctx)
    hoisted = _no_choices_branch(loop, ctx)
    if hoisted is None:
        usage = _usage_branch(loop)
        if usage is not None:  # a guard on top would skip the usage chunk it handles
            return LoopSnippet(snippet, compact, None, None, manual=(
                f"; no automatic guard: the branch for chunks without choices on line {usage.lineno} handles "
                "the usage chunk, which a guard on top of the loop would skip, and it cannot move above "
                "the guard as it is (it has an `else`, or sits in a statement that also runs for chunks "
                "with choices): move it above the guard by hand"
            ))
    if hoisted is not None:  # the user's branch for chunks without choices runs before the guard
        stmt = hoisted
        # edits are written with "\n" (the fix turns them into the file's line endings)
        inserted = "".join(source.line(n).rstrip("\r\n") + "\n" for n in range(stmt.lineno, stmt.end_lineno + 1)) + inserted
        cleanups = [c for c in cleanups if not render_blocks.contains(stmt, c.at)]
        cleanups.append(stream_checks.Cleanup(stream_checks.Span(stmt.lineno, 0, stmt.end_lineno + 1, 0), ""))
    if cleanups and cleanups[0].at[:2] == at[:2]:  # the first statement is itself unwrapped
        first_cleanup = cleanups.pop(0)
        at, inserted = Position(*first_cleanup.at), inserted + first_cleanup.text
    if not cleanups and at.end_lineno == at.lineno and at.end_col_offset == 0:
        return LoopSnippet(snippet, compact, at, inserted, (), _dead_else_note(body, name))
    edits = [*iter_edits, render_blocks.Edit(*at, inserted), *(render_blocks.Edit(*c.at, c.text) for c in cleanups)]
    loop_text = render_blocks.span(source, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), edits)
    snippet = _with_imports(render_blocks.dedent_continuation(loop_text, loop_indent) + "\n", imports)
    more = tuple((Position(*c.at), c.text) for c in cleanups)
    return LoopSnippet(snippet, compact, at, inserted, more, _dead_else_note(node.body, name))


def _dead_else_note(body: list[ast.stmt], name: str) -> str:
    """The fix message's note on an ``if chunk.choices:`` with an ``else`` that stays below the
    guard on top of the loop: its ``else`` can no longer run (nor could it before: the read
    above the check raised IndexError on a chunk without choices)."""
    for stmt in body:
        if isinstance(stmt, ast.If) and stmt.orelse and choices_check(stmt.test, name) is True:
            return (
                f"; the `else` of the `choices` check on line {stmt.lineno} can no longer run (nor could "
                "it: the read above the check raised IndexError on a chunk without choices): remove it, "
                "or move what it does for a chunk without choices above the guard"
            )
    return ""


def _step(outer: str, inner: str) -> str:
    """One level of indentation as the code writes it (a tab in a tab-indented loop)."""
    return inner[len(outer):] if inner.startswith(outer) and len(inner) > len(outer) else "    "


def _no_choices_branch(loop: StreamLoop, ctx: Context) -> ast.stmt | None:
    """A statement of the loop, after a read of ``chunk.choices``, holding a branch for chunks
    without choices that does more than ``continue`` (Azure's usage chunk has no choices:
    ``chunk.usage`` is read there): ``if not chunk.choices:``, or such a branch nested in
    ``if`` statements (``if chunk.usage: if not chunk.choices: ...``, an ``else: pass``). A
    guard on top of the loop would make the branch unreachable, so the statement moves above
    the guard: it does nothing for a chunk with choices (its tests read the chunk, call
    nothing, and only a branch for chunks without choices holds other statements), and its
    tests read nothing the statements above it change (they do not assign the chunk), so every
    chunk with choices is handled as before and a chunk without choices reaches the branch.
    ``None`` when there is no such statement or it cannot move."""
    node, name, source = loop.node, loop.target, ctx.source
    body = node.body
    reads = [*loop.choice_reads, *loop.delta_reads]
    for index, stmt in enumerate(body):
        if not _branches_without_choices(stmt, name):
            continue
        if index == 0 or not _inert(stmt, name) or any(render_blocks.contains(stmt, r) for r in reads):
            return None
        if isinstance(stmt, ast.If) and not stmt.orelse and stream_checks._only_continue(stmt):
            return None
        if source.indent(stmt.lineno) != source.indent(body[0].lineno) or not stream_checks._alone(stmt, source):
            return None
        if body[index - 1].end_lineno >= stmt.lineno or stmt.end_lineno >= len(source.lines):
            return None
        before = body[:index]
        if any(_assigns(s, name) for s in before) or _assigns(stmt, name):
            return None
        text = "\n".join(source.line(n) for n in range(stmt.lineno, stmt.end_lineno + 1))
        if render_blocks.string_lines(text):
            return None
        return stmt
    return None


def _branches(stmt: ast.If, name: str) -> tuple[list[ast.stmt], list[ast.stmt]] | None:
    """``(for a chunk with choices, for a chunk without)`` of an ``if`` that checks
    ``<name>.choices``; ``None`` for another ``if``."""
    check = choices_check(stmt.test, name)
    if check is None:
        return None
    return (stmt.body, stmt.orelse) if check else (stmt.orelse, stmt.body)


def _does_something(block: list[ast.stmt]) -> bool:
    return any(not isinstance(s, (ast.Pass, ast.Continue)) for s in block)


def _branches_without_choices(stmt: ast.stmt, name: str) -> list[tuple[ast.If, list[ast.stmt]]]:
    """The branches for chunks without choices in ``stmt`` (at any depth, not in functions)
    that do more than ``continue``, with their ``if``."""
    out = []
    for n, _ in render_blocks.walk([stmt], limit=2000):
        if isinstance(n, ast.If):
            branches = _branches(n, name)
            if branches is not None and _does_something(branches[1]):
                out.append((n, branches[1]))
    return out


def _usage_branch(loop: StreamLoop) -> ast.If | None:
    """The ``if`` of a branch for chunks without choices that reads ``<name>.usage``."""
    for stmt in loop.node.body:
        for test, branch in _branches_without_choices(stmt, loop.target):
            if any(_mentions(s, loop.target, "usage") for s in branch):
                return test
    return None


_PURE = (ast.Name, ast.Attribute, ast.Constant, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Load,
         ast.expr_context, ast.cmpop, ast.boolop, ast.unaryop)


def _inert(stmt: ast.stmt, name: str) -> bool:
    """``stmt`` does nothing for a chunk with choices: ``pass``, or an ``if`` whose test calls
    nothing and whose branches that a chunk with choices can take are inert too."""
    if isinstance(stmt, ast.Pass):
        return True
    if not isinstance(stmt, ast.If):
        return False
    branches = _branches(stmt, name)
    if branches is not None:
        return all(_inert(s, name) for s in branches[0])
    return all(isinstance(n, _PURE) for n in ast.walk(stmt.test)) and all(
        _inert(s, name) for s in (*stmt.body, *stmt.orelse)
    )


# -- the Inference SDK's own filter, for a choices check with an `else` -----------------------


def sdk_filter_guard(name: str, inference: bool) -> str:
    """The chunks a loop written for the Inference SDK never saw: no choices and no usage (the
    SDK dropped them), and a choice without a delta (Azure's content-filter annotation)."""
    if inference:
        return f"if (not {name}.choices and not {name}.usage) or ({name}.choices and {name}.choices[0].delta is None):"
    return f"if {name}.choices and {name}.choices[0].delta is None:"


def sdk_filter_comment(inference: bool) -> str:
    return "# Azure: prompt-filter chunk, async content-filter annotation" if inference else (
        "# Azure: async content-filter annotation"
    )


def _sdk_filter_check(loop: StreamLoop, ctx: Context) -> ast.If | None:
    """A top-level ``if chunk.choices: ... else: ...`` (or ``if not chunk.choices: ... else:
    ...``) whose branch for chunks without choices does something (reads the usage chunk) and
    whose other branch holds every unguarded read (directly, or in a function the loop defines
    and calls only there). A guard that skips every chunk without choices would make that
    branch dead; one that skips exactly what the Inference SDK never passed on (chunks with
    neither choices nor usage) and the choices without a delta keeps it running for the very
    chunks it ran for, and every read safe."""
    node, name = loop.node, loop.target
    reads = [*loop.choice_reads, *loop.delta_reads]
    for stmt in node.body:
        if not isinstance(stmt, ast.If) or not stmt.orelse:
            continue
        branches = _branches(stmt, name)
        if branches is None or not _does_something(branches[1]):
            continue
        holders = [*branches[0], *_called_only_in(node.body, branches[0])]
        if reads and all(any(render_blocks.contains(s, r) for s in holders) for r in reads):
            return stmt
        return None
    return None


def _called_only_in(body: list[ast.stmt], block: list[ast.stmt]) -> list[ast.stmt]:
    """The functions defined at the top of ``body`` that are only called, and only in ``block``."""
    out = []
    for fn in body:
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        uses = [
            (n, parent) for n, parent in render_blocks.walk(body, limit=5000)
            if isinstance(n, ast.Name) and n.id == fn.name and isinstance(n.ctx, ast.Load)
        ]
        if uses and all(
            isinstance(parent, ast.Call) and parent.func is n and any(render_blocks.contains(s, n) for s in block)
            for n, parent in uses
        ):
            out.append(fn)
    return out


def _sdk_filter_guard(
    loop: StreamLoop, stmt: ast.If, iter_edits: list[Edit], imports: tuple[str, ...], ctx: Context
) -> LoopSnippet | None:
    node, name, source = loop.node, loop.target, ctx.source
    first = node.body[0]
    loop_indent, first_indent = source.indent(node.lineno), source.indent(first.lineno)
    if first.lineno == node.lineno or len(first_indent.encode("utf-8")) != first.col_offset:
        return None
    check = sdk_filter_guard(name, loop.inference)
    inserted = f"{first_indent}{check}\n{first_indent}{_step(loop_indent, first_indent)}continue  {sdk_filter_comment(loop.inference)}\n"
    at = Position(first.lineno, 0, first.lineno, 0)
    loop_text = render_blocks.span(
        source, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
        [*iter_edits, render_blocks.Edit(*at, inserted)],
    )
    snippet = _with_imports(render_blocks.dedent_continuation(loop_text, loop_indent) + "\n", imports)
    note = (
        f"; as the Inference SDK did, a chunk without choices that carries usage still reaches the branch "
        f"for it on line {stmt.lineno}" if loop.inference else
        f"; a chunk without choices still reaches the branch for it on line {stmt.lineno}, as before"
    )
    return LoopSnippet(snippet, f"{check} continue", at, inserted, (), note)


def _assigns(stmt: ast.stmt, name: str) -> bool:
    for n, _ in render_blocks.walk([stmt], limit=2000):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
    return False


def _cleanups(node: ast.AST, name: str, at: Position, ctx: Context) -> list[stream_checks.Cleanup]:
    """The edits that take out the loop's own choices checks, made redundant by the guard
    inserted at ``at`` (one that would overlap the insertion is left, unless it starts there)."""
    point = (at.lineno, at.col_offset)
    return [
        c for c in stream_checks.redundant_checks(node.body, name, ctx)
        if not ((c.at.lineno, c.at.col_offset) < point < (c.at.end_lineno, c.at.end_col_offset))
    ]


def _unwrap_choices_check(loop: StreamLoop, ctx: Context) -> tuple[Position, str] | None:
    """A loop whose last statement is ``if <name>.choices:`` (no ``else``) holding every
    unguarded read gets the guard in place of that ``if``, its body one level out: the check
    would be redundant after the guard, and statements before it still run for every chunk.
    Returns the span of the ``if`` (whole lines) and its replacement, or ``None`` when the
    ``if`` cannot be unwrapped line by line."""
    node, name = loop.node, loop.target
    last = node.body[-1]
    if not (isinstance(last, ast.If) and not last.orelse and choices_check(last.test, name) is True):
        return None
    if not all(render_blocks.contains(last, read) for read in (*loop.choice_reads, *loop.delta_reads)):
        return None  # a read before it (a statement, a function defined in the loop)
    lines = stream_checks.dedented_body(last, ctx)
    if lines is None:
        return None
    indent = ctx.source.indent(last.lineno)
    step = _step(indent, ctx.source.indent(last.body[0].lineno))
    out = [f"{indent}{guard(name)}", f"{indent}{step}continue  {GUARD_COMMENT}", *lines]
    end_col = len(ctx.source.line(last.end_lineno).rstrip("\r\n").encode("utf-8"))
    return Position(last.lineno, 0, last.end_lineno, end_col), "\n".join(out)


def _merge_choices_check(loop: StreamLoop, ctx: Context) -> tuple[Position, str, str] | None:
    """The user's own check of ``<name>.choices``, a statement of the loop body, extended to
    the whole guard so that no second check is added: ``(span, replacement, compact)``.

    - ``if chunk.choices:`` (or a ``len()`` shape, with or without ``else``, or
      ``if chunk.choices and <more>:``) holding every unguarded read: the choices check gains
      ``and chunk.choices[0].delta is not None``; the
      statements around it still run for every chunk, its ``else`` also for a chunk without
      a delta.
    - ``if not chunk.choices: continue`` before every unguarded read: its test gains
      ``or chunk.choices[0].delta is None``; when its body does more than ``continue``, a
      delta check is inserted after it instead (the body is meant for chunks without choices).
    """
    node, name = loop.node, loop.target
    reads = [*loop.choice_reads, *loop.delta_reads]
    if not reads:
        return None
    for stmt in node.body:
        if not isinstance(stmt, ast.If):
            continue
        test = stmt.test
        if (
            isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)
            and choices_check(test.values[0], name) is True
        ):
            # `if chunk.choices and <more>:` the delta check goes right after the choices check
            first = test.values[0]
            if not all(any(render_blocks.contains(s, read) for s in (*test.values[1:], *stmt.body)) for read in reads):
                return None
            at = Position(first.end_lineno, first.end_col_offset, first.end_lineno, first.end_col_offset)
            added = f" and {name}.choices[0].delta is not None"
            return at, added, f"if {ctx.segment(first)}{added} and ...: ..."
        positive = choices_check(test, name)
        if positive is None:
            continue
        at = Position(test.lineno, test.col_offset, test.end_lineno, test.end_col_offset)
        written = ctx.segment(test)
        if positive:
            if all(any(render_blocks.contains(s, read) for s in stmt.body) for read in reads):
                merged = f"{written} and {name}.choices[0].delta is not None"
                return at, merged, f"if {merged}: ..."
            return None
        end = (stmt.end_lineno, stmt.end_col_offset)
        if (
            stmt.orelse or not isinstance(stmt.body[-1], ast.Continue)
            or not all((read.lineno, read.col_offset) >= end for read in reads)
        ):
            return None
        if len(stmt.body) == 1:
            merged = f"{written} or {name}.choices[0].delta is None"
            return at, merged, f"if {merged}: continue"
        return _delta_check_after(stmt, name, ctx)
    return None


def _delta_check_after(stmt: ast.If, name: str, ctx: Context) -> tuple[Position, str, str] | None:
    """``if <name>.choices[0].delta is None: continue`` inserted on the line after ``stmt``."""
    source = ctx.source
    indent = source.indent(stmt.lineno)
    following = source.line(stmt.end_lineno).encode("utf-8")[stmt.end_col_offset:].strip()
    if len(indent.encode("utf-8")) != stmt.col_offset or (following and not following.startswith(b"#")):
        return None
    check = f"if {name}.choices[0].delta is None:"
    step = _step(indent, source.indent(stmt.body[0].lineno))
    text = f"{indent}{check}\n{indent}{step}continue  # Azure: async content-filter annotation\n"
    line = stmt.end_lineno + 1
    return Position(line, 0, line, 0), text, f"{check} continue"


def _leading_comments(node: ast.AST, ctx: Context) -> str:
    """Comment lines between a loop's header and its first statement, re-indented."""
    first = node.body[0]
    lines = []
    for lineno in range(node.iter.end_lineno + 1, first.lineno):
        text = ctx.source.line(lineno).strip()
        if text.startswith("#"):
            lines.append("    " + text)
        elif text and text != ":" and not text.startswith(")"):
            return ""  # not only comments: leave them out
    return "\n".join(lines)


def _after_iterable(generator: ast.comprehension, node: ast.AST, ctx: Context) -> tuple[int, int] | None:
    """The position just after a generator's iterable, past the parentheses around it
    (``for c in (stream)``); ``None`` when they cannot be matched."""
    source = ctx.source
    it = generator.iter
    between = render_blocks.span(
        source, (generator.target.end_lineno, generator.target.end_col_offset), (it.lineno, it.col_offset)
    )
    opened = between.count("(")
    line, col = it.end_lineno, it.end_col_offset
    end = (node.end_lineno, node.end_col_offset)
    while opened and (line, col) < end:
        raw = source.line(line).encode("utf-8")
        if col >= len(raw.rstrip(b"\r\n")):
            line, col = line + 1, 0
            continue
        char = raw[col:col + 1]
        if char == b")":
            opened -= 1
        elif char not in (b" ", b"\t", b"\\"):
            return None
        col += 1
    return None if opened else (line, col)


def guarded_comprehension(loop: StreamLoop, ctx: Context) -> LoopSnippet:
    """The comprehension with the guard as the stream generator's first condition."""
    node, generator = loop.node, loop.generator
    condition = " if " + guard_condition(loop.target)
    where = _after_iterable(generator, node, ctx)
    if where is None:  # unmatched parentheses: show the expression rebuilt from its parts
        return LoopSnippet(_rebuilt_comprehension(loop, ctx), None, None, None)
    insertion = render_blocks.Edit(where[0], where[1], where[0], where[1], condition)
    iter_edits, imports = _iterable_edits(generator.iter, loop, ctx)
    text = render_blocks.span(
        ctx.source, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
        [*iter_edits, insertion],
    )
    at = Position(where[0], where[1], where[0], where[1])
    return LoopSnippet(_with_imports(text, imports), None, at, condition)


def _rebuilt_comprehension(loop: StreamLoop, ctx: Context) -> str:
    node = loop.node
    brackets = {ast.ListComp: "[]", ast.SetComp: "{}", ast.DictComp: "{}"}.get(type(node), "()")
    if isinstance(node, ast.DictComp):
        head = f"{ctx.segment(node.key)}: {ctx.segment(node.value)}"
    else:
        head = ctx.segment(node.elt)
    parts = [head]
    for generator in node.generators:
        parts.append(("async for " if generator.is_async else "for ") + ctx.segment(generator.target))
        parts.append("in " + ctx.segment(generator.iter))
        if generator is loop.generator:
            parts.append("if " + guard_condition(loop.target))
        parts += ["if " + ctx.segment(cond) for cond in generator.ifs]
    return brackets[0] + " ".join(parts) + brackets[1]


def guarded(loop: StreamLoop, ctx: Context) -> LoopSnippet:
    return guarded_comprehension(loop, ctx) if loop.is_comprehension else guarded_loop(loop, ctx)


# -- tool calls keyed by index ----------------------------------------------------------------


def _chain(stmts: list[ast.stmt], target: ast.AST) -> list[tuple[ast.stmt, list[ast.stmt]]]:
    """The statements containing ``target``, outermost first, each with the suite it is in."""
    out: list[tuple[ast.stmt, list[ast.stmt]]] = []
    suite = stmts
    for _ in range(50):
        found = None
        for stmt in suite:
            if render_blocks.contains(stmt, target):
                found = stmt
                break
        if found is None:
            break
        out.append((found, suite))
        inner = None
        for field in ("body", "orelse", "finalbody", "handlers"):
            for sub in getattr(found, field, None) or ():
                if isinstance(sub, ast.ExceptHandler):
                    if render_blocks.contains(sub, target):
                        inner = sub.body
                elif render_blocks.contains(sub, target):
                    inner = getattr(found, field)
            if inner is not None:
                break
        if inner is None:
            break
        suite = inner
    return out


def tool_calls_by_index(loop: StreamLoop, read: ast.Subscript, ctx: Context) -> tuple[str, str] | None:
    """The statements accumulating ``<delta>.tool_calls[0]`` rewritten to loop over every
    tool-call delta of the chunk (each carries its ``index``); ``(snippet, compact)``."""
    if loop.is_comprehension:
        return None
    source = ctx.source
    list_text = ctx.segment(read.value)
    var = "tool_call_delta"
    while var in source.text:
        var += "_"
    chain = _chain(loop.node.body, read)
    if not chain:
        return None
    # innermost `if` testing `<delta>.tool_calls` itself: loop inside it
    guard_if = None
    for stmt, _suite in reversed(chain):
        if isinstance(stmt, ast.If) and render_blocks.contains(stmt.test, read) is False and any(
            isinstance(n, ast.Attribute) and n.attr == "tool_calls" and ctx.segment(n) == list_text
            for n, _ in render_blocks.walk([stmt.test], limit=500)
        ):
            guard_if = stmt
            break
    if guard_if is not None:
        region = guard_if.body
        iterable = list_text
    else:
        stmt, suite = chain[-1]
        region = suite[suite.index(stmt):]
        iterable = f"{list_text} or []"
    edits = [
        render_blocks.replace(n, var)
        for stmt in region
        for n, _ in render_blocks.walk([stmt])
        if isinstance(n, ast.Subscript)
        and isinstance(n.slice, ast.Constant)
        and n.slice.value == 0
        and ctx.segment(n.value) == list_text
    ]
    comment = f"# {var}.index says which tool call this delta extends: accumulate per index"
    loop_text = f"for {var} in {iterable}:\n    {comment}\n" + render_blocks.statements(source, region, edits)
    compact = f"for {var} in {iterable}: ..."
    if guard_if is None:
        return loop_text + "\n", compact
    test = render_blocks.statement(source, guard_if.test)
    out = f"if {test}:\n" + render_blocks.indent_lines(loop_text)
    if guard_if.orelse:
        out += "\nelse:\n" + render_blocks.block(source, guard_if.orelse)
    return out + "\n", compact


# -- stream_options ---------------------------------------------------------------------------


def call_with_include_usage(loop: StreamLoop, ctx: Context) -> tuple[str, Position | None, str] | None:
    """``(snippet, insertion point, inserted text)`` adding ``stream_options`` to the call
    that created the stream; the insertion only for an openai call."""
    call = loop.stream.node
    if not isinstance(call, ast.Call):
        return None
    added = f"stream_options={INCLUDE_USAGE}"
    if loop.inference:
        migrated = render_blocks.migrated_call(call, ctx)
        if migrated is None:
            return None
        text, imports = migrated
        snippet = _with_imports(_add_keyword(text), imports)
        return snippet, None, ""
    last = max([*call.args, *call.keywords], key=lambda n: (n.end_lineno, n.end_col_offset), default=None)
    args = [(None, ctx.segment(a)) for a in call.args] + [
        (kw.arg if kw.arg is not None else "**", ctx.segment(kw.value)) for kw in call.keywords
    ]
    args.append(("stream_options", INCLUDE_USAGE))
    snippet = snippets.call(ctx.segment(call.func), args)
    if not isinstance(last, ast.keyword) or not hasattr(last, "end_lineno"):
        return snippet, None, ""  # a positional argument's span leaves out its parentheses
    return snippet, Position(last.end_lineno, last.end_col_offset, last.end_lineno, last.end_col_offset), f", {added}"


def _add_keyword(call_text: str) -> str:
    """``f(a, b)`` -> ``f(a, b, stream_options=...)`` on rendered call text (ends with ``)``)."""
    body = call_text.rstrip()
    if not body.endswith(")"):
        return call_text
    inner = body[:-1].rstrip()
    if inner.endswith(","):  # one argument per line
        indent = body[: -1].rsplit("\n", 1)[-1]
        return f"{inner}\n{indent}    stream_options={INCLUDE_USAGE},\n{indent})"
    sep = "" if inner.endswith("(") else ", "
    return f"{inner}{sep}stream_options={INCLUDE_USAGE})"
