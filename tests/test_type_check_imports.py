"""An Inference message class read only in run-time type checks (``isinstance(x,
ChatRequestMessage)``, a compatibility branch for callers that still pass SDK objects) has no
replacement: its OpenAI counterpart is a TypedDict, and ``isinstance()`` on a TypedDict raises
``TypeError``. The import snippet imports no TypedDict for it and the message says to test
``dict``; a name also read elsewhere keeps its counterpart with a warning."""

from __future__ import annotations

import importlib
import typing

import pytest

from aoai_migrate.engine import analyze_source
from aoai_migrate.render import counterparts


def _import_finding(code: str):
    (finding,) = [f for f in analyze_source(code, "m.py") if f.code == "AOM101"]
    return finding


@pytest.mark.parametrize("name", sorted(counterparts.MODELS))
def test_typed_dict_flag_matches_the_installed_openai(name):
    target = counterparts.MODELS[name]
    if target.module is None:
        assert not target.typed_dict
        return
    cls = getattr(importlib.import_module(target.module), target.name)
    try:
        isinstance({}, cls)
    except TypeError:
        refused = True  # a TypedDict, or a union of them
    else:
        refused = False
    assert target.typed_dict == refused, f"{name} -> {target.module}.{target.name}"


COMPAT = (
    "def to_dicts(messages):\n"
    "    if messages and not isinstance(messages[0], dict):\n"
    "        try:\n"
    "            from azure.ai.inference.models import ChatRequestMessage\n"
    "        except ImportError as ex:\n"
    "            raise RuntimeError('install azure-ai-inference') from ex\n"
    "        if isinstance(messages[0], ChatRequestMessage):\n"
    "            messages = [m.as_dict() for m in messages]\n"
    "    return messages\n"
)


def test_name_read_only_in_isinstance_gets_no_typed_dict():
    finding = _import_finding(COMPAT)
    assert "ChatCompletionMessageParam" not in finding.snippet.split("#")[0]
    assert "import" not in "".join(line for line in finding.snippet.splitlines() if not line.startswith("#"))
    assert "`ChatRequestMessage` is read only in run-time type checks and needs no replacement" in finding.message
    assert "isinstance(x, dict)" in finding.message
    # what the message advises works on what openai takes: plain dicts
    namespace: dict = {}
    exec(COMPAT.replace("ChatRequestMessage", "dict").replace(
        "            from azure.ai.inference.models import dict\n", "            pass\n"), namespace)
    assert namespace["to_dicts"]([{"role": "user", "content": "hi"}]) == [{"role": "user", "content": "hi"}]


def test_what_the_old_snippet_promised_would_raise():
    """The counterpart the table names is a TypedDict: the check the old snippet led to fails."""
    from openai.types.chat import ChatCompletionMessageParam, ChatCompletionUserMessageParam

    with pytest.raises(TypeError):
        isinstance({"role": "user", "content": "hi"}, ChatCompletionUserMessageParam)
    assert typing.get_origin(ChatCompletionMessageParam) is typing.Union


@pytest.mark.parametrize(
    "check",
    [
        "isinstance(m, (UserMessage, ChatRequestMessage))",
        "issubclass(type(m), ChatRequestMessage) and issubclass(type(m), UserMessage)",
        "type(m) is ChatRequestMessage or type(m) == UserMessage",
    ],
)
def test_every_type_check_shape(check):
    finding = _import_finding(
        "from azure.ai.inference.models import ChatRequestMessage, UserMessage\n"
        f"def f(m):\n    return {check}\n"
    )
    assert "`ChatRequestMessage`, `UserMessage` are read only in run-time type checks and need no" in finding.message
    assert "from openai" not in finding.snippet


