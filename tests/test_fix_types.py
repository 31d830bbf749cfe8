"""Migrated code that type-checks against the real ``openai`` package.

Converted message classes are plain dicts: a variable they are bound to gets the openai type
(``messages: list[ChatCompletionMessageParam] = [...]``), annotations naming Inference model
classes name their openai counterparts, and the tool calls of a response become the request
dicts an assistant message takes. The fast tests check the rendering; the slow one runs mypy
(when installed) over the fixed fixtures.
"""

from __future__ import annotations

import importlib.util
import pathlib
import shutil
import subprocess
import sys

import pytest

from fixing import fix_file

from conftest import run

HEAD = (
    "from azure.ai.inference import ChatCompletionsClient\n"
    "from azure.ai.inference.models import *\n"
)


@pytest.fixture
def fixed(tmp_path):
    def fix(body: str) -> str:
        path = tmp_path / "module.py"
        path.write_text(HEAD + body, encoding="utf-8")
        fix_file(path)
        return path.read_text(encoding="utf-8")

    return fix


def test_list_of_messages_bound_to_a_variable_is_annotated(fixed):
    out = fixed("messages = [SystemMessage('Be brief.'), UserMessage(q)]\n")
    assert "messages: list[ChatCompletionMessageParam] = [" in out
    assert "from openai.types.chat import ChatCompletionMessageParam" in out


def test_one_message_bound_to_a_variable_gets_its_param_type(fixed):
    out = fixed("m = UserMessage(content=q)\n")
    assert 'm: ChatCompletionUserMessageParam = {"role": "user", "content": q}' in out


def test_empty_list_appended_to_is_annotated_where_it_is_bound(fixed):
    out = fixed("def f(q):\n    log = []\n    log.append(UserMessage(q))\n    return log\n")
    assert "    log: list[ChatCompletionMessageParam] = []\n" in out


def test_self_attribute_list_is_annotated(fixed):
    out = fixed("class Bot:\n    def __init__(self):\n        self.history = [SystemMessage('x')]\n")
    assert "self.history: list[ChatCompletionMessageParam] = [" in out


def test_tool_definition_variable_gets_the_tool_param_type(fixed):
    out = fixed("tool = ChatCompletionsToolDefinition(function=FunctionDefinition(name='f', parameters={}))\n")
    assert "tool: ChatCompletionToolParam = {" in out


@pytest.mark.parametrize("body", [
    # an item the migration cannot type
    "messages = [SystemMessage('x'), previous]\n",
    # a parameter: its annotation is the caller's business
    "def f(messages):\n    messages.append(UserMessage('x'))\n",
    # already annotated
    "messages: list = []\nmessages.append(UserMessage('x'))\n",
    # bound twice, once from elsewhere
    "def f(old):\n    messages = []\n    messages = old\n    messages.append(UserMessage('x'))\n",
    # unpacked
    "a, b = [UserMessage('x')], []\n",
])
def test_no_annotation_where_the_migration_cannot_vouch_for_it(body, fixed):
    out = fixed(body)
    assert "list[ChatCompletionMessageParam]" not in out
    assert "ChatCompletionUserMessageParam =" not in out


def test_annotations_naming_message_classes_become_param_types(fixed):
    out = fixed(
        "from typing import Union\n"
        "Message = Union[SystemMessage, UserMessage]\n"
        "def ask(q: str) -> UserMessage:\n    return UserMessage(content=q)\n"
        "def send(client: ChatCompletionsClient, messages: list[ChatRequestMessage]) -> ChatCompletions:\n"
        "    return client.complete(messages=messages, model='m')\n"
    )
    assert "Message = Union[ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam]" in out
    assert "def ask(q: str) -> ChatCompletionUserMessageParam:" in out
    assert "messages: list[ChatCompletionMessageParam]) -> ChatCompletion:" in out
    assert "UserMessage]" not in out and "ChatRequestMessage" not in out


