"""Rules of the ``inference-sdk`` category: the request model classes and enums of
``azure.ai.inference.models``, rewritten as the plain dicts and strings the OpenAI SDK takes."""

from __future__ import annotations

import ast

from ...analysis import image_embeddings
from ...render import annotations as render_annotations
from ...render import calls as render_calls
from ...render import models as render_models
from ...render import snippets
from ...engine import Context
from ...model import Applicability, Category
from ...registry import Rule, register
from ..api_version.common import mentions
from ..references import MIGRATION_GUIDE

TYPES = "https://github.com/openai/openai-python/tree/main/src/openai/types/chat"
#: the rule that rewrites ``x.as_dict()`` on a model object that becomes a dict (model_methods.py)
MODEL_METHOD_CODE = "AOM118"


def converted_by_ancestor(ctx: Context) -> bool:
    """Whether an enclosing expression's finding already converts the node being visited: an
    outer model-class construction, or a ``complete()`` / ``embed()`` call reported by AOM103 /
    AOM104 (whose snippets convert their arguments)."""
    renderer = render_calls.ExprRenderer(ctx)
    for ancestor in reversed(ctx.parents):
        if isinstance(ancestor, (ast.stmt, ast.JoinedStr)):
            return False
        if not isinstance(ancestor, ast.Call):
            continue
        if renderer.kind(ancestor) not in (None, "enum"):
            return True
        resolved = render_calls.resolve_inference_call(ancestor, ctx)
        if resolved is not None:
            code = "AOM103" if resolved.method == "complete" else "AOM104"
            if ctx.settings.enabled(code):
                return True
    return False


_RAISES = frozenset({"raises", "assertRaises", "assertRaisesRegex"})
_FAILS = frozenset({"fail"})


def expected_to_raise(node: ast.AST, ctx: Context) -> str | None:
    """How the code says ``node`` must raise: inside ``with pytest.raises(...)`` /
    ``self.assertRaises(...)``, or in a ``try`` body that then fails the test (``assert False``,
    ``pytest.fail()``, ``self.fail()``) and has an ``except``. None otherwise."""
    parents = list(ctx.parents)
    for index in range(len(parents) - 1, -1, -1):
        parent = parents[index]
        child = parents[index + 1] if index + 1 < len(parents) else node
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return None
        if isinstance(parent, (ast.With, ast.AsyncWith)) and child in parent.body:
            for item in parent.items:
                call = item.context_expr
                func = call.func if isinstance(call, ast.Call) else None
                last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if last in _RAISES:
                    return f"`with {ctx.segment(func)}(...)`"
        if isinstance(parent, ast.Try) and parent.handlers and child in parent.body:
            after = parent.body[parent.body.index(child) + 1:]
            if any(_fails(stmt) for stmt in after):
                return "the `try` body fails the test if it does not"
    return None


def _fails(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Assert):
        return isinstance(stmt.test, ast.Constant) and not stmt.test.value
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in _FAILS
    return False


def _report_conversion(rule: Rule, node: ast.Call, ctx: Context, name: str, **fields: str) -> bool:
    rendered = render_calls.render_expression(node, ctx)
    if rendered.text == ctx.segment(node):
        return False
    missing = render_calls.unbound_imports(rendered.imports, ctx)
    imports = [f"import {module}" for module in sorted(missing)]
    snippet = render_calls.with_imports(rendered.text, missing)
    reads = render_annotations.attribute_reads(node, ctx)
    if ctx.settings.enabled(MODEL_METHOD_CODE):  # `x.as_dict()` has a finding (and fix) of its own
        reads = [attr for attr in reads if attr not in render_annotations.MODEL_METHODS]
    note = ""
    raising = expected_to_raise(node, ctx)
    if raising is not None:
        # a test that the SDK's constructor rejects these arguments: a dict rejects nothing,
        # so the converted code would turn the expected error into a passing value
        note = (f"; the call is expected to raise ({raising}), a test of the SDK's own argument checks: "
                "a dict raises nothing, so the test has no OpenAI form (no automatic fix)")
    elif reads:
        # the variable is read by attribute later: a dict breaks that, the reads need a person
        variable = ctx.segment(ctx.parent().targets[0])  # type: ignore[union-attr]
        note = f"; {render_annotations.read_advice(variable, reads)} (no automatic fix)"
    elif rendered.untyped:
        # the dict would run, but openai's TypedDicts cannot type it: a person builds it
        note = f"; {'; '.join(rendered.untyped)}: build the dict by hand (no automatic fix)"
    if note:
        ctx.report(
            rule, node, snippet=snippet, replace=node, edit=rendered.text, imports=imports,
            applicability=Applicability.DISPLAY_ONLY, name=name, note=note, **fields,
        )
        return True
    annotation = render_annotations.binding_annotation(node, name, ctx)
    edits = []
    if annotation is not None:
        # the variable the dict is bound to gets the openai type (a plain dict is not one)
        edits.append(annotation.edit)
        imports += annotation.imports
        snippet += f"\n\n# where it is bound: {annotation.text}  ({'; '.join(annotation.imports)})"
    ctx.report(
        rule, node,
        snippet=snippet,
        replace=node,
        edit=rendered.text,
        edits=edits,
        imports=imports,
        name=name,
        note="",
        **fields,
    )
    return True


