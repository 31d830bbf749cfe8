"""Render Azure AI Inference ``complete()`` / ``embed()`` calls as OpenAI v1 calls.

Shared by the rules that migrate the calls and anything else that shows a migrated call
(streaming, error handling). Everything is built from the user's own source text; nothing here
reports. What a call is made of lives next door: ``models`` (messages, tools, response formats
and enum members as dicts and strings), ``client_defaults`` (the client's per-call defaults),
``call_options`` (azure-core request keywords and their OpenAI equivalents).

Public API
----------
``resolve_inference_call(call, ctx) -> InferenceCall | None``
    Whether ``call`` is ``complete()`` on an Inference chat client or ``embed()`` on an Inference
    embeddings client (resolved through the semantic model, never by name alone).
``render_complete(call, ctx, resolved=None) -> CallRendering | None``
    ``<receiver>.chat.completions.create(model=..., messages=..., ...)`` for a ``complete()`` call.
``render_embed(call, ctx, resolved=None) -> CallRendering | None``
    ``<receiver>.embeddings.create(model=..., input=..., ...)`` for an ``embed()`` call.
"""

from __future__ import annotations

import ast
import textwrap
from typing import TYPE_CHECKING, NamedTuple

from .. import known
from . import call_options, call_spreads, nulls, snippets, spread_values
from .client_defaults import (  # noqa: F401
    CHAT_DEFAULTS,
    EMBED_DEFAULTS,
    ClientDefaults,
    client_defaults,
    client_deployment,
    constructor_keywords,
    here,
    header_deployment,
    portable,
)
from .models import (  # noqa: F401  (re-exported: the model-object API predates the split)
    ENUMS,
    LOADERS,
    MESSAGE_ROLES,
    OBJECT_SHAPES,
    FOREIGN_ENCODING_NOTE,
    OPENAI_ENCODINGS,
    ExprRenderer,
    Rendered,
    _models_names,
    _str_value,
    enum_literal,
    enum_member,
    inference_models_name,
    is_enum_name_access,
    model_class_name,
    render_expression,
    unbound_imports,
    with_imports,
)
from ..semantics import Value

if TYPE_CHECKING:
    from ..engine import Context

MODEL_PLACEHOLDER = '"<deployment-name>"'


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
    #: client's endpoint URL), "placeholder", "spread" (a ``**`` dict always holds it),
    #: "spread-placeholder" (the visible ``**`` dicts hold none) or "unknown"
    #: (``**kwargs`` or a request body that may carry it: ``spread_notes`` say when)
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
    #: ``**mapping`` arguments passed on as they are (their keys are not visible)
    splats: tuple[str, ...] = ()
    #: modules ``text`` uses that are not imported where the call is (``json``)
    imports: tuple[str, ...] = ()
    #: ``from`` imports ``text`` needs that the module lacks where the call is (``omit``)
    from_imports: tuple[str, ...] = ()
    #: why openai's typed parameters cannot take what the call passes (untyped message dicts,
    #: a tool call's ``arguments`` that is no string): the call is then left for a person
    untyped: tuple[str, ...] = ()
    #: what the ``**`` dicts mean for ``model`` and which of their keys openai refuses (notes)
    spread_notes: tuple[str, ...] = ()
    #: the ``**`` texts whose keys are all visible (no general caveat needed for them)
    described: tuple[str, ...] = ()
    #: a ``**`` dict visibly holds a key openai refuses: spreading it raises TypeError
    refused_spread: bool = False
    #: values written into the ``**`` dicts that the keyword form would convert
    #: (``d["response_format"] = "json_object"``): rewritten where they are set or named in the message
    conversions: tuple[spread_values.Conversion, ...] = ()
    #: a chat call (``complete()``), not ``embed()``
    chat: bool = True
    #: the request body's dict literal (bound above the call, read by it alone) that lacks
    #: ``model``, and the model text added to it where it is built
    body_model: "tuple[ast.Dict, str, str | None] | None" = None
    #: where the request body's binding gets ``: dict[str, Any]`` (a type checker infers a joined
    #: value type for the literal, which no typed parameter of ``create()`` accepts)
    body_annotation: "tuple[int, int, str] | None" = None

    @property
    def safe(self) -> bool:
        """Whether ``text`` keeps the request: the model is known and nothing was dropped,
        left on the client or sent with a caveat."""
        return (
            self.model_source in ("call", "client")
            and not (self.left or self.dropped or self.caveats or self.opaque_body or self.splats)
            and all(c.text is not None and (c.inline or (c.editable and not c.helper)) for c in self.conversions)
        )

    def source_edits(self) -> tuple[tuple[int, int, int, int, str], ...]:
        """Changes outside the call, where the request is built: values converted where they
        are written, the model added to the request body's literal. ``(line, col, end_line,
        end_col, text)``."""
        out = [
            (c.value.lineno, c.value.col_offset, c.value.end_lineno or c.value.lineno, c.value.end_col_offset or 0, c.text)
            for c in self.conversions if c.text is not None and c.editable and not c.inline
        ]
        if self.body_model is not None:
            line, col, text = spread_values.model_insertion(*self.body_model)
            out.append((line, col, line, col, text))
        if self.body_annotation is not None:
            line, col, text = self.body_annotation
            out.append((line, col, line, col, text))
        return tuple(out)



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