def test_results_and_choices_get_openai_models(fixed):
    out = fixed(
        "def first(c: ChatChoice, u: StreamingChatChoiceUpdate, s: StreamingChatCompletions) -> None:\n    ...\n"
    )
    assert "c: chat_completion.Choice, u: chat_completion_chunk.Choice, s: Stream[ChatCompletionChunk]" in out
    assert "from openai.types.chat import ChatCompletionChunk, chat_completion, chat_completion_chunk" in out


def test_tool_call_of_a_response_is_left_for_a_person():
    source = HEAD + "def names(calls: list[ChatCompletionsToolCall]) -> list[str]:\n    return [c.function.name for c in calls]\n"
    (finding,) = [f for f in run(source) if f.code == "AOM110"]
    assert finding.fix is None
    assert "narrow each with `tool_call.type == \"function\"`" in finding.message


def test_tool_call_built_by_the_code_becomes_the_param_type(fixed):
    out = fixed(
        "def call(name: str) -> ChatCompletionsToolCall:\n"
        "    return {'id': '1', 'type': 'function', 'function': {'name': name, 'arguments': '{}'}}\n"
    )
    assert "-> ChatCompletionMessageFunctionToolCallParam:" in out


def test_assistant_message_with_response_tool_calls_builds_request_dicts(fixed):
    out = fixed("m = AssistantMessage(tool_calls=response.choices[0].message.tool_calls)\n")
    assert (
        '"tool_calls": [{"id": tool_call.id, "type": "function", "function": {"name": tool_call.function.name, '
        '"arguments": tool_call.function.arguments}} for tool_call in response.choices[0].message.tool_calls or [] '
        'if tool_call.type == "function"]'
    ) in out


def test_snippet_shows_the_annotation_the_fix_adds():
    (finding,) = [f for f in run(HEAD + "m = UserMessage(q)\n") if f.code == "AOM105"]
    assert finding.snippet.endswith(
        "# where it is bound: m: ChatCompletionUserMessageParam  "
        "(from openai.types.chat import ChatCompletionUserMessageParam)"
    )
    assert any(e.text == ": ChatCompletionUserMessageParam" for e in finding.fix.edits)


TYPED_FIXTURES = (
    "typed_messages", "message_and_tool_classes", "message_type_check", "auth_either_kind_declared",
    "endpoint_may_be_none", "request_body_literal", "base_message_class",
)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (test extra)")
@pytest.mark.parametrize("case", TYPED_FIXTURES)
def test_fixed_fixture_type_checks_with_mypy(case, tmp_path):
    source = pathlib.Path(__file__).resolve().parent / "fix_fixtures" / case / "after.py"
    shutil.copy(source, tmp_path / f"{case}.py")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--check-untyped-defs", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(tmp_path / ".mypy_cache"), f"{case}.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_binding_is_annotated_once(fixed):
    out = fixed(
        "def f():\n"
        "    messages = [UserMessage('a')]\n"
        "    messages = [UserMessage('b'), SystemMessage('c')]\n"
        "    m = UserMessage('a')\n"
        "    m = UserMessage('b')\n"
    )
    assert out.count("messages: list[ChatCompletionMessageParam]") == 1
    assert out.count("m: ChatCompletionUserMessageParam") == 1


def test_messages_openai_would_reject_get_no_annotation(fixed):
    out = fixed("messages = [ToolMessage('result')]\nm = AssistantMessage(**fields)\n")
    assert "ChatCompletionMessageParam" not in out
    assert "ChatCompletionAssistantMessageParam" not in out


def test_object_read_by_attribute_later_is_left_for_a_person(fixed):
    source = HEAD + "url = ImageUrl(url=u, detail='auto')\nprint(url.detail)\n"
    (finding,) = [f for f in run(source) if f.code == "AOM106"]
    assert not finding.fix.applies
    assert "`url.detail` read later: a dict has no attributes" in finding.message
    assert "ImageUrl(url=u" in fixed("url = ImageUrl(url=u, detail='auto')\nprint(url.detail)\n")


