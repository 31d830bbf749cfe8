"""Calls, model classes, enums, tracing and prompts of azure-ai-inference (AOM103-AOM109, AOM116)
and missing models (AOM501-AOM504): exact snippets and messages."""

import ast
import textwrap

import pytest

from aoai_migrate.render import calls as render_calls
from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Category, Settings
from aoai_migrate.registry import Rule
from conftest import run

CHAT = "from azure.ai.inference import ChatCompletionsClient\n"
MODELS = "from azure.ai.inference.models import *\n"


def found(source, code, settings=None):
    return [f for f in run(source, settings) if f.code == code]


def one(source, code, settings=None):
    hits = found(source, code, settings)
    assert len(hits) == 1, hits
    return hits[0]


def applied(source, finding):
    """The source with the finding's replacement applied."""
    source = textwrap.dedent(source)
    lines = source.splitlines(keepends=True)
    rep = finding.replacement
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode()))
    data = source.encode()
    start = offsets[rep.line - 1] + rep.col
    end = offsets[rep.end_line - 1] + rep.end_col
    return (data[:start] + rep.text.encode() + data[end:]).decode()


# -- the migration guide's blocks --------------------------------------------------------------
GUIDE_CHAT = CHAT + """\
from azure.ai.inference.models import SystemMessage, UserMessage

client = ChatCompletionsClient(endpoint=endpoint, credential=credential)

response = client.complete(
    messages=[
        SystemMessage(content="You are a helpful assistant."),
        UserMessage(content="What is Azure AI?"),
    ],
    model="gpt-4o-mini"  # Optional for single-model endpoints
)
"""


def test_guide_chat_completions():
    finding = one(GUIDE_CHAT, "AOM103")
    assert finding.snippet == (
        "client.chat.completions.create(\n"
        '    model="gpt-4o-mini",\n'
        "    messages=[\n"
        '        {"role": "system", "content": "You are a helpful assistant."},\n'
        '        {"role": "user", "content": "What is Azure AI?"},\n'
        "    ],\n"
        ")"
    )
    assert finding.message == (
        "`client.complete()` is Azure AI Inference; call `chat.completions.create()` on an OpenAI client"
    )
    # the fix keeps the guide's comment after the argument it was on; the message's snippet shows the code
    assert finding.replacement.text == finding.snippet.replace(
        '"gpt-4o-mini",\n', '"gpt-4o-mini",  # Optional for single-model endpoints\n'
    )
    assert (finding.replacement.line, finding.replacement.col) == (6, 11)
    # the messages inside the call are converted by AOM103, not reported again
    assert not found(GUIDE_CHAT, "AOM105")
    assert not found(GUIDE_CHAT, "AOM501")


def test_guide_streaming():
    source = CHAT + """\
from azure.ai.inference.models import SystemMessage, UserMessage

client = ChatCompletionsClient(endpoint=endpoint, credential=credential)
response = client.complete(
    stream=True,
    messages=[
        SystemMessage(content="You are a helpful assistant."),
        UserMessage(content="Write a poem about Azure."),
    ],
    model="gpt-4o-mini"
)
"""
    assert one(source, "AOM103").snippet == (
        "client.chat.completions.create(\n"
        '    model="gpt-4o-mini",\n'
        "    messages=[\n"
        '        {"role": "system", "content": "You are a helpful assistant."},\n'
        '        {"role": "user", "content": "Write a poem about Azure."},\n'
        "    ],\n"
        "    stream=True,\n"
        ")"
    )


def test_guide_error_handling_block():
    source = CHAT + """\
from azure.core.exceptions import HttpResponseError

client = ChatCompletionsClient(endpoint=endpoint, credential=credential)
try:
    response = client.complete(
        messages=[{"role": "user", "content": "Hello"}],
        model="gpt-4o-mini"
    )
except HttpResponseError as error:
    print(f"Request failed: {error.status_code}")
"""
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "client.chat.completions.create(\n"
        '        model="gpt-4o-mini",\n'
        '        messages=[{"role": "user", "content": "Hello"}],\n'
        "    )"
    )
    assert "completion = client.chat.completions.create(" in applied(source, finding).replace(
        "response =", "completion =")


def test_guide_embeddings():
    source = """\
from azure.ai.inference import EmbeddingsClient
from azure.core.credentials import AzureKeyCredential

client = EmbeddingsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)

response = client.embed(
    input=["Your text string goes here"],
    model="text-embedding-3-small"
)
"""
    finding = one(source, "AOM104")
    assert finding.snippet == (
        "client.embeddings.create(\n"
        '    model="text-embedding-3-small",\n'
        '    input=["Your text string goes here"],\n'
        ")"
    )
    assert finding.message.startswith("`client.embed()` is Azure AI Inference; call `embeddings.create()`")


