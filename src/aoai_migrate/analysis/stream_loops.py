"""The analysis behind the streaming rules: loops (and comprehensions) over an Azure chat
stream, and what their bodies do with each chunk (api-map §8).

A *stream* is an instance of :data:`known.STREAM_TYPES` as the semantic model types it
(``complete(stream=True)`` on an Inference client, ``chat.completions.create(stream=True)`` on an
openai client). For each loop over one, :func:`analyze_loop` records the unguarded
``chunk.choices[0]`` reads (IndexError on Azure's chunks without choices), the unguarded
``<choice>.delta.<x>`` reads (AttributeError on the async content filter's chunks without a
delta), tool-call deltas read by position, and ``chunk.usage`` reads.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any

from .. import known
from ..engine import Context
from ..locate import scope_containing
from ..semantics import Value, _decorator_names, _is_first_param, parent_of
from . import dict_flow

INFERENCE_STREAMS = frozenset({known.STREAMING_CHAT, known.ASYNC_STREAMING_CHAT})
_AZURE_OPENAI = frozenset({known.AZURE_OPENAI, known.ASYNC_AZURE_OPENAI})
_STATE = "streaming"
#: nodes of a loop body looked at, at most
_BUDGET = 5000

Pos = tuple  # (lineno, col_offset)
#: the end of a guard that holds for the rest of the iteration
_FOREVER: Pos = (1 << 62, 0)


@dataclasses.dataclass
class StreamLoop:
    """One loop, or one generator of a comprehension, over an Azure chat stream."""

    #: the ``for``/``async for`` statement, or the comprehension expression
    node: ast.AST
    #: for a comprehension: the generator that iterates the stream
    generator: ast.comprehension | None
    #: the chunk variable
    target: str
    stream: Value
    #: whether the stream comes from the Azure AI Inference SDK
    inference: bool
    choice_reads: list[ast.AST] = dataclasses.field(default_factory=list)
    delta_reads: list[ast.AST] = dataclasses.field(default_factory=list)
    tool_call_reads: list[ast.Subscript] = dataclasses.field(default_factory=list)
    usage_reads: list[ast.Attribute] = dataclasses.field(default_factory=list)
    #: a call of ``choice_reads`` that hands the chunk to a function of the module -> the
    #: function and its own unguarded ``choices[0]`` read
    helper_reads: dict = dataclasses.field(default_factory=dict)

    @property
    def is_comprehension(self) -> bool:
        return self.generator is not None


def analyze_loop(node: ast.AST, ctx: Context) -> StreamLoop | None:
    """The loop facts of a ``for``/``async for`` statement (memoised per run)."""
    return _memo(node, ctx, lambda: _analyze_for(node, ctx))


def analyze_comprehension(node: ast.AST, ctx: Context) -> StreamLoop | None:
    """The loop facts of a comprehension one of whose generators iterates a stream."""
    return _memo(node, ctx, lambda: _analyze_comprehension(node, ctx))


def _memo(node: ast.AST, ctx: Context, compute) -> StreamLoop | None:
    memo: dict[int, tuple[ast.AST, Any]] = ctx.state.setdefault(_STATE, {})
    hit = memo.get(id(node))
    if hit is not None:
        return hit[1]
    try:
        result = compute()
    except (RecursionError, AttributeError, TypeError, ValueError):  # never crash on odd code
        result = None
    memo[id(node)] = (node, result)
    return result


# -- which loops iterate a stream --------------------------------------------------------------


def _stream_target(iter_node: ast.AST, target: ast.AST, ctx: Context) -> tuple[Value, str] | None:
    """``(stream, chunk name)`` when ``for <target> in <iter_node>`` iterates an Azure stream
    (``enumerate(stream)`` included)."""
    if (
        isinstance(iter_node, ast.Call)
        and isinstance(iter_node.func, ast.Name)
        and iter_node.func.id == "enumerate"
        and iter_node.args
        and not ctx.infer(iter_node.func)  # the builtin, not a local function
        and isinstance(target, ast.Tuple)
        and len(target.elts) == 2
    ):
        iter_node, target = iter_node.args[0], target.elts[1]
    if not isinstance(target, ast.Name):
        return None
    streams = sorted(
        (v for v in ctx.instances(iter_node) if v.name in known.STREAM_TYPES),
        key=lambda v: v.name not in INFERENCE_STREAMS,
    )
    streams = _reaching_streams(iter_node, streams)
    for stream in streams:
        if is_azure_stream(stream, ctx):
            return stream, target.id
    return None


def _reaching_streams(iter_node: ast.AST, streams: list[Value]) -> list[Value]:
    """Of the streams a name may hold (``response`` assigned twice in a function), the one its
    binding that reaches the loop builds, when flow order settles it (inference is
    flow-insensitive: the first call would otherwise stand for both loops)."""
    calls = {id(v.node) for v in streams if isinstance(v.node, ast.Call)}
    if not isinstance(iter_node, ast.Name) or len(calls) < 2:
        return streams
    function = parent_of(iter_node)
    while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        function = parent_of(function)
    # the iterable is evaluated once, before the loop: flow order is the loop statement's own
    at = parent_of(iter_node)
    at = at if isinstance(at, (ast.For, ast.AsyncFor)) else iter_node
    found = dict_flow.reaching(iter_node.id, at, function) if function is not None else None
    if found is None or found.binding is None:
        return streams
    binding = found.binding
    start, end = (binding.lineno, binding.col_offset), (binding.end_lineno, binding.end_col_offset)
    kept = [v for v in streams if isinstance(v.node, ast.Call)
            and start <= (v.node.lineno, v.node.col_offset) and (v.node.end_lineno, v.node.end_col_offset) <= end]
    return kept or streams


def built_directly(stream: Value, ctx: Context) -> bool:
    """The Inference stream class constructed by the code itself
    (``StreamingChatCompletions(response=...)``, the SDK's own SSE parser on a response it was
    handed): no ``complete(stream=True)`` behind it, and no openai stream ever replaces it."""
    call = stream.node
    return isinstance(call, ast.Call) and any(
        v.kind in ("qual", "class") and v.name in INFERENCE_STREAMS for v in ctx.infer(call.func)
    )


def is_azure_stream(stream: Value, ctx: Context) -> bool:
    """Inference streams always are; an openai stream is when its client is an AzureOpenAI, or
    its ``base_url`` literal mentions Azure. Weaker evidence (no ``base_url``: OPENAI_BASE_URL may
    point at Azure; a ``base_url`` that is not a literal; a client of unknown construction)
    counts only in a module that mentions Azure at all, so plain OpenAI code is left alone."""
    if stream.name in INFERENCE_STREAMS:
        return not built_directly(stream, ctx)
    call = stream.node
    if not isinstance(call, ast.Call):
        return _mentions_azure(ctx)
    memo = ctx.state.setdefault(_STATE + ":scopes", {})
    scope = scope_containing(ctx.sem, call, memo)
    owners = [v.owner for v in ctx.infer(call.func, scope) if v.kind == "member" and v.owner is not None]
    if owners and all(_github_models(owner, ctx) for owner in owners):
        return False  # openai code on GitHub Models (models.inference.ai.azure.com): nothing migrates
    if not owners:
        return _mentions_azure(ctx)
    for owner in owners:
        if owner.name in _AZURE_OPENAI:
            return True
        if not isinstance(owner.node, ast.Call):
            if _mentions_azure(ctx):
                return True
            continue
        base_url = next((kw.value for kw in owner.node.keywords if kw.arg == "base_url"), None)
        urls = [] if base_url is None else [
            v.name for v in ctx.infer(base_url, scope_containing(ctx.sem, owner.node, memo)) if v.kind == "str"
        ]
        if any("azure" in url.lower() for url in urls) or (not urls and _mentions_azure(ctx)):
            return True
    return False


def github_models(stream: Value, ctx: Context) -> bool:
    """The stream comes from a client built on a GitHub Models endpoint (which has no
    asynchronous content filter)."""
    call = stream.node
    if not isinstance(call, ast.Call):
        return False
    memo = ctx.state.setdefault(_STATE + ":scopes", {})
    owners = [v.owner for v in ctx.infer(call.func, scope_containing(ctx.sem, call, memo))
              if v.kind == "member" and v.owner is not None]
    return bool(owners) and all(_github_models(owner, ctx) for owner in owners)


def _github_models(owner: Value, ctx: Context) -> bool:
    """The client was built on a GitHub Models endpoint (``models.github.ai``, or the older
    ``models.inference.ai.azure.com``)."""
    node = owner.node
    if not isinstance(node, ast.Call):
        return False
    from ..render.endpoints import base_url_for

    expr = next((kw.value for kw in node.keywords if kw.arg in ("endpoint", "base_url")), None)
    if expr is None and node.args:
        expr = node.args[0]
    return expr is not None and base_url_for(expr, ctx).kind == "github"


def _mentions_azure(ctx: Context) -> bool:
    key = _STATE + ":mentions-azure"
    found = ctx.state.get(key)
    if found is None:
        found = ctx.state[key] = "azure" in ctx.source.text.lower()
    return found


def _analyze_for(node: ast.AST, ctx: Context) -> StreamLoop | None:
    found = _stream_target(node.iter, node.target, ctx)
    if found is None:
        return None
    stream, name = found
    loop = StreamLoop(node, None, name, stream, stream.name in INFERENCE_STREAMS)
    if not _Body(name, helper=_Helpers(ctx)).scan(node.body, loop):
        return None
    return loop


def _analyze_comprehension(node: ast.AST, ctx: Context) -> StreamLoop | None:
    for index, generator in enumerate(node.generators):
        found = _stream_target(generator.iter, generator.target, ctx)
        if found is None:
            continue
        stream, name = found
        loop = StreamLoop(node, generator, name, stream, stream.name in INFERENCE_STREAMS)
        parts: list[ast.AST] = []
        for later in node.generators[index + 1:]:
            parts += [later.iter, *later.ifs]
        if isinstance(node, ast.DictComp):
            parts += [node.key, node.value]
        else:
            parts.append(node.elt)
        # the generator's own conditions guard everything the comprehension computes
        body = _Body(name, early_guards=generator.ifs, helper=_Helpers(ctx))
        if not body.scan([*generator.ifs, *parts], loop):
            return None
        return loop
    return None


# -- the user's own check of `choices` ------------------------------------------------------------


def _is_chunk_choices(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Attribute) and node.attr == "choices"
        and isinstance(node.value, ast.Name) and node.value.id == name
    )


def _is_len_of_choices(node: ast.AST, name: str) -> bool:
    return _is_call_to(node, "len", 1) and _is_chunk_choices(node.args[0], name)


#: ``len(chunk.choices) <op> <n>`` that hold exactly when ``choices`` is non-empty / empty
_NON_EMPTY = {(ast.Gt, 0), (ast.GtE, 1), (ast.NotEq, 0)}
_EMPTY = {(ast.Eq, 0), (ast.Lt, 1), (ast.LtE, 0)}


def choices_check(test: ast.AST, name: str) -> bool | None:
    """Whether ``test`` is a check that ``<name>.choices`` is non-empty (``True``: written
    ``chunk.choices``, ``len(chunk.choices)``, ``len(chunk.choices) > 0`` / ``>= 1`` / ``!= 0``)
    or empty (``False``: ``not chunk.choices``, ``not len(...)``, ``len(...) == 0`` / ``< 1``);
    ``None`` for anything else."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = choices_check(test.operand, name)
        return None if inner is None else not inner
    if _is_chunk_choices(test, name) or _is_len_of_choices(test, name):
        return True
    if (
        isinstance(test, ast.Compare) and len(test.ops) == 1
        and _is_len_of_choices(test.left, name)
        and isinstance(test.comparators[0], ast.Constant) and type(test.comparators[0].value) is int
    ):
        shape = (type(test.ops[0]), test.comparators[0].value)
        if shape in _NON_EMPTY:
            return True
        if shape in _EMPTY:
            return False
    return None