def test_model_that_may_be_none_gets_the_placeholder_after_it(fixed):
    out = fixed(
        "import os\n"
        "def f(client: ChatCompletionsClient, m):\n"
        "    deployment = os.environ.get('DEPLOYMENT')\n"
        "    return client.complete(messages=m, model=deployment)\n"
    )
    assert 'model=deployment or "<deployment-name>"' in out
    left = [f.code for f in run(out)]
    assert "AOM505" in left


def test_optional_model_field_gets_the_placeholder_after_it(fixed):
    out = fixed(
        "from typing import Optional\n"
        "class Chat:\n"
        "    model_name: Optional[str] = None\n"
        "    def ask(self, client: ChatCompletionsClient, m):\n"
        "        return client.complete(messages=m, model=self.model_name)\n"
    )
    assert 'model=self.model_name or "<deployment-name>"' in out


@pytest.mark.parametrize("body, reason", [
    ("tool = ChatCompletionsToolDefinition(function=FunctionDefinition(**spec))\n",
     "`**spec` has keys no type checker knows"),
    ("m = AssistantMessage(content=text, tool_calls=calls if calls else None)\n",
     "`tool_calls` may be None"),
    # the base class around a mapping, or given a role only known at run time
    ("m = ChatRequestMessage(record)\n", "`record` has keys no type checker knows"),
    ("m = ChatRequestMessage(role=role, content=q)\n", "its role is not a literal"),
])
def test_dicts_openai_cannot_type_are_left_for_a_person(body, reason, fixed):
    (finding,) = [f for f in run(HEAD + body) if f.code in ("AOM105", "AOM106")]
    assert not finding.fix.applies
    assert reason in finding.message and "(no automatic fix)" in finding.message
    assert fixed(body).endswith(body)


def test_assistant_content_may_be_none(fixed):
    out = fixed("m = AssistantMessage(content=text if text else None)\n")
    assert 'm: ChatCompletionAssistantMessageParam = {"role": "assistant", "content": text if text else None}' in out


def test_request_body_in_a_variable_is_left_for_a_person():
    source = HEAD + "def f(client: ChatCompletionsClient, body: dict):\n    return client.complete(body)\n"
    (finding,) = [f for f in run(source) if f.code == "AOM103"]
    assert finding.snippet and "**body" in finding.snippet
    assert not finding.fix.applies
    assert "type the dict (no automatic fix)" in finding.message


def test_as_dict_on_a_result_built_from_the_inference_class_is_left_for_a_person():
    source = HEAD + "r = ChatCompletions({'choices': []})\nd = r.as_dict()\n"
    (finding,) = [f for f in run(source) if f.code == "AOM115"]
    assert not finding.fix.applies
    assert "built from the Inference class" in finding.message


def test_sync_token_provider_of_an_async_client_runs_in_a_thread(tmp_path):
    import asyncio
    import importlib.util as util

    path = tmp_path / "provider_module.py"
    path.write_text(
        "from openai import AsyncAzureOpenAI\n\n"
        "def get_token() -> str:\n    return 'token-1'\n\n"
        "client = AsyncAzureOpenAI(azure_endpoint='https://x.openai.azure.com', "
        "azure_ad_token_provider=get_token, api_version='2024-10-21')\n",
        encoding="utf-8",
    )
    fix_file(path)
    out = path.read_text(encoding="utf-8")
    assert "api_key=lambda: asyncio.to_thread(get_token)," in out
    assert "import asyncio\n" in out
    spec = util.spec_from_file_location("provider_module", path)
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # AsyncOpenAI awaits what its provider returns (a bare sync provider raised TypeError)
    assert asyncio.run(module.client._refresh_api_key()) == "token-1"


_ASYNC_CLIENT = (
    "from openai import AsyncAzureOpenAI\n"
    "{provider_def}\n"
    "def make(provider{annotation}):\n"
    "    return AsyncAzureOpenAI(azure_endpoint='https://x.openai.azure.com', "
    "azure_ad_token_provider={argument}, api_version='2024-10-21')\n"
)


