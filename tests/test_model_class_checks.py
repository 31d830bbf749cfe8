"""AOM122: class checks against the Inference model classes are always false once the values
are openai's. The snippets' checks are run against what the real openai returns from the stub
(a tool call) and against the dicts the migrated messages are."""

from __future__ import annotations

import openai
import pytest

from aoai_migrate.engine import analyze_source
from http_stub import AzureV1Stub

IMPORTS = "from azure.ai.inference.models import ChatCompletionsToolCall, UserMessage, ToolMessage\n"


def snippets(source: str, imports: str = IMPORTS) -> list[str]:
    return [f.snippet for f in analyze_source(imports + source, "m.py") if f.code == "AOM122"]


def test_the_tool_call_check_holds_on_what_openai_returns():
    (snippet,) = snippets("def f(tool_call):\n    return isinstance(tool_call, ChatCompletionsToolCall)\n")
    with AzureV1Stub() as stub:
        client = openai.OpenAI(base_url=stub.base_url, api_key="k")
        response = client.chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "weather?"}],
            tools=[{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}],
        )
    (tool_call,) = response.choices[0].message.tool_calls
    namespace = {"tool_call": tool_call}
    header, _, check = snippet.rpartition("\n")
    exec(header, namespace)
    assert eval(check, namespace) is True


@pytest.mark.parametrize(
    ("check", "message", "expected"),
    [
        ("isinstance(m, UserMessage)", {"role": "user", "content": "hi"}, True),
        ("isinstance(m, UserMessage)", {"role": "tool", "content": "x", "tool_call_id": "1"}, False),
        ("type(m) is not ToolMessage", {"role": "user", "content": "hi"}, True),
        ("m.__class__ == ToolMessage", {"role": "tool", "content": "x", "tool_call_id": "1"}, True),
    ],
)
def test_message_checks_test_the_dicts_role(check, message, expected):
    (snippet,) = snippets(f"def f(m):\n    return {check}\n")
    assert eval(snippet, {"m": message}) is expected


@pytest.mark.parametrize(
    "source",
    [
        # a client class is AOM119's
        "from azure.ai.inference import ChatCompletionsClient\ndef f(c):\n    return isinstance(c, ChatCompletionsClient)\n",
        # another library's class of the same name
        "from mylib.models import UserMessage as Mine\ndef f(m):\n    return isinstance(m, Mine)\n",
        # a local isinstance that is not the builtin
        "def isinstance(a, b):\n    return True\ndef f(m):\n    return isinstance(m, UserMessage)\n",
    ],
)
def test_no_finding(source):
    assert snippets(source) == []


def test_an_enum_check_becomes_a_string_check():
    (snippet,) = snippets(
        "def f(choice):\n    return isinstance(choice.finish_reason, CompletionsFinishReason)\n",
        "from azure.ai.inference.models import CompletionsFinishReason\n",
    )
    assert snippet == "isinstance(choice.finish_reason, str)"


def test_every_result_class_gets_its_openai_class():
    """The openai class comes from the counterpart table the imports and annotations use."""
    (snippet,) = snippets(
        "def f(choice):\n    return isinstance(choice, ChatChoice)\n", "from azure.ai.inference.models import ChatChoice\n"
    )
    assert snippet == "from openai.types.chat.chat_completion import Choice\n\nisinstance(choice, Choice)"


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        ("isinstance(m, ChatRequestMessage)", {"role": "developer", "content": "x"}, True),
        ("isinstance(m, ChatRequestMessage)", "text", False),
        ("type(m) is not ChatRequestMessage", {"role": "user", "content": "hi"}, False),
        ("isinstance(m, JsonSchemaFormat)", {"type": "json_schema", "json_schema": {"name": "a"}}, True),
        ("isinstance(m, JsonSchemaFormat)", {"type": "json_object"}, False),
        ("type(m) is not TextContentItem", {"type": "text", "text": "a"}, False),
    ],
)
def test_checks_of_the_base_message_and_typed_dicts_hold_on_the_dicts(check, value, expected):
    (snippet,) = snippets(
        f"def f(m):\n    return {check}\n",
        "from azure.ai.inference.models import ChatRequestMessage, JsonSchemaFormat, TextContentItem\n",
    )
    assert eval(snippet, {"m": value}) is expected
