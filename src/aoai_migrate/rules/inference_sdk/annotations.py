"""Rules of the ``inference-sdk`` category: type annotations that name Azure AI Inference
clients and results, which the migrated code no longer produces."""

from __future__ import annotations

import ast
import dataclasses
import re

from ... import known
from ...engine import Context
from ...model import Applicability, Category
from ...analysis.annotations import ANNOTATED, annotation_names
from ...analysis.runtime_checked import validated_class
from ...registry import Rule, register
from ...render import calls as render_calls
from ...render import counterparts
from ...semantics import parent_of
from ..references import MIGRATION_GUIDE

#: Inference client class -> (OpenAI name, import)
_CLIENTS = {
    f"{known.INFERENCE}.ChatCompletionsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE}.EmbeddingsClient": ("OpenAI", "from openai import OpenAI"),
    f"{known.INFERENCE_AIO}.ChatCompletionsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
    f"{known.INFERENCE_AIO}.EmbeddingsClient": ("AsyncOpenAI", "from openai import AsyncOpenAI"),
}
#: ``azure.ai.inference.models`` classes whose counterpart is spelled differently in an
#: annotation than in :data:`.counterparts.MODELS` (generic, or a name two openai modules share)
_SPELLED = {
    "StreamingChatCompletions": ("Stream[ChatCompletionChunk]", ("from openai import Stream",
                                 "from openai.types.chat import ChatCompletionChunk")),
    "AsyncStreamingChatCompletions": ("AsyncStream[ChatCompletionChunk]", ("from openai import AsyncStream",
                                      "from openai.types.chat import ChatCompletionChunk")),
    "ChatChoice": ("chat_completion.Choice", ("from openai.types.chat import chat_completion",)),
    "StreamingChatChoiceUpdate": ("chat_completion_chunk.Choice",
                                  ("from openai.types.chat import chat_completion_chunk",)),
}
#: classes that name a request dict where the value is built and a response object where it is
#: read (``ChatCompletionsToolCall``: the param TypedDict, or ``ChatCompletionMessageFunctionToolCall``)
_RESPONSE_SIDE = {
    name: (cls, (f"from {module} import {cls}",)) for name, (module, cls) in counterparts.RESPONSE_CLASSES.items()
}
#: why a response-side annotation is left for a person (no mechanical fix)
RESPONSE_SIDE_NOTE = (
    "; openai's `message.tool_calls` holds `ChatCompletionMessageToolCallUnion` (function and custom "
    "tool calls): narrow each with `tool_call.type == \"function\"` before annotating it (no automatic fix)"
)
#: old generated names of the message classes
_OLD_NAMES = {f"ChatRequest{role}Message": f"{role}Message"
              for role in ("System", "User", "Assistant", "Tool", "Developer")}


def model_annotation(name: str, request: bool = True) -> tuple[str, tuple[str, ...]] | None:
    """What an annotation naming ``azure.ai.inference.models.<name>`` becomes, with its imports:
    the openai type of the counterpart table (a message class -> its param TypedDict, a result
    -> the openai model), ``None`` when there is none to name."""
    name = _OLD_NAMES.get(name, name)
    if not request and name in _RESPONSE_SIDE:
        return _RESPONSE_SIDE[name]
    if name in _SPELLED:
        return _SPELLED[name]
    target = counterparts.MODELS.get(name)
    if target is None or target.module is None or target.name is None or target.name in ("Choice", "Function"):
        return None
    return target.name, (f"from {target.module} import {target.name}",)


def _openai_type(node: ast.AST, owner: ast.AST, ctx: Context) -> tuple[str, tuple[str, ...]] | None:
    for qual in sorted(ctx.qualnames(node)):
        if qual in _CLIENTS:
            target, statement = _CLIENTS[qual]
            return target, (statement,)
        name = render_calls.inference_models_name(qual)
        if name is None:
            continue
        if name in render_calls.ENUMS:
            return "str", ()  # the enum members became their strings (AOM107)
        found = model_annotation(name, _request_side(owner, ctx))
        if found is not None:
            return found
    return None


def _request_side(owner: ast.AST, ctx: Context) -> bool:
    """Whether the annotated value is built by the code (a request dict) rather than read from a
    response: the return of a function returning dict literals or model constructions, an
    annotated assignment of a literal or a construction, a type alias."""
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        returns = [n.value for n in ast.walk(owner) if isinstance(n, ast.Return) and n.value is not None]
        return any(_built(value, ctx) for value in returns)
    if isinstance(owner, ast.AnnAssign):
        return owner.value is None or _built(owner.value, ctx)
    return isinstance(owner, ast.Assign)


