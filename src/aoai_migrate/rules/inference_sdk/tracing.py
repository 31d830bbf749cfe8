"""Rules of the ``inference-sdk`` category: the OpenTelemetry instrumentor of azure-ai-inference
(``azure.ai.inference.tracing``) and its content-recording variable."""

from __future__ import annotations

import ast

from ...render import calls as render_calls
from ...render import snippets
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ...semantics import parent_of
from ..references import MIGRATION_GUIDE

INSTRUMENTOR = "azure.ai.inference.tracing.AIInferenceInstrumentor"
INFERENCE_PACKAGE = "azure.ai.inference"
AZURE_CONTENT_ENV = "AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"
OTEL_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
OTEL_DOCS = "https://pypi.org/project/opentelemetry-instrumentation-openai-v2/"
METHODS = ("instrument", "uninstrument", "is_instrumented", "is_content_recording_enabled")


def _is_instrumentor_class(node: ast.AST, ctx: Context) -> bool:
    return any(
        q == INSTRUMENTOR or q == "azure.ai.inference.tracing._patch.AIInferenceInstrumentor"
        for q in ctx.qualnames(node)
    )


def _os_bound(ctx: Context) -> bool:
    """Whether ``os`` names the module where the node being visited is."""
    return any(
        kind == "value" and getattr(payload, "name", None) == "os"
        for kind, payload, _ in ctx.sem.lookup("os", ctx.scope)
    )


