"""Azure AI Inference model objects as the dicts OpenAI takes: messages, content items, tool
definitions and choices, response formats, enum members.

``render_expression(node, ctx)`` converts a whole expression in place (``[SystemMessage("x")]`` ->
``[{"role": "system", "content": "x"}]``); ``model_class_name``, ``enum_literal`` and
``inference_models_name`` name what converts. Everything is built from the user's own source text.

``render_expression(node, ctx) -> Rendered``
    The user's expression with every Inference model construction turned into the OpenAI dict and
    every Inference enum member into its string literal; unchanged text when there is nothing to convert.
``model_class_name(node, ctx) -> str | None``
    ``"SystemMessage"``, ``"ImageUrl.load"``, ... when the call ``node`` constructs a convertible
    Inference model class (``MESSAGE_ROLES``, ``OBJECT_SHAPES``, ``LOADERS``).
``enum_literal(node, ctx) -> str | None``
    ``'"stop"'`` for ``CompletionsFinishReason.STOPPED`` (also ``....value``).
``identity_comparison(node, parent) -> ast.Compare | None``
    The comparison ``node`` is an operand of with ``is`` / ``is not`` next to it: a member that
    becomes a literal takes the comparison with it (``ExprRenderer.convert`` turns the operators
    next to it into ``==`` / ``!=``; a string read from a response is never the literal object).
``inference_models_name(qualname) -> str | None``
    ``"azure.ai.inference.models._models.UserMessage"`` -> ``"UserMessage"``.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .. import known
from . import nulls, snippets

if TYPE_CHECKING:
    from ..engine import Context

#: message classes (current and pre-b4 generated names) -> role; "" for the base class, whose
#: role is the one it is given (``ChatRequestMessage({"role": "developer", ...})``)
MESSAGE_ROLES: dict[str, str] = {
    "ChatRequestMessage": "",
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


class Rendered(NamedTuple):
    """Converted source text and the modules it needs imported (``base64``, ``pathlib``)."""

    text: str
    imports: frozenset[str] = frozenset()
    #: why the dicts cannot be typed as openai's TypedDicts (``**fields``: keys unknown, ...)
    untyped: tuple[str, ...] = ()



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


#: the values ``embeddings.create(encoding_format=)`` takes (``Literal["float", "base64"]``)
OPENAI_ENCODINGS = ("float", "base64")
#: why another encoding travels in ``extra_body`` next to ``encoding_format="float"``
FOREIGN_ENCODING_NOTE = (
    'OpenAI takes only "float" or "base64": it is sent in extra_body, and encoding_format="float" '
    "stops openai from requesting base64 and decoding the returned values as float32; "
    "extra_body's value is the one sent, if the model supports it"
)


def foreign_encoding(node: ast.AST, ctx: "Context") -> str | None:
    """The Inference encoding ``node`` certainly is when OpenAI has none like it (``int8``,
    ``uint8``, ``binary``, ``ubinary``)."""
    literal = _str_value(node, ctx)
    return literal if literal is not None and literal not in OPENAI_ENCODINGS else None


# -- expressions ------------------------------------------------------------------------------
class ExprRenderer:
    """Converts expressions, splicing converted sub-expressions into the user's own text."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.imports: set[str] = set()
        self.untyped: list[str] = []
        #: id(node) -> the text that stands for it (values converted by their context, such as a
        #: ``response_format`` shorthand in a dict spread into the call)
        self.overrides: dict[int, str] = {}
        #: the quote of the string literals enum members become (``'`` inside a ``f"..."``)
        self.quote = '"'

    # which nodes convert ------------------------------------------------------------------
    def kind(self, node: ast.AST) -> str | None:
        if id(node) in self.overrides:
            return "override"
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
        if isinstance(node, ast.Compare) and self._identity_operands(node):
            return "identity"
        return None

    def _identity_operands(self, node: ast.Compare) -> list[int]:
        """Indices of the operands of ``node`` that become literals next to ``is`` / ``is not``."""
        operands = [node.left, *node.comparators]
        return [i for i, operand in enumerate(operands)
                if identity_comparison(operand, node) is not None and self.kind(operand) == "enum"]

    def convert(self, node: ast.AST) -> str | None:
        """The converted text of ``node`` itself, or ``None`` when it is not convertible."""
        kind = self.kind(node)
        if kind is None:
            return None
        if kind == "override":
            return self.overrides[id(node)]
        if kind == "enum":
            literal = enum_literal(node, self.ctx)
            return literal if literal is None or self.quote == '"' else "'" + literal[1:-1] + "'"
        if kind == "identity":
            assert isinstance(node, ast.Compare)
            return self._comparison(node)
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
        if isinstance(node, ast.JoinedStr):
            return text  # as in _targets: the literals would need the quote the f-string does not use
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
    def _comparison(self, node: ast.Compare) -> str | None:
        """``node`` with its operands converted and each ``is`` / ``is not`` next to a member
        that becomes a literal turned into ``==`` / ``!=`` (a str-enum member equals its string;
        ``x is "stop"`` is a SyntaxWarning and false for a string parsed from JSON). The text
        between the operands (parentheses, comments, line breaks) is the user's."""
        literal = set(self._identity_operands(node))
        operands = [node.left, *node.comparators]
        data = self.ctx.segment(node).encode("utf-8")
        base = _offset(self.ctx, node.lineno, node.col_offset)
        spans = []
        for operand in operands:
            start = _offset(self.ctx, operand.lineno, operand.col_offset) - base
            end = _offset(self.ctx, operand.end_lineno, operand.end_col_offset) - base  # type: ignore[arg-type]
            if start < 0 or end > len(data) or start > end or (spans and start < spans[-1][1]):
                return None
            spans.append((start, end))
        out = [data[:spans[0][0]].decode("utf-8")]
        for index, (operand, (start, end)) in enumerate(zip(operands, spans)):
            out.append(self.expr(operand))
            following = spans[index + 1][0] if index + 1 < len(spans) else len(data)
            gap = data[end:following].decode("utf-8")
            if index < len(node.ops) and isinstance(node.ops[index], (ast.Is, ast.IsNot)) and (
                    index in literal or index + 1 in literal):
                gap = _equality(gap)
                if gap is None:
                    return None
            out.append(gap)
        return "".join(out)

    def _message(self, call: ast.Call, role: str) -> str:
        entries: list[tuple[str | None, str]] = [('"role"', snippets.string(role))] if role else []
        if call.args:
            first = call.args[0]
            if isinstance(first, ast.Dict):
                entries.extend(self._dict_entries(first))
            elif role:
                entries.append(('"content"', self.expr(first)))
            else:  # the base class takes the message mapping itself
                self.untyped.append(f"`{self.ctx.segment(first)}` has keys no type checker knows")
                entries.append((None, self.expr(first)))
        for kw in call.keywords:
            if role == "assistant" and kw.arg == "tool_calls" and _response_tool_calls(kw.value):
                entries.append(('"tool_calls"', self._tool_call_params(kw.value)))
            else:
                entries.extend(self._keyword_entries([kw]))
        if not role and not self.untyped and not _literal_role(entries):
            # openai types each message by its role: a role only known at run time matches none
            self.untyped.append("its role is not a literal, which openai's message types need")
        return self._dict(entries, call)

    def _tool_call_params(self, value: ast.expr) -> str:
        """The tool calls of a response (openai objects after the migration) as the request
        dicts ``ChatCompletionAssistantMessageParam`` takes: the same JSON, typed."""
        source = self.expr(value)
        name = "tool_call" if "tool_call" not in {n.id for n in ast.walk(value) if isinstance(n, ast.Name)} else "call_"
        function = f'{{"name": {name}.function.name, "arguments": {name}.function.arguments}}'
        return (
            f'[{{"id": {name}.id, "type": "function", "function": {function}}} '
            f'for {name} in {source} or [] if {name}.type == "function"]'
        )

    def _object(self, call: ast.Call, name: str) -> str:
        fixed = [(snippets.string(k), snippets.string(v)) for k, v in OBJECT_SHAPES.get(name, ())]
        if name == "FunctionCall" and any(self._not_a_string(v) for v in _field_values(call, "arguments")):
            # the Inference class sent whatever it was given; openai's dict types the JSON string
            # the model returns, and json.dumps() would change what is sent
            self.untyped.append(
                "`arguments` is not a string: openai types it as the JSON text of the arguments "
                "(`json.dumps(...)` would send a string where the Inference class sent this value as is)"
            )
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

    def _not_a_string(self, value: ast.expr) -> bool:
        """``value`` is a literal that is no string (a dict, list, number, ...), or a name the
        enclosing function only assigns such literals."""
        if isinstance(value, ast.Name):
            scope = next((p for p in reversed(self.ctx.parents)
                          if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module))), None)
            found = nulls.assignments(scope, value.id) if scope is not None else []
            return bool(found) and all(
                node.value is not None and _non_string_literal(node.value) for node in found)
        return _non_string_literal(value)

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
            if kw.arg is None and not isinstance(kw.value, ast.Dict):
                self.untyped.append(f"`**{self.ctx.segment(kw.value)}` has keys no type checker knows")
            elif kw.arg is not None and kw.arg != "content" and _may_be_none(kw.value):
                self.untyped.append(
                    f"`{kw.arg}` may be None, which the Inference class left out and openai's dict does not take")
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
        parts = [f"{k}: {v}" if k is not None else snippets.dict_spread(v) for k, v in entries]
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