@pytest.mark.parametrize(
    "annotation",
    ["", ": Callable[[], str | Awaitable[str]]"],
    ids=["parameter", "either-annotation"],
)
def test_token_provider_of_unknown_kind_of_an_async_client_is_left_for_a_person(tmp_path, annotation):
    """AsyncOpenAI awaits what api_key returns: `provider` breaks a sync provider,
    `lambda: asyncio.to_thread(provider)` an async one, so nothing is applied."""
    source = _ASYNC_CLIENT.format(
        provider_def="from typing import Awaitable, Callable\n", annotation=annotation, argument="provider"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert "AsyncOpenAI(" in finding.snippet and "api_key=provider" in finding.snippet
    assert finding.fix is not None and finding.fix.applicability.value == "display-only"
    assert not finding.fix.applies and not finding.fix.allowed(unsafe=True)
    assert "may be a sync or an async provider" in finding.message
    assert "lambda: asyncio.to_thread(provider)" in finding.message
    path = tmp_path / "unknown_provider.py"
    path.write_text(source, encoding="utf-8")
    fix_file(path, unsafe=True)
    assert "AsyncAzureOpenAI(azure_endpoint=" in path.read_text(encoding="utf-8")  # no edit on that line


def test_async_token_provider_of_an_async_client_is_passed_as_is(tmp_path):
    import asyncio

    path = tmp_path / "async_provider_module.py"
    path.write_text(
        "from openai import AsyncAzureOpenAI\n\n"
        "async def get_token() -> str:\n    return 'token-2'\n\n"
        "client = AsyncAzureOpenAI(azure_endpoint='https://x.openai.azure.com', "
        "azure_ad_token_provider=get_token, api_version='2024-10-21')\n",
        encoding="utf-8",
    )
    fix_file(path)
    out = path.read_text(encoding="utf-8")
    assert "api_key=get_token)" in out and "to_thread" not in out and "AsyncAzureOpenAI" not in out
    spec = importlib.util.spec_from_file_location("async_provider_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert asyncio.run(module.client._refresh_api_key()) == "token-2"


def test_with_options_of_an_async_client_with_a_provider_of_unknown_kind_is_left_for_a_person():
    source = (
        "from openai import AsyncAzureOpenAI\n"
        "def make(client: AsyncAzureOpenAI, provider):\n"
        "    return client.with_options(azure_ad_token_provider=provider, timeout=5)\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM205"]
    assert "client.with_options(api_key=provider, timeout=5)" in finding.snippet
    assert not finding.fix.applies


_JOINED = (
    "from typing import Optional\n"
    "from openai import AsyncAzureOpenAI\n"
    "{head}"
    "def build(key: Optional[str]{params}):\n"
    "    return AsyncAzureOpenAI(azure_endpoint='https://x.openai.azure.com', api_key=key, api_version='2024-10-21',\n"
    "                            azure_ad_token_provider={provider} if not key else None)\n"
)
_DECLARED = (
    "def factory(){returns}:\n"
    "    async def provide() -> str:\n"
    "        return 't'\n"
    "    return provide\n"
)


@pytest.mark.parametrize("head, params, provider, declared", [
    # the factory's return type is openai's either-kind alias, though it returns an async function
    ("from openai.lib.azure import AsyncAzureADTokenProvider\n" + _DECLARED.format(returns=" -> AsyncAzureADTokenProvider"),
     "", "factory()", "AsyncAzureADTokenProvider"),
    ("from typing import Awaitable, Callable, Union\n"
     + _DECLARED.format(returns=' -> "Callable[[], Union[str, Awaitable[str]]]"'),
     "", "factory()", "Callable[[], Union[str, Awaitable[str]]]"),
    # a parameter of either kind, joined with the key
    ("from typing import Awaitable, Callable\n", ", provider: Callable[[], str | Awaitable[str]] = None", "provider", None),
], ids=["alias-return", "union-return", "parameter"])
def test_either_kind_provider_joined_with_a_key_is_left_for_a_person(head, params, provider, declared):
    source = _JOINED.format(head=head, params=params, provider=provider)
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert f"api_key=key or {provider}" in finding.snippet
    assert not finding.fix.applies and not finding.fix.allowed(unsafe=True)
    assert "api_key= gets the first one set of `api_key`, then `azure_ad_token_provider` (the code passes a token only without a key" in finding.message
    assert "(no automatic fix)" in finding.message
    if declared:
        assert f"is declared `{declared}`, a sync or an async provider" in finding.message


def test_async_declared_provider_joined_with_a_key_is_fixed():
    source = _JOINED.format(
        head="from typing import Awaitable, Callable\n" + _DECLARED.format(returns=" -> Callable[[], Awaitable[str]]"),
        params="", provider="factory()",
    )
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert finding.fix.allowed(unsafe=True) and "no automatic fix" not in finding.message


@pytest.mark.parametrize("body, endpoint", [
    ("cfg = {'endpoint': os.environ.get('E')}\ndef f():\n    e = cfg['endpoint']\n    return {client}(e)\n", "e"),
    ("def f(e: Optional[str]):\n    return {client}(e)\n", "e"),
    ("def f(e: 'str | None' = None):\n    return {client}(e)\n", "e"),
    ("def f(cfg: dict):\n    return {client}(cfg.get('endpoint'))\n", "cfg.get('endpoint')"),
], ids=["dict-entry", "optional-parameter", "string-annotation", "get"])
def test_endpoint_that_may_be_none_keeps_the_environment_fallback(body, endpoint, fixed):
    client = "AzureOpenAI(api_key='k', api_version='2024-10-21', azure_endpoint="
    source = "import os\nfrom typing import Optional\nfrom openai import AzureOpenAI\n" + body.replace("{client}(", client)
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert f'({endpoint} or os.environ["AZURE_OPENAI_ENDPOINT"]).rstrip' in finding.snippet
    assert "AZURE_OPENAI_ENDPOINT, which AzureOpenAI then read, stays the fallback" in finding.message
    assert finding.fix.allowed(unsafe=True)


@pytest.mark.parametrize("body", [
    "def f(e: str):\n    return AzureOpenAI(azure_endpoint=e, api_key='k', api_version='2024-10-21')\n",
    # a parameter named like a module setting that may be None: the parameter wins
    "E = os.environ.get('E')\ndef f(E: str):\n    return AzureOpenAI(azure_endpoint=E, api_key='k', api_version='2024-10-21')\n",
], ids=["str-parameter", "shadowing-parameter"])
def test_endpoint_that_cannot_be_none_is_kept_as_it_is(body):
    source = "import os\nfrom openai import AzureOpenAI\n" + body
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert "AZURE_OPENAI_ENDPOINT" not in finding.snippet


def test_endpoint_read_from_the_same_variable_reads_it_where_azure_openai_did():
    source = "import os\nfrom openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=os.getenv('AZURE_OPENAI_ENDPOINT'), api_key='k', api_version='v')\n"
    (finding,) = [f for f in run(source) if f.code == "AOM301"]
    assert 'base_url=f\'{os.environ["AZURE_OPENAI_ENDPOINT"].rstrip("/")}/openai/v1/\'' in finding.snippet


_TEMPLATE = (
    "from azure.ai.inference.prompts import PromptTemplate\n"
    "t = PromptTemplate.from_prompty(file_path='chat.prompty')\n"
    "def ask(client: ChatCompletionsClient, q):\n"
)


def test_prompt_template_messages_leave_the_call_for_a_person():
    source = HEAD + _TEMPLATE + "    m = t.create_messages(input=q)\n    return client.complete(messages=m, model='gpt-4o')\n"
    (finding,) = [f for f in run(source) if f.code == "AOM103"]
    assert "messages=m" in finding.snippet
    assert not finding.fix.applies and not finding.fix.allowed(unsafe=True)
    assert "`PromptTemplate.create_messages()` returned, `list[dict[str, Any]]`" in finding.message
    assert "(no automatic fix)" in finding.message


def test_prompt_template_model_name_gets_the_placeholder_after_it(fixed):
    out = fixed(_TEMPLATE + "    return client.complete(messages=[UserMessage(q)], model=t.model_name)\n")
    assert 'model=t.model_name or "<deployment-name>"' in out


def test_messages_not_from_a_template_are_fixed():
    source = HEAD + "def ask(client: ChatCompletionsClient, m, make):\n    return client.complete(messages=make(m), model='x')\n"
    (finding,) = [f for f in run(source) if f.code == "AOM103"]
    assert finding.fix.applies


@pytest.mark.parametrize("arguments", ["{'city': 'Paris'}", "args", "dict(city='Paris')"])
def test_function_call_arguments_that_are_no_string_are_left_for_a_person(arguments):
    source = HEAD + (
        "def ask(client: ChatCompletionsClient):\n"
        "    args = {'city': 'Paris'}\n"
        "    call = ChatCompletionsToolCall(id='1', function=FunctionCall(name='weather', arguments=" + arguments + "))\n"
        "    return client.complete(model='m', messages=[AssistantMessage(tool_calls=[call])])\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM106" and "ChatCompletionsToolCall" in f.message]
    assert not finding.fix.applies
    assert "`arguments` is not a string" in finding.message and "(no automatic fix)" in finding.message


def test_function_call_arguments_inside_a_call_leave_the_call_for_a_person():
    source = HEAD + (
        "def ask(client: ChatCompletionsClient):\n"
        "    return client.complete(model='m', messages=[AssistantMessage(tool_calls=[ChatCompletionsToolCall(\n"
        "        id='1', function=FunctionCall({'name': 'weather', 'arguments': {'city': 'Paris'}}))])])\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM103"]
    assert not finding.fix.applies
    assert "`arguments` is not a string" in finding.message


@pytest.mark.parametrize("arguments", ["'{\"city\": \"Paris\"}'", "json.dumps({'city': 'Paris'})", "text"])
def test_function_call_arguments_that_may_be_a_string_are_fixed(arguments):
    source = HEAD + (
        "import json\n"
        "def ask(text):\n"
        "    return FunctionCall(name='weather', arguments=" + arguments + ")\n"
    )
    (finding,) = [f for f in run(source) if f.code == "AOM106"]
    assert finding.fix.applies


def test_inference_sent_a_dict_of_arguments_as_a_json_object():
    """Why the fix does not json.dumps() a dict: the Inference class sent it as an object, a
    string would change the request."""
    from azure.ai.inference.models import FunctionCall

    call = FunctionCall(name="weather", arguments={"city": "Paris"})  # type: ignore[call-overload]
    assert call.as_dict()["arguments"] == {"city": "Paris"}


def test_call_left_for_a_person_is_still_reported_on_the_migrated_client(tmp_path):
    """The client's fix applies, the call's is display-only: after the fix the call is an
    Inference call on an OpenAI client (which has no complete()), still reported and still shown."""
    path = tmp_path / "left.py"
    path.write_text(
        HEAD + _TEMPLATE.replace("def ask(client: ChatCompletionsClient, q):\n", "")
        + "client = ChatCompletionsClient(endpoint='https://r.services.ai.azure.com/models', credential=cred)\n"
        "def ask(q):\n    m = t.create_messages(input=q)\n    return client.complete(messages=m, model='gpt-4o')\n",
        encoding="utf-8",
    )
    fix_file(path, unsafe=True)
    out = path.read_text(encoding="utf-8")
    assert "client = OpenAI(" in out and "client.complete(messages=m" in out
    (finding,) = [f for f in run(out) if f.code == "AOM103"]
    assert not finding.fix.applies and "create_messages()" in finding.message
    assert "client.chat.completions.create(" in finding.snippet


def test_chat_completions_create_on_an_openai_client_is_not_a_leftover():
    source = HEAD + "from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model='m', messages=[])\n"
    assert not [f for f in run(source) if f.code in ("AOM103", "AOM104")]
