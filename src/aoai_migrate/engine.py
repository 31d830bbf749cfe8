"""The analysis engine: one walk over a module's ``ast``, dispatching nodes to the rules.

flake8, pylint and the CLI are thin adapters over :func:`analyze` (a parsed tree) and
:func:`analyze_source` (text or bytes). Neither ever raises on bad input.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import textwrap
from typing import Any, Callable, Iterable

from . import fix_dependencies, known, registry
from .render import comments as render_comments
from .render import imports as render_imports
from .render import local_imports
from .render import snippets
from .model import Applicability, Edit, Finding, Fix, Settings
from .registry import Rule
from .sdk_source import is_sdk_module
from .semantics import Scope, Semantics, Value, Values, member_call_result, parent_of, value_key
from .source import Source

#: A module whose lower-cased text contains none of these words cannot produce a finding, so it
#: is skipped at the cost of one ``lower()`` and a few substring searches (a case-insensitive
#: regex is 20x slower on large trees). Every rule's trigger contains one of them.
PREFILTER_WORDS: tuple[str, ...] = (
    "azure", "openai", "api_version", "api-version", "apiversion", "inference", "<deployment-name>",
)
#: "openai" alone is not enough: ``OpenAI`` in a docstring or a URL is common (every module of
#: the openai package itself names it). Without one of the other words, a module can only
#: produce a finding through a name it imports from ``openai``, so it must import it.
_STRONG_WORDS = tuple(word for word in PREFILTER_WORDS if word != "openai")
_STRONG_WORDS_BYTES = tuple(word.encode() for word in _STRONG_WORDS)
_OPENAI_IMPORT = re.compile(r"^[ \t]*(?:import|from)[ \t][^\n]*\bopenai\b", re.MULTILINE)
_OPENAI_IMPORT_BYTES = re.compile(_OPENAI_IMPORT.pattern.encode(), re.MULTILINE)


def imports_openai(text: str | bytes) -> bool:
    """``_OPENAI_IMPORT.search(text) is not None``, tried only at the start of the lines where
    ``openai`` occurs (a substring search: the regex alone tries every position of the text)."""
    if isinstance(text, bytes):
        word, newline, pattern = b"openai", b"\n", _OPENAI_IMPORT_BYTES
    else:
        word, newline, pattern = "openai", "\n", _OPENAI_IMPORT
    pos = text.find(word)  # type: ignore[arg-type]
    while pos != -1:
        start = text.rfind(newline, 0, pos) + 1  # type: ignore[arg-type]
        if pattern.match(text, start) is not None:  # type: ignore[arg-type]
            return True
        end = text.find(newline, pos)  # type: ignore[arg-type]
        if end == -1:
            return False
        pos = text.find(word, end)  # type: ignore[arg-type]
    return False


def mentions(data: str | bytes) -> bool:
    """Any trigger word at all (``openai`` alone included): the test for text whose lines are
    not Python source lines yet, a notebook's JSON."""
    low = data.lower()
    if isinstance(low, bytes):
        return any(word.encode() in low for word in PREFILTER_WORDS)
    return any(word in low for word in PREFILTER_WORDS)


def relevant(text: str | bytes) -> bool:
    """Cheap test: may ``text`` contain anything a rule flags?"""
    low = text.lower()
    if isinstance(low, bytes):
        if any(word in low for word in _STRONG_WORDS_BYTES):
            return True
        return b"openai" in low and imports_openai(text)
    if any(word in low for word in _STRONG_WORDS):
        return True
    return "openai" in low and imports_openai(text)


def names_azure(text: str | bytes) -> bool:
    """Whether ``text`` has one of the trigger words other than ``openai`` (Azure, an API
    version, Inference, the deployment placeholder): without one, a module can only produce the
    findings of the rules about plain openai code (:attr:`Rule.needs_azure` false), unless
    names imported from other modules bring Azure in (see :func:`analyze`)."""
    low = text.lower()
    if isinstance(low, bytes):
        return any(word in low for word in _STRONG_WORDS_BYTES)
    return any(word in low for word in _STRONG_WORDS)


