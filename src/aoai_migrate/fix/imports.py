"""Imports after the edits, with libcst's import codemods (``AddImportsVisitor``,
``RemoveImportsVisitor``), which keep the rest of the module byte for byte.

- added: the ``imports`` of every applied fix (``from openai import OpenAI``,
  ``import azure.identity.aio``), unless the module already binds them;
- removed: imports of ``azure.ai.inference`` and ``azure.core`` names (and of openai's
  ``AzureOpenAI``/``AsyncAzureOpenAI``) that the module used before the edits and no longer uses, and the ``unused`` names the fixes list (only when unused).

Every comment and blank line the step does not mean to change stays byte for byte: an import
line that goes leaves its comments on lines of their own where it was, except pure line
pragmas about it (:func:`kept_comments` says which); an import sharing its line with other code
(``import os; from azure.ai.inference import X``) is edited in place, its neighbours untouched;
and a layout line the head edit of ``AddImportsVisitor`` drops or moves is put back
(:func:`_keep_layout`).
"""

from __future__ import annotations

import ast
import difflib
import io
import re
import tokenize
from typing import Iterable

#: the packages whose imports the migration leaves behind
SDK_PREFIXES = ("azure.ai.inference", "azure.core")
#: single names the migration replaces, by module
SDK_NAMES = {"openai": frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})}