@register
class InferenceMessageClass(Rule):
    code = "AOM105"
    symbol = "inference-sdk-message-class"
    category = Category.INFERENCE_SDK
    message = "`{name}` is an Azure AI Inference message class; OpenAI takes the dict `{shape}`{note}"
    summary = (
        "Flags `SystemMessage`, `UserMessage`, `AssistantMessage`, `ToolMessage` and "
        "`DeveloperMessage` (the older `ChatRequest*Message` names, and the base class "
        "`ChatRequestMessage` built from a message dict or a role) wherever they are built, and "
        "shows the OpenAI message dict."
    )
    why = (
        "OpenAI's `chat.completions.create(messages=...)` takes plain role/content dicts "
        "(`ChatCompletionMessageParam`). Inference message objects happen to serialise the same "
        "way, but only by accident, and the classes disappear with the deprecated package. "
        "Messages built inside a `complete()` call are converted by that call's finding (AOM103)."
    )
    example = (
        "from azure.ai.inference.models import SystemMessage, UserMessage\n\n"
        "messages = [SystemMessage(\"You are a helpful assistant.\"), UserMessage(content=question)]\n"
    )
    use_instead = (
        "messages = [\n"
        "    {\"role\": \"system\", \"content\": \"You are a helpful assistant.\"},\n"
        "    {\"role\": \"user\", \"content\": question},\n"
        "]\n"
    )
    known_problems = (
        "`AssistantMessage(tool_calls=response.choices[0].message.tool_calls)` becomes a dict that "
        "carries OpenAI's tool-call objects; appending `response.choices[0].message` itself also works."
    )
    references = (MIGRATION_GUIDE, TYPES)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: the dict is what the class serialised to (`role`, `content`, `tool_calls`, "
        "`tool_call_id`, `name`), so the request body is unchanged; content items and tool "
        "calls inside it are converted the same way. Inside a `complete()` call the call's own "
        "fix (AOM103) converts it. The variable the dict is bound to is annotated with openai's "
        "type (`messages: list[ChatCompletionMessageParam] = [...]`) so that type checkers accept "
        "it. Display-only (left for a person) when the message is read by attribute later "
        "(`m.content`: a dict has none), built from `**fields` (keys no type checker knows), or "
        "given a value that may be None (the class left it out, openai's dict does not take it), "
        "or built where a test expects it to raise (`with pytest.raises(...)`, "
        "`self.assertRaises(...)`, a `try` body that then fails the test): a dict raises nothing."
    )
    invalid = (
        "from azure.ai.inference.models import SystemMessage\nm = SystemMessage('hi')\n",
        "from azure.ai.inference import models\n"
        "history.append(models.AssistantMessage(tool_calls=r.choices[0].message.tool_calls))\n",
        "from azure.ai.inference.models import ToolMessage\n"
        "messages.append(ToolMessage(result, tool_call_id=call.id))\n",
        "from azure.ai.inference.models import *\nx = [UserMessage(content=[TextContentItem(text='a')])]\n",
        "from azure.ai.inference.models._models import ChatRequestUserMessage\n"
        "m = ChatRequestUserMessage(content='a')\n",
        "from azure.ai.inference.models import ChatRequestMessage\n"
        "m = ChatRequestMessage({'role': 'developer', 'content': note})\n",
    )
    valid = (
        # LangChain's message classes
        "from langchain_core.messages import SystemMessage\nm = SystemMessage(content='x')\n",
        # a local class with the same name
        "class UserMessage:\n    pass\nazure_msg = UserMessage()\n",
        # already a dict
        "from azure.ai.inference.models import SystemMessage\nm = {'role': 'system', 'content': 'x'}\n",
        # inside a complete() call: converted by AOM103's snippet
        "from azure.ai.inference import ChatCompletionsClient\n"
        "from azure.ai.inference.models import UserMessage\n"
        "client = ChatCompletionsClient(e, c)\n"
        "client.complete(messages=[UserMessage('hi')], model='m')\n",
        # type annotations are not constructions
        "from azure.ai.inference.models import UserMessage\ndef f(m: UserMessage) -> None: ...\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        name = render_calls.model_class_name(node, ctx)
        if name not in render_calls.MESSAGE_ROLES:
            return
        if converted_by_ancestor(ctx):
            return
        role = render_calls.MESSAGE_ROLES[name]
        shape = f'{{"role": "{role}", ...}}' if role else '{"role": ..., ...}'
        _report_conversion(self, node, ctx, name=name, shape=shape)


@register
class InferenceModelClass(Rule):
    code = "AOM106"
    symbol = "inference-sdk-model-class"
    category = Category.INFERENCE_SDK
    message = "`{name}` is an Azure AI Inference model class; OpenAI takes {shape}{note}"
    summary = (
        "Flags the request model classes of `azure.ai.inference.models` (content items, image and "
        "audio inputs, tool definitions and calls, named tool choices, `JsonSchemaFormat`) and the "
        "`ImageUrl.load()` / `InputAudio.load()` helpers, and shows the OpenAI dict."
    )
    why = (
        "The OpenAI SDK takes plain dicts (`openai.types.chat.*Param`) with the same JSON shape; "
        "the Inference classes disappear with the deprecated package. OpenAI has no helper that "
        "loads an image or audio file: the snippet base64-encodes the file the way the Inference "
        "helper did. Nested model classes are converted inside the outermost one's snippet."
    )
    example = (
        "from azure.ai.inference.models import ChatCompletionsToolDefinition, FunctionDefinition\n\n"
        "tool = ChatCompletionsToolDefinition(\n"
        "    function=FunctionDefinition(name=\"get_weather\", parameters=schema),\n"
        ")\n"
    )
    use_instead = (
        "tool = {\n"
        "    \"type\": \"function\",\n"
        "    \"function\": {\"name\": \"get_weather\", \"parameters\": schema},\n"
        "}\n"
    )
    references = (MIGRATION_GUIDE, TYPES)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: tool definitions, content items, image URLs and response formats become the "
        "dicts they serialised to (`JsonSchemaFormat` -> `{\"type\": \"json_schema\", "
        "\"json_schema\": {...}}`), so the request body is unchanged. A value that has no dict "
        "form (an image loaded from a file) adds the import it needs. The variable it is bound "
        "to gets openai's type (`tool: ChatCompletionToolParam = {...}`). Display-only, as for "
        "AOM105, when the object is read by attribute later, built from `**fields`, or given a "
        "value that may be None, and for a `FunctionCall` whose `arguments` is no string (a "
        "dict: the Inference class sent it as a JSON object; openai types the JSON text, and "
        "`json.dumps()` would change the request)."
    )
    invalid = (
        "from azure.ai.inference.models import ImageContentItem, ImageUrl, ImageDetailLevel\n"
        "item = ImageContentItem(image_url=ImageUrl(url=u, detail=ImageDetailLevel.HIGH))\n",
        "from azure.ai.inference.models import ImageUrl\n"
        "url = ImageUrl.load(image_file='sample.png', image_format='png')\n",
        "from azure.ai.inference.models import InputAudio\n"
        "audio = InputAudio.load(audio_file=path, audio_format='mp3')\n",
        "from azure.ai.inference.models import JsonSchemaFormat\n"
        "fmt = JsonSchemaFormat(name='Recipe', schema=schema, strict=True)\n",
        "from azure.ai.inference.models import ChatCompletionsNamedToolChoice, "
        "ChatCompletionsNamedToolChoiceFunction\n"
        "choice = ChatCompletionsNamedToolChoice(function=ChatCompletionsNamedToolChoiceFunction(name='f'))\n",
    )
    valid = (
        # openai's own types
        "from openai.types.chat import ChatCompletionToolParam\nt = ChatCompletionToolParam(type='function', function={})\n",
        # nested inside a message: reported once, by the message's finding
        "from azure.ai.inference.models import UserMessage, TextContentItem\n"
        "m = UserMessage(content=[TextContentItem(text='x')])\n",
        # an unrelated ImageUrl
        "from mylib import ImageUrl\nu = ImageUrl.load(image_file='a.png', image_format='png')\n",
        # response classes are not constructed by users
        "from azure.ai.inference.models import ChatCompletions\nisinstance(r, ChatCompletions)\n",
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: Context) -> None:
        name = render_calls.model_class_name(node, ctx)
        if name is None or name in render_calls.MESSAGE_ROLES:
            return
        if converted_by_ancestor(ctx):
            return
        if name in render_calls.LOADERS:
            shape = "base64 data you encode yourself (no helper loads files)"
        elif name == "JsonSchemaFormat":
            shape = 'the dict `{"type": "json_schema", "json_schema": {...}}`'
        else:
            fixed = render_calls.OBJECT_SHAPES.get(name, ())
            inner = "".join(f'"{k}": "{v}", ' for k, v in fixed)
            shape = f"the dict `{{{inner}...}}`"
        _report_conversion(self, node, ctx, name=name, shape=shape)