def _built(value: ast.AST, ctx: Context) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.ListComp, ast.DictComp)):
        return True
    return isinstance(value, ast.Call) and render_calls.model_class_name(value, ctx) is not None


@register
class InferenceAnnotation(Rule):
    code = "AOM110"
    symbol = "inference-sdk-annotation"
    category = Category.INFERENCE_SDK
    message = "`{name}` annotates a value that becomes `{target}` after the migration{note}"
    summary = (
        "Flags type annotations (parameters, return types, annotated assignments, type aliases) "
        "naming an Azure AI Inference client (`ChatCompletionsClient`, `EmbeddingsClient`, sync "
        "or `.aio`), a model class (`UserMessage`, `ChatRequestMessage`, `ContentItem`, "
        "`ChatCompletionsToolDefinition`, ...), a result (`ChatCompletions`, `ChatChoice`, "
        "`StreamingChatCompletionsUpdate`, `EmbeddingsResult`, ...), or an enum whose members "
        "become strings (`EmbeddingEncodingFormat`, `CompletionsFinishReason`, ...)."
    )
    why = (
        "Once the clients and calls are migrated, the values are `OpenAI`/`AsyncOpenAI` clients "
        "and openai results: an annotation still naming the Inference class misleads readers and "
        "type checkers (`client.chat` does not exist on `ChatCompletionsClient`; a function "
        "annotated `-> UserMessage` now returns a dict), and it keeps the `azure.ai.inference` "
        "import alive. Message classes become openai's param TypedDicts "
        "(`ChatCompletionUserMessageParam`, `ChatCompletionMessageParam`), results its models "
        "(`ChatCompletion`, `chat_completion.Choice`), as in the counterpart table of `AOM101`."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n\n"
        "def ask(client: ChatCompletionsClient, question: str) -> str:\n"
        "    ...\n"
    )
    use_instead = (
        "from openai import OpenAI\n\n"
        "def ask(client: OpenAI, question: str) -> str:\n"
        "    ...\n"
    )
    known_problems = (
        "A pydantic base imported from another module is recognised through the project (the CLI) "
        "or, in flake8, by its name (`...BaseModel`) in a module importing pydantic; other run-time "
        "checkers (attrs validators, beartype, typeguard) are not recognised. "
        "String annotations (forward references) are not rewritten. `ChatCompletionsToolCall` "
        "annotating a tool call read from a response gets no fix: openai's `message.tool_calls` "
        "is a union of function and custom tool calls, to be narrowed by hand."
    )
    references = (MIGRATION_GUIDE, "https://github.com/openai/openai-python/tree/main/src/openai/types")
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: annotations do not run (the fix adds the openai import they name); the values they "
        "describe are migrated by the client, call and model-class fixes (AOM102-AOM106). A "
        "type alias (`Message = Union[SystemMessage, UserMessage]`) is an annotation too. A "
        "response's tool call (`ChatCompletionsToolCall` on a parameter or a variable read from a "
        "response) has no fix: the openai type is a union to narrow by hand. A union whose "
        "members become the same type names it once (`ChatCompletionsClient | EmbeddingsClient` -> "
        "`AsyncOpenAI`). A field of a pydantic model (a `BaseModel` subclass, directly or through a "
        "project base, a class with `model_config`, a pydantic dataclass; not a private `_attribute` or a "
        "`ClassVar`) is checked at run time: "
        "its fix is unsafe where the module migrates a construction of the new client, and "
        "display-only where none does (the value is still an Inference client, which pydantic "
        "would reject)."
    )
    invalid = (
        example,
        "from azure.ai.inference.aio import EmbeddingsClient\n"
        "async def embed(client: EmbeddingsClient) -> None:\n    ...\n",
        "import azure.ai.inference.models as m\n"
        "def text(response: m.ChatCompletions) -> str:\n    return response.choices[0].message.content\n",
        "from azure.ai.inference import ChatCompletionsClient\n"
        "class Bot:\n    client: ChatCompletionsClient\n",
        "from azure.ai.inference.models import EmbeddingsResult\n"
        "def first(r) -> EmbeddingsResult:\n    return r\n",
        "from azure.ai.inference.models import EmbeddingEncodingFormat\n"
        "def embed(fmt: EmbeddingEncodingFormat = EmbeddingEncodingFormat.FLOAT) -> None:\n    ...\n",
        "from azure.ai.inference.models import UserMessage\n"
        "def ask(q: str) -> UserMessage:\n    return UserMessage(content=q)\n",
        "from azure.ai.inference.models import ChatRequestMessage\n"
        "def send(messages: list[ChatRequestMessage]) -> None:\n    ...\n",
        "from typing import Union\nfrom azure.ai.inference.models import SystemMessage, UserMessage\n"
        "Message = Union[SystemMessage, UserMessage]\n",
        "from azure.ai.inference.models import ChatCompletionsToolCall\n"
        "def tool_call(name: str) -> ChatCompletionsToolCall:\n"
        "    return {\"id\": \"1\", \"type\": \"function\", \"function\": {\"name\": name, \"arguments\": \"{}\"}}\n",
        # two members that become the same type: one finding, one `AsyncOpenAI`
        "from azure.ai.inference.aio import ChatCompletionsClient, EmbeddingsClient\n"
        "def close(client: ChatCompletionsClient | EmbeddingsClient | None) -> None:\n    ...\n",
        # a pydantic field is checked at run time; its value is built through a mapping no
        # finding migrates: shown, not fixed
        "from azure.ai.inference.aio import ChatCompletionsClient, EmbeddingsClient\n"
        "from pydantic import BaseModel, ConfigDict\n"
        "CLASSES = {'chat': ChatCompletionsClient, 'embed': EmbeddingsClient}\n"
        "class Service(BaseModel):\n"
        "    model_config = ConfigDict(arbitrary_types_allowed=True)\n"
        "    client: ChatCompletionsClient | EmbeddingsClient\n",
    )
    valid = (
        # not a type alias: a runtime tuple of classes
        "from azure.ai.inference.models import SystemMessage, UserMessage\nKINDS = (SystemMessage, UserMessage)\n",
        "from openai import OpenAI\ndef ask(client: OpenAI) -> None:\n    ...\n",
        # runtime uses are not annotations
        "from azure.ai.inference import ChatCompletionsClient\n"
        "def is_client(x) -> bool:\n    return isinstance(x, ChatCompletionsClient)\n",
        # a look-alike class
        "class ChatCompletionsClient:\n    pass\ndef f(c: ChatCompletionsClient) -> None:\n    ...\n",
        # no OpenAI counterpart: left to AOM603
        "from azure.ai.inference import ImageEmbeddingsClient\ndef f(c: ImageEmbeddingsClient) -> None:\n    ...\n",
    )
    node_types = ANNOTATED

    def visit(self, node: ast.AST, ctx: Context) -> None:
        folded: set[int] = set()
        for part in annotation_names(node):
            if id(part) in folded:
                continue
            found = _openai_type(part, node, ctx)
            if found is None:
                continue
            if any(q.endswith(".ChatCompletionsToolCall") for q in ctx.qualnames(part)) \
                    and not _request_side(node, ctx):
                ctx.report(self, part, snippet=f"{found[1][0]}\n\n{found[0]}", compact=found[0],
                           name=ctx.segment(part), target=found[0], note=RESPONSE_SIDE_NOTE)
                continue
            before = len(ctx.findings)
            union = _folded_union(part, node, ctx)
            if union is not None:  # `A | B` that both become `AsyncOpenAI`: one finding, one `AsyncOpenAI`
                span, target, statements, members = union
                folded.update(id(m) for m in members)
                report_annotation(self, span, target, ctx, *statements)
            else:
                report_annotation(self, part, found[0], ctx, *found[1])
            if len(ctx.findings) > before:
                _check_field(node, ctx, before)