def parse_import(statement: str) -> list[tuple[str, str | None, str | None]]:
    """``"from openai import OpenAI as O"`` -> ``[("openai", "OpenAI", "O")]`` (module, obj, asname)."""
    try:
        tree = ast.parse(statement.strip())
    except SyntaxError:
        return []
    out: list[tuple[str, str | None, str | None]] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.extend((alias.name, None, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.extend((node.module, alias.name, alias.asname) for alias in node.names if alias.name != "*")
    return out


def used_sdk_imports(tree: ast.Module) -> list[tuple[str, str | None, str | None]]:
    """Module-level imports from the SDK packages whose names the module reads."""
    loads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    out: list[tuple[str, str | None, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                if _sdk(alias.name) and bound in loads:
                    out.append((alias.name, None, alias.asname))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if not (_sdk(node.module) or alias.name in SDK_NAMES.get(node.module, ())):
                    continue
                if alias.name != "*" and (alias.asname or alias.name) in loads:
                    out.append((node.module, alias.name, alias.asname))
    return out


def _sdk(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in SDK_PREFIXES)


def unused_names(names: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
    """``"azure.core.credentials.AzureKeyCredential"`` -> a (module, obj) removal candidate;
    a name that is a module (no capitalised last part) is removed as ``import module``."""
    out: list[tuple[str, str | None, str | None]] = []
    for name in names:
        module, _, obj = name.rpartition(".")
        if module and obj[:1].isupper():
            out.append((module, obj, None))
        else:
            out.append((name, None, None))
    return out


def update(text: str, add: Iterable[str], remove: Iterable[tuple[str, str | None, str | None]]) -> str:
    """``text`` with the ``add`` import statements added and the ``remove`` candidates removed
    where nothing uses them any more.

    libcst's codemods cost a walk (and, for removals, a scope analysis) of the module they are
    given, far more than the analysis itself on a long file. So what they would decide by the
    whole module is decided first with ``ast`` (which candidates no code reads, which additions
    the module already imports at top level), nothing is done when nothing is left, and the
    codemods are given small modules: ``RemoveImportsVisitor`` each import statement that
    loses a name, on its own (a statement left empty goes, or becomes ``pass`` when it was
    alone in its block; the comments around it stay, and the blank lines either side keep
    the separation it had from its neighbours);
    ``AddImportsVisitor`` the module's head,
    up to the statement after its leading imports, where libcst puts the new ones."""
    additions = [parsed for statement in add for parsed in parse_import(statement)]
    removals = list(dict.fromkeys(remove))
    if not additions and not removals:
        return text
    tree = ast.parse(text)
    if removals:
        used = _Usage(tree)
        removals = [r for r in removals if not used(r)]
    if additions:
        present = {parsed for node in tree.body for parsed in imported(node)}
        additions = [a for a in dict.fromkeys(additions) if a not in present]
    if additions:  # first, as libcst places them by the imports there are
        text = _on_head(text, tree, additions, [])
        if removals:
            tree = ast.parse(text)
    if removals:
        return _remove(text, tree, removals)
    return text


def _on_head(text: str, tree: ast.Module, additions: list, removals: list) -> str:
    lines = io.StringIO(text, newline="").readlines()
    cut = _head_end(tree, removals, {module for module, _, _ in additions})
    body = tree.body
    following = next((n for n in body if (n.end_lineno or 0) >= cut), None) if cut < len(lines) else None
    start = min([following.lineno] + [d.lineno for d in getattr(following, "decorator_list", [])]) if following else 0
    previous = max((n.end_lineno or 0 for n in body if (n.end_lineno or 0) < start), default=0)
    if following is not None and not removals and previous < start and following is not body[0]:
        # the statement after the imports only matters by the lines above it (libcst puts a
        # blank line there): a `pass` stands in for it, however long the function it is
        newline = "\r\n" if lines[start - 1].endswith("\r\n") else "\n"
        original = "".join(lines[: start - 1]) + "pass" + newline
        head = _keep_layout(original, _codemods(original, additions, removals))
        if head.endswith("pass" + newline):
            return head[: -len("pass" + newline)] + "".join(lines[start - 1:])
    original = "".join(lines[:cut])
    return _keep_layout(original, _codemods(original, additions, removals)) + "".join(lines[cut:])


def _keep_layout(original: str, edited: str) -> str:
    """``edited`` (libcst's head with the imports added) with every blank and comment line of
    ``original`` that it dropped or moved put back where it was: the codemod is trusted with the
    statements it adds (and the ``from`` import it extends), not with the layout around them."""
    if edited == original:
        return edited
    old = io.StringIO(original, newline="").readlines()
    new = io.StringIO(edited, newline="").readlines()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out += old[i1:i2]
        elif op == "insert":
            out += new[j1:j2]
        elif op == "delete":
            out += old[i1:i2]  # the codemod only adds: what it took out was layout
        elif all(line.strip() and not line.lstrip().startswith("#") for line in old[i1:i2]):
            out += new[j1:j2]  # an import statement it extended
        else:
            out += old[i1:i2] + [line for line in new[j1:j2] if line not in old[i1:i2] and line.strip()]
    kept = "".join(out)
    try:
        ast.parse(kept)
    except SyntaxError:
        return edited
    return kept


def _remove(text: str, tree: ast.Module, removals: list) -> str:
    """``text`` with the ``removals`` (unused, as ast decided) taken out of their import
    statements, statement by statement. A statement that owns its lines is edited by whole
    lines (a statement that goes leaves its comments, see :func:`kept_comments`); one that
    shares a line with other code (``import os; from azure.ai.inference import X``, ``if
    TYPE_CHECKING: from ... import X``) is edited in place, its neighbours byte for byte."""
    lines = io.StringIO(text, newline="").readlines()
    targets = []
    remaining: dict[int, int] = {}  # statements left in each block (a block keeps one: `pass`)
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for stmt in block:
                mine = [r for r in removals if _matches(stmt, r)]
                if mine:
                    remaining[id(block)] = len(block)
                    targets.append((stmt, None if node is tree else id(block), mine))
    targets.sort(key=lambda t: (-t[0].lineno, -t[0].col_offset))
    owned, inline = [], []
    for target in targets:
        segment = _own_lines(lines, target[0])
        (owned if segment is not None else inline).append((target, segment))
    # a statement all of whose names go is simply deleted; libcst edits the others
    gone = {id(t[0]): all(any(_matches_alias(t[0], alias, r) for r in t[2]) for alias in t[0].names) for t in targets}
    partial = [(t, seg) for t, seg in owned if not gone[id(t[0])]]
    edited = dict(zip(
        (id(t[0]) for t, _ in partial),
        _remove_in_each([seg for _, seg in partial], [r for t, _ in partial for r in t[2]]),
    ))
    for (stmt, block_id, mine), segment in sorted(
        [*owned, *inline], key=lambda pair: (-pair[0][0].lineno, -pair[0][0].col_offset)
    ):
        if segment is None:
            if gone[id(stmt)] and block_id is not None:
                remaining[block_id] -= 1
            empties = block_id is not None and not remaining[block_id]
            _remove_inline(lines, stmt, mine, gone[id(stmt)], empties)
            continue
        indent, own = segment
        result = "" if gone[id(stmt)] else edited[id(stmt)]
        if result == own:
            continue
        start, end = stmt.lineno, stmt.end_lineno
        last = lines[stmt.end_lineno - 1]
        newline = "\r\n" if last.endswith("\r\n") else "\n"
        if not result.strip():
            comments = kept_comments(own)
            if block_id is not None:
                remaining[block_id] -= 1
            if comments:
                replacement = [f"{indent}{comment}{newline}" for comment in comments]
                if block_id is not None and not remaining[block_id]:
                    replacement.append(f"{indent}pass{newline}")
            elif block_id is not None and not remaining[block_id]:
                replacement = [f"{indent}pass{newline}"]
            else:
                start, end, replacement = _blank_lines_around(lines, start, end)
        else:
            if not last.endswith(("\n", "\r")):
                result = result.rstrip("\r\n")
            replacement = [indent + line if line.strip() else line for line in io.StringIO(result, newline="").readlines()]
        lines[start - 1: end] = replacement
    return "".join(lines)


def _own_lines(lines: list[str], stmt: ast.stmt) -> tuple[str, str] | None:
    """``(indent, the statement's lines dedented)`` when the statement owns its lines (nothing
    but a comment after it), else ``None``."""
    first, last = lines[stmt.lineno - 1], lines[stmt.end_lineno - 1]
    indent = first[: stmt.col_offset]
    tail = last.encode("utf-8")[stmt.end_col_offset:].decode("utf-8", "replace").strip()
    own = lines[stmt.lineno - 1: stmt.end_lineno]
    if indent.strip() or (tail and not tail.startswith("#")) or not all(
        line.startswith(indent) or not line.strip() for line in own
    ):
        return None
    segment = "".join(line[len(indent):] if line.startswith(indent) else line for line in own)
    return indent, segment if segment.endswith("\n") else segment + "\n"


def _remove_inline(lines: list[str], stmt: ast.stmt, removals: list, gone: bool, empties: bool) -> None:
    """Edit an import statement that shares its line with other code, in place: one that goes
    takes a ``;`` next to it along (``import os; from x import A`` -> ``import os``), or becomes
    ``pass`` as the body of a compound statement's header line (or leaves its kept comments,
    and a ``pass`` when its block is left empty, when its neighbours on the line went before
    it); one that loses some names is
    rewritten by ``RemoveImportsVisitor`` on its own text. The rest of the lines, comments
    included, stay byte for byte."""
    first = lines[stmt.lineno - 1].encode("utf-8")
    last = lines[stmt.end_lineno - 1].encode("utf-8")
    prefix, suffix = first[: stmt.col_offset], last[stmt.end_col_offset:]
    if gone:
        before, after = prefix.rstrip(), suffix.lstrip()
        if before.endswith(b";"):
            new = before[:-1].rstrip() + suffix
        elif after.startswith(b";"):
            new = prefix + after[1:].lstrip()
        elif prefix.strip():  # `if TYPE_CHECKING: from x import A`
            new = prefix + b"pass" + suffix
        else:  # alone on its line now: `from x import A; from y import B`, both gone
            newline = last[len(last.rstrip(b"\r\n")):]
            kept = [c.encode("utf-8") for c in kept_comments(suffix.decode("utf-8"))] + ([b"pass"] if empties else [])
            new = b"".join(prefix + line + newline for line in kept)
    else:
        own = [line.encode("utf-8") for line in lines[stmt.lineno - 1: stmt.end_lineno]]
        own[-1] = own[-1][: stmt.end_col_offset]
        own[0] = own[0][stmt.col_offset:]
        statement = b"".join(own).decode("utf-8")
        rewritten = _codemods(statement + "\n", [], list(dict.fromkeys(removals))).rstrip("\r\n")
        new = prefix + (rewritten.encode("utf-8") if rewritten.strip() else b"pass") + suffix
    lines[stmt.lineno - 1: stmt.end_lineno] = io.StringIO(new.decode("utf-8"), newline="").readlines()


#: a comment that only tells a tool about the line it ends (on a line of its own it would say
#: nothing, or more: a ``pylint: disable`` there holds for the rest of the block, a ``type:
#: ignore`` at the top of a module for the whole file)
_LINE_PRAGMA = re.compile(
    r"#\s*(?:noqa(?::\s*[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)?"
    r"|type:\s*ignore(?:\[[^\]]*\])?|pyright:\s*ignore(?:\[[^\]]*\])?|pylint:.*"
    r"|nosec(?:\s+B\d+(?:[,\s]+B\d+)*)?|isort:\s*skip|fmt:\s*skip|pragma:\s*no\s*cover)\s*",
    re.IGNORECASE,
)


def kept_comments(statement: str) -> list[str]:
    """The comments of an import statement that goes (its trailing comment, the comments
    inside its parentheses), to stay on lines of their own where it was. A comment that is
    only a line pragma for the import (``# noqa``, ``# noqa: F401``, ``# type: ignore[...]``,
    ``# pyright: ignore``, ``# pylint: ...``, ``# nosec``, ``# isort: skip``, ``# fmt:
    skip``, ``# pragma: no cover``) goes with it; a pragma followed by ``#`` and prose loses
    the pragma part. A comment with words of its own (``# noqa: F401 keep for X``) stays
    verbatim: ``noqa`` on a comment line changes nothing. File-wide pragmas (``# flake8:
    noqa``, ``# ruff: noqa``, ``# mypy: ...``) are not the import's and stay."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(statement).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    out = []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        parts = re.split(r"(?=#)", token.string)
        kept = "".join(part for part in parts if part and not _LINE_PRAGMA.fullmatch(part)).rstrip()
        if kept:
            out.append(kept)
    return out


def _blank_lines_around(lines: list[str], start: int, end: int) -> tuple[int, int, list[str]]:
    """The lines ``start``..``end`` (1-based) of a statement that goes, widened to the blank
    lines either side, and what stands in their place: the longer of the two blank runs (the
    separation the statement had from its neighbours), none at the start or end of the file.
    Comment lines around it stay, byte for byte (a comment is never the import's to take)."""
    above = 0
    while start - above > 1 and not lines[start - above - 2].strip():
        above += 1
    below = 0
    while end + below < len(lines) and not lines[end + below].strip():
        below += 1
    first, last = start - above, end + below
    if first == 1 or last == len(lines):
        kept: list[str] = []
    elif above >= below:
        kept = lines[first - 1: start - 1]
    else:
        kept = lines[end: last]
    return first, last, kept


def _remove_in_each(segments: list[tuple[str, str]], removals: list) -> list[str]:
    """Each import statement of ``segments`` as ``RemoveImportsVisitor`` leaves it, in one run of
    the codemod over a module made of them all (a codemod's set-up costs more than its walk
    over a few statements), each after a ``pass`` statement that marks where it starts."""
    if not segments:
        return []
    marker = "pass  # aoai-migrate-import-{}\n"
    module = "".join(marker.format(i) + segment for i, (_indent, segment) in enumerate(segments))
    out = _codemods(module, [], list(dict.fromkeys(removals)))
    parts = re.split(r"^pass  # aoai-migrate-import-\d+\r?\n", out, flags=re.MULTILINE)
    if len(parts) != len(segments) + 1:  # not as expected: one statement at a time
        return [_codemods(segment, [], list(dict.fromkeys(removals))) for _indent, segment in segments]
    return parts[1:]


def _matches_alias(stmt: ast.stmt, alias: ast.alias, candidate: tuple[str, str | None, str | None]) -> bool:
    module, obj, asname = candidate
    if isinstance(stmt, ast.Import):
        return obj is None and alias.name == module and alias.asname == asname
    return isinstance(stmt, ast.ImportFrom) and not stmt.level and stmt.module == module and (
        alias.name == obj and alias.asname == asname
    )


def _matches(stmt: ast.stmt, candidate: tuple[str, str | None, str | None]) -> bool:
    names = getattr(stmt, "names", None) if isinstance(stmt, (ast.Import, ast.ImportFrom)) else None
    return bool(names) and any(_matches_alias(stmt, alias, candidate) for alias in names)


def _codemods(text: str, additions: list, removals: list) -> str:
    import libcst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

    module = libcst.parse_module(text)
    context = CodemodContext()
    for module_name, obj, asname in additions:
        AddImportsVisitor.add_needed_import(context, module_name, obj, asname)
    for module_name, obj, asname in removals:
        RemoveImportsVisitor.remove_unused_import(context, module_name, obj, asname)
    if additions:
        module = AddImportsVisitor(context).transform_module(module)
    if removals:
        module = RemoveImportsVisitor(context).transform_module(module)
    return module.code


def imported(node: ast.stmt) -> list[tuple[str, str | None, str | None]]:
    """What an absolute import statement binds, as (module, name or None, alias or None)."""
    if isinstance(node, ast.Import):
        return [(a.name, None, a.asname) for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [(node.module, a.name, a.asname) for a in node.names]
    return []


def _head_end(tree: ast.Module, removals: list, adding: set[str] = frozenset()) -> int:
    """The last line (1-based) of the module's head that the codemods must see: up to the last
    top-level import (or a ``from`` import of a module imports are added from, which libcst
    extends) and any statement holding an import to remove, and the statement after it."""
    body = tree.body
    if not body:
        return 1 << 30  # comments only: all of it
    modules = {module for module, _, _ in removals}
    last = 0
    leading = True
    for index, node in enumerate(body):
        is_import = isinstance(node, (ast.Import, ast.ImportFrom))
        docstring = index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if leading and (is_import or docstring):
            last = index
            continue
        leading = False
        if isinstance(node, ast.ImportFrom) and node.module in adding:
            last = index
        elif modules and any(_removes(n, modules) for n in ast.walk(node)):
            last = index
    following = min(last + 1, len(body) - 1)
    return body[following].end_lineno or 0


def _removes(node: ast.AST, modules: set[str]) -> bool:
    return isinstance(node, ast.Import) and any(a.name in modules for a in node.names) or (
        isinstance(node, ast.ImportFrom) and node.module in modules
    )


class _Usage:
    """Whether a module reads the name an import binds: a name loaded anywhere, a dotted
    module path read (``import a.b`` is used by ``a.b.x``, not by ``a.c``), or the name in a
    string that reads like a type (a quoted annotation, an ``__all__`` entry): kept then."""

    def __init__(self, tree: ast.Module) -> None:
        self.names: set[str] = set()
        self.chains: set[str] = set()
        self.words: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, (ast.Store, ast.Del)):
                self.names.add(node.id)
            elif isinstance(node, ast.Attribute):
                chain = _chain(node)
                if chain:
                    self.chains.add(chain)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _TYPE_TEXT.fullmatch(node.value):
                self.words.update(_WORDS.findall(node.value))

    def __call__(self, candidate: tuple[str, str | None, str | None]) -> bool:
        module, obj, asname = candidate
        if obj is not None or asname is not None:
            name = asname or obj or ""
            return name in self.names or name in self.words
        top = module.split(".")[0]
        if top not in self.names and top not in self.words:
            return False
        if "." not in module:
            return True
        return module in self.words or any(
            c == module or c.startswith(module + ".") or module.startswith(c + ".") for c in self.chains
        ) or top in self.names - {c.split(".")[0] for c in self.chains}


_WORDS = re.compile(r"[A-Za-z_][\w.]*")
#: a string that may name what an import binds: a quoted annotation, an ``__all__`` entry
#: (not prose: a docstring mentioning a class does not keep its import)
_TYPE_TEXT = re.compile(r"\s*[A-Za-z_][\w.]*(?:[\[\], |]+[\w.]*)*\s*")


def _chain(node: ast.Attribute) -> str | None:
    parts = []
    current: ast.AST = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    parts.append(current.id)
    return ".".join(reversed(parts))