# -- complete() -------------------------------------------------------------------------------
def test_async_receiver_through_self_and_annotation_keeps_await():
    source = """\
from azure.ai.inference.aio import ChatCompletionsClient

class Bot:
    def __init__(self, client: ChatCompletionsClient):
        self.client = client

    async def ask(self, q):
        return await self.client.complete(messages=[{"role": "user", "content": q}], model="m")
"""
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "self.client.chat.completions.create(\n"
        '            model="m",\n'
        '            messages=[{"role": "user", "content": q}],\n'
        "        )"
    )
    assert "return await self.client.chat.completions.create(\n" in applied(source, finding)
    assert finding.message.startswith("`self.client.complete()`")


def test_client_defaults_move_into_the_call():
    source = CHAT + """\
client = ChatCompletionsClient(e, c, model="phi-4", temperature=0.2, max_tokens=100,
                               model_extras={"safe_mode": True})
client.complete(messages=msgs, temperature=0.9)
"""
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "client.chat.completions.create(\n"
        '    model="phi-4",\n'
        "    messages=msgs,\n"
        "    temperature=0.9,\n"
        "    max_tokens=100,\n"
        '    extra_body={"safe_mode": True},\n'
        ")"
    )
    assert finding.message.endswith("; the client's defaults (max_tokens, model_extras) move into the call")
    assert not found(source, "AOM501")


def test_defaults_local_to_the_constructor_are_not_copied():
    source = CHAT + """\
class Service:
    def __init__(self, endpoint, cred, deployment):
        self.client = ChatCompletionsClient(endpoint, cred, model=deployment, seed=SEED)

    def run(self, msgs):
        return self.client.complete(messages=msgs)
"""
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "self.client.chat.completions.create(\n"
        '            model="<deployment-name>",\n'
        "            messages=msgs,\n"
        "            seed=SEED,\n"
        "        )"
    )
    assert "; pass the client's model on this call too" in finding.message
    assert not found(source, "AOM501")  # the client sets a model today


def test_self_attribute_defaults_are_portable():
    source = CHAT + """\
class Service:
    def __init__(self, endpoint, cred):
        self.deployment = "gpt-4o"
        self.client = ChatCompletionsClient(endpoint, cred, model=self.deployment)

    def run(self, msgs):
        return self.client.complete(messages=msgs)
"""
    assert one(source, "AOM103").snippet == (
        "self.client.chat.completions.create(model=self.deployment, messages=msgs)"
    )


@pytest.mark.parametrize("declaration", [
    "    _client: ChatCompletionsClient = PrivateAttr()\n",  # a pydantic model's private attribute
    "    _client: ChatCompletionsClient\n",
    "    _client: Optional[ChatCompletionsClient] = None\n",
])
def test_a_declared_attribute_keeps_the_defaults_of_its_construction(declaration):
    """A class-level annotation declares the type of the client a method builds: the call keeps
    that construction's model (a bare annotated instance next to it made the defaults unknown)."""
    source = CHAT + "from typing import Optional\nfrom pydantic import BaseModel, PrivateAttr\n\n" + (
        "class ChatModel(BaseModel):\n"
        + declaration
        + "    model_name: str\n\n"
        "    def setup(self, endpoint, credential):\n"
        "        self._client = ChatCompletionsClient(endpoint=endpoint, credential=credential,\n"
        "                                             model=self.model_name, temperature=0.1)\n\n"
        "    def generate(self, messages, **kwargs):\n"
        "        return self._client.complete(messages=messages, **kwargs)\n"
    )
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "self._client.chat.completions.create(\n"
        "            model=self.model_name,\n"
        "            messages=messages,\n"
        "            temperature=0.1,\n"
        "            **kwargs,\n"
        "        )"
    )
    assert not found(source, "AOM501")


def test_an_annotated_module_client_keeps_its_model():
    source = CHAT + """\
client: ChatCompletionsClient = ChatCompletionsClient(endpoint, credential, model="mistral-large")
answer = client.complete(messages=msgs)
"""
    assert one(source, "AOM103").snippet == (
        'client.chat.completions.create(model="mistral-large", messages=msgs)'
    )


