"""Comments inside a replaced span, carried into its replacement.

A renderer builds the migrated code from the user's expressions (``Source.segment`` of each
argument), so the comments *between* them are not in its text: ``api_version="2024-02-01",  #
pinned for X``, an own-line note before an argument, ``# type: ignore[call-arg]`` after one. The
engine passes every edit of a fix through :func:`carry`, which puts each comment of the
original span that the new text lacks back where it belongs:

- a comment trailing an argument that survives (same keyword and value, the same value under a
  new keyword such as ``deployment`` -> ``model``, or the same keyword with a new value) trails
  that argument again, after its comma;
- a comment on its own line before an argument stays on its own line before it;
- a comment of an argument that was removed stays on its own line where it was (after the
  surviving argument before it, else before the one after it, else before the closing bracket);
- a comment before a closing bracket stays before the matching closing bracket.

"Argument" means an item of a call, a dict display or a list display; items are matched
between the two texts by keyword (or dict key) and by the structure of their value
(``ast.dump``), so layout and re-indentation do not matter. A one-line container that must hold
a comment is laid out one item per line first. A result that does not parse, or a span that is
not an expression, falls back to comments on their own lines before the new text (when it
starts a line) or after it (when it ends one); failing that the edit is left as it was.
"""

from __future__ import annotations

import ast
import dataclasses

from ..model import Edit
from ..source import Source
from .fragments import CONTAINERS, Comment, Fragment, Item, comment_texts, indent_of


def carry(source: Source, edits: list[Edit]) -> list[Edit]:
    """``edits`` (those of one fix) with the comments of the source spans they replace that
    none of their new texts holds (a comment a fix moves from one span to another is kept)."""
    if not any("#" in _span(source, e) for e in edits if e.start != e.end):
        return edits
    available: list[str] = [c for e in edits for c in comment_texts(e.text)]
    return [_carry_one(source, e, available) for e in edits]


def _carry_one(source: Source, edit: Edit, available: list[str]) -> Edit:
    if edit.start == edit.end:
        return edit
    original = _span(source, edit)
    if "#" not in original:
        return edit
    line = source.line(edit.line)
    prefix = line.encode("utf-8")[: edit.col].decode("utf-8", errors="replace")
    old = Fragment(prefix, original)
    lost = []
    for comment in old.comments():
        if comment.text in available:
            available.remove(comment.text)
        else:
            lost.append(comment)
    if not lost:
        return edit
    text = _place(old, lost, prefix, edit.text)
    if text is None:
        text = _around(source, edit, prefix, lost)
    if text is None:
        return edit
    return dataclasses.replace(edit, text=text)


def _lost(comments: list[Comment], new_text: str) -> list[Comment]:
    """The comments of ``comments`` that ``new_text`` does not hold (as many times)."""
    if not comments:
        return []
    have = comment_texts(new_text)
    if not have and "#" in new_text:
        have = [c.text for c in comments if c.text in new_text]
    out = []
    for comment in comments:
        if comment.text in have:
            have.remove(comment.text)
        else:
            out.append(comment)
    return out


def _span(source: Source, edit: Edit) -> str:
    node = ast.Module()  # any object with the four positions
    node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = edit.line, edit.col, edit.end_line, edit.end_col
    return source.segment(node).replace("\r\n", "\n").replace("\r", "\n")


# -- anchoring ------------------------------------------------------------------------------

# where a comment goes, relative to the old fragment: ("after", item) trails the item,
# ("before", item) on its own line before it, ("close", container) before its closing bracket,
# ("end", None) after the whole expression


def _anchor(old: Fragment, comment: Comment) -> tuple[str, object]:
    at = (comment.line, comment.col)
    container = old.container_at(at)
    if container is None:
        return ("end", None) if old.root is not None and old.end(old.root) <= at else ("before-root", None)
    children = old.children(container)
    if not comment.own_line:
        on_line = [i for i in children if i.end[0] == comment.line and i.end <= at]
        if on_line:
            return ("after", on_line[-1])
        if not any(i.start < at for i in children):
            return ("open", container)  # trails the opening bracket
    following = [i for i in children if i.start > at]
    if following:
        return ("before", following[0])
    return ("close", container)


def _match(item: Item, new: Fragment, among: ast.AST | None = None) -> Item | None:
    """The item of ``new`` that carries ``item`` on. Among the items of ``among`` (the new
    container of ``item``'s): the same key and value, the same value under another key
    (``deployment`` -> ``model``), the same key with another value, a value holding the old
    one or held by it (``AzureKeyCredential(key)`` -> ``key``), one sharing a name or a URL's
    host with it; then anywhere: the same key and value, or the same value."""
    old = item.value
    near = [i for i in new.items if i.container is among] if among is not None else []
    tests = (
        lambda i: i.key == item.key and i.shape == item.shape,
        lambda i: i.shape == item.shape and not _trivial(old),
        lambda i: item.key is not None and i.key == item.key,
        lambda i: not _trivial(old) and any(ast.dump(n) == item.shape for n in ast.walk(i.value)),
        lambda i: not _trivial(i.value) and any(ast.dump(n) == i.shape for n in ast.walk(old)),
        lambda i: bool(_leaves(old) & _leaves(i.value)),
    )
    for test in tests:
        for candidate in near:
            if test(candidate):
                return candidate
    for test in tests[:2]:
        for candidate in new.items:
            if test(candidate):
                return candidate
    return None