@register
class InferenceEnumMember(Rule):
    code = "AOM107"
    symbol = "inference-sdk-enum-member"
    category = Category.INFERENCE_SDK
    message = "`{name}` is an Azure AI Inference enum member; {target} uses the string {value}{where}"
    summary = (
        "Flags members of the Inference enums (`CompletionsFinishReason`, `ChatRole`, "
        "`ChatCompletionsToolChoicePreset`, `ImageDetailLevel`, `AudioContentFormat`, "
        "`EmbeddingEncodingFormat`, `EmbeddingInputType`) and shows the string literal."
    )
    why = (
        "OpenAI types these values as string literals (`finish_reason == \"stop\"`). The Inference "
        "enums are str-enums, so comparisons keep working only while the deprecated package is "
        "installed; the member names also differ from the values (`STOPPED` is `\"stop\"`, "
        "`TOKEN_LIMIT_REACHED` is `\"length\"`)."
    )
    example = (
        "from azure.ai.inference.models import CompletionsFinishReason\n\n"
        "if response.choices[0].finish_reason == CompletionsFinishReason.TOOL_CALLS:\n"
        "    handle_tools(response)\n"
    )
    use_instead = (
        "if response.choices[0].finish_reason == \"tool_calls\":\n"
        "    handle_tools(response)\n"
    )
    references = (MIGRATION_GUIDE,)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: the Inference enums are `str` enums, so the string compares equal to the member "
        "it replaces (`finish_reason == \"stop\"`); `.value` reads are replaced whole. A member "
        "compared with `is` / `is not` takes the comparison with it: the operators next to it "
        "become `==` / `!=` (a string read from a response is not the literal object). Inside an "
        "f-string the literal takes the quote the f-string does not use (Python before 3.12 "
        "refuses the other); inside nested f-strings that use both, the finding has no fix. Members "
        "read by `.name` or iterated are not flagged."
    )
    invalid = (
        "from azure.ai.inference.models import CompletionsFinishReason\n"
        "done = reason == CompletionsFinishReason.STOPPED\n",
        "from azure.ai.inference.models import ChatRole\nmsg = {'role': ChatRole.USER.value, 'content': q}\n",
        "import azure.ai.inference.models as m\nx = m.CompletionsFinishReason.token_limit_reached\n",
        # an identity test: the comparison becomes `==` with the literal (`is "tool_calls"` never holds)
        "from azure.ai.inference.models import CompletionsFinishReason\n"
        "if update.choices[0].finish_reason is CompletionsFinishReason.TOOL_CALLS:\n    call_tools()\n",
    )
    valid = (
        "from azure.ai.inference.models import ChatRole\nprint(ChatRole.USER.name)\n",
        "from enum import Enum\nclass ChatRole(Enum):\n    USER = 'user'\nx = ChatRole.USER\n",
        # a local enum of the same name compared by identity: not the Inference one
        "import enum\nclass CompletionsFinishReason(str, enum.Enum):\n    STOPPED = 'stop'\n"
        "done = reason is CompletionsFinishReason.STOPPED\n",
        "from azure.ai.inference.models import ChatRole\nroles = list(ChatRole)\n",
        # ModelType has no OpenAI counterpart (load_client / get_model_info only)
        "from azure.ai.inference.models import ModelType\nt = ModelType.CHAT_COMPLETION\n",
        # inside a converted message class
        "from azure.ai.inference.models import ImageUrl, ImageDetailLevel\n"
        "u = ImageUrl(url=x, detail=ImageDetailLevel.LOW)\n",
    )
    node_types = (ast.Attribute,)
    known_problems = (
        "In a module with an image-embeddings client, an `EmbeddingInputType` / "
        "`EmbeddingEncodingFormat` member is named as a value of the JSON body of AOM603's REST call "
        "when it is an argument of that client's constructor or `embed()`, or held in a local "
        "variable only passed to them; when it may reach either kind of call (a module-level name, "
        "an argument of the user's own function) the message names both places."
    )

    def visit(self, node: ast.AST, ctx: Context) -> None:
        assert isinstance(node, ast.Attribute)
        if not isinstance(node.ctx, ast.Load):
            return
        parent = ctx.parent()
        if render_calls.is_enum_name_access(node, parent):
            return
        if isinstance(parent, ast.Attribute) and parent.attr == "value" and parent.value is node:
            return  # the enclosing `.value` attribute is reported
        value = render_calls.enum_literal(node, ctx)
        if value is None or converted_by_ancestor(ctx):
            return
        member = render_calls.enum_member(node.value if node.attr == "value" else node, ctx)
        name = f"{member[0]}.{member[1]}" if member else ctx.segment(node)
        flow = "openai"
        if member and member[0] in _EMBEDDING_ENUMS and mentions(ctx, "ImageEmbedding", "image_embeddings_client"):
            flow = image_embeddings.value_flow(ctx, lambda call: _converted_call(call, ctx))
        if flow == "image":
            # no OpenAI call here: the REST call of AOM603 sends the value in its JSON body
            target, where = "the image-embeddings REST call (AOM603)", " in its JSON body"
        elif flow == "both":  # it may reach an OpenAI call or the REST call: wording right for both
            target, where = "the migrated code", _EITHER_WAY[member[0]]
        elif member and member[0] == "EmbeddingEncodingFormat" and value.strip('"') not in render_calls.OPENAI_ENCODINGS:
            target, where = "the migrated code", _FOREIGN_ENCODING
        else:
            target, where = "OpenAI", _NO_OPENAI_PARAMETER.get(member[0], "") if member else ""
        if flow == "both" and member and member[0] == "EmbeddingEncodingFormat" and (
                value.strip('"') not in render_calls.OPENAI_ENCODINGS):
            where = (' either way: in `extra_body={"encoding_format": ...}` of embeddings.create (openai\'s '
                     'encoding_format takes only "float" or "base64"), or in the JSON body of the image-embeddings '
                     'REST call (AOM603)')
        quote = render_models.fstring_quote(ctx.parents, ctx)
        if quote is None:  # inside f-strings that take both quotes: a person writes it
            ctx.report(self, node, snippet=value, name=name, value=value, target=target,
                       where=where + " (no automatic fix: the enclosing f-strings use both quotes)")
            return
        compare = render_models.identity_comparison(node, parent)
        if compare is None:
            literal = value if quote == '"' else "'" + value[1:-1] + "'"
            ctx.report(self, node, snippet=literal, replace=node, name=name, value=value, target=target, where=where)
            return
        # `x is Member` holds for the enum object; a string read from a response is never the
        # literal object (and `x is "stop"` is a SyntaxWarning): the comparison becomes `==`
        renderer = render_models.ExprRenderer(ctx)
        renderer.quote = quote
        compared = renderer.convert(compare)
        where += _IDENTITY_NOTE
        if compared is None or renderer.imports:
            ctx.report(self, node, snippet=value, replace=node, name=name, value=value, target=target,
                       where=where + " (no automatic fix)", applicability=Applicability.DISPLAY_ONLY)
            return
        ctx.report(self, node, snippet=compared, replace=compare, name=name, value=value, target=target, where=where)