def _literal_role(entries: list[tuple[str | None, str]]) -> bool:
    """The entries give the message a role that is a string literal."""
    return any(_key_value(key) == "role" and isinstance(_key_value(value), str) for key, value in entries)


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


def _may_be_none(value: ast.expr) -> bool:
    """``None``, or a conditional with a ``None`` branch."""
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.IfExp):
        return _may_be_none(value.body) or _may_be_none(value.orelse)
    return False


def _field_values(call: ast.Call, field: str) -> list[ast.expr]:
    """What a model construction passes as ``field``: a keyword, or an entry of its mapping."""
    found = [kw.value for kw in call.keywords if kw.arg == field]
    for arg in call.args:
        if isinstance(arg, ast.Dict):
            found += [v for k, v in zip(arg.keys, arg.values) if isinstance(k, ast.Constant) and k.value == field]
    return found


def _non_string_literal(value: ast.expr) -> bool:
    if isinstance(value, ast.Constant):
        return value.value is not None and not isinstance(value.value, str)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in ("dict", "list", "tuple", "set", "int", "float")
    return isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp))


def _response_tool_calls(value: ast.expr) -> bool:
    """``<message>.tool_calls``: the tool calls read from a response."""
    return isinstance(value, ast.Attribute) and value.attr == "tool_calls"