# -- what the body does with each chunk --------------------------------------------------------


def _int_index(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _is_call_to(node: ast.AST, name: str, nargs: int | None = None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == name
        and not node.keywords
        and (nargs is None or len(node.args) == nargs)
    )


_TESTS = (ast.If, ast.While, ast.Assert)
_INDEX_ERRORS = frozenset({"IndexError", "LookupError", "Exception", "BaseException", "StopIteration"})
_ATTRIBUTE_ERRORS = frozenset({"AttributeError", "TypeError", "Exception", "BaseException"})


class _Body:
    """Reads of one chunk variable in a loop body: aliases first, then reads and guards."""

    def __init__(self, target: str, early_guards: list[ast.AST] = (), helper: "_Helpers | None" = None) -> None:
        self.t = target
        self.helper = helper
        self.choices_aliases: set[str] = set()
        self.choice_aliases: set[str] = set()
        self.delta_aliases: set[str] = set()
        self.early_guards = list(early_guards)
        #: the source ranges in which choices / delta reads are guarded
        self.choices_guards: list[tuple[Pos, Pos]] = []
        self.delta_guards: list[tuple[Pos, Pos]] = []

    # -- shapes ------------------------------------------------------------------------------
    def is_choices(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute):
            return node.attr == "choices" and isinstance(node.value, ast.Name) and node.value.id == self.t
        return isinstance(node, ast.Name) and node.id in self.choices_aliases

    def is_choice_read(self, node: ast.AST) -> bool:
        """``chunk.choices[0]``, ``chunk.choices[-1]``, ``next(iter(chunk.choices))``."""
        if isinstance(node, ast.Subscript):
            return self.is_choices(node.value) and _int_index(node.slice)
        return (
            _is_call_to(node, "next", 1)
            and _is_call_to(node.args[0], "iter", 1)
            and self.is_choices(node.args[0].args[0])
        )

    def is_choice(self, node: ast.AST) -> bool:
        return self.is_choice_read(node) or (isinstance(node, ast.Name) and node.id in self.choice_aliases)

    def is_delta(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute):
            return node.attr == "delta" and self.is_choice(node.value)
        return isinstance(node, ast.Name) and node.id in self.delta_aliases

    def is_guard_call(self, node: ast.AST) -> bool:
        """``getattr(chunk, "choices", ...)`` / ``hasattr(chunk, "choices")``."""
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == self.t
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "choices"
        )

    # -- passes ------------------------------------------------------------------------------
    def scan(self, nodes: list[ast.AST], loop: StreamLoop) -> bool:
        """Fill ``loop``'s reads; ``False`` when the chunk variable is rebound in the body."""
        pairs = list(_walk(nodes, _called_here(nodes, self.t)))
        if any(isinstance(n, ast.Name) and n.id == self.t and isinstance(n.ctx, ast.Store) for n, _, _ in pairs):
            return False
        self._aliases(pairs)
        for guard in self.early_guards:
            for node, parent, _ in _walk([guard]):
                self._guard_mention(node, parent, (0, 0), _FOREVER)
        self._guards(pairs)
        for node, parent, protect in pairs:
            pos = (node.lineno, node.col_offset) if hasattr(node, "lineno") else (0, 0)
            if self.is_choice_read(node) and "index" not in protect:
                if not _within(pos, self.choices_guards):
                    loop.choice_reads.append(node)
            elif (
                self.helper is not None and isinstance(node, ast.Call) and "index" not in protect
                and not _within(pos, self.choices_guards)
            ):
                found = self.helper.read(node, self.t, loop)
                if found is not None:
                    loop.choice_reads.append(node)
                    loop.helper_reads[node] = found
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Load)
                and self.is_delta(node.value)
                and "attribute" not in protect
                and not _within(pos, self.delta_guards)
            ):
                loop.delta_reads.append(node)
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "tool_calls"
                and self.is_delta(node.value.value)
                and isinstance(node.slice, ast.Constant)
                and node.slice.value == 0
            ):
                loop.tool_call_reads.append(node)
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "usage"
                and isinstance(node.value, ast.Name)
                and node.value.id == self.t
                and isinstance(node.ctx, ast.Load)
            ):
                loop.usage_reads.append(node)
        return True

    def _aliases(self, pairs: list) -> None:
        # two rounds: a choice alias may be taken from a choices alias, a delta from a choice
        for _ in range(2):
            for node, _parent, _ in pairs:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    self._bind(node.targets[0], node.value)
                elif isinstance(node, (ast.NamedExpr, ast.AnnAssign)) and node.value is not None:
                    self._bind(node.target, node.value)
                elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                    if self.is_choices(node.iter) and isinstance(node.target, ast.Name):
                        self.choice_aliases.add(node.target.id)

    def _bind(self, target: ast.AST, value: ast.AST) -> None:
        if not isinstance(target, ast.Name):
            return
        if self.is_choices(value):
            self.choices_aliases.add(target.id)
        elif self.is_choice(value):
            self.choice_aliases.add(target.id)
        elif self.is_delta(value):
            self.delta_aliases.add(target.id)

    def _guards(self, pairs: list) -> None:
        """Each check of ``choices`` (or of a delta) guards the reads written after it up to
        the end of the statement or expression it tests: an ``if``'s body (and ``else``), the
        rest of a ``while``, the operands after it in ``and``/``or``, the element of a
        comprehension, the body of a conditional expression. An ``if`` whose body or ``else``
        ends the iteration (``continue``, ``break``, ``return``, ``raise``: ``if not
        chunk.choices: continue``) and an ``assert`` guard the rest of the loop body."""
        for node, _parent, _ in pairs:
            tests: list[tuple[ast.AST, Pos | None]] = []
            end = _end(node)
            if isinstance(node, ast.Assert) or (isinstance(node, ast.If) and _jumps(node)):
                tests.append((node.test, None))
                end = _FOREVER
            elif isinstance(node, _TESTS):
                tests.append((node.test, None))
            elif isinstance(node, ast.IfExp):
                # `body if test else orelse`: the test guards the body written before it
                tests.append((node.test, (node.lineno, node.col_offset)))
            elif isinstance(node, ast.BoolOp):
                tests += [(value, None) for value in node.values[:-1]]
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                start = (node.lineno, node.col_offset)
                tests += [(cond, start) for gen in node.generators for cond in gen.ifs]
            for test, start in tests:
                for sub, parent, _ in _walk([test]):
                    self._guard_mention(sub, parent, start, end)

    def _guard_mention(self, node: ast.AST, parent: Any, start: Pos | None, end: Pos) -> None:
        pos = start or ((node.lineno, node.col_offset) if hasattr(node, "lineno") else (0, 0))
        read_through = (
            isinstance(parent, ast.Subscript) and parent.value is node
        ) or (isinstance(parent, ast.Attribute) and parent.value is node)
        if (self.is_choices(node) and not read_through) or self.is_guard_call(node):
            self.choices_guards.append((pos, end))
        elif self.is_delta(node) and not read_through:
            self.delta_guards.append((pos, end))