@register
class InferenceInstrumentor(Rule):
    code = "AOM108"
    symbol = "inference-sdk-instrumentor"
    category = Category.INFERENCE_SDK
    message = (
        "`{name}` traces only Azure AI Inference clients; use `OpenAIInstrumentor` from "
        "opentelemetry-instrumentation-openai-v2{notes}"
    )
    summary = (
        "Flags `AIInferenceInstrumentor()` from `azure.ai.inference.tracing` and the calls on it "
        "whose API differs on `OpenAIInstrumentor` (`instrument(enable_content_recording=...)`, "
        "`is_instrumented()`, `is_content_recording_enabled()`, and a bare `instrument()` that may find "
        "it instrumented in a module that changes the content-recording variable)."
    )
    why = (
        "`AIInferenceInstrumentor` patches only `ChatCompletionsClient.complete`, so after the "
        "migration it traces nothing. `OpenAIInstrumentor` (package "
        "`opentelemetry-instrumentation-openai-v2`) traces the OpenAI client. Content recording is "
        "switched on with the environment variable "
        f"`{OTEL_CONTENT_ENV}=true` (it replaces `{AZURE_CONTENT_ENV}` and the "
        "`enable_content_recording` argument; `true` holds on the instrumentor's default "
        "conventions, while with `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` the "
        "variable takes `span_only`, `event_only` or `span_and_event`); `is_instrumented()` becomes the "
        "`is_instrumented_by_opentelemetry` property. `OpenAIInstrumentor` reads the variable only "
        "when `instrument()` wraps the client, and `instrument()` does nothing while it is "
        "instrumented (`AIInferenceInstrumentor.instrument()` changed the setting of a live "
        "instrumentation): where the instrumentor may already be instrumented (a function, a loop, "
        "an earlier `instrument()`), the snippet calls `uninstrument()` first. So it does for a bare "
        "`instrument()` there when the module changes the content-recording variable, which "
        "`AIInferenceInstrumentor.instrument()` re-applied on every call."
    )
    example = (
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n\n"
        "AIInferenceInstrumentor().instrument(enable_content_recording=True)\n"
    )
    use_instead = (
        "import os\n"
        "from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor\n\n"
        f"os.environ[\"{OTEL_CONTENT_ENV}\"] = \"true\"\n"
        "OpenAIInstrumentor().instrument()\n"
    )
    references = (OTEL_DOCS, MIGRATION_GUIDE)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        'Unsafe: `OpenAIInstrumentor` comes from another package '
        '(opentelemetry-instrumentation-openai-v2), which must be installed, and it '
        'records spans with the OpenAI semantic conventions, not the Inference ones. The '
        'fix adds its import.'
    )
    invalid = (
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "AIInferenceInstrumentor().instrument()\n",
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "instrumentor = AIInferenceInstrumentor()\n"
        "if not instrumentor.is_instrumented():\n"
        "    instrumentor.instrument(enable_content_recording=record)\n",
        # the setting changed on a live instrumentation
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "AIInferenceInstrumentor().instrument(enable_content_recording=True)\n"
        "AIInferenceInstrumentor().instrument(enable_content_recording=False)\n",
        # the variable changed before a second bare instrument(), which re-applied it
        "import os\n"
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def toggle(instrumentor: AIInferenceInstrumentor):\n"
        "    os.environ['AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED'] = 'true'\n"
        "    instrumentor.instrument()\n",
    )
    valid = (
        "from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor\n"
        "OpenAIInstrumentor().instrument()\n",
        "instrumentor.instrument(enable_content_recording=True)\n",
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def f(i: AIInferenceInstrumentor):\n"
        "    i.uninstrument()\n",
        # a bare instrument() in a function of a module that leaves the variable alone
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def setup(i: AIInferenceInstrumentor):\n"
        "    i.instrument()\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Call)
        if _is_instrumentor_class(node.func, ctx):
            parent, grand = ctx.parent(), ctx.parent(2)
            if (
                isinstance(parent, ast.Attribute) and parent.value is node and parent.attr in METHODS
                and isinstance(grand, ast.Call) and grand.func is parent
            ):
                return  # the method call is reported with the construction folded in
            ctx.report(self, node, snippet="OpenAIInstrumentor()", replace=node,
                       name="AIInferenceInstrumentor()", notes="")
            return
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in METHODS:
            return
        if not any(
            v.name == func.attr and v.owner is not None and v.owner.kind == "instance"
            and v.owner.name == INSTRUMENTOR
            for v in ctx.members(func)
        ):
            return
        inline = isinstance(func.value, ast.Call) and _is_instrumentor_class(func.value.func, ctx)
        receiver = "OpenAIInstrumentor()" if inline else render_calls.receiver_text(func.value, ctx)
        name = f"{'AIInferenceInstrumentor()' if inline else ctx.segment(func.value)}.{func.attr}()"
        name = " ".join(name.split())
        self._method(node, func.attr, receiver, inline, name, ctx)

    def _method(self, node: ast.Call, method: str, receiver: str, inline: bool, name: str,
                ctx: Context) -> None:
        os_bound = _os_bound(ctx)
        if method == "instrument":
            record = node.args[0] if node.args else next(
                (kw.value for kw in node.keywords if kw.arg == "enable_content_recording"), None)
            rest = [(kw.arg or "**", ctx.segment(kw.value)) for kw in node.keywords
                    if kw.arg != "enable_content_recording"]
            call = snippets.call(f"{receiver}.instrument", rest)
            if record is None or (isinstance(record, ast.Constant) and record.value is None):
                if _may_be_instrumented(node, ctx) and _sets_content_variable(ctx):
                    # AIInferenceInstrumentor.instrument() re-applied the variable the module changes
                    self._lines(node, [*_guard(receiver), *call.split("\n")], name, (
                        "; this module changes the content-recording variable, which AIInferenceInstrumentor "
                        "re-applied on every `instrument()`, while OpenAIInstrumentor reads it only when "
                        "`instrument()` wraps the client (a second `instrument()` does nothing): an "
                        "instrumentation already in place is undone first"), False, ctx)
                elif inline:
                    ctx.report(self, node, snippet=call, replace=node, name=name, notes="")
                return
            if isinstance(record, ast.Constant) and isinstance(record.value, bool):
                value = snippets.string(str(record.value).lower())
            else:
                value = f"str({ctx.segment(record)}).lower()"
            lines = [f"os.environ[{snippets.string(OTEL_CONTENT_ENV)}] = {value}"]
            notes = f"; content recording is the {OTEL_CONTENT_ENV} variable"
            if _may_be_instrumented(node, ctx):
                # OpenAIInstrumentor reads the variable only when instrument() wraps the client, and
                # instrument() does nothing while instrumented: a live instrumentation is undone first
                lines += _guard(receiver)
                notes += (", which OpenAIInstrumentor reads only when `instrument()` wraps the client (a second "
                          "`instrument()` does nothing): an instrumentation already in place is undone first")
            self._lines(node, lines + call.split("\n"), name, notes, not os_bound, ctx)
        elif method == "is_instrumented":
            ctx.report(self, node, snippet=f"{receiver}.is_instrumented_by_opentelemetry",
                       replace=node, name=name,
                       notes="; `is_instrumented()` is the `is_instrumented_by_opentelemetry` property")
        elif method == "is_content_recording_enabled":
            text = f'os.environ.get({snippets.string(OTEL_CONTENT_ENV)}, "false").lower() == "true"'
            ctx.report(self, node, snippet=text if os_bound else f"import os\n\n{text}",
                       replace=node if os_bound else None, name=name,
                       notes=f"; content recording is the {OTEL_CONTENT_ENV} variable")
        elif inline:  # uninstrument() has the same API
            ctx.report(self, node, snippet=f"{receiver}.uninstrument()", replace=node, name=name,
                       notes="")


    def _lines(self, node: ast.Call, lines: list[str], name: str, notes: str, os_missing: bool,
               ctx: Context) -> None:
        """Report ``lines`` in place of the statement ``node`` is (a snippet only where the call is
        part of a larger expression, or the lines use ``os`` and the module does not import it)."""
        statement = ctx.parent()
        if not os_missing and isinstance(statement, ast.Expr) and statement.value is node:
            edit = f"\n{ctx.source.indent(node.lineno)}".join(lines)
            ctx.report(self, node, snippet="\n".join(lines), replace=statement, edit=edit,
                       name=name, notes=notes)
        else:
            text = ("import os\n\n" if os_missing else "") + "\n".join(lines)
            ctx.report(self, node, snippet=text, name=name, notes=notes)


def _guard(receiver: str) -> list[str]:
    """Undo a live instrumentation, so that ``instrument()`` wraps and reads the variable."""
    return [f"if {receiver}.is_instrumented_by_opentelemetry:  # the variable is read when instrument() wraps",
            f"    {receiver}.uninstrument()"]


def _may_be_instrumented(node: ast.Call, ctx: Context) -> bool:
    """Whether the instrumentor may already be instrumented when ``node`` (its ``instrument()``)
    runs: the call may run more than once or after other code (in a function, a loop), or the
    module calls ``instrument()`` on an Inference instrumentor before it. Under ``if not
    <it>.is_instrumented():`` only what runs inside that ``if`` counts."""
    region: ast.AST = ctx.sem.tree
    child, parent = node, parent_of(node)
    while parent is not None and not isinstance(parent, ast.Module):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.For, ast.AsyncFor, ast.While)):
            return True
        if isinstance(parent, ast.If) and child in parent.body and _not_instrumented(parent.test, node, ctx):
            region = parent
            break
        child, parent = parent, parent_of(parent)
    for other in ast.walk(region):
        if (
            isinstance(other, ast.Call) and other is not node and other.lineno < node.lineno
            and isinstance(other.func, ast.Attribute) and other.func.attr == "instrument"
            and _same_instrumentor(other.func.value, node, ctx)
        ):
            return True
    return False