def test_name_also_used_elsewhere_keeps_its_counterpart_with_a_warning():
    finding = _import_finding(
        "from azure.ai.inference.models import UserMessage\n"
        "def f(m, q):\n"
        "    if isinstance(m, UserMessage):\n"
        "        return m\n"
        "    return UserMessage(content=q)\n"
    )
    assert finding.snippet.startswith("from openai.types.chat import ChatCompletionUserMessageParam\n")
    assert "in isinstance() checks test dict instead" in finding.snippet
    assert "read only in run-time type checks" not in finding.message


def test_tricky_negatives():
    # a response class is a real class in openai: isinstance() works on it
    response = _import_finding(
        "from azure.ai.inference.models import ChatCompletions\n"
        "def f(r):\n    return isinstance(r, ChatCompletions)\n"
    )
    assert response.snippet.startswith("from openai.types.chat import ChatCompletion\n")
    assert "type checks" not in response.message
    # a message class used only to build messages: the TypedDict is imported as before
    built = _import_finding("from azure.ai.inference.models import UserMessage\nm = UserMessage(content='hi')\n")
    assert built.snippet.startswith("from openai.types.chat import ChatCompletionUserMessageParam\n")
    assert "isinstance" not in built.snippet and "type checks" not in built.message
    # the same name as an argument of isinstance() but as the object, not the class
    obj = _import_finding(
        "from azure.ai.inference.models import UserMessage\n"
        "def f():\n    return isinstance(UserMessage, type)\n"
    )
    assert obj.snippet.startswith("from openai.types.chat import ChatCompletionUserMessageParam\n")
    assert "type checks" not in obj.message


def test_the_oracle_catches_a_typed_dict_in_a_type_check():
    import dataclasses

    import snippet_oracle

    finding = _import_finding(COMPAT)
    assert snippet_oracle.problems(finding, COMPAT) == []
    old = dataclasses.replace(
        finding,
        snippet="from openai.types.chat import ChatCompletionMessageParam\n"
        "# ChatRequestMessage -> ChatCompletionMessageParam: the union of the message dicts\n",
    )
    assert [p.kind for p in snippet_oracle.problems(old, COMPAT)] == ["signature"]
    pasted = dataclasses.replace(
        finding,
        snippet="from openai.types.chat import ChatCompletionUserMessageParam\nok = isinstance(m, ChatCompletionUserMessageParam)\n",
    )
    assert any("refuses it" in p.detail for p in snippet_oracle.problems(pasted, COMPAT))


def test_a_response_tool_call_type_check_names_the_openai_response_class():
    """``isinstance(tool_call, ChatCompletionsToolCall)`` tests what a response holds: an openai
    ``ChatCompletionMessageFunctionToolCall`` object, which isinstance() takes (not "no replacement")."""
    from openai.types.chat import ChatCompletionMessageFunctionToolCall

    source = (
        "from azure.ai.inference.models import ChatCompletionsToolCall\n"
        "def calls(message):\n"
        "    return [c for c in message.tool_calls if type(c) is ChatCompletionsToolCall]\n"
    )
    finding = _import_finding(source)
    assert finding.snippet.startswith("from openai.types.chat import ChatCompletionMessageFunctionToolCall\n")
    assert "type checks" not in finding.message and "no replacement" not in finding.snippet
    namespace: dict = {}
    exec(finding.snippet, namespace)
    call = ChatCompletionMessageFunctionToolCall(id="c1", type="function", function={"name": "f", "arguments": "{}"})
    assert type(call) is namespace["ChatCompletionMessageFunctionToolCall"]
    import snippet_oracle

    assert snippet_oracle.problems(finding, source) == []
    mixed = _import_finding(
        "from azure.ai.inference.models import ChatCompletionsToolCall\n"
        "def f(c, x: ChatCompletionsToolCall):\n    return isinstance(c, ChatCompletionsToolCall)\n"
    )
    assert mixed.snippet.splitlines()[0] == (
        "from openai.types.chat import ChatCompletionMessageFunctionToolCall, ChatCompletionMessageFunctionToolCallParam"
    )
    assert "elsewhere ChatCompletionMessageFunctionToolCallParam" in mixed.snippet
