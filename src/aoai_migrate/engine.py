"""The analysis engine: one walk over a module's ``ast``, dispatching nodes to the rules.

flake8, pylint and the CLI are thin adapters over :func:`analyze` (a parsed tree) and
:func:`analyze_source` (text or bytes). Neither ever raises on bad input.
"""

from __future__ import annotations

import ast
import os
from typing import Any, Callable, Iterable

from . import registry, snippets
from .model import Finding, Replacement, Settings
from .registry import Rule
from .semantics import Scope, Semantics, Value, member_call_result
from .source import Source

#: A module whose lower-cased text contains none of these words cannot produce a finding, so it
#: is skipped at the cost of one ``lower()`` and a few substring searches (a case-insensitive
#: regex is 20x slower on large trees). Every rule's trigger contains one of them.
PREFILTER_WORDS: tuple[str, ...] = ("azure", "openai", "api_version", "api-version", "apiversion", "inference")


def relevant(text: str | bytes) -> bool:
    """Cheap test: may ``text`` contain anything a rule flags?"""
    low = text.lower()
    if isinstance(low, bytes):
        return any(word.encode() in low for word in PREFILTER_WORDS)
    return any(word in low for word in PREFILTER_WORDS)

#: An external resolver (pylint's astroid inference) consulted when a receiver resolves to
#: nothing: ``oracle(node) -> canonical qualname of the instance's class, or None``.
Oracle = Callable[[ast.AST], "str | None"]

_STRICT = os.environ.get("AOAI_MIGRATE_STRICT") == "1"


class SnippetError(AssertionError):
    """A rule rendered a snippet that is not valid Python (only raised in strict mode)."""


class Context:
    """What a rule sees while the engine walks a module."""

    def __init__(
        self,
        sem: Semantics,
        source: Source,
        path: str,
        settings: Settings,
        oracle: Oracle | None = None,
    ) -> None:
        self.sem = sem
        self.source = source
        self.path = path
        self.settings = settings
        self.oracle = oracle
        self.scope: Scope = sem.module
        #: ancestors of the node being visited, innermost last
        self.parents: list[ast.AST] = []
        self.findings: list[Finding] = []
        #: per-run scratch space for rules that coordinate (keyed by rule code)
        self.state: dict[str, Any] = {}

    # -- resolution ---------------------------------------------------------------------------
    def infer(self, node: ast.AST | None, scope: Scope | None = None) -> frozenset[Value]:
        values = self.sem.infer(node, scope or self.scope)
        if self.oracle is not None and node is not None and _opaque(values):
            values = values | self._ask_oracle(node, scope)
        return values

    def _ask_oracle(self, node: ast.AST, scope: Scope | None) -> frozenset[Value]:
        """What the oracle knows about a receiver this module cannot resolve (imported from
        another module, returned by another module's function): the shortest prefix of an
        attribute chain or call that it resolves, extended back to ``node``."""
        out: set[Value] = set()
        if isinstance(node, ast.Attribute):
            for base in self.infer(node.value, scope):
                if base.kind == "instance":
                    out.add(Value("member", node.attr, None, base))
                elif base.kind == "member" and _known_owner(base):
                    out.add(Value("member", f"{base.name}.{node.attr}", None, base.owner))
        elif isinstance(node, ast.Call):
            for func in self.infer(node.func, scope):
                if func.kind == "member" and _known_owner(func):
                    out.add(member_call_result(func, node))
        elif isinstance(node, ast.Await):
            return self.infer(node.value, scope)
        if not out:
            qual = self.oracle(node)  # type: ignore[misc]
            if qual:
                out.add(Value("instance", qual, None))
        return frozenset(out)

    def qualnames(self, node: ast.AST) -> set[str]:
        return {v.name for v in self.infer(node) if v.kind == "qual"}

    def instances(self, node: ast.AST | None) -> set[Value]:
        """Known-class instances ``node`` may be."""
        return {v for v in self.infer(node) if v.kind == "instance"}

    def members(self, func: ast.AST) -> set[Value]:
        """For ``owner.path(...)``: the ``member`` values, each carrying its owner instance."""
        return {v for v in self.infer(func) if v.kind == "member"}

    def segment(self, node: ast.AST) -> str:
        return self.source.segment(node)

    def parent(self, depth: int = 1) -> ast.AST | None:
        return self.parents[-depth] if len(self.parents) >= depth else None

    # -- reporting ----------------------------------------------------------------------------
    def report(
        self,
        rule: Rule | type[Rule],
        node: ast.AST,
        *,
        snippet: str | None = None,
        compact: str | None = None,
        replace: ast.AST | None = None,
        edit: str | None = None,
        **fields: Any,
    ) -> None:
        """Record a finding of ``rule`` at ``node``.

        ``snippet`` is the migrated code; when ``replace`` is given it is the exact replacement
        of that node's source span (the edit ``fix`` applies). When the snippet shows more than
        the edit (a whole statement around a smaller change), ``edit`` is the replacement text of
        ``replace``'s span instead (``replace`` may then be any object with ``lineno``,
        ``col_offset``, ``end_lineno``, ``end_col_offset``; an empty span inserts).
        ``fields`` fill the message.
        """
        code = rule.code
        if not self.settings.enabled(code):
            return
        if snippet is not None and not snippets.parses(snippet):
            if _STRICT:
                raise SnippetError(f"{code} rendered a snippet that does not parse:\n{snippet}")
            snippet = None
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        if end_col is None:
            end_col = col
        replacement = None
        if replace is not None and snippet is not None and hasattr(replace, "end_lineno"):
            replacement = Replacement(
                replace.lineno, replace.col_offset, replace.end_lineno, replace.end_col_offset,
                snippet if edit is None else edit,
            )
        self.findings.append(
            Finding(
                code=code,
                symbol=rule.symbol,
                category=rule.category,
                path=self.path,
                line=line,
                col=col + 1,
                end_line=end_line,
                end_col=end_col + 1,
                message=rule.message.format(**fields),
                snippet=snippet,
                compact=compact if compact is not None else snippets.compact(snippet),
                replacement=replacement,
            )
        )