def _same_instrumentor(value: ast.AST, node: ast.Call, ctx: Context) -> bool:
    """Whether ``value`` is the instrumentor ``node`` is called on: the same expression, or an
    ``AIInferenceInstrumentor()`` (they share one instrumentation)."""
    assert isinstance(node.func, ast.Attribute)
    return (isinstance(value, ast.Call) and _is_instrumentor_class(value.func, ctx)) or (
        ctx.segment(value) == ctx.segment(node.func.value))


def _not_instrumented(test: ast.expr, node: ast.Call, ctx: Context) -> bool:
    """Whether ``test`` is ``not <instrumentor>.is_instrumented()`` (or the OpenAI property) on the
    instrumentor ``node`` is called on."""
    if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        return False
    check = test.operand
    if isinstance(check, ast.Call) and not check.args and isinstance(check.func, ast.Attribute) \
            and check.func.attr == "is_instrumented":
        return _same_instrumentor(check.func.value, node, ctx)
    return (isinstance(check, ast.Attribute) and check.attr == "is_instrumented_by_opentelemetry"
            and _same_instrumentor(check.value, node, ctx))


#: calls whose first argument names an environment variable they set or remove
_ENV_SETTERS = frozenset({"setdefault", "pop", "putenv", "unsetenv", "setenv", "delenv"})
#: calls whose dict argument (keys) or keywords set environment variables
_ENV_UPDATES = frozenset({"update", "dict"})


