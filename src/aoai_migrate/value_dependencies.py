"""What the fixes of a value's annotation and reads depend on: the fix of the call that produces
the value (see :mod:`.fix_dependencies`, which lowers them, and :mod:`.analysis.result_flow`,
which follows the value)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Callable

from . import known
from .analysis.result_flow import CALL_METHODS, Flow, inference_call
from .model import Applicability, Category, Finding
from .render import counterparts
from .render import models as render_models
from .semantics import parent_of

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Context
    from .semantics import Scope

Span = tuple[int, int, int, int]

#: annotations: they follow the call or construction that produces the annotated value (not
#: AOM307's: an ``AzureOpenAI`` is an ``OpenAI``, the new annotation holds for the old value too)
ANNOTATIONS = frozenset({"AOM110"})
#: reads of a result (AOM115, AOM117, AOM120) and AOM803's ``aclose()``: the call that produced it
READS = frozenset({"AOM115", "AOM117", "AOM120", "AOM803"})
#: ``as_dict()`` removed from a model object: the fix that turns the object into a dict
MODEL_METHOD = "AOM118"
#: an ``AzureOpenAI`` annotation (AOM307): it holds for the old value too, but not for the Azure
#: options the code passes through the annotated name (``client.copy(api_version=...)``)
CLIENT_ANNOTATION = "AOM307"
DEPENDENT = ANNOTATIONS | READS | {MODEL_METHOD, CLIENT_ANNOTATION}
#: model classes turned into dicts: they go together with the annotation that declares them
CONVERSIONS = frozenset({"AOM105", "AOM106"})
#: the categories of the findings that migrate a call or construction
_PRODUCER_CATEGORIES = (Category.INFERENCE_SDK, Category.AZURE_OPENAI_CLIENT)
#: an annotation that becomes an openai client
_CLIENT = re.compile(r"\b(?:Async)?OpenAI\b")


class _Values:
    """The dependencies of one module's findings on the calls that produce their values."""

    def __init__(self, ctx: Context, at: dict[Span, list[int]], span: Callable[[ast.AST], Span | None], missing: int):
        self.ctx = ctx
        self.at = at
        self.span = span
        self.missing = missing
        self.flow = Flow(ctx, self.produces)
        self._nodes: dict[Span, list[ast.AST]] | None = None
        self._client_calls: list[tuple[ast.Call, Scope]] | None = None
        #: annotation findings that must go together with the one being followed (the return
        #: annotations of the functions a ``Callable[...]`` value names: each side types the other)
        self.mutual: set[int] = set()

    # -- the producing calls ----------------------------------------------------------------
    def migrating(self, call: ast.Call) -> set[int]:
        """The findings that migrate ``call`` (a call rewrite, a client construction, a model
        class turned into a dict)."""
        span = self.span(call)
        findings = self.ctx.findings
        return {
            i for i in self.at.get(span, ()) if span is not None
            and findings[i].category in _PRODUCER_CATEGORIES and findings[i].code not in DEPENDENT
            and findings[i].fix is not None
        }

    def unsupported(self, call: ast.Call) -> bool:
        """``call`` has no OpenAI equivalent (``load_client()``): nothing migrates its value."""
        span = self.span(call)
        findings = self.ctx.findings
        return span is not None and any(findings[i].category is Category.UNSUPPORTED_FEATURE for i in self.at.get(span, ()))

    def produces(self, call: ast.Call, scope: Scope) -> bool:
        return bool(self.migrating(call)) or self.unsupported(call) or inference_call(call, scope, self.ctx)

    def of_call(self, call: ast.Call, scope: Scope) -> set[int]:
        """What a value produced by ``call`` depends on: the findings that migrate it, or
        ``missing`` for an Inference call that none migrates (while its rule is enabled) and for
        a call that has no OpenAI equivalent."""
        found = self.migrating(call)
        if found:
            return found
        if self.unsupported(call):
            return {self.missing}
        if inference_call(call, scope, self.ctx):
            rule = "AOM103" if call.func.attr == "complete" else "AOM104"  # type: ignore[attr-defined]
            if self.ctx.settings.enabled(rule):
                return {self.missing}
        return set()

    def of_values(self, values: list[tuple[ast.expr, Scope]]) -> set[int]:
        out: set[int] = set()
        for node, scope in values:
            for call, where in self.flow.producers(node, scope):
                out |= self.of_call(call, where)
        return out

    # -- the findings -------------------------------------------------------------------------
    def node(self, finding: Finding) -> ast.AST | None:
        """The node a finding was reported at (the first of that span)."""
        if self._nodes is None:
            self._nodes = {}
            for node in ast.walk(self.ctx.sem.tree):
                span = self.span(node)
                if span is not None:
                    self._nodes.setdefault(span, []).append(node)
        found = self._nodes.get((finding.line, finding.col - 1, finding.end_line, finding.end_col - 1), ())
        return found[0] if found else None

    def of_finding(self, index: int) -> tuple[set[int], set[int]]:
        """What the finding's fix follows all the way, and what it follows down to unsafe."""
        finding = self.ctx.findings[index]
        node = self.node(finding)
        if node is None:
            return set(), set()
        scope = self.ctx.scopes[index]
        if finding.code in ANNOTATIONS:
            return self.of_annotation(finding, node)
        if finding.code == CLIENT_ANNOTATION:
            return self.of_azure_options(_annotation_owner(node)[0]), set()
        if finding.code == MODEL_METHOD:
            return self.of_model_method(node, scope), set()
        # a read: what its receiver comes from
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
        elif isinstance(node, ast.Subscript):
            receiver = node.value
        else:
            return set(), set()
        values = [(receiver, scope)]
        return self.of_values(values), {self.missing} if self.handed_in(receiver, scope) else set()

    def handed_in(self, node: ast.AST, scope: Scope) -> bool:
        """``node`` (or the name an attribute chain starts from) is an annotated parameter that
        no call of the module passes: other modules call the function, and the values they pass
        may stay Azure's (their calls' fixes are not this module's)."""
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        if not isinstance(node, ast.Name):
            return False
        bindings = self.ctx.sem.lookup(node.id, scope)
        params = [parent_of(payload) for kind, payload, _ in bindings if kind == "ann" and payload is not None]
        params = [param for param in params if isinstance(param, ast.arg)]
        return bool(params) and len(params) == len(bindings) and not any(self.flow.arguments(p) for p in params)

    def of_model_method(self, node: ast.AST, scope: Scope) -> set[int]:
        """``x.as_dict()`` removed: the findings that turn the objects ``x`` may be into dicts."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return set()
        out: set[int] = set()
        for value in self.ctx.infer(node.func.value, scope):
            if value.kind == "instance" and isinstance(value.node, ast.Call):
                out |= self.migrating(value.node)
        return out

    def of_annotation(self, finding: Finding, part: ast.AST) -> tuple[set[int], set[int]]:
        """An annotation follows the values it declares all the way; a client's, the calls made
        through the annotated name down to unsafe (as the client's construction does)."""
        owner, child = _annotation_owner(part)
        if owner is None:
            return set(), set()
        values: list[tuple[ast.expr, Scope]] = []
        consumed: set[int] = set()
        if isinstance(owner, ast.AnnAssign):
            values = self.assigned(owner)
            function = self.flow.scope_of(owner).node
            if isinstance(owner.target, ast.Name) and any(
                isinstance(value, ast.Name) and value.id == owner.target.id for value, _ in self.flow.returned(function)
            ):  # the list a function builds and returns: where the function's result goes
                consumed = self.of_consumers(function)
        elif isinstance(owner, ast.arg):  # a parameter: the arguments the module's own calls pass
            values = self.flow.arguments(owner)
            if not values and self.result_class(part) and parent_of(owner) is not None:
                # a result only other modules pass in (a shared test helper): their calls may
                # stay Azure's, so the new type waits for --unsafe-fixes
                return set(), {self.missing}
            if self.rebound_unmigrated(owner):
                return {self.missing}, set()
        elif isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)) and child is owner.returns:
            values = self.flow.returned(owner) + _yielded(owner, self.flow.scope_of(owner.body[0]))
            consumed = self.of_consumers(owner)
            values += [item for value, scope in values if isinstance(value, ast.Name)
                       for item in self.appended(value.id, scope)]
        through = self.of_client_name(owner) if _CLIENT.search(finding.compact or "") else set()
        found = self.of_values(values) | self.of_functions(values) | self.of_declared(values) | self.of_helpers(values)
        return found | self.of_classes(values) | consumed, through

    def rebound_unmigrated(self, param: ast.arg) -> bool:
        """The function rebinds the parameter to a call that nothing migrates and that builds no
        value the module follows (``client = client_class(kind)(endpoint=...)`` when no client
        was given): the annotation also types that value, which stays Azure's."""
        function = parent_of(parent_of(param)) if isinstance(parent_of(param), ast.arguments) else None
        scope = self.ctx.sem.scopes.get(id(function)) if function is not None else None
        if scope is None:
            return False
        for kind, value, where in scope.bindings.get(param.arg, ()):
            if kind == "expr" and isinstance(value, ast.Call) and not self.flow.producers(value, where):
                return True
        return False

    def of_consumers(self, function: ast.AST) -> set[int]:
        """The Inference calls the module passes ``function``'s result to
        (``client.complete(messages=self._messages(history))``): a request type the function
        returns stays while the call that takes it does."""
        out: set[int] = set()
        for call in self.flow.calls().get(getattr(function, "name", ""), ()):
            scope = self.flow.scope_of(call)
            if not any(v.kind == "function" and getattr(v.node, "node", None) is function
                       for v in self.ctx.infer(call.func, scope)):
                continue
            consumer = parent_of(call)
            if isinstance(consumer, ast.keyword):
                consumer = parent_of(consumer)
            if isinstance(consumer, ast.Call) and consumer.func is not call and self.produces(consumer, scope):
                out |= self.of_call(consumer, scope)
        return out

    def of_classes(self, values: list[tuple[ast.expr, Scope]]) -> set[int]:
        """An Inference client class itself among the values (``self.client_class = ChatCompletionsClient``
        under ``Type[...]``): nothing migrates a class reference, so ``missing``."""
        for value, scope in values:
            if isinstance(value, (ast.Name, ast.Attribute)) and any(
                v.kind == "qual" and v.name in known.INFERENCE_CLIENTS for v in self.ctx.infer(value, scope)
            ):
                return {self.missing}
        return set()

    def of_helpers(self, values: list[tuple[ast.expr, Scope]]) -> set[int]:
        """The module's functions and methods called to give the values, directly or through the
        name they are assigned to (``async with self._client() as c: yield c``): the fixes of
        their return annotations and of what they return."""
        out: set[int] = set()
        for value, scope in values:
            exprs = [value]
            if isinstance(value, ast.Name):
                exprs += [payload for kind, payload, where in self.ctx.sem.lookup(value.id, scope)
                          if kind == "expr" and isinstance(payload, ast.expr) and where.sem in (self.ctx.sem, None)]
            for expr in exprs:
                if not isinstance(expr, ast.Call):
                    continue
                for v in self.ctx.infer(expr.func, scope):
                    function = getattr(v.node, "node", None) if v.kind == "function" else None
                    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        out |= self.of_function(function)
        return out

    def of_function(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
        """What a value ``function`` gives depends on: the fixes of its return annotation and of
        what it returns."""
        returns = self.annotating(function.returns) if function.returns is not None else set()
        return returns | self.of_values(self.flow.returned(function))

    def of_declared(self, values: list[tuple[ast.expr, Scope]]) -> set[int]:
        """Names among the values that are declared with an annotation of their own
        (``result: List[ToolDefinition] = []`` returned under ``-> List[ToolDefinition]``): the
        fixes of that annotation, which follow what the name is given (its items appended)."""
        out: set[int] = set()
        for value, scope in values:
            out |= self._declared(value, scope, 0)
        return out

    def _declared(self, value: ast.AST, scope: Scope, depth: int) -> set[int]:
        """The annotation findings of the name ``value`` reads (the root of ``chunk.choices[0]``),
        and for a loop variable those of the stream it iterates (``for update in response``)."""
        if depth > 3:
            return set()
        if isinstance(value, ast.IfExp):  # `chunk.choices[0] if chunk.choices else None`
            return self._declared(value.body, scope, depth + 1) | self._declared(value.orelse, scope, depth + 1)
        if isinstance(value, ast.BoolOp):
            return set().union(*(self._declared(v, scope, depth + 1) for v in value.values))
        while isinstance(value, (ast.Attribute, ast.Subscript, ast.Await)):
            value = value.value
        if not isinstance(value, ast.Name):
            return set()
        out: set[int] = set()
        for kind, payload, where in self.ctx.sem.lookup(value.id, scope):
            if kind == "ann" and isinstance(payload, ast.expr):
                out |= self.annotating(payload)
            elif kind == "iter" and isinstance(payload, ast.expr):
                out |= self._declared(payload, where, depth + 1)
        return out

    def result_class(self, part: ast.AST) -> bool:
        """``part`` names an Inference result class (one openai answers with a pydantic model,
        not a request dict)."""
        for qualname in self.ctx.qualnames(part):
            name = render_models.inference_models_name(qualname)
            target = counterparts.MODELS.get(name or "")
            if target is not None and target.module is not None and not target.typed_dict:
                return True
        return False

    def declaring(self, index: int) -> set[int]:
        """For a model construction turned into a dict: the annotation findings of where its value
        is declared (the return annotation of the function that returns it, the annotation of
        the assignment that binds it), which it goes together with (each follows the other)."""
        node = self.node(self.ctx.findings[index])
        parent = parent_of(node) if node is not None else None
        if isinstance(parent, ast.AnnAssign) and parent.value is node:
            return self.annotating(parent.annotation)
        if not isinstance(parent, ast.Return):
            return set()
        function = parent_of(parent)
        while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            function = parent_of(function)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function.returns is not None:
            return self.annotating(function.returns)
        return set()

    def of_functions(self, values: list[tuple[ast.expr, Scope]]) -> set[int]:
        """The module's functions the values name (``{Role.USER: format_user}``, a callback):
        an annotation over them (``Callable[[Content], ChatRequestMessage]``) follows the fixes
        of their return annotations and of what they return."""
        out: set[int] = set()
        for value, scope in values:
            for name in ast.walk(value):
                if not (isinstance(name, ast.Name) and isinstance(name.ctx, ast.Load)):
                    continue
                for kind, function, _ in self.ctx.sem.lookup(name.id, scope):
                    if kind != "def" or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        continue
                    if function.returns is not None:
                        self.mutual |= self.annotating(function.returns)
                    out |= self.of_function(function)
        return out

    def annotating(self, annotation: ast.expr) -> set[int]:
        """The annotation findings reported inside ``annotation``."""
        findings = self.ctx.findings
        return {
            index for part in ast.walk(annotation) for index in self.at.get(self.span(part) or (0, 0, 0, 0), ())
            if findings[index].code in ANNOTATIONS
        }

    def assigned(self, owner: ast.AnnAssign) -> list[tuple[ast.expr, Scope]]:
        """The values an annotated assignment declares: its own, the annotated name's other
        assignments in its scope, and for a class field or a ``self`` attribute the
        ``self.<name> = ...`` assignments of the class's methods."""
        scope = self.flow.scope_of(owner)
        values = [(owner.value, scope)] if owner.value is not None else []
        target = owner.target
        entries = []
        if isinstance(target, ast.Name):
            entries = list(scope.bindings.get(target.id, ()))
            if scope.kind == "class":
                entries += scope.attrs.get(target.id, [])
        elif isinstance(target, ast.Attribute) and scope.class_scope() is not None:
            entries = scope.class_scope().attrs.get(target.attr, [])  # type: ignore[union-attr]
        values += [(payload, where) for kind, payload, where in entries if kind in ("expr", "iter") and payload is not owner.value]
        if isinstance(target, ast.Name):
            values += self.appended(target.id, scope)
        return values

    def appended(self, name: str, scope: Scope) -> list[tuple[ast.expr, Scope]]:
        """The items added to the list ``name`` in ``scope`` (``tool_calls.append(ToolCall(...))``)."""
        values: list[tuple[ast.expr, Scope]] = []
        for method in ("append", "insert", "extend"):
            for call in self.flow.calls().get(method, ()):
                func = call.func
                if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                        and func.value.id == name and call.args and self.flow.scope_of(call) is scope):
                    values.append((call.args[-1], scope))
        return values

    def of_azure_options(self, owner: ast.AST | None) -> set[int]:
        """``client.copy(...)`` / ``client.with_options(...)`` through the name ``owner``
        annotates: the fixes of the findings in their arguments (an api-version, an Entra token
        option), without which ``OpenAI`` does not take them; ``missing`` for one that has none."""
        annotation = getattr(owner, "annotation", None)
        if annotation is None:
            return set()
        out: set[int] = set()
        calls = self.flow.calls()
        for call in [*calls.get("copy", ()), *calls.get("with_options", ())]:
            receiver = call.func.value  # type: ignore[attr-defined]
            if self.annotated_receiver(receiver, self.flow.scope_of(call), annotation):
                inside = self.inside(call)
                out |= {self.missing} if any(self.ctx.findings[i].fix is None for i in inside) else inside
        return out

    def inside(self, call: ast.Call) -> set[int]:
        """The findings reported within ``call``'s arguments."""
        start, end = (call.lineno, call.col_offset), (call.end_lineno, call.end_col_offset)
        return {
            index for (line, col, end_line, end_col), found in self.at.items()
            if start <= (line, col) and (end_line, end_col) <= end and (line, col) != start
            for index in found
        }

    # -- the reverse direction: calls through a name annotated with a client ------------------
    def of_client_name(self, owner: ast.AST) -> set[int]:
        """The ``complete()`` / ``embed()`` calls made through the name ``owner`` annotates (a
        parameter, a variable, a ``self`` attribute declared in the class)."""
        annotation = getattr(owner, "annotation", None)
        if annotation is None:
            return set()
        out: set[int] = set()
        for call, scope in self.client_calls():
            if self.annotated_receiver(call.func.value, scope, annotation):  # type: ignore[attr-defined]
                out |= self.of_call(call, scope)
        return out

    def annotated_receiver(self, receiver: ast.AST, scope: Scope, annotation: ast.AST) -> bool:
        sem = self.ctx.sem
        if isinstance(receiver, ast.Name):
            return any(kind == "ann" and payload is annotation for kind, payload, _ in sem.lookup(receiver.id, scope))
        if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name):
            if not any(kind == "self" for kind, _, _ in sem.lookup(receiver.value.id, scope)):
                return False
            cls = scope.class_scope()
            if cls is None:
                return False
            declared = [*cls.bindings.get(receiver.attr, ()), *cls.attrs.get(receiver.attr, ())]
            return any(kind == "ann" and payload is annotation for kind, payload, _ in declared)
        return False

    def client_calls(self) -> list[tuple[ast.Call, Scope]]:
        """The ``complete()`` / ``embed()`` calls on a name or a ``self`` attribute."""
        if self._client_calls is None:
            calls = self.flow.calls()
            self._client_calls = [
                (call, self.flow.scope_of(call)) for name in sorted(CALL_METHODS) for call in calls.get(name, ())
                if isinstance(call.func.value, (ast.Name, ast.Attribute))  # type: ignore[attr-defined]
            ]
        return self._client_calls


