"""Render Azure AI Inference calls and model objects as OpenAI v1 code.

Shared by the rules that migrate ``complete()`` / ``embed()`` calls, the model classes of
``azure.ai.inference.models`` and anything else that shows a migrated call (streaming, error
handling). Everything is built from the user's own source text; nothing here reports.

Public API
----------
``resolve_inference_call(call, ctx) -> InferenceCall | None``
    Whether ``call`` is ``complete()`` on an Inference chat client or ``embed()`` on an Inference
    embeddings client (resolved through the semantic model, never by name alone).
``render_complete(call, ctx, resolved=None) -> CallRendering | None``
    ``<receiver>.chat.completions.create(model=..., messages=..., ...)`` for a ``complete()`` call.
``render_embed(call, ctx, resolved=None) -> CallRendering | None``
    ``<receiver>.embeddings.create(model=..., input=..., ...)`` for an ``embed()`` call.
``render_expression(node, ctx) -> Rendered``
    The user's expression with every Inference model construction turned into the OpenAI dict and
    every Inference enum member into its string literal (``[SystemMessage("x")]`` ->
    ``[{"role": "system", "content": "x"}]``); unchanged text when there is nothing to convert.
``model_class_name(node, ctx) -> str | None``
    ``"SystemMessage"``, ``"ImageUrl.load"``, ... when the call ``node`` constructs a convertible
    Inference model class (``MESSAGE_ROLES``, ``OBJECT_SHAPES``, ``LOADERS``).
``enum_literal(node, ctx) -> str | None``
    ``'"stop"'`` for ``CompletionsFinishReason.STOPPED`` (also ``....value``).
``inference_models_name(qualname) -> str | None``
    ``"azure.ai.inference.models._models.UserMessage"`` -> ``"UserMessage"``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .. import known
from . import snippets
from ..semantics import Scope, Value

if TYPE_CHECKING:
    from ..engine import Context

#: the placeholder used when no deployment name can be found
MODEL_PLACEHOLDER = '"<deployment-name>"'

#: message classes (current and pre-b4 generated names) -> role
MESSAGE_ROLES: dict[str, str] = {
    "SystemMessage": "system",
    "UserMessage": "user",
    "AssistantMessage": "assistant",
    "ToolMessage": "tool",
    "DeveloperMessage": "developer",
    "ChatRequestSystemMessage": "system",
    "ChatRequestUserMessage": "user",
    "ChatRequestAssistantMessage": "assistant",
    "ChatRequestToolMessage": "tool",
    "ChatRequestDeveloperMessage": "developer",
}

#: other request classes -> the fixed entries of their OpenAI dict (keywords become the other keys)
OBJECT_SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "TextContentItem": (("type", "text"),),
    "ImageContentItem": (("type", "image_url"),),
    "AudioContentItem": (("type", "input_audio"),),
    "ImageUrl": (),
    "InputAudio": (),
    "FunctionDefinition": (),
    "FunctionCall": (),
    "ChatCompletionsToolDefinition": (("type", "function"),),
    "ChatCompletionsFunctionToolDefinition": (("type", "function"),),
    "ChatCompletionsToolCall": (("type", "function"),),
    "ChatCompletionsFunctionToolCall": (("type", "function"),),
    "ChatCompletionsNamedToolChoice": (("type", "function"),),
    "ChatCompletionsNamedToolSelection": (("type", "function"),),
    "ChatCompletionsNamedToolChoiceFunction": (),
    "ChatCompletionsFunctionToolSelection": (),
    "JsonSchemaFormat": (("type", "json_schema"),),  # keywords nest under "json_schema"
    "ChatCompletionsResponseFormatJSON": (("type", "json_object"),),
    "ChatCompletionsResponseFormatJsonObject": (("type", "json_object"),),
    "ChatCompletionsResponseFormatText": (("type", "text"),),
}

#: classmethods that read a file; openai has no helper, the snippet base64-encodes it
LOADERS = frozenset({"ImageUrl.load", "InputAudio.load"})

#: enum class -> member -> value (``azure/ai/inference/models/_enums.py``; enums are
#: case-insensitive, so members are looked up upper-cased)
ENUMS: dict[str, dict[str, str]] = {
    "ChatRole": {
        "SYSTEM": "system", "USER": "user", "ASSISTANT": "assistant", "TOOL": "tool",
        "DEVELOPER": "developer",
    },
    "CompletionsFinishReason": {
        "STOPPED": "stop", "TOKEN_LIMIT_REACHED": "length", "CONTENT_FILTERED": "content_filter",
        "TOOL_CALLS": "tool_calls",
    },
    "ChatCompletionsToolChoicePreset": {"AUTO": "auto", "NONE": "none", "REQUIRED": "required"},
    "ChatCompletionsToolSelectionPreset": {"AUTO": "auto", "NONE": "none", "REQUIRED": "required"},
    "ImageDetailLevel": {"AUTO": "auto", "LOW": "low", "HIGH": "high"},
    "AudioContentFormat": {"WAV": "wav", "MP3": "mp3"},
    "EmbeddingEncodingFormat": {
        "BASE64": "base64", "BINARY": "binary", "FLOAT": "float", "INT8": "int8",
        "UBINARY": "ubinary", "UINT8": "uint8",
    },
    "EmbeddingInputType": {"TEXT": "text", "QUERY": "query", "DOCUMENT": "document"},
}

_ENUM_MEMBERS = frozenset(m for members in ENUMS.values() for m in members)
_CLASS_NAMES = frozenset(MESSAGE_ROLES) | frozenset(OBJECT_SHAPES) | {"load"}

#: ``model_extras`` keys that are first-class ``chat.completions.create`` parameters (present
#: since openai 1.x; newer ones stay in ``extra_body`` so older SDKs keep working)
CHAT_FIRST_CLASS = frozenset(
    {
        "n", "logprobs", "top_logprobs", "logit_bias", "user", "parallel_tool_calls",
        "stream_options", "max_completion_tokens", "reasoning_effort", "store", "metadata",
        "modalities", "prediction", "service_tier", "seed", "audio", "temperature", "top_p",
        "max_tokens", "frequency_penalty", "presence_penalty", "stop", "response_format",
        "tools", "tool_choice",
    }
)
EMBED_FIRST_CLASS = frozenset({"user", "dimensions"})

#: client constructor keywords that are per-call defaults (``azure/ai/inference/_patch.py``)
CHAT_DEFAULTS = (
    "model", "frequency_penalty", "presence_penalty", "temperature", "top_p", "max_tokens",
    "response_format", "stop", "tools", "tool_choice", "seed", "model_extras",
)
EMBED_DEFAULTS = ("model", "dimensions", "encoding_format", "input_type", "model_extras")

#: azure-core per-call keywords without an OpenAI equivalent (dropped from the snippet)
_DROPPED = frozenset({"error_map", "logging_enable", "content_type"})
_RENAMED = {"headers": "extra_headers", "params": "extra_query"}


class Rendered(NamedTuple):
    """Converted source text and the modules it needs imported (``base64``, ``pathlib``)."""

    text: str
    imports: frozenset[str] = frozenset()


class InferenceCall(NamedTuple):
    """A resolved ``complete()`` / ``embed()`` call on an Inference client."""

    method: str  # "complete" | "embed"
    is_async: bool
    owners: tuple[Value, ...]  # the client instances the receiver may be
    receiver: ast.expr


class CallRendering(NamedTuple):
    """The migrated call for one ``complete()`` / ``embed()``."""

    #: the replacement of the call's span (an enclosing ``await`` stays valid)
    text: str
    #: ``text`` preceded by the imports it needs and the module lacks (``text`` when none)
    snippet: str
    #: whether ``text`` can replace the call as is (no missing import)
    replaceable: bool
    #: "call", "client" (the constructor's ``model=``), "deployment" (the deployment named in the
    #: client's endpoint URL), "placeholder" or "unknown"
    #: (``**kwargs`` or a request body that may carry it)
    model_source: str
    #: client constructor defaults moved into the call
    moved: tuple[str, ...]
    #: client constructor defaults that could not be moved (they use names local to the constructor)
    left: tuple[str, ...]
    #: azure-core keywords with no OpenAI equivalent, dropped
    dropped: tuple[str, ...]
    #: encoding formats / other values moved into ``extra_body`` with a caveat
    caveats: tuple[str, ...]
    #: the call passes a request body held in a variable (it must carry ``model``)
    opaque_body: bool = False


# -- names ------------------------------------------------------------------------------------
def inference_models_name(qualname: str) -> str | None:
    """The public name below ``azure.ai.inference.models`` (private modules skipped)."""
    prefix = known.INFERENCE_MODELS + "."
    if not qualname.startswith(prefix):
        return None
    parts = [p for p in qualname[len(prefix):].split(".") if p and not p.startswith("_")]
    return ".".join(parts) or None


def _models_names(node: ast.AST, ctx: "Context") -> set[str]:
    out = set()
    for qual in ctx.qualnames(node):
        name = inference_models_name(qual)
        if name:
            out.add(name)
    return out


def model_class_name(node: ast.AST, ctx: "Context") -> str | None:
    """For a call constructing a convertible Inference model class: its short name."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
        return None
    if isinstance(node.func, ast.Attribute) and node.func.attr not in _CLASS_NAMES:
        return None  # attribute names cannot be aliased: a cheap filter
    for name in sorted(_models_names(node.func, ctx)):
        if name in MESSAGE_ROLES or name in OBJECT_SHAPES or name in LOADERS:
            return name
    return None