def test_a_parameter_annotation_still_counts_as_another_client():
    """A client passed in may be any client: the defaults of the one built as a fallback are
    not its defaults."""
    source = CHAT + """\
def answer(msgs, client: ChatCompletionsClient = None):
    client = client or ChatCompletionsClient(endpoint, credential, model="mistral-large")
    return client.complete(messages=msgs)
"""
    assert "mistral-large" not in one(source, "AOM103").snippet


def test_the_deployment_header_becomes_the_model_of_each_call():
    """`headers={"azureml-model-deployment": d}` picked a deployment of a managed endpoint; on
    /openai/v1/ the deployment is `model` (the header means nothing there, and a None value that
    azure-core skipped makes httpx raise TypeError)."""
    source = CHAT + """\
import os
from azure.core.credentials import AzureKeyCredential
deployment = os.environ.get("CHAT_DEPLOYMENT")
client = ChatCompletionsClient(
    endpoint=endpoint,
    credential=AzureKeyCredential(key),
    headers={"azureml-model-deployment": deployment, "x-trace": "on"},
)
answer = client.complete(messages=[{"role": "user", "content": "hi"}])
raw = client.complete({"messages": [{"role": "user", "content": "hi"}]})
"""
    client = one(source, "AOM102")
    assert 'default_headers={"x-trace": "on"}' in client.snippet
    assert "azureml-model-deployment" not in client.snippet
    assert "the azureml-model-deployment entry of headers names deployment deployment: it moves to model= on each call" in client.message
    calls = found(source, "AOM103")
    # os.environ.get() may be None, which the header skipped and openai rejects: the placeholder follows
    assert [c.snippet.splitlines()[1].strip() for c in calls] == [
        'model=deployment or "<deployment-name>",', 'model=deployment or "<deployment-name>",']
    reasons = [f.message for f in found(source, "AOM501")]
    assert reasons == [
        "`client.complete()` names no model but its client's azureml-model-deployment header names deployment "
        "deployment, which becomes `model`; OpenAI v1 needs `model` (your deployment name) on every call",
        "`client.complete()` names no model in its request dict but its client's azureml-model-deployment header "
        "names deployment deployment, which becomes `model`; OpenAI v1 needs `model` (your deployment name) on every call",
    ]


def test_a_client_with_only_the_deployment_header_gets_no_default_headers():
    source = CHAT + """\
from azure.core.credentials import AzureKeyCredential
client = ChatCompletionsClient(endpoint, AzureKeyCredential(key), headers={"azureml-model-deployment": "phi-4"})
client.complete(messages=msgs)
"""
    assert one(source, "AOM102").snippet == 'OpenAI(base_url=f"{endpoint.rstrip(\'/\')}/openai/v1/", api_key=key)'
    assert one(source, "AOM103").snippet == 'client.chat.completions.create(model="phi-4", messages=msgs)'


def test_model_extras_known_keys_become_arguments():
    source = CHAT + """\
client = ChatCompletionsClient(e, c)
client.complete(messages=m, model="x", model_extras={"n": 2, "user": "u", "data_sources": ds},
                headers={"h": "1"}, params={"p": "2"}, logging_enable=True)
"""
    finding = one(source, "AOM103")
    assert finding.snippet == (
        "client.chat.completions.create(\n"
        '    model="x",\n'
        "    messages=m,\n"
        "    n=2,\n"
        '    user="u",\n'
        '    extra_body={"data_sources": ds},\n'
        '    extra_headers={"h": "1"},\n'
        '    extra_query={"p": "2"},\n'
        ")"
    )
    assert finding.message.endswith("; dropped logging_enable (set OPENAI_LOG=debug): no OpenAI equivalent")


def test_response_format_tools_and_tool_choice():
    source = CHAT + MODELS + """\
FORMAT = "json_object"
client = ChatCompletionsClient(e, c)
client.complete(
    messages=m,
    model="x",
    response_format=FORMAT,
    tools=[ChatCompletionsToolDefinition(function=FunctionDefinition(name="f", parameters=p))],
    tool_choice=ChatCompletionsToolChoicePreset.REQUIRED,
)
client.complete(messages=m, model="x", response_format=JsonSchemaFormat(name="R", schema=s))
"""
    first, second = found(source, "AOM103")
    assert first.snippet == (
        "client.chat.completions.create(\n"
        '    model="x",\n'
        "    messages=m,\n"
        '    response_format={"type": "json_object"},\n'
        '    tools=[{"type": "function", "function": {"name": "f", "parameters": p}}],\n'
        '    tool_choice="required",\n'
        ")"
    )
    assert second.snippet == (
        "client.chat.completions.create(\n"
        '    model="x",\n'
        "    messages=m,\n"
        '    response_format={"type": "json_schema", "json_schema": {"name": "R", "schema": s}},\n'
        ")"
    )
    assert not found(source, "AOM106") and not found(source, "AOM107")