#: a member compared with ``is`` / ``is not``: the comparison changes with it
_IDENTITY_NOTE = (
    "; the comparison becomes `==` / `!=`: `is` / `is not` test identity, and a string read from a "
    "response is not the literal object"
)
#: enums whose values OpenAI has no parameter for: they travel in ``extra_body``
_NO_OPENAI_PARAMETER = {
    "EmbeddingInputType": ' in `extra_body={"input_type": ...}` (embeddings.create has no input_type)',
}
#: an encoding OpenAI does not have (int8, uint8, binary, ubinary)
_FOREIGN_ENCODING = (
    ' in `extra_body={"encoding_format": ...}`, next to encoding_format="float" (openai\'s encoding_format '
    'takes only "float" or "base64"; AOM104 shows the call)'
)
#: where a value of the embeddings enums goes when it may reach an OpenAI call or the
#: image-embeddings REST call (a module that has both)
_EITHER_WAY = {
    "EmbeddingInputType": ' either way: in `extra_body={"input_type": ...}` of embeddings.create, or in the '
                          "JSON body of the image-embeddings REST call (AOM603)",
    "EmbeddingEncodingFormat": " either way: as `encoding_format` of embeddings.create, or in the JSON body of "
                               "the image-embeddings REST call (AOM603)",
}
_EMBEDDING_ENUMS = frozenset(_EITHER_WAY)


