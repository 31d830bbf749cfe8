"""Rules of the ``inference-sdk`` category: the optional extras of azure-ai-inference, its
OpenTelemetry instrumentor (``azure.ai.inference.tracing``) and its prompt templates
(``azure.ai.inference.prompts``)."""

from __future__ import annotations

import ast

from ...locate import own_nodes
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
        "`is_instrumented()`, `is_content_recording_enabled()`)."
    )
    why = (
        "`AIInferenceInstrumentor` patches only `ChatCompletionsClient.complete`, so after the "
        "migration it traces nothing. `OpenAIInstrumentor` (package "
        "`opentelemetry-instrumentation-openai-v2`) traces the OpenAI client. Content recording is "
        "switched on with the environment variable "
        f"`{OTEL_CONTENT_ENV}=true` (it replaces `{AZURE_CONTENT_ENV}` and the "
        "`enable_content_recording` argument); `is_instrumented()` becomes the "
        "`is_instrumented_by_opentelemetry` property. `OpenAIInstrumentor` reads the variable only "
        "when `instrument()` wraps the client, and `instrument()` does nothing while it is "
        "instrumented (`AIInferenceInstrumentor.instrument()` changed the setting of a live "
        "instrumentation): where the instrumentor may already be instrumented (a function, a loop, "
        "an earlier `instrument()`), the snippet calls `uninstrument()` first."
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
    )
    valid = (
        "from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor\n"
        "OpenAIInstrumentor().instrument()\n",
        "instrumentor.instrument(enable_content_recording=True)\n",
        "from azure.ai.inference.tracing import AIInferenceInstrumentor\n"
        "def f(i: AIInferenceInstrumentor):\n"
        "    i.uninstrument()\n",
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
                if inline:
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
                lines += [f"if {receiver}.is_instrumented_by_opentelemetry:  # the variable is read when instrument() wraps",
                          f"    {receiver}.uninstrument()"]
                notes += (", which OpenAIInstrumentor reads only when `instrument()` wraps the client (a second "
                          "`instrument()` does nothing): an instrumentation already in place is undone first")
            lines += call.split("\n")
            statement = ctx.parent()
            if os_bound and isinstance(statement, ast.Expr) and statement.value is node:
                edit = f"\n{ctx.source.indent(node.lineno)}".join(lines)
                ctx.report(self, node, snippet="\n".join(lines), replace=statement, edit=edit,
                           name=name, notes=notes)
            else:
                text = ("" if os_bound else "import os\n\n") + "\n".join(lines)
                ctx.report(self, node, snippet=text, name=name, notes=notes)
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


def _may_be_instrumented(node: ast.Call, ctx: Context) -> bool:
    """Whether the instrumentor may already be instrumented when ``node`` (its ``instrument()``)
    runs: the call may run more than once or after other code (in a function, a loop), or the
    module calls ``instrument()`` on an Inference instrumentor before it."""
    parent = parent_of(node)
    while parent is not None and not isinstance(parent, ast.Module):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.For, ast.AsyncFor, ast.While)):
            return True
        parent = parent_of(parent)
    receiver = ctx.segment(node.func.value) if isinstance(node.func, ast.Attribute) else None
    for other in ast.walk(ctx.sem.tree):
        if (
            isinstance(other, ast.Call) and other is not node and other.lineno < node.lineno
            and isinstance(other.func, ast.Attribute) and other.func.attr == "instrument"
            and ((isinstance(other.func.value, ast.Call) and _is_instrumentor_class(other.func.value.func, ctx))
                 or ctx.segment(other.func.value) == receiver)
        ):
            return True
    return False


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