def test_request_bodies():
    source = CHAT + """\
client = ChatCompletionsClient(e, c, model="ignored-for-bodies")
client.complete(body)
client.complete({"messages": msgs, "stream": True})
client.complete(body=payload, headers=h)
"""
    snippets = [f.snippet for f in found(source, "AOM103")]
    assert snippets == [
        "client.chat.completions.create(**body)",
        'client.chat.completions.create(model="<deployment-name>", messages=msgs, stream=True)',
        "client.chat.completions.create(**payload, extra_headers=h)",
    ]
    # a body held in a variable may carry the model; the literal dict names none (and a body
    # does not get the client's default model)
    (missing,) = found(source, "AOM501")
    assert missing.line == 4
    assert "request dict" in missing.message


def test_load_client_and_projects_factory():
    source = """\
from azure.ai.inference.aio import load_client
from azure.ai.projects import AIProjectClient

async def main():
    client = await load_client(endpoint, credential, model="phi-4")
    await client.complete(messages=m)
    project = AIProjectClient.from_connection_string(conn, credential=cred)
    chat = project.inference.get_chat_completions_client()
    chat.complete(messages=m, model="gpt-4o")
"""
    assert [f.snippet for f in found(source, "AOM103")] == [
        'client.chat.completions.create(model="phi-4", messages=m)',
        'chat.chat.completions.create(model="gpt-4o", messages=m)',
    ]


def test_non_primary_receiver_is_parenthesised():
    source = CHAT + """\
async def f(make):
    c: ChatCompletionsClient = make()
    return await (c or c).complete(messages=m, model="x")
"""
    assert one(source, "AOM103").snippet == (
        '(c or c).chat.completions.create(model="x", messages=m)'
    )


# -- embed() -----------------------------------------------------------------------------------
def test_embed_input_type_and_encodings():
    source = """\
from azure.ai.inference import EmbeddingsClient
from azure.ai.inference.models import EmbeddingEncodingFormat, EmbeddingInputType

client = EmbeddingsClient(e, c, model="embed-v3", input_type=EmbeddingInputType.DOCUMENT)
client.embed(input=docs, encoding_format=EmbeddingEncodingFormat.BASE64)
client.embed(input=docs, encoding_format="int8", model_extras={"truncate": "END", "user": "u"})
"""
    first, second = found(source, "AOM104")
    assert first.snippet == (
        "client.embeddings.create(\n"
        '    model="embed-v3",\n'
        "    input=docs,\n"
        '    encoding_format="base64",\n'
        '    extra_body={"input_type": "document"},\n'
        ")"
    )
    assert first.message.endswith("; the client's defaults (input_type) move into the call")
    assert second.snippet == (
        "client.embeddings.create(\n"
        '    model="embed-v3",\n'
        "    input=docs,\n"
        '    encoding_format="float",\n'
        '    user="u",\n'
        '    extra_body={"encoding_format": "int8", "truncate": "END", "input_type": "document"},\n'
        ")"
    )
    assert "encoding_format='int8' is not an OpenAI encoding (OpenAI takes only \"float\" or \"base64\": it is sent in extra_body" in second.message
    assert [f.line for f in found(source, "AOM107")] == [4]  # the constructor's, not the calls'



def test_loaded_client_embedding_images_is_not_text_embeddings():
    source = """\
from azure.ai.inference import load_client
from azure.ai.inference.models import ImageEmbeddingInput

client = load_client(endpoint, credential)
client.embed(input=[ImageEmbeddingInput.load(image_file="a.png", image_format="png")])
client.embed(input=["text"], model="m")
"""
    assert [f.line for f in found(source, "AOM104")] == [6]


# -- message and model classes, enums ---------------------------------------------------------
def test_message_classes_everywhere():
    source = MODELS + """\
history = [SystemMessage("Be brief."), DeveloperMessage(content=rules)]
history.append(ToolMessage(tool_call_id=call.id, content=output))
history.append(UserMessage({"role": "user", "content": "raw"}))
history.append(AssistantMessage(**fields))
"""
    bound = "\n\n# where it is bound: history: list[ChatCompletionMessageParam]  " \
        "(from openai.types.chat import ChatCompletionMessageParam)"
    assert [f.snippet for f in found(source, "AOM105")] == [
        '{"role": "system", "content": "Be brief."}' + bound,
        '{"role": "developer", "content": rules}' + bound,
        '{"role": "tool", "tool_call_id": call.id, "content": output}' + bound,
        '{"role": "user", "content": "raw"}' + bound,
        '{"role": "assistant", **fields}',  # keys unknown: no annotation
    ]
    message = found(source, "AOM105")[0].message
    assert message == (
        '`SystemMessage` is an Azure AI Inference message class; OpenAI takes the dict '
        '`{"role": "system", ...}`'
    )


