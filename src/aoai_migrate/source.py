"""Source text access: exact segments of nodes and indentation."""

from __future__ import annotations

import ast
import io


class Source:
    """The text of one module with O(1) line lookups (``ast.get_source_segment`` re-splits
    the whole file on every call)."""

    __slots__ = ("text", "lines")

    def __init__(self, text: str) -> None:
        self.text = text
        # split like the tokenizer (\n, \r\n, \r only): str.splitlines() also breaks on \v, \f,
        # \x1c-\x1e, \x85, \u2028... which would shift every line number after them
        self.lines = io.StringIO(text, newline="").readlines()

    def line(self, lineno: int) -> str:
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1]
        return ""

    def segment(self, node: ast.AST) -> str:
        """The exact source of ``node`` (columns are UTF-8 byte offsets in ``ast``)."""
        try:
            start, end = node.lineno, node.end_lineno
            col, end_col = node.col_offset, node.end_col_offset
        except AttributeError:
            # a node standing for another module's text (foreign.py) carries that text
            text = getattr(node, "source_text", None)
            return text if text is not None else ast.unparse(node)
        if end is None or end_col is None:
            return ast.unparse(node)
        if start == end:
            return _cut(self.line(start), col, end_col)
        parts = [_cut(self.line(start), col, None)]
        parts.extend(self.line(n) for n in range(start + 1, end))
        parts.append(_cut(self.line(end), 0, end_col))
        return "".join(parts)

    def indent(self, lineno: int) -> str:
        line = self.line(lineno)
        return line[: len(line) - len(line.lstrip())]


def _cut(line: str, start: int, end: int | None) -> str:
    encoded = line.encode("utf-8")
    return encoded[start:end].decode("utf-8", errors="replace")
