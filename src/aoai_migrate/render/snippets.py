"""Building blocks for migrated-code snippets, made from the user's own source text.

Rules assemble snippets from these helpers so that every snippet is valid Python, keeps the
user's expressions verbatim (``Source.segment``) and renders the same way everywhere.
"""

from __future__ import annotations

import ast
import copy
import io
import textwrap
import tokenize
from typing import Iterable, Sequence

#: lines longer than this are broken one argument per line
LINE_LENGTH = 88
#: the compact (flake8/pylint) form is elided past this length
COMPACT_LENGTH = 110

Arg = tuple  # (keyword or None for positional, or "**" for a splat, source text)


def call(func: str, args: Sequence[Arg], indent: str = "") -> str:
    """Render ``func(args...)``, on one line when it fits, else one argument per line.

    ``args`` are ``(name, text)`` pairs: ``name`` is a keyword, ``None`` for a positional
    argument or ``"**"`` for a ``**mapping`` splat. ``text`` is source code, kept verbatim.
    """
    parts = [_arg(name, text) for name, text in args]
    one_line = f"{func}({', '.join(parts)})"
    if len(indent) + len(one_line) <= LINE_LENGTH and "\n" not in one_line:
        return one_line
    inner = indent + "    "
    body = "".join(f"{inner}{_reindent(part, inner)},\n" for part in parts)
    return f"{func}(\n{body}{indent})"


def _arg(name: str | None, text: str) -> str:
    if name is None:
        return text
    if name == "**":
        return f"**{text}"
    return f"{name}={text}"


def dict_spread(text: str) -> str:
    """``**text`` as an entry of a dict display. A display takes ``**`` of a tight expression
    only (``{**a if b else None}`` does not parse), and ``**None`` raises where the Inference SDK
    took ``None`` as "no extras": a conditional with a ``None`` branch becomes ``**((...) or {})``,
    any other loose expression is parenthesised."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return f"**({text})"
    if isinstance(node, ast.IfExp) and any(
        isinstance(branch, ast.Constant) and branch.value is None for branch in (node.body, node.orelse)
    ):
        return f"**(({text}) or {{}})"
    try:
        ast.parse(f"{{**{text}}}", mode="eval")
    except SyntaxError:
        return f"**({text})"
    return f"**{text}"


def _reindent(text: str, indent: str) -> str:
    """Re-indent continuation lines of a multi-line argument under ``indent``."""
    if "\n" not in text:
        return text
    first, rest = text.split("\n", 1)
    rest = textwrap.dedent(rest)
    return first + "\n" + textwrap.indent(rest, indent).rstrip(" ")


def string(value: str) -> str:
    """A Python string literal, double-quoted like the guide."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        text = '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def kwargs_dict(items: Iterable[tuple[str, str]], indent: str | None = None) -> str:
    """``{"key": <text>, ...}`` from (key, source text) pairs; with ``indent`` (that of the
    line the display starts on), one entry per line when it does not fit on one."""
    items = list(items)
    one_line = "{" + ", ".join(f"{string(k)}: {v}" for k, v in items) + "}"
    if indent is None or (len(indent) + len(one_line) <= LINE_LENGTH and "\n" not in one_line):
        return one_line
    return "{\n" + "".join(f"{indent}    {string(k)}: {v},\n" for k, v in items) + indent + "}"


def parses(snippet: str) -> bool:
    """Whether ``snippet`` is Python ``ast`` accepts; never raises (huge or deeply nested text
    is "does not parse")."""
    try:
        ast.parse(snippet)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


class _Elide(ast.NodeTransformer):
    def __init__(self, limit: int) -> None:
        self.limit = limit

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        for kw in node.keywords:
            if kw.arg is not None and len(ast.unparse(kw.value)) > self.limit:
                kw.value = ast.Constant(...)
        node.args = [
            ast.Constant(...) if len(ast.unparse(a)) > self.limit and not isinstance(a, ast.Starred) else a
            for a in node.args
        ]
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        node.values = [
            ast.Constant(...) if key is not None and len(ast.unparse(v)) > self.limit else v
            for key, v in zip(node.keys, node.values)
        ]
        return node


def compact(snippet: str | None) -> str | None:
    """A one-line form of ``snippet`` for flake8/pylint messages; long values become ``...``
    (still valid Python). String literals keep the user's own quotes."""
    if not snippet:
        return None
    try:
        tree = ast.parse(snippet)
    except (SyntaxError, ValueError):
        return None
    quotes = _literals(tree, snippet)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        target: ast.AST = tree.body[0].value
    else:
        target = tree
    text = _unparse_one_line(target, quotes)
    for limit in (40, 24, 12, 3):
        if len(text) <= COMPACT_LENGTH:
            break
        _Elide(limit).visit(target)
        text = _unparse_one_line(target, quotes)
    return text