def test_outermost_model_class_is_reported_once():
    source = MODELS + """\
msg = UserMessage(
    content=[
        TextContentItem(text="Describe it"),
        ImageContentItem(image_url=ImageUrl(url=url, detail=ImageDetailLevel.LOW)),
    ]
)
"""
    findings = [f for f in run(source) if f.code in ("AOM105", "AOM106", "AOM107")]
    assert [f.code for f in findings] == ["AOM105"]
    assert findings[0].snippet == (
        "{\n"
        '    "role": "user",\n'
        '    "content": [\n'
        '        {"type": "text", "text": "Describe it"},\n'
        '        {"type": "image_url", "image_url": {"url": url, "detail": "low"}},\n'
        "    ],\n"
        "}\n\n"
        "# where it is bound: msg: ChatCompletionUserMessageParam  "
        "(from openai.types.chat import ChatCompletionUserMessageParam)"
    )


def test_select_message_rule_alone_reports_inside_complete():
    settings = Settings(select=("AOM105",))
    assert len(found(GUIDE_CHAT, "AOM105", settings)) == 2


def test_loaders_build_the_data_url():
    source = """\
import base64
import pathlib
from azure.ai.inference.models import ImageUrl, InputAudio, AudioContentFormat

image = ImageUrl.load(image_file="photo.jpg", image_format="jpeg", detail="high")
audio = InputAudio.load(audio_file=path, audio_format=AudioContentFormat.WAV)
"""
    image, audio = found(source, "AOM106")
    assert image.snippet == (
        '{"url": "data:image/jpeg;base64," + '
        'base64.b64encode(pathlib.Path("photo.jpg").read_bytes()).decode(), "detail": "high"}'
    )
    assert image.replacement is not None  # base64 and pathlib are imported already
    assert audio.snippet == (
        '{"data": base64.b64encode(pathlib.Path(path).read_bytes()).decode(), "format": "wav"}'
    )
    assert image.message == (
        "`ImageUrl.load` is an Azure AI Inference model class; OpenAI takes base64 data you encode "
        "yourself (no helper loads files)"
    )


def test_loader_without_imports_lists_them_and_the_fix_adds_them():
    source = "from azure.ai.inference.models import ImageUrl\nu = ImageUrl.load(image_file=f, image_format=fmt)\n"
    finding = one(source, "AOM106")
    assert finding.snippet == (
        "import base64\nimport pathlib\n\n"
        '{"url": "data:image/" + fmt + ";base64," + '
        "base64.b64encode(pathlib.Path(f).read_bytes()).decode()}"
    )
    assert finding.replacement is not None and finding.replacement.text == finding.snippet.split("\n\n", 1)[1]
    assert finding.fix.imports == ("import base64", "import pathlib")


def test_enum_members():
    source = """\
from azure.ai.inference.models import ChatRole, CompletionsFinishReason as Reason

if choice.finish_reason == Reason.TOKEN_LIMIT_REACHED:
    role = ChatRole.assistant.value
label = ChatRole.USER.name
"""
    first, second = found(source, "AOM107")
    assert (first.snippet, first.message) == (
        '"length"',
        '`CompletionsFinishReason.TOKEN_LIMIT_REACHED` is an Azure AI Inference enum member; '
        'OpenAI uses the string "length"',
    )
    assert second.snippet == '"assistant"'
    assert applied(source, second).splitlines()[3] == '    role = "assistant"'


# -- tracing and prompts ----------------------------------------------------------------------
def test_instrumentor():
    source = """\
import os
from azure.ai.inference.tracing import AIInferenceInstrumentor

def setup(record):
    instrumentor = AIInferenceInstrumentor()
    instrumentor.instrument(enable_content_recording=record)
    if instrumentor.is_content_recording_enabled():
        AIInferenceInstrumentor().uninstrument()
"""
    findings = found(source, "AOM108")
    assert [f.snippet for f in findings] == [
        "OpenAIInstrumentor()",
        'os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = str(record).lower()\n'
        "if instrumentor.is_instrumented_by_opentelemetry:  # the variable is read when instrument() wraps\n"
        "    instrumentor.uninstrument()\n"
        "instrumentor.instrument()",
        'os.environ.get("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "false").lower() == "true"',
        "OpenAIInstrumentor().uninstrument()",
    ]
    migrated = applied(source, findings[1])
    assert (
        '    os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = str(record).lower()\n'
        "    if instrumentor.is_instrumented_by_opentelemetry:  # the variable is read when instrument() wraps\n"
        "        instrumentor.uninstrument()\n"
        "    instrumentor.instrument()\n"
    ) in migrated
    ast.parse(migrated)


