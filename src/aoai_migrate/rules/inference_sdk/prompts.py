"""Rule of the ``inference-sdk`` category: the prompt templates of azure-ai-inference
(``azure.ai.inference.prompts``)."""

from __future__ import annotations

import ast

from ...locate import own_nodes
from ...render import calls as render_calls
from ...render import snippets
from ...engine import Context
from ...registry import Rule, register
from ...model import Category
from ..references import MIGRATION_GUIDE


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