def _converted_call(call: ast.Call, ctx: Context) -> bool:
    """``call`` is a ``complete()`` / ``embed()`` that AOM103 / AOM104 migrate to OpenAI."""
    resolved = render_calls.resolve_inference_call(call, ctx)
    return resolved is not None and ctx.settings.enabled("AOM103" if resolved.method == "complete" else "AOM104")


# -- response objects ---------------------------------------------------------------------------
#: Inference result types that are ``MutableMapping``s (dict access, ``as_dict()``) and carry a
#: ``created`` datetime
RESPONSE_TYPES = frozenset(
    {
        "azure.ai.inference.models.ChatCompletions",
        "azure.ai.inference.models.EmbeddingsResult",
        "azure.ai.inference.models.StreamingChatCompletionsUpdate",
        "azure.ai.inference.models._patch.ChatCompletions",
        "azure.ai.inference.models._models.ChatCompletions",
    }
)


def _is_response(node: ast.AST, ctx: Context) -> bool:
    return any(v.kind == "instance" and v.name in RESPONSE_TYPES for v in ctx.infer(node))


def _built_by_code(node: ast.AST, ctx: Context) -> bool:
    """The result is constructed from the Inference class itself (``ChatCompletions({...})``, as
    the SDK's own tests do), not returned by a call: it stays an Inference object."""
    return any(
        v.kind == "instance" and v.name in RESPONSE_TYPES and isinstance(v.node, ast.Call)
        and any(q in RESPONSE_TYPES or q.rsplit(".", 1)[-1] in ("ChatCompletions", "EmbeddingsResult",
                                                               "StreamingChatCompletionsUpdate")
                for q in ctx.qualnames(v.node.func))
        for v in ctx.infer(node)
    )