def _union_members(part: ast.expr) -> tuple[ast.expr, list[ast.expr], str] | None:
    """For a direct member of ``A | B | ...`` or ``Union[A, B, ...]``: the union's node, its
    members and how they are joined again (``" | "`` or the ``Union[`` prefix)."""
    parent = parent_of(part)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.BitOr):
        root = parent
        while isinstance(parent_of(root), ast.BinOp) and isinstance(parent_of(root).op, ast.BitOr):  # type: ignore[union-attr]
            root = parent_of(root)  # type: ignore[assignment]

        def flat(n: ast.expr) -> list[ast.expr]:
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
                return flat(n.left) + flat(n.right)
            return [n]
        return root, flat(root), " | "
    if isinstance(parent, ast.Tuple):
        sub = parent_of(parent)
        if isinstance(sub, ast.Subscript) and sub.slice is parent:
            base = sub.value
            name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
            if name == "Union":
                return sub, list(parent.elts), "Union["
    return None


def _folded_union(part: ast.expr, owner: ast.AST, ctx: Context):
    """When two members of the union ``part`` belongs to become the same type: the union
    rewritten with each type once (the members that stay are kept as written), its imports and
    the members it covers; ``None`` otherwise (or when a member nests a type that has its own
    finding)."""
    found = _union_members(part)
    if found is None:
        return None
    union, members, joiner = found
    rendered: list[str] = []
    statements: list[str] = []
    covered: list[ast.expr] = []
    duplicate = False
    for member in members:
        target = _openai_type(member, owner, ctx) if isinstance(member, (ast.Name, ast.Attribute)) else None
        if target is None:
            if any(_openai_type(n, owner, ctx) for n in ast.walk(member) if isinstance(n, (ast.Name, ast.Attribute))):
                return None
            text = ctx.segment(member)
        else:
            if any(q.endswith(".ChatCompletionsToolCall") for q in ctx.qualnames(member)):
                return None
            text = target[0]
            covered.append(member)
            statements.extend(s for s in target[1] if s not in statements)
        if text in rendered:
            duplicate = duplicate or target is not None
            continue
        rendered.append(text)
    if not duplicate:
        return None
    if joiner == " | " or len(rendered) == 1:
        text = " | ".join(rendered)
    else:
        text = f"{ctx.segment(union.value)}[{', '.join(rendered)}]"  # type: ignore[attr-defined]
    return union, text, statements, covered


