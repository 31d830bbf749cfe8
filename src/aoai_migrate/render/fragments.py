"""A replaced span's text parsed as an expression: its items and comments, with positions.

:mod:`.comments` compares two of them, the original span and its replacement. Positions are
``(line, character column)`` of the fragment's lines, the first of which counts what the file's
line holds before the span (``prefix``), so indentation reads as in the file.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import tokenize
from typing import Iterator

#: what holds items (arguments, entries, elements) a comment can be attached to
CONTAINERS = (ast.Call, ast.Dict, ast.List)


@dataclasses.dataclass(frozen=True)
class Comment:
    text: str
    line: int  # 1-based line of the fragment
    col: int  # character column (the first line counts the prefix)
    own_line: bool


@dataclasses.dataclass
class Item:
    node: ast.AST  # an argument, a keyword, a (key, value) pair's value, a list element
    container: ast.AST
    key: str | None  # a keyword's name, a dict key's string
    value: ast.AST
    start: tuple[int, int]
    end: tuple[int, int]

    @property
    def shape(self) -> str:
        return ast.dump(self.value)


class Fragment:
    """The text of a span (``prefix``: what its first line has before it) parsed as an
    expression, with character positions in lines whose first one includes the prefix."""

    def __init__(self, prefix: str, text: str) -> None:
        self.prefix = prefix
        self.text = text
        self.padded = " " * len(prefix) + text
        self.lines = io.StringIO(self.padded, newline="").readlines() or [""]
        try:
            tree = ast.parse("(\n" + self.padded + "\n)", mode="eval")
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            self.root: ast.AST | None = None
            self.items: list[Item] = []
            return
        self.root = tree.body
        self.items = list(self._items(tree.body))

    # positions: ast's (line counted from the "(\n" wrapper, UTF-8 byte col) -> (line, char col)
    def pos(self, lineno: int, byte_col: int) -> tuple[int, int]:
        line = lineno - 1
        text = self.lines[line - 1] if 1 <= line <= len(self.lines) else ""
        if text.isascii():
            return line, byte_col
        return line, len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def start(self, node: ast.AST) -> tuple[int, int]:
        return self.pos(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> tuple[int, int]:
        return self.pos(node.end_lineno, node.end_col_offset)

    def _items(self, root: ast.AST) -> Iterator[Item]:
        for node in ast.walk(root):
            if isinstance(node, ast.Call):
                children = sorted([*node.args, *node.keywords], key=lambda n: (n.lineno, n.col_offset))
                for child in children:
                    if isinstance(child, ast.keyword):
                        yield self._item(child, node, child.arg, child.value, child)
                    else:
                        yield self._item(child, node, None, child, child)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
                    yield self._item(value, node, name, value, key if key is not None else value)
            elif isinstance(node, ast.List):
                for element in node.elts:
                    yield self._item(element, node, None, element, element)

    def _item(self, node, container, key, value, first) -> Item:
        start = self.start(first)
        if isinstance(container, ast.Dict) and first is value:  # a ``**spread`` entry: from its stars
            start = (start[0], max(0, self.lines[start[0] - 1].rfind("**", 0, start[1])))
        return Item(node, container, key, value, start, self.end(value))

    def comments(self) -> list[Comment]:
        source = "(\n" + self.padded + "\n)" if self.root is not None else self.padded
        shift = 1 if self.root is not None else 0
        out = []
        try:
            for tok in tokenize.generate_tokens(io.StringIO(source).readline):
                if tok.type == tokenize.COMMENT:
                    line = tok.start[0] - shift
                    before = tok.line[: tok.start[1]]
                    if line == 1:
                        before = before[len(self.prefix):]
                    out.append(Comment(tok.string.rstrip(), line, tok.start[1], not before.strip()))
        except (tokenize.TokenError, SyntaxError):
            pass
        return out

    def indent(self, line: int) -> str:
        """The indentation of fragment line ``line`` in the file."""
        if line == 1:
            return indent_of(self.prefix + self.text)
        return indent_of(self.lines[line - 1]) if 1 <= line <= len(self.lines) else ""

    def container_at(self, at: tuple[int, int]) -> ast.AST | None:
        """The innermost container whose brackets hold position ``at``."""
        best = None
        for node in ast.walk(self.root) if self.root is not None else ():
            if isinstance(node, CONTAINERS) and self.start(node) < at < self.end(node):
                if best is None or self.start(node) >= self.start(best):
                    best = node
        return best

    def children(self, container: ast.AST) -> list[Item]:
        return [item for item in self.items if item.container is container]


def comment_texts(text: str) -> list[str]:
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append(tok.string.rstrip())
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return out


def indent_of(line: str) -> str:
    """The leading whitespace of ``line``."""
    return line[: len(line) - len(line.lstrip())]