def _response_member(func: ast.AST, ctx: Context, path_end: str) -> bool:
    """``<response>[.<attrs>].<path_end>`` on an Inference result."""
    return any(
        v.owner is not None and v.owner.kind == "instance" and v.owner.name in RESPONSE_TYPES
        and (v.name == path_end or v.name.endswith("." + path_end))
        for v in ctx.members(func)
    )


_PYDANTIC = "OpenAI results are pydantic models: "


@register
class InferenceResponseMapping(Rule):
    code = "AOM115"
    symbol = "inference-sdk-response-mapping"
    category = Category.INFERENCE_SDK
    message = "`{what}` treats an Azure AI Inference result as a dict; {advice}"
    summary = (
        "Flags dict-style access (`response[\"choices\"]`) and `.as_dict()` on the results of "
        "Inference `complete()` / `embed()` calls."
    )
    why = (
        "Inference results are `MutableMapping`s. OpenAI's `ChatCompletion` and "
        "`CreateEmbeddingResponse` are pydantic models: item access raises `TypeError`; use "
        "attributes, and `.model_dump()` / `.to_dict()` for a dict. Azure-only fields such as "
        "`prompt_filter_results` are in `.model_extra`."
    )
    example = (
        "from azure.ai.inference import ChatCompletionsClient\n\n"
        "client = ChatCompletionsClient(endpoint=endpoint, credential=credential)\n"
        "response = client.complete(messages=messages, model=\"gpt-4o-mini\")\n"
        "text = response[\"choices\"][0][\"message\"][\"content\"]\n"
    )
    use_instead = "text = completion.choices[0].message.content\n"
    references = ("https://github.com/openai/openai-python#using-types",)
    fixable = True
    fix_applicability = Applicability.UNSAFE
    fix_safety = (
        "Unsafe: attribute access reads the same fields, but `.model_dump()` returns openai's "
        "shape, whose keys and values differ from Inference's `as_dict()` in places (`created` "
        "is an int, Azure's `content_filter_results` are extra fields)."
    )
    invalid = (
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r: ChatCompletions):\n    return r['usage']['total_tokens']\n",
        "from azure.ai.inference import EmbeddingsClient\n"
        "c = EmbeddingsClient(e, k)\nresult = c.embed(input=['x'], model='m')\ndata = result.as_dict()\n",
        # the image-embeddings REST call (AOM603) returns the JSON dict: `.as_dict()` becomes the dict itself
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "c = ImageEmbeddingsClient(e, k)\nresult = c.embed(input=[item])\ndata = result.as_dict()\n",
    )
    valid = (
        "from openai import OpenAI\nc = OpenAI()\nr = c.chat.completions.create(model='m', messages=[])\n"
        "r.model_dump()\n",
        # item access on what the image-embeddings REST call returns (a dict) stays right
        "from azure.ai.inference import ImageEmbeddingsClient\n"
        "c = ImageEmbeddingsClient(e, k)\nresult = c.embed(input=[item])\nv = result['data'][0]['embedding']\n",
        "payload = {'choices': []}\nx = payload['choices']\n",
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r: ChatCompletions):\n    return r.choices[0].message.content\n",
    )
    node_types = (ast.Subscript, ast.Call)
    call_methods = frozenset({"as_dict"})  # calls; subscripts all reach visit

    def visit(self, node: ast.AST, ctx: Context) -> None:
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute) and func.attr == "as_dict" and not node.args
                and (_is_response(func.value, ctx) or _response_member(func, ctx, "as_dict"))
            ):
                receiver = render_calls.receiver_text(func.value, ctx)
                if image_embeddings.is_result(func.value, ctx):
                    # AOM603's REST call returns the response's JSON dict: nothing to convert
                    ctx.report(self, node, snippet=receiver, replace=node, what=ctx.segment(node),
                               applicability=Applicability.DISPLAY_ONLY,
                               advice=f"the REST call that replaces image-embeddings `embed()` (AOM603) returns "
                               f"the JSON dict: use `{receiver}` itself (once that call is in place)")
                    return
                text = f"{receiver}.model_dump()"
                built = _built_by_code(func.value, ctx)
                ctx.report(self, node, snippet=text, replace=node, what=ctx.segment(node),
                           applicability=Applicability.DISPLAY_ONLY if built else None,
                           advice=_PYDANTIC + "call `.model_dump()`" + (
                               " once the object is an openai result (this one is built from the "
                               "Inference class: no automatic fix)" if built else ""))
            return
        if isinstance(node.ctx, ast.Del):  # type: ignore[attr-defined]
            return
        link: ast.AST = node
        for ancestor in reversed(ctx.parents):
            if not (isinstance(ancestor, (ast.Subscript, ast.Attribute)) and ancestor.value is link):
                break
            if isinstance(ancestor, ast.Subscript):
                return  # the outermost subscript of the chain is reported
            link = ancestor
        chain: list[ast.AST] = []
        current: ast.AST = node
        while isinstance(current, (ast.Subscript, ast.Attribute)):
            chain.append(current)
            current = current.value
            if _is_response(current, ctx):
                break
        else:
            return
        if not any(_str_key(link) for link in chain):
            return
        text = ctx.segment(current)
        for link in reversed(chain):
            key = _str_key(link)
            if key is not None:
                text += f".{key}"
            elif isinstance(link, ast.Attribute):
                text += f".{link.attr}"
            else:
                text += f"[{ctx.segment(link.slice)}]"  # type: ignore[union-attr]
        if image_embeddings.is_result(current, ctx):
            return  # AOM603's REST call returns the JSON dict: item access stays right
        what = " ".join(ctx.segment(node).split())
        ctx.report(self, node, snippet=text, replace=node, what=what, advice=_PYDANTIC + "use attributes")