def test_tracing_variable_of_another_library_is_not_inference():
    """langchain-azure-ai's and azure-ai-projects' tracers read the same variable: a module that
    does not use Azure AI Inference keeps it."""
    library = """\
import os
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor

_ENV_RECORD = "AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"

def enable(record=None):
    return record if record is not None else os.getenv(_ENV_RECORD, "false") == "true"
"""
    assert not found(library, "AOM116")
    app = "from azure.ai.inference.tracing import AIInferenceInstrumentor\n" + library
    assert one(app, "AOM116").snippet == '"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"'


def test_prompt_template():
    source = """\
from azure.ai.inference.prompts import PromptTemplate
template = PromptTemplate.from_string(prompt_template=TEXT, model_name="gpt-4o")
"""
    finding = one(source, "AOM109")
    assert finding.snippet == (
        "# render TEXT with the `prompty` package or your own templating into\n"
        "# OpenAI message dicts (what create_messages() returned), then:\n"
        "messages = ...  # was template.create_messages(...)\n"
        '# completion = client.chat.completions.create(model="gpt-4o", messages=messages)\n'
    )
    assert finding.replacement is None
    # with a client bound before the template, the call is code
    head, tail = source.split("template = ")
    with_client = head + "from openai import OpenAI\nclient = OpenAI()\ntemplate = " + tail
    assert one(with_client, "AOM109").snippet.endswith(
        '\ncompletion = client.chat.completions.create(model="gpt-4o", messages=messages)\n'
    )
    # a client bound only after it: the call stays a comment (pasted there, `client` is unbound)
    later = source + "from openai import OpenAI\nclient = OpenAI()\n"
    assert one(later, "AOM109").snippet.endswith(
        '\n# completion = client.chat.completions.create(model="gpt-4o", messages=messages)\n'
    )


PROMPTY_THEN_CLIENT = """\
import os
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.prompts import PromptTemplate
from azure.core.credentials import AzureKeyCredential

def answer(question):
    recipe = PromptTemplate.from_prompty(file_path="./answer.prompty")
    convo = recipe.create_messages(question=question)
    chat = ChatCompletionsClient(endpoint=os.environ["EP"], credential=AzureKeyCredential(os.environ["K"]))
    client = chat
    return chat.complete(messages=convo, model=recipe.model_name, **recipe.parameters)
"""


def test_prompt_template_points_to_the_users_call():
    """The rendering is shown under the user's own name; the call that sends it has its own
    finding, so no second (live) call is shown, not even with a client bound later on."""
    findings = analyze_source(PROMPTY_THEN_CLIENT, path="app.py")
    prompt = next(f for f in findings if f.code == "AOM109")
    assert prompt.snippet.splitlines()[2:] == [
        "convo = ...  # was recipe.create_messages(...)",
        "# `convo` then goes to the call at line 11 as before; its own finding (AOM103) migrates it",
    ]
    assert "client.chat.completions.create" not in prompt.snippet
    assert any(f.code == "AOM103" and f.line == 11 for f in findings)


def test_prompt_template_call_not_sent_by_inference():
    """Tricky: the rendered messages go to a function of the user's, not an Inference call:
    the call is shown commented (no client bound there), under the user's name."""
    source = PROMPTY_THEN_CLIENT.replace(
        "return chat.complete(messages=convo, model=recipe.model_name, **recipe.parameters)",
        "return send(messages=convo)")
    prompt = one(source, "AOM109")
    assert prompt.snippet.endswith(
        '\n# completion = client.chat.completions.create(model="<deployment-name>", messages=convo)\n')


# -- missing model -------------------------------------------------------------------------------
def test_inference_missing_model():
    source = CHAT + "client = ChatCompletionsClient(e, c)\nr = client.complete(messages=m)\n"
    finding = one(source, "AOM501")
    assert finding.message == (
        "`client.complete()` names no model and neither does its client; OpenAI v1 needs `model` "
        "(your deployment name) on every call"
    )
    assert finding.category is Category.MISSING_MODEL
    assert finding.snippet == 'client.chat.completions.create(model="<deployment-name>", messages=m)'
    assert one(source, "AOM103").message.endswith(
        "; `model` is required: put your deployment name in the placeholder")