def enum_member(node: ast.AST, ctx: "Context") -> tuple[str, str] | None:
    """``(Enum, MEMBER)`` for an attribute naming an Inference enum member."""
    if not isinstance(node, ast.Attribute) or node.attr.upper() not in _ENUM_MEMBERS:
        return None
    for name in sorted(_models_names(node, ctx)):
        parts = name.split(".")
        if len(parts) == 2 and parts[0] in ENUMS and parts[1].upper() in ENUMS[parts[0]]:
            return parts[0], parts[1].upper()
    return None


def enum_literal(node: ast.AST, ctx: "Context") -> str | None:
    """The string literal an Inference enum member (or ``member.value``) stands for."""
    if not isinstance(node, ast.Attribute):
        return None
    if node.attr == "value":
        inner = enum_member(node.value, ctx)
        if inner is not None:
            return snippets.string(ENUMS[inner[0]][inner[1]])
    member = enum_member(node, ctx)
    if member is None:
        return None
    return snippets.string(ENUMS[member[0]][member[1]])


def _str_value(node: ast.AST, ctx: "Context") -> str | None:
    """A string the expression certainly is: a literal, a constant or an enum member."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    member = enum_member(node, ctx)
    if member is not None:
        return ENUMS[member[0]][member[1]]
    if isinstance(node, ast.Name):
        values = ctx.infer(node)
        if len(values) == 1:
            (value,) = values
            if value.kind == "str":
                return value.name
    return None


# -- expressions ------------------------------------------------------------------------------
class ExprRenderer:
    """Converts expressions, splicing converted sub-expressions into the user's own text."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.imports: set[str] = set()

    # which nodes convert ------------------------------------------------------------------
    def kind(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Call):
            name = model_class_name(node, self.ctx)
            if name is None:
                return None
            if name in LOADERS:
                return "loader" if self._loader_args(node, name) is not None else None
            if _plain_args(node):
                return name
            return None
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if enum_literal(node, self.ctx) is not None:
                return "enum"
        return None

    def convert(self, node: ast.AST) -> str | None:
        """The converted text of ``node`` itself, or ``None`` when it is not convertible."""
        kind = self.kind(node)
        if kind is None:
            return None
        if kind == "enum":
            return enum_literal(node, self.ctx)
        assert isinstance(node, ast.Call)
        name = model_class_name(node, self.ctx) or ""
        if kind == "loader":
            return self._loader(node, name)
        if name in MESSAGE_ROLES:
            return self._message(node, MESSAGE_ROLES[name])
        return self._object(node, name)

    def expr(self, node: ast.AST) -> str:
        """``node``'s source with every convertible sub-expression converted."""
        converted = self.convert(node)
        if converted is not None:
            return converted
        text = self.ctx.segment(node)
        targets = self._targets(node)
        if not targets:
            return text
        data = text.encode("utf-8")
        base = _offset(self.ctx, node.lineno, node.col_offset)
        for target in sorted(targets, key=lambda t: (t.lineno, t.col_offset), reverse=True):
            start = _offset(self.ctx, target.lineno, target.col_offset) - base
            end = _offset(self.ctx, target.end_lineno, target.end_col_offset) - base
            if start < 0 or end > len(data) or start > end:
                return text
            replacement = self.convert(target)
            if replacement is None:
                continue
            data = data[:start] + replacement.encode("utf-8") + data[end:]
        return data.decode("utf-8", errors="replace")

    def _targets(self, node: ast.AST) -> list[ast.AST]:
        found: list[ast.AST] = []
        stack = [(child, node) for child in ast.iter_child_nodes(node)]
        while stack:
            child, parent = stack.pop()
            if isinstance(child, ast.JoinedStr):
                continue  # f-string inner positions are unreliable before 3.12
            if not hasattr(child, "lineno"):
                stack.extend((c, child) for c in ast.iter_child_nodes(child))
                continue
            kind = self.kind(child)
            if kind == "enum" and is_enum_name_access(child, parent):
                continue
            if kind is not None:
                found.append(child)
            else:
                stack.extend((c, child) for c in ast.iter_child_nodes(child))
        return found

    # conversions --------------------------------------------------------------------------
    def _message(self, call: ast.Call, role: str) -> str:
        entries: list[tuple[str | None, str]] = [('"role"', snippets.string(role))]
        if call.args:
            first = call.args[0]
            if isinstance(first, ast.Dict):
                entries.extend(self._dict_entries(first))
            else:
                entries.append(('"content"', self.expr(first)))
        entries.extend(self._keyword_entries(call.keywords))
        return self._dict(entries, call)

    def _object(self, call: ast.Call, name: str) -> str:
        fixed = [(snippets.string(k), snippets.string(v)) for k, v in OBJECT_SHAPES.get(name, ())]
        entries: list[tuple[str | None, str]] = []
        for arg in call.args:
            if isinstance(arg, ast.Dict):
                entries.extend(self._dict_entries(arg))
            else:
                entries.append((None, self.expr(arg)))
        entries.extend(self._keyword_entries(call.keywords))
        if name == "JsonSchemaFormat":
            return self._dict(fixed + [('"json_schema"', self._dict(entries, call))], call)
        return self._dict(fixed + entries, call)

    def _loader_args(self, call: ast.Call, name: str) -> dict[str, ast.expr] | None:
        params = ("image_file", "image_format", "detail") if name == "ImageUrl.load" else (
            "audio_file", "audio_format")
        found: dict[str, ast.expr] = {}
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred) or index >= len(params):
                return None
            found[params[index]] = arg
        for kw in call.keywords:
            if kw.arg is None or kw.arg not in params:
                return None
            found[kw.arg] = kw.value
        if params[0] not in found or params[1] not in found:
            return None
        return found

    def _loader(self, call: ast.Call, name: str) -> str | None:
        args = self._loader_args(call, name)
        if args is None:
            return None
        self.imports.update(("base64", "pathlib"))
        if name == "ImageUrl.load":
            file_name, fmt = args["image_file"], args["image_format"]
        else:
            file_name, fmt = args["audio_file"], args["audio_format"]
        data = f"base64.b64encode(pathlib.Path({self.expr(file_name)}).read_bytes()).decode()"
        if name == "InputAudio.load":
            return self._dict([('"data"', data), ('"format"', self.expr(fmt))], call)
        fmt_text = _str_value(fmt, self.ctx)
        if fmt_text is not None:
            url = f"{snippets.string(f'data:image/{fmt_text};base64,')} + {data}"
        else:
            url = f'"data:image/" + {self.expr(fmt)} + ";base64," + {data}'
        entries: list[tuple[str | None, str]] = [('"url"', url)]
        if "detail" in args:
            entries.append(('"detail"', self.expr(args["detail"])))
        return self._dict(entries, call)

    def _keyword_entries(self, keywords: Iterable[ast.keyword]) -> list[tuple[str | None, str]]:
        out: list[tuple[str | None, str]] = []
        for kw in keywords:
            key = snippets.string(kw.arg) if kw.arg is not None else None
            out.append((key, self.expr(kw.value)))
        return out

    def _dict_entries(self, node: ast.Dict) -> list[tuple[str | None, str]]:
        out: list[tuple[str | None, str]] = []
        for key, value in zip(node.keys, node.values):
            out.append((self.ctx.segment(key) if key is not None else None, self.expr(value)))
        return out

    def _dict(self, entries: list[tuple[str | None, str]], origin: ast.AST) -> str:
        """``{k: v, **splat}``: on one line when ``origin`` was, else one entry per line. A fixed
        key (``"role"``, ``"type"``) that a later entry repeats is left out."""
        entries = _without_repeated_keys(entries)
        parts = [f"{k}: {v}" if k is not None else f"**{v}" for k, v in entries]
        one_line = "{" + ", ".join(parts) + "}"
        multi = getattr(origin, "end_lineno", None) not in (None, getattr(origin, "lineno", None))
        if not multi and "\n" not in one_line:
            return one_line
        indent = self.ctx.source.indent(getattr(origin, "lineno", 1))
        inner = indent + "    "
        body = "".join(f"{inner}{_reindent(part, inner)},\n" for part in parts)
        return "{\n" + body + indent + "}"