def _within(pos: Pos, guards: list[tuple[Pos, Pos]]) -> bool:
    return any(start <= pos <= end for start, end in guards)


def _end(node: ast.AST) -> Pos:
    return (node.end_lineno, node.end_col_offset) if getattr(node, "end_lineno", None) else _FOREVER


_JUMPS = (ast.Continue, ast.Break, ast.Return, ast.Raise)


def _jumps(node: ast.If) -> bool:
    """The ``if``'s body or its ``else`` ends the iteration (or the function)."""
    return isinstance(node.body[-1], _JUMPS) or bool(node.orelse and isinstance(node.orelse[-1], _JUMPS))


class _Helpers:
    """The functions of the module a loop hands its chunk to (``handle(chunk)``,
    ``self._handle(chunk)``), one level deep: their unguarded ``choices[0]`` reads of the
    parameter that receives the chunk count as reads of the loop at the call."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def read(self, call: ast.Call, target: str, loop: StreamLoop) -> tuple[ast.AST, ast.AST] | None:
        """``(function, read)`` for a call that passes the chunk to a function of the module
        that reads ``<param>.choices[0]`` without a check."""
        passed = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == target]
        named = [k.arg for k in call.keywords if isinstance(k.value, ast.Name) and k.value.id == target]
        if len(passed) + len(named) != 1 or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        resolved = self._function(call.func)
        if resolved is None:
            return None
        fn, skip = resolved
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)][skip:]
        if passed:
            if passed[0] >= len(params):
                return None
            param = params[passed[0]]
        else:
            param = named[0]
            if param not in params and param not in [a.arg for a in fn.args.kwonlyargs]:
                return None
        inner = StreamLoop(fn, None, param, loop.stream, loop.inference)
        if not _Body(param).scan(fn.body, inner) or not inner.choice_reads:
            return None
        return fn, inner.choice_reads[0]

    def _function(self, func: ast.AST) -> tuple[ast.AST, int] | None:
        """The ``def`` of this module a call runs, and how many leading parameters the call
        does not fill (``self``)."""
        ctx = self.ctx
        if isinstance(func, ast.Name):
            bindings = ctx.sem.lookup(func.id, ctx.scope)
            if len(bindings) == 1 and bindings[0][0] == "def" and bindings[0][2].sem is ctx.sem:
                fn = bindings[0][1]
                return (fn, 0) if not _decorator_names(fn) else None
            return None
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return None
        scope = ctx.scope
        while scope is not None and scope.kind not in ("function", "module"):
            scope = scope.parent
        owner = scope.class_scope() if scope is not None and scope.kind == "function" else None
        if owner is None or not _is_first_param(scope, func.value.id):
            return None
        bindings = owner.bindings.get(func.attr, [])
        if len(bindings) != 1 or bindings[0][0] != "def":
            return None
        fn = bindings[0][1]
        decorators = _decorator_names(fn)
        if decorators - {"staticmethod"}:
            return None
        return fn, 0 if "staticmethod" in decorators else 1


def _called_here(nodes: list[ast.AST], target: str) -> frozenset[ast.AST]:
    """The functions defined in the loop body that only the loop body calls (every use of the
    name is a call: ``def text(): ...`` or ``text = lambda: ...``, then ``text()``), and whose parameters leave the chunk
    variable alone: they read the chunk of the iteration that calls them. A function handed on
    (``callbacks.append(later)``) may run after the loop, with another chunk."""
    defs: dict[str, ast.AST] = {}
    uses: dict[str, list[bool]] = {}
    for node, parent, _ in _walk(nodes):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs[node.name] = node
        elif (
            isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
            and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ):
            defs[node.targets[0].id] = node.value  # `text = lambda: ...`, then `text()`
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            uses.setdefault(node.id, []).append(isinstance(parent, ast.Call) and parent.func is node)
    return frozenset(
        node for name, node in defs.items()
        if uses.get(name) and all(uses[name]) and not _shadows(node, target)
    )


def _shadows(node: ast.AST, target: str) -> bool:
    """A function whose parameters rebind the chunk variable (another variable)."""
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return target in names


def _walk(nodes: list[ast.AST], enter: frozenset[ast.AST] = frozenset()):
    """``(node, parent, protection)`` below ``nodes``; ``protection`` holds "index" /
    "attribute" inside a ``try`` whose handlers catch IndexError / AttributeError. Of the
    functions, lambdas and classes defined there, only the functions of ``enter`` are entered
    (:func:`_called_here`)."""
    stack: list[tuple[ast.AST, Any, frozenset]] = [(n, None, frozenset()) for n in reversed(nodes)]
    seen = 0
    while stack and seen < _BUDGET:
        node, parent, protect = stack.pop()
        seen += 1
        yield node, parent, protect
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)) and node not in enter:
            continue
        inner = protect
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            caught = _caught_names(node)
            body_protect = protect | (
                {"index"} if caught & _INDEX_ERRORS else set()
            ) | ({"attribute"} if caught & _ATTRIBUTE_ERRORS else set())
            children = [(c, body_protect) for c in node.body]
            children += [(c, protect) for c in (*node.handlers, *node.orelse, *node.finalbody)]
            for child, prot in reversed(children):
                stack.append((child, node, frozenset(prot)))
            continue
        for child in reversed(list(ast.iter_child_nodes(node))):
            stack.append((child, node, inner))


def _caught_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for handler in node.handlers:
        if handler.type is None:
            names.add("BaseException")
            continue
        elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for elt in elts:
            if isinstance(elt, ast.Name):
                names.add(elt.id)
            elif isinstance(elt, ast.Attribute):
                names.add(elt.attr)
    return names