#: A module that does not pass :func:`relevant` can still call a client built in another module
#: of the project; these spellings are what such a call or receiver looks like (see
#: :meth:`aoai_migrate.project.ProjectIndex.relevant`).
CROSS_MODULE = re.compile(
    rb"\.(?:complete|embed|get_model_info|chat|embeddings|responses|images|audio|beta|with_options)\b"
)


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
        azure: bool = True,
    ) -> None:
        self.sem = sem
        self.source = source
        self.path = path
        self.settings = settings
        self.oracle = oracle
        #: whether anything in the module may be Azure (see :func:`_sees_azure`); when not, only
        #: the rules that do not need it run (:attr:`Rule.needs_azure`)
        self.azure = azure
        self.scope: Scope = sem.module
        #: the node being visited
        self.node: ast.AST = sem.tree
        self.findings: list[Finding] = []
        #: the scope each finding was reported from (parallel to ``findings``)
        self.scopes: list[Scope] = []
        #: the node each finding was reported at (parallel to ``findings``)
        self.sites: list[ast.AST] = []
        #: per-run scratch space for rules that coordinate (keyed by rule code)
        self.state: dict[str, Any] = {}
        #: steps run once every node has been visited, in order (a rule that words its finding
        #: by what the other findings cover)
        self.finish: list[Callable[[], None]] = []
        #: what an expression resolves to in the scope it is visited in, shared by all rules:
        #: ``id(node) -> (node, scope, values, qualnames, members)`` (29 rules resolve the target
        #: of every call; the first one pays). The node keeps its id() from being reused.
        self._resolved: dict[int, list] = {}

    # -- resolution ---------------------------------------------------------------------------
    def infer(self, node: ast.AST | None, scope: Scope | None = None) -> Values:
        if node is None:
            return _NOTHING
        scope = scope or self.scope
        entry = self._resolved.get(id(node))
        if entry is not None and entry[0] is node and entry[1] is scope:
            return entry[2]
        values = self.sem.infer(node, scope)
        if self.oracle is not None and _member_chain(node) and _opaque(values):
            values = Values(values | self._ask_oracle(node, scope))
        self._resolved[id(node)] = [node, scope, values, None, None]
        return values

    def _entry(self, node: ast.AST) -> list:
        values = self.infer(node)
        entry = self._resolved.get(id(node))
        if entry is None or entry[0] is not node or entry[1] is not self.scope:  # pragma: no cover
            entry = [node, self.scope, values, None, None]
        return entry

    def _ask_oracle(self, node: ast.AST, scope: Scope | None) -> frozenset[Value]:
        """Resolve a member chain whose receiver this module cannot resolve (imported from
        another module, returned by another module's function): the oracle is asked about the
        receiver of an SDK member (``<receiver>.complete``), and its answer is extended along the
        chain back to ``node``. Only member chains are asked about, so the cost stays small."""
        if isinstance(node, ast.Await):
            return self.infer(node.value, scope)
        out: set[Value] = set()
        if isinstance(node, ast.Attribute):
            bases = set(self.infer(node.value, scope))
            if node.attr in known.ORACLE_RECEIVER_MEMBERS and not any(
                b.kind == "instance" or (b.kind == "member" and _known_owner(b)) for b in bases
            ):
                qual = self.oracle(node.value)  # type: ignore[misc]
                if qual:
                    bases.add(Value("instance", qual, None))
            for base in bases:
                if base.kind == "instance":
                    out.add(Value("member", node.attr, None, base))
                elif base.kind == "member" and _known_owner(base):
                    out.add(Value("member", f"{base.name}.{node.attr}", None, base.owner))
        elif isinstance(node, ast.Call):
            for func in self.infer(node.func, scope):
                if func.kind == "member" and _known_owner(func):
                    out.add(member_call_result(func, node))
        return frozenset(out)

    def qualnames(self, node: ast.AST) -> set[str]:
        """Dotted names of the imported things ``node`` may be (a fresh set: callers may
        combine it)."""
        entry = self._entry(node)
        if entry[3] is None:
            entry[3] = frozenset(v.name for v in entry[2] if v.kind == "qual")
        return set(entry[3])

    def instances(self, node: ast.AST | None) -> list[Value]:
        """Known-class instances ``node`` may be, in a stable order (see :func:`stable`)."""
        return [v for v in self.infer(node) if v.kind == "instance"]

    def members(self, func: ast.AST) -> list[Value]:
        """For ``owner.path(...)``: the ``member`` values, each carrying its owner instance, in a
        stable order (see :func:`stable`)."""
        entry = self._entry(func)
        if entry[4] is None:
            entry[4] = tuple(v for v in entry[2] if v.kind == "member")
        return list(entry[4])

    def segment(self, node: ast.AST) -> str:
        return self.source.segment(node)

    @property
    def parents(self) -> list[ast.AST]:
        """Ancestors of the node being visited, outermost first, innermost last."""
        out = []
        node = parent_of(self.node)
        while node is not None:
            out.append(node)
            node = parent_of(node)
        out.reverse()
        return out

    def parent(self, depth: int = 1) -> ast.AST | None:
        """The ``depth``-th ancestor of the node being visited (1: its parent)."""
        node: ast.AST | None = self.node
        for _ in range(depth):
            node = parent_of(node) if node is not None else None
        return node

    # -- reporting ----------------------------------------------------------------------------
    def edit(self, span: Any, text: str) -> Edit:
        """An :class:`Edit` replacing ``span``'s source (a node, or any object with ``lineno``,
        ``col_offset``, ``end_lineno``, ``end_col_offset``; an empty span inserts) with ``text``."""
        return Edit(span.lineno, span.col_offset, span.end_lineno, span.end_col_offset, text)

    def report(
        self,
        rule: Rule | type[Rule],
        node: ast.AST,
        *,
        snippet: str | None = None,
        compact: str | None = None,
        replace: Any = None,
        edit: str | None = None,
        edits: Iterable[Edit] = (),
        applicability: Applicability | None = None,
        imports: Iterable[str] = (),
        unused: Iterable[str] = (),
        fix: Fix | None = None,
        **fields: Any,
    ) -> None:
        """Record a finding of ``rule`` at ``node``.

        ``snippet`` is the migrated code shown with the finding.

        The fix (what ``aoai-migrate fix`` applies) is built from:

        - ``replace``: a node (or any object with ``lineno``, ``col_offset``, ``end_lineno``,
          ``end_col_offset``; an empty span inserts) whose source span is replaced by
          ``snippet``, or by ``edit`` when the snippet shows more than the edit (a whole
          statement around a smaller change);
        - ``edits``: further :class:`Edit` objects (see :meth:`edit`) applied together with it;
          no two edits of one fix may overlap;
        - ``applicability``: this fix's safety, by default the rule's ``fix_applicability``;
        - ``imports``: import statements the new code needs (``"from openai import OpenAI"``);
        - ``unused``: dotted names whose imports the edits may leave unused.

        Or pass a complete ``fix``. ``fields`` fill the message (and the rule's ``fix_title``).
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
        if fix is None:
            fix = self._fix(rule, snippet, replace, edit, edits, applicability, imports, unused, fields)
        self.scopes.append(self.scope)
        self.sites.append(node)
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
                fix=fix,
            )
        )

    def _fix(
        self,
        rule: Rule | type[Rule],
        snippet: str | None,
        replace: Any,
        edit: str | None,
        edits: Iterable[Edit],
        applicability: Applicability | None,
        imports: Iterable[str],
        unused: Iterable[str],
        fields: dict[str, Any],
    ) -> Fix | None:
        collected: list[Edit] = []
        text = snippet if edit is None else edit
        if replace is not None and text is not None and getattr(replace, "end_lineno", None) is not None:
            collected.append(self.edit(replace, text))
        collected.extend(edits)
        if not collected:
            return None
        # comments inside a replaced span that the new text lacks go back in with it
        try:
            collected = render_comments.carry(self.source, collected)
        except Exception:  # never the host's crash: the edits keep the renderer's text
            if _STRICT:
                raise
        try:
            title = rule.fix_title.format(**fields)
        except (KeyError, IndexError, ValueError):
            title = rule.fix_title
        return Fix(
            applicability=applicability or rule.fix_applicability,
            message=title,
            edits=tuple(sorted(collected, key=lambda e: (e.start, e.end))),
            # the imports the rule names, and those of the known names the new text uses
            imports=tuple(dict.fromkeys([*imports, *self._needed_imports(collected)])),
            unused=tuple(unused),
        )

    def _needed_imports(self, edits: list[Edit]) -> list[str]:
        """The imports the new text of ``edits`` needs and the module lacks where the visited
        node is (``OpenAI``, ``openai.APIStatusError``, ``azure.identity.aio....``, ``os``)."""
        scope = self.scope
        out: list[str] = []
        for edit in edits:
            text = textwrap.dedent(edit.text)
            for line in render_imports.missing(text, lambda name: bool(self.sem.lookup(name, scope))):
                if line not in out:
                    out.append(line)
        return out


_SDK_ROOTS = frozenset({"azure", "openai"})
_NOTHING = Values()


def stable(values: Iterable[Value]) -> list[Value]:
    """``values`` in an order that does not depend on hashing: a rule that takes the first of
    several candidates (a client that may be sync or async) must say the same thing on every run."""
    return sorted(values, key=value_key)


def _member_chain(node: ast.AST) -> bool:
    """``node`` is ``<x>.<SDK member>``, or a call or ``await`` of one."""
    while isinstance(node, (ast.Await, ast.Call)):
        node = node.value if isinstance(node, ast.Await) else node.func
    return isinstance(node, ast.Attribute) and node.attr in known.ORACLE_CHAIN_MEMBERS


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



class _Table(dict):
    """Node type -> the rules that visit it: the enabled ones, and only those that need no
    Azure (:attr:`Rule.needs_azure`) in a module that cannot see any. ``calls`` narrows the
    rules of a call by its method name (:attr:`Rule.call_methods`): ``calls[name]`` for a call
    of ``<x>.name(...)`` when some rule declared ``name``, else ``self[ast.Call]``, the rules
    that look at every call. Both keep the registry's order."""

    def __init__(self, settings: Settings, rules: Iterable[type[Rule]] | None, azure: bool = True) -> None:
        super().__init__()
        instances = [
            rule_cls() for rule_cls in (rules if rules is not None else registry.all_rules())
            if settings.enabled(rule_cls.code) and (azure or not rule_cls.needs_azure)
        ]
        for rule in instances:
            for node_type in rule.node_types:
                self.setdefault(node_type, []).append(rule)
        call_rules = self.get(ast.Call, [])
        if call_rules:
            self[ast.Call] = [r for r in call_rules if not r.call_methods]
        self.calls: dict[str, list[Rule]] = {
            name: [r for r in call_rules if not r.call_methods or name in r.call_methods]
            for name in sorted({name for r in call_rules for name in r.call_methods})
        }