def test_openai_missing_model_uses_the_azure_deployment():
    source = """\
from openai import AsyncAzureOpenAI
client = AsyncAzureOpenAI(azure_endpoint=ep, azure_deployment=DEPLOYMENT, api_version=V)

async def f():
    await client.embeddings.create(input=texts)
    await client.with_options(timeout=5).chat.completions.create(messages=m)
"""
    first, second = found(source, "AOM502")
    assert first.snippet == "client.embeddings.create(model=DEPLOYMENT, input=texts)"
    assert first.message == (
        "`client.embeddings.create()` passes no `model`, which the OpenAI SDK requires (the "
        "deployment name on Azure); the client's `azure_deployment` becomes `model`"
    )
    # with_options() returns a copy whose constructor is not visible
    assert second.snippet == (
        "client.with_options(timeout=5).chat.completions.create(\n"
        '        model="<deployment-name>",\n'
        "        messages=m,\n"
        "    )"
    )


def test_azure_base_url_with_deployment_path():
    source = """\
from openai import AzureOpenAI
client = AzureOpenAI(base_url="https://r.openai.azure.com/openai/deployments/dalle3", api_version=v)
client.images.generate(prompt=p, n=1)
"""
    assert one(source, "AOM504").snippet == 'client.images.generate(model="dalle3", prompt=p, n=1)'


def test_legacy_engine_calls():
    source = """\
import openai

async def f(m):
    a = await openai.ChatCompletion.acreate(deployment_id=DEP, messages=m, api_version=V, request_timeout=9)
    b = openai.Embedding.create(engine="ada-002", input=["x"])
    c = openai.Image.create(engine="dalle", prompt="cat")
"""
    a, b, c = found(source, "AOM503")
    # the module has no `client` and no openai.* settings that build one: the snippet builds it
    assert "\nclient = AsyncOpenAI(\n" in a.snippet
    # in the statement it stands in: assigned and awaited as before
    assert a.snippet.endswith("\na = await client.chat.completions.create(model=DEP, messages=m, timeout=9)")
    assert a.message == (
        "`openai.ChatCompletion.acreate(deployment_id=...)` is the openai<1.0 Azure API (removed in "
        "openai>=1.0); call `client.chat.completions.create()` with the deployment as `model` on an "
        "`AsyncOpenAI` client; move api_version to the client; OpenAI does not read AZURE_OPENAI_ENDPOINT: "
        "pass it explicitly; the key is read from AZURE_OPENAI_API_KEY"
    )
    assert b.snippet.endswith('\nb = client.embeddings.create(model="ada-002", input=["x"])')
    assert c.snippet.endswith('\nc = client.images.generate(model="dalle", prompt="cat")')
    with_client = "from openai import OpenAI\nclient = OpenAI()\n" + source
    assert found(with_client, "AOM503")[1].snippet == 'client.embeddings.create(model="ada-002", input=["x"])'


# -- robustness -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "client.complete()",
        "client.complete(*args)",
        "client.complete(*args, **kw)",
        "client.complete(body, other)",
        "client.embed()",
        "client.complete(messages=[SystemMessage(*a), UserMessage()], model_extras={**x, 1: 2})",
        "ImageUrl.load()",
        "ImageUrl.load(*a)",
        "InputAudio.load(audio_file=f, audio_format=x, extra=1)",
        "JsonSchemaFormat()",
        "ChatRole.USER.value.upper()",
        "ChatRole.USER = 'x'",
        "del ChatRole.USER",
        "r = client.complete(messages=m)\ndel r['choices']",
        "f'{SystemMessage(\"x\")}'",
        "client.complete(messages=[f'{UserMessage(x)}'], model='m')",
    ],
)
def test_odd_code_does_not_crash(body):
    source = CHAT + MODELS + "client = ChatCompletionsClient(e, c)\n" + body + "\n"
    run(source)  # strict mode: every snippet must parse


def test_shared_renderer_is_usable_from_other_rules():
    class Probe(Rule):
        code = "AOM199"
        symbol = "probe"
        category = Category.INFERENCE_SDK
        message = "{text}"
        node_types = (ast.Call,)

        def visit(self, node, ctx):
            rendering = render_calls.render_complete(node, ctx)
            if rendering is not None:
                ctx.report(self, node, text=rendering.model_source)

    source = CHAT + "c = ChatCompletionsClient(e, k)\nc.complete(messages=m)\nc.close()\n"
    findings = analyze_source(source, "x.py", rules=[Probe])
    assert [f.message for f in findings] == ["placeholder"]