@register
class InferencePromptTemplate(Rule):
    code = "AOM109"
    symbol = "inference-sdk-prompt-template"
    category = Category.INFERENCE_SDK
    message = (
        "`PromptTemplate.{method}()` comes from azure-ai-inference and has no OpenAI equivalent; "
        "render the prompt with the `prompty` package or your own templating"
    )
    summary = (
        "Flags `PromptTemplate.from_prompty()` / `PromptTemplate.from_string()` from "
        "`azure.ai.inference.prompts`."
    )
    why = (
        "The prompt helpers ship inside the deprecated azure-ai-inference package. Their "
        "`create_messages()` returns OpenAI-style message dicts, so whatever renders the template "
        "afterwards (the `prompty` package, Jinja, f-strings) feeds "
        "`client.chat.completions.create(messages=...)` unchanged; the prompt's model becomes "
        "the `model` argument (your deployment name)."
    )
    example = (
        "from azure.ai.inference.prompts import PromptTemplate\n\n"
        "prompt_template = PromptTemplate.from_prompty(file_path=\"sample.prompty\")\n"
        "messages = prompt_template.create_messages(input=question)\n"
    )
    use_instead = (
        "messages = [\n"
        "    {\"role\": \"system\", \"content\": SYSTEM_PROMPT},\n"
        "    {\"role\": \"user\", \"content\": question},\n"
        "]\n"
        "completion = client.chat.completions.create(model=\"gpt-4o-mini\", messages=messages)\n"
    )
    known_problems = "The snippet cannot render the template itself; it shows where its output goes."
    references = (MIGRATION_GUIDE, "https://pypi.org/project/prompty/")
    invalid = (
        "from azure.ai.inference.prompts import PromptTemplate\n"
        "t = PromptTemplate.from_string(prompt_template=TEMPLATE, model_name='gpt-4o')\n",
        "import azure.ai.inference.prompts as p\nt = p.PromptTemplate.from_prompty('chat.prompty')\n",
        # the rendering under the user's name; the Inference call that sends it has its own finding
        # (a client bound only after the template gets no live call in the snippet)
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.ai.inference.prompts import PromptTemplate\n"
        "def ask(q, ep, cred):\n"
        "    tpl = PromptTemplate.from_prompty('ask.prompty')\n"
        "    turns = tpl.create_messages(q=q)\n"
        "    client = ChatCompletionsClient(ep, cred)\n"
        "    return client.complete(messages=turns, model=tpl.model_name, **tpl.parameters)\n",
    )
    valid = (
        "from langchain_core.prompts import PromptTemplate\nt = PromptTemplate.from_template('x')\n",
        "from mylib import PromptTemplate\nt = PromptTemplate.from_string('x')\n",
    )
    node_types = (ast.Call,)
    call_methods = frozenset({"from_prompty", "from_string"})

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("from_prompty", "from_string"):
            return
        base = "azure.ai.inference.prompts"
        if not any(
            q in (f"{base}.PromptTemplate.{func.attr}", f"{base}._patch.PromptTemplate.{func.attr}")
            for q in ctx.qualnames(func)
        ):
            return
        source = node.args[0] if node.args else next(
            (kw.value for kw in node.keywords if kw.arg in ("file_path", "prompt_template")), None)
        what = ctx.segment(source) if source is not None else "the template"
        model = next((kw.value for kw in node.keywords if kw.arg == "model_name"), None)
        model_text = ctx.segment(model) if model is not None else render_calls.MODEL_PLACEHOLDER
        target = _assigned_name(ctx) or "prompt_template"
        rendered = _rendered(target, node, ctx)
        messages = ctx.segment(rendered.targets[0]) if rendered is not None else "messages"
        lines = [
            f"# render {' '.join(what.split())} with the `prompty` package or your own templating into",
            "# OpenAI message dicts (what create_messages() returned), then:",
            f"{messages} = ...  # was {target}.create_messages(...)",
        ]
        sent = _sending_call(messages, rendered, ctx) if rendered is not None else None
        if sent is not None:  # the user's own call sends them: it has its own finding, not a second call here
            lines.append(f"# `{messages}` then goes to the call at line {sent.lineno} as before; "
                         "its own finding (AOM103) migrates it")
        else:
            call = snippets.call("completion = client.chat.completions.create",
                                 [("model", model_text), ("messages", messages)])
            # the call is code only where a client is already bound at this point
            lines.append(call if _client_bound(node, ctx) else "# " + call.replace("\n", "\n# "))
        ctx.report(self, node, snippet="\n".join(lines) + "\n", method=func.attr)


def _rendered(target: str, node: ast.AST, ctx: Context) -> ast.Assign | None:
    """``msgs = <target>.create_messages(...)`` after ``node`` in the same scope (its user's name)."""
    found = []
    for stmt in own_nodes(ctx.scope.node):
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], (ast.Name, ast.Attribute))
                and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute)
                and stmt.value.func.attr == "create_messages"
                and ctx.segment(stmt.value.func.value) == target and stmt.lineno >= node.lineno):
            found.append(stmt)
    return min(found, key=lambda s: s.lineno) if found else None


def _sending_call(messages: str, rendered: ast.Assign, ctx: Context) -> ast.Call | None:
    """An Inference ``complete(messages=<messages>)`` after the rendering, in the same scope."""
    for stmt in own_nodes(ctx.scope.node):
        if (isinstance(stmt, ast.Call) and stmt.lineno >= rendered.lineno
                and any(kw.arg == "messages" and ctx.segment(kw.value) == messages for kw in stmt.keywords)):
            resolved = render_calls.resolve_inference_call(stmt, ctx)
            if resolved is not None and resolved.method == "complete":
                return stmt
    return None


def _client_bound(node: ast.AST, ctx: Context) -> bool:
    """Whether ``client`` is bound where ``node`` runs: a parameter, a name of an enclosing scope,
    or an assignment of this scope before it."""
    for kind, payload, scope in ctx.sem.lookup("client", ctx.scope):
        if kind in ("param", "ann") or scope is not ctx.scope:
            return True
        line = getattr(payload, "lineno", None)
        if line is not None and line < node.lineno:
            return True
    return False


def _assigned_name(ctx: Context) -> str | None:
    parent = ctx.parent()
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        if isinstance(target, (ast.Name, ast.Attribute)):
            return ctx.segment(target)
    return None


def _inference(module: str) -> bool:
    return module == INFERENCE_PACKAGE or module.startswith(INFERENCE_PACKAGE + ".")