def _sets_content_variable(ctx: Context) -> bool:
    """Whether the module sets or removes the content-recording variable (either name):
    ``os.environ[...] = ...``, ``del os.environ[...]``, ``setdefault``/``pop``/``update``,
    ``os.putenv``/``unsetenv``, ``monkeypatch.setenv``/``delenv``, ``mock.patch.dict``, or a
    function of the module that sets the variable named by its parameter; the name written out or
    a name assigned it."""
    found = ctx.state.get("AOM108.sets-content")
    if found is None:
        variables = {AZURE_CONTENT_ENV, OTEL_CONTENT_ENV}
        tree = ctx.sem.tree
        aliases = set()
        for n in ast.walk(tree):
            if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Constant) \
                    and n.value.value in variables:
                for target in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                    if isinstance(target, ast.Name):
                        aliases.add(target.id)
                    elif isinstance(target, ast.Attribute):
                        aliases.add(target.attr)

        def names(key: ast.AST | None) -> bool:
            return (isinstance(key, ast.Constant) and key.value in variables) or (
                isinstance(key, ast.Name) and key.id in aliases) or (
                isinstance(key, ast.Attribute) and key.attr in aliases)

        def sets(n: ast.AST, key=names) -> bool:
            if isinstance(n, ast.Subscript):
                return isinstance(n.ctx, (ast.Store, ast.Del)) and key(n.slice)
            if not (isinstance(n, ast.Call) and isinstance(n.func, (ast.Attribute, ast.Name))):
                return False
            called = n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id
            if called in _ENV_SETTERS:
                return bool(n.args) and key(n.args[0])
            if called in helpers:  # the module's own helper that sets the variable it is given
                return any(names(arg) for arg in [*n.args, *(kw.value for kw in n.keywords)])
            return called in _ENV_UPDATES and (
                any(kw.arg in variables for kw in n.keywords)
                or any(isinstance(arg, ast.Dict) and any(key(k) for k in arg.keys) for arg in n.args))

        helpers: set[str] = set()
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
                if any(sets(n, lambda k: isinstance(k, ast.Name) and k.id in params) for n in ast.walk(function)):
                    helpers.add(function.name)
        found = any(sets(n) for n in ast.walk(tree))
        ctx.state["AOM108.sets-content"] = found
    return found


@register
class InferenceTracingEnvVar(Rule):
    code = "AOM116"
    symbol = "inference-sdk-tracing-env-var"
    category = Category.INFERENCE_SDK
    message = f"`{AZURE_CONTENT_ENV}` only configures AIInferenceInstrumentor; OpenAIInstrumentor reads `{OTEL_CONTENT_ENV}`"
    summary = f"Flags the string `\"{AZURE_CONTENT_ENV}\"` (reading or setting the variable in code)."
    why = (
        "The variable switched on prompt and completion recording in the Azure AI Inference "
        f"instrumentor. The OpenAI instrumentor reads `{OTEL_CONTENT_ENV}` (`true`, or with "
        "`OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` one of `span_only`, "
        "`event_only`, `span_and_event`)."
    )
    example = (
        "import os\n\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n\n"
        f"os.environ[\"{AZURE_CONTENT_ENV}\"] = \"true\"\n"
    )
    use_instead = (
        "import os\n\nfrom opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor\n\n"
        f"os.environ[\"{OTEL_CONTENT_ENV}\"] = \"true\"\n"
    )
    references = (OTEL_DOCS,)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        'Safe: the variable that OpenAIInstrumentor reads is set to the same value.'
    )
    known_problems = (
        "Only modules that import Azure AI Inference are checked: the variable also configures "
        "other Azure tracers (azure-ai-projects, langchain-azure-ai's), which keep reading it."
    )
    invalid = (
        "import os\nfrom azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        f"record = os.getenv('{AZURE_CONTENT_ENV}', 'false')\n",
        f"import os\nimport azure.ai.inference\nos.environ['{AZURE_CONTENT_ENV}'] = 'true'\n",
    )
    valid = (
        f"import os\nos.environ['{OTEL_CONTENT_ENV}'] = 'true'\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        f"'''Set {AZURE_CONTENT_ENV}=true to record content (azure inference docs).'''\n",
        # another library's tracer reads the same variable: it is not Azure AI Inference's
        "import os\nfrom opentelemetry.instrumentation.instrumentor import BaseInstrumentor\n"
        f"_ENV_ENABLE_CONTENT_RECORDING = '{AZURE_CONTENT_ENV}'\n"
        "record = os.getenv(_ENV_ENABLE_CONTENT_RECORDING)\n",
    )
    node_types = (ast.Constant,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Constant) and node.value == AZURE_CONTENT_ENV:
            if isinstance(ctx.parent(), ast.JoinedStr) or not _imports_inference(ctx):
                return
            ctx.report(self, node, snippet=snippets.string(OTEL_CONTENT_ENV), replace=node)


def _imports_inference(ctx: Context) -> bool:
    """Whether the module imports Azure AI Inference (the variable is the Inference tracer's
    only where Inference is used: azure-ai-projects and langchain-azure-ai tracers read it too)."""
    found = ctx.state.get("AOM116.imports")
    if found is None:  # (the package's own modules get no findings: engine, sdk_source)
        found = any(
            (isinstance(n, ast.Import) and any(_inference(a.name) for a in n.names))
            or (isinstance(n, ast.ImportFrom) and n.level == 0 and _inference(n.module or ""))
            for n in ast.walk(ctx.sem.tree)
        )
        ctx.state["AOM116.imports"] = found
    return found


def _inference(module: str) -> bool:
    return module == INFERENCE_PACKAGE or module.startswith(INFERENCE_PACKAGE + ".")