def _literals(tree: ast.AST, snippet: str) -> dict[str, str]:
    """``repr(value)`` -> the literal as written in ``snippet``, for one-line string constants."""
    lines = snippet.splitlines(keepends=True)
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno == node.end_lineno:
            line = lines[node.lineno - 1].encode()
            written = line[node.col_offset:node.end_col_offset].decode(errors="replace")
            out.setdefault(repr(node.value), written)
    return out


def _restore_quotes(text: str, quotes: dict[str, str]) -> str:
    """Put the user's spelling of each string literal back into ``ast.unparse`` output."""
    if not quotes:
        return text
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    out, pos = [], 0
    for tok in tokens:
        if tok.type == tokenize.STRING and tok.start[0] == 1 and tok.string in quotes:
            out.append(text[pos:tok.start[1]])
            out.append(quotes[tok.string])
            pos = tok.end[1]
    out.append(text[pos:])
    return "".join(out)


def _unparse_one_line(node: ast.AST, quotes: dict[str, str]) -> str:
    if isinstance(node, ast.Module):
        if all(not isinstance(s, _COMPOUND) for s in node.body):
            return "; ".join(_restore_quotes(ast.unparse(s), quotes) for s in node.body)
        # a compound statement cannot share a line; keep the first simple form of it
        return " ".join(ast.unparse(node).split())
    return _restore_quotes(ast.unparse(node), quotes)  # an expression unparses to one line


_COMPOUND = (
    ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
)


def shorten(text: str, limit: int = 48) -> str:
    """``text`` (a code fragment for a one-line message) on one line, about ``limit`` characters at
    most, abbreviated on expression boundaries only: the largest sub-expressions give way first,
    a call keeps its callee (``make_provider(...)``), a display its brackets (``[...]``), a string
    its quotes (``"https://res..."``). Text that is not an expression is cut between words. The
    result never ends inside a name or a number; a name longer than ``limit`` stays whole."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return _cut_words(flat, limit)
    quotes = _literals(tree, text.strip())
    shown = flat
    for _ in range(64):
        count = sum(1 for n in ast.walk(tree.body) if _collapsible(n))
        if not count:
            break
        trials = []
        for index in range(count):
            trial = copy.deepcopy(tree)
            node = [n for n in ast.walk(trial.body) if _collapsible(n)][index]
            _collapse(node, len(shown) - limit, quotes)
            trials.append((trial, _restore_quotes(ast.unparse(trial.body), quotes), node is trial.body))
        fitting = [t for t in trials if len(t[1]) <= limit]
        if fitting:  # the abbreviation that keeps the most
            return max(fitting, key=lambda t: len(t[1]))[1]
        # none fits yet: give up the largest inner expression (the outermost one last)
        inner = [t for t in trials if not t[2]] or trials
        tree, shown, _ = min(inner, key=lambda t: len(t[1]))
    return shown


def _collapsible(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return not (len(node.args) == 1 and not node.keywords and _is_ellipsis(node.args[0]))
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not (len(node.elts) == 1 and _is_ellipsis(node.elts[0]))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return len(node.value) > 8 and not node.value.endswith("...")
    return isinstance(node, (ast.Dict, ast.JoinedStr, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda))


def _is_ellipsis(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _collapse(node: ast.AST, over: int, quotes: dict[str, str]) -> None:
    """Abbreviate ``node`` in place, keeping what names it (callee, brackets, quotes); a string
    gives up the ``over`` characters the text is too long by, cut at a ``/ . - _`` or space."""
    if isinstance(node, ast.Call):
        node.args, node.keywords = [ast.Constant(...)], []
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        node.elts = [ast.Constant(...)]
    elif isinstance(node, ast.Dict):
        node.__class__ = ast.Set  # {...}
        node.elts = [ast.Constant(...)]
    elif isinstance(node, ast.Constant):
        value = node.value
        keep = max(3, len(value) - over - 3)
        cut = max(value.rfind(c, 0, keep + 1) for c in "/.-_ ")
        if cut >= keep // 2 and cut > 0:
            keep = cut
        node.value = value[:keep] + "..." if len(value) > keep + 3 else "..."
        node.kind = None
        written = quotes.get(repr(value), "")
        quote = next((c for c in written if c in "'\""), "")
        if quote and quote not in node.value and "\\" not in node.value:
            quotes[repr(node.value)] = quote + node.value + quote
    elif isinstance(node, ast.Lambda):
        node.body = ast.Constant(...)
    else:  # f-strings and comprehensions: no inner boundary worth keeping
        node.__class__ = ast.Constant
        node.value, node.kind = ..., None


def _cut_words(text: str, limit: int) -> str:
    """``text`` cut at the last space before ``limit`` (never inside a word), with ``...``."""
    head = text[: max(limit - 3, 1)]
    space = head.rfind(" ")
    if space > 0:
        head = head[:space]
    return head.rstrip(" ,(") + " ..."