#: OpenAI v1 clients, which have no ``complete()``/``embed()``: such a call is an Inference call
#: left on a client that was migrated without it (its own fix was display-only), still to migrate
_MIGRATED_CLIENTS = {known.OPENAI: ("any", False), known.ASYNC_OPENAI: ("any", True)}


def _resolve(call: ast.Call, method: str, ctx: "Context") -> InferenceCall | None:
    wanted = ("chat", "any") if method == "complete" else ("embeddings", "any")
    owners: list[Value] = []
    is_async = False
    for value in ctx.members(call.func):
        owner = value.owner
        if value.name != method or owner is None or owner.kind != "instance":
            continue
        info = known.INFERENCE_CLIENTS.get(owner.name) or _MIGRATED_CLIENTS.get(owner.name)
        if info is None or info[0] not in wanted:
            continue
        owners.append(owner)
        is_async = is_async or info[1]
    if not owners:
        return None
    if method == "embed" and all(known.INFERENCE_CLIENTS.get(o.name, ("any",))[0] == "any" for o in owners):
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


def _optional_model(text: str, ctx: "Context") -> bool:
    """The model text written into the call may be None where the call is (the text is read
    there, whether it came from the call, the client's defaults or its deployment header)."""
    try:
        value = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return False
    return nulls.may_be_none(value, ctx)


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
    conversions = [
        found for name, value in items.items if name is None
        for found in spread_values.conversions(value, call, chat, ctx)
    ] if body is None else spread_values.conversions(body, call, chat, ctx)
    for found in conversions:
        if found.inline and found.text is not None:
            renderer.overrides[id(found.value)] = found.text
    spreads = [(value, renderer.expr(value)) for name, value in items.items if name is None]
    spread = call_spreads.spread_model(spreads, chat, ctx) if spreads and body is None else None
    if spread is not None and spread.model == "given":
        present = present | {"model"}  # a second `model=` would be a TypeError
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
    pipeline: list[tuple[str, ast.expr]] = []
    #: arguments (and extra_body keys) whose value may be None at run time (Optional evidence)
    optional: set[str] = set()

    for name, value in items.items:
        if name is None:
            tail.append(("**", renderer.expr(value)))
        elif name == "*":
            rest.append((None, "*" + renderer.expr(value)))
        elif name == "pos":
            rest.append((None, renderer.expr(value)))
        elif name in first:
            args[name] = renderer.expr(value)
            if name == "messages" and _template_messages(value, ctx):
                renderer.untyped.append(
                    "`messages` is what `PromptTemplate.create_messages()` returned, `list[dict[str, Any]]`, "
                    "which openai's typed `messages` does not take: render the template into "
                    "`ChatCompletionMessageParam` dicts (AOM109)"
                )
        elif name == "content_type":
            continue  # the request body's encoding: json.load(s) below reads it
        elif call_options.is_pipeline_keyword(name, chat):
            pipeline.append((name, value))
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
                        if nulls.may_be_none(val, ctx):
                            optional.add(key_name)
                    elif key is None:
                        extra_body.append((None, renderer.expr(val)))
                    else:
                        extra_body.append((ctx.segment(key), renderer.expr(val)))
                        if nulls.may_be_none(val, ctx):
                            optional.add(ctx.segment(key))
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
            if nulls.may_be_none(value, ctx):
                optional.add('"input_type"')
        elif not chat and name == "encoding_format":
            literal = _str_value(value, ctx)
            if literal is None or literal in OPENAI_ENCODINGS:
                rest.append((name, snippets.string(literal) if literal else renderer.expr(value)))
                if literal is None and nulls.may_be_none(value, ctx):
                    optional.add(name)
            else:
                # sent as extra_body's encoding_format; "float" keeps openai from asking for
                # base64 and decoding the answer as float32 (its own default when omitted)
                rest.append((name, snippets.string("float")))
                extra_body.append(('"encoding_format"', snippets.string(literal)))
                caveats.append(f"encoding_format={literal!r}")
        else:
            rest.append((name, renderer.expr(value)))
            if name in nulls.NOT_NULLABLE.get(path, ()) and name != "model" and nulls.may_be_none(value, ctx):
                optional.add(name)

    model_source = "call" if "model" in present else ("client" if "model" in args else "")
    body_model: tuple[ast.Dict, str, str | None] | None = None
    body_annotation: tuple[int, int, str] | None = None
    spread_notes = list(spread.notes) if spread is not None else []
    if "model" not in args:
        if spread is not None and spread.model == "unknown":
            spread_notes[:0] = spread.model_notes
        if spread is not None and spread.model == "given":
            model_source = "spread"
        elif spread is not None and spread.model == "absent" and not starred:
            args["model"] = MODEL_PLACEHOLDER
            model_source = "spread-placeholder"
        elif body is not None and not (has_splat or starred) and (
            literal := spread_values.body_literal(body, call, ctx)
        ) is not None and (annotation := spread_values.body_annotation(literal, ctx)) is not None:
            # a request body built a few lines above, for this call only: the model goes into it
            deployment = client_deployment(resolved, ctx)
            model_text = deployment if deployment is not None else MODEL_PLACEHOLDER
            if deployment is not None and _optional_model(deployment, ctx):
                model_text = f"{deployment} or {MODEL_PLACEHOLDER}"
            body_model = (literal, model_text, ctx.source.indent(literal.keys[-1].lineno) if literal.keys else None)
            body_annotation = annotation
            model_source = "body-deployment" if deployment is not None else "body-placeholder"
        elif has_splat or starred or body is not None:
            model_source = "unknown"
        elif (deployment := client_deployment(resolved, ctx)) is not None:
            args["model"] = deployment
            model_source = "deployment"
        else:
            args["model"] = MODEL_PLACEHOLDER
            model_source = "placeholder"

    if model_source in ("call", "client", "deployment") and _optional_model(args["model"], ctx):
        # Inference left a None model out (the endpoint's default); openai needs a deployment
        args["model"] = f"{args['model']} or {MODEL_PLACEHOLDER}"
        model_source = "optional"

    ordered: list[tuple[str | None, str]] = []
    for name in first:
        if name in args:
            ordered.append((name, args[name]))
    # Inference leaves None keywords out of the request; openai sends them as null
    for name, value_text in rest:
        kept = nulls.argument(path, name, value_text, name in optional) if name is not None else value_text
        if kept is not None:
            ordered.append((name, kept))
    extra_body = [
        entry for key, value_text in extra_body
        if (entry := (
            nulls.extra_body_entry(key, value_text, key in optional) if key is not None else (key, value_text)
        ))
    ]
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
            parts = [f"{k}: {v}" if k is not None else snippets.dict_spread(v) for k, v in extra_body]
            ordered.append(("extra_body", "{" + ", ".join(parts) + "}"))
    options = call_options.map_options(pipeline, renderer.expr)
    ordered.extend(options.keywords)
    dropped.extend(options.dropped)
    if any(text.startswith("openai.Timeout(") for _, text in options.keywords):
        renderer.imports.add("openai")
    ordered.extend(t for t in tail if t[0] != "**")
    splatted = [text for name, text in tail if name == "**"]
    if spread is not None and spread.sometimes and "model" in args and "model" not in present:
        # the dict sets model only sometimes: the default goes under it, as Inference let the
        # call's keywords win over the client's defaults
        ordered.remove(("model", args["model"]))
        inner = ", ".join([f'"model": {args["model"]}'] + [snippets.dict_spread(t) for t in splatted])
        splatted = ["{" + inner + "}"]
    ordered.extend(("**", text) for text in splatted)

    receiver = receiver_text(resolved.receiver, ctx)
    if options.max_retries is not None:
        receiver = f"{receiver}.with_options(max_retries={options.max_retries})"
    func = f"{receiver}.{path}"
    text = snippets.call(func, ordered, ctx.source.indent(call.lineno))
    imports = unbound_imports(renderer.imports, ctx)
    from_imports = (nulls.OMIT_IMPORT,) if _uses_omit(text) and not ctx.sem.lookup(nulls.OMIT, ctx.scope) else ()
    if body_annotation is not None and not ctx.sem.lookup("Any", ctx.scope):
        from_imports += (spread_values.BODY_ANNOTATION_IMPORT,)
    snippet = with_imports(text, imports)
    if from_imports:
        snippet = "\n".join(from_imports) + ("\n" if imports else "\n\n") + snippet
    return CallRendering(
        text=text,
        snippet=snippet,
        replaceable=not (imports or from_imports),
        model_source=model_source,
        moved=tuple(moved),
        left=left,
        dropped=tuple(dropped),
        caveats=tuple(caveats),
        opaque_body=body is not None,
        splats=tuple(text for name, text in tail if name == "**"),
        imports=tuple(sorted(imports)),
        from_imports=from_imports,
        untyped=tuple(dict.fromkeys(renderer.untyped)),
        spread_notes=tuple(spread_notes),
        described=tuple(text for value, text in spreads if call_spreads.described(value, ctx)),
        refused_spread=spread is not None and spread.refused,
        conversions=tuple(conversions),
        chat=chat,
        body_model=body_model,
        body_annotation=body_annotation,
    )


def _template_messages(value: ast.expr, ctx: "Context") -> bool:
    """``value`` is the result of ``create_messages()`` on an Inference ``PromptTemplate``."""
    values = ctx.infer(value)
    return bool(values) and all(
        v.kind == "result" and v.name == known.PROMPT_TEMPLATE_MESSAGES and v.owner is not None
        and v.owner.name in known.PROMPT_TEMPLATE_FACTORIES
        for v in values
    )


def _uses_omit(text: str) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(text).strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(n, ast.Name) and n.id == nulls.OMIT for n in ast.walk(tree))