def _plain_args(call: ast.Call) -> bool:
    """No ``*args`` (a model built from a starred list cannot be turned into a dict)."""
    return not any(isinstance(arg, ast.Starred) for arg in call.args)


def identity_comparison(node: ast.AST, parent: ast.AST | None) -> ast.Compare | None:
    """``parent`` when it compares ``node`` with ``is`` / ``is not`` (the operator before or
    after it in a chain such as ``a is X is b``)."""
    if not isinstance(parent, ast.Compare):
        return None
    operands = [parent.left, *parent.comparators]
    index = next((i for i, operand in enumerate(operands) if operand is node), None)
    if index is None:
        return None
    around = [parent.ops[i] for i in (index - 1, index) if 0 <= i < len(parent.ops)]
    return parent if any(isinstance(op, (ast.Is, ast.IsNot)) for op in around) else None


#: ``is`` / ``is not`` between two operands (a backslash may continue the line between them)
_IDENTITY = re.compile(r"\bis(?P<not>(?:\s|\\\n)+not)?\b")


def _equality(gap: str) -> str | None:
    """The text between two operands with its ``is`` / ``is not`` as ``==`` / ``!=``; comments
    are left alone (no string can stand between two operands)."""
    masked = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), gap)
    match = _IDENTITY.search(masked)
    if match is None:
        return None
    return gap[:match.start()] + ("!=" if match.group("not") else "==") + gap[match.end():]


def fstring_quote(parents: Iterable[ast.AST], ctx: "Context") -> str | None:
    """The quote a string literal written inside the f-strings among ``parents`` takes (before
    Python 3.12 it cannot be the quote of an enclosing ``f"..."``): ``"`` when it may, ``'``
    inside a ``f"..."``, ``None`` when both are taken (``f"{f'{...}'}"``)."""
    taken = set()
    for parent in parents:
        if isinstance(parent, ast.JoinedStr):
            text = ctx.segment(parent).lstrip("rRfFbBuU")
            if text[:3] not in ('"""', "'''") and text[:1] in ('"', "'"):
                taken.add(text[:1])
    free = [quote for quote in ('"', "'") if quote not in taken]
    return free[0] if free else None


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
    return Rendered(text, frozenset(renderer.imports), tuple(dict.fromkeys(renderer.untyped)))


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