def _str_key(link: ast.AST) -> str | None:
    if isinstance(link, ast.Subscript) and isinstance(link.slice, ast.Constant):
        key = link.slice.value
        if isinstance(key, str) and key.isidentifier():
            return key
    return None


@register
class InferenceCreatedDatetime(Rule):
    code = "AOM117"
    symbol = "inference-sdk-created-datetime"
    category = Category.INFERENCE_SDK
    message = "`{what}` uses `created` as a datetime; OpenAI's `created` is an int (Unix seconds)"
    summary = "Flags datetime methods called on the `created` field of Inference chat results."
    why = (
        "Inference deserialises `created` into a `datetime`; OpenAI keeps the service's integer "
        "Unix timestamp, so `.isoformat()`, `.timestamp()` or `.strftime()` raise "
        "`AttributeError` after the migration. Convert with `datetime.fromtimestamp(created, "
        "timezone.utc)`."
    )
    example = (
        "from azure.ai.inference.models import ChatCompletions\n\n"
        "def stamp(response: ChatCompletions) -> str:\n"
        "    return response.created.isoformat()\n"
    )
    use_instead = (
        "import datetime\n\n"
        "def stamp(completion) -> str:\n"
        "    return datetime.datetime.fromtimestamp(completion.created, datetime.timezone.utc).isoformat()\n"
    )
    references = ("https://github.com/openai/openai-python/blob/main/src/openai/types/chat/chat_completion.py",)
    fixable = True
    fix_applicability = Applicability.SAFE
    fix_safety = (
        "Safe: `datetime.datetime.fromtimestamp(created, datetime.timezone.utc)` is the aware UTC "
        "datetime the Inference SDK returned, so the method called on it gives the same result; "
        "`import datetime` is added when missing."
    )
    invalid = (
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r: ChatCompletions):\n    return r.created.strftime('%Y')\n",
    )
    valid = (
        "import datetime\ncreated = datetime.datetime.now()\ncreated.isoformat()\n",
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r: ChatCompletions):\n    return r.created\n",
    )
    node_types = (ast.Call,)
    _METHODS = frozenset({"isoformat", "timestamp", "strftime", "date", "astimezone", "replace",
                          "timetuple", "ctime", "utctimetuple"})
    call_methods = _METHODS

    def visit(self, node: ast.AST, ctx: Context) -> None:
        func = node.func  # type: ignore[attr-defined]
        if not isinstance(func, ast.Attribute) or func.attr not in self._METHODS:
            return
        created = func.value
        if not (isinstance(created, ast.Attribute) and created.attr == "created"):
            return
        if not _is_response(created.value, ctx):
            return
        stamp = f"{ctx.segment(created)}"
        converted = f"datetime.datetime.fromtimestamp({stamp}, datetime.timezone.utc)"
        args = [(kw.arg or "**", ctx.segment(kw.value)) for kw in node.keywords]  # type: ignore[attr-defined]
        args = [(None, ctx.segment(a)) for a in node.args] + args  # type: ignore[attr-defined]
        text = snippets.call(f"{converted}.{func.attr}", args)
        missing = render_calls.unbound_imports(("datetime",), ctx)
        ctx.report(
            self, node,
            snippet=render_calls.with_imports(text, missing),
            replace=node,
            edit=text,
            imports=[f"import {module}" for module in sorted(missing)],
            what=" ".join(ctx.segment(node).split()),
        )