def _key_value(text: str | None) -> object:
    try:
        return ast.literal_eval(text) if text is not None else None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _without_repeated_keys(entries: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    out = []
    for index, (key, value) in enumerate(entries):
        literal = _key_value(key)
        if isinstance(literal, str) and any(
            _key_value(later) == literal for later, _ in entries[index + 1:]
        ):
            continue
        out.append((key, value))
    return out


def _plain_args(call: ast.Call) -> bool:
    """No ``*args`` (a model built from a starred list cannot be turned into a dict)."""
    return not any(isinstance(arg, ast.Starred) for arg in call.args)


def is_enum_name_access(node: ast.AST, parent: ast.AST | None) -> bool:
    """``ChatRole.USER.name`` (or any attribute but ``.value``): a string literal would break it."""
    return isinstance(parent, ast.Attribute) and parent.value is node and parent.attr != "value" and not (
        isinstance(node, ast.Attribute) and node.attr == "value"
    )


def _reindent(text: str, indent: str) -> str:
    if "\n" not in text:
        return text
    import textwrap

    first, rest = text.split("\n", 1)
    return first + "\n" + textwrap.indent(textwrap.dedent(rest), indent).rstrip(" ")


def _offset(ctx: "Context", lineno: int, col: int) -> int:
    """Absolute UTF-8 byte offset of (line, col) in the module."""
    table = ctx.state.get("render_calls.offsets")
    if table is None:
        table = [0]
        for line in ctx.source.lines:
            table.append(table[-1] + len(line.encode("utf-8")))
        ctx.state["render_calls.offsets"] = table
    if lineno - 1 < 0 or lineno - 1 >= len(table):
        return table[-1]
    return table[lineno - 1] + col


def render_expression(node: ast.AST, ctx: "Context") -> Rendered:
    """The user's expression with Inference model constructions and enum members converted."""
    renderer = ExprRenderer(ctx)
    text = renderer.expr(node)
    return Rendered(text, frozenset(renderer.imports))


def with_imports(text: str, imports: Iterable[str]) -> str:
    """``import x`` lines (sorted) followed by ``text``."""
    names = sorted(set(imports))
    if not names:
        return text
    return "".join(f"import {name}\n" for name in names) + "\n" + text


def unbound_imports(imports: Iterable[str], ctx: "Context") -> frozenset[str]:
    """The modules among ``imports`` that are not already imported where the visited node is."""
    missing = set()
    for name in imports:
        bindings = ctx.sem.lookup(name, ctx.scope)
        if not any(k == "value" and getattr(p, "name", None) == name for k, p, _ in bindings):
            missing.add(name)
    return frozenset(missing)


# -- resolution -------------------------------------------------------------------------------
def resolve_inference_call(call: ast.AST, ctx: "Context") -> InferenceCall | None:
    """``complete()`` on an Inference chat client or ``embed()`` on an Inference (text)
    embeddings client; ``load_client`` results count for both. Memoised per node."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    if method not in ("complete", "embed"):
        return None
    memo = ctx.state.setdefault("render_calls.resolved", {})
    key = id(call)
    if key in memo and memo[key][0] is call:
        return memo[key][1]
    result = _resolve(call, method, ctx)
    memo[key] = (call, result)
    return result


def _resolve(call: ast.Call, method: str, ctx: "Context") -> InferenceCall | None:
    wanted = ("chat", "any") if method == "complete" else ("embeddings", "any")
    owners: list[Value] = []
    is_async = False
    for value in ctx.members(call.func):
        owner = value.owner
        if value.name != method or owner is None or owner.kind != "instance":
            continue
        info = known.INFERENCE_CLIENTS.get(owner.name)
        if info is None or info[0] not in wanted:
            continue
        owners.append(owner)
        is_async = is_async or info[1]
    if not owners:
        return None
    if method == "embed" and all(known.INFERENCE_CLIENTS[o.name][0] == "any" for o in owners):
        if _has_image_inputs(call, ctx):
            return None  # a loaded image-embeddings client
    owners.sort(key=lambda o: (o.name, getattr(o.node, "lineno", 0), getattr(o.node, "col_offset", 0)))
    return InferenceCall(method, is_async, tuple(owners), call.func.value)  # type: ignore[union-attr]


def _has_image_inputs(call: ast.Call, ctx: "Context") -> bool:
    for kw in call.keywords:
        if kw.arg == "input" and isinstance(kw.value, (ast.List, ast.Tuple)):
            for elt in kw.value.elts:
                func = elt.func if isinstance(elt, ast.Call) else None
                if func is not None and any(
                    n.startswith("ImageEmbeddingInput") for n in _models_names(func, ctx)
                ):
                    return True
    return False


def receiver_text(node: ast.AST, ctx: "Context") -> str:
    """The receiver's source, parenthesised unless it is a primary expression."""
    text = ctx.segment(node)
    if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
        return text
    return f"({text})"


# -- client defaults ------------------------------------------------------------------------
class ClientDefaults(NamedTuple):
    #: the constructor keywords that can be copied into the call
    values: dict[str, ast.expr]
    #: names of constructor defaults that use names local to the constructor's scope
    left: tuple[str, ...]
    #: whether every constructor keyword is visible (no ``**kwargs``, a single known constructor)
    complete: bool


def client_defaults(resolved: InferenceCall, ctx: "Context") -> ClientDefaults:
    """Per-call defaults the client's constructor set (``model``, ``temperature``, ...)."""
    names = CHAT_DEFAULTS if resolved.method == "complete" else EMBED_DEFAULTS
    nodes = {id(o.node): o.node for o in resolved.owners}
    if len(nodes) != 1:
        return ClientDefaults({}, (), False)
    (ctor,) = nodes.values()
    if not isinstance(ctor, ast.Call):
        return ClientDefaults({}, (), False)
    keywords = constructor_keywords(ctor, ctx)
    complete = not any(kw.arg is None for kw in keywords)
    values: dict[str, ast.expr] = {}
    left: list[str] = []
    for kw in keywords:
        if kw.arg in names:
            if portable(kw.value, ctor, ctx):
                values[kw.arg] = kw.value
            else:
                left.append(kw.arg)
    return ClientDefaults(values, tuple(left), complete)


def constructor_keywords(ctor: ast.Call, ctx: "Context") -> list[ast.keyword]:
    """The keywords of a client construction, those of the ``functools.partial`` it goes
    through first."""
    return [kw for call in _partials(ctor, ctx) for kw in call.keywords] + list(ctor.keywords)


def _partials(ctor: ast.Call, ctx: "Context") -> list[ast.Call]:
    """The ``functools.partial(Client, ...)`` calls a construction goes through (``make(...)``
    after ``make = partial(ChatCompletionsClient, model="m")``): their keywords come first."""
    return [v.node for v in ctx.infer(ctor.func) if v.kind == "partial" and isinstance(v.node, ast.Call)]


def client_deployment(resolved: InferenceCall, ctx: "Context") -> str | None:
    """The deployment name (as source text) in the endpoint of the call's client, when it is an
    Azure OpenAI deployment URL (``https://<res>.openai.azure.com/openai/deployments/<name>``):
    on ``/openai/v1/`` it becomes ``model=``."""
    from . import clients as render_clients  # clients renders calls' defaults: import late

    found = set()
    for owner in resolved.owners:
        ctor = owner.node
        if not isinstance(ctor, ast.Call):
            return None
        partials = _partials(ctor, ctx)
        if partials:  # make(...) after make = partial(Client, endpoint=...): bind both calls
            first = partials[0]
            ctor = ast.Call(func=first.func, args=first.args[1:] + ctor.args, keywords=first.keywords + ctor.keywords)
        else:
            target = render_clients.find_client(ctor, ctx)
            if target is None or target.family != "inference" or target.via == "factory":
                return None
        bound, _, _ = render_clients.bind_arguments(ctor, ("endpoint", "credential"))
        endpoint = bound.get("endpoint")
        if endpoint is None or not portable(endpoint, endpoint, ctx):
            deployment = None
        else:
            deployment = render_clients.base_url_for(endpoint, ctx, "inference").deployment
        if deployment is None:
            return None
        found.add(deployment)
    return found.pop() if len(found) == 1 else None


def portable(expr: ast.AST, origin: ast.AST, ctx: "Context") -> bool:
    """Whether ``expr`` (written next to ``origin``) means the same at the node being visited:
    each name it uses resolves to the same bindings from both places (``self`` of one class
    counts as the same)."""
    names = [n.id for n in ast.walk(expr) if isinstance(n, ast.Name)]
    if not names:
        return True
    here = ctx.scope
    there = _scope_at(origin, ctx)
    if there is here:
        return True
    sem = ctx.sem
    for name in names:
        a, b = sem.lookup(name, here), sem.lookup(name, there)
        if a is b or (not a and not b):  # the same bindings, or builtins / unknown globals
            continue
        if (
            len(a) == 1 and len(b) == 1 and a[0][0] == b[0][0] == "self" and a[0][1] is b[0][1]
        ):
            continue
        return False
    return True


def _scope_at(node: ast.AST, ctx: "Context") -> Scope:
    """The innermost scope whose node encloses ``node``."""
    spans = ctx.state.get("render_calls.spans")
    if spans is None:
        spans = []
        for scope in ctx.sem.scopes.values():
            owner = scope.node
            if scope.kind in ("function", "lambda", "class") and hasattr(owner, "end_lineno"):
                spans.append(
                    ((owner.lineno, owner.col_offset), (owner.end_lineno, owner.end_col_offset), scope)
                )
        ctx.state["render_calls.spans"] = spans
    position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    best: Scope = ctx.sem.module
    best_start = (0, -1)
    for start, end, scope in spans:
        if start <= position <= end and start > best_start:
            best, best_start = scope, start
    return best


# -- calls ------------------------------------------------------------------------------------
class _Items:
    """Keyword items of a call (plus client defaults), in source order."""

    def __init__(self) -> None:
        self.items: list[tuple[str | None, ast.expr]] = []  # None = ``**splat``

    def names(self) -> set[str]:
        return {n for n, _ in self.items if n is not None}


def _call_items(call: ast.Call) -> tuple[_Items, ast.expr | None, bool, bool]:
    """``(items, opaque_body, starred, literal_body)``: a literal body dict is unpacked into
    items."""
    items = _Items()
    body: ast.expr | None = None
    starred = literal_body = False
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            starred = True
            items.items.append(("*", arg.value))
        elif index == 0 and isinstance(arg, ast.Dict) and all(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.isidentifier()
            for k in arg.keys
        ):
            literal_body = True
            for key, value in zip(arg.keys, arg.values):
                items.items.append((key.value, value))  # type: ignore[union-attr]
        elif index == 0:
            body = arg
        else:
            items.items.append(("pos", arg))
    for kw in call.keywords:
        if kw.arg == "body":
            body = kw.value
            continue
        items.items.append((kw.arg, kw.value))
    return items, body, starred, literal_body


_IO_TYPES = frozenset(
    {"io.BytesIO", "io.BufferedReader", "io.BufferedIOBase", "io.RawIOBase", "io.FileIO",
     "typing.IO", "typing.BinaryIO"}
)


def _binary_body(node: ast.AST, ctx: "Context", depth: int) -> str | None:
    """``"json.load"`` for a file-like request body, ``"json.loads"`` for bytes, else None
    (``complete(body: IO[bytes])`` sends the bytes; OpenAI takes keyword arguments)."""
    if depth > 3:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return "json.loads"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
        if not ctx.sem.lookup("open", ctx.scope):
            return "json.load"
    if isinstance(node, ast.Name):
        bindings = ctx.sem.lookup(node.id, ctx.scope)
        if len(bindings) == 1 and bindings[0][0] == "expr" and isinstance(bindings[0][1], ast.AST):
            found = _binary_body(bindings[0][1], ctx, depth + 1)
            if found:
                return found
    for value in ctx.infer(node):
        if value.kind == "instance" and value.name in _IO_TYPES:
            return "json.load"
    return None


def render_complete(
    call: ast.Call, ctx: "Context", resolved: InferenceCall | None = None
) -> CallRendering | None:
    """``<receiver>.chat.completions.create(...)`` for an Inference ``complete()`` call."""
    resolved = resolved or resolve_inference_call(call, ctx)
    if resolved is None or resolved.method != "complete":
        return None
    return _render(call, ctx, resolved, "chat.completions.create", ("model", "messages"))


def render_embed(
    call: ast.Call, ctx: "Context", resolved: InferenceCall | None = None
) -> CallRendering | None:
    """``<receiver>.embeddings.create(...)`` for an Inference ``embed()`` call."""
    resolved = resolved or resolve_inference_call(call, ctx)
    if resolved is None or resolved.method != "embed":
        return None
    return _render(call, ctx, resolved, "embeddings.create", ("model", "input"))


def _render(
    call: ast.Call, ctx: "Context", resolved: InferenceCall, path: str, first: tuple[str, str]
) -> CallRendering:
    chat = resolved.method == "complete"
    renderer = ExprRenderer(ctx)
    items, body, starred, literal_body = _call_items(call)
    has_splat = any(name is None for name, _ in items.items)
    present = items.names()
    defaults = client_defaults(resolved, ctx)
    moved: list[str] = []
    as_body = body is not None or literal_body
    if not as_body:  # a request body is sent as is: the client defaults do not apply to it
        for name, value in defaults.values.items():
            if name not in present and not (name == "model_extras" and "model_extras" in present):
                items.items.append((name, value))
                if name != "model":
                    moved.append(name)
    left = tuple(n for n in defaults.left if n not in present) if not as_body else ()

    lifted_names = CHAT_FIRST_CLASS if chat else EMBED_FIRST_CLASS
    args: dict[str, str] = {}
    rest: list[tuple[str | None, str]] = []
    extra_body: list[tuple[str | None, str]] = []
    tail: list[tuple[str | None, str]] = []
    dropped: list[str] = []
    caveats: list[str] = []
    used = {n for n, _ in items.items if n not in (None, "*", "pos", "model_extras")}

    for name, value in items.items:
        if name is None:
            tail.append(("**", renderer.expr(value)))
        elif name == "*":
            rest.append((None, "*" + renderer.expr(value)))
        elif name == "pos":
            rest.append((None, renderer.expr(value)))
        elif name in first:
            args[name] = renderer.expr(value)
        elif name in _DROPPED:
            dropped.append(name)
        elif name in _RENAMED:
            tail.append((_RENAMED[name], renderer.expr(value)))
        elif name == "model_extras":
            if isinstance(value, ast.Dict):
                for key, val in zip(value.keys, value.values):
                    key_name = key.value if isinstance(key, ast.Constant) else None
                    if (
                        isinstance(key_name, str) and key_name in lifted_names
                        and key_name not in used
                    ):
                        used.add(key_name)
                        rest.append((key_name, renderer.expr(val)))
                    elif key is None:
                        extra_body.append((None, renderer.expr(val)))
                    else:
                        extra_body.append((ctx.segment(key), renderer.expr(val)))
            else:
                extra_body.append((None, renderer.expr(value)))
        elif chat and name == "response_format":
            literal = _str_value(value, ctx)
            if literal in ("text", "json_object"):
                rest.append((name, f'{{"type": {snippets.string(literal)}}}'))
            else:
                rest.append((name, renderer.expr(value)))
        elif not chat and name == "input_type":
            extra_body.append(('"input_type"', renderer.expr(value)))
        elif not chat and name == "encoding_format":
            literal = _str_value(value, ctx)
            if literal is None or literal in ("float", "base64"):
                rest.append((name, snippets.string(literal) if literal else renderer.expr(value)))
            else:
                extra_body.append(('"encoding_format"', snippets.string(literal)))
                caveats.append(f"encoding_format={literal!r}")
        else:
            rest.append((name, renderer.expr(value)))

    model_source = "call" if "model" in present else ("client" if "model" in args else "")
    if "model" not in args:
        if has_splat or starred or body is not None:
            model_source = "unknown"
        elif (deployment := client_deployment(resolved, ctx)) is not None:
            args["model"] = deployment
            model_source = "deployment"
        else:
            args["model"] = MODEL_PLACEHOLDER
            model_source = "placeholder"

    ordered: list[tuple[str | None, str]] = []
    for name in first:
        if name in args:
            ordered.append((name, args[name]))
    ordered.extend(rest)
    if body is not None:
        reader = _binary_body(body, ctx, depth=0) or ("json.load" if "content_type" in present else None)
        if reader:
            renderer.imports.add("json")
            ordered.append(("**", f"{reader}({renderer.expr(body)})"))
        else:
            ordered.append(("**", renderer.expr(body)))
    if extra_body:
        if len(extra_body) == 1 and extra_body[0][0] is None:
            ordered.append(("extra_body", extra_body[0][1]))
        else:
            parts = [f"{k}: {v}" if k is not None else f"**{v}" for k, v in extra_body]
            ordered.append(("extra_body", "{" + ", ".join(parts) + "}"))
    ordered.extend(t for t in tail if t[0] != "**")
    ordered.extend(t for t in tail if t[0] == "**")

    func = f"{receiver_text(resolved.receiver, ctx)}.{path}"
    text = snippets.call(func, ordered, ctx.source.indent(call.lineno))
    imports = unbound_imports(renderer.imports, ctx)
    return CallRendering(
        text=text,
        snippet=with_imports(text, imports),
        replaceable=not imports,
        model_source=model_source,
        moved=tuple(moved),
        left=left,
        dropped=tuple(dropped),
        caveats=tuple(caveats),
        opaque_body=body is not None,
    )