def test_binary_request_bodies_are_decoded():
    source = CHAT + """\
import io
import json

def read(name) -> io.BytesIO:
    return io.BytesIO(open(name).read().encode())

client = ChatCompletionsClient(e, c)
client.complete(read("chat.json"))
with open("chat.json", "rb") as f:
    client.complete(f)
client.complete(b'{"messages": []}')
client.complete(data, content_type="application/json")
"""
    assert [f.snippet for f in found(source, "AOM103")] == [
        'client.chat.completions.create(**json.load(read("chat.json")))',
        "client.chat.completions.create(**json.load(f))",
        """client.chat.completions.create(**json.loads(b'{"messages": []}'))""",
        "client.chat.completions.create(**json.load(data))",
    ]
    assert all(f.replacement is not None for f in found(source, "AOM103"))


def test_response_mapping_access():
    source = CHAT + """\
async def f(client: ChatCompletionsClient):
    response = await client.complete(messages=m, model="x")
    text = response["choices"][0]["message"]["content"]
    role = response.choices[0]["message"].role
    raw = response.as_dict()
    usage = response.usage.as_dict()
    return response.created.isoformat()
"""
    hits = found(source, "AOM115")
    assert [f.snippet for f in hits] == [
        "response.choices[0].message.content",
        "response.choices[0].message",
        "response.model_dump()",
        "response.usage.model_dump()",
    ]
    assert hits[0].message == (
        '`response["choices"][0]["message"]["content"]` treats an Azure AI Inference result as a '
        "dict; OpenAI results are pydantic models: use attributes"
    )
    created = one(source, "AOM117")
    assert created.snippet == (
        "import datetime\n\n"
        "datetime.datetime.fromtimestamp(response.created, datetime.timezone.utc).isoformat()"
    )
    assert created.replacement.text == created.snippet.split("\n\n", 1)[1]
    assert created.fix.imports == ("import datetime",)


def test_class_body_constructor_defaults_are_not_visible_in_methods():
    source = CHAT + """\
class Bot:
    MODEL = "gpt-4o"
    client = ChatCompletionsClient(e, c, model=MODEL)

    def ask(self, m):
        return self.client.complete(messages=m)
"""
    finding = one(source, "AOM103")
    assert 'model="<deployment-name>"' in finding.snippet
    assert "; pass the client's model on this call too" in finding.message


def test_compact_form_elides_long_dict_values():
    from aoai_migrate.render import snippets

    long = '{"type": "function", "function": {"name": "f", "description": "' + "x" * 120 + '"}}'
    assert snippets.compact(long) == '{"type": "function", "function": {"name": "f", "description": ...}}'
    assert snippets.compact('{"role": "user", "content": q}') == '{"role": "user", "content": q}'
    # the user's own quotes survive, whatever ast.unparse prefers
    assert snippets.compact("f(a='x', b=\"it's\")") == "f(a='x', b=\"it's\")"


def test_model_extras_from_a_conditional_join_extra_body_as_a_valid_spread():
    """``model_extras=opts.extras if opts else None`` next to keywords that also travel in
    ``extra_body``: ``{**a if b else None, ...}`` does not parse, and ``**None`` raises, so the
    spread becomes ``**((...) or {})`` and the call runs with either value."""
    source = textwrap.dedent("""\
        from azure.ai.inference.aio import EmbeddingsClient

        class Embedder:
            def __init__(self, client: EmbeddingsClient, deployment: str):
                self.client = client
                self.deployment = deployment

            async def vectors(self, texts, opts=None):
                return await self.client.embed(
                    input=texts,
                    model=self.deployment,
                    model_extras=opts.extras if opts else None,
                    input_type=opts.input_type if opts else None,
                )
        """)
    finding = one(source, "AOM104")
    assert "**((opts.extras if opts else None) or {})" in finding.snippet
    call = ast.parse(textwrap.dedent(finding.snippet)).body[-1].value
    extra_body = next(k.value for k in call.keywords if k.arg == "extra_body")
    for opts in (None, type("Opts", (), {"extras": {"truncate": True}, "input_type": "query"})()):
        value = eval(compile(ast.Expression(extra_body), "<snippet>", "eval"), {"opts": opts})
        assert isinstance(value, dict)