#: the registry's tables, per (settings, azure): rules keep no state between visits
_TABLES: dict[tuple[Settings, bool], _Table] = {}


def _table(settings: Settings, rules: Iterable[type[Rule]] | None, azure: bool) -> _Table:
    if rules is not None:
        return _Table(settings, rules, azure)
    key = (settings, azure)
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) > 16:
            _TABLES.clear()
        table = _TABLES[key] = _Table(settings, None, azure)
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
    project: Any = None,
) -> list[Finding]:
    """Run the rules over a parsed module. ``source`` must be the text ``tree`` came from.
    ``project`` (a :class:`~aoai_migrate.project.ProjectIndex`) resolves names imported from the
    other modules of the project; without it the module is analysed on its own."""
    settings = settings or Settings()
    if prefilter and not relevant(source):
        return []
    if is_sdk_module(path, tree):  # the SDKs' own source implements what the rules flag
        return []
    azure = _sees_azure(source, path, oracle, project)
    table = _table(settings, rules, azure)
    if not table:
        return []
    try:
        sem = Semantics(tree, table, **_project_args(project, path))
        ctx = Context(sem, Source(source), path, settings, oracle, azure)
        _dispatch(ctx, table)
        for step in ctx.finish:
            step()
        # once every finding is known: a fix is at most as safe as the fixes it depends on
        fix_dependencies.cap(ctx)
    except RecursionError:
        return []
    if any(f.snippet for f in ctx.findings):  # most modules have none: no walk over the tree
        _complete_imports(ctx)
    ctx.findings.sort(key=lambda f: f.sort_key)
    return _dedupe(ctx.findings)