_SDK_ROOTS = frozenset({"azure", "openai"})


def _known_owner(value: Value) -> bool:
    return value.owner is not None and value.owner.kind == "instance"


def _grounded(value: Value, depth: int = 0) -> bool:
    """Whether ``value`` is something the module itself resolved (an SDK name, a known
    instance, a local definition, or a member/result reached from one of those)."""
    kind = value.kind
    if kind in ("qual", "result") and value.name.split(".", 1)[0] in _SDK_ROOTS:
        return True
    if kind in ("result", "member"):
        return value.owner is not None and depth < 20 and _grounded(value.owner, depth + 1)
    return kind != "qual"


def _opaque(values: frozenset[Value]) -> bool:
    """Whether the module alone says nothing useful about an expression: no value at all, or
    only names imported from code outside the SDKs and what calling those returns."""
    return not any(_grounded(value) for value in values)


_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_EXIT = object()


def _dispatch_table(settings: Settings, rules: Iterable[type[Rule]] | None):
    table: dict[type, list[Rule]] = {}
    for rule_cls in rules if rules is not None else registry.all_rules():
        if not settings.enabled(rule_cls.code):
            continue
        instance = rule_cls()
        for node_type in rule_cls.node_types:
            table.setdefault(node_type, []).append(instance)
    return table


def analyze(
    tree: ast.Module,
    source: str,
    path: str = "<unknown>",
    settings: Settings | None = None,
    *,
    rules: Iterable[type[Rule]] | None = None,
    oracle: Oracle | None = None,
    prefilter: bool = True,
) -> list[Finding]:
    """Run the rules over a parsed module. ``source`` must be the text ``tree`` came from."""
    settings = settings or Settings()
    if prefilter and not relevant(source):
        return []
    table = _dispatch_table(settings, rules)
    if not table:
        return []
    try:
        sem = Semantics(tree)
        ctx = Context(sem, Source(source), path, settings, oracle)
        _walk(tree, ctx, table)
    except RecursionError:
        return []
    ctx.findings.sort(key=lambda f: f.sort_key)
    return _dedupe(ctx.findings)


def _walk(tree: ast.Module, ctx: Context, table: dict[type, list[Rule]]) -> None:
    sem = ctx.sem
    parents = ctx.parents
    scopes: list[Scope] = [sem.module]
    stack: list[Any] = [tree]
    get = table.get
    while stack:
        node = stack.pop()
        if node is _EXIT:
            left = parents.pop()
            if isinstance(left, _SCOPE_NODES):
                scopes.pop()
                ctx.scope = scopes[-1]
            continue
        handlers = get(type(node))
        if handlers:
            for rule in handlers:
                rule.visit(node, ctx)
        parents.append(node)
        if isinstance(node, _SCOPE_NODES):
            inner = sem.scope_of(node)
            if inner is not None:
                scopes.append(inner)
                ctx.scope = inner
            else:  # keep the stack balanced
                scopes.append(ctx.scope)
        stack.append(_EXIT)
        children = list(ast.iter_child_nodes(node))
        children.reverse()
        stack.extend(children)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for finding in findings:
        key = (finding.code, finding.line, finding.col, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def decode(data: bytes) -> str:
    """Decode Python source bytes honouring a PEP 263 coding cookie and a BOM."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise UnicodeDecodeError("utf-8", data, 0, 1, str(exc)) from exc


class ParseError(Exception):
    """The file could not be decoded or parsed; ``str()`` says why, in one line."""


def parse(source: str | bytes, path: str = "<unknown>") -> tuple[ast.Module, str]:
    """Decode and parse, turning every failure into :class:`ParseError`."""
    try:
        text = decode(source) if isinstance(source, bytes) else source
    except UnicodeDecodeError as exc:
        raise ParseError(f"cannot decode: {exc.reason}") from None
    if "\x00" in text:
        raise ParseError("source contains null bytes")
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise ParseError(f"syntax error at line {exc.lineno}: {exc.msg}") from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise ParseError(f"cannot parse: {type(exc).__name__}") from None
    return tree, text


def analyze_source(
    source: str | bytes,
    path: str = "<unknown>",
    settings: Settings | None = None,
    **kwargs: Any,
) -> list[Finding]:
    """Parse and analyse; raises :class:`ParseError` for unparsable input, nothing else."""
    if kwargs.get("prefilter", True) and not relevant(source):
        return []
    tree, text = parse(source, path)
    return analyze(tree, text, path, settings, **kwargs)