#: the note of a run-time validated field: unsafe when a finding migrates a client construction
#: of the new type, display-only when none does
_FIELD_UNSAFE = (
    "; `{cls}` is a pydantic model that checks `{field}` at run time: the new annotation holds only once "
    "the value assigned to it is built as `{target}` too (the client's own fix), so the two go together "
    "(unsafe fix)"
)
_FIELD_VALUE = (
    "; `{cls}` is a pydantic model that checks `{field}` at run time: the new annotation holds only once "
    "the value assigned to it is a `{target}` too (the fix of the call or construction that builds it), so "
    "the two go together (unsafe fix)"
)
_FIELD_SHOWN = (
    "; `{cls}` is a pydantic model that checks `{field}` at run time, and no finding in this module "
    "migrates a construction of `{target}` (the value may be built through a class mapping or elsewhere): "
    "change the annotation together with that construction, or pydantic rejects the value (no automatic fix)"
)


def _check_field(node: ast.AST, ctx: Context, index: int) -> None:
    """A field of a pydantic model: once every finding is known, the annotation's fix becomes
    unsafe (a client construction of the new type is migrated here) or display-only (none is),
    and the message says why."""
    classdef = validated_class(node, ctx.scope)
    if classdef is None:
        return
    field = ctx.segment(node.target)  # type: ignore[attr-defined]

    def word() -> None:
        finding = ctx.findings[index]
        target = (finding.compact or "").split(" | ")[0]
        if target in ("OpenAI", "AsyncOpenAI"):  # a client: is a construction of it migrated here?
            built = re.compile(rf"(?<![\w.]){target}\(")
            migrated = any(
                f.code == "AOM102" and f.fix is not None and f.fix.applies
                and any(built.search(e.text) for e in f.fix.edits)
                for f in ctx.findings
            )
            note = (_FIELD_UNSAFE if migrated else _FIELD_SHOWN).format(cls=classdef.name, field=field, target=target)
        else:  # a message or result: it comes from a call or construction with its own finding
            migrated, note = True, _FIELD_VALUE.format(cls=classdef.name, field=field, target=target)
        applicability = Applicability.UNSAFE if migrated else Applicability.DISPLAY_ONLY
        fix = finding.fix
        if fix is not None and (fix.applicability is Applicability.SAFE or not migrated):
            fix = dataclasses.replace(fix, applicability=applicability)
        ctx.findings[index] = dataclasses.replace(finding, message=finding.message + note, fix=fix)

    ctx.finish.append(word)


def report_annotation(
    rule: Rule, part: ast.expr, target: str, ctx: Context, *statements: str,
    note: str = "", applicability: Applicability | None = None,
) -> None:
    """Report an annotation part that becomes ``target`` (imported by ``statements``, if any)."""
    header = "\n".join(statements)
    ctx.report(
        rule, part, snippet=f"{header}\n\n{target}" if header else target, compact=target,
        replace=part, edit=target, imports=list(statements),
        name=ctx.segment(part), target=target, note=note, applicability=applicability,
    )