def _yielded(function: ast.AST, scope: Scope) -> list[tuple[ast.expr, Scope]]:
    """The values a generator function yields (not those of the functions it defines)."""
    out: list[tuple[ast.expr, Scope]] = []
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Yield) and node.value is not None:
            out.append((node.value, scope))
        todo.extend(ast.iter_child_nodes(node))
    return out


def _annotation_owner(part: ast.AST) -> tuple[ast.AST | None, ast.AST | None]:
    """The parameter, annotated assignment or function (return annotation) whose annotation
    holds ``part``, and the child of it that does."""
    child, node = part, parent_of(part)
    while node is not None and not isinstance(node, (ast.arg, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef)):
        if isinstance(node, ast.stmt):
            return None, None
        child, node = node, parent_of(node)
    if isinstance(node, ast.AnnAssign) and child is not node.annotation:
        return None, None
    return node, child


def collect(
    ctx: Context, at: dict[Span, list[int]], span: Callable[[ast.AST], Span | None], missing: int,
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """For each safe or unsafe fix of an annotation, a read or a model method (see
    :mod:`.fix_dependencies`): the findings that migrate the calls its value comes from, which it
    follows all the way (``missing`` for an Inference call that none migrates), and those it
    follows down to unsafe only (a client annotation: the calls made through the name)."""
    follows: dict[int, set[int]] = {}
    capped: dict[int, set[int]] = {}
    values: _Values | None = None
    for index, finding in enumerate(ctx.findings):
        fix = finding.fix
        if finding.code not in DEPENDENT or fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        values = values or _Values(ctx, at, span, missing)
        values.mutual = set()
        try:
            full, partial = values.of_finding(index)
        except Exception:  # never the host's crash: the fix keeps its applicability
            continue
        if full - {index}:
            follows[index] = full - {index}
        if partial - {index}:
            capped[index] = partial - {index}
        for other in values.mutual - {index}:
            follows.setdefault(other, set()).add(index)
    for index, finding in enumerate(ctx.findings):
        if finding.code in CONVERSIONS and finding.fix is not None and finding.fix.applies:
            values = values or _Values(ctx, at, span, missing)
            declared = values.declaring(index)
            if declared - {index}:
                follows.setdefault(index, set()).update(declared - {index})
    return follows, capped