def _leaves(value: ast.AST) -> set[str]:
    """Names and URL hosts in ``value`` (what an argument keeps when its form changes)."""
    out = set()
    for node in ast.walk(value):
        if isinstance(node, ast.Name):
            out.add("name:" + node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "://" in node.value:
            out.add("host:" + node.value.split("://", 1)[1].split("/", 1)[0])
    return out


def _trivial(value: ast.AST) -> bool:
    return isinstance(value, ast.Constant) and value.value in (None, True, False)


def _new_container(container: ast.AST, old: Fragment, new: Fragment) -> ast.AST | None:
    if container is old.root:
        return new.root if isinstance(new.root, CONTAINERS) else _first_call(new)
    for item in old.items:
        if item.value is container:
            match = _match(item, new)
            if match is not None and isinstance(match.value, CONTAINERS):
                return match.value
    return _first_call(new)


def _first_call(new: Fragment) -> ast.AST | None:
    return next((n for n in ast.walk(new.root) if isinstance(n, CONTAINERS)), None) if new.root is not None else None


def _target(old: Fragment, new: Fragment, comment: Comment) -> tuple[str, object] | None:
    """Where ``comment`` goes in ``new``: ("trail", item), ("line-after", item),
    ("line-before", item), ("open", container), ("close", container) or ("end", None)."""
    kind, anchor = _anchor(old, comment)
    if kind == "end":
        return ("end", None)
    if kind == "before-root":
        return None
    if kind in ("close", "open"):
        container = _new_container(anchor, old, new)
        return (kind, container) if container is not None else None
    among = _new_container(anchor.container, old, new)
    match = _match(anchor, new, among)
    if match is None and isinstance(anchor.value, CONTAINERS):
        # a container spread into its parent (model_extras={"seed": 1} -> seed=1): its first
        # entry that survives carries the comment
        match = next((m for child in old.children(anchor.value) if (m := _match(child, new, among))), None)
    if match is not None:
        return ("trail", match) if kind == "after" else ("line-before", match)
    # the argument is gone: its neighbours in the old container say where the comment stays
    siblings = old.children(anchor.container)
    index = next(i for i, s in enumerate(siblings) if s is anchor)
    for sibling in reversed(siblings[:index]):
        found = _match(sibling, new, among)
        if found is not None:
            return ("line-after", found)
    for sibling in siblings[index + 1:]:
        found = _match(sibling, new, among)
        if found is not None:
            return ("line-before", found)
    return ("close", among) if among is not None else None


# -- placing --------------------------------------------------------------------------------


def _place(old: Fragment, lost: list[Comment], prefix: str, text: str) -> str | None:
    original_text = text
    if old.root is None:
        return None
    for _ in range(8):
        new = Fragment(prefix, text)
        if new.root is None:
            return None
        targets = [_target(old, new, c) for c in lost]
        if any(t is None for t in targets):
            return None
        crowded = next((c for t in targets if (c := _crowded(new, t)) is not None), None)
        if crowded is None:
            placed = _insert(new, list(zip(lost, targets)))
            if placed is None or not _parses(placed, prefix):
                return None
            # every comment arrives, and none the renderer wrote is lost on the way
            wanted = [Comment(c, 0, 0, False) for c in comment_texts(original_text)] + lost
            return placed if not _lost(wanted, placed) else None
        text = _explode(new, crowded)
        if text is None:
            return None
    return None


def _line_text(new: Fragment, line: int) -> str:
    return new.lines[line - 1].rstrip("\n") if 1 <= line <= len(new.lines) else ""


def _crowded(new: Fragment, target: tuple[str, object]) -> ast.AST | None:
    """The container to lay out one item per line before ``target`` can hold a comment."""
    kind, what = target
    if kind == "end":
        return None
    if kind == "open":
        children = new.children(what)
        opened = _open_bracket(new, what, children[0]) if children else None
        if opened is None:
            return None
        return None if not _line_text(new, opened[0])[opened[1]:].strip() else _outermost_one_line(new, what)
    if kind == "close":
        line, col = new.end(what)
        before = _line_text(new, line)[: col - 1]
        return None if not before.strip() else _outermost_one_line(new, what)
    item: Item = what
    if kind == "line-before":
        before = _line_text(new, item.start[0])[: item.start[1]]
        return None if not before.strip() else _outermost_one_line(new, item.container)
    rest = _line_text(new, item.end[0])[item.end[1]:].strip()
    if rest.startswith(","):
        rest = rest[1:].strip()
    return None if not rest or rest.startswith("#") else _outermost_one_line(new, item.container)


def _outermost_one_line(new: Fragment, container: ast.AST) -> ast.AST:
    """``container``, or the outermost container around it that is on one line too (laid out
    first, so the inner one lands on a line of its own)."""
    best = container
    for node in ast.walk(new.root):
        if (
            isinstance(node, CONTAINERS) and node is not container
            and new.start(node) <= new.start(container) and new.end(container) <= new.end(node)
            and new.start(node)[0] == new.end(node)[0] and new.start(node) < new.start(best)
        ):
            best = node
    return best


def _explode(new: Fragment, container: ast.AST) -> str | None:
    """``new``'s text with ``container`` laid out one item per line."""
    children = new.children(container)
    if not children or (isinstance(container, ast.Call) and any(isinstance(c.node, ast.GeneratorExp) for c in children)):
        return None
    start, end = new.start(container), new.end(container)
    open_at = _open_bracket(new, container, children[0])
    if open_at is None:
        return None
    indent = new.indent(start[0])
    inner = indent + "    "
    parts = [_cut(new, c.start, c.end) for c in children]
    body = "".join(f"{inner}{part},\n" for part in parts)
    close = _cut(new, (end[0], end[1] - 1), end)
    head = _cut(new, (1, 0), open_at)
    tail = _cut(new, end, (len(new.lines), len(new.lines[-1])))
    return (head + "\n" + body + indent + close + tail)[len(new.prefix):]


def _open_bracket(new: Fragment, container: ast.AST, first: Item) -> tuple[int, int] | None:
    """The position just after ``container``'s opening bracket."""
    if isinstance(container, ast.Call):
        line, col = new.end(container.func)
    else:
        line, col = new.start(container)
    text = _line_text(new, line)
    index = text.find("(" if isinstance(container, ast.Call) else "[{"[isinstance(container, ast.Dict)], col)
    if index < 0 or (line, index + 1) > first.start:
        return None
    return line, index + 1


def _cut(new: Fragment, start: tuple[int, int], end: tuple[int, int]) -> str:
    lines = new.lines
    if start[0] == end[0]:
        return lines[start[0] - 1][start[1]:end[1]]
    out = [lines[start[0] - 1][start[1]:]]
    out.extend(lines[start[0]:end[0] - 1])
    out.append(lines[end[0] - 1][:end[1]])
    return "".join(out)


def _insert(new: Fragment, placed: list[tuple[Comment, tuple[str, object]]]) -> str | None:
    """The text of ``new`` with the comments at their targets (laid out already)."""
    lines = [line.rstrip("\n") for line in new.lines]
    ends_in_newline = new.padded.endswith("\n")
    after: dict[int, list[str]] = {}  # line index -> own lines after it
    before: dict[int, list[str]] = {}
    trail: dict[int, str] = {}
    for comment, (kind, what) in placed:
        if kind == "end":
            line = len(lines)
            if line not in trail and "#" not in lines[line - 1]:
                trail[line] = comment.text
            else:
                after.setdefault(line, []).append(new.indent(line) + comment.text)
        elif kind == "open":
            children = new.children(what)
            opened = _open_bracket(new, what, children[0]) if children else None
            line = opened[0] if opened is not None else new.start(what)[0]
            if opened is not None and line not in trail and "#" not in lines[line - 1][opened[1]:]:
                trail[line] = comment.text
            else:
                after.setdefault(line, []).append(new.indent(line) + "    " + comment.text)
        elif kind == "close":
            line = new.end(what)[0]
            before.setdefault(line, []).append(new.indent(line) + "    " + comment.text)
        elif kind == "line-before":
            line = what.start[0]
            before.setdefault(line, []).append(new.indent(line) + comment.text)
        else:
            line = what.end[0]
            item_indent = new.indent(what.start[0])
            if kind == "trail" and line not in trail and "#" not in lines[line - 1][what.end[1]:]:
                trail[line] = comment.text
            else:
                after.setdefault(line, []).append(item_indent + comment.text)
    out = []
    for number, line in enumerate(lines, 1):
        out.extend(before.get(number, ()))
        out.append(line + (f"  {trail[number]}" if number in trail else ""))
        out.extend(after.get(number, ()))
    text = "\n".join(out) + ("\n" if ends_in_newline else "")
    return text[len(new.prefix):]


def _parses(text: str, prefix: str) -> bool:
    try:
        ast.parse("(\n" + " " * len(prefix) + text + "\n)", mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


# -- fallback: whole statements -------------------------------------------------------------


def _around(source: Source, edit: Edit, prefix: str, lost: list[Comment]) -> str | None:
    """Comments on their own lines before the new text (it starts a line) or after it (it
    ends one), for spans that are not expressions."""
    indent = indent_of(source.line(edit.line))
    if not prefix.strip():
        return "".join(f"{c.text}\n{indent}" for c in lost) + edit.text
    suffix = source.line(edit.end_line).encode("utf-8")[edit.end_col:].decode("utf-8", errors="replace")
    if not suffix.strip():
        return edit.text.rstrip("\n") + "".join(f"\n{indent}{c.text}" for c in lost) + ("\n" if edit.text.endswith("\n") else "")
    return None