def _sees_azure(source: str, path: str, oracle: Oracle | None, project: Any) -> bool:
    """Whether anything in the module may be Azure: its own text names it, or a name it imports
    from another module of the project may be (the project's modules that it imports, at any
    distance, name it), or the pylint oracle resolves names from anywhere. Only a module that
    passes the prefilter through its import of ``openai`` alone can be without: one that the
    caller analyses whatever its text (``prefilter=False``) sees everything."""
    if oracle is not None or names_azure(source) or not imports_openai(source):
        return True
    return project is not None and project.imports_azure(source.encode("utf-8", "surrogatepass"), path)


def _complete_imports(ctx: Context) -> None:
    """Put on top of each snippet the imports it needs that the module lacks where the finding
    is (the replacement edit, if any, stays the bare code)."""
    provided = frozenset().union(*(render_imports.imported_by(f.snippet) for f in ctx.findings))
    # a name the module reads but binds nowhere comes from elsewhere (a fragment, a star import)
    provided |= {
        n.id for n in ast.walk(ctx.sem.tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and not ctx.sem.lookup(n.id, ctx.sem.module)
    } & render_imports.IMPORTS.keys()
    for index, (finding, scope, site) in enumerate(zip(ctx.findings, ctx.scopes, ctx.sites)):
        # a name local to the function that no binding reaches here is not bound, whatever
        # the module binds (a module-level import would be hidden by it)
        unbound = local_imports.unbound_names([e.text for e in finding.fix.edits] if finding.fix else [], site) | (
            local_imports.unbound_names([finding.snippet], site) if finding.snippet else set()
        )

        def is_bound(name: str, scope: Scope = scope, unbound: set[str] = unbound) -> bool:
            return name not in unbound and bool(ctx.sem.lookup(name, scope))

        if finding.fix is not None and not finding.fix.imports:
            needed = _fix_imports(finding, is_bound)
            if needed:
                finding = dataclasses.replace(finding, fix=dataclasses.replace(finding.fix, imports=needed))
        if finding.fix is not None and finding.fix.applies:
            finding = local_imports.place(finding, site, ctx.source.lines, [finding.snippet or ""])
        ctx.findings[index] = finding
        if not finding.snippet or render_imports.imported_by(finding.snippet):
            continue
        lines_needed = render_imports.missing(finding.snippet, is_bound, provided - unbound)
        if lines_needed:
            ctx.findings[index] = dataclasses.replace(
                finding, snippet=render_imports.with_imports(finding.snippet, lines_needed)
            )


def _project_args(project: Any, path: str) -> dict[str, Any]:
    if project is None:
        return {}
    found = project.module_of(path) if path not in ("<unknown>", "<stdin>", "-") else None
    if found is None:
        return {"project": project}
    name, root = found
    return {"project": project, "module": name, "is_package": os.path.basename(path) == "__init__.py", "root": root}


def _fix_imports(finding: Finding, is_bound: Callable[[str], bool]) -> tuple[str, ...]:
    """The imports a fix's edits need that the module lacks where the finding is (what other
    findings' fixes import does not count: ``fix`` adds each import once). An edit that is not
    a whole statement or expression on its own is judged by the snippet."""
    assert finding.fix is not None
    texts = [edit.text for edit in finding.fix.edits]
    if not all(snippets.parses(_dedent(text).strip() or "pass") for text in texts):
        texts = [finding.snippet or ""]
    lines: set[str] = set()
    for text in texts:
        lines.update(render_imports.missing(_dedent(text), is_bound))
    return tuple(sorted(lines, key=lambda line: (line.startswith("from "), line)))


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def _dispatch(ctx: Context, table: _Table) -> None:
    """Hand each collected node to the rules that asked for its type (a call: to those that
    look at every call or at its method), in source order."""
    calls, Call, Attribute = table.calls, ast.Call, ast.Attribute
    for node, scope in ctx.sem.events:
        ctx.node = node
        ctx.scope = scope
        cls = type(node)
        rules = table[cls]
        if cls is Call and calls:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is Attribute:
                rules = calls.get(func.attr, rules)
        for rule in rules:
            rule.visit(node, ctx)


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
